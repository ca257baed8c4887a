/* wordnet.c - parts of speech of word forms from WordNet's index files (see wordnet.h).
 *
 * Only the first field of each index line (the lemma) is read, and the exception
 * lists' "form base..." pairs. Inflected forms are recognised with WordNet's own
 * detachment rules (the ones its morphy() uses: "-ies" -> "-y", "-ed" -> "", ...),
 * plus the doubled consonant of "stopped" and "planning", which morphy leaves to the
 * exception lists. */
#include "wordnet.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tagfeat.h"

#define WN_MAXLEN 64   /* longer forms are not looked up */

struct kh_wordnet {
    kh_wordmap map;     /* lowercased lemma or exception form -> index */
    uint16_t *mask;     /* per index: KH_WN_* bits */
    int32_t cap;
    long nlemmas;
};

static const char *const wn_pos_name[4] = { "noun", "verb", "adj", "adv" };
static const uint16_t wn_pos_bit[4] = { KH_WN_NOUN, KH_WN_VERB, KH_WN_ADJ, KH_WN_ADV };
static const uint16_t wn_exc_bit[4] = { KH_WN_PLURAL, KH_WN_VERB_ED, KH_WN_COMPARE, KH_WN_COMPARE };

const char *kh_wordnet_default_dir(void)
{
    const char *d = getenv("KH_WORDNET");
    return d && *d ? d : "/usr/share/wordnet";
}

void kh_wordnet_free(kh_wordnet *wn)
{
    if (!wn)
        return;
    kh_wordmap_free(&wn->map);
    free(wn->mask);
    free(wn);
}

long kh_wordnet_size(const kh_wordnet *wn)
{
    return wn ? wn->nlemmas : 0;
}

/* Adds bits to the entry of s (created when absent). */
static int wn_add(kh_wordnet *wn, const char *s, size_t n, uint16_t bits)
{
    int32_t id = kh_wordmap_put(&wn->map, s, n);
    if (id < 0)
        return -1;
    if (id >= wn->cap) {
        int32_t nc = wn->cap ? wn->cap * 2 : 65536;
        uint16_t *m = realloc(wn->mask, (size_t)nc * sizeof *m);
        if (!m)
            return -1;
        memset(m + wn->cap, 0, (size_t)(nc - wn->cap) * sizeof *m);
        wn->mask = m;
        wn->cap = nc;
    }
    wn->mask[id] |= bits;
    return 0;
}

static uint16_t wn_get(const kh_wordnet *wn, const char *s, size_t n)
{
    int32_t id = kh_wordmap_get(&wn->map, s, n);
    return id >= 0 ? wn->mask[id] : 0;
}

