/* entity.h - entities across documents: mentions and the names they resolve to.
 *
 * A mention is a span of a sentence that names an actor: either one the dictionary
 * knows (kh_dict_find_actors: it has a code and the entry's entity id) or an
 * unknown named actor, a run of proper nouns the dictionary did not match. For an
 * unknown mention the words next to it suggest a code: a title and nationality
 * before it ("Iraqi Defense Minister X" -> IRQGOVMIL), an apposition after it
 * ("X, Iraq's defence minister"), else the country of the actors of its sentence.
 *
 * The index resolves mentions of people across documents to one entity with a
 * stable id: spellings are compared with names.h (kh_names_key blocks, then
 * kh_names_match), and context decides between candidates: a known country must
 * agree, then the better name score wins, then the candidate whose country is
 * the country of the sentence's other actors, then the oldest entity. Ids are
 * the dictionary's entity id for known people and "u:" + the first spelling
 * (lower case, '_' for spaces) for unknown ones; neither depends on later input.
 *
 * An index is used by one thread (the store's writer). */
#ifndef KH_ENTITY_H
#define KH_ENTITY_H

#include <stdint.h>

#include "arena.h"
#include "dict.h"
#include "doc.h"

typedef struct kh_mention {
    int sentence;              /* 0-based */
    int32_t first, last;       /* word indexes [first, last) of the name itself */
    uint32_t start, end;       /* byte span of the name in doc->text */
    const char *text;          /* the name as written ("Thabet al-Abbasi") */
    const char *code;          /* the dictionary's code on the date; NULL: unknown actor */
    const char *entity;        /* dictionary entity id, or NULL (set later by resolution) */
    const char *country;       /* the code's country, the entry's country=, or the suggestion's */
    const char *suggest;       /* unknown actors: suggested code (NULL when nothing suggests one) */
    const char *why;           /* "title", "apposition", "co-occurring", or NULL */
    int person;                /* a person (dictionary type=person) or an unknown name */
} kh_mention;

/* Every mention of doc (tagged; parsed or not) in sentence and word order, into an
 * array from arena a. dict may be NULL (then only unknown mentions are found and
 * nothing is suggested). Returns the count, or -1 when memory runs out. */
int kh_entity_mentions(const kh_dict *dict, kh_doc *doc, kh_arena *a, kh_mention **out);

typedef struct kh_entity_index kh_entity_index;

kh_entity_index *kh_entity_index_new(void);
void kh_entity_index_free(kh_entity_index *ix);

/* Adds an entity (from a database, or a known person). country may be NULL.
 * Returns its slot (>= 0), or -1 when memory runs out. An id already present is
 * not added again (its slot is returned). */
int kh_entity_index_add(kh_entity_index *ix, const char *id, const char *name, const char *country);
/* Adds another spelling of entity `id`. 0, or -1 (out of memory or unknown id). */
int kh_entity_index_alias(kh_entity_index *ix, const char *id, const char *alias);

/* Resolves a person's name: the id of the entity it names, creating an unknown
 * entity ("u:...") when none matches. country: the mention's own country (NULL if
 * none); context: the country of the other actors of its sentence (NULL if none).
 * *created is set to 1 when a new entity was made. The returned id is owned by the
 * index. NULL when memory runs out. */
const char *kh_entity_resolve(kh_entity_index *ix, const char *name, const char *country,
                              const char *context, int *created);

/* The canonical name of an entity (its longest spelling), NULL when unknown. */
const char *kh_entity_name(const kh_entity_index *ix, const char *id);

#endif
