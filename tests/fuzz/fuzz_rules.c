/*
 * fuzz_rules.c -- the rules layer on any text, and its data reader on any
 * bytes.
 *
 * Input: byte 0: bit 0 no propagation, bit 1 the rest is also read as a
 * cues file and bit 2 as a first-names file (each must be accepted or
 * refused with one "NAME:LINE: reason" line); bits 3 to 7 the piece size
 * of a streamed run (8 to 256 bytes).  Then the text.  The text is tagged
 * with a small fixed gazetteer and fixed rules, without and with the rules,
 * whole and streamed.  With the rules: spans are in order and do not
 * overlap, lie in the text, begin and end on token boundaries, point at
 * their own bytes, carry the code points and UTF-16 units counted again
 * here, and an inferred span has one entry with a label and a rule name;
 * every gazetteer span of the run without rules is there unchanged (or, a
 * one-word span, as a person of the document, or, one that yields, taken
 * into a person's name that ends with it), and no other inferred span
 * overlaps one.  Streamed, the same holds (offsets from the stream start).
 * A tagger whose pass looks at every capital (tagger_rules_every_capital())
 * gives the same spans as the one that starts from its scan's words, whole
 * and streamed, and so do those whose walks over capitals are those for
 * AVX2 at most and for any x86-64 CPU (tagger_rules_walk_level()), not
 * AVX-512 or AVX2.
 */
#include "fuzz.h"

#include "gaztag.h"
#include "reference.h"
#include "rules.h"

#include <stdbool.h>
#include <string.h>

#define MAX_TEXT 4096

static const char source[] =
    "Moussa Dabo\tPERSON\tp1\tMoussa Dabo\n"
    "Kindia\tPLACE\tg1\tKindia\n"
    "Kaba\tPLACE\tg2\tKaba\n"
    "Agence guinéenne de presse\tOUTLET\to1\tAGP\n"
    "AGP\tOUTLET\to1\tAGP\n"
    "Guinée\tPLACE\tg3\tGuinea\n"
    "Chirac\tPLACE\tg4\tChirac\tcap,yield\n";

static const char first_names[] = "Moussa\nMohamed\nFodé\nAïssatou\n";
static const char not_names[] = "Selon\nLe\nLa\nLundi\n";
static const char family_first[] = "Xi\nMoussa\nKaba\n";
static const char cues[] =
    "before\tministre\tPERSON\ttitle\n"
    "before\tM.\tPERSON\tcivility\n"
    "before\tville de\tPLACE\tplace-cue\n"
    "before\tcommune rurale (CR) de\tPLACE\tplace-cue\n"
    "before\tà\tPLACE\tat-place\n"
    "before\tgrâce à\t-\t-\n"
    "before\tHadja\t-\t-\n"
    "head\tConsortium\tORG\torg-head\n"
    "head\tMinistère\tORG\torg-head\n"
    "head\tFoundation\tORG\torg-head\n"
    "suffix\tSA\tORG\torg-suffix\n"
    "suffix\tInc.\tORG\torg-suffix\n"
    "suffix\tIslands\tPLACE\tplace-suffix\n"
    "before\tau Belge\tPERSON\tnationality\n"
    "term\tProduct\n"
    "connector\tde\nconnector\tla\nconnector\tdes\nconnector\tet\n"
    "connector\td’\nmonth\tdéc.\nmonth\tmars\n";

static gaztag_gazetteer *gaz;
static gaztag_rules *rules;

static void setup(void)
{
    gaztag_builder *b;
    void *img;
    size_t n;
    FUZZ_CHECK(gaztag_builder_new(0, &b) == GAZTAG_OK, "builder");
    FUZZ_CHECK(gaztag_builder_add_tsv(b, "fixed", source, strlen(source)) ==
                   GAZTAG_OK, "source");
    FUZZ_CHECK(gaztag_builder_compile(b, &img, &n) == GAZTAG_OK, "compile");
    gaztag_builder_free(b);
    /* the image stays for the whole run (gaztag_open_memory borrows it) */
    FUZZ_CHECK(gaztag_open_memory(img, n, 0, &gaz) == GAZTAG_OK, "open");
    FUZZ_CHECK(gaztag_rules_new(&rules) == GAZTAG_OK, "rules");
    FUZZ_CHECK(gaztag_rules_add_text(rules, GAZTAG_RULES_FIRST_NAMES, "f",
                                     first_names, strlen(first_names)) ==
                   GAZTAG_OK, "%s", gaztag_rules_error(rules));
    FUZZ_CHECK(gaztag_rules_add_text(rules, GAZTAG_RULES_NOT_NAMES, "n",
                                     not_names, strlen(not_names)) ==
                   GAZTAG_OK, "%s", gaztag_rules_error(rules));
    FUZZ_CHECK(gaztag_rules_add_text(rules, GAZTAG_RULES_CUES, "c", cues,
                                     strlen(cues)) == GAZTAG_OK,
               "%s", gaztag_rules_error(rules));
    FUZZ_CHECK(gaztag_rules_add_text(rules, GAZTAG_RULES_FAMILY_FIRST, "x",
                                     family_first, strlen(family_first)) ==
                   GAZTAG_OK, "%s", gaztag_rules_error(rules));
}

