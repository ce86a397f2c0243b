/*
 * test_eval.c -- precision, recall and F1 of the default gazetteer, alone
 * and with the rules layer, on hand-annotated French news
 * (tests/eval/fr-news.txt, format and guidelines in tests/eval/README.md).
 *
 *   test_eval [-v] GAZETTEER RULES_DIR EVAL_FILE
 *
 * The annotated file is parsed into documents (one a paragraph): the text
 * with the markup removed, and the gold mentions as half-open byte offsets
 * into that text.  Each document is tagged alone with gaztag_tag_text(),
 * default flags, once with the gazetteer only and once with the rules
 * loaded.  A predicted span is correct when its start, end and label equal
 * a gold mention's; there is no partial credit.  The figures are printed
 * per label and per origin (gazetteer, rule, document propagation); with
 * -v or GAZTAG_EVAL_VERBOSE=1, every false positive and false negative too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gaztag.h"
#include "support.h"

/* The thresholds of the issue.  With the rules, overall precision must
 * stay at least EVAL_MIN_PRECISION_WITH_RULES and overall recall must be
 * more than EVAL_MIN_RECALL_GAIN above the gazetteer's alone. */
static const double EVAL_MIN_PRECISION_WITH_RULES = 0.90;
static const double EVAL_MIN_RECALL_GAIN = 0.0;
/* The annotated set must have at least this many documents. */
static const size_t EVAL_MIN_DOCUMENTS = 40;

#ifndef GAZTAG_EVAL_GAZETTEER
#define GAZTAG_EVAL_GAZETTEER "gaztag-default.gaz"
#endif
#ifndef GAZTAG_EVAL_RULES
#define GAZTAG_EVAL_RULES "gazetteers/rules"
#endif
#ifndef GAZTAG_EVAL_FILE
#define GAZTAG_EVAL_FILE "tests/eval/fr-news.txt"
#endif

/* ------------------------------------------------------------ the corpus */

enum { LABEL_PERSON, LABEL_PLACE, LABEL_ORG, LABEL_OUTLET, N_LABELS };
static const char *const label_names[N_LABELS] = {"PERSON", "PLACE", "ORG",
                                                  "OUTLET"};

typedef struct mention {
    size_t start, end; /* bytes of the document's text */
    int label;         /* LABEL_* */
} mention;

typedef struct document {
    char *text; /* the paragraph without markup, lines joined by '\n' */
    size_t len, cap;
    mention *gold;
    size_t n_gold, gold_cap;
    size_t line; /* of its first line in the file, from 1 */
} document;

typedef struct corpus {
    document *docs;
    size_t n_docs, cap;
    char error[256]; /* "NAME:LINE: reason" when parsing failed */
} corpus;

typedef struct parser {
    const char *name;
    corpus *c;
    size_t line;
    bool in_header; /* no paragraph yet: '#' lines are comments */
    document *doc;  /* the paragraph being read, NULL between paragraphs */
} parser;

static void corpus_free(corpus *c)
{
    for (size_t i = 0; i < c->n_docs; i++) {
        free(c->docs[i].text);
        free(c->docs[i].gold);
    }
    free(c->docs);
    memset(c, 0, sizeof *c);
}

static int parse_error(parser *p, const char *fmt, ...)
{
    char reason[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    snprintf(p->c->error, sizeof p->c->error, "%s:%zu: %s", p->name, p->line,
             reason);
    return -1;
}

/* Grows *buf (of *cap elements of `size` bytes) to hold `need` elements. */
static bool grow(void **buf, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *q = realloc(*buf, n * size);
    if (!q)
        return false;
    *buf = q;
    *cap = n;
    return true;
}

static int append_text(parser *p, const char *s, size_t n)
{
    document *d = p->doc;
    if (!grow((void **)&d->text, &d->cap, d->len + n + 1, 1))
        return parse_error(p, "out of memory");
    memcpy(d->text + d->len, s, n);
    d->len += n;
    d->text[d->len] = '\0';
    return 0;
}

static int begin_document(parser *p)
{
    corpus *c = p->c;
    if (!grow((void **)&c->docs, &c->cap, c->n_docs + 1, sizeof *c->docs))
        return parse_error(p, "out of memory");
    p->doc = &c->docs[c->n_docs++];
    memset(p->doc, 0, sizeof *p->doc);
    p->doc->line = p->line;
    p->in_header = false;
    return append_text(p, "", 0);
}

/* Length of the well-formed UTF-8 sequence at s[0..n), 0 if ill-formed
 * (Unicode table 3-7: no overlong forms, surrogates or values over
 * U+10FFFF). */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t len;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else
        return 0;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

static bool valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0, k; i < n; i += k)
        if ((k = utf8_sequence((const unsigned char *)s + i, n - i)) == 0)
            return false;
    return true;
}

