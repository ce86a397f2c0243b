/*
 * test_tagger.c -- end to end through the public API: the fixture article
 * (tests/data/article_fr.txt, our own writing) tagged with the fixture
 * gazetteer, with exact offsets in bytes, code points and UTF-16 units.
 * The expected offsets were computed independently (Python's str.index
 * and encoders), not copied from the tagger's output.
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

typedef struct expected_span {
    size_t start, end, cstart, cend, ustart, uend;
    const char *label, *id;
} expected_span;

/* Leftmost-longest spans of article_fr.txt with fixture.tsv. */
static const expected_span article_spans[] = {
    {0, 6, 0, 6, 0, 6, "PLACE", "place:moscow"},          /* MOSCOU */
    {16, 19, 16, 19, 16, 19, "OUTLET", "outlet:agp"},     /* (AGP) */
    {43, 56, 39, 52, 39, 52, "PERSON", "per:peskov"},     /* Dmitri Peskov */
    {88, 103, 83, 98, 83, 98, "OUTLET", "outlet:wapo"},   /* Washington Post */
    {150, 156, 138, 144, 138, 144, "PERSON", "per:peskov"},
    {175, 178, 161, 164, 161, 164, "OUTLET", "outlet:aps"},
    {180, 208, 166, 173, 166, 180, "PLACE", "place:conakry"}, /* bold */
    {236, 254, 184, 189, 196, 205, "PLACE", "place:boke"},    /* bold + U+0301 */
    {258, 263, 193, 197, 209, 213, "PLACE", "place:boke"},
    {280, 295, 212, 227, 228, 243, "ORG", "org:au"},          /* l’Union africaine */
    {297, 313, 229, 245, 245, 261, "PERSON", "per:putin"},
    {329, 336, 257, 264, 273, 280, "PLACE", "place:ukraine"}, /* l’Ukraine */
    {341, 357, 269, 282, 285, 298, "PLACE", "place:civ"},     /* Côte d’Ivoire */
    {364, 379, 289, 302, 305, 318, "PLACE", "place:karabakh"},/* U+2011 */
    {407, 411, 326, 330, 342, 346, "PLACE", "place:kyiv"},    /* not Kievan */
    {413, 423, 332, 342, 348, 358, "PLACE", "place:washington"}, /* . Post */
    {442, 457, 360, 375, 376, 391, "OUTLET", "outlet:wapo"},  /* upper case */
};
#define N_ARTICLE_SPANS (sizeof article_spans / sizeof article_spans[0])

typedef struct fixture {
    void *image;
    gaztag_gazetteer *g;
    gaztag_tagger *t;
    char *text;
    size_t len;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    gaztag_builder *b;
    size_t len;
    assert_int_equal(gaztag_builder_new(0, &b), GAZTAG_OK);
    assert_int_equal(gaztag_builder_add_file(b, GAZTAG_TEST_DATA "/fixture.tsv"),
                     GAZTAG_OK);
    assert_int_equal(gaztag_builder_compile(b, &fx->image, &len), GAZTAG_OK);
    gaztag_builder_free(b);
    assert_int_equal(gaztag_open_memory(fx->image, len, GAZTAG_OPEN_VERIFY,
                                        &fx->g), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_new(fx->g, &fx->t), GAZTAG_OK);
    fx->text = support_read_file(GAZTAG_TEST_DATA "/article_fr.txt", &fx->len);
    assert_non_null(fx->text);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    gaztag_tagger_free(fx->t);
    gaztag_close(fx->g);
    gaztag_buffer_free(fx->image);
    free(fx->text);
    free(fx);
    return 0;
}

static void check_span(const gaztag_span *s, const expected_span *e)
{
    assert_int_equal(s->start, e->start);
    assert_int_equal(s->end, e->end);
    assert_int_equal(s->cstart, e->cstart);
    assert_int_equal(s->cend, e->cend);
    assert_int_equal(s->ustart, e->ustart);
    assert_int_equal(s->uend, e->uend);
    assert_string_equal(s->entry.label, e->label);
    assert_string_equal(s->entry.id, e->id);
}

