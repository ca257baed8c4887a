/* gazetteer.c - the place-name table (see gazetteer.h).
 *
 * Entries live in one growing array; names and aliases are folded to keys that
 * go into an open-addressing hash table (a key may name several places:
 * "Tripoli" in Libya and in Lebanon). Everything is allocated at load time from
 * the gazetteer's own arena, so a loaded gazetteer is immutable. */
#include "gazetteer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <zlib.h>

#include "arena.h"

typedef struct slot {
    const char *key;       /* NULL: empty */
    uint32_t hash;
    uint32_t entry;
} slot;

struct kh_gazetteer {
    kh_arena arena;
    kh_gaz_entry *e;
    size_t n, cap;
    slot *tab;
    size_t tab_cap, tab_used;   /* tab_cap is a power of two */
    uint32_t countries[512];    /* entries of kind country (ISO 3166 has 249) */
    size_t ncountries;
};

static const char *const kind_names[] = { "country", "subdivision", "region", "city", "site" };

const char *kh_gaz_kind_name(int kind)
{
    return (kind >= 0 && kind <= KH_GAZ_SITE) ? kind_names[kind] : "?";
}

int kh_gazetteer_fold_map(const char *s, char *out, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p && *p < 0x80)
        p++;
    if (!*p) {      /* ASCII: utf8proc would only lower the case, which feed does too */
        size_t L = (size_t)(p - (const unsigned char *)s);
        if (L >= n)
            return -1;
        memcpy(out, s, L + 1);
        return (int)L;
    }
    enum { MAXCP = 512 };
    utf8proc_int32_t cp[MAXCP];
    utf8proc_ssize_t m = utf8proc_decompose((const utf8proc_uint8_t *)s, 0, cp, MAXCP,
                                            UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE
                                            | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
    if (m < 0 || m > MAXCP)
        return -1;
    size_t k = 0;
    for (utf8proc_ssize_t i = 0; i < m; i++) {
        if (k + 4 >= n)
            return -1;
        k += (size_t)utf8proc_encode_char(cp[i], (utf8proc_uint8_t *)out + k);
    }
    out[k] = '\0';
    return (int)k;
}

void kh_gazetteer_fold_begin(kh_gaz_fold *f, char *out, size_t n)
{
    f->out = out;
    f->n = n;
    f->k = 0;
    f->space = 0;
    if (n)
        out[0] = '\0';
}

void kh_gazetteer_fold_feed(kh_gaz_fold *f, const char *mapped)
{
    size_t k = f->k;
    int space = f->space;
    char *out = f->out;
    for (const unsigned char *p = (const unsigned char *)mapped; *p && k + 2 < f->n; p++) {
        unsigned c = *p;
        if (c == '\'' || (c == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99))) {
            if (c == 0xE2)
                p += 2;     /* ' and the typographic quotes vanish: "Sana'a" = "Sanaa" */
            continue;
        }
        int word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 || (c >= 'A' && c <= 'Z');
        if (!word) {
            space = k > 0;
            continue;
        }
        if (space) {
            out[k++] = ' ';
            space = 0;
        }
        out[k++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    if (f->n)
        out[k] = '\0';
    f->k = k;
    f->space = space;
}

char *kh_gazetteer_fold(const char *s, char *out, size_t n)
{
    char small[1024];
    utf8proc_uint8_t *f = NULL;
    const char *src = s;
    if (kh_gazetteer_fold_map(s, small, sizeof small) >= 0)
        src = small;        /* the common case: no allocation */
    else if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &f,
                          UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD
                          | UTF8PROC_STRIPMARK) >= 0)
        src = (const char *)f;
    kh_gaz_fold st;
    kh_gazetteer_fold_begin(&st, out, n);
    kh_gazetteer_fold_feed(&st, src);
    free(f);
    return out;
}

static uint32_t hash_key(const char *s)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static int tab_grow(kh_gazetteer *g)
{
    size_t cap = g->tab_cap ? g->tab_cap * 2 : 1 << 16;
    slot *t = calloc(cap, sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < g->tab_cap; i++) {
        if (!g->tab[i].key)
            continue;
        size_t j = g->tab[i].hash & (cap - 1);
        while (t[j].key)
            j = (j + 1) & (cap - 1);
        t[j] = g->tab[i];
    }
    free(g->tab);
    g->tab = t;
    g->tab_cap = cap;
    return 0;
}

