/*
 * match.c -- the longest-match scan (see match.h): the window of tokens
 * after a possible start, their vocabulary lookups through the caches, the
 * trie walk and the decision at each start.  Between possible starts the
 * fast scan of match_scan.c runs (m->skip).
 */
#include "match.h"
#include "match_scan.h"

#include "alloc.h"

#include <string.h>

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
int match_enter(match_state *m, match_tok *mt)
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
void match_push_ascii(match_state *m, size_t start, size_t end, uint8_t cls,
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

void match_push(match_state *m, const match_tok *mt)
{
    *at(m, m->count) = *mt;
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
    match_push_ascii(m, t.start, t.end, t.cls, t.hash);
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
        if (match_enter(m, mt) < 0)
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
            /* (its first entry's record is read when the match is emitted,
             * after the walk: a cache miss in a table of 16 bytes an entry,
             * started now) */
            if (node.entry_first < m->g->info.n_entries)
                __builtin_prefetch(m->g->entries +
                                   (size_t)GZF_ENTRY_REC * node.entry_first);
        }
        if (!(node.count_flags & GZF_HAS_CHILDREN) || len >= max)
            return WALK_DONE;
        if (fill(m, len + 1) < 0)
            return WALK_NOMEM;
        if (m->count <= len)
            return more ? WALK_MORE : WALK_DONE;
        match_tok *next = at(m, len);
        /* (the pair filter, which the scan reads anyway, turns away most
         * second tokens before their lookups) */
        if (len == 1 && !gzt_pair_filter(m->g, at(m, 0)->hash, next->hash))
            return WALK_DONE;
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

/* match_state.mark_next[c]: bit 0, a "(" before byte c may point at a
 * capital (c is one, a space, or from 0x80); bit 1, a cue's capital
 * letter before it may be "M." (c is a full stop, a separator, or from
 * 0x80). */
static uint8_t mark_next_bits(unsigned c)
{
    if (c >= 0x80 || c == ' ')
        return 3;
    if (c >= 'A' && c <= 'Z')
        return 1;
    return c == '.' || tok_byte_class[c] == TOK_B_SEP ? 2 : 0;
}

void match_init(match_state *m, const gaztag_gazetteer *g, norm_scratch *scratch)
{
    bool fold = !(g->info.norm_flags & GAZTAG_CASE_SENSITIVE);
    memset(m, 0, sizeof *m); /* empty caches: their answers are g's */
    m->g = g;
    m->scratch = scratch;
    for (unsigned c = 0; c < 256; c++)
        m->mark_next[c] = mark_next_bits(c);
    for (unsigned c = 0; c < 128; c++) {
        uint8_t b = (uint8_t)c;
        bool word = tok_byte_class[c] == TOK_B_WORD;
        m->bytes[c].hash = word ? gzf_key_hash_ascii_word(&b, 1, 1, fold)
                                : gzf_key_hash(&b, 1);
    }
    match_set_triggers(m, NULL);
    match_use_baseline(m, false);
}

int match_triggers_make(match_triggers *tr, const gaztag_gazetteer *g,
                        const uint64_t *hash, const uint8_t *kind,
                        const bool *accented, size_t n)
{
    size_t cap = 64, fbytes = 8 * ((size_t)g->start_words + 1);
    while (cap < 2 * n)
        cap *= 2;
    memset(tr->byte_kind, 0, sizeof tr->byte_kind);
    tr->grave_kind = tr->letter_kind = 0;
    tr->grave_hash = 0;
    tr->capital_kinds = 0;
    /* one block: the hashes, the filter, the kinds and the answers (832
     * KiB for the shipped rules and the shared gazetteer), in huge pages */
    if (cap > (SIZE_MAX - fbytes) / (sizeof *tr->hash + 2))
        return -1;
    uint8_t *block = gz_huge(cap * (sizeof *tr->hash + 2) + fbytes);
    if (!block)
        return -1;
    tr->hash = (uint64_t *)(void *)block;
    tr->filter = block + cap * sizeof *tr->hash;
    tr->kind = tr->filter + fbytes;
    tr->start = tr->kind + cap;
    tr->mask = cap - 1;
    memcpy(tr->filter, g->start_filter, fbytes);
    for (size_t i = 0; i < n; i++) {
        uint64_t h = hash[i];
        size_t k = (size_t)(h >> 20) & tr->mask;
        while (tr->hash[k] && tr->hash[k] != h)
            k = (k + 1) & tr->mask;
        unsigned acc = accented && accented[i] ? MATCH_TRIG_ACCENTED : 0;
        if (tr->hash[k]) /* (a key given twice: accented if both are) */
            acc &= tr->start[k];
        tr->hash[k] = h;
        tr->kind[k] |= kind[i];
        tr->start[k] = (uint8_t)((unsigned)gzt_start_test(g, h) | acc);
        /* both masks: a name by itself, so that the scan stops there */
        uint8_t *w = tr->filter + 8 * gzf_filter_word(h, g->start_words);
        uint64_t bits = gzf_rd64(w) | gzf_filter_mask(h) | gzf_single_mask(h);
        gzf_wr32(w, (uint32_t)bits);
        gzf_wr32(w + 4, (uint32_t)(bits >> 32));
    }
    return 0;
}

void match_triggers_free(match_triggers *tr)
{
    gz_free(tr->hash); /* (the block) */
    memset(tr, 0, sizeof *tr);
}

void match_set_triggers(match_state *m, const match_triggers *tr)
{
    m->start_filter = tr ? tr->filter : m->g->start_filter;
    m->start_words = m->g->start_words;
    m->trig_hash = tr ? tr->hash : NULL;
    m->trig_kind = tr ? tr->kind : NULL;
    m->trig_start = tr ? tr->start : NULL;
    m->trig_mask = tr ? tr->mask : 0;
    m->trig_byte_kind = tr ? tr->byte_kind : NULL;
    m->trig_grave = tr ? tr->grave_kind : 0;
    m->trig_grave_hash = tr ? tr->grave_hash : 0;
    m->trig_letter = tr ? tr->letter_kind : 0;
    m->trig_capital = tr ? tr->capital_kinds : 0;
    memset(m->trig_bits, 0, sizeof m->trig_bits);
    for (size_t i = 0; tr && i <= tr->mask; i++)
        for (unsigned k = 0; tr->hash[i] && k < 2; k++) {
            uint64_t b = match_trig_bit(tr->hash[i], k);
            m->trig_bits[b >> 6] |= UINT64_C(1) << (b & 63);
        }
    /* (one-byte tokens: the gazetteer's answer, from MATCH_TRIG_START for
     * those of the table's bytes) */
    for (unsigned c = 0; c < 128; c++)
        m->bytes[c].start = gzt_start_test(m->g, m->bytes[c].hash) +
                            (tr && tr->byte_kind[c] ? MATCH_TRIG_START : 0);
    memset(m->words, 0, sizeof m->words); /* their answers were the old
                                           * filter's */
}

void match_free(match_state *m)
{
    gz_free(m->hits);
    m->hits = NULL;
    m->n_hits = m->hits_cap = 0;
}

int match_note_trigger(match_state *m, const tok_token *t, uint64_t h,
                       int *start)
{
    uint8_t kind = match_byte_mark(m, m->ts.s, m->ts.len, t->start, t->end);
    if (kind) {
        *start = m->bytes[m->ts.s[t->start]].start - MATCH_TRIG_START;
        return match_note(m, t, kind);
    }
    bool accented = false;
    kind = match_trigger(m, h, start, &accented);
    if (kind && accented &&
        match_all_ascii(m->ts.s + t->start, t->end - t->start))
        kind = 0; /* ("special" is no "spécial") */
    /* (a letter by its key: "𝗠.", not "m" or "à", nor an ASCII letter,
     * which match_byte_mark() found or refused) */
    if (kind && kind == m->trig_letter &&
        (t->ascii || !match_stop_after(m->ts.s, m->ts.len, t->end)))
        kind = 0;
    return kind ? match_note(m, t, kind) : 0;
}

int match_text(match_state *m, const char *text, size_t len, bool all,
               bool more, match_emit_fn emit, void *ctx, match_pos *used)
{
    if (more)
        len = match_safe_end(text, len, 0, 0);
    m->text = text;
    m->head = m->count = 0;
    m->eof = false;
    m->n_hits = 0;
    tok_init(&m->ts, text, len);
    for (;;) {
        bool scanned = m->count == 0; /* (the head: the scan's candidate) */
        if (scanned && m->skip(m) < 0)
            return -1;
        scanned = scanned && m->count > 0;
        if (fill(m, 1) < 0)
            return -1;
        if (m->count == 0) {
            set_pos(used, len, len - m->ts.cskip, len - m->ts.cskip + m->ts.usupp);
            return 0;
        }
        match_tok *h = at(m, 0);
        /* (the scan tested its candidate and noted it if a rules' word) */
        int start = scanned ? m->scan_start
                            : gzf_start_test(m->start_filter, m->start_words,
                                             h->hash);
        if (!scanned && m->trig_hash &&
            (start == 2 || match_byte_mark(m, m->ts.s, m->ts.len,
                                           h->tok.start, h->tok.end)) &&
            match_note_trigger(m, &h->tok, h->hash, &start) < 0)
            return -1;
        if (!scanned && m->trig_grave && match_is_grave(m, h) &&
            match_note(m, &h->tok, m->trig_grave) < 0)
            return -1;
        if (!start) {
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
