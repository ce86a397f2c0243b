/*
 * serialize.c -- the builder's model into a file image (docs/format.md).
 *
 * Order of work: hash the vocabulary (its slots become the vocabulary node
 * ids), then hash the edges, whose keys use those ids; group the entries by
 * node, in slot order, keeping source order inside a node; lay out the
 * string pool; then fill the sections and checksum.  Nothing depends on
 * addresses or time, so the same model always gives the same bytes.
 */
#include "build.h"

#include "alloc.h"
#include "gazfile.h"
#include "mph.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

typedef struct hashed {
    uint32_t mode;
    uint8_t *packed;
    size_t size;
    uint32_t *slots;
} hashed;

typedef struct ser {
    gaztag_builder *b;
    uint32_t nv, ne, nn;       /* vocabulary, edges, live entries */
    build_entry *live;         /* the entries not removed, in source order */
    uint32_t n_forms;          /* live entries with a strict key */
    hashed vocab, edges;
    uint8_t *edge_keys;        /* ne x 8 bytes */
    uint32_t *node_first;      /* by node position: vocab slots, then edges */
    uint32_t *entry_order;     /* entry indices grouped by node position */
    uint32_t *label_ref, *string_ref, *key_off;
    uint32_t filter_log2, start_log2, edge_log2, pair_log2;
    uint8_t *single;    /* per vocabulary id: a whole name by itself */
    uint32_t n_pairs;   /* edges whose parent is a vocabulary node */
    size_t pool_size;
    size_t sec_off[GZF_SEC_COUNT + 1], sec_size[GZF_SEC_COUNT + 1];
    uint32_t sec_flags[GZF_SEC_COUNT + 1];
    size_t total;
    uint8_t *image;
} ser;

static void ser_free(ser *s)
{
    gz_free(s->vocab.packed);
    gz_free(s->vocab.slots);
    gz_free(s->edges.packed);
    gz_free(s->edges.slots);
    gz_free(s->edge_keys);
    gz_free(s->node_first);
    gz_free(s->entry_order);
    gz_free(s->label_ref);
    gz_free(s->string_ref);
    gz_free(s->key_off);
    gz_free(s->single);
    gz_free(s->live);
}

/* Copy the live entries (a removal row may have killed some). */
static gaztag_status collect_live(ser *s)
{
    const gaztag_builder *b = s->b;
    s->live = gz_calloc(b->n_entries ? b->n_entries : 1, sizeof *s->live);
    if (!s->live)
        return GAZTAG_NOMEM;
    for (size_t i = 0; i < b->n_entries; i++) {
        if (b->entries[i].dead)
            continue;
        s->live[s->nn++] = b->entries[i];
        s->n_forms += b->entries[i].form != GZF_NONE;
    }
    return GAZTAG_OK;
}

/* Hash the keys of an interner-shaped key set.  0, -1 nomem, -2 cmph. */
static int hash_keys(const uint8_t *base, const size_t *off,
                     const uint32_t *len, uint32_t n, hashed *h)
{
    mph_keys keys = {base, off, len, n};
    h->slots = gz_calloc(n, sizeof *h->slots);
    if (!h->slots)
        return -1;
    return mph_build(&keys, &h->mode, &h->packed, &h->size, h->slots);
}

static int hash_interned(const interner *in, hashed *h)
{
    size_t *off = gz_calloc(in->n, sizeof *off);
    uint32_t *len = gz_calloc(in->n, sizeof *len);
    int rc = -1;
    if (off && len) {
        for (size_t i = 0; i < in->n; i++) {
            off[i] = in->items[i].off;
            len[i] = in->items[i].len;
        }
        rc = hash_keys(in->arena, off, len, (uint32_t)in->n, h);
    }
    gz_free(off);
    gz_free(len);
    return rc;
}

