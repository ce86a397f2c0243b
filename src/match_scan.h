/*
 * match_scan.h -- what the matcher (match.c) and its fast scan
 * (match_scan.c) share inside the match module: the ASCII word tests done
 * 8 or 16 bytes at a time, the fast scan's token, and the window
 * operations the scan needs.  Internal: nothing outside src/match*.c
 * includes it.
 */
#ifndef GAZTAG_MATCH_SCAN_H
#define GAZTAG_MATCH_SCAN_H

#include "alloc.h"
#include "match.h"

#if defined(__SSE2__) && !defined(GAZTAG_NO_SIMD)
#include <emmintrin.h>
#endif

#if defined(__SSE2__) && !defined(GAZTAG_NO_SIMD)
/* Bit k set when byte k of the 16 at p is not an ASCII letter or digit.
 * Signed byte compares after a shift of each range to the bottom of the
 * signed range: (x | 0x20) + 0x1F < -102 is a letter, x + 0x50 < -118 a
 * digit (bytes >= 0x80 never are). */
#define SCAN_ALPHA_ADD 0x1F
#define SCAN_ALPHA_BELOW (-102)
#define SCAN_DIGIT_ADD 0x50
#define SCAN_DIGIT_BELOW (-118)

static inline unsigned nonword16(const uint8_t *p)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i alpha = _mm_cmplt_epi8(
        _mm_add_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)),
                     _mm_set1_epi8(SCAN_ALPHA_ADD)),
        _mm_set1_epi8(SCAN_ALPHA_BELOW));
    __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8(SCAN_DIGIT_ADD)),
                                   _mm_set1_epi8(SCAN_DIGIT_BELOW));
    return ~(unsigned)_mm_movemask_epi8(_mm_or_si128(alpha, digit)) & 0xFFFFu;
}
#endif

/* The end of the ASCII word run starting at s[i] (a word byte): 16 bytes
 * at a time with SSE2, else 8 with the lane arithmetic above. */
static inline size_t word_end(const uint8_t *s, size_t i, size_t n)
{
#if defined(__SSE2__) && !defined(GAZTAG_NO_SIMD)
    while (n - i >= 16) {
        unsigned stop = nonword16(s + i);
        if (stop)
            return i + (size_t)__builtin_ctz(stop);
        i += 16;
    }
#endif
    i = gzf_alnum_run8(s, i, n);
    while (i < n && tok_byte_class[s[i]] == TOK_B_WORD)
        i++;
    return i;
}

/* The bits of hash h in m->trig_bits. */
static inline uint64_t match_trig_bit(uint64_t h, unsigned k)
{
    return (k ? h >> 40 : h) & (MATCH_TRIG_BITS - 1);
}

/* What the token of key hash h is to the rules: 0, or its TRIG_ kind,
 * with the gazetteer's own start filter answer for it in *start (the
 * scan's copy says 2 for every such word), and in *accented whether the
 * key is MATCH_TRIG_ACCENTED (an ASCII token of it is not noted:
 * "special" is no "spécial"). */
static inline uint8_t match_trigger(const match_state *m, uint64_t h,
                                    int *start, bool *accented)
{
    uint64_t a = match_trig_bit(h, 0), b = match_trig_bit(h, 1);
    if (!((m->trig_bits[a >> 6] >> (a & 63)) & (m->trig_bits[b >> 6] >> (b & 63)) & 1))
        return 0;
    for (size_t i = (size_t)(h >> 20) & m->trig_mask;;
         i = (i + 1) & m->trig_mask) {
        if (m->trig_hash[i] == h) {
            unsigned st = m->trig_start[i];
            *start = (int)(st & MATCH_TRIG_REAL);
            *accented = (st & MATCH_TRIG_ACCENTED) != 0;
            return m->trig_kind[i];
        }
        if (m->trig_hash[i] == 0)
            return 0;
    }
}

