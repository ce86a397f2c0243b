/*
 * json_read.c -- a recursive-descent reader for one JSON value (see
 * json_read.h).
 *
 * The input is addressed by index, never by a pointer that could step past
 * its end, and every index is compared with the length before the byte is
 * read.  The tree lives in an arena of blocks that never move, so a node
 * may point at another once both exist.  The items of an array (members of
 * an object) are not known in number until it closes: they are pushed on a
 * stack shared by all open containers, then copied into the arena in one
 * piece when the container closes, and popped.  A string is first scanned
 * for its closing quote (skipping what follows each backslash) and then
 * decoded into an arena buffer of its raw length, which every escape only
 * shortens.
 */
#include "json_read.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 16384
#define STRINGIFY(x) #x
#define DEPTH_TEXT(x) STRINGIFY(x)

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap; /* bytes of data */
    max_align_t data[];
} arena_block;

struct json_doc {
    arena_block *blocks;
    json_value root;
};

typedef struct parser {
    const unsigned char *s;
    size_t len, pos;
    arena_block *blocks;
    json_value *vals; /* items of the open arrays */
    size_t n_vals, cap_vals;
    json_member *mems; /* members of the open objects */
    size_t n_mems, cap_mems;
    unsigned depth;
    bool failed;
    json_error err;
} parser;

static bool parse_value(parser *p, json_value *v);

const char json_out_of_memory[] = "out of memory";

static void arena_free(arena_block *b)
{
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
}

/* n bytes aligned for any type; NULL out of memory. */
static void *arena_alloc(parser *p, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) *
        sizeof(max_align_t);
    arena_block *b = p->blocks;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        b = malloc(offsetof(arena_block, data) + cap);
        if (!b)
            return NULL;
        b->next = p->blocks;
        b->used = 0;
        b->cap = cap;
        p->blocks = b;
    }
    void *mem = (char *)b->data + b->used;
    b->used += n;
    return mem;
}

/* The first problem is the one reported: later ones follow from it. */
static bool fail(parser *p, size_t at, const char *reason)
{
    if (!p->failed) {
        p->failed = true;
        p->err.offset = at;
        p->err.reason = reason;
    }
    return false;
}

static bool out_of_memory(parser *p)
{
    return fail(p, 0, json_out_of_memory);
}

static bool grow(void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 16;
    void *a = n > SIZE_MAX / size ? NULL : realloc(*arr, n * size);
    if (!a)
        return false;
    *arr = a;
    *cap = n;
    return true;
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
                               p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
        p->pos++;
}

/* The byte at the current position, or -1 at the end. */
static int peek(const parser *p)
{
    return p->pos < p->len ? p->s[p->pos] : -1;
}

static bool is_digit(const parser *p, size_t i)
{
    return i < p->len && p->s[i] >= '0' && p->s[i] <= '9';
}

static bool parse_word(parser *p, json_value *v, const char *word,
                       json_type type)
{
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
        return fail(p, p->pos, "invalid literal (true, false or null?)");
    p->pos += n;
    v->type = type;
    return true;
}

/* The index after the digits starting at i, or 0 if there are none. */
static size_t skip_digits(const parser *p, size_t i)
{
    if (!is_digit(p, i))
        return 0;
    while (is_digit(p, i))
        i++;
    return i;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool parse_number(parser *p, json_value *v)
{
    size_t start = p->pos, i = start + (p->s[start] == '-'), next;
    if (is_digit(p, i) && p->s[i] == '0' && is_digit(p, i + 1))
        return fail(p, i + 1, "invalid number: leading zero");
    if (!(next = skip_digits(p, i)))
        return fail(p, i, "invalid number: a digit must follow '-'");
    i = next;
    if (i < p->len && p->s[i] == '.') {
        if (!(next = skip_digits(p, i + 1)))
            return fail(p, i + 1, "invalid number: a digit must follow '.'");
        i = next;
    }
    if (i < p->len && (p->s[i] == 'e' || p->s[i] == 'E')) {
        i++;
        if (i < p->len && (p->s[i] == '+' || p->s[i] == '-'))
            i++;
        if (!(next = skip_digits(p, i)))
            return fail(p, i, "invalid number: a digit must follow the "
                              "exponent");
        i = next;
    }
    char *text = arena_alloc(p, i - start + 1);
    if (!text)
        return out_of_memory(p);
    memcpy(text, p->s + start, i - start);
    text[i - start] = '\0';
    v->type = JSON_NUMBER;
    v->u.s = text;
    v->len = i - start;
    v->num = strtod(text, NULL);
    p->pos = i;
    return true;
}

/* The length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_length(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    size_t n = c >= 0xC2 && c <= 0xDF   ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
    if (n == 0)
        return 0;
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < n; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return n;
}

static size_t utf8_encode(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Four hex digits at s[i..end); false if they are not there. */
static bool hex4(const parser *p, size_t i, size_t end, unsigned *cp)
{
    if (end - i < 4)
        return false;
    unsigned v = 0;
    for (size_t k = i; k < i + 4; k++) {
        unsigned c = p->s[k], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            d = (c | 0x20) - 'a' + 10;
        else
            return false;
        v = v << 4 | d;
    }
    *cp = v;
    return true;
}

/* \uXXXX at *i (a surrogate pair takes two); `end` is the closing quote. */
static bool unescape_u(parser *p, size_t *i, size_t end, char *out,
                       size_t *n)
{
    unsigned cp, lo;
    if (!hex4(p, *i + 2, end, &cp))
        return fail(p, *i, "invalid \\u escape (four hex digits)");
    size_t next = *i + 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail(p, *i, "lone low surrogate");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (end - next < 6 || p->s[next] != '\\' || p->s[next + 1] != 'u' ||
            !hex4(p, next + 2, end, &lo) || lo < 0xDC00 || lo > 0xDFFF)
            return fail(p, *i, "lone high surrogate (a \\uDC00-\\uDFFF "
                               "escape must follow)");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        next += 6;
    }
    *n += utf8_encode(cp, out + *n);
    *i = next;
    return true;
}

