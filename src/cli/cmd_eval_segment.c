/* cmd_eval_segment.c - `khaldun eval-segment`: score segmentation and tokenisation on a UD treebank */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "evalseg.h"

static void help(void)
{
    printf("usage: khaldun eval-segment [UD.conllu ...] [options]\n"
           "Rebuilds the raw text of each UD file (sentences joined by spaces, paragraphs by\n"
           "a line break, documents by a blank line), runs the text layer on it and prints\n"
           "precision, recall and F1 of tokens (a multiword token counts once), syntactic\n"
           "words and sentences (both boundaries right). Default file:\n"
           "$KH_SHARED/data/ud/en_ewt-ud-test.conllu (KH_SHARED defaults to ../shared).\n\n"
           "  --min-token-f1 X     exit 1 when token F1 is below X\n"
           "  --min-word-f1 X      exit 1 when word F1 is below X\n"
           "  --min-sentence-f1 Y  exit 1 when sentence F1 is below Y\n"
           "  --errors N           list up to N wrong spans on stderr\n"
           "  --show tokens|words|sentences   which spans --errors lists (default sentences)\n"
           "  --dump-text FILE     write the rebuilt raw text to FILE\n"
           "  --time               also print the text layer's speed\n");
}

static void print_prf(const char *name, const kh_prf *x)
{
    printf("%-9s P %.2f R %.2f F1 %.2f\n", name, kh_prf_p(x), kh_prf_r(x), kh_prf_f1(x));
}

static int parse_num(const char *opt, const char *s, double *out)
{
    char *end;
    *out = strtod(s, &end);
    if (end == s || *end) {
        fprintf(stderr, "khaldun eval-segment: %s needs a number, not '%s'\n", opt, s);
        return -1;
    }
    return 0;
}

int cmd_eval_segment(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        help();
        return 0;
    }
    double min_tok = -1, min_word = -1, min_sent = -1;
    int max_errors = 0, what = KH_EVALSEG_SENTS, timing = 0;
    const char *dump = NULL;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0;
    if (!files)
        return 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        if (strcmp(a, "--min-token-f1") == 0 && has) {
            if (parse_num(a, argv[++i], &min_tok) < 0)
                goto usage;
        } else if (strcmp(a, "--min-word-f1") == 0 && has) {
            if (parse_num(a, argv[++i], &min_word) < 0)
                goto usage;
        } else if (strcmp(a, "--min-sentence-f1") == 0 && has) {
            if (parse_num(a, argv[++i], &min_sent) < 0)
                goto usage;
        } else if (strcmp(a, "--errors") == 0 && has) {
            max_errors = atoi(argv[++i]);
        } else if (strcmp(a, "--show") == 0 && has) {
            const char *w = argv[++i];
            what = strcmp(w, "tokens") == 0 ? KH_EVALSEG_TOKENS
                 : strcmp(w, "words") == 0 ? KH_EVALSEG_WORDS : KH_EVALSEG_SENTS;
        } else if (strcmp(a, "--dump-text") == 0 && has) {
            dump = argv[++i];
        } else if (strcmp(a, "--time") == 0) {
            timing = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "khaldun eval-segment: unknown option '%s' (try --help)\n", a);
            goto usage;
        } else {
            files[nfiles++] = a;
        }
    }
    static char defpath[4096];
    if (nfiles == 0) {
        snprintf(defpath, sizeof defpath, "%s/data/ud/en_ewt-ud-test.conllu", kh_cli_shared_dir());
        files[nfiles++] = defpath;
    }
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    int status = 0;
    for (int f = 0; f < nfiles; f++) {
        kh_seg_gold g;
        if (kh_seg_gold_load(files[f], &g, &diag) < 0) {
            status = 2;
            continue;
        }
        if (dump) {
            FILE *o = fopen(dump, "wb");
            if (!o || fwrite(g.text, 1, g.len, o) != g.len || fclose(o) != 0) {
                fprintf(stderr, "khaldun eval-segment: cannot write '%s'\n", dump);
                status = 2;
            }
        }
        kh_evalseg_result r;
        if (kh_evalseg_run(&g, &r, max_errors > 0 ? stderr : NULL, max_errors, what) < 0) {
            fprintf(stderr, "khaldun eval-segment: out of memory\n");
            kh_seg_gold_free(&g);
            status = 2;
            continue;
        }
        printf("%s: %ld tokens, %ld words, %ld sentences\n", files[f], r.tokens.gold,
               r.words.gold, r.sents.gold);
        print_prf("tokens", &r.tokens);
        print_prf("words", &r.words);
        print_prf("sentences", &r.sents);
        if (timing && r.seconds > 0)
            printf("speed     %.0f bytes/s %.0f tokens/s (%.3f s)\n", (double)r.bytes / r.seconds,
                   (double)r.tokens.sys / r.seconds, r.seconds);
        if ((min_tok >= 0 && kh_prf_f1(&r.tokens) < min_tok)
            || (min_word >= 0 && kh_prf_f1(&r.words) < min_word)
            || (min_sent >= 0 && kh_prf_f1(&r.sents) < min_sent)) {
            printf("below the minimum\n");
            if (!status)
                status = 1;
        }
        kh_seg_gold_free(&g);
    }
    free(files);
    return status;
usage:
    free(files);
    return 2;
}
