/*
 * test_json_read.c -- the CLI's JSON reader: table-driven valid and
 * invalid documents, every prefix of valid ones and random input (each in
 * a buffer of its exact size, so AddressSanitizer sees any read past the
 * end), the nesting limit and member lookup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/json_read.h"
#include "support.h"

/* A compact rendering of a value: strings with their bytes as decoded
 * (control bytes as \u00XX, quotes and backslashes escaped), numbers as
 * written. */
typedef struct dump {
    char s[2048];
    size_t n;
} dump;

static void put(dump *d, const char *s, size_t len)
{
    assert_true(d->n + len < sizeof d->s);
    memcpy(d->s + d->n, s, len);
    d->n += len;
    d->s[d->n] = '\0';
}

static void put_string(dump *d, const char *s, size_t len)
{
    put(d, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put(d, esc, 6);
        } else if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(d, esc, 2);
        } else {
            put(d, s + i, 1);
        }
    }
    put(d, "\"", 1);
}

static void put_value(dump *d, const json_value *v)
{
    switch (v->type) {
    case JSON_NULL:
        put(d, "null", 4);
        break;
    case JSON_FALSE:
        put(d, "false", 5);
        break;
    case JSON_TRUE:
        put(d, "true", 4);
        break;
    case JSON_NUMBER:
        assert_int_equal(strlen(v->u.s), v->len);
        put(d, v->u.s, v->len);
        break;
    case JSON_STRING:
        assert_int_equal(v->u.s[v->len], '\0');
        put_string(d, v->u.s, v->len);
        break;
    case JSON_ARRAY:
        put(d, "[", 1);
        for (size_t i = 0; i < v->len; i++) {
            if (i)
                put(d, ",", 1);
            put_value(d, &v->u.items[i]);
        }
        put(d, "]", 1);
        break;
    case JSON_OBJECT:
        put(d, "{", 1);
        for (size_t i = 0; i < v->len; i++) {
            if (i)
                put(d, ",", 1);
            put_string(d, v->u.members[i].key, v->u.members[i].key_len);
            put(d, ":", 1);
            put_value(d, &v->u.members[i].value);
        }
        put(d, "}", 1);
        break;
    }
}

/* Parse s[0..len) from a buffer of exactly that size. */
static json_doc *parse_exact(const char *s, size_t len, json_error *err)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, s, len);
    json_doc *d = json_parse(copy, len, err);
    free(copy); /* the tree owns copies of everything it holds */
    return d;
}

typedef struct valid_case {
    const char *in;
    const char *out;
} valid_case;

static const valid_case valid[] = {
    {"null", "null"},
    {" \t\r\ntrue\n", "true"},
    {"false", "false"},
    {"0", "0"},
    {"-0", "-0"},
    {"12.50e+3", "12.50e+3"},
    {"-1E-2", "-1E-2"},
    {"\"\"", "\"\""},
    {"\"a\\\"b\\\\c\\/d\"", "\"a\\\"b\\\\c/d\""},
    {"\"\\b\\f\\n\\r\\t\"", "\"\\u0008\\u000c\\u000a\\u000d\\u0009\""},
    {"\"\\u0041\\u00e9\\u20AC\"", "\"A\xC3\xA9\xE2\x82\xAC\""},
    {"\"\\u0000x\"", "\"\\u0000x\""},
    {"\"\\ud83c\\uddeb\\uD83C\\uDDF7\"", "\"\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7\""},
    {"\"\\uDBFF\\uDFFF\"", "\"\xF4\x8F\xBF\xBF\""},
    {"\"Boké 𝗡\"", "\"Boké 𝗡\""},
    {"[]", "[]"},
    {"[ ]", "[]"},
    {"{}", "{}"},
    {"[1,[2,[3,{}]],\"x\"]", "[1,[2,[3,{}]],\"x\"]"},
    {"{\"label\": \"ORG\", \"pattern\": [{\"LOWER\": \"apple\"}], \"id\": null}",
     "{\"label\":\"ORG\",\"pattern\":[{\"LOWER\":\"apple\"}],\"id\":null}"},
    {"{\"a\":1,\"a\":2}", "{\"a\":1,\"a\":2}"},
    {"{\"\\u00e9\":true}", "{\"\xC3\xA9\":true}"},
    /* runs of backslashes before a quote: even, the string ends there */
    {"[\"\\\\\", \"\\\\\\\"\", \"a\\\\\\\\\", \"\\\"q\\\"\"]",
     "[\"\\\\\",\"\\\\\\\"\",\"a\\\\\\\\\",\"\\\"q\\\"\"]"},
};

