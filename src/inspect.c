/*
 * inspect.c -- looking inside a compiled gazetteer: a name's entries, every
 * key, an entry's verdict on a text, and the tokens of a text.  For tools
 * (gaztag lookup, explain, stats, diff); the tagger does not use them.
 */
#include "gaztag.h"

#include "accept.h"
#include "alloc.h"
#include "gazetteer.h"
#include "normalize.h"
#include "tokenize.h"

#include <string.h>

size_t gaztag_tokens(const char *text, size_t len, gaztag_token *out,
                     size_t cap)
{
    tok_stream ts;
    tok_token t;
    size_t n = 0;
    tok_init(&ts, text, len);
    while (tok_next(&ts, &t)) {
        if (n < cap)
            out[n] = (gaztag_token){t.start, t.end, t.cls == TOK_WORD};
        n++;
    }
    return n;
}

gaztag_status gaztag_entry_at(const gaztag_gazetteer *g, uint32_t index,
                              gaztag_entry *out)
{
    return gzt_entry(g, index, out);
}

/* Follow a name's tokens through the trie; false if some key is missing. */
static int find_name(const gaztag_gazetteer *g, norm_scratch *sc,
                     const char *name, size_t len, gzt_node *node)
{
    tok_stream ts;
    tok_token t;
    size_t n = 0;
    tok_init(&ts, name, len);
    while (tok_next(&ts, &t)) {
        const char *key;
        size_t klen;
        gzt_node tok;
        if (norm_key(sc, g->info.norm_flags, name + t.start, t.end - t.start,
                     t.ascii, &key, &klen) < 0)
            return -1;
        if (!gzt_vocab_find(g, key, klen, &tok))
            return 0;
        if (n++ == 0)
            *node = tok;
        else if (!gzt_edge_find(g, node, tok.id, node))
            return 0;
    }
    return n > 0;
}

gaztag_status gaztag_lookup(const gaztag_gazetteer *g, const char *name,
                            size_t len, uint32_t *first, uint32_t *count)
{
    norm_scratch sc;
    gzt_node node;
    *first = *count = 0;
    if (!g || g->status != GAZTAG_OK)
        return GAZTAG_INVALID;
    norm_scratch_init(&sc);
    int found = find_name(g, &sc, name, len, &node);
    norm_scratch_free(&sc);
    if (found < 0)
        return GAZTAG_NOMEM;
    if (found) {
        *first = node.entry_first;
        *count = node.count_flags & GZF_COUNT_MASK;
        if ((uint64_t)*first + *count > g->info.n_entries)
            return GAZTAG_CORRUPT;
    }
    return GAZTAG_OK;
}

int gaztag_entry_refusal(const gaztag_gazetteer *g, uint32_t index,
                         const char *text, size_t len)
{
    gaztag_entry e;
    norm_scratch sc;
    acc_buf buf = {NULL, 0, 0};
    if (gzt_entry(g, index, &e) != GAZTAG_OK)
        return -1;
    norm_scratch_init(&sc);
    int why = acc_refusal(g, &sc, &buf, index, &e, text, len);
    norm_scratch_free(&sc);
    gz_free(buf.s);
    return why;
}

int gaztag_entry_accepts(const gaztag_gazetteer *g, uint32_t index,
                         const char *text, size_t len)
{
    int why = gaztag_entry_refusal(g, index, text, len);
    return why < 0 ? -1 : why == 0;
}

/* Key enumeration: edge self ids to slots, and a key buffer. */
typedef struct walker {
    const gaztag_gazetteer *g;
    uint32_t *edge_slot; /* by self id - n_vocab */
    char *buf;
    size_t cap;
    bool nomem; /* node_key failed for memory, not for the file */
} walker;

/* Append node id's key (tokens joined by spaces) at buf[*len]; depth
 * bounds a damaged file's cycles.  False if the file is inconsistent. */
static bool node_key(walker *w, uint32_t id, size_t *len, unsigned depth)
{
    const gaztag_gazetteer *g = w->g;
    uint32_t nv = g->info.n_vocab;
    if (depth > GAZTAG_MAX_PHRASE_TOKENS)
        return false;
    if (id < nv) {
        const uint8_t *rec = g->vocab + (size_t)GZF_VOCAB_REC * id;
        uint32_t off = gzf_rd32(rec), klen = gzf_rd32(rec + 4);
        if (off > g->pool_size || klen > g->pool_size - off)
            return false;
        if (gz_grow((void **)&w->buf, &w->cap, *len + klen + 1, 1) < 0) {
            w->nomem = true;
            return false;
        }
        memcpy(w->buf + *len, g->pool + off, klen);
        *len += klen;
        return true;
    }
    if (id - nv >= g->info.n_phrases || w->edge_slot[id - nv] == UINT32_MAX)
        return false;
    const uint8_t *rec = g->edges + (size_t)GZF_EDGE_REC * w->edge_slot[id - nv];
    /* The token is a vocabulary slot: one recursion a level, not two (a
     * damaged token naming an edge would make the walk exponential). */
    uint32_t token = gzf_rd32(rec + 4);
    if (token >= nv || !node_key(w, gzf_rd32(rec), len, depth + 1))
        return false;
    w->buf[(*len)++] = ' ';
    return node_key(w, token, len, depth + 1);
}

static gaztag_status visit(walker *w, uint32_t id, const uint8_t *tail,
                           gaztag_key_fn fn, void *ctx, int *stop)
{
    uint32_t first = gzf_rd32(tail), count = gzf_rd32(tail + 4) & GZF_COUNT_MASK;
    size_t len = 0;
    if (count == 0)
        return GAZTAG_OK;
    if ((uint64_t)first + count > w->g->info.n_entries || !node_key(w, id, &len, 0))
        return w->nomem ? GAZTAG_NOMEM : GAZTAG_CORRUPT;
    *stop = fn(ctx, w->buf, len, first, count);
    return GAZTAG_OK;
}

gaztag_status gaztag_foreach_key(const gaztag_gazetteer *g, gaztag_key_fn fn,
                                 void *ctx)
{
    walker w = {g, NULL, NULL, 0, false};
    uint32_t nv = g->info.n_vocab, ne = g->info.n_phrases;
    gaztag_status st = GAZTAG_OK;
    int stop = 0;
    w.edge_slot = gz_malloc((ne ? ne : 1) * sizeof *w.edge_slot);
    if (!w.edge_slot)
        return GAZTAG_NOMEM;
    memset(w.edge_slot, 0xFF, (ne ? ne : 1) * sizeof *w.edge_slot);
    for (uint32_t s = 0; s < ne; s++) {
        uint32_t self = gzf_rd32(g->edges + (size_t)GZF_EDGE_REC * s + 8);
        if (self >= nv && self - nv < ne)
            w.edge_slot[self - nv] = s;
    }
    for (uint32_t s = 0; s < nv && st == GAZTAG_OK && !stop; s++)
        st = visit(&w, s, g->vocab + (size_t)GZF_VOCAB_REC * s + 8, fn, ctx, &stop);
    for (uint32_t s = 0; s < ne && st == GAZTAG_OK && !stop; s++) {
        const uint8_t *rec = g->edges + (size_t)GZF_EDGE_REC * s;
        st = visit(&w, gzf_rd32(rec + 8), rec + 12, fn, ctx, &stop);
    }
    gz_free(w.edge_slot);
    gz_free(w.buf);
    return st;
}
