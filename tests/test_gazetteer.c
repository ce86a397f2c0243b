/*
 * test_gazetteer.c -- opening compiled gazetteers, and their lookups.
 *
 * A file is refused unless its header, section table and section bounds
 * hold together; the body is bounds-checked as it is used, so damage there
 * gives GAZTAG_CORRUPT from the tagger (or nothing at all), never a stray
 * read.  The tests damage real images every way they can -- truncation,
 * every header byte flipped, every body byte flipped, fields rewritten with
 * a fixed-up header checksum -- always in a malloc'd copy of exactly the
 * file's length, so AddressSanitizer sees any read past the end.  Then the
 * hashing modes at their edges: empty, linear (<= GZF_LINEAR_MAX keys) and
 * BDZ, keys merged by normalisation, and texts of non-members only, which
 * an MPH sends to some slot and the key comparison must turn away.
 */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "gazetteer.h"
#include "gazfile.h"
#include "support.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TABLE_END (GZF_HEADER_SIZE + GZF_SECTION_SIZE * GZF_SEC_COUNT)

/* 24 rows, 34 token keys, 13 phrases, 3 labels: both hashes are BDZ. */
static const char big_tsv[] =
    "Paris\tPLACE\tQ90\nLyon\tPLACE\tQ456\nMarseille\tPLACE\nToulouse\tPLACE\n"
    "Nice\tPLACE\nNantes\tPLACE\nBerlin\tPLACE\tQ64\nMunich\tPLACE\n"
    "Hamburg\tPLACE\nMadrid\tPLACE\nLisbon\tPLACE\nRome\tPLACE\n"
    "New York\tPLACE\tQ60\tNew York City\nNew York Times\tORG\tQ9684\n"
    "Washington Post\tORG\nWashington\tPLACE\tQ61\n"
    "C\xc3\xb4te d'Ivoire\tPLACE\tQ1008\nRio de Janeiro\tPLACE\n"
    "Buenos Aires\tPLACE\nLos Angeles\tPLACE\nHong Kong\tPLACE\n"
    "Saint-\xc3\x89tienne\tPLACE\nAT&T\tORG\nParis\tPERSON\tQ47899\n";
/* Every name of big_tsv once: 23 spans in longest mode. */
static const char big_text[] =
    "Paris ; Lyon ; Marseille ; Toulouse ; Nice ; Nantes ; Berlin ; Munich ; "
    "Hamburg ; Madrid ; Lisbon ; Rome ; New York ; New York Times ; "
    "Washington Post ; Washington ; C\xc3\xb4te d'Ivoire ; Rio de Janeiro ; "
    "Buenos Aires ; Los Angeles ; Hong Kong ; Saint-\xc3\x89tienne ; AT&T";
#define BIG_SPANS 23

/* 4 token keys and 1 phrase: both are scanned. */
static const char small_tsv[] =
    "Paris\tPLACE\tQ90\nLyon\tPLACE\nNew York\tPLACE\tQ60\tNew York City\n";
static const char small_text[] = "Paris, Lyon and New York";
#define SMALL_SPANS 3

/* ------------------------------------------------------------- helpers */

typedef struct image {
    uint8_t *data;
    size_t len;
} image;

static image compile_tsv(unsigned norm_flags, const char *tsv)
{
    gaztag_builder *b;
    image im;
    void *data;
    assert_int_equal(gaztag_builder_new(norm_flags, &b), GAZTAG_OK);
    if (gaztag_builder_add_tsv(b, "test.tsv", tsv, strlen(tsv)) != GAZTAG_OK ||
        gaztag_builder_compile(b, &data, &im.len) != GAZTAG_OK)
        fail_msg("cannot build: %s", gaztag_builder_errmsg(b));
    gaztag_builder_free(b);
    im.data = data;
    return im;
}

/* A malloc'd copy of the first len bytes (malloc aligns to 16). */
static uint8_t *copy_prefix(const image *im, size_t len)
{
    uint8_t *p = malloc(len ? len : 1);
    assert_non_null(p);
    memcpy(p, im->data, len < im->len ? len : im->len);
    if (len > im->len)
        memset(p + im->len, 0, len - im->len);
    return p;
}

/* Open data[0..len): the status, with the message copied into msg. */
static gaztag_status open_copy(const uint8_t *data, size_t len, unsigned flags,
                               char *msg, size_t cap)
{
    gaztag_gazetteer *g;
    gaztag_status st = gaztag_open_memory(data, len, flags, &g);
    assert_non_null(g);
    snprintf(msg, cap, "%s", gaztag_errmsg(g));
    gaztag_close(g);
    return st;
}

/* Opening data[0..len) gives `want` and, unless want_msg is NULL, exactly
 * that message. */
static void expect_open(const uint8_t *data, size_t len, unsigned flags,
                        gaztag_status want, const char *want_msg,
                        const char *what)
{
    char msg[512];
    gaztag_status st = open_copy(data, len, flags, msg, sizeof msg);
    support_expect_status(what, st, msg, want, want_msg);
}

static void fix_header_crc(uint8_t *data)
{
    gzf_wr32(data + GZF_H_HEADER_CRC, gzf_header_crc(data, TABLE_END));
}