static void test_article_longest(void **state)
{
    fixture *fx = *state;
    const gaztag_span *spans;
    size_t n;
    assert_int_equal(gaztag_tag_text(fx->t, fx->text, fx->len, 0, &spans, &n),
                     GAZTAG_OK);
    assert_int_equal(n, N_ARTICLE_SPANS);
    for (size_t i = 0; i < n; i++) {
        check_span(&spans[i], &article_spans[i]);
        assert_ptr_equal(spans[i].text, fx->text + spans[i].start);
    }
}

/* "Washington" is PLACE then PERSON in the source: both, in that order. */
static void test_shared_key_entries(void **state)
{
    fixture *fx = *state;
    const gaztag_span *spans;
    size_t n;
    gaztag_entry e;
    assert_int_equal(gaztag_tag_text(fx->t, fx->text, fx->len, 0, &spans, &n),
                     GAZTAG_OK);
    const gaztag_span *w = &spans[15];
    assert_int_equal(w->n_entries, 2);
    assert_int_equal(gaztag_span_entry(fx->g, w, 0, &e), GAZTAG_OK);
    assert_string_equal(e.label, "PLACE");
    assert_string_equal(e.canonical, "Washington, D.C.");
    assert_int_equal(gaztag_span_entry(fx->g, w, 1, &e), GAZTAG_OK);
    assert_string_equal(e.label, "PERSON");
    assert_string_equal(e.id, "per:george-washington");
    assert_string_equal(e.canonical, "George Washington");
    assert_int_equal(gaztag_span_entry(fx->g, w, 2, &e), GAZTAG_INVALID);
    assert_int_equal(spans[0].n_entries, 1);
}

/* ALL adds the nested names: Peskov in Dmitri Peskov, Washington in both
 * Washington Posts, Poutine in Vladimir Poutine. */
static void test_article_all(void **state)
{
    fixture *fx = *state;
    const gaztag_span *spans;
    size_t n;
    assert_int_equal(gaztag_tag_text(fx->t, fx->text, fx->len, GAZTAG_TAG_ALL,
                                     &spans, &n), GAZTAG_OK);
    assert_int_equal(n, N_ARTICLE_SPANS + 4);
    /* Dmitri Peskov (43-56), then the nested Peskov (50-56). */
    assert_int_equal(spans[2].start, 43);
    assert_int_equal(spans[2].end, 56);
    assert_int_equal(spans[3].start, 50);
    assert_int_equal(spans[3].end, 56);
    assert_string_equal(spans[3].entry.id, "per:peskov");
    /* Washington (88-98), then Washington Post (88-103). */
    assert_int_equal(spans[4].start, 88);
    assert_int_equal(spans[4].end, 98);
    assert_string_equal(spans[4].entry.label, "PLACE");
    assert_int_equal(spans[5].start, 88);
    assert_int_equal(spans[5].end, 103);
    /* Vladimir Poutine (297-313), then Poutine (306-313). */
    assert_int_equal(spans[12].start, 297);
    assert_int_equal(spans[12].end, 313);
    assert_int_equal(spans[13].start, 306);
    assert_int_equal(spans[13].end, 313);
    for (size_t i = 1; i < n; i++)
        assert_true(spans[i].start > spans[i - 1].start ||
                    (spans[i].start == spans[i - 1].start &&
                     spans[i].end > spans[i - 1].end));
}

/* Invalid UTF-8 separates tokens and never fails the document; each maximal
 * ill-formed subpart counts as one code point and one UTF-16 unit. */
