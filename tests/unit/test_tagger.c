/* test_tagger.c - the tagger: trained on a small corpus written here, it tags new
 * sentences (with unknown names) as expected; the model round trip and the in-memory
 * tagger agree; training is deterministic; and, when ../shared and a trained model
 * are present, accuracy on UD English EWT test stays above floors. */
#include "testutil.h"

#include "conllu.h"
#include "diag.h"
#include "model.h"
#include "tagfeat.h"
#include "tagger.h"
#include "wordnet.h"
#include "wntest.h"

/* Adds a sentence written as "form/UPOS/XPOS/lemma/FEATS ..." (FEATS "_" for none). */
static void add_sentence(kh_doc *d, const char *spec)
{
    kh_sentence *s = kh_doc_add_sentence(d);
    assert_non_null(s);
    char *copy = kh_arena_strdup(d->arena, spec);
    int n = 1;
    for (const char *p = spec; *p; p++)
        n += *p == ' ';
    s->words = kh_arena_calloc(d->arena, (size_t)n, sizeof *s->words);
    assert_non_null(s->words);
    char *save = NULL;
    for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        kh_word *w = &s->words[s->nwords++];
        char *f[5];
        int k = 0;
        f[k++] = tok;
        for (char *p = tok; *p && k < 5; p++)
            if (*p == '/') { *p = '\0'; f[k++] = p + 1; }
        assert_int_equal(k, 5);
        w->form = f[0];
        w->upos = (uint8_t)kh_upos_from_name(f[1]);
        w->xpos = f[2];
        w->lemma = f[3];
        w->feats = strcmp(f[4], "_") == 0 ? NULL : f[4];
        w->head = -1;
        w->space_after = 1;
    }
}

/* Names are made of syllables so that each is rare (as names are in news). */
static const char *kSyl1[] = { "Ka", "Ba", "Sa", "Ta", "Ha", "Ra", "Mo", "Lu", "Ne", "Di" };
static const char *kSyl2[] = { "lid", "mir", "san", "dun", "rek", "bat", "vor", "zel", "gan", "tif", "rum", "pol" };
static const char *kNouns[][2] = { { "minister", "ministers" }, { "ambassador", "ambassadors" },
                                   { "general", "generals" }, { "delegation", "delegations" },
                                   { "president", "presidents" }, { "envoy", "envoys" },
                                   { "officer", "officers" }, { "diplomat", "diplomats" },
                                   { "governor", "governors" }, { "senator", "senators" },
                                   { "adviser", "advisers" }, { "leader", "leaders" } };
static const char *kVerbs[][3] = { { "visited", "visit", "visits" }, { "praised", "praise", "praises" },
                                   { "met", "meet", "meets" }, { "criticized", "criticize", "criticizes" },
                                   { "thanked", "thank", "thanks" }, { "hosted", "host", "hosts" },
                                   { "warned", "warn", "warns" }, { "called", "call", "calls" },
                                   { "invited", "invite", "invites" }, { "urged", "urge", "urges" } };
static const char *kDays[] = { "Saturday", "Sunday", "Monday", "Friday" };

static const char *make_name(char *buf, size_t n, int i)
{
    snprintf(buf, n, "%s%s", kSyl1[(i * 7) % 10], kSyl2[(i * 5 + i / 10) % 12]);
    return buf;
}

#define SING "Number=Sing"
#define PLUR "Number=Plur"
#define PAST "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin"

