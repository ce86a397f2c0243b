/*
 * rules_ctx.h -- what the parts of rules_apply() share: the
 * context of one call (actx), the tokens the rules look at, and the
 * helpers all of them need.  Internal to rules_scan.c (the pass over the
 * capitals and its filter), rules_spans.c (the spans it gives out),
 * rules_tokens.c (the tokens around a capital), rules_apply.c (the rules
 * of persons' and places' names), rules_cue.c (cues before a name),
 * rules_org.c (organisations' names), rules_dateline.c (datelines and
 * acronyms), rules_doc.c (the names of a document) and rules_lower.c
 * (words written in lower case nearby).
 *
 * Invariants of an actx, kept by the pass and relied on by the rules:
 *  - tk[0] is the capitalised word at hand; tk[1..nt) are the tokens after
 *    it, taken from `ts` as a rule asks for them (rctx_fwd), RULE_MAX_TOKS at
 *    most.  A token's offsets are bytes of `text`.
 *  - Spans are given in order: a span starts at or after last_end and ends
 *    by `limit`, the start of the next gazetteer span (the text's end when
 *    none is left), so it never overlaps one.
 *  - (cur_b, cur_c, cur_u) is a position whose code point and UTF-16
 *    offsets are known; it only moves forward.
 * Small helpers the pass calls for each capital are static inline here, so
 * that they stay in the caller's translation unit.
 */
#ifndef GAZTAG_RULES_CTX_H
#define GAZTAG_RULES_CTX_H

#include "gazfile.h"
#include "rules.h"
#include "tokenize.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__) && \
    !defined(GAZTAG_NO_SIMD)
#include <immintrin.h>
/* The pass's walks over the text have AVX2 versions (rules_walk.c,
 * rules_lower.c), used where rctx_avx2() says. */
#define RULES_AVX2 1
#endif

enum shape { SH_OTHER, SH_LOWER, SH_CAP, SH_UPPER };
enum gap { GAP_NONE, GAP_JOIN, GAP_SPACE, GAP_BREAK };

#define RULE_MAX_TOKS 24        /* tokens looked at after a capital */
#define RULE_KEY_MAX 64         /* longer words have no key here */

/* A rule's answer: found, a span ending at *next; not found: 0; -1: no
 * memory. */
#define RULE_FOUND 1

/* What the filter says may fire at a capital (rules_scan.c's
 * worth_a_look(), read by rctx_try_rules()). */
#define RULE_M_SELF 0x01u       /* a given name or organisation word */
#define RULE_M_DOC 0x02u        /* a name of the document */
#define RULE_M_BEFORE 0x04u     /* a cue before it */
#define RULE_M_SUFFIX 0x08u     /* an organisation suffix after it */
#define RULE_M_LINE 0x10u       /* first on its line: a dateline */
#define RULE_M_PAREN 0x20u      /* in capitals after "(": an acronym */
#define RULE_M_LIST 0x40u       /* a few bytes after a place: "et de X" */

/* The most bytes between a place and the next of a list: " et d’". */
#define RULE_LIST_GAP 16

typedef struct rtok {
    size_t start, end; /* bytes of the text */
    uint8_t cls;       /* TOK_WORD, TOK_PUNCT */
    uint8_t shape;     /* enum shape, computed with the token */
    bool ascii;
    bool have_flags;
    uint32_t flags; /* RW_*, once have_flags */
} rtok;

/* The code points that may be capitals, by their first two bytes, as
 * rctx_capital_at() asks: two[cp >> 3] bit cp & 7 for a code point cp
 * below U+0800 (a 2-byte sequence: its lead's low 5 bits and its second
 * byte's low 6 make cp); three[b >> 3] bit b & 7 for the block of 64 code
 * points b = cp >> 6 below U+10000 (a 3-byte sequence's lead's low 4 bits
 * and its second byte's low 6) when it holds a capital.  The 4-byte ones
 * are not told apart. */
typedef struct rctx_capitals {
    uint8_t two[0x800 / 8];
    uint8_t three[0x10000 / 64 / 8];
} rctx_capitals;