static const char *find(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(s + i, needle, m) == 0)
            return s + i;
    return NULL;
}

static int find_label(const char *s, size_t n)
{
    for (int i = 0; i < N_LABELS; i++)
        if (strlen(label_names[i]) == n && memcmp(label_names[i], s, n) == 0)
            return i;
    return -1;
}

/* A space, tab or no-break space (U+00A0, U+202F) begins or ends s. */
static bool space_at_edge(const char *s, size_t n)
{
    static const char *const spaces[] = {" ", "\t", "\xC2\xA0",
                                         "\xE2\x80\xAF"};
    for (size_t i = 0; i < sizeof spaces / sizeof spaces[0]; i++) {
        size_t m = strlen(spaces[i]);
        if (n >= m && (memcmp(s, spaces[i], m) == 0 ||
                       memcmp(s + n - m, spaces[i], m) == 0))
            return true;
    }
    return false;
}

/* The mention `[[surface|LABEL]]` whose "[[" is at s[0], n bytes being
 * left on the line: its text goes to the document, its offsets to the gold,
 * and *used is its length in the markup. */
static int parse_mention(parser *p, const char *s, size_t n, size_t *used)
{
    const char *close = find(s + 2, n - 2, "]]");
    if (!close)
        return parse_error(p, "'[[' without ']]' on its line");
    const char *body = s + 2;
    size_t body_len = (size_t)(close - body);
    if (find(body, body_len, "[["))
        return parse_error(p, "'[[' inside a mention");
    const char *bar = memchr(body, '|', body_len);
    if (!bar)
        return parse_error(p, "mention without '|LABEL'");
    size_t surface_len = (size_t)(bar - body);
    const char *label = bar + 1;
    size_t label_len = body_len - surface_len - 1;
    if (memchr(label, '|', label_len))
        return parse_error(p, "more than one '|' in a mention");
    int id = find_label(label, label_len);
    if (id < 0)
        return parse_error(p, "unknown label '%.*s'",
                           (int)(label_len > 32 ? 32 : label_len), label);
    if (surface_len == 0)
        return parse_error(p, "empty mention");
    if (space_at_edge(body, surface_len))
        return parse_error(p, "mention starts or ends with a space");
    document *d = p->doc;
    if (!grow((void **)&d->gold, &d->gold_cap, d->n_gold + 1, sizeof *d->gold))
        return parse_error(p, "out of memory");
    d->gold[d->n_gold++] = (mention){d->len, d->len + surface_len, id};
    *used = (size_t)(close + 2 - s);
    return append_text(p, body, surface_len);
}

/* A line of a paragraph: its text without markup goes to the document. */
static int parse_text_line(parser *p, const char *s, size_t n)
{
    if (p->doc ? append_text(p, "\n", 1) != 0 : begin_document(p) != 0)
        return -1;
    size_t i = 0;
    while (i < n) {
        if (n - i >= 2 && s[i] == '[' && s[i + 1] == '[') {
            size_t used = 0;
            if (parse_mention(p, s + i, n - i, &used) != 0)
                return -1;
            i += used;
        } else if (n - i >= 2 && s[i] == ']' && s[i + 1] == ']') {
            return parse_error(p, "']]' without '[['");
        } else {
            size_t run = 1;
            while (i + run < n && s[i + run] != '[' && s[i + run] != ']')
                run++;
            if (append_text(p, s + i, run) != 0)
                return -1;
            i += run;
        }
    }
    return 0;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

static int parse_line(parser *p, const char *s, size_t n)
{
    if (n > 0 && s[n - 1] == '\r')
        n--;
    if (!valid_utf8(s, n))
        return parse_error(p, "invalid UTF-8");
    if (blank(s, n)) {
        p->doc = NULL;
        return 0;
    }
    if (s[0] == '#') {
        if (p->in_header)
            return 0;
        return parse_error(p, "'#' line after the first paragraph "
                              "(comments belong to the header)");
    }
    return parse_text_line(p, s, n);
}

/* Parses annotated text (named `name` in messages) into *c.  Returns 0, or
 * -1 with c->error set and *c emptied. */
static int eval_parse(const char *name, const char *data, size_t len,
                      corpus *c)
{
    parser p = {name, c, 0, true, NULL};
    memset(c, 0, sizeof *c);
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (data + i)) : len - i;
        p.line++;
        if (parse_line(&p, data + i, n) != 0) {
            char error[sizeof c->error];
            memcpy(error, c->error, sizeof error);
            corpus_free(c);
            memcpy(c->error, error, sizeof error);
            return -1;
        }
        i += n + (nl != NULL);
    }
    return 0;
}

