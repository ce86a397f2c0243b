/*
 * source.c -- TSV rows and their validation (see source.h).
 */
#include "source.h"

#include "gaztag.h"
#include "tokenize.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_COLUMNS 5

static const char *const column_names[MAX_COLUMNS] = {
    "name", "label", "id", "canonical", "flags"};

/* The flags of a comma-separated list ("cap,accents", "none", ""), or -1
 * with the bad word in why. */
static long parse_flags(const char *s, size_t len, char *why, size_t whylen)
{
    static const struct { const char *word; unsigned flag; } words[] = {
        {"cap", GAZTAG_ENTRY_CAP}, {"case", GAZTAG_ENTRY_CASE},
        {"accents", GAZTAG_ENTRY_ACCENTS}, {"-", GAZTAG_ENTRY_REMOVE},
        {"yield", GAZTAG_ENTRY_YIELD}, {"none", 0}};
    unsigned flags = 0;
    size_t i = 0;
    while (i < len) {
        size_t j = i, k;
        while (j < len && s[j] != ',')
            j++;
        for (k = 0; k < sizeof words / sizeof words[0]; k++)
            if (strlen(words[k].word) == j - i &&
                memcmp(words[k].word, s + i, j - i) == 0)
                break;
        if (k == sizeof words / sizeof words[0]) {
            snprintf(why, whylen, "unknown flag '%.*s' (cap, case, accents, -, "
                     "yield, none)", (int)(j - i), s + i);
            return -1;
        }
        flags |= words[k].flag;
        i = j + 1;
    }
    return (long)flags;
}

/* Whether the 8 bytes of w are all printable ASCII (0x20..0x7E): no byte
 * below 0x20, none from 0x7F.  Exact as a whole: a borrow or carry only
 * leaves a byte that the same test flags. */
static inline bool printable8(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    return ((((w - ones * 0x20) & ~w) | ((w + ones) | w)) & high) == 0;
}

/* Where the first problem of a field is, as a reason, or NULL if none. */
static const char *field_problem(const char *s, size_t len)
{
    if (len > GAZTAG_MAX_FIELD_BYTES)
        return "is longer than 1024 bytes";
    const uint8_t *p = (const uint8_t *)s;
    for (size_t i = 0; i < len;) {
        uint64_t w;
        /* printable ASCII (most bytes): 8 at a time, then one */
        if (len - i >= 8 && (memcpy(&w, p + i, 8), printable8(w))) {
            i += 8;
            continue;
        }
        if (p[i] >= 0x20 && p[i] < 0x7F) {
            i++;
            continue;
        }
        int32_t cp;
        size_t n = tok_decode(p + i, len - i, &cp);
        if (cp < 0)
            return "has invalid UTF-8";
        if (cp < 0x20 || cp == 0x7F)
            return "has a control character";
        i += n;
    }
    return NULL;
}

static bool has_letter_or_digit(const char *s, size_t len)
{
    tok_stream ts;
    tok_token t;
    for (size_t i = 0; i < len && (unsigned char)s[i] < 0x80; i++)
        if (tok_byte_class[(unsigned char)s[i]] == TOK_B_WORD)
            return true; /* an ASCII letter or digit: a word token */
    tok_init(&ts, s, len);
    while (tok_next(&ts, &t))
        if (t.cls == TOK_WORD)
            return true;
    return false;
}

/* A label is an upper-case word: A-Z first, then A-Z, 0-9, '_' or '-'. */
static bool label_ok(const src_field *f)
{
    if (f->len == 0 || !(f->s[0] >= 'A' && f->s[0] <= 'Z'))
        return false;
    for (size_t i = 1; i < f->len; i++) {
        char c = f->s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-'))
            return false;
    }
    return true;
}

static int split_columns(const char *line, size_t len, src_field *cols,
                         size_t *ncols)
{
    size_t n = 0, start = 0;
    for (;;) {
        const char *tab = memchr(line + start, '\t', len - start);
        size_t end = tab ? (size_t)(tab - line) : len;
        if (n == MAX_COLUMNS)
            return -1;
        cols[n].s = line + start;
        cols[n].len = end - start;
        n++;
        if (!tab)
            break;
        start = end + 1;
    }
    *ncols = n;
    return 0;
}

static const char *row_problem(const char *line, size_t len, src_row *row,
                               char *why, size_t whylen)
{
    src_field cols[MAX_COLUMNS] = {{0}};
    size_t ncols;
    if (split_columns(line, len, cols, &ncols) < 0)
        return "too many columns (at most 5: name, label, id, canonical, flags)";
    for (size_t i = 0; i < ncols; i++) {
        const char *p = field_problem(cols[i].s, cols[i].len);
        if (p) {
            snprintf(why, whylen, "column %zu (%s) %s", i + 1,
                     column_names[i], p);
            return why;
        }
    }
    if (cols[0].len == 0)
        return "empty name";
    if (ncols < 2 || cols[1].len == 0)
        return "missing label (column 2)";
    if (!has_letter_or_digit(cols[0].s, cols[0].len))
        return "name has no letter or digit";
    if (!label_ok(&cols[1])) {
        snprintf(why, whylen, "label '%.*s' is not an upper-case word "
                 "(A-Z, 0-9, _ and -)", (int)cols[1].len, cols[1].s);
        return why;
    }
    if (cols[4].len) {
        long flags = parse_flags(cols[4].s, cols[4].len, why, whylen);
        if (flags < 0)
            return why;
        row->flags = (unsigned)flags;
    }
    row->name = cols[0];
    row->label = cols[1];
    row->id = cols[2].len ? cols[2] : (src_field){NULL, 0};
    row->canonical = cols[3].len ? cols[3] : (src_field){NULL, 0};
    return NULL;
}

/* A `#!` line: space-separated key=value settings; only `flags` exists. */
static const char *defaults_problem(const char *line, size_t len,
                                    unsigned *flags, char *why, size_t whylen)
{
    size_t i = 2;
    while (i < len) {
        while (i < len && line[i] == ' ')
            i++;
        size_t j = i;
        while (j < len && line[j] != ' ')
            j++;
        if (j == i)
            break;
        if (j - i < 6 || memcmp(line + i, "flags=", 6) != 0) {
            snprintf(why, whylen, "unknown setting '%.*s' in a #! line "
                     "(only flags=...)", (int)(j - i), line + i);
            return why;
        }
        long f = parse_flags(line + i + 6, j - i - 6, why, whylen);
        if (f < 0)
            return why;
        *flags = (unsigned)f;
        i = j;
    }
    return NULL;
}

static bool skipped(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    return i == len || line[0] == '#';
}

int src_parse(const char *name, const char *data, size_t len, src_row_fn fn,
              void *ctx, char *err, size_t errlen)
{
    size_t pos = 0, lineno = 0;
    unsigned defaults = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl != NULL);
        lineno++;
        if (n && line[n - 1] == '\r')
            n--;
        char why[160];
        const char *problem = NULL;
        if (n >= 2 && line[0] == '#' && line[1] == '!') {
            problem = defaults_problem(line, n, &defaults, why, sizeof why);
            if (problem) {
                snprintf(err, errlen, "%s:%zu: %s", name, lineno, problem);
                return -1;
            }
            continue;
        }
        if (skipped(line, n))
            continue;
        src_row row;
        row.flags = defaults;
        problem = row_problem(line, n, &row, why, sizeof why);
        if (problem) {
            snprintf(err, errlen, "%s:%zu: %s", name, lineno, problem);
            return -1;
        }
        row.line = lineno;
        int rc = fn(ctx, &row, err, errlen);
        if (rc)
            return rc;
    }
    return 0;
}
