/* cmd_validate.c - `khaldun validate FILE`: code a validation suite and score it.
 *
 * FILE is a PETRARCH validation XML (dictionaries named by its <Environment>, found
 * beside it; <Config> elements change options for the records that follow), a
 * TABARI project (.project naming its .actors, .verbs, .agents, .options and text
 * file), or a JSONL gold set of our own (records with an "events" array; our
 * dictionaries and model). Every mismatch is printed; the run ends with
 * "N passed, N failed" (and precision/recall for gold sets). */
#include "cli.h"

#include "pipeline.h"
#include "reader.h"
#include "validate.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct vrun {
    kh_code_opts opts;       /* current options: <Config> changes them as records go by */
    int verbose, show_passes;
    kh_diag *diag;
    char forward[32];        /* TABARI FORWARD: the record id's sequence format ("" off) */
    long story, sent;        /* story and sentence numbers of the record before (-1 none) */
    char first_actor[16];    /* the first actor of the record before ("" none) */
} vrun;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: khaldun validate FILE [options]\n"
            "FILE: a PETRARCH validation XML, a TABARI .project, or a JSONL gold set.\n"
            "  --dict PATH        use these dictionaries instead of the ones the suite names\n"
            "  --model F          tagging/parsing model\n"
            "  --use-file-parses  code the trees the records carry (CoNLL-U <Parse>) instead of parsing\n"
            "  --all              run every record, also categories the <Include> leaves out\n"
            "  --verbose          print the coder's trace for each failed record; --passes: list passes too\n"
            "  --option NAME=V    set a coder option for the whole run\n"
            "Prints each mismatch and ends with \"N passed, N failed\".\n");
}

static void on_config(void *ctx, const char *option, const char *value, const char *file, long line)
{
    vrun *v = ctx;
    if (strcmp(option, "tabari") == 0) {
        /* TABARI OPTION blocks: the commands of its .options file that bear on coding */
        if (kh_tabari_forward(value, v->forward, sizeof v->forward) >= 0)
            return;
        if (kh_tabari_option(&v->opts, value) < 0)
            kh_diag_warn(v->diag, file, line, "TABARI option '%s' not understood; ignored", value);
        return;
    }
    if (kh_code_opts_set(&v->opts, option, value) < 0)
        kh_diag_warn(v->diag, file, line, "unknown option '%s' ignored", option);
}

static void copy_str(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src);
    if (len >= n)
        len = n - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* dir/name into out; name as is when absolute. */
static void beside(char *out, size_t n, const char *file, const char *name)
{
    const char *slash = strrchr(file, '/');
    if (name[0] == '/' || !slash)
        snprintf(out, n, "%s", name);
    else
        snprintf(out, n, "%.*s/%s", (int)(slash - file), file, name);
}

static int in_include(const char *include, const char *cat)
{
    if (!include || !*include || !cat)
        return 1;
    size_t n = strlen(cat);
    for (const char *p = include; *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t')
            e++;
        if ((size_t)(e - p) == n && strncasecmp(p, cat, n) == 0)
            return 1;
        p = e;
    }
    return 0;
}

/* TABARI's FORWARD, before record doc is coded: when it continues the story of the record
 * before (same story number, next sentence number), a pronoun opening it stands for that
 * record's first actor. */
static void forward_before(vrun *v, const kh_doc *doc)
{
    long story, sent;
    v->opts.forward_actor[0] = '\0';
    if (!v->forward[0] || kh_tabari_sequence(v->forward, doc->id, &story, &sent) < 0) {
        v->story = v->sent = -1;
        return;
    }
    if (story == v->story && sent == v->sent + 1)
        copy_str(v->opts.forward_actor, sizeof v->opts.forward_actor, v->first_actor);
    v->story = story;
    v->sent = sent;
}

/* ... and after it: its first actor of the dictionary, the actor's own code without agents
 * ("Fornost President Umbardacil" -> FOR). A pronoun forwarded into it does not count:
 * TABARI forwards no further than one record ("secondary forwarding"). */
