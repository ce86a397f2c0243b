/*
 * tag.h -- the pieces of `gaztag tag`: inputs, units of work, workers and
 * output formats.
 *
 * The main thread reads the inputs in order and cuts them into units: a
 * whole document, or a batch of records (lines, JSON Lines records, CoNLL
 * sentences).  Workers, each with its own tagger over the shared
 * gazetteers, tag a unit and format its output into the unit's own memory
 * buffer; the main thread writes the units' outputs in input order.  The
 * bytes written therefore depend only on the input, never on the number of
 * workers or on which worker took which unit.  At most TAG_SLOTS_PER_WORKER
 * units per worker are in flight, each of at most about TAG_UNIT_MAX input
 * bytes: a document larger than that is tagged in pieces on the main
 * thread (tag_stream.c) once the units before it are written.
 */
#ifndef GAZTAG_TAG_H
#define GAZTAG_TAG_H

#include "cli.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define TAG_UNIT_MAX (4u << 20)      /* a larger document is streamed */
#define TAG_PIECE (256u << 10)       /* ...in pieces of this much more */
#define TAG_BATCH_BYTES (256u << 10) /* records per unit, at most */
#define TAG_BATCH_RECORDS 1024u
#define TAG_SLOTS_PER_WORKER 4

/* Exit statuses (README): 3 = some records were skipped. */
enum { TAG_EXIT_OK = 0, TAG_EXIT_ERROR = 1, TAG_EXIT_USAGE = 2,
       TAG_EXIT_SKIPPED = 3 };

typedef enum tag_format {
    TAG_FMT_JSONL, TAG_FMT_TSV, TAG_FMT_BRAT, TAG_FMT_CONLL, TAG_FMT_HTML
} tag_format;

typedef enum tag_input_kind {
    TAG_IN_DOCS,  /* a file is a document */
    TAG_IN_LINES, /* --lines: a line is a document */
    TAG_IN_JSONL, /* --jsonl: a line is a JSON record */
    TAG_IN_CONLL  /* --input conll: a block of token lines is a sentence */
} tag_input_kind;

typedef struct tag_opts {
    const char *gaz_paths[GAZTAG_MAX_LAYERS];
    size_t n_gaz;
    unsigned flags;         /* GAZTAG_TAG_ALL, GAZTAG_TAG_NO_PROPAGATION */
    size_t window;          /* --propagation-window (SIZE_MAX: not given) */
    const char *rules_dir;  /* --rules */
    bool no_rules;          /* --no-rules */
    tag_input_kind input;
    tag_format format;
    const char *text_field; /* --jsonl */
    const char *glob;       /* --glob, on file names found in directories */
    const char *out_dir;    /* --format brat */
    bool skip_errors;       /* --on-error skip */
    int progress;           /* -1 --quiet, 0 when stderr is a terminal, 1 */
    long jobs;              /* -j */
    bool many;              /* several inputs: name each record's document */
} tag_opts;

/* ---------------------------------------------------------- tag_inputs.c */

/* The input paths: files as given, directories walked recursively in
 * bytewise sorted order (regular files whose name matches the glob, if
 * any), "-" for standard input.  total_bytes sums regular files' sizes
 * (0 when unknown: standard input that is not a regular file). */
typedef struct tag_inputs {
    char **paths;
    size_t n, cap;
    unsigned long long total_bytes;
    bool total_known;
    bool has_dir; /* a directory was named */
} tag_inputs;

/* -1 after printing an error (an unreadable directory, no memory). */
int tag_inputs_collect(tag_inputs *in, char **args, int n, const char *glob);
void tag_inputs_free(tag_inputs *in);

/* ----------------------------------------------------------- units */

/* An error found in a unit: written to stderr when the output before it,
 * out[0..at), has been written. */
typedef struct tag_error {
    size_t at;
    char *msg;   /* "FILE:LINE: reason", malloc'd */
    bool record; /* a bad record (skippable); else always fatal */
} tag_error;

/* A label's count in a unit (for the HTML legend). */
typedef struct tag_count {
    const char *label; /* borrowed from the gazetteer */
    size_t n;
} tag_count;

typedef struct tag_unit {
    const char *name;   /* the input's path, borrowed */
    size_t first_line;  /* line number of the first record (from 1) */
    char *data;         /* the input bytes (malloc'd) */
    size_t len;
    size_t n_docs;      /* documents or records, for the progress line */
    size_t in_bytes;    /* input bytes consumed, for the progress line */
    bool whole_doc;     /* data is one whole document */
    /* results */
    char *out;
    size_t out_len;
    tag_error *errors;
    size_t n_errors;
    tag_count *counts;
    size_t n_counts;
} tag_unit;

void tag_unit_clear(tag_unit *u); /* frees everything, zeroes */

/* ---------------------------------------------------------- tag_work.c */

/* A worker's state: its tagger and the options. */
typedef struct tag_worker {
    gaztag_tagger *t; /* made at the worker's first unit: a run that only
                       * streams one large document never needs it */
    const cli_gaz *gz;
    const gaztag_rules *rules;
    const gaztag_gazetteer *g; /* the base gazetteer, for gaztag_span_entry */
    const tag_opts *o;
    json_out *jw; /* made once, not per record (a 64 KiB buffer) */
} tag_worker;

/* Tag a unit and fill its results; -1 only when memory ran out or the
 * tagger failed (the unit then carries a fatal error). */
int tag_work(tag_worker *w, tag_unit *u);

