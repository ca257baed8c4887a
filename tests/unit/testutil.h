/* testutil.h - what every unit test includes: cmocka, and access to ../shared.
 * Tests that need the shared corpora call KH_SHARED_OR_SKIP(path, "rel/path"):
 * when the file is absent the test is skipped with a message naming it. */
#ifndef KH_TESTUTIL_H
#define KH_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

static inline const char *kh_test_shared_dir(void)
{
    const char *env = getenv("KH_SHARED");
    return (env && *env) ? env : "../shared";
}

/* Fills buf with SHARED/rel; returns 1 when the file is readable. */
static inline int kh_test_shared(char *buf, size_t n, const char *rel)
{
    snprintf(buf, n, "%s/%s", kh_test_shared_dir(), rel);
    return access(buf, R_OK) == 0;
}

#define KH_SHARED_OR_SKIP(buf, rel)                                                   \
    do {                                                                              \
        if (!kh_test_shared((buf), sizeof(buf), (rel))) {                            \
            fprintf(stderr, "# SKIP: %s is absent (set KH_SHARED to the shared corpora)\n", (buf)); \
            skip();                                                                   \
        }                                                                             \
    } while (0)

/* Reads a whole file into a malloc'd NUL-terminated buffer (NULL on failure). */
static inline char *kh_test_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *p = malloc(cap);
    size_t r;
    while (p && (r = fread(p + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n - 1 == 0) {
            char *q = realloc(p, cap * 2);
            if (!q) { free(p); p = NULL; break; }
            p = q;
            cap *= 2;
        }
    }
    fclose(f);
    if (p) { p[n] = '\0'; if (len) *len = n; }
    return p;
}

#endif
