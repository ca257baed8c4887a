/* test_pool.c - the ordered worker pool: output order equals input order for any
 * number of workers, every item is worked once, errors are reported, worker numbers
 * stay in range and never run twice at once, and the caller works items too. */
#include "testutil.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

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

typedef struct track {
    int caller;                /* the caller's worker number */
    pthread_t main;            /* the caller's thread */
    atomic_long by_main, main_wrong_number;
    atomic_int busy[4];        /* per worker number: inside work() now */
    atomic_long count[4];      /* items worked by each number */
    atomic_int overlap, out_of_range;
} track;

static int work_tracked(void *ctx, int worker, void *p)
{
    track *t = ctx;
    item *it = p;
    if (worker < 0 || worker >= 4) {
        atomic_store(&t->out_of_range, 1);
        return -1;
    }
    if (atomic_exchange(&t->busy[worker], 1))
        atomic_store(&t->overlap, 1);
    volatile long spin = (it->seq * 7919) % 20000;
    while (spin > 0)
        spin--;
    if (pthread_equal(pthread_self(), t->main)) {
        atomic_fetch_add(&t->by_main, 1);
        if (worker != t->caller)
            atomic_fetch_add(&t->main_wrong_number, 1);
    }
    if (worker == t->caller) {   /* a slow caller: the threads surely get their share */
        struct timespec ts = {0, 200000};
        nanosleep(&ts, NULL);
    }
    it->value = it->seq;
    atomic_fetch_add(&t->count[worker], 1);
    atomic_store(&t->busy[worker], 0);
    return 0;
}

static int emit_nothing(void *ctx, void *p)
{
    (void)ctx;
    (void)p;
    return 0;
}

/* N workers are N - 1 threads and the caller: numbers 0 .. N-1, each used by one
 * thread at a time, and the caller (the last number) works items while the ring is
 * full instead of waiting. */
static void test_worker_numbers_and_caller_helps(void **state)
{
    (void)state;
    for (int nw = 2; nw <= 4; nw++) {
        static track t;
        memset(&t, 0, sizeof t);
        t.caller = nw - 1;
        t.main = pthread_self();
        item items[8];
        void *slots[8];
        for (int i = 0; i < 8; i++)
            slots[i] = &items[i];
        kh_pool *p = kh_pool_new(nw, 8, slots, work_tracked, emit_nothing, &t);
        assert_non_null(p);
        for (long i = 0; i < 600; i++) {
            item *it = kh_pool_slot(p);
            assert_non_null(it);
            it->seq = i;
            kh_pool_commit(p);
        }
        assert_int_equal(kh_pool_finish(p), 0);
        kh_pool_free(p);
        assert_int_equal(atomic_load(&t.out_of_range), 0);
        assert_int_equal(atomic_load(&t.overlap), 0);
        long total = 0;
        for (int w = 0; w < 4; w++) {
            if (w >= nw)
                assert_int_equal(atomic_load(&t.count[w]), 0);
            total += atomic_load(&t.count[w]);
        }
        assert_int_equal(total, 600);
        assert_true(atomic_load(&t.by_main) > 0);          /* the caller helped */
        assert_int_equal(atomic_load(&t.main_wrong_number), 0);
        assert_int_equal(atomic_load(&t.by_main), atomic_load(&t.count[nw - 1]));
        assert_true(atomic_load(&t.count[0]) > 0);        /* and so did a thread */
    }
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
        cmocka_unit_test(test_worker_numbers_and_caller_helps),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
