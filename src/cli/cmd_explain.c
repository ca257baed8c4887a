/* cmd_explain.c - `khaldun explain "sentence"`: how one sentence is coded, step by
 * step: tokens and tree, actors found, every predicate considered and why it was or
 * was not coded, which pattern fired, and the events. */
#include "cli.h"

#include "event.h"
#include "pipeline.h"
#include "reader.h"

#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: khaldun explain \"SENTENCE\" [--date YYYY-MM-DD] [--dict PATH]... [--model F]\n"
            "       [--negated] [--statements] [--no-intent] [--option NAME=VALUE]\n"
            "Shows the tokens, the dependency tree, the actors, every predicate considered and\n"
            "why it was or was not coded, the pattern that fired, and the events (JSON).\n");
}

static void print_tree(const kh_doc *doc)
{
    for (int si = 0; si < doc->nsents; si++) {
        const kh_sentence *s = &doc->sents[si];
        printf("# sentence %d: %s\n", si, s->text ? s->text : "");
        printf("# ID  FORM                 LEMMA                UPOS   HEAD  DEPREL\n");
        for (int i = 0; i < s->nwords; i++) {
            const kh_word *w = &s->words[i];
            printf("%4d  %-20s %-20s %-6s %4d  %s\n", i + 1, w->form, w->lemma ? w->lemma : "_",
                   kh_upos_name(w->upos), w->head, w->deprel ? w->deprel : "_");
        }
    }
}

int cmd_explain(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    kh_pipeline_opts po;
    kh_pipeline_opts_init(&po);
    po.data_dir = kh_cli_data_dir();
    const char *text = NULL, *date = NULL;
    const char **dicts = calloc((size_t)argc + 1, sizeof *dicts);
    if (!dicts)
        return 2;
    int nd = 0, bad = 0;
    for (int i = 1; i < argc && !bad; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--date") == 0 && v) date = argv[++i];
        else if (strcmp(a, "--dict") == 0 && v) dicts[nd++] = argv[++i];
        else if (strcmp(a, "--model") == 0 && v) po.model_path = argv[++i];
        else if (strcmp(a, "--negated") == 0) po.code.negated = 1;
        else if (strcmp(a, "--statements") == 0) po.code.code_statements = 1;
        else if (strcmp(a, "--no-intent") == 0) po.code.intent_codes = 0;
        else if (strcmp(a, "--option") == 0 && v) {
            char name[64];
            const char *eq = strchr(v, '=');
            i++;
            if (!eq || (size_t)(eq - v) >= sizeof name)
                bad = 1;
            else {
                snprintf(name, sizeof name, "%.*s", (int)(eq - v), v);
                bad = kh_code_opts_set(&po.code, name, eq + 1) < 0;
            }
        } else if (a[0] == '-' && a[1]) bad = 1;
        else if (!text) text = a;
        else bad = 1;
    }
    if (bad || !text) {
        usage(stderr);
        free(dicts);
        return 2;
    }
    po.dict_paths = dicts;
    po.ndict_paths = nd;
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    kh_pipeline *pl = kh_pipeline_open(&po, &diag);
    if (!pl) {
        free(dicts);
        return 2;
    }
    kh_arena arena;
    kh_arena_init(&arena, 0);
    kh_doc doc;
    kh_doc_init(&doc, &arena);
    doc.id = "explain";
    doc.file = "<argument>";
    char d10[11];
    if (date && kh_date_normalize(date, d10) == 0)
        doc.date = kh_arena_strdup(&arena, d10);
    else if (date)
        fprintf(stderr, "khaldun explain: date '%s' not understood; coding without a date\n", date);
    doc.text = kh_arena_strdup(&arena, text);
    doc.text_len = strlen(text);
    kh_events ev = {0};
    kh_counts c;
    memset(&c, 0, sizeof c);
    kh_buf trace = KH_BUF_INIT;
    int rc = doc.text ? kh_pipeline_doc(pl, &doc, NULL, &ev, &c, &diag, &trace) : -1;
    int status = 0;
    if (rc < 0) {
        fprintf(stderr, "khaldun explain: out of memory\n");
        status = 2;
    } else if (rc > 0) {
        status = 1;
    } else {
        print_tree(&doc);
        printf("\n%s\n", trace.data ? trace.data : "");
        printf("%d event%s\n", ev.n, ev.n == 1 ? "" : "s");
        for (int i = 0; i < ev.n; i++)
            kh_event_write_jsonl(stdout, &ev.ev[i]);
    }
    kh_buf_free(&trace);
    kh_arena_free(&arena);
    kh_pipeline_close(pl);
    free(dicts);
    return status;
}
