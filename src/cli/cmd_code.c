/* cmd_code.c - `khaldun code`: code documents into events */
#include "cli.h"

#include <stdio.h>

int cmd_code(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun code [options]\ncode documents into events\n(not available yet: the event coder)\n");
        return 0;
    }
    return kh_cli_not_yet("code", "the event coder");
}
