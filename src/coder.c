/* coder.c - CAMEO events from a parsed sentence (see coder.h).
 *
 * The order of work for one sentence:
 *   1. checks: length, a usable tree, discard phrases; the comma clauses the
 *      comma_* options remove are marked;
 *   2. the sentence is prepared for the dictionary and its actor mentions found, with
 *      those the document's resolver adds (pronouns, titles, "the two sides": coref.h);
 *      in TABARI's shallow reading its [###] / [+++] actor codes and COMPLEX limits
 *      may end the sentence here;
 *   3. predicates (dictionary verbs, and event nouns) are taken outermost first, so
 *      that a pattern of "agreed to visit" can claim "visit" before it is coded alone;
 *   4. for each predicate: the verb block's patterns are tried against the words
 *      around it (longest first); source and target come from the pattern's $ and +
 *      when it names them, else from the tree (subject / passive agent; object /
 *      prepositional object), multiplied over conjuncts;
 *   5. negation, modality (intent codes), reported speech and paired codes adjust
 *      or suppress the result, and one event is written per source/target pair (and
 *      per code of a coded compound "FRO/BIL/SAM").
 * Where a stylised sentence was misparsed, a few rules read the tree as a reader would
 * (a subject right before the verb, a verb read as a modifier of its object); they
 * apply only when the tree itself gives no argument. */
#include "coder.h"
#include "coref.h"

#include "cameo.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAXARG 16   /* actors on one side of one predicate */

typedef struct pred {
    kh_verb_match vm;
    const kh_pattern *pat;      /* the pattern that fired, or NULL (the verb's own code) */
    const char *code, *code2;
    int special;
    int src[MAXARG], nsrc;      /* actor mention indexes */
    int tgt[MAXARG], ntgt;
    int reciprocal;             /* "A and B met": every ordered pair of src */
    int lit[32], nlit;          /* tokens matched by the pattern's literal words */
} pred;

typedef struct ctx {
    const kh_dict *d;
    const kh_code_opts *o;
    kh_doc *doc;
    kh_sentence *s;
    int si, n;
    kh_arena *a;
    kh_dict_sent ds;
    kh_actor_match *am;
    int nam, nfound, capam;     /* mentions found, then derived ones after nfound */
    int *actor_at;              /* token -> mention covering it, -1 */
    int *first, *next;          /* children lists */
    int *depth;
    unsigned char *consumed;    /* claimed by a pattern or by an outer predicate */
    unsigned char *deleted;     /* in a comma clause the comma_* options remove, or NULL */
    int32_t date;
    kh_events *out;
    kh_buf *trace;
    int emitted;
    const char **issues;        /* issue codes of the sentence (dictionary themes) */
    int nissues;
    kh_coref *coref;            /* the document's actor resolver, or NULL */
    const char **entity;        /* mention -> entity id given by the resolver, else NULL */
    int *pair;                  /* mention -> its second party ("the two sides"), else -1 */
    const char **how;           /* mention -> how the resolver found it ("pronoun"), else NULL */
    const char **ante;          /* mention -> what it stands for ("Karim Nouri"), else NULL */
    int skip_m;                 /* a mention first_actor_after passes over, -1 */
    int nest;                   /* depth of actors_of calls (agents and conjuncts refer
                                   to each other: "Indian and Japanese officials") */
    int last_rank;              /* kh_code_rank of the code the last predicate coded */
    int32_t *actor_end;         /* token -> end of the mention starting there (actor_ends) */
    int nsubev;                 /* events of the sentence given by TABARI subordinate codes
                                   ("SAID [023?]"): they end neither the reading nor a clause */
    int *sclause;               /* shallow reading: token -> first token of its TABARI clause */
} ctx;

/* ---- options --------------------------------------------------------------------- */

void kh_code_opts_init(kh_code_opts *o)
{
    memset(o, 0, sizeof *o);
    o->require_dyad = 1;
    o->intent_codes = 1;
    o->fill_agents = 1;
    o->max_words = 120;
    o->coref = 1;
    o->split_codes = 1;
}

static int parse_bool(const char *v, int *out)
{
    static const char *const yes[] = {"true", "yes", "1", "on"}, *const no[] = {"false", "no", "0", "off"};
    for (int i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0) { *out = 1; return 0; }
        if (strcasecmp(v, no[i]) == 0) { *out = 0; return 0; }
    }
    return -1;
}

static int parse_int(const char *v, int *out)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (end == v || *end || x < 0 || x > 1000000)
        return -1;
    *out = (int)x;
    return 0;
}

int kh_code_opts_set(kh_code_opts *o, const char *name, const char *value)
{
    static const char *const ignored[] = {"stop_on_error", "write_actor_root", "write_actor_text",
                                          "write_event_text", "run_date", "code_by_sentence", NULL};
    struct { const char *name; int *field; int boolean; } table[] = {
        {"require_dyad", &o->require_dyad, 1}, {"code_statements", &o->code_statements, 1},
        {"negated", &o->negated, 1}, {"intent_codes", &o->intent_codes, 1},
        {"verbose", &o->verbose, 1}, {"shallow", &o->shallow, 1}, {"fill_agents", &o->fill_agents, 1},
        {"coref", &o->coref, 1},
        {"new_actor_length", &o->new_actor_length, 0}, {"max_words", &o->max_words, 0},
        {"min_words", &o->min_words, 0}, {"complex_verbs", &o->complex_verbs, 0},
        {"complex_conj", &o->complex_conj, 0}, {"complex_noactprior", &o->complex_noactprior, 1},
        {"convert_agent", &o->convert_agent, 1}, {"split_codes", &o->split_codes, 1},
        {"place_targets", &o->place_targets, 1}, {"verb_phrases", &o->verb_phrases, 1},
        {"agentless_passive", &o->agentless_passive, 0}, {"exact_words", &o->exact_words, 1},
        {"first_np_actor", &o->first_np_actor, 1},
        {"comma_min", &o->comma_min, 0}, {"comma_max", &o->comma_max, 0},
        {"comma_bmin", &o->comma_bmin, 0}, {"comma_bmax", &o->comma_bmax, 0},
        {"comma_emin", &o->comma_emin, 0}, {"comma_emax", &o->comma_emax, 0},
        {"time_shift", &o->time_shift, 1},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcasecmp(name, table[i].name) == 0)
            return table[i].boolean ? parse_bool(value, table[i].field) : parse_int(value, table[i].field);
    for (int i = 0; ignored[i]; i++)
        if (strcasecmp(name, ignored[i]) == 0)
            return 1;
    return -1;
}

const char *kh_sent_status_name(kh_sent_status s)
{
    static const char *const names[KH_SENT_STATUS_COUNT] = {
        "coded", "no_event", "too_long", "unparsed", "discard", "story_discard", "complex",
    };
    return (s >= 0 && s < KH_SENT_STATUS_COUNT) ? names[s] : "?";
}

/* ---- the tree ---------------------------------------------------------------------- */

/* The relation tests compare in line: relations are a few bytes, most differ at the
 * first, and the coder asks them of every child it walks (issue 8). after_prefix
 * returns what follows rel in the word's relation when the relation starts with rel,
 * else NULL. */
static const char *after_prefix(const kh_word *w, const char *rel)
{
    const char *d = w->deprel;
    if (!d)
        return NULL;
    while (*rel && *d == *rel) {
        d++;
        rel++;
    }
    return *rel ? NULL : d;
}

/* The word's relation is rel exactly. */
static int rel_is(const kh_word *w, const char *rel)
{
    const char *d = after_prefix(w, rel);
    return d && *d == '\0';
}

/* rel or one of its subtypes ("obl" for "obl:tmod"). */
static int rel_base(const kh_word *w, const char *rel)
{
    const char *d = after_prefix(w, rel);
    return d && (*d == '\0' || *d == ':');
}

static const char *lemma_of(const kh_word *w)
{
    return w->lemma ? w->lemma : w->form;
}

static int lemma_in(const kh_word *w, const char *const *list)
{
    const char *l = lemma_of(w);
    for (int i = 0; list[i]; i++)
        if (strcasecmp(l, list[i]) == 0)
            return 1;
    return 0;
}

#define FOR_CHILD(c, x, i) for (int c = (x)->first[i]; c >= 0; c = (x)->next[c])

static int build_tree(ctx *x)
{
    int n = x->n;
    x->first = kh_arena_alloc(x->a, sizeof(int) * (size_t)n);
    x->next = kh_arena_alloc(x->a, sizeof(int) * (size_t)n);
    x->depth = kh_arena_alloc(x->a, sizeof(int) * (size_t)n);
    if (!x->first || !x->next || !x->depth)
        return -1;
    for (int i = 0; i < n; i++)
        x->first[i] = x->next[i] = -1;
    for (int i = n - 1; i >= 0; i--) {
        int h = x->s->words[i].head;
        if (h < 0 || h > n || h == i + 1)
            return 1;
        if (h > 0) {
            x->next[i] = x->first[h - 1];
            x->first[h - 1] = i;
        }
    }
    for (int i = 0; i < n; i++) {     /* depth, refusing cycles */
        int d = 0, h = x->s->words[i].head;
        while (h > 0 && d <= n) {
            h = x->s->words[h - 1].head;
            d++;
        }
        if (d > n)
            return 1;
        x->depth[i] = d;
    }
    return 0;
}

static int child_with(ctx *x, int i, const char *rel)
{
    FOR_CHILD(c, x, i)
        if (rel_is(&x->s->words[c], rel))
            return c;
    return -1;
}

/* The preposition of a nominal dependent ("with" of "with Gondor"), or NULL. */
static const char *case_of(ctx *x, int t)
{
    FOR_CHILD(c, x, t)
        if (rel_is(&x->s->words[c], "case"))
            return lemma_of(&x->s->words[c]);
    return NULL;
}

/* ---- comma clauses ------------------------------------------------------------- */

static int is_comma(const kh_word *w)
{
    return strcmp(w->form, ",") == 0;
}

/* Words (not punctuation) in tokens [from, to). */
static int count_words(const kh_sentence *s, int from, int to)
{
    int k = 0;
    for (int t = from; t < to; t++)
        k += s->words[t].upos != KH_UPOS_PUNCT;
    return k;
}

/* A clause that continues a list of names ("Arnor, Gondor, and Bree") is part of a
 * noun phrase and stays, as in PETRARCH. */
static int list_item(const kh_sentence *s, int from, int to)
{
    for (int t = from; t < to; t++) {
        const kh_word *w = &s->words[t];
        int h = w->head - 1;
        if ((h < from || h >= to) && h >= 0 && h < s->nwords && w->deprel &&
            strncmp(w->deprel, "conj", 4) == 0 &&
            (w->upos == KH_UPOS_PROPN || w->upos == KH_UPOS_NOUN) &&
            (s->words[h].upos == KH_UPOS_PROPN || s->words[h].upos == KH_UPOS_NOUN))
            return 1;
    }
    return 0;
}

/* 1 when token a lies in the subtree of token h. */
static int under(const kh_sentence *s, int a, int h)
{
    for (int hops = 0; hops < 64 && a >= 0 && a < s->nwords; hops++) {
        if (a == h)
            return 1;
        a = s->words[a].head - 1;
    }
    return 0;
}

/* A comma between the modifiers in front of one noun ("complete, full diplomatic ties")
 * is part of that noun phrase, not the edge of a clause: PETRARCH reads a noun phrase
 * as one unit, commas and all (TABARI's shallow reading counts every comma). */
static int comma_in_noun_phrase(const kh_sentence *s, int t)
{
    if (t == 0 || t + 1 >= s->nwords)
        return 0;
    int h = s->words[t].head - 1;
    if (h <= t + 1 || h >= s->nwords ||
        (s->words[h].upos != KH_UPOS_NOUN && s->words[h].upos != KH_UPOS_PROPN))
        return 0;
    return under(s, t - 1, h) && under(s, t + 1, h);
}

int kh_code_comma_clauses(const kh_code_opts *o, const kh_sentence *s, unsigned char *deleted)
{
    int n = s->nwords, nd = 0;
    if (o->comma_max <= 0 && o->comma_emax <= 0 && o->comma_bmax <= 0)
        return 0;
    int c[64], nc = 0;
    for (int t = 0; t < n && nc < 64; t++)
        if (is_comma(&s->words[t]) && (o->shallow || !comma_in_noun_phrase(s, t)))
            c[nc++] = t;
    if (!nc)
        return 0;
    int end = n;
    while (end > 0 && s->words[end - 1].upos == KH_UPOS_PUNCT)
        end--;
    memset(deleted, 0, (size_t)n);
    int k = count_words(s, 0, c[0]);
    if (o->comma_bmax > 0 && k >= o->comma_bmin && k <= o->comma_bmax)
        for (int t = 0; t <= c[0]; t++)
            deleted[t] = 1;
    for (int i = 0; i + 1 < nc; i++) {
        k = count_words(s, c[i] + 1, c[i + 1]);
        if (o->comma_max > 0 && k >= o->comma_min && k <= o->comma_max && !list_item(s, c[i] + 1, c[i + 1]))
            for (int t = c[i] + 1; t <= c[i + 1]; t++)
                deleted[t] = 1;
    }
    /* a comma that closed a removed clause went with it: no end clause starts there */
    k = count_words(s, c[nc - 1] + 1, end);
    if (o->comma_emax > 0 && !deleted[c[nc - 1]] && k >= o->comma_emin && k <= o->comma_emax && !list_item(s, c[nc - 1] + 1, end))
        for (int t = c[nc - 1]; t < end; t++)
            deleted[t] = 1;
    for (int t = 0; t < n; t++)
        nd += deleted[t];
    return nd;
}

/* The coder's own removal, for trees it cannot re-parse (parses carried by the input). */
static int comma_clauses(ctx *x)
{
    const kh_code_opts *o = x->o;
    if (o->comma_max <= 0 && o->comma_emax <= 0 && o->comma_bmax <= 0)
        return 0;
    x->deleted = kh_arena_calloc(x->a, (size_t)x->n, 1);
    if (!x->deleted)
        return -1;
    if (kh_code_comma_clauses(o, x->s, x->deleted) == 0)
        x->deleted = NULL;
    return 0;
}

/* ---- actors ---------------------------------------------------------------------- */

static void add_actor(int *list, int *n, int m)
{
    if (m < 0)
        return;
    for (int i = 0; i < *n; i++)
        if (list[i] == m)
            return;
    if (*n < MAXARG)
        list[(*n)++] = m;
}

static int in_list(const int *list, int n, int m)
{
    for (int k = 0; k < n; k++)
        if (list[k] == m)
            return 1;
    return 0;
}

static int clausal(const kh_word *w)
{
    return rel_base(w, "acl") || rel_base(w, "advcl") || rel_base(w, "ccomp") ||
           rel_base(w, "parataxis") || rel_base(w, "conj") || rel_base(w, "csubj") ||
           rel_base(w, "xcomp") || rel_base(w, "cc") || rel_base(w, "punct");
}

/* The first actor mention (in token order of a depth-first walk) within the nominal
 * phrase of t, not entering clauses: "the foreign minister of Brazil" -> Brazil. */
static int phrase_mention(ctx *x, int t, int depth);
static int first_actor_after(ctx *x, int i, int after);
static int derive(ctx *x, int c, const char *role, int prefix);

/* A name with a title in front ("Dagolath's Deputy Prime Minister Telemar",
 * "Bree Prime Minister Romendacil"): the titled mention wins over the bare name,
 * and an agent alone takes the country of its possessor or the person's own. */
static int titled(ctx *x, int t, int m)
{
    if (x->am[m].agent)
        return m;
    FOR_CHILD(c, x, t) {
        const kh_word *w = &x->s->words[c];
        int a = x->actor_at[c];
        if (a < 0 || a == m || !(rel_is(w, "compound") || rel_base(w, "flat") || rel_is(w, "amod") ||
                                 rel_is(w, "appos")))
            continue;
        if (x->am[a].agent && x->am[a].actor)
            return a;
        if (!x->am[a].actor && x->am[a].code && strncmp(x->am[a].code, "---", 3) == 0 && x->am[a].code[3]) {
            int country = m;
            for (int pass = 0; pass < 2; pass++) {   /* the title's possessor, else the name's */
                int owner = pass ? t : x->am[a].head;
                FOR_CHILD(k, x, owner) {
                    const kh_word *wk = &x->s->words[k];
                    int q = x->actor_at[k];
                    if (country == m && q >= 0 && q != a && q != m && x->am[q].actor &&
                        (rel_is(wk, "nmod:poss") || (pass == 0 && (rel_is(wk, "compound") || rel_is(wk, "amod")))))
                        country = q;
                }
            }
            int prefix = x->am[a].agent ? x->am[a].agent->prefix : 0;
            return derive(x, country, x->am[a].code + 3, prefix);
        }
    }
    return m;
}

static const char *role_of(const kh_actor_match *m, int *prefix);

/* The actor owning a title that stands before a name ("Ithilen's awful and evil
 * minister Calimehtar", matched as the title and the name): the mention right before
 * the "'s" that the words back from the title (adjectives, conjunctions, names, nouns)
 * lead to; -1 when none. */
static int title_possessor(ctx *x, int m)
{
    int i = x->am[m].agent_start - 1;
    while (i >= 0 && x->actor_at[i] < 0) {
        uint8_t u = x->s->words[i].upos;
        if (u != KH_UPOS_ADJ && u != KH_UPOS_CCONJ && u != KH_UPOS_PROPN && u != KH_UPOS_NOUN &&
            u != KH_UPOS_ADV && u != KH_UPOS_NUM)
            break;
        i--;
    }
    if (i < 1 || x->actor_at[i] >= 0 || (strcmp(x->s->words[i].form, "'s") != 0 &&
                                        strcmp(x->s->words[i].form, "'") != 0))
        return -1;
    int q = x->actor_at[i - 1];
    return q >= 0 && q != m && x->am[q].actor ? q : -1;
}

/* A title before a name with a possessor in front: the possessor is the actor, as
 * the first actor of the noun phrase. PETRARCH gives it the title's role ("Ithilen's
 * evil minister Calimehtar" -> ITHGOV); TABARI's shallow reading only the agents
 * right next to it, none here (DAG for "Dagolath's first Deputy Prime Minister X"). */
static int possessed_title(ctx *x, int m)
{
    const kh_actor_match *am = &x->am[m];
    if (!am->agent || !am->actor || am->agent_start < 0 || am->agent_start >= am->actor_start)
        return m;
    int q = title_possessor(x, m);
    if (q < 0)
        return m;
    if (x->o->shallow)
        return q;
    int prefix;
    const char *role = role_of(am, &prefix);
    return role ? derive(x, q, role, prefix) : m;
}

static int actor_in_phrase(ctx *x, int t, int depth)
{
    int m = phrase_mention(x, t, depth);
    if (m >= 0 && possessed_title(x, m) != m)
        return possessed_title(x, m);
    return m >= 0 && x->am[m].head == t ? titled(x, t, m) : m;
}

