/*
 * write_jsonl.c -- JSON strings and span arrays.
 *
 * Strings are written as UTF-8; an invalid byte sequence (text is tagged as
 * given, and may contain some) becomes \ufffd, control characters are
 * escaped, so every output line is valid JSON.
 */
#define _GNU_SOURCE /* the _unlocked stdio functions: one thread writes */
#include "cli.h"

#include <stdint.h>

#define putc putc_unlocked
#define fputs fputs_unlocked
#define fwrite fwrite_unlocked

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

/* Length of the prefix of s that needs no escaping: printable ASCII
 * other than the quote and the backslash. */
static size_t plain_prefix(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] >= 0x20 && s[i] < 0x7F && s[i] != '"' && s[i] != '\\')
        i++;
    return i;
}

void json_string(FILE *out, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t plain = plain_prefix(s, len);
    putc('"', out);
    fwrite(s, 1, plain, out);
    for (size_t i = plain; i < len;) {
        unsigned char c = s[i];
        if (c == '"' || c == '\\') {
            putc('\\', out);
            putc(c, out);
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            fprintf(out, "\\u%04x", c);
            i++;
        } else if (c < 0x80) {
            putc(c, out);
            i++;
        } else {
            size_t n = valid_seq(s + i, len - i);
            if (n) {
                fwrite(s + i, 1, n, out);
                i += n;
            } else {
                fputs("\\ufffd", out);
                i++;
            }
        }
    }
    putc('"', out);
}

static void json_cstring(FILE *out, const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    json_string(out, s, n);
}

static void entry_fields(FILE *out, const gaztag_entry *e)
{
    fputs("\"label\": ", out);
    json_cstring(out, e->label);
    if (e->id) {
        fputs(", \"id\": ", out);
        json_cstring(out, e->id);
    }
    if (e->canonical) {
        fputs(", \"canonical\": ", out);
        json_cstring(out, e->canonical);
    }
}

/* The other entries of the span's key, in source order. */
static void also_list(FILE *out, const gaztag_gazetteer *g,
                      const gaztag_span *s)
{
    fputs(", \"also\": [", out);
    for (uint32_t i = 1; i < s->n_entries; i++) {
        gaztag_entry e;
        if (gaztag_span_entry(g, s, i, &e) != GAZTAG_OK)
            break;
        fputs(i > 1 ? ", {" : "{", out);
        entry_fields(out, &e);
        putc('}', out);
    }
    putc(']', out);
}

/* `"name": N, ` without printf, which costs more than the tagging of the
 * text between two spans. */
static void json_field_number(FILE *out, const char *name, size_t v)
{
    char buf[48];
    size_t n = sizeof buf;
    buf[--n] = ' ';
    buf[--n] = ',';
    do {
        buf[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    fputs(name, out);
    fwrite(buf + n, 1, sizeof buf - n, out);
}

void json_span(FILE *out, const gaztag_gazetteer *g, const char *text,
               const gaztag_span *s, bool first)
{
    fputs(first ? "{" : ", {", out);
    json_field_number(out, "\"start\": ", s->start);
    json_field_number(out, "\"end\": ", s->end);
    json_field_number(out, "\"cstart\": ", s->cstart);
    json_field_number(out, "\"cend\": ", s->cend);
    json_field_number(out, "\"ustart\": ", s->ustart);
    json_field_number(out, "\"uend\": ", s->uend);
    fputs("\"text\": ", out);
    json_string(out, text, s->end - s->start);
    fputs(", ", out);
    entry_fields(out, &s->entry);
    if (s->n_entries > 1)
        also_list(out, g, s);
    putc('}', out);
}

void json_spans(FILE *out, const gaztag_gazetteer *g, const char *text,
                const gaztag_span *spans, size_t n)
{
    putc('[', out);
    for (size_t i = 0; i < n; i++)
        json_span(out, g, text + spans[i].start, &spans[i], i == 0);
    putc(']', out);
}
