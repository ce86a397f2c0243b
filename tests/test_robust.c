/*
 * test_robust.c -- every small corruption of a compiled gazetteer, tried.
 *
 * One image, compiled from a source with several labels, multi-token names,
 * the cap, case and accents flags and a removal (so both hashes are BDZ and
 * the FORMS section and HAS_FLAGGED nodes are read), is damaged in every
 * way a disk or a transfer can damage it at small scale:
 *
 *   - every single-bit flip of the header and section table (352 bytes,
 *     2,816 files), as they come (the header checksum refuses them) and
 *     with the header checksum fixed up (the validation itself decides);
 *   - every truncation, 0 .. size - 1 bytes;
 *   - 20,000 files with 1 to 8 bytes of the body changed at random
 *     offsets (a seeded generator: the same files every run).
 *
 * Each file lives in a malloc'd buffer of exactly its length, so that
 * AddressSanitizer sees any read past it.  It is either refused by
 * gaztag_open_memory (with a message, and the same refusal with
 * GAZTAG_OPEN_VERIFY), or it opens and the whole public API is run over
 * it: tagging a fixed text longest and all, whole and streamed, alone and
 * (one file in 32) layered over and under the clean image; looking up
 * names and reading their entries and verdicts; walking every key.
 * Statuses may only be OK or CORRUPT; every string handed out must be
 * readable.  With VERIFY every body corruption is refused: the body
 * checksum covers every byte after the table.  Last, one damage no random
 * change finds: edges that made walking the keys exponential.  A watchdog
 * alarm turns a hang into a failure.
 */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "gazfile.h"
#include "support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TABLE_END (GZF_HEADER_SIZE + GZF_SECTION_SIZE * GZF_SEC_COUNT)
#define N_RANDOM 20000
#define LAYERED_EVERY 32
#define WATCHDOG_SECONDS 600

/* Several labels, multi-token names, every flag, a removal (Lyon PLACE). */
static const char source_tsv[] =
    "# name\tlabel\tid\tcanonical\tflags\n"
    "Paris\tPLACE\tQ90\tParis\n"
    "Paris\tPERSON\tQ663094\tParis Hilton\tcase\n"
    "New York\tPLACE\tQ60\tNew York City\n"
    "New York Times\tOUTLET\tQ9684\tThe New York Times\n"
    "Washington\tPLACE\tQ61\tWashington, D.C.\n"
    "Washington Post\tOUTLET\tQ166032\tThe Washington Post\n"
    "Nice\tPLACE\tQ33959\t\tcap\n"
    "US\tPLACE\tQ30\tUnited States\tcase\n"
    "B\xC3\xA9nin\tPLACE\tQ962\t\taccents\n"
    "C\xC3\xB4te d'Ivoire\tPLACE\tQ1008\n"
    "Rio de Janeiro\tPLACE\tQ8678\n"
    "Union africaine\tORG\tQ7159\tAfrican Union\n"
    "Orange\tORG\tQ1431486\t\tcap,case\n"
    "Orange\tPLACE\tQ193833\n"
    "Lyon\tPLACE\tQ456\n"
    "Lyon\tORG\tQ704\tOlympique lyonnais\n"
    "Lyon\tPLACE\t\t\t-\n"
    "Saint-\xC3\x89tienne\tPLACE\tQ42716\n"
    "AT&T\tORG\tQ35476\n"
    "Hong Kong\tPLACE\tQ8646\n"
    "Buenos Aires\tPLACE\tQ1486\n"
    "Dmitri Peskov\tPERSON\tper:peskov\tDmitry Peskov\n"
    "Peskov\tPERSON\tper:peskov\tDmitry Peskov\n"
    "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0\tPLACE\tQ649\tMoscow\n";

/* Every name, in cases and accents that some flags refuse. */
static const char text[] =
    "Paris, PARIS and paris; the New York Times in New York. The Washington "
    "Post of Washington . Post. Nice weather in nice NICE; US troops, us, Us. "
    "B\xC3\xA9nin, not Benin or B\xC3\x89NIN. C\xC3\xB4te d\xE2\x80\x99Ivoire, "
    "Rio de Janeiro, l\xE2\x80\x99Union africaine, Orange and orange, ORANGE. "
    "Lyon; Saint-\xC3\x89tienne; AT&T; Hong Kong; Buenos Aires \xFF Dmitri "
    "Peskov, Peskov. \xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90 Kiev";