static int pron_possessor(ctx *x, int t)
{
    FOR_CHILD(c, x, t)
        if (rel_is(&x->s->words[c], "nmod:poss") && x->s->words[c].upos == KH_UPOS_PRON)
            return 1;
    return 0;
}

static int agent_only(const kh_actor_match *m)
{
    return !m->actor && m->code && strncmp(m->code, "---", 3) == 0;
}

static int phrase_mention_pass(ctx *x, int t, int depth, int pass);

/* The mention a nominal phrase stands for: the one on its head word, else one
 * within it; a full actor ("drills of South Korea") before an agent that only
 * modifies ("military drills"). */
static int phrase_mention(ctx *x, int t, int depth)
{
    if (x->actor_at[t] >= 0)
        return x->actor_at[t];
    int m = phrase_mention_pass(x, t, depth, 0);
    return m >= 0 ? m : phrase_mention_pass(x, t, depth, 1);
}

static int phrase_mention_pass(ctx *x, int t, int depth, int pass)
{
    if (x->actor_at[t] >= 0)
        return (pass == 0 && agent_only(&x->am[x->actor_at[t]]) &&
                (rel_is(&x->s->words[t], "amod") || rel_is(&x->s->words[t], "compound"))) ? -1 : x->actor_at[t];
    if (depth > 6)
        return -1;
    FOR_CHILD(c, x, t) {
        if (clausal(&x->s->words[c]))
            continue;
        if (rel_is(&x->s->words[c], "amod") && x->actor_at[c] >= 0 && !x->am[x->actor_at[c]].actor &&
            pron_possessor(x, t))
            continue;       /* "his first official visit": "official" describes, it acts not */
        int m = phrase_mention_pass(x, c, depth + 1, pass);
        if (m >= 0)
            return m;
    }
    return -1;
}

/* The role part an agent mention lends to countries it is combined with: "LEG" of
 * "---LEG" (lawmakers), "GOV" of "ambassadors of Arnor"; NULL when none. */
static const char *role_of(const kh_actor_match *m, int *prefix)
{
    *prefix = m->agent && !m->role ? m->agent->prefix : 0;
    if (m->agent && m->role)
        return m->role;              /* "former officials": ELI */
    if (m->agent && m->agent->code)
        return m->agent->code;
    if (!m->actor && m->code && strncmp(m->code, "---", 3) == 0 && m->code[3])
        return m->code + 3;
    return NULL;
}

/* A mention like country mention c with role `role` added ("Gondor" + LEG ->
 * GONLEG), kept after the found mentions; returns its index (c when the code already
 * carries the role or no room is left). */
static int derive(ctx *x, int c, const char *role, int prefix)
{
    const char *code = x->am[c].code;
    size_t cl = strlen(code), rl = strlen(role);
    if (x->am[c].agent || (cl >= rl && strcmp(code + cl - rl, role) == 0))
        return c;
    for (int k = x->nfound; k < x->nam; k++)     /* derived before */
        if (x->am[k].start == x->am[c].start && x->am[k].agent_start == -2 - (int)rl &&
            strncmp(x->am[k].code + (prefix ? 0 : cl), role, rl) == 0)
            return k;
    if (x->nam >= x->capam)
        return c;
    char buf[128];
    snprintf(buf, sizeof buf, prefix ? "%s%s" : "%s%s", prefix ? role : code, prefix ? code : role);
    const char *dup = kh_arena_strdup(x->a, buf);
    if (!dup)
        return c;
    x->am[x->nam] = x->am[c];
    x->am[x->nam].code = dup;
    x->am[x->nam].agent_start = -2 - (int)rl;   /* marks a derived mention */
    return x->nam++;
}

static void actors_of(ctx *x, int t, int *list, int *n);

/* Countries a mention's agent applies to: "soldiers from Gondor", "lawmakers in
 * Arnor and Gondor" (an agent alone with a nominal dependent), and the conjuncts
 * of "the ambassadors of Arnor, Osgiliath and Gondor". Returns 1 when it added any. */
/* The countries an agent alone names by its dependents: "soldiers from Gondor",
 * "lawmakers in Arnor and Gondor" (not "police along the border with X"). */
static void agent_countries(ctx *x, int m, int *tmp, int *nt)
{
    FOR_CHILD(c, x, x->am[m].head) {
        const kh_word *w = &x->s->words[c];
        const char *cs = case_of(x, c);
        int own = cs && (strcasecmp(cs, "of") == 0 || strcasecmp(cs, "from") == 0 ||
                         strcasecmp(cs, "in") == 0);
        if (x->actor_at[c] != m &&
            (((rel_base(w, "nmod") || rel_base(w, "obl")) && own) || rel_is(w, "compound") || rel_is(w, "amod")))
            actors_of(x, c, tmp, nt);
    }
}

/* The code a conjoined agent shares from mention gm whose first agent only modifies
 * the phrase (another agent heads it): the actor with that agent ("Danish Islamist media
 * and government": DNKMUS, so DNKMUSGOV). `base` itself when no room is left. */
static const char *chain_base(ctx *x, int gm, const char *base)
{
    int prefix;
    const char *role = role_of(&x->am[gm], &prefix);
    if (!role)
        return base;
    size_t nb = strlen(base), nr = strlen(role);
    char *out = kh_arena_alloc(x->a, nb + nr + 1);
    if (!out)
        return base;
    memcpy(out, prefix ? role : base, prefix ? nr : nb);
    memcpy(out + (prefix ? nr : nb), prefix ? base : role, (prefix ? nb : nr) + 1);
    return out;
}

/* An agent alone conjoined to another agent shares that one's countries: those its
 * dependents name ("lawmakers and officials in Fornost and Gondor": FORGOV, GONGOV
 * too) or its own actor ("Danish media and government": DNKGOV). The agent's own
 * dependents come first; the governing conjunct is found through the tree. */
static void conj_agent_countries(ctx *x, int m, int *tmp, int *nt, const char **base)
{
    int h = x->am[m].head;
    if (h < 0 || h >= x->n || !rel_base(&x->s->words[h], "conj"))
        return;
    int g = x->s->words[h].head - 1;
    int gm = g >= 0 && g < x->n ? x->actor_at[g] : -1;
    if (gm < 0 || gm == m || !x->am[gm].agent)
        return;
    if (!x->am[gm].actor)
        agent_countries(x, gm, tmp, nt);
    else if (x->am[gm].actor_start < x->am[gm].agent_start) {
        *base = kh_actor_code_on(x->am[gm].actor, x->date);   /* "Danish media and ..." */
        if (*base && x->am[gm].agent_end < x->am[gm].end)
            *base = chain_base(x, gm, *base);    /* "Danish Islamist media and ..." */
    }
    /* With or without an article: "the Danish media and government" is Danish on both
     * sides too. (PETRARCH's gold for such a record with an article follows its parser's
     * bracketing instead; we keep the reading that is right for news.) */
}

/* A mention like agent mention m with actor code `base` in front of its role. */
static int derive_base(ctx *x, int m, const char *base, const char *role, int prefix)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s%s", prefix ? role : base, prefix ? base : role);
    for (int k = x->nfound; k < x->nam; k++)
        if (x->am[k].start == x->am[m].start && strcmp(x->am[k].code, buf) == 0)
            return k;
    const char *dup = x->nam < x->capam ? kh_arena_strdup(x->a, buf) : NULL;
    if (!dup)
        return m;
    x->am[x->nam] = x->am[m];
    x->am[x->nam].code = dup;
    return x->nam++;
}

static int agent_spread(ctx *x, int m, int *list, int *n)
{
    int prefix;
    const char *role = role_of(&x->am[m], &prefix);
    if (!role)
        return 0;
    int tmp[MAXARG], nt = 0;
    if (!x->am[m].actor) {
        agent_countries(x, m, tmp, &nt);
        const char *base = NULL;
        if (!nt && !x->o->shallow)
            conj_agent_countries(x, m, tmp, &nt, &base);
        if (base) {
            add_actor(list, n, derive_base(x, m, base, role, prefix));
            return 1;
        }
    } else if (x->o->shallow) {    /* TABARI does not carry the agent to the other actors */
        for (int t = x->am[m].actor_start; t < x->am[m].actor_end; t++)
            FOR_CHILD(c, x, t)
                if (rel_base(&x->s->words[c], "conj") && x->actor_at[c] != m)
                    actors_of(x, c, tmp, &nt);
        if (nt) {
            add_actor(list, n, m);
            for (int k = 0; k < nt; k++)
                add_actor(list, n, tmp[k]);
        }
        return nt > 0;
    } else {
        for (int t = x->am[m].actor_start; t < x->am[m].actor_end; t++)
            FOR_CHILD(c, x, t)
                if (rel_base(&x->s->words[c], "conj") && x->actor_at[c] != m)
                    actors_of(x, c, tmp, &nt);
        /* "Indian and Japanese officials": the other adjective names a country too */
        FOR_CHILD(c, x, x->am[m].head) {
            const kh_word *w = &x->s->words[c];
            if ((rel_is(w, "amod") || rel_is(w, "compound")) && x->actor_at[c] >= 0 && x->actor_at[c] != m)
                actors_of(x, c, tmp, &nt);
        }
        if (nt)
            add_actor(list, n, m);
    }
    int added = 0;
    for (int k = 0; k < nt; k++) {
        if (tmp[k] == m || x->am[tmp[k]].agent || !x->am[tmp[k]].actor)
            continue;
        add_actor(list, n, derive(x, tmp[k], role, prefix));
        added = 1;
    }
    return added;
}

static void actors_of_at(ctx *x, int t, int *list, int *n);

/* Actors of a dependent t and of its conjuncts ("Kenya and Uganda"). A relative
 * pronoun or a bare pronoun yields nothing. An agent and its conjoined countries lead
 * back to each other, so the walk is bounded. */
static void actors_of(ctx *x, int t, int *list, int *n)
{
    if (x->nest > 8)
        return;
    x->nest++;
    actors_of_at(x, t, list, n);
    x->nest--;
}

static void actors_of_at(ctx *x, int t, int *list, int *n)
{
    const kh_word *w = &x->s->words[t];
    if (w->upos == KH_UPOS_PRON && x->actor_at[t] < 0)
        return;                     /* a pronoun counts only when the resolver resolved it */
    int m = actor_in_phrase(x, t, 0);
    if (m >= 0 && !agent_spread(x, m, list, n))
        add_actor(list, n, m);
    if (m >= 0 && x->pair[m] >= 0)
        add_actor(list, n, x->pair[m]);     /* "the two sides": both parties */
    FOR_CHILD(c, x, t) {
        const kh_word *wc = &x->s->words[c];
        if (rel_base(wc, "conj"))
            actors_of(x, c, list, n);
        else if (rel_is(wc, "appos") && m >= 0 && x->actor_at[c] >= 0 && x->actor_at[c] != m &&
                 x->am[x->actor_at[c]].actor && x->am[m].actor)
            actors_of(x, c, list, n);      /* "Evil Mordor, the awful Arnor, and ..." */
    }
    int h = m >= 0 ? x->am[m].head : -1;
    if (h >= 0 && h != t && h < x->n)   /* "ties with Mordor, Rohan and Bree" */
        FOR_CHILD(c, x, h)
            if (rel_base(&x->s->words[c], "conj") && c != t)
                actors_of(x, c, list, n);
}

/* "Workers in South Korea went on strike against the government": when all the
 * actors of a sentence belong to one country, an agent without a country is that
 * country's ("---GOV" -> KORGOV). */
static void fill_agents(ctx *x)
{
    char only[4] = "", c3[4];
    for (int m = 0; m < x->nam; m++) {
        if (!x->am[m].actor || !kh_cameo_actor_country(x->am[m].code, c3))
            continue;
        if (only[0] && strcmp(only, c3) != 0)
            return;                       /* two countries: no guessing */
        memcpy(only, c3, 4);
    }
    if (!only[0])
        return;
    for (int m = 0; m < x->nam; m++) {
        if (!agent_only(&x->am[m]) || !x->am[m].code[3])
            continue;
        char buf[128];
        snprintf(buf, sizeof buf, "%s%s", only, x->am[m].code + 3);
        const char *dup = kh_arena_strdup(x->a, buf);
        if (dup)
            x->am[m].code = dup;
    }
}

/* TABARI codes an agent "before a preposition and an actor" (IN and OF: "former
 * officials in the White House"): such an agent stays a mention in the shallow reading,
 * so that the tree lends its role to that actor. m indexes x->am before filtering. */
static int agent_before_actor(ctx *x, int m)
{
    int j = x->am[m].end;
    if (j >= x->n || (strcasecmp(x->s->words[j].form, "in") != 0 && strcasecmp(x->s->words[j].form, "of") != 0))
        return 0;
    j++;
    if (j < x->n && strcasecmp(x->s->words[j].form, "the") == 0)
        j++;
    for (int q = 0; q < x->nam; q++)
        if (q != m && x->am[q].start == j && x->am[q].actor && x->am[q].code)
            return 1;
    return 0;
}

/* TABARI's FORWARD: a pronoun that opens the record of a story before any actor ("He
 * has also asked Gondor ...", "However, it acknowledged ...") stands for the first actor
 * of the story's record before (o->forward_actor). It becomes mention 0. */
static int forward_pronoun(ctx *x)
{
    static const char *const prons[] = {"he", "she", "it", "they", NULL};
    if (!x->o->forward_actor[0] || x->si != 0 || x->nam >= x->capam)
        return 0;
    int t = 0;
    while (t < x->n && x->actor_at[t] < 0 && !lemma_in(&x->s->words[t], prons))
        t++;
    if (t == x->n || x->actor_at[t] >= 0 || (x->deleted && x->deleted[t]))
        return 0;
    const char *code = kh_arena_strdup(x->a, x->o->forward_actor);
    if (!code)
        return -1;
    memmove(x->am + 1, x->am, sizeof *x->am * (size_t)x->nam);
    memmove(x->entity + 1, x->entity, sizeof *x->entity * (size_t)x->nam);
    memmove(x->how + 1, x->how, sizeof *x->how * (size_t)x->nam);
    memmove(x->ante + 1, x->ante, sizeof *x->ante * (size_t)x->nam);
    memmove(x->pair + 1, x->pair, sizeof *x->pair * (size_t)x->nam);
    for (int m = 1; m <= x->nam; m++)
        if (x->pair[m] >= 0)
            x->pair[m]++;
    for (int i = 0; i < x->n; i++)
        if (x->actor_at[i] >= 0)
            x->actor_at[i]++;
    kh_actor_match *m = &x->am[0];
    memset(m, 0, sizeof *m);
    m->start = m->head = m->actor_start = t;
    m->end = m->actor_end = t + 1;
    m->actor_phrase = m->agent_phrase = -1;
    m->agent_start = m->agent_end = -1;
    m->code = code;
    x->entity[0] = NULL;
    x->how[0] = "forwarded";
    x->ante[0] = NULL;
    x->pair[0] = -1;
    x->actor_at[t] = 0;
    x->nam++;
    x->nfound++;
    return 0;
}

/* ---- new actors (PETRARCH's new_actor_length) --------------------------------------- */

/* Is t the verb v's first object or prepositional object? PETRARCH reads the noun phrase
 * right after the verb: when that one is no actor (too long), none after it is. */
static int first_object(ctx *x, int v, int t)
{
    FOR_CHILD(c, x, v) {
        const kh_word *w = &x->s->words[c];
        if (c < t && (rel_base(w, "obj") || rel_base(w, "dobj") || rel_base(w, "obl") || rel_base(w, "nmod")))
            return 0;
    }
    return 1;
}

/* A noun heading a verb's subject, object or prepositional object, or a conjunct of
 * one ("Eriador's death and injury toll"): the noun phrases PETRARCH reads as actors. */
static int argument_noun(ctx *x, int t)
{
    for (int k = 0; k < 8; k++) {
        const kh_word *w = &x->s->words[t];
        if (w->upos != KH_UPOS_NOUN && w->upos != KH_UPOS_PROPN)
            return 0;
        if (rel_is(w, "obl:tmod") || rel_is(w, "obl:npmod"))
            return 0;                     /* "on Wednesday", "this week": no one acts */
        if (rel_base(w, "nsubj") || rel_base(w, "nsubjpass") || rel_base(w, "obj") || rel_base(w, "dobj") ||
            rel_base(w, "iobj"))
            return 1;
        if (w->head > 0 && (rel_base(w, "obl") || (rel_base(w, "nmod") &&
                                                   x->s->words[w->head - 1].upos == KH_UPOS_VERB)))
            return first_object(x, w->head - 1, t);
        if (!rel_base(w, "conj") || w->head <= 0)
            return 0;
        t = w->head - 1;
    }
    return 0;
}

/* Marks in `in` the words of the noun phrase of t as PETRARCH writes a new actor: no
 * clause, punctuation, possessive "'s" or the phrase's own preposition. */
static void phrase_words(ctx *x, int t, int top, unsigned char *in, int depth)
{
    const kh_word *w = &x->s->words[t];
    if (depth > 8 || (x->deleted && x->deleted[t]) || w->upos == KH_UPOS_PUNCT ||
        (w->upos == KH_UPOS_PART && rel_is(w, "case")))
        return;
    in[t] = 1;
    FOR_CHILD(c, x, t) {
        const kh_word *wc = &x->s->words[c];
        if (clausal(wc) || rel_base(wc, "acl") || (t == top && (rel_is(wc, "case") || rel_is(wc, "mark"))))
            continue;
        phrase_words(x, c, top, in, depth + 1);
    }
}

/* A new actor on noun t: its phrase written in capitals and quoted ("\"INJURY TOLL\""),
 * when no actor is in the phrase and it has at most new_actor_length words. Fills *m;
 * returns 1, 0 when t is none, -1 out of memory. */
static int new_actor_at(ctx *x, int t, unsigned char *in, kh_actor_match *m)
{
    if (x->actor_at[t] >= 0 || !argument_noun(x, t) || phrase_mention(x, t, 0) >= 0)
        return 0;
    memset(in, 0, (size_t)x->n);
    phrase_words(x, t, t, in, 0);
    int nw = 0, lo = -1, hi = -1;
    size_t len = 3;
    for (int i = 0; i < x->n; i++)
        if (in[i]) {
            if (x->actor_at[i] >= 0)
                return 0;
            nw++;
            lo = lo < 0 ? i : lo;
            hi = i;
            len += strlen(x->s->words[i].form) + 1;
        }
    if (nw == 0 || nw > x->o->new_actor_length)
        return 0;
    char *code = kh_arena_alloc(x->a, len);
    if (!code)
        return -1;
    char *q = code;
    *q++ = '"';
    for (int i = lo; i <= hi; i++) {
        if (!in[i])
            continue;
        if (q > code + 1)
            *q++ = ' ';
        for (const char *f = x->s->words[i].form; *f; f++)
            *q++ = (*f >= 'a' && *f <= 'z') ? (char)(*f - 'a' + 'A') : *f;
    }
    *q++ = '"';
    *q = '\0';
    memset(m, 0, sizeof *m);
    m->start = m->actor_start = lo;
    m->end = m->actor_end = hi + 1;
    m->head = t;
    m->code = code;
    m->actor_phrase = m->agent_phrase = -1;
    m->agent_start = m->agent_end = -1;
    return 1;
}

