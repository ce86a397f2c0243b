/*
 * rules.c -- the rules layer's data: given names, words that are never
 * names on their own, and cues (titles, organisation words, place words,
 * months), read from plain text files (docs/rules.md).
 */
#include "rules.h"
#include "rules_ctx.h"

#include "alloc.h"
#include "tokenize.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* -------------------------------------------------------------- loading */

static gaztag_status fail(gaztag_rules *r, gaztag_status st, const char *fmt,
                          ...)
    __attribute__((format(printf, 3, 4)));

static gaztag_status fail(gaztag_rules *r, gaztag_status st, const char *fmt,
                          ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->error, sizeof r->error, fmt, ap);
    va_end(ap);
    return st;
}

/* The interned copy of s[0..len). */
static const char *intern(gaztag_rules *r, const char *s, size_t len)
{
    for (size_t i = 0; i < r->n_strs; i++)
        if (strlen(r->strs[i]) == len && memcmp(r->strs[i], s, len) == 0)
            return r->strs[i];
    char *copy = gz_malloc(len + 1);
    if (!copy || gz_grow((void **)&r->strs, &r->strs_cap, r->n_strs + 1,
                         sizeof *r->strs) < 0) {
        gz_free(copy);
        return NULL;
    }
    memcpy(copy, s, len);
    copy[len] = '\0';
    r->strs[r->n_strs++] = copy;
    return copy;
}

gaztag_status gaztag_rules_new(gaztag_rules **out)
{
    gaztag_rules *r = gz_calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return GAZTAG_NOMEM;
    norm_scratch_init(&r->scratch);
    norm_scratch_init(&r->scratch_acc);
    static const char *const names[] = {"PERSON", "PLACE", "ORG", "OUTLET",
                                        "first-name", "family-name",
                                        "dateline", "acronym",
                                        "propagation", "place-list",
                                        "apposition"};
    const char **slots[] = {&r->person, &r->place, &r->org, &r->outlet,
                            &r->r_first, &r->r_family,
                            &r->r_dateline, &r->r_acronym, &r->r_propagation,
                            &r->r_list, &r->r_apposition};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        *slots[i] = intern(r, names[i], strlen(names[i]));
        if (!*slots[i]) {
            gaztag_rules_free(r);
            return GAZTAG_NOMEM;
        }
    }
    *out = r;
    return GAZTAG_OK;
}

void gaztag_rules_free(gaztag_rules *r)
{
    if (!r)
        return;
    rt_free(&r->words);
    rt_free(&r->before);
    rt_free(&r->before_tails);
    rt_free(&r->head);
    rt_free(&r->suffix);
    rt_free(&r->trig);
    for (size_t i = 0; i < r->n_strs; i++)
        gz_free(r->strs[i]);
    gz_free(r->strs);
    gz_free(r->cues);
    norm_scratch_free(&r->scratch);
    norm_scratch_free(&r->scratch_acc);
    gz_free(r);
}

const char *gaztag_rules_error(const gaztag_rules *r)
{
    return r ? r->error : "out of memory";
}

/* The key of s[0..len) into buf (the tokens' keys joined by a space): its
 * number of tokens, 0 when it has none or is too long, -1 when memory ran
 * out. */
static int phrase_key(gaztag_rules *r, unsigned flags, const char *s,
                      size_t len, char *buf, size_t cap, size_t *klen)
{
    tok_stream ts;
    tok_token t;
    size_t n = 0;
    int tokens = 0;
    *klen = 0;
    tok_init(&ts, s, len);
    while (tok_next(&ts, &t)) {
        const char *key;
        size_t kl;
        norm_scratch *sc = flags ? &r->scratch_acc : &r->scratch;
        if (norm_key(sc, flags, s + t.start, t.end - t.start, t.ascii, &key,
                     &kl) < 0)
            return -1;
        if (n + (n > 0) + kl >= cap)
            return 0;
        if (n > 0)
            buf[n++] = ' ';
        memcpy(buf + n, key, kl);
        n += kl;
        tokens++;
    }
    *klen = n;
    return n ? tokens : 0;
}

/* Key[0..len) is a word the pass starts from, of TRIG_ kind `kind`. */
static int set_trigger(gaztag_rules *r, const char *key, size_t len,
                       unsigned kind)
{
    uint32_t *val;
    if (rt_put(&r->trig, rt_hash(key, len), key, len, &val) < 0)
        return -1;
    *val |= kind;
    return 0;
}

