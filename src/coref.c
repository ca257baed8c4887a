/* coref.c - actors within one document (see coref.h and docs/COREF.md).
 *
 * The resolver keeps two lists in the document's arena: the entities seen so far
 * (a person, an organisation, a place or government, each with its code, its name and
 * its role class) and the history of their mentions (sentence, word). A sentence is read
 * in two passes: the first turns its dictionary mentions into entities (and names the
 * unknown persons a title introduces), the second walks the words left to right and
 * resolves pronouns, definite titles, short names, "the two sides" and "they" against
 * the history, adding each resolved mention to it so that chains ("Abbasi ... He ...
 * he") carry over more than the window of two sentences. */
#include "coref.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cameo.h"
#include "names.h"

#define WINDOW 2        /* sentences back an antecedent may be (besides the current one) */
#define MAXNAME 6       /* words of a personal name */

/* ---- role classes of titles ---------------------------------------------------------- */

enum {
    CL_NONE = 0,
    /* persons */
    CL_MINISTER, CL_FOREIGN_MIN, CL_DEFENCE_MIN, CL_PRIME_MIN, CL_PRESIDENT, CL_VICE_PRES,
    CL_MILITARY, CL_SPOKES, CL_ENVOY, CL_MONARCH, CL_CHANCELLOR, CL_LEADER, CL_OFFICIAL,
    CL_PERSON_LAST = CL_OFFICIAL,
    /* institutions */
    CL_MINISTRY, CL_FOREIGN_MINISTRY, CL_DEFENCE_MINISTRY
};

/* len: strlen(phrase), from the literal (class_of_words tries every title) */
typedef struct title { const char *phrase; size_t len; int cls; } title;
#define T(p, cls) {p, sizeof p - 1, cls}

/* Singular titles only: a plural ("ministers") names no single person. Longest first
 * where one ends another. */
static const title titles[] = {
    T("minister of foreign affairs", CL_FOREIGN_MIN), T("foreign affairs minister", CL_FOREIGN_MIN),
    T("external affairs minister", CL_FOREIGN_MIN), T("foreign minister", CL_FOREIGN_MIN),
    T("foreign secretary", CL_FOREIGN_MIN), T("secretary of state", CL_FOREIGN_MIN),
    T("top diplomat", CL_FOREIGN_MIN), T("chief diplomat", CL_FOREIGN_MIN),
    T("minister of defense", CL_DEFENCE_MIN), T("minister of defence", CL_DEFENCE_MIN),
    T("defense minister", CL_DEFENCE_MIN), T("defence minister", CL_DEFENCE_MIN),
    T("secretary of defense", CL_DEFENCE_MIN), T("secretary of defence", CL_DEFENCE_MIN),
    T("defense secretary", CL_DEFENCE_MIN), T("defence secretary", CL_DEFENCE_MIN),
    T("war minister", CL_DEFENCE_MIN),
    T("deputy prime minister", CL_MINISTER), T("prime minister", CL_PRIME_MIN), T("premier", CL_PRIME_MIN),
    T("minister", CL_MINISTER),
    T("vice president", CL_VICE_PRES), T("vice-president", CL_VICE_PRES), T("president", CL_PRESIDENT),
    T("general", CL_MILITARY), T("commander", CL_MILITARY), T("army chief", CL_MILITARY),
    T("chief of staff", CL_MILITARY), T("military chief", CL_MILITARY),
    T("spokesman", CL_SPOKES), T("spokeswoman", CL_SPOKES), T("spokesperson", CL_SPOKES),
    T("ambassador", CL_ENVOY), T("envoy", CL_ENVOY),
    T("king", CL_MONARCH), T("queen", CL_MONARCH), T("emir", CL_MONARCH), T("sultan", CL_MONARCH),
    T("monarch", CL_MONARCH), T("crown prince", CL_MONARCH),
    T("chancellor", CL_CHANCELLOR), T("leader", CL_LEADER), T("official", CL_OFFICIAL),
    T("ministry of foreign affairs", CL_FOREIGN_MINISTRY), T("foreign ministry", CL_FOREIGN_MINISTRY),
    T("foreign affairs ministry", CL_FOREIGN_MINISTRY), T("foreign office", CL_FOREIGN_MINISTRY),
    T("state department", CL_FOREIGN_MINISTRY),
    T("ministry of defense", CL_DEFENCE_MINISTRY), T("ministry of defence", CL_DEFENCE_MINISTRY),
    T("defense ministry", CL_DEFENCE_MINISTRY), T("defence ministry", CL_DEFENCE_MINISTRY),
    T("ministry", CL_MINISTRY),
    {NULL, 0, 0}
};
#undef T

/* people.dict role= values to classes. */
typedef struct role_cls { const char *role; int cls; } role_cls;
static const role_cls roles[] = {
    {"president", CL_PRESIDENT}, {"vice_president", CL_VICE_PRES}, {"prime_minister", CL_PRIME_MIN},
    {"foreign_minister", CL_FOREIGN_MIN}, {"defence_minister", CL_DEFENCE_MIN},
    {"military_chief", CL_MILITARY}, {"military_commander", CL_MILITARY},
    {"spokesman", CL_SPOKES}, {"spokeswoman", CL_SPOKES}, {"spokesperson", CL_SPOKES},
    {"envoy", CL_ENVOY}, {"un_envoy", CL_ENVOY}, {"monarch", CL_MONARCH}, {"crown_prince", CL_MONARCH},
    {"chancellor", CL_CHANCELLOR},
    {NULL, 0}
};

static int class_of_role(const char *role)
{
    if (!role || !*role)
        return CL_NONE;
    for (const role_cls *r = roles; r->role; r++)
        if (strcmp(r->role, role) == 0)
            return r->cls;
    size_t n = strlen(role);
    if (n >= 8 && strcmp(role + n - 8, "minister") == 0)
        return CL_MINISTER;                      /* interior_minister, finance_minister ... */
    if (n >= 6 && strcmp(role + n - 6, "leader") == 0)
        return CL_LEADER;
    return CL_NONE;
}

