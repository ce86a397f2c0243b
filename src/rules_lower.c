/*
 * rules_lower.c -- is a capitalised word also a word of the prose around
 * it, written in lower case (rctx_lower_near())?  The document's rule asks
 * it of a learnt last name (rules_doc.c: "German Government", "the
 * government"), the cues' rule of a one-word place (rules_cue.c: "la
 * Boîte à Outils", "les outils") and the given names' rule of a name's
 * third word (rules_apply.c: "Alan Jay Lerner Maybe", "maybe"), through
 * rctx_common_word().
 *
 * The search reads the text at hand (a piece of a stream) 32 KiB either
 * way of the word, for the key's bytes as a word of prose: not inside
 * another word, an address or a file name.  Places are filtered by the
 * key's first and last bytes, 64 at a time with AVX-512, 32 with AVX2 or
 * 16 with SSE2, and checked one by one.
 */
#include "rules.h"
#include "rules_ctx.h"

#include "tokenize.h"

#include <string.h>

#if (defined(__SSE2__) || defined(_M_X64)) && !defined(GAZTAG_NO_SIMD)
#include <emmintrin.h>
#define RULES_LOWER_SSE2 1
#endif

/* How far from a word the text is searched for it in lower case: a news
 * article, whole. */
#define LOWER_NEAR ((size_t)32 * 1024)

/* May a word of prose begin at s[k] (not mid-word, not in an address:
 * a space, a bracket, a quote or an apostrophe before it)? */
static bool prose_before(const uint8_t *s, size_t k)
{
    if (k == 0)
        return true;
    uint8_t b = s[k - 1];
    if (b < 0x80)
        return b == '(' || b == '"' || b == '\'' ||
               (b != '-' && tok_byte_class[b] == TOK_B_SEP);
    return (k >= 2 && s[k - 2] == 0xC2 && (b == 0xA0 || b == 0xAB)) ||
           (k >= 3 && s[k - 3] == 0xE2 && s[k - 2] == 0x80 &&
            (b == 0x99 || b == 0x9C || b == 0xAF));
}

/* May a word of prose end at s[k] (len: the text's end): no letter, digit,
 * '@', '/' or '_' after it, nor a '.' or '-' and a letter (an address, a
 * file name)? */
static bool prose_after(const uint8_t *s, size_t k, size_t len)
{
    if (k == len)
        return true;
    uint8_t b = s[k];
    if (b >= 0x80 || tok_byte_class[b] == TOK_B_WORD || b == '@' ||
        b == '/' || b == '_')
        return b == 0xC2 || b == 0xE2; /* a no-break space, a quote */
    if ((b == '.' || b == '-') && k + 1 < len && s[k + 1] < 0x80 &&
        tok_byte_class[s[k + 1]] == TOK_B_WORD)
        return false;
    return true;
}

/* Is the prose's word key[0..kl) at s[k] (a place where its first and
 * last bytes are)? */
static inline bool lower_at(const actx *c, const char *key, size_t kl,
                            size_t k)
{
    const uint8_t *s = (const uint8_t *)c->text;
    return memcmp(s + k, key, kl) == 0 && prose_before(s, k) &&
           prose_after(s, k + kl, c->len);
}

#if defined(RULES_AVX2) || defined(RULES_LOWER_SSE2)
/* Is the key in lower case (lower_at()) at j + k for a bit k of m? */
static inline bool lower_among(const actx *c, const char *key, size_t kl,
                               size_t j, uint64_t m)
{
    for (; m; m &= m - 1)
        if (lower_at(c, key, kl, j + (size_t)__builtin_ctzll(m)))
            return true;
    return false;
}
#endif

#ifdef RULES_AVX2
/* in_lower_case_near()'s search of s[*i..hi) 32 places at a time, with
 * AVX2; *i: where it stopped, when it found none. */
