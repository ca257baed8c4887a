/* conllu.h - CoNLL-U reading and writing (streaming, one sentence at a time).
 *
 * The reader keeps every comment, multiword-token and empty-node line so that
 * read -> write reproduces a UD file byte for byte. A malformed sentence (wrong
 * number of columns, non-integer ID, HEAD out of range, a cycle) is reported as
 * FILE:LINE: reason and skipped; kh_conllu_next() then goes on with the next one. */
#ifndef KH_CONLLU_H
#define KH_CONLLU_H

#include <stdio.h>
#include "diag.h"
#include "doc.h"

typedef struct kh_conllu_reader kh_conllu_reader;

/* Opens path ("-" = stdin). Returns NULL (and reports to diag) when it cannot. */
kh_conllu_reader *kh_conllu_open(const char *path, kh_diag *diag);
/* Wraps an already open stream (not closed by kh_conllu_close); name is for messages.
 * The stream is read with read(2) when it has a descriptor: do not read from it
 * through stdio before. */
kh_conllu_reader *kh_conllu_open_stream(FILE *f, const char *name, kh_diag *diag);
/* Reads from a line reader that is already open (e.g. one whose first bytes
 * were peeked to detect the format); lr stays the caller's. */
struct kh_linereader;
kh_conllu_reader *kh_conllu_open_lines(struct kh_linereader *lr, const char *name, kh_diag *diag);
/* Reads the next sentence into s, allocating from arena a.
 * Returns 1 (a sentence), 0 (end of input), -1 (I/O error or out of memory).
 * Malformed sentences are skipped and counted in diag; *newdoc receives the id
 * of a "# newdoc id = X" comment in front of the sentence (else NULL; "" for a
 * bare "# newdoc"). Word offsets (start/end) are relative to s->text, which is
 * the "# text" comment, or the text rebuilt from FORM and SpaceAfter when there
 * is none or the forms do not match it. */
int  kh_conllu_next(kh_conllu_reader *r, kh_arena *a, kh_sentence *s, const char **newdoc);
long kh_conllu_skipped(const kh_conllu_reader *r);
void kh_conllu_close(kh_conllu_reader *r);

/* Writes one sentence (comments, words, multiword tokens, empty nodes, blank line).
 * When the sentence has no comments, writes "# sent_id" and "# text" if known. */
int  kh_conllu_write(FILE *out, const kh_sentence *s);

/* Reads a whole file of sentences into a document (used by training and eval):
 * doc->text is the sentence texts joined by newlines, word and sentence offsets
 * point into it, s->text stays each sentence's own text. Malformed sentences
 * are reported and skipped. Returns 0, or -1 when the file cannot be read. */
int  kh_conllu_read_all(const char *path, kh_doc *doc, kh_diag *diag);

#endif
