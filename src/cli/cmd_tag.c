/*
 * cmd_tag.c -- gaztag tag: options, and the writer of the units' output.
 *
 * The reader (tag_read.c) hands units to the worker pool (tag_pool.c);
 * the pool calls emit_unit() here with each finished unit in input order,
 * which writes its output and reports its errors where they belong in the
 * output: everything before a bad record is written before its message.
 */
#define _POSIX_C_SOURCE 200809L
#include "tag.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef GAZTAG_BIN_TO_DATA
#define GAZTAG_BIN_TO_DATA "../share/gaztag" /* (CMake says) */
#endif
#ifndef GAZTAG_DATADIR
#define GAZTAG_DATADIR "/usr/local/share/gaztag"
#endif

char *cli_beside_program(const char *name)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    size_t dir = slash ? (size_t)(slash - exe) + 1 : 0, len = strlen(name);
    char *path = malloc(dir + len + 1);
    if (path) {
        memcpy(path, exe, dir);
        memcpy(path + dir, name, len + 1);
    }
    return path;
}

/* path if it can be read, else NULL (and path is freed). */
static char *readable(char *path)
{
    if (path && access(path, R_OK) == 0)
        return path;
    free(path);
    return NULL;
}

char *cli_data_path(const char *in_build, const char *installed)
{
    char rel[PATH_MAX];
    char *path = readable(cli_beside_program(in_build));
    if (path || snprintf(rel, sizeof rel, "%s/%s", GAZTAG_BIN_TO_DATA,
                         installed) >= (int)sizeof rel)
        return path;
    return readable(cli_beside_program(rel));
}

const char *cli_default_gazetteer(bool *owned)
{
    const char *env = getenv("GAZTAG_GAZETTEER");
    *owned = false;
    if (env && *env)
        return env;
    char *path = cli_data_path("gaztag-default.gaz", "default.gaz");
    if (path) {
        *owned = true;
        return path;
    }
    return GAZTAG_DATADIR "/default.gaz";
}

static void merge_counts(tag_run *r, const tag_unit *u)
{
    for (size_t i = 0; i < u->n_counts; i++) {
        size_t j = 0;
        while (j < r->n_counts && strcmp(r->counts[j].label, u->counts[i].label))
            j++;
        if (j == r->n_counts) {
            tag_count *c = realloc(r->counts, (j + 1) * sizeof *c);
            if (!c)
                continue; /* the legend undercounts; the spans are shown */
            r->counts = c;
            c[r->n_counts++] = (tag_count){u->counts[i].label, 0};
        }
        r->counts[j].n += u->counts[i].n;
    }
}

/* Standard output failed (errno says why).  EPIPE, the reader went away
 * with SIGPIPE ignored (else the signal ends the program), stops the run
 * quietly with status 1, as the signal would have without a word. */
void tag_stdout_failed(tag_run *r)
{
    if (errno != EPIPE)
        cli_error("standard output: %s", strerror(errno));
    r->status = TAG_EXIT_ERROR;
}

static int emit_unit(void *ctx, tag_unit *u)
{
    tag_run *r = ctx;
    size_t at = 0;
    for (size_t i = 0; i < u->n_errors; i++) {
        const tag_error *e = &u->errors[i];
        fwrite(u->out + at, 1, e->at - at, stdout);
        at = e->at;
        fflush(stdout);
        cli_error("%s", e->msg);
        if (!e->record || !r->o->skip_errors) {
            r->status = TAG_EXIT_ERROR;
            return -1;
        }
        r->skipped++;
    }
    if (u->n_errors == 0 && !u->out && u->len) {
        cli_error("out of memory");
        r->status = TAG_EXIT_ERROR;
        return -1;
    }
    fwrite(u->out + at, 1, u->out_len - at, stdout);
    if (ferror(stdout)) {
        tag_stdout_failed(r);
        return -1;
    }
    merge_counts(r, u);
    tag_progress_add(&r->progress, u->n_docs, u->in_bytes);
    return 0;
}

static const char tag_usage[] =
    "usage: gaztag tag [-g GAZ]... [--all] [--lines | --jsonl [--text-field "
    "NAME] | --input conll]\n"
    "                  [--format jsonl|tsv|brat|conll|html] [--out-dir DIR] "
    "[--glob PATTERN]\n"
    "                  [--no-rules | --rules DIR] [--no-propagation |\n"
    "                  --propagation-window BYTES] [-j N]\n"
    "                  [--on-error stop|skip] [--progress | --quiet] "
    "[FILE|DIR...]";