typedef struct actx {
    rules_state *st;
    const gaztag_rules *r;
    const char *text;
    size_t len;
    size_t base_b, base_c, base_u;
    gaztag_span *in; /* (a span may be changed: rctx_as_person()) */
    size_t n_in, gi;
    size_t limit;    /* the next gazetteer span's start: rule spans end before */
    size_t last_end; /* end of the last span given out */
    size_t place_end; /* end of the last PLACE span given out (0: none) */
    size_t cur_b, cur_c, cur_u; /* a position whose offsets are known */
    bool propagate;
    bool nomem;     /* a key could not be made: the call fails */
    bool sol;       /* the text begins a line (not a piece mid-line) */
    tok_stream ts;  /* forward tokens from the candidate */
    size_t ts_at;
    rtok tk[RULE_MAX_TOKS];
    size_t nt;
    bool ts_done;
    struct cand_iter *it; /* the capitals to look at; NULL: every one */
    const rctx_capitals *capitals; /* rctx_capital_tables() */
    /* The last labels asked of label_is() (round robin), and what each
     * is (LABEL_ bits): a text's spans share a few label strings. */
    const char *lab[4];
    uint8_t lab_kind[4];
    unsigned lab_next;
} actx;

#ifdef RULES_AVX2
/* Use the AVX2 walks: the CPU has AVX2, and the tests did not ask for
 * the others (tagger_rules_walk_level()). */
static inline bool rctx_avx2(const actx *c)
{
    return c->st->walk_level < RULES_WALK_BASELINE &&
           __builtin_cpu_supports("avx2");
}

/* Use the walk over capitals with AVX-512 (byte-wise and VBMI's table
 * look-ups): the CPU has them, and the tests did not ask for less. */
static inline bool rctx_avx512(const actx *c)
{
    return c->st->walk_level == RULES_WALK_BEST &&
           __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vbmi");
}
#endif

/* ----------------- rules_cands.c: the capitals the scan's words point at */

/* The capitals worth a look, when the tagger's scan found the rules'
 * words: those its hits point at (st->cand, in order), and those found as
 * the pass goes, after a place (the gazetteer's or a rule's) and the
 * mentions of the document's names (st->heap), with every capital of a
 * non-ASCII letter once it knows names. */
#define CAND_CLASSES 28 /* a letter, a byte from 0x80, any other */
/* A document's name looked for in the rest of the text: its first
 * word's first letter as a capital, and the next two letters of its key
 * (0: none), compared in either case (a byte from 0x80 in the text
 * passes: the filter settles it).  (rules_names.c) */
typedef struct rules_needle {
    uint8_t cap, k1, k2;
} rules_needle;

/* At most this many names learnt since the walk found its next capital
 * are looked for each by its bytes up to it, not by walking again. */
#define CAND_FRESH 8

typedef struct cand_iter {
    size_t n, ci;   /* st->cand[0..n), in order; the next at ci or after */
    size_t nh;      /* st->heap[0..nh), a binary heap on pos */
    size_t nn;      /* st->needles[0..nn) */
    size_t cur;     /* where the pass is */
    size_t seen_place;
    bool high;      /* also every capital of a non-ASCII letter (a
                     * document's names may be written so) */
    size_t high_at; /* the next of them, when high_known (the pass only
                     * goes forward) */
    bool high_known;
    /* Too many names to look for each by its bytes: one walk over the
     * capitals A-Z, for those whose next two bytes are marked in tri
     * (rules_walk.c, tri_passes()), the next of them at walk_at when
     * walk_known. */
    bool walk, walk_known;
    size_t walk_at;
    /* The names learnt since walk_at was found (when walk_known): each is
     * looked for by its bytes from the pass's place to walk_at. */
    rules_needle fresh[CAND_FRESH];
    unsigned n_fresh;
    /* Counts the names that begin a new needle or walk mark (a capital
     * may then come sooner: rctx_cand_next()). */
    unsigned news;
    bool nomem;
    /* The capitals A-Z marked in tri, as the walk with AVX2 tests them 32
     * bytes at a time: bit 0 of letters[k] for the capital 0x40 + k, bit
     * 1 for 0x50 + k (rules_walk.c, rctx_walk_mark()). */
    uint8_t letters[16];
    /* The capitals A-Z marked in tri with the class of the byte after
     * them, as the walk with AVX-512 looks them up 64 bytes at a time:
     * bit k of pairs[32 * g + c - 'A'] when tri has a bit for c and class
     * 8 * g + k (rules_walk.c, rctx_walk_mark()). */
    uint8_t pairs[128];
    /* (last: the walk clears it when it starts, rctx_cand_start() not) */
    uint32_t tri[26 * CAND_CLASSES];
} cand_iter;

