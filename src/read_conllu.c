/* read_conllu.c - CoNLL-U as documents: one kh_doc per "# newdoc" (or one per
 * file when there is none), with its sentences filled from the file (already
 * tokenised, tagged and parsed) and doc->text rebuilt from them: sentences are
 * joined by a space, or by a blank line where a "# newpar" starts a paragraph.
 * Word and sentence offsets point into doc->text; s->text stays the
 * sentence's own text. Malformed sentences are reported, skipped and counted.
 *
 * Sentences are read straight into the document's arena; only the first
 * sentence of the next document (met while finishing this one) is copied
 * aside, into r->stage, because the caller resets the arena between documents. */
#include "reader_impl.h"

#include <string.h>

static const char *dup_or_null(kh_arena *a, const char *s, int *oom)
{
    if (!s)
        return NULL;
    char *d = kh_arena_strdup(a, s);
    if (!d)
        *oom = 1;
    return d;
}

/* Deep copy of a sentence into arena a. Returns 0 or -1. */
static int sentence_copy(kh_arena *a, kh_sentence *dst, const kh_sentence *src)
{
    int oom = 0;
    *dst = *src;
    dst->words = kh_arena_memdup(a, src->words, (size_t)src->nwords * sizeof *src->words);
    dst->mwts = src->nmwts ? kh_arena_memdup(a, src->mwts, (size_t)src->nmwts * sizeof *src->mwts) : NULL;
    dst->comments = src->ncomments ? kh_arena_memdup(a, src->comments, (size_t)src->ncomments * sizeof *src->comments) : NULL;
    dst->empty = src->nempty ? kh_arena_memdup(a, src->empty, (size_t)src->nempty * sizeof *src->empty) : NULL;
    if (!dst->words || (src->nmwts && !dst->mwts) || (src->ncomments && !dst->comments) ||
        (src->nempty && !dst->empty))
        return -1;
    for (int32_t i = 0; i < src->nwords; i++) {
        kh_word *w = &dst->words[i];
        w->form = dup_or_null(a, w->form, &oom);
        w->lemma = dup_or_null(a, w->lemma, &oom);
        w->xpos = dup_or_null(a, w->xpos, &oom);
        w->feats = dup_or_null(a, w->feats, &oom);
        w->deps = dup_or_null(a, w->deps, &oom);
        w->misc = dup_or_null(a, w->misc, &oom);
        w->deprel = dup_or_null(a, w->deprel, &oom);
    }
    for (int32_t i = 0; i < src->nmwts; i++) {
        dst->mwts[i].form = dup_or_null(a, src->mwts[i].form, &oom);
        dst->mwts[i].misc = dup_or_null(a, src->mwts[i].misc, &oom);
    }
    /* sent_id and text point into comment lines or stand alone: copy them too */
    for (int32_t i = 0; i < src->ncomments; i++)
        dst->comments[i].line = dup_or_null(a, src->comments[i].line, &oom);
    for (int32_t i = 0; i < src->nempty; i++)
        dst->empty[i].line = dup_or_null(a, src->empty[i].line, &oom);
    dst->sent_id = dup_or_null(a, src->sent_id, &oom);
    dst->text = dup_or_null(a, src->text, &oom);
    dst->skip_reason = dup_or_null(a, src->skip_reason, &oom);
    return oom ? -1 : 0;
}

static int has_newpar(const kh_sentence *s)
{
    for (int32_t i = 0; i < s->ncomments; i++)
        if (strncmp(s->comments[i].line, "# newpar", 8) == 0)
            return 1;
    return 0;
}

/* Adds s to doc, its text to r->buf and its offsets moved to document offsets. */
static int add_sentence(kh_reader *r, kh_doc *doc, const kh_sentence *s)
{
    const char *sep = doc->nsents == 0 ? "" : has_newpar(s) ? "\n\n" : " ";
    if (kh_buf_puts(&r->buf, sep) < 0)
        return -1;
    uint32_t base = (uint32_t)r->buf.len;
    if (kh_buf_puts(&r->buf, s->text) < 0)
        return -1;
    kh_sentence *d = kh_doc_add_sentence(doc);
    if (!d)
        return -1;
    *d = *s;
    for (int32_t i = 0; i < d->nwords; i++) {
        d->words[i].start += base;
        d->words[i].end += base;
    }
    d->start = base;
    d->end = (uint32_t)r->buf.len;
    return 0;
}

static int start_doc(kh_reader *r, kh_arena *a, kh_doc *doc, const char *newdoc, long line)
{
    char gen[300];
    const char *base = kh_path_base(r->name);
    if (newdoc && *newdoc)
        snprintf(gen, sizeof gen, "%s", newdoc);
    else if (r->docs_in_file == 0)
        snprintf(gen, sizeof gen, "%.200s", base);
    else
        snprintf(gen, sizeof gen, "%.200s:%ld", base, line);
    r->docs_in_file++;
    doc->id = kh_arena_strdup(a, gen);
    doc->line = line;
    kh_buf_clear(&r->buf);
    if (r->opts.default_date) {
        char iso[11];
        if (kh_date_normalize(r->opts.default_date, iso) == 0)
            doc->date = kh_arena_strdup(a, iso);
    }
    return doc->id ? 0 : -1;
}

static int finish_doc(kh_reader *r, kh_arena *a, kh_doc *doc)
{
    char *t = kh_arena_strndup(a, r->buf.data ? r->buf.data : "", r->buf.len);
    if (!t)
        return -1;
    doc->text = t;
    doc->text_len = r->buf.len;
    return 1;
}

int kh_read_conllu_doc(kh_reader *r, kh_arena *a, kh_doc *doc)
{
    if (!r->conllu && !(r->conllu = kh_conllu_open_lines(r->lr, r->name, r->diag)))
        return -1;
    int started = 0;
    if (r->has_pending) {
        kh_sentence s;
        if (sentence_copy(a, &s, &r->pending) < 0 ||
            start_doc(r, a, doc, r->pending_newdoc, s.line) < 0 || add_sentence(r, doc, &s) < 0)
            return -1;
        r->has_pending = 0;
        kh_arena_reset(&r->stage);
        started = 1;
    }
    for (;;) {
        kh_sentence s;
        const char *newdoc = NULL;
        long skipped_before = kh_conllu_skipped(r->conllu);
        int rc = kh_conllu_next(r->conllu, a, &s, &newdoc);
        r->nrejected += kh_conllu_skipped(r->conllu) - skipped_before;
        if (rc < 0)
            return -1;
        if (rc == 0)
            return started ? finish_doc(r, a, doc) : 0;
        if (newdoc && started) {
            /* the first sentence of the next document: keep it aside */
            kh_arena_reset(&r->stage);
            if (sentence_copy(&r->stage, &r->pending, &s) < 0)
                return -1;
            r->pending_newdoc = kh_arena_strdup(&r->stage, newdoc);
            if (!r->pending_newdoc)
                return -1;
            r->has_pending = 1;
            return finish_doc(r, a, doc);
        }
        if (!started) {
            if (start_doc(r, a, doc, newdoc, s.line) < 0)
                return -1;
            started = 1;
        }
        if (add_sentence(r, doc, &s) < 0)
            return -1;
        if (doc->nsents > 1 && r->buf.len > r->opts.max_doc_bytes) {
            /* a document without "# newdoc" marks is cut into bounded pieces */
            kh_diag_warn(r->diag, r->name, s.line, "document %s reached %zu bytes: split here",
                         doc->id, r->buf.len);
            return finish_doc(r, a, doc);
        }
    }
}
