/*
 * rules_scan.c -- the pass of rules_apply(): the capitalised words of the
 * text worth a look, a filter that settles most of them, and the spans it
 * gives out, in order.
 *
 * Which capitals.  When the tagger's scan found the rules' words
 * (rules_hits: match.h's hits, the words of rules.h's `trig` table and the
 * marks "(", "à" and a cue's capital letter), the pass looks only at the
 * capitals they point at (cand_iter): a given name or head word itself;
 * the tokens that end a cue after its word, and the one after the first
 * comma on the line (a title and its complement); the word before a
 * suffix's; the first word of the line of a month or of an agency's "("
 * (datelines); after "(" (acronyms), "à" and "M." or "S.A."; after a
 * place (lists); and the later mentions of the document's names, looked
 * for by their first letters, with every capital of a non-ASCII letter
 * (such a mention may begin with one).  These are a superset of the
 * capitals where the filter below lets a rule through, so the spans are
 * those of a pass over every capital (the tests and fuzz_rules compare
 * the two), which is what the pass does otherwise (next_candidate(): a
 * layered tagger, a gazetteer that keeps case, a document that learnt more
 * names than NEEDLE_MAX, or tagger_rules_every_capital()).
 *
 * The filter: bit tests on the filter hashes of the word, the one or two
 * before and the one after (worth_a_look(); an ASCII word after an ASCII
 * token is cut from SIMD masks of the 16 bytes on each side, look_fast(),
 * with no loop over its bytes); the capitals it lets through go to the
 * rules (rctx_try_rules(), rules_apply.c).  The gazetteer's spans come in
 * order and are copied as the pass goes by them (rules_spans.c); a rule's
 * span never overlaps one, and ends before the next.  Work is O(text +
 * capitals looked at x longest cue + the document's names x text).
 */
#include "rules.h"
#include "rules_ctx.h"

#include "alloc.h"
#include "match.h"
#include "tokenize.h"


#include <string.h>
#include <threads.h>

#if (defined(__SSE2__) || defined(_M_X64)) && !defined(GAZTAG_NO_SIMD)
#include <emmintrin.h>
#define RULES_SSE2 1
#endif

/* ------------------------------------------------------------ the filter */

/* Back from i over the spaces before it (ASCII ones but line breaks,
 * no-break ones, apostrophes): where they begin. */
static inline size_t spaces_back(const uint8_t *s, size_t i)
{
    for (;;) {
        if (i > 0 && s[i - 1] < 0x80) {
            if (tok_byte_class[s[i - 1]] != TOK_B_SEP || s[i - 1] == '\n')
                return i;
            i--;
        } else if (i >= 2 && s[i - 2] == 0xC2 && s[i - 1] == 0xA0) {
            i -= 2;
        } else if (i >= 3 && s[i - 3] == 0xE2 && s[i - 2] == 0x80 &&
                   (s[i - 1] == 0x99 || s[i - 1] == 0xAF ||
                    s[i - 1] == 0x98)) {
            i -= 3;
        } else {
            return i;
        }
    }
}

/* The token before `pos` for the filter: [*start, *end), whether it is a
 * word and ASCII; false at the start of the text or of a line. */
