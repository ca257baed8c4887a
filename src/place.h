/* place.h - where an event happened: place names in a sentence, found after a
 * locative word ("in", "at", "near", "north of", "visited"), resolved with the
 * gazetteer, and the one that best locates the sentence's event.
 *
 * Works on forms alone (the tree is not needed). An ambiguous name ("Tripoli",
 * "Georgia") is resolved by a place named next to it ("Tripoli, Lebanon",
 * "in Tripoli, in northern Lebanon"), then by the hint countries (the actors'
 * countries, the story's other places), then by kind and population. When no
 * name qualifies there is no location: the module does not guess. */
#ifndef KH_PLACE_H
#define KH_PLACE_H

#include <stdint.h>
#include "doc.h"
#include "gazetteer.h"

typedef struct kh_place_hints {
    const char *const *countries;   /* ISO alpha-3 codes, most relevant first */
    int ncountries;
} kh_place_hints;

typedef struct kh_place {
    const kh_gaz_entry *entry;      /* the gazetteer entry */
    const char *name;               /* = entry->name */
    const char *country;            /* ISO alpha-3 */
    double lat, lon;                /* the entry's point, or its country's point */
    int has_latlon;
    int kind;                       /* enum kh_gaz_kind */
    int32_t first, last;            /* word span (0-based, inclusive) */
    int score;                      /* how strongly the words mark a location */
} kh_place;

/* Place mentions of s in a locative context, each resolved; at most max written.
 * Returns how many were written. hints may be NULL. */
int kh_place_find(const kh_gazetteer *g, const kh_sentence *s, const kh_place_hints *hints,
                  kh_place *out, int max);

/* The location of the event of predicate pred (0-based word; -1: the sentence):
 * the most specific well-marked place, nearer to pred on ties. Returns 0 and
 * fills out, or -1 when the sentence names no location. */
int kh_place_locate(const kh_gazetteer *g, const kh_sentence *s, int32_t pred,
                    const kh_place_hints *hints, kh_place *out);

#endif
