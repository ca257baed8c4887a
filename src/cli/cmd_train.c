/* cmd_train.c - `khaldun train`: train the models from UD treebanks */
#include "cli.h"

#include <stdio.h>

int cmd_train(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        printf("usage: khaldun train [options]\ntrain the models from UD treebanks\n(not available yet: the tagger and parser)\n");
        return 0;
    }
    return kh_cli_not_yet("train", "the tagger and parser");
}
