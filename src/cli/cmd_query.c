/* cmd_query.c - `khaldun query`: print events from a database */
#include "cli.h"

#include <stdio.h>

int cmd_query(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun query [options]\nprint events from a database\n(not available yet: the event store)\n");
        return 0;
    }
    return kh_cli_not_yet("query", "the event store");
}
