/* cmd_dict.c - `khaldun dict`: check, look up, convert and time dictionaries.
 *
 *   khaldun dict check DIR|FILE...             counts per kind; duplicates, conflicting and
 *                                              unknown codes, overlapping date ranges
 *   khaldun dict lookup "phrase" [--date D] [--dict DIR]...
 *                                              exact phrases, else a person's name variant
 *   khaldun dict convert FILE|DIR... -o DIR    PETRARCH / TABARI files into our format,
 *                                              one file per kind, checked by reloading
 *   khaldun dict bench FILE.conllu [--dict DIR]... [--repeat N] [--no-match]
 *                                              actor and verb matching at every word
 */
#include "cli.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "conllu.h"

#include "cameo.h"
#include "dict.h"

static void print_counts(FILE *out, const char *what, const kh_dict_counts *c)
{
    fprintf(out, "%s: actors %ld (synonyms %ld, dated codes %ld), agents %ld, "
                 "synsets %ld (members %ld), verb blocks %ld, verbs %ld, patterns %ld, "
                 "discards %ld, issues %ld (categories %ld, exclusions %ld), prepositions %ld, "
                 "time phrases %ld, nouns %ld, adjectives %ld, options %ld, other %ld, skipped %ld\n",
            what, c->actors, c->actor_synonyms, c->actor_dated, c->agents, c->synsets,
            c->synset_members, c->verb_blocks, c->verbs, c->patterns, c->discards, c->issues,
            c->issue_categories, c->issue_exclusions, c->prepositions, c->time_phrases, c->nouns,
            c->adjectives, c->options, c->other, c->skipped);
}

static int check_event_code(const char *code)
{
    return !code || kh_cameo_event_valid(code);
}

/* Unknown 3-letter elements are reported once each, as warnings: dictionaries have their
 * own conventions (Phoenix uses MUS, PPL ...) that the CAMEO reference lacks. */
typedef struct unknown_el {
    char el[4];
    long uses;
    const char *file;
    long line;
} unknown_el;

typedef struct code_checker {
    unknown_el *els;
    int n, cap;
    kh_diag *diag;
} code_checker;

static int is_upper_el(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (!(s[i] >= 'A' && s[i] <= 'Z'))
            return 0;
    return 1;
}

static void note_unknown(code_checker *cc, const char *el, const char *file, long line)
{
    for (int i = 0; i < cc->n; i++) {
        if (memcmp(cc->els[i].el, el, 3) == 0) {
            cc->els[i].uses++;
            return;
        }
    }
    if (cc->n == cc->cap) {
        int ncap = cc->cap ? cc->cap * 2 : 32;
        unknown_el *q = realloc(cc->els, (size_t)ncap * sizeof *q);
        if (!q)
            return;             /* only the report is shorter */
        cc->els = q;
        cc->cap = ncap;
    }
    unknown_el *u = &cc->els[cc->n++];
    memcpy(u->el, el, 3);
    u->el[3] = '\0';
    u->uses = 1;
    u->file = file;
    u->line = line;
}

/* One code (an actor code, or "---" + an agent's role part). Malformed codes are errors;
 * well-formed codes with elements the reference lacks are counted for one warning each. */
static void check_one(code_checker *cc, const char *code, const char *what, const char *file, long line)
{
    char why[128];
    if (strcmp(code, "---") == 0 || strcmp(code, "###") == 0 || strcmp(code, "+++") == 0)
        return;                 /* null, discard and complex codes (TABARI) */
    if (strchr(code, '/')) {    /* TABARI "FRO/BIL/SAM": several codes */
        char buf[128];
        snprintf(buf, sizeof buf, "%s", code);
        char *save = NULL;
        for (char *t = strtok_r(buf, "/", &save); t; t = strtok_r(NULL, "/", &save))
            check_one(cc, t, what, file, line);
        return;
    }
    if (kh_cameo_actor_check(code, why, sizeof why) == 0)
        return;
    size_t n = strlen(code);
    int wellformed = n > 0 && n % 3 == 0;
    for (size_t at = 0; wellformed && at < n; at += 3)
        wellformed = (at == 0 && strncmp(code, "---", 3) == 0) || is_upper_el(code + at);
    if (!wellformed) {
        kh_diag_error(cc->diag, file, line, "malformed %s code %s (%s)", what, code, why);
        return;
    }
    for (size_t at = 0; at < n; at += 3)
        if (!(at == 0 && strncmp(code, "---", 3) == 0) && !kh_cameo_element_get(code + at))
            note_unknown(cc, code + at, file, line);
}

