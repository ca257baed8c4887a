/* coref.h - actors within one document: pronouns, short names, "the minister",
 * "the two sides", organisations, and unknown persons named with a title.
 *
 * A kh_coref is fed the sentences of one document in order, with the dictionary
 * mentions kh_dict_find_actors found in each. It remembers the actors seen so far and
 * returns, for every sentence, the extra mentions it could resolve:
 *
 *   he / she / him / his / her     -> the most salient compatible person of the last
 *                                     two sentences (or earlier in this one)
 *   the minister, the president,   -> the person (or the institution) of the last two
 *   the foreign ministry ...          sentences whose role agrees with the title
 *   Abbasi, al-Abassi              -> the full name seen earlier (names.h variants)
 *   the two sides, both countries  -> both parties of the last event (kh_coref_note_event)
 *   they / them / their            -> the one organisation or group of the last sentences
 *   Iraqi Defense Minister X,      -> a person coded from the title and the nationality,
 *   X, Turkey's foreign minister      kept for later mentions of X's name
 *
 * Rules are conservative: when two antecedents fit equally well, nothing is resolved.
 * All state lives in the document's arena; the dictionary is only read. Results are
 * deterministic. Rules and figures: docs/COREF.md. */
#ifndef KH_COREF_H
#define KH_COREF_H

#include <stdint.h>

#include "arena.h"
#include "dict.h"
#include "doc.h"

typedef struct kh_coref kh_coref;

/* How a mention was resolved. */
typedef enum kh_coref_how {
    KH_COREF_NONE = 0,
    KH_COREF_PRONOUN,      /* he, she, him, his, her, himself, herself */
    KH_COREF_TITLE,        /* "the minister", "the foreign ministry": replaces an agent-only match */
    KH_COREF_NAME,         /* a short or variant name of a person seen before ("Abbasi") */
    KH_COREF_PAIR,         /* "the two sides", "both countries": two mentions, same span */
    KH_COREF_GROUP,        /* they, them, their -> an organisation or group */
    KH_COREF_TITLED,       /* a new person named after a title or with an apposition */
    KH_COREF_HOW_COUNT
} kh_coref_how;

const char *kh_coref_how_name(kh_coref_how h);   /* "pronoun", "title", "name", ... */

typedef struct kh_coref_mention {
    /* A mention the coder can use like a dictionary one: am.start/end/head (0-based word
     * indexes of the sentence), am.code, am.actor (the antecedent's dictionary entry, or
     * NULL); am.agent is NULL and am.agent_start/agent_end are -1. */
    kh_actor_match am;
    kh_coref_how how;
    const char *entity;    /* entity id: the dictionary entity, "person:NAME" for a person we
                              named from a title, NULL for a role alone ("the Iraqi minister") */
    const char *name;      /* what the mention stands for, as first written ("Thabet al-Abbasi") */
    int32_t ante_si;       /* sentence of the antecedent used (-1 for KH_COREF_TITLED) */
    int32_t replaces;      /* index into the am[] given to kh_coref_sentence of the agent-only
                              match this mention replaces (KH_COREF_TITLE), else -1 */
    int32_t pair;          /* KH_COREF_PAIR: 0 = the first party, 1 = the second; else 0 */
} kh_coref_mention;

/* A resolver for one document; allocated from a (the document's arena). d is only read
 * (it may be NULL: then no dictionary persons are looked up by name). NULL out of memory. */
kh_coref *kh_coref_new(const kh_dict *d, kh_arena *a);

/* The person phrases of a dictionary indexed by their name key (names.h), so that a
 * titled name is matched against the few phrases that share its key instead of all of
 * them (same results). Built once per dictionary, read-only: one index serves every
 * resolver and thread. NULL when out of memory (resolvers then scan the dictionary). */
typedef struct kh_coref_people kh_coref_people;
kh_coref_people *kh_coref_people_new(const kh_dict *d);
void kh_coref_people_free(kh_coref_people *p);
/* Lets resolver c use index p (ignored unless p was built from c's dictionary). */
void kh_coref_use_people(kh_coref *c, const kh_coref_people *p);

/* Feeds sentence si of doc (sentences in increasing order; a sentence may be skipped)
 * with its prepared words ds and its dictionary mentions am[0..na-1] (as returned by
 * kh_dict_find_actors; mentions without a code are ignored). date is the document
 * date (YYYYMMDD, 0 unknown) for dictionary look-ups. *out receives the extra mentions
 * of the sentence, left to right (pairs adjacent), from the arena; returns their count,
 * or -1 when memory runs out. */
int kh_coref_sentence(kh_coref *c, const kh_doc *doc, int si, const kh_dict_sent *ds,
                      const kh_actor_match *am, int na, int32_t date, kh_coref_mention **out);

/* The extra mentions of sentence si (the last one fed) that cover word `word`
 * (0-based): *out points to the first, the count is returned (0 none, 1, or 2 for a
 * pair). For the coder: a subject or object word with no dictionary actor. */
int kh_coref_resolve_word(const kh_coref *c, int si, int word, const kh_coref_mention **out);

/* Tells the resolver the coder coded an event of sentence si from source to target
 * (codes as in the event; entities may be NULL). The last event with two different
 * coded parties is what "the two sides" refers to; the first source of a sentence is
 * its most salient actor for pronouns. Call once per event, in order. */
void kh_coref_note_event(kh_coref *c, int si, const char *source_code, const char *source_entity,
                         const char *target_code, const char *target_entity);

#endif