static size_t corpus_gold(const corpus *c, int label)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n_docs; i++)
        for (size_t j = 0; j < c->docs[i].n_gold; j++)
            n += label < 0 || c->docs[i].gold[j].label == label;
    return n;
}

/* -------------------------------------------------------------- scoring */

#define N_ORIGINS 3
static const char *const origin_names[N_ORIGINS] = {"gazetteer", "rule",
                                                    "document"};

/* Counts of one configuration.  Index N_LABELS holds the predicted spans
 * whose label is none of the four (false positives only). */
typedef struct tally {
    size_t gold[N_LABELS + 1], tp[N_LABELS + 1], fp[N_LABELS + 1];
    size_t spans[N_ORIGINS], correct[N_ORIGINS];
} tally;

static size_t sum(const size_t *v, size_t n)
{
    size_t s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s;
}

static double ratio(size_t num, size_t den)
{
    return den ? (double)num / (double)den : 0.0;
}

static double f1(double p, double r)
{
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

static double tally_precision(const tally *t)
{
    size_t tp = sum(t->tp, N_LABELS + 1);
    return ratio(tp, tp + sum(t->fp, N_LABELS + 1));
}

static double tally_recall(const tally *t)
{
    return ratio(sum(t->tp, N_LABELS + 1), sum(t->gold, N_LABELS + 1));
}

static int span_label(const gaztag_span *s)
{
    int id = s->entry.label ? find_label(s->entry.label,
                                         strlen(s->entry.label))
                            : -1;
    return id < 0 ? N_LABELS : id;
}

static bool overlaps(size_t s1, size_t e1, size_t s2, size_t e2)
{
    return s1 < e2 && s2 < e1;
}

static void print_false_positive(const document *d, size_t doc_no,
                                 const gaztag_span *s)
{
    printf("    FP  p%zu (line %zu) %-6s \"%.*s\" [%zu,%zu) %s%s%s",
           doc_no, d->line, s->entry.label ? s->entry.label : "?",
           (int)(s->end - s->start), d->text + s->start, s->start, s->end,
           s->origin < N_ORIGINS ? origin_names[s->origin] : "?",
           s->rule ? ":" : "", s->rule ? s->rule : "");
    for (size_t j = 0; j < d->n_gold; j++) {
        const mention *m = &d->gold[j];
        if (overlaps(s->start, s->end, m->start, m->end))
            printf("  (gold %s \"%.*s\")", label_names[m->label],
                   (int)(m->end - m->start), d->text + m->start);
    }
    printf("\n");
}

static void print_false_negative(const document *d, size_t doc_no,
                                 const mention *m, const gaztag_span *spans,
                                 size_t n_spans)
{
    printf("    FN  p%zu (line %zu) %-6s \"%.*s\" [%zu,%zu)", doc_no,
           d->line, label_names[m->label], (int)(m->end - m->start),
           d->text + m->start, m->start, m->end);
    for (size_t k = 0; k < n_spans; k++)
        if (overlaps(spans[k].start, spans[k].end, m->start, m->end))
            printf("  (predicted %s \"%.*s\")",
                   spans[k].entry.label ? spans[k].entry.label : "?",
                   (int)(spans[k].end - spans[k].start),
                   d->text + spans[k].start);
    printf("\n");
}

/* Index of the unmatched gold mention equal to span s, or SIZE_MAX. */
static size_t match_gold(const document *d, const bool *matched,
                         const gaztag_span *s, int label)
{
    for (size_t j = 0; j < d->n_gold; j++)
        if (!matched[j] && d->gold[j].start == s->start &&
            d->gold[j].end == s->end && d->gold[j].label == label)
            return j;
    return SIZE_MAX;
}

/* Scores the spans of document d into t; matched[] has d->n_gold slots. */
static void score_document(const document *d, size_t doc_no,
                           const gaztag_span *spans, size_t n_spans,
                           bool *matched, tally *t, bool verbose)
{
    for (size_t k = 0; k < n_spans; k++) {
        const gaztag_span *s = &spans[k];
        int label = span_label(s);
        size_t origin = s->origin < N_ORIGINS ? s->origin : 0;
        size_t j = match_gold(d, matched, s, label);
        t->spans[origin]++;
        if (j != SIZE_MAX) {
            matched[j] = true;
            t->tp[label]++;
            t->correct[origin]++;
        } else {
            t->fp[label]++;
            if (verbose)
                print_false_positive(d, doc_no, s);
        }
    }
    for (size_t j = 0; j < d->n_gold; j++) {
        t->gold[d->gold[j].label]++;
        if (!matched[j] && verbose)
            print_false_negative(d, doc_no, &d->gold[j], spans, n_spans);
    }
}

/* Tags every document of c with t and counts into *out. */
static gaztag_status evaluate(const corpus *c, gaztag_tagger *t, tally *out,
                              bool verbose)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < c->n_docs; i++) {
        const document *d = &c->docs[i];
        const gaztag_span *spans;
        size_t n_spans;
        gaztag_status st = gaztag_tag_text(t, d->text, d->len, 0, &spans,
                                           &n_spans);
        if (st != GAZTAG_OK)
            return st;
        bool *matched = calloc(d->n_gold + 1, sizeof *matched);
        if (!matched)
            return GAZTAG_NOMEM;
        score_document(d, i + 1, spans, n_spans, matched, out, verbose);
        free(matched);
    }
    return GAZTAG_OK;
}

