/* cmd_dict.c - `khaldun dict`: check, look up and convert dictionaries */
#include "cli.h"

#include <stdio.h>

int cmd_dict(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun dict [options]\ncheck, look up and convert dictionaries\n(not available yet: the dictionaries)\n");
        return 0;
    }
    return kh_cli_not_yet("dict", "the dictionaries");
}
