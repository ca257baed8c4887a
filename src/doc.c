/* doc.c - the document model (see doc.h). */
#include "doc.h"

#include <string.h>

static const char *const upos_names[KH_UPOS_COUNT] = {
    "_", "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART",
    "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
};

const char *kh_upos_name(int upos)
{
    return (upos > 0 && upos < KH_UPOS_COUNT) ? upos_names[upos] : "_";
}

int kh_upos_from_name(const char *s)
{
    for (int i = 1; i < KH_UPOS_COUNT; i++)
        if (strcmp(s, upos_names[i]) == 0)
            return i;
    return KH_UPOS_NONE;
}

void kh_doc_init(kh_doc *d, kh_arena *a)
{
    memset(d, 0, sizeof *d);
    d->arena = a;
}

kh_sentence *kh_doc_add_sentence(kh_doc *d)
{
    if (d->nsents == d->cap_sents) {
        int32_t cap = d->cap_sents ? d->cap_sents * 2 : 16;
        kh_sentence *s = kh_arena_grow(d->arena, d->sents, (size_t)d->nsents, (size_t)cap, sizeof *s);
        if (!s)
            return NULL;
        d->sents = s;
        d->cap_sents = cap;
    }
    kh_sentence *s = &d->sents[d->nsents++];
    memset(s, 0, sizeof *s);
    return s;
}