static inline bool filter_back(const actx *c, size_t pos, size_t *start,
                               size_t *end, bool *word, bool *ascii)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t at;
    /* the usual case: spaces, then an ASCII word or character */
    size_t i = spaces_back(s, pos);
    if (i > 0 && s[i - 1] < 0x80 && s[i - 1] != '\n') {
        *end = i;
        *ascii = true;
        if (tok_byte_class[s[i - 1]] == TOK_B_PUNCT) {
            *start = i - 1;
            *word = false;
            return true;
        }
        while (i > 0 && s[i - 1] < 0x80 &&
               tok_byte_class[s[i - 1]] == TOK_B_WORD)
            i--;
        if (i == 0 || s[i - 1] < 0x80) {
            *start = i;
            *word = true;
            return true;
        }
        i = *end; /* a word with other letters: the general way */
    }
    int32_t cp = -1;
    enum tok_byte k = TOK_B_SEP;
    while (i > 0) {
        cp = cp_before(c, i, &at);
        if (cp == '\n')
            return false;
        k = kind_of(cp);
        if (k != TOK_B_SEP)
            break;
        i = at;
    }
    if (i == 0)
        return false;
    *end = i;
    *ascii = cp >= 0 && cp < 0x80;
    if (k == TOK_B_PUNCT) {
        *start = at;
        *word = false;
        return true;
    }
    while (i > 0) {
        cp = cp_before(c, i, &at);
        if (kind_of(cp) != TOK_B_WORD)
            break;
        *ascii = *ascii && cp < 0x80;
        i = at;
    }
    *start = i;
    *word = true;
    return true;
}

/* Capitals among the code points below U+0800 (one bit each), and the
 * blocks of 64 code points of U+0800-U+FFFF that hold any (CJK, most of
 * the BMP, holds none): taken once from utf8proc. */
static uint8_t upper2[0x800 / 8];
static uint8_t upper3[(0x10000 - 0x800) / 64 / 8];
static once_flag upper_once = ONCE_FLAG_INIT;

static void upper_init(void)
{
    for (int32_t cp = 0x80; cp < 0x10000; cp++) {
        if (!is_upper_cp(cp))
            continue;
        if (cp < 0x800)
            upper2[cp >> 3] |= (uint8_t)(1u << (cp & 7));
        else
            upper3[(cp - 0x800) >> 9] |= (uint8_t)(1u << (((cp - 0x800) >> 6) & 7));
    }
}

/* Is there a capital letter at s[i] (i < len)?  Its length in *n. */
static bool capital_at(const uint8_t *s, size_t i, size_t len, size_t *n)
{
    uint8_t b = s[i];
    *n = 1;
    if (b < 0x80)
        return (uint8_t)(b - 'A') < 26;
    if (b >= 0xC2 && b <= 0xDF) {
        if (i + 1 >= len || (s[i + 1] & 0xC0) != 0x80)
            return false;
        unsigned cp = (unsigned)(b & 0x1F) << 6 | (s[i + 1] & 0x3F);
        *n = 2;
        return (upper2[cp >> 3] >> (cp & 7)) & 1;
    }
    if (b >= 0xE0 && b <= 0xEF && i + 2 < len && (s[i + 1] & 0xC0) == 0x80) {
        unsigned hi = (unsigned)(b & 0x0F) << 6 | (s[i + 1] & 0x3F);
        unsigned blk = hi - (0x800 >> 6); /* hi counts blocks of 64 */
        if (hi < (0x800 >> 6) || !((upper3[blk >> 3] >> (blk & 7)) & 1))
            return false;
    } else if (b < 0xF0 || b > 0xF4) {
        return false;
    }
    int32_t cp;
    *n = tok_decode(s + i, len - i, &cp);
    return cp >= 0 && is_upper_cp(cp);
}

/* (For the rules: the pass has made the tables.) */
bool rctx_capital_at(const uint8_t *s, size_t i, size_t len, size_t *n)
{
    return capital_at(s, i, len, n);
}

/* The length of the UTF-8 sequence (or ill-formed part) at s[i]. */
static size_t utf8_len(const uint8_t *s, size_t i, size_t len)
{
    int32_t cp;
    return tok_decode(s + i, len - i, &cp);
}

/* After the word that ends at i: a space or a hyphen, then a capital
 * (what the first-name rule needs after a given name)? */
static inline bool capital_follows(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t len = c->len, k = i, n;
    if (k < len && (s[k] == ' ' || s[k] == '-'))
        k++;
    else if (k + 1 < len && s[k] == 0xC2 && s[k + 1] == 0xA0)
        k += 2;
    else if (k + 2 < len && s[k] == 0xE2 && s[k + 1] == 0x80 &&
             (s[k + 2] == 0x99 || s[k + 2] == 0x90 || s[k + 2] == 0x91 ||
              s[k + 2] == 0xAF))
        k += 3;
    return k > i && k < len && capital_at(s, k, len, &n);
}

