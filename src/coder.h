/* coder.h - the event coder: CAMEO events from one tagged and parsed sentence.
 *
 * For each predicate (a verb, or an event noun the dictionary marks as such) the
 * coder finds its source and target on the dependency tree (subject, object, the
 * prepositional object a pattern names, the agent of a passive, appositions,
 * conjuncts), matches the verb block's patterns against the words around the verb
 * (most specific pattern first), applies negation, modality, reported speech and
 * paired codes, and appends kh_event records to a per-document list. Everything is
 * allocated from the document's arena; the dictionary is only read, so any number
 * of threads may code different documents with one dictionary. */
#ifndef KH_CODER_H
#define KH_CODER_H

#include "buf.h"
#include "dict.h"
#include "doc.h"
#include "event.h"

/* Options, with the names TABARI and PETRARCH users know (kh_code_opts_set). */
typedef struct kh_code_opts {
    int require_dyad;       /* require_dyad: an event needs both a source and a target (1) */
    int code_statements;    /* code_statements: "X said Y" also yields X's 010 (0) */
    int negated;            /* keep negated predicates as events flagged negated (0) */
    int intent_codes;       /* "will meet", "plans to visit" -> 03x intent codes (1) */
    int fill_agents;        /* an agent without a country ("the government", "police") takes
                               the sentence's only country, and an agent object of a
                               country's own action ("France deployed troops") is no
                               target (1; validation runs of PETRARCH/TABARI turn it off) */
    int new_actor_length;   /* new_actor_length (PETRARCH): a noun phrase of at most this
                               many words in a verb's subject, object or first prepositional
                               object that names no actor is coded as its quoted words
                               ("\"INJURY TOLL\""); 0 = unknown actors are not coded (0) */
    int comma_min, comma_max, comma_bmin, comma_bmax, comma_emin, comma_emax;
                            /* comma_*: parenthetical comma clauses of this many words
                               (beginning / middle / end of the sentence) are skipped
                               when looking for actors; 0 max = off */
    int max_words;          /* sentences with more words are skipped (120) */
    int shallow;            /* TABARI-compatible: dictionary verbs of any part of speech,
                               taken left to right, the first coded one ends the sentence;
                               actors the tree does not give come from their position
                               (first actor before the verb, first after it) (0) */
    int code_by;            /* shallow reading: KH_CODE_BY_SENTENCE (the first verb that
                               yields events ends the sentence), _CLAUSE (the first of each
                               clause) or _ALL (every verb); TABARI's "SET: CODE BY ..." */
    int convert_agent;      /* TABARI's "SET: CONVERT AGENT": an agent with no actor is
                               written "~MIL" rather than "---MIL" (0) */
    char default_source[16], default_target[16];
                            /* TABARI's "DEFAULT: SOURCE [X] PRIOR TARGET [Y] AFTER": the
                               code of a missing source / target ("" = none) */
    int default_prior;      /* PRIOR: the default source stands when no actor comes before
                               the verb (else the first actor of the sentence is taken) */
    int default_after;      /* AFTER: the default target stands when no actor comes after
                               the verb (else another actor before it is taken) */
    int complex_verbs, complex_conj, complex_noactprior;
                            /* TABARI's "COMPLEX: VERBS[n] CONJ[n] NOACTPRIOR": a sentence
                               with n or more dictionary verbs, or n or more conjunctions
                               (not between two actors), or no actor before its first coded
                               verb is complex and not coded (0 = off) */
    int place_targets;      /* an actor in a place phrase ("in the White Downs") may be a
                               target like any other, as PETRARCH and TABARI take it (0: a
                               place is a target only when nothing else is) */
    int exact_words;        /* a pattern's words match the word as written, not its lemma,
                               as PETRARCH matches them ("RESOLUTION" not "resolutions") (0;
                               TABARI's words say themselves how they match) */
    int split_codes;        /* a mention coded "FRO/BIL/SAM" yields one event per code, as
                               TABARI and PETRARCH write them (1; UniversalPetrarch keeps
                               the code whole) */
    int min_words;          /* TABARI's "SET: MINIMUM WORDS": sentences of fewer words
                               (separated by spaces) are not coded (0 = off) */
    int coref;              /* resolve pronouns, short names, "the minister", "the two
                               sides" within the document (src/coref.h) (1) */
    int verb_phrases;       /* PETRARCH's reading of a verb phrase: the phrase of a coded
                               verb is its own (verbs in clauses inside it are not coded
                               again), and with require_dyad off an event without a target
                               actor needs a noun phrase the verb acts on (0) */
    int verbose;            /* trace every predicate into the trace buffer */
    int agentless_passive;  /* a passive without a "by" agent ("X was criticized over its
                               dispute with Y"): 0 no source (ours), 1 its subject is the
                               source and the target is read as in the active (petrarch2),
                               2 the other actor is the source and the subject the target
                               (UniversalPetrarch) */
    int first_np_actor;     /* PETRARCH reads a noun phrase's words left to right and keeps
                               its first actor: an actor naming the phrase's head after
                               another actor that modifies it ("the evil Arnor awful
                               Gondor") takes that first actor's code (0) */
    int time_shift;         /* TABARI's "SET: TIME SHIFT": the first <TIME> phrase of a
                               sentence ("LAST_WEEK [-7]") moves its events' dates, or
                               discards it ([###]) or marks it complex ([+++]) (0) */
    char forward_actor[16]; /* TABARI's FORWARD: the actor code a pronoun standing before
                               any actor at the start of the document refers to (the first
                               actor of the story's record before; "" = none) */
} kh_code_opts;

