/*
 * import_geonames.c -- GeoNames dumps (allCountries.txt, citiesNNNN.txt)
 * and alternate names (alternateNamesV2.txt) to TSV rows.
 *
 * A place kept by the filters gives a row for its name and one for its
 * ASCII name when that differs, both with the id geonames:<geonameid> and
 * the name as canonical.  Rows sort by geonameid (the import group), then
 * in the order they were read, so the output does not depend on how the
 * dumps are cut or ordered.  The alternate names file is ordered by
 * alternateNameId, not by place: the places kept (id and name) are
 * remembered in an array, sorted by id once every dump is read, and each
 * alternate name is looked up there.
 */
#include "import.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define PLACE_COLUMNS 19
#define ALT_COLUMNS 10    /* alternateNamesV2.txt */
#define ALT_COLUMNS_V1 8  /* the older alternateNames.txt: no from, to */
#define PLACE_ID_BYTES 32 /* "geonames:" and 20 digits */

typedef struct place {
    uint64_t id;
    size_t seq; /* order read: of two places with one id, the first wins */
    size_t name, name_len; /* in names */
} place;

typedef struct places {
    place *v;
    size_t n, cap;
    char *names;
    size_t names_len, names_cap;
} places;

/* Digits only, at most UINT64_MAX; empty is 0 when `empty_ok`. */
static bool parse_count(const import_field *f, bool empty_ok, uint64_t *v)
{
    uint64_t n = 0;
    if (f->len == 0 && !empty_ok)
        return false;
    for (size_t i = 0; i < f->len; i++) {
        unsigned d = (unsigned)(unsigned char)f->s[i] - '0';
        if (d > 9 || n > (UINT64_MAX - d) / 10)
            return false;
        n = n * 10 + d;
    }
    *v = n;
    return true;
}

static bool class_kept(const import_opts *o, const import_field *f)
{
    return !o->feature_classes[0] ||
           (f->len == 1 && memchr(o->feature_classes, f->s[0],
                                  strlen(o->feature_classes)));
}

static int remember(places *pl, uint64_t id, const import_field *name)
{
    if (!import_grow((void **)&pl->v, &pl->cap, pl->n + 1, sizeof *pl->v) ||
        !import_grow((void **)&pl->names, &pl->names_cap,
              pl->names_len + name->len, 1))
        return -1;
    memcpy(pl->names + pl->names_len, name->s, name->len);
    pl->v[pl->n] = (place){id, pl->n, pl->names_len, name->len};
    pl->names_len += name->len;
    pl->n++;
    return 0;
}

/* The rows of one place: 1 if the line is malformed, -1 out of memory. */
static int place_rows(import_ctx *x, const import_opts *o,
                      const import_lines *r, uint64_t id,
                      const import_field *c)
{
    char gid[PLACE_ID_BYTES];
    int n = snprintf(gid, sizeof gid, "geonames:%" PRIu64, id);
    import_row row = {c[1].s, c[1].len, o->label, gid, (size_t)n,
                      c[1].s, c[1].len, NULL, 0};
    int rc = import_add(x, r->path, r->line, id, &row);
    if (rc || (c[2].len == c[1].len && memcmp(c[2].s, c[1].s, c[1].len) == 0))
        return rc;
    row.name = c[2].s;
    row.name_len = c[2].len;
    return import_add(x, r->path, r->line, id, &row);
}

/* -1 when memory ran out. */
static int read_place(import_ctx *x, const import_opts *o, places *pl,
                      const import_lines *r, char *line, size_t len)
{
    import_field c[PLACE_COLUMNS];
    size_t n = import_split(line, len, '\t', c, PLACE_COLUMNS);
    uint64_t id, population;
    if (n != PLACE_COLUMNS)
        import_malformed(x, r->path, r->line, "%s%zu columns, expected %d "
                         "(a GeoNames dump: geonameid, name, asciiname, ...)",
                         n > PLACE_COLUMNS ? "more than " : "",
                         n > PLACE_COLUMNS ? PLACE_COLUMNS : n, PLACE_COLUMNS);
    else if (!parse_count(&c[0], false, &id))
        import_malformed(x, r->path, r->line, "geonameid '%.*s' is not a "
                         "number", (int)c[0].len, c[0].s);
    else if (!parse_count(&c[14], true, &population))
        import_malformed(x, r->path, r->line, "population '%.*s' is not a "
                         "number", (int)c[14].len, c[14].s);
    else if (!import_utf8_ok(line, len))
        import_malformed(x, r->path, r->line, "invalid UTF-8");
    else if (population >= o->min_population && class_kept(o, &c[6])) {
        int rc = place_rows(x, o, r, id, c);
        if (rc < 0 || (rc == 0 && o->alternate && remember(pl, id, &c[1])))
            return -1;
    }
    return 0;
}

