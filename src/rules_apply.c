/*
 * rules_apply.c -- names the gazetteer does not know, found from their
 * context, and later mentions of the names of a document.
 *
 * One pass over the text jumps from one word that starts with a capital
 * letter to the next (16 bytes at a time where SSE2 is there); most of
 * them are settled with the key of the word, the word before it and the
 * one after.  The gazetteer's spans come in order and are copied as the
 * pass goes by them; a rule's span never overlaps one, and ends before the
 * next.  Work is O(text + capitals x longest cue).
 */
#include "rules.h"

#include "alloc.h"
#include "tokenize.h"

#include <string.h>
#include <threads.h>
#include <utf8proc.h>

#if (defined(__SSE2__) || defined(_M_X64)) && !defined(GAZTAG_NO_SIMD)
#include <emmintrin.h>
#define RULES_SSE2 1
#endif

enum shape { SH_OTHER, SH_LOWER, SH_CAP, SH_UPPER };
enum gap { GAP_NONE, GAP_JOIN, GAP_SPACE, GAP_BREAK };

#define MAX_TOKS 24   /* tokens looked at after a capital */
#define MAX_BACK 8    /* tokens looked at before it */
#define KEY_MAX 64    /* longer words have no key here */
#define NAME_WORDS 4  /* a person's or place's words at most */
#define ORG_WORDS 10  /* an organisation's */

typedef struct rtok {
    size_t start, end; /* bytes of the text */
    uint8_t cls;       /* TOK_WORD, TOK_PUNCT */
    uint8_t shape;     /* enum shape, computed with the token */
    bool ascii;
    bool have_flags;
    uint32_t flags; /* RW_*, once have_flags */
} rtok;

typedef struct actx {
    rules_state *st;
    const gaztag_rules *r;
    const char *text;
    size_t len;
    size_t base_b, base_c, base_u;
    const gaztag_span *in;
    size_t n_in, gi;
    size_t limit;    /* the next gazetteer span's start: rule spans end before */
    size_t last_end; /* end of the last span given out */
    size_t cur_b, cur_c, cur_u; /* a position whose offsets are known */
    bool propagate;
    bool nomem;     /* a key could not be made: the call fails */
    bool sol;       /* the text begins a line (not a piece mid-line) */
    tok_stream ts;  /* forward tokens from the candidate */
    size_t ts_at;
    rtok tk[MAX_TOKS];
    size_t nt;
    bool ts_done;
} actx;

/* ------------------------------------------------------------- the state */

void rules_state_init(rules_state *st)
{
    memset(st, 0, sizeof *st);
    norm_scratch_init(&st->scratch);
    norm_scratch_init(&st->scratch_acc);
}

void rules_state_free(rules_state *st)
{
    norm_scratch_free(&st->scratch);
    norm_scratch_free(&st->scratch_acc);
    gz_free(st->out);
    rt_free(&st->doc);
    gz_free(st->entries);
    gz_free(st->doc_set);
    memset(st, 0, sizeof *st);
}

void rules_state_reset(rules_state *st)
{
    rt_clear(&st->doc);
    for (size_t i = 0; i < st->n_doc_set; i++)
        st->doc_bits[st->doc_set[i] >> 6] = 0;
    st->n_doc_set = 0;
    st->n_entries = 0;
    st->max_doc_tokens = 0;
}

/* ---------------------------------------------------------------- tokens */

