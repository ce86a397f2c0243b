/*
 * match.c -- the longest-match scan (see match.h).
 */
#include "match.h"

#include <string.h>

#if defined(__SSE2__) && !defined(GAZTAG_NO_SIMD)
#include <emmintrin.h>
#endif

/* The fast scan is compiled twice on x86-64 with GCC or Clang: for the
 * baseline (SSE2) and for CPUs with AVX2 and BMI2, whose three-operand
 * vector forms and shifts by any register take about 5% fewer
 * instructions; match_init() picks one at run time. */
#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__) && \
    !defined(GAZTAG_NO_SIMD)
#define MATCH_SCAN_AVX2 1
#include <immintrin.h>
#endif

static inline match_tok *at(match_state *m, size_t i)
{
    return &m->ring[(m->head + i) & (MATCH_RING - 1)];
}

/* The filter hash of an ASCII token's key, straight from the text: a word
 * is lower-cased on the fly unless the gazetteer is case-sensitive; other
 * ASCII tokens are their own key. */
static inline uint64_t ascii_hash(const match_state *m, const tok_token *t)
{
    const uint8_t *p = (const uint8_t *)m->text + t->start;
    size_t n = t->end - t->start;
    if (t->cls == TOK_WORD && !(m->g->info.norm_flags & GAZTAG_CASE_SENSITIVE))
        return gzf_key_hash_ascii_folded(p, n);
    return gzf_key_hash(p, n);
}

/* memcmp for the short keys of the cache, without a library call. */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* The vocabulary lookup of a key that passed the filter, through the
 * cache. */
static void cached_find(match_state *m, const char *key, size_t klen,
                        match_tok *mt)
{
    match_cache_entry *e = &m->cache[mt->hash & (MATCH_CACHE - 1)];
    bool known;
    if (e->hash == mt->hash && e->len == klen && same_bytes(e->key, key, klen)) {
        known = e->known;
        mt->node = e->node;
    } else {
        known = gzt_vocab_find(m->g, key, klen, &mt->node);
        if (klen <= MATCH_CACHE_KEY) {
            e->hash = mt->hash;
            e->len = (uint8_t)klen;
            e->known = known;
            e->node = mt->node;
            memcpy(e->key, key, klen);
        }
    }
    mt->state = known ? TOK_KNOWN : TOK_UNKNOWN;
}

/* The cache's answer for an ASCII token, compared with the text itself
 * (lower-cased on the fly as its key is), so a hit needs no key at all. */
static inline bool ascii_cache_hit(match_state *m, match_tok *mt)
{
    const tok_token *t = &mt->tok;
    const match_cache_entry *e = &m->cache[mt->hash & (MATCH_CACHE - 1)];
    size_t len = t->end - t->start;
    if (e->hash != mt->hash || e->len != len)
        return false;
    const char *raw = m->text + t->start;
    char fold = t->cls == TOK_WORD &&
                !(m->g->info.norm_flags & GAZTAG_CASE_SENSITIVE) ? 0x20 : 0;
    for (size_t i = 0; i < len; i++)
        if (e->key[i] != (char)(raw[i] | fold))
            return false;
    mt->state = e->known ? TOK_KNOWN : TOK_UNKNOWN;
    mt->node = e->node;
    return true;
}

/* Resolve a token whose hash is known: the cache, the filter, then the
 * vocabulary. */
static int resolve(match_state *m, match_tok *mt)
{
    const char *key;
    size_t klen;
    const tok_token *t = &mt->tok;
    if (mt->state != TOK_UNRESOLVED)
        return 0;
    if (t->ascii && ascii_cache_hit(m, mt))
        return 0;
    mt->state = TOK_UNKNOWN;
    if (!gzt_filter(m->g, mt->hash))
        return 0;
    if (norm_key(m->scratch, m->g->info.norm_flags, m->text + t->start,
                 t->end - t->start, t->ascii, &key, &klen) < 0)
        return -1;
    cached_find(m, key, klen, mt);
    return 0;
}

/* The raw bytes of a token of at most MATCH_RAW_KEY bytes as zero-padded
 * words: four loads and masks when 32 bytes can be read, else byte by
 * byte. */
