/*
 * check_chars.c -- tokens and suspicious characters for `gaztag check`
 * (see check.h).
 *
 * utf8proc knows categories but not scripts, so scripts come from a table
 * of code point ranges sorted by start, searched by bisection.  It covers
 * the scripts of the world's major languages by block, coarsely: only
 * letters (categories L*) are looked up, so the digits, marks and
 * punctuation inside a block never count, and a letter in no range (the
 * MATHEMATICAL BOLD letters, which are Common) has no script.  A token
 * mixes scripts when two of its letters have scripts that are not written
 * together: Han goes with kana (Japanese), Hangul and Bopomofo, and the
 * two kana with each other; every other pair is a mix (`Pаris`, with a
 * Cyrillic `а`).
 */
#include "check.h"
#include "gaztag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <utf8proc.h>

enum script {
    SC_NONE, SC_LATIN, SC_GREEK, SC_COPTIC, SC_CYRILLIC, SC_ARMENIAN,
    SC_HEBREW, SC_ARABIC, SC_SYRIAC, SC_THAANA, SC_NKO, SC_DEVANAGARI,
    SC_BENGALI, SC_GURMUKHI, SC_GUJARATI, SC_ORIYA, SC_TAMIL, SC_TELUGU,
    SC_KANNADA, SC_MALAYALAM, SC_SINHALA, SC_THAI, SC_LAO, SC_TIBETAN,
    SC_MYANMAR, SC_GEORGIAN, SC_HANGUL, SC_ETHIOPIC, SC_CHEROKEE,
    SC_CANADIAN, SC_KHMER, SC_MONGOLIAN, SC_TIFINAGH, SC_HIRAGANA,
    SC_KATAKANA, SC_BOPOMOFO, SC_HAN, SC_YI, SC_VAI, SC_BAMUM, SC_ADLAM,
    SC_COUNT
};

static const char *const script_names[SC_COUNT] = {
    "none", "Latin", "Greek", "Coptic", "Cyrillic", "Armenian", "Hebrew",
    "Arabic", "Syriac", "Thaana", "NKo", "Devanagari", "Bengali", "Gurmukhi",
    "Gujarati", "Oriya", "Tamil", "Telugu", "Kannada", "Malayalam", "Sinhala",
    "Thai", "Lao", "Tibetan", "Myanmar", "Georgian", "Hangul", "Ethiopic",
    "Cherokee", "Canadian Aboriginal", "Khmer", "Mongolian", "Tifinagh",
    "Hiragana", "Katakana", "Bopomofo", "Han", "Yi", "Vai", "Bamum", "Adlam"};

