/*
 * test_rules.c -- the rules layer (include/gaztag.h, "rules"; docs/rules.md)
 * through the public API: a tiny gazetteer and tiny rules data written
 * here (not gazetteers/rules/, so that editing the shipped lists does not
 * move these tests), and the exact spans each rule gives: offsets in
 * bytes, code points and UTF-16 units, label, id, origin and rule name.
 * The golden offsets were computed independently (Python's str.index and
 * encoders), not copied from the tagger's output.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "gaztag.h"
#include "rules.h"
#include "support.h"
#include "tokenize.h"

/* ------------------------------------------------------------ the data */

static const char gaz_tsv[] =
    "Mohamed Dabo\tPERSON\tper:dabo\tMohamed Dabo\n"
    "Fatou Kourouma\tPERSON\tper:kourouma\tFatou Kourouma\n"
    "Dabo\tPLACE\tplace:dabo\tDabo\n"
    "Xi Jinping\tPERSON\tper:xi\tXi Jinping\n"
    "Conakry\tPLACE\tplace:conakry\tConakry\n"
    "Sotelgui\tORG\torg:sotelgui\tSotelgui\n"
    "Sotelgui Mobile\tORG\torg:sotelgui-mobile\tSotelgui Mobile\n"
    "Agence guinéenne de presse\tOUTLET\toutlet:agp\tAgence guinéenne de presse\n"
    /* a village named like a family: it gives way to a person's name */
    "Coulon\tPLACE\tplace:coulon\tCoulon\tcap,yield\n"
    /* two towns that yield; a town that yields and one that does not */
    "Taft\tPLACE\tplace:taft-1\tTaft\tcap,yield\n"
    "Taft\tPLACE\tplace:taft-2\tTaft\tcap,yield\n"
    "Lavaud\tPLACE\tplace:lavaud-1\tLavaud\tcap,yield\n"
    "Lavaud\tPLACE\tplace:lavaud-2\tLavaud\tcap\n";

static const char first_names_txt[] = "# given names\nMoussa\nMohamed\nGrace\n"
                                      "Fatou\nKim\nJean\nLuc\n";
/* Family names written before the given name. */
static const char family_first_txt[] = "# family names first\nXi\nKim\n"
                                       "Yoon\n";
/* "Grace" is a given name and a word: not a name opening a sentence.
 * "A" is a word, and an initial ("Moussa A. Kaba"). */
static const char not_names_txt[] = "Grace\nLundi\nLe\nA\nBeyond\n";

static const char cues_tsv[] =
    "# kind\twords\tlabel\trule\n"
    "before\tministre\tPERSON\ttitle\n"
    "before\tministre de l’Agriculture\tPERSON\ttitle\n"
    "before\tporte-parole\tPERSON\ttitle\n"
    "before\tdirecteur\tPERSON\ttitle\n"
    "before\tM.\tPERSON\tcivility\n"
    "before\tMe\tPERSON\tcivility\n"
    "before\tMs\tPERSON\tcivility\n"
    "before\tMr.\tPERSON\tcivility\n"
    "before\tLt.\tPERSON\ttitle\n"
    "before\tGov.\tPERSON\ttitle\n"
    "before\tau Belge\tPERSON\tnationality\n"
    "before\tà\tPLACE\tat-place\n"
    "before\tgrâce à\t-\t-\n"
    "before\tHadja\t-\t-\n"
    "before\tla ville de\tPLACE\tplace-cue\n"
    "before\tla commune rurale (CR) de\tPLACE\tplace-cue\n"
    "head\tConsortium\tORG\torg-head\n"
    "head\tGroupe\tORG\torg-head\n"
    "head\tMinistère\tORG\torg-head\n"
    "head\tFoundation\tORG\torg-head\n"
    "head\tAgence\tORG\torg-head\n"
    "lead\tministère de la\tORG\torg-lead\n"
    "lead\tministère des\tORG\torg-lead\n"
    "lead\tministère de l’\tORG\torg-lead\n"
    "head\tCour\tORG\torg-head\n"
    "complement\tCour\n"
    "head\tCommission\tORG\torg-head\n"
    "head\tBanque\tORG\torg-head\n"
    "suffix\tSA\tORG\torg-suffix\n"
    "suffix\tHolding\tORG\torg-suffix\n"
    "suffix\tS.A.\tORG\torg-suffix\n"
    "suffix\tIslands\tPLACE\tplace-suffix\n"
    "connector\tde\n"
    "connector\tdes\n"
    "connector\tla\n"
    "connector\tet\n"
    "connector\td’\n"
    "connector\t&\n"
    "connector\tpour\n"
    "connector\tof\n"
    "connector\ton\n"
    "connector\tfor\n"
    "connector\tand\n"
    "connector\tthe\n"
    "trail\tétrangères\n"
    "trail\tsuprême\n"
    "trail\télectorale\n"
    "trail\tnationale\n"
    "trail\tsupérieur\n"
    "trail\tscientifique\n"
    "term\tProduct\n"
    "month\tmars\n"
    "month\tdéc.\n";

/* ---------------------------------------------------------- the fixture */

static struct {
    void *image;
    gaztag_gazetteer *g;
    gaztag_rules *r;
    gaztag_tagger *t;  /* with the rules */
    gaztag_tagger *t0; /* without */
} fx;

static gaztag_rules *test_rules(void)
{
    gaztag_rules *r;
    assert_int_equal(gaztag_rules_new(&r), GAZTAG_OK);
    assert_string_equal(gaztag_rules_error(r), "");
    assert_int_equal(gaztag_rules_add_text(r, GAZTAG_RULES_FIRST_NAMES,
                                           "first-names.txt", first_names_txt,
                                           strlen(first_names_txt)),
                     GAZTAG_OK);
    assert_int_equal(gaztag_rules_add_text(r, GAZTAG_RULES_NOT_NAMES,
                                           "not-names.txt", not_names_txt,
                                           strlen(not_names_txt)),
                     GAZTAG_OK);
    assert_int_equal(gaztag_rules_add_text(r, GAZTAG_RULES_CUES, "cues.tsv",
                                           cues_tsv, strlen(cues_tsv)),
                     GAZTAG_OK);
    assert_int_equal(gaztag_rules_add_text(r, GAZTAG_RULES_FAMILY_FIRST,
                                           "family-first.txt",
                                           family_first_txt,
                                           strlen(family_first_txt)),
                     GAZTAG_OK);
    return r;
}