/* A node ref's stable id in the file: its vocabulary slot, or nv + edge id. */
static uint32_t stable_id(const ser *s, uint32_t ref)
{
    return (ref & EDGE_REF) ? s->nv + (ref & ~EDGE_REF) : s->vocab.slots[ref];
}

/* A node ref's position: where its record (and its entries) are placed. */
static uint32_t node_pos(const ser *s, uint32_t ref)
{
    return (ref & EDGE_REF) ? s->nv + s->edges.slots[ref & ~EDGE_REF]
                            : s->vocab.slots[ref];
}

static int hash_edges(ser *s)
{
    const interner *in = &s->b->edges;
    size_t *off = gz_calloc(s->ne, sizeof *off);
    uint32_t *len = gz_calloc(s->ne, sizeof *len);
    s->edge_keys = gz_calloc(s->ne, 8);
    int rc = -1;
    if (off && len && s->edge_keys) {
        for (uint32_t e = 0; e < s->ne; e++) {
            uint32_t klen;
            const uint8_t *k = intern_key(in, e, &klen);
            gzf_wr32(s->edge_keys + 8 * (size_t)e, stable_id(s, gzf_rd32(k)));
            gzf_wr32(s->edge_keys + 8 * (size_t)e + 4,
                     s->vocab.slots[gzf_rd32(k + 4)]);
            off[e] = 8 * (size_t)e;
            len[e] = 8;
        }
        rc = hash_keys(s->edge_keys, off, len, s->ne, &s->edges);
    }
    gz_free(off);
    gz_free(len);
    return rc;
}

/* Counting sort of entries by node position, stable in source order. */
static gaztag_status group_entries(ser *s)
{
    size_t nodes = (size_t)s->nv + s->ne;
    s->node_first = gz_calloc(nodes + 1, sizeof *s->node_first);
    s->entry_order = gz_calloc(s->nn, sizeof *s->entry_order);
    if (!s->node_first || !s->entry_order)
        return GAZTAG_NOMEM;
    for (uint32_t i = 0; i < s->nn; i++)
        s->node_first[node_pos(s, s->live[i].node) + 1]++;
    for (size_t p = 0; p < nodes; p++) {
        if (s->node_first[p + 1] > GZF_COUNT_MASK) {
            snprintf(s->b->errmsg, sizeof s->b->errmsg,
                     "more than %u entries share one key", GZF_COUNT_MASK);
            return GAZTAG_LIMIT;
        }
        s->node_first[p + 1] += s->node_first[p];
    }
    for (uint32_t i = 0; i < s->nn; i++) {
        uint32_t p = node_pos(s, s->live[i].node);
        s->entry_order[s->node_first[p]++] = i;
    }
    /* The fill pass advanced each start to the next node's: shift back. */
    memmove(s->node_first + 1, s->node_first, nodes * sizeof *s->node_first);
    s->node_first[0] = 0;
    return GAZTAG_OK;
}

/* Reserve pool space for an interner's strings as [u32 len][bytes][NUL]. */
static int place_strings(const interner *in, uint32_t **refs, size_t *pool)
{
    *refs = gz_calloc(in->n, sizeof **refs);
    if (!*refs)
        return -1;
    for (size_t i = 0; i < in->n; i++) {
        (*refs)[i] = (uint32_t)*pool;
        *pool += 4 + (size_t)in->items[i].len + 1;
    }
    return 0;
}

static gaztag_status place_pool(ser *s)
{
    size_t pool = 0;
    if (place_strings(&s->b->labels, &s->label_ref, &pool) < 0 ||
        place_strings(&s->b->strings, &s->string_ref, &pool) < 0)
        return GAZTAG_NOMEM;
    s->key_off = gz_calloc(s->nv, sizeof *s->key_off);
    if (!s->key_off)
        return GAZTAG_NOMEM;
    for (uint32_t v = 0; v < s->nv; v++) {
        s->key_off[v] = (uint32_t)pool;
        pool += s->b->vocab.items[v].len;
    }
    if (pool >= GZF_NONE) {
        snprintf(s->b->errmsg, sizeof s->b->errmsg,
                 "the string pool exceeds 4 GiB");
        return GAZTAG_LIMIT;
    }
    s->pool_size = pool;
    return GAZTAG_OK;
}