/* A rules file of the fuzzer's bytes: accepted, or refused with one line
 * that names the file and a line of it. */
static void read_data(unsigned kind, const char *data, size_t len)
{
    gaztag_rules *r;
    FUZZ_CHECK(gaztag_rules_new(&r) == GAZTAG_OK, "rules");
    gaztag_status st = gaztag_rules_add_text(r, kind, "fuzz", data, len);
    const char *msg = gaztag_rules_error(r);
    if (st == GAZTAG_OK) {
        FUZZ_CHECK(msg[0] == '\0', "message on success: %s", msg);
    } else {
        FUZZ_CHECK(st == GAZTAG_SOURCE || st == GAZTAG_NOMEM, "status %d", st);
        FUZZ_CHECK(strncmp(msg, "fuzz:", 5) == 0 && !strchr(msg, '\n'),
                   "message '%s'", msg);
    }
    gaztag_rules_free(r);
}

/* Code points and UTF-16 units of text[0..n), counted as the tokenizer
 * counts them (an ill-formed part is one of each). */
static void count(const char *text, size_t n, size_t *cps, size_t *units)
{
    *cps = *units = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += ref_decode((const uint8_t *)text + i, n - i, &cp);
        (*cps)++;
        *units += cp >= 0x10000 ? 2 : 1;
    }
}

typedef struct span_copy {
    size_t start, end;
    unsigned origin, flags; /* (flags: the entry's) */
    const char *label, *id;
} span_copy;

static span_copy *copy_spans(const gaztag_span *s, size_t n)
{
    span_copy *c = malloc((n ? n : 1) * sizeof *c);
    FUZZ_CHECK(c != NULL, "out of memory");
    for (size_t i = 0; i < n; i++)
        c[i] = (span_copy){s[i].start, s[i].end, s[i].origin,
                           s[i].entry.flags, s[i].entry.label, s[i].entry.id};
    return c;
}

/* Is s a person's name of a rule that took the gazetteer's span g, a
 * name of one word that yields (GAZTAG_ENTRY_YIELD), at its end or before
 * the rest of a double name ("Coulon-Kaba")? */
static bool taken(const span_copy *g, const span_copy *s)
{
    return (g->flags & GAZTAG_ENTRY_YIELD) && s->origin == GAZTAG_FROM_RULE &&
           s->label && strcmp(s->label, "PERSON") == 0 && s->end >= g->end &&
           s->start < g->start;
}

/* The checks on the spans of text[0..len) with rules (`with`) against the
 * gazetteer's alone (`plain`). */
