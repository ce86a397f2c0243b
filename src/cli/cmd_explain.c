/*
 * cmd_explain.c -- gaztag explain: why a text was tagged as it was.
 *
 * Four sections, in text order, for people to read:
 *
 *   tokens:       each token, its byte offsets and its key;
 *   candidates:   every run of tokens (from each token, of each length up
 *                 to the longest name) that is the name of some entry, with
 *                 every entry of every gazetteer and its verdict on the
 *                 text: accepted (and, under overlays, replaced or removed
 *                 by a later gazetteer) or refused, and why;
 *   spans:        what the tagger returns (gaztag_tag_text, all layers);
 *   not taken:    each candidate without a span of its own, and why.
 *
 * The candidates are found through the public lookup, one run at a time:
 * the API cannot say whether a run is the beginning of a longer name, so
 * every length is tried (O(tokens x longest name^2) normalisations, fine
 * for the texts people explain).  Which candidates survive the overlays is
 * worked out here from the documented rule (the highest gazetteer with an
 * accepted entry or a removal decides an extent); which survivors are
 * chosen is the tagger's own answer, so that part cannot disagree with
 * gaztag tag.
 */
#include "inspect.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define EXPLAIN_USAGE "usage: gaztag explain [-g GAZ]... TEXT|-"

enum { KIND_NONE, KIND_MATCH, KIND_REMOVAL };

/* What one gazetteer makes of a candidate. */
typedef struct layer_verdict {
    uint32_t first, count;
    int kind;
} layer_verdict;

typedef struct cand {
    size_t start, end; /* bytes */
    size_t winner;     /* the deciding layer, or SIZE_MAX */
    int winner_kind;
    bool lower_match;  /* a layer below the winner accepted the text */
} cand;

typedef struct explain {
    insp_gaz gz;
    const char *text;
    size_t len;
    gaztag_token *toks;
    size_t n_toks;
    unsigned norm_flags; /* the first gazetteer's: keys are shown with it */
    uint32_t max_tokens[GAZTAG_MAX_LAYERS];
    cand *cands;
    size_t n_cands, cands_cap;
} explain;

/* ------------------------------------------------------------- verdicts */

/* Why an entry refused the text, from the library's verdict. */
static const char *refusal(const gaztag_gazetteer *g, uint32_t index,
                           const char *s, size_t len)
{
    switch (gaztag_entry_refusal(g, index, s, len)) {
    case GAZTAG_ENTRY_REMOVE: return "removal entry";
    case GAZTAG_ENTRY_CAP: return "cap: not capitalised";
    case GAZTAG_ENTRY_CASE: return "case: case differs";
    case GAZTAG_ENTRY_ACCENTS: return "accents: accents differ";
    case GAZTAG_ENTRY_CASE | GAZTAG_ENTRY_ACCENTS:
        return "case, accents: case or accents differ";
    default: return "not accepted";
    }
}

/* Look the run up in layer i and judge its entries; -1 on error. */
static int judge(const explain *x, size_t i, const char *s, size_t len,
                 layer_verdict *v)
{
    const gaztag_gazetteer *g = x->gz.gz.g[i];
    bool accepted = false, removal = false;
    gaztag_status st = gaztag_lookup(g, s, len, &v->first, &v->count);
    for (uint32_t k = 0; st == GAZTAG_OK && k < v->count; k++) {
        gaztag_entry e;
        st = gaztag_entry_at(g, v->first + k, &e);
        if (st != GAZTAG_OK)
            break;
        int ok = gaztag_entry_accepts(g, v->first + k, s, len);
        if (ok < 0)
            st = GAZTAG_CORRUPT; /* or out of memory: the API does not say */
        accepted = accepted || ok > 0;
        removal = removal || (e.flags & GAZTAG_ENTRY_REMOVE);
    }
    if (st != GAZTAG_OK) {
        cli_error("%s: %s", x->gz.name[i], gaztag_strerror(st));
        return -1;
    }
    v->kind = accepted ? KIND_MATCH : removal ? KIND_REMOVAL : KIND_NONE;
    return 0;
}

