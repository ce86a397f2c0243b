/*
 * support.c -- helpers shared by the test programs (see support.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules.h"
#include "support.h"

uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

char *support_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap + 1);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *p = realloc(buf, 2 * cap + 1);
            if (!p) {
                free(buf);
                buf = NULL;
            }
            buf = p;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

void support_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

size_t support_stream_spans(gaztag_tagger *t, const char *text, size_t len,
                            unsigned flags, size_t piece, gaztag_span *out,
                            size_t cap)
{
    size_t pos = 0, avail = 0, n_out = 0;
    for (;;) {
        avail = avail + piece < len ? avail + piece : len;
        unsigned f = flags | (avail < len ? GAZTAG_TAG_MORE : 0);
        const gaztag_span *spans;
        size_t n, used;
        assert_int_equal(gaztag_tag_stream(t, text + pos, avail - pos, f,
                                           &spans, &n, &used), GAZTAG_OK);
        assert_true(n_out + n <= cap);
        for (size_t i = 0; i < n; i++) {
            assert_true(spans[i].start < pos + used && spans[i].end <= avail);
            assert_ptr_equal(spans[i].text, text + spans[i].start);
            out[n_out++] = spans[i];
        }
        pos += used;
        if (avail == len)
            return n_out;
    }
}

void support_expect_status(const char *what, gaztag_status got,
                           const char *got_msg, gaztag_status want,
                           const char *want_msg)
{
    if (got != want || (want_msg && strcmp(got_msg, want_msg) != 0))
        fail_msg("%s: %s \"%s\", want %s \"%s\"", what, gaztag_strerror(got),
                 got_msg, gaztag_strerror(want), want_msg ? want_msg : "(any)");
}

void *support_compile_tsv(const char *tsv, size_t *len)
{
    gaztag_builder *b;
    void *image;
    assert_int_equal(gaztag_builder_new(0, &b), GAZTAG_OK);
    if (gaztag_builder_add_tsv(b, "t.tsv", tsv, strlen(tsv)) != GAZTAG_OK ||
        gaztag_builder_compile(b, &image, len) != GAZTAG_OK)
        fail_msg("cannot build: %s", gaztag_builder_errmsg(b));
    gaztag_builder_free(b);
    return image;
}

gaztag_gazetteer *support_open_tsv(const char *tsv, void **image)
{
    gaztag_gazetteer *g;
    size_t len;
    *image = support_compile_tsv(tsv, &len);
    assert_int_equal(gaztag_open_memory(*image, len, GAZTAG_OPEN_VERIFY, &g),
                     GAZTAG_OK);
    return g;
}

gaztag_tagger *support_every_capital_tagger(const gaztag_gazetteer *g,
                                            const gaztag_rules *r)
{
    gaztag_tagger *t;
    assert_int_equal(gaztag_tagger_new(g, &t), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_set_rules(t, r), GAZTAG_OK);
    tagger_rules_every_capital(t, true);
    return t;
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Span i of a and of b, or fail the test saying where. */
static void same_span(const char *what, const char *text, size_t i,
                      const gaztag_span *x, const gaztag_span *y)
{
    bool same = x->start == y->start && x->end == y->end &&
                x->cstart == y->cstart && x->cend == y->cend &&
                x->ustart == y->ustart && x->uend == y->uend &&
                x->origin == y->origin && x->n_entries == y->n_entries &&
                same_str(x->entry.label, y->entry.label) &&
                same_str(x->entry.id, y->entry.id) &&
                same_str(x->entry.canonical, y->entry.canonical) &&
                same_str(x->rule, y->rule);
    if (!same)
        fail_msg("%s: span %zu differs: '%.*s' [%zu, %zu) %s against "
                 "'%.*s' [%zu, %zu) %s",
                 what, i, (int)(x->end - x->start), text + x->start, x->start,
                 x->end, x->rule ? x->rule : "-", (int)(y->end - y->start),
                 text + y->start, y->start, y->end, y->rule ? y->rule : "-");
}

void support_same_spans(const char *what, gaztag_tagger *a, gaztag_tagger *b,
                        const char *text, size_t len, size_t piece)
{
    const gaztag_span *sa, *sb;
    size_t na, nb;
    assert_int_equal(gaztag_tag_text(a, text, len, 0, &sa, &na), GAZTAG_OK);
    gaztag_span *copy = malloc((na ? na : 1) * sizeof *copy);
    assert_non_null(copy);
    memcpy(copy, sa, na * sizeof *copy);
    assert_int_equal(gaztag_tag_text(b, text, len, 0, &sb, &nb), GAZTAG_OK);
    for (size_t i = 0; i < na && i < nb; i++)
        same_span(what, text, i, &copy[i], &sb[i]);
    if (na != nb)
        fail_msg("%s: %zu spans against %zu", what, na, nb);
    if (piece > 0) {
        size_t cap = 4 * na + 64;
        gaztag_span *pa = malloc(cap * sizeof *pa), *pb = malloc(cap * sizeof *pb);
        assert_true(pa && pb);
        size_t ma = support_stream_spans(a, text, len, 0, piece, pa, cap);
        size_t mb = support_stream_spans(b, text, len, 0, piece, pb, cap);
        for (size_t i = 0; i < ma && i < mb; i++)
            same_span(what, text, i, &pa[i], &pb[i]);
        if (ma != mb)
            fail_msg("%s, streamed: %zu spans against %zu", what, ma, mb);
        free(pa);
        free(pb);
    }
    free(copy);
}
