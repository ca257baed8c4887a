/* event.h - the coded event (schema of DESIGN.md) and its JSONL and TSV writers. */
#ifndef KH_EVENT_H
#define KH_EVENT_H

#include <stdio.h>
#include "buf.h"

typedef struct kh_event_actor {
    const char *code;     /* full CAMEO actor code, e.g. "IRQGOV"; NULL or "" if none */
    const char *country;  /* 3-letter country part, or NULL */
    const char *text;     /* the words of the sentence it rests on */
    const char *entity;   /* stable entity id, or NULL */
} kh_event_actor;

typedef struct kh_event {
    const char *event_id;
    const char *doc_id;
    int sentence;           /* 0-based sentence index in the document */
    const char *date;       /* YYYY-MM-DD (or YYYY-MM, YYYY) */
    const char *date_precision; /* "day", "month", "year" */
    kh_event_actor source, target;
    const char *cameo;      /* "0212" */
    const char *root;       /* "02" */
    int quad_class;         /* 1..4 */
    double goldstein;
    int has_goldstein;
    const char *plover;     /* NULL when none */
    int negated;
    const char *loc_name, *loc_country;   /* location; loc_name NULL when none */
    double lat, lon;
    int has_latlon;
    const char **issues;    /* themes */
    int nissues;
    const char *sentence_text;
    unsigned span_start, span_end;   /* byte span in the document text */
    const char *pattern;    /* which dictionary pattern fired */
    const char **reports;   /* doc ids supporting it (merged events) */
    int nreports;
    const char *extra_json; /* further fields as a JSON object's members text, or NULL */
} kh_event;

/* Appends one JSON object (no newline) for e to b. */
int kh_event_to_json(kh_buf *b, const kh_event *e);
/* Writes e as one JSONL line. */
int kh_event_write_jsonl(FILE *out, const kh_event *e);

/* TSV layouts: our own columns, Phoenix's and a GDELT-like one. */
typedef enum kh_tsv_layout { KH_TSV_KHALDUN = 0, KH_TSV_PHOENIX, KH_TSV_GDELT } kh_tsv_layout;
int kh_event_write_tsv_header(FILE *out, kh_tsv_layout layout);
int kh_event_write_tsv(FILE *out, const kh_event *e, kh_tsv_layout layout);

#endif
