/*
 * rules_walk.c -- the walks over the text for the later mentions of a
 * document's names (rules_names.c says which names, and when).  The marks
 * of the names' first three letters (cand_iter.tri, and the same as the
 * vector walks look them up: letters, pairs) are set by rctx_walk_mark()
 * and cleared by rctx_walk_clear(); rctx_walk_next() keeps the capitals
 * A-Z that begin a word and pass the marks, and the capitals of non-ASCII
 * letters; rctx_high_next() keeps only the latter.  Each is a superset of
 * the mentions, and the same at every level the CPU allows (the baseline,
 * SSE2, AVX2, AVX-512: tagger_rules_walk_level()), which the tests and
 * fuzz_rules compare with a pass over every capital.
 */
#include "rules.h"
#include "rules_ctx.h"

#include <string.h>

#if (defined(__SSE2__) || defined(_M_X64)) && !defined(GAZTAG_NO_SIMD)
#include <emmintrin.h>
#define RULES_SSE2 1
#endif

/* The class of a byte after a name's capital in cand_iter.tri: a
 * letter's (either case), PAIR_HIGH for a byte from 0x80 (a letter the
 * key folds, perhaps), PAIR_OTHER for any other. */
enum { PAIR_HIGH = 26, PAIR_OTHER = 27 };
#define PAIR_LETTER(b) ((unsigned)(((b) | 0x20) - 'a') < 26)
#define PAIR_CLASS(b)                                                        \
    ((b) >= 0x80 ? PAIR_HIGH : PAIR_LETTER(b) ? ((b) | 0x20) - 'a' : PAIR_OTHER)
#define PAIR_4(b)                                                            \
    PAIR_CLASS(b), PAIR_CLASS((b) + 1), PAIR_CLASS((b) + 2), PAIR_CLASS((b) + 3)
#define PAIR_16(b) PAIR_4(b), PAIR_4((b) + 4), PAIR_4((b) + 8), PAIR_4((b) + 12)
#define PAIR_64(b)                                                           \
    PAIR_16(b), PAIR_16((b) + 16), PAIR_16((b) + 32), PAIR_16((b) + 48)
static const uint8_t pair_classes[256] = {PAIR_64(0), PAIR_64(64),
                                          PAIR_64(128), PAIR_64(192)};
static inline unsigned pair_class(uint8_t b)
{
    return pair_classes[b];
}

/* (rules_ctx.h) */
void rctx_walk_mark(cand_iter *it, const rules_needle *nd)
{
    unsigned cap = nd->cap - 'A';
    uint32_t *row = &it->tri[(size_t)cap * CAND_CLASSES];
    it->letters[nd->cap & 0x0F] |= (uint8_t)(nd->cap < 'P' ? 1 : 2);
    if (!nd->k1) { /* (a name of one letter, or a second from 0x80) */
        for (unsigned k = 0; k < CAND_CLASSES; k++) {
            row[k] = UINT32_MAX;
            it->pairs[32 * (k >> 3) + cap] |= (uint8_t)(1u << (k & 7));
        }
        return;
    }
    unsigned k1 = pair_class(nd->k1);
    row[PAIR_HIGH] = UINT32_MAX;
    row[k1] |=
        nd->k2 ? 1u << PAIR_HIGH | 1u << pair_class(nd->k2) : UINT32_MAX;
    it->pairs[32 * (PAIR_HIGH >> 3) + cap] |= (uint8_t)(1u << (PAIR_HIGH & 7));
    it->pairs[32 * (k1 >> 3) + cap] |= (uint8_t)(1u << (k1 & 7));
}

/* (rules_ctx.h) */
void rctx_walk_clear(cand_iter *it)
{
    memset(it->tri, 0, sizeof it->tri);
    memset(it->letters, 0, sizeof it->letters);
    memset(it->pairs, 0, sizeof it->pairs);
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
            if (rctx_capital_word_at(c, i + (size_t)__builtin_ctz(m)))
                return i + (size_t)__builtin_ctz(m);
    }
