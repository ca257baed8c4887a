/* test_ourdict.c - checks on the content of our own dictionaries (data/dict/NAME.dict).
 *
 * The test has its own small reader of the format, independent of the loader in
 * src/dict_ours.c, so that a mistake in one does not hide a mistake in the other. It
 * checks that every file is well formed, every actor code is made of valid CAMEO
 * elements, every event code is a CAMEO code, every date range is well formed, no
 * phrase is listed twice within a kind, and that the coverage counts stay above the
 * floors reached when the dictionaries were written. */
#include "testutil.h"

#include <ctype.h>
#include <dirent.h>
#include <jansson.h>

#define DICT_DIR "data/dict"

/* ---- a set of strings (open addressing, malloc'd keys) -------------------------- */

typedef struct {
    char **keys;
    int *vals;
    size_t cap, n;
} strset;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void set_free(strset *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->keys[i]);
    free(s->keys);
    free(s->vals);
    memset(s, 0, sizeof *s);
}

static int set_grow(strset *s);

/* Adds key (case-folded to ASCII lower case); returns 1 when new, 0 when present. */
static int set_add(strset *s, const char *key, int val)
{
    if ((s->n + 1) * 2 > s->cap && set_grow(s) != 0)
        return -1;
    char buf[512];
    size_t k = 0;
    for (; key[k] && k + 1 < sizeof buf; k++)
        buf[k] = (char)tolower((unsigned char)key[k]);
    buf[k] = '\0';
    size_t i = hash_str(buf) & (s->cap - 1);
    while (s->keys[i]) {
        if (strcmp(s->keys[i], buf) == 0)
            return 0;
        i = (i + 1) & (s->cap - 1);
    }
    s->keys[i] = strdup(buf);
    if (!s->keys[i])
        return -1;
    s->vals[i] = val;
    s->n++;
    return 1;
}

static int set_has(const strset *s, const char *key)
{
    if (!s->cap)
        return 0;
    char buf[512];
    size_t k = 0;
    for (; key[k] && k + 1 < sizeof buf; k++)
        buf[k] = (char)tolower((unsigned char)key[k]);
    buf[k] = '\0';
    size_t i = hash_str(buf) & (s->cap - 1);
    while (s->keys[i]) {
        if (strcmp(s->keys[i], buf) == 0)
            return 1;
        i = (i + 1) & (s->cap - 1);
    }
    return 0;
}

static int set_grow(strset *s)
{
    size_t ncap = s->cap ? s->cap * 2 : 1024;
    strset t = { calloc(ncap, sizeof(char *)), calloc(ncap, sizeof(int)), ncap, 0 };
    if (!t.keys || !t.vals) {
        free(t.keys);
        free(t.vals);
        return -1;
    }
    for (size_t i = 0; i < s->cap; i++)
        if (s->keys[i]) {
            size_t j = hash_str(s->keys[i]) & (ncap - 1);
            while (t.keys[j])
                j = (j + 1) & (ncap - 1);
            t.keys[j] = s->keys[i];
            t.vals[j] = s->vals[i];
            t.n++;
        }
    free(s->keys);
    free(s->vals);
    *s = t;
    return 0;
}

/* ---- what the reader collects ----------------------------------------------------- */

typedef struct {
    strset actor_phrases, agent_phrases, discard_phrases, issue_themes, verb_lemmas,
        verb_nouns, synsets, synsets_used, country_codes, person_ids;
    int errors;            /* malformed lines, bad codes, duplicates */
    int countries, persons, orgs, actor_entries, actor_phrase_count;
    int metonyms, dated_codes;
    int agent_lines, agent_phrase_count;
    int verb_blocks, patterns, paired_patterns;
    int root_patterns[21];   /* patterns (and block defaults) per CAMEO root */
    int discard_lines, issue_lines;
    int thabet_ok, baghdad_ok, taliban_dated;
    int kosovo_ksv, eu_eureec, pope_vatgov; /* the code decisions in the file headers */
    const strset *roles;     /* CAMEO actor elements, or NULL when ../shared is absent */
    const strset *events;    /* CAMEO event codes, or NULL */
} dict_stats;

