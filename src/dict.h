/* dict.h - the dictionary engine: actors, agents, verbs, discards, issues.
 *
 * One kh_dict holds every kind of entry, loaded from our own format (data/dict/NAME.dict,
 * docs/DICTIONARIES.md) or from PETRARCH and TABARI files as users have them. It is
 * built by one thread (kh_dict_new, kh_dict_load..., kh_dict_finish) and is read-only
 * afterwards: any number of threads may then call the matching functions at once.
 *
 * Words. Every phrase of the dictionary is split into words (at spaces and '_'; "'s" and
 * "n't" are split off as the tokenizer does: "Iraq's" -> "Iraq" "'s", "didn't" -> "did"
 * "n't"), lower-cased
 * (Unicode case folding) and interned: a word is a small integer id (0 = a word the
 * dictionary does not know). Before matching, the caller prepares a sentence once with
 * kh_dict_prepare(), which maps each token's form and lemma to ids; every matcher then
 * compares integers. A dictionary word matches a token when it equals the token's
 * form id or its lemma id.
 *
 * Spans are 0-based word indexes [start, end) into the sentence (kh_sentence word i is
 * CoNLL-U ID i+1). Dates are integers YYYYMMDD (20221027); 0 = unknown.
 *
 * Typical use by the coder:
 *
 *     kh_dict_sent ds;
 *     kh_dict_prepare(dict, sent, arena, &ds);
 *     if (kh_dict_discard(dict, &ds, NULL) != KH_DISCARD_NONE) skip the sentence;
 *     kh_actor_match *am; int na = kh_dict_find_actors(dict, &ds, date, arena, &am);
 *     for each predicate word i:
 *         kh_verb_match vm;
 *         if (kh_dict_match_verb(dict, &ds, i, &vm))
 *             for each pattern p of vm.verb->block: try p against the tree around i,
 *             using kh_dict_word_match / kh_dict_synset_match for literal elements;
 *             the first (longest) pattern that fits gives the code, else vm.verb's code.
 */
#ifndef KH_DICT_H
#define KH_DICT_H

#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"

typedef struct kh_dict kh_dict;

/* ---- dates ------------------------------------------------------------------------ */

#define KH_DATE_MIN 0          /* open start of a range */
#define KH_DATE_MAX 99991231   /* open end of a range */

/* Parses "YYYY", "YYYY-MM", "YYYY-MM-DD", "YYYYMMDD" or PETRARCH's "YYMMDD" (YY < 30 is
 * 20YY, else 19YY) into YYYYMMDD. A partial date is the first day of its period, or the
 * last when `end` is nonzero ("2022" -> 20220101 / 20221231). Returns -1 when malformed. */
int32_t kh_dict_date(const char *s, int end);

/* ---- entries (read-only after load; pointers stay valid until kh_dict_free) -------- */

/* A code with the dates it holds. An undated code (ranged == 0) is the default: it is
 * used when none of the entry's ranged codes holds on the date. */
typedef struct kh_dict_code {
    const char *code;        /* actor code, e.g. "IRQGOVMIL" */
    int32_t from, to;        /* inclusive, YYYYMMDD; KH_DATE_MIN / KH_DATE_MAX when open */
    uint8_t ranged;          /* 0: undated (default) code */
} kh_dict_code;

typedef enum kh_actor_type {
    KH_ACTOR_UNSPEC = 0, KH_ACTOR_COUNTRY, KH_ACTOR_ORG, KH_ACTOR_GROUP, KH_ACTOR_PERSON,
    KH_ACTOR_METONYM, KH_ACTOR_CITY, KH_ACTOR_REGION
} kh_actor_type;

typedef struct kh_actor_entry {
    const char *name;            /* canonical name: the first phrase as written ("Iraq", "AFGHANISTAN") */
    const char *entity;          /* entity id: id= attribute, else the name lower-cased, spaces to '_' */
    const char *const *phrases;  /* every phrase (name first), words joined by single spaces */
    int32_t nphrases;
    const kh_dict_code *codes;   /* in file order */
    int32_t ncodes;
    kh_actor_type type;          /* type= attribute (KH_ACTOR_UNSPEC for PETRARCH/TABARI) */
    const char *country;         /* country= attribute, or NULL */
    const char *role;            /* role= attribute, or NULL */
    const char *attrs;           /* all attributes as written ("type=person country=IRQ"), or NULL */
    const char *file;            /* where it was defined */
    long line;
    uint8_t case_exact;          /* 1: case=exact, its phrases match only tokens of the same case */
} kh_actor_entry;

