/*
 * accept.c -- entry flags against the matched text (see accept.h).
 */
#include "accept.h"

#include "alloc.h"
#include "tokenize.h"

#include <string.h>
#include <utf8proc.h>

bool acc_capitalised(const char *text, size_t len)
{
    const uint8_t *p = (const uint8_t *)text;
    bool first = true;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += tok_decode(p + i, len - i, &cp);
        if (cp < 0)
            continue;
        utf8proc_category_t c = utf8proc_category(cp);
        if (first && (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT))
            return true;
        if (c == UTF8PROC_CATEGORY_LL)
            return false;
        if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO)
            first = false;
    }
    return true;
}

int acc_strict_key(norm_scratch *sc, unsigned norm_flags, const char *text,
                   size_t len, acc_buf *buf)
{
    tok_stream ts;
    tok_token t;
    size_t ntok = 0;
    buf->len = 0;
    tok_init(&ts, text, len);
    while (tok_next(&ts, &t)) {
        const char *key;
        size_t klen;
        if (norm_key(sc, norm_flags, text + t.start, t.end - t.start, t.ascii,
                     &key, &klen) < 0 ||
            gz_grow((void **)&buf->s, &buf->cap, buf->len + klen + 1, 1) < 0)
            return -1;
        if (ntok++)
            buf->s[buf->len++] = GZF_FORM_SEP;
        memcpy(buf->s + buf->len, key, klen);
        buf->len += klen;
    }
    return 0;
}

/* The entry's strict key compared with the text's under the same folding. */
static int same_strict_key(const gaztag_gazetteer *g, norm_scratch *sc,
                           acc_buf *buf, uint32_t index, unsigned flags,
                           const char *text, size_t len)
{
    unsigned strict = g->info.norm_flags;
    const char *form;
    size_t form_len;
    if (flags & GAZTAG_ENTRY_CASE)
        strict |= GAZTAG_CASE_SENSITIVE;
    if (flags & GAZTAG_ENTRY_ACCENTS)
        strict |= GAZTAG_KEEP_ACCENTS;
    if (!gzt_entry_form(g, index, &form, &form_len))
        return 0;
    if (acc_strict_key(sc, strict, text, len, buf) < 0)
        return -1;
    /* (a damaged file's empty form against a text without tokens: buf->s
     * is NULL, which memcmp may not be given even for 0 bytes) */
    return buf->len == form_len &&
           (form_len == 0 || memcmp(buf->s, form, form_len) == 0);
}

int acc_refusal(const gaztag_gazetteer *g, norm_scratch *sc, acc_buf *buf,
                uint32_t index, const gaztag_entry *e, const char *text,
                size_t len)
{
    unsigned strict = e->flags & (GAZTAG_ENTRY_CASE | GAZTAG_ENTRY_ACCENTS);
    if (e->flags & GAZTAG_ENTRY_REMOVE)
        return GAZTAG_ENTRY_REMOVE;
    if ((e->flags & GAZTAG_ENTRY_CAP) && !acc_capitalised(text, len))
        return GAZTAG_ENTRY_CAP;
    if (!strict)
        return 0;
    int same = same_strict_key(g, sc, buf, index, e->flags, text, len);
    return same < 0 ? -1 : same ? 0 : (int)strict;
}

int acc_entry(const gaztag_gazetteer *g, norm_scratch *sc, acc_buf *buf,
              uint32_t index, const gaztag_entry *e, const char *text,
              size_t len)
{
    int why = acc_refusal(g, sc, buf, index, e, text, len);
    return why < 0 ? -1 : why == 0;
}
