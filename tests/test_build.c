/*
 * test_build.c -- the builder: TSV sources and their errors, determinism
 * of the compiled image, the atomic write, and the normalisation flags.
 *
 * Source errors are checked by their whole message, "NAME:LINE: reason",
 * so a wrong line number or column is a failure.  Determinism is checked
 * byte for byte.  The atomic write is checked from outside: after each
 * failure the previous file is byte-identical and the directory holds no
 * temporary file.
 */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "gaztag.h"
#include "alloc.h"
#include "support.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------- helpers */

typedef struct image {
    void *data;
    size_t len;
} image;

static gaztag_builder *new_builder(unsigned norm_flags)
{
    gaztag_builder *b;
    assert_int_equal(gaztag_builder_new(norm_flags, &b), GAZTAG_OK);
    assert_string_equal(gaztag_builder_errmsg(b), "");
    return b;
}

static void add_ok(gaztag_builder *b, const char *name, const char *tsv)
{
    if (gaztag_builder_add_tsv(b, name, tsv, strlen(tsv)) != GAZTAG_OK)
        fail_msg("%s", gaztag_builder_errmsg(b));
}

static image compile_ok(gaztag_builder *b)
{
    image im;
    if (gaztag_builder_compile(b, &im.data, &im.len) != GAZTAG_OK)
        fail_msg("%s", gaztag_builder_errmsg(b));
    return im;
}

static image compile_tsv(unsigned norm_flags, const char *tsv)
{
    gaztag_builder *b = new_builder(norm_flags);
    add_ok(b, "test.tsv", tsv);
    image im = compile_ok(b);
    gaztag_builder_free(b);
    return im;
}

/* Spans as "start-end:LABEL|id|canonical;" with "-" for absent strings. */
static void describe(const gaztag_gazetteer *g, const char *text, char *out,
                     size_t cap)
{
    gaztag_tagger *t;
    const gaztag_span *s;
    size_t n, pos = 0;
    assert_int_equal(gaztag_tagger_new(g, &t), GAZTAG_OK);
    assert_int_equal(gaztag_tag_text(t, text, strlen(text), 0, &s, &n),
                     GAZTAG_OK);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const gaztag_entry *e = &s[i].entry;
        int w = snprintf(out + pos, cap - pos, "%zu-%zu:%s|%s|%s;",
                         s[i].start, s[i].end, e->label, e->id ? e->id : "-",
                         e->canonical ? e->canonical : "-");
        assert_true(w > 0 && (size_t)w < cap - pos);
        pos += (size_t)w;
    }
    gaztag_tagger_free(t);
}

/* Open an image, describe the spans of `text`, close. */
static void describe_image(const image *im, const char *text, char *out,
                           size_t cap)
{
    gaztag_gazetteer *g;
    assert_int_equal(gaztag_open_memory(im->data, im->len, GAZTAG_OPEN_VERIFY,
                                        &g), GAZTAG_OK);
    describe(g, text, out, cap);
    gaztag_close(g);
}

static char *repeat(const char *unit, size_t times, const char *suffix)
{
    size_t ulen = strlen(unit), slen = strlen(suffix);
    char *s = malloc(ulen * times + slen + 1);
    assert_non_null(s);
    for (size_t i = 0; i < times; i++)
        memcpy(s + ulen * i, unit, ulen);
    memcpy(s + ulen * times, suffix, slen + 1);
    return s;
}

/* -------------------------------------------------------- source errors */

typedef struct source_case {
    const char *what;
    const char *data;
    size_t len; /* 0: strlen(data) */
    gaztag_status status;
    const char *message;
} source_case;

#define LABEL_RULE "is not an upper-case word (A-Z, 0-9, _ and -)"

