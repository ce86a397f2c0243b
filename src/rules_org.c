/*
 * rules_org.c -- the rules of organisations' names (rules_apply.c tries
 * them): a head cue that begins the name ("Consortium X", "la Cour des
 * comptes"), a lead cue in lower case before it ("le ministère de la X"),
 * a suffix that ends it ("X SA"), and the body between: capitalised
 * words, connectors, trail words ("Cour suprême"), and the acronym in
 * parentheses that may spell it whole ("... de la Décentralisation
 * (MATD)").
 *
 * As every rule, they read tokens after the candidate from the tokenizer
 * (rctx_fwd()) and before it backwards (rctx_back_tok()), never before the
 * last span given out; a name ends by c->limit and has ORG_WORDS words at
 * most.  A name whose end the rules cannot find gives nothing rather than
 * a name cut short.
 */
#include "rules.h"
#include "rules_ctx.h"

#include "tokenize.h"

#include <string.h>

#define ORG_WORDS 10 /* an organisation's words at most */

/* ------------------------------------------------------------ word tests */

/* Is token t a coordinating conjunction ("et", "ou", "or", "and")? */
static bool coordinating(const actx *c, const rtok *t)
{
    return is_word(c, t, "et") || is_word(c, t, "ou") ||
           is_word(c, t, "or") || is_word(c, t, "and");
}

/* Is token t an article ("la", "le", "les", "l’", "the")? */
static bool article(actx *c, const rtok *t)
{
    return french_article(c, t) || is_word(c, t, "the");
}

/* Is token t punctuation that joins two capitalised words of an
 * organisation's name: a connector of the cues ("&" of "Bah & Frères")? */
static bool joining_punct(actx *c, rtok *t)
{
    return t->cls != TOK_WORD && (rctx_tok_flags(c, t) & RW_CONNECTOR);
}


/* ------------------------------------------------------ head and lead */

/* The longest head cue at the candidate: words joined by spaces or
 * hyphens.  Its cue, its length in tokens in *hl; NULL when there is
 * none. */
static const rt_slot *head_cue(actx *c, size_t *hl)
{
    const gaztag_rules *r = c->r;
    char *buf = c->st->buf;
    for (size_t n = r->max_head; n >= 1; n--) {
        size_t j;
        for (j = 1; j < n; j++)
            if (!rctx_fwd(c, j) || c->tk[j].cls != TOK_WORD ||
                !space_or_join(c, &c->tk[j - 1], &c->tk[j]))
                break;
        if (j < n)
            continue;
        size_t len = rctx_phrase_of(c, 0, n - 1, buf, sizeof c->st->buf);
        const rt_slot *cue =
            len ? rt_find(&r->head, rt_hash(buf, len), buf, len) : NULL;
        if (cue) {
            *hl = n;
            return cue;
        }
    }
    return NULL;
}

/* May the trail word at j be a name's: is it followed by the end of the
 * name (a word of the sentence: "Cour suprême a statué"), by "et", or
 * through connectors by a capitalised word ("Enseignement supérieur et de
 * la Recherche")?  Not when connectors lead to a lower-case word or to a
 * gazetteer's name ("Banque nationale d’investissement", "Radio rurale de
 * Mandiana"): the name goes on where the rules cannot follow it. */
static bool trail_ends(actx *c, size_t j)
{
    for (size_t k = j + 1; k <= j + 3; k++) {
        rtok *u = rctx_fwd(c, k);
        if (!u || !space_or_join(c, &c->tk[k - 1], u))
            return true;
        if (u->end > c->limit)
            return k == j + 1;
        if (u->cls != TOK_WORD || u->shape != SH_LOWER || coordinating(c, u))
            return true;
        if (!(rctx_tok_flags(c, u) & RW_CONNECTOR))
            return k == j + 1;
    }
    return true;
}

/* Do the lower-case words of an organisation's name from token j (a word
 * of them, `lower` before it) lead on to a preposition, as the name's
 * adjectives do ("Société minière de Boké", "Fédération guinéenne de
 * football"), at most two of them?  A verb of the sentence does not
 * ("le Conseil présidé par Moussa Kaba", "the Council headed by General
 * Dostom", "the Committee voted Tuesday"), nor English words before
 * "of", "for" or "on": English puts a name's adjectives before its head
 * word, so those are the sentence's ("the Committee seeks revival of",
 * "the Council bans email on"). */
