/* test_model.c - the model container (sections, checksums, refusals) and the
 * perceptron weights blob that the tagger and parser store in it. */
#include "testutil.h"

#include "model.h"
#include "perceptron.h"

static char *tmp_path(char *buf, size_t n, const char *tag)
{
    snprintf(buf, n, "/tmp/kh_test_model_%ld_%s.khm", (long)getpid(), tag);
    return buf;
}

/* Writes a model with two sections; returns the file bytes (malloc'd). */
static unsigned char *write_sample(const char *path, size_t *len)
{
    kh_model_writer *w = kh_model_writer_new();
    assert_non_null(w);
    assert_int_equal(kh_model_writer_add(w, "alpha", "hello", 5), 0);
    unsigned char big[1000];
    for (int i = 0; i < 1000; i++)
        big[i] = (unsigned char)(i * 7);
    assert_int_equal(kh_model_writer_add(w, "beta", big, sizeof big), 0);
    assert_int_equal(kh_model_writer_add(w, "alpha", "x", 1), -1);                  /* taken */
    assert_int_equal(kh_model_writer_add(w, "a-name-too-long-16", "x", 1), -1);
    assert_int_equal(kh_model_writer_save(w, path), 0);
    kh_model_writer_free(w);
    unsigned char *p = (unsigned char *)kh_test_slurp(path, len);
    assert_non_null(p);
    return p;
}

static void test_round_trip(void **state)
{
    (void)state;
    char path[256], err[512];
    size_t len;
    unsigned char *bytes = write_sample(tmp_path(path, sizeof path, "rt"), &len);
    kh_model *m = kh_model_load(path, err, sizeof err);
    assert_non_null(m);
    const kh_model_section *a = kh_model_section_get(m, "alpha");
    const kh_model_section *b = kh_model_section_get(m, "beta");
    assert_non_null(a);
    assert_non_null(b);
    assert_null(kh_model_section_get(m, "gamma"));
    assert_int_equal(a->size, 5);
    assert_memory_equal(a->data, "hello", 5);
    assert_int_equal(b->size, 1000);
    assert_int_equal(b->data[999], (unsigned char)(999 * 7));
    assert_int_equal((uintptr_t)b->data % 16, 0);    /* sections are aligned */
    kh_model_free(m);
    m = kh_model_load_mem(bytes, len, err, sizeof err);
    assert_non_null(m);
    assert_non_null(kh_model_section_get(m, "beta"));
    kh_model_free(m);
    free(bytes);
    remove(path);
}

static void test_missing(void **state)
{
    (void)state;
    char err[512];
    assert_null(kh_model_load("/nonexistent/dir/x.khm", err, sizeof err));
    assert_string_equal(err, "model /nonexistent/dir/x.khm is missing; rebuild it with 'khaldun train'");
}

static void test_truncated(void **state)
{
    (void)state;
    char path[256], err[512], want[512];
    size_t len;
    unsigned char *bytes = write_sample(tmp_path(path, sizeof path, "tr"), &len);
    /* cut inside the data of the last section */
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len - 10, f), len - 10);
    fclose(f);
    assert_null(kh_model_load(path, err, sizeof err));
    snprintf(want, sizeof want, "model %s is truncated (%zu of %zu bytes); rebuild it with 'khaldun train'",
             path, len - 10, len);
    assert_string_equal(err, want);
    /* cut inside the section table */
    assert_null(kh_model_load_mem(bytes, 30, err, sizeof err));
    assert_string_equal(err, "model (memory) is truncated (30 of 92 bytes); rebuild it with 'khaldun train'");
    /* cut inside the fixed header; empty file */
    assert_null(kh_model_load_mem(bytes, 5, err, sizeof err));
    assert_non_null(strstr(err, "is truncated (5 of at least 16 bytes)"));
    assert_null(kh_model_load_mem(bytes, 0, err, sizeof err));
    assert_non_null(strstr(err, "is truncated (0 of"));
    free(bytes);
    remove(path);
}

