/*
 * strmap.h -- a small string-keyed map for the CLI's lint (gaztag check).
 */
#ifndef GAZTAG_CLI_STRMAP_H
#define GAZTAG_CLI_STRMAP_H

#include <stddef.h>

/* Open addressing over borrowed NUL-terminated keys; a power-of-two
 * capacity at most half full. */
typedef struct map_slot {
    const char *key;
    size_t value;
} map_slot;

typedef struct strmap {
    map_slot *slots;
    size_t cap, n;
} strmap;

/* The value of `key`, or SIZE_MAX. */
size_t map_get(const strmap *m, const char *key);

/* Set the value of `key` (borrowed until the map is freed); -1 out of
 * memory. */
int map_set(strmap *m, const char *key, size_t value);

#endif
