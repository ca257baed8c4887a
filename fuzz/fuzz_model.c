/* fuzz_model.c - libFuzzer harness: arbitrary bytes as a model file
 * (kh_model_load_mem). A model that passes the container's checks is handed to
 * the tagger and the parser, which read their own sections from it; a corrupted
 * file must be refused with a message, never crash. Seeds with a valid header
 * let the fuzzer reach the section readers (checksums are over the header and
 * table, and per section). */
#include "model.h"
#include "parser.h"
#include "tagger.h"
#include "fuzz_util.h"

#include <zlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The container layout of model.c: 16 fixed bytes (magic, version, count), 36 bytes
 * per section (name[16], u64 offset, u64 size, u32 crc), then the header's crc. */
static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const uint8_t *p) { return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static void wr32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24); }

/* Rewrites every checksum the input's table makes sense of, so that mutations of
 * section contents reach the readers behind the container. */
static void fix_checksums(uint8_t *p, size_t n)
{
    if (n < 20)
        return;
    uint64_t count = rd32(p + 12);
    if (count > (n - 20) / 36)
        return;
    size_t head = 16 + 36 * (size_t)count;
    for (size_t i = 0; i < count; i++) {
        uint8_t *e = p + 16 + 36 * i;
        uint64_t off = rd64(e + 16), sz = rd64(e + 24);
        if (off <= n && sz <= n - off)
            wr32(e + 32, (uint32_t)crc32(crc32(0L, Z_NULL, 0), p + off, (uInt)sz));
    }
    wr32(p + head, (uint32_t)crc32(crc32(0L, Z_NULL, 0), p, (uInt)head));
}

static void try_model(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try_model(data, size);
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    fix_checksums(copy, size);
    if (memcmp(copy, data, size) != 0)
        try_model(copy, size);
    free(copy);
    return 0;
}

static void try_model(const uint8_t *data, size_t size)
{
    char err[256];
    kh_model *m = kh_model_load_mem(data, size, err, sizeof err);
    if (!m)
        return;
    kh_tagger *t = kh_tagger_from_model(m, err, sizeof err);
    kh_parser *p = kh_parser_from_model(m, err, sizeof err);
    if (t && p) {
        /* A loaded model must also survive one sentence. */
        kh_arena a;
        kh_arena_init(&a, 0);
        static const char *const forms[] = {"Iraq", "signed", "an", "agreement", "."};
        kh_sentence s;
        memset(&s, 0, sizeof s);
        s.nwords = 5;
        s.words = kh_arena_calloc(&a, 5, sizeof *s.words);
        if (s.words) {
            for (int i = 0; i < 5; i++) {
                s.words[i].form = forms[i];
                s.words[i].head = -1;
                s.words[i].space_after = 1;
            }
            if (kh_tagger_tag(t, &s, &a) == 0)
                kh_parser_parse(p, &s, &a);
        }
        kh_arena_free(&a);
    }
    kh_parser_free(p);
    kh_tagger_free(t);
    kh_model_free(m);
}
