/*
 * rules_cands.c -- the capitals the rules' pass looks at when the tagger's
 * scan found the rules' words (rules_hits: match.h's hits, the words of
 * rules.h's `trig` table and the marks "(", "à" and a cue's capital
 * letter): a given name or head word itself; the tokens that end a cue
 * after its word, and the one after the first comma on the line (a title
 * and its complement); the word before a suffix's; the first word of the
 * line of a month or of an agency's "(" (datelines); after "(" (acronyms),
 * "à" and "M." or "S.A."; after a place (lists); and the later mentions of
 * the document's names, looked for by their first letters, with every
 * capital of a non-ASCII letter (such a mention may begin with one).
 * These are a superset of the capitals where the pass's filter
 * (rules_scan.c) lets a rule through, so the spans are those of a pass
 * over every capital (the tests and fuzz_rules compare the two).
 */
#include "rules.h"
#include "rules_ctx.h"

#include "alloc.h"
#include "match.h"
#include "tokenize.h"

#include <string.h>

#if (defined(__SSE2__) || defined(_M_X64)) && !defined(GAZTAG_NO_SIMD)
#include <emmintrin.h>
#define RULES_SSE2 1
#endif

/* A document's name looked for in the rest of the text: its first
 * word's first letter as a capital, and the next two letters of its key
 * (0: none), compared in either case (a byte from 0x80 in the text
 * passes: the filter settles it). */
typedef struct rules_needle {
    uint8_t cap, k1, k2;
} rules_needle;

/* A capital to look at found as the pass goes: after a place (a list),
 * or a mention of a document's name (needle, else UINT32_MAX). */
typedef struct rules_heap_item {
    size_t pos;
    uint32_t needle;
} rules_heap_item;


/* The capitals worth a look, when the matcher's scan found the rules'
 * words: those its hits point at and those after the gazetteer's places
 * (cand: two runs, each in order), and those found as the pass goes,
 * after a rule's place and the mentions of the document's names (heap),
 * with every capital of a non-ASCII letter once it knows names. */


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

static void heap_push(actx *c, size_t pos, uint32_t needle)
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

/* Is there a capital that begins a word at i? */
static inline bool capital_word_at(const actx *c, size_t i)
{
    size_t n;
    const uint8_t *s = (const uint8_t *)c->text;
    return i < c->len && ((uint8_t)(s[i] - 'A') < 26 || s[i] >= 0xC2) &&
           rctx_capital_at(s, i, c->len, &n) && rctx_word_start(c, i);
}

/* Every capital that begins a word in [from, to), to a line break (a few
 * bytes after a place): added to the list, or to the heap. */
