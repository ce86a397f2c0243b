/*
 * build.h -- the builder's in-memory model, shared by build.c (sources to
 * model) and serialize.c (model to file image).
 *
 * Nodes of the phrase trie are referred to by a "ref": a vocabulary id
 * (first-insertion order of token keys), or EDGE_REF | edge id for longer
 * phrases.  Entries keep source order; duplicates (same node, label, id and
 * canonical) are dropped when added.
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
} build_entry;

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
};

/* Serialise the model into a new file image (see docs/format.md). */
gaztag_status ser_image(gaztag_builder *b, uint8_t **out, size_t *len);

#endif
