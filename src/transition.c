/* transition.c - arc-hybrid configurations, moves and oracles (see transition.h). */
#include "transition.h"

#include <string.h>

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

size_t kh_ts_bytes(int n)
{
    size_t m = (size_t)n + 2;
    return ALIGN8(m * sizeof(uint64_t)) * 2            /* lset, rset */
         + ALIGN8(m * sizeof(int)) * 7                 /* stack, head, label, lc1, lc2, rc1, rc2 */
         + ALIGN8(m) * 2;                              /* nl, nr */
}

void kh_ts_init(kh_tstate *st, int n, void *mem)
{
    size_t m = (size_t)n + 2;
    char *p = mem;
    memset(mem, 0, kh_ts_bytes(n));
    st->lset = (uint64_t *)p; p += ALIGN8(m * sizeof(uint64_t));
    st->rset = (uint64_t *)p; p += ALIGN8(m * sizeof(uint64_t));
    int **ints[7] = {&st->stack, &st->head, &st->label, &st->lc1, &st->lc2, &st->rc1, &st->rc2};
    for (int i = 0; i < 7; i++) {
        *ints[i] = (int *)p;
        p += ALIGN8(m * sizeof(int));
    }
    st->nl = (uint8_t *)p; p += ALIGN8(m);
    st->nr = (uint8_t *)p;
    for (int i = 0; i <= n; i++)
        st->head[i] = st->label[i] = -1;
    st->n = n;
    st->stack[0] = 0;
    st->sp = 1;
    st->b = 1;
}

int kh_ts_done(const kh_tstate *st)
{
    return st->b > st->n && st->sp == 1;
}

int kh_ts_can(const kh_tstate *st, int move)
{
    int buf = st->b <= st->n;
    switch (move) {
    case KH_T_SHIFT:
        return buf;
    case KH_T_LEFT:
        return buf && st->sp >= 2;
    case KH_T_RIGHT:
        if (st->sp < 2)
            return 0;
        /* the root takes its one dependent last */
        return st->stack[st->sp - 2] != 0 || (!buf && st->sp == 2);
    }
    return 0;
}

static void add_arc(kh_tstate *st, int h, int d, int label)
{
    st->head[d] = h;
    st->label[d] = label;
    uint64_t bit = label >= 0 ? 1ULL << (label & 63) : 0;
    if (d < h) {
        /* dependents arrive left to right is not guaranteed: keep the two outermost */
        if (st->lc1[h] == 0 || d < st->lc1[h]) {
            st->lc2[h] = st->lc1[h];
            st->lc1[h] = d;
        } else if (st->lc2[h] == 0 || d < st->lc2[h]) {
            st->lc2[h] = d;
        }
        if (st->nl[h] < 255)
            st->nl[h]++;
        st->lset[h] |= bit;
    } else {
        if (st->rc1[h] == 0 || d > st->rc1[h]) {
            st->rc2[h] = st->rc1[h];
            st->rc1[h] = d;
        } else if (st->rc2[h] == 0 || d > st->rc2[h]) {
            st->rc2[h] = d;
        }
        if (st->nr[h] < 255)
            st->nr[h]++;
        st->rset[h] |= bit;
    }
}

void kh_ts_apply(kh_tstate *st, int move, int label)
{
    switch (move) {
    case KH_T_SHIFT:
        st->stack[st->sp++] = st->b++;
        break;
    case KH_T_LEFT:
        add_arc(st, st->b, st->stack[st->sp - 1], label);
        st->sp--;
        break;
    case KH_T_RIGHT:
        add_arc(st, st->stack[st->sp - 2], st->stack[st->sp - 1], label);
        st->sp--;
        break;
    }
}

/* Gold dependents of w still in the buffer (they can no longer attach to w once w is popped). */
static int deps_in_buffer(const kh_tstate *st, int w, const int *gold)
{
    int c = 0;
    for (int k = st->b; k <= st->n; k++)
        c += gold[k] == w;
    return c;
}

int kh_ts_cost(const kh_tstate *st, int move, const int *gold)
{
    int s0 = st->stack[st->sp - 1];   /* the root when the stack holds nothing else */
    int s1 = st->sp >= 2 ? st->stack[st->sp - 2] : -1;
    int b = st->b;
    int c = 0;
    switch (move) {
    case KH_T_SHIFT: {
        /* b loses a head or dependent anywhere on the stack below s0; a dependent s0 too */
        for (int i = 0; i < st->sp; i++) {
            int k = st->stack[i];
            if (gold[b] == k && k != s0)
                c++;
            if (k != 0 && gold[k] == b)
                c++;
        }
        return c;
    }
    case KH_T_LEFT:
        c = deps_in_buffer(st, s0, gold);
        if (gold[s0] != b && (gold[s0] == s1 || gold[s0] > b))
            c++;
        return c;
    case KH_T_RIGHT:
        c = deps_in_buffer(st, s0, gold);
        if (gold[s0] >= b)
            c++;
        return c;
    }
    return 1 << 20;
}

int kh_ts_static(const kh_tstate *st, const int *gold)
{
    if (st->sp >= 2) {
        int s0 = st->stack[st->sp - 1];
        if (st->b <= st->n && gold[s0] == st->b)
            return KH_T_LEFT;
        if (gold[s0] == st->stack[st->sp - 2] && kh_ts_can(st, KH_T_RIGHT)
            && deps_in_buffer(st, s0, gold) == 0)
            return KH_T_RIGHT;
    }
    return st->b <= st->n ? KH_T_SHIFT : KH_T_RIGHT;
}

int kh_tree_projective(int n, const int *heads)
{
    for (int d = 1; d <= n; d++) {
        int h = heads[d];
        int lo = h < d ? h : d, hi = h < d ? d : h;
        for (int k = lo + 1; k < hi; k++) {
            /* k must be a descendant of h */
            int a = k, steps = 0;
            while (a != h && a != 0 && steps++ <= n)
                a = heads[a];
            if (a != h)
                return 0;
        }
    }
    return 1;
}