/* log2 of a filter's size in bits for n keys. */
static uint32_t filter_log2(uint32_t n)
{
    uint32_t log2 = GZF_FILTER_MIN_LOG2;
    while (log2 < GZF_FILTER_MAX_LOG2 &&
           (UINT64_C(1) << log2) < (uint64_t)n * GZF_FILTER_BITS_PER_KEY)
        log2++;
    return log2;
}

static void layout(ser *s)
{
    static const uint8_t order[GZF_SEC_COUNT] = {
        GZF_SEC_START_FILTER, GZF_SEC_PAIR_FILTER,
        GZF_SEC_FILTER, GZF_SEC_EDGE_FILTER, GZF_SEC_VOCAB_MPH,
        GZF_SEC_VOCAB, GZF_SEC_EDGE_MPH, GZF_SEC_EDGES, GZF_SEC_ENTRIES,
        GZF_SEC_LABELS, GZF_SEC_FORMS, GZF_SEC_STRINGS};
    uint32_t starters = 0;
    for (uint32_t v = 0; v < s->nv; v++)
        starters += ((s->b->vocab_children[v] & VOCAB_STARTS) != 0) + s->single[v];
    s->filter_log2 = filter_log2(s->nv);
    s->start_log2 = filter_log2(starters);
    s->sec_size[GZF_SEC_FILTER] = (size_t)1 << (s->filter_log2 - 3);
    s->sec_flags[GZF_SEC_FILTER] = s->filter_log2;
    s->sec_size[GZF_SEC_START_FILTER] = (size_t)1 << (s->start_log2 - 3);
    s->sec_flags[GZF_SEC_START_FILTER] = s->start_log2;
    s->edge_log2 = filter_log2(s->ne);
    s->sec_size[GZF_SEC_EDGE_FILTER] = (size_t)1 << (s->edge_log2 - 3);
    s->sec_flags[GZF_SEC_EDGE_FILTER] = s->edge_log2;
    s->pair_log2 = filter_log2(s->n_pairs);
    s->sec_size[GZF_SEC_PAIR_FILTER] = (size_t)1 << (s->pair_log2 - 3);
    s->sec_flags[GZF_SEC_PAIR_FILTER] = s->pair_log2;
    s->sec_size[GZF_SEC_STRINGS] = s->pool_size;
    s->sec_size[GZF_SEC_LABELS] = 4 * s->b->labels.n;
    s->sec_size[GZF_SEC_ENTRIES] = (size_t)GZF_ENTRY_REC * s->nn;
    s->sec_size[GZF_SEC_FORMS] = (size_t)GZF_FORM_REC * s->n_forms;
    s->sec_size[GZF_SEC_VOCAB_MPH] = s->vocab.size;
    s->sec_size[GZF_SEC_VOCAB] = (size_t)GZF_VOCAB_REC * s->nv;
    s->sec_size[GZF_SEC_EDGE_MPH] = s->edges.size;
    s->sec_size[GZF_SEC_EDGES] = (size_t)GZF_EDGE_REC * s->ne;
    s->sec_flags[GZF_SEC_VOCAB_MPH] = s->vocab.mode;
    s->sec_flags[GZF_SEC_EDGE_MPH] = s->edges.mode;
    size_t off = GZF_HEADER_SIZE + GZF_SECTION_SIZE * GZF_SEC_COUNT;
    for (int i = 0; i < GZF_SEC_COUNT; i++) {
        off = (off + GZF_ALIGN - 1) & ~(size_t)(GZF_ALIGN - 1);
        s->sec_off[order[i]] = off;
        off += s->sec_size[order[i]];
    }
    s->total = (off + GZF_ALIGN - 1) & ~(size_t)(GZF_ALIGN - 1);
}