static const source_case source_cases[] = {
    {"missing label", "Paris\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: missing label (column 2)"},
    {"empty label", "Paris\t\tQ90\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: missing label (column 2)"},
    {"invalid UTF-8 in the name", "Par\xffis\tPLACE\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: column 1 (name) has invalid UTF-8"},
    {"truncated sequence in the label", "Paris\tPLACE\xc3\n", 0,
     GAZTAG_SOURCE, "places.tsv:1: column 2 (label) has invalid UTF-8"},
    {"ill-formed sequence in the id", "Paris\tPLACE\tQ\xe2\x82" "90\n", 0,
     GAZTAG_SOURCE, "places.tsv:1: column 3 (id) has invalid UTF-8"},
    {"surrogate in the canonical name",
     "Paris\tPLACE\tQ90\tPar\xed\xa0\x80is\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: column 4 (canonical) has invalid UTF-8"},
    {"overlong in the name", "\xc0\xaf" "Paris\tPLACE\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: column 1 (name) has invalid UTF-8"},
    {"empty name", "\tPLACE\n", 0, GAZTAG_SOURCE, "places.tsv:1: empty name"},
    {"no letter or digit", ",,,\tPLACE\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: name has no letter or digit"},
    {"separators only", "' - \xe2\x80\x99\tPLACE\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: name has no letter or digit"},
    {"too many columns", "Paris\tPLACE\tQ90\tParis\tcap\tFrance\n", 0,
     GAZTAG_SOURCE, "places.tsv:1: too many columns (at most 5: name, "
     "label, id, canonical, flags)"},
    {"a tab after the fifth column", "Paris\tPLACE\tQ90\tParis\t\t\n", 0,
     GAZTAG_SOURCE, "places.tsv:1: too many columns (at most 5: name, "
     "label, id, canonical, flags)"},
    {"unknown flag", "Paris\tPLACE\tQ90\tParis\tcap,kap\n", 0,
     GAZTAG_SOURCE, "places.tsv:1: unknown flag 'kap' (cap, case, accents, "
     "-, yield, none)"},
    {"empty flag in a list", "Paris\tPLACE\t\t\tcap,,case\n", 0,
     GAZTAG_SOURCE, "places.tsv:1: unknown flag '' (cap, case, accents, "
     "-, yield, none)"},
    {"unknown default", "#! flag=cap\nParis\tPLACE\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: unknown setting 'flag=cap' in a #! line (only flags=...)"},
    {"unknown default flag", "# ok\n#! flags=upper\nParis\tPLACE\n", 0,
     GAZTAG_SOURCE, "places.tsv:2: unknown flag 'upper' (cap, case, accents, "
     "-, yield, none)"},
    {"lower-case label", "Paris\tplace\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: label 'place' " LABEL_RULE},
    {"label with a space", "Paris\tPLACE NAME\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: label 'PLACE NAME' " LABEL_RULE},
    {"label starting with a digit", "Paris\t2PLACE\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: label '2PLACE' " LABEL_RULE},
    {"label starting with _", "Paris\t_PLACE\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: label '_PLACE' " LABEL_RULE},
    {"label with an accent", "Paris\tPLAC\xc3\x89\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: label 'PLAC\xc3\x89' " LABEL_RULE},
    {"control character", "Par\x01is\tPLACE\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: column 1 (name) has a control character"},
    {"DEL in the label", "Paris\tPLA\x7f" "CE\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: column 2 (label) has a control character"},
    {"a CR inside a field", "Paris\tPLACE\tQ\r90\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: column 3 (id) has a control character"},
    {"control character after 8 bytes", "Saint-Denis-la-Plaine\x01x\tPLACE\n", 0,
     GAZTAG_SOURCE, "places.tsv:1: column 1 (name) has a control character"},
    {"DEL as the 9th byte", "Paris\tPLACE\tQ90\tSt-Denis\x7f\n", 0,
     GAZTAG_SOURCE, "places.tsv:1: column 4 (canonical) has a control character"},
    {"invalid UTF-8 after 16 bytes", "Saint-Denis-la-P\xfflaine\tPLACE\n", 0,
     GAZTAG_SOURCE, "places.tsv:1: column 1 (name) has invalid UTF-8"},
    {"NUL byte", "Paris\0\tPLACE\n", 13, GAZTAG_SOURCE,
     "places.tsv:1: column 1 (name) has a control character"},
    {"lines count comments and blanks",
     "# places\n\nParis\tPLACE\n   \n\t\t\n# more\nLyon\n", 0, GAZTAG_SOURCE,
     "places.tsv:7: missing label (column 2)"},
    {"CRLF lines count once", "Paris\tPLACE\r\n\r\nLyon\r\n", 0,
     GAZTAG_SOURCE, "places.tsv:3: missing label (column 2)"},
    {"last line without a newline", "Paris\tPLACE\nLyon", 0, GAZTAG_SOURCE,
     "places.tsv:2: missing label (column 2)"},
    {"a BOM only at the start", "Paris\tPLACE\n\xef\xbb\xbf# c\n", 0,
     GAZTAG_SOURCE, "places.tsv:2: missing label (column 2)"},
    {"a token keyed to nothing", "\xcc\x81\tPLACE\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: a token of the name normalises to nothing"},
    {"keyed to nothing after a letter", "Bok\xc3\xa9\tPLACE\n"
     "a \xe0\xa4\xbe\tPLACE\n", 0, GAZTAG_SOURCE,
     "places.tsv:2: a token of the name normalises to nothing"},
    {"the first bad row stops", "Paris\nLyon\n", 0, GAZTAG_SOURCE,
     "places.tsv:1: missing label (column 2)"},
    {"a BOM before a comment", "\xef\xbb\xbf# places\nParis\tPLACE\n", 0,
     GAZTAG_OK, ""},
    {"CRLF", "# c\r\nParis\tPLACE\tQ90\r\n\r\n", 0, GAZTAG_OK, ""},
    {"label characters", "Paris\tPLACE_2-X\n", 0, GAZTAG_OK, ""},
    {"an empty id, a canonical name", "Paris\tPLACE\t\tParis\n", 0,
     GAZTAG_OK, ""},
    {"blank lines and comments only", "\n# nothing\n\n", 0, GAZTAG_OK, ""},
    {"empty source", "", 0, GAZTAG_OK, ""},
};

