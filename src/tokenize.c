/*
 * tokenize.c -- the tokenizer (see tokenize.h for the token rules).
 *
 * ASCII bytes are classified through a 256-entry table; other code points
 * through utf8proc's category.  The stream keeps one running position in
 * bytes, code points and UTF-16 units, so offsets cost nothing extra.
 */
#include "tokenize.h"

#include <threads.h>
#include <utf8proc.h>

enum cp_class { CP_SEP = TOK_B_SEP, CP_WORD = TOK_B_WORD, CP_PUNCT = TOK_B_PUNCT };

/* ASCII: letters and digits are word characters; space, controls, the
 * apostrophe and the hyphen separate; everything else is punctuation.
 * Bytes from 0x80 need decoding. */
#define W TOK_B_WORD
#define P TOK_B_PUNCT
#define S TOK_B_SEP
#define H TOK_B_HIGH
#define H16 H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H
const uint8_t tok_byte_class[256] = {
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 00-0f */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, /* 10-1f */
    S, P, P, P, P, P, P, S, P, P, P, P, P, S, P, P, /*  !"#$%&'()*+,-./ */
    W, W, W, W, W, W, W, W, W, W, P, P, P, P, P, P, /* 0-9 :;<=>? */
    P, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, /* @A-O */
    W, W, W, W, W, W, W, W, W, W, W, P, P, P, P, P, /* P-Z [\]^_ */
    P, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, /* `a-o */
    W, W, W, W, W, W, W, W, W, W, W, P, P, P, P, S, /* p-z {|}~ DEL */
    H16, H16, H16, H16, H16, H16, H16, H16,
};
#undef W
#undef P
#undef S
#undef H
#undef H16
#define ascii_class tok_byte_class

static enum cp_class unicode_class(int32_t cp)
{
    switch (cp) {
    case 0x2019: case 0x02BC: case 0x2018:  /* apostrophes */
    case 0x2010: case 0x2011: case 0x00AD:  /* hyphens, soft hyphen */
    case 0x0085:                            /* NEL (a control, Cc) */
        return CP_SEP;
    case 0x200C: case 0x200D:               /* ZWNJ, ZWJ join inside words */
        return CP_WORD;
    default:
        break;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return CP_WORD;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF: /* invisible format marks: bidi, word joiner */
        return CP_SEP;
    default:
        return CP_PUNCT;
    }
}

/* The classes of the code points below CLASS_TABLE_END (most of the
 * non-ASCII text of European and African prose: Latin, Greek, Cyrillic,
 * general punctuation, box drawing), taken once from unicode_class() so
 * that the tokenizer's answer stays utf8proc's. */
#define CLASS_TABLE_END 0x3000
static uint8_t class_table[CLASS_TABLE_END];
static once_flag class_table_once = ONCE_FLAG_INIT;

static void class_table_init(void)
{
    for (int32_t cp = 0; cp < CLASS_TABLE_END; cp++)
        class_table[cp] = (uint8_t)unicode_class(cp);
}

/* (The table is filled by tok_init(), before any stream can ask.) */
static enum cp_class cp_class_of(int32_t cp)
{
    if (cp < CLASS_TABLE_END)
        return (enum cp_class)class_table[cp];
    return unicode_class(cp);
}

enum tok_byte tok_cp_kind(int32_t cp)
{
    call_once(&class_table_once, class_table_init);
    return tok_cp_kind_ready(cp);
}

enum tok_byte tok_cp_kind_ready(int32_t cp)
{
    if (cp < 0)
        return TOK_B_SEP;
    switch (cp_class_of(cp)) {
    case CP_WORD: return TOK_B_WORD;
    case CP_PUNCT: return TOK_B_PUNCT;
    default: return TOK_B_SEP;
    }
}

/* Length of a well-formed sequence starting with lead byte b, or 0. */
static size_t seq_len(uint8_t b)
{
    if (b >= 0xC2 && b <= 0xDF) return 2;
    if (b >= 0xE0 && b <= 0xEF) return 3;
    if (b >= 0xF0 && b <= 0xF4) return 4;
    return 0;
}

