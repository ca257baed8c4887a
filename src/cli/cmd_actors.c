/* cmd_actors.c - `khaldun actors`: list actors */
#include "cli.h"

#include <stdio.h>

int cmd_actors(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun actors [options]\nlist actors\n(not available yet: the event store)\n");
        return 0;
    }
    return kh_cli_not_yet("actors", "the event store");
}
