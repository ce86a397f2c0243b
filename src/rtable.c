/*
 * rtable.c -- the rules' string-keyed tables (rtable.h): open addressing
 * with linear probing, at most half full; each slot holds a 32-bit tag of
 * the key's hash, where the key's bytes are in the table's pool, and a
 * value.  A lookup compares the key's bytes, so it never answers for
 * another key.
 */
#include "rtable.h"

#include "alloc.h"
#include "intern.h"

#include <string.h>

uint64_t rt_hash(const char *key, size_t len)
{
    /* (the builder's hash; never 0: a hash of no key for the callers) */
    return intern_hash(key, len) | 1;
}

/* A slot's tag: the top half of the key's hash, with its top bit set so
 * that no tag is 0 (an empty slot).  The slot's home is tag & mask: the
 * hash's low bits are not used (rt_hash() sets bit 0, so homes there
 * would all be odd slots, every second one, and clusters twice as long),
 * and a table grows without the keys' hashes. */
static inline uint32_t rt_tag(uint64_t h)
{
    return (uint32_t)(h >> 32) | 0x80000000u;
}

const rt_slot *rt_find(const rtable *t, uint64_t h, const char *key,
                       size_t len)
{
    if (t->cap == 0)
        return NULL;
    size_t mask = t->cap - 1;
    uint32_t tag = rt_tag(h);
    for (size_t i = tag & mask;; i = (i + 1) & mask) {
        const rt_slot *s = &t->slots[i];
        if (s->tag == 0)
            return NULL;
        if (s->tag == tag && s->len == len &&
            memcmp(t->pool + s->off, key, len) == 0)
            return s;
    }
}

static int rt_rehash(rtable *t, size_t cap)
{
    rt_slot *slots = gz_calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < t->cap; i++) {
        if (t->slots[i].tag == 0)
            continue;
        size_t j = t->slots[i].tag & (cap - 1);
        while (slots[j].tag)
            j = (j + 1) & (cap - 1);
        slots[j] = t->slots[i];
    }
    gz_free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return 0;
}

int rt_reserve(rtable *t, size_t n)
{
    size_t cap = t->cap ? t->cap : 64;
    while (n * 2 > cap) { /* (at most half full, as rt_put() keeps it) */
        if (cap >= 0x80000000u)
            return -1;
        cap *= 2;
    }
    return cap > t->cap ? rt_rehash(t, cap) : 0;
}

int rt_put(rtable *t, uint64_t h, const char *key, size_t len,
           uint32_t **val)
{
    rt_slot *found = (rt_slot *)rt_find(t, h, key, len);
    if (found) {
        *val = &found->val;
        return 0;
    }
    if (rt_reserve(t, t->n + 1) < 0)
        return -1;
    if (len > UINT32_MAX || t->pool_len + len > UINT32_MAX ||
        gz_grow((void **)&t->pool, &t->pool_cap, t->pool_len + len + 1, 1) < 0)
        return -1;
    memcpy(t->pool + t->pool_len, key, len);
    uint32_t tag = rt_tag(h);
    size_t i = tag & (t->cap - 1);
    while (t->slots[i].tag)
        i = (i + 1) & (t->cap - 1);
    t->slots[i] = (rt_slot){tag, (uint32_t)t->pool_len, (uint32_t)len, 0};
    t->pool_len += len;
    t->n++;
    *val = &t->slots[i].val;
    return 0;
}

void rt_clear(rtable *t)
{
    if (t->cap > 64 && t->n * 8 <= t->cap) {
        /* far more slots than keys (a long document's names, then short
         * ones): fewer to clear each time, made again as keys come */
        gz_free(t->slots);
        t->slots = NULL;
        t->cap = 0;
    } else if (t->n) {
        memset(t->slots, 0, t->cap * sizeof *t->slots);
    }
    t->n = 0;
    t->pool_len = 0;
}

void rt_free(rtable *t)
{
    gz_free(t->slots);
    gz_free(t->pool);
    memset(t, 0, sizeof *t);
}
