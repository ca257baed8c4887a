/* quantity.c - amounts carried by events (see quantity.h).
 *
 * Every number of the sentence (digits, "2,500", "1.5bn", "forty-five", with
 * "million" or "billion" after it) is read with the approximation words before
 * it, then classified by its neighbours, in order: a currency makes it money; a
 * casualty verb before it ("killed 12") or after it ("12 were killed", "nine
 * dead") makes it casualties; otherwise the noun it counts decides (troops,
 * weapons, people). A number that counts nothing known is dropped. */
#include "quantity.h"
#include "lightlex.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORD KH_LIGHTLEX_WORD

/* The words lower-cased (lightlex.h); short names for its look-ups. */
typedef kh_lightlex scan;

static const char *W(const scan *sc, int i) { return kh_lightlex_word(sc, i); }
/* is() and is_any() compare the first bytes before calling strcmp: the scanners
 * try every word against every table, and nearly all differ at once (issue 8). */
static int is(const scan *sc, int i, const char *x)
{
    const char *w = W(sc, i);
    return w[0] == x[0] && strcmp(w, x) == 0;
}
static int is_any(const scan *sc, int i, const char *const *list)
{
    const char *w = W(sc, i);
    for (; *list; list++)
        if (w[0] == (*list)[0] && strcmp(w, *list) == 0)
            return 1;
    return 0;
}

const char *kh_qty_kind_name(kh_qty_kind k)
{
    static const char *const names[] = { "money", "troops", "people", "casualties", "weapons" };
    return (k >= KH_QTY_MONEY && k <= KH_QTY_WEAPONS) ? names[k] : "?";
}

/* ---- numbers ---- */

