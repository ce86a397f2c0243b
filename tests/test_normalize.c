/*
 * test_normalize.c -- keys, table-driven, in the four folding modes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gaztag.h"
#include "normalize.h"

#include <utf8proc.h>

typedef struct key_case {
    unsigned flags;
    const char *text;
    const char *key; /* tokens' keys joined by one space */
} key_case;

#define CS GAZTAG_CASE_SENSITIVE
#define KA GAZTAG_KEEP_ACCENTS
static const key_case cases[] = {
    {0, "Conakry", "conakry"},
    {0, "CONAKRY", "conakry"},
    {0, "\xF0\x9D\x97\x96\xF0\x9D\x97\xBC\xF0\x9D\x97\xBB\xF0\x9D\x97\xAE"
        "\xF0\x9D\x97\xB8\xF0\x9D\x97\xBF\xF0\x9D\x98\x86", "conakry"},
    {0, "Ｃｏｎａｋｒｙ", "conakry"},                   /* fullwidth */
    {0, "Boké", "boke"},
    {0, "BOKÉ", "boke"},
    {0, "Boke\xCC\x81", "boke"},                          /* combining */
    {0, "Haut-Karabakh", "haut karabakh"},
    {0, "Haut‑Karabakh", "haut karabakh"},
    {0, "Côte d’Ivoire", "cote d ivoire"},
    {0, "Côte d'Ivoire", "cote d ivoire"},
    {0, "Straße", "strasse"},
    {0, "ﬁnance", "finance"},                             /* ligature */
    {0, "𝟮6", "26"},
    {0, "AT&T", "at & t"},
    {0, "Москва", "москва"},
    {0, "Αθήνα", "αθηνα"},
    {CS, "Boké", "Boke"},
    {CS, "BOKÉ", "BOKE"},
    {CS, "\xF0\x9D\x97\x96o", "Co"},
    {KA, "BOKÉ", "boké"},
    {KA, "Boke\xCC\x81", "boké"},                         /* NFC composes */
    {CS | KA, "BOKÉ", "BOKÉ"},
    {CS | KA, "Boké", "Boké"},
    {0, "\xCC\x81", ""},                                 /* a lone mark */
    {0, "Æsir ĳssel", "æsir ijssel"},
    {0, "Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
     "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"},
};
#undef CS
#undef KA

static void test_key_table(void **state)
{
    (void)state;
    char buf[256];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const key_case *k = &cases[c];
        size_t n = gaztag_normalize(k->flags, k->text, strlen(k->text), buf,
                                    sizeof buf);
        assert_int_equal(n, strlen(k->key));
        assert_string_equal(buf, k->key);
    }
}

/* The return value is the length needed; a short buffer is not overrun. */
static void test_short_buffer(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'Z', sizeof buf);
    assert_int_equal(gaztag_normalize(0, "Haut-Karabakh", 13, buf, 4), 13);
    assert_memory_equal(buf, "haut", 4);
    assert_int_equal(buf[4], 'Z');
    assert_int_equal(gaztag_normalize(0, "x", 1, NULL, 0), 1);
}

/* ASCII keys are returned in place when nothing needs folding. */
static void test_ascii_fast_path(void **state)
{
    (void)state;
    norm_scratch sc;
    const char *key;
    size_t len;
    static const char lower[] = "conakry";
    norm_scratch_init(&sc);
    assert_int_equal(norm_key(&sc, 0, lower, 7, true, &key, &len), 0);
    assert_ptr_equal(key, lower);
    assert_int_equal(norm_key(&sc, 0, "CONAKRY", 7, true, &key, &len), 0);
    assert_memory_equal(key, "conakry", 7);
    /* A long upper-case token goes through the growable buffer. */
    char big[200];
    memset(big, 'A', sizeof big);
    assert_int_equal(norm_key(&sc, 0, big, sizeof big, true, &key, &len), 0);
    assert_int_equal(len, sizeof big);
    assert_int_equal(key[199], 'a');
    norm_scratch_free(&sc);
}

/* The key of text[0..len) straight from utf8proc, the whole token at once:
 * what the table must agree with. */
static size_t reference_key(unsigned flags, const char *text, size_t len,
                            char *out, size_t cap)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE;
    if (!(flags & GAZTAG_CASE_SENSITIVE))
        opt |= UTF8PROC_CASEFOLD;
    if (!(flags & GAZTAG_KEEP_ACCENTS))
        opt |= UTF8PROC_STRIPMARK;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text,
                                      (utf8proc_ssize_t)len, &mapped, opt);
    assert_true(n >= 0 && (size_t)n < cap);
    memcpy(out, mapped, (size_t)n);
    free(mapped);
    return (size_t)n;
}

static size_t put_cp(char *out, int32_t cp)
{
    return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

/* Word characters of the ranges the table covers. */
static size_t table_letters(int32_t *cps)
{
    size_t n = 0;
    for (int32_t cp = 0xC0; cp < NORM_EXT_END; cp++) {
        if (cp == NORM_LATIN_END)
            cp = NORM_EXT_FIRST;
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO)
            cps[n++] = cp;
    }
    return n;
}

