/* pipeline.h - one document through text -> nlp -> coder -> events.
 *
 * A kh_pipeline holds what every document needs and nobody changes: the tagging
 * and parsing model, the dictionaries and the options. It is read-only once open,
 * so the workers of a pool share one. Each call codes one document into a list of
 * events allocated from the document's arena and adds to a kh_counts, so a run can
 * end with documents, sentences, events, skipped (by reason) and rejected. */
#ifndef KH_PIPELINE_H
#define KH_PIPELINE_H

#include <stdio.h>

#include "coder.h"
#include "diag.h"
#include "dict.h"
#include "doc.h"
#include "nlp.h"
#include "text.h"

typedef struct kh_pipeline_opts {
    kh_code_opts code;
    const char *model_path;          /* NULL: kh_nlp_default_model() */
    const char *const *dict_paths;   /* files or directories, any supported format */
    int ndict_paths;                 /* 0: DATA/dict (data_dir below) */
    const char *data_dir;            /* bundled data ("data"); used when ndict_paths is 0 */
    int use_file_parses;             /* use trees carried by the input (doc->parse, CoNLL-U) */
    int no_model;                    /* do not load a model: documents must carry trees */
    kh_text_opts text;
} kh_pipeline_opts;

void kh_pipeline_opts_init(kh_pipeline_opts *o);

typedef struct kh_counts {
    long documents, sentences, events, negated;
    long skipped[KH_SENT_STATUS_COUNT];   /* by kh_sent_status; CODED and NOEVENT unused */
    long rejected;                        /* documents refused (bad input) */
} kh_counts;

void kh_counts_add(kh_counts *to, const kh_counts *from);
/* "N documents, N sentences, N events, N skipped (N too_long, ...), N rejected" */
void kh_counts_print(FILE *out, const kh_counts *c);
long kh_counts_skipped(const kh_counts *c);

typedef struct kh_pipeline kh_pipeline;

/* Loads the model and the dictionaries. NULL on failure (reported to diag). */
kh_pipeline *kh_pipeline_open(const kh_pipeline_opts *o, kh_diag *diag);
/* A pipeline over a model and a dictionary the caller keeps (either may be NULL:
 * no model = documents must carry trees). */
kh_pipeline *kh_pipeline_wrap(const kh_nlp *nlp, const kh_dict *dict, const kh_pipeline_opts *o);
void kh_pipeline_close(kh_pipeline *p);
const kh_dict *kh_pipeline_dict(const kh_pipeline *p);
const kh_pipeline_opts *kh_pipeline_options(const kh_pipeline *p);

/* Codes one document: segments and tokenises doc->text (unless the document came
 * with sentences or, with use_file_parses, a parse), tags and parses each sentence,
 * codes it, and appends events to out. code_opts NULL: the pipeline's options.
 * trace (may be NULL) receives the coder's account of every sentence.
 * Returns 0, 1 when the document was rejected (counted, reported), -1 out of memory. */
int kh_pipeline_doc(const kh_pipeline *p, kh_doc *doc, const kh_code_opts *code_opts,
                    kh_events *out, kh_counts *c, kh_diag *diag, kh_buf *trace);

/* Fills doc->sents from CoNLL-U text (a PETRARCH <Parse>, UD v1 or v2 labels; v1
 * labels are mapped to v2: dobj->obj, nsubjpass->nsubj:pass, nmod of a verb->obl,
 * nmod with "by" under a passive->obl:agent, ...). Word offsets are found in doc->text.
 * Returns 0, 1 when the parse is malformed, -1 out of memory. */
int kh_pipeline_load_parse(kh_doc *doc, const char *conllu);

#endif