#endif
    for (; i < c->len; i++)
        if (s[i] >= 0xC2 && rctx_capital_word_at(c, i))
            return i;
    return c->len;
}

/* What the walk keeps from s[i] (i >= 1) to the text's end, a byte at a
 * time (the vector walks' last bytes). */
static size_t walk_tail(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    const uint32_t *tri = c->it->tri;
    for (; i < c->len; i++)
        if (((uint8_t)(s[i] - 'A') < 26 && tri_passes(tri, s, i, c->len) &&
             rctx_word_start(c, i)) ||
            (s[i] >= 0xC2 && rctx_capital_word_at(c, i)))
            return i;
    return c->len;
}

/* May the walk keep the first byte of the text? */
static bool walk_first(const actx *c)
{
    const uint8_t *s = (const uint8_t *)c->text;
    return c->len > 0 &&
           ((uint8_t)(s[0] - 'A') < 26 ? tri_passes(c->it->tri, s, 0, c->len)
                                       : rctx_capital_word_at(c, 0));
}

/* The next capital A-Z that begins a word, at or after i (i >= 1:
 * walk_next() looks at the first byte), that may begin a mention of one
 * of the document's names (tri_passes()), or of a non-ASCII letter
 * (next_high_capital()'s, in the same walk), or len. */
static size_t next_name_capital(const actx *c, size_t i)
{
#ifdef RULES_SSE2
    const uint8_t *s = (const uint8_t *)c->text;
    const uint32_t *tri = c->it->tri;
    size_t len = c->len;
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
                            : rctx_capital_word_at(c, j))
                return j;
        }
    }
#endif
    return walk_tail(c, i);
}

#ifdef RULES_AVX2
/* high_leads32()'s tables, by a lead's low half: the
 * lead (0: none), and the bytes after it, as signed, that make a capital,
 * from lo to hi. */
static const uint8_t hl_lead_of[16] = {0xD0, 0xD1, 0xE2, 0xC3, [14] = 0xCE,
                                       0xCF};
static const uint8_t hl_lo_of[16] = {0x80, 0xA0, 0x81, 0x80, [14] = 0x80,
                                     0x8F};
static const uint8_t hl_hi_of[16] = {0xAF, 0x7F, 0x7F, 0x9E, [14] = 0xAB,
                                     0x7F};

/* high_leads() for the 32 bytes of v (w: the 32 after its first).  The
 * six leads with small letters or punctuation after them (0xC3, 0xCE,
 * 0xCF, 0xD0, 0xD1, 0xE2) differ in their low halves: a lead is one of
 * them when it equals lead_of[its low half], and a capital only with the
 * byte after it, as signed, from lo_of[that half] to hi_of[it] (the same
 * bytes as high_leads()'s tests). */
__attribute__((target("avx2"))) static inline unsigned
high_leads32(__m256i v, __m256i w)
{
#define HL_32(t)                                                             \
    _mm256_broadcastsi128_si256(                                             \
        _mm_loadu_si128((const __m128i *)(const void *)(t)))
    const __m256i lead_of = HL_32(hl_lead_of);
    const __m256i lo_of = HL_32(hl_lo_of);
    const __m256i hi_of = HL_32(hl_hi_of);
#undef HL_32
    /* (from 0xC3: as signed, above -62 and below 0) */
    __m256i lead = _mm256_and_si256(
        _mm256_cmpgt_epi8(v, _mm256_set1_epi8((char)(0xC2 - 256))),
        _mm256_cmpgt_epi8(_mm256_setzero_si256(), v));
    __m256i half = _mm256_and_si256(v, _mm256_set1_epi8(0x0F));
    __m256i named = _mm256_cmpeq_epi8(v, _mm256_shuffle_epi8(lead_of, half));
    __m256i out = _mm256_or_si256(
        _mm256_cmpgt_epi8(_mm256_shuffle_epi8(lo_of, half), w),
        _mm256_cmpgt_epi8(w, _mm256_shuffle_epi8(hi_of, half)));
    return (unsigned)_mm256_movemask_epi8(
        _mm256_andnot_si256(_mm256_and_si256(named, out), lead));
}

