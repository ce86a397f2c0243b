/*
 * fuzz_gazfile.c -- opening and using damaged, truncated or foreign
 * gazetteer files.
 *
 * Input: the bytes of a file.  They are opened from a buffer of their
 * exact size (8-byte aligned, as gaztag_open_memory() wants) without and
 * with GAZTAG_OPEN_VERIFY.  Then a copy whose size field and checksums are
 * set right for its bytes is opened with GAZTAG_OPEN_VERIFY: most
 * mutations would only meet the checksums, and this gets them through to
 * the section checks, the hash functions, the trie and the entries.
 * Every file that opens is used: its information read, its keys walked
 * (gaztag_foreach_key), looked up and their entries read and asked about a
 * text; and a fixed text, then the keys themselves as a text, are tagged
 * whole, in both modes, and streamed.  A damaged file may give
 * GAZTAG_CORRUPT anywhere, never a crash, a hang, a leak or undefined
 * behaviour; the spans of what tags must lie in the text with readable
 * entries.
 */
#include "fuzz.h"

#include "gaztag.h"
#include "gazfile.h"

#include <stdbool.h>
#include <string.h>

#define MAX_FILE (1u << 16)
#define MAX_KEY_TEXT (1u << 14)

static const char fixed_text[] =
    "Le président Vladimir Poutine, à MOSCOU : « la Côte d’Ivoire et "
    "l’Ukraine » ; The Washington Post, New York City Ballet, U.S. AT&T "
    "Bénin Benin nice Nice US us 𝗕𝗼𝗸𝗲́ Ｐａｒｉｓ a b c d e f g h i j k l "
    "\xff\xc3 Kiev\xe2\x80\x99s.";

static bool status_ok(gaztag_status st)
{
    return st == GAZTAG_OK || st == GAZTAG_CORRUPT;
}

static void check_spans(const gaztag_gazetteer *g, const gaztag_span *s,
                        size_t n, const char *buf, size_t base, size_t end)
{
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(s[i].start >= base && s[i].start < s[i].end &&
                   s[i].end <= end && s[i].text == buf + (s[i].start - base),
                   "span [%zu,%zu)", s[i].start, s[i].end);
        for (uint32_t k = 0; k < s[i].n_entries; k++) {
            gaztag_entry e;
            gaztag_status st = gaztag_span_entry(g, &s[i], k, &e);
            FUZZ_CHECK(status_ok(st), "span entry: %s", gaztag_strerror(st));
        }
    }
}

/* Tag text whole and streamed in pieces of 7 bytes, in both modes. */
static void tag(gaztag_tagger *t, const gaztag_gazetteer *g, const char *text,
                size_t len)
{
    char *buf = fuzz_copy(text, len);
    for (unsigned flags = 0; flags <= GAZTAG_TAG_ALL; flags++) {
        const gaztag_span *s;
        size_t n, used, pos = 0, avail = 0;
        gaztag_status st = gaztag_tag_text(t, buf, len, flags, &s, &n);
        FUZZ_CHECK(status_ok(st), "tag: %s", gaztag_strerror(st));
        if (st == GAZTAG_OK)
            check_spans(g, s, n, buf, 0, len);
        while (st == GAZTAG_OK) { /* the available end grows 7 bytes a call */
            avail = avail + 7 < len ? avail + 7 : len;
            unsigned more = avail < len ? GAZTAG_TAG_MORE : 0;
            st = gaztag_tag_stream(t, buf + pos, avail - pos, flags | more, &s,
                                   &n, &used);
            FUZZ_CHECK(status_ok(st), "stream: %s", gaztag_strerror(st));
            if (st == GAZTAG_OK) {
                FUZZ_CHECK(used <= avail - pos, "consumed %zu of %zu", used,
                           avail - pos);
                check_spans(g, s, n, buf + pos, pos, avail);
            }
            pos += used;
            if (!more)
                break;
        }
    }
    free(buf);
}

typedef struct walk {
    const gaztag_gazetteer *g;
    char *text; /* the keys, one a line */
    size_t len;
} walk;