/* If the token t of key hash h is a word of the rules, note it in
 * m->hits and set *start to the gazetteer's own start filter answer (the
 * scan's copy says 2 for every such word).  0, or -1 for out of memory. */
int match_note_trigger(match_state *m, const tok_token *t, uint64_t h,
                       int *start);

/* Note token t, a word of the rules of kind `kind`, in m->hits (not when
 * it begins with a small ASCII letter and its kinds need a capital).  0,
 * or -1 for out of memory. */
static inline int match_note(match_state *m, const tok_token *t, uint8_t kind)
{
    if (!(kind & ~m->trig_capital) && (uint8_t)(m->ts.s[t->start] - 'a') < 26)
        return 0; /* ("jean", "group": no given name, no suffix) */
    /* (a token the scan noted may come again as the window's first: the
     * hits are in order but for that, so a new one starts after the last) */
    if (m->n_hits && m->hits[m->n_hits - 1].start >= t->start)
        for (size_t k = m->n_hits; k-- > 0 && k + 2 >= m->n_hits;)
            if (m->hits[k].start == t->start)
                return 0;
    if (m->n_hits == m->hits_cap &&
        gz_grow((void **)&m->hits, &m->hits_cap, m->n_hits + 1,
                sizeof *m->hits) < 0)
        return -1;
    m->hits[m->n_hits++] = (match_hit){t->start, t->end, kind};
    return 0;
}

/* The kind of the token s[start..end) of s[0..n) when it is a one-byte
 * mark found by its byte (match_triggers.byte_kind), else 0.  Also 0 when
 * the ASCII byte after it says the pass would find nothing there: a small
 * letter ("(see"); after "(", any other byte but a capital or a space
 * ("(1)", "()": the pass looks at a capital right after it, an acronym,
 * or after spaces, a dateline's agency, rctx_dateline_ahead()); after a
 * capital letter, any other byte but a full stop or a separator ("B)",
 * "M/": the pass wants "M. X", "S.A.", a full stop after separators). */
static inline uint8_t match_byte_mark(const match_state *m, const uint8_t *s,
                                      size_t n, size_t start, size_t end)
{
    if (end - start != 1 || s[start] >= 0x80)
        return 0;
    uint8_t kind = m->trig_byte_kind[s[start]];
    /* (TRIG_PAREN & 2 is 0, TRIG_LETTER & 2 is 2: mark_next's bit) */
    if (end < n && !((m->mark_next[s[end]] >> ((kind & 2) >> 1)) & 1))
        return 0;
    return kind;
}

/* Is the resolved token mt "à" or "À" (match_triggers.grave_hash)? */
static inline bool match_is_grave(const match_state *m, const match_tok *mt)
{
    return !mt->tok.ascii && mt->hash == m->trig_grave_hash;
}

/* Is a full stop the next byte from s[i] of s[0..n) but ASCII separators
 * on the line (or one from 0x80, which may be a separator: the rules'
 * pass looks)? */
static inline bool match_stop_after(const uint8_t *s, size_t n, size_t i)
{
    while (i < n && s[i] != '\n' && tok_byte_class[s[i]] == TOK_B_SEP)
        i++;
    return i < n && (s[i] == '.' || s[i] >= 0x80);
}

/* A token of the fast scan: text[start..end), its class and key hash. */
typedef struct scan_tok {
    size_t start, end;
    uint8_t cls;
    uint64_t hash;
} scan_tok;

/* Hash a new token's key; a non-ASCII token is keyed and resolved now
 * (or answered by the raw-token cache).  Returns 0, or -1 for out of
 * memory. */
int match_enter(match_state *m, match_tok *mt);

/* Put the ASCII token text[start..end), already hashed, at the end of the
 * window (the stream's corrections apply: everything since is ASCII). */
void match_push_ascii(match_state *m, size_t start, size_t end, uint8_t cls,
                      uint64_t h);

/* Put a token the tokenizer cut, entered, at the end of the window. */
void match_push(match_state *m, const match_tok *mt);

#endif
