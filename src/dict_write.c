/* dict_write.c - writes a loaded dictionary in our format (docs/DICTIONARIES.md), one
 * kind at a time: what `khaldun dict convert` makes of PETRARCH and TABARI files.
 *
 * The output loads back to the same entries and the same counts: forms are written out
 * in full (VERB=, no generation), PETRARCH blocks become BLOCK lines, generated synset
 * plurals go in a third field, patterns keep their notation (text as written), issues
 * keep their categories. Output is deterministic: entries in load order. */
#include "dict_impl.h"

#include <string.h>

const char *const kh_dict_kinds[] = {
    "actors", "agents", "verbs", "time", "discards", "issues", "nouns", "adjectives",
    "prepositions", "options", NULL
};

/* A phrase or text on one field: TABs and newlines become spaces. */
static void put_text(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

/* A phrase: a word starting with '#' is joined to the one before by '_' (a blank
 * before '#' starts a comment in our format). */
static void put_phrase(FILE *f, const char *s)
{
    for (; *s; s++) {
        char c = *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s;
        fputc(c == ' ' && s[1] == '#' ? '_' : c, f);
    }
}

static void put_list(FILE *f, const char *const *items, int32_t n, const uint8_t *skip, int want)
{
    int first = 1;
    for (int32_t i = 0; i < n; i++) {
        if (skip && skip[i] != want)
            continue;
        if (!first)
            fputs(" | ", f);
        put_phrase(f, items[i]);
        first = 0;
    }
}

static void put_date(FILE *f, int32_t d)
{
    fprintf(f, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
}

static void put_ecode(FILE *f, const char *code, const char *code2, uint8_t special, uint8_t rank)
{
    fputc('[', f);
    if (special == KH_CODE_DISCARD)
        fputs("###", f);
    else if (special == KH_CODE_COMPLEX)
        fputs("+++", f);
    else if (special == KH_CODE_NONE && code2)
        fprintf(f, ":%s", code2);
    else if (special == KH_CODE_NONE || !code)
        fputs("---", f);
    else
        fprintf(f, "%s%s%s", code, code2 ? ":" : "", code2 ? code2 : "");
    if (rank == KH_RANK_DOMINANT)
        fputc('!', f);
    else if (rank == KH_RANK_SUBORDINATE)
        fputc('?', f);
    fputc(']', f);
}

static long write_actors(const kh_dict *d, FILE *f)
{
    long n = 0;
    for (int32_t i = 0; i < d->nactors; i++) {
        const kh_actor_entry *e = d->actors[i];
        put_list(f, e->phrases, e->nphrases, NULL, 0);
        fputc('\t', f);
        for (int32_t k = 0; k < e->ncodes; k++) {
            const kh_dict_code *c = &e->codes[k];
            fprintf(f, "%s%s", k ? " ; " : "", c->code);
            if (c->ranged) {
                fputc(' ', f);
                if (c->from != KH_DATE_MIN)
                    put_date(f, c->from);
                fputs("..", f);
                if (c->to != KH_DATE_MAX)
                    put_date(f, c->to);
            }
        }
        if (e->ncodes == 0)
            fputc('-', f);         /* an entry without any code (PETRARCH allows it) */
        if (e->attrs) {
            fputc('\t', f);
            put_text(f, e->attrs);
        }
        fputc('\n', f);
        n++;
    }
    return n;
}

static long write_agents(const kh_dict *d, FILE *f)
{
    for (int32_t i = 0; i < d->nagents; i++) {
        const kh_agent_entry *e = d->agents[i];
        put_list(f, e->phrases, e->nphrases, NULL, 0);
        fprintf(f, "\t%s%s%s%s%s\n", e->code, e->prefix ? "~" : "",
                e->case_exact || e->written_forms ? "\t" : "", e->case_exact ? "case=exact" : "",
                e->written_forms ? (e->case_exact ? " inflect=none" : "inflect=none") : "");
    }
    return d->nagents;
}

/* The forms of a verb; '+' marks the head word of a multi-word lemma. */
static void put_forms(FILE *f, const kh_verb *v)
{
    for (int32_t i = 0; i < v->nforms; i++) {
        const char *s = v->forms[i];
        if (i)
            fputs(" | ", f);
        if (i == 0 && v->head > 0) {
            int32_t w = 0;
            for (const char *p = s; *p; p++) {
                if (p == s || p[-1] == ' ') {
                    if (w == v->head)
                        fputc('+', f);
                    w++;
                }
                fputc(*p == '\t' ? ' ' : *p, f);
            }
        } else {
            put_text(f, s);
        }
    }
}

/* "%tabari on|off" before a block whose patterns read their words otherwise than the
 * block before (TABARI's open and closed words, order by letters); *mode: the current. */
static void write_tabari_mode(const kh_verb_block *b, int *mode, FILE *f)
{
    int want = b->npatterns > 0 && b->patterns[0].by_chars;
    if (b->npatterns > 0 && want != *mode) {
        fprintf(f, "%%tabari %s\n", want ? "on" : "off");
        *mode = want;
    }
}

static void write_patterns(const kh_verb_block *b, FILE *f)
{
    for (int32_t p = 0; p < b->npatterns; p++) {
        const kh_pattern *pt = &b->patterns[p];
        if (pt->alt)
            continue;              /* the line written for the first expansion covers it */
        fputc('\t', f);
        put_text(f, pt->text ? pt->text : "*");
        fputc('\t', f);
        if (b->time)
            fprintf(f, "[%s]", pt->special == KH_CODE_EVENT && pt->code ? pt->code
                               : pt->special == KH_CODE_DISCARD ? "###"
                               : pt->special == KH_CODE_COMPLEX ? "+++" : "---");
        else
            put_ecode(f, pt->code, pt->code2, pt->special, pt->rank);
        if (pt->note) {
            fputs("\t# ", f);
            put_text(f, pt->note);
        }
        fputc('\n', f);
    }
}

static void write_synsets(const kh_dict *d, FILE *f)
{
    static const uint8_t none = 0;
    for (int32_t i = 0; i < d->nsynsets; i++) {
        const kh_synset *s = d->synsets[i];
        int ngen = 0;
        for (int32_t k = 0; s->generated && k < s->nmembers; k++)
            ngen += s->generated[k];
        put_text(f, s->name);
        fputc('\t', f);
        if (s->generated) {
            put_list(f, s->members, s->nmembers, s->generated, 0);
            if (ngen) {
                fputc('\t', f);
                put_list(f, s->members, s->nmembers, s->generated, 1);
            }
        } else {
            put_list(f, s->members, s->nmembers, NULL, none);
        }
        fputc('\n', f);
    }
}

static long write_verbs(const kh_dict *d, FILE *f)
{
    write_synsets(d, f);
    int mode = 0;
    for (int32_t i = 0; i < d->nblocks; i++) {
        const kh_verb_block *b = &d->blocks[i]->pub;
        write_tabari_mode(b, &mode, f);
        int paired = b->nverbs == 2 && !b->verbs[0]->is_noun && b->verbs[1]->is_noun;
        if (b->has_name || (b->nverbs != 1 && !paired)) {
            fputs("BLOCK ", f);
            put_text(f, b->name && *b->name ? b->name : "-");
            fputc('\t', f);
            put_ecode(f, b->code, b->code2, b->special, b->rank);
            fputc('\n', f);
            for (int32_t v = 0; v < b->nverbs; v++) {
                const kh_verb *vb = b->verbs[v];
                fputs("VERB= ", f);
                put_forms(f, vb);
                fputc('\t', f);
                put_ecode(f, vb->code, vb->code2, vb->special, vb->rank);
                fputc('\n', f);
            }
        } else {
            const kh_verb *vb = b->verbs[0];
            fputs("VERB= ", f);
            put_forms(f, vb);
            if (paired) {
                fputs(" ; NOUN= ", f);
                put_forms(f, b->verbs[1]);
            }
            fputc('\t', f);
            put_ecode(f, vb->code, vb->code2, vb->special, vb->rank);
            fputc('\n', f);
        }
        write_patterns(b, f);
    }
    return d->nblocks;
}

static long write_time(const kh_dict *d, FILE *f)
{
    int mode = 0;
    for (int32_t i = 0; i < d->ntimes; i++) {
        const kh_verb_block *b = &d->times[i]->pub;
        write_tabari_mode(b, &mode, f);
        fputs("TIME= ", f);
        put_text(f, b->nverbs > 0 ? b->verbs[0]->lemma : b->name);
        fprintf(f, "\t[%s]\n", b->special == KH_CODE_EVENT && b->code ? b->code
                               : b->special == KH_CODE_DISCARD ? "###"
                               : b->special == KH_CODE_COMPLEX ? "+++" : "---");
        write_patterns(b, f);
    }
    return d->ntimes;
}

static long write_discards(const kh_dict *d, FILE *f)
{
    for (int32_t i = 0; i < d->ndiscards; i++) {
        const kh_discard_entry *e = d->discards[i];
        put_text(f, e->phrase);
        fprintf(f, "%s\t%s\n", e->stem ? "*" : "", e->kind == KH_DISCARD_STORY ? "story" : "sentence");
    }
    return d->ndiscards;
}

static long write_issues(const kh_dict *d, FILE *f)
{
    const char *cat = NULL;
    for (int32_t i = 0; i < d->nissues; i++) {
        const kh_issue_entry *e = d->issues[i];
        if (e->category && (e->nphrases == 0 || !cat || strcmp(cat, e->category) != 0)) {
            fprintf(f, "%%category %s\n", e->category);
            cat = e->category;
        }
        if (e->nphrases == 0)
            continue;               /* a category's placeholder: the %category line is it */
        fprintf(f, "%s\t", e->exclude ? "~" : e->code);
        put_list(f, e->phrases, e->nphrases, NULL, 0);
        fputc('\n', f);
    }
    return d->nissues;
}

static long write_wordclass(const kh_dict *d, FILE *f, kh_word_class cls)
{
    long n = 0;
    for (int32_t i = 0; i < d->nwclasses; i++) {
        if (d->wclasses[i]->cls != cls)
            continue;
        put_text(f, d->wclasses[i]->phrase);
        fputc('\n', f);
        n++;
    }
    return n;
}

long kh_dict_kind_count(const kh_dict *d, const char *kind)
{
    if (strcmp(kind, "actors") == 0) return d->nactors;
    if (strcmp(kind, "agents") == 0) return d->nagents;
    if (strcmp(kind, "verbs") == 0) return d->nblocks + d->nsynsets;
    if (strcmp(kind, "time") == 0) return d->ntimes;
    if (strcmp(kind, "discards") == 0) return d->ndiscards;
    if (strcmp(kind, "issues") == 0) return d->nissues;
    if (strcmp(kind, "prepositions") == 0) return d->npreplist;
    if (strcmp(kind, "options") == 0) return d->nopts;
    if (strcmp(kind, "nouns") == 0 || strcmp(kind, "adjectives") == 0) {
        kh_word_class cls = kind[0] == 'n' ? KH_WORD_NOUN : KH_WORD_ADJECTIVE;
        long n = 0;
        for (int32_t i = 0; i < d->nwclasses; i++)
            n += d->wclasses[i]->cls == cls;
        return n;
    }
    return 0;
}

long kh_dict_write_kind(const kh_dict *d, const char *kind, const char *origin, FILE *f)
{
    long n;
    fprintf(f, "# %s, converted by khaldun dict convert from %s\n%%kind %s\n", kind,
            origin ? origin : "(memory)", kind);
    if (strcmp(kind, "actors") == 0)
        n = write_actors(d, f);
    else if (strcmp(kind, "agents") == 0)
        n = write_agents(d, f);
    else if (strcmp(kind, "verbs") == 0)
        n = write_verbs(d, f);
    else if (strcmp(kind, "time") == 0)
        n = write_time(d, f);
    else if (strcmp(kind, "discards") == 0)
        n = write_discards(d, f);
    else if (strcmp(kind, "issues") == 0)
        n = write_issues(d, f);
    else if (strcmp(kind, "nouns") == 0)
        n = write_wordclass(d, f, KH_WORD_NOUN);
    else if (strcmp(kind, "adjectives") == 0)
        n = write_wordclass(d, f, KH_WORD_ADJECTIVE);
    else if (strcmp(kind, "prepositions") == 0) {
        for (int32_t i = 0; i < d->npreplist; i++)
            fprintf(f, "%s\n", d->trie.words[d->preplist[i]]);
        n = d->npreplist;
    } else if (strcmp(kind, "options") == 0) {
        for (int32_t i = 0; i < d->nopts; i++) {
            put_text(f, d->opts[i].name);
            fputc('\t', f);
            put_text(f, d->opts[i].value);
            fputc('\n', f);
        }
        n = d->nopts;
    } else {
        return -1;
    }
    return ferror(f) ? -1 : n;
}
