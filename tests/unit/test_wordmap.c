/* test_wordmap.c - the tagger's and lemmatiser's string map (kh_wordmap, tagfeat.h):
 * dense ids in insertion order, keys that share a bucket and a hash check, the empty
 * key, long and binary keys, absent keys, and queries that end at the end of memory. */
#include "testutil.h"

#include "tagfeat.h"

static uint64_t xorshift(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* Two keys whose hashes agree in the upper 32 bits (the check kept in the slot) and
 * in the low 10 (the bucket of a new map): the map must compare the keys themselves. */
static void check_colliding_pair(const char *a, const char *b)
{
    size_t n = strlen(a);
    uint64_t ha = kh_wordmap_hash(a, n), hb = kh_wordmap_hash(b, n);
    /* the premise: if the hash changes, find a new pair (birthday search over keys) */
    assert_true(ha >> 32 == hb >> 32);
    assert_true((ha & 1023) == (hb & 1023));
    assert_true(ha != hb);

    kh_wordmap m;
    assert_int_equal(kh_wordmap_init(&m), 0);
    assert_int_equal(kh_wordmap_put(&m, a, n), 0);
    assert_int_equal(kh_wordmap_get(&m, b, n), -1);
    assert_int_equal(kh_wordmap_put(&m, b, n), 1);
    assert_int_equal(kh_wordmap_get(&m, a, n), 0);
    assert_int_equal(kh_wordmap_get(&m, b, n), 1);
    assert_int_equal(kh_wordmap_put(&m, a, n), 0);
    assert_int_equal(m.n, 2);
    kh_wordmap_free(&m);
}

static void test_wordmap_shared_check(void **state)
{
    (void)state;
    check_colliding_pair("19cf5f", "744021");          /* 4..7 bytes */
    check_colliding_pair("000026c6f0", "000056b28b");  /* 8 and more */
}

/* Many keys of lengths 0..40 (few letters, so many near-identical ones), some binary:
 * ids are 0, 1, 2, ... for new keys, the same id for a key put again, and every key
 * reads back; keys[]/lens[] hold NUL-terminated copies. */
static void test_wordmap_many_keys(void **state)
{
    (void)state;
    enum { N = 20000, L = 41 };
    kh_wordmap m;
    assert_int_equal(kh_wordmap_init(&m), 0);
    static char keys[N][L];
    static size_t lens[N];
    static int32_t ids[N];
    uint64_t x = 88172645463325252ull;
    int32_t next = 0;
    for (int i = 0; i < N; i++) {
        lens[i] = (size_t)(xorshift(&x) % L);
        for (size_t j = 0; j < lens[i]; j++)
            keys[i][j] = (char)(i % 7 == 0 ? xorshift(&x) % 4 : 'a' + xorshift(&x) % 3);
        int32_t before = kh_wordmap_get(&m, keys[i], lens[i]);
        ids[i] = kh_wordmap_put(&m, keys[i], lens[i]);
        if (before >= 0) {
            assert_int_equal(ids[i], before);
        } else {
            assert_int_equal(ids[i], next);
            next++;
        }
        assert_int_equal(m.n, next);
    }
    assert_true(next > N / 2);   /* mostly new keys, some repeats (the empty key, ...) */
    for (int i = 0; i < N; i++) {
        assert_int_equal(kh_wordmap_get(&m, keys[i], lens[i]), ids[i]);
        assert_int_equal(m.lens[ids[i]], lens[i]);
        assert_memory_equal(m.keys[ids[i]], keys[i], lens[i]);
        assert_int_equal(m.keys[ids[i]][lens[i]], '\0');
    }
    /* absent: the same bytes one longer or shorter, or with a letter never used */
    for (int i = 0; i < N; i += 13) {
        char k[L + 1];
        memcpy(k, keys[i], lens[i]);
        k[lens[i]] = 'z';
        assert_int_equal(kh_wordmap_get(&m, k, lens[i] + 1), -1);
        if (lens[i]) {
            k[lens[i] - 1] = 'z';
            assert_int_equal(kh_wordmap_get(&m, k, lens[i]), -1);
            k[lens[i] - 1] = keys[i][lens[i] - 1];
            k[0] = 'z';
            assert_int_equal(kh_wordmap_get(&m, k, lens[i]), -1);
        }
    }
    kh_wordmap_free(&m);
}

/* The empty key is a key like another; a zeroed (or freed) map finds nothing. */
static void test_wordmap_empty_key_and_zeroed_map(void **state)
{
    (void)state;
    kh_wordmap z;
    memset(&z, 0, sizeof z);
    assert_int_equal(kh_wordmap_get(&z, "a", 1), -1);
    assert_int_equal(kh_wordmap_put(&z, "a", 1), 0);   /* a zeroed map takes keys too */
    assert_int_equal(kh_wordmap_put(&z, "b", 1), 1);
    assert_int_equal(kh_wordmap_get(&z, "a", 1), 0);
    kh_wordmap_free(&z);

    kh_wordmap m;
    assert_int_equal(kh_wordmap_init(&m), 0);
    assert_int_equal(kh_wordmap_get(&m, "", 0), -1);
    assert_int_equal(kh_wordmap_put(&m, "x", 1), 0);
    assert_int_equal(kh_wordmap_get(&m, "", 0), -1);
    assert_int_equal(kh_wordmap_put(&m, "", 0), 1);
    assert_int_equal(kh_wordmap_get(&m, "", 0), 1);
    assert_int_equal(kh_wordmap_get(&m, "x", 1), 0);
    assert_int_equal(m.lens[1], 0);
    assert_string_equal(m.keys[1], "");
    kh_wordmap_free(&m);
    assert_int_equal(kh_wordmap_get(&m, "x", 1), -1);
}

/* Keys longer than a cache line, differing in one byte anywhere; queries that end at
 * the end of their allocation (ASan: the map reads no byte past n of the query). */
static void test_wordmap_long_keys_exact_reads(void **state)
{
    (void)state;
    kh_wordmap m;
    assert_int_equal(kh_wordmap_init(&m), 0);
    static const size_t sizes[] = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 56, 57, 63, 64, 65, 200, 4099};
    enum { NS = sizeof sizes / sizeof sizes[0] };
    char *base[NS];
    for (int i = 0; i < NS; i++) {
        size_t n = sizes[i];
        base[i] = malloc(n);
        assert_non_null(base[i]);
        memset(base[i], 'q', n);
        assert_int_equal(kh_wordmap_put(&m, base[i], n), i);
    }
    for (int i = 0; i < NS; i++) {
        size_t n = sizes[i];
        char *q = malloc(n);
        assert_non_null(q);
        memcpy(q, base[i], n);
        assert_int_equal(kh_wordmap_get(&m, q, n), i);
        for (size_t at = 0; at < n; at += n > 64 ? n / 7 + 1 : 1) {
            q[at] = 'r';
            assert_int_equal(kh_wordmap_get(&m, q, n), -1);
            q[at] = 'q';
        }
        q[n - 1] = 'r';
        assert_int_equal(kh_wordmap_get(&m, q, n), -1);
        free(q);
    }
    for (int i = 0; i < NS; i++)
        free(base[i]);
    kh_wordmap_free(&m);
}