static void check_source(const char *what, unsigned norm_flags,
                         const char *data, size_t len, gaztag_status status,
                         const char *message)
{
    gaztag_builder *b = new_builder(norm_flags);
    gaztag_status st = gaztag_builder_add_tsv(b, "places.tsv", data, len);
    support_expect_status(what, st, gaztag_builder_errmsg(b), status, message);
    gaztag_builder_free(b);
}

static void test_source_errors(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof source_cases / sizeof *source_cases; c++) {
        const source_case *sc = &source_cases[c];
        check_source(sc->what, 0, sc->data,
                     sc->len ? sc->len : strlen(sc->data), sc->status,
                     sc->message);
    }
}

/* A lone combining mark keeps a key with GAZTAG_KEEP_ACCENTS, and is
 * found as a name of its own. */
static void test_mark_kept_with_accents(void **state)
{
    (void)state;
    char out[256];
    image im = compile_tsv(GAZTAG_KEEP_ACCENTS, "\xcc\x81\tMARK\n");
    describe_image(&im, "e \xcc\x81 e\xcc\x81", out, sizeof out);
    assert_string_equal(out, "2-4:MARK|-|-;");
    gaztag_buffer_free(im.data);
}

/* Field and phrase limits, on both sides of each. */
static void test_limits(void **state)
{
    (void)state;
    char *name = repeat("a", 1024, "\tPLACE\n");
    check_source("1024-byte name", 0, name, strlen(name), GAZTAG_OK, "");
    free(name);
    name = repeat("a", 1025, "\tPLACE\n");
    check_source("1025-byte name", 0, name, strlen(name), GAZTAG_SOURCE,
                 "places.tsv:1: column 1 (name) is longer than 1024 bytes");
    free(name);
    char *label = repeat("A", 1025, "\n");
    char *row = repeat("Paris\t", 1, label);
    check_source("1025-byte label", 0, row, strlen(row), GAZTAG_SOURCE,
                 "places.tsv:1: column 2 (label) is longer than 1024 bytes");
    free(row);
    free(label);
    char *id = repeat("9", 1025, "\n");
    row = repeat("Paris\tPLACE\tQ", 1, id);
    check_source("1025-byte id", 0, row, strlen(row), GAZTAG_SOURCE,
                 "places.tsv:1: column 3 (id) is longer than 1024 bytes");
    free(row);
    free(id);
}

