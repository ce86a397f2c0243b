/*
 * accept.h -- whether an entry's flags accept the text it matched.
 *
 * Matching finds a key; entries flagged cap, case or accents then look at
 * the matched text itself: its capitalisation (cap), or its tokens keyed
 * under a stricter folding compared with the entry's strict key, kept in
 * the file (case: case kept; accents: marks kept).  A removal entry never
 * accepts: it exists for overlays.
 */
#ifndef GAZTAG_ACCEPT_H
#define GAZTAG_ACCEPT_H

#include "gazetteer.h"
#include "normalize.h"

#include <stdbool.h>
#include <stddef.h>

/* A growable byte buffer for strict keys. */
typedef struct acc_buf {
    char *s;
    size_t len, cap;
} acc_buf;

/* True if the first letter of text[0..len) is upper or title case, or no
 * letter of it is lower case. */
bool acc_capitalised(const char *text, size_t len);

/* The strict key of text[0..len) under `norm_flags` into buf (token keys
 * joined by GZF_FORM_SEP).  -1: out of memory. */
int acc_strict_key(norm_scratch *sc, unsigned norm_flags, const char *text,
                   size_t len, acc_buf *buf);

/* Why entry `index` (read into *e) refuses the matched text: 0 it does
 * not, else the flag that refuses (GAZTAG_ENTRY_REMOVE, _CAP, or _CASE /
 * _ACCENTS / both when the strict keys differ); -1 out of memory. */
int acc_refusal(const gaztag_gazetteer *g, norm_scratch *sc, acc_buf *buf,
                uint32_t index, const gaztag_entry *e, const char *text,
                size_t len);

/* Whether entry `index` (read into *e) accepts the matched text: 1 yes,
 * 0 no, -1 out of memory. */
int acc_entry(const gaztag_gazetteer *g, norm_scratch *sc, acc_buf *buf,
              uint32_t index, const gaztag_entry *e, const char *text,
              size_t len);

#endif
