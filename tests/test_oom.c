/*
 * test_oom.c -- out of memory: every allocation of the library made to fail
 * in turn.
 *
 * This program is linked with a copy of the library built with
 * GAZTAG_ALLOC_TESTING (tests/CMakeLists.txt), whose allocation wrappers
 * (src/alloc.h) ask gz_alloc_test_permit() below before each allocation.
 * For each operation -- compile (builder, common words, sources from files
 * and memory with flags and removals, compile, atomic write), open (memory
 * and file), tag (plain and layered taggers, longest and all, whole and
 * streamed), the inspection calls and the rules layer (loading its data
 * from memory and from a directory, tagging with every rule and document
 * propagation, whole and streamed) -- the run is repeated with the 1st,
 * 2nd, 3rd, ... allocation failing, until a run completes without reaching
 * the failing one.  Two modes: only that allocation fails (transient), or
 * every one from it on (persistent).
 *
 * What must hold: a call that met a failure returns GAZTAG_NOMEM (the
 * documented -1 or SIZE_MAX for the int and size_t calls); a call that
 * succeeds gives exactly the result of a run without failures (a compile
 * the same bytes); nothing leaks (LeakSanitizer, in the sanitizer build);
 * a builder that failed keeps refusing with the same status and leaves the
 * output file as it was; a tagger whose call failed tags correctly again
 * once memory is back.  cmph's and utf8proc's own allocations are outside
 * the hook.
 */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "gaztag.h"
#include "support.h"

#include "alloc.h" /* the hook's prototype (GAZTAG_ALLOC_TESTING) */

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------ the hook itself */

static struct {
    unsigned long count;   /* allocations asked for since armed */
    unsigned long fail_at; /* 0: none fails */
    bool persistent;       /* every allocation from fail_at on fails */
    bool injected;         /* some allocation was refused */
} oom;

int gz_alloc_test_permit(void)
{
    oom.count++;
    if (oom.fail_at == 0 || oom.count < oom.fail_at ||
        (!oom.persistent && oom.count > oom.fail_at))
        return 1;
    oom.injected = true;
    return 0;
}

static void oom_arm(unsigned long n, bool persistent)
{
    oom.count = 0;
    oom.fail_at = n;
    oom.persistent = persistent;
    oom.injected = false;
}

static void oom_off(void)
{
    oom.fail_at = 0;
}

/* A call's status: OK, or NOMEM when a failure was injected. */
static bool ok_or_nomem(gaztag_status st, const char *what)
{
    if (st == GAZTAG_OK)
        return true;
    if (st != GAZTAG_NOMEM || !oom.injected)
        fail_msg("%s: %s with%s an injected failure", what,
                 gaztag_strerror(st), oom.injected ? "" : "out");
    return false;
}

typedef void (*oom_op)(void *ctx);

/* Run op with the 1st, 2nd, ... allocation failing until a run completes
 * without reaching it; returns the number of failures injected. */
static unsigned long each_failure(const char *name, oom_op op, void *ctx,
                                  bool persistent)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (unsigned long n = 1;; n++) {
        oom_arm(n, persistent);
        op(ctx);
        oom_off();
        if (!oom.injected) {
            clock_gettime(CLOCK_MONOTONIC, &t1);
            printf("%-28s %-10s %5lu allocation failures injected, %.2f s\n",
                   name, persistent ? "persistent" : "transient", n - 1,
                   (double)(t1.tv_sec - t0.tv_sec) +
                       (t1.tv_nsec - t0.tv_nsec) / 1e9);
            return n - 1;
        }
    }
}

static unsigned long both_modes(const char *name, oom_op op, void *ctx)
{
    unsigned long n = each_failure(name, op, ctx, false);
    assert_int_equal(each_failure(name, op, ctx, true), n);
    assert_true(n > 0);
    return n;
}

/* ------------------------------------------------------------- sources */

/* Common words: "Police" below is left out (a warning), "Nice" is kept
 * because it has cap. */
static const char common_txt[] = "# common words\npolice\nnice\nmobile\n";

/* From a file: labels, ids, canonical names, every flag, a #! line. */
static const char source1_tsv[] =
    "# name\tlabel\tid\tcanonical\tflags\n"
    "Paris\tPLACE\tQ90\tParis\n"
    "Paris\tPERSON\tQ663094\tParis Hilton\tcase\n"
    "New York\tPLACE\tQ60\tNew York City\n"
    "New York Times\tOUTLET\tQ9684\tThe New York Times\n"
    "Washington\tPLACE\tQ61\tWashington, D.C.\n"
    "Washington Post\tOUTLET\tQ166032\tThe Washington Post\n"
    "Police\tORG\n"
    "#! flags=cap\n"
    "Nice\tPLACE\tQ33959\n"
    "Orange\tORG\tQ1431486\n"
    "#! flags=none\n"
    "US\tPLACE\tQ30\tUnited States\tcase\n"
    "B\xC3\xA9nin\tPLACE\tQ962\t\taccents\n"
    "C\xC3\xB4te d'Ivoire\tPLACE\tQ1008\n"
    "Lyon\tPLACE\tQ456\n"
    "Lyon\tORG\tQ704\tOlympique lyonnais\n";

