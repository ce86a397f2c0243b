/*
 * peer_hyperscan.c -- the Hyperscan peer: caseless literals, whole words,
 * leftmost-longest.
 *
 *   peer_hyperscan build SOURCE.tsv OUT.hsdb
 *   peer_hyperscan scan DB.hsdb CORPUS [--dump FILE]
 *
 * build: the first column of each TSV row ('#' lines and blank lines
 * skipped), ASCII-lowercased and deduplicated, is compiled with
 * hs_compile_lit_multi (HS_FLAG_CASELESS | HS_FLAG_SOM_LEFTMOST, block
 * mode) and serialised to OUT.  Prints literals= and compile_s=.
 *
 * scan: opens the database (read the file, hs_deserialize_database,
 * hs_alloc_scratch: open_s=), reads CORPUS into memory (read_s=), then
 * (scan_s=) one hs_scan over the whole corpus.  The callback keeps a match
 * only if it is a whole word: where the matched text starts with an ASCII
 * letter or digit, the byte before it must not be one, and likewise after
 * its end (a name that starts or ends with punctuation is checked only at
 * its letter-or-digit ends).  The kept matches are sorted by start,
 * longest first, and selected leftmost-longest without overlap, as gaztag
 * does.  Prints matches=; --dump writes "start<TAB>end" byte offsets.
 *
 * Hyperscan folds ASCII case only: "BOKÉ" does not match "Boké".
 */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"
#include <hs.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct literal {
    char *text;
    size_t len;
} literal;

typedef struct literal_list {
    literal *items;
    size_t n, cap;
} literal_list;

typedef struct match {
    unsigned long long start, end;
} match;

typedef struct match_list {
    match *items;
    size_t n, cap;
    const unsigned char *text; /* the scanned text, for the word check */
    size_t len;
    bool failed; /* out of memory in the callback */
} match_list;

static inline bool is_ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

/* ----------------------------------------------------------------- build */

static int literal_push(literal_list *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        literal *p = realloc(l->items, cap * sizeof *p);
        if (!p)
            return -1;
        l->items = p;
        l->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    for (size_t i = 0; i < len; i++)
        copy[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    copy[len] = '\0';
    l->items[l->n].text = copy;
    l->items[l->n++].len = len;
    return 0;
}

/* The first column of every row of a TSV source. */
static int parse_tsv(char *data, size_t len, literal_list *l)
{
    char *end = data + len;
    for (char *line = data; line < end;) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        char *eol = nl ? nl : end;
        char *tab = memchr(line, '\t', (size_t)(eol - line));
        char *name_end = tab ? tab : eol;
        if (name_end > line && name_end[-1] == '\r')
            name_end--;
        if (name_end > line && line[0] != '#' &&
            literal_push(l, line, (size_t)(name_end - line)) < 0)
            return -1;
        line = eol + 1;
    }
    return 0;
}

static int compare_literals(const void *a, const void *b)
{
    const literal *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->text, y->text, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void dedupe_literals(literal_list *l)
{
    size_t out = 0;
    qsort(l->items, l->n, sizeof *l->items, compare_literals);
    for (size_t i = 0; i < l->n; i++) {
        if (out > 0 && compare_literals(&l->items[out - 1], &l->items[i]) == 0)
            free(l->items[i].text);
        else
            l->items[out++] = l->items[i];
    }
    l->n = out;
}

static int compile_literals(const literal_list *l, hs_database_t **db)
{
    const char **exprs = malloc(l->n * sizeof *exprs);
    unsigned *flags = malloc(l->n * sizeof *flags);
    unsigned *ids = malloc(l->n * sizeof *ids);
    size_t *lens = malloc(l->n * sizeof *lens);
    hs_compile_error_t *err = NULL;
    int rc = -1;
    if (!exprs || !flags || !ids || !lens)
        goto done;
    for (size_t i = 0; i < l->n; i++) {
        exprs[i] = l->items[i].text;
        lens[i] = l->items[i].len;
        flags[i] = HS_FLAG_CASELESS | HS_FLAG_SOM_LEFTMOST;
        ids[i] = (unsigned)i;
    }
    if (hs_compile_lit_multi(exprs, flags, ids, lens, (unsigned)l->n,
                             HS_MODE_BLOCK, NULL, db, &err) != HS_SUCCESS) {
        fprintf(stderr, "peer_hyperscan: compile: %s (literal %d)\n",
                err ? err->message : "failed", err ? err->expression : -1);
        goto done;
    }
    rc = 0;
done:
    hs_free_compile_error(err);
    free(exprs);
    free(flags);
    free(ids);
    free(lens);
    return rc;
}

static int write_database(const hs_database_t *db, const char *path)
{
    char *bytes = NULL;
    size_t len = 0;
    FILE *f = NULL;
    int rc = -1;
    if (hs_serialize_database(db, &bytes, &len) != HS_SUCCESS)
        goto done;
    f = fopen(path, "wb");
    if (f && fwrite(bytes, 1, len, f) == len && fclose(f) == 0)
        rc = 0;
    else if (f)
        fclose(f);
done:
    if (rc < 0)
        fprintf(stderr, "peer_hyperscan: %s: cannot write the database\n",
                path);
    free(bytes);
    return rc;
}

static int cmd_build(const char *tsv, const char *out)
{
    literal_list l = {NULL, 0, 0};
    hs_database_t *db = NULL;
    char *data = NULL;
    size_t len;
    int rc = 1;
    if (bench_read_file(tsv, &data, &len) < 0 || parse_tsv(data, len, &l) < 0)
        goto done;
    dedupe_literals(&l);
    double t0 = bench_now();
    if (compile_literals(&l, &db) < 0)
        goto done;
    double t1 = bench_now();
    if (write_database(db, out) < 0)
        goto done;
    printf("literals=%zu\ncompile_s=%.6f\n", l.n, t1 - t0);
    rc = 0;
done:
    hs_free_database(db);
    for (size_t i = 0; i < l.n; i++)
        free(l.items[i].text);
    free(l.items);
    free(data);
    return rc;
}

/* ------------------------------------------------------------------ scan */

static bool whole_word(const match_list *m, unsigned long long from,
                       unsigned long long to)
{
    const unsigned char *s = m->text;
    if (is_ascii_alnum(s[from]) && from > 0 && is_ascii_alnum(s[from - 1]))
        return false;
    return !(is_ascii_alnum(s[to - 1]) && to < m->len &&
             is_ascii_alnum(s[to]));
}

static int on_match(unsigned int id, unsigned long long from,
                    unsigned long long to, unsigned int flags, void *ctx)
{
    match_list *m = ctx;
    (void)id;
    (void)flags;
    if (to <= from || !whole_word(m, from, to))
        return 0;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 4096;
        match *p = realloc(m->items, cap * sizeof *p);
        if (!p) {
            m->failed = true;
            return 1; /* stop scanning */
        }
        m->items = p;
        m->cap = cap;
    }
    m->items[m->n].start = from;
    m->items[m->n++].end = to;
    return 0;
}

