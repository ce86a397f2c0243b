/*
 * write_html.c -- one self-contained HTML page: every document's text with
 * its entities highlighted, a table of the entities, and a legend of the
 * labels with their colours and counts.
 *
 * Nothing is loaded from elsewhere: the style is inline and there is no
 * script.  The legend is written last (its counts are known at the end)
 * and shown first by the flex order of <body>.  Each span is a
 * <mark class="ent L-LABEL"> whose title gives its label, id and canonical
 * name, and whose data-source is gazetteer, rule or document; an inferred
 * span (rule, document) has a dashed outline, and its title says which
 * rule found it.  The table has the source of every span.  With --all, a span that starts inside an earlier one is listed in
 * the table but not marked in the text (marks cannot cross).  Everything
 * from the text or the gazetteer is escaped; invalid UTF-8 and control
 * characters other than tab and newline are shown as U+FFFD.
 */
#include "tag.h"

#include <string.h>
#include <utf8proc.h>

void html_head(FILE *f)
{
    fputs("<!DOCTYPE html>\n<html lang=\"und\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>gaztag</title>\n<style>\n"
          "body{display:flex;flex-direction:column;font-family:sans-serif;"
          "margin:1em auto;max-width:60em;padding:0 1em}\n"
          "#legend{order:-1}\n"
          ".legend span{display:inline-block;margin:0 .5em .3em 0;"
          "padding:0 .3em;border-radius:3px}\n"
          "pre.text{white-space:pre-wrap;line-height:1.6}\n"
          "mark.ent{padding:0 .1em;border-radius:3px;color:inherit}\n"
          "mark[data-source=rule],mark[data-source=document]"
          "{outline:1px dashed #666}\n"
          "table{border-collapse:collapse;font-size:90%}\n"
          "td,th{border:1px solid #ccc;padding:.1em .4em;text-align:left}\n"
          "</style>\n</head>\n<body>\n", f);
}

const char *html_colour(const char *label)
{
    static const char *const known[][2] = {
        {"PERSON", "#ffd6a5"}, {"PLACE", "#9bf6ff"},
        {"ORG", "#caffbf"},    {"OUTLET", "#ffc6ff"}};
    static const char *const palette[] = {"#fdffb6", "#a0c4ff", "#bdb2ff",
                                          "#ffadad", "#d0f4de", "#e4c1f9"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(label, known[i][0]) == 0)
            return known[i][1];
    unsigned h = 2166136261u;
    for (const char *p = label; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return palette[h % (sizeof palette / sizeof palette[0])];
}

void html_text(FILE *f, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (n <= 0 || (c < 0x20 && c != '\t' && c != '\n') ||
            (c >= 0x7F && c < 0xA0)) {
            fputs("\xEF\xBF\xBD", f);
            i += n > 0 ? (size_t)n : 1;
            continue;
        }
        const char *esc = c == '&' ? "&amp;" : c == '<' ? "&lt;"
                        : c == '>' ? "&gt;" : c == '"' ? "&quot;"
                        : c == '\'' ? "&#39;" : NULL;
        if (esc)
            fputs(esc, f);
        else
            fwrite(s + i, 1, (size_t)n, f);
        i += (size_t)n;
    }
}

static void html_str(FILE *f, const char *s)
{
    html_text(f, s, strlen(s));
}

/* "rule NAME" or "document" for an inferred span, "gazetteer" else. */
static void html_source(FILE *f, const gaztag_span *s)
{
    html_str(f, cli_span_source(s));
    if (s->rule) {
        fputc(' ', f);
        html_str(f, s->rule);
    }
}

static void html_mark(FILE *f, const gaztag_span *s)
{
    const gaztag_entry *e = &s->entry;
    bool inferred = s->origin != GAZTAG_FROM_GAZETTEER;
    fputs("<mark class=\"ent L-", f);
    html_str(f, e->label);
    fprintf(f, "\" data-source=\"%s\" style=\"background:%s\" title=\"",
            cli_span_source(s), html_colour(e->label));
    html_str(f, e->label);
    if (e->id) {
        fputc(' ', f);
        html_str(f, e->id);
    }
    if (e->canonical) {
        fputs(" \xE2\x80\x94 ", f);
        html_str(f, e->canonical);
    }
    if (inferred) {
        fputs(" (", f);
        html_source(f, s);
        fputc(')', f);
    }
    fputs("\">", f);
    html_text(f, s->text, s->end - s->start);
    fputs("</mark>", f);
}

static void html_table(FILE *f, const gaztag_span *s, size_t n)
{
    if (n == 0) {
        fputs("<p>No entity.</p>\n", f);
        return;
    }
    fputs("<table>\n<tr><th>start</th><th>end</th><th>text</th><th>label</th>"
          "<th>id</th><th>canonical</th><th>source</th></tr>\n", f);
    for (size_t i = 0; i < n; i++) {
        const gaztag_entry *e = &s[i].entry;
        fprintf(f, "<tr><td>%zu</td><td>%zu</td><td>", s[i].cstart, s[i].cend);
        html_text(f, s[i].text, s[i].end - s[i].start);
        fputs("</td><td>", f);
        html_str(f, e->label);
        fputs("</td><td>", f);
        html_str(f, e->id ? e->id : "");
        fputs("</td><td>", f);
        html_str(f, e->canonical ? e->canonical : "");
        fputs("</td><td>", f);
        html_source(f, &s[i]);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

void html_doc(FILE *f, const gaztag_gazetteer *g, const tag_doc *d,
              const gaztag_span *s, size_t n)
{
    size_t at = 0;
    (void)g;
    fputs("<section class=\"doc\">\n<h2>", f);
    html_str(f, d->name);
    if (d->line)
        fprintf(f, ":%zu", d->line);
    fputs("</h2>\n<pre class=\"text\">", f);
    for (size_t i = 0; i < n; i++) {
        if (s[i].start < at)
            continue;
        html_text(f, d->text + at, s[i].start - at);
        html_mark(f, &s[i]);
        at = s[i].end;
    }
    html_text(f, d->text + at, d->len - at);
    fputs("</pre>\n", f);
    html_table(f, s, n);
    fputs("</section>\n", f);
}

void html_foot(FILE *f, const tag_count *c, size_t n)
{
    fputs("<div id=\"legend\"><h1>gaztag</h1><p class=\"legend\">", f);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "<span style=\"background:%s\">", html_colour(c[i].label));
        html_str(f, c[i].label);
        fprintf(f, " %zu</span>", c[i].n);
    }
    if (n == 0)
        fputs("No entity.", f);
    fputs("</p></div>\n</body>\n</html>\n", f);
}
