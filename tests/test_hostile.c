/*
 * test_hostile.c -- texts and sources built to hurt: a 10 MB token, NUL
 * bytes, every class of invalid UTF-8, a million nested candidates, a 50 MB
 * stream.
 *
 * Each case has an exact expected result (offsets in bytes, code points
 * and UTF-16 units computed here from the construction, the code point
 * counts of invalid sequences taken from Python's decoder with
 * errors="replace") and prints its time; times are not asserted (the
 * machine is shared), the bound is the test's timeout.  Memory is: a
 * stream's spans per call must not grow with the text, and the process's
 * peak RSS must not grow by the text's size.
 */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "gaztag.h"
#include "support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define MB (1024 * 1024)
#define PIECE (64 * 1024)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

typedef struct compiled {
    void *image;
    gaztag_gazetteer *g;
    gaztag_tagger *t;
} compiled;

static void compile_source(compiled *c, const char *name, const char *tsv,
                           size_t len)
{
    gaztag_builder *b;
    size_t n;
    assert_int_equal(gaztag_builder_new(0, &b), GAZTAG_OK);
    if (gaztag_builder_add_tsv(b, name, tsv, len) != GAZTAG_OK ||
        gaztag_builder_compile(b, &c->image, &n) != GAZTAG_OK)
        fail_msg("%s", gaztag_builder_errmsg(b));
    gaztag_builder_free(b);
    assert_int_equal(gaztag_open_memory(c->image, n, 0, &c->g), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_new(c->g, &c->t), GAZTAG_OK);
}

static void compile_fixture(compiled *c)
{
    size_t len;
    char *tsv = support_read_file(GAZTAG_TEST_DATA "/fixture.tsv", &len);
    assert_non_null(tsv);
    compile_source(c, "fixture.tsv", tsv, len);
    free(tsv);
}

static void release(compiled *c)
{
    gaztag_tagger_free(c->t);
    gaztag_close(c->g);
    gaztag_buffer_free(c->image);
}

/* The status and message of compiling one source. */
static void expect_source_error(const char *name, const char *tsv, size_t len,
                                const char *want)
{
    gaztag_builder *b;
    assert_int_equal(gaztag_builder_new(0, &b), GAZTAG_OK);
    support_expect_status(want, gaztag_builder_add_tsv(b, name, tsv, len),
                          gaztag_builder_errmsg(b), GAZTAG_SOURCE, want);
    gaztag_builder_free(b);
}

typedef struct want_span {
    size_t start, end, cstart, cend, ustart, uend;
} want_span;

static void expect_spans(const gaztag_span *s, size_t n, const want_span *w,
                         size_t nw, const char *what)
{
    if (n != nw)
        fail_msg("%s: %zu spans, want %zu", what, n, nw);
    for (size_t i = 0; i < n; i++)
        if (s[i].start != w[i].start || s[i].end != w[i].end ||
            s[i].cstart != w[i].cstart || s[i].cend != w[i].cend ||
            s[i].ustart != w[i].ustart || s[i].uend != w[i].uend)
            fail_msg("%s: span %zu is %zu-%zu/%zu-%zu/%zu-%zu, want "
                     "%zu-%zu/%zu-%zu/%zu-%zu", what, i, s[i].start,
                     s[i].end, s[i].cstart, s[i].cend, s[i].ustart, s[i].uend,
                     w[i].start, w[i].end, w[i].cstart, w[i].cend,
                     w[i].ustart, w[i].uend);
}

/* Whole, then streamed in pieces of each size: the same expected spans. */
static void expect_text(gaztag_tagger *t, const char *text, size_t len,
                        const want_span *w, size_t nw, const char *what)
{
    static const size_t pieces[] = {1, 2, 3, 7, 4096};
    const gaztag_span *s;
    gaztag_span got[16];
    size_t n;
    assert_true(nw <= 16);
    assert_int_equal(gaztag_tag_text(t, text, len, 0, &s, &n), GAZTAG_OK);
    expect_spans(s, n, w, nw, what);
    for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
        n = support_stream_spans(t, text, len, 0, pieces[p], got, 16);
        expect_spans(got, n, w, nw, what);
    }
}

