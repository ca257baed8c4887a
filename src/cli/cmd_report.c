/* cmd_report.c - `khaldun report`: write an HTML report */
#include "cli.h"

#include <stdio.h>

int cmd_report(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun report [options]\nwrite an HTML report\n(not available yet: the report)\n");
        return 0;
    }
    return kh_cli_not_yet("report", "the report");
}
