/*
 * gaztag.h -- tag named entities in UTF-8 text with a compiled gazetteer.
 *
 * The whole public interface of libgaztag.  Three opaque handles:
 *
 *   gaztag_builder     turns TSV sources into a compiled gazetteer file;
 *   gaztag_gazetteer   a compiled gazetteer, memory-mapped read-only and
 *                      immutable: share one handle between any number of
 *                      threads;
 *   gaztag_tagger      per-thread scratch for tagging with one gazetteer.
 *
 * Conventions.  Every function that can fail returns a gaztag_status; the
 * detailed message ("places.tsv:812: invalid UTF-8 in column 1") is kept on
 * the handle and read with gaztag_builder_errmsg() or gaztag_errmsg().  Text
 * is passed as (pointer, length) and needs no NUL terminator.  The library
 * never prints and never exits.  Every *_free / gaztag_close accepts NULL.
 */
#ifndef GAZTAG_H
#define GAZTAG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define GAZTAG_API
#elif defined(GAZTAG_BUILDING) && defined(__GNUC__)
#define GAZTAG_API __attribute__((visibility("default")))
#else
#define GAZTAG_API
#endif

#define GAZTAG_VERSION_MAJOR 0
#define GAZTAG_VERSION_MINOR 1
#define GAZTAG_VERSION_PATCH 0
#define GAZTAG_VERSION_STRING "0.1.0"

/* ---------------------------------------------------------------- status */

/* X(name, message): one table gives the enum and gaztag_strerror(). */
#define GAZTAG_STATUS_MAP(X)                                                  \
    X(OK, "success")                                                          \
    X(NOMEM, "out of memory")                                                 \
    X(IO, "input/output error")                                               \
    X(SOURCE, "invalid gazetteer source")                                     \
    X(LIMIT, "a size limit was exceeded")                                     \
    X(FORMAT, "not a gaztag gazetteer file")                                  \
    X(VERSION, "unsupported gazetteer format version")                        \
    X(CORRUPT, "corrupt gazetteer file")                                      \
    X(CMPH, "minimal perfect hash construction failed")                       \
    X(INVALID, "invalid argument")

typedef enum gaztag_status {
#define GAZTAG_STATUS_ENUM(name, msg) GAZTAG_##name,
    GAZTAG_STATUS_MAP(GAZTAG_STATUS_ENUM)
#undef GAZTAG_STATUS_ENUM
    GAZTAG_STATUS_COUNT
} gaztag_status;

/* A static English description of a status code (never NULL). */
GAZTAG_API const char *gaztag_strerror(gaztag_status status);

/* The library version, "MAJOR.MINOR.PATCH". */
GAZTAG_API const char *gaztag_version(void);

/* The Unicode version of the normalisation in use ("15.0.0").  A gazetteer
 * records the version it was compiled with (gaztag_info.unicode_version);
 * when they differ, names whose characters changed between the versions
 * may be keyed differently: recompile the sources. */
GAZTAG_API const char *gaztag_unicode_version(void);

/* ---------------------------------------------------------- normalisation */

/* Key folding, chosen at compile time and recorded in the file.  The default
 * (0) is NFKC + case folding + accent removal. */
#define GAZTAG_CASE_SENSITIVE 0x1u /* NFKC only: no case folding */
#define GAZTAG_KEEP_ACCENTS 0x2u   /* keep combining marks (accents) */

/* Longest entry, in tokens.  Longer names are refused at compile time; this
 * bounds the tagger's work to O(text tokens x GAZTAG_MAX_PHRASE_TOKENS). */
#define GAZTAG_MAX_PHRASE_TOKENS 32
/* Longest TSV field, in bytes. */
#define GAZTAG_MAX_FIELD_BYTES 1024

/* ---------------------------------------------------------------- builder */

typedef struct gaztag_builder gaztag_builder;

/* Create a builder with GAZTAG_CASE_SENSITIVE / GAZTAG_KEEP_ACCENTS flags.
 * The caller owns *out and frees it with gaztag_builder_free(). */
