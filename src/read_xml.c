/* read_xml.c - PETRARCH validation XML: one document per <Sentence> record.
 *
 * The stream is cut into records by their <Sentence ...> and </Sentence> tags
 * (outside comments), and each record is parsed on its own by the small XML
 * parser below, so that a broken or unterminated record is reported with its
 * FILE:LINE and the records after it are still read. Between records the reader
 * picks up the <Environment> (dictionary names, categories to run) and the
 * <Config option value> elements, which change options for the records that
 * follow (passed to the kh_reader_on_config callback in input order).
 *
 * The XML parser handles what these files use: elements, attributes with either
 * quote and spaces around '=', comments, CDATA, processing instructions and the
 * predefined and numeric character references. No DTDs. It was written here
 * instead of linking libexpat so that the build needs no further package. */
#include "reader_impl.h"

#include <stdlib.h>
#include <string.h>

/* ---- a small XML parser over one NUL-terminated chunk ---- */

#define XML_MAX_ATTRS 16

typedef struct xml_attr {
    const char *name, *value;
} xml_attr;

typedef struct xml_handler {
    void *ctx;
    int (*start)(void *ctx, const char *name, const xml_attr *attrs, int nattrs, long line);
    int (*end)(void *ctx, const char *name);
    int (*text)(void *ctx, const char *s, size_t n);
} xml_handler;

typedef struct xml_parser {
    char *p;           /* cursor in the chunk (modified in place: names are cut with NULs) */
    long line;
    char err[160];
    long err_line;
    kh_buf scratch;    /* decoded text and attribute values */
    char *stack[64];   /* open element names */
    int depth;
} xml_parser;

static int xml_fail(xml_parser *x, const char *msg, const char *arg)
{
    if (!x->err[0]) {
        snprintf(x->err, sizeof x->err, "%s%s%.40s%s", msg, arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
        x->err_line = x->line;
    }
    return -1;
}

/* Moves the cursor n bytes, counting newlines. */
static void xml_skip(xml_parser *x, size_t n)
{
    for (size_t i = 0; i < n && *x->p; i++, x->p++)
        x->line += *x->p == '\n';
}

static int xml_skip_past(xml_parser *x, const char *end, const char *what)
{
    char *e = strstr(x->p, end);
    if (!e)
        return xml_fail(x, what, NULL);
    xml_skip(x, (size_t)(e - x->p) + strlen(end));
    return 0;
}

static int is_name_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.' || c == ':' || (unsigned char)c >= 0x80;
}

static void skip_ws(xml_parser *x)
{
    while (*x->p == ' ' || *x->p == '\t' || *x->p == '\r' || *x->p == '\n')
        xml_skip(x, 1);
}

static void put_utf8(kh_buf *b, unsigned long cp, int *ok)
{
    char u[4];
    size_t n;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    if (kh_buf_append(b, u, n) < 0)
        *ok = 0;
}