static bool is_upper_cp(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static bool is_lower_cp(int32_t cp)
{
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* SH_CAP: a capital then some lower-case letter; SH_UPPER: a capital and
 * no lower-case letter (two letters at least, or one before a full stop
 * is still SH_CAP: "M."); SH_LOWER: begins with a lower-case letter. */
static uint8_t shape_of(const char *text, const rtok *t)
{
    const uint8_t *s = (const uint8_t *)text + t->start;
    size_t n = t->end - t->start;
    if (t->cls != TOK_WORD)
        return SH_OTHER;
    bool first_upper, any_lower = false;
    size_t letters = 0, i;
    if (s[0] < 0x80) {
        if (s[0] >= 'a' && s[0] <= 'z')
            return SH_LOWER;
        if (!(s[0] >= 'A' && s[0] <= 'Z'))
            return SH_OTHER;
        first_upper = true;
        i = 1;
    } else {
        int32_t cp;
        i = tok_decode(s, n, &cp);
        if (is_lower_cp(cp))
            return SH_LOWER;
        if (!is_upper_cp(cp))
            return SH_OTHER;
        first_upper = true;
    }
    letters = 1;
    while (i < n) {
        if (s[i] < 0x80) {
            any_lower = any_lower || (s[i] >= 'a' && s[i] <= 'z');
            letters += (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z';
            i++;
            continue;
        }
        int32_t cp;
        i += tok_decode(s + i, n - i, &cp);
        if (is_lower_cp(cp))
            any_lower = true;
        letters += is_upper_cp(cp);
    }
    if (!first_upper)
        return SH_OTHER;
    if (any_lower || letters == 1)
        return SH_CAP;
    return SH_UPPER;
}

/* The key of a token into buf (KEY_MAX bytes at least); 0 when too long
 * or on no memory (no key: no rule looks at it). */
static size_t word_key_f(actx *c, const rtok *t, char *buf, unsigned flags)
{
    size_t n = t->end - t->start;
    const char *s = c->text + t->start;
    if (t->ascii) {
        if (n > KEY_MAX)
            return 0;
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
        return n;
    }
    const char *key;
    size_t klen;
    norm_scratch *sc = flags ? &c->st->scratch_acc : &c->st->scratch;
    if (norm_key(sc, flags, s, n, false, &key, &klen) < 0) {
        c->nomem = true;
        return 0;
    }
    if (klen > KEY_MAX)
        return 0;
    memcpy(buf, key, klen);
    return klen;
}

static size_t word_key(actx *c, const rtok *t, char *buf)
{
    return word_key_f(c, t, buf, 0);
}

static uint32_t tok_flags(actx *c, rtok *t)
{
    if (t->have_flags)
        return t->flags;
    char key[KEY_MAX];
    size_t n = word_key(c, t, key);
    const rt_slot *s = n ? rt_find(&c->r->words, rt_hash(key, n), key, n)
                         : NULL;
    t->flags = s ? s->val : 0;
    t->have_flags = true;
    return t->flags;
}

static void make_tok(actx *c, rtok *t, size_t start, size_t end, uint8_t cls,
                     bool ascii)
{
    t->start = start;
    t->end = end;
    t->cls = cls;
    t->ascii = ascii;
    t->have_flags = false;
    t->shape = shape_of(c->text, t);
}

/* Token i after the candidate (0 is the candidate), or NULL past the end. */
static rtok *fwd(actx *c, size_t i)
{
    while (c->nt <= i) {
        tok_token t;
        if (c->ts_done || c->nt == MAX_TOKS || !tok_next(&c->ts, &t)) {
            c->ts_done = true;
            return NULL;
        }
        make_tok(c, &c->tk[c->nt++], c->ts_at + t.start, c->ts_at + t.end,
                 t.cls, t.ascii);
    }
    return &c->tk[i];
}

/* The code point before byte `pos` (> 0) and where it starts. */
static int32_t cp_before(const actx *c, size_t pos, size_t *at)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t i = pos - 1;
    if (s[i] < 0x80) {
        *at = i;
        return s[i];
    }
    size_t k = 0;
    while (i > 0 && k < 3 && (s[i] & 0xC0) == 0x80) {
        i--;
        k++;
    }
    int32_t cp;
    size_t n = tok_decode(s + i, c->len - i, &cp);
    if (i + n != pos) { /* ill-formed: the last byte alone */
        *at = pos - 1;
        return -1;
    }
    *at = i;
    return cp;
}

/* (rules_apply() has made the tokenizer's table.) */
static enum tok_byte kind_of(int32_t cp)
{
    if (cp >= 0 && cp < 0x80)
        return (enum tok_byte)tok_byte_class[cp];
    return tok_cp_kind_ready(cp);
}

/* The kind of the bytes between two tokens. */
static enum gap gap_of(const actx *c, size_t from, size_t to)
{
    const uint8_t *s = (const uint8_t *)c->text;
    if (from == to)
        return GAP_NONE;
    bool join = false, space = false;
    for (size_t i = from; i < to;) {
        uint8_t b = s[i];
        if (b == ' ' || b == '\t') {
            space = true;
            i++;
        } else if (b == '-' || b == '\'') {
            join = true;
            i++;
        } else if (b == 0xC2 && i + 1 < to && s[i + 1] == 0xA0) {
            space = true; /* no-break space */
            i += 2;
        } else if (b == 0xE2 && i + 2 < to && s[i + 1] == 0x80) {
            uint8_t d = s[i + 2];
            if (d == 0xAF || d == 0x89 || d == 0x8A || d == 0x88)
                space = true; /* narrow no-break, thin, hair, punctuation */
            else if (d == 0x99 || d == 0x98 || d == 0x90 || d == 0x91)
                join = true;  /* apostrophes, hyphens */
            else
                return GAP_BREAK;
            i += 3;
        } else {
            return GAP_BREAK;
        }
    }
    if (join && space)
        return GAP_BREAK;
    return join ? GAP_JOIN : GAP_SPACE;
}

/* The token that ends at or before `pos`, not before `floor`. */
static bool back_tok(actx *c, size_t pos, size_t floor, rtok *out)
{
    size_t i = pos, at;
    int32_t cp = -1;
    enum tok_byte k = TOK_B_SEP;
    while (i > floor) {
        cp = cp_before(c, i, &at);
        k = kind_of(cp);
        if (k != TOK_B_SEP)
            break;
        i = at;
    }
    if (i <= floor)
        return false;
    size_t end = i;
    bool ascii = true;
    if (k == TOK_B_PUNCT) {
        make_tok(c, out, at, end, TOK_PUNCT, cp < 0x80);
        return true;
    }
    while (i > floor) {
        cp = cp_before(c, i, &at);
        if (kind_of(cp) != TOK_B_WORD)
            break;
        ascii = ascii && cp < 0x80;
        i = at;
    }
    make_tok(c, out, i, end, TOK_WORD, ascii);
    return true;
}

/* Is the capital at `pos` the first word of a sentence: after . ! ? or …,
 * or first on its line, with only spaces, quotes and brackets between? */
static bool sentence_start(actx *c, size_t pos)
{
    size_t i = pos, at;
    while (i > 0) {
        int32_t cp = cp_before(c, i, &at);
        if (cp == '\n' || cp == '.' || cp == '!' || cp == '?' ||
            cp == 0x2026)
            return true;
        if (cp == ' ' || cp == '\t' || cp == '\r' || cp == 0xA0 ||
            cp == 0x202F || cp == '"' || cp == '(' || cp == 0xAB ||
            cp == 0x201C || cp == '-' || cp == 0x2013 || cp == 0x2014)
            i = at;
        else
            return false;
    }
    return true;
}

/* (filter helpers, below) */
static bool capital_at(const uint8_t *s, size_t i, size_t len, size_t *n);
static size_t word_end(const actx *c, size_t a, bool *ascii);
static inline uint64_t ascii_fh(const actx *c, size_t a, size_t n);
static uint64_t word_fh(actx *c, size_t a, size_t b, bool ascii,
                        unsigned flags, char *key, size_t *klen);

/* ---------------------------------------------------------- giving spans */

/* Move the known position forward to byte `to`, counting code points and
 * UTF-16 units as the tokenizer does. */
void rules_count(const char *text, size_t len, size_t from, size_t to,
                 size_t *cps_out, size_t *units_out)
{
    const uint8_t *s = (const uint8_t *)text;
    size_t i = from, cps = 0, units = 0;
    while (i < to) {
#ifdef RULES_SSE2
        if (to - i >= 16 &&
            _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(s + i))) == 0) {
            i += 16;
            cps += 16;
            units += 16;
            continue;
        }
#endif
        if (to - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & 0x8080808080808080u)) {
                i += 8;
                cps += 8;
                units += 8;
                continue;
            }
        }
        if (s[i] < 0x80) {
            i++;
            cps++;
            units++;
            continue;
        }
        int32_t cp;
        i += tok_decode(s + i, len - i, &cp);
        cps++;
        units += cp >= 0x10000 ? 2 : 1;
    }
    *cps_out = cps;
    *units_out = units;
}

static void advance(actx *c, size_t to)
{
    size_t cps, units;
    if (to <= c->cur_b)
        return;
    rules_count(c->text, c->len, c->cur_b, to, &cps, &units);
    c->cur_b = to;
    c->cur_c += cps;
    c->cur_u += units;
}

static int push(actx *c, const gaztag_span *s)
{
    rules_state *st = c->st;
    if (gz_grow((void **)&st->out, &st->out_cap, st->n_out + 1,
                sizeof *st->out) < 0)
        return -1;
    st->out[st->n_out++] = *s;
    return 0;
}

/* Learn name key[0..len) of `ntok` tokens for the rest of the document,
 * and its first word as a prefix ("\1" + word -> longest length). */
static int learn(actx *c, const char *key, size_t len, unsigned ntok,
                 const gaztag_entry *e)
{
    rules_state *st = c->st;
    uint32_t *val;
    if (gz_grow((void **)&st->entries, &st->entries_cap, st->n_entries + 1,
                sizeof *st->entries) < 0 ||
        rt_put(&st->doc, rt_hash(key, len), key, len, &val) < 0)
        return -1;
    st->entries[st->n_entries].entry = *e;
    st->entries[st->n_entries].entry.flags = 0;
    *val = (uint32_t)st->n_entries++;
    char pk[KEY_MAX + 1];
    const char *sp = memchr(key, ' ', len);
    size_t fl = sp ? (size_t)(sp - key) : len;
    if (fl > KEY_MAX)
        return 0;
    pk[0] = '\1';
    memcpy(pk + 1, key, fl);
    uint64_t h = fh_hash(key, fl);
    if (!rb_test(st->doc_bits, RB_DOC, h)) {
        if (gz_grow((void **)&st->doc_set, &st->doc_set_cap,
                    st->n_doc_set + 1, sizeof *st->doc_set) < 0)
            return -1;
        st->doc_set[st->n_doc_set++] = (uint32_t)(h >> (64 - RB_DOC));
        rb_set(st->doc_bits, RB_DOC, h);
    }
    if (rt_put(&st->doc, rt_hash(pk, fl + 1), pk, fl + 1, &val) < 0)
        return -1;
    if (*val < ntok)
        *val = ntok;
    if (ntok > st->max_doc_tokens)
        st->max_doc_tokens = ntok;
    return 0;
}

