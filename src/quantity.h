/* quantity.h - amounts that events carry, as structured fields: money ("nearly
 * $550 million"), troops ("about 2,500 troops"), people ("1,200 prisoners"),
 * casualties ("killed 12 people", "at least 30 dead") and weapons ("24 fighter jets").
 *
 * Works on forms alone. A number counts only when its context says what it
 * counts (a currency, a casualty verb, a known noun); "in 2023", "on 12 March"
 * and vague plurals ("thousands of people") yield nothing. */
#ifndef KH_QUANTITY_H
#define KH_QUANTITY_H

#include <stddef.h>
#include <stdint.h>
#include "doc.h"

typedef enum kh_qty_kind {
    KH_QTY_MONEY = 0, KH_QTY_TROOPS, KH_QTY_PEOPLE, KH_QTY_CASUALTIES, KH_QTY_WEAPONS
} kh_qty_kind;

typedef struct kh_quantity {
    kh_qty_kind kind;
    double value;            /* 550000000 for "$550 million" */
    char unit[24];           /* money: ISO 4217 ("USD"); casualties: "killed", "dead",
                                "wounded" or "injured"; others: the counted noun ("troops") */
    uint8_t approx;          /* "about", "nearly", "at least", "up to", "an estimated"... */
    int8_t bound;            /* +1: a lower bound ("at least", "more than"); -1: an upper
                                bound ("up to", "nearly", "fewer than"); 0: none */
    int32_t first, last;     /* word span of the number and its unit (0-based, inclusive) */
} kh_quantity;

const char *kh_qty_kind_name(kh_qty_kind k);   /* "money", "troops", "people", "casualties", "weapons" */

/* The quantities of s in word order; at most max written; returns how many. */
int kh_quantity_find(const kh_sentence *s, kh_quantity *out, int max);

/* "money 550000000 USD 1": kind, value, unit, approx; for tests and TSV output. */
int kh_quantity_format(const kh_quantity *q, char *buf, size_t n);

#endif