/* ------------------------------------------------ a 50 MB stream, bounded */

/* No newline anywhere; 6 names a unit. */
static const char stream_unit[] =
    "MOSCOU (AGP) - Dmitri Peskov a dit au Washington Post, depuis Kiev, "
    "que la d\xC3\xA9l\xC3\xA9gation de Bok\xC3\xA9 repartirait. ";
#define STREAM_UNIT_SPANS 6
#define STREAM_BYTES (50 * MB)

/* Runs first: the peak RSS measured is this test's. */
static void test_stream_50mb_bounded(void **state)
{
    (void)state;
    compiled c;
    const gaztag_span *s;
    size_t n, ulen = strlen(stream_unit), unit_start[STREAM_UNIT_SPANS];
    compile_fixture(&c);
    assert_int_equal(gaztag_tag_text(c.t, stream_unit, ulen, 0, &s, &n),
                     GAZTAG_OK);
    assert_int_equal(n, STREAM_UNIT_SPANS);
    for (size_t i = 0; i < n; i++)
        unit_start[i] = s[i].start;
    size_t units = STREAM_BYTES / ulen, total = units * ulen;
    char *buf = malloc(2 * PIECE);
    assert_non_null(buf);
    size_t fed = 0, held = 0, done = 0, spans = 0, calls = 0, max_spans = 0;
    long rss0 = peak_rss_kb();
    double t0 = now();
    for (;;) {
        size_t add = total - fed < PIECE ? total - fed : PIECE;
        for (size_t i = 0; i < add; i++)
            buf[held + i] = stream_unit[(fed + i) % ulen];
        fed += add;
        held += add;
        size_t used;
        unsigned more = fed < total ? GAZTAG_TAG_MORE : 0;
        assert_int_equal(gaztag_tag_stream(c.t, buf, held, more, &s, &n,
                                           &used), GAZTAG_OK);
        calls++;
        max_spans = n > max_spans ? n : max_spans;
        for (size_t i = 0; i < n; i++, spans++) {
            size_t want = (spans / STREAM_UNIT_SPANS) * ulen +
                          unit_start[spans % STREAM_UNIT_SPANS];
            if (s[i].start != want)
                fail_msg("span %zu at %zu, want %zu", spans, s[i].start, want);
        }
        if (!more)
            break;
        assert_true(used > 0 && held - used < PIECE);
        memmove(buf, buf + used, held - used);
        done += used;
        held -= used;
    }
    double secs = now() - t0;
    long grew = peak_rss_kb() - rss0;
    printf("50 MB stream: %zu calls of 64 KiB, %zu spans (at most %zu a "
           "call), %.2f s (%.0f MB/s), peak RSS grew %ld KiB\n", calls, spans,
           max_spans, secs, (double)total / MB / secs, grew);
    assert_int_equal(spans, units * STREAM_UNIT_SPANS);
    /* A call returns the spans of about one piece: never the stream's. */
    assert_true(max_spans <= (2 * PIECE / ulen + 1) * STREAM_UNIT_SPANS);
    assert_true(grew < 16 * 1024);
    free(buf);
    release(&c);
}

/* ----------------------------------------------------- a 10 MB token */

/* "Kiev " + a token of `unit` repeated to 10 MB + " Kiev": exactly the two
 * Kievs, whole and streamed in 64 KiB pieces. */
