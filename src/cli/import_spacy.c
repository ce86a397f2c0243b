/*
 * import_spacy.c -- spaCy EntityRuler patterns (JSON Lines) to TSV rows.
 *
 * A line is an object {"label": "ORG", "pattern": "Apple", "id": "apple"}.
 * A string pattern is a phrase: it becomes a row.  A token pattern (a list
 * of token attribute objects: LOWER, REGEX, OP...) describes what no list of
 * names can hold, so it is left out with a warning.  Labels are
 * upper-cased (spaCy does not require upper case, compile does) and must
 * then be labels compile accepts.  Blank lines are skipped, as spaCy's own
 * reader skips them.
 */
#include "import.h"

#include "json_read.h"

#include <string.h>

#define LABEL_BYTES 256

/* The label upper-cased into out, or false if it is not then a label. */
static bool upper_label(const json_value *v, char out[LABEL_BYTES])
{
    if (v->len >= LABEL_BYTES)
        return false;
    for (size_t i = 0; i < v->len; i++) {
        char c = v->u.s[i];
        out[i] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
    out[v->len] = '\0';
    return import_label_ok(out, v->len);
}

/* The id, absent, null, a string or (leniently) a number as written. */
static bool get_id(const json_value *v, const char **id, size_t *len)
{
    *id = NULL;
    *len = 0;
    if (!v || v->type == JSON_NULL)
        return true;
    if (v->type != JSON_STRING && v->type != JSON_NUMBER)
        return false;
    *id = v->u.s;
    *len = v->len;
    return true;
}

/* One pattern object; -1 when memory ran out. */
static int add_pattern(import_ctx *x, const import_lines *r,
                       const json_value *v)
{
    const json_value *pattern = json_get(v, "pattern");
    const json_value *label = json_get(v, "label");
    char upper[LABEL_BYTES];
    import_row row = {0};
    if (v->type != JSON_OBJECT)
        import_malformed(x, r->path, r->line, "not a JSON object "
                         "({\"label\": ..., \"pattern\": ...})");
    else if (!pattern)
        import_malformed(x, r->path, r->line, "no \"pattern\"");
    else if (pattern->type == JSON_ARRAY)
        import_warning(r->path, r->line,
                       "token pattern not supported (only string patterns)");
    else if (pattern->type != JSON_STRING)
        import_malformed(x, r->path, r->line, "\"pattern\" is neither a "
                         "string nor a list of tokens");
    else if (!label || label->type != JSON_STRING)
        import_malformed(x, r->path, r->line, "no \"label\" string");
    else if (!upper_label(label, upper))
        import_malformed(x, r->path, r->line, "label '%.*s' is not a word "
                         "of A-Z, 0-9, _ and - (starting with a letter)",
                         label->len < 64 ? (int)label->len : 64,
                         label->u.s);
    else if (!get_id(json_get(v, "id"), &row.id, &row.id_len))
        import_malformed(x, r->path, r->line, "\"id\" is not a string");
    else {
        row.name = pattern->u.s;
        row.name_len = pattern->len;
        row.label = upper;
        return import_add(x, r->path, r->line, 0, &row) < 0 ? -1 : 0;
    }
    return 0;
}

static bool blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* -1 when memory ran out. */
static int read_line(import_ctx *x, const import_lines *r, const char *line,
                     size_t len)
{
    json_error err;
    if (blank(line, len))
        return 0;
    json_doc *d = json_parse(line, len, &err);
    if (!d && err.reason == json_out_of_memory)
        return import_out_of_memory(x);
    if (!d) {
        import_malformed(x, r->path, r->line, "invalid JSON at column %zu: "
                         "%s", err.offset + 1, err.reason);
        return 0;
    }
    int rc = add_pattern(x, r, json_doc_root(d));
    json_doc_free(d);
    return rc;
}

void import_spacy(import_ctx *x, const import_opts *o, char **files, int n)
{
    (void)o;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        import_lines r;
        char *line;
        size_t len;
        if (import_open(x, &r, files[i], NULL, 0) < 0)
            continue;
        while (rc == 0 && import_next(&r, &line, &len))
            rc = read_line(x, &r, line, len);
        import_close(x, &r);
    }
}
