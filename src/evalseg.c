/* evalseg.c - rebuild a UD file's raw text, run the text layer, score by spans
 * (see evalseg.h). The small CoNLL-U loop here reads only what scoring needs:
 * "# newdoc", "# newpar", "# text", IDs and FORMs. */
#include "evalseg.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "doc.h"
#include "text.h"

static int set_push(kh_seg_set *s, uint32_t start, uint32_t end, int32_t idx, const char *form)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        kh_seg_span *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = (kh_seg_span){start, end, idx, form};
    return 0;
}

static void set_free(kh_seg_set *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

void kh_seg_gold_free(kh_seg_gold *g)
{
    free(g->text);
    free(g->forms);
    set_free(&g->tokens);
    set_free(&g->words);
    set_free(&g->sents);
    memset(g, 0, sizeof *g);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    kh_buf b = KH_BUF_INIT;
    char chunk[65536];
    size_t r;
    int bad = 0;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (kh_buf_append(&b, chunk, r) < 0) {
            bad = 1;
            break;
        }
    if (ferror(f))
        bad = 1;
    fclose(f);
    if (bad || kh_buf_putc(&b, '\0') < 0) {
        kh_buf_free(&b);
        return NULL;
    }
    *len = b.len - 1;
    return b.data;
}

/* Parser state while reading one file. */
typedef struct gold_state {
    kh_seg_gold *g;
    kh_buf text;
    int sep;              /* separator owed before the next sentence: 0 none, 1 ' ', 2 '\n', 3 blank line */
    size_t cursor;        /* where the next token is looked for */
    size_t sent_end;      /* end of the current "# text" */
    long sent_start;      /* -1: no sentence open */
    uint32_t first, last; /* span of the sentence's tokens */
    int ntoks;
    int mwt_left, mwt_idx;
    uint32_t mwt_start, mwt_end;
    const char *path;
    long line;
    kh_diag *diag;
    long misaligned;
} gold_state;

/* Finds form in the sentence text from the cursor; returns its start. */
static int locate(gold_state *st, const char *form, uint32_t *start, uint32_t *end)
{
    const char *t = st->text.data;
    size_t fl = strlen(form), p = st->cursor;
    while (p < st->sent_end && (t[p] == ' ' || t[p] == '\t'))
        p++;
    if (p + fl > st->sent_end || memcmp(t + p, form, fl) != 0) {
        const char *hit = strstr(t + p, form);
        if (!hit || (size_t)(hit - t) + fl > st->sent_end) {
            if (st->misaligned++ == 0)
                kh_diag_warn(st->diag, st->path, st->line, "form '%s' not found in # text", form);
            *start = (uint32_t)p;
            *end = (uint32_t)(p + fl > st->sent_end ? st->sent_end : p + fl);
            st->cursor = *end;
            return 0;
        }
        p = (size_t)(hit - t);
    }
    *start = (uint32_t)p;
    *end = (uint32_t)(p + fl);
    st->cursor = p + fl;
    return 0;
}

static int begin_text(gold_state *st, const char *s)
{
    static const char *const seps[] = {"", " ", "\n", "\n\n"};
    if (st->text.len > 0 && kh_buf_puts(&st->text, seps[st->sep ? st->sep : 1]) < 0)
        return -1;
    st->sent_start = (long)st->text.len;
    if (kh_buf_puts(&st->text, s) < 0)
        return -1;
    st->cursor = (size_t)st->sent_start;
    st->sent_end = st->text.len;
    st->sep = 1;
    st->ntoks = 0;
    st->mwt_left = 0;
    return 0;
}

static int end_sentence(gold_state *st)
{
    if (st->sent_start < 0)
        return 0;
    int rc = 0;
    if (st->ntoks > 0)
        rc = set_push(&st->g->sents, st->first, st->last, 0, NULL);
    st->sent_start = -1;
    return rc;
}

static int add_token(gold_state *st, uint32_t a, uint32_t b)
{
    if (st->ntoks++ == 0)
        st->first = a;
    st->last = b;
    return set_push(&st->g->tokens, a, b, 0, NULL);
}

/* One line of the file (NUL-terminated, may be modified in place). */
static int gold_line(gold_state *st, char *l)
{
    if (l[0] == '#') {
        if (strncmp(l, "# newdoc", 8) == 0)
            st->sep = 3;
        else if (strncmp(l, "# newpar", 8) == 0 && st->sep < 2)
            st->sep = 2;
        else if (strncmp(l, "# text = ", 9) == 0)
            return begin_text(st, l + 9);
        return 0;
    }
    if (l[0] == '\0')
        return end_sentence(st);
    if (st->sent_start < 0) {
        kh_diag_error(st->diag, st->path, st->line, "sentence without '# text' comment");
        return -1;
    }
    char *tab = strchr(l, '\t');
    if (!tab)
        return 0;
    char *form = tab + 1, *tab2 = strchr(form, '\t');
    if (tab2)
        *tab2 = '\0';
    *tab = '\0';
    if (strchr(l, '.'))
        return 0;   /* empty node */
    char *dash = strchr(l, '-');
    uint32_t a, b;
    if (dash) {
        long first = strtol(l, NULL, 10), last = strtol(dash + 1, NULL, 10);
        locate(st, form, &a, &b);
        st->mwt_left = (int)(last - first + 1);
        st->mwt_idx = 0;
        st->mwt_start = a;
        st->mwt_end = b;
        return add_token(st, a, b);
    }
    if (st->mwt_left > 0) {
        st->mwt_left--;
        return set_push(&st->g->words, st->mwt_start, st->mwt_end, st->mwt_idx++, form);
    }
    locate(st, form, &a, &b);
    if (add_token(st, a, b) < 0)
        return -1;
    return set_push(&st->g->words, a, b, 0, form);
}

int kh_seg_gold_load(const char *path, kh_seg_gold *g, kh_diag *diag)
{
    memset(g, 0, sizeof *g);
    size_t len;
    g->forms = slurp(path, &len);
    if (!g->forms) {
        kh_diag_error(diag, path, 0, "cannot read the file");
        return -1;
    }
    gold_state st = {0};
    st.g = g;
    st.sent_start = -1;
    st.path = path;
    st.diag = diag;
    char *p = g->forms, *end = g->forms + len;
    int rc = 0;
    while (p < end && rc == 0) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *e = nl ? nl : end;
        *e = '\0';
        if (e > p && e[-1] == '\r')
            e[-1] = '\0';
        st.line++;
        rc = gold_line(&st, p);
        p = e + 1;
    }
    if (rc == 0)
        rc = end_sentence(&st);
    if (rc == 0 && kh_buf_putc(&st.text, '\0') < 0)
        rc = -1;
    if (rc < 0) {
        kh_buf_free(&st.text);
        kh_seg_gold_free(g);
        return -1;
    }
    g->text = st.text.data;
    g->len = st.text.len - 1;
    if (st.misaligned)
        kh_diag_warn(diag, path, 0, "%ld forms not found in their # text", st.misaligned);
    return 0;
}

