/*
 * tagger.c -- the public tagging functions: a tagger is the per-thread
 * scratch (normalisation buffer, match window, span array) over one shared
 * gazetteer.
 */
#include "gaztag.h"

#include "accept.h"
#include "alloc.h"
#include "match.h"
#include "overlay.h"
#include "rules.h"

#include <stdint.h>
#include <string.h>

struct gaztag_tagger {
    const gaztag_gazetteer *g;
    norm_scratch scratch;
    match_state match;
    gaztag_span *spans;
    size_t n_spans, spans_cap;
    /* Spans whose key has entries that refused the text list the accepting
     * ones in `accepted`, from acc_off[span] (SIZE_MAX: all accepted). */
    size_t *acc_off;
    size_t acc_off_cap;
    uint32_t *accepted;
    size_t n_accepted, accepted_cap;
    acc_buf strict; /* strict keys of matched text */
    match_pos base; /* where the current text starts in the stream */
    bool removals;  /* report removal extents as spans with no entries */
    /* A layered tagger: one plain tagger per gazetteer, merged. */
    gaztag_tagger **layers;
    size_t n_layers;
    size_t last_end; /* end of the last chosen span of the stream */
    /* Stream offsets: the bytes before scanned_to were searched for a cut
     * (match_safe_end), and the last cut found there is cut_at. */
    size_t scanned_to, cut_at;
    const gaztag_rules *rules; /* NULL: gazetteer matches only */
    rules_state rstate;
    bool in_document; /* a stream has begun: its names are known */
    bool rules_sol;   /* the stream's next piece begins a line */
    /* The rules' words for the matcher's scan (match_set_triggers()),
     * when `triggers`; else the pass looks at every capital. */
    match_triggers trig;
    bool triggers;
    bool every_capital; /* tagger_rules_every_capital() */
    /* gaztag_tagger_set_propagation_window(), for the next document */
    size_t window;
};

gaztag_status gaztag_tagger_new(const gaztag_gazetteer *g,
                                gaztag_tagger **out)
{
    *out = NULL;
    if (!g || g->status != GAZTAG_OK)
        return GAZTAG_INVALID;
    gaztag_tagger *t = gz_calloc(1, sizeof *t);
    if (!t)
        return GAZTAG_NOMEM;
    t->g = g;
    norm_scratch_init(&t->scratch);
    rules_state_init(&t->rstate);
    t->window = GAZTAG_PROPAGATION_WINDOW;
    match_init(&t->match, g, &t->scratch);
    *out = t;
    return GAZTAG_OK;
}

gaztag_status gaztag_tagger_new_layered(const gaztag_gazetteer *const *g,
                                        size_t n, gaztag_tagger **out)
{
    *out = NULL;
    if (n == 1)
        return gaztag_tagger_new(g[0], out);
    if (n == 0 || n > GAZTAG_MAX_LAYERS)
        return GAZTAG_INVALID;
    gaztag_tagger *t = gz_calloc(1, sizeof *t);
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
    if (!t || !(t->layers = gz_calloc(n, sizeof *t->layers))) {
        gz_free(t);
        return GAZTAG_NOMEM;
    }
    t->g = g[0];
    t->n_layers = n;
    rules_state_init(&t->rstate);
    t->window = GAZTAG_PROPAGATION_WINDOW;
    for (size_t i = 0; i < n; i++) {
        gaztag_status st = gaztag_tagger_new(g[i], &t->layers[i]);
        if (st != GAZTAG_OK) {
            gaztag_tagger_free(t);
            return st;
        }
        t->layers[i]->removals = true;
    }
    *out = t;
    return GAZTAG_OK;
}

void gaztag_tagger_free(gaztag_tagger *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_layers; i++)
        gaztag_tagger_free(t->layers[i]);
    gz_free(t->layers);
    norm_scratch_free(&t->scratch);
    gz_free(t->spans);
    gz_free(t->acc_off);
    gz_free(t->accepted);
    gz_free(t->strict.s);
    rules_state_free(&t->rstate);
    match_free(&t->match);
    match_triggers_free(&t->trig);
    gz_free(t);
}