static inline void raw_words(const uint8_t *raw, size_t len, size_t readable,
                             uint64_t w[MATCH_RAW_WORDS])
{
    if (readable >= MATCH_RAW_KEY) {
        for (size_t k = 0; k < MATCH_RAW_WORDS; k++) {
            size_t have = len > 8 * k ? len - 8 * k : 0;
            uint64_t keep = have >= 8 ? ~UINT64_C(0)
                                      : ~(~UINT64_C(0) << (8 * have));
            w[k] = gzf_rd64(raw + 8 * k) & keep;
        }
        return;
    }
    for (size_t k = 0; k < MATCH_RAW_WORDS; k++)
        w[k] = 0;
    for (size_t i = 0; i < len; i++)
        w[i / 8] |= (uint64_t)raw[i] << (8 * (i % 8));
}

/* The raw-token cache slot of a non-ASCII token (its bytes in w), and
 * whether it holds the token's answer: the index is a mix of the words, and
 * the words and length are compared. */
static inline match_raw_entry *raw_slot(match_state *m, const uint64_t *w,
                                        size_t len, bool *hit)
{
    uint64_t h = (w[0] ^ len) * 0x9E3779B97F4A7C15ull ^
                 w[1] * 0xC2B2AE3D27D4EB4Full ^ w[2] * 0x165667B19E3779F9ull ^
                 w[3] * 0xD6E8FEB86659FD93ull;
    match_raw_entry *e = &m->raw_cache[(h >> 40) & (MATCH_RAW_CACHE - 1)];
    *hit = e->len == len && e->raw[0] == w[0] && e->raw[1] == w[1] &&
           e->raw[2] == w[2] && e->raw[3] == w[3];
    return e;
}

/* Hash a new token's key; a non-ASCII token is keyed and resolved now
 * (or answered by the raw-token cache). */
static int enter(match_state *m, match_tok *mt)
{
    const char *key, *raw;
    size_t klen, len;
    bool hit;
    const tok_token *t = &mt->tok;
    mt->state = TOK_UNRESOLVED;
    if (t->ascii) {
        mt->hash = ascii_hash(m, t);
        return 0;
    }
    raw = m->text + t->start;
    len = t->end - t->start;
    uint64_t w[MATCH_RAW_WORDS];
    match_raw_entry *e = NULL;
    if (len <= MATCH_RAW_KEY) {
        raw_words((const uint8_t *)raw, len, m->ts.len - t->start, w);
        e = raw_slot(m, w, len, &hit);
    }
    if (e && hit) {
        mt->hash = e->hash;
        mt->state = e->state;
        mt->node = e->node;
        return 0;
    }
    if (norm_key(m->scratch, m->g->info.norm_flags, raw, len, false, &key,
                 &klen) < 0)
        return -1;
    mt->hash = gzf_key_hash((const uint8_t *)key, klen);
    mt->state = TOK_UNKNOWN;
    if (klen > 0 && gzt_filter(m->g, mt->hash))
        cached_find(m, key, klen, mt);
    if (e) {
        e->hash = mt->hash;
        e->state = mt->state;
        e->node = mt->node;
        e->len = (uint8_t)len;
        memcpy(e->raw, w, sizeof e->raw);
    }
    return 0;
}

/* The high bit of each byte of x that is an ASCII letter or digit: byte
 * range tests done 8 bytes at a time (each lane computed on its low 7 bits,
 * so no carry crosses lanes). */
static inline uint64_t alnum_lanes(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t low7 = x & (ones * 127), lower = (x | ones * 0x20) & (ones * 127);
    /* In (m, n) exclusive: (127 + n - v) and (v + 127 - m) both >= 128. */
    uint64_t alpha = (ones * (127 + 0x7B) - lower) & (lower + ones * (127 - 0x60));
    uint64_t digit = (ones * (127 + 0x3A) - low7) & (low7 + ones * (127 - 0x2F));
    return (alpha | digit) & ~x & high;
}

#if defined(__SSE2__) && !defined(GAZTAG_NO_SIMD)
/* Bit k set when byte k of the 16 at p is not an ASCII letter or digit.
 * Signed byte compares after a shift of each range to the bottom of the
 * signed range: (x | 0x20) + 0x1F < -102 is a letter, x + 0x50 < -118 a
 * digit (bytes >= 0x80 never are). */
static inline unsigned nonword16(const uint8_t *p)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i alpha = _mm_cmplt_epi8(
        _mm_add_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8(0x1F)),
        _mm_set1_epi8(-102));
    __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8(0x50)),
                                   _mm_set1_epi8(-118));
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
    while (n - i >= 8) {
        uint64_t stop = ~alnum_lanes(gzf_rd64(s + i)) & 0x8080808080808080ull;
        if (stop)
            return i + (size_t)(__builtin_ctzll(stop) >> 3);
        i += 8;
    }
    while (i < n && tok_byte_class[s[i]] == TOK_B_WORD)
        i++;
    return i;
}

