/* model.c - the model file container: named sections with crc32 checksums (see model.h).
 *
 * File layout (little-endian):
 *   0   "KHMODEL\0"
 *   8   u32 format version (KH_MODEL_VERSION)
 *   12  u32 section count n
 *   16  n x { char name[16] (NUL-padded); u64 offset; u64 size; u32 crc32 }   (36 bytes each)
 *   16+36n  u32 crc32 of bytes 0 .. 16+36n  (the header checksum, trailing the table)
 *   then the section data, each section starting at a multiple of 16 from the file start.
 * The whole file is mapped (private, populated at once: copying 30 MB with fread took
 * 75 ms, mapping 10) or, for small files and when mapping fails, read into one 16-byte
 * aligned allocation; either way sections are used in place (the perceptron tables are
 * read as arrays of u32/u16). Every refusal names
 * the file, the problem, and how to get a good file again. */
#include "model.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MODEL_MAGIC "KHMODEL\0"
#define MODEL_FIXED 16
#define MODEL_ENTRY 36
#define MODEL_ALIGN 16
#define MODEL_REBUILD "; rebuild it with 'khaldun train'"
#define MODEL_MAP_MIN (1u << 20)   /* files from this size are mapped, not read */

struct kh_model {
    unsigned char *data;
    size_t size;
    int mapped;                 /* data is a private mapping of the file (munmap) */
    kh_model_section *sections;
    uint32_t nsections;
};

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t rd64(const unsigned char *p) { return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}
static void wr64(unsigned char *p, uint64_t v) { wr32(p, (uint32_t)v); wr32(p + 4, (uint32_t)(v >> 32)); }

static uint32_t crc_of(const unsigned char *p, size_t n)
{
    uLong c = crc32(0L, Z_NULL, 0);
    while (n > 0) {   /* zlib takes uInt lengths */
        uInt k = n > 0x40000000u ? 0x40000000u : (uInt)n;
        c = crc32(c, p, k);
        p += k;
        n -= k;
    }
    return (uint32_t)c;
}

/* ---- section checksums, on two threads for large files ----
 * The checksums are a third of the time of loading the shipped model. Each section
 * is cut in two; a helper thread takes the second halves, this thread the first,
 * and crc32_combine joins each pair, so the result is the CRC of the whole section. */

#define MODEL_CRC_THREADED (4u << 20)   /* files from this size use the second thread */

typedef struct crc_job {
    const kh_model_section *sec;
    uint32_t n;
    uLong *second;        /* CRC of each section's second half */
} crc_job;

static size_t half_of(size_t n) { return n / 2; }

static void *crc_second_halves(void *arg)
{
    crc_job *j = arg;
    for (uint32_t i = 0; i < j->n; i++) {
        size_t h = half_of(j->sec[i].size);
        j->second[i] = crc_of(j->sec[i].data + h, j->sec[i].size - h);
    }
    return NULL;
}

/* Index of the first section whose checksum does not match, or n when all do. */
static uint32_t first_bad_section(const kh_model_section *sec, const uint32_t *want, uint32_t n,
                                  size_t total)
{
    uLong *second = total >= MODEL_CRC_THREADED && n ? malloc(2 * (size_t)n * sizeof *second) : NULL;
    crc_job job = { sec, n, second };
    pthread_t th;
    if (second && pthread_create(&th, NULL, crc_second_halves, &job) != 0) {
        free(second);
        second = NULL;
    }
    uint32_t bad = n;
    if (second) {
        uLong *first = second + n;
        for (uint32_t i = 0; i < n; i++)
            first[i] = crc_of(sec[i].data, half_of(sec[i].size));
        pthread_join(th, NULL);
        for (uint32_t i = 0; i < n && bad == n; i++) {
            size_t rest = sec[i].size - half_of(sec[i].size);
            if ((uint32_t)crc32_combine(first[i], second[i], (z_off_t)rest) != want[i])
                bad = i;
        }
        free(second);
        return bad;
    }
    for (uint32_t i = 0; i < n && bad == n; i++)
        if (crc_of(sec[i].data, sec[i].size) != want[i])
            bad = i;
    return bad;
}

static void release(unsigned char *buf, size_t n, int mapped)
{
    if (mapped)
        munmap(buf, n);
    else
        free(buf);
}

void kh_model_free(kh_model *m)
{
    if (!m)
        return;
    release(m->data, m->size, m->mapped);
    free(m->sections);
    free(m);
}

