/*
 * match.h -- longest match of gazetteer phrases over a token stream.
 *
 * Two paths.  The fast scan finds tokens by bit scans over masks of 64
 * bytes at a time (letters and digits, non-ASCII bytes, the rest), hashes
 * plain ASCII ones straight from the bytes (lower-casing on the fly),
 * takes other tokens from the tokenizer through a raw-token cache, and asks
 * the start and pair filters whether a match may start there; most tokens
 * of prose are settled with one 64-bit read and never built.  It is
 * compiled twice on x86-64, for the baseline and for AVX2 and BMI2, and
 * picked at run time.  A possible start enters the window: a
 * ring of at most GAZTAG_MAX_PHRASE_TOKENS + 1 tokens, filled by the general
 * tokenizer (any UTF-8), where each token is looked up in the vocabulary
 * (through a cache) only when needed, and the phrase trie is walked while
 * the current node says longer phrases follow.  When the window empties
 * the fast scan resumes.  Work is O(tokens x longest phrase) and memory is
 * O(spans), whatever the text's length.
 */
#ifndef GAZTAG_MATCH_H
#define GAZTAG_MATCH_H

#include "gazetteer.h"
#include "normalize.h"
#include "tokenize.h"

#define MATCH_RING 64 /* a power of two > GAZTAG_MAX_PHRASE_TOKENS */
#define MATCH_CACHE 4096 /* lookup cache entries, a power of two */
#define MATCH_CACHE_KEY 18
#define MATCH_RAW_CACHE 4096 /* non-ASCII token cache entries, a power of two */
#define MATCH_RAW_WORDS 4
#define MATCH_RAW_KEY 32 /* bytes: 8 * MATCH_RAW_WORDS */

/* A recent vocabulary lookup.  Half the tokens of ordinary prose (". , the
 * de of") are in some name, so the vocabulary filter cannot turn them away
 * once a phrase reaches them; they are also the most frequent, and a small
 * direct-mapped cache keyed by the filter hash answers them without
 * touching the hash functions.  The key is stored and compared: a hash
 * collision can never make a wrong match. */
typedef struct match_cache_entry {
    uint64_t hash;
    gzt_node node;
    uint8_t len; /* 0: empty */
    bool known;
    char key[MATCH_CACHE_KEY];
} match_cache_entry;

/* The answer for a recent non-ASCII token, keyed by its raw bytes.  Such
 * a token needs normalisation (utf8proc) before it can be hashed; the
 * words and punctuation of prose repeat, and the key of a token depends on
 * its bytes alone, so its hash and vocabulary answer are kept here.  The
 * raw bytes are stored as zero-padded words and compared a word at a time. */
typedef struct match_raw_entry {
    uint64_t hash;  /* gzf_key_hash of the normalised key */
    gzt_node node;
    uint8_t len;    /* raw length; 0: empty */
    uint8_t state;  /* TOK_KNOWN or TOK_UNKNOWN */
    uint64_t raw[MATCH_RAW_WORDS];
} match_raw_entry;
_Static_assert(MATCH_RAW_KEY == 8 * MATCH_RAW_WORDS, "raw key in words");

/* A token in the window.  Its filter hash is computed when it enters; the
 * vocabulary lookup waits until the token is needed: at the window's head
 * only if it may start a name, after the head only if a phrase reaches it.
 * (A non-ASCII token is resolved at once: its key is needed for its hash,
 * and the key lives in scratch space that the next token reuses.) */
enum match_tok_state { TOK_UNRESOLVED, TOK_KNOWN, TOK_UNKNOWN };

typedef struct match_tok {
    tok_token tok;
    uint64_t hash;  /* gzf_key_hash of the key */
    uint8_t state;  /* enum match_tok_state */
    gzt_node node;  /* TOK_KNOWN: the vocabulary node */
} match_tok;

/* A recent edge lookup: (parent node id, token slot) -> child, if any. */
typedef struct match_edge_entry {
    uint32_t parent, token;
    bool valid, found;
    gzt_node node;
} match_edge_entry;

/* One-byte ASCII tokens (punctuation, "a", "l", digits) are a third of the
 * tokens of prose: their key hash and start filter answer are looked up in
 * a table made once per tagger. */
typedef struct match_byte {
    uint64_t hash;
    int start; /* gzt_start_test() of the hash (MATCH_TRIG_START + it for
                * a byte of match_triggers.byte_kind) */
} match_byte;