/* Spans as "start-end:LABEL|id" lines; the tag status is returned. */
static gaztag_status tag_describe(const gaztag_gazetteer *g, const char *text,
                                  unsigned flags, char *out, size_t cap,
                                  size_t *n_spans)
{
    gaztag_tagger *t;
    const gaztag_span *s;
    size_t pos = 0;
    assert_int_equal(gaztag_tagger_new(g, &t), GAZTAG_OK);
    gaztag_status st = gaztag_tag_text(t, text, strlen(text), flags, &s,
                                       n_spans);
    out[0] = '\0';
    for (size_t i = 0; st == GAZTAG_OK && i < *n_spans; i++) {
        int n = snprintf(out + pos, cap - pos, "%zu-%zu:%s|%s;", s[i].start,
                         s[i].end, s[i].entry.label,
                         s[i].entry.id ? s[i].entry.id : "-");
        assert_true(n > 0 && (size_t)n < cap - pos);
        pos += (size_t)n;
    }
    gaztag_tagger_free(t);
    return st;
}

/* ------------------------------------------------ the fixtures themselves */

static void check_info(const image *im, uint32_t n_vocab, uint32_t n_phrases,
                       uint32_t n_entries, uint32_t n_labels,
                       uint32_t vocab_mode, uint32_t edge_mode)
{
    gaztag_gazetteer *g;
    gaztag_info in;
    assert_int_equal(gaztag_open_memory(im->data, im->len, GAZTAG_OPEN_VERIFY,
                                        &g), GAZTAG_OK);
    gaztag_get_info(g, &in);
    assert_int_equal(in.format_version, GZF_VERSION);
    assert_int_equal(in.file_size, im->len);
    assert_int_equal(in.n_vocab, n_vocab);
    assert_int_equal(in.n_phrases, n_phrases);
    assert_int_equal(in.n_entries, n_entries);
    assert_int_equal(in.n_labels, n_labels);
    assert_int_equal(g->vocab_mode, vocab_mode);
    assert_int_equal(g->edge_mode, edge_mode);
    gaztag_close(g);
}

static void test_fixtures(void **state)
{
    (void)state;
    image big = compile_tsv(0, big_tsv), small = compile_tsv(0, small_tsv);
    gaztag_gazetteer *g;
    char out[4096];
    size_t n;
    check_info(&big, 34, 13, 24, 3, GZF_MPH_BDZ, GZF_MPH_BDZ);
    check_info(&small, 4, 1, 3, 1, GZF_MPH_LINEAR, GZF_MPH_LINEAR);
    assert_int_equal(gaztag_open_memory(big.data, big.len, 0, &g), GAZTAG_OK);
    assert_int_equal(tag_describe(g, big_text, 0, out, sizeof out, &n),
                     GAZTAG_OK);
    assert_int_equal(n, BIG_SPANS);
    assert_string_equal(out,
        "0-5:PLACE|Q90;8-12:PLACE|Q456;15-24:PLACE|-;27-35:PLACE|-;"
        "38-42:PLACE|-;45-51:PLACE|-;54-60:PLACE|Q64;63-69:PLACE|-;"
        "72-79:PLACE|-;82-88:PLACE|-;91-97:PLACE|-;100-104:PLACE|-;"
        "107-115:PLACE|Q60;118-132:ORG|Q9684;135-150:ORG|-;"
        "153-163:PLACE|Q61;166-180:PLACE|Q1008;183-197:PLACE|-;"
        "200-212:PLACE|-;215-226:PLACE|-;229-238:PLACE|-;"
        "241-255:PLACE|-;258-262:ORG|-;");
    gaztag_close(g);
    assert_int_equal(gaztag_open_memory(small.data, small.len, 0, &g),
                     GAZTAG_OK);
    assert_int_equal(tag_describe(g, small_text, 0, out, sizeof out, &n),
                     GAZTAG_OK);
    assert_int_equal(n, SMALL_SPANS);
    assert_string_equal(out, "0-5:PLACE|Q90;7-11:PLACE|-;16-24:PLACE|Q60;");
    gaztag_close(g);
    gaztag_buffer_free(big.data);
    gaztag_buffer_free(small.data);
}

/* ------------------------------------------------------------ truncation */

static void check_truncated(const image *im, size_t len)
{
    char what[64], msg[128];
    uint8_t *p = copy_prefix(im, len);
    snprintf(what, sizeof what, "%zu of %zu bytes", len, im->len);
    snprintf(msg, sizeof msg, "file is %zu bytes, header says %zu "
             "(truncated?)", len, im->len);
    if (len < GZF_MAGIC_LEN)
        expect_open(p, len, 0, GAZTAG_FORMAT,
                    "not a gaztag gazetteer (bad magic)", what);
    else if (len < GZF_HEADER_SIZE) {
        snprintf(msg, sizeof msg, "file is %zu bytes, shorter than the header "
                 "(truncated?)", len);
        expect_open(p, len, 0, GAZTAG_CORRUPT, msg, what);
    } else
        expect_open(p, len, 0, GAZTAG_CORRUPT, msg, what);
    free(p);
}

static void truncate_everywhere(const image *im)
{
    for (size_t len = 0; len <= TABLE_END; len++)
        check_truncated(im, len);
    for (uint32_t i = 0; i < GZF_SEC_COUNT; i++) {
        const uint8_t *e = im->data + GZF_HEADER_SIZE + GZF_SECTION_SIZE * i;
        uint64_t off = gzf_rd64(e + 8), size = gzf_rd64(e + 16);
        check_truncated(im, (size_t)off);
        if (off + size < im->len)
            check_truncated(im, (size_t)(off + size));
        if (off + size + 1 < im->len)
            check_truncated(im, (size_t)(off + size + 1));
    }
    for (size_t len = TABLE_END + 1; len < im->len; len += 13)
        check_truncated(im, len);
    check_truncated(im, im->len - 1);
    check_truncated(im, im->len + 8); /* trailing bytes are refused too */
}

