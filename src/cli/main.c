/* main.c - `khaldun <command> [options]`: dispatches to the commands. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
    const char *name;
    kh_cmd_fn fn;
    const char *summary;
} commands[] = {
    {"code",         cmd_code,         "code documents into events (JSONL or TSV)"},
    {"explain",      cmd_explain,      "show how one sentence is coded, step by step"},
    {"validate",     cmd_validate,     "run a PETRARCH or TABARI validation suite"},
    {"parse",        cmd_parse,        "tag and parse text or CoNLL-U, write CoNLL-U"},
    {"segment",      cmd_segment,      "split text into sentences and tokens with offsets"},
    {"docs",         cmd_docs,         "read documents in any input format and list them"},
    {"dict",         cmd_dict,         "check, look up in and convert dictionaries"},
    {"train",        cmd_train,        "train the tagger and parser from UD treebanks"},
    {"eval-ud",      cmd_eval_ud,      "score a CoNLL-U file against a gold one"},
    {"eval-segment", cmd_eval_segment, "score the text layer on a UD treebank's raw text"},
    {"query",        cmd_query,        "print events from a database"},
    {"actors",       cmd_actors,       "list actors, e.g. the unknown ones"},
    {"report",       cmd_report,       "write an HTML report from a database"},
    {"serve",        cmd_serve,        "serve the HTTP JSON API"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out,
            "khaldun %s - political event data from news text (CAMEO, PLOVER)\n\n"
            "usage: khaldun <command> [options]\n"
            "       khaldun <command> --help\n\ncommands:\n", KH_VERSION);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-13s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nEnvironment: KHALDUN_DATA (bundled data, default ./data), "
                 "KH_SHARED (shared corpora, default ../shared).\n");
}

int kh_cli_not_yet(const char *cmd, const char *what)
{
    fprintf(stderr, "khaldun %s: not available yet (%s)\n", cmd, what);
    return 2;
}

int kh_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return 0;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    }
    return 0;
}

const char *kh_cli_data_dir(void)
{
    const char *env = getenv("KHALDUN_DATA");
    if (env && *env)
        return env;
    if (access("data", R_OK) == 0)
        return "data";
    return KH_DATADIR;
}

const char *kh_cli_shared_dir(void)
{
    const char *env = getenv("KH_SHARED");
    return (env && *env) ? env : "../shared";
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        if (argc > 2) {
            for (size_t i = 0; i < NCOMMANDS; i++)
                if (strcmp(argv[2], commands[i].name) == 0) {
                    char *help_argv[] = {argv[2], "--help", NULL};
                    return commands[i].fn(2, help_argv);
                }
        }
        usage(stdout);
        return 0;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("khaldun %s\n", KH_VERSION);
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "khaldun: unknown command '%s' (try 'khaldun help')\n", name);
    return 2;
}