static int setup(void **state)
{
    (void)state;
    fx.g = support_open_tsv(gaz_tsv, &fx.image);
    fx.r = test_rules();
    assert_int_equal(gaztag_tagger_new(fx.g, &fx.t), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_set_rules(fx.t, fx.r), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_new(fx.g, &fx.t0), GAZTAG_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    gaztag_tagger_free(fx.t);
    gaztag_tagger_free(fx.t0);
    gaztag_rules_free(fx.r);
    gaztag_close(fx.g);
    gaztag_buffer_free(fx.image);
    return 0;
}

/* ------------------------------------------------------ checking spans */

typedef struct want_span {
    size_t start, end, cstart, cend, ustart, uend;
    const char *label, *id; /* label NULL: the end of a list */
    unsigned origin;
    const char *rule;
} want_span;

#define END {0, 0, 0, 0, 0, 0, NULL, NULL, 0, NULL}
#define MAX_WANT 10

static const char *const origin_names[] = {"gazetteer", "rule", "document"};

static void print_spans(const char *text, const gaztag_span *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        print_message("  {%zu, %zu, %zu, %zu, %zu, %zu} '%.*s' %s %s %s %s\n",
                      s[i].start, s[i].end, s[i].cstart, s[i].cend,
                      s[i].ustart, s[i].uend, (int)(s[i].end - s[i].start),
                      text + s[i].start, s[i].entry.label,
                      s[i].entry.id ? s[i].entry.id : "-",
                      s[i].origin < 3 ? origin_names[s[i].origin] : "?",
                      s[i].rule ? s[i].rule : "-");
}

static bool str_eq(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool span_is(const gaztag_span *s, const want_span *w)
{
    return s->start == w->start && s->end == w->end &&
           s->cstart == w->cstart && s->cend == w->cend &&
           s->ustart == w->ustart && s->uend == w->uend &&
           str_eq(s->entry.label, w->label) && str_eq(s->entry.id, w->id) &&
           s->origin == w->origin && str_eq(s->rule, w->rule);
}

/* What every span says of itself, whatever its origin. */
static void check_span_form(const char *text, const gaztag_span *s)
{
    gaztag_entry e;
    assert_ptr_equal(s->text, text + s->start);
    assert_true(s->start < s->end);
    if (s->origin == GAZTAG_FROM_GAZETTEER) {
        assert_null(s->rule);
        assert_non_null(s->gazetteer);
        return;
    }
    /* an inferred span: one entry, its own */
    assert_non_null(s->rule);
    assert_int_equal(s->n_entries, 1);
    assert_int_equal(s->first_entry, UINT32_MAX);
    assert_null(s->gazetteer);
    assert_null(s->accepted);
    assert_int_equal(gaztag_span_entry(fx.g, s, 0, &e), GAZTAG_OK);
    assert_string_equal(e.label, s->entry.label);
    assert_ptr_equal(e.id, s->entry.id);
    assert_int_equal(gaztag_span_entry(fx.g, s, 1, &e), GAZTAG_INVALID);
}

static void expect_spans(const char *what, const char *text,
                         const gaztag_span *s, size_t n, const want_span *want)
{
    size_t n_want = 0;
    while (n_want < MAX_WANT && want[n_want].label)
        n_want++;
    bool ok = n == n_want;
    for (size_t i = 0; ok && i < n; i++)
        ok = span_is(&s[i], &want[i]);
    if (!ok) {
        print_message("%s: got %zu spans:\n", what, n);
        print_spans(text, s, n);
        fail_msg("%s: want %zu spans (first differing one above)", what,
                 n_want);
    }
    for (size_t i = 0; i < n; i++)
        check_span_form(text, &s[i]);
}

static void expect_tag(gaztag_tagger *t, const char *what, const char *text,
                       unsigned flags, const want_span *want)
{
    const gaztag_span *s;
    size_t n;
    assert_int_equal(gaztag_tag_text(t, text, strlen(text), flags, &s, &n),
                     GAZTAG_OK);
    expect_spans(what, text, s, n, want);
}

/* ------------------------------------------------------- golden cases */

typedef struct golden_case {
    const char *name, *text;
    want_span spans[MAX_WANT];
} golden_case;

static const golden_case golden[] = {
    {"first name",
     "Hier, Moussa Solano est venu.",
     {
      {6, 19, 6, 19, 6, 19, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"first name, two more words at most",
     "Hier, Moussa Solano Kaba Traoré est venu.",
     {
      {6, 24, 6, 24, 6, 24, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"given names, then two more words at most",
     "Hier, Mohamed Moussa Solano Kaba Traoré est venu.",
     {
      {6, 32, 6, 32, 6, 32, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"given names joined by a hyphen, then a family name",
     "Hier, Jean-Luc Kaba est venu.",
     {
      {6, 19, 6, 19, 6, 19, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"given names joined by a hyphen alone: none",
     "Hier, Jean-Luc est venu.",
     {
      END}},
    {"given names joined by a hyphen, cut short by a gazetteer's name: none",
     "Hier, Jean-Luc Dabo est venu.",
     {
      {15, 19, 15, 19, 15, 19, "PLACE", "place:dabo", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"a given name, then an organisation's word: the organisation's",
     "Hier, Moussa Kaba Holding a signé.",
     {
      {6, 25, 6, 25, 6, 25, "ORG", NULL, GAZTAG_FROM_RULE, "org-suffix"},
      END}},
    {"a given name, then an initial that begins a suffix: a person",
     "Hier, Moussa S. Kaba est venu.",
     {
      {6, 20, 6, 20, 6, 20, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"a given name before a one-word name that yields: a person",
     "Hier, Moussa Coulon est venu.",
     {
      {6, 19, 6, 19, 6, 19, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"given names, a family name, then a name that yields",
     "Selon Jean-Luc Kolani Coulon, oui.",
     {
      {6, 28, 6, 28, 6, 28, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"a name that yields, then the rest of a double name",
     "Hier, Moussa Coulon-Kaba et Jean Coulon-Conakry sont venus.",
     {
      {6, 24, 6, 24, 6, 24, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {28, 39, 28, 39, 28, 39, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {40, 47, 40, 47, 40, 47, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"a name that yields alone, after a cue or a hyphen: the place",
     "Le maire de Coulon et Moussa-Coulon.",
     {
      {12, 18, 12, 18, 12, 18, "PLACE", "place:coulon", GAZTAG_FROM_GAZETTEER,
       NULL},
      {29, 35, 29, 35, 29, 35, "PLACE", "place:coulon", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"a given name and an initial before a name that yields",
     "Hier, Moussa K. Coulon est venu.",
     {
      {6, 22, 6, 22, 6, 22, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"a given name before a name of two entries that both yield",
     "Hier, Jean Taft et Moussa K. Taft sont venus.",
     {
      {6, 15, 6, 15, 6, 15, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {19, 33, 19, 33, 19, 33, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"a given name before a name of two entries, one that does not yield",
     "Hier, Jean Lavaud est venu.",
     {
      {11, 17, 11, 17, 11, 17, "PLACE", "place:lavaud-1",
       GAZTAG_FROM_GAZETTEER, NULL},
      END}},
    {"a given name before a place that does not yield: the place",
     "Hier, Moussa Conakry est venu.",
     {
      {13, 20, 13, 20, 13, 20, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"the person of a name that yielded, said again",
     "Hier, Jean Coulon est venu. Coulon a dit.",
     {
      {6, 17, 6, 17, 6, 17, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {28, 34, 28, 34, 28, 34, "PERSON", NULL, GAZTAG_FROM_DOCUMENT,
       "propagation"},
      END}},
    {"a given name, then a suffix of capitals alone: the organisation's",
     "Hier, la société Moussa S.A. a signé.",
     {
      {19, 30, 17, 28, 17, 28, "ORG", NULL, GAZTAG_FROM_RULE, "org-suffix"},
      END}},
    {"not-name given name opening a sentence",
     "Grace Kolani est venue.",
     {
      END}},
    {"not-name given name inside a sentence",
     "Hier, Grace Kolani est venue.",
     {
      {6, 18, 6, 18, 6, 18, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"title",
     "Selon le ministre Kaba, tout va bien.",
     {
      {18, 22, 18, 22, 18, 22, "PERSON", NULL, GAZTAG_FROM_RULE, "title"},
      END}},
    {"title after an elided adjective",
     "Selon l’ancien ministre Kaba Traoré, tout va bien.",
     {
      {26, 38, 24, 35, 24, 35, "PERSON", NULL, GAZTAG_FROM_RULE, "title"},
      END}},
    {"civility",
     "Hier, M. Kaba a parlé.",
     {
      {9, 13, 9, 13, 9, 13, "PERSON", NULL, GAZTAG_FROM_RULE, "civility"},
      END}},
    {"a cue written with a capital",
     "Selon Me Bangoura, oui.",
     {
      {9, 17, 9, 17, 9, 17, "PERSON", NULL, GAZTAG_FROM_RULE, "civility"},
      END}},
    {"a cue written with a capital, in lower case: no cue",
     "They told me Bangoura left.",
     {
      END}},
    {"a cue written with small letters",
     "Selon Ms Camara, oui.",
     {
      {9, 15, 9, 15, 9, 15, "PERSON", NULL, GAZTAG_FROM_RULE, "civility"},
      END}},
    {"a cue's later word written with a capital",
     "Il succède au Belge Pieter Vanhoutte.",
     {
      {21, 37, 20, 36, 20, 36, "PERSON", NULL, GAZTAG_FROM_RULE,
       "nationality"},
      END}},
    {"a cue's later word written with a capital, in lower case: no cue",
     "Il succède au belge Pieter Vanhoutte.",
     {
      END}},
    {"a cue's later word with a capital, as the first word of none: no cue",
     "Il succède au Belge. Pieter Vanhoutte suit.",
     {
      END}},
    {"a cue's word after a lower-case one, in lower case: no cue",
     "Selon le ministre de l’agriculture Kaba, oui.",
     {
      END}},
    {"a cue's word after a lower-case one, with its capital",
     "Selon le ministre de l’Agriculture Kaba, oui.",
     {
      {37, 41, 35, 39, 35, 39, "PERSON", NULL, GAZTAG_FROM_RULE, "title"},
      END}},
    {"an organisation's lower-case words, then a preposition",
     "Hier, la Banque guinéenne de Développement a prêté.",
     {
      {9, 44, 9, 42, 9, 42, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"lower-case words after a head word that lead to no preposition",
     "Hier, la Commission présidée par Moussa Kaba a siégé.",
     {
      {35, 46, 33, 44, 33, 44, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"a verb after a head word, then a capital: no name",
     "Then the Foundation voted Tuesday.",
     {
      END}},
    {"lower-case words after a head word, then 'on': the sentence's",
     "Then the Foundation bans email on Wednesdays.",
     {
      END}},
    {"a lower-case word after a head word, then 'of': the sentence's",
     "Then the Foundation staff of Kabala left.",
     {
      END}},
    {"a lower-case word after a head word, then 'for': the sentence's",
     "Then the Foundation voted for Kabala.",
     {
      END}},
    {"a lower-case word after a head word, then 'pour': the name's",
     "Hier, l’Agence guinéenne pour la Promotion a payé.",
     {
      {10, 45, 8, 42, 8, 42, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"a place cue's name cut short by a gazetteer's name: none",
     "Il vit dans la ville de Haute Conakry.",
     {
      {30, 37, 30, 37, 30, 37, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"a place after 'à' cut short by a gazetteer's name: none; alone: one",
     "Il est allé à Basse Conakry hier. Il est allé à Basse hier.",
     {
      {22, 29, 20, 27, 20, 27, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      {52, 57, 48, 53, 48, 53, "PLACE", NULL, GAZTAG_FROM_RULE, "at-place"},
      END}},
    {"a place cue's name, then a gazetteer's name after a comma: the place",
     "Il vit dans la ville de Haute Kalia, Conakry.",
     {
      {24, 35, 24, 35, 24, 35, "PLACE", NULL, GAZTAG_FROM_RULE, "place-cue"},
      {37, 44, 37, 44, 37, 44, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"an organisation's name ends on no connector written with a capital",
     "Selon le Groupe Kalia De Conakry, oui.",
     {
      {9, 21, 9, 21, 9, 21, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {25, 32, 25, 32, 25, 32, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"connectors written with a capital inside an organisation's name",
     "Selon la Banque Centrale De La Kalia, oui.",
     {
      {9, 36, 9, 36, 9, 36, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"a trail word written with a capital is a capitalised word",
     "Selon la Banque Nationale de Conakry, oui.",
     {
      {9, 25, 9, 25, 9, 25, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {29, 36, 29, 36, 29, 36, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"a cue's abbreviation after a cue is no name: the name is after it",
     "Hier, le Lt. Gov. Kalia a parlé.",
     {
      {18, 23, 18, 23, 18, 23, "PERSON", NULL, GAZTAG_FROM_RULE, "title"},
      END}},
    {"a letter after a cue is an initial, even a civility's",
     "Hier, le Lt. M. Kalia a parlé.",
     {
      {13, 21, 13, 21, 13, 21, "PERSON", NULL, GAZTAG_FROM_RULE, "title"},
      END}},
    {"a given name's third word that the text writes in lower case: "
     "the sentence's",
     "Hier, Moussa Kalia Bureau a parlé au bureau.",
     {
      {6, 18, 6, 18, 6, 18, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"a word in lower case elsewhere, after given names alone: the name's",
     "Hier, Moussa Jean Bureau a parlé au bureau.",
     {
      {6, 24, 6, 24, 6, 24, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"a word in lower case elsewhere, in a family name first: the name's",
     "Hier, Kim Jong Un a dit un mot.",
     {
      {6, 17, 6, 17, 6, 17, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"an organisation's word alone after a cue is no person; a letter is",
     "Hier, M. Banque a parlé. Puis M. S. a parlé.",
     {
      {34, 35, 33, 34, 33, 34, "PERSON", NULL, GAZTAG_FROM_RULE, "civility"},
      END}},
    {"a month alone before a name: no dateline",
     "KALIA, mars Bangoura a parlé.",
     {
      END}},
    {"words whose initials spell the acronym after them: no dateline",
     "Haute Marche Kalia (HMK) – Il pleut.",
     {
      {0, 18, 0, 18, 0, 18, "ORG", NULL, GAZTAG_FROM_RULE, "acronym"},
      {20, 23, 20, 23, 20, 23, "ORG", NULL, GAZTAG_FROM_RULE, "acronym"},
      END}},
    {"a place of one word whose initial ends its agency's: a dateline",
     "KINDIA (AGK) – Il pleut.",
     {
      {0, 6, 0, 6, 0, 6, "PLACE", NULL, GAZTAG_FROM_RULE, "dateline"},
      {8, 11, 8, 11, 8, 11, "OUTLET", NULL, GAZTAG_FROM_RULE, "dateline"},
      END}},
    {"words whose initials end the acronym after them: no dateline",
     "Marche Kalia (HMK) – Il pleut.",
     {
      END}},
    {"a head word's name ending on a term word, no connector: none",
     "Selon la Banque Kalia Product, non.",
     {
      END}},
    {"a head word's name ending on a term word after a connector: one",
     "Selon la Banque de Kalia Product, non. Selon la Banque De Sita "
     "Product, non.",
     {
      {9, 32, 9, 32, 9, 32, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {48, 70, 48, 70, 48, 70, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"a cue joined to the word after it by a hyphen: no cue",
     "Le ministre-Kalia Sidibé a parlé du protocole point-à-Kindo.",
     {
      END}},
    {"a learnt name before an organisation's suffix: the organisation",
     "Moussa Kalia a parlé et Kalia Mining Holding a payé.",
     {
      {0, 12, 0, 12, 0, 12, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {25, 45, 24, 44, 24, 44, "ORG", NULL, GAZTAG_FROM_RULE, "org-suffix"},
      END}},
    {"a learnt name from a given name before a suffix: the repetition",
     "Moussa Kalia a parlé et Moussa Kalia Holding a payé.",
     {
      {0, 12, 0, 12, 0, 12, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {25, 37, 24, 36, 24, 36, "PERSON", NULL, GAZTAG_FROM_DOCUMENT,
       "propagation"},
      END}},
    {"a month written with a capital ends an organisation's name",
     "Then the Foundation Kalia on Mars 10 met.",
     {
      {9, 25, 9, 25, 9, 25, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"a given name before a place's suffix: the place",
     "They sailed to the Moussa Islands.",
     {
      {19, 33, 19, 33, 19, 33, "PLACE", NULL, GAZTAG_FROM_RULE,
       "place-suffix"},
      END}},
    {"words that spell an acronym, ending a common term: no organisation",
     "Selon le Gross Domestic Product (GDP), non.",
     {
      END}},
    {"words that spell an acronym, then the common term's word: one",
     "Selon le Gross Domestic Product Council (GDPC), non.",
     {
      {9, 39, 9, 39, 9, 39, "ORG", NULL, GAZTAG_FROM_RULE, "acronym"},
      {41, 45, 41, 45, 41, 45, "ORG", NULL, GAZTAG_FROM_RULE, "acronym"},
      END}},
    {"a cue written with small letters, in capitals: an acronym, no cue",
     "Installez MS Windows ici, ME Bangoura aussi.",
     {
      END}},
    {"a given name cut short by a gazetteer's name after a title: none",
     "Selon le ministre Moussa Dabo, oui.",
     {
      {25, 29, 25, 29, 25, 29, "PLACE", "place:dabo", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"a word with a digit or two capitals then small letters after a cue: "
     "no name",
     "Hier, conforme à SVr4, à SELinux et à Kolabounyi.",
     {
      {41, 51, 38, 48, 38, 48, "PLACE", NULL, GAZTAG_FROM_RULE, "at-place"},
      END}},
    {"a family name first, a given name of two syllables joined by a hyphen",
     "Hier, Yoon Suk-yeol est venu.",
     {
      {6, 19, 6, 19, 6, 19, "PERSON", NULL, GAZTAG_FROM_RULE, "family-name"},
      END}},
    {"a given name that is also a family name first, a syllable after a "
     "hyphen; an English word there is none",
     "Hier, Kim Jong-il et Yoon Kolani-led.",
     {
      {6, 17, 6, 17, 6, 17, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {21, 32, 21, 32, 21, 32, "PERSON", NULL, GAZTAG_FROM_RULE,
       "family-name"},
      END}},
    {"a name whose last word a hyphen cuts at the end of its line: none",
     "Par Moussa Sylla\xe2\x80\x90\nnkoro et Moussa Kolani-\n  bah, puis "
     "Moussa Bah.",
     {
      {56, 66, 54, 64, 54, 64, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"a family name first, a syllable that goes on into a longer word",
     "Hier, Yoon Suk-yeol-style.",
     {
      {6, 14, 6, 14, 6, 14, "PERSON", NULL, GAZTAG_FROM_RULE, "family-name"},
      END}},
    {"a given name and an initial cut short by a gazetteer's name after a "
     "title: none",
     "Hier, le ministre Moussa K. Conakry a parlé.",
     {
      {28, 35, 28, 35, 28, 35, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"a given name cut short by a gazetteer's name after a civility: none",
     "Hier, M. Moussa Dabo est venu.",
     {
      {16, 20, 16, 20, 16, 20, "PLACE", "place:dabo", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"an initial that is also a word, in a name and after a title",
     "Hier, Moussa A. Kaba et le ministre A. Kaba.",
     {
      {6, 20, 6, 20, 6, 20, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {36, 43, 36, 43, 36, 43, "PERSON", NULL, GAZTAG_FROM_RULE, "title"},
      END}},
    {"initials after a civility, one of them a word, then the family name",
     "Hier, M. W. A. Kaba est venu.",
     {
      {9, 19, 9, 19, 9, 19, "PERSON", NULL, GAZTAG_FROM_RULE, "civility"},
      END}},
    {"a given name and one initial before a word the name cannot take: "
     "both",
     "J'ai vu Moussa X. Le soir, il parle.",
     {
      {8, 16, 8, 16, 8, 16, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"a given name cut by a hyphen at the end of the line before begins "
     "the person: not across a blank line, not another word",
     "Par Jean-\nLuc Sylla, Jean-\n  Moussa Coulon, Fatou-\n\nMoussa Kaba "
     "et Kobela-\nMohamed Tanene, Jean\nFatou Zogota, jean-\nMoussa Bah.",
     {
      {4, 19, 4, 19, 4, 19, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {21, 42, 21, 42, 21, 42, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {52, 63, 52, 63, 52, 63, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {75, 89, 75, 89, 75, 89, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {96, 108, 96, 108, 96, 108, "PERSON", NULL, GAZTAG_FROM_RULE,
       "first-name"},
      {116, 126, 116, 126, 116, 126, "PERSON", NULL, GAZTAG_FROM_RULE,
       "first-name"},
      END}},
    {"a word of one or two letters glued by a full stop to a letter: a "
     "dotted abbreviation, no name's last word",
     "Hier, Moussa Kaba M.D. et Fatou Sylla Ph.D. sont venus; la ville de "
     "L.A est loin; Mohamed R.Tanene et Moussa Bangoura.Le soir.",
     {
      {6, 17, 6, 17, 6, 17, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {26, 37, 26, 37, 26, 37, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {102, 117, 102, 117, 102, 117, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"a before cue labelled \"-\" is no cue, and stops the shorter one "
     "it ends on; a one-word one is no civility",
     "Grâce à Kolabounyi et grâce à Moussa Kaba, il est allé à Kolabounyi "
     "voir le directeur, Hadja Fatou Sylla, puis Hadja Tanene.",
     {
      {34, 45, 30, 41, 30, 41, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {63, 73, 57, 67, 57, 67, "PLACE", NULL, GAZTAG_FROM_RULE, "at-place"},
      {93, 110, 87, 104, 87, 104, "PERSON", NULL, GAZTAG_FROM_RULE,
       "apposition"},
      END}},
    {"a given name, two initials, then the family name",
     "Hier, Moussa K. B. Kaba est venu.",
     {
      {6, 23, 6, 23, 6, 23, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"two capitalised words joined by \"and\" before a head word or a "
     "suffix: one name",
     "Hier, the Economic and Social Commission et Kaloum and Kaba Holding.",
     {
      {10, 40, 10, 40, 10, 40, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {44, 67, 44, 67, 44, 67, "ORG", NULL, GAZTAG_FROM_RULE, "org-suffix"},
      END}},
    {"English \"and\" in a name's complement, between capitalised words: "
     "the name goes on; not before a given name",
     "Hier, the Commission on Fodea and Sirou Zogota met; the Commission on "
     "Kobela and Moussa Kaba left.",
     {
      {10, 46, 10, 46, 10, 46, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {56, 76, 56, 76, 56, 76, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {81, 92, 81, 92, 81, 92, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"\"and\" in a complement: not before a word joined by a hyphen, nor "
     "before another organisation's name",
     "Hier, the Commission on Fodea and Sirou-based Kaba met; the Commission "
     "on Kobela and Tanene Foundation left.",
     {
      {10, 29, 10, 29, 10, 29, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {60, 80, 60, 80, 60, 80, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {85, 102, 85, 102, 85, 102, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"a hyphen of Unicode (U+2010, U+2011) joins a word to an "
     "organisation's name as \"-\" does",
     "Hier, Kobela‐Agence Tanene et Sirou‑Agence Fodea.",
     {
      {6, 28, 6, 26, 6, 26, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {32, 52, 30, 48, 30, 48, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"\"and\" in a complement: once, after a preposition and a "
     "capitalised word, before a word that may be a name's",
     "Hier, the Commission on Fodea and Sirou and Kaba Zogota met; the "
     "Groupe Kobela and Sirou Kaba left; the Commission on Tanene and Lundi "
     "came; the Commission on Zogota nationale and Sirou went; the Commission "
     "on Kobela and KABA sat.",
     {
      {10, 39, 10, 39, 10, 39, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {65, 78, 65, 78, 65, 78, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {104, 124, 104, 124, 104, 124, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {145, 175, 145, 175, 145, 175, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {196, 216, 196, 216, 196, 216, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"\"&\" joins two capitalised words only, not a trail word and the "
     "next",
     "Hier, la Cour suprême & Kaba a siégé.",
     {
      {9, 22, 9, 21, 9, 21, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"an article right after a capitalised word ends an organisation's "
     "name, unless that word is never a name's",
     "Hier, the Commission on Fodea the Groupe Kaba met; the Commission on "
     "Kobela Beyond the Sirou left.",
     {
      {10, 29, 10, 29, 10, 29, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {34, 45, 34, 45, 34, 45, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {55, 92, 55, 92, 55, 92, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"a name of more than 8 words is not learnt: its later mention is the "
     "rule's, whole",
     "Hier, the Commission on Fodea and Sirou of the Kaba Tanene met. Then "
     "the Commission on Fodea and Sirou of the Kaba Tanene left.",
     {
      {10, 58, 10, 58, 10, 58, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {73, 121, 73, 121, 73, 121, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"before a head word: no \"and\" right before it, no letter alone, "
     "no word joined to it by an apostrophe",
     "Hier, Fodea and Commission, B Agence Sirou, Kobela’Agence Tanene.",
     {
      {30, 42, 30, 42, 30, 42, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {53, 66, 51, 64, 51, 64, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"a capitalised word joined by a hyphen begins the name, a not-name "
     "too, but not alone before a one-word head",
     "Hier, the Kobela-Agence Tanene, the Lundi-Commission on Fodea, the "
     "Sub-Commission met.",
     {
      {10, 30, 10, 30, 10, 30, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {36, 61, 36, 61, 36, 61, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"\"and\" after a suffix, and a second \"and\": no longer name",
     "Hier, 12 Islands and Tanene Islands, puis Fodea and Sirou and "
     "Zogota Holding.",
     {
      {21, 35, 21, 35, 21, 35, "PLACE", NULL, GAZTAG_FROM_RULE,
       "place-suffix"},
      {52, 76, 52, 76, 52, 76, "ORG", NULL, GAZTAG_FROM_RULE, "org-suffix"},
      END}},
    {"a name after a title ends on a town that yields, after an initial "
     "too; cut short by a town that does not, it is none",
     "Le ministre Kaba Taft, le directeur Sylla K. Coulon et le ministre Kaba "
     "Lavaud.",
     {
      {12, 21, 12, 21, 12, 21, "PERSON", NULL, GAZTAG_FROM_RULE, "title"},
      {36, 51, 36, 51, 36, 51, "PERSON", NULL, GAZTAG_FROM_RULE, "title"},
      {72, 78, 72, 78, 72, 78, "PLACE", "place:lavaud-1",
       GAZTAG_FROM_GAZETTEER, NULL},
      END}},
    {"a name that would end on an initial: none",
     "Hier, M. W. E. Le Bois est venu.",
     {
      END}},
    {"a civility's letter joined to a letter: an abbreviation; a civility "
     "of more letters joined to a name: the name",
     "Un M.D., le Y.M.C.A. et Mr.Kaba.",
     {
      {27, 31, 27, 31, 27, 31, "PERSON", NULL, GAZTAG_FROM_RULE, "civility"},
      END}},
    {"initials, then a given name cut short by a yielding town: the given "
     "name's rule takes it",
     "Selon le ministre A. Moussa Coulon, oui.",
     {
      {21, 34, 21, 34, 21, 34, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"a place cue before a word the text also writes in lower case: none; "
     "a place",
     "Ouvrez la Boîte à Outils : les outils sont là. Puis à Kolabounyi.",
     {
      {58, 68, 54, 64, 54, 64, "PLACE", NULL, GAZTAG_FROM_RULE, "at-place"},
      END}},
    {"a place cue before a name and a number: none",
     "Reportez-vous à Section 3.7, puis à Kolabounyi 2000.",
     {
      END}},
    {"a name after a cue cut by a hyphen at its line's end: none",
     "Le ministre Kaba Tra-\nore a parlé.",
     {
      END}},
    {"a word with a capital after three small letters after a cue: none; "
     "a place, and a name with a capital after two",
     "Passez à StarOffice, à DateValue et à Kolabounyi, puis M. MacKenzie.",
     {
      {41, 51, 38, 48, 38, 48, "PLACE", NULL, GAZTAG_FROM_RULE, "at-place"},
      {61, 70, 58, 67, 58, 67, "PERSON", NULL, GAZTAG_FROM_RULE, "civility"},
      END}},
    {"given names joined by a hyphen, cut short after a civility: none",
     "Hier, M. Jean-Luc Dabo est venu.",
     {
      {18, 22, 18, 22, 18, 22, "PLACE", "place:dabo", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"given names joined by a hyphen after a civility, alone",
     "Hier, M. Jean-Luc est venu.",
     {
      {9, 17, 9, 17, 9, 17, "PERSON", NULL, GAZTAG_FROM_RULE, "civility"},
      END}},
    {"an initial in a title's name",
     "Selon le ministre J. Kaba, oui.",
     {
      {18, 25, 18, 25, 18, 25, "PERSON", NULL, GAZTAG_FROM_RULE, "title"},
      END}},
    {"an initial in a given name's name",
     "Hier, Moussa K. Solano est venu.",
     {
      {6, 22, 6, 22, 6, 22, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"an initial before a gazetteer name, after a given name",
     "Hier, Moussa K. Conakry est venu.",
     {
      {16, 23, 16, 23, 16, 23, "PLACE", "place:conakry",
       GAZTAG_FROM_GAZETTEER, NULL},
      END}},
    {"an initial before a gazetteer name, after a title",
     "Selon le ministre J. Conakry, oui.",
     {
      {21, 28, 21, 28, 21, 28, "PLACE", "place:conakry",
       GAZTAG_FROM_GAZETTEER, NULL},
      END}},
    {"a lone capital after a cue is no name, nor looked for again",
     "Passez à C puis à Kindia : C suffit.",
     {
      {20, 26, 18, 24, 18, 24, "PLACE", NULL, GAZTAG_FROM_RULE, "at-place"},
      END}},
    {"a possessive's letter in capitals is no name",
     "Voir le directeur'S NOTE ici.",
     {
      END}},
    {"a one-word name from one cue is not repeated",
     "Il passe à Linux. Linux est libre, dit le ministre Kaba. Kaba ?",
     {
      {12, 17, 11, 16, 11, 16, "PLACE", NULL, GAZTAG_FROM_RULE, "at-place"},
      {52, 56, 51, 55, 51, 55, "PERSON", NULL, GAZTAG_FROM_RULE, "title"},
      END}},
    {"a last name the text writes in lower case is not repeated",
     "Hier, Moussa Fleuve a parlé : le fleuve monte. Fleuve ?",
     {
      {6, 19, 6, 19, 6, 19, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"nor when the lower case comes after the mention",
     "Hier, Moussa Fleuve a parlé. Fleuve ? Le fleuve monte.",
     {
      {6, 19, 6, 19, 6, 19, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"a last name in an address is no word of prose",
     "Hier, Moussa Solano a parlé (solano@agp.gn). Solano ?",
     {
      {6, 19, 6, 19, 6, 19, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {46, 52, 45, 51, 45, 51, "PERSON", NULL, GAZTAG_FROM_DOCUMENT,
       "propagation"},
      END}},
    {"a defined acronym is repeated",
     "Le Front uni des Patriotes (FUP) a parlé. Le FUP a gagné.",
     {
      {3, 26, 3, 26, 3, 26, "ORG", NULL, GAZTAG_FROM_RULE, "acronym"},
      {28, 31, 28, 31, 28, 31, "ORG", NULL, GAZTAG_FROM_RULE, "acronym"},
      {46, 49, 45, 48, 45, 48, "ORG", NULL, GAZTAG_FROM_DOCUMENT,
       "propagation"},
      END}},
    {"a cue's full stop after a space; an initial is no cue",
     "Hier, M .Kaba et J. Kaba sont venus.",
     {
      {9, 13, 9, 13, 9, 13, "PERSON", NULL, GAZTAG_FROM_RULE, "civility"},
      END}},
    {"a cue's letter in bold or full width",
     "Hier, \xf0\x9d\x97\xa0. Traoré et \xef\xbc\xad.Sylla sont venus.",
     {
      {12, 19, 9, 15, 10, 16, "PERSON", NULL, GAZTAG_FROM_RULE, "civility"},
      {27, 32, 21, 26, 22, 27, "PERSON", NULL, GAZTAG_FROM_RULE, "civility"},
      END}},
    {"accented before cue",
     "Il est allé à Kolabounyi hier.",
     {
      {16, 26, 14, 24, 14, 24, "PLACE", NULL, GAZTAG_FROM_RULE, "at-place"},
      END}},
    {"à as a and a combining grave accent",
     "Il est allé a\xcc\x80 Kolabounyi hier.",
     {
      {17, 27, 15, 25, 15, 25, "PLACE", NULL, GAZTAG_FROM_RULE, "at-place"},
      END}},
    {"English a is not à",
     "He went a Kolabounyi yesterday.",
     {
      END}},
    {"a without its accent is not à",
     "Il est allé a Kolabounyi hier.",
     {
      END}},
    {"multi-word cue",
     "Dans la commune rurale (CR) de Kolabounyi, il pleut.",
     {
      {31, 41, 31, 41, 31, 41, "PLACE", NULL, GAZTAG_FROM_RULE, "place-cue"},
      END}},
    {"a list of places, the preposition said again",
     "Il vient de Conakry et de Kolabounyi.",
     {
      {12, 19, 12, 19, 12, 19, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      {26, 36, 26, 36, 26, 36, "PLACE", NULL, GAZTAG_FROM_RULE, "place-list"},
      END}},
    {"a list after a place cue, with commas and an elision",
     "Dans la ville de Kolabounyi, de Dakatougui et d’Ourékaba, il pleut.",
     {
      {17, 27, 17, 27, 17, 27, "PLACE", NULL, GAZTAG_FROM_RULE, "place-cue"},
      {32, 42, 32, 42, 32, 42, "PLACE", NULL, GAZTAG_FROM_RULE, "place-list"},
      {50, 59, 48, 56, 48, 56, "PLACE", NULL, GAZTAG_FROM_RULE, "place-list"},
      END}},
    {"no list without its preposition",
     "Il vient de Conakry et Kolabounyi aussi.",
     {
      {12, 19, 12, 19, 12, 19, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"no list after a comma and a conjunction alone",
     "Il vient de Conakry, et Kolabounyi aussi.",
     {
      {12, 19, 12, 19, 12, 19, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"a given name in a list is a person",
     "Il vient de Conakry et de Moussa Kaba.",
     {
      {12, 19, 12, 19, 12, 19, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      {26, 37, 26, 37, 26, 37, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"a name in apposition after a title, then repeated",
     "Leur porte-parole, Tchalla Wobidou, a parlé. Puis Wobidou est parti.",
     {
      {19, 34, 19, 34, 19, 34, "PERSON", NULL, GAZTAG_FROM_RULE, "apposition"},
      {51, 58, 50, 57, 50, 57, "PERSON", NULL, GAZTAG_FROM_DOCUMENT,
       "propagation"},
      END}},
    {"an apposition after a title that ends with a capital",
     "Il était avec le ministre de l’Agriculture, Tchalla Wobidou, hier.",
     {
      {47, 62, 44, 59, 44, 59, "PERSON", NULL, GAZTAG_FROM_RULE, "apposition"},
      END}},
    {"no apposition after a capitalised title (a signature line)",
     "Tchalla\nDirecteur, Wobidou Conseil\nTel. 622",
     {END}},
    {"no apposition of one word",
     "Selon le ministre, Wobidou, oui.",
     {END}},
    {"no apposition that the name does not close",
     "Le ministre, Tchalla Wobidou et les autres sont venus.",
     {END}},
    {"an apposition after a title and its complement",
     "Le directeur du comité local, Tchalla Wobidou, a parlé.",
     {{31, 46, 30, 45, 30, 45, "PERSON", NULL, GAZTAG_FROM_RULE, "apposition"},
      END}},
    {"a complement over a gazetteer's name",
     "Le directeur de l’Agence guinéenne de presse, Tchalla Wobidou, a "
     "parlé.",
     {{20, 47, 18, 44, 18, 44, "OUTLET", "outlet:agp", GAZTAG_FROM_GAZETTEER,
       NULL},
      {49, 64, 46, 61, 46, 61, "PERSON", NULL, GAZTAG_FROM_RULE, "apposition"},
      END}},
    {"a civility after a title's complement begins no name",
     "Le directeur du comité, Me Tchalla Wobidou, a parlé.",
     {{28, 43, 27, 42, 27, 42, "PERSON", NULL, GAZTAG_FROM_RULE, "civility"},
      END}},
    {"no complement without its preposition",
     "Le directeur adjoint local, Tchalla Wobidou, a parlé.",
     {END}},
    {"no complement of more than six words",
     "Le directeur de la grande agence nationale des routes, Tchalla "
     "Wobidou, a parlé.",
     {END}},
    {"head",
     "Selon le Consortium SMB-Winning, tout va bien.",
     {
      {9, 31, 9, 31, 9, 31, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"head before lower-case words only",
     "Hier, le Groupe a annoncé un accord.",
     {
      END}},
    {"head, connectors, coordination, suffix",
     "Hier, le Ministère des Mines et de la Géologie et Orange SA ont signé.",
     {
      {9, 48, 9, 46, 9, 46, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {52, 61, 50, 59, 50, 59, "ORG", NULL, GAZTAG_FROM_RULE, "org-suffix"},
      END}},
    {"a lead cue begins the name",
     "Au ministère de la Défense, on dément.",
     {
      {3, 28, 3, 26, 3, 26, "ORG", NULL, GAZTAG_FROM_RULE, "org-lead"},
      END}},
    {"a lead cue, connectors, coordination, suffix",
     "Le ministère des Mines et de la Géologie et Orange SA ont signé.",
     {
      {3, 42, 3, 40, 3, 40, "ORG", NULL, GAZTAG_FROM_RULE, "org-lead"},
      {46, 55, 44, 53, 44, 53, "ORG", NULL, GAZTAG_FROM_RULE, "org-suffix"},
      END}},
    {"a lead cue with an elision",
     "Selon le ministère de l’Agriculture, oui.",
     {
      {9, 38, 9, 35, 9, 35, "ORG", NULL, GAZTAG_FROM_RULE, "org-lead"},
      END}},
    {"a lead cue takes no name after a comma",
     "Il cite le ministère des, Tchalla Wobidou, hier.",
     {END}},
    {"no lead cue across a line break",
     "Il parle au ministère des\nMines du nord.",
     {END}},
    {"a trail word after a head",
     "Hier, la Cour suprême a statué.",
     {{9, 22, 9, 21, 9, 21, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"trail words after a capital, coordination with an article",
     "Le ministère des Affaires étrangères et la Commission électorale "
     "nationale ont parlé.",
     {{3, 39, 3, 36, 3, 36, "ORG", NULL, GAZTAG_FROM_RULE, "org-lead"},
      {46, 78, 43, 74, 43, 74, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"trail words, coordination with a preposition",
     "Le ministère de l’Enseignement supérieur et de la Recherche "
     "scientifique a dit.",
     {{3, 76, 3, 72, 3, 72, "ORG", NULL, GAZTAG_FROM_RULE, "org-lead"},
      END}},
    {"no trail word before lower-case words",
     "Hier, la Banque nationale d’investissement a prêté.",
     {END}},
    {"no trail word before a gazetteer's name",
     "Hier, la Banque nationale de Conakry a prêté.",
     {{29, 36, 29, 36, 29, 36, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"an ampersand between capitalised words",
     "Le Groupe Bah & Frères Construction et le Groupe de presse & la "
     "Commission nationale.",
     {{3, 36, 3, 35, 3, 35, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {65, 85, 64, 84, 64, 84, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"a suffix after several capitalised words and an ampersand",
     "Hier, Kolamba Trading & Mining Holding SA a signé.",
     {{6, 41, 6, 41, 6, 41, "ORG", NULL, GAZTAG_FROM_RULE, "org-suffix"},
      END}},
    {"capitalised words before an English head",
     "Yesterday the Ford Foundation Trust gave money.",
     {
      {14, 35, 14, 35, 14, 35, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"capitalised word before an English head, alone",
     "Yesterday the Ford Foundation gave money.",
     {
      {14, 29, 14, 29, 14, 29, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"a dateline's agency is an outlet, not the place's acronym",
     "CONAKRY (AGP) - Il pleut. Selon l’AGP, oui.",
     {
      {0, 7, 0, 7, 0, 7, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      {9, 12, 9, 12, 9, 12, "OUTLET", NULL, GAZTAG_FROM_RULE, "dateline"},
      END}},
    {"an agency after a dateline's date; not on a line of prose",
     "KOLABOUNYI, 3 mars (XYZ) – Il pleut.\nLe pays (XYZ) – non.",
     {
      {0, 10, 0, 10, 0, 10, "PLACE", NULL, GAZTAG_FROM_RULE, "dateline"},
      {20, 23, 20, 23, 20, 23, "OUTLET", NULL, GAZTAG_FROM_RULE, "dateline"},
      END}},
    {"an acronym the span before does not spell: the words before it",
     "Le Syndicat libre des enseignants de Conakry (SLEC) a parlé. Puis le "
     "SLEC.",
     {
      {37, 44, 37, 44, 37, 44, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      {46, 50, 46, 50, 46, 50, "ORG", NULL, GAZTAG_FROM_RULE, "acronym"},
      {70, 74, 69, 73, 69, 73, "ORG", NULL, GAZTAG_FROM_DOCUMENT,
       "propagation"},
      END}},
    {"an elided article is not part of an organisation",
     "Hier, L’Agence a parlé.",
     {
      END}},
    {"suffixes one after the other",
     "Hier, la société Kountaya Holding SA a signé.",
     {
      {19, 38, 17, 36, 17, 36, "ORG", NULL, GAZTAG_FROM_RULE, "org-suffix"},
      END}},
    {"dateline",
     "Il pleut.\nKOUNDOUYA, 3 mars (AGP) - Il pleut encore.\n",
     {
      {10, 19, 10, 19, 10, 19, "PLACE", NULL, GAZTAG_FROM_RULE, "dateline"},
      {29, 32, 29, 32, 29, 32, "OUTLET", NULL, GAZTAG_FROM_RULE, "dateline"},
      END}},
    {"a week day is no dateline's place",
     "Il pleut.\nLundi, 3 mars 2002\nIl pleut.\n",
     {
      END}},
    {"an article may begin a dateline's place",
     "Il pleut.\nLe Kountou, 3 mars (AGP) - Il pleut.\n",
     {
      {10, 20, 10, 20, 10, 20, "PLACE", NULL, GAZTAG_FROM_RULE, "dateline"},
      {30, 33, 30, 33, 30, 33, "OUTLET", NULL, GAZTAG_FROM_RULE, "dateline"},
      END}},
    {"an agency in parentheses, then a dash",
     "Il pleut.\nKOUNDOUYA (AGP) – Il pleut.\nType DOS (MBR)\nUne table.\n",
     {
      {10, 19, 10, 19, 10, 19, "PLACE", NULL, GAZTAG_FROM_RULE, "dateline"},
      {21, 24, 21, 24, 21, 24, "OUTLET", NULL, GAZTAG_FROM_RULE, "dateline"},
      END}},
    {"a day without its month is no dateline",
     "Il pleut.\nNow, 67 percent voted.\n",
     {
      END}},
    {"a dateline with le before the day",
     "Il pleut.\nKoundouya, le 3 mars - Il pleut encore.\n",
     {
      {10, 19, 10, 19, 10, 19, "PLACE", NULL, GAZTAG_FROM_RULE, "dateline"},
      END}},
    {"no dateline inside a line",
     "Il a vu Koundouya, 3 mars dernier.",
     {
      END}},
    {"a dateline is on one line",
     "Il pleut.\nKOUNDOUYA, 3\nmars - Il pleut.\nKoundouya, le\n3 mars - Oui."
     "\nKOUNDOUYA\n(AGP) - Non.\n",
     {
      END}},
    {"acronym after a gazetteer span",
     "L’Agence guinéenne de presse (AGP) a dit. Selon l’AGP, tout va bien.",
     {
      {4, 31, 2, 28, 2, 28, "OUTLET", "outlet:agp", GAZTAG_FROM_GAZETTEER, NULL},
      {33, 36, 30, 33, 30, 33, "OUTLET", "outlet:agp", GAZTAG_FROM_DOCUMENT, "acronym"},
      {55, 58, 50, 53, 50, 53, "OUTLET", "outlet:agp", GAZTAG_FROM_DOCUMENT, "propagation"},
      END}},
    {"acronym by initials",
     "Hier, le Front uni des Patriotes (FUP) a dit. Le FUP a gagné.",
     {
      {9, 32, 9, 32, 9, 32, "ORG", NULL, GAZTAG_FROM_RULE, "acronym"},
      {34, 37, 34, 37, 34, 37, "ORG", NULL, GAZTAG_FROM_RULE, "acronym"},
      {49, 52, 49, 52, 49, 52, "ORG", NULL, GAZTAG_FROM_DOCUMENT, "propagation"},
      END}},
    {"wrong initials",
     "Hier, le Front uni des Patriotes (FPX) a dit.",
     {
      END}},
    {"propagation from a gazetteer name",
     "Hier, Fatou Kourouma est arrivée. Selon Kourouma, oui.",
     {
      {6, 20, 6, 20, 6, 20, "PERSON", "per:kourouma", GAZTAG_FROM_GAZETTEER, NULL},
      {41, 49, 40, 48, 40, 48, "PERSON", "per:kourouma", GAZTAG_FROM_DOCUMENT, "propagation"},
      END}},
    {"propagation from a rule's name",
     "Hier, Moussa Solano est venu. Puis Solano a dit.",
     {
      {6, 19, 6, 19, 6, 19, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {35, 41, 35, 41, 35, 41, "PERSON", NULL, GAZTAG_FROM_DOCUMENT, "propagation"},
      END}},
    {"a one-word gazetteer place that is a learnt last name",
     "Il est allé à Dabo. Hier, Mohamed Dabo est venu. Dabo a dit.",
     {
      {16, 20, 14, 18, 14, 18, "PLACE", "place:dabo", GAZTAG_FROM_GAZETTEER, NULL},
      {28, 40, 26, 38, 26, 38, "PERSON", "per:dabo", GAZTAG_FROM_GAZETTEER, NULL},
      {51, 55, 49, 53, 49, 53, "PERSON", "per:dabo", GAZTAG_FROM_DOCUMENT, "propagation"},
      END}},
    {"a learnt last name as a gazetteer place in capitals",
     "Hier, Mohamed Dabo est venu. DABO a dit oui.",
     {
      {6, 18, 6, 18, 6, 18, "PERSON", "per:dabo", GAZTAG_FROM_GAZETTEER, NULL},
      {29, 33, 29, 33, 29, 33, "PERSON", "per:dabo", GAZTAG_FROM_DOCUMENT, "propagation"},
      END}},
    {"a family name written first, from a gazetteer name",
     "Selon Xi Jinping, oui. Xi a dit.",
     {
      {6, 16, 6, 16, 6, 16, "PERSON", "per:xi", GAZTAG_FROM_GAZETTEER, NULL},
      {23, 25, 23, 25, 23, 25, "PERSON", "per:xi", GAZTAG_FROM_DOCUMENT,
       "propagation"},
      END}},
    {"a family name written first and the last name, from a rule's name",
     "Hier, le ministre Yoon Kaba est venu. Puis Yoon a dit, et Kaba aussi.",
     {
      {18, 27, 18, 27, 18, 27, "PERSON", NULL, GAZTAG_FROM_RULE, "title"},
      {43, 47, 43, 47, 43, 47, "PERSON", NULL, GAZTAG_FROM_DOCUMENT,
       "propagation"},
      {58, 62, 58, 62, 58, 62, "PERSON", NULL, GAZTAG_FROM_DOCUMENT,
       "propagation"},
      END}},
    {"a family name written first begins a name as a given name does",
     "Selon Yoon Sukyeol, oui. Yoon a dit.",
     {
      {6, 18, 6, 18, 6, 18, "PERSON", NULL, GAZTAG_FROM_RULE, "family-name"},
      {25, 29, 25, 29, 25, 29, "PERSON", NULL, GAZTAG_FROM_DOCUMENT,
       "propagation"},
      END}},
    {"a family name written first, joined by a hyphen",
     "Selon Yoon-Sukyeol, oui.",
     {
      END}},
    {"a family name written first before an organisation's word",
     "Il cite Yoon Cour, oui.",
     {
      {8, 17, 8, 17, 8, 17, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"a family name written first before a not-name",
     "Selon Yoon Lundi, oui.",
     {
      END}},
    {"a family name written first that is a given name too",
     "Hier, Kim Kaba est venu. Puis Kim a dit.",
     {
      {6, 14, 6, 14, 6, 14, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {30, 33, 30, 33, 30, 33, "PERSON", NULL, GAZTAG_FROM_DOCUMENT,
       "propagation"},
      END}},
    {"a family name of two letters last is not learnt",
     "Hier, Moussa Xi est venu. Puis Xi a dit.",
     {
      {6, 15, 6, 15, 6, 15, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      END}},
    {"an organisation's name runs on in lower case to its acronym",
     "Selon la Commission électorale nationale indépendante (CENI), oui.",
     {
      {9, 55, 9, 53, 9, 53, "ORG", NULL, GAZTAG_FROM_RULE, "acronym"},
      {57, 61, 55, 59, 55, 59, "ORG", NULL, GAZTAG_FROM_RULE, "acronym"},
      END}},
    {"lower-case words and an acronym that does not spell the name",
     "Selon la Commission électorale nationale indépendante (CNE), oui.",
     {
      {9, 41, 9, 40, 9, 40, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"a lead cue's name runs on to the acronym that spells it",
     "Selon le ministère des Mines et de la Géologie rurale (MMGR), oui.",
     {
      {9, 55, 9, 53, 9, 53, "ORG", NULL, GAZTAG_FROM_RULE, "org-lead"},
      {57, 61, 55, 59, 55, 59, "ORG", NULL, GAZTAG_FROM_DOCUMENT, "acronym"},
      END}},
    {"an elided article before a word in capitals is no name",
     "Voir la ville de L'ABC ci-dessous.",
     {
      END}},
    {"a place named with its article",
     "Voir la ville de L'Abreuvoir ci-dessous.",
     {
      {17, 28, 17, 28, 17, 28, "PLACE", NULL, GAZTAG_FROM_RULE, "place-cue"},
      END}},
    {"a name that ends in lower case after a complement head",
     "Selon la Cour des comptes, oui.",
     {
      {9, 25, 9, 25, 9, 25, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      END}},
    {"a complement head at the start of a sentence",
     "Cour des comptes saisie.",
     {
      END}},
    {"a head that takes no complement",
     "Selon la Commission des lois, oui.",
     {
      END}},
    {"a complement that goes on to a gazetteer name",
     "Selon la Cour des comptes de Conakry, oui.",
     {
      {29, 36, 29, 36, 29, 36, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"a complement of three words",
     "Selon la Cour des comptes publics locaux, oui.",
     {
      END}},
    {"a complement before an ampersand",
     "Selon la Cour des comptes & budgets, oui.",
     {
      END}},
    {"apposition after a title and a place",
     "Son directeur Conakry, Tchalla Wobidou, a parlé.",
     {
      {14, 21, 14, 21, 14, 21, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER,
       NULL},
      {23, 38, 23, 38, 23, 38, "PERSON", NULL, GAZTAG_FROM_RULE, "apposition"},
      END}},
    {"no apposition after a title and a person",
     "Son directeur Mohamed Dabo, Tchalla Wobidou, a parlé.",
     {
      {14, 26, 14, 26, 14, 26, "PERSON", "per:dabo", GAZTAG_FROM_GAZETTEER,
       NULL},
      END}},
    {"an acronym of words in lower case",
     "Selon le produit intérieur brut (PIB), oui.",
     {
      END}},
    {"an acronym that spells the name from its second word",
     "Selon le Groupe Bah travaux publics (BTP), oui.",
     {
      {9, 19, 9, 19, 9, 19, "ORG", NULL, GAZTAG_FROM_RULE, "org-head"},
      {37, 40, 37, 40, 37, 40, "ORG", NULL, GAZTAG_FROM_RULE, "acronym"},
      END}},
    {"a rule stops before a gazetteer span",
     "Hier, Moussa Solano Conakry est venu.",
     {
      {6, 19, 6, 19, 6, 19, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {20, 27, 20, 27, 20, 27, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER, NULL},
      END}},
    {"a title's name stops before a gazetteer span",
     "Selon le ministre Kaba Sylla Conakry, oui.",
     {
      {18, 28, 18, 28, 18, 28, "PERSON", NULL, GAZTAG_FROM_RULE, "title"},
      {29, 36, 29, 36, 29, 36, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER, NULL},
      END}},
    {"a title's name of one word cut short by a gazetteer span: none",
     "Selon le ministre Kaba Conakry, oui.",
     {
      {23, 30, 23, 30, 23, 30, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER, NULL},
      END}},
    {"a given name alone before a gazetteer span",
     "Hier, Moussa Conakry est venu.",
     {
      {13, 20, 13, 20, 13, 20, "PLACE", "place:conakry", GAZTAG_FROM_GAZETTEER, NULL},
      END}},
    {"an all-capitals line",
     "MOHAMED KABA NOMMÉ À KOLABOUNYI",
     {
      END}},
    {"an all-capitals line repeats a learnt name",
     "Hier, Mohamed Kaba est arrivé.\nMOHAMED KABA NOMMÉ\nLe ministre KABA.",
     {
      {6, 18, 6, 18, 6, 18, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {32, 44, 31, 43, 31, 43, "PERSON", NULL, GAZTAG_FROM_DOCUMENT, "propagation"},
      {64, 68, 62, 66, 62, 66, "PERSON", NULL, GAZTAG_FROM_DOCUMENT, "propagation"},
      END}},
    {"capitals that only open sentences",
     "Solano Kaba est venu. Puis Traoré Kaba.",
     {
      END}},
    {"mathematical bold names",
     "Hier, 𝗠𝗼𝘂𝘀𝘀𝗮 𝗦𝗼𝗹𝗮𝗻𝗼 est venu. Puis Solano a dit.",
     {
      {6, 55, 6, 19, 6, 31, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {71, 77, 35, 41, 47, 53, "PERSON", NULL, GAZTAG_FROM_DOCUMENT, "propagation"},
      END}},
    {"a learnt name in mathematical bold",
     "Hier, Moussa Solano est venu. Puis 𝗦𝗼𝗹𝗮𝗻𝗼 a dit.",
     {
      {6, 19, 6, 19, 6, 19, "PERSON", NULL, GAZTAG_FROM_RULE, "first-name"},
      {35, 59, 35, 41, 35, 47, "PERSON", NULL, GAZTAG_FROM_DOCUMENT, "propagation"},
      END}},
    {"mathematical bold cue",
     "Selon le 𝗺𝗶𝗻𝗶𝘀𝘁𝗿𝗲 𝗞𝗮𝗯𝗮, oui.",
     {
      {42, 58, 18, 22, 26, 34, "PERSON", NULL, GAZTAG_FROM_RULE, "title"},
      END}},
};

#define N_GOLDEN (sizeof golden / sizeof golden[0])

static void test_golden(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_GOLDEN; i++)
        expect_tag(fx.t, golden[i].name, golden[i].text, 0, golden[i].spans);
}

/* The pass settles an ASCII capital from the 16 bytes on each side of it
 * when the text has them, else by walking the bytes (near the text's
 * ends).  Moved by k line breaks at both ends, every golden text gives its
 * spans moved by k, whichever way each of its capitals took. */
static void test_golden_moved(void **state)
{
    (void)state;
    static const size_t moves[] = {1, 7, 15, 16, 17, 31};
    char text[512];
    for (size_t i = 0; i < N_GOLDEN; i++)
        for (size_t m = 0; m < sizeof moves / sizeof *moves; m++) {
            size_t k = moves[m], l = strlen(golden[i].text);
            assert_true(2 * k + l < sizeof text);
            memset(text, '\n', k);
            memcpy(text + k, golden[i].text, l);
            memset(text + k + l, '\n', k);
            text[2 * k + l] = '\0';
            want_span want[MAX_WANT];
            memcpy(want, golden[i].spans, sizeof want);
            for (size_t w = 0; w < MAX_WANT && want[w].label; w++) {
                want[w].start += k;
                want[w].end += k;
                want[w].cstart += k;
                want[w].cend += k;
                want[w].ustart += k;
                want[w].uend += k;
            }
            expect_tag(fx.t, golden[i].name, text, 0, want);
        }
}

/* Streamed in pieces that hold a line break, a text gives the spans of the
 * whole text: the rules see whole lines (the piece is used up to its last
 * line break), whatever the piece size.  The golden texts, one a line. */
static void test_stream_pieces(void **state)
{
    (void)state;
    size_t len = 0, longest = 0;
    for (size_t i = 0; i < N_GOLDEN; i++) {
        size_t l = strlen(golden[i].text) + 1;
        len += l;
        longest = l > longest ? l : longest;
    }
    char *text = malloc(len + 1);
    assert_non_null(text);
    len = 0;
    for (size_t i = 0; i < N_GOLDEN; i++) {
        size_t l = strlen(golden[i].text);
        memcpy(text + len, golden[i].text, l);
        len += l;
        if (len == 0 || text[len - 1] != '\n')
            text[len++] = '\n';
    }
    text[len] = '\0';
    const gaztag_span *s;
    size_t n;
    assert_int_equal(gaztag_tag_text(fx.t, text, len, 0, &s, &n), GAZTAG_OK);
    assert_true(n > 2 * N_GOLDEN / 2);
    gaztag_span *whole = malloc(n * sizeof *whole);
    gaztag_span *got = malloc((n + 1) * sizeof *got);
    assert_non_null(whole);
    assert_non_null(got);
    memcpy(whole, s, n * sizeof *s);
    size_t pieces[] = {2 * longest, 2 * longest + 7, 3 * longest, 4096};
    for (size_t p = 0; p < sizeof pieces / sizeof *pieces; p++) {
        size_t k = support_stream_spans(fx.t, text, len, 0, pieces[p], got,
                                        n + 1);
        if (k != n)
            print_spans(text, got, k);
        assert_int_equal(k, n);
        for (size_t i = 0; i < n; i++) {
            want_span w = {whole[i].start, whole[i].end, whole[i].cstart,
                           whole[i].cend, whole[i].ustart, whole[i].uend,
                           whole[i].entry.label, whole[i].entry.id,
                           whole[i].origin, whole[i].rule};
            if (!span_is(&got[i], &w)) {
                print_spans(text, &got[i], 1);
                print_spans(text, &whole[i], 1);
                fail_msg("piece %zu: span %zu differs", pieces[p], i);
            }
        }
    }
    free(got);
    free(whole);
    free(text);
}

/* A tagger with the rules set gives the gazetteer spans of a tagger
 * without them, in the same place, with the same entries (but for the
 * one-word place that became a person of the document). */
static void test_gazetteer_spans_kept(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_GOLDEN; i++) {
        const char *text = golden[i].text;
        const gaztag_span *s, *s0;
        size_t n, n0, k = 0;
        assert_int_equal(gaztag_tag_text(fx.t0, text, strlen(text), 0, &s0,
                                         &n0), GAZTAG_OK);
        assert_int_equal(gaztag_tag_text(fx.t, text, strlen(text), 0, &s, &n),
                         GAZTAG_OK);
        for (size_t j = 0; j < n; j++) {
            if (k < n0 && s[j].start == s0[k].start) {
                assert_int_equal(s[j].end, s0[k].end);
                assert_int_equal(s[j].cend, s0[k].cend);
                assert_int_equal(s[j].uend, s0[k].uend);
                if (s[j].origin == GAZTAG_FROM_GAZETTEER)
                    assert_int_equal(s[j].first_entry, s0[k].first_entry);
                k++;
            } else if (k < n0 && (s0[k].entry.flags & GAZTAG_ENTRY_YIELD) &&
                       s[j].end >= s0[k].end && s[j].start < s0[k].start) {
                /* a name that yields, taken into a person's (and the rest
                 * of a double name) */
                assert_int_equal(s[j].origin, GAZTAG_FROM_RULE);
                assert_string_equal(s[j].entry.label, "PERSON");
                assert_true(k == 0 || s[j].start >= s0[k - 1].end);
                k++;
            } else {
                /* a rule's span: between two gazetteer spans */
                assert_int_not_equal(s[j].origin, GAZTAG_FROM_GAZETTEER);
                assert_true(k == n0 || s[j].end <= s0[k].start);
                assert_true(k == 0 || s[j].start >= s0[k - 1].end);
            }
        }
        assert_int_equal(k, n0);
    }
}

static void test_no_propagation(void **state)
{
    (void)state;
    const unsigned np = GAZTAG_TAG_NO_PROPAGATION;
    expect_tag(fx.t, "no propagation of a rule's name",
               "Hier, Moussa Solano est venu. Puis Solano a dit.", np,
               (const want_span[]){
                   {6, 19, 6, 19, 6, 19, "PERSON", NULL, GAZTAG_FROM_RULE,
                    "first-name"},
                   END});
    expect_tag(fx.t, "no propagation over a one-word place",
               "Hier, Mohamed Dabo est venu. Dabo a dit.", np,
               (const want_span[]){
                   {6, 18, 6, 18, 6, 18, "PERSON", "per:dabo",
                    GAZTAG_FROM_GAZETTEER, NULL},
                   {29, 33, 29, 33, 29, 33, "PLACE", "place:dabo",
                    GAZTAG_FROM_GAZETTEER, NULL},
                   END});
    /* the acronym is still defined, its later mention is not tagged */
    expect_tag(fx.t, "no propagation of an acronym",
               "Hier, le Front uni des Patriotes (FUP) a dit. Le FUP a gagné.",
               np,
               (const want_span[]){
                   {9, 32, 9, 32, 9, 32, "ORG", NULL, GAZTAG_FROM_RULE,
                    "acronym"},
                   {34, 37, 34, 37, 34, 37, "ORG", NULL, GAZTAG_FROM_RULE,
                    "acronym"},
                   END});
}

/* Each gaztag_tag_text() call is a document of its own. */
static void test_new_document_forgets(void **state)
{
    (void)state;
    expect_tag(fx.t, "learn Kaba", "Hier, Mohamed Kaba est venu.", 0,
               (const want_span[]){
                   {6, 18, 6, 18, 6, 18, "PERSON", NULL, GAZTAG_FROM_RULE,
                    "first-name"},
                   END});
    expect_tag(fx.t, "Kaba forgotten", "Hier, Kaba a dit.", 0,
               (const want_span[]){END});
    expect_tag(fx.t, "learn Dabo", "Hier, Mohamed Dabo est venu.", 0,
               (const want_span[]){
                   {6, 18, 6, 18, 6, 18, "PERSON", "per:dabo",
                    GAZTAG_FROM_GAZETTEER, NULL},
                   END});
    expect_tag(fx.t, "Dabo a place again", "Hier, Dabo a dit.", 0,
               (const want_span[]){
                   {6, 10, 6, 10, 6, 10, "PLACE", "place:dabo",
                    GAZTAG_FROM_GAZETTEER, NULL},
                   END});
    /* and a stream that ended is a document that ended */
    const char *piece = "Hier, Mohamed Kaba est venu.";
    const gaztag_span *s;
    size_t n, used;
    assert_int_equal(gaztag_tag_stream(fx.t, piece, strlen(piece), 0, &s, &n,
                                       &used), GAZTAG_OK);
    assert_int_equal(n, 1);
    expect_tag(fx.t, "Kaba forgotten after a stream", "Hier, Kaba a dit.", 0,
               (const want_span[]){END});
}

/* A name reaches as far as the propagation window after the span that
 * last taught it (the start of one to the start of the other): Solano
 * from the rule's Moussa Solano at 0, Kourouma from the gazetteer's Fatou
 * Kourouma at 39; past the window neither is tagged, until Moussa Solano
 * said again at 181 teaches Solano again.  Window 0: the whole document. */
static void test_window(void **state)
{
    (void)state;
    /* (a line a sentence: streamed, the rules see whole lines) */
    static const char text[] =
        "Moussa Solano est venu hier soir, avec Fatou Kourouma.\nPuis Solano "
        "a dit oui et Kourouma aussi.\nIl a vu la mer et les bateaux du port "
        "de la ville.\nSolano a dit non, Kourouma aussi.\nMoussa Solano "
        "revient.\nSolano rit.";
    const want_span moussa = {0, 13, 0, 13, 0, 13, "PERSON", NULL,
                              GAZTAG_FROM_RULE, "first-name"};
    const want_span fatou = {39, 53, 39, 53, 39, 53, "PERSON", "per:kourouma",
                             GAZTAG_FROM_GAZETTEER, NULL};
    const want_span solano60 = {60, 66, 60, 66, 60, 66, "PERSON", NULL,
                                GAZTAG_FROM_DOCUMENT, "propagation"};
    const want_span kourouma80 = {80, 88, 80, 88, 80, 88, "PERSON",
                                  "per:kourouma", GAZTAG_FROM_DOCUMENT,
                                  "propagation"};
    const want_span solano147 = {147, 153, 147, 153, 147, 153, "PERSON", NULL,
                                 GAZTAG_FROM_DOCUMENT, "propagation"};
    const want_span kourouma165 = {165, 173, 165, 173, 165, 173, "PERSON",
                                   "per:kourouma", GAZTAG_FROM_DOCUMENT,
                                   "propagation"};
    const want_span moussa181 = {181, 194, 181, 194, 181, 194, "PERSON", NULL,
                                 GAZTAG_FROM_RULE, "first-name"};
    const want_span moussa181_doc = {181, 194, 181, 194, 181, 194, "PERSON",
                                     NULL, GAZTAG_FROM_DOCUMENT,
                                     "propagation"};
    const want_span solano204 = {204, 210, 204, 210, 204, 210, "PERSON", NULL,
                                 GAZTAG_FROM_DOCUMENT, "propagation"};
    gaztag_tagger *every = support_every_capital_tagger(fx.g, fx.r);
    gaztag_tagger_set_propagation_window(fx.t, 64);
    gaztag_tagger_set_propagation_window(every, 64);
    expect_tag(fx.t, "window of 64 bytes", text, 0,
               (const want_span[]){moussa, fatou, solano60, kourouma80,
                                   moussa181, solano204, END});
    /* the same, streamed in pieces (names forgotten between them and
     * within them), and from a pass over every capital */
    for (size_t piece = 16; piece <= 64; piece += 48) {
        gaztag_span got[8];
        size_t n = support_stream_spans(fx.t, text, strlen(text), 0, piece,
                                        got, 8);
        expect_spans("window of 64 bytes, streamed", text, got, n,
                     (const want_span[]){moussa, fatou, solano60, kourouma80,
                                         moussa181, solano204, END});
    }
    support_same_spans("window of 64 bytes", fx.t, every, text, strlen(text),
                       30);
    /* 41 bytes reach Kourouma at 80 from 39 exactly, 40 fall one short;
     * neither reaches Solano at 60 from 0 */
    gaztag_tagger_set_propagation_window(fx.t, 40);
    expect_tag(fx.t, "window of 40 bytes", text, 0,
               (const want_span[]){moussa, fatou, moussa181, solano204,
                                   END});
    gaztag_tagger_set_propagation_window(fx.t, 41);
    expect_tag(fx.t, "window of 41 bytes", text, 0,
               (const want_span[]){moussa, fatou, kourouma80, moussa181,
                                   solano204, END});
    /* the whole document */
    gaztag_tagger_set_propagation_window(fx.t, 0);
    expect_tag(fx.t, "no window", text, 0,
               (const want_span[]){moussa, fatou, solano60, kourouma80,
                                   solano147, kourouma165, moussa181_doc,
                                   solano204, END});
    gaztag_tagger_set_propagation_window(fx.t, GAZTAG_PROPAGATION_WINDOW);
    gaztag_tagger_free(every);
}

/* Append `s` to buf[0..len), then filler of lower-case prose up to
 * byte `to`, then spaces (to 0: none); the new length. */
static size_t put_upto(char *buf, size_t cap, size_t len, const char *s,
                       size_t to)
{
    static const char fill[] = "on parle de tout et de rien. ";
    size_t l = strlen(s);
    assert_true(len + l < cap && to < cap);
    memcpy(buf + len, s, l);
    len += l;
    for (; len + sizeof fill - 1 <= to; len += sizeof fill - 1)
        memcpy(buf + len, fill, sizeof fill - 1);
    for (; len < to; len++)
        buf[len] = ' ';
    return len;
}

/* A last name the text also writes in lower case near it is no name
 * (Xyzzy of Moussa Xyzzy, with "xyzzy" 28 bytes after).  Once the name
 * has lapsed, Moussa Xyzzy said again teaches it anew, where the
 * lower-case word is too far to count, whenever the pass drops the
 * lapsed name from its table.  In a window of 32,000 bytes, Moussa Kabo
 * (0) lapses first, and the pass forgets it at 32,500; Moussa Xyzzy
 * (1,000) lapses at 33,000, and is said again at 36,000: before the
 * pass's next batch of forgetting, a window later. */
/* A tagger of the fixture's gazetteer and rules whose walks use the code
 * of `level` (RULES_WALK_) at most. */
static gaztag_tagger *level_tagger(int level)
{
    gaztag_tagger *t;
    assert_int_equal(gaztag_tagger_new(fx.g, &t), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_set_rules(t, fx.r), GAZTAG_OK);
    tagger_rules_walk_level(t, level);
    return t;
}

static void test_window_anew(void **state)
{
    (void)state;
    size_t cap = 40000, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len = put_upto(text, cap, len, "Moussa Kabo est venu. ", 1000);
    len = put_upto(text, cap, len,
                   "Moussa Xyzzy est venu. Xyzzy a dit que xyzzy est un mot. ",
                   32500);
    len = put_upto(text, cap, len, "Moussa Kabo est revenu. ", 36000);
    len = put_upto(text, cap, len, "Moussa Xyzzy est venu. Xyzzy a dit oui.",
                   0);
    gaztag_tagger_set_propagation_window(fx.t, 32000);
    const gaztag_span *s;
    size_t n;
    assert_int_equal(gaztag_tag_text(fx.t, text, len, 0, &s, &n), GAZTAG_OK);
    static const size_t starts[] = {0, 1000, 32500, 36000, 36023};
    static const size_t ends[] = {11, 1012, 32511, 36012, 36028};
    assert_int_equal(n, 5);
    for (size_t k = 0; k < n; k++) {
        assert_int_equal(s[k].start, starts[k]);
        assert_int_equal(s[k].end, ends[k]);
        assert_int_equal(s[k].origin, k < 4 ? GAZTAG_FROM_RULE
                                            : GAZTAG_FROM_DOCUMENT);
    }
    /* (the same with the search in lower case for AVX2 at most, and for
     * any x86-64 CPU) */
    for (int level = RULES_WALK_AVX2; level <= RULES_WALK_BASELINE; level++) {
        gaztag_tagger *lt = level_tagger(level);
        gaztag_tagger_set_propagation_window(lt, 32000);
        support_same_spans("taught anew", fx.t, lt, text, len, 0);
        gaztag_tagger_free(lt);
    }
    /* A name of two words said again in full is a document span while
     * it is in force (window 0), not 1,000 bytes after, past a window
     * of 500 bytes. */
    len = put_upto(text, cap, 0, "Selon le ministre Tebo Kalissa, oui. ",
                   1000);
    len = put_upto(text, cap, len, "Tebo Kalissa a dit non.", 0);
    for (size_t w = 0; w <= 500; w += 500) {
        gaztag_tagger_set_propagation_window(fx.t, w);
        assert_int_equal(gaztag_tag_text(fx.t, text, len, 0, &s, &n),
                         GAZTAG_OK);
        assert_int_equal(n, w ? 1 : 2);
        assert_int_equal(s[0].start, 18);
        assert_int_equal(s[0].end, 30);
        assert_int_equal(s[0].origin, GAZTAG_FROM_RULE);
        if (!w) {
            assert_int_equal(s[1].start, 1000);
            assert_int_equal(s[1].end, 1012);
            assert_int_equal(s[1].origin, GAZTAG_FROM_DOCUMENT);
        }
    }
    gaztag_tagger_set_propagation_window(fx.t, GAZTAG_PROPAGATION_WINDOW);
    free(text);
}

/* GAZTAG_TAG_ALL: the gazetteer's matches alone, as without rules. */
static void test_tag_all(void **state)
{
    (void)state;
    const char *text = "Hier, Mohamed Dabo est venu à Kolabounyi. Dabo a dit. "
                       "Moussa Solano, le ministre Kaba.";
    const gaztag_span *s, *s0;
    size_t n, n0;
    assert_int_equal(gaztag_tag_text(fx.t0, text, strlen(text), GAZTAG_TAG_ALL,
                                     &s0, &n0), GAZTAG_OK);
    gaztag_span want[8];
    assert_int_equal(n0, 3); /* Mohamed Dabo, Dabo in it, Dabo */
    memcpy(want, s0, n0 * sizeof *s0);
    assert_int_equal(gaztag_tag_text(fx.t, text, strlen(text), GAZTAG_TAG_ALL,
                                     &s, &n), GAZTAG_OK);
    assert_int_equal(n, n0);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(s[i].start, want[i].start);
        assert_int_equal(s[i].end, want[i].end);
        assert_int_equal(s[i].first_entry, want[i].first_entry);
        assert_int_equal(s[i].origin, GAZTAG_FROM_GAZETTEER);
        assert_null(s[i].rule);
    }
    /* and the next call without the flag applies the rules again */
    assert_int_equal(gaztag_tag_text(fx.t, text, strlen(text), 0, &s, &n),
                     GAZTAG_OK);
    assert_int_equal(n, 5);
}

/* Code points and UTF-16 units of valid UTF-8 (independent of the
 * library's counting). */
static void utf8_counts(const char *s, size_t len, size_t *cps, size_t *units)
{
    *cps = *units = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)s[i];
        if ((b & 0xC0) == 0x80)
            continue;
        ++*cps;
        *units += b >= 0xF0 ? 2 : 1;
    }
}

/* rules_count() against the tokenizer's decoder, a code point a step:
 * each odd sequence (ill-formed, or 4 bytes) at every position of 40
 * bytes of French, counted from every start, so that it falls at each
 * place of the 16-byte blocks counted at once and just past them. */
static void test_count_odd(void **state)
{
    (void)state;
    static const char *const odd[] = {
        "\x80", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xE0\xA0\x80",
        "\xED\xA0\x80", "\xED\x9F\xBF", "\xE2\x82", "\xC3", "\xF0\x9F\x98\x80",
        "\xF4\x90\x80\x80", "\xFF", "\xE2\x80\x99\x80", "\xC3\xA9\xA9"};
    static const char fill[] = "l\u2019\u00e9t\u00e9 \u00ab\u00a0oui\u00a0\u00bb, "
                               "d\u00e9j\u00e0 \u00e0 Conakry, caf\u00e9s";
    char text[96];
    for (size_t k = 0; k < sizeof odd / sizeof *odd; k++)
        for (size_t at = 0; at <= 24; at++) {
            size_t ol = strlen(odd[k]), len = at + ol + 24;
            memcpy(text, fill, at);
            memcpy(text + at, odd[k], ol);
            memcpy(text + at + ol, fill + 8, 24);
            for (size_t from = 0; from < len; from++) {
                size_t cps = 0, units = 0, i = from;
                while (i < len) {
                    int32_t cp;
                    i += tok_decode((const uint8_t *)text + i, len - i, &cp);
                    cps++;
                    units += cp >= 0x10000 ? 2 : 1;
                }
                size_t got_c, got_u;
                rules_count(text, len, from, len, &got_c, &got_u);
                if (got_c != cps || got_u != units)
                    fail_msg("sequence %zu at %zu, from %zu: %zu %zu, not "
                             "%zu %zu", k, at, from, got_c, got_u, cps, units);
            }
        }
}

/* A long document streamed in 4 KiB pieces: a name learnt in the first
 * piece (Solano, the last name of Moussa Solano) is propagated to every
 * later one, and the rules fire in every piece, with absolute offsets. */
static void test_stream(void **state)
{
    (void)state;
    static const char head[] = "Hier, Moussa Solano est venu.\n";
    static const char unit[] = "Selon Solano, il est allé à Kolabounyi avec "
                               "le ministre Kaba, 𝗼𝘂𝗶.\n";
    static const char *const names[] = {"Solano", "Kolabounyi", "Kaba"};
    const size_t units = 2000, hl = strlen(head), ul = strlen(unit);
    size_t len = hl + units * ul;
    char *text = malloc(len + 1);
    assert_non_null(text);
    memcpy(text, head, hl);
    for (size_t i = 0; i < units; i++)
        memcpy(text + hl + i * ul, unit, ul);
    text[len] = '\0';
    assert_true(len > 100 * 1024);
    size_t cap = 4 + 3 * units;
    gaztag_span *got = malloc(cap * sizeof *got);
    assert_non_null(got);
    /* The default window: the mentions of Solano up to 64 KiB after
     * Moussa Solano (from byte 6) are tagged, and no later one. */
    const gaztag_span *def;
    size_t n_def, mentions = 0, last = 0;
    assert_int_equal(gaztag_tag_text(fx.t, text, len, 0, &def, &n_def),
                     GAZTAG_OK);
    for (size_t k = 0; k < n_def; k++)
        if (def[k].origin == GAZTAG_FROM_DOCUMENT) {
            mentions++;
            last = def[k].start;
        }
    /* "Solano" is 6 bytes into each unit */
    assert_int_equal(mentions, (6 + 65536 - hl - 6) / ul + 1);
    assert_true(last <= 6 + 65536 && last + ul > 6 + 65536);
    assert_int_equal(n_def, 1 + 3 * units - (units - mentions));
    gaztag_tagger_set_propagation_window(fx.t, 0); /* the whole document */
    for (int whole = 0; whole < 2; whole++) {
        size_t n;
        if (whole) {
            const gaztag_span *s;
            assert_int_equal(gaztag_tag_text(fx.t, text, len, 0, &s, &n),
                             GAZTAG_OK);
            memcpy(got, s, n * sizeof *s);
        } else {
            n = support_stream_spans(fx.t, text, len, 0, 4096, got, cap);
        }
        assert_int_equal(n, 1 + 3 * units);
        size_t hc, hu, uc, uu;
        utf8_counts(head, hl, &hc, &hu);
        utf8_counts(unit, ul, &uc, &uu);
        want_span w = {6, 19, 6, 19, 6, 19, "PERSON", NULL, GAZTAG_FROM_RULE,
                       "first-name"};
        expect_spans("stream head", text, got, 1, (const want_span[]){w, END});
        for (size_t i = 0; i < units; i++) {
            for (size_t k = 0; k < 3; k++) {
                const char *at = strstr(unit, names[k]);
                size_t rb = (size_t)(at - unit), rc, ru, nc, nu;
                utf8_counts(unit, rb, &rc, &ru);
                utf8_counts(at, strlen(names[k]), &nc, &nu);
                w.start = hl + i * ul + rb;
                w.end = w.start + strlen(names[k]);
                w.cstart = hc + i * uc + rc;
                w.cend = w.cstart + nc;
                w.ustart = hu + i * uu + ru;
                w.uend = w.ustart + nu;
                w.label = k == 1 ? "PLACE" : "PERSON";
                /* Solano is repeated from the document; Kolabounyi and
                 * Kaba, one word each, are found by their rule every time
                 * (a one-word name is not learnt from one cue) */
                w.origin = k > 0 ? GAZTAG_FROM_RULE : GAZTAG_FROM_DOCUMENT;
                w.rule = w.origin == GAZTAG_FROM_DOCUMENT ? "propagation"
                         : k == 1                         ? "at-place"
                                                          : "title";
                const gaztag_span *s = &got[1 + 3 * i + k];
                if (!span_is(s, &w)) {
                    print_spans(text, s, 1);
                    fail_msg("%s: unit %zu, name %zu",
                             whole ? "whole" : "stream", i, k);
                }
                assert_ptr_equal(s->text, text + s->start);
            }
        }
    }
    gaztag_tagger_set_propagation_window(fx.t, GAZTAG_PROPAGATION_WINDOW);
    free(got);
    free(text);
}

/* A tagger's pass looks only at the capitals its scan's words, the marks
 * of the text ("(", "à", "M.") and the document's names point at; made to
 * look at every capital, it gives the same spans:
 * on every golden text, moved, all of them as one document (whole and
 * streamed), and texts made to reach each way of finding a capital. */
/* Append `before`, name k ("Ka" k % 26 "ba" k / 26, letters from a: 676
 * names) and `after` to buf[0..len) of cap bytes; the new length. */
static size_t put_name(char *buf, size_t cap, size_t len, const char *before,
                       int k, const char *after)
{
    int w = snprintf(buf + len, cap - len, "%sKa%cba%c%s", before,
                     'a' + k % 26, 'a' + k / 26, after);
    assert_true(w > 0 && (size_t)w < cap - len);
    return len + (size_t)w;
}

/* As put_name(), with name k written with capital k % 26, then the
 * letter k / 26 % 26 and "xba", then a letter (676 names whose first
 * three letters all differ). */
static size_t put_name3(char *buf, size_t cap, size_t len,
                        const char *before, int k, const char *after)
{
    int w = snprintf(buf + len, cap - len, "%s%c%cxba%c%s", before,
                     'A' + k % 26, 'a' + k / 26 % 26, 'a' + k % 26, after);
    assert_true(w > 0 && (size_t)w < cap - len);
    return len + (size_t)w;
}

/* Names 0..n-1 taught one by one ("Hier, Moussa " name " est venu. "),
 * then each said again alone, in the order k * 7 % n ("Puis " name " a
 * dit. "), into buf (cap bytes) with put_name() or put_name3(); the
 * length. */
static size_t taught_then_said(char *buf, size_t cap,
                               size_t (*put)(char *, size_t, size_t,
                                             const char *, int, const char *),
                               int n)
{
    size_t len = 0;
    for (int k = 0; k < n; k++)
        len = put(buf, cap, len, "Hier, Moussa ", k, " est venu. ");
    for (int k = 0; k < n; k++)
        len = put(buf, cap, len, "Puis ", k * 7 % n, " a dit. ");
    return len;
}

/* Name k of 104 for "the walk's pairs" into word (cap bytes): capital
 * k % 26 and every second letter for k < 101, then a second byte from
 * 0x80 (Kéxba) and capitals from 0x80 (Éxbaa, Ŋxbab). */
static void pairs_name(char *word, size_t cap, int k)
{
    static const char *const odd[] = {"K\u00e9xba", "\u00c9xbaa",
                                      "\u014axbab"};
    if (k < 101)
        snprintf(word, cap, "%c%cxba%c", 'A' + k % 26,
                 'a' + (k * 7 + k / 26) % 26, 'a' + k / 26);
    else
        snprintf(word, cap, "%s", odd[k - 101]);
}

/* Both taggers of levels (RULES_WALK_AVX2, RULES_WALK_BASELINE) give
 * the spans that b gives (support_same_spans()). */
static void same_levels(const char *what, gaztag_tagger *const levels[2],
                        gaztag_tagger *b, const char *text, size_t len,
                        size_t piece)
{
    for (int k = 0; k < 2; k++)
        support_same_spans(what, levels[k], b, text, len, piece);
}

static void test_hits_agree(void **state)
{
    (void)state;
    gaztag_tagger *every = support_every_capital_tagger(fx.g, fx.r);
    /* (and the walks over capitals for AVX2 at most and for any x86-64
     * CPU, where fx.t's may use AVX-512 or AVX2: the texts with many
     * names) */
    gaztag_tagger *lv[2] = {level_tagger(RULES_WALK_AVX2),
                            level_tagger(RULES_WALK_BASELINE)};
    gaztag_tagger *base = lv[1];
    char text[512], name[64];
    static const size_t moves[] = {1, 16, 31};
    size_t all_len = 0;
    for (size_t i = 0; i < N_GOLDEN; i++)
        all_len += strlen(golden[i].text) + 1;
    char *all = malloc(all_len + 1);
    assert_non_null(all);
    all_len = 0;
    for (size_t i = 0; i < N_GOLDEN; i++) {
        size_t l = strlen(golden[i].text);
        support_same_spans(golden[i].name, fx.t, every, golden[i].text, l, 0);
        for (size_t m = 0; m < sizeof moves / sizeof *moves; m++) {
            size_t k = moves[m];
            assert_true(2 * k + l < sizeof text);
            memset(text, m == 1 ? ' ' : '\n', k);
            memcpy(text + k, golden[i].text, l);
            memset(text + k + l, '\n', k);
            support_same_spans(golden[i].name, fx.t, every, text, 2 * k + l,
                               0);
        }
        memcpy(all + all_len, golden[i].text, l);
        all[all_len + l] = '\n';
        all_len += l + 1;
    }
    all[all_len] = '\0';
    support_same_spans("every golden text", fx.t, every, all, all_len, 7);
    support_same_spans("every golden text", fx.t, every, all, all_len, 100);
    free(all);
    static const char *const texts[] = {
        /* a cue's letter and its full stop, spaced as the press does */
        "Hier, M .Kaba, M . Traoré, M.Sylla, M.  Camara et M.\u00a0Diallo "
        "sont venus, avec S.E. Bah et la Banque Atlantique S.A. de Conakry.",
        /* datelines after a line break, by a month or an agency */
        "Texte.\nCONAKRY, 26 déc. (AGP) – Le ministre Kaba a parlé.\n"
        "KINDIA (AGP) - La ville de Kolabounyi.\nBoké, le 3 mars – Oui.\n"
        "Mamou, mars 2024. Labé (AGP) non.",
        /* a title, its complement and a comma; a list of places */
        "Le porte-parole du comité local de la ville, Tchalla Wobidou, a "
        "dit que les habitants de Dara, de Koba et d’Ouré à Kindia et à "
        "Friguiagbé, À Mamou. Le directeur du comité préfectoral de "
        "développement, Sekou Bangoura, a dit.",
        /* names the document learnt, written otherwise later */
        "Hier, Fatou Kourouma et Moussa Solano sont venus. KOUROUMA a dit "
        "que \xf0\x9d\x97\xa6\xf0\x9d\x97\xbc\xf0\x9d\x97\xb9\xf0\x9d\x97"
        "\xae\xf0\x9d\x97\xbb\xf0\x9d\x97\xbc et Solano, puis Élodie.",
        /* an acronym defined, then used */
        "L’Agence guinéenne de presse (AGP) écrit. Selon l’AGP, oui (NON).",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        snprintf(name, sizeof name, "text %zu", i);
        support_same_spans(name, fx.t, every, texts[i], strlen(texts[i]), 0);
        support_same_spans(name, fx.t, every, texts[i], strlen(texts[i]), 9);
        same_levels(name, lv, every, texts[i], strlen(texts[i]), 0);
    }
    /* Learnt names that begin with a Cyrillic or Greek capital next to
     * the small letters the search for such capitals skips (Я U+042F
     * before а, Ѡ U+0460 after џ, Ϋ U+03AB before ά, Ϗ U+03CF after
     * ώ): each later mention is found. */
    static const char cyr[] =
        "Hier, Moussa Яков, Fatou Ѡмега, Moussa Ϋψηλός et Fatou Ϗαιρος "
        "sont venus à la réunion du matin. Puis Яков a parlé, et Ѡмега, "
        "Ϋψηλός et Ϗαιρος ont dit oui à tous les autres.\n";
    support_same_spans("cyrillic and greek", fx.t, every, cyr, strlen(cyr), 0);
    same_levels("cyrillic and greek", lv, every, cyr, strlen(cyr), 0);
    const gaztag_span *s;
    size_t n, found = 0;
    assert_int_equal(gaztag_tag_text(fx.t, cyr, strlen(cyr), 0, &s, &n),
                     GAZTAG_OK);
    static const size_t at[] = {124, 146, 158, 174};
    for (size_t k = 0; k < n; k++)
        if (s[k].origin == GAZTAG_FROM_DOCUMENT) {
            assert_true(found < 4);
            assert_int_equal(s[k].start, at[found++]);
        }
    assert_int_equal(found, 4);
    /* One name of a non-ASCII capital, said again 70 times, 66 to 111
     * bytes apart: at every offset of the blocks the search for such
     * capitals reads (with one name, it is not the walk's). */
    static const char prose[] =
        "et il a dit que les gens de la ville sont venus au matin pour le "
        "voir et parler avec lui de tout";
    char again[16384];
    size_t al = (size_t)snprintf(again, sizeof again,
                                 "Hier, Moussa \u00c9xbaa est venu.");
    for (int k = 0; k < 70; k++)
        al += (size_t)snprintf(again + al, sizeof again - al,
                               " %.*s \u00c9xbaa a dit.", 50 + k * 7 % 64,
                               prose);
    assert_true(al < sizeof again - 1);
    support_same_spans("one name of a capital from 0x80", fx.t, every,
                       again, al, 0);
    same_levels("one name of a capital from 0x80", lv, every, again, al, 0);
    assert_int_equal(gaztag_tag_text(fx.t, again, al, 0, &s, &n), GAZTAG_OK);
    found = 0;
    for (size_t k = 0; k < n; k++)
        found += s[k].origin == GAZTAG_FROM_DOCUMENT;
    assert_int_equal(found, 70);
    /* More names than the pass looks for by their bytes: past them it
     * walks the capitals A-Z, for those whose next two bytes may begin
     * one of the names. */
    size_t cap = 16384, len = 0;
    char *many = malloc(cap);
    assert_non_null(many);
    for (int k = 0; k < 70; k++)
        len = put_name(many, cap, len, "Hier, Moussa ", k, " est venu. ");
    for (int k = 0; k < 70; k++)
        len = put_name(many, cap, len, "Puis ", k * 7 % 26 + 26 * (k / 26 % 3),
                       " a dit. ");
    support_same_spans("70 names", fx.t, every, many, len, 0);
    same_levels("70 names", lv, every, many, len, 0);
    support_same_spans("70 names", fx.t, every, many, len, 333);
    same_levels("70 names", lv, every, many, len, 333);
    /* 30 names, no two of the same first three letters: fewer than the
     * 48 the pass looks for each by memchr in a text this short. */
    len = taught_then_said(many, cap, put_name3, 30);
    support_same_spans("30 names", fx.t, every, many, len, 0);
    same_levels("30 names", lv, every, many, len, 0);
    assert_int_equal(gaztag_tag_text(base, many, len, 0, &s, &n), GAZTAG_OK);
    size_t mentions30 = 0;
    for (size_t k = 0; k < n; k++)
        mentions30 += s[k].origin == GAZTAG_FROM_DOCUMENT;
    assert_int_equal(mentions30, 30);
    /* 300 names, each mentioned again after all of them: the document's
     * filters grow from 512 bytes to 32 KiB as it learns them (the marks
     * they hold before are set again), and every later mention is found. */
    many = realloc(many, cap = 32768);
    assert_non_null(many);
    len = taught_then_said(many, cap, put_name, 300);
    support_same_spans("300 names", fx.t, every, many, len, 0);
    same_levels("300 names", lv, every, many, len, 0);
    support_same_spans("300 names", fx.t, every, many, len, 1000);
    same_levels("300 names", lv, every, many, len, 1000);
    assert_int_equal(gaztag_tag_text(fx.t, many, len, 0, &s, &n), GAZTAG_OK);
    size_t inferred = 0, mentions = 0;
    for (size_t k = 0; k < n; k++) {
        inferred += s[k].origin == GAZTAG_FROM_RULE;
        if (s[k].origin == GAZTAG_FROM_DOCUMENT) {
            /* "Puis Ka?ba? a dit. " is 19 bytes, its name from byte 5 */
            assert_int_equal((s[k].start - 5) % 19, (len - 300 * 19) % 19);
            assert_int_equal(s[k].end - s[k].start, 6);
            mentions++;
        }
    }
    assert_int_equal(inferred, 300);
    assert_int_equal(mentions, 300);
    /* Names that lapse as the pass goes (a window of 4,000 bytes): block
     * k (68 bytes) teaches name k, then mentions name k - 1 (97 bytes
     * after it was taught: tagged) and name k - 70 (4,808 bytes after:
     * not), or name 299 (not taught yet).  Some 59 names, no two of the
     * same first three letters, are in force at a time, more than the
     * pass looks for by their bytes (48 in a text this long): it walks
     * the capitals, and forgets the names as they lapse. */
    gaztag_tagger_set_propagation_window(fx.t, 4000);
    gaztag_tagger_set_propagation_window(every, 4000);
    gaztag_tagger_set_propagation_window(lv[0], 4000);
    gaztag_tagger_set_propagation_window(lv[1], 4000);
    len = 0;
    for (int k = 0; k < 300; k++) {
        len = put_name3(many, cap, len, "Hier, Moussa ", k, " est venu. ");
        len = put_name3(many, cap, len, "Puis ", k > 0 ? k - 1 : 299,
                        " a dit. ");
        len = put_name3(many, cap, len, "Puis ", k >= 70 ? k - 70 : 299,
                        " a dit. ");
    }
    assert_int_equal(len, 300 * 68);
    support_same_spans("lapsing names", fx.t, every, many, len, 0);
    same_levels("lapsing names", lv, every, many, len, 0);
    support_same_spans("lapsing names", fx.t, every, many, len, 700);
    same_levels("lapsing names", lv, every, many, len, 700);
    assert_int_equal(gaztag_tag_text(fx.t, many, len, 0, &s, &n), GAZTAG_OK);
    mentions = 0;
    for (size_t k = 0; k < n; k++)
        if (s[k].origin == GAZTAG_FROM_DOCUMENT) {
            assert_int_equal(s[k].start % 68, 35);
            mentions++;
        }
    assert_int_equal(mentions, 299);
    gaztag_tagger_set_propagation_window(fx.t, GAZTAG_PROPAGATION_WINDOW);
    gaztag_tagger_set_propagation_window(every, GAZTAG_PROPAGATION_WINDOW);
    gaztag_tagger_set_propagation_window(lv[0], GAZTAG_PROPAGATION_WINDOW);
    gaztag_tagger_set_propagation_window(lv[1], GAZTAG_PROPAGATION_WINDOW);
    /* The walk keeps only capitals that begin a word: not the A of
     * "ÉAaxbaa" after 60 names (Aaxbaa among them), nor of "1Aaxbaa";
     * the A of "Aaxbaa" after "É " is a mention. */
    len = 0;
    for (int k = 0; k < 60; k++)
        len = put_name3(many, cap, len, "Hier, Moussa ", k, " est venu. ");
    size_t inside = len + strlen("Puis \u00c9");
    len = put_name3(many, cap, len, "Puis \u00c9", 0, " et 1");
    len = put_name3(many, cap, len, "", 0, " et \u00c9 ");
    len = put_name3(many, cap, len, "", 0, " a dit.");
    support_same_spans("a capital inside a word", fx.t, every, many, len, 0);
    same_levels("a capital inside a word", lv, every, many, len, 0);
    assert_int_equal(gaztag_tag_text(fx.t, many, len, 0, &s, &n), GAZTAG_OK);
    assert_int_equal(n, 61);
    assert_int_equal(s[60].origin, GAZTAG_FROM_DOCUMENT);
    assert_int_equal(s[60].start, inside + 6 + strlen(" et 1") + 6 +
                                      strlen(" et \u00c9 "));
    assert_int_equal(s[60].end, len - strlen(" a dit."));
    /* A name learnt while the walk knows its next capital further on:
     * with 100 names in force, none of them "Hie", "Fat", "Zyx" or "Pui",
     * the walk's next capital after the names is "Faxbaf" at the end; the
     * first name teaches Zyxwv, and its mention before that capital is
     * found by its bytes (cand_iter.fresh), not by walking again. */
    len = 0;
    for (int k = 0; k < 100; k++)
        len = put_name3(many, cap, len, "Hier, Moussa ", k, " est venu. ");
    size_t zyx = len + strlen("Hier, Fatou Zyxwv est venue. ");
    len += (size_t)snprintf(many + len, cap - len,
                            "Hier, Fatou Zyxwv est venue. Zyxwv a dit. ");
    len = put_name3(many, cap, len, "Puis ", 5, " a dit.");
    support_same_spans("a name learnt ahead of the walk", fx.t, every, many,
                       len, 0);
    same_levels("a name learnt ahead of the walk", lv, every, many,
                       len, 0);
    assert_int_equal(gaztag_tag_text(fx.t, many, len, 0, &s, &n), GAZTAG_OK);
    assert_int_equal(n, 103);
    assert_int_equal(s[101].origin, GAZTAG_FROM_DOCUMENT);
    assert_int_equal(s[101].start, zyx);
    assert_int_equal(s[101].end, zyx + 5);
    assert_int_equal(s[102].origin, GAZTAG_FROM_DOCUMENT);
    assert_int_equal(s[102].end, len - strlen(" a dit."));
    /* With 104 names in force, the walk looks at each capital and the
     * class of the byte after it (cand_iter.pairs, with AVX-512 where the
     * CPU has it): names with every second letter a-z, or a second byte
     * from 0x80 ("Kéxba"), or a first letter from 0x80 ("Éxbaa",
     * "Ŋxbab"), each said again after a space, a curly apostrophe, a
     * no-break space, "«" and "(" (bytes from 0x80 before some of them);
     * and "Kaxbaa" said inside "KAKaxbaa" and "3Kaxbaa", not mentions. */
    len = 0;
    char word[16];
    for (int k = 0; k < 104; k++) {
        pairs_name(word, sizeof word, k);
        len += (size_t)snprintf(many + len, cap - len,
                                "Hier, Moussa %s est venu. ", word);
    }
    static const char *const before[] = {" ", " l\u2019", " \u00a0",
                                         " \u00ab\u00a0", " ("};
    size_t said = 0;
    for (int k = 0; k < 104; k++) {
        pairs_name(word, sizeof word, k * 11 % 104);
        len += (size_t)snprintf(many + len, cap - len, "Puis%s%s a dit.",
                                before[k % 5], word);
        said++;
    }
    len += (size_t)snprintf(many + len, cap - len,
                            " Puis KAKaxbaa et 3Kaxbaa ont dit.");
    support_same_spans("the walk's pairs", fx.t, every, many, len, 0);
    same_levels("the walk's pairs", lv, every, many, len, 0);
    assert_int_equal(gaztag_tag_text(fx.t, many, len, 0, &s, &n), GAZTAG_OK);
    mentions = 0;
    for (size_t k = 0; k < n; k++)
        mentions += s[k].origin == GAZTAG_FROM_DOCUMENT;
    assert_int_equal(mentions, said);
    free(many);
    /* A streamed document finds its names again in later pieces: also a
     * word that only the matcher's window read, after a name that may
     * begin a longer one (Solano, after Sotelgui of Sotelgui Mobile). */
    static const char later[] = "Hier, Moussa Solano est venu.\n"
                                "Il a vu Sotelgui Solano hier.\n";
    support_same_spans("after a name's window", fx.t, every, later,
                       strlen(later), 40);
    gaztag_span ws[8];
    size_t nw =
        support_stream_spans(fx.t, later, strlen(later), 0, 40, ws, 8);
    assert_int_equal(nw, 3);
    assert_int_equal(ws[2].start, 47);
    assert_int_equal(ws[2].end, 53);
    assert_int_equal(ws[2].origin, GAZTAG_FROM_DOCUMENT);
    gaztag_tagger_free(lv[0]);
    gaztag_tagger_free(lv[1]);
    gaztag_tagger_free(every);
}

/* Name k for test_other_capitals() into word (cap bytes): the capital
 * caps[k] (of n), "xb" and a letter; past them, A-Z, "xq" and a letter. */
static void other_name(char *word, size_t cap, const char *const *caps, int n,
                       int k)
{
    if (k < n)
        snprintf(word, cap, "%sxb%c", caps[k], 'a' + k);
    else
        snprintf(word, cap, "%cxq%c", 'A' + k % 26, 'a' + k / 26);
}

/* Names that begin with capitals of letters from 0x80, of 2, 3 and 4
 * bytes (the walk with AVX-512 tells them by rctx_capital_at()'s tables:
 * each half of the 2-byte one, blocks of the 3-byte one), said again after
 * lead bytes of no capital (box drawing, an arrow, ł, ą, CJK, Hangul,
 * Vietnamese ạ, an emoji, the euro sign): every mention is found, at
 * every level of the walk and by a pass over every capital; with 16
 * names (the search for capitals of such letters), and with 40 more of
 * A-Z (the walk over every capital). */
static void test_other_capitals(void **state)
{
    (void)state;
    static const char *const caps[] = {
        "\u0100", "\u0141", "\u01cd", "\u03a9", "\u042f", "\u0531",
        "\u10a0", "\u1e00", "\u1ea0", "\u1f08", "\u2102", "\u2c00",
        "\u2c80", "\ua640", "\uff21", "\U0001d400"};
    enum { N_CAPS = sizeof caps / sizeof *caps, N_MORE = 40 };
    static const char noise[] = "\u2500\u2192\u0142\u0105\u4e2d\ud55c"
                                "\u1ea1\U0001f600\u20ac";
    gaztag_tagger *every = support_every_capital_tagger(fx.g, fx.r);
    gaztag_tagger *lv[2] = {level_tagger(RULES_WALK_AVX2),
                            level_tagger(RULES_WALK_BASELINE)};
    size_t cap = 16384;
    char *text = malloc(cap), word[16];
    assert_non_null(text);
    for (int more = 0; more <= N_MORE; more += N_MORE) {
        int n_names = N_CAPS + more;
        size_t len = 0;
        for (int k = 0; k < n_names; k++) {
            other_name(word, sizeof word, caps, N_CAPS, k);
            len += (size_t)snprintf(text + len, cap - len,
                                    "Hier, Moussa %s est venu. ", word);
        }
        for (int k = 0; k < n_names; k++) {
            other_name(word, sizeof word, caps, N_CAPS, k * 7 % n_names);
            len += (size_t)snprintf(text + len, cap - len,
                                    "Puis %s %s a dit. ", k % 2 ? noise : "",
                                    word);
        }
        assert_true(len < cap - 1);
        support_same_spans("other capitals", fx.t, every, text, len, 0);
        same_levels("other capitals", lv, every, text, len, 0);
        const gaztag_span *s;
        size_t n, found = 0;
        assert_int_equal(gaztag_tag_text(fx.t, text, len, 0, &s, &n),
                         GAZTAG_OK);
        for (size_t k = 0; k < n; k++)
            found += s[k].origin == GAZTAG_FROM_DOCUMENT;
        assert_int_equal(found, (size_t)n_names);
    }
    free(text);
    gaztag_tagger_free(lv[0]);
    gaztag_tagger_free(lv[1]);
    gaztag_tagger_free(every);
}

/* A layered tagger: rules around the matches of both gazetteers, an
 * overlay's removal leaves the word to the rules. */
static void test_layered(void **state)
{
    (void)state;
    static const char overlay_tsv[] = "Kolabounyi\tPLACE\tplace:kolabounyi\n"
                                      "Dabo\tPLACE\t\t\t-\n";
    void *image;
    gaztag_gazetteer *ov = support_open_tsv(overlay_tsv, &image);
    const gaztag_gazetteer *layers[2] = {fx.g, ov};
    gaztag_tagger *t;
    assert_int_equal(gaztag_tagger_new_layered(layers, 2, &t), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_set_rules(t, fx.r), GAZTAG_OK);
    const char *text = "Il est allé à Kolabounyi. Hier, Mohamed Dabo est "
                       "venu. Puis Dabo a dit à Moussa Solano.";
    const gaztag_span *s;
    size_t n;
    assert_int_equal(gaztag_tag_text(t, text, strlen(text), 0, &s, &n),
                     GAZTAG_OK);
    expect_spans("layered", text, s, n,
                 (const want_span[]){
                     {16, 26, 14, 24, 14, 24, "PLACE", "place:kolabounyi",
                      GAZTAG_FROM_GAZETTEER, NULL},
                     {34, 46, 32, 44, 32, 44, "PERSON", "per:dabo",
                      GAZTAG_FROM_GAZETTEER, NULL},
                     {62, 66, 60, 64, 60, 64, "PERSON", "per:dabo",
                      GAZTAG_FROM_DOCUMENT, "propagation"},
                     {76, 89, 73, 86, 73, 86, "PERSON", NULL,
                      GAZTAG_FROM_RULE, "first-name"},
                     END});
    assert_ptr_equal(s[0].gazetteer, ov);
    assert_ptr_equal(s[1].gazetteer, fx.g);
    gaztag_tagger_free(t);
    gaztag_close(ov);
    gaztag_buffer_free(image);
}

/* ------------------------------------------------------ loading errors */

typedef struct bad_case {
    unsigned kind;
    const char *text;
    size_t len; /* 0: strlen(text) */
    const char *message;
} bad_case;

static const bad_case bad_cases[] = {
    {GAZTAG_RULES_CUES, "# a comment\n\nbefor\tministre\tPERSON\ttitle\n", 0,
     "bad.tsv:3: unknown kind 'befor' (before, head, suffix, lead, "
     "connector, month, trail, complement or term)"},
    {GAZTAG_RULES_CUES, "complement\tCour des\n", 0,
     "bad.tsv:1: a complement is one word"},
    {GAZTAG_RULES_CUES, "before\tministre\tPERSON\n", 0,
     "bad.tsv:1: before needs 4 tab-separated fields: kind, words, label, "
     "rule"},
    {GAZTAG_RULES_CUES, "head\tGroupe\tORG\torg\textra\n", 0,
     "bad.tsv:1: head needs 4 tab-separated fields: kind, words, label, "
     "rule"},
    {GAZTAG_RULES_CUES, "lead\tministère de\tORG\n", 0,
     "bad.tsv:1: lead needs 4 tab-separated fields: kind, words, label, "
     "rule"},
    {GAZTAG_RULES_CUES, "connector\tde\tORG\n", 0,
     "bad.tsv:1: connector needs 2 tab-separated fields: kind, words"},
    {GAZTAG_RULES_CUES, "month\n", 0,
     "bad.tsv:1: month needs 2 tab-separated fields: kind, words"},
    {GAZTAG_RULES_CUES, "before\tministre\tPerson\ttitle\n", 0,
     "bad.tsv:1: bad label 'Person' (A-Z, 0-9, _, or - for none)"},
    {GAZTAG_RULES_CUES, "suffix\tSA\t\torg-suffix\n", 0,
     "bad.tsv:1: bad label '' (A-Z, 0-9, _, or - for none)"},
    {GAZTAG_RULES_CUES, "head\tGroupe\t-\t-\n", 0,
     "bad.tsv:1: only a before cue may have no label ('-')"},
    {GAZTAG_RULES_CUES, "before\tgrâce à\t--\t-\n", 0,
     "bad.tsv:1: bad label '--' (A-Z, 0-9, _, or - for none)"},
    {GAZTAG_RULES_CUES, "before\tministre\tPERSON\tTitle\n", 0,
     "bad.tsv:1: bad rule name 'Title' (a-z, 0-9, -)"},
    {GAZTAG_RULES_CUES, "before\tministre\tPERSON\tthe title\n", 0,
     "bad.tsv:1: bad rule name 'the title' (a-z, 0-9, -)"},
    {GAZTAG_RULES_CUES, "before\t\tPERSON\ttitle\n", 0,
     "bad.tsv:1: no words (or longer than 255 bytes)"},
    {GAZTAG_RULES_CUES, "before\t  \tPERSON\ttitle\n", 0,
     "bad.tsv:1: no words (or longer than 255 bytes)"},
    {GAZTAG_RULES_CUES, "month\tmars\nmonth\tmars avril\n", 0,
     "bad.tsv:2: a month is one word"},
    {GAZTAG_RULES_CUES, "connector\tde la\n", 0,
     "bad.tsv:1: a connector is one word"},
    {GAZTAG_RULES_CUES, "trail\tnationale\ttrail\n", 0,
     "bad.tsv:1: trail needs 2 tab-separated fields: kind, words"},
    {GAZTAG_RULES_CUES, "trail\taffaires étrangères\n", 0,
     "bad.tsv:1: a trail is one word"},
    {GAZTAG_RULES_CUES, "before\tmini\0stre\tPERSON\ttitle\n", 29,
     "bad.tsv:1: a NUL byte"},
    {GAZTAG_RULES_CUES, "before\tun deux trois quatre cinq six sept huit "
                        "neuf\tPERSON\ttitle\n", 0,
     "bad.tsv:1: a cue has at most 8 tokens"},
    {GAZTAG_RULES_FIRST_NAMES, "Moussa\nMoussa\tSolano\n", 0,
     "bad.tsv:2: a tab (one word or name a line)"},
    {GAZTAG_RULES_NOT_NAMES, "Lundi\r\nMar\0di\r\n", 15,
     "bad.tsv:2: a NUL byte"},
    {GAZTAG_RULES_FAMILY_FIRST, "Xi\nXi Jinping\n", 0,
     "bad.tsv:2: a family name is one word"},
    {GAZTAG_RULES_FAMILY_FIRST, "Kim\tJong\n", 0,
     "bad.tsv:1: a tab (one word or name a line)"},
};

static void test_bad_lines(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        gaztag_rules *r;
        assert_int_equal(gaztag_rules_new(&r), GAZTAG_OK);
        size_t len = c->len ? c->len : strlen(c->text);
        gaztag_status st = gaztag_rules_add_text(r, c->kind, "bad.tsv",
                                                 c->text, len);
        support_expect_status(c->message, st, gaztag_rules_error(r),
                              GAZTAG_SOURCE, c->message);
        gaztag_rules_free(r);
    }
}

/* Eight tokens are allowed ("M." is two), and a failed call keeps the
 * lines before the bad one. */
static void test_good_lines_kept(void **state)
{
    (void)state;
    static const char cues[] =
        "before\tun deux trois quatre cinq six sept huit\tPERSON\tlong\n"
        "before\tministre\tPERSON\ttitle\n"
        "bogus\tline\n"
        "before\tM.\tPERSON\tcivility\n";
    gaztag_rules *r;
    gaztag_tagger *t;
    assert_int_equal(gaztag_rules_new(&r), GAZTAG_OK);
    support_expect_status("bogus", gaztag_rules_add_text(r, GAZTAG_RULES_CUES,
                                                         NULL, cues,
                                                         strlen(cues)),
                          gaztag_rules_error(r), GAZTAG_SOURCE,
                          "(rules):3: unknown kind 'bogus' (before, head, "
                          "suffix, lead, connector, month, trail, "
                          "complement or term)");
    assert_int_equal(gaztag_tagger_new(fx.g, &t), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_set_rules(t, r), GAZTAG_OK);
    expect_tag(t, "lines before the bad one",
               "Hier, un deux trois quatre cinq six sept huit Kaba, le "
               "ministre Traoré et M. Sylla.", 0,
               (const want_span[]){
                   {46, 50, 46, 50, 46, 50, "PERSON", NULL, GAZTAG_FROM_RULE,
                    "long"},
                   {64, 71, 64, 70, 64, 70, "PERSON", NULL, GAZTAG_FROM_RULE,
                    "title"},
                   END});
    /* "M." came after the bad line: Sylla is not a name here; a rules
     * object without data gives the gazetteer spans only */
    gaztag_rules *empty;
    assert_int_equal(gaztag_rules_new(&empty), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_set_rules(t, empty), GAZTAG_OK);
    expect_tag(t, "empty rules", "Hier, Moussa Solano est allé à Conakry.", 0,
               (const want_span[]){
                   {33, 40, 31, 38, 31, 38, "PLACE", "place:conakry",
                    GAZTAG_FROM_GAZETTEER, NULL},
                   END});
    assert_int_equal(gaztag_tagger_set_rules(t, NULL), GAZTAG_OK);
    expect_tag(t, "no rules", "Hier, Moussa Solano est allé à Conakry.", 0,
               (const want_span[]){
                   {33, 40, 31, 38, 31, 38, "PLACE", "place:conakry",
                    GAZTAG_FROM_GAZETTEER, NULL},
                   END});
    gaztag_tagger_free(t);
    gaztag_rules_free(empty);
    assert_int_equal(gaztag_rules_add_text(r, 0, "x", "a", 1),
                     GAZTAG_INVALID);
    assert_int_equal(gaztag_rules_add_text(r, GAZTAG_RULES_FAMILY_FIRST + 1,
                                           "x", "a", 1), GAZTAG_INVALID);
    assert_int_equal(gaztag_rules_add_text(r, GAZTAG_RULES_CUES, "x", NULL,
                                           1), GAZTAG_INVALID);
    assert_int_equal(gaztag_rules_add_text(r, GAZTAG_RULES_CUES, "x", NULL,
                                           0), GAZTAG_OK);
    gaztag_rules_free(r);
    gaztag_rules_free(NULL);
}

/* ----------------------------------------------------------- load_dir */

static void write_in(const char *dir, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    support_write_file(path, text, strlen(text));
}

static void remove_in(const char *dir, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(unlink(path), 0);
}

static void test_load_dir(void **state)
{
    (void)state;
    char dir[] = "/tmp/gaztag-rules-XXXXXX", path[256], msg[512];
    gaztag_rules *r;
    assert_non_null(mkdtemp(dir));
    assert_int_equal(gaztag_rules_new(&r), GAZTAG_OK);
    /* a missing directory */
    snprintf(path, sizeof path, "%s/none", dir);
    snprintf(msg, sizeof msg, "%s: No such file or directory", path);
    support_expect_status("missing", gaztag_rules_load_dir(r, path),
                          gaztag_rules_error(r), GAZTAG_IO, msg);
    /* no rules file in it (other files are not read) */
    write_in(dir, "README.md", "not rules\n");
    write_in(dir, "cues.txt", "not\trules\n");
    snprintf(msg, sizeof msg, "%s: no rules files (first-names*.txt, "
             "not-names*.txt, cues*.tsv, family-first*.txt)", dir);
    support_expect_status("empty", gaztag_rules_load_dir(r, dir),
                          gaztag_rules_error(r), GAZTAG_IO, msg);
    assert_int_equal(gaztag_rules_load_dir(r, NULL), GAZTAG_INVALID);
    /* the three kinds */
    write_in(dir, "first-names-fr.txt", first_names_txt);
    write_in(dir, "not-names.txt", not_names_txt);
    write_in(dir, "cues.tsv", cues_tsv);
    write_in(dir, "family-first.txt", family_first_txt);
    assert_int_equal(gaztag_rules_load_dir(r, dir), GAZTAG_OK);
    gaztag_tagger *t;
    assert_int_equal(gaztag_tagger_new(fx.g, &t), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_set_rules(t, r), GAZTAG_OK);
    for (size_t i = 0; i < N_GOLDEN; i++)
        expect_tag(t, golden[i].name, golden[i].text, 0, golden[i].spans);
    gaztag_tagger_free(t);
    gaztag_rules_free(r);
    /* a bad line in a file: the path and line */
    write_in(dir, "cues-extra.tsv", "before\tministre\tPERSON\ttitle\n"
                                    "month\tmars avril\n");
    assert_int_equal(gaztag_rules_new(&r), GAZTAG_OK);
    snprintf(msg, sizeof msg, "%s/cues-extra.tsv:2: a month is one word", dir);
    support_expect_status("bad file", gaztag_rules_load_dir(r, dir),
                          gaztag_rules_error(r), GAZTAG_SOURCE, msg);
    gaztag_rules_free(r);
    remove_in(dir, "cues-extra.tsv");
    remove_in(dir, "cues.tsv");
    remove_in(dir, "family-first.txt");
    remove_in(dir, "not-names.txt");
    remove_in(dir, "first-names-fr.txt");
    remove_in(dir, "cues.txt");
    remove_in(dir, "README.md");
    assert_int_equal(rmdir(dir), 0);
}

/* The rules' string tables (rt_*): a table reserved for its keys is made
 * once at its size; keys are found with their values, absent ones not,
 * also after growth by doubling and after rt_clear(). */
static void test_rtable(void **state)
{
    (void)state;
    rtable t = {0}, grown = {0};
    char key[32];
    uint32_t *val;
    assert_int_equal(rt_reserve(&t, 1000), 0);
    assert_int_equal(t.cap, 2048);
    for (unsigned i = 0; i < 1000; i++) {
        size_t n = (size_t)snprintf(key, sizeof key, "key %u", i);
        assert_int_equal(rt_put(&t, rt_hash(key, n), key, n, &val), 0);
        assert_int_equal(*val, 0);
        *val = i + 1;
        assert_int_equal(rt_put(&grown, rt_hash(key, n), key, n, &val), 0);
        *val = i + 7;
    }
    assert_int_equal(t.cap, 2048); /* not grown */
    assert_int_equal(t.n, 1000);
    assert_int_equal(grown.cap, 2048); /* 64, doubled five times */
    for (unsigned i = 0; i < 2000; i++) {
        size_t n = (size_t)snprintf(key, sizeof key, "key %u", i);
        uint64_t h = rt_hash(key, n);
        const rt_slot *a = rt_find(&t, h, key, n), *b = rt_find(&grown, h, key, n);
        if (i < 1000) {
            assert_non_null(a);
            assert_non_null(b);
            assert_int_equal(a->val, i + 1);
            assert_int_equal(b->val, i + 7);
            assert_memory_equal(t.pool + a->off, key, n);
        } else {
            assert_null(a);
            assert_null(b);
        }
    }
    /* a key again: the same slot, its value kept */
    assert_int_equal(rt_put(&t, rt_hash("key 5", 5), "key 5", 5, &val), 0);
    assert_int_equal(*val, 6);
    assert_int_equal(t.n, 1000);
    rt_clear(&t);
    assert_int_equal(t.n, 0);
    assert_null(rt_find(&t, rt_hash("key 5", 5), "key 5", 5));
    rt_free(&t);
    rt_free(&grown);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden),
        cmocka_unit_test(test_golden_moved),
        cmocka_unit_test(test_gazetteer_spans_kept),
        cmocka_unit_test(test_no_propagation),
        cmocka_unit_test(test_new_document_forgets),
        cmocka_unit_test(test_tag_all),
        cmocka_unit_test(test_count_odd),
        cmocka_unit_test(test_stream),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_window_anew),
        cmocka_unit_test(test_stream_pieces),
        cmocka_unit_test(test_layered),
        cmocka_unit_test(test_hits_agree),
        cmocka_unit_test(test_other_capitals),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_good_lines_kept),
        cmocka_unit_test(test_load_dir),
        cmocka_unit_test(test_rtable),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
