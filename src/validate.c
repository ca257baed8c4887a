/* validate.c - scoring coded events against gold codings (see validate.h).
 *
 * Records are small (a handful of events), so sets are plain arrays of keys
 * compared with strcmp: no hashing, no allocation beyond a fixed scratch. */
#include "validate.h"

#include <ctype.h>
#include <stdlib.h>
#include <strings.h>

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define KEYLEN 96
#define MAXEV 256

static const char *actor_or_none(const char *code)
{
    return (code && *code) ? code : "---";
}

/* The key of one (source, target, code) at a level, written into k[KEYLEN]. */
static void make_key(char *k, int level, const char *src, const char *tgt, const char *code)
{
    src = actor_or_none(src);
    tgt = actor_or_none(tgt);
    if (!code)
        code = "";
    switch (level) {
    case KH_LEVEL_FULL:
        snprintf(k, KEYLEN, "%s %s %s", src, tgt, code);
        break;
    case KH_LEVEL_ROOT:
        snprintf(k, KEYLEN, "%s %s %.2s", src, tgt, code);
        break;
    case KH_LEVEL_DYAD_ROOT:
        snprintf(k, KEYLEN, "%.3s %.3s %.2s", src, tgt, code);
        break;
    default:
        snprintf(k, KEYLEN, "%.2s", code);
        break;
    }
}

/* Adds k to the set keys[0..*n-1] unless it is there already. */
static void set_add(char (*keys)[KEYLEN], int *n, const char *k)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(keys[i], k) == 0)
            return;
    if (*n < MAXEV)
        memcpy(keys[(*n)++], k, KEYLEN);
}

static int set_has(char (*keys)[KEYLEN], int n, const char *k)
{
    for (int i = 0; i < n; i++)
        if (strcmp(keys[i], k) == 0)
            return 1;
    return 0;
}

static int gold_from_lines(const kh_doc *doc, kh_gold *g)
{
    const char *p = doc->gold;
    int cap = 1;
    for (const char *q = p; *q; q++)
        cap += *q == '\n';
    g->ev = kh_arena_calloc(doc->arena, (size_t)cap, sizeof *g->ev);
    if (!g->ev)
        return -1;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char *line = kh_arena_strndup(doc->arena, p, len);
        if (!line)
            return -1;
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        char *t3 = t2 ? strchr(t2 + 1, '\t') : NULL;
        if (t3)
            *t3 = '\0';                  /* TABARI: an expected event date follows */
        if (strncmp(line, "option:", 7) == 0) {
            /* a setting, not gold */
        } else if (strncmp(line, "unchecked:", 10) == 0) {
            g->partial = 1;
        } else if (t1 && t2) {
            *t1 = *t2 = '\0';
            g->ev[g->n].source = line;
            g->ev[g->n].target = t1 + 1;
            g->ev[g->n].code = t2 + 1;
            g->n++;
        } else if (*line && !g->marker) {
            g->marker = line;
        }
        p += len;
        if (*p == '\n')
            p++;
    }
    return 0;
}

static int gold_from_json(const kh_doc *doc, kh_gold *g)
{
    json_error_t err;
    json_t *root = json_loads(doc->extra_json, 0, &err);
    if (!root)
        return -1;
    json_t *evs = json_object_get(root, "events");
    int rc = 0;
    if (!json_is_array(evs)) {
        json_decref(root);
        return 0;                       /* no gold in this record */
    }
    g->has_gold = 1;
    size_t n = json_array_size(evs);
    g->ev = kh_arena_calloc(doc->arena, n ? n : 1, sizeof *g->ev);
    if (!g->ev)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *e = json_array_get(evs, i);
        const char *s = json_string_value(json_object_get(e, "source"));
        const char *t = json_string_value(json_object_get(e, "target"));
        const char *c = json_string_value(json_object_get(e, "code"));
        if (!c) {
            rc = -1;
            break;
        }
        kh_gold_event *ge = &g->ev[g->n++];
        ge->source = kh_arena_strdup(doc->arena, s ? s : "---");
        ge->target = kh_arena_strdup(doc->arena, t ? t : "---");
        ge->code = kh_arena_strdup(doc->arena, c);
        if (!ge->source || !ge->target || !ge->code)
            rc = -1;
    }
    if (rc == 0 && n == 0)
        g->marker = "noevents";
    json_decref(root);
    return rc;
}

