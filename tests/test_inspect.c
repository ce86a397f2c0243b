/*
 * test_inspect.c -- the inspection API (gaztag_tokens, gaztag_lookup,
 * gaztag_entry_at, gaztag_entry_accepts, gaztag_foreach_key) on the fixture
 * gazetteer and on a flagged one, with exact expected values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gaztag.h"
#include "support.h"

static void test_tokens(void **state)
{
    (void)state;
    gaztag_token t[8];
    const char *text = "l\xE2\x80\x99Union, 2026!";
    size_t n = gaztag_tokens(text, strlen(text), t, 8);
    assert_int_equal(n, 5); /* l ’ Union , 2026 ! minus the apostrophe */
    size_t want[5][3] = {{0, 1, 1}, {4, 9, 1}, {9, 10, 0}, {11, 15, 1},
                         {15, 16, 0}};
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(t[i].start, want[i][0]);
        assert_int_equal(t[i].end, want[i][1]);
        assert_int_equal(t[i].is_word, (int)want[i][2]);
    }
    assert_int_equal(gaztag_tokens(text, strlen(text), t, 2), 5);
}

static void test_lookup(void **state)
{
    (void)state;
    void *image;
    gaztag_gazetteer *g = support_open_tsv(
        "Washington\tPLACE\tdc\n"
        "Washington\tPERSON\tgw\n"
        "Washington Post\tOUTLET\twapo\n"
        "C\xC3\xB4te d'Ivoire\tPLACE\tciv\n", &image);
    uint32_t first, count;
    gaztag_entry e;
    assert_int_equal(gaztag_lookup(g, "WASHINGTON", 10, &first, &count),
                     GAZTAG_OK);
    assert_int_equal(count, 2);
    assert_int_equal(gaztag_entry_at(g, first, &e), GAZTAG_OK);
    assert_string_equal(e.id, "dc");
    assert_int_equal(gaztag_entry_at(g, first + 1, &e), GAZTAG_OK);
    assert_string_equal(e.id, "gw");
    assert_int_equal(gaztag_lookup(g, "cote d\xE2\x80\x99ivoire", 15, &first,
                                   &count), GAZTAG_OK);
    assert_int_equal(count, 1);
    assert_int_equal(gaztag_entry_at(g, first, &e), GAZTAG_OK);
    assert_string_equal(e.id, "civ");
    /* A prefix of a name, and an unknown name: no entries. */
    assert_int_equal(gaztag_lookup(g, "Cote d", 6, &first, &count), GAZTAG_OK);
    assert_int_equal(count, 0);
    assert_int_equal(gaztag_lookup(g, "Lagos", 5, &first, &count), GAZTAG_OK);
    assert_int_equal(count, 0);
    assert_int_equal(gaztag_entry_at(g, 4, &e), GAZTAG_CORRUPT);
    gaztag_close(g);
    gaztag_buffer_free(image);
}

static void test_accepts(void **state)
{
    (void)state;
    void *image;
    gaztag_gazetteer *g = support_open_tsv(
        "Nice\tPLACE\tnice\t\tcap\n"
        "US\tPLACE\tus\t\tcase\n"
        "Paris\tPLACE\tparis\t\t-\n", &image);
    uint32_t first, count;
    assert_int_equal(gaztag_lookup(g, "nice", 4, &first, &count), GAZTAG_OK);
    assert_int_equal(count, 1);
    assert_int_equal(gaztag_entry_accepts(g, first, "Nice", 4), 1);
    assert_int_equal(gaztag_entry_accepts(g, first, "nice", 4), 0);
    assert_int_equal(gaztag_lookup(g, "us", 2, &first, &count), GAZTAG_OK);
    assert_int_equal(gaztag_entry_accepts(g, first, "US", 2), 1);
    assert_int_equal(gaztag_entry_accepts(g, first, "Us", 2), 0);
    assert_int_equal(gaztag_lookup(g, "Paris", 5, &first, &count), GAZTAG_OK);
    assert_int_equal(count, 1);
    gaztag_entry e;
    assert_int_equal(gaztag_entry_at(g, first, &e), GAZTAG_OK);
    assert_int_equal(e.flags, GAZTAG_ENTRY_REMOVE);
    assert_int_equal(gaztag_entry_accepts(g, first, "Paris", 5), 0);
    assert_int_equal(gaztag_entry_refusal(g, first, "Paris", 5),
                     GAZTAG_ENTRY_REMOVE);
    assert_int_equal(gaztag_lookup(g, "nice", 4, &first, &count), GAZTAG_OK);
    assert_int_equal(gaztag_entry_refusal(g, first, "nice", 4), GAZTAG_ENTRY_CAP);
    assert_int_equal(gaztag_entry_refusal(g, first, "NICE", 4), 0);
    assert_int_equal(gaztag_lookup(g, "us", 2, &first, &count), GAZTAG_OK);
    assert_int_equal(gaztag_entry_refusal(g, first, "uS", 2), GAZTAG_ENTRY_CASE);
    gaztag_close(g);
    gaztag_buffer_free(image);
}

typedef struct keys {
    char text[2048];
    size_t entries;
} keys;

static int on_key(void *ctx, const char *key, size_t len, uint32_t first,
                  uint32_t count)
{
    keys *k = ctx;
    size_t used = strlen(k->text);
    (void)first;
    snprintf(k->text + used, sizeof k->text - used, "%s%.*s=%u",
             used ? "|" : "", (int)len, key, count);
    k->entries += count;
    return 0;
}

static int compare_words(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_foreach_key(void **state)
{
    (void)state;
    char *tsv;
    size_t len;
    void *image;
    tsv = support_read_file(GAZTAG_TEST_DATA "/fixture.tsv", &len);
    assert_non_null(tsv);
    gaztag_gazetteer *g = support_open_tsv(tsv, &image);
    free(tsv);
    keys k = {"", 0};
    assert_int_equal(gaztag_foreach_key(g, on_key, &k), GAZTAG_OK);
    assert_int_equal(k.entries, 17);
    /* Sorted, the keys are the fixture's names keyed. */
    char *items[32];
    size_t n = 0;
    for (char *p = strtok(k.text, "|"); p; p = strtok(NULL, "|"))
        items[n++] = p;
    qsort(items, n, sizeof *items, compare_words);
    char joined[2048] = "";
    for (size_t i = 0; i < n; i++) {
        strcat(joined, i ? "|" : "");
        strcat(joined, items[i]);
    }
    assert_string_equal(joined,
        "agp=1|aps=1|boke=1|conakry=1|cote d ivoire=1|dmitri peskov=1|"
        "haut karabakh=1|kiev=1|moscou=1|peskov=1|poutine=1|ukraine=1|"
        "union africaine=1|vladimir poutine=1|washington post=1|"
        "washington=2");
    gaztag_close(g);
    gaztag_buffer_free(image);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_accepts),
        cmocka_unit_test(test_foreach_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