/* The escape at *i; the scan for the closing quote guarantees a byte
 * after the backslash before `end`. */
static bool unescape(parser *p, size_t *i, size_t end, char *out, size_t *n)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    unsigned char c = p->s[*i + 1];
    if (c == 'u')
        return unescape_u(p, i, end, out, n);
    const char *hit = memchr(from, c, sizeof from - 1);
    if (!hit)
        return fail(p, *i, "invalid escape");
    out[(*n)++] = to[hit - from];
    *i += 2;
    return true;
}

/* Decode s[begin..end) (the inside of a string) into out. */
static bool decode_string(parser *p, size_t begin, size_t end, char *out,
                          size_t *n)
{
    for (size_t i = begin; i < end;) {
        unsigned char c = p->s[i];
        if (c == '\\') {
            if (!unescape(p, &i, end, out, n))
                return false;
        } else if (c < 0x20) {
            return fail(p, i, "control character in a string (escape it)");
        } else if (c < 0x80) {
            out[(*n)++] = (char)c;
            i++;
        } else {
            size_t k = utf8_length(p->s + i, end - i);
            if (!k)
                return fail(p, i, "invalid UTF-8");
            memcpy(out + *n, p->s + i, k);
            *n += k;
            i += k;
        }
    }
    return true;
}

size_t json_string_end(const char *s, size_t open, size_t len)
{
    for (size_t i = open + 1; i < len;) {
        const char *q = memchr(s + i, '"', len - i);
        if (!q)
            return len;
        size_t at = (size_t)(q - s), b = at;
        while (b > i && s[b - 1] == '\\')
            b--;
        if ((at - b) % 2 == 0)
            return at;
        i = at + 1;
    }
    return len;
}

/* The string whose opening quote is at the current position. */
static bool parse_string(parser *p, const char **s, size_t *len)
{
    size_t open = p->pos,
           end = json_string_end((const char *)p->s, open, p->len);
    if (end >= p->len)
        return fail(p, open, "unterminated string");
    char *out = arena_alloc(p, end - open);
    if (!out)
        return out_of_memory(p);
    size_t n = 0;
    if (!decode_string(p, open + 1, end, out, &n))
        return false;
    out[n] = '\0';
    *s = out;
    *len = n;
    p->pos = end + 1;
    return true;
}

/* After an item: 1 if another follows (the comma is eaten), 0 if `close`
 * ended the container, -1 on an error (`cut` when the input ends there). */
static int next_item(parser *p, int close, const char *expected,
                     const char *cut)
{
    skip_ws(p);
    int c = peek(p);
    if (c == ',' || c == close) {
        p->pos++;
        return c == ',';
    }
    fail(p, p->pos, c < 0 ? cut : expected);
    return -1;
}

/* Enter a container at the current position: its opening byte is eaten and
 * true says it is empty (closed at once). */
static bool enter(parser *p, int close, bool *empty)
{
    if (++p->depth > JSON_MAX_DEPTH)
        return fail(p, p->pos, "nested deeper than "
                    DEPTH_TEXT(JSON_MAX_DEPTH) " arrays and objects");
    p->pos++;
    skip_ws(p);
    *empty = peek(p) == close;
    p->pos += *empty;
    return true;
}