static void print_label_row(const char *name, size_t gold, size_t tp,
                            size_t fp)
{
    double p = ratio(tp, tp + fp), r = ratio(tp, gold);
    printf("  %-9s %5zu %5zu %5zu %5zu %9.3f %7.3f %7.3f\n", name, gold, tp,
           fp, gold - tp, p, r, f1(p, r));
}

static void print_tally(const char *config, const tally *t)
{
    size_t gold = sum(t->gold, N_LABELS + 1);
    printf("\n%s\n  %-9s %5s %5s %5s %5s %9s %7s %7s\n", config, "label",
           "gold", "TP", "FP", "FN", "precision", "recall", "F1");
    for (int l = 0; l < N_LABELS; l++)
        print_label_row(label_names[l], t->gold[l], t->tp[l], t->fp[l]);
    if (t->fp[N_LABELS])
        print_label_row("(other)", 0, 0, t->fp[N_LABELS]);
    print_label_row("all", gold, sum(t->tp, N_LABELS + 1),
                    sum(t->fp, N_LABELS + 1));
    printf("  %-9s %5s %7s %9s %7s\n", "origin", "spans", "correct",
           "precision", "recall");
    for (size_t o = 0; o < N_ORIGINS; o++)
        printf("  %-9s %5zu %7zu %9.3f %7.3f\n", origin_names[o],
               t->spans[o], t->correct[o],
               ratio(t->correct[o], t->spans[o]),
               ratio(t->correct[o], gold));
}

/* ------------------------------------------------------------ the tests */

static struct {
    const char *gazetteer, *rules, *file;
    bool verbose;
    corpus corpus;
    bool loaded;
} eval = {GAZTAG_EVAL_GAZETTEER, GAZTAG_EVAL_RULES, GAZTAG_EVAL_FILE, false,
          {0}, false};

/* A tiny set: header, a two-line paragraph with elision, a bold name with
 * 4-byte letters, an accent; then a second paragraph. */
