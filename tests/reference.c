/*
 * reference.c -- the brute-force tagger model (see reference.h).
 *
 * A gazetteer is a list of entries in source order, each with its name's
 * token keys joined by \x1f (a control character, so in no key).  A match
 * at token i of length k is an entry whose joined key equals the joined
 * keys of tokens i..i+k-1 and that accepts the text there.  Nothing is
 * indexed: every start, every length and every entry is tried.
 */
#include "reference.h"

#include "gaztag.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define REF_JOIN '\x1f'

/* Well-formed UTF-8, after table 3-7 of the Unicode standard: the lead byte
 * range, the length, and the range of the second byte. */
static const struct utf8_form {
    uint8_t lead_lo, lead_hi, len, second_lo, second_hi;
} utf8_forms[] = {
    {0xC2, 0xDF, 2, 0x80, 0xBF}, {0xE0, 0xE0, 3, 0xA0, 0xBF},
    {0xE1, 0xEC, 3, 0x80, 0xBF}, {0xED, 0xED, 3, 0x80, 0x9F},
    {0xEE, 0xEF, 3, 0x80, 0xBF}, {0xF0, 0xF0, 4, 0x90, 0xBF},
    {0xF1, 0xF3, 4, 0x80, 0xBF}, {0xF4, 0xF4, 4, 0x80, 0x8F},
};

size_t ref_decode(const uint8_t *s, size_t n, int32_t *cp)
{
    *cp = s[0] < 0x80 ? s[0] : -1;
    if (s[0] < 0x80)
        return 1;
    for (size_t f = 0; f < sizeof utf8_forms / sizeof *utf8_forms; f++) {
        const struct utf8_form *form = &utf8_forms[f];
        if (s[0] < form->lead_lo || s[0] > form->lead_hi)
            continue;
        int32_t v = s[0] & (0x7F >> form->len);
        for (size_t i = 1; i < form->len; i++) {
            uint8_t lo = i == 1 ? form->second_lo : 0x80;
            uint8_t hi = i == 1 ? form->second_hi : 0xBF;
            if (i >= n || s[i] < lo || s[i] > hi)
                return i;
            v = v << 6 | (s[i] & 0x3F);
        }
        *cp = v;
        return form->len;
    }
    return 1;
}

/* The spec's classes: letters, marks and digits make words (and ZWJ,
 * ZWNJ); spaces, controls, invisible format characters, apostrophes,
 * hyphens and bad bytes separate. */
int ref_class(int32_t cp)
{
    if (cp == 0x200C || cp == 0x200D)
        return REF_WORD;
    static const int32_t separators[] = {'\'', 0x2019, 0x02BC, 0x2018, '-',
                                         0x2010, 0x2011, 0x00AD};
    if (cp < 0)
        return REF_SEP;
    for (size_t i = 0; i < sizeof separators / sizeof *separators; i++)
        if (cp == separators[i])
            return REF_SEP;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
        return REF_SEP;
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return REF_WORD;
    default:
        return REF_PUNCT;
    }
}

/* Grow *p (of *cap elements) to hold `need`; -1 out of memory. */
static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* One token's key under `flags`, malloc'd; NULL out of memory. */
static char *token_key(unsigned flags, const char *s, size_t len)
{
    char small[64];
    size_t n = gaztag_normalize(flags, s, len, small, sizeof small);
    if (n == SIZE_MAX)
        return NULL;
    char *key = malloc(n + 1);
    if (key && n < sizeof small)
        memcpy(key, small, n + 1);
    else if (key && gaztag_normalize(flags, s, len, key, n + 1) != n) {
        free(key);
        key = NULL;
    }
    return key;
}

void ref_tokens_free(ref_tokens *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].key);
    free(t->v);
    *t = (ref_tokens){NULL, 0, 0};
}

static void ref_tokens_clear(ref_tokens *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].key);
    t->n = 0;
}

