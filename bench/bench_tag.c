/*
 * bench_tag.c -- compile, open and tagging throughput of libgaztag, with a
 * tokenize-only floor measured in the same run on the same bytes.
 *
 *   bench_tag --gaz SOURCE.tsv --corpus TEXT [OPTIONS]
 *   bench_tag --compiled FILE.gaz --corpus TEXT [OPTIONS]
 *   bench_tag --open-only FILE.gaz [--kv]
 *
 * OPTIONS: --repeat N, --threads N, --kv.
 *
 * Every timed step runs N times (default 3) and the median is reported, with
 * the fastest and slowest run beside it.  Opening is timed over many
 * open+close pairs since one takes microseconds.  The corpus is read into
 * memory once and cut into ~64 KiB chunks at line ends before any timing,
 * as a pipeline hands paragraphs to a tagger; it is also tagged whole.
 * With --threads N (N > 1) the chunks are also tagged by N threads sharing
 * one gazetteer, each with its own tagger, taking the next chunk from an
 * atomic counter.  --compiled skips the compile step and uses a file made
 * by `gaztag compile`; --open-only times opening it and nothing else.  --kv
 * prints key=value lines for scripts (bench/run) instead of the table: the
 * best (smallest) time of the N runs for compiling and tagging, the
 * estimator bench/run uses for every tool, and the median for opening.
 * Uses include/gaztag.h only, like the CLI.  See bench/README.md.
 */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"
#include "gaztag.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define CHUNK_TARGET 65536 /* bytes of text per gaztag_tag_text() call */
#define OPEN_ROUNDS 100
#define VERIFY_ROUNDS 10
#define FLOOR_SCRATCH 4096 /* longer words are classified but not copied */
#define MAX_THREADS 64

typedef struct bench_opts {
    const char *gaz_path;      /* the TSV source (--gaz) or the .gaz file */
    bool precompiled;          /* gaz_path is a .gaz (--compiled) */
    bool open_only;            /* --open-only: no corpus, no tagging */
    const char *corpus_path;
    int repeat;
    int threads;               /* > 1: also tag with this many threads */
    bool kv;                   /* key=value lines instead of the table */
} bench_opts;

typedef struct timing {
    double median, min, max; /* seconds */
} timing;

typedef struct corpus {
    char *text;
    size_t len;
    size_t *ends; /* chunk i is text[ends[i - 1] .. ends[i]), ends[-1] = 0 */
    size_t n_chunks;
} corpus;

typedef struct results {
    timing parse, compile, open, verify, chunked, whole, floor, threaded;
    timing single; /* one thread, in turns with the threaded passes */
    gaztag_info info;
    size_t spans_chunked, spans_whole, spans_threaded, floor_words;
    long rss_after_compile_kib, rss_end_kib;
} results;

/* ------------------------------------------------------------- utilities */

/* Median, min and max of n > 0 samples (sorts them in place). */
static timing summarize(double *samples, size_t n)
{
    timing t;
    qsort(samples, n, sizeof *samples, bench_compare_doubles);
    t.min = samples[0];
    t.max = samples[n - 1];
    t.median = n % 2 ? samples[n / 2]
                     : (samples[n / 2 - 1] + samples[n / 2]) / 2;
    return t;
}

