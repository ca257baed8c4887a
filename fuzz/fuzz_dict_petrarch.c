/* fuzz_dict_petrarch.c - libFuzzer harness: arbitrary bytes loaded as a PETRARCH dictionary file (verbs, actors, agents, discards, issues, prepositions; the first byte picks which).
 * The dictionary is then finished (references resolved, patterns sorted) and a
 * fixed sentence is matched against it, so that whatever the loader accepted is
 * also exercised by the matchers. */
#include "dict.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const kh_dict_format formats[] = { KH_DICT_PETR_VERBS, KH_DICT_PETR_ACTORS, KH_DICT_PETR_AGENTS, KH_DICT_PETR_DISCARDS, KH_DICT_PETR_ISSUES, KH_DICT_PETR_PREPS };
#define NFORMATS (sizeof formats / sizeof formats[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kh_dict_format fmt = formats[0];
    if (NFORMATS > 1) {
        if (size == 0)
            return 0;
        fmt = formats[data[0] % NFORMATS];
        data++;
        size--;
    }
    char *text = malloc(size + 1);
    kh_dict *d = kh_dict_new();
    if (!text || !d)
        goto done;
    memcpy(text, data, size);
    text[size] = '\0';
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    if (kh_dict_load_mem(d, "fuzz.dict", text, size, fmt, &diag, NULL) == 0 &&
        kh_dict_finish(d, &diag) == 0) {
        kh_arena a;
        kh_arena_init(&a, 0);
        kh_dict_sent ds;
        if (kh_dict_prepare_text(d, "The Iraqi defence minister met the US president in Baghdad", &a, &ds) == 0) {
            kh_actor_match *am = NULL;
            kh_dict_find_actors(d, &ds, 20230311, &a, &am);
            kh_dict_discard(d, &ds, NULL);
            for (int32_t i = 0; i < ds.n; i++) {
                kh_verb_match vm;
                kh_dict_match_verb(d, &ds, i, &vm);
            }
        }
        kh_arena_free(&a);
    }
done:
    kh_dict_free(d);
    free(text);
    return 0;
}