/* Adds key -> entry, once. */
static int add_key(kh_gazetteer *g, const char *key, uint32_t entry)
{
    if (!*key)
        return 0;
    if ((g->tab_used + 1) * 4 >= g->tab_cap * 3 && tab_grow(g) != 0)
        return -1;
    uint32_t h = hash_key(key);
    size_t j = h & (g->tab_cap - 1);
    for (; g->tab[j].key; j = (j + 1) & (g->tab_cap - 1))
        if (g->tab[j].hash == h && g->tab[j].entry == entry && strcmp(g->tab[j].key, key) == 0)
            return 0;
    char *k = kh_arena_strdup(&g->arena, key);
    if (!k)
        return -1;
    g->tab[j].key = k;
    g->tab[j].hash = h;
    g->tab[j].entry = entry;
    g->tab_used++;
    return 0;
}

/* A name's keys: its folding, and without a leading Arabic article or "the"
 * ("Al Anbar" -> "anbar", "the Gaza Strip" -> "gaza strip"). */
static int add_name(kh_gazetteer *g, const char *name, uint32_t entry)
{
    static const char *const articles[] = { "al ", "an ", "as ", "ad ", "ar ", "ash ", "at ", "az ", "el ",
                                            "the ", NULL };
    char key[256];
    kh_gazetteer_fold(name, key, sizeof key);
    if (add_key(g, key, entry) != 0)
        return -1;
    for (int i = 0; articles[i]; i++) {
        size_t L = strlen(articles[i]);
        if (strncmp(key, articles[i], L) == 0 && key[L])
            return add_key(g, key + L, entry);
    }
    return 0;
}

static int add_aliases(kh_gazetteer *g, const char *aliases, uint32_t entry)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", aliases);
    for (char *p = buf, *bar; p && *p; p = bar) {
        bar = strchr(p, '|');
        if (bar)
            *bar++ = '\0';
        if (add_name(g, p, entry) != 0)
            return -1;
    }
    return 0;
}

const kh_gaz_entry *kh_gazetteer_country(const kh_gazetteer *g, const char *iso3)
{
    if (!g || !iso3)
        return NULL;
    for (size_t i = 0; i < g->ncountries; i++)
        if (strcmp(g->e[g->countries[i]].country, iso3) == 0)
            return &g->e[g->countries[i]];
    return NULL;
}

static kh_gaz_entry *new_entry(kh_gazetteer *g)
{
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 1024;
        kh_gaz_entry *e = realloc(g->e, cap * sizeof *e);
        if (!e)
            return NULL;
        g->e = e;
        g->cap = cap;
    }
    kh_gaz_entry *x = &g->e[g->n++];
    memset(x, 0, sizeof *x);
    return x;
}

static int parse_kind(const char *s)
{
    for (int k = 0; k <= KH_GAZ_SITE; k++)
        if (strcmp(s, kind_names[k]) == 0)
            return k;
    return -1;
}

/* One row: kind name aliases iso3 admin lat lon population. A country row that
 * names a country already known adds its point and aliases to it. */
