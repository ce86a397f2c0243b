/*
 * rules_apply.c -- the rules of names: at a capitalised word that the
 * pass's filter lets through (rules_scan.c), the rules that may make a
 * span of it from the words around it (rules_tokens.c): given names, head,
 * lead and suffix words, cues before it, lists of places; and the order in
 * which all rules are tried (rctx_try_rules(), with the datelines and
 * acronyms of rules_dateline.c and the names of rules_doc.c).
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
#define ORG_WORDS 10  /* an organisation's */

/* ----------------------------------------------------------------- rules */

/* (Each rule answers RULE_FOUND, with a span that ends at *next, 0 or -1.) */

int rctx_give_rule(actx *c, size_t start, size_t end, const char *label,
                   const char *rule)
{
    gaztag_entry e = {label, NULL, NULL, 0};
    return rctx_give(c, start, end, &e, GAZTAG_FROM_RULE, rule);
}

static bool is_name_word(const rtok *t)
{
    return t && (t->shape == SH_CAP || t->shape == SH_UPPER);
}

/* Is token j the full stop of an initial inside a name: right after a
 * capital letter alone, and a space and a capitalised word after it
 * ("John F. Kennedy", "le ministre J. Kaba")? */
static bool initial_stop(actx *c, size_t j)
{
    const rtok *t = &c->tk[j], *l = &c->tk[j - 1];
    rtok *u;
    return t->cls == TOK_PUNCT && c->text[t->start] == '.' &&
           t->start == l->end && l->end - l->start == 1 &&
           l->shape == SH_CAP && (u = rctx_fwd(c, j + 1)) != NULL &&
           is_name_word(u) && u->end <= c->limit &&
           rctx_gap_of(c, t->end, u->start) == GAP_SPACE;
}

/* Is token j a capital alone whose full stop leads to a gazetteer's name
 * ("John F. Smith", Smith a place): an initial that the name cannot keep
 * without its last word? */
static bool initial_cut(actx *c, size_t j)
{
    const rtok *l = &c->tk[j];
    rtok *t, *u;
    return l->end - l->start == 1 && l->shape == SH_CAP &&
           (t = rctx_fwd(c, j + 1)) != NULL && t->cls == TOK_PUNCT &&
           c->text[t->start] == '.' && t->start == l->end &&
           (u = rctx_fwd(c, j + 2)) != NULL && is_name_word(u) &&
           u->end > c->limit && rctx_gap_of(c, t->end, u->start) == GAP_SPACE;
}

/* Drop a name's last word at *last when it is an initial_cut(), and the
 * initials before it ("John R. J. Smith": "John"): false when no word is
 * left. */