/* What a span teaches the rest of its document: a person's last name
 * (when the span has two words or more), and an inferred span's whole
 * name. */
static int learn_span(actx *c, const gaztag_span *s, size_t start, size_t end)
{
    if (s->n_entries == 0 || !s->entry.label)
        return 0; /* an overlay's removal */
    bool person = strcmp(s->entry.label, "PERSON") == 0;
    if (!c->propagate || s->origin == GAZTAG_FROM_DOCUMENT ||
        (!person && s->origin != GAZTAG_FROM_RULE))
        return 0;
    rtok toks[8];
    size_t n = 0;
    tok_stream ts;
    tok_token t;
    tok_init(&ts, c->text + start, end - start);
    while (n < 8 && tok_next(&ts, &t))
        if (t.cls == TOK_WORD)
            make_tok(c, &toks[n++], start + t.start, start + t.end, t.cls,
                     t.ascii);
    if (n == 0)
        return 0;
    char *buf = c->st->buf;
    size_t len = 0;
    if (s->origin == GAZTAG_FROM_RULE) {
        for (size_t i = 0; i < n; i++) {
            if (len + 1 + KEY_MAX > sizeof c->st->buf)
                return 0;
            if (i > 0)
                buf[len++] = ' ';
            size_t kl = word_key(c, &toks[i], buf + len);
            if (kl == 0)
                return 0;
            len += kl;
        }
        if (learn(c, buf, len, (unsigned)n, &s->entry) < 0)
            return -1;
    }
    rtok *last = &toks[n - 1];
    if (!person || n < 2 || (last->shape != SH_CAP && last->shape != SH_UPPER))
        return 0;
    if (tok_flags(c, last) & (RW_NOT | RW_FIRST | RW_CONNECTOR))
        return 0;
    size_t kl = word_key(c, last, buf);
    if (kl < 3)
        return 0;
    return learn(c, buf, kl, 1, &s->entry);
}

/* A gazetteer span of one word that is the last name of a person of the
 * document, with another label (a town called like the minister): the
 * person, from the document. */
static bool as_person(actx *c, gaztag_span *s, size_t start, size_t end)
{
    if (!c->propagate || c->st->doc.n == 0 || s->n_entries == 0 ||
        !s->entry.label || strcmp(s->entry.label, "PERSON") == 0)
        return false;
    /* one word: the span is the word that starts it */
    bool ascii;
    if (word_end(c, start, &ascii) != end || end - start > KEY_MAX)
        return false;
    char key[KEY_MAX];
    size_t kl;
    uint64_t h = ascii ? ascii_fh(c, start, end - start)
                       : word_fh(c, start, end, false, 0, key, &kl);
    if (!h || !rb_test(c->st->doc_bits, RB_DOC, h))
        return false;
    rtok w;
    make_tok(c, &w, start, end, TOK_WORD, ascii);
    kl = word_key(c, &w, key);
    const rt_slot *d = kl ? rt_find(&c->st->doc, rt_hash(key, kl), key, kl)
                          : NULL;
    if (!d)
        return false;
    const gaztag_entry *e = &c->st->entries[d->val].entry;
    if (!e->label || strcmp(e->label, "PERSON") != 0)
        return false;
    s->entry = *e;
    s->n_entries = 1;
    s->first_entry = UINT32_MAX;
    s->accepted = NULL;
    s->gazetteer = NULL;
    s->origin = GAZTAG_FROM_DOCUMENT;
    s->rule = c->r->r_propagation;
    return true;
}

/* Copy the gazetteer spans that end by `pos`. */
static int pass_gazetteer(actx *c, size_t pos)
{
    while (c->gi < c->n_in && c->in[c->gi].end - c->base_b <= pos) {
        gaztag_span s = c->in[c->gi++];
        size_t start = s.start - c->base_b, end = s.end - c->base_b;
        as_person(c, &s, start, end);
        if (push(c, &s) < 0 || learn_span(c, &s, start, end) < 0)
            return -1;
        if (end > c->cur_b) {
            c->cur_b = end;
            c->cur_c = s.cend - c->base_c;
            c->cur_u = s.uend - c->base_u;
        }
        c->last_end = end;
    }
    return 0;
}

/* Give out an inferred span [start, end) (start >= last_end, end <= limit). */
static int give(actx *c, size_t start, size_t end, const gaztag_entry *e,
                unsigned origin, const char *rule)
{
    gaztag_span s;
    memset(&s, 0, sizeof s);
    advance(c, start);
    s.start = c->base_b + start;
    s.cstart = c->base_c + c->cur_c;
    s.ustart = c->base_u + c->cur_u;
    advance(c, end);
    s.end = c->base_b + end;
    s.cend = c->base_c + c->cur_c;
    s.uend = c->base_u + c->cur_u;
    s.text = c->text + start;
    s.entry = *e;
    s.n_entries = 1;
    s.first_entry = UINT32_MAX;
    s.origin = origin;
    s.rule = rule;
    c->last_end = end;
    if (push(c, &s) < 0 || learn_span(c, &s, start, end) < 0)
        return -1;
    return 0;
}

static int give_rule(actx *c, size_t start, size_t end, const char *label,
                     const char *rule)
{
    gaztag_entry e = {label, NULL, NULL, 0};
    return give(c, start, end, &e, GAZTAG_FROM_RULE, rule);
}

/* ----------------------------------------------------------------- rules */

/* Found: the rule gave a span ending at *next; not found: 0; -1: no memory. */
#define FOUND 1

static bool is_name_word(const rtok *t)
{
    return t && (t->shape == SH_CAP || t->shape == SH_UPPER);
}

static bool space_or_join(actx *c, const rtok *a, const rtok *b)
{
    enum gap g = gap_of(c, a->end, b->start);
    return g == GAP_SPACE || g == GAP_JOIN;
}

/* Extend a name from token i over capitalised words (and, with connectors,
 * "de la" and the like between them) joined by spaces or hyphens: the
 * index of its last word.  `not_ok`: words that are never names may be
 * part of it (an organisation's "Ministère de la Santé"). */
static size_t extend(actx *c, size_t i, size_t max_words, bool connectors,
                     bool not_ok)
{
    size_t last = i, words = 1;
    for (size_t j = i + 1; words < max_words; j++) {
        rtok *t = fwd(c, j);
        if (!t || t->end > c->limit || !space_or_join(c, &c->tk[j - 1], t))
            break;
        if (is_name_word(t)) {
            if (!not_ok && (tok_flags(c, t) & RW_NOT))
                break;
            last = j;
            words++;
            continue;
        }
        if (connectors && t->shape == SH_LOWER &&
            (tok_flags(c, t) & RW_CONNECTOR))
            continue;
        break;
    }
    return last;
}

/* A phrase key of the words tk[from..to] into buf, or 0. */
static size_t phrase_of(actx *c, size_t from, size_t to, char *buf,
                        size_t cap)
{
    size_t len = 0;
    for (size_t i = from; i <= to; i++) {
        if (len + KEY_MAX + 1 > cap)
            return 0;
        if (i > from)
            buf[len++] = ' ';
        size_t kl = word_key(c, &c->tk[i], buf + len);
        if (kl == 0)
            return 0;
        len += kl;
    }
    return len;
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
    return i < c->len && capital_at(s, i, c->len, &n);
}

