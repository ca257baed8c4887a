/* normalize.c - UTF-8 decoding, character classes and NFC (see normalize.h). */
#include "normalize.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int kh_utf8_decode(const char *s, size_t n, int32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0)
        return -1;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    int len;
    int32_t c, min;
    if ((u[0] & 0xE0) == 0xC0) { len = 2; c = u[0] & 0x1F; min = 0x80; }
    else if ((u[0] & 0xF0) == 0xE0) { len = 3; c = u[0] & 0x0F; min = 0x800; }
    else if ((u[0] & 0xF8) == 0xF0) { len = 4; c = u[0] & 0x07; min = 0x10000; }
    else return -1;
    if ((size_t)len > n)
        return -1;
    for (int i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return -1;
        c = (c << 6) | (u[i] & 0x3F);
    }
    /* Overlong forms, UTF-16 surrogates and values past U+10FFFF are invalid. */
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return -1;
    *cp = c;
    return len;
}

/* Classes of the ASCII code points, one load instead of a chain of tests: the
 * tokenizer classifies every byte of the input (issue 8). */
#define S KH_C_SPACE
#define N KH_C_NEWLINE
#define L KH_C_LETTER
#define D KH_C_DIGIT
#define A KH_C_APOS
#define Q KH_C_DQUOTE
#define H KH_C_DASH
#define O KH_C_OTHER
const unsigned char kh_norm_ascii_class[128] = {
    S, S, S, S, S, S, S, S, S, S, N, N, N, N, S, S,
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, O, Q, O, O, O, O, A, O, O, O, O, O, H, O, O,
    D, D, D, D, D, D, D, D, D, D, O, O, O, O, O, O,
    O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, O, O, O, O, O,
    A, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, O, O, O, O, S,
};
#undef S
#undef N
#undef L
#undef D
#undef A
#undef Q
#undef H
#undef O

int kh_norm_class(int32_t cp)
{
    if (cp < 0)
        return KH_C_SPACE;   /* as a control character */
    if (cp < 0x80)
        return kh_norm_ascii_class[cp];
    switch (cp) {
    case 0x2028: case 0x2029: case 0x85:
        return KH_C_NEWLINE;
    case 0xA0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
    case 0x200B: case 0x2060: case 0xFEFF: case 0x180E:
        return KH_C_SPACE;     /* no-break and zero-width spaces separate tokens */
    case 0x200C: case 0x200D: case 0xFE0F: case 0xFE0E:
        return KH_C_MARK;      /* joiners and variation selectors stay in the token */
    case 0xFFFD:
        return KH_C_LETTER;    /* a repaired byte stays inside its word */
    case 0x2018: case 0x2019: case 0x201B: case 0x2032: case 0xB4:
        return KH_C_APOS;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0xAB: case 0xBB:
    case 0x2033:
        return KH_C_DQUOTE;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212:
        return KH_C_DASH;
    default:
        break;
    }
    if (cp >= 0x2000 && cp <= 0x200A)
        return KH_C_SPACE;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return KH_C_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return KH_C_DIGIT;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return KH_C_MARK;
    case UTF8PROC_CATEGORY_ZS:
        return KH_C_SPACE;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return KH_C_NEWLINE;
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
        return KH_C_SPACE;
    default:
        return KH_C_OTHER;
    }
}

int kh_norm_is_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

int kh_norm_is_lower(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static int all_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

char *kh_norm_nfc(kh_arena *a, const char *s, size_t n)
{
    if (all_ascii(s, n))
        return kh_arena_strndup(a, s, n);
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r < 0)   /* not valid UTF-8 (cannot happen after the check): keep the bytes */
        return kh_arena_strndup(a, s, n);
    char *copy = kh_arena_strndup(a, (const char *)out, (size_t)r);
    free(out);
    return copy;
}