static void test_token_limit(void **state)
{
    (void)state;
    char *name = repeat("a ", 31, "a\tPLACE\n");
    check_source("32 tokens", 0, name, strlen(name), GAZTAG_OK, "");
    free(name);
    name = repeat("a ", 32, "a\tPLACE\n");
    check_source("33 tokens", 0, name, strlen(name), GAZTAG_SOURCE,
                 "places.tsv:1: name has more than 32 tokens");
    free(name);
    name = repeat("a.", 16, "a\tPLACE\n"); /* 16 full stops are tokens too */
    check_source("33 tokens with punctuation", 0, name, strlen(name),
                 GAZTAG_SOURCE, "places.tsv:1: name has more than 32 tokens");
    free(name);
    name = repeat("# c\nParis\tPLACE\n", 2, "a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-"
                  "a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a\tPLACE\n");
    check_source("33 tokens on line 5", 0, name, strlen(name), GAZTAG_SOURCE,
                 "places.tsv:5: name has more than 32 tokens");
    free(name);
}

/* A 1024-byte name is found in text, whole. */
static void test_longest_field_tags(void **state)
{
    (void)state;
    char *tsv = repeat("a", 1024, "\tPLACE\tQ1\n");
    char *text = repeat("a", 1024, " a");
    char out[256];
    image im = compile_tsv(0, tsv);
    describe_image(&im, text, out, sizeof out);
    assert_string_equal(out, "0-1024:PLACE|Q1|-;");
    gaztag_buffer_free(im.data);
    free(text);
    free(tsv);
}

/* The NAME of "NAME:LINE" is the caller's, or "<source>" without one, and
 * line numbers start again with each source. */
static void test_source_names(void **state)
{
    (void)state;
    gaztag_builder *b = new_builder(0);
    assert_int_equal(gaztag_builder_add_tsv(b, NULL, "x\n", 2), GAZTAG_SOURCE);
    assert_string_equal(gaztag_builder_errmsg(b),
                        "<source>:1: missing label (column 2)");
    gaztag_builder_free(b);

    b = new_builder(0);
    add_ok(b, "first.tsv", "Paris\tPLACE\nLyon\tPLACE\nNice\tPLACE\n");
    assert_int_equal(gaztag_builder_add_tsv(b, "second.tsv", "\nx\n", 3),
                     GAZTAG_SOURCE);
    assert_string_equal(gaztag_builder_errmsg(b),
                        "second.tsv:2: missing label (column 2)");
    gaztag_builder_free(b);
}

/* A failed builder stays failed: later sources and the compile report the
 * first failure, and no image is produced. */
static void test_failure_is_sticky(void **state)
{
    (void)state;
    gaztag_builder *b = new_builder(0);
    void *data = &data;
    size_t len = 99;
    assert_int_equal(gaztag_builder_add_tsv(b, "bad.tsv", "Paris\n", 6),
                     GAZTAG_SOURCE);
    assert_int_equal(gaztag_builder_add_tsv(b, "good.tsv", "Lyon\tPLACE\n",
                                            11), GAZTAG_SOURCE);
    assert_int_equal(gaztag_builder_compile(b, &data, &len), GAZTAG_SOURCE);
    assert_null(data);
    assert_int_equal(len, 0);
    assert_string_equal(gaztag_builder_errmsg(b),
                        "bad.tsv:1: missing label (column 2)");
    gaztag_builder_free(b);
}

