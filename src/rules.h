/*
 * rules.h -- the rules layer: its data (rules.c) and how a tagger applies
 * it to a text's gazetteer spans (rules_scan.c, rules_cands.c,
 * rules_names.c, rules_walk.c, rules_spans.c, rules_tokens.c,
 * rules_apply.c, rules_cue.c, rules_org.c, rules_dateline.c, rules_doc.c,
 * rules_lower.c).
 *
 * Words and cue phrases are kept under their keys, the tagger's
 * normalisation of their tokens joined by one space ("l'ancien ministre"
 * is "l ancien ministre"), in string tables (rtable.h).
 */
#ifndef GAZTAG_RULES_H
#define GAZTAG_RULES_H

#include "gaztag.h"
#include "normalize.h"
#include "rtable.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* What a single word is, in rtable `words` (flags may combine). */
#define RW_FIRST 0x01u       /* a given name */
#define RW_NOT 0x02u         /* never a name on its own */
#define RW_CONNECTOR 0x04u   /* may join the words of a name: de, of */
#define RW_MONTH 0x08u       /* a month, for datelines */
#define RW_TRAIL 0x10u       /* may end an organisation's name after a
                              * capitalised word: étrangères, suprême */
#define RW_HEAD_FIRST 0x20u  /* the first word of a `head` cue */
#define RW_SUFFIX_FIRST 0x40u /* the first word of a `suffix` cue */
#define RW_FAMILY_FIRST 0x80u /* a family name written before the given
                               * name: Xi (Xi Jinping), Yoon */
#define RW_COMPLEMENT 0x100u  /* a head word whose name may end on words in
                               * lower case: Cour (la Cour des comptes) */
#define RW_TERM 0x200u        /* ends a common term, not an organisation's
                               * name: Product (Gross Domestic Product) */

/* What a word the matcher's scan finds is to the rules' pass (rtable
 * `trig`, match.h's hits): where the capitals worth a look are. */
#define TRIG_SELF 0x01u   /* itself: a given name, a head word */
#define TRIG_BEFORE 0x02u /* after it: a cue's word ("ministre", "ville") */
#define TRIG_SUFFIX 0x04u /* the word before it: "SA", "Ltd" */
#define TRIG_MONTH 0x08u  /* its line's first word: a dateline's date */
/* A mark found by its bytes, its kind TRIG_MARK and one of the values
 * below (no other bit): "(" (acronyms, datelines' agencies), "à" (the
 * cue, whose key is the English "a"'s), a capital letter of a cue's
 * one-letter word ("M.", "S.A."). */
#define TRIG_MARK 0x80u
#define TRIG_PAREN (TRIG_MARK | 1u)
#define TRIG_GRAVE (TRIG_MARK | 2u)
#define TRIG_LETTER (TRIG_MARK | 3u)
/* With TRIG_BEFORE: the most tokens of a cue after the word (0 to 7),
 * TRIG_DIST_SHIFT bits up (or-ed over cues: at least the most). */
#define TRIG_DIST_SHIFT 4
#define TRIG_DIST_MASK 0x70u

/* A cue line: what a `before`, `head`, `suffix` or `lead` phrase says. */
typedef struct rule_cue {
    const char *label; /* NULL: a before cue's words that are no cue */
    const char *rule;
    uint8_t shape; /* its first word's as written (rules_ctx.h's enum
                    * shape): with a capital, it matches only text written
                    * with one ("Me X", not "me X"; "Miss X", not "miss
                    * X"); with a capital and then small letters, not text
                    * in capitals throughout, an acronym there ("Ms X", not
                    * "MS Windows") */
    uint8_t caps; /* bit k: its word k after the first is written with a
                   * capital, and so must the text's be ("le Belge X", not
                   * "le belge X"; "ministre de la Défense X") */
    bool lead; /* a `lead` cue: kept with the before cues, but the first
                * words of an organisation's name ("ministère de la X") */
} rule_cue;

/* Filters of the hashes of keys (rt_hash, top bits), so that most
 * capitals of a text are passed over after a few bit tests. */
#define RB_SELF 18  /* given names, organisation words: 32 KiB */
#define RB_SMALL 14 /* cue words: 2 KiB each */
#define RB_DOC 18   /* a document's names: up to 32 KiB each, cleared bit
                     * by bit */
/* A document's filters use their first 2^doc_order bits, from RB_DOC_MIN
 * (512 bytes each: a short document's few names stay in the cache) up to
 * RB_DOC as it learns more names. */
#define RB_DOC_MIN 12

/* The filters' hash of a key: its first 16 bytes and its length (the
 * tables check the whole key).  Cheap enough to be taken of every
 * capitalised word of a text, straight from its bytes when it is ASCII. */
static inline uint64_t fh_words(uint64_t a, uint64_t b, size_t len)
{
    uint64_t h = a * 0x9E3779B97F4A7C15u ^ b * 0xC2B2AE3D27D4EB4Fu ^
                 (uint64_t)len * 0x165667B19E3779F9u;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93u;
    h ^= h >> 29;
    return h;
}