static int compare_matches(const void *a, const void *b)
{
    const match *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->end < y->end) - (x->end > y->end); /* longest first */
}

/* Keep the leftmost-longest non-overlapping matches, in place. */
static void select_leftmost_longest(match_list *m)
{
    size_t out = 0;
    unsigned long long covered = 0;
    qsort(m->items, m->n, sizeof *m->items, compare_matches);
    for (size_t i = 0; i < m->n; i++) {
        if (out > 0 && m->items[i].start < covered)
            continue;
        m->items[out++] = m->items[i];
        covered = m->items[i].end;
    }
    m->n = out;
}

static int open_database(const char *path, hs_database_t **db,
                         hs_scratch_t **scratch)
{
    char *bytes;
    size_t len;
    if (bench_read_file(path, &bytes, &len) < 0)
        return -1;
    hs_error_t err = hs_deserialize_database(bytes, len, db);
    free(bytes);
    if (err == HS_SUCCESS)
        err = hs_alloc_scratch(*db, scratch);
    if (err != HS_SUCCESS)
        fprintf(stderr, "peer_hyperscan: %s: cannot open (error %d)\n", path,
                err);
    return err == HS_SUCCESS ? 0 : -1;
}

static int dump_matches(const match_list *m, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "peer_hyperscan: %s: %s\n", path, strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < m->n; i++)
        fprintf(f, "%llu\t%llu\n", m->items[i].start, m->items[i].end);
    return fclose(f) == 0 ? 0 : -1;
}

static int cmd_scan(const char *db_path, const char *corpus, const char *dump)
{
    hs_database_t *db = NULL;
    hs_scratch_t *scratch = NULL;
    match_list m = {NULL, 0, 0, NULL, 0, false};
    char *text = NULL;
    int rc = 1;
    double t0 = bench_now();
    if (open_database(db_path, &db, &scratch) < 0)
        goto done;
    double t1 = bench_now();
    if (bench_read_file(corpus, &text, &m.len) < 0)
        goto done;
    m.text = (const unsigned char *)text;
    if (m.len > UINT_MAX) {
        fprintf(stderr, "peer_hyperscan: %s: over 4 GiB\n", corpus);
        goto done;
    }
    double t2 = bench_now();
    hs_error_t err = hs_scan(db, text, (unsigned)m.len, 0, scratch, on_match,
                             &m);
    if (err != HS_SUCCESS || m.failed) {
        fprintf(stderr, "peer_hyperscan: scan failed (error %d)\n", err);
        goto done;
    }
    select_leftmost_longest(&m);
    double t3 = bench_now();
    printf("bytes=%zu\nmatches=%zu\nopen_s=%.6f\nread_s=%.6f\nscan_s=%.6f\n",
           m.len, m.n, t1 - t0, t2 - t1, t3 - t2);
    rc = dump && dump_matches(&m, dump) < 0 ? 1 : 0;
done:
    hs_free_scratch(scratch);
    hs_free_database(db);
    free(m.items);
    free(text);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "build") == 0)
        return cmd_build(argv[2], argv[3]);
    if (argc == 4 && strcmp(argv[1], "scan") == 0)
        return cmd_scan(argv[2], argv[3], NULL);
    if (argc == 6 && strcmp(argv[1], "scan") == 0 &&
        strcmp(argv[4], "--dump") == 0)
        return cmd_scan(argv[2], argv[3], argv[5]);
    fputs("usage: peer_hyperscan build SOURCE.tsv OUT.hsdb\n"
          "       peer_hyperscan scan DB.hsdb CORPUS [--dump FILE]\n",
          stderr);
    return 2;
}