/* From memory: a removal, non-ASCII keys, long names. */
static const char source2_tsv[] =
    "Lyon\tPLACE\t\t\t-\n"
    "Rio de Janeiro\tPLACE\tQ8678\n"
    "Union africaine\tORG\tQ7159\tAfrican Union\n"
    "Saint-\xC3\x89tienne\tPLACE\tQ42716\n"
    "AT&T\tORG\tQ35476\n"
    "Hong Kong\tPLACE\tQ8646\n"
    "Buenos Aires\tPLACE\tQ1486\n"
    "Dmitri Peskov\tPERSON\tper:peskov\tDmitry Peskov\n"
    "Peskov\tPERSON\tper:peskov\tDmitry Peskov\n"
    "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0\tPLACE\tQ649\tMoscow\n"
    "\xE5\x8C\x97\xE4\xBA\xAC\tPLACE\tQ956\tBeijing\n"
    "VERYLONGUPPERCASENAMEOFSOMEORGANISATIONTHATNEEDSMORETHANSIXTYFOURBYTES"
    "\tORG\tlong\n"
    "Tr\xC3\xA8s-long-nom-accentu\xC3\xA9-d\xC3\xA9passant-soixante-quatre-"
    "octets-\xC3\xA0-coup-s\xC3\xBBr\tORG\tlatin\n";

/* Every name, many times (more spans than a tagger's first arrays hold),
 * in cases and accents that the flags refuse, and long tokens. */
static const char text_unit[] =
    "Paris, PARIS and paris; the New York Times in New York. The Washington "
    "Post of Washington. Nice weather in nice NICE; US troops, us, Us. "
    "B\xC3\xA9nin, not Benin or B\xC3\x89NIN. C\xC3\xB4te d\xE2\x80\x99Ivoire, "
    "Rio de Janeiro, l\xE2\x80\x99Union africaine, Orange and orange, Lyon; "
    "Saint-\xC3\x89tienne; AT&T; Hong Kong; Buenos Aires \xFF Dmitri Peskov, "
    "Peskov. \xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90, \xE5\x8C\x97"
    "\xE4\xBA\xAC; Verylonguppercasenameofsomeorganisationthatneedsmorethan"
    "sixtyfourbytes and TR\xC3\x88S-LONG-NOM-ACCENTU\xC3\x89-D\xC3\x89PASSANT-"
    "SOIXANTE-QUATRE-OCTETS-\xC3\x80-COUP-S\xC3\x9BR.\n";
#define TEXT_UNITS 3

/* ------------------------------------------------------------- fixture */

typedef struct fixture {
    char dir[64], out_dir[80];
    char common_path[96], source_path[96], out_path[96];
    void *image;       /* the reference compile */
    size_t image_len;
    size_t n_warnings;
    char *text;
    size_t text_len;
    gaztag_gazetteer *g, *overlay; /* the reference image; a second one */
    void *overlay_image;
    char rules_dir[96];      /* the rules data as files */
    void *rules_image;       /* a gazetteer for the rules' text */
    gaztag_gazetteer *rules_g;
    gaztag_rules *rules;     /* loaded without failures */
    char *rules_text[2]; /* rules_ascii_unit, rules_unit, repeated */
    size_t rules_text_len[2];
} fixture;

static fixture fx;

/* A builder that compiles the sources, every call checked; false at the
 * first failure (then every later call must fail the same way). */
static bool build_all(gaztag_builder *b)
{
    gaztag_status st = gaztag_builder_add_common(b, "common.txt", common_txt,
                                                 strlen(common_txt));
    if (!ok_or_nomem(st, "add_common"))
        return false;
    st = gaztag_builder_add_common_file(b, fx.common_path);
    if (!ok_or_nomem(st, "add_common_file"))
        return false;
    st = gaztag_builder_add_file(b, fx.source_path);
    if (!ok_or_nomem(st, "add_file"))
        return false;
    st = gaztag_builder_add_tsv(b, "source2.tsv", source2_tsv,
                                strlen(source2_tsv));
    return ok_or_nomem(st, "add_tsv");
}

/* --------------------------------------------------------- compile */

static bool dir_holds_only(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    bool only = true;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            strcmp(e->d_name, name))
            only = false;
    closedir(d);
    return only;
}

/* The output file holds the reference image, or the old bytes. */
static void expect_output(bool written)
{
    size_t len;
    char *data = support_read_file(fx.out_path, &len);
    assert_non_null(data);
    if (written) {
        assert_int_equal(len, fx.image_len);
        assert_memory_equal(data, fx.image, len);
    } else {
        assert_string_equal(data, "old");
    }
    free(data);
    assert_true(dir_holds_only(fx.out_dir, "out.gaz"));
}

