/*
 * write_jsonl.c -- JSON strings and span objects.
 *
 * Strings are written as UTF-8; an invalid byte sequence (text is tagged as
 * given, and may contain some) becomes \ufffd, control characters are
 * escaped, so every output line is valid JSON.  Output is formatted into
 * the writer's buffer and handed to stdio a whole buffer at a time: stdio
 * calls per field, or even per span, cost more than tagging the text
 * between two spans.
 */
#define _GNU_SOURCE /* fwrite_unlocked: one thread writes */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define JSON_OUT_BUF (1u << 16)

/* The "label" member of the last entry written, as JSON, when its label
 * is short and plain: the labels of a run are few, and most spans repeat
 * the last one. */
#define JW_LABEL 32
#define JW_MEMBER "\"label\": \""
#define JW_MEMBER_LEN (sizeof JW_MEMBER - 1)

struct json_out {
    FILE *out;
    size_t n;
    size_t member_len; /* 0: no label kept */
    char member[JW_MEMBER_LEN + JW_LABEL + 1]; /* "label": "LABEL" */
    char buf[JSON_OUT_BUF];
};
typedef json_out jw;

json_out *json_out_new(FILE *stream)
{
    json_out *w = malloc(sizeof *w);
    if (w) {
        w->out = stream;
        w->n = 0;
        w->member_len = 0;
        memcpy(w->member, JW_MEMBER, JW_MEMBER_LEN);
    }
    return w;
}

void json_out_free(json_out *w)
{
    free(w);
}

static void jw_flush(jw *w)
{
    fwrite_unlocked(w->buf, 1, w->n, w->out);
    w->n = 0;
}

void json_out_retarget(json_out *w, FILE *stream)
{
    jw_flush(w);
    w->out = stream;
}

int json_out_flush(json_out *w)
{
    jw_flush(w);
    return fflush(w->out) == 0 && !ferror(w->out) ? 0 : -1;
}

static void jw_put(jw *w, const void *p, size_t len)
{
    if (len > sizeof w->buf - w->n) {
        jw_flush(w);
        if (len > sizeof w->buf) {
            fwrite_unlocked(p, 1, len, w->out);
            return;
        }
    }
    memcpy(w->buf + w->n, p, len);
    w->n += len;
}

static void jw_lit(jw *w, const char *s)
{
    jw_put(w, s, strlen(s));
}

/* A string literal, its length known at compile time. */
#define JW_LIT(w, s) jw_put((w), "" s, sizeof(s) - 1)

void json_lit(json_out *w, const char *s)
{
    jw_lit(w, s);
}

/* Length of the valid UTF-8 sequence at s (len >= 1), or 0 if invalid. */
static size_t valid_seq(const unsigned char *s, size_t len)
{
    unsigned char b = s[0];
    size_t n = b < 0xC2 ? 0 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : b < 0xF5 ? 4 : 0;
    if (n == 0 || n > len)
        return 0;
    unsigned char c = s[1];
    if ((b == 0xE0 && c < 0xA0) || (b == 0xED && c > 0x9F) ||
        (b == 0xF0 && c < 0x90) || (b == 0xF4 && c > 0x8F))
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* Whether none of the 8 bytes of v needs escaping or checking: no control
 * byte, quote, backslash, DEL or non-ASCII byte.  Each test is exact as a
 * whole: a borrow or carry crosses into the next byte only from a byte
 * that the same test already flags. */
static inline bool plain8(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t quote = v ^ (ones * '"'), backslash = v ^ (ones * '\\');
    uint64_t flags = ((v - ones * 0x20) & ~v) |            /* < 0x20 */
                     ((quote - ones) & ~quote) |            /* '"' */
                     ((backslash - ones) & ~backslash) |    /* '\\' */
                     ((v + ones) | v);                      /* >= 0x7F */
    return (flags & high) == 0;
}

/* The length of the prefix of s that is printable ASCII other than the
 * quote and the backslash: 8 bytes at a time, then byte by byte. */
static size_t ascii_plain(const unsigned char *s, size_t len)
{
    size_t i = 0;
    for (; len - i >= 8; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        if (!plain8(v))
            break;
    }
    while (i < len && s[i] >= 0x20 && s[i] < 0x7F && s[i] != '"' && s[i] != '\\')
        i++;
    return i;
}

/* The length of the run at s that needs no escaping: printable ASCII other
 * than the quote and the backslash, and valid UTF-8 sequences. */
static size_t plain_run(const unsigned char *s, size_t len)
{
    size_t i = 0;
    for (;;) {
        i += ascii_plain(s + i, len - i);
        size_t n = i < len && s[i] >= 0x80 ? valid_seq(s + i, len - i) : 0;
        if (n == 0)
            return i;
        i += n;
    }
}

/* Strings up to this long that need no escaping (most names and labels)
 * are written with one check and one copy. */
#define JW_SHORT 256

static void jw_string(jw *w, const char *str, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    if (len <= JW_SHORT && ascii_plain(s, len) == len) {
        if (sizeof w->buf - w->n < len + 2)
            jw_flush(w);
        char *o = w->buf + w->n;
        o[0] = '"';
        memcpy(o + 1, s, len);
        o[len + 1] = '"';
        w->n += len + 2;
        return;
    }
    jw_put(w, "\"", 1);
    for (size_t i = 0; i < len;) {
        size_t plain = plain_run(s + i, len - i);
        jw_put(w, s + i, plain);
        i += plain;
        if (i == len)
            break;
        unsigned char c = s[i++];
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            jw_put(w, esc, 2);
        } else if (c < 0x20 || c == 0x7F) {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            jw_put(w, esc, 6);
        } else {
            jw_lit(w, "\\ufffd"); /* a byte of an invalid sequence */
        }
    }
    jw_put(w, "\"", 1);
}

