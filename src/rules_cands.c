/*
 * rules_cands.c -- the capitals the rules' pass looks at when the tagger's
 * scan found the rules' words (rules_hits: match.h's hits, the words of
 * rules.h's `trig` table and the marks "(", "à" and a cue's capital
 * letter): a given name or head word itself; the tokens that end a cue
 * after its word, and the one after the first comma on the line (a title
 * and its complement); the word before a suffix's; the first word of the
 * line of a month or of an agency's "(" (datelines); after "(" (acronyms),
 * "à" and "M." or "S.A."; after a place (lists); and the later mentions of
 * the document's names (rules_names.c).  These are a superset of the
 * capitals where the pass's filter (rules_scan.c) lets a rule through, so
 * the spans are those of a pass over every capital (the tests and
 * fuzz_rules compare the two).
 */
#include "rules.h"
#include "rules_ctx.h"

#include "alloc.h"
#include "match.h"
#include "tokenize.h"

#include <stddef.h>
#include <string.h>

#if (defined(__SSE2__) || defined(_M_X64)) && !defined(GAZTAG_NO_SIMD)
#include <emmintrin.h>
#define RULES_SSE2 1
#endif

/* A capital to look at found as the pass goes: after a place (a list),
 * or a mention of a document's name (needle, else UINT32_MAX). */
typedef struct rules_heap_item {
    size_t pos;
    uint32_t needle;
} rules_heap_item;

/* Add pos to the run being collected (it->nomem when memory ran out). */
static void cand_add(actx *c, size_t pos)
{
    rules_state *st = c->st;
    cand_iter *it = c->it;
    if (gz_grow((void **)&st->cand, &st->cand_cap, it->n + 1,
                sizeof *st->cand) < 0) {
        it->nomem = true;
        return;
    }
    st->cand[it->n++] = pos;
}

/* (rules_ctx.h) */
void rctx_heap_push(actx *c, size_t pos, uint32_t needle)
{
    rules_state *st = c->st;
    cand_iter *it = c->it;
    if (gz_grow((void **)&st->heap, &st->heap_cap, it->nh + 1,
                sizeof *st->heap) < 0) {
        it->nomem = true;
        return;
    }
    size_t k = it->nh++;
    while (k > 0 && st->heap[(k - 1) / 2].pos > pos) {
        st->heap[k] = st->heap[(k - 1) / 2];
        k = (k - 1) / 2;
    }
    st->heap[k] = (rules_heap_item){pos, needle};
}

static rules_heap_item heap_pop(actx *c)
{
    rules_state *st = c->st;
    cand_iter *it = c->it;
    rules_heap_item top = st->heap[0], last = st->heap[--it->nh];
    size_t k = 0;
    for (;;) {
        size_t j = 2 * k + 1;
        if (j >= it->nh)
            break;
        if (j + 1 < it->nh && st->heap[j + 1].pos < st->heap[j].pos)
            j++;
        if (st->heap[j].pos >= last.pos)
            break;
        st->heap[k] = st->heap[j];
        k = j;
    }
    if (it->nh)
        st->heap[k] = last;
    return top;
}

/* (rules_ctx.h) */
void rctx_heap_drop_needles(actx *c)
{
    cand_iter *it = c->it;
    rules_state *st = c->st;
    size_t n = 0;
    for (size_t k = 0; k < it->nh; k++)
        if (st->heap[k].needle == UINT32_MAX)
            st->heap[n++] = st->heap[k];
    it->nh = 0;
    for (size_t k = 0; k < n; k++) /* (pushes to slots <= k: in place) */
        rctx_heap_push(c, st->heap[k].pos, UINT32_MAX);
}

/* Every capital that begins a word in [from, to), to a line break (a few
 * bytes after a place), to the heap. */
static void caps_in(actx *c, size_t from, size_t to)
{
    const uint8_t *s = (const uint8_t *)c->text;
    if (to > c->len)
        to = c->len;
    for (size_t i = from; i < to && s[i] != '\n'; i++)
        if (rctx_capital_word_at(c, i))
            rctx_heap_push(c, i, UINT32_MAX);
}

