/* cmd_segment.c - `khaldun segment`: split text into sentences and tokens with offsets */
#include "cli.h"

#include <stdio.h>

int cmd_segment(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun segment [options]\nsplit text into sentences and tokens with offsets\n(not available yet: the text layer)\n");
        return 0;
    }
    return kh_cli_not_yet("segment", "the text layer");
}