/* Every call after a builder's failure fails the same way. */
static void expect_refusing(gaztag_builder *b)
{
    void *data;
    size_t len;
    assert_int_equal(gaztag_builder_add_tsv(b, "x", "X\tPLACE\n", 8),
                     GAZTAG_NOMEM);
    assert_int_equal(gaztag_builder_add_file(b, fx.source_path), GAZTAG_NOMEM);
    assert_int_equal(gaztag_builder_compile(b, &data, &len), GAZTAG_NOMEM);
    assert_null(data);
    assert_int_equal(gaztag_builder_write(b, fx.out_path), GAZTAG_NOMEM);
    assert_string_equal(gaztag_builder_errmsg(b) + strlen(
                            gaztag_builder_errmsg(b)) - 13, "out of memory");
}

static void op_compile(void *ctx)
{
    (void)ctx;
    gaztag_builder *b;
    void *data;
    size_t len;
    support_write_file(fx.out_path, "old", 3);
    gaztag_status st = gaztag_builder_new(0, &b);
    if (!ok_or_nomem(st, "builder_new")) {
        assert_null(b);
        return;
    }
    bool ok = build_all(b);
    if (ok) {
        st = gaztag_builder_compile(b, &data, &len);
        ok = ok_or_nomem(st, "compile");
        if (ok) {
            /* Failures absorbed on the way must not change a byte. */
            assert_int_equal(len, fx.image_len);
            assert_memory_equal(data, fx.image, len);
            gaztag_buffer_free(data);
            assert_int_equal(gaztag_builder_warning_count(b), fx.n_warnings);
        } else {
            assert_null(data);
        }
    }
    if (ok)
        ok = ok_or_nomem(gaztag_builder_write(b, fx.out_path), "write");
    expect_output(ok);
    if (!ok) {
        oom_off(); /* what follows must fail without allocating */
        expect_refusing(b);
    }
    gaztag_builder_free(b);
}

/* ------------------------------------------------------------ open */

static void op_open(void *ctx)
{
    (void)ctx;
    static const unsigned flags[2] = {0, GAZTAG_OPEN_VERIFY};
    char path[128];
    snprintf(path, sizeof path, "%s/ref.gaz", fx.dir);
    for (int k = 0; k < 2; k++) {
        gaztag_gazetteer *g;
        gaztag_info in;
        gaztag_status st = gaztag_open_memory(fx.image, fx.image_len,
                                              flags[k], &g);
        if (ok_or_nomem(st, "open_memory")) {
            gaztag_get_info(g, &in);
            assert_int_equal(in.file_size, fx.image_len);
        } else {
            assert_null(g);
            assert_string_equal(gaztag_errmsg(g), "out of memory");
        }
        gaztag_close(g);
        st = gaztag_open(path, flags[k], &g);
        if (ok_or_nomem(st, "open")) {
            gaztag_get_info(g, &in);
            assert_int_equal(in.file_size, fx.image_len);
        } else {
            assert_null(g);
        }
        gaztag_close(g);
    }
}

/* ------------------------------------------------------------- tagging */

static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
        va_end(ap);
        assert_true(n >= 0);
        if ((size_t)n < *cap - *len) {
            *len += (size_t)n;
            return;
        }
        *cap = 2 * *cap + (size_t)n;
        *buf = realloc(*buf, *cap);
        assert_non_null(*buf);
    }
}

/* Spans as text: offsets, every entry of each (label, id, flags). */
static void describe_spans(const gaztag_gazetteer *fallback,
                           const gaztag_span *s, size_t n, char **buf,
                           size_t *len, size_t *cap)
{
    for (size_t i = 0; i < n; i++) {
        append(buf, len, cap, "%zu-%zu/%zu-%zu/%zu-%zu", s[i].start, s[i].end,
               s[i].cstart, s[i].cend, s[i].ustart, s[i].uend);
        for (uint32_t k = 0; k < s[i].n_entries; k++) {
            gaztag_entry e;
            assert_int_equal(gaztag_span_entry(fallback, &s[i], k, &e),
                             GAZTAG_OK);
            append(buf, len, cap, " %s|%s|%u", e.label, e.id ? e.id : "-",
                   e.flags);
        }
        append(buf, len, cap, ";");
    }
}

typedef struct tag_case {
    const char *name;
    bool layered;
    unsigned flags;   /* GAZTAG_TAG_ALL or 0 */
    size_t piece;     /* 0: the whole text, else streamed in such pieces */
    char *want;       /* the description without failures */
} tag_case;

/* Tag the text once (whole or streamed); the description in *out (NULL
 * when a call failed: then the status). */
static gaztag_status tag_once(gaztag_tagger *t, const tag_case *tc, char **out)
{
    size_t len = 0, cap = 4096, pos = 0, avail = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    buf[0] = '\0';
    *out = NULL;
    for (;;) {
        const gaztag_span *s;
        size_t n, used = 0;
        gaztag_status st;
        if (tc->piece == 0) {
            st = gaztag_tag_text(t, fx.text, fx.text_len, tc->flags, &s, &n);
            avail = fx.text_len;
        } else {
            avail = avail + tc->piece < fx.text_len ? avail + tc->piece
                                                     : fx.text_len;
            unsigned f = tc->flags |
                         (avail < fx.text_len ? GAZTAG_TAG_MORE : 0);
            st = gaztag_tag_stream(t, fx.text + pos, avail - pos, f, &s, &n,
                                   &used);
        }
        if (!ok_or_nomem(st, tc->name)) {
            free(buf);
            return st;
        }
        describe_spans(fx.g, s, n, &buf, &len, &cap);
        pos += used;
        if (avail == fx.text_len) {
            *out = buf;
            return GAZTAG_OK;
        }
    }
}

