/*
 * rules_doc.c -- what a document teaches the rest of it: the names found
 * in it, and their later mentions.
 *
 * A span's name (an inferred span's whole name, a person's last name) is
 * learnt under its key in st->doc, with "\1" + its first word -> the
 * longest name that starts with it; the filter hash of that word is in
 * st->doc_bits, and in st->doc_one for a name of one word, or with the
 * second word's in st->doc_two (the top bits of their hashes in
 * st->doc_set, to clear them; the filters use 512 bytes each at first,
 * and grow to 32 KiB as a long document learns names: doc_grow()).  A
 * later capitalised word that passes them may start a name said before
 * (rctx_rule_document()): a word that only begins longer
 * names ("Debian" of "Debian Security Advisory") is looked up only before
 * the second word of one.  A gazetteer span of one word that is a
 * person's last name becomes that person (rctx_as_person()).  A last name
 * from an inferred person is first looked for in lower case around its
 * first later mention (doc_usable(), rules_lower.c): a word of prose is no
 * last name.
 * The names last until rules_state_reset(), the end of the document.
 */
#include "rules.h"
#include "rules_ctx.h"

#include "alloc.h"
#include "tokenize.h"

#include <string.h>

/* The document's filter `which` (0: doc_bits, 1: doc_one, 2: doc_two). */
static inline uint64_t *doc_filter(rules_state *st, unsigned which)
{
    return which == 0 ? st->doc_bits : which == 1 ? st->doc_one : st->doc_two;
}

/* An entry of st->doc_set: the top DOC_SET_BITS bits of a hash marked,
 * and its filter above them. */
#define DOC_SET_BITS 24
_Static_assert(RB_DOC <= DOC_SET_BITS,
               "a bit number and its filter in 32 bits");

/* The word of listed mark v in its filter at st->doc_order, and its bit
 * there in *bit. */
static inline uint64_t *doc_word_of(rules_state *st, uint32_t v,
                                    uint64_t *bit)
{
    uint32_t i = (v & ((1u << DOC_SET_BITS) - 1)) >>
                 (DOC_SET_BITS - st->doc_order);
    *bit = (uint64_t)1 << (i & 63);
    return &doc_filter(st, v >> DOC_SET_BITS)[i >> 6];
}

/* Clear the bits of the hashes in st->doc_set, at st->doc_order. */
static void doc_clear_bits(rules_state *st)
{
    uint64_t bit;
    for (size_t i = 0; i < st->n_doc_set; i++)
        *doc_word_of(st, st->doc_set[i], &bit) = 0;
}

/* A new document: forget the names of the last one. */
void rules_state_reset(rules_state *st)
{
    rt_clear(&st->doc);
    doc_clear_bits(st);
    st->n_doc_set = 0;
    st->doc_order = RB_DOC_MIN;
    memset(st->doc_one_pairs, 0, sizeof st->doc_one_pairs);
    st->n_entries = 0;
    st->max_doc_tokens = 0;
    st->lapse_at = SIZE_MAX;
}

/* A prefix entry ("\1" + a first word): the most tokens of a name that
 * starts with the word (the low byte), and 1 + the entry of the name that
 * is the word alone (0: none), so that a one-word name is found with one
 * lookup. */
#define DOC_NTOK 0xFFu
#define DOC_WORDS 8 /* a learnt name's words at most */
#define DOC_SINGLE_MAX ((UINT32_MAX >> 8) - 1)

/* Move the document's filters to 4 times the bits (up to RB_DOC): every
 * hash listed is marked again. */
static void doc_grow(rules_state *st)
{
    doc_clear_bits(st);
    st->doc_order = st->doc_order + 2 < RB_DOC ? st->doc_order + 2 : RB_DOC;
    uint64_t bit;
    for (size_t i = 0; i < st->n_doc_set; i++) {
        uint64_t *w = doc_word_of(st, st->doc_set[i], &bit);
        *w |= bit;
    }
}

/* Set bit h of the document's filter `which` (doc_filter()), listed to
 * be cleared; past one mark in 16 bits, the filters grow (doc_grow(): the
 * list keeps each mark until the largest order).  0 or -1. */
