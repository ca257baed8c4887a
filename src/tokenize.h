/* tokenize.h - tokenisation of raw text to UD English EWT conventions.
 *
 * The tokenizer scans UTF-8 text once and produces surface tokens with byte spans
 * into the text. A token may hold several syntactic words (a multiword token, as
 * EWT does for clitics: "don't" = do + n't, "Iraq's" = Iraq + 's, "cannot" =
 * can + not, "gonna" = gon + na); the cut points are kept in the token. Hyphenated
 * compounds are split as EWT splits them ("search-engine" -> search - engine)
 * except after prefixes ("e-mail", "non-state", "post-war") and in number chains
 * ("713-853-3989"). The sentence splitter reads the line-break counts kept here. */
#ifndef KH_TOKENIZE_H
#define KH_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

enum kh_tok_kind {
    KH_TOK_WORD = 0,   /* letters, possibly with digits, apostrophes, inner dots */
    KH_TOK_NUM,        /* starts with a digit: 2,500  4.5  10:30  9/11 */
    KH_TOK_ABBR,       /* a word that keeps its final period: U.S.  Mr.  a.m.  J. */
    KH_TOK_PUNCT,      /* one punctuation mark, or a run: ...  --  !!! */
    KH_TOK_SYM,        /* other symbols: $ % & + */
    KH_TOK_URL,
    KH_TOK_EMAIL,
    KH_TOK_MENTION,    /* @name */
    KH_TOK_HASHTAG,    /* #word */
    KH_TOK_EMOTICON    /* :) ;-) <3 */
};

typedef struct kh_tok {
    uint32_t start, end;   /* byte span in the text (end exclusive) */
    uint8_t nl;            /* line breaks in the whitespace before the token (capped at 2) */
    uint8_t space;         /* 1 when whitespace (or the start of the text) precedes it */
    uint8_t kind;          /* enum kh_tok_kind */
    uint8_t nwords;        /* 1, or 2..3 for a multiword token */
    uint8_t cut[2];        /* word boundaries of a multiword token, in bytes from start */
} kh_tok;

typedef struct kh_toks {
    kh_tok *v;
    size_t n, cap;
} kh_toks;

/* Tokenises s[0..n) (valid UTF-8) appending to out. Returns 0, or -1 when out of memory. */
int  kh_tokenize(const char *s, size_t n, kh_toks *out);
void kh_toks_free(kh_toks *t);

/* 1 when the word s[0..n) (no final period) is a known abbreviation that keeps its period
 * ("Mr", "Gen", "Jan", "Inc"); 2 when it keeps it only before a number ("No", "Nos");
 * 3 when it keeps it only inside a sentence ("etc"). */
int  kh_tok_abbrev(const char *s, size_t n);

#endif
