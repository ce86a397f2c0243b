/*
 * fuzz_tag.c -- the tagger against the brute-force reference, on any
 * gazetteer and any text.
 *
 * Input: byte 0 chooses the folding (bit 0 GAZTAG_CASE_SENSITIVE, bit 1
 * GAZTAG_KEEP_ACCENTS) and the piece size of the streamed runs (bits 2 to
 * 7: 1 to 64 bytes); then a TSV source, a NUL byte and the text (without a
 * NUL, the source is the text as well).  A source the builder refuses ends
 * the run.  Otherwise the image is opened and the text tagged in longest
 * and in all mode, whole, streamed in pieces (each piece in a buffer of its
 * own exact size) and through a layered tagger over the gazetteer twice.
 * Every span must lie in the text, begin and end on token boundaries,
 * point at its own bytes and carry the code points and UTF-16 units
 * counted again here; the whole-text lists must equal the reference's
 * (tests/reference.c) span for span, entries included, and the streamed
 * and layered lists the whole-text ones.  The library's tokens
 * (gaztag_tokens) must be the reference's, and the image's counts
 * (gaztag_get_info, gaztag_foreach_key) those of the reference's model.
 */
#include "fuzz.h"

#include "gaztag.h"
#include "reference.h"

#include <stdbool.h>
#include <string.h>

#define MAX_SOURCE 2048
#define MAX_TEXT 1024

/* ------------------------------------------------ the source, as a model */

/* The flags of a valid comma-separated list (the builder accepted it). */
static unsigned model_flags(const char *s, size_t len)
{
    static const struct { const char *word; unsigned flag; } words[] = {
        {"cap", GAZTAG_ENTRY_CAP}, {"case", GAZTAG_ENTRY_CASE},
        {"accents", GAZTAG_ENTRY_ACCENTS}, {"-", GAZTAG_ENTRY_REMOVE},
        {"yield", GAZTAG_ENTRY_YIELD}};
    unsigned flags = 0;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && s[j] != ',')
            j++;
        for (size_t k = 0; k < sizeof words / sizeof *words; k++)
            if (strlen(words[k].word) == j - i &&
                memcmp(words[k].word, s + i, j - i) == 0)
                flags |= words[k].flag;
        i = j + 1;
    }
    return flags;
}

/* A `#!` line's settings: the last flags= wins. */
static unsigned model_defaults(const char *line, size_t len, unsigned flags)
{
    for (size_t i = 2; i < len;) {
        while (i < len && line[i] == ' ')
            i++;
        size_t j = i;
        while (j < len && line[j] != ' ')
            j++;
        if (j - i >= 6 && memcmp(line + i, "flags=", 6) == 0)
            flags = model_flags(line + i + 6, j - i - 6);
        i = j;
    }
    return flags;
}

static bool blank_or_comment(const char *line, size_t n)
{
    size_t i = 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    return i == n || line[0] == '#';
}

/* One row: up to five tab-separated columns. */
static void model_row(ref_gaz *rg, const char *line, size_t n,
                      unsigned defaults)
{
    ref_str col[5] = {{NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}};
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= n && k < 5; i++)
        if (i == n || line[i] == '\t') {
            if (i > start)
                col[k] = (ref_str){line + start, i - start};
            k++;
            start = i + 1;
        }
    unsigned flags = col[4].s ? model_flags(col[4].s, col[4].len) : defaults;
    int rc = ref_gaz_add(rg, col[0], col[1], col[2], col[3], flags);
    FUZZ_CHECK(rc == 0, "the reference refuses a row the builder took: "
               "%.*s", (int)n, line);
}

/* The reference's reading of a source the builder accepted
 * (docs/sources.md). */
static void model_source(ref_gaz *rg, const char *s, size_t len)
{
    size_t pos = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    unsigned defaults = 0;
    while (pos < len) {
        const char *line = s + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl != NULL);
        if (n && line[n - 1] == '\r')
            n--;
        if (n >= 2 && line[0] == '#' && line[1] == '!')
            defaults = model_defaults(line, n, defaults);
        else if (!blank_or_comment(line, n))
            model_row(rg, line, n, defaults);
    }
}

/* ------------------------------------------------------- spans, copied */

typedef struct got_span {
    size_t start, end, cstart, cend, ustart, uend;
    uint32_t first_entry;
    size_t n_entries, at; /* entries at got.e[at ..] */
} got_span;