/* Names looked up, members or not. */
static const char *const names[] = {
    "Paris", "paris", "New York", "New York Times", "Washington Post",
    "Nice", "US", "B\xC3\xA9nin", "Benin", "C\xC3\xB4te d'Ivoire",
    "Rio de Janeiro", "Union africaine", "Orange", "Lyon",
    "Saint-\xC3\x89tienne", "AT&T", "Hong Kong", "Buenos Aires",
    "Dmitri Peskov", "Peskov", "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
    "New", "York Times", "Rio de", "Kiev", ""};
#define N_NAMES (sizeof names / sizeof names[0])

/* ------------------------------------------------------------- helpers */

typedef struct image {
    uint8_t *data;
    size_t len;
} image;

static image compile_source(void)
{
    image im;
    im.data = support_compile_tsv(source_tsv, &im.len);
    return im;
}

static uint8_t *copy_of(const image *im, size_t len)
{
    uint8_t *p = malloc(len ? len : 1);
    assert_non_null(p);
    memcpy(p, im->data, len);
    return p;
}

/* Whether byte `off` of the image is in the section of `kind`, or in its
 * section table entry. */
static bool in_section(const image *im, uint32_t kind, size_t off)
{
    size_t entry = GZF_HEADER_SIZE + GZF_SECTION_SIZE * (size_t)(kind - 1);
    const uint8_t *e = im->data + entry;
    uint64_t start = gzf_rd64(e + 8), size = gzf_rd64(e + 16);
    assert_int_equal(gzf_rd32(e), kind);
    return (off >= entry && off < entry + GZF_SECTION_SIZE) ||
           (off >= start && off - start < size);
}

static bool in_start_filters(const image *im, size_t off)
{
    return in_section(im, GZF_SEC_START_FILTER, off) ||
           in_section(im, GZF_SEC_PAIR_FILTER, off);
}

static bool is_ok_or_corrupt(gaztag_status st)
{
    return st == GAZTAG_OK || st == GAZTAG_CORRUPT;
}

/* Read a string to its end (ASan checks every byte); NULL is fine. */
static size_t touch(const char *s)
{
    return s ? strlen(s) : 0;
}

static void touch_entry(const gaztag_entry *e)
{
    assert_non_null(e->label);
    assert_true(touch(e->label) + touch(e->id) + touch(e->canonical) <
                1u << 24);
    assert_int_equal(e->flags & ~(GAZTAG_ENTRY_CAP | GAZTAG_ENTRY_CASE |
                                  GAZTAG_ENTRY_ACCENTS | GAZTAG_ENTRY_REMOVE |
                                  GAZTAG_ENTRY_YIELD), 0);
}

/* A span as compared between whole and streamed tagging. */
typedef struct span_key {
    size_t start, end, cstart, cend, ustart, uend;
    uint32_t first_entry, n_entries;
} span_key;

#define MAX_SPANS 256

typedef struct span_list {
    span_key s[MAX_SPANS];
    size_t n;
} span_list;

/* Check the spans of one call against the text and read every entry. */
static void check_spans(const gaztag_gazetteer *g, const gaztag_span *s,
                        size_t n, size_t text_len, span_list *out)
{
    for (size_t i = 0; i < n; i++) {
        assert_true(s[i].start < s[i].end && s[i].end <= text_len);
        assert_true(s[i].cstart <= s[i].start && s[i].cend <= s[i].end);
        assert_ptr_equal(s[i].text, text + s[i].start);
        assert_true(s[i].n_entries >= 1);
        for (uint32_t k = 0; k < s[i].n_entries; k++) {
            gaztag_entry e;
            gaztag_status st = gaztag_span_entry(g, &s[i], k, &e);
            assert_true(is_ok_or_corrupt(st));
            if (st == GAZTAG_OK)
                touch_entry(&e);
        }
        touch_entry(&s[i].entry);
        assert_true(out->n < MAX_SPANS);
        out->s[out->n++] = (span_key){s[i].start, s[i].end, s[i].cstart,
                                      s[i].cend, s[i].ustart, s[i].uend,
                                      s[i].first_entry, s[i].n_entries};
    }
}