int ref_tokenize(unsigned norm_flags, const char *text, size_t len,
                 ref_tokens *out)
{
    size_t pos = 0, cpos = 0, upos = 0;
    int prev = REF_SEP;
    ref_tokens_clear(out);
    while (pos < len) {
        int32_t cp;
        size_t bytes = ref_decode((const uint8_t *)text + pos, len - pos, &cp);
        int cls = ref_class(cp);
        if (cls != REF_SEP && !(cls == REF_WORD && prev == REF_WORD)) {
            if (grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v))
                return -1;
            out->v[out->n++] = (ref_token){pos, 0, cpos, 0, upos, 0, NULL};
        }
        pos += bytes;
        cpos += 1;
        upos += cp >= 0x10000 ? 2 : 1;
        if (cls != REF_SEP) {
            ref_token *t = &out->v[out->n - 1];
            t->end = pos;
            t->cend = cpos;
            t->uend = upos;
        }
        prev = cls;
    }
    for (size_t i = 0; i < out->n; i++) {
        ref_token *t = &out->v[i];
        if (!(t->key = token_key(norm_flags, text + t->start, t->end - t->start)))
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ entries */

void ref_gaz_init(ref_gaz *rg, unsigned norm_flags)
{
    *rg = (ref_gaz){norm_flags, NULL, 0, 0, 0};
}

static void entry_free(ref_entry *e)
{
    free(e->label);
    free(e->id);
    free(e->canonical);
    free(e->key);
    free(e->form);
}

void ref_gaz_free(ref_gaz *rg)
{
    for (size_t i = 0; i < rg->n; i++)
        entry_free(&rg->e[i]);
    free(rg->e);
    ref_gaz_init(rg, 0);
}

/* A NUL-terminated copy, or NULL for an absent string (*bad set when
 * memory ran out). */
static char *copy_str(ref_str s, bool *bad)
{
    if (!s.s)
        return NULL;
    char *c = malloc(s.len + 1);
    if (!c) {
        *bad = true;
        return NULL;
    }
    memcpy(c, s.s, s.len);
    c[s.len] = '\0';
    return c;
}

/* Token keys joined by \x1f, malloc'd; NULL out of memory. */
static char *join(const ref_tokens *t, size_t first, size_t n)
{
    size_t len = 0;
    for (size_t i = first; i < first + n; i++)
        len += strlen(t->v[i].key) + 1;
    char *s = malloc(len + 1), *p = s;
    if (!s)
        return NULL;
    for (size_t i = first; i < first + n; i++) {
        size_t k = strlen(t->v[i].key);
        if (i > first)
            *p++ = REF_JOIN;
        memcpy(p, t->v[i].key, k);
        p += k;
    }
    *p = '\0';
    return s;
}

/* The name's key (or, with `strict` extra folding flags, its strict key);
 * *refused when the builder refuses the name. */
static char *name_key(unsigned flags, ref_str name, size_t *ntok,
                      bool *refused)
{
    ref_tokens t = {NULL, 0, 0};
    char *key = NULL;
    if (ref_tokenize(flags, name.s, name.len, &t) == 0) {
        *ntok = t.n;
        for (size_t i = 0; i < t.n; i++)
            *refused = *refused || t.v[i].key[0] == '\0';
        *refused = *refused || t.n == 0 || t.n > GAZTAG_MAX_PHRASE_TOKENS;
        key = join(&t, 0, t.n);
    }
    ref_tokens_free(&t);
    return key;
}

static bool same_opt(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_entry(const ref_entry *a, const ref_entry *b)
{
    return a->flags == b->flags && strcmp(a->key, b->key) == 0 &&
           strcmp(a->label, b->label) == 0 && same_opt(a->id, b->id) &&
           same_opt(a->canonical, b->canonical) && same_opt(a->form, b->form);
}

/* A removal row kills what it names; an entry already there revives. */
static void apply(ref_gaz *rg, ref_entry *e, bool *kept)
{
    if (e->flags & GAZTAG_ENTRY_REMOVE)
        for (size_t i = 0; i < rg->n; i++) {
            ref_entry *x = &rg->e[i];
            if (!(x->flags & GAZTAG_ENTRY_REMOVE) &&
                strcmp(x->key, e->key) == 0 && strcmp(x->label, e->label) == 0 &&
                (!e->id || same_opt(x->id, e->id)))
                x->dead = true;
        }
    *kept = true;
    for (size_t i = 0; i < rg->n; i++)
        if (same_entry(&rg->e[i], e)) {
            rg->e[i].dead = false;
            *kept = false;
        }
}

int ref_gaz_add(ref_gaz *rg, ref_str name, ref_str label, ref_str id,
                ref_str canonical, unsigned flags)
{
    bool bad = false, refused = false, kept;
    unsigned strict = rg->norm_flags;
    size_t strict_ntok;
    ref_entry e = {NULL, NULL, NULL, flags, NULL, NULL, 0, false};
    e.label = copy_str(label, &bad);
    e.id = copy_str(id, &bad);
    e.canonical = copy_str(canonical, &bad);
    e.key = name_key(rg->norm_flags, name, &e.ntok, &refused);
    bad = bad || !e.key || !e.label;
    if (flags & GAZTAG_ENTRY_CASE)
        strict |= GAZTAG_CASE_SENSITIVE;
    if (flags & GAZTAG_ENTRY_ACCENTS)
        strict |= GAZTAG_KEEP_ACCENTS;
    if (!bad && !refused && (flags & (GAZTAG_ENTRY_CASE | GAZTAG_ENTRY_ACCENTS))) {
        bool ignored = false;
        e.form = name_key(strict, name, &strict_ntok, &ignored);
        bad = !e.form;
    }
    if (bad || refused ||
        grow((void **)&rg->e, &rg->cap, rg->n + 1, sizeof *rg->e) < 0) {
        entry_free(&e);
        return bad || !refused ? -1 : 1;
    }
    apply(rg, &e, &kept);
    if (!kept) {
        entry_free(&e);
        return 0;
    }
    rg->e[rg->n++] = e;
    if (e.ntok > rg->max_tok)
        rg->max_tok = e.ntok;
    return 0;
}

/* ------------------------------------------------------------ matching */

static bool is_letter(utf8proc_category_t c)
{
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
           c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LM ||
           c == UTF8PROC_CATEGORY_LO;
}

/* The category of the first letter of s, or of the first lower-case one;
 * UTF8PROC_CATEGORY_CN when there is none. */
static utf8proc_category_t find_letter(const char *s, size_t len, bool lower)
{
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += ref_decode((const uint8_t *)s + i, len - i, &cp);
        utf8proc_category_t c = cp < 0 ? UTF8PROC_CATEGORY_CN
                                       : utf8proc_category(cp);
        if (lower ? c == UTF8PROC_CATEGORY_LL : is_letter(c))
            return c;
    }
    return UTF8PROC_CATEGORY_CN;
}

/* The first letter is upper or title case, or no letter is lower case. */
static bool capitalised(const char *s, size_t len)
{
    utf8proc_category_t first = find_letter(s, len, false);
    return first == UTF8PROC_CATEGORY_LU || first == UTF8PROC_CATEGORY_LT ||
           find_letter(s, len, true) == UTF8PROC_CATEGORY_CN;
}

/* Tokens toks[first..first+n) keyed again under `flags`, joined. */
static char *strict_key(unsigned flags, const char *text, const ref_tokens *toks,
                        size_t first, size_t n)
{
    ref_tokens t = {NULL, 0, 0};
    char *key = NULL;
    if (grow((void **)&t.v, &t.cap, n ? n : 1, sizeof *t.v) < 0)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const ref_token *k = &toks->v[first + i];
        t.v[i] = *k;
        t.v[i].key = token_key(flags, text + k->start, k->end - k->start);
        t.n = i + 1;
        if (!t.v[i].key)
            goto done;
    }
    key = join(&t, 0, n);
done:
    ref_tokens_free(&t);
    return key;
}