/* A name said before: the longest learnt name starting at the candidate. */
static int rule_document(actx *c, size_t *next)
{
    rules_state *st = c->st;
    char pk[KEY_MAX + 1];
    pk[0] = '\1';
    size_t kl = word_key(c, &c->tk[0], pk + 1);
    if (kl == 0)
        return 0;
    const rt_slot *p = rt_find(&st->doc, rt_hash(pk, kl + 1), pk, kl + 1);
    if (!p)
        return 0;
    size_t n = 1;
    while (n < p->val && fwd(c, n) && c->tk[n].cls == TOK_WORD &&
           c->tk[n].end <= c->limit && space_or_join(c, &c->tk[n - 1], &c->tk[n]))
        n++;
    for (; n >= 1; n--) {
        /* one word: its key is at hand */
        size_t len = n == 1 ? kl : phrase_of(c, 0, n - 1, st->buf,
                                             sizeof st->buf);
        const char *key = n == 1 ? pk + 1 : st->buf;
        const rt_slot *s = len ? rt_find(&st->doc, rt_hash(key, len), key,
                                         len)
                               : NULL;
        if (!s)
            continue;
        /* the last word must end the name: not "Solano-Kaba" */
        if (joined_capital(c, c->tk[n - 1].end))
            return 0;
        gaztag_entry e = st->entries[s->val].entry;
        *next = c->tk[n - 1].end;
        return give(c, c->tk[0].start, *next, &e, GAZTAG_FROM_DOCUMENT,
                    c->r->r_propagation) < 0 ? -1 : FOUND;
    }
    return 0;
}

/* A given name and one or two more capitalised words: a person. */
static int rule_first_name(actx *c, size_t *next)
{
    /* a given name that is also a word ("Grace", "Pierre") is a name in
     * the middle of a sentence, not always at its start */
    if ((tok_flags(c, &c->tk[0]) & RW_NOT) && sentence_start(c, c->tk[0].start))
        return 0;
    size_t last = 0, words = 1;
    for (size_t j = 1; words < NAME_WORDS; j++) {
        rtok *t = fwd(c, j);
        if (!t || t->end > c->limit || !is_name_word(t) ||
            !space_or_join(c, &c->tk[j - 1], t))
            break;
        uint32_t f = tok_flags(c, t);
        if ((f & RW_NOT) && !(f & RW_FIRST))
            break;
        last = j;
        words++;
        if (!(f & RW_FIRST) && words >= 3)
            break; /* given names, then at most two other words */
    }
    if (last == 0)
        return 0;
    *next = c->tk[last].end;
    return give_rule(c, c->tk[0].start, *next, c->r->person, c->r->r_first) < 0
               ? -1 : FOUND;
}

static bool coordinating(const actx *c, const rtok *t)
{
    const char *s = c->text + t->start;
    size_t n = t->end - t->start;
    return (n == 2 && (memcmp(s, "et", 2) == 0 || memcmp(s, "ou", 2) == 0 ||
                       memcmp(s, "or", 2) == 0)) ||
           (n == 3 && memcmp(s, "and", 3) == 0);
}

/* An organisation word that begins the name: "Consortium X", "Ministère de
 * la Santé", "Société minière de Boké". */
static int rule_head(actx *c, size_t *next)
{
    const gaztag_rules *r = c->r;
    char *buf = c->st->buf;
    const rt_slot *cue = NULL;
    size_t hl = 0;
    for (size_t n = r->max_head; n >= 1 && !cue; n--) {
        size_t j;
        for (j = 1; j < n; j++)
            if (!fwd(c, j) || c->tk[j].cls != TOK_WORD ||
                !space_or_join(c, &c->tk[j - 1], &c->tk[j]))
                break;
        if (j < n)
            continue;
        size_t len = phrase_of(c, 0, n - 1, buf, sizeof c->st->buf);
        if (len && (cue = rt_find(&r->head, rt_hash(buf, len), buf, len)))
            hl = n;
    }
    if (!cue)
        return 0;
    /* after the cue: lower-case words (at most two, before any capital),
     * connectors, capitalised words; the name ends on a capitalised one */
    size_t last = 0, lower = 0;
    bool cap = false;
    for (size_t j = hl, words = hl; words < ORG_WORDS; j++, words++) {
        rtok *t = fwd(c, j);
        if (!t || t->end > c->limit || t->cls != TOK_WORD ||
            !space_or_join(c, &c->tk[j - 1], t))
            break;
        if (is_name_word(t)) {
            cap = true;
            last = j;
        } else if (t->shape == SH_LOWER && (tok_flags(c, t) & RW_CONNECTOR)) {
            /* "et", "and" join two names only with more connectors:
             * "des Mines et de la Géologie", not "la Santé et Orange" */
            rtok *u = fwd(c, j + 1);
            if (coordinating(c, t) && u && u->shape != SH_LOWER)
                break;
            continue;
        } else if (t->shape == SH_LOWER && !cap && lower < 2) {
            lower++;
        } else {
            break;
        }
    }
    /* capitalised words before the cue belong to the name: "Winning
     * Consortium", "Ford Foundation" */
    size_t start = c->tk[0].start;
    rtok b;
    while (back_tok(c, start, c->last_end, &b) && is_name_word(&b) &&
           b.end - b.start >= 2 && !(tok_flags(c, &b) & RW_NOT) &&
           gap_of(c, b.end, start) == GAP_SPACE)
        start = b.start; /* not the elided article of "L’Agence" */
    if (!cap && hl == 1 && start == c->tk[0].start)
        return 0; /* "le Groupe a", but "Groupe Orange", "Ford Foundation" */
    const rule_cue *q = &r->cues[cue->val];
    *next = c->tk[cap ? last : hl - 1].end;
    return give_rule(c, start, *next, q->label, q->rule) < 0 ? -1 : FOUND;
}

/* A cue before the name: "le ministre X", "M. X", "la ville de X", "à X". */
static int rule_before(actx *c, size_t *next)
{
    const gaztag_rules *r = c->r;
    rtok back[MAX_BACK];
    size_t nb = 0, pos = c->tk[0].start;
    while (nb < r->max_before && nb < MAX_BACK &&
           back_tok(c, pos, c->last_end, &back[nb])) {
        enum gap g = gap_of(c, back[nb].end, pos);
        if (g == GAP_BREAK || (nb == 0 && g == GAP_NONE &&
                               back[0].cls == TOK_WORD))
            break;
        pos = back[nb].start;
        nb++;
    }
    if (nb == 0)
        return 0;
    char *buf = c->st->buf;
    const rt_slot *cue = NULL;
    for (size_t n = nb; n >= 1 && !cue; n--) {
        size_t len = 0;
        for (size_t i = n; i-- > 0;) {
            if (len + KEY_MAX + 1 > sizeof c->st->buf)
                break;
            if (i + 1 < n)
                buf[len++] = ' ';
            size_t kl = word_key_f(c, &back[i], buf + len,
                                   GAZTAG_KEEP_ACCENTS);
            if (kl == 0) {
                len = 0;
                break;
            }
            len += kl;
        }
        if (len)
            cue = rt_find(&r->before, rt_hash(buf, len), buf, len);
    }
    if (!cue)
        return 0;
    const rule_cue *q = &r->cues[cue->val];
    uint32_t f = tok_flags(c, &c->tk[0]);
    if ((f & RW_NOT) || c->tk[0].shape != SH_CAP)
        return 0;
    bool place = strcmp(q->label, "PLACE") == 0;
    if (place && (f & RW_FIRST))
        return 0;
    size_t last = extend(c, 0, NAME_WORDS - 1, false, false);
    *next = c->tk[last].end;
    return give_rule(c, c->tk[0].start, *next, q->label, q->rule) < 0 ? -1
                                                                      : FOUND;
}