static void bad(dict_stats *st, const char *file, long line, const char *why, const char *what)
{
    if (st->errors < 40)
        fprintf(stderr, "# %s:%ld: %s: %s\n", file, line, why, what);
    st->errors++;
}

/* Splits s in place at `sep` (a string); returns the number of parts (<= max). */
static int split(char *s, const char *sep, char **parts, int max)
{
    int n = 0;
    size_t k = strlen(sep);
    while (n < max) {
        parts[n++] = s;
        char *p = strstr(s, sep);
        if (!p)
            break;
        *p = '\0';
        s = p + k;
    }
    return n;
}

/* Splits a line at runs of TAB characters. */
static int tab_fields(char *s, char **f, int max)
{
    int n = 0;
    while (*s && n < max) {
        f[n++] = s;
        while (*s && *s != '\t')
            s++;
        if (!*s)
            break;
        *s++ = '\0';
        while (*s == '\t')
            s++;
    }
    return n;
}

/* A phrase: words separated by single spaces, no leading or trailing space. */
static int phrase_ok(const char *p)
{
    if (!*p || *p == ' ')
        return 0;
    size_t n = strlen(p);
    if (p[n - 1] == ' ')
        return 0;
    return strstr(p, "  ") == NULL;
}

/* YYYY, YYYY-MM or YYYY-MM-DD; writes YYYYMMDD (start or end of the period). */
static int parse_date(const char *s, size_t n, int end, long *out)
{
    int y = 0, m = end ? 12 : 1, d = end ? 31 : 1;
    if (n != 4 && n != 7 && n != 10)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int digit_pos = !(i == 4 || i == 7);
        if (digit_pos != (isdigit((unsigned char)s[i]) != 0) || (!digit_pos && s[i] != '-'))
            return -1;
    }
    y = atoi(s);
    if (n >= 7)
        m = (s[5] - '0') * 10 + (s[6] - '0');
    if (n == 10)
        d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    *out = (long)y * 10000 + m * 100 + d;
    return 0;
}

/* "CODE", "CODE FROM..", "CODE ..TO", "CODE FROM..TO" */
static int check_code_range(dict_stats *st, const char *spec, const char *file, long line)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", spec);
    char *sp = strchr(buf, ' ');
    char *range = NULL;
    if (sp) {
        *sp = '\0';
        range = sp + 1;
    }
    size_t n = strlen(buf);
    if (n < 3 || n % 3 != 0) {
        bad(st, file, line, "bad code", spec);
        return -1;
    }
    if (st->roles) {
        for (size_t i = 0; i < n; i += 3) {
            char el[4] = { buf[i], buf[i + 1], buf[i + 2], 0 };
            int ok = set_has(st->roles, el) || set_has(&st->country_codes, el);
            if (i == 0)
                ok = ok || strcmp(el, "IGO") == 0 || strcmp(el, "NGO") == 0 ||
                     strcmp(el, "IMG") == 0 || strcmp(el, "MNC") == 0 || strcmp(el, "INT") == 0;
            if (!ok) {
                bad(st, file, line, "unknown CAMEO element", spec);
                return -1;
            }
        }
    }
    if (!range)
        return 0;
    st->dated_codes++;
    char *dots = strstr(range, "..");
    if (!dots || strchr(range, ' ')) {
        bad(st, file, line, "bad date range", spec);
        return -1;
    }
    long from = 0, to = 99991231;
    size_t lf = (size_t)(dots - range), lt = strlen(dots + 2);
    if ((lf && parse_date(range, lf, 0, &from) != 0) ||
        (lt && parse_date(dots + 2, lt, 1, &to) != 0) || (!lf && !lt) || from > to) {
        bad(st, file, line, "bad date range", spec);
        return -1;
    }
    return 0;
}

