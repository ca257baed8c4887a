/* report.h - the HTML report: one self-contained page about a set of events.
 *
 * The page fetches nothing (inline CSS and SVG, a Content-Security-Policy that
 * forbids every fetch and every script) and shows:
 *   - a summary (events, dyads, actors, reports, dates covered);
 *   - a timeline of the events per month (per week when they span under 3 months),
 *     stacked by quad class;
 *   - the dyads with the most events, each with a plot of the Goldstein sums in
 *     both directions per period, i.e. how the pair moved between cooperation and
 *     conflict;
 *   - the actors with their aliases (the texts they were found as), codes and
 *     entity ids;
 *   - every event: its sentence with the source, the target and the predicate
 *     highlighted, its code in words, date, place and every report supporting it.
 * All text from the data is escaped. The output depends only on the input
 * (no clock, no locale), so the same events give the same bytes.
 *
 * Elements carry stable classes the tests count: article.kh-event, .kh-dyad,
 * svg.kh-chart, tr.kh-actor. */
#ifndef KH_REPORT_H
#define KH_REPORT_H

#include "arena.h"
#include "buf.h"
#include "coder.h"
#include "diag.h"
#include "event.h"
#include "progress.h"

/* What is known about a report (document) an event rests on. */
typedef struct kh_report_doc {
    const char *id, *date, *source, *url, *title;
} kh_report_doc;

typedef struct kh_report_input {
    const kh_event *events;
    int nevents;
    const kh_report_doc *docs;   /* may be NULL: reports are then shown by id */
    int ndocs;
    const char *title;           /* NULL: "Khaldun event report" */
    const char *subtitle;        /* e.g. the input's name; NULL: none */
    int top_dyads;               /* dyads plotted; 0: 6 */
    int max_events;              /* events listed in full; 0: 2000 (all are counted and plotted) */
} kh_report_input;

/* An actor of the events: an entity, or a code when the events name no entity. */
typedef struct kh_report_actor {
    const char *key;        /* the entity id, else the code */
    const char *entity;     /* NULL when none */
    int count;              /* events it is the source or the target of */
    const char **codes, **aliases;   /* distinct codes and texts (at most 12 each) */
    int ncodes, naliases;
} kh_report_actor;

/* The actors of ev[0..n-1], most events first (then by key), allocated from a.
 * NULL when memory runs out. */
kh_report_actor *kh_report_actors(const kh_event *ev, int n, kh_arena *a, int *nactors);

/* Appends the whole page to out. Returns 0, or -1 when memory runs out. */
int kh_report_write(kh_buf *out, const kh_report_input *in);

/* Reads events written by `khaldun code` (JSONL, one event a line) from path
 * ("-": stdin), strings allocated from a, appended to out. Bad lines are
 * reported as FILE:LINE: reason and skipped. Returns 0, 1 when some line was
 * rejected, -1 when the file cannot be read or memory runs out (reported).
 * progress (may be NULL) is updated with the events read and the bytes done. */
int kh_report_load_jsonl(const char *path, kh_arena *a, kh_events *out, kh_diag *diag,
                         kh_progress *progress);
/* Copies e and every string and array it points to into a. 0, or -1 (memory). */
int kh_report_event_copy(kh_arena *a, kh_event *dst, const kh_event *e);

/* The same for one JSON text (one event object); 0, or -1 with why[0..n-1] set. */
int kh_report_event_from_json(const char *json, size_t len, kh_arena *a, kh_event *e,
                              char *why, size_t n);

#endif
