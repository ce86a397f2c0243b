/*
 * tag_stream.c -- a document too large for a unit, tagged in pieces on the
 * main thread with gaztag_tag_stream(): memory stays bounded by the piece
 * size whatever the document's size, and spans are written as they become
 * final.  The units before it have been written; none is in flight.
 *
 * Every input, regular files included, is read into one buffer that is
 * used again for each piece: mapping a file in windows instead (tried)
 * makes new page-table entries for every page of it, which cost more than
 * the copy on a virtual machine (bench/README.md).
 */
#include "tag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A growing read buffer holding the not yet tagged tail of a stream. */
typedef struct stream_buf {
    char *data;
    size_t len, cap;
} stream_buf;

/* Read more of `in`; false at end of input or on error. */
static bool refill(stream_buf *b, FILE *in)
{
    if (b->len == b->cap) {
        char *p = b->cap > SIZE_MAX / 4 ? NULL : realloc(b->data, b->cap * 2);
        if (!p)
            return false;
        b->data = p;
        b->cap *= 2;
    }
    size_t want = b->cap - b->len;
    if (want > TAG_PIECE)
        want = TAG_PIECE; /* a piece that stays in the caches while tagged */
    size_t got = fread(b->data + b->len, 1, want, in);
    b->len += got;
    return got > 0;
}

static void write_spans(tag_run *r, json_out *w, const char *name,
                        const gaztag_span *s, size_t n, bool *first)
{
    if (r->o->format == TAG_FMT_TSV) {
        tsv_spans(stdout, name, s, n);
        return;
    }
    for (size_t i = 0; i < n; i++, *first = false)
        json_span(w, r->gz->g[0], &s[i], *first);
}

static int stream_pieces(tag_run *r, json_out *w, const char *name, FILE *in,
                         stream_buf *b)
{
    bool more = true, first = true;
    for (;;) {
        const gaztag_span *spans;
        size_t n, used, before = b->len;
        more = more && refill(b, in);
        tag_progress_add(&r->progress, 0, b->len - before);
        gaztag_status st = gaztag_tag_stream(
            r->main_t, b->data, b->len,
            r->o->flags | (more ? GAZTAG_TAG_MORE : 0), &spans, &n, &used);
        if (st != GAZTAG_OK) {
            cli_error("tagging failed: %s", gaztag_strerror(st));
            return -1;
        }
        write_spans(r, w, name, spans, n, &first);
        if (!more || ferror(stdout)) /* reported by the caller */
            return 0;
        memmove(b->data, b->data + used, b->len - used);
        b->len -= used;
    }
}

int tag_stream_doc(tag_run *r, const char *name, FILE *in, char *data,
                   size_t len, size_t cap)
{
    stream_buf b = {data, len, cap};
    json_out *w = NULL;
    int rc = -1;
    tag_progress_add(&r->progress, 0, len);
    if (!r->main_t && (gaztag_tagger_new_layered(
                           (const gaztag_gazetteer *const *)r->gz->g,
                           r->gz->n, &r->main_t) != GAZTAG_OK ||
                       gaztag_tagger_set_rules(r->main_t, r->rules) !=
                           GAZTAG_OK))
        goto nomem;
    gaztag_tagger_set_propagation_window(r->main_t, r->o->window);
    if (!(w = json_out_new(stdout)))
        goto nomem;
    if (r->o->format == TAG_FMT_JSONL) {
        json_lit(w, "{\"doc\": ");
        json_string(w, name, strlen(name));
        json_lit(w, ", \"spans\": [");
    }
    rc = stream_pieces(r, w, name, in, &b);
    if (r->o->format == TAG_FMT_JSONL)
        json_lit(w, "]}\n");
    if (json_out_flush(w) < 0 && rc == 0) {
        tag_stdout_failed(r);
        rc = -1;
    }
    if (rc == 0 && ferror(in)) {
        cli_error("%s: %s", name, strerror(errno));
        rc = -1;
    }
    tag_progress_add(&r->progress, 1, 0);
    goto done;
nomem:
    cli_error("out of memory");
done:
    if (rc < 0)
        r->status = TAG_EXIT_ERROR;
    json_out_free(w);
    free(b.data);
    return rc;
}
