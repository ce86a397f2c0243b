/*
 * match_scan.c -- the fast scan of the matcher: from the window's end to
 * the next token that may start a match, without building the tokens in
 * between (see match.h).
 *
 * The text is classified 64 bytes at a time into three masks (ASCII letters
 * and digits, non-ASCII bytes, bytes above 0x20); tokens are found by
 * counting trailing zeros.  A plain ASCII token is hashed straight from the
 * bytes (a word of up to 8 bytes through the table of recent words), a
 * non-ASCII one is cut by the tokenizer and answered by the raw-token
 * cache (match_enter()).  The start filter says whether the token may
 * start a name; a token that may only begin a longer one waits for the
 * pair filter's answer on the next.  The scan is compiled twice on x86-64
 * with GCC or Clang: for the baseline (SSE2) and for CPUs with AVX2 and
 * BMI2, whose three-operand vector forms and shifts by any register take
 * about 5% fewer instructions; match_init() picks one at run time.
 */
#include "match.h"
#include "match_scan.h"

#include <string.h>

#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__) && \
    !defined(GAZTAG_NO_SIMD)
#define MATCH_SCAN_AVX2 1
#include <immintrin.h>
#endif

/* A pending starter of the fast scan: the token, and the stream's
 * corrections just after it (where the scan resumes if it is the
 * candidate).  An ASCII token's offsets follow from the corrections; a
 * non-ASCII one keeps its whole token and its resolved state. */
typedef struct scan_pending {
    scan_tok t;
    bool ascii;
    size_t cskip, usupp;
    match_tok full; /* !ascii: the token as the tokenizer cut it */
} scan_pending;

/* Cut, hash and resolve the non-ASCII token (or ASCII word running into a
 * non-ASCII byte) at the stream's position, as fill() would; *start is its
 * start filter answer.  False at the end of the text, or -1 for out of
 * memory (through *rc). */
static bool scan_unicode(match_state *m, match_tok *mt, int *start, int *rc)
{
    if (!tok_next(&m->ts, &mt->tok))
        return false;
    if (match_enter(m, mt) < 0) {
        *rc = -1;
        return false;
    }
    /* (The tokenizer may have skipped non-ASCII separators to an ASCII
     * token, which enter() leaves unresolved.) */
    *start = mt->state == TOK_UNKNOWN
                 ? 0
                 : gzf_start_test(m->start_filter, m->start_words, mt->hash);
    /* (an unknown token may still be a word of the rules; so may an ASCII
     * token after non-ASCII separators, "(" or a capital letter) */
    if (m->trig_hash) {
        int st = mt->state == TOK_UNKNOWN
                     ? gzf_start_test(m->start_filter, m->start_words, mt->hash)
                     : *start;
        if ((st == 2 || match_byte_mark(m, m->ts.s, m->ts.len, mt->tok.start,
                                        mt->tok.end)) &&
            match_note_trigger(m, &mt->tok, mt->hash, start) < 0)
            *rc = -1;
        if (m->trig_grave && match_is_grave(m, mt) &&
            match_note(m, &mt->tok, m->trig_grave) < 0)
            *rc = -1;
    }
    if (mt->state == TOK_UNKNOWN)
        *start = 0;
    return true;
}

/* Put the pending starter at the end of the window and resume the scan
 * just after it. */
static void push_pending(match_state *m, const scan_pending *p)
{
    m->ts.cskip = p->cskip;
    m->ts.usupp = p->usupp;
    m->ts.pos = p->t.end;
    if (p->ascii) {
        match_push_ascii(m, p->t.start, p->t.end, p->t.cls, p->t.hash);
        return;
    }
    match_push(m, &p->full);
}

/* The fast scan's view of the 64 bytes of text from `base`: bit k of each
 * mask stands for byte base + k, and bytes past the text's end count as
 * spaces.  Tokens are found by bit scans over these masks instead of a
 * loop over bytes: a space costs nothing, a token a few instructions
 * before its hash. */
typedef struct scan_window {
    size_t base;
    uint64_t word;  /* ASCII letters and digits */
    uint64_t high;  /* bytes from 0x80: for the tokenizer */
    uint64_t token; /* above 0x20: a token's byte, or one of the few ASCII
                     * separators above it (' - DEL), which the scan checks */
} scan_window;