int kh_gold_read(const kh_doc *doc, kh_gold *g)
{
    memset(g, 0, sizeof *g);
    if (doc->gold) {
        if (gold_from_lines(doc, g) < 0)
            return -1;
        g->has_gold = g->n > 0 || g->marker != NULL;
        if (!g->has_gold && g->partial) {
            g->has_gold = 1;
            g->marker = "skip";
        }
        return 0;
    }
    if (doc->extra_json)
        return gold_from_json(doc, g);
    return 0;
}

static void list_keys(kh_buf *b, char (*keys)[KEYLEN], int n)
{
    if (n == 0)
        kh_buf_puts(b, "(none)");
    for (int i = 0; i < n; i++)
        kh_buf_printf(b, "%s[%s]", i ? " " : "", keys[i]);
}

int kh_score_record(kh_score *s, const kh_gold *g, const kh_event *ev, int nev, kh_buf *why)
{
    static const int levels = KH_LEVEL_COUNT;
    char gk[MAXEV][KEYLEN], ck[MAXEV][KEYLEN], k[KEYLEN];
    int result = 1;
    s->records++;
    if (!g->has_gold || (g->marker && strcmp(g->marker, "skip") == 0)) {
        s->unchecked++;
        return -1;
    }
    for (int lv = 0; lv < levels; lv++) {
        int ng = 0, nc = 0;
        for (int i = 0; i < g->n; i++) {
            make_key(k, lv, g->ev[i].source, g->ev[i].target, g->ev[i].code);
            set_add(gk, &ng, k);
        }
        for (int i = 0; i < nev; i++) {
            if (ev[i].negated)
                continue;               /* a negated event is a claim that nothing happened */
            make_key(k, lv, ev[i].source.code, ev[i].target.code, ev[i].cameo);
            set_add(ck, &nc, k);
        }
        int tp = 0;
        for (int i = 0; i < nc; i++)
            tp += set_has(gk, ng, ck[i]);
        s->tp[lv] += tp;
        s->fp[lv] += nc - tp;
        s->fn[lv] += ng - tp;
        if (lv == KH_LEVEL_FULL && (tp != ng || (tp != nc && !g->partial))) {
            result = 0;
            if (why) {
                kh_buf_puts(why, "expected ");
                if (g->marker && ng == 0)
                    kh_buf_puts(why, g->marker);
                else
                    list_keys(why, gk, ng);
                kh_buf_puts(why, "; got ");
                list_keys(why, ck, nc);
            }
        }
    }
    if (result)
        s->passed++;
    else
        s->failed++;
    return result;
}

double kh_score_precision(const kh_score *s, int level)
{
    long d = s->tp[level] + s->fp[level];
    return d ? (double)s->tp[level] / (double)d : 0.0;
}

double kh_score_recall(const kh_score *s, int level)
{
    long d = s->tp[level] + s->fn[level];
    return d ? (double)s->tp[level] / (double)d : 0.0;
}

void kh_score_print(FILE *out, const kh_score *s, int with_pr)
{
    static const char *const names[KH_LEVEL_COUNT] = {
        "full codes (actors + event code)", "actors + root", "countries + root", "root only",
    };
    if (with_pr) {
        fprintf(out, "%-34s %9s %9s %6s %6s %6s\n", "level", "precision", "recall", "tp", "fp", "fn");
        for (int lv = 0; lv < KH_LEVEL_COUNT; lv++)
            fprintf(out, "%-34s %9.3f %9.3f %6ld %6ld %6ld\n", names[lv],
                    kh_score_precision(s, lv), kh_score_recall(s, lv),
                    s->tp[lv], s->fp[lv], s->fn[lv]);
    }
    if (s->unchecked)
        fprintf(out, "%ld records not checked\n", s->unchecked);
    fprintf(out, "%ld passed, %ld failed\n", s->passed, s->failed);
}

