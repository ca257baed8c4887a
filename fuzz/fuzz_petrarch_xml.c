/* fuzz_petrarch_xml.c - libFuzzer harness: arbitrary bytes read as PETRARCH validation XML records.
 * Every document the reader returns is read to the end; bad records must be
 * reported and skipped, never crash. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kh_fuzz_read_all(data, size, KH_FMT_PETRARCH_XML, "in.xml", 0);
    return 0;
}
