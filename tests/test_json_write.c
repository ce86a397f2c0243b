/*
 * test_json_write.c -- the CLI's JSON writer: numbers of every length
 * (the eight-digit groups of put_num and the longest numbers), and span
 * objects whose offsets take each path of jw_offsets: all equal (ASCII
 * text), code points apart from bytes, UTF-16 units apart from code
 * points, and offsets past 10^8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "support.h"

/* What `write` puts out through a json_out, NUL-terminated. */
static void output(void (*write)(json_out *, const void *), const void *arg,
                   char *buf, size_t size)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    json_out *w = json_out_new(f);
    assert_non_null(w);
    write(w, arg);
    assert_int_equal(json_out_flush(w), 0);
    json_out_free(w);
    rewind(f);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

static void write_uint(json_out *w, const void *arg)
{
    json_uint(w, *(const size_t *)arg);
}

static void test_numbers(void **state)
{
    (void)state;
    static const struct {
        size_t v;
        const char *text;
    } cases[] = {
        {0, "0"}, {7, "7"}, {10, "10"}, {99, "99"}, {100, "100"},
        {1000, "1000"}, {10001, "10001"}, {1234567, "1234567"},
        {10000000, "10000000"}, {99999999, "99999999"},
        {100000000, "100000000"}, {100000001, "100000001"},
        {123456789, "123456789"}, {4294967296u, "4294967296"},
        {UINT64_C(9999999999999999), "9999999999999999"},
        {UINT64_C(10000000000000000), "10000000000000000"},
        {UINT64_C(18446744073709551615), "18446744073709551615"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        output(write_uint, &cases[i].v, buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
    }
    /* every power of ten and its neighbours, against printf */
    for (size_t p = 1; p <= UINT64_C(1000000000000000000); p *= 10) {
        for (size_t v = p - 1; v <= p + 1; v++) {
            char want[32];
            snprintf(want, sizeof want, "%zu", v);
            output(write_uint, &v, buf, sizeof buf);
            assert_string_equal(buf, want);
        }
    }
}

static void write_span(json_out *w, const void *arg)
{
    json_span(w, NULL, arg, true);
}

static gaztag_span span(size_t start, size_t end, size_t cstart, size_t cend,
                        size_t ustart, size_t uend, const char *text)
{
    gaztag_span s = {.start = start, .end = end, .cstart = cstart,
                     .cend = cend, .ustart = ustart, .uend = uend,
                     .text = text, .n_entries = 1,
                     .origin = GAZTAG_FROM_GAZETTEER};
    s.entry.label = "PLACE";
    return s;
}

#define BOLD_NAME "\xF0\x9D\x97\x96\xF0\x9D\x97\xBC\xF0\x9D\x97\xBB" \
    "\xF0\x9D\x97\xAE\xF0\x9D\x97\xB8\xF0\x9D\x97\xBF\xF0\x9D\x98\x86"

static void test_span_offsets(void **state)
{
    (void)state;
    static const struct {
        size_t off[6]; /* start, end, cstart, cend, ustart, uend */
        const char *text, *json;
    } cases[] = {
        /* ASCII text: all three kinds of offsets equal */
        {{4, 10, 4, 10, 4, 10}, "Fulton",
         "{\"start\": 4, \"end\": 10, \"cstart\": 4, \"cend\": 10, "
         "\"ustart\": 4, \"uend\": 10, \"text\": \"Fulton\", "
         "\"label\": \"PLACE\", \"source\": \"gazetteer\"}"},
        /* after accented letters: code points apart, UTF-16 as code points */
        {{1203, 1210, 1187, 1193, 1187, 1193}, "Conakry",
         "{\"start\": 1203, \"end\": 1210, \"cstart\": 1187, \"cend\": 1193, "
         "\"ustart\": 1187, \"uend\": 1193, \"text\": \"Conakry\", "
         "\"label\": \"PLACE\", \"source\": \"gazetteer\"}"},
        /* mathematical bold letters (4 bytes, 2 UTF-16 units), past 10^8 */
        {{99999996, 100000024, 88888888, 88888895, 90000000, 90000014},
         BOLD_NAME,
         "{\"start\": 99999996, \"end\": 100000024, \"cstart\": 88888888, "
         "\"cend\": 88888895, \"ustart\": 90000000, \"uend\": 90000014, "
         "\"text\": \"" BOLD_NAME "\", \"label\": \"PLACE\", "
         "\"source\": \"gazetteer\"}"},
        /* bytes equal to code points, UTF-16 apart (one unit more) */
        {{7, 9, 7, 9, 8, 10}, "Lo",
         "{\"start\": 7, \"end\": 9, \"cstart\": 7, \"cend\": 9, "
         "\"ustart\": 8, \"uend\": 10, \"text\": \"Lo\", "
         "\"label\": \"PLACE\", \"source\": \"gazetteer\"}"},
    };
    char buf[512];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const size_t *o = cases[i].off;
        gaztag_span s = span(o[0], o[1], o[2], o[3], o[4], o[5], cases[i].text);
        output(write_span, &s, buf, sizeof buf);
        assert_string_equal(buf, cases[i].json);
    }
}

static void write_spans(json_out *w, const void *arg)
{
    const gaztag_span *s = arg;
    json_spans(w, NULL, s, 6);
}

/* Labels change from span to span, need escaping or are long: the label
 * kept from one span must never be written for another. */
static void test_span_labels(void **state)
{
    (void)state;
    static const char *const labels[6] = {
        "PLACE", "PERSON", "PLACE", "PLACE \"X\"",
        "A_LABEL_OF_MORE_THAN_THIRTY_TWO_BYTES", "PLAC"};
    gaztag_span s[6];
    char buf[2048], want[2048];
    size_t n = 0;
    n += (size_t)snprintf(want + n, sizeof want - n, "[");
    for (size_t i = 0; i < 6; i++) {
        s[i] = span(2 * i, 2 * i + 1, 2 * i, 2 * i + 1, 2 * i, 2 * i + 1, "x");
        s[i].entry.label = labels[i];
        n += (size_t)snprintf(want + n, sizeof want - n,
            "%s{\"start\": %zu, \"end\": %zu, \"cstart\": %zu, \"cend\": %zu, "
            "\"ustart\": %zu, \"uend\": %zu, \"text\": \"x\", \"label\": \"%s\", "
            "\"source\": \"gazetteer\"}", i ? ", " : "", 2 * i, 2 * i + 1,
            2 * i, 2 * i + 1, 2 * i, 2 * i + 1,
            i == 3 ? "PLACE \\\"X\\\"" : labels[i]);
    }
    snprintf(want + n, sizeof want - n, "]");
    output(write_spans, s, buf, sizeof buf);
    assert_string_equal(buf, want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_span_offsets),
        cmocka_unit_test(test_span_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