static void test_truncation(void **state)
{
    (void)state;
    image big = compile_tsv(0, big_tsv), small = compile_tsv(0, small_tsv);
    truncate_everywhere(&big);
    truncate_everywhere(&small);
    gaztag_buffer_free(big.data);
    gaztag_buffer_free(small.data);
}

/* ------------------------------------------------- header and table bytes */

/* What opening says when byte i of the header or table is xor'ed with x. */
static void flip_expectation(const image *im, size_t i, uint8_t x,
                             gaztag_status *st, char *msg, size_t cap)
{
    *st = GAZTAG_CORRUPT;
    if (i < GZF_H_VERSION) {
        *st = GAZTAG_FORMAT;
        snprintf(msg, cap, "not a gaztag gazetteer (bad magic)");
    } else if (i < GZF_H_HEADER_SIZE) {
        *st = GAZTAG_VERSION;
        snprintf(msg, cap, "format version %u, this library reads version "
                 "%u: recompile the sources",
                 GZF_VERSION ^ ((uint32_t)x << (8 * (i - GZF_H_VERSION))),
                 GZF_VERSION);
    } else if (i < GZF_H_FILE_SIZE) {
        snprintf(msg, cap, "bad header size");
    } else if (i < GZF_H_NORM_FLAGS) {
        snprintf(msg, cap, "file is %zu bytes, header says %llu (truncated?)",
                 im->len, (unsigned long long)im->len ^
                 ((unsigned long long)x << (8 * (i - GZF_H_FILE_SIZE))));
    } else if (i >= GZF_H_N_SECTIONS && i < GZF_H_HEADER_CRC) {
        snprintf(msg, cap, "bad section count");
    } else {
        snprintf(msg, cap, "header checksum mismatch");
    }
}

static void flip_header_byte(const image *im, size_t i, uint8_t x)
{
    char what[64], msg[256];
    gaztag_status st;
    uint8_t *p = copy_prefix(im, im->len);
    p[i] ^= x;
    snprintf(what, sizeof what, "byte %zu ^ 0x%02x", i, x);
    if (i >= GZF_H_BODY_CRC && i < GZF_H_BODY_CRC + 4) {
        /* The body checksum is outside the header checksum by design; only
         * a verifying open reads it. */
        expect_open(p, im->len, 0, GAZTAG_OK, "", what);
        expect_open(p, im->len, GAZTAG_OPEN_VERIFY, GAZTAG_CORRUPT,
                       "body checksum mismatch", what);
    } else {
        flip_expectation(im, i, x, &st, msg, sizeof msg);
        expect_open(p, im->len, 0, st, msg, what);
        expect_open(p, im->len, GAZTAG_OPEN_VERIFY, st, msg, what);
    }
    free(p);
}

static void test_header_flips(void **state)
{
    (void)state;
    image big = compile_tsv(0, big_tsv), small = compile_tsv(0, small_tsv);
    for (size_t i = 0; i < TABLE_END; i++) {
        flip_header_byte(&big, i, 0xFF);
        flip_header_byte(&big, i, 0x01);
        flip_header_byte(&small, i, 0xFF);
        flip_header_byte(&small, i, 0x01);
    }
    gaztag_buffer_free(big.data);
    gaztag_buffer_free(small.data);
}

/* ------------------------------------ fields rewritten, checksum fixed up */

typedef struct field_case {
    const char *what;
    bool small;     /* on small_tsv's image rather than big_tsv's */
    size_t offset;  /* of the field in the file */
    int width;      /* 4 or 8 bytes */
    uint64_t value;
    bool add_size;  /* value is added to the file's size */
    gaztag_status status;
    const char *message;
} field_case;

#define SEC(i, field) (GZF_HEADER_SIZE + GZF_SECTION_SIZE * (i) + (field))

