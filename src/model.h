/* model.h - the model file container: a versioned, checksummed set of named sections.
 *
 * Layout (little-endian): magic "KHMODEL\0", u32 format version, u32 section count,
 * then per section: 16-byte name, u64 offset, u64 size, u32 crc32; then the data.
 * A trailing u32 crc32 covers the header and table. Loading reads the whole file
 * into one allocation; sections point into it (read-only, shared by threads).
 * Refusals say which of: missing, truncated, corrupted (checksum), other version,
 * and how to rebuild ("khaldun train"). */
#ifndef KH_MODEL_H
#define KH_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define KH_MODEL_VERSION 1

typedef struct kh_model kh_model;

typedef struct kh_model_section {
    char name[16];
    const unsigned char *data;
    size_t size;
} kh_model_section;

/* Loads a model file; on failure returns NULL and writes a message into err. */
kh_model *kh_model_load(const char *path, char *err, size_t errlen);
/* The same from memory (copied); used by tests and the fuzzer. */
kh_model *kh_model_load_mem(const void *p, size_t n, char *err, size_t errlen);
/* Finds a section by name; NULL when absent. */
const kh_model_section *kh_model_section_get(const kh_model *m, const char *name);
void kh_model_free(kh_model *m);

/* Writing: collect sections, then save (sections are copied). */
typedef struct kh_model_writer kh_model_writer;
kh_model_writer *kh_model_writer_new(void);
int  kh_model_writer_add(kh_model_writer *w, const char *name, const void *data, size_t size);
int  kh_model_writer_save(kh_model_writer *w, const char *path);
void kh_model_writer_free(kh_model_writer *w);

#endif
