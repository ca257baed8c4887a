/* dict_impl.h - private to the dictionary engine and its loaders (dict*.c).
 *
 * The loaders parse their formats and hand entries to the builders below, which copy
 * everything into the dictionary's arena and index the phrases in the word trie. */
#ifndef KH_DICT_IMPL_H
#define KH_DICT_IMPL_H

#include "dict.h"
#include "trie.h"

typedef struct kh_vform {       /* one form of one verb, indexed by its head word */
    const kh_verb *verb;
    int32_t form;
    const uint32_t *words;
    int16_t n, head;
    uint8_t end;                /* enum kh_word_end of a TABARI one-word form; KH_WEND_NONE otherwise */
} kh_vform;

typedef struct kh_block_b {     /* a verb block while it is built */
    kh_verb_block pub;          /* first: a kh_verb_block * is a kh_block_b * */
    int32_t capverbs, cappats;
} kh_block_b;

/* A synset member the word trie cannot hold (kh_dict_add_synset_ex): its words as pattern
 * elements, with gaps, open words and other synsets ("&TIETYPES_MEMOS", "YUM YENNYEN"). */
typedef struct kh_synmem {
    const kh_pat_elem *el;
    int32_t n;
} kh_synmem;

/* The name-variant index: one row per person phrase, sorted by key (dict.c). */
#define KH_VKEY_MAX 32
typedef struct kh_vkey {
    char key[KH_VKEY_MAX];      /* kh_names_key of the phrase */
    int32_t actor, phrase;
} kh_vkey;

struct kh_dict {
    kh_arena arena;
    kh_trie trie;
    uint32_t root_actor, root_agent, root_issue;
    int32_t *nval;              /* node -> entry index (-1: no phrase ends here) */
    int32_t *nphr;              /* node -> phrase index within the entry */
    const char **ncase;         /* node -> the phrase as indexed when its entry is case=exact, else
                                   NULL; the array itself is NULL until the first such entry */
    size_t capnodes;
    kh_actor_entry **actors;    int32_t nactors, capactors;
    kh_agent_entry **agents;    int32_t nagents, capagents;
    kh_synset **synsets;        int32_t nsynsets, capsynsets;
    uint32_t *synroots;         /* trie root of each synset */
    kh_synmem **synmems;        /* synset i: its members that are not in the trie ... */
    int32_t *nsynmems;          /* ... and their count */
    kh_block_b **blocks;        int32_t nblocks, capblocks;
    kh_discard_entry **discards; int32_t ndiscards, capdiscards;
    const uint32_t **dwords;    /* discard i: its word ids (0 for a stem's last word) */
    const char **dlast;         /* discard i: its folded last word (for stems) */
    int16_t *dnwords;
    kh_issue_entry **issues;    int32_t nissues, capissues;
    kh_dict_dup *dups;          int32_t ndups, capdups;
    uint8_t *preps;             /* word id -> 1 when a preposition (size capprep) */
    size_t capprep;
    kh_vform *vforms;           int32_t nvforms;
    int32_t *vf_start;          /* word id w: vforms[vf_start[w] .. vf_start[w+1]) */
    uint32_t w_s, w_apos, w_of, w_the;   /* ids of "'s", "'", "of", "the" */
    uint32_t w_former;                   /* id of "former" (agents after it are elites) */
    kh_dict_counts totals;
    int finished;
    uint32_t root_discard;      /* discards: exact words; a stem's last word is an edge with KH_STEM_BIT */
    size_t stem_min, stem_max;  /* shortest and longest stem word (bytes), to bound prefix look-ups */
    kh_block_b **times;         int32_t ntimes, captimes;    /* TABARI <TIME> phrases */
    kh_wordclass_entry **wclasses; int32_t nwclasses, capwclasses;
    uint32_t root_wclass;
    uint32_t *preplist;         int32_t npreplist, cappreplist;   /* preposition word ids, load order */
    kh_dict_opt *opts;          int32_t nopts, capopts;
    kh_vkey *vkeys;             int32_t nvkeys;   /* name variants, built by kh_dict_finish */
    struct kh_gap_phrase *gaps; /* TABARI actor phrases with blanks (dict_gap.c), in the arena */
    /* TABARI word ends (enum kh_word_end): the last word of a TABARI actor or agent phrase
     * is an edge with one of the KH_WEND_BIT_* bits; see kh_dict_word_ends */
    uint8_t word_ends;          /* while loading a TABARI file: phrases carry their '_' / '=' marks */
    uint8_t has_ends;           /* some phrase ends with such an edge */
    uint8_t has_vends;          /* some verb has TABARI ends */
    size_t wstem_min, wstem_max;   /* shortest and longest KH_WEND_STEM word (bytes) */
};