static inline uint64_t fh_hash(const char *key, size_t len)
{
    uint64_t a = 0, b = 0;
    memcpy(&a, key, len < 8 ? len : 8);
    if (len > 8)
        memcpy(&b, key + 8, len < 16 ? len - 8 : 8);
    return fh_words(a, b, len);
}

/* The filters' hash of two words "w2 w1" from their own hashes. */
static inline uint64_t fh_pair(uint64_t h2, uint64_t h1)
{
    uint64_t h = (h2 ^ (h2 >> 31)) * 0xBF58476D1CE4E5B9u + h1;
    h ^= h >> 29;
    h *= 0x94D049BB133111EBu;
    return h ^ (h >> 32);
}

static inline bool rb_test(const uint64_t *bits, unsigned order, uint64_t h)
{
    uint64_t i = h >> (64 - order);
    return (bits[i >> 6] >> (i & 63)) & 1;
}

static inline void rb_set(uint64_t *bits, unsigned order, uint64_t h)
{
    uint64_t i = h >> (64 - order);
    bits[i >> 6] |= (uint64_t)1 << (i & 63);
}

/* The rules' own filters (given names, cue words) take two bits of each
 * hash, both in the 64-bit word its top `order` - 6 bits number, set by
 * two runs of 6 bits from its middle.  A frequent word that shares one
 * bit with a listed word ("Par" with a head word) is still told apart,
 * instead of sending every capital of it to the rules, and a test reads
 * one cache line. */
static inline uint64_t rb_mask2(uint64_t h)
{
    return (uint64_t)1 << ((h >> 16) & 63) | (uint64_t)1 << ((h >> 22) & 63);
}

static inline bool rb_test2(const uint64_t *bits, unsigned order, uint64_t h)
{
    uint64_t m = rb_mask2(h);
    return (bits[h >> (64 - (order - 6))] & m) == m;
}

static inline void rb_set2(uint64_t *bits, unsigned order, uint64_t h)
{
    bits[h >> (64 - (order - 6))] |= rb_mask2(h);
}

struct gaztag_rules {
    uint64_t first_bits[(1u << RB_SELF) / 64]; /* RW_FIRST */
    uint64_t head_bits[(1u << RB_SMALL) / 64]; /* RW_HEAD_FIRST */
    uint64_t prev_bits[(1u << RB_SMALL) / 64]; /* one-word before cues */
    uint64_t mid_bits[(1u << RB_SMALL) / 64];  /* last word of longer ones */
    uint64_t pair_bits[(1u << RB_SMALL) / 64]; /* their last two words */
    uint64_t next_bits[(1u << RB_SMALL) / 64]; /* first word of a suffix */
    rtable words;  /* word key -> RW_* */
    rtable before; /* phrase key -> cue index */
    rtable before_tails; /* the last 1..n-1 words of every before cue */
    rtable head;
    rtable suffix;
    /* The words the pass starts from (TRIG_ kinds), which the tagger's
     * scan finds: given names, head and suffix words, months, and each
     * before cue's longest word that is not one of the commonest
     * ("gardien" of "gardien de but", "ville" of "ville de"). */
    rtable trig;
    bool trig_grave_a; /* the cue "à" by itself: the scan finds "à" by its
                        * bytes (TRIG_GRAVE) */
    uint32_t trig_dotted; /* the letters of cues' one-letter words ("M.",
                           * "S.A."), bit 0 for a: the scan finds each such
                           * capital as a token (TRIG_LETTER) */
    bool trig_none;    /* a cue of such words only: no words to start
                        * from, the pass looks at every capital */
    rule_cue *cues;
    size_t n_cues, cues_cap;
    char **strs; /* interned labels and rule names, each its own block */
    size_t n_strs, strs_cap;
    unsigned max_before, max_head, max_suffix; /* longest cue, in tokens */
    unsigned max_closed; /* longest word before a cue's final "." or ")",
                          * in bytes of its key */
    /* The built-in rules' labels and names. */
    const char *person, *place, *org, *outlet;
    const char *r_first, *r_family, *r_dateline, *r_acronym, *r_propagation,
        *r_list, *r_apposition;
    norm_scratch scratch, scratch_acc; /* loading; with accents kept */
    char error[512];
};

/* One entry that a document learnt: a later mention gets it.  A last name
 * from an inferred person is first looked for in lower case (`check`). */
enum { DOC_SURE, DOC_CHECK, DOC_REFUSED };
typedef struct rules_doc_entry {
    gaztag_entry entry;
    size_t last;   /* where the span that taught it last began (bytes from
                    * the document's start): it lasts st->window after */
    uint8_t check; /* DOC_SURE, DOC_CHECK, DOC_REFUSED */
    uint8_t ntok;  /* its words (up to 8) */
} rules_doc_entry;

/* A word's flags in the rules' `words` table, kept for its key (of up to
 * 16 bytes, zero-padded): the words near capitals repeat from document to
 * document, and the table (some 400 KB) is rarely in the cache. */
#define RULES_WORD_MEMO 1024 /* entries, a power of two */
typedef struct rules_word_memo {
    uint64_t key[2];
    uint32_t flags;
    uint8_t len; /* 0: empty */
} rules_word_memo;

