/* evalud.h - scoring a system's CoNLL-U against gold, like the CoNLL 2018 script.
 *
 * Gold and system are aligned by characters (whitespace removed), so a system that
 * tokenised raw text itself is scored fairly: tokens and sentences match when their
 * character spans match, words when their token span and position inside it match.
 * Word-level scores are F1 over aligned words (2 * correct / (gold + system words)),
 * which is plain accuracy when the tokenisation is the gold one. As in the CoNLL
 * 2018 script, LAS compares the universal part of DEPREL (before ':'); LAS-full
 * compares the whole label. */
#ifndef KH_EVALUD_H
#define KH_EVALUD_H

#include <stdio.h>
#include "diag.h"
#include "doc.h"

enum {
    KH_UD_TOKENS, KH_UD_SENTENCES, KH_UD_WORDS, KH_UD_UPOS, KH_UD_XPOS, KH_UD_UFEATS,
    KH_UD_LEMMA, KH_UD_UAS, KH_UD_LAS, KH_UD_LASFULL, KH_UD_NMETRICS
};

typedef struct kh_ud_scores {
    double f1[KH_UD_NMETRICS];   /* percentages */
    long gold_words, sys_words, aligned_words;
} kh_ud_scores;

/* Name of metric i as printed ("UPOS", "LAS", ...); kh_ud_metric_find: -1 when unknown. */
const char *kh_ud_metric_name(int i);
int kh_ud_metric_find(const char *name);

/* Scores sys against gold. Returns 0, or -1 when the two texts differ (err says
 * where) or memory runs out. */
int kh_evalud(const kh_doc *gold, const kh_doc *sys, kh_ud_scores *out, char *err, size_t errlen);

/* Prints one "NAME VALUE" line per metric, two decimals. */
void kh_evalud_print(FILE *f, const kh_ud_scores *s);

#endif
