/* read_tabari.c - TABARI text records: one document per record.
 *
 * A record is a header "DATE ID [DOCID]" (DATE YYMMDD or YYYYMMDD), the text
 * over one or more lines and an optional comment block "/" "* ... *" "/" that
 * holds the gold codings; a blank line outside a comment ends it. Lines that
 * start with '#' or '/' between records are comments. Gold blocks become
 * doc->gold lines: "SRC\tTGT\tCODE" (plus "\tYYYY-MM-DD" when an expected date
 * follows), "null" ({---}), "complex" ({+++}), "discard" ({###}),
 * "option:SET: ..." ({ OPTION: ... }, also passed to the config callback);
 * after a "-{" block (the checker stops there) lines are prefixed "unchecked:".
 * Ctrl-Z bytes (0x1A), which TABARI's own files contain, are dropped. */
#include "reader_impl.h"

#include <string.h>

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static size_t trim_right(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return n;
}

/* Header fields; returns 0 when the line is a header. */
typedef struct header {
    char date[10];     /* the digits as read (6, 8 or 9) */
    const char *id;
    size_t id_len;
    const char *doc;   /* FBIS document id, or NULL */
    size_t doc_len;
    int typo7;         /* a 7-digit date (read as its first 6) */
} header;

static int parse_header(const char *line, size_t len, header *h)
{
    size_t d = 0;
    memset(h, 0, sizeof *h);
    while (d < len && is_digit(line[d]))
        d++;
    if (d < 6 || d > 9 || d == len || !(line[d] == ' ' || line[d] == '\t' || line[d] == '*'))
        return -1;
    /* 7 digits are a typo in TABARI's files (it reads the first 6); 9 digits
     * are kept whole, so that the record is rejected for its date */
    size_t keep = d == 7 ? 6 : d;
    h->typo7 = keep != d;
    memcpy(h->date, line, keep);
    h->date[keep] = '\0';
    const char *f[3];
    size_t fl[3];
    int nf = 0;
    size_t i = d;
    while (i < len && nf < 3) {
        while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '*'))
            i++;
        if (i == len)
            break;
        f[nf] = line + i;
        while (i < len && line[i] != ' ' && line[i] != '\t')
            i++;
        fl[nf] = (size_t)(line + i - f[nf]);
        nf++;
    }
    int k = 0;
    /* "950101  950101  AGENTS-11": the date written twice */
    if (nf > 1 && fl[0] == d && memcmp(f[0], line, d) == 0)
        k = 1;
    if (k >= nf)
        return -1;
    h->id = f[k];
    h->id_len = fl[k];
    if (k + 1 < nf) {
        h->doc = f[k + 1];
        h->doc_len = fl[k + 1];
    }
    return 0;
}

/* Appends one gold line to b. */
static int gold_line(kh_buf *b, int unchecked, const char *fmt, const char *a1, size_t n1)
{
    if (b->len && kh_buf_putc(b, '\n') < 0)
        return -1;
    if (unchecked && kh_buf_puts(b, "unchecked:") < 0)
        return -1;
    return kh_buf_printf(b, fmt, (int)n1, a1);
}