/* PETRARCH's new_actor_length: noun phrases in a verb's argument places that name no
 * actor of the dictionary become actors coded with their own words. They join the
 * found mentions in token order. */
static int new_actors(ctx *x)
{
    unsigned char *in = kh_arena_alloc(x->a, (size_t)x->n);
    kh_actor_match *add = kh_arena_alloc(x->a, sizeof *add * (size_t)x->n);
    if (!in || !add)
        return -1;
    int nadd = 0;
    for (int t = 0; t < x->n && x->nam + nadd < x->capam; t++) {
        int r = new_actor_at(x, t, in, &add[nadd]);
        if (r < 0)
            return -1;
        nadd += r;
    }
    if (!nadd)
        return 0;
    /* merge by start; the found mentions keep their own arrays' entries */
    int total = x->nam + nadd;
    kh_actor_match *am = kh_arena_alloc(x->a, sizeof *am * (size_t)x->capam);
    int *map = kh_arena_alloc(x->a, sizeof *map * (size_t)(x->nam + 1));
    const char **entity = kh_arena_calloc(x->a, (size_t)x->capam, sizeof *entity);
    const char **how = kh_arena_calloc(x->a, (size_t)x->capam, sizeof *how);
    const char **ante = kh_arena_calloc(x->a, (size_t)x->capam, sizeof *ante);
    int *pair = kh_arena_alloc(x->a, sizeof *pair * (size_t)x->capam);
    if (!am || !map || !entity || !how || !ante || !pair)
        return -1;
    for (int k = 0; k < x->capam; k++)
        pair[k] = -1;
    int a = 0, b = 0;
    for (int k = 0; k < total; k++) {
        if (b < nadd && (a >= x->nam || add[b].start < x->am[a].start)) {
            am[k] = add[b++];
            continue;
        }
        map[a] = k;
        am[k] = x->am[a];
        entity[k] = x->entity[a];
        how[k] = x->how[a];
        ante[k] = x->ante[a];
        a++;
    }
    for (int k = 0; k < x->nam; k++)
        if (x->pair[k] >= 0)
            pair[map[k]] = map[x->pair[k]];
    x->am = am;
    x->entity = entity;
    x->how = how;
    x->ante = ante;
    x->pair = pair;
    x->nam = x->nfound = total;
    for (int i = 0; i < x->n; i++)
        x->actor_at[i] = -1;
    for (int k = 0; k < total; k++)
        for (int t = am[k].start; t < am[k].end && t < x->n; t++)
            if (x->actor_at[t] < 0 && !(k > 0 && pair[k - 1] == k))
                x->actor_at[t] = k;
    return 0;
}

/* first_np_actor: a plain actor mention whose head has a plain actor before it as a
 * compound or adjective ("Arnor" in "the evil Arnor awful Gondor") becomes that actor,
 * as PETRARCH's left-to-right noun-phrase search keeps the first actor it meets. A
 * title with its country ("Bree President Romendacil") is no plain actor and stays. */
static void first_np_actors(ctx *x)
{
    for (int m = 0; m < x->nfound; m++) {
        kh_actor_match *a = &x->am[m];
        int h = a->head;
        if (!a->actor || a->agent || h < 0 || h >= x->n)
            continue;
        FOR_CHILD(c, x, h) {
            const kh_word *w = &x->s->words[c];
            int q = x->actor_at[c];
            if (c >= a->start || q < 0 || q == m || !(rel_is(w, "compound") || rel_is(w, "amod")))
                continue;
            const kh_actor_match *b = &x->am[q];
            if (!b->actor || b->agent || !b->code || b->end > a->start)
                continue;
            int gap_ok = 1;    /* only adjectives between them: one run of the phrase */
            for (int t = b->end; gap_ok && t < a->start; t++) {
                int u = x->s->words[t].upos;
                gap_ok = u == KH_UPOS_ADJ || u == KH_UPOS_ADV || u == KH_UPOS_NUM;
            }
            if (!gap_ok)
                continue;
            a->code = b->code;
            a->actor = b->actor;
            break;
        }
    }
}

static int find_actors(ctx *x)
{
    x->actor_at = kh_arena_alloc(x->a, sizeof(int) * (size_t)x->n);
    if (!x->actor_at)
        return -1;
    for (int i = 0; i < x->n; i++)
        x->actor_at[i] = -1;
    kh_actor_match *found = NULL;
    int nf = kh_dict_find_actors(x->d, &x->ds, x->date, x->a, &found);
    if (nf < 0)
        return -1;
    /* mentions the resolver adds: "the minister" in place of its ---GOV match, pronouns,
     * short names, titled persons, both parties of "the two sides" (second after first) */
    kh_coref_mention *cm = NULL;
    int nc = x->coref ? kh_coref_sentence(x->coref, x->doc, x->si, &x->ds, found, nf, x->date, &cm) : 0;
    if (nc < 0)
        return -1;
    /* room for mentions derived from agents and conjoined countries (see derive) */
    x->capam = (nf + nc) * 3 + 8 + (x->o->new_actor_length > 0 ? x->n : 0);
    x->am = kh_arena_alloc(x->a, sizeof *x->am * (size_t)x->capam);
    x->entity = kh_arena_calloc(x->a, (size_t)x->capam, sizeof *x->entity);
    x->pair = kh_arena_alloc(x->a, sizeof *x->pair * (size_t)x->capam);
    x->how = kh_arena_calloc(x->a, (size_t)x->capam, sizeof *x->how);
    x->ante = kh_arena_calloc(x->a, (size_t)x->capam, sizeof *x->ante);
    unsigned char *second = kh_arena_calloc(x->a, (size_t)x->capam, 1);
    if (!x->am || !x->entity || !x->pair || !second || !x->how || !x->ante)
        return -1;
    for (int m = 0; m < x->capam; m++)
        x->pair[m] = -1;
    if (nf)
        memcpy(x->am, found, sizeof *found * (size_t)nf);
    x->nam = nf;
    for (int q = 0; q < nc; q++) {
        int at = cm[q].replaces >= 0 ? cm[q].replaces : x->nam++;
        x->am[at] = cm[q].am;
        x->entity[at] = cm[q].entity;
        x->how[at] = kh_coref_how_name(cm[q].how);
        x->ante[at] = cm[q].name;
        second[at] = cm[q].how == KH_COREF_PAIR && cm[q].pair == 1;
    }
    int k = 0;
    for (int m = 0; m < x->nam; m++) {
        if (!x->am[m].code)
            continue;               /* no code on this date */
        if (x->deleted && x->am[m].head >= 0 && x->am[m].head < x->n && x->deleted[x->am[m].head])
            continue;               /* in a comma clause the options remove */
        if (x->o->shallow && strcmp(x->am[m].code, "---") == 0)
            continue;               /* TABARI: "Actors with null codes are ignored", passed
                                       by in the source and target searches (manual 5.8) */
        if (x->o->shallow && !x->o->convert_agent && agent_only(&x->am[m]) &&
            !agent_before_actor(x, m))
            continue;               /* TABARI: an agent with no actor is no actor ("a senior
                                       official"), unless SET: CONVERT AGENT */
        x->am[k] = x->am[m];
        x->entity[k] = x->entity[m];
        x->how[k] = x->how[m];
        x->ante[k] = x->ante[m];
        if (second[m]) {            /* reached through pair[] of the first party only */
            if (k > 0)
                x->pair[k - 1] = k;
            k++;
            continue;
        }
        for (int t = x->am[k].start; t < x->am[k].end && t < x->n; t++)
            x->actor_at[t] = k;
        k++;
    }
    x->nam = x->nfound = k;
    if (x->o->new_actor_length > 0 && !x->o->shallow && new_actors(x) < 0)
        return -1;
    if (forward_pronoun(x) < 0)
        return -1;
    if (x->o->fill_agents)
        fill_agents(x);
    if (x->o->first_np_actor)
        first_np_actors(x);
    return 0;
}

/* The sentence's issue codes, each once, in order of appearance. */
static int find_issues(ctx *x)
{
    kh_issue_match im[16];
    int n = kh_dict_find_issues(x->d, &x->ds, im, 16);
    if (n > 16)
        n = 16;
    if (n <= 0)
        return 0;
    x->issues = kh_arena_alloc(x->a, sizeof *x->issues * (size_t)n);
    if (!x->issues)
        return -1;
    for (int k = 0; k < n; k++) {
        int seen = 0;
        for (int j = 0; j < x->nissues; j++)
            seen |= strcmp(x->issues[j], im[k].issue->code) == 0;
        if (!seen)
            x->issues[x->nissues++] = im[k].issue->code;
    }
    return 0;
}

static const char *mention_text(ctx *x, int m)
{
    const kh_word *w0 = &x->s->words[x->am[m].start], *w1 = &x->s->words[x->am[m].end - 1];
    if (w1->end >= w0->start && x->doc->text && w1->end <= x->doc->text_len)
        return kh_arena_strndup(x->a, x->doc->text + w0->start, w1->end - w0->start);
    return w0->form;
}

/* ---- arguments from the tree ------------------------------------------------------- */

static int is_passive(ctx *x, int i)
{
    return child_with(x, i, "nsubj:pass") >= 0 || child_with(x, i, "aux:pass") >= 0 ||
           child_with(x, i, "nsubjpass") >= 0 || child_with(x, i, "auxpass") >= 0;
}

/* The subject actors of verb i, inherited along xcomp, conj, relative clauses and
 * participles when i has none of its own. */
/* Two subjects side by side, the first a title alone ("Ithilen's evil minister
 * Calimehtar warned", misparsed as two subjects): one person, named with the title of
 * the country that owns it (ITHGOV), as titled() codes "Gondor's minister Calimehtar". */
static int titled_pair(ctx *x, int i, int *list, int *n)
{
    int s1 = -1, s2 = -1, k = 0;
    FOR_CHILD(c, x, i)
        if (rel_is(&x->s->words[c], "nsubj")) {
            if (k == 0)
                s1 = c;
            else if (k == 1)
                s2 = c;
            k++;
        }
    if (k != 2 || s2 != s1 + 1 || x->actor_at[s1] < 0 || x->actor_at[s2] < 0)
        return 0;
    int a = x->actor_at[s1], prefix;
    const char *role = agent_only(&x->am[a]) ? role_of(&x->am[a], &prefix) : NULL;
    if (!role)
        return 0;
    FOR_CHILD(c, x, s1) {
        int q = x->actor_at[c];
        if (q >= 0 && q != a && x->am[q].actor && !x->am[q].agent &&
            (rel_is(&x->s->words[c], "nmod:poss") || rel_is(&x->s->words[c], "compound") ||
             rel_is(&x->s->words[c], "amod"))) {
            add_actor(list, n, derive(x, q, role, prefix));
            return 1;
        }
    }
    return 0;
}

/* TABARI's compound actors join actors: in its shallow reading a subject "Ithilen's
 * sheep and goats of Gondor" is a list of common nouns, not of actors, and only its
 * first actor acts. Returns 1 when subject c is such a list (its actor added). */
static int subject_noun_list(ctx *x, int c, int *list, int *n)
{
    if (!x->o->shallow || x->actor_at[c] >= 0 || x->s->words[c].upos != KH_UPOS_NOUN ||
        child_with(x, c, "conj") < 0)
        return 0;
    int m = actor_in_phrase(x, c, 0);
    if (m < 0)
        return 0;
    add_actor(list, n, m);
    return 1;
}

/* The complement of a passive verb is done by the passive's subject, the object of
 * the active ("Mordor was forced to withdraw", "Gollum was seen to leave": Mordor
 * withdraws, Gollum leaves). Returns 1 when it added actors. */
static int passive_controller(ctx *x, int h, int *list, int *n)
{
    if (!is_passive(x, h))
        return 0;
    int before = *n;
    FOR_CHILD(c, x, h)
        if (rel_is(&x->s->words[c], "nsubj:pass") || rel_is(&x->s->words[c], "nsubjpass"))
            actors_of(x, c, list, n);
    return *n > before;
}

static int subtree_end(ctx *x, int i);

/* A second subject the parser cut out of the first one's phrase: its actor begins
 * inside the first subject's words ("Gollum centre of a row between Radagast the
 * Brown called on X": "Brown" is no subject of its own, Radagast the Brown is in the
 * row). */
static int split_subject(ctx *x, int i, int c)
{
    int m = x->actor_at[c];
    if (m < 0)
        return 0;
    FOR_CHILD(e, x, i)
        if (e < c && rel_is(&x->s->words[e], "nsubj") && x->am[m].start > e && x->am[m].start <= subtree_end(x, e))
            return 1;
    return 0;
}

static void subject_of(ctx *x, int i, int *list, int *n, int hops)
{
    int passive = is_passive(x, i);
    if (!passive && titled_pair(x, i, list, n))
        return;
    int prev = -1;
    FOR_CHILD(c, x, i) {
        const kh_word *w = &x->s->words[c];
        if (!passive && rel_is(w, "nsubj") && !(x->o->shallow && prev >= 0 && c == prev + 1) &&
            !split_subject(x, i, c) && !subject_noun_list(x, c, list, n))
            actors_of(x, c, list, n);   /* TABARI: a name right after its title ("minister
                                           Calimehtar") the parser made a second subject is
                                           no second actor */
        if (rel_is(w, "nsubj"))
            prev = c;
        if (passive) {
            const char *cs = case_of(x, c);
            if (rel_is(w, "obl:agent") || ((rel_base(w, "obl") || rel_base(w, "nmod")) && cs &&
                                           strcasecmp(cs, "by") == 0))
                actors_of(x, c, list, n);
        }
    }
    if (!*n && passive)       /* "was delivered to Haiti by X", "by X" hung under Haiti,
                                 or under an adverb: "was opposed earlier by X" */
        FOR_CHILD(c, x, i) {
            const kh_word *w = &x->s->words[c];
            int adv = rel_base(w, "advmod");
            if (!(rel_base(w, "obl") || rel_base(w, "nmod") || rel_base(w, "obj") || adv))
                continue;
            FOR_CHILD(g, x, c) {
                const char *cs = case_of(x, g);
                if (!*n && (rel_base(&x->s->words[g], "nmod") || (adv && rel_base(&x->s->words[g], "obl"))) &&
                    cs && strcasecmp(cs, "by") == 0)
                    actors_of(x, g, list, n);
            }
        }
    if (!*n && passive)       /* "an Eriadorian was shot dead in Osgiliath" */
        FOR_CHILD(c, x, i) {
            const char *cs = case_of(x, c);
            if (!*n && (rel_base(&x->s->words[c], "obl") || rel_base(&x->s->words[c], "nmod")) && cs &&
                strcasecmp(cs, "in") == 0)
                actors_of(x, c, list, n);
        }
    if (*n || hops > 4)
        return;
    const kh_word *w = &x->s->words[i];
    int h = w->head - 1;
    if (h < 0)
        return;
    int ps = child_with(x, i, "nsubj");
    if (ps >= 0 && x->s->words[ps].upos == KH_UPOS_PRON && x->actor_at[ps] < 0 && rel_base(w, "ccomp")) {
        subject_of(x, h, list, n, hops + 1);   /* "Ethiopia indicated it would act" */
        return;
    }
    if (rel_is(w, "xcomp") && passive_controller(x, h, list, n))
        return;
    /* a clausal subject beside a subject is a complement the parser misread:
     * "Arnor is about to restore ties" (about <-csubj- restore, about <-nsubj- Arnor) */
    if (rel_is(w, "xcomp") || (rel_base(w, "csubj") && child_with(x, h, "nsubj") >= 0)) {
        int o = child_with(x, h, "obj");       /* "urged Kenya to share": object control */
        if (o < 0)
            o = child_with(x, h, "dobj");
        if (o >= 0)
            actors_of(x, o, list, n);
        if (!*n)
            subject_of(x, h, list, n, hops + 1);
    } else if (rel_base(w, "conj")) {
        /* a side clause ("after leaving X") does not inherit: PETRARCH's gold codes
         * only the main clause there, and the subject is often not the actor.
         * A conjoined verb the parser hung under a noun ("condemned an attack ... and
         * promised aid") takes the subject of the nearest verb above it. */
        for (int k = 0; k < 8 && h >= 0 && x->s->words[h].upos != KH_UPOS_VERB && x->s->words[h].head > 0; k++)
            h = x->s->words[h].head - 1;
        subject_of(x, h, list, n, hops + 1);
    } else if (rel_is(w, "acl:relcl") || (rel_is(w, "acl") && !passive)) {
        int nsubj = child_with(x, i, "nsubj");
        if (nsubj < 0 || x->s->words[nsubj].upos == KH_UPOS_PRON)
            actors_of(x, h, list, n);
    }
}

static int target_prep_rank(const char *p)
{
    static const char *const prefs[] = {"with", "to", "against", "toward", "towards", "on", "for",
                                        "from", "into", "over", "upon", "at", "between", "of", NULL};
    for (int i = 0; prefs[i]; i++)
        if (strcasecmp(p, prefs[i]) == 0)
            return i;
    return -1;
}

/* A participle modifying a noun ("the roads leading into Mordor"): read on by a
 * shallow coder as part of the noun's phrase, unlike a clause ("troops to protect X",
 * "the man who ..."). */
static int participle_of(ctx *x, int c)
{
    const kh_word *w = &x->s->words[c];
    return rel_is(w, "acl") && w->upos == KH_UPOS_VERB && w->xpos &&
           (strcmp(w->xpos, "VBG") == 0 || strcmp(w->xpos, "VBN") == 0) && child_with(x, c, "mark") < 0 &&
           child_with(x, c, "nsubj") < 0;
}

/* The first actor mention after token `after` in the subtree of i, not entering
 * the subject, side clauses or relative clauses: the actor a shallow coder would
 * take as target ("welcomed the resumption of ties with Mordor"). */
static int first_actor_after(ctx *x, int i, int after)
{
    int best = -1;
    FOR_CHILD(c, x, i) {
        const kh_word *w = &x->s->words[c];
        if ((i == after && (rel_base(w, "nsubj") || rel_base(w, "csubj") || rel_base(w, "conj"))) ||
            rel_base(w, "parataxis") ||
            rel_base(w, "advcl") || (rel_base(w, "acl") && !(i != after && participle_of(x, c))) ||
            rel_is(w, "appos") || rel_is(w, "punct"))
            continue;
        const char *cs = (rel_base(w, "obl") || rel_base(w, "nmod")) ? case_of(x, c) : NULL;
        if (cs && !x->o->place_targets &&
            (strcasecmp(cs, "in") == 0 || strcasecmp(cs, "near") == 0 || strcasecmp(cs, "at") == 0))
            continue;     /* a place is no target ("met on the sidelines of the summit in Rome") */
        int m = x->actor_at[c] >= 0 && c > after && x->actor_at[c] != x->skip_m ? x->actor_at[c]
                                                                                 : first_actor_after(x, c, after);
        if (m >= 0 && (best < 0 || x->am[m].start < x->am[best].start))
            best = m;
    }
    return best;
}

