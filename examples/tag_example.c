/*
 * tag_example.c -- the smallest program over an installed libgaztag: open a
 * gazetteer, tag one sentence, print its spans, one a line:
 *
 *   START END TEXT LABEL [ID]
 *
 * (byte offsets, half-open).  Usage: tag_example GAZ [TEXT]; without TEXT a
 * French sentence of our own is tagged.  Build it with pkg-config
 *
 *   cc tag_example.c $(pkg-config --cflags --libs gaztag) -o tag_example
 *
 * or with CMake (examples/CMakeLists.txt): find_package(gaztag REQUIRED)
 * and target_link_libraries(tag_example PRIVATE gaztag::gaztag).  The
 * installed default gazetteer is `pkg-config --variable=default_gazetteer
 * gaztag`, or ${GAZTAG_DEFAULT_GAZETTEER} in CMake.
 */
#include <gaztag.h>

#include <stdio.h>
#include <string.h>

static const char sentence[] =
    "Vladimir Poutine a reçu à Moscou le président de la Guinée, "
    "selon le Washington Post.";

static void print_spans(const gaztag_span *spans, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const gaztag_span *s = &spans[i];
        printf("%zu %zu %.*s %s%s%s\n", s->start, s->end,
               (int)(s->end - s->start), s->text, s->entry.label,
               s->entry.id ? " " : "", s->entry.id ? s->entry.id : "");
    }
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: tag_example GAZ [TEXT]\n");
        return 2;
    }
    const char *text = argc == 3 ? argv[2] : sentence;
    gaztag_gazetteer *g = NULL;
    gaztag_tagger *t = NULL;
    const gaztag_span *spans;
    size_t n;
    int rc = 1;

    if (gaztag_open(argv[1], 0, &g) != GAZTAG_OK) {
        /* The message names the file and says why. */
        fprintf(stderr, "tag_example: %s\n", g ? gaztag_errmsg(g) : "out of memory");
        goto done;
    }
    if (gaztag_tagger_new(g, &t) != GAZTAG_OK ||
        gaztag_tag_text(t, text, strlen(text), 0, &spans, &n) != GAZTAG_OK) {
        fprintf(stderr, "tag_example: tagging failed\n");
        goto done;
    }
    print_spans(spans, n);
    rc = 0;
done:
    gaztag_tagger_free(t);
    gaztag_close(g);
    return rc;
}