/* A corpus of simple news sentences, generated deterministically. */
static void build_corpus(kh_doc *d)
{
    char buf[1024], nb[32], pb[32];
    for (int i = 0; i < 400; i++) {
        const char *name = make_name(nb, sizeof nb, i), *place = make_name(pb, sizeof pb, i * 3 + 1);
        const char *day = kDays[i % 4];
        const char **n = kNouns[(i / 4) % 12], **v = kVerbs[(i / 4) % 10], **n2 = kNouns[(i / 4 + 5) % 12];
        switch (i % 4) {
        case 0:
            snprintf(buf, sizeof buf, "The/DET/DT/the/Definite=Def|PronType=Art %s/NOUN/NN/%s/" SING
                     " %s/VERB/VBD/%s/" PAST " %s/PROPN/NNP/%s/" SING " on/ADP/IN/on/_ %s/PROPN/NNP/%s/" SING
                     " ./PUNCT/././_", n[0], n[0], v[0], v[1], place, place, day, day);
            break;
        case 1:
            snprintf(buf, sizeof buf, "%s/PROPN/NNP/%s/" SING " %s/VERB/VBD/%s/" PAST
                     " the/DET/DT/the/Definite=Def|PronType=Art %s/NOUN/NN/%s/" SING
                     " in/ADP/IN/in/_ %s/PROPN/NNP/%s/" SING " ./PUNCT/././_",
                     name, name, v[0], v[1], n2[0], n2[0], place, place);
            break;
        case 2:
            snprintf(buf, sizeof buf, "The/DET/DT/the/Definite=Def|PronType=Art %s/NOUN/NNS/%s/" PLUR
                     " will/AUX/MD/will/VerbForm=Fin %s/VERB/VB/%s/VerbForm=Inf %s/PROPN/NNP/%s/" SING
                     " ./PUNCT/././_", n[1], n[0], v[1], v[1], name, name);
            break;
        default:
            snprintf(buf, sizeof buf, "%s/PROPN/NNP/%s/" SING
                     " %s/VERB/VBZ/%s/Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"
                     " the/DET/DT/the/Definite=Def|PronType=Art %s/NOUN/NNS/%s/" PLUR
                     " of/ADP/IN/of/_ %s/PROPN/NNP/%s/" SING " ./PUNCT/././_",
                     name, name, v[2], v[1], n2[1], n2[0], place, place);
            break;
        }
        add_sentence(d, buf);
    }
}

static kh_tagger *train_small(kh_arena *a, kh_doc *d)
{
    kh_arena_init(a, 0);
    kh_doc_init(d, a);
    build_corpus(d);
    kh_tagger_train_opts o = { 5, 7, 0, NULL };
    kh_tagger *t = kh_tagger_train_mem(d, &o);
    assert_non_null(t);
    return t;
}

/* Tags "form form ..." and returns the sentence (words from arena a). */
static kh_sentence *tag_text(const kh_tagger *t, kh_arena *a, const char *text)
{
    kh_sentence *s = kh_arena_calloc(a, 1, sizeof *s);
    char *copy = kh_arena_strdup(a, text), *save = NULL;
    s->words = kh_arena_calloc(a, 64, sizeof *s->words);
    for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
        s->words[s->nwords++].form = tok;
    assert_int_equal(kh_tagger_tag(t, s, a), 0);
    return s;
}

static void check_word(const kh_sentence *s, int i, const char *upos, const char *xpos,
                       const char *lemma)
{
    assert_string_equal(kh_upos_name(s->words[i].upos), upos);
    assert_non_null(s->words[i].xpos);
    assert_string_equal(s->words[i].xpos, xpos);
    assert_non_null(s->words[i].lemma);
    assert_string_equal(s->words[i].lemma, lemma);
}

/* Tags text with both taggers and checks they agree word by word; returns the
 * first tagger's sentence. */
static kh_sentence *tag_both_same(const kh_tagger *t1, const kh_tagger *t2, kh_arena *a, const char *text)
{
    kh_sentence *x = tag_text(t1, a, text), *y = tag_text(t2, a, text);
    assert_int_equal(x->nwords, y->nwords);
    for (int i = 0; i < x->nwords; i++) {
        assert_int_equal(x->words[i].upos, y->words[i].upos);
        assert_string_equal(x->words[i].xpos, y->words[i].xpos);
        assert_string_equal(x->words[i].lemma, y->words[i].lemma);
    }
    return x;
}