static void huge_token(compiled *c, const char *unit, size_t cps_per_unit,
                       const char *what)
{
    size_t ulen = strlen(unit), reps = 10 * MB / ulen, tok = ulen * reps;
    size_t len = 5 + tok + 5, cps = cps_per_unit * reps;
    char *text = malloc(len);
    assert_non_null(text);
    memcpy(text, "Kiev ", 5);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + 5 + ulen * i, unit, ulen);
    memcpy(text + 5 + tok, " Kiev", 5);
    want_span w[2] = {{0, 4, 0, 4, 0, 4},
                      {len - 4, len, 5 + cps + 1, 5 + cps + 5, 5 + cps + 1,
                       5 + cps + 5}};
    const gaztag_span *s;
    gaztag_span got[4];
    size_t n;
    double t0 = now();
    assert_int_equal(gaztag_tag_text(c->t, text, len, 0, &s, &n), GAZTAG_OK);
    double t1 = now();
    expect_spans(s, n, w, 2, what);
    n = support_stream_spans(c->t, text, len, 0, PIECE, got, 4);
    double t2 = now();
    expect_spans(got, n, w, 2, what);
    printf("10 MB token of %s: whole %.2f s, streamed in 64 KiB pieces "
           "%.2f s\n", what, t1 - t0, t2 - t1);
    free(text);
}

static void test_huge_token(void **state)
{
    (void)state;
    compiled c;
    compile_fixture(&c);
    huge_token(&c, "k", 1, "ASCII letters");
    huge_token(&c, "K1", 2, "ASCII upper case and digits");
    huge_token(&c, "\xC3\xA9", 1, "Latin letters");          /* é */
    huge_token(&c, "\xD0\xB6", 1, "Cyrillic letters");       /* ж */
    huge_token(&c, "e\xCC\x81", 2, "letters and combining marks");
    release(&c);
}

/* ----------------------------------------------------------- NUL bytes */

/* NUL is a control character: it separates tokens like a space, in text;
 * in every column of a source it is refused. */