/* The entry's code on `date` (YYYYMMDD): the first ranged code whose range holds the
 * date; else the first undated code; else, when date is 0 (unknown), the ranged code
 * with the latest end; else NULL (the entry has no code on that date). */
const char *kh_actor_code_on(const kh_actor_entry *e, int32_t date);

typedef struct kh_agent_entry {
    const char *name;            /* first phrase as written */
    const char *const *phrases;  /* every phrase incl. generated plurals and macro expansions */
    int32_t nphrases;
    const char *code;            /* role part only: "GOV", "GOVMIL", "COP" */
    uint8_t prefix;              /* 1: goes before the actor code (PETRARCH "[NGO~]") */
    const char *file;
    long line;
    uint8_t case_exact;          /* 1: case=exact (see kh_actor_entry) */
    uint8_t written_forms;       /* 1: inflect=none, only its phrases as written match, not
                                    other forms of their words (PETRARCH "POLICE {}": no plural) */
} kh_agent_entry;

/* Synset: &NAME with member phrases (PETRARCH generates plurals of members). */
typedef struct kh_synset {
    const char *name;            /* "&WEAPON" */
    const char *const *members;  /* words joined by single spaces, lower case */
    int32_t nmembers;
    const char *file;
    long line;
    const uint8_t *generated;    /* generated[i] = 1: member i is a generated plural, not written */
    int32_t index;               /* its place in its dictionary's synset list */
} kh_synset;

/* One element of a verb pattern. */
typedef enum kh_pe_kind {
    KH_PE_VERB = 1,   /* '*': the verb (or event noun) itself */
    KH_PE_SOURCE,     /* '$': the source actor */
    KH_PE_TARGET,     /* '+': the target actor */
    KH_PE_BOTH,       /* '%': an actor that is both source and target ("X and Y met") */
    KH_PE_WORD,       /* a literal word (matches form or lemma) */
    KH_PE_SYNSET,     /* '&NAME': any member phrase of the synset */
    KH_PE_SKIP        /* '^': TABARI/PETRARCH skip marker (an actor or phrase there is not coded) */
} kh_pe_kind;

/* Flags of a pattern element. */
#define KH_PE_NEXT  0x01  /* must immediately follow the previous element ('_' in TABARI/PETRARCH) */
#define KH_PE_NP    0x02  /* inside a PETRARCH braced noun phrase {FINANCIAL AID} */
#define KH_PE_HEAD  0x04  /* the head (last word) of a braced noun phrase */
#define KH_PE_PP    0x08  /* inside a PETRARCH prepositional phrase (FOR AID) */
#define KH_PE_PREP  0x10  /* the preposition that opens a prepositional phrase */
#define KH_PE_STEM  0x20  /* TABARI open word (no '_' after it): matches a token that begins with
                             it ("REVOLUTION" matches "revolutionary"), or its form or lemma */
#define KH_PE_EXACT 0x40  /* TABARI closed word ("RESOLUTION_"): matches the token's form only */
#define KH_PE_CLOSED 0x80 /* written with '_' after it (set by the parser; the TABARI loader
                             turns it into KH_PE_EXACT, and an open word into KH_PE_STEM) */

typedef struct kh_pat_elem {
    uint8_t kind;                /* kh_pe_kind */
    uint8_t flags;               /* KH_PE_* */
    int16_t group;               /* elements of one {..} or (..) share a group number > 0; 0: none */
    uint32_t word;               /* KH_PE_WORD: the word id */
    const char *text;            /* the element as written, lower case ("with", "&weapon", "+") */
    const kh_synset *synset;     /* KH_PE_SYNSET */
} kh_pat_elem;

/* Special values of an event code field. */
enum kh_code_special {
    KH_CODE_EVENT = 0,    /* an event code (code != NULL) */
    KH_CODE_NONE,         /* "[---]": no event */
    KH_CODE_DISCARD,      /* "[###]" (TABARI): discard the sentence */
    KH_CODE_COMPLEX       /* "[+++]" (TABARI): mark the sentence complex, do not code */
};

