/* cameo.h - the CAMEO ontology: event codes, actor code elements and countries.
 *
 * The tables are facts (codes, names, Goldstein weights, quad classes, the PLOVER
 * mapping, ISO 3166 countries) kept in data/cameo/ (TSV) and compiled into the
 * library (src/cameo_data.c is generated from them by scripts/gen_cameo.sh), so
 * nothing has to be loaded and every function here is a pure look-up on static
 * read-only data: safe from any thread, no initialisation, no freeing.
 *
 * Event codes are strings with their leading zeros ("010", not 10). Actor codes are
 * chains of 3-character elements after a country or a generic international code
 * ("IRQGOV", "USAGOVMIL", "IGOUNOREFHCR"); elements are case-sensitive (`bud` is an
 * ethnic code, `BUD` the religion code).
 *
 * PLOVER: CAMEO roots 01 and 02 have no PLOVER type in the published mapping; we map
 * root 02 (and all its sub-codes) to REQUEST as our own documented extension, and
 * leave 01 without a type (plover == NULL). */
#ifndef KH_CAMEO_H
#define KH_CAMEO_H

#include <stddef.h>

/* ---- event codes ---------------------------------------------------------------- */

typedef struct kh_cameo_event {
    const char *code;       /* "0212" */
    const char *root;       /* "02" */
    const char *name;       /* codebook label, e.g. "Appeal for military aid" */
    double goldstein;       /* -10..+10; 0 when has_goldstein is 0 */
    int has_goldstein;      /* 0 for the 7 codebook-only codes GDELT does not weigh */
    int quad_class;         /* 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict */
    const char *plover;     /* PLOVER event type ("CONSULT"), or NULL (root 01; row 08) */
} kh_cameo_event;

/* The event code `code` ("0212"), or NULL when it is not a CAMEO code. */
const kh_cameo_event *kh_cameo_event_get(const char *code);
/* Same, for a code given by pointer and length (need not be NUL-terminated). */
const kh_cameo_event *kh_cameo_event_getn(const char *code, size_t n);
/* 1 when `code` is a CAMEO event code. */
int kh_cameo_event_valid(const char *code);
/* All codes in table order (root, then its 3- and 4-digit codes): i in 0..count-1. */
size_t kh_cameo_event_count(void);          /* 318 */
const kh_cameo_event *kh_cameo_event_at(size_t i);
/* Number of roots (20). */
size_t kh_cameo_root_count(void);

/* ---- actor code elements and countries ------------------------------------------ */

typedef enum kh_cameo_kind {
    KH_CAMEO_NONE = 0,
    KH_CAMEO_COUNTRY,      /* ISO 3166 alpha-3 country, or a CAMEO country code outside ISO (KSV) */
    KH_CAMEO_REGION,       /* CAMEO international region (AFR, MEA, WST) or sub-state area (WSB, GZS, BAG) */
    KH_CAMEO_ROLE,         /* role/sector and generic international type: GOV MIL COP IGO NGO ... */
    KH_CAMEO_RELIGION,     /* CHR MOS JEW ... */
    KH_CAMEO_IGO,          /* intergovernmental organisation: UNO NAT EEC ... */
    KH_CAMEO_GROUP,        /* NGOs, armed groups, parties with their own code: AMN HMS TAL ... */
    KH_CAMEO_ETHNIC        /* ethnic codes (mostly lower case: kur, bud) */
} kh_cameo_kind;

typedef struct kh_cameo_element {
    const char *code;       /* exactly 3 characters */
    kh_cameo_kind kind;
    const char *name;       /* "Government", "Iraq", "Middle East (region)" */
} kh_cameo_element;

/* The element whose code is the 3 characters at s (s need not be NUL-terminated after
 * them), or NULL. Countries, regions and the other kinds share one table: country
 * codes are looked up first. */
const kh_cameo_element *kh_cameo_element_get(const char *s);

typedef struct kh_cameo_country {
    const char *code;       /* alpha-3: "IRQ" */
    const char *alpha2;     /* "IQ"; NULL for non-ISO CAMEO codes */
    const char *name;       /* "Iraq" */
    int iso;                /* 1: from ISO 3166-1; 0: a CAMEO code outside it */
} kh_cameo_country;

/* Country by alpha-3 code ("IRQ") or NULL. */
const kh_cameo_country *kh_cameo_country_get(const char *code3);
/* Country by its ISO short name, case-insensitive ("iraq"), or NULL. */
const kh_cameo_country *kh_cameo_country_by_name(const char *name);
size_t kh_cameo_country_count(void);
const kh_cameo_country *kh_cameo_country_at(size_t i);

/* Checks a full actor code. Returns 0 when valid; otherwise -1 and, when why is not
 * NULL, a short reason in why[0..n-1] ("unknown element 'XYZ' at 4").
 * Valid: a multiple of 3 characters; the first element a country, a region or a
 * role/IGO/group element (IGO..., NGO..., MIL... are all found in practice); every
 * later element a known element of any kind; the first element may also be "---"
 * (country unknown, e.g. "---GOV" as PETRARCH writes it). */
int kh_cameo_actor_check(const char *code, char *why, size_t n);
/* Writes the country part of an actor code ("IRQ" for "IRQGOVMIL") into out[0..3]
 * and returns 1; returns 0 (out = "") when the first element is not a country. */
int kh_cameo_actor_country(const char *code, char out[4]);

#endif