static const char *attr(const char *attrs, const char *key, char *out, size_t n)
{
    size_t k = strlen(key);
    for (const char *p = attrs; p && *p;) {
        while (*p == ' ')
            p++;
        if (strncmp(p, key, k) == 0 && p[k] == '=') {
            size_t i = 0;
            for (p += k + 1; *p && *p != ' ' && i + 1 < n; p++)
                out[i++] = *p;
            out[i] = '\0';
            return out;
        }
        p = strchr(p, ' ');
    }
    return NULL;
}

static void read_actor(dict_stats *st, char *line, const char *file, long ln)
{
    char *f[4];
    int nf = tab_fields(line, f, 4);
    if (nf < 2) {
        bad(st, file, ln, "actor line needs phrases and codes", line);
        return;
    }
    const char *attrs = nf > 2 ? f[2] : "";
    char type[32] = "";
    attr(attrs, "type", type, sizeof type);
    char *codes_copy = strdup(f[1]);
    if (!codes_copy)
        return;
    char *codes[16];
    int nc = split(codes_copy, " ; ", codes, 16);
    if (strcmp(type, "country") == 0 && nc == 1 && strlen(codes[0]) == 3)
        set_add(&st->country_codes, codes[0], 1);
    for (int i = 0; i < nc; i++)
        check_code_range(st, codes[i], file, ln);
    char *ph[64];
    int np = split(f[0], " | ", ph, 64);
    if (strcmp(ph[0], "Thabet al-Abbasi") == 0 && strstr(f[1], "IRQGOVMIL 2022-10-27..") &&
        strstr(attrs, "type=person"))
        st->thabet_ok = 1;
    if (strcmp(ph[0], "Baghdad") == 0 && strcmp(f[1], "IRQGOV") == 0 && strcmp(type, "metonym") == 0)
        st->baghdad_ok = 1;
    if (strcmp(ph[0], "Taliban") == 0 && strstr(f[1], "2021-08-15..") && strstr(f[1], "..2021-08-14"))
        st->taliban_dated = 1;
    if (strcmp(ph[0], "Kosovo") == 0 && strcmp(f[1], "KSV") == 0)
        st->kosovo_ksv = 1;
    if (strcmp(ph[0], "European Union") == 0 && strcmp(f[1], "IGOEUREEC") == 0)
        st->eu_eureec = 1;
    if (strcmp(ph[0], "the Pope") == 0 && strcmp(f[1], "VATGOV") == 0 && strcmp(type, "metonym") == 0)
        st->pope_vatgov = 1;
    free(codes_copy);
    for (int i = 0; i < np; i++) {
        if (!phrase_ok(ph[i]))
            bad(st, file, ln, "bad phrase", ph[i]);
        else if (set_add(&st->actor_phrases, ph[i], (int)ln) == 0)
            bad(st, file, ln, "actor phrase listed twice", ph[i]);
    }
    st->actor_entries++;
    st->actor_phrase_count += np;
    if (strcmp(type, "country") == 0)
        st->countries++;
    else if (strcmp(type, "person") == 0) {
        st->persons++;
        if (set_add(&st->person_ids, ph[0], 1) == 0)
            bad(st, file, ln, "person listed twice", ph[0]);
    } else if (strcmp(type, "org") == 0 || strcmp(type, "group") == 0)
        st->orgs++;
    else if (strcmp(type, "metonym") == 0)
        st->metonyms++;
    else if (strcmp(type, "city") != 0 && strcmp(type, "region") != 0)
        bad(st, file, ln, "unknown type", type);
}

static void read_agent(dict_stats *st, char *line, const char *file, long ln)
{
    char *f[3];
    if (tab_fields(line, f, 3) != 2) {
        bad(st, file, ln, "agent line needs phrases and a code", line);
        return;
    }
    check_code_range(st, f[1], file, ln);
    char *ph[64];
    int np = split(f[0], " | ", ph, 64);
    for (int i = 0; i < np; i++)
        if (!phrase_ok(ph[i]) || set_add(&st->agent_phrases, ph[i], (int)ln) == 0)
            bad(st, file, ln, "agent phrase malformed or listed twice", ph[i]);
    st->agent_lines++;
    st->agent_phrase_count += np;
}