#if defined(__SSE2__) && !defined(GAZTAG_NO_SIMD)
#define SCAN_STEP 16
/* The window's three masks for 16 bytes at p, as bits 0..15. */
static inline void classify(const uint8_t *p, uint64_t *word, uint64_t *high,
                            uint64_t *token)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    unsigned h = (unsigned)_mm_movemask_epi8(x);
    /* (a signed compare: high bytes are below 0x21 there, and put back) */
    __m128i above = _mm_cmpgt_epi8(x, _mm_set1_epi8(0x20));
    *word = ~nonword16(p) & 0xFFFFu;
    *high = h;
    *token = (unsigned)_mm_movemask_epi8(above) | h;
}
#else
#define SCAN_STEP 8
/* The high bit of each byte of x gathered into bits 0..7 (each partial
 * product lands on a bit of its own, so nothing carries). */
static inline uint64_t gather_lanes(uint64_t x)
{
    return ((x & 0x8080808080808080ull) * 0x0002040810204081ull) >> 56;
}

/* The window's three masks for 8 bytes at p, as bits 0..7. */
static inline void classify(const uint8_t *p, uint64_t *word, uint64_t *high,
                            uint64_t *token)
{
    const uint64_t ones = 0x0101010101010101ull, hi = ones * 0x80;
    uint64_t x = gzf_rd64(p);
    /* (x & 0x7F) + 0x5F reaches 0x80 from 0x21 up */
    *word = gather_lanes(gzf_alnum_lanes(x));
    *high = gather_lanes(x);
    *token = gather_lanes(((x & ~hi) + ones * 0x5F) | x);
}
#endif

#ifdef MATCH_SCAN_AVX2
/* The window's three masks for 32 bytes at p (AVX2), as bits 0..31: the
 * same tests as classify(), on twice the bytes. */
__attribute__((target("avx2"))) static inline void
classify32(const uint8_t *p, uint64_t *word, uint64_t *high, uint64_t *token)
{
    __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)p);
    __m256i alpha = _mm256_cmpgt_epi8(
        _mm256_set1_epi8(SCAN_ALPHA_BELOW),
        _mm256_add_epi8(_mm256_or_si256(x, _mm256_set1_epi8(0x20)),
                        _mm256_set1_epi8(SCAN_ALPHA_ADD)));
    __m256i digit = _mm256_cmpgt_epi8(
        _mm256_set1_epi8(SCAN_DIGIT_BELOW),
        _mm256_add_epi8(x, _mm256_set1_epi8(SCAN_DIGIT_ADD)));
    uint32_t h = (uint32_t)_mm256_movemask_epi8(x);
    *word = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(alpha, digit));
    *high = h;
    *token = (uint32_t)_mm256_movemask_epi8(
                 _mm256_cmpgt_epi8(x, _mm256_set1_epi8(0x20))) | h;
}
#endif

/* Classify the 64 bytes of text from `base` (< n); `wide`: with AVX2 (a
 * constant where the scan is compiled for it). */
static inline void window_at(scan_window *w, const uint8_t *s, size_t base,
                             size_t n, bool wide)
{
    uint8_t pad[64];
    const uint8_t *p = s + base;
    uint64_t word = 0, high = 0, token = 0;
    if (n - base < 64) { /* the text's last bytes, then spaces */
        memset(pad, ' ', sizeof pad);
        memcpy(pad, p, n - base);
        p = pad;
    }
    for (unsigned k = 0; k < 64;) {
        uint64_t wd, hg, tk;
#ifdef MATCH_SCAN_AVX2
        if (wide) {
            classify32(p + k, &wd, &hg, &tk);
        } else
#endif
        {
            classify(p + k, &wd, &hg, &tk);
        }
        word |= wd << k;
        high |= hg << k;
        token |= tk << k;
        k += wide ? 32 : SCAN_STEP;
    }
    w->base = base;
    w->word = word;
    w->high = high;
    w->token = token;
}