static inline int doc_mark(rules_state *st, unsigned which, uint64_t h)
{
    uint64_t *f = doc_filter(st, which);
    /* (at the largest order, a bit set is listed already) */
    if (st->doc_order == RB_DOC && rb_test(f, RB_DOC, h))
        return 0;
    if (st->n_doc_set == st->doc_set_cap &&
        gz_grow((void **)&st->doc_set, &st->doc_set_cap, st->n_doc_set + 1,
                sizeof *st->doc_set) < 0)
        return -1;
    st->doc_set[st->n_doc_set++] =
        (uint32_t)(h >> (64 - DOC_SET_BITS)) | (uint32_t)which << DOC_SET_BITS;
    rb_set(f, st->doc_order, h);
    if (st->doc_order < RB_DOC &&
        st->n_doc_set > ((size_t)1 << st->doc_order) / 16)
        doc_grow(st);
    return 0;
}


/* Learn name key[0..len) of `ntok` tokens, entry d, for the rest of the
 * document, and its first word as a prefix: *prefix_len is that word's
 * length when the document knew no name starting with it, else 0.  0 or
 * -1. */
static int doc_learn(rules_state *st, const char *key, size_t len,
                     const rules_doc_entry *d, size_t *prefix_len)
{
    uint32_t *val;
    *prefix_len = 0;
    if (gz_grow((void **)&st->entries, &st->entries_cap, st->n_entries + 1,
                sizeof *st->entries) < 0 ||
        rt_put(&st->doc, rt_hash(key, len), key, len, &val) < 0)
        return -1;
    st->entries[st->n_entries] = *d;
    *val = (uint32_t)st->n_entries++;
    if (st->window && d->last + st->window < st->lapse_at)
        st->lapse_at = d->last + st->window;
    char pk[RULE_KEY_MAX + 1];
    const char *sp = memchr(key, ' ', len);
    size_t fl = sp ? (size_t)(sp - key) : len;
    unsigned ntok = d->ntok;
    if (fl > RULE_KEY_MAX)
        return 0;
    pk[0] = '\1';
    memcpy(pk + 1, key, fl);
    uint64_t h = fh_hash(key, fl);
    if (doc_mark(st, 0, h) < 0)
        return -1;
    if (!sp) {
        if (doc_mark(st, 1, h) < 0)
            return -1;
        /* (a key's letter from 0x80 may come from an ASCII one and a
         * combining accent: every pair) */
        if ((uint8_t)key[0] >= 0x80)
            memset(st->doc_one_pairs, 0xFF, sizeof st->doc_one_pairs);
        else
            st->doc_one_pairs[doc_first_class((uint8_t)key[0])] |=
                1u << (len > 1 ? doc_first_class((uint8_t)key[1]) : 26u);
    } else {
        const char *w2 = sp + 1, *end = key + len;
        const char *sp2 = memchr(w2, ' ', (size_t)(end - w2));
        size_t l2 = (size_t)((sp2 ? sp2 : end) - w2);
        if (doc_mark(st, 2, fh_pair(h, fh_hash(w2, l2))) < 0)
            return -1;
    }
    uint32_t index = *val; /* (the name's entry, before val is reused) */
    if (rt_put(&st->doc, rt_hash(pk, fl + 1), pk, fl + 1, &val) < 0)
        return -1;
    if (*val == 0)
        *prefix_len = fl;
    if ((*val & DOC_NTOK) < ntok)
        *val = (*val & ~DOC_NTOK) | ntok;
    if (ntok == 1 && index < DOC_SINGLE_MAX)
        *val = (*val & DOC_NTOK) | (index + 1) << 8;
    if (ntok > st->max_doc_tokens)
        st->max_doc_tokens = ntok;
    return 0;
}

/* Learn name key[0..len) of `ntok` tokens, taught by a span that begins
 * at byte `at` of the text, for the rest of the document. */
int rctx_learn(actx *c, const char *key, size_t len, unsigned ntok,
               const gaztag_entry *e, size_t at)
{
    rules_doc_entry d = {.entry = *e,
                         .last = c->base_b + at,
                         .check = DOC_SURE,
                         .ntok = (uint8_t)ntok};
    d.entry.flags = 0;
    size_t fl;
    if (doc_learn(c->st, key, len, &d, &fl) < 0)
        return -1;
    if (fl)
        rctx_new_prefix(c, key, fl);
    return 0;
}

/* Is learnt entry d still in force at byte `at` of the text? */
static inline bool doc_live(const actx *c, const rules_doc_entry *d,
                            size_t at)
{
    size_t w = c->st->window;
    return w == 0 || d->last + w >= c->base_b + at;
}

/* The slot of name key[0..kl) (kl 0: none) if it is in force at byte
 * `at` of the text, else NULL: a lapsed name is forgotten whole, whenever
 * the pass drops it from its table (rules_doc_forget()). */
