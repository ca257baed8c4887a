/* cmd_parse.c - `khaldun parse`: tag and parse, write CoNLL-U */
#include "cli.h"

#include <stdio.h>

int cmd_parse(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun parse [options]\ntag and parse, write CoNLL-U\n(not available yet: the tagger and parser)\n");
        return 0;
    }
    return kh_cli_not_yet("parse", "the tagger and parser");
}