/* A token of the fast scan: text[start..end), its class and key hash. */
typedef struct scan_tok {
    size_t start, end;
    uint8_t cls;
    uint64_t hash;
} scan_tok;

/* Cut and hash the ASCII token at s[i] (not a separator).  False when it
 * is a word that runs into a non-ASCII byte: the general tokenizer must
 * cut it. */
static inline bool scan_ascii(const match_state *m, const uint8_t *s, size_t i,
                              size_t n, bool fold, scan_tok *t)
{
    t->start = i;
    if (tok_byte_class[s[i]] == TOK_B_PUNCT) {
        t->end = i + 1;
        t->cls = TOK_PUNCT;
        t->hash = m->bytes[s[i]].hash;
        return true;
    }
    t->end = word_end(s, i, n);
    if (t->end < n && s[t->end] >= 0x80)
        return false;
    t->cls = TOK_WORD;
    t->hash = t->end - i == 1 ? m->bytes[s[i]].hash
                              : gzf_key_hash_ascii_word(s + i, t->end - i,
                                                        n - i, fold);
    return true;
}

/* Put the ASCII token text[start..end), already hashed, at the end of the
 * window (the stream's corrections apply: everything since is ASCII). */
static void push_ascii(match_state *m, size_t start, size_t end, uint8_t cls,
                       uint64_t h)
{
    match_tok *mt = at(m, m->count);
    tok_token *t = &mt->tok;
    t->start = start;
    t->end = end;
    t->cstart = start - m->ts.cskip;
    t->cend = end - m->ts.cskip;
    t->ustart = t->cstart + m->ts.usupp;
    t->uend = t->cend + m->ts.usupp;
    t->cls = cls;
    t->ascii = true;
    mt->hash = h;
    mt->state = TOK_UNRESOLVED;
    m->count++;
}

/* Take the next token straight from the bytes when it is plain ASCII (as
 * the tokenizer would cut it), hashed; false leaves it to the tokenizer. */
static bool next_ascii(match_state *m)
{
    const uint8_t *s = m->ts.s;
    size_t n = m->ts.len, i = m->ts.pos;
    scan_tok t;
    while (i < n && tok_byte_class[s[i]] == TOK_B_SEP)
        i++;
    m->ts.pos = i;
    if (i == n || tok_byte_class[s[i]] == TOK_B_HIGH ||
        !scan_ascii(m, s, i, n, !(m->g->info.norm_flags & GAZTAG_CASE_SENSITIVE),
                    &t))
        return false;
    push_ascii(m, t.start, t.end, t.cls, t.hash);
    m->ts.pos = t.end;
    return true;
}

/* Make at least `need` tokens available unless the text ends first. */
static int fill(match_state *m, size_t need)
{
    while (m->count < need && !m->eof) {
        if (next_ascii(m))
            continue;
        match_tok *mt = at(m, m->count);
        if (!tok_next(&m->ts, &mt->tok)) {
            m->eof = true;
            break;
        }
        if (enter(m, mt) < 0)
            return -1;
        m->count++;
    }
    return 0;
}

static inline void pop(match_state *m, size_t n)
{
    m->head = (m->head + n) & (MATCH_RING - 1);
    m->count -= n;
}

static inline bool has_entries(const gzt_node *n)
{
    return (n->count_flags & GZF_COUNT_MASK) != 0;
}

/* The child of `node` by the token `next`, through the edge cache. */
static bool cached_edge(match_state *m, gzt_node *node,
                        const match_tok *next)
{
    uint32_t token = next->node.id;
    uint32_t i = (node->id * 0x9E3779B1u ^ token * 0x85EBCA77u) >> 20;
    match_edge_entry *e = &m->edge_cache[i & (MATCH_CACHE - 1)];
    if (e->valid && e->parent == node->id && e->token == token) {
        if (e->found)
            *node = e->node;
        return e->found;
    }
    e->valid = true;
    e->parent = node->id;
    e->token = token;
    e->found = gzt_edge_find(m->g, node, token, &e->node);
    if (e->found)
        *node = e->node;
    return e->found;
}

/* The matches found from one head: lengths in tokens, increasing. */
typedef struct walk_result {
    size_t n;
    size_t len[GAZTAG_MAX_PHRASE_TOKENS];
    gzt_node node[GAZTAG_MAX_PHRASE_TOKENS];
} walk_result;