/* RULE_M_BEFORE when the token [ps, pe) before a capital (a word when `word`)
 * may end a cue: "ministre X", "à X"; "ville de X", "M. X"; or when it is
 * a comma that may follow a title or its complement: "ministre, X Y",
 * "directeur du comité, X Y" (the capitalised word ends at wend). */
static inline unsigned cue_before(actx *c, size_t ps, size_t pe, bool word,
                                  bool pascii, size_t wend)
{
    const gaztag_rules *r = c->r;
    const uint8_t *s = (const uint8_t *)c->text;
    char key[RULE_KEY_MAX];
    size_t kl, ps2, pe2;
    bool word2, pascii2;
    uint64_t h1;
    size_t longest = SIZE_MAX; /* the most bytes of an ASCII word before it */
    if (word) {
        h1 = pascii ? ascii_fh(c, ps, pe - ps)
                    : rctx_word_fh(c, ps, pe, false, GAZTAG_KEEP_ACCENTS, key,
                                   &kl);
        if (!h1)
            return 0;
    } else {
        /* punctuation: "." of "M.", "Dr." and ")" of "(CR)" end cues; a
         * full stop ends a sentence far more often, after an initial
         * too ("J. Smith"), so the token before it is looked at (an ASCII
         * word's key is as long as it) */
        if (s[ps] == ',') {
            /* a name in apposition ("son porte-parole, X Y", "la
             * coordinatrice de l’ONG, X Y"): a word joined to the comma,
             * another capital after this one */
            return capital_follows(c, wend) &&
                           filter_back(c, ps, &ps2, &pe2, &word2, &pascii2) &&
                           word2 && pe2 == ps
                       ? RULE_M_BEFORE
                       : 0;
        }
        if (s[ps] != '.' && s[ps] != ')')
            return 0;
        h1 = fh_hash((const char *)s + ps, 1);
        longest = r->max_closed;
    }
    if (rb_test2(r->prev_bits, RB_SMALL, h1))
        return RULE_M_BEFORE;
    if (!rb_test2(r->mid_bits, RB_SMALL, h1) ||
        !filter_back(c, ps, &ps2, &pe2, &word2, &pascii2) ||
        (pascii2 && pe2 - ps2 > longest))
        return 0;
    /* "ville de X", "M. X": the token before too */
    if (!word2)
        pe2 = ps2 + (size_t)(pascii2 ? 1 : utf8_len(s, ps2, c->len));
    uint64_t h2 = pascii2 ? ascii_fh(c, ps2, pe2 - ps2)
                          : rctx_word_fh(c, ps2, pe2, false,
                                         GAZTAG_KEEP_ACCENTS, key, &kl);
    return h2 && rb_test2(r->pair_bits, RB_SMALL, fh_pair(h2, h1))
               ? RULE_M_BEFORE
               : 0;
}

/* RULE_M_SUFFIX when the word that ends at i is followed by one that may begin
 * an organisation suffix: "Orange SA" (written with a capital). */
static inline unsigned suffix_after(actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t len = c->len, k = i;
    if (!c->r->max_suffix)
        return 0;
    while (k < len && (s[k] == ' ' || (s[k] == 0xC2 && k + 1 < len &&
                                       s[k + 1] == 0xA0)))
        k += s[k] == ' ' ? 1 : 2;
    if (k == i || k >= len || s[k] < 'A' || s[k] > 'Z')
        return 0;
    char key[RULE_KEY_MAX];
    size_t kl;
    bool na;
    size_t ne = word_end(c, k, &na);
    uint64_t hn = na ? ascii_fh(c, k, ne - k)
                     : rctx_word_fh(c, k, ne, false, 0, key, &kl);
    return hn && rb_test2(c->r->next_bits, RB_SMALL, hn) ? RULE_M_SUFFIX : 0;
}