/* Peak resident set size so far, in KiB (Linux reports ru_maxrss so). */
static long peak_rss_kib(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

static double megabytes_per_second(size_t bytes, double seconds)
{
    return seconds > 0 ? (double)bytes / 1e6 / seconds : 0;
}

/* --------------------------------------------------------------- options */

static int usage(void)
{
    fputs("usage: bench_tag --gaz SOURCE.tsv --corpus TEXT [--repeat N] "
          "[--threads N] [--kv]\n"
          "       bench_tag --compiled FILE.gaz --corpus TEXT [--repeat N] "
          "[--threads N] [--kv]\n"
          "       bench_tag --open-only FILE.gaz [--kv]\n",
          stderr);
    return 2;
}

/* Set the gazetteer once: --gaz, --compiled and --open-only exclude each
 * other. */
static int set_gaz(bench_opts *o, const char *path, bool precompiled,
                   bool open_only)
{
    if (o->gaz_path)
        return -1;
    o->gaz_path = path;
    o->precompiled = precompiled;
    o->open_only = open_only;
    return 0;
}

/* An option and its value; 0, or -1 for an unknown option. */
static int parse_option(bench_opts *o, const char *arg, const char *value)
{
    if (strcmp(arg, "--gaz") == 0)
        return set_gaz(o, value, false, false);
    if (strcmp(arg, "--compiled") == 0)
        return set_gaz(o, value, true, false);
    if (strcmp(arg, "--open-only") == 0)
        return set_gaz(o, value, true, true);
    if (strcmp(arg, "--corpus") == 0)
        o->corpus_path = value;
    else if (strcmp(arg, "--repeat") == 0)
        o->repeat = atoi(value);
    else if (strcmp(arg, "--threads") == 0)
        o->threads = atoi(value);
    else
        return -1;
    return 0;
}

/* 0 on success, -1 for a bad command line. */
static int parse_args(int argc, char **argv, bench_opts *o)
{
    memset(o, 0, sizeof *o);
    o->repeat = 3;
    o->threads = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--kv") == 0)
            o->kv = true;
        else if (i + 1 >= argc || parse_option(o, argv[i], argv[i + 1]) < 0)
            return -1;
        else
            i++;
    }
    if (!o->gaz_path || o->repeat < 1 || o->threads < 1 ||
        o->threads > MAX_THREADS)
        return -1;
    return o->open_only == !o->corpus_path ? 0 : -1;
}

/* --------------------------------------------------------------- compile */

/* Compile `tsv` into `out`; adds the parse and the total time. */
static int compile_once(const char *tsv, const char *out, double *parse_s,
                        double *total_s)
{
    gaztag_builder *b = NULL;
    double t0 = bench_now();
    gaztag_status st = gaztag_builder_new(0, &b);
    if (st == GAZTAG_OK)
        st = gaztag_builder_add_file(b, tsv);
    double t1 = bench_now();
    if (st == GAZTAG_OK)
        st = gaztag_builder_write(b, out);
    double t2 = bench_now();
    if (st != GAZTAG_OK)
        fprintf(stderr, "bench_tag: compile: %s\n",
                b ? gaztag_builder_errmsg(b) : gaztag_strerror(st));
    gaztag_builder_free(b);
    *parse_s = t1 - t0;
    *total_s = t2 - t0;
    return st == GAZTAG_OK ? 0 : -1;
}

static int bench_compile(const bench_opts *o, const char *out, results *r)
{
    double *parse = calloc((size_t)o->repeat, sizeof *parse);
    double *total = calloc((size_t)o->repeat, sizeof *total);
    int rc = parse && total ? 0 : -1;
    for (int i = 0; rc == 0 && i < o->repeat; i++)
        rc = compile_once(o->gaz_path, out, &parse[i], &total[i]);
    if (rc == 0) {
        r->parse = summarize(parse, (size_t)o->repeat);
        r->compile = summarize(total, (size_t)o->repeat);
    }
    free(parse);
    free(total);
    return rc;
}

/* ------------------------------------------------------------------ open */

/* Time `rounds` open+close pairs of `path`; the info comes with them. */
static int time_opens(const char *path, unsigned flags, size_t rounds,
                      timing *out, gaztag_info *info)
{
    double *samples = calloc(rounds, sizeof *samples);
    int rc = samples ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < rounds; i++) {
        gaztag_gazetteer *g;
        double t0 = bench_now();
        gaztag_status st = gaztag_open(path, flags, &g);
        if (st == GAZTAG_OK)
            gaztag_get_info(g, info);
        else
            fprintf(stderr, "bench_tag: %s\n", gaztag_errmsg(g));
        gaztag_close(g);
        samples[i] = bench_now() - t0;
        rc = st == GAZTAG_OK ? 0 : -1;
    }
    if (rc == 0)
        *out = summarize(samples, rounds);
    free(samples);
    return rc;
}

static int bench_open(const char *path, results *r)
{
    if (time_opens(path, 0, OPEN_ROUNDS, &r->open, &r->info) < 0)
        return -1;
    return time_opens(path, GAZTAG_OPEN_VERIFY, VERIFY_ROUNDS, &r->verify,
                      &r->info);
}

/* ---------------------------------------------------------------- corpus */

/* Where the chunk starting at `start` ends: after the last line end within
 * CHUNK_TARGET bytes, or after the first one beyond if a line is longer. */