/* Target actors of verb i: the object (or the subject of a passive), else the
 * prepositional object with the most telling preposition. */
static void target_of(ctx *x, int i, int *list, int *n)
{
    int passive = is_passive(x, i);
    FOR_CHILD(c, x, i) {
        const kh_word *w = &x->s->words[c];
        if (rel_is(w, "iobj") || rel_is(w, "obj") || rel_is(w, "dobj") ||
            (passive && (rel_is(w, "nsubj:pass") || rel_is(w, "nsubjpass"))))
            actors_of(x, c, list, n);
    }
    if (*n == 0) {
        const kh_word *w = &x->s->words[i];
        if (passive && rel_is(w, "acl") && w->head > 0)   /* "civilians killed by soldiers" */
            actors_of(x, w->head - 1, list, n);
    }
    if (*n)
        return;
    /* the first prepositional dependent (in word order) with an actor; places
     * ("in", "at", "near") only when nothing else names one and the subject is
     * not a group that may act together ("A and B met in C") */
    int best = -1, place = -1;
    FOR_CHILD(c, x, i) {
        const kh_word *w = &x->s->words[c];
        if (!(rel_is(w, "obl") || rel_is(w, "nmod") || rel_is(w, "obl:arg")))
            continue;
        const char *cs = case_of(x, c);
        if (!cs || (passive && strcasecmp(cs, "by") == 0))
            continue;
        int r = target_prep_rank(cs);
        int loc = strcasecmp(cs, "in") == 0 || strcasecmp(cs, "near") == 0 || strcasecmp(cs, "inside") == 0;
        if (r < 0 && !loc)
            continue;
        int tmp[MAXARG], nt = 0;
        actors_of(x, c, tmp, &nt);
        if (!nt)
            continue;
        if ((!loc || x->o->shallow) && best < 0)
            best = c;           /* TABARI takes the first actor after the verb, a place too */
        if (loc && place < 0)
            place = c;
    }
    if (best < 0 && place >= 0) {
        int subj[MAXARG], ns = 0;
        subject_of(x, i, subj, &ns, 0);
        if (ns < 2)
            best = place;
    }
    if (best >= 0) {
        actors_of(x, best, list, n);
        return;
    }
    int m = first_actor_after(x, i, i);
    if (m >= 0)
        actors_of(x, x->am[m].head, list, n);
    /* "urged X to ...": no object on the complement, the appeal's object is kept by the
     * outer verb; nothing more to find here. */
}

/* Arguments of an event noun: "the visit of X to Y", "X's condemnation of Y",
 * "talks between X and Y"; the verb it is the object of lends its subject. */
static void noun_args(ctx *x, int i, pred *p)
{
    FOR_CHILD(c, x, i) {
        const kh_word *w = &x->s->words[c];
        const char *cs = case_of(x, c);
        if (rel_is(w, "nmod:poss") || rel_is(w, "amod") || rel_is(w, "compound"))
            actors_of(x, c, p->src, &p->nsrc);
        else if (rel_base(w, "nmod") && cs && strcasecmp(cs, "between") == 0) {
            actors_of(x, c, p->src, &p->nsrc);
            p->reciprocal = 1;
        } else if (rel_base(w, "nmod") && cs && (strcasecmp(cs, "of") == 0 || strcasecmp(cs, "by") == 0))
            actors_of(x, c, p->nsrc ? p->tgt : p->src, p->nsrc ? &p->ntgt : &p->nsrc);
        else if (rel_base(w, "nmod") && cs && target_prep_rank(cs) >= 0)
            actors_of(x, c, p->tgt, &p->ntgt);
    }
    const kh_word *w = &x->s->words[i];
    if (!p->nsrc && w->head > 0 && (rel_is(w, "obj") || rel_is(w, "dobj")))
        subject_of(x, w->head - 1, p->src, &p->nsrc, 0);
    if (!p->ntgt && p->nsrc >= 2)
        p->reciprocal = 1;
}

/* ---- patterns ---------------------------------------------------------------------- */

/* A pattern word at token j; with exact_words (PETRARCH) a word that does not say how
 * it matches (no TABARI '_') matches the token's form only. */
static int word_elem_at(ctx *x, const kh_pat_elem *e, int j)
{
    if (x->o->exact_words && !(e->flags & (KH_PE_STEM | KH_PE_EXACT)))
        return j >= 0 && j < x->ds.n && e->word && x->ds.form[j] == e->word;
    return kh_dict_elem_match(&x->ds, j, e);
}

/* token -> end of the mention found starting there (0: none), for synset members that
 * name actors ("PESO_$"); built once a sentence, NULL when memory runs out. */
static const int32_t *actor_ends(ctx *x)
{
    if (!x->actor_end && (x->actor_end = kh_arena_calloc(x->a, (size_t)(x->n ? x->n : 1), sizeof(int32_t))))
        for (int m = 0; m < x->nfound; m++)
            if (x->am[m].end > x->actor_end[x->am[m].start])
                x->actor_end[x->am[m].start] = x->am[m].end;
    return x->actor_end;
}

/* The length of literal element e's match at token j (0: none); *st / *tt get the
 * tokens where a synset member's '$' / '+' found an actor (-1: none). */
static int elem_literal_at(ctx *x, const kh_pat_elem *e, int j, int bound, int *st, int *tt)
{
    *st = *tt = -1;
    if (x->deleted && x->deleted[j])
        return 0;
    if (e->kind == KH_PE_WORD)
        return word_elem_at(x, e, j);
    if (e->kind == KH_PE_SYNSET && e->synset) {
        int32_t s32, t32;
        int end = kh_dict_synset_bind(x->d, e->synset, &x->ds, j, bound, actor_ends(x), &s32, &t32);
        *st = s32;
        *tt = t32;
        return end > j ? end - j : 0;
    }
    return 0;
}

/* A literal element read leftwards that ends at token j: where its match starts, -1
 * when none (a synset member of several words ends at j, "wo n't" before the verb). */
static int elem_literal_ending(ctx *x, const kh_pat_elem *e, int j)
{
    if (x->deleted && x->deleted[j])
        return -1;
    if (e->kind == KH_PE_WORD)
        return word_elem_at(x, e, j) ? j : -1;
    if (e->kind == KH_PE_SYNSET && e->synset)
        return kh_dict_synset_start(x->d, e->synset, &x->ds, j, 0);
    return -1;
}

/* A mention governed by a locative preposition ("in Tokyo", "near Bakhmut"). */
static int place_mention(ctx *x, int m)
{
    int h = x->am[m].head;
    if (h < 0 || h >= x->n || x->o->place_targets)
        return 0;
    const char *cs = case_of(x, h);
    return cs && (strcasecmp(cs, "in") == 0 || strcasecmp(cs, "near") == 0 || strcasecmp(cs, "at") == 0 ||
                  strcasecmp(cs, "inside") == 0);
}

/* An agent alone that only describes the noun it modifies ("the joint military drills
 * of South Korea": the drills are South Korea's, "military" acts not). */
static int describing_agent(ctx *x, int m)
{
    int h = x->am[m].head;
    if (h < 0 || h >= x->n || !agent_only(&x->am[m]))
        return 0;
    const kh_word *w = &x->s->words[h];
    return (rel_is(w, "amod") || rel_is(w, "compound")) && w->head > 0 &&
           x->actor_at[w->head - 1] < 0;
}

static int mention_starting(ctx *x, int from, int to, int exact)
{
    for (int m = 0; m < x->nfound; m++) {
        int st = x->am[m].start;
        if (exact ? st == from : (st >= from && st < to))
            return m;
    }
    return -1;
}

static int subtree_end(ctx *x, int i)
{
    int e = i;
    FOR_CHILD(c, x, i) {
        int ce = subtree_end(x, c);
        if (ce > e)
            e = ce;
    }
    return e;
}

/* The first conjunct of the coordination token t belongs to ("Gondor" of
 * "Gondor and Osgiliath" when t is "Osgiliath"). */
static int coord_top(ctx *x, int t)
{
    for (int hops = 0; hops < 16 && rel_base(&x->s->words[t], "conj") && x->s->words[t].head > 0; hops++)
        t = x->s->words[t].head - 1;
    return t;
}

/* TABARI's compound: the actors joined to mention m by "and", "or" or commas, read
 * leftwards on the surface ("Mordor with Fornost and Gondor welcomed": Fornost and
 * Gondor). */
static void surface_compound(ctx *x, int m, int *list, int *n)
{
    for (int t = x->am[m].start - 1; t > 0; ) {
        const char *f = x->s->words[t].form;
        if (strcmp(f, ",") != 0 && strcasecmp(f, "and") != 0 && strcasecmp(f, "or") != 0)
            return;
        int k = t - 1;
        if (k >= 0 && strcmp(x->s->words[k].form, ",") == 0 && strcmp(f, ",") != 0)
            k--;                /* "A, and B" */
        if (k < 0 || x->actor_at[k] < 0 || x->am[x->actor_at[k]].end != k + 1)
            return;
        add_actor(list, n, x->actor_at[k]);
        t = x->am[x->actor_at[k]].start - 1;
    }
}

static int word_class(ctx *x, int t);

/* 1 when token t is a possessive "'s" ("Arnor's Elrond"). */
static int possessive(ctx *x, int t)
{
    return t < x->n && (strcmp(x->s->words[t].form, "'s") == 0 || strcmp(x->s->words[t].form, "'") == 0);
}

/* A determiner or an adjective of the <ADJECTIVE> list: the words TABARI lets stand
 * before an actor of a compound (manual 7.5: np = <adjctv> <np> | <determ> <np>). */
static int np_modifier(ctx *x, int t)
{
    return x->s->words[t].upos == KH_UPOS_DET || word_class(x, t) == KH_WORD_ADJECTIVE;
}

/* The same read rightwards, for a compound after the verb ("with Gondor and
 * Osgiliath"); after the conjunction each phrase may hold determiners, adjectives of
 * the list and several actors. */
static void surface_compound_right(ctx *x, int m, int *list, int *n)
{
    for (int t = x->am[m].end; t + 1 < x->n; ) {
        const char *f = x->s->words[t].form;
        if (strcmp(f, ",") != 0 && strcasecmp(f, "and") != 0 && strcasecmp(f, "or") != 0)
            return;
        int k = t + 1;
        if (strcmp(f, ",") == 0 && k + 1 < x->n && (strcasecmp(x->s->words[k].form, "and") == 0 ||
                                                    strcasecmp(x->s->words[k].form, "or") == 0))
            k++;                /* "A, and B" */
        while (k < x->n && x->actor_at[k] < 0 && np_modifier(x, k))
            k++;                /* "A and the evil B" (manual 7.5) */
        int q = k < x->n ? x->actor_at[k] : -1;
        if (q < 0 || x->am[q].start != k)
            return;
        add_actor(list, n, q);
        t = x->am[q].end;
        /* every actor of the phrase is one of the compound ("the evil B awful C") */
        for (int r = t; r < x->n; ) {
            if (possessive(x, r))
                r++;            /* "B's C" is one phrase, "B C" side by side two */
            while (r < x->n && x->actor_at[r] < 0 && np_modifier(x, r))
                r++;
            if (r == t || r >= x->n || x->actor_at[r] < 0 || x->am[x->actor_at[r]].start != r)
                break;
            add_actor(list, n, x->actor_at[r]);
            t = r = x->am[x->actor_at[r]].end;
        }
    }
}

/* The actor of a mention "AGENT of ACTOR" ("the parliament of Gondor") as a mention of
 * its own: TABARI and PETRARCH see an agent and an actor there, so a pattern's '^' passes
 * over the agent alone and a '+' after it takes the actor (GON). -1 when m is no such
 * mention or no room is left. */
static int actor_part(ctx *x, int m)
{
    const kh_actor_match *a = &x->am[m];
    if (!a->agent || !a->actor || a->agent_start < 0 || a->agent_end > a->actor_start)
        return -1;
    const char *code = kh_actor_code_on(a->actor, x->date);
    for (int k = x->nfound; k < x->nam; k++)
        if (x->am[k].start == a->actor_start && x->am[k].end == a->actor_end && !x->am[k].agent &&
            x->am[k].agent_start == -1)
            return k;
    if (!code || x->nam >= x->capam)
        return -1;
    kh_actor_match *p = &x->am[x->nam];
    *p = *a;
    p->start = a->actor_start;
    p->end = a->actor_end;
    p->head = a->actor_end - 1;
    p->code = code;
    p->agent = NULL;
    p->agent_start = p->agent_end = -1;
    return x->nam++;
}

/* PETRARCH's '^' passes over the noun phrase standing right there, whether or not it
 * names an actor ("warned their populations about +": the phrase without an actor is
 * skipped too). The phrase is the word at `cur` and the nominal heads it modifies,
 * going right; returns the token after its head, or -1 when no noun phrase starts at
 * cur or an actor stands in it (the actor is skipped as before). */
static int skip_plain_np(ctx *x, int cur, int bound)
{
    if (cur < 0 || cur >= bound)
        return -1;
    int u = x->s->words[cur].upos;
    if (u != KH_UPOS_NOUN && u != KH_UPOS_PROPN && u != KH_UPOS_ADJ && u != KH_UPOS_DET &&
        u != KH_UPOS_NUM)
        return -1;
    int h = cur;
    for (int hops = 0; hops < 16; hops++) {
        int g = x->s->words[h].head - 1;
        if (g <= h || g >= bound)
            break;
        int gu = x->s->words[g].upos;
        if (gu != KH_UPOS_NOUN && gu != KH_UPOS_PROPN)
            break;
        h = g;
    }
    if (x->s->words[h].upos != KH_UPOS_NOUN && x->s->words[h].upos != KH_UPOS_PROPN)
        return -1;
    for (int t = cur; t <= h; t++)
        if (x->actor_at[t] >= 0)
            return -1;
    return h + 1;
}

static int is_actor_part(ctx *x, int m)
{
    return m >= x->nfound && x->am[m].actor && !x->am[m].agent && x->am[m].agent_start == -1;
}

/* The pattern's words before the verb speak of the actor before them, who is the
 * source: when its '+' took the verb's own subject ("NOTED + *": "A noted that B
 * regretted ...": A), or when the tree gives the verb no subject ("DEATH TOLL *":
 * "A's death toll has risen", misparsed; then the actor must stand within `gap` words
 * of them). `before`: only words before this token count. */
static void source_before_words(ctx *x, pred *pr, const int *lit, int nlit, int before, int gap)
{
    int first = -1;
    for (int k = 0; k < nlit; k++)
        if (lit[k] < before && (first < 0 || lit[k] < first))
            first = lit[k];
    if (first < 0)
        return;
    int m = -1;
    for (int q = 0; q < x->nfound; q++)
        if (x->am[q].end <= first && (m < 0 || x->am[q].end > x->am[m].end))
            m = q;
    if (m < 0 || (gap && first - x->am[m].end > gap))
        return;
    pr->nsrc = 0;
    add_actor(pr->src, &pr->nsrc, m);
    actors_of(x, coord_top(x, x->am[m].head), pr->src, &pr->nsrc);
}

/* 1 when token a governs token i (is one of its ancestors in the tree). */
static int governs(ctx *x, int a, int i)
{
    for (int hops = 0; hops < 64 && i >= 0 && i < x->n; hops++) {
        i = x->s->words[i].head - 1;
        if (i == a)
            return 1;
    }
    return 0;
}

/* Actors a pattern that fired names by its words where the tree gives none: a pattern
 * reaching back to a verb that governs the predicate ("INCHING &ACCORDSYN *" on
 * "Arnor is inching nearer to accord") reads the two as one predicate, whose subject
 * is that verb's; a pattern ending in a word after the verb ("* ASSURANCES_ON
 * &TIETYPES FROM") has the target right after that word ("... sent from Bree"). */
static void pattern_args(ctx *x, int i, pred *p)
{
    for (int k = 0; !p->nsrc && k < p->nlit; k++) {
        int t = p->lit[k];
        if (t < p->vm.start && governs(x, t, i) && x->s->words[t].upos == KH_UPOS_VERB)
            subject_of(x, t, p->src, &p->nsrc, 0);
    }
    const kh_pattern *pt = p->pat;
    if (p->ntgt || p->reciprocal || pt->verb_at < 0 || pt->verb_at + 1 >= pt->nelems || p->nlit == 0)
        return;
    const kh_pat_elem *last = &pt->elems[pt->nelems - 1];
    if (last->kind != KH_PE_WORD && last->kind != KH_PE_SYNSET)
        return;
    int end = -1;
    for (int k = 0; k < p->nlit; k++)
        if (p->lit[k] > end)
            end = p->lit[k];
    int m = end + 1 < x->n ? x->actor_at[end + 1] : -1;
    /* a place ("* IN" on "talks in Istanbul") is no target, as elsewhere */
    if (m >= 0 && x->am[m].start == end + 1 && !in_list(p->src, p->nsrc, m) && !place_mention(x, m))
        actors_of(x, x->am[m].head, p->tgt, &p->ntgt);
}

/* The actor a pattern's '^' passed over is no target either: the next one is, after
 * the verb, else (the shallow reading) the first before it that is not the source. */
static void drop_actor(int *list, int *n, int m);

static void skip_target(ctx *x, pred *pr, int skipped)
{
    drop_actor(pr->tgt, &pr->ntgt, skipped);
    if (pr->ntgt || !x->o->shallow)
        return;
    for (int m = 0; !pr->ntgt && m < x->nfound; m++)
        if (m != skipped && x->am[m].start >= pr->vm.end)
            add_actor(pr->tgt, &pr->ntgt, m);
    for (int m = 0; !pr->ntgt && m < x->nfound && x->am[m].end <= pr->vm.start; m++) {
        int same = m == skipped;
        for (int k = 0; !same && k < pr->nsrc; k++)
            same = pr->src[k] == m || strcmp(x->am[pr->src[k]].code, x->am[m].code) == 0;
        if (!same)
            add_actor(pr->tgt, &pr->ntgt, m);
    }
}

/* Tries pattern p around the verb match of predicate i; on success fills the
 * pattern's bound actors and literal tokens into *pr and returns 1. */
