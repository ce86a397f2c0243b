/*
 * cmd_diff.c -- gaztag diff: the keys two gazetteer files disagree on.
 *
 * Each file's keys (unique in a file) are collected with their entry
 * ranges by gaztag_foreach_key(), sorted bytewise (so the order does not
 * depend on the locale), and the two sorted lists are merged:
 *
 *   + "nouveau ministre" PERSON per:x "X"
 *   - "kiev" PLACE place:kyiv
 *   ~ "orange": ORG org:orange -> ORG org:orange [cap]
 *   1 added, 1 removed, 1 changed
 *
 * A key is changed when its entries differ in number, order, label, id,
 * canonical name or flags.  Exit status as diff(1): 0 same, 1 different,
 * 2 trouble.
 */
#include "inspect.h"

#include <stdlib.h>
#include <string.h>

#define DIFF_USAGE "usage: gaztag diff OLD.gaz NEW.gaz"

typedef struct key_rec {
    const char *key; /* into the list's arena, once it stops moving */
    size_t off, len;
    uint32_t first, count;
} key_rec;

typedef struct key_list {
    const gaztag_gazetteer *g;
    key_rec *recs;
    size_t n, cap;
    char *arena;
    size_t used, arena_cap;
    bool nomem; /* the walk was stopped: memory ran out */
} key_list;

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

/* gaztag_key_fn: copy the key (only valid during the call); a non-zero
 * return (out of memory) stops the walk. */
static int collect_key(void *ctx, const char *key, size_t len, uint32_t first,
                       uint32_t count)
{
    key_list *l = ctx;
    if (grow((void **)&l->recs, &l->cap, l->n + 1, sizeof *l->recs) < 0 ||
        grow((void **)&l->arena, &l->arena_cap, l->used + len + 1, 1) < 0) {
        l->nomem = true;
        return 1;
    }
    memcpy(l->arena + l->used, key, len);
    l->recs[l->n++] = (key_rec){NULL, l->used, len, first, count};
    l->used += len;
    return 0;
}

