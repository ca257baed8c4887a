/* reader.c - opening inputs, detecting their format, and what every format
 * reader shares: counters, dates, UTF-8 checks. The formats themselves are in
 * read_jsonl.c, read_text.c, read_xml.c, read_tabari.c and read_conllu.c. */
#include "reader_impl.h"

#include <errno.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = {"auto", "jsonl", "text", "petrarch", "tabari", "conllu"};

const char *kh_format_name(kh_format f)
{
    return (f >= KH_FMT_AUTO && f <= KH_FMT_CONLLU) ? format_names[f] : "?";
}

kh_format kh_format_from_name(const char *s)
{
    for (int i = 0; i <= KH_FMT_CONLLU; i++)
        if (strcmp(s, format_names[i]) == 0)
            return (kh_format)i;
    if (strcmp(s, "json") == 0)
        return KH_FMT_JSONL;
    if (strcmp(s, "txt") == 0 || strcmp(s, "plain") == 0)
        return KH_FMT_TEXT;
    if (strcmp(s, "xml") == 0 || strcmp(s, "petrarch-xml") == 0)
        return KH_FMT_PETRARCH_XML;
    return (kh_format)-1;
}

const char *kh_path_base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

void kh_reader_underscore_blanks(char *text)
{
    for (char *q = text; *q; q++)
        if (*q == '_' && q > text && isalnum((unsigned char)q[-1]) && isalnum((unsigned char)q[1]))
            *q = ' ';
}

void kh_reader_reject(kh_reader *r, long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->nrejected++;
    kh_diag_error(r->diag, r->name, line, "%s", msg);
}

int kh_reader_check_line(kh_reader *r, int rc, const char *line, size_t len, long lineno,
                         const char *what, const char *after)
{
    if (rc == KH_LR_TOOLONG) {
        kh_reader_reject(r, lineno, "line of %zu bytes is longer than the limit (%zu)%s",
                         len, r->opts.max_line_bytes, after);
        return -1;
    }
    if (memchr(line, '\0', len)) {
        kh_reader_reject(r, lineno, "NUL byte in %s (binary data?)", what);
        return -1;
    }
    size_t off = kh_lr_utf8_check(line, len);
    if (off < len) {
        kh_reader_reject(r, lineno, "invalid UTF-8 (byte 0x%02x at column %zu)",
                         (unsigned char)line[off], off + 1);
        return -1;
    }
    return 0;
}

/* ---- dates ---- */

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static int valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

/* A time part after a date: "T12:00:00Z", " 12:00", "T120000+0100". */
static int valid_time_tail(const char *s)
{
    if (*s == '\0')
        return 1;
    if ((*s != 'T' && *s != ' ') || !(s[1] >= '0' && s[1] <= '9'))
        return 0;
    for (s++; *s; s++)
        if (!strchr("0123456789:.+-Z ", *s))
            return 0;
    return 1;
}

int kh_date_normalize(const char *in, char out[11])
{
    int y, m, d;
    while (*in == ' ' || *in == '\t')
        in++;
    size_t n = strlen(in);
    while (n > 0 && (in[n - 1] == ' ' || in[n - 1] == '\t'))
        n--;
    char s[64];
    if (n == 0 || n >= sizeof s)
        return -1;
    memcpy(s, in, n);
    s[n] = '\0';
    if (n >= 10 && all_digits(s, 4) && s[4] == '-' && all_digits(s + 5, 2) && s[7] == '-' &&
        all_digits(s + 8, 2) && valid_time_tail(s + 10)) {
        y = num(s, 4); m = num(s + 5, 2); d = num(s + 8, 2);
    } else if (n >= 8 && all_digits(s, 8) && (n == 8 || valid_time_tail(s + 8))) {
        y = num(s, 4); m = num(s + 4, 2); d = num(s + 6, 2);
    } else if (n == 6 && all_digits(s, 6)) {
        /* YYMMDD (TABARI): 00-49 are 2000-2049, 50-99 are 1950-1999 */
        y = num(s, 2); m = num(s + 2, 2); d = num(s + 4, 2);
        y += y < 50 ? 2000 : 1900;
    } else {
        return -1;
    }
    if (!valid_ymd(y, m, d))
        return -1;
    /* written digit by digit: y is 1..9999, m and d two digits (checked above) */
    unsigned uy = (unsigned)y, um = (unsigned)m, ud = (unsigned)d;
    out[0] = (char)('0' + uy / 1000 % 10);
    out[1] = (char)('0' + uy / 100 % 10);
    out[2] = (char)('0' + uy / 10 % 10);
    out[3] = (char)('0' + uy % 10);
    out[4] = '-';
    out[5] = (char)('0' + um / 10);
    out[6] = (char)('0' + um % 10);
    out[7] = '-';
    out[8] = (char)('0' + ud / 10);
    out[9] = (char)('0' + ud % 10);
    out[10] = '\0';
    return 0;
}

/* ---- opening and detection ---- */

static kh_format format_from_extension(const char *name)
{
    const char *dot = strrchr(kh_path_base(name), '.');
    if (!dot)
        return KH_FMT_AUTO;
    dot++;
    if (!strcmp(dot, "jsonl") || !strcmp(dot, "json") || !strcmp(dot, "ndjson"))
        return KH_FMT_JSONL;
    if (!strcmp(dot, "txt"))
        return KH_FMT_TEXT;
    if (!strcmp(dot, "xml"))
        return KH_FMT_PETRARCH_XML;
    if (!strcmp(dot, "conllu") || !strcmp(dot, "conll"))
        return KH_FMT_CONLLU;
    if (!strcmp(dot, "text") || !strcmp(dot, "project"))
        return KH_FMT_TABARI;
    return KH_FMT_AUTO;
}