/* Capitalised words and an organisation suffix: "Orange SA", "X Inc.".
 * The candidate is the word before the suffix (a suffix is written with a
 * capital); the name goes back over the capitalised words before it. */
static int rule_suffix(actx *c, size_t *next)
{
    const gaztag_rules *r = c->r;
    rtok *t = fwd(c, 1);
    if (!t || t->cls != TOK_WORD || !is_name_word(t) ||
        gap_of(c, c->tk[0].end, t->start) != GAP_SPACE ||
        !(tok_flags(c, t) & RW_SUFFIX_FIRST))
        return 0;
    char *buf = c->st->buf;
    const rt_slot *cue = NULL;
    size_t n;
    for (n = r->max_suffix; n >= 1 && !cue; n--) {
        size_t k;
        for (k = 1; k < n; k++) {
            rtok *u = fwd(c, 1 + k);
            if (!u || gap_of(c, c->tk[k].end, u->start) != GAP_NONE)
                break;
        }
        if (k < n || c->tk[n].end > c->limit)
            continue;
        size_t len = phrase_of(c, 1, n, buf, sizeof c->st->buf);
        if (len && (cue = rt_find(&r->suffix, rt_hash(buf, len), buf, len)))
            break;
    }
    if (!cue || (tok_flags(c, &c->tk[0]) & RW_NOT))
        return 0;
    /* more suffixes: "Kountaya Holding SA" when Holding and SA both are */
    for (size_t end = n;;) {
        rtok *u = fwd(c, end + 1);
        const rt_slot *more = NULL;
        size_t m;
        if (!u || u->cls != TOK_WORD || !is_name_word(u) ||
            gap_of(c, c->tk[end].end, u->start) != GAP_SPACE ||
            !(tok_flags(c, u) & RW_SUFFIX_FIRST))
            break;
        for (m = r->max_suffix; m >= 1 && !more; m--) {
            size_t k;
            for (k = 1; k < m; k++) {
                rtok *v = fwd(c, end + 1 + k);
                if (!v || gap_of(c, c->tk[end + k].end, v->start) != GAP_NONE)
                    break;
            }
            if (k < m || c->tk[end + m].end > c->limit)
                continue;
            size_t len = phrase_of(c, end + 1, end + m, buf,
                                   sizeof c->st->buf);
            if (len && (more = rt_find(&r->suffix, rt_hash(buf, len), buf,
                                       len)))
                break;
        }
        if (!more)
            break;
        cue = more;
        end += m;
        n = end;
    }
    size_t start = c->tk[0].start;
    rtok b;
    for (size_t words = 1; words < ORG_WORDS &&
                           back_tok(c, start, c->last_end, &b) &&
                           is_name_word(&b) && !(tok_flags(c, &b) & RW_NOT) &&
                           space_or_join(c, &b, &c->tk[0]) ;
         words++) {
        if (gap_of(c, b.end, start) == GAP_BREAK)
            break;
        start = b.start;
    }
    const rule_cue *q = &r->cues[cue->val];
    *next = c->tk[n].end;
    return give_rule(c, start, *next, q->label, q->rule) < 0 ? -1 : FOUND;
}

/* After `pos`, spaces then a dash (- – —) or a comma? */
static bool dash_or_comma(const actx *c, size_t pos)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t i = pos;
    while (i < c->len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i + 2 < c->len && s[i] == 0xC2 && s[i + 1] == 0xA0)
        i += 2;
    if (i >= c->len)
        return false;
    return s[i] == '-' || s[i] == ',' ||
           (i + 2 < c->len && s[i] == 0xE2 && s[i + 1] == 0x80 &&
            (s[i + 2] == 0x93 || s[i + 2] == 0x94));
}

/* Is `pos` first on its line (spaces before it at most)? */
static bool line_start(const actx *c, size_t pos)
{
    size_t i = pos, at;
    while (i > 0) {
        int32_t cp = cp_before(c, i, &at);
        if (cp == '\n')
            return true;
        if (cp != ' ' && cp != '\t' && cp != 0xA0)
            return false;
        i = at;
    }
    return c->sol;
}

/* A dateline: a place first on its line, then ", 26 déc." or "(AGP)". */
static int rule_dateline(actx *c, size_t *next)
{
    if (!line_start(c, c->tk[0].start))
        return 0;
    size_t last = extend(c, 0, 3, false, false);
    rtok *a = fwd(c, last + 1), *b = fwd(c, last + 2);
    if (!a || !b || a->cls != TOK_PUNCT)
        return 0;
    const char *t = c->text;
    bool ok = false;
    if (t[a->start] == ',') {
        ok = (t[b->start] >= '0' && t[b->start] <= '9') ||
             (tok_flags(c, b) & RW_MONTH);
        if (!ok && b->shape == SH_LOWER && b->end - b->start == 2 &&
            (t[b->start] == 'l') && fwd(c, last + 3))
            ok = t[c->tk[last + 3].start] >= '0' && t[c->tk[last + 3].start] <= '9';
    } else if (t[a->start] == '(') {
        rtok *e = fwd(c, last + 3);
        ok = b->shape == SH_UPPER && e && t[e->start] == ')';
    }
    if (!ok || c->tk[last].end > c->limit)
        return 0;
    *next = c->tk[last].end;
    return give_rule(c, c->tk[0].start, *next, c->r->place,
                     c->r->r_dateline) < 0 ? -1 : FOUND;
}

/* An acronym in parentheses after a name: "Agence ... de presse (AGP)".
 * After a span it is that span's name (and learnt); else the words before
 * whose initials it spells are an organisation. */
