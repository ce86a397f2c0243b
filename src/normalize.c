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
        out[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    *key = out;
    return 0;
}

int norm_key(norm_scratch *sc, unsigned flags, const char *s, size_t len,
             bool ascii, const char **key, size_t *keylen)
{
    if (ascii)
        return ascii_key(sc, flags, s, len, key, keylen);
    utf8proc_option_t opt = norm_options(flags);
    for (;;) {
        utf8proc_ssize_t n = utf8proc_decompose_custom(
            (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, sc->cps,
            (utf8proc_ssize_t)sc->cap, opt, NULL, NULL);
        if (n < 0)
            return -1; /* invalid UTF-8 cannot reach here: tokens are valid */
        if ((size_t)n <= sc->cap) {
            n = utf8proc_reencode(sc->cps, n, opt);
            if (n < 0)
                return -1;
            *key = (const char *)sc->cps;
            *keylen = (size_t)n;
            return 0;
        }
        if (gz_grow((void **)&sc->cps, &sc->cap, (size_t)n, sizeof *sc->cps) < 0)
            return -1;
    }
}