static void test_tags_new_sentences(void **state)
{
    (void)state;
    kh_arena a, b;
    kh_doc d;
    kh_tagger *t = train_small(&a, &d);
    kh_arena_init(&b, 0);
    /* unknown names in known positions, known words in new combinations */
    kh_sentence *s = tag_text(t, &b, "Yarallah met the envoy in Kurdistan24 .");
    check_word(s, 0, "PROPN", "NNP", "Yarallah");
    check_word(s, 1, "VERB", "VBD", "meet");
    check_word(s, 2, "DET", "DT", "the");
    check_word(s, 3, "NOUN", "NN", "envoy");
    check_word(s, 5, "PROPN", "NNP", "Kurdistan24");
    check_word(s, 6, "PUNCT", ".", ".");
    assert_string_equal(s->words[1].feats, PAST);
    assert_string_equal(s->words[3].feats, SING);
    s = tag_text(t, &b, "The generals will host Thabet .");
    check_word(s, 1, "NOUN", "NNS", "general");
    check_word(s, 2, "AUX", "MD", "will");
    check_word(s, 3, "VERB", "VB", "host");
    assert_string_equal(s->words[1].feats, PLUR);
    s = tag_text(t, &b, "Rakul praises the senators of Rome .");
    check_word(s, 0, "PROPN", "NNP", "Rakul");
    check_word(s, 1, "VERB", "VBZ", "praise");
    check_word(s, 3, "NOUN", "NNS", "senator");
    check_word(s, 5, "PROPN", "NNP", "Rome");
    /* an empty sentence is fine */
    kh_sentence empty = {0};
    assert_int_equal(kh_tagger_tag(t, &empty, &b), 0);
    kh_tagger_free(t);
    kh_arena_free(&a);
    kh_arena_free(&b);
}

static void test_model_round_trip_and_determinism(void **state)
{
    (void)state;
    kh_arena a, b;
    kh_arena_init(&a, 0);
    kh_arena_init(&b, 0);
    kh_doc d;
    kh_doc_init(&d, &a);
    build_corpus(&d);
    kh_tagger_train_opts o = { 4, 3, 0, NULL };
    char p1[128], p2[128], err[512];
    snprintf(p1, sizeof p1, "/tmp/kh_test_tagger_%ld_1.khm", (long)getpid());
    snprintf(p2, sizeof p2, "/tmp/kh_test_tagger_%ld_2.khm", (long)getpid());
    for (int k = 0; k < 2; k++) {
        kh_model_writer *w = kh_model_writer_new();
        assert_int_equal(kh_tagger_train(&d, NULL, &o, w), 0);
        assert_int_equal(kh_model_writer_save(w, k ? p2 : p1), 0);
        kh_model_writer_free(w);
    }
    size_t n1, n2;
    char *f1 = kh_test_slurp(p1, &n1), *f2 = kh_test_slurp(p2, &n2);
    assert_non_null(f1);
    assert_non_null(f2);
    assert_int_equal(n1, n2);
    assert_memory_equal(f1, f2, n1);    /* same seed: byte-identical */
    kh_model *m = kh_model_load(p1, err, sizeof err);
    assert_non_null(m);
    kh_tagger *t = kh_tagger_from_model(m, err, sizeof err);
    assert_non_null(t);
    kh_tagger *tm = kh_tagger_train_mem(&d, &o);
    assert_non_null(tm);
    kh_sentence *x = tag_both_same(t, tm, &b, "The ambassador criticized Hassan on Friday .");
    check_word(x, 2, "VERB", "VBD", "criticize");
    kh_tagger_free(t);
    kh_tagger_free(tm);
    kh_model_free(m);
    free(f1);
    free(f2);
    remove(p1);
    remove(p2);
    kh_arena_free(&a);
    kh_arena_free(&b);
}