/* The table agrees with utf8proc, in the four folding modes: for every
 * letter, mark and digit it covers, alone, between ASCII letters, and next
 * to every 7th other one in both orders (the keys of neighbours must not
 * interact).  Combining marks there are left to utf8proc and must agree
 * too. */
static void test_table_matches_utf8proc(void **state)
{
    (void)state;
    static const unsigned modes[] = {0, GAZTAG_CASE_SENSITIVE,
                                     GAZTAG_KEEP_ACCENTS,
                                     GAZTAG_CASE_SENSITIVE | GAZTAG_KEEP_ACCENTS};
    static int32_t cps[NORM_TABLE_SIZE];
    size_t n_cps = table_letters(cps), checked = 0;
    assert_true(n_cps > 1000);
    norm_scratch sc;
    norm_scratch_init(&sc);
    for (size_t m = 0; m < 4; m++) {
        for (size_t i = 0; i < n_cps; i++) {
            for (size_t j = 0; j <= n_cps; j += 7) {
                char text[16], want[64];
                size_t len = 0;
                if (j == 0) {
                    len += put_cp(text + len, 'Q');
                    len += put_cp(text + len, cps[i]);
                    len += put_cp(text + len, 'z');
                } else {
                    len += put_cp(text + len, cps[i]);
                    len += put_cp(text + len, cps[j - 1]);
                    len += put_cp(text + len, cps[i]);
                }
                const char *key;
                size_t klen;
                assert_int_equal(norm_key(&sc, modes[m], text, len, false, &key,
                                          &klen), 0);
                size_t wlen = reference_key(modes[m], text, len, want, sizeof want);
                if (klen != wlen || memcmp(key, want, klen) != 0)
                    fail_msg("'%.*s' in mode %u: '%.*s', utf8proc '%.*s'", (int)len,
                             text, modes[m], (int)klen, key, (int)wlen, want);
                checked++;
            }
        }
    }
    /* The scripts are covered by the table itself, not left to utf8proc:
     * Д (U+0414) keys as д, ệ (U+1EC7) as e, ά (U+03AC) as α. */
    const norm_latin *t = norm_table(0);
    assert_int_equal(t[0x414 - NORM_LATIN_FIRST].len, 2);
    assert_memory_equal(t[0x414 - NORM_LATIN_FIRST].key, "\xD0\xB4", 2);
    assert_int_equal(t[NORM_LATIN_END - NORM_LATIN_FIRST + 0xC7].len, 1);
    assert_int_equal(t[NORM_LATIN_END - NORM_LATIN_FIRST + 0xC7].key[0], 'e');
    assert_int_equal(t[0x3AC - NORM_LATIN_FIRST].len, 2);
    /* A combining mark is never in the table; with accents kept, é is,
     * composed. */
    assert_int_equal(t[0x301 - NORM_LATIN_FIRST].len, NORM_LATIN_NONE);
    t = norm_table(GAZTAG_KEEP_ACCENTS);
    assert_int_equal(t[0xE9 - NORM_LATIN_FIRST].len, 2);
    assert_memory_equal(t[0xE9 - NORM_LATIN_FIRST].key, "\xC3\xA9", 2);
    norm_scratch_free(&sc);
    /* Every letter, with its neighbours, in four modes. */
    assert_int_equal(checked, 4 * n_cps * (n_cps / 7 + 1));
}

/* Exact keys through the table, for the scripts it was made for. */
static void test_table_keys(void **state)
{
    (void)state;
    static const key_case table_cases[] = {
        {0, "Hà Nội", "ha noi"},
        {0, "NGUYỄN Xuân Phúc", "nguyen xuan phuc"},
        {0, "Зеленский", "зеленскии"},
        {GAZTAG_KEEP_ACCENTS, "Зеленский", "зеленский"},
        {0, "ΑΘΉΝΑ", "αθηνα"},
        {GAZTAG_KEEP_ACCENTS, "ΑΘΉΝΑ", "αθήνα"},
        {GAZTAG_CASE_SENSITIVE, "Łódź", "Łodz"},
        {0, "ǅemal", "dzemal"},
    };
    char buf[64];
    for (size_t c = 0; c < sizeof table_cases / sizeof table_cases[0]; c++) {
        const key_case *k = &table_cases[c];
        size_t n = gaztag_normalize(k->flags, k->text, strlen(k->text), buf,
                                    sizeof buf);
        if (n != strlen(k->key) || strcmp(buf, k->key) != 0)
            fail_msg("%s: '%s', want '%s'", k->text, buf, k->key);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_table),
        cmocka_unit_test(test_short_buffer),
        cmocka_unit_test(test_ascii_fast_path),
        cmocka_unit_test(test_table_matches_utf8proc),
        cmocka_unit_test(test_table_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
