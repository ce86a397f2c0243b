/*
 * rules_cue.c -- the rule of cues before a name (rctx_rule_before()):
 * titles and civilities before a person ("le ministre X", "M. X", "the
 * spokesman X"), a title's in apposition before a comma ("son
 * porte-parole, X Y,"), place words before a place ("la ville de X", "à
 * X"), lead cues that begin an organisation's name ("le ministère de la
 * X", rules_org.c).  The cue is read back from the capital, word by word
 * while its words end a cue of the `before` table (cue_back()); the name
 * after it is then made and checked (cue_name()) with the helpers of the
 * names' rules (rules_apply.c).
 */
#include "rules.h"
#include "rules_ctx.h"

#include "tokenize.h"

#include <string.h>

#define MAX_BACK 8 /* tokens looked at before a capital */

/* After a title cue and a comma, is tk[0..last] a person's name in
 * apposition: the title begun in lower case (as in running prose: "son
 * porte-parole, X Y", "du ministre de l’Agriculture, X Y", "the director,
 * X Y"; a capitalised one ends a signature line or a list: "Editor, Linux
 * Gazette", "Queen, Led Zeppelin"), two words at least, then the comma,
 * full stop, semicolon, colon or bracket that closes it, or the end of the
 * line? */
static bool apposition_ends(actx *c, const rule_cue *q, const rtok *title,
                            size_t last)
{
    if (last == 0 || title->shape != SH_LOWER ||
        !is_person_label(q->label) || strcmp(q->rule, "title") != 0)
        return false;
    rtok *t = rctx_fwd(c, last + 1);
    if (!t)
        return true;
    enum gap g = rctx_gap_of(c, c->tk[last].end, t->start);
    char ch = c->text[t->start];
    return g == GAP_BREAK ||
           (g == GAP_NONE && t->cls == TOK_PUNCT &&
            (ch == ',' || ch == '.' || ch == ';' || ch == ':' || ch == ')'));
}

/* How the token nearest a cue's end may touch it (cue_back()). */
enum cue_end {
    END_NAME,  /* before the name: not joined to it ("ministre Kaba") */
    END_COMMA, /* before a comma: joined to it ("porte-parole,") */
    END_SPACE  /* before a complement: a space ("coordinatrice de") */
};

/* Is each word of a cue that is written with a capital after its first
 * (caps: rule_cue.caps) one in the text too: back[0..nb], nearest
 * first, back[nb] its first word? */
static bool caps_written(uint8_t caps, const rtok *back, size_t nb)
{
    for (size_t k = 1; caps >> k && k <= nb; k++)
        if ((caps >> k & 1) && !is_name_word(&back[nb - k]))
            return false;
    return true;
}

/* Is the byte at `i` the full stop of a letter alone ("M." in "M.D.",
 * "Y.M.C.A.")?  Joined to the next word, it is an abbreviation's, not a
 * civility's ("Mr.Peanut" is one). */
static bool letter_stop(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    return s[i] == '.' && i >= 1 && (uint8_t)((s[i - 1] | 0x20) - 'a') < 26 &&
           (i == 1 || s[i - 2] >= 0x80 ||
            tok_byte_class[s[i - 2]] != TOK_B_WORD);
}

/* The longest before cue that ends at `pos` (the tokens before it read
 * back while they end some cue), not before `floor`: its slot, and its
 * tokens in back[], nearest first, back[*first] its first word; NULL when
 * there is none. */