static void test_corrupted(void **state)
{
    (void)state;
    char path[256], err[512];
    size_t len;
    unsigned char *bytes = write_sample(tmp_path(path, sizeof path, "co"), &len);
    bytes[len - 1] ^= 0x40;   /* last byte of section beta */
    assert_null(kh_model_load_mem(bytes, len, err, sizeof err));
    assert_string_equal(err, "model (memory) is corrupted (checksum of section beta does not match); "
                             "rebuild it with 'khaldun train'");
    bytes[len - 1] ^= 0x40;
    bytes[20] ^= 1;           /* inside the section table */
    assert_null(kh_model_load_mem(bytes, len, err, sizeof err));
    assert_non_null(strstr(err, "is corrupted (checksum of the header does not match)"));
    bytes[20] ^= 1;
    bytes[0] = 'X';
    assert_null(kh_model_load_mem(bytes, len, err, sizeof err));
    assert_non_null(strstr(err, "not a khaldun model file"));
    free(bytes);
    remove(path);
}

/* A file of several MB is mapped rather than read, and its checksums are computed on
 * two threads, each section cut in two: an intact file loads with the same bytes, and
 * a flipped byte in either half of either section is refused, naming the section. */
static void test_large_model(void **state)
{
    (void)state;
    char path[256], err[512];
    tmp_path(path, sizeof path, "big");
    size_t na = 3u << 20, nb = (5u << 20) + 7;    /* odd size: unequal halves */
    unsigned char *a = malloc(na), *b = malloc(nb);
    assert_non_null(a);
    assert_non_null(b);
    for (size_t i = 0; i < na; i++)
        a[i] = (unsigned char)(i * 31 + (i >> 11));
    for (size_t i = 0; i < nb; i++)
        b[i] = (unsigned char)(i * 17 + (i >> 9));
    kh_model_writer *w = kh_model_writer_new();
    assert_non_null(w);
    assert_int_equal(kh_model_writer_add(w, "first", a, na), 0);
    assert_int_equal(kh_model_writer_add(w, "second", b, nb), 0);
    assert_int_equal(kh_model_writer_save(w, path), 0);
    kh_model_writer_free(w);
    kh_model *m = kh_model_load(path, err, sizeof err);
    assert_non_null(m);
    const kh_model_section *sa = kh_model_section_get(m, "first"), *sb = kh_model_section_get(m, "second");
    assert_non_null(sa);
    assert_non_null(sb);
    assert_int_equal(sa->size, na);
    assert_int_equal(sb->size, nb);
    assert_memory_equal(sa->data, a, na);
    assert_memory_equal(sb->data, b, nb);
    assert_int_equal((uintptr_t)sb->data % 16, 0);
    kh_model_free(m);
    /* where each section starts in the file: find its first bytes */
    size_t len = 0;
    unsigned char *bytes = (unsigned char *)kh_test_slurp(path, &len);
    assert_non_null(bytes);
    size_t offa = 0, offb = 0;
    for (size_t i = 0; i + 64 <= len; i += 16) {
        if (!offa && memcmp(bytes + i, a, 64) == 0)
            offa = i;
        if (!offb && memcmp(bytes + i, b, 64) == 0)
            offb = i;
    }
    assert_true(offa > 0 && offb > offa);
    struct { size_t at; const char *name; } flips[] = {
        { offa + 10, "first" }, { offa + na - 3, "first" },
        { offb + nb / 2 - 1, "second" }, { offb + nb / 2 + 1, "second" },
    };
    for (size_t k = 0; k < sizeof flips / sizeof flips[0]; k++) {
        bytes[flips[k].at] ^= 0x10;
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(bytes, 1, len, f), len);
        fclose(f);
        bytes[flips[k].at] ^= 0x10;
        assert_null(kh_model_load(path, err, sizeof err));
        char want[128];
        snprintf(want, sizeof want, "(checksum of section %s does not match)", flips[k].name);
        assert_non_null(strstr(err, want));
    }
    free(bytes);
    free(a);
    free(b);
    remove(path);
}

