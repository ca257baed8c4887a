/* fuzz_dict_ours.c - libFuzzer harness: arbitrary bytes loaded as a dictionary in our own
 * format (%kind sections); see kh_fuzz_dict for what is done with it. */
#include "dict.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const kh_dict_format formats[] = { KH_DICT_OURS };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return kh_fuzz_dict(data, size, formats, sizeof formats / sizeof formats[0]);
}