static int rule_acronym(actx *c, size_t *next)
{
    const rtok *w = &c->tk[0];
    size_t n = w->end - w->start;
    const char *t = c->text;
    if (!w->ascii || n < 2 || n > 8)
        return 0;
    rtok open, close;
    if (!back_tok(c, w->start, 0, &open) || open.end != w->start ||
        t[open.start] != '(' || !fwd(c, 1) || c->tk[1].start != w->end ||
        t[c->tk[1].start] != ')' || w->end > c->limit)
        return 0;
    close = c->tk[1];
    (void)close;
    /* the words before it (on its line, at most 20) whose initials spell
     * it, connectors aside: "Agence guinéenne de presse (AGP)" */
    rtok words[20];
    size_t nw = 0, pos = open.start;
    while (nw < sizeof words / sizeof *words &&
           back_tok(c, pos, 0, &words[nw]) && words[nw].cls == TOK_WORD &&
           gap_of(c, words[nw].end, pos) != GAP_BREAK) {
        pos = words[nw].start;
        nw++;
    }
    size_t letters = 0, k;
    for (k = 0; k < nw; k++) { /* words[] runs backwards */
        rtok *x = &words[k];
        if (x->shape == SH_LOWER && (tok_flags(c, x) & RW_CONNECTOR))
            continue;
        char key[KEY_MAX];
        size_t kl = word_key(c, x, key);
        char want = t[w->end - 1 - letters];
        if (kl == 0 || (key[0] != want && key[0] != (char)(want | 0x20)))
            break;
        if (++letters == n)
            break;
    }
    bool spelt = letters == n && k < nw && words[k].shape == SH_CAP;
    size_t i = open.start, at;
    while (i > 0 && cp_before(c, i, &at) == ' ')
        i = at;
    const gaztag_span *prev = c->st->n_out ? &c->st->out[c->st->n_out - 1]
                                           : NULL;
    if (prev && i > 0 && i == c->last_end && prev->end - c->base_b == i) {
        /* "CONAKRY (AGP) -": a dateline's agency, not the place's name */
        if (line_start(c, prev->start - c->base_b) &&
            dash_or_comma(c, c->tk[1].end))
            return 0;
        /* the name just before, when its words spell it: the same */
        if (spelt && words[k].start >= prev->start - c->base_b) {
            gaztag_entry e = prev->entry;
            *next = w->end;
            if (give(c, w->start, w->end, &e, GAZTAG_FROM_DOCUMENT,
                     c->r->r_acronym) < 0)
                return -1;
            char key[KEY_MAX];
            size_t kl = word_key(c, w, key);
            return kl && learn(c, key, kl, 1, &e) < 0 ? -1 : FOUND;
        }
    }
    if (!spelt)
        return 0;
    /* an organisation: the words too, unless a span lies among them */
    if (words[k].start >= c->last_end &&
        give_rule(c, words[k].start, words[0].end, c->r->org,
                  c->r->r_acronym) < 0)
        return -1;
    gaztag_entry e = {c->r->org, NULL, NULL, 0};
    *next = w->end;
    if (give(c, w->start, w->end, &e, GAZTAG_FROM_RULE, c->r->r_acronym) < 0)
        return -1;
    char key[KEY_MAX];
    size_t kl = word_key(c, w, key);
    return kl && learn(c, key, kl, 1, &e) < 0 ? -1 : FOUND;
}

/* The end of the word at `a`; *ascii says whether it is all ASCII. */
static size_t word_end(const actx *c, size_t a, bool *ascii)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t i = a;
    *ascii = true;
    while (i < c->len) {
        if (s[i] < 0x80) {
            if (tok_byte_class[s[i]] != TOK_B_WORD)
                break;
            i++;
            continue;
        }
        int32_t cp;
        size_t n = tok_decode(s + i, c->len - i, &cp);
        if (kind_of(cp) != TOK_B_WORD)
            break;
        *ascii = false;
        i += n;
    }
    return i;
}

/* The filter hash of the key of the ASCII word text[a, a + n): its bytes
 * lower-cased (letters and digits only: | 0x20 is the lower case). */
static inline uint64_t ascii_fh(const actx *c, size_t a, size_t n)
{
    const char *p = c->text + a;
    uint64_t x = 0, y = 0;
    if (a + 16 <= c->len) {
        memcpy(&x, p, 8);
        memcpy(&y, p + 8, 8);
        if (n < 8)
            x &= ((uint64_t)1 << (8 * n)) - 1;
        if (n <= 8)
            y = 0;
        else if (n < 16)
            y &= ((uint64_t)1 << (8 * (n - 8))) - 1;
    } else {
        memcpy(&x, p, n < 8 ? n : 8);
        if (n > 8)
            memcpy(&y, p + 8, n < 16 ? n - 8 : 8);
    }
    uint64_t lx = n >= 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * n)) - 1;
    uint64_t ly = n >= 16 ? ~(uint64_t)0
                : n > 8   ? ((uint64_t)1 << (8 * (n - 8))) - 1
                          : 0;
    x |= 0x2020202020202020u & lx;
    y |= 0x2020202020202020u & ly;
    return fh_words(x, y, n);
}

/* The filter hash of the key of word [a, b) (with `flags`), its key in
 * key[]; 0 when it has none (too long, no memory). */
static uint64_t word_fh(actx *c, size_t a, size_t b, bool ascii,
                        unsigned flags, char *key, size_t *klen)
{
    rtok t;
    t.start = a;
    t.end = b;
    t.ascii = ascii;
    *klen = word_key_f(c, &t, key, flags);
    return *klen ? fh_hash(key, *klen) : 0;
}

/* The token before `pos` for the filter: [*start, *end), whether it is a
 * word and ASCII; false at the start of the text or of a line. */
static inline bool filter_back(const actx *c, size_t pos, size_t *start, size_t *end,
                        bool *word, bool *ascii)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t i = pos, at;
    /* the usual case: spaces (ASCII, no-break, apostrophes), then an
     * ASCII word or character */
    for (;;) {
        if (i > 0 && s[i - 1] < 0x80) {
            if (tok_byte_class[s[i - 1]] != TOK_B_SEP || s[i - 1] == '\n')
                break;
            i--;
        } else if (i >= 2 && s[i - 2] == 0xC2 && s[i - 1] == 0xA0) {
            i -= 2;
        } else if (i >= 3 && s[i - 3] == 0xE2 && s[i - 2] == 0x80 &&
                   (s[i - 1] == 0x99 || s[i - 1] == 0xAF ||
                    s[i - 1] == 0x98)) {
            i -= 3;
        } else {
            break;
        }
    }
    if (i > 0 && s[i - 1] < 0x80 && s[i - 1] != '\n') {
        *end = i;
        *ascii = true;
        if (tok_byte_class[s[i - 1]] == TOK_B_PUNCT) {
            *start = i - 1;
            *word = false;
            return true;
        }
        while (i > 0 && s[i - 1] < 0x80 && tok_byte_class[s[i - 1]] == TOK_B_WORD)
            i--;
        if (i == 0 || s[i - 1] < 0x80) {
            *start = i;
            *word = true;
            return true;
        }
        i = *end; /* a word with other letters: the general way */
    }
    int32_t cp = -1;
    enum tok_byte k = TOK_B_SEP;
    while (i > 0) {
        cp = cp_before(c, i, &at);
        if (cp == '\n')
            return false;
        k = kind_of(cp);
        if (k != TOK_B_SEP)
            break;
        i = at;
    }
    if (i == 0)
        return false;
    *end = i;
    *ascii = cp >= 0 && cp < 0x80;
    if (k == TOK_B_PUNCT) {
        *start = at;
        *word = false;
        return true;
    }
    while (i > 0) {
        cp = cp_before(c, i, &at);
        if (kind_of(cp) != TOK_B_WORD)
            break;
        *ascii = *ascii && cp < 0x80;
        i = at;
    }
    *start = i;
    *word = true;
    return true;
}

/* After the first word of a line: may a dateline's "," or "(" follow
 * (after at most two more capitalised words)? */
static bool dateline_ahead(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    for (int words = 1;; words++) {
        while (i < c->len && (s[i] == ' ' || s[i] == '-'))
            i++;
        if (i >= c->len)
            return false;
        if (s[i] == ',' || s[i] == '(')
            return true;
        if (words == 3 || !((s[i] >= 'A' && s[i] <= 'Z') || s[i] >= 0xC2))
            return false;
        bool ascii;
        i = word_end(c, i, &ascii);
    }
}