/* The overlay rule: the highest layer with a match decides the extent, or
 * with a removal when there are layers under it to remove from (a single
 * gazetteer's removal entries merely refuse). */
static void decide(const layer_verdict *v, size_t n, cand *c)
{
    c->winner = SIZE_MAX;
    c->winner_kind = KIND_NONE;
    c->lower_match = false;
    for (size_t i = n; i-- > 0;) {
        if (c->winner == SIZE_MAX &&
            (v[i].kind == KIND_MATCH || (v[i].kind == KIND_REMOVAL && n > 1))) {
            c->winner = i;
            c->winner_kind = v[i].kind;
        } else if (c->winner != SIZE_MAX && v[i].kind == KIND_MATCH) {
            c->lower_match = true;
        }
    }
}

/* ----------------------------------------------------------- candidates */

static void print_verdict(const explain *x, size_t i, const cand *c,
                          const gaztag_entry *e, uint32_t index, int ok,
                          const char *s, size_t len)
{
    printf("    %s: ", x->gz.name[i]);
    insp_entry(stdout, e);
    if (!ok) {
        printf(" => refused: %s\n", refusal(x->gz.gz.g[i], index, s, len));
        return;
    }
    fputs(" => accepted", stdout);
    if (i < c->winner)
        printf(", %s by %s", c->winner_kind == KIND_MATCH ? "replaced" : "removed",
               x->gz.name[c->winner]);
    fputc('\n', stdout);
}

static int print_layer(const explain *x, size_t i, const layer_verdict *v,
                       const cand *c, const char *s, size_t len)
{
    const gaztag_gazetteer *g = x->gz.gz.g[i];
    for (uint32_t k = 0; k < v->count; k++) {
        gaztag_entry e;
        int ok = -1;
        if (gaztag_entry_at(g, v->first + k, &e) == GAZTAG_OK)
            ok = gaztag_entry_accepts(g, v->first + k, s, len);
        if (ok < 0) {
            cli_error("%s: %s", x->gz.name[i], gaztag_strerror(GAZTAG_CORRUPT));
            return -1;
        }
        print_verdict(x, i, c, &e, v->first + k, ok, s, len);
    }
    return 0;
}

static int print_candidate(const explain *x, size_t t0, size_t t1,
                           const layer_verdict *v, const cand *c)
{
    const char *s = x->text + c->start;
    size_t len = c->end - c->start, klen;
    char *key = insp_key(x->norm_flags, s, len, &klen);
    if (!key) {
        cli_error("out of memory");
        return -1;
    }
    printf("  %zu-%zu ", c->start, c->end);
    insp_quote(stdout, s, len);
    if (t0 == t1)
        printf(" token %zu key ", t0);
    else
        printf(" tokens %zu-%zu key ", t0, t1);
    insp_quote(stdout, key, klen);
    fputc('\n', stdout);
    free(key);
    for (size_t i = 0; i < x->gz.gz.n; i++)
        if (print_layer(x, i, &v[i], c, s, len) < 0)
            return -1;
    return 0;
}

static int add_cand(explain *x, const cand *c)
{
    if (x->n_cands == x->cands_cap) {
        size_t cap = x->cands_cap ? 2 * x->cands_cap : 64;
        cand *p = realloc(x->cands, cap * sizeof *p);
        if (!p) {
            cli_error("out of memory");
            return -1;
        }
        x->cands = p;
        x->cands_cap = cap;
    }
    x->cands[x->n_cands++] = *c;
    return 0;
}

/* The run of tokens t0..t1: judged in every layer, printed and kept when
 * some layer has entries for it. */
static int try_run(explain *x, size_t t0, size_t t1)
{
    layer_verdict v[GAZTAG_MAX_LAYERS];
    cand c = {x->toks[t0].start, x->toks[t1].end, SIZE_MAX, KIND_NONE, false};
    bool any = false;
    for (size_t i = 0; i < x->gz.gz.n; i++) {
        v[i] = (layer_verdict){0, 0, KIND_NONE};
        if (t1 - t0 < x->max_tokens[i] &&
            judge(x, i, x->text + c.start, c.end - c.start, &v[i]) < 0)
            return -1;
        any = any || v[i].count > 0;
    }
    if (!any)
        return 0;
    decide(v, x->gz.gz.n, &c);
    if (print_candidate(x, t0, t1, v, &c) < 0)
        return -1;
    return add_cand(x, &c);
}

