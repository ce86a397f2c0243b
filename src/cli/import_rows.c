/*
 * import_rows.c -- the rows of gaztag import: cleaning, checking,
 * deduplication and ordered output (see import.h).
 *
 * Every row is written, cleaned, into one text buffer as soon as it comes
 * (its note line, then the TSV line); a record says where it is and how it
 * sorts.  A row that turns out to be refused or a duplicate is taken back
 * by truncating the buffer to where it began.  Duplicates are found with an
 * open-addressing set of record indices keyed by the row's bytes, so the
 * first occurrence is kept.  At the end the records are sorted by (group,
 * arrival) and their text written.
 *
 * A row written must compile: the cheap checks (UTF-8, control characters,
 * field sizes, a leading '#') are made here; whether the name has a letter
 * or digit and at most 32 tokens is asked of a scratch builder, through the
 * public API, unless the name is short and has an ASCII letter or digit
 * (then it is certain), so the verdict is the compiler's own.
 */
#define _POSIX_C_SOURCE 200809L
#include "import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define CHECKER_ROWS 4096 /* rows per scratch builder: bounds its memory */
#define SHOWN_NAME 60     /* bytes of a name quoted in a warning */

typedef struct record {
    uint64_t group;
    size_t seq;      /* arrival: ties keep the input order */
    size_t off, len; /* in text: note lines, then the row */
    size_t row;      /* offset of the row in that text (len: none) */
} record;

struct import_ctx {
    const char *flags;
    bool failed, out_of_memory;
    char *text;
    size_t text_len, text_cap;
    record *recs;
    size_t n_recs, cap_recs;
    size_t *slots; /* record index + 1; 0: empty.  Power of 2 of them. */
    size_t n_slots;
    gaztag_builder *checker;
    size_t checked;
    char *probe; /* "NAME\tX\n" for the checker */
    size_t probe_cap;
};

import_ctx *import_ctx_new(const char *flags)
{
    import_ctx *x = calloc(1, sizeof *x);
    if (x)
        x->flags = flags;
    return x;
}

void import_ctx_free(import_ctx *x)
{
    if (!x)
        return;
    free(x->text);
    free(x->recs);
    free(x->slots);
    free(x->probe);
    gaztag_builder_free(x->checker);
    free(x);
}

bool import_grow(void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *a = n > SIZE_MAX / size ? NULL : realloc(*arr, n * size);
    if (!a)
        return false;
    *arr = a;
    *cap = n;
    return true;
}

int import_out_of_memory(import_ctx *x)
{
    if (!x->out_of_memory)
        cli_error("out of memory");
    x->out_of_memory = x->failed = true;
    return -1;
}

static void report(const char *file, size_t line, const char *what,
                   const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static void report(const char *file, size_t line, const char *what,
                   const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    cli_error("%s:%zu: %s%s", file, line, what, msg);
}

void import_malformed(import_ctx *x, const char *file, size_t line,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(file, line, "", fmt, ap);
    va_end(ap);
    x->failed = true;
}

void import_warning(const char *file, size_t line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(file, line, "warning: ", fmt, ap);
    va_end(ap);
}

bool import_label_ok(const char *s, size_t len)
{
    if (len == 0 || !(s[0] >= 'A' && s[0] <= 'Z'))
        return false;
    for (size_t i = 1; i < len; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '_' || s[i] == '-'))
            return false;
    return true;
}

/* No overlong forms, no surrogates, nothing above U+10FFFF. */
bool import_utf8_ok(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
        unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        size_t n = c < 0x80                 ? 1
                   : c >= 0xC2 && c <= 0xDF ? 2
                   : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4
                                            : 0;
        if (n == 0 || len - i < n || (n > 1 && (s[i + 1] < lo ||
                                                s[i + 1] > hi)))
            return false;
        for (size_t k = 2; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        i += n;
    }
    return true;
}