/* What walk_fast32() found at the position it returns. */
enum { WALK_NONE = -1, WALK_FOUND, WALK_ASK };

/* What the vector walks make of the byte s[j] they kept (j + 2 < len, a
 * capital A-Z or a non-ASCII lead): a capital A-Z that tri_passes() keeps
 * is settled after an ASCII byte (WALK_FOUND; the caller knows whether a
 * word may begin there) and asked after a byte from 0x80 (WALK_ASK), as is
 * every non-ASCII lead. */
static inline int walk_keep(const uint8_t *s, size_t j, size_t len,
                            const uint32_t *tri)
{
    if (s[j] >= 0x80)
        return WALK_ASK;
    if (!tri_passes(tri, s, j, len))
        return WALK_NONE;
    return s[j - 1] >= 0x80 ? WALK_ASK : WALK_FOUND;
}

/* next_name_capital()'s walk 32 bytes at a time with AVX2, from s[*i]
 * (*i >= 1) while 34 bytes are left: the position where it stopped, in
 * *i.  A byte is kept by its letter, one of the capitals marked
 * (`letters`, looked up by the byte's two halves), not as any A-Z;
 * whether a word begins there is asked of the bytes kept only.  A capital
 * A-Z after an ASCII byte is settled here (WALK_FOUND); one after a byte
 * from 0x80, or of a non-ASCII letter, is for the caller to ask
 * (WALK_ASK).  Nothing here calls out, so that the loop keeps its vector
 * constants in registers (a call would have them reloaded each block).
 * On the shared benchmark's one file, 2.3 million capitals begin words,
 * and the document's names in force begin with about half of the
 * letters. */