static bool lower_leads_on(actx *c, size_t j, size_t lower)
{
    for (size_t k = j + 1;; k++) {
        rtok *u = rctx_fwd(c, k);
        if (!u || u->end > c->limit || !space_or_join(c, &c->tk[k - 1], u) ||
            u->cls != TOK_WORD || u->shape != SH_LOWER)
            return false;
        if (rctx_tok_flags(c, u) & RW_CONNECTOR)
            return !coordinating(c, u) && !article(c, u) &&
                   !is_word(c, u, "of") && !is_word(c, u, "for") &&
                   !is_word(c, u, "on");
        if (++lower >= 2)
            return false;
    }
}

/* (rules_ctx.h) */
bool rctx_caps_reach_org_word(actx *c, size_t j, size_t max)
{
    for (size_t k = j; k < j + max; k++) {
        rtok *t = rctx_fwd(c, k);
        if (!t || t->cls != TOK_WORD || !is_name_word(t) ||
            t->end > c->limit ||
            rctx_gap_of(c, c->tk[k - 1].end, t->start) != GAP_SPACE)
            return false;
        if (rctx_tok_flags(c, t) & (RW_HEAD_FIRST | RW_SUFFIX_FIRST))
            return true;
    }
    return false;
}

/* Does English "and" at token j go on with the complement of an
 * organisation's name, after its preposition: a capitalised word after
 * it, and one before it ("the Department of Commerce and Labor", "the
 * Office of Foreign and Domestic Commerce")?  Not before a given name ("the
 * Front de Boeuf and Brian du Bois"), a word that is never a name's ("and
 * The"), a word joined to the next by a hyphen, or another organisation's
 * name. */
static bool and_goes_on(actx *c, size_t j)
{
    rtok *u = rctx_fwd(c, j + 1);
    if (!is_word(c, &c->tk[j], "and") || !is_name_word(&c->tk[j - 1]) ||
        !u || u->cls != TOK_WORD || u->shape != SH_CAP ||
        u->end > c->limit || !space_or_join(c, &c->tk[j], u) ||
        (rctx_tok_flags(c, u) & (RW_FIRST | RW_NOT)))
        return false;
    /* ("and Self-reliant Development": not a word of its own) */
    rtok *v = rctx_fwd(c, j + 2);
    if (v && rctx_gap_of(c, u->end, v->start) == GAP_JOIN)
        return false;
    /* not another organisation's name: "the Organization of African Unity
     * and South Pacific Regional Environment Programme" */
    return !rctx_caps_reach_org_word(c, j + 1, ORG_WORDS - 1);
}

/* Does an organisation's name go on past connector t at token j?  "et",
 * "and" join two names only before a preposition: "des Mines et de la
 * Géologie", not "la Santé et Orange" or "des Affaires étrangères et la
 * Commission"; English "and" once in a complement, after the name's
 * preposition (*prep, which this sets), between capitalised words (*anded:
 * and_goes_on()); an article right after a capitalised word ends it;
 * "&" joins two capitalised words: "Bah & Frères". */
static bool connector_goes_on(actx *c, size_t j, bool *prep, bool *anded)
{
    rtok *t = &c->tk[j], *u = rctx_fwd(c, j + 1);
    if (t->cls != TOK_WORD)
        return is_name_word(&c->tk[j - 1]) && u && is_name_word(u);
    if (*prep && !*anded && and_goes_on(c, j)) {
        *anded = true;
        return true;
    }
    if (t->shape == SH_LOWER && article(c, t) &&
        is_name_word(&c->tk[j - 1]) &&
        !(rctx_tok_flags(c, &c->tk[j - 1]) & RW_NOT))
        return false; /* "the Department of Commerce and Labor the
                       * Government Printing Office" */
    *prep = true; /* (a preposition, an article after one, or "et"
                   * before one: "et de la") */
    return !(coordinating(c, t) && u &&
             (u->shape != SH_LOWER || article(c, u)));
}