static gaztag_status new_tagger(const tag_case *tc, gaztag_tagger **t)
{
    const gaztag_gazetteer *layers[2] = {fx.g, fx.overlay};
    return tc->layered ? gaztag_tagger_new_layered(layers, 2, t)
                       : gaztag_tagger_new(fx.g, t);
}

/* A new tagger and one tagging; after a failure, memory comes back and
 * the same tagger tags the text again (twice) with the right spans. */
static void op_tag(void *ctx)
{
    const tag_case *tc = ctx;
    gaztag_tagger *t;
    char *got;
    if (!ok_or_nomem(new_tagger(tc, &t), "tagger_new")) {
        assert_null(t);
        return;
    }
    if (tag_once(t, tc, &got) == GAZTAG_OK) {
        assert_string_equal(got, tc->want);
        free(got);
    } else {
        oom_off();
        for (int again = 0; again < 2; again++) {
            assert_int_equal(tag_once(t, tc, &got), GAZTAG_OK);
            assert_string_equal(got, tc->want);
            free(got);
        }
    }
    gaztag_tagger_free(t);
}

static tag_case tag_cases[] = {
    {"tag longest", false, 0, 0, NULL},
    {"tag all", false, GAZTAG_TAG_ALL, 0, NULL},
    {"stream longest", false, 0, 97, NULL},
    {"stream all", false, GAZTAG_TAG_ALL, 97, NULL},
    {"layered tag longest", true, 0, 0, NULL},
    {"layered tag all", true, GAZTAG_TAG_ALL, 0, NULL},
    {"layered stream longest", true, 0, 97, NULL},
    {"layered stream all", true, GAZTAG_TAG_ALL, 97, NULL},
};
#define N_TAG_CASES (sizeof tag_cases / sizeof tag_cases[0])

/* ---------------------------------------------------------- inspection */

static const char *const lookup_names[] = {
    "Paris", "NEW YORK TIMES", "C\xC3\xB4te d\xE2\x80\x99Ivoire",
    "\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90",
    "Verylonguppercasenameofsomeorganisationthatneedsmorethansixtyfourbytes",
    "TR\xC3\x88S-LONG-NOM-ACCENTU\xC3\x89-D\xC3\x89PASSANT-SOIXANTE-QUATRE-"
    "OCTETS-\xC3\x80-COUP-S\xC3\x9BR",
    "Lagos"};
#define N_LOOKUP (sizeof lookup_names / sizeof lookup_names[0])

typedef struct inspect_want {
    uint32_t first[N_LOOKUP], count[N_LOOKUP];
    int refusal[N_LOOKUP];   /* of the name's first entry, or 99 */
    size_t norm_len[N_LOOKUP];
    char keys[4096];         /* gaztag_foreach_key, as text */
} inspect_want;

static inspect_want inspect_ref;

static int on_key(void *ctx, const char *key, size_t len, uint32_t first,
                  uint32_t count)
{
    char *out = ctx;
    size_t n = strlen(out);
    int w = snprintf(out + n, sizeof inspect_ref.keys - n, "%.*s=%u+%u;",
                     (int)len, key, first, count);
    assert_true(w > 0 && (size_t)w < sizeof inspect_ref.keys - n);
    return 0;
}

/* Every inspection call once; false at the first one that failed. */
static bool inspect_all(inspect_want *got)
{
    memset(got, 0, sizeof *got);
    for (size_t i = 0; i < N_LOOKUP; i++) {
        const char *name = lookup_names[i];
        char norm[512];
        gaztag_status st = gaztag_lookup(fx.g, name, strlen(name),
                                         &got->first[i], &got->count[i]);
        if (!ok_or_nomem(st, "lookup"))
            return false;
        got->refusal[i] = 99;
        if (got->count[i]) {
            got->refusal[i] = gaztag_entry_refusal(fx.g, got->first[i], name,
                                                   strlen(name));
            if (got->refusal[i] < 0) {
                assert_true(oom.injected);
                return false;
            }
            int acc = gaztag_entry_accepts(fx.g, got->first[i], name,
                                           strlen(name));
            if (acc < 0) {
                assert_true(oom.injected);
                return false;
            }
            assert_int_equal(acc, got->refusal[i] == 0);
        }
        got->norm_len[i] = gaztag_normalize(0, name, strlen(name), norm,
                                            sizeof norm);
        if (got->norm_len[i] == SIZE_MAX) {
            assert_true(oom.injected);
            return false;
        }
    }
    return ok_or_nomem(gaztag_foreach_key(fx.g, on_key, got->keys),
                       "foreach_key");
}

