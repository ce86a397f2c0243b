/*
 * mph.c -- cmph BDZ wrapper (see mph.h).
 *
 * Packed BDZ layout, as cmph 2.0.2 writes it (native little-endian):
 *   u32 algo (CMPH_BDZ) | u32 hash (CMPH_HASH_JENKINS) | u32 seed |
 *   u32 r | u32 ranktablesize | u32 ranktable[ranktablesize] | u8 b |
 *   u8 g[ceil(3r / 4)]
 * A search reads g at three vertices below 3r and ranktable[v >> b] for a
 * vertex v < 3r, so the checks below are exactly what keeps it in bounds.
 */
#include "mph.h"

#include "alloc.h"
#include "gazfile.h"

#include <cmph.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MPH_SEED 0x67617a74u /* "gazt" */
#define MPH_ATTEMPTS 16

typedef struct key_reader {
    const mph_keys *keys;
    uint32_t pos;
} key_reader;

static int reader_read(void *data, char **key, cmph_uint32 *keylen)
{
    key_reader *r = data;
    const mph_keys *k = r->keys;
    *key = (char *)(k->base + k->off[r->pos]);
    *keylen = k->len[r->pos];
    r->pos++;
    return (int)*keylen;
}

static void reader_dispose(void *data, char *key, cmph_uint32 keylen)
{
    (void)data; /* keys are borrowed from the builder */
    (void)key;
    (void)keylen;
}

static void reader_rewind(void *data)
{
    ((key_reader *)data)->pos = 0;
}

/* Check that hashing gave every key its own slot below n: 1 yes, 0 no,
 * -1 out of memory (not a bad function: another attempt would give other
 * bytes than the same sources do with memory to spare). */
static int slots_perfect(const uint32_t *slots, uint32_t n)
{
    uint8_t *seen = gz_calloc(n, 1);
    bool ok = true;
    if (!seen)
        return -1;
    for (uint32_t i = 0; ok && i < n; i++) {
        ok = slots[i] < n && !seen[slots[i]];
        if (ok)
            seen[slots[i]] = 1;
    }
    gz_free(seen);
    return ok;
}

static cmph_t *new_bdz(cmph_io_adapter_t *source, uint32_t attempt)
{
    cmph_config_t *cfg = cmph_config_new(source);
    if (!cfg)
        return NULL;
    cmph_config_set_algo(cfg, CMPH_BDZ);
    cmph_config_set_verbosity(cfg, 0);
    /* cmph 2.0.2 draws BDZ seeds as rand() % 15: only 15 hash functions
     * exist at one graph size, and some key sets fail with all of them.
     * Later attempts therefore grow the graph (attempt 0 keeps cmph's
     * default 1.23), which gives new graphs to try. */
    if (attempt > 0)
        cmph_config_set_graphsize(cfg, 1.23 + 0.1 * attempt);
    srand(MPH_SEED + attempt);
    cmph_t *h = cmph_new(cfg);
    cmph_config_destroy(cfg);
    return h;
}

static int pack(cmph_t *h, const mph_keys *keys, uint8_t **packed,
                size_t *size, uint32_t *slots)
{
    uint32_t n = cmph_packed_size(h);
    uint8_t *buf = gz_malloc(n);
    if (!buf)
        return -1;
    cmph_pack(h, buf);
    for (uint32_t i = 0; i < keys->n; i++)
        slots[i] = cmph_search_packed(buf, (const char *)keys->base + keys->off[i],
                                      keys->len[i]);
    int perfect = mph_check(buf, n, keys->n) < 0 ? 0
                                                 : slots_perfect(slots, keys->n);
    if (perfect <= 0) {
        gz_free(buf);
        return perfect < 0 ? -1 : -2;
    }
    *packed = buf;
    *size = n;
    return 0;
}

int mph_build(const mph_keys *keys, uint32_t *mode, uint8_t **packed,
              size_t *size, uint32_t *slots)
{
    *packed = NULL;
    *size = 0;
    if (keys->n <= GZF_LINEAR_MAX) {
        *mode = keys->n ? GZF_MPH_LINEAR : GZF_MPH_EMPTY;
        for (uint32_t i = 0; i < keys->n; i++)
            slots[i] = i;
        return 0;
    }
    *mode = GZF_MPH_BDZ;
    key_reader reader = {keys, 0};
    cmph_io_adapter_t source = {&reader, keys->n, reader_read,
                                reader_dispose, reader_rewind};
    int rc = -2;
    for (uint32_t attempt = 0; attempt < MPH_ATTEMPTS && rc == -2; attempt++) {
        cmph_t *h = new_bdz(&source, attempt);
        if (!h)
            continue;
        rc = pack(h, keys, packed, size, slots);
        cmph_destroy(h);
    }
    return rc;
}

int mph_check(const uint8_t *p, size_t size, uint32_t n)
{
    if (size < 21 || ((uintptr_t)p & 3) != 0)
        return -1;
    uint32_t r = gzf_rd32(p + 12), rts = gzf_rd32(p + 16);
    if (gzf_rd32(p) != CMPH_BDZ || gzf_rd32(p + 4) != CMPH_HASH_JENKINS)
        return -1;
    if (r == 0 || r > (UINT32_MAX / 3) || rts > (size - 21) / 4)
        return -1;
    uint8_t b = p[20 + 4 * (size_t)rts];
    uint64_t vertices = 3 * (uint64_t)r;
    uint64_t need = 21 + 4 * (uint64_t)rts + (vertices + 3) / 4;
    if (b >= 32 || need > size || ((vertices - 1) >> b) >= rts)
        return -1;
    return vertices >= n ? 0 : -1;
}

uint32_t mph_slot(const uint8_t *packed, uint32_t n, const void *key,
                  size_t len)
{
    /* cmph takes a non-const pointer but only reads the function. */
    /* NOLINTNEXTLINE(performance-no-int-to-ptr): only drops const */
    uint32_t s = cmph_search_packed((void *)(uintptr_t)packed,
                                    (const char *)key, (cmph_uint32)len);
    return s < n ? s : UINT32_MAX;
}
