/*
 * rules_tokens.c -- the tokens the rules look at around a capitalised word:
 * their shape (capitalised, in capitals, lower case), their keys (the
 * tagger's folding, or with accents kept for `before` cues) and RW_* flags,
 * taken once and kept in the token; the tokens after the word, cut by the
 * tokenizer as a rule asks for them (rctx_fwd()), and the ones before it,
 * read backwards (rctx_back_tok()); what lies between two tokens
 * (rctx_gap_of()) and whether a word starts a sentence.
 */
#include "rules.h"
#include "rules_ctx.h"

#include "tokenize.h"

#include <string.h>
#include <utf8proc.h>

static bool is_lower_cp(int32_t cp)
{
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* SH_CAP: a capital then some lower-case letter; SH_UPPER: a capital and
 * no lower-case letter (two letters at least, or one before a full stop
 * is still SH_CAP: "M."); SH_LOWER: begins with a lower-case letter. */
uint8_t rctx_shape_of(const char *text, const rtok *t)
{
    const uint8_t *s = (const uint8_t *)text + t->start;
    size_t n = t->end - t->start;
    if (t->cls != TOK_WORD)
        return SH_OTHER;
    size_t letters, i;
    if (s[0] < 0x80) {
        if (s[0] >= 'a' && s[0] <= 'z')
            return SH_LOWER;
        if (!(s[0] >= 'A' && s[0] <= 'Z'))
            return SH_OTHER;
        i = 1;
    } else {
        int32_t cp;
        i = tok_decode(s, n, &cp);
        if (is_lower_cp(cp))
            return SH_LOWER;
        if (!is_upper_cp(cp))
            return SH_OTHER;
    }
    letters = 1;
    /* (after the capital, the first small letter settles it: SH_CAP) */
    while (i < n) {
        if (s[i] < 0x80) {
            if (s[i] >= 'a' && s[i] <= 'z')
                return SH_CAP;
            letters += s[i] >= 'A' && s[i] <= 'Z';
            i++;
            continue;
        }
        int32_t cp;
        i += tok_decode(s + i, n - i, &cp);
        if (is_lower_cp(cp))
            return SH_CAP;
        letters += is_upper_cp(cp);
    }
    return letters == 1 ? SH_CAP : SH_UPPER;
}

size_t rctx_word_key_f(actx *c, const rtok *t, char *buf, unsigned flags)
{
    size_t n = t->end - t->start;
    const char *s = c->text + t->start;
    if (t->ascii) {
        if (n > RULE_KEY_MAX)
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
    if (klen > RULE_KEY_MAX)
        return 0;
    memcpy(buf, key, klen);
    return klen;
}

uint64_t rctx_word_fh(actx *c, size_t a, size_t b, bool ascii,
                      unsigned flags, char *key, size_t *klen)
{
    rtok t;
    t.start = a;
    t.end = b;
    t.ascii = ascii;
    *klen = rctx_word_key_f(c, &t, key, flags);
    return *klen ? fh_hash(key, *klen) : 0;
}

uint32_t rctx_tok_flags(actx *c, rtok *t)
{
    if (t->have_flags)
        return t->flags;
    char key[RULE_KEY_MAX];
    size_t n = word_key(c, t, key);
    t->flags = 0;
    t->have_flags = true;
    if (n == 0)
        return 0;
    uint64_t h = rt_hash(key, n);
    rules_word_memo *e = NULL;
    uint64_t k[2] = {0, 0};
    if (n <= sizeof k) {
        memcpy(k, key, n);
        e = &c->st->word_memo[(h >> 32) & (RULES_WORD_MEMO - 1)];
        if (e->len == n && e->key[0] == k[0] && e->key[1] == k[1])
            return t->flags = e->flags;
    }
    const rt_slot *s = rt_find(&c->r->words, h, key, n);
    t->flags = s ? s->val : 0;
    if (e)
        *e = (rules_word_memo){{k[0], k[1]}, t->flags, (uint8_t)n};
    return t->flags;
}

rtok *rctx_fwd(actx *c, size_t i)
{
    while (c->nt <= i) {
        tok_token t;
        if (c->ts_done || c->nt == RULE_MAX_TOKS || !tok_next(&c->ts, &t)) {
            c->ts_done = true;
            return NULL;
        }
        make_tok(c, &c->tk[c->nt++], c->ts_at + t.start, c->ts_at + t.end,
                 t.cls, t.ascii);
    }
    return &c->tk[i];
}

enum gap rctx_gap_of(const actx *c, size_t from, size_t to)
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
bool rctx_back_tok(actx *c, size_t pos, size_t floor, rtok *out)
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
bool rctx_sentence_start(actx *c, size_t pos)
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