static int visit_key(void *ctx, const char *key, size_t len, uint32_t first,
                     uint32_t count)
{
    walk *w = ctx;
    gaztag_info info;
    uint32_t f, c;
    gaztag_get_info(w->g, &info);
    FUZZ_CHECK((uint64_t)first + count <= info.n_entries && count > 0,
               "key entries %u+%u of %u", first, count, info.n_entries);
    gaztag_status st = gaztag_lookup(w->g, key, len, &f, &c);
    FUZZ_CHECK(status_ok(st), "lookup: %s", gaztag_strerror(st));
    for (uint32_t k = 0; k < count && k < 64; k++) {
        gaztag_entry e;
        st = gaztag_entry_at(w->g, first + k, &e);
        FUZZ_CHECK(status_ok(st), "entry_at: %s", gaztag_strerror(st));
        FUZZ_CHECK(gaztag_entry_refusal(w->g, first + k, key, len) >= -1,
                   "refusal");
    }
    if (w->len + len + 1 <= MAX_KEY_TEXT) {
        memcpy(w->text + w->len, key, len);
        w->len += len;
        w->text[w->len++] = '\n';
    }
    return 0;
}

static void use(const gaztag_gazetteer *g)
{
    gaztag_info info;
    gaztag_tagger *t;
    walk w = {g, malloc(MAX_KEY_TEXT), 0};
    FUZZ_CHECK(w.text != NULL, "out of memory");
    gaztag_get_info(g, &info);
    FUZZ_CHECK(info.norm_flags <= 3 && info.max_phrase_tokens <= 32,
               "info of an opened file");
    gaztag_status st = gaztag_foreach_key(g, visit_key, &w);
    FUZZ_CHECK(status_ok(st), "foreach_key: %s", gaztag_strerror(st));
    FUZZ_CHECK(gaztag_tagger_new(g, &t) == GAZTAG_OK, "tagger");
    tag(t, g, fixed_text, sizeof fixed_text - 1);
    tag(t, g, w.text, w.len);
    gaztag_tagger_free(t);
    free(w.text);
}

static void open_and_use(const uint8_t *data, size_t size, unsigned flags)
{
    gaztag_gazetteer *g;
    gaztag_status st = gaztag_open_memory(data, size, flags, &g);
    FUZZ_CHECK(g != NULL, "no handle");
    FUZZ_CHECK(st == GAZTAG_OK || st == GAZTAG_FORMAT || st == GAZTAG_VERSION ||
               st == GAZTAG_CORRUPT, "open: %s", gaztag_strerror(st));
    FUZZ_CHECK((st == GAZTAG_OK) == (gaztag_errmsg(g)[0] == '\0'),
               "open: %s with message \"%s\"", gaztag_strerror(st),
               gaztag_errmsg(g));
    if (st == GAZTAG_OK)
        use(g);
    else
        FUZZ_CHECK(gaztag_tagger_new(g, &(gaztag_tagger *){NULL}) ==
                   GAZTAG_INVALID, "a tagger over a failed handle");
    gaztag_close(g);
}

/* Set the size field and both checksums right for the bytes. */
static bool fix_up(uint8_t *p, size_t size)
{
    size_t table_end = GZF_HEADER_SIZE + GZF_SECTION_SIZE * GZF_SEC_COUNT;
    if (size < table_end || memcmp(p, GZF_MAGIC, GZF_MAGIC_LEN) != 0)
        return false;
    gzf_wr64(p + GZF_H_FILE_SIZE, size);
    gzf_wr32(p + GZF_H_BODY_CRC, gzf_crc32c(0, p + table_end, size - table_end));
    gzf_wr32(p + GZF_H_HEADER_CRC, gzf_header_crc(p, table_end));
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_FILE)
        return 0;
    /* malloc's alignment is at least 8 on every host gaztag supports */
    uint8_t *copy = (uint8_t *)fuzz_copy(data, size);
    FUZZ_CHECK(((uintptr_t)copy & 7) == 0, "malloc is not 8-byte aligned");
    open_and_use(copy, size, 0);
    open_and_use(copy, size, GAZTAG_OPEN_VERIFY);
    if (fix_up(copy, size) && memcmp(copy, data, size) != 0)
        open_and_use(copy, size, GAZTAG_OPEN_VERIFY);
    free(copy);
    return 0;
}