/* Capitals among the code points below U+0800 (one bit each), and the
 * blocks of 64 code points of U+0800-U+FFFF that hold any (CJK, most of
 * the BMP, holds none): taken once from utf8proc. */
static uint8_t upper2[0x800 / 8];
static uint8_t upper3[(0x10000 - 0x800) / 64 / 8];
static once_flag upper_once = ONCE_FLAG_INIT;

static void upper_init(void)
{
    for (int32_t cp = 0x80; cp < 0x10000; cp++) {
        if (!is_upper_cp(cp))
            continue;
        if (cp < 0x800)
            upper2[cp >> 3] |= (uint8_t)(1u << (cp & 7));
        else
            upper3[(cp - 0x800) >> 9] |= (uint8_t)(1u << (((cp - 0x800) >> 6) & 7));
    }
}

/* Is there a capital letter at s[i] (i < len)?  Its length in *n. */
static bool capital_at(const uint8_t *s, size_t i, size_t len, size_t *n)
{
    uint8_t b = s[i];
    *n = 1;
    if (b < 0x80)
        return (uint8_t)(b - 'A') < 26;
    if (b >= 0xC2 && b <= 0xDF) {
        if (i + 1 >= len || (s[i + 1] & 0xC0) != 0x80)
            return false;
        unsigned cp = (unsigned)(b & 0x1F) << 6 | (s[i + 1] & 0x3F);
        *n = 2;
        return (upper2[cp >> 3] >> (cp & 7)) & 1;
    }
    if (b >= 0xE0 && b <= 0xEF && i + 2 < len && (s[i + 1] & 0xC0) == 0x80) {
        unsigned hi = (unsigned)(b & 0x0F) << 6 | (s[i + 1] & 0x3F);
        unsigned blk = hi - (0x800 >> 6); /* hi counts blocks of 64 */
        if (hi < (0x800 >> 6) || !((upper3[blk >> 3] >> (blk & 7)) & 1))
            return false;
    } else if (b < 0xF0 || b > 0xF4) {
        return false;
    }
    int32_t cp;
    *n = tok_decode(s + i, len - i, &cp);
    return cp >= 0 && is_upper_cp(cp);
}

/* The length of the UTF-8 sequence (or ill-formed part) at s[i]. */
static size_t utf8_len(const uint8_t *s, size_t i, size_t len)
{
    int32_t cp;
    return tok_decode(s + i, len - i, &cp);
}

/* What the filter says may fire at a capital (worth_a_look()). */
#define M_SELF 0x01u   /* a given name or organisation word */
#define M_DOC 0x02u    /* a name of the document */
#define M_BEFORE 0x04u /* a cue before it */
#define M_SUFFIX 0x08u /* an organisation suffix after it */
#define M_LINE 0x10u   /* first on its line: a dateline */
#define M_PAREN 0x20u  /* in capitals after "(": an acronym */

/* Which rules may fire at the capital at `pos`: bit tests on the keys of
 * the word, the one or two before and the one after.  0 is certain (no
 * rule would give anything), a bit is a maybe.  *wend: the word's end. */
static unsigned worth_a_look(actx *c, size_t pos, size_t *wend,
                             bool *wascii)
{
    const gaztag_rules *r = c->r;
    const uint8_t *s = (const uint8_t *)c->text;
    size_t len = c->len;
    char key[2 * KEY_MAX + 2];
    size_t kl, i = pos;
    bool ascii = true, upper;
    unsigned m = 0;
    uint64_t h;
    unsigned lower = 0; /* ASCII word bytes >= 'a' are lower-case letters */
    for (i = pos + 1; i < len && tok_byte_class[s[i]] == TOK_B_WORD; i++)
        lower |= s[i] >= 'a';
    if (i < len && s[i] >= 0x80)
        i = word_end(c, pos, &ascii);
    *wend = i;
    *wascii = ascii;
    if (ascii) {
        h = ascii_fh(c, pos, i - pos);
        upper = i - pos >= 2 && !lower;
    } else {
        rtok t;
        if ((h = word_fh(c, pos, i, false, 0, key, &kl)) == 0)
            return 0;
        make_tok(c, &t, pos, i, TOK_WORD, false);
        upper = t.shape == SH_UPPER;
    }
    /* a given name: another capitalised word must follow, after a space
     * or a hyphen (the first-name rule's condition) */
    if (!upper && rb_test(r->first_bits, RB_SELF, h)) {
        size_t k = i, n;
        if (k < len && (s[k] == ' ' || s[k] == '-'))
            k++;
        else if (k + 1 < len && s[k] == 0xC2 && s[k + 1] == 0xA0)
            k += 2;
        else if (k + 2 < len && s[k] == 0xE2 && s[k + 1] == 0x80 &&
                 (s[k + 2] == 0x99 || s[k + 2] == 0x90 || s[k + 2] == 0x91 ||
                  s[k + 2] == 0xAF))
            k += 3;
        if (k > i && k < len && capital_at(s, k, len, &n))
            m |= M_SELF;
    }
    if (!upper && rb_test(r->head_bits, RB_SMALL, h))
        m |= M_SELF;
    if (c->st->doc.n && rb_test(c->st->doc_bits, RB_DOC, h))
        m |= M_DOC;
    size_t ps, pe;
    bool word, pascii;
    if (!filter_back(c, pos, &ps, &pe, &word, &pascii)) /* first on its line */
        return m | (line_start(c, pos) && dateline_ahead(c, i) ? M_LINE : 0);
    if (upper)
        return m | (s[ps] == '(' ? M_PAREN : 0); /* an acronym defined */
    /* a cue before: "ministre X", "à X"; "ville de X", "M. X" */
    if (!word) {
        /* punctuation: only "." of "M.", "Dr." and ")" of "(CR)" end
         * cues; a full stop ends a sentence far more often */
        if (s[ps] == '.') {
            size_t ps2, pe2;
            bool w2, a2;
            if (filter_back(c, ps, &ps2, &pe2, &w2, &a2) && w2 &&
                pe2 == ps && pe2 - ps2 <= 4 && s[ps2] >= 'A' && s[ps2] <= 'Z')
                m |= M_BEFORE;
        } else if (s[ps] == ')') {
            m |= M_BEFORE;
        }
    } else {
        uint64_t h1 = pascii ? ascii_fh(c, ps, pe - ps)
                             : word_fh(c, ps, pe, false, GAZTAG_KEEP_ACCENTS,
                                       key + KEY_MAX + 1, &kl);
        if (h1 && rb_test(r->prev_bits, RB_SMALL, h1)) {
            m |= M_BEFORE;
        } else if (h1 && rb_test(r->mid_bits, RB_SMALL, h1)) {
            /* "ville de X": the word before too */
            size_t ps2, pe2, k2;
            bool word2, pascii2;
            if (filter_back(c, ps, &ps2, &pe2, &word2, &pascii2)) {
                uint64_t h2;
                if (!word2)
                    pe2 = ps2 + (size_t)(pascii2 ? 1 : utf8_len(s, ps2, len));
                h2 = pascii2 ? ascii_fh(c, ps2, pe2 - ps2)
                             : word_fh(c, ps2, pe2, false, GAZTAG_KEEP_ACCENTS,
                                       key, &k2);
                if (h2 && rb_test(r->pair_bits, RB_SMALL, fh_pair(h2, h1)))
                    m |= M_BEFORE;
            }
        }
    }
    /* a suffix after it: "Orange SA" (written with a capital) */
    if (!r->max_suffix)
        return m;
    size_t k = i;
    while (k < len && (s[k] == ' ' || (s[k] == 0xC2 && k + 1 < len &&
                                       s[k + 1] == 0xA0)))
        k += s[k] == ' ' ? 1 : 2;
    if (k > i && k < len && s[k] >= 'A' && s[k] <= 'Z') {
        bool na;
        size_t ne = word_end(c, k, &na);
        uint64_t hn = na ? ascii_fh(c, k, ne - k)
                         : word_fh(c, k, ne, false, 0, key, &kl);
        if (hn && rb_test(r->next_bits, RB_SMALL, hn))
            m |= M_SUFFIX;
    }
    return m;
}

