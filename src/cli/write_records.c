/*
 * write_records.c -- JSON Lines output of `gaztag tag` for documents,
 * --lines lines and --jsonl records.
 *
 * A --jsonl record is written back as it came, member by member: each
 * member other than the text field keeps its original bytes (key, spacing,
 * number spelling, escapes) and its place, and "spans" is appended.  A
 * record's own "spans" member is kept too: readers take the last one.
 */
#include "tag.h"

#include <string.h>

static void record_members(json_out *w, const tag_doc *d)
{
    json_lit(w, "{");
    for (size_t i = 0; i < d->n_members; i++) {
        /* json_lit takes C strings; valid JSON text holds no NUL byte */
        char buf[256];
        size_t at = d->mbeg[i], end = d->mend[i];
        if (i)
            json_lit(w, ", ");
        while (at < end) {
            size_t n = end - at < sizeof buf - 1 ? end - at : sizeof buf - 1;
            memcpy(buf, d->record + at, n);
            buf[n] = '\0';
            json_lit(w, buf);
            at += n;
        }
    }
    json_lit(w, d->n_members ? ", \"spans\": " : "\"spans\": ");
}

/* `w` is the caller's writer (NULL: make one); what it holds is written
 * to f before return, so f's position is the record's end. */
void jsonl_doc(json_out *w, FILE *f, const tag_opts *o,
               const gaztag_gazetteer *g, const tag_doc *d,
               const gaztag_span *s, size_t n)
{
    json_out *own = NULL;
    if (!w && !(w = own = json_out_new(f)))
        return; /* the memory stream reports no memory when closed */
    json_out_retarget(w, f);
    if (o->input == TAG_IN_JSONL) {
        record_members(w, d);
    } else if (d->line == 0 || o->many) {
        json_lit(w, "{\"doc\": ");
        json_string(w, d->name, strlen(d->name));
        json_lit(w, d->line ? ", \"line\": " : ", \"spans\": ");
    } else {
        json_lit(w, "{\"line\": ");
    }
    if (o->input != TAG_IN_JSONL && d->line) {
        json_uint(w, d->line);
        json_lit(w, ", \"spans\": ");
    }
    json_spans(w, g, s, n);
    json_lit(w, "}\n");
    json_out_retarget(w, f);
    json_out_free(own);
}