static void caps_in(actx *c, size_t from, size_t to, bool heap)
{
    const uint8_t *s = (const uint8_t *)c->text;
    if (to > c->len)
        to = c->len;
    for (size_t i = from; i < to && s[i] != '\n'; i++)
        if (capital_word_at(c, i)) {
            if (heap)
                heap_push(c, i, UINT32_MAX);
            else
                cand_add(c, i);
        }
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

/* The token after byte i, over separators, on the same line: [*ts, *te);
 * false at a line break or the text's end. */
static bool tok_after(const actx *c, size_t i, size_t *ts, size_t *te)
{
    const uint8_t *s = (const uint8_t *)c->text;
    bool ascii;
    /* (the usual case: one space, then an ASCII word) */
    if (i + 1 < c->len && s[i] == ' ' &&
        tok_byte_class[s[i + 1]] == TOK_B_WORD) {
        *ts = i + 1;
        *te = word_end(c, i + 1, &ascii);
        return true;
    }
    i = seps_forward(c, i);
    if (i >= c->len || s[i] == '\n')
        return false;
    *ts = i;
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
 * is read once: the start of the line of `at`, and the next comma and
 * line break (next_byte()). */
/* The next byte of a kind, read forward as positions come in order: the
 * first at or after `from` is at `at` (len: none). */
typedef struct next_of {
    size_t from, at;
} next_of;

typedef struct line_cursor {
    size_t at, line;
    next_of comma_next, break_next;
    size_t comma_done; /* the comma whose next token was looked at */
} line_cursor;

#define LINE_CURSOR_START {0, 0, {SIZE_MAX, 0}, {SIZE_MAX, 0}, SIZE_MAX}

/* The first byte b at or after i, or len. */
static size_t next_byte(const actx *c, next_of *n, uint8_t b, size_t i)
{
    if (n->from == SIZE_MAX || i < n->from || n->at < i) {
        const uint8_t *p = memchr(c->text + i, b, c->len - i);
        n->at = p ? (size_t)(p - (const uint8_t *)c->text) : c->len;
    }
    n->from = i;
    return n->at;
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
    if (j < i && capital_word_at(c, j) && line_worth(c, j))
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

/* The capital a mark at s[i] points at. */
static void mark_caps(actx *c, line_cursor *lc, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    if (s[i] == '(') {
        if (capital_word_at(c, i + 1) && paren_worth(c, i + 1))
            cand_add(c, i + 1);
        if (agency_after(c, i + 1))
            line_first(c, lc, i); /* "KOUNDOUYA (AGP) -" */
    } else if (s[i] == 0xC3 && c->r->trig_grave_a && i + 1 < c->len &&
               (s[i + 1] == 0xA0 || s[i + 1] == 0x80)) {
        size_t j = seps_forward(c, i + 2); /* "à X": the next word */
        if (capital_word_at(c, j))
            cand_add(c, j);
    } else if ((uint8_t)(s[i] - 'A') < 26 &&
               ((c->r->trig_dotted >> (s[i] - 'A')) & 1) &&
               rctx_word_start(c, i)) {
        /* a cue's letter: "M. X", "S.E. X", "M .X"; a suffix's: "X S.A." */
        size_t ps, pe, j = seps_forward(c, i + 1);
        bool word, ascii;
        if (j >= c->len || s[j] != '.')
            return;
        if (tok_after(c, j + 1, &ps, &pe) && capital_word_at(c, ps))
            cand_add(c, ps);
        if (rctx_filter_back(c, i, &ps, &pe, &word, &ascii) && word &&
            capital_word_at(c, ps))
            cand_add(c, ps);
    }
}


/* The capitals a hit points at. */
static void hit_caps(actx *c, line_cursor *lc, const match_hit *h)
{
    if (h->kind & TRIG_MARK) { /* "(", "à", "M." */
        mark_caps(c, lc, h->start);
        return;
    }
    if ((h->kind & TRIG_SELF) && capital_word_at(c, h->start))
        cand_add(c, h->start);
    if (h->kind & TRIG_BEFORE) {
        /* the capitals among the rest of a cue and the token after it
         * ("ministre X", "ville de X", "ministre de la Défense X") */
        size_t i = h->end, ts, te;
        unsigned dist = (h->kind & TRIG_DIST_MASK) >> TRIG_DIST_SHIFT;
        for (unsigned k = 0; k <= dist && tok_after(c, i, &ts, &te);
             k++, i = te)
            if (capital_word_at(c, ts))
                cand_add(c, ts);
        /* and after the comma that may end a title and its complement:
         * the first one on the line ("son porte-parole, X Y") */
        size_t comma = next_byte(c, &lc->comma_next, ',', h->end);
        if (comma != lc->comma_done &&
            comma < next_byte(c, &lc->break_next, '\n', h->end)) {
            lc->comma_done = comma; /* (cues before the same comma) */
            if (tok_after(c, comma + 1, &ts, &te) && capital_word_at(c, ts))
                cand_add(c, ts);
        }
    }
    if ((h->kind & TRIG_MONTH) && comma_before(c, h->start))
        line_first(c, lc, h->start);
    if (h->kind & TRIG_SUFFIX) {
        size_t ps, pe;
        bool word, ascii;
        if (rctx_filter_back(c, h->start, &ps, &pe, &word, &ascii) && word &&
            capital_word_at(c, ps))
            cand_add(c, ps);
    }
}

/* Sort the run st->cand[from..to), nearly in order already (a hit's
 * capitals come a few bytes after it, before the next hit's). */
static void sort_run(size_t *a, size_t from, size_t to)
{
    for (size_t i = from + 1; i < to; i++) {
        size_t v = a[i], j = i;
        while (j > from && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}


/* The capitals from the hits and after the gazetteer's places: two runs,
 * each in order. */
static void cand_collect(actx *c, const rules_hits *hits)
{
    size_t len = c->len;
    cand_iter *it = c->it;
    line_cursor lc = LINE_CURSOR_START;
    for (size_t k = 0; k < hits->n && hits->hit[k].start < len; k++)
        hit_caps(c, &lc, &hits->hit[k]);
    sort_run(c->st->cand, 0, it->n);
    it->seg_end[0] = it->n;
    const char *last_label = NULL; /* (labels repeat: one strcmp each) */
    bool last_place = false;
    for (size_t k = 0; k < c->n_in; k++) {
        /* a list goes on after a place (note_place(): the same test) */
        const gaztag_span *g = &c->in[k];
        const char *label = g->n_entries ? g->entry.label : NULL;
        if (label && label != last_label) {
            last_label = label;
            last_place = strcmp(label, "PLACE") == 0;
        }
        if (label && last_place)
            caps_in(c, g->end - c->base_b,
                    g->end - c->base_b + RULE_LIST_GAP + 1, false);
    }
    it->seg_i[1] = it->seg_end[0];
    it->seg_end[1] = it->n;
}

/* The next mention of needle k at or after i, or len. */
static size_t needle_next(const actx *c, const rules_needle *nd, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    while (i < c->len) {
        const uint8_t *p = memchr(s + i, nd->cap, c->len - i);
        if (!p)
            break;
        i = (size_t)(p - s);
        size_t rest = c->len - i;
        bool ok = (!nd->k1 || (rest > 1 && (s[i + 1] >= 0x80 ||
                                            (s[i + 1] | 0x20) == nd->k1))) &&
                  (!nd->k2 || rest <= 2 || s[i + 2] >= 0x80 ||
                   (s[i + 2] | 0x20) == nd->k2 || s[i + 1] >= 0x80);
        if (ok && rctx_word_start(c, i))
            return i;
        i++;
    }
    return c->len;
}

/* The class of a byte after a name's capital in cand_iter.tri: a
 * letter's (either case), PAIR_HIGH for a byte from 0x80 (a letter the
 * key folds, perhaps), PAIR_OTHER for any other. */
enum { PAIR_HIGH = 26, PAIR_OTHER = 27 };
static inline unsigned pair_class(uint8_t b)
{
    uint8_t l = (uint8_t)((b | 0x20) - 'a');
    return b >= 0x80 ? PAIR_HIGH : l < 26 ? l : PAIR_OTHER;
}

/* Mark needle nd in it->tri: the classes of the two bytes after its
 * capital that may begin one of its mentions (as needle_next() takes
 * them: a byte from 0x80 may be any letter). */
static void pair_mark(cand_iter *it, const rules_needle *nd)
{
    uint32_t *row = &it->tri[(size_t)(nd->cap - 'A') * CAND_CLASSES];
    if (!nd->k1) { /* (a name of one letter, or a second from 0x80) */
        for (unsigned k = 0; k < CAND_CLASSES; k++)
            row[k] = UINT32_MAX;
        return;
    }
    row[PAIR_HIGH] = UINT32_MAX;
    row[pair_class(nd->k1)] |=
        nd->k2 ? 1u << PAIR_HIGH | 1u << pair_class(nd->k2) : UINT32_MAX;
}

/* The heap without the names' needles (the walk finds their mentions
 * now, or they are looked for again). */
static void heap_drop_needles(actx *c)
{
    cand_iter *it = c->it;
    rules_state *st = c->st;
    size_t n = 0;
    for (size_t k = 0; k < it->nh; k++)
        if (st->heap[k].needle == UINT32_MAX)
            st->heap[n++] = st->heap[k];
    it->nh = 0;
    for (size_t k = 0; k < n; k++) /* (pushes to slots <= k: in place) */
        heap_push(c, st->heap[k].pos, UINT32_MAX);
}

/* At most this many of a document's names are looked for each by its
 * bytes (memchr over the rest of the text, from one stop at its letter to
 * the next); past them, the walk over every capital.  The walk costs
 * about as much as 8 searches over a piece of a long text, and more than
 * 48 over a news article, where the names' letters stop each search
 * less often than the capitals stop the walk (measured on the shared
 * benchmark's documents and its one file). */
static size_t needles_max(const actx *c)
{
    return c->len <= 65536 ? 48 : 8;
}

void rctx_new_prefix(actx *c, const char *key, size_t len)
{
    cand_iter *it = c->it;
    if (!it || len == 0)
        return;
    it->high = true;
    uint8_t k0 = (uint8_t)key[0];
    if (k0 >= 0x80 || k0 < 'a' || k0 > 'z')
        return; /* (a non-ASCII letter: among the capitals of such) */
    rules_needle nd = {(uint8_t)(k0 - 0x20),
                       len > 1 && (uint8_t)key[1] < 0x80 ? (uint8_t)key[1] : 0,
                       len > 2 && (uint8_t)key[2] < 0x80 ? (uint8_t)key[2] : 0};
    if (it->walk) {
        pair_mark(it, &nd);
        it->walk_known = false; /* (the next may come sooner) */
        return;
    }
    for (size_t k = 0; k < it->nn; k++) {
        const rules_needle *o = &c->st->needles[k];
        if (o->cap == nd.cap && o->k1 == nd.k1 && o->k2 == nd.k2)
            return; /* (looked for already: "Sow" of "Sow Fatou") */
    }
    if (it->nn == needles_max(c)) {
        /* too many to look for each: one walk over the capitals, for
         * those whose next byte may follow one of the names' */
        it->walk = true;
        it->walk_known = false;
        memset(it->tri, 0, sizeof it->tri);
        for (size_t k = 0; k < it->nn; k++)
            pair_mark(it, &c->st->needles[k]);
        pair_mark(it, &nd);
        heap_drop_needles(c);
        it->nn = 0;
        return;
    }
    if (gz_grow((void **)&c->st->needles, &c->st->needles_cap, it->nn + 1,
                sizeof *c->st->needles) < 0) {
        it->nomem = true;
        return;
    }
    c->st->needles[it->nn] = nd;
    heap_push(c, needle_next(c, &nd, it->cur), (uint32_t)it->nn++);
}

/* May the capital A-Z at s[j] begin a mention of one of the document's
 * names, by it and the two bytes after it (it->tri; the text's end
 * passes)? */
static inline bool tri_passes(const uint32_t *tri, const uint8_t *s,
                              size_t j, size_t len)
{
    if (j + 2 >= len)
        return true;
    return (tri[(size_t)(s[j] - 'A') * CAND_CLASSES + pair_class(s[j + 1])] >>
            pair_class(s[j + 2])) & 1;
}

#ifdef RULES_SSE2
/* The bytes of v (16 of the text; w: the 16 after its first) that may
 * lead a capital of a non-ASCII letter: lead bytes from 0xC3 (as signed:
 * above -62, below 0), but those of the small letters of Latin-1 (0xC3
 * then 0x9F to 0xBF: é, à, ç), of Cyrillic (0xD0 0xB0 to 0xD1 0x9F: а to
 * џ) and of Greek (0xCE 0xAC to 0xCF 0x8E: ά to ώ), and of general
 * punctuation (0xE2 0x80: ’, «, –), which are no capitals: French,
 * Russian and Greek text are full of them (a byte after a lead that is
 * no continuation byte makes no capital either). */
static inline unsigned high_leads(__m128i v, __m128i w)
{
    __m128i lead =
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)(0xC2 - 256))),
                      _mm_cmplt_epi8(v, _mm_setzero_si128()));
    __m128i small = _mm_and_si128(
        _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC3)),
        _mm_cmpgt_epi8(w, _mm_set1_epi8((char)(0x9E - 256))));
    __m128i punct = _mm_and_si128(
        _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2)),
        _mm_cmpeq_epi8(w, _mm_set1_epi8((char)0x80)));
    /* (as signed, the continuation bytes 0x80 to 0xBF are -128 to -65) */
    __m128i cyr = _mm_or_si128(
        _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xD0)),
                      _mm_cmpgt_epi8(w, _mm_set1_epi8((char)(0xAF - 256)))),
        _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xD1)),
                      _mm_cmplt_epi8(w, _mm_set1_epi8((char)(0xA0 - 256)))));
    __m128i greek = _mm_or_si128(
        _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xCE)),
                      _mm_cmpgt_epi8(w, _mm_set1_epi8((char)(0xAB - 256)))),
        _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xCF)),
                      _mm_cmplt_epi8(w, _mm_set1_epi8((char)(0x8F - 256)))));
    __m128i none =
        _mm_or_si128(_mm_or_si128(small, punct), _mm_or_si128(cyr, greek));
    return (unsigned)_mm_movemask_epi8(_mm_andnot_si128(none, lead));
}
#endif

