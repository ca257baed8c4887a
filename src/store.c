/* store.c - the event store in SQLite (see store.h and docs/STORE.md).
 *
 * Crash safety rests on SQLite: WAL journal, and every batch of documents is one
 * transaction, each document inside it a savepoint, so a killed run loses at most
 * the open batch and never leaves half a document. The schema is a list of
 * migrations, each taking version N-1 to N inside its own transaction; a new
 * database runs all of them, an old one the ones it misses. */
#include "store.h"

#include "entity.h"
#include "names.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* migrations[v - 1] takes a database from version v - 1 to v. */
static const char *const migrations[KH_STORE_VERSION] = {
    /* 1: documents, sentences and events */
    "CREATE TABLE documents(id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, date TEXT,"
    " source TEXT, url TEXT, title TEXT);"
    "CREATE TABLE sentences(doc INTEGER NOT NULL, idx INTEGER NOT NULL, span_start INTEGER,"
    " span_end INTEGER, text TEXT, PRIMARY KEY(doc, idx)) WITHOUT ROWID;"
    "CREATE TABLE events(id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, ord INTEGER NOT NULL,"
    " event_id TEXT, sentence INTEGER, date TEXT, date_precision TEXT,"
    " src_code TEXT, src_country TEXT, src_text TEXT, tgt_code TEXT, tgt_country TEXT, tgt_text TEXT,"
    " cameo TEXT, root TEXT, quad_class INTEGER, goldstein REAL, plover TEXT, negated INTEGER,"
    " loc_name TEXT, loc_country TEXT, lat REAL, lon REAL, issues TEXT,"
    " span_start INTEGER, span_end INTEGER, pattern TEXT);"
    "CREATE INDEX events_doc ON events(doc, ord);",
    /* 2: entities of actors, mentions, merged events and their reports */
    "ALTER TABLE events ADD COLUMN src_entity TEXT;"
    "ALTER TABLE events ADD COLUMN tgt_entity TEXT;"
    "ALTER TABLE events ADD COLUMN extra_json TEXT;"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE entities(id TEXT PRIMARY KEY, name TEXT NOT NULL, code TEXT, country TEXT,"
    " type TEXT, known INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE mentions(id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, sentence INTEGER,"
    " span_start INTEGER, span_end INTEGER, text TEXT NOT NULL, code TEXT, entity TEXT,"
    " suggest TEXT, why TEXT);"
    "CREATE INDEX mentions_doc ON mentions(doc);"
    "CREATE INDEX mentions_entity ON mentions(entity);"
    "CREATE TABLE merged(id INTEGER PRIMARY KEY, rep INTEGER NOT NULL, nreports INTEGER NOT NULL);"
    "CREATE TABLE merged_reports(merged INTEGER NOT NULL, event INTEGER NOT NULL,"
    " PRIMARY KEY(merged, event)) WITHOUT ROWID;"
    "INSERT INTO meta VALUES('merged_stale', '1');",
};

enum {
    ST_FIND_DOC, ST_DEL_EVENTS, ST_DEL_MENTIONS, ST_DEL_SENTS, ST_DEL_DOC, ST_ADD_DOC,
    ST_ADD_SENT, ST_ADD_SENT_IGNORE, ST_ADD_EVENT, ST_ADD_MENTION, ST_ADD_ENTITY, ST_NAME_ENTITY,
    ST_STALE, ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    "SELECT id FROM documents WHERE doc_id = ?1",
    "DELETE FROM events WHERE doc = ?1",
    "DELETE FROM mentions WHERE doc = ?1",
    "DELETE FROM sentences WHERE doc = ?1",
    "DELETE FROM documents WHERE id = ?1",
    "INSERT INTO documents(doc_id, date, source, url, title) VALUES(?1, ?2, ?3, ?4, ?5)",
    "INSERT OR REPLACE INTO sentences(doc, idx, span_start, span_end, text) VALUES(?1, ?2, ?3, ?4, ?5)",
    "INSERT OR IGNORE INTO sentences(doc, idx, span_start, span_end, text) VALUES(?1, ?2, ?3, ?4, ?5)",
    "INSERT INTO events(doc, ord, event_id, sentence, date, date_precision, src_code, src_country,"
    " src_text, src_entity, tgt_code, tgt_country, tgt_text, tgt_entity, cameo, root, quad_class,"
    " goldstein, plover, negated, loc_name, loc_country, lat, lon, issues, span_start, span_end,"
    " pattern, extra_json) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
    " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
    "INSERT INTO mentions(doc, sentence, span_start, span_end, text, code, entity, suggest, why)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    "INSERT OR IGNORE INTO entities(id, name, code, country, type, known) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    "UPDATE entities SET name = ?2, country = coalesce(country, ?3) WHERE id = ?1 AND name <> ?2",
    "INSERT OR REPLACE INTO meta VALUES('merged_stale', ?1)",
};

struct kh_store {
    sqlite3 *db;
    char *path;
    char err[512];
    sqlite3_stmt *st[ST_COUNT];
    const kh_dict *dict;
    kh_entity_index *ix;
    kh_dedup_opts dedup;
    int batch, in_batch, in_tx;
    int stale;           /* merged events need recomputing */
    int index_loaded;    /* the entity index is read on the first write, not by readers */
};

/* ---- errors and small helpers ---------------------------------------------------- */

static int fail(kh_store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(kh_store *s, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(s->err, sizeof s->err, "%s: %s", s->path ? s->path : "?", msg);
    return -1;
}

static int db_fail(kh_store *s, const char *what)
{
    return fail(s, "%s: %s", what, sqlite3_errmsg(s->db));
}

static int exec(kh_store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fail(s, "%s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* Undoes a failed step with sql (a ROLLBACK) and keeps the message of the failure,
 * which the rollback's own failure would overwrite. Returns -1. */
static int undo(kh_store *s, const char *sql)
{
    char keep[sizeof s->err];
    memcpy(keep, s->err, sizeof keep);
    exec(s, sql);
    memcpy(s->err, keep, sizeof keep);
    return -1;
}

static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
    return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* Steps a statement that returns no rows and resets it. */
static int run(kh_store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(s, what);
}

static long query_long(kh_store *s, const char *sql, long dflt)
{
    sqlite3_stmt *st;
    long v = dflt;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return dflt;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* ---- opening, schema, closing ---------------------------------------------------- */

static int migrate(kh_store *s)
{
    long v = query_long(s, "PRAGMA user_version", -1);
    if (v < 0)
        return db_fail(s, "cannot read the schema version");
    if (v > KH_STORE_VERSION)
        return fail(s, "database schema version %ld is newer than this khaldun's (%d)", v, KH_STORE_VERSION);
    for (; v < KH_STORE_VERSION; v++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %ld;", v + 1);
        if (exec(s, "BEGIN IMMEDIATE") < 0)
            return -1;
        if (exec(s, migrations[v]) < 0 || exec(s, pragma) < 0)
            return undo(s, "ROLLBACK");
        if (exec(s, "COMMIT") < 0)
            return -1;
    }
    return 0;
}

/* Known people and unknown names of earlier runs, with every spelling seen, so that
 * a rerun or a later run resolves names as the first run did. */
static int load_index(kh_store *s)
{
    sqlite3_stmt *st;
    const char *sql =
        "SELECT id, name, country, 0 FROM (SELECT rowid r, * FROM entities"
        " WHERE type IN ('person', 'unknown') ORDER BY r)"
        " UNION ALL SELECT m.entity, m.text, NULL, 1 FROM (SELECT * FROM mentions ORDER BY id) m"
        " JOIN entities e ON e.id = m.entity WHERE e.type IN ('person', 'unknown')";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(s, "cannot read entities");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = col_text(st, 0), *name = col_text(st, 1);
        if (!id || !name)
            continue;
        int r = sqlite3_column_int(st, 3) ? kh_entity_index_alias(s->ix, id, name)
                                          : kh_entity_index_add(s->ix, id, name, col_text(st, 2));
        if (r < 0) {
            sqlite3_finalize(st);
            return fail(s, "out of memory");
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_fail(s, "cannot read entities");
}

/* Frees an open store: statements, connection, entity index. */
static void release(kh_store *s)
{
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->db);
    kh_entity_index_free(s->ix);
    free(s->path);
    free(s);
}

kh_store *kh_store_open(const char *path, char **err)
{
    kh_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path)) || !(s->ix = kh_entity_index_new())) {
        if (s) {
            free(s->path);
            free(s);
        }
        if (err)
            *err = strdup("out of memory");
        return NULL;
    }
    s->batch = 64;
    kh_dedup_opts_init(&s->dedup);
    int ok = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK;
    if (!ok)
        db_fail(s, "cannot open");
    ok = ok && sqlite3_busy_timeout(s->db, 10000) == SQLITE_OK;
    ok = ok && exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;") == 0;
    ok = ok && migrate(s) == 0;
    for (int i = 0; ok && i < ST_COUNT; i++)
        if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK)
            ok = db_fail(s, "cannot prepare") == 0;
    if (ok) {
        s->stale = query_long(s, "SELECT value FROM meta WHERE key = 'merged_stale'", 1) != 0;
        return s;
    }
    if (err)
        *err = strdup(s->err[0] ? s->err : "cannot open the database");
    release(s);
    return NULL;
}

const char *kh_store_error(const kh_store *s)
{
    return s->err;
}

void kh_store_set_dict(kh_store *s, const kh_dict *dict) { s->dict = dict; }
void kh_store_set_batch(kh_store *s, int ndocs) { s->batch = ndocs > 0 ? ndocs : 1; }

void kh_store_set_dedup(kh_store *s, const kh_dedup_opts *o)
{
    s->dedup = *o;   /* a query compares them with the merged tables' (opts_changed) */
}

int kh_store_flush(kh_store *s)
{
    if (!s->in_tx)
        return 0;
    s->in_tx = 0;
    s->in_batch = 0;
    if (exec(s, "COMMIT") < 0) {
        exec(s, "ROLLBACK");
        return -1;
    }
    return 0;
}

int kh_store_close(kh_store *s)
{
    if (!s)
        return 0;
    int rc = kh_store_flush(s);
    if (rc == 0 && s->stale && kh_store_dedup(s) < 0)
        rc = -1;
    release(s);
    return rc;
}

/* ---- writing a document ------------------------------------------------------------ */

static int mark_stale(kh_store *s)
{
    if (s->stale)
        return 0;
    sqlite3_bind_text(s->st[ST_STALE], 1, "1", -1, SQLITE_STATIC);
    if (run(s, s->st[ST_STALE], "cannot mark merged events stale") < 0)
        return -1;
    s->stale = 1;
    return 0;
}

int kh_store_has_doc(kh_store *s, const char *doc_id)
{
    sqlite3_stmt *st = s->st[ST_FIND_DOC];
    bind_text(st, 1, doc_id ? doc_id : "");
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : db_fail(s, "cannot look up a document");
}

static int delete_doc(kh_store *s, const char *doc_id)
{
    sqlite3_stmt *st = s->st[ST_FIND_DOC];
    bind_text(st, 1, doc_id);
    int rc = sqlite3_step(st);
    sqlite3_int64 id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : db_fail(s, "cannot look up a document");
    static const int del[] = {ST_DEL_EVENTS, ST_DEL_MENTIONS, ST_DEL_SENTS, ST_DEL_DOC};
    for (size_t i = 0; i < sizeof del / sizeof del[0]; i++) {
        sqlite3_bind_int64(s->st[del[i]], 1, id);
        if (run(s, s->st[del[i]], "cannot replace a document") < 0)
            return -1;
    }
    return 0;
}

static int add_sentence(kh_store *s, int which, sqlite3_int64 doc, int idx, long start, long end,
                        const char *text)
{
    sqlite3_stmt *st = s->st[which];
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int(st, 2, idx);
    sqlite3_bind_int64(st, 3, start);
    sqlite3_bind_int64(st, 4, end);
    bind_text(st, 5, text);
    return run(s, st, "cannot store a sentence");
}

static int add_entity(kh_store *s, const char *id, const char *name, const char *code,
                      const char *country, const char *type, int known)
{
    sqlite3_stmt *st = s->st[ST_ADD_ENTITY];
    bind_text(st, 1, id);
    bind_text(st, 2, name);
    bind_text(st, 3, code);
    bind_text(st, 4, country);
    bind_text(st, 5, type);
    sqlite3_bind_int(st, 6, known);
    return run(s, st, "cannot store an entity");
}

/* Resolves mention m to an entity id (known: the dictionary's; people and unknown
 * names: through the index) and makes sure the entity has its row. */
static const char *resolve_mention(kh_store *s, const kh_mention *m)
{
    if (m->entity && !m->person) {
        if (add_entity(s, m->entity, m->text, m->code, m->country, "actor", 1) < 0)
            return NULL;
        return m->entity;
    }
    if (m->entity) {   /* a known person: file the dictionary's id under this spelling */
        if (kh_entity_index_add(s->ix, m->entity, m->text, m->country) < 0 ||
            kh_entity_index_alias(s->ix, m->entity, m->text) < 0) {
            fail(s, "out of memory");
            return NULL;
        }
        if (add_entity(s, m->entity, m->text, m->code, m->country, "person", 1) < 0)
            return NULL;
    }
    const char *own = m->why && strcmp(m->why, "co-occurring") != 0 ? m->country : NULL;
    int created = 0;
    const char *id = m->entity ? m->entity : kh_entity_resolve(s->ix, m->text, own, m->country, &created);
    if (!id) {
        fail(s, "out of memory");
        return NULL;
    }
    if (created)
        return add_entity(s, id, m->text, m->suggest, own, "unknown", 0) < 0 ? NULL : id;
    sqlite3_stmt *st = s->st[ST_NAME_ENTITY];   /* the longest spelling names it */
    bind_text(st, 1, id);
    bind_text(st, 2, kh_entity_name(s->ix, id));
    bind_text(st, 3, own);
    return run(s, st, "cannot update an entity") < 0 ? NULL : id;
}

static int add_mentions(kh_store *s, sqlite3_int64 doc_row, kh_doc *doc, kh_mention **out, int *nout)
{
    kh_mention *m = NULL;
    int n = kh_entity_mentions(s->dict, doc, doc->arena, &m);
    if (n < 0)
        return fail(s, "out of memory");
    for (int i = 0; i < n; i++) {
        const char *id = resolve_mention(s, &m[i]);
        if (!id)
            return -1;
        m[i].entity = kh_arena_strdup(doc->arena, id);
        if (!m[i].entity)
            return fail(s, "out of memory");
        sqlite3_stmt *st = s->st[ST_ADD_MENTION];
        sqlite3_bind_int64(st, 1, doc_row);
        sqlite3_bind_int(st, 2, m[i].sentence);
        sqlite3_bind_int64(st, 3, m[i].start);
        sqlite3_bind_int64(st, 4, m[i].end);
        bind_text(st, 5, m[i].text);
        bind_text(st, 6, m[i].code);
        bind_text(st, 7, m[i].entity);
        bind_text(st, 8, m[i].code ? NULL : m[i].suggest);
        bind_text(st, 9, m[i].code ? NULL : m[i].why);
        if (run(s, st, "cannot store a mention") < 0)
            return -1;
    }
    *out = m;
    *nout = n;
    return 0;
}

/* An actor without an entity takes the entity of the mention its text contains. */
static void fill_entity(kh_event_actor *a, int sentence, const kh_mention *m, int n)
{
    if (a->entity || !a->text)
        return;
    for (int i = 0; i < n; i++)
        if (m[i].sentence == sentence && m[i].entity && strstr(a->text, m[i].text)) {
            a->entity = m[i].entity;
            return;
        }
}

static int join_issues(const kh_event *e, kh_arena *a, const char **out)
{
    *out = NULL;
    if (e->nissues <= 0)
        return 0;
    size_t n = 0;
    for (int i = 0; i < e->nissues; i++)
        n += strlen(e->issues[i] ? e->issues[i] : "") + 1;
    char *p = kh_arena_alloc(a, n), *q = p;
    if (!p)
        return -1;
    for (int i = 0; i < e->nissues; i++)
        q += sprintf(q, "%s%s", i ? ";" : "", e->issues[i] ? e->issues[i] : "");
    *out = p;
    return 0;
}

static int add_event(kh_store *s, sqlite3_int64 doc_row, int ord, const kh_event *e, kh_arena *a)
{
    sqlite3_stmt *st = s->st[ST_ADD_EVENT];
    const char *issues;
    if (join_issues(e, a, &issues) < 0)
        return fail(s, "out of memory");
    sqlite3_bind_int64(st, 1, doc_row);
    sqlite3_bind_int(st, 2, ord);
    bind_text(st, 3, e->event_id);
    sqlite3_bind_int(st, 4, e->sentence);
    bind_text(st, 5, e->date);
    bind_text(st, 6, e->date ? (e->date_precision ? e->date_precision : "day") : NULL);
    bind_text(st, 7, e->source.code);
    bind_text(st, 8, e->source.country);
    bind_text(st, 9, e->source.text);
    bind_text(st, 10, e->source.entity);
    bind_text(st, 11, e->target.code);
    bind_text(st, 12, e->target.country);
    bind_text(st, 13, e->target.text);
    bind_text(st, 14, e->target.entity);
    bind_text(st, 15, e->cameo);
    bind_text(st, 16, e->root);
    if (e->quad_class >= 1 && e->quad_class <= 4)
        sqlite3_bind_int(st, 17, e->quad_class);
    if (e->has_goldstein)
        sqlite3_bind_double(st, 18, e->goldstein);
    bind_text(st, 19, e->plover);
    sqlite3_bind_int(st, 20, e->negated ? 1 : 0);
    bind_text(st, 21, e->loc_name);
    bind_text(st, 22, e->loc_country);
    if (e->loc_name && e->has_latlon) {
        sqlite3_bind_double(st, 23, e->lat);
        sqlite3_bind_double(st, 24, e->lon);
    }
    bind_text(st, 25, issues);
    sqlite3_bind_int64(st, 26, e->span_start);
    sqlite3_bind_int64(st, 27, e->span_end);
    bind_text(st, 28, e->pattern);
    bind_text(st, 29, e->extra_json && *e->extra_json ? e->extra_json : NULL);
    return run(s, st, "cannot store an event");
}

static int add_doc_rows(kh_store *s, kh_doc *doc, kh_events *ev)
{
    if (delete_doc(s, doc->id) < 0)
        return -1;
    sqlite3_stmt *st = s->st[ST_ADD_DOC];
    bind_text(st, 1, doc->id);
    bind_text(st, 2, doc->date);
    bind_text(st, 3, doc->source);
    bind_text(st, 4, doc->url);
    bind_text(st, 5, doc->title);
    if (run(s, st, "cannot store a document") < 0)
        return -1;
    sqlite3_int64 row = sqlite3_last_insert_rowid(s->db);
    for (int i = 0; i < doc->nsents; i++) {
        const kh_sentence *se = &doc->sents[i];
        if (add_sentence(s, ST_ADD_SENT, row, i, se->start, se->end, se->text) < 0)
            return -1;
    }
    kh_mention *m = NULL;
    int nm = 0;
    if (add_mentions(s, row, doc, &m, &nm) < 0)
        return -1;
    for (int i = 0; ev && i < ev->n; i++) {
        kh_event *e = &ev->ev[i];
        fill_entity(&e->source, e->sentence, m, nm);
        fill_entity(&e->target, e->sentence, m, nm);
        /* documents that came without sentences keep the text of their events' sentences */
        if (e->sentence_text && add_sentence(s, ST_ADD_SENT_IGNORE, row, e->sentence, 0, 0, e->sentence_text) < 0)
            return -1;
        if (add_event(s, row, i, e, doc->arena) < 0)
            return -1;
    }
    return 0;
}

int kh_store_add_doc(kh_store *s, kh_doc *doc, kh_events *ev)
{
    if (!doc->id || !*doc->id)
        return fail(s, "%s:%ld: a document without an id cannot be stored",
                    doc->file ? doc->file : "-", doc->line);
    if (!s->index_loaded) {
        if (load_index(s) < 0)
            return -1;
        s->index_loaded = 1;
    }
    if (!s->in_tx) {
        if (exec(s, "BEGIN IMMEDIATE") < 0)
            return -1;
        s->in_tx = 1;
    }
    if (exec(s, "SAVEPOINT doc") < 0)
        return -1;
    if (mark_stale(s) < 0 || add_doc_rows(s, doc, ev) < 0)
        return undo(s, "ROLLBACK TO doc; RELEASE doc");
    if (exec(s, "RELEASE doc") < 0)
        return -1;
    if (++s->in_batch >= s->batch)
        return kh_store_flush(s);
    return 0;
}

/* ---- merging ----------------------------------------------------------------------- */

/* The options the merged tables were made with, as text kept in meta. */
static void opts_text(const kh_dedup_opts *o, char *out, size_t n)
{
    snprintf(out, n, "window=%d by_root=%d", o->window_days, o->by_root);
}

static int set_merged_opts(kh_store *s)
{
    char sql[160], t[64];
    opts_text(&s->dedup, t, sizeof t);
    snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO meta VALUES('merged_opts', '%s');", t);
    return exec(s, sql);
}

/* 1 when the merged tables were made with other options than the store's. */
static int opts_changed(kh_store *s)
{
    char t[64];
    sqlite3_stmt *st;
    int changed = 1;
    opts_text(&s->dedup, t, sizeof t);
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'merged_opts'", -1, &st, NULL) != SQLITE_OK)
        return 1;
    if (sqlite3_step(st) == SQLITE_ROW && col_text(st, 0))
        changed = strcmp(col_text(st, 0), t) != 0;
    sqlite3_finalize(st);
    return changed;
}

long kh_store_dedup(kh_store *s)
{
    if (kh_store_flush(s) < 0)
        return -1;
    long n = query_long(s, "SELECT count(*) FROM events", 0);
    sqlite3_stmt *st = NULL, *ins = NULL, *rep = NULL;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_event *ev = calloc((size_t)(n ? n : 1), sizeof *ev);
    sqlite3_int64 *ids = calloc((size_t)(n ? n : 1), sizeof *ids), *mid = calloc((size_t)(n ? n : 1), sizeof *mid);
    int *cluster = calloc((size_t)(n ? n : 1), sizeof *cluster);
    long nmerged = -1, i = 0;
    if (!ev || !ids || !mid || !cluster) {
        fail(s, "out of memory");
        goto done;
    }
    if (sqlite3_prepare_v2(s->db, "SELECT id, src_code, tgt_code, cameo, root, date, loc_name, loc_country"
                           " FROM events ORDER BY doc, ord", -1, &st, NULL) != SQLITE_OK) {
        db_fail(s, "cannot read events");
        goto done;
    }
    while (i < n && sqlite3_step(st) == SQLITE_ROW) {
        const char **f[] = {&ev[i].source.code, &ev[i].target.code, &ev[i].cameo, &ev[i].root,
                            &ev[i].date, &ev[i].loc_name, &ev[i].loc_country};
        ids[i] = sqlite3_column_int64(st, 0);
        for (int k = 0; k < 7; k++)
            if (col_text(st, k + 1) && !(*f[k] = kh_arena_strdup(&a, col_text(st, k + 1)))) {
                fail(s, "out of memory");
                goto done;
            }
        i++;
    }
    n = i;
    int nc = kh_dedup_cluster(ev, (int)n, &s->dedup, cluster);
    if (nc < 0) {
        fail(s, "out of memory");
        goto done;
    }
    if (exec(s, "BEGIN IMMEDIATE; DELETE FROM merged; DELETE FROM merged_reports;") < 0)
        goto done;
    if (sqlite3_prepare_v2(s->db, "INSERT INTO merged(rep, nreports) VALUES(?1, 0)", -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "INSERT INTO merged_reports(merged, event) VALUES(?1, ?2)", -1, &rep, NULL) != SQLITE_OK) {
        db_fail(s, "cannot merge");
        exec(s, "ROLLBACK");
        goto done;
    }
    int bad = 0;
    for (i = 0; i < n && !bad; i++) {
        if (cluster[i] == i) {
            sqlite3_bind_int64(ins, 1, ids[i]);
            bad = run(s, ins, "cannot merge") < 0;
            mid[i] = sqlite3_last_insert_rowid(s->db);
        }
        sqlite3_bind_int64(rep, 1, mid[cluster[i]]);
        sqlite3_bind_int64(rep, 2, ids[i]);
        bad = bad || run(s, rep, "cannot merge") < 0;
    }
    if (bad || exec(s, "UPDATE merged SET nreports = (SELECT count(DISTINCT e.doc) FROM merged_reports r"
                       " JOIN events e ON e.id = r.event WHERE r.merged = merged.id);"
                       "INSERT OR REPLACE INTO meta VALUES('merged_stale', '0');") < 0 ||
        set_merged_opts(s) < 0) {
        exec(s, "ROLLBACK");
        goto done;
    }
    if (exec(s, "COMMIT") < 0)
        goto done;
    s->stale = 0;
    nmerged = nc;
done:
    sqlite3_finalize(st);
    sqlite3_finalize(ins);
    sqlite3_finalize(rep);
    kh_arena_free(&a);
    free(ev);
    free(ids);
    free(mid);
    free(cluster);
    return nmerged;
}

/* ---- reading events ------------------------------------------------------------------ */

#define EVENT_COLS                                                                            \
    "e.id, e.event_id, d.doc_id, e.sentence, e.date, e.date_precision, e.src_code, e.src_country," \
    " e.src_text, e.src_entity, e.tgt_code, e.tgt_country, e.tgt_text, e.tgt_entity, e.cameo,"  \
    " e.root, e.quad_class, e.goldstein, e.plover, e.negated, e.loc_name, e.loc_country, e.lat," \
    " e.lon, e.issues, se.text, e.span_start, e.span_end, e.pattern, e.extra_json, sn.name, tn.name"

static int contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!hay || !n)
        return 0;
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