/* Checks buf (owned, taken over) and builds the model; name is for messages. */
static kh_model *parse(unsigned char *buf, size_t n, int mapped, const char *name, char *err,
                       size_t errlen)
{
    kh_model *m = NULL;
    if (n < MODEL_FIXED) {
        snprintf(err, errlen, "model %s is truncated (%zu of at least %d bytes)" MODEL_REBUILD,
                 name, n, MODEL_FIXED);
        goto fail;
    }
    if (memcmp(buf, MODEL_MAGIC, 8) != 0) {
        snprintf(err, errlen, "model %s is not a khaldun model file (bad magic)" MODEL_REBUILD, name);
        goto fail;
    }
    uint32_t version = rd32(buf + 8);
    if (version != KH_MODEL_VERSION) {
        snprintf(err, errlen, "model %s has format version %u, this khaldun reads version %d"
                 MODEL_REBUILD, name, version, KH_MODEL_VERSION);
        goto fail;
    }
    uint32_t count = rd32(buf + 12);
    uint64_t head = (uint64_t)MODEL_FIXED + (uint64_t)count * MODEL_ENTRY + 4;
    if (head > n) {
        snprintf(err, errlen, "model %s is truncated (%zu of %llu bytes)" MODEL_REBUILD,
                 name, n, (unsigned long long)head);
        goto fail;
    }
    if (crc_of(buf, (size_t)head - 4) != rd32(buf + head - 4)) {
        snprintf(err, errlen, "model %s is corrupted (checksum of the header does not match)"
                 MODEL_REBUILD, name);
        goto fail;
    }
    /* the header is intact: now the sizes it promises can be trusted */
    uint64_t need = head;
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *e = buf + MODEL_FIXED + (size_t)i * MODEL_ENTRY;
        uint64_t off = rd64(e + 16), sz = rd64(e + 24);
        if (memchr(e, 0, 16) == NULL || off < head || off % MODEL_ALIGN != 0 ||
            sz > UINT64_MAX - off) {
            snprintf(err, errlen, "model %s is corrupted (bad entry %u in the section table)"
                     MODEL_REBUILD, name, i);
            goto fail;
        }
        if (off + sz > need)
            need = off + sz;
    }
    if (need > n) {
        snprintf(err, errlen, "model %s is truncated (%zu of %llu bytes)" MODEL_REBUILD,
                 name, n, (unsigned long long)need);
        goto fail;
    }
    m = calloc(1, sizeof *m);
    if (!m || !(m->sections = calloc(count ? count : 1, sizeof *m->sections))) {
        snprintf(err, errlen, "model %s: out of memory", name);
        goto fail;
    }
    uint32_t *want = malloc((count ? count : 1) * sizeof *want);
    if (!want) {
        snprintf(err, errlen, "model %s: out of memory", name);
        goto fail;
    }
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *e = buf + MODEL_FIXED + (size_t)i * MODEL_ENTRY;
        kh_model_section *s = &m->sections[i];
        memcpy(s->name, e, 16);
        s->data = buf + rd64(e + 16);
        s->size = (size_t)rd64(e + 24);
        want[i] = rd32(e + 32);
    }
    uint32_t bad = first_bad_section(m->sections, want, count, n);
    free(want);
    if (bad < count) {
        snprintf(err, errlen, "model %s is corrupted (checksum of section %s does not match)"
                 MODEL_REBUILD, name, m->sections[bad].name);
        goto fail;
    }
    m->data = buf;
    m->size = n;
    m->mapped = mapped;
    m->nsections = count;
    return m;
fail:
    if (m) {
        free(m->sections);
        free(m);
    }
    release(buf, n, mapped);
    return NULL;
}

/* A 16-byte aligned buffer (malloc gives that on the platforms we build for; be sure). */
static unsigned char *alloc_aligned(size_t n)
{
    void *p = NULL;
    if (posix_memalign(&p, MODEL_ALIGN, n ? n : 1) != 0)
        return NULL;
    return p;
}

kh_model *kh_model_load(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            snprintf(err, errlen, "model %s is missing" MODEL_REBUILD, path);
        else
            snprintf(err, errlen, "model %s cannot be read (%s)" MODEL_REBUILD, path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "model %s is not a regular file" MODEL_REBUILD, path);
        fclose(f);
        return NULL;
    }
    size_t n = (size_t)st.st_size;
    if (n >= MODEL_MAP_MIN) {
        void *map = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_POPULATE, fileno(f), 0);
        if (map != MAP_FAILED) {
            fclose(f);
            return parse(map, n, 1, path, err, errlen);
        }
    }
    unsigned char *buf = alloc_aligned(n);
    if (!buf) {
        snprintf(err, errlen, "model %s: out of memory (%zu bytes)", path, n);
        fclose(f);
        return NULL;
    }
    size_t got = n ? fread(buf, 1, n, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "model %s cannot be read (I/O error)" MODEL_REBUILD, path);
        free(buf);
        return NULL;
    }
    return parse(buf, got, 0, path, err, errlen);
}