/* Append s cleaned: a control character (C0, DEL, C1) becomes a space, as
 * TSV cannot hold a tab or a newline in a field and compile refuses the
 * others; spaces at both ends go.  Room was reserved.  The new length. */
static size_t put_field(import_ctx *x, const char *s, size_t len)
{
    size_t start = x->text_len;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            c = ' ';
        else if (c == 0xC2 && i + 1 < len &&
                 (unsigned char)s[i + 1] >= 0x80 &&
                 (unsigned char)s[i + 1] <= 0x9F) {
            c = ' ';
            i++;
        }
        if (c != ' ' || x->text_len > start)
            x->text[x->text_len++] = (char)c;
    }
    while (x->text_len > start && x->text[x->text_len - 1] == ' ')
        x->text_len--;
    return x->text_len - start;
}

static void put(import_ctx *x, const char *s, size_t len)
{
    memcpy(x->text + x->text_len, s, len);
    x->text_len += len;
}

/* The compiler's objection to a name (already cleaned), copied into why,
 * or NULL if it would take it. */
static const char *ask_compiler(import_ctx *x, const char *name, size_t len,
                                char *why, size_t whylen)
{
    if (x->checker && x->checked >= CHECKER_ROWS) {
        gaztag_builder_free(x->checker);
        x->checker = NULL;
    }
    if (!x->checker && gaztag_builder_new(0, &x->checker) != GAZTAG_OK)
        return NULL; /* out of memory: the caller finds out soon enough */
    if (!import_grow((void **)&x->probe, &x->probe_cap, len + 3, 1))
        return NULL;
    memcpy(x->probe, name, len);
    memcpy(x->probe + len, "\tX\n", 3);
    x->checked++;
    if (gaztag_builder_add_tsv(x->checker, "", x->probe, len + 3) ==
        GAZTAG_OK)
        return NULL;
    /* The message is ":1: reason"; the builder refuses further work. */
    const char *msg = gaztag_builder_errmsg(x->checker);
    const char *reason = strncmp(msg, ":1: ", 4) == 0 ? msg + 4 : msg;
    snprintf(why, whylen, "%s", reason);
    gaztag_builder_free(x->checker);
    x->checker = NULL;
    return why;
}

static bool has_ascii_alnum(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((s[i] >= '0' && s[i] <= '9') || ((s[i] | 0x20) >= 'a' &&
                                             (s[i] | 0x20) <= 'z'))
            return true;
    return false;
}

/* Why compile would refuse a row whose cleaned fields have these lengths
 * (lens[0]: the name, at `name`), or NULL. */
static const char *row_problem(import_ctx *x, const char *name,
                               const size_t lens[4], char *why,
                               size_t whylen)
{
    static const char *const cols[] = {"1 (name)", "2 (label)", "3 (id)",
                                       "4 (canonical)"};
    for (size_t i = 0; i < 4; i++)
        if (lens[i] > GAZTAG_MAX_FIELD_BYTES) {
            snprintf(why, whylen, "column %s is longer than %d bytes",
                     cols[i], GAZTAG_MAX_FIELD_BYTES);
            return why;
        }
    if (lens[0] == 0)
        return "empty name";
    if (name[0] == '#')
        return "the name starts with '#' (a comment line in TSV)";
    /* Each token is at least a byte: a short name with an ASCII letter or
     * digit always compiles. */
    if (lens[0] <= GAZTAG_MAX_PHRASE_TOKENS && has_ascii_alnum(name, lens[0]))
        return NULL;
    return ask_compiler(x, name, lens[0], why, whylen);
}

/* Quote at most SHOWN_NAME bytes of a name, cut at a character. */
static int shown_length(const char *s, size_t len)
{
    if (len <= SHOWN_NAME)
        return (int)len;
    size_t n = SHOWN_NAME;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
    return h;
}

static const char *row_text(const import_ctx *x, const record *r,
                            size_t *len)
{
    *len = r->len - r->row;
    return x->text + r->off + r->row;
}