static void op_inspect(void *ctx)
{
    (void)ctx;
    static inspect_want got;
    if (inspect_all(&got))
        assert_memory_equal(&got, &inspect_ref, sizeof got);
}


/* ------------------------------------------------------------- rules */

static const char rules_gaz_tsv[] =
    "Mohamed Dabo\tPERSON\tper:dabo\tMohamed Dabo\n"
    "Dabo\tPLACE\tplace:dabo\n"
    "Conakry\tPLACE\tplace:conakry\n"
    "Agence guin\xC3\xA9" "enne de presse\tOUTLET\toutlet:agp\n";

static const char rules_first_txt[] = "# given names\nMoussa\nMohamed\nGrace\n"
                                      "A\xC3\xAFssatou\n";
static const char rules_not_txt[] = "Grace\nLundi\nLe\nLa\n";
static const char rules_cues_tsv[] =
    "before\tministre\tPERSON\ttitle\n"
    "before\tM.\tPERSON\tcivility\n"
    "before\t\xC3\xA0\tPLACE\tat-place\n"
    "before\tla commune rurale (CR) de\tPLACE\tplace-cue\n"
    "head\tConsortium\tORG\torg-head\n"
    "head\tMinist\xC3\xA8re\tORG\torg-head\n"
    "head\tOffice\tORG\torg-head\n"
    "before\tvers\tPLACE\tat-place\n"
    "suffix\tSA\tORG\torg-suffix\n"
    "suffix\tS.A.\tORG\torg-suffix\n"
    "connector\tde\nconnector\tdes\nconnector\tla\nconnector\tet\n"
    "month\tmars\nmonth\td\xC3\xA9" "c.\n";

/* Every rule and every kind of propagation, in ASCII, accented and
 * mathematical bold letters; repeated, so that the document's names
 * outgrow a tagger's first arrays. */
static const char rules_unit[] =
    "KOUNDOUYA, 3 mars (AGP) - Hier, Moussa Solano a vu le ministre Kaba "
    "\xC3\xA0 Kolabounyi, dans la commune rurale (CR) de Sangar\xC3\xA9"
    "di. Le Consortium SMB-Winning, le Minist\xC3\xA8re des Mines et de la "
    "G\xC3\xA9ologie et Kountaya Holding SA, le Front uni des Patriotes "
    "(FUP), l\xE2\x80\x99" "Agence guin\xC3\xA9" "enne de presse (AGP). "
    "Mohamed Dabo, puis Dabo, Solano, Kaba, FUP, AGP et Sangar\xC3\xA9" "di; "
    "M. Traor\xC3\xA9, \xF0\x9D\x97\xA0\xF0\x9D\x97\xBC\xF0\x9D\x98\x82"
    "\xF0\x9D\x98\x80\xF0\x9D\x98\x80\xF0\x9D\x97\xAE Kourouma.\n"
    "MOHAMED KABA NOMM\xC3\x89 \xC3\x80 KOLABOUNYI\n";
/* The same in ASCII: no key of a word is computed by utf8proc. */
static const char rules_ascii_unit[] =
    "KOUNDOUYA, 3 mars (AGP) - Hier, Moussa Solano a vu le ministre Kaba "
    "vers Kolabounyi, dans la commune rurale (CR) de Sangaredi. Le "
    "Consortium SMB-Winning, l'Office des Mines et de la Geologie et "
    "Kountaya Holding SA, le Front uni des Patriotes (FUP), l'Agence "
    "guineenne de presse (AGP). Mohamed Dabo, puis Dabo, Solano, Kaba, FUP, "
    "AGP et Sangaredi; M. Traore, Moussa Kourouma.\n"
    "MOHAMED KABA NOMME A KOLABOUNYI\n";
#define RULES_UNITS 4

/* Rules data from memory, every call checked; false at the first failure
 * (GAZTAG_NOMEM, with "out of memory"). */
static bool add_rules(gaztag_rules *r)
{
    static const struct {
        unsigned kind;
        const char *name, *text;
    } parts[] = {
        {GAZTAG_RULES_FIRST_NAMES, "first-names.txt", rules_first_txt},
        {GAZTAG_RULES_NOT_NAMES, "not-names.txt", rules_not_txt},
        {GAZTAG_RULES_CUES, "cues.tsv", rules_cues_tsv},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        gaztag_status st = gaztag_rules_add_text(r, parts[i].kind,
                                                 parts[i].name, parts[i].text,
                                                 strlen(parts[i].text));
        if (!ok_or_nomem(st, "rules_add_text")) {
            assert_string_equal(gaztag_rules_error(r), "out of memory");
            return false;
        }
    }
    return true;
}

/* Spans as text, with where they come from. */
static void describe_rule_spans(const gaztag_span *s, size_t n, char **buf,
                                size_t *len, size_t *cap)
{
    for (size_t i = 0; i < n; i++)
        append(buf, len, cap, "%zu-%zu/%zu-%zu/%zu-%zu %s|%s|%u|%s;",
               s[i].start, s[i].end, s[i].cstart, s[i].cend, s[i].ustart,
               s[i].uend, s[i].entry.label,
               s[i].entry.id ? s[i].entry.id : "-", s[i].origin,
               s[i].rule ? s[i].rule : "-");
}