/* Over the separators from i (not a line break): where they end. */
static size_t seps_forward(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    while (i < c->len) {
        if (s[i] < 0x80) {
            if (tok_byte_class[s[i]] != TOK_B_SEP || s[i] == '\n')
                return i;
            i++;
            continue;
        }
        int32_t cp;
        size_t n = tok_decode(s + i, c->len - i, &cp);
        if (kind_of(cp) != TOK_B_SEP)
            return i;
        i += n;
    }
    return i;
}

/* May the capital at j, first on its line, begin a dateline? */
static bool line_worth(actx *c, size_t j)
{
    bool ascii;
    return rctx_line_start(c, j) &&
           rctx_dateline_ahead(c, word_end(c, j, &ascii));
}

/* The token after byte i, over separators, on the same line: [*ts, *te)
 * (te NULL: its start only); false at a line break or the text's end. */
static bool tok_after(const actx *c, size_t i, size_t *ts, size_t *te)
{
    const uint8_t *s = (const uint8_t *)c->text;
    bool ascii;
    /* (the usual case: one space, then an ASCII word) */
    if (i + 1 < c->len && s[i] == ' ' &&
        tok_byte_class[s[i + 1]] == TOK_B_WORD) {
        *ts = i + 1;
        if (te)
            *te = word_end(c, i + 1, &ascii);
        return true;
    }
    i = seps_forward(c, i);
    if (i >= c->len || s[i] == '\n')
        return false;
    *ts = i;
    if (!te)
        return true;
    if (s[i] < 0x80) {
        *te = tok_byte_class[s[i]] == TOK_B_WORD ? word_end(c, i, &ascii)
                                                 : i + 1;
        return true;
    }
    int32_t cp;
    size_t n = tok_decode(s + i, c->len - i, &cp);
    *te = kind_of(cp) == TOK_B_WORD ? word_end(c, i, &ascii) : i + n;
    return true;
}

/* Where the lines and commas are, read as the hits go, so that each byte
 * is read once: the start of the line of `at`, and the next comma or line
 * break (next_sep()). */
/* The next comma or line break, read forward as positions come in order:
 * the first at or after `from` is at `at` (len: none). */
typedef struct next_of {
    size_t from, at;
} next_of;

typedef struct line_cursor {
    size_t at, line;
    next_of sep_next;
    size_t comma_done; /* the comma whose next token was looked at */
} line_cursor;

#define LINE_CURSOR_START {0, 0, {SIZE_MAX, 0}, SIZE_MAX}

/* The first comma or line break at or after i, or len: the comma that may
 * end a title before the line does, when there is one.  (One scan for
 * both bytes, inline: a cue's hit is most often a few bytes before one of
 * them.  Two memchr() calls, one a byte, cost 15.8 M modelled cycles on
 * the shared one file; this scan 4.2 M.) */
static size_t next_sep(const actx *c, next_of *n, size_t i)
{
    if (n->from != SIZE_MAX && i >= n->from && n->at >= i) {
        n->from = i;
        return n->at;
    }
    const uint8_t *s = (const uint8_t *)c->text;
    size_t j = i;
#ifdef RULES_SSE2
    const __m128i comma = _mm_set1_epi8(','), nl = _mm_set1_epi8('\n');
    for (; c->len - j >= 16; j += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
            _mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, nl)));
        if (m) {
            n->from = i;
            n->at = j + (size_t)__builtin_ctz(m);
            return n->at;
        }
    }
#endif
    while (j < c->len && s[j] != ',' && s[j] != '\n')
        j++;
    n->from = i;
    n->at = j;
    return j;
}

/* A comma among the three tokens before the month at i (", mars", ", 26
 * déc.", ", le 3 mars")? */
static bool comma_before(const actx *c, size_t i)
{
    size_t ps, pe;
    bool word, ascii;
    for (int k = 0; k < 3; k++, i = ps) {
        if (!rctx_filter_back(c, i, &ps, &pe, &word, &ascii))
            return false;
        if (!word && c->text[ps] == ',')
            return true;
    }
    return false;
}

static void line_to(const actx *c, line_cursor *lc, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    if (i < lc->at) /* (hits a little out of order) */
        lc->at = lc->line = 0;
    size_t j = i; /* back to the last line break after lc->at */
#ifdef RULES_SSE2
    while (j - lc->at >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j - 16));
        unsigned nl = (unsigned)_mm_movemask_epi8(
            _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
        if (nl) {
            j = j - 16 + (32 - (size_t)__builtin_clz(nl));
            break;
        }
        j -= 16;
    }
