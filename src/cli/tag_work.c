/*
 * tag_work.c -- a worker's job: tag one unit and format its output.
 *
 * A unit's input is a whole document or a batch of records, one per line
 * (--lines, --jsonl) or one per block of non-blank lines (--input conll);
 * the last record may lack its newline.  Output goes to the unit's memory
 * stream, errors to its error list at the output position they follow, so
 * the main thread can write both in input order.
 */
#define _GNU_SOURCE /* open_memstream, vasprintf */
#include "tag.h"
#include "json_read.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void tag_unit_clear(tag_unit *u)
{
    free(u->data);
    free(u->out);
    for (size_t i = 0; i < u->n_errors; i++)
        free(u->errors[i].msg);
    free(u->errors);
    free(u->counts);
    memset(u, 0, sizeof *u);
}

void tag_unit_error(tag_unit *u, FILE *out, bool record, const char *fmt, ...)
{
    va_list ap;
    char *msg = NULL;
    tag_error *e = realloc(u->errors, (u->n_errors + 1) * sizeof *e);
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    if (!e || !msg) {
        free(msg); /* the unit's earlier errors stay reported */
        if (e)
            u->errors = e;
        return;
    }
    u->errors = e;
    fflush(out);
    e[u->n_errors++] = (tag_error){(size_t)ftell(out), msg, record};
}

static void count_labels(tag_unit *u, const gaztag_span *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < u->n_counts && strcmp(u->counts[j].label, s[i].entry.label))
            j++;
        if (j == u->n_counts) {
            tag_count *c = realloc(u->counts, (j + 1) * sizeof *c);
            if (!c)
                continue; /* the legend undercounts; the spans are shown */
            u->counts = c;
            c[u->n_counts++] = (tag_count){s[i].entry.label, 0};
        }
        u->counts[j].n++;
    }
}

/* Write a tagged document or record in the chosen format. */
static int format_doc(tag_worker *w, tag_unit *u, FILE *f, const tag_doc *d,
                      const gaztag_span *s, size_t n)
{
    char name[4096], err[4200];
    switch (w->o->format) {
    case TAG_FMT_JSONL:
        if (!w->jw)
            w->jw = json_out_new(f);
        jsonl_doc(w->jw, f, w->o, w->g, d, s, n);
        break;
    case TAG_FMT_TSV:
        tsv_doc_name(name, sizeof name, d);
        tsv_spans(f, name, s, n);
        break;
    case TAG_FMT_BRAT:
        if (brat_doc(w->o, d, s, n, err, sizeof err) < 0) {
            tag_unit_error(u, f, false, "%s", err);
            return -1;
        }
        break;
    case TAG_FMT_CONLL:
        conll_doc(f, d, s, n);
        break;
    case TAG_FMT_HTML:
        html_doc(f, w->g, d, s, n);
        count_labels(u, s, n);
        break;
    }
    return 0;
}

static int tag_and_format(tag_worker *w, tag_unit *u, FILE *f, tag_doc *d)
{
    const gaztag_span *s;
    size_t n;
    gaztag_status st = gaztag_tag_text(w->t, d->text, d->len, w->o->flags,
                                       &s, &n);
    if (st != GAZTAG_OK) {
        tag_unit_error(u, f, false, "tagging failed: %s", gaztag_strerror(st));
        return -1;
    }
    return format_doc(w, u, f, d, s, n);
}

/* Scanners over text json_parse() accepted (so no validation here, only
 * bounds). */
static size_t skip_ws(const char *s, size_t i, size_t len)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
                       s[i] == '\n'))
        i++;
    return i;
}

static size_t skip_string(const char *s, size_t i, size_t len)
{
    size_t end = json_string_end(s, i, len);
    return end < len ? end + 1 : len;
}

static size_t skip_value(const char *s, size_t i, size_t len)
{
    if (i < len && s[i] == '"')
        return skip_string(s, i, len);
    if (i < len && (s[i] == '{' || s[i] == '[')) {
        size_t depth = 0;
        for (; i < len; i++) {
            if (s[i] == '"')
                i = skip_string(s, i, len) - 1;
            else if (s[i] == '{' || s[i] == '[')
                depth++;
            else if ((s[i] == '}' || s[i] == ']') && --depth == 0)
                return i + 1;
        }
        return len;
    }
    while (i < len && !strchr(",}] \t\r\n", s[i]))
        i++;
    return i;
}

/* The byte ranges of the members of a valid JSON object's text, in order:
 * each from its key's opening quote to the end of its value. */
static void member_ranges(const char *s, size_t len, size_t *beg, size_t *end,
                          size_t n)
{
    size_t i = skip_ws(s, 0, len) + 1; /* past '{' */
    for (size_t m = 0; m < n; m++) {
        i = skip_ws(s, i, len);
        beg[m] = i;
        i = skip_ws(s, skip_string(s, i, len), len) + 1; /* past ':' */
        i = skip_value(s, skip_ws(s, i, len), len);
        end[m] = i;
        i = skip_ws(s, i, len) + 1; /* past ',' or '}' */
    }
}

/* The members to copy: all but the text field. */
static int keep_members(tag_doc *d, const json_value *root, const char *field)
{
    size_t n = root->len, k = 0;
    size_t *beg = malloc((n ? n : 1) * 2 * sizeof *beg);
    if (!beg)
        return -1;
    size_t *end = beg + (n ? n : 1);
    member_ranges(d->record, d->record_len, beg, end, n);
    for (size_t m = 0; m < n; m++) {
        if (strcmp(root->u.members[m].key, field) == 0 &&
            root->u.members[m].key_len == strlen(field))
            continue;
        beg[k] = beg[m];
        end[k++] = end[m];
    }
    d->mbeg = beg;
    d->mend = end;
    d->n_members = k;
    return 0;
}