/* The slot of the row equal to r's, or of the empty slot where it goes. */
static size_t *find_slot(import_ctx *x, const record *r)
{
    size_t len, other_len;
    const char *row = row_text(x, r, &len);
    size_t mask = x->n_slots - 1, i = hash_bytes(row, len) & mask;
    for (;; i = (i + 1) & mask) {
        if (!x->slots[i])
            return &x->slots[i];
        const char *other = row_text(x, &x->recs[x->slots[i] - 1],
                                     &other_len);
        if (other_len == len && memcmp(other, row, len) == 0)
            return &x->slots[i];
    }
}

/* Double the set (kept at most half full, so probes stay short). */
static bool rehash(import_ctx *x)
{
    size_t n = x->n_slots ? x->n_slots * 2 : 1024;
    size_t *old = x->slots, old_n = x->n_slots;
    if (!(x->slots = calloc(n, sizeof *x->slots))) {
        x->slots = old;
        return false;
    }
    x->n_slots = n;
    for (size_t i = 0; i < old_n; i++)
        if (old[i])
            *find_slot(x, &x->recs[old[i] - 1]) = old[i];
    free(old);
    return true;
}

/* Keep the record at x->recs[x->n_recs] unless its row is already there:
 * 1 kept, 0 duplicate, -1 out of memory. */
static int keep_record(import_ctx *x)
{
    record *r = &x->recs[x->n_recs];
    if (r->row < r->len) {
        if ((x->n_recs + 1) * 2 > x->n_slots && !rehash(x))
            return -1;
        size_t *slot = find_slot(x, r);
        if (*slot)
            return 0;
        *slot = x->n_recs + 1;
    }
    x->n_recs++;
    return 1;
}

/* Open a record at the end of the text with room for `need` more bytes. */
static int begin_record(import_ctx *x, uint64_t group, size_t need)
{
    if (!import_grow((void **)&x->recs, &x->cap_recs, x->n_recs + 1,
              sizeof *x->recs) ||
        need > SIZE_MAX - x->text_len ||
        !import_grow((void **)&x->text, &x->text_cap, x->text_len + need, 1))
        return import_out_of_memory(x);
    x->recs[x->n_recs] = (record){group, x->n_recs, x->text_len, 0, 0};
    return 0;
}

/* Close the open record: kept, or taken back as a duplicate. */
static int end_record(import_ctx *x)
{
    record *r = &x->recs[x->n_recs];
    r->len = x->text_len - r->off;
    int kept = keep_record(x);
    if (kept < 0)
        return import_out_of_memory(x);
    if (kept == 0)
        x->text_len = r->off;
    return 0;
}

static void put_note(import_ctx *x, const char *s, size_t len)
{
    put(x, "# ", 2);
    put_field(x, s, len);
    put(x, "\n", 1);
}

int import_comment(import_ctx *x, uint64_t group, const char *text,
                   size_t len)
{
    if (x->out_of_memory || begin_record(x, group, len + 3) < 0)
        return -1;
    put_note(x, text, len);
    x->recs[x->n_recs].row = x->text_len - x->recs[x->n_recs].off;
    return end_record(x);
}

/* Write the row's line; the cleaned lengths of its first four fields go to
 * lens.  Empty columns at the end are left out. */
static void put_row(import_ctx *x, const import_row *r, size_t lens[4])
{
    lens[0] = put_field(x, r->name, r->name_len);
    put(x, "\t", 1);
    lens[1] = strlen(r->label);
    put(x, r->label, lens[1]);
    put(x, "\t", 1);
    lens[2] = put_field(x, r->id, r->id_len);
    put(x, "\t", 1);
    lens[3] = put_field(x, r->canonical, r->canonical_len);
    put(x, "\t", 1);
    if (x->flags)
        put(x, x->flags, strlen(x->flags));
    while (x->text[x->text_len - 1] == '\t')
        x->text_len--;
    put(x, "\n", 1);
}