typedef struct got {
    got_span *v;
    size_t n, cap;
    gaztag_entry *e;
    size_t ne, ecap;
} got;

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    p = realloc(p, c * size);
    FUZZ_CHECK(p != NULL, "out of memory");
    *cap = c;
    return p;
}

/* Append spans found in `buf`, which holds the text from offset `base`;
 * their entries are read now (the tagger's own array dies at its next
 * call). */
static void collect(got *out, const gaztag_gazetteer *g, const gaztag_span *s,
                    size_t n, const char *buf, size_t base)
{
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(s[i].start >= base && s[i].text == buf + (s[i].start - base),
                   "span %zu [%zu,%zu) text pointer", i, s[i].start, s[i].end);
        out->v = grow(out->v, &out->cap, out->n + 1, sizeof *out->v);
        out->v[out->n++] = (got_span){s[i].start, s[i].end, s[i].cstart,
                                      s[i].cend, s[i].ustart, s[i].uend,
                                      s[i].first_entry, s[i].n_entries, out->ne};
        FUZZ_CHECK(s[i].n_entries > 0, "span %zu has no entry", i);
        for (uint32_t k = 0; k < s[i].n_entries; k++) {
            gaztag_entry e;
            FUZZ_CHECK(gaztag_span_entry(g, &s[i], k, &e) == GAZTAG_OK,
                       "span %zu entry %u", i, k);
            FUZZ_CHECK(k > 0 || (e.label == s[i].entry.label &&
                                 e.id == s[i].entry.id &&
                                 e.canonical == s[i].entry.canonical &&
                                 e.flags == s[i].entry.flags),
                       "span %zu: entry is not its first entry", i);
            out->e = grow(out->e, &out->ecap, out->ne + 1, sizeof *out->e);
            out->e[out->ne++] = e;
        }
        gaztag_entry past;
        FUZZ_CHECK(gaztag_span_entry(g, &s[i], s[i].n_entries, &past) ==
                   GAZTAG_INVALID, "span %zu: an entry past the last", i);
    }
}

static void got_free(got *g)
{
    free(g->v);
    free(g->e);
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_offsets(const got_span *a, size_t start, size_t end,
                         size_t cstart, size_t cend, size_t ustart, size_t uend)
{
    return a->start == start && a->end == end && a->cstart == cstart &&
           a->cend == cend && a->ustart == ustart && a->uend == uend;
}

/* ---------------------------------------------------------------- a run */

typedef struct run {
    const char *source, *text;
    size_t source_len, len;
    unsigned norm_flags;
    const char *mode;
    gaztag_gazetteer *g;
    ref_gaz model;
    ref_tokens toks;
    size_t *cps, *units; /* per byte offset; SIZE_MAX inside a sequence */
    bool *starts, *ends; /* token boundaries */
} run;

static void report(const run *r)
{
    fprintf(stderr, "folding %u, %s mode\n", r->norm_flags, r->mode);
    fuzz_dump("source", r->source, r->source_len);
    fuzz_dump("text", r->text, r->len);
}

static void print_list(const char *what, const got *l)
{
    for (size_t i = 0; i < l->n; i++) {
        const got_span *s = &l->v[i];
        fprintf(stderr, "%s [%zu,%zu) cp [%zu,%zu) u16 [%zu,%zu)", what,
                s->start, s->end, s->cstart, s->cend, s->ustart, s->uend);
        for (size_t k = 0; k < s->n_entries; k++) {
            const gaztag_entry *e = &l->e[s->at + k];
            fprintf(stderr, " %s|%s|%s|%u", e->label, e->id ? e->id : "-",
                    e->canonical ? e->canonical : "-", e->flags);
        }
        fputc('\n', stderr);
    }
}

/* Code points and UTF-16 units before each byte offset, counted with the
 * reference's decoder; the reference's token boundaries. */
static void count_offsets(run *r)
{
    size_t n = r->len + 1, cp = 0, u = 0;
    r->cps = malloc(n * sizeof *r->cps);
    r->units = malloc(n * sizeof *r->units);
    r->starts = calloc(n, 1);
    r->ends = calloc(n, 1);
    FUZZ_CHECK(r->cps && r->units && r->starts && r->ends, "out of memory");
    for (size_t i = 0; i < n; i++)
        r->cps[i] = r->units[i] = SIZE_MAX;
    for (size_t i = 0; i < r->len;) {
        int32_t c;
        r->cps[i] = cp;
        r->units[i] = u;
        i += ref_decode((const uint8_t *)r->text + i, r->len - i, &c);
        cp++;
        u += c >= 0x10000 ? 2 : 1;
    }
    r->cps[r->len] = cp;
    r->units[r->len] = u;
    for (size_t i = 0; i < r->toks.n; i++) {
        r->starts[r->toks.v[i].start] = true;
        r->ends[r->toks.v[i].end] = true;
    }
}

/* The library's tokens are the reference's. */
static void check_tokens(const run *r)
{
    size_t n = gaztag_tokens(r->text, r->len, NULL, 0);
    gaztag_token *t = malloc((n ? n : 1) * sizeof *t);
    FUZZ_CHECK(t != NULL, "out of memory");
    FUZZ_CHECK(gaztag_tokens(r->text, r->len, t, n) == n, "token count");
    bool same = n == r->toks.n;
    for (size_t i = 0; same && i < n; i++)
        same = t[i].start == r->toks.v[i].start && t[i].end == r->toks.v[i].end;
    if (!same) {
        report(r);
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, "gaztag_tokens [%zu,%zu)\n", t[i].start, t[i].end);
        for (size_t i = 0; i < r->toks.n; i++)
            fprintf(stderr, "reference [%zu,%zu)\n", r->toks.v[i].start,
                    r->toks.v[i].end);
    }
    FUZZ_CHECK(same, "gaztag_tokens differs from the reference tokenizer");
    free(t);
}