typedef struct rules_case {
    const char *name;
    int unicode;   /* 0: the ASCII text, 1: the other */
    size_t piece;  /* 0: the whole text, else streamed in such pieces */
    unsigned flags;
    char *want;
} rules_case;

static rules_case rules_cases[] = {
    {"rules tag ascii", 0, 0, 0, NULL},
    {"rules stream ascii", 0, 97, 0, NULL},
    {"rules no propagation ascii", 0, 0, GAZTAG_TAG_NO_PROPAGATION, NULL},
    {"rules tag", 1, 0, 0, NULL},
    {"rules stream", 1, 97, 0, NULL},
    {"rules no propagation", 1, 0, GAZTAG_TAG_NO_PROPAGATION, NULL},
};
#define N_RULES_CASES (sizeof rules_cases / sizeof rules_cases[0])

/* Tag the rules' text with `r` once; as tag_once(). */
static gaztag_status rules_tag_once(gaztag_tagger *t, const rules_case *rc,
                                    char **out)
{
    size_t len = 0, cap = 4096, pos = 0, avail = 0;
    const size_t total = fx.rules_text_len[rc->unicode];
    const char *text = fx.rules_text[rc->unicode];
    char *buf = malloc(cap);
    assert_non_null(buf);
    buf[0] = '\0';
    *out = NULL;
    for (;;) {
        const gaztag_span *s;
        size_t n, used = 0;
        gaztag_status st;
        if (rc->piece == 0) {
            st = gaztag_tag_text(t, text, total, rc->flags, &s, &n);
            avail = total;
        } else {
            avail = avail + rc->piece < total ? avail + rc->piece : total;
            unsigned f = rc->flags | (avail < total ? GAZTAG_TAG_MORE : 0);
            st = gaztag_tag_stream(t, text + pos, avail - pos, f, &s, &n,
                                   &used);
        }
        if (!ok_or_nomem(st, rc->name)) {
            free(buf);
            return st;
        }
        describe_rule_spans(s, n, &buf, &len, &cap);
        pos += used;
        if (avail == total) {
            *out = buf;
            return GAZTAG_OK;
        }
    }
}

/* The spans of `r` over the rules' text (no failure injected), compared
 * with a run of the reference rules. */
static void expect_rules_work(const gaztag_rules *r)
{
    gaztag_tagger *t;
    char *got;
    oom_off();
    assert_int_equal(gaztag_tagger_new(fx.rules_g, &t), GAZTAG_OK);
    assert_int_equal(gaztag_tagger_set_rules(t, r), GAZTAG_OK);
    assert_int_equal(rules_tag_once(t, &rules_cases[3], &got), GAZTAG_OK);
    assert_string_equal(got, rules_cases[3].want);
    free(got);
    gaztag_tagger_free(t);
}

/* A rules object, its data from memory: after a failure, memory comes back
 * and the same object takes the data again and works as if nothing had
 * failed. */
static void op_rules_load(void *ctx)
{
    (void)ctx;
    gaztag_rules *r;
    if (!ok_or_nomem(gaztag_rules_new(&r), "rules_new")) {
        assert_null(r);
        return;
    }
    bool ok = add_rules(r);
    if (!ok) {
        oom_off();
        assert_true(add_rules(r));
    }
    expect_rules_work(r);
    gaztag_rules_free(r);
}

/* The same data from files. */
static void op_rules_dir(void *ctx)
{
    (void)ctx;
    gaztag_rules *r;
    if (!ok_or_nomem(gaztag_rules_new(&r), "rules_new")) {
        assert_null(r);
        return;
    }
    gaztag_status st = gaztag_rules_load_dir(r, fx.rules_dir);
    if (!ok_or_nomem(st, "rules_load_dir")) {
        assert_string_equal(gaztag_rules_error(r), "out of memory");
        oom_off();
        assert_int_equal(gaztag_rules_load_dir(r, fx.rules_dir), GAZTAG_OK);
    }
    expect_rules_work(r);
    gaztag_rules_free(r);
}

/* A new tagger with the rules and one tagging; after a failure, memory
 * comes back and the same tagger tags the text again (twice) with the
 * spans of a run that never failed. */
static void op_rules_tag(void *ctx)
{
    const rules_case *rc = ctx;
    gaztag_tagger *t;
    char *got;
    if (!ok_or_nomem(gaztag_tagger_new(fx.rules_g, &t), "tagger_new")) {
        assert_null(t);
        return;
    }
    if (!ok_or_nomem(gaztag_tagger_set_rules(t, fx.rules), "set_rules")) {
        oom_off();
        assert_int_equal(gaztag_tagger_set_rules(t, fx.rules), GAZTAG_OK);
    }
    if (rules_tag_once(t, rc, &got) == GAZTAG_OK) {
        assert_string_equal(got, rc->want);
        free(got);
    } else {
        oom_off();
        for (int again = 0; again < 2; again++) {
            assert_int_equal(rules_tag_once(t, rc, &got), GAZTAG_OK);
            assert_string_equal(got, rc->want);
            free(got);
        }
    }
    gaztag_tagger_free(t);
}