static int is_person_class(int cls) { return cls > CL_NONE && cls <= CL_PERSON_LAST; }

/* Does a title of class np fit an antecedent of class ante? */
static int class_fits(int np, int ante)
{
    if (np == ante)
        return 1;
    if (np == CL_MINISTER)
        return ante == CL_FOREIGN_MIN || ante == CL_DEFENCE_MIN;
    if (np == CL_MINISTRY)
        return ante == CL_FOREIGN_MINISTRY || ante == CL_DEFENCE_MINISTRY;
    if (np == CL_OFFICIAL)
        return is_person_class(ante);
    return 0;
}

/* Lower-cased words [s, e) of the sentence joined by spaces into buf. */
static const char *words_lower(const kh_dict_sent *ds, int s, int e, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = '\0';
    for (int i = s; i < e && i < ds->n; i++) {
        for (const char *p = ds->text[i]; *p && k + 2 < n; p++)
            buf[k++] = (char)tolower((unsigned char)*p);
        if (i + 1 < e && k + 2 < n)
            buf[k++] = ' ';
    }
    buf[k] = '\0';
    return buf;
}

/* The class of the title the words [s, e) end with ("Iraq 's defence minister"). */
static int class_of_words(const kh_dict_sent *ds, int s, int e)
{
    char buf[256];
    words_lower(ds, s, e, buf, sizeof buf);
    size_t n = strlen(buf);
    for (const title *t = titles; t->phrase; t++) {
        size_t m = t->len;
        if (m <= n && buf[n - 1] == t->phrase[m - 1] && strcmp(buf + n - m, t->phrase) == 0 &&
            (m == n || buf[n - m - 1] == ' '))
            return t->cls;
    }
    return CL_NONE;
}

/* ---- small word lists ---------------------------------------------------------------- */

/* strcasecmp(a, b) == 0 with the first bytes compared inline first: list words mostly
 * differ there, and every word of every sentence meets some thirty of them. Only A-Z
 * and a-z fold (C locale), so words equal but for case have equal first bytes | 0x20. */
static inline int same_word(const char *a, const char *b)
{
    return ((unsigned char)a[0] | 0x20) == ((unsigned char)b[0] | 0x20) && strcasecmp(a, b) == 0;
}

static int word_in(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (same_word(w, *list))
            return 1;
    return 0;
}

static const char *const he_words[] = {"he", "him", "his", "himself", NULL};
static const char *const she_words[] = {"she", "her", "hers", "herself", NULL};
static const char *const object_pron[] = {"him", "her", "them", NULL};
static const char *const they_words[] = {"they", "them", "their", "themselves", NULL};
static const char *const pair_nouns[] = {"sides", "countries", "nations", "governments", "leaders",
                                         "ministers", "parties", "delegations", "neighbours",
                                         "neighbors", "allies", "presidents", NULL};
/* Given names that tell a person's gender, for telling "he" from "she" apart when two
 * persons are in view. Unknown names are compatible with both. */
static const char *const female_names[] = {
    "Hillary", "Kamala", "Angela", "Theresa", "Ursula", "Nancy", "Kaja", "Annalena", "Giorgia",
    "Liz", "Jacinda", "Marine", "Christine", "Condoleezza", "Madeleine", "Samantha", "Nikki",
    "Linda", "Avril", "Tulsi", "Janet", "Kristalina", "Sanna", "Mette", "Ngozi", "Catherine",
    "Penny", "Yulia", "Hasina", "Benazir", "Indira", "Golda", "Margaret", "Julia", "Michelle",
    "Maria", "Anna", "Fatima", "Dilma", "Cristina", "Ellen", "Tzipi", "Federica", "Frederica",
    "Roberta", "Kristi", "Mary", "Elizabeth", "Sheikh Hasina", "Claudia", "Xiomara", "Dina",
    "Maia", "Salome", "Tsai", "Sahle-Work", "Mia", "Ayesha", "Hina", "Sushma", "Nirmala",
    "Retno", "Naledi", "Lindiwe", "Najla", "Rima", "Olena", "Iryna", "Valentina", "Maria",
    "Emily", "Amina", "Zeynep", "Meral", NULL};
static const char *const male_names[] = {
    "Mohammed", "Mohammad", "Muhammad", "Mohamed", "Ahmed", "Ahmad", "Ali", "Hassan", "Hussein",
    "Abdullah", "Abdel", "Abdul", "Mahmoud", "Karim", "Ibrahim", "Khalid", "Khaled", "Omar",
    "Yusuf", "Mustafa", "Fuad", "Salman", "Thabet", "Thabit", "Hakan", "Recep", "Tayyip",
    "John", "Joe", "Joseph", "Donald", "Barack", "George", "Bill", "William", "Michael", "Mike",
    "James", "Jim", "Robert", "Mark", "Charles", "Lloyd", "Antony", "Marco", "Pete", "Rex",
    "Vladimir", "Sergei", "Sergey", "Dmitry", "Volodymyr", "Dmytro", "Emmanuel", "Olaf",
    "Boris", "Rishi", "Keir", "David", "Narendra", "Imran", "Shehbaz", "Xi", "Wang", "Benjamin",
    "Yoav", "Isaac", "Naftali", "Yair", "Ebrahim", "Hossein", "Abbas", "Ismail", "Bashar",
    "Nouri", "Haider", "Adil", "Fouad", "Masoud", "Nechirvan", "Masrour", "Jens", "Mark",
    "Antonio", "Pedro", "Jair", "Luiz", "Javier", "Gustavo", "Andres", "Cyril", "Paul", "Abiy",
    "William", "Kim", "Shinzo", "Fumio", "Yoon", "Lee", "Moon", "Justin", "Scott", "Anthony", NULL};
static const char *const name_stop[] = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their",
    "this", "that", "these", "those", "but", "and", "or", "in", "on", "at", "of", "for", "to",
    "from", "with", "by", "as", "after", "before", "while", "when", "if", "both", "there",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", NULL};
