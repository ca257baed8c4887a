/* context.h - the context stage: puts on every coded event the date it happened,
 * where it happened, its themes and the amounts it carries.
 *
 * It runs after the coder, once per document, and only fills fields of the events:
 *   date, date_precision   the temporal expression that dates the event's predicate
 *                          (src/timex.h), else the story date with precision day;
 *                          left as the coder set it (NULL) when neither exists
 *   loc_name, loc_country,
 *   lat, lon, has_latlon   the place that locates the predicate (src/place.h), with the
 *                          event's actor countries and the story's other places as hints;
 *                          left NULL when the sentence names no location
 *   issues                 the sentence's themes (kh_dict_find_issues), when the coder
 *                          has not set them already
 *   extra_json             "quantities":[{"kind":..,"value":..,"unit":..,"approx":..,
 *                          "text":..}] appended to what is there (src/quantity.h)
 * How the predicate word is found and how quantities are shared between the events of
 * one sentence is in docs/CONTEXT.md ("The context stage").
 *
 * A kh_context holds the gazetteer; it is read-only once open, so the workers of a pool
 * share one. Everything written to an event is allocated from the document's arena. */
#ifndef KH_CONTEXT_H
#define KH_CONTEXT_H

#include "coder.h"
#include "diag.h"
#include "dict.h"
#include "doc.h"
#include "gazetteer.h"

typedef struct kh_context kh_context;

/* Loads DATA_DIR/gazetteer (data_dir NULL: "data"). Returns NULL when it cannot be
 * loaded or memory ran out (reported through diag). */
kh_context *kh_context_open(const char *data_dir, kh_diag *diag);
/* A context over a gazetteer the caller keeps (g may be NULL: no locations). */
kh_context *kh_context_wrap(const kh_gazetteer *g);
void kh_context_close(kh_context *cx);
const kh_gazetteer *kh_context_gazetteer(const kh_context *cx);

/* Fills the context of every event of ev that belongs to doc (doc_id equal to doc->id)
 * and whose sentence index is a sentence of doc. cx may be NULL (no locations), dict
 * may be NULL (issues left as they are). Returns 0, or -1 when memory ran out. */
int kh_context_apply(const kh_context *cx, const kh_dict *dict, kh_doc *doc, kh_events *ev);
/* The same over ev[0..n-1], all taken to belong to doc (for a caller that knows where
 * the document's events start: kh_context_events(cx, dict, doc, out->ev + first, out->n - first)). */
int kh_context_events(const kh_context *cx, const kh_dict *dict, kh_doc *doc, kh_event *ev, int n);

/* The predicate word (0-based index into the words of s) of event e: the first word of
 * the coder's "predicate_span":[start,end] in e->extra_json; without it, the word of
 * e's span that governs the others in the tree, else its first verb, else its first
 * lower-case word outside the actors' texts. -1 when none is found. */
int32_t kh_context_predicate(const kh_doc *doc, const kh_sentence *s, const kh_event *e);

#endif