static void test_refuses_model_without_tagger(void **state)
{
    (void)state;
    kh_model_writer *w = kh_model_writer_new();
    assert_int_equal(kh_model_writer_add(w, "meta", "x", 1), 0);
    const char *lex = "C\tNOUN\tNN\nF\t_\nD\t0\t0\n";
    assert_int_equal(kh_model_writer_add(w, "tag.lex", lex, strlen(lex)), 0);
    assert_int_equal(kh_model_writer_add(w, "tag.lemma", "", 0), 0);
    char path[128], err[512];
    snprintf(path, sizeof path, "/tmp/kh_test_tagger_%ld_3.khm", (long)getpid());
    assert_int_equal(kh_model_writer_save(w, path), 0);
    kh_model_writer_free(w);
    kh_model *m = kh_model_load(path, err, sizeof err);
    assert_non_null(m);
    assert_null(kh_tagger_from_model(m, err, sizeof err));
    assert_non_null(strstr(err, "tag.w1"));
    assert_non_null(strstr(err, "khaldun train"));
    kh_model_free(m);
    /* a model with no tagger sections at all */
    w = kh_model_writer_new();
    assert_int_equal(kh_model_writer_add(w, "meta", "x", 1), 0);
    assert_int_equal(kh_model_writer_save(w, path), 0);
    kh_model_writer_free(w);
    m = kh_model_load(path, err, sizeof err);
    assert_null(kh_tagger_from_model(m, err, sizeof err));
    assert_non_null(strstr(err, "no tagger sections"));
    kh_model_free(m);
    remove(path);
}

/* Word classes: words used in the same contexts share a class, words in other
 * contexts do not; the same text gives the same classes. */
static void test_word_classes(void **state)
{
    (void)state;
    static const char *nouns[] = { "cat", "dog", "horse", "bird", "cow", "goat", "sheep", "mouse" };
    static const char *verbs[] = { "sleeps", "runs", "eats", "sings", "jumps", "waits", "hides", "swims" };
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc d;
    kh_doc_init(&d, &a);
    char buf[256];
    for (int i = 0; i < 64; i++) {
        snprintf(buf, sizeof buf, "the/DET/DT/the/_ %s/NOUN/NN/x/_ %s/VERB/VBZ/x/_ ./PUNCT/././_",
                 nouns[i % 8], verbs[(i * 3 + i / 8) % 8]);
        add_sentence(&d, buf);
        snprintf(buf, sizeof buf, "a/DET/DT/a/_ %s/NOUN/NN/x/_ %s/VERB/VBZ/x/_ ./PUNCT/././_",
                 nouns[(i * 5) % 8], verbs[(i + i / 8) % 8]);
        add_sentence(&d, buf);
    }
    const kh_doc *docs[1] = { &d };
    kh_buf t1 = KH_BUF_INIT, t2 = KH_BUF_INIT;
    assert_int_equal(kh_tagfeat_build_clusters(docs, 1, 4, &t1), 0);
    assert_int_equal(kh_tagfeat_build_clusters(docs, 1, 4, &t2), 0);
    assert_int_equal(t1.len, t2.len);
    assert_memory_equal(t1.data, t2.data, t1.len);
    /* class of each word, from the "word<TAB>class" lines */
    int cn[8], cv[8];
    for (int i = 0; i < 8; i++) {
        char key[32];
        snprintf(key, sizeof key, "\n%s\t", nouns[i]);
        const char *p = strstr(t1.data, key);
        assert_non_null(p);
        cn[i] = atoi(p + strlen(key));
        snprintf(key, sizeof key, "\n%s\t", verbs[i]);
        p = strstr(t1.data, key);
        assert_non_null(p);
        cv[i] = atoi(p + strlen(key));
    }
    for (int i = 0; i < 8; i++) {
        assert_int_equal(cn[i], cn[0]);
        assert_int_equal(cv[i], cv[0]);
    }
    assert_int_not_equal(cn[0], cv[0]);
    assert_true(cn[0] >= 1 && cn[0] <= 4);
    /* too few words for the classes asked: refused */
    kh_buf t3 = KH_BUF_INIT;
    assert_int_equal(kh_tagfeat_build_clusters(docs, 1, 500, &t3), -1);
    kh_buf_free(&t1);
    kh_buf_free(&t2);
    kh_buf_free(&t3);
    kh_arena_free(&a);
}