static void fill_strings(ser *s)
{
    uint8_t *pool = s->image + s->sec_off[GZF_SEC_STRINGS];
    const interner *ins[2] = {&s->b->labels, &s->b->strings};
    const uint32_t *refs[2] = {s->label_ref, s->string_ref};
    for (int k = 0; k < 2; k++) {
        for (uint32_t i = 0; i < ins[k]->n; i++) {
            uint32_t len;
            const uint8_t *str = intern_key(ins[k], i, &len);
            gzf_wr32(pool + refs[k][i], len);
            memcpy(pool + refs[k][i] + 4, str, len);
        }
    }
    for (uint32_t v = 0; v < s->nv; v++) {
        uint32_t len;
        const uint8_t *key = intern_key(&s->b->vocab, v, &len);
        memcpy(pool + s->key_off[v], key, len);
    }
    uint8_t *labels = s->image + s->sec_off[GZF_SEC_LABELS];
    for (uint32_t i = 0; i < s->b->labels.n; i++)
        gzf_wr32(labels + 4 * (size_t)i, s->label_ref[i]);
}

/* Set the bits of `mask` in the filter word of hash h. */
static void word_add(uint8_t *filter, uint32_t log2, uint64_t h, uint64_t mask)
{
    uint8_t *w = filter + 8 * gzf_filter_word(h, gzf_filter_words(log2));
    gzf_wr64(w, gzf_rd64(w) | mask);
}

static void filter_add(uint8_t *filter, uint32_t log2, uint64_t h)
{
    word_add(filter, log2, h, gzf_filter_mask(h));
}

static void fill_filters(ser *s)
{
    uint8_t *all = s->image + s->sec_off[GZF_SEC_FILTER];
    uint8_t *start = s->image + s->sec_off[GZF_SEC_START_FILTER];
    for (uint32_t v = 0; v < s->nv; v++) {
        uint32_t len;
        const uint8_t *key = intern_key(&s->b->vocab, v, &len);
        uint64_t h = gzf_key_hash(key, len);
        filter_add(all, s->filter_log2, h);
        if (s->b->vocab_children[v] & VOCAB_STARTS)
            filter_add(start, s->start_log2, h);
    }
    uint8_t *edges = s->image + s->sec_off[GZF_SEC_EDGE_FILTER];
    for (uint32_t e = 0; e < s->ne; e++)
        filter_add(edges, s->edge_log2,
                   gzf_key_hash(s->edge_keys + 8 * (size_t)e, 8));
}

static uint64_t vocab_hash(const ser *s, uint32_t v)
{
    uint32_t len;
    const uint8_t *key = intern_key(&s->b->vocab, v, &len);
    return gzf_key_hash(key, len);
}

/* The start filter's second bit set (keys that are a name by themselves)
 * and the pair filter (the first two keys of every longer name). */
static void fill_start_filters(ser *s)
{
    uint8_t *start = s->image + s->sec_off[GZF_SEC_START_FILTER];
    uint8_t *pair = s->image + s->sec_off[GZF_SEC_PAIR_FILTER];
    for (uint32_t v = 0; v < s->nv; v++) {
        if (!s->single[v])
            continue;
        uint64_t h = vocab_hash(s, v);
        word_add(start, s->start_log2, h, gzf_single_mask(h));
    }
    for (uint32_t e = 0; e < s->ne; e++) {
        uint32_t klen;
        const uint8_t *k = intern_key(&s->b->edges, e, &klen);
        uint32_t parent = gzf_rd32(k), token = gzf_rd32(k + 4);
        if (!(parent & EDGE_REF))
            filter_add(pair, s->pair_log2,
                       gzf_pair_hash(vocab_hash(s, parent), vocab_hash(s, token)));
    }
}

/* Which vocabulary nodes are names by themselves; how many edges leave
 * vocabulary nodes. */