/* TABARI code suffixes: "[111!]" dominant (only dominant events of the sentence are coded),
 * "[023?]" subordinate (coded only when the sentence has no other event). */
enum kh_code_rank { KH_RANK_NORMAL = 0, KH_RANK_DOMINANT, KH_RANK_SUBORDINATE };

typedef struct kh_pattern {
    const kh_pat_elem *elems;
    int32_t nelems;
    int32_t verb_at;             /* index of the KH_PE_VERB element; -1 when the pattern has none */
    const char *code;            /* "0312"; NULL unless special == KH_CODE_EVENT */
    const char *code2;           /* paired code [042:043]: from the target to the source; else NULL.
                                    PETRARCH "[:173]" gives special KH_CODE_NONE with code2 set */
    uint8_t special;             /* enum kh_code_special */
    const char *text;            /* the pattern as written (for the event's "pattern" field) */
    const char *note;            /* the comment after the code, or NULL */
    const char *file;
    long line;
    uint8_t rank;                /* enum kh_code_rank of the code ('!' dominant, '?' subordinate) */
    uint8_t alt;                 /* 1: a further expansion of a TABARI alternative "{ A | B }" written
                                    on the same line as the pattern before it (not written back) */
    uint8_t by_chars;            /* 1: sorted by `chars` (TABARI, manual 5.7.1); else by element count */
    int32_t chars;               /* letters and digits of its literal words (synsets and $ + % * ^
                                    count nothing): TABARI's pattern length, longest tried first */
} kh_pattern;

typedef struct kh_verb_block kh_verb_block;

/* How the last word of a TABARI phrase matches a word of the text (TABARI manual 5.2.2,
 * 5.2.3). Phrases of other formats match as written (their form or lemma). */
enum kh_word_end {
    KH_WEND_NONE = 0,   /* as written: the word's form or lemma */
    KH_WEND_STEM,       /* "KUWAIT": any word that begins with it ("Kuwaiti") */
    KH_WEND_REGULAR,    /* "LIBYA_", "DEPART_": the word, or it with a regular ending: nouns
                           S ("Libyas"; 'S is a word of its own), verbs S ED ES EN ING, an
                           E of the word merging with the ending's ("deplored") */
    KH_WEND_EXACT       /* "MOUSE=", "BAN=": only the word itself */
};

/* One verb (or event noun) of a block, e.g. "meet" in the MEET block. */
typedef struct kh_verb {
    const char *lemma;           /* base form as written, lower case, words joined by ' ' ("carry out") */
    const char *const *forms;    /* every form incl. generated inflections ("met", "meeting") */
    int32_t nforms;
    int32_t head;                /* word index of the head verb within a multi-word form */
    const char *code, *code2;    /* its default code: its own, else its block's */
    uint8_t special;             /* enum kh_code_special of that default code */
    uint8_t is_noun;             /* an event noun ("meeting", "visit") */
    const kh_verb_block *block;
    const char *file;
    long line;
    uint8_t rank;                /* enum kh_code_rank of its default code */
    uint8_t no_endings;          /* 1: forms written out, no regular forms generated */
    uint8_t gapped;              /* 1: TABARI words joined by a blank ("DEATH TOLL RISEN"):
                                    other words may stand between them */
    /* TABARI verbs (manual 5.2.2, 5.2.3): ends[f] (enum kh_word_end) says how the written
     * form f < nends matches a word of the text; NULL for other formats. Forms generated
     * after the written ones are not used to match such a verb (see kh_dict_match_verb). */
    const uint8_t *ends;
    int32_t nends;
} kh_verb;

struct kh_verb_block {
    const char *name;            /* PETRARCH "--- NAME [code] ---" name; else the first verb's lemma */
    const char *code, *code2;    /* the block's default code */
    uint8_t special;
    const kh_verb *const *verbs;
    int32_t nverbs;
    const kh_pattern *patterns;  /* longest (most elements) first, then file order */
    int32_t npatterns;
    const char *file;
    long line;
    uint8_t rank;                /* enum kh_code_rank of the block's code */
    uint8_t time;                /* 1: a TABARI <TIME> phrase (kh_dict_time), code "+7", "-30" ... */
    uint8_t has_name;            /* 1: written as a PETRARCH "--- NAME ---" block (several verbs) */
    /* The named blocks of one file and name (PETRARCH files patterns under the name, so
     * two "--- SHOT ---" blocks share them), in file order: the first one's index and
     * the next one's (kh_dict_block); -1: none. Set by kh_dict_finish. */
    int32_t same_first, same_next;
};