__attribute__((target("avx2"))) static bool
lower_near_avx2(const actx *c, const char *key, size_t kl, size_t *i,
                size_t hi)
{
    const uint8_t *s = (const uint8_t *)c->text;
    const __m256i first = _mm256_set1_epi8(key[0]);
    const __m256i last = _mm256_set1_epi8(key[kl - 1]);
    size_t j = *i; /* (not *i in the loop: the text's bytes may alias it) */
    /* 64 places a turn, one branch for both halves: most have neither */
    for (; hi - j >= kl + 63; j += 64) {
        const uint8_t *p = s + j;
        __m256i m0 = _mm256_and_si256(
            _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)p),
                              first),
            _mm256_cmpeq_epi8(
                _mm256_loadu_si256((const __m256i *)(const void *)(p + kl - 1)),
                last));
        __m256i m1 = _mm256_and_si256(
            _mm256_cmpeq_epi8(
                _mm256_loadu_si256((const __m256i *)(const void *)(p + 32)), first),
            _mm256_cmpeq_epi8(
                _mm256_loadu_si256((const __m256i *)(const void *)(p + 31 + kl)),
                last));
        __m256i any = _mm256_or_si256(m0, m1);
        if (_mm256_testz_si256(any, any))
            continue;
        uint64_t m = (uint32_t)_mm256_movemask_epi8(m0) |
                     (uint64_t)(uint32_t)_mm256_movemask_epi8(m1) << 32;
        if (lower_among(c, key, kl, j, m))
            return true;
    }
    for (; hi - j >= kl + 31; j += 32) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(s + j));
        __m256i b = _mm256_loadu_si256(
            (const __m256i *)(const void *)(s + j + kl - 1));
        unsigned m = (unsigned)_mm256_movemask_epi8(_mm256_and_si256(
            _mm256_cmpeq_epi8(a, first), _mm256_cmpeq_epi8(b, last)));
        if (lower_among(c, key, kl, j, m))
            return true;
    }
    *i = j;
    return false;
}

/* lower_near_avx2() 64 places at a time with AVX-512: two compares into
 * mask registers and one test a turn. */
__attribute__((target("avx512f,avx512bw"))) static bool
lower_near_avx512(const actx *c, const char *key, size_t kl, size_t *i,
                  size_t hi)
{
    const uint8_t *s = (const uint8_t *)c->text;
    const __m512i first = _mm512_set1_epi8(key[0]);
    const __m512i last = _mm512_set1_epi8(key[kl - 1]);
    size_t j = *i; /* (not *i in the loop: the text's bytes may alias it) */
    for (; hi - j >= kl + 63; j += 64) {
        const uint8_t *p = s + j;
        uint64_t m =
            _mm512_cmpeq_epi8_mask(_mm512_loadu_si512((const void *)p),
                                   first) &
            _mm512_cmpeq_epi8_mask(
                _mm512_loadu_si512((const void *)(p + kl - 1)), last);
        if (lower_among(c, key, kl, j, m))
            return true;
    }
    *i = j;
    return false;
}
#endif

/* (rules_ctx.h) */
bool rctx_lower_near(const actx *c, const char *key, size_t kl, size_t at)
{
    const uint8_t *s = (const uint8_t *)c->text;
    for (size_t i = 0; i < kl; i++)
        if (tok_byte_class[(uint8_t)key[i]] != TOK_B_WORD)
            return false; /* (and bytes from 0x80: not searched) */
    size_t lo = at > LOWER_NEAR ? at - LOWER_NEAR : 0;
    size_t hi = c->len - at > LOWER_NEAR ? at + LOWER_NEAR : c->len;
    size_t i = lo;
#ifdef RULES_AVX2
    if (rctx_avx512(c) && lower_near_avx512(c, key, kl, &i, hi))
        return true;
    if (rctx_avx2(c) && lower_near_avx2(c, key, kl, &i, hi))
        return true;
#endif
#ifdef RULES_LOWER_SSE2
    /* 16 places at a time: those where the key's first and last bytes are */
    const __m128i first = _mm_set1_epi8(key[0]);
    const __m128i last = _mm_set1_epi8(key[kl - 1]);
    for (; hi - i >= kl + 15; i += 16) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i b = _mm_loadu_si128(
            (const __m128i *)(const void *)(s + i + kl - 1));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last)));
        if (lower_among(c, key, kl, i, m))
            return true;
    }
#endif
    for (; hi - i >= kl; i++)
        if (s[i] == (uint8_t)key[0] && lower_at(c, key, kl, i))
            return true;
    return false;
}
