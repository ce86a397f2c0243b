/*
 * source.h -- parsing and validating TSV gazetteer sources.
 *
 * A source is UTF-8 text, one row a line: name<TAB>label[<TAB>id
 * [<TAB>canonical[<TAB>flags]]] (docs/sources.md).  A UTF-8 byte order mark
 * and CR before LF are accepted; `#` lines and blank lines are skipped, but
 * a `#!` line sets the default flags of the rows after it.  Each valid row
 * is handed to a callback with its effective flags; the first invalid row
 * stops the parse with "NAME:LINE: reason".
 */
#ifndef GAZTAG_SOURCE_H
#define GAZTAG_SOURCE_H

#include <stddef.h>

typedef struct src_field {
    const char *s;
    size_t len; /* 0 with s == NULL: the column is absent or empty */
} src_field;

typedef struct src_row {
    src_field name, label, id, canonical;
    unsigned flags; /* GAZTAG_ENTRY_* */
    size_t line;    /* from 1 */
} src_row;

/* Returns 0 to go on; anything else stops the parse and is returned (the
 * callback writes its own message into err). */
typedef int (*src_row_fn)(void *ctx, const src_row *row, char *err,
                          size_t errlen);

/* Parse data[0..len).  Returns 0, the callback's non-zero value, or -1 for
 * an invalid row (message in err, prefixed "name:LINE: "). */
int src_parse(const char *name, const char *data, size_t len, src_row_fn fn,
              void *ctx, char *err, size_t errlen);

#endif