static bool fields_utf8(import_ctx *x, const char *file, size_t line,
                        const import_row *r)
{
    const char *bad = !import_utf8_ok(r->name, r->name_len)       ? "name"
                      : !import_utf8_ok(r->id, r->id_len)         ? "id"
                      : !import_utf8_ok(r->canonical, r->canonical_len) ? "canonical name"
                      : !import_utf8_ok(r->note, r->note_len)     ? "note"
                                                           : NULL;
    if (bad)
        import_malformed(x, file, line, "invalid UTF-8 in the %s", bad);
    return bad == NULL;
}

int import_add(import_ctx *x, const char *file, size_t line, uint64_t group,
               const import_row *r)
{
    if (x->out_of_memory)
        return -1;
    if (!fields_utf8(x, file, line, r))
        return 1;
    size_t need = r->note_len + 3 + r->name_len + strlen(r->label) +
                  r->id_len + r->canonical_len +
                  (x->flags ? strlen(x->flags) : 0) + 5;
    if (begin_record(x, group, need) < 0)
        return -1;
    record *rec = &x->recs[x->n_recs];
    if (r->note)
        put_note(x, r->note, r->note_len);
    rec->row = x->text_len - rec->off;
    size_t lens[4];
    put_row(x, r, lens);
    const char *name = x->text + rec->off + rec->row;
    char why[256];
    const char *problem = row_problem(x, name, lens, why, sizeof why);
    if (!problem)
        return end_record(x);
    import_warning(file, line, "'%.*s%s' left out: %s",
                   shown_length(name, lens[0]), name,
                   lens[0] > SHOWN_NAME ? "..." : "", problem);
    x->text_len = rec->off;
    return 0;
}

static int by_group(const void *a, const void *b)
{
    const record *p = a, *q = b;
    if (p->group != q->group)
        return p->group < q->group ? -1 : 1;
    return p->seq < q->seq ? -1 : p->seq > q->seq;
}

int import_finish(import_ctx *x, FILE *out)
{
    if (x->out_of_memory)
        return 1;
    if (x->n_recs > 1)
        qsort(x->recs, x->n_recs, sizeof *x->recs, by_group);
    for (size_t i = 0; i < x->n_recs; i++)
        fwrite(x->text + x->recs[i].off, 1, x->recs[i].len, out);
    if (fflush(out) != 0 || ferror(out)) {
        cli_error("standard output: %s", strerror(errno));
        return 1;
    }
    return x->failed ? 1 : 0;
}

int import_open(import_ctx *x, import_lines *r, const char *path,
                const char *from, size_t line)
{
    *r = (import_lines){fopen(path, "rb"), path, NULL, 0, 0};
    if (r->f)
        return 0;
    if (from)
        import_malformed(x, from, line, "%s: %s", path, strerror(errno));
    else
        cli_error("%s: %s", path, strerror(errno));
    x->failed = true;
    return -1;
}

bool import_next(import_lines *r, char **s, size_t *len)
{
    ssize_t n = getline(&r->buf, &r->cap, r->f);
    if (n < 0)
        return false;
    size_t k = (size_t)n;
    if (k && r->buf[k - 1] == '\n')
        k--;
    if (k && r->buf[k - 1] == '\r')
        k--;
    *s = r->buf;
    if (r->line++ == 0 && k >= 3 && memcmp(*s, "\xEF\xBB\xBF", 3) == 0) {
        *s += 3;
        k -= 3;
    }
    *len = k;
    return true;
}

void import_close(import_ctx *x, import_lines *r)
{
    if (ferror(r->f)) {
        cli_error("%s: %s", r->path, strerror(errno));
        x->failed = true;
    }
    fclose(r->f);
    free(r->buf);
    r->buf = NULL;
}

size_t import_split(char *s, size_t len, char sep, import_field *f,
                    size_t max)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != sep)
            continue;
        if (n == max)
            return max + 1;
        f[n++] = (import_field){s + start, i - start};
        start = i + 1;
    }
    return n;
}
