/*
 * write_conll.c -- CoNLL token/IOB2 output, and tagging of pre-tokenised
 * CoNLL input.
 *
 * Output (--format conll): each document opens with the line
 * "-DOCSTART-<TAB>O" and a blank line (as in CoNLL-2003), then one token a
 * line, "TOKEN<TAB>TAG", tokens as gaztag_tokens() cuts them, a blank line
 * after each sentence.  A sentence ends after a ".", "!" or "?" token.
 * Tags are IOB2: B-LABEL on a span's first token, I-LABEL on the others,
 * O elsewhere.  Spans never overlap, except with --all: then a span that
 * starts inside an earlier one is left out (IOB cannot nest).
 *
 * Input (--input conll): the first whitespace-separated column of each
 * line is a token; a sentence's tokens are joined with single spaces and
 * tagged; a span is kept only if it starts at a token's start and ends at
 * a token's end (a span inside a token, "Ukraine" in "l'Ukraine", is
 * dropped).  Every line is written back as it was with a tab and the tag.
 */
#define _POSIX_C_SOURCE 200809L
#include "tag.h"

#include <stdlib.h>
#include <string.h>

/* Tag[i] for n tokens: 0 = O, else index + 1 of the span, negated for B. */
static void iob(const size_t *tstart, const size_t *tend, size_t n_tok,
                const gaztag_span *s, size_t n, long *tag, bool aligned)
{
    size_t t = 0, last_end = 0;
    memset(tag, 0, n_tok * sizeof *tag);
    for (size_t i = 0; i < n; i++) {
        if (s[i].start < last_end)
            continue;
        while (t < n_tok && tstart[t] < s[i].start)
            t++;
        size_t u = t;
        while (u < n_tok && tend[u] <= s[i].end)
            u++;
        if (u == t || (aligned && (tstart[t] != s[i].start ||
                                   tend[u - 1] != s[i].end)))
            continue;
        tag[t] = -(long)(i + 1);
        for (size_t k = t + 1; k < u; k++)
            tag[k] = (long)(i + 1);
        last_end = s[i].end;
    }
}

static void put_tag(FILE *f, const gaztag_span *s, long tag)
{
    if (tag == 0) {
        fputs("O\n", f);
        return;
    }
    const char *label = s[(tag < 0 ? -tag : tag) - 1].entry.label;
    fprintf(f, "%s-%s\n", tag < 0 ? "B" : "I", label);
}

int conll_doc(FILE *f, const tag_doc *d, const gaztag_span *s, size_t n)
{
    size_t n_tok = gaztag_tokens(d->text, d->len, NULL, 0);
    gaztag_token *tok = malloc((n_tok ? n_tok : 1) * sizeof *tok);
    size_t *pos = malloc((n_tok ? n_tok : 1) * 2 * sizeof *pos);
    long *tag = malloc((n_tok ? n_tok : 1) * sizeof *tag);
    int rc = -1;
    if (!tok || !pos || !tag)
        goto done;
    gaztag_tokens(d->text, d->len, tok, n_tok);
    for (size_t i = 0; i < n_tok; i++) {
        pos[i] = tok[i].start;
        pos[n_tok + i] = tok[i].end;
    }
    iob(pos, pos + n_tok, n_tok, s, n, tag, false);
    fputs("-DOCSTART-\tO\n\n", f);
    for (size_t i = 0; i < n_tok; i++) {
        const char *t = d->text + tok[i].start;
        size_t len = tok[i].end - tok[i].start;
        fwrite(t, 1, len, f);
        fputc('\t', f);
        put_tag(f, s, tag[i]);
        if ((len == 1 && strchr(".!?", *t)) || i + 1 == n_tok)
            fputc('\n', f);
    }
    rc = 0;
done:
    free(tok);
    free(pos);
    free(tag);
    return rc;
}

/* The token of each line (its first column), joined by spaces into
 * text; tstart/tend its place there.  Lines end with '\n' (the last may
 * not). */
static size_t join_tokens(const char *lines, size_t len, char *text,
                          size_t *tstart, size_t *tend)
{
    size_t n = 0, at = 0, i = 0;
    while (i < len) {
        const char *nl = memchr(lines + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - lines) : len;
        size_t b = i, e;
        while (b < end && (lines[b] == ' ' || lines[b] == '\t'))
            b++;
        for (e = b; e < end && !strchr(" \t\r", lines[e]); e++)
            ;
        if (n)
            text[at++] = ' ';
        memcpy(text + at, lines + b, e - b);
        tstart[n] = at;
        at += e - b;
        tend[n++] = at;
        i = end + 1;
    }
    text[at] = '\0';
    return n;
}

static void write_lines(FILE *f, const char *lines, size_t len,
                        const gaztag_span *s, const long *tag)
{
    size_t i = 0, k = 0;
    while (i < len) {
        const char *nl = memchr(lines + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - lines) : len;
        size_t e = end > i && lines[end - 1] == '\r' ? end - 1 : end;
        fwrite(lines + i, 1, e - i, f);
        fputc('\t', f);
        put_tag(f, s, tag[k++]);
        i = end + 1;
    }
}

int conll_sentence(FILE *f, gaztag_tagger *t, unsigned flags,
                   const char *lines, size_t len)
{
    size_t max = len + 1; /* tokens and separators fit in the lines */
    char *text = malloc(max + 1);
    size_t *pos = calloc(max * 2, sizeof *pos);
    long *tag = calloc(max, sizeof *tag);
    const gaztag_span *s;
    size_t n;
    int rc = -1;
    if (!text || !pos || !tag)
        goto done;
    size_t n_tok = join_tokens(lines, len, text, pos, pos + max);
    size_t text_len = n_tok ? pos[max + n_tok - 1] : 0;
    if (gaztag_tag_text(t, text, text_len, flags, &s, &n) != GAZTAG_OK)
        goto done;
    iob(pos, pos + max, n_tok, s, n, tag, true);
    write_lines(f, lines, len, s, tag);
    rc = 0;
done:
    free(text);
    free(pos);
    free(tag);
    return rc;
}