enum { KH_CODE_BY_SENTENCE = 0, KH_CODE_BY_CLAUSE, KH_CODE_BY_ALL };

void kh_code_opts_init(kh_code_opts *o);
/* Sets an option by name ("require_dyad", "code_statements", "new_actor_length",
 * "comma_min", ..., "max_words", "negated", "intent_codes"); booleans accept
 * true/false/yes/no/1/0 in any case. Returns 0; 1 when the name is known but the
 * option has no effect here (stop_on_error, ...); -1 for an unknown name or bad value. */
int kh_code_opts_set(kh_code_opts *o, const char *name, const char *value);

/* PETRARCH's and TABARI's comma options on a tagged and parsed sentence: marks in
 * deleted[0..nwords-1] the tokens of the clause between two commas of comma_min..
 * comma_max words, of the clause from the last comma to the end of comma_emin..
 * comma_emax words, and of the clause before the first comma of comma_bmin..comma_bmax
 * words ("Arnor will restore ties with Gondor, five years after crowds burned its
 * embassy, an official said": only the restoring is left); a clause that continues a
 * list of names stays. A max of 0 turns that kind off. Returns the number of tokens
 * marked. The pipeline re-parses what is left; kh_code_sentence skips marked tokens of
 * trees it is given. */
int kh_code_comma_clauses(const kh_code_opts *o, const kh_sentence *s, unsigned char *deleted);

/* Why a sentence produced nothing (or what it produced). */
typedef enum kh_sent_status {
    KH_SENT_CODED = 0,       /* at least one event */
    KH_SENT_NOEVENT,         /* coded, nothing found */
    KH_SENT_TOO_LONG,        /* more than max_words words */
    KH_SENT_UNPARSED,        /* no tree (head < 0) or a broken one */
    KH_SENT_DISCARD,         /* a sentence discard phrase */
    KH_SENT_STORY_DISCARD,   /* a story discard phrase: the whole document is dropped */
    KH_SENT_COMPLEX,         /* a [+++] code: TABARI's "complex" sentence */
    KH_SENT_STATUS_COUNT
} kh_sent_status;
const char *kh_sent_status_name(kh_sent_status s);   /* "too_long", "unparsed", ... */

/* The growing list of events of one document (arrays from the document's arena). */
typedef struct kh_events {
    kh_event *ev;
    int n, cap;
} kh_events;

/* Codes sentence si of doc (tagged and parsed) and appends its events to out.
 * trace (may be NULL) receives a human-readable account of every step (actors,
 * predicates, why each was or was not coded, the pattern that fired).
 * Returns the status, or -1 when memory ran out. */
int kh_code_sentence(const kh_dict *d, const kh_code_opts *o, kh_doc *doc, int si,
                     kh_events *out, kh_buf *trace);

/* The same with the document's actor resolver (src/coref.h; NULL: none): pronouns,
 * short names, "the minister", "the two sides" ... become actors, and every event coded
 * is noted for the sentences after. Feed the sentences of one document in order. */
typedef struct kh_coref kh_coref;
int kh_code_sentence_coref(const kh_dict *d, const kh_code_opts *o, kh_doc *doc, int si,
                           kh_coref *coref, kh_events *out, kh_buf *trace);

#endif
