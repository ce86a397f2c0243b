/*
 * test_flags.c -- precision controls through the public API: entry flags
 * (cap, case, accents), removal rows, `#!` defaults and common words, each
 * with exact spans.  Offsets were counted by hand (and are all ASCII or
 * noted).
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

typedef struct compiled {
    void *image;
    gaztag_gazetteer *g;
    gaztag_tagger *t;
} compiled;

/* Compile the sources (NULL-terminated pairs of name and text), with an
 * optional common-word list. */
static void compile(compiled *c, const char *common, const char *const *src)
{
    gaztag_builder *b;
    size_t len;
    assert_int_equal(gaztag_builder_new(0, &b), GAZTAG_OK);
    if (common)
        assert_int_equal(gaztag_builder_add_common(b, "common.txt", common,
                                                   strlen(common)), GAZTAG_OK);
    for (size_t i = 0; src[i]; i += 2)
        assert_int_equal(gaztag_builder_add_tsv(b, src[i], src[i + 1],
                                                strlen(src[i + 1])), GAZTAG_OK);
    assert_int_equal(gaztag_builder_compile(b, &c->image, &len), GAZTAG_OK);
    gaztag_builder_free(b);
    assert_int_equal(gaztag_open_memory(c->image, len, GAZTAG_OPEN_VERIFY,
                                        &c->g), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_new(c->g, &c->t), GAZTAG_OK);
}

static void release(compiled *c)
{
    gaztag_tagger_free(c->t);
    gaztag_close(c->g);
    gaztag_buffer_free(c->image);
}

/* Tag `text` and compare with "start-end:ID[+ID...] ..." (each span's
 * accepted entries' ids, in order). */
static void expect_spans(compiled *c, const char *text, unsigned flags,
                         const char *want)
{
    const gaztag_span *spans;
    size_t n;
    char got[1024] = "";
    assert_int_equal(gaztag_tag_text(c->t, text, strlen(text), flags, &spans,
                                     &n), GAZTAG_OK);
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(got);
        snprintf(got + used, sizeof got - used, "%s%zu-%zu:", i ? " " : "",
                 spans[i].start, spans[i].end);
        for (uint32_t k = 0; k < spans[i].n_entries; k++) {
            gaztag_entry e;
            assert_int_equal(gaztag_span_entry(c->g, &spans[i], k, &e),
                             GAZTAG_OK);
            if (k == 0)
                assert_string_equal(e.id, spans[i].entry.id);
            used = strlen(got);
            snprintf(got + used, sizeof got - used, "%s%s", k ? "+" : "", e.id);
        }
    }
    if (strcmp(got, want) != 0)
        fail_msg("text \"%s\":\n  got  %s\n  want %s", text, got, want);
}

static void test_cap(void **state)
{
    (void)state;
    compiled c;
    const char *src[] = {"a.tsv", "Nice\tPLACE\tnice\t\tcap\n", NULL};
    compile(&c, NULL, src);
    /* "𝗡𝗶𝗰𝗲" is 16 bytes of mathematical bold: NFKC Nice, first letter Lu. */
    expect_spans(&c, "Nice is nice. NICE, nICE. \xF0\x9D\x97\xA1\xF0\x9D\x97\xB6"
                 "\xF0\x9D\x97\xB0\xF0\x9D\x97\xB2.", 0,
                 "0-4:nice 14-18:nice 26-42:nice");
    release(&c);
}

static void test_case_and_accents(void **state)
{
    (void)state;
    compiled c;
    const char *src[] = {"a.tsv",
                         "US\tPLACE\tus\t\tcase\n"
                         "B\xC3\xA9nin\tPLACE\tbenin\t\taccents\n"
                         "ONU\tORG\tonu\t\tcase,accents\n", NULL};
    compile(&c, NULL, src);
    expect_spans(&c, "US us Us uS", 0, "0-2:us");
    /* Bénin and BÉNIN keep the accent (case still folds); Benin does not. */
    expect_spans(&c, "B\xC3\xA9nin Benin B\xC3\x89NIN", 0, "0-6:benin 13-19:benin");
    expect_spans(&c, "ONU onu Onu", 0, "0-3:onu");
    release(&c);
}

/* A refused longest match gives way to the next shorter one. */
static void test_fallback_to_shorter(void **state)
{
    (void)state;
    compiled c;
    const char *src[] = {"a.tsv",
                         "C\xC3\xB4te d'Ivoire\tPLACE\tciv\t\taccents\n"
                         "Cote\tPLACE\tcote\n", NULL};
    compile(&c, NULL, src);
    expect_spans(&c, "Cote d'Ivoire", 0, "0-4:cote");
    expect_spans(&c, "C\xC3\xB4te d'Ivoire", 0, "0-14:civ");
    expect_spans(&c, "C\xC3\xB4te d'Ivoire", GAZTAG_TAG_ALL, "0-5:cote 0-14:civ");
    expect_spans(&c, "Cote d'Ivoire", GAZTAG_TAG_ALL, "0-4:cote");
    release(&c);
}