/* Lemmas that need the number's shape or the next word: "1,250" -> "1250",
 * "'s" -> "have" before "been" and "be" otherwise. */
static void test_context_lemmas(void **state)
{
    (void)state;
    kh_arena a, b;
    kh_doc d;
    kh_arena_init(&b, 0);
    kh_arena_init(&a, 0);
    kh_doc_init(&d, &a);
    build_corpus(&d);
    char buf[512];
    for (int i = 0; i < 60; i++) {
        snprintf(buf, sizeof buf, "The/DET/DT/the/_ minister/NOUN/NN/minister/_ met/VERB/VBD/meet/_ "
                 "%d/NUM/CD/%d/NumType=Card envoys/NOUN/NNS/envoy/Number=Plur ./PUNCT/././_",
                 i + 2, i + 2);
        add_sentence(&d, buf);
        add_sentence(&d, i % 2 ? "He/PRON/PRP/he/_ 's/AUX/VBZ/be/_ been/AUX/VBN/be/_ there/ADV/RB/there/_ ./PUNCT/././_"
                               : "He/PRON/PRP/he/_ 's/AUX/VBZ/be/_ there/ADV/RB/there/_ ./PUNCT/././_");
    }
    kh_tagger_train_opts o = { 5, 7, 0, NULL };
    kh_tagger *t = kh_tagger_train_mem(&d, &o);
    assert_non_null(t);
    kh_sentence *s = tag_text(t, &b, "The minister met 3,456,789 envoys .");
    check_word(s, 3, "NUM", "CD", "3456789");
    s = tag_text(t, &b, "The minister met 12,50 envoys .");   /* not thousands: unchanged */
    check_word(s, 3, "NUM", "CD", "12,50");
    s = tag_text(t, &b, "He 's been there .");
    check_word(s, 1, "AUX", "VBZ", "have");
    s = tag_text(t, &b, "He 's there .");
    check_word(s, 1, "AUX", "VBZ", "be");
    kh_tagger_free(t);
    kh_arena_free(&a);
    kh_arena_free(&b);
}

/* A model without the optional word-class section (older models) still loads; a
 * malformed one is refused with the section's name. */
