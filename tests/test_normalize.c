/*
 * test_normalize.c -- keys, table-driven, in the four folding modes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

/* The Latin table agrees with utf8proc: for every code point it covers,
 * the key of the letter alone (table path) followed by "a" equals the key
 * of the letter followed by U+1E00 (which sends the whole token through
 * utf8proc, and keys as "a"), in the four folding modes. */
static void test_latin_table_matches_utf8proc(void **state)
{
    (void)state;
    static const unsigned modes[] = {0, GAZTAG_CASE_SENSITIVE,
                                     GAZTAG_KEEP_ACCENTS,
                                     GAZTAG_CASE_SENSITIVE | GAZTAG_KEEP_ACCENTS};
    for (size_t m = 0; m < 4; m++) {
        for (int cp = 0xC0; cp < NORM_LATIN_END; cp++) {
            utf8proc_category_t cat = utf8proc_category(cp);
            if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_NO)
                continue; /* not a word character: its own token */
            char one[8], two[8], a[64], b[64];
            one[0] = (char)(0xC0 | (cp >> 6));
            one[1] = (char)(0x80 | (cp & 0x3F));
            memcpy(two, one, 2);
            memcpy(two + 2, "\xE1\xB8\x80", 3);     /* U+1E00 */
            size_t na = gaztag_normalize(modes[m], one, 2, a, sizeof a);
            size_t nb = gaztag_normalize(modes[m], two, 5, b, sizeof b);
            const char *suffix = (modes[m] & GAZTAG_KEEP_ACCENTS)
                                     ? ((modes[m] & GAZTAG_CASE_SENSITIVE)
                                            ? "\xE1\xB8\x80" : "\xE1\xB8\x81")
                                     : ((modes[m] & GAZTAG_CASE_SENSITIVE) ? "A" : "a");
            size_t ns = strlen(suffix);
            if (nb != na + ns || memcmp(a, b, na) != 0 ||
                memcmp(b + na, suffix, ns) != 0)
                fail_msg("U+%04X in mode %u: '%.*s' vs '%.*s'", cp, modes[m],
                         (int)na, a, (int)nb, b);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_table),
        cmocka_unit_test(test_short_buffer),
        cmocka_unit_test(test_ascii_fast_path),
        cmocka_unit_test(test_latin_table_matches_utf8proc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