static void test_other_version(void **state)
{
    (void)state;
    char path[256], err[512];
    size_t len;
    unsigned char *bytes = write_sample(tmp_path(path, sizeof path, "ve"), &len);
    bytes[8] = 2;
    assert_null(kh_model_load_mem(bytes, len, err, sizeof err));
    assert_string_equal(err, "model (memory) has format version 2, this khaldun reads version 1; "
                             "rebuild it with 'khaldun train'");
    free(bytes);
    remove(path);
}

/* Every single-byte corruption and every truncation is refused or loads; never crashes. */
static void test_no_crash_on_damage(void **state)
{
    (void)state;
    char path[256], err[512];
    size_t len;
    unsigned char *bytes = write_sample(tmp_path(path, sizeof path, "fz"), &len);
    for (size_t i = 0; i < len; i++) {
        bytes[i] ^= 0xa5;
        kh_model *m = kh_model_load_mem(bytes, len, err, sizeof err);
        bytes[i] ^= 0xa5;
        if (m) {   /* only padding between sections is outside the checksums */
            const kh_model_section *a = kh_model_section_get(m, "alpha");
            const kh_model_section *b = kh_model_section_get(m, "beta");
            assert_non_null(a);
            assert_non_null(b);
            assert_memory_equal(a->data, "hello", 5);
            assert_int_equal(b->data[999], (unsigned char)(999 * 7));
            assert_true(i >= 92);
            kh_model_free(m);
        }
    }
    for (size_t n = 0; n < len; n++)
        assert_null(kh_model_load_mem(bytes, n, err, sizeof err));
    free(bytes);
    remove(path);
}

/* The perceptron learns a separable toy problem; its frozen blob scores the same. */
static void test_perceptron_learns_and_freezes(void **state)
{
    (void)state;
    kh_pct_train *t = kh_pct_train_new(3);
    assert_non_null(t);
    /* class = which of three "words" is present; plus a noise feature shared by all */
    uint64_t noise = kh_pct_hash_end(kh_pct_hash_bytes(kh_pct_hash_start(9), "bias", 4));
    for (int epoch = 0; epoch < 5; epoch++) {
        for (int i = 0; i < 30; i++) {
            int truth = i % 3;
            uint64_t f[2] = { kh_pct_hash_end(kh_pct_hash_int(kh_pct_hash_start(1), (uint64_t)truth)), noise };
            float sc[3] = { 0, 0, 0 };
            kh_pct_train_score(t, f, 2, sc);
            int guess = kh_pct_argmax_f(sc, 3, NULL);
            assert_int_equal(kh_pct_train_update(t, f, 2, truth, guess), 0);
            kh_pct_train_tick(t);
        }
    }
    assert_int_equal(kh_pct_train_nfeats(t), 4);
    void *blob;
    size_t size;
    assert_int_equal(kh_pct_train_freeze(t, 0.0f, &blob, &size), 0);
    kh_pct m;
    char err[200];
    assert_int_equal(kh_pct_open(&m, blob, size, err, sizeof err), 0);
    assert_int_equal(m.nclasses, 3);
    for (int c = 0; c < 3; c++) {
        uint64_t f[2] = { kh_pct_hash_end(kh_pct_hash_int(kh_pct_hash_start(1), (uint64_t)c)), noise };
        int32_t sc[3] = { 0, 0, 0 };
        kh_pct_score(&m, f, 2, sc);
        assert_int_equal(kh_pct_argmax_i(sc, 3, NULL), c);
        unsigned char allowed[3] = { 1, 1, 1 };
        allowed[c] = 0;
        assert_int_not_equal(kh_pct_argmax_i(sc, 3, allowed), c);
    }
    /* a damaged blob is refused, not trusted */
    unsigned char *b = blob;
    b[12] ^= 0x10;
    assert_int_equal(kh_pct_open(&m, blob, size, err, sizeof err), -1);
    b[12] ^= 0x10;
    assert_int_equal(kh_pct_open(&m, blob, size - 4, err, sizeof err), -1);
    free(blob);
    kh_pct_train_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_corrupted),
        cmocka_unit_test(test_large_model),
        cmocka_unit_test(test_other_version),
        cmocka_unit_test(test_no_crash_on_damage),
        cmocka_unit_test(test_perceptron_learns_and_freezes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
