/* test_pool.c - the ordered worker pool: output order equals input order for any
 * number of workers, every item is worked once, errors are reported. */
#include "testutil.h"

#include "pool.h"

typedef struct item { long seq; long value; } item;
typedef struct run { long out[2000]; long nout; long fail_at; } run;

static int work_square(void *ctx, int worker, void *p)
{
    run *r = ctx;
    item *it = p;
    /* uneven work so that later items often finish first */
    volatile long spin = (it->seq * 7919) % 5000;
    while (spin > 0)
        spin--;
    it->value = it->seq * it->seq;
    return it->seq == r->fail_at ? -1 : 0;
}

static int emit_record(void *ctx, void *p)
{
    run *r = ctx;
    item *it = p;
    r->out[r->nout++] = it->value;
    return 0;
}

static void run_pool(int nworkers, long n, run *r)
{
    item items[8];
    void *slots[8];
    for (int i = 0; i < 8; i++)
        slots[i] = &items[i];
    kh_pool *p = kh_pool_new(nworkers, 8, slots, work_square, emit_record, r);
    assert_non_null(p);
    for (long i = 0; i < n; i++) {
        item *it = kh_pool_slot(p);
        if (!it)
            break;
        it->seq = i;
        it->value = -1;
        kh_pool_commit(p);
    }
    int rc = kh_pool_finish(p);
    kh_pool_free(p);
    if (r->fail_at < 0)
        assert_int_equal(rc, 0);
    else
        assert_int_equal(rc, -1);
}

static void test_order_is_input_order(void **state)
{
    (void)state;
    for (int nw = 1; nw <= 4; nw++) {
        static run r;
        memset(&r, 0, sizeof r);
        r.fail_at = -1;
        run_pool(nw, 1500, &r);
        assert_int_equal(r.nout, 1500);
        for (long i = 0; i < 1500; i++)
            assert_int_equal(r.out[i], i * i);
    }
}

static void test_work_error_is_reported(void **state)
{
    (void)state;
    static run r;
    memset(&r, 0, sizeof r);
    r.fail_at = 10;
    run_pool(3, 100, &r);
    assert_true(r.nout >= 11);   /* items up to the failing one were emitted */
    assert_int_equal(r.out[9], 81);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    void *slots[1] = {NULL};
    assert_null(kh_pool_new(2, 0, slots, work_square, emit_record, NULL));
    assert_null(kh_pool_new(2, 1, NULL, work_square, emit_record, NULL));
    assert_true(kh_pool_ncpus() >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_is_input_order),
        cmocka_unit_test(test_work_error_is_reported),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