kh_model *kh_model_load_mem(const void *p, size_t n, char *err, size_t errlen)
{
    unsigned char *buf = alloc_aligned(n);
    if (!buf) {
        snprintf(err, errlen, "model (memory): out of memory");
        return NULL;
    }
    if (n)
        memcpy(buf, p, n);
    return parse(buf, n, 0, "(memory)", err, errlen);
}

const kh_model_section *kh_model_section_get(const kh_model *m, const char *name)
{
    if (!m || !name)
        return NULL;
    for (uint32_t i = 0; i < m->nsections; i++)
        if (strncmp(m->sections[i].name, name, 16) == 0)
            return &m->sections[i];
    return NULL;
}

/* ---- writing ---- */

typedef struct writer_section {
    char name[16];
    unsigned char *data;
    size_t size;
} writer_section;

struct kh_model_writer {
    writer_section *s;
    size_t n, cap;
};

kh_model_writer *kh_model_writer_new(void)
{
    return calloc(1, sizeof(kh_model_writer));
}

void kh_model_writer_free(kh_model_writer *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->n; i++)
        free(w->s[i].data);
    free(w->s);
    free(w);
}

/* Returns 0, or -1 when the name is empty, too long (15 bytes at most), already used,
 * or memory runs out. */
int kh_model_writer_add(kh_model_writer *w, const char *name, const void *data, size_t size)
{
    if (!w || !name || !*name || strlen(name) > 15 || (size && !data))
        return -1;
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->s[i].name, name) == 0)
            return -1;
    if (w->n == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 8;
        writer_section *s = realloc(w->s, nc * sizeof *s);
        if (!s)
            return -1;
        w->s = s;
        w->cap = nc;
    }
    writer_section *s = &w->s[w->n];
    memset(s->name, 0, sizeof s->name);
    memcpy(s->name, name, strlen(name));
    s->data = malloc(size ? size : 1);
    if (!s->data)
        return -1;
    if (size)
        memcpy(s->data, data, size);
    s->size = size;
    w->n++;
    return 0;
}

static size_t align_up(size_t v) { return (v + MODEL_ALIGN - 1) & ~(size_t)(MODEL_ALIGN - 1); }

/* Writes to PATH.tmp and renames it, so a crash never leaves a half-written model. */
int kh_model_writer_save(kh_model_writer *w, const char *path)
{
    if (!w || !path)
        return -1;
    size_t head = MODEL_FIXED + w->n * MODEL_ENTRY + 4;
    unsigned char *h = calloc(1, head);
    if (!h)
        return -1;
    memcpy(h, MODEL_MAGIC, 8);
    wr32(h + 8, KH_MODEL_VERSION);
    wr32(h + 12, (uint32_t)w->n);
    size_t off = align_up(head);
    for (size_t i = 0; i < w->n; i++) {
        unsigned char *e = h + MODEL_FIXED + i * MODEL_ENTRY;
        memcpy(e, w->s[i].name, 16);
        wr64(e + 16, off);
        wr64(e + 24, w->s[i].size);
        wr32(e + 32, crc_of(w->s[i].data, w->s[i].size));
        off = align_up(off + w->s[i].size);
    }
    wr32(h + head - 4, crc_of(h, head - 4));

    size_t plen = strlen(path);
    char *tmp = malloc(plen + 5);
    if (!tmp) {
        free(h);
        return -1;
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp", 5);
    FILE *f = fopen(tmp, "wb");
    int rc = -1;
    if (f) {
        static const unsigned char zero[MODEL_ALIGN];
        size_t pos = head;
        int ok = fwrite(h, 1, head, f) == head;
        for (size_t i = 0; ok && i < w->n; i++) {
            size_t pad = align_up(pos) - pos;
            ok = fwrite(zero, 1, pad, f) == pad &&
                 fwrite(w->s[i].data, 1, w->s[i].size, f) == w->s[i].size;
            pos += pad + w->s[i].size;
        }
        if (fclose(f) != 0)
            ok = 0;
        if (ok && rename(tmp, path) == 0)
            rc = 0;
        else
            remove(tmp);
    }
    free(tmp);
    free(h);
    return rc;
}
