/* fuzz_pipeline.c - libFuzzer harness: arbitrary bytes as the text of one document
 * through the whole pipeline (text layer, tagger, parser, coder) with the trained
 * model and our dictionaries (data/dict), loaded once and shared read-only.
 * The model is $KH_FUZZ_MODEL, else the default one (kh_nlp_default_model); when
 * none loads, documents are coded without a model (sentences count as unparsed). */
#include "pipeline.h"
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loaded once before the first input and only read afterwards. */
static kh_pipeline *pipeline;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kh_pipeline_opts o;
    kh_pipeline_opts_init(&o);
    static char dict_path[4096];
    snprintf(dict_path, sizeof dict_path, "%s/data/dict", kh_fuzz_top());
    static const char *paths[1];
    paths[0] = dict_path;
    o.dict_paths = paths;
    o.ndict_paths = 1;
    const char *model = getenv("KH_FUZZ_MODEL");
    o.model_path = (model && *model) ? model : NULL;
    o.text.lenient_utf8 = 1;
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    pipeline = kh_pipeline_open(&o, &diag);
    if (!pipeline) {
        /* Still worth fuzzing the text layer and the coder's refusals; run.sh says so. */
        fprintf(stderr, "fuzz_pipeline: no model, coding without one (model %s)\n",
                o.model_path ? o.model_path : kh_nlp_default_model());
        o.no_model = 1;
        pipeline = kh_pipeline_open(&o, &diag);
    }
    if (!pipeline) {
        fprintf(stderr, "fuzz_pipeline: cannot open the pipeline\n");
        exit(2);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc doc;
    kh_doc_init(&doc, &a);
    char *text = kh_arena_alloc(&a, size + 1);
    if (text) {
        memcpy(text, data, size);
        text[size] = '\0';
        doc.id = "fuzz";
        doc.date = "2023-03-11";
        doc.file = "fuzz.txt";
        doc.line = 1;
        doc.format = KH_FMT_TEXT;
        doc.text = text;
        doc.text_len = strlen(text);   /* readers never hand on a NUL byte */
        kh_events ev = {NULL, 0, 0};
        kh_counts c;
        memset(&c, 0, sizeof c);
        kh_diag diag;
        kh_diag_init(&diag, NULL);
        kh_pipeline_doc(pipeline, &doc, NULL, &ev, &c, &diag, NULL);
    }
    kh_arena_free(&a);
    return 0;
}
