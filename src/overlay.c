/*
 * overlay.c -- layered matches into one list (see overlay.h).
 */
#include "overlay.h"

#include "alloc.h"

#include <stdlib.h>

/* A candidate: which layer, which of its spans. */
typedef struct cand {
    size_t start, end;
    size_t layer, index;
} cand;

/* By start, then longest first, then highest layer first. */
static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    if (x->layer != y->layer)
        return x->layer > y->layer ? -1 : 1;
    return 0;
}

static cand *collect(const ovl_layer *layers, size_t n, size_t limit,
                     size_t *count)
{
    size_t total = 0, k = 0;
    for (size_t l = 0; l < n; l++)
        total += layers[l].n;
    cand *c = gz_malloc((total ? total : 1) * sizeof *c);
    if (!c)
        return NULL;
    for (size_t l = 0; l < n; l++)
        for (size_t i = 0; i < layers[l].n; i++)
            if (layers[l].spans[i].start < limit)
                c[k++] = (cand){layers[l].spans[i].start,
                                layers[l].spans[i].end, l, i};
    qsort(c, k, sizeof *c, cand_cmp);
    *count = k;
    return c;
}

static int push(gaztag_span **out, size_t *cap, size_t n, const gaztag_span *s)
{
    if (gz_grow((void **)out, cap, n + 1, sizeof **out) < 0)
        return -1;
    (*out)[n] = *s;
    return 0;
}

/* Leftmost-longest order puts the longest first at each start; `all` wants
 * start, then end: reverse each run of equal starts. */
static void shortest_first(gaztag_span *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j].start == s[i].start)
            j++;
        for (size_t a = i, b = j - 1; a < b; a++, b--) {
            gaztag_span t = s[a];
            s[a] = s[b];
            s[b] = t;
        }
        i = j;
    }
}

long ovl_merge(const ovl_layer *layers, size_t n, size_t limit, bool all,
               size_t *last_end, gaztag_span **out, size_t *cap)
{
    size_t count, m = 0;
    cand *c = collect(layers, n, limit, &count);
    if (!c)
        return -1;
    for (size_t i = 0; i < count; i++) {
        /* The first of an extent is its highest layer: it decides. */
        if (i > 0 && c[i].start == c[i - 1].start && c[i].end == c[i - 1].end)
            continue;
        const gaztag_span *s = &layers[c[i].layer].spans[c[i].index];
        if (s->n_entries == 0 || (!all && s->start < *last_end))
            continue; /* a removal, or inside a chosen match */
        if (push(out, cap, m++, s) < 0) {
            gz_free(c);
            return -1;
        }
        if (!all)
            *last_end = s->end;
    }
    gz_free(c);
    if (all)
        shortest_first(*out, m);
    return (long)m;
}
