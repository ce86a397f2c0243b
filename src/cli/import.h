/*
 * import.h -- gaztag import: other gazetteer formats to TSV sources.
 *
 * A format reader (import_geonames.c, import_spacy.c, import_gate.c) reads
 * its files line by line and hands rows to an import_ctx, which cleans
 * their fields, leaves out the rows that `gaztag compile` would refuse
 * (with a warning), drops duplicates and, at the end, writes the rows in
 * order: by group (the GeoNames id; 0 for the other formats), then in the
 * order they came.  A malformed input line is reported as FILE:LINE: reason
 * and skipped; it makes the command exit with status 1 at the end.
 */
#ifndef GAZTAG_IMPORT_H
#define GAZTAG_IMPORT_H

#include "cli.h"

#include <stdint.h>

/* Options of all formats, validated by cmd_import.c. */
typedef struct import_opts {
    uint64_t min_population;
    char feature_classes[16];    /* letters to keep ("PA"); "": all */
    const char *langs;           /* comma-separated language codes */
    const char *alternate;       /* alternateNamesV2.txt or NULL */
    const char *label;
    char separator; /* GATE features */
} import_opts;

typedef struct import_ctx import_ctx;

/* A row to write.  Fields are (pointer, length) and may hold anything: the
 * context validates and cleans them.  `note` (NULL: none) is written as a
 * `#` comment line just before the row. */
typedef struct import_row {
    const char *name;
    size_t name_len;
    const char *label; /* NUL-terminated, already a valid label */
    const char *id;
    size_t id_len;
    const char *canonical;
    size_t canonical_len;
    const char *note;
    size_t note_len;
} import_row;

/* `flags` (NULL: none) is the fifth column of every row.  NULL: out of
 * memory. */
import_ctx *import_ctx_new(const char *flags);
void import_ctx_free(import_ctx *x);

/* Add a row read at FILE:LINE, in sort group `group`.  Returns 0 when the
 * row is taken: written, a duplicate, or one compile would refuse, left out
 * with a warning; 1 when a field has invalid UTF-8 (the line is reported as
 * malformed); -1 when memory ran out (reported; give up). */
int import_add(import_ctx *x, const char *file, size_t line, uint64_t group,
               const import_row *r);

/* A `#` comment line written in place (cleaned like a field). */
int import_comment(import_ctx *x, uint64_t group, const char *text,
                   size_t len);

/* "gaztag: FILE:LINE: reason" for a malformed line (the exit status becomes
 * 1), and "gaztag: FILE:LINE: warning: reason" (it does not). */
void import_malformed(import_ctx *x, const char *file, size_t line,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void import_warning(const char *file, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Memory ran out: "gaztag: out of memory" (once), status 1, nothing is
 * written.  Returns -1. */
int import_out_of_memory(import_ctx *x);

/* Write the rows to `out`; the exit status: 0, or 1 if anything failed. */
int import_finish(import_ctx *x, FILE *out);

/* A label: [A-Z][A-Z0-9_-]* (as compile wants it). */
bool import_label_ok(const char *s, size_t len);

/* Well-formed UTF-8 (RFC 3629). */
bool import_utf8_ok(const char *s, size_t len);

/* Lines of a file, without their LF or CR LF (and the UTF-8 BOM of the
 * first). */
typedef struct import_lines {
    FILE *f;
    const char *path;
    char *buf;
    size_t cap;
    size_t line; /* number of the last line read, from 1 */
} import_lines;

/* Open `path`, named on the command line (from == NULL) or at FROM:LINE;
 * -1 if it cannot be, reported as "gaztag: [FROM:LINE: ]PATH: reason". */
int import_open(import_ctx *x, import_lines *r, const char *path,
                const char *from, size_t line);
/* The next line in (*s, *len), valid until the next call; false at the
 * end. */
bool import_next(import_lines *r, char **s, size_t *len);
/* Close; a read error is reported and fails the import. */
void import_close(import_ctx *x, import_lines *r);

/* Split s[0..len) at `sep` into at most `max` fields; returns the number of
 * fields there are (max + 1 when there are more). */
typedef struct import_field {
    char *s;
    size_t len;
} import_field;
size_t import_split(char *s, size_t len, char sep, import_field *f,
                    size_t max);

/* The formats: each reads its files into x (failures are recorded in x;
 * out of memory stops them early). */
void import_geonames(import_ctx *x, const import_opts *o, char **files,
                     int n);
void import_spacy(import_ctx *x, const import_opts *o, char **files, int n);
void import_gate(import_ctx *x, const import_opts *o, char **files, int n);

/* Grow *arr to hold at least `need` items of `size` bytes (doubling);
 * false when memory runs out (*arr is then unchanged). */
bool import_grow(void **arr, size_t *cap, size_t need, size_t size);

#endif