static gaztag_status tag_whole(gaztag_tagger *t, const gaztag_gazetteer *g,
                               unsigned flags, span_list *out)
{
    const gaztag_span *s;
    size_t n;
    out->n = 0;
    gaztag_status st = gaztag_tag_text(t, text, sizeof text - 1, flags, &s, &n);
    assert_true(is_ok_or_corrupt(st));
    if (st == GAZTAG_OK)
        check_spans(g, s, n, sizeof text - 1, out);
    return st;
}

/* The text in pieces of `piece` bytes through gaztag_tag_stream. */
static gaztag_status tag_streamed(gaztag_tagger *t, const gaztag_gazetteer *g,
                                  unsigned flags, size_t piece, span_list *out)
{
    size_t len = sizeof text - 1, pos = 0, avail = 0;
    out->n = 0;
    for (;;) {
        const gaztag_span *s;
        size_t n, used;
        avail = avail + piece < len ? avail + piece : len;
        unsigned f = flags | (avail < len ? GAZTAG_TAG_MORE : 0);
        gaztag_status st = gaztag_tag_stream(t, text + pos, avail - pos, f, &s,
                                             &n, &used);
        assert_true(is_ok_or_corrupt(st));
        if (st != GAZTAG_OK)
            return st;
        assert_true(used <= avail - pos);
        for (size_t i = 0; i < n; i++)
            assert_true(s[i].start < pos + used || avail == len);
        check_spans(g, s, n, len, out);
        pos += used;
        if (avail == len)
            return GAZTAG_OK;
    }
}

static bool same_spans(const span_list *a, const span_list *b)
{
    return a->n == b->n &&
           (a->n == 0 || memcmp(a->s, b->s, a->n * sizeof a->s[0]) == 0);
}

typedef struct tally {
    size_t tried, refused, opened, tagged, tag_corrupt, verify_refused;
    size_t keys_walked, walk_corrupt;
    /* Damage to the start or pair filter hides matches (and so may let
     * through others they overlapped), and which ones can depend on where
     * the pieces of a stream end: the fast scan settles a starter with the
     * token after it, or at the end of a piece with a lookup.  Only then
     * may streamed spans differ from the whole text's. */
    bool filters_damaged;
    size_t stream_differs;
    gaztag_status plain; /* the last file's status without VERIFY */
} tally;

/* Longest and all, whole and streamed: the same spans either way. */
static void exercise_tagger(const gaztag_gazetteer *g, gaztag_tagger *t,
                            tally *ty, bool count)
{
    static span_list whole, streamed;
    static const unsigned modes[2] = {0, GAZTAG_TAG_ALL};
    bool all_ok = true;
    for (int m = 0; m < 2; m++) {
        gaztag_status st = tag_whole(t, g, modes[m], &whole);
        all_ok = all_ok && st == GAZTAG_OK;
        gaztag_status st2 = tag_streamed(t, g, modes[m], 16, &streamed);
        if (st == GAZTAG_OK && st2 == GAZTAG_OK &&
            !same_spans(&whole, &streamed)) {
            if (!ty->filters_damaged)
                fail_msg("streamed spans differ from the whole text's "
                         "(mode %u)", modes[m]);
            ty->stream_differs += count;
        }
        /* Once the stream failed the tagger starts afresh: still usable. */
        if (st2 != GAZTAG_OK)
            assert_int_equal(tag_whole(t, g, modes[m], &streamed), st);
    }
    if (count) {
        ty->tagged += all_ok;
        ty->tag_corrupt += !all_ok;
    }
}

typedef struct walk_ctx {
    const gaztag_gazetteer *g;
    size_t keys;
    unsigned sum;
} walk_ctx;

static int on_key(void *ctx, const char *key, size_t len, uint32_t first,
                  uint32_t count)
{
    walk_ctx *w = ctx;
    for (size_t i = 0; i < len; i++)
        w->sum += (unsigned char)key[i];
    assert_true(count >= 1);
    for (uint32_t k = 0; k < count; k++) {
        gaztag_entry e;
        gaztag_status st = gaztag_entry_at(w->g, first + k, &e);
        assert_true(is_ok_or_corrupt(st));
        if (st == GAZTAG_OK)
            touch_entry(&e);
    }
    w->keys++;
    return 0;
}