#define KH_STEM_BIT 0x80000000u  /* discard trie: edge word id of a stem (matches as a prefix) */
#define KH_WEND_BIT_STEM 0x80000000u     /* actor/agent trie: a TABARI stem (a prefix of the word) */
#define KH_WEND_BIT_REGULAR 0x40000000u  /* the word or the word with a regular noun ending */
#define KH_WEND_BIT_EXACT 0x20000000u    /* the word's form only */

/* While on, phrases given to kh_dict_add_actor and kh_dict_add_agent are TABARI phrases:
 * a last word ending in '=' matches only itself, one ending in '_' also takes the regular
 * noun ending, any other is a stem (enum kh_word_end). The marks are not stored. */
void kh_dict_word_ends(kh_dict *d, int on);
/* Sets the TABARI ends of verb v's first n written forms (copied). 0, or -1 out of memory. */
int kh_dict_set_verb_ends(kh_dict *d, kh_verb *v, const uint8_t *ends, int32_t n);

/* Strings in the dictionary's arena. */
const char *kh_dict_str(kh_dict *d, const char *s);
const char *kh_dict_strn(kh_dict *d, const char *s, size_t n);
uint32_t kh_dict_intern(kh_dict *d, const char *w, size_t n);

/* Builders: 0 on success, -1 out of memory (reported by the caller). Phrases are
 * written with spaces or '_' between words (as the formats have them). */
int kh_dict_add_actor(kh_dict *d, const char *const *phrases, int32_t nphrases,
                      const kh_dict_code *codes, int32_t ncodes, const char *attrs,
                      const char *file, long line);
int kh_dict_add_agent(kh_dict *d, const char *const *phrases, int32_t nphrases,
                      const char *code, int prefix, const char *file, long line);
/* The same with attributes (our format's third column; only case=exact is used). */
int kh_dict_add_agent_attrs(kh_dict *d, const char *const *phrases, int32_t nphrases,
                            const char *code, int prefix, const char *attrs,
                            const char *file, long line);
/* generated (may be NULL): generated[i] = 1 when member i is a generated plural. */
int kh_dict_add_synset(kh_dict *d, const char *name, const char *const *members, int32_t n,
                       const uint8_t *generated, const char *file, long line);
/* The same; tabari = 1 reads the members as TABARI does: a blank between two words leaves
 * room for others, a word without '_' after it is open (a stem). Members naming another
 * synset ("&TIETYPES_MEMOS") are read in every format. */
int kh_dict_add_synset_ex(kh_dict *d, const char *name, const char *const *members, int32_t n,
                          const uint8_t *generated, const char *file, long line, int tabari);
/* TABARI words of parsed pattern elements: a word written with '_' after it matches
 * exactly (KH_PE_EXACT), any other is open (KH_PE_STEM). */
void kh_dict_tabari_words(kh_pat_elem *el, int32_t n);
/* TABARI pattern text: a hyphen after a letter or digit becomes '_' (in place). */
void kh_dict_tabari_hyphens(char *s);
int kh_dict_add_wordclass(kh_dict *d, const char *phrase, kh_word_class cls, const char *file, long line);
int kh_dict_add_option(kh_dict *d, const char *name, const char *value, const char *file, long line);
int kh_dict_add_discard(kh_dict *d, const char *phrase, kh_discard_kind kind, int stem,
                        const char *file, long line);
int kh_dict_add_issue(kh_dict *d, const char *code, const char *const *phrases, int32_t n,
                      int exclude, const char *file, long line);
int kh_dict_add_prep(kh_dict *d, const char *word);

/* Parses an event code field without brackets: "040", "042:043", "---", "###", "+++",
 * TABARI's "- - -", "031!" (dominant) and "023?" (subordinate), alphanumeric codes.
 * *rank (may be NULL) gets the kh_code_rank. Returns 0, or -1 when it is none of these. */
int kh_dict_parse_ecode(kh_dict *d, const char *s, size_t n, const char **code,
                        const char **code2, uint8_t *special);
int kh_dict_parse_ecode_rank(kh_dict *d, const char *s, size_t n, const char **code,
                             const char **code2, uint8_t *special, uint8_t *rank);
