/*
 * gaz_key.c -- print the key of each input line, as gaztag computes it.
 *
 *   gaz_key [--case-sensitive] [--keep-accents] < LINES > KEYS
 *
 * One output line per input line (newline and CR excluded): the tokens'
 * keys joined by one space (gaztag_normalize), so two texts are matched by
 * the same gazetteer entry exactly when their keys are equal.  bench/run
 * uses it to show which gazetteer rows a span of text was matched through.
 */
#define _POSIX_C_SOURCE 200809L
#include "gaztag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* Write the key of line[0..len) and a newline; 0 or -1 out of memory. */
static int print_key(unsigned flags, const char *line, size_t len,
                     char **buf, size_t *cap)
{
    size_t need = gaztag_normalize(flags, line, len, *buf, *cap);
    if (need >= *cap) {
        char *p = realloc(*buf, need + 1);
        if (!p)
            return -1;
        *buf = p;
        *cap = need + 1;
        gaztag_normalize(flags, line, len, *buf, *cap);
    }
    fwrite(*buf, 1, need, stdout);
    putchar('\n');
    return 0;
}

int main(int argc, char **argv)
{
    unsigned flags = 0;
    char *line = NULL, *key = NULL;
    size_t line_cap = 0, key_cap = 0;
    ssize_t n;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--case-sensitive") == 0)
            flags |= GAZTAG_CASE_SENSITIVE;
        else if (strcmp(argv[i], "--keep-accents") == 0)
            flags |= GAZTAG_KEEP_ACCENTS;
        else {
            fputs("usage: gaz_key [--case-sensitive] [--keep-accents]\n",
                  stderr);
            return 2;
        }
    }
    while (rc == 0 && (n = getline(&line, &line_cap, stdin)) >= 0) {
        size_t len = (size_t)n;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        rc = print_key(flags, line, len, &key, &key_cap);
    }
    if (rc < 0)
        fputs("gaz_key: out of memory\n", stderr);
    free(line);
    free(key);
    return rc < 0 || fflush(stdout) != 0 ? 1 : 0;
}