static int actor_is(const kh_event_actor *a, const char *entity_name, const char *q)
{
    return (a->code && strcasecmp(a->code, q) == 0) || (a->entity && strcmp(a->entity, q) == 0) ||
           contains_nocase(a->text, q) || contains_nocase(entity_name, q) ||
           (entity_name && kh_names_match(q, entity_name)) || (a->text && kh_names_match(q, a->text));
}

static const char *opt_text(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : col_text(st, i);
}

static int row_event(sqlite3_stmt *st, kh_event *e, kh_arena *a)
{
    memset(e, 0, sizeof *e);
    e->event_id = opt_text(st, 1);
    e->doc_id = opt_text(st, 2);
    e->sentence = sqlite3_column_int(st, 3);
    e->date = opt_text(st, 4);
    e->date_precision = opt_text(st, 5);
    kh_event_actor *ac[2] = {&e->source, &e->target};
    for (int k = 0; k < 2; k++) {
        ac[k]->code = opt_text(st, 6 + 4 * k);
        ac[k]->country = opt_text(st, 7 + 4 * k);
        ac[k]->text = opt_text(st, 8 + 4 * k);
        ac[k]->entity = opt_text(st, 9 + 4 * k);
    }
    e->cameo = opt_text(st, 14);
    e->root = opt_text(st, 15);
    e->quad_class = sqlite3_column_int(st, 16);
    e->has_goldstein = sqlite3_column_type(st, 17) != SQLITE_NULL;
    e->goldstein = sqlite3_column_double(st, 17);
    e->plover = opt_text(st, 18);
    e->negated = sqlite3_column_int(st, 19);
    e->loc_name = opt_text(st, 20);
    e->loc_country = opt_text(st, 21);
    e->has_latlon = sqlite3_column_type(st, 22) != SQLITE_NULL;
    e->lat = sqlite3_column_double(st, 22);
    e->lon = sqlite3_column_double(st, 23);
    const char *issues = opt_text(st, 24);
    if (issues && *issues) {
        int n = 1;
        for (const char *p = issues; *p; p++)
            n += *p == ';';
        char *copy = kh_arena_strdup(a, issues);
        e->issues = kh_arena_alloc(a, (size_t)n * sizeof *e->issues);
        if (!copy || !e->issues)
            return -1;
        for (char *p = copy, *q; p; p = q) {
            q = strchr(p, ';');
            if (q)
                *q++ = '\0';
            e->issues[e->nissues++] = p;
        }
    }
    e->sentence_text = opt_text(st, 25);
    e->span_start = (unsigned)sqlite3_column_int64(st, 26);
    e->span_end = (unsigned)sqlite3_column_int64(st, 27);
    e->pattern = opt_text(st, 28);
    e->extra_json = opt_text(st, 29);
    return 0;
}