/* Find the next token from text[*i] with the window (moved on as needed)
 * and cut it when it is plain ASCII: a punctuation byte, or a word that
 * does not run into a non-ASCII byte.  Returns 1 for an ASCII token in *t
 * (not yet hashed), 0 for a token the tokenizer must cut from *i, -1 at the
 * end of the text. */
static inline int scan_next(const uint8_t *s, size_t n, size_t *i,
                            scan_window *w, scan_tok *t, bool wide)
{
    for (;;) {
        size_t off = *i - w->base;
        if (off >= 64) {
            if (*i >= n)
                return -1;
            window_at(w, s, *i, n, wide);
            off = 0;
        }
        uint64_t ahead = w->token >> off;
        if (!ahead) {
            *i = w->base + 64;
            continue;
        }
        off += (size_t)__builtin_ctzll(ahead);
        *i = w->base + off; /* < n: the padding is spaces */
        if (w->high >> off & 1)
            return 0;
        t->start = *i;
        if (!(w->word >> off & 1)) {
            if (tok_byte_class[s[*i]] == TOK_B_SEP) { /* ' - DEL */
                *i += 1;
                continue;
            }
            t->end = *i + 1;
            t->cls = TOK_PUNCT;
            return 1;
        }
        t->cls = TOK_WORD;
        uint64_t stop = ~w->word >> off;
        if (!stop) /* the word goes on past the window */
            break;
        off += (size_t)__builtin_ctzll(stop);
        t->end = w->base + off;
        return w->high >> off & 1 ? 0 : 1; /* 0: runs into a non-ASCII byte */
    }
    t->end = word_end(s, *i, n);
    return t->end < n && s[t->end] >= 0x80 ? 0 : 1;
}

/* A start filter answer of the scan's copy; for a word of the rules
 * (every one tests 2 there), MATCH_TRIG_START + the gazetteer's answer,
 * and its kind in *kind: asked once for a word of the word table, not at
 * each of its tokens. */
static inline int trigger_start(const match_state *m, uint64_t h, int start,
                                uint8_t *kind)
{
    int real = start; /* (the gazetteer's, also for a word not noted) */
    bool accented;
    if (start == 2 && m->trig_hash &&
        (*kind = match_trigger(m, h, &real, &accented)) && !accented)
        return MATCH_TRIG_START + real; /* (the token is ASCII) */
    return real;
}

/* The key hash and start filter answer of the ASCII token t (from
 * MATCH_TRIG_START: a word of the rules, of kind *kind; trigger_start()):
 * a byte's from its table, a word of up to 8 bytes through the word
 * table. */
static inline __attribute__((always_inline)) int
ascii_start(match_state *m, const uint8_t *s, size_t n, bool fold,
            const uint8_t *filter, uint64_t words, scan_tok *t, uint8_t *kind)
{
    const uint8_t *p = s + t->start;
    size_t len = t->end - t->start;
    if (len == 1) {
        t->hash = m->bytes[*p].hash;
        int start = m->bytes[*p].start;
        if (start >= MATCH_TRIG_START &&
            !(*kind = match_byte_mark(m, s, n, t->start, t->end)))
            return start - MATCH_TRIG_START; /* "(see" */
        return start;
    }
    if (len > 8) {
        t->hash = gzf_key_hash_ascii_word(p, len, n - t->start, fold);
        return trigger_start(m, t->hash,
                             gzf_start_test(filter, words, t->hash), kind);
    }
    /* (the hash of up to 8 bytes is one step over this same word) */
    uint64_t w = gzf_ascii_word8(p, len, n - t->start, fold);
    size_t k = (w * 0x9E3779B97F4A7C15ull) >> (64 - MATCH_WORDS_LOG2);
    match_word *e = &m->words[k];
    if (e->word == w) {
        t->hash = e->hash;
        int start = m->word_start[k];
        if (start >= MATCH_TRIG_START)
            *kind = m->word_kind[k];
        return start;
    }
    t->hash = gzf_hash_final(gzf_hash_step(gzf_key_seed(len), w));
    e->word = w;
    e->hash = t->hash;
    int start = trigger_start(m, t->hash,
                              gzf_start_test(filter, words, t->hash), kind);
    m->word_start[k] = (uint8_t)start;
    if (start >= MATCH_TRIG_START)
        m->word_kind[k] = *kind;
    return start;
}

