/*
 * test_threads.c -- one gazetteer shared by many threads, as gaztag.h
 * promises: the handle is immutable, each thread has its own tagger.
 *
 * The main thread computes every case's spans alone first (the reference).
 * Then THREADS threads each create their own taggers over the same handles
 * (a tagger over the fixture gazetteer, mapped from a file, and a layered
 * tagger over it and an overlay opened from memory) and tag every text in
 * every mode ITERATIONS times, in an order of their own, comparing each
 * result with the reference field by field.  Workers never call cmocka (it
 * is not thread-safe): they count mismatches and keep the first one's
 * description, which the main thread reports.  CI also runs this program
 * built with -fsanitize=thread, which sees races the comparison cannot.
 * GAZTAG_THREAD_ITERATIONS overrides the number of iterations.
 */
#define _XOPEN_SOURCE 700 /* mkstemp */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "gaztag.h"
#include "support.h"

#define THREADS 8
#define DEFAULT_ITERATIONS 40
#define MAX_SPANS 4096
#define STREAM_PIECE 61 /* bytes added to a stream per call: odd on purpose */

/* A newsroom overlay over fixture.tsv: a removal, a replacement of the same
 * extent, new names, and a cap entry. */
static const char overlay_tsv[] =
    "Kiev\tPLACE\t\t\t-\n"
    "Washington Post\tOUTLET\toutlet:wapo-news\tWaPo\n"
    "Moscou\tPLACE\tplace:moskva\tMoskva\n"
    "Guinée\tPLACE\tplace:guinea\tGuinea\n"
    "Mohamed Dabo\tPERSON\tper:dabo\tMohamed Dabo\n"
    "Nice\tPLACE\tplace:nice\tNice\tcap\n"
    "Union africaine des télécommunications\tORG\torg:uat\n";

enum { KIND_PLAIN, KIND_LAYERED, N_KINDS };
enum { MODE_LONGEST, MODE_ALL, MODE_STREAM, N_MODES };
#define N_TEXTS 5

/* What a span says, copied out of the tagger's array. */
typedef struct span_copy {
    size_t start, end, cstart, cend, ustart, uend;
    const char *text, *label, *id, *canonical;
    uint32_t n_entries;
    const gaztag_gazetteer *gazetteer;
} span_copy;

typedef struct result {
    span_copy *spans;
    size_t n;
} result;

typedef struct suite {
    void *overlay_image;
    char path[64];
    gaztag_gazetteer *base, *overlay;
    char *texts[N_TEXTS];
    size_t lens[N_TEXTS];
    result want[N_KINDS][N_TEXTS][N_MODES];
    unsigned iterations;
} suite;

typedef struct worker {
    const suite *s;
    pthread_t thread;
    unsigned index;
    size_t calls, mismatches;
    char first[512];
} worker;

static const unsigned mode_flags[N_MODES] = {0, GAZTAG_TAG_ALL, 0};

/* ------------------------------------------------------------ the texts */

/* Names of both gazetteers, near misses, punctuation and invalid bytes,
 * drawn with a fixed seed: about `len` bytes of varied text. */
static char *random_text(uint64_t seed, size_t len, size_t *out_len)
{
    static const char *const words[] = {
        "Kiev", "Kievan", "Moscou", "MOSCOU", "Washington", "Post",
        "Washington Post", "Washington. Post", "Vladimir Poutine",
        "Poutine", "Dmitri Peskov", "Côte d’Ivoire", "Haut‑Karabakh",
        "l’Ukraine", "Union africaine", "Boke\xCC\x81", "𝗖𝗼𝗻𝗮𝗸𝗿𝘆", "AGP",
        "APS", "Guinée", "Mohamed Dabo", "Nice", "nice", "le", "de", "et",
        "président", "«\xC2\xA0", "\xC2\xA0»", ",", ".", "\n", "\xFF",
        "\xE2\x82", "Union africaine des télécommunications"};
    const size_t n_words = sizeof words / sizeof words[0];
    rng r = {seed};
    char *buf = malloc(len + 64);
    size_t n = 0;
    assert_non_null(buf);
    while (n < len) {
        const char *w = words[rng_next(&r) % n_words];
        size_t l = strlen(w);
        memcpy(buf + n, w, l);
        n += l;
        buf[n++] = rng_next(&r) % 5 ? ' ' : '\n';
    }
    buf[n] = '\0';
    *out_len = n;
    return buf;
}

