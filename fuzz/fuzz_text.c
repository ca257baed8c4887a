/* fuzz_text.c - libFuzzer harness: arbitrary bytes read as plain-text documents through the reader and the text layer (UTF-8, segmentation, tokenisation).
 * Every document the reader returns is read to the end; bad records must be
 * reported and skipped, never crash. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kh_fuzz_read_all(data, size, KH_FMT_TEXT, "in.txt", 1);
    return 0;
}