/* The documents supporting merged event `merged`, in the order of their events. */
static int row_reports(kh_store *s, sqlite3_stmt *rs, sqlite3_int64 merged, kh_event *e, kh_arena *a)
{
    sqlite3_bind_int64(rs, 1, merged);
    int n = 0, cap = 0, rc;
    const char **v = NULL;
    while ((rc = sqlite3_step(rs)) == SQLITE_ROW) {
        if (n == cap) {
            int nc = cap ? cap * 2 : 8;
            const char **g = kh_arena_grow(a, v, (size_t)n, (size_t)nc, sizeof *g);
            if (!g)
                break;
            v = g;
            cap = nc;
        }
        if (!(v[n++] = kh_arena_strdup(a, col_text(rs, 0) ? col_text(rs, 0) : "")))
            break;
    }
    sqlite3_reset(rs);
    if (rc != SQLITE_DONE)
        return rc == SQLITE_ROW ? fail(s, "out of memory") : db_fail(s, "cannot read reports");
    e->reports = v;
    e->nreports = n;
    return 0;
}

static int bind_named(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    return i > 0 && v ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT) : SQLITE_OK;
}

/* One pass over raw (merged 0) or merged events: counts those the filters keep and,
 * when fn is not NULL, hands each to fn. */
static int scan(kh_store *s, const kh_store_query *q, int merged, kh_store_event_fn fn, void *ctx, long *count)
{
    char sql[2048];
    snprintf(sql, sizeof sql,
             "SELECT %s, %s FROM %s JOIN documents d ON d.id = e.doc"
             " LEFT JOIN sentences se ON se.doc = e.doc AND se.idx = e.sentence"
             " LEFT JOIN entities sn ON sn.id = e.src_entity LEFT JOIN entities tn ON tn.id = e.tgt_entity"
             " WHERE 1%s%s%s%s%s%s ORDER BY %s",
             EVENT_COLS, merged ? "m.id" : "0",
             merged ? "merged m JOIN events e ON e.id = m.rep" : "events e",
             q->src ? " AND substr(e.src_code, 1, length(:src)) = :src" : "",
             q->tgt ? " AND substr(e.tgt_code, 1, length(:tgt)) = :tgt" : "",
             q->from ? " AND e.date >= :from" : "",
             q->to ? " AND substr(e.date, 1, length(:to)) <= :to" : "",
             q->root ? " AND e.root = :root" : "",
             q->code ? " AND substr(e.cameo, 1, length(:code)) = :code" : "",
             merged ? "m.id" : "e.doc, e.ord");
    sqlite3_stmt *st = NULL, *rs = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "SELECT d.doc_id FROM merged_reports r JOIN events e ON e.id = r.event"
                           " JOIN documents d ON d.id = e.doc WHERE r.merged = ?1"
                           " GROUP BY d.id ORDER BY min(e.doc), min(e.ord)", -1, &rs, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return db_fail(s, "cannot query events");
    }
    bind_named(st, ":src", q->src);
    bind_named(st, ":tgt", q->tgt);
    bind_named(st, ":from", q->from);
    bind_named(st, ":to", q->to);
    bind_named(st, ":root", q->root);
    bind_named(st, ":code", q->code);
    kh_arena a;
    kh_arena_init(&a, 0);
    int rc, status = 0;
    while (status == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        kh_event e;
        kh_arena_reset(&a);
        if (row_event(st, &e, &a) < 0) {
            status = fail(s, "out of memory");
            break;
        }
        if (q->actor && !actor_is(&e.source, opt_text(st, 30), q->actor) &&
            !actor_is(&e.target, opt_text(st, 31), q->actor))
            continue;
        ++*count;
        if (!fn)
            continue;
        if (merged && row_reports(s, rs, sqlite3_column_int64(st, 32), &e, &a) < 0) {
            status = -1;
            break;
        }
        if (fn(ctx, &e))
            break;
    }
    if (status == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = db_fail(s, "cannot query events");
    kh_arena_free(&a);
    sqlite3_finalize(st);
    sqlite3_finalize(rs);
    return status;
}