static gaztag_status mark_singles(ser *s)
{
    s->single = gz_calloc(s->nv, 1);
    if (!s->single)
        return GAZTAG_NOMEM;
    for (uint32_t i = 0; i < s->nn; i++)
        if (!(s->live[i].node & EDGE_REF)) /* removals too: for overlays */
            s->single[s->live[i].node] = 1;
    for (uint32_t e = 0; e < s->ne; e++) {
        uint32_t klen;
        const uint8_t *k = intern_key(&s->b->edges, e, &klen);
        s->n_pairs += !(gzf_rd32(k) & EDGE_REF);
    }
    return GAZTAG_OK;
}

static uint32_t string_ref(const ser *s, uint32_t index)
{
    return index == GZF_NONE ? GZF_NONE : s->string_ref[index];
}

/* Entry records in file order, and the strict keys of those that have
 * one, in the same order. */
static void fill_entries(ser *s)
{
    uint8_t *out = s->image + s->sec_off[GZF_SEC_ENTRIES];
    uint8_t *forms = s->image + s->sec_off[GZF_SEC_FORMS];
    for (uint32_t k = 0; k < s->nn; k++) {
        const build_entry *e = &s->live[s->entry_order[k]];
        uint8_t *rec = out + (size_t)GZF_ENTRY_REC * k;
        gzf_wr32(rec, e->label);
        gzf_wr32(rec + 4, string_ref(s, e->id));
        gzf_wr32(rec + 8, string_ref(s, e->canonical));
        gzf_wr32(rec + 12, e->flags);
        if (e->form != GZF_NONE) {
            gzf_wr32(forms, k);
            gzf_wr32(forms + 4, string_ref(s, e->form));
            forms += GZF_FORM_REC;
        }
    }
}

/* entry_first and count_flags of the node at position p. */
static void node_tail(const ser *s, uint32_t p, uint8_t children, uint8_t *rec)
{
    uint32_t count = s->node_first[p + 1] - s->node_first[p];
    uint32_t flagged = 0;
    /* (yield is no condition of a match: its entries need no asking) */
    for (uint32_t k = s->node_first[p]; k < s->node_first[p + 1]; k++)
        if (s->live[s->entry_order[k]].flags & ~GAZTAG_ENTRY_YIELD)
            flagged = GZF_HAS_FLAGGED;
    gzf_wr32(rec, s->node_first[p]);
    gzf_wr32(rec + 4, count | (children ? GZF_HAS_CHILDREN : 0) | flagged);
}

static void fill_nodes(ser *s)
{
    uint8_t *vocab = s->image + s->sec_off[GZF_SEC_VOCAB];
    for (uint32_t v = 0; v < s->nv; v++) {
        uint32_t slot = s->vocab.slots[v];
        uint8_t *rec = vocab + (size_t)GZF_VOCAB_REC * slot;
        gzf_wr32(rec, s->key_off[v]);
        gzf_wr32(rec + 4, s->b->vocab.items[v].len);
        node_tail(s, slot, s->b->vocab_children[v] & VOCAB_HAS_CHILDREN,
                  rec + 8);
    }
    uint8_t *edges = s->image + s->sec_off[GZF_SEC_EDGES];
    for (uint32_t e = 0; e < s->ne; e++) {
        uint32_t slot = s->edges.slots[e];
        uint8_t *rec = edges + (size_t)GZF_EDGE_REC * slot;
        memcpy(rec, s->edge_keys + 8 * (size_t)e, 8);
        gzf_wr32(rec + 8, s->nv + e);
        node_tail(s, s->nv + slot, s->b->edge_children[e], rec + 12);
    }
    if (s->vocab.packed)
        memcpy(s->image + s->sec_off[GZF_SEC_VOCAB_MPH], s->vocab.packed,
               s->vocab.size);
    if (s->edges.packed)
        memcpy(s->image + s->sec_off[GZF_SEC_EDGE_MPH], s->edges.packed,
               s->edges.size);
}