static int usage_error(const char *why)
{
    if (why)
        cli_error("%s", why);
    cli_error("%s", tag_usage);
    return -1;
}

static int parse_format(const char *s, tag_opts *o)
{
    static const char *const names[] = {"jsonl", "tsv", "brat", "conll",
                                        "html"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i]) == 0) {
            o->format = (tag_format)i;
            return 0;
        }
    }
    return usage_error("--format: jsonl, tsv, brat, conll or html");
}

static int parse_jobs(const char *s, tag_opts *o)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno || *end || end == s || n < 1 || n > 1024)
        return usage_error("-j: a number of threads from 1 to 1024");
    o->jobs = n;
    return 0;
}

/* --propagation-window: bytes, or KiB and MiB with a K or M after them
 * (0: to the document's end). */
static int parse_window(const char *s, tag_opts *o)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 10);
    unsigned shift = *end == 'K' || *end == 'k'   ? 10
                     : *end == 'M' || *end == 'm' ? 20
                                                  : 0;
    if (shift)
        end++;
    if (errno || *end || end == s || *s == '-' || *s == '+' ||
        n > (SIZE_MAX / 2) >> shift)
        return usage_error("--propagation-window: a number of bytes (64K, "
                           "1M; 0: the whole document)");
    o->window = (size_t)n << shift;
    return 0;
}

/* An option with a value: -1 usage error, 1 taken, 0 not this kind. */
static int parse_valued(int argc, char **argv, int *i, tag_opts *o)
{
    const char *a = argv[*i];
    static const char *const valued[] = {"-g", "--text-field", "--glob",
        "--out-dir", "--format", "--on-error", "--input", "--rules", "-j",
        "--propagation-window"};
    size_t k = 0;
    while (k < sizeof valued / sizeof valued[0] && strcmp(a, valued[k]))
        k++;
    if (k == sizeof valued / sizeof valued[0])
        return 0;
    if (*i + 1 >= argc)
        return usage_error(NULL);
    const char *v = argv[++*i];
    switch (k) {
    case 0:
        if (o->n_gaz == GAZTAG_MAX_LAYERS)
            return usage_error("too many -g");
        o->gaz_paths[o->n_gaz++] = v;
        return 1;
    case 1: o->text_field = v; return 1;
    case 2: o->glob = v; return 1;
    case 3: o->out_dir = v; return 1;
    case 4: return parse_format(v, o) < 0 ? -1 : 1;
    case 5:
        if (strcmp(v, "stop") && strcmp(v, "skip"))
            return usage_error("--on-error: stop or skip");
        o->skip_errors = strcmp(v, "skip") == 0;
        return 1;
    case 6:
        if (strcmp(v, "conll") && strcmp(v, "text"))
            return usage_error("--input: text or conll");
        if (strcmp(v, "conll") == 0)
            o->input = TAG_IN_CONLL;
        return 1;
    case 7: o->rules_dir = v; return 1;
    case 8: return parse_jobs(v, o) < 0 ? -1 : 1;
    default: return parse_window(v, o) < 0 ? -1 : 1;
    }
}

static int parse_flag(const char *a, tag_opts *o)
{
    if (strcmp(a, "--all") == 0)
        o->flags |= GAZTAG_TAG_ALL;
    else if (strcmp(a, "--lines") == 0 && o->input == TAG_IN_DOCS)
        o->input = TAG_IN_LINES;
    else if (strcmp(a, "--jsonl") == 0 && o->input == TAG_IN_DOCS)
        o->input = TAG_IN_JSONL;
    else if (strcmp(a, "--no-rules") == 0)
        o->no_rules = true;
    else if (strcmp(a, "--no-propagation") == 0)
        o->flags |= GAZTAG_TAG_NO_PROPAGATION;
    else if (strcmp(a, "--progress") == 0)
        o->progress = 1;
    else if (strcmp(a, "--quiet") == 0)
        o->progress = -1;
    else if (strncmp(a, "-j", 2) == 0 && a[2])
        return parse_jobs(a + 2, o);
    else
        return usage_error(NULL);
    return 0;
}

