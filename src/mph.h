/*
 * mph.h -- minimal perfect hashes over byte keys, stored packed.
 *
 * Sets of more than GZF_LINEAR_MAX keys are hashed with cmph's BDZ and stored
 * as cmph_pack() writes them; smaller sets (cmph loops or fails on some of
 * them) store nothing and are scanned.  The reader checks the packed layout
 * before cmph ever sees it, since cmph trusts its buffer blindly: after
 * mph_check() every cmph_search_packed() on the section stays in bounds,
 * and mph_slot() range-checks what it returns.  A slot is only a candidate:
 * the caller compares the key stored at the slot.
 */
#ifndef GAZTAG_MPH_H
#define GAZTAG_MPH_H

#include <stddef.h>
#include <stdint.h>

typedef struct mph_keys {
    const uint8_t *base;  /* keys are base[off[i] .. off[i] + len[i]) */
    const size_t *off;
    const uint32_t *len;
    uint32_t n;
} mph_keys;

/* Build a hash for `keys` (all distinct).  *mode is an enum gzf_mph_mode;
 * *packed (NULL for the scanned modes) is owned by the caller, *size bytes;
 * slots[i] receives key i's slot.  Deterministic: cmph's rand() is seeded
 * before each attempt.  Returns 0, -1 for out of memory, -2 if cmph failed. */
int mph_build(const mph_keys *keys, uint32_t *mode, uint8_t **packed,
              size_t *size, uint32_t *slots);

/* Validate a stored BDZ function for n keys: 0 if safe to search. */
int mph_check(const uint8_t *packed, size_t size, uint32_t n);

/* The candidate slot of a key in a checked BDZ function, or UINT32_MAX. */
uint32_t mph_slot(const uint8_t *packed, uint32_t n, const void *key,
                  size_t len);

#endif