static const rt_slot *cue_back(actx *c, size_t pos, size_t floor,
                               enum cue_end how, rtok *back, size_t *first)
{
    const gaztag_rules *r = c->r;
    char keys[MAX_BACK][RULE_KEY_MAX];
    size_t kls[MAX_BACK];
    char *buf = c->st->buf;
    const rt_slot *cue = NULL;
    size_t total = 0;
    for (size_t nb = 0; nb < r->max_before && nb < MAX_BACK; nb++) {
        if (!rctx_back_tok(c, pos, floor, &back[nb]))
            break;
        enum gap g = rctx_gap_of(c, back[nb].end, pos);
        if (g == GAP_BREAK ||
            (nb == 0 && back[0].cls == TOK_WORD &&
             (how == END_NAME    ? g == GAP_NONE
              : how == END_COMMA ? g != GAP_NONE
                                 : g != GAP_SPACE)) ||
            (nb == 0 && how == END_NAME && g == GAP_NONE &&
             letter_stop(c, back[0].start)) ||
            (nb == 0 && how == END_NAME && g == GAP_JOIN &&
             hyphen_len(c, back[0].end)))
            break;
        pos = back[nb].start;
        kls[nb] = rctx_word_key_f(c, &back[nb], keys[nb], GAZTAG_KEEP_ACCENTS);
        total += kls[nb] + (nb > 0); /* (and a space) */
        if (kls[nb] == 0 || total > sizeof c->st->buf)
            break;
        size_t len = 0;
        for (size_t i = nb + 1; i-- > 0;) {
            if (i < nb)
                buf[len++] = ' ';
            memcpy(buf + len, keys[i], kls[i]);
            len += kls[i];
        }
        const rt_slot *q = rt_find(&r->before, rt_hash(buf, len), buf, len);
        /* a cue written with a capital, in lower case here ("me To"), or
         * with small letters after it, in capitals here ("MS Windows");
         * a later word of it with a capital, in lower case here ("le
         * belge X") */
        uint8_t ws = q ? r->cues[q->val].shape : SH_OTHER;
        if (q &&
            !((ws == SH_CAP || ws == SH_UPPER) && !is_name_word(&back[nb])) &&
            !(ws == SH_CAP && back[nb].shape == SH_UPPER) &&
            caps_written(r->cues[q->val].caps, back, nb)) {
            cue = q;
            *first = nb;
        }
        if (!rt_find(&r->before_tails, rt_hash(buf, len), buf, len))
            break;
    }
    return cue;
}

/* A title cue before a comma, with its complement between them: "la
 * coordinatrice de l’ONG, X Y", "le président du comité local, X Y":
 * words only, COMPLEMENT_WORDS at most, the first a preposition (over
 * the gazetteer's names too: "le directeur de MSF, X Y"); or a place
 * alone, the span right before the comma ("son directeur Afrique, X
 * Y").  The cue's slot, as cue_back(); NULL when there is none. */
#define COMPLEMENT_WORDS 6
static const rt_slot *cue_complement(actx *c, size_t comma, rtok *back,
                                     size_t *first)
{
    size_t pos = comma;
    rtok t;
    const gaztag_span *prev = rctx_last_given(c);
    if (prev && c->place_end == comma && prev->end - c->base_b == comma) {
        const rt_slot *cue = cue_back(c, prev->start - c->base_b, 0,
                                      END_SPACE, back, first);
        if (cue)
            return cue;
    }
    for (size_t k = 0; k < COMPLEMENT_WORDS; k++) {
        if (!rctx_back_tok(c, pos, 0, &t) || t.cls != TOK_WORD)
            return NULL;
        enum gap g = rctx_gap_of(c, t.end, pos);
        if (g == GAP_BREAK || (k == 0 && g != GAP_NONE))
            return NULL;
        pos = t.start;
        if (t.shape == SH_LOWER && complement_prep(c, &t)) {
            const rt_slot *cue = cue_back(c, pos, 0, END_SPACE, back, first);
            if (cue)
                return cue;
        }
    }
    return NULL;
}

/* Is token t a before cue by itself, with " ." after its key when `stop`
 * (the cue "Gov." of the word "Gov" and its full stop)? */
static bool cue_word(actx *c, const rtok *t, bool stop)
{
    char key[RULE_KEY_MAX + 2];
    size_t n = rctx_word_key_f(c, t, key, GAZTAG_KEEP_ACCENTS);
    if (n && stop) {
        key[n++] = ' ';
        key[n++] = '.';
    }
    const rt_slot *q = n ? rt_find(&c->r->before, rt_hash(key, n), key, n)
                         : NULL;
    return q && c->r->cues[q->val].label; /* (not a "-" cue's words) */
}

/* Is token t a before cue by itself: a civility ("Hadja", "Dr")?  After
 * a title and a comma the name begins after it ("La présidente de
 * l’AFRF, Hadja Aïssatou Barry": "Aïssatou Barry", its given name's). */
static bool is_cue_word(actx *c, const rtok *t)
{
    return cue_word(c, t, false);
}

/* Is token t, with the full stop joined to it, a before cue by itself
 * ("Gov." of "Lt. Gov. Byrd", "Gen.")?  Then it is no name: the name is
 * after it.  A letter alone is an initial ("Dr. M. W. Mills"), even one
 * that is a civility too ("M."). */