/* Unknown codes and overlapping ranges, with FILE:LINE. */
static void check_entries(const kh_dict *d, kh_diag *diag)
{
    code_checker cc = {NULL, 0, 0, diag};
    for (int32_t i = 0; i < kh_dict_nactors(d); i++) {
        const kh_actor_entry *e = kh_dict_actor(d, i);
        for (int32_t k = 0; k < e->ncodes; k++) {
            check_one(&cc, e->codes[k].code, "actor", e->file, e->line);
            for (int32_t j = 0; j < k; j++) {
                const kh_dict_code *a = &e->codes[j], *b = &e->codes[k];
                if (a->ranged && b->ranged && a->from <= b->to && b->from <= a->to &&
                    strcmp(a->code, b->code) != 0)
                    kh_diag_warn(diag, e->file, e->line, "date ranges of %s and %s overlap", a->code, b->code);
            }
        }
    }
    for (int32_t i = 0; i < kh_dict_nagents(d); i++) {
        const kh_agent_entry *g = kh_dict_agent(d, i);
        char full[64];
        snprintf(full, sizeof full, "---%s", g->code);
        check_one(&cc, full, "agent", g->file, g->line);
    }
    for (int i = 0; i < cc.n; i++)
        kh_diag_warn(diag, cc.els[i].file, cc.els[i].line,
                     "element %s not in the CAMEO reference (used %ld time%s; first here)",
                     cc.els[i].el, cc.els[i].uses, cc.els[i].uses == 1 ? "" : "s");
    free(cc.els);
    for (int32_t b = 0; b < kh_dict_nblocks(d); b++) {
        const kh_verb_block *blk = kh_dict_block(d, b);
        for (int32_t v = 0; v < blk->nverbs; v++) {
            const kh_verb *vb = blk->verbs[v];
            if (!check_event_code(vb->code) || !check_event_code(vb->code2))
                kh_diag_error(diag, vb->file, vb->line, "unknown event code %s%s%s", vb->code ? vb->code : "",
                              vb->code2 ? ":" : "", vb->code2 ? vb->code2 : "");
        }
        for (int32_t p = 0; p < blk->npatterns; p++) {
            const kh_pattern *pt = &blk->patterns[p];
            if (pt->alt)
                continue;       /* reported once for its line */
            if (!check_event_code(pt->code) || !check_event_code(pt->code2))
                kh_diag_error(diag, pt->file, pt->line, "unknown event code %s%s%s", pt->code ? pt->code : "",
                              pt->code2 ? ":" : "", pt->code2 ? pt->code2 : "");
        }
    }
}

static int do_check(int argc, char **argv)
{
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    kh_dict *d = kh_dict_new();
    int fatal = 0, nfiles = 0;
    if (!d)
        return 2;
    for (int i = 2; i < argc; i++) {
        kh_dict_counts c;
        memset(&c, 0, sizeof c);
        if (kh_dict_load(d, argv[i], KH_DICT_UNKNOWN, &diag, &c) < 0)
            fatal = 1;
        print_counts(stdout, argv[i], &c);
        nfiles++;
    }
    if (nfiles == 0) {
        fprintf(stderr, "usage: khaldun dict check DIR|FILE...\n");
        kh_dict_free(d);
        return 2;
    }
    if (kh_dict_finish(d, &diag) < 0)
        fatal = 1;
    if (nfiles > 1)
        print_counts(stdout, "total", kh_dict_totals(d));
    long conflicts = 0;
    for (int32_t i = 0; i < kh_dict_ndups(d); i++) {
        const kh_dict_dup *x = kh_dict_dup_at(d, i);
        if (x->conflict) {
            conflicts++;
            kh_diag_warn(&diag, x->file2, x->line2, "%s phrase '%s' is also at %s:%ld with other codes",
                         x->kind, x->phrase, x->file1, x->line1);
        }
    }
    check_entries(d, &diag);
    printf("duplicates: %d (conflicting codes: %ld); errors: %ld; warnings: %ld\n",
           kh_dict_ndups(d), conflicts, diag.nerrors, diag.nwarnings);
    kh_dict_free(d);
    return fatal ? 2 : diag.nerrors > 0 ? 1 : 0;
}