static void check(const char *text, size_t len, const span_copy *with,
                  size_t n_with, const span_copy *plain, size_t n_plain,
                  const gaztag_span *full)
{
    size_t prev_end = 0, p = 0;
    for (size_t i = 0; i < n_with; i++) {
        const span_copy *s = &with[i];
        FUZZ_CHECK(s->start < s->end && s->end <= len && s->start >= prev_end,
                   "span %zu [%zu, %zu) after %zu, text %zu", i, s->start,
                   s->end, prev_end, len);
        prev_end = s->end;
        FUZZ_CHECK(s->label != NULL, "span %zu has no label", i);
        if (full) {
            size_t cs, us, ce, ue;
            count(text, s->start, &cs, &us);
            count(text, s->end, &ce, &ue);
            FUZZ_CHECK(full[i].text == text + s->start, "span %zu text", i);
            FUZZ_CHECK(full[i].cstart == cs && full[i].cend == ce &&
                           full[i].ustart == us && full[i].uend == ue,
                       "span %zu offsets c %zu-%zu u %zu-%zu, counted c "
                       "%zu-%zu u %zu-%zu", i, full[i].cstart, full[i].cend,
                       full[i].ustart, full[i].uend, cs, ce, us, ue);
            FUZZ_CHECK((s->origin == GAZTAG_FROM_GAZETTEER) ==
                           (full[i].rule == NULL) &&
                           (s->origin == GAZTAG_FROM_GAZETTEER ||
                            full[i].n_entries == 1),
                       "span %zu origin %u rule %p", i, s->origin,
                       (const void *)full[i].rule);
        }
        /* against the gazetteer's spans: equal, or not overlapping */
        while (p < n_plain && plain[p].end <= s->start)
            p++;
        for (size_t q = p; q < n_plain && plain[q].start < s->end; q++) {
            bool same = plain[q].start == s->start && plain[q].end == s->end;
            FUZZ_CHECK((same && (s->origin == GAZTAG_FROM_GAZETTEER ||
                                 s->origin == GAZTAG_FROM_DOCUMENT)) ||
                           taken(&plain[q], s),
                       "span %zu [%zu, %zu) origin %u overlaps gazetteer span "
                       "[%zu, %zu)", i, s->start, s->end, s->origin,
                       plain[q].start, plain[q].end);
        }
    }
    /* every gazetteer span is there, or taken by a person's name */
    size_t w = 0;
    for (size_t q = 0; q < n_plain; q++) {
        while (w < n_with && with[w].end < plain[q].end)
            w++;
        FUZZ_CHECK(w < n_with &&
                       ((with[w].start == plain[q].start &&
                         with[w].end == plain[q].end) ||
                        taken(&plain[q], &with[w])),
                   "gazetteer span [%zu, %zu) lost", plain[q].start,
                   plain[q].end);
    }
}