static void test_invalid_flags(void **state)
{
    (void)state;
    gaztag_builder *b = (gaztag_builder *)&b;
    assert_int_equal(gaztag_builder_new(4, &b), GAZTAG_INVALID);
    assert_null(b);
    gaztag_builder_free(NULL);
    assert_string_equal(gaztag_builder_errmsg(NULL), "");
}

/* What the accepted forms keep: no BOM, no CR, empty columns absent. */
static void test_accepted_content(void **state)
{
    (void)state;
    char out[512];
    image im = compile_tsv(0, "\xef\xbb\xbf# c\r\n"
                              "Paris\tPLACE\tQ90\tParis, France\r\n\r\n"
                              "Lyon\tCITY\r\n"
                              "Nice\tCITY\t\tNizza\n"
                              "  Rome \tCITY\tQ220\t\n");
    describe_image(&im, "Paris Lyon Nice Rome", out, sizeof out);
    assert_string_equal(out, "0-5:PLACE|Q90|Paris, France;6-10:CITY|-|-;"
                             "11-15:CITY|-|Nizza;16-20:CITY|Q220|-;");
    gaztag_buffer_free(im.data);
}

/* gaztag_builder_add_file: the path names the source in messages. */
static void test_add_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/gaztag-src-XXXXXX", path[64], want[128];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/places.tsv", dir);
    gaztag_builder *b = new_builder(0);
    assert_int_equal(gaztag_builder_add_file(b, path), GAZTAG_IO);
    snprintf(want, sizeof want, "%s: No such file or directory", path);
    assert_string_equal(gaztag_builder_errmsg(b), want);
    gaztag_builder_free(b);

    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("Paris\tPLACE\nLyon\tplace\n", f);
    assert_int_equal(fclose(f), 0);
    b = new_builder(0);
    assert_int_equal(gaztag_builder_add_file(b, path), GAZTAG_SOURCE);
    snprintf(want, sizeof want, "%s:2: label 'place' " LABEL_RULE, path);
    assert_string_equal(gaztag_builder_errmsg(b), want);
    gaztag_builder_free(b);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);
}

/* --------------------------------------------------------- determinism */

static const char rows_a[] =
    "Paris\tPLACE\tQ90\nLyon\tPLACE\tQ456\nNew York\tPLACE\tQ60\n"
    "New York Times\tORG\tQ9684\nWashington\tPLACE\tQ61\n"
    "Washington Post\tORG\nC\xc3\xb4te d'Ivoire\tPLACE\tQ1008\n";
static const char rows_b[] =
    "Rio de Janeiro\tPLACE\nHong Kong\tPLACE\nAT&T\tORG\n"
    "Saint-\xc3\x89tienne\tPLACE\nBerlin\tPLACE\tQ64\nRome\tPLACE\n"
    "Paris\tPERSON\tQ47899\nWashington\tPERSON\tQ23\n";
static const char rows_b_then_a[] =
    "Rio de Janeiro\tPLACE\nHong Kong\tPLACE\nAT&T\tORG\n"
    "Saint-\xc3\x89tienne\tPLACE\nBerlin\tPLACE\tQ64\nRome\tPLACE\n"
    "Paris\tPERSON\tQ47899\nWashington\tPERSON\tQ23\n"
    "Paris\tPLACE\tQ90\nLyon\tPLACE\tQ456\nNew York\tPLACE\tQ60\n"
    "New York Times\tORG\tQ9684\nWashington\tPLACE\tQ61\n"
    "Washington Post\tORG\nC\xc3\xb4te d'Ivoire\tPLACE\tQ1008\n";
static const char determinism_text[] =
    "Paris, Washington, Washington Post, AT&T, Hong Kong, Rio de Janeiro";

static image compile_pair(const char *first, const char *second)
{
    gaztag_builder *b = new_builder(0);
    add_ok(b, "a.tsv", first);
    add_ok(b, "b.tsv", second);
    image im = compile_ok(b);
    gaztag_builder_free(b);
    return im;
}

