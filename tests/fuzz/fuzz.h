/*
 * fuzz.h -- what the fuzz targets share: the libFuzzer entry point and a
 * check that reports and aborts (libFuzzer and the replay driver both
 * count an abort as a crash and keep the input).
 *
 * Each target is one LLVMFuzzerTestOneInput() over the public API (and,
 * for fuzz_input, the program's own readers).  Built with -DGAZTAG_FUZZ=ON
 * it links libFuzzer; otherwise tests/fuzz/replay.c calls it on the files
 * of the seed and regression directories (see tests/fuzz/README.md).
 */
#ifndef GAZTAG_FUZZ_H
#define GAZTAG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                 \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, \
                    #cond);                                                   \
            fprintf(stderr, __VA_ARGS__);                                     \
            fputc('\n', stderr);                                              \
            abort();                                                          \
        }                                                                     \
    } while (0)

/* Bytes as a C string literal on stderr, for the report of a failure. */
static inline void fuzz_dump(const char *what, const void *data, size_t len)
{
    const unsigned char *p = data;
    fprintf(stderr, "%s (%zu bytes): \"", what, len);
    for (size_t i = 0; i < len; i++) {
        if (p[i] >= 0x20 && p[i] < 0x7F && p[i] != '"' && p[i] != '\\')
            fputc(p[i], stderr);
        else
            fprintf(stderr, "\\x%02x", p[i]);
    }
    fprintf(stderr, "\"\n");
}

/* A copy of data[0..len) in a buffer of exactly len bytes (one byte for an
 * empty one), so that AddressSanitizer sees any read past its end. */
static inline char *fuzz_copy(const void *data, size_t len)
{
    char *p = malloc(len ? len : 1);
    FUZZ_CHECK(p != NULL, "out of memory");
    if (len)
        memcpy(p, data, len);
    else
        p[0] = '\0';
    return p;
}

#endif
