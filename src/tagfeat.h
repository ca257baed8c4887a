/* tagfeat.h - what the tagger looks at: a string map for its lexicons, and the hashed
 * features of a word in its sentence (form, affixes, shape, context, previous tags).
 *
 * Features are computed in two steps so that a sentence costs little: the parts that
 * depend on one word only (hash of the lowercased form, affixes, shape, flags) are
 * computed once per word (kh_tagfeat_word), then each position combines its own and
 * its neighbours' parts with the tags already predicted on its left. */
#ifndef KH_TAGFEAT_H
#define KH_TAGFEAT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "doc.h"

/* ---- string -> dense index map ----
 * Ids are dense, in the order the keys were first put. The map keeps each key once,
 * in a record of rec[]; keys[id] points at its bytes (NUL-terminated) and lens[id] is
 * its length, for callers that walk the keys. keys[] is valid until the next put or
 * kh_wordmap_free (a put may move the records), so a key of the map is not passed to
 * put as a new key. The look-ups read only slots[] and rec[], so that a probe that
 * meets another key seldom leaves the slot array and a hit reads one more cache line:
 * slot = upper 32 bits of the key's hash << 32 | position in rec + 1, and rec holds at
 * that position the key's length, its id, its bytes and a NUL (a record of up to 64
 * bytes never straddles a cache line). */
typedef struct kh_wordmap {
    uint64_t *slots;      /* 0 = empty */
    uint32_t mask;
    const char **keys;    /* [id] -> the key's bytes in rec */
    uint32_t *lens;
    int32_t n, cap;
    uint32_t *rec;        /* 64-byte aligned; records of 4-byte words: len, id, bytes, NUL */
    size_t nrec, caprec;  /* words used, allocated */
    void *recmem;         /* the allocation rec lies in */
} kh_wordmap;

int     kh_wordmap_init(kh_wordmap *m);      /* 0, or -1 out of memory */
int32_t kh_wordmap_get(const kh_wordmap *m, const char *s, size_t n);   /* -1: absent */
int32_t kh_wordmap_put(kh_wordmap *m, const char *s, size_t n);         /* -1: out of memory */
/* Room for n keys, slots sized at once (a map filled from a count it knows is hashed
 * once, not at every doubling); -1: out of memory. */
int     kh_wordmap_reserve(kh_wordmap *m, int32_t n);
void    kh_wordmap_free(kh_wordmap *m);                    /* keys[] goes with it */
/* How many lines of text[0..n) start with each byte: model sections whose lines start
 * with a kind letter size their maps from it once (kh_wordmap_reserve). */
void    kh_wordmap_line_kinds(const char *text, size_t n, int32_t count[256]);
/* The map's hash of s[0..n). A caller that knows its next key early hashes it, asks
 * for its slot's cache line (kh_wordmap_prefetch) and looks it up later with the hash
 * (kh_wordmap_get_hashed): the miss is then paid while it does other work. */
uint64_t kh_wordmap_hash(const char *s, size_t n);
int32_t  kh_wordmap_get_hashed(const kh_wordmap *m, const char *s, size_t n, uint64_t h);
static inline void kh_wordmap_prefetch(const kh_wordmap *m, uint64_t h)
{
    if (m->slots)
        __builtin_prefetch(m->slots + ((uint32_t)h & m->mask));
}

/* ---- per-word parts ---- */
#define KH_TAGFEAT_MAX 80   /* features per position, at most */

typedef struct kh_tagfeat_word {
    uint64_t w;           /* lowercased form */
    uint64_t pre[3];      /* prefixes of 1..3 characters (bytes of the lowercased form) */
    uint64_t suf[4];      /* suffixes of 1..4 */
    uint64_t shape;       /* collapsed shape: "Kurdistan24" -> "Xxd" */
    uint32_t flags;       /* KH_TF_* */
    uint32_t amb;         /* the word's ambiguity class (set by the tagger; 0: unknown word) */
    uint32_t cluster;     /* distributional class (set by the tagger; 0: none) */
    uint32_t wn;          /* WordNet mask, KH_WN_* (set by the tagger; 0: no WordNet) */
    int32_t tag1;         /* first-pass tag for the right context (-1: none) */
} kh_tagfeat_word;

enum {
    KH_TF_UPPER1 = 1,     /* first letter upper case */
    KH_TF_ALLUPPER = 2,   /* all letters upper case (and more than one) */
    KH_TF_DIGIT = 4,
    KH_TF_HYPHEN = 8,
    KH_TF_ALLDIGIT = 16,  /* digits and , . only */
    KH_TF_NOLETTER = 32,
    KH_TF_NONASCII = 64,
    KH_TF_PERIOD = 128,
};

/* Lowercases (ASCII) form into out (capacity cap); returns the length written. */
size_t kh_tagfeat_lower(const char *form, char *out, size_t cap);
/* Fills the one-word parts of form (amb, cluster and tag1 are left 0/0/-1). */
void kh_tagfeat_prepare(const char *form, kh_tagfeat_word *out);
/* The same for a caller that has already lowercased form: low and n must be what
 * kh_tagfeat_lower(form, low, 128) gives. */
void kh_tagfeat_prepare_lower(const char *form, const char *low, size_t n, kh_tagfeat_word *out);
/* The features of position i of words[0..n-1]; t1, t2 are the predicted tags of i-1 and
 * i-2 (-1 before the sentence). Returns the number written to out (<= KH_TAGFEAT_MAX).
 * second: also use the first-pass tags of the right context (words[i+1..].tag1).
 * The keys come in template order, the order training has always seen (it decides the
 * layout of a trained blob); scoring, which only sums, uses the cheaper order of
 * kh_tagfeat_extract_split. */
int kh_tagfeat_extract(const kh_tagfeat_word *words, int n, int i, int t1, int t2,
                       int second, uint64_t *out);
/* The two parts of kh_tagfeat_extract (which is the one then the other): the features
 * of the words alone, the same in both passes (at most KH_TAGFEAT_STATIC), and those of
 * the predicted tags. */
#define KH_TAGFEAT_STATIC 48
int kh_tagfeat_static(const kh_tagfeat_word *words, int n, int i, uint64_t *out);
int kh_tagfeat_dynamic(const kh_tagfeat_word *words, int n, int i, int t1, int t2,
                       int second, uint64_t *out);
/* kh_tagfeat_extract in one go, saying where the static part lies: the keys
 * out[0..split[0]) and out[split[1]..split[1]+split[2]) are kh_tagfeat_static's. */
int kh_tagfeat_extract_split(const kh_tagfeat_word *words, int n, int i, int t1, int t2,
                             int second, uint64_t *out, int split[3]);

/* Distributional word classes of the (lowercased) words of docs that occur often
 * enough: k-means over their neighbours' counts. Appends "word<TAB>class" lines
 * (classes 1..k) to out. Returns 0, or -1 when out of memory or too few words. */
int kh_tagfeat_build_clusters(const kh_doc *const *docs, int ndocs, int k, kh_buf *out);

#endif