/* Record an error on a unit at its current output position. */
void tag_unit_error(tag_unit *u, FILE *out, bool record, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---------------------------------------------------------- tag_pool.c */

typedef struct tag_pool tag_pool;

/* Called on the main thread with each finished unit, in input order: writes
 * it; -1 stops everything (an error was reported). */
typedef int (*tag_emit_fn)(void *ctx, tag_unit *u);

/* Start `n` workers (taggers over gz, applying `rules` unless NULL); NULL
 * after printing an error. */
tag_pool *tag_pool_new(const cli_gaz *gz, const gaztag_rules *rules,
                       const tag_opts *o, long n, tag_emit_fn emit, void *ctx);
/* Hand over a unit (its input filled; the pool owns it from here); blocks
 * while the pool is full, emitting finished units meanwhile.  -1: stop. */
int tag_pool_submit(tag_pool *p, tag_unit *u);
/* Wait for every unit handed over and emit them; -1: stop. */
int tag_pool_drain(tag_pool *p);
void tag_pool_free(tag_pool *p); /* after drain; frees units left */

/* ---------------------------------------------------------- tag_rules.c */

/* The rules of a run, loaded once and shared read-only by every tagger:
 * --rules DIR, else $GAZTAG_RULES, else gaztag-rules/ beside the program,
 * else the installed rules directory.  *out is NULL with --no-rules or
 * when neither of the last two exists; -1 after printing an error (a
 * directory that cannot be loaded: FILE:LINE: reason). */
int tag_rules_open(const tag_opts *o, gaztag_rules **out);

/* ------------------------------------------------------- tag_progress.c */

typedef struct tag_progress {
    bool on;
    size_t docs;
    unsigned long long bytes, total;
    bool total_known;
    double start, last; /* seconds */
    bool shown;
} tag_progress;

void tag_progress_start(tag_progress *p, bool on, unsigned long long total,
                        bool total_known);
void tag_progress_add(tag_progress *p, size_t docs, unsigned long long bytes);
void tag_progress_end(tag_progress *p); /* final line, then cleared */

/* ------------------------------------------------- cmd_tag.c, tag_read.c */

/* A run of `gaztag tag`: what the reader and the writer share. */
typedef struct tag_run {
    const tag_opts *o;
    const cli_gaz *gz;
    const gaztag_rules *rules; /* NULL: gazetteer matches only */
    tag_pool *pool;
    gaztag_tagger *main_t; /* for streamed documents, made when needed */
    tag_progress progress;
    size_t skipped;        /* bad records (--on-error skip) */
    tag_count *counts;     /* labels over the whole run (HTML legend) */
    size_t n_counts;
    int status;            /* exit status so far */
} tag_run;

/* Read one input (a path or "-") into units handed to the pool, or stream
 * a large document; -1: stop (an error was reported, r->status set). */
int tag_read_input(tag_run *r, const char *path);
/* Tag a document too large for a unit on the main thread, in pieces: the
 * `len` bytes already read from `in` (a malloc'd buffer, taken over), then
 * the rest of `in`.  JSON Lines and TSV only. */
int tag_stream_doc(tag_run *r, const char *name, FILE *in, char *data,
                   size_t len, size_t cap);
/* Standard output failed: report errno (quietly for EPIPE), status 1. */
void tag_stdout_failed(tag_run *r);

/* ------------------------------------------------------------ formats */

/* What a format needs of a document or record. */
typedef struct tag_doc {
    const char *name; /* the input's path */
    size_t line;      /* the record's line (0: a whole document) */
    const char *text; /* the text tagged */
    size_t len;
    const char *record;    /* --jsonl: the record's bytes, and the */
    size_t record_len;     /* members to copy: [mbeg[i], mend[i]) */
    const size_t *mbeg, *mend;
    size_t n_members;
} tag_doc;

/* JSON Lines (write_records.c): one object per document or record. */
void jsonl_doc(json_out *w, FILE *f, const tag_opts *o,
               const gaztag_gazetteer *g, const tag_doc *d,
               const gaztag_span *s, size_t n);
/* TSV (write_tsv.c): the header, then one row per span. */
void tsv_header(FILE *f);
void tsv_doc_name(char *buf, size_t cap, const tag_doc *d);
void tsv_spans(FILE *f, const char *doc, const gaztag_span *s, size_t n);
/* brat standoff (write_brat.c): NAME.txt and NAME.ann in o->out_dir;
 * -1 with errno set when a file cannot be written. */
int brat_doc(const tag_opts *o, const tag_doc *d, const gaztag_span *s,
             size_t n, char *err, size_t err_cap);
/* CoNLL (write_conll.c): tokens and IOB2 tags, sentences split after
 * . ! ?, "-DOCSTART-" before each document. */
int conll_doc(FILE *f, const tag_doc *d, const gaztag_span *s, size_t n);
/* --input conll: `text` holds a sentence's lines; they are written back
 * with an IOB2 column.  The tokens were joined into d->text. */
int conll_sentence(FILE *f, gaztag_tagger *t, unsigned flags,
                   const char *lines, size_t len);
/* HTML (write_html.c): the page's head and foot around documents. */
void html_head(FILE *f);
void html_doc(FILE *f, const gaztag_gazetteer *g, const tag_doc *d,
              const gaztag_span *s, size_t n);
void html_foot(FILE *f, const tag_count *c, size_t n);
/* Shared escaping: TSV field (\t \n \\ \r), HTML text. */
void tsv_field(FILE *f, const char *s, size_t len);
void html_text(FILE *f, const char *s, size_t len);
/* The colour of a label (HTML). */
const char *html_colour(const char *label);

#endif