static const struct script_range {
    int32_t lo, hi;
    uint8_t script;
} script_ranges[] = {
    {0x0041, 0x005A, SC_LATIN}, {0x0061, 0x007A, SC_LATIN},
    {0x00AA, 0x00AA, SC_LATIN}, {0x00BA, 0x00BA, SC_LATIN},
    {0x00C0, 0x02AF, SC_LATIN}, {0x0370, 0x03E1, SC_GREEK},
    {0x03E2, 0x03EF, SC_COPTIC}, {0x03F0, 0x03FF, SC_GREEK},
    {0x0400, 0x052F, SC_CYRILLIC}, {0x0531, 0x058F, SC_ARMENIAN},
    {0x0591, 0x05FF, SC_HEBREW}, {0x0600, 0x06FF, SC_ARABIC},
    {0x0700, 0x074F, SC_SYRIAC}, {0x0750, 0x077F, SC_ARABIC},
    {0x0780, 0x07BF, SC_THAANA}, {0x07C0, 0x07FF, SC_NKO},
    {0x0860, 0x086F, SC_SYRIAC}, {0x0870, 0x08FF, SC_ARABIC},
    {0x0900, 0x097F, SC_DEVANAGARI}, {0x0980, 0x09FF, SC_BENGALI},
    {0x0A00, 0x0A7F, SC_GURMUKHI}, {0x0A80, 0x0AFF, SC_GUJARATI},
    {0x0B00, 0x0B7F, SC_ORIYA}, {0x0B80, 0x0BFF, SC_TAMIL},
    {0x0C00, 0x0C7F, SC_TELUGU}, {0x0C80, 0x0CFF, SC_KANNADA},
    {0x0D00, 0x0D7F, SC_MALAYALAM}, {0x0D80, 0x0DFF, SC_SINHALA},
    {0x0E00, 0x0E7F, SC_THAI}, {0x0E80, 0x0EFF, SC_LAO},
    {0x0F00, 0x0FFF, SC_TIBETAN}, {0x1000, 0x109F, SC_MYANMAR},
    {0x10A0, 0x10FF, SC_GEORGIAN}, {0x1100, 0x11FF, SC_HANGUL},
    {0x1200, 0x139F, SC_ETHIOPIC}, {0x13A0, 0x13FF, SC_CHEROKEE},
    {0x1400, 0x167F, SC_CANADIAN}, {0x1780, 0x17FF, SC_KHMER},
    {0x1800, 0x18AF, SC_MONGOLIAN}, {0x18B0, 0x18FF, SC_CANADIAN},
    {0x19E0, 0x19FF, SC_KHMER}, {0x1C80, 0x1C8F, SC_CYRILLIC},
    {0x1C90, 0x1CBF, SC_GEORGIAN}, {0x1D00, 0x1DBF, SC_LATIN},
    {0x1E00, 0x1EFF, SC_LATIN}, {0x1F00, 0x1FFF, SC_GREEK},
    {0x2071, 0x2071, SC_LATIN}, {0x207F, 0x207F, SC_LATIN},
    {0x2090, 0x209C, SC_LATIN}, {0x2126, 0x2126, SC_GREEK},
    {0x212A, 0x212B, SC_LATIN}, {0x2132, 0x2132, SC_LATIN},
    {0x214E, 0x214E, SC_LATIN}, {0x2160, 0x2188, SC_LATIN},
    {0x2C60, 0x2C7F, SC_LATIN}, {0x2C80, 0x2CFF, SC_COPTIC},
    {0x2D00, 0x2D2F, SC_GEORGIAN}, {0x2D30, 0x2D7F, SC_TIFINAGH},
    {0x2D80, 0x2DDF, SC_ETHIOPIC}, {0x2DE0, 0x2DFF, SC_CYRILLIC},
    {0x3005, 0x3005, SC_HAN}, {0x3007, 0x3007, SC_HAN},
    {0x3021, 0x3029, SC_HAN}, {0x3038, 0x303B, SC_HAN},
    {0x3041, 0x309A, SC_HIRAGANA}, {0x309D, 0x309F, SC_HIRAGANA},
    {0x30A1, 0x30FA, SC_KATAKANA}, {0x30FD, 0x30FF, SC_KATAKANA},
    {0x3105, 0x312F, SC_BOPOMOFO}, {0x3131, 0x318E, SC_HANGUL},
    {0x31A0, 0x31BF, SC_BOPOMOFO}, {0x31F0, 0x31FF, SC_KATAKANA},
    {0x3400, 0x4DBF, SC_HAN}, {0x4E00, 0x9FFF, SC_HAN},
    {0xA000, 0xA4CF, SC_YI}, {0xA500, 0xA63F, SC_VAI},
    {0xA640, 0xA69F, SC_CYRILLIC}, {0xA6A0, 0xA6FF, SC_BAMUM},
    {0xA722, 0xA7FF, SC_LATIN}, {0xA8E0, 0xA8FF, SC_DEVANAGARI},
    {0xA960, 0xA97F, SC_HANGUL}, {0xAB00, 0xAB2F, SC_ETHIOPIC},
    {0xAB30, 0xAB64, SC_LATIN}, {0xAB65, 0xAB65, SC_GREEK},
    {0xAB70, 0xABBF, SC_CHEROKEE}, {0xAC00, 0xD7FF, SC_HANGUL},
    {0xF900, 0xFAFF, SC_HAN}, {0xFB00, 0xFB06, SC_LATIN},
    {0xFB13, 0xFB17, SC_ARMENIAN}, {0xFB1D, 0xFB4F, SC_HEBREW},
    {0xFB50, 0xFDFF, SC_ARABIC}, {0xFE70, 0xFEFF, SC_ARABIC},
    {0xFF21, 0xFF3A, SC_LATIN}, {0xFF41, 0xFF5A, SC_LATIN},
    {0xFF66, 0xFF6F, SC_KATAKANA}, {0xFF71, 0xFF9D, SC_KATAKANA},
    {0xFFA0, 0xFFDC, SC_HANGUL}, {0x1E030, 0x1E08F, SC_CYRILLIC},
    {0x1E900, 0x1E95F, SC_ADLAM}, {0x1EE00, 0x1EEFF, SC_ARABIC},
    {0x20000, 0x3FFFF, SC_HAN},
};