/* The words of an organisation's name from token j on, after its first
 * `words` words (its cue's, and tk[0] when `cap`: it is capitalised):
 * lower-case words (at most two, before any capital, and then a
 * preposition: lower_leads_on()), connectors (and "&":
 * connector_goes_on()), capitalised words, and trail words right after a
 * capitalised one or another trail word ("des Affaires étrangères", "Cour
 * suprême").  Whether it has a capitalised or trail word; the last one's
 * index in *last. */
static bool org_body(actx *c, size_t j, size_t words, bool cap, size_t *last)
{
    size_t lower = 0;
    bool prep = false, anded = false;
    for (; words < ORG_WORDS; j++, words++) {
        rtok *t = rctx_fwd(c, j);
        if (!t || t->end > c->limit || !space_or_join(c, &c->tk[j - 1], t))
            break;
        bool word = t->cls == TOK_WORD;
        if (!word && !joining_punct(c, t))
            break;
        uint32_t f = rctx_tok_flags(c, t);
        if (word && t->shape != SH_LOWER) {
            if (f & RW_MONTH)
                break; /* "the City Council on July 10": the sentence's */
            f &= RW_CONNECTOR; /* ("De", "The": no name's last word) */
        }
        if ((f & RW_TRAIL) &&
            (is_name_word(&c->tk[j - 1]) || (cap && *last == j - 1))) {
            if (!trail_ends(c, j))
                break;
            cap = true;
            *last = j;
        } else if (is_name_word(t) && !(f & RW_CONNECTOR)) {
            cap = true;
            *last = j;
        } else if (f & RW_CONNECTOR) {
            if (!connector_goes_on(c, j, &prep, &anded))
                break;
        } else if (t->shape == SH_LOWER && !cap && lower < 2 &&
                   lower_leads_on(c, j, lower)) {
            lower++;
        } else {
            break;
        }
    }
    return cap;
}

/* Do words after token j (the name's last, where the rules lost it: a
 * word in lower case) run on to an acronym in parentheses, before the next
 * gazetteer span, whose initials spell the name from `start` with them
 * ("la Direction générale des élections (DGE)", "le ministère de
 * l’Administration du territoire et de la Décentralisation (MATD)")?  The
 * index of the "(" then, else 0. */
static size_t spelt_further(actx *c, size_t j, size_t start)
{
    for (size_t k = j + 1; k <= j + ORG_WORDS; k++) {
        rtok *t = rctx_fwd(c, k);
        if (!t || !space_or_join(c, &c->tk[k - 1], t))
            return 0;
        if (t->cls == TOK_WORD)
            continue;
        if (k == j + 1 || c->text[t->start] != '(')
            return 0;
        rtok *a = rctx_fwd(c, k + 1), *z = rctx_fwd(c, k + 2);
        size_t n = a ? a->end - a->start : 0, span[2];
        bool cap;
        return a && z && a->start == t->end && z->start == a->end &&
                       a->cls == TOK_WORD && a->shape == SH_UPPER &&
                       a->ascii && n >= 2 && n <= 8 &&
                       c->text[z->start] == ')' && z->end <= c->limit &&
                       rctx_acronym_spells(c, a, t->start, span, &cap) &&
                       span[0] == start
                   ? k
                   : 0;
    }
    return 0;
}

/* After a `complement` head word (its cue's tokens before j), a name that
 * ends in lower case, as French writes them: "de", "du", "des" or "d’" (an
 * article after it), then one or two lower-case words, and then the name
 * must visibly end (punctuation other than "&", the line's end, a
 * gazetteer span, a word that is never a name's, "et"): "la Cour des
 * comptes a publié", "l’Agence des travaux routiers (Ageroute)".  Its
 * last token in *last.  Not at the start of a sentence, where the head
 * word's capital says nothing. */