/* Every span in bounds, on token boundaries, with recounted offsets, in
 * order (by start then end in all mode; apart in longest mode). */
static void check_spans(const run *r, const got *l, bool all)
{
    for (size_t i = 0; i < l->n; i++) {
        const got_span *s = &l->v[i];
        FUZZ_CHECK(s->start < s->end && s->end <= r->len,
                   "span %zu [%zu,%zu) out of bounds", i, s->start, s->end);
        FUZZ_CHECK(r->starts[s->start] && r->ends[s->end],
                   "span %zu [%zu,%zu) is not on token boundaries", i,
                   s->start, s->end);
        FUZZ_CHECK(s->cstart == r->cps[s->start] && s->cend == r->cps[s->end] &&
                   s->ustart == r->units[s->start] && s->uend == r->units[s->end],
                   "span %zu [%zu,%zu): cp [%zu,%zu) u16 [%zu,%zu), counted "
                   "cp [%zu,%zu) u16 [%zu,%zu)", i, s->start, s->end,
                   s->cstart, s->cend, s->ustart, s->uend, r->cps[s->start],
                   r->cps[s->end], r->units[s->start], r->units[s->end]);
        if (i == 0)
            continue;
        const got_span *p = &l->v[i - 1];
        FUZZ_CHECK(all ? p->start < s->start ||
                             (p->start == s->start && p->end < s->end)
                       : p->end <= s->start,
                   "spans %zu and %zu out of order", i - 1, i);
    }
}

static void check_reference(const run *r, const got *l, const ref_spans *want)
{
    size_t bad = l->n == want->n ? SIZE_MAX : 0;
    for (size_t i = 0; bad == SIZE_MAX && i < l->n; i++) {
        const got_span *s = &l->v[i];
        const ref_span *w = &want->v[i];
        bool same = same_offsets(s, w->start, w->end, w->cstart, w->cend,
                                 w->ustart, w->uend) &&
                    s->n_entries == w->n_entries;
        for (size_t k = 0; same && k < s->n_entries; k++) {
            const gaztag_entry *e = &l->e[s->at + k];
            const ref_entry *x = &r->model.e[want->entries[w->first + k]];
            same = strcmp(e->label, x->label) == 0 && same_str(e->id, x->id) &&
                   same_str(e->canonical, x->canonical) && e->flags == x->flags;
        }
        if (!same)
            bad = i;
    }
    if (bad == SIZE_MAX)
        return;
    report(r);
    for (size_t i = 0; i < want->n; i++) {
        const ref_span *w = &want->v[i];
        fprintf(stderr, "want [%zu,%zu) cp [%zu,%zu) u16 [%zu,%zu)", w->start,
                w->end, w->cstart, w->cend, w->ustart, w->uend);
        for (size_t k = 0; k < w->n_entries; k++) {
            const ref_entry *x = &r->model.e[want->entries[w->first + k]];
            fprintf(stderr, " %s|%s|%s|%u", x->label, x->id ? x->id : "-",
                    x->canonical ? x->canonical : "-", x->flags);
        }
        fputc('\n', stderr);
    }
    print_list("got ", l);
    FUZZ_CHECK(false, "%zu spans, reference %zu: first difference at span %zu",
               l->n, want->n, bad);
}

