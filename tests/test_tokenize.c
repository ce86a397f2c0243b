/*
 * test_tokenize.c -- the token rules, table-driven: each case is a text and
 * the exact tokens (byte offsets and class) it must give.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tokenize.h"

#define MAX_TOKENS 8

typedef struct token_case {
    const char *text;
    size_t n;
    struct { size_t start, end; uint8_t cls; } tok[MAX_TOKENS];
} token_case;

#define W TOK_WORD
#define P TOK_PUNCT
static const token_case cases[] = {
    {"", 0, {{0}}},
    {"  \t\n", 0, {{0}}},
    {"Conakry", 1, {{0, 7, W}}},
    {"l’Ukraine", 2, {{0, 1, W}, {4, 11, W}}},              /* U+2019 */
    {"l'Ukraine", 2, {{0, 1, W}, {2, 9, W}}},
    {"lʼUkraine", 2, {{0, 1, W}, {3, 10, W}}},              /* U+02BC */
    {"‘a", 1, {{3, 4, W}}},                                   /* U+2018 */
    {"Haut-Karabakh", 2, {{0, 4, W}, {5, 13, W}}},
    {"Haut‐K", 2, {{0, 4, W}, {7, 8, W}}},                  /* U+2010 */
    {"Haut‑K", 2, {{0, 4, W}, {7, 8, W}}},                  /* U+2011 */
    {"Haut\xC2\xAD" "K", 2, {{0, 4, W}, {6, 7, W}}},          /* soft hyphen */
    {"a – b", 3, {{0, 1, W}, {2, 5, P}, {6, 7, W}}},          /* en dash */
    {"a—b", 3, {{0, 1, W}, {1, 4, P}, {4, 5, W}}},            /* em dash */
    {"«\xC2\xA0Il\xC2\xA0»", 3, {{0, 2, P}, {4, 6, W}, {8, 10, P}}},
    {"a\xE2\x80\xAF;", 2, {{0, 1, W}, {4, 5, P}}},            /* U+202F */
    {"Washington. Post", 3, {{0, 10, W}, {10, 11, P}, {12, 16, W}}},
    {"Boke\xCC\x81!", 2, {{0, 6, W}, {6, 7, P}}},             /* e + U+0301 */
    {"\xF0\x9D\x97\x96\xF0\x9D\x97\xBC", 1, {{0, 8, W}}},     /* bold Co */
    {"\xF0\x9D\x9F\xAE" "6", 1, {{0, 5, W}}},                 /* bold 2, 6 */
    {"AT&T", 3, {{0, 2, W}, {2, 3, P}, {3, 4, W}}},
    {"x\xFFy", 2, {{0, 1, W}, {2, 3, W}}},                    /* bad byte */
    {"x\xE2\x82y", 2, {{0, 1, W}, {3, 4, W}}},                /* truncated */
    {"x\xED\xA0\x80y", 2, {{0, 1, W}, {4, 5, W}}},            /* surrogate */
    {"x\xC0\xAFy", 2, {{0, 1, W}, {3, 4, W}}},                /* overlong */
    {"x\xF4\x90\x80\x80y", 2, {{0, 1, W}, {5, 6, W}}},        /* > 10FFFF */
    {"a\0b", 2, {{0, 1, W}, {2, 3, W}}},                      /* NUL */
    {"2024年", 1, {{0, 7, W}}},
    {"😀x", 2, {{0, 4, P}, {4, 5, W}}},                       /* So */
    {"Моску", 1, {{0, 10, W}}},
    {"a\xE2\x80\x8E" "b", 2, {{0, 1, W}, {4, 5, W}}},         /* LRM (Cf) */
    {"a\xE2\x80\x8B" "b\xEF\xBB\xBF", 2, {{0, 1, W}, {4, 5, W}}}, /* ZWSP, BOM */
    {"\xD9\x85\xE2\x80\x8C\xD9\x8A", 1, {{0, 7, W}}},    /* ZWNJ joins */
};
#undef W
#undef P

static void test_token_table(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const token_case *k = &cases[c];
        size_t len = strlen(k->text);
        if (c == 25)
            len = 3; /* the case with a NUL byte */
        tok_stream ts;
        tok_token t;
        size_t n = 0;
        tok_init(&ts, k->text, len);
        while (tok_next(&ts, &t)) {
            assert_true(n < k->n);
            assert_int_equal(t.start, k->tok[n].start);
            assert_int_equal(t.end, k->tok[n].end);
            assert_int_equal(t.cls, k->tok[n].cls);
            n++;
        }
        if (n != k->n)
            fail_msg("case %zu: %zu tokens, want %zu", c, n, k->n);
    }
}

/* Code points and UTF-16 units: one per maximal ill-formed subpart. */
static void test_unit_offsets(void **state)
{
    (void)state;
    /* "é" 2 bytes/1 cp/1 unit; bold C 4/1/2; E2 82 one subpart; then "z". */
    static const char text[] = "\xC3\xA9 \xF0\x9D\x97\x96 \xE2\x82z \xF0\x9F\x98z";
    tok_stream ts;
    tok_token t;
    tok_init(&ts, text, sizeof text - 1);
    assert_true(tok_next(&ts, &t));
    assert_int_equal(t.cend, 1);
    assert_false(t.ascii);
    assert_true(tok_next(&ts, &t));
    assert_int_equal(t.cstart, 2);
    assert_int_equal(t.ustart, 2);
    assert_int_equal(t.uend, 4);
    assert_true(tok_next(&ts, &t));
    assert_int_equal(t.start, 10);
    assert_int_equal(t.cstart, 5);
    assert_int_equal(t.ustart, 6);
    assert_true(t.ascii);
    assert_true(tok_next(&ts, &t));
    assert_int_equal(t.start, 15);
    assert_int_equal(t.cstart, 8);
    assert_int_equal(t.ustart, 9);
    assert_false(tok_next(&ts, &t));
}

static void test_decode(void **state)
{
    (void)state;
    int32_t cp;
    assert_int_equal(tok_decode((const uint8_t *)"A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(tok_decode((const uint8_t *)"\xE2\x80\x99", 3, &cp), 3);
    assert_int_equal(cp, 0x2019);
    assert_int_equal(tok_decode((const uint8_t *)"\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(tok_decode((const uint8_t *)"\xF0\x9F\x98", 3, &cp), 3);
    assert_int_equal(cp, -1);
    assert_int_equal(tok_decode((const uint8_t *)"\xE0\x80\x80", 3, &cp), 1);
    assert_int_equal(cp, -1);
    assert_int_equal(tok_decode((const uint8_t *)"\x80", 1, &cp), 1);
    assert_int_equal(cp, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_table),
        cmocka_unit_test(test_unit_offsets),
        cmocka_unit_test(test_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
