/*
 * cli.h -- the gaztag program's shared pieces: subcommands, argument
 * helpers, input reading and the JSON writer.  The program sees the library
 * only through include/gaztag.h.
 */
#ifndef GAZTAG_CLI_H
#define GAZTAG_CLI_H

#include "gaztag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

int cmd_compile(int argc, char **argv);
int cmd_tag(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_lookup(int argc, char **argv);  /* cmd_lookup.c */
int cmd_explain(int argc, char **argv); /* cmd_explain.c */
int cmd_stats(int argc, char **argv);   /* cmd_stats.c */
int cmd_diff(int argc, char **argv);    /* cmd_diff.c */

/* "gaztag: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The gazetteer to use without -g: $GAZTAG_GAZETTEER, then
 * gaztag-default.gaz beside the program (a build tree), then the installed
 * one.  Returns a static or malloc'd path (*owned says which). */
const char *cli_default_gazetteer(bool *owned);
/* The path of `name` in the program's own directory (malloc'd), or NULL
 * when that directory is unknown or memory ran out. */
char *cli_beside_program(const char *name);

/* A data file or directory of the program: `in_build` beside the program
 * (a build tree), else `installed` in the data directory found from the
 * program's own directory (an installed tree, wherever it was moved); a
 * path to free, or NULL when neither is there (the caller then tries the
 * configured absolute data directory). */
char *cli_data_path(const char *in_build, const char *installed);

/* The gazetteers of `-g` options, in order (n == 0: the default one),
 * opened; an error is printed and -1 returned if one cannot be. */
typedef struct cli_gaz {
    gaztag_gazetteer *g[GAZTAG_MAX_LAYERS];
    size_t n;
} cli_gaz;
int cli_open_gazetteers(const char *const *paths, size_t n, cli_gaz *out);
void cli_close_gazetteers(cli_gaz *c);

/* JSON output through a writer with its own 64 KiB buffer, written to its
 * stream in whole buffers (stdio then writes them straight through, with no
 * second copy).  Nothing else may write to the stream while a writer holds
 * unflushed output. */
typedef struct json_out json_out;

json_out *json_out_new(FILE *stream); /* NULL: out of memory */
/* Write out the buffer (no fflush) and write to `stream` from now on. */
void json_out_retarget(json_out *w, FILE *stream);
/* Write out the buffer and flush the stream; -1 on a write error. */
int json_out_flush(json_out *w);
void json_out_free(json_out *w); /* frees only: flush first */

void json_lit(json_out *w, const char *s);
void json_uint(json_out *w, size_t v);
void json_string(json_out *w, const char *s, size_t len);
/* One span object; `first` omits the separator. */
void json_span(json_out *w, const gaztag_gazetteer *g, const gaztag_span *s,
               bool first);
void json_spans(json_out *w, const gaztag_gazetteer *g,
                const gaztag_span *spans, size_t n);
/* Where a span comes from, as the output formats write it: "gazetteer",
 * "rule" or "document" (gaztag_span.origin). */
const char *cli_span_source(const gaztag_span *s);

#endif