/* The script of a letter, SC_NONE for anything else. */
static enum script script_of(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_NL:
        break;
    default:
        return SC_NONE;
    }
    size_t lo = 0, hi = sizeof script_ranges / sizeof script_ranges[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp > script_ranges[mid].hi)
            lo = mid + 1;
        else if (cp < script_ranges[mid].lo)
            hi = mid;
        else
            return (enum script)script_ranges[mid].script;
    }
    return SC_NONE;
}

static bool scripts_go_together(enum script a, enum script b)
{
    if (a == b)
        return true;
    if (a > b) {
        enum script t = a;
        a = b;
        b = t;
    }
    if (a == SC_HIRAGANA && b == SC_KATAKANA)
        return true;
    return b == SC_HAN && (a == SC_HIRAGANA || a == SC_KATAKANA ||
                           a == SC_BOPOMOFO || a == SC_HANGUL);
}

/* Scripts whose spelling uses ZWJ and ZWNJ inside words (Persian, the
 * Indic scripts...): no warning for a joiner after one of their letters. */
static bool script_uses_joiners(enum script s)
{
    return s == SC_ARABIC || s == SC_SYRIAC || s == SC_NKO ||
           s == SC_MONGOLIAN || (s >= SC_DEVANAGARI && s <= SC_MYANMAR) ||
           s == SC_KHMER;
}

/* ------------------------------------------------------------- tokens */

/* Decode at s[i]; an ill-formed byte is one separator byte (cp -1). */
static size_t decode(const char *s, size_t len, size_t i, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - i), &c);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    *cp = c;
    return (size_t)n;
}

bool chk_token(const char *s, size_t len, size_t *pos, size_t *start,
               size_t *end, bool *word)
{
    /* The library's own tokenizer, from the end of the previous token
     * (tokenizing is context-free there): the lint cannot drift from it. */
    gaztag_token t;
    if (*pos >= len || gaztag_tokens(s + *pos, len - *pos, &t, 1) == 0) {
        *pos = len;
        return false;
    }
    *start = *pos + t.start;
    *end = *pos = *pos + t.end;
    *word = t.is_word != 0;
    return true;
}

/* ---------------------------------------------------------- characters */

/* The problems told once per field. */
enum {
    P_LEADING = 1u << 0, P_TRAILING = 1u << 1, P_DOUBLE = 1u << 2,
    P_SPACE = 1u << 3, P_INVISIBLE = 1u << 4, P_CONTROL = 1u << 5,
    P_REPLACEMENT = 1u << 6, P_SCRIPTS = 1u << 7
};

typedef struct field_scan {
    const char *colname;
    size_t col;
    unsigned told;
    chk_say_fn say;
    void *ctx;
} field_scan;