static bool same_string(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The spans of the two passes, the same. */
static void same_as(const span_copy *a, size_t na, const span_copy *b,
                    size_t nb, const char *how)
{
    FUZZ_CHECK(na == nb, "%s: %zu spans, %zu looking at every capital", how,
               na, nb);
    for (size_t i = 0; i < na; i++)
        FUZZ_CHECK(a[i].start == b[i].start && a[i].end == b[i].end &&
                       a[i].origin == b[i].origin &&
                       same_string(a[i].label, b[i].label) &&
                       same_string(a[i].id, b[i].id),
                   "%s: span %zu [%zu, %zu) against [%zu, %zu) looking at "
                   "every capital", how, i, a[i].start, a[i].end, b[i].start,
                   b[i].end);
}

/* The text tagged in pieces of `piece` bytes (each in a buffer of its own
 * size); the spans, offsets from the stream start. */
static span_copy *streamed(gaztag_tagger *t, const char *text, size_t len,
                           size_t piece, unsigned flags, size_t *n_out)
{
    span_copy *all = NULL;
    size_t n = 0, at = 0;
    for (;;) {
        size_t take = len - at;
        bool more = take > piece;
        if (more)
            take = piece;
        char *buf = fuzz_copy(text + at, take);
        const gaztag_span *s;
        size_t k, used;
        gaztag_status st = gaztag_tag_stream(
            t, buf, take, flags | (more ? GAZTAG_TAG_MORE : 0), &s, &k, &used);
        FUZZ_CHECK(st == GAZTAG_OK, "stream: %s", gaztag_strerror(st));
        all = realloc(all, (n + k + 1) * sizeof *all);
        FUZZ_CHECK(all != NULL, "out of memory");
        for (size_t i = 0; i < k; i++) {
            FUZZ_CHECK(s[i].start >= at && s[i].end <= at + take &&
                           s[i].text == buf + (s[i].start - at),
                       "streamed span [%zu, %zu) outside the piece at %zu",
                       s[i].start, s[i].end, at);
            all[n++] = (span_copy){s[i].start, s[i].end, s[i].origin,
                                   s[i].entry.flags, s[i].entry.label,
                                   s[i].entry.id};
        }
        free(buf);
        if (!more)
            break;
        /* a piece with no cut is given again with more after it */
        at += used;
        if (used == 0)
            piece *= 2;
    }
    *n_out = n;
    return all;
}

/* A tagger of the gazetteer with the rules, names lapsing after `window`
 * bytes. */
static gaztag_tagger *rules_tagger(size_t window)
{
    gaztag_tagger *t;
    FUZZ_CHECK(gaztag_tagger_new(gaz, &t) == GAZTAG_OK, "tagger");
    FUZZ_CHECK(gaztag_tagger_set_rules(t, rules) == GAZTAG_OK, "set rules");
    gaztag_tagger_set_propagation_window(t, window);
    return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!gaz)
        setup();
    if (size < 1)
        return 0;
    unsigned mode = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1 > MAX_TEXT ? MAX_TEXT : size - 1;
    if (mode & 2)
        read_data(GAZTAG_RULES_CUES, text, len);
    if (mode & 4) {
        read_data(GAZTAG_RULES_FIRST_NAMES, text, len);
        read_data(GAZTAG_RULES_FAMILY_FIRST, text, len);
    }
    unsigned flags = (mode & 1) ? GAZTAG_TAG_NO_PROPAGATION : 0;
    size_t piece = 8 + (size_t)(mode >> 3) * 8;
    /* names that lapse within the text, at times (a window of 24 to 272
     * bytes), so that the pass forgets them as it goes */
    size_t window = (mode & 0x40) ? 24 + (size_t)(mode >> 3) * 8
                                  : GAZTAG_PROPAGATION_WINDOW;
    char *copy = fuzz_copy(text, len);

    gaztag_tagger *t;
    const gaztag_span *s;
    size_t n_plain, n_with;
    FUZZ_CHECK(gaztag_tagger_new(gaz, &t) == GAZTAG_OK, "tagger");
    FUZZ_CHECK(gaztag_tag_text(t, copy, len, 0, &s, &n_plain) == GAZTAG_OK,
               "tag");
    span_copy *plain = copy_spans(s, n_plain);
    FUZZ_CHECK(gaztag_tagger_set_rules(t, rules) == GAZTAG_OK, "set rules");
    gaztag_tagger_set_propagation_window(t, window);
    FUZZ_CHECK(gaztag_tag_text(t, copy, len, flags, &s, &n_with) == GAZTAG_OK,
               "tag with rules");
    span_copy *with = copy_spans(s, n_with);
    check(copy, len, with, n_with, plain, n_plain, s);

    /* --all: the gazetteer's spans alone, rules or not */
    size_t n_all;
    FUZZ_CHECK(gaztag_tag_text(t, copy, len, GAZTAG_TAG_ALL, &s, &n_all) ==
                   GAZTAG_OK, "tag all");
    for (size_t i = 0; i < n_all; i++)
        FUZZ_CHECK(s[i].origin == GAZTAG_FROM_GAZETTEER, "--all span %zu", i);

    /* streamed: the gazetteer's spans are those of the whole text (the
     * rules see each piece's context only) */
    size_t n_str;
    span_copy *str = streamed(t, copy, len, piece, flags, &n_str);
    check(copy, len, str, n_str, plain, n_plain, NULL);

    /* the same spans when the pass looks at every capital */
    gaztag_tagger *every = rules_tagger(window);
    tagger_rules_every_capital(every, true);
    size_t n_every, n_every_str;
    FUZZ_CHECK(gaztag_tag_text(every, copy, len, flags, &s, &n_every) ==
                   GAZTAG_OK, "tag, every capital");
    span_copy *ev = copy_spans(s, n_every);
    same_as(with, n_with, ev, n_every, "whole");
    span_copy *ev_str = streamed(every, copy, len, piece, flags, &n_every_str);
    same_as(str, n_str, ev_str, n_every_str, "streamed");

    /* the same spans with the walks for AVX2 at most, and for any x86-64
     * CPU */
    for (int level = RULES_WALK_AVX2; level <= RULES_WALK_BASELINE; level++) {
        gaztag_tagger *base = rules_tagger(window);
        tagger_rules_walk_level(base, level);
        size_t n_base;
        FUZZ_CHECK(gaztag_tag_text(base, copy, len, flags, &s, &n_base) ==
                       GAZTAG_OK, "tag, walks of level %d", level);
        span_copy *bw = copy_spans(s, n_base);
        same_as(with, n_with, bw, n_base,
                level == RULES_WALK_AVX2 ? "AVX2 walks" : "baseline walks");
        free(bw);
        gaztag_tagger_free(base);
    }

    free(ev_str);
    free(ev);
    gaztag_tagger_free(every);
    free(str);
    free(with);
    free(plain);
    free(copy);
    gaztag_tagger_free(t);
    return 0;
}
