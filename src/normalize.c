/*
 * normalize.c -- token keys (see normalize.h).
 */
#include "normalize.h"

#include "alloc.h"
#include "gaztag.h"

#include <string.h>
#include <utf8proc.h>

void norm_scratch_init(norm_scratch *sc)
{
    sc->cps = NULL;
    sc->cap = 0;
    sc->latin_flags = 0;
}

void norm_scratch_free(norm_scratch *sc)
{
    gz_free(sc->cps);
    sc->cps = NULL;
    sc->cap = 0;
}

static utf8proc_option_t norm_options(unsigned flags)
{
    utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPAT |
                            UTF8PROC_COMPOSE;
    if (!(flags & GAZTAG_CASE_SENSITIVE))
        opt |= UTF8PROC_CASEFOLD;
    if (!(flags & GAZTAG_KEEP_ACCENTS))
        opt |= UTF8PROC_STRIPMARK;
    return opt;
}

/* ASCII: NFKC is the identity, so only case folding is left. */
static int ascii_key(norm_scratch *sc, unsigned flags, const char *s,
                     size_t len, const char **key, size_t *keylen)
{
    *keylen = len;
    *key = s;
    if (flags & GAZTAG_CASE_SENSITIVE)
        return 0;
    size_t i = 0;
    while (i < len && !(s[i] >= 'A' && s[i] <= 'Z'))
        i++;
    if (i == len)
        return 0; /* already lower case: no copy */
    char *out = sc->ascii;
    if (len > sizeof sc->ascii) {
        if (gz_grow((void **)&sc->cps, &sc->cap, (len + 3) / 4, 4) < 0)
            return -1;
        out = (char *)sc->cps;
    }
    for (i = 0; i < len; i++) {
        char c = s[i];
        out[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    *key = out;
    return 0;
}

/* The full path: utf8proc decomposition, folding and recomposition. */
static int unicode_key(norm_scratch *sc, unsigned flags, const char *s,
                       size_t len, const char **key, size_t *keylen)
{
    utf8proc_option_t opt = norm_options(flags);
    for (;;) {
        utf8proc_ssize_t n = utf8proc_decompose_custom(
            (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, sc->cps,
            (utf8proc_ssize_t)sc->cap, opt, NULL, NULL);
        if (n < 0)
            return -1; /* invalid UTF-8 cannot reach here: tokens are valid */
        if (n == 0) { /* only marks, stripped: the empty key */
            *key = sc->ascii;
            *keylen = 0;
            return 0;
        }
        /* < and + 1 below: utf8proc_reencode writes a NUL after the key,
         * which needs one more byte when the key is 4 bytes a code point. */
        if ((size_t)n < sc->cap) {
            n = utf8proc_reencode(sc->cps, n, opt);
            if (n < 0)
                return -1;
            *key = (const char *)sc->cps;
            *keylen = (size_t)n;
            return 0;
        }
        if (gz_grow((void **)&sc->cps, &sc->cap, (size_t)n + 1,
                    sizeof *sc->cps) < 0)
            return -1;
    }
}

/* The table slot of cp, or NULL when the table does not cover it. */
static norm_latin *table_slot(norm_scratch *sc, int32_t cp)
{
    if (cp >= NORM_LATIN_FIRST && cp < NORM_LATIN_END)
        return &sc->latin[cp - NORM_LATIN_FIRST];
    if (cp >= NORM_EXT_FIRST && cp < NORM_EXT_END)
        return &sc->latin[NORM_LATIN_END - NORM_LATIN_FIRST + cp - NORM_EXT_FIRST];
    return NULL;
}

static bool is_starter(int32_t cp)
{
    return utf8proc_get_property(cp)->combining_class == 0;
}

/* Whether every code point of the valid UTF-8 key[0..len) is a starter. */
static bool all_starters(const char *key, size_t len)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)key;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || !is_starter(cp))
            return false;
        i += (size_t)n;
    }
    return true;
}

/* Fill the table of one code point with its key, as the full path gives
 * it, if the key is short and it and its key are starters. */