static void test_nul_bytes(void **state)
{
    (void)state;
    compiled c;
    static const char with_nul[] = "\0Kiev\0\0Washington\0Post\0Bok\xC3\xA9\0";
    static const char with_spaces[] = " Kiev  Washington Post Bok\xC3\xA9 ";
    static const want_span w[] = {{1, 5, 1, 5, 1, 5},
                                  {7, 22, 7, 22, 7, 22},
                                  {23, 28, 23, 27, 23, 27}};
    compile_fixture(&c);
    expect_text(c.t, with_nul, sizeof with_nul - 1, w, 3, "NUL bytes");
    expect_text(c.t, with_spaces, sizeof with_spaces - 1, w, 3, "spaces");
    /* "Kiev" then NUL inside a word: "Ki" and "ev" are no name. */
    expect_text(c.t, "Ki\0ev", 5, NULL, 0, "NUL inside a word");
    release(&c);

    static const struct {
        const char *row;
        size_t len;
        const char *msg;
    } rows[] = {
        {"Ki\0ev\tPLACE\n", 12, "nul.tsv:2: column 1 (name) has a control "
                                "character"},
        {"\0\tPLACE\n", 8, "nul.tsv:2: column 1 (name) has a control "
                           "character"},
        {"Kiev\tPLA\0CE\n", 12, "nul.tsv:2: column 2 (label) has a control "
                                "character"},
        {"Kiev\tPLACE\tq\0\n", 14, "nul.tsv:2: column 3 (id) has a control "
                                   "character"},
        {"Kiev\tPLACE\tq\tK\0\n", 16, "nul.tsv:2: column 4 (canonical) has "
                                      "a control character"},
        {"Kiev\tPLACE\tq\tK\tcap\0\n", 20, "nul.tsv:2: column 5 (flags) "
                                           "has a control character"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char tsv[64];
        memcpy(tsv, "Lyon\tPLACE\n", 11);
        memcpy(tsv + 11, rows[i].row, rows[i].len);
        expect_source_error("nul.tsv", tsv, 11 + rows[i].len, rows[i].msg);
    }
}

/* ------------------------------------------------------- invalid UTF-8 */

typedef struct bad_utf8 {
    const char *what;
    const char *bytes;
    size_t cps; /* U+FFFD a decoder puts (Python, errors="replace") */
} bad_utf8;

static const bad_utf8 bad_cases[] = {
    {"overlong 2-byte C0", "\xC0\xAF", 2},
    {"overlong 2-byte C1", "\xC1\xBF", 2},
    {"overlong 3-byte", "\xE0\x80\xAF", 3},
    {"overlong 3-byte, top", "\xE0\x9F\xBF", 3},
    {"overlong 4-byte", "\xF0\x80\x80\xAF", 4},
    {"overlong 4-byte, top", "\xF0\x8F\xBF\xBF", 4},
    {"surrogate D800", "\xED\xA0\x80", 3},
    {"surrogate DFFF", "\xED\xBF\xBF", 3},
    {"above U+10FFFF", "\xF4\x90\x80\x80", 4},
    {"F5", "\xF5", 1},
    {"5-byte form", "\xF8\x88\x80\x80\x80", 5},
    {"6-byte form", "\xFC\x84\x80\x80\x80\x80", 6},
    {"FE", "\xFE", 1},
    {"FF", "\xFF", 1},
    {"lone continuation 80", "\x80", 1},
    {"lone continuation BF", "\xBF", 1},
    {"three continuations", "\x80\x80\x80", 3},
    {"truncated 3-byte", "\xE2\x82", 1},
    {"truncated 4-byte", "\xF0\x9F\x98", 1},
    {"lead byte E2 alone", "\xE2", 1},
    {"truncated 4-byte, 2 bytes", "\xF0\x9F", 1},
    {"lead byte C3 alone", "\xC3", 1},
};
#define N_BAD (sizeof bad_cases / sizeof bad_cases[0])

/* BAD Kiev BAD Kiev BAD: at the start, between words without a space (the
 * truncated ones then end in the middle of the text), and at the very end
 * (truncated at the end of the text).  Every cut of a stream too. */
static void test_invalid_utf8_text(void **state)
{
    (void)state;
    compiled c;
    compile_fixture(&c);
    for (size_t i = 0; i < N_BAD; i++) {
        const bad_utf8 *b = &bad_cases[i];
        size_t bl = strlen(b->bytes), pos = 0;
        char text[64];
        for (int k = 0; k < 3; k++) {
            memcpy(text + pos, b->bytes, bl);
            pos += bl;
            if (k < 2) {
                memcpy(text + pos, "Kiev", 4);
                pos += 4;
            }
        }
        size_t s2 = 2 * bl + 4, c2 = 2 * b->cps + 4;
        want_span w[2] = {{bl, bl + 4, b->cps, b->cps + 4, b->cps, b->cps + 4},
                          {s2, s2 + 4, c2, c2 + 4, c2, c2 + 4}};
        expect_text(c.t, text, pos, w, 2, b->what);
        /* Inside a word, it cuts the word: "Ki" and "ev" are no name. */
        memcpy(text, "Ki", 2);
        memcpy(text + 2, b->bytes, bl);
        memcpy(text + 2 + bl, "ev Kiev", 7);
        want_span w3 = {bl + 5, bl + 9, b->cps + 5, b->cps + 9, b->cps + 5,
                        b->cps + 9};
        expect_text(c.t, text, bl + 9, &w3, 1, b->what);
    }
    /* A valid supplementary character counts two UTF-16 units. */
    static const want_span emoji = {5, 9, 2, 6, 3, 7};
    expect_text(c.t, "\xF0\x9F\x98\x80 Kiev", 9, &emoji, 1, "emoji");
    release(&c);
}

/* In a source, any invalid sequence in any column is refused, FILE:LINE. */
static void test_invalid_utf8_sources(void **state)
{
    (void)state;
    static const char *const columns[5] = {"name", "label", "id", "canonical",
                                           "flags"};
    char path[64];
    snprintf(path, sizeof path, "/tmp/gaztag-hostile-%ld.tsv", (long)getpid());
    for (size_t i = 0; i < N_BAD; i++) {
        const char *bad = bad_cases[i].bytes;
        for (int col = 0; col < 5; col++) {
            char tsv[256], want[160];
            const char *f[5] = {"Kiev", "PLACE", "q", "Kyiv", "cap"};
            char field[32];
            snprintf(field, sizeof field, "%s%s", f[col], bad);
            f[col] = field;
            int n = snprintf(tsv, sizeof tsv, "# bad row on line 3\n"
                             "Lyon\tPLACE\n%s\t%s\t%s\t%s\t%s\nParis\tPLACE\n",
                             f[0], f[1], f[2], f[3], f[4]);
            snprintf(want, sizeof want, "bad.tsv:3: column %d (%s) has "
                     "invalid UTF-8", col + 1, columns[col]);
            expect_source_error("bad.tsv", tsv, (size_t)n, want);
            if (col == 0) { /* the same from a file: its path names it */
                gaztag_builder *b;
                support_write_file(path, tsv, (size_t)n);
                snprintf(want, sizeof want, "%s:3: column 1 (name) has "
                         "invalid UTF-8", path);
                assert_int_equal(gaztag_builder_new(0, &b), GAZTAG_OK);
                support_expect_status(bad_cases[i].what,
                                      gaztag_builder_add_file(b, path),
                                      gaztag_builder_errmsg(b), GAZTAG_SOURCE,
                                      want);
                gaztag_builder_free(b);
            }
        }
    }
    unlink(path);
}

/* ----------------------------------------------- a million nested names */

#define NESTED_TOKENS 1000000
#define MAX_TOK GAZTAG_MAX_PHRASE_TOKENS

/* Names "a", "a a", ... of 1 to `k` tokens, one a line. */
static char *nested_source(size_t k, size_t *len)
{
    char *tsv = malloc(k * (2 * k + 8) + 1);
    size_t pos = 0;
    assert_non_null(tsv);
    for (size_t i = 1; i <= k; i++) {
        for (size_t j = 0; j < i; j++) {
            tsv[pos++] = 'a';
            tsv[pos++] = j + 1 < i ? ' ' : '\t';
        }
        memcpy(tsv + pos, "PLACE\n", 6);
        pos += 6;
    }
    tsv[pos] = '\0';
    *len = pos;
    return tsv;
}

/* "a a a ... a", n tokens. */
static char *a_text(size_t n, size_t *len)
{
    char *text = malloc(2 * n);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++) {
        text[2 * i] = 'a';
        text[2 * i + 1] = ' ';
    }
    *len = 2 * n - 1;
    return text;
}

