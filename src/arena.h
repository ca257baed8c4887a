/* arena.h - region allocator: one arena per document (or per model), freed at once.
 *
 * Every stage allocates the strings and arrays of a document from the document's
 * arena, so no stage frees anything by itself and a worker resets one arena per
 * document. Allocation failure is reported by returning NULL; callers check. */
#ifndef KH_ARENA_H
#define KH_ARENA_H

#include <stddef.h>

typedef struct kh_arena_chunk kh_arena_chunk;
typedef struct kh_arena {
    kh_arena_chunk *head;   /* current chunk; older chunks follow ->next */
    size_t chunk_size;      /* default size of a new chunk */
    size_t total;           /* bytes obtained from malloc, for statistics */
} kh_arena;

void  kh_arena_init(kh_arena *a, size_t chunk_size);   /* chunk_size 0: 64 KiB */
void *kh_arena_alloc(kh_arena *a, size_t n);           /* 16-byte aligned, uninitialised */
void *kh_arena_calloc(kh_arena *a, size_t count, size_t size);
char *kh_arena_strdup(kh_arena *a, const char *s);
char *kh_arena_strndup(kh_arena *a, const char *s, size_t n);
void *kh_arena_memdup(kh_arena *a, const void *p, size_t n);
/* Grows an array allocated from the arena (the old block is not reused). */
void *kh_arena_grow(kh_arena *a, void *old, size_t old_n, size_t new_n, size_t size);
void  kh_arena_reset(kh_arena *a);   /* keeps the first chunk for reuse */
void  kh_arena_free(kh_arena *a);

#endif