static int match_pattern(ctx *x, const kh_pattern *p, int i, pred *pr, int bound)
{
    int v = p->verb_at;
    if (!p->elems || v >= p->nelems)
        return 0;
    int bsrc = -1, btgt = -1, both = 0, nlit = 0, lit[32], part = -1, skipped = -1;
    /* after the verb, left to right */
    int cur = pr->vm.end;
    for (int k = v + 1; k < p->nelems; k++) {
        const kh_pat_elem *e = &p->elems[k];
        int next = (e->flags & KH_PE_NEXT) != 0;
        if (e->kind == KH_PE_WORD || e->kind == KH_PE_SYNSET) {
            int j = cur, len = 0, st = -1, tt = -1;
            for (; j < bound; j++) {
                if ((len = elem_literal_at(x, e, j, bound, &st, &tt)) > 0)
                    break;
                if (next)
                    return 0;
            }
            if (len <= 0)
                return 0;
            int ms = st >= 0 ? mention_starting(x, st, st + 1, 1) : -1;
            int mt = tt >= 0 ? mention_starting(x, tt, tt + 1, 1) : -1;
            for (int t = j; t < j + len && nlit < 32; t++)
                if (!(ms >= 0 && t >= st && t < x->am[ms].end) && !(mt >= 0 && t >= tt && t < x->am[mt].end))
                    lit[nlit++] = t;    /* an actor a member names is no literal word */
            if (ms >= 0)
                bsrc = ms;
            if (mt >= 0)
                btgt = mt;
            cur = j + len;
        } else if (e->kind == KH_PE_SOURCE || e->kind == KH_PE_TARGET || e->kind == KH_PE_BOTH) {
            int m = part >= 0 ? part : mention_starting(x, cur, bound, next);
            /* a place ("met ... in Tokyo") is no target of a pattern either, as it is
             * none of the tree's (target_of); the shallow reading takes it */
            /* nor is the actor the tree made the source ("the visit of the Japanese
             * prime minister to Australia": the target is Australia) */
            while (m >= 0 && !next && !x->o->shallow && e->kind == KH_PE_TARGET &&
                   (place_mention(x, m) || in_list(pr->src, pr->nsrc, m) || describing_agent(x, m)))
                m = mention_starting(x, x->am[m].end, bound, 0);
            if (m < 0)
                return 0;
            if (e->kind == KH_PE_SOURCE)
                bsrc = m;
            else
                btgt = m;
            /* '%' after the verb: "agrees with A and B" - they are targets; TABARI's
             * compound is source and target wherever it stands ("has exchanged
             * prisoners with A and B": A with B) */
            both |= e->kind == KH_PE_BOTH && x->o->shallow;
            cur = x->am[m].end;
        } else if (e->kind == KH_PE_SKIP) {
            /* '^': the actor right there is passed over, not coded */
            int m = part >= 0 ? part : mention_starting(x, cur, bound, 0);
            int np_end = part < 0 && x->o->verb_phrases ? skip_plain_np(x, cur, bound) : -1;
            part = -1;
            if (np_end >= 0)
                cur = np_end;
            else if (m >= 0 && (x->am[m].start - cur <= 3 || x->o->shallow)) {
                cur = x->am[m].end;     /* TABARI: the next actor, however far */
                if ((part = actor_part(x, m)) >= 0)
                    cur = x->am[m].agent_end;   /* only the agent of "the parliament of X" */
            }
            continue;
        }
        part = -1;
    }
    /* before the verb, right to left */
    cur = pr->vm.start - 1;
    for (int k = v - 1; k >= 0; k--) {
        const kh_pat_elem *e = &p->elems[k];
        int next = (p->elems[k + 1].flags & KH_PE_NEXT) != 0;
        if (e->kind == KH_PE_WORD || e->kind == KH_PE_SYNSET) {
            int j = cur, st = -1;
            for (; j >= 0; j--) {
                if ((st = elem_literal_ending(x, e, j)) >= 0)
                    break;
                if (next)
                    return 0;
            }
            if (st < 0)
                return 0;
            for (int t = st; t <= j && nlit < 32; t++)
                lit[nlit++] = t;
            cur = st - 1;
        } else if (e->kind == KH_PE_SOURCE || e->kind == KH_PE_TARGET || e->kind == KH_PE_BOTH) {
            int m = -1;
            for (int q = x->nfound - 1; q >= 0; q--)
                if (x->am[q].end - 1 <= cur && (!next || x->am[q].end - 1 == cur)) {
                    m = q;
                    break;
                }
            if (m < 0)
                return 0;
            if (e->kind == KH_PE_SOURCE)
                bsrc = m;
            else
                btgt = m;
            both |= e->kind == KH_PE_BOTH;
            cur = x->am[m].start - 1;
        } else if (e->kind == KH_PE_SKIP) {
            /* '^' before the verb: the actor ending there is passed over ("$ ^ FOR *":
             * the source stands before the skipped actor) */
            for (int q = x->nfound - 1; q >= 0; q--)
                if (x->am[q].end - 1 <= cur && (!next || x->am[q].end - 1 == cur)) {
                    if (cur - (x->am[q].end - 1) <= 3 || x->o->shallow) {
                        cur = x->am[q].start - 1;
                        skipped = q;
                    }
                    break;
                }
        }
    }
    if (v < 0 && p->nelems > 0 && nlit == 0 && bsrc < 0 && btgt < 0)
        return 0;
    if (bsrc >= 0) {
        pr->nsrc = 0;
        add_actor(pr->src, &pr->nsrc, bsrc);
        actors_of(x, coord_top(x, x->am[bsrc].head), pr->src, &pr->nsrc);
        /* the pattern made the reading's target its source ("contribute pesos $ to +"):
         * the target is the next actor on */
        if (btgt < 0 && in_list(pr->tgt, pr->ntgt, bsrc)) {
            pr->ntgt = 0;
            int m = mention_starting(x, x->am[bsrc].end, bound, 0);
            if (m >= 0)
                actors_of(x, coord_top(x, x->am[m].head), pr->tgt, &pr->ntgt);
        }
    }
    /* a pattern is written for the active voice: in a passive its target after the verb
     * must not take the "by" agent the tree made the source ("was attacked by X") */
    if (btgt >= 0 && !both && !x->o->shallow && in_list(pr->src, pr->nsrc, btgt) && is_passive(x, i))
        btgt = -1;
    if (btgt >= 0 && bsrc < 0 && !both && !x->o->shallow && in_list(pr->src, pr->nsrc, btgt) && !is_passive(x, i))
        source_before_words(x, pr, lit, nlit, x->am[btgt].start, 0);
    else if (bsrc < 0 && !pr->nsrc && !both && !x->o->shallow)
        source_before_words(x, pr, lit, nlit, pr->vm.start, 2);
    if (btgt >= 0) {
        int *list = both ? pr->src : pr->tgt, *n = both ? &pr->nsrc : &pr->ntgt;
        *n = 0;                 /* '%': the compound there, not the tree's subject */
        add_actor(list, n, btgt);
        if (is_actor_part(x, btgt))
            ;                   /* the actor alone, not the agent's mention around it */
        else if (both && x->o->shallow) {
            surface_compound(x, btgt, list, n);
            surface_compound_right(x, btgt, list, n);
        }
        else
            actors_of(x, coord_top(x, x->am[btgt].head), list, n);
        if (both) {
            pr->reciprocal = 1;
            pr->ntgt = 0;
        }
    }
    if (skipped >= 0 && btgt < 0 && in_list(pr->tgt, pr->ntgt, skipped))
        skip_target(x, pr, skipped);
    memcpy(pr->lit, lit, sizeof(int) * (size_t)nlit);
    pr->nlit = nlit;
    return 1;
}

/* ---- one predicate --------------------------------------------------------------- */

static int is_predicate_word(const kh_word *w, const kh_verb *v)
{
    if (v->is_noun)
        return w->upos == KH_UPOS_NOUN || w->upos == KH_UPOS_PROPN;
    if (w->upos == KH_UPOS_VERB)
        return 1;
    /* a participle the tagger called an adjective ("is prepared to") */
    return w->upos == KH_UPOS_ADJ && w->xpos && strcmp(w->xpos, "VBN") == 0;
}

/* When the tree gives a verb no subject (a stylised sentence the parser misread:
 * "The Hermit Kingdom fired shells at X" with "fired" as a modifier, "Arnor officials
 * are about to restore ties" with the noun as root), the actor that ends right before
 * the verb, with at most auxiliaries, adverbs and "about to" between, is its subject:
 * in English that is where a subject stands. */
static int subject_before(ctx *x, int i, pred *p)
{
    int t = p->vm.start - 1, gap = 0;
    while (t >= 0 && x->actor_at[t] < 0 && gap < 4) {
        const kh_word *w = &x->s->words[t];
        /* an infinitive's "to" is passed only in "about to": "called on the government
         * to release" does not make the government a subject */
        int to = strcasecmp(w->form, "to") == 0;
        if (to && !(t > 0 && strcasecmp(x->s->words[t - 1].form, "about") == 0))
            return 0;
        if (!(w->upos == KH_UPOS_AUX || w->upos == KH_UPOS_ADV || w->upos == KH_UPOS_PART || to ||
              strcasecmp(w->form, "about") == 0))
            return 0;
        t--;
        gap++;
    }
    if (t < 0 || x->actor_at[t] < 0 || x->am[x->actor_at[t]].end != t + 1)
        return 0;
    int m = x->actor_at[t];
    if (in_list(p->tgt, p->ntgt, m))
        return 0;
    if (case_of(x, x->am[m].head)) {
        /* in a prepositional phrase it is no subject, but the agent it belongs to may be
         * ("human rights activists in Arnor are about to restore ties": ARNOPP) */
        int h = x->s->words[x->am[m].head].head - 1;
        if (h < 0 || h >= x->am[m].start || x->actor_at[h] < 0 || !agent_only(&x->am[x->actor_at[h]]))
            return 0;
        int before = p->nsrc;
        actors_of(x, h, p->src, &p->nsrc);
        return p->nsrc > before;
    }
    add_actor(p->src, &p->nsrc, m);     /* the mention alone: the tree around it is wrong */
    return 1;
}

/* The first actor after verb i inside a participle that modifies its object or
 * prepositional noun ("cordoned off the roads leading into Mordor") or inside its
 * purpose clause: the target a reader takes when the verb's own dependents name none. */
static int first_actor_after_acl(ctx *x, int i)
{
    FOR_CHILD(c, x, i) {
        const kh_word *w = &x->s->words[c];
        /* "signed an accord to supply Gondor with wheat": a purpose clause */
        if (c > i && rel_base(w, "advcl") && child_with(x, c, "mark") >= 0 &&
            strcasecmp(x->s->words[child_with(x, c, "mark")].form, "to") == 0 && child_with(x, c, "nsubj") < 0) {
            int m = first_actor_after(x, c, i);
            if (m >= 0)
                return m;
        }
        if (c < i || !(rel_base(w, "obj") || rel_base(w, "obl") || rel_base(w, "nmod")))
            continue;
        FOR_CHILD(a, x, c)
            if (rel_is(&x->s->words[a], "acl") && x->s->words[a].upos == KH_UPOS_VERB) {
                int m = first_actor_after(x, a, i);
                if (m >= 0)
                    return m;
            }
    }
    return -1;
}

/* A verb in the present tense the tagger took for a plural noun, between an actor and
 * a preposition or another actor ("Ethiopia departs from Libya"): a verb. */
static int verb_tagged_noun(ctx *x, int i, const kh_verb *v)
{
    const kh_word *w = &x->s->words[i];
    if (v->is_noun || w->upos != KH_UPOS_NOUN || !w->xpos || strcmp(w->xpos, "NNS") != 0 || i == 0 ||
        i + 1 >= x->n)
        return 0;
    int before = x->actor_at[i - 1];
    if (before < 0 || x->am[before].end != i || x->actor_at[i] >= 0)
        return 0;
    const kh_word *next = &x->s->words[i + 1];
    return next->upos == KH_UPOS_ADP || next->upos == KH_UPOS_DET || x->actor_at[i + 1] >= 0;
}

/* The word before token t is an article ("a", "an", "the"). */
static int after_article(ctx *x, int t)
{
    if (t <= 0)
        return 0;
    const char *f = x->s->words[t - 1].form;
    return strcasecmp(f, "a") == 0 || strcasecmp(f, "an") == 0 || strcasecmp(f, "the") == 0;
}

/* TABARI (manual 7.4): a dictionary verb capitalized in the middle of a sentence is a
 * noun ("is about To Restore ties"), unless the sentence is written all in capitals. */
static int capitalized_mid(ctx *x, int t)
{
    const unsigned char *f = (const unsigned char *)x->s->words[t].form;
    return t > 0 && !x->ds.caps && f && isupper(f[0]);
}

/* A mention standing for a TABARI default code (DEFAULT: SOURCE [X] ...), resting on
 * the verb; -1 when no room is left. */
static int default_mention(ctx *x, const char *code, const pred *p)
{
    /* the code is copied: the options may not outlive the document's events */
    const char *dup = kh_arena_strdup(x->a, code);
    if (x->nam >= x->capam || !dup)
        return -1;
    kh_actor_match *m = &x->am[x->nam];
    memset(m, 0, sizeof *m);
    m->start = m->head = p->vm.start;
    m->end = p->vm.end;
    m->agent_start = m->agent_end = -1;
    m->code = dup;
    return x->nam++;
}

static void drop_actor(int *list, int *n, int m)
{
    for (int k = 0; k < *n; k++)
        if (list[k] == m) {
            memmove(list + k, list + k + 1, sizeof *list * (size_t)(*n - k - 1));
            (*n)--;
            return;
        }
}

/* TABARI's DEFAULT: command. A missing source is, without PRIOR, the first actor of
 * the sentence wherever it stands (the target then the next one), else the default
 * code; a missing target is, without AFTER, the second of a compound source, else the
 * default code. */
static void apply_defaults(ctx *x, pred *p)
{
    const kh_code_opts *o = x->o;
    if (!p->nsrc && o->default_source[0]) {
        if (!o->default_prior && x->nfound > 0) {
            int first = 0;
            for (int m = 1; m < x->nfound; m++)
                if (x->am[m].start < x->am[first].start)
                    first = m;
            add_actor(p->src, &p->nsrc, first);
            drop_actor(p->tgt, &p->ntgt, first);
            for (int m = 0; !p->ntgt && m < x->nfound; m++)
                if (x->am[m].start >= x->am[first].end)
                    add_actor(p->tgt, &p->ntgt, m);
        }
        if (!p->nsrc)
            add_actor(p->src, &p->nsrc, default_mention(x, o->default_source, p));
    }
    if (!p->ntgt && o->default_target[0]) {
        if (!o->default_after && p->nsrc >= 2) {
            for (int k = 1; k < p->nsrc; k++)
                add_actor(p->tgt, &p->ntgt, p->src[k]);
            p->nsrc = 1;
        }
        if (!p->ntgt)
            add_actor(p->tgt, &p->ntgt, default_mention(x, o->default_target, p));
    }
    if (p->ntgt)
        p->reciprocal = 0;
}

/* A passive with no "by" agent as the PETRARCH coders read it (option
 * agentless_passive): its subject and the first other actor of the verb's phrase are
 * the two parties, the subject the source (petrarch2: "X was criticized over its
 * dispute with Y" gives X -> Y) or the target (UniversalPetrarch: Y -> X). Our own
 * reading (0) leaves the source unknown: the criticizer is not named. */
static void agentless_passive(ctx *x, int i, pred *p)
{
    int mode = x->o->agentless_passive;
    if (!mode || p->nsrc || !is_passive(x, i))
        return;
    int subj[MAXARG], ns = 0, other[MAXARG], no = 0;
    FOR_CHILD(c, x, i)
        if (rel_is(&x->s->words[c], "nsubj:pass") || rel_is(&x->s->words[c], "nsubjpass"))
            actors_of(x, c, subj, &ns);
    if (!ns)
        return;
    for (int k = 0; k < p->ntgt; k++)
        if (!in_list(subj, ns, p->tgt[k]))
            add_actor(other, &no, p->tgt[k]);
    if (!no) {
        int m = first_actor_after(x, i, i);
        if (m >= 0 && !in_list(subj, ns, m))
            actors_of(x, x->am[m].head, other, &no);
    }
    if (!no)
        return;
    const int *s = mode == 1 ? subj : other, *t = mode == 1 ? other : subj;
    int nsrc = mode == 1 ? ns : no, ntgt = mode == 1 ? no : ns;
    memcpy(p->src, s, sizeof *s * (size_t)nsrc);
    memcpy(p->tgt, t, sizeof *t * (size_t)ntgt);
    p->nsrc = nsrc;
    p->ntgt = ntgt;
}

/* PETRARCH files the patterns of a block under the block's name, so two blocks of one
 * name ("--- SHOT [---] ---" and later "--- SHOT [223] ---") share their patterns,
 * while a verb keeps the code of the block it was first listed in. Tries the patterns
 * of the other blocks named like b, in file order; 1 when one fits. */
static int same_name_patterns(ctx *x, const kh_verb_block *b, int i, pred *p, int bound)
{
    for (int32_t k = b->same_first; k >= 0; k = kh_dict_block(x->d, k)->same_next) {
        const kh_verb_block *o = kh_dict_block(x->d, k);
        if (o == b)
            continue;
        for (int32_t j = 0; j < o->npatterns; j++) {
            pred trial = *p;
            if (o->patterns[j].special == KH_CODE_COMPLEX || !match_pattern(x, &o->patterns[j], i, &trial, bound))
                continue;       /* [+++] means nothing in PETRARCH files (see analyse) */
            *p = trial;
            p->pat = &o->patterns[j];
            p->code = p->pat->code;
            p->code2 = p->pat->code2;
            p->special = p->pat->special;
            return 1;
        }
    }
    return 0;
}

/* TABARI's default target search (manual 5.8): when no actor after the verb will do,
 * the first actor before the verb whose code differs from the source's ("Arnor urged
 * Bree to assist it": Arnor assists Bree). */
static void shallow_target_before(ctx *x, pred *p)
{
    for (int m = 0; m < x->nfound && x->am[m].end <= p->vm.start; m++) {
        int same = in_list(p->src, p->nsrc, m);
        for (int k = 0; !same && k < p->nsrc; k++)
            same = strcmp(x->am[p->src[k]].code, x->am[m].code) == 0;
        if (!same && x->am[m].code[0] && strcmp(x->am[m].code, "---") != 0) {
            add_actor(p->tgt, &p->ntgt, m);
            return;
        }
    }
}

/* Fills p for predicate i: verb, pattern, code, arguments. Returns 1 when token i
 * is a predicate of the dictionary, else 0. */
static int clause_of(ctx *x, int i);
static int clause_end(ctx *x, int c);
static int modifier_word(ctx *x, int t);

/* The actors of mention m as a source: TABARI's compound is the one on the surface
 * ("Fornost and Barad-Dur have appealed"), not the parser's conjuncts; an agent takes
 * the country it is of ("activists in Arnor"). */
