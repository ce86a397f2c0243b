/*
 * write_tsv.c -- tab-separated output: a header, then one row per span,
 * `doc start end label id text source rule`.  Offsets are bytes, as
 * `start`/`end` in JSON; `doc` is the input's path, with `:LINE` for a
 * record; `source` is gazetteer, rule or document, `rule` the rule's name
 * (empty for a gazetteer match).  Only the span's first entry is written
 * (the others are in the JSON output).
 * Fields are escaped so that a row is always one line of eight fields:
 * tab, newline, carriage return and backslash as \t \n \r \\.
 */
#include "tag.h"

#include <string.h>

void tsv_header(FILE *f)
{
    fputs("doc\tstart\tend\tlabel\tid\ttext\tsource\trule\n", f);
}

void tsv_field(FILE *f, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        while (run < len && s[run] != '\t' && s[run] != '\n' &&
               s[run] != '\r' && s[run] != '\\')
            run++;
        fwrite(s + i, 1, run - i, f);
        if (run == len)
            break;
        char c = s[run];
        fputc('\\', f);
        fputc(c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\', f);
        i = run + 1;
    }
}

void tsv_doc_name(char *buf, size_t cap, const tag_doc *d)
{
    if (d->line)
        snprintf(buf, cap, "%s:%zu", d->name, d->line);
    else
        snprintf(buf, cap, "%s", d->name);
}

void tsv_spans(FILE *f, const char *doc, const gaztag_span *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const gaztag_entry *e = &s[i].entry;
        tsv_field(f, doc, strlen(doc));
        fprintf(f, "\t%zu\t%zu\t", s[i].start, s[i].end);
        tsv_field(f, e->label, strlen(e->label));
        fputc('\t', f);
        if (e->id)
            tsv_field(f, e->id, strlen(e->id));
        fputc('\t', f);
        tsv_field(f, s[i].text, s[i].end - s[i].start);
        fprintf(f, "\t%s\t", cli_span_source(&s[i]));
        if (s[i].rule)
            tsv_field(f, s[i].rule, strlen(s[i].rule));
        fputc('\n', f);
    }
}