/* A TABARI time code: "+7", "-30" (a day shift), or "---", "###", "+++". */
int kh_dict_parse_tcode(kh_dict *d, const char *s, size_t n, const char **code, uint8_t *special);
/* A <TIME> phrase block (kept apart from the verbs: kh_dict_time). */
kh_verb_block *kh_dict_time_begin(kh_dict *d, const char *name, const char *code, uint8_t special,
                                  const char *file, long line);
/* The pattern parser of PETRARCH and TABARI (also used for our format's patterns):
 * '_' joins adjacent words, {..} noun phrases, (..) prepositional phrases, '~' after a
 * word = next word adjacent. TABARI alternatives "{ A | B }" expand into several element
 * lists: up to maxalt lists of at most max elements go to el[k*max ..], counts in ns[k].
 * Returns the number of lists (>= 1), -1 when malformed, -2 out of memory. */
int kh_dict_parse_pattern(kh_dict *d, const char *text, kh_pat_elem *el, int max, int32_t *ns, int maxalt);
kh_verb_block *kh_dict_block_begin(kh_dict *d, const char *name, const char *code,
                                   const char *code2, uint8_t special, const char *file, long line);
/* Adds a verb to a block: forms[0] is the lemma; `regular` adds its regular inflections
 * (or plurals when is_noun). code NULL: the block's code. */
kh_verb *kh_dict_block_verb(kh_dict *d, kh_verb_block *b, const char *const *forms, int32_t nforms,
                            int regular, int32_t head, const char *code, const char *code2,
                            int has_code, uint8_t special, int is_noun, const char *file, long line);
/* Adds a pattern as kh_dict_parse_pattern returned it: each of its nalt element lists
 * el[k*max ..] (ns[k] elements, copied) becomes a pattern of b with this code and rank,
 * the lists after the first marked as alternatives. Returns 0, or -1 out of memory. */
int kh_dict_block_patterns(kh_dict *d, kh_verb_block *b, const kh_pat_elem *el, int max,
                           const int32_t *ns, int nalt, const char *code, const char *code2,
                           uint8_t special, uint8_t rank, const char *text, const char *note,
                           const char *file, long line);

/* Regular English forms (written into out[], strings from the arena), returns count. */
int kh_dict_verb_inflect(kh_dict *d, const char *lemma, const char **out, int max);
int kh_dict_noun_plural(kh_dict *d, const char *noun, const char **out, int max);

/* TABARI actor phrases with a blank between words, matched with words between them
 * (dict_gap.c). kh_dict_add_gapped keeps phrase `phrase` of actor `entry` as written
 * (raw: '_' adjacent, ' ' a gap of at most `reach` words, 0: any number); 0, or -1
 * out of memory. kh_dict_match_gapped: the
 * longest such phrase starting at token `from` and ending after token `beyond`
 * (exclusive end), as an actor match; 1 when found, 0 none, -1 out of memory. */
typedef struct kh_gap_phrase kh_gap_phrase;
int kh_dict_add_gapped(kh_dict *d, int32_t entry, int32_t phrase, const char *raw, int reach);
typedef struct kh_gap_words kh_gap_words;
/* The sentence cut into TABARI's words (at '_' and '-'), once for all its positions;
 * NULL when out of memory. */
kh_gap_words *kh_dict_gap_words(const kh_dict_sent *s, kh_arena *a);
int kh_dict_match_gapped(const kh_dict *d, const kh_dict_sent *s, const kh_gap_words *gw, int32_t from,
                         int32_t beyond, int32_t date, kh_arena *a, kh_actor_match *out);

/* The loaders (one per format family). Each returns 0 or -1 (fatal). */
int kh_dict_load_ours(kh_dict *d, const char *file, const char *text, size_t len,
                      kh_diag *diag, kh_dict_counts *c);
int kh_dict_load_petrarch(kh_dict *d, kh_dict_format fmt, const char *file, const char *text,
                          size_t len, kh_diag *diag, kh_dict_counts *c);
/* The PETRARCH readers with TABARI's differences (tabari = 1). */
int kh_dict_load_petrarch_ex(kh_dict *d, kh_dict_format fmt, const char *file, const char *text,
                             size_t len, kh_diag *diag, kh_dict_counts *c, int tabari);
int kh_dict_load_tabari(kh_dict *d, kh_dict_format fmt, const char *file, const char *text,
                        size_t len, kh_diag *diag, kh_dict_counts *c);

/* Line iteration over a buffer: strips CR; returns 0 at the end. */
typedef struct kh_dict_lines {
    const char *p, *end;
    long line;
} kh_dict_lines;
int kh_dict_next_line(kh_dict_lines *it, const char **s, size_t *n);

#endif