typedef enum kh_discard_kind { KH_DISCARD_NONE = 0, KH_DISCARD_SENTENCE, KH_DISCARD_STORY } kh_discard_kind;

typedef struct kh_discard_entry {
    const char *phrase;          /* as written, words joined by ' ' */
    kh_discard_kind kind;
    uint8_t stem;                /* 1: the last word matches as a prefix (PETRARCH entries without a final '_') */
    const char *file;
    long line;
} kh_discard_entry;

typedef struct kh_issue_entry {
    const char *code;            /* issue/category code: "NUCLEAR" */
    const char *const *phrases;
    int32_t nphrases;
    uint8_t exclude;             /* 1: PETRARCH '~' phrase: its presence cancels all issues of the sentence */
    const char *file;
    long line;
    const char *category;        /* the PETRARCH <ISSUE CATEGORY=...> section (or %category), or NULL */
} kh_issue_entry;

/* ---- building ------------------------------------------------------------------- */

typedef enum kh_dict_format {
    KH_DICT_UNKNOWN = 0,
    KH_DICT_OURS,              /* *.dict with %kind lines */
    KH_DICT_PETR_VERBS,        /* CAMEO.2.0.txt, PETR.Validate.verbs*.txt */
    KH_DICT_PETR_ACTORS,       /* Phoenix.*.actors.txt, PETR.Validate.actors*.txt */
    KH_DICT_PETR_AGENTS,       /* Phoenix.agents.txt, PETR.Validate.agents.txt */
    KH_DICT_PETR_DISCARDS,     /* Phoenix.discards.txt */
    KH_DICT_PETR_ISSUES,       /* Phoenix.IssueCoding.txt */
    KH_DICT_PETR_PREPS,        /* Phoenix.prepositions.txt */
    KH_DICT_TABARI_VERBS,      /* *.verbs */
    KH_DICT_TABARI_ACTORS,     /* *.actors */
    KH_DICT_TABARI_AGENTS,     /* *.agents */
    KH_DICT_TABARI_OPTIONS,    /* *.options: commands as key/value options (kh_dict_option) */
    KH_DICT_FORMAT_COUNT
} kh_dict_format;

const char *kh_dict_format_name(kh_dict_format f);   /* "petrarch-verbs", ... */
/* Guesses the format of a file from its name and first lines; KH_DICT_UNKNOWN if unsure. */
kh_dict_format kh_dict_detect(const char *path);

/* What one load read. Counted as the README tables of ../shared count them. */
typedef struct kh_dict_counts {
    long actors;            /* actor entries (a name line, not a synonym) */
    long actor_synonyms;    /* extra phrases of actors ('+' lines, ' | ' alternatives) */
    long actor_dated;       /* date-restricted codes */
    long agents;
    long synsets, synset_members;
    long verb_blocks;
    long verbs;             /* verb (and noun) lines / forms written */
    long patterns;
    long discards;
    long issues;            /* coded issue phrases */
    long issue_exclusions;
    long issue_categories;
    long prepositions;
    long other;             /* lines read but not kept (TABARI options, PETRARCH transformations) */
    long skipped;           /* malformed lines reported and skipped */
    long time_phrases;      /* TABARI <TIME> phrases (their patterns count in patterns) */
    long nouns, adjectives; /* TABARI <NOUN> / <ADJECTIVE> entries of an .actors file */
    long options;           /* TABARI .options commands */
} kh_dict_counts;

kh_dict *kh_dict_new(void);                       /* NULL when out of memory */
void kh_dict_free(kh_dict *d);

/* Loads a file or a directory (every dictionary file in it, in name order) in the
 * given format (KH_DICT_UNKNOWN: detect per file). Malformed lines are reported as
 * "FILE:LINE: error: expected ..." through diag and skipped. `counts` (may be NULL)
 * receives what this call read, added to what it holds. Returns 0, or -1 when a file
 * cannot be read or memory runs out (reported through diag). */
