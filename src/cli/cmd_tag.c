/*
 * cmd_tag.c -- gaztag tag: documents or lines in, JSON Lines out.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAG_PIECE (1u << 20) /* bytes read at a time from a document */

#ifndef GAZTAG_DATADIR
#define GAZTAG_DATADIR "/usr/local/share/gaztag"
#endif

typedef struct tag_opts {
    json_out *out;
    const char *gaz_paths[GAZTAG_MAX_LAYERS];
    size_t n_gaz;
    unsigned flags;
    bool lines;
    bool many; /* several inputs: name each line's document */
} tag_opts;

const char *cli_default_gazetteer(bool *owned)
{
    static const char beside[] = "gaztag-default.gaz";
    const char *env = getenv("GAZTAG_GAZETTEER");
    *owned = false;
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        size_t dir = slash ? (size_t)(slash - exe) + 1 : 0;
        char *path = malloc(dir + sizeof beside);
        if (path) {
            memcpy(path, exe, dir);
            memcpy(path + dir, beside, sizeof beside);
            if (access(path, R_OK) == 0) {
                *owned = true;
                return path;
            }
            free(path);
        }
    }
    return GAZTAG_DATADIR "/default.gaz";
}

static int tag_one(gaztag_tagger *t, const gaztag_gazetteer *g,
                   json_out *out, const char *text, size_t len, unsigned flags)
{
    const gaztag_span *spans;
    size_t n;
    gaztag_status st = gaztag_tag_text(t, text, len, flags, &spans, &n);
    if (st != GAZTAG_OK) {
        cli_error("tagging failed: %s", gaztag_strerror(st));
        return -1;
    }
    json_spans(out, g, spans, n);
    return 0;
}

/* A growing read buffer holding the not yet tagged tail of a stream. */
typedef struct stream_buf {
    char *data;
    size_t len, cap;
    size_t base; /* stream offset of data[0] */
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
    size_t got = fread(b->data + b->len, 1, b->cap - b->len, in);
    b->len += got;
    return got > 0;
}

/* Tag one document as a stream of pieces: memory stays bounded by the
 * piece size whatever the document's size, and spans are written as they
 * become final. */
static int tag_stream(gaztag_tagger *t, const gaztag_gazetteer *g,
                      json_out *out, unsigned flags, FILE *in)
{
    stream_buf b = {malloc(TAG_PIECE), 0, TAG_PIECE, 0};
    bool more = b.data != NULL, first = true;
    int rc = b.data ? 0 : -1;
    while (rc == 0) {
        more = more && refill(&b, in);
        const gaztag_span *spans;
        size_t n, used;
        gaztag_status st = gaztag_tag_stream(t, b.data, b.len,
                                             flags | (more ? GAZTAG_TAG_MORE : 0),
                                             &spans, &n, &used);
        if (st != GAZTAG_OK) {
            cli_error("tagging failed: %s", gaztag_strerror(st));
            rc = -1;
            break;
        }
        for (size_t i = 0; i < n; i++, first = false)
            json_span(out, g, &spans[i], first);
        if (!more)
            break;
        memmove(b.data, b.data + used, b.len - used);
        b.len -= used;
        b.base += used;
    }
    free(b.data);
    return rc;
}

static int tag_document(gaztag_tagger *t, const gaztag_gazetteer *g,
                        const tag_opts *o, const char *name, FILE *in)
{
    json_lit(o->out, "{\"doc\": ");
    json_string(o->out, name, strlen(name));
    json_lit(o->out, ", \"spans\": [");
    int rc = tag_stream(t, g, o->out, o->flags, in);
    json_lit(o->out, "]}\n");
    if (rc == 0 && ferror(in)) {
        cli_error("%s: %s", name, strerror(errno));
        rc = -1;
    }
    return rc;
}

static int tag_lines(gaztag_tagger *t, const gaztag_gazetteer *g,
                     const tag_opts *o, const char *name, FILE *in)
{
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, in)) >= 0) {
        size_t len = (size_t)n;
        if (len && line[len - 1] == '\n')
            len--;
        if (len && line[len - 1] == '\r')
            len--;
        if (o->many) {
            json_lit(o->out, "{\"doc\": ");
            json_string(o->out, name, strlen(name));
            json_lit(o->out, ", \"line\": ");
        } else {
            json_lit(o->out, "{\"line\": ");
        }
        json_uint(o->out, ++lineno);
        json_lit(o->out, ", \"spans\": ");
        rc = tag_one(t, g, o->out, line, len, o->flags);
        json_lit(o->out, "}\n");
    }
    if (rc == 0 && ferror(in)) {
        cli_error("%s: %s", name, strerror(errno));
        rc = -1;
    }
    free(line);
    return rc;
}

static int tag_input(gaztag_tagger *t, const gaztag_gazetteer *g,
                     const tag_opts *o, const char *path)
{
    bool std = strcmp(path, "-") == 0;
    FILE *in = std ? stdin : fopen(path, "rb");
    if (!in) {
        cli_error("%s: %s", path, strerror(errno));
        return -1;
    }
    int rc = o->lines ? tag_lines(t, g, o, path, in)
                      : tag_document(t, g, o, path, in);
    if (!std)
        fclose(in);
    return rc;
}

static int parse_tag_args(int argc, char **argv, tag_opts *o, int *first)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "-g") == 0 && i + 1 < argc &&
            o->n_gaz < GAZTAG_MAX_LAYERS)
            o->gaz_paths[o->n_gaz++] = argv[++i];
        else if (strcmp(argv[i], "--all") == 0)
            o->flags |= GAZTAG_TAG_ALL;
        else if (strcmp(argv[i], "--lines") == 0)
            o->lines = true;
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            cli_error("usage: gaztag tag [-g GAZ]... [--all] [--lines] [FILE...]");
            return -1;
        }
    }
    *first = i;
    o->many = argc - i > 1;
    return 0;
}

int cmd_tag(int argc, char **argv)
{
    tag_opts o = {NULL, {NULL}, 0, 0, false, false};
    int first, rc = 0;
    cli_gaz gz;
    gaztag_tagger *t = NULL;
    if (parse_tag_args(argc, argv, &o, &first) < 0)
        return 2;
    if (cli_open_gazetteers(o.gaz_paths, o.n_gaz, &gz) < 0)
        return 1;
    const gaztag_gazetteer *g = gz.g[0];
    if (gaztag_tagger_new_layered((const gaztag_gazetteer *const *)gz.g, gz.n,
                                  &t) != GAZTAG_OK ||
        !(o.out = json_out_new(stdout))) {
        cli_error("out of memory");
        rc = 1;
    }
    for (int i = first; rc == 0 && i <= argc; i++) {
        if (i == argc && first < argc)
            break;
        if (tag_input(t, g, &o, i == argc ? "-" : argv[i]) < 0)
            rc = 1;
    }
    if (o.out && json_out_flush(o.out) < 0 && rc == 0) {
        cli_error("standard output: %s", strerror(errno));
        rc = 1;
    }
    json_out_free(o.out);
    gaztag_tagger_free(t);
    cli_close_gazetteers(&gz);
    return rc;
}