/* The rules the filter's answer `m` allows, for the capitalised word at
 * `pos`: *next is where the pass goes on. */
static int try_rules(actx *c, size_t pos, size_t wend, bool ascii,
                     unsigned m, size_t *next)
{
    /* the word is the tokenizer's token (the same classes), the tokens
     * after it come from the tokenizer when a rule asks for them */
    rtok *w = &c->tk[0];
    make_tok(c, w, pos, wend, TOK_WORD, ascii);
    tok_init(&c->ts, c->text + wend, c->len - wend);
    c->ts_at = wend;
    c->nt = 1;
    c->ts_done = false;
    *next = w->end;
    if (w->shape != SH_CAP && w->shape != SH_UPPER)
        return 0;
    int rc = 0;
    if ((m & M_DOC) && c->propagate && (rc = rule_document(c, next)) != 0)
        return rc < 0 ? -1 : 0;
    if (w->shape == SH_UPPER) {
        if (((m & M_PAREN) && (rc = rule_acronym(c, next)) != 0) ||
            ((m & M_LINE) && (rc = rule_dateline(c, next)) != 0))
            return rc < 0 ? -1 : 0;
        *next = w->end;
        return 0;
    }
    uint32_t f = (m & M_SELF) ? tok_flags(c, w) : 0;
    if (((f & RW_FIRST) && (rc = rule_first_name(c, next)) != 0) ||
        ((f & RW_HEAD_FIRST) && (rc = rule_head(c, next)) != 0) ||
        ((m & M_BEFORE) && (rc = rule_before(c, next)) != 0) ||
        ((m & M_SUFFIX) && (rc = rule_suffix(c, next)) != 0) ||
        ((m & M_LINE) && (rc = rule_dateline(c, next)) != 0))
        return rc < 0 ? -1 : 0;
    *next = w->end;
    return 0;
}

/* ------------------------------------------------------------- the pass */

/* Is the capital at i the start of a word? */
static bool word_start(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    if (i == 0)
        return true;
    if (s[i - 1] < 0x80)
        return tok_byte_class[s[i - 1]] != TOK_B_WORD;
    size_t at;
    return kind_of(cp_before(c, i, &at)) != TOK_B_WORD;
}

/* The next capital at or after i that begins a word, or len. */
static size_t next_candidate(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t len = c->len, n;
#ifdef RULES_SSE2
    const __m128i bias = _mm_set1_epi8((char)(0x80 - 'A'));
    const __m128i lim = _mm_set1_epi8((char)(0x80 + 25));
    const __m128i lead = _mm_set1_epi8((char)(0xC2 - 0x100 - 1));
    const __m128i lbias = _mm_set1_epi8((char)(0x80 - 'a'));
    const __m128i dbias = _mm_set1_epi8((char)(0x80 - '0'));
    const __m128i dlim = _mm_set1_epi8((char)(0x80 + 9));
    const __m128i x20 = _mm_set1_epi8(0x20);
    const __m128i ones = _mm_set1_epi8(-1);
    if (i == 0 && len > 0) {
        if (capital_at(s, 0, len, &n))
            return 0;
        i = 1;
    }
    /* candidates: A-Z and lead bytes, not after an ASCII letter or digit */
    while (i + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i p = _mm_loadu_si128((const __m128i *)(s + i - 1));
        /* A-Z: (v - 'A' + 0x80) <= 0x80 + 25 as signed */
        __m128i az = _mm_andnot_si128(
            _mm_cmpgt_epi8(_mm_add_epi8(v, bias), lim), ones);
        /* >= 0xC2: as signed, v > -63 and v < 0 */
        __m128i hi = _mm_and_si128(_mm_cmpgt_epi8(v, lead),
                                   _mm_cmplt_epi8(v, _mm_setzero_si128()));
        __m128i pl = _mm_or_si128(p, x20);
        __m128i not_alpha = _mm_cmpgt_epi8(_mm_add_epi8(pl, lbias), lim);
        __m128i not_digit = _mm_cmpgt_epi8(_mm_add_epi8(p, dbias), dlim);
        __m128i cand = _mm_and_si128(_mm_or_si128(az, hi),
                                     _mm_and_si128(not_alpha, not_digit));
        unsigned m = (unsigned)_mm_movemask_epi8(cand);
        while (m) {
            size_t j = i + (size_t)__builtin_ctz(m);
            m &= m - 1;
            if (s[j] < 0x80 && s[j - 1] < 0x80)
                return j; /* A-Z after an ASCII byte that is no word's */
            if (capital_at(s, j, len, &n) && word_start(c, j))
                return j;
        }
        i += 16;
    }
#endif
    for (; i < len; i++)
        if ((uint8_t)(s[i] - 'A') < 26 || s[i] >= 0xC2) {
            if (capital_at(s, i, len, &n) && word_start(c, i))
                return i;
        }
    return len;
}

int rules_apply(rules_state *st, const gaztag_rules *r, const char *text,
                size_t len, size_t base_bytes, size_t base_cps,
                size_t base_units, const gaztag_span *in, size_t n_in,
                bool propagate, bool sol)
{
    actx c;
    memset(&c, 0, sizeof c);
    c.st = st;
    c.r = r;
    c.text = text;
    c.len = len;
    c.base_b = base_bytes;
    c.base_c = base_cps;
    c.base_u = base_units;
    c.in = in;
    c.n_in = n_in;
    c.propagate = propagate;
    c.sol = sol;
    st->n_out = 0;
    call_once(&upper_once, upper_init);
    (void)tok_cp_kind(0); /* the tokenizer's table, for kind_of() */
    for (size_t pos = 0;;) {
        pos = next_candidate(&c, pos);
        if (c.gi < n_in && in[c.gi].end - base_bytes <= pos &&
            pass_gazetteer(&c, pos) < 0)
            return -1;
        if (pos >= len)
            break;
        if (c.gi < n_in && in[c.gi].start - base_bytes <= pos) {
            pos = in[c.gi].end - base_bytes; /* inside a gazetteer span */
            continue;
        }
        c.limit = c.gi < n_in ? in[c.gi].start - base_bytes : len;
        size_t next = pos + 1;
        bool ascii;
        unsigned m = worth_a_look(&c, pos, &next, &ascii);
        if ((m && try_rules(&c, pos, next, ascii, m, &next) < 0) || c.nomem)
            return -1;
        pos = next > pos ? next : pos + 1;
    }
    return pass_gazetteer(&c, len) < 0 || c.nomem ? -1 : 0;
}
