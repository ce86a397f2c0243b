/*
 * test_flags.c -- precision controls through the public API: entry flags
 * (cap, case, accents), removal rows, `#!` defaults, common words, and
 * layered gazetteers (overlays), each with exact spans.  Offsets were
 * counted by hand (and are all ASCII or noted).
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

/* Three layers: base, a newsroom list, a desk list. */
static void overlay_layers(compiled *c, gaztag_tagger **t)
{
    const char *base[] = {"base.tsv",
                          "Paris\tPLACE\tparis\n"
                          "New York\tPLACE\tnyc\n"
                          "Orange\tORG\torange\n"
                          "Lyon\tPLACE\tlyon\n", NULL};
    const char *news[] = {"news.tsv",
                          "Paris\tPLACE\t\t\t-\n"
                          "Orange\tORG\torange-sa\n"
                          "New York Times\tOUTLET\tnyt\n"
                          "Lyon\tPLACE\t\t\t-\n", NULL};
    const char *desk[] = {"desk.tsv", "Lyon\tPLACE\tlyon-desk\n", NULL};
    compile(&c[0], NULL, base);
    compile(&c[1], NULL, news);
    compile(&c[2], NULL, desk);
    const gaztag_gazetteer *g[3] = {c[0].g, c[1].g, c[2].g};
    assert_int_equal(gaztag_tagger_new_layered(g, 3, t), GAZTAG_OK);
}

static const char overlay_text[] =
    "Paris, Orange, the New York Times in New York, Lyon.";

static void test_overlays(void **state)
{
    (void)state;
    compiled c[3];
    gaztag_tagger *t;
    const gaztag_span *spans;
    size_t n;
    overlay_layers(c, &t);
    compiled view = c[0];
    view.t = t;
    /* Paris removed by news; Orange replaced by news; the longer New York
     * Times of news wins over base's New York; Lyon removed by news, then
     * added back by desk. */
    expect_spans(&view, overlay_text, 0,
                 "7-13:orange-sa 19-33:nyt 37-45:nyc 47-51:lyon-desk");
    expect_spans(&view, overlay_text, GAZTAG_TAG_ALL,
                 "7-13:orange-sa 19-27:nyc 19-33:nyt 37-45:nyc 47-51:lyon-desk");
    assert_int_equal(gaztag_tag_text(t, overlay_text, strlen(overlay_text), 0,
                                     &spans, &n), GAZTAG_OK);
    assert_ptr_equal(spans[0].gazetteer, c[1].g);
    assert_ptr_equal(spans[2].gazetteer, c[0].g);
    assert_ptr_equal(spans[3].gazetteer, c[2].g);
    gaztag_tagger_free(t);
    for (int i = 0; i < 3; i++)
        release(&c[i]);
}

/* Streamed in pieces of every size, the layered spans are the whole text's. */
static void test_overlays_streamed(void **state)
{
    (void)state;
    compiled c[3];
    gaztag_tagger *t;
    const gaztag_span *whole;
    gaztag_span got[16], want[16];
    size_t n_whole, len = strlen(overlay_text);
    overlay_layers(c, &t);
    for (unsigned flags = 0; flags <= GAZTAG_TAG_ALL; flags++) {
        assert_int_equal(gaztag_tag_text(t, overlay_text, len, flags, &whole,
                                         &n_whole), GAZTAG_OK);
        memcpy(want, whole, n_whole * sizeof *whole);
        for (size_t piece = 1; piece <= len; piece++) {
            size_t n = support_stream_spans(t, overlay_text, len, flags, piece,
                                            got, 16);
            assert_int_equal(n, n_whole);
            for (size_t i = 0; i < n; i++) {
                assert_int_equal(got[i].start, want[i].start);
                assert_int_equal(got[i].end, want[i].end);
                assert_string_equal(got[i].entry.id, want[i].entry.id);
            }
        }
    }
    gaztag_tagger_free(t);
    for (int i = 0; i < 3; i++)
        release(&c[i]);
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
        cmocka_unit_test(test_overlays),
        cmocka_unit_test(test_overlays_streamed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