enum { EMIT_NOMEM = 1, EMIT_CORRUPT = 2 };

/* The entries of a node with flagged entries that accept the span's text:
 * their indices appended to t->accepted, the first one in s->entry.
 * Returns 0, MATCH_REFUSED if none does, or an EMIT_ code. */
static int accept_entries(gaztag_tagger *t, const gzt_node *node,
                          uint32_t count, gaztag_span *s, size_t len)
{
    size_t off = t->n_accepted;
    bool removal = false;
    for (uint32_t k = 0; k < count; k++) {
        gaztag_entry e;
        uint32_t index = node->entry_first + k;
        if (gzt_entry(t->g, index, &e) != GAZTAG_OK)
            return EMIT_CORRUPT;
        removal = removal || (e.flags & GAZTAG_ENTRY_REMOVE);
        int ok = acc_entry(t->g, &t->scratch, &t->strict, index, &e, s->text,
                           len);
        if (ok < 0 || gz_grow((void **)&t->accepted, &t->accepted_cap,
                              t->n_accepted + 1, sizeof *t->accepted) < 0)
            return EMIT_NOMEM;
        if (!ok)
            continue;
        if (t->n_accepted == off) {
            s->entry = e;
            s->first_entry = index;
        }
        t->accepted[t->n_accepted++] = index;
    }
    s->n_entries = (uint32_t)(t->n_accepted - off);
    t->acc_off[t->n_spans] = s->n_entries == count ? SIZE_MAX : off;
    if (s->n_entries == count)
        t->n_accepted = off; /* all of them: the plain range says it */
    if (s->n_entries == 0 && removal && t->removals)
        return 0; /* an overlay's removal: a span with no entries */
    return s->n_entries ? 0 : MATCH_REFUSED;
}

static int emit_span(void *ctx, const match_tok *first, const match_tok *last,
                     const gzt_node *node)
{
    gaztag_tagger *t = ctx;
    if (gz_grow((void **)&t->spans, &t->spans_cap, t->n_spans + 1,
                sizeof *t->spans) < 0 ||
        gz_grow((void **)&t->acc_off, &t->acc_off_cap, t->n_spans + 1,
                sizeof *t->acc_off) < 0)
        return EMIT_NOMEM;
    gaztag_span *s = &t->spans[t->n_spans];
    uint32_t count = node->count_flags & GZF_COUNT_MASK;
    if ((uint64_t)node->entry_first + count > t->g->info.n_entries)
        return EMIT_CORRUPT;
    s->text = t->match.text + first->tok.start;
    s->accepted = NULL;
    s->origin = GAZTAG_FROM_GAZETTEER;
    s->rule = NULL;
    s->gazetteer = t->g;
    if (node->count_flags & GZF_HAS_FLAGGED) {
        int rc = accept_entries(t, node, count, s, last->tok.end - first->tok.start);
        if (rc != 0)
            return rc;
    } else {
        if (gzt_entry(t->g, node->entry_first, &s->entry) != GAZTAG_OK)
            return EMIT_CORRUPT;
        s->n_entries = count;
        s->first_entry = node->entry_first;
        t->acc_off[t->n_spans] = SIZE_MAX;
    }
    s->start = t->base.bytes + first->tok.start;
    s->end = t->base.bytes + last->tok.end;
    s->cstart = t->base.cps + first->tok.cstart;
    s->cend = t->base.cps + last->tok.cend;
    s->ustart = t->base.units + first->tok.ustart;
    s->uend = t->base.units + last->tok.uend;
    t->n_spans++;
    return 0;
}

/* Point the spans at their accepted entries, now that the array stays. */
static void link_accepted(gaztag_tagger *t)
{
    for (size_t i = 0; i < t->n_spans; i++)
        t->spans[i].accepted =
            t->acc_off[i] == SIZE_MAX ? NULL : t->accepted + t->acc_off[i];
}

