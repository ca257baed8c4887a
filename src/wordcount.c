/* wordcount.c - a string map with a count for each key (see wordcount.h). */
#include "wordcount.h"

#include <stdlib.h>
#include <string.h>

int kh_wordcount_init(kh_wordcount *c)
{
    memset(c, 0, sizeof *c);
    return kh_wordmap_init(&c->m);
}

int32_t kh_wordcount_add(kh_wordcount *c, const char *s, size_t n, long by)
{
    int32_t id = kh_wordmap_put(&c->m, s, n);
    if (id < 0)
        return -1;
    if (id >= c->cap) {
        int32_t nc = c->cap ? c->cap * 2 : 4096;
        long *p = realloc(c->count, (size_t)nc * sizeof *p);
        if (!p)
            return -1;
        memset(p + c->cap, 0, (size_t)(nc - c->cap) * sizeof *p);
        c->count = p;
        c->cap = nc;
    }
    c->count[id] += by;
    return id;
}

void kh_wordcount_free(kh_wordcount *c)
{
    kh_wordmap_free(&c->m);
    free(c->count);
    c->count = NULL;
    c->cap = 0;
}