static bool lower_tail(actx *c, size_t j, size_t *last)
{
    size_t words = 0, k = j;
    bool conn = false;
    if (!(rctx_tok_flags(c, &c->tk[0]) & RW_COMPLEMENT) ||
        rctx_sentence_start(c, c->tk[0].start))
        return false;
    for (;; k++) {
        rtok *t = rctx_fwd(c, k);
        bool joined = t && t->end <= c->limit &&
                      space_or_join(c, &c->tk[k - 1], t);
        if (joined && joining_punct(c, t))
            return false; /* "&": it may go on */
        if (!joined || t->cls != TOK_WORD)
            break; /* the end of the name */
        if (t->shape != SH_LOWER)
            return false; /* a capital: not this rule's name */
        uint32_t f = rctx_tok_flags(c, t);
        if (coordinating(c, t) || ((f & RW_NOT) && !(f & RW_CONNECTOR)))
            break;
        if (f & RW_CONNECTOR) {
            if (words > 0) /* "... de Guinée": where the rules lose it */
                return false;
            if (conn ? !french_article(c, t)
                     : !complement_prep(c, t) || is_word(c, t, "of"))
                return false; /* "Department for the year" */
            conn = true;
            continue;
        }
        if (!conn || ++words > 2)
            return false;
        *last = k;
    }
    return words > 0;
}

/* Is the token before `start` a capitalised word that may begin an
 * organisation's name, on the same line (before a head word, `head`: of
 * two letters at least, after a space or a hyphen, not after an
 * apostrophe: the elided article of "L’Agence")?  A word joined by a
 * hyphen is the name's first word even when it is a not-name
 * ("Post-Office Department", "Non-Aligned Movement", "Sous-Commission").
 * Then it is in *b. */
static bool name_word_before(actx *c, size_t start, rtok *b, bool head)
{
    if (!rctx_back_tok(c, start, c->last_end, b) || !is_name_word(b) ||
        (head && b->end - b->start < 2))
        return false;
    size_t h = hyphen_len(c, b->end);
    if (h && b->end + h == start)
        return true;
    if (rctx_tok_flags(c, b) & RW_NOT)
        return false;
    enum gap g = rctx_gap_of(c, b->end, start);
    return g == GAP_SPACE || (!head && g == GAP_JOIN);
}

/* Is `start` the start of one word joined to the candidate by a hyphen,
 * and no more ("the Sub-Commission", "the Post-Office")? */
static bool joined_only(actx *c, size_t start)
{
    rtok b;
    size_t h;
    return rctx_back_tok(c, c->tk[0].start, c->last_end, &b) &&
           b.start == start && (h = hyphen_len(c, b.end)) != 0 &&
           b.end + h == c->tk[0].start;
}

/* Where an organisation's name begins: back from the candidate over the
 * capitalised words before it, "&" between two ("Procter & Gamble SA")
 * and "and" once, not after a suffix ("Health and Human Services
 * Department"; "Cain Street and Piedmont Avenue" are two).  Before a head
 * word (`head`, the candidate), a word of two letters at least after a
 * space (not the elided article of "L’Agence"), and "and" only after one
 * ("Economic and Social Council", not "Health and Council"). */
static size_t name_start(actx *c, bool head)
{
    size_t start = c->tk[0].start;
    rtok b;
    bool and_seen = false;
    for (size_t words = 1; words < ORG_WORDS; words++) {
        if (name_word_before(c, start, &b, head)) {
            start = b.start;
            continue;
        }
        rtok amp;
        if (!rctx_back_tok(c, start, c->last_end, &amp) ||
            rctx_gap_of(c, amp.end, start) != GAP_SPACE ||
            !name_word_before(c, amp.start, &b, head))
            break;
        if (is_word(c, &amp, "and")) {
            if (and_seen || (rctx_tok_flags(c, &b) & RW_SUFFIX_FIRST) ||
                (head && start == c->tk[0].start))
                break;
            and_seen = true;
        } else if (head || !joining_punct(c, &amp)) {
            break;
        }
        start = b.start;
        words++;
    }
    return start;
}

/* Does the name after a head cue (its words from `from` to `end`) end on a
 * term word, no connector between ("Office Tips", "Union Address", "Bank
 * Manager": a thing's name, a heading)?  After a connector the term is
 * the complement's ("Office of Naval Intelligence", "Department for
 * Development Support"). */
static bool term_end(actx *c, size_t from, size_t end)
{
    if (end < from || !(rctx_tok_flags(c, &c->tk[end]) & RW_TERM))
        return false;
    for (size_t j = from; j < end; j++)
        if (c->tk[j].shape == SH_LOWER || c->tk[j].cls != TOK_WORD ||
            (rctx_tok_flags(c, &c->tk[j]) & RW_CONNECTOR))
            return false;
    return true;
}