/* Words that may stand inside a personal name between capitalised words. */
static const char *const name_links[] = {"al", "el", "bin", "ibn", "bint", "abu", "de", "van", "von",
                                         "der", "da", "di", "ul", "ud", NULL};

/* The lists every free word of a sentence is tried against. kh_coref_new sets, for
 * each list, the bits word_key() gives its words; a word whose bit is clear is in no
 * list, and in_list() rejects it without a scan (issue 8: the scans cost ~300
 * instructions a word, name_stop ~500). */
enum { L_HE, L_SHE, L_THEY, L_OBJECT, L_PAIR, L_STOP, L_LINKS, NLISTS };
static const char *const *const lists[NLISTS] = {
    he_words, she_words, they_words, object_pron, pair_nouns, name_stop, name_links,
};

/* A hash of the first three bytes that words equal but for case share: strcasecmp
 * (C locale) folds only A-Z, so equal words have equal bytes | 0x20. 0..255. */
static unsigned word_key(const char *w)
{
    unsigned h = (unsigned char)w[0] | 0x20;
    if (w[0] && w[1]) {
        h = h * 31 + ((unsigned char)w[1] | 0x20);
        if (w[2])
            h = h * 31 + ((unsigned char)w[2] | 0x20);
    }
    return h & 255;
}

/* ---- state --------------------------------------------------------------------------- */

enum { K_PERSON = 1, K_ORG, K_PLACE };

typedef struct ent {
    const char *code;
    const char *entity;            /* NULL: a role without a known entity */
    const char *name;              /* canonical name (persons), or the mention text */
    const char *alias;             /* the name as first written in the document, or NULL */
    const kh_actor_entry *actor;
    uint8_t kind, cls, gender;     /* gender: 0 unknown, 'm', 'f' */
    uint8_t named;                 /* a personal name later short forms may refer to */
} ent;

typedef struct hist { int32_t si, pos, e; } hist;

struct kh_coref {
    const kh_dict *d;
    const kh_coref_people *people;          /* the persons of d by name key, or NULL */
    kh_arena *a;
    ent *ents;
    int nent, capent;
    hist *h;
    int nh, caph;
    int32_t pair_si;                        /* sentence of the last event pair, -1 none */
    const char *pair_code[2], *pair_ent[2];
    int32_t sal_si[WINDOW + 1];             /* per sentence (si % (WINDOW+1)): its first event source */
    const char *sal_code[WINDOW + 1], *sal_ent[WINDOW + 1];
    kh_coref_mention *cur;                  /* mentions of the last sentence fed */
    int ncur, capcur;
    int32_t cur_si;
    uint64_t keys[NLISTS][4];               /* word_key() bits of lists[l] */
};

/* word_in(w, lists[l]) for w of word_key() k, with the reject by key. */
static inline int in_key(const kh_coref *c, const char *w, unsigned k, int l)
{
    return (c->keys[l][k >> 6] >> (k & 63) & 1) && word_in(w, lists[l]);
}

static int in_list(const kh_coref *c, const char *w, int l)
{
    return in_key(c, w, word_key(w), l);
}

const char *kh_coref_how_name(kh_coref_how h)
{
    static const char *const names[] = {"none", "pronoun", "title", "name", "pair", "group", "titled"};
    return (int)h >= 0 && h < KH_COREF_HOW_COUNT ? names[h] : "none";
}

kh_coref *kh_coref_new(const kh_dict *d, kh_arena *a)
{
    kh_coref *c = kh_arena_calloc(a, 1, sizeof *c);
    if (!c)
        return NULL;
    c->d = d;
    c->a = a;
    c->pair_si = -1;
    c->cur_si = -1;
    for (int k = 0; k <= WINDOW; k++)
        c->sal_si[k] = -1;
    for (int l = 0; l < NLISTS; l++)
        for (const char *const *w = lists[l]; *w; w++) {
            unsigned k = word_key(*w);
            c->keys[l][k >> 6] |= 1ull << (k & 63);
        }
    return c;
}

void kh_coref_note_event(kh_coref *c, int si, const char *sc, const char *se, const char *tc,
                         const char *te)
{
    if (!c)
        return;
    int slot = si % (WINDOW + 1);
    if (sc && strncmp(sc, "---", 3) != 0 && c->sal_si[slot] != si) {
        c->sal_si[slot] = si;
        c->sal_code[slot] = sc;
        c->sal_ent[slot] = se;
    }
    if (!sc || !tc || strncmp(sc, "---", 3) == 0 || strncmp(tc, "---", 3) == 0 || strcmp(sc, tc) == 0)
        return;
    c->pair_si = si;
    c->pair_code[0] = sc;
    c->pair_code[1] = tc;
    c->pair_ent[0] = se;
    c->pair_ent[1] = te;
}

static int gender_of_name(const char *name)
{
    char first[64];
    size_t k = 0;
    while (name && name[k] && name[k] != ' ' && k + 1 < sizeof first) {
        first[k] = name[k];
        k++;
    }
    first[k] = '\0';
    if (!k)
        return 0;
    if (word_in(first, female_names))
        return 'f';
    if (word_in(first, male_names))
        return 'm';
    return 0;
}

/* The entity with this identity, created when new; -1 out of memory. Identity: the
 * entity id when there is one, else the name for named persons, else code and class. */
static int ent_get(kh_coref *c, const ent *e)
{
    for (int k = 0; k < c->nent; k++) {
        const ent *o = &c->ents[k];
        if (o->kind != e->kind)
            continue;
        if (e->entity ? (o->entity && strcmp(o->entity, e->entity) == 0)
                      : (!o->entity && o->named == e->named && strcmp(o->code, e->code) == 0 &&
                         o->cls == e->cls && (!e->named || strcmp(o->name, e->name) == 0)))
            return k;
    }
    if (c->nent == c->capent) {
        int cap = c->capent ? c->capent * 2 : 16;
        ent *n = kh_arena_grow(c->a, c->ents, (size_t)c->nent, (size_t)cap, sizeof *n);
        if (!n)
            return -1;
        c->ents = n;
        c->capent = cap;
    }
    c->ents[c->nent] = *e;
    return c->nent++;
}

