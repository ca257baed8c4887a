/* cmd_docs.c - `khaldun docs`: read documents and list them */
#include "cli.h"

#include <stdio.h>

int cmd_docs(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun docs [options]\nread documents and list them\n(not available yet: the document readers)\n");
        return 0;
    }
    return kh_cli_not_yet("docs", "the document readers");
}