/* Appends s[0..n) to b with character references decoded. */
static int xml_decode(xml_parser *x, kh_buf *b, const char *s, size_t n)
{
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        if (s[i] != '&') {
            ok = kh_buf_putc(b, s[i]) == 0;
            continue;
        }
        const char *semi = memchr(s + i, ';', n - i);
        if (!semi || semi - (s + i) > 12)
            return xml_fail(x, "'&' without a character reference", NULL);
        size_t k = (size_t)(semi - (s + i));   /* length of "&name" */
        const char *ent = s + i + 1;
        static const struct { const char *name; char c; } pre[] = {
            {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
        int found = 0;
        for (size_t j = 0; j < 5 && !found; j++)
            if (strlen(pre[j].name) == k - 1 && memcmp(ent, pre[j].name, k - 1) == 0) {
                ok = kh_buf_putc(b, pre[j].c) == 0;
                found = 1;
            }
        if (!found && ent[0] == '#' && k > 2) {
            char *endp;
            char num[16];
            memcpy(num, ent + 1, k - 2);
            num[k - 2] = '\0';
            unsigned long cp = (num[0] == 'x') ? strtoul(num + 1, &endp, 16) : strtoul(num, &endp, 10);
            if (*endp || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                return xml_fail(x, "bad character reference", num);
            put_utf8(b, cp, &ok);
            found = 1;
        }
        if (!found) {
            char name[16];
            snprintf(name, sizeof name, "%.*s", (int)(k - 1), ent);
            return xml_fail(x, "unknown entity", name);
        }
        i += k;
    }
    return ok ? 0 : xml_fail(x, "out of memory", NULL);
}

/* A tag: cursor on '<' of "<name attr='v'...>" or "</name>". */
static int xml_tag(xml_parser *x, const xml_handler *h)
{
    long tag_line = x->line;
    xml_skip(x, 1);
    int closing = *x->p == '/';
    if (closing)
        xml_skip(x, 1);
    char *name = x->p;
    while (is_name_char(*x->p))
        xml_skip(x, 1);
    if (x->p == name)
        return xml_fail(x, "'<' not followed by an element name", NULL);
    char *name_end = x->p;
    if (closing) {
        skip_ws(x);
        if (*x->p != '>')
            return xml_fail(x, "end tag not closed by '>'", NULL);
        xml_skip(x, 1);
        *name_end = '\0';
        if (x->depth == 0 || strcmp(x->stack[x->depth - 1], name) != 0)
            return xml_fail(x, "end tag does not match the open element:", name);
        x->depth--;
        return h->end ? h->end(h->ctx, name) : 0;
    }
    xml_attr attrs[XML_MAX_ATTRS];
    int nattrs = 0, empty = 0;
    kh_buf_clear(&x->scratch);
    size_t offs[XML_MAX_ATTRS];
    for (;;) {
        char *before = x->p;
        skip_ws(x);
        if (*x->p == '>') {
            xml_skip(x, 1);
            break;
        }
        if (x->p[0] == '/' && x->p[1] == '>') {
            xml_skip(x, 2);
            empty = 1;
            break;
        }
        if (*x->p == '\0')
            return xml_fail(x, "tag not closed", NULL);
        if (x->p == before)
            return xml_fail(x, "attributes must be separated by spaces", NULL);
        char *an = x->p;
        while (is_name_char(*x->p))
            xml_skip(x, 1);
        if (x->p == an)
            return xml_fail(x, "bad character in tag", NULL);
        char *an_end = x->p;
        skip_ws(x);
        if (*x->p != '=')
            return xml_fail(x, "attribute without '=':", an);
        xml_skip(x, 1);
        skip_ws(x);
        char q = *x->p;
        if (q != '"' && q != '\'')
            return xml_fail(x, "attribute value not quoted", NULL);
        xml_skip(x, 1);
        char *v = x->p, *ve = strchr(v, q);
        if (!ve)
            return xml_fail(x, "attribute value not closed", NULL);
        if (memchr(v, '<', (size_t)(ve - v)))
            return xml_fail(x, "'<' in an attribute value", NULL);
        if (nattrs == XML_MAX_ATTRS)
            return xml_fail(x, "too many attributes", NULL);
        *an_end = '\0';
        attrs[nattrs].name = an;
        offs[nattrs] = x->scratch.len;
        if (xml_decode(x, &x->scratch, v, (size_t)(ve - v)) < 0 || kh_buf_putc(&x->scratch, '\0') < 0)
            return xml_fail(x, "out of memory", NULL);
        nattrs++;
        xml_skip(x, (size_t)(ve - v) + 1);
    }
    *name_end = '\0';
    for (int i = 0; i < nattrs; i++)
        attrs[i].value = x->scratch.data + offs[i];
    if (h->start && h->start(h->ctx, name, attrs, nattrs, tag_line) < 0)
        return xml_fail(x, "out of memory", NULL);
    if (empty)
        return h->end ? h->end(h->ctx, name) : 0;
    if (x->depth == (int)(sizeof x->stack / sizeof *x->stack))
        return xml_fail(x, "elements nested too deep", NULL);
    x->stack[x->depth++] = name;
    return 0;
}

/* Parses the chunk; returns 0, or -1 with x->err and x->err_line set. */
static int xml_parse(xml_parser *x, char *chunk, long first_line, const xml_handler *h)
{
    x->p = chunk;
    x->line = first_line;
    x->err[0] = '\0';
    x->depth = 0;
    kh_buf text = KH_BUF_INIT;
    int rc = 0;
    while (*x->p && rc == 0) {
        if (*x->p == '<') {
            if (strncmp(x->p, "<!--", 4) == 0) {
                rc = xml_skip_past(x, "-->", "comment not closed");
            } else if (strncmp(x->p, "<![CDATA[", 9) == 0) {
                char *s = x->p + 9, *e = strstr(s, "]]>");
                if (!e) {
                    rc = xml_fail(x, "CDATA section not closed", NULL);
                } else {
                    if (h->text && x->depth > 0 && h->text(h->ctx, s, (size_t)(e - s)) < 0)
                        rc = xml_fail(x, "out of memory", NULL);
                    xml_skip(x, (size_t)(e - x->p) + 3);
                }
            } else if (x->p[1] == '?') {
                rc = xml_skip_past(x, "?>", "processing instruction not closed");
            } else if (x->p[1] == '!') {
                rc = xml_skip_past(x, ">", "declaration not closed");
            } else {
                rc = xml_tag(x, h);
            }
            continue;
        }
        char *s = x->p, *e = strchr(s, '<');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        kh_buf_clear(&text);
        if (xml_decode(x, &text, s, n) < 0) {
            rc = -1;
            break;
        }
        if (x->depth > 0 && h->text && text.len && h->text(h->ctx, text.data, text.len) < 0)
            rc = xml_fail(x, "out of memory", NULL);
        xml_skip(x, n);
    }
    kh_buf_free(&text);
    if (rc == 0 && x->depth > 0)
        rc = xml_fail(x, "element not closed:", x->stack[x->depth - 1]);
    return rc;
}

/* ---- PETRARCH records ---- */

typedef struct record {
    kh_reader *r;
    kh_arena *a;
    kh_doc *doc;
    const char *id, *date, *category, *sentence;
    kh_buf text, parse, gold;
    int in_text, in_parse, ntext;
    int oom;
    /* <Environment> */
    int env;
    char **env_slot;
} record;

static const char *attr(const xml_attr *attrs, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(attrs[i].name, name) == 0)
            return attrs[i].value;
    return NULL;
}

static char *arena_dup(record *c, const char *s)
{
    char *d = s ? kh_arena_strdup(c->a, s) : NULL;
    if (s && !d)
        c->oom = 1;
    return d;
}

static int is_true(const char *v)
{
    return v && (strcmp(v, "true") == 0 || strcmp(v, "True") == 0 || strcmp(v, "TRUE") == 0);
}

static int rec_start(void *ctx, const char *name, const xml_attr *at, int n, long line)
{
    record *c = ctx;
    if (strcmp(name, "Sentence") == 0) {
        c->id = arena_dup(c, attr(at, n, "id"));
        c->date = arena_dup(c, attr(at, n, "date"));
        const char *cat = attr(at, n, "category");
        c->category = arena_dup(c, cat ? cat : attr(at, n, "source"));
        c->sentence = arena_dup(c, attr(at, n, "sentence"));
    } else if (strcmp(name, "EventCoding") == 0) {
        const char *err = attr(at, n, "error"), *none = attr(at, n, "noevents");
        if (c->gold.len && kh_buf_putc(&c->gold, '\n') < 0)
            return -1;
        int rc;
        if (err)
            rc = kh_buf_printf(&c->gold, "error:%s", err);
        else if (is_true(none))
            rc = kh_buf_puts(&c->gold, "noevents");
        else {
            const char *s = attr(at, n, "sourcecode"), *t = attr(at, n, "targetcode"),
                       *e = attr(at, n, "eventcode");
            rc = kh_buf_printf(&c->gold, "%s\t%s\t%s", s ? s : "", t ? t : "", e ? e : "");
        }
        if (rc < 0)
            return -1;
    } else if (strcmp(name, "Text") == 0) {
        c->in_text = 1;
        c->ntext++;
    } else if (strcmp(name, "Parse") == 0) {
        c->in_parse = 1;
    }
    return c->oom ? -1 : 0;
}

static int rec_end(void *ctx, const char *name)
{
    record *c = ctx;
    if (strcmp(name, "Text") == 0)
        c->in_text = 0;
    else if (strcmp(name, "Parse") == 0)
        c->in_parse = 0;
    return 0;
}

static int rec_text(void *ctx, const char *s, size_t n)
{
    record *c = ctx;
    if (c->in_text)
        return kh_buf_append(&c->text, s, n);
    if (c->in_parse)
        return kh_buf_append(&c->parse, s, n);
    return 0;
}

/* Text wrapped over several lines becomes one line: each run of white space
 * that holds a newline is one space; the ends are trimmed. */
static char *flow_text(kh_arena *a, const char *s, size_t n, size_t *out_len)
{
    char *d = kh_arena_alloc(a, n + 1);
    if (!d)
        return NULL;
    size_t k = 0, i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    while (i < n) {
        if (s[i] == '\n' || s[i] == '\r' || ((s[i] == ' ' || s[i] == '\t'))) {
            size_t j = i;
            int nl = 0;
            while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
                nl |= s[j++] == '\n';
            if (j == n)
                break;
            if (nl) {
                d[k++] = ' ';
            } else {
                memcpy(d + k, s + i, j - i);
                k += j - i;
            }
            i = j;
            continue;
        }
        d[k++] = s[i++];
    }
    d[k] = '\0';
    *out_len = k;
    return d;
}

/* Parses one record chunk into doc. Returns 1, 0 (rejected) or -1. */
static int parse_record(kh_reader *r, kh_arena *a, kh_doc *doc, char *chunk, long line)
{
    size_t clen = strlen(chunk);
    size_t bad = kh_lr_utf8_check(chunk, clen);
    if (bad < clen) {
        long l = line;
        for (size_t i = 0; i < bad; i++)
            l += chunk[i] == '\n';
        kh_reader_reject(r, l, "invalid UTF-8 (byte 0x%02x) in record", (unsigned char)chunk[bad]);
        return 0;
    }
    record c;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.a = a;
    c.doc = doc;
    xml_handler h = {&c, rec_start, rec_end, rec_text};
    xml_parser x;
    memset(&x, 0, sizeof x);
    int rc = xml_parse(&x, chunk, line, &h);
    int result = 1;
    if (c.oom) {
        result = -1;
    } else if (rc < 0) {
        kh_reader_reject(r, x.err_line, "broken record: %s", x.err);
        result = 0;
    } else if (!c.id || !*c.id) {
        kh_reader_reject(r, line, "<Sentence> has no id");
        result = 0;
    } else if (c.ntext == 0) {
        kh_reader_reject(r, line, "record %s has no <Text>", c.id);
        result = 0;
    } else {
        char iso[11];
        if (c.date && kh_date_normalize(c.date, iso) < 0) {
            kh_reader_reject(r, line, "record %s: date '%.40s' does not parse", c.id, c.date);
            result = 0;
        } else {
            doc->id = c.id;
            doc->category = c.category;
            doc->line = line;
            if (c.date && !(doc->date = kh_arena_strdup(a, iso)))
                result = -1;
            char *flowed = flow_text(a, c.text.data ? c.text.data : "", c.text.len, &doc->text_len);
            if (flowed)
                kh_reader_underscore_blanks(flowed);
            if (!(doc->text = flowed))
                result = -1;
            if (c.parse.len && !(doc->parse = kh_arena_strndup(a, c.parse.data, c.parse.len)))
                result = -1;
            if (c.gold.len && !(doc->gold = kh_arena_strndup(a, c.gold.data, c.gold.len)))
                result = -1;
            if (c.sentence && !is_true(c.sentence) &&
                !(doc->extra_json = kh_arena_strdup(a, "{\"sentence\":false}")))
                result = -1;
        }
    }
    kh_buf_free(&c.text);
    kh_buf_free(&c.parse);
    kh_buf_free(&c.gold);
    kh_buf_free(&x.scratch);
    return result;
}

/* ---- <Environment> and <Config> between records ---- */

typedef struct env_ctx {
    kh_reader *r;
    char **slot;
    kh_buf val;
    int oom;
} env_ctx;

static int env_start(void *ctx, const char *name, const xml_attr *at, int n, long line)
{
    env_ctx *e = ctx;
    kh_petrarch_env *env = &e->r->env;
    static const char *const names[] = {"Verbfile", "Actorfile", "Agentfile", "Discardfile",
                                        "Errorfile", "Include", "Pause"};
    const char **slots[] = {&env->verbfile, &env->actorfile, &env->agentfile, &env->discardfile,
                            &env->errorfile, &env->include, &env->pause};
    e->slot = NULL;
    kh_buf_clear(&e->val);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0) {
            free((char *)*slots[i]);
            *slots[i] = NULL;
            e->slot = (char **)slots[i];
        }
    if (strcmp(name, "Environment") == 0)
        env->seen = 1;
    if (strcmp(name, "Config") == 0 && e->r->on_config) {
        const char *o = attr(at, n, "option"), *v = attr(at, n, "value");
        e->r->on_config(e->r->config_ctx, o ? o : "", v ? v : "", e->r->name, line);
    }
    return 0;
}

