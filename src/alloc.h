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

/* A block of GZ_LARGE bytes or more is advised to the kernel for
 * transparent huge pages (Linux; the builder's tables and image): its
 * memory is then faulted in 2 MiB at a time instead of 4 KiB.  On the
 * 2-core VM a page fault costs microseconds, and compiling 1,000,000 names
 * took 92,000 of them; advised, ~39,000 (2.6-2.8 s instead of 3.2-3.3 s,
 * with the CLI's mmap threshold of 4 MiB).  `gaztag compile` goes further
 * and advises its whole heap, cmph's blocks included (src/cli/main.c).
 * Only advice: the kernel may ignore it, and nothing else changes. */
#define GZ_LARGE ((size_t)4 << 20)
void gz_advise_large(void *p, size_t n);

static inline void *gz_large(void *p, size_t n)
{
    if (p && n >= GZ_LARGE)
        gz_advise_large(p, n);
    return p;
}

static inline void *gz_malloc(size_t n)
{
    return GZ_PERMIT() ? gz_large(malloc(n ? n : 1), n) : NULL;
}

static inline void *gz_calloc(size_t count, size_t size)
{
    /* (count * size does not overflow when calloc succeeds) */
    return GZ_PERMIT() ? gz_large(calloc(count ? count : 1, size ? size : 1),
                                  count * size)
                       : NULL;
}

static inline void *gz_realloc(void *p, size_t n)
{
    return GZ_PERMIT() ? gz_large(realloc(p, n ? n : 1), n) : NULL;
}

static inline void gz_free(void *p)
{
    free(p);
}

/* A zeroed block of n bytes read at random by every token (the tagger's
 * copy of the start filter and its trigger table), in its own 2 MiB
 * pages, advised for transparent huge pages, when n is GZ_HUGE or more
 * (else gz_calloc()).  A worker thread's blocks come from its own malloc
 * arena, which nothing advises (src/cli/main.c advises the main heap).
 * Freed with gz_free().  Only advice: the kernel may ignore it. */
#define GZ_HUGE ((size_t)256 << 10)
void *gz_huge(size_t n);

/* Grow *buf (of *cap elements of `size` bytes) to hold at least `need`
 * elements, doubling.  Returns 0, or -1 with *buf untouched. */
int gz_grow(void **buf, size_t *cap, size_t need, size_t size);

#endif