static int set_word(gaztag_rules *r, const char *key, size_t len,
                    unsigned flags)
{
    uint32_t *val;
    uint64_t h = rt_hash(key, len);
    if (rt_put(&r->words, h, key, len, &val) < 0)
        return -1;
    *val |= flags;
    unsigned kind =
        (flags & (RW_FIRST | RW_FAMILY_FIRST | RW_HEAD_FIRST) ? TRIG_SELF : 0) |
        (flags & RW_SUFFIX_FIRST ? TRIG_SUFFIX : 0) |
        (flags & RW_MONTH ? TRIG_MONTH : 0);
    if ((flags & RW_SUFFIX_FIRST) && len == 1 && (uint8_t)*key < 0x80)
        kind &= ~TRIG_SUFFIX; /* "S.A.": its capital letter (add_cue()) */
    if (kind && set_trigger(r, key, len, kind) < 0)
        return -1;
    if (flags & (RW_FIRST | RW_FAMILY_FIRST))
        rb_set2(r->first_bits, RB_SELF, fh_hash(key, len));
    if (flags & RW_HEAD_FIRST)
        rb_set2(r->head_bits, RB_SMALL, fh_hash(key, len));
    if (flags & RW_SUFFIX_FIRST)
        rb_set2(r->next_bits, RB_SMALL, fh_hash(key, len));
    return 0;
}

/* The first or last word of a phrase key. */
static size_t first_word(const char *key, size_t len)
{
    const char *sp = memchr(key, ' ', len);
    return sp ? (size_t)(sp - key) : len;
}

static const char *last_word(const char *key, size_t len, size_t *wlen)
{
    size_t i = len;
    while (i > 0 && key[i - 1] != ' ')
        i--;
    *wlen = len - i;
    return key + i;
}

/* Words too common to start the pass from: a cue that ends with them is
 * found from the word before ("ville" of "ville de", "m" of "m ."). */
static bool common_word(const char *w, size_t n)
{
    static const char *const common[] = {
        "de", "du", "des", "d", "l", "la", "le", "les", "of", "the", "\xc3\xa0",
        "a", "au", "aux", "en", "et", "and", "for", "in", "on", "un", "une",
        "to", "at", "sur", ".", ")", "first"}; /* ("lady" of "first lady") */
    for (size_t i = 0; i < sizeof common / sizeof *common; i++)
        if (strlen(common[i]) == n && memcmp(common[i], w, n) == 0)
            return true;
    return false;
}

/* A cue's word of one letter at w in key[0..klen): found as its capital
 * before a full stop ("M.", "S.A."), if a full stop follows it in the
 * cue; else the pass looks at every capital (trig_none). */
static int dotted_letter(gaztag_rules *r, const char *key, size_t klen,
                         const char *w)
{
    size_t at = (size_t)(w - key);
    if (*w >= 'a' && *w <= 'z' && at + 2 < klen && w[1] == ' ' && w[2] == '.')
        r->trig_dotted |= 1u << (*w - 'a');
    else
        r->trig_none = true;
    return 0;
}

/* The word a before cue's key is found from (set_trigger()): its longest
 * word that is not one of the commonest ("gardien" of "gardien de but",
 * "ville" of "ville de"), the last of the longest.  A single letter is
 * not looked for as a word (the "m" of "M." would be every "I'm"): the
 * scan finds the capital letter, the pass its full stop ("M. X", "S.E.
 * X"). */
static int cue_trigger(gaztag_rules *r, const char *key, size_t klen)
{
    const char *best = NULL;
    size_t best_len = 0, end = klen;
    bool grave = klen == 2 && (uint8_t)key[0] == 0xC3 &&
                 (uint8_t)key[1] == 0xA0; /* "à" */
    while (end > 0) {
        size_t wl;
        const char *w = last_word(key, end, &wl);
        if (!common_word(w, wl) && wl > best_len) {
            best = w;
            best_len = wl;
        }
        end = (size_t)(w - key);
        end -= end > 0; /* (the space) */
    }
    if (best && best_len == 1 && (uint8_t)*best < 0x80)
        return dotted_letter(r, key, klen, best);
    if (best) {
        /* the tokens after it: one for each space after it in the key */
        size_t after = 0;
        for (const char *p = best + best_len; p < key + klen; p++)
            after += *p == ' ';
        if (after > 7)
            after = 7;
        return set_trigger(r, best, best_len,
                           TRIG_BEFORE | (unsigned)after << TRIG_DIST_SHIFT);
    }
    if (grave)
        r->trig_grave_a = true;
    else
        r->trig_none = true;
    return 0;
}

