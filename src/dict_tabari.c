/* dict_tabari.c - loaders of the TABARI dictionary formats (.verbs, .actors, .agents,
 * .options; TABARI manual 0.8.4b2, chapters 5, 6 and 8).
 *
 * TABARI's formats are the ancestors of PETRARCH's and are read by the same code with
 * TABARI's differences switched on (dict_petrarch.c): ';' starts a comment, "~~FINISH"
 * ends a file, <SYNSETS> <TIME> <NOUN> <ADJECTIVE> sections, "{FORMS}" lines after a
 * verb, several "[CODE date]" blocks on a line, and every verb line opens a block of its
 * own with the patterns that follow it. An .options file becomes key/value options
 * (kh_dict_option) that the coder reads. */
#include "dict_impl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* TABARI reads only the first four letters of a command: map them to the full name. */
static const char *const commands[] = {
    "SET", "LABEL", "FORWARD", "DEFAULT", "COMMA", "COMPLEX", "NONEVENTS", "OUTPUT",
    "ISSUES", "SOURCE", "TARGET", NULL
};

static void upper_blanks(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        char c = *p == '\t' ? ' ' : (char)toupper((unsigned char)*p);
        if (c == ' ' && (o == s || o[-1] == ' '))
            continue;
        *o++ = c;
    }
    while (o > s && o[-1] == ' ')
        o--;
    *o = '\0';
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* One command line: "CMD: rest". Returns 0, 1 when malformed, -1 out of memory. */
static int option_line(kh_dict *d, char *s, const char *file, long line)
{
    char *colon = strchr(s, ':');
    if (!colon)
        return 1;
    *colon = '\0';
    char cmd[64];
    snprintf(cmd, sizeof cmd, "%s", trim(s));
    upper_blanks(cmd);
    if (!cmd[0])
        return 1;
    for (int i = 0; commands[i]; i++)
        if (strncmp(cmd, commands[i], 4) == 0 && strlen(cmd) >= 3)
            snprintf(cmd, sizeof cmd, "%s", commands[i]);
    char *rest = trim(colon + 1);
    char *eq = strchr(rest, '=');
    if (strcmp(cmd, "SET") == 0) {
        char key[128];
        if (eq) {
            *eq = '\0';
            snprintf(key, sizeof key, "%s", trim(rest));
            upper_blanks(key);
            return kh_dict_add_option(d, key, trim(eq + 1), file, line);
        }
        /* "SET: CODE BY CLAUSE": the last word is the value */
        char *sp = strrchr(rest, ' ');
        if (!sp)
            return kh_dict_add_option(d, rest, "TRUE", file, line);
        *sp = '\0';
        snprintf(key, sizeof key, "%s", trim(rest));
        upper_blanks(key);
        return kh_dict_add_option(d, key, trim(sp + 1), file, line);
    }
    if (strcmp(cmd, "LABEL") == 0 && eq) {
        *eq = '\0';
        char key[128];
        snprintf(key, sizeof key, "LABEL %s", trim(rest));
        return kh_dict_add_option(d, key, trim(eq + 1), file, line);
    }
    return kh_dict_add_option(d, cmd, rest, file, line);
}

static int load_options(kh_dict *d, const char *file, const char *text, size_t len,
                        kh_diag *diag, kh_dict_counts *c)
{
    kh_dict_lines it = {text, text + len, 0};
    const char *ln;
    size_t n;
    while (kh_dict_next_line(&it, &ln, &n)) {
        if (n >= 2 && ln[0] == '~' && ln[1] == '~')
            break;                          /* "~~~~~": the end of the options */
        char *buf = strndup(ln, n);
        if (!buf)
            return -1;
        for (char *p = buf; *p; p++) {      /* '#' and '//' start comments */
            if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
                *p = '\0';
                break;
            }
        }
        char *s = trim(buf);
        int nonempty = *s != '\0';
        int r = nonempty ? option_line(d, s, file, it.line) : 0;
        free(buf);
        if (r < 0)
            return -1;
        if (r > 0) {
            kh_diag_error(diag, file, it.line, "expected COMMAND: VALUE");
            c->skipped++;
        } else if (nonempty) {
            c->options++;
        }
    }
    return 0;
}

int kh_dict_load_tabari(kh_dict *d, kh_dict_format fmt, const char *file, const char *text,
                        size_t len, kh_diag *diag, kh_dict_counts *c)
{
    switch (fmt) {
    case KH_DICT_TABARI_VERBS:
        return kh_dict_load_petrarch_ex(d, KH_DICT_PETR_VERBS, file, text, len, diag, c, 1);
    case KH_DICT_TABARI_ACTORS:
    case KH_DICT_TABARI_AGENTS: {
        /* TABARI's word ends: "KUWAIT" is a stem, "LIBYA_" takes the plural S, "MOUSE="
         * only itself (manual 5.2.2, 5.2.3) */
        kh_dict_word_ends(d, 1);
        int r = kh_dict_load_petrarch_ex(d, fmt == KH_DICT_TABARI_ACTORS ? KH_DICT_PETR_ACTORS
                                         : KH_DICT_PETR_AGENTS, file, text, len, diag, c, 1);
        kh_dict_word_ends(d, 0);
        return r;
    }
    case KH_DICT_TABARI_OPTIONS:
        if (load_options(d, file, text, len, diag, c) < 0) {
            kh_diag_error(diag, file, 0, "out of memory");
            return -1;
        }
        return 0;
    default:
        kh_diag_error(diag, file, 0, "not a TABARI dictionary format");
        return -1;
    }
}