static void test_optional_classes_section(void **state)
{
    (void)state;
    kh_arena a, b;
    kh_arena_init(&a, 0);
    kh_arena_init(&b, 0);
    kh_doc d;
    kh_doc_init(&d, &a);
    build_corpus(&d);
    kh_tagger_train_opts o = { 3, 3, 0, NULL };
    char p1[128], p2[128], err[512];
    snprintf(p1, sizeof p1, "/tmp/kh_test_tagger_%ld_4.khm", (long)getpid());
    snprintf(p2, sizeof p2, "/tmp/kh_test_tagger_%ld_5.khm", (long)getpid());
    kh_model_writer *w = kh_model_writer_new();
    assert_int_equal(kh_tagger_train(&d, NULL, &o, w), 0);
    assert_int_equal(kh_model_writer_save(w, p1), 0);
    kh_model_writer_free(w);
    kh_model *m = kh_model_load(p1, err, sizeof err);
    assert_non_null(m);
    assert_non_null(kh_model_section_get(m, KH_TAGGER_SECTION_CLUS));   /* written by training */
    const char *names[] = { KH_TAGGER_SECTION_LEX, KH_TAGGER_SECTION_LEMMA, KH_TAGGER_SECTION_W1,
                            KH_TAGGER_SECTION_W2, KH_TAGGER_SECTION_WF };
    for (int bad = 0; bad < 2; bad++) {
        w = kh_model_writer_new();
        for (int i = 0; i < 5; i++) {
            const kh_model_section *sec = kh_model_section_get(m, names[i]);
            assert_non_null(sec);
            assert_int_equal(kh_model_writer_add(w, names[i], sec->data, sec->size), 0);
        }
        if (bad)
            assert_int_equal(kh_model_writer_add(w, KH_TAGGER_SECTION_CLUS, "cat\tx\n", 6), 0);
        assert_int_equal(kh_model_writer_save(w, p2), 0);
        kh_model_writer_free(w);
        kh_model *m2 = kh_model_load(p2, err, sizeof err);
        assert_non_null(m2);
        kh_tagger *t = kh_tagger_from_model(m2, err, sizeof err);
        if (bad) {
            assert_null(t);
            assert_non_null(strstr(err, KH_TAGGER_SECTION_CLUS));
        } else {
            assert_non_null(t);
            kh_sentence *s = tag_text(t, &b, "The envoy met Hassan on Friday .");
            check_word(s, 1, "NOUN", "NN", "envoy");
            kh_tagger_free(t);
        }
        kh_model_free(m2);
    }
    kh_model_free(m);
    remove(p1);
    remove(p2);
    kh_arena_free(&a);
    kh_arena_free(&b);
}

/* A WordNet of our own words in folder dir (index and exception files). */
static void write_wordnet(const char *dir)
{
    const char *const texts[8] = {
        "minister n 1\nenvoy n 1\ndelegation n 1\ntalk n 1\n",
        "visit v 1\npraise v 1\nmediate v 1\ntalk v 1\n",
        "hostile a 1\n", "warmly r 1\n", "", "met meet\n", "", "",
    };
    kh_wn_test_write(dir, texts);
}

/* A tagger trained with WordNet features says so in its model (tag.wn); loaded, it
 * reads WordNet again and tags as the tagger trained in memory does; without WordNet
 * it is refused with the folder and the package named. A model trained without them
 * has no tag.wn and loads without WordNet. */
static void test_wordnet_section(void **state)
{
    (void)state;
    char dir[128], path[128], err[600];
    snprintf(dir, sizeof dir, "/tmp/kh_test_tagger_wn.%ld", (long)getpid());
    snprintf(path, sizeof path, "/tmp/kh_test_tagger_%ld_wn.khm", (long)getpid());
    write_wordnet(dir);
    kh_wordnet *wn = kh_wordnet_open(dir, err, sizeof err);
    assert_non_null(wn);
    kh_arena a, b;
    kh_arena_init(&a, 0);
    kh_arena_init(&b, 0);
    kh_doc d;
    kh_doc_init(&d, &a);
    build_corpus(&d);
    for (int use = 0; use < 2; use++) {
        kh_tagger_train_opts o = { 3, 3, 0, use ? wn : NULL };
        kh_model_writer *w = kh_model_writer_new();
        assert_int_equal(kh_tagger_train(&d, NULL, &o, w), 0);
        assert_int_equal(kh_model_writer_save(w, path), 0);
        kh_model_writer_free(w);
        kh_model *m = kh_model_load(path, err, sizeof err);
        assert_non_null(m);
        assert_int_equal(kh_model_section_get(m, KH_TAGGER_SECTION_WN) != NULL, use);
        setenv("KH_WORDNET", dir, 1);
        kh_tagger *t = kh_tagger_from_model(m, err, sizeof err);
        assert_non_null(t);
        kh_tagger *tm = kh_tagger_train_mem(&d, &o);
        assert_non_null(tm);
        tag_both_same(t, tm, &b, "The envoy mediated the talks in Kabrek on Friday .");
        kh_tagger_free(t);
        kh_tagger_free(tm);
        /* WordNet gone */
        setenv("KH_WORDNET", "/nonexistent/wordnet", 1);
        t = kh_tagger_from_model(m, err, sizeof err);
        if (use) {
            assert_null(t);
            assert_non_null(strstr(err, "/nonexistent/wordnet/index.noun"));
            assert_non_null(strstr(err, "wordnet-base"));
        } else {
            assert_non_null(t);
            kh_tagger_free(t);
        }
        unsetenv("KH_WORDNET");
        kh_model_free(m);
    }
    kh_wordnet_free(wn);
    kh_wn_test_remove(dir);
    remove(path);
    kh_arena_free(&a);
    kh_arena_free(&b);
}

