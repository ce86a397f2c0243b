/*
 * cmd_check.c -- gaztag check: a lint for gazetteer sources.
 *
 * Files are read in command-line order, as the compiler reads them, and
 * each row is checked as it comes, so the report is in file then line
 * order without sorting.  A row is first refused for exactly what the
 * compiler refuses, with the compiler's reasons, but every problem of
 * every row is told.  A valid row is then compared with the entries before
 * it.  Entries still alive (not removed by a `-` row, not left out as a
 * common word) are kept in `entries`, each chained to the previous entry
 * of its key from the map `by_key`, so a row meets only the entries of its
 * own key; `by_id` holds the first entry of each id.
 *
 * A key is gaztag_normalize() of the whole name with the default folding
 * (case and accents removed): the keys of the name's tokens joined by one
 * space, as the default gazetteer is compiled and as text is matched.
 */
#include "check.h"
#include "cli.h"
#include "strmap.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_COLUMNS 5

static const char *const column_names[MAX_COLUMNS] = {
    "name", "label", "id", "canonical", "flags"};

/* --------------------------------------------------------------- checker */

/* An entry of the gazetteer being checked: a valid, non-removal row. */
typedef struct entry {
    const char *file; /* borrowed from argv */
    size_t line;
    char *name, *label, *id, *canonical; /* one block from name; "" = none */
    char *key;
    unsigned flags;
    bool live;    /* not removed by a later `-` row */
    size_t older; /* the previous entry of the same key, or SIZE_MAX */
} entry;

typedef struct checker {
    strmap by_key, by_id, common;
    char **common_keys; /* owned keys of the common words */
    size_t n_common, common_cap;
    entry *entries;
    size_t n_entries, entries_cap;
    const char *file; /* the row being checked */
    size_t line;
    size_t errors, warnings, rows;
    bool nomem;
} checker;

static void say(checker *c, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One line of the report, about the current row. */
static void say(checker *c, bool error, const char *fmt, ...)
{
    va_list ap;
    printf("%s:%zu: %s: ", c->file, c->line, error ? "error" : "warning");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    if (error)
        c->errors++;
    else
        c->warnings++;
}

static void say_warning(void *ctx, const char *msg)
{
    say(ctx, false, "%s", msg);
}

static void checker_free(checker *c)
{
    for (size_t i = 0; i < c->n_entries; i++) {
        free(c->entries[i].name);
        free(c->entries[i].key);
    }
    free(c->entries);
    for (size_t i = 0; i < c->n_common; i++)
        free(c->common_keys[i]);
    free(c->common_keys);
    free(c->by_key.slots);
    free(c->by_id.slots);
    free(c->common.slots);
}

/* gaztag_normalize() of s[0..len) as a new string; NULL out of memory. */
static char *normalized(unsigned norm_flags, const char *s, size_t len)
{
    char small[256];
    size_t n = gaztag_normalize(norm_flags, s, len, small, sizeof small);
    if (n == SIZE_MAX)
        return NULL;
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    if (n < sizeof small)
        memcpy(out, small, n + 1);
    else if (gaztag_normalize(norm_flags, s, len, out, n + 1) != n) {
        free(out);
        return NULL;
    }
    return out;
}

static size_t count_tokens(const char *s, size_t len, bool *any_word)
{
    size_t pos = 0, start, end, n = 0;
    bool word;
    *any_word = false;
    while (chk_token(s, len, &pos, &start, &end, &word)) {
        n++;
        *any_word |= word;
    }
    return n;
}

/* The whole file in a new buffer; NULL with errno on failure. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *data = malloc(cap);
    while (data && (n += fread(data + n, 1, cap - n, f)) == cap) {
        char *bigger = realloc(data, cap *= 2);
        if (!bigger)
            free(data);
        data = bigger;
    }
    int saved = data ? errno : ENOMEM;
    if (data && ferror(f)) {
        free(data);
        data = NULL;
    }
    fclose(f);
    errno = saved;
    *len = n;
    return data;
}

/* ---------------------------------------------------------- common words */

/* Keep the key of a one-token common word; -1 out of memory. */
static int add_common(checker *c, const char *word, size_t len)
{
    bool any_word;
    if (count_tokens(word, len, &any_word) != 1)
        return 0;
    char *key = normalized(0, word, len);
    if (!key)
        return -1;
    if (map_get(&c->common, key) != SIZE_MAX) {
        free(key);
        return 0;
    }
    if (c->n_common == c->common_cap) {
        size_t cap = c->common_cap ? c->common_cap * 2 : 256;
        char **keys = realloc(c->common_keys, cap * sizeof *keys);
        if (!keys) {
            free(key);
            return -1;
        }
        c->common_keys = keys;
        c->common_cap = cap;
    }
    c->common_keys[c->n_common++] = key;
    return map_set(&c->common, key, 0);
}

/* A list of common words: one a line, `#` comments (as the compiler reads
 * it).  Returns 0, or 1 after saying why it failed. */
static int load_common(checker *c, const char *path)
{
    size_t len, pos = 0;
    char *data = read_file(path, &len);
    if (!data) {
        cli_error("%s: %s", path, strerror(errno));
        return 1;
    }
    while (pos < len) {
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl != NULL);
        if (n && line[0] != '#' && add_common(c, line, n) < 0) {
            cli_error("out of memory");
            free(data);
            return 1;
        }
    }
    free(data);
    return 0;
}

