/*
 * rules_apply.c -- the rules of persons' and places' names: at a
 * capitalised word that the pass's filter lets through (rules_scan.c), the
 * rules that may make a span of it from the words around it
 * (rules_tokens.c): given names and family names written first, cues
 * before it (titles, apposition, place words), lists of places; and the
 * order in which all rules are tried (rctx_try_rules(), with the
 * organisations of rules_org.c, the datelines and acronyms of
 * rules_dateline.c and the names of rules_doc.c).
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

#define MAX_BACK 8    /* tokens looked at before a capital */
#define NAME_WORDS 4  /* a person's or place's words at most */

/* ----------------------------------------------------------------- rules */

/* (Each rule answers RULE_FOUND, with a span that ends at *next, 0 or -1.) */

int rctx_give_rule(actx *c, size_t start, size_t end, const char *label,
                   const char *rule)
{
    gaztag_entry e = {label, NULL, NULL, 0};
    return rctx_give(c, start, end, &e, GAZTAG_FROM_RULE, rule);
}

/* Is t a capital letter alone ("J", "M")? */
static bool lone_capital(const rtok *t)
{
    return t->end - t->start == 1 && t->shape == SH_CAP;
}

/* Is token j an initial inside a name: a capital alone, its full stop
 * right after it, then a space and a capitalised word?  INITIAL_IN when
 * that word may be the name's ("John F. Kennedy", "le ministre J. Kaba"),
 * INITIAL_CUT when it is a gazetteer's ("John F. Smith", Smith a place),
 * which the name cannot keep. */
enum initial { INITIAL_NONE, INITIAL_IN, INITIAL_CUT };
static enum initial initial_at(actx *c, size_t j)
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

/* Drop a name's last word at *last when it is an initial, cut
 * (INITIAL_CUT) or, after another initial or alone, of a word the name did
 * not take ("Dr. W. E. B. Du Bois"; "Malcolm X. He" keeps "Malcolm X"),
 * and the initials before it ("John R. J. Smith": "John"): false when no
 * word is left. */
static bool drop_cut_initial(actx *c, size_t *last)
{
    size_t j = *last;
    enum initial in = initial_at(c, j);
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
        if (t && initial_at(c, j - 1) == INITIAL_IN)
            continue;
        if (!t || t->end > c->limit || !space_or_join(c, &c->tk[j - 1], t))
            break;
        if (is_name_word(t)) {
            /* (an initial may be a word that is never a name: "W. A.
             * Swim") */
            if (!not_ok && (rctx_tok_flags(c, t) & RW_NOT) &&
                initial_at(c, j) == INITIAL_NONE)
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
static bool one_given_name(actx *c, size_t from, uint32_t flags, size_t last)
{
    if (!(flags & RW_FIRST))
        return false;
    for (size_t j = from + 1; j <= last; j++)
        if (rctx_gap_of(c, c->tk[j - 1].end, c->tk[j].start) != GAP_JOIN ||
            !(rctx_tok_flags(c, &c->tk[j]) & RW_FIRST))
            return false;
    return true;
}

/* Is there a hyphen (-, U+2010, U+2011) at byte i? */
static bool hyphen_at(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    return i < c->len &&
           (s[i] == '-' || (i + 2 < c->len && s[i] == 0xE2 &&
                            s[i + 1] == 0x80 &&
                            (s[i + 2] == 0x90 || s[i + 2] == 0x91)));
}

/* Is the word that ends at `end` cut by a hyphen at the end of its line
 * ("Alain Por‐" then "tal", as manual pages are rendered)?  Its name is
 * not all there.  (The next line is not read: a streamed piece ends at a
 * line break.) */
static bool cut_at_line_end(const actx *c, size_t end)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t i = end;
    if (i < c->len && s[i] == '-')
        i++;
    else if (i + 2 < c->len && s[i] == 0xE2 && s[i + 1] == 0x80 &&
             s[i + 2] == 0x90)
        i += 3; /* U+2010 HYPHEN */
    else
        return false;
    if (i < c->len && s[i] == '\r')
        i++;
    return i < c->len && s[i] == '\n';
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
static bool takes_yielding(actx *c, size_t y, size_t *after)
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
static bool common_word(actx *c, const rtok *t)
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
            !common_word(c, &c->tk[last]))
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
        enum initial in = t ? initial_at(c, j - 1) : INITIAL_NONE;
        if (in == INITIAL_IN)
            continue; /* "John F. Kennedy" */
        /* a one-word gazetteer name that yields ends the name, taken
         * ("Jacques Chirac", Chirac a village), after an initial's full
         * stop too ("William H. Taft", Taft a town) */
        size_t y = in == INITIAL_CUT ? j + 1 : j;
        if (rule == c->r->r_first && takes_yielding(c, y, &after)) {
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
        bool initial = initial_at(c, j) != INITIAL_NONE;
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
        rctx_take_gazetteer(c, c->tk[0].start, *next, c->r->person, rule);
        return RULE_FOUND;
    }
    /* "John F. Smith", Smith the gazetteer's: "John" alone */
    if (last == 0 || !drop_cut_initial(c, &last) || last == 0)
        return 0;
    /* a given name of two alone is no name either: "Jean-Luc" ("Jean-Luc
     * Coulon", Coulon a place), but "Nicolas François" may be one */
    if (rule == c->r->r_first &&
        one_given_name(c, 0, rctx_tok_flags(c, &c->tk[0]), last))
        return 0;
    /* (not in a family name written first: "Kim Jong Un" in French,
     * where "un" is a word) */
    bool family_first = rule == c->r->r_family ||
                        (rctx_tok_flags(c, &c->tk[0]) & RW_FAMILY_FIRST);
    if (family_first && last > 0)
        last = syllable_after(c, last); /* also "Kim Jong-un" */
    else if (!family_first)
        last = drop_common_words(c, last, words);
    if (cut_at_line_end(c, c->tk[last].end))
        return 0;
    *next = c->tk[last].end;
    return rctx_give_rule(c, c->tk[0].start, *next, c->r->person, rule) < 0
               ? -1 : RULE_FOUND;
}

