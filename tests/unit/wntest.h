/* wntest.h - a WordNet of our own words in a temporary folder, for the tests of
 * src/wordnet.c and of the tagger's WordNet features. */
#ifndef KH_WNTEST_H
#define KH_WNTEST_H

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* The eight files WordNet's reader opens, in the order of files[] below. */
static const char *const kh_wn_test_names[8] = { "index.noun", "index.verb", "index.adj", "index.adv",
                                                 "noun.exc", "verb.exc", "adj.exc", "adv.exc" };

/* Writes one file of the folder (name from kh_wn_test_names, or any other). */
static inline void kh_wn_test_put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Creates dir with the eight files, texts[i] for kh_wn_test_names[i]. */
static inline void kh_wn_test_write(const char *dir, const char *const texts[8])
{
    mkdir(dir, 0700);
    for (int i = 0; i < 8; i++)
        kh_wn_test_put(dir, kh_wn_test_names[i], texts[i]);
}

static inline void kh_wn_test_remove(const char *dir)
{
    for (int i = 0; i < 8; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, kh_wn_test_names[i]);
        unlink(path);
    }
    rmdir(dir);
}

#endif