static const char *const units_words[] = { "zero", "one", "two", "three", "four", "five", "six", "seven",
                                           "eight", "nine", "ten", "eleven", "twelve", "thirteen",
                                           "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                                           "nineteen", NULL };
static const char *const tens_words[] = { "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
                                          "eighty", "ninety", NULL };

static int word_number(const char *x)   /* 0..99 for a number word, -1 when not */
{
    for (int k = 1; units_words[k]; k++)   /* (first bytes first: asked of every word) */
        if (x[0] == units_words[k][0] && strcmp(x, units_words[k]) == 0)
            return k;
    for (int k = 2; tens_words[k]; k++)
        if (x[0] == tens_words[k][0] && strcmp(x, tens_words[k]) == 0)
            return 10 * k;
    return -1;
}

/* "2,500", "1.5", "4bn", "250m", "20k" -> value; 0 when x is not such a number. */
static int digit_number(const char *x, double *v)
{
    if (!isdigit((unsigned char)x[0]))
        return 0;
    char buf[MAX_WORD];
    size_t k = 0;
    const char *p = x;
    for (; *p && (isdigit((unsigned char)*p) || *p == ',' || *p == '.') && k + 1 < sizeof buf; p++)
        if (*p != ',')
            buf[k++] = *p;
    buf[k] = '\0';
    if (k && buf[k - 1] == '.')
        buf[--k] = '\0';
    double mult = 1;
    if (*p) {
        if (strcmp(p, "bn") == 0 || strcmp(p, "b") == 0) mult = 1e9;
        else if (strcmp(p, "m") == 0 || strcmp(p, "mn") == 0 || strcmp(p, "mln") == 0) mult = 1e6;
        else if (strcmp(p, "k") == 0) mult = 1e3;
        else if (strcmp(p, "tn") == 0) mult = 1e12;
        else return 0;            /* "5th", "10:30", "9/11", "5%" */
    }
    *v = strtod(buf, NULL) * mult;
    return 1;
}

static double scale_at(const scan *sc, int i)
{
    if (is(sc, i, "thousand")) return 1e3;
    if (is(sc, i, "million") || is(sc, i, "mln") || is(sc, i, "m") || is(sc, i, "mn")) return 1e6;
    if (is(sc, i, "billion") || is(sc, i, "bn")) return 1e9;
    if (is(sc, i, "trillion") || is(sc, i, "tn")) return 1e12;
    return 0;
}

/* Reads a number at i; returns the words used (0: none) and its value. */
static int read_number(const scan *sc, int i, double *v)
{
    int len = 0;
    int wn;
    if (digit_number(W(sc, i), v)) {
        len = 1;
    } else if ((wn = word_number(W(sc, i))) >= 0) {
        *v = wn;
        len = 1;
        int k = i + 1;
        if (is(sc, k, "-"))
            k++;
        int u = word_number(W(sc, k));
        if (wn >= 20 && wn % 10 == 0 && u > 0 && u < 10) {   /* "forty-five" */
            *v += u;
            len = k + 1 - i;
        }
        if (is(sc, i + len, "hundred")) {
            *v *= 100;
            len++;
        }
    } else if (strchr(W(sc, i), '-')) {   /* "forty-five" as one token */
        const char *x = W(sc, i), *dash = strchr(x, '-');
        char a[MAX_WORD];
        snprintf(a, sizeof a, "%.*s", (int)(dash - x), x);
        int t = word_number(a), u = word_number(dash + 1);
        if (t >= 20 && t % 10 == 0 && u > 0 && u < 10) {
            *v = t + u;
            len = 1;
        }
    }
    if (!len)
        return 0;
    double m = scale_at(sc, i + len);
    if (m) {
        *v *= m;
        len++;
    }
    return len;
}

/* ---- approximation words before the number ---- */

typedef struct approx_cue { const char *a, *b; int bound; } approx_cue;

static const approx_cue approx_cues[] = {
    { "at", "least", 1 }, { "more", "than", 1 }, { "upwards", "of", 1 }, { "just", "over", 1 },
    { "up", "to", -1 }, { "less", "than", -1 }, { "fewer", "than", -1 }, { "as", "many", -1 },
    { "just", "under", -1 }, { "close", "to", 0 }, { "an", "estimated", 0 },
    { "over", NULL, 1 }, { "nearly", NULL, -1 }, { "almost", NULL, -1 }, { "under", NULL, -1 },
    { "about", NULL, 0 }, { "around", NULL, 0 }, { "roughly", NULL, 0 }, { "approximately", NULL, 0 },
    { "some", NULL, 0 }, { "estimated", NULL, 0 }, { "~", NULL, 0 },
    { NULL, NULL, 0 },
};

/* Sets approx/bound from the words ending just before start; returns the first word used. */
static int read_approx(const scan *sc, int start, kh_quantity *q)
{
    int k = start;
    if (is(sc, k - 1, "as") && is(sc, k - 2, "many") && is(sc, k - 3, "as")) {   /* "as many as" */
        q->approx = 1;
        q->bound = -1;
        return k - 3;
    }
    for (int c = 0; approx_cues[c].a; c++) {
        if (approx_cues[c].b) {
            if (is(sc, k - 2, approx_cues[c].a) && is(sc, k - 1, approx_cues[c].b)) {
                q->approx = 1;
                q->bound = (int8_t)approx_cues[c].bound;
                return k - 2;
            }
        } else if (is(sc, k - 1, approx_cues[c].a)) {
            q->approx = 1;
            q->bound = (int8_t)approx_cues[c].bound;
            return k - 1;
        }
    }
    return k;
}

/* ---- what the number counts ---- */

typedef struct currency { const char *w; const char *code; } currency;

static const currency symbols[] = {
    { "$", "USD" }, { "us$", "USD" }, { "usd", "USD" }, { "€", "EUR" }, { "eur", "EUR" }, { "£", "GBP" },
    { "gbp", "GBP" }, { "¥", "JPY" }, { NULL, NULL },
};

static const currency currency_words[] = {
    { "dollars", "USD" }, { "dollar", "USD" }, { "euros", "EUR" }, { "euro", "EUR" }, { "pounds", "GBP" },
    { "sterling", "GBP" }, { "yen", "JPY" }, { "yuan", "CNY" }, { "renminbi", "CNY" }, { "rubles", "RUB" },
    { "roubles", "RUB" }, { "rupees", "INR" }, { "riyals", "SAR" }, { "dirhams", "AED" },
    { "shekels", "ILS" }, { "lira", "TRY" }, { "liras", "TRY" }, { "hryvnias", "UAH" }, { "francs", "CHF" },
    { NULL, NULL },
};

static const char *currency_of(const scan *sc, int i, const currency *table)
{
    for (int k = 0; table[k].w; k++)
        if (is(sc, i, table[k].w))
            return table[k].code;
    return NULL;
}

static const char *const troop_nouns[] = { "troops", "soldiers", "personnel", "marines", "peacekeepers",
                                           "servicemen", "paratroopers", "reservists", "sailors", "fighters",
                                           "militants", "rebels", "guerrillas", "mercenaries", "commandos",
                                           "police", "policemen", "officers", "guards", "recruits", NULL };
static const char *const weapon_nouns[] = { "missiles", "rockets", "drones", "tanks", "jets", "aircraft",
                                            "warplanes", "planes", "helicopters", "shells", "bombs", "mortars",
                                            "howitzers", "warheads", "rifles", "guns", "launchers", "systems",
                                            "vehicles", "warships", "ships", "submarines", "vessels", "frigates",
                                            "destroyers", "batteries", "munitions", "rounds", "grenades",
                                            "mines", "interceptors", "satellites", "f-16s", "f-35s", NULL };
static const char *const people_nouns[] = { "people", "civilians", "protesters", "demonstrators", "refugees",
                                            "migrants", "prisoners", "detainees", "hostages", "students",
                                            "workers", "residents", "families", "children", "journalists",
                                            "villagers", "worshippers", "pilgrims", "voters", "delegates",
                                            "diplomats", "activists", "members", "persons", "women", "men",
                                            "palestinians", "israelis", "passengers", "captives", NULL };

static const char *const casualty_verbs_before[] = { "killed", "killing", "kills", "kill", "wounded",
                                                     "wounding", "wounds", "injured", "injuring",
                                                     "injures", NULL };

/* The casualty word after the counted words: "killed", "dead", "wounded", "injured"; NULL when none. */
static const char *casualty_after(const scan *sc, int k)
{
    static const char *const aux[] = { "were", "was", "are", "is", "have", "has", "had", "been", "being",
                                       "reportedly", "also", "later", NULL };
    for (int steps = 0; steps < 4 && is_any(sc, k, aux); steps++)
        k++;
    if (is(sc, k, "killed") || is(sc, k, "died") || is(sc, k, "die") || is(sc, k, "slain"))
        return "killed";
    if (is(sc, k, "dead"))
        return "dead";
    if (is(sc, k, "wounded"))
        return "wounded";
    if (is(sc, k, "injured") || is(sc, k, "hurt"))
        return "injured";
    return NULL;
}

static const char *casualty_verb_role(const char *v)
{
    if (v[0] == 'k')
        return "killed";
    if (v[0] == 'w')
        return "wounded";
    return "injured";
}

/* Classifies the number at [first, end) (end = the word after it). Returns 1 and
 * fills q, or 0 when the number counts nothing known. */
static int classify(const scan *sc, int first, int end, int approx_start, kh_quantity *q)
{
    const char *code;
    /* money: "$550 million", "US$ 20m", "550 million dollars" */
    if ((code = currency_of(sc, first - 1, symbols)) != NULL
        || (code = currency_of(sc, end, currency_words)) != NULL) {
        q->kind = KH_QTY_MONEY;
        snprintf(q->unit, sizeof q->unit, "%s", code);
        q->last = currency_of(sc, end, currency_words) ? end : end - 1;
        return 1;
    }
    /* the counted noun, after up to three modifiers ("24 fighter jets", "31 Abrams tanks") */
    int noun = -1, kind = -1;
    for (int k = end; k < end + 4 && k < sc->n; k++) {
        if (is_any(sc, k, troop_nouns)) { noun = k; kind = KH_QTY_TROOPS; }
        else if (is_any(sc, k, weapon_nouns)) { noun = k; kind = KH_QTY_WEAPONS; }
        else if (is_any(sc, k, people_nouns)) { noun = k; kind = KH_QTY_PEOPLE; }
        if (noun >= 0 || is(sc, k, ",") || is(sc, k, ".") || is(sc, k, "and") || is(sc, k, "of")
            || is(sc, k, "in") || is(sc, k, "to") || isdigit((unsigned char)W(sc, k)[0])
            || word_number(W(sc, k)) >= 0)
            break;                                /* "two sides exchanged 1,200 prisoners" */
    }
    int after = noun >= 0 ? noun + 1 : end;
    /* casualties: "killed 12 (people)", "12 (soldiers) were killed", "nine dead" */
    const char *role = casualty_after(sc, after);
    static const char *const not_nouns[] = { "and", "or", "but", "were", "was", "are", "is", "had", "have",
                                             "has", "in", "on", "at", "of", "as", "dead", "killed", NULL };
    if (!role && noun < 0 && isalpha((unsigned char)W(sc, end)[0]) && !is_any(sc, end, not_nouns)
        && (role = casualty_after(sc, end + 1)) != NULL)
        after = end + 1;                          /* "a soldier was killed", "five Kurds died" */
    int verb = approx_start - 1;
    if (!role && is_any(sc, verb, casualty_verbs_before))
        role = casualty_verb_role(W(sc, verb));
    if (!role && (is(sc, verb, "to") || is(sc, verb, "at")) && (is(sc, verb - 2, "toll") || is(sc, verb - 1, "toll")
                                                               || is(sc, verb - 3, "toll")))
        role = "killed";                          /* "the death toll rose to 200" */
    if (role) {
        q->kind = KH_QTY_CASUALTIES;
        snprintf(q->unit, sizeof q->unit, "%s", role);
        q->last = after - 1;
        return 1;
    }
    if (noun >= 0 && kind >= 0) {
        q->kind = (kh_qty_kind)kind;
        snprintf(q->unit, sizeof q->unit, "%s", W(sc, noun));
        q->last = noun;
        return 1;
    }
    return 0;
}

static const char *const months[] = { "january", "february", "march", "april", "may", "june", "july",
                                      "august", "september", "october", "november", "december", "jan",
                                      "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                                      "nov", "dec", NULL };

int kh_quantity_find(const kh_sentence *s, kh_quantity *out, int max)
{
    if (!s || max <= 0)
        return 0;
    scan sc;
    if (kh_lightlex_init(&sc, s) < 0)
        return 0;
    int n = 0;
    for (int i = 0; i < s->nwords && n < max;) {
        double v = 0;
        int len = read_number(&sc, i, &v);
        /* "a soldier was killed": one casualty */
        if (!len && (is(&sc, i, "a") || is(&sc, i, "an")) && casualty_after(&sc, i + 2)
            && !is_any(&sc, i + 1, (const char *const[]){ "number", "total", "dozen", NULL })) {
            v = 1;
            len = 1;
        }
        if (!len || is_any(&sc, i + len, months) || is_any(&sc, i - 1, months)
            || is(&sc, i + len, "%") || is(&sc, i + len, "percent") || is(&sc, i + len, "per")) {
            i++;
            continue;
        }
        kh_quantity q;
        memset(&q, 0, sizeof q);
        int a = read_approx(&sc, i, &q);
        q.value = v;
        q.first = a;
        if (is(&sc, i - 1, "$") || is(&sc, i - 1, "€") || is(&sc, i - 1, "£"))
            q.first = a < i - 1 ? a : i - 1;
        /* approximation words may sit before the currency: "nearly $550 million" */
        if (currency_of(&sc, i - 1, symbols) && !q.approx) {
            int a2 = read_approx(&sc, i - 1, &q);
            if (q.approx)
                q.first = a2;
            a = a2;
        }
        if (classify(&sc, i, i + len, a, &q))
            out[n++] = q;
        i += len;
    }
    kh_lightlex_free(&sc);
    return n;
}

int kh_quantity_format(const kh_quantity *q, char *buf, size_t n)
{
    double r = round(q->value);
    if (fabs(q->value - r) < 1e-9)
        return snprintf(buf, n, "%s %.0f %s %d", kh_qty_kind_name(q->kind), q->value, q->unit, q->approx);
    return snprintf(buf, n, "%s %g %s %d", kh_qty_kind_name(q->kind), q->value, q->unit, q->approx);
}
