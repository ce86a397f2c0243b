/*
 * alloc.h -- the one allocation hook of the library.
 *
 * Every allocation of libgaztag goes through these wrappers (cmph's and
 * utf8proc's own are outside our reach).  Built with GAZTAG_ALLOC_TESTING,
 * they call a test-supplied function that may refuse, so that tests can make
 * every allocation fail in turn.
 */
#ifndef GAZTAG_ALLOC_H
#define GAZTAG_ALLOC_H

#include <stddef.h>
#include <stdlib.h>

#ifdef GAZTAG_ALLOC_TESTING
/* Defined by the test program: return false to make the next allocation fail. */
extern int gz_alloc_test_permit(void);
#define GZ_PERMIT() gz_alloc_test_permit()
#else
#define GZ_PERMIT() 1
#endif

static inline void *gz_malloc(size_t n)
{
    return GZ_PERMIT() ? malloc(n ? n : 1) : NULL;
}

static inline void *gz_calloc(size_t count, size_t size)
{
    return GZ_PERMIT() ? calloc(count ? count : 1, size ? size : 1) : NULL;
}

static inline void *gz_realloc(void *p, size_t n)
{
    return GZ_PERMIT() ? realloc(p, n ? n : 1) : NULL;
}

static inline void gz_free(void *p)
{
    free(p);
}

/* Grow *buf (of *cap elements of `size` bytes) to hold at least `need`
 * elements, doubling.  Returns 0, or -1 with *buf untouched. */
int gz_grow(void **buf, size_t *cap, size_t need, size_t size);

#endif