static const field_case field_cases[] = {
    {"magic", false, GZF_H_MAGIC, 4, 0x67545a47, false, GAZTAG_FORMAT,
     "not a gaztag gazetteer (bad magic)"},
    {"newer version", false, GZF_H_VERSION, 4, 4, false, GAZTAG_VERSION,
     "format version 4, this library reads version 3: recompile the sources"},
    {"older version", false, GZF_H_VERSION, 4, 2, false, GAZTAG_VERSION,
     "format version 2, this library reads version 3: recompile the sources"},
    {"version 0", false, GZF_H_VERSION, 4, 0, false, GAZTAG_VERSION,
     "format version 0, this library reads version 3: recompile the sources"},
    {"header size", false, GZF_H_HEADER_SIZE, 4, 72, false, GAZTAG_CORRUPT,
     "bad header size"},
    {"unknown flag", false, GZF_H_NORM_FLAGS, 4, 4, false, GAZTAG_CORRUPT,
     "unknown normalisation flags"},
    {"phrase too long", false, GZF_H_MAX_TOKENS, 4, 33, false,
     GAZTAG_CORRUPT, "bad counts in header"},
    {"counts overflow", false, GZF_H_N_EDGES, 4, 0xFFFFFFE0u, false,
     GAZTAG_CORRUPT, "bad counts in header"},
    {"section count", false, GZF_H_N_SECTIONS, 4, GZF_SEC_COUNT + 1, false,
     GAZTAG_CORRUPT, "bad section count"},
    {"one entry more", false, GZF_H_N_ENTRIES, 4, 25, false, GAZTAG_CORRUPT,
     "section 6 has 384 bytes for 25 records"},
    {"one label more", false, GZF_H_N_LABELS, 4, 4, false, GAZTAG_CORRUPT,
     "section 7 has 12 bytes for 4 records"},
    {"section kind 0", false, SEC(0, 0), 4, 0, false, GAZTAG_CORRUPT,
     "bad section table entry 0"},
    {"unknown section kind", false, SEC(3, 0), 4, GZF_SEC_COUNT + 1, false,
     GAZTAG_CORRUPT, "bad section table entry 3"},
    {"section twice", false, SEC(6, 0), 4, GZF_SEC_STRINGS, false,
     GAZTAG_CORRUPT, "bad section table entry 6"},
    {"misaligned", false, SEC(0, 8), 8, TABLE_END + 4, false, GAZTAG_CORRUPT,
     "section 1 lies outside the file"},
    {"over the table", false, SEC(0, 8), 8, 64, false, GAZTAG_CORRUPT,
     "section 1 lies outside the file"},
    {"past the end", false, SEC(0, 8), 8, 8, true, GAZTAG_CORRUPT,
     "section 1 lies outside the file"},
    {"huge size", false, SEC(4, 16), 8, UINT64_MAX, false, GAZTAG_CORRUPT,
     "section 5 lies outside the file"},
    {"flags on strings", false, SEC(0, 4), 4, 1, false, GAZTAG_CORRUPT,
     "bad section 1"},
    {"record size", false, SEC(2, 16), 8, 560, false, GAZTAG_CORRUPT,
     "section 3 has 560 bytes for 34 records"},
    {"BDZ read as linear", false, SEC(1, 4), 4, GZF_MPH_LINEAR, false,
     GAZTAG_CORRUPT, "bad hash function in section 2"},
    {"BDZ too short", false, SEC(3, 16), 8, 20, false, GAZTAG_CORRUPT,
     "bad hash function in section 4"},
    {"linear read as BDZ", true, SEC(1, 4), 4, GZF_MPH_BDZ, false,
     GAZTAG_CORRUPT, "bad hash function in section 2"},
    {"linear with a body", true, SEC(3, 16), 8, 8, false, GAZTAG_CORRUPT,
     "bad hash function in section 4"},
    {"informational unicode version", false, GZF_H_UNICODE, 4, 0x010203,
     false, GAZTAG_OK, ""},
};

static void test_rewritten_fields(void **state)
{
    (void)state;
    image big = compile_tsv(0, big_tsv), small = compile_tsv(0, small_tsv);
    for (size_t c = 0; c < sizeof field_cases / sizeof *field_cases; c++) {
        const field_case *fc = &field_cases[c];
        const image *im = fc->small ? &small : &big;
        uint8_t *p = copy_prefix(im, im->len);
        uint64_t value = fc->value + (fc->add_size ? im->len : 0);
        if (fc->width == 4)
            gzf_wr32(p + fc->offset, (uint32_t)value);
        else
            gzf_wr64(p + fc->offset, value);
        fix_header_crc(p);
        expect_open(p, im->len, 0, fc->status, fc->message, fc->what);
        free(p);
    }
    gaztag_buffer_free(big.data);
    gaztag_buffer_free(small.data);
}

/* Every section made one byte longer than the rest of the file. */
static void test_section_one_byte_too_long(void **state)
{
    (void)state;
    image big = compile_tsv(0, big_tsv);
    for (uint32_t i = 0; i < GZF_SEC_COUNT; i++) {
        char what[32], msg[64];
        uint8_t *p = copy_prefix(&big, big.len);
        uint8_t *e = p + GZF_HEADER_SIZE + GZF_SECTION_SIZE * i;
        gzf_wr64(e + 16, big.len - gzf_rd64(e + 8) + 1);
        fix_header_crc(p);
        snprintf(what, sizeof what, "section entry %u", i);
        snprintf(msg, sizeof msg, "section %u lies outside the file",
                 gzf_rd32(e));
        expect_open(p, big.len, 0, GAZTAG_CORRUPT, msg, what);
        free(p);
    }
    gaztag_buffer_free(big.data);
}

static void test_unicode_version_reads_back(void **state)
{
    (void)state;
    image big = compile_tsv(0, big_tsv);
    gaztag_gazetteer *g;
    gaztag_info in;
    gzf_wr32(big.data + GZF_H_UNICODE, 0x0F0100);
    fix_header_crc(big.data);
    assert_int_equal(gaztag_open_memory(big.data, big.len, 0, &g), GAZTAG_OK);
    gaztag_get_info(g, &in);
    assert_string_equal(in.unicode_version, "15.1.0");
    gaztag_close(g);
    gaztag_buffer_free(big.data);
}

static void test_misaligned_buffer(void **state)
{
    (void)state;
    image big = compile_tsv(0, big_tsv);
    uint8_t *p = malloc(big.len + 8);
    assert_non_null(p);
    memcpy(p + 4, big.data, big.len);
    expect_open(p + 4, big.len, 0, GAZTAG_INVALID,
                   "buffer is not 8-byte aligned", "misaligned");
    free(p);
    gaztag_buffer_free(big.data);
}