static int hist_add(kh_coref *c, int32_t si, int32_t pos, int e)
{
    if (c->nh == c->caph) {
        int cap = c->caph ? c->caph * 2 : 32;
        hist *n = kh_arena_grow(c->a, c->h, (size_t)c->nh, (size_t)cap, sizeof *n);
        if (!n)
            return -1;
        c->h = n;
        c->caph = cap;
    }
    c->h[c->nh].si = si;
    c->h[c->nh].pos = pos;
    c->h[c->nh].e = e;
    c->nh++;
    return 0;
}

static kh_coref_mention *cur_add(kh_coref *c)
{
    if (c->ncur == c->capcur) {
        int cap = c->capcur ? c->capcur * 2 : 8;
        kh_coref_mention *n = kh_arena_grow(c->a, c->cur, (size_t)c->ncur, (size_t)cap, sizeof *n);
        if (!n)
            return NULL;
        c->cur = n;
        c->capcur = cap;
    }
    kh_coref_mention *m = &c->cur[c->ncur++];
    memset(m, 0, sizeof *m);
    m->am.actor_phrase = m->am.agent_phrase = -1;
    m->am.actor_start = m->am.actor_end = m->am.agent_start = m->am.agent_end = -1;
    m->replaces = -1;
    m->ante_si = -1;
    return m;
}

/* Adds a mention of entity e over words [s, e) of sentence si. */
static kh_coref_mention *mention(kh_coref *c, int32_t si, int s, int end, int e, kh_coref_how how,
                                 int32_t ante_si)
{
    kh_coref_mention *m = cur_add(c);
    if (!m)
        return NULL;
    const ent *x = &c->ents[e];
    m->am.start = s;
    m->am.end = end;
    m->am.head = end - 1;
    m->am.code = x->code;
    m->am.actor = x->actor;
    if (x->actor) {
        m->am.actor_start = s;
        m->am.actor_end = end;
        m->am.actor_phrase = 0;
    }
    m->how = how;
    m->entity = x->entity;
    m->name = x->alias ? x->alias : x->name;
    m->ante_si = ante_si;
    return hist_add(c, si, s, e) < 0 ? NULL : m;
}

/* ---- text helpers -------------------------------------------------------------------- */

/* Starts with a capital: ASCII, or a Latin letter with a diacritic (UTF-8 leads C3-C5:
 * "Ömer", "Şahin"); curly quotes and other symbols do not count. */
static int capitalised(const char *w)
{
    unsigned char ch = (unsigned char)w[0];
    return (ch >= 'A' && ch <= 'Z') || (ch >= 0xC3 && ch <= 0xC5);
}

/* The text of words [s, e) as written in the document. */
static const char *span_text(kh_coref *c, const kh_doc *doc, const kh_sentence *s, int from, int to)
{
    uint32_t b = s->words[from].start, e = s->words[to - 1].end;
    if (e < b || e > doc->text_len)
        return NULL;
    return kh_arena_strndup(c->a, doc->text + b, e - b);
}

/* End of the personal name starting at word i ("Thabet al - Abbasi"), i when none:
 * capitalised words, with name particles and hyphens between them; words of taken[]
 * (>= 0) end it. */
static int name_run(const kh_coref *c, const kh_sentence *s, const kh_dict_sent *ds, const int *taken,
                    int i)
{
    int j = i, n = ds->n;
    while (j < n && j - i < MAXNAME + 2 && taken[j] < 0) {
        const char *w = ds->text[j];
        if (capitalised(w)) {
            if (in_list(c, w, L_STOP))
                break;
            j++;
            continue;
        }
        /* a particle ("al", "bin") or a hyphen inside a name, before a capitalised word */
        if (j == i && !in_list(c, w, L_LINKS))
            break;
        int k = j;
        if (in_list(c, w, L_LINKS))
            k++;
        if (k > 0 && k < n && strcmp(ds->text[k], "-") == 0 && !s->words[k - 1].space_after)
            k++;
        if (k == j || k >= n || taken[k] >= 0 || !capitalised(ds->text[k]))
            break;
        j = k;
    }
    while (j > i && !capitalised(ds->text[j - 1]))   /* never end on a particle or hyphen */
        j--;
    return j;
}

/* ---- choosing an antecedent ---------------------------------------------------------- */

typedef int (*ent_filter)(const kh_coref *c, const ent *e, int want);

static int fits_person(const kh_coref *c, const ent *e, int gender)
{
    return e->kind == K_PERSON && (!gender || !e->gender || e->gender == gender);
}

static int fits_title(const kh_coref *c, const ent *e, int cls)
{
    if (is_person_class(cls) != (e->kind == K_PERSON))
        return 0;
    if (e->kind != K_PERSON && e->kind != K_ORG)
        return 0;
    if (!class_fits(cls, e->cls))
        return 0;
    /* a person who holds no government or military post on the date is not "the minister" */
    if (e->kind == K_PERSON && cls != CL_LEADER && cls != CL_OFFICIAL)
        return strstr(e->code, cls == CL_MILITARY ? "MIL" : "GOV") != NULL;
    return 1;
}

static int fits_any_nonperson(const kh_coref *c, const ent *e, int unused)
{
    return e->kind != K_PERSON;
}

/* The antecedent of a word at (si, pos): the nearest sentence (this one before pos,
 * then up to WINDOW back) holding entities that pass the filter. When several distinct
 * ones are there, `salient` picks the sentence's first mention (the subject, mostly),
 * unless the coder noted an event of that sentence with another source; otherwise the
 * choice is unclear and -1 is returned. *ante_si gets the sentence. */