static bool abbrev_cue(actx *c, const rtok *t)
{
    rtok *u = rctx_fwd(c, (size_t)(t - c->tk) + 1);
    return !lone_capital(t) && u && u->cls == TOK_PUNCT &&
           c->text[u->start] == '.' && u->start == t->end &&
           cue_word(c, t, true);
}

/* Is the candidate one letter that begins no name: neither an initial
 * ("J. Kaba") nor an article joined to a capitalised word ("le maire de
 * L’Isle-Adam")?  An elided article in a heading ("GRAMMAIRE DE
 * L'INTERPRÉTEUR", where "MAIRE DE" is a cue) or the "S" of "EDITOR'S
 * NOTE" is none. */
static bool elided(actx *c)
{
    const rtok *w = &c->tk[0];
    rtok *u;
    if (!lone_capital(w))
        return false;
    if ((u = rctx_fwd(c, 1)) == NULL)
        return true;
    if (u->cls != TOK_WORD)
        return c->text[u->start] != '.' || u->start != w->end;
    return u->shape != SH_CAP || rctx_gap_of(c, w->end, u->start) != GAP_JOIN;
}

/* Is word t, not a letter alone ("Mrs. B."), a word that begins or ends
 * the names of organisations or places ("Bank", "Street", "Committee")? */
static bool org_word(actx *c, rtok *t)
{
    return !lone_capital(t) &&
           (rctx_tok_flags(c, t) & (RW_HEAD_FIRST | RW_SUFFIX_FIRST));
}

/* Is the name ending on token `last` cut short by a gazetteer's name right
 * after it, a space between ("north of Lake Ontario", "the Province of
 * Upper Canada", Ontario and Canada the gazetteer's)?  The rules see only
 * the first part of a longer name. */
static bool cut_by_gazetteer(actx *c, size_t last)
{
    rtok *t = rctx_fwd(c, last + 1);
    return t && t->start >= c->limit && is_name_word(t) &&
           rctx_gap_of(c, c->tk[last].end, t->start) == GAP_SPACE;
}

/* Is the name after a person's cue, from token `from` (its initials
 * aside), a given name alone, cut short by a gazetteer's name right after
 * it ("l’ancien ministre Moussa Solano", Solano a place; "M. Jean-Luc
 * Coulon", Coulon a place)?  The rules cannot take the gazetteer's word,
 * and a given name alone is no name (rule_first_name() gives none
 * either, or takes a town that yields). */
static bool given_cut(actx *c, size_t from, uint32_t flags, size_t last)
{
    return rctx_one_given_name(c, from, flags, last) && cut_by_gazetteer(c, last);
}

/* Is ASCII word t written as no name is: with a digit, two capitals then
 * a small letter ("conforme à SVr4", "à NFSv4", "à SELinux"), or a capital
 * after three small letters ("à StarOffice", "à DateValue"; "MacKenzie",
 * "DeKalb" and "LaSalle" are names)? */
static bool code_like(const actx *c, const rtok *t)
{
    const char *s = c->text + t->start;
    size_t n = t->end - t->start, small = 0;
    if (!t->ascii)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            return true;
        if (s[i] >= 'A' && s[i] <= 'Z' && small >= 3)
            return true;
        small = s[i] >= 'a' && s[i] <= 'z' ? small + 1 : 0;
    }
    if (n < 3 || s[1] < 'A' || s[1] > 'Z')
        return false;
    for (size_t i = 2; i < n; i++)
        if (s[i] >= 'a' && s[i] <= 'z')
            return true;
    return false;
}

/* Is token `last` followed by a space and a number ("Section 3.7",
 * "StarOffice 8")?  Then the name is a thing's, not a place's. */
static bool number_after(actx *c, size_t last)
{
    rtok *t = rctx_fwd(c, last + 1);
    return t && t->cls == TOK_WORD && (uint8_t)(c->text[t->start] - '0') < 10 &&
           rctx_gap_of(c, c->tk[last].end, t->start) == GAP_SPACE;
}

/* The name after cue q (a title's before a comma: appos, its first word),
 * from the candidate on. */