static void test_invalid_utf8_offsets(void **state)
{
    fixture *fx = *state;
    /* bytes: FF | "Kiev" | E2 82 (truncated) | "Boké" | F0 9F 98 | "Peskov" */
    static const char text[] = "\xFF" "Kiev" "\xE2\x82" "Bok\xC3\xA9"
                               "\xF0\x9F\x98" "Peskov" "\xC0\xAF";
    static const expected_span want[] = {
        {1, 5, 1, 5, 1, 5, "PLACE", "place:kyiv"},
        {7, 12, 6, 10, 6, 10, "PLACE", "place:boke"},
        {15, 21, 11, 17, 11, 17, "PERSON", "per:peskov"},
    };
    const gaztag_span *spans;
    size_t n;
    assert_int_equal(gaztag_tag_text(fx->t, text, sizeof text - 1, 0, &spans,
                                     &n), GAZTAG_OK);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++)
        check_span(&spans[i], &want[i]);
}

/* NUL bytes and an empty text. */
static void test_nul_and_empty(void **state)
{
    fixture *fx = *state;
    static const char text[] = "Kiev\0Kiev";
    const gaztag_span *spans;
    size_t n;
    assert_int_equal(gaztag_tag_text(fx->t, text, sizeof text - 1, 0, &spans,
                                     &n), GAZTAG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(spans[1].start, 5);
    assert_int_equal(gaztag_tag_text(fx->t, "", 0, 0, &spans, &n), GAZTAG_OK);
    assert_int_equal(n, 0);
}

/* However the text is cut, a stream gives the spans of the whole text,
 * with the same offsets in all three units. */
static void test_stream_equals_whole(void **state)
{
    fixture *fx = *state;
    static const unsigned modes[] = {0, GAZTAG_TAG_ALL};
    gaztag_span whole[64], parts[64];
    for (size_t m = 0; m < 2; m++) {
        const gaztag_span *spans;
        size_t n;
        assert_int_equal(gaztag_tag_text(fx->t, fx->text, fx->len, modes[m],
                                         &spans, &n), GAZTAG_OK);
        if (n)
            memcpy(whole, spans, n * sizeof *spans);
        for (size_t piece = 1; piece <= fx->len; piece++) {
            size_t k = support_stream_spans(fx->t, fx->text, fx->len, modes[m], piece,
                                     parts, 64);
            assert_int_equal(k, n);
            for (size_t i = 0; i < n; i++) {
                assert_int_equal(parts[i].start, whole[i].start);
                assert_int_equal(parts[i].end, whole[i].end);
                assert_int_equal(parts[i].cstart, whole[i].cstart);
                assert_int_equal(parts[i].uend, whole[i].uend);
                assert_string_equal(parts[i].entry.id, whole[i].entry.id);
            }
        }
    }
    /* A stream ended, the next call starts a new one at offset 0. */
    const gaztag_span *spans;
    size_t n;
    assert_int_equal(gaztag_tag_text(fx->t, "Kiev", 4, 0, &spans, &n), GAZTAG_OK);
    assert_int_equal(spans[0].start, 0);
}

/* The default gazetteer (in *g) and a tagger of it. */
static gaztag_tagger *open_default(gaztag_gazetteer **g)
{
    gaztag_tagger *t;
    assert_int_equal(gaztag_open(GAZTAG_DEFAULT_GAZ, 0, g), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_new(*g, &t), GAZTAG_OK);
    return t;
}

/* The seed article in ../shared, when present: the default gazetteer must
 * know the people, places and outlets it names. */
static void test_seed_article(void **state)
{
    (void)state;
    size_t len;
    char *text = support_read_file(GAZTAG_SHARED_DIR "/seeds/000_bc8d0b31d9517ce0.txt",
                           &len);
    if (!text)
        skip();
    static const char *const names[] = {
        "Poutine", "Vladimir Poutine", "Donald Trump", "Trump",
        "Dmitri Peskov", "Peskov", "Washington Post", "Reuters", "TASS",
        "Kremlin", "Helsinki", "Joe Biden", "Biden", "Bob Woodward",
        "Haut-Karabakh", "Ukraine", "Kiev", "Moscou", "Washington",
        "Russie", "Conakry", "Boké", "Faranah", "AGP", "ONU", "Guinée",
        "Moussa Solano", "Mohamed Dabo", "MOSCOU", "Malapouya", "Dakatougui"};
    gaztag_gazetteer *g;
    gaztag_tagger *t = open_default(&g);
    const gaztag_span *spans;
    size_t n;
    assert_int_equal(gaztag_tag_text(t, text, len, GAZTAG_TAG_ALL, &spans, &n),
                     GAZTAG_OK);
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t want = strlen(names[k]);
        int found = 0;
        for (size_t i = 0; i < n && !found; i++)
            found = spans[i].end - spans[i].start == want &&
                    memcmp(text + spans[i].start, names[k], want) == 0;
        if (!found)
            fail_msg("the default gazetteer misses '%s'", names[k]);
    }
    /* "Page noire" and "Les médias" must not be places. */
    for (size_t i = 0; i < n; i++) {
        size_t l = spans[i].end - spans[i].start;
        assert_false(l == 4 && memcmp(text + spans[i].start, "Page", 4) == 0);
        assert_false(l == 3 && memcmp(text + spans[i].start, "Les", 3) == 0);
    }
    gaztag_tagger_free(t);
    gaztag_close(g);
    free(text);
}