/* The next capital of a non-ASCII letter that begins a word, at or after
 * i, or len. */
static size_t next_high_capital(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
#ifdef RULES_SSE2
    for (; c->len - i >= 17; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        if (!_mm_movemask_epi8(v))
            continue; /* ASCII only (most of English text) */
        __m128i w = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
        for (unsigned m = high_leads(v, w); m; m &= m - 1)
            if (capital_word_at(c, i + (size_t)__builtin_ctz(m)))
                return i + (size_t)__builtin_ctz(m);
    }
#endif
    for (; i < c->len; i++)
        if (s[i] >= 0xC2 && capital_word_at(c, i))
            return i;
    return c->len;
}

/* The next capital A-Z that begins a word, at or after i, that may begin
 * a mention of one of the document's names (tri_passes()), or of a
 * non-ASCII letter (next_high_capital()'s, in the same walk), or len. */
static size_t next_name_capital(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    const uint32_t *tri = c->it->tri;
    size_t len = c->len;
    if (i == 0 && len > 0 &&
        ((uint8_t)(s[0] - 'A') < 26 ? tri_passes(tri, s, 0, len)
                                     : capital_word_at(c, 0)))
        return 0;
    if (i == 0)
        i = 1;
#ifdef RULES_SSE2
    const __m128i x20 = _mm_set1_epi8(0x20);
    for (; len - i >= 18; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i p =
            _mm_loadu_si128((const __m128i *)(const void *)(s + i - 1));
        /* A-Z after no ASCII letter or digit */
        __m128i a = _mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - 'A')));
        __m128i up = _mm_cmplt_epi8(a, _mm_set1_epi8((char)(0x80 + 26 - 256)));
        __m128i pl = _mm_add_epi8(_mm_or_si128(p, x20),
                                  _mm_set1_epi8((char)(0x80 - 'a')));
        __m128i pd = _mm_add_epi8(p, _mm_set1_epi8((char)(0x80 - '0')));
        __m128i after = _mm_or_si128(
            _mm_cmplt_epi8(pl, _mm_set1_epi8((char)(0x80 + 26 - 256))),
            _mm_cmplt_epi8(pd, _mm_set1_epi8((char)(0x80 + 10 - 256))));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(after, up));
        if (_mm_movemask_epi8(v))
            m |= high_leads(v, _mm_loadu_si128(
                                   (const __m128i *)(const void *)(s + i + 1)));
        for (; m; m &= m - 1) {
            size_t j = i + (size_t)__builtin_ctz(m);
            if (s[j] < 0x80 ? tri_passes(tri, s, j, len) &&
                                  (s[j - 1] < 0x80 || rctx_word_start(c, j))
                            : capital_word_at(c, j))
                return j;
        }
    }