static const rt_slot *doc_find(const actx *c, const char *key, size_t kl,
                               size_t at)
{
    const rt_slot *d =
        kl ? rt_find(&c->st->doc, rt_hash(key, kl), key, kl) : NULL;
    return d && doc_live(c, &c->st->entries[d->val], at) ? d : NULL;
}

/* A name to learn again once the lapsed ones are forgotten: its key at
 * st->kept_keys[off..off + len), its entry. */
typedef struct rules_doc_kept {
    size_t off, len;
    rules_doc_entry entry;
} rules_doc_kept;

/* (rules.h) */
int rules_doc_forget(rules_state *st, size_t at)
{
    if (st->window == 0 || at < st->lapse_at)
        return 0;
    /* the names left, copied out of the table */
    const rtable *t = &st->doc;
    size_t n = 0, used = 0;
    int rc = 0;
    for (size_t i = 0; i < t->cap && t->n; i++) {
        const rt_slot *e = &t->slots[i];
        if (!e->tag || t->pool[e->off] == '\1' ||
            st->entries[e->val].last + st->window < at)
            continue;
        if (gz_grow((void **)&st->kept, &st->kept_cap, n + 1,
                    sizeof *st->kept) < 0 ||
            gz_grow((void **)&st->kept_keys, &st->kept_keys_cap,
                    used + e->len, 1) < 0) {
            rc = -1;
            break;
        }
        memcpy(st->kept_keys + used, t->pool + e->off, e->len);
        st->kept[n++] = (rules_doc_kept){used, e->len, st->entries[e->val]};
        used += e->len;
    }
    rules_state_reset(st);
    size_t fl;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (doc_learn(st, st->kept_keys + st->kept[i].off, st->kept[i].len,
                      &st->kept[i].entry, &fl) < 0)
            rc = -1;
    /* (in batches: a window apart at least; a name stays in the table
     * at most two windows after it was last taught, a lapsed one is not
     * used, and each batch costs a pass over the table and learning the
     * names left again: half a window apart took 15 million instructions
     * more on the shared benchmark's one file) */
    if (st->lapse_at != SIZE_MAX)
        st->lapse_at += st->window;
    return rc;
}

/* May learnt entry `index` be given to the word of key[0..kl) at `at`?
 * Not a last name from an inferred person that the text around also
 * writes in lower case: the first use decides, once. */
static bool doc_usable(actx *c, size_t index, const char *key, size_t kl,
                       size_t at)
{
    rules_doc_entry *d = &c->st->entries[index];
    if (d->check == DOC_CHECK)
        d->check = rctx_lower_near(c, key, kl, at) ? DOC_REFUSED : DOC_SURE;
    return d->check == DOC_SURE;
}

/* Learn word w of person span s alone, as its family name, when it is
 * capitalised, at least `min` bytes long as a key, and not a given name
 * (unless `given`), a not-name or a connector. */
static int learn_family(actx *c, const gaztag_span *s, rtok *w, size_t min,
                        bool given)
{
    char *buf = c->st->buf;
    uint32_t f = rctx_tok_flags(c, w);
    if ((w->shape != SH_CAP && w->shape != SH_UPPER) ||
        (f & (RW_NOT | RW_CONNECTOR)) || (!given && (f & RW_FIRST)))
        return 0;
    size_t kl = word_key(c, w, buf);
    if (kl < min)
        return 0;
    /* an inferred person's ("German Government") is checked, once while
     * the name is in force */
    const rt_slot *d = doc_find(c, buf, kl, s->start - c->base_b);
    uint8_t check = d ? c->st->entries[d->val].check
                      : s->origin == GAZTAG_FROM_RULE ? DOC_CHECK : DOC_SURE;
    if (check == DOC_REFUSED)
        return 0; /* a word of the text, as before */
    if (rctx_learn(c, buf, kl, 1, &s->entry, s->start - c->base_b) < 0)
        return -1;
    c->st->entries[c->st->n_entries - 1].check =
        s->origin == GAZTAG_FROM_RULE ? check : DOC_SURE;
    return 0;
}

/* The first DOC_WORDS + 1 words of a rule's span [start, end) in
 * toks[0..*n), taken from the tokens its rule read (c->tk, from the span's
 * start, with the words' flags already looked up), if they reach its end;
 * false when they do not (the span is tokenized again). */
static bool span_tokens(const actx *c, const gaztag_span *s, size_t start,
                        size_t end, rtok *toks, size_t *n)
{
    if (s->origin != GAZTAG_FROM_RULE || c->nt == 0 ||
        c->tk[0].start != start)
        return false;
    for (size_t j = 0; j < c->nt && c->tk[j].end <= end; j++) {
        if (c->tk[j].cls == TOK_WORD)
            toks[(*n)++] = c->tk[j];
        if (*n == DOC_WORDS + 1 || c->tk[j].end == end)
            return true;
    }
    return false;
}

