/* names.h - are two spellings of a person's name variants of one another?
 *
 * News spells one person many ways across transliterations ("Thabet al-Abbasi",
 * "Thabit Al Abbasi", "Thabit Muhammad al-Abassi", "Abbasi"). Rather than list
 * every variant in the dictionaries, the matcher compares names token by token
 * on a transliteration-folded form: diacritics and case dropped, titles and
 * honorifics dropped, the Arabic article ("al-", "el-") and nobiliary particles
 * dropped, doubled letters collapsed, digraphs folded (kh, sh, ch, th, dh, gh,
 * ph), and a weighted edit distance in which close vowels (a/e, e/i, o/u) and
 * close consonants (q/k/g, v/w, t/d, s/z) cost little; short names must agree but for
 * the qaf (Qais/Kais) and a first o/u (Omar/Umar), and the vowel of a closing syllable
 * may be u or e (Yusuf/Youssef). English short forms of given names ("Joe", "Bill",
 * "Mike") are read as the full name; letters after a name ("MP", "QC") are dropped.
 *
 * The shorter name must be an ordered subsequence of the longer one with the
 * same family name (last token): middle names may be absent, given names may
 * be reduced to an initial, and a single family name matches the full name
 * unless that family name is a patronymic ("Salman" is not "Mohammed bin Salman").
 * A missing first given name is not read: the next name is often the father's
 * ("Nawaz Sharif" is not "Maryam Nawaz Sharif").
 *
 * All functions are pure: no allocation that outlives the call, no global
 * mutable state; safe from any number of threads. */
#ifndef KH_NAMES_H
#define KH_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* 1 when a and b are spellings of the same name, 0 otherwise (also on NULL). */
int kh_names_match(const char *a, const char *b);

/* Similarity in [0,1]: 0 when the names do not match, otherwise
 * 1 - (weighted edit cost / folded length); 1.0 for identical folded forms. */
double kh_names_score(const char *a, const char *b);

/* Writes a blocking key for hashing into out (always NUL-terminated when n > 0):
 * the folded consonant skeleton of the family name. Two names that match have
 * the same key, so a table keyed by it finds every candidate variant.
 * Returns the key's length (0 when the name has no letters). */
size_t kh_names_key(const char *name, char *out, size_t n);

/* ---- prepared names ----------------------------------------------------------------
 *
 * Folding a name (UTF-8 to letters, titles and particles dropped, sound units) costs
 * far more than comparing two folded names. A caller that compares one name with many
 * (the dictionary engine: a run of words against every phrase under its key) folds
 * each once with kh_names_prepare and compares the prepared forms; the results are
 * those of kh_names_score and kh_names_key on the strings. A kh_name_prep is a plain
 * value (no pointers): it may be copied, stored in an arena and read by any thread. */

enum {
    KH_NAME_TOKS = 16,     /* tokens kept from one name */
    KH_NAME_UNITS = 128,   /* bytes of sound units (each token's NUL-terminated) */
    KH_NAME_KEY = 32       /* bytes of the blocking key */
};

enum { KH_NAME_INITIAL = 1, KH_NAME_PATRONYM = 2, KH_NAME_MOHAMMAD = 4 };

typedef struct kh_name_tok {
    uint8_t off, len;      /* its sound units: units + off, len bytes */
    char first;            /* first folded letter (an initial compares by it) */
    uint8_t flags;         /* KH_NAME_INITIAL, KH_NAME_PATRONYM, KH_NAME_MOHAMMAD (token 0) */
} kh_name_tok;

typedef struct kh_name_prep {
    uint8_t n;             /* tokens; 0 when the name has no letters */
    uint8_t house;         /* the last token is a house name ("Al Thani") */
    char suffix[6];        /* generational or regnal suffix: "jr", "iii" */
    char key[KH_NAME_KEY]; /* what kh_names_key writes */
    kh_name_tok t[KH_NAME_TOKS];
    char units[KH_NAME_UNITS];
} kh_name_prep;

/* Folds name into *out. Returns out->n (0 for NULL, invalid UTF-8 or no letters). */
int kh_names_prepare(const char *name, kh_name_prep *out);

/* kh_names_score of the two names a and b were prepared from. */
double kh_names_score_prepared(const kh_name_prep *a, const kh_name_prep *b);

/* 1 when the name reads as one name token once titles are dropped ("Abbasi", "King
 * Salman", "Sheikh Hasina"): such a name matches every full name with that family name
 * (as a full name never does "Xqzv NAME"), too weak to pick one person out of many. */
int kh_names_prep_single(const kh_name_prep *p);

#endif