#endif
    for (; i < len; i++)
        if (((uint8_t)(s[i] - 'A') < 26 && tri_passes(tri, s, i, len) &&
             rctx_word_start(c, i)) ||
            (s[i] >= 0xC2 && capital_word_at(c, i)))
            return i;
    return len;
}


/* The next capital to look at, at or after pos (len: none). */
size_t rctx_cand_next(actx *c, size_t pos)
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
            caps_in(c, c->place_end, c->place_end + RULE_LIST_GAP + 1, true);
        }
        size_t best = c->len;
        for (unsigned k = 0; k < 2; k++) {
            size_t j = it->seg_i[k];
            while (j < it->seg_end[k] && st->cand[j] < pos)
                j++;
            it->seg_i[k] = j;
            if (j < it->seg_end[k] && st->cand[j] < best)
                best = st->cand[j];
        }
        while (it->nh && st->heap[0].pos < pos) {
            rules_heap_item e = heap_pop(c);
            if (e.needle != UINT32_MAX)
                heap_push(c, needle_next(c, &st->needles[e.needle], pos),
                          e.needle);
        }
        if (it->nh && st->heap[0].pos < best)
            best = st->heap[0].pos;
        if (it->walk) {
            if (!it->walk_known || it->walk_at < pos) {
                it->walk_at = next_name_capital(c, pos);
                it->walk_known = true;
            }
            if (it->walk_at < best)
                best = it->walk_at;
        }
        if (it->high && !it->walk) { /* (the walk finds these too) */
            if (!it->high_known || it->high_at < pos) {
                it->high_at = next_high_capital(c, pos);
                it->high_known = true;
            }
            if (it->high_at < best)
                best = it->high_at;
        }
        /* The gazetteer's spans before it are passed first, one at a time:
         * a name they teach, or a place, may put a capital before it. */
        size_t end;
        if (c->gi >= c->n_in || (end = c->in[c->gi].end - c->base_b) > best)
            return best;
        if (rctx_pass_gazetteer(c, end) < 0) {
            it->nomem = true;
            return c->len;
        }
    }
}

/* The names the document knows, to look for by their bytes. */
static void needles_of_names(actx *c)
{
    const rtable *d = &c->st->doc;
    for (size_t i = 0; i < d->cap && d->n; i++) {
        const rt_slot *e = &d->slots[i];
        if (e->tag && e->len > 1 && d->pool[e->off] == '\1')
            rctx_new_prefix(c, d->pool + e->off + 1, e->len - 1);
    }
}

/* Start the list: the hits' capitals, the names the document knows. */
void rctx_cand_start(actx *c, cand_iter *it, const rules_hits *hits)
{
    memset(it, 0, sizeof *it);
    c->it = it;
    cand_collect(c, hits);
    needles_of_names(c);
}

/* (rules_ctx.h) */
void rctx_cand_names_again(actx *c)
{
    cand_iter *it = c->it;
    /* (the names left are among those looked for by their bytes: the
     * pass goes on looking for them all; the walk, for those left) */
    if (!it->walk)
        return;
    /* (the next capital found stays: a superset; so does the walk over
     * capitals of other letters, which needs no names) */
    memset(it->tri, 0, sizeof it->tri);
    bool known = it->walk_known;
    needles_of_names(c);
    it->walk_known = known;
}
