/*
 * fuzz_input.c -- the program's input readers on any bytes: the JSON
 * reader (src/cli/json_read.c) and the record splitters of `gaztag tag`
 * (src/cli/tag_work.c: --jsonl, --lines and --input conll, with the JSON
 * Lines, TSV, CoNLL and HTML writers).
 *
 * Input: byte 0, bits 0 and 1, choose what reads the rest:
 *   0  json_parse() alone.  A document it accepts is written back with the
 *      program's JSON writer (json_string, for every string and key) and
 *      must be read again to the same tree; json_get() must find each
 *      member's last value.
 *   1  a unit of --jsonl records,  2  of --lines lines,  3  of CoNLL
 *      sentences, tagged by tag_work() as a worker of `gaztag tag` does,
 *      over a small fixed gazetteer; bits 2 and 3 choose the output
 *      format (JSON Lines, TSV, CoNLL, HTML), bit 4 --all, bit 5 names the
 *      document in each record.  With JSON Lines output every line written
 *      must be a JSON object; with --lines there is one per line, with
 *      --jsonl one per record not reported bad, and a bad record's message
 *      names the file and its line.
 */
#define _GNU_SOURCE /* open_memstream */
#include "fuzz.h"

#include "json_read.h"
#include "tag.h"

#include <stdbool.h>
#include <string.h>

#define MAX_INPUT (1u << 16)

/* ----------------------------------------------------------- JSON alone */

static void write_value(json_out *w, const json_value *v)
{
    switch (v->type) {
    case JSON_NULL: json_lit(w, "null"); break;
    case JSON_FALSE: json_lit(w, "false"); break;
    case JSON_TRUE: json_lit(w, "true"); break;
    case JSON_NUMBER: json_lit(w, v->u.s); break;
    case JSON_STRING: json_string(w, v->u.s, v->len); break;
    case JSON_ARRAY:
        json_lit(w, "[");
        for (size_t i = 0; i < v->len; i++) {
            json_lit(w, i ? "," : "");
            write_value(w, &v->u.items[i]);
        }
        json_lit(w, "]");
        break;
    case JSON_OBJECT:
        json_lit(w, "{");
        for (size_t i = 0; i < v->len; i++) {
            json_lit(w, i ? ", " : "");
            json_string(w, v->u.members[i].key, v->u.members[i].key_len);
            json_lit(w, ": ");
            write_value(w, &v->u.members[i].value);
        }
        json_lit(w, "}");
        break;
    }
}

static bool same_value(const json_value *a, const json_value *b)
{
    if (a->type != b->type || a->len != b->len)
        return false;
    switch (a->type) {
    case JSON_NUMBER:
    case JSON_STRING:
        return memcmp(a->u.s, b->u.s, a->len) == 0 && a->u.s[a->len] == '\0' &&
               b->u.s[b->len] == '\0';
    case JSON_ARRAY:
        for (size_t i = 0; i < a->len; i++)
            if (!same_value(&a->u.items[i], &b->u.items[i]))
                return false;
        return true;
    case JSON_OBJECT:
        for (size_t i = 0; i < a->len; i++) {
            const json_member *x = &a->u.members[i], *y = &b->u.members[i];
            if (x->key_len != y->key_len ||
                memcmp(x->key, y->key, x->key_len) != 0 ||
                !same_value(&x->value, &y->value))
                return false;
        }
        return true;
    default:
        return true;
    }
}

/* json_get() gives the last member of each name (without a NUL in it). */
static void check_get(const json_value *v)
{
    if (v->type == JSON_ARRAY)
        for (size_t i = 0; i < v->len; i++)
            check_get(&v->u.items[i]);
    if (v->type != JSON_OBJECT)
        return;
    for (size_t i = 0; i < v->len; i++) {
        const json_member *m = &v->u.members[i];
        check_get(&m->value);
        if (strlen(m->key) != m->key_len)
            continue;
        const json_value *last = &m->value;
        for (size_t j = i + 1; j < v->len; j++)
            if (v->u.members[j].key_len == m->key_len &&
                memcmp(v->u.members[j].key, m->key, m->key_len) == 0)
                last = &v->u.members[j].value;
        FUZZ_CHECK(json_get(v, m->key) == last, "json_get(\"%s\")", m->key);
    }
}

static void json_round_trip(const char *s, size_t len)
{
    json_error err;
    json_doc *d = json_parse(s, len, &err);
    if (!d) {
        FUZZ_CHECK(err.offset <= len && err.reason && err.reason[0] &&
                   err.reason != json_out_of_memory,
                   "error at %zu of %zu", err.offset, len);
        return;
    }
    const json_value *root = json_doc_root(d);
    check_get(root);
    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    json_out *w = f ? json_out_new(f) : NULL;
    FUZZ_CHECK(w != NULL, "out of memory");
    write_value(w, root);
    FUZZ_CHECK(json_out_flush(w) == 0, "write");
    json_out_free(w);
    fclose(f);
    json_doc *again = json_parse(out, out_len, &err);
    if (!again)
        fuzz_dump("written", out, out_len);
    FUZZ_CHECK(again != NULL, "the writer's output does not read back: %s at "
               "%zu", err.reason, err.offset);
    FUZZ_CHECK(same_value(root, json_doc_root(again)),
               "the tree read back differs");
    json_doc_free(again);
    json_doc_free(d);
    free(out);
}

/* ------------------------------------------------------- tag_work units */