/* Split a line on tabs into at most 4 fields. */
static size_t split_tabs(const char *line, size_t len, const char **f,
                         size_t *flen)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len && n < 5; i++) {
        if (i == len || line[i] == '\t') {
            f[n] = line + start;
            flen[n] = i - start;
            n++;
            start = i + 1;
        }
    }
    return n;
}

static bool valid_label(const char *s, size_t len)
{
    if (len == 0 || len > 64)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_' ||
              (i > 0 && s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}

static bool valid_rule(const char *s, size_t len)
{
    if (len == 0 || len > 64)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-' ||
              (s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}

/* The shape of the first token of s[0..len) as written
 * (rctx_shape_of(), as the text's tokens are read), and in *caps bit k
 * for each token k after it written with a capital (rule_cue.caps). */
static uint8_t written_shape(const char *s, size_t len, uint8_t *caps)
{
    tok_stream ts;
    tok_token t;
    uint8_t first = SH_OTHER;
    *caps = 0;
    tok_init(&ts, s, len);
    for (unsigned k = 0; k < 8 && tok_next(&ts, &t); k++) {
        rtok w = {.start = t.start, .end = t.end, .cls = (uint8_t)t.cls};
        uint8_t shape = rctx_shape_of(s, &w);
        if (k == 0)
            first = shape;
        else if (shape == SH_CAP || shape == SH_UPPER)
            *caps |= (uint8_t)(1u << k);
    }
    return first;
}

enum cue_kind {
    CUE_BEFORE,
    CUE_HEAD,
    CUE_SUFFIX,
    CUE_LEAD,
    CUE_CONNECTOR,
    CUE_MONTH,
    CUE_TRAIL,
    CUE_COMPLEMENT,
    CUE_TERM
};

static const char *const cue_kinds[] = {"before",     "head",  "suffix",
                                        "lead",       "connector",
                                        "month",      "trail", "complement",
                                        "term"};

static gaztag_status add_cue(gaztag_rules *r, const char *name,
                             size_t lineno, const char *line, size_t len)
{
    const char *f[5];
    size_t fl[5];
    size_t nf = split_tabs(line, len, f, fl);
    int kind = -1;
    for (size_t k = 0; k < sizeof cue_kinds / sizeof *cue_kinds; k++)
        if (strlen(cue_kinds[k]) == fl[0] &&
            memcmp(cue_kinds[k], f[0], fl[0]) == 0)
            kind = (int)k;
    if (kind < 0)
        return fail(r, GAZTAG_SOURCE,
                    "%s:%zu: unknown kind '%.*s' (before, head, suffix, "
                    "lead, connector, month, trail, complement or term)",
                    name, lineno, (int)(fl[0] > 40 ? 40 : fl[0]), f[0]);
    bool labelled = kind <= CUE_LEAD;
    bool before = kind == CUE_BEFORE || kind == CUE_LEAD;
    if (nf > 4 || (labelled && nf != 4) || (!labelled && nf != 2))
        return fail(r, GAZTAG_SOURCE,
                    labelled ? "%s:%zu: %s needs 4 tab-separated fields: "
                               "kind, words, label, rule"
                             : "%s:%zu: %s needs 2 tab-separated fields: "
                               "kind, words",
                    name, lineno, cue_kinds[kind]);
    char key[256];
    size_t klen;
    /* before cues keep their accents: "à" is not the English "a" */
    int tokens = phrase_key(r, before ? GAZTAG_KEEP_ACCENTS : 0,
                            f[1], fl[1], key, sizeof key, &klen);
    if (tokens < 0)
        return GAZTAG_NOMEM;
    if (tokens == 0)
        return fail(r, GAZTAG_SOURCE, "%s:%zu: no words (or longer than %zu "
                    "bytes)", name, lineno, sizeof key - 1);
    if (tokens > 8)
        return fail(r, GAZTAG_SOURCE, "%s:%zu: a cue has at most 8 tokens",
                    name, lineno);
    if (!labelled) {
        unsigned flag = kind == CUE_CONNECTOR ? RW_CONNECTOR
                      : kind == CUE_MONTH     ? RW_MONTH
                      : kind == CUE_TRAIL     ? RW_TRAIL
                      : kind == CUE_TERM      ? RW_TERM
                                              : RW_COMPLEMENT;
        size_t wl = first_word(key, klen); /* "déc." is "dec", "d’" "d" */
        for (size_t i = wl; i < klen; i++)
            if ((unsigned char)key[i] >= 0x80 ||
                (key[i] >= '0' && key[i] <= '9') ||
                (key[i] >= 'a' && key[i] <= 'z'))
                return fail(r, GAZTAG_SOURCE, "%s:%zu: a %s is one word",
                            name, lineno, cue_kinds[kind]);
        return set_word(r, key, wl, flag) < 0 ? GAZTAG_NOMEM : GAZTAG_OK;
    }
    /* "-": words that are no cue, a longer one that stops a shorter
     * ("grâce à X": no place) */
    bool none = fl[2] == 1 && f[2][0] == '-';
    if (none && kind != CUE_BEFORE)
        return fail(r, GAZTAG_SOURCE,
                    "%s:%zu: only a before cue may have no label ('-')", name,
                    lineno);
    if (!none && !valid_label(f[2], fl[2]))
        return fail(r, GAZTAG_SOURCE,
                    "%s:%zu: bad label '%.*s' (A-Z, 0-9, _, or - for none)",
                    name, lineno, (int)(fl[2] > 40 ? 40 : fl[2]), f[2]);
    if (!valid_rule(f[3], fl[3]))
        return fail(r, GAZTAG_SOURCE,
                    "%s:%zu: bad rule name '%.*s' (a-z, 0-9, -)", name,
                    lineno, (int)(fl[3] > 40 ? 40 : fl[3]), f[3]);
    const char *label = none ? NULL : intern(r, f[2], fl[2]);
    const char *rule = intern(r, f[3], fl[3]);
    if ((!label && !none) || !rule || gz_grow((void **)&r->cues, &r->cues_cap,
                                   r->n_cues + 1, sizeof *r->cues) < 0)
        return GAZTAG_NOMEM;
    /* (a lead cue is read back from the name as a before cue is) */
    rtable *t = before             ? &r->before
              : kind == CUE_HEAD   ? &r->head
                                   : &r->suffix;
    uint32_t *val;
    if (rt_put(t, rt_hash(key, klen), key, klen, &val) < 0)
        return GAZTAG_NOMEM;
    uint8_t caps;
    uint8_t shape = written_shape(f[1], fl[1], &caps);
    r->cues[r->n_cues] = (rule_cue){label, rule, shape, caps,
                                    kind == CUE_LEAD};
    *val = (uint32_t)r->n_cues++; /* a later line replaces an earlier one */
    int rc;
    if (before) {
        size_t wl;
        const char *w = last_word(key, klen, &wl);
        rc = cue_trigger(r, key, klen);
        /* its tails, "ville de" and "de" of "la ville de": a text's words
         * before a name are read back only while they are one */
        for (size_t i = klen; i-- > 1;) {
            uint32_t *tv;
            if (key[i] == ' ' &&
                rt_put(&r->before_tails, rt_hash(key + i + 1, klen - i - 1),
                       key + i + 1, klen - i - 1, &tv) < 0)
                return GAZTAG_NOMEM;
        }
        if (tokens == 1) {
            rb_set2(r->prev_bits, RB_SMALL, fh_hash(key, klen));
        } else {
            /* the last two words: "ville de", "m ." */
            size_t pl;
            last_word(key, (size_t)(w - 1 - key), &pl);
            size_t from = (size_t)(w - 1 - key) - pl;
            rb_set2(r->mid_bits, RB_SMALL, fh_hash(w, wl));
            rb_set2(r->pair_bits, RB_SMALL,
                    fh_pair(fh_hash(key + from, pl), fh_hash(w, wl)));
            if (wl == 1 && (*w == '.' || *w == ')') && pl > r->max_closed)
                r->max_closed = (unsigned)pl;
        }
        if ((unsigned)tokens > r->max_before)
            r->max_before = (unsigned)tokens;
    } else if (kind == CUE_HEAD) {
        rc = set_word(r, key, first_word(key, klen), RW_HEAD_FIRST);
        if ((unsigned)tokens > r->max_head)
            r->max_head = (unsigned)tokens;
    } else {
        size_t fw = first_word(key, klen);
        rc = set_word(r, key, fw, RW_SUFFIX_FIRST);
        if (rc == 0 && fw == 1 && (uint8_t)*key < 0x80)
            rc = dotted_letter(r, key, klen, key);
        if ((unsigned)tokens > r->max_suffix)
            r->max_suffix = (unsigned)tokens;
    }
    return rc < 0 ? GAZTAG_NOMEM : GAZTAG_OK;
}

gaztag_status gaztag_rules_add_text(gaztag_rules *r, unsigned kind,
                                    const char *name, const char *text,
                                    size_t len)
{
    if (!r || (!text && len) || kind < GAZTAG_RULES_FIRST_NAMES ||
        kind > GAZTAG_RULES_FAMILY_FIRST)
        return r ? fail(r, GAZTAG_INVALID, "invalid argument") : GAZTAG_INVALID;
    if (!name)
        name = "(rules)";
    r->error[0] = '\0';
    size_t lineno = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + pos;
        size_t ll = end - pos;
        pos = end + 1;
        lineno++;
        if (ll && line[ll - 1] == '\r')
            ll--;
        if (memchr(line, '\0', ll))
            return fail(r, GAZTAG_SOURCE, "%s:%zu: a NUL byte", name, lineno);
        size_t lead = 0;
        while (lead < ll && (line[lead] == ' ' || line[lead] == '\t'))
            lead++;
        if (lead == ll || line[lead] == '#')
            continue;
        if (kind == GAZTAG_RULES_CUES) {
            gaztag_status st = add_cue(r, name, lineno, line, ll);
            if (st != GAZTAG_OK)
                return st == GAZTAG_NOMEM ? fail(r, st, "out of memory") : st;
            continue;
        }
        if (memchr(line, '\t', ll))
            return fail(r, GAZTAG_SOURCE, "%s:%zu: a tab (one word or name "
                        "a line)", name, lineno);
        char key[256];
        size_t klen;
        int tokens = phrase_key(r, 0, line, ll, key, sizeof key, &klen);
        if (tokens < 0)
            return fail(r, GAZTAG_NOMEM, "out of memory");
        if (tokens == 0)
            return fail(r, GAZTAG_SOURCE, "%s:%zu: no word (or longer than "
                        "%zu bytes)", name, lineno, sizeof key - 1);
        if (kind == GAZTAG_RULES_FAMILY_FIRST && tokens > 1)
            return fail(r, GAZTAG_SOURCE, "%s:%zu: a family name is one "
                        "word", name, lineno);
        unsigned flag = kind == GAZTAG_RULES_FIRST_NAMES ? RW_FIRST
                        : kind == GAZTAG_RULES_NOT_NAMES ? RW_NOT
                                                         : RW_FAMILY_FIRST;
        if (set_word(r, key, klen, flag) < 0)
            return fail(r, GAZTAG_NOMEM, "out of memory");
    }
    return GAZTAG_OK;
}

/* The kind of a rules file from its name, or 0. */
static unsigned file_kind(const char *f)
{
    size_t n = strlen(f);
    bool txt = n > 4 && strcmp(f + n - 4, ".txt") == 0;
    bool tsv = n > 4 && strcmp(f + n - 4, ".tsv") == 0;
    if (txt && strncmp(f, "first-names", 11) == 0)
        return GAZTAG_RULES_FIRST_NAMES;
    if (txt && strncmp(f, "not-names", 9) == 0)
        return GAZTAG_RULES_NOT_NAMES;
    if (tsv && strncmp(f, "cues", 4) == 0)
        return GAZTAG_RULES_CUES;
    if (txt && strncmp(f, "family-first", 12) == 0)
        return GAZTAG_RULES_FAMILY_FIRST;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The whole of the file at path in *buf (the caller frees it). */
static gaztag_status read_file(gaztag_rules *r, const char *path, char **buf,
                               size_t *len)
{
    struct stat sb = {0};
    bool sized = stat(path, &sb) == 0 && sb.st_size > 0 &&
                 (uintmax_t)sb.st_size < SIZE_MAX / 2;
    FILE *f = fopen(path, "rb");
    *buf = NULL;
    *len = 0;
    if (!f)
        return fail(r, GAZTAG_IO, "%s: %s", path, strerror(errno));
    /* (sized from the file's size, plus a byte to see its end: a buffer
     * grown as it fills is copied, into pages faulted in again) */
    size_t cap = sized ? (size_t)sb.st_size + 1 : 65536;
    *buf = gz_malloc(cap);
    for (;;) {
        if (!*buf || (*len == cap && gz_grow((void **)buf, &cap, cap + 65536,
                                             1) < 0)) {
            fclose(f);
            return fail(r, GAZTAG_NOMEM, "out of memory");
        }
        size_t got = fread(*buf + *len, 1, cap - *len, f);
        *len += got;
        if (got == 0)
            break;
    }
    bool bad = ferror(f) != 0;
    fclose(f);
    return bad ? fail(r, GAZTAG_IO, "%s: read error", path) : GAZTAG_OK;
}

/* The lines of text[0..len): at most the words one file adds. */
static size_t count_lines(const char *text, size_t len)
{
    size_t n = 1;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        if (!nl)
            break;
        n++;
        i = (size_t)(nl - text) + 1;
    }
    return n;
}

/* A rules file read whole. */
struct loaded {
    char *path, *text;
    size_t len;
};

/* Read the files names[0..n) of dir into *files (n entries, freed by the
 * caller with their paths and texts, also on failure), and count their
 * lines.  Every file is read first, so that the tables of words are made
 * once at their size: grown by doubling as the words came, they took
 * about 450 of the load's 610 page faults (some 4 ms on the 2-core VM). */
static gaztag_status read_files(gaztag_rules *r, const char *dir,
                                char *const *names, size_t n,
                                struct loaded **files, size_t *lines)
{
    *files = gz_calloc(n, sizeof **files);
    if (!*files)
        return fail(r, GAZTAG_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        struct loaded *f = &(*files)[i];
        size_t dl = strlen(dir), fl = strlen(names[i]);
        f->path = gz_malloc(dl + fl + 2);
        if (!f->path)
            return fail(r, GAZTAG_NOMEM, "out of memory");
        snprintf(f->path, dl + fl + 2, "%s/%s", dir, names[i]);
        gaztag_status st = read_file(r, f->path, &f->text, &f->len);
        if (st != GAZTAG_OK)
            return st;
        *lines += count_lines(f->text, f->len);
    }
    return GAZTAG_OK;
}

gaztag_status gaztag_rules_load_dir(gaztag_rules *r, const char *dir)
{
    if (!r || !dir)
        return r ? fail(r, GAZTAG_INVALID, "invalid argument") : GAZTAG_INVALID;
    DIR *d = opendir(dir);
    if (!d)
        return fail(r, GAZTAG_IO, "%s: %s", dir, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    gaztag_status st = GAZTAG_OK;
    const struct dirent *e;
    while (st == GAZTAG_OK && (e = readdir(d)) != NULL) {
        if (!file_kind(e->d_name))
            continue;
        size_t nl = strlen(e->d_name);
        char *copy = gz_malloc(nl + 1);
        if (!copy || gz_grow((void **)&names, &cap, n + 1, sizeof *names) < 0) {
            gz_free(copy);
            st = fail(r, GAZTAG_NOMEM, "out of memory");
            break;
        }
        memcpy(copy, e->d_name, nl + 1);
        names[n++] = copy;
    }
    closedir(d);
    if (st == GAZTAG_OK && n == 0)
        st = fail(r, GAZTAG_IO, "%s: no rules files (first-names*.txt, "
                  "not-names*.txt, cues*.tsv, family-first*.txt)", dir);
    if (n > 1)
        qsort(names, n, sizeof *names, by_name);
    struct loaded *files = NULL;
    size_t lines = 0;
    if (st == GAZTAG_OK && n)
        st = read_files(r, dir, names, n, &files, &lines);
    /* (lines over-count the words: comments, blank lines, a name in two
     * lists, cues that add none; a table short of room doubles once) */
    lines = lines / 4 * 3;
    if (st == GAZTAG_OK && (rt_reserve(&r->words, r->words.n + lines) < 0 ||
                            rt_reserve(&r->trig, r->trig.n + lines) < 0))
        st = fail(r, GAZTAG_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (st == GAZTAG_OK && files)
            st = gaztag_rules_add_text(r, file_kind(names[i]), files[i].path,
                                       files[i].text, files[i].len);
        if (files) {
            gz_free(files[i].path);
            gz_free(files[i].text);
        }
        gz_free(names[i]);
    }
    gz_free(files);
    gz_free(names);
    return st;
}