/* Every token starts up to 32 names: longest mode takes 32 tokens at a
 * time; all mode returns each of them. */
static void test_nested_prefixes(void **state)
{
    (void)state;
    compiled c;
    size_t tsv_len, len, n;
    const gaztag_span *s;
    char *tsv = nested_source(MAX_TOK, &tsv_len);
    compile_source(&c, "nested.tsv", tsv, tsv_len);
    char *text = a_text(NESTED_TOKENS, &len);

    double t0 = now();
    assert_int_equal(gaztag_tag_text(c.t, text, len, 0, &s, &n), GAZTAG_OK);
    double t1 = now();
    size_t want = (NESTED_TOKENS + MAX_TOK - 1) / MAX_TOK; /* 31,250 */
    assert_int_equal(n, want);
    for (size_t i = 0; i < n; i++) {
        size_t first = i * MAX_TOK;
        size_t last = first + MAX_TOK - 1 < NESTED_TOKENS ? first + MAX_TOK - 1
                                                          : NESTED_TOKENS - 1;
        if (s[i].start != 2 * first || s[i].end != 2 * last + 1)
            fail_msg("span %zu is %zu-%zu", i, s[i].start, s[i].end);
    }
    static gaztag_span got[(NESTED_TOKENS + MAX_TOK - 1) / MAX_TOK];
    size_t ns = support_stream_spans(c.t, text, len, 0, PIECE, got, want);
    double t2 = now();
    assert_int_equal(ns, want);
    assert_int_equal(got[ns - 1].end, len);
    printf("%d tokens 'a' against names of 1 to %d tokens: longest %zu spans "
           "in %.2f s, streamed %.2f s\n", NESTED_TOKENS, MAX_TOK, n, t1 - t0,
           t2 - t1);

    /* All mode on 100,000 tokens (3.2 million spans), in 4 KiB pieces. */
    size_t small = 100000, slen, total = 0, pos = 0, avail = 0;
    size_t want_all = MAX_TOK * (small - (MAX_TOK - 1)) +
                      (MAX_TOK - 1) * MAX_TOK / 2;
    char *stext = a_text(small, &slen);
    size_t next_start = 0, next_k = 1; /* the span expected next */
    t0 = now();
    for (;;) {
        size_t used;
        avail = avail + 4096 < slen ? avail + 4096 : slen;
        unsigned f = GAZTAG_TAG_ALL | (avail < slen ? GAZTAG_TAG_MORE : 0);
        assert_int_equal(gaztag_tag_stream(c.t, stext + pos, avail - pos, f,
                                           &s, &n, &used), GAZTAG_OK);
        for (size_t i = 0; i < n; i++, total++) {
            if (s[i].start != 2 * next_start ||
                s[i].end != 2 * (next_start + next_k - 1) + 1)
                fail_msg("all: span %zu is %zu-%zu", total, s[i].start,
                         s[i].end);
            if (++next_k > MAX_TOK || next_start + next_k > small) {
                next_start++;
                next_k = 1;
            }
        }
        pos += used;
        if (avail == slen)
            break;
    }
    t1 = now();
    assert_int_equal(total, want_all);
    printf("all mode, %zu tokens streamed in 4 KiB pieces: %zu spans in "
           "%.2f s\n", small, total, t1 - t0);
    free(stext);
    free(text);
    free(tsv);
    release(&c);

    /* One token more than the limit: refused, naming the line. */
    tsv = nested_source(MAX_TOK + 1, &tsv_len);
    expect_source_error("nested.tsv", tsv, tsv_len,
                        "nested.tsv:33: name has more than 32 tokens");
    free(tsv);
}