/* ---- TABARI option blocks ----------------------------------------------------------- */

/* s begins with word w (any case), followed by a non-letter. */
static int starts_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    return strncasecmp(s, w, n) == 0 && !isalpha((unsigned char)s[n]);
}

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* "[CODE]" at s into out (16 bytes); returns the text after it, or NULL. */
static const char *bracket_code(const char *s, char *out)
{
    s = skip_space(s);
    if (*s != '[')
        return NULL;
    const char *e = strchr(s, ']');
    if (!e || e - s - 1 <= 0 || e - s - 1 >= 16)
        return NULL;
    memcpy(out, s + 1, (size_t)(e - s - 1));
    out[e - s - 1] = '\0';
    return e + 1;
}

static int tabari_default(kh_code_opts *o, const char *s)
{
    if (starts_word(skip_space(s), "OFF")) {
        o->default_source[0] = o->default_target[0] = '\0';
        o->default_prior = o->default_after = 0;
        return 0;
    }
    for (s = skip_space(s); *s; s = skip_space(s)) {
        if (starts_word(s, "SOURCE")) {
            if (!(s = bracket_code(s + 6, o->default_source)))
                return -1;
        } else if (starts_word(s, "TARGET")) {
            if (!(s = bracket_code(s + 6, o->default_target)))
                return -1;
        } else if (starts_word(s, "PRIOR")) {
            o->default_prior = 1;
            s += 5;
        } else if (starts_word(s, "AFTER")) {
            o->default_after = 1;
            s += 5;
        } else {
            return -1;
        }
    }
    return 0;
}

static int tabari_comma(kh_code_opts *o, const char *s)
{
    if (starts_word(skip_space(s), "OFF")) {
        o->comma_max = o->comma_emax = o->comma_bmax = 0;
        return 0;
    }
    static const char *const names[] = {"MIN", "MAX", "EMIN", "EMAX", "BMIN", "BMAX"};
    int *fields[] = {&o->comma_min, &o->comma_max, &o->comma_emin, &o->comma_emax, &o->comma_bmin, &o->comma_bmax};
    for (s = skip_space(s); *s && *s != '*' && *s != '}'; s = skip_space(s)) {
        int k = 0;
        while (k < 6 && !starts_word(s, names[k]))
            k++;
        if (k == 6)
            return -1;
        s = skip_space(s + strlen(names[k]));
        if (*s != '=')
            return -1;
        char *end;
        long v = strtol(s + 1, &end, 10);
        if (end == s + 1 || v < 0)
            return -1;
        /* TABARI writes BMIN = 255 BMAX = 0 for "never" */
        *fields[k] = v > 1000 ? 1000 : (int)v;
        s = end;
    }
    return 0;
}

/* "VERBS[5] CONJ[4] NOACTPRIOR EXPLAIN": limits of a complex sentence. */
static int tabari_complex(kh_code_opts *o, const char *s)
{
    o->complex_verbs = o->complex_conj = o->complex_noactprior = 0;
    for (s = skip_space(s); *s && *s != '*' && *s != '}'; s = skip_space(s)) {
        int *field = NULL;
        if (strncasecmp(s, "VERBS[", 6) == 0)
            field = &o->complex_verbs, s += 6;
        else if (strncasecmp(s, "CONJ[", 5) == 0)
            field = &o->complex_conj, s += 5;
        if (field) {
            char *end;
            long v = strtol(s, &end, 10);
            if (end == s || *end != ']' || v < 0 || v > 1000)
                return -1;
            *field = (int)v;
            s = end + 1;
            continue;
        }
        if (starts_word(s, "NOACTPRIOR"))
            o->complex_noactprior = 1;
        while (*s && *s != ' ' && *s != '\t')
            s++;                    /* EXPLAIN and other words: output only */
    }
    return 0;
}