/* One --jsonl record: parsed, checked, tagged.  A bad record is an error
 * on the unit (its line named), not a failure of the unit. */
static int tag_json_record(tag_worker *w, tag_unit *u, FILE *f, tag_doc *d)
{
    const char *field = w->o->text_field;
    json_error je;
    json_doc *doc = json_parse(d->record, d->record_len, &je);
    const json_value *root = doc ? json_doc_root(doc) : NULL;
    const json_value *text = root ? json_get(root, field) : NULL;
    int rc = 0;
    if (!doc && je.reason == json_out_of_memory)
        tag_unit_error(u, f, false, "out of memory");
    else if (!doc)
        tag_unit_error(u, f, true, "%s:%zu: column %zu: %s", d->name, d->line,
                       je.offset + 1, je.reason);
    /* A parsed document has a root: json_doc_root() is never NULL. */
    /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
    else if (root->type != JSON_OBJECT)
        tag_unit_error(u, f, true, "%s:%zu: not a JSON object", d->name,
                       d->line);
    else if (!text)
        tag_unit_error(u, f, true, "%s:%zu: no \"%s\" field", d->name,
                       d->line, field);
    else if (text->type != JSON_STRING)
        tag_unit_error(u, f, true, "%s:%zu: field \"%s\" is not a string",
                       d->name, d->line, field);
    if (!text || text->type != JSON_STRING) {
        json_doc_free(doc);
        return !doc && je.reason == json_out_of_memory ? -1 : 0;
    }
    d->text = text->u.s;
    d->len = text->len;
    if (keep_members(d, root, field) < 0) {
        tag_unit_error(u, f, false, "out of memory");
        rc = -1;
    } else {
        rc = tag_and_format(w, u, f, d);
    }
    free((void *)d->mbeg);
    json_doc_free(doc);
    return rc;
}

/* The next line of u->data from *pos, without its newline. */
static bool next_record(const tag_unit *u, size_t *pos, size_t *beg,
                        size_t *end)
{
    size_t i = *pos;
    if (i >= u->len)
        return false;
    const char *nl = memchr(u->data + i, '\n', u->len - i);
    *beg = i;
    *end = nl ? (size_t)(nl - u->data) : u->len;
    *pos = nl ? *end + 1 : u->len;
    return true;
}

static int tag_records(tag_worker *w, tag_unit *u, FILE *f)
{
    size_t pos = 0, beg, end, line = u->first_line;
    int rc = 0;
    while (rc == 0 && next_record(u, &pos, &beg, &end)) {
        tag_doc d = {u->name, line, u->data + beg, end - beg, NULL, 0,
                     NULL, NULL, 0};
        if (w->o->input == TAG_IN_JSONL) {
            d.record = d.text;
            d.record_len = d.len;
            rc = tag_json_record(w, u, f, &d);
        } else {
            if (d.len && d.text[d.len - 1] == '\r')
                d.len--;
            rc = tag_and_format(w, u, f, &d);
        }
        line++;
    }
    return rc;
}

/* --input conll: a unit holds whole sentences and the blank lines around
 * them. */
static int tag_conll(tag_worker *w, tag_unit *u, FILE *f)
{
    size_t i = 0;
    while (i < u->len) {
        const char *nl = memchr(u->data + i, '\n', u->len - i);
        size_t end = nl ? (size_t)(nl - u->data) + 1 : u->len;
        size_t j = end;
        if (strspn(u->data + i, " \t\r") >= end - i - (nl ? 1 : 0)) {
            fputc('\n', f); /* a blank line between sentences */
            i = end;
            continue;
        }
        while (j < u->len) { /* the sentence runs to a blank line */
            const char *nl2 = memchr(u->data + j, '\n', u->len - j);
            size_t e2 = nl2 ? (size_t)(nl2 - u->data) + 1 : u->len;
            if (strspn(u->data + j, " \t\r") >= e2 - j - (nl2 ? 1 : 0))
                break;
            j = e2;
        }
        if (conll_sentence(f, w->t, w->o->flags, u->data + i, j - i) < 0) {
            tag_unit_error(u, f, false, "out of memory or tagging failed");
            return -1;
        }
        i = j;
    }
    return 0;
}

/* The worker's tagger, made at its first unit; false when out of memory. */
static bool worker_tagger(tag_worker *w)
{
    gaztag_tagger *t = NULL;
    if (w->t)
        return true;
    if (gaztag_tagger_new_layered((const gaztag_gazetteer *const *)w->gz->g,
                                  w->gz->n, &t) != GAZTAG_OK)
        return false;
    if (gaztag_tagger_set_rules(t, w->rules) != GAZTAG_OK) {
        gaztag_tagger_free(t);
        return false;
    }
    gaztag_tagger_set_propagation_window(t, w->o->window);
    w->t = t;
    return true;
}

int tag_work(tag_worker *w, tag_unit *u)
{
    FILE *f = worker_tagger(w) ? open_memstream(&u->out, &u->out_len) : NULL;
    int rc;
    if (!f) {
        u->errors = calloc(1, sizeof *u->errors);
        if (u->errors && (u->errors->msg = strdup("out of memory")))
            u->n_errors = 1;
        return -1;
    }
    if (u->whole_doc) {
        tag_doc d = {u->name, 0, u->data, u->len, NULL, 0, NULL, NULL, 0};
        rc = tag_and_format(w, u, f, &d);
    } else if (w->o->input == TAG_IN_CONLL) {
        rc = tag_conll(w, u, f);
    } else {
        rc = tag_records(w, u, f);
    }
    fclose(f);
    return rc;
}
