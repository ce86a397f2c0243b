/*
 * main.c -- the gaztag program: dispatch to subcommands.
 */
#define _DEFAULT_SOURCE /* sbrk(), madvise() */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

static const char usage[] =
    "usage: gaztag COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  compile [--case-sensitive] [--keep-accents] [--common WORDS.txt]...\n"
    "          [--quiet] -o OUT.gaz SOURCE.tsv...\n"
    "          compile TSV sources into a gazetteer file (atomically)\n"
    "  tag [-g GAZ]... [--all] [--lines | --jsonl [--text-field NAME] |\n"
    "      --input conll] [--format jsonl|tsv|brat|conll|html] [--out-dir DIR]\n"
    "      [--glob PATTERN] [--no-rules | --rules DIR] [--no-propagation |\n"
    "      --propagation-window BYTES] [-j N] [--on-error stop|skip]\n"
    "      [--progress|--quiet] [FILE|DIR...]\n"
    "          tag files, directories (or standard input) and write JSON\n"
    "          Lines or another format; exit 3 if bad records were skipped\n"
    "  check [--common FILE]... SOURCE.tsv...\n"
    "          lint TSV sources: every error and suspicious row, FILE:LINE\n"
    "  import geonames|spacy|gate [OPTIONS] FILE...\n"
    "          GeoNames dumps, spaCy patterns or GATE lists to TSV sources\n"
    "  lookup [-g GAZ]... NAME...\n"
    "          each name's key and every entry it reaches; exit 1 if some\n"
    "          name has no entry\n"
    "  explain [-g GAZ]... TEXT|-\n"
    "          tokens, candidate names, each entry's verdict, the spans and\n"
    "          why the other candidates were not taken\n"
    "  stats GAZ\n"
    "          what a gazetteer file holds: entries per label and flag, ...\n"
    "  diff OLD.gaz NEW.gaz\n"
    "          keys added (+), removed (-) and changed (~); exit 1 if any\n"
    "  verify FILE.gaz\n"
    "          check a gazetteer file, including its full checksum\n"
    "  version, help\n";

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("gaztag: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

#ifdef __GLIBC__
/* For `gaztag compile` and `gaztag tag`: the builder's tables and cmph's,
 * or the rules' tables and the tagger's, come from a heap whose memory is
 * advised for transparent huge pages, so that it is faulted in 2 MiB at a
 * time.  Blocks below `mmap_from` come from the heap (32 MiB for compile;
 * 4 MiB for tag, whose larger buffers grow by mremap()), and its first
 * extension reserves 512 MiB of address space at once (touched only as
 * used), advised as one region.  With only the blocks from 4 MiB advised
 * (src/alloc.h), compiling 1,000,000 names took about 37,000 page faults,
 * at about 10 us each on the 2-core VM; this way 570-910 (1.9-2.4 s
 * instead of 2.7-3.0 s, peak RSS 335 MB instead of 280), and the shared
 * workload's 160,286 rows 790 instead of 9,200 (0.13 s instead of 0.25;
 * bench/README.md).  Tagging the shared one file with the rules took 1,073
 * page faults, this way 456 to 809 (the rules' tables, the start filter's
 * copy with their words, the document's names), and a start with the
 * rules on an empty file 12.6 ms of CPU instead of 15.2; on the whole
 * file the CPU time moved by less than the noise, and peak RSS by 0.5 MB
 * more.  Only advice: where the heap cannot grow so (a sanitizer's or
 * valgrind's malloc(), strict overcommit) the break does not move and
 * nothing is advised. */
static void advise_heap(int mmap_from)
{
    const size_t pad = (size_t)512 << 20, page = 4096;
    mallopt(M_MMAP_THRESHOLD, mmap_from);
    mallopt(M_TOP_PAD, (int)pad);
    char *before = sbrk(0);
    /* (volatile: a compiler may drop a malloc() freed unused) */
    void *volatile p = malloc((size_t)1 << 20); /* grows the heap by pad */
    char *after = sbrk(0);
    free(p);
    if ((uintptr_t)before == UINTPTR_MAX || (uintptr_t)after == UINTPTR_MAX ||
        after < before || (size_t)(after - before) < pad)
        return;
    size_t head = (page - (uintptr_t)before % page) % page;
    size_t tail = (uintptr_t)after % page;
    (void)madvise(before + head, (size_t)(after - before) - head - tail,
                  MADV_HUGEPAGE);
}
#endif

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    /* Blocks from 4 MiB (GZ_LARGE) are mapped of their own: they grow by
     * mremap() instead of being copied into new pages, and take the huge
     * page advice (src/alloc.h).  glibc's own threshold rises to 32 MiB.
     * Setting it stops glibc from raising its trim threshold too, and the
     * worker threads' heaps were then given back to the kernel after every
     * unit, to be faulted in again (9,800 page faults instead of 2,100
     * tagging the corpus as 1,486 JSON records): memory freed at the top
     * of a heap is kept up to 64 MiB. */
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "compile") == 0) {
#ifdef __GLIBC__
        advise_heap(32 << 20);
#endif
        return cmd_compile(argc - 1, argv + 1);
    }
    if (strcmp(cmd, "tag") == 0) {
#ifdef __GLIBC__
        advise_heap(4 << 20);
#endif
        return cmd_tag(argc - 1, argv + 1);
    }
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "import") == 0)
        return cmd_import(argc - 1, argv + 1);
    if (strcmp(cmd, "lookup") == 0)
        return cmd_lookup(argc - 1, argv + 1);
    if (strcmp(cmd, "explain") == 0)
        return cmd_explain(argc - 1, argv + 1);
    if (strcmp(cmd, "stats") == 0)
        return cmd_stats(argc - 1, argv + 1);
    if (strcmp(cmd, "diff") == 0)
        return cmd_diff(argc - 1, argv + 1);
    if (strcmp(cmd, "verify") == 0)
        return cmd_verify(argc - 1, argv + 1);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("gaztag %s\n", gaztag_version());
        return 0;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
        strcmp(cmd, "-h") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    cli_error("unknown command '%s'", cmd);
    fputs(usage, stderr);
    return 2;
}