/* Options that only make sense together. */
static int check_opts(tag_opts *o, bool format_given)
{
    if (o->input == TAG_IN_CONLL && !format_given)
        o->format = TAG_FMT_CONLL;
    if (o->input == TAG_IN_CONLL && o->format != TAG_FMT_CONLL)
        return usage_error("--input conll writes --format conll only");
    if (o->text_field && o->input != TAG_IN_JSONL)
        return usage_error("--text-field goes with --jsonl");
    if ((o->format == TAG_FMT_BRAT) != (o->out_dir != NULL))
        return usage_error("--format brat needs --out-dir DIR, and only it");
    if (o->no_rules && o->rules_dir)
        return usage_error("--rules DIR and --no-rules contradict each other");
    if (o->window != SIZE_MAX && (o->flags & GAZTAG_TAG_NO_PROPAGATION))
        return usage_error("--propagation-window and --no-propagation "
                           "contradict each other");
    if (o->window == SIZE_MAX)
        o->window = GAZTAG_PROPAGATION_WINDOW;
    if (!o->text_field)
        o->text_field = "text";
    if (o->jobs == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        o->jobs = n < 1 ? 1 : n > 1024 ? 1024 : n;
    }
    if (o->progress == 0)
        o->progress = isatty(2) ? 1 : -1;
    return 0;
}

static int parse_tag_args(int argc, char **argv, tag_opts *o, int *first)
{
    int i = 1, rc = 0;
    bool format_given = false;
    for (; rc == 0 && i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        format_given = format_given || strcmp(argv[i], "--format") == 0;
        rc = parse_valued(argc, argv, &i, o);
        rc = rc == 0 ? parse_flag(argv[i], o) : rc < 0 ? -1 : 0;
    }
    *first = i;
    return rc < 0 ? -1 : check_opts(o, format_given);
}

/* The page or header before the first unit and after the last. */
static void write_prologue(const tag_opts *o)
{
    if (o->format == TAG_FMT_TSV)
        tsv_header(stdout);
    else if (o->format == TAG_FMT_HTML)
        html_head(stdout);
}

static void write_epilogue(tag_run *r)
{
    if (r->o->format == TAG_FMT_HTML)
        html_foot(stdout, r->counts, r->n_counts);
}

static void run_inputs(tag_run *r, const tag_inputs *in)
{
    if (r->o->out_dir && mkdir(r->o->out_dir, 0777) < 0 && errno != EEXIST) {
        cli_error("%s: %s", r->o->out_dir, strerror(errno));
        r->status = TAG_EXIT_ERROR;
        return;
    }
    write_prologue(r->o);
    for (size_t i = 0; i < in->n; i++)
        if (tag_read_input(r, in->paths[i]) < 0)
            return;
    if (tag_pool_drain(r->pool) < 0)
        return;
    write_epilogue(r);
}

static void finish(tag_run *r)
{
    if (fflush(stdout) != 0 && r->status == TAG_EXIT_OK)
        tag_stdout_failed(r);
    tag_progress_end(&r->progress);
    if (r->skipped) {
        cli_error("%zu bad record%s skipped", r->skipped,
                  r->skipped == 1 ? "" : "s");
        if (r->status == TAG_EXIT_OK)
            r->status = TAG_EXIT_SKIPPED;
    }
}

int cmd_tag(int argc, char **argv)
{
    tag_opts o = {.input = TAG_IN_DOCS, .window = SIZE_MAX};
    tag_run r = {.o = &o};
    tag_inputs in = {0};
    cli_gaz gz;
    gaztag_rules *rules;
    int first;
    if (parse_tag_args(argc, argv, &o, &first) < 0)
        return TAG_EXIT_USAGE;
    if (cli_open_gazetteers(o.gaz_paths, o.n_gaz, &gz) < 0)
        return TAG_EXIT_ERROR;
    if (tag_rules_open(&o, &rules) < 0) {
        cli_close_gazetteers(&gz);
        return TAG_EXIT_ERROR;
    }
    r.gz = &gz;
    r.rules = rules;
    if (tag_inputs_collect(&in, argv + first, argc - first, o.glob) < 0)
        r.status = TAG_EXIT_ERROR;
    o.many = argc - first > 1 || in.has_dir;
    tag_progress_start(&r.progress, o.progress > 0, in.total_bytes,
                       in.total_known);
    if (r.status == TAG_EXIT_OK &&
        !(r.pool = tag_pool_new(&gz, rules, &o, o.jobs, emit_unit, &r)))
        r.status = TAG_EXIT_ERROR;
    if (r.status == TAG_EXIT_OK)
        run_inputs(&r, &in);
    finish(&r);
    tag_pool_free(r.pool);
    gaztag_tagger_free(r.main_t);
    free(r.counts);
    tag_inputs_free(&in);
    gaztag_rules_free(rules); /* after the last span's strings are used */
    cli_close_gazetteers(&gz);
    return r.status;
}