/* (rules_ctx.h) */
int rctx_rule_head(actx *c, size_t *next)
{
    const gaztag_rules *r = c->r;
    size_t hl = 0;
    const rt_slot *cue = head_cue(c, &hl);
    if (!cue)
        return 0;
    /* after the cue: the name ends on a capitalised word */
    size_t last = 0;
    bool cap = org_body(c, hl, hl, false, &last);
    /* capitalised words before the cue belong to the name: "Winning
     * Consortium", "Ford Foundation", "Economic and Social Council" */
    size_t start = name_start(c, true);
    if (!cap && lower_tail(c, hl, &last))
        cap = true; /* "la Cour des comptes a publié" */
    if (!cap && hl == 1 && (start == c->tk[0].start || joined_only(c, start)))
        return 0; /* "le Groupe a", "the Sub-Commission", but "Groupe
                   * Orange", "Ford Foundation", "Hahn-Meitner-Institut" */
    const rule_cue *q = &r->cues[cue->val];
    size_t end = cap ? last : hl - 1;
    if (spelt_further(c, end, start))
        return 0; /* the acronym rule's, whole */
    if (term_end(c, hl, end))
        return 0; /* "Office Tips", "State of the Union Address" */
    *next = c->tk[end].end;
    return rctx_give_rule(c, start, *next, q->label, q->rule) < 0
               ? -1 : RULE_FOUND;
}

/* (rules_ctx.h) */
int rctx_rule_lead(actx *c, const rule_cue *q, size_t start, size_t words,
                   size_t *next)
{
    size_t last = 0, open;
    org_body(c, 1, words + 1, true, &last);
    if ((open = spelt_further(c, last, start)) != 0)
        last = open - 1; /* to its acronym, which the acronym rule links */
    *next = c->tk[last].end;
    return rctx_give_rule(c, start, *next, q->label, q->rule) < 0
               ? -1 : RULE_FOUND;
}

/* ------------------------------------------------------------ suffixes */

/* May a suffix begin at token j: a capitalised word, after a space, that
 * is the first word of some suffix? */
static bool suffix_may_start(actx *c, size_t j)
{
    rtok *t = rctx_fwd(c, j);
    return t && t->cls == TOK_WORD && is_name_word(t) &&
           rctx_gap_of(c, c->tk[j - 1].end, t->start) == GAP_SPACE &&
           (rctx_tok_flags(c, t) & RW_SUFFIX_FIRST);
}

/* (rules_ctx.h) */
const rt_slot *rctx_suffix_at(actx *c, size_t j, size_t *n)
{
    const gaztag_rules *r = c->r;
    char *buf = c->st->buf;
    for (size_t m = r->max_suffix; m >= 1; m--) {
        size_t k;
        for (k = 1; k < m; k++) {
            rtok *v = rctx_fwd(c, j + k);
            if (!v ||
                rctx_gap_of(c, c->tk[j + k - 1].end, v->start) != GAP_NONE)
                break;
        }
        if (k < m || c->tk[j + m - 1].end > c->limit)
            continue;
        size_t len = rctx_phrase_of(c, j, j + m - 1, buf, sizeof c->st->buf);
        const rt_slot *cue =
            len ? rt_find(&r->suffix, rt_hash(buf, len), buf, len) : NULL;
        if (cue) {
            *n = m;
            return cue;
        }
    }
    return NULL;
}

/* (rules_ctx.h) */
int rctx_rule_suffix(actx *c, size_t *next)
{
    size_t n = 0, m = 0;
    const rt_slot *cue =
        suffix_may_start(c, 1) ? rctx_suffix_at(c, 1, &n) : NULL;
    if (!cue || (rctx_tok_flags(c, &c->tk[0]) & RW_NOT))
        return 0;
    /* more suffixes: "Kountaya Holding SA" when Holding and SA both are */
    const rt_slot *more;
    while (suffix_may_start(c, n + 1) &&
           (more = rctx_suffix_at(c, n + 1, &m))) {
        cue = more;
        n += m;
    }
    size_t start = name_start(c, false);
    const rule_cue *q = &c->r->cues[cue->val];
    *next = c->tk[n].end;
    return rctx_give_rule(c, start, *next, q->label, q->rule) < 0
               ? -1 : RULE_FOUND;
}