static const char gazetteer_source[] =
    "#! flags=cap\n"
    "Washington\tPLACE\tplace:washington\tWashington, D.C.\n"
    "Washington\tPERSON\tper:washington\n"
    "Washington Post\tOUTLET\toutlet:wapo\tThe Washington Post\n"
    "Côte d'Ivoire\tPLACE\tplace:civ\n"
    "Ukraine\tPLACE\tplace:ukr\n"
    "Vladimir Poutine\tPERSON\tper:putin\tVladimir Putin\t\n"
    "US\tPLACE\tplace:us\t\tcase\n"
    "Bénin\tPLACE\tplace:ben\t\taccents\n"
    "U.S.\tPLACE\tplace:us\n"
    "AT&T\tORG\n"
    "New York City Ballet\tORG\n"
    "\"quoted\" \\ name\tORG\tid\\with\"quote\n";

static gaztag_gazetteer *fixed_gazetteer(void)
{
    static gaztag_gazetteer *g;
    static void *image;
    size_t len;
    gaztag_builder *b;
    if (g)
        return g;
    FUZZ_CHECK(gaztag_builder_new(0, &b) == GAZTAG_OK, "builder");
    FUZZ_CHECK(gaztag_builder_add_tsv(b, "fixed.tsv", gazetteer_source,
                                      sizeof gazetteer_source - 1) == GAZTAG_OK,
               "source: %s", gaztag_builder_errmsg(b));
    FUZZ_CHECK(gaztag_builder_compile(b, &image, &len) == GAZTAG_OK, "compile");
    gaztag_builder_free(b);
    FUZZ_CHECK(gaztag_open_memory(image, len, 0, &g) == GAZTAG_OK, "open");
    return g; /* kept for the process's life */
}

static size_t count_records(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        i = nl ? (size_t)(nl - s) + 1 : len;
        n++;
    }
    return n;
}

/* Every output line is a JSON object; returns how many there are. */
static size_t check_jsonl_output(const char *out, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(out + i, '\n', len - i);
        FUZZ_CHECK(nl != NULL, "output does not end with a newline");
        size_t end = (size_t)(nl - out);
        json_error err;
        json_doc *d = json_parse(out + i, end - i, &err);
        if (!d)
            fuzz_dump("output line", out + i, end - i);
        FUZZ_CHECK(d && json_doc_root(d)->type == JSON_OBJECT,
                   "output line %zu is not a JSON object: %s at %zu", n + 1,
                   d ? "not an object" : err.reason, d ? 0 : err.offset);
        json_doc_free(d);
        n++;
        i = end + 1;
    }
    return n;
}

static void tag_records(const uint8_t *data, size_t size)
{
    static const tag_input_kind inputs[] = {TAG_IN_JSONL, TAG_IN_JSONL,
                                            TAG_IN_LINES, TAG_IN_CONLL};
    static const tag_format formats[] = {TAG_FMT_JSONL, TAG_FMT_TSV,
                                         TAG_FMT_CONLL, TAG_FMT_HTML};
    unsigned opts = data[0];
    tag_opts o;
    memset(&o, 0, sizeof o);
    o.n_gaz = 1;
    o.input = inputs[opts & 3u];
    o.format = formats[(opts >> 2) & 3u];
    o.flags = (opts & 16u) ? GAZTAG_TAG_ALL : 0;
    o.many = (opts & 32u) != 0;
    o.text_field = "text";
    o.progress = -1;
    o.jobs = 1;
    gaztag_gazetteer *g = fixed_gazetteer();
    tag_worker w = {.g = g, .o = &o}; /* its tagger made here */
    FUZZ_CHECK(gaztag_tagger_new(g, &w.t) == GAZTAG_OK, "tagger");
    tag_unit u;
    memset(&u, 0, sizeof u);
    u.name = "fuzz.jsonl";
    u.first_line = 1;
    u.len = size - 1;
    u.data = malloc(u.len + 1); /* NUL-terminated beyond its length */
    FUZZ_CHECK(u.data != NULL, "out of memory");
    memcpy(u.data, data + 1, u.len);
    u.data[u.len] = '\0';
    size_t records = count_records(u.data, u.len), bad = 0;
    int rc = tag_work(&w, &u);
    FUZZ_CHECK(rc == 0, "tag_work failed: %s",
               u.n_errors ? u.errors[0].msg : "(no message)");
    for (size_t i = 0; i < u.n_errors; i++) {
        char prefix[64];
        const tag_error *e = &u.errors[i];
        size_t line = 0;
        FUZZ_CHECK(e->record && e->at <= u.out_len, "error \"%s\"", e->msg);
        FUZZ_CHECK(sscanf(e->msg, "fuzz.jsonl:%zu: ", &line) == 1 &&
                   line >= 1 && line <= records,
                   "error \"%s\" names no line of the input", e->msg);
        snprintf(prefix, sizeof prefix, "fuzz.jsonl:%zu: ", line);
        FUZZ_CHECK(strncmp(e->msg, prefix, strlen(prefix)) == 0 &&
                   e->msg[strlen(prefix)] != '\0', "error \"%s\"", e->msg);
        bad++;
    }
    if (o.format == TAG_FMT_JSONL && o.input != TAG_IN_CONLL) {
        size_t lines = check_jsonl_output(u.out, u.out_len);
        FUZZ_CHECK(lines + bad == records, "%zu lines written and %zu bad "
                   "records for %zu records", lines, bad, records);
    }
    FUZZ_CHECK(o.input == TAG_IN_JSONL || bad == 0, "a bad record outside "
               "--jsonl");
    json_out_free(w.jw);
    gaztag_tagger_free(w.t);
    tag_unit_clear(&u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > MAX_INPUT)
        return 0;
    if ((data[0] & 3u) == 0) {
        char *copy = fuzz_copy(data + 1, size - 1);
        json_round_trip(copy, size - 1);
        free(copy);
    } else {
        tag_records(data, size);
    }
    return 0;
}