/* What may fire at the capitalised word [pos, wend), of filter hash h (in
 * capitals when `upper`), given the token before it: [ps, pe), a word
 * when `word`, ASCII when `pascii`; none (`first`) when the word is first
 * on its line.  Both ways of reading a capital end here. */
static inline __attribute__((always_inline)) unsigned
filter_bits(actx *c, size_t pos, size_t wend, uint64_t h, bool upper,
            bool first, size_t ps, size_t pe, bool word, bool pascii)
{
    const gaztag_rules *r = c->r;
    unsigned m = 0;
    /* the next of a list of places: "de Korhogo et de Man" */
    if (c->place_end && pos - c->place_end <= RULE_LIST_GAP)
        m |= RULE_M_LIST;
    /* a given name: another capitalised word must follow */
    if (!upper && rb_test2(r->first_bits, RB_SELF, h) &&
        capital_follows(c, wend))
        m |= RULE_M_SELF;
    if (!upper && rb_test2(r->head_bits, RB_SMALL, h))
        m |= RULE_M_SELF;
    if (c->st->doc.n && rb_test(c->st->doc_bits, RB_DOC, h) &&
        rctx_doc_may(c, h, wend))
        m |= RULE_M_DOC;
    if (first)
        return m | (rctx_line_start(c, pos) && rctx_dateline_ahead(c, wend)
                        ? RULE_M_LINE
                        : 0);
    if (upper) /* an acronym defined: "(AGP)", two to eight letters */
        return m | (c->text[ps] == '(' && pe == pos && wend < c->len &&
                            c->text[wend] == ')' && wend - pos >= 2 &&
                            wend - pos <= 8
                        ? RULE_M_PAREN
                        : 0);
    m |= cue_before(c, ps, pe, word, pascii, wend);
    return m | suffix_after(c, wend);
}

/* Which rules may fire at the capital at `pos`: bit tests on the keys of
 * the word, the one or two before and the one after.  0 is certain (no
 * rule would give anything), a bit is a maybe.  *wend: the word's end. */
static unsigned worth_a_look(actx *c, size_t pos, size_t *wend,
                             bool *wascii)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t len = c->len;
    char key[RULE_KEY_MAX];
    size_t kl, i;
    bool ascii = true, upper;
    uint64_t h;
    unsigned lower = 0; /* ASCII word bytes >= 'a' are lower-case letters */
    for (i = pos + 1; i < len && tok_byte_class[s[i]] == TOK_B_WORD; i++)
        lower |= s[i] >= 'a';
    if (i < len && s[i] >= 0x80)
        i = word_end(c, pos, &ascii);
    *wend = i;
    *wascii = ascii;
    if (ascii) {
        h = ascii_fh(c, pos, i - pos);
        upper = i - pos >= 2 && !lower;
    } else {
        rtok t;
        if ((h = rctx_word_fh(c, pos, i, false, 0, key, &kl)) == 0)
            return 0;
        make_tok(c, &t, pos, i, TOK_WORD, false);
        upper = t.shape == SH_UPPER;
    }
    size_t ps = 0, pe = 0;
    bool word = false, pascii = false;
    bool first = !filter_back(c, pos, &ps, &pe, &word, &pascii);
    return filter_bits(c, pos, i, h, upper, first, ps, pe, word, pascii);
}

#ifdef RULES_SSE2
/* Masks of the 16 bytes at p, bit k for byte k: ASCII letters and digits,
 * bytes from 0x80, a-z, and the tokenizer's ASCII separators but the line
 * feed (spaces, controls, ' - DEL). */
typedef struct mask16 {
    unsigned word, high, lower, space;
} mask16;

static inline __m128i in_range(__m128i x, int lo, int hi)
{
    /* x - lo + 0x80, as signed, below the range's end */
    __m128i t = _mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - lo)));
    return _mm_cmplt_epi8(t, _mm_set1_epi8((char)(0x80 + hi - lo + 1 - 256)));
}

