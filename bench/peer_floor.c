/*
 * peer_floor.c -- the tokenize-only floor: what any tagger must at least do.
 *
 *   peer_floor CORPUS
 *
 * Reads CORPUS into memory, then (timed) splits it into words and copies
 * each word, ASCII-lowercased, into a scratch buffer: no normalisation and
 * no lookup.  Word bytes are ASCII letters and digits and every byte >= 0x80
 * (so that UTF-8 letters stay inside words); every other byte separates.
 * Prints key=value lines: bytes, words, read_s, scan_s.  bench/run measures
 * the whole process from outside (wall time, peak RSS).
 *
 * Reading includes a first touch of every page of the buffer: on a virtual
 * machine the first access to a page the kernel has just filled can cost
 * microseconds (about 0.1 s for the 102 MB corpus on the 2-core VM,
 * 2026-12-03), which is no tokenizing work; without it the floor's scan
 * was a third slower than the same loop run twice (bench_tag's floor).
 */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SCRATCH_BYTES 4096 /* longer words are classified but not copied */

typedef struct byte_tables {
    unsigned char word[256], lower[256];
} byte_tables;

static void tables_init(byte_tables *t)
{
    for (int b = 0; b < 256; b++) {
        t->word[b] = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') ||
                     (b >= 'A' && b <= 'Z') || b >= 0x80;
        t->lower[b] = (unsigned char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
    }
}

/* Copy one word starting at s[i], lowercased, into scratch; returns the
 * index after it and its length in *n. */
static inline size_t copy_word(const byte_tables *t, const unsigned char *s,
                               size_t len, size_t i, unsigned char *scratch,
                               size_t *n)
{
    size_t k = 0;
    for (; i < len && t->word[s[i]]; i++, k++)
        if (k < SCRATCH_BYTES)
            scratch[k] = t->lower[s[i]];
    *n = k;
    return i;
}

/* Count the words; *check reads the scratch back at a data-dependent index
 * so that the compiler keeps every store. */
static size_t scan(const byte_tables *t, const unsigned char *s, size_t len,
                   unsigned char *scratch, unsigned *check)
{
    size_t words = 0, i = 0, n;
    while (i < len) {
        while (i < len && !t->word[s[i]])
            i++;
        i = copy_word(t, s, len, i, scratch, &n);
        if (n) {
            words++;
            *check += scratch[(n - 1) % SCRATCH_BYTES / 2];
        }
    }
    return words;
}

int main(int argc, char **argv)
{
    static unsigned char scratch[SCRATCH_BYTES];
    char *data;
    size_t len;
    unsigned check = 0;
    byte_tables t;
    if (argc != 2) {
        fputs("usage: peer_floor CORPUS\n", stderr);
        return 2;
    }
    double t0 = bench_now();
    if (bench_read_file(argv[1], &data, &len) < 0) {
        fprintf(stderr, "peer_floor: %s: %s\n", argv[1],
                strerror(errno ? errno : ENOMEM));
        return 1;
    }
    const unsigned char *text = (const unsigned char *)data;
    for (size_t i = 0; i < len; i += 4096)
        check += text[i];
    double t1 = bench_now();
    tables_init(&t);
    size_t words = scan(&t, text, len, scratch, &check);
    double t2 = bench_now();
    volatile unsigned sink = check; /* the scan's result is used */
    (void)sink;
    printf("bytes=%zu\nwords=%zu\nread_s=%.6f\nscan_s=%.6f\n", len, words,
           t1 - t0, t2 - t1);
    free(data);
    return 0;
}