static void test_valid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid / sizeof *valid; i++) {
        json_error err = {0, NULL};
        json_doc *d = parse_exact(valid[i].in, strlen(valid[i].in), &err);
        if (!d)
            fail_msg("'%s': %s at %zu", valid[i].in, err.reason, err.offset);
        dump out = {{0}, 0};
        put_value(&out, json_doc_root(d));
        assert_string_equal(out.s, valid[i].out);
        json_doc_free(d);
    }
}

typedef struct invalid_case {
    const char *in;
    size_t len; /* 0: strlen */
    size_t offset;
    const char *reason;
} invalid_case;

static const invalid_case invalid[] = {
    {"", 0, 0, "expected a value, found the end"},
    {"   ", 0, 3, "expected a value, found the end"},
    {"nul", 0, 0, "invalid literal (true, false or null?)"},
    {"True", 0, 0, "expected a value"},
    {"01", 0, 1, "invalid number: leading zero"},
    {"-", 0, 1, "invalid number: a digit must follow '-'"},
    {"-a", 0, 1, "invalid number: a digit must follow '-'"},
    {"1.", 0, 2, "invalid number: a digit must follow '.'"},
    {"1.e5", 0, 2, "invalid number: a digit must follow '.'"},
    {"1e", 0, 2, "invalid number: a digit must follow the exponent"},
    {"1e+", 0, 3, "invalid number: a digit must follow the exponent"},
    {".5", 0, 0, "expected a value"},
    {"+1", 0, 0, "expected a value"},
    {"1 2", 0, 2, "unexpected text after the value"},
    {"\"abc", 0, 0, "unterminated string"},
    {"\"abc\\\"", 0, 0, "unterminated string"},
    {"\"a\\", 0, 0, "unterminated string"},
    {"\"a\tb\"", 0, 2, "control character in a string (escape it)"},
    {"\"a\\x\"", 0, 2, "invalid escape"},
    {"\"\\u12\"", 0, 1, "invalid \\u escape (four hex digits)"},
    {"\"\\u12G4\"", 0, 1, "invalid \\u escape (four hex digits)"},
    {"\"\\ud83c\"", 0, 1,
     "lone high surrogate (a \\uDC00-\\uDFFF escape must follow)"},
    {"\"\\ud83cx\\udc00\"", 0, 1,
     "lone high surrogate (a \\uDC00-\\uDFFF escape must follow)"},
    {"\"\\ud83c\\u0041\"", 0, 1,
     "lone high surrogate (a \\uDC00-\\uDFFF escape must follow)"},
    {"\"\\udc00\"", 0, 1, "lone low surrogate"},
    {"\"\xC3\"", 0, 1, "invalid UTF-8"},
    {"\"\xC0\xAF\"", 0, 1, "invalid UTF-8"},
    {"\"\xED\xA0\x80\"", 0, 1, "invalid UTF-8"},
    {"\"\xF4\x90\x80\x80\"", 0, 1, "invalid UTF-8"},
    {"\"a\0b\"", 5, 2, "control character in a string (escape it)"},
    {"[1,]", 0, 3, "expected a value"},
    {"[1 2]", 0, 3, "expected ',' or ']'"},
    {"[1", 0, 2, "the input ends inside an array"},
    {"{\"a\":1", 0, 6, "the input ends inside an object"},
    {"{\"a\" 1}", 0, 5, "expected ':'"},
    {"{\"a\":1,}", 0, 7, "expected a string (a member name)"},
    {"{a:1}", 0, 1, "expected a string (a member name)"},
    {"{\"a\":1 \"b\":2}", 0, 7, "expected ',' or '}'"},
    {"{\"a\":}", 0, 5, "expected a value"},
    {"\xEF\xBB\xBF{}", 0, 0, "expected a value"},
};

static void test_invalid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
        const invalid_case *c = &invalid[i];
        json_error err = {99, NULL};
        size_t len = c->len ? c->len : strlen(c->in);
        json_doc *d = parse_exact(c->in, len, &err);
        if (d)
            fail_msg("'%s' was accepted", c->in);
        assert_non_null(err.reason);
        if (strcmp(err.reason, c->reason) != 0 || err.offset != c->offset)
            fail_msg("'%s': got '%s' at %zu, want '%s' at %zu", c->in,
                     err.reason, err.offset, c->reason, c->offset);
    }
}