/* ---------------------------------------------------------- body damage */

typedef struct body_tally {
    size_t opened, tag_corrupt;
} body_tally;

static bool in_some_section(const image *im, size_t i)
{
    for (uint32_t k = 0; k < GZF_SEC_COUNT; k++) {
        const uint8_t *e = im->data + GZF_HEADER_SIZE + GZF_SECTION_SIZE * k;
        uint64_t off = gzf_rd64(e + 8), size = gzf_rd64(e + 16);
        if (i >= off && i - off < size)
            return true;
    }
    return false;
}

/* Tag with a damaged gazetteer: OK or CORRUPT, and every string of every
 * span readable.  Returns the longest-mode description. */
static gaztag_status tag_damaged(const gaztag_gazetteer *g, const char *text,
                                 char *out, size_t cap)
{
    size_t n;
    gaztag_tagger *t;
    const gaztag_span *s;
    gaztag_status st = tag_describe(g, text, 0, out, cap, &n);
    assert_true(st == GAZTAG_OK || st == GAZTAG_CORRUPT);
    assert_int_equal(gaztag_tagger_new(g, &t), GAZTAG_OK);
    gaztag_status all = gaztag_tag_text(t, text, strlen(text), GAZTAG_TAG_ALL,
                                        &s, &n);
    assert_true(all == GAZTAG_OK || all == GAZTAG_CORRUPT);
    gaztag_info in;
    gaztag_get_info(g, &in);
    for (size_t i = 0; all == GAZTAG_OK && i < n; i++) {
        /* A span the tagger returns never names entries past the end. */
        assert_true(s[i].n_entries >= 1);
        assert_true((uint64_t)s[i].first_entry + s[i].n_entries <=
                    in.n_entries);
        for (uint32_t k = 0; k < s[i].n_entries; k++) {
            gaztag_entry e;
            gaztag_status es = gaztag_span_entry(g, &s[i], k, &e);
            assert_true(es == GAZTAG_OK || es == GAZTAG_CORRUPT);
            if (es == GAZTAG_OK)
                assert_true(strlen(e.label) + (e.id ? strlen(e.id) : 0) +
                            (e.canonical ? strlen(e.canonical) : 0) < 1u << 20);
        }
    }
    gaztag_tagger_free(t);
    return st;
}

static void flip_body_byte(const image *im, const char *text,
                           const char *clean, size_t i, uint8_t x,
                           body_tally *tally)
{
    char msg[256], what[64], out[4096];
    gaztag_gazetteer *g;
    uint8_t *p = copy_prefix(im, im->len);
    p[i] ^= x;
    snprintf(what, sizeof what, "body byte %zu ^ 0x%02x", i, x);
    gaztag_status st = gaztag_open_memory(p, im->len, 0, &g);
    snprintf(msg, sizeof msg, "%s", gaztag_errmsg(g));
    assert_true(st == GAZTAG_OK || st == GAZTAG_CORRUPT);
    if (st == GAZTAG_OK) {
        tally->opened++;
        gaztag_status ts = tag_damaged(g, text, out, sizeof out);
        tally->tag_corrupt += ts == GAZTAG_CORRUPT;
        if (!in_some_section(im, i) && strcmp(out, clean) != 0)
            fail_msg("%s: padding changed the result", what);
        snprintf(msg, sizeof msg, "body checksum mismatch");
    }
    gaztag_close(g);
    expect_open(p, im->len, GAZTAG_OPEN_VERIFY, GAZTAG_CORRUPT, msg, what);
    free(p);
}

static void damage_body(const char *tsv, const char *text)
{
    image im = compile_tsv(0, tsv);
    gaztag_gazetteer *g;
    char clean[4096];
    size_t n;
    body_tally tally = {0, 0};
    assert_int_equal(gaztag_open_memory(im.data, im.len, 0, &g), GAZTAG_OK);
    assert_int_equal(tag_describe(g, text, 0, clean, sizeof clean, &n),
                     GAZTAG_OK);
    gaztag_close(g);
    for (size_t i = TABLE_END; i < im.len; i++) {
        flip_body_byte(&im, text, clean, i, 0xFF, &tally);
        flip_body_byte(&im, text, clean, i, 0x01, &tally);
    }
    /* Most damage goes unseen without verification, and some of it is
     * caught by the tagger: both paths were taken. */
    assert_true(tally.opened > (im.len - TABLE_END));
    assert_true(tally.tag_corrupt > 0);
    gaztag_buffer_free(im.data);
}

static void test_body_damage(void **state)
{
    (void)state;
    damage_body(big_tsv, big_text);
    damage_body(small_tsv, small_text);
}

/* ----------------------------------------------------------- on disk */

typedef struct tmpdir {
    char path[64];
} tmpdir;

static void tmpdir_make(tmpdir *d)
{
    snprintf(d->path, sizeof d->path, "/tmp/gaztag-gaz-XXXXXX");
    assert_non_null(mkdtemp(d->path));
}

static void expect_open_file(const char *path, gaztag_status want,
                             const char *want_msg)
{
    gaztag_gazetteer *g;
    gaztag_status st = gaztag_open(path, 0, &g);
    assert_non_null(g);
    support_expect_status(path, st, gaztag_errmsg(g), want, want_msg);
    gaztag_close(g);
}

