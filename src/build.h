/*
 * build.h -- the builder's in-memory model, shared by build.c (sources to
 * model) and serialize.c (model to file image).
 *
 * Nodes of the phrase trie are referred to by a "ref": a vocabulary id
 * (first-insertion order of token keys), or EDGE_REF | edge id for longer
 * phrases.  Entries keep source order; duplicates (same node, label, id,
 * canonical and flags) are dropped when added.  A removal row marks the
 * entries of its key added before it dead (they are not written) and is
 * kept itself, as a GAZTAG_ENTRY_REMOVE entry, for overlays.  Entries with
 * case or accents flags keep their strict key: the name's token keys under
 * the stricter folding, joined by GZF_FORM_SEP.
 */
#ifndef GAZTAG_BUILD_H
#define GAZTAG_BUILD_H

#include "gaztag.h"
#include "intern.h"
#include "normalize.h"

#include <stddef.h>
#include <stdint.h>

#define EDGE_REF 0x80000000u
#define VOCAB_HAS_CHILDREN 1u
#define VOCAB_STARTS 2u

typedef struct build_entry {
    uint32_t node;  /* node ref */
    uint32_t label; /* label index */
    uint32_t id;    /* string index, or GZF_NONE */
    uint32_t canonical;
    uint32_t flags; /* GAZTAG_ENTRY_* */
    uint32_t form;  /* string index of the strict key, or GZF_NONE */
    uint32_t dead;  /* removed by a later removal row (not in `seen`) */
} build_entry;

#define BUILD_ENTRY_KEY offsetof(build_entry, dead) /* bytes compared */

struct gaztag_builder {
    unsigned norm_flags;
    gaztag_status failed; /* sticky: a builder that failed is not compiled */
    char errmsg[512];
    norm_scratch scratch;
    interner labels;  /* label text -> label index */
    interner strings; /* ids and canonical names -> string index */
    interner vocab;   /* token key -> vocabulary id */
    interner edges;   /* (parent ref, vocabulary id) as 8 bytes -> edge id */
    interner seen;    /* build_entry as 16 bytes: duplicate detection */
    /* Per vocabulary id: bit 0 longer phrases follow, bit 1 starts a name;
     * per edge id: 1 if longer phrases follow. */
    uint8_t *vocab_children, *edge_children;
    size_t vocab_children_cap, edge_children_cap;
    build_entry *entries;
    size_t n_entries, entries_cap;
    uint32_t max_tokens;
    interner common;   /* keys of common words */
    char *keybuf;      /* name_key() output */
    size_t keybuf_cap;
    char **warnings;   /* "name:LINE: warning: ..." */
    size_t n_warnings, warnings_cap;
};

/* Serialise the model into a new file image (see docs/format.md). */
gaztag_status ser_image(gaztag_builder *b, uint8_t **out, size_t *len);

#endif
