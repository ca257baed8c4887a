#!/bin/sh
# Regenerates data/gazetteer/geo.tsv.gz from Debian packages:
#   countries and subdivisions: iso-codes (/usr/share/iso-codes/json, LGPL; ISO 3166 facts)
#   cities: libgeonames (the GeoNames cities15000 table it embeds; GeoNames data is CC BY 4.0)
# Needs libgeonames-dev, libjansson-dev, libutf8proc-dev, iso-codes, zlib (gzip).
# Rows: kind TAB name TAB aliases(|) TAB iso3 TAB admin TAB lat TAB lon TAB population.
# A subdivision gets the point of its most populous city, when GeoNames names the
# same state; countries get their points from our own data/gazetteer/places.tsv.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
iso=${ISO_CODES_JSON:-/usr/share/iso-codes/json}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/gen.c" <<'EOF'
#include <geonames.h>
#include <jansson.h>
#include <utf8proc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Case-folded, accent-free, articles and punctuation removed: the key that links
 * a GeoNames state ("Al Anbar") to an ISO 3166-2 name ("Al Anbār"). */
static void fold(const char *s, char *out, size_t n)
{
    utf8proc_uint8_t *f = NULL;
    if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &f,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK) < 0) {
        snprintf(out, n, "%s", s);
        return;
    }
    size_t k = 0;
    for (const char *p = (const char *)f; *p && k + 1 < n; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
            out[k++] = (char)c;
    }
    out[k] = '\0';
    free(f);
}

static const char *iso3_of(json_t *countries, const char *a2)
{
    if (strcmp(a2, "XK") == 0)
        return "XKX";
    size_t i; json_t *c;
    json_array_foreach(countries, i, c) {
        const char *x = json_string_value(json_object_get(c, "alpha_2"));
        if (x && strcmp(x, a2) == 0)
            return json_string_value(json_object_get(c, "alpha_3"));
    }
    return NULL;
}

static void clean(const char *s, char *out, size_t n)   /* no tabs or pipes in fields */
{
    size_t k = 0;
    for (; *s && k + 1 < n; s++)
        out[k++] = (*s == '\t' || *s == '|' || *s == '\n') ? ' ' : *s;
    out[k] = '\0';
}

int main(int argc, char **argv)
{
    char path[512];
    json_error_t err;
    snprintf(path, sizeof path, "%s/iso_3166-1.json", argv[1]);
    json_t *j1 = json_load_file(path, 0, &err);
    snprintf(path, sizeof path, "%s/iso_3166-2.json", argv[1]);
    json_t *j2 = json_load_file(path, 0, &err);
    if (!j1 || !j2) { fprintf(stderr, "gen: cannot read iso-codes in %s\n", argv[1]); return 1; }
    json_t *cs = json_object_get(j1, "3166-1"), *ss = json_object_get(j2, "3166-2");
    size_t i; json_t *c;
    char a[512], b[512], d[512];
    json_array_foreach(cs, i, c) {
        const char *name = json_string_value(json_object_get(c, "name"));
        const char *common = json_string_value(json_object_get(c, "common_name"));
        const char *official = json_string_value(json_object_get(c, "official_name"));
        clean(common ? common : name, a, sizeof a);
        clean(name, b, sizeof b);
        clean(official ? official : name, d, sizeof d);
        printf("country\t%s\t%s|%s\t%s\t\t\t\t0\n", a, b, d,
               json_string_value(json_object_get(c, "alpha_3")));
    }
    int n = geonames_get_n_cities();
    /* the most populous city of each (country, folded state) for subdivision points */
    typedef struct { char key[160]; double lat, lon; unsigned pop; } best;
    best *bs = calloc((size_t)n, sizeof *bs);
    int nb = 0;
    for (int k = 0; k < n; k++) {
        GeonamesCity *g = geonames_get_city(k);
        const char *cc = iso3_of(cs, geonames_city_get_country_code(g));
        if (!cc) { geonames_city_free(g); continue; }
        char st[128], key[160];
        fold(geonames_city_get_state(g), st, sizeof st);
        snprintf(key, sizeof key, "%s/%s", cc, st);
        unsigned pop = geonames_city_get_population(g);
        int f = -1;
        for (int q = nb - 1; q >= 0 && q >= nb - 4000; q--)
            if (strcmp(bs[q].key, key) == 0) { f = q; break; }
        if (f < 0) { f = nb++; snprintf(bs[f].key, sizeof bs[f].key, "%s", key); bs[f].pop = 0; }
        if (pop >= bs[f].pop) {
            bs[f].pop = pop; bs[f].lat = geonames_city_get_latitude(g); bs[f].lon = geonames_city_get_longitude(g);
        }
        clean(geonames_city_get_name(g), a, sizeof a);
        clean(geonames_city_get_state(g), b, sizeof b);
        printf("city\t%s\t\t%s\t%s\t%.4f\t%.4f\t%u\n", a, cc, b,
               geonames_city_get_latitude(g), geonames_city_get_longitude(g), pop);
        geonames_city_free(g);
    }
    json_array_foreach(ss, i, c) {
        const char *code = json_string_value(json_object_get(c, "code"));
        const char *name = json_string_value(json_object_get(c, "name"));
        const char *type = json_string_value(json_object_get(c, "type"));
        char a2[3] = { code[0], code[1], 0 };
        const char *cc = iso3_of(cs, a2);
        if (!cc || (type && strcmp(type, "Country") == 0))
            continue;
        char st[128], key[160];
        fold(name, st, sizeof st);
        snprintf(key, sizeof key, "%s/%s", cc, st);
        clean(name, a, sizeof a);
        int f = -1;
        for (int q = 0; q < nb; q++)
            if (strcmp(bs[q].key, key) == 0) { f = q; break; }
        if (f >= 0)
            printf("subdivision\t%s\t\t%s\t%s\t%.4f\t%.4f\t0\n", a, cc, code, bs[f].lat, bs[f].lon);
        else
            printf("subdivision\t%s\t\t%s\t%s\t\t\t0\n", a, cc, code);
    }
    free(bs);
    json_decref(j1);
    json_decref(j2);
    return 0;
}
EOF
cc -O2 -o "$tmp/gen" "$tmp/gen.c" $(pkg-config --cflags --libs geonames jansson libutf8proc)
"$tmp/gen" "$iso" | LC_ALL=C sort -t "$(printf '\t')" -k1,1 -k4,4 -k2,2 | gzip -9n > "$tmp/geo.tsv.gz"
mv "$tmp/geo.tsv.gz" "$top/data/gazetteer/geo.tsv.gz"
echo "gen_gazetteer: wrote data/gazetteer/geo.tsv.gz ($(zcat "$top/data/gazetteer/geo.tsv.gz" | wc -l) rows)"