static void source_compound(ctx *x, int m, pred *p)
{
    static const char *const joins[] = {",", "and", "or", "nor", NULL};
    p->nsrc = 0;
    if (!agent_spread(x, m, p->src, &p->nsrc))
        add_actor(p->src, &p->nsrc, m);
    /* "A, B and C" (manual 7.5); ", and" (a comma before the conjunction) ends it */
    for (int t = x->am[m].end; t + 1 < x->n && lemma_in(&x->s->words[t], joins); ) {
        int q = x->actor_at[t + 1];
        if (q < 0 || x->am[q].start != t + 1)
            return;
        add_actor(p->src, &p->nsrc, q);
        t = x->am[q].end;
    }
}

/* 1 when a word of tokens [from, to) is a verb of the dictionary. */
static int verb_between(ctx *x, int from, int to)
{
    for (int t = from; t < to; t++) {
        kh_verb_match vm;
        if (kh_dict_match_verb(x->d, &x->ds, t, &vm))
            return 1;
    }
    return 0;
}

/* When the tree's compound (args) is part of the surface compound that starts at its
 * first actor, the surface one: every actor of its phrases ("A and the evil B awful
 * C", "A and B's C" give C too). */
static void surface_compound_wider(ctx *x, int *args, int *nargs)
{
    int m = args[0], list[MAXARG], n = 0;
    for (int k = 1; k < *nargs; k++)
        if (x->am[args[k]].start < x->am[m].start)
            m = args[k];
    add_actor(list, &n, m);
    surface_compound_right(x, m, list, &n);
    for (int k = 0; k < *nargs; k++)
        if (!in_list(list, n, args[k]))
            return;
    for (int k = 0; k < n; k++)
        add_actor(args, nargs, list[k]);
}

/* The first actor mention that lies within tokens [from, to) before any pronoun
 * (which stands for the source carried over), or -1. */
static int first_actor_between(ctx *x, int from, int to)
{
    for (int t = from; t < to; t++) {
        if (x->s->words[t].upos == KH_UPOS_PRON)
            return -1;
        int q = x->actor_at[t];
        if (q >= 0 && x->am[q].start == t && x->am[q].end <= to)
            return q;
    }
    return -1;
}

/* TABARI's source in the clause that starts at token c (manual 5.8, 7.6): in the
 * first clause the first actor before the verb; after a conjunction the source stays
 * the one before unless an actor follows the conjunction ("A urged B to leave and
 * then asked that C assist": A asks; "... and C asked": C). The clause before is
 * read the same way, from the first actor of the sentence on. */
static void surface_clause_source(ctx *x, int c, pred *p)
{
    int m = -1;
    for (int cl = c; m < 0; cl = x->sclause[cl - 1]) {
        if (cl == 0) {
            for (int q = 0; q < x->nfound; q++)
                if (x->am[q].end <= (cl == c ? p->vm.start : x->n) && (m < 0 || x->am[q].start < x->am[m].start))
                    m = q;
            break;
        }
        int t = cl + 1;
        while (t < x->n && x->actor_at[t] < 0 && modifier_word(x, t))
            t++;
        if (t < x->n && x->actor_at[t] >= 0 && x->am[x->actor_at[t]].start == t &&
            (cl != c || x->am[x->actor_at[t]].end <= p->vm.start))
            m = x->actor_at[t];
        if (m < 0 && cl == c && !verb_between(x, x->sclause[c - 1], c))
            m = first_actor_between(x, t, p->vm.start);
    }
    if (m >= 0 && !in_list(p->src, p->nsrc, m))
        source_compound(x, m, p);
    else if (m >= 0 && p->nsrc == 1)
        surface_compound_right(x, m, p->src, &p->nsrc);
    else if (m >= 0)
        surface_compound_wider(x, p->src, &p->nsrc);
}

/* The token of an agent without a country that actor mention m completes through a
 * preposition ("human rights activists in Arnor"), or -1. */
static int governing_agent(ctx *x, int m)
{
    if (!case_of(x, x->am[m].head))
        return -1;
    int h = x->s->words[x->am[m].head].head - 1;
    if (h < 0 || h >= x->am[m].start || x->actor_at[h] < 0)
        return -1;
    const kh_actor_match *a = &x->am[x->actor_at[h]];
    /* "---ELI", or a prefix agent's "NGM---" */
    return !a->actor && (agent_only(a) || a->agent) ? h : -1;
}

/* TABARI's passive (manual 7.9): "by" right after the verb or an adverb after it
 * ("was attacked by X", "was opposed earlier by X"); "X was reported to have ..." is
 * read as active. */
static int tabari_passive(ctx *x, int i, const pred *p)
{
    int t = p->vm.end;
    while (t < x->n && t < p->vm.end + 2 && x->s->words[t].upos == KH_UPOS_ADV)
        t++;
    return is_passive(x, i) && t < x->n && strcasecmp(x->s->words[t].form, "by") == 0;
}

/* TABARI reads no subordinate clauses: its source is the first actor of the clause
 * (from the sentence's start, or from the verb conjoined to a verb that starts it)
 * before the verb, also when the verb has a subject of its own further on ("Elrond
 * brushed aside reports that Calimehtar attacked Gandalf": Elrond attacked). */
static void clause_first_source(ctx *x, int i, pred *p)
{
    int c = clause_of(x, i), from = 0;
    if (x->sclause) {
        if (!tabari_passive(x, i, p))
            surface_clause_source(x, c, p);
        return;
    }
    if (c == i || is_passive(x, i))
        return;                 /* the clause's own verb; a passive (TABARI turns it) */
    if (x->s->words[c].head > 0)
        for (int t = 0; t < c; t++)
            if (clause_of(x, t) == c) {
                from = t;
                break;
            }
    for (int m = 0; m < x->nfound; m++)
        if (x->am[m].actor && x->am[m].start >= from && x->am[m].end <= p->vm.start) {
            if (in_list(p->src, p->nsrc, m))
                return;
            p->nsrc = 0;
            int h = governing_agent(x, m);
            actors_of(x, h >= 0 ? h : coord_top(x, x->am[m].head), p->src, &p->nsrc);
            return;
        }
}

/* TABARI's pronouns (manual 7.7): HE, SHE, IT, HIM stand for the first actor of the
 * sentence, HER for the first actor before it, THEY, THEM and THEIR for the first compound
 * actor, else the first actor. Adds the actors token t stands for to list. */
static void pronoun_referent(ctx *x, int t, int *list, int *n)
{
    static const char *const one[] = {"he", "she", "it", "him", NULL},
                             *const many[] = {"they", "them", "their", NULL};
    const char *f = x->s->words[t].form;
    int her = strcasecmp(f, "her") == 0, plural = 0;
    for (int k = 0; many[k]; k++)
        plural |= strcasecmp(f, many[k]) == 0;
    int single = her;
    for (int k = 0; one[k]; k++)
        single |= strcasecmp(f, one[k]) == 0;
    if (!single && !plural)
        return;
    int first = -1;
    for (int m = 0; m < x->nfound; m++) {
        if (x->am[m].end > t || (first >= 0 && (her ? x->am[m].start < x->am[first].start
                                                     : x->am[m].start > x->am[first].start)))
            continue;
        first = m;
    }
    if (first < 0)
        return;
    if (plural)
        for (int m = 0; m < x->nfound && x->am[m].end <= t; m++) {
            int tmp[MAXARG], nt = 0;
            add_actor(tmp, &nt, m);
            surface_compound_right(x, m, tmp, &nt);
            if (nt > 1 && x->am[tmp[nt - 1]].end <= t) {
                for (int a = 0; a < nt; a++)
                    add_actor(list, n, tmp[a]);
                return;
            }
        }
    add_actor(list, n, first);
}

/* TABARI's target is the first actor after the verb, a pronoun standing for one too:
 * a pronoun before the tree's target takes its place; THEIR standing for the compound
 * source makes each of its actors the other's target ("A, B and C presented their
 * credentials": A -> B, A -> C, ...). */
static void pronoun_before_target(ctx *x, pred *p)
{
    int first = x->n;
    for (int q = 0; q < p->ntgt; q++)
        if (x->am[p->tgt[q]].start < first)
            first = x->am[p->tgt[q]].start;
    for (int t = p->vm.end; t < first; t++) {
        int list[MAXARG], n = 0;
        if (x->actor_at[t] >= 0)
            return;
        pronoun_referent(x, t, list, &n);
        if (n) {
            memcpy(p->tgt, list, sizeof *list * (size_t)n);
            p->ntgt = n;
            return;
        }
    }
}

/* TABARI's target search stays in the verb's clause (manual 5.7.4, 7.6): a target
 * the tree found beyond a conjunction that ends the clause is none ("affirmed an
 * attack by X or assail Y": not Y); then the first actor after the verb in the clause,
 * else the first one before it whose code differs from the source's. */
static void clause_targets(ctx *x, int i, pred *p)
{
    int c = clause_of(x, p->vm.start), e = clause_end(x, c), k = 0;
    /* the source's own mention is no target (a passive without "by", which TABARI
     * reads as active: "X was reported to have ...") */
    for (int q = 0; q < p->ntgt; q++)
        if (x->am[p->tgt[q]].start >= c && x->am[p->tgt[q]].start < e && !in_list(p->src, p->nsrc, p->tgt[q]))
            p->tgt[k++] = p->tgt[q];
    p->ntgt = k;
    if (p->ntgt)
        surface_compound_wider(x, p->tgt, &p->ntgt);
    if (p->ntgt)
        pronoun_before_target(x, p);
    for (int pass = 0; pass < 2 && !p->ntgt; pass++)
        for (int t = pass ? c : p->vm.end; !p->ntgt && t < (pass ? p->vm.start : e); t++) {
            int list[MAXARG], n = 0;
            if (x->actor_at[t] >= 0 && x->am[x->actor_at[t]].start == t) {
                add_actor(list, &n, x->actor_at[t]);
                if (!pass)
                    surface_compound_right(x, x->actor_at[t], list, &n);
            } else if (x->actor_at[t] < 0) {
                pronoun_referent(x, t, list, &n);
            }
            int same = 0;
            for (int a = 0; a < n && !same; a++)
                for (int q = 0; q < p->nsrc && !same; q++)
                    same = list[a] == p->src[q] || strcmp(x->am[p->src[q]].code, x->am[list[a]].code) == 0;
            for (int a = 0; a < n && !same; a++)
                add_actor(p->tgt, &p->ntgt, list[a]);
        }
}

/* Fills *p for a verb at i; *p is left unset when it returns 0 (callers then ignore
 * it: most words are no verb, and zeroing p first cost a memset each). */
static int analyse(ctx *x, int i, pred *p)
{
    kh_verb_match vm;
    if (!kh_dict_match_verb(x->d, &x->ds, i, &vm))
        return 0;
    memset(p, 0, sizeof *p);
    p->vm = vm;
    /* TABARI: a word of an actor or agent phrase is no verb ("Arnor soldiers" is not
     * SOLD); the words a blank of the phrase let stand between its words are not its */
    if (x->o->shallow && x->actor_at[i] >= 0 &&
        (i == x->am[x->actor_at[i]].start || i == x->am[x->actor_at[i]].end - 1))
        return 0;
    const kh_word *w = &x->s->words[i];
    if (!x->o->shallow && !is_predicate_word(w, p->vm.verb) && !verb_tagged_noun(x, i, p->vm.verb))
        return 0;
    if (x->o->shallow && after_article(x, p->vm.start) && !p->vm.verb->is_noun)
        return 0;               /* TABARI: "an accord", "the promised aid" are nouns */
    if (x->o->shallow && capitalized_mid(x, p->vm.start) && !p->vm.verb->is_noun)
        return 0;
    if (p->vm.verb->is_noun && w->upos != KH_UPOS_VERB)
        noun_args(x, i, p);
    else {
        subject_of(x, i, p->src, &p->nsrc, 0);
        target_of(x, i, p->tgt, &p->ntgt);
        if (!p->nsrc && !x->o->shallow && !is_passive(x, i) && subject_before(x, i, p) && !p->ntgt &&
            rel_is(w, "amod") && w->head - 1 > i) {
            /* "Turkish police arrested dozens of supporters" read as a noun phrase
             * (police <-obj- dozens <-amod- arrested): the noun the verb modifies is
             * its object */
            int tmp[MAXARG], nt = 0;
            actors_of(x, w->head - 1, tmp, &nt);
            for (int k = 0; k < nt; k++)
                if (!in_list(p->src, p->nsrc, tmp[k]))
                    add_actor(p->tgt, &p->ntgt, tmp[k]);
        }
        if (!p->ntgt && !x->o->shallow) {
            int m = first_actor_after_acl(x, i);
            if (m >= 0 && !in_list(p->src, p->nsrc, m))
                actors_of(x, x->am[m].head, p->tgt, &p->ntgt);
        }
        agentless_passive(x, i, p);
        if (!p->ntgt && p->nsrc >= 2)
            p->reciprocal = 1;
    }
    if (x->o->fill_agents && p->nsrc == 1 && p->ntgt == 1 && strlen(x->am[p->src[0]].code) == 3 &&
        x->am[p->src[0]].actor && !x->am[p->tgt[0]].actor &&
        (strncmp(x->am[p->tgt[0]].code, x->am[p->src[0]].code, 3) == 0 ||
         strncmp(x->am[p->tgt[0]].code, "---", 3) == 0) && x->am[p->tgt[0]].code[3]) {
        /* "France deployed troops to protect Estonia": the troops are France's own and
         * act; the target lies further on */
        int agent = p->tgt[0];
        char buf[128];
        snprintf(buf, sizeof buf, "%s%s", x->am[p->src[0]].code, x->am[agent].code + 3);
        const char *dup = kh_arena_strdup(x->a, buf);
        if (dup)
            x->am[agent].code = dup;     /* the troops are France's for the whole sentence */
        p->src[0] = agent;
        p->ntgt = 0;
        x->skip_m = agent;
        int m = first_actor_after(x, i, i);
        x->skip_m = -1;
        if (m >= 0)
            actors_of(x, x->am[m].head, p->tgt, &p->ntgt);
    }
    if (x->o->shallow)
        clause_first_source(x, i, p);
    if (x->o->shallow)
        clause_targets(x, i, p);
    if (x->o->shallow) {
        /* TABARI's reading: the first actor of the sentence before the verb is the
         * source, the first after it the target */
        for (int m = 0; !p->nsrc && m < x->nfound; m++)
            if (x->am[m].end <= p->vm.start)
                actors_of(x, coord_top(x, x->am[m].head), p->src, &p->nsrc);
        for (int m = 0; !p->ntgt && !x->sclause && m < x->nfound; m++)
            if (x->am[m].start >= p->vm.end)
                actors_of(x, coord_top(x, x->am[m].head), p->tgt, &p->ntgt);
        if (!p->ntgt && !x->sclause)
            shallow_target_before(x, p);
    }
    p->code = p->vm.verb->code;
    p->code2 = p->vm.verb->code2;
    p->special = p->vm.verb->special;
    const kh_verb_block *b = p->vm.verb->block;
    int bound = x->o->shallow ? x->n : subtree_end(x, i) + 1;   /* TABARI reads on to the end */
    if (bound < p->vm.end)
        bound = p->vm.end;
    for (int k = 0; b && k < b->npatterns; k++) {
        pred trial = *p;
        /* [+++] is TABARI's "complex sentence"; PETRARCH files carry it without that
         * meaning (its coder ignores such patterns), so only .verbs files use it */
        const char *pf = b->patterns[k].file;
        if (b->patterns[k].special == KH_CODE_COMPLEX && pf && strlen(pf) > 4 &&
            strcmp(pf + strlen(pf) - 4, ".txt") == 0)
            continue;
        if (match_pattern(x, &b->patterns[k], i, &trial, bound)) {
            *p = trial;
            p->pat = &b->patterns[k];
            p->code = p->pat->code;
            p->code2 = p->pat->code2;
            p->special = p->pat->special;
            break;
        }
    }
    if (!p->pat && b && b->has_name && b->file && strlen(b->file) > 4 &&
        strcmp(b->file + strlen(b->file) - 4, ".txt") == 0)
        same_name_patterns(x, b, i, p, bound);
    if (p->pat && !x->o->shallow)
        pattern_args(x, i, p);
    if (x->o->shallow && (x->o->default_source[0] || x->o->default_target[0]))
        apply_defaults(x, p);
    return 1;
}

static const char *const negators[] = {"not", "n't", "never", "no", "neither", "nor", NULL};
static const char *const refusers[] = {"refuse", "fail", "decline", "deny", "reject", NULL};
static const char *const intenders[] = {"plan", "intend", "want", "expect", "hope", "agree", "pledge",
                                        "promise", "offer", "vow", "seek", "aim", "prepare", "decide",
                                        "propose", "consider", "wish", NULL};
static const char *const futures[] = {"will", "would", "shall", "'ll", NULL};

static int negated_here(ctx *x, int i)
{
    FOR_CHILD(c, x, i) {
        const kh_word *w = &x->s->words[c];
        if ((rel_is(w, "advmod") || rel_is(w, "neg") || rel_is(w, "det")) && lemma_in(w, negators))
            return rel_is(w, "det") ? 0 : 1;
        if (rel_is(w, "advmod") && strcasecmp(lemma_of(w), "yet") == 0)   /* "has yet to" */
            return 1;
    }
    return 0;
}

/* Negated: a negator on the predicate or, for a complement, on its governor, or a
 * governor that refuses or fails ("refused to meet", "has yet to respond"). */
static int is_negated(ctx *x, int i)
{
    if (negated_here(x, i))
        return 1;
    const kh_word *w = &x->s->words[i];
    for (int hops = 0; hops < 3 && w->head > 0 && (rel_is(w, "xcomp") || rel_base(w, "ccomp")); hops++) {
        int h = w->head - 1;
        if (negated_here(x, h) || lemma_in(&x->s->words[h], refusers))
            return 1;
        if (strcasecmp(lemma_of(&x->s->words[h]), "have") == 0 && child_with(x, h, "advmod") >= 0 &&
            negated_here(x, h) == 0) {
            FOR_CHILD(c, x, h)
                if (strcasecmp(lemma_of(&x->s->words[c]), "yet") == 0)
                    return 1;
        }
        w = &x->s->words[h];
    }
    return 0;
}

static int is_intent(ctx *x, int i)
{
    FOR_CHILD(c, x, i)
        if (rel_is(&x->s->words[c], "aux") && lemma_in(&x->s->words[c], futures))
            return 1;
    const kh_word *w = &x->s->words[i];
    return rel_is(w, "xcomp") && w->head > 0 && lemma_in(&x->s->words[w->head - 1], intenders);
}