/* A start answer from MATCH_TRIG_START up is a word of the rules whose
 * gazetteer answer is the difference (the word and byte tables). */
#define MATCH_TRIG_START 3

/* In match_triggers.start, beside the gazetteer's answer (the low two
 * bits): every word of the rules under this key has a byte from 0x80 and
 * is compared with it (a cue's word: "spécial", "né"), so that an ASCII
 * token of the same key ("special", "ne") is not noted. */
#define MATCH_TRIG_ACCENTED 0x80u
#define MATCH_TRIG_REAL 0x03u

/* Is every byte of s[0..n) ASCII? */
static inline bool match_all_ascii(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 0x80)
            return false;
    return true;
}

/* The answer for a recent ASCII word of 2 to 8 bytes, keyed by its bytes
 * (lower-cased as its key is) in one word: this direct-mapped table of
 * MATCH_WORDS entries (128 KB of words and hashes, in the L2 cache, and
 * their start filter answers beside) answers the frequent words of prose
 * (90% of them) without the key hash and the start filter, whose bits are
 * mostly further away.  8,192 entries made `gaztag tag` 7% faster on the
 * 102 MB corpus than 512 (which fit in the L1 cache), and entries of 16
 * bytes instead of 24 another 8% (bench/README.md). */
#define MATCH_WORDS_LOG2 13
#define MATCH_WORDS (1 << MATCH_WORDS_LOG2)
typedef struct match_word {
    uint64_t word; /* the bytes, zero-padded little-endian (0: empty; a
                    * word's bytes are never 0, so this is its length too) */
    uint64_t hash; /* gzf_key_hash of the key */
} match_word;

#define MATCH_TRIG_BITS 65536

/* A word the rules start from, found by the scan (match_set_triggers()):
 * the token's bytes and what it is to the rules (a TRIG_ kind of
 * rules.h). */
typedef struct match_hit {
    size_t start, end;
    uint8_t kind;
} match_hit;

typedef struct match_state {
    const gaztag_gazetteer *g;
    /* The start filter the scan asks: the gazetteer's, or a copy with the
     * rules' words set in it (match_set_triggers()). */
    const uint8_t *start_filter;
    uint64_t start_words;
    /* The rules' words (match_triggers), NULL when none. */
    const uint64_t *trig_hash;
    const uint8_t *trig_kind;
    const uint8_t *trig_start; /* match_triggers.start */
    size_t trig_mask;
    const uint8_t *trig_byte_kind; /* match_triggers.byte_kind */
    /* For each byte after a one-byte mark: bit 0, a "(" is noted before
     * it; bit 1, a cue's capital letter is (match_byte_mark()). */
    uint8_t mark_next[256];
    uint8_t trig_grave;            /* match_triggers.grave_kind */
    uint8_t trig_letter;           /* match_triggers.letter_kind */
    uint8_t trig_capital;          /* match_triggers.capital_kinds */
    uint64_t trig_grave_hash;      /* match_triggers.grave_hash */
    match_hit *hits; /* those of the last match_text(), in order */
    size_t n_hits, hits_cap;
    norm_scratch *scratch;
    const char *text;
    tok_stream ts;
    match_tok ring[MATCH_RING];
    size_t head, count;
    bool eof;
    /* The start filter's answer for the token the fast scan put in the
     * window (its rules' word, if it is one, noted by the scan). */
    int scan_start;
    match_byte bytes[128];
    match_word words[MATCH_WORDS];
    /* gzt_start_test() of words[i].hash; for a word of the rules,
     * MATCH_TRIG_START + the answer, and its kind in word_kind[i] */
    uint8_t word_start[MATCH_WORDS];
    uint8_t word_kind[MATCH_WORDS];
    match_cache_entry cache[MATCH_CACHE];
    match_edge_entry edge_cache[MATCH_CACHE];
    match_raw_entry raw_cache[MATCH_RAW_CACHE];
    int (*skip)(struct match_state *); /* the fast scan for this CPU */
    /* Two bits of each hash of the rules' words (match_set_triggers()):
     * most names of the gazetteer that may stand alone are told from them
     * here, not in the table.  (Last: the scan's hot fields stay
     * together.) */
    uint64_t trig_bits[MATCH_TRIG_BITS / 64];
} match_state;

