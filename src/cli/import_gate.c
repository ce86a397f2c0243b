/*
 * import_gate.c -- GATE gazetteers (lists.def and its .lst files) to TSV
 * rows.
 *
 * lists.def names a list a line: file.lst:majorType[:minorType[:language
 * [:annotationType]]], the file relative to lists.def.  A list holds an
 * entry a line, optionally followed by features after a separator:
 * "Paris&country=France&id=123".  The majorType is the label (upper-cased;
 * characters other than A-Z, 0-9, _ and - become _), the `id` feature the
 * id, the `canonical` feature (else `string`) the canonical name.  TSV has
 * no column for the rest, and folding them into the id would make every
 * entry of a list an alias of the others, so they go into comments, which
 * compile skips: a `# GATE list ...` line with the list's types before its
 * rows, and a `# features: ...` line just before a row with other
 * features.
 */
#include "import.h"

#include <stdlib.h>
#include <string.h>

#define GATE_FIELDS 5 /* file, majorType, minorType, language, annotationType */
#define LABEL_BYTES 256

typedef struct gate_list {
    const char *path; /* the .lst file as opened */
    char label[LABEL_BYTES];
    char *note; /* scratch for an entry's other features */
    size_t note_cap;
} gate_list;

/* majorType as a label, or false when it does not start with a letter. */
static bool make_label(const import_field *f, char out[LABEL_BYTES])
{
    size_t n = 0;
    for (size_t i = 0; i < f->len && n < LABEL_BYTES - 1; i++) {
        unsigned char c = (unsigned char)f->s[i];
        if ((c & 0xC0) == 0x80)
            continue; /* a character outside ASCII gives one _ */
        if (c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 'a' + 'A');
        else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-'))
            c = '_';
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return import_label_ok(out, n);
}

static bool field_is(const char *s, size_t len, const char *name)
{
    return len == strlen(name) && memcmp(s, name, len) == 0;
}

/* Append "key=value" to the note, "; "-separated. */
static void note_feature(gate_list *l, size_t *n, const char *s, size_t len)
{
    if (*n > 0) {
        memcpy(l->note + *n, "; ", 2);
        *n += 2;
    } else {
        memcpy(l->note, "features: ", 10);
        *n = 10;
    }
    memcpy(l->note + *n, s, len);
    *n += len;
}

/* The features of an entry (after its name in line[0..len)) into row and
 * the note; false (reported) when one is not name=value. */
static bool read_features(import_ctx *x, const import_opts *o, gate_list *l,
                          const import_lines *r, char *line, size_t len,
                          import_row *row)
{
    import_field canonical = {0}, string = {0};
    size_t n = 0;
    for (size_t start = row->name_len + 1; start < len;) {
        char *s = line + start, *end = memchr(s, o->separator, len - start);
        size_t flen = end ? (size_t)(end - s) : len - start;
        char *eq = memchr(s, '=', flen);
        start += flen + 1;
        if (flen == 0)
            continue; /* "Paris&&id=1", "Paris&" */
        if (!eq || eq == s) {
            import_malformed(x, r->path, r->line, "feature '%.*s' is not "
                             "name=value (is '%c' the separator? see "
                             "--separator)", (int)flen, s, o->separator);
            return false;
        }
        size_t klen = (size_t)(eq - s);
        import_field value = {eq + 1, flen - klen - 1};
        if (field_is(s, klen, "id")) {
            row->id = value.s;
            row->id_len = value.len;
        } else if (field_is(s, klen, "canonical")) {
            canonical = value;
        } else if (field_is(s, klen, "string")) {
            string = value;
        } else {
            note_feature(l, &n, s, flen);
        }
    }
    row->canonical = canonical.s ? canonical.s : string.s;
    row->canonical_len = canonical.s ? canonical.len : string.len;
    row->note = n ? l->note : NULL;
    row->note_len = n;
    return true;
}

/* Room in the note for the features of a line of `len` bytes: at most the
 * line, its prefix and a "; " for each separator. */
static bool reserve_note(gate_list *l, size_t len)
{
    if (len > SIZE_MAX / 4)
        return false;
    size_t need = 3 * len + 16;
    if (need <= l->note_cap)
        return true;
    char *p = realloc(l->note, need);
    if (!p)
        return false;
    l->note = p;
    l->note_cap = need;
    return true;
}

/* One entry of a list; -1 when memory ran out. */
static int read_entry(import_ctx *x, const import_opts *o, gate_list *l,
                      const import_lines *r, char *line, size_t len)
{
    if (!import_utf8_ok(line, len)) {
        import_malformed(x, r->path, r->line, "invalid UTF-8");
        return 0;
    }
    if (!reserve_note(l, len))
        return import_out_of_memory(x);
    char *sep = memchr(line, o->separator, len);
    import_row row = {.name = line, .label = l->label};
    row.name_len = sep ? (size_t)(sep - line) : len;
    if (sep && !read_features(x, o, l, r, line, len, &row))
        return 0;
    return import_add(x, r->path, r->line, 0, &row) < 0 ? -1 : 0;
}

/* The list file's path: relative to the directory of lists.def. */
static char *list_path(const char *def, const import_field *file)
{
    const char *slash = strrchr(def, '/');
    size_t dir = file->s[0] == '/' || !slash ? 0 : (size_t)(slash - def) + 1;
    char *path = malloc(dir + file->len + 1);
    if (path) {
        memcpy(path, def, dir);
        memcpy(path + dir, file->s, file->len);
        path[dir + file->len] = '\0';
    }
    return path;
}

/* "GATE list cities.lst: majorType=location, minorType=city, ..." */
static int list_comment(import_ctx *x, const import_field *f, size_t n)
{
    static const char *const names[GATE_FIELDS] = {
        NULL, "majorType", "minorType", "language", "annotationType"};
    char text[1024];
    int len = snprintf(text, sizeof text, "GATE list %.*s:", (int)f[0].len,
                       f[0].s);
    for (size_t i = 1; i < n && len < (int)sizeof text; i++)
        if (f[i].len)
            len += snprintf(text + len, sizeof text - (size_t)len,
                            "%s %s=%.*s", i > 1 ? "," : "", names[i],
                            (int)f[i].len, f[i].s);
    size_t used = len < (int)sizeof text ? (size_t)len : sizeof text - 1;
    return import_comment(x, 0, text, used);
}

/* The entries of the list named at def:LINE, whose fields are f[0..n);
 * -1 when memory ran out. */
static int read_list(import_ctx *x, const import_opts *o, gate_list *l,
                     const import_lines *def, const import_field *f,
                     size_t n)
{
    import_lines r;
    char *line;
    size_t len;
    int rc = 0;
    if (import_open(x, &r, l->path, def->path, def->line) < 0)
        return 0;
    if (list_comment(x, f, n) < 0)
        rc = -1;
    while (rc == 0 && import_next(&r, &line, &len))
        if (len)
            rc = read_entry(x, o, l, &r, line, len);
    import_close(x, &r);
    return rc;
}

static size_t trim_end(const char *s, size_t len)
{
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    return len;
}

/* One line of lists.def; -1 when memory ran out. */
static int read_def_line(import_ctx *x, const import_opts *o, gate_list *l,
                         const import_lines *r, char *line, size_t len)
{
    import_field f[GATE_FIELDS];
    size_t n = import_split(line, trim_end(line, len), ':', f, GATE_FIELDS);
    if (n > GATE_FIELDS || n < 2 || f[0].len == 0 || f[1].len == 0) {
        import_malformed(x, r->path, r->line, "expected file.lst:majorType"
                         "[:minorType[:language[:annotationType]]]");
        return 0;
    }
    if (!import_utf8_ok(line, len)) {
        import_malformed(x, r->path, r->line, "invalid UTF-8");
        return 0;
    }
    if (!make_label(&f[1], l->label)) {
        import_malformed(x, r->path, r->line, "majorType '%.*s' does not "
                         "make a label (it must start with a letter)",
                         (int)f[1].len, f[1].s);
        return 0;
    }
    char *path = list_path(r->path, &f[0]);
    if (!path)
        return import_out_of_memory(x);
    l->path = path;
    int rc = read_list(x, o, l, r, f, n);
    free(path);
    return rc;
}

void import_gate(import_ctx *x, const import_opts *o, char **files, int n)
{
    gate_list l = {0};
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        import_lines r;
        char *line;
        size_t len;
        if (import_open(x, &r, files[i], NULL, 0) < 0)
            continue;
        while (rc == 0 && import_next(&r, &line, &len))
            if (trim_end(line, len))
                rc = read_def_line(x, o, &l, &r, line, len);
        import_close(x, &r);
    }
    free(l.note);
}
