/*
 * strmap.c -- open addressing over borrowed NUL-terminated keys (see
 * strmap.h).
 */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t str_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 0x100000001b3u;
    return (size_t)(h ^ (h >> 32));
}

static map_slot *map_slot_of(const strmap *m, const char *key)
{
    size_t i = str_hash(key) & (m->cap - 1);
    while (m->slots[i].key && strcmp(m->slots[i].key, key) != 0)
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

/* The value of `key`, or SIZE_MAX. */
size_t map_get(const strmap *m, const char *key)
{
    if (m->cap == 0)
        return SIZE_MAX;
    const map_slot *s = map_slot_of(m, key);
    return s->key ? s->value : SIZE_MAX;
}

static int map_grow(strmap *m)
{
    map_slot *old = m->slots;
    size_t old_cap = m->cap, cap = m->cap ? m->cap * 2 : 64;
    map_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    m->slots = slots;
    m->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *map_slot_of(m, old[i].key) = old[i];
    free(old);
    return 0;
}

/* Set the value of `key` (borrowed until the map is freed); -1 out of
 * memory. */
int map_set(strmap *m, const char *key, size_t value)
{
    if ((m->n + 1) * 2 > m->cap && map_grow(m) < 0)
        return -1;
    map_slot *s = map_slot_of(m, key);
    if (!s->key) {
        s->key = key;
        m->n++;
    }
    s->value = value;
    return 0;
}

