/*
 * cmd_stats.c -- gaztag stats: what a gazetteer file holds, one
 * `key: value` line each, in a fixed order (labels sorted by name):
 *
 *   format version: 3
 *   normalisation: NFKC, case folded, accents removed
 *   ...
 *   label PERSON: 5
 *   flag cap: 1
 *   ...
 *
 * The header gives the totals; the per-label and per-flag counts come from
 * reading every entry, the number of keys from walking them.
 */
#include "inspect.h"

#include <stdlib.h>
#include <string.h>

#define STATS_USAGE "usage: gaztag stats GAZ"

typedef struct entry_counts {
    const char **labels; /* every entry's label, then sorted */
    size_t n;
    size_t cap, case_, accents, removal;
} entry_counts;

static int by_label(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static gaztag_status count_entries(const gaztag_gazetteer *g, uint32_t n,
                                   entry_counts *out)
{
    memset(out, 0, sizeof *out);
    out->labels = malloc((n ? n : 1) * sizeof *out->labels);
    if (!out->labels)
        return GAZTAG_NOMEM;
    for (uint32_t i = 0; i < n; i++) {
        gaztag_entry e;
        gaztag_status st = gaztag_entry_at(g, i, &e);
        if (st != GAZTAG_OK)
            return st;
        out->labels[out->n++] = e.label;
        out->cap += (e.flags & GAZTAG_ENTRY_CAP) != 0;
        out->case_ += (e.flags & GAZTAG_ENTRY_CASE) != 0;
        out->accents += (e.flags & GAZTAG_ENTRY_ACCENTS) != 0;
        out->removal += (e.flags & GAZTAG_ENTRY_REMOVE) != 0;
    }
    qsort(out->labels, out->n, sizeof *out->labels, by_label);
    return GAZTAG_OK;
}

static int count_key(void *ctx, const char *key, size_t len, uint32_t first,
                     uint32_t count)
{
    (void)key, (void)len, (void)first, (void)count;
    ++*(size_t *)ctx;
    return 0;
}

static void print_header(const gaztag_info *in)
{
    printf("format version: %u\n", in->format_version);
    printf("normalisation: %s\n", insp_norm_desc(in->norm_flags));
    printf("unicode version: %s", in->unicode_version);
    if (strcmp(in->unicode_version, gaztag_unicode_version()) != 0)
        printf(" (this library: %s, recompile)", gaztag_unicode_version());
    printf("\nfile size: %llu\n", (unsigned long long)in->file_size);
    printf("entries: %u\n", in->n_entries);
    printf("labels: %u\n", in->n_labels);
}

static void print_counts(const entry_counts *c)
{
    for (size_t i = 0, j; i < c->n; i = j) {
        for (j = i + 1; j < c->n && strcmp(c->labels[j], c->labels[i]) == 0;)
            j++;
        fputs("label ", stdout);
        insp_escape(stdout, c->labels[i], strlen(c->labels[i]));
        printf(": %zu\n", j - i);
    }
    printf("flag cap: %zu\nflag case: %zu\nflag accents: %zu\n"
           "flag removal: %zu\n", c->cap, c->case_, c->accents, c->removal);
}

static void print_shape(const gaztag_info *in, size_t keys)
{
    printf("vocabulary: %u\n", in->n_vocab);
    printf("phrases: %u\n", in->n_phrases);
    printf("keys with entries: %zu\n", keys);
    printf("longest name in tokens: %u\n", in->max_phrase_tokens);
    if (in->n_entries)
        printf("bytes per entry: %.1f\n",
               (double)in->file_size / (double)in->n_entries);
    else
        printf("bytes per entry: -\n");
}

int cmd_stats(int argc, char **argv)
{
    if (argc != 2 || (argv[1][0] == '-' && argv[1][1])) {
        cli_error(STATS_USAGE);
        return 2;
    }
    gaztag_gazetteer *g;
    if (gaztag_open(argv[1], 0, &g) != GAZTAG_OK) {
        cli_error("%s", gaztag_errmsg(g));
        gaztag_close(g);
        return 1;
    }
    gaztag_info in;
    entry_counts ec;
    size_t keys = 0;
    gaztag_get_info(g, &in);
    gaztag_status st = count_entries(g, in.n_entries, &ec);
    if (st == GAZTAG_OK)
        st = gaztag_foreach_key(g, count_key, &keys);
    if (st == GAZTAG_OK) {
        print_header(&in);
        print_counts(&ec);
        print_shape(&in, keys);
    } else {
        cli_error("%s: %s", argv[1], gaztag_strerror(st));
    }
    free(ec.labels);
    gaztag_close(g);
    return st != GAZTAG_OK || insp_flush_stdout() < 0 ? 1 : 0;
}