/* A span the default gazetteer (and rules) must give. */
typedef struct default_want {
    size_t start, end;
    const char *label, *id, *rule;
    unsigned origin;
} default_want;

/* A span of the gazetteer's own. */
#define GAZ(s, e, label, id) {s, e, label, id, NULL, GAZTAG_FROM_GAZETTEER}

/* Tag text with t and check that the spans are exactly want[0..n_want):
 * offsets, label, id, rule and source. */
static void expect_default(gaztag_tagger *t, const char *text,
                           const default_want *want, size_t n_want)
{
    const gaztag_span *spans;
    size_t n;
    assert_int_equal(gaztag_tag_text(t, text, strlen(text), 0, &spans, &n),
                     GAZTAG_OK);
    assert_int_equal(n, n_want);
    for (size_t i = 0; i < n; i++) {
        const default_want *w = &want[i];
        assert_int_equal(spans[i].start, w->start);
        assert_int_equal(spans[i].end, w->end);
        assert_string_equal(spans[i].entry.label, w->label);
        if (w->id)
            assert_string_equal(spans[i].entry.id, w->id);
        else
            assert_null(spans[i].entry.id);
        if (w->rule)
            assert_string_equal(spans[i].rule, w->rule);
        else
            assert_null(spans[i].rule);
        assert_int_equal(spans[i].origin, w->origin);
    }
}

/* The default gazetteer at the start of French sentences: villages named
 * with an article and a word ("Le Syndicat", "La Chambre", "Le Palais",
 * "Les Médecins", which hid "Médecins sans frontières") and a town that
 * folds to a given name ("Herve", BE) are left out of world-places.tsv;
 * the names that follow are found. */
static void test_default_sentence_starts(void **state)
{
    (void)state;
    static const char text[] =
        "Le Syndicat libre des enseignants a parlé. La Chambre a adopté le "
        "texte. Le Palais a démenti. Les Médecins sans frontières sont à "
        "Conakry. Hervé Kaba est venu.";
    static const default_want want[] = {
        GAZ(101, 127, "ORG", "org:msf"),
        GAZ(136, 143, "PLACE", "place:conakry"),
    };
    gaztag_gazetteer *g;
    gaztag_tagger *t = open_default(&g);
    expect_default(t, text, want, sizeof want / sizeof want[0]);
    gaztag_tagger_free(t);
    gaztag_close(g);
}