static int env_text(void *ctx, const char *s, size_t n)
{
    env_ctx *e = ctx;
    return e->slot ? kh_buf_append(&e->val, s, n) : 0;
}

static int env_end(void *ctx, const char *name)
{
    env_ctx *e = ctx;
    if (e->slot) {
        /* trimmed */
        const char *s = e->val.data ? e->val.data : "";
        size_t n = e->val.len;
        while (n && strchr(" \t\r\n", *s)) {
            s++;
            n--;
        }
        while (n && strchr(" \t\r\n", s[n - 1]))
            n--;
        if (!(*e->slot = strndup(s, n)))
            return -1;
        e->slot = NULL;
    }
    return 0;
}

/* Parses text found between records (Environment, Config); errors are reported. */
static int parse_between(kh_reader *r, char *chunk, long line)
{
    env_ctx e;
    memset(&e, 0, sizeof e);
    e.r = r;
    xml_handler h = {&e, env_start, env_end, env_text};
    xml_parser x;
    memset(&x, 0, sizeof x);
    /* The chunk is a fragment (e.g. "<Config .../>" or a whole <Environment>). */
    int rc = xml_parse(&x, chunk, line, &h);
    if (rc < 0)
        kh_diag_warn(r->diag, r->name, x.err_line, "ignored: %s", x.err);
    kh_buf_free(&e.val);
    kh_buf_free(&x.scratch);
    return 0;
}