/* "[CODE]", "[CODE:CODE2]" or "[---]"; counts the root. */
static int check_event(dict_stats *st, const char *c, const char *file, long ln)
{
    size_t n = strlen(c);
    if (n < 3 || c[0] != '[' || c[n - 1] != ']') {
        bad(st, file, ln, "bad event code", c);
        return -1;
    }
    char buf[32];
    snprintf(buf, sizeof buf, "%.*s", (int)(n - 2), c + 1);
    if (strcmp(buf, "---") == 0)
        return 0;
    char *parts[2];
    int np = split(buf, ":", parts, 2);
    for (int i = 0; i < np; i++) {
        if (st->events && !set_has(st->events, parts[i])) {
            bad(st, file, ln, "not a CAMEO event code", parts[i]);
            return -1;
        }
        if (strlen(parts[i]) < 2)
            return -1;
    }
    int root = (parts[0][0] - '0') * 10 + (parts[0][1] - '0');
    if (root >= 1 && root <= 20)
        st->root_patterns[root]++;
    return np;
}

static void note_synsets(dict_stats *st, const char *pattern)
{
    for (const char *p = strchr(pattern, '&'); p; p = strchr(p + 1, '&')) {
        char name[64];
        size_t i = 0;
        name[i++] = '&';
        for (p++; (isupper((unsigned char)*p) || *p == '_') && i + 1 < sizeof name; p++)
            name[i++] = *p;
        name[i] = '\0';
        set_add(&st->synsets_used, name, 1);
        p--;
    }
}

static void read_verb_line(dict_stats *st, char *line, const char *file, long ln)
{
    char *f[4];
    if (line[0] == '\t') {            /* a pattern of the current block */
        int nf = tab_fields(line + 1, f, 4);
        if (nf < 2 || !phrase_ok(f[0]) || !strchr(f[0], '*')) {
            bad(st, file, ln, "bad pattern", line + 1);
            return;
        }
        if (check_event(st, f[1], file, ln) == 2)
            st->paired_patterns++;
        note_synsets(st, f[0]);
        st->patterns++;
        return;
    }
    int nf = tab_fields(line, f, 4);
    if (line[0] == '&') {
        if (nf != 2 || set_add(&st->synsets, f[0], (int)ln) != 1)
            bad(st, file, ln, "bad or repeated synset", f[0]);
        return;
    }
    if (strncmp(line, "VERB ", 5) != 0 || nf < 2) {
        bad(st, file, ln, "expected VERB, a synset or a pattern", line);
        return;
    }
    check_event(st, f[1], file, ln);
    char *head = f[0] + 5;
    char *nouns = strstr(head, " ; NOUN ");
    if (nouns) {
        *nouns = '\0';
        nouns += 8;
        char *ph[64];
        int np = split(nouns, " | ", ph, 64);
        for (int i = 0; i < np; i++)
            if (!phrase_ok(ph[i]) || set_add(&st->verb_nouns, ph[i], (int)ln) == 0)
                bad(st, file, ln, "event noun malformed or in two blocks", ph[i]);
    }
    char *forms[32];
    split(head, " | ", forms, 32);
    if (set_add(&st->verb_lemmas, forms[0], (int)ln) == 0)
        bad(st, file, ln, "verb lemma starts two blocks", forms[0]);
    st->verb_blocks++;
}

