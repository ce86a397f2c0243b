/*
 * fuzz_source.c -- TSV sources and the compiler on any bytes.
 *
 * Input: byte 0 chooses the folding (bits 0 and 1), whether the bytes up
 * to the first NUL are a common-word list (bit 2; gaztag_builder_add_common)
 * and whether the source is cut in two at its middle, added as two files
 * (bit 3); the rest is the TSV source.  Checks: no crash, leak or undefined
 * behaviour; add_tsv returns OK or GAZTAG_SOURCE; a refusal's message is
 * one line "NAME:LINE: reason" naming the source and a line it has, and
 * the builder then refuses everything with the same status; warnings are
 * "NAME:LINE: warning: ...".  An accepted source compiles, to the same
 * bytes when compiled again; the image opens with GAZTAG_OPEN_VERIFY, and
 * a fixed text and the source itself are tagged in both modes (spans in
 * bounds, every entry readable), its keys walked and looked up.
 */
#include "fuzz.h"

#include "gaztag.h"

#include <stdbool.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_INPUT 8192

static const char fixed_text[] =
    "Le président Vladimir Poutine, à MOSCOU le 3 mars : « La Côte d’Ivoire "
    "et l’Ukraine » ; The Washington Post, U.S. and AT&T, Bénin, Benin, nice "
    "Nice US us 𝗕𝗼𝗸𝗲́ Ｐａｒｉｓ New York City Ballet \xff\xc3 Kiev\xe2\x80\x99s.";

typedef struct source {
    const char *name, *data;
    size_t len;
} source;

static size_t lines_of(const char *s, size_t len)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    return n;
}

/* "NAME:LINE: " with LINE from 1 to the lines of a source named NAME;
 * returns what follows, or NULL. */
static const char *after_prefix(const char *msg, const source *src,
                                size_t n_src)
{
    for (size_t i = 0; i < n_src; i++) {
        size_t k = strlen(src[i].name);
        if (strncmp(msg, src[i].name, k) != 0 || msg[k] != ':')
            continue;
        const char *p = msg + k + 1;
        size_t line = 0, digits = 0;
        while (*p >= '0' && *p <= '9' && digits < 12) {
            line = line * 10 + (size_t)(*p++ - '0');
            digits++;
        }
        if (digits && line >= 1 && line <= lines_of(src[i].data, src[i].len) &&
            p[0] == ':' && p[1] == ' ' && p[2] != '\0')
            return p + 2;
    }
    return NULL;
}

static void check_messages(gaztag_builder *b, gaztag_status st,
                           const source *src, size_t n_src)
{
    for (size_t i = 0; i < gaztag_builder_warning_count(b); i++) {
        const char *w = gaztag_builder_warning(b, i), *rest;
        FUZZ_CHECK(w && (rest = after_prefix(w, src, n_src)) &&
                   strncmp(rest, "warning: ", 9) == 0 && !strchr(w, '\n'),
                   "warning \"%s\"", w ? w : "(null)");
    }
    if (st == GAZTAG_OK)
        return;
    const char *msg = gaztag_builder_errmsg(b);
    FUZZ_CHECK(after_prefix(msg, src, n_src) && !strchr(msg, '\n'),
               "error message \"%s\"", msg);
    void *image;
    size_t len;
    FUZZ_CHECK(gaztag_builder_compile(b, &image, &len) == st && !image,
               "a builder that refused a source compiles");
    FUZZ_CHECK(gaztag_builder_add_tsv(b, "more.tsv", "a\tB\n", 4) == st,
               "a builder that refused a source takes more");
}

/* Build from the sources; *image is NULL when a source was refused. */
static void build(const uint8_t *data, size_t size, void **image,
                  size_t *len)
{
    unsigned opts = data[0];
    const char *rest = (const char *)data + 1, *nul;
    size_t rest_len = size - 1;
    gaztag_builder *b;
    source src[2];
    size_t n_src = 0;
    FUZZ_CHECK(gaztag_builder_new(opts & 3u, &b) == GAZTAG_OK, "builder");
    gaztag_status st = GAZTAG_OK;
    if ((opts & 4u) && (nul = memchr(rest, '\0', rest_len))) {
        size_t n = (size_t)(nul - rest);
        st = gaztag_builder_add_common(b, "common.txt", rest, n);
        FUZZ_CHECK(st == GAZTAG_OK, "add_common: %s", gaztag_strerror(st));
        rest += n + 1;
        rest_len -= n + 1;
    }
    size_t cut = (opts & 8u) ? rest_len / 2 : rest_len;
    src[n_src++] = (source){"one.tsv", rest, cut};
    if (opts & 8u)
        src[n_src++] = (source){"two.tsv", rest + cut, rest_len - cut};
    for (size_t i = 0; i < n_src && st == GAZTAG_OK; i++) {
        st = gaztag_builder_add_tsv(b, src[i].name, src[i].data, src[i].len);
        FUZZ_CHECK(st == GAZTAG_OK || st == GAZTAG_SOURCE, "add_tsv: %s",
                   gaztag_strerror(st));
    }
    check_messages(b, st, src, n_src);
    *image = NULL;
    if (st == GAZTAG_OK) {
        st = gaztag_builder_compile(b, image, len);
        FUZZ_CHECK(st == GAZTAG_OK, "compile: %s: %s", gaztag_strerror(st),
                   gaztag_builder_errmsg(b));
    }
    gaztag_builder_free(b);
}