/* Entries of one key with different flags: only the accepting ones. */
static void test_mixed_entries(void **state)
{
    (void)state;
    compiled c;
    const char *src[] = {"a.tsv",
                         "Orange\tORG\torg:orange\t\tcap\n"
                         "Orange\tPLACE\tplace:orange\n"
                         "Orange\tPERSON\tper:orange\t\tcase\n", NULL};
    compile(&c, NULL, src);
    expect_spans(&c, "Orange", 0, "0-6:org:orange+place:orange+per:orange");
    expect_spans(&c, "orange", 0, "0-6:place:orange");
    expect_spans(&c, "ORANGE", 0, "0-6:org:orange+place:orange");
    release(&c);
}

static void test_removal(void **state)
{
    (void)state;
    compiled c;
    const char *src[] = {
        "base.tsv",
        "Paris\tPLACE\tparis\n"
        "Georgia\tPLACE\tus-state\n"
        "Georgia\tPLACE\tcountry\n"
        "Lyon\tPLACE\tlyon\n"
        "Lyon\tORG\tlyon-club\n",
        "newsroom.tsv",
        "Paris\tPLACE\t\t\t-\n"            /* every PLACE entry of the key */
        "Georgia\tPLACE\tus-state\t\t-\n"  /* only that id */
        "Lyon\tORG\t\t\t-\n"               /* only that label */
        "Lyon\tORG\tlyon-club-2\n",        /* added after: stays */
        NULL};
    compile(&c, NULL, src);
    expect_spans(&c, "Paris, Georgia, Lyon", 0, "7-14:country 16-20:lyon+lyon-club-2");
    release(&c);
}

static void test_defaults_line(void **state)
{
    (void)state;
    compiled c;
    const char *src[] = {"a.tsv",
                         "#! flags=cap\n"
                         "Page\tPLACE\tpage\n"
                         "Lens\tPLACE\tlens\t\tnone\n"
                         "#! flags=\n"
                         "Bath\tPLACE\tbath\n", NULL};
    compile(&c, NULL, src);
    expect_spans(&c, "a page, Page, a lens, a bath", 0,
                 "8-12:page 16-20:lens 24-28:bath");
    release(&c);
}

static void test_common_words(void **state)
{
    (void)state;
    gaztag_builder *b;
    const char *common = "# frequent words\npolice\nmobile\nde\n";
    const char *src = "Police\tPLACE\tpolice\n"
                      "Mobile\tPLACE\tmobile\t\tcap\n"
                      "Police Nationale\tORG\tpn\n"
                      "Nice\tPLACE\tnice\n";
    assert_int_equal(gaztag_builder_new(0, &b), GAZTAG_OK);
    assert_int_equal(gaztag_builder_add_common(b, "c.txt", common, strlen(common)),
                     GAZTAG_OK);
    assert_int_equal(gaztag_builder_add_tsv(b, "a.tsv", src, strlen(src)),
                     GAZTAG_OK);
    assert_int_equal(gaztag_builder_warning_count(b), 1);
    assert_string_equal(gaztag_builder_warning(b, 0),
                        "a.tsv:1: warning: 'Police' is the common word "
                        "'police': left out (add cap or case)");
    assert_null(gaztag_builder_warning(b, 1));
    gaztag_builder_free(b);

    compiled c;
    const char *srcs[] = {"a.tsv", src, NULL};
    compile(&c, common, srcs);
    expect_spans(&c, "Police at Mobile, mobile, Police Nationale, Nice", 0,
                 "10-16:mobile 26-42:pn 44-48:nice");
    release(&c);
}

/* A file with only a removal for a key matches nothing there. */
static void test_removal_alone(void **state)
{
    (void)state;
    compiled c;
    const char *src[] = {"a.tsv", "Paris\tPLACE\t\t\t-\nRome\tPLACE\trome\n", NULL};
    compile(&c, NULL, src);
    expect_spans(&c, "Paris Rome", 0, "6-10:rome");
    gaztag_info info;
    gaztag_get_info(c.g, &info);
    assert_int_equal(info.n_entries, 2); /* the removal is kept, for overlays */
    release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_case_and_accents),
        cmocka_unit_test(test_fallback_to_shorter),
        cmocka_unit_test(test_mixed_entries),
        cmocka_unit_test(test_removal),
        cmocka_unit_test(test_defaults_line),
        cmocka_unit_test(test_common_words),
        cmocka_unit_test(test_removal_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
