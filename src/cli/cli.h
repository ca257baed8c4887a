/* cli.h - the command line: one function per command, each in src/cli/cmd_<name>.c.
 * The CLI is a thin layer: it parses options, opens inputs, calls the library and
 * prints. Exit codes: 0 ok, 1 some input rejected, 2 usage or fatal error. */
#ifndef KH_CLI_H
#define KH_CLI_H

#include <stdio.h>

#define KH_VERSION "0.1.0"

typedef int (*kh_cmd_fn)(int argc, char **argv);

/* Every command: argv[0] is the command name. */
int cmd_segment(int argc, char **argv);
int cmd_eval_segment(int argc, char **argv);
int cmd_docs(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_eval_ud(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_code(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_actors(int argc, char **argv);

/* Prints "khaldun CMD: not available yet (...)" and returns 2. */
int kh_cli_not_yet(const char *cmd, const char *what);
/* 1 when argv has -h or --help. */
int kh_cli_wants_help(int argc, char **argv);
/* Where bundled data lives: $KHALDUN_DATA, else "data" beside the binary's
 * working directory, else the install prefix. Returned string is static storage
 * owned by the CLI (read-only after start-up). */
const char *kh_cli_data_dir(void);
/* Where ../shared lives: $KH_SHARED, else "../shared". */
const char *kh_cli_shared_dir(void);

#endif
