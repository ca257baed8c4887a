/* cmd_validate.c - `khaldun validate`: run a validation suite */
#include "cli.h"

#include <stdio.h>

int cmd_validate(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun validate [options]\nrun a validation suite\n(not available yet: the event coder)\n");
        return 0;
    }
    return kh_cli_not_yet("validate", "the event coder");
}