int kh_dict_load(kh_dict *d, const char *path, kh_dict_format fmt, kh_diag *diag,
                 kh_dict_counts *counts);
/* Loads from memory (for tests); `name` is used in messages. fmt must be known. */
int kh_dict_load_mem(kh_dict *d, const char *name, const char *text, size_t len,
                     kh_dict_format fmt, kh_diag *diag, kh_dict_counts *counts);
/* Resolves references (synsets used before their definition), sorts patterns and
 * freezes the dictionary. Call once after the last load; the matchers need it.
 * Returns 0, or -1 when memory runs out. */
int kh_dict_finish(kh_dict *d, kh_diag *diag);
/* kh_dict_new + kh_dict_load of each path + kh_dict_finish; NULL on a fatal error. */
kh_dict *kh_dict_open(const char *const *paths, int npaths, kh_diag *diag);

/* Totals of everything loaded. */
const kh_dict_counts *kh_dict_totals(const kh_dict *d);

/* Phrases defined twice (in one kind), recorded while loading, for `khaldun dict check`.
 * The first definition is the one used. */
typedef struct kh_dict_dup {
    const char *kind;            /* "actors", "agents", ... */
    const char *phrase;
    const char *file1; long line1;   /* the definition kept */
    const char *file2; long line2;   /* the later one */
    int conflict;                /* 1 when the two give different codes */
} kh_dict_dup;
int32_t kh_dict_ndups(const kh_dict *d);
const kh_dict_dup *kh_dict_dup_at(const kh_dict *d, int32_t i);

/* ---- iteration (for checking and converting) --------------------------------------- */

int32_t kh_dict_nactors(const kh_dict *d);
const kh_actor_entry *kh_dict_actor(const kh_dict *d, int32_t i);
int32_t kh_dict_nagents(const kh_dict *d);
const kh_agent_entry *kh_dict_agent(const kh_dict *d, int32_t i);
int32_t kh_dict_nsynsets(const kh_dict *d);
const kh_synset *kh_dict_synset(const kh_dict *d, int32_t i);
const kh_synset *kh_dict_synset_get(const kh_dict *d, const char *name);   /* "&WEAPON" */
int32_t kh_dict_nblocks(const kh_dict *d);
const kh_verb_block *kh_dict_block(const kh_dict *d, int32_t i);
int32_t kh_dict_ndiscards(const kh_dict *d);
const kh_discard_entry *kh_dict_discard_at(const kh_dict *d, int32_t i);
int32_t kh_dict_nissues(const kh_dict *d);   /* incl. one entry without phrases per PETRARCH category */
const kh_issue_entry *kh_dict_issue(const kh_dict *d, int32_t i);

/* TABARI <TIME> phrases: blocks (block->time == 1) whose code is a day shift ("+7",
 * "-30") or special (---, ###, +++); verbs[] hold the phrases, patterns as in verbs. */
int32_t kh_dict_ntimes(const kh_dict *d);
const kh_verb_block *kh_dict_time(const kh_dict *d, int32_t i);

/* The first time phrase of sentence s that is not null (TABARI: "the first non-null
 * time-shift phrase found in the sentence is used"), with the code of the longest pattern
 * of its block that fits around it (src/dict_time.c). Returns 1 and fills *out, else 0. */
typedef struct kh_time_match {
    const kh_verb_block *block;
    int32_t start, end;          /* tokens of the phrase */
    uint8_t special;             /* KH_CODE_EVENT (a shift), _DISCARD or _COMPLEX */
    int days;                    /* the shift in days ("[+7]", "[-30]") */
} kh_time_match;
typedef struct kh_dict_sent kh_dict_sent;
int kh_dict_time_find(const kh_dict *d, const kh_dict_sent *s, kh_time_match *out);

/* TABARI <NOUN> and <ADJECTIVE> word lists (no codes: they help tell compound noun phrases
 * from compound clauses). */
typedef enum kh_word_class { KH_WORD_NONE = 0, KH_WORD_NOUN, KH_WORD_ADJECTIVE } kh_word_class;
typedef struct kh_wordclass_entry {
    const char *phrase;          /* words joined by single spaces, as written */
    uint8_t cls;                 /* kh_word_class */
    const char *file;
    long line;
} kh_wordclass_entry;
int32_t kh_dict_nwordclasses(const kh_dict *d);
const kh_wordclass_entry *kh_dict_wordclass(const kh_dict *d, int32_t i);