/* Move the top `n` entries of a stack into the arena, or NULL for none. */
static const void *to_arena(parser *p, const void *top, size_t n,
                            size_t size, bool *ok)
{
    *ok = true;
    if (n == 0)
        return NULL;
    void *mem = arena_alloc(p, n * size);
    if (!mem) {
        *ok = out_of_memory(p);
        return NULL;
    }
    return memcpy(mem, top, n * size);
}

static bool parse_array(parser *p, json_value *v)
{
    size_t base = p->n_vals;
    bool empty, ok;
    if (!enter(p, ']', &empty))
        return false;
    for (int more = !empty; more > 0;) {
        json_value item;
        if (!parse_value(p, &item))
            return false;
        if (!grow((void **)&p->vals, &p->cap_vals, p->n_vals + 1,
                  sizeof item))
            return out_of_memory(p);
        p->vals[p->n_vals++] = item;
        if ((more = next_item(p, ']', "expected ',' or ']'",
                                "the input ends inside an array")) < 0)
            return false;
    }
    v->type = JSON_ARRAY;
    v->len = p->n_vals - base;
    /* (no pointer arithmetic on the stack before its first push) */
    v->u.items = to_arena(p, v->len ? p->vals + base : NULL, v->len,
                          sizeof *p->vals, &ok);
    p->n_vals = base;
    p->depth--;
    return ok;
}

static bool parse_member(parser *p, json_member *m)
{
    skip_ws(p);
    if (peek(p) != '"')
        return fail(p, p->pos, "expected a string (a member name)");
    if (!parse_string(p, &m->key, &m->key_len))
        return false;
    skip_ws(p);
    if (peek(p) != ':')
        return fail(p, p->pos, "expected ':'");
    p->pos++;
    return parse_value(p, &m->value);
}

static bool parse_object(parser *p, json_value *v)
{
    size_t base = p->n_mems;
    bool empty, ok;
    if (!enter(p, '}', &empty))
        return false;
    for (int more = !empty; more > 0;) {
        json_member m;
        if (!parse_member(p, &m))
            return false;
        if (!grow((void **)&p->mems, &p->cap_mems, p->n_mems + 1, sizeof m))
            return out_of_memory(p);
        p->mems[p->n_mems++] = m;
        if ((more = next_item(p, '}', "expected ',' or '}'",
                                "the input ends inside an object")) < 0)
            return false;
    }
    v->type = JSON_OBJECT;
    v->len = p->n_mems - base;
    v->u.members = to_arena(p, v->len ? p->mems + base : NULL, v->len,
                            sizeof *p->mems, &ok);
    p->n_mems = base;
    p->depth--;
    return ok;
}

static bool parse_value(parser *p, json_value *v)
{
    memset(v, 0, sizeof *v);
    skip_ws(p);
    int c = peek(p);
    switch (c) {
    case -1:
        return fail(p, p->pos, "expected a value, found the end");
    case '{':
        return parse_object(p, v);
    case '[':
        return parse_array(p, v);
    case '"':
        v->type = JSON_STRING;
        return parse_string(p, &v->u.s, &v->len);
    case 't':
        return parse_word(p, v, "true", JSON_TRUE);
    case 'f':
        return parse_word(p, v, "false", JSON_FALSE);
    case 'n':
        return parse_word(p, v, "null", JSON_NULL);
    default:
        if (c == '-' || (c >= '0' && c <= '9'))
            return parse_number(p, v);
        return fail(p, p->pos, "expected a value");
    }
}

json_doc *json_parse(const char *s, size_t len, json_error *err)
{
    parser p = {.s = (const unsigned char *)s, .len = len};
    json_doc *d = malloc(sizeof *d);
    if (!d) {
        out_of_memory(&p);
        goto fail;
    }
    if (!parse_value(&p, &d->root))
        goto fail;
    skip_ws(&p);
    if (p.pos < len) {
        fail(&p, p.pos, "unexpected text after the value");
        goto fail;
    }
    free(p.vals);
    free(p.mems);
    d->blocks = p.blocks;
    return d;
fail:
    *err = p.err;
    free(p.vals);
    free(p.mems);
    arena_free(p.blocks);
    free(d);
    return NULL;
}

const json_value *json_doc_root(const json_doc *d)
{
    return &d->root;
}

void json_doc_free(json_doc *d)
{
    if (d) {
        arena_free(d->blocks);
        free(d);
    }
}

const json_value *json_get(const json_value *v, const char *key)
{
    if (!v || v->type != JSON_OBJECT)
        return NULL;
    size_t n = strlen(key);
    for (size_t i = v->len; i-- > 0;) {
        const json_member *m = &v->u.members[i];
        if (m->key_len == n && memcmp(m->key, key, n) == 0)
            return &m->value;
    }
    return NULL;
}