#endif
    while (j > lc->at && s[j - 1] != '\n')
        j--;
    if (j > lc->at || (j > 0 && s[j - 1] == '\n'))
        lc->line = j;
    lc->at = i;
}

/* A dateline's first word, before its date or its agency's "(" at i:
 * the first word of i's line, if a capital that may begin one. */
static void line_first(actx *c, line_cursor *lc, size_t i)
{
    line_to(c, lc, i);
    size_t j = seps_forward(c, lc->line);
    if (j < i && rctx_capital_word_at(c, j) && line_worth(c, j))
        cand_add(c, j);
}

/* May the capital at i, after "(", be an acronym defined ("(AGP)": two
 * to eight capitals or digits, then ")")?  Its other ways to fire are
 * found from the hits.  A word with other letters goes to the filter. */
static bool paren_worth(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t j = i;
    for (; j < c->len && s[j] < 0x80 && tok_byte_class[s[j]] == TOK_B_WORD;
         j++)
        if (s[j] >= 'a')
            return false;
    if (j < c->len && s[j] >= 0x80)
        return true;
    return j < c->len && s[j] == ')' && j - i >= 2 && j - i <= 8;
}


/* After the "(" that ends at i, may an agency's name be, then ")" and a
 * dash ("KOUNDOUYA (AGP) -"): a word in capitals (or with other letters)
 * as the next token? */
static bool agency_after(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t bs, be, es, ee;
    if (i < c->len && (uint8_t)(s[i] - 'a') < 26)
        return false; /* (a word with a small letter: most often) */
    if (!tok_after(c, i, &bs, &be) || !tok_after(c, be, &es, &ee) ||
        s[es] != ')' || !rctx_dash_after(c, ee))
        return false;
    for (size_t k = bs; k < be; k++)
        if (s[k] >= 'a' && s[k] <= 'z')
            return false;
    return true;
}

/* The capital a mark, the token text[h->start, h->end), points at. */
static void mark_caps(actx *c, line_cursor *lc, const match_hit *h)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t i = h->start;
    if (h->kind == TRIG_PAREN) {
        if (rctx_capital_word_at(c, i + 1) && paren_worth(c, i + 1))
            cand_add(c, i + 1);
        if (agency_after(c, i + 1))
            line_first(c, lc, i); /* "KOUNDOUYA (AGP) -" */
    } else if (h->kind == TRIG_GRAVE) {
        size_t j = seps_forward(c, h->end); /* "à X": the next word */
        if (rctx_capital_word_at(c, j))
            cand_add(c, j);
    } else if (h->kind == TRIG_LETTER && rctx_word_start(c, i)) {
        /* a cue's letter: "M. X", "S.E. X", "M .X", "𝗠. X"; a suffix's:
         * "X S.A." */
        size_t ps, pe, j = seps_forward(c, h->end);
        bool word, ascii;
        if (j >= c->len || s[j] != '.')
            return;
        if (tok_after(c, j + 1, &ps, NULL) && rctx_capital_word_at(c, ps))
            cand_add(c, ps);
        if (rctx_filter_back(c, i, &ps, &pe, &word, &ascii) && word &&
            rctx_capital_word_at(c, ps))
            cand_add(c, ps);
    }
}


