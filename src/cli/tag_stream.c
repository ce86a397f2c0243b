/*
 * tag_stream.c -- a document too large for a unit, tagged in pieces on the
 * main thread with gaztag_tag_stream(): memory stays bounded by the piece
 * size whatever the document's size, and spans are written as they become
 * final.  The units before it have been written; none is in flight.
 *
 * A regular file read from its start is tagged where it lies in the page
 * cache, through windows of TAG_MAP_WINDOW bytes mapped one after another:
 * copying it into a buffer took a tenth of the run.  Pipes, terminals and
 * files read from elsewhere than their start are read into a buffer.  A
 * file cut shorter while it is mapped would raise SIGBUS on the missing
 * pages: the handler then says so and exits with status 1.
 */
#define _GNU_SOURCE /* MAP_POPULATE */
#include "tag.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define TAG_MAP_WINDOW (4u << 20)
#ifndef MAP_POPULATE /* (Linux: map the window's pages at once) */
#define MAP_POPULATE 0
#endif

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

/* Tag one piece of the stream and write its spans; *used is how much of
 * it the next piece need not repeat.  -1 when tagging failed (said). */
static int tag_piece(tag_run *r, json_out *w, const char *name,
                     const char *text, size_t len, bool more, bool *first,
                     size_t *used)
{
    const gaztag_span *spans;
    size_t n;
    gaztag_status st = gaztag_tag_stream(
        r->main_t, text, len, r->o->flags | (more ? GAZTAG_TAG_MORE : 0),
        &spans, &n, used);
    if (st != GAZTAG_OK) {
        cli_error("tagging failed: %s", gaztag_strerror(st));
        return -1;
    }
    write_spans(r, w, name, spans, n, first);
    return 0;
}

static int stream_pieces(tag_run *r, json_out *w, const char *name, FILE *in,
                         stream_buf *b)
{
    bool more = true, first = true;
    for (;;) {
        size_t used, before = b->len;
        more = more && refill(b, in);
        tag_progress_add(&r->progress, 0, b->len - before);
        if (tag_piece(r, w, name, b->data, b->len, more, &first, &used) < 0)
            return -1;
        if (!more || ferror(stdout)) /* reported by the caller */
            return 0;
        memmove(b->data, b->data + used, b->len - used);
        b->len -= used;
    }
}

/* The message of the SIGBUS handler, made before mapping (the handler may
 * only write it). */
static char bus_message[512];
static size_t bus_message_len;

static void on_sigbus(int sig)
{
    (void)sig;
    ssize_t rc = write(STDERR_FILENO, bus_message, bus_message_len);
    (void)rc;
    _exit(TAG_EXIT_ERROR);
}

static void watch_sigbus(const char *name, struct sigaction *old)
{
    struct sigaction sa;
    int n = snprintf(bus_message, sizeof bus_message,
                     "gaztag: %s: the file was cut shorter while it was "
                     "being tagged\n", name);
    bus_message_len = n < 0 ? 0 : (size_t)n < sizeof bus_message
                                      ? (size_t)n : sizeof bus_message - 1;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigbus;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, old);
}

/* The size of `in` when it is a regular file whose first `len` bytes are
 * what has been read of it (it was read from its start) and that can be
 * mapped (a trial page: some file systems cannot), else 0. */
static off_t mappable_size(FILE *in, size_t len)
{
    struct stat st;
    int fd = fileno(in);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        ftello(in) != (off_t)len || st.st_size <= (off_t)len)
        return 0;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    void *trial = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 0);
    if (trial == MAP_FAILED)
        return 0;
    munmap(trial, page);
    return st.st_size;
}

/* Tag file bytes [off, size) through mapped windows (off: where the
 * buffered pieces stopped). */
static int map_pieces(tag_run *r, json_out *w, const char *name, int fd,
                      off_t off, off_t size, bool *first)
{
    off_t counted = off, page = (off_t)sysconf(_SC_PAGESIZE);
    size_t window = TAG_MAP_WINDOW;
    for (;;) {
        size_t used;
        off_t at = off - off % page;
        size_t map_len = size - at < (off_t)window ? (size_t)(size - at) : window;
        bool more = at + (off_t)map_len < size;
        char *map = mmap(NULL, map_len, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
                         fd, at);
        if (map == MAP_FAILED) {
            cli_error("%s: %s", name, strerror(errno));
            return -1;
        }
        if (at + (off_t)map_len > counted) {
            tag_progress_add(&r->progress, 0,
                             (unsigned long long)(at + (off_t)map_len - counted));
            counted = at + (off_t)map_len;
        }
        int rc = tag_piece(r, w, name, map + (off - at),
                           map_len - (size_t)(off - at), more, first, &used);
        munmap(map, map_len);
        if (rc < 0)
            return -1;
        if (!more || ferror(stdout)) /* reported by the caller */
            return 0;
        if (used == 0 && window <= SIZE_MAX / 2)
            window *= 2; /* no place to cut in this window: a longer one */
        off += (off_t)used;
    }
}

/* The buffered first piece of a mapped file, then the mapped rest. */
static int stream_mapped(tag_run *r, json_out *w, const char *name, FILE *in,
                         stream_buf *b, off_t size)
{
    size_t used;
    bool first = true;
    struct sigaction old;
    if (tag_piece(r, w, name, b->data, b->len, true, &first, &used) < 0)
        return -1;
    watch_sigbus(name, &old);
    int rc = map_pieces(r, w, name, fileno(in), (off_t)used, size, &first);
    sigaction(SIGBUS, &old, NULL);
    return rc;
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
    if (!(w = json_out_new(stdout)))
        goto nomem;
    if (r->o->format == TAG_FMT_JSONL) {
        json_lit(w, "{\"doc\": ");
        json_string(w, name, strlen(name));
        json_lit(w, ", \"spans\": [");
    }
    off_t size = mappable_size(in, len);
    rc = size ? stream_mapped(r, w, name, in, &b, size)
              : stream_pieces(r, w, name, in, &b);
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