static void tag(gaztag_tagger *t, const gaztag_gazetteer *g, const char *text,
                size_t len)
{
    char *buf = fuzz_copy(text, len);
    for (unsigned flags = 0; flags <= GAZTAG_TAG_ALL; flags++) {
        const gaztag_span *s;
        size_t n;
        FUZZ_CHECK(gaztag_tag_text(t, buf, len, flags, &s, &n) == GAZTAG_OK,
                   "tag");
        for (size_t i = 0; i < n; i++) {
            gaztag_entry e;
            FUZZ_CHECK(s[i].start < s[i].end && s[i].end <= len &&
                       s[i].text == buf + s[i].start && s[i].n_entries > 0,
                       "span [%zu,%zu)", s[i].start, s[i].end);
            for (uint32_t k = 0; k < s[i].n_entries; k++)
                FUZZ_CHECK(gaztag_span_entry(g, &s[i], k, &e) == GAZTAG_OK &&
                           e.label && e.label[0], "span entry");
        }
    }
    free(buf);
}

/* Keys of ASCII words only, single spaces between them (a token may key
 * to a space: U+00AF MACRON is " " once its mark is stripped). */
static bool plain_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool space_ok = c == ' ' && i > 0 && i + 1 < len && s[i - 1] != ' ';
        if (!(space_ok || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
              (c >= 'A' && c <= 'Z')))
            return false;
    }
    return true;
}

/* Does s[0..len) hold a letter whose compatibility form holds a space
 * (U+FE7A ARABIC KASRA ISOLATED FORM is U+0020 U+0650)?  Such a letter
 * stays in its token, whose key then holds a space (gaztag.h,
 * gaztag_normalize): "xLeﹺint" is the one-token key "xle int", which a
 * lookup of that text (two tokens) does not find. */
static bool has_compat_space(const uint8_t *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp, d[32];
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i),
                                              &cp);
        if (n <= 0) {
            i++;
            continue;
        }
        i += (size_t)n;
        if (cp < 0x80)
            continue;
        int last = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char(
            cp, d, 32, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last);
        for (utf8proc_ssize_t j = 0; j < k && j < 32; j++)
            if (d[j] == ' ')
                return true;
    }
    return false;
}

static bool compat_space; /* has_compat_space() of the current input */

/* Every key's entries are readable; a key of ASCII words is found again by
 * gaztag_lookup (others may not be: the key of `℅` is `c/o`, three tokens
 * when looked up; a key with a space may be one token's, see above). */
static int check_key(void *ctx, const char *key, size_t len, uint32_t first,
                     uint32_t count)
{
    const gaztag_gazetteer *g = ctx;
    uint32_t f, c;
    FUZZ_CHECK(gaztag_lookup(g, key, len, &f, &c) == GAZTAG_OK, "lookup");
    FUZZ_CHECK((f == first && c == count) || !plain_ascii(key, len) ||
                   (compat_space && memchr(key, ' ', len)),
               "key \"%.*s\": lookup %u+%u, walk %u+%u", (int)len, key, f, c,
               first, count);
    for (uint32_t k = 0; k < count; k++) {
        gaztag_entry e;
        FUZZ_CHECK(gaztag_entry_at(g, first + k, &e) == GAZTAG_OK, "entry");
        FUZZ_CHECK(gaztag_entry_accepts(g, first + k, key, len) >= 0, "accepts");
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > MAX_INPUT)
        return 0;
    void *image, *again;
    size_t len, again_len;
    build(data, size, &image, &len);
    if (!image)
        return 0;
    build(data, size, &again, &again_len);
    FUZZ_CHECK(again && again_len == len && memcmp(image, again, len) == 0,
               "the same sources compiled to other bytes");
    gaztag_buffer_free(again);
    gaztag_gazetteer *g;
    gaztag_tagger *t;
    FUZZ_CHECK(gaztag_open_memory(image, len, GAZTAG_OPEN_VERIFY, &g) ==
               GAZTAG_OK, "open: %s", gaztag_errmsg(g));
    FUZZ_CHECK(gaztag_tagger_new(g, &t) == GAZTAG_OK, "tagger");
    tag(t, g, fixed_text, sizeof fixed_text - 1);
    tag(t, g, (const char *)data + 1, size - 1);
    compat_space = has_compat_space(data + 1, size - 1);
    FUZZ_CHECK(gaztag_foreach_key(g, check_key, g) == GAZTAG_OK, "keys");
    gaztag_tagger_free(t);
    gaztag_close(g);
    gaztag_buffer_free(image);
    return 0;
}