/* Start c->it = it from the hits of the text and the names the document
 * knows (it->nomem when memory ran out). */
void rctx_cand_start(actx *c, cand_iter *it, const rules_hits *hits);
/* The next capital to look at, at or after pos (len: none), the
 * gazetteer's spans before it passed; *names_only when only the walk for
 * the document's names gave it (no other rule's filter lets it through). */
size_t rctx_cand_next(actx *c, size_t pos, bool *names_only);
/* Put the capital at pos on the heap of those found as the pass goes:
 * after a place (needle UINT32_MAX), or the next mention of needle k
 * (rules_names.c); it->nomem when memory ran out. */
void rctx_heap_push(actx *c, size_t pos, uint32_t needle);
/* Take the needles' mentions off the heap (the walk finds them now). */
void rctx_heap_drop_needles(actx *c);

/* ------------- rules_names.c: the later mentions of the document's names */

/* Look for the names the document knows (c->it just started). */
void rctx_names_start(actx *c);
/* The document learnt a name whose first word's key is key[0..len): its
 * later mentions are capitals to look at. */
void rctx_new_prefix(actx *c, const char *key, size_t len);
/* The document forgot names (rules_doc_forget()): the walk looks for
 * those left only (the needles go on to the text's end). */
void rctx_names_again(actx *c);
/* The next mention of needle k at or after i, or len. */
size_t rctx_needle_next(const actx *c, uint32_t k, size_t i);
/* The next capital at or after pos that the walk over the capitals, or
 * the one over capitals of non-ASCII letters, keeps, or len (the needles'
 * mentions are on the heap). */
size_t rctx_names_next(actx *c, size_t pos);

/* ------------ rules_walk.c: the walks over the text for the names' capitals */

/* Mark needle nd for the walk (it->tri, letters, pairs): the classes of
 * the two bytes after its capital that may begin one of its mentions (a
 * byte from 0x80 may be any letter). */
void rctx_walk_mark(cand_iter *it, const rules_needle *nd);
/* No capital marked for the walk. */
void rctx_walk_clear(cand_iter *it);
/* The next capital A-Z that begins a word at or after i and may begin a
 * mention of a name marked (rctx_walk_mark()), or of a non-ASCII letter
 * that begins a word, or len. */
size_t rctx_walk_next(const actx *c, size_t i);
/* The next capital of a non-ASCII letter that begins a word, at or after
 * i, or len. */
size_t rctx_high_next(const actx *c, size_t i);

/* (rules_scan.c) Does a word begin at i (no letter or digit before it)? */
bool rctx_word_start(const actx *c, size_t i);
/* (rules_scan.c) The token before `pos` for the filter: [*start, *end),
 * whether a word and ASCII; false at the start of the text or a line. */
bool rctx_filter_back(const actx *c, size_t pos, size_t *start, size_t *end,
                      bool *word, bool *ascii);

/* ------------------------------------------------- rules_tokens.c: tokens */

/* The enum shape of token t of text. */
uint8_t rctx_shape_of(const char *text, const rtok *t);
/* The key of a token into buf (RULE_KEY_MAX bytes at least); 0 when too long
 * or on no memory (no key: no rule looks at it; c->nomem says which). */
size_t rctx_word_key_f(actx *c, const rtok *t, char *buf, unsigned flags);
/* The filter hash of the key of word [a, b) (with `flags`), its key in
 * key[]; 0 when it has none (too long, no memory). */
uint64_t rctx_word_fh(actx *c, size_t a, size_t b, bool ascii,
                      unsigned flags, char *key, size_t *klen);