/* The valid range of the second byte after lead byte b (Unicode table 3-7). */
static bool second_ok(uint8_t b, uint8_t c)
{
    switch (b) {
    case 0xE0: return c >= 0xA0 && c <= 0xBF;
    case 0xED: return c >= 0x80 && c <= 0x9F;
    case 0xF0: return c >= 0x90 && c <= 0xBF;
    case 0xF4: return c >= 0x80 && c <= 0x8F;
    default:   return c >= 0x80 && c <= 0xBF;
    }
}

size_t tok_decode(const uint8_t *s, size_t len, int32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n = seq_len(s[0]);
    *cp = -1;
    if (n == 0)
        return 1;
    if (len < 2 || !second_ok(s[0], s[1]))
        return 1;
    int32_t v = s[0] & (0xFF >> (n + 1));
    v = (v << 6) | (s[1] & 0x3F);
    for (size_t i = 2; i < n; i++) {
        if (i >= len || (s[i] & 0xC0) != 0x80)
            return i; /* the maximal subpart ends before s[i] */
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return n;
}

void tok_init(tok_stream *ts, const char *s, size_t len)
{
    ts->s = (const uint8_t *)s;
    ts->len = len;
    ts->pos = ts->cskip = ts->usupp = 0;
    call_once(&class_table_once, class_table_init);
}

/* Consume the non-ASCII code point (or ill-formed subpart) of n bytes at
 * the stream position. */
static void consume(tok_stream *ts, size_t n, int32_t cp)
{
    ts->pos += n;
    ts->cskip += n - 1;
    if (cp >= 0x10000)
        ts->usupp++;
}

/* Classify and consume the non-ASCII code point (or ill-formed subpart)
 * at the stream position. */
static enum cp_class take_unicode(tok_stream *ts)
{
    int32_t cp;
    size_t n = tok_decode_high(ts->s + ts->pos, ts->len - ts->pos, &cp);
    consume(ts, n, cp);
    return cp < 0 ? CP_SEP : cp_class_of(cp);
}

/* Extend a word token over following word characters (the position and
 * the code point correction kept in locals while it runs: words are most
 * of the non-ASCII text). */
static void scan_word(tok_stream *ts, tok_token *out)
{
    const uint8_t *s = ts->s;
    size_t len = ts->len, pos = ts->pos, cskip = ts->cskip;
    for (;;) {
        while (pos < len && ascii_class[s[pos]] == CP_WORD)
            pos++;
        if (pos == len || s[pos] < 0x80)
            break;
        int32_t cp;
        size_t n = tok_decode_high(s + pos, len - pos, &cp);
        if (cp < 0 || cp_class_of(cp) != CP_WORD)
            break;
        out->ascii = false;
        pos += n;
        cskip += n - 1;
        ts->usupp += cp >= 0x10000;
    }
    ts->pos = pos;
    ts->cskip = cskip;
}

static void set_start(const tok_stream *ts, size_t start, tok_token *out)
{
    out->start = start;
    out->cstart = start - ts->cskip;
    out->ustart = out->cstart + ts->usupp;
}

bool tok_next(tok_stream *ts, tok_token *out)
{
    const uint8_t *s = ts->s;
    size_t len = ts->len;
    while (ts->pos < len) {
        size_t pos = ts->pos;
        while (pos < len && s[pos] < 0x80 && ascii_class[s[pos]] == CP_SEP)
            pos++;
        ts->pos = pos;
        if (pos == len)
            return false;
        uint8_t b = s[pos];
        enum cp_class cls;
        if (b < 0x80) {
            cls = (enum cp_class)ascii_class[b];
            set_start(ts, pos, out);
            ts->pos++;
            out->ascii = true;
        } else {
            size_t cskip = ts->cskip, usupp = ts->usupp;
            cls = take_unicode(ts);
            if (cls == CP_SEP)
                continue;
            out->start = pos;
            out->cstart = pos - cskip;
            out->ustart = out->cstart + usupp;
            out->ascii = false;
        }
        out->cls = cls == CP_WORD ? TOK_WORD : TOK_PUNCT;
        if (cls == CP_WORD)
            scan_word(ts, out);
        out->end = ts->pos;
        out->cend = ts->pos - ts->cskip;
        out->uend = out->cend + ts->usupp;
        return true;
    }
    return false;
}
