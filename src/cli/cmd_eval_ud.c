/* cmd_eval_ud.c - `khaldun eval-ud GOLD SYSTEM`: UD scores, CoNLL 2018 style.
 * Prints one "NAME VALUE" line per metric (two decimals); --min NAME=VALUE makes the
 * run exit 1 when a metric is below VALUE (used by the tests as accuracy floors). */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conllu.h"
#include "evalud.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: khaldun eval-ud GOLD.conllu SYSTEM.conllu [--min NAME=VALUE]...\n"
               "scores SYSTEM against GOLD: Tokens, Sentences, Words (F1 of the character\n"
               "alignment), UPOS, XPOS, UFeats, Lemma, UAS, LAS (universal relation), LAS-full.\n"
               "--min NAME=VALUE  exit 1 when NAME is below VALUE (may be repeated)\n");
}

int cmd_eval_ud(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    const char *files[2] = {NULL, NULL};
    int nfiles = 0;
    double mins[KH_UD_NMETRICS];
    int has_min[KH_UD_NMETRICS] = {0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--min") == 0 && i + 1 < argc) {
            char name[32];
            const char *eq = strchr(argv[++i], '=');
            size_t len = eq ? (size_t)(eq - argv[i]) : 0;
            char *end = NULL;
            double v = eq ? strtod(eq + 1, &end) : 0;
            if (!eq || len == 0 || len >= sizeof name || end == eq + 1 || *end) {
                fprintf(stderr, "khaldun eval-ud: --min wants NAME=VALUE, got '%s'\n", argv[i]);
                return 2;
            }
            memcpy(name, argv[i], len);
            name[len] = '\0';
            int m = kh_ud_metric_find(name);
            if (m < 0) {
                fprintf(stderr, "khaldun eval-ud: unknown metric '%s'\n", name);
                return 2;
            }
            mins[m] = v;
            has_min[m] = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "khaldun eval-ud: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (nfiles < 2) {
            files[nfiles++] = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (nfiles != 2) {
        usage(stderr);
        return 2;
    }
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    kh_arena ga, sa;
    kh_arena_init(&ga, 1 << 20);
    kh_arena_init(&sa, 1 << 20);
    kh_doc gold, sys;
    kh_doc_init(&gold, &ga);
    kh_doc_init(&sys, &sa);
    int rc = 2;
    if (kh_conllu_read_all(files[0], &gold, &diag) != 0 || kh_conllu_read_all(files[1], &sys, &diag) != 0)
        goto out;
    kh_ud_scores sc;
    char err[256];
    if (kh_evalud(&gold, &sys, &sc, err, sizeof err) != 0) {
        fprintf(stderr, "khaldun eval-ud: %s vs %s: %s\n", files[0], files[1], err);
        goto out;
    }
    kh_evalud_print(stdout, &sc);
    rc = diag.nerrors ? 1 : 0;
    for (int m = 0; m < KH_UD_NMETRICS; m++) {
        if (has_min[m] && sc.f1[m] < mins[m]) {
            fprintf(stderr, "khaldun eval-ud: %s %.2f is below the floor %.2f\n",
                    kh_ud_metric_name(m), sc.f1[m], mins[m]);
            rc = 1;
        }
    }
out:
    kh_arena_free(&ga);
    kh_arena_free(&sa);
    return rc;
}