static void test_parse_offsets(void **state)
{
    (void)state;
    static const char text[] =
        "# header\n# more\n\n"
        "[[Boké|PLACE]] et l\xE2\x80\x99[[Ukraine|PLACE]]\r\n"
        "[[\xF0\x9D\x97\x96\xF0\x9D\x97\xBC|PLACE]] [[M. X|PERSON]]\n"
        "\n  \n"
        "B ([[AGP|OUTLET]]) [[ONU|ORG]]";
    corpus c;
    assert_int_equal(eval_parse("t", text, sizeof text - 1, &c), 0);
    assert_int_equal(c.n_docs, 2);
    const document *d = &c.docs[0];
    assert_string_equal(d->text, "Boké et l\xE2\x80\x99Ukraine\n"
                                 "\xF0\x9D\x97\x96\xF0\x9D\x97\xBC M. X");
    assert_int_equal(d->line, 4);
    assert_int_equal(d->n_gold, 4);
    /* Offsets computed with Python's str.encode() and bytes.index(). */
    static const mention want0[] = {{0, 5, LABEL_PLACE},
                                    {13, 20, LABEL_PLACE},
                                    {21, 29, LABEL_PLACE},
                                    {30, 34, LABEL_PERSON}};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(d->gold[i].start, want0[i].start);
        assert_int_equal(d->gold[i].end, want0[i].end);
        assert_int_equal(d->gold[i].label, want0[i].label);
    }
    d = &c.docs[1];
    assert_string_equal(d->text, "B (AGP) ONU");
    assert_int_equal(d->line, 8);
    assert_int_equal(d->n_gold, 2);
    assert_int_equal(d->gold[0].start, 3);
    assert_int_equal(d->gold[0].end, 6);
    assert_int_equal(d->gold[0].label, LABEL_OUTLET);
    assert_int_equal(d->gold[1].start, 8);
    assert_int_equal(d->gold[1].label, LABEL_ORG);
    assert_int_equal(corpus_gold(&c, -1), 6);
    corpus_free(&c);
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *error;
    } cases[] = {
        {"a\n[[Kindia|PLACE] b\n", "x:2: '[[' without ']]' on its line"},
        {"[[Kindia|PLAC]]\n", "x:1: unknown label 'PLAC'"},
        {"[[Kindia]]\n", "x:1: mention without '|LABEL'"},
        {"[[Kindia|PLACE|ORG]]\n", "x:1: more than one '|' in a mention"},
        {"[[|PLACE]]\n", "x:1: empty mention"},
        {"[[Kindia |PLACE]]\n", "x:1: mention starts or ends with a space"},
        {"[[\xC2\xA0Kindia|PLACE]]\n",
         "x:1: mention starts or ends with a space"},
        {"[[a [[Kindia|PLACE]]|ORG]]\n", "x:1: '[[' inside a mention"},
        {"Kindia]] b\n", "x:1: ']]' without '[['"},
        {"# h\n\na\n\n# late\n",
         "x:5: '#' line after the first paragraph (comments belong to the "
         "header)"},
        {"a\n\nb \xC3\x28\n", "x:3: invalid UTF-8"},
        {"\xED\xA0\x80\n", "x:1: invalid UTF-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        corpus c;
        int rc = eval_parse("x", cases[i].text, strlen(cases[i].text), &c);
        if (rc == 0 || strcmp(c.error, cases[i].error) != 0)
            fail_msg("case %zu: got %d \"%s\", want \"%s\"", i, rc, c.error,
                     cases[i].error);
        assert_int_equal(c.n_docs, 0);
        assert_null(c.docs);
    }
}

static const corpus *load_corpus(void)
{
    if (eval.loaded)
        return &eval.corpus;
    size_t len;
    char *data = support_read_file(eval.file, &len);
    if (!data)
        fail_msg("%s: cannot read the evaluation file", eval.file);
    int rc = eval_parse(eval.file, data, len, &eval.corpus);
    free(data);
    if (rc != 0)
        fail_msg("%s", eval.corpus.error);
    eval.loaded = true;
    return &eval.corpus;
}

static void test_corpus(void **state)
{
    (void)state;
    const corpus *c = load_corpus();
    if (c->n_docs < EVAL_MIN_DOCUMENTS)
        fail_msg("%s: %zu paragraphs, want at least %zu", eval.file,
                 c->n_docs, EVAL_MIN_DOCUMENTS);
    printf("%s: %zu documents, %zu gold mentions (PERSON %zu, PLACE %zu, "
           "ORG %zu, OUTLET %zu)\n", eval.file, c->n_docs,
           corpus_gold(c, -1), corpus_gold(c, LABEL_PERSON),
           corpus_gold(c, LABEL_PLACE), corpus_gold(c, LABEL_ORG),
           corpus_gold(c, LABEL_OUTLET));
}

/* Tags the corpus with the gazetteer alone (rules == NULL) or with rules. */
static void run_config(gaztag_tagger *t, const gaztag_rules *rules,
                       const char *config, tally *out)
{
    assert_int_equal(gaztag_tagger_set_rules(t, rules), GAZTAG_OK);
    if (eval.verbose)
        printf("\n%s: false positives and negatives\n", config);
    gaztag_status st = evaluate(load_corpus(), t, out, eval.verbose);
    if (st != GAZTAG_OK)
        fail_msg("%s: tagging failed: %s", config, gaztag_strerror(st));
    print_tally(config, out);
}

