/* normalize.h - UTF-8 decoding, character classes and normalisation helpers.
 *
 * The text layer never rewrites doc->text (offsets must point into the original
 * bytes); it classifies characters as it scans them (spaces, including no-break
 * and zero-width ones; quotes and apostrophes, straight or curly; dashes) and
 * normalises only word forms (NFC). Later stages match dictionaries on the
 * case-folded form from kh_text_casefold(). */
#ifndef KH_NORMALIZE_H
#define KH_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>
#include "arena.h"

/* Character classes returned by kh_norm_class(). */
enum kh_cclass {
    KH_C_OTHER = 0,   /* symbols and punctuation not listed below */
    KH_C_SPACE,       /* ASCII and Unicode spaces, no-break and zero-width spaces */
    KH_C_NEWLINE,     /* LF (CR, U+2028/2029 count as line ends too) */
    KH_C_LETTER,
    KH_C_DIGIT,
    KH_C_APOS,        /* ' ` U+2019 U+2018 (apostrophe or single quote) */
    KH_C_DQUOTE,      /* " U+201C U+201D U+201E U+00AB U+00BB */
    KH_C_DASH,        /* - U+2010..U+2015 U+2212 */
    KH_C_MARK         /* combining marks and joiners: stay inside a word */
};

/* Decodes one UTF-8 sequence at s (n bytes available). Returns its length (1..4) and
 * stores the code point, or returns -1 for an invalid or truncated sequence. */
int kh_utf8_decode(const char *s, size_t n, int32_t *cp);

/* Class of code point cp (enum kh_cclass). */
int kh_norm_class(int32_t cp);

/* kh_norm_class() of the ASCII code points (read-only). */
extern const unsigned char kh_norm_ascii_class[128];

/* kh_norm_class() with the ASCII case inline: the tokenizer asks for the class of
 * every character, nearly all of them ASCII. */
static inline int kh_norm_class_fast(int32_t cp)
{
    return (uint32_t)cp < 0x80 ? kh_norm_ascii_class[cp] : kh_norm_class(cp);
}

/* 1 when cp is an upper-case or title-case letter. */
int kh_norm_is_upper(int32_t cp);
/* 1 when cp is a lower-case letter. */
int kh_norm_is_lower(int32_t cp);

/* NFC form of s[0..n) in arena a (a plain copy when already ASCII). NULL: no memory. */
char *kh_norm_nfc(kh_arena *a, const char *s, size_t n);

#endif