static void fill_one(norm_scratch *sc, unsigned flags, int32_t cp)
{
    norm_latin *e = table_slot(sc, cp);
    utf8proc_uint8_t text[4];
    const char *key;
    size_t klen;
    e->len = NORM_LATIN_NONE;
    if (!is_starter(cp))
        return;
    utf8proc_ssize_t n = utf8proc_encode_char(cp, text);
    if (n <= 0 || unicode_key(sc, flags, (const char *)text, (size_t)n, &key,
                              &klen) < 0)
        return; /* (no memory: utf8proc will be asked each time) */
    if (klen > NORM_LATIN_KEY || !all_starters(key, klen))
        return;
    memcpy(e->key, key, klen);
    e->len = (uint8_t)klen;
}

/* Fill the table for `flags` from utf8proc, one code point at a time. */
static void fill_latin(norm_scratch *sc, unsigned flags)
{
    for (int32_t cp = NORM_LATIN_FIRST; cp < NORM_LATIN_END; cp++)
        fill_one(sc, flags, cp);
    for (int32_t cp = NORM_EXT_FIRST; cp < NORM_EXT_END; cp++)
        fill_one(sc, flags, cp);
    sc->latin_flags = flags + 1;
}

/* The code point of the 2- or 3-byte sequence at p[i..len) that the table
 * may cover, and its length; 0 for any other byte sequence. */
static size_t table_seq(const uint8_t *p, size_t i, size_t len, int32_t *cp)
{
    uint8_t c = p[i];
    if (c >= 0xC2 && c <= 0xD3 && i + 1 < len && (p[i + 1] & 0xC0) == 0x80) {
        *cp = ((c & 0x1F) << 6) | (p[i + 1] & 0x3F);
        return 2;
    }
    if (c == 0xE1 && i + 2 < len && p[i + 1] >= 0xB8 && p[i + 1] <= 0xBB &&
        (p[i + 2] & 0xC0) == 0x80) {
        *cp = 0x1000 | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
        return 3;
    }
    return 0;
}

/* Key a token of ASCII and table letters through the table; returns 1 if
 * the token needs utf8proc instead, -1 when out of memory. */
static int latin_key(norm_scratch *sc, unsigned flags, const char *s,
                     size_t len, const char **key, size_t *keylen)
{
    const uint8_t *p = (const uint8_t *)s;
    if (sc->latin_flags != flags + 1)
        fill_latin(sc, flags);
    /* Keys are at most NORM_LATIN_KEY / 2 bytes a byte of text (a 2-byte
     * letter), so this much room is always enough. */
    size_t room = len * (NORM_LATIN_KEY / 2 + 1);
    char *out = sc->ascii;
    if (room > sizeof sc->ascii) {
        if (gz_grow((void **)&sc->cps, &sc->cap, (room + 3) / 4, 4) < 0)
            return -1;
        out = (char *)sc->cps;
    }
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        uint8_t c = p[i];
        if (c < 0x80) {
            bool fold = !(flags & GAZTAG_CASE_SENSITIVE) && c >= 'A' && c <= 'Z';
            out[n++] = (char)(fold ? c + 32 : c);
            i++;
            continue;
        }
        int32_t cp;
        size_t k = table_seq(p, i, len, &cp);
        if (k == 0)
            return 1;
        const norm_latin *e = table_slot(sc, cp);
        if (e->len == NORM_LATIN_NONE)
            return 1;
        memcpy(out + n, e->key, e->len);
        n += e->len;
        i += k;
    }
    *key = out;
    *keylen = n;
    return 0;
}

int norm_key(norm_scratch *sc, unsigned flags, const char *s, size_t len,
             bool ascii, const char **key, size_t *keylen)
{
    if (ascii)
        return ascii_key(sc, flags, s, len, key, keylen);
    int rc = latin_key(sc, flags, s, len, key, keylen);
    if (rc <= 0)
        return rc;
    return unicode_key(sc, flags, s, len, key, keylen);
}