/* Accuracy of the trained model on EWT test, when both are present. */
static void test_ewt_accuracy(void **state)
{
    (void)state;
    char gold[512], err[512];
    KH_SHARED_OR_SKIP(gold, "data/ud/en_ewt-ud-test.conllu");
    /* KH_MODEL names another model (e.g. one being tried out) */
    const char *path = getenv("KH_MODEL");
    if (!path || !*path)
        path = access("data/models/en_ewt.khm", R_OK) == 0 ? "data/models/en_ewt.khm"
                                                           : "build/models/en_ewt.khm";
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "# SKIP: no trained model %s (nor data/models/en_ewt.khm); "
                        "build one with 'khaldun train'\n", path);
        skip();
    }
    kh_model *m = kh_model_load(path, err, sizeof err);
    kh_tagger *t = m ? kh_tagger_from_model(m, err, sizeof err) : NULL;
    if (!t) {
        fprintf(stderr, "# SKIP: %s\n", err);   /* e.g. a model from an older format */
        kh_model_free(m);
        skip();
    }
    kh_arena ag, as;
    kh_arena_init(&ag, 1 << 20);
    kh_arena_init(&as, 1 << 20);
    kh_doc g, s;
    kh_doc_init(&g, &ag);
    kh_doc_init(&s, &as);
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    assert_int_equal(kh_conllu_read_all(gold, &g, &diag), 0);
    assert_int_equal(kh_conllu_read_all(gold, &s, &diag), 0);
    long n = 0, upos = 0, lemma = 0, xpos = 0;
    for (int i = 0; i < s.nsents; i++) {
        assert_int_equal(kh_tagger_tag(t, &s.sents[i], &as), 0);
        for (int j = 0; j < s.sents[i].nwords; j++) {
            const kh_word *x = &g.sents[i].words[j], *y = &s.sents[i].words[j];
            n++;
            upos += x->upos == y->upos;
            xpos += x->xpos && y->xpos && strcmp(x->xpos, y->xpos) == 0;
            lemma += x->lemma && y->lemma && strcmp(x->lemma, y->lemma) == 0;
        }
    }
    fprintf(stderr, "# EWT test: UPOS %.2f XPOS %.2f lemma %.2f (%ld words)\n",
            100.0 * upos / n, 100.0 * xpos / n, 100.0 * lemma / n, n);
    assert_true(n > 25000);
    /* floors a little below the measured 95.84 / 95.24 / 97.41 (8 epochs, seed 1,
     * WordNet features) */
    assert_true(upos * 1000 >= n * 957);
    assert_true(xpos * 1000 >= n * 951);
    assert_true(lemma * 1000 >= n * 973);
    kh_tagger_free(t);
    kh_model_free(m);
    kh_arena_free(&ag);
    kh_arena_free(&as);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tags_new_sentences),
        cmocka_unit_test(test_wordnet_section),
        cmocka_unit_test(test_model_round_trip_and_determinism),
        cmocka_unit_test(test_refuses_model_without_tagger),
        cmocka_unit_test(test_word_classes),
        cmocka_unit_test(test_context_lemmas),
        cmocka_unit_test(test_optional_classes_section),
        cmocka_unit_test(test_ewt_accuracy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
