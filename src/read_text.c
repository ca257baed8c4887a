/* read_text.c - a plain text file is one document: id = the file's base name
 * (without .txt), date from the options or from a YYYY-MM-DD or YYYYMMDD in
 * the file name. The file is refused when it holds NUL bytes, invalid UTF-8 or
 * more than max_doc_bytes. */
#include "reader_impl.h"

#include <string.h>

/* Finds a valid YYYY-MM-DD or YYYYMMDD in a file name. */
static int date_from_name(const char *base, char out[11])
{
    size_t n = strlen(base);
    for (size_t i = 0; i + 8 <= n; i++) {
        if (i > 0 && base[i - 1] >= '0' && base[i - 1] <= '9')
            continue;
        char cand[11];
        if (i + 10 <= n && base[i + 4] == '-' && base[i + 7] == '-') {
            memcpy(cand, base + i, 10);
            cand[10] = '\0';
        } else {
            memcpy(cand, base + i, 8);
            cand[8] = '\0';
            if (i + 8 < n && base[i + 8] >= '0' && base[i + 8] <= '9')
                continue;
        }
        if (cand[0] >= '1' && cand[0] <= '2' && kh_date_normalize(cand, out) == 0)
            return 0;
    }
    return -1;
}

int kh_read_text(kh_reader *r, kh_arena *a, kh_doc *doc)
{
    if (r->done)
        return 0;
    r->done = 1;
    kh_buf_clear(&r->buf);
    int bad = 0;
    for (;;) {
        char *line;
        size_t len;
        int rc = kh_lr_next(r->lr, &line, &len);
        long lineno = kh_lr_lineno(r->lr);
        if (rc == KH_LR_EOF)
            break;
        if (rc == KH_LR_ERROR) {
            kh_diag_error(r->diag, r->name, lineno, "read error");
            return -1;
        }
        if (bad)
            continue;   /* read to the end so that the input is consumed */
        if (kh_reader_check_line(r, rc, line, len, lineno, "text", "") < 0) {
            bad = 1;
            continue;
        }
        if (r->buf.len + len + 1 > r->opts.max_doc_bytes) {
            kh_reader_reject(r, lineno, "document is larger than the limit (%zu bytes)",
                             r->opts.max_doc_bytes);
            bad = 1;
            continue;
        }
        if (kh_buf_append(&r->buf, line, len) < 0 ||
            (!kh_lr_no_newline(r->lr) && kh_buf_putc(&r->buf, '\n') < 0))
            return -1;
    }
    if (bad)
        return 0;
    if (kh_lr_lineno(r->lr) == 0)
        return 0;   /* empty: kh_reader_next reports it */
    const char *base = kh_path_base(r->name);
    size_t blen = strlen(base);
    if (blen > 4 && strcmp(base + blen - 4, ".txt") == 0)
        blen -= 4;
    char iso[11];
    int has_date = 0;
    if (r->opts.default_date) {
        if (kh_date_normalize(r->opts.default_date, iso) < 0) {
            kh_reader_reject(r, 0, "date '%.60s' does not parse", r->opts.default_date);
            return 0;
        }
        has_date = 1;
    } else {
        has_date = date_from_name(base, iso) == 0;
    }
    if (has_date && !(doc->date = kh_arena_strdup(a, iso)))
        return -1;
    doc->id = kh_arena_strndup(a, base, blen);
    doc->text = kh_arena_strndup(a, r->buf.data ? r->buf.data : "", r->buf.len);
    doc->text_len = r->buf.len;
    doc->line = 1;
    if (!doc->id || !doc->text)
        return -1;
    return 1;
}