static char *repeat_text(const char *text, size_t len, size_t times,
                         size_t *out_len)
{
    char *buf = malloc(len * times + 1);
    assert_non_null(buf);
    for (size_t i = 0; i < times; i++)
        memcpy(buf + i * len, text, len);
    buf[len * times] = '\0';
    *out_len = len * times;
    return buf;
}

static void load_texts(suite *s)
{
    s->texts[0] = support_read_file(GAZTAG_TEST_DATA "/article_fr.txt",
                                    &s->lens[0]);
    assert_non_null(s->texts[0]);
    s->texts[1] = repeat_text(s->texts[0], s->lens[0], 25, &s->lens[1]);
    s->texts[2] = random_text(42, 6000, &s->lens[2]);
    s->texts[3] = random_text(7, 300, &s->lens[3]);
    s->texts[4] = repeat_text("", 0, 1, &s->lens[4]); /* empty */
}

/* -------------------------------------------------------------- tagging */

static bool copy_spans(const gaztag_span *spans, size_t n, result *out)
{
    if (out->n + n > MAX_SPANS)
        return false;
    for (size_t i = 0; i < n; i++) {
        const gaztag_span *sp = &spans[i];
        out->spans[out->n++] = (span_copy){
            sp->start, sp->end, sp->cstart, sp->cend, sp->ustart, sp->uend,
            sp->text, sp->entry.label, sp->entry.id, sp->entry.canonical,
            sp->n_entries, sp->gazetteer};
    }
    return true;
}

/* The text as a stream growing by STREAM_PIECE bytes a call. */
static bool tag_stream(gaztag_tagger *t, const char *text, size_t len,
                       result *out)
{
    size_t pos = 0, avail = 0;
    for (;;) {
        avail = avail + STREAM_PIECE < len ? avail + STREAM_PIECE : len;
        unsigned f = avail < len ? GAZTAG_TAG_MORE : 0;
        const gaztag_span *spans;
        size_t n, used;
        if (gaztag_tag_stream(t, text + pos, avail - pos, f, &spans, &n,
                              &used) != GAZTAG_OK ||
            !copy_spans(spans, n, out))
            return false;
        pos += used;
        if (avail == len)
            return true;
    }
}

/* Tag one case into `out` (whose array holds MAX_SPANS); false on failure. */
static bool tag_case(gaztag_tagger *t, const char *text, size_t len,
                     int mode, result *out)
{
    const gaztag_span *spans;
    size_t n;
    out->n = 0;
    if (mode == MODE_STREAM)
        return tag_stream(t, text, len, out);
    return gaztag_tag_text(t, text, len, mode_flags[mode], &spans, &n) ==
               GAZTAG_OK && copy_spans(spans, n, out);
}

