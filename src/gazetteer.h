/*
 * gazetteer.h -- a compiled gazetteer, mapped and validated, and its lookups.
 *
 * Opening checks the header, the section table and every section's bounds
 * and size against the counts, and the packed hash functions' layout; the
 * rest (string references, entry ranges) is checked on each use, so a
 * damaged file gives GAZTAG_CORRUPT from the tagger, never a stray read.
 */
#ifndef GAZTAG_GAZETTEER_H
#define GAZTAG_GAZETTEER_H

#include "gaztag.h"
#include "gazfile.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gzt_node {
    uint32_t id;          /* stable node id (what edge keys refer to) */
    uint32_t entry_first; /* unchecked: see gzt_entry() */
    uint32_t count_flags;
} gzt_node;

struct gaztag_gazetteer {
    const uint8_t *base;
    size_t size;
    bool mapped;      /* munmap on close */
    gaztag_status status;
    char errmsg[256];
    gaztag_info info;
    const uint8_t *pool, *labels, *entries;
    const uint8_t *vocab_mph, *vocab, *edge_mph, *edges;
    const uint8_t *filter, *start_filter, *edge_filter, *pair_filter;
    const uint8_t *forms;
    size_t pool_size, n_forms;
    uint32_t vocab_mode, edge_mode;
    /* the filters' gzf_filter_words() */
    uint64_t filter_words, start_words, edge_words, pair_words;
};

/* 0: a key whose gzf_key_hash is h starts no name; 1: it may; 2: it may
 * also be a whole name by itself. */
static inline int gzt_start_test(const gaztag_gazetteer *g, uint64_t h)
{
    return gzf_start_test(g->start_filter, g->start_words, h);
}

/* May keys with hashes h1, h2 be the first two tokens of a longer name? */
static inline bool gzt_pair_filter(const gaztag_gazetteer *g, uint64_t h1,
                                   uint64_t h2)
{
    return gzf_filter_test(g->pair_filter, g->pair_words, gzf_pair_hash(h1, h2));
}

/* May a key whose gzf_key_hash is h start a name? */
static inline bool gzt_start_filter(const gaztag_gazetteer *g, uint64_t h)
{
    return gzf_filter_test(g->start_filter, g->start_words, h);
}

/* May a key whose gzf_key_hash is h be in the vocabulary? */
static inline bool gzt_filter(const gaztag_gazetteer *g, uint64_t h)
{
    return gzf_filter_test(g->filter, g->filter_words, h);
}

/* The vocabulary node of a token key; false if the key is not in the file. */
bool gzt_vocab_find(const gaztag_gazetteer *g, const char *key, size_t len,
                    gzt_node *out);

/* The node reached from `parent` by vocabulary slot `token`, if any. */
bool gzt_edge_find(const gaztag_gazetteer *g, const gzt_node *parent,
                   uint32_t token, gzt_node *out);

/* Entry `index` (label, id, canonical), checked against the file's bounds. */
gaztag_status gzt_entry(const gaztag_gazetteer *g, uint32_t index,
                        gaztag_entry *out);

/* The strict key of entry `index` (flagged case or accents): its bytes and
 * length; false if it has none or the file is damaged. */
bool gzt_entry_form(const gaztag_gazetteer *g, uint32_t index, const char **s,
                    size_t *len);

#endif