static bool drop_cut_initial(actx *c, size_t *last)
{
    if (!initial_cut(c, *last))
        return true;
    for (;;) {
        if (*last == 0)
            return false;
        --*last;
        const rtok *t = &c->tk[*last];
        if (t->cls == TOK_WORD && !(t->end - t->start == 1 &&
                                    t->shape == SH_CAP))
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
        if (t && initial_stop(c, j))
            continue;
        if (!t || t->end > c->limit || !space_or_join(c, &c->tk[j - 1], t))
            break;
        if (is_name_word(t)) {
            if (!not_ok && (rctx_tok_flags(c, t) & RW_NOT))
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

/* Given names and one or two more capitalised words: a person
 * ("Mohamed Lamine Fofana Touré"); or a family name written first and one
 * or two more ("Wang Jianhua"), rule `rule`, none an organisation's word
 * ("Hsu Court" is the head cue's). */
static int rule_first_name(actx *c, const char *rule, size_t *next)
{
    uint32_t stop = rule == c->r->r_family ? RW_HEAD_FIRST | RW_SUFFIX_FIRST
                                           : 0;
    /* a given name that is also a word ("Grace", "Pierre") is a name in
     * the middle of a sentence, not always at its start */
    if ((rctx_tok_flags(c, &c->tk[0]) & RW_NOT) &&
        rctx_sentence_start(c, c->tk[0].start))
        return 0;
    size_t last = 0, words = 1, others = 0;
    for (size_t j = 1; words < NAME_WORDS; j++) {
        rtok *t = rctx_fwd(c, j);
        if (t && initial_stop(c, j))
            continue; /* "John F. Kennedy" */
        if (!t || t->end > c->limit || !is_name_word(t) ||
            !space_or_join(c, &c->tk[j - 1], t))
            break;
        uint32_t f = rctx_tok_flags(c, t);
        if (f & stop) {
            last = 0; /* "Hsu Court": the organisation's, whole */
            break;
        }
        if ((f & RW_NOT) && !(f & RW_FIRST))
            break;
        last = j;
        words++;
        /* given names, then at most two other words */
        if ((others > 0 || !(f & RW_FIRST)) && ++others == 2)
            break;
    }
    /* "John F. Smith", Smith the gazetteer's: "John" alone */
    if (last == 0 || !drop_cut_initial(c, &last) || last == 0)
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

/* Is token t the word w, as written? */
static bool is_word(const actx *c, const rtok *t, const char *w)
{
    size_t n = strlen(w);
    return t->end - t->start == n && memcmp(c->text + t->start, w, n) == 0;
}

static bool coordinating(const actx *c, const rtok *t)
{
    return is_word(c, t, "et") || is_word(c, t, "ou") ||
           is_word(c, t, "or") || is_word(c, t, "and");
}

/* Is token t an article ("la", "le", "les", "l’", "the")? */
static bool article(const actx *c, const rtok *t)
{
    return is_word(c, t, "l") || is_word(c, t, "la") ||
           is_word(c, t, "le") || is_word(c, t, "les") ||
           is_word(c, t, "the");
}

/* Is token t punctuation that joins two capitalised words of an
 * organisation's name: a connector of the cues ("&" of "Bah & Frères")? */
static bool joining_punct(actx *c, rtok *t)
{
    return t->cls != TOK_WORD && (rctx_tok_flags(c, t) & RW_CONNECTOR);
}

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

/* The words of an organisation's name from token j on, after its first
 * `words` words (its cue's, and tk[0] when `cap`: it is capitalised):
 * lower-case words (at most two, before any capital), connectors (and
 * "&"), capitalised words, and trail words right after a capitalised one
 * or another trail word ("des Affaires étrangères", "Cour suprême").
 * Whether it has a capitalised or trail word; the last one's index in
 * *last. */
static bool org_body(actx *c, size_t j, size_t words, bool cap, size_t *last)
{
    size_t lower = 0;
    for (; words < ORG_WORDS; j++, words++) {
        rtok *t = rctx_fwd(c, j);
        if (!t || t->end > c->limit || !space_or_join(c, &c->tk[j - 1], t))
            break;
        bool word = t->cls == TOK_WORD;
        if (!word && !joining_punct(c, t))
            break;
        uint32_t f = !word || t->shape == SH_LOWER ? rctx_tok_flags(c, t) : 0;
        if ((f & RW_TRAIL) &&
            (is_name_word(&c->tk[j - 1]) || (cap && *last == j - 1))) {
            if (!trail_ends(c, j))
                break;
            cap = true;
            *last = j;
        } else if (is_name_word(t)) {
            cap = true;
            *last = j;
        } else if (f & RW_CONNECTOR) {
            /* "et", "and" join two names only before a preposition:
             * "des Mines et de la Géologie", not "la Santé et Orange" or
             * "des Affaires étrangères et la Commission"; "&" joins two
             * capitalised words: "Bah & Frères" */
            rtok *u = rctx_fwd(c, j + 1);
            if (word ? coordinating(c, t) && u &&
                           (u->shape != SH_LOWER || article(c, u))
                     : !is_name_word(&c->tk[j - 1]) || !u ||
                           !is_name_word(u))
                break;
        } else if (t->shape == SH_LOWER && !cap && lower < 2) {
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

static bool complement_prep(const actx *c, const rtok *t);

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
            if (conn ? !article(c, t) || is_word(c, t, "the")
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

/* An organisation word that begins the name: "Consortium X", "Ministère de
 * la Santé", "Société minière de Boké". */
static int rule_head(actx *c, size_t *next)
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
     * Consortium", "Ford Foundation" */
    size_t start = c->tk[0].start;
    rtok b;
    while (rctx_back_tok(c, start, c->last_end, &b) && is_name_word(&b) &&
           b.end - b.start >= 2 && !(rctx_tok_flags(c, &b) & RW_NOT) &&
           rctx_gap_of(c, b.end, start) == GAP_SPACE)
        start = b.start; /* not the elided article of "L’Agence" */
    if (!cap && lower_tail(c, hl, &last))
        cap = true; /* "la Cour des comptes a publié" */
    if (!cap && hl == 1 && start == c->tk[0].start)
        return 0; /* "le Groupe a", but "Groupe Orange", "Ford Foundation" */
    const rule_cue *q = &r->cues[cue->val];
    size_t end = cap ? last : hl - 1;
    if (spelt_further(c, end, start))
        return 0; /* the acronym rule's, whole */
    *next = c->tk[end].end;
    return rctx_give_rule(c, start, *next, q->label, q->rule) < 0
               ? -1 : RULE_FOUND;
}

/* A lead cue of `words` words from `start` right before the capitalised
 * word: they begin the organisation's name, which goes on as after a
 * head cue ("le ministère de la Défense", "la direction nationale des
 * Mines et de la Géologie"). */
static int rule_lead(actx *c, const rule_cue *q, size_t start, size_t words,
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
                                 : g != GAP_SPACE)))
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
        /* a cue written with a capital, in lower case here: "me To" */
        if (q && !(r->cues[q->val].cap && back[nb].shape != SH_CAP &&
                   back[nb].shape != SH_UPPER)) {
            cue = q;
            *first = nb;
        }
        if (!rt_find(&r->before_tails, rt_hash(buf, len), buf, len))
            break;
    }
    return cue;
}

/* Is token t a preposition that begins a title's complement ("de", "du",
 * "des", "d’", "of")? */
static bool complement_prep(const actx *c, const rtok *t)
{
    return is_word(c, t, "d") || is_word(c, t, "de") ||
           is_word(c, t, "du") || is_word(c, t, "des") || is_word(c, t, "of");
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
    const gaztag_span *prev =
        c->st->n_out ? &c->st->out[c->st->n_out - 1] : NULL;
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

/* Is token t a before cue by itself: a civility ("Hadja", "Dr")?  After
 * a title and a comma the name begins after it ("La présidente de
 * l’AFRF, Hadja Aïssatou Barry": "Aïssatou Barry", its given name's). */
static bool is_cue_word(actx *c, const rtok *t)
{
    char key[RULE_KEY_MAX];
    size_t n = rctx_word_key_f(c, t, key, GAZTAG_KEEP_ACCENTS);
    return n && rt_find(&c->r->before, rt_hash(key, n), key, n);
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
    if (w->end - w->start != 1)
        return false;
    if ((u = rctx_fwd(c, 1)) == NULL)
        return true;
    if (u->cls != TOK_WORD)
        return c->text[u->start] != '.' || u->start != w->end;
    return u->shape != SH_CAP || rctx_gap_of(c, w->end, u->start) != GAP_JOIN;
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
                     : rule_lead(c, q, back[cue_first].start, cue_first + 1,
                                 next);
    uint32_t f = rctx_tok_flags(c, &c->tk[0]);
    if ((f & RW_NOT) || c->tk[0].shape != SH_CAP || elided(c))
        return 0;
    bool place = strcmp(q->label, "PLACE") == 0;
    if (place && (f & RW_FIRST))
        return 0;
    size_t last = rctx_extend(c, 0, NAME_WORDS - 1, false, false);
    if (!drop_cut_initial(c, &last))
        return 0; /* "le ministre J. Smith", Smith a place */
    if (appos && (!apposition_ends(c, q, &back[cue_first], last) ||
                  is_cue_word(c, &c->tk[0])))
        return 0;
    *next = c->tk[last].end;
    return rctx_give_rule(c, c->tk[0].start, *next, q->label,
                          appos ? r->r_apposition : q->rule) < 0
               ? -1 : RULE_FOUND;
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

/* May a suffix begin at token j: a capitalised word, after a space, that
 * is the first word of some suffix? */
static bool suffix_may_start(actx *c, size_t j)
{
    rtok *t = rctx_fwd(c, j);
    return t && t->cls == TOK_WORD && is_name_word(t) &&
           rctx_gap_of(c, c->tk[j - 1].end, t->start) == GAP_SPACE &&
           (rctx_tok_flags(c, t) & RW_SUFFIX_FIRST);
}

/* The longest suffix at token j: tokens j, j + 1... with nothing between
 * them ("S.A."), ending by the limit.  Its cue, its length in tokens in
 * *n; NULL when there is none. */
static const rt_slot *suffix_at(actx *c, size_t j, size_t *n)
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

/* Is the token before `start` a capitalised word that may begin an
 * organisation's name, on the same line?  Then it is in *b. */
static bool name_word_before(actx *c, size_t start, rtok *b)
{
    if (!rctx_back_tok(c, start, c->last_end, b) || !is_name_word(b) ||
        (rctx_tok_flags(c, b) & RW_NOT))
        return false;
    enum gap g = rctx_gap_of(c, b->end, start);
    return g == GAP_SPACE || g == GAP_JOIN;
}

/* Where an organisation's name begins: back from the candidate over the
 * capitalised words before it, and "&" between two ("Procter & Gamble
 * SA"). */
static size_t suffix_name_start(actx *c)
{
    size_t start = c->tk[0].start;
    rtok b;
    for (size_t words = 1; words < ORG_WORDS; words++) {
        if (name_word_before(c, start, &b)) {
            start = b.start;
            continue;
        }
        rtok amp;
        if (!rctx_back_tok(c, start, c->last_end, &amp) ||
            !joining_punct(c, &amp) ||
            rctx_gap_of(c, amp.end, start) != GAP_SPACE ||
            !name_word_before(c, amp.start, &b))
            break;
        start = b.start;
        words++;
    }
    return start;
}

/* Capitalised words and an organisation suffix: "Orange SA", "X Inc.".
 * The candidate is the word before the suffix (a suffix is written with a
 * capital); the name goes back over the capitalised words before it. */
static int rule_suffix(actx *c, size_t *next)
{
    size_t n = 0, m = 0;
    const rt_slot *cue = suffix_may_start(c, 1) ? suffix_at(c, 1, &n) : NULL;
    if (!cue || (rctx_tok_flags(c, &c->tk[0]) & RW_NOT))
        return 0;
    /* more suffixes: "Kountaya Holding SA" when Holding and SA both are */
    const rt_slot *more;
    while (suffix_may_start(c, n + 1) && (more = suffix_at(c, n + 1, &m))) {
        cue = more;
        n += m;
    }
    size_t start = suffix_name_start(c);
    const rule_cue *q = &c->r->cues[cue->val];
    *next = c->tk[n].end;
    return rctx_give_rule(c, start, *next, q->label, q->rule) < 0
               ? -1 : RULE_FOUND;
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
        ((f & RW_HEAD_FIRST) && (rc = rule_head(c, next)) != 0) ||
        ((m & RULE_M_BEFORE) && (rc = rule_before(c, next)) != 0) ||
        ((m & RULE_M_LIST) && (rc = rule_list(c, next)) != 0) ||
        ((m & RULE_M_SUFFIX) && (rc = rule_suffix(c, next)) != 0) ||
        ((f & RW_FAMILY_FIRST) && family_spaced(c) &&
         (rc = rule_first_name(c, c->r->r_family, next)) != 0) ||
        ((m & RULE_M_LINE) && (rc = rctx_rule_dateline(c, next)) != 0))
        return rc < 0 ? -1 : 0;
    *next = w->end;
    return 0;
}
