/*
 * rules_apply.c -- the rules of persons' and places' names: at a
 * capitalised word that the pass's filter lets through (rules_scan.c), the
 * rules that may make a span of it from the words around it
 * (rules_tokens.c): given names and family names written first, lists of
 * places, and the helpers they share with the cues before a name
 * (rules_cue.c: titles, apposition, place words); and the order in which
 * all rules are tried (rctx_try_rules(), with the cues, the organisations
 * of rules_org.c, the datelines and acronyms of rules_dateline.c and the
 * names of rules_doc.c).
 *
 * The tokens after the word come from the tokenizer, RULE_MAX_TOKS at
 * most, as a rule asks for them (rctx_fwd()); the ones before are read
 * backwards (rctx_back_tok()), never before the last span given out.  The
 * first rule that gives a span wins; a rule looks at a cue of a few tokens
 * at most, and its span ends by c->limit.
 */
#include "rules.h"
#include "rules_ctx.h"

#include "tokenize.h"

#include <string.h>


/* ----------------------------------------------------------------- rules */

/* (Each rule answers RULE_FOUND, with a span that ends at *next, 0 or -1.) */

int rctx_give_rule(actx *c, size_t start, size_t end, const char *label,
                   const char *rule)
{
    gaztag_entry e = {label, NULL, NULL, 0};
    return rctx_give(c, start, end, &e, GAZTAG_FROM_RULE, rule);
}

/* Is token j an initial inside a name: a capital alone, its full stop
 * right after it, then a space and a capitalised word?  INITIAL_IN when
 * that word may be the name's ("John F. Kennedy", "le ministre J. Kaba"),
 * INITIAL_CUT when it is a gazetteer's ("John F. Smith", Smith a place),
 * which the name cannot keep. */
enum initial rctx_initial_at(actx *c, size_t j)
{
    const rtok *l = &c->tk[j];
    rtok *t, *u;
    if (!lone_capital(l) || (t = rctx_fwd(c, j + 1)) == NULL ||
        t->cls != TOK_PUNCT || c->text[t->start] != '.' ||
        t->start != l->end || (u = rctx_fwd(c, j + 2)) == NULL ||
        !is_name_word(u) || rctx_gap_of(c, t->end, u->start) != GAP_SPACE)
        return INITIAL_NONE;
    return u->end <= c->limit ? INITIAL_IN : INITIAL_CUT;
}

/* Is word t (a name's, capitalised) of one or two letters, glued by a
 * full stop to a letter ("M.D.", "Ph.D.", "L.A", "R.Hughes"): a dotted
 * abbreviation the name cannot end on? */
static bool glued_abbrev(const actx *c, const rtok *t)
{
    const uint8_t *s = (const uint8_t *)c->text;
    if (t->end - t->start > 2 || t->end + 1 >= c->len ||
        s[t->end] != '.')
        return false;
    uint8_t b = s[t->end + 1] | 0x20;
    return b >= 'a' && b <= 'z';
}

/* Drop a name's last word at *last when it is an initial, cut
 * (INITIAL_CUT) or, after another initial or alone, of a word the name did
 * not take ("Dr. W. E. B. Du Bois"; "Malcolm X. He" keeps "Malcolm X"),
 * or the start of a dotted abbreviation ("Mitchell Wolf M.D.", "the city
 * of L.A"), and the initials before it ("John R. J. Smith": "John"): false
 * when no word is left. */
bool rctx_drop_cut_initial(actx *c, size_t *last)
{
    size_t j = *last;
    enum initial in = rctx_initial_at(c, j);
    if (glued_abbrev(c, &c->tk[j]))
        in = INITIAL_CUT;
    if (in == INITIAL_NONE ||
        (in == INITIAL_IN && j >= 1 &&
         !(j >= 2 && c->tk[j - 1].cls == TOK_PUNCT &&
           lone_capital(&c->tk[j - 2]))))
        return true;
    for (;;) {
        if (*last == 0)
            return false;
        --*last;
        const rtok *t = &c->tk[*last];
        if (t->cls == TOK_WORD && !lone_capital(t))
            return true; /* (a full stop, or an initial before it) */
    }
}