static inline mask16 masks_at(const uint8_t *p, bool spaces)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i lz = in_range(x, 'a', 'z');
    __m128i wd = _mm_or_si128(_mm_or_si128(in_range(x, 'A', 'Z'), lz),
                              in_range(x, '0', '9'));
    mask16 m;
    m.word = (unsigned)_mm_movemask_epi8(wd);
    m.high = (unsigned)_mm_movemask_epi8(x);
    m.lower = (unsigned)_mm_movemask_epi8(lz);
    m.space = 0;
    if (spaces) {
        /* (signed: bytes from 0x80 are below 0x21 too, and are taken out) */
        __m128i sp = _mm_cmplt_epi8(x, _mm_set1_epi8(0x21));
        sp = _mm_or_si128(sp, _mm_cmpeq_epi8(x, _mm_set1_epi8('\'')));
        sp = _mm_or_si128(sp, _mm_cmpeq_epi8(x, _mm_set1_epi8('-')));
        sp = _mm_or_si128(sp, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F)));
        sp = _mm_andnot_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')), sp);
        m.space = (unsigned)_mm_movemask_epi8(sp) & ~m.high;
    }
    return m;
}

/* worth_a_look() for the ASCII capital at pos when its word and the token
 * before it are ASCII and lie within 16 bytes of it: the same answer, from
 * the masks of those bytes instead of loops over them.  False when they do
 * not (the caller asks worth_a_look()). */
static inline bool look_fast(actx *c, size_t pos, unsigned *mout, size_t *wend)
{
    const uint8_t *s = (const uint8_t *)c->text;
    if (pos < 16 || c->len - pos < 16)
        return false;
    mask16 at = masks_at(s + pos, false), back = masks_at(s + pos - 16, true);
    /* the word: to the first byte that is no ASCII letter or digit */
    unsigned stop = ~at.word & 0xFFFFu;
    if (stop == 0)
        return false;
    size_t n = (size_t)__builtin_ctz(stop), e = pos + n;
    if ((at.high >> n) & 1)
        return false; /* runs into a non-ASCII letter */
    /* the token before: back over ASCII separators */
    unsigned tok = ~back.space & 0xFFFFu;
    if (tok == 0)
        return false;
    unsigned j = 31 - (unsigned)__builtin_clz(tok);
    size_t ps, pe = pos - 16 + j + 1;
    bool word = (back.word >> j) & 1;
    if ((back.high >> j) & 1)
        return false; /* a no-break space, an apostrophe, a letter */
    if (word) {
        unsigned before = ~back.word & ((1u << j) - 1);
        if (before == 0)
            return false;
        unsigned k = 31 - (unsigned)__builtin_clz(before);
        if ((back.high >> k) & 1)
            return false; /* a word with other letters */
        ps = pos - 16 + k + 1;
    } else {
        ps = pe - 1;
    }
    uint64_t h = ascii_fh(c, pos, n);
    bool upper = n >= 2 && (at.lower & ((1u << n) - 1)) == 0;
    *wend = e;
    *mout = filter_bits(c, pos, e, h, upper, s[pe - 1] == '\n', ps, pe, word,
                        true);
    return true;
}
#endif

/* ------------------------------------------------------------- the pass */

/* Is the capital at i the start of a word? */
static bool word_start(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    if (i == 0)
        return true;
    if (s[i - 1] < 0x80)
        return tok_byte_class[s[i - 1]] != TOK_B_WORD;
    size_t at;
    return kind_of(cp_before(c, i, &at)) != TOK_B_WORD;
}

#ifdef RULES_SSE2
/* The candidates among the 64 bytes from `base` (base >= 1, base + 64 <=
 * the text's length): bit k for an A-Z or a lead byte from 0xC2 at
 * base + k that follows no ASCII letter or digit.  One mask for 64 bytes:
 * the pass branches once a window, not once every 16 bytes. */
