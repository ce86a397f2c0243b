/*
 * normalize.c -- token keys (see normalize.h).
 */
#include "normalize.h"

#include "alloc.h"
#include "gaztag.h"

#include <string.h>
#include <threads.h>
#include <utf8proc.h>

void norm_scratch_init(norm_scratch *sc)
{
    sc->cps = NULL;
    sc->cap = 0;
    sc->table = NULL;
    sc->table_flags = 0;
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

/* The index of cp in a table, or -1 when the tables do not cover it. */
static int table_index(int32_t cp)
{
    if (cp >= NORM_LATIN_FIRST && cp < NORM_LATIN_END)
        return cp - NORM_LATIN_FIRST;
    if (cp >= NORM_EXT_FIRST && cp < NORM_EXT_END)
        return NORM_LATIN_END - NORM_LATIN_FIRST + cp - NORM_EXT_FIRST;
    return -1;
}

static bool is_starter(int32_t cp)
{
    return utf8proc_get_property(cp)->combining_class == 0;
}

/* Whether every code point of the valid UTF-8 key[0..len) is a starter. */
static bool all_starters(const uint8_t *key, size_t len)
{
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(key + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || !is_starter(cp))
            return false;
        i += (size_t)n;
    }
    return true;
}

/* The table entry of cp: its key as the full path gives it (decomposed,
 * folded, recomposed and encoded, in a fixed buffer), if the key is short
 * and it and every code point of its key are starters. */
static norm_latin table_entry(utf8proc_option_t opt, int32_t cp)
{
    norm_latin e = {.len = NORM_LATIN_NONE};
    utf8proc_int32_t buf[16];
    if (!is_starter(cp))
        return e;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, buf, 16, opt, NULL);
    if (n < 0 || n > 15) /* (reencode writes a NUL after the key) */
        return e;
    n = utf8proc_reencode(buf, n, opt);
    if (n < 0 || n > NORM_LATIN_KEY || !all_starters((const uint8_t *)buf, (size_t)n))
        return e;
    memcpy(e.key, buf, (size_t)n);
    e.len = (uint8_t)n;
    return e;
}

/* The four folding modes' tables (case-sensitive, keep accents). */
static norm_latin tables[4][NORM_TABLE_SIZE];
static once_flag table_once[4] = {ONCE_FLAG_INIT, ONCE_FLAG_INIT, ONCE_FLAG_INIT,
                                  ONCE_FLAG_INIT};

static unsigned mode_of(unsigned flags)
{
    return ((flags & GAZTAG_CASE_SENSITIVE) ? 1u : 0u) |
           ((flags & GAZTAG_KEEP_ACCENTS) ? 2u : 0u);
}

static void fill_table(unsigned mode)
{
    utf8proc_option_t opt = norm_options(((mode & 1) ? GAZTAG_CASE_SENSITIVE : 0) |
                                         ((mode & 2) ? GAZTAG_KEEP_ACCENTS : 0));
    for (int32_t cp = NORM_LATIN_FIRST; cp < NORM_LATIN_END; cp++)
        tables[mode][table_index(cp)] = table_entry(opt, cp);
    for (int32_t cp = NORM_EXT_FIRST; cp < NORM_EXT_END; cp++)
        tables[mode][table_index(cp)] = table_entry(opt, cp);
}

static void fill_0(void) { fill_table(0); }
static void fill_1(void) { fill_table(1); }
static void fill_2(void) { fill_table(2); }
static void fill_3(void) { fill_table(3); }

const norm_latin *norm_table(unsigned flags)
{
    static void (*const fill[4])(void) = {fill_0, fill_1, fill_2, fill_3};
    unsigned mode = mode_of(flags);
    call_once(&table_once[mode], fill[mode]);
    return tables[mode];
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
    if (!sc->table || sc->table_flags != flags) {
        sc->table = norm_table(flags);
        sc->table_flags = flags;
    }
    const norm_latin *table = sc->table;
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
        const norm_latin *e = &table[table_index(cp)];
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