/* ------------------------------------------------------- rows and fields */

typedef struct field {
    const char *s;
    size_t len;
} field;

typedef struct row {
    field col[MAX_COLUMNS]; /* {NULL, 0} beyond the row's columns */
    size_t ncols;           /* every column, also beyond MAX_COLUMNS */
    bool bad[MAX_COLUMNS];  /* the field has an error of its own */
    unsigned flags;         /* GAZTAG_ENTRY_*, the default applied */
    size_t ntok;
} row;

static void split_columns(const char *line, size_t len, row *r)
{
    size_t start = 0;
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i <= len; i++) {
        if (i < len && line[i] != '\t')
            continue;
        if (r->ncols < MAX_COLUMNS)
            r->col[r->ncols] = (field){line + start, i - start};
        r->ncols++;
        start = i + 1;
    }
}

/* The compiler's reason for refusing a field, or NULL. */
static const char *field_problem(const field *f)
{
    if (f->len > GAZTAG_MAX_FIELD_BYTES)
        return "is longer than 1024 bytes";
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)f->s;
    for (size_t i = 0; i < f->len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate(p + i, (utf8proc_ssize_t)(f->len - i), &cp);
        if (n <= 0)
            return "has invalid UTF-8";
        if (cp < 0x20 || cp == 0x7F)
            return "has a control character";
        i += (size_t)n;
    }
    return NULL;
}

