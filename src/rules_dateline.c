/*
 * rules_dateline.c -- the rules of a dispatch's head and of parentheses:
 * datelines ("KOUNDOUYA, 3 mars (AGP) -"), their agencies, and acronyms
 * defined in parentheses ("le Front uni des Patriotes (FUP)").
 *
 * A dateline is a place first on its line, then a comma and a date, or an
 * agency in parentheses and a dash; rctx_dateline_ahead() is its cheap
 * look-ahead for the pass's filter, rctx_rule_dateline() the rule.  An
 * acronym is two to eight ASCII capitals right inside "(" and ")": a
 * dateline's agency, the name of the span just before it, or the initials
 * of the words before it.  Like every rule (rules_apply.c), each answers
 * RULE_FOUND with a span ending at *next, 0, or -1 for no memory.
 */
#include "rules.h"
#include "rules_ctx.h"

#include "tokenize.h"

#include <string.h>

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

bool rctx_line_start(const actx *c, size_t pos)
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

/* Are tokens i, i + 1 a day and a month ("26 déc.", "1er mars")? */
static bool day_month(actx *c, size_t i)
{
    rtok *d = rctx_fwd(c, i), *m = rctx_fwd(c, i + 1);
    return d && m && c->text[d->start] >= '0' && c->text[d->start] <= '9' &&
           (rctx_tok_flags(c, m) & RW_MONTH);
}

/* After byte i, spaces then a dash (-, en dash, em dash) or a colon? */
bool rctx_dash_after(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    while (i < c->len && s[i] == ' ')
        i++;
    if (i + 1 < c->len && s[i] == 0xC2 && s[i + 1] == 0xA0)
        return rctx_dash_after(c, i + 2);
    if (i < c->len && (s[i] == '-' || s[i] == ':'))
        return true;
    return i + 2 < c->len && s[i] == 0xE2 && s[i + 1] == 0x80 &&
           (s[i + 2] == 0x93 || s[i + 2] == 0x94);
}

/* After a dateline's comma at i: may a date follow (rule_dateline()): a
 * day, a month, or "le" and a day?  A word there is looked up. */
static bool date_after(actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    while (i < c->len && s[i] == ' ')
        i++;
    if (i >= c->len)
        return false;
    if (s[i] >= 0x80 || (s[i] >= '0' && s[i] <= '9'))
        return true; /* (a no-break space, a letter with an accent) */
    if (tok_byte_class[s[i]] != TOK_B_WORD)
        return false;
    bool ascii;
    size_t e = word_end(c, i, &ascii);
    if (e - i == 2 && s[i] == 'l')
        return true; /* "Conakry, le 3 mars" */
    rtok t;
    make_tok(c, &t, i, e, TOK_WORD, ascii);
    return (rctx_tok_flags(c, &t) & RW_MONTH) != 0;
}

/* After a dateline's "(" at i: an agency in capitals, ")" and a dash
 * ("KOUNDOUYA (AGP) -")? */
static bool agency_after(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    while (i < c->len && s[i] == ' ')
        i++;
    if (i >= c->len)
        return false;
    if (s[i] >= 0x80)
        return true; /* (other letters: the rule decides) */
    if (s[i] < 'A' || s[i] > 'Z')
        return false;
    for (; i < c->len && tok_byte_class[s[i]] == TOK_B_WORD; i++)
        if (s[i] >= 'a' && s[i] <= 'z')
            return false; /* not in capitals */
    while (i < c->len && s[i] == ' ')
        i++;
    if (i < c->len && s[i] >= 0x80)
        return true;
    return i < c->len && s[i] == ')' && rctx_dash_after(c, i + 1);
}

/* (rules_ctx.h) */
bool rctx_dateline_ahead(actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    for (int words = 1;; words++) {
        while (i < c->len && (s[i] == ' ' || s[i] == '-'))
            i++;
        if (i >= c->len)
            return false;
        if (s[i] == ',')
            return date_after(c, i + 1);
        if (s[i] == '(')
            return agency_after(c, i + 1);
        if (words == 3 || !((s[i] >= 'A' && s[i] <= 'Z') || s[i] >= 0xC2))
            return false;
        bool ascii;
        i = word_end(c, i, &ascii);
    }
}

/* Do the initials of the place's words tk[0..last], two of them at least,
 * end the acronym b in parentheses after them ("Data Markup Language
 * (LDML) -")?  Then the words are the acronym's, not a place.  A place of
 * one word may begin like its agency ends ("PARIS (AFP) -"). */