/* What a span teaches the rest of its document: a person's last name
 * (when the span has two words or more) and its first word when that is
 * a family name written first (Xi of Xi Jinping), and an inferred span's
 * whole name. */
int rctx_learn_span(actx *c, const gaztag_span *s, size_t start, size_t end)
{
    if (s->n_entries == 0 || !s->entry.label)
        return 0; /* an overlay's removal */
    bool person = label_is(c, s->entry.label, LABEL_PERSON);
    if (!c->propagate || s->origin == GAZTAG_FROM_DOCUMENT ||
        (!person && s->origin != GAZTAG_FROM_RULE))
        return 0;
    rtok toks[DOC_WORDS + 1];
    size_t n = 0;
    if (!span_tokens(c, s, start, end, toks, &n)) {
        tok_stream ts;
        tok_token t;
        n = 0;
        tok_init(&ts, c->text + start, end - start);
        while (n < DOC_WORDS + 1 && tok_next(&ts, &t))
            if (t.cls == TOK_WORD)
                make_tok(c, &toks[n++], start + t.start, start + t.end, t.cls,
                         t.ascii);
    }
    /* A name of more words than a key holds is not learnt: its first
     * DOC_WORDS would tag the start of its later mentions ("the Ministry
     * of Foreign Affairs and Trade of the Republic" gave "... of the") */
    if (n == 0 || n > DOC_WORDS)
        return 0;
    char *buf = c->st->buf;
    size_t len = 0;
    /* A name of one word is learnt only when an acronym rule defined it:
     * one cue ("à Linux", "l’administrateur Debian") is too little to
     * tag every later mention of a word. */
    if (s->origin == GAZTAG_FROM_RULE &&
        (n > 1 || (s->rule == c->r->r_acronym &&
                   toks[0].end - toks[0].start > 1))) {
        for (size_t i = 0; i < n; i++) {
            if (len + 1 + RULE_KEY_MAX > sizeof c->st->buf)
                return 0;
            if (i > 0)
                buf[len++] = ' ';
            size_t kl = word_key(c, &toks[i], buf + len);
            if (kl == 0)
                return 0;
            len += kl;
        }
        if (rctx_learn(c, buf, len, (unsigned)n, &s->entry, start) < 0)
            return -1;
    }
    if (!person || n < 2)
        return 0;
    /* "Xi Jinping", "Yoon Suk-yeol" (Jinping and yeol learnt as ever,
     * harmless); a family name listed may be a given name too: after
     * "Kim Jong Un" a later "Kim" is him */
    if ((rctx_tok_flags(c, &toks[0]) & RW_FAMILY_FIRST) &&
        learn_family(c, s, &toks[0], 2, true) < 0)
        return -1;
    return learn_family(c, s, &toks[n - 1], 3, false);
}

/* The filter hash of the word after byte i, over separators, in *h: 1;
 * 0 when no word follows (punctuation, the text's end); -1 when it cannot
 * tell (a byte from 0x80 other than a no-break space or an apostrophe in
 * the way, a word with no key). */
static int next_word_fh(actx *c, size_t i, uint64_t *h)
{
    const uint8_t *s = (const uint8_t *)c->text;
    for (;;) {
        if (i >= c->len)
            return 0;
        uint8_t b = s[i];
        if (b < 0x80 && tok_byte_class[b] == TOK_B_SEP) {
            i++;
            continue;
        }
        if (b < 0x80 && tok_byte_class[b] != TOK_B_WORD)
            return 0;
        if (b == 0xC2 && i + 1 < c->len && s[i + 1] == 0xA0) {
            i += 2;
            continue;
        }
        if (b == 0xE2 && i + 2 < c->len && s[i + 1] == 0x80 &&
            (s[i + 2] == 0x99 || s[i + 2] == 0x98)) {
            i += 3;
            continue;
        }
        if (b >= 0x80)
            return -1;
        char key[RULE_KEY_MAX];
        size_t kl;
        bool ascii;
        size_t e = word_end(c, i, &ascii);
        *h = ascii ? ascii_fh(c, i, e - i)
                   : rctx_word_fh(c, i, e, false, 0, key, &kl);
        return *h ? 1 : -1;
    }
}