/* The RW_* flags of a token's word, looked up once and kept in it. */
uint32_t rctx_tok_flags(actx *c, rtok *t);
/* Token i after the candidate (0 is the candidate), or NULL past the end. */
rtok *rctx_fwd(actx *c, size_t i);
/* The kind of the bytes between two tokens. */
enum gap rctx_gap_of(const actx *c, size_t from, size_t to);
/* The token that ends at or before `pos`, not before `floor`. */
bool rctx_back_tok(actx *c, size_t pos, size_t floor, rtok *out);
/* Is the capital at `pos` the first word of a sentence: after . ! ? or …,
 * or first on its line, with only spaces, quotes and brackets between? */
bool rctx_sentence_start(actx *c, size_t pos);

/* -------------------------------------------------- rules_apply.c: rules */

/* Give a rule's span [start, end) of `label`, found by `rule`.  0 or -1. */
int rctx_give_rule(actx *c, size_t start, size_t end, const char *label,
                   const char *rule);
/* Extend a name from token i over capitalised words (and, with
 * `connectors`, "de la" and the like between them) joined by spaces or
 * hyphens, max_words at most: the index of its last word.  `not_ok`:
 * words that are never names may be part of it. */
size_t rctx_extend(actx *c, size_t i, size_t max_words, bool connectors,
                   bool not_ok);
/* A phrase key of the words tk[from..to] into buf (cap bytes), or 0. */
size_t rctx_phrase_of(actx *c, size_t from, size_t to, char *buf, size_t cap);

/* The helpers of the names' rules, shared with rules_cue.c: */
#define NAME_WORDS 4 /* a person's or place's words at most */
/* Token j an initial inside a name ("John F. Kennedy"): INITIAL_IN, or
 * INITIAL_CUT when the word after it is a gazetteer's. */
enum initial { INITIAL_NONE, INITIAL_IN, INITIAL_CUT };
enum initial rctx_initial_at(actx *c, size_t j);
/* Drop a name's last word at *last when it is a cut initial ("John F.
 * Smith": "John"); false when no word is left. */
bool rctx_drop_cut_initial(actx *c, size_t *last);
/* Are tokens from..last one given name ("Moussa", "Jean-Luc")? */
bool rctx_one_given_name(actx *c, size_t from, uint32_t flags, size_t last);
/* Is the word ending at `end` cut by a hyphen at its line's end? */
bool rctx_cut_at_line_end(const actx *c, size_t end);
/* May a person's name end on token y, a one-word gazetteer span that
 * yields ("Jacques Chirac"), going on to *after at most? */
bool rctx_takes_yielding(actx *c, size_t y, size_t *after);
/* Is capitalised word t one the text around writes in lower case? */
bool rctx_common_word(actx *c, const rtok *t);

/* (rules_org.c) Do capitalised words from token j on (spaces between, `max`
 * at most) reach a word that begins or ends organisations' or places'
 * names ("Bush Administration", "and South Pacific Regional Environment
 * Programme")? */
bool rctx_caps_reach_org_word(actx *c, size_t j, size_t max);

/* (rules_cue.c) A cue before the name: a title's, a civility's, a place
 * word's, a lead cue's ("le ministre X", "à X", "le ministère de la X").
 * RULE_FOUND, with the span's end in *next; 0; or -1: no memory. */
int rctx_rule_before(actx *c, size_t *next);
/* The rules the filter's answer `m` allows, for the capitalised word
 * [pos, wend): *next is where the pass goes on.  0, or -1: no memory. */
int rctx_try_rules(actx *c, size_t pos, size_t wend, bool ascii, unsigned m,
                   size_t *next);

/* ------------------------------------------ rules_org.c: organisations */

/* An organisation word that begins the name, at the candidate: "Consortium
 * X", "Ministère de la Santé", "la Cour des comptes".  RULE_FOUND, 0 or
 * -1 (a rule's answer). */
int rctx_rule_head(actx *c, size_t *next);
/* A lead cue q of `words` words from `start` right before the candidate:
 * they begin the organisation's name, which goes on as after a head cue
 * ("le ministère de la Défense", "la direction nationale des Mines et de
 * la Géologie").  RULE_FOUND or -1. */
int rctx_rule_lead(actx *c, const rule_cue *q, size_t start, size_t words,
                   size_t *next);