static bool initials_end(const actx *c, size_t last, const rtok *b)
{
    size_t n = b->end - b->start;
    if (last == 0 || last + 1 > n)
        return false;
    for (size_t k = 0; k <= last; k++) {
        char l = c->text[c->tk[k].start];
        if (l != c->text[b->end - (last + 1) + k])
            return false;
    }
    return true;
}

/* A dateline: a place first on its line, then ", 26 déc." or "(AGP)".  A
 * day needs its month: "Now, 67 percent" opens a sentence, not a dispatch. */
int rctx_rule_dateline(actx *c, size_t *next)
{
    if (!rctx_line_start(c, c->tk[0].start))
        return 0;
    size_t last = rctx_extend(c, 0, 3, false, false);
    /* a word that is never a name does not begin the place ("Tuesday,
     * July 30", "On Thu, Aug 22"), but for an article before more words
     * ("Le Caire, 3 mars") */
    if ((rctx_tok_flags(c, &c->tk[0]) & RW_NOT) &&
        (last == 0 || !french_article(c, &c->tk[0])))
        return 0;
    rtok *a = rctx_fwd(c, last + 1), *b = rctx_fwd(c, last + 2);
    if (!a || !b || a->cls != TOK_PUNCT)
        return 0;
    const char *t = c->text;
    bool ok = false;
    size_t upto = last + 2; /* the date's or the agency's last token */
    if (t[a->start] == ',') {
        /* a month, but not a word that may be one before a name ("Keenan,
         * Jan Dubois", "VERSION, oct EXPR") */
        rtok *n = rctx_fwd(c, last + 3);
        ok = (rctx_tok_flags(c, b) & RW_MONTH) &&
             !(n && n->cls == TOK_WORD && is_name_word(n) &&
               rctx_gap_of(c, b->end, n->start) == GAP_SPACE);
        if (!ok) { /* a day and a month, after "le" in "Conakry, le 3 mars" */
            size_t day = b->shape == SH_LOWER && b->end - b->start == 2 &&
                                 t[b->start] == 'l'
                             ? last + 3
                             : last + 2;
            ok = day_month(c, day);
            upto = day + 1;
        }
    } else if (t[a->start] == '(') {
        /* an agency, then a dash: "KOUNDOUYA (AGP) -", not "Type DOS
         * (MBR)" */
        rtok *e = rctx_fwd(c, last + 3);
        ok = b->shape == SH_UPPER && e && t[e->start] == ')' &&
             rctx_dash_after(c, e->end) && !initials_end(c, last, b);
        upto = last + 3;
    }
    /* all on one line: a day at a line's end and a month on the next
     * make no dateline (and the pass looks for one from the first word of
     * its month's or its agency's line) */
    if (!ok || c->tk[last].end > c->limit ||
        memchr(t + c->tk[0].start, '\n',
               c->tk[upto].end - c->tk[0].start))
        return 0;
    *next = c->tk[last].end;
    return rctx_give_rule(c, c->tk[0].start, *next, c->r->place,
                          c->r->r_dateline) < 0 ? -1 : RULE_FOUND;
}

/* Do the initials of words[0..nw) (nearest first, connectors aside)
 * spell the acronym w, from its last letter back?  The word its first
 * letter is spelt with in *first. */
static bool spells(actx *c, const rtok *w, rtok *words, size_t nw,
                   size_t *first)
{
    const char *t = c->text;
    size_t n = w->end - w->start, letters = 0, k;
    for (k = 0; k < nw; k++) {
        rtok *x = &words[k];
        if (x->shape == SH_LOWER && (rctx_tok_flags(c, x) & RW_CONNECTOR))
            continue;
        char key[RULE_KEY_MAX];
        size_t kl = word_key(c, x, key);
        char want = t[w->end - 1 - letters];
        if (kl == 0 || (key[0] != want && key[0] != (char)(want | 0x20)))
            break;
        if (++letters == n)
            break;
    }
    *first = k;
    return letters == n && k < nw;
}

/* Give out the acronym, the candidate, as e, and learn it for the rest
 * of the document when it propagates names. */
static int give_acronym(actx *c, const gaztag_entry *e, unsigned origin,
                        size_t *next)
{
    const rtok *w = &c->tk[0];
    *next = w->end;
    if (rctx_give(c, w->start, w->end, e, origin, c->r->r_acronym) < 0)
        return -1;
    if (!c->propagate)
        return RULE_FOUND;
    char key[RULE_KEY_MAX];
    size_t kl = word_key(c, w, key);
    return kl && rctx_learn(c, key, kl, 1, e, w->start) < 0 ? -1 : RULE_FOUND;
}

/* Is the "(" at `open` the agency's of a dateline ("RABAT, 5 févr. (MAP)
 * -", "MOSCOW (AP) -"): after a place that opens its line (the last span
 * given), with only a date between, and a dash after the ")" at `close`
 * (not a hyphen: "(RTC)-tjenester")? */