/* The intent (03x) counterpart of a cooperative code; the code itself otherwise. */
static const char *intent_code(const char *code)
{
    static const char *const map[][2] = {
        {"061", "0311"}, {"062", "0312"}, {"063", "0313"}, {"064", "0314"}, {"071", "0331"},
        {"072", "0332"}, {"073", "0333"}, {"074", "0334"}, {"083", "034"}, {"045", "038"},
        {"040", "036"}, {"041", "036"}, {"042", "036"}, {"043", "036"}, {"044", "036"},
        {"046", "036"}, {"051", "032"}, {"052", "032"}, {"054", "032"}, {"057", "032"},
        {"05", "032"}, {"06", "031"}, {"07", "033"}, {"08", "035"}, {"04", "036"},
    };
    if (!code)
        return code;
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
        if (strncmp(code, map[k][0], strlen(map[k][0])) == 0)
            return map[k][1];
    return code;
}

static int code_root_is(const char *code, const char *root)
{
    return code && strncmp(code, root, 2) == 0;
}

/* ---- events ------------------------------------------------------------------------ */

static const char *pattern_label(ctx *x, const pred *p)
{
    char buf[512];
    const char *file = p->pat ? p->pat->file : p->vm.verb->file;
    long line = p->pat ? p->pat->line : p->vm.verb->line;
    const char *base = file ? strrchr(file, '/') : NULL;
    base = base ? base + 1 : (file ? file : "?");
    if (p->pat)
        snprintf(buf, sizeof buf, "%s:%ld: %s", base, line, p->pat->text ? p->pat->text : "");
    else
        snprintf(buf, sizeof buf, "%s:%ld: %s", base, line, p->vm.verb->lemma);
    return kh_arena_strdup(x->a, buf);
}

/* The predicate as written ("met", "carried out") and its byte span, as extra members
 * of the event's JSON, so that a report can highlight the verb in its sentence. */
static const char *predicate_json(ctx *x, const pred *p)
{
    const kh_word *w0 = &x->s->words[p->vm.start], *w1 = &x->s->words[p->vm.end - 1];
    const char *text = w0->form;
    size_t n = strlen(text);
    if (x->doc->text && w1->end >= w0->start && w1->end <= x->doc->text_len) {
        text = x->doc->text + w0->start;
        n = w1->end - w0->start;
    }
    kh_buf b = KH_BUF_INIT;
    const char *r = NULL;
    if (kh_buf_puts(&b, "\"predicate\":") == 0 && kh_buf_json_str(&b, text, n) == 0 &&
        kh_buf_printf(&b, ",\"predicate_span\":[%u,%u]", w0->start, w1->end) == 0)
        r = kh_arena_strndup(x->a, b.data, b.len);
    kh_buf_free(&b);
    return r;
}

/* The code written for an actor: TABARI's converted agent "~MIL" for "---MIL" under
 * SET: CONVERT AGENT, else the code itself. */
static const char *written_code(ctx *x, const char *code)
{
    if (x->o->convert_agent && strncmp(code, "---", 3) == 0 && code[3]) {
        char buf[64];
        snprintf(buf, sizeof buf, "~%s", code + 3);
        const char *dup = kh_arena_strdup(x->a, buf);
        return dup ? dup : code;
    }
    return code;
}

static void fill_actor(ctx *x, kh_event_actor *ea, int m, const char *code)
{
    ea->code = code;
    if (m < 0)
        return;
    char c3[4];
    if (kh_cameo_actor_country(ea->code, c3))
        ea->country = kh_arena_strdup(x->a, c3);
    ea->text = mention_text(x, m);
    ea->entity = x->entity[m] ? x->entity[m] : x->am[m].actor ? x->am[m].actor->entity : NULL;
}

static int same_event(const kh_event *e, const char *src, const char *tgt, const char *code)
{
    return strcmp(e->source.code, src) == 0 && strcmp(e->target.code, tgt) == 0 && strcmp(e->cameo, code) == 0;
}

static int emit_one(ctx *x, const pred *p, int sm, int tm, const char *sc, const char *tc, const char *code,
                    int negated)
{
    kh_events *o = x->out;
    sc = written_code(x, sc);
    tc = written_code(x, tc);
    for (int k = o->n - x->emitted; k < o->n; k++)       /* once per sentence */
        if (same_event(&o->ev[k], sc, tc, code) && o->ev[k].negated == negated)
            return 0;
    if (o->n == o->cap) {
        int cap = o->cap ? o->cap * 2 : 16;
        kh_event *ev = kh_arena_grow(x->a, o->ev, (size_t)o->n, (size_t)cap, sizeof *ev);
        if (!ev)
            return -1;
        o->ev = ev;
        o->cap = cap;
    }
    kh_event *e = &o->ev[o->n];
    memset(e, 0, sizeof *e);
    char id[160];
    snprintf(id, sizeof id, "%s-%d-%d", x->doc->id ? x->doc->id : "doc", x->si, x->emitted);
    e->event_id = kh_arena_strdup(x->a, id);
    e->doc_id = x->doc->id;
    e->sentence = x->si;
    e->date = x->doc->date;
    e->date_precision = x->doc->date ? "day" : NULL;
    fill_actor(x, &e->source, sm, sc);
    fill_actor(x, &e->target, tm, tc);
    e->cameo = kh_arena_strdup(x->a, code);
    e->root = kh_arena_strndup(x->a, code, 2);
    const kh_cameo_event *ce = kh_cameo_event_get(code);
    if (ce) {
        e->quad_class = ce->quad_class;
        e->goldstein = ce->goldstein;
        e->has_goldstein = ce->has_goldstein;
        e->plover = ce->plover;
    }
    e->negated = negated;
    e->issues = x->issues;
    e->nissues = x->nissues;
    e->sentence_text = x->s->text;
    unsigned st = x->s->words[p->vm.start].start, en = x->s->words[p->vm.end - 1].end;
    for (int k = 0; k < 2; k++) {
        int m = k ? tm : sm;
        if (m < 0)
            continue;
        if (x->s->words[x->am[m].start].start < st)
            st = x->s->words[x->am[m].start].start;
        if (x->s->words[x->am[m].end - 1].end > en)
            en = x->s->words[x->am[m].end - 1].end;
    }
    e->span_start = st;
    e->span_end = en;
    e->pattern = pattern_label(x, p);
    e->extra_json = predicate_json(x, p);
    if (!e->event_id || !e->cameo || !e->root || !e->pattern || !e->extra_json)
        return -1;
    o->n++;
    x->emitted++;
    kh_coref_note_event(x->coref, x->si, e->source.code, e->source.entity, e->target.code, e->target.entity);
    if (x->trace)
        kh_buf_printf(x->trace, "    event: %s %s %s%s  [%s]\n", sc, tc, code, negated ? " (negated)" : "",
                      e->pattern);
    return 0;
}

/* One event per actor code: a mention coded with several ("THE SHIRE [FRO/BIL/SAM]",
 * TABARI's and PETRARCH's coded compounds) stands for each of them. */
static int emit(ctx *x, int i, const pred *p, int sm, int tm, const char *code, int negated)
{
    const char *sc = sm >= 0 ? x->am[sm].code : "---", *tc = tm >= 0 ? x->am[tm].code : "---";
    if (!x->o->split_codes || (!strchr(sc, '/') && !strchr(tc, '/')))
        return emit_one(x, p, sm, tm, sc, tc, code, negated);
    char sb[128], tb[128];
    snprintf(sb, sizeof sb, "%s", sc);
    snprintf(tb, sizeof tb, "%s", tc);
    const char *sp[8], *tp[8];
    int ns = 0, nt = 0;
    char *save = NULL;
    for (char *q = strtok_r(sb, "/", &save); q && ns < 8; q = strtok_r(NULL, "/", &save))
        sp[ns++] = q;
    for (char *q = strtok_r(tb, "/", &save); q && nt < 8; q = strtok_r(NULL, "/", &save))
        tp[nt++] = q;
    for (int a = 0; a < ns; a++)
        for (int b = 0; b < nt; b++) {
            if (strcmp(sp[a], tp[b]) == 0)
                continue;
            const char *s1 = kh_arena_strdup(x->a, sp[a]), *t1 = kh_arena_strdup(x->a, tp[b]);
            if (!s1 || !t1 || emit_one(x, p, sm, tm, s1, t1, code, negated) < 0)
                return -1;
        }
    return 0;
}

/* Writes the events of predicate p (code already final). */
static int emit_pred(ctx *x, int i, const pred *p, const char *code, const char *code2, int negated)
{
    int rc = 0;
    if (p->reciprocal && p->ntgt == 0) {
        /* every ordered pair; a paired code ([044:045]) adds its second event too */
        for (int a = 0; a < p->nsrc && rc == 0; a++)
            for (int b = 0; b < p->nsrc && rc == 0; b++)
                if (a != b && strcmp(x->am[p->src[a]].code, x->am[p->src[b]].code) != 0) {
                    rc = emit(x, i, p, p->src[a], p->src[b], code, negated);
                    if (rc == 0 && code2)
                        rc = emit(x, i, p, p->src[b], p->src[a], code2, negated);
                }
        return rc;
    }
    int ns = p->nsrc ? p->nsrc : 1, nt = p->ntgt ? p->ntgt : 1;
    for (int a = 0; a < ns && rc == 0; a++)
        for (int b = 0; b < nt && rc == 0; b++) {
            int sm = p->nsrc ? p->src[a] : -1, tm = p->ntgt ? p->tgt[b] : -1;
            if (sm >= 0 && (sm == tm || (tm >= 0 && strcmp(x->am[sm].code, x->am[tm].code) == 0)))
                continue;     /* no event of an actor with itself */
            if (x->o->require_dyad && (sm < 0 || tm < 0))
                continue;
            if (sm < 0 && tm < 0)
                continue;
            rc = emit(x, i, p, sm, tm, code, negated);
            if (rc == 0 && code2 && sm >= 0 && tm >= 0)
                rc = emit(x, i, p, tm, sm, code2, negated);
        }
    return rc;
}

static void trace_args(ctx *x, const char *what, const int *list, int n)
{
    kh_buf_printf(x->trace, "    %s:", what);
    if (!n)
        kh_buf_puts(x->trace, " (none)");
    for (int k = 0; k < n; k++)
        kh_buf_printf(x->trace, " %s", x->am[list[k]].code);
    kh_buf_putc(x->trace, '\n');
}

/* Has predicate i a clausal complement that is itself a coded predicate? */
static int xcomp_child_pred(ctx *x, int i, pred *inner)
{
    FOR_CHILD(c, x, i)
        if (rel_is(&x->s->words[c], "xcomp") && analyse(x, c, inner))
            return c;
    return -1;
}

static int speech_verb(ctx *x, int i)
{
    FOR_CHILD(c, x, i)
        if (rel_base(&x->s->words[c], "ccomp"))
            return 1;
    return rel_base(&x->s->words[i], "parataxis");
}

/* A trailing attribution: verb v heads the clause after the sentence's last comma, that
 * clause is its subject and the verb with what follows it, and the verb takes no object
 * or complement (", a senior official said on Saturday."). In PETRARCH's reading it is a
 * clause of its own (its parse makes it the main clause), so it is never part of the
 * phrase of a verb before the comma, however the parser attached it. */
static int trailing_attribution(ctx *x, int v)
{
    int lc = -1, subj = -1;
    for (int t = 0; t < x->n; t++)
        if (is_comma(&x->s->words[t]))
            lc = t;
    if (lc < 0 || v <= lc + 1 || x->s->words[v].upos != KH_UPOS_VERB)
        return 0;
    FOR_CHILD(c, x, v) {
        const kh_word *w = &x->s->words[c];
        if (rel_base(w, "obj") || rel_base(w, "iobj") || rel_base(w, "ccomp") || rel_base(w, "xcomp"))
            return 0;
        if (rel_base(w, "nsubj") && c > lc && c < v)
            subj = c;
    }
    if (subj < 0)
        return 0;
    for (int t = lc + 1; t < v; t++)
        if (!under(x->s, t, subj))
            return 0;
    for (int t = v + 1; t < x->n; t++)
        if (x->s->words[t].upos != KH_UPOS_PUNCT && !under(x->s, t, v))
            return 0;
    return 1;
}

/* The word verb i completes when that word is a copular predicate, not a verb ("is about
 * to restore", "is ready to sign"): it stands as an auxiliary of the verb, and what it
 * governs after the verb belongs to the verb's phrase, as a phrase-structure parse
 * attaches it ("is about to restore ties with Gondor, five years after crowds burned its
 * embassy"). -1 otherwise. */
static int copular_governor(ctx *x, int i)
{
    int h = x->s->words[i].head - 1;
    if (h < 0 || h >= i || !rel_is(&x->s->words[i], "xcomp") || x->s->words[h].upos == KH_UPOS_VERB ||
        x->s->words[h].upos == KH_UPOS_AUX || child_with(x, h, "cop") < 0)
        return -1;
    return h;
}

/* Is dependent c of the copular governor of verb i part of i's phrase? */
static int lent_to_verb(ctx *x, int i, int c)
{
    const kh_word *w = &x->s->words[c];
    return c > i && (rel_base(w, "advcl") || rel_base(w, "parataxis") || rel_base(w, "obl")) &&
           !trailing_attribution(x, c);
}

/* PETRARCH codes a verb phrase once: the verbs of clauses inside the phrase of a coded
 * verb (its complements and the adverbial clauses after it: "restore ties with Gondor,
 * almost five years after crowds burned its embassy") are not coded on their own.
 * Conjoined verbs and parenthetical clauses are phrases of their own, and so is
 * anything before the verb (its subject). */
static void claim_phrase(ctx *x, int i, int v)
{
    FOR_CHILD(c, x, v) {
        const kh_word *w = &x->s->words[c];
        if (c < i || rel_base(w, "conj") || rel_base(w, "parataxis") || rel_base(w, "nsubj") ||
            rel_base(w, "csubj") || rel_is(w, "punct") || trailing_attribution(x, c))
            continue;
        x->consumed[c] = 1;
        claim_phrase(x, i, c);
    }
    int h = v == i ? copular_governor(x, i) : -1;
    if (h >= 0)
        FOR_CHILD(c, x, h)
            if (lent_to_verb(x, i, c)) {
                x->consumed[c] = 1;
                claim_phrase(x, i, c);
            }
}

/* With require_dyad off, PETRARCH writes "---" for a target only when the verb acts on
 * a noun phrase: an object, or a noun behind a preposition ("said on Saturday"), not a
 * bare time word ("said today"). */
static int acts_on_phrase(ctx *x, int i)
{
    FOR_CHILD(c, x, i) {
        const kh_word *w = &x->s->words[c];
        if (rel_base(w, "obj") || rel_base(w, "iobj") || rel_is(w, "nsubj:pass") ||
            ((rel_base(w, "obl") || rel_base(w, "nmod")) && case_of(x, c)))
            return 1;
    }
    return 0;
}

/* 1 when token t lies in the phrase of verb i as claim_phrase takes it. */
static int in_verb_phrase(ctx *x, int i, int t)
{
    int g = copular_governor(x, i);
    for (int hops = 0; hops < 64 && t > i; hops++) {
        int h = x->s->words[t].head - 1;
        if (h < 0 || trailing_attribution(x, t))
            return 0;
        if (h == g && g >= 0)
            return lent_to_verb(x, i, t);
        if (h == i) {
            const kh_word *w = &x->s->words[t];
            return !(rel_base(w, "conj") || rel_base(w, "parataxis") || rel_base(w, "nsubj") ||
                     rel_base(w, "csubj") || rel_is(w, "punct"));
        }
        t = h;
    }
    return 0;
}

/* PETRARCH's target when the tree gives none: the first actor after the verb anywhere in
 * its phrase, clauses inside it included ("restore ties with Gxndor, almost five years
 * after Calenardhon crowds burned its embassy": Calenardhon), none of the verb's sources.
 * An agent alone ("---GOV") is no coded actor there: the verb's noun phrase without a
 * code stands before it. */
static void phrase_target(ctx *x, int i, pred *p)
{
    for (int t = i + 1; t < x->n; t++) {
        int m = x->actor_at[t];
        if (m < 0 || agent_only(&x->am[m]) || in_list(p->src, p->nsrc, m) || !in_verb_phrase(x, i, t))
            continue;
        add_actor(p->tgt, &p->ntgt, m);
        return;
    }
}

static int code_predicate(ctx *x, int i)
{
    pred p;
    const kh_word *w = &x->s->words[i];
    if (!analyse(x, i, &p))
        return 0;
    if (x->trace)
        kh_buf_printf(x->trace, "  predicate %d '%s' (%s, verb '%s', block %s)\n", i + 1, w->form,
                      w->deprel ? w->deprel : "_", p.vm.verb->lemma,
                      p.vm.verb->block && p.vm.verb->block->name ? p.vm.verb->block->name : "?");
    if (x->deleted && x->deleted[i]) {
        if (x->trace)
            kh_buf_puts(x->trace, "    not coded: in a comma clause the comma options remove\n");
        return 0;
    }
    if (x->consumed[i]) {
        if (x->trace)
            kh_buf_puts(x->trace, "    not coded: part of an outer predicate's pattern or complement\n");
        return 0;
    }
    if (x->trace) {
        trace_args(x, "source", p.src, p.nsrc);
        trace_args(x, "target", p.tgt, p.ntgt);
        kh_buf_printf(x->trace, "    pattern: %s -> %s\n", p.pat && p.pat->text ? p.pat->text : "(verb's own code)",
                      p.special == KH_CODE_EVENT ? (p.code ? p.code : "?") :
                      p.special == KH_CODE_NONE ? "[---]" : p.special == KH_CODE_DISCARD ? "[###]" : "[+++]");
    }
    for (int k = 0; k < p.nlit; k++)
        x->consumed[p.lit[k]] = 1;
    if (x->o->verb_phrases && (p.pat || (p.special == KH_CODE_EVENT && p.code)))
        claim_phrase(x, i, i);
    if (x->o->verb_phrases && p.ntgt == 0 && !p.reciprocal)
        phrase_target(x, i, &p);
    if (x->o->verb_phrases && !x->o->require_dyad && p.ntgt == 0 && !p.reciprocal &&
        !acts_on_phrase(x, i)) {
        if (x->trace)
            kh_buf_puts(x->trace, "    not coded: no target and no noun phrase acted on\n");
        return 0;
    }
    if (p.special == KH_CODE_DISCARD)
        return KH_SENT_DISCARD + 100;
    if (p.special == KH_CODE_COMPLEX)
        return KH_SENT_COMPLEX + 100;
    if (p.special == KH_CODE_NONE || !p.code) {
        if (x->trace)
            kh_buf_puts(x->trace, "    not coded: the code is [---]\n");
        return 0;
    }
    x->last_rank = p.pat ? p.pat->rank : p.vm.verb->rank;
    const char *code = p.code, *code2 = p.code2;
    pred inner;
    int c = xcomp_child_pred(x, i, &inner);
    if (c >= 0) {
        /* "agreed to negotiate": an intent verb defers to its complement's intent code;
         * any other verb ("urged X to", "threatened to") keeps the complement as its own. */
        const char *ic = inner.special == KH_CODE_EVENT ? intent_code(inner.code) : NULL;
        if (x->o->intent_codes && code_root_is(code, "03") && !p.pat && ic && code_root_is(ic, "03")) {
            if (x->trace)
                kh_buf_printf(x->trace, "    not coded: defers to its complement '%s'\n", x->s->words[c].form);
            return 0;
        }
        x->consumed[c] = 1;
    }
    /* TABARI (shallow) has no negation of its own: its patterns code it ("HAS NOT *") */
    int neg = x->o->shallow ? 0 : is_negated(x, i);
    for (int k = 0; neg && k < p.nlit; k++)      /* "&NEGATVAUXVRB * OVER EFFORTS": the pattern */
        if (lemma_in(&x->s->words[p.lit[k]], negators) || lemma_in(&x->s->words[p.lit[k]], refusers))
            neg = 0;                             /* codes the negation itself */
    if (neg && !x->o->negated) {
        if (x->trace)
            kh_buf_puts(x->trace, "    not coded: negated\n");
        return 0;
    }
    if (strcmp(code, "010") == 0 && speech_verb(x, i)) {
        if (!x->o->code_statements && x->o->require_dyad) {
            if (x->trace)
                kh_buf_puts(x->trace, "    not coded: reported speech (the statement itself needs --statements)\n");
            return 0;
        }
        /* "X said Y ...": the statement is about Y, the reported clause's subject */
        FOR_CHILD(cc, x, i)
            if (x->o->code_statements && !p.ntgt && rel_base(&x->s->words[cc], "ccomp"))
                subject_of(x, cc, p.tgt, &p.ntgt, 0);
    }
    if (x->o->intent_codes && is_intent(x, i)) {
        code = intent_code(code);
        code2 = NULL;
        if (x->trace && code != p.code)
            kh_buf_printf(x->trace, "    intent: %s -> %s\n", p.code, code);
    }
    if (p.nsrc == 0 && p.ntgt == 0) {
        if (x->trace)
            kh_buf_puts(x->trace, "    not coded: no actors\n");
        return 0;
    }
    int before = x->emitted;
    if (emit_pred(x, i, &p, code, code2, neg) < 0)
        return -1;
    if (x->trace && x->emitted == before)
        kh_buf_puts(x->trace, "    not coded: no source/target pair (require_dyad)\n");
    int rank = p.pat ? p.pat->rank : p.vm.verb->rank;
    if (rank == KH_RANK_SUBORDINATE && x->emitted > before)
        x->nsubev += x->emitted - before;   /* keep_by_rank drops them if others come */
    return 0;
}