static size_t chunk_end(const char *text, size_t len, size_t start)
{
    if (len - start <= CHUNK_TARGET)
        return len;
    for (size_t i = start + CHUNK_TARGET; i > start; i--)
        if (text[i - 1] == '\n')
            return i;
    const char *nl = memchr(text + start + CHUNK_TARGET, '\n',
                            len - start - CHUNK_TARGET);
    return nl ? (size_t)(nl - text) + 1 : len;
}

static int split_chunks(corpus *c)
{
    size_t cap = c->len / (CHUNK_TARGET / 2) + 2;
    c->ends = malloc(cap * sizeof *c->ends);
    c->n_chunks = 0;
    if (!c->ends)
        return -1;
    for (size_t start = 0; start < c->len;) {
        if (c->n_chunks == cap) {
            size_t *p = realloc(c->ends, 2 * cap * sizeof *c->ends);
            if (!p)
                return -1;
            c->ends = p;
            cap *= 2;
        }
        start = chunk_end(c->text, c->len, start);
        c->ends[c->n_chunks++] = start;
    }
    return 0;
}

/* --------------------------------------------------------------- tagging */

static int tag_range(gaztag_tagger *t, const char *text, size_t len,
                     size_t *spans)
{
    const gaztag_span *s;
    size_t n;
    gaztag_status st = gaztag_tag_text(t, text, len, 0, &s, &n);
    if (st != GAZTAG_OK) {
        fprintf(stderr, "bench_tag: tagging failed: %s\n",
                gaztag_strerror(st));
        return -1;
    }
    *spans += n;
    return 0;
}

static int tag_chunks(gaztag_tagger *t, const corpus *c, size_t *spans)
{
    size_t start = 0;
    *spans = 0;
    for (size_t i = 0; i < c->n_chunks; i++) {
        if (tag_range(t, c->text + start, c->ends[i] - start, spans) < 0)
            return -1;
        start = c->ends[i];
    }
    return 0;
}

static int tag_whole(gaztag_tagger *t, const corpus *c, size_t *spans)
{
    *spans = 0;
    return tag_range(t, c->text, c->len, spans);
}

typedef int (*tag_fn)(gaztag_tagger *t, const corpus *c, size_t *spans);

/* Run `fn` `repeat` times; the span count must not change between runs. */
static int time_tagging(gaztag_tagger *t, const corpus *c, int repeat,
                        tag_fn fn, timing *out, size_t *spans)
{
    double *samples = calloc((size_t)repeat, sizeof *samples);
    int rc = samples ? 0 : -1;
    for (int i = 0; rc == 0 && i < repeat; i++) {
        size_t n;
        double t0 = bench_now();
        rc = fn(t, c, &n);
        samples[i] = bench_now() - t0;
        if (rc == 0 && i > 0 && n != *spans) {
            fprintf(stderr, "bench_tag: span count changed between runs\n");
            rc = -1;
        }
        *spans = n;
    }
    if (rc == 0)
        *out = summarize(samples, (size_t)repeat);
    free(samples);
    return rc;
}

/* One thread's share of a threaded pass: chunks are taken in order from a
 * shared atomic counter, so a slow chunk does not hold the others back. */
typedef struct worker {
    gaztag_tagger *tagger; /* its own: taggers are per thread */
    const corpus *c;
    atomic_size_t *next_chunk;
    size_t spans;
    int rc;
    pthread_t thread;
} worker;

static void *tag_worker(void *arg)
{
    worker *w = arg;
    const corpus *c = w->c;
    size_t i;
    while ((i = atomic_fetch_add(w->next_chunk, 1)) < c->n_chunks) {
        size_t start = i ? c->ends[i - 1] : 0;
        if (tag_range(w->tagger, c->text + start, c->ends[i] - start,
                      &w->spans) < 0) {
            w->rc = -1;
            break;
        }
    }
    return NULL;
}

/* Tag every chunk once with n threads; the spans of all of them add up. */
static int tag_threaded_once(worker *w, int n, const corpus *c, size_t *spans)
{
    atomic_size_t next_chunk;
    int started = 0, rc = 0;
    atomic_init(&next_chunk, 0);
    for (; started < n; started++) {
        w[started].c = c;
        w[started].next_chunk = &next_chunk;
        w[started].spans = 0;
        w[started].rc = 0;
        if (pthread_create(&w[started].thread, NULL, tag_worker,
                           &w[started]) != 0) {
            rc = -1; /* the threads already started finish the work */
            break;
        }
    }
    *spans = 0;
    for (int i = 0; i < started; i++) {
        pthread_join(w[i].thread, NULL);
        rc = w[i].rc < 0 ? -1 : rc;
        *spans += w[i].spans;
    }
    return rc;
}