static int choose(const kh_coref *c, int32_t si, int32_t pos, int gap, ent_filter f, int want,
                  int salient, int32_t *ante_si)
{
    for (int32_t t = si; t >= 0 && t >= si - WINDOW; t--) {
        int first = -1, distinct = 0, e1 = -1;
        for (int k = 0; k < c->nh; k++) {
            const hist *h = &c->h[k];
            if (h->si != t || (t == si && h->pos + gap >= pos) || !f(c, &c->ents[h->e], want))
                continue;
            if (first < 0 || h->pos < c->h[first].pos)
                first = k;
            if (e1 < 0)
                e1 = h->e, distinct = 1;
            else if (h->e != e1 && distinct == 1)
                distinct = 2;
        }
        if (first < 0)
            continue;
        *ante_si = t;
        if (distinct == 1)
            return e1;
        if (!salient)
            return -1;
        int slot = t % (WINDOW + 1);
        if (c->sal_si[slot] == t) {           /* the subject of the sentence's first event */
            int hit = -1;
            for (int k = 0; k < c->nh; k++) {
                const hist *h = &c->h[k];
                const ent *e = &c->ents[h->e];
                if (h->si != t || (t == si && h->pos + gap >= pos) || !f(c, e, want))
                    continue;
                int same = c->sal_ent[slot] && e->entity ? strcmp(c->sal_ent[slot], e->entity) == 0
                                                          : strcmp(c->sal_code[slot], e->code) == 0;
                if (same && (hit < 0 || hit == h->e))
                    hit = h->e;
                else if (same)
                    hit = -2;              /* two entities with that code: unclear */
            }
            /* the event's source and the first mention disagree ("X was received by Y"):
             * unclear */
            if (hit != c->h[first].e)
                return -1;
        }
        return c->h[first].e;
    }
    return -1;
}

/* ---- pass 1: dictionary mentions and titled names ------------------------------------ */

/* The persons of the dictionary whose names match `name` (and whose country is
 * `country` when given): the one entry, or NULL when none or several. */
/* ---- persons of the dictionary by name key ---------------------------------------------
 *
 * A titled name ("Defence Minister Thabit al-Abassi") is looked up among all the person
 * phrases of the dictionary with the name matcher, and folding a phrase for the matcher
 * costs a few thousand instructions: thousands of phrases per look-up. Matching names
 * share their blocking key (names.h), so the phrases are indexed once by the hash of
 * their key and a look-up folds only the few phrases under the name's key. */

typedef struct person_ref {
    uint64_t key;          /* hash of the phrase's kh_names_key */
    int32_t actor, phrase;
} person_ref;

struct kh_coref_people {
    const kh_dict *d;
    person_ref *refs;      /* sorted by key, then actor, then phrase */
    int32_t n;
};

static uint64_t key_hash(const char *k)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *k; k++) {
        h ^= (unsigned char)*k;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static int cmp_ref(const void *a, const void *b)
{
    const person_ref *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->actor != y->actor)
        return x->actor < y->actor ? -1 : 1;
    return (x->phrase > y->phrase) - (x->phrase < y->phrase);
}

kh_coref_people *kh_coref_people_new(const kh_dict *d)
{
    kh_coref_people *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->d = d;
    size_t cap = 0;
    for (int32_t i = 0, n = d ? kh_dict_nactors(d) : 0; i < n; i++) {
        const kh_actor_entry *e = kh_dict_actor(d, i);
        if (e->type != KH_ACTOR_PERSON)
            continue;
        for (int32_t k = 0; k < e->nphrases; k++) {
            kh_name_prep pp;
            if (kh_names_prepare(e->phrases[k], &pp) == 0)
                continue;   /* no letters: matches no name */
            if ((size_t)p->n == cap) {
                size_t nc = cap ? cap * 2 : 256;
                person_ref *r = realloc(p->refs, nc * sizeof *r);
                if (!r) {
                    kh_coref_people_free(p);
                    return NULL;
                }
                p->refs = r;
                cap = nc;
            }
            p->refs[p->n++] = (person_ref){ key_hash(pp.key), i, k };
        }
    }
    if (p->n > 1)
        qsort(p->refs, (size_t)p->n, sizeof *p->refs, cmp_ref);
    return p;
}

void kh_coref_people_free(kh_coref_people *p)
{
    if (!p)
        return;
    free(p->refs);
    free(p);
}

void kh_coref_use_people(kh_coref *c, const kh_coref_people *p)
{
    if (c && p && p->d == c->d)
        c->people = p;
}

/* The one person entry (of country, when given) that has a phrase `name` is a variant
 * of; NULL when none or several. Which entries match does not depend on the order they
 * are tried in, so the index gives the answer of the full scan. */
