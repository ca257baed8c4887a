/* store.h - the event store: documents, sentences, mentions, entities and events in
 * SQLite, with cross-source de-duplication into merged events (docs/STORE.md).
 *
 * A run writes documents in input order; rows are written in transactions of a
 * batch of documents (WAL journal), so a run killed at any point leaves the
 * database as it was after the last complete batch, and a rerun can skip the
 * documents already stored (kh_store_has_doc). Adding a document that is already
 * stored replaces all its rows. The schema is versioned with PRAGMA user_version
 * and older databases are migrated forward when opened.
 *
 * Use from one thread (the writer of a `khaldun code` run):
 *
 *     char *err = NULL;
 *     kh_store *s = kh_store_open("events.db", &err);   // NULL: err says why (free it)
 *     kh_store_set_dict(s, dict);                       // mentions and entities (optional)
 *     for each coded document:
 *         if (!kh_store_has_doc(s, doc->id)) kh_store_add_doc(s, doc, &events);
 *     kh_store_close(s);                                // commits, merges, closes
 */
#ifndef KH_STORE_H
#define KH_STORE_H

#include "coder.h"
#include "dedup.h"
#include "dict.h"
#include "doc.h"
#include "event.h"

#define KH_STORE_VERSION 2   /* PRAGMA user_version of the current schema */

typedef struct kh_store kh_store;

/* Opens (creating or migrating) the database at path. NULL on failure, with a
 * malloc'd message in *err ("FILE: reason") that the caller frees. */
kh_store *kh_store_open(const char *path, char **err);
/* Commits what is pending, brings the merged events up to date and closes.
 * Returns 0, or -1 when the last commit failed (the batch is lost, the database
 * stays consistent). s may be NULL. */
int kh_store_close(kh_store *s);
/* The last error ("FILE: reason"); owned by the store. */
const char *kh_store_error(const kh_store *s);

/* The dictionary whose actors make the mentions of documents added from now on
 * (NULL: mentions come from the events' actors and unknown proper nouns only).
 * The store only reads it. */
void kh_store_set_dict(kh_store *s, const kh_dict *dict);
/* Documents per transaction (default 64; 1 commits every document). */
void kh_store_set_batch(kh_store *s, int ndocs);
/* Options of the merge (default: kh_dedup_opts_init). The merged tables remember
 * the options they were made with; a query with other options remakes them. */
void kh_store_set_dedup(kh_store *s, const kh_dedup_opts *o);

/* 1 when a document with this id is stored (committed or in the open batch),
 * 0 when not, -1 on a database error. */
int kh_store_has_doc(kh_store *s, const char *doc_id);
/* Stores doc (metadata and sentences), its mentions, entities and events,
 * replacing the rows of an earlier document with the same id. Event actors without
 * an entity get the entity their mention resolved to (written into ev, whose
 * strings then come from doc->arena). Returns 0, or -1 on a database error or when
 * memory runs out (see kh_store_error). */
int kh_store_add_doc(kh_store *s, kh_doc *doc, kh_events *ev);
/* Commits the open batch. 0, or -1. */
int kh_store_flush(kh_store *s);

/* Recomputes the merged events and their reports from every stored event.
 * Returns the number of merged events, or -1. */
long kh_store_dedup(kh_store *s);

/* ---- reading ------------------------------------------------------------------- */

typedef struct kh_store_query {
    const char *src, *tgt;   /* dyad: actor code prefixes ("USA", "IRQGOV"); NULL: any */
    const char *from, *to;   /* dates, inclusive: "2023", "2023-01", "2023-01-15"; NULL: open */
    const char *root;        /* "04"; NULL: any */
    const char *code;        /* CAMEO code prefix "042"; NULL: any */
    const char *actor;       /* source or target: a name (names.h variants), a text fragment,
                                an actor code or an entity id; NULL: any */
    int merged;              /* 1: merged events (one per cluster, reports listed); 0: raw */
} kh_store_query;

/* Called for each event; return nonzero to stop. The event lives until the next call. */
typedef int (*kh_store_event_fn)(void *ctx, const kh_event *e);

/* Calls fn for every event that q selects, in input order (merged: the order of their
 * first report). *nraw and *nmerged (either may be NULL) receive how many raw and how
 * many merged events the filters select, whichever kind was printed. Brings stale
 * merged events up to date first. Returns 0, or -1 on a database error. */
int kh_store_query_events(kh_store *s, const kh_store_query *q, kh_store_event_fn fn, void *ctx,
                          long *nraw, long *nmerged);

/* An entity as `khaldun actors` lists it. */
typedef struct kh_store_entity {
    const char *id, *name, *code, *country;
    const char *type;              /* "person", "actor" (a dictionary entry) or "unknown" */
    int known;                     /* 1: the dictionary knows it */
    long nmentions, ndocs;
    const char *const *aliases;    /* distinct spellings, most frequent first */
    int naliases;
    const char *suggest, *why;     /* unknown entities: suggested code and what suggested it */
    const char *const *examples;   /* up to 3 sentences that mention it */
    const char *const *example_docs;   /* their document ids */
    int nexamples;
} kh_store_entity;

typedef int (*kh_store_entity_fn)(void *ctx, const kh_store_entity *e);

/* Calls fn for every entity with at least min_mentions mentions (unknown_only: those
 * no dictionary knows), most mentioned first. Returns 0, or -1 on a database error. */
int kh_store_entities(kh_store *s, int unknown_only, long min_mentions, kh_store_entity_fn fn, void *ctx);

#endif
