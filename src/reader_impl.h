/* reader_impl.h - what the per-format document readers share (private to
 * reader.c and read_*.c; users include reader.h only). */
#ifndef KH_READER_IMPL_H
#define KH_READER_IMPL_H

#include <stdio.h>

#include "buf.h"
#include "conllu.h"
#include "linereader.h"
#include "reader.h"

/* One reader per input; fmt_* are the per-format states (only one used). */
struct kh_reader {
    FILE *f;
    int owns_file;
    char *name;               /* for messages */
    kh_diag *diag;
    kh_read_opts opts;
    kh_format format;
    kh_linereader *lr;
    long nread, nrejected;
    int done;                 /* text format: the one document was returned */
    int saw_data;             /* any byte read at all (empty-file check) */
    kh_buf buf;               /* record being collected (XML chunk, TABARI record, text file) */
    kh_buf buf2;
    /* PETRARCH XML */
    kh_petrarch_env env;
    int in_comment;           /* inside <!-- --> between records */
    int xml_state;            /* outside, in a record, in <Environment>, in a <Config> tag */
    int xml_skip_record;      /* skipping the rest of a rejected record */
    long xml_start_line;      /* where the element being collected began */
    long xml_rest_line;       /* line of the text kept in buf2 */
    kh_reader_config_fn on_config;
    void *config_ctx;
    /* CoNLL-U documents */
    kh_conllu_reader *conllu;
    kh_arena stage;           /* a sentence read ahead of its document */
    kh_sentence pending;
    const char *pending_newdoc;
    int has_pending;
    long docs_in_file;
};

int kh_read_jsonl(kh_reader *r, kh_arena *a, kh_doc *doc);
int kh_read_text(kh_reader *r, kh_arena *a, kh_doc *doc);
int kh_read_petrarch(kh_reader *r, kh_arena *a, kh_doc *doc);
int kh_read_tabari(kh_reader *r, kh_arena *a, kh_doc *doc);
int kh_read_conllu_doc(kh_reader *r, kh_arena *a, kh_doc *doc);
void kh_read_petrarch_free(kh_reader *r);

/* Reports an input error and counts a rejected record. */
void kh_reader_reject(kh_reader *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Checks a line that goes into a document, as kh_lr_next returned it (rc): within the
 * line limit, no NUL byte, valid UTF-8. Returns 0, or rejects it with a message that
 * names the line and returns -1. `what` names the unit in the NUL message ("line",
 * "text"); `after` ends the too-long one ("", "; record skipped"). */
int kh_reader_check_line(kh_reader *r, int rc, const char *line, size_t len, long lineno,
                         const char *what, const char *after);
/* The suites' text formats (TABARI records, PETRARCH <Text>) write a multiword name with
 * underscores, as their dictionaries do ("the Prince of Dol_Amroth"); an underscore
 * between two letters or digits is made a blank in place, so the words match the
 * dictionary's phrase ("PRINCE OF DOL AMROTH") and are parsed as words. */
void kh_reader_underscore_blanks(char *text);
/* Base name of path without directories (pointer into path). */
const char *kh_path_base(const char *path);

#endif