/* reserve grows the table ahead: the same ids, and the keys put before still found. */
static void test_wordmap_reserve(void **state)
{
    (void)state;
    kh_wordmap m;
    assert_int_equal(kh_wordmap_init(&m), 0);
    char k[16];
    for (int i = 0; i < 100; i++) {
        int n = snprintf(k, sizeof k, "w%d", i);
        assert_int_equal(kh_wordmap_put(&m, k, (size_t)n), i);
    }
    assert_int_equal(kh_wordmap_reserve(&m, 50000), 0);
    assert_true(m.mask + 1 >= 100000);
    assert_true(m.cap >= 50000);
    uint32_t mask = m.mask;
    for (int i = 100; i < 50000; i++) {
        int n = snprintf(k, sizeof k, "w%d", i);
        assert_int_equal(kh_wordmap_put(&m, k, (size_t)n), i);
    }
    assert_int_equal(m.mask, mask);   /* sized once: no rehash while it filled */
    for (int i = 0; i < 50000; i += 7) {
        int n = snprintf(k, sizeof k, "w%d", i);
        assert_int_equal(kh_wordmap_get(&m, k, (size_t)n), i);
    }
    assert_int_equal(kh_wordmap_get(&m, "w50000", 6), -1);
    kh_wordmap_free(&m);
}

/* Keys are kept once, in the map's records: keys[] follows the
 * records as their block grows, every key reads back as a C string with its length,
 * and a record up to 64 bytes lies in one cache line. */
static void test_wordmap_keys_follow_records(void **state)
{
    (void)state;
    kh_wordmap m;
    assert_int_equal(kh_wordmap_init(&m), 0);
    char k[64];
    for (int i = 0; i < 30000; i++) {
        int n = snprintf(k, sizeof k, "%0*d", 1 + i % 40, i);   /* lengths 1..40 */
        assert_int_equal(kh_wordmap_put(&m, k, (size_t)n), i);
    }
    for (int i = 0; i < 30000; i++) {
        int n = snprintf(k, sizeof k, "%0*d", 1 + i % 40, i);
        assert_int_equal(m.lens[i], n);
        assert_string_equal(m.keys[i], k);
        const uint32_t *r = (const uint32_t *)(const void *)m.keys[i] - 2;   /* its record */
        assert_int_equal(r[0], n);
        assert_int_equal(r[1], i);
        size_t first = (size_t)((uintptr_t)r / 64), last = (size_t)(((uintptr_t)(m.keys[i] + n)) / 64);
        assert_int_equal(first, last);
        assert_int_equal(kh_wordmap_get(&m, k, (size_t)n), i);
    }
    kh_wordmap_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wordmap_shared_check),
        cmocka_unit_test(test_wordmap_many_keys),
        cmocka_unit_test(test_wordmap_empty_key_and_zeroed_map),
        cmocka_unit_test(test_wordmap_long_keys_exact_reads),
        cmocka_unit_test(test_wordmap_reserve),
        cmocka_unit_test(test_wordmap_keys_follow_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
