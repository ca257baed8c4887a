/* pscore.c - dense + sparse row scorer for the parser (see pscore.h).
 *
 * Why not score through perceptron.c at run time: a parser configuration looks up
 * ~140 features over ~100 classes, and walking sparse (class, weight) lists costs a
 * load, a branch and a scattered add per weight. Frequent features carry weights for
 * most classes anyway, so storing them as plain int16 vectors lets the compiler add a
 * whole row with a few SIMD instructions. Lookups are done in three passes (prefetch
 * the slots, resolve them and prefetch the rows, add the rows: dense ones, then
 * sparse ones) so the cache misses of a large model overlap instead of queueing.
 * Dense rows are added with AVX-512 or AVX2 when the CPU has them, else by a loop gcc
 * vectorises with SSE2: the same sums. */
#include "pscore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rowsum.h"
#include "slots.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define PSC_HAVE_AVX2 1
#endif

#define PSC_MAGIC "KHPSC1\0\0"
#define PSC_HEADER 64
#define PSC_EMPTY KH_SLOT_EMPTY   /* slots.h: the table both scorers share */
#define PSC_SPARSE 0x80000000u
#define PSC_LAST 0x8000u
#define PSC_BATCH 128

static uint32_t get_u32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static void put_u32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }

/* Key 0 marks an empty slot while building; remap it (any fixed value will do). */
static uint64_t fix_key(uint64_t h) { return h ? h : 0x5bd1e9955bd1e995ULL; }

/* ---- the set of feature keys seen in training ---- */

int kh_psc_keys_add(kh_psc_keys *ks, uint64_t h)
{
    h = fix_key(h);
    if ((ks->n + 1) * 4 > ks->cap * 3) {
        size_t ncap = ks->cap ? ks->cap * 2 : 1 << 16;
        uint64_t *nt = calloc(ncap, sizeof *nt);
        uint64_t *nl = realloc(ks->list, ncap * sizeof *nl);
        if (!nt || !nl) {
            free(nt);
            if (nl)
                ks->list = nl;
            return -1;
        }
        ks->list = nl;
        for (size_t i = 0; i < ks->n; i++) {
            size_t j = (size_t)ks->list[i] & (ncap - 1);
            while (nt[j])
                j = (j + 1) & (ncap - 1);
            nt[j] = ks->list[i];
        }
        free(ks->table);
        ks->table = nt;
        ks->cap = ncap;
    }
    size_t j = (size_t)h & (ks->cap - 1);
    while (ks->table[j]) {
        if (ks->table[j] == h)
            return 0;
        j = (j + 1) & (ks->cap - 1);
    }
    ks->table[j] = h;
    ks->list[ks->n++] = h;
    return 0;
}

void kh_psc_keys_free(kh_psc_keys *ks)
{
    free(ks->table);
    free(ks->list);
    memset(ks, 0, sizeof *ks);
}

/* ---- building ---- */

/* The row of key h in m as int16 into row[0..stride-1]; returns its non-zero count. */
static int pct_row(const kh_pct *m, uint64_t h, int32_t *tmp, int stride, int16_t *row)
{
    memset(tmp, 0, sizeof(int32_t) * (size_t)stride);
    kh_pct_score(m, &h, 1, tmp);
    int nz = 0;
    for (int c = 0; c < stride; c++) {
        int32_t v = tmp[c] > 32767 ? 32767 : tmp[c] < -32767 ? -32767 : tmp[c];
        row[c] = (int16_t)v;
        nz += v != 0;
    }
    return nz;
}

