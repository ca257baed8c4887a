/* reader.h - documents from files in any input format, streaming.
 *
 * Formats: JSONL (id, date, source, url, title, text; unknown fields kept in
 * doc->extra_json), plain text (one document per file; date from the options or
 * from a YYYY-MM-DD in the file name), PETRARCH validation XML (one document per
 * <Sentence>, gold in doc->gold), TABARI text records (one per record, gold in
 * doc->gold) and CoNLL-U (one document per "# newdoc", or per file).
 *
 * Bad input never stops the run: each broken record is reported as
 * FILE:LINE: reason through diag, counted, and the next document is read.
 * Lines longer than max_line_bytes are rejected without being held in memory. */
#ifndef KH_READER_H
#define KH_READER_H

#include "diag.h"
#include "doc.h"

typedef struct kh_read_opts {
    kh_format format;          /* KH_FMT_AUTO: detect from the name and the first bytes */
    const char *default_date;  /* for text files without a date; NULL: none */
    size_t max_line_bytes;     /* 0: 16 MiB */
    size_t max_doc_bytes;      /* 0: 64 MiB; larger documents are rejected */
} kh_read_opts;

typedef struct kh_reader kh_reader;

/* What a PETRARCH validation file's <Environment> names (NULL when absent).
 * Strings are owned by the reader; valid until kh_reader_close. */
typedef struct kh_petrarch_env {
    const char *verbfile, *actorfile, *agentfile, *discardfile, *errorfile;
    const char *include;       /* <Include>: categories separated by spaces */
    const char *pause;
    int seen;                  /* 1 once an <Environment> was read */
} kh_petrarch_env;

/* Called for each option met in the input, in input order and before the
 * document that follows it is returned: PETRARCH <Config option= value=>
 * (inside <Environment> or between records) and TABARI "{ OPTION: ... }"
 * blocks (option "tabari", value the block text, e.g. "SET: FBIS = TRUE"). */
typedef void (*kh_reader_config_fn)(void *ctx, const char *option, const char *value,
                                    const char *file, long line);

/* path "-" reads stdin. Returns NULL (reported) when the file cannot be opened. */
kh_reader *kh_reader_open(const char *path, const kh_read_opts *opts, kh_diag *diag);
/* Wraps an open stream (not closed by kh_reader_close); name is for messages
 * and for detection by extension. The stream must not have been read before. */
kh_reader *kh_reader_open_stream(FILE *f, const char *name, const kh_read_opts *opts,
                                 kh_diag *diag);
void kh_reader_on_config(kh_reader *r, kh_reader_config_fn fn, void *ctx);
/* The <Environment> of a PETRARCH file (after the first kh_reader_next), else NULL. */
const kh_petrarch_env *kh_reader_petrarch_env(const kh_reader *r);
/* Reads the next document, allocating from arena a (the caller resets it per doc).
 * Returns 1 (document), 0 (end), -1 (fatal: out of memory or I/O error). */
int  kh_reader_next(kh_reader *r, kh_arena *a, kh_doc *doc);
long kh_reader_count_read(const kh_reader *r);      /* documents returned */
long kh_reader_count_rejected(const kh_reader *r);  /* records rejected */
kh_format kh_reader_format(const kh_reader *r);
void kh_reader_close(kh_reader *r);

const char *kh_format_name(kh_format f);
kh_format   kh_format_from_name(const char *s);   /* "jsonl", "text", "petrarch", "tabari", "conllu" */

/* Parses a date in the forms readers accept (YYYY-MM-DD, YYYYMMDD, YYMMDD,
 * ISO 8601 with time) into "YYYY-MM-DD" in out[11]; returns 0 or -1 if invalid. */
int kh_date_normalize(const char *in, char out[11]);

#endif
