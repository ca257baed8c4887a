/* cmd_parse.c - `khaldun parse [FILE|-] [--pretokenized [--keep-tags]] [--model F]`:
 * tag and parse, write CoNLL-U.
 *
 * Raw text is split into sentences and tokens by the text layer, a paragraph group
 * at a time (blank lines are the only places where input is cut, so memory stays
 * bounded on big inputs). With --pretokenized the input is CoNLL-U whose sentences
 * and tokens are kept as they are; malformed sentences are reported as FILE:LINE by
 * the reader and skipped, and the run goes on (exit status 1 at the end). With
 * --keep-tags the tagger is not run: the parser reads the file's own UPOS, XPOS and
 * LEMMA (another tagger's, or gold ones to measure the parser alone), and a sentence
 * with a word that has no UPOS is reported and skipped. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "conllu.h"
#include "nlp.h"
#include "text.h"

#define CHUNK_BYTES (256 * 1024)

static void usage(FILE *f)
{
    fprintf(f, "usage: khaldun parse [FILE|-] [--pretokenized [--keep-tags]] [--model FILE] [--stats]\n"
               "tags, lemmatises and parses raw text (or, with --pretokenized, CoNLL-U whose\n"
               "sentences and tokens are kept) and writes CoNLL-U.\n"
               "  --keep-tags    with --pretokenized: keep the file's UPOS, XPOS, LEMMA and FEATS\n"
               "                 and only parse (every word needs a UPOS)\n"
               "  --model FILE   model file (default: %s)\n"
               "  --stats        print sentences, tokens and tokens/s to stderr\n",
            kh_nlp_default_model());
}

typedef struct run {
    const kh_nlp *nlp;
    const char *path;   /* the input, for messages */
    int keep_tags;      /* parse with the input's tags, no tagger */
    kh_diag diag;
    long nsents, ntokens;
    int failed;
} run;

/* --keep-tags: reports the first word of s without a UPOS (its line: the sentence's
 * first line, its comments, and the word, multiword and empty-node lines before it)
 * and returns 1; 0 when every word has one. */
static int untagged_word(run *r, const kh_sentence *s)
{
    for (int i = 0; i < s->nwords; i++) {
        if (s->words[i].upos != KH_UPOS_NONE)
            continue;
        long line = s->line + s->ncomments + i;
        for (int m = 0; m < s->nmwts; m++)
            line += s->mwts[m].first <= i + 1;
        for (int e = 0; e < s->nempty; e++)
            line += s->empty[e].after < i + 1;
        kh_diag_error(&r->diag, r->path, s->line ? line : 0,
                      "--keep-tags: word %d ('%s') has no UPOS; sentence skipped", i + 1,
                      s->words[i].form ? s->words[i].form : "_");
        return 1;
    }
    return 0;
}

static int annotate_and_write(run *r, kh_sentence *s, kh_arena *a)
{
    if (s->nwords == 0)
        return 0;
    if (r->keep_tags && untagged_word(r, s))
        return 0;
    if ((r->keep_tags ? kh_nlp_parse_tagged(r->nlp, s, a) : kh_nlp_annotate(r->nlp, s, a)) != 0) {
        kh_diag_error(&r->diag, r->path, s->line, "out of memory while parsing");
        return -1;
    }
    r->nsents++;
    r->ntokens += s->nwords;
    return kh_conllu_write(stdout, s);
}

static int parse_conllu(run *r, const char *path)
{
    kh_conllu_reader *rd = kh_conllu_open(path, &r->diag);
    if (!rd)
        return -1;
    kh_arena a;
    kh_arena_init(&a, 1 << 16);
    int rc;
    for (;;) {
        kh_sentence s;
        kh_arena_reset(&a);
        rc = kh_conllu_next(rd, &a, &s, NULL);
        if (rc <= 0)
            break;
        if (annotate_and_write(r, &s, &a) != 0) {
            rc = -1;
            break;
        }
    }
    kh_arena_free(&a);
    kh_conllu_close(rd);
    return rc < 0 ? -1 : 0;
}

static int parse_chunk(run *r, const char *name, long line, const char *text, size_t len)
{
    kh_arena a;
    kh_arena_init(&a, 1 << 20);
    kh_doc d;
    kh_doc_init(&d, &a);
    d.file = name;
    d.line = line;
    d.format = KH_FMT_TEXT;
    d.text = text;
    d.text_len = len;
    kh_text_opts o = {0, 0};
    int rc = 0;
    if (kh_text_process(&d, &o, &r->diag) == 0) {
        for (int i = 0; i < d.nsents && rc == 0; i++)
            rc = annotate_and_write(r, &d.sents[i], &a);
    }
    kh_arena_free(&a);
    return rc;
}

static int parse_text(run *r, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        kh_diag_error(&r->diag, path, 0, "cannot open");
        return -1;
    }
    kh_buf chunk = KH_BUF_INIT;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0, chunk_line = 1;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        int blank = strspn(line, " \t\r\n") == (size_t)n;
        if (kh_buf_append(&chunk, line, (size_t)n) != 0) {
            rc = -1;
            break;
        }
        if (blank && chunk.len >= CHUNK_BYTES) {
            rc = parse_chunk(r, path, chunk_line, chunk.data, chunk.len);
            kh_buf_clear(&chunk);
            chunk_line = lineno + 1;
        }
    }
    if (rc == 0 && chunk.len)
        rc = parse_chunk(r, path, chunk_line, chunk.data, chunk.len);
    if (ferror(f))
        kh_diag_error(&r->diag, path, 0, "read error");
    free(line);
    kh_buf_free(&chunk);
    if (f != stdin)
        fclose(f);
    return rc;
}

int cmd_parse(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    const char *path = "-", *model = NULL;
    int pretok = 0, stats = 0, have_path = 0, keep_tags = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--pretokenized") == 0) {
            pretok = 1;
        } else if (strcmp(argv[i], "--keep-tags") == 0) {
            keep_tags = 1;
        } else if (strcmp(argv[i], "--stats") == 0) {
            stats = 1;
        } else if (strcmp(argv[i], "--model") == 0 && i + 1 < argc) {
            model = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "khaldun parse: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (!have_path) {
            path = argv[i];
            have_path = 1;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (keep_tags && !pretok) {
        fprintf(stderr, "khaldun parse: --keep-tags needs --pretokenized (raw text has no tags to keep)\n");
        return 2;
    }
    char err[1024];
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    kh_nlp *nlp = kh_nlp_open(model, err, sizeof err);
    if (!nlp) {
        fprintf(stderr, "khaldun parse: %s\n", err);
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    run r;
    memset(&r, 0, sizeof r);
    r.nlp = nlp;
    r.path = strcmp(path, "-") == 0 ? "<stdin>" : path;
    r.keep_tags = keep_tags;
    kh_diag_init(&r.diag, stderr);
    int rc = pretok ? parse_conllu(&r, path) : parse_text(&r, path);
    if (fflush(stdout) != 0)
        rc = -1;
    clock_gettime(CLOCK_MONOTONIC, &t2);
    if (stats) {
        double load = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        double sec = (double)(t2.tv_sec - t1.tv_sec) + (double)(t2.tv_nsec - t1.tv_nsec) / 1e9;
        fprintf(stderr, "model load %.3f s; %ld sentences, %ld tokens in %.3f s: %.0f tokens/s\n",
                load, r.nsents, r.ntokens, sec, sec > 0 ? (double)r.ntokens / sec : 0.0);
    }
    kh_nlp_close(nlp);
    if (rc < 0)
        return 2;
    return r.diag.nerrors ? 1 : 0;
}
