/* fuzz_conllu.c - libFuzzer harness: arbitrary bytes read as CoNLL-U, sentence by
 * sentence, and every sentence read written back (to /dev/null). Malformed
 * sentences must be reported and skipped; nothing may crash. */
#include "conllu.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    FILE *f = fmemopen(copy, size ? size : 1, "rb");
    FILE *out = fopen("/dev/null", "w");
    if (!f || !out)
        goto done;
    if (size == 0)
        fgetc(f);
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    kh_conllu_reader *r = kh_conllu_open_stream(f, "in.conllu", &diag);
    if (r) {
        kh_arena a;
        kh_arena_init(&a, 0);
        for (int guard = 0; guard < 100000; guard++) {
            kh_sentence s;
            const char *newdoc = NULL;
            kh_arena_reset(&a);
            memset(&s, 0, sizeof s);
            if (kh_conllu_next(r, &a, &s, &newdoc) <= 0)
                break;
            kh_conllu_write(out, &s);
        }
        kh_arena_free(&a);
        kh_conllu_close(r);
    }
done:
    if (out)
        fclose(out);
    if (f)
        fclose(f);
    free(copy);
    return 0;
}
