/* cmd_docs.c - `khaldun docs`: read documents in any input format and list them,
 * one line per document. It is how a user checks that an input is read as
 * intended, and how the command tests exercise the readers: bad records are
 * reported as FILE:LINE: error: REASON and counted, the run goes on. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "reader.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: khaldun docs [INPUT...] [--input-format F] [--date D] [--strict] [--json]\n"
            "                    [--max-line-bytes N]\n"
            "read documents and print one line per document (id, date, format, bytes, title\n"
            "or first words); stdin when no INPUT is given. Formats: jsonl, text, petrarch,\n"
            "tabari, conllu (default: detected from the name and the first bytes).\n"
            "Ends with \"N read, N rejected\" on stderr; exit 1 if anything was rejected,\n"
            "2 on a fatal error. --strict stops at the first rejected record.\n");
}

/* The title, or the first words of the text (up to ~60 bytes, on one line). */
static void put_summary(kh_buf *b, const kh_doc *d)
{
    const char *s = d->title && *d->title ? d->title : (d->text ? d->text : "");
    size_t n = 0, lim = 60;
    while (s[n] && n < lim)
        n++;
    /* do not cut a UTF-8 sequence */
    while (n > 0 && s[n] && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    for (size_t i = 0; i < n; i++)
        kh_buf_putc(b, (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') ? ' ' : s[i]);
    if (s[n])
        kh_buf_puts(b, "...");
}

static int count_lines(const char *s)
{
    int n = 0;
    if (!s || !*s)
        return 0;
    for (n = 1; *s; s++)
        n += *s == '\n';
    return n;
}

static void print_doc(const kh_doc *d, int json)
{
    kh_buf b = KH_BUF_INIT;
    if (json) {
        kh_buf_puts(&b, "{\"id\":");
        kh_buf_json_str(&b, d->id, strlen(d->id));
        kh_buf_puts(&b, ",\"date\":");
        if (d->date)
            kh_buf_json_str(&b, d->date, strlen(d->date));
        else
            kh_buf_puts(&b, "null");
        kh_buf_printf(&b, ",\"format\":\"%s\",\"bytes\":%zu", kh_format_name(d->format), d->text_len);
        const char *fields[] = {"source", d->source, "url", d->url, "title", d->title,
                                "category", d->category};
        for (int i = 0; i < 8; i += 2) {
            if (!fields[i + 1])
                continue;
            kh_buf_printf(&b, ",\"%s\":", fields[i]);
            kh_buf_json_str(&b, fields[i + 1], strlen(fields[i + 1]));
        }
        kh_buf_printf(&b, ",\"sentences\":%d,\"gold\":%d,\"parse\":%s", (int)d->nsents,
                      count_lines(d->gold), d->parse ? "true" : "false");
        if (d->extra_json) {
            kh_buf_puts(&b, ",\"extra\":");
            kh_buf_puts(&b, d->extra_json);
        }
        kh_buf_puts(&b, ",\"file\":");
        kh_buf_json_str(&b, d->file, strlen(d->file));
        kh_buf_printf(&b, ",\"line\":%ld}", d->line);
    } else {
        kh_buf_tsv_field(&b, d->id);
        kh_buf_printf(&b, "\t%s\t%s\t%zu\t", d->date ? d->date : "-", kh_format_name(d->format), d->text_len);
        put_summary(&b, d);
    }
    if (b.data) {
        fputs(b.data, stdout);
        fputc('\n', stdout);
    }
    kh_buf_free(&b);
}

int cmd_docs(int argc, char **argv)
{
    kh_read_opts opts;
    memset(&opts, 0, sizeof opts);
    int json = 0, strict = 0, ninputs = 0;
    char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    if (!inputs) {
        fprintf(stderr, "khaldun docs: out of memory\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            free(inputs);
            return 0;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--strict")) {
            strict = 1;
        } else if ((!strcmp(a, "--input-format") || !strcmp(a, "--date") || !strcmp(a, "--max-line-bytes")) &&
                   i + 1 < argc) {
            const char *v = argv[++i];
            if (!strcmp(a, "--date")) {
                char iso[11];
                if (kh_date_normalize(v, iso) < 0) {
                    fprintf(stderr, "khaldun docs: --date '%s' does not parse (YYYY-MM-DD)\n", v);
                    free(inputs);
                    return 2;
                }
                opts.default_date = v;
            } else if (!strcmp(a, "--max-line-bytes")) {
                char *end;
                unsigned long long n = strtoull(v, &end, 10);
                if (*end || n == 0) {
                    fprintf(stderr, "khaldun docs: --max-line-bytes needs a positive number\n");
                    free(inputs);
                    return 2;
                }
                opts.max_line_bytes = (size_t)n;
            } else {
                int f = (int)kh_format_from_name(v);
                if (f <= 0) {
                    fprintf(stderr, "khaldun docs: unknown input format '%s' (jsonl, text, petrarch, tabari, conllu)\n", v);
                    free(inputs);
                    return 2;
                }
                opts.format = (kh_format)f;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "khaldun docs: unknown option '%s'\n", a);
            usage(stderr);
            free(inputs);
            return 2;
        } else {
            inputs[ninputs++] = argv[i];
        }
    }
    if (ninputs == 0)
        inputs[ninputs++] = "-";

    kh_diag diag;
    kh_diag_init(&diag, stderr);
    diag.strict = strict;
    kh_arena arena;
    kh_arena_init(&arena, 0);
    long nread = 0, nrejected = 0;
    int fatal = 0;
    for (int i = 0; i < ninputs && !fatal && !kh_diag_should_stop(&diag); i++) {
        kh_reader *r = kh_reader_open(inputs[i], &opts, &diag);
        if (!r) {
            fatal = 1;
            break;
        }
        kh_doc doc;
        int rc;
        while ((rc = kh_reader_next(r, &arena, &doc)) == 1) {
            print_doc(&doc, json);
            kh_arena_reset(&arena);
            if (kh_diag_should_stop(&diag))
                break;
        }
        if (rc < 0)
            fatal = 1;
        nread += kh_reader_count_read(r);
        nrejected += kh_reader_count_rejected(r);
        kh_reader_close(r);
    }
    kh_arena_free(&arena);
    free(inputs);
    fflush(stdout);
    fprintf(stderr, "%ld read, %ld rejected\n", nread, nrejected);
    if (fatal)
        return 2;
    return nrejected > 0 ? 1 : 0;
}
