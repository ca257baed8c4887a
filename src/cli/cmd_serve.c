/* cmd_serve.c - `khaldun serve`: serve the HTTP API */
#include "cli.h"

#include <stdio.h>

int cmd_serve(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun serve [options]\nserve the HTTP API\n(not available yet: the service)\n");
        return 0;
    }
    return kh_cli_not_yet("serve", "the service");
}