static void fill_header(ser *s)
{
    uint8_t *h = s->image;
    size_t table_end = GZF_HEADER_SIZE + GZF_SECTION_SIZE * GZF_SEC_COUNT;
    /* NOLINTNEXTLINE(bugprone-not-null-terminated-result): 8 magic bytes */
    memcpy(h + GZF_H_MAGIC, GZF_MAGIC, GZF_MAGIC_LEN);
    gzf_wr32(h + GZF_H_VERSION, GZF_VERSION);
    gzf_wr32(h + GZF_H_HEADER_SIZE, GZF_HEADER_SIZE);
    gzf_wr64(h + GZF_H_FILE_SIZE, s->total);
    gzf_wr32(h + GZF_H_NORM_FLAGS, s->b->norm_flags);
    gzf_wr32(h + GZF_H_UNICODE,
             gzf_pack_unicode_version(utf8proc_unicode_version()));
    gzf_wr32(h + GZF_H_N_ENTRIES, s->nn);
    gzf_wr32(h + GZF_H_N_VOCAB, s->nv);
    gzf_wr32(h + GZF_H_N_EDGES, s->ne);
    gzf_wr32(h + GZF_H_N_LABELS, (uint32_t)s->b->labels.n);
    gzf_wr32(h + GZF_H_MAX_TOKENS, s->b->max_tokens);
    gzf_wr32(h + GZF_H_N_SECTIONS, GZF_SEC_COUNT);
    for (uint32_t k = 1; k <= GZF_SEC_COUNT; k++) {
        uint8_t *e = h + GZF_HEADER_SIZE + (size_t)GZF_SECTION_SIZE * (k - 1);
        gzf_wr32(e, k);
        gzf_wr32(e + 4, s->sec_flags[k]);
        gzf_wr64(e + 8, s->sec_off[k]);
        gzf_wr64(e + 16, s->sec_size[k]);
    }
    gzf_wr32(h + GZF_H_BODY_CRC,
             gzf_crc32c(0, h + table_end, s->total - table_end));
    gzf_wr32(h + GZF_H_HEADER_CRC, gzf_header_crc(h, table_end));
}

static gaztag_status hash_all(ser *s)
{
    int rc = hash_interned(&s->b->vocab, &s->vocab);
    if (rc == 0)
        rc = hash_edges(s);
    if (rc == -1)
        return GAZTAG_NOMEM;
    if (rc == -2) {
        snprintf(s->b->errmsg, sizeof s->b->errmsg,
                 "cmph could not build a minimal perfect hash");
        return GAZTAG_CMPH;
    }
    return GAZTAG_OK;
}

gaztag_status ser_image(gaztag_builder *b, uint8_t **out, size_t *len)
{
    ser s;
    memset(&s, 0, sizeof s);
    s.b = b;
    s.nv = (uint32_t)b->vocab.n;
    s.ne = (uint32_t)b->edges.n;
    gaztag_status st = collect_live(&s);
    if (st == GAZTAG_OK)
        st = hash_all(&s);
    if (st == GAZTAG_OK)
        st = group_entries(&s);
    if (st == GAZTAG_OK)
        st = place_pool(&s);
    if (st == GAZTAG_OK)
        st = mark_singles(&s);
    if (st == GAZTAG_OK) {
        layout(&s);
        s.image = gz_calloc(s.total, 1);
        if (!s.image)
            st = GAZTAG_NOMEM;
    }
    if (st == GAZTAG_OK) {
        fill_strings(&s);
        fill_entries(&s);
        fill_nodes(&s);
        fill_filters(&s);
        fill_start_filters(&s);
        fill_header(&s);
        *out = s.image;
        *len = s.total;
    } else if (st == GAZTAG_NOMEM) {
        snprintf(b->errmsg, sizeof b->errmsg, "out of memory");
    }
    ser_free(&s);
    return st;
}
