/* cmd_segment.c - `khaldun segment`: split text into sentences and tokens with offsets */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "text.h"

static void help(void)
{
    printf("usage: khaldun segment [FILE|-] [--format tsv|conllu] [--lenient]\n"
           "Splits plain UTF-8 text (stdin by default) into sentences and tokens, as UD\n"
           "English EWT does, and prints them with byte offsets into the input.\n\n"
           "  --format tsv     (default) one line per token: SENT TOK START END FORM;\n"
           "                   a multiword token prints as TOK=\"3-4\" followed by its words\n"
           "  --format conllu  CoNLL-U with # text, IDs, forms and SpaceAfter=No\n"
           "  --lenient        replace invalid UTF-8 by U+FFFD instead of rejecting the input\n"
           "Exit status: 0 ok, 1 input rejected (invalid UTF-8), 2 usage or I/O error.\n");
}

static int read_all(FILE *f, kh_buf *b)
{
    char chunk[65536];
    size_t r;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (kh_buf_append(b, chunk, r) < 0)
            return -1;
    if (kh_buf_putc(b, '\0') < 0)
        return -1;
    b->len--;
    return ferror(f) ? -1 : 0;
}

static void put_form(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' ? ' ' : *s, out);
}

static void write_tsv(FILE *out, const kh_doc *d)
{
    for (int32_t i = 0; i < d->nsents; i++) {
        const kh_sentence *s = &d->sents[i];
        int32_t m = 0;
        for (int32_t k = 0; k < s->nwords; k++) {
            const kh_word *w = &s->words[k];
            if (m < s->nmwts && s->mwts[m].first == k + 1) {
                fprintf(out, "%d\t%d-%d\t%u\t%u\t", i + 1, s->mwts[m].first, s->mwts[m].last,
                        w->start, w->end);
                put_form(out, s->mwts[m].form);
                fputc('\n', out);
                m++;
            }
            fprintf(out, "%d\t%d\t%u\t%u\t", i + 1, k + 1, w->start, w->end);
            put_form(out, w->form);
            fputc('\n', out);
        }
    }
}

static void write_conllu(FILE *out, const kh_doc *d)
{
    for (int32_t i = 0; i < d->nsents; i++) {
        const kh_sentence *s = &d->sents[i];
        fprintf(out, "# sent_id = %d\n# text = ", i + 1);
        put_form(out, s->text);
        fputc('\n', out);
        int32_t m = 0;
        for (int32_t k = 0; k < s->nwords; k++) {
            const kh_word *w = &s->words[k];
            if (m < s->nmwts && s->mwts[m].first == k + 1) {
                fprintf(out, "%d-%d\t%s\t_\t_\t_\t_\t_\t_\t_\t%s\n", s->mwts[m].first,
                        s->mwts[m].last, s->mwts[m].form, s->mwts[m].misc ? s->mwts[m].misc : "_");
                m++;
            }
            fprintf(out, "%d\t%s\t_\t_\t_\t_\t_\t_\t_\t%s\n", k + 1, w->form,
                    w->misc ? w->misc : "_");
        }
        fputc('\n', out);
    }
}

int cmd_segment(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        help();
        return 0;
    }
    const char *path = "-", *format = "tsv";
    kh_text_opts opts = {0, 0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
            format = argv[++i];
        else if (strncmp(argv[i], "--format=", 9) == 0)
            format = argv[i] + 9;
        else if (strcmp(argv[i], "--lenient") == 0)
            opts.lenient_utf8 = 1;
        else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "khaldun segment: unknown option '%s' (try --help)\n", argv[i]);
            return 2;
        } else
            path = argv[i];
    }
    if (strcmp(format, "tsv") != 0 && strcmp(format, "conllu") != 0) {
        fprintf(stderr, "khaldun segment: unknown format '%s' (tsv or conllu)\n", format);
        return 2;
    }
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "khaldun segment: cannot open '%s'\n", path);
        return 2;
    }
    kh_buf b = KH_BUF_INIT;
    int rd = read_all(in, &b);
    if (in != stdin)
        fclose(in);
    if (rd < 0) {
        fprintf(stderr, "khaldun segment: cannot read '%s'\n", path);
        kh_buf_free(&b);
        return 2;
    }
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc d;
    kh_doc_init(&d, &a);
    d.text = b.data ? b.data : "";
    d.text_len = b.len;
    d.file = strcmp(path, "-") == 0 ? "<stdin>" : path;
    d.id = d.file;
    d.line = 1;
    d.format = KH_FMT_TEXT;
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    int rc = kh_text_process(&d, &opts, &diag);
    if (rc == 0) {
        if (strcmp(format, "tsv") == 0)
            write_tsv(stdout, &d);
        else
            write_conllu(stdout, &d);
    } else if (diag.nerrors == 0) {
        fprintf(stderr, "khaldun segment: out of memory\n");
    }
    kh_arena_free(&a);
    kh_buf_free(&b);
    if (fflush(stdout) != 0)
        return 2;
    return rc == 0 ? 0 : diag.nerrors ? 1 : 2;
}