/* The capitals a hit points at. */
static void hit_caps(actx *c, line_cursor *lc, const match_hit *h)
{
    if (h->kind & TRIG_MARK) { /* "(", "à", "M." */
        mark_caps(c, lc, h);
        return;
    }
    if ((h->kind & TRIG_SELF) && rctx_capital_word_at(c, h->start))
        cand_add(c, h->start);
    if (h->kind & TRIG_BEFORE) {
        /* the capitals among the rest of a cue and the token after it
         * ("ministre X", "ville de X", "ministre de la Défense X") */
        size_t i = h->end, ts, te;
        unsigned dist = (h->kind & TRIG_DIST_MASK) >> TRIG_DIST_SHIFT;
        for (unsigned k = 0; k <= dist; k++, i = te) {
            /* (the last token's end is not needed) */
            if (!tok_after(c, i, &ts, k < dist ? &te : NULL))
                break;
            if (rctx_capital_word_at(c, ts))
                cand_add(c, ts);
            if (k == dist)
                break;
        }
        /* and after the comma that may end a title and its complement:
         * the first one on the line ("son porte-parole, X Y") */
        size_t comma = next_sep(c, &lc->sep_next, h->end);
        if (comma < c->len && c->text[comma] == ',' &&
            comma != lc->comma_done) {
            lc->comma_done = comma; /* (cues before the same comma) */
            if (tok_after(c, comma + 1, &ts, NULL) && rctx_capital_word_at(c, ts))
                cand_add(c, ts);
        }
    }
    if ((h->kind & TRIG_MONTH) && comma_before(c, h->start))
        line_first(c, lc, h->start);
    if (h->kind & TRIG_SUFFIX) {
        size_t ps, pe;
        bool word, ascii;
        if (rctx_filter_back(c, h->start, &ps, &pe, &word, &ascii) && word &&
            rctx_capital_word_at(c, ps))
            cand_add(c, ps);
    }
}

/* Sort a[0..n), nearly in order already (a hit's capitals come a few
 * bytes after it, before the next hit's). */
static void sort_cands(size_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        size_t v = a[i], j = i;
        while (j > 0 && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}


/* The capitals the hits point at, in order.  (Those after a place, the
 * gazetteer's or a rule's, go to the heap as the pass goes by it: a loop
 * over every gazetteer span here, to find the places first, cost 6 M
 * modelled cycles more on the shared one file, most of them cache misses
 * in spans the pass reads again.) */
static void cand_collect(actx *c, const rules_hits *hits)
{
    size_t len = c->len;
    cand_iter *it = c->it;
    line_cursor lc = LINE_CURSOR_START;
    for (size_t k = 0; k < hits->n && hits->hit[k].start < len; k++)
        hit_caps(c, &lc, &hits->hit[k]);
    sort_cands(c->st->cand, it->n);
}

/* The next capital to look at, at or after pos (len: none). */
size_t rctx_cand_next(actx *c, size_t pos, bool *names_only)
{
    cand_iter *it = c->it;
    rules_state *st = c->st;
    for (;;) {
        /* (never inside a span given out: the gazetteer's passed below
         * may end after pos) */
        if (pos < c->last_end)
            pos = c->last_end;
        it->cur = pos;
        if (c->place_end > it->seen_place) {
            it->seen_place = c->place_end;
            caps_in(c, c->place_end, c->place_end + RULE_LIST_GAP + 1);
        }
        size_t best = c->len, j = it->ci;
        while (j < it->n && st->cand[j] < pos)
            j++;
        it->ci = j;
        if (j < it->n)
            best = st->cand[j];
        while (it->nh && st->heap[0].pos < pos) {
            rules_heap_item e = heap_pop(c);
            if (e.needle != UINT32_MAX)
                rctx_heap_push(c, rctx_needle_next(c, e.needle, pos),
                               e.needle);
        }
        if (it->nh && st->heap[0].pos < best)
            best = st->heap[0].pos;
        size_t mention = rctx_names_next(c, pos);
        *names_only = mention < best;
        if (mention < best)
            best = mention;
        /* The gazetteer's spans before it are passed first, one at a time:
         * a name they teach, or a place, may put a capital before it (it
         * is looked for again); after the others it stays the next. */
        size_t end;
        if (c->gi >= c->n_in || (end = c->in[c->gi].end - c->base_b) > best)
            return best;
        unsigned news = it->news;
        for (;;) {
            if (rctx_pass_gazetteer(c, end) < 0) {
                it->nomem = true;
                return c->len;
            }
            if (it->news != news || c->place_end > it->seen_place)
                break;
            if (c->gi >= c->n_in ||
                (end = c->in[c->gi].end - c->base_b) > best)
                return best;
        }
    }
}

/* Start the list: the hits' capitals, the names the document knows. */
void rctx_cand_start(actx *c, cand_iter *it, const rules_hits *hits)
{
    memset(it, 0, offsetof(cand_iter, tri)); /* (tri: when the walk starts) */
    c->it = it;
    cand_collect(c, hits);
    rctx_names_start(c);
}