static uint64_t candidates64(const uint8_t *s, size_t base)
{
    const __m128i x20 = _mm_set1_epi8(0x20);
    uint64_t mask = 0;
    for (unsigned k = 0; k < 64; k += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + base + k));
        __m128i p = _mm_loadu_si128((const __m128i *)(s + base + k - 1));
        /* from 0xC2: as signed, above -63 and below 0 */
        __m128i lead = _mm_and_si128(
            _mm_cmpgt_epi8(v, _mm_set1_epi8((char)(0xC1 - 256))),
            _mm_cmplt_epi8(v, _mm_setzero_si128()));
        __m128i after_word = _mm_or_si128(
            in_range(_mm_or_si128(p, x20), 'a', 'z'), in_range(p, '0', '9'));
        __m128i cand = _mm_andnot_si128(
            after_word, _mm_or_si128(in_range(v, 'A', 'Z'), lead));
        mask |= (uint64_t)(unsigned)_mm_movemask_epi8(cand) << k;
    }
    return mask;
}
#endif

/* The pass's window of candidates: the mask of the 64 bytes from base. */
typedef struct cand_win {
    size_t base;
    uint64_t cand;
} cand_win;

/* The next capital at or after i that begins a word, or len. */
static size_t next_candidate(const actx *c, cand_win *w, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t len = c->len, n;
    if (i == 0 && len > 0) {
        if (capital_at(s, 0, len, &n))
            return 0;
        i = 1;
    }
#ifdef RULES_SSE2
    for (;;) {
        if (i - w->base >= 64) { /* (i - base wraps when i is before it) */
            if (len - i < 64)
                break; /* the last bytes: one at a time */
            w->base = i;
            w->cand = candidates64(s, i);
        }
        uint64_t m = w->cand >> (i - w->base) << (i - w->base);
        while (m) {
            size_t j = w->base + (size_t)__builtin_ctzll(m);
            m &= m - 1;
            if (s[j] < 0x80 && s[j - 1] < 0x80)
                return j; /* A-Z after an ASCII byte that is no word's */
            if (capital_at(s, j, len, &n) && word_start(c, j))
                return j;
        }
        i = w->base + 64;
    }
#else
    (void)w;
#endif
    for (; i < len; i++)
        if ((uint8_t)(s[i] - 'A') < 26 || s[i] >= 0xC2) {
            if (capital_at(s, i, len, &n) && word_start(c, i))
                return i;
        }
    return len;
}


/* ------------------------------------------ the capitals from the hits */

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

/* At most this many names of the document are looked for by their
 * bytes; past them (one long text of many names) the pass looks at
 * every capital instead. */
#define NEEDLE_MAX 48

/* The capitals worth a look, when the matcher's scan found the rules'
 * words: those its hits point at and those after the gazetteer's places
 * (cand: two runs, each in order), and those found as the pass goes,
 * after a rule's place and the mentions of the document's names (heap),
 * with every capital of a non-ASCII letter once it knows names. */
typedef struct cand_iter {
    size_t n;       /* st->cand[0..n): two runs, each in order */
    size_t seg_end[2], seg_i[2];
    size_t nh;      /* st->heap[0..nh), a binary heap on pos */
    size_t nn;      /* st->needles[0..nn) */
    size_t cur;     /* where the pass is */
    size_t seen_place;
    bool high;      /* also every capital of a non-ASCII letter (a
                     * document's names may be written so) */
    size_t high_at; /* the next of them, when high_known (the pass only
                     * goes forward) */
    bool high_known;
    bool full;      /* too many names: every capital from here */
    bool nomem;
} cand_iter;

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
           capital_at(s, i, c->len, &n) && word_start(c, i);
}

/* Every capital that begins a word in [from, to), to a line break: added
 * to the list, or to the heap. */