__attribute__((target("avx2"))) static int
walk_fast32(const uint8_t *s, size_t len, const uint32_t *tri,
            const uint8_t *letters, size_t *at)
{
    const __m256i lo_tbl = _mm256_broadcastsi128_si256(
        _mm_loadu_si128((const __m128i *)(const void *)letters));
    /* (the high half of A-O is 4, of P-Z 5) */
    const __m256i hi_tbl = _mm256_setr_epi8(
        0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* */
        0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m256i nib = _mm256_set1_epi8(0x0F);
    size_t i = *at;
    for (; len - i >= 34; i += 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        __m256i in = _mm256_and_si256(
            _mm256_shuffle_epi8(lo_tbl, _mm256_and_si256(v, nib)),
            _mm256_shuffle_epi8(
                hi_tbl, _mm256_and_si256(_mm256_srli_epi16(v, 4), nib)));
        unsigned m = ~(unsigned)_mm256_movemask_epi8(
            _mm256_cmpeq_epi8(in, _mm256_setzero_si256()));
        if (_mm256_movemask_epi8(v))
            m |= high_leads32(v, _mm256_loadu_si256(
                                     (const __m256i *)(const void *)(s + i + 1)));
        for (; m; m &= m - 1) {
            size_t j = i + (size_t)__builtin_ctz(m);
            int r = walk_keep(s, j, len, tri);
            /* (a capital after an ASCII letter or digit begins no word) */
            if (r == WALK_FOUND && tok_byte_class[s[j - 1]] == TOK_B_WORD)
                r = WALK_NONE;
            if (r != WALK_NONE) {
                *at = j;
                return r;
            }
        }
    }
    *at = i;
    return WALK_NONE;
}

/* rctx_capitals in registers, for high_caps64(). */
typedef struct caps64 {
    __m512i two[4], three[2];
} caps64;

__attribute__((target("avx512f,avx512bw"))) static inline caps64
caps64_load(const rctx_capitals *u)
{
    caps64 t;
    for (size_t k = 0; k < 4; k++)
        t.two[k] = _mm512_loadu_si512((const void *)(u->two + 64 * k));
    for (size_t k = 0; k < 2; k++)
        t.three[k] = _mm512_loadu_si512((const void *)(u->three + 64 * k));
    return t;
}

/* 1 << k at byte k of each 16 bytes (the bit of a byte's low 3 bits). */
#define BIT_OF_64                                                            \
    _mm512_broadcast_i32x4(_mm_setr_epi8(1, 2, 4, 8, 16, 32, 64, (char)128,  \
                                         0, 0, 0, 0, 0, 0, 0, 0))

/* The bytes of v (64 of the text; w: the 64 after its first) that may
 * lead a capital of a non-ASCII letter, as rctx_capital_at() tells them
 * by its tables (t; bit_of: BIT_OF_64): a 2-byte sequence's lead whose
 * code point is a capital, a 3-byte one's whose block of 64 code points
 * holds one, and every 4-byte lead.  So not the small letters of Latin
 * Extended-A (ą, ł, ś) nor the box drawing, arrows, CJK and Hangul of
 * many texts, which high_leads32() keeps.  The lead's low 5 bits and the
 * second byte's bits 3 to 5 look up a byte of the lead's table (VBMI's
 * look-up in 128 bytes: two[] by halves, three[]), then the second byte's
 * low 3 bits its bit. */
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) static inline uint64_t
high_caps64(__m512i v, __m512i w, const caps64 *t, __m512i bit_of)
{
    __mmask64 cont = _mm512_cmplt_epu8_mask(
        _mm512_xor_si512(w, _mm512_set1_epi8((char)0x80)),
        _mm512_set1_epi8(0x40));
    __mmask64 two = _mm512_cmplt_epu8_mask(
        _mm512_sub_epi8(v, _mm512_set1_epi8((char)0xC2)),
        _mm512_set1_epi8(0xE0 - 0xC2));
    __mmask64 three = _mm512_cmplt_epu8_mask(
        _mm512_sub_epi8(v, _mm512_set1_epi8((char)0xE0)),
        _mm512_set1_epi8(0x10));
    __mmask64 four = _mm512_cmplt_epu8_mask(
        _mm512_sub_epi8(v, _mm512_set1_epi8((char)0xF0)),
        _mm512_set1_epi8(5));
    /* (a code point >> 3 below U+0800, or a block >> 3) */
    __m512i idx = _mm512_or_si512(
        _mm512_and_si512(_mm512_slli_epi16(v, 3),
                         _mm512_set1_epi8((char)0xF8)),
        _mm512_and_si512(_mm512_srli_epi16(w, 3), _mm512_set1_epi8(7)));
    __m512i row = _mm512_mask_blend_epi8(
        _mm512_movepi8_mask(idx),
        _mm512_permutex2var_epi8(t->two[0], idx, t->two[1]),
        _mm512_permutex2var_epi8(t->two[2], idx, t->two[3]));
    row = _mm512_mask_blend_epi8(
        three, row, _mm512_permutex2var_epi8(t->three[0], idx, t->three[1]));
    __m512i bit =
        _mm512_shuffle_epi8(bit_of, _mm512_and_si512(w, _mm512_set1_epi8(7)));
    return (_mm512_test_epi8_mask(row, bit) & (two | three) & cont) | four;
}

/* The bytes of v (w: the 64 after its first) from 0xC3 that high_caps64()
 * must look up: not 0xC3 before 0x9F to 0xBF (the small letters of
 * Latin-1, U+00DF to U+00FF) nor 0xE2 before 0x80 (general punctuation,
 * U+2000 to U+203F), which lead no capital and are most of the bytes from
 * 0x80 in French and English text (0xC2, U+0080 to U+00BF, leads none
 * either).  When there are none, high_caps64() would give 0: a block of
 * French is settled by four comparisons instead of its table look-ups. */