int kh_store_query_events(kh_store *s, const kh_store_query *q, kh_store_event_fn fn, void *ctx,
                          long *nraw, long *nmerged)
{
    long raw = 0, mer = 0;
    if (kh_store_flush(s) < 0 || ((s->stale || opts_changed(s)) && kh_store_dedup(s) < 0))
        return -1;
    if (scan(s, q, 0, q->merged ? NULL : fn, ctx, &raw) < 0 || scan(s, q, 1, q->merged ? fn : NULL, ctx, &mer) < 0)
        return -1;
    if (nraw)
        *nraw = raw;
    if (nmerged)
        *nmerged = mer;
    return 0;
}

/* ---- reading entities ------------------------------------------------------------------ */

/* Column 0 of every row of st (bound to entity id) into an arena array. */
static int strings_of(sqlite3_stmt *st, const char *id, kh_arena *a, const char ***out, const char ***out2, int *n)
{
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    int cap = 0, rc;
    *n = 0;
    *out = NULL;
    if (out2)
        *out2 = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            int nc = cap ? cap * 2 : 8;
            const char **g = kh_arena_grow(a, *out, (size_t)*n, (size_t)nc, sizeof *g), **g2 = NULL;
            if (g && out2)
                g2 = kh_arena_grow(a, *out2, (size_t)*n, (size_t)nc, sizeof *g2);
            if (!g || (out2 && !g2))
                break;
            *out = g;
            if (out2)
                *out2 = g2;
            cap = nc;
        }
        (*out)[*n] = kh_arena_strdup(a, col_text(st, 0) ? col_text(st, 0) : "");
        if (out2)
            (*out2)[*n] = kh_arena_strdup(a, col_text(st, 1) ? col_text(st, 1) : "");
        if (!(*out)[*n] || (out2 && !(*out2)[*n]))
            break;
        ++*n;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int kh_store_entities(kh_store *s, int unknown_only, long min_mentions, kh_store_entity_fn fn, void *ctx)
{
    if (kh_store_flush(s) < 0)
        return -1;
    static const char *const sql[4] = {
        "SELECT en.id, en.name, en.code, en.country, en.type, en.known, count(*), count(DISTINCT m.doc)"
        " FROM entities en JOIN mentions m ON m.entity = en.id WHERE (?1 = 0 OR en.known = 0)"
        " GROUP BY en.id HAVING count(*) >= ?2 ORDER BY count(*) DESC, min(m.id)",
        "SELECT text FROM mentions WHERE entity = ?1 GROUP BY text ORDER BY count(*) DESC, min(id)",
        "SELECT s.text, d.doc_id FROM mentions m JOIN documents d ON d.id = m.doc"
        " JOIN sentences s ON s.doc = m.doc AND s.idx = m.sentence WHERE m.entity = ?1"
        " GROUP BY s.text ORDER BY min(m.id) LIMIT 3",
        "SELECT suggest, why FROM mentions WHERE entity = ?1 AND suggest IS NOT NULL"
        " GROUP BY suggest, why ORDER BY why = 'co-occurring', count(*) DESC, min(id) LIMIT 1",
    };
    sqlite3_stmt *st[4] = {NULL, NULL, NULL, NULL};
    for (int i = 0; i < 4; i++)
        if (sqlite3_prepare_v2(s->db, sql[i], -1, &st[i], NULL) != SQLITE_OK) {
            db_fail(s, "cannot read entities");
            for (int k = 0; k < i; k++)
                sqlite3_finalize(st[k]);
            return -1;
        }
    sqlite3_bind_int(st[0], 1, unknown_only ? 1 : 0);
    sqlite3_bind_int64(st[0], 2, min_mentions);
    kh_arena a;
    kh_arena_init(&a, 0);
    int rc, status = 0;
    while ((rc = sqlite3_step(st[0])) == SQLITE_ROW) {
        kh_store_entity e;
        memset(&e, 0, sizeof e);
        kh_arena_reset(&a);
        e.id = opt_text(st[0], 0);
        e.name = opt_text(st[0], 1);
        e.code = opt_text(st[0], 2);
        e.country = opt_text(st[0], 3);
        e.type = opt_text(st[0], 4);
        e.known = sqlite3_column_int(st[0], 5);
        e.nmentions = (long)sqlite3_column_int64(st[0], 6);
        e.ndocs = (long)sqlite3_column_int64(st[0], 7);
        const char **al, **ex, **exd, **sg, **why;
        int nsg = 0;
        if (strings_of(st[1], e.id, &a, &al, NULL, &e.naliases) < 0 ||
            strings_of(st[2], e.id, &a, &ex, &exd, &e.nexamples) < 0 ||
            strings_of(st[3], e.id, &a, &sg, &why, &nsg) < 0) {
            status = db_fail(s, "cannot read entities");
            break;
        }
        e.aliases = al;
        e.examples = ex;
        e.example_docs = exd;
        if (nsg > 0) {
            e.suggest = sg[0];
            e.why = why[0];
        }
        if (fn(ctx, &e))
            break;
    }
    if (status == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = db_fail(s, "cannot read entities");
    kh_arena_free(&a);
    for (int i = 0; i < 4; i++)
        sqlite3_finalize(st[i]);
    return status;
}