static int by_id(const void *a, const void *b)
{
    const place *p = a, *q = b;
    if (p->id != q->id)
        return p->id < q->id ? -1 : 1;
    return p->seq < q->seq ? -1 : p->seq > q->seq;
}

/* Sort by id, keeping the first of each id. */
static void index_places(places *pl)
{
    if (pl->n == 0)
        return;
    qsort(pl->v, pl->n, sizeof *pl->v, by_id);
    size_t k = 1;
    for (size_t i = 1; i < pl->n; i++)
        if (pl->v[i].id != pl->v[k - 1].id)
            pl->v[k++] = pl->v[i];
    pl->n = k;
}

static const place *find_place(const places *pl, uint64_t id)
{
    size_t lo = 0, hi = pl->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pl->v[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < pl->n && pl->v[lo].id == id ? &pl->v[lo] : NULL;
}

/* Is `f` one of the comma-separated codes of `list`? */
static bool lang_wanted(const char *list, const import_field *f)
{
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        if (n == f->len && memcmp(p, f->s, n) == 0)
            return true;
        p += n + (p[n] == ',');
    }
    return false;
}

static bool is_set(const import_field *f)
{
    return f->len == 1 && f->s[0] == '1';
}

/* -1 when memory ran out. */
static int read_alternate(import_ctx *x, const import_opts *o, places *pl,
                          const import_lines *r, char *line, size_t len)
{
    import_field c[ALT_COLUMNS];
    size_t n = import_split(line, len, '\t', c, ALT_COLUMNS);
    uint64_t id;
    if (n != ALT_COLUMNS && n != ALT_COLUMNS_V1) {
        import_malformed(x, r->path, r->line, "%s%zu columns, expected %d "
                         "(alternateNamesV2.txt: alternateNameId, "
                         "geonameid, isolanguage, alternate name, ...)",
                         n > ALT_COLUMNS ? "more than " : "",
                         n > ALT_COLUMNS ? ALT_COLUMNS : n, ALT_COLUMNS);
        return 0;
    }
    /* Colloquial and historic names are not names to find a place by. */
    if (!lang_wanted(o->langs, &c[2]) || is_set(&c[6]) || is_set(&c[7]))
        return 0;
    if (!parse_count(&c[1], false, &id)) {
        import_malformed(x, r->path, r->line, "geonameid '%.*s' is not a "
                         "number", (int)c[1].len, c[1].s);
        return 0;
    }
    const place *p = find_place(pl, id);
    if (!p)
        return 0;
    char gid[PLACE_ID_BYTES];
    int gl = snprintf(gid, sizeof gid, "geonames:%" PRIu64, id);
    import_row row = {c[3].s, c[3].len, o->label, gid, (size_t)gl,
                      pl->names + p->name, p->name_len, NULL, 0};
    return import_add(x, r->path, r->line, id, &row) < 0 ? -1 : 0;
}

typedef int (*line_fn)(import_ctx *x, const import_opts *o, places *pl,
                       const import_lines *r, char *line, size_t len);

/* Every non-empty line of `path` through fn; -1 when memory ran out. */
static int read_file(import_ctx *x, const import_opts *o, places *pl,
                     const char *path, line_fn fn)
{
    import_lines r;
    char *line;
    size_t len;
    int rc = 0;
    if (import_open(x, &r, path, NULL, 0) < 0)
        return 0;
    while (rc == 0 && import_next(&r, &line, &len))
        if (len)
            rc = fn(x, o, pl, &r, line, len);
    import_close(x, &r);
    return rc;
}

void import_geonames(import_ctx *x, const import_opts *o, char **files,
                     int n)
{
    places pl = {0};
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        rc = read_file(x, o, &pl, files[i], read_place);
    if (rc == 0 && o->alternate) {
        index_places(&pl);
        rc = read_file(x, o, &pl, o->alternate, read_alternate);
    }
    if (rc < 0)
        import_out_of_memory(x);
    free(pl.v);
    free(pl.names);
}