/* ---- scoring ------------------------------------------------------------- */

static int span_cmp(const kh_seg_span *a, const kh_seg_span *b)
{
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end < b->end ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Both sets are in text order. Words also need equal forms. */
static void score(const kh_seg_set *gold, const kh_seg_set *sys, kh_prf *r, const char *text,
                  FILE *errors, int *budget)
{
    size_t i = 0, j = 0;
    r->gold = (long)gold->n;
    r->sys = (long)sys->n;
    r->correct = 0;
    while (i < gold->n && j < sys->n) {
        int c = span_cmp(&gold->v[i], &sys->v[j]);
        if (c == 0) {
            if (!gold->v[i].form || strcmp(gold->v[i].form, sys->v[j].form) == 0)
                r->correct++;
            i++;
            j++;
            continue;
        }
        const kh_seg_span *x = c < 0 ? &gold->v[i] : &sys->v[j];
        if (errors && *budget > 0) {
            (*budget)--;
            int len = (int)(x->end - x->start);
            fprintf(errors, "%s [%u,%u) %.*s%s\n", c < 0 ? "missed  " : "spurious", x->start,
                    x->end, len > 100 ? 100 : len, text + x->start, len > 100 ? "..." : "");
        }
        if (c < 0)
            i++;
        else
            j++;
    }
}

int kh_evalseg_run(const kh_seg_gold *g, kh_evalseg_result *r, FILE *errors, int max_errors,
                   int what)
{
    memset(r, 0, sizeof *r);
    kh_arena a;
    kh_arena_init(&a, 1 << 20);
    kh_doc doc;
    kh_doc_init(&doc, &a);
    doc.text = g->text;
    doc.text_len = g->len;
    doc.id = "eval";
    kh_diag quiet;
    kh_diag_init(&quiet, NULL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = kh_text_process(&doc, NULL, &quiet);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    r->bytes = g->len;
    kh_seg_set tok = {0}, word = {0}, sent = {0};
    for (int32_t i = 0; rc == 0 && i < doc.nsents; i++) {
        const kh_sentence *s = &doc.sents[i];
        rc |= set_push(&sent, s->start, s->end, 0, NULL);
        uint32_t ps = UINT32_MAX, pe = 0;
        int32_t idx = 0;
        for (int32_t k = 0; rc == 0 && k < s->nwords; k++) {
            const kh_word *w = &s->words[k];
            if (w->start == ps && w->end == pe) {
                idx++;
            } else {
                idx = 0;
                rc |= set_push(&tok, w->start, w->end, 0, NULL);
            }
            rc |= set_push(&word, w->start, w->end, idx, w->form);
            ps = w->start;
            pe = w->end;
        }
    }
    if (rc == 0) {
        int budget = max_errors;
        score(&g->tokens, &tok, &r->tokens, g->text, what & KH_EVALSEG_TOKENS ? errors : NULL,
              &budget);
        score(&g->words, &word, &r->words, g->text, what & KH_EVALSEG_WORDS ? errors : NULL,
              &budget);
        score(&g->sents, &sent, &r->sents, g->text, what & KH_EVALSEG_SENTS ? errors : NULL,
              &budget);
    }
    set_free(&tok);
    set_free(&word);
    set_free(&sent);
    kh_arena_free(&a);
    return rc ? -1 : 0;
}

double kh_prf_p(const kh_prf *x)
{
    return x->sys ? 100.0 * (double)x->correct / (double)x->sys : 0.0;
}

double kh_prf_r(const kh_prf *x)
{
    return x->gold ? 100.0 * (double)x->correct / (double)x->gold : 0.0;
}

double kh_prf_f1(const kh_prf *x)
{
    double p = kh_prf_p(x), r = kh_prf_r(x);
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}
