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

/* The letters of the scripts most of the world's news is written in keep
 * their keys in a small table filled from utf8proc on first use, so that
 * most words never reach utf8proc: U+0080..U+04FF (Latin-1, Latin
 * Extended-A and B, IPA, Greek, Cyrillic; 2-byte UTF-8) and U+1E00..U+1EFF
 * (Latin Extended Additional, Vietnamese; 3-byte).  A code point is in the
 * table only when it and every code point of its key are starters
 * (canonical combining class 0): two such keys side by side never compose
 * or reorder (no two starters of these scripts compose), so the key of a
 * token is the concatenation of its letters' keys.  There is one table per
 * folding mode, shared by every thread and filled once, without
 * allocating. */
#define NORM_LATIN_FIRST 0x80
#define NORM_LATIN_END 0x500
#define NORM_EXT_FIRST 0x1E00
#define NORM_EXT_END 0x1F00
#define NORM_TABLE_SIZE (NORM_LATIN_END - NORM_LATIN_FIRST + \
                         NORM_EXT_END - NORM_EXT_FIRST)
#define NORM_LATIN_NONE 0xFF /* the letter needs utf8proc */
#define NORM_LATIN_KEY 7     /* the longest key the table keeps, in bytes */

typedef struct norm_latin {
    uint8_t len; /* 0..NORM_LATIN_KEY bytes of key, or NORM_LATIN_NONE */
    char key[NORM_LATIN_KEY];
} norm_latin;

typedef struct norm_scratch {
    int32_t *cps; /* utf8proc code point buffer, re-encoded in place */
    size_t cap;   /* in code points */
    char ascii[64];
    const struct norm_latin *table; /* norm_table(table_flags), or NULL */
    unsigned table_flags;
} norm_scratch;

void norm_scratch_init(norm_scratch *sc);
void norm_scratch_free(norm_scratch *sc);

/* Key the valid UTF-8 token s[0..len).  On success *key points into `s` or
 * into the scratch (valid until the next call) and the return value is 0;
 * -1 means out of memory. */
/* The table of the folding mode of `flags` (filled on the first call);
 * entry cp - NORM_LATIN_FIRST for U+0080..U+04FF, then
 * NORM_LATIN_END - NORM_LATIN_FIRST + cp - NORM_EXT_FIRST for
 * U+1E00..U+1EFF. */
const norm_latin *norm_table(unsigned flags);

int norm_key(norm_scratch *sc, unsigned flags, const char *s, size_t len,
             bool ascii, const char **key, size_t *keylen);

#endif