static gaztag_rules *load_rules(void)
{
    gaztag_rules *rules;
    assert_int_equal(gaztag_rules_new(&rules), GAZTAG_OK);
    gaztag_status st = gaztag_rules_load_dir(rules, eval.rules);
    if (st != GAZTAG_OK) {
        printf("%s: %s\n", eval.rules, gaztag_rules_error(rules));
        gaztag_rules_free(rules);
        fail_msg("%s: cannot load the rules: %s", eval.rules,
                 gaztag_strerror(st));
    }
    return rules;
}

static bool check_thresholds(const tally *alone, const tally *with_rules)
{
    double p = tally_precision(with_rules), r = tally_recall(with_rules);
    double r0 = tally_recall(alone);
    bool precision_ok = p >= EVAL_MIN_PRECISION_WITH_RULES;
    bool recall_ok = r - r0 > EVAL_MIN_RECALL_GAIN;
    printf("\nprecision with rules %.3f (at least %.2f): %s\n", p,
           EVAL_MIN_PRECISION_WITH_RULES, precision_ok ? "ok" : "FAILED");
    printf("recall %.3f -> %.3f with rules (must rise): %s\n", r0, r,
           recall_ok ? "ok" : "FAILED");
    return precision_ok && recall_ok;
}

static void test_evaluate(void **state)
{
    (void)state;
    load_corpus();
    gaztag_gazetteer *g;
    gaztag_status st = gaztag_open(eval.gazetteer, 0, &g);
    if (st != GAZTAG_OK) {
        printf("%s\n", g ? gaztag_errmsg(g) : gaztag_strerror(st));
        gaztag_close(g);
        fail_msg("%s: cannot open the gazetteer", eval.gazetteer);
    }
    gaztag_rules *rules = load_rules();
    gaztag_tagger *t;
    assert_int_equal(gaztag_tagger_new(g, &t), GAZTAG_OK);
    tally alone, with_rules;
    run_config(t, NULL, "gazetteer only", &alone);
    run_config(t, rules, "gazetteer + rules", &with_rules);
    gaztag_tagger_free(t);
    gaztag_rules_free(rules);
    gaztag_close(g);
    if (!check_thresholds(&alone, &with_rules))
        fail_msg("thresholds not met (see above)");
}

/* The shipped gazetteer and rules on every paragraph: a tagger whose
 * pass starts from its scan's words gives the spans of one that looks at
 * every capital (whole, streamed in pieces, and all paragraphs as one
 * document). */
static void test_hits_agree(void **state)
{
    (void)state;
    const corpus *c = load_corpus();
    gaztag_gazetteer *g;
    assert_int_equal(gaztag_open(eval.gazetteer, 0, &g), GAZTAG_OK);
    gaztag_rules *rules = load_rules();
    gaztag_tagger *t, *every = support_every_capital_tagger(g, rules);
    assert_int_equal(gaztag_tagger_new(g, &t), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_set_rules(t, rules), GAZTAG_OK);
    size_t total = 0;
    for (size_t i = 0; i < c->n_docs; i++)
        total += c->docs[i].len + 1;
    char *all = malloc(total + 1), what[64];
    assert_non_null(all);
    total = 0;
    for (size_t i = 0; i < c->n_docs; i++) {
        const document *d = &c->docs[i];
        snprintf(what, sizeof what, "%s:%zu", eval.file, d->line);
        support_same_spans(what, t, every, d->text, d->len, 61);
        memcpy(all + total, d->text, d->len);
        all[total + d->len] = '\n';
        total += d->len + 1;
    }
    support_same_spans("the paragraphs as one document", t, every, all, total,
                       4096);
    free(all);
    gaztag_tagger_free(t);
    gaztag_tagger_free(every);
    gaztag_rules_free(rules);
    gaztag_close(g);
}

static int teardown(void **state)
{
    (void)state;
    corpus_free(&eval.corpus);
    return 0;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: test_eval [-v] [GAZETTEER RULES_DIR EVAL_FILE]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int i = 1;
    const char *env = getenv("GAZTAG_EVAL_VERBOSE");
    eval.verbose = env && strcmp(env, "") != 0 && strcmp(env, "0") != 0;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-v") != 0)
            usage();
        eval.verbose = true;
    }
    if (argc - i == 3) {
        eval.gazetteer = argv[i];
        eval.rules = argv[i + 1];
        eval.file = argv[i + 2];
    } else if (argc - i != 0) {
        usage();
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hits_agree),
        cmocka_unit_test(test_parse_offsets),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_evaluate),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
