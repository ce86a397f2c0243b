/*
 * rtable.h -- the rules' string-keyed tables of uint32_t values
 * (rtable.c): given names, cues, a document's names.
 */
#ifndef GAZTAG_RTABLE_H
#define GAZTAG_RTABLE_H

#include <stddef.h>
#include <stdint.h>

/* A string-keyed table of uint32_t values. */
typedef struct rt_slot {
    uint32_t tag; /* 0: empty; else rt_tag() of the key's hash */
    uint32_t off; /* key bytes in the pool */
    uint32_t len;
    uint32_t val;
} rt_slot;
/* (16 bytes: the words tables, 16,384 slots, read at run time, take 256
 * KiB, not the 384 of a slot with the whole hash) */
_Static_assert(sizeof(rt_slot) == 16, "rt_slot is four 32-bit words");

typedef struct rtable {
    rt_slot *slots;
    size_t cap, n; /* cap: 0 or a power of two */
    char *pool;
    size_t pool_len, pool_cap;
} rtable;

uint64_t rt_hash(const char *key, size_t len);
/* The slot of key, or NULL. */
const rt_slot *rt_find(const rtable *t, uint64_t h, const char *key,
                       size_t len);
/* Insert key or find it: its slot's value in *val (new keys get 0).
 * Returns -1 when memory ran out. */
int rt_put(rtable *t, uint64_t h, const char *key, size_t len,
           uint32_t **val);
/* Room for n keys in all: the table made at its size at once, not
 * doubled as keys come.  -1: out of memory. */
int rt_reserve(rtable *t, size_t n);
/* Forget every key (a table of many more slots than keys shrinks). */
void rt_clear(rtable *t);
void rt_free(rtable *t);

#endif
