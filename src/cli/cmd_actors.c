/* cmd_actors.c - `khaldun actors`: entities and their spellings; unknown actors to add.
 *
 *   khaldun actors --db F               entities of a database: id, name, code, aliases
 *   khaldun actors --db F --unknown     named actors no dictionary knows, as dictionary
 *                                       entries (docs/DICTIONARIES.md) ready for review
 *   khaldun actors [--dict PATH]        the actors of the dictionaries, with their ids */
#include "cli.h"

#include "dict.h"
#include "store.h"

#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: khaldun actors [--db FILE] [--unknown] [--min N] [--dict PATH]\n"
            "Lists entities (id, name, code, country, type, mentions, documents, spellings).\n"
            "  --db FILE    a database made by `khaldun code --db FILE`; without it, the actors of\n"
            "               the dictionaries (--dict PATH, repeatable; default: the bundled ones)\n"
            "  --unknown    named actors no dictionary knows, with a suggested code, their spellings\n"
            "               and example sentences, printed as dictionary entries to review and add\n"
            "  --min N      only entities mentioned at least N times (default 1; --unknown: 2)\n");
}

static void tsv(const char *s)
{
    for (; s && *s; s++)
        putchar(*s == '\t' || *s == '\n' ? ' ' : *s);
}

static int print_entity(void *ctx, const kh_store_entity *e)
{
    tsv(e->id);
    putchar('\t');
    tsv(e->name);
    putchar('\t');
    tsv(e->code);
    putchar('\t');
    tsv(e->country);
    printf("\t%s\t%ld\t%ld\t", e->type ? e->type : "", e->nmentions, e->ndocs);
    for (int i = 0; i < e->naliases; i++) {
        fputs(i ? " | " : "", stdout);
        tsv(e->aliases[i]);
    }
    putchar('\n');
    return 0;
}

/* One dictionary entry: "# comments" with the evidence, then the entry line (left as a
 * comment when nothing suggests a code, so that the file still loads). */
static int print_unknown(void *ctx, const kh_store_entity *e)
{
    long *n = ctx;
    ++*n;
    printf("\n# %s: %ld mentions in %ld documents; %s\n", e->id, e->nmentions, e->ndocs,
           e->suggest ? (strcmp(e->why, "title") == 0 ? "code from the title before the name"
                         : strcmp(e->why, "apposition") == 0 ? "code from the apposition after the name"
                         : "country of the actors mentioned with it")
                      : "no code suggested");
    for (int i = 0; i < e->nexamples; i++) {
        printf("#   %s: \"", e->example_docs[i]);
        for (const char *p = e->examples[i]; *p; p++)
            putchar(*p == '\n' || *p == '\t' ? ' ' : *p);
        printf("\"\n");
    }
    fputs(e->suggest ? "" : "# ", stdout);
    tsv(e->name);
    for (int i = 0; i < e->naliases; i++)
        if (strcmp(e->aliases[i], e->name) != 0) {
            fputs(" | ", stdout);
            tsv(e->aliases[i]);
        }
    printf("\t%s\ttype=person", e->suggest ? e->suggest : "---");
    if (e->suggest && strlen(e->suggest) >= 3 && strncmp(e->suggest, "---", 3) != 0)
        printf(" country=%.3s", e->suggest);
    putchar('\n');
    return 0;
}

static int list_dict(const char **paths, int n)
{
    char def[4096];
    if (n == 0) {
        snprintf(def, sizeof def, "%s/dict", kh_cli_data_dir());
        paths[n++] = def;
    }
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    diag.quiet = 1;
    kh_dict *d = kh_dict_open(paths, n, &diag);
    if (!d)
        return 2;
    printf("# id\tname\tcodes\tattributes\tphrases\n");
    for (int32_t i = 0; i < kh_dict_nactors(d); i++) {
        const kh_actor_entry *e = kh_dict_actor(d, i);
        printf("%s\t%s\t", e->entity ? e->entity : "", e->name);
        for (int k = 0; k < e->ncodes; k++) {
            const kh_dict_code *c = &e->codes[k];
            printf("%s%s", k ? " ; " : "", c->code);
            if (c->ranged)
                printf(" %d..%d", c->from, c->to);
        }
        printf("\t%s\t", e->attrs ? e->attrs : "");
        for (int k = 0; k < e->nphrases; k++)
            printf("%s%s", k ? " | " : "", e->phrases[k]);
        putchar('\n');
    }
    kh_dict_free(d);
    return 0;
}

int cmd_actors(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    const char *db = NULL;
    const char **dicts = calloc((size_t)argc + 1, sizeof *dicts);
    int unknown = 0, bad = 0, ndicts = 0;
    long min = -1;
    if (!dicts) {
        fprintf(stderr, "khaldun actors: out of memory\n");
        return 2;
    }
    for (int i = 1; i < argc && !bad; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--db") == 0 && v) db = argv[++i];
        else if (strcmp(a, "--dict") == 0 && v) dicts[ndicts++] = argv[++i];
        else if (strcmp(a, "--unknown") == 0) unknown = 1;
        else if (strcmp(a, "--min") == 0 && v) {
            char *end;
            min = strtol(argv[++i], &end, 10);
            bad = *end || min < 1;
        } else bad = 1;
    }
    if (bad || (unknown && !db)) {
        fprintf(stderr, "khaldun actors: %s (see khaldun actors --help)\n",
                bad ? "bad or incomplete option" : "--unknown needs --db FILE");
        free(dicts);
        return 2;
    }
    if (!db) {
        int rc = list_dict(dicts, ndicts);
        free(dicts);
        return rc;
    }
    free(dicts);
    char *err = NULL;
    kh_store *s = kh_store_open(db, &err);
    if (!s) {
        fprintf(stderr, "khaldun actors: %s\n", err ? err : "cannot open the database");
        free(err);
        return 2;
    }
    long n = 0;
    int rc;
    if (unknown) {
        printf("# Named actors no dictionary knows (khaldun actors --unknown). Review each entry\n"
               "# (code, spellings) before adding it to a dictionary; see docs/DICTIONARIES.md.\n"
               "%%kind actors\n");
        rc = kh_store_entities(s, 1, min > 0 ? min : 2, print_unknown, &n);
    } else {
        printf("# id\tname\tcode\tcountry\ttype\tmentions\tdocuments\tspellings\n");
        rc = kh_store_entities(s, 0, min > 0 ? min : 1, print_entity, &n);
    }
    fflush(stdout);
    if (rc < 0)
        fprintf(stderr, "khaldun actors: %s\n", kh_store_error(s));
    else if (unknown)
        fprintf(stderr, "%ld unknown actors\n", n);
    kh_store_close(s);
    return rc < 0 ? 2 : 0;
}