void json_string(json_out *w, const char *s, size_t len)
{
    jw_string(w, s, len);
}

/* Whether the NUL-terminated label is the one kept (compared up to its
 * terminator, never further). */
static bool kept_label(const jw *w, const char *label)
{
    if (w->member_len == 0)
        return false;
    const char *kept = w->member + JW_MEMBER_LEN;
    size_t len = w->member_len - JW_MEMBER_LEN - 1, i = 0;
    while (i < len && label[i] == kept[i])
        i++;
    return i == len && label[i] == '\0';
}

/* The "label" member; a short label needing no escaping is kept, as its
 * member, for the next entries. */
static void jw_label(jw *w, const char *label)
{
    if (!kept_label(w, label)) {
        size_t len = strlen(label);
        if (len == 0 || len > JW_LABEL ||
            ascii_plain((const unsigned char *)label, len) != len) {
            JW_LIT(w, "\"label\": ");
            jw_string(w, label, len);
            return;
        }
        memcpy(w->member + JW_MEMBER_LEN, label, len);
        w->member[JW_MEMBER_LEN + len] = '"';
        w->member_len = JW_MEMBER_LEN + len + 1;
    }
    jw_put(w, w->member, w->member_len);
}

static void jw_entry(jw *w, const gaztag_entry *e)
{
    jw_label(w, e->label);
    if (e->id) {
        JW_LIT(w, ", \"id\": ");
        jw_string(w, e->id, strlen(e->id));
    }
    if (e->canonical) {
        JW_LIT(w, ", \"canonical\": ");
        jw_string(w, e->canonical, strlen(e->canonical));
    }
}

/* The other entries of the span's key, in source order. */
static void jw_also(jw *w, const gaztag_gazetteer *g, const gaztag_span *s)
{
    jw_lit(w, ", \"also\": [");
    for (uint32_t i = 1; i < s->n_entries; i++) {
        gaztag_entry e;
        if (gaztag_span_entry(g, s, i, &e) != GAZTAG_OK)
            break;
        jw_lit(w, i > 1 ? ", {" : "{");
        jw_entry(w, &e);
        jw_put(w, "}", 1);
    }
    jw_put(w, "]", 1);
}

/* The eight decimal digits of v < 10^8 (leading zeros included) as byte
 * values 0-9, the first digit in the lowest byte: v is split into two
 * groups of four digits, each into two of two, each into two digits, with
 * the groups side by side in one 64-bit word (no product crosses its lane:
 * 9999 x 10486 < 2^32, 99 x 103 < 2^16), about 20 instructions instead of
 * a division per pair of digits. */
static inline uint64_t digits8(uint32_t v)
{
    uint64_t x = (uint64_t)(v / 10000) | (uint64_t)(v % 10000) << 32;
    uint64_t q = ((x * 10486) >> 20) & UINT64_C(0x0000007F0000007F); /* /100 */
    x = q | (x - q * 100) << 16;
    q = ((x * 103) >> 10) & UINT64_C(0x000F000F000F000F); /* /10 */
    return q | (x - q * 10) << 8;
}

/* The n <= 8 last digits of d (from digits8()) written at o as ASCII; 8
 * bytes are stored, those past the n digits are scratch. */
static inline char *put_digits(char *o, uint64_t d, unsigned n)
{
    d = (d + UINT64_C(0x3030303030303030)) >> (8 * (8 - n) & 63);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(o, &d, 8);
#else
    for (unsigned k = 0; k < 8; k++)
        o[k] = (char)(d >> (8 * k));
#endif
    return o + n;
}

/* The decimal digits of v written at o; returns the end.  Up to 24 bytes
 * are stored: those past the digits are scratch. */