/* Extend a name from token i over capitalised words (and, with connectors,
 * "de la" and the like between them) joined by spaces or hyphens: the
 * index of its last word.  `not_ok`: words that are never names may be
 * part of it (an organisation's "Ministère de la Santé"). */
size_t rctx_extend(actx *c, size_t i, size_t max_words, bool connectors,
                   bool not_ok)
{
    size_t last = i, words = 1;
    for (size_t j = i + 1; words < max_words; j++) {
        rtok *t = rctx_fwd(c, j);
        if (t && rctx_initial_at(c, j - 1) == INITIAL_IN)
            continue;
        if (!t || t->end > c->limit || !space_or_join(c, &c->tk[j - 1], t))
            break;
        if (is_name_word(t)) {
            /* (an initial may be a word that is never a name: "W. A.
             * Swim") */
            if (!not_ok && (rctx_tok_flags(c, t) & RW_NOT) &&
                rctx_initial_at(c, j) == INITIAL_NONE)
                break;
            last = j;
            words++;
            continue;
        }
        if (connectors && t->shape == SH_LOWER &&
            (rctx_tok_flags(c, t) & RW_CONNECTOR))
            continue;
        break;
    }
    return last;
}

size_t rctx_phrase_of(actx *c, size_t from, size_t to, char *buf, size_t cap)
{
    size_t len = 0;
    for (size_t i = from; i <= to; i++) {
        if (len + RULE_KEY_MAX + 1 > cap)
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

/* Are tokens from..last one given name: a given name (the first's flags),
 * or given names joined by hyphens ("Jean-Luc", "Marie-Claire")? */
bool rctx_one_given_name(actx *c, size_t from, uint32_t flags, size_t last)
{
    if (!(flags & RW_FIRST))
        return false;
    for (size_t j = from + 1; j <= last; j++)
        if (rctx_gap_of(c, c->tk[j - 1].end, c->tk[j].start) != GAP_JOIN ||
            !(rctx_tok_flags(c, &c->tk[j]) & RW_FIRST))
            return false;
    return true;
}

/* Is the word that ends at `end` cut by a hyphen at the end of its line
 * ("Alain Por‐" then "tal", as manual pages are rendered)?  Its name is
 * not all there.  (The next line is not read: a streamed piece ends at a
 * line break.) */
bool rctx_cut_at_line_end(const actx *c, size_t end)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t h = hyphen_len(c, end), i = end + h;
    if (h == 0)
        return false;
    if (i < c->len && s[i] == '\r')
        i++;
    return i < c->len && s[i] == '\n';
}

/* Where a given name's person begins: at `start`, or at the given name
 * before it when that one is cut by a hyphen at the end of its line
 * ("Jean-" then "Philippe Mengual", as manual pages are rendered). */
static size_t given_start(actx *c, size_t start)
{
    rtok b; /* (the hyphen and the line break separate words) */
    if (!rctx_back_tok(c, start, c->last_end, &b) || b.cls != TOK_WORD ||
        !is_name_word(&b) || !rctx_cut_at_line_end(c, b.end) ||
        !(rctx_tok_flags(c, &b) & RW_FIRST))
        return start;
    /* (the next line, not one after a blank line: "Pat-" then "Patrick") */
    size_t breaks = 0;
    for (size_t i = b.end; i < start; i++)
        breaks += c->text[i] == '\n';
    return breaks == 1 ? b.start : start;
}

/* Is t an English word that ends compounds after a name ("Biden-led",
 * "Kim Basinger-like", "Trump-era")? */
static bool english_suffix(const actx *c, const rtok *t)
{
    static const char *const words[] = {"led", "era",  "run",  "like", "born",
                                        "made", "free", "type", "wide", "less",
                                        "ish",  "ism",  "ist",  "ite",  "ian",
                                        "ing",  "ed",   "ly",   "s",    "esque"};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (is_word(c, t, words[k]))
            return true;
    return false;
}

/* After a family name written first and the given name's first syllable
 * at token `last`, its next one, in lower case after a hyphen ("Mao
 * Tse-tung", "Jung Yong-hwa", "Chow Yun-fat"): the index of the name's
 * last token, `last` or that syllable's. */
static size_t syllable_after(actx *c, size_t last)
{
    size_t end = c->tk[last].end;
    rtok *u = rctx_fwd(c, last + 1);
    if (!u || u->start != end + 1 || c->text[end] != '-' ||
        u->cls != TOK_WORD || u->shape != SH_LOWER || !u->ascii ||
        u->end - u->start > 4 || u->end > c->limit || english_suffix(c, u))
        return last;
    rtok *n = rctx_fwd(c, last + 2);
    /* (the syllable ends the word: "Tse-tung,", not "Tse-tung-style") */
    return n && rctx_gap_of(c, u->end, n->start) <= GAP_JOIN &&
                   n->cls == TOK_WORD
               ? last
               : last + 1;
}

/* Is token y a one-word gazetteer span that yields (rctx_yielding_next()),
 * right after the name's last word (or an initial's full stop) and a
 * space, capitalised and neither a not-name nor the first word of an
 * organisation's cue ("Hsu Court")?  A person's name may then end on it,
 * and go on to *after at most. */
bool rctx_takes_yielding(actx *c, size_t y, size_t *after)
{
    size_t yend;
    rtok *t = rctx_fwd(c, y);
    return t && t->start == c->limit && rctx_yielding_next(c, &yend, after) &&
           t->end == yend && is_name_word(t) &&
           rctx_gap_of(c, c->tk[y - 1].end, t->start) == GAP_SPACE &&
           !(rctx_tok_flags(c, t) &
             (RW_NOT | RW_HEAD_FIRST | RW_SUFFIX_FIRST));
}

/* Is capitalised word t one the text around also writes in lower case, a
 * common word ("la Boîte à Outils", "connecté à Internet")? */
bool rctx_common_word(actx *c, const rtok *t)
{
    char key[RULE_KEY_MAX];
    size_t kl = t->ascii ? word_key(c, t, key) : 0;
    return kl > 0 && rctx_lower_near(c, key, kl, t->start);
}

/* The last word of a given name's name (token `last`, `words` words),
 * without its third and fourth words that the text around writes in lower
 * case: they are the sentence's ("Alan Jay Lerner Maybe", "Joe Bauman
 * Home").  Not after given names alone, where the word is the family name
 * ("Lydia Maria Child", "Francis Scott Key"). */
static size_t drop_common_words(actx *c, size_t last, size_t words)
{
    for (; words >= 3 && last >= 2; last--, words--) {
        const rtok *p = &c->tk[last - 1];
        if (!is_name_word(p) ||
            rctx_gap_of(c, p->end, c->tk[last].start) != GAP_SPACE ||
            (rctx_tok_flags(c, &c->tk[last - 1]) & RW_FIRST) ||
            !rctx_common_word(c, &c->tk[last]))
            break;
    }
    return last;
}

/* Given names and one or two more capitalised words: a person
 * ("Mohamed Lamine Fofana Touré"); or a family name written first and one
 * or two more ("Wang Jianhua"), rule `rule`, none an organisation's word
 * ("Hsu Court" is the head cue's). */
static int rule_first_name(actx *c, const char *rule, size_t *next)
{
    /* (with the first word of a head or suffix cue, "Hsu Court" and
     * "Xavier University" are left whole to the organisations' rules) */
    uint32_t stop = RW_HEAD_FIRST | RW_SUFFIX_FIRST;
    /* a given name that is also a word ("Grace", "Pierre") is a name in
     * the middle of a sentence, not always at its start */
    if ((rctx_tok_flags(c, &c->tk[0]) & RW_NOT) &&
        rctx_sentence_start(c, c->tk[0].start))
        return 0;
    size_t last = 0, words = 1, others = 0, after = 0;
    bool take = false;
    for (size_t j = 1; words < NAME_WORDS; j++) {
        rtok *t = rctx_fwd(c, j);
        enum initial in = t ? rctx_initial_at(c, j - 1) : INITIAL_NONE;
        if (in == INITIAL_IN)
            continue; /* "John F. Kennedy" */
        /* a one-word gazetteer name that yields ends the name, taken
         * ("Jacques Chirac", Chirac a village), after an initial's full
         * stop too ("William H. Taft", Taft a town) */
        size_t y = in == INITIAL_CUT ? j + 1 : j;
        if (rule == c->r->r_first && rctx_takes_yielding(c, y, &after)) {
            last = y;
            take = true;
            break;
        }
        if (!t || t->end > c->limit || !is_name_word(t) ||
            !space_or_join(c, &c->tk[j - 1], t))
            break;
        uint32_t f = rctx_tok_flags(c, t);
        size_t sn;
        /* (a capital alone stops it when a suffix is there whole: "X
         * S.A.", not the initial of "Joseph S. Barrera") */
        if ((f & stop) &&
            (!lone_capital(t) || rctx_suffix_at(c, j, &sn) != NULL)) {
            last = 0; /* "Hsu Court": the organisation's, whole */
            break;
        }
        bool initial = rctx_initial_at(c, j) != INITIAL_NONE;
        if ((f & RW_NOT) && !(f & RW_FIRST) && !initial)
            break; /* ("John A. Smith": "A" an initial) */
        last = j;
        words++;
        /* given names, then at most two other words, and the word after
         * a second initial ("Cyrus H. K. Curtis") */
        if ((others > 0 || !(f & RW_FIRST)) && ++others >= 2 && !initial)
            break;
    }
    if (take) {
        /* and the rest of a double name: "Hervé Delmas-Ribaud" */
        for (size_t j = last + 1;; j++) {
            rtok *u = rctx_fwd(c, j);
            if (!u || u->end > after || !is_name_word(u) ||
                rctx_gap_of(c, c->tk[j - 1].end, u->start) != GAP_JOIN ||
                (rctx_tok_flags(c, u) & RW_NOT))
                break;
            last = j;
        }
        *next = c->tk[last].end;
        rctx_take_gazetteer(c, given_start(c, c->tk[0].start), *next,
                            c->r->person, rule);
        return RULE_FOUND;
    }
    /* "John F. Smith", Smith the gazetteer's: "John" alone */
    if (last == 0 || !rctx_drop_cut_initial(c, &last) || last == 0)
        return 0;
    /* a given name of two alone is no name either: "Jean-Luc" ("Jean-Luc
     * Coulon", Coulon a place), but "Nicolas François" may be one */
    if (rule == c->r->r_first &&
        rctx_one_given_name(c, 0, rctx_tok_flags(c, &c->tk[0]), last))
        return 0;
    /* (not in a family name written first: "Kim Jong Un" in French,
     * where "un" is a word) */
    bool family_first = rule == c->r->r_family ||
                        (rctx_tok_flags(c, &c->tk[0]) & RW_FAMILY_FIRST);
    if (family_first && last > 0)
        last = syllable_after(c, last); /* also "Kim Jong-un" */
    else if (!family_first)
        last = drop_common_words(c, last, words);
    if (rctx_cut_at_line_end(c, c->tk[last].end))
        return 0;
    *next = c->tk[last].end;
    size_t start = c->tk[0].start;
    if (rule == c->r->r_first)
        start = given_start(c, start);
    return rctx_give_rule(c, start, *next, c->r->person, rule) < 0
               ? -1 : RULE_FOUND;
}

/* Is the candidate, a family name written first, followed by a space and
 * not a hyphen ("Chow Yun-fat", not "Yin-Yang", "Dai-Ichi")? */
static bool family_spaced(actx *c)
{
    rtok *u = rctx_fwd(c, 1);
    return u && rctx_gap_of(c, c->tk[0].end, u->start) == GAP_SPACE;
}

/* The next place of a list whose last place ends a few bytes before, the
 * preposition said again: "de Korhogo et de Man", "villages de Dara, de
 * Koba et d’Ouré".  Between them: ", de ", " et de ", " ou de ", or "d’"
 * joined to the name. */
static int rule_list(actx *c, size_t *next)
{
    rtok prep, conj;
    if (!rctx_back_tok(c, c->tk[0].start, c->place_end, &prep) ||
        !rctx_back_tok(c, prep.start, c->place_end, &conj))
        return 0;
    enum gap after = rctx_gap_of(c, prep.end, c->tk[0].start);
    enum gap before = rctx_gap_of(c, c->place_end, conj.start);
    const uint8_t *ap = (const uint8_t *)c->text + prep.end;
    bool elided = is_word(c, &prep, "d") && after == GAP_JOIN &&
                  (ap[0] == '\'' || (ap[0] == 0xE2 && ap[2] == 0x99));
    if (!(elided || (is_word(c, &prep, "de") && after == GAP_SPACE)) ||
        rctx_gap_of(c, conj.end, prep.start) != GAP_SPACE)
        return 0;
    bool linked = is_word(c, &conj, ",")
                      ? before == GAP_NONE || before == GAP_SPACE
                      : before == GAP_SPACE && (is_word(c, &conj, "et") ||
                                                is_word(c, &conj, "ou"));
    if (!linked)
        return 0;
    uint32_t f = rctx_tok_flags(c, &c->tk[0]);
    if ((f & (RW_NOT | RW_FIRST)) || c->tk[0].shape != SH_CAP)
        return 0;
    size_t last = rctx_extend(c, 0, NAME_WORDS - 1, false, false);
    *next = c->tk[last].end;
    return rctx_give_rule(c, c->tk[0].start, *next, c->r->place,
                          c->r->r_list) < 0 ? -1 : RULE_FOUND;
}

/* ------------------------------------------------------- trying the rules */

/* (The order of the rules decides which one a word goes to.) */
int rctx_try_rules(actx *c, size_t pos, size_t wend, bool ascii, unsigned m,
                   size_t *next)
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
    if ((m & RULE_M_DOC) && c->propagate &&
        (rc = rctx_rule_document(c, next)) != 0)
        return rc < 0 ? -1 : 0;
    if (w->shape == SH_UPPER) {
        if (((m & RULE_M_PAREN) && (rc = rctx_rule_acronym(c, next)) != 0) ||
            ((m & RULE_M_LINE) && (rc = rctx_rule_dateline(c, next)) != 0))
            return rc < 0 ? -1 : 0;
        *next = w->end;
        return 0;
    }
    uint32_t f = (m & RULE_M_SELF) ? rctx_tok_flags(c, w) : 0;
    if (((f & RW_FIRST) &&
         (rc = rule_first_name(c, c->r->r_first, next)) != 0) ||
        ((f & RW_HEAD_FIRST) && (rc = rctx_rule_head(c, next)) != 0) ||
        ((m & RULE_M_BEFORE) && (rc = rctx_rule_before(c, next)) != 0) ||
        ((m & RULE_M_LIST) && (rc = rule_list(c, next)) != 0) ||
        ((m & RULE_M_SUFFIX) && (rc = rctx_rule_suffix(c, next)) != 0) ||
        ((f & RW_FAMILY_FIRST) && family_spaced(c) &&
         (rc = rule_first_name(c, c->r->r_family, next)) != 0) ||
        ((m & RULE_M_LINE) && (rc = rctx_rule_dateline(c, next)) != 0))
        return rc < 0 ? -1 : 0;
    *next = w->end;
    return 0;
}