/* Capitalised words and an organisation suffix: "Orange SA", "X Inc.".
 * The candidate is the word before the suffix (a suffix is written with a
 * capital); the name goes back over the capitalised words before it.
 * RULE_FOUND, 0 or -1. */
int rctx_rule_suffix(actx *c, size_t *next);
/* The longest suffix at token j: tokens j, j + 1... with nothing between
 * them ("S.A."), ending by the limit.  Its cue, its length in tokens in
 * *n; NULL when there is none. */
const rt_slot *rctx_suffix_at(actx *c, size_t j, size_t *n);

/* ------------------------------ rules_dateline.c: datelines and acronyms */

/* Is `pos` first on its line (spaces before it at most)? */
bool rctx_line_start(const actx *c, size_t pos);
/* After the first word of a line, at i: may the rest of a dateline follow
 * (after at most two more capitalised words): a comma and a date, or an
 * agency in parentheses and a dash?  rctx_rule_dateline() decides; this
 * settles most lines for the filter. */
bool rctx_dateline_ahead(actx *c, size_t i);
/* After byte i, spaces then a dash (-, en dash, em dash) or a colon? */
bool rctx_dash_after(const actx *c, size_t i);
/* A dateline at the candidate: RULE_FOUND, 0 or -1 (a rule's answer). */
int rctx_rule_dateline(actx *c, size_t *next);
/* An acronym in parentheses at the candidate: RULE_FOUND, 0 or -1. */
int rctx_rule_acronym(actx *c, size_t *next);
/* Do the initials of the words before `open` (a "(", on its line,
 * connectors aside) spell acronym acr?  Then the words' bytes in
 * span[0..1] (the first's start, the last's end) and whether the first is
 * capitalised in *cap. */
bool rctx_acronym_spells(actx *c, const rtok *acr, size_t open,
                         size_t span[2], bool *cap);

/* --------------------------------------------------- rules_spans.c: spans */

/* Pass the gazetteer spans that end by `pos` (what they teach the
 * document is learnt).  0 or -1. */
int rctx_pass_gazetteer(actx *c, size_t pos);
/* The last span given out, the gazetteer's or a rule's (NULL: none). */
const gaztag_span *rctx_last_given(const actx *c);

/* Make span s an inferred one: entry e alone, from `origin` by `rule`
 * (rctx_give(); a gazetteer's span: rctx_as_person(),
 * rctx_take_gazetteer()). */
static inline void rctx_infer_span(gaztag_span *s, const gaztag_entry *e,
                                   unsigned origin, const char *rule)
{
    s->entry = *e;
    s->n_entries = 1;
    s->first_entry = UINT32_MAX;
    s->accepted = NULL;
    s->gazetteer = NULL;
    s->origin = origin;
    s->rule = rule;
}
/* The next gazetteer span (c->in[c->gi], which begins at c->limit) if it
 * is one word [c->limit, *end) whose entries all have GAZTAG_ENTRY_YIELD
 * (`Taft`, five towns):
 * a person's name may take it whole (rctx_take_gazetteer()), and go on to
 * *after at most, where the span after it begins (or the text ends). */
bool rctx_yielding_next(const actx *c, size_t *end, size_t *after);
/* The next gazetteer span, rctx_yielding_next()'s, taken into an inferred
 * span [start, end) around it (start >= last_end, end <= its *after), of
 * the rule's label and name: the span becomes it, and the pass learns it
 * as it goes by. */
void rctx_take_gazetteer(actx *c, size_t start, size_t end,
                         const char *label, const char *rule);
/* Give out an inferred span [start, end) (start >= last_end, end <= limit),
 * learnt for the document when it teaches it something.  0 or -1. */
int rctx_give(actx *c, size_t start, size_t end, const gaztag_entry *e,
              unsigned origin, const char *rule);

/* -------------------------------------------------- rules_scan.c: the pass */

/* Is there a capital letter at s[i] (i < len)?  Its length in *n. */
bool rctx_capital_at(const uint8_t *s, size_t i, size_t len, size_t *n);

/* The tables (made on the first call; then constant). */
const rctx_capitals *rctx_capital_tables(void);

