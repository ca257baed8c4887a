/* text.h - the text layer's entry points: UTF-8 checking and normalisation,
 * sentence segmentation and tokenisation to UD English conventions.
 *
 * kh_text_process() takes doc->text as read and fills doc->sents: each sentence
 * with its words (form, byte offsets into doc->text, space_after) and multiword
 * tokens for clitics ("Iraq's" -> Iraq + 's, "don't" -> do + n't), as in UD EWT. */
#ifndef KH_TEXT_H
#define KH_TEXT_H

#include <stddef.h>
#include "diag.h"
#include "doc.h"

typedef struct kh_text_opts {
    int lenient_utf8;   /* replace invalid sequences with U+FFFD instead of rejecting */
    int max_doc_bytes;  /* 0: no limit */
} kh_text_opts;

/* Returns the byte offset of the first invalid UTF-8 sequence, or -1 when valid. */
long kh_utf8_check(const char *s, size_t n);

/* Copy of s[0..n) in arena a with every invalid UTF-8 sequence replaced by U+FFFD;
 * *nrepl receives the number of replacements (may be NULL), *outlen the new length. */
char *kh_utf8_repair(kh_arena *a, const char *s, size_t n, size_t *outlen, long *nrepl);

/* Case-folded NFC copy of s[0..n) in arena a, with curly apostrophes and quotes
 * mapped to ' and " and Unicode dashes to '-', for dictionary matching in later
 * stages ("Iraq’s" and "IRAQ'S" fold alike). NULL when out of memory. */
char *kh_text_casefold(kh_arena *a, const char *s, size_t n);

/* Checks doc->text (rejects with "FILE:LINE: invalid UTF-8 at byte N of document ID",
 * or repairs it when lenient), then segments and tokenises. Returns 0, or -1 when
 * the document was rejected (reported to diag) or memory ran out. */
int kh_text_process(kh_doc *doc, const kh_text_opts *opts, kh_diag *diag);
/* In lenient mode a repaired copy replaces doc->text (and doc->text_len), so word
 * offsets point into the text with U+FFFD in place of the bad bytes; a warning
 * names the document, the count and the first offset. Sentences get their text
 * (a copy of their span), words their NFC form, offsets and space_after (and
 * misc "SpaceAfter=No" for CoNLL-U output); multiword tokens are listed in mwts. */

#endif