static void forward_after(vrun *v, const kh_dict *d, kh_doc *doc, kh_arena *a)
{
    v->first_actor[0] = '\0';
    if (!v->forward[0] || !doc->nsents)
        return;
    kh_dict_sent ds;
    kh_actor_match *am = NULL;
    int32_t date = doc->date ? kh_dict_date(doc->date, 0) : 0;
    if (date < 0)
        date = 0;
    if (kh_dict_prepare(d, &doc->sents[0], a, &ds) < 0)
        return;
    int n = kh_dict_find_actors(d, &ds, date, a, &am);
    for (int k = 0; k < n; k++) {
        const char *code = am[k].actor ? kh_actor_code_on(am[k].actor, date) : NULL;
        if (code && *code) {
            copy_str(v->first_actor, sizeof v->first_actor, code);
            return;
        }
    }
}

/* Reads a TABARI .project: fills the file names found in it. */
static int read_project(const char *path, char names[5][1024])
{
    static const char *const keys[5] = {"<actorsfile>", "<verbsfile>", "<agentsfile>", "<optionsfile>", "<textfile>"};
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        for (int k = 0; k < 5; k++) {
            size_t kl = strlen(keys[k]);
            if (strncasecmp(line, keys[k], kl) != 0)
                continue;
            char *v = line + kl;
            while (*v == ' ' || *v == '\t')
                v++;
            v[strcspn(v, " \t\r\n")] = '\0';
            beside(names[k], 1024, path, v);
        }
    }
    fclose(f);
    return 0;
}

/* Applies the commands of a TABARI .options file that bear on coding (COMPLEX:,
 * COMMA:, DEFAULT:, SET: CODE ..., SET: MINIMUM WORDS ..., and FORWARD: into forward);
 * "//" starts a comment, "~~~~~" ends the file; commands we do not model (LABEL:,
 * OUTPUT: ...) are passed by. */
static int read_tabari_options(const char *path, kh_code_opts *o, char *forward, size_t nforward,
                               kh_diag *diag)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        kh_diag_error(diag, path, 0, "cannot open the TABARI options file");
        return -1;
    }
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char *c = strstr(line, "//");
        if (c)
            *c = '\0';
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "~~~~~", 5) == 0)
            break;
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p && kh_tabari_forward(p, forward, nforward) < 0)
            kh_tabari_option(o, p);
    }
    fclose(f);
    return 0;
}

typedef struct suite {
    const char *path;
    int kind;                  /* 0 jsonl gold, 1 PETRARCH XML, 2 TABARI project */
    int universal;             /* the UniversalPetrarch file (CoNLL-U parses) */
    char text[1024];           /* the records file */
    char dicts[6][1024];
    char options[1024];        /* TABARI: the .options file ("" when none) */
    int ndicts;
} suite;

