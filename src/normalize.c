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

/* Fill the Latin table for `flags` from utf8proc, one code point at a time. */
static void fill_latin(norm_scratch *sc, unsigned flags)
{
    utf8proc_option_t opt = norm_options(flags);
    for (int32_t cp = NORM_LATIN_FIRST; cp < NORM_LATIN_END; cp++) {
        norm_latin *e = &sc->latin[cp - NORM_LATIN_FIRST];
        int32_t buf[8];
        utf8proc_ssize_t n = utf8proc_decompose_char(cp, buf, 8, opt, NULL);
        e->len = NORM_LATIN_NONE;
        if (n < 0 || n > 3)
            continue;
        bool plain = true;
        for (utf8proc_ssize_t i = 0; i < n; i++)
            plain = plain && buf[i] > 0 && buf[i] < 0x80;
        if (!plain)
            continue;
        for (utf8proc_ssize_t i = 0; i < n; i++)
            e->key[i] = (char)buf[i];
        e->len = (uint8_t)n;
    }
    sc->latin_flags = flags + 1;
}

/* Key a token of ASCII and 2-byte Latin letters through the table; returns
 * 1 if the token needs utf8proc instead, -1 when out of memory. */
static int latin_key(norm_scratch *sc, unsigned flags, const char *s,
                     size_t len, const char **key, size_t *keylen)
{
    const uint8_t *p = (const uint8_t *)s;
    if (sc->latin_flags != flags + 1)
        fill_latin(sc, flags);
    char *out = sc->ascii;
    if (len > sizeof sc->ascii) {
        if (gz_grow((void **)&sc->cps, &sc->cap, (len + 3) / 4, 4) < 0)
            return -1;
        out = (char *)sc->cps;
    }
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = p[i];
        if (c < 0x80) {
            bool fold = !(flags & GAZTAG_CASE_SENSITIVE) && c >= 'A' && c <= 'Z';
            out[n++] = (char)(fold ? c + 32 : c);
            continue;
        }
        if (c < 0xC2 || c > 0xC9 || i + 1 >= len)
            return 1;
        int32_t cp = ((c & 0x1F) << 6) | (p[++i] & 0x3F);
        if (cp >= NORM_LATIN_END) /* before indexing: U+0250..U+027F */
            return 1;
        const norm_latin *e = &sc->latin[cp - NORM_LATIN_FIRST];
        if (e->len == NORM_LATIN_NONE)
            return 1;
        memcpy(out + n, e->key, e->len);
        n += e->len;
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