/* The default gazetteer's names that begin with a lower-case word of their
 * own, in running text (they were flagged cap, which only let them match
 * where the text capitalises their first word, as "département d’État"
 * written in French); an administrative word stays outside the span
 * ("région de Kankan" gives Kankan). */
static void test_default_lower_case_names(void **state)
{
    (void)state;
    static const char text[] =
        "Les talibans et le groupe Wagner sont cités dans la bande de Gaza, "
        "sur la mer Noire, au pays de Galles, dans la préfecture de Lola et "
        "dans la région de Kankan. Le département d’État a réagi.";
    static const default_want want[] = {
        GAZ(4, 12, "ORG", "org:taliban"),
        GAZ(19, 32, "ORG", "org:wagner"),
        GAZ(53, 66, "PLACE", "place:gaza-strip"),
        GAZ(75, 84, "PLACE", "place:black-sea"),
        GAZ(89, 103, "PLACE", "place:wales"),
        GAZ(113, 132, "PLACE", "place:lola-prefecture"),
        GAZ(155, 161, "PLACE", "place:kankan"),
        GAZ(166, 188, "ORG", "org:state-department"),
    };
    gaztag_gazetteer *g;
    gaztag_tagger *t = open_default(&g);
    expect_default(t, text, want, sizeof want / sizeof want[0]);
    gaztag_tagger_free(t);
    gaztag_close(g);
}

/* The default gazetteer with the shipped rules (gazetteers/rules/): an
 * official's place (cues.tsv, "maire de"), a family name written first
 * (family-first.txt), a name that ends in lower case (the complement head
 * "Direction", before its acronym), the people of a place ("commerçants
 * de") and the list after it. */
static void test_default_rules(void **state)
{
    (void)state;
    static const char text[] =
        "Le maire de Bongobeng a reçu Xi Jinping. Xi a salué la Direction "
        "générale des élections (DGE) et la DGE a répondu. Les commerçants de "
        "Fafaya et de Matakaou ont protesté.";
    static const default_want want[] = {
        {12, 21, "PLACE", NULL, "place-cue", GAZTAG_FROM_RULE},
        GAZ(30, 40, "PERSON", "per:xi-jinping"),
        {42, 44, "PERSON", "per:xi-jinping", "propagation",
         GAZTAG_FROM_DOCUMENT},
        {57, 92, "ORG", NULL, "org-head", GAZTAG_FROM_RULE},
        {94, 97, "ORG", NULL, "acronym", GAZTAG_FROM_DOCUMENT},
        {105, 108, "ORG", NULL, "propagation", GAZTAG_FROM_DOCUMENT},
        {141, 147, "PLACE", NULL, "place-cue", GAZTAG_FROM_RULE},
        {154, 162, "PLACE", NULL, "place-list", GAZTAG_FROM_RULE},
    };
    gaztag_gazetteer *g;
    gaztag_rules *r;
    gaztag_tagger *t = open_default(&g);
    assert_int_equal(gaztag_rules_new(&r), GAZTAG_OK);
    assert_int_equal(gaztag_rules_load_dir(r, GAZTAG_SHIPPED_RULES),
                     GAZTAG_OK);
    assert_int_equal(gaztag_tagger_set_rules(t, r), GAZTAG_OK);
    expect_default(t, text, want, sizeof want / sizeof want[0]);
    gaztag_tagger_free(t);
    gaztag_rules_free(r);
    gaztag_close(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_article_longest),
        cmocka_unit_test(test_shared_key_entries),
        cmocka_unit_test(test_article_all),
        cmocka_unit_test(test_invalid_utf8_offsets),
        cmocka_unit_test(test_nul_and_empty),
        cmocka_unit_test(test_stream_equals_whole),
        cmocka_unit_test(test_seed_article),
        cmocka_unit_test(test_default_rules),
        cmocka_unit_test(test_default_lower_case_names),
        cmocka_unit_test(test_default_sentence_starts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
