/*
 * cmd_compile.c -- gaztag compile: TSV sources to a gazetteer file.
 */
#include "cli.h"

#include <string.h>

static int compile_usage(void)
{
    cli_error("usage: gaztag compile [--case-sensitive] [--keep-accents] "
              "-o OUT.gaz SOURCE.tsv...");
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

int cmd_compile(int argc, char **argv)
{
    unsigned flags = 0;
    const char *out = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--case-sensitive") == 0)
            flags |= GAZTAG_CASE_SENSITIVE;
        else if (strcmp(argv[i], "--keep-accents") == 0)
            flags |= GAZTAG_KEEP_ACCENTS;
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else
            return compile_usage();
    }
    if (!out || i >= argc)
        return compile_usage();
    gaztag_builder *b;
    if (gaztag_builder_new(flags, &b) != GAZTAG_OK) {
        cli_error("out of memory");
        return 1;
    }
    gaztag_status st = GAZTAG_OK;
    for (; i < argc && st == GAZTAG_OK; i++)
        st = gaztag_builder_add_file(b, argv[i]);
    if (st == GAZTAG_OK)
        st = gaztag_builder_write(b, out);
    if (st != GAZTAG_OK)
        cli_error("%s", gaztag_builder_errmsg(b));
    gaztag_builder_free(b);
    if (st != GAZTAG_OK)
        return 1;
    report(out);
    return 0;
}