/* Results of walk() and decide(); decide() also passes on the emitter's
 * codes, which are positive. */
enum { WALK_DONE = 0, WALK_NOMEM = -1, WALK_MORE = -2 };

/* Walk the trie from the window's first token and record every match.
 * WALK_MORE: the text ended where a longer name could still follow, and
 * more text will come (`more`): nothing can be decided yet. */
static int walk(match_state *m, bool more, walk_result *res)
{
    gzt_node node = at(m, 0)->node;
    size_t len = 1, max = m->g->info.max_phrase_tokens;
    res->n = 0;
    for (;;) {
        if (has_entries(&node) && res->n < GAZTAG_MAX_PHRASE_TOKENS) {
            res->len[res->n] = len;
            res->node[res->n++] = node;
        }
        if (!(node.count_flags & GZF_HAS_CHILDREN) || len >= max)
            return WALK_DONE;
        if (fill(m, len + 1) < 0)
            return WALK_NOMEM;
        if (m->count <= len)
            return more ? WALK_MORE : WALK_DONE;
        match_tok *next = at(m, len);
        if (resolve(m, next) < 0)
            return WALK_NOMEM;
        if (next->state != TOK_KNOWN || !cached_edge(m, &node, next))
            return WALK_DONE;
        len++;
    }
}

/* Where a text that goes on may be cut: just after its last ASCII byte that
 * is not a letter or a digit.  No token and no UTF-8 sequence crosses such a
 * byte, so everything before it tokenizes as it will in the whole text. */
size_t match_safe_end(const char *text, size_t len, size_t from,
                      size_t fallback)
{
    while (len > from) {
        unsigned char c = (unsigned char)text[len - 1];
        if (c < 0x80 && !((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
                                                       (c | 0x20) <= 'z')))
            return len;
        len--;
    }
    return fallback;
}

static void set_pos(match_pos *p, size_t bytes, size_t cps, size_t units)
{
    p->bytes = bytes;
    p->cps = cps;
    p->units = units;
}

/* The decision at the window's first token, which passed the start filter:
 * emit its longest match (or, in `all` mode, every match) and drop the
 * tokens it used.  Returns WALK_MORE, leaving the window as it is, when
 * the decision needs text that has not come yet. */
static int decide(match_state *m, bool all, bool more, match_emit_fn emit,
                  void *ctx)
{
    walk_result res;
    match_tok *head = at(m, 0);
    res.n = 0;
    if (resolve(m, head) < 0)
        return WALK_NOMEM;
    if (head->state == TOK_KNOWN) {
        int rc = walk(m, more, &res);
        if (rc != WALK_DONE)
            return rc;
    }
    if (all) { /* every match that some entry accepts */
        for (size_t k = 0; k < res.n; k++) {
            int rc = emit(ctx, head, at(m, res.len[k] - 1), &res.node[k]);
            if (rc != 0 && rc != MATCH_REFUSED)
                return rc;
        }
        pop(m, 1);
        return WALK_DONE;
    }
    for (size_t k = res.n; k-- > 0;) { /* the longest one accepted */
        int rc = emit(ctx, head, at(m, res.len[k] - 1), &res.node[k]);
        if (rc == 0) {
            pop(m, res.len[k]);
            return WALK_DONE;
        }
        if (rc != MATCH_REFUSED)
            return rc;
    }
    pop(m, 1);
    return WALK_DONE;
}

void match_init(match_state *m, const gaztag_gazetteer *g, norm_scratch *scratch)
{
    bool fold = !(g->info.norm_flags & GAZTAG_CASE_SENSITIVE);
    memset(m, 0, sizeof *m); /* empty caches: their answers are g's */
    m->g = g;
    m->scratch = scratch;
    for (unsigned c = 0; c < 128; c++) {
        uint8_t b = (uint8_t)c;
        bool word = tok_byte_class[c] == TOK_B_WORD;
        m->bytes[c].hash = word ? gzf_key_hash_ascii_word(&b, 1, 1, fold)
                                : gzf_key_hash(&b, 1);
        m->bytes[c].start = gzt_start_test(g, m->bytes[c].hash);
    }
    match_use_baseline(m, false);
}

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
    if (enter(m, mt) < 0) {
        *rc = -1;
        return false;
    }
    /* (The tokenizer may have skipped non-ASCII separators to an ASCII
     * token, which enter() leaves unresolved.) */
    *start = mt->state == TOK_UNKNOWN ? 0 : gzt_start_test(m->g, mt->hash);
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
        push_ascii(m, p->t.start, p->t.end, p->t.cls, p->t.hash);
        return;
    }
    *at(m, m->count) = p->full;
    m->count++;
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
    *word = gather_lanes(alnum_lanes(x));
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
        _mm256_set1_epi8(-102),
        _mm256_add_epi8(_mm256_or_si256(x, _mm256_set1_epi8(0x20)),
                        _mm256_set1_epi8(0x1F)));
    __m256i digit = _mm256_cmpgt_epi8(
        _mm256_set1_epi8(-118), _mm256_add_epi8(x, _mm256_set1_epi8(0x50)));
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