static void tell(field_scan *f, unsigned problem, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void tell(field_scan *f, unsigned problem, const char *fmt, ...)
{
    if (f->told & problem)
        return;
    f->told |= problem;
    char msg[1200];
    int n = snprintf(msg, sizeof msg, "column %zu (%s) ", f->col + 1,
                     f->colname);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    va_end(ap);
    f->say(f->ctx, msg);
}

/* The Unicode name of the invisible and space characters met in practice. */
static const char *char_name(int32_t cp)
{
    switch (cp) {
    case 0x00A0: return " NO-BREAK SPACE";
    case 0x00AD: return " SOFT HYPHEN";
    case 0x2007: return " FIGURE SPACE";
    case 0x2009: return " THIN SPACE";
    case 0x200A: return " HAIR SPACE";
    case 0x200B: return " ZERO WIDTH SPACE";
    case 0x200C: return " ZERO WIDTH NON-JOINER";
    case 0x200D: return " ZERO WIDTH JOINER";
    case 0x200E: return " LEFT-TO-RIGHT MARK";
    case 0x200F: return " RIGHT-TO-LEFT MARK";
    case 0x202F: return " NARROW NO-BREAK SPACE";
    case 0x2060: return " WORD JOINER";
    case 0x3000: return " IDEOGRAPHIC SPACE";
    case 0xFEFF: return " ZERO WIDTH NO-BREAK SPACE (BOM)";
    default: return "";
    }
}

static bool is_space(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
           c == UTF8PROC_CATEGORY_ZP;
}

/* One code point of the field; `prev` is the one before (-1 at the start)
 * and `prev_script` the script of the last letter. */
static void scan_char(field_scan *f, int32_t cp, int32_t prev,
                      enum script prev_script, bool last)
{
    bool name_like = f->col == 0 || f->col == 3;
    bool space = is_space(cp);
    if (space && prev < 0)
        tell(f, P_LEADING, "begins with a space");
    if (space && last)
        tell(f, P_TRAILING, "ends with a space");
    if (space && name_like && prev >= 0 && is_space(prev))
        tell(f, P_DOUBLE, "has a double space");
    if (space && cp != 0x20)
        tell(f, P_SPACE, "has an unusual space: U+%04X%s", (unsigned)cp,
             char_name(cp));
    utf8proc_category_t c = utf8proc_category(cp);
    if (c == UTF8PROC_CATEGORY_CF &&
        !((cp == 0x200C || cp == 0x200D) && script_uses_joiners(prev_script)))
        tell(f, P_INVISIBLE, "has an invisible character: U+%04X%s",
             (unsigned)cp, char_name(cp));
    if (c == UTF8PROC_CATEGORY_CC)
        tell(f, P_CONTROL, "has a control character: U+%04X", (unsigned)cp);
    if (cp == 0xFFFD)
        tell(f, P_REPLACEMENT, "has U+FFFD REPLACEMENT CHARACTER (a decoding "
             "error upstream?)");
}

/* Letters of scripts not written together in one word token. */
static void scan_token_scripts(field_scan *f, const char *s, size_t start,
                               size_t end)
{
    enum script first = SC_NONE;
    for (size_t i = start; i < end;) {
        int32_t cp;
        i += decode(s, end, i, &cp);
        enum script sc = cp < 0 ? SC_NONE : script_of(cp);
        if (sc == SC_NONE)
            continue;
        if (first == SC_NONE)
            first = sc;
        else if (!scripts_go_together(first, sc)) {
            tell(f, P_SCRIPTS, "mixes scripts in '%.*s': %s, then %s U+%04X",
                 (int)(end - start), s + start, script_names[first],
                 script_names[sc], (unsigned)cp);
            return;
        }
    }
}

void chk_field_chars(const char *s, size_t len, size_t col,
                     const char *colname, chk_say_fn say, void *ctx)
{
    field_scan f = {colname, col, 0, say, ctx};
    int32_t prev = -1;
    enum script prev_script = SC_NONE;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += decode(s, len, i, &cp);
        if (cp < 0)
            continue; /* the caller promised valid UTF-8 */
        scan_char(&f, cp, prev, prev_script, i == len);
        enum script sc = script_of(cp);
        if (sc != SC_NONE)
            prev_script = sc;
        prev = cp;
    }
    if (col != 0 && col != 3)
        return;
    size_t pos = 0, start, end;
    bool word;
    while (chk_token(s, len, &pos, &start, &end, &word))
        if (word)
            scan_token_scripts(&f, s, start, end);
}