/* Two lists of the library's are the same, entries included. */
static void check_same(const run *r, const got *a, const got *b,
                       const char *what)
{
    bool same = a->n == b->n;
    for (size_t i = 0; same && i < a->n; i++) {
        const got_span *x = &a->v[i], *y = &b->v[i];
        same = same_offsets(x, y->start, y->end, y->cstart, y->cend, y->ustart,
                            y->uend) &&
               x->first_entry == y->first_entry && x->n_entries == y->n_entries;
        for (size_t k = 0; same && k < x->n_entries; k++) {
            const gaztag_entry *e = &a->e[x->at + k], *f = &b->e[y->at + k];
            same = e->label == f->label && e->id == f->id &&
                   e->canonical == f->canonical && e->flags == f->flags;
        }
    }
    if (same)
        return;
    report(r);
    print_list("whole", a);
    print_list(what, b);
    FUZZ_CHECK(false, "%s spans differ from the whole text's", what);
}

/* Tag the text as a stream whose available end grows by `piece` bytes a
 * call, each call's bytes in a buffer of their own. */
static void stream(const run *r, gaztag_tagger *t, unsigned flags,
                   size_t piece, got *out)
{
    size_t pos = 0, avail = 0;
    out->n = out->ne = 0;
    for (;;) {
        avail = avail + piece < r->len ? avail + piece : r->len;
        unsigned f = flags | (avail < r->len ? GAZTAG_TAG_MORE : 0);
        char *buf = fuzz_copy(r->text + pos, avail - pos);
        const gaztag_span *spans;
        size_t n, used;
        gaztag_status st = gaztag_tag_stream(t, buf, avail - pos, f, &spans,
                                             &n, &used);
        FUZZ_CHECK(st == GAZTAG_OK, "gaztag_tag_stream: %s",
                   gaztag_strerror(st));
        FUZZ_CHECK(used <= avail - pos && (f & GAZTAG_TAG_MORE ||
                                           used == avail - pos),
                   "consumed %zu of %zu", used, avail - pos);
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(spans[i].start < pos + used && spans[i].end <= avail,
                       "streamed span [%zu,%zu) beyond the %zu bytes used",
                       spans[i].start, spans[i].end, pos + used);
        collect(out, r->g, spans, n, buf, pos);
        free(buf);
        pos += used;
        if (avail == r->len)
            return;
    }
}

static void tag_whole(const run *r, gaztag_tagger *t, unsigned flags,
                      got *out)
{
    const gaztag_span *spans;
    size_t n;
    char *buf = fuzz_copy(r->text, r->len);
    gaztag_status st = gaztag_tag_text(t, buf, r->len, flags, &spans, &n);
    FUZZ_CHECK(st == GAZTAG_OK, "gaztag_tag_text: %s", gaztag_strerror(st));
    out->n = out->ne = 0;
    collect(out, r->g, spans, n, buf, 0);
    free(buf);
}

static void check_mode(run *r, gaztag_tagger *t, gaztag_tagger *layered,
                       bool all, size_t piece)
{
    unsigned flags = all ? GAZTAG_TAG_ALL : 0;
    got whole = {0}, other = {0};
    ref_spans want = {NULL, 0, 0, NULL, 0, 0};
    r->mode = all ? "all" : "longest";
    tag_whole(r, t, flags, &whole);
    check_spans(r, &whole, all);
    FUZZ_CHECK(ref_match(&r->model, r->text, &r->toks, all, &want) == 0,
               "out of memory");
    check_reference(r, &whole, &want);
    stream(r, t, flags, piece, &other);
    check_same(r, &whole, &other, "streamed");
    tag_whole(r, layered, flags, &other);
    check_same(r, &whole, &other, "layered");
    stream(r, layered, flags, piece, &other);
    check_same(r, &whole, &other, "layered streamed");
    ref_spans_free(&want);
    got_free(&whole);
    got_free(&other);
}

static int count_key(void *ctx, const char *key, size_t len, uint32_t first,
                     uint32_t count)
{
    size_t *sum = ctx;
    (void)key;
    (void)len;
    (void)first;
    sum[0]++;
    sum[1] += count;
    return 0;
}