static int rules_setup(void)
{
    static const char *const files[][2] = {
        {"first-names-test.txt", rules_first_txt},
        {"not-names.txt", rules_not_txt},
        {"cues.tsv", rules_cues_tsv},
    };
    char path[160];
    gaztag_builder *b;
    size_t len;
    snprintf(fx.rules_dir, sizeof fx.rules_dir, "%s/rules", fx.dir);
    if (mkdir(fx.rules_dir, 0700) < 0)
        return -1;
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", fx.rules_dir, files[i][0]);
        support_write_file(path, files[i][1], strlen(files[i][1]));
    }
    if (gaztag_builder_new(0, &b) != GAZTAG_OK ||
        gaztag_builder_add_tsv(b, "rules-gaz.tsv", rules_gaz_tsv,
                               strlen(rules_gaz_tsv)) != GAZTAG_OK ||
        gaztag_builder_compile(b, &fx.rules_image, &len) != GAZTAG_OK ||
        gaztag_open_memory(fx.rules_image, len, 0, &fx.rules_g) != GAZTAG_OK)
        return -1;
    gaztag_builder_free(b);
    if (gaztag_rules_new(&fx.rules) != GAZTAG_OK || !add_rules(fx.rules))
        return -1;
    const char *units[2] = {rules_ascii_unit, rules_unit};
    for (int k = 0; k < 2; k++) {
        size_t unit = strlen(units[k]);
        fx.rules_text_len[k] = unit * RULES_UNITS;
        fx.rules_text[k] = malloc(fx.rules_text_len[k] + 1);
        if (!fx.rules_text[k])
            return -1;
        for (size_t i = 0; i < RULES_UNITS; i++)
            memcpy(fx.rules_text[k] + unit * i, units[k], unit + 1);
    }
    return 0;
}

static void rules_teardown(void)
{
    static const char *const files[] = {"first-names-test.txt",
                                        "not-names.txt", "cues.tsv"};
    char path[160];
    gaztag_rules_free(fx.rules);
    gaztag_close(fx.rules_g);
    gaztag_buffer_free(fx.rules_image);
    free(fx.rules_text[0]);
    free(fx.rules_text[1]);
    for (size_t i = 0; i < N_RULES_CASES; i++)
        free(rules_cases[i].want);
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", fx.rules_dir, files[i]);
        unlink(path);
    }
    rmdir(fx.rules_dir);
}

/* ---------------------------------------------------------------- tests */

static int setup(void **state)
{
    (void)state;
    gaztag_builder *b;
    size_t len;
    snprintf(fx.dir, sizeof fx.dir, "/tmp/gaztag-oom-XXXXXX");
    if (!mkdtemp(fx.dir))
        return -1;
    snprintf(fx.common_path, sizeof fx.common_path, "%s/common.txt", fx.dir);
    snprintf(fx.source_path, sizeof fx.source_path, "%s/source1.tsv", fx.dir);
    support_write_file(fx.common_path, common_txt, strlen(common_txt));
    support_write_file(fx.source_path, source1_tsv, strlen(source1_tsv));
    snprintf(fx.out_dir, sizeof fx.out_dir, "%s/out", fx.dir);
    if (mkdir(fx.out_dir, 0700) < 0)
        return -1;
    snprintf(fx.out_path, sizeof fx.out_path, "%s/out.gaz", fx.out_dir);
    oom_off();
    if (gaztag_builder_new(0, &b) != GAZTAG_OK || !build_all(b) ||
        gaztag_builder_compile(b, &fx.image, &fx.image_len) != GAZTAG_OK)
        return -1;
    fx.n_warnings = gaztag_builder_warning_count(b);
    gaztag_builder_free(b);
    char path[128];
    snprintf(path, sizeof path, "%s/ref.gaz", fx.dir);
    support_write_file(path, fx.image, fx.image_len);
    if (gaztag_open_memory(fx.image, fx.image_len, GAZTAG_OPEN_VERIFY,
                           &fx.g) != GAZTAG_OK)
        return -1;
    /* An overlay: a removal and a replacement. */
    static const char overlay_tsv[] = "Paris\tPLACE\t\t\t-\n"
                                      "Hong Kong\tPLACE\thk\tHong Kong SAR\n";
    if (gaztag_builder_new(0, &b) != GAZTAG_OK ||
        gaztag_builder_add_tsv(b, "overlay.tsv", overlay_tsv,
                               strlen(overlay_tsv)) != GAZTAG_OK ||
        gaztag_builder_compile(b, &fx.overlay_image, &len) != GAZTAG_OK ||
        gaztag_open_memory(fx.overlay_image, len, 0, &fx.overlay) != GAZTAG_OK)
        return -1;
    gaztag_builder_free(b);
    size_t unit = strlen(text_unit);
    fx.text_len = unit * TEXT_UNITS;
    fx.text = malloc(fx.text_len + 1);
    for (size_t i = 0; i < TEXT_UNITS; i++)
        memcpy(fx.text + unit * i, text_unit, unit + 1);
    return rules_setup();
}

