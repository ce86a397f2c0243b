/*
 * inspect_common.c -- the pieces gaztag lookup, explain, stats and diff
 * share (see inspect.h).
 *
 * Their output is for people but must stay stable and one record a line,
 * whatever the gazetteer or the text holds: every string that comes from
 * them is written through insp_escape(), which turns control characters
 * (a newline in a text) and invalid UTF-8 into visible \xHH escapes.
 */
#include "inspect.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int insp_parse_gaz(int argc, char **argv, const char **paths, size_t *n,
                   int *first)
{
    int i = 1;
    *n = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (strcmp(argv[i], "-g") != 0 || i + 1 >= argc ||
            *n >= GAZTAG_MAX_LAYERS)
            return -1;
        paths[(*n)++] = argv[++i];
    }
    *first = i;
    return 0;
}

int insp_open(const char *const *paths, size_t n, insp_gaz *out)
{
    bool owned = false;
    const char *fallback = NULL;
    out->owned = NULL;
    out->gz.n = 0;
    if (n == 0) {
        /* Resolved here rather than in cli_open_gazetteers() so that the
         * default gazetteer can be shown by its path too. */
        fallback = cli_default_gazetteer(&owned);
        out->owned = owned ? (char *)fallback : NULL;
        paths = &fallback;
        n = 1;
    }
    for (size_t i = 0; i < n; i++)
        /* cppcheck-suppress objectIndex ; n is 1 when paths is &fallback */
        out->name[i] = paths[i];
    if (cli_open_gazetteers(paths, n, &out->gz) < 0) {
        free(out->owned);
        out->owned = NULL;
        return -1;
    }
    return 0;
}

void insp_close(insp_gaz *c)
{
    cli_close_gazetteers(&c->gz);
    free(c->owned);
    c->owned = NULL;
}

const char *insp_name(const insp_gaz *c, const gaztag_gazetteer *g)
{
    for (size_t i = 0; i < c->gz.n; i++)
        if (c->gz.g[i] == g)
            return c->name[i];
    return c->name[0]; /* a single tagger's spans may not say */
}

/* Write s[0..len) escaping controls and invalid UTF-8, and also `"` and
 * `\` when `quoted`. */
static void put_escaped(FILE *f, const char *s, size_t len, bool quoted)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            size_t k = n > 0 ? (size_t)n : 1;
            for (size_t j = 0; j < k; j++)
                fprintf(f, "\\x%02X", p[i + j]);
            i += k;
            continue;
        }
        if (quoted && (cp == '"' || cp == '\\'))
            fputc('\\', f);
        fwrite(p + i, 1, (size_t)n, f);
        i += (size_t)n;
    }
}

void insp_quote(FILE *f, const char *s, size_t len)
{
    fputc('"', f);
    put_escaped(f, s, len, true);
    fputc('"', f);
}

void insp_escape(FILE *f, const char *s, size_t len)
{
    put_escaped(f, s, len, false);
}

/* An id is written bare unless that could be misread. */
static bool id_needs_quotes(const char *id)
{
    return *id == '\0' || strpbrk(id, " \"\\[]") != NULL;
}

void insp_flags(FILE *f, unsigned flags)
{
    static const struct { unsigned bit; const char *word; } words[] = {
        {GAZTAG_ENTRY_CAP, "cap"},
        {GAZTAG_ENTRY_CASE, "case"},
        {GAZTAG_ENTRY_ACCENTS, "accents"},
        {GAZTAG_ENTRY_REMOVE, "-"},
        {GAZTAG_ENTRY_YIELD, "yield"},
    };
    bool first = true;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (!(flags & words[i].bit))
            continue;
        fprintf(f, "%s%s", first ? "" : ",", words[i].word);
        first = false;
    }
}

void insp_entry(FILE *f, const gaztag_entry *e)
{
    insp_escape(f, e->label, strlen(e->label));
    if (e->id) {
        fputc(' ', f);
        if (id_needs_quotes(e->id))
            insp_quote(f, e->id, strlen(e->id));
        else
            insp_escape(f, e->id, strlen(e->id));
    }
    if (e->canonical) {
        fputc(' ', f);
        insp_quote(f, e->canonical, strlen(e->canonical));
    }
    if (e->flags) {
        fputs(" [", f);
        insp_flags(f, e->flags);
        fputc(']', f);
    }
}

const char *insp_norm_desc(unsigned norm_flags)
{
    static const char *const desc[4] = {
        "NFKC, case folded, accents removed",
        "NFKC, case kept, accents removed",
        "NFKC, case folded, accents kept",
        "NFKC, case kept, accents kept",
    };
    return desc[norm_flags & (GAZTAG_CASE_SENSITIVE | GAZTAG_KEEP_ACCENTS)];
}

char *insp_key(unsigned norm_flags, const char *s, size_t len, size_t *klen)
{
    size_t n = gaztag_normalize(norm_flags, s, len, NULL, 0);
    char *key = n == SIZE_MAX ? NULL : malloc(n + 1);
    if (!key)
        return NULL;
    gaztag_normalize(norm_flags, s, len, key, n + 1);
    *klen = n;
    return key;
}

int insp_flush_stdout(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    cli_error("standard output: %s", strerror(errno));
    return -1;
}