/* The whole file, NUL-terminated; NULL with the reason in err. */
static char *wn_slurp(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0, n = 0;
    struct stat st;
    /* the file's size and a page more: read at once, the buffer neither regrown nor copied */
    size_t first = fstat(fileno(f), &st) == 0 && st.st_size > 0 && (uintmax_t)st.st_size < SIZE_MAX / 2
                       ? (size_t)st.st_size + 65536 : (size_t)1 << 20;
    for (;;) {
        if (cap - n < 65536) {
            size_t nc = cap ? cap * 2 : first;
            char *b = realloc(buf, nc + 1);
            if (!b) {
                snprintf(err, errlen, "%s: out of memory", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
            cap = nc;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "%s: read error", path);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* One of the eight files: index.POS (lemmas) or POS.exc (inflected forms). */
typedef struct wn_file {
    char *text;   /* the whole file, NUL-terminated */
    size_t len;
    long lines;
} wn_file;

#define WN_FILES 8

/* File k's path: index.noun, noun.exc, index.verb, ... */
static void wn_path(char *path, size_t cap, const char *dir, int k)
{
    if (k % 2 == 0)
        snprintf(path, cap, "%s/index.%s", dir, wn_pos_name[k / 2]);
    else
        snprintf(path, cap, "%s/%s.exc", dir, wn_pos_name[k / 2]);
}

/* Reads file k and counts its lines; -1 with the reason in err. */
static int wn_load(wn_file *fl, const char *dir, int k, char *err, size_t errlen)
{
    char path[4096];
    wn_path(path, sizeof path, dir, k);
    fl->text = wn_slurp(path, &fl->len, err, errlen);
    if (!fl->text)
        return -1;
    const char *text = fl->text, *nul = memchr(text, '\0', fl->len);
    if (nul) {
        long at = 1;
        for (const char *q = text; q < nul; q++)
            at += *q == '\n';
        snprintf(err, errlen, "%s:%ld: a NUL byte (binary data, not a WordNet file)", path, at);
        return -1;
    }
    fl->lines = 0;
    for (const char *q = text; (q = memchr(q, '\n', fl->len - (size_t)(q - text))); q++)
        fl->lines++;
    return 0;
}

/* Lemmas with a space-free first field of at most WN_MAXLEN bytes, lowercased (the
 * index is lowercase already; the exception files are too), from file k. */
static int wn_read(kh_wordnet *wn, const char *dir, int k, char *text, char *err, size_t errlen)
{
    int pos = k / 2, exc = k % 2;
    char path[4096];
    wn_path(path, sizeof path, dir, k);
    int rc = 0;
    long lineno = 0, nread = 0;
    for (char *p = text; *p && rc == 0;) {
        char *nl = strchr(p, '\n');
        char *end = nl ? nl : p + strlen(p);
        lineno++;
        if (*p != ' ' && end > p) {            /* the licence header lines start with spaces */
            char *sp = memchr(p, ' ', (size_t)(end - p));
            if (!sp) {
                snprintf(err, errlen, "%s:%ld: a line without fields", path, lineno);
                rc = -1;
                break;
            }
            size_t n = (size_t)(sp - p);
            if (n <= WN_MAXLEN) {
                if (!exc) {
                    rc = wn_add(wn, p, n, wn_pos_bit[pos]);
                    nread++;
                } else {
                    rc = wn_add(wn, p, n, wn_exc_bit[pos]);
                }
                if (rc < 0)
                    snprintf(err, errlen, "%s: out of memory", path);
            }
        }
        p = nl ? nl + 1 : end;
    }
    if (rc == 0 && !exc && nread == 0) {
        snprintf(err, errlen, "%s: no lemmas (not a WordNet index file?)", path);
        rc = -1;
    }
    wn->nlemmas += nread;
    return rc;
}

/* Reads the eight files: all of them first, so that the map and the masks are sized
 * once from their lines (not rehashed and copied as they fill), then their entries. */
static int wn_read_all(kh_wordnet *wn, const char *dir, char *err, size_t errlen)
{
    wn_file fl[WN_FILES] = {{0}};
    long lines = 0;
    int rc = 0;
    for (int k = 0; k < WN_FILES && rc == 0; k++) {
        rc = wn_load(&fl[k], dir, k, err, errlen);
        lines += fl[k].lines;
    }
    if (rc == 0 && lines >= INT32_MAX / 2) {
        snprintf(err, errlen, "WordNet: too many lines");
        rc = -1;
    }
    if (rc == 0) {
        wn->cap = (int32_t)lines + 1;
        wn->mask = calloc((size_t)wn->cap, sizeof *wn->mask);
        if (!wn->mask || kh_wordmap_reserve(&wn->map, (int32_t)lines + 1) < 0) {
            snprintf(err, errlen, "WordNet: out of memory");
            rc = -1;
        }
    }
    for (int k = 0; k < WN_FILES; k++) {
        if (rc == 0)
            rc = wn_read(wn, dir, k, fl[k].text, err, errlen);
        free(fl[k].text);
    }
    return rc;
}

kh_wordnet *kh_wordnet_open(const char *dir, char *err, size_t errlen)
{
    if (!dir)
        dir = kh_wordnet_default_dir();
    kh_wordnet *wn = calloc(1, sizeof *wn);
    if (!wn) {
        snprintf(err, errlen, "WordNet: out of memory");
        return NULL;
    }
    if (kh_wordmap_init(&wn->map) < 0) {
        snprintf(err, errlen, "WordNet: out of memory");
        kh_wordnet_free(wn);
        return NULL;
    }
    if (wn_read_all(wn, dir, err, errlen) < 0) {
        kh_wordnet_free(wn);
        return NULL;
    }
    return wn;
}

/* ---- lookup ---- */

typedef struct wn_rule {
    const char *suffix;
    const char *repl;
    uint8_t sl, rl;     /* their lengths (the rules run for every unknown word) */
    uint16_t need;      /* the base must be a lemma of this part of speech */
    uint16_t give;      /* bit the form gets */
} wn_rule;

#define R(suf, rep, need, give) { suf, rep, sizeof suf - 1, sizeof rep - 1, need, give }
static const wn_rule wn_rules[] = {
    R("s", "", KH_WN_NOUN, KH_WN_PLURAL),    R("ses", "s", KH_WN_NOUN, KH_WN_PLURAL),
    R("xes", "x", KH_WN_NOUN, KH_WN_PLURAL), R("zes", "z", KH_WN_NOUN, KH_WN_PLURAL),
    R("ches", "ch", KH_WN_NOUN, KH_WN_PLURAL), R("shes", "sh", KH_WN_NOUN, KH_WN_PLURAL),
    R("men", "man", KH_WN_NOUN, KH_WN_PLURAL), R("ies", "y", KH_WN_NOUN, KH_WN_PLURAL),
    R("s", "", KH_WN_VERB, KH_WN_VERB_S),    R("ies", "y", KH_WN_VERB, KH_WN_VERB_S),
    R("es", "e", KH_WN_VERB, KH_WN_VERB_S),  R("es", "", KH_WN_VERB, KH_WN_VERB_S),
    R("ed", "e", KH_WN_VERB, KH_WN_VERB_ED), R("ed", "", KH_WN_VERB, KH_WN_VERB_ED),
    R("ied", "y", KH_WN_VERB, KH_WN_VERB_ED),
    R("ing", "e", KH_WN_VERB, KH_WN_VERB_ING), R("ing", "", KH_WN_VERB, KH_WN_VERB_ING),
    R("er", "", KH_WN_ADJ, KH_WN_COMPARE),   R("est", "", KH_WN_ADJ, KH_WN_COMPARE),
    R("er", "e", KH_WN_ADJ, KH_WN_COMPARE),  R("est", "e", KH_WN_ADJ, KH_WN_COMPARE),
    R("ier", "y", KH_WN_ADJ, KH_WN_COMPARE), R("iest", "y", KH_WN_ADJ, KH_WN_COMPARE),
};
#undef R

/* The last sl bytes of w[0..n-1] are suf (n >= sl). */
static int ends_with(const char *w, size_t n, const char *suf, size_t sl)
{
    for (size_t i = 0; i < sl; i++)
        if (w[n - sl + i] != suf[i])
            return 0;
    return 1;
}

static int is_consonant(char c)
{
    return c >= 'a' && c <= 'z' && !strchr("aeiouy", c);
}

/* Bits of the inflection rules whose base is a lemma of the needed part of speech. */
static uint16_t wn_inflections(const kh_wordnet *wn, const char *w, size_t n)
{
    uint16_t bits = 0;
    char base[WN_MAXLEN + 8];
    for (size_t r = 0; r < sizeof wn_rules / sizeof wn_rules[0]; r++) {
        const wn_rule *ru = &wn_rules[r];
        if (bits & ru->give)
            continue;
        size_t sl = ru->sl, rl = ru->rl;
        if (n < sl + 2 || !ends_with(w, n, ru->suffix, sl))
            continue;
        size_t bn = n - sl;
        memcpy(base, w, bn);
        memcpy(base + bn, ru->repl, rl);
        if (wn_get(wn, base, bn + rl) & ru->need) {
            bits |= ru->give;
            continue;
        }
        /* "stopped", "planning", "bigger": the doubled consonant is not in the lemma */
        if (rl == 0 && bn >= 3 && base[bn - 1] == base[bn - 2] && is_consonant(base[bn - 1]) &&
            (wn_get(wn, base, bn - 1) & ru->need))
            bits |= ru->give;
    }
    return bits;
}

static uint16_t wn_whole(const kh_wordnet *wn, const char *w, size_t n)
{
    return (uint16_t)(wn_get(wn, w, n) | wn_inflections(wn, w, n));
}

uint32_t kh_wordnet_mask(const kh_wordnet *wn, const char *form, size_t n)
{
    if (!wn)
        return 0;
    if (n == 0 || n > WN_MAXLEN)
        return KH_WN_LOOKED;
    char low[WN_MAXLEN + 1];
    for (size_t i = 0; i < n; i++) {
        char c = form[i];
        low[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    low[n] = '\0';
    uint32_t bits = wn_whole(wn, low, n);
    if (!bits) {
        /* WordNet writes multi-word lemmas with '_' and some compounds with '-':
         * "long-term" is a lemma, "Kurdish-led" is judged by "led" */
        const char *h = strrchr(low, '-');
        if (h && h > low && h[1]) {
            size_t tn = n - (size_t)(h + 1 - low);
            uint32_t tail = wn_whole(wn, h + 1, tn);
            if (tail)
                bits = tail | KH_WN_HYPHEN;
        }
    }
    return bits | KH_WN_LOOKED;
}