static void test_open_file(void **state)
{
    (void)state;
    tmpdir d;
    char path[128], msg[256];
    image big = compile_tsv(0, big_tsv);
    tmpdir_make(&d);

    snprintf(path, sizeof path, "%s/missing.gaz", d.path);
    snprintf(msg, sizeof msg, "%s: No such file or directory", path);
    expect_open_file(path, GAZTAG_IO, msg);

    snprintf(path, sizeof path, "%s/empty.gaz", d.path);
    support_write_file(path, "", 0);
    snprintf(msg, sizeof msg, "%s: too small to be a gaztag gazetteer", path);
    expect_open_file(path, GAZTAG_FORMAT, msg);
    assert_int_equal(unlink(path), 0);

    snprintf(msg, sizeof msg, "%s: not a file", d.path);
    expect_open_file(d.path, GAZTAG_IO, msg);

    snprintf(path, sizeof path, "%s/short.gaz", d.path);
    support_write_file(path, big.data, 100);
    snprintf(msg, sizeof msg, "%s: file is 100 bytes, header says %zu "
             "(truncated?)", path, big.len);
    expect_open_file(path, GAZTAG_CORRUPT, msg);

    support_write_file(path, big.data, big.len);
    gaztag_gazetteer *g;
    gaztag_info in;
    char out[4096];
    size_t n;
    assert_int_equal(gaztag_open(path, GAZTAG_OPEN_VERIFY, &g), GAZTAG_OK);
    assert_string_equal(gaztag_errmsg(g), "");
    gaztag_get_info(g, &in);
    assert_int_equal(in.file_size, big.len);
    assert_int_equal(tag_describe(g, "Rome, Hong Kong", 0, out, sizeof out,
                                  &n), GAZTAG_OK);
    assert_string_equal(out, "0-4:PLACE|-;6-15:PLACE|-;");
    gaztag_close(g);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(d.path), 0);
    gaztag_buffer_free(big.data);
}

/* ------------------------------------------------- hashing at its edges */

typedef struct key_set_case {
    size_t n_names;     /* names k1 .. kN, or pN z with `phrases` */
    bool phrases;
    uint32_t n_vocab, n_phrases, vocab_mode, edge_mode;
} key_set_case;

static const key_set_case key_set_cases[] = {
    {0, false, 0, 0, GZF_MPH_EMPTY, GZF_MPH_EMPTY},
    {1, false, 1, 0, GZF_MPH_LINEAR, GZF_MPH_EMPTY},
    {2, false, 2, 0, GZF_MPH_LINEAR, GZF_MPH_EMPTY},
    {3, false, 3, 0, GZF_MPH_LINEAR, GZF_MPH_EMPTY},
    {8, false, 8, 0, GZF_MPH_LINEAR, GZF_MPH_EMPTY},
    {9, false, 9, 0, GZF_MPH_BDZ, GZF_MPH_EMPTY},
    {10, false, 10, 0, GZF_MPH_BDZ, GZF_MPH_EMPTY},
    {1, true, 2, 1, GZF_MPH_LINEAR, GZF_MPH_LINEAR},
    {7, true, 8, 7, GZF_MPH_LINEAR, GZF_MPH_LINEAR},
    {8, true, 9, 8, GZF_MPH_BDZ, GZF_MPH_LINEAR},
    {9, true, 10, 9, GZF_MPH_BDZ, GZF_MPH_BDZ},
    {10, true, 11, 10, GZF_MPH_BDZ, GZF_MPH_BDZ},
};

static size_t add_text(char *buf, size_t cap, size_t pos, const char *s)
{
    size_t n = strlen(s);
    assert_true(pos + n < cap);
    memcpy(buf + pos, s, n + 1);
    return pos + n;
}

/* The source of a case, a text naming k0 .. k(N+1) (or p0 z .. p(N+1) z),
 * and the expected description of its spans. */
static void key_set_inputs(const key_set_case *kc, char *tsv, char *text,
                           char *want, size_t cap)
{
    size_t tp = 0, xp = 0, wp = 0;
    tsv[0] = text[0] = want[0] = '\0';
    for (size_t i = 0; i <= kc->n_names + 1; i++) {
        char name[32], line[64], span[64];
        snprintf(name, sizeof name, kc->phrases ? "p%zu z" : "k%zu", i);
        if (i)
            xp = add_text(text, cap, xp, " ");
        if (i >= 1 && i <= kc->n_names) {
            snprintf(line, sizeof line, "%s\tPLACE\tQ%zu\n", name, i);
            tp = add_text(tsv, cap, tp, line);
            snprintf(span, sizeof span, "%zu-%zu:PLACE|Q%zu;", xp,
                     xp + strlen(name), i);
            wp = add_text(want, cap, wp, span);
        }
        xp = add_text(text, cap, xp, name);
    }
    xp = add_text(text, cap, xp, " z p1 k1z z");
}

static void test_key_set_sizes(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof key_set_cases / sizeof *key_set_cases; c++) {
        const key_set_case *kc = &key_set_cases[c];
        char tsv[1024], text[1024], want[1024], out[1024];
        gaztag_gazetteer *g;
        size_t n;
        key_set_inputs(kc, tsv, text, want, sizeof tsv);
        image im = compile_tsv(0, tsv);
        check_info(&im, kc->n_vocab, kc->n_phrases, (uint32_t)kc->n_names,
                   kc->n_names ? 1 : 0, kc->vocab_mode, kc->edge_mode);
        assert_int_equal(gaztag_open_memory(im.data, im.len, 0, &g),
                         GAZTAG_OK);
        assert_int_equal(tag_describe(g, text, 0, out, sizeof out, &n),
                         GAZTAG_OK);
        assert_int_equal(n, kc->n_names);
        assert_string_equal(out, want);
        gaztag_close(g);
        gaztag_buffer_free(im.data);
    }
}

