/*
 * match.c -- the longest-match scan (see match.h).
 */
#include "match.h"

static inline match_tok *at(match_state *m, size_t i)
{
    return &m->ring[(m->head + i) & (MATCH_RING - 1)];
}

/* Key a new token and find it in the vocabulary. */
static int lookup(match_state *m, match_tok *mt)
{
    const char *key;
    size_t klen;
    const tok_token *t = &mt->tok;
    if (norm_key(m->scratch, m->g->info.norm_flags, m->text + t->start,
                 t->end - t->start, t->ascii, &key, &klen) < 0)
        return -1;
    mt->known = klen > 0 && gzt_vocab_find(m->g, key, klen, &mt->node);
    return 0;
}

/* Make at least `need` tokens available unless the text ends first. */
static int fill(match_state *m, size_t need)
{
    while (m->count < need && !m->eof) {
        match_tok *mt = at(m, m->count);
        if (!tok_next(&m->ts, &mt->tok)) {
            m->eof = true;
            break;
        }
        if (lookup(m, mt) < 0)
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

/* Walk the trie from the window's first token; return the longest match's
 * length in tokens (0 if none), emitting every match on the way if `all`. */
static int walk(match_state *m, bool all, match_emit_fn emit, void *ctx,
                size_t *best_len, gzt_node *best)
{
    match_tok *first = at(m, 0);
    gzt_node node = first->node;
    size_t len = 1, max = m->g->info.max_phrase_tokens;
    int rc = 0;
    *best_len = 0;
    for (;;) {
        if (has_entries(&node)) {
            *best = node;
            *best_len = len;
            if (all && (rc = emit(ctx, first, at(m, len - 1), &node)) != 0)
                return rc;
        }
        if (!(node.count_flags & GZF_HAS_CHILDREN) || len >= max)
            return 0;
        if (fill(m, len + 1) < 0)
            return -1;
        if (m->count <= len)
            return 0;
        const match_tok *next = at(m, len);
        if (!next->known || !gzt_edge_find(m->g, &node, next->node.id, &node))
            return 0;
        len++;
    }
}

int match_text(match_state *m, const char *text, size_t len, bool all,
               match_emit_fn emit, void *ctx)
{
    m->text = text;
    m->head = m->count = 0;
    m->eof = false;
    tok_init(&m->ts, text, len);
    for (;;) {
        if (fill(m, 1) < 0)
            return -1;
        if (m->count == 0)
            return 0;
        size_t best_len = 0;
        gzt_node best = {0, 0, 0};
        if (at(m, 0)->known) {
            int rc = walk(m, all, emit, ctx, &best_len, &best);
            if (rc != 0)
                return rc;
        }
        if (!all && best_len) {
            int rc = emit(ctx, at(m, 0), at(m, best_len - 1), &best);
            if (rc != 0)
                return rc;
            pop(m, best_len);
        } else {
            pop(m, 1);
        }
    }
}
