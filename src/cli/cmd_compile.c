/*
 * cmd_compile.c -- gaztag compile: TSV sources to a gazetteer file.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <signal.h>
#include <stdbool.h>
#include <string.h>

static int compile_usage(void)
{
    cli_error("usage: gaztag compile [--case-sensitive] [--keep-accents] "
              "[--common WORDS.txt]... [--quiet] -o OUT.gaz SOURCE.tsv...");
    return 2;
}

static void report(const char *out)
{
    gaztag_gazetteer *g;
    gaztag_info info;
    if (gaztag_open(out, 0, &g) == GAZTAG_OK) {
        gaztag_get_info(g, &info);
        fprintf(stderr, "gaztag: wrote %s: %u entries, %u token keys, "
                "%u phrases, %llu bytes\n", out, info.n_entries, info.n_vocab,
                info.n_phrases, (unsigned long long)info.file_size);
    }
    gaztag_close(g);
}

/* Warnings, with how many there were (--quiet: only how many). */
static void print_warnings(const gaztag_builder *b, bool quiet)
{
    size_t n = gaztag_builder_warning_count(b);
    for (size_t i = 0; i < n && !quiet; i++)
        fprintf(stderr, "gaztag: %s\n", gaztag_builder_warning(b, i));
    if (n)
        fprintf(stderr, "gaztag: %zu warning%s\n", n, n == 1 ? "" : "s");
}

typedef struct compile_opts {
    unsigned flags;
    const char *out;
    const char *common[64];
    size_t n_common;
    bool quiet;
} compile_opts;

/* The options; returns the index of the first source, or -1. */
static int parse_compile_args(int argc, char **argv, compile_opts *o)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--case-sensitive") == 0)
            o->flags |= GAZTAG_CASE_SENSITIVE;
        else if (strcmp(argv[i], "--keep-accents") == 0)
            o->flags |= GAZTAG_KEEP_ACCENTS;
        else if (strcmp(argv[i], "--quiet") == 0)
            o->quiet = true;
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            o->out = argv[++i];
        else if (strcmp(argv[i], "--common") == 0 && i + 1 < argc &&
                 o->n_common < sizeof o->common / sizeof o->common[0])
            o->common[o->n_common++] = argv[++i];
        else if (strcmp(argv[i], "--") == 0)
            return i + 1;
        else
            return -1;
    }
    return i;
}

int cmd_compile(int argc, char **argv)
{
    compile_opts o = {0, NULL, {NULL}, 0, false};
    int i = parse_compile_args(argc, argv, &o);
    if (i < 0 || !o.out || i >= argc)
        return compile_usage();
    /* Over the file size limit (ulimit -f), a write fails with EFBIG and the
     * compile says so and removes its temporary file, instead of dying. */
    signal(SIGXFSZ, SIG_IGN);
    gaztag_builder *b;
    if (gaztag_builder_new(o.flags, &b) != GAZTAG_OK) {
        cli_error("out of memory");
        return 1;
    }
    gaztag_status st = GAZTAG_OK;
    for (size_t k = 0; k < o.n_common && st == GAZTAG_OK; k++)
        st = gaztag_builder_add_common_file(b, o.common[k]);
    for (; i < argc && st == GAZTAG_OK; i++)
        st = gaztag_builder_add_file(b, argv[i]);
    print_warnings(b, o.quiet);
    if (st == GAZTAG_OK)
        st = gaztag_builder_write(b, o.out);
    if (st != GAZTAG_OK)
        cli_error("%s", gaztag_builder_errmsg(b));
    gaztag_builder_free(b);
    if (st != GAZTAG_OK)
        return 1;
    report(o.out);
    return 0;
}
