/* segment.h - sentence segmentation of news English over a token stream.
 *
 * Rules, in order of strength:
 *  - a blank line always ends a sentence;
 *  - a single line break ends one too (headlines, bylines, captions, signatures),
 *    unless the line looks hard-wrapped: 50 bytes or longer, not ending in final
 *    punctuation, and followed by a lower-case word or ending in a comma, a
 *    hyphen or an open bracket;
 *  - . ! ? and runs of them end a sentence, with any closing quotes and brackets
 *    that follow, unless more punctuation or an emoticon follows, or a lower-case
 *    word follows a closing quote ("a big "Welcome!" to ...") or an ellipsis;
 *  - a word that kept its period ("U.S.", "Inc.", "a.m.") ends one only when a
 *    typical sentence opener follows ("in the U.S. The ..."); titles ("Mr.",
 *    "Maj. Gen."), initials ("Lloyd J. Austin") and "No. 2" / "Jan. 5" never do;
 *  - a few boundaries without punctuation that EWT's web and e-mail text shows:
 *    a URL or address before a capitalised word, "12:05 PM Thanks", a closing ">".
 * Datelines are sentences of their own: at the start of a paragraph, upper-case
 * place names, an optional "(Agency)" and a dash ("WASHINGTON, D.C. —",
 * "ERBIL (Kurdistan24) –"; an ASCII hyphen only with an agency) end a sentence,
 * so that the parser never takes the place for the subject of the first clause;
 * the location stage can read it from there. EWT treats "TEHRAN (AFP) -" alike.
 */
#ifndef KH_SEGMENT_H
#define KH_SEGMENT_H

#include <stddef.h>
#include <stdint.h>
#include "tokenize.h"

/* Sets brk[i] = 1 when token i begins a sentence (brk[0] = 1 when nt > 0). */
void kh_segment(const char *s, size_t n, const kh_tok *t, size_t nt, uint8_t *brk);

#endif