__attribute__((target("avx512f,avx512bw"))) static inline uint64_t
odd_leads64(__m512i v, __m512i w)
{
    __mmask64 lead = _mm512_cmpge_epu8_mask(v, _mm512_set1_epi8((char)0xC3));
    __mmask64 small =
        _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0xC3)) &
        _mm512_cmpge_epu8_mask(w, _mm512_set1_epi8((char)0x9F));
    __mmask64 punct =
        _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0xE2)) &
        _mm512_cmpeq_epi8_mask(w, _mm512_set1_epi8((char)0x80));
    return lead & ~(small | punct);
}

/* walk_fast32()'s walk 64 bytes at a time with AVX-512, while 66 bytes
 * are left.  A capital A-Z is kept only where the byte before it is no
 * ASCII letter or digit and the class of the byte after it is marked for
 * it (`pairs`, cand_iter.pairs: one look-up in a table of 128 bytes for
 * the 64 bytes), so that most blocks keep none: the AVX2 walk keeps
 * every capital of the letters marked (2.9 million on the shared
 * benchmark's one file, of which tri_passes() keeps one in twenty), and
 * the loop over them ends where no branch predictor foresees it. */
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) static int
walk_fast64(const uint8_t *s, size_t len, const uint32_t *tri,
            const uint8_t *pairs, const rctx_capitals *capitals, size_t *at)
{
    /* (the classes of the ASCII bytes: pair_classes' first 128) */
    const __m512i cls_lo = _mm512_loadu_si512((const void *)pair_classes);
    const __m512i cls_hi =
        _mm512_loadu_si512((const void *)(pair_classes + 64));
    const __m512i pair_lo = _mm512_loadu_si512((const void *)pairs);
    const __m512i pair_hi = _mm512_loadu_si512((const void *)(pairs + 64));
    const __m512i bit_of = BIT_OF_64;
    const caps64 caps = caps64_load(capitals);
    const __m512i cap_a = _mm512_set1_epi8('A');
    const __m512i small_a = _mm512_set1_epi8('a');
    const __m512i zero = _mm512_set1_epi8('0');
    const __m512i x20 = _mm512_set1_epi8(0x20);
    const __m512i n26 = _mm512_set1_epi8(26);
    size_t i = *at;
    for (; len - i >= 66; i += 64) {
        __m512i v = _mm512_loadu_si512((const void *)(s + i));
        __m512i next = _mm512_loadu_si512((const void *)(s + i + 1));
        __m512i prev = _mm512_loadu_si512((const void *)(s + i - 1));
        __m512i cap = _mm512_sub_epi8(v, cap_a);
        __mmask64 m = _mm512_cmplt_epu8_mask(cap, n26);
        /* (the next byte's class: a letter's, PAIR_OTHER, or PAIR_HIGH) */
        __m512i cls = _mm512_mask_mov_epi8(
            _mm512_permutex2var_epi8(cls_lo, next, cls_hi),
            _mm512_movepi8_mask(next), _mm512_set1_epi8(PAIR_HIGH));
        __m512i idx = _mm512_or_si512(
            _mm512_and_si512(_mm512_slli_epi16(cls, 2),
                             _mm512_set1_epi8(0x60)),
            _mm512_and_si512(cap, _mm512_set1_epi8(0x1F)));
        __m512i row = _mm512_permutex2var_epi8(pair_lo, idx, pair_hi);
        __m512i bit = _mm512_shuffle_epi8(
            bit_of, _mm512_and_si512(cls, _mm512_set1_epi8(7)));
        m &= _mm512_test_epi8_mask(row, bit);
        m &= ~(_mm512_cmplt_epu8_mask(
                   _mm512_sub_epi8(_mm512_or_si512(prev, x20), small_a),
                   n26) |
               _mm512_cmplt_epu8_mask(_mm512_sub_epi8(prev, zero),
                                      _mm512_set1_epi8(10)));
        if (_mm512_movepi8_mask(v) && odd_leads64(v, next))
            m |= high_caps64(v, next, &caps, bit_of);
        for (; m; m &= m - 1) {
            size_t j = i + (size_t)__builtin_ctzll(m);
            int r = walk_keep(s, j, len, tri);
            if (r != WALK_NONE) {
                *at = j;
                return r;
            }
        }
    }
    *at = i;
    return WALK_NONE;
}