int kh_tabari_option(kh_code_opts *o, const char *block)
{
    const char *s = skip_space(block);
    if (starts_word(s, "COMPLEX"))
        return tabari_complex(o, strchr(s, ':') ? strchr(s, ':') + 1 : s + 7);
    if (starts_word(s, "DEFAULT"))
        return tabari_default(o, strchr(s, ':') ? strchr(s, ':') + 1 : s + 7);
    if (starts_word(s, "COMMA"))
        return tabari_comma(o, strchr(s, ':') ? strchr(s, ':') + 1 : s + 5);
    if (starts_word(s, "SET")) {
        const char *t = skip_space(strchr(s, ':') ? strchr(s, ':') + 1 : s + 3);
        if (starts_word(t, "CODE")) {
            t = skip_space(t + 4);
            if (starts_word(t, "ALL"))
                o->code_by = KH_CODE_BY_ALL;
            else if (starts_word(t, "BY")) {
                t = skip_space(t + 2);
                if (starts_word(t, "SENTENCE"))
                    o->code_by = KH_CODE_BY_SENTENCE;
                else if (starts_word(t, "CLAUSE"))
                    o->code_by = KH_CODE_BY_CLAUSE;
                else
                    return -1;
            } else
                return -1;
            return 0;
        }
        if (starts_word(t, "MINIMUM")) {
            const char *eq = strchr(t, '=');
            char *end;
            long n = eq ? strtol(eq + 1, &end, 10) : -1;
            if (!eq || end == eq + 1 || n < 0 || n > 1000)
                return -1;
            o->min_words = (int)n;
            return 0;
        }
        if (starts_word(t, "TIME")) {           /* SET: TIME SHIFT = TRUE|FALSE */
            const char *eq = strchr(t, '=');
            if (!eq)
                return -1;
            o->time_shift = starts_word(skip_space(eq + 1), "TRUE");
            return 0;
        }
        if (starts_word(t, "CONVERT")) {
            const char *eq = strchr(t, '=');
            if (!eq)
                return -1;
            eq = skip_space(eq + 1);
            o->convert_agent = starts_word(eq, "TRUE");
            return 0;
        }
        return 1;
    }
    static const char *const known[] = {"OUTPUT", "LABEL", "FORWARD", "SKIP", NULL};
    for (int k = 0; known[k]; k++)
        if (starts_word(s, known[k]))
            return 1;
    return -1;
}

int kh_tabari_forward(const char *block, char *fmt, size_t n)
{
    const char *s = skip_space(block);
    if (!starts_word(s, "FORWARD"))
        return -1;
    s = strchr(s, ':') ? skip_space(strchr(s, ':') + 1) : skip_space(s + 7);
    size_t len = strcspn(s, " \t}");
    if (n)
        fmt[0] = '\0';
    if (len == 0 || len >= n)
        return 0;
    for (const char *w = s + len; *(w = skip_space(w)) && *w != '}'; w += strcspn(w, " \t}"))
        if (starts_word(w, "OFF"))
            return 0;
    memcpy(fmt, s, len);
    fmt[len] = '\0';
    return 1;
}

int kh_tabari_sequence(const char *fmt, const char *id, long *story, long *sent)
{
    *story = *sent = -1;
    while (*fmt == '^')
        fmt++;                  /* the blanks before the record id: gone from doc->id */
    size_t n = strlen(fmt);
    if (!id || strlen(id) < n)
        return -1;
    for (int k = 0; k < 2; k++) {
        const char *run = strchr(fmt, k ? 'S' : 'N');
        if (!run)
            return -1;
        long v = 0;
        for (const char *f = run; *f == (k ? 'S' : 'N'); f++) {
            char c = id[f - fmt];
            if (c < '0' || c > '9') {
                v = 0;          /* TABARI: a non-numeric number is zero */
                break;
            }
            v = v * 10 + (c - '0');
        }
        *(k ? sent : story) = v;
    }
    return 0;
}
