/* doc.h - the document model every stage reads and fills in.
 *
 * A document owns an arena; all its strings and arrays live there. The text layer
 * fills sentences and words (form, offsets); the tagger fills upos/xpos/lemma/feats;
 * the parser fills head/deprel; readers of CoNLL-U fill everything they find.
 * Offsets are byte offsets into doc->text (end exclusive), so every later output
 * can point back to the exact words of the original text. */
#ifndef KH_DOC_H
#define KH_DOC_H

#include <stdint.h>
#include <stddef.h>

#include "arena.h"

/* Universal POS tags, in the order of the UD guidelines. KH_UPOS_NONE = not tagged. */
enum kh_upos {
    KH_UPOS_NONE = 0,
    KH_UPOS_ADJ, KH_UPOS_ADP, KH_UPOS_ADV, KH_UPOS_AUX, KH_UPOS_CCONJ, KH_UPOS_DET,
    KH_UPOS_INTJ, KH_UPOS_NOUN, KH_UPOS_NUM, KH_UPOS_PART, KH_UPOS_PRON, KH_UPOS_PROPN,
    KH_UPOS_PUNCT, KH_UPOS_SCONJ, KH_UPOS_SYM, KH_UPOS_VERB, KH_UPOS_X,
    KH_UPOS_COUNT
};
const char *kh_upos_name(int upos);          /* "_" for KH_UPOS_NONE */
int         kh_upos_from_name(const char *s); /* KH_UPOS_NONE when unknown */

/* One syntactic word (a CoNLL-U line with an integer ID). */
typedef struct kh_word {
    const char *form;
    const char *lemma;    /* NULL: not known ("_") */
    const char *xpos;     /* NULL: "_" */
    const char *feats;    /* NULL: "_" */
    const char *deps;     /* enhanced deps as read; NULL: "_" */
    const char *misc;     /* NULL: "_" (SpaceAfter=No is kept here for CoNLL-U round trips) */
    const char *deprel;   /* NULL: not parsed */
    uint32_t start, end;  /* byte span in doc->text; a word of a multiword token has its token's span */
    int32_t head;         /* 0 = root, 1..n = word index (1-based); -1 = not parsed */
    uint8_t upos;         /* enum kh_upos */
    uint8_t space_after;  /* 1 unless SpaceAfter=No */
} kh_word;

/* A multiword token (CoNLL-U "3-4  don't"): words first..last (1-based) share one surface token. */
typedef struct kh_mwt {
    int32_t first, last;
    const char *form;
    const char *misc;     /* NULL: "_" */
} kh_mwt;

/* Lines kept verbatim for round trips: comments (before the words) and empty nodes
 * ("5.1 ...", printed after word `after`). */
typedef struct kh_extra_line {
    int32_t after;        /* comments: -1; empty nodes: the word they follow (0 = before word 1) */
    const char *line;     /* without the newline */
} kh_extra_line;

typedef struct kh_sentence {
    kh_word *words;       /* words[0..nwords-1] is word ID 1..nwords */
    int32_t nwords;
    kh_mwt *mwts;
    int32_t nmwts;
    kh_extra_line *comments;   /* every comment line in order, incl. "# text = ..." */
    int32_t ncomments;
    kh_extra_line *empty;      /* empty nodes */
    int32_t nempty;
    const char *sent_id;       /* NULL when none */
    const char *text;          /* the sentence text (# text or the span of doc->text) */
    uint32_t start, end;       /* byte span in doc->text */
    long line;                 /* line in the input file where the sentence began (0: n/a) */
    uint8_t skipped;           /* set by a stage that refused the sentence */
    const char *skip_reason;
} kh_sentence;

/* Input formats of documents. */
typedef enum kh_format {
    KH_FMT_AUTO = 0, KH_FMT_JSONL, KH_FMT_TEXT, KH_FMT_PETRARCH_XML, KH_FMT_TABARI, KH_FMT_CONLLU
} kh_format;

typedef struct kh_doc {
    kh_arena *arena;      /* owns everything below */
    const char *id;
    const char *date;     /* ISO 8601 YYYY-MM-DD, or NULL when unknown */
    const char *source;   /* outlet */
    const char *url;
    const char *title;
    const char *text;     /* UTF-8, NUL-terminated */
    size_t text_len;
    const char *extra_json; /* unknown JSONL fields, as a JSON object text; NULL if none */
    const char *file;     /* input file name, for messages */
    long line;            /* input line where the document began */
    kh_format format;     /* where it came from */
    kh_sentence *sents;
    int32_t nsents;
    int32_t cap_sents;
    /* Gold annotations carried by validation formats (PETRARCH XML, TABARI records):
     * one line per expected event "SOURCE\tTARGET\tCODE", or a marker such as
     * "noevents", "error:dateline". NULL when the input has none. */
    const char *gold;
    const char *category; /* validation record category, or NULL */
    const char *parse;    /* a parse carried by the input (PETRARCH <Parse>), or NULL */
} kh_doc;

/* Initialises an empty document on arena a. */
void kh_doc_init(kh_doc *d, kh_arena *a);
/* Appends an empty sentence and returns it (NULL when out of memory). */
kh_sentence *kh_doc_add_sentence(kh_doc *d);

#endif