/* The image's counts are the model's: live entries, keys, longest name. */
static void check_info(const run *r)
{
    gaztag_info info;
    size_t live = 0, keys = 0, sum[2] = {0, 0};
    gaztag_get_info(r->g, &info);
    for (size_t i = 0; i < r->model.n; i++) {
        const ref_entry *e = &r->model.e[i];
        bool first = !e->dead;
        for (size_t j = 0; first && j < i; j++)
            first = r->model.e[j].dead ||
                    strcmp(r->model.e[j].key, e->key) != 0;
        live += !e->dead;
        keys += first;
    }
    FUZZ_CHECK(gaztag_foreach_key(r->g, count_key, sum) == GAZTAG_OK,
               "gaztag_foreach_key");
    if (info.n_entries != live || sum[0] != keys || sum[1] != live ||
        info.max_phrase_tokens != r->model.max_tok)
        report(r);
    FUZZ_CHECK(info.n_entries == live && sum[1] == live,
               "%u entries, %zu by key, reference %zu", info.n_entries, sum[1],
               live);
    FUZZ_CHECK(sum[0] == keys, "%zu keys, reference %zu", sum[0], keys);
    FUZZ_CHECK(info.max_phrase_tokens == r->model.max_tok,
               "longest name %u tokens, reference %zu",
               info.max_phrase_tokens, r->model.max_tok);
}

/* Compile the source; false when the builder refuses it. */
static bool compile(run *r, void **image, size_t *len)
{
    gaztag_builder *b;
    FUZZ_CHECK(gaztag_builder_new(r->norm_flags, &b) == GAZTAG_OK, "builder");
    gaztag_status st = gaztag_builder_add_tsv(b, "fuzz.tsv", r->source,
                                              r->source_len);
    FUZZ_CHECK(st == GAZTAG_OK || st == GAZTAG_SOURCE, "add_tsv: %s",
               gaztag_strerror(st));
    if (st == GAZTAG_OK) {
        st = gaztag_builder_compile(b, image, len);
        if (st != GAZTAG_OK)
            fuzz_dump("source", r->source, r->source_len);
        FUZZ_CHECK(st == GAZTAG_OK, "compile: %s: %s", gaztag_strerror(st),
                   gaztag_builder_errmsg(b));
    }
    gaztag_builder_free(b);
    return st == GAZTAG_OK;
}

static void run_free(run *r)
{
    ref_gaz_free(&r->model);
    ref_tokens_free(&r->toks);
    free(r->cps);
    free(r->units);
    free(r->starts);
    free(r->ends);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    run r;
    memset(&r, 0, sizeof r);
    const char *rest = (const char *)data + 1;
    const char *nul = memchr(rest, '\0', size - 1);
    r.norm_flags = data[0] & 3u;
    r.source = rest;
    r.source_len = nul ? (size_t)(nul - rest) : size - 1;
    r.text = nul ? nul + 1 : rest;
    r.len = nul ? size - 1 - r.source_len - 1 : r.source_len;
    if (r.source_len > MAX_SOURCE || r.len > MAX_TEXT)
        return 0;
    size_t piece = 1 + (data[0] >> 2);
    void *image = NULL;
    size_t image_len;
    char *source = fuzz_copy(r.source, r.source_len);
    r.source = source;
    if (!compile(&r, &image, &image_len)) {
        free(source);
        return 0;
    }
    gaztag_gazetteer *g;
    FUZZ_CHECK(gaztag_open_memory(image, image_len, GAZTAG_OPEN_VERIFY, &g) ==
               GAZTAG_OK, "open: %s", gaztag_errmsg(g));
    r.g = g;
    ref_gaz_init(&r.model, r.norm_flags);
    model_source(&r.model, r.source, r.source_len);
    check_info(&r);
    FUZZ_CHECK(ref_tokenize(r.norm_flags, r.text, r.len, &r.toks) == 0,
               "out of memory");
    count_offsets(&r);
    check_tokens(&r);
    gaztag_tagger *t, *layered;
    const gaztag_gazetteer *twice[2] = {g, g};
    FUZZ_CHECK(gaztag_tagger_new(g, &t) == GAZTAG_OK, "tagger");
    FUZZ_CHECK(gaztag_tagger_new_layered(twice, 2, &layered) == GAZTAG_OK,
               "layered tagger");
    check_mode(&r, t, layered, false, piece);
    check_mode(&r, t, layered, true, piece);
    gaztag_tagger_free(t);
    gaztag_tagger_free(layered);
    run_free(&r);
    gaztag_close(g);
    gaztag_buffer_free(image);
    free(source);
    return 0;
}
