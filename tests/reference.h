/*
 * reference.h -- a brute-force model of the tagger, for test_match and the
 * fuzz target fuzz_tag.
 *
 * It has its own UTF-8 decoder and tokenizer (over utf8proc's categories),
 * its own reading of the entry rules (duplicates, removal rows, the flags
 * cap, case and accents: docs/sources.md and docs/format.md) and tries
 * every start and every length, so it is slow and plainly right.  It
 * shares only gaztag_normalize() (one token's key) with the library.
 *
 * Nothing here asserts: failures are return values (-1: out of memory), so
 * that a program without cmocka can use it.  Every array is malloc'd and
 * freed by the matching *_free, which accepts a zeroed structure.
 */
#ifndef GAZTAG_TEST_REFERENCE_H
#define GAZTAG_TEST_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Code point classes. */
enum { REF_SEP, REF_WORD, REF_PUNCT };

/* One code point at s[0..n) (n >= 1), or *cp = -1 over a maximal
 * ill-formed subpart; returns the bytes used. */
size_t ref_decode(const uint8_t *s, size_t n, int32_t *cp);

/* REF_SEP, REF_WORD or REF_PUNCT (cp -1, a bad byte, separates). */
int ref_class(int32_t cp);

/* A token with its offsets and key (NUL-terminated, malloc'd). */
typedef struct ref_token {
    size_t start, end, cstart, cend, ustart, uend;
    char *key;
} ref_token;

typedef struct ref_tokens {
    ref_token *v;
    size_t n, cap;
} ref_tokens;

/* Tokenise text[0..len) into *out (emptied first), keys under norm_flags.
 * Returns 0, or -1 out of memory. */
int ref_tokenize(unsigned norm_flags, const char *text, size_t len,
                 ref_tokens *out);
void ref_tokens_free(ref_tokens *t);

/* A string of a row: s == NULL when the column is absent or empty. */
typedef struct ref_str {
    const char *s;
    size_t len;
} ref_str;

/* An entry as the builder keeps it. */
typedef struct ref_entry {
    char *label, *id, *canonical; /* copies; id, canonical NULL if none */
    unsigned flags;               /* GAZTAG_ENTRY_* */
    char *key;  /* the name's token keys joined by \x1f */
    char *form; /* case/accents: the keys under the stricter folding */
    size_t ntok;
    bool dead;  /* removed by a later removal row */
} ref_entry;

typedef struct ref_gaz {
    unsigned norm_flags;
    ref_entry *e; /* in source order of first appearance */
    size_t n, cap;
    size_t max_tok;
} ref_gaz;

void ref_gaz_init(ref_gaz *rg, unsigned norm_flags);
void ref_gaz_free(ref_gaz *rg);

/* Add a row as gaztag_builder_add_tsv() does with a valid row: a removal
 * (GAZTAG_ENTRY_REMOVE) kills the live non-removal entries of its key and
 * label (and id, if it has one) added before it; an entry equal to an
 * earlier one (key, label, id, canonical, flags, strict key) is not added
 * again but comes back to life.  Returns 0, -1 out of memory, or 1 when the
 * builder must refuse the name (no token, a token keyed to nothing, more
 * than GAZTAG_MAX_PHRASE_TOKENS tokens). */
int ref_gaz_add(ref_gaz *rg, ref_str name, ref_str label, ref_str id,
                ref_str canonical, unsigned flags);

/* Whether entry e accepts the match of tokens toks[first..first+n) in
 * text: removals never do; cap wants a capitalised or upper-case text;
 * case and accents want the same strict key.  -1 out of memory. */
int ref_accepts(const ref_gaz *rg, const ref_entry *e, const char *text,
                const ref_tokens *toks, size_t first, size_t n);

/* A match: its offsets and its accepting entries, indices into rg->e, at
 * entries[first .. first + n_entries) of the ref_spans. */
typedef struct ref_span {
    size_t start, end, cstart, cend, ustart, uend;
    size_t first, n_entries;
} ref_span;

typedef struct ref_spans {
    ref_span *v;
    size_t n, cap;
    size_t *entries;
    size_t n_entries, entries_cap;
} ref_spans;

/* The matches of text (tokenised into toks under rg->norm_flags): every
 * one ordered by start then end (all), or the leftmost-longest ones.
 * *out is emptied first.  Returns 0, or -1 out of memory. */
int ref_match(const ref_gaz *rg, const char *text, const ref_tokens *toks,
              bool all, ref_spans *out);
void ref_spans_free(ref_spans *s);

#endif