/* ---- the sentence --------------------------------------------------------------------- */

/* TABARI's clauses are delimited by the conjunctions AND, BUT, OR and NOR: a verb
 * the parser conjoined without one ("yielded ground seized in ...") is no clause. */
static int has_clause_conj(ctx *x, int i)
{
    static const char *const conjs[] = {"and", "but", "or", "nor", NULL};
    FOR_CHILD(c, x, i)
        if (rel_is(&x->s->words[c], "cc") && lemma_in(&x->s->words[c], conjs))
            return 1;
    return 0;
}

/* The clause of token i, for TABARI's CODE BY CLAUSE: the first token of its clause
 * on the surface (see surface_clauses); without those, the nearest verb at or above i
 * that heads the sentence, a conjoined verb or a parenthetical clause. */
static int clause_of(ctx *x, int i)
{
    if (x->sclause)
        return x->sclause[i];
    for (int hops = 0; hops < 64; hops++) {
        const kh_word *w = &x->s->words[i];
        int h = w->head - 1;
        if (h < 0 || (rel_base(w, "conj") && w->upos == KH_UPOS_VERB && x->s->words[h].upos == KH_UPOS_VERB &&
                      has_clause_conj(x, i)))
            return i;
        i = h;
    }
    return i;
}


typedef struct order { int i, depth; } order;

/* TABARI's dominant and subordinate codes (manual 6.6): when an event of a dominant code
 * ("[031!]") was coded, only the dominant ones of the sentence stay; an event of a
 * subordinate code ("[023?]") stays only when nothing else was coded. rank[k] is the
 * rank of the sentence's k-th event (the first 256). */
static void keep_by_rank(ctx *x, const unsigned char *rank)
{
    int n = x->emitted < 256 ? x->emitted : 256, dom = 0, other = 0;
    for (int k = 0; k < n; k++) {
        dom |= rank[k] == KH_RANK_DOMINANT;
        other |= rank[k] != KH_RANK_SUBORDINATE;
    }
    if (!dom && !other)
        return;
    kh_event *ev = x->out->ev + (x->out->n - x->emitted);
    int kept = 0;
    for (int k = 0; k < x->emitted; k++) {
        int r = k < n ? rank[k] : KH_RANK_NORMAL;
        if (dom ? r == KH_RANK_DOMINANT : r != KH_RANK_SUBORDINATE)
            ev[kept++] = ev[k];
        else if (x->trace)
            kh_buf_printf(x->trace, "  dropped %s %s %s: a %s event outranks it\n", ev[k].source.code,
                          ev[k].target.code, ev[k].cameo, dom ? "dominant" : "non-subordinate");
    }
    x->out->n -= x->emitted - kept;
    x->emitted = kept;
}

/* TABARI's <NOUN> and <ADJECTIVE> lists: the class of token t, KH_WORD_NONE when it is
 * in neither. An entry is a stem ("GOAT" matches "goats") unless it ends in '_'. */
static int word_class(ctx *x, int t)
{
    const char *f = x->s->words[t].form;
    for (int32_t k = 0; k < kh_dict_nwordclasses(x->d); k++) {
        const kh_wordclass_entry *e = kh_dict_wordclass(x->d, k);
        if (!e || !e->phrase || strchr(e->phrase, ' '))
            continue;
        size_t n = strlen(e->phrase);
        int exact = n > 0 && e->phrase[n - 1] == '_';
        if (exact ? strlen(f) == n - 1 && strncasecmp(f, e->phrase, n - 1) == 0
                  : strncasecmp(f, e->phrase, n) == 0)
            return e->cls;
    }
    return KH_WORD_NONE;
}

static int modifier_word(ctx *x, int t)
{
    const kh_word *w = &x->s->words[t];
    return w->upos == KH_UPOS_DET || w->upos == KH_UPOS_ADJ || word_class(x, t) == KH_WORD_ADJECTIVE;
}

static int name_word(ctx *x, int t)
{
    const kh_word *w = &x->s->words[t];
    return (w->upos == KH_UPOS_PROPN || w->upos == KH_UPOS_ADJ) && w->form[0] >= 'A' && w->form[0] <= 'Z';
}

/* 1 when the conjunction at t joins a compound and so delimits no clause (manual 7.5,
 * 7.5.1): actors ("Gondor and the lovely Rohan", also after a comma), nouns of the
 * <NOUN> list ("sheep and evil awful goats") or adjectives ("black and white"). */
static int compound_conj(ctx *x, int t)
{
    int l = t - 1, r = t + 1;
    if (strcasecmp(x->s->words[t].form, "but") == 0)
        return 0;               /* no compound is made with BUT */
    if (l >= 1 && strcmp(x->s->words[l].form, ",") == 0 && x->actor_at[l - 1] >= 0)
        l--;
    if (l < 0 || r >= x->n)
        return 0;
    int adj_l = word_class(x, l) == KH_WORD_ADJECTIVE, adj_r = word_class(x, r) == KH_WORD_ADJECTIVE;
    if (adj_l && adj_r)
        return 1;
    while (r < x->n && x->actor_at[r] < 0 && modifier_word(x, r))
        r++;
    if (r >= x->n)
        return 0;
    /* a name the dictionary does not know and an actor joined by "and" are a compound
     * too ("Eriadori and Calenardhon leaders") */
    int act_l = x->actor_at[l] >= 0 ? x->am[x->actor_at[l]].end == l + 1 : name_word(x, l);
    int act_r = x->actor_at[r] >= 0 ? x->am[x->actor_at[r]].start == r : name_word(x, r);
    if (act_l && act_r && (x->actor_at[l] >= 0 || x->actor_at[r] >= 0) &&
        (x->actor_at[l] >= 0 && x->actor_at[r] >= 0 ? 1 : strcasecmp(x->s->words[t].form, "and") == 0))
        return 1;
    return word_class(x, l) == KH_WORD_NOUN && word_class(x, r) == KH_WORD_NOUN;
}

/* TABARI's clauses (manual 7.6): the sentence split at AND, BUT, OR and NOR on the
 * surface, except where they join a compound. The parser's conjuncts do not count:
 * "an attack by soldiers in the south or assail Arnor" is two clauses. */
static int surface_clauses(ctx *x)
{
    static const char *const conjs[] = {"and", "but", "or", "nor", NULL};
    if (!(x->sclause = kh_arena_alloc(x->a, sizeof(int) * (size_t)x->n)))
        return -1;
    int start = 0;
    for (int t = 0; t < x->n; t++) {
        int brk = 0;
        for (int k = 0; conjs[k] && !brk; k++)
            brk = strcasecmp(x->s->words[t].form, conjs[k]) == 0;
        /* a conjunction inside an actor's phrase ("DURTHANG ORC" read across "and")
         * is part of the actor */
        int in_actor = x->actor_at[t] >= 0 && x->am[x->actor_at[t]].start < t;
        if (brk && t > start && !in_actor && !compound_conj(x, t))
            start = t;
        x->sclause[t] = start;
    }
    return 0;
}

/* One past the last token of the clause that starts at c. */
static int clause_end(ctx *x, int c)
{
    int t = c;
    while (t < x->n && x->sclause[t] == c)
        t++;
    return t;
}

/* Words of the sentence as TABARI counts them: runs of characters between spaces. */
static int text_words(const kh_sentence *s)
{
    if (!s->text)
        return s->nwords;
    int n = 0, in = 0;
    for (const char *p = s->text; *p; p++) {
        int sp = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
        n += !sp && !in;
        in = !sp;
    }
    return n;
}

/* TABARI's COMPLEX limits: n or more dictionary verbs, n or more conjunctions that
 * do not join two actors, or (NOACTPRIOR) no actor before the first verb with a code. */
/* TABARI's complexity tests pass by a verb only when it is null-coded and has no
 * pattern (manual 8.7): "launched" [---] with patterns is the first verb. */
static int counts_as_verb(const kh_verb *v)
{
    return (v->special == KH_CODE_EVENT && v->code) ||
           (v->special == KH_CODE_NONE && v->block && v->block->npatterns > 0);
}

static int is_complex(ctx *x)
{
    const kh_code_opts *o = x->o;
    if (!o->complex_verbs && !o->complex_conj && !o->complex_noactprior)
        return 0;
    int verbs = 0, conj = 0, first_coded = -1;
    for (int i = 0; i < x->n; i++) {
        const kh_word *w = &x->s->words[i];
        kh_verb_match vm;
        if (w->upos == KH_UPOS_VERB && !after_article(x, i) && kh_dict_match_verb(x->d, &x->ds, i, &vm)) {
            verbs++;
            if (first_coded < 0 && counts_as_verb(vm.verb))
                first_coded = i;
        }
        if (w->upos == KH_UPOS_CCONJ &&
            !(i > 0 && i + 1 < x->n && x->actor_at[i - 1] >= 0 && x->actor_at[i + 1] >= 0))
            conj++;
    }
    if ((o->complex_verbs && verbs >= o->complex_verbs) || (o->complex_conj && conj >= o->complex_conj))
        return 1;
    if (o->complex_noactprior && first_coded >= 0) {
        for (int m = 0; m < x->nam; m++)
            if (x->am[m].start < first_coded)
                return 0;
        return 1;
    }
    return 0;
}

/* TABARI's actor codes [###] (discard the sentence: "Nasgul") and [+++] (a complex
 * sentence), valid on the sentence's date. */
static int actor_special(ctx *x)
{
    for (int m = 0; m < x->nam; m++) {
        if (strcmp(x->am[m].code, "###") == 0)
            return KH_SENT_DISCARD;
        if (strcmp(x->am[m].code, "+++") == 0)
            return KH_SENT_COMPLEX;
    }
    return 0;
}

/* The words in the order their predicates are tried: by depth in the tree, then left
 * to right (shallow: left to right). Depths lie in 0..n, so a counting sort gives the
 * order qsort by (depth, i) gave for about a seventh of its instructions (issue 8); stable:
 * the words are placed in increasing i. 0, or -1 out of memory. */
static int order_predicates(ctx *x, order *ord, int shallow)
{
    int n = x->n;
    if (shallow) {
        for (int i = 0; i < n; i++) {
            ord[i].i = i;
            ord[i].depth = 0;
        }
        return 0;
    }
    int *at = kh_arena_calloc(x->a, (size_t)n + 2, sizeof *at);   /* depth -> first slot */
    if (!at)
        return -1;
    for (int i = 0; i < n; i++)
        at[x->depth[i] + 1]++;
    for (int d = 1; d <= n + 1; d++)
        at[d] += at[d - 1];
    for (int i = 0; i < n; i++) {
        order *w = &ord[at[x->depth[i]]++];
        w->i = i;
        w->depth = x->depth[i];
    }
    return 0;
}

static int trace_actors(ctx *x)
{
    kh_buf_printf(x->trace, "  actors:");
    if (!x->nam)
        kh_buf_puts(x->trace, " (none)");
    for (int m = 0; m < x->nam; m++)
        if (x->how && x->how[m])       /* found by the resolver: say how and for whom */
            kh_buf_printf(x->trace, " [%s = %s (%s: %s)]", mention_text(x, m), x->am[m].code, x->how[m],
                          x->ante[m] ? x->ante[m] : "?");
        else
            kh_buf_printf(x->trace, " [%s = %s]", mention_text(x, m), x->am[m].code);
    return kh_buf_putc(x->trace, '\n');
}

int kh_code_sentence(const kh_dict *d, const kh_code_opts *o, kh_doc *doc, int si,
                     kh_events *out, kh_buf *trace)
{
    return kh_code_sentence_coref(d, o, doc, si, NULL, out, trace);
}

int kh_code_sentence_coref(const kh_dict *d, const kh_code_opts *o, kh_doc *doc, int si,
                           kh_coref *coref, kh_events *out, kh_buf *trace)
{
    ctx x;
    memset(&x, 0, sizeof x);
    x.coref = coref;
    x.d = d;
    x.o = o;
    x.doc = doc;
    x.s = &doc->sents[si];
    x.si = si;
    x.n = x.s->nwords;
    x.a = doc->arena;
    x.out = out;
    x.trace = trace;
    x.skip_m = -1;
    x.date = doc->date ? kh_dict_date(doc->date, 0) : 0;
    if (x.date < 0)
        x.date = 0;
    if (x.n == 0)
        return KH_SENT_NOEVENT;
    if (o->min_words > 0 && text_words(x.s) < o->min_words) {
        if (trace)
            kh_buf_printf(trace, "  not coded: fewer than %d words (minimum words)\n", o->min_words);
        return KH_SENT_NOEVENT;
    }
    if (o->max_words > 0 && x.n > o->max_words) {
        if (trace)
            kh_buf_printf(trace, "  skipped: %d words (max_words %d)\n", x.n, o->max_words);
        return KH_SENT_TOO_LONG;
    }
    int rc = build_tree(&x);
    if (rc < 0)
        return -1;
    if (rc > 0) {
        if (trace)
            kh_buf_puts(trace, "  skipped: no usable dependency tree\n");
        return KH_SENT_UNPARSED;
    }
    if (kh_dict_prepare(d, x.s, x.a, &x.ds) < 0)
        return -1;
    const kh_discard_entry *de = NULL;
    kh_discard_kind dk = kh_dict_discard(d, &x.ds, &de);
    if (dk != KH_DISCARD_NONE) {
        if (trace)
            kh_buf_printf(trace, "  discarded (%s): '%s'\n", dk == KH_DISCARD_STORY ? "story" : "sentence",
                          de && de->phrase ? de->phrase : "?");
        return dk == KH_DISCARD_STORY ? KH_SENT_STORY_DISCARD : KH_SENT_DISCARD;
    }
    if (comma_clauses(&x) < 0 || find_actors(&x) < 0 || find_issues(&x) < 0)
        return -1;
    if (o->shallow) {
        int st = actor_special(&x);
        if (!st && is_complex(&x))
            st = KH_SENT_COMPLEX;
        if (st) {
            if (trace)
                kh_buf_printf(trace, "  sentence %s by an actor code\n", st == KH_SENT_DISCARD ? "discarded" : "marked complex");
            return st;
        }
    }
    if (o->shallow && surface_clauses(&x) < 0)
        return -1;
    x.consumed = kh_arena_calloc(x.a, (size_t)x.n, 1);
    order *ord = kh_arena_alloc(x.a, sizeof *ord * (size_t)x.n);
    if (!x.consumed || !ord)
        return -1;
    if (trace && trace_actors(&x) < 0)
        return -1;
    if (order_predicates(&x, ord, o->shallow) < 0)
        return -1;
    int status = KH_SENT_NOEVENT;
    unsigned char *clause_done = NULL, *rank = NULL;   /* rank: of each event emitted */
    if (o->shallow && o->code_by == KH_CODE_BY_CLAUSE && !(clause_done = kh_arena_calloc(x.a, (size_t)x.n, 1)))
        return -1;
    if (o->shallow && !(rank = kh_arena_calloc(x.a, 256, 1)))
        return -1;
    for (int k = 0; k < x.n; k++) {
        /* TABARI codes the first verb that yields events, in the sentence or in
         * each clause (SET: CODE BY ...), or every verb (SET: CODE ALL) */
        /* (a subordinate event, "SAID [023?]", does not stop the reading) */
        if (o->shallow && o->code_by == KH_CODE_BY_SENTENCE && x.emitted > x.nsubev)
            break;
        int cl = clause_done ? clause_of(&x, ord[k].i) : 0;
        if (clause_done && clause_done[cl])
            continue;
        int before = x.emitted, main_before = x.emitted - x.nsubev;   /* subordinate events end no clause */
        x.last_rank = KH_RANK_NORMAL;
        int r = code_predicate(&x, ord[k].i);
        if (clause_done && x.emitted - x.nsubev > main_before)
            clause_done[cl] = 1;
        if (r < 0)
            return -1;
        if (rank && before < 256 && x.emitted > before)
            memset(rank + before, x.last_rank, (size_t)((x.emitted < 256 ? x.emitted : 256) - before));
        if (r >= 100) {
            /* [###] and [+++] void the whole sentence: drop what it produced */
            out->n -= x.emitted;
            if (trace)
                kh_buf_printf(trace, "  sentence %s by a pattern code\n", r - 100 == KH_SENT_DISCARD ? "discarded" : "marked complex");
            return r - 100;
        }
    }
    if (rank)
        keep_by_rank(&x, rank);
    if (x.emitted)
        status = KH_SENT_CODED;
    return status;
}