static const kh_actor_entry *dict_person(const kh_coref *c, const char *name, const char *country)
{
    const kh_dict *d = c->d;
    const kh_actor_entry *found = NULL;
    kh_name_prep pn, pp;
    if (!d || kh_names_prepare(name, &pn) == 0)
        return NULL;   /* kh_names_match is 0 for a name without letters */
    if (c->people) {
        const kh_coref_people *p = c->people;
        uint64_t h = key_hash(pn.key);
        int32_t lo = 0, hi = p->n;
        while (lo < hi) {
            int32_t mid = lo + (hi - lo) / 2;
            if (p->refs[mid].key < h)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (int32_t r = lo; r < p->n && p->refs[r].key == h; r++) {
            const kh_actor_entry *e = kh_dict_actor(d, p->refs[r].actor);
            if (e == found || (country && (!e->country || strcmp(e->country, country) != 0)))
                continue;
            if (kh_names_prepare(e->phrases[p->refs[r].phrase], &pp) &&
                kh_names_score_prepared(&pn, &pp) > 0.0) {
                if (found)
                    return NULL;
                found = e;
            }
        }
        return found;
    }
    for (int32_t i = 0, n = kh_dict_nactors(d); i < n; i++) {
        const kh_actor_entry *e = kh_dict_actor(d, i);
        if (e->type != KH_ACTOR_PERSON || (country && (!e->country || strcmp(e->country, country) != 0)))
            continue;
        for (int32_t k = 0; k < e->nphrases; k++)
            if (kh_names_prepare(e->phrases[k], &pp) && kh_names_score_prepared(&pn, &pp) > 0.0) {
                if (found && found != e)
                    return NULL;
                found = e;
                break;
            }
    }
    return found;
}

/* The entity of dictionary mention m (-1 when it is no antecedent: an agent alone). */
static int ent_of_match(kh_coref *c, const kh_doc *doc, const kh_sentence *s, const kh_dict_sent *ds,
                        const kh_actor_match *m)
{
    ent e;
    memset(&e, 0, sizeof e);
    e.code = m->code;
    int cls = m->agent ? class_of_words(ds, m->agent_start, m->agent_end) : CL_NONE;
    const kh_actor_entry *a = m->actor;
    if (!a)
        return -2;
    if (a->type == KH_ACTOR_PERSON) {
        e.kind = K_PERSON;
        e.entity = a->entity;
        e.name = a->name;
        e.alias = span_text(c, doc, s, m->actor_start, m->actor_end);
        e.actor = a;
        e.cls = (uint8_t)(cls ? cls : class_of_role(a->role));
        e.gender = (uint8_t)gender_of_name(a->name);
        e.named = 1;
    } else if (m->agent) {
        e.kind = is_person_class(cls) ? K_PERSON : K_ORG;
        e.cls = (uint8_t)cls;
        e.name = span_text(c, doc, s, m->start, m->end);
    } else {
        e.kind = a->type == KH_ACTOR_ORG || a->type == KH_ACTOR_GROUP ? K_ORG : K_PLACE;
        e.entity = a->entity;
        e.name = a->name;
        e.actor = a;
        if (e.kind == K_ORG) {        /* "the Iraqi Defence Ministry" is an entry of its own */
            cls = class_of_words(ds, m->actor_start, m->actor_end);
            e.cls = (uint8_t)(is_person_class(cls) ? CL_NONE : cls);
        }
    }
    if (!e.name)
        return -1;
    return ent_get(c, &e);
}

/* A person named right after a title ("Iraqi Defense Minister Karim Nouri", "the US
 * Secretary of Defense X") or before an apposition ("X, Turkey's foreign minister"):
 * the entity, or -2 when the name gets no code. */
static int titled_person(kh_coref *c, const kh_doc *doc, const kh_sentence *s, const kh_dict_sent *ds,
                         const kh_actor_match *m, int from, int to, int32_t date)
{
    const char *name = span_text(c, doc, s, from, to);
    if (!name)
        return -1;
    const char *code = NULL;
    if (m->actor && (m->actor->type == KH_ACTOR_COUNTRY || m->actor->type == KH_ACTOR_METONYM))
        code = m->code;
    else if (!m->actor && m->start > 0 && m->code && strncmp(m->code, "---", 3) == 0 &&
             (strcmp(ds->text[m->start - 1], "US") == 0 || strcmp(ds->text[m->start - 1], "U.S.") == 0)) {
        /* "US" is left out of the dictionaries (the pronoun "us"); before a title it is the country */
        char buf[64];
        snprintf(buf, sizeof buf, "USA%s", m->code + 3);
        code = kh_arena_strdup(c->a, buf);
        if (!code)
            return -1;
    }
    char country[4] = "";
    if (code && !kh_cameo_actor_country(code, country))
        country[0] = '\0';
    const kh_actor_entry *known = dict_person(c, name, country[0] ? country : NULL);
    ent e;
    memset(&e, 0, sizeof e);
    e.kind = K_PERSON;
    e.cls = (uint8_t)class_of_words(ds, m->agent_start, m->agent_end);
    e.alias = name;
    e.named = 1;
    e.gender = (uint8_t)gender_of_name(name);
    if (known && kh_actor_code_on(known, date)) {
        e.code = kh_actor_code_on(known, date);
        e.entity = known->entity;
        e.name = known->name;
        e.actor = known;
        if (!e.gender)
            e.gender = (uint8_t)gender_of_name(known->name);
    } else if (code) {
        char buf[256];
        snprintf(buf, sizeof buf, "person:%s", name);
        e.code = code;
        e.entity = kh_arena_strdup(c->a, buf);
        e.name = name;
        if (!e.entity)
            return -1;
    } else {
        return -2;
    }
    return ent_get(c, &e);
}

/* ---- pass 2: words without a dictionary mention -------------------------------------- */

static int is_word(const kh_dict_sent *ds, int i, const char *w)
{
    return i >= 0 && i < ds->n && same_word(ds->text[i], w);
}

/* "the two sides", "both countries": the length of the phrase at i, 0 when none. */
static int pair_phrase(const kh_coref *c, const kh_dict_sent *ds, int i, const char **noun)
{
    int k = 0;
    if (is_word(ds, i, "the") && is_word(ds, i + 1, "two"))
        k = 2;
    else if (is_word(ds, i, "both"))
        k = 1;
    if (!k || i + k >= ds->n || !in_list(c, ds->text[i + k], L_PAIR))
        return 0;
    *noun = ds->text[i + k];
    return k + 1;
}

/* The code a party of "both countries" / "both governments" gets from an event code. */
static const char *pair_code(kh_coref *c, const char *code, const char *noun)
{
    char cc[4];
    int country = !strcasecmp(noun, "countries") || !strcasecmp(noun, "nations") ||
                  !strcasecmp(noun, "neighbours") || !strcasecmp(noun, "neighbors");
    int gov = !strcasecmp(noun, "governments");
    if ((!country && !gov) || !kh_cameo_actor_country(code, cc))
        return code;
    char buf[8];
    snprintf(buf, sizeof buf, "%s%s", cc, gov ? "GOV" : "");
    return kh_arena_strdup(c->a, buf);
}

/* Two parties named in sentence t (before word `before` when t is the current one):
 * exactly two distinct entities with two different countries. Returns 1 and fills
 * e[0..1], 0 when the sentence names other than two, -1 when it names no actor. */
static int two_parties(const kh_coref *c, int32_t t, int32_t before, int e[2])
{
    int n = 0, any = 0;
    char cc[2][4];
    for (int k = 0; k < c->nh; k++) {
        const hist *h = &c->h[k];
        char x[4];
        const ent *x0 = &c->ents[h->e];
        if (h->si != t || (before >= 0 && h->pos >= before))
            continue;
        if (x0->actor && (x0->actor->type == KH_ACTOR_CITY || x0->actor->type == KH_ACTOR_REGION))
            continue;                 /* "in Sochi": where, not who */
        any = 1;
        if (!kh_cameo_actor_country(c->ents[h->e].code, x))
            return 0;
        if ((n >= 1 && h->e == e[0]) || (n >= 2 && h->e == e[1]))
            continue;
        if (n == 2 || (n == 1 && strcmp(cc[0], x) == 0))
            return 0;
        e[n] = h->e;
        memcpy(cc[n], x, 4);
        n++;
    }
    return n == 2 ? 1 : any ? 0 : -1;
}

static int resolve_pair(kh_coref *c, int32_t si, int i, int len, const char *noun)
{
    const char *code[2] = {NULL, NULL}, *entity[2] = {NULL, NULL};
    int32_t ante = -1;
    int e[2], r = two_parties(c, si, i, e);       /* "X met Y, and the two sides ..." */
    if (r == 0)
        return 0;
    if (r == 1) {
        ante = si;
    } else if (c->pair_si >= 0 && c->pair_si >= si - WINDOW) {
        for (int k = 0; k < 2; k++) {
            code[k] = c->pair_code[k];
            entity[k] = c->pair_ent[k];
        }
        ante = c->pair_si;
    } else {
        /* no event noted: the nearest earlier sentence with actors, if it names two parties */
        for (int32_t t = si - 1; t >= 0 && t >= si - WINDOW && ante < 0; t--) {
            r = two_parties(c, t, -1, e);
            if (r == 1)
                ante = t;
            else if (r == 0)
                break;
        }
    }
    if (ante >= 0 && !code[0])
        for (int k = 0; k < 2; k++) {
            code[k] = c->ents[e[k]].code;
            entity[k] = c->ents[e[k]].entity;
        }
    if (ante < 0 || !code[0] || !code[1])
        return 0;
    for (int k = 0; k < 2; k++) {
        const char *pc = pair_code(c, code[k], noun);
        kh_coref_mention *m = cur_add(c);
        if (!pc || !m)
            return -1;
        m->am.start = i;
        m->am.end = i + len;
        m->am.head = i + len - 1;
        m->am.code = pc;
        m->how = KH_COREF_PAIR;
        m->entity = pc == code[k] ? entity[k] : NULL;
        m->name = pc;
        m->ante_si = ante;
        m->pair = k;
    }
    return 0;
}

/* "the general" (not in the agents: "general" is too common alone): only when a verb,
 * an auxiliary or punctuation follows ("the general said"), not "the general election". */
static int the_general(const kh_dict_sent *ds, int i)
{
    static const char *const after[] = {"said", "says", "told", "added", "was", "is", "has", "had",
                                        "will", "would", "also", ",", ".", NULL};
    if (!is_word(ds, i, "the") || !is_word(ds, i + 1, "general") || i + 2 >= ds->n)
        return 0;
    uint8_t u = ds->upos ? ds->upos[i + 2] : KH_UPOS_NONE;
    if (u != KH_UPOS_NONE)
        return u == KH_UPOS_VERB || u == KH_UPOS_AUX || u == KH_UPOS_PUNCT || u == KH_UPOS_ADV;
    return word_in(ds->text[i + 2], after);
}

/* Resolves a run of capitalised words [i, j) against the named persons seen so far. */
static int resolve_name(kh_coref *c, const kh_doc *doc, const kh_sentence *s, int32_t si, int i, int j)
{
    if (j - i == 1 && in_list(c, s->words[i].form, L_STOP))
        return 0;
    const char *text = span_text(c, doc, s, i, j);
    if (!text)
        return -1;
    int hit = -1;
    for (int k = 0; k < c->nent; k++) {
        const ent *e = &c->ents[k];
        if (!e->named || e->kind != K_PERSON)
            continue;
        if (kh_names_match(text, e->name) || (e->alias && kh_names_match(text, e->alias))) {
            if (hit >= 0 && hit != k)
                return 0;           /* two persons fit: unclear */
            hit = k;
        }
    }
    if (hit < 0)
        return 0;
    int32_t last = -1;
    for (int k = 0; k < c->nh; k++)
        if (c->h[k].e == hit)
            last = c->h[k].si;
    return mention(c, si, i, j, hit, KH_COREF_NAME, last) ? 0 : -1;
}

int kh_coref_sentence(kh_coref *c, const kh_doc *doc, int si, const kh_dict_sent *ds,
                      const kh_actor_match *am, int na, int32_t date, kh_coref_mention **out)
{
    *out = NULL;
    c->ncur = 0;
    c->cur = NULL;
    c->capcur = 0;
    c->cur_si = si;
    if (!doc || si < 0 || si >= doc->nsents || !ds || ds->n != doc->sents[si].nwords)
        return 0;
    const kh_sentence *s = &doc->sents[si];
    int n = ds->n;
    int *taken = kh_arena_alloc(c->a, sizeof(int) * (size_t)(n + 1));   /* word -> match, -2 name, -1 free */
    int *me = kh_arena_alloc(c->a, sizeof(int) * (size_t)(na + 1));     /* match -> entity */
    if (!taken || !me)
        return -1;
    for (int i = 0; i < n; i++)
        taken[i] = -1;
    for (int k = 0; k < na; k++) {
        me[k] = -2;
        if (am[k].code)
            for (int t = am[k].start; t < am[k].end && t < n; t++)
                taken[t] = k;
    }
    /* pass 1: entities of the dictionary mentions; persons named by a title */
    int *tn_from = kh_arena_alloc(c->a, sizeof(int) * (size_t)(na + 1)), *tn_to = NULL;
    tn_to = kh_arena_alloc(c->a, sizeof(int) * (size_t)(na + 1));
    if (!tn_from || !tn_to)
        return -1;
    for (int k = 0; k < na; k++) {
        const kh_actor_match *m = &am[k];
        tn_from[k] = tn_to[k] = -1;
        if (!m->code)
            continue;
        me[k] = ent_of_match(c, doc, s, ds, m);
        if (me[k] == -1)
            return -1;
        int person_title = m->agent && (!m->actor || m->actor->type != KH_ACTOR_PERSON) &&
                           is_person_class(class_of_words(ds, m->agent_start, m->agent_end));
        if (!person_title)
            continue;
        int from = -1, to = -1;
        if (m->end < n && (to = name_run(c, s, ds, taken, m->end)) > m->end) {
            from = m->end;            /* TITLE NAME */
        } else if (m->actor) {
            int b = m->start - 1;     /* NAME , [the] ACTOR AGENT */
            if (b >= 0 && is_word(ds, b, "the"))
                b--;
            if (b >= 1 && strcmp(ds->text[b], ",") == 0 && taken[b - 1] < 0) {
                int st = b - 1;
                while (st > 0 && taken[st - 1] < 0 && b - st < MAXNAME + 2 &&
                       (capitalised(ds->text[st - 1]) || in_list(c, ds->text[st - 1], L_LINKS) ||
                        strcmp(ds->text[st - 1], "-") == 0))
                    st--;
                while (st < b && !capitalised(ds->text[st]))
                    st++;
                if (st < b && (to = name_run(c, s, ds, taken, st)) == b)
                    from = st;
            }
        }
        if (from < 0 || to <= from)
            continue;
        int e = titled_person(c, doc, s, ds, m, from, to, date);
        if (e == -1)
            return -1;
        if (e < 0)
            continue;
        me[k] = e;
        tn_from[k] = from;
        tn_to[k] = to;
        for (int t = from; t < to; t++)
            taken[t] = -2;
    }
    /* pass 2: left to right */
    for (int i = 0; i < n; i++) {
        int k = taken[i];
        if (k == -2) {
            for (int q = 0; q < na; q++)
                if (tn_from[q] == i) {
                    if (!mention(c, si, i, tn_to[q], me[q], KH_COREF_TITLED, -1))
                        return -1;
                    i = tn_to[q] - 1;
                    break;
                }
            continue;
        }
        if (k >= 0) {
            if (am[k].start != i)
                continue;
            if (me[k] >= 0) {
                if (hist_add(c, si, i, me[k]) < 0)
                    return -1;
            } else if (am[k].agent && !am[k].actor && i > 0 && is_word(ds, i - 1, "the")) {
                /* "the minister", "the ministry": an agent alone after "the" */
                int cls = class_of_words(ds, am[k].agent_start, am[k].agent_end);
                int32_t ante;
                int e = cls ? choose(c, si, i, 0, fits_title, cls, 0, &ante) : -1;
                if (e >= 0) {
                    kh_coref_mention *m = mention(c, si, am[k].start, am[k].end, e, KH_COREF_TITLE, ante);
                    if (!m)
                        return -1;
                    m->replaces = k;
                }
            }
            i = am[k].end - 1;
            continue;
        }
        const char *w = ds->text[i];
        unsigned wk = word_key(w);      /* once for the lists below */
        const char *noun = NULL;
        int len = pair_phrase(c, ds, i, &noun);
        int32_t ante;
        if (len) {
            if (resolve_pair(c, si, i, len, noun) < 0)
                return -1;
            i += len - 1;
        } else if (in_key(c, w, wk, L_HE) || in_key(c, w, wk, L_SHE)) {
            int gap = in_key(c, w, wk, L_OBJECT) ? 3 : 0;   /* "X met him": not X */
            int e = choose(c, si, i, gap, fits_person, in_key(c, w, wk, L_HE) ? 'm' : 'f', 1, &ante);
            if (e >= 0 && !mention(c, si, i, i + 1, e, KH_COREF_PRONOUN, ante))
                return -1;
        } else if (in_key(c, w, wk, L_THEY)) {
            int e = choose(c, si, i, in_key(c, w, wk, L_OBJECT) ? 3 : 0, fits_any_nonperson, 0, 0, &ante);
            if (e >= 0 && c->ents[e].kind == K_ORG && !mention(c, si, i, i + 1, e, KH_COREF_GROUP, ante))
                return -1;
        } else if (the_general(ds, i)) {
            int e = choose(c, si, i, 0, fits_title, CL_MILITARY, 0, &ante);
            if (e >= 0 && !mention(c, si, i + 1, i + 2, e, KH_COREF_TITLE, ante))
                return -1;
            i++;
        } else if (capitalised(w) || in_key(c, w, wk, L_LINKS)) {
            int j = name_run(c, s, ds, taken, i);
            if (j > i) {
                if (resolve_name(c, doc, s, si, i, j) < 0)
                    return -1;
                i = j - 1;
            }
        }
    }
    *out = c->cur;
    return c->ncur;
}

int kh_coref_resolve_word(const kh_coref *c, int si, int word, const kh_coref_mention **out)
{
    *out = NULL;
    if (!c || si != c->cur_si)
        return 0;
    for (int k = 0; k < c->ncur; k++) {
        const kh_coref_mention *m = &c->cur[k];
        if (word >= m->am.start && word < m->am.end) {
            *out = m;
            return m->how == KH_COREF_PAIR && k + 1 < c->ncur && c->cur[k + 1].how == KH_COREF_PAIR &&
                   c->cur[k + 1].am.start == m->am.start ? 2 : 1;
        }
    }
    return 0;
}