/* Every proper prefix of a valid document is refused (or, for a number,
 * read as a shorter number), never read past. */
static void test_prefixes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid / sizeof *valid; i++) {
        size_t len = strlen(valid[i].in);
        for (size_t k = 0; k < len; k++) {
            json_error err;
            json_doc *d = parse_exact(valid[i].in, k, &err);
            if (d) {
                json_type t = json_doc_root(d)->type;
                assert_true(t == JSON_NUMBER || t == JSON_TRUE ||
                            t == JSON_NULL || t == JSON_FALSE);
                json_doc_free(d);
            } else {
                assert_true(err.offset <= k);
            }
        }
    }
}

/* Random strings over JSON's own bytes (and a few others): no crash, no
 * read outside the buffer, errors inside it. */
static void test_random(void **state)
{
    (void)state;
    static const char alphabet[] = "{}[],:\"\\u0123456789abcdefABCDEF.eE+-"
                                   "tnrl \n\xC3\xA9\xED\xF0\x9F";
    rng r = {20261127};
    char buf[48];
    size_t accepted = 0;
    for (int iter = 0; iter < 200000; iter++) {
        size_t len = rng_next(&r) % sizeof buf;
        for (size_t k = 0; k < len; k++)
            buf[k] = alphabet[rng_next(&r) % (sizeof alphabet - 1)];
        json_error err;
        json_doc *d = parse_exact(buf, len, &err);
        if (d) {
            accepted++;
            json_doc_free(d);
        } else {
            assert_true(err.offset <= len);
        }
    }
    assert_true(accepted > 0);
}

static void test_depth(void **state)
{
    (void)state;
    char buf[2 * (JSON_MAX_DEPTH + 1)];
    for (size_t depth = JSON_MAX_DEPTH; depth <= JSON_MAX_DEPTH + 1;
         depth++) {
        memset(buf, '[', depth);
        memset(buf + depth, ']', depth);
        json_error err;
        json_doc *d = parse_exact(buf, 2 * depth, &err);
        if (depth == JSON_MAX_DEPTH) {
            assert_non_null(d);
        } else {
            assert_null(d);
            assert_int_equal(err.offset, JSON_MAX_DEPTH);
            assert_string_equal(err.reason,
                                "nested deeper than 256 arrays and objects");
        }
        json_doc_free(d);
    }
}

static void test_get_and_numbers(void **state)
{
    (void)state;
    const char *in = "{\"label\": \"org\", \"n\": -12.5e1, \"label\": "
                     "\"ORG\", \"big\": 1e400, \"nul\": \"a\\u0000b\"}";
    json_error err;
    json_doc *d = parse_exact(in, strlen(in), &err);
    assert_non_null(d);
    const json_value *root = json_doc_root(d);
    assert_int_equal(root->type, JSON_OBJECT);
    assert_int_equal(root->len, 5);
    const json_value *label = json_get(root, "label");
    assert_non_null(label);
    assert_string_equal(label->u.s, "ORG"); /* the last one */
    assert_true(json_get(root, "n")->num == -125.0);
    assert_true(json_get(root, "big")->num > 1e300);
    const json_value *nul = json_get(root, "nul");
    assert_int_equal(nul->len, 3);
    assert_memory_equal(nul->u.s, "a\0b", 3);
    assert_null(json_get(root, "pattern"));
    assert_null(json_get(label, "label")); /* not an object */
    assert_null(json_get(NULL, "label"));
    json_doc_free(d);
    json_doc_free(NULL);
}

/* Strings and arrays larger than an arena block. */
static void test_large(void **state)
{
    (void)state;
    size_t n = 100000;
    char *in = malloc(2 * n + 8);
    assert_non_null(in);
    size_t len = 0;
    in[len++] = '[';
    for (size_t i = 0; i < n / 2; i++) {
        in[len++] = '1';
        in[len++] = ',';
    }
    in[len - 1] = ']';
    json_error err;
    json_doc *d = parse_exact(in, len, &err);
    assert_non_null(d);
    assert_int_equal(json_doc_root(d)->len, n / 2);
    json_doc_free(d);
    in[0] = '"';
    memset(in + 1, 'x', 2 * n);
    in[2 * n + 1] = '"';
    d = parse_exact(in, 2 * n + 2, &err);
    assert_non_null(d);
    assert_int_equal(json_doc_root(d)->len, 2 * n);
    json_doc_free(d);
    free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_prefixes),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_get_and_numbers),
        cmocka_unit_test(test_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
