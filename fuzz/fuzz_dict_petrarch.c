/* fuzz_dict_petrarch.c - libFuzzer harness: arbitrary bytes loaded as a PETRARCH dictionary
 * file (verbs, actors, agents, discards, issues, prepositions; the first byte picks which);
 * see kh_fuzz_dict for what is done with it. */
#include "dict.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const kh_dict_format formats[] = { KH_DICT_PETR_VERBS, KH_DICT_PETR_ACTORS, KH_DICT_PETR_AGENTS,
                                          KH_DICT_PETR_DISCARDS, KH_DICT_PETR_ISSUES, KH_DICT_PETR_PREPS };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return kh_fuzz_dict(data, size, formats, sizeof formats / sizeof formats[0]);
}