static void caps_in(actx *c, size_t from, size_t to, bool heap)
{
    const uint8_t *s = (const uint8_t *)c->text;
    if (to > c->len)
        to = c->len;
    size_t i = from;
#ifdef RULES_SSE2
    /* A-Z and lead bytes from 0xC2, to the first line break */
    for (; i < to && c->len - i >= 16; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i lead = _mm_and_si128(
            _mm_cmpgt_epi8(v, _mm_set1_epi8((char)(0xC1 - 256))),
            _mm_cmplt_epi8(v, _mm_setzero_si128()));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(in_range(v, 'A', 'Z'), lead));
        unsigned nl = (unsigned)_mm_movemask_epi8(
            _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
        size_t room = to - i;
        if (room < 16)
            m &= (1u << room) - 1;
        if (nl)
            m &= (nl & (0u - nl)) - 1; /* (the bytes before the first break) */
        for (; m; m &= m - 1) {
            size_t j = i + (size_t)__builtin_ctz(m);
            if (capital_word_at(c, j)) {
                if (heap)
                    heap_push(c, j, UINT32_MAX);
                else
                    cand_add(c, j);
            }
        }
        if (nl)
            return;
    }
#endif
    for (; i < to && s[i] != '\n'; i++)
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
    i = seps_forward(c, i);
    if (i >= c->len || s[i] == '\n')
        return false;
    *ts = i;
    bool ascii;
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
} line_cursor;

#define LINE_CURSOR_START {0, 0, {SIZE_MAX, 0}, {SIZE_MAX, 0}}

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
        if (!filter_back(c, i, &ps, &pe, &word, &ascii))
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
               word_start(c, i)) {
        /* a cue's letter: "M. X", "S.E. X", "M .X"; a suffix's: "X S.A." */
        size_t ps, pe, j = seps_forward(c, i + 1);
        bool word, ascii;
        if (j >= c->len || s[j] != '.')
            return;
        if (tok_after(c, j + 1, &ps, &pe) && capital_word_at(c, ps))
            cand_add(c, ps);
        if (filter_back(c, i, &ps, &pe, &word, &ascii) && word &&
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
        if (comma < next_byte(c, &lc->break_next, '\n', h->end) &&
            tok_after(c, comma + 1, &ts, &te) && capital_word_at(c, ts))
            cand_add(c, ts);
    }
    if ((h->kind & TRIG_MONTH) && comma_before(c, h->start))
        line_first(c, lc, h->start);
    if (h->kind & TRIG_SUFFIX) {
        size_t ps, pe;
        bool word, ascii;
        if (filter_back(c, h->start, &ps, &pe, &word, &ascii) && word &&
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
        if (ok && word_start(c, i))
            return i;
        i++;
    }
    return c->len;
}

void rctx_new_prefix(actx *c, const char *key, size_t len)
{
    cand_iter *it = c->it;
    if (!it || it->full || len == 0)
        return;
    it->high = true;
    uint8_t k0 = (uint8_t)key[0];
    if (k0 >= 0x80 || k0 < 'a' || k0 > 'z')
        return; /* (a non-ASCII letter: among the capitals of such) */
    if (it->nn == NEEDLE_MAX) {
        it->full = true;
        c->st->doc_full = true;
        return;
    }
    if (gz_grow((void **)&c->st->needles, &c->st->needles_cap, it->nn + 1,
                sizeof *c->st->needles) < 0) {
        it->nomem = true;
        return;
    }
    rules_needle *nd = &c->st->needles[it->nn];
    nd->cap = (uint8_t)(k0 - 0x20);
    nd->k1 = len > 1 && (uint8_t)key[1] < 0x80 ? (uint8_t)key[1] : 0;
    nd->k2 = len > 2 && (uint8_t)key[2] < 0x80 ? (uint8_t)key[2] : 0;
    heap_push(c, needle_next(c, nd, it->cur), (uint32_t)it->nn++);
}

/* The next capital of a non-ASCII letter that begins a word, at or after
 * i, or len. */
static size_t next_high_capital(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
#ifdef RULES_SSE2
    /* lead bytes from 0xC3 (as signed: above -62, below 0), but those of
     * the small letters of Latin-1 (0xC3 then 0x9F to 0xBF: é, à, ç) and
     * of general punctuation (0xE2 0x80: ’, «, –), which are no capitals:
     * French text is full of them */
    for (; c->len - i >= 17; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i w = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
        __m128i lead =
            _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)(0xC2 - 256))),
                          _mm_cmplt_epi8(v, _mm_setzero_si128()));
        __m128i small = _mm_and_si128(
            _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC3)),
            _mm_cmpgt_epi8(w, _mm_set1_epi8((char)(0x9E - 256))));
        __m128i punct = _mm_and_si128(
            _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2)),
            _mm_cmpeq_epi8(w, _mm_set1_epi8((char)0x80)));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_andnot_si128(_mm_or_si128(small, punct), lead));
        for (; m; m &= m - 1)
            if (capital_word_at(c, i + (size_t)__builtin_ctz(m)))
                return i + (size_t)__builtin_ctz(m);
    }
