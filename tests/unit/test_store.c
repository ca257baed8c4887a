/* test_store.c - the event store: schema and forward migration, replacing a
 * re-coded document, merged events, query filters, entities across documents and
 * a run killed with SIGKILL that resumes to the database a clean run makes. */
#include "testutil.h"

#include "store.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/kh_test_store_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *db_path(const char *name)
{
    static char p[320];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

static long sql_long(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    long v = -1;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static char *sql_text(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    char *v = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* A document with one sentence per event; events "SRC TGT CODE" with the doc's date. */
typedef struct spec { const char *src, *tgt, *code; } spec;

static void make_doc(kh_arena *a, kh_doc *d, kh_events *ev, const char *id, const char *date,
                     const spec *sp, int n)
{
    kh_doc_init(d, a);
    d->id = id;
    d->date = date;
    d->source = "outlet";
    memset(ev, 0, sizeof *ev);
    ev->ev = kh_arena_calloc(a, (size_t)(n ? n : 1), sizeof *ev->ev);
    ev->cap = n ? n : 1;
    for (int i = 0; i < n; i++) {
        kh_sentence *s = kh_doc_add_sentence(d);
        char text[200], eid[100];
        snprintf(text, sizeof text, "%s did %s to %s.", sp[i].src, sp[i].code, sp[i].tgt);
        s->text = kh_arena_strdup(a, text);
        kh_event *e = &ev->ev[ev->n++];
        snprintf(eid, sizeof eid, "%s-%d-0", id, i);
        e->event_id = kh_arena_strdup(a, eid);
        e->doc_id = id;
        e->sentence = i;
        e->date = date;
        e->date_precision = "day";
        e->source.code = sp[i].src;
        e->source.country = kh_arena_strndup(a, sp[i].src, 3);
        e->source.text = sp[i].src;
        e->target.code = sp[i].tgt;
        e->target.country = kh_arena_strndup(a, sp[i].tgt, 3);
        e->target.text = sp[i].tgt;
        e->cameo = sp[i].code;
        e->root = kh_arena_strndup(a, sp[i].code, 2);
        e->quad_class = 1;
        e->goldstein = 1.0;
        e->has_goldstein = 1;
        e->sentence_text = s->text;
        e->pattern = "test";
    }
}

static void add(kh_store *s, const char *id, const char *date, const spec *sp, int n)
{
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc d;
    kh_events ev;
    make_doc(&a, &d, &ev, id, date, sp, n);
    int rc = kh_store_add_doc(s, &d, &ev);
    if (rc)
        fprintf(stderr, "# %s\n", kh_store_error(s));
    assert_int_equal(rc, 0);
    kh_arena_free(&a);
}

static kh_store *open_ok(const char *path)
{
    char *err = NULL;
    kh_store *s = kh_store_open(path, &err);
    if (!s)
        fprintf(stderr, "# %s\n", err);
    assert_non_null(s);
    return s;
}

static void test_schema_created(void **state)
{
    (void)state;
    const char *p = db_path("fresh.db");
    kh_store *s = open_ok(p);
    assert_int_equal(kh_store_close(s), 0);
    assert_int_equal(sql_long(p, "PRAGMA user_version"), KH_STORE_VERSION);
    assert_int_equal(sql_long(p, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
                                 " ('documents','sentences','mentions','entities','events','merged','merged_reports','meta')"), 8);
    char *mode = sql_text(p, "PRAGMA journal_mode");
    assert_string_equal(mode, "wal");
    free(mode);
    /* reopening a current database changes nothing */
    s = open_ok(p);
    assert_int_equal(kh_store_close(s), 0);
    assert_int_equal(sql_long(p, "PRAGMA user_version"), KH_STORE_VERSION);
}

/* Version 1 as it was: no entities, mentions or merged events. */
static const char v1_schema[] =
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
    "CREATE INDEX events_doc ON events(doc, ord);"
    "INSERT INTO documents VALUES(1, 'old-1', '2020-05-01', 'wire', NULL, NULL);"
    "INSERT INTO sentences VALUES(1, 0, 0, 20, 'An old sentence.');"
    "INSERT INTO events(doc, ord, event_id, sentence, date, src_code, tgt_code, cameo, root)"
    " VALUES(1, 0, 'old-1-0-0', 0, '2020-05-01', 'USAGOV', 'IRQGOV', '042', '04');"
    "PRAGMA user_version = 1;";

static int collect(void *ctx, const kh_event *e)
{
    kh_buf *b = ctx;
    kh_event_to_json(b, e);
    kh_buf_putc(b, '\n');
    return 0;
}

static void test_migrates_v1(void **state)
{
    (void)state;
    const char *p = db_path("v1.db");
    sqlite3 *db;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, v1_schema, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    kh_store *s = open_ok(p);
    kh_store_query q;
    memset(&q, 0, sizeof q);
    kh_buf b = KH_BUF_INIT;
    long nraw = 0, nmerged = 0;
    assert_int_equal(kh_store_query_events(s, &q, collect, &b, &nraw, &nmerged), 0);
    assert_int_equal(nraw, 1);
    assert_int_equal(nmerged, 1);
    assert_non_null(strstr(b.data, "\"event_id\":\"old-1-0-0\""));
    assert_non_null(strstr(b.data, "\"sentence_text\":\"An old sentence.\""));
    assert_non_null(strstr(b.data, "\"reports\":[\"old-1\"]"));
    kh_buf_free(&b);
    spec sp[] = {{"IRQGOV", "USAGOV", "043"}};
    add(s, "new-1", "2024-01-02", sp, 1);
    assert_int_equal(kh_store_close(s), 0);
    assert_int_equal(sql_long(p, "PRAGMA user_version"), KH_STORE_VERSION);
    assert_int_equal(sql_long(p, "SELECT count(*) FROM events WHERE src_entity IS NULL"), 2);   /* new column */
    assert_int_equal(sql_long(p, "SELECT count(*) FROM merged"), 2);
}

static void test_newer_schema_refused(void **state)
{
    (void)state;
    const char *p = db_path("v99.db");
    sqlite3 *db;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99;", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char *err = NULL;
    assert_null(kh_store_open(p, &err));
    assert_non_null(err);
    assert_non_null(strstr(err, "newer"));
    assert_non_null(strstr(err, "v99.db"));
    free(err);
}

static void test_recode_replaces(void **state)
{
    (void)state;
    const char *p = db_path("recode.db");
    kh_store *s = open_ok(p);
    spec two[] = {{"USA", "IRQ", "042"}, {"IRQ", "USA", "043"}}, one[] = {{"USA", "IRN", "112"}};
    add(s, "a", "2024-01-01", two, 2);
    add(s, "b", "2024-01-01", one, 1);
    assert_int_equal(kh_store_has_doc(s, "a"), 1);
    assert_int_equal(kh_store_has_doc(s, "zzz"), 0);
    add(s, "a", "2024-01-03", one, 1);   /* re-coded: one event now */
    assert_int_equal(kh_store_close(s), 0);
    assert_int_equal(sql_long(p, "SELECT count(*) FROM documents"), 2);
    assert_int_equal(sql_long(p, "SELECT count(*) FROM events"), 2);
    assert_int_equal(sql_long(p, "SELECT count(*) FROM sentences"), 2);
    assert_int_equal(sql_long(p, "SELECT count(*) FROM events e JOIN documents d ON d.id = e.doc"
                                 " WHERE d.doc_id = 'a' AND e.cameo = '112' AND e.date = '2024-01-03'"), 1);
}

/* Three outlets report one meeting, one outlet a second meeting two months later. */
static void fill_story(kh_store *s)
{
    spec meet[] = {{"IRQGOV", "USAGOV", "040"}}, visit[] = {{"USAGOV", "IRQGOV", "042"}, {"IRQGOV", "USAGOV", "040"}};
    spec praise[] = {{"USAGOV", "IRQ", "051"}};
    add(s, "outlet-a-1", "2024-04-13", meet, 1);
    add(s, "outlet-b-1", "2024-04-14", meet, 1);
    add(s, "outlet-c-1", "2024-04-15", visit, 2);
    add(s, "outlet-a-2", "2024-06-02", meet, 1);
    add(s, "outlet-b-2", "2023-02-10", praise, 1);
}

static void test_merges_reports(void **state)
{
    (void)state;
    const char *p = db_path("story.db");
    kh_store *s = open_ok(p);
    fill_story(s);
    assert_int_equal(kh_store_dedup(s), 4);   /* meeting x3, visit, second meeting, praise */
    kh_store_query q;
    memset(&q, 0, sizeof q);
    q.merged = 1;
    q.code = "040";
    kh_buf b = KH_BUF_INIT;
    long nraw, nmerged;
    assert_int_equal(kh_store_query_events(s, &q, collect, &b, &nraw, &nmerged), 0);
    assert_int_equal(nraw, 4);
    assert_int_equal(nmerged, 2);
    assert_non_null(strstr(b.data, "\"reports\":[\"outlet-a-1\",\"outlet-b-1\",\"outlet-c-1\"]"));
    assert_non_null(strstr(b.data, "\"reports\":[\"outlet-a-2\"]"));
    assert_null(strstr(b.data, "\"event_id\":\"outlet-b-1-0-0\""));   /* represented by a-1 */
    kh_buf_free(&b);
    assert_int_equal(kh_store_close(s), 0);
    assert_int_equal(sql_long(p, "SELECT max(nreports) FROM merged"), 3);
}

static long count(kh_store *s, kh_store_query *q)
{
    long nraw = -1, nmerged = -1;
    assert_int_equal(kh_store_query_events(s, q, NULL, NULL, &nraw, &nmerged), 0);
    return nraw * 100 + nmerged;
}

static void test_query_filters(void **state)
{
    (void)state;
    kh_store *s = open_ok(db_path("filters.db"));
    fill_story(s);
    kh_store_query q;
    memset(&q, 0, sizeof q);
    assert_int_equal(count(s, &q), 604);
    q.src = "USA";
    assert_int_equal(count(s, &q), 202);
    q.tgt = "IRQGOV";
    assert_int_equal(count(s, &q), 101);
    memset(&q, 0, sizeof q);
    q.from = "2024-04";
    q.to = "2024-04";
    assert_int_equal(count(s, &q), 402);
    q.to = "2024";
    assert_int_equal(count(s, &q), 503);
    q.from = "2024-04-14";
    assert_int_equal(count(s, &q), 402);   /* raw b-1, c-1 x2, a-2; merged: the meeting is dated by its first report */
    memset(&q, 0, sizeof q);
    q.root = "04";
    assert_int_equal(count(s, &q), 503);
    q.root = "05";
    assert_int_equal(count(s, &q), 101);
    memset(&q, 0, sizeof q);
    q.code = "042";
    assert_int_equal(count(s, &q), 101);
    memset(&q, 0, sizeof q);
    q.actor = "usagov";   /* a code, case-insensitive */
    assert_int_equal(count(s, &q), 604);   /* every event has USAGOV on one side */
    q.actor = "Turkey";
    assert_int_equal(count(s, &q), 0);
    assert_int_equal(kh_store_close(s), 0);
}

/* Mentions need words: a sentence "Form/UPOS ..." whose text is the forms. */
static void tagged_doc(kh_arena *a, kh_doc *d, const char *id, const char *tagged)
{
    kh_doc_init(d, a);
    d->id = id;
    d->date = "2024-04-13";
    char *copy = kh_arena_strdup(a, tagged), text[512] = "";
    kh_word *w = kh_arena_calloc(a, 64, sizeof *w);
    int n = 0;
    size_t len = 0;
    for (char *t = strtok(copy, " "); t; t = strtok(NULL, " ")) {
        char *slash = strrchr(t, '/');
        *slash = '\0';
        if (len)
            text[len++] = ' ';
        w[n].form = t;
        w[n].upos = (uint8_t)kh_upos_from_name(slash + 1);
        w[n].start = (uint32_t)len;
        len += (size_t)snprintf(text + len, sizeof text - len, "%s", t);
        w[n++].end = (uint32_t)len;
    }
    d->text = kh_arena_strdup(a, text);
    d->text_len = len;
    kh_sentence *s = kh_doc_add_sentence(d);
    s->words = w;
    s->nwords = n;
    s->end = (uint32_t)len;
    s->text = d->text;
}

typedef struct seen { int n; char names[8][64]; int naliases[8]; char ids[8][64]; } seen;

static int see(void *ctx, const kh_store_entity *e)
{
    seen *x = ctx;
    if (x->n < 8) {
        snprintf(x->names[x->n], 64, "%s", e->name);
        snprintf(x->ids[x->n], 64, "%s", e->id);
        x->naliases[x->n] = e->naliases;
        x->n++;
    }
    return 0;
}

static void test_entities_across_documents(void **state)
{
    (void)state;
    const char *p = db_path("entities.db");
    const char *docs[] = {
        "Thabet/PROPN al-Abbasi/PROPN met/VERB Omar/PROPN Farouk/PROPN ./PUNCT",
        "Thabit/PROPN Al/PROPN Abbasi/PROPN spoke/VERB ./PUNCT",
        "Abbasi/PROPN left/VERB ./PUNCT",
    };
    kh_store *s = open_ok(p);
    for (int i = 0; i < 3; i++) {
        kh_arena a;
        kh_arena_init(&a, 0);
        kh_doc d;
        char id[16];
        snprintf(id, sizeof id, "doc%d", i);
        tagged_doc(&a, &d, id, docs[i]);
        kh_events ev;
        memset(&ev, 0, sizeof ev);
        assert_int_equal(kh_store_add_doc(s, &d, &ev), 0);
        kh_arena_free(&a);
    }
    assert_int_equal(kh_store_close(s), 0);
    /* a later run (a new index loaded from the database) resolves to the same id */
    s = open_ok(p);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc d;
    tagged_doc(&a, &d, "doc3", "Thabit/PROPN Muhammad/PROPN al-Abassi/PROPN arrived/VERB ./PUNCT");
    kh_events ev;
    memset(&ev, 0, sizeof ev);
    assert_int_equal(kh_store_add_doc(s, &d, &ev), 0);
    kh_arena_free(&a);
    seen x;
    memset(&x, 0, sizeof x);
    assert_int_equal(kh_store_entities(s, 1, 2, see, &x), 0);
    assert_int_equal(x.n, 1);   /* Omar Farouk is mentioned once */
    assert_string_equal(x.ids[0], "u:thabet_al-abbasi");
    assert_string_equal(x.names[0], "Thabit Muhammad al-Abassi");
    assert_int_equal(x.naliases[0], 4);
    assert_int_equal(kh_store_close(s), 0);
    assert_int_equal(sql_long(p, "SELECT count(DISTINCT entity) FROM mentions"), 2);
}

typedef struct sugg { int n; char suggest[32], why[32], example[128]; int known_seen; } sugg;

static int see_sugg(void *ctx, const kh_store_entity *e)
{
    sugg *x = ctx;
    x->n++;
    if (e->known)
        x->known_seen++;
    if (e->suggest && !x->suggest[0]) {
        snprintf(x->suggest, sizeof x->suggest, "%s", e->suggest);
        snprintf(x->why, sizeof x->why, "%s", e->why);
        snprintf(x->example, sizeof x->example, "%s", e->nexamples ? e->examples[0] : "");
    }
    return 0;
}

/* With a dictionary, an unknown minister gets the code of his title, and the
 * dictionary's actors become known entities with their own ids. */
static void test_unknown_actor_suggestion(void **state)
{
    (void)state;
    static const char dict_text[] = "%kind actors\nIraq | Iraqi\tIRQ\ttype=country country=IRQ\n"
                                    "%kind agents\ndefense minister\tGOVMIL\n";
    kh_dict *dict = kh_dict_new();
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    assert_int_equal(kh_dict_load_mem(dict, "t.dict", dict_text, strlen(dict_text), KH_DICT_OURS, &diag, NULL), 0);
    assert_int_equal(kh_dict_finish(dict, &diag), 0);
    kh_store *s = open_ok(db_path("suggest.db"));
    kh_store_set_dict(s, dict);
    for (int i = 0; i < 2; i++) {
        kh_arena a;
        kh_arena_init(&a, 0);
        kh_doc d;
        tagged_doc(&a, &d, i ? "s1" : "s0",
                   "Iraqi/ADJ Defense/PROPN Minister/PROPN Zubair/PROPN Haddad/PROPN arrived/VERB ./PUNCT");
        kh_events ev;
        memset(&ev, 0, sizeof ev);
        assert_int_equal(kh_store_add_doc(s, &d, &ev), 0);
        kh_arena_free(&a);
    }
    sugg x;
    memset(&x, 0, sizeof x);
    assert_int_equal(kh_store_entities(s, 1, 2, see_sugg, &x), 0);
    assert_int_equal(x.n, 1);
    assert_int_equal(x.known_seen, 0);
    assert_string_equal(x.suggest, "IRQGOVMIL");
    assert_string_equal(x.why, "title");
    assert_non_null(strstr(x.example, "Zubair Haddad"));
    memset(&x, 0, sizeof x);
    assert_int_equal(kh_store_entities(s, 0, 1, see_sugg, &x), 0);
    assert_int_equal(x.n, 2);   /* iraq (known) and the minister */
    assert_int_equal(x.known_seen, 1);
    assert_int_equal(kh_store_close(s), 0);
    kh_dict_free(dict);
}

/* ---- kill -9 --------------------------------------------------------------------- */

#define NDOCS 400

static void add_numbered(kh_store *s, int i)
{
    char id[32], date[16];
    snprintf(id, sizeof id, "k%04d", i);
    snprintf(date, sizeof date, "2024-%02d-%02d", 1 + i % 12, 1 + i % 28);
    spec sp[] = {{"USAGOV", "IRQGOV", "042"}, {"IRQGOV", "USAGOV", i % 3 ? "043" : "040"}};
    add(s, id, date, sp, 2);
}

static char *dump(const char *path)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT d.doc_id, e.event_id, e.cameo, e.date FROM events e"
                                            " JOIN documents d ON d.id = e.doc ORDER BY d.id, e.ord", -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
        kh_buf_printf(&b, "%s %s %s %s\n", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
                      sqlite3_column_text(st, 2), sqlite3_column_text(st, 3));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return b.data;
}

static void test_kill9_then_resume(void **state)
{
    (void)state;
    const char *pk = db_path("killed.db");
    char killed[320];
    snprintf(killed, sizeof killed, "%s", pk);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {   /* the run that will be killed: slow, small batches */
        char *err = NULL;
        kh_store *s = kh_store_open(killed, &err);
        if (!s)
            _exit(3);
        kh_store_set_batch(s, 7);
        for (int i = 0; i < NDOCS; i++) {
            add_numbered(s, i);
            usleep(3000);
        }
        kh_store_close(s);
        _exit(0);
    }
    /* wait until some batches are committed, then kill it mid-run */
    long n = 0;
    for (int tries = 0; tries < 2000 && n < 50; tries++) {
        usleep(5000);
        struct stat sb;
        if (stat(killed, &sb) == 0 && sb.st_size > 0) {
            sqlite3 *db;
            sqlite3_stmt *st;
            if (sqlite3_open_v2(killed, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
                sqlite3_busy_timeout(db, 1000);
                if (sqlite3_prepare_v2(db, "SELECT count(*) FROM documents", -1, &st, NULL) == SQLITE_OK) {
                    if (sqlite3_step(st) == SQLITE_ROW)
                        n = (long)sqlite3_column_int64(st, 0);
                    sqlite3_finalize(st);
                }
            }
            sqlite3_close(db);
        }
    }
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFSIGNALED(status));
    char *ok = sql_text(killed, "PRAGMA integrity_check");
    assert_string_equal(ok, "ok");
    free(ok);
    long stored = sql_long(killed, "SELECT count(*) FROM documents");
    assert_true(stored >= 50 && stored < NDOCS);
    assert_int_equal(stored % 7, 0);   /* whole batches only */
    assert_int_equal(sql_long(killed, "SELECT count(*) FROM events"), stored * 2);
    /* resume: skip what is stored */
    kh_store *s = open_ok(killed);
    int skipped = 0;
    for (int i = 0; i < NDOCS; i++) {
        char id[32];
        snprintf(id, sizeof id, "k%04d", i);
        int has = kh_store_has_doc(s, id);
        assert_true(has >= 0);
        if (has)
            skipped++;
        else
            add_numbered(s, i);
    }
    assert_int_equal(skipped, stored);
    assert_int_equal(kh_store_close(s), 0);
    /* a clean run */
    const char *pc = db_path("clean.db");
    s = open_ok(pc);
    for (int i = 0; i < NDOCS; i++)
        add_numbered(s, i);
    assert_int_equal(kh_store_close(s), 0);
    char *a = dump(killed), *b = dump(pc);
    assert_non_null(a);
    assert_string_equal(a, b);
    assert_int_equal(sql_long(killed, "SELECT count(*) FROM merged"), sql_long(pc, "SELECT count(*) FROM merged"));
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_created),
        cmocka_unit_test(test_migrates_v1),
        cmocka_unit_test(test_newer_schema_refused),
        cmocka_unit_test(test_recode_replaces),
        cmocka_unit_test(test_merges_reports),
        cmocka_unit_test(test_query_filters),
        cmocka_unit_test(test_entities_across_documents),
        cmocka_unit_test(test_unknown_actor_suggestion),
        cmocka_unit_test(test_kill9_then_resume),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