void kh_read_petrarch_free(kh_reader *r)
{
    kh_petrarch_env *e = &r->env;
    free((char *)e->verbfile);
    free((char *)e->actorfile);
    free((char *)e->agentfile);
    free((char *)e->discardfile);
    free((char *)e->errorfile);
    free((char *)e->include);
    free((char *)e->pause);
    memset(e, 0, sizeof *e);
}

/* ---- cutting the stream into records ---- */

/* "<Sentence" followed by a space, '>' or the end of the line (not <Sentences>). */
static char *find_record_start(char *s)
{
    for (char *p = strstr(s, "<Sentence"); p; p = strstr(p + 1, "<Sentence")) {
        char c = p[9];
        if (c == ' ' || c == '\t' || c == '>' || c == '\0' || c == '\r')
            return p;
    }
    return NULL;
}

/* States kept in r between calls: r->buf holds the record being collected (or
 * the <Environment>, or a <Config> tag, by r->xml_state); r->buf2 the rest of
 * a line that followed a record's end. */
enum { OUTSIDE = 0, IN_RECORD, IN_ENV, IN_CONFIG };

int kh_read_petrarch(kh_reader *r, kh_arena *a, kh_doc *doc)
{
    for (;;) {
        char *line;
        size_t len;
        long lineno;
        if (r->buf2.len) {
            /* the rest of a line after "</Sentence>" */
            line = r->buf2.data;
            len = r->buf2.len;
            lineno = r->xml_rest_line;
        } else {
            int rc = kh_lr_next(r->lr, &line, &len);
            lineno = kh_lr_lineno(r->lr);
            if (rc == KH_LR_ERROR) {
                kh_diag_error(r->diag, r->name, lineno, "read error");
                return -1;
            }
            if (rc == KH_LR_EOF) {
                if (r->xml_state == IN_RECORD) {
                    r->xml_state = OUTSIDE;
                    kh_reader_reject(r, r->xml_start_line, "record not terminated (no </Sentence> before the end of the file)");
                } else if (r->xml_state != OUTSIDE) {
                    r->xml_state = OUTSIDE;
                    kh_diag_warn(r->diag, r->name, r->xml_start_line, "element not terminated before the end of the file");
                }
                return 0;
            }
            if (rc == KH_LR_TOOLONG) {
                if (r->xml_state == IN_RECORD) {
                    kh_reader_reject(r, r->xml_start_line, "record has a line of %zu bytes, longer than the limit (%zu)",
                                     len, r->opts.max_line_bytes);
                    r->xml_state = OUTSIDE;
                    r->xml_skip_record = 1;
                } else {
                    kh_reader_reject(r, lineno, "line of %zu bytes is longer than the limit (%zu); skipped",
                                     len, r->opts.max_line_bytes);
                }
                continue;
            }
            if (memchr(line, '\0', len)) {
                kh_reader_reject(r, lineno, "NUL byte in line (binary data?)");
                if (r->xml_state == IN_RECORD) {
                    r->xml_state = OUTSIDE;
                    r->xml_skip_record = 1;
                }
                continue;
            }
        }
        /* copy: the line may live in buf2, which we are about to change */
        kh_buf cur = KH_BUF_INIT;
        if (kh_buf_append(&cur, line, len) < 0)
            return -1;
        kh_buf_clear(&r->buf2);
        int ret = 2;   /* 2: go on reading */
        char *p = cur.data;
        while (*p && ret == 2) {
            if (r->xml_skip_record) {
                /* after a rejected record: skip to its end or to the next record */
                char *end = strstr(p, "</Sentence>"), *start = find_record_start(p);
                if (start && (!end || start < end)) {
                    r->xml_skip_record = 0;
                    p = start;
                } else if (end) {
                    r->xml_skip_record = 0;
                    p = end + 11;
                } else {
                    break;
                }
                continue;
            }
            if (r->in_comment) {
                char *e = strstr(p, "-->");
                if (!e)
                    break;
                r->in_comment = 0;
                p = e + 3;
                continue;
            }
            if (r->xml_state == OUTSIDE) {
                char *c = strstr(p, "<!--"), *s = find_record_start(p);
                char *env = strstr(p, "<Environment"), *cfg = strstr(p, "<Config");
                char *first = NULL;
                char *cands[] = {c, s, env, cfg};
                for (int i = 0; i < 4; i++)
                    if (cands[i] && (!first || cands[i] < first))
                        first = cands[i];
                if (!first)
                    break;
                kh_buf_clear(&r->buf);
                r->xml_start_line = lineno;
                if (first == c) {
                    r->in_comment = 1;
                    p = c + 4;
                    continue;
                }
                r->xml_state = first == s ? IN_RECORD : first == env ? IN_ENV : IN_CONFIG;
                p = first;
            }
            /* inside an element: look for its end on this line */
            const char *end_tag = r->xml_state == IN_RECORD ? "</Sentence>"
                                : r->xml_state == IN_ENV  ? "</Environment>" : ">";
            char *search = p + (r->buf.len == 0 ? 1 : 0);
            char *next_rec = r->xml_state == IN_RECORD ? find_record_start(search) : NULL;
            char *e = strstr(search, end_tag);
            if (next_rec && (!e || next_rec < e)) {
                /* a new record starts before this one ended */
                kh_reader_reject(r, r->xml_start_line, "record not terminated (a new <Sentence> starts at line %ld)", lineno);
                kh_buf_clear(&r->buf);
                r->xml_start_line = lineno;
                p = next_rec;
                continue;
            }
            if (!e) {
                if (kh_buf_puts(&r->buf, p) < 0 || kh_buf_putc(&r->buf, '\n') < 0) {
                    ret = -1;
                    break;
                }
                if (r->buf.len > r->opts.max_doc_bytes) {
                    kh_reader_reject(r, r->xml_start_line, "record is larger than the limit (%zu bytes)", r->opts.max_doc_bytes);
                    kh_buf_clear(&r->buf);
                    if (r->xml_state == IN_RECORD)
                        r->xml_skip_record = 1;
                    r->xml_state = OUTSIDE;
                }
                break;
            }
            e += strlen(end_tag);
            if (kh_buf_append(&r->buf, p, (size_t)(e - p)) < 0) {
                ret = -1;
                break;
            }
            p = e;
            int state = r->xml_state;
            r->xml_state = OUTSIDE;
            if (state == IN_CONFIG) {
                /* "<Config ...>" on its own: parse it as an empty element */
                if (r->buf.len >= 2 && r->buf.data[r->buf.len - 2] != '/') {
                    r->buf.data[r->buf.len - 1] = '/';
                    if (kh_buf_putc(&r->buf, '>') < 0) {
                        ret = -1;
                        break;
                    }
                }
                parse_between(r, r->buf.data, r->xml_start_line);
                /* a following "</Config>" is harmless text outside */
                if (strncmp(p, "</Config>", 9) == 0)
                    p += 9;
            } else if (state == IN_ENV) {
                parse_between(r, r->buf.data, r->xml_start_line);
            } else {
                /* a whole record: keep the rest of the line for the next call */
                if (*p && kh_buf_puts(&r->buf2, p) < 0) {
                    ret = -1;
                    break;
                }
                r->xml_rest_line = lineno;
                ret = parse_record(r, a, doc, r->buf.data, r->xml_start_line);
                kh_buf_clear(&r->buf);
                if (ret == 0 && kh_diag_should_stop(r->diag))
                    ret = 0;
                else if (ret == 0)
                    ret = 2;
                if (ret == 2 && r->buf2.len) {
                    /* go on with the rest of this line right here */
                    kh_buf tmp = r->buf2;
                    r->buf2 = (kh_buf)KH_BUF_INIT;
                    kh_buf_free(&cur);
                    cur = tmp;
                    p = cur.data;
                }
            }
        }
        kh_buf_free(&cur);
        if (ret != 2)
            return ret;
        if (kh_diag_should_stop(r->diag))
            return 0;
    }
}
