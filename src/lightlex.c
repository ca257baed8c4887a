/* lightlex.c - a sentence's words folded for plain string comparison (see lightlex.h). */
#include "lightlex.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int kh_lightlex_init(kh_lightlex *lx, const kh_sentence *s)
{
    lx->s = s;
    lx->n = 0;
    lx->w = NULL;
    if (!s || s->nwords <= 0)
        return -1;
    lx->w = malloc((size_t)s->nwords * KH_LIGHTLEX_WORD);
    if (!lx->w)
        return -1;
    for (int i = 0; i < s->nwords; i++) {
        const char *f = s->words[i].form ? s->words[i].form : "";
        size_t L = strlen(f);
        if (L >= KH_LIGHTLEX_WORD)
            L = KH_LIGHTLEX_WORD - 1;
        for (size_t k = 0; k < L; k++)
            lx->w[i][k] = (char)tolower((unsigned char)f[k]);
        if (L > 1 && lx->w[i][L - 1] == '.')
            L--;
        lx->w[i][L] = '\0';
    }
    lx->n = s->nwords;
    return 0;
}

void kh_lightlex_free(kh_lightlex *lx)
{
    free(lx->w);
    lx->w = NULL;
    lx->n = 0;
}
