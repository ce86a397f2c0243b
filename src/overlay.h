/*
 * overlay.h -- merging the matches of layered gazetteers.
 *
 * Each layer is tagged on its own, returning every match (GAZTAG_TAG_ALL)
 * and, as spans with no entries, the extents its removal entries hide.
 * The merge keeps, for each extent (start, end), the match of the highest
 * layer that has one, unless a removal of a higher layer hides it; then it
 * chooses the leftmost-longest matches (or keeps them all).
 */
#ifndef GAZTAG_OVERLAY_H
#define GAZTAG_OVERLAY_H

#include "gaztag.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct ovl_layer {
    const gaztag_span *spans; /* ordered by start, then end */
    size_t n;
} ovl_layer;

/* Merge n layers into *out (grown as needed; *cap its capacity), keeping
 * only spans that start before `limit`.  Without `all`, spans that start
 * before *last_end are skipped and *last_end advances past each chosen one
 * (it carries across the pieces of a stream).  Returns the number of spans,
 * or -1 when memory runs out. */
long ovl_merge(const ovl_layer *layers, size_t n, size_t limit, bool all,
               size_t *last_end, gaztag_span **out, size_t *cap);

#endif
