/* cmd_eval_segment.c - `khaldun eval-segment`: score segmentation and tokenisation on a UD treebank */
#include "cli.h"

#include <stdio.h>

int cmd_eval_segment(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun eval-segment [options]\nscore segmentation and tokenisation on a UD treebank\n(not available yet: the text layer)\n");
        return 0;
    }
    return kh_cli_not_yet("eval-segment", "the text layer");
}