/* Where a piece of a stream may be cut, searching only the bytes that no
 * earlier call of the stream has searched: a token of 1 GB that comes in
 * pieces (and is held until it ends) is then scanned once, not once a
 * piece.  The caller passes the text again from where it was consumed. */
static size_t stream_cut(gaztag_tagger *t, const char *text, size_t len)
{
    size_t base = t->base.bytes, from = 0, fallback = 0;
    if (t->scanned_to > base && t->scanned_to - base <= len) {
        from = t->scanned_to - base;
        fallback = t->cut_at > base ? t->cut_at - base : 0;
    }
    size_t cut = match_safe_end(text, len, from, fallback);
    t->scanned_to = base + len;
    t->cut_at = base + cut;
    return cut;
}

/* The stream ends (or failed): the next call starts a new one. */
static void stream_reset(gaztag_tagger *t)
{
    t->base = (match_pos){0, 0, 0};
    t->last_end = 0;
    t->scanned_to = t->cut_at = 0;
    for (size_t i = 0; i < t->n_layers; i++)
        stream_reset(t->layers[i]);
}

/* A layered tagger's call: every layer from the same position, all
 * matches; the stream goes on from the least any layer used, and spans that
 * start after it wait for the next call (where they come again). */
static gaztag_status layered_stream(gaztag_tagger *t, const char *text,
                                    size_t len, unsigned flags,
                                    size_t *consumed)
{
    ovl_layer in[GAZTAG_MAX_LAYERS];
    size_t n = t->n_layers, used = SIZE_MAX;
    match_pos next = t->base;
    for (size_t i = 0; i < n; i++) {
        gaztag_tagger *l = t->layers[i];
        size_t c;
        l->base = t->base;
        gaztag_status st = gaztag_tag_stream(l, text, len,
                                             (flags & GAZTAG_TAG_MORE) | GAZTAG_TAG_ALL,
                                             &in[i].spans, &in[i].n, &c);
        if (st != GAZTAG_OK)
            return st;
        if (c < used) {
            used = c;
            next = l->base;
        }
    }
    long m = ovl_merge(in, n, t->base.bytes + used, (flags & GAZTAG_TAG_ALL) != 0,
                       &t->last_end, &t->spans, &t->spans_cap);
    if (m < 0)
        return GAZTAG_NOMEM;
    t->n_spans = (size_t)m;
    *consumed = used;
    t->base = next;
    if (!(flags & GAZTAG_TAG_MORE)) {
        t->base = (match_pos){0, 0, 0};
        t->last_end = 0;
    }
    return GAZTAG_OK;
}

static gaztag_status tag_piece(gaztag_tagger *t, const char *text,
                               size_t len, unsigned flags,
                               const gaztag_span **spans, size_t *n_spans,
                               size_t *consumed)
{
    if (t->n_layers) {
        *spans = NULL;
        *n_spans = 0;
        *consumed = 0;
        gaztag_status st = layered_stream(t, text, len, flags, consumed);
        if (st != GAZTAG_OK) {
            stream_reset(t);
            return st;
        }
        *spans = t->spans;
        *n_spans = t->n_spans;
        return GAZTAG_OK;
    }
    bool more = (flags & GAZTAG_TAG_MORE) != 0;
    match_pos used = {0, 0, 0};
    t->n_spans = 0;
    t->n_accepted = 0;
    *spans = NULL;
    *n_spans = 0;
    *consumed = 0;
    if (more)
        len = stream_cut(t, text, len);
    int rc = match_text(&t->match, text, len, (flags & GAZTAG_TAG_ALL) != 0,
                        more, emit_span, t, &used);
    if (rc != 0) {
        stream_reset(t);
        return rc == EMIT_CORRUPT ? GAZTAG_CORRUPT : GAZTAG_NOMEM;
    }
    link_accepted(t);
    *spans = t->spans;
    *n_spans = t->n_spans;
    *consumed = used.bytes;
    if (more) {
        t->base.bytes += used.bytes;
        t->base.cps += used.cps;
        t->base.units += used.units;
    } else {
        stream_reset(t);
    }
    return GAZTAG_OK;
}

