/* arena.c - region allocator (see arena.h). Chunks are linked; big requests get
 * a chunk of their own so that they do not waste the tail of the current one. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct kh_arena_chunk {
    kh_arena_chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

#define KH_ALIGN(n) (((n) + 15u) & ~(size_t)15u)

void kh_arena_init(kh_arena *a, size_t chunk_size)
{
    a->head = NULL;
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
    a->total = 0;
}

static kh_arena_chunk *chunk_new(kh_arena *a, size_t size)
{
    if (size > SIZE_MAX - sizeof(kh_arena_chunk))
        return NULL;
    kh_arena_chunk *c = malloc(sizeof *c + size);
    if (!c)
        return NULL;
    c->size = size;
    c->used = 0;
    a->total += size;
    return c;
}

void *kh_arena_alloc(kh_arena *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX / 2)
        return NULL;
    n = KH_ALIGN(n);
    kh_arena_chunk *c = a->head;
    if (c && c->size - c->used >= n) {
        void *p = c->data + c->used;
        c->used += n;
        return p;
    }
    if (n > a->chunk_size / 4) {
        /* A large block gets its own chunk, linked behind the current one. */
        kh_arena_chunk *big = chunk_new(a, n);
        if (!big)
            return NULL;
        big->used = n;
        if (c) {
            big->next = c->next;
            c->next = big;
        } else {
            big->next = NULL;
            a->head = big;
        }
        return big->data;
    }
    kh_arena_chunk *fresh = chunk_new(a, a->chunk_size);
    if (!fresh)
        return NULL;
    fresh->next = c;
    a->head = fresh;
    fresh->used = n;
    return fresh->data;
}

void *kh_arena_calloc(kh_arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = kh_arena_alloc(a, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

char *kh_arena_strndup(kh_arena *a, const char *s, size_t n)
{
    char *p = kh_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *kh_arena_strdup(kh_arena *a, const char *s)
{
    return kh_arena_strndup(a, s, strlen(s));
}

void *kh_arena_memdup(kh_arena *a, const void *p, size_t n)
{
    void *q = kh_arena_alloc(a, n);
    if (q && n)
        memcpy(q, p, n);
    return q;
}

void *kh_arena_grow(kh_arena *a, void *old, size_t old_n, size_t new_n, size_t size)
{
    if (size && new_n > SIZE_MAX / size)
        return NULL;
    void *p = kh_arena_alloc(a, new_n * size);
    if (p && old && old_n)
        memcpy(p, old, (old_n < new_n ? old_n : new_n) * size);
    return p;
}

void kh_arena_reset(kh_arena *a)
{
    kh_arena_chunk *keep = NULL, *c = a->head;
    while (c) {
        kh_arena_chunk *next = c->next;
        if (!keep && c->size == a->chunk_size) {
            keep = c;
        } else {
            a->total -= c->size;
            free(c);
        }
        c = next;
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->head = keep;
}

void kh_arena_free(kh_arena *a)
{
    kh_arena_chunk *c = a->head;
    while (c) {
        kh_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->total = 0;
}