/* Prepositions (Phoenix.prepositions.txt, %kind prepositions), in load order. */
int32_t kh_dict_npreps(const kh_dict *d);
const char *kh_dict_prep(const kh_dict *d, int32_t i);

/* Options of TABARI .options files (and %kind options of ours), in file order.
 *   SET: MINIMUM WORDS = 5          name "MINIMUM WORDS", value "5"
 *   SET: CODE BY CLAUSE             name "CODE BY", value "CLAUSE"
 *   LABEL: 031=MEET                 name "LABEL 031", value "MEET"
 *   COMPLEX: VERBS[5] NOACTPRIOR    name "COMPLEX", value "VERBS[5] NOACTPRIOR"
 * (also FORWARD, DEFAULT, COMMA, NONEVENTS, OUTPUT ...: the command, then the rest).
 * Command names are upper case with the full name for TABARI's 4-letter abbreviations. */
typedef struct kh_dict_opt {
    const char *name, *value;
    const char *file;
    long line;
} kh_dict_opt;
/* The value last set for name (case-insensitive), NULL when never set. */
const char *kh_dict_option(const kh_dict *d, const char *name);
int32_t kh_dict_noptions(const kh_dict *d);
const kh_dict_opt *kh_dict_option_at(const kh_dict *d, int32_t i);

/* ---- writing our format (dict_write.c) -------------------------------------------- */

/* Writes every entry of kind `kind` ("actors", "agents", "verbs", "time", "discards",
 * "issues", "nouns", "adjectives", "prepositions", "options") in our format to f, with a
 * header comment naming `origin`. Returns the number of entries written, -1 on a write error. */
long kh_dict_write_kind(const kh_dict *d, const char *kind, const char *origin, FILE *f);
/* The kinds kh_dict_write_kind knows, NULL-terminated. */
extern const char *const kh_dict_kinds[];
/* Entries of that kind held by d (0 when none: nothing to write). */
long kh_dict_kind_count(const kh_dict *d, const char *kind);

/* ---- a sentence prepared for matching ------------------------------------------- */

typedef struct kh_dict_sent {
    int32_t n;
    const uint32_t *form;        /* word id of the lower-cased form of token i (0: unknown word) */
    const uint32_t *lemma;       /* word id of the lower-cased lemma (0: unknown or no lemma) */
    const char *const *text;     /* the token forms as in the sentence */
    const uint8_t *upos;         /* enum kh_upos of token i (KH_UPOS_NONE when untagged) */
    uint8_t caps;                /* 1: no token has a lower-case letter (a headline in capitals):
                                    case=exact phrases do not match, since case tells nothing */
} kh_dict_sent;

/* Prepares sentence s (its words' forms and lemmas); arrays come from arena a.
 * Returns 0, or -1 when memory runs out. */
int kh_dict_prepare(const kh_dict *d, const kh_sentence *s, kh_arena *a, kh_dict_sent *out);
/* Prepares a sequence of words (lemmas may be NULL, or hold NULL entries). */
int kh_dict_prepare_words(const kh_dict *d, const char *const *forms, const char *const *lemmas,
                          int32_t n, kh_arena *a, kh_dict_sent *out);
/* Splits a phrase at spaces (and "'s", as the dictionary does) and prepares it:
 * for look-ups of typed phrases (khaldun dict lookup) and tests. */
int kh_dict_prepare_text(const kh_dict *d, const char *text, kh_arena *a, kh_dict_sent *out);

/* The id of a word (case-insensitive), 0 when the dictionary does not know it. */
uint32_t kh_dict_word_id(const kh_dict *d, const char *word);
/* 1 when token i matches word id w (form or lemma). */
static inline int kh_dict_word_match(const kh_dict_sent *s, int32_t i, uint32_t w)
{
    return w != 0 && i >= 0 && i < s->n && (s->form[i] == w || s->lemma[i] == w);
}
/* 1 when token i matches the literal word element e (KH_PE_WORD): its form or lemma id;
 * with KH_PE_EXACT its form only; with KH_PE_STEM also a form that begins with the word. */