/* The length of text[0..n) up to its last line break (0: none), read back
 * 8 bytes at a time: a piece's last line may be long. */
static size_t last_line_end(const char *text, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull;
    for (; n >= 8; n -= 8) {
        uint64_t w;
        memcpy(&w, text + n - 8, 8);
        w ^= ones * '\n'; /* (a zero byte where a line break was) */
        if ((w - ones) & ~w & ones * 0x80)
            break;
    }
    while (n > 0 && text[n - 1] != '\n')
        n--;
    return n;
}

/* With rules, a piece of a stream is used up to its last line break (the
 * rules then see whole lines: a name is not cut at the piece's end, and
 * the next piece begins a line), and the matcher reads it only that far
 * (gaztag_tag_stream()).  Where the matcher stopped before it (a word that
 * may begin a name across the break), the piece is used up to the line
 * break before, or to the start of a span that crosses it; the spans after
 * it are dropped (the next call finds them again) and the stream's
 * position is moved back there.  A piece without a line break is used as
 * the matcher used it. */
static void hold_back_line(gaztag_tagger *t, const char *text,
                           match_pos base, size_t *n_spans, size_t *consumed)
{
    size_t cut = last_line_end(text, *consumed), k = *n_spans, n = *n_spans;
    if (cut == 0 || cut == *consumed)
        return;
    /* (the spans end in order: the few after the cut are counted from the
     * last) */
    while (k > 0 && t->spans[k - 1].end - base.bytes > cut)
        k--;
    if (k < n && t->spans[k].start - base.bytes < cut)
        cut = t->spans[k].start - base.bytes; /* a span across the break */
    if (cut == 0)
        return;
    /* the position at the cut, counted from the last span kept */
    match_pos at = base;
    size_t from = 0, cps, units;
    if (k > 0) {
        const gaztag_span *last = &t->spans[k - 1];
        at = (match_pos){last->end, last->cend, last->uend};
        from = last->end - base.bytes;
    }
    rules_count(text, *consumed, from, cut, &cps, &units);
    t->base = (match_pos){base.bytes + cut, at.cps + cps, at.units + units};
    *n_spans = k;
    t->n_spans = k;
    *consumed = cut;
}

gaztag_status gaztag_tag_stream(gaztag_tagger *t, const char *text,
                                size_t len, unsigned flags,
                                const gaztag_span **spans, size_t *n_spans,
                                size_t *consumed)
{
    bool rules = t->rules && !(flags & GAZTAG_TAG_ALL);
    bool more = (flags & GAZTAG_TAG_MORE) != 0;
    match_pos base = t->base;
    bool sol = !t->in_document || t->rules_sol;
    if (rules && !t->in_document) {
        rules_state_reset(&t->rstate);
        t->rstate.window = t->window;
    }
    /* (the scan finds the rules' words, unless the pass is to look at
     * every capital) */
    bool scan_trig = rules && t->triggers && !t->every_capital;
    if (t->triggers && scan_trig != (t->match.trig_hash != NULL))
        match_set_triggers(&t->match, scan_trig ? &t->trig : NULL);
    /* (with the rules, the matcher reads a piece only to its last line
     * break, where hold_back_line() would cut it: what it read past it,
     * the next call would read again) */
    size_t mlen = rules && more && !t->n_layers ? last_line_end(text, len) : 0;
    if (mlen == 0)
        mlen = len;
    gaztag_status st = tag_piece(t, text, mlen, flags, spans, n_spans,
                                 consumed);
    t->in_document = st == GAZTAG_OK && more;
    if (st != GAZTAG_OK || !rules)
        return st;
    if (more && !t->n_layers)
        hold_back_line(t, text, base, n_spans, consumed);
    t->rules_sol = *consumed ? text[*consumed - 1] == '\n' : sol;
    const rules_hits hits = {t->match.hits, t->match.n_hits, scan_trig};
    size_t n = *n_spans; /* (*spans is t->spans) */
    if (rules_apply(&t->rstate, t->rules, text, *consumed, base.bytes,
                    base.cps, base.units, t->spans, n, &hits,
                    !(flags & GAZTAG_TAG_NO_PROPAGATION), sol) < 0 ||
        rules_merge(&t->rstate, &t->spans, &n, &t->spans_cap) < 0) {
        stream_reset(t);
        t->in_document = false;
        *spans = NULL;
        *n_spans = 0;
        *consumed = 0;
        return GAZTAG_NOMEM;
    }
    *spans = t->spans;
    *n_spans = t->n_spans = n;
    return GAZTAG_OK;
}