int ref_accepts(const ref_gaz *rg, const ref_entry *e, const char *text,
                const ref_tokens *toks, size_t first, size_t n)
{
    const ref_token *a = &toks->v[first], *z = &toks->v[first + n - 1];
    unsigned strict = rg->norm_flags;
    if (e->flags & GAZTAG_ENTRY_REMOVE)
        return 0;
    if ((e->flags & GAZTAG_ENTRY_CAP) &&
        !capitalised(text + a->start, z->end - a->start))
        return 0;
    if (!(e->flags & (GAZTAG_ENTRY_CASE | GAZTAG_ENTRY_ACCENTS)))
        return 1;
    if (e->flags & GAZTAG_ENTRY_CASE)
        strict |= GAZTAG_CASE_SENSITIVE;
    if (e->flags & GAZTAG_ENTRY_ACCENTS)
        strict |= GAZTAG_KEEP_ACCENTS;
    char *key = strict_key(strict, text, toks, first, n);
    if (!key)
        return -1;
    int same = strcmp(key, e->form) == 0;
    free(key);
    return same;
}

void ref_spans_free(ref_spans *s)
{
    free(s->v);
    free(s->entries);
    *s = (ref_spans){NULL, 0, 0, NULL, 0, 0};
}

/* The match of tokens [i, i+n) if some live entry of their key accepts
 * it, appended to out; *found says whether it was. */
static int match_at(const ref_gaz *rg, const char *text, const ref_tokens *toks,
                    size_t i, size_t n, ref_spans *out, bool *found)
{
    size_t first = out->n_entries;
    char *key = join(toks, i, n);
    *found = false;
    if (!key)
        return -1;
    for (size_t k = 0; k < rg->n; k++) {
        const ref_entry *e = &rg->e[k];
        if (e->dead || e->ntok != n || strcmp(e->key, key) != 0)
            continue;
        int ok = ref_accepts(rg, e, text, toks, i, n);
        if (ok < 0 || grow((void **)&out->entries, &out->entries_cap,
                           out->n_entries + 1, sizeof *out->entries) < 0) {
            free(key);
            return -1;
        }
        if (ok)
            out->entries[out->n_entries++] = k;
    }
    free(key);
    if (out->n_entries == first)
        return 0;
    if (grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v) < 0)
        return -1;
    const ref_token *a = &toks->v[i], *z = &toks->v[i + n - 1];
    out->v[out->n++] = (ref_span){a->start, z->end, a->cstart, z->cend,
                                  a->ustart, z->uend, first,
                                  out->n_entries - first};
    *found = true;
    return 0;
}

int ref_match(const ref_gaz *rg, const char *text, const ref_tokens *toks,
              bool all, ref_spans *out)
{
    out->n = out->n_entries = 0;
    for (size_t i = 0; i < toks->n;) {
        size_t at_start = out->n;
        for (size_t n = 1; n <= rg->max_tok && i + n <= toks->n; n++) {
            bool found;
            if (match_at(rg, text, toks, i, n, out, &found) < 0)
                return -1;
        }
        if (all || out->n == at_start) {
            i++;
            continue;
        }
        out->v[at_start] = out->v[out->n - 1]; /* the longest one */
        out->n = at_start + 1;
        while (i < toks->n && toks->v[i].start < out->v[at_start].end)
            i++;
    }
    return 0;
}