static bool same_string(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_span(const span_copy *a, const span_copy *b)
{
    return a->start == b->start && a->end == b->end &&
           a->cstart == b->cstart && a->cend == b->cend &&
           a->ustart == b->ustart && a->uend == b->uend &&
           a->text == b->text && same_string(a->label, b->label) &&
           same_string(a->id, b->id) &&
           same_string(a->canonical, b->canonical) &&
           a->n_entries == b->n_entries && a->gazetteer == b->gazetteer;
}

/* Index of the first difference, or SIZE_MAX when equal. */
static size_t first_difference(const result *got, const result *want)
{
    size_t n = got->n < want->n ? got->n : want->n;
    for (size_t i = 0; i < n; i++)
        if (!same_span(&got->spans[i], &want->spans[i]))
            return i;
    return got->n == want->n ? SIZE_MAX : n;
}

static gaztag_status new_tagger(const suite *s, int kind, gaztag_tagger **t)
{
    const gaztag_gazetteer *layers[2] = {s->base, s->overlay};
    if (kind == KIND_PLAIN)
        return gaztag_tagger_new(s->base, t);
    return gaztag_tagger_new_layered(layers, 2, t);
}

/* --------------------------------------------------------------- workers */

static void note_mismatch(worker *w, int kind, int text, int mode,
                          const result *got, const result *want, size_t at)
{
    if (w->mismatches++ == 0)
        snprintf(w->first, sizeof w->first,
                 "thread %u: kind %d text %d mode %d: %zu spans, want %zu; "
                 "first difference at span %zu", w->index, kind, text, mode,
                 got->n, want->n, at);
}

/* One pass over every case in an order drawn from the thread's seed. */
static void run_pass(worker *w, gaztag_tagger *taggers[N_KINDS], rng *r,
                     result *got)
{
    const suite *s = w->s;
    const unsigned n_cases = N_KINDS * N_TEXTS * N_MODES;
    unsigned offset = (unsigned)(rng_next(r) % n_cases);
    for (unsigned c = 0; c < n_cases; c++) {
        unsigned k = (c + offset) % n_cases;
        int kind = (int)(k / (N_TEXTS * N_MODES));
        int text = (int)(k / N_MODES % N_TEXTS), mode = (int)(k % N_MODES);
        const result *want = &s->want[kind][text][mode];
        w->calls++;
        if (!tag_case(taggers[kind], s->texts[text], s->lens[text], mode, got)) {
            note_mismatch(w, kind, text, mode, got, want, 0);
            continue;
        }
        size_t at = first_difference(got, want);
        if (at != SIZE_MAX)
            note_mismatch(w, kind, text, mode, got, want, at);
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    gaztag_tagger *taggers[N_KINDS] = {NULL, NULL};
    result got = {malloc(MAX_SPANS * sizeof(span_copy)), 0};
    rng r = {0x5eed0000u + w->index};
    for (unsigned it = 0; got.spans && it < w->s->iterations; it++) {
        /* New taggers now and then: creation races with others' tagging. */
        if (it % 16 == 0) {
            for (int k = 0; k < N_KINDS; k++) {
                gaztag_tagger_free(taggers[k]);
                taggers[k] = NULL;
                if (new_tagger(w->s, k, &taggers[k]) != GAZTAG_OK) {
                    snprintf(w->first, sizeof w->first, "thread %u: no tagger",
                             w->index);
                    w->mismatches++;
                    goto done;
                }
            }
        }
        run_pass(w, taggers, &r, &got);
    }
done:
    if (!got.spans) {
        snprintf(w->first, sizeof w->first, "thread %u: out of memory", w->index);
        w->mismatches++;
    }
    for (int k = 0; k < N_KINDS; k++)
        gaztag_tagger_free(taggers[k]);
    free(got.spans);
    return NULL;
}

/* ----------------------------------------------------------------- setup */

static void *compile(const char *name, const char *tsv, const char *path,
                     size_t *len)
{
    gaztag_builder *b;
    void *image = NULL;
    assert_int_equal(gaztag_builder_new(0, &b), GAZTAG_OK);
    if (path)
        assert_int_equal(gaztag_builder_add_file(b, path), GAZTAG_OK);
    else
        assert_int_equal(gaztag_builder_add_tsv(b, name, tsv, strlen(tsv)),
                         GAZTAG_OK);
    assert_int_equal(gaztag_builder_compile(b, &image, len), GAZTAG_OK);
    gaztag_builder_free(b);
    return image;
}

static void open_gazetteers(suite *s)
{
    size_t len;
    void *base = compile("fixture", NULL, GAZTAG_TEST_DATA "/fixture.tsv", &len);
    /* The base is mapped from a file, as the program does. */
    snprintf(s->path, sizeof s->path, "/tmp/gaztag-threads-XXXXXX");
    int fd = mkstemp(s->path);
    assert_true(fd >= 0);
    close(fd);
    support_write_file(s->path, base, len);
    gaztag_buffer_free(base);
    assert_int_equal(gaztag_open(s->path, GAZTAG_OPEN_VERIFY, &s->base),
                     GAZTAG_OK);
    s->overlay_image = compile("overlay", overlay_tsv, NULL, &len);
    assert_int_equal(gaztag_open_memory(s->overlay_image, len, 0, &s->overlay),
                     GAZTAG_OK);
}

/* The reference: every case tagged by one thread with fresh taggers. */
static void compute_reference(suite *s)
{
    for (int kind = 0; kind < N_KINDS; kind++) {
        gaztag_tagger *t;
        assert_int_equal(new_tagger(s, kind, &t), GAZTAG_OK);
        for (int i = 0; i < N_TEXTS; i++)
            for (int m = 0; m < N_MODES; m++) {
                result *r = &s->want[kind][i][m];
                r->spans = malloc(MAX_SPANS * sizeof(span_copy));
                assert_non_null(r->spans);
                assert_true(tag_case(t, s->texts[i], s->lens[i], m, r));
            }
        gaztag_tagger_free(t);
    }
}

static int setup(void **state)
{
    suite *s = calloc(1, sizeof *s);
    const char *env = getenv("GAZTAG_THREAD_ITERATIONS");
    assert_non_null(s);
    s->iterations = env ? (unsigned)strtoul(env, NULL, 10) : DEFAULT_ITERATIONS;
    open_gazetteers(s);
    load_texts(s);
    compute_reference(s);
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    suite *s = *state;
    for (int k = 0; k < N_KINDS; k++)
        for (int i = 0; i < N_TEXTS; i++)
            for (int m = 0; m < N_MODES; m++)
                free(s->want[k][i][m].spans);
    for (int i = 0; i < N_TEXTS; i++)
        free(s->texts[i]);
    gaztag_close(s->base);
    gaztag_close(s->overlay);
    gaztag_buffer_free(s->overlay_image);
    remove(s->path);
    free(s);
    return 0;
}

/* ----------------------------------------------------------------- tests */

/* The reference itself must be worth comparing against: the article's 17
 * spans (test_tagger.c checks their offsets), the overlay changing them,
 * streams equal to whole texts. */
static void test_reference_is_meaningful(void **state)
{
    suite *s = *state;
    const result *plain = &s->want[KIND_PLAIN][0][MODE_LONGEST];
    const result *layered = &s->want[KIND_LAYERED][0][MODE_LONGEST];
    assert_int_equal(plain->n, 17);
    assert_int_equal(s->want[KIND_PLAIN][1][MODE_LONGEST].n, 17 * 25);
    assert_true(s->want[KIND_PLAIN][2][MODE_LONGEST].n > 300);
    assert_true(s->want[KIND_PLAIN][0][MODE_ALL].n > plain->n);
    assert_int_not_equal(first_difference(layered, plain), SIZE_MAX);
    for (int k = 0; k < N_KINDS; k++)
        for (int i = 0; i < N_TEXTS; i++)
            assert_int_equal(first_difference(&s->want[k][i][MODE_STREAM],
                                              &s->want[k][i][MODE_LONGEST]),
                             SIZE_MAX);
    bool overlay_span = false;
    for (size_t i = 0; i < s->want[KIND_LAYERED][2][MODE_LONGEST].n; i++)
        overlay_span |= s->want[KIND_LAYERED][2][MODE_LONGEST].spans[i].gazetteer ==
                        s->overlay;
    assert_true(overlay_span);
}

static void test_threads_agree(void **state)
{
    suite *s = *state;
    worker w[THREADS];
    for (unsigned i = 0; i < THREADS; i++) {
        w[i] = (worker){.s = s, .index = i};
        assert_int_equal(pthread_create(&w[i].thread, NULL, worker_main, &w[i]),
                         0);
    }
    size_t calls = 0, mismatches = 0;
    const char *first = NULL;
    for (unsigned i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(w[i].thread, NULL), 0);
        calls += w[i].calls;
        mismatches += w[i].mismatches;
        if (w[i].mismatches && !first)
            first = w[i].first;
    }
    if (mismatches)
        fail_msg("%zu of %zu results differ from one thread's; %s",
                 mismatches, calls, first);
    assert_int_equal(calls, (size_t)THREADS * s->iterations * N_KINDS *
                                N_TEXTS * N_MODES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_is_meaningful),
        cmocka_unit_test(test_threads_agree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