int kh_psc_build(const kh_pct *m, const kh_psc_keys *ks, int min_dense, void **blob, size_t *size)
{
    uint32_t ncl = (uint32_t)m->nclasses, stride = (ncl + 15u) & ~15u;
    int32_t *tmp = malloc(sizeof(int32_t) * stride);
    int16_t *row = malloc(sizeof(int16_t) * stride);
    unsigned char *o = NULL;
    if (!tmp || !row)
        goto fail;
    /* first pass: sizes */
    size_t ndense = 0, nsparse = 0, nrows = 0;
    for (size_t i = 0; i < ks->n; i++) {
        int nz = pct_row(m, ks->list[i], tmp, (int)stride, row);
        if (nz == 0)
            continue;
        nrows++;
        if (nz >= min_dense)
            ndense++;
        else
            nsparse += (size_t)nz;
    }
    /* load factor 0.6 at any size: no power of two, which would waste up to half of
     * the table (the biggest part of the file); low enough that a feature the model
     * does not know (half the lookups) meets an empty slot after ~3.6 probes (~8.5 at
     * 3/4). Always an empty slot. */
    size_t nslots = nrows * 5 / 3 + 16;
    if (ndense >= PSC_SPARSE || nsparse >= PSC_SPARSE || nslots > 0x80000000u)
        goto fail;
    size_t total = PSC_HEADER + nslots * 8 + ndense * stride * 2 + nsparse * 4;
    o = calloc(1, total);
    if (!o)
        goto fail;
    memcpy(o, PSC_MAGIC, 8);
    put_u32(o + 8, ncl);
    put_u32(o + 12, stride);
    put_u32(o + 16, (uint32_t)nslots);
    put_u32(o + 20, (uint32_t)ndense);
    put_u32(o + 24, (uint32_t)nsparse);
    memcpy(o + 28, &m->scale, 4);
    put_u32(o + 32, 1);   /* slot index: multiply-shift */
    unsigned char *os = o + PSC_HEADER;
    unsigned char *od = os + nslots * 8;
    unsigned char *osp = od + ndense * stride * 2;
    memset(os, 0xff, nslots * 8);
    uint32_t kd = 0, ksp = 0;
    /* second pass: rows in key order (the order of first appearance in training), so
     * the blob depends only on the training sequence */
    for (size_t i = 0; i < ks->n; i++) {
        uint64_t h = ks->list[i];
        int nz = pct_row(m, h, tmp, (int)stride, row);
        if (nz == 0)
            continue;
        size_t j = (size_t)(((h & 0xffffffffu) * (uint64_t)nslots) >> 32);
        while (get_u32(os + j * 8 + 4) != PSC_EMPTY)
            j = j + 1 == nslots ? 0 : j + 1;
        put_u32(os + j * 8, (uint32_t)(h >> 32));
        if (nz >= min_dense) {
            memcpy(od + (size_t)kd * stride * 2, row, stride * 2);
            put_u32(os + j * 8 + 4, kd++);
        } else {
            put_u32(os + j * 8 + 4, ksp | PSC_SPARSE);
            int left = nz;
            for (uint32_t c = 0; c < stride; c++) {
                if (!row[c])
                    continue;
                uint16_t cls = (uint16_t)(c | (--left == 0 ? PSC_LAST : 0));
                memcpy(osp + (size_t)ksp * 4, &cls, 2);
                memcpy(osp + (size_t)ksp * 4 + 2, &row[c], 2);
                ksp++;
            }
        }
    }
    free(tmp);
    free(row);
    *blob = o;
    *size = total;
    return 0;
fail:
    free(tmp);
    free(row);
    free(o);
    return -1;
}

int kh_psc_open(kh_psc *m, const void *blob, size_t size, char *err, size_t errlen)
{
    const unsigned char *b = blob;
    memset(m, 0, sizeof *m);
    if (size < PSC_HEADER || memcmp(b, PSC_MAGIC, 8) != 0) {
        snprintf(err, errlen, "weights section has no scorer header");
        return -1;
    }
    if ((uintptr_t)b % 4 != 0) {
        snprintf(err, errlen, "weights section is not aligned");
        return -1;
    }
    uint32_t ncl = get_u32(b + 8), stride = get_u32(b + 12), nslots = get_u32(b + 16);
    uint32_t ndense = get_u32(b + 20), nsparse = get_u32(b + 24);
    uint32_t mode = get_u32(b + 32);
    if (ncl < 1 || ncl > 32767 || stride != ((ncl + 15u) & ~15u) || nslots == 0 || mode != 1
        || ndense >= PSC_SPARSE || nsparse >= PSC_SPARSE
        || (uint64_t)PSC_HEADER + (uint64_t)nslots * 8 + (uint64_t)ndense * stride * 2
               + (uint64_t)nsparse * 4 != size) {
        snprintf(err, errlen, "weights section has inconsistent sizes");
        return -1;
    }
    const uint32_t *slots = (const uint32_t *)(const void *)(b + PSC_HEADER);
    const int16_t *dense = (const int16_t *)(const void *)(b + PSC_HEADER + (size_t)nslots * 8);
    const uint16_t *sparse = (const uint16_t *)(const void *)((const unsigned char *)dense
                                                              + (size_t)ndense * stride * 2);
    /* every reference in range, every sparse row terminated inside the entries and
     * naming classes below nclasses: scoring then never reads out of bounds */
    int has_empty = 0;
    for (uint32_t i = 0; i < nslots; i++) {
        uint32_t ref = slots[2 * i + 1];
        if (ref == PSC_EMPTY) {
            has_empty = 1;
        } else if (ref & PSC_SPARSE) {
            if ((ref & ~PSC_SPARSE) >= nsparse) {
                snprintf(err, errlen, "weights section has a row outside its entries");
                return -1;
            }
        } else if (ref >= ndense) {
            snprintf(err, errlen, "weights section has a row outside its dense rows");
            return -1;
        }
    }
    for (uint32_t i = 0; i < nsparse; i++) {
        uint16_t c = sparse[2 * i];
        if ((c & ~PSC_LAST) >= ncl || (i == nsparse - 1 && !(c & PSC_LAST))) {
            snprintf(err, errlen, "weights section has a malformed sparse row");
            return -1;
        }
    }
    if (!has_empty) {
        snprintf(err, errlen, "weights section has a full table");
        return -1;
    }
    float scale;
    memcpy(&scale, b + 28, 4);
    m->nclasses = (int)ncl;
    m->stride = (int)stride;
    m->nslots = nslots;
    m->slots = slots;
    m->dense = dense;
    m->sparse = sparse;
    m->ndense = ndense;
    m->nsparse = nsparse;
    m->scale = scale;
#ifdef PSC_HAVE_AVX2
    m->avx2 = __builtin_cpu_supports("avx2") != 0;
    m->avx512 = m->avx2 && kh_rowsum_level() == KH_ROWSUM_AVX512;
#endif
    return 0;
}