static int print_candidates(explain *x)
{
    uint32_t longest = 0;
    for (size_t i = 0; i < x->gz.gz.n; i++)
        longest = x->max_tokens[i] > longest ? x->max_tokens[i] : longest;
    puts("candidates:");
    for (size_t t0 = 0; t0 < x->n_toks; t0++)
        for (size_t t1 = t0; t1 < x->n_toks && t1 - t0 < longest; t1++)
            if (try_run(x, t0, t1) < 0)
                return -1;
    if (x->n_cands == 0)
        puts("  none");
    return 0;
}

/* ---------------------------------------------------- tokens and spans */

static int print_tokens(explain *x)
{
    printf("text: %zu bytes, %zu token%s\n", x->len, x->n_toks,
           x->n_toks == 1 ? "" : "s");
    puts(x->n_toks ? "tokens:" : "tokens:\n  none");
    for (size_t i = 0; i < x->n_toks; i++) {
        const gaztag_token *t = &x->toks[i];
        size_t klen;
        char *key = insp_key(x->norm_flags, x->text + t->start, t->end - t->start, &klen);
        if (!key) {
            cli_error("out of memory");
            return -1;
        }
        printf("  %zu %zu-%zu %s ", i, t->start, t->end, t->is_word ? "word" : "punct");
        insp_quote(stdout, x->text + t->start, t->end - t->start);
        fputs(" key ", stdout);
        insp_quote(stdout, key, klen);
        fputc('\n', stdout);
        free(key);
    }
    return 0;
}

static int print_span(const explain *x, const gaztag_span *s)
{
    printf("  %zu-%zu ", s->start, s->end);
    insp_quote(stdout, s->text, s->end - s->start);
    printf(" %s: ", insp_name(&x->gz, s->gazetteer));
    insp_entry(stdout, &s->entry);
    fputc('\n', stdout);
    for (uint32_t k = 1; k < s->n_entries; k++) {
        gaztag_entry e;
        if (gaztag_span_entry(x->gz.gz.g[0], s, k, &e) != GAZTAG_OK)
            return -1;
        fputs("    also: ", stdout);
        insp_entry(stdout, &e);
        fputc('\n', stdout);
    }
    return 0;
}

/* The first span that ends after `start` (spans do not overlap, so they
 * are sorted by end as well as by start): the only one that can be the
 * candidate's or be the first to overlap it. */
static const gaztag_span *span_after(const gaztag_span *s, size_t n, size_t start)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s[mid].end <= start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n ? &s[lo] : NULL;
}

/* Why candidate c, which has no span of its own, is not tagged; o is the
 * first span ending after its start. */
static void print_reason(const explain *x, const cand *c, const gaztag_span *o)
{
    if (c->winner == SIZE_MAX || (c->winner_kind == KIND_REMOVAL && !c->lower_match))
        fputs("all entries refused", stdout);
    else if (c->winner_kind == KIND_REMOVAL)
        printf("removed by %s", x->gz.name[c->winner]);
    else if (!o || o->start >= c->end)
        fputs("not chosen by the tagger", stdout); /* the rule above is wrong */
    else if (o->start <= c->start && c->end <= o->end)
        printf("inside a longer match at %zu-%zu", o->start, o->end);
    else
        printf("overlaps the match at %zu-%zu", o->start, o->end);
}

static void print_not_taken(const explain *x, const gaztag_span *s, size_t n)
{
    size_t shown = 0;
    puts("not taken:");
    for (size_t i = 0; i < x->n_cands; i++) {
        const cand *c = &x->cands[i];
        const gaztag_span *o = span_after(s, n, c->start);
        if (o && o->start == c->start && o->end == c->end)
            continue;
        printf("  %zu-%zu ", c->start, c->end);
        insp_quote(stdout, x->text + c->start, c->end - c->start);
        fputs(": ", stdout);
        print_reason(x, c, o);
        fputc('\n', stdout);
        shown++;
    }
    if (shown == 0)
        puts("  none");
}

