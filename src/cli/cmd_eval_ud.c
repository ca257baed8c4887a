/* cmd_eval_ud.c - `khaldun eval-ud`: score CoNLL-U against gold */
#include "cli.h"

#include <stdio.h>

int cmd_eval_ud(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun eval-ud [options]\nscore CoNLL-U against gold\n(not available yet: the tagger and parser)\n");
        return 0;
    }
    return kh_cli_not_yet("eval-ud", "the tagger and parser");
}