static void trim(const char **s, size_t *n)
{
    while (*n && strchr(" \t\r\n", **s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && strchr(" \t\r\n", (*s)[*n - 1]))
        (*n)--;
}

/* Scans the comment text for gold blocks. Returns 0 or -1 (memory). */
static int scan_gold(kh_reader *r, const char *c, size_t n, kh_buf *gold, long line)
{
    int unchecked = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i] != '{')
            continue;
        const char *close = memchr(c + i, '}', n - i);
        const char *eol = memchr(c + i, '\n', n - i);
        if (!eol)
            eol = c + n;
        /* OPTION blocks are sometimes not closed by a brace: they end with the line */
        int unclosed = !close || close > eol;
        if (unclosed)
            close = eol;
        const char *s = c + i + 1;
        size_t len = (size_t)(close - s);
        int minus = i > 0 && c[i - 1] == '-';
        unchecked |= minus;
        trim(&s, &len);
        /* the expected date of TIME records follows the block */
        const char *after = close + (close < c + n), *end = c + n;
        while (after < end && (*after == ' ' || *after == '\t'))
            after++;
        size_t dd = 0;
        while (after + dd < end && is_digit(after[dd]))
            dd++;
        char when[11] = "";
        if (dd >= 6 && dd <= 8) {
            char tmp[9];
            memcpy(tmp, after, dd);
            tmp[dd] = '\0';
            if (kh_date_normalize(tmp, when) < 0)
                when[0] = '\0';
        }
        int rc = 0;
        if (len == 3 && memcmp(s, "---", 3) == 0)
            rc = gold_line(gold, unchecked, "null%.*s", "", 0);
        else if (len == 3 && memcmp(s, "+++", 3) == 0)
            rc = gold_line(gold, unchecked, "complex%.*s", "", 0);
        else if (len == 3 && memcmp(s, "###", 3) == 0)
            rc = gold_line(gold, unchecked, "discard%.*s", "", 0);
        else if (unclosed && !(len > 7 && memcmp(s, "OPTION:", 7) == 0))
            rc = 0;   /* a lone '{' in prose */
        else if (len > 7 && memcmp(s, "OPTION:", 7) == 0) {
            const char *o = s + 7;
            size_t ol = len - 7;
            trim(&o, &ol);
            rc = gold_line(gold, 0, "option:%.*s", o, ol);
            if (rc == 0 && r->on_config) {
                char val[256];
                snprintf(val, sizeof val, "%.*s", (int)ol, o);
                r->on_config(r->config_ctx, "tabari", val, r->name, line);
            }
        } else {
            /* SOURCE / TARGET / EVENT */
            const char *sl1 = memchr(s, '/', len);
            const char *sl2 = sl1 ? memchr(sl1 + 1, '/', (size_t)(s + len - sl1 - 1)) : NULL;
            if (sl2 && !memchr(sl2 + 1, '/', (size_t)(s + len - sl2 - 1))) {
                const char *p[3] = {s, sl1 + 1, sl2 + 1};
                size_t pl[3] = {(size_t)(sl1 - s), (size_t)(sl2 - sl1 - 1), (size_t)(s + len - sl2 - 1)};
                for (int k = 0; k < 3; k++)
                    trim(&p[k], &pl[k]);
                if (gold->len && kh_buf_putc(gold, '\n') < 0)
                    return -1;
                rc = kh_buf_printf(gold, "%s%.*s\t%.*s\t%.*s%s%s", unchecked ? "unchecked:" : "",
                                   (int)pl[0], p[0], (int)pl[1], p[1], (int)pl[2], p[2],
                                   when[0] ? "\t" : "", when);
            }
        }
        if (rc < 0)
            return -1;
        i = (size_t)(close - c);
    }
    return 0;
}

