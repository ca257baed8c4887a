/* test_transition.c - the arc-hybrid system: moves, projectivity, static and dynamic oracles. */
#include "testutil.h"

#include "arena.h"
#include "conllu.h"
#include "diag.h"
#include "doc.h"
#include "transition.h"

/* Runs the static oracle over heads[1..n]; returns 1 when it rebuilds the tree exactly. */
static int static_rebuilds(int n, const int *heads)
{
    void *mem = malloc(kh_ts_bytes(n));
    kh_tstate st;
    kh_ts_init(&st, n, mem);
    int steps = 0, ok = 1;
    while (!kh_ts_done(&st) && steps++ < 4 * n + 4) {
        int m = kh_ts_static(&st, heads);
        if (!kh_ts_can(&st, m) || kh_ts_cost(&st, m, heads) != 0) {
            ok = 0;
            break;
        }
        kh_ts_apply(&st, m, 0);
    }
    for (int i = 1; ok && i <= n; i++)
        ok = st.head[i] == heads[i];
    ok = ok && kh_ts_done(&st);
    free(mem);
    return ok;
}

static void test_hand_built_trees(void **state)
{
    (void)state;
    /* "The minister visited Baghdad on Saturday ." */
    int h1[] = {-1, 2, 3, 0, 3, 6, 3, 3};
    assert_true(kh_tree_projective(7, h1));
    assert_true(static_rebuilds(7, h1));
    /* a chain to the right and one to the left */
    int h2[] = {-1, 0, 1, 2, 3, 4};
    int h3[] = {-1, 2, 3, 4, 5, 0};
    assert_true(static_rebuilds(5, h2));
    assert_true(static_rebuilds(5, h3));
    /* one word */
    int h4[] = {-1, 0};
    assert_true(static_rebuilds(1, h4));
    /* crossing arcs: 1->3 and 2->4 */
    int h5[] = {-1, 0, 1, 1, 2};
    assert_false(kh_tree_projective(4, h5));
    int h6[] = {-1, 3, 0, 2, 2};   /* 3 -> 1 spans 2, which is 3's head: non-projective */
    assert_false(kh_tree_projective(4, h6));
}

static void test_moves_and_single_root(void **state)
{
    (void)state;
    void *mem = malloc(kh_ts_bytes(3));
    kh_tstate st;
    kh_ts_init(&st, 3, mem);
    assert_false(kh_ts_can(&st, KH_T_LEFT));
    assert_false(kh_ts_can(&st, KH_T_RIGHT));
    kh_ts_apply(&st, KH_T_SHIFT, 0);
    /* root may take its dependent only at the end */
    assert_false(kh_ts_can(&st, KH_T_RIGHT));
    kh_ts_apply(&st, KH_T_SHIFT, 0);
    assert_true(kh_ts_can(&st, KH_T_RIGHT));
    kh_ts_apply(&st, KH_T_RIGHT, 5);            /* 1 -> 2 */
    assert_int_equal(st.head[2], 1);
    assert_int_equal(st.label[2], 5);
    assert_int_equal(st.rc1[1], 2);
    assert_int_equal(st.nr[1], 1);
    assert_true(st.rset[1] == (1ULL << 5));
    kh_ts_apply(&st, KH_T_SHIFT, 0);            /* stack 0 1 3, buffer empty */
    assert_false(kh_ts_can(&st, KH_T_LEFT));
    assert_false(kh_ts_can(&st, KH_T_SHIFT));
    kh_ts_apply(&st, KH_T_RIGHT, 1);            /* 1 -> 3 */
    assert_int_equal(st.rc1[1], 3);
    assert_int_equal(st.rc2[1], 2);
    assert_false(kh_ts_done(&st));
    assert_true(kh_ts_can(&st, KH_T_RIGHT));    /* now the root takes 1 */
    kh_ts_apply(&st, KH_T_RIGHT, 0);
    assert_int_equal(st.head[1], 0);
    assert_true(kh_ts_done(&st));
    free(mem);
}

static void test_dynamic_oracle_costs(void **state)
{
    (void)state;
    /* gold: 1 <- 2 -> 3, 2 is the root */
    int gold[] = {-1, 2, 0, 2};
    void *mem = malloc(kh_ts_bytes(3));
    kh_tstate st;
    kh_ts_init(&st, 3, mem);
    kh_ts_apply(&st, KH_T_SHIFT, 0);   /* stack 0 1, buffer 2 3 */
    assert_int_equal(kh_ts_cost(&st, KH_T_LEFT, gold), 0);   /* 2 -> 1 is gold */
    assert_int_equal(kh_ts_cost(&st, KH_T_SHIFT, gold), 2);  /* 2 loses 1 and the root */
    kh_ts_apply(&st, KH_T_SHIFT, 0);   /* a mistake: stack 0 1 2, buffer 3 */
    /* RIGHT 1 -> 2 loses 2's dependent 3 (in the buffer) and 2's head (root) */
    assert_int_equal(kh_ts_cost(&st, KH_T_RIGHT, gold), 1);
    assert_int_equal(kh_ts_cost(&st, KH_T_SHIFT, gold), 0);  /* 2 -> 3 stays reachable */
    assert_int_equal(kh_ts_cost(&st, KH_T_LEFT, gold), 1);   /* 2 loses its dependent 3 */
    free(mem);
}

/* Every projective tree of EWT train is rebuilt exactly by the static oracle. */
static void test_ewt_train_static_oracle(void **state)
{
    (void)state;
    char path[4096];
    KH_SHARED_OR_SKIP(path, "data/ud/en_ewt-ud-train.conllu");
    kh_arena a;
    kh_arena_init(&a, 1 << 20);
    kh_doc d;
    kh_doc_init(&d, &a);
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    assert_int_equal(kh_conllu_read_all(path, &d, &diag), 0);
    int nproj = 0, nok = 0;
    int *heads = malloc(sizeof(int) * 1024);
    for (int i = 0; i < d.nsents; i++) {
        const kh_sentence *s = &d.sents[i];
        if (s->nwords >= 1023)
            continue;
        heads[0] = -1;
        for (int j = 0; j < s->nwords; j++)
            heads[j + 1] = s->words[j].head;
        if (!kh_tree_projective(s->nwords, heads))
            continue;
        nproj++;
        nok += static_rebuilds(s->nwords, heads);
    }
    fprintf(stderr, "# EWT train: %d sentences, %d projective, %d rebuilt by the static oracle\n",
            d.nsents, nproj, nok);
    assert_int_equal(d.nsents, 12544);
    assert_true(nproj > 12000);
    assert_int_equal(nok, nproj);
    free(heads);
    kh_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_built_trees),
        cmocka_unit_test(test_moves_and_single_root),
        cmocka_unit_test(test_dynamic_oracle_costs),
        cmocka_unit_test(test_ewt_train_static_oracle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
