/*
 * rules_names.c -- the later mentions of a document's names, as capitals
 * for the rules' pass to look at (rules_cands.c merges them with the
 * others).  A name is looked for by its first word's first three letters
 * (a needle: "Sow" of "Sow Fatou"): each needle by memchr over the rest
 * of the text, up to a few of them (needles_max()); past them, one walk
 * over the capitals A-Z keeps those whose next two bytes may follow that
 * capital in one of the names (rules_walk.c).  A mention may also begin
 * with a capital of a non-ASCII letter (`Élodie`, `𝗦𝗼𝗹𝗮𝗻𝗼`): every one
 * of those is looked at once the document knows a name.  All of this is
 * a superset of the mentions: the pass's filter and the document rule
 * settle each capital.
 */
#include "rules.h"
#include "rules_ctx.h"

#include "alloc.h"

#include <string.h>

/* The next mention of needle nd at or after i and before `end` (at most
 * the text's length), or `end`. */
static size_t needle_upto(const actx *c, const rules_needle *nd, size_t i,
                          size_t end)
{
    const uint8_t *s = (const uint8_t *)c->text;
    while (i < end) {
        const uint8_t *p = memchr(s + i, nd->cap, end - i);
        if (!p)
            break;
        i = (size_t)(p - s);
        size_t rest = c->len - i;
        bool ok = (!nd->k1 || (rest > 1 && (s[i + 1] >= 0x80 ||
                                            (s[i + 1] | 0x20) == nd->k1))) &&
                  (!nd->k2 || rest <= 2 || s[i + 2] >= 0x80 ||
                   (s[i + 2] | 0x20) == nd->k2 || s[i + 1] >= 0x80);
        if (ok && rctx_word_start(c, i))
            return i;
        i++;
    }
    return end;
}

/* The next mention of needle nd at or after i, or len. */
static size_t needle_next(const actx *c, const rules_needle *nd, size_t i)
{
    return needle_upto(c, nd, i, c->len);
}

/* At most this many of a document's names are looked for each by its
 * bytes (memchr over the rest of the text, from one stop at its letter to
 * the next); past them, the walk over every capital.  The walk costs
 * about as much as 8 searches over a piece of a long text, and more than
 * 48 over a news article, where the names' letters stop each search
 * less often than the capitals stop the walk (measured on the shared
 * benchmark's documents and its one file). */
static size_t needles_max(const actx *c)
{
    return c->len <= 65536 ? 48 : 8;
}

/* (rules_ctx.h) */
void rctx_new_prefix(actx *c, const char *key, size_t len)
{
    cand_iter *it = c->it;
    if (!it || len == 0)
        return;
    it->news++;
    it->high = true;
    uint8_t k0 = (uint8_t)key[0];
    if (k0 >= 0x80 || k0 < 'a' || k0 > 'z')
        return; /* (a non-ASCII letter: among the capitals of such) */
    rules_needle nd = {(uint8_t)(k0 - 0x20),
                       len > 1 && (uint8_t)key[1] < 0x80 ? (uint8_t)key[1] : 0,
                       len > 2 && (uint8_t)key[2] < 0x80 ? (uint8_t)key[2] : 0};
    if (it->walk) {
        rctx_walk_mark(it, &nd);
        /* (its next mention may come before the walk's next capital: the
         * name is looked for by its bytes up to it, or the walk goes again) */
        if (it->walk_known && it->n_fresh < CAND_FRESH)
            it->fresh[it->n_fresh++] = nd;
        else
            it->walk_known = false;
        return;
    }
    for (size_t k = 0; k < it->nn; k++) {
        const rules_needle *o = &c->st->needles[k];
        if (o->cap == nd.cap && o->k1 == nd.k1 && o->k2 == nd.k2)
            return; /* (looked for already: "Sow" of "Sow Fatou") */
    }
    if (it->nn == needles_max(c)) {
        /* too many to look for each: one walk over the capitals, for
         * those whose next two bytes may follow one of the names' */
        it->walk = true;
        it->walk_known = false;
        rctx_walk_clear(it);
        for (size_t k = 0; k < it->nn; k++)
            rctx_walk_mark(it, &c->st->needles[k]);
        rctx_walk_mark(it, &nd);
        rctx_heap_drop_needles(c);
        it->nn = 0;
        return;
    }
    if (gz_grow((void **)&c->st->needles, &c->st->needles_cap, it->nn + 1,
                sizeof *c->st->needles) < 0) {
        it->nomem = true;
        return;
    }
    c->st->needles[it->nn] = nd;
    rctx_heap_push(c, needle_next(c, &nd, it->cur), (uint32_t)it->nn++);
}

/* (rules_ctx.h) */
size_t rctx_needle_next(const actx *c, uint32_t k, size_t i)
{
    return needle_next(c, &c->st->needles[k], i);
}

/* (rules_ctx.h) */
size_t rctx_names_next(actx *c, size_t pos)
{
    cand_iter *it = c->it;
    size_t best = c->len;
    if (it->walk) {
        if (!it->walk_known || it->walk_at < pos) {
            it->walk_at = rctx_walk_next(c, pos);
            it->walk_known = true;
        } else {
            for (unsigned k = 0; k < it->n_fresh; k++)
                it->walk_at = needle_upto(c, &it->fresh[k], pos, it->walk_at);
        }
        it->n_fresh = 0;
        best = it->walk_at;
    }
    if (it->high && !it->walk) { /* (the walk finds these too) */
        if (!it->high_known || it->high_at < pos) {
            it->high_at = rctx_high_next(c, pos);
            it->high_known = true;
        }
        best = it->high_at;
    }
    return best;
}

/* (rules_ctx.h) */
void rctx_names_start(actx *c)
{
    const rtable *d = &c->st->doc;
    /* (more names than needles, as the table's entries say, a name and
     * its first word each: the walk from the start, not searches by
     * memchr begun and dropped at the name past the last needle) */
    if (d->n > 2 * needles_max(c) && !c->it->walk) {
        c->it->walk = true;
        c->it->walk_known = false;
        rctx_walk_clear(c->it);
    }
    for (size_t i = 0; i < d->cap && d->n; i++) {
        const rt_slot *e = &d->slots[i];
        if (e->tag && e->len > 1 && d->pool[e->off] == '\1')
            rctx_new_prefix(c, d->pool + e->off + 1, e->len - 1);
    }
}

/* (rules_ctx.h) */
void rctx_names_again(actx *c)
{
    cand_iter *it = c->it;
    /* (the names left are among those looked for by their bytes: the
     * pass goes on looking for them all; the walk, for those left) */
    if (!it->walk)
        return;
    /* (the next capital found stays: a superset; so does the walk over
     * capitals of other letters, which needs no names) */
    rctx_walk_clear(it);
    bool known = it->walk_known;
    unsigned fresh = it->n_fresh; /* (the names marked again are not new) */
    rctx_names_start(c);
    it->walk_known = known;
    it->n_fresh = fresh;
}