gaztag_status gaztag_tag_text(gaztag_tagger *t, const char *text, size_t len,
                              unsigned flags, const gaztag_span **spans,
                              size_t *n_spans)
{
    size_t consumed;
    stream_reset(t);
    t->in_document = false;
    return gaztag_tag_stream(t, text, len, flags & ~GAZTAG_TAG_MORE, spans,
                             n_spans, &consumed);
}

static void drop_triggers(gaztag_tagger *t)
{
    if (!t->n_layers)
        match_set_triggers(&t->match, NULL);
    match_triggers_free(&t->trig);
    t->triggers = false;
}

/* match_byte_mark() tells the two marks found by their bytes apart by
 * this bit of their kind. */
_Static_assert((TRIG_PAREN & 2) == 0 && (TRIG_LETTER & 2) == 2,
               "the bit of match_state.mark_next a mark reads");

/* The rules' words under the gazetteer's keys, for its matcher's scan
 * (match_triggers_make()). */
static gaztag_status make_triggers(gaztag_tagger *t, const gaztag_rules *r)
{
    const gaztag_gazetteer *g = t->g;
    /* (and the letters of "M." and the like, under their keys) */
    size_t cap = r->trig.n + 26;
    uint64_t *hash = gz_calloc(cap, sizeof *hash);
    uint8_t *kind = gz_calloc(cap, sizeof *kind);
    bool *accented = gz_calloc(cap, sizeof *accented);
    uint64_t grave_hash = 0;
    size_t n = 0;
    gaztag_status st = GAZTAG_NOMEM;
    if (!hash || !kind || !accented)
        goto out;
    for (size_t i = 0; i < r->trig.cap; i++) {
        const rt_slot *e = &r->trig.slots[i];
        const char *key;
        size_t klen;
        if (!e->tag)
            continue;
        if (norm_key(&t->scratch, g->info.norm_flags, r->trig.pool + e->off,
                     e->len, false, &key, &klen) < 0)
            goto out;
        if (klen == 0)
            continue;
        /* A cue's word is compared with its accents (rules_apply.c's
         * cue_back()): "spécial" is not "special", whose key is the same
         * when the gazetteer folds accents. */
        const char *w = r->trig.pool + e->off;
        accented[n] = !(e->val & ~(TRIG_BEFORE | TRIG_DIST_MASK)) &&
                      !match_all_ascii((const uint8_t *)w, e->len);
        hash[n] = gzf_key_hash((const uint8_t *)key, klen);
        kind[n++] = (uint8_t)e->val;
    }
    /* A cue's letter in another script ("𝗠. X", "Ｍ. X") is found by its
     * key, the ASCII capital by its byte (byte_kind); so is "à" written
     * otherwise ("a" and a combining accent). */
    for (unsigned b = 0; b < 26; b++) {
        char letter = (char)('a' + b);
        const char *key;
        size_t klen;
        if (!((r->trig_dotted >> b) & 1))
            continue;
        if (norm_key(&t->scratch, g->info.norm_flags, &letter, 1, false, &key,
                     &klen) < 0)
            goto out;
        hash[n] = gzf_key_hash((const uint8_t *)key, klen);
        kind[n++] = TRIG_LETTER;
    }
    if (r->trig_grave_a) {
        const char *key;
        size_t klen;
        if (norm_key(&t->scratch, g->info.norm_flags, "\xC3\xA0", 2, false,
                     &key, &klen) < 0)
            goto out;
        grave_hash = gzf_key_hash((const uint8_t *)key, klen);
    }
    if (match_triggers_make(&t->trig, g, hash, kind, accented, n) < 0)
        goto out;
    t->trig.byte_kind['('] = TRIG_PAREN;
    for (unsigned b = 0; b < 26; b++)
        if ((r->trig_dotted >> b) & 1)
            t->trig.byte_kind['A' + b] = TRIG_LETTER;
    t->trig.grave_kind = r->trig_grave_a ? TRIG_GRAVE : 0;
    t->trig.grave_hash = grave_hash;
    t->trig.letter_kind = r->trig_dotted ? TRIG_LETTER : 0;
    /* (a given name, a head word and a suffix fire only capitalised:
     * rules_cands.c's hit_caps() and rctx_rule_suffix()) */
    t->trig.capital_kinds = TRIG_SELF | TRIG_SUFFIX;
    t->triggers = true;
    match_set_triggers(&t->match, &t->trig);
    st = GAZTAG_OK;
out:
    gz_free(hash);
    gz_free(kind);
    gz_free(accented);
    return st;
}