int kh_dict_elem_match(const kh_dict_sent *s, int32_t i, const kh_pat_elem *e);
/* Length of the longest member of synset ss that starts at token i, 0 when none. */
int32_t kh_dict_synset_match(const kh_dict *d, const kh_synset *ss, const kh_dict_sent *s, int32_t i);
/* Synset members as TABARI writes them may leave room between their words ("AUSTRIAN
 * FLORIN" matches "austrian gold florin"), hold other synsets ("&TIETYPES_MEMOS") and
 * open words (TABARI: "YEN" matches "yener"). The end (exclusive) of the longest member
 * match that starts at token i with every word before `bound`; 0 when none. */
int32_t kh_dict_synset_end(const kh_dict *d, const kh_synset *ss, const kh_dict_sent *s,
                           int32_t i, int32_t bound);
/* kh_dict_synset_end where members may hold actors ("PESO_$"): actor_end[j] is the end
 * (exclusive) of the actor mention that starts at token j, 0 when none; *src / *tgt get
 * the start of the mention the member's '$' / '+' ('%': both) matched, -1 when none. */
int32_t kh_dict_synset_bind(const kh_dict *d, const kh_synset *ss, const kh_dict_sent *s, int32_t i,
                            int32_t bound, const int32_t *actor_end, int32_t *src, int32_t *tgt);
/* The start of the longest member match that ends at token `last` (inclusive) with every
 * word at or after `lo`; -1 when none (for patterns read leftwards from the verb). */
int32_t kh_dict_synset_start(const kh_dict *d, const kh_synset *ss, const kh_dict_sent *s,
                             int32_t last, int32_t lo);
/* 1 when token i is a preposition of the loaded prepositions list (Phoenix.prepositions.txt). */
int kh_dict_is_preposition(const kh_dict *d, const kh_dict_sent *s, int32_t i);

/* ---- actors and agents --------------------------------------------------------------- */

typedef struct kh_actor_match {
    int32_t start, end;              /* the whole mention, e.g. "Iraq 's minister of defense" */
    int32_t head;                    /* the token the code rests on (last word of the agent, else of the actor) */
    const char *code;                /* resolved code on the date: "IRQGOVMIL"; "---COP" for an agent
                                        without a country; NULL when the actor has no code on the date */
    const kh_actor_entry *actor;     /* the actor entry, or NULL (agent alone) */
    int32_t actor_phrase;            /* which of actor->phrases matched */
    int32_t actor_start, actor_end;  /* its tokens */
    const kh_agent_entry *agent;     /* the agent entry combined with it, or NULL */
    int32_t agent_phrase;
    int32_t agent_start, agent_end;
    /* Name variants (added last, so older code that copies the struct is unaffected):
     * 1 when the person was found by the name matcher (src/names.c) rather than by an
     * exact phrase, e.g. "Thabit Al Abbasi" for the entry phrase "Thabet al-Abbasi". */
    uint8_t variant;
    const char *variant_of;          /* the entry phrase it is a variant of (actor->phrases[actor_phrase]) */
    double variant_score;            /* kh_names_score of the mention against that phrase, in (0,1] */
    /* The role the agent lends here when it is not the agent's own code: "ELI" for an agent
     * after "former" (TABARI's rule, CAMEO's elites), always appended; NULL otherwise. */
    const char *role;
} kh_actor_match;

/* The longest actor mention that starts at token `from` (rules in docs/DICTIONARIES.md):
 *   ACTOR                      "Iraq", "the United Nations" (no article: "United Nations")
 *   ACTOR ['s] AGENT           "Iraqi police" -> IRQCOP, "Iraq 's defence minister" -> IRQGOVMIL
 *   ACTOR AGENT AGENT          "Danish Islamist media" -> DNKMUSMED (each agent added in turn)
 *   AGENT of [the] ACTOR       "the army of Turkey" -> TURMIL (from "army")
 *   [ACTOR] AGENT PERSON       "Iraqi Defense Minister Thabet al-Abbasi": the person's dated code
 *   AGENT [ACTOR ['s] [AGENT]] "human rights activists Gondor" -> NGMGON, "MSF Arnor
 *                              diplomat" -> NGOARNGOV (an agent right before an actor, TABARI)
 *   AGENT                      "police" -> "---COP"
 * "former" right before the actor or the agent of an actor-agent pair, or before an agent
 * alone, makes the agent's role ELI ("Arnor former officials", "former Gondor
 * prosecutors" -> ARNELI, GONELI: TABARI's rule, CAMEO's elites).
 * Where a PERSON may stand and no exact phrase starts, a run of capitalised words (PROPN
 * when the sentence is tagged; the particles al, el, bin, ibn, abu, de, van, von and
 * hyphens may come between) is looked up as a name variant: its kh_names_key finds the
 * person phrases of the dictionary that may match, kh_names_score confirms and ranks
 * them; the best wins, a tie between two persons gives no match. Such a match sets
 * out->variant (see kh_actor_match). Exact phrases always win over variants.
 * An agent is combined with the actor's code on the date: ACTOR+AGENT, or AGENT+ACTOR
 * for prefix agents; an element already at the end of the actor code is not repeated.
 * Returns 1 and fills *out, or 0 when no mention starts there. Combined codes are
 * allocated from arena a. */
