/*
 * intern.c -- the builder's interner (see intern.h).
 */
#include "intern.h"

#include "alloc.h"

#include <string.h>

void intern_init(interner *in)
{
    memset(in, 0, sizeof *in);
}

void intern_free(interner *in)
{
    gz_free(in->table);
    gz_free(in->items);
    gz_free(in->arena);
    intern_init(in);
}

/* Eight bytes a step (multiply, then fold the high half down), the tail
 * zero-padded, the length mixed in; then splitmix64's avalanche. */
uint64_t intern_hash(const void *key, size_t len)
{
    const uint8_t *p = key;
    uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)len;
    for (; len >= 8; p += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 32;
    }
    if (len) {
        uint64_t w = 0;
        memcpy(&w, p, len);
        h = (h ^ w) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 32;
    }
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    return h ^ (h >> 31);
}

static size_t probe(const interner *in, uint64_t hash, const void *key,
                    size_t len)
{
    size_t mask = in->table_cap - 1;
    size_t i = (size_t)hash & mask;
    for (;;) {
        uint32_t t = in->table[i];
        if (t == 0)
            return i;
        const intern_item *it = &in->items[t - 1];
        /* (an empty key may be all there is: the arena is still NULL) */
        if (it->hash == hash && it->len == len &&
            (len == 0 || memcmp(in->arena + it->off, key, len) == 0))
            return i;
        i = (i + 1) & mask;
    }
}

static int rehash(interner *in)
{
    size_t cap = in->table_cap ? in->table_cap * 2 : 64;
    uint32_t *t = gz_calloc(cap, sizeof *t);
    if (!t)
        return -1;
    gz_free(in->table);
    in->table = t;
    in->table_cap = cap;
    for (size_t k = 0; k < in->n; k++) {
        size_t i = (size_t)in->items[k].hash & (cap - 1);
        while (t[i])
            i = (i + 1) & (cap - 1);
        t[i] = (uint32_t)k + 1;
    }
    return 0;
}

int64_t intern_find(const interner *in, const void *key, size_t len)
{
    if (!in->table_cap)
        return -1;
    size_t i = probe(in, intern_hash(key, len), key, len);
    return in->table[i] ? (int64_t)in->table[i] - 1 : -1;
}

int intern_put(interner *in, const void *key, size_t len, uint32_t *index,
               int *added)
{
    if ((in->n + 1) * 2 > in->table_cap && rehash(in) < 0)
        return -1;
    uint64_t h = intern_hash(key, len);
    size_t i = probe(in, h, key, len);
    *added = in->table[i] == 0;
    if (!*added) {
        *index = in->table[i] - 1;
        return 0;
    }
    if (in->n >= UINT32_MAX - 1 || len > UINT32_MAX ||
        gz_grow((void **)&in->items, &in->items_cap, in->n + 1,
                sizeof *in->items) < 0 ||
        gz_grow((void **)&in->arena, &in->arena_cap, in->arena_len + len, 1) < 0)
        return -1;
    if (len)
        memcpy(in->arena + in->arena_len, key, len);
    in->items[in->n] = (intern_item){h, in->arena_len, (uint32_t)len};
    in->arena_len += len;
    in->table[i] = (uint32_t)++in->n;
    *index = (uint32_t)in->n - 1;
    return 0;
}
