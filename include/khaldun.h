/* khaldun.h - the public API of libkhaldun: news text in, CAMEO events out.
 *
 * One khaldun handle holds the model and the dictionaries; it is read-only after
 * khaldun_open() and may be shared by any number of threads, each of which codes
 * its own documents. Everything else in src/ is private to the library.
 *
 *   char err[256];
 *   khaldun *k = khaldun_open(NULL, err, sizeof err);     // bundled model and dictionaries
 *   char *out = NULL;
 *   int n = khaldun_code_json(k, "{\"id\":\"a\",\"date\":\"2024-04-13\",\"text\":\"...\"}", &out, err, sizeof err);
 *   fputs(out, stdout);   // n events, one JSON object a line
 *   free(out);
 *   khaldun_close(k);
 */
#ifndef KHALDUN_H
#define KHALDUN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct khaldun khaldun;

typedef struct khaldun_config {
    const char *data_dir;    /* bundled data (model, dictionaries); NULL: $KHALDUN_DATA or ./data */
    const char *model_path;  /* NULL: DATA/models/en_ewt.khm */
    const char *dict_path;   /* NULL: DATA/dict; or PETRARCH/TABARI files or a folder of them */
    int negated;             /* emit negated events flagged "negated": true */
    int statements;          /* code the speaker's own statement (010) in reported speech */
} khaldun_config;

const char *khaldun_version(void);

/* Opens the model and the dictionaries; NULL config = defaults. On failure returns
 * NULL and writes the reason into err. */
khaldun *khaldun_open(const khaldun_config *config, char *err, size_t errlen);

/* Codes one document given as a JSON object (id, date, source, url, title, text).
 * On success returns the number of events and sets *events_jsonl to a malloc'd
 * string (one JSON event a line; free() it). On bad input returns -1 with the
 * reason in err. Thread-safe for a shared handle. */
int khaldun_code_json(const khaldun *k, const char *json_document, char **events_jsonl,
                      char *err, size_t errlen);

void khaldun_close(khaldun *k);

#ifdef __cplusplus
}
#endif

#endif