/* Time `repeat` threaded passes, each in turn with a pass of one thread
 * over the same chunks (so that the ratio of the two comes from the same
 * minutes of a shared machine); each must find the single thread's
 * spans. */
static int bench_threads(const gaztag_gazetteer *g, const corpus *c,
                         const bench_opts *o, results *r)
{
    worker w[MAX_THREADS];
    double *samples = calloc((size_t)o->repeat, sizeof *samples);
    double *single = calloc((size_t)o->repeat, sizeof *single);
    int made = 0, rc = samples && single ? 0 : -1;
    memset(w, 0, sizeof w);
    for (; rc == 0 && made < o->threads; made++)
        if (gaztag_tagger_new(g, &w[made].tagger) != GAZTAG_OK)
            rc = -1;
    for (int i = 0; rc == 0 && i < o->repeat; i++) {
        size_t n;
        double t0 = bench_now();
        rc = tag_chunks(w[0].tagger, c, &n);
        single[i] = bench_now() - t0;
        if (rc == 0 && n != r->spans_chunked) {
            fprintf(stderr, "bench_tag: span count changed between runs\n");
            rc = -1;
        }
        if (rc < 0)
            break;
        t0 = bench_now();
        rc = tag_threaded_once(w, o->threads, c, &r->spans_threaded);
        samples[i] = bench_now() - t0;
        if (rc == 0 && r->spans_threaded != r->spans_chunked) {
            fprintf(stderr, "bench_tag: %zu spans with %d threads, %zu with "
                    "one\n", r->spans_threaded, o->threads, r->spans_chunked);
            rc = -1;
        }
    }
    if (rc == 0) {
        r->threaded = summarize(samples, (size_t)o->repeat);
        r->single = summarize(single, (size_t)o->repeat);
    }
    for (int i = 0; i < made; i++)
        gaztag_tagger_free(w[i].tagger);
    free(samples);
    free(single);
    return rc;
}

static int bench_tagging(const char *gaz, const corpus *c,
                         const bench_opts *o, results *r)
{
    gaztag_gazetteer *g;
    gaztag_tagger *t = NULL;
    int rc = -1;
    if (gaztag_open(gaz, 0, &g) != GAZTAG_OK) {
        fprintf(stderr, "bench_tag: %s\n", gaztag_errmsg(g));
        goto done;
    }
    if (gaztag_tagger_new(g, &t) != GAZTAG_OK)
        goto done;
    rc = time_tagging(t, c, o->repeat, tag_chunks, &r->chunked,
                      &r->spans_chunked);
    if (rc == 0)
        rc = time_tagging(t, c, o->repeat, tag_whole, &r->whole,
                          &r->spans_whole);
    if (rc == 0 && o->threads > 1)
        rc = bench_threads(g, c, o, r);
done:
    gaztag_tagger_free(t);
    gaztag_close(g);
    return rc;
}

/* ----------------------------------------------------------------- floor */

/* Byte classes of the floor: ASCII letters and digits are word bytes, and
 * so is every byte >= 0x80, so that UTF-8 letters stay inside words. */
typedef struct floor_tables {
    unsigned char word[256], lower[256];
} floor_tables;