static void read_file(dict_stats *st, const char *path, const char *name)
{
    char *text = kh_test_slurp(path, NULL);
    assert_non_null(text);
    char kind[16] = "";
    long ln = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        ln++;
        /* '#' starts a comment, except inside a word (C#, "No. 10" has none) */
        for (char *h = line; (h = strchr(h, '#')) != NULL; h++)
            if (h == line || h[-1] == ' ' || h[-1] == '\t') {
                *h = '\0';
                break;
            }
        size_t n = strlen(line);
        while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (!n)
            continue;
        if (strncmp(line, "%kind ", 6) == 0) {
            snprintf(kind, sizeof kind, "%s", line + 6);
            if (strcmp(kind, "actors") && strcmp(kind, "agents") && strcmp(kind, "verbs") &&
                strcmp(kind, "discards") && strcmp(kind, "issues"))
                bad(st, name, ln, "unknown kind", kind);
            continue;
        }
        if (!kind[0]) {
            bad(st, name, ln, "content before %kind", line);
            continue;
        }
        char *f[4];
        if (strcmp(kind, "actors") == 0)
            read_actor(st, line, name, ln);
        else if (strcmp(kind, "agents") == 0)
            read_agent(st, line, name, ln);
        else if (strcmp(kind, "verbs") == 0)
            read_verb_line(st, line, name, ln);
        else if (strcmp(kind, "discards") == 0) {
            if (tab_fields(line, f, 4) != 2 || (strcmp(f[1], "sentence") && strcmp(f[1], "story")))
                bad(st, name, ln, "discard needs phrases and sentence|story", line);
            else {
                char *ph[64];
                int np = split(f[0], " | ", ph, 64);
                for (int i = 0; i < np; i++)
                    if (!phrase_ok(ph[i]) || set_add(&st->discard_phrases, ph[i], 1) == 0)
                        bad(st, name, ln, "discard phrase malformed or twice", ph[i]);
                st->discard_lines++;
            }
        } else {
            if (tab_fields(line, f, 4) != 2 || set_add(&st->issue_themes, f[0], 1) != 1)
                bad(st, name, ln, "issue needs THEME and phrases, once", line);
            else
                st->issue_lines++;
        }
    }
    free(text);
}

/* Loads the first column of a reference table into a set. */
static int load_column(strset *s, const char *path)
{
    char *text = kh_test_slurp(path, NULL);
    if (!text)
        return -1;
    int first = 1;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *tab = strchr(line, '\t');
        if (tab)
            *tab = '\0';
        if (!first)
            set_add(s, line, 1);
        first = 0;
    }
    free(text);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads every .dict file of data/dict, countries.dict first (it defines the country codes). */
static void read_all(dict_stats *st)
{
    char path[512];
    snprintf(path, sizeof path, "%s/countries.dict", DICT_DIR);
    read_file(st, path, "countries.dict");
    DIR *d = opendir(DICT_DIR);
    assert_non_null(d);
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        size_t k = strlen(e->d_name);
        if (k > 5 && strcmp(e->d_name + k - 5, ".dict") == 0 &&
            strcmp(e->d_name, "countries.dict") != 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        assert_non_null(names[i]);
        snprintf(path, sizeof path, "%s/%s", DICT_DIR, names[i]);
        read_file(st, path, names[i]);
        free(names[i]);
    }
}

static void free_stats(dict_stats *st)
{
    strset *sets[] = { &st->actor_phrases, &st->agent_phrases, &st->discard_phrases,
                       &st->issue_themes, &st->verb_lemmas, &st->verb_nouns, &st->synsets,
                       &st->synsets_used, &st->country_codes, &st->person_ids };
    for (size_t i = 0; i < sizeof sets / sizeof *sets; i++)
        set_free(sets[i]);
}

/* ---- tests ------------------------------------------------------------------------ */

/* Well-formed lines, no duplicates, dates, and the coverage floors. Needs nothing but
 * the repository. */