static void print_actor(const kh_actor_entry *e, int32_t date)
{
    const char *c = kh_actor_code_on(e, date);
    printf("actor: %s (entity %s) at %s:%ld; code on the date: %s\n", e->name, e->entity, e->file,
           e->line, c ? c : "(none)");
    for (int32_t k = 0; k < e->ncodes; k++) {
        if (e->codes[k].ranged)
            printf("  %s %d..%d\n", e->codes[k].code, e->codes[k].from, e->codes[k].to);
        else
            printf("  %s (default)\n", e->codes[k].code);
    }
}

/* The dictionaries of dirs, or the bundled ones (DATA/dict) when none is named. Errors
 * go to stderr through *diag (initialised here), without the warnings. */
static kh_dict *open_dicts(const char **dirs, int ndirs, kh_diag *diag)
{
    char def[4096];
    const char *bundled[1] = { def };
    if (ndirs == 0) {
        snprintf(def, sizeof def, "%s/dict", kh_cli_data_dir());
        dirs = bundled;
        ndirs = 1;
    }
    kh_diag_init(diag, stderr);
    diag->quiet = 1;
    return kh_dict_open(dirs, ndirs, diag);
}

static int do_lookup(int argc, char **argv)
{
    const char *phrase = NULL, *dirs[32];
    int ndirs = 0;
    int32_t date = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--date") == 0 && i + 1 < argc) {
            date = kh_dict_date(argv[++i], 0);
            if (date < 0) {
                fprintf(stderr, "khaldun dict: bad date '%s' (YYYY-MM-DD)\n", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--dict") == 0 && i + 1 < argc && ndirs < 32) {
            dirs[ndirs++] = argv[++i];
        } else if (!phrase) {
            phrase = argv[i];
        } else {
            fprintf(stderr, "khaldun dict lookup: unexpected '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!phrase) {
        fprintf(stderr, "usage: khaldun dict lookup \"phrase\" [--date YYYY-MM-DD] [--dict DIR]...\n");
        return 2;
    }
    kh_diag diag;
    kh_dict *d = open_dicts(dirs, ndirs, &diag);
    if (!d)
        return 2;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_dict_sent s;
    int found = 0;
    if (kh_dict_prepare_text(d, phrase, &a, &s) == 0) {
        kh_actor_match m;
        if (kh_dict_match_actor(d, &s, 0, date, &a, &m) == 1 && m.end == s.n) {
            found = 1;
            printf("code: %s\n", m.code ? m.code : "(none on this date)");
            if (m.variant)
                printf("(name variant) of '%s', score %.2f\n", m.variant_of, m.variant_score);
            if (m.actor)
                print_actor(m.actor, date);
            if (m.agent)
                printf("agent: %s [%s%s%s] at %s:%ld\n", m.agent->name, m.agent->prefix ? "" : "~",
                       m.agent->code, m.agent->prefix ? "~" : "", m.agent->file, m.agent->line);
        }
        const kh_verb *v = kh_dict_verb_lookup(d, phrase);
        if (v) {
            const kh_verb_block *b = v->block;
            found = 1;
            printf("%s: %s in block %s at %s:%ld; default code %s%s%s\n", v->is_noun ? "noun" : "verb",
                   v->lemma, b->name ? b->name : "", v->file, v->line,
                   v->code ? v->code : "---", v->code2 ? ":" : "", v->code2 ? v->code2 : "");
            for (int32_t p = 0; p < b->npatterns; p++) {
                const kh_pattern *pt = &b->patterns[p];
                printf("  %s  [%s%s%s]  %s:%ld\n", pt->text, pt->code ? pt->code : "---",
                       pt->code2 ? ":" : "", pt->code2 ? pt->code2 : "", pt->file, pt->line);
            }
        }
        const kh_discard_entry *de;
        if (kh_dict_discard(d, &s, &de) != KH_DISCARD_NONE) {
            found = 1;
            printf("discard (%s): %s at %s:%ld\n", de->kind == KH_DISCARD_STORY ? "story" : "sentence",
                   de->phrase, de->file, de->line);
        }
        kh_issue_match im[8];
        int ni = kh_dict_find_issues(d, &s, im, 8);
        for (int i = 0; i < ni && i < 8; i++) {
            found = 1;
            printf("issue: %s at %s:%ld\n", im[i].issue->code, im[i].issue->file, im[i].issue->line);
        }
    }
    if (!found)
        printf("'%s': not in the dictionaries\n", phrase);
    kh_arena_free(&a);
    kh_dict_free(d);
    return found ? 0 : 1;
}

/* The counts that must survive a conversion (everything but "other" and "skipped"). */
static int same_counts(const kh_dict_counts *a, const kh_dict_counts *b, FILE *out)
{
    static const struct { const char *name; size_t off; } fields[] = {
#define F(x) {#x, offsetof(kh_dict_counts, x)}
        F(actors), F(actor_synonyms), F(actor_dated), F(agents), F(synsets), F(synset_members),
        F(verb_blocks), F(verbs), F(patterns), F(discards), F(issues), F(issue_exclusions),
        F(issue_categories), F(prepositions), F(time_phrases), F(nouns), F(adjectives), F(options),
#undef F
    };
    int same = 1;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        long x = *(const long *)((const char *)a + fields[i].off);
        long y = *(const long *)((const char *)b + fields[i].off);
        if (x != y) {
            fprintf(out, "khaldun dict convert: %s: %ld read, %ld after conversion\n", fields[i].name, x, y);
            same = 0;
        }
    }
    return same;
}

static int do_convert(int argc, char **argv)
{
    const char *outdir = NULL;
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    kh_dict *d = kh_dict_new();
    int nin = 0, fatal = 0;
    if (!d)
        return 2;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            outdir = argv[++i];
        } else {
            if (kh_dict_load(d, argv[i], KH_DICT_UNKNOWN, &diag, NULL) < 0)
                fatal = 1;
            nin++;
        }
    }
    if (nin == 0 || !outdir) {
        fprintf(stderr, "usage: khaldun dict convert FILE|DIR... -o DIR\n");
        kh_dict_free(d);
        return 2;
    }
    if (fatal || kh_dict_finish(d, &diag) < 0) {
        kh_dict_free(d);
        return 2;
    }
    if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
        kh_diag_error(&diag, outdir, 0, "cannot create the directory: %s", strerror(errno));
        kh_dict_free(d);
        return 2;
    }
    char origin[1024];
    snprintf(origin, sizeof origin, "%s%s", argv[2], nin > 1 ? " and more" : "");
    kh_dict *back = kh_dict_new();
    kh_diag bdiag;
    kh_diag_init(&bdiag, stderr);
    for (int k = 0; kh_dict_kinds[k] && back; k++) {
        if (kh_dict_kind_count(d, kh_dict_kinds[k]) == 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.dict", outdir, kh_dict_kinds[k]);
        FILE *f = fopen(path, "w");
        long n = f ? kh_dict_write_kind(d, kh_dict_kinds[k], origin, f) : -1;
        if (!f || fclose(f) != 0 || n < 0) {
            kh_diag_error(&diag, path, 0, "cannot write the file");
            fatal = 1;
            break;
        }
        printf("%s: %ld %s\n", path, n, kh_dict_kinds[k]);
        if (kh_dict_load(back, path, KH_DICT_OURS, &bdiag, NULL) < 0)
            fatal = 1;
    }
    /* The round trip: what the converted files hold must be what was read. */
    int same = back && !fatal && same_counts(kh_dict_totals(d), kh_dict_totals(back), stderr);
    print_counts(stdout, "read", kh_dict_totals(d));
    if (back)
        print_counts(stdout, "converted", kh_dict_totals(back));
    printf("round trip: %s; errors in the input: %ld; in the output: %ld\n", same ? "same counts" : "DIFFERENT",
           diag.nerrors, bdiag.nerrors);
    kh_dict_free(back);
    kh_dict_free(d);
    return fatal ? 2 : (!same || bdiag.nerrors > 0) ? 1 : 0;
}

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reads a CoNLL-U file, then matches actors and verbs at every word (kh_dict_prepare +
 * kh_dict_match_actor + kh_dict_match_verb). With --no-match only the reading and the
 * loading are done: the difference of two runs under callgrind is the matching cost. */
