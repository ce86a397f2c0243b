/*
 * normalize.h -- a token's text to its lookup key.
 *
 * The key of a word token is its NFKC form, case-folded and with combining
 * marks removed, unless the gazetteer was compiled with
 * GAZTAG_CASE_SENSITIVE / GAZTAG_KEEP_ACCENTS.  Punctuation tokens are keyed
 * the same way (a fullwidth ＆ keys as &).  The builder and the tagger both
 * call norm_key(), so a name and the text are keyed by the same code.
 *
 * ASCII tokens take a fast path (lowercasing; NFKC is the identity there);
 * others go through utf8proc into a scratch buffer that grows as needed and
 * is reused, so steady-state keying allocates nothing.
 */
#ifndef GAZTAG_NORMALIZE_H
#define GAZTAG_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct norm_scratch {
    int32_t *cps; /* utf8proc code point buffer, re-encoded in place */
    size_t cap;   /* in code points */
    char ascii[64];
} norm_scratch;

void norm_scratch_init(norm_scratch *sc);
void norm_scratch_free(norm_scratch *sc);

/* Key the valid UTF-8 token s[0..len).  On success *key points into `s` or
 * into the scratch (valid until the next call) and the return value is 0;
 * -1 means out of memory. */
int norm_key(norm_scratch *sc, unsigned flags, const char *s, size_t len,
             bool ascii, const char **key, size_t *keylen);

#endif
