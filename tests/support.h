/*
 * support.h -- helpers shared by the test programs: a seeded random number
 * generator, files, and tagging a text as a stream of pieces.
 */
#ifndef GAZTAG_TEST_SUPPORT_H
#define GAZTAG_TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "gaztag.h"

/* splitmix64: deterministic for a given seed. */
typedef struct rng {
    uint64_t s;
} rng;

uint64_t rng_next(rng *r);

/* A whole file, NUL-terminated (not counted), or NULL if it cannot be read. */
char *support_read_file(const char *path, size_t *len);

/* Compile a TSV source (default folding) into a file image in memory, its
 * size in *len (gaztag_buffer_free() it). */
void *support_compile_tsv(const char *tsv, size_t *len);

/* The same, and open the image, verified; the image in *image
 * (gaztag_buffer_free() after gaztag_close()). */
gaztag_gazetteer *support_open_tsv(const char *tsv, void **image);

/* Write a file, failing the test on error. */
void support_write_file(const char *path, const void *data, size_t len);

/* Fail the test unless a call gave status `want` and, unless want_msg is
 * NULL, exactly that message; `what` names the case. */
void support_expect_status(const char *what, gaztag_status got,
                           const char *got_msg, gaztag_status want,
                           const char *want_msg);

/* Tag text[0..len) with gaztag_tag_stream, the available end growing by
 * `piece` bytes a call; the spans are copied to out (at most cap, checked).
 * Checks that each call's spans start before the bytes it consumed. */
size_t support_stream_spans(gaztag_tagger *t, const char *text, size_t len,
                            unsigned flags, size_t piece, gaztag_span *out,
                            size_t cap);

/* A tagger over g with rules r whose pass looks at every capital of a
 * text (tagger_rules_every_capital()), as the rules layer did before its
 * scan found the rules' words: the same spans as a tagger's that starts
 * from them. */
gaztag_tagger *support_every_capital_tagger(const gaztag_gazetteer *g,
                                            const gaztag_rules *r);

/* Fail the test unless taggers a and b give text[0..len) the same spans
 * (offsets in the three units, label, id, canonical name, origin, rule),
 * tagged whole (gaztag_tag_text) and, when piece > 0, also streamed in
 * pieces of `piece` bytes.  `what` names the case. */
void support_same_spans(const char *what, gaztag_tagger *a, gaztag_tagger *b,
                        const char *text, size_t len, size_t piece);

#endif