static void exercise_lookups(const gaztag_gazetteer *g, tally *ty)
{
    for (size_t i = 0; i < N_NAMES; i++) {
        uint32_t first, count;
        gaztag_status st = gaztag_lookup(g, names[i], strlen(names[i]), &first,
                                         &count);
        assert_true(is_ok_or_corrupt(st));
        for (uint32_t k = 0; st == GAZTAG_OK && k < count; k++) {
            gaztag_entry e;
            gaztag_status es = gaztag_entry_at(g, first + k, &e);
            assert_true(is_ok_or_corrupt(es));
            if (es == GAZTAG_OK)
                touch_entry(&e);
            int why = gaztag_entry_refusal(g, first + k, names[i],
                                           strlen(names[i]));
            assert_true(why >= -1 && why <= 0xF);
        }
    }
    walk_ctx w = {g, 0, 0};
    gaztag_status st = gaztag_foreach_key(g, on_key, &w);
    assert_true(is_ok_or_corrupt(st));
    ty->keys_walked += w.keys;
    ty->walk_corrupt += st == GAZTAG_CORRUPT;
}

/* As an overlay over the clean image, and under it. */
static void exercise_layered(const gaztag_gazetteer *g,
                             const gaztag_gazetteer *clean, tally *ty)
{
    gaztag_tagger *t;
    const gaztag_gazetteer *over[2] = {clean, g}, *under[2] = {g, clean};
    assert_int_equal(gaztag_tagger_new_layered(over, 2, &t), GAZTAG_OK);
    exercise_tagger(g, t, ty, false);
    gaztag_tagger_free(t);
    assert_int_equal(gaztag_tagger_new_layered(under, 2, &t), GAZTAG_OK);
    exercise_tagger(clean, t, ty, false);
    gaztag_tagger_free(t);
}

/* Everything the API offers over an opened, possibly damaged, gazetteer. */
static void exercise(const gaztag_gazetteer *g, const gaztag_gazetteer *clean,
                     tally *ty)
{
    /* Layered taggers cost four taggers' setup: one file in LAYERED_EVERY. */
    bool layered = ty->opened % LAYERED_EVERY == 1;
    gaztag_info in;
    gaztag_tagger *t;
    gaztag_get_info(g, &in);
    assert_true(in.max_phrase_tokens <= GAZTAG_MAX_PHRASE_TOKENS);
    assert_int_equal(gaztag_tagger_new(g, &t), GAZTAG_OK);
    exercise_tagger(g, t, ty, true);
    gaztag_tagger_free(t);
    if (layered)
        exercise_layered(g, clean, ty);
    exercise_lookups(g, ty);
}

/* Open a damaged copy: refused (with a message, and the same refusal with
 * VERIFY) or exercised.  Returns the status with VERIFY. */
static gaztag_status try_file(const uint8_t *p, size_t len,
                              const gaztag_gazetteer *clean, tally *ty)
{
    gaztag_gazetteer *g;
    char msg[256];
    ty->tried++;
    gaztag_status st = gaztag_open_memory(p, len, 0, &g);
    assert_non_null(g);
    ty->plain = st;
    snprintf(msg, sizeof msg, "%s", gaztag_errmsg(g));
    if (st == GAZTAG_OK) {
        ty->opened++;
        assert_string_equal(msg, "");
        exercise(g, clean, ty);
    } else {
        ty->refused++;
        assert_true(st == GAZTAG_FORMAT || st == GAZTAG_VERSION ||
                    st == GAZTAG_CORRUPT);
        assert_true(msg[0] != '\0');
    }
    gaztag_close(g);
    gaztag_status sv = gaztag_open_memory(p, len, GAZTAG_OPEN_VERIFY, &g);
    assert_non_null(g);
    if (st != GAZTAG_OK) {
        assert_int_equal(sv, st);
        assert_string_equal(gaztag_errmsg(g), msg);
    }
    ty->verify_refused += sv != GAZTAG_OK;
    gaztag_close(g);
    return sv;
}