int cmd_validate(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    kh_pipeline_opts po;
    kh_pipeline_opts_init(&po);
    po.data_dir = kh_cli_data_dir();
    vrun v;
    memset(&v, 0, sizeof v);
    v.story = v.sent = -1;
    const char *file = NULL;
    const char **udicts = calloc((size_t)argc + 1, sizeof *udicts);
    if (!udicts)
        return 2;
    int nud = 0, bad = 0, all = 0;
    kh_code_opts forced;
    kh_code_opts_init(&forced);
    char forced_name[8][64], forced_val[8][128];
    int nforced = 0;
    for (int i = 1; i < argc && !bad; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--dict") == 0 && val) udicts[nud++] = argv[++i];
        else if (strcmp(a, "--model") == 0 && val) po.model_path = argv[++i];
        else if (strcmp(a, "--use-file-parses") == 0) po.use_file_parses = 1;
        else if (strcmp(a, "--all") == 0) all = 1;
        else if (strcmp(a, "--verbose") == 0) v.verbose = 1;
        else if (strcmp(a, "--passes") == 0) v.show_passes = 1;
        else if (strcmp(a, "--option") == 0 && val && nforced < 8) {
            const char *eq = strchr(val, '=');
            i++;
            if (!eq || (size_t)(eq - val) >= 64) bad = 1;
            else {
                snprintf(forced_name[nforced], 64, "%.*s", (int)(eq - val), val);
                snprintf(forced_val[nforced], 128, "%s", eq + 1);
                bad = kh_code_opts_set(&forced, forced_name[nforced], forced_val[nforced]) < 0;
                nforced++;
            }
        } else if (a[0] == '-' && a[1]) bad = 1;
        else if (!file) file = a;
        else bad = 1;
    }
    if (bad || !file) {
        usage(stderr);
        free(udicts);
        return 2;
    }
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    v.diag = &diag;
    suite su;
    memset(&su, 0, sizeof su);
    su.path = file;
    copy_str(su.text, sizeof su.text, file);
    if (has_suffix(file, ".project")) {
        char names[5][1024] = {"", "", "", "", ""};
        if (read_project(file, names) < 0 || !names[4][0]) {
            kh_diag_error(&diag, file, 0, "cannot read the TABARI project (or it names no <textfile>)");
            free(udicts);
            return 2;
        }
        su.kind = 2;
        copy_str(su.text, sizeof su.text, names[4]);
        for (int k = 0; k < 4; k++)
            if (names[k][0])
                copy_str(su.dicts[su.ndicts++], 1024, names[k]);
        copy_str(su.options, sizeof su.options, names[3]);
    } else if (has_suffix(file, ".xml")) {
        su.kind = 1;
        su.universal = strstr(file, "udpipe") != NULL;
    }
    /* Validation suites code with their own dictionaries, as the original coders do:
     * no intent rewriting, no statement coding unless asked. */
    v.opts = po.code;
    if (su.kind) {
        v.opts.intent_codes = 0;
        v.opts.fill_agents = 0;
        v.opts.max_words = 0;
        v.opts.place_targets = 1;   /* their coders take an actor in a place phrase as target */
    }
    if (su.kind == 1)
        v.opts.coref = 0;        /* the records are single sentences coded alone */
    if (su.universal)
        v.opts.split_codes = 0;  /* its gold writes "FRO/BIL/SAM" as one code */
    if (su.kind == 1)            /* how each coder reads a passive without "by" agent */
        v.opts.agentless_passive = su.universal ? 2 : 1;
    if (su.kind == 1 && !su.universal) {
        /* PETRARCH's own configuration: comma clauses of 2..8 words in the middle and at
         * the end are removed (the records' comments name this state); UniversalPetrarch's
         * gold was made without that step */
        v.opts.comma_min = v.opts.comma_emin = 2;
        v.opts.comma_max = v.opts.comma_emax = 8;
        v.opts.verb_phrases = 1;    /* and its reading of a coded verb's phrase */
        v.opts.exact_words = 1;  /* PETRARCH matches a pattern's words as written */
        v.opts.first_np_actor = 1;  /* and keeps the first actor of a noun phrase */
    }
    if (su.kind == 2)
        v.opts.shallow = 1;      /* TABARI's records test its shallow reading */
    if (su.kind == 2) {
        v.opts.code_by = KH_CODE_BY_CLAUSE;   /* TABARI's default: SET: CODE BY CLAUSE */
        /* and its comma clauses: the state the records file restores after its tests
         * ("COMMA: MIN = 2 MAX = 10 EMIN = 2 EMAX = 10 BMIN = 255 BMAX = 0") */
        v.opts.comma_min = v.opts.comma_emin = 2;
        v.opts.comma_max = v.opts.comma_emax = 10;
        v.opts.min_words = 8;   /* its default minimum sentence length (SET: MINIMUM WORDS) */
        v.opts.time_shift = 1;  /* on while the .verbs file has <TIME> phrases (SET: TIME SHIFT) */
        if (su.options[0] && read_tabari_options(su.options, &v.opts, v.forward, sizeof v.forward, &diag) < 0) {
            free(udicts);
            return 2;
        }
    }
    for (int k = 0; k < nforced; k++)
        kh_code_opts_set(&v.opts, forced_name[k], forced_val[k]);

    kh_read_opts ro = {0};
    ro.format = su.kind == 1 ? KH_FMT_PETRARCH_XML : su.kind == 2 ? KH_FMT_TABARI : KH_FMT_AUTO;
    kh_reader *rd = kh_reader_open(su.text, &ro, &diag);
    if (!rd) {
        free(udicts);
        return 2;
    }
    kh_reader_on_config(rd, on_config, &v);
    kh_arena arena;
    kh_arena_init(&arena, 0);
    kh_doc doc;
    int got = kh_reader_next(rd, &arena, &doc);
    /* dictionaries: the user's, else the suite's (known only after the first record) */
    const char *paths[8];
    int np = 0;
    if (nud) {
        for (int k = 0; k < nud && k < 8; k++)
            paths[np++] = udicts[k];
    } else if (su.kind == 1) {
        const kh_petrarch_env *env = kh_reader_petrarch_env(rd);
        const char *names[4] = {env ? env->verbfile : NULL, env ? env->actorfile : NULL,
                                env ? env->agentfile : NULL, env ? env->discardfile : NULL};
        if (su.universal) {          /* per the README: UniversalPetrarch's own two files */
            names[0] = "PETR.Validate.verbs.2.0.txt";
            names[1] = "PETR.Validate.actors.UniversalPetrarch.txt";
        }
        for (int k = 0; k < 4; k++)
            if (names[k]) {
                beside(su.dicts[su.ndicts], 1024, file, names[k]);
                paths[np++] = su.dicts[su.ndicts++];
            }
    } else if (su.kind == 2) {
        for (int k = 0; k < su.ndicts; k++)
            paths[np++] = su.dicts[k];
    }
    po.dict_paths = paths;
    po.ndict_paths = np;
    if (po.use_file_parses)
        po.no_model = 1;
    kh_pipeline *pl = kh_pipeline_open(&po, &diag);
    if (!pl) {
        kh_reader_close(rd);
        kh_arena_free(&arena);
        free(udicts);
        return 2;
    }
    const kh_petrarch_env *env = su.kind == 1 ? kh_reader_petrarch_env(rd) : NULL;
    kh_score score;
    memset(&score, 0, sizeof score);
    kh_counts counts;
    memset(&counts, 0, sizeof counts);
    kh_buf why = KH_BUF_INIT, trace = KH_BUF_INIT;
    int status = 0, after_final = 0;
    long excluded = 0, rejected_after = 0;
    while (got > 0) {
        if (after_final) {
            kh_diag_error(&diag, doc.file ? doc.file : su.text, doc.line,
                          "record %s comes after FINAL-01, outside the standard validation records "
                          "(they need other options); not coded", doc.id ? doc.id : "?");
            rejected_after++;
        } else if (!all && env && !in_include(env->include, doc.category)) {
            excluded++;
        } else {
            kh_events ev = {0};
            kh_gold g;
            kh_buf_clear(&trace);
            if (su.kind == 2)
                forward_before(&v, &doc);
            int rc = kh_pipeline_doc(pl, &doc, &v.opts, &ev, &counts, &diag, v.verbose ? &trace : NULL);
            if (su.kind == 2 && rc >= 0)
                forward_after(&v, kh_pipeline_dict(pl), &doc, &arena);
            if (rc < 0 || kh_gold_read(&doc, &g) < 0) {
                kh_diag_error(&diag, doc.file, doc.line, "record %s: %s", doc.id ? doc.id : "?",
                              rc < 0 ? "out of memory" : "malformed gold coding");
                status = 2;
                break;
            }
            kh_buf_clear(&why);
            int r = kh_score_record(&score, &g, ev.ev, ev.n, &why);
            if (r == 0) {
                printf("FAIL %s: %s\n", doc.id ? doc.id : "?", why.data ? why.data : "");
                if (v.verbose && trace.data)
                    printf("%s\n", trace.data);
                fflush(stdout);     /* before any message on stderr about the next record */
            } else if (r == 1 && v.show_passes) {
                printf("ok   %s\n", doc.id ? doc.id : "?");
            }
        }
        if (su.kind == 2 && doc.id && strcmp(doc.id, "FINAL-01") == 0)
            after_final = 1;
        kh_arena_reset(&arena);
        got = kh_reader_next(rd, &arena, &doc);
    }
    if (got < 0)
        status = 2;
    long rejected = kh_reader_count_rejected(rd) + counts.rejected + rejected_after;
    if (excluded)
        printf("%ld records of categories outside <Include> not run (--all runs them)\n", excluded);
    if (rejected)
        printf("%ld records rejected\n", rejected);
    fflush(stdout);
    kh_counts_print(stderr, &counts);
    kh_score_print(stdout, &score, su.kind == 0);
    if (status == 0 && rejected)
        status = 1;
    kh_buf_free(&why);
    kh_buf_free(&trace);
    kh_pipeline_close(pl);
    kh_reader_close(rd);
    kh_arena_free(&arena);
    free(udicts);
    return status;
}
