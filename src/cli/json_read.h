/*
 * json_read.h -- a reader for one JSON value (RFC 8259), for JSON Lines
 * input.
 *
 * json_parse() reads exactly one value, with optional whitespace around it,
 * from (s, len): no NUL terminator is needed and nothing outside s[0..len)
 * is ever read.  The result is a tree owned by a json_doc; everything in it
 * lives until json_doc_free().  Invalid input is refused with the byte
 * offset of the problem and a reason, so a caller can say "line 12, column
 * 34: unterminated string".
 *
 * Strings are decoded to UTF-8: every escape, surrogate pairs included.  The
 * input must be UTF-8, and a string may not hold raw control characters or
 * lone surrogates (\ud800 alone has no UTF-8 form).  A decoded string may
 * hold NUL bytes (from \u0000): use its length.  Objects keep their members
 * in input order, duplicates included.  Nesting is limited to
 * JSON_MAX_DEPTH levels so that hostile input cannot exhaust the stack.
 */
#ifndef GAZTAG_JSON_READ_H
#define GAZTAG_JSON_READ_H

#include <stddef.h>

#define JSON_MAX_DEPTH 256

typedef enum json_type {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
} json_type;

typedef struct json_value json_value;
typedef struct json_member json_member;

struct json_value {
    json_type type;
    /* string and number: bytes of s; array: items; object: members */
    size_t len;
    union {
        /* string: the decoded text; number: its literal text as written
         * ("-1.5e3").  NUL-terminated either way. */
        const char *s;
        const json_value *items;    /* array */
        const json_member *members; /* object, in input order */
    } u;
    double num; /* number: the value (strtod in the C locale; +-HUGE_VAL
                   when out of range) */
};

struct json_member {
    const char *key; /* decoded, NUL-terminated */
    size_t key_len;
    json_value value;
};

typedef struct json_error {
    size_t offset;      /* of the offending byte (len: the input ended) */
    const char *reason; /* static English text */
} json_error;

/* The reason given when memory ran out (compare the pointer). */
extern const char json_out_of_memory[];

typedef struct json_doc json_doc;

/* Parse s[0..len).  Returns a document owned by the caller (free it with
 * json_doc_free), or NULL with *err set; when memory ran out, the reason is
 * json_out_of_memory and the offset 0. */
json_doc *json_parse(const char *s, size_t len, json_error *err);

/* The value read; owned by `d`. */
const json_value *json_doc_root(const json_doc *d);

void json_doc_free(json_doc *d); /* accepts NULL */

/* The index of the quote that closes the string whose opening quote is at
 * s[open], or len when there is none: the first quote after it that no
 * backslash escapes (an odd run of backslashes before it).  Found with
 * memchr(), which a long text crosses many bytes a step. */
size_t json_string_end(const char *s, size_t open, size_t len);

/* The value of the member named `key` in object `v`: the last one when the
 * name is repeated, as Python's and JavaScript's readers do.  NULL when
 * there is none or `v` is not an object. */
const json_value *json_get(const json_value *v, const char *key);

#endif