void tagger_rules_every_capital(gaztag_tagger *t, bool every)
{
    t->every_capital = every;
}

void tagger_rules_walk_level(gaztag_tagger *t, int level)
{
    t->rstate.walk_level = (uint8_t)level;
}

gaztag_status gaztag_tagger_set_rules(gaztag_tagger *t,
                                      const gaztag_rules *r)
{
    drop_triggers(t);
    rules_forget_words(&t->rstate);
    t->rules = r;
    /* (a layered tagger, or a gazetteer that keeps case, whose keys the
     * rules' lower-case words are not: the pass looks at every capital) */
    if (!r || t->n_layers || r->trig_none || r->trig.n == 0 ||
        (t->g->info.norm_flags & GAZTAG_CASE_SENSITIVE))
        return GAZTAG_OK;
    gaztag_status st = make_triggers(t, r);
    if (st != GAZTAG_OK) {
        drop_triggers(t);
        t->rules = NULL;
    }
    return st;
}

void gaztag_tagger_set_propagation_window(gaztag_tagger *t, size_t bytes)
{
    /* (past half the address space: no end, and no overflow) */
    t->window = bytes > SIZE_MAX / 2 ? 0 : bytes;
}

gaztag_status gaztag_span_entry(const gaztag_gazetteer *g,
                                const gaztag_span *span, size_t i,
                                gaztag_entry *out)
{
    if (i >= span->n_entries)
        return GAZTAG_INVALID;
    if (span->origin != GAZTAG_FROM_GAZETTEER) {
        *out = span->entry; /* an inferred span's one entry */
        return GAZTAG_OK;
    }
    if (span->gazetteer)
        g = span->gazetteer;
    if (span->accepted)
        return gzt_entry(g, span->accepted[i], out);
    return gzt_entry(g, span->first_entry + (uint32_t)i, out);
}

size_t gaztag_normalize(unsigned norm_flags, const char *text, size_t len,
                        char *buf, size_t cap)
{
    norm_scratch sc;
    tok_stream ts;
    tok_token t;
    size_t n = 0;
    norm_scratch_init(&sc);
    tok_init(&ts, text, len);
    while (tok_next(&ts, &t)) {
        const char *key;
        size_t klen;
        if (norm_key(&sc, norm_flags, text + t.start, t.end - t.start,
                     t.ascii, &key, &klen) < 0) {
            n = SIZE_MAX;
            break;
        }
        if (n && n < cap)
            buf[n] = ' ';
        n += n != 0;
        for (size_t i = 0; i < klen; i++, n++)
            if (n < cap)
                buf[n] = key[i];
    }
    if (n != SIZE_MAX && n < cap)
        buf[n] = '\0';
    norm_scratch_free(&sc);
    return n;
}