static char *put_num(char *o, size_t v)
{
    uint32_t group[3]; /* of 8 digits, the lowest first (10^24 > 2^64) */
    unsigned n = 0;
    do {
        group[n++] = (uint32_t)(v % 100000000);
        v /= 100000000;
    } while (v);
    uint64_t d = digits8(group[--n]);
    /* (the leading zeros are the low zero bytes) */
    o = put_digits(o, d, d ? 8 - (unsigned)__builtin_ctzll(d) / 8 : 1);
    while (n > 0)
        o = put_digits(o, digits8(group[--n]), 8);
    return o;
}

void json_uint(json_out *w, size_t v)
{
    char digits[24];
    jw_put(w, digits, (size_t)(put_num(digits, v) - digits));
}

/* The same number again: the n digits at src (earlier in the buffer). */
static char *put_again(char *o, const char *src, size_t n)
{
    char tmp[24];
    memcpy(tmp, src, sizeof tmp);
    memcpy(o, tmp, sizeof tmp);
    return o + n;
}

#define PUT_LIT(o, s) (memcpy((o), (s), sizeof(s) - 1), (o) + sizeof(s) - 1)

/* The six offsets, written straight into the buffer (at most 6 x 20
 * digits, 80 bytes of names and 24 of scratch).  An offset equal to the
 * one written before it is copied, not formatted: on ASCII text the code
 * point offsets equal the byte offsets, and without supplementary
 * characters the UTF-16 offsets equal the code point offsets. */
static void jw_offsets(jw *w, const gaztag_span *s, bool first)
{
    if (sizeof w->buf - w->n < 256)
        jw_flush(w);
    char *o = w->buf + w->n, *start, *end;
    size_t start_len, end_len;
    o = first ? PUT_LIT(o, "{\"start\": ") : PUT_LIT(o, ", {\"start\": ");
    start = o;
    o = put_num(o, s->start);
    start_len = (size_t)(o - start);
    o = PUT_LIT(o, ", \"end\": ");
    end = o;
    o = put_num(o, s->end);
    end_len = (size_t)(o - end);
    o = PUT_LIT(o, ", \"cstart\": ");
    if (s->cstart != s->start) { /* the code point offsets' own digits */
        start = o;
        o = put_num(o, s->cstart);
        start_len = (size_t)(o - start);
    } else {
        o = put_again(o, start, start_len);
    }
    o = PUT_LIT(o, ", \"cend\": ");
    if (s->cend != s->end) {
        end = o;
        o = put_num(o, s->cend);
        end_len = (size_t)(o - end);
    } else {
        o = put_again(o, end, end_len);
    }
    /* (UTF-16 offsets differ from code points only after a supplementary
     * character: the last digits written are copied) */
    o = PUT_LIT(o, ", \"ustart\": ");
    o = s->ustart == s->cstart ? put_again(o, start, start_len) : put_num(o, s->ustart);
    o = PUT_LIT(o, ", \"uend\": ");
    o = s->uend == s->cend ? put_again(o, end, end_len) : put_num(o, s->uend);
    o = PUT_LIT(o, ", \"text\": ");
    w->n = (size_t)(o - w->buf);
}

const char *cli_span_source(const gaztag_span *s)
{
    switch (s->origin) {
    case GAZTAG_FROM_GAZETTEER: return "gazetteer";
    case GAZTAG_FROM_RULE: return "rule";
    case GAZTAG_FROM_DOCUMENT: return "document";
    default: return "unknown"; /* a newer library's kind of span */
    }
}

/* The span's source, and the rule that inferred it. */
static void jw_source(jw *w, const gaztag_span *s)
{
    switch (s->origin) { /* (cli_span_source's words, without strlen) */
    case GAZTAG_FROM_GAZETTEER: JW_LIT(w, ", \"source\": \"gazetteer\""); break;
    case GAZTAG_FROM_RULE: JW_LIT(w, ", \"source\": \"rule\""); break;
    case GAZTAG_FROM_DOCUMENT: JW_LIT(w, ", \"source\": \"document\""); break;
    default:
        JW_LIT(w, ", \"source\": \"");
        jw_lit(w, cli_span_source(s));
        jw_put(w, "\"", 1);
    }
    if (s->rule) {
        jw_lit(w, ", \"rule\": ");
        jw_string(w, s->rule, strlen(s->rule));
    }
}

void json_span(json_out *w, const gaztag_gazetteer *g, const gaztag_span *s,
               bool first)
{
    jw_offsets(w, s, first);
    jw_string(w, s->text, s->end - s->start);
    JW_LIT(w, ", ");
    jw_entry(w, &s->entry);
    jw_source(w, s);
    if (s->n_entries > 1)
        jw_also(w, g, s);
    jw_put(w, "}", 1);
}

void json_spans(json_out *w, const gaztag_gazetteer *g,
                const gaztag_span *spans, size_t n)
{
    jw_put(w, "[", 1);
    for (size_t i = 0; i < n; i++)
        json_span(w, g, &spans[i], i == 0);
    jw_put(w, "]", 1);
}