/* Appends text without Ctrl-Z bytes, lines joined by one space. */
static int add_text(kh_buf *b, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    n = trim_right(s, n);
    if (!n)
        return 0;
    if (b->len && kh_buf_putc(b, ' ') < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (s[i] != 0x1A && kh_buf_putc(b, s[i]) < 0)
            return -1;
    return 0;
}

/* One record: 1 (document), 0 (end), -1 (fatal), 2 (record rejected). */
static int read_one(kh_reader *r, kh_arena *a, kh_doc *doc)
{
    kh_buf *text = &r->buf, *comment = &r->buf2;
    header h;
    int in_record = 0, in_comment = 0, bad = 0, saw_comment = 0;
    long start = 0;
    char hdr_copy[256];
    for (;;) {
        char *line;
        size_t len;
        int rc = kh_lr_next(r->lr, &line, &len);
        long lineno = kh_lr_lineno(r->lr);
        if (rc == KH_LR_ERROR) {
            kh_diag_error(r->diag, r->name, lineno, "read error");
            return -1;
        }
        if (rc == KH_LR_LINE)
            len = trim_right(line, len);
        int blank = rc == KH_LR_EOF || (rc == KH_LR_LINE && len == 0);
        if (!in_record) {
            if (rc == KH_LR_EOF)
                return 0;
            if (blank)
                continue;
            if (rc == KH_LR_TOOLONG) {
                kh_reader_reject(r, lineno, "line of %zu bytes is longer than the limit (%zu); skipped",
                                 len, r->opts.max_line_bytes);
                bad = 1;
                in_record = 1;
                continue;
            }
            if (line[0] == '#' || line[0] == '/')
                continue;
            in_record = 1;
            start = lineno;
            kh_buf_clear(text);
            kh_buf_clear(comment);
            in_comment = saw_comment = bad = 0;
            if (memchr(line, '\0', len)) {
                kh_reader_reject(r, lineno, "NUL byte in line (binary data?)");
                bad = 1;
            } else if (parse_header(line, len, &h) < 0) {
                kh_reader_reject(r, lineno, "record does not start with a 'DATE ID' header");
                bad = 1;
            } else {
                /* the header points into the line: keep a copy */
                snprintf(hdr_copy, sizeof hdr_copy, "%.*s", (int)(len < 255 ? len : 255), line);
                parse_header(hdr_copy, strlen(hdr_copy), &h);
                if (h.typo7)
                    kh_diag_warn(r->diag, r->name, lineno, "7-digit date: read as %s", h.date);
            }
            continue;
        }
        /* A blank line ends the record even inside a comment: TABARI's own
         * files have comments that are never closed (a second slash-star). */
        if (blank) {
            if (bad) {
                in_record = bad = 0;
                if (kh_diag_should_stop(r->diag))
                    return 0;
                continue;
            }
            break;   /* the record is complete */
        }
        if (bad)
            continue;
        if (kh_reader_check_line(r, rc, line, len, lineno, "line", "; record skipped") < 0) {
            bad = 1;
            continue;
        }
        /* split the line into text and comment parts */
        size_t i = 0;
        while (i < len) {
            if (in_comment) {
                const char *e = strstr(line + i, "*/");
                size_t n = e ? (size_t)(e - line - i) : len - i;
                if (kh_buf_append(comment, line + i, n) < 0 || kh_buf_putc(comment, '\n') < 0)
                    return -1;
                i += n;
                if (e) {
                    in_comment = 0;
                    i += 2;
                }
            } else {
                const char *o = strstr(line + i, "/*");
                size_t n = o ? (size_t)(o - line - i) : len - i;
                /* after a comment, stray blocks (AGENTS-11) still count as gold */
                int rc2 = saw_comment ? kh_buf_append(comment, line + i, n) : add_text(text, line + i, n);
                if (rc2 < 0)
                    return -1;
                i += n;
                if (o) {
                    in_comment = saw_comment = 1;
                    i += 2;
                }
            }
        }
        if (text->len + comment->len > r->opts.max_doc_bytes) {
            kh_reader_reject(r, start, "record is larger than the limit (%zu bytes)", r->opts.max_doc_bytes);
            bad = 1;
        }
    }
    /* build the document */
    char iso[11];
    if (kh_date_normalize(h.date, iso) < 0) {
        kh_reader_reject(r, start, "record %.*s: date '%s' does not parse", (int)h.id_len, h.id, h.date);
        return 2;
    }
    kh_buf gold = KH_BUF_INIT;
    if (scan_gold(r, comment->data ? comment->data : "", comment->len, &gold, start) < 0) {
        kh_buf_free(&gold);
        return -1;
    }
    doc->id = kh_arena_strndup(a, h.id, h.id_len);
    doc->date = kh_arena_strdup(a, iso);
    char *txt = kh_arena_strndup(a, text->data ? text->data : "", text->len);
    if (txt)
        kh_reader_underscore_blanks(txt);
    doc->text = txt;
    doc->text_len = text->len;
    doc->line = start;
    const char *dash = memchr(h.id, '-', h.id_len);
    if (dash && dash > h.id)
        doc->category = kh_arena_strndup(a, h.id, (size_t)(dash - h.id));
    if (gold.len)
        doc->gold = kh_arena_strndup(a, gold.data, gold.len);
    if (h.doc) {
        kh_buf ex = KH_BUF_INIT;
        int ok = kh_buf_puts(&ex, "{\"docid\":") == 0 && kh_buf_json_str(&ex, h.doc, h.doc_len) == 0 &&
                 kh_buf_putc(&ex, '}') == 0;
        doc->extra_json = ok ? kh_arena_strndup(a, ex.data, ex.len) : NULL;
        kh_buf_free(&ex);
        if (!doc->extra_json) {
            kh_buf_free(&gold);
            return -1;
        }
    }
    int oom = !doc->id || !doc->date || !doc->text || (gold.len && !doc->gold) ||
              (dash && dash > h.id && !doc->category);
    kh_buf_free(&gold);
    return oom ? -1 : 1;
}

int kh_read_tabari(kh_reader *r, kh_arena *a, kh_doc *doc)
{
    int rc;
    while ((rc = read_one(r, a, doc)) == 2)
        if (kh_diag_should_stop(r->diag))
            return 0;
    return rc;
}
