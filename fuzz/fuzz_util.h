/* fuzz_util.h - what the libFuzzer harnesses share: reading every document of an
 * in-memory input through the readers, loading an input as a dictionary, and where
 * the bundled data lives.
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
#include "dict.h"
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

/* Loads data[0..size) as a dictionary in one of formats[0..nformats) (with several,
 * the first byte picks which). The dictionary is then finished (references resolved,
 * patterns sorted) and a fixed sentence is matched against it, so that whatever the
 * loader accepted is also exercised by the matchers. */
static inline int kh_fuzz_dict(const uint8_t *data, size_t size, const kh_dict_format *formats,
                               size_t nformats)
{
    kh_dict_format fmt = formats[0];
    if (nformats > 1) {
        if (size == 0)
            return 0;
        fmt = formats[data[0] % nformats];
        data++;
        size--;
    }
    char *text = malloc(size + 1);
    kh_dict *d = kh_dict_new();
    if (!text || !d)
        goto done;
    memcpy(text, data, size);
    text[size] = '\0';
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    if (kh_dict_load_mem(d, "fuzz.dict", text, size, fmt, &diag, NULL) == 0 &&
        kh_dict_finish(d, &diag) == 0) {
        kh_arena a;
        kh_arena_init(&a, 0);
        kh_dict_sent ds;
        if (kh_dict_prepare_text(d, "The Iraqi defence minister met the US president in Baghdad", &a, &ds) == 0) {
            kh_actor_match *am = NULL;
            kh_dict_find_actors(d, &ds, 20230311, &a, &am);
            kh_dict_discard(d, &ds, NULL);
            for (int32_t i = 0; i < ds.n; i++) {
                kh_verb_match vm;
                kh_dict_match_verb(d, &ds, i, &vm);
            }
        }
        kh_arena_free(&a);
    }
done:
    kh_dict_free(d);
    free(text);
    return 0;
}

#endif