/* Surface forms that share a key: one vocabulary slot, entries merged in
 * source order, exact duplicates dropped. */
typedef struct merge_case {
    unsigned norm_flags;
    const char *tsv;
    uint32_t n_vocab, n_entries, n_labels;
    const char *text, *want;
} merge_case;

#define BOKE3                                                                 \
    "Bok\xc3\xa9\tPLACE\tQ1\nBOKE\tPLACE\tQ2\nBoke\xcc\x81\tPLACE\tQ3\n"

static const merge_case merge_cases[] = {
    {0, BOKE3, 1, 3, 1, "boke BOK\xc3\x89",
     "0-4:PLACE|Q1|3;5-10:PLACE|Q1|3;"},
    {0, "Bok\xc3\xa9\tPLACE\nBOKE\tPLACE\nBoke\xcc\x81\tPLACE\n", 1, 1, 1,
     "Boke", "0-4:PLACE|-|1;"},
    {0, "Bok\xc3\xa9\tPLACE\nBOKE\tPERSON\nBoke\xcc\x81\tPLACE\n", 1, 2, 2,
     "Boke", "0-4:PLACE|-|2;"},
    {GAZTAG_KEEP_ACCENTS, BOKE3, 2, 3, 1, "boke bok\xc3\xa9",
     "0-4:PLACE|Q2|1;5-10:PLACE|Q1|2;"},
    {GAZTAG_CASE_SENSITIVE, BOKE3, 2, 3, 1, "BOKE Boke boke",
     "0-4:PLACE|Q2|1;5-9:PLACE|Q1|2;"},
};

static void describe_merged(const gaztag_gazetteer *g, const char *text,
                            char *out, size_t cap)
{
    gaztag_tagger *t;
    const gaztag_span *s;
    size_t n, pos = 0;
    assert_int_equal(gaztag_tagger_new(g, &t), GAZTAG_OK);
    assert_int_equal(gaztag_tag_text(t, text, strlen(text), 0, &s, &n),
                     GAZTAG_OK);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(out + pos, cap - pos, "%zu-%zu:%s|%s|%u;",
                         s[i].start, s[i].end, s[i].entry.label,
                         s[i].entry.id ? s[i].entry.id : "-", s[i].n_entries);
        assert_true(w > 0 && (size_t)w < cap - pos);
        pos += (size_t)w;
    }
    gaztag_tagger_free(t);
}

static void test_merged_keys(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof merge_cases / sizeof *merge_cases; c++) {
        const merge_case *mc = &merge_cases[c];
        image im = compile_tsv(mc->norm_flags, mc->tsv);
        gaztag_gazetteer *g;
        gaztag_info in;
        char out[256];
        assert_int_equal(gaztag_open_memory(im.data, im.len, 0, &g),
                         GAZTAG_OK);
        gaztag_get_info(g, &in);
        assert_int_equal(in.n_vocab, mc->n_vocab);
        assert_int_equal(in.n_entries, mc->n_entries);
        assert_int_equal(in.n_labels, mc->n_labels);
        describe_merged(g, mc->text, out, sizeof out);
        assert_string_equal(out, mc->want);
        gaztag_close(g);
        gaztag_buffer_free(im.data);
    }
}

/* The three entries of BOKE3, in source order, through gaztag_span_entry. */
static void test_merged_entries_in_order(void **state)
{
    (void)state;
    image im = compile_tsv(0, BOKE3);
    gaztag_gazetteer *g;
    gaztag_tagger *t;
    const gaztag_span *s;
    size_t n;
    gaztag_entry e;
    assert_int_equal(gaztag_open_memory(im.data, im.len, 0, &g), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_new(g, &t), GAZTAG_OK);
    assert_int_equal(gaztag_tag_text(t, "BOKE", 4, 0, &s, &n), GAZTAG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].n_entries, 3);
    for (size_t i = 0; i < 3; i++) {
        char id[4];
        snprintf(id, sizeof id, "Q%zu", i + 1);
        assert_int_equal(gaztag_span_entry(g, &s[0], i, &e), GAZTAG_OK);
        assert_string_equal(e.label, "PLACE");
        assert_string_equal(e.id, id);
        assert_null(e.canonical);
    }
    assert_int_equal(gaztag_span_entry(g, &s[0], 3, &e), GAZTAG_INVALID);
    gaztag_tagger_free(t);
    gaztag_close(g);
    gaztag_buffer_free(im.data);
}

/* ------------------------------------------------------- non-members */


#define WORD_CAP 8

static void random_word(rng *r, char *w)
{
    size_t len = 2 + rng_next(r) % 5;
    for (size_t i = 0; i < len; i++)
        w[i] = "abcdefghij"[rng_next(r) % 10];
    w[len] = '\0';
}

#define N_MEMBERS 200
#define N_PAIRS 100
#define N_PROBES 1000

typedef struct members {
    char words[N_MEMBERS + 2 * N_PAIRS][WORD_CAP];
    size_t n;
} members;

static bool is_member(const members *m, const char *w)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->words[i], w) == 0)
            return true;
    return false;
}

