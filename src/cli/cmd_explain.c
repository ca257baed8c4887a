/* cmd_explain.c - `khaldun explain`: explain the coding of a sentence */
#include "cli.h"

#include <stdio.h>

int cmd_explain(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun explain [options]\nexplain the coding of a sentence\n(not available yet: the event coder)\n");
        return 0;
    }
    return kh_cli_not_yet("explain", "the event coder");
}
