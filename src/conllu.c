/* conllu.c - CoNLL-U reading and writing (see conllu.h).
 *
 * One sentence at a time: lines are read with the bounded line reader, each
 * token line is copied once into the arena and split in place on its tabs, and
 * the sentence is collected in scratch arrays owned by the reader (reused from
 * sentence to sentence) before being copied, at its exact size, to the arena.
 * Comments, multiword tokens and empty nodes are kept so that writing the
 * sentence back gives the same bytes. A sentence that breaks a rule of UD
 * validity is reported (FILE:LINE: error: reason), counted and skipped.
 *
 * Word offsets: CoNLL-U has none, so they are rebuilt from FORM and SpaceAfter
 * and aligned with the "# text" comment; kh_conllu_next gives offsets relative
 * to s->text, kh_conllu_read_all relative to doc->text. */
#include "conllu.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "linereader.h"


struct kh_conllu_reader {
    kh_linereader *lr;
    FILE *f;
    int owns_file;
    int owns_lr;
    char *name;
    kh_diag *diag;
    long skipped;
    /* scratch for the sentence being read */
    kh_word *words;
    size_t cap_words;
    long *wline;              /* input line of each word, for messages */
    size_t cap_wline;
    kh_mwt *mwts;
    size_t cap_mwts;
    long *mline;
    size_t cap_mline;
    kh_extra_line *extra;     /* comments and empty nodes, in input order */
    size_t cap_extra;
    int32_t nwords, nmwts, ncomments, nempty, last_empty_minor;
    char *carry_newdoc;       /* "# newdoc" of a skipped sentence, for the next one */
    kh_buf text;              /* the rebuilt text */
    uint32_t *tok_start;      /* rebuilt offsets of each word (word index) */
    size_t cap_tok_start;
    uint32_t *tok_end;
    size_t cap_tok_end;
};

static kh_conllu_reader *reader_new(FILE *f, const char *name, kh_diag *diag, int owns)
{
    kh_conllu_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->f = f;
    r->owns_file = owns;
    r->owns_lr = 1;
    r->diag = diag;
    r->name = strdup(name);
    r->lr = kh_lr_new(f, 0);
    if (!r->name || !r->lr) {
        free(r->name);
        kh_lr_free(r->lr);
        free(r);
        return NULL;
    }
    return r;
}

kh_conllu_reader *kh_conllu_open_lines(struct kh_linereader *lr, const char *name, kh_diag *diag)
{
    kh_conllu_reader *r = calloc(1, sizeof *r);
    if (r && !(r->name = strdup(name ? name : "-"))) {
        free(r);
        r = NULL;
    }
    if (!r) {
        kh_diag_error(diag, name, 0, "out of memory");
        return NULL;
    }
    r->lr = lr;
    r->diag = diag;
    return r;
}

kh_conllu_reader *kh_conllu_open_stream(FILE *f, const char *name, kh_diag *diag)
{
    kh_conllu_reader *r = reader_new(f, name ? name : "-", diag, 0);
    if (!r)
        kh_diag_error(diag, name, 0, "out of memory");
    return r;
}