static void print_tally(const char *what, const tally *ty, double seconds)
{
    printf("%s: %zu files, %zu refused, %zu opened (%zu tagged, %zu with "
           "GAZTAG_CORRUPT, %zu streamed differently), %zu refused with "
           "VERIFY; %zu keys walked, %zu walks CORRUPT; %.2f s\n", what,
           ty->tried, ty->refused, ty->opened, ty->tagged, ty->tag_corrupt,
           ty->stream_differs, ty->verify_refused, ty->keys_walked,
           ty->walk_corrupt, seconds);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct fixture {
    image im;
    gaztag_gazetteer *clean;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    fx->im = compile_source();
    if (gaztag_open_memory(fx->im.data, fx->im.len, GAZTAG_OPEN_VERIFY,
                           &fx->clean) != GAZTAG_OK)
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    gaztag_close(fx->clean);
    gaztag_buffer_free(fx->im.data);
    free(fx);
    return 0;
}

/* ---------------------------------------------------------------- tests */

/* The clean image is what the tests mean to damage: BDZ for both hashes,
 * flagged entries with strict keys, and the text finds names in it. */
static void test_clean_image(void **state)
{
    fixture *fx = *state;
    gaztag_info in;
    tally ty = {0};
    span_list whole;
    gaztag_tagger *t;
    gaztag_get_info(fx->clean, &in);
    assert_true(in.n_vocab > GZF_LINEAR_MAX && in.n_phrases > GZF_LINEAR_MAX);
    assert_true(in.n_labels >= 4);
    assert_true(gzf_rd64(fx->im.data + GZF_HEADER_SIZE +
                         GZF_SECTION_SIZE * (GZF_SEC_FORMS - 1) + 16) > 0);
    assert_int_equal(gaztag_tagger_new(fx->clean, &t), GAZTAG_OK);
    assert_int_equal(tag_whole(t, fx->clean, 0, &whole), GAZTAG_OK);
    assert_true(whole.n >= 20);
    gaztag_tagger_free(t);
    exercise(fx->clean, fx->clean, &ty);
    exercise_layered(fx->clean, fx->clean, &ty);
    assert_int_equal(ty.tagged, 1);
    assert_int_equal(ty.walk_corrupt, 0);
    printf("clean image: %zu bytes, %zu spans, %zu keys\n", fx->im.len,
           whole.n, ty.keys_walked);
}

/* Every bit of the header and table flipped: the header checksum refuses
 * each file, except a flip in body_crc, which only VERIFY reads. */
static void test_header_bit_flips(void **state)
{
    fixture *fx = *state;
    tally ty = {0};
    double t0 = now();
    for (size_t i = 0; i < TABLE_END; i++) {
        for (unsigned bit = 0; bit < 8; bit++) {
            uint8_t *p = copy_of(&fx->im, fx->im.len);
            p[i] ^= (uint8_t)(1u << bit);
            gaztag_status sv = try_file(p, fx->im.len, fx->clean, &ty);
            assert_int_not_equal(sv, GAZTAG_OK);
            free(p);
        }
    }
    print_tally("header bit flips", &ty, now() - t0);
    assert_int_equal(ty.tried, TABLE_END * 8);
    assert_int_equal(ty.opened, 32); /* the bits of body_crc */
    assert_int_equal(ty.verify_refused, ty.tried);
}

/* The same flips with the header checksum fixed up: now the validation
 * of each field decides, and what it lets through must be safe to use. */
static void test_header_bit_flips_crc_fixed(void **state)
{
    fixture *fx = *state;
    tally ty = {0};
    double t0 = now();
    for (size_t i = 0; i < TABLE_END; i++) {
        if (i >= GZF_H_HEADER_CRC && i < GZF_H_HEADER_CRC + 4)
            continue; /* rewritten below anyway */
        for (unsigned bit = 0; bit < 8; bit++) {
            uint8_t *p = copy_of(&fx->im, fx->im.len);
            p[i] ^= (uint8_t)(1u << bit);
            gzf_wr32(p + GZF_H_HEADER_CRC, gzf_header_crc(p, TABLE_END));
            ty.filters_damaged = in_start_filters(&fx->im, i);
            try_file(p, fx->im.len, fx->clean, &ty);
            free(p);
        }
    }
    print_tally("header bit flips, checksum fixed", &ty, now() - t0);
    assert_true(ty.opened > 0 && ty.refused > 0);
}

/* Every length short of the whole file. */
static void test_every_truncation(void **state)
{
    fixture *fx = *state;
    tally ty = {0};
    double t0 = now();
    for (size_t len = 0; len < fx->im.len; len++) {
        uint8_t *p = copy_of(&fx->im, len);
        assert_int_not_equal(try_file(p, len, fx->clean, &ty), GAZTAG_OK);
        free(p);
    }
    print_tally("truncations", &ty, now() - t0);
    assert_int_equal(ty.refused, fx->im.len);
}

/* 1 to 8 bytes of the body changed (each to another value, at distinct
 * offsets): VERIFY refuses every file (the BDZ functions' own checks may
 * refuse it first); without it, each one that opens must be safe to use. */
static void test_random_body_damage(void **state)
{
    fixture *fx = *state;
    tally ty = {0};
    rng r = {0x726f627573742121ull};
    size_t body = fx->im.len - TABLE_END, bdz_refused = 0;
    double t0 = now();
    for (size_t f = 0; f < N_RANDOM; f++) {
        uint8_t *p = copy_of(&fx->im, fx->im.len);
        size_t k = 1 + (size_t)(rng_next(&r) % 8), off[8];
        ty.filters_damaged = false;
        for (size_t j = 0; j < k; j++) {
            bool fresh;
            do {
                off[j] = TABLE_END + (size_t)(rng_next(&r) % body);
                fresh = true;
                for (size_t q = 0; q < j; q++)
                    fresh = fresh && off[q] != off[j];
            } while (!fresh);
            p[off[j]] ^= (uint8_t)(1 + rng_next(&r) % 255);
            ty.filters_damaged |= in_start_filters(&fx->im, off[j]);
        }
        gaztag_gazetteer *g;
        assert_int_equal(try_file(p, fx->im.len, fx->clean, &ty),
                         GAZTAG_CORRUPT);
        assert_int_equal(gaztag_open_memory(p, fx->im.len, GAZTAG_OPEN_VERIFY,
                                            &g), GAZTAG_CORRUPT);
        if (ty.plain == GAZTAG_OK)
            assert_string_equal(gaztag_errmsg(g), "body checksum mismatch");
        else
            bdz_refused++;
        gaztag_close(g);
        free(p);
    }
    print_tally("random body damage", &ty, now() - t0);
    printf("random body damage: %zu refused without VERIFY by the hash "
           "functions' checks\n", bdz_refused);
    assert_int_equal(ty.verify_refused, N_RANDOM);
    assert_int_equal(ty.refused, bdz_refused);
    assert_true(ty.opened > N_RANDOM / 2);
    assert_true(ty.tag_corrupt > 0 && ty.tagged > 0);
}

/* The edges of a 32-token name rewritten so that each one's parent and
 * token are both the edge before it (two u32 a record: no random damage
 * finds this).  Spelling a key then reads each edge twice: walking the
 * keys must refuse it, not spell 2^31 tokens. */
static void test_edge_chain(void **state)
{
    (void)state;
    static const char tsv[] =
        "t01 t02 t03 t04 t05 t06 t07 t08 t09 t10 t11 t12 t13 t14 t15 t16 "
        "t17 t18 t19 t20 t21 t22 t23 t24 t25 t26 t27 t28 t29 t30 t31 t32"
        "\tPLACE\n";
    gaztag_gazetteer *g;
    size_t len;
    void *data = support_compile_tsv(tsv, &len);
    uint8_t *p = data;
    const uint8_t *e = p + GZF_HEADER_SIZE +
                       GZF_SECTION_SIZE * (GZF_SEC_EDGES - 1);
    uint64_t off = gzf_rd64(e + 8), size = gzf_rd64(e + 16);
    uint32_t nv = gzf_rd32(p + GZF_H_N_VOCAB);
    assert_int_equal(size / GZF_EDGE_REC, 31);
    for (uint64_t rec = off; rec < off + size; rec += GZF_EDGE_REC) {
        uint32_t self = gzf_rd32(p + rec + 8);
        if (self > nv) { /* the first edge keeps its vocabulary parent */
            gzf_wr32(p + rec, self - 1);
            gzf_wr32(p + rec + 4, self - 1);
        }
    }
    assert_int_equal(gaztag_open_memory(p, len, 0, &g), GAZTAG_OK);
    walk_ctx w = {g, 0, 0};
    assert_int_equal(gaztag_foreach_key(g, on_key, &w), GAZTAG_CORRUPT);
    gaztag_close(g);
    gaztag_buffer_free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_image),
        cmocka_unit_test(test_header_bit_flips),
        cmocka_unit_test(test_header_bit_flips_crc_fixed),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_random_body_damage),
        cmocka_unit_test(test_edge_chain),
    };
    alarm(WATCHDOG_SECONDS); /* a hang fails the test (SIGALRM) */
    setvbuf(stdout, NULL, _IOLBF, 0);
    return cmocka_run_group_tests(tests, setup, teardown);
}