static int print_spans(explain *x)
{
    gaztag_tagger *t;
    const gaztag_span *s;
    size_t n;
    gaztag_status st = gaztag_tagger_new_layered(
        (const gaztag_gazetteer *const *)x->gz.gz.g, x->gz.gz.n, &t);
    if (st == GAZTAG_OK)
        st = gaztag_tag_text(t, x->text, x->len, 0, &s, &n);
    if (st != GAZTAG_OK) {
        cli_error("tagging failed: %s", gaztag_strerror(st));
        gaztag_tagger_free(t);
        return -1;
    }
    puts("spans:");
    for (size_t i = 0; i < n && st == GAZTAG_OK; i++)
        st = print_span(x, &s[i]) < 0 ? GAZTAG_CORRUPT : GAZTAG_OK;
    if (n == 0)
        puts("  none");
    if (st == GAZTAG_OK)
        print_not_taken(x, s, n);
    else
        cli_error("%s", gaztag_strerror(st));
    gaztag_tagger_free(t);
    return st == GAZTAG_OK ? 0 : -1;
}

/* --------------------------------------------------------------- command */

/* Standard input, whole, into a malloc'd buffer. */
static char *read_stdin(size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, stdin);
        if (n < cap)
            break;
        char *p = cap > SIZE_MAX / 4 ? NULL : realloc(buf, cap * 2);
        if (!p) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = p;
        cap *= 2;
    }
    if (!buf || ferror(stdin)) {
        cli_error("standard input: %s", buf ? strerror(errno) : "out of memory");
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int tokenize(explain *x)
{
    x->n_toks = gaztag_tokens(x->text, x->len, NULL, 0);
    x->toks = malloc((x->n_toks ? x->n_toks : 1) * sizeof *x->toks);
    if (!x->toks) {
        cli_error("out of memory");
        return -1;
    }
    gaztag_tokens(x->text, x->len, x->toks, x->n_toks);
    return 0;
}

static void print_gazetteers(const explain *x)
{
    size_t n = x->gz.gz.n;
    fputs(n > 1 ? "gazetteers: " : "gazetteer: ", stdout);
    for (size_t i = 0; i < n; i++)
        printf("%s%s", i ? ", " : "", x->gz.name[i]);
    puts(n > 1 ? " (later ones take priority)" : "");
}

static int run_explain(explain *x)
{
    gaztag_info info;
    for (size_t i = 0; i < x->gz.gz.n; i++) {
        gaztag_get_info(x->gz.gz.g[i], &info);
        x->max_tokens[i] = info.max_phrase_tokens;
        if (i == 0)
            x->norm_flags = info.norm_flags;
    }
    print_gazetteers(x);
    if (tokenize(x) < 0 || print_tokens(x) < 0 || print_candidates(x) < 0 ||
        print_spans(x) < 0)
        return -1;
    return 0;
}

int cmd_explain(int argc, char **argv)
{
    const char *paths[GAZTAG_MAX_LAYERS];
    size_t n;
    int first, rc = 1;
    explain x;
    memset(&x, 0, sizeof x);
    if (insp_parse_gaz(argc, argv, paths, &n, &first) < 0 || first != argc - 1) {
        cli_error(EXPLAIN_USAGE);
        return 2;
    }
    char *input = NULL;
    if (strcmp(argv[first], "-") == 0) {
        if (!(input = read_stdin(&x.len)))
            return 1;
        x.text = input;
    } else {
        x.text = argv[first];
        x.len = strlen(x.text);
    }
    if (insp_open(paths, n, &x.gz) == 0) {
        rc = run_explain(&x) < 0 ? 1 : 0;
        insp_close(&x.gz);
    }
    free(x.toks);
    free(x.cands);
    free(input);
    if (insp_flush_stdout() < 0)
        rc = 1;
    return rc;
}
