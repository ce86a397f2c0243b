/*
 * intern.h -- byte strings to dense indices, for the builder.
 *
 * An interner gives each distinct byte string the index of its first
 * insertion (0, 1, 2, ...).  Keys live in one growing arena; the table is
 * open addressing over item indices with the full 64-bit hash kept, so
 * growth rehashes without touching the keys.
 */
#ifndef GAZTAG_INTERN_H
#define GAZTAG_INTERN_H

#include <stddef.h>
#include <stdint.h>

typedef struct intern_item {
    uint64_t hash;
    size_t off; /* in the arena */
    uint32_t len;
} intern_item;

typedef struct interner {
    uint32_t *table; /* item index + 1; 0 is empty */
    size_t table_cap;
    intern_item *items;
    size_t n, items_cap;
    uint8_t *arena;
    size_t arena_len, arena_cap;
} interner;

void intern_init(interner *in);
void intern_free(interner *in);

/* Index of `key`, inserted if new (*added says which).  -1: out of memory. */
int intern_put(interner *in, const void *key, size_t len, uint32_t *index,
               int *added);

/* Index of `key`, or -1 if absent. */
int64_t intern_find(const interner *in, const void *key, size_t len);

static inline const uint8_t *intern_key(const interner *in, uint32_t i,
                                        uint32_t *len)
{
    *len = in->items[i].len;
    return in->arena + in->items[i].off;
}

uint64_t intern_hash(const void *key, size_t len);

#endif