/* The longest mode's worst case: from every token the trie is walked 31
 * tokens deep (a prefix of "a ... a b") and gives way to the one-token
 * "a": a million spans, 31 million steps.  Streamed, so that a call's
 * spans stay about a piece's. */
static void test_deep_walk_from_every_token(void **state)
{
    (void)state;
    compiled c;
    char tsv[128];
    size_t pos = 0, len, total = 0, max_spans = 0, avail = 0;
    memcpy(tsv, "a\tPLACE\n", 8);
    pos = 8;
    for (int i = 0; i < MAX_TOK - 1; i++) {
        memcpy(tsv + pos, "a ", 2);
        pos += 2;
    }
    memcpy(tsv + pos, "b\tORG\n", 6);
    pos += 6;
    compile_source(&c, "deep.tsv", tsv, pos);
    char *text = a_text(NESTED_TOKENS, &len);
    size_t at = 0;
    double t0 = now();
    for (;;) {
        const gaztag_span *s;
        size_t n, used;
        avail = avail + PIECE < len ? avail + PIECE : len;
        unsigned f = avail < len ? GAZTAG_TAG_MORE : 0;
        assert_int_equal(gaztag_tag_stream(c.t, text + at, avail - at, f, &s,
                                           &n, &used), GAZTAG_OK);
        for (size_t i = 0; i < n; i++, total++)
            if (s[i].start != 2 * total || s[i].end != 2 * total + 1)
                fail_msg("span %zu is %zu-%zu", total, s[i].start, s[i].end);
        max_spans = n > max_spans ? n : max_spans;
        at += used;
        if (avail == len)
            break;
    }
    double t1 = now();
    assert_int_equal(total, NESTED_TOKENS);
    assert_true(max_spans <= PIECE);
    printf("%d tokens 'a', each walked %d tokens deep: %zu spans in %.2f s "
           "(at most %zu a call)\n", NESTED_TOKENS, MAX_TOK - 1, total, t1 - t0,
           max_spans);
    free(text);
    release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream_50mb_bounded),
        cmocka_unit_test(test_huge_token),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_invalid_utf8_text),
        cmocka_unit_test(test_invalid_utf8_sources),
        cmocka_unit_test(test_nested_prefixes),
        cmocka_unit_test(test_deep_walk_from_every_token),
    };
    setvbuf(stdout, NULL, _IOLBF, 0);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
