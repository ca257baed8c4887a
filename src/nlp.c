/* nlp.c - model file -> tagger + parser, and the per-sentence annotate call. */
#include "nlp.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "parser.h"
#include "tagger.h"

#ifndef KH_DATADIR
#define KH_DATADIR "/usr/local/share/khaldun"
#endif

struct kh_nlp {
    kh_model *model;
    kh_tagger *tagger;
    kh_parser *parser;
};

const char *kh_nlp_default_model(void)
{
    /* per thread, so that callers on several threads do not share the buffer */
    static _Thread_local char buf[4096];
    const char *env = getenv("KHALDUN_DATA");
    if (env && *env) {
        snprintf(buf, sizeof buf, "%s/models/en_ewt.khm", env);
        if (access(buf, R_OK) == 0)
            return buf;
    }
    static const char *const candidates[] = {
        "data/models/en_ewt.khm", KH_DATADIR "/models/en_ewt.khm", "build/models/en_ewt.khm"
    };
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (access(candidates[i], R_OK) == 0)
            return candidates[i];
    if (env && *env)
        return buf;
    return "data/models/en_ewt.khm";
}

kh_nlp *kh_nlp_open(const char *model_path, char *err, size_t n)
{
    if (!model_path)
        model_path = kh_nlp_default_model();
    kh_nlp *nlp = calloc(1, sizeof *nlp);
    if (!nlp) {
        snprintf(err, n, "out of memory");
        return NULL;
    }
    char why[512];
    nlp->model = kh_model_load(model_path, why, sizeof why);
    if (!nlp->model) {
        snprintf(err, n, "%s", why);
        goto fail;
    }
    nlp->tagger = kh_tagger_from_model(nlp->model, why, sizeof why);
    if (!nlp->tagger) {
        snprintf(err, n, "%s: %s", model_path, why);
        goto fail;
    }
    nlp->parser = kh_parser_from_model(nlp->model, why, sizeof why);
    if (!nlp->parser) {
        snprintf(err, n, "%s: %s", model_path, why);
        goto fail;
    }
    return nlp;
fail:
    kh_nlp_close(nlp);
    return NULL;
}

int kh_nlp_annotate(const kh_nlp *nlp, kh_sentence *s, kh_arena *a)
{
    if (kh_tagger_tag(nlp->tagger, s, a) != 0)
        return -1;
    /* an empty lemma would make invalid CoNLL-U: fall back to the form */
    for (int i = 0; i < s->nwords; i++)
        if (s->words[i].lemma && !s->words[i].lemma[0])
            s->words[i].lemma = s->words[i].form;
    return kh_parser_parse(nlp->parser, s, a);
}

int kh_nlp_parse_tagged(const kh_nlp *nlp, kh_sentence *s, kh_arena *a)
{
    return kh_parser_parse(nlp->parser, s, a);
}

const kh_model *kh_nlp_model(const kh_nlp *nlp)
{
    return nlp->model;
}

void kh_nlp_close(kh_nlp *nlp)
{
    if (!nlp)
        return;
    kh_parser_free(nlp->parser);
    kh_tagger_free(nlp->tagger);
    kh_model_free(nlp->model);
    free(nlp);
}
