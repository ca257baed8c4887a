/* validate.h - scoring coded events against gold codings.
 *
 * Gold comes from validation inputs (PETRARCH XML and TABARI records fill
 * doc->gold: one "SOURCE\tTARGET\tCODE" line per event, or a marker line such as
 * "noevents" or "error:dateline") or from our own JSONL gold sets (an "events"
 * array of {"source","target","code"} objects in the record). A record passes when
 * the set of distinct coded (source, target, code) triples equals the gold set;
 * a record whose gold is a marker passes when nothing is coded. TABARI gold lines
 * ("null", "complex", "discard" markers, "option:" settings, "unchecked:" events
 * after a "-{") are understood as its checker does. Precision and
 * recall are counted at four levels (full codes; actors + root; countries + root;
 * root only) over all records. */
#ifndef KH_VALIDATE_H
#define KH_VALIDATE_H

#include "buf.h"
#include "coder.h"
#include "doc.h"
#include "event.h"

typedef struct kh_gold_event {
    const char *source, *target, *code;
} kh_gold_event;

typedef struct kh_gold {
    kh_gold_event *ev;
    int n;
    const char *marker;   /* "noevents", "error:...", "skip" (do not check), or NULL */
    int has_gold;         /* 0: the record carries no gold at all */
    int partial;          /* TABARI "-{": checking stops there, so extra coded events are fine */
} kh_gold;

/* Reads a document's gold (from doc->gold, else from an "events" member of
 * doc->extra_json); strings come from doc->arena. Returns 0, or -1 when the gold
 * is malformed or memory ran out. */
int kh_gold_read(const kh_doc *doc, kh_gold *g);

enum { KH_LEVEL_FULL = 0, KH_LEVEL_ROOT, KH_LEVEL_DYAD_ROOT, KH_LEVEL_ONLY_ROOT, KH_LEVEL_COUNT };

typedef struct kh_score {
    long records, passed, failed, unchecked;
    long tp[KH_LEVEL_COUNT], fp[KH_LEVEL_COUNT], fn[KH_LEVEL_COUNT];
} kh_score;

/* Compares the events coded for one record with its gold, adds to s, and returns
 * 1 (passed), 0 (failed) or -1 (not checked). When the record fails and why is
 * not NULL, appends "expected ...; got ..." to why. */
int kh_score_record(kh_score *s, const kh_gold *g, const kh_event *ev, int nev, kh_buf *why);
/* Precision and recall at one level (0 when undefined). */
double kh_score_precision(const kh_score *s, int level);
double kh_score_recall(const kh_score *s, int level);
/* Writes the precision/recall table and the final "N passed, N failed" line. */
void kh_score_print(FILE *out, const kh_score *s, int with_pr);

/* Applies one TABARI option block ("{ OPTION: ... }" of a records file, text after
 * "OPTION:") to o, as TABARI's .options commands do:
 *   SET: CODE BY SENTENCE | SET: CODE BY CLAUSE | SET: CODE ALL
 *   DEFAULT: SOURCE [CODE] PRIOR TARGET [CODE] AFTER  (either half; DEFAULT: OFF)
 *   COMMA: MIN = n MAX = n EMIN = n EMAX = n BMIN = n BMAX = n  (COMMA: OFF)
 *   SET: CONVERT AGENT = TRUE|FALSE, SET: MINIMUM WORDS = n
 *   COMPLEX: VERBS[n] CONJ[n] NOACTPRIOR
 * Returns 0 when applied, 1 for a command TABARI knows that does not bear on coding
 * here (OUTPUT:, LABEL:, FORWARD:, SET: TIME SHIFT ...), -1 when unknown. */
int kh_tabari_option(kh_code_opts *o, const char *block);

/* TABARI's "FORWARD: ^^*****NNN*SSS [DOC] [OFF]" (pronoun forwarding between the records
 * of one story): copies the sequence format into fmt[n] and returns 1 when forwarding is
 * on, 0 when OFF (or no format), -1 when the block is no FORWARD command. */
int kh_tabari_forward(const char *block, char *fmt, size_t n);
/* The story (N...) and sentence (S...) numbers of record id `id` by sequence format fmt
 * (its leading '^' blanks are not part of the id; '*' any character). A number that is
 * not numeric is 0, as in TABARI. Returns 0, or -1 when the id is too short or fmt lacks
 * N or S. */
int kh_tabari_sequence(const char *fmt, const char *id, long *story, long *sent);

#endif