static void test_format_and_counts(void **state)
{
    (void)state;
    dict_stats st;
    memset(&st, 0, sizeof st);
    read_all(&st);
    fprintf(stderr,
            "# ourdict: %d actor entries (%d phrases): %d countries, %d people, %d orgs/groups, "
            "%d metonyms, %d dated codes; %d agent lines (%d phrases); %d verb blocks, %d "
            "patterns (%d paired), %zu synsets; %d discard lines; %d issues\n",
            st.actor_entries, st.actor_phrase_count, st.countries, st.persons, st.orgs,
            st.metonyms, st.dated_codes, st.agent_lines, st.agent_phrase_count, st.verb_blocks,
            st.patterns, st.paired_patterns, st.synsets.n, st.discard_lines, st.issue_lines);
    assert_int_equal(st.errors, 0);
    /* floors: what was reached when the dictionaries were written */
    assert_true(st.countries >= 250);
    assert_true(st.persons >= 850);
    assert_true(st.orgs >= 650);
    assert_true(st.actor_phrase_count >= 4700);
    assert_true(st.metonyms >= 200);
    assert_true(st.agent_lines >= 450);
    assert_true(st.agent_phrase_count >= 1350);
    assert_true(st.verb_blocks >= 380);
    assert_true(st.patterns >= 4000);
    assert_true(st.paired_patterns >= 18);   /* mutual acts: meet, talks, clash, host... */
    assert_true(st.synsets.n >= 50);
    assert_true(st.discard_lines >= 20);
    assert_true(st.issue_lines >= 25);
    /* every CAMEO root has patterns */
    for (int r = 1; r <= 20; r++) {
        if (st.root_patterns[r] < 10)
            fprintf(stderr, "# root %02d has %d patterns\n", r, st.root_patterns[r]);
        assert_true(st.root_patterns[r] >= 10);
    }
    /* every synset used is defined, and none is defined for nothing */
    for (size_t i = 0; i < st.synsets_used.cap; i++)
        if (st.synsets_used.keys[i] && !set_has(&st.synsets, st.synsets_used.keys[i])) {
            fprintf(stderr, "# undefined synset %s\n", st.synsets_used.keys[i]);
            fail();
        }
    assert_int_equal(st.synsets.n, st.synsets_used.n);
    /* a few facts the rest of the system relies on */
    assert_true(st.thabet_ok);
    assert_true(st.baghdad_ok);
    assert_true(st.taliban_dated);
    assert_true(st.kosovo_ksv);
    assert_true(st.eu_eureec);
    assert_true(st.pope_vatgov);
    free_stats(&st);
}

/* Every actor element and event code against the CAMEO reference tables. */
static void test_codes_are_cameo(void **state)
{
    (void)state;
    char roles_path[512], events_path[512];
    KH_SHARED_OR_SKIP(roles_path, "reference/cameo_actor_types.tsv");
    KH_SHARED_OR_SKIP(events_path, "reference/cameo_event_codes.tsv");
    strset roles = { 0 }, events = { 0 };
    assert_int_equal(load_column(&roles, roles_path), 0);
    assert_int_equal(load_column(&events, events_path), 0);
    assert_true(roles.n > 800);
    assert_true(events.n > 300);
    dict_stats st;
    memset(&st, 0, sizeof st);
    st.roles = &roles;
    st.events = &events;
    read_all(&st);
    assert_int_equal(st.errors, 0);
    free_stats(&st);
    set_free(&roles);
    set_free(&events);
}

/* Every ISO 3166-1 alpha-3 code of the Debian iso-codes table has a country entry. */
static void test_every_iso_country(void **state)
{
    (void)state;
    const char *iso = "/usr/share/iso-codes/json/iso_3166-1.json";
    if (access(iso, R_OK) != 0) {
        fprintf(stderr, "# SKIP: %s is absent (Debian package iso-codes)\n", iso);
        skip();
    }
    dict_stats st;
    memset(&st, 0, sizeof st);
    read_all(&st);
    json_error_t jerr;
    json_t *root = json_load_file(iso, 0, &jerr);
    assert_non_null(root);
    json_t *list = json_object_get(root, "3166-1");
    assert_true(json_is_array(list));
    size_t i, missing = 0;
    json_t *c;
    json_array_foreach(list, i, c) {
        const char *a3 = json_string_value(json_object_get(c, "alpha_3"));
        if (a3 && !set_has(&st.country_codes, a3)) {
            fprintf(stderr, "# no country entry for %s\n", a3);
            missing++;
        }
    }
    assert_true(json_array_size(list) >= 249);
    assert_int_equal(missing, 0);
    json_decref(root);
    free_stats(&st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_and_counts),
        cmocka_unit_test(test_codes_are_cameo),
        cmocka_unit_test(test_every_iso_country),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
