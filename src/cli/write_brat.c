/*
 * write_brat.c -- brat standoff output: for each document NAME.txt (a copy
 * of the text tagged) and NAME.ann in --out-dir.
 *
 * NAME is the input's path with "./" and leading "/" removed and every
 * other "/" written "_", its last extension dropped ("corpus/a/x.txt" ->
 * "corpus_a_x"), so documents of different directories do not collide; a
 * --lines or --jsonl record adds "-LINE" ("news.jsonl" line 3 ->
 * "news-3"), standard input is "stdin".  Offsets are code points (brat
 * reads the text as characters): `T1<TAB>LABEL CSTART CEND<TAB>TEXT`, then
 * `#1<TAB>AnnotatorNotes T1<TAB>ID` when the entry has an id.  A span the
 * rules layer inferred says so in its note, after the id if there is one:
 * `source: rule RULE` or `source: document propagation`.  Tabs and line breaks inside
 * TEXT are written as spaces (a .ann line is one line).
 */
#define _POSIX_C_SOURCE 200809L
#include "tag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void brat_name(char *buf, size_t cap, const tag_doc *d)
{
    const char *p = strcmp(d->name, "-") == 0 ? "stdin" : d->name;
    size_t n = 0;
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    while (*p == '/')
        p++;
    for (; *p && n + 1 < cap; p++)
        buf[n++] = (char)(*p == '/' ? '_' : *p);
    buf[n] = '\0';
    char *dot = strrchr(buf, '.'), *sep = strrchr(buf, '_');
    if (dot && dot > buf && (!sep || dot > sep))
        *dot = '\0';
    if (d->line) {
        size_t len = strlen(buf);
        snprintf(buf + len, cap - len, "-%zu", d->line);
    }
}

static void ann_text(FILE *f, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        fputc(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i], f);
}

/* The note of span i (T<i+1>), if it has something to say. */
static void ann_note(FILE *f, const gaztag_span *s, size_t i, size_t *note)
{
    bool inferred = s->origin != GAZTAG_FROM_GAZETTEER;
    if (!s->entry.id && !inferred)
        return;
    fprintf(f, "#%zu\tAnnotatorNotes T%zu\t", ++*note, i + 1);
    if (s->entry.id)
        ann_text(f, s->entry.id, strlen(s->entry.id));
    if (inferred) {
        fprintf(f, "%ssource: %s", s->entry.id ? "; " : "",
                cli_span_source(s));
        if (s->rule) {
            fputc(' ', f);
            ann_text(f, s->rule, strlen(s->rule));
        }
    }
    fputc('\n', f);
}

static void ann_spans(FILE *f, const gaztag_span *s, size_t n)
{
    size_t note = 0;
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "T%zu\t%s %zu %zu\t", i + 1, s[i].entry.label, s[i].cstart,
                s[i].cend);
        ann_text(f, s[i].text, s[i].end - s[i].start);
        fputc('\n', f);
        ann_note(f, &s[i], i, &note);
    }
}

/* Write the text (or, with `ann`, the standoff) to path; -1 with errno
 * set. */
static int write_file(const char *path, const tag_doc *d, const gaztag_span *s,
                      size_t n, bool ann)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    if (ann)
        ann_spans(f, s, n);
    else
        fwrite(d->text, 1, d->len, f);
    int err = ferror(f) ? errno : 0;
    if (fclose(f) != 0 && !err)
        err = errno;
    errno = err;
    return err ? -1 : 0;
}

int brat_doc(const tag_opts *o, const tag_doc *d, const gaztag_span *s,
             size_t n, char *err, size_t err_cap)
{
    char name[1024], path[4096];
    brat_name(name, sizeof name, d);
    for (int ann = 0; ann < 2; ann++) {
        snprintf(path, sizeof path, "%s/%s.%s", o->out_dir, name,
                 ann ? "ann" : "txt");
        if (write_file(path, d, s, n, ann) < 0) {
            snprintf(err, err_cap, "%s: %s", path, strerror(errno));
            return -1;
        }
    }
    return 0;
}