/* Skip, without building tokens, the tokens that cannot start a match:
 * most of ordinary prose.  A token that may be a name by itself (the start
 * filter's second bit set) is a candidate.  A token that may only begin a
 * longer name ("the", "de") is a candidate only if the pair filter knows
 * it with the token after it, so most are settled here without a lookup.
 * The candidate is put in the window.  ASCII tokens are cut and hashed
 * straight from the bytes; other tokens go through the tokenizer and the
 * raw-token cache.  At the end of the text a pending starter becomes a
 * candidate.  Only called with an empty window.  Returns 0, or -1 for out
 * of memory. */
static inline __attribute__((always_inline)) int
skip_nonstarters(match_state *m, bool wide)
{
    const uint8_t *s = m->ts.s;
    size_t n = m->ts.len, i = m->ts.pos;
    bool fold = !(m->g->info.norm_flags & GAZTAG_CASE_SENSITIVE);
    bool pending = false;
    scan_pending prev = {.ascii = true}; /* (set before it is read) */
    /* (i - base wraps to 64: the first scan_next loads the window) */
    scan_window w = {.base = i - 64};
    scan_tok t;
    int rc = 0, start, prev_start = 0;
    /* The filters, out of the structures: their reads then depend on the
     * token's hash alone. */
    const uint8_t *start_filter = m->start_filter;
    const uint8_t *pair_filter = m->g->pair_filter;
    uint64_t start_words = m->start_words, pair_words = m->g->pair_words;
    for (;;) {
        int ascii = scan_next(s, n, &i, &w, &t, wide);
        match_tok full;
        if (ascii < 0)
            break;
        if (ascii) {
            uint8_t kind = 0;
            start = ascii_start(m, s, n, fold, start_filter, start_words, &t,
                                &kind);
            if (start >= MATCH_TRIG_START) { /* a word of the rules */
                tok_token tk = {.start = t.start, .end = t.end};
                start -= MATCH_TRIG_START;
                if (match_note(m, &tk, kind) < 0) {
                    rc = -1;
                    break;
                }
            }
        } else {
            m->ts.pos = i;
            if (!scan_unicode(m, &full, &start, &rc) || rc < 0) {
                i = m->ts.pos;
                break;
            }
            t.start = full.tok.start;
            t.end = full.tok.end;
            t.cls = full.tok.cls;
            t.hash = full.hash;
        }
        if (pending && gzf_filter_test(pair_filter, pair_words,
                                       gzf_pair_hash(prev.t.hash, t.hash)))
            break; /* prev is the candidate */
        i = t.end;
        pending = start != 0;
        if (pending) {
            prev_start = start;
            prev.t = t;
            prev.ascii = ascii;
            prev.cskip = m->ts.cskip;
            prev.usupp = m->ts.usupp;
            if (!ascii)
                prev.full = full;
            if (start == 2)
                break; /* may be a name by itself */
        }
    }
    if (pending && rc == 0) {
        push_pending(m, &prev);
        m->scan_start = prev_start;
    } else
        m->ts.pos = i < n ? i : n;
    return rc;
}

static int skip_baseline(match_state *m)
{
    return skip_nonstarters(m, false);
}

#ifdef MATCH_SCAN_AVX2
/* (flatten: classify32() can only be inlined into a function compiled for
 * AVX2, and window_at() is not one; flattened, the scan has no call per 32
 * bytes: 1.3% fewer instructions on the 5 MB slice.) */
__attribute__((target("avx2,bmi,bmi2"), flatten)) static int
skip_avx2(match_state *m)
{
    return skip_nonstarters(m, true);
}
#endif

void match_use_baseline(match_state *m, bool baseline)
{
    m->skip = skip_baseline;
#ifdef MATCH_SCAN_AVX2
    if (!baseline && __builtin_cpu_supports("avx2") &&
        __builtin_cpu_supports("bmi2"))
        m->skip = skip_avx2;
#else
    (void)baseline;
#endif
}
