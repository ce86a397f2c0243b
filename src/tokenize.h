/*
 * tokenize.h -- UTF-8 text to a stream of tokens with exact offsets.
 *
 * A token is either a WORD (a maximal run of letters, combining marks and
 * digits, by Unicode category) or a PUNCT (any other single non-space code
 * point).  Spaces of every kind, control characters, invisible format
 * characters (bidi marks, zero-width space, BOM; but ZWJ and ZWNJ join
 * inside words), apostrophes (' ’ ʼ ‘), hyphens (- U+2010 U+2011, soft
 * hyphen) and invalid UTF-8 bytes separate tokens and are not tokens.  Each token carries its offsets in bytes, code
 * points and UTF-16 units; an ill-formed byte sequence counts as one code
 * point per maximal subpart (the U+FFFD substitution of Unicode ch. 3).
 */
#ifndef GAZTAG_TOKENIZE_H
#define GAZTAG_TOKENIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tok_class { TOK_WORD = 1, TOK_PUNCT = 2 };

/* The class of a byte: ASCII separators, word characters and punctuation,
 * and TOK_B_HIGH for the bytes of non-ASCII code points.  For callers that
 * scan ASCII text themselves (the matcher's fast path). */
enum tok_byte { TOK_B_SEP = 0, TOK_B_WORD = 1, TOK_B_PUNCT = 2, TOK_B_HIGH = 3 };
extern const uint8_t tok_byte_class[256];

typedef struct tok_token {
    size_t start, end;   /* bytes, half-open */
    size_t cstart, cend; /* code points */
    size_t ustart, uend; /* UTF-16 units */
    uint8_t cls;         /* enum tok_class */
    bool ascii;          /* all bytes < 0x80: the key is a plain lowercasing */
} tok_token;

/* The scan position is kept in bytes only, with two corrections that change
 * only on non-ASCII input: code points = pos - cskip (cskip counts the bytes
 * that did not start a code point), UTF-16 units = code points + usupp
 * (usupp counts supplementary code points, two units each).  ASCII runs thus
 * cost one increment a byte. */
typedef struct tok_stream {
    const uint8_t *s;
    size_t len;
    size_t pos, cskip, usupp;
} tok_stream;

void tok_init(tok_stream *ts, const char *s, size_t len);

/* The next token, or false at the end of the text. */
bool tok_next(tok_stream *ts, tok_token *out);

/* Decode one code point at s[0..len) (len >= 1).  Returns the bytes used;
 * *cp is -1 for an ill-formed sequence, which then spans its maximal
 * subpart (at least one byte). */
size_t tok_decode(const uint8_t *s, size_t len, int32_t *cp);

/* tok_decode() with the common well-formed 2- and 3-byte sequences decoded
 * in line (s[0] >= 0x80). */
static inline size_t tok_decode_high(const uint8_t *s, size_t len,
                                     int32_t *cp)
{
    uint8_t b = s[0];
    if (b >= 0xC2 && b <= 0xDF && len >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = (b & 0x1F) << 6 | (s[1] & 0x3F);
        return 2;
    }
    if (b >= 0xE1 && b <= 0xEF && b != 0xED && len >= 3 &&
        (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        *cp = (b & 0x0F) << 12 | (s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        return 3;
    }
    return tok_decode(s, len, cp);
}

/* What code point cp (-1: ill-formed) is to the tokenizer: TOK_B_WORD
 * (letter, mark, digit), TOK_B_PUNCT (a token of its own) or TOK_B_SEP. */
enum tok_byte tok_cp_kind(int32_t cp);
/* The same once tok_init() or tok_cp_kind() has been called. */
enum tok_byte tok_cp_kind_ready(int32_t cp);

#endif