/* Is there a capital that begins a word at i? */
static inline bool rctx_capital_word_at(const actx *c, size_t i)
{
    size_t n;
    const uint8_t *s = (const uint8_t *)c->text;
    if (i >= c->len)
        return false;
    if ((uint8_t)(s[i] - 'A') < 26) /* (A-Z: an ASCII byte before says) */
        return i == 0 || (s[i - 1] < 0x80 ? tok_byte_class[s[i - 1]] != TOK_B_WORD
                                          : rctx_word_start(c, i));
    return s[i] >= 0xC2 && rctx_capital_at(s, i, c->len, &n) &&
           rctx_word_start(c, i);
}

/* -------------------------------------------- rules_doc.c: the document */

/* Learn name key[0..len) of `ntok` tokens, taught by a span that begins
 * at byte `at` of the text, for the rest of the document (st->window).
 * 0 or -1. */
int rctx_learn(actx *c, const char *key, size_t len, unsigned ntok,
               const gaztag_entry *e, size_t at);
/* Forget the names of the document that lapse before byte `at` of it
 * (st->window after the span that last taught each); the pass does
 * it as it goes, and before a piece of a stream.  0, or -1 (no
 * memory: the names are forgotten, their later mentions are not
 * found). */
int rules_doc_forget(rules_state *st, size_t at);
/* (rules_lower.c) Is the key (ASCII letters and digits; a word's
 * lower-case form) a word of the prose within 32 KiB of byte `at` (of the
 * text at hand: a piece of a stream)?  Then it is a common word ("German
 * Government": "the government"; "la Boîte à Outils": "les outils"), not a
 * last name nor a place's name. */
bool rctx_lower_near(const actx *c, const char *key, size_t kl, size_t at);
/* Learn what span s = [start, end) teaches the rest of its document.  0 or
 * -1. */
int rctx_learn_span(actx *c, const gaztag_span *s, size_t start, size_t end);
/* The class of an ASCII byte of a key (or of a text's ASCII letter,
 * folded) in rules_state.doc_one_pairs: a small letter's own, 26 for any
 * other. */
static inline unsigned doc_first_class(uint8_t b)
{
    return (uint8_t)(b - 'a') < 26 ? (unsigned)(b - 'a') : 26u;
}

/* May the text's [start, end) be a name of one word of the document, by
 * its first two bytes (rules_state.doc_one_pairs)?  An ASCII letter's key
 * begins with it in lower case; after one, a byte of another kind may key
 * as anything, and so may a first byte from 0x80. */
static inline bool rctx_one_word_may(const actx *c, size_t start, size_t end)
{
    const uint8_t *s = (const uint8_t *)c->text;
    if (s[start] >= 0x80)
        return true;
    uint32_t seconds = c->st->doc_one_pairs[doc_first_class(
        (uint8_t)(s[start] - 'A') < 26 ? (uint8_t)(s[start] | 0x20)
                                       : s[start])];
    if (end - start > 1 && s[start + 1] < 0x80 &&
        (uint8_t)((s[start + 1] | 0x20) - 'a') < 26)
        return (seconds >> ((s[start + 1] | 0x20) - 'a') | seconds >> 26) & 1;
    return seconds != 0;
}

/* A gazetteer span s of one word, with a label that is not a person's,
 * that is the last name of a person of the document becomes that person:
 * whether it did.  (The pass asks it with propagation on, while the
 * document knows names, of the spans rctx_one_word_may() lets by.) */
bool rctx_as_person(actx *c, gaztag_span *s, size_t start, size_t end);
/* May the word that ends at wend, of filter hash h (the first word of a
 * name of the document), begin one here: a name of one word, or the first
 * two words of a longer one? */
bool rctx_doc_may(actx *c, uint64_t h, size_t wend);
/* A name said before, at the candidate: RULE_FOUND, 0 or -1 (rule's answer). */
int rctx_rule_document(actx *c, size_t *next);

/* ------------------------------------------------------- shared, inline */

/* The length of a hyphen at byte i of the text (-, U+2010 HYPHEN, U+2011
 * NON-BREAKING HYPHEN): 1 or 3; 0 when there is none. */