static void assert_same_image(const image *x, const image *y)
{
    assert_int_equal(x->len, y->len);
    assert_memory_equal(x->data, y->data, x->len);
}

static void test_deterministic(void **state)
{
    (void)state;
    gaztag_builder *b = new_builder(0);
    add_ok(b, "a.tsv", rows_a);
    add_ok(b, "b.tsv", rows_b);
    image once = compile_ok(b), twice = compile_ok(b);
    gaztag_builder_free(b);
    image other = compile_pair(rows_a, rows_b);
    char both[sizeof rows_a + sizeof rows_b];
    snprintf(both, sizeof both, "%s%s", rows_a, rows_b);
    image joined = compile_tsv(0, both);
    assert_same_image(&once, &twice);
    assert_same_image(&once, &other);
    assert_same_image(&once, &joined);
    gaztag_buffer_free(twice.data);
    gaztag_buffer_free(other.data);
    gaztag_buffer_free(joined.data);

    /* Another order is another file, equally valid: first entries follow
     * the source order. */
    image reversed = compile_pair(rows_b, rows_a);
    image reversed_one = compile_tsv(0, rows_b_then_a);
    assert_same_image(&reversed, &reversed_one);
    char out_once[1024], out_reversed[1024];
    describe_image(&once, determinism_text, out_once, sizeof out_once);
    describe_image(&reversed, determinism_text, out_reversed,
                   sizeof out_reversed);
    assert_string_equal(out_once,
        "0-5:PLACE|Q90|-;7-17:PLACE|Q61|-;19-34:ORG|-|-;36-40:ORG|-|-;"
        "42-51:PLACE|-|-;53-67:PLACE|-|-;");
    assert_string_equal(out_reversed,
        "0-5:PERSON|Q47899|-;7-17:PERSON|Q23|-;19-34:ORG|-|-;36-40:ORG|-|-;"
        "42-51:PLACE|-|-;53-67:PLACE|-|-;");
    gaztag_buffer_free(reversed.data);
    gaztag_buffer_free(reversed_one.data);
    gaztag_buffer_free(once.data);
}

/* ---------------------------------------------------------- atomic write */

typedef struct workdir {
    char dir[64];
    char path[96];
} workdir;

static void workdir_make(workdir *w)
{
    snprintf(w->dir, sizeof w->dir, "/tmp/gaztag-build-XXXXXX");
    assert_non_null(mkdtemp(w->dir));
    snprintf(w->path, sizeof w->path, "%s/places.gaz", w->dir);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The directory's entries, sorted and joined by spaces. */
static void list_dir(const char *dir, char *out, size_t cap)
{
    char names[8][256];
    size_t n = 0, pos = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        assert_true(n < 8);
        snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], compare_names);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        pos += (size_t)snprintf(out + pos, cap - pos, "%s%s", i ? " " : "",
                                names[i]);
}

static void assert_file_is(const char *path, const image *im)
{
    static uint8_t buf[1 << 16];
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_int_equal(n, im->len);
    assert_memory_equal(buf, im->data, n);
}

static void write_ok(const char *tsv, const char *path, image *im)
{
    gaztag_builder *b = new_builder(0);
    add_ok(b, "w.tsv", tsv);
    if (gaztag_builder_write(b, path) != GAZTAG_OK)
        fail_msg("%s", gaztag_builder_errmsg(b));
    *im = compile_ok(b);
    gaztag_builder_free(b);
}

static void expect_write_failure(gaztag_builder *b, const char *path,
                                 gaztag_status want, const char *want_msg)
{
    gaztag_status st = gaztag_builder_write(b, path);
    if (st != want || strcmp(gaztag_builder_errmsg(b), want_msg) != 0)
        fail_msg("%s: %s \"%s\", want %s \"%s\"", path, gaztag_strerror(st),
                 gaztag_builder_errmsg(b), gaztag_strerror(want), want_msg);
}

static void workdir_remove(workdir *w)
{
    assert_int_equal(unlink(w->path), 0);
    assert_int_equal(rmdir(w->dir), 0);
}