static int key_cmp(const key_rec *a, const key_rec *b)
{
    int c = memcmp(a->key, b->key, a->len < b->len ? a->len : b->len);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

static int by_key(const void *a, const void *b)
{
    return key_cmp(a, b);
}

static gaztag_status collect(const gaztag_gazetteer *g, key_list *l)
{
    memset(l, 0, sizeof *l);
    l->g = g;
    gaztag_status st = gaztag_foreach_key(g, collect_key, l);
    if (st == GAZTAG_OK && l->nomem)
        st = GAZTAG_NOMEM;
    if (st != GAZTAG_OK)
        return st;
    for (size_t i = 0; i < l->n; i++)
        l->recs[i].key = l->arena + l->recs[i].off;
    qsort(l->recs, l->n, sizeof *l->recs, by_key);
    return GAZTAG_OK;
}

static void free_list(key_list *l)
{
    free(l->recs);
    free(l->arena);
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether the two keys' entries are the same, in the same order. */
static int same_entries(const key_list *a, const key_rec *ra,
                        const key_list *b, const key_rec *rb)
{
    if (ra->count != rb->count)
        return 0;
    for (uint32_t k = 0; k < ra->count; k++) {
        gaztag_entry x, y;
        if (gaztag_entry_at(a->g, ra->first + k, &x) != GAZTAG_OK ||
            gaztag_entry_at(b->g, rb->first + k, &y) != GAZTAG_OK)
            return -1;
        if (strcmp(x.label, y.label) != 0 || !same_str(x.id, y.id) ||
            !same_str(x.canonical, y.canonical) || x.flags != y.flags)
            return 0;
    }
    return 1;
}

/* A key's entries on one line, separated by "; ". */
static int print_entries(const key_list *l, const key_rec *r)
{
    for (uint32_t k = 0; k < r->count; k++) {
        gaztag_entry e;
        if (gaztag_entry_at(l->g, r->first + k, &e) != GAZTAG_OK)
            return -1;
        if (k)
            fputs("; ", stdout);
        insp_entry(stdout, &e);
    }
    return 0;
}

static int print_one(char sign, const key_list *l, const key_rec *r)
{
    printf("%c ", sign);
    insp_quote(stdout, r->key, r->len);
    fputc(' ', stdout);
    int rc = print_entries(l, r);
    fputc('\n', stdout);
    return rc;
}

/* Compare a key present in both; ++*changed when it differs. */
static int print_change(const key_list *a, const key_rec *ra,
                        const key_list *b, const key_rec *rb, size_t *changed)
{
    int same = same_entries(a, ra, b, rb);
    if (same != 0)
        return same;
    ++*changed;
    fputs("~ ", stdout);
    insp_quote(stdout, ra->key, ra->len);
    fputs(": ", stdout);
    int rc = print_entries(a, ra);
    fputs(" -> ", stdout);
    rc |= print_entries(b, rb);
    fputc('\n', stdout);
    return rc;
}

/* Merge the sorted lists; counts[0..2] = added, removed, changed. */
static int merge(const key_list *a, const key_list *b, size_t counts[3])
{
    size_t i = 0, j = 0;
    int rc = 0;
    while (rc == 0 && (i < a->n || j < b->n)) {
        int c = i == a->n ? 1 : j == b->n ? -1 : key_cmp(&a->recs[i], &b->recs[j]);
        if (c > 0) {
            counts[0]++;
            rc = print_one('+', b, &b->recs[j++]);
        } else if (c < 0) {
            counts[1]++;
            rc = print_one('-', a, &a->recs[i++]);
        } else {
            rc = print_change(a, &a->recs[i++], b, &b->recs[j++], &counts[2]);
        }
        rc = rc < 0 ? -1 : 0;
    }
    return rc;
}

/* A difference in folding makes every key mean something else: said
 * first, and a difference even when the keys agree. */
static bool print_norm(const gaztag_gazetteer *a, const gaztag_gazetteer *b)
{
    gaztag_info x, y;
    gaztag_get_info(a, &x);
    gaztag_get_info(b, &y);
    if (x.norm_flags == y.norm_flags)
        return false;
    printf("! normalisation: %s -> %s\n", insp_norm_desc(x.norm_flags),
           insp_norm_desc(y.norm_flags));
    return true;
}

static int open_gaz(const char *path, gaztag_gazetteer **g)
{
    if (gaztag_open(path, 0, g) == GAZTAG_OK)
        return 0;
    cli_error("%s", gaztag_errmsg(*g));
    gaztag_close(*g);
    *g = NULL;
    return -1;
}

static int diff_files(const char *old_path, const gaztag_gazetteer *old_g,
                      const char *new_path, const gaztag_gazetteer *new_g)
{
    key_list a, b;
    size_t counts[3] = {0, 0, 0};
    int rc = 2;
    gaztag_status st = collect(old_g, &a), st2 = GAZTAG_OK;
    if (st == GAZTAG_OK)
        st2 = collect(new_g, &b);
    if (st != GAZTAG_OK || st2 != GAZTAG_OK) {
        cli_error("%s: %s", st != GAZTAG_OK ? old_path : new_path,
                  gaztag_strerror(st != GAZTAG_OK ? st : st2));
    } else {
        bool norm = print_norm(old_g, new_g);
        if (merge(&a, &b, counts) == 0) {
            printf("%zu added, %zu removed, %zu changed\n", counts[0],
                   counts[1], counts[2]);
            rc = norm || counts[0] || counts[1] || counts[2];
        } else {
            cli_error("%s or %s: %s", old_path, new_path,
                      gaztag_strerror(GAZTAG_CORRUPT));
        }
    }
    free_list(&a);
    if (st == GAZTAG_OK)
        free_list(&b);
    return rc;
}

int cmd_diff(int argc, char **argv)
{
    if (argc != 3 || (argv[1][0] == '-' && argv[1][1]) ||
        (argv[2][0] == '-' && argv[2][1])) {
        cli_error(DIFF_USAGE);
        return 2;
    }
    gaztag_gazetteer *a = NULL, *b = NULL;
    int rc = 2;
    if (open_gaz(argv[1], &a) == 0 && open_gaz(argv[2], &b) == 0)
        rc = diff_files(argv[1], a, argv[2], b);
    gaztag_close(a);
    gaztag_close(b);
    if (insp_flush_stdout() < 0)
        rc = 2;
    return rc;
}