/* The key hash and start filter answer of the ASCII token t: a byte's from
 * its table, a word of up to 8 bytes through the word table. */
static inline int ascii_start(match_state *m, const uint8_t *s, size_t n,
                              bool fold, const uint8_t *filter, uint64_t words,
                              scan_tok *t)
{
    const uint8_t *p = s + t->start;
    size_t len = t->end - t->start;
    if (len == 1) {
        t->hash = m->bytes[*p].hash;
        return m->bytes[*p].start;
    }
    if (len > 8) {
        t->hash = gzf_key_hash_ascii_word(p, len, n - t->start, fold);
        return gzf_start_test(filter, words, t->hash);
    }
    /* (the hash of up to 8 bytes is one step over this same word) */
    uint64_t w = n - t->start >= 8 ? gzf_rd64(p) : gzf_tail_word(p, len);
    w = (w | (fold ? 0x2020202020202020ull : 0)) &
        (~UINT64_C(0) >> ((64 - 8 * len) & 63));
    match_word *e = &m->words[((w ^ len) * 0x9E3779B97F4A7C15ull) >>
                               (64 - MATCH_WORDS_LOG2)];
    if (e->word == w && e->len == len) {
        t->hash = e->hash;
        return e->start;
    }
    t->hash = gzf_hash_final(
        gzf_hash_step(0x243F6A8885A308D3ull ^ ((uint64_t)len << 56), w));
    e->word = w;
    e->len = (uint32_t)len;
    e->hash = t->hash;
    e->start = gzf_start_test(filter, words, t->hash);
    return e->start;
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
    int rc = 0, start;
    /* The filters, out of the structures: their reads then depend on the
     * token's hash alone. */
    const uint8_t *start_filter = m->g->start_filter;
    const uint8_t *pair_filter = m->g->pair_filter;
    uint64_t start_words = m->g->start_words, pair_words = m->g->pair_words;
    for (;;) {
        int ascii = scan_next(s, n, &i, &w, &t, wide);
        match_tok full;
        if (ascii < 0)
            break;
        if (ascii) {
            start = ascii_start(m, s, n, fold, start_filter, start_words, &t);
        } else {
            m->ts.pos = i;
            if (!scan_unicode(m, &full, &start, &rc)) {
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
    if (pending && rc == 0)
        push_pending(m, &prev);
    else
        m->ts.pos = i < n ? i : n;
    return rc;
}

static int skip_baseline(match_state *m)
{
    return skip_nonstarters(m, false);
}

#ifdef MATCH_SCAN_AVX2
__attribute__((target("avx2,bmi,bmi2"))) static int skip_avx2(match_state *m)
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

int match_text(match_state *m, const char *text, size_t len, bool all,
               bool more, match_emit_fn emit, void *ctx, match_pos *used)
{
    if (more)
        len = match_safe_end(text, len, 0, 0);
    m->text = text;
    m->head = m->count = 0;
    m->eof = false;
    tok_init(&m->ts, text, len);
    for (;;) {
        if (m->count == 0 && m->skip(m) < 0)
            return -1;
        if (fill(m, 1) < 0)
            return -1;
        if (m->count == 0) {
            set_pos(used, len, len - m->ts.cskip, len - m->ts.cskip + m->ts.usupp);
            return 0;
        }
        if (!gzt_start_filter(m->g, at(m, 0)->hash)) {
            pop(m, 1); /* starts nothing, whatever follows */
            continue;
        }
        int rc = decide(m, all, more, emit, ctx);
        if (rc == WALK_MORE) {
            const tok_token *t = &at(m, 0)->tok;
            set_pos(used, t->start, t->cstart, t->ustart);
            return 0;
        }
        if (rc != WALK_DONE)
            return rc; /* WALK_NOMEM is -1, or the emitter's code */
    }
}