/* By the first bytes: '{' JSONL, '<' XML, a CoNLL-U token line or comment,
 * a TABARI "YYMMDD ID" header; else plain text. */
static kh_format format_from_content(const char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
        i++;
    if (i == n)
        return KH_FMT_TEXT;
    if (p[i] == '{')
        return KH_FMT_JSONL;
    if (p[i] == '<')
        return KH_FMT_PETRARCH_XML;
    if (n - i >= 9 && strncmp(p + i, "# newdoc", 8) == 0)
        return KH_FMT_CONLLU;
    if (n - i >= 11 && (strncmp(p + i, "# sent_id", 9) == 0 || strncmp(p + i, "# text =", 8) == 0))
        return KH_FMT_CONLLU;
    if (p[i] == '1' && i + 1 < n && p[i + 1] == '\t')
        return KH_FMT_CONLLU;
    size_t d = 0;
    while (i + d < n && p[i + d] >= '0' && p[i + d] <= '9')
        d++;
    if (d >= 6 && d <= 8 && i + d < n && (p[i + d] == ' ' || p[i + d] == '\t' || p[i + d] == '*'))
        return KH_FMT_TABARI;
    if (p[i] == '#') {
        /* TABARI files open with '#' comment banners too: look for a header line */
        for (size_t k = i; k + 8 < n; k++)
            if (p[k] == '\n' && p[k + 1] >= '0' && p[k + 1] <= '9') {
                size_t dd = 0;
                while (k + 1 + dd < n && p[k + 1 + dd] >= '0' && p[k + 1 + dd] <= '9')
                    dd++;
                if (dd >= 6 && dd <= 8 && k + 1 + dd < n && (p[k + 1 + dd] == ' ' || p[k + 1 + dd] == '*'))
                    return KH_FMT_TABARI;
            }
    }
    return KH_FMT_TEXT;
}

kh_reader *kh_reader_open_stream(FILE *f, const char *name, const kh_read_opts *opts,
                                 kh_diag *diag)
{
    kh_reader *r = calloc(1, sizeof *r);
    if (!r)
        goto oom;
    r->f = f;
    r->diag = diag;
    if (opts)
        r->opts = *opts;
    if (!r->opts.max_line_bytes)
        r->opts.max_line_bytes = (size_t)16 << 20;
    if (!r->opts.max_doc_bytes)
        r->opts.max_doc_bytes = (size_t)64 << 20;
    r->name = strdup(name ? name : "-");
    r->lr = kh_lr_new(f, r->opts.max_line_bytes);
    if (!r->name || !r->lr)
        goto oom;
    kh_arena_init(&r->stage, 0);
    r->format = r->opts.format;
    if (r->format == KH_FMT_AUTO)
        r->format = format_from_extension(r->name);
    if (r->format == KH_FMT_AUTO) {
        const char *p;
        size_t n = kh_lr_peek(r->lr, &p);
        r->format = format_from_content(p, n);
    }
    return r;
oom:
    kh_diag_error(diag, name, 0, "out of memory");
    if (r) {
        kh_lr_free(r->lr);
        free(r->name);
        free(r);
    }
    return NULL;
}

kh_reader *kh_reader_open(const char *path, const kh_read_opts *opts, kh_diag *diag)
{
    if (strcmp(path, "-") == 0)
        return kh_reader_open_stream(stdin, "-", opts, diag);
    FILE *f = fopen(path, "rb");
    if (!f) {
        kh_diag_error(diag, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    kh_reader *r = kh_reader_open_stream(f, path, opts, diag);
    if (!r) {
        fclose(f);
        return NULL;
    }
    r->owns_file = 1;
    return r;
}

void kh_reader_on_config(kh_reader *r, kh_reader_config_fn fn, void *ctx)
{
    r->on_config = fn;
    r->config_ctx = ctx;
}

const kh_petrarch_env *kh_reader_petrarch_env(const kh_reader *r)
{
    return r->env.seen ? &r->env : NULL;
}

int kh_reader_next(kh_reader *r, kh_arena *a, kh_doc *doc)
{
    int rc;
    kh_doc_init(doc, a);
    switch (r->format) {
    case KH_FMT_JSONL:        rc = kh_read_jsonl(r, a, doc); break;
    case KH_FMT_PETRARCH_XML: rc = kh_read_petrarch(r, a, doc); break;
    case KH_FMT_TABARI:       rc = kh_read_tabari(r, a, doc); break;
    case KH_FMT_CONLLU:       rc = kh_read_conllu_doc(r, a, doc); break;
    default:                  rc = kh_read_text(r, a, doc); break;
    }
    if (rc == 1) {
        r->nread++;
        doc->format = r->format;
        if (!doc->file)
            doc->file = kh_arena_strdup(a, r->name);
        if (!doc->file)
            rc = -1;
    } else if (rc == 0 && r->nread == 0 && r->nrejected == 0 && !r->saw_data &&
               kh_lr_lineno(r->lr) == 0) {
        /* an empty input is an error the user should see, not a silent success */
        r->saw_data = 1;
        kh_reader_reject(r, 1, "empty input (no documents)");
    }
    return rc;
}

long kh_reader_count_read(const kh_reader *r) { return r->nread; }
long kh_reader_count_rejected(const kh_reader *r) { return r->nrejected; }
kh_format kh_reader_format(const kh_reader *r) { return r->format; }

void kh_reader_close(kh_reader *r)
{
    if (!r)
        return;
    if (r->owns_file)
        fclose(r->f);
    kh_read_petrarch_free(r);
    if (r->conllu)
        kh_conllu_close(r->conllu);
    kh_arena_free(&r->stage);
    kh_lr_free(r->lr);
    kh_buf_free(&r->buf);
    kh_buf_free(&r->buf2);
    free(r->name);
    free(r);
}
