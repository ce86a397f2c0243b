/*
 * tag_read.c -- the reader of `gaztag tag`: inputs cut into units.
 *
 * A document is read whole into a unit when it has at most TAG_UNIT_MAX
 * bytes; a larger one is streamed on the main thread once the units before
 * it are written (JSON Lines and TSV output; the other formats need the
 * whole text and read it whole).  A regular file says its size: streamed
 * from its first byte; other input is streamed after its first
 * TAG_UNIT_MAX bytes.  Records (--lines, --jsonl, CoNLL
 * sentences) are batched, about TAG_BATCH_BYTES or TAG_BATCH_RECORDS lines
 * a unit; a CoNLL unit ends only at a blank line, so that no sentence is
 * cut.  Unit data is NUL-terminated beyond its length.
 */
#define _POSIX_C_SOURCE 200809L
#include "tag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Report a read error after the output before it. */
static int read_failed(tag_run *r, const char *path, int err)
{
    tag_pool_drain(r->pool);
    cli_error("%s: %s", path, strerror(err));
    r->status = TAG_EXIT_ERROR;
    return -1;
}

static tag_unit *new_unit(const char *name, char *data, size_t len)
{
    tag_unit *u = calloc(1, sizeof *u);
    if (u) {
        u->name = name;
        u->data = data;
        u->len = len;
    }
    return u;
}

static int submit(tag_run *r, tag_unit *u)
{
    if (!u) {
        cli_error("out of memory");
        r->status = TAG_EXIT_ERROR;
        return -1;
    }
    if (tag_pool_submit(r->pool, u) < 0) {
        if (r->status == TAG_EXIT_OK)
            r->status = TAG_EXIT_ERROR;
        return -1;
    }
    return 0;
}

/* Read up to `max` bytes of `in` into a buffer; *len the count. */
static char *read_upto(FILE *in, size_t max, size_t *len, size_t *cap)
{
    size_t c = 1u << 16;
    char *buf = malloc(c + 1), *p;
    *len = 0;
    while (buf) {
        *len += fread(buf + *len, 1, c - *len, in);
        if (*len < c || c >= max)
            break;
        c = c * 2 > max ? max : c * 2;
        if (!(p = realloc(buf, c + 1)))
            free(buf);
        buf = p;
    }
    *cap = c;
    return buf;
}

/* Does `in` hold more than TAG_UNIT_MAX bytes still to read, as far as can
 * be told before reading (a regular file)? */
static bool known_large(FILE *in)
{
    struct stat st;
    int fd = fileno(in);
    off_t at;
    return fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
           (at = ftello(in)) >= 0 && st.st_size - at > (off_t)TAG_UNIT_MAX;
}

static int read_document(tag_run *r, const char *path, FILE *in)
{
    size_t len, cap;
    bool stream = r->o->format == TAG_FMT_JSONL || r->o->format == TAG_FMT_TSV;
    /* A large regular file is streamed from its first piece: no 4 MiB
     * buffer (nor the spans of such a piece) whose pages are touched once. */
    bool large = stream && known_large(in);
    char *buf = large ? malloc(TAG_PIECE)
                      : read_upto(in, stream ? TAG_UNIT_MAX + 1 : SIZE_MAX / 2,
                                  &len, &cap);
    if (large) {
        len = 0;
        cap = TAG_PIECE;
    }
    if (!buf)
        return submit(r, NULL);
    if (ferror(in)) {
        free(buf);
        return read_failed(r, path, errno);
    }
    if (large || (len > TAG_UNIT_MAX && stream)) {
        if (tag_pool_drain(r->pool) < 0) {
            free(buf);
            return -1;
        }
        return tag_stream_doc(r, path, in, buf, len, cap);
    }
    buf[len] = '\0';
    tag_unit *u = new_unit(path, buf, len);
    if (u) {
        u->whole_doc = true;
        u->n_docs = 1;
        u->in_bytes = len;
    } else {
        free(buf);
    }
    return submit(r, u);
}

/* A unit being filled with records. */
typedef struct batch {
    char *data;
    size_t len, cap, lines, first_line, records;
} batch;

static int batch_add(batch *b, const char *line, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : TAG_BATCH_BYTES;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p)
            return -1;
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, line, n);
    b->len += n;
    b->data[b->len] = '\0';
    b->lines++;
    return 0;
}

static int batch_submit(tag_run *r, const char *path, batch *b)
{
    if (b->lines == 0)
        return 0;
    tag_unit *u = new_unit(path, b->data, b->len);
    if (u) {
        u->first_line = b->first_line;
        u->n_docs = r->o->input == TAG_IN_CONLL ? b->records : b->lines;
        u->in_bytes = b->len;
    } else {
        free(b->data);
    }
    b->first_line += b->lines;
    *b = (batch){NULL, 0, 0, 0, b->first_line, 0};
    return submit(r, u);
}

static bool is_blank(const char *s, size_t n)
{
    return strspn(s, " \t\r\n") >= n;
}

static int read_records(tag_run *r, const char *path, FILE *in)
{
    batch b = {NULL, 0, 0, 0, 1, 0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    bool conll = r->o->input == TAG_IN_CONLL, prev_blank = true;
    while (rc == 0 && (n = getline(&line, &cap, in)) >= 0) {
        bool blank = conll && is_blank(line, (size_t)n);
        if (conll && blank && (b.len >= TAG_BATCH_BYTES ||
                               b.lines >= TAG_BATCH_RECORDS))
            rc = batch_submit(r, path, &b);
        if (rc == 0 && batch_add(&b, line, (size_t)n) < 0)
            rc = submit(r, NULL);
        b.records += conll && !blank && prev_blank;
        prev_blank = blank;
        if (rc == 0 && !conll && (b.len >= TAG_BATCH_BYTES ||
                                  b.lines >= TAG_BATCH_RECORDS))
            rc = batch_submit(r, path, &b);
    }
    free(line);
    if (rc == 0 && ferror(in)) {
        free(b.data);
        return read_failed(r, path, errno);
    }
    if (rc == 0)
        return batch_submit(r, path, &b);
    free(b.data);
    return rc;
}

int tag_read_input(tag_run *r, const char *path)
{
    bool std = strcmp(path, "-") == 0;
    FILE *in = std ? stdin : fopen(path, "rb");
    if (!in)
        return read_failed(r, path, errno);
    int rc = r->o->input == TAG_IN_DOCS ? read_document(r, path, in)
                                        : read_records(r, path, in);
    if (!std)
        fclose(in);
    return rc;
}
