/* fuzz_util.h - what the libFuzzer harnesses share: reading every document of an
 * in-memory input through the readers, and where the bundled data lives.
 *
 * Harnesses are built by fuzz/run.sh with clang -fsanitize=fuzzer,address,undefined;
 * each defines LLVMFuzzerTestOneInput and must never leak or keep state between
 * inputs other than read-only data loaded once (model, dictionaries). */
#ifndef KH_FUZZ_UTIL_H
#define KH_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "reader.h"
#include "text.h"

/* The repository's top folder: $KH_TOP, else the current directory (run.sh cds there). */
static inline const char *kh_fuzz_top(void)
{
    const char *t = getenv("KH_TOP");
    return (t && *t) ? t : ".";
}

/* Reads every document of data[0..n) in format fmt; with text = 1 each document also
 * goes through the text layer (UTF-8 check, segmentation, tokenisation). */
static inline void kh_fuzz_read_all(const uint8_t *data, size_t n, kh_format fmt,
                                    const char *name, int text)
{
    /* fmemopen of an empty buffer fails on some libcs: give it one byte of room. */
    char *copy = malloc(n + 1);
    if (!copy)
        return;
    memcpy(copy, data, n);
    copy[n] = '\0';
    FILE *f = fmemopen(copy, n ? n : 1, "rb");
    if (!f) {
        free(copy);
        return;
    }
    if (n == 0)
        fgetc(f);   /* consume the NUL so the stream is empty */
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    kh_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.format = fmt;
    ro.max_line_bytes = 1 << 20;
    ro.max_doc_bytes = 1 << 20;
    kh_reader *r = kh_reader_open_stream(f, name, &ro, &diag);
    if (r) {
        kh_arena a;
        kh_arena_init(&a, 0);
        for (int guard = 0; guard < 100000; guard++) {
            kh_doc doc;
            kh_arena_reset(&a);
            int rc = kh_reader_next(r, &a, &doc);
            if (rc <= 0)
                break;
            if (text) {
                kh_text_opts to = {0, 0};
                to.lenient_utf8 = (int)(n & 1);
                kh_text_process(&doc, &to, &diag);
            }
        }
        kh_arena_free(&a);
        kh_reader_close(r);
    }
    fclose(f);
    free(copy);
}

#endif