GAZTAG_API gaztag_status gaztag_builder_new(unsigned norm_flags,
                                            gaztag_builder **out);

/* Entry flags, from the fifth TSV column or a `#! flags=` line (see
 * docs/sources.md), in gaztag_entry.flags. */
#define GAZTAG_ENTRY_CAP 0x1u     /* match only capitalised or upper-case text */
#define GAZTAG_ENTRY_CASE 0x2u    /* match only the entry's exact case */
#define GAZTAG_ENTRY_ACCENTS 0x4u /* match only the entry's exact accents */
#define GAZTAG_ENTRY_REMOVE 0x8u  /* a removal: drops the key from the sources
                                     (and overlay gazetteers) before it */
#define GAZTAG_ENTRY_YIELD 0x10u  /* no match condition: with the rules, a
                                     one-word match gives way to the person
                                     a given name before it makes ("Jacques
                                     Chirac", Chirac a village) */

/* Add TSV source text.  `name` is used in error messages ("name:LINE:
 * reason").  Rows are `name<TAB>label[<TAB>id[<TAB>canonical[<TAB>flags]]]`;
 * `#` comments and blank lines are skipped, `#!` lines set default flags
 * (docs/sources.md).  A removal row (flag `-`) drops the entries of its key
 * (with its label and id, when given) added before it.  The first bad row fails the call
 * with GAZTAG_SOURCE; the builder then refuses further work (every later
 * call returns that status): a compile either takes every row or none.
 * Out of memory does the same with GAZTAG_NOMEM. */
GAZTAG_API gaztag_status gaztag_builder_add_tsv(gaztag_builder *b,
                                                const char *name,
                                                const char *data, size_t len);

/* Read a TSV file and add it as above (the path names it in messages). */
GAZTAG_API gaztag_status gaztag_builder_add_file(gaztag_builder *b,
                                                 const char *path);

/* Add common words (one a line, `#` comments; `name` for messages): a
 * single-token entry added afterwards whose key is a common word's key is
 * left out unless it has GAZTAG_ENTRY_CAP or GAZTAG_ENTRY_CASE, with a
 * warning.  Call before adding the sources it should apply to. */
GAZTAG_API gaztag_status gaztag_builder_add_common(gaztag_builder *b,
                                                   const char *name,
                                                   const char *data,
                                                   size_t len);
GAZTAG_API gaztag_status gaztag_builder_add_common_file(gaztag_builder *b,
                                                        const char *path);

/* Warnings so far ("name:LINE: warning: ..."), owned by `b`. */
GAZTAG_API size_t gaztag_builder_warning_count(const gaztag_builder *b);
GAZTAG_API const char *gaztag_builder_warning(const gaztag_builder *b,
                                              size_t i);

/* Compile everything added so far into a file image.  The same sources in
 * the same order give byte-identical output with the same versions of
 * libgaztag, cmph, utf8proc and the C library (cmph draws its hash seeds
 * from rand(), which the builder seeds with srand() before each attempt:
 * a compile changes the process's rand() sequence, and a program calling
 * rand() from another thread during a compile may get other bytes).  On success *data is a
 * buffer owned by the caller, released with gaztag_buffer_free(). */
GAZTAG_API gaztag_status gaztag_builder_compile(gaztag_builder *b,
                                                void **data, size_t *len);

/* Compile and write to `path` atomically: a temporary file in the same
 * directory is written, flushed and renamed over `path`.  On any failure
 * `path` is left exactly as it was.  A write failure (GAZTAG_IO) leaves the
 * builder usable: writing elsewhere may be tried. */
GAZTAG_API gaztag_status gaztag_builder_write(gaztag_builder *b,
                                              const char *path);

/* The message of the last failure on `b` ("" when none).  Owned by `b`. */
GAZTAG_API const char *gaztag_builder_errmsg(const gaztag_builder *b);

GAZTAG_API void gaztag_builder_free(gaztag_builder *b);
GAZTAG_API void gaztag_buffer_free(void *data);

/* ------------------------------------------------------------- gazetteer */

typedef struct gaztag_gazetteer gaztag_gazetteer;

/* Also check the checksum of the whole file (O(file size)); without it,
 * opening is O(1) in the number of entries: header, section table and every
 * section bound are validated, the rest is bounds-checked as it is used. */
#define GAZTAG_OPEN_VERIFY 0x1u

/* Map a compiled gazetteer read-only.  Like sqlite3_open(), *out receives a
 * handle even on failure (NULL only when memory ran out) so that
 * gaztag_errmsg() can say what went wrong; a failed handle may only be
 * passed to gaztag_errmsg() and gaztag_close(). */
GAZTAG_API gaztag_status gaztag_open(const char *path, unsigned flags,
                                     gaztag_gazetteer **out);

/* As gaztag_open() over a caller's buffer, which is borrowed: it must stay
 * valid and unchanged until gaztag_close(), and be 8-byte aligned. */
GAZTAG_API gaztag_status gaztag_open_memory(const void *data, size_t len,
                                            unsigned flags,
                                            gaztag_gazetteer **out);

/* The message of the failure on `g` ("" when none).  Owned by `g`. */
GAZTAG_API const char *gaztag_errmsg(const gaztag_gazetteer *g);

/* Unmap and free.  Every span and string obtained through `g` dies here. */
GAZTAG_API void gaztag_close(gaztag_gazetteer *g);

typedef struct gaztag_info {
    uint32_t format_version;
    uint32_t norm_flags;        /* GAZTAG_CASE_SENSITIVE | GAZTAG_KEEP_ACCENTS */
    char unicode_version[16];   /* of the compiler's utf8proc, "15.0.0" */
    uint64_t file_size;
    uint32_t n_entries;         /* entry records (surface form x label x id) */
    uint32_t n_vocab;           /* distinct token keys */
    uint32_t n_phrases;         /* multi-token phrases and their prefixes */
    uint32_t n_labels;
    uint32_t max_phrase_tokens; /* longest entry in tokens */
} gaztag_info;

GAZTAG_API void gaztag_get_info(const gaztag_gazetteer *g, gaztag_info *out);

/* ---------------------------------------------------------------- tagging */

/* One entry reached by a key.  Strings are NUL-terminated and borrowed from
 * the gazetteer's mapping: valid until gaztag_close().  `id` and `canonical`
 * are NULL when the source row had none. */
typedef struct gaztag_entry {
    const char *label;
    const char *id;
    const char *canonical;
    unsigned flags; /* GAZTAG_ENTRY_* */
} gaztag_entry;

/* A match: half-open offsets into the tagged text in bytes, Unicode code
 * points and UTF-16 code units.  An invalid UTF-8 sequence counts as one
 * code point and one UTF-16 unit per maximal ill-formed subpart, as a
 * decoder substituting U+FFFD counts it.  `text` is the surface form as it
 * stands in the caller's text (end - start bytes, not NUL-terminated; it
 * borrows the text passed to the call).  `entry` is the first entry of the
 * key in source order that accepts this text (entries flagged cap, case or
 * accents may refuse it); `n_entries` counts the accepting ones (read the
 * others with gaztag_span_entry()). */
typedef struct gaztag_span {
    size_t start, end;
    size_t cstart, cend;
    size_t ustart, uend;
    const char *text;
    gaztag_entry entry;
    uint32_t n_entries;
    uint32_t first_entry; /* internal: index of `entry` in the file */
    /* internal: the accepting entries' indices when some entry of the key
     * refused the text (owned by the tagger: valid until its next call),
     * else NULL: entries first_entry .. first_entry + n_entries - 1 */
    const uint32_t *accepted;
    /* The gazetteer the entries are in (one of a layered tagger's). */
    const struct gaztag_gazetteer *gazetteer;
    /* Where the span comes from (GAZTAG_FROM_*), and for the rules layer
     * the rule's name (NUL-terminated, borrowed from the rules: valid
     * while they are; NULL for a gazetteer match).  An inferred span has
     * one entry, `entry`, whose strings belong to the rules (a rule's
     * label, id and canonical NULL) or, for GAZTAG_FROM_DOCUMENT, are
     * those of the earlier span of the document it repeats; its
     * first_entry is UINT32_MAX and its gazetteer NULL. */
    unsigned origin;
    const char *rule;
} gaztag_span;

/* gaztag_span.origin */
#define GAZTAG_FROM_GAZETTEER 0u /* a name of the gazetteer */
#define GAZTAG_FROM_RULE 1u      /* inferred by a rule (gaztag_rules) */
#define GAZTAG_FROM_DOCUMENT 2u  /* a later mention of a name of the text */

typedef struct gaztag_tagger gaztag_tagger;

/* Per-thread scratch over `g`, which must outlive it: about 270 KB, mostly
 * caches of recent lookups, kept across calls (reuse a tagger rather than
 * creating one a document).  Owned by the caller, freed with
 * gaztag_tagger_free(). */
GAZTAG_API gaztag_status gaztag_tagger_new(const gaztag_gazetteer *g,
                                           gaztag_tagger **out);

/* A tagger over several gazetteers at once (overlays): g[0] is the base and
 * each later one takes priority over those before it.  A match of a later
 * gazetteer replaces the earlier gazetteers' matches of the same extent
 * (same start and end), and a later removal entry (flag `-`) for a key
 * hides them; then the leftmost-longest matches are chosen among all
 * (or all are returned, with GAZTAG_TAG_ALL).  The gazetteers are shared,
 * read-only, and must outlive the tagger.  Spans say which gazetteer their
 * entries are in (gaztag_span.gazetteer).  n == 1 is gaztag_tagger_new();
 * n must be at most GAZTAG_MAX_LAYERS. */
#define GAZTAG_MAX_LAYERS 64
GAZTAG_API gaztag_status gaztag_tagger_new_layered(
    const gaztag_gazetteer *const *g, size_t n, gaztag_tagger **out);
GAZTAG_API void gaztag_tagger_free(gaztag_tagger *t);

/* Return every match, overlapping and nested, instead of the leftmost-longest
 * non-overlapping ones.  Spans are ordered by start, then by end. */
#define GAZTAG_TAG_ALL 0x1u

/* Tag `len` bytes of `text`.  Invalid UTF-8 never fails: bad bytes separate
 * tokens and offsets stay exact.  On success *spans points to *n_spans spans
 * owned by the tagger, valid until the next call on `t` or its free.
 * Fails only with GAZTAG_NOMEM, or GAZTAG_CORRUPT for a damaged file. */
GAZTAG_API gaztag_status gaztag_tag_text(gaztag_tagger *t, const char *text,
                                         size_t len, unsigned flags,
                                         const gaztag_span **spans,
                                         size_t *n_spans);

/* The text goes on after this piece (see gaztag_tag_stream()). */
#define GAZTAG_TAG_MORE 0x2u

/* Tag a long text (a stream, a 1 GB document) in pieces, with memory bounded
 * by the piece size.  With GAZTAG_TAG_MORE, `text` is the beginning of what
 * remains: only the spans that no further text can change are returned, and
 * *consumed says how many bytes of `text` were used.  The next call passes
 * the text starting there (the unused tail, then what follows).  The call
 * without GAZTAG_TAG_MORE passes the last piece and ends the stream.  Span
 * offsets count from the start of the stream, which begins with the first
 * call after gaztag_tagger_new(), gaztag_tag_text() or a call without
 * GAZTAG_TAG_MORE.  A piece is used up to its last ASCII byte that is not a
 * letter or digit, and the longest name in tokens must fit after a decision:
 * pass pieces of at least a few KiB (text without such bytes is held until
 * the stream ends).  Spans are owned by the tagger as in gaztag_tag_text().
 * The spans of the whole stream are exactly those gaztag_tag_text() gives
 * for the whole text, however it is cut.  A failed call ends the stream:
 * the tagger stays usable, and the next call begins a new stream. */
GAZTAG_API gaztag_status gaztag_tag_stream(gaztag_tagger *t, const char *text,
                                           size_t len, unsigned flags,
                                           const gaztag_span **spans,
                                           size_t *n_spans, size_t *consumed);

/* ------------------------------------------------------------------ rules */

/* The rules layer finds names the gazetteer does not know from their
 * context: a given name before capitalised words (`Moussa Solano`), a title
 * (`le ministre X`, `M. X`), an organisation word (`Consortium X`,
 * `X SA`), a place cue (`la ville de X`, `à X`) or a list of places (`de
 * Korhogo et de X`), a dateline (`X, 26 déc.`) and an acronym defined in
 * parentheses (`Agence ... (AGP)`).  Then, in
 * the same text, a later mention of a person's last name alone or the
 * exact repetition of a name found earlier gets that name's label and id
 * (GAZTAG_FROM_DOCUMENT).  Rules never change or overlap a gazetteer
 * match, do not fire on a capital that only starts a sentence, nor on a
 * line written all in capitals.  The data are plain text files (see
 * docs/rules.md): a rules object is read-only once loaded and may be
 * shared by any number of taggers and threads. */
typedef struct gaztag_rules gaztag_rules;

/* An empty rules object (no rule fires until data are added). */
GAZTAG_API gaztag_status gaztag_rules_new(gaztag_rules **out);

/* Adds the rules data in text[0..len), named `name` in messages.  `kind`
 * says what the text holds: GAZTAG_RULES_FIRST_NAMES (a given name a line),
 * GAZTAG_RULES_NOT_NAMES (words that are never a name on their own, a line
 * each), GAZTAG_RULES_CUES (kind<TAB>words<TAB>label<TAB>rule lines) or
 * GAZTAG_RULES_FAMILY_FIRST (family names written before the given name, as
 * Chinese and Korean ones are: a line each).
 * '#' starts a comment line.  Returns GAZTAG_SOURCE on a bad line, with
 * gaztag_rules_error() saying "NAME:LINE: reason"; the object keeps the
 * lines before it. */
#define GAZTAG_RULES_FIRST_NAMES 1u
#define GAZTAG_RULES_NOT_NAMES 2u
#define GAZTAG_RULES_CUES 3u
#define GAZTAG_RULES_FAMILY_FIRST 4u
GAZTAG_API gaztag_status gaztag_rules_add_text(gaztag_rules *r, unsigned kind,
                                               const char *name,
                                               const char *text, size_t len);

/* Loads a rules directory: every first-names*.txt, not-names*.txt and
 * cues*.tsv file in it (GAZTAG_IO when it cannot be read, GAZTAG_SOURCE on
 * a bad line; messages from gaztag_rules_error()). */
GAZTAG_API gaztag_status gaztag_rules_load_dir(gaztag_rules *r,
                                               const char *dir);

/* The message of the last failure ("" if none). */
GAZTAG_API const char *gaztag_rules_error(const gaztag_rules *r);
GAZTAG_API void gaztag_rules_free(gaztag_rules *r);

/* Every later gaztag_tag_text() and gaztag_tag_stream() on `t` applies `r`
 * (NULL: gazetteer matches only, the default).  `r` must outlive its use.
 * Rules apply to the leftmost-longest spans only: GAZTAG_TAG_ALL returns
 * the gazetteer's matches alone.  A stream is one document: a name found
 * in one piece is propagated to later pieces (as far as the propagation
 * window reaches: gaztag_tagger_set_propagation_window()).  The tagger makes its
 * own copy of the gazetteer's start filter with the rules' words in it
 * (about 16 bits a name of the gazetteer), so that its scan finds them:
 * GAZTAG_NOMEM when that memory cannot be had, and the tagger is then
 * left with no rules. */
GAZTAG_API gaztag_status gaztag_tagger_set_rules(gaztag_tagger *t,
                                                 const gaztag_rules *r);

/* With rules set: no document propagation (rules alone). */
#define GAZTAG_TAG_NO_PROPAGATION 0x4u

/* With rules set, how far a document's names reach: a name it learnt (a
 * person's last name, a name a rule inferred) is given to its mentions up
 * to `bytes` bytes after the start of the span that last taught it, the
 * gazetteer's or a rule's (the name found again in full teaches it
 * again); 0: to the document's end.  The default,
 * GAZTAG_PROPAGATION_WINDOW, holds a long news article, so that many
 * texts given as one document (a corpus in one file) do not lend each
 * other their names.  It applies from the next document. */
#define GAZTAG_PROPAGATION_WINDOW 65536u
GAZTAG_API void gaztag_tagger_set_propagation_window(gaztag_tagger *t,
                                                     size_t bytes);

/* ------------------------------------------------------------- inspecting */

/* A token of a text, as the tagger cuts it: bytes [start, end), a word
 * (letters, marks, digits) or one punctuation character. */
typedef struct gaztag_token {
    size_t start, end;
    int is_word;
} gaztag_token;

/* The tokens of text[0..len) into out[0..cap); returns how many there are
 * (more than cap means some were not stored). */
GAZTAG_API size_t gaztag_tokens(const char *text, size_t len,
                                gaztag_token *out, size_t cap);

/* The entries of a name's key, found as the tagger would find the name:
 * indices first .. first + count - 1 for gaztag_entry_at(); count is 0 when
 * the key has no entry.  Entries are returned whatever their flags. */
GAZTAG_API gaztag_status gaztag_lookup(const gaztag_gazetteer *g,
                                       const char *name, size_t len,
                                       uint32_t *first, uint32_t *count);

/* Entry `index` (< gaztag_info.n_entries), strings borrowed from `g`. */
GAZTAG_API gaztag_status gaztag_entry_at(const gaztag_gazetteer *g,
                                         uint32_t index, gaztag_entry *out);

/* Whether entry `index` accepts text[0..len) as its match (its cap, case,
 * accents and removal flags): 1 yes, 0 no, -1 damaged file or no memory. */
GAZTAG_API int gaztag_entry_accepts(const gaztag_gazetteer *g, uint32_t index,
                                    const char *text, size_t len);

/* Why entry `index` refuses text[0..len): 0 it accepts it, else the flag
 * that refuses (GAZTAG_ENTRY_REMOVE, GAZTAG_ENTRY_CAP, or GAZTAG_ENTRY_CASE
 * and/or GAZTAG_ENTRY_ACCENTS, those of the entry, when the text's case or
 * accents differ), -1 damaged file or no memory. */
GAZTAG_API int gaztag_entry_refusal(const gaztag_gazetteer *g, uint32_t index,
                                    const char *text, size_t len);

/* Calls fn for every key that has entries: the key's token keys joined by
 * spaces (not NUL-terminated, valid during the call), and its entries as in
 * gaztag_lookup().  A non-zero return from fn stops the walk.  Keys come in
 * file order (single tokens, then longer names). */
typedef int (*gaztag_key_fn)(void *ctx, const char *key, size_t len,
                             uint32_t first, uint32_t count);
GAZTAG_API gaztag_status gaztag_foreach_key(const gaztag_gazetteer *g,
                                            gaztag_key_fn fn, void *ctx);

/* The i-th entry (0 <= i < span->n_entries) of a span's key, read from
 * span->gazetteer (`g` is used for spans that do not say). */
GAZTAG_API gaztag_status gaztag_span_entry(const gaztag_gazetteer *g,
                                           const gaztag_span *span, size_t i,
                                           gaztag_entry *out);

/* The normalised key of `text` as the tagger computes it: tokens' keys
 * joined by one space.  Writes at most `cap` bytes and returns the length
 * needed (excluding the NUL, which is written when it fits), or SIZE_MAX
 * when memory ran out.  A name is found in a text when their token keys
 * are equal one for one; equal strings from this function mean the same
 * except for the rare letters whose compatibility form holds a space
 * (U+FDFA): such a letter stays one token. */
GAZTAG_API size_t gaztag_normalize(unsigned norm_flags, const char *text,
                                   size_t len, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* GAZTAG_H */