static int cue_name(actx *c, const rule_cue *q, const rtok *appos,
                    size_t *next)
{
    uint32_t f = rctx_tok_flags(c, &c->tk[0]);
    if (((f & RW_NOT) && rctx_initial_at(c, 0) == INITIAL_NONE) ||
        c->tk[0].shape != SH_CAP || elided(c) || code_like(c, &c->tk[0]) ||
        abbrev_cue(c, &c->tk[0]))
        return 0; /* ("le ministre A. Kaba": an initial) */
    bool place = strcmp(q->label, "PLACE") == 0;
    if (place && (f & RW_FIRST))
        return 0;
    size_t whole = rctx_extend(c, 0, NAME_WORDS - 1, false, false);
    size_t last = whole;
    if (!rctx_drop_cut_initial(c, &last))
        return 0; /* "le ministre J. Smith", Smith a place */
    if (rctx_cut_at_line_end(c, c->tk[last].end) ||
        (place && ((last == 0 && rctx_common_word(c, &c->tk[0])) ||
                   number_after(c, last) || cut_by_gazetteer(c, last))))
        return 0; /* "la Boîte à Outils", "reportez-vous à Section 3.7" */
    /* a given name alone, cut short by the gazetteer's name, right after
     * it or after initials ("le ministre Moussa K. Conakry"), initials
     * before it aside ("prosecutor A. Lawrence Burbank", Burbank a
     * yielding town: rule_first_name() takes "Lawrence Burbank") */
    size_t from = 0;
    while (from < last && rctx_initial_at(c, from) != INITIAL_NONE)
        from += 2; /* (the initial, its full stop) */
    uint32_t ff = from ? rctx_tok_flags(c, &c->tk[from]) : f;
    if (is_person_label(q->label) &&
        (given_cut(c, from, ff, last) ||
         (last != whole && rctx_one_given_name(c, from, ff, last))))
        return 0;
    if (appos && (!apposition_ends(c, q, appos, last) ||
                  is_cue_word(c, &c->tk[0])))
        return 0;
    /* "Governor Mitt Romney", "Prof. Dean C. Worcester": Romney and
     * Worcester are towns that yield (after the one initial dropped) */
    size_t y = last + 1, after;
    if (whole != last)
        y = whole == y && rctx_initial_at(c, whole) == INITIAL_CUT ? whole + 2 : 0;
    if (!appos && is_person_label(q->label) && y &&
        rctx_takes_yielding(c, y, &after)) {
        *next = c->tk[y].end;
        rctx_take_gazetteer(c, c->tk[0].start, *next, q->label, q->rule);
        return RULE_FOUND;
    }
    /* one word cut short by a gazetteer's name: the name goes on into it
     * ("Prime Minister Binyamin Netanyahu", Netanyahu the gazetteer's);
     * one word of an organisation's or a place's name ("the late Bank of
     * the United States", "Queen Street") */
    if (is_person_label(q->label) && last == from &&
        (cut_by_gazetteer(c, last) || org_word(c, &c->tk[last])))
        return 0;
    *next = c->tk[last].end;
    return rctx_give_rule(c, c->tk[0].start, *next, q->label,
                          appos ? c->r->r_apposition : q->rule) < 0
               ? -1 : RULE_FOUND;
}

/* A cue before the name: "le ministre X", "M. X", "la ville de X", "à X";
 * a title's, then a comma: "son porte-parole, X Y,", "la coordinatrice de
 * l’ONG, X Y,"; a lead cue, which begins the name: "le ministère de la
 * X". */
int rctx_rule_before(actx *c, size_t *next)
{
    const gaztag_rules *r = c->r;
    rtok back[MAX_BACK];
    size_t cue_first = 0; /* back[cue_first]: the cue's first word */
    size_t pos = c->tk[0].start;
    /* a name in apposition after a title: "son porte-parole, X Y," */
    rtok comma;
    bool appos = rctx_back_tok(c, pos, c->last_end, &comma) &&
                 comma.cls == TOK_PUNCT && c->text[comma.start] == ',' &&
                 rctx_gap_of(c, comma.end, pos) == GAP_SPACE;
    const rt_slot *cue =
        appos ? cue_back(c, comma.start, c->last_end, END_COMMA, back,
                         &cue_first)
              : cue_back(c, pos, c->last_end, END_NAME, back, &cue_first);
    if (!cue && appos)
        cue = cue_complement(c, comma.start, back, &cue_first);
    if (!cue)
        return 0;
    const rule_cue *q = &r->cues[cue->val];
    if (!q->label)
        return 0; /* "grâce à X", "contrairement à X": no cue */
    if (q->lead) /* (no apposition: "ministère de la, X" is none) */
        return appos ? 0
                     : rctx_rule_lead(c, q, back[cue_first].start,
                                      cue_first + 1, next);
    return cue_name(c, q, appos ? &back[cue_first] : NULL, next);
}
