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
    int start; /* gzt_start_test() of the hash */
} match_byte;

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

typedef struct match_state {
    const gaztag_gazetteer *g;
    norm_scratch *scratch;
    const char *text;
    tok_stream ts;
    match_tok ring[MATCH_RING];
    size_t head, count;
    bool eof;
    match_byte bytes[128];
    match_word words[MATCH_WORDS];
    uint8_t word_start[MATCH_WORDS]; /* gzt_start_test() of words[i].hash */
    match_cache_entry cache[MATCH_CACHE];
    match_edge_entry edge_cache[MATCH_CACHE];
    match_raw_entry raw_cache[MATCH_RAW_CACHE];
    int (*skip)(struct match_state *); /* the fast scan for this CPU */
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