kh_conllu_reader *kh_conllu_open(const char *path, kh_diag *diag)
{
    if (strcmp(path, "-") == 0)
        return kh_conllu_open_stream(stdin, "-", diag);
    FILE *f = fopen(path, "rb");
    if (!f) {
        kh_diag_error(diag, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    kh_conllu_reader *r = reader_new(f, path, diag, 1);
    if (!r) {
        fclose(f);
        kh_diag_error(diag, path, 0, "out of memory");
    }
    return r;
}

long kh_conllu_skipped(const kh_conllu_reader *r) { return r->skipped; }

void kh_conllu_close(kh_conllu_reader *r)
{
    if (!r)
        return;
    if (r->owns_file)
        fclose(r->f);
    if (r->owns_lr)
        kh_lr_free(r->lr);
    free(r->name);
    free(r->carry_newdoc);
    free(r->words);
    free(r->wline);
    free(r->mwts);
    free(r->mline);
    free(r->extra);
    free(r->tok_start);
    free(r->tok_end);
    kh_buf_free(&r->text);
    free(r);
}

/* Grows a malloc'd scratch array to hold at least need elements. */
static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

static void reset_sentence(kh_conllu_reader *r)
{
    r->nwords = r->nmwts = r->ncomments = r->nempty = 0;
    r->last_empty_minor = 0;
}

/* Parses a decimal number of s[0..n) (no sign, no leading zero unless "0");
 * returns -1 when it is not one. */
static long parse_num(const char *s, size_t n)
{
    if (n == 0 || n > 7 || (n > 1 && s[0] == '0'))
        return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* 1 when MISC (a|b|c) has the item SpaceAfter=No. */
static int misc_no_space(const char *misc)
{
    for (const char *p = misc; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == 13 && memcmp(p, "SpaceAfter=No", 13) == 0)
            return 1;
        if (!bar)
            break;
        p = bar + 1;
    }
    return 0;
}

static const char *nul_if_blank(const char *s)
{
    return (s[0] == '_' && s[1] == '\0') ? NULL : s;
}

/* Adds a comment or empty-node line to the scratch list. */
static int add_extra(kh_conllu_reader *r, kh_arena *a, const char *line, size_t len, int32_t after)
{
    size_t n = (size_t)(r->ncomments + r->nempty);
    if (grow((void **)&r->extra, &r->cap_extra, n + 1, sizeof *r->extra) < 0)
        return -1;
    char *copy = kh_arena_strndup(a, line, len);
    if (!copy)
        return -1;
    r->extra[n].after = after;
    r->extra[n].line = copy;
    if (after < 0)
        r->ncomments++;
    else
        r->nempty++;
    return 0;
}

/* Parses one token line. Returns 0, 1 (input error, already reported) or -1 (out of memory). */
static int parse_token(kh_conllu_reader *r, kh_arena *a, const char *line, size_t len, long lineno)
{
    int ntabs = 0;
    for (size_t i = 0; i < len; i++)
        ntabs += line[i] == '\t';
    if (ntabs != 9) {
        kh_diag_error(r->diag, r->name, lineno,
                      "expected 10 tab-separated columns, found %d", ntabs + 1);
        return 1;
    }
    char *copy = kh_arena_strndup(a, line, len);
    if (!copy)
        return -1;
    char *col[10];
    char *p = copy;
    for (int i = 0; i < 10; i++) {
        col[i] = p;
        char *tab = strchr(p, '\t');
        if (tab) {
            *tab = '\0';
            p = tab + 1;
        }
        if (col[i][0] == '\0') {
            kh_diag_error(r->diag, r->name, lineno, "column %d is empty", i + 1);
            return 1;
        }
    }
    const char *id = col[0];
    size_t idlen = strlen(id);
    const char *dash = strchr(id, '-'), *dot = strchr(id, '.');
    if (dash || dot) {
        const char *sep = dash ? dash : dot;
        long lo = parse_num(id, (size_t)(sep - id));
        long hi = parse_num(sep + 1, idlen - (size_t)(sep - id) - 1);
        if (lo < 0 || hi < 0) {
            kh_diag_error(r->diag, r->name, lineno, "ID '%s' is not an integer, a range or a decimal", id);
            return 1;
        }
        if (dash) {
            int32_t prev_last = r->nmwts ? r->mwts[r->nmwts - 1].last : 0;
            if (lo != r->nwords + 1 || hi <= lo || lo <= prev_last) {
                kh_diag_error(r->diag, r->name, lineno,
                              "multiword token %s does not cover the next words (expected %d-N)",
                              id, r->nwords + 1);
                return 1;
            }
            if (grow((void **)&r->mwts, &r->cap_mwts, (size_t)r->nmwts + 1, sizeof *r->mwts) < 0 ||
                grow((void **)&r->mline, &r->cap_mline, (size_t)r->nmwts + 1, sizeof *r->mline) < 0)
                return -1;
            kh_mwt *m = &r->mwts[r->nmwts];
            r->mline[r->nmwts] = lineno;
            r->nmwts++;
            m->first = (int32_t)lo;
            m->last = (int32_t)hi;
            m->form = col[1];
            m->misc = nul_if_blank(col[9]);
            return 0;
        }
        int expect = (lo == r->nwords && r->last_empty_minor > 0) ? r->last_empty_minor + 1 : 1;
        if (lo != r->nwords || hi != expect) {
            kh_diag_error(r->diag, r->name, lineno, "empty node %s is out of order (expected %d.%d)",
                          id, r->nwords, expect);
            return 1;
        }
        r->last_empty_minor = (int32_t)hi;
        return add_extra(r, a, line, len, (int32_t)lo) < 0 ? -1 : 0;
    }
    long n = parse_num(id, idlen);
    if (n < 0) {
        kh_diag_error(r->diag, r->name, lineno, "ID '%s' is not an integer", id);
        return 1;
    }
    if (n != r->nwords + 1) {
        kh_diag_error(r->diag, r->name, lineno, "word ID %ld is not consecutive (expected %d)",
                      n, r->nwords + 1);
        return 1;
    }
    int upos = KH_UPOS_NONE;
    if (strcmp(col[3], "_") != 0 && (upos = kh_upos_from_name(col[3])) == KH_UPOS_NONE) {
        kh_diag_error(r->diag, r->name, lineno, "unknown UPOS '%s'", col[3]);
        return 1;
    }
    long head = -1;
    if (strcmp(col[6], "_") != 0 && (head = parse_num(col[6], strlen(col[6]))) < 0) {
        kh_diag_error(r->diag, r->name, lineno, "HEAD '%s' is not an integer", col[6]);
        return 1;
    }
    if (grow((void **)&r->words, &r->cap_words, (size_t)r->nwords + 1, sizeof *r->words) < 0 ||
        grow((void **)&r->wline, &r->cap_wline, (size_t)r->nwords + 1, sizeof *r->wline) < 0)
        return -1;
    r->wline[r->nwords] = lineno;
    kh_word *w = &r->words[r->nwords];
    w->form = col[1];
    w->lemma = nul_if_blank(col[2]);
    w->upos = (uint8_t)upos;
    w->xpos = nul_if_blank(col[4]);
    w->feats = nul_if_blank(col[5]);
    w->head = (int32_t)head;
    w->deprel = nul_if_blank(col[7]);
    w->deps = nul_if_blank(col[8]);
    w->misc = nul_if_blank(col[9]);
    w->space_after = !misc_no_space(w->misc);
    w->start = w->end = 0;
    r->nwords++;
    r->last_empty_minor = 0;
    return 0;
}

/* The checks that need the whole sentence: multiword ranges, HEAD range, one
 * root, no cycles. Returns 0 when valid, 1 when an error was reported. */
static int check_tree(kh_conllu_reader *r, long first_line)
{
    int32_t n = r->nwords;
    if (n == 0) {
        kh_diag_error(r->diag, r->name, first_line, "sentence has no words");
        return 1;
    }
    if (r->nmwts && r->mwts[r->nmwts - 1].last > n) {
        kh_mwt *m = &r->mwts[r->nmwts - 1];
        kh_diag_error(r->diag, r->name, r->mline[r->nmwts - 1],
                      "multiword token %d-%d extends past the last word (%d)", m->first, m->last, n);
        return 1;
    }
    int32_t root = 0;
    for (int32_t i = 0; i < n; i++) {
        int32_t h = r->words[i].head;
        if (h > n) {
            kh_diag_error(r->diag, r->name, r->wline[i],
                          "HEAD %d of word %d is out of range (the sentence has %d words)", h, i + 1, n);
            return 1;
        }
        if (h == 0) {
            if (root) {
                kh_diag_error(r->diag, r->name, r->wline[i],
                              "more than one root (words %d and %d have HEAD 0)", root, i + 1);
                return 1;
            }
            root = i + 1;
        }
    }
    /* A cycle: following heads from a word for n steps never reaches 0 or "_". */
    for (int32_t i = 0; i < n; i++) {
        int32_t h = r->words[i].head, steps = 0;
        while (h > 0 && steps <= n) {
            h = r->words[h - 1].head;
            steps++;
        }
        if (h > 0) {
            kh_diag_error(r->diag, r->name, r->wline[i], "HEAD of word %d is part of a cycle", i + 1);
            return 1;
        }
    }
    return 0;
}

/* Value of a "# key = value" comment, or NULL. */
static const char *comment_value(const char *line, const char *key)
{
    const char *p = line + 1;
    while (*p == ' ')
        p++;
    size_t k = strlen(key);
    if (strncmp(p, key, k) != 0)
        return NULL;
    p += k;
    while (*p == ' ')
        p++;
    if (*p != '=')
        return (*p == '\0') ? p : NULL;   /* "# newdoc" without an id */
    p++;
    while (*p == ' ')
        p++;
    return p;
}

/* Rebuilds the sentence text from the forms and SpaceAfter, fills r->tok_start/end
 * with each word's span (words of a multiword token get the token's span). */
static int rebuild_text(kh_conllu_reader *r)
{
    int32_t n = r->nwords;
    if (grow((void **)&r->tok_start, &r->cap_tok_start, (size_t)n, sizeof *r->tok_start) < 0 ||
        grow((void **)&r->tok_end, &r->cap_tok_end, (size_t)n, sizeof *r->tok_end) < 0)
        return -1;
    kh_buf_clear(&r->text);
    if (kh_buf_reserve(&r->text, 16) < 0)
        return -1;
    int32_t m = 0;
    for (int32_t i = 1; i <= n;) {
        const char *form;
        int32_t last = i;
        int space;
        if (m < r->nmwts && r->mwts[m].first == i) {
            form = r->mwts[m].form;
            last = r->mwts[m].last;
            space = !misc_no_space(r->mwts[m].misc);
            m++;
        } else {
            form = r->words[i - 1].form;
            space = r->words[i - 1].space_after;
        }
        uint32_t s = (uint32_t)r->text.len;
        if (kh_buf_puts(&r->text, form) < 0)
            return -1;
        for (int32_t j = i; j <= last; j++) {
            r->tok_start[j - 1] = s;
            r->tok_end[j - 1] = (uint32_t)r->text.len;
        }
        i = last + 1;
        if (space && i <= n && kh_buf_putc(&r->text, ' ') < 0)
            return -1;
    }
    return 0;
}

/* Aligns the words with the # text comment: each token's form must follow
 * at the cursor, after optional white space. Returns 1 when all aligned. */
static int align_text(kh_conllu_reader *r, const char *text)
{
    size_t c = 0, tlen = strlen(text);
    int32_t m = 0, n = r->nwords;
    for (int32_t i = 1; i <= n;) {
        const char *form;
        int32_t last = i;
        if (m < r->nmwts && r->mwts[m].first == i) {
            form = r->mwts[m].form;
            last = r->mwts[m].last;
            m++;
        } else {
            form = r->words[i - 1].form;
        }
        while (c < tlen && (text[c] == ' ' || text[c] == '\t' || text[c] == '\n'))
            c++;
        size_t fl = strlen(form);
        if (c + fl > tlen || memcmp(text + c, form, fl) != 0)
            return 0;
        for (int32_t j = i; j <= last; j++) {
            r->words[j - 1].start = (uint32_t)c;
            r->words[j - 1].end = (uint32_t)(c + fl);
        }
        c += fl;
        i = last + 1;
    }
    return 1;
}

/* Copies the scratch sentence into s (arena a). Returns 0 or -1 (memory). */
static int finish_sentence(kh_conllu_reader *r, kh_arena *a, kh_sentence *s, long first_line,
                           const char **newdoc)
{
    memset(s, 0, sizeof *s);
    s->line = first_line;
    s->nwords = r->nwords;
    s->nmwts = r->nmwts;
    s->ncomments = r->ncomments;
    s->nempty = r->nempty;
    const char *text = NULL;
    if (newdoc)
        *newdoc = NULL;
    for (int32_t i = 0; i < r->ncomments + r->nempty; i++) {
        const char *line = r->extra[i].line, *v;
        if (r->extra[i].after >= 0)
            continue;
        if (!s->sent_id && (v = comment_value(line, "sent_id")) != NULL && *v)
            s->sent_id = v;
        else if (!text && (v = comment_value(line, "text")) != NULL)
            text = v;
        else if (newdoc && !*newdoc && strncmp(line, "# newdoc", 8) == 0 &&
                 (line[8] == ' ' || line[8] == '\0')) {
            /* "# newdoc id = X" or a bare "# newdoc" */
            const char *p = line + 8;
            while (*p == ' ')
                p++;
            if (strncmp(p, "id", 2) == 0) {
                p += 2;
                while (*p == ' ')
                    p++;
                if (*p == '=') {
                    p++;
                    while (*p == ' ')
                        p++;
                }
            }
            *newdoc = p;
        }
    }
    if (newdoc && !*newdoc && r->carry_newdoc) {
        /* the document began with a sentence that was skipped */
        if (!(*newdoc = kh_arena_strdup(a, r->carry_newdoc)))
            return -1;
    }
    free(r->carry_newdoc);
    r->carry_newdoc = NULL;
    if (!text || !align_text(r, text)) {
        if (rebuild_text(r) < 0)
            return -1;
        char *t = kh_arena_strndup(a, r->text.data, r->text.len);
        if (!t)
            return -1;
        for (int32_t i = 0; i < r->nwords; i++) {
            r->words[i].start = r->tok_start[i];
            r->words[i].end = r->tok_end[i];
        }
        text = t;
    }
    s->text = text;
    s->start = 0;
    s->end = (uint32_t)strlen(text);
    s->words = kh_arena_memdup(a, r->words, (size_t)r->nwords * sizeof *r->words);
    if (!s->words)
        return -1;
    if (r->nmwts && !(s->mwts = kh_arena_memdup(a, r->mwts, (size_t)r->nmwts * sizeof *r->mwts)))
        return -1;
    if (r->ncomments && !(s->comments = kh_arena_alloc(a, (size_t)r->ncomments * sizeof *s->comments)))
        return -1;
    if (r->nempty && !(s->empty = kh_arena_alloc(a, (size_t)r->nempty * sizeof *s->empty)))
        return -1;
    int32_t c = 0, e = 0;
    for (int32_t i = 0; i < r->ncomments + r->nempty; i++) {
        if (r->extra[i].after < 0)
            s->comments[c++] = r->extra[i];
        else
            s->empty[e++] = r->extra[i];
    }
    return 0;
}

/* A skipped sentence that opened a document passes its "# newdoc" on. */
static int remember_newdoc(kh_conllu_reader *r)
{
    for (int32_t i = 0; i < r->ncomments + r->nempty; i++) {
        const char *line = r->extra[i].line;
        if (r->extra[i].after < 0 && strncmp(line, "# newdoc", 8) == 0) {
            const char *p = line + 8;
            while (*p == ' ')
                p++;
            if (strncmp(p, "id", 2) == 0) {
                p += 2;
                while (*p == ' ' || *p == '=')
                    p++;
            }
            free(r->carry_newdoc);
            if (!(r->carry_newdoc = strdup(p)))
                return -1;
        }
    }
    return 0;
}

int kh_conllu_next(kh_conllu_reader *r, kh_arena *a, kh_sentence *s, const char **newdoc)
{
    int in_sentence = 0, bad = 0;
    long first_line = 0;
    if (newdoc)
        *newdoc = NULL;
    reset_sentence(r);
    for (;;) {
        char *line;
        size_t len;
        int rc = kh_lr_next(r->lr, &line, &len);
        long lineno = kh_lr_lineno(r->lr);
        if (rc == KH_LR_ERROR) {
            kh_diag_error(r->diag, r->name, lineno, "read error");
            return -1;
        }
        if (rc == KH_LR_TOOLONG) {
            kh_diag_error(r->diag, r->name, lineno, "line too long (%zu bytes)", len);
            if (!in_sentence)
                first_line = lineno;
            in_sentence = bad = 1;
            continue;
        }
        int blank = rc == KH_LR_EOF;
        if (rc == KH_LR_LINE) {
            kh_lr_chomp_cr(line, &len);
            blank = len == 0;
        }
        if (blank) {
            if (in_sentence) {
                if (!bad && check_tree(r, first_line) != 0)
                    bad = 1;
                if (!bad)
                    return finish_sentence(r, a, s, first_line, newdoc) < 0 ? -1 : 1;
                r->skipped++;
                if (remember_newdoc(r) < 0)
                    return -1;
                reset_sentence(r);
                in_sentence = bad = 0;
            }
            if (rc == KH_LR_EOF)
                return 0;
            continue;
        }
        if (!in_sentence)
            first_line = lineno;
        in_sentence = 1;
        if (bad) {
            if (strncmp(line, "# newdoc", 8) == 0 && add_extra(r, a, line, len, -1) < 0)
                return -1;
            continue;
        }
        if (memchr(line, '\0', len)) {
            kh_diag_error(r->diag, r->name, lineno, "NUL byte in line (binary data?)");
            bad = 1;
            continue;
        }
        size_t badbyte = kh_lr_utf8_check(line, len);
        if (badbyte < len) {
            kh_diag_error(r->diag, r->name, lineno, "invalid UTF-8 (byte 0x%02x at column %zu)",
                          (unsigned char)line[badbyte], badbyte + 1);
            bad = 1;
            continue;
        }
        int err;
        if (line[0] == '#') {
            if (r->nwords || r->nmwts || r->nempty) {
                kh_diag_error(r->diag, r->name, lineno, "comment line inside a sentence");
                err = 1;
            } else {
                err = add_extra(r, a, line, len, -1);
            }
        } else {
            err = parse_token(r, a, line, len, lineno);
        }
        if (err < 0) {
            kh_diag_error(r->diag, r->name, lineno, "out of memory");
            return -1;
        }
        if (err > 0)
            bad = 1;
    }
}

static const char *or_blank(const char *s) { return s ? s : "_"; }

static void write_word(FILE *out, int32_t id, const kh_word *w)
{
    char head[16];
    if (w->head < 0)
        strcpy(head, "_");
    else
        snprintf(head, sizeof head, "%d", (int)w->head);
    fprintf(out, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", (int)id, w->form ? w->form : "_",
            or_blank(w->lemma), kh_upos_name(w->upos), or_blank(w->xpos), or_blank(w->feats),
            head, or_blank(w->deprel), or_blank(w->deps), or_blank(w->misc));
}

static void write_empty_after(FILE *out, const kh_sentence *s, int32_t after, int32_t *e)
{
    while (*e < s->nempty && s->empty[*e].after == after) {
        fputs(s->empty[*e].line, out);
        fputc('\n', out);
        (*e)++;
    }
}

int kh_conllu_write(FILE *out, const kh_sentence *s)
{
    if (s->ncomments) {
        for (int32_t i = 0; i < s->ncomments; i++) {
            fputs(s->comments[i].line, out);
            fputc('\n', out);
        }
    } else {
        if (s->sent_id)
            fprintf(out, "# sent_id = %s\n", s->sent_id);
        if (s->text) {
            /* the text of one line: a newline inside would break the format */
            fputs("# text = ", out);
            for (const char *p = s->text; *p; p++)
                fputc(*p == '\n' || *p == '\r' ? ' ' : *p, out);
            fputc('\n', out);
        }
    }
    int32_t m = 0, e = 0;
    write_empty_after(out, s, 0, &e);
    for (int32_t i = 1; i <= s->nwords; i++) {
        while (m < s->nmwts && s->mwts[m].first == i) {
            fprintf(out, "%d-%d\t%s\t_\t_\t_\t_\t_\t_\t_\t%s\n", (int)s->mwts[m].first,
                    (int)s->mwts[m].last, s->mwts[m].form, or_blank(s->mwts[m].misc));
            m++;
        }
        write_word(out, i, &s->words[i - 1]);
        write_empty_after(out, s, i, &e);
    }
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}

int kh_conllu_read_all(const char *path, kh_doc *doc, kh_diag *diag)
{
    kh_conllu_reader *r = kh_conllu_open(path, diag);
    if (!r)
        return -1;
    kh_buf text = KH_BUF_INIT;
    int rc;
    for (;;) {
        kh_sentence tmp;
        rc = kh_conllu_next(r, doc->arena, &tmp, NULL);
        if (rc <= 0)
            break;
        /* Sentences are joined by a newline in doc->text; offsets become
         * offsets into doc->text. */
        if (text.len && kh_buf_putc(&text, '\n') < 0) {
            rc = -1;
            break;
        }
        uint32_t base = (uint32_t)text.len;
        if (kh_buf_puts(&text, tmp.text) < 0) {
            rc = -1;
            break;
        }
        for (int32_t i = 0; i < tmp.nwords; i++) {
            tmp.words[i].start += base;
            tmp.words[i].end += base;
        }
        tmp.start += base;
        tmp.end += base;
        kh_sentence *s = kh_doc_add_sentence(doc);
        if (!s) {
            rc = -1;
            break;
        }
        *s = tmp;
    }
    if (rc == 0) {
        char *t = kh_arena_strndup(doc->arena, text.data ? text.data : "", text.len);
        if (!t) {
            rc = -1;
        } else {
            doc->text = t;
            doc->text_len = text.len;   /* s->text stays the sentence's own NUL-terminated text */
        }
    }
    if (rc < 0)
        kh_diag_error(diag, path, 0, "out of memory or read error");
    if (!doc->file)
        doc->file = kh_arena_strdup(doc->arena, path);
    doc->format = KH_FMT_CONLLU;
    kh_buf_free(&text);
    kh_conllu_close(r);
    return rc < 0 ? -1 : 0;
}