static bool dateline_agency(actx *c, size_t open, size_t close)
{
    const uint8_t *s = (const uint8_t *)c->text;
    const gaztag_span *prev = rctx_last_given(c);
    if (!prev || c->place_end == 0 || !rctx_dash_after(c, close))
        return false;
    size_t k = close;
    while (k < c->len && s[k] == ' ')
        k++;
    if (k + 1 < c->len && s[k] == '-' && s[k + 1] < 0x80 &&
        tok_byte_class[s[k + 1]] == TOK_B_WORD)
        return false;
    size_t start = prev->start - c->base_b, end = prev->end - c->base_b;
    if (end != c->place_end || end > open || !rctx_line_start(c, start) ||
        memchr(s + end, '\n', open - end))
        return false;
    return rctx_dateline_ahead(c, end);
}

/* (rules_ctx.h) */
bool rctx_acronym_spells(actx *c, const rtok *acr, size_t open,
                         size_t span[2], bool *cap)
{
    /* the words before it (on its line, at most 20) whose initials spell
     * it, connectors aside: "Agence guinéenne de presse (AGP)" */
    rtok words[20];
    size_t nw = 0, pos = open, k;
    while (nw < sizeof words / sizeof *words &&
           rctx_back_tok(c, pos, 0, &words[nw]) && words[nw].cls == TOK_WORD &&
           rctx_gap_of(c, words[nw].end, pos) != GAP_BREAK) {
        pos = words[nw].start;
        nw++;
    }
    if (!spells(c, acr, words, nw, &k))
        return false;
    span[0] = words[k].start;
    span[1] = words[0].end;
    *cap = words[k].shape == SH_CAP;
    return true;
}

/* An acronym in parentheses after a name: "Agence ... de presse (AGP)".
 * After a span it is that span's name (and learnt); else the words before
 * whose initials it spells are an organisation. */
int rctx_rule_acronym(actx *c, size_t *next)
{
    const rtok *w = &c->tk[0];
    size_t n = w->end - w->start;
    const char *t = c->text;
    if (!w->ascii || n < 2 || n > 8)
        return 0;
    rtok open;
    if (!rctx_back_tok(c, w->start, 0, &open) || open.end != w->start ||
        t[open.start] != '(' || !rctx_fwd(c, 1) || c->tk[1].start != w->end ||
        t[c->tk[1].start] != ')' || w->end > c->limit)
        return 0;
    /* a dateline's agency: "RABAT, 5 févr. (MAP) -" */
    if (dateline_agency(c, open.start, c->tk[1].end)) {
        *next = w->end;
        return rctx_give_rule(c, w->start, w->end, c->r->outlet,
                              c->r->r_dateline) < 0 ? -1 : RULE_FOUND;
    }
    size_t span[2]; /* the spelling words' first start, last end */
    bool cap = false;
    bool spelt = rctx_acronym_spells(c, w, open.start, span, &cap);
    size_t i = open.start, at;
    while (i > 0 && cp_before(c, i, &at) == ' ')
        i = at;
    const gaztag_span *prev = rctx_last_given(c);
    if (prev && i > 0 && i == c->last_end && prev->end - c->base_b == i) {
        /* "CONAKRY (AGP) -": a dateline's agency, not the place's name */
        if (rctx_line_start(c, prev->start - c->base_b) &&
            dash_or_comma(c, c->tk[1].end))
            return 0;
        /* the name just before, when its words spell it (from a word in
         * lower case too: "le ministère de ... (MATD)"): the same (a copy:
         * giving a span may move prev) */
        if (spelt && span[0] >= prev->start - c->base_b) {
            gaztag_entry e = prev->entry;
            return give_acronym(c, &e, GAZTAG_FROM_DOCUMENT, next);
        }
    }
    if (!spelt || !cap)
        return 0; /* not "le produit intérieur brut (PIB)" */
    /* nor a common term ("Gross Domestic Product (GDP)", a `term` cue's
     * word last) */
    rtok lastw;
    if (rctx_back_tok(c, span[1], 0, &lastw) &&
        (rctx_tok_flags(c, &lastw) & RW_TERM))
        return 0;
    /* an organisation: the words too, unless a span lies among them */
    if (span[0] >= c->last_end &&
        rctx_give_rule(c, span[0], span[1], c->r->org, c->r->r_acronym) < 0)
        return -1;
    gaztag_entry e = {c->r->org, NULL, NULL, 0};
    return give_acronym(c, &e, GAZTAG_FROM_RULE, next);
}