static void fresh_word(rng *r, members *m, char *w)
{
    do
        random_word(r, w);
    while (is_member(m, w));
}

/* 200 single words, and 100 pairs "xI yI"; the source as TSV. */
static void make_members(rng *r, members *m, char *tsv, size_t cap)
{
    size_t pos = 0;
    m->n = 0;
    for (size_t i = 0; i < N_MEMBERS + 2 * N_PAIRS; i++) {
        char w[WORD_CAP];
        fresh_word(r, m, w);
        memcpy(m->words[m->n++], w, WORD_CAP);
    }
    for (size_t i = 0; i < N_MEMBERS + N_PAIRS; i++) {
        char line[32];
        const char *second = i >= N_MEMBERS ? m->words[i + N_PAIRS] : "";
        snprintf(line, sizeof line, "%s%s%s\tPLACE\n", m->words[i],
                 *second ? " " : "", second);
        pos = add_text(tsv, cap, pos, line);
    }
}

static size_t count_spans(const gaztag_gazetteer *g, const char *text,
                          unsigned flags)
{
    char out[1 << 16];
    size_t n;
    assert_int_equal(tag_describe(g, text, flags, out, sizeof out, &n),
                     GAZTAG_OK);
    return n;
}

static void test_non_members(void **state)
{
    (void)state;
    static members m;
    static char tsv[16384], text[16384];
    rng r = {0x6e6f6e6d656d62ull};
    size_t pos = 0;
    make_members(&r, &m, tsv, sizeof tsv);
    image im = compile_tsv(0, tsv);
    gaztag_gazetteer *g;
    assert_int_equal(gaztag_open_memory(im.data, im.len, 0, &g), GAZTAG_OK);
    assert_int_equal(g->vocab_mode, GZF_MPH_BDZ);
    assert_int_equal(g->edge_mode, GZF_MPH_BDZ);
    for (size_t i = 0; i < N_PROBES; i++) {
        char w[WORD_CAP];
        fresh_word(&r, &m, w);
        pos = add_text(text, sizeof text, pos, i ? " " : "");
        pos = add_text(text, sizeof text, pos, w);
    }
    assert_int_equal(count_spans(g, text, GAZTAG_TAG_ALL), 0);

    /* Known tokens in unknown orders: first words of pairs followed by
     * the wrong second word, second words alone. */
    pos = 0;
    for (size_t i = 0; i < N_PAIRS; i++) {
        const char *x = m.words[N_MEMBERS + i];
        const char *y = m.words[N_MEMBERS + N_PAIRS + (i + 1) % N_PAIRS];
        pos = add_text(text, sizeof text, pos, x);
        pos = add_text(text, sizeof text, pos, " ");
        pos = add_text(text, sizeof text, pos, y);
        pos = add_text(text, sizeof text, pos, " . ");
    }
    assert_int_equal(count_spans(g, text, GAZTAG_TAG_ALL), 0);

    /* The members themselves are all found. */
    pos = 0;
    for (size_t i = 0; i < N_MEMBERS + N_PAIRS; i++) {
        pos = add_text(text, sizeof text, pos, m.words[i]);
        if (i >= N_MEMBERS) {
            pos = add_text(text, sizeof text, pos, " ");
            pos = add_text(text, sizeof text, pos, m.words[i + N_PAIRS]);
        }
        pos = add_text(text, sizeof text, pos, " , ");
    }
    assert_int_equal(count_spans(g, text, 0), N_MEMBERS + N_PAIRS);
    gaztag_close(g);
    gaztag_buffer_free(im.data);
}

/* CRC-32C bit by bit (reflected polynomial 0x82F63B78): the reference
 * the table and the SSE4.2 instruction must both agree with. */
static uint32_t crc32c_bitwise(uint32_t crc, const uint8_t *p, size_t len)
{
    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
    }
    return ~crc;
}

/* The checksum: the standard check value, and every length from 0 to 300
 * at every alignment, whole and in two parts, against the bitwise
 * reference. */
static void test_crc32c(void **state)
{
    (void)state;
    uint8_t buf[320];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (uint8_t)(x >> 16);
    }
    assert_int_equal(gzf_crc32c(0, "123456789", 9), 0xE3069283u);
    assert_int_equal(gzf_crc32c(0, "", 0), 0);
    size_t checked = 0;
    for (size_t off = 0; off < 8; off++)
        for (size_t n = 0; n <= 300; n++) {
            uint32_t want = crc32c_bitwise(0, buf + off, n);
            assert_int_equal(gzf_crc32c(0, buf + off, n), want);
            size_t k = n / 3;
            assert_int_equal(gzf_crc32c(gzf_crc32c(0, buf + off, k), buf + off + k,
                                        n - k),
                             want);
            checked++;
        }
    assert_int_equal(checked, 8 * 301);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32c),
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_header_flips),
        cmocka_unit_test(test_rewritten_fields),
        cmocka_unit_test(test_section_one_byte_too_long),
        cmocka_unit_test(test_unicode_version_reads_back),
        cmocka_unit_test(test_misaligned_buffer),
        cmocka_unit_test(test_body_damage),
        cmocka_unit_test(test_open_file),
        cmocka_unit_test(test_key_set_sizes),
        cmocka_unit_test(test_merged_keys),
        cmocka_unit_test(test_merged_entries_in_order),
        cmocka_unit_test(test_non_members),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