/* The home slot of h: its low 32 bits scaled to the table size. */
static inline uint32_t home(const kh_psc *m, uint64_t h)
{
    return (uint32_t)(((h & 0xffffffffu) * (uint64_t)m->nslots) >> 32);
}

/* Adds the rows to the scores (rowsum.h: the sums stay in registers for the whole set
 * of rows, with the widest SIMD the CPU has). */
static void add_rows(const kh_psc *m, int32_t *scores, const int16_t *const *rows, int nrows)
{
    int level = !m->avx2 ? KH_ROWSUM_PORTABLE : m->avx512 ? KH_ROWSUM_AVX512 : KH_ROWSUM_AVX2;
    kh_rowsum_add(scores, rows, nrows, m->stride, level);
}

void kh_psc_score(const kh_psc *m, const uint64_t *feats, int nfeats, int32_t *scores)
{
    memset(scores, 0, sizeof(int32_t) * (size_t)m->stride);
    const int16_t *rows[PSC_BATCH];
    const int16_t *sp[PSC_BATCH];
    uint32_t at[PSC_BATCH];
    const uint32_t *slots = m->slots;
    uint32_t nslots = m->nslots;
    size_t rowbytes = (size_t)m->stride * 2;
    for (int base = 0; base < nfeats; base += PSC_BATCH) {
        int nf = nfeats - base < PSC_BATCH ? nfeats - base : PSC_BATCH;
        const uint64_t *f = feats + base;
        /* pass 1: home slots, prefetched */
#pragma GCC unroll 4
        for (int i = 0; i < nf; i++) {
            at[i] = home(m, fix_key(f[i]));
            __builtin_prefetch(&slots[2 * at[i]]);
        }
        /* pass 2: probe; the rows found are prefetched and recorded, not added: adding
         * a sparse row here would stall the probes on its cache miss */
        int nd = 0, ns = 0;
        for (int i = 0; i < nf; i++) {
            /* one slot at a time: at this table's load a missing key meets an empty
             * slot after ~3.6 slots, where kh_slots_probe_avx2 measured slower */
            uint32_t ref = kh_slots_probe(slots, nslots, at[i], (uint32_t)(fix_key(f[i]) >> 32));
            if (ref == PSC_EMPTY)
                continue;
            if (ref & PSC_SPARSE) {
                const int16_t *e = (const int16_t *)(const void *)(m->sparse + 2 * (size_t)(ref & ~PSC_SPARSE));
                __builtin_prefetch(e);
                sp[ns++] = e;
            } else {
                const int16_t *row = m->dense + (size_t)ref * (size_t)m->stride;
                /* two of the row's lines; the adjacent-line prefetcher takes the rest */
                __builtin_prefetch(row);
                __builtin_prefetch((const char *)row + (rowbytes > 128 ? 128 : 0));
                rows[nd++] = row;
            }
        }
        /* pass 3: the dense rows, then the sparse ones, whose lines came in meanwhile
         * (the class read as int16 is negative on the last entry of a sparse row) */
        add_rows(m, scores, rows, nd);
        for (int i = 0; i < ns; i++)
            kh_rowsum_sparse(scores, sp[i]);
    }
}
