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

/* Latin letters U+0080..U+024F whose key is plain ASCII (é -> e, ß -> ss,
 * ĳ -> ij with the default folding) are keyed through a small table filled
 * from utf8proc on first use, so most European words never reach utf8proc:
 * concatenating per-letter keys is exact when every piece is ASCII, since
 * ASCII letters never compose. */
#define NORM_LATIN_FIRST 0x80
#define NORM_LATIN_END 0x250
#define NORM_LATIN_NONE 0xFF /* the letter needs utf8proc */

typedef struct norm_latin {
    uint8_t len; /* 0..3 bytes of key, or NORM_LATIN_NONE */
    char key[3];
} norm_latin;

typedef struct norm_scratch {
    int32_t *cps; /* utf8proc code point buffer, re-encoded in place */
    size_t cap;   /* in code points */
    char ascii[64];
    unsigned latin_flags; /* the folding the table was made for, +1; 0: none */
    norm_latin latin[NORM_LATIN_END - NORM_LATIN_FIRST];
} norm_scratch;

void norm_scratch_init(norm_scratch *sc);
void norm_scratch_free(norm_scratch *sc);

/* Key the valid UTF-8 token s[0..len).  On success *key points into `s` or
 * into the scratch (valid until the next call) and the return value is 0;
 * -1 means out of memory. */
int norm_key(norm_scratch *sc, unsigned flags, const char *s, size_t len,
             bool ascii, const char **key, size_t *keylen);

#endif