static int do_bench(int argc, char **argv)
{
    const char *input = NULL, *dirs[32];
    int ndirs = 0, repeat = 1, match = 1;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--dict") == 0 && i + 1 < argc && ndirs < 32)
            dirs[ndirs++] = argv[++i];
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (strcmp(argv[i], "--no-match") == 0)
            match = 0;
        else if (!input)
            input = argv[i];
        else {
            fprintf(stderr, "khaldun dict bench: unexpected '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!input || repeat < 1) {
        fprintf(stderr, "usage: khaldun dict bench FILE.conllu [--dict DIR]... [--repeat N] [--no-match]\n");
        return 2;
    }
    kh_diag diag;
    double t0 = now_sec();
    kh_dict *d = open_dicts(dirs, ndirs, &diag);
    if (!d)
        return 2;
    double t1 = now_sec();
    kh_conllu_reader *r = kh_conllu_open(input, &diag);
    if (!r) {
        kh_dict_free(d);
        return 2;
    }
    kh_arena a, scratch;
    kh_arena_init(&a, 0);
    kh_arena_init(&scratch, 0);
    kh_sentence *sents = NULL;
    long ns = 0, cap = 0, words = 0, actors = 0, verbs = 0;
    int rc;
    const char *nd;
    for (;;) {
        if (ns == cap) {
            long ncap = cap ? cap * 2 : 1024;
            kh_sentence *q = realloc(sents, (size_t)ncap * sizeof *q);
            if (!q) {
                rc = -1;
                break;
            }
            sents = q;
            cap = ncap;
        }
        if ((rc = kh_conllu_next(r, &a, &sents[ns], &nd)) <= 0)
            break;
        words += sents[ns].nwords;
        ns++;
    }
    kh_conllu_close(r);
    double t2 = now_sec();
    for (int rep = 0; rep < repeat && match && rc == 0; rep++) {
        for (long i = 0; i < ns; i++) {
            kh_dict_sent ds;
            kh_arena_reset(&scratch);
            if (kh_dict_prepare(d, &sents[i], &scratch, &ds) < 0) {
                rc = -1;
                break;
            }
            for (int32_t w = 0; w < ds.n; w++) {
                kh_actor_match am;
                kh_verb_match vm;
                actors += kh_dict_match_actor(d, &ds, w, 20100101, &scratch, &am) == 1;
                verbs += kh_dict_match_verb(d, &ds, w, &vm);
            }
        }
    }
    double t3 = now_sec();
    if (rc == 0) {
        printf("dictionary load: %.3f s; reading: %.3f s; %ld sentences, %ld words\n", t1 - t0, t2 - t1, ns, words);
        if (match) {
            double per = (t3 - t2) / ((double)words * repeat);
            printf("matching (x%d): %.3f s, %.1f ns per word, %.2f us per sentence; "
                   "actor matches %ld, verb matches %ld (per pass)\n",
                   repeat, t3 - t2, per * 1e9, (t3 - t2) / ((double)ns * repeat) * 1e6, actors / repeat,
                   verbs / repeat);
        }
    }
    free(sents);
    kh_arena_free(&scratch);
    kh_arena_free(&a);
    kh_dict_free(d);
    if (rc < 0)
        fprintf(stderr, "khaldun dict bench: cannot read %s (or out of memory)\n", input);
    return rc < 0 ? 2 : 0;
}

int cmd_dict(int argc, char **argv)
{
    if (argc < 2 || kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun dict check DIR|FILE...\n"
               "       khaldun dict lookup \"phrase\" [--date YYYY-MM-DD] [--dict DIR]...\n"
               "       khaldun dict convert FILE|DIR... -o DIR\n"
               "       khaldun dict bench FILE.conllu [--dict DIR]... [--repeat N] [--no-match]\n"
               "check dictionaries (ours, PETRARCH, TABARI), look phrases up in them, convert\n"
               "PETRARCH and TABARI files into our format and time the matchers;\n"
               "the default dictionary is data/dict under the data directory\n");
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "check") == 0)
        return do_check(argc, argv);
    if (strcmp(argv[1], "lookup") == 0)
        return do_lookup(argc, argv);
    if (strcmp(argv[1], "convert") == 0)
        return do_convert(argc, argv);
    if (strcmp(argv[1], "bench") == 0)
        return do_bench(argc, argv);
    fprintf(stderr, "khaldun dict: unknown subcommand '%s' (check, lookup, convert, bench)\n", argv[1]);
    return 2;
}