#endif
    for (; i < c->len; i++)
        if (s[i] >= 0xC2 && capital_word_at(c, i))
            return i;
    return c->len;
}

/* The next capital to look at, at or after pos (len: none). */
static size_t cand_next(actx *c, cand_win *w, size_t pos)
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
        if (it->full)
            return next_candidate(c, w, pos);
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
        if (it->high) {
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

/* Start the list: the hits' capitals, the names the document knows. */
static void cand_start(actx *c, cand_iter *it, const rules_hits *hits)
{
    memset(it, 0, sizeof *it);
    c->it = it;
    cand_collect(c, hits);
    const rtable *d = &c->st->doc;
    for (size_t i = 0; i < d->cap && d->n; i++) {
        const rt_slot *e = &d->slots[i];
        if (e->hash && e->len > 1 && d->pool[e->off] == '\1')
            rctx_new_prefix(c, d->pool + e->off + 1, e->len - 1);
    }
}

int rules_apply(rules_state *st, const gaztag_rules *r, const char *text,
                size_t len, size_t base_bytes, size_t base_cps,
                size_t base_units, const gaztag_span *in, size_t n_in,
                const rules_hits *hits, bool propagate, bool sol)
{
    actx c;
    memset(&c, 0, sizeof c);
    c.st = st;
    c.r = r;
    c.text = text;
    c.len = len;
    c.base_b = base_bytes;
    c.base_c = base_cps;
    c.base_u = base_units;
    c.in = in;
    c.n_in = n_in;
    c.propagate = propagate;
    c.sol = sol;
    st->n_out = 0;
    call_once(&upper_once, upper_init);
    (void)tok_cp_kind(0); /* the tokenizer's table, for kind_of() */
    cand_win win = {.base = (size_t)0 - 64}; /* (holds nothing yet) */
    cand_iter it;
    if (hits->found && !st->doc_full)
        cand_start(&c, &it, hits);
    for (size_t pos = 0;;) {
        pos = c.it ? cand_next(&c, &win, pos) : next_candidate(&c, &win, pos);
        if (c.it && c.it->nomem)
            return -1;
        if (c.gi < n_in && in[c.gi].end - base_bytes <= pos &&
            rctx_pass_gazetteer(&c, pos) < 0)
            return -1;
        if (pos >= len)
            break;
        if (c.gi < n_in && in[c.gi].start - base_bytes <= pos) {
            pos = in[c.gi].end - base_bytes; /* inside a gazetteer span */
            continue;
        }
        c.limit = c.gi < n_in ? in[c.gi].start - base_bytes : len;
        size_t next = pos + 1;
        bool ascii = true;
        unsigned m;
#ifdef RULES_SSE2
        if (text[pos] & 0x80 || !look_fast(&c, pos, &m, &next))
#endif
            m = worth_a_look(&c, pos, &next, &ascii);
        if ((m && rctx_try_rules(&c, pos, next, ascii, m, &next) < 0) ||
            c.nomem)
            return -1;
        pos = next > pos ? next : pos + 1;
    }
    return rctx_pass_gazetteer(&c, len) < 0 || c.nomem ? -1 : 0;
}