static int teardown(void **state)
{
    (void)state;
    char path[128];
    gaztag_close(fx.g);
    gaztag_close(fx.overlay);
    gaztag_buffer_free(fx.image);
    gaztag_buffer_free(fx.overlay_image);
    for (size_t i = 0; i < N_TAG_CASES; i++)
        free(tag_cases[i].want);
    free(fx.text);
    rules_teardown();
    snprintf(path, sizeof path, "%s/ref.gaz", fx.dir);
    unlink(path);
    unlink(fx.common_path);
    unlink(fx.source_path);
    unlink(fx.out_path);
    rmdir(fx.out_dir);
    rmdir(fx.dir);
    return 0;
}

static void test_compile(void **state)
{
    (void)state;
    assert_true(fx.n_warnings >= 1); /* Police: a common word */
    both_modes("compile", op_compile, NULL);
}

static void test_open(void **state)
{
    (void)state;
    assert_int_equal(both_modes("open memory+file", op_open, NULL), 4);
}

static void test_tag(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_TAG_CASES; i++) {
        tag_case *tc = &tag_cases[i];
        gaztag_tagger *t;
        assert_int_equal(new_tagger(tc, &t), GAZTAG_OK);
        assert_int_equal(tag_once(t, tc, &tc->want), GAZTAG_OK);
        gaztag_tagger_free(t);
        /* Streamed or whole, the same spans. */
        if (tc->piece)
            assert_string_equal(tc->want, tag_cases[i - 2].want);
        both_modes(tc->name, op_tag, tc);
    }
    /* The layered tagger applied the overlay. */
    assert_string_not_equal(tag_cases[0].want, tag_cases[4].want);
}

static void test_inspect(void **state)
{
    (void)state;
    assert_true(inspect_all(&inspect_ref));
    assert_true(inspect_ref.count[0] > 0 && inspect_ref.count[6] == 0);
    both_modes("inspection", op_inspect, NULL);
}

/* The reference spans (every rule fired in both texts), then tagging the
 * ASCII text with each allocation failing. */
static void test_rules_tag(void **state)
{
    (void)state;
    static const char *const must[] = {
        "|1|first-name;", "|1|title;", "|1|civility;", "|1|at-place;",
        "|1|place-cue;", "|1|org-head;", "|1|org-suffix;", "|1|dateline;",
        "|1|acronym;", "|2|acronym;", "|2|propagation;", "PERSON|per:dabo|2|"};
    for (size_t i = 0; i < N_RULES_CASES; i++) {
        rules_case *rc = &rules_cases[i];
        gaztag_tagger *t;
        assert_int_equal(gaztag_tagger_new(fx.rules_g, &t), GAZTAG_OK);
        assert_int_equal(gaztag_tagger_set_rules(t, fx.rules), GAZTAG_OK);
        assert_int_equal(rules_tag_once(t, rc, &rc->want), GAZTAG_OK);
        gaztag_tagger_free(t);
    }
    for (size_t i = 0; i < N_RULES_CASES; i += 3) {
        for (size_t k = 0; k < sizeof must / sizeof must[0]; k++)
            if (!strstr(rules_cases[i].want, must[k]))
                fail_msg("no span '%s' in %s", must[k], rules_cases[i].want);
        /* (streamed, rules see each piece alone: not always the same
         * spans) */
        assert_non_null(strstr(rules_cases[i + 1].want, "|2|propagation;"));
        assert_null(strstr(rules_cases[i + 2].want, "|2|propagation;"));
    }
    for (size_t i = 0; i < 3; i++)
        both_modes(rules_cases[i].name, op_rules_tag, &rules_cases[i]);
}

/* The same with the text in other letters (after test_rules_tag): the
 * key of a non-ASCII word needs memory (utf8proc), and a failure there
 * fails the call. */
static void test_rules_tag_unicode(void **state)
{
    (void)state;
    for (size_t i = 3; i < N_RULES_CASES; i++)
        both_modes(rules_cases[i].name, op_rules_tag, &rules_cases[i]);
}

/* Loading the rules data with each allocation failing (after
 * test_rules_tag, which made the reference spans): a failure keying a
 * non-ASCII word is GAZTAG_NOMEM, never a bad line. */
static void test_rules_load(void **state)
{
    (void)state;
    both_modes("rules from memory", op_rules_load, NULL);
    both_modes("rules from files", op_rules_dir, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compile),
        cmocka_unit_test(test_open),
        cmocka_unit_test(test_tag),
        cmocka_unit_test(test_inspect),
        cmocka_unit_test(test_rules_tag),
        cmocka_unit_test(test_rules_tag_unicode),
        cmocka_unit_test(test_rules_load),
    };
    setvbuf(stdout, NULL, _IOLBF, 0);
    return cmocka_run_group_tests(tests, setup, teardown);
}