/* (rules_ctx.h) */
bool rctx_doc_may(actx *c, uint64_t h, size_t wend)
{
    if (rb_test(c->st->doc_one, c->st->doc_order, h))
        return true;
    uint64_t h2;
    int k = next_word_fh(c, wend, &h2);
    return k < 0 || (k > 0 && rb_test(c->st->doc_two, c->st->doc_order,
                                      fh_pair(h, h2)));
}

/* A gazetteer span of one word that is the last name of a person of the
 * document, with another label (a town called like the minister): the
 * person, from the document. */
bool rctx_as_person(actx *c, gaztag_span *s, size_t start, size_t end)
{
    /* one word: the span is the word that starts it */
    bool ascii;
    if (word_end(c, start, &ascii) != end || end - start > RULE_KEY_MAX)
        return false;
    char key[RULE_KEY_MAX];
    size_t kl;
    uint64_t h = ascii ? ascii_fh(c, start, end - start)
                       : rctx_word_fh(c, start, end, false, 0, key, &kl);
    if (!h || !rb_test(c->st->doc_one, c->st->doc_order, h))
        return false;
    rtok w;
    make_tok(c, &w, start, end, TOK_WORD, ascii);
    kl = word_key(c, &w, key);
    const rt_slot *d = doc_find(c, key, kl, start);
    if (!d)
        return false;
    const gaztag_entry *e = &c->st->entries[d->val].entry;
    if (!e->label || !is_person_label(e->label) ||
        !doc_usable(c, d->val, key, kl, start))
        return false;
    rctx_infer_span(s, e, GAZTAG_FROM_DOCUMENT, c->r->r_propagation);
    return true;
}

/* After `pos`, a hyphen or an apostrophe then a capital: the word goes on
 * ("Solano-Kaba", "N’Zérékoré"). */
static bool joined_capital(const actx *c, size_t pos)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t i = pos, n;
    if (i < c->len && (s[i] == '-' || s[i] == '\''))
        i++;
    else if (i + 2 < c->len && s[i] == 0xE2 && s[i + 1] == 0x80 &&
             (s[i + 2] == 0x99 || s[i + 2] == 0x90 || s[i + 2] == 0x91))
        i += 3;
    else
        return false;
    return i < c->len && rctx_capital_at(s, i, c->len, &n);
}

/* Do capitalised words after the mention (from token j, spaces between,
 * three at most) reach a word that begins or ends organisations' or
 * places' names ("Bush Administration", "Silverstein Properties", "EFF
 * Action Center")?  Then the mention is the first word of a longer name,
 * which the organisations' rules give whole. */
static bool org_goes_on(actx *c, size_t j)
{
    /* (the given names' rule would take a given name's) */
    return !(rctx_tok_flags(c, &c->tk[0]) & RW_FIRST) &&
           rctx_caps_reach_org_word(c, j, 3);
}

/* A name said before: the longest learnt name starting at the candidate. */
int rctx_rule_document(actx *c, size_t *next)
{
    rules_state *st = c->st;
    char pk[RULE_KEY_MAX + 1];
    pk[0] = '\1';
    size_t kl = word_key(c, &c->tk[0], pk + 1);
    if (kl == 0)
        return 0;
    const rt_slot *p = rt_find(&st->doc, rt_hash(pk, kl + 1), pk, kl + 1);
    if (!p)
        return 0;
    size_t n = 1, ntok = p->val & DOC_NTOK, single = p->val >> 8;
    while (n < ntok && rctx_fwd(c, n) && c->tk[n].cls == TOK_WORD &&
           c->tk[n].end <= c->limit &&
           space_or_join(c, &c->tk[n - 1], &c->tk[n]))
        n++;
    for (; n >= 1; n--) {
        size_t index;
        if (n == 1) { /* the word alone: its entry is in its prefix's */
            if (single == 0 ||
                !doc_live(c, &st->entries[single - 1], c->tk[0].start) ||
                !doc_usable(c, single - 1, pk + 1, kl, c->tk[0].start))
                return 0;
            index = single - 1;
        } else {
            size_t len = rctx_phrase_of(c, 0, n - 1, st->buf, sizeof st->buf);
            const rt_slot *s = doc_find(c, st->buf, len, c->tk[0].start);
            if (!s)
                continue;
            index = s->val;
        }
        /* the last word must end the name: not "Solano-Kaba" */
        if (joined_capital(c, c->tk[n - 1].end) || org_goes_on(c, n))
            return 0;
        gaztag_entry e = st->entries[index].entry;
        *next = c->tk[n - 1].end;
        return rctx_give(c, c->tk[0].start, *next, &e, GAZTAG_FROM_DOCUMENT,
                         c->r->r_propagation) < 0 ? -1 : RULE_FOUND;
    }
    return 0;
}