static inline size_t hyphen_len(const actx *c, size_t i)
{
    const uint8_t *s = (const uint8_t *)c->text;
    if (i < c->len && s[i] == '-')
        return 1;
    return i + 2 < c->len && s[i] == 0xE2 && s[i + 1] == 0x80 &&
                   (s[i + 2] == 0x90 || s[i + 2] == 0x91)
               ? 3
               : 0;
}

/* Is t a capital letter alone ("J", "M")? */
static inline bool lone_capital(const rtok *t)
{
    return t->end - t->start == 1 && t->shape == SH_CAP;
}

/* Is `label` (not NULL) "PERSON"? */
static inline bool is_person_label(const char *label)
{
    return strcmp(label, "PERSON") == 0;
}

#define LABEL_PERSON 1u
#define LABEL_PLACE 2u

/* Is `label` a person's (LABEL_PERSON) or a place's (LABEL_PLACE)?  The
 * spans of a text share a few label strings: the answers for the last
 * four are kept. */
static inline bool label_is(actx *c, const char *label, unsigned kind)
{
    for (unsigned k = 0; k < 4; k++)
        if (c->lab[k] == label)
            return (c->lab_kind[k] & kind) != 0;
    unsigned k = c->lab_next++ & 3;
    c->lab[k] = label;
    c->lab_kind[k] = (uint8_t)((is_person_label(label) ? LABEL_PERSON : 0) |
                               (strcmp(label, "PLACE") == 0 ? LABEL_PLACE : 0));
    return (c->lab_kind[k] & kind) != 0;
}


static inline bool is_upper_cp(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static inline size_t word_key(actx *c, const rtok *t, char *buf)
{
    return rctx_word_key_f(c, t, buf, 0);
}

static inline void make_tok(actx *c, rtok *t, size_t start, size_t end,
                            uint8_t cls, bool ascii)
{
    t->start = start;
    t->end = end;
    t->cls = cls;
    t->ascii = ascii;
    t->have_flags = false;
    t->shape = rctx_shape_of(c->text, t);
}

/* Is t a capitalised or upper-case word (not NULL)? */
static inline bool is_name_word(const rtok *t)
{
    return t && (t->shape == SH_CAP || t->shape == SH_UPPER);
}

/* Is token t the word w, as written? */
static inline bool is_word(const actx *c, const rtok *t, const char *w)
{
    size_t n = strlen(w);
    return t->end - t->start == n && memcmp(c->text + t->start, w, n) == 0;
}

/* Is word t a French article (le, la, les, l’), in any case ("Le")? */
static inline bool french_article(actx *c, const rtok *t)
{
    char key[RULE_KEY_MAX];
    size_t kl = rctx_word_key_f(c, t, key, GAZTAG_KEEP_ACCENTS);
    return (kl == 1 && key[0] == 'l') ||
           (kl == 2 && key[0] == 'l' && (key[1] == 'e' || key[1] == 'a')) ||
           (kl == 3 && memcmp(key, "les", 3) == 0);
}

/* Is token t a preposition that begins a complement ("de", "du", "des",
 * "d’", "of")? */
static inline bool complement_prep(const actx *c, const rtok *t)
{
    return is_word(c, t, "d") || is_word(c, t, "de") ||
           is_word(c, t, "du") || is_word(c, t, "des") || is_word(c, t, "of");
}

static inline bool space_or_join(actx *c, const rtok *a, const rtok *b)
{
    enum gap g = rctx_gap_of(c, a->end, b->start);
    return g == GAP_SPACE || g == GAP_JOIN;
}

/* The code point before byte `pos` (> 0) and where it starts. */
static inline int32_t cp_before(const actx *c, size_t pos, size_t *at)
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
static inline enum tok_byte kind_of(int32_t cp)
{
    if (cp >= 0 && cp < 0x80)
        return (enum tok_byte)tok_byte_class[cp];
    return tok_cp_kind_ready(cp);
}

/* The end of the word at `a`; *ascii says whether it is all ASCII. */
static inline size_t word_end(const actx *c, size_t a, bool *ascii)
{
    const uint8_t *s = (const uint8_t *)c->text;
    size_t i = a;
    *ascii = true;
    i = gzf_alnum_run8(s, i, c->len); /* (most words end in 8 bytes) */
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

#endif