/* A tagger's rules scratch, kept from call to call. */
typedef struct rules_state {
    uint64_t doc_bits[(1u << RB_DOC) / 64]; /* first words of doc's names */
    uint64_t doc_one[(1u << RB_DOC) / 64];  /* its names of one word */
    uint64_t doc_two[(1u << RB_DOC) / 64];  /* the first two words of the
                                             * others (fh_pair) */
    uint32_t *doc_set; /* the top 24 bits of each hash marked, to clear
                        * them and to mark them again at a larger order
                        * (| filter << 24) */
    unsigned doc_order; /* the filters' bits in use: 2^doc_order */
    /* The first two bytes of the keys of doc_one's names: bit k of
     * doc_one_pairs[doc_first_class(first)] for the second, the small
     * letter 'a' + k, or 26 for any other (doc_learn()). */
    uint32_t doc_one_pairs[27];
    size_t n_doc_set, doc_set_cap;
    /* Keys of words, folded and with accents kept (a scratch keeps the
     * table of one folding). */
    norm_scratch scratch, scratch_acc;
    /* The rules' and the document's spans of the last call, in order, and
     * for each the number of input spans before it (rules_merge()). */
    gaztag_span *out;
    size_t n_out, out_cap;
    size_t *out_at;
    size_t out_at_cap;
    rtable doc; /* key of a name or last name -> index in entries */
    rules_doc_entry *entries;
    size_t n_entries, entries_cap;
    unsigned max_doc_tokens;
    /* How far a name is propagated after the span that taught it (bytes;
     * 0: to the document's end), and where the first of the names learnt
     * lapses (SIZE_MAX: none; rules_doc_forget()). */
    size_t window, lapse_at;
    struct rules_doc_kept *kept; /* rules_doc_forget()'s scratch */
    size_t kept_cap;
    char *kept_keys;
    size_t kept_keys_cap;
    char buf[512]; /* phrase keys */
    rules_word_memo word_memo[RULES_WORD_MEMO]; /* rules_forget_words() */
    /* The pass's capitals to look at, when it starts from the matcher's
     * hits (rules_scan.c): kept from call to call. */
    size_t *cand;
    size_t cand_cap;
    struct rules_heap_item *heap;
    size_t heap_cap;
    struct rules_needle *needles;
    size_t needles_cap;
    uint8_t walk_level; /* RULES_WALK_ (tagger_rules_walk_level()) */
} rules_state;

void rules_state_init(rules_state *st);
void rules_state_free(rules_state *st);
/* A new document: forget its names. */
void rules_state_reset(rules_state *st);
/* Forget the words' flags kept (the tagger's rules changed). */
void rules_forget_words(rules_state *st);

/* The rules' words the matcher's scan found in the text (match.h's
 * hits, in order; `found` false when it did not look for them: the pass
 * then looks at every capital). */
typedef struct rules_hits {
    const struct match_hit *hit;
    size_t n;
    bool found;
} rules_hits;

/* The rules' spans of text[0..len) (`in`, n_in gazetteer spans,
 * leftmost-longest, offsets from the stream start `base`), in st->out
 * for rules_merge(); a gazetteer span that the document shows to be a
 * person's name is changed in place.  `sol`: the text begins a line (the
 * start of a stream, or a piece that follows a line break).  Returns 0
 * or -1 (no memory). */
int rules_apply(rules_state *st, const gaztag_rules *r, const char *text,
                size_t len, size_t base_bytes, size_t base_cps,
                size_t base_units, gaztag_span *in, size_t n_in,
                const rules_hits *hits, bool propagate, bool sol);

/* Put the spans of the last rules_apply() among its input spans, the
 * first *n of *arr (*cap allocated, grown as needed), in place: those
 * before the first rule's span do not move.  0, or -1 (no memory: *arr
 * unchanged). */
int rules_merge(const rules_state *st, gaztag_span **arr, size_t *n,
                size_t *cap);

/* (tagger.c) For tests: tagger t's rules pass looks at every capital of
 * a text (`every`), as a layered tagger's does, instead of those its
 * scan's words point at.  Both give the same spans. */
void tagger_rules_every_capital(gaztag_tagger *t, bool every);
/* The code of the rules pass's walks over the capitals (A-Z for the
 * document's names, of non-ASCII letters) and its search for a last name
 * in lower case: the best the CPU has (AVX-512 with VBMI, else AVX2, on
 * x86-64), at most AVX2, or the code for any x86-64 CPU. */
enum { RULES_WALK_BEST, RULES_WALK_AVX2, RULES_WALK_BASELINE };
/* (tagger.c) For tests: tagger t's rules pass walks with the code of
 * `level` (RULES_WALK_) or below, where the CPU has it.  Every level gives
 * the same spans. */
void tagger_rules_walk_level(gaztag_tagger *t, int level);

/* Code points and UTF-16 units of text[from..to), counted as the
 * tokenizer counts them (an ill-formed part is one of each). */
void rules_count(const char *text, size_t len, size_t from, size_t to,
                 size_t *cps, size_t *units);

#endif