/* next_name_capital() with AVX2 (walk_fast32()), or AVX-512 as far as it
 * goes (walk_fast64()). */
static size_t next_name_capital_avx2(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    bool wide = rctx_avx512(c); /* (then AVX2 for the last 65 bytes) */
    for (;;) {
        int r = wide ? walk_fast64(s, c->len, c->it->tri, c->it->pairs,
                                   c->capitals, &i)
                     : walk_fast32(s, c->len, c->it->tri, c->it->letters, &i);
        if (r == WALK_NONE && wide) {
            wide = false;
            continue;
        }
        if (r == WALK_NONE)
            return walk_tail(c, i);
        if (r == WALK_FOUND || (s[i] < 0x80 ? rctx_word_start(c, i)
                                            : rctx_capital_word_at(c, i)))
            return i;
        i++;
    }
}

/* next_high_capital() 32 bytes at a time with AVX2. */
__attribute__((target("avx2"))) static size_t
next_high_capital_avx2(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    for (; c->len - i >= 33; i += 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        if (!_mm256_movemask_epi8(v))
            continue; /* ASCII only (most of English text) */
        __m256i w =
            _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 1));
        for (unsigned m = high_leads32(v, w); m; m &= m - 1)
            if (rctx_capital_word_at(c, i + (size_t)__builtin_ctz(m)))
                return i + (size_t)__builtin_ctz(m);
    }
    return next_high_capital(c, i);
}

/* The first block of 64 bytes of the text from *i, while 65 are left,
 * with a lead high_caps64() keeps: its mask (*i at the block), or 0 (*i
 * where it stopped).  (No call in the loop: its constants stay in
 * registers.) */
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) static uint64_t
high_block64(const actx *c, size_t *i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t len = c->len;
    const __m512i bit_of = BIT_OF_64;
    const caps64 caps = caps64_load(c->capitals);
    size_t j = *i;
    for (; len - j >= 65; j += 64) {
        __m512i v = _mm512_loadu_si512((const void *)(s + j));
        if (!_mm512_movepi8_mask(v))
            continue; /* ASCII only (most of English text) */
        __m512i w = _mm512_loadu_si512((const void *)(s + j + 1));
        if (!odd_leads64(v, w))
            continue; /* small letters of Latin-1, punctuation */
        uint64_t m = high_caps64(v, w, &caps, bit_of);
        if (m) {
            *i = j;
            return m;
        }
    }
    *i = j;
    return 0;
}

/* next_high_capital() 64 bytes at a time with AVX-512, then with AVX2. */
static size_t next_high_capital_avx512(const actx *c, size_t i)
{
    for (;; i += 64) {
        uint64_t m = high_block64(c, &i);
        if (!m)
            return next_high_capital_avx2(c, i);
        for (; m; m &= m - 1)
            if (rctx_capital_word_at(c, i + (size_t)__builtin_ctzll(m)))
                return i + (size_t)__builtin_ctzll(m);
    }
}

#endif

/* (rules_ctx.h) */
size_t rctx_high_next(const actx *c, size_t i)
{
#ifdef RULES_AVX2
    if (rctx_avx512(c))
        return next_high_capital_avx512(c, i);
    if (rctx_avx2(c))
        return next_high_capital_avx2(c, i);
#endif
    return next_high_capital(c, i);
}

/* (rules_ctx.h) */
size_t rctx_walk_next(const actx *c, size_t i)
{
    if (i == 0 && walk_first(c))
        return 0;
    if (i == 0)
        i = 1; /* (the walks look at the byte before) */
#ifdef RULES_AVX2
    if (rctx_avx2(c))
        return next_name_capital_avx2(c, i);
#endif
    return next_name_capital(c, i);
}
