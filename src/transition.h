/* transition.h - the arc-hybrid transition system and its oracles.
 *
 * A configuration is a stack (word 0, the root, at the bottom), a buffer that is
 * always the suffix b..n of the sentence, and the arcs built so far. Moves:
 *   SHIFT       push b, advance b
 *   LEFT(l)     pop s0, arc b -> s0 labelled l
 *   RIGHT(l)    pop s0, arc s1 -> s0 labelled l
 * RIGHT with s1 = root is allowed only as the very last move (buffer empty, one word
 * left on the stack), so every parse has exactly one root, as UD requires.
 *
 * Oracles: a static one (reproduces any projective gold tree) and the dynamic
 * arc-hybrid oracle of Goldberg & Nivre (2013): kh_ts_cost counts the gold arcs a
 * move makes unreachable. For non-projective gold trees the same count is used; the
 * best-cost move then keeps the most gold arcs that a projective parse can have. */
#ifndef KH_TRANSITION_H
#define KH_TRANSITION_H

#include <stddef.h>
#include <stdint.h>

enum { KH_T_SHIFT = 0, KH_T_LEFT = 1, KH_T_RIGHT = 2 };

/* Classes of the classifier: 0 = SHIFT, 1 + 2*label = LEFT(label), 2 + 2*label = RIGHT(label). */
#define KH_T_CLASS(move, label) ((move) == KH_T_SHIFT ? 0 : 1 + 2 * (label) + ((move) == KH_T_RIGHT))
#define KH_T_MOVE(cls)  ((cls) == 0 ? KH_T_SHIFT : (((cls) - 1) & 1) ? KH_T_RIGHT : KH_T_LEFT)
#define KH_T_LABEL(cls) ((cls) == 0 ? -1 : ((cls) - 1) >> 1)

typedef struct kh_tstate {
    int n;            /* words 1..n; 0 is the root */
    int *stack;       /* stack[0] = 0 (root) .. stack[sp-1] = s0 */
    int sp;
    int b;            /* buffer = b..n; b == n + 1: empty */
    int *head;        /* [0..n]: -1 until attached */
    int *label;       /* [0..n]: label id of the arc to the word, -1 until attached */
    int *lc1, *lc2;   /* leftmost and second leftmost child, 0 = none */
    int *rc1, *rc2;   /* rightmost and second rightmost child, 0 = none */
    uint8_t *nl, *nr; /* number of left / right children (saturating) */
    uint64_t *lset, *rset; /* label sets of left / right children (bit label % 64) */
} kh_tstate;

/* Bytes of memory kh_ts_init needs for a sentence of n words. */
size_t kh_ts_bytes(int n);
/* Initial configuration over n words in mem (kh_ts_bytes(n) bytes, 8-byte aligned). */
void kh_ts_init(kh_tstate *st, int n, void *mem);
int  kh_ts_done(const kh_tstate *st);
/* 1 when move is allowed in st. */
int  kh_ts_can(const kh_tstate *st, int move);
/* Applies an allowed move (label ignored for SHIFT). */
void kh_ts_apply(kh_tstate *st, int move, int label);

/* Dynamic oracle: gold arcs lost by move (unlabelled). gold[1..n] are gold heads. */
int  kh_ts_cost(const kh_tstate *st, int move, const int *gold);
/* Static oracle for a projective tree: LEFT if s0's head is b, RIGHT if it is s1
 * and s0 has no dependent left in the buffer, else SHIFT. */
int  kh_ts_static(const kh_tstate *st, const int *gold);

/* 1 when heads[1..n] form a projective tree (every arc's span is dominated by its head). */
int  kh_tree_projective(int n, const int *heads);

#endif