static int load_row(kh_gazetteer *g, char *line, const char *file, long lineno, kh_diag *diag)
{
    char *f[8];
    int nf = 0;
    for (char *p = line; nf < 8; nf++) {
        f[nf] = p;
        p = strchr(p, '\t');
        if (!p) {
            nf++;
            break;
        }
        *p++ = '\0';
    }
    int kind = nf == 8 ? parse_kind(f[0]) : -1;
    if (kind < 0 || strlen(f[3]) != 3) {
        kh_diag_warn(diag, file, lineno, "gazetteer row skipped: expected 8 tab-separated fields "
                     "(kind name aliases iso3 admin lat lon population)");
        return 0;
    }
    const char *first_alias = f[2];
    char alias0[256];
    snprintf(alias0, sizeof alias0, "%s", first_alias);
    char *bar = strchr(alias0, '|');
    if (bar)
        *bar = '\0';
    kh_gaz_entry *x = NULL;
    if (kind == KH_GAZ_COUNTRY)
        x = (kh_gaz_entry *)kh_gazetteer_country(g, f[3]);
    int fresh = x == NULL;
    if (fresh && kind == KH_GAZ_COUNTRY && g->ncountries == sizeof g->countries / sizeof g->countries[0]) {
        kh_diag_warn(diag, file, lineno, "too many countries; row skipped");
        return 0;
    }
    if (fresh && !(x = new_entry(g)))
        return -1;
    uint32_t id = (uint32_t)(x - g->e);
    if (fresh && kind == KH_GAZ_COUNTRY)
        g->countries[g->ncountries++] = id;
    if (fresh) {
        x->kind = (uint8_t)kind;
        x->country = kh_arena_strdup(&g->arena, f[3]);
        x->admin = kh_arena_strdup(&g->arena, f[4]);
        x->name = kh_arena_strdup(&g->arena, *f[1] ? f[1] : alias0);
        x->aliases = kh_arena_strdup(&g->arena, f[2]);
        x->population = (uint32_t)strtoul(f[7], NULL, 10);
    } else {
        /* our own row: its first alias is the name the news uses ("Syria") */
        size_t L = strlen(x->aliases) + strlen(x->name) + strlen(f[2]) + 3;
        char *al = kh_arena_alloc(&g->arena, L);
        if (al)
            snprintf(al, L, "%s|%s|%s", x->name, x->aliases, f[2]);
        x->aliases = al;
        if (*alias0)
            x->name = kh_arena_strdup(&g->arena, alias0);
    }
    if (!x->country || !x->admin || !x->name || !x->aliases)
        return -1;
    if (*f[5] && *f[6]) {
        x->lat = strtod(f[5], NULL);
        x->lon = strtod(f[6], NULL);
        x->has_latlon = 1;
    }
    if (add_name(g, x->name, id) != 0 || add_aliases(g, f[2], id) != 0)
        return -1;
    return 0;
}

static int load_file(kh_gazetteer *g, const char *path, kh_diag *diag, int *found)
{
    gzFile z = gzopen(path, "rb");     /* reads plain files too */
    if (!z)
        return 0;
    *found = 1;
    char line[2048];
    long lineno = 0;
    int rc = 0;
    while (rc == 0 && gzgets(z, line, sizeof line)) {
        lineno++;
        size_t L = strlen(line);
        while (L && (line[L - 1] == '\n' || line[L - 1] == '\r'))
            line[--L] = '\0';
        if (L == 0 || line[0] == '#')
            continue;
        rc = load_row(g, line, path, lineno, diag);
    }
    gzclose(z);
    return rc;
}

kh_gazetteer *kh_gazetteer_load(const char *dir, kh_diag *diag)
{
    kh_gazetteer *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    kh_arena_init(&g->arena, 1 << 20);
    static const char *const files[] = { "geo.tsv.gz", "geo.tsv", "places.tsv" };
    int found = 0, rc = 0;
    for (int i = 0; i < 3 && rc == 0; i++) {
        if (i == 1 && found)
            continue;   /* geo.tsv only when the compressed table is absent */
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        rc = load_file(g, path, diag, &found);
    }
    if (rc != 0 || !found) {
        kh_diag_error(diag, dir, 0, rc ? "out of memory loading the gazetteer"
                                       : "no gazetteer here (geo.tsv.gz or places.tsv)");
        kh_gazetteer_free(g);
        return NULL;
    }
    return g;
}

void kh_gazetteer_free(kh_gazetteer *g)
{
    if (!g)
        return;
    free(g->e);
    free(g->tab);
    kh_arena_free(&g->arena);
    free(g);
}

size_t kh_gazetteer_size(const kh_gazetteer *g)
{
    return g ? g->n : 0;
}

int kh_gazetteer_lookup_key(const kh_gazetteer *g, const char *key, const kh_gaz_entry **out, int max)
{
    if (!g || !g->tab_cap || !key)
        return 0;
    uint32_t h = hash_key(key);
    int n = 0;
    for (size_t j = h & (g->tab_cap - 1); g->tab[j].key; j = (j + 1) & (g->tab_cap - 1)) {
        if (g->tab[j].hash != h || strcmp(g->tab[j].key, key) != 0)
            continue;
        if (n < max)
            out[n] = &g->e[g->tab[j].entry];
        n++;
    }
    return n;
}

int kh_gazetteer_lookup(const kh_gazetteer *g, const char *name, const kh_gaz_entry **out, int max)
{
    if (!g || !g->tab_cap || !name)
        return 0;
    char key[256];
    kh_gazetteer_fold(name, key, sizeof key);
    return kh_gazetteer_lookup_key(g, key, out, max);
}
