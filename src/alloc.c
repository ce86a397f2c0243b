/*
 * alloc.c -- growth of arrays, and the advice for large blocks (alloc.h).
 */
#define _DEFAULT_SOURCE /* madvise(), MADV_HUGEPAGE */
#include "alloc.h"

#include <stdint.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void gz_advise_large(void *p, size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    /* The whole pages of the block, to the end of its allocation: a block
     * that malloc() mapped of its own is then advised as one mapping,
     * which realloc() can still move with mremap() (advice on part of a
     * mapping splits it, and mremap() fails across the pieces). */
    const uintptr_t page = 4096;
#if defined(__GLIBC__)
    size_t usable = malloc_usable_size(p);
    if (usable > n)
        n = usable;
#endif
    size_t head = (size_t)((uintptr_t)p & (page - 1));
    size_t len = (head + n + page - 1) & ~(size_t)(page - 1);
    (void)madvise((char *)p - head, len, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

void *gz_huge(size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const size_t page = (size_t)2 << 20;
    if (n >= GZ_HUGE && n <= SIZE_MAX - page) {
        if (!GZ_PERMIT())
            return NULL;
        size_t len = (n + page - 1) / page * page;
        void *p = aligned_alloc(page, len);
        if (!p)
            return NULL;
        (void)madvise(p, len, MADV_HUGEPAGE);
        memset(p, 0, n);
        return p;
    }
#endif
    return gz_calloc(1, n);
}

int gz_grow(void **buf, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size)
            return -1;
        n *= 2;
    }
    void *p = gz_realloc(*buf, n * size);
    if (!p)
        return -1;
    *buf = p;
    *cap = n;
    return 0;
}