/* Is the candidate, a family name written first, followed by a space and
 * not a hyphen ("Chow Yun-fat", not "Yin-Yang", "Dai-Ichi")? */
static bool family_spaced(actx *c)
{
    rtok *u = rctx_fwd(c, 1);
    return u && rctx_gap_of(c, c->tk[0].end, u->start) == GAP_SPACE;
}

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
             hyphen_at(c, back[0].end)))
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
    return n && rt_find(&c->r->before, rt_hash(key, n), key, n);
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
    return one_given_name(c, from, flags, last) && cut_by_gazetteer(c, last);
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
    if (((f & RW_NOT) && initial_at(c, 0) == INITIAL_NONE) ||
        c->tk[0].shape != SH_CAP || elided(c) || code_like(c, &c->tk[0]) ||
        abbrev_cue(c, &c->tk[0]))
        return 0; /* ("le ministre A. Kaba": an initial) */
    bool place = strcmp(q->label, "PLACE") == 0;
    if (place && (f & RW_FIRST))
        return 0;
    size_t whole = rctx_extend(c, 0, NAME_WORDS - 1, false, false);
    size_t last = whole;
    if (!drop_cut_initial(c, &last))
        return 0; /* "le ministre J. Smith", Smith a place */
    if (cut_at_line_end(c, c->tk[last].end) ||
        (place && ((last == 0 && common_word(c, &c->tk[0])) ||
                   number_after(c, last) || cut_by_gazetteer(c, last))))
        return 0; /* "la Boîte à Outils", "reportez-vous à Section 3.7" */
    /* a given name alone, cut short by the gazetteer's name, right after
     * it or after initials ("le ministre Moussa K. Conakry"), initials
     * before it aside ("prosecutor A. Lawrence Burbank", Burbank a
     * yielding town: rule_first_name() takes "Lawrence Burbank") */
    size_t from = 0;
    while (from < last && initial_at(c, from) != INITIAL_NONE)
        from += 2; /* (the initial, its full stop) */
    uint32_t ff = from ? rctx_tok_flags(c, &c->tk[from]) : f;
    if (is_person_label(q->label) &&
        (given_cut(c, from, ff, last) ||
         (last != whole && one_given_name(c, from, ff, last))))
        return 0;
    if (appos && (!apposition_ends(c, q, appos, last) ||
                  is_cue_word(c, &c->tk[0])))
        return 0;
    /* "Governor Mitt Romney", "Prof. Dean C. Worcester": Romney and
     * Worcester are towns that yield (after the one initial dropped) */
    size_t y = last + 1, after;
    if (whole != last)
        y = whole == y && initial_at(c, whole) == INITIAL_CUT ? whole + 2 : 0;
    if (!appos && is_person_label(q->label) && y &&
        takes_yielding(c, y, &after)) {
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
static int rule_before(actx *c, size_t *next)
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
    if (q->lead) /* (no apposition: "ministère de la, X" is none) */
        return appos ? 0
                     : rctx_rule_lead(c, q, back[cue_first].start,
                                      cue_first + 1, next);
    return cue_name(c, q, appos ? &back[cue_first] : NULL, next);
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
        ((m & RULE_M_BEFORE) && (rc = rule_before(c, next)) != 0) ||
        ((m & RULE_M_LIST) && (rc = rule_list(c, next)) != 0) ||
        ((m & RULE_M_SUFFIX) && (rc = rctx_rule_suffix(c, next)) != 0) ||
        ((f & RW_FAMILY_FIRST) && family_spaced(c) &&
         (rc = rule_first_name(c, c->r->r_family, next)) != 0) ||
        ((m & RULE_M_LINE) && (rc = rctx_rule_dateline(c, next)) != 0))
        return rc < 0 ? -1 : 0;
    *next = w->end;
    return 0;
}