static bool label_ok(const field *f)
{
    if (f->len == 0 || !(f->s[0] >= 'A' && f->s[0] <= 'Z'))
        return false;
    for (size_t i = 1; i < f->len; i++) {
        char ch = f->s[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-'))
            return false;
    }
    return true;
}

/* The flags of a comma-separated list, or -1 with the first unknown word
 * in *bad (as the compiler parses them: "cap," is cap, ",cap" is not). */
static long parse_flags(const char *s, size_t len, field *bad)
{
    static const struct { const char *word; unsigned flag; } words[] = {
        {"cap", GAZTAG_ENTRY_CAP}, {"case", GAZTAG_ENTRY_CASE},
        {"accents", GAZTAG_ENTRY_ACCENTS}, {"-", GAZTAG_ENTRY_REMOVE},
        {"yield", GAZTAG_ENTRY_YIELD}, {"none", 0}};
    size_t n_words = sizeof words / sizeof words[0];
    unsigned flags = 0;
    for (size_t i = 0; i < len;) {
        size_t j = i, k = 0;
        while (j < len && s[j] != ',')
            j++;
        while (k < n_words && !(strlen(words[k].word) == j - i &&
                                memcmp(words[k].word, s + i, j - i) == 0))
            k++;
        if (k == n_words) {
            *bad = (field){s + i, j - i};
            return -1;
        }
        flags |= words[k].flag;
        i = j + 1;
    }
    return (long)flags;
}

static void say_unknown_flag(checker *c, const field *bad)
{
    say(c, true, "unknown flag '%.*s' (cap, case, accents, -, yield, none)",
        (int)bad->len, bad->s);
}

/* A `#!` line: space-separated settings, of which only flags=... exists. */
static void check_defaults(checker *c, const char *line, size_t len,
                           unsigned *defaults)
{
    for (size_t i = 2; i < len;) {
        while (i < len && line[i] == ' ')
            i++;
        size_t j = i;
        while (j < len && line[j] != ' ')
            j++;
        if (j == i)
            break;
        field bad;
        long f = -1;
        if (j - i < 6 || memcmp(line + i, "flags=", 6) != 0)
            say(c, true, "unknown setting '%.*s' in a #! line (only "
                "flags=...)", (int)(j - i), line + i);
        else if ((f = parse_flags(line + i + 6, j - i - 6, &bad)) < 0)
            say_unknown_flag(c, &bad);
        else
            *defaults = (unsigned)f;
        i = j;
    }
}

/* The name's own errors: no word, too many tokens, a token keyed empty. */
static void name_errors(checker *c, row *r)
{
    const field *name = &r->col[0];
    size_t pos = 0, start, end;
    bool word, any_word = false, empty_key = false;
    r->ntok = 0;
    while (chk_token(name->s, name->len, &pos, &start, &end, &word)) {
        r->ntok++;
        any_word |= word;
        if (!empty_key) {
            char key[8];
            size_t n = gaztag_normalize(0, name->s + start, end - start, key,
                                        sizeof key);
            c->nomem |= n == SIZE_MAX;
            empty_key = n == 0;
        }
    }
    if (!any_word)
        say(c, true, "name has no letter or digit");
    if (r->ntok > GAZTAG_MAX_PHRASE_TOKENS)
        say(c, true, "name has more than %d tokens (%zu)",
            GAZTAG_MAX_PHRASE_TOKENS, r->ntok);
    if (empty_key)
        say(c, true, "a token of the name normalises to nothing");
}

/* Every reason the compiler has to refuse the row. */
static void row_errors(checker *c, row *r, unsigned defaults)
{
    size_t n = r->ncols < MAX_COLUMNS ? r->ncols : MAX_COLUMNS;
    if (r->ncols > MAX_COLUMNS)
        say(c, true, "too many columns (at most 5: name, label, id, "
            "canonical, flags)");
    for (size_t i = 0; i < n; i++) {
        const char *problem = field_problem(&r->col[i]);
        r->bad[i] = problem != NULL;
        if (problem)
            say(c, true, "column %zu (%s) %s", i + 1, column_names[i],
                problem);
    }
    const field *label = &r->col[1];
    if (r->col[0].len == 0)
        say(c, true, "empty name");
    if (label->len == 0)
        say(c, true, "missing label (column 2)");
    if (r->col[0].len && !r->bad[0])
        name_errors(c, r);
    if (label->len && !r->bad[1] && !label_ok(label))
        say(c, true, "label '%.*s' is not an upper-case word (A-Z, 0-9, _ "
            "and -)", (int)label->len, label->s);
    r->flags = defaults;
    field bad;
    long f;
    if (r->col[4].len && !r->bad[4]) {
        if ((f = parse_flags(r->col[4].s, r->col[4].len, &bad)) < 0)
            say_unknown_flag(c, &bad);
        else
            r->flags = (unsigned)f;
    }
}

/* ---------------------------------------------------------------- entries */

/* A new entry from a valid row (not yet in the maps); `key` is taken. */
static entry *new_entry(checker *c, const row *r, char *key)
{
    if (c->n_entries == c->entries_cap) {
        size_t cap = c->entries_cap ? c->entries_cap * 2 : 1024;
        entry *bigger = realloc(c->entries, cap * sizeof *bigger);
        if (!bigger)
            return NULL;
        c->entries = bigger;
        c->entries_cap = cap;
    }
    size_t size = 4;
    for (size_t i = 0; i < 4; i++)
        size += r->col[i].len;
    char *block = malloc(size), *p = block;
    if (!block)
        return NULL;
    entry *e = &c->entries[c->n_entries];
    char **dest[4] = {&e->name, &e->label, &e->id, &e->canonical};
    for (size_t i = 0; i < 4; i++) {
        *dest[i] = p;
        if (r->col[i].len)
            memcpy(p, r->col[i].s, r->col[i].len);
        p += r->col[i].len;
        *p++ = '\0';
    }
    e->file = c->file;
    e->line = c->line;
    e->key = key;
    e->flags = r->flags;
    e->live = true;
    e->older = SIZE_MAX;
    return e;
}

static void free_entry(entry *e)
{
    free(e->name);
    free(e->key);
}

/* Whether some text can match both entries of one key: not when both
 * require exact case (or accents) and their names differ in it. */
static bool may_match_same_text(checker *c, const entry *a, const entry *b)
{
    unsigned strict = a->flags & b->flags;
    unsigned norm = ((strict & GAZTAG_ENTRY_CASE) ? GAZTAG_CASE_SENSITIVE : 0) |
                    ((strict & GAZTAG_ENTRY_ACCENTS) ? GAZTAG_KEEP_ACCENTS : 0);
    if (!norm)
        return true;
    char *fa = normalized(norm, a->name, strlen(a->name));
    char *fb = normalized(norm, b->name, strlen(b->name));
    bool same = fa && fb && strcmp(fa, fb) == 0;
    c->nomem |= !fa || !fb;
    free(fa);
    free(fb);
    return same;
}

static bool same_row(const entry *a, const entry *b)
{
    return strcmp(a->name, b->name) == 0 && strcmp(a->label, b->label) == 0 &&
           strcmp(a->id, b->id) == 0 &&
           strcmp(a->canonical, b->canonical) == 0 && a->flags == b->flags;
}

static const char *id_or_none(const char *id)
{
    return *id ? id : "(no id)";
}

/* Compare a new entry with the live entries of its key.  Returns false for
 * a duplicate row, which adds nothing to the gazetteer. */
static bool compare_with_key(checker *c, const entry *e)
{
    const entry *dup = NULL, *other_label = NULL, *other_id = NULL,
                *same = NULL;
    bool label_seen = false;
    /* Newest first: the last one found of each kind is the earliest. */
    for (size_t i = map_get(&c->by_key, e->key); i != SIZE_MAX;
         i = c->entries[i].older) {
        const entry *o = &c->entries[i];
        if (!o->live)
            continue;
        if (same_row(o, e))
            dup = o;
        else if (!may_match_same_text(c, o, e))
            continue;
        else if (strcmp(o->label, e->label) != 0)
            other_label = o;
        else {
            label_seen = true;
            if (strcmp(o->id, e->id) != 0)
                other_id = o;
            else if (strcmp(o->canonical, e->canonical) == 0 &&
                     o->flags == e->flags)
                same = o;
        }
    }
    if (dup) {
        say(c, false, "duplicate row (same as %s:%zu)", dup->file, dup->line);
        return false;
    }
    if (other_label && !label_seen)
        say(c, false, "key '%s' has several labels: %s here, %s at %s:%zu "
            "('%s')", e->key, e->label, other_label->label,
            other_label->file, other_label->line, other_label->name);
    if (other_id)
        say(c, false, "key '%s' has several ids: %s here, %s at %s:%zu ('%s')",
            e->key, id_or_none(e->id), id_or_none(other_id->id),
            other_id->file, other_id->line, other_id->name);
    if (same)
        say(c, false, "'%s' adds nothing: same key, label, id, canonical and "
            "flags as '%s' at %s:%zu", e->name, same->name, same->file,
            same->line);
    return true;
}

/* Aliases share an id: they should share the label and canonical too. */
static void compare_with_id(checker *c, const entry *e, size_t index)
{
    if (!*e->id)
        return;
    size_t first = map_get(&c->by_id, e->id);
    if (first == SIZE_MAX) {
        c->nomem |= map_set(&c->by_id, e->id, index) < 0;
        return;
    }
    const entry *o = &c->entries[first];
    if (strcmp(o->label, e->label) != 0)
        say(c, false, "id '%s' has label %s here, %s at %s:%zu", e->id,
            e->label, o->label, o->file, o->line);
    if (strcmp(o->canonical, e->canonical) != 0)
        say(c, false, "id '%s' has canonical '%s' here, '%s' at %s:%zu",
            e->id, e->canonical, o->canonical, o->file, o->line);
}

/* A `-` row: the live entries of its key, label (and id) are removed. */
static void check_removal(checker *c, const row *r, const char *key)
{
    bool any = false;
    for (size_t i = map_get(&c->by_key, key); i != SIZE_MAX;
         i = c->entries[i].older) {
        entry *o = &c->entries[i];
        if (o->live && strlen(o->label) == r->col[1].len &&
            memcmp(o->label, r->col[1].s, r->col[1].len) == 0 &&
            (r->col[2].len == 0 ||
             (strlen(o->id) == r->col[2].len &&
              memcmp(o->id, r->col[2].s, r->col[2].len) == 0))) {
            o->live = false;
            any = true;
        }
    }
    if (!any)
        say(c, false, "'%.*s' removes nothing: no earlier entry has its key, "
            "label%s", (int)r->col[0].len, r->col[0].s,
            r->col[2].len ? " and id" : "");
}

/* The entry-level warnings of a valid row, then its entry kept. */
static void check_entry(checker *c, const row *r)
{
    char *key = normalized(0, r->col[0].s, r->col[0].len);
    if (!key) {
        c->nomem = true;
        return;
    }
    if (r->flags & GAZTAG_ENTRY_REMOVE) {
        check_removal(c, r, key);
        free(key);
        return;
    }
    if (r->ntok == 1 &&
        !(r->flags & (GAZTAG_ENTRY_CAP | GAZTAG_ENTRY_CASE)) &&
        map_get(&c->common, key) != SIZE_MAX) {
        say(c, false, "'%.*s' is the common word '%s': it will be left out "
            "(add cap or case)", (int)r->col[0].len, r->col[0].s, key);
        free(key);
        return;
    }
    entry *e = new_entry(c, r, key);
    if (!e) {
        free(key);
        c->nomem = true;
        return;
    }
    if (!compare_with_key(c, e)) {
        free_entry(e);
        return;
    }
    size_t index = c->n_entries++;
    e->older = map_get(&c->by_key, e->key);
    c->nomem |= map_set(&c->by_key, e->key, index) < 0;
    compare_with_id(c, e, index);
}

static void check_row(checker *c, const char *line, size_t len,
                      unsigned defaults)
{
    row r;
    size_t errors = c->errors;
    split_columns(line, len, &r);
    row_errors(c, &r, defaults);
    if (c->errors != errors || c->nomem)
        return;
    for (size_t i = 0; i < r.ncols && i < MAX_COLUMNS; i++)
        chk_field_chars(r.col[i].s, r.col[i].len, i, column_names[i],
                        say_warning, c);
    check_entry(c, &r);
}

/* Blank lines and `#` comments (`#!` lines are taken before). */
static bool skipped(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    return i == len || line[0] == '#';
}

static void check_file(checker *c, const char *path)
{
    size_t len, pos = 0, lineno = 0;
    unsigned defaults = 0;
    char *data = read_file(path, &len);
    c->file = path;
    if (!data) {
        printf("%s: error: %s\n", path, strerror(errno));
        c->errors++;
        return;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len && !c->nomem) {
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl != NULL);
        c->line = ++lineno;
        if (n && line[n - 1] == '\r')
            n--;
        if (n >= 2 && line[0] == '#' && line[1] == '!')
            check_defaults(c, line, n, &defaults);
        else if (!skipped(line, n)) {
            c->rows++;
            check_row(c, line, n, defaults);
        }
    }
    free(data);
}

static int check_usage(void)
{
    cli_error("usage: gaztag check [--common FILE]... SOURCE.tsv...");
    return 2;
}

int cmd_check(int argc, char **argv)
{
    checker c;
    int status = 0, i = 1;
    memset(&c, 0, sizeof c);
    for (; i < argc && argv[i][0] == '-' && argv[i][1] && status == 0; i++) {
        if (strcmp(argv[i], "--common") == 0 && i + 1 < argc)
            status = load_common(&c, argv[++i]);
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else
            status = check_usage();
    }
    if (status == 0 && i >= argc)
        status = check_usage();
    for (; status == 0 && i < argc && !c.nomem; i++)
        check_file(&c, argv[i]);
    if (status == 0) {
        if (fflush(stdout) != 0 || ferror(stdout) || c.nomem) {
            cli_error("%s", c.nomem ? "out of memory" : "write error");
            status = 1;
        } else {
            fprintf(stderr, "%zu errors, %zu warnings in %zu rows\n",
                    c.errors, c.warnings, c.rows);
            status = c.errors ? 1 : 0;
        }
    }
    checker_free(&c);
    return status;
}
