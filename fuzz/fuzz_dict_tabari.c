/* fuzz_dict_tabari.c - libFuzzer harness: arbitrary bytes loaded as a TABARI dictionary file
 * (verbs, actors, agents, options; the first byte picks which); see kh_fuzz_dict for what is
 * done with it. */
#include "dict.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const kh_dict_format formats[] = { KH_DICT_TABARI_VERBS, KH_DICT_TABARI_ACTORS, KH_DICT_TABARI_AGENTS,
                                          KH_DICT_TABARI_OPTIONS };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return kh_fuzz_dict(data, size, formats, sizeof formats / sizeof formats[0]);
}
