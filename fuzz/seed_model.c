/* seed_model.c - writes small model files for fuzz_model's seed corpus: the section
 * names of a real model (build/models/en_ewt.khm or data/models/en_ewt.khm), each
 * section cut to its first N bytes, with valid checksums. The fuzzer then starts
 * from files that pass the container's checks and reach the tagger's and parser's
 * section readers, instead of spending its time on the checksums.
 *
 * usage: seed_model MODEL OUTDIR */
#include <stdio.h>
#include <string.h>

#include "model.h"

/* Section names are not enumerable through model.h, so ask for the known ones. */
static const char *const names[] = {
    "meta", "tag.lex", "tag.lemma", "tag.w1", "tag.w2", "tag.wf", "parser.labels",
    "parser.weights", "parser.features"
};

static int write_seed(const kh_model *m, size_t cut, const char *path)
{
    kh_model_writer *w = kh_model_writer_new();
    if (!w)
        return -1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const kh_model_section *s = kh_model_section_get(m, names[i]);
        if (!s)
            continue;
        size_t n = s->size < cut ? s->size : cut;
        if (kh_model_writer_add(w, names[i], s->data, n) < 0) {
            kh_model_writer_free(w);
            return -1;
        }
    }
    int rc = kh_model_writer_save(w, path);
    kh_model_writer_free(w);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: seed_model MODEL OUTDIR\n");
        return 2;
    }
    char err[256];
    kh_model *m = kh_model_load(argv[1], err, sizeof err);
    if (!m) {
        fprintf(stderr, "seed_model: %s\n", err);
        return 1;
    }
    static const size_t cuts[] = {0, 64, 512, 2048};
    int rc = 0;
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/seed-cut%zu.khm", argv[2], cuts[i]);
        if (write_seed(m, cuts[i], path) < 0) {
            fprintf(stderr, "seed_model: cannot write %s\n", path);
            rc = 1;
        }
    }
    kh_model_free(m);
    return rc;
}