static void floor_tables_init(floor_tables *ft)
{
    for (int b = 0; b < 256; b++) {
        ft->word[b] = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') ||
                      (b >= 'A' && b <= 'Z') || b >= 0x80;
        ft->lower[b] = (unsigned char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
    }
}

/* The floor: split the bytes into words and copy each word lowercased into
 * a scratch buffer, as a tagger must before any lookup.  Returns the word
 * count; *check reads the scratch back at a data-dependent index so that
 * the compiler keeps every store. */
static size_t floor_scan(const floor_tables *ft, const unsigned char *s,
                         size_t len, unsigned char *scratch, unsigned *check)
{
    size_t words = 0, i = 0;
    while (i < len) {
        while (i < len && !ft->word[s[i]])
            i++;
        size_t n = 0;
        for (; i < len && ft->word[s[i]]; i++, n++)
            if (n < FLOOR_SCRATCH)
                scratch[n] = ft->lower[s[i]];
        if (n) {
            words++;
            *check += scratch[(n - 1) % FLOOR_SCRATCH / 2];
        }
    }
    return words;
}

static int bench_floor(const corpus *c, int repeat, results *r)
{
    double *samples = calloc((size_t)repeat, sizeof *samples);
    unsigned char *scratch = malloc(FLOOR_SCRATCH);
    floor_tables ft;
    unsigned check = 0;
    int rc = samples && scratch ? 0 : -1;
    floor_tables_init(&ft);
    for (int i = 0; rc == 0 && i < repeat; i++) {
        double t0 = bench_now();
        r->floor_words = floor_scan(&ft, (const unsigned char *)c->text,
                                    c->len, scratch, &check);
        samples[i] = bench_now() - t0;
    }
    if (rc == 0)
        r->floor = summarize(samples, (size_t)repeat);
    volatile unsigned sink = check; /* the scan's result is used */
    (void)sink;
    free(samples);
    free(scratch);
    return rc;
}

/* ---------------------------------------------------------------- report */

static void print_time_row(const char *what, const timing *t, double scale,
                           const char *unit, const char *rate)
{
    printf("%-26s %9.3f %-2s %9.3f %9.3f  %s\n", what, t->median * scale, unit,
           t->min * scale, t->max * scale, rate);
}

static void print_tag_row(const char *what, const timing *t, size_t bytes,
                          size_t spans, double floor_mbs)
{
    char rate[128];
    double mbs = megabytes_per_second(bytes, t->median);
    snprintf(rate, sizeof rate, "%8.1f MB/s    %zu spans, %.3f x floor", mbs,
             spans, floor_mbs > 0 ? mbs / floor_mbs : 0);
    print_time_row(what, t, 1, "s", rate);
}

static void print_gazetteer(const bench_opts *o, const results *r)
{
    const gaztag_info *in = &r->info;
    char rate[128];
    printf("gazetteer: %s: %u entries, %u token keys, %u phrases, "
           "%u labels\n", o->gaz_path, in->n_entries, in->n_vocab,
           in->n_phrases, in->n_labels);
    printf("%-26s %12s %9s %9s  %s\n", "step", "median", "min", "max",
           "rate / result");
    if (!o->precompiled) {
        snprintf(rate, sizeof rate, "%8.0f entries/s (read+parse %.3f s)",
                 in->n_entries / r->compile.median, r->parse.median);
        print_time_row("compile TSV -> .gaz", &r->compile, 1, "s", rate);
    }
    snprintf(rate, sizeof rate, "%8llu bytes, %.1f bytes/entry",
             (unsigned long long)in->file_size,
             in->n_entries ? (double)in->file_size / in->n_entries : 0.0);
    print_time_row("open+close", &r->open, 1e6, "us", rate);
    print_time_row("open+close, VERIFY", &r->verify, 1e3, "ms",
                   "body CRC-32C over the whole file");
}

static void print_report(const bench_opts *o, const corpus *c,
                         const results *r)
{
    char rate[128], what[64];
    double floor_mbs = megabytes_per_second(c->len, r->floor.median);
    printf("bench_tag: gaztag %s, median of %d run%s (min, max beside)\n",
           gaztag_version(), o->repeat, o->repeat == 1 ? "" : "s");
    if (!o->open_only)
        printf("corpus:    %s: %zu bytes, %zu chunks of ~%d KiB\n",
               o->corpus_path, c->len, c->n_chunks, CHUNK_TARGET / 1024);
    print_gazetteer(o, r);
    if (o->open_only)
        return;
    print_tag_row("tag, ~64 KiB chunks", &r->chunked, c->len,
                  r->spans_chunked, floor_mbs);
    print_tag_row("tag, whole corpus", &r->whole, c->len, r->spans_whole,
                  floor_mbs);
    if (o->threads > 1) {
        double mbs = megabytes_per_second(c->len, r->threaded.median);
        snprintf(what, sizeof what, "tag, chunks, %d threads", o->threads);
        snprintf(rate, sizeof rate, "%8.1f MB/s    %.2f x one thread in turns",
                 mbs, mbs / megabytes_per_second(c->len, r->single.median));
        print_time_row(what, &r->threaded, 1, "s", rate);
    }
    snprintf(rate, sizeof rate, "%8.1f MB/s    %zu words", floor_mbs,
             r->floor_words);
    print_time_row("floor: split+lowercase", &r->floor, 1, "s", rate);
    printf("%-26s %9.1f MB (%.1f MB after %s)\n", "peak RSS",
           (double)r->rss_end_kib / 1024,
           (double)r->rss_after_compile_kib / 1024,
           o->precompiled ? "opening" : "compiling");
}

/* The same figures as key=value lines (seconds, MB = 10^6 bytes). */
static void print_kv(const bench_opts *o, const corpus *c, const results *r)
{
    const gaztag_info *in = &r->info;
    printf("version=%s\nrepeat=%d\nentries=%u\nvocab=%u\nphrases=%u\n"
           "labels=%u\ngaz_bytes=%llu\nbytes_per_entry=%.2f\n",
           gaztag_version(), o->repeat, in->n_entries, in->n_vocab,
           in->n_phrases, in->n_labels, (unsigned long long)in->file_size,
           in->n_entries ? (double)in->file_size / in->n_entries : 0.0);
    if (!o->precompiled)
        printf("compile_s=%.6f\n", r->compile.min);
    printf("open_s=%.9f\nopen_verify_s=%.6f\n", r->open.median,
           r->verify.median);
    if (o->open_only)
        return;
    printf("corpus_bytes=%zu\nchunks=%zu\nspans=%zu\nspans_whole=%zu\n"
           "scan_s=%.6f\nscan_mbs=%.3f\nwhole_s=%.6f\nwhole_mbs=%.3f\n"
           "floor_s=%.6f\nfloor_mbs=%.3f\nfloor_words=%zu\n",
           c->len, c->n_chunks, r->spans_chunked, r->spans_whole,
           r->chunked.min, megabytes_per_second(c->len, r->chunked.min),
           r->whole.min, megabytes_per_second(c->len, r->whole.min),
           r->floor.min, megabytes_per_second(c->len, r->floor.min),
           r->floor_words);
    if (o->threads > 1)
        printf("threads=%d\nthreaded_s=%.6f\nthreaded_mbs=%.3f\n"
               "single_s=%.6f\nsingle_mbs=%.3f\n", o->threads,
               r->threaded.min, megabytes_per_second(c->len, r->threaded.min),
               r->single.min, megabytes_per_second(c->len, r->single.min));
    printf("rss_kib=%ld\n", r->rss_end_kib);
}

/* ------------------------------------------------------------------ main */

/* A fresh temporary path for the compiled gazetteer. */
static int temp_gaz_path(char *buf, size_t cap)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    if ((size_t)snprintf(buf, cap, "%s/bench_tag.XXXXXX", dir) >= cap)
        return -1;
    int fd = mkstemp(buf);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

/* Compile the source into a temporary file, or take the given .gaz. */
static int prepare_gazetteer(const bench_opts *o, char *tmp, size_t cap,
                             const char **gaz, results *r)
{
    if (o->precompiled) {
        *gaz = o->gaz_path;
        return 0;
    }
    if (temp_gaz_path(tmp, cap) < 0) {
        fprintf(stderr, "bench_tag: temporary file: %s\n", strerror(errno));
        tmp[0] = '\0';
        return -1;
    }
    *gaz = tmp;
    return bench_compile(o, tmp, r);
}

static int bench_corpus(const bench_opts *o, const char *gaz, corpus *c,
                        results *r)
{
    if (bench_read_file(o->corpus_path, &c->text, &c->len) < 0) {
        fprintf(stderr, "bench_tag: %s: %s\n", o->corpus_path,
                strerror(errno ? errno : ENOMEM));
        return -1;
    }
    if (split_chunks(c) < 0 || bench_floor(c, o->repeat, r) < 0)
        return -1;
    return bench_tagging(gaz, c, o, r);
}

int main(int argc, char **argv)
{
    bench_opts o;
    corpus c = {NULL, 0, NULL, 0};
    results r;
    char tmp[4096] = "";
    const char *gaz;
    int rc = 1;
    memset(&r, 0, sizeof r);
    if (parse_args(argc, argv, &o) < 0)
        return usage();
    if (prepare_gazetteer(&o, tmp, sizeof tmp, &gaz, &r) < 0 ||
        bench_open(gaz, &r) < 0)
        goto done;
    r.rss_after_compile_kib = peak_rss_kib();
    if (!o.open_only && bench_corpus(&o, gaz, &c, &r) < 0)
        goto done;
    r.rss_end_kib = peak_rss_kib();
    if (o.kv)
        print_kv(&o, &c, &r);
    else
        print_report(&o, &c, &r);
    rc = 0;
done:
    if (tmp[0])
        unlink(tmp);
    free(c.text);
    free(c.ends);
    return rc;
}