int kh_dict_match_actor(const kh_dict *d, const kh_dict_sent *s, int32_t from, int32_t date,
                        kh_arena *a, kh_actor_match *out);
/* Every mention of the sentence, left to right, longest first, not overlapping.
 * *out is an array from arena a; returns the count (0 when none), -1 out of memory. */
int kh_dict_find_actors(const kh_dict *d, const kh_dict_sent *s, int32_t date, kh_arena *a,
                        kh_actor_match **out);
/* The best person entry whose phrase `name` is a variant of ("Thabit Muhammad al-Abassi"),
 * by the rules above, without any exact look-up; NULL when none or ambiguous. *phrase gets
 * the entry phrase it matched, *score its kh_names_score (both may be NULL). */
const kh_actor_entry *kh_dict_name_variant(const kh_dict *d, const char *name, int32_t *phrase,
                                           double *score);
/* Number of person phrases indexed for name variants (after kh_dict_finish). */
int32_t kh_dict_nvariant_keys(const kh_dict *d);
/* A one-line account of how mention m was matched, for explain and traces:
 * "IRQGOVMIL 'Thabit Al Abbasi' (matched by name variant of 'Thabet al-Abbasi', score 0.93)"
 * or "IRQCOP 'Iraqi police'" (the tokens of s). Returns the length it wanted (as snprintf). */
int kh_dict_match_describe(const kh_actor_match *m, const kh_dict_sent *s, char *buf, size_t n);
/* Longest agent phrase at token `from`: returns its length (0 none), entry in *agent. */
int32_t kh_dict_match_agent(const kh_dict *d, const kh_dict_sent *s, int32_t from,
                            const kh_agent_entry **agent);

/* ---- verbs ---------------------------------------------------------------------------- */

typedef struct kh_verb_match {
    const kh_verb *verb;         /* its block: verb->block */
    int32_t start, end;          /* tokens of the verb phrase ("carry out": both words) */
    int32_t form;                /* index into verb->forms that matched; -1 matched by lemma */
} kh_verb_match;

/* The verb (or event noun) whose head is token i: a multi-word verb is matched around
 * it ("carried out" at "carried"); the longest wins, then a form match over a lemma
 * match, then (when the token is tagged) an event noun for NOUN/PROPN and a verb
 * otherwise. Returns 1 and fills *out, 0 when token i is no verb of the dictionary. */
int kh_dict_match_verb(const kh_dict *d, const kh_dict_sent *s, int32_t i, kh_verb_match *out);
/* A verb by a form or lemma typed as text ("met", "carry out"); NULL when none. */
const kh_verb *kh_dict_verb_lookup(const kh_dict *d, const char *text);

/* ---- discards and issues -------------------------------------------------------------- */

/* Story-level discards win over sentence-level ones. *which (may be NULL) gets the entry. */
kh_discard_kind kh_dict_discard(const kh_dict *d, const kh_dict_sent *s, const kh_discard_entry **which);

typedef struct kh_issue_match {
    const kh_issue_entry *issue;
    int32_t start, end;
} kh_issue_match;
/* Issue phrases found in the sentence (left to right, longest first, not overlapping),
 * into out[0..max-1]; returns how many were found (may exceed max: only max are written).
 * Returns 0 when an exclusion phrase occurs in the sentence. */
int kh_dict_find_issues(const kh_dict *d, const kh_dict_sent *s, kh_issue_match *out, int max);

#endif
