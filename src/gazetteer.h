/* gazetteer.h - names of places with their country and a point: countries and
 * subdivisions from iso-codes, cities from GeoNames (through libgeonames; both
 * Debian packages, turned into data/gazetteer/geo.tsv.gz by scripts/gen_gazetteer.sh)
 * and our own notable sites, regions and country points (data/gazetteer/places.tsv).
 *
 * Loaded once, then read-only: any number of threads may look names up at once. */
#ifndef KH_GAZETTEER_H
#define KH_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"

typedef enum kh_gaz_kind {
    KH_GAZ_COUNTRY = 0, KH_GAZ_SUBDIVISION, KH_GAZ_REGION, KH_GAZ_CITY, KH_GAZ_SITE
} kh_gaz_kind;

typedef struct kh_gaz_entry {
    const char *name;        /* display name, e.g. "Baghdad", "Gaza Strip", "Syria" */
    const char *aliases;     /* other names separated by '|', "" when none */
    const char *country;     /* ISO 3166 alpha-3 ("XKX" for Kosovo) */
    const char *admin;       /* state or ISO 3166-2 code, "" when none */
    double lat, lon;
    uint32_t population;     /* cities; 0 when unknown */
    uint8_t kind;            /* enum kh_gaz_kind */
    uint8_t has_latlon;
} kh_gaz_entry;

typedef struct kh_gazetteer kh_gazetteer;

/* Loads DIR/geo.tsv.gz (or geo.tsv) and DIR/places.tsv; either may be absent but
 * not both. Bad lines are reported as FILE:LINE through diag and skipped. Returns
 * NULL (reported) when nothing could be loaded or memory ran out. */
kh_gazetteer *kh_gazetteer_load(const char *dir, kh_diag *diag);
void kh_gazetteer_free(kh_gazetteer *g);
size_t kh_gazetteer_size(const kh_gazetteer *g);

/* Entries named `name` (any case, accents, hyphens or a leading Arabic article
 * "al-" ignored), at most max written to out; returns how many there are in all. */
int kh_gazetteer_lookup(const kh_gazetteer *g, const char *name, const kh_gaz_entry **out, int max);
/* The country entry of an ISO alpha-3 code, or NULL. */
const kh_gaz_entry *kh_gazetteer_country(const kh_gazetteer *g, const char *iso3);
const char *kh_gaz_kind_name(int kind);   /* "country", "subdivision", "region", "city", "site" */

/* The lookup key of s: case-folded, accents stripped, apostrophes dropped, other
 * punctuation turned to single spaces. Writes at most n bytes; returns out. */
char *kh_gazetteer_fold(const char *s, char *out, size_t n);

/* The same, for a key already folded (kh_gazetteer_fold). */
int kh_gazetteer_lookup_key(const kh_gazetteer *g, const char *key, const kh_gaz_entry **out, int max);

/* Folding piece by piece, so that a caller trying many spans of words folds each
 * word once: map each word (case folded, decomposed, marks stripped; no
 * allocation; returns its length, or -1 when s is not valid UTF-8 or does not fit
 * in n bytes), then feed the mapped pieces, separators included, in order. The
 * key so far is always f->out[0..f->k). Feeding the map of a whole string gives
 * exactly kh_gazetteer_fold of it. */
typedef struct kh_gaz_fold {
    char *out;
    size_t n, k;
    int space;              /* a separator is pending */
} kh_gaz_fold;
int kh_gazetteer_fold_map(const char *s, char *out, size_t n);
void kh_gazetteer_fold_begin(kh_gaz_fold *f, char *out, size_t n);
void kh_gazetteer_fold_feed(kh_gaz_fold *f, const char *mapped);

#endif
