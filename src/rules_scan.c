/*
 * rules_scan.c -- the pass of rules_apply(): the capitalised words of the
 * text worth a look, a filter that settles most of them, and the spans it
 * gives out, in order.
 *
 * Which capitals.  When the tagger's scan found the rules' words, only
 * those they point at (rules_cands.c); otherwise, or once a document has
 * learnt too many names, every one (next_candidate(): a layered tagger, a
 * gazetteer that keeps case, or tagger_rules_every_capital()).
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
 * blocks of 64 code points below U+10000 that hold any (CJK, most of the
 * BMP, holds none; a block is a 3-byte sequence's lead and second byte):
 * taken once from utf8proc (rctx_capital_tables()). */
static rctx_capitals capitals;
static once_flag upper_once = ONCE_FLAG_INIT;

static void upper_init(void)
{
    for (int32_t cp = 0x80; cp < 0x10000; cp++) {
        if (!is_upper_cp(cp))
            continue;
        if (cp < 0x800)
            capitals.two[cp >> 3] |= (uint8_t)(1u << (cp & 7));
        else
            capitals.three[cp >> 9] |= (uint8_t)(1u << ((cp >> 6) & 7));
    }
}

/* (rules_ctx.h) */
const rctx_capitals *rctx_capital_tables(void)
{
    call_once(&upper_once, upper_init);
    return &capitals;
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
        return (capitals.two[cp >> 3] >> (cp & 7)) & 1;
    }
    if (b >= 0xE0 && b <= 0xEF && i + 2 < len && (s[i + 1] & 0xC0) == 0x80) {
        /* (the block of 64; those below U+0800 hold no capital here) */
        unsigned blk = (unsigned)(b & 0x0F) << 6 | (s[i + 1] & 0x3F);
        if (!((capitals.three[blk >> 3] >> (blk & 7)) & 1))
            return false;
    } else if (b < 0xF0 || b > 0xF4) {
        return false;
    }
    int32_t cp;
    *n = tok_decode(s + i, len - i, &cp);
    return cp >= 0 && is_upper_cp(cp);
}

/* (rules_ctx.h) */
bool rctx_filter_back(const actx *c, size_t pos, size_t *start, size_t *end,
                      bool *word, bool *ascii)
{
    return filter_back(c, pos, start, end, word, ascii);
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

/* RULE_M_DOC when the capitalised word that ends at wend, of filter hash
 * h, may begin a name the document learnt. */
static inline unsigned doc_bit(actx *c, uint64_t h, size_t wend)
{
    return c->st->doc.n && rb_test(c->st->doc_bits, c->st->doc_order, h) &&
                   rctx_doc_may(c, h, wend)
               ? RULE_M_DOC
               : 0;
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
    m |= doc_bit(c, h, wend);
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
/* The word of the capital at pos: its end in *wend, whether it is ASCII
 * in *wascii, whether it is in capitals in *upper (upper NULL: not asked);
 * its filter hash (0: a word with other letters that has no key). */
static inline uint64_t capital_word(actx *c, size_t pos, size_t *wend,
                                    bool *wascii, bool *upper)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t len = c->len;
    char key[RULE_KEY_MAX];
    size_t kl, i;
    bool ascii = true;
    uint64_t h;
    unsigned lower = 0; /* ASCII word bytes >= 'a' are lower-case letters */
    for (i = pos + 1; i < len && tok_byte_class[s[i]] == TOK_B_WORD; i++)
        lower |= s[i] >= 'a';
    if (i < len && s[i] >= 0x80)
        i = word_end(c, pos, &ascii);
    *wend = i;
    *wascii = ascii;
    if (ascii) {
        if (upper)
            *upper = i - pos >= 2 && !lower;
        return ascii_fh(c, pos, i - pos);
    }
    rtok t;
    if ((h = rctx_word_fh(c, pos, i, false, 0, key, &kl)) == 0 || !upper)
        return h;
    make_tok(c, &t, pos, i, TOK_WORD, false);
    *upper = t.shape == SH_UPPER;
    return h;
}

static unsigned worth_a_look(actx *c, size_t pos, size_t *wend,
                             bool *wascii)
{
    bool upper;
    uint64_t h = capital_word(c, pos, wend, wascii, &upper);
    if (h == 0 && !*wascii)
        return 0;
    size_t ps = 0, pe = 0;
    bool word = false, pascii = false;
    bool first = !filter_back(c, pos, &ps, &pe, &word, &pascii);
    return filter_bits(c, pos, *wend, h, upper, first, ps, pe, word, pascii);
}

/* worth_a_look() for a capital that only the walk for the document's
 * names gave (rctx_cand_next()'s names_only): the capitals where any
 * other rule's filter may let it through come from the hits, so only the
 * document's names are asked. */
static unsigned names_look(actx *c, size_t pos, size_t *wend, bool *wascii)
{
    uint64_t h = capital_word(c, pos, wend, wascii, NULL);
    return h ? doc_bit(c, h, *wend) : 0;
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
bool rctx_word_start(const actx *c, size_t i)
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
            if (capital_at(s, j, len, &n) && rctx_word_start(c, j))
                return j;
        }
        i = w->base + 64;
    }
#else
    (void)w;
#endif
    for (; i < len; i++)
        if ((uint8_t)(s[i] - 'A') < 26 || s[i] >= 0xC2) {
            if (capital_at(s, i, len, &n) && rctx_word_start(c, i))
                return i;
        }
    return len;
}



int rules_apply(rules_state *st, const gaztag_rules *r, const char *text,
                size_t len, size_t base_bytes, size_t base_cps,
                size_t base_units, gaztag_span *in, size_t n_in,
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
    c.capitals = rctx_capital_tables();
    (void)tok_cp_kind(0); /* the tokenizer's table, for kind_of() */
    cand_win win = {.base = (size_t)0 - 64}; /* (holds nothing yet) */
    cand_iter it;
    /* (the names that lapsed in earlier pieces are not looked for) */
    if (base_bytes >= st->lapse_at && rules_doc_forget(st, base_bytes) < 0)
        return -1;
    if (hits->found)
        rctx_cand_start(&c, &it, hits);
    for (size_t pos = 0;;) {
        /* (not past a gazetteer span still to pass: a name in force at
         * its start makes it the document's person, rctx_as_person()) */
        size_t at = c.gi < n_in && in[c.gi].start - base_bytes < pos
                        ? in[c.gi].start - base_bytes
                        : pos;
        if (base_bytes + at >= st->lapse_at) {
            /* names lapse: fewer to look for */
            if (rules_doc_forget(st, base_bytes + at) < 0)
                return -1;
            if (c.it)
                rctx_names_again(&c);
        }
        bool names_only = false;
        if (c.it)
            pos = rctx_cand_next(&c, pos, &names_only);
        if (!c.it)
            pos = next_candidate(&c, &win, pos);
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
        if (names_only)
            m = names_look(&c, pos, &next, &ascii);
        else
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