/* A first write creates the file as any new file (0666 less the umask); a
 * second replaces it, and the new file is what opens. */
static void test_write_replaces(void **state)
{
    (void)state;
    workdir w;
    image first, second;
    char listing[256], out[256];
    struct stat st;
    gaztag_gazetteer *g;
    workdir_make(&w);
    write_ok("Paris\tPLACE\tQ90\n", w.path, &first);
    assert_file_is(w.path, &first);
    mode_t mask = umask(022);
    umask(mask);
    assert_int_equal(stat(w.path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0666 & ~mask);

    write_ok("Lyon\tPLACE\tQ456\n", w.path, &second);
    assert_file_is(w.path, &second);
    list_dir(w.dir, listing, sizeof listing);
    assert_string_equal(listing, "places.gaz");
    assert_int_equal(gaztag_open(w.path, GAZTAG_OPEN_VERIFY, &g), GAZTAG_OK);
    describe(g, "Paris Lyon", out, sizeof out);
    assert_string_equal(out, "6-10:PLACE|Q456|-;");
    gaztag_close(g);
    workdir_remove(&w);
    gaztag_buffer_free(first.data);
    gaztag_buffer_free(second.data);
}

/* A builder with a source error writes nothing: the old file stays. */
static void test_write_after_source_error(void **state)
{
    (void)state;
    workdir w;
    image first;
    char listing[256];
    workdir_make(&w);
    write_ok("Paris\tPLACE\tQ90\n", w.path, &first);
    gaztag_builder *bad = new_builder(0);
    assert_int_equal(gaztag_builder_add_tsv(bad, "bad.tsv", "Lyon\n", 5),
                     GAZTAG_SOURCE);
    expect_write_failure(bad, w.path, GAZTAG_SOURCE,
                         "bad.tsv:1: missing label (column 2)");
    gaztag_builder_free(bad);
    assert_file_is(w.path, &first);
    list_dir(w.dir, listing, sizeof listing);
    assert_string_equal(listing, "places.gaz");
    workdir_remove(&w);
    gaztag_buffer_free(first.data);
}

/* Write a one-row gazetteer to `path` with a new builder, expecting an
 * I/O failure whose message is "cannot write 'PATH': reason". */
static void expect_io_failure(const char *path, const char *reason)
{
    char msg[512];
    gaztag_builder *b = new_builder(0);
    add_ok(b, "w.tsv", "Nice\tPLACE\n");
    snprintf(msg, sizeof msg, "cannot write '%s': %s", path, reason);
    expect_write_failure(b, path, GAZTAG_IO, msg);
    gaztag_builder_free(b);
}

/* I/O failures leave the old file and no temporary file behind: a
 * directory in the way (the rename fails after the data is written), and
 * a directory that does not exist. */
static void test_write_io_errors(void **state)
{
    (void)state;
    workdir w;
    image first;
    char listing[256], sub[128], missing[128];
    workdir_make(&w);
    write_ok("Paris\tPLACE\tQ90\n", w.path, &first);
    snprintf(sub, sizeof sub, "%s/sub", w.dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    expect_io_failure(sub, "Is a directory");
    snprintf(missing, sizeof missing, "%s/none/places.gaz", w.dir);
    expect_io_failure(missing, "No such file or directory");
    assert_file_is(w.path, &first);
    list_dir(w.dir, listing, sizeof listing);
    assert_string_equal(listing, "places.gaz sub");
    assert_int_equal(rmdir(sub), 0);
    workdir_remove(&w);
    gaztag_buffer_free(first.data);
}

/* ------------------------------------------------------------ key flags */

/* Seven spellings, and which each flag combination matches to "Boké". */
static const char *const spellings[] = {
    "Bok\xc3\xa9", "Boke", "BOK\xc3\x89", "BOKE", "Boke\xcc\x81",
    "bok\xc3\xa9", "\xef\xbc\xa2\xef\xbd\x8f\xef\xbd\x8b\xc3\xa9",
};

static const struct flag_case {
    unsigned flags;
    const char *matches; /* one Y or N per spelling */
} flag_cases[] = {
    {0, "YYYYYYY"},
    {GAZTAG_CASE_SENSITIVE, "YYNNYNY"},
    {GAZTAG_KEEP_ACCENTS, "YNYNYYY"},
    {GAZTAG_CASE_SENSITIVE | GAZTAG_KEEP_ACCENTS, "YNNNYNY"},
};

static void flag_inputs(const struct flag_case *fc, char *text, char *want,
                        size_t cap)
{
    size_t tp = 0, wp = 0;
    text[0] = want[0] = '\0';
    for (size_t i = 0; i < sizeof spellings / sizeof *spellings; i++) {
        size_t len = strlen(spellings[i]);
        if (i)
            text[tp++] = ' ';
        assert_true(tp + len < cap);
        memcpy(text + tp, spellings[i], len + 1);
        if (fc->matches[i] == 'Y')
            wp += (size_t)snprintf(want + wp, cap - wp, "%zu-%zu:PLACE|-|-;",
                                   tp, tp + len);
        tp += len;
    }
}

static void test_norm_flags(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof flag_cases / sizeof *flag_cases; c++) {
        const struct flag_case *fc = &flag_cases[c];
        char text[256], want[256], out[256];
        gaztag_gazetteer *g;
        gaztag_info in;
        image im = compile_tsv(fc->flags, "Bok\xc3\xa9\tPLACE\n");
        flag_inputs(fc, text, want, sizeof text);
        assert_int_equal(gaztag_open_memory(im.data, im.len,
                                            GAZTAG_OPEN_VERIFY, &g),
                         GAZTAG_OK);
        gaztag_get_info(g, &in);
        assert_int_equal(in.norm_flags, fc->flags);
        describe(g, text, out, sizeof out);
        if (strcmp(out, want) != 0)
            fail_msg("flags %u: %s, want %s", fc->flags, out, want);
        gaztag_close(g);
        gaztag_buffer_free(im.data);
    }
}

/* Blocks from GZ_LARGE bytes are advised for huge pages (src/alloc.c):
 * grown one element at a time past several such sizes, an array keeps
 * every element (the advice must leave realloc() able to move it); a
 * large zeroed block is zero; and a block shrinks back intact. */
static void test_large_blocks(void **state)
{
    (void)state;
    uint32_t *a = NULL;
    size_t cap = 0, n = 3 * GZ_LARGE / sizeof *a + 12345;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(gz_grow((void **)&a, &cap, i + 1, sizeof *a), 0);
        a[i] = (uint32_t)(i * 2654435761u);
    }
    assert_true(cap >= n);
    for (size_t i = 0; i < n; i++)
        if (a[i] != (uint32_t)(i * 2654435761u))
            fail_msg("element %zu lost", i);
    uint32_t *b = gz_realloc(a, 1000 * sizeof *a);
    assert_non_null(b);
    for (size_t i = 0; i < 1000; i++)
        assert_int_equal(b[i], (uint32_t)(i * 2654435761u));
    gz_free(b);
    uint8_t *z = gz_calloc(GZ_LARGE + 3, 1);
    assert_non_null(z);
    for (size_t i = 0; i < GZ_LARGE + 3; i++)
        if (z[i])
            fail_msg("byte %zu not zero", i);
    gz_free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source_errors),
        cmocka_unit_test(test_mark_kept_with_accents),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_token_limit),
        cmocka_unit_test(test_longest_field_tags),
        cmocka_unit_test(test_source_names),
        cmocka_unit_test(test_failure_is_sticky),
        cmocka_unit_test(test_invalid_flags),
        cmocka_unit_test(test_accepted_content),
        cmocka_unit_test(test_add_file),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_write_replaces),
        cmocka_unit_test(test_write_after_source_error),
        cmocka_unit_test(test_write_io_errors),
        cmocka_unit_test(test_norm_flags),
        cmocka_unit_test(test_large_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