/* Receives each match: first and last token, and the node of the phrase.
 * Returns 0, MATCH_REFUSED when no entry of the node accepts the text (an
 * entry flagged cap, case or accents, or a removal: the next shorter match
 * is tried instead), or a positive code that stops the scan. */
typedef int (*match_emit_fn)(void *ctx, const match_tok *first,
                             const match_tok *last, const gzt_node *node);
#define MATCH_REFUSED (-3)

/* A position in the text, in bytes, code points and UTF-16 units. */
typedef struct match_pos {
    size_t bytes, cps, units;
} match_pos;

/* Set up a state over gazetteer g (with scratch space `scratch`), its
 * caches empty: a state used with another gazetteer before is reset. */
void match_init(match_state *m, const gaztag_gazetteer *g, norm_scratch *scratch);

/* Words the scan finds besides the gazetteer's names: the rules' words
 * under the gazetteer's key hash.  `filter` is a copy of the gazetteer's
 * start filter where each of them tests as a name by itself; `hash` and
 * `kind` an open-addressing table of mask + 1 slots (hash 0: empty). */
typedef struct match_triggers {
    uint8_t *filter;
    uint64_t *hash;
    uint8_t *kind;
    uint8_t *start; /* the gazetteer's start filter answer of each */
    size_t mask;
    /* One-byte ASCII tokens found by their byte ("(", a capital letter):
     * their kind, 0 for none (such a token right before a small ASCII
     * letter is not noted: "(see" points at no capital); and the kind of
     * the token "à" or "À", 0 for none: a token that is not ASCII of key
     * hash grave_hash, the key of "à" under the gazetteer's folding ("a"
     * and a combining grave accent too; when accents fold, the English
     * "a" has this key, and is not noted).  Set after
     * match_triggers_make(). */
    uint8_t byte_kind[128];
    uint8_t grave_kind;
    uint64_t grave_hash;
    /* The kind of a capital letter's key among the words (a cue's letter
     * in another script, "𝗠." in bold), 0 for none: such a token is noted
     * only with a full stop after it (an ASCII one only by its byte).
     * Set after match_triggers_make(). */
    uint8_t letter_kind;
    /* The kinds whose words lead nowhere written with a small ASCII
     * letter first: a word of these kinds only is not noted so.  Set
     * after match_triggers_make(). */
    uint8_t capital_kinds;
} match_triggers;

/* The tables of words of key hashes hash[0..n) (gzf_key_hash of their
 * keys under g's folding; none 0) and kinds kind[0..n) (not 0; a word
 * given twice has both) over gazetteer g; accented[i] (or NULL: none)
 * when word i is MATCH_TRIG_ACCENTED (a key given twice is so only if
 * both are).  0, or -1 for out of memory (*tr then holds nothing). */
int match_triggers_make(match_triggers *tr, const gaztag_gazetteer *g,
                        const uint64_t *hash, const uint8_t *kind,
                        const bool *accented, size_t n);
void match_triggers_free(match_triggers *tr);

/* The scan also finds the words of tr (made over m's gazetteer; NULL:
 * none), in m->hits, in order: every token whose key is one outside the
 * matches, and at a match's head; inside one, only the token the scan
 * read after its head (for the pair filter).  tr must outlive its use.
 * The matches do not change. */
void match_set_triggers(match_state *m, const match_triggers *tr);

/* Free what the state allocated (its hits). */
void match_free(match_state *m);

/* The fast scan compiled for the baseline CPU (baseline true), or the one
 * for this CPU (what match_init() chose).  Both give the same matches; the
 * tests compare them. */
void match_use_baseline(match_state *m, bool baseline);

/* Where a text that goes on may be cut (see `more` below): just after its
 * last ASCII byte that is not a letter or digit, searched for in
 * text[from..len) only; `fallback` when there is none there. */
size_t match_safe_end(const char *text, size_t len, size_t from,
                      size_t fallback);

/* Match over text[0..len); `all` returns every match instead of the
 * leftmost-longest non-overlapping ones.  With `more`, the text goes on
 * beyond len: only decisions that no further text can change are made, and
 * *used is where the next text must start (the unused tail comes again);
 * without it, *used is the end.  Returns 0, -1 for out of memory, or the
 * emitter's non-zero value. */
int match_text(match_state *m, const char *text, size_t len, bool all,
               bool more, match_emit_fn emit, void *ctx, match_pos *used);

#endif
