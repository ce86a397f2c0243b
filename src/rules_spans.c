/*
 * rules_spans.c -- the spans rules_apply() gives out: the rules', with
 * their code point and UTF-16 offsets counted from the last known
 * position, which only moves forward, put among the gazetteer's in place
 * at the end (rules_merge()); and the rules' scratch state that holds
 * them.
 */
#include "rules.h"
#include "rules_ctx.h"

#include "alloc.h"
#include "tokenize.h"

#include <string.h>

#if (defined(__SSE2__) || defined(_M_X64)) && !defined(GAZTAG_NO_SIMD)
#include <emmintrin.h>
#define RULES_SSE2 1
#endif

/* ------------------------------------------------------------- the state */

void rules_state_init(rules_state *st)
{
    memset(st, 0, sizeof *st);
    st->doc_order = RB_DOC_MIN;
    st->lapse_at = SIZE_MAX;
    norm_scratch_init(&st->scratch);
    norm_scratch_init(&st->scratch_acc);
}

void rules_forget_words(rules_state *st)
{
    memset(st->word_memo, 0, sizeof st->word_memo);
}

void rules_state_free(rules_state *st)
{
    norm_scratch_free(&st->scratch);
    norm_scratch_free(&st->scratch_acc);
    gz_free(st->out);
    gz_free(st->out_at);
    rt_free(&st->doc);
    gz_free(st->entries);
    gz_free(st->doc_set);
    gz_free(st->cand);
    gz_free(st->heap);
    gz_free(st->needles);
    gz_free(st->kept);
    gz_free(st->kept_keys);
    memset(st, 0, sizeof *st);
}

/* ---------------------------------------------------------- giving spans */

#ifdef RULES_SSE2
/* The 16 bytes at p, and up to 2 after them, as whole code points of 1 to
 * 3 bytes, none that the tokenizer could count otherwise: ASCII, 2-byte
 * sequences from lead 0xC2, 3-byte ones of leads 0xE1 to 0xEF but 0xED
 * (0xE0 and 0xED are ill-formed with some bytes after them), each lead
 * followed by as many continuation bytes as it says, and p[0] no
 * continuation byte.  Then the bytes taken (16 to 18; at most `left`) and
 * their code points in *cps (each one UTF-16 unit); else 0.  French
 * (é, à) and the press's punctuation (’, «, –) are all such. */
static inline size_t simple_count16(const uint8_t *p, size_t left,
                                    size_t *cps)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    unsigned high = (unsigned)_mm_movemask_epi8(v);
    if (!high) {
        *cps = 16;
        return 16;
    }
    /* (as signed: continuation bytes -128 to -65, 0xC2-0xDF -62 to -33,
     * 0xE1-0xEC -31 to -20, 0xEE-0xEF -18 and -17) */
    __m128i contv = _mm_cmplt_epi8(v, _mm_set1_epi8(-64));
    unsigned cont = (unsigned)_mm_movemask_epi8(contv);
    unsigned two = (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-63)),
                      _mm_cmplt_epi8(v, _mm_set1_epi8(-32))));
    unsigned three = (unsigned)_mm_movemask_epi8(_mm_or_si128(
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-32)),
                      _mm_cmplt_epi8(v, _mm_set1_epi8(-19))),
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-19)),
                      _mm_cmplt_epi8(v, _mm_set1_epi8(-16)))));
    unsigned want = two << 1 | three << 1 | three << 2;
    if ((cont | two | three) != high || (want & 0xFFFFu) != cont)
        return 0;
    size_t more = want >> 16 ? (want >> 17 ? 2 : 1) : 0; /* (17 or 18) */
    if (16 + more > left)
        return 0;
    for (size_t k = 0; k < more; k++)
        if ((p[16 + k] & 0xC0) != 0x80)
            return 0;
    /* (the continuation bytes counted by a sum of their 1s: the
     * baseline has no popcnt) */
    __m128i ones = _mm_sad_epu8(_mm_and_si128(contv, _mm_set1_epi8(1)),
                                _mm_setzero_si128());
    *cps = 16 - (size_t)_mm_cvtsi128_si32(ones) -
           (size_t)_mm_extract_epi16(ones, 4);
    return 16 + more;
}
#endif

void rules_count(const char *text, size_t len, size_t from, size_t to,
                 size_t *cps_out, size_t *units_out)
{
    const uint8_t *s = (const uint8_t *)text;
    size_t i = from, cps = 0, units = 0;
    while (i < to) {
        size_t run; /* ASCII bytes from i */
#ifdef RULES_SSE2
        /* (whole code points 16 bytes at a time, where they are simple) */
        while (to - i >= 16) {
            size_t n, took = simple_count16(s + i, to - i, &n);
            if (!took)
                break;
            i += took;
            cps += n;
            units += n;
        }
        if (i >= to)
            break;
        if (len - i >= 16) {
            /* (French has a letter from 0x80 every few words: the ASCII
             * run to it, or to `to`, is counted at once, not byte by
             * byte) */
            unsigned h = (unsigned)_mm_movemask_epi8(
                _mm_loadu_si128((const __m128i *)(const void *)(s + i)));
            h |= to - i < 16 ? 1u << (to - i) : 1u << 16;
            run = (size_t)__builtin_ctz(h);
        } else
#endif
        {
            run = 0;
            while (i + run < to && s[i + run] < 0x80)
                run++;
        }
        i += run;
        cps += run;
        units += run;
        if (i >= to || s[i] < 0x80)
            continue;
        int32_t cp;
        i += tok_decode_high(s + i, len - i, &cp);
        cps++;
        units += cp >= 0x10000 ? 2 : 1;
    }
    *cps_out = cps;
    *units_out = units;
}

/* Move the known position forward to byte `to`, counting code points and
 * UTF-16 units as the tokenizer does. */
static void advance(actx *c, size_t to)
{
    size_t cps, units;
    if (to <= c->cur_b)
        return;
    rules_count(c->text, c->len, c->cur_b, to, &cps, &units);
    c->cur_b = to;
    c->cur_c += cps;
    c->cur_u += units;
}

/* Is span s (of the text, ending at `end`) a place?  Then a list of places
 * may go on after it (rules_apply.c, rule_list()). */
static void note_place(actx *c, const gaztag_span *s, size_t end)
{
    if (s->n_entries && s->entry.label &&
        label_is(c, s->entry.label, LABEL_PLACE))
        c->place_end = end;
}

/* Give out a rule's or the document's span s, after the input spans
 * passed so far. */
static int push(actx *c, const gaztag_span *s)
{
    rules_state *st = c->st;
    if (gz_grow((void **)&st->out, &st->out_cap, st->n_out + 1,
                sizeof *st->out) < 0 ||
        gz_grow((void **)&st->out_at, &st->out_at_cap, st->n_out + 1,
                sizeof *st->out_at) < 0)
        return -1;
    st->out_at[st->n_out] = c->gi;
    st->out[st->n_out++] = *s;
    return 0;
}

/* (rules_ctx.h) */
const gaztag_span *rctx_last_given(const actx *c)
{
    const rules_state *st = c->st;
    if (st->n_out && st->out_at[st->n_out - 1] == c->gi)
        return &st->out[st->n_out - 1];
    return c->gi ? &c->in[c->gi - 1] : NULL;
}

/* (rules_ctx.h) The gazetteer's spans stay where they are (in c->in):
 * copying each to an output array cost a cache miss a line written. */
int rctx_pass_gazetteer(actx *c, size_t pos)
{
    while (c->gi < c->n_in && c->in[c->gi].end - c->base_b <= pos) {
        gaztag_span *s = &c->in[c->gi++];
        size_t start = s->start - c->base_b, end = s->end - c->base_b;
        /* (what rctx_as_person(), rctx_learn_span() and note_place() do
         * with a span of the gazetteer, asked of its label first: most
         * spans teach nothing) */
        if (s->n_entries && s->entry.label) {
            bool person = label_is(c, s->entry.label, LABEL_PERSON);
            bool place = label_is(c, s->entry.label, LABEL_PLACE);
            if (c->propagate && person) {
                if (rctx_learn_span(c, s, start, end) < 0)
                    return -1;
            } else if (c->propagate && c->st->doc.n &&
                       rctx_one_word_may(c, start, end) &&
                       rctx_as_person(c, s, start, end)) {
                place = false; /* (now the document's person) */
            }
            if (place)
                c->place_end = end;
        }
        if (end > c->cur_b) {
            c->cur_b = end;
            c->cur_c = s->cend - c->base_c;
            c->cur_u = s->uend - c->base_u;
        }
        c->last_end = end;
    }
    return 0;
}

int rules_merge(const rules_state *st, gaztag_span **arr, size_t *n,
                size_t *cap)
{
    size_t nr = st->n_out, i = *n;
    if (nr == 0)
        return 0;
    if (gz_grow((void **)arr, cap, i + nr, sizeof **arr) < 0)
        return -1;
    gaztag_span *a = *arr;
    size_t k = i + nr;
    for (size_t j = nr; j-- > 0;) {
        while (i > st->out_at[j])
            a[--k] = a[--i];
        a[--k] = st->out[j];
    }
    *n += nr;
    return 0;
}

/* (rules_ctx.h) */
bool rctx_yielding_next(const actx *c, size_t *end, size_t *after)
{
    if (c->gi >= c->n_in)
        return false;
    const gaztag_span *s = &c->in[c->gi];
    bool ascii;
    size_t start = s->start - c->base_b;
    *end = s->end - c->base_b;
    *after = c->gi + 1 < c->n_in ? s[1].start - c->base_b : c->len;
    if (s->origin != GAZTAG_FROM_GAZETTEER ||
        !(s->entry.flags & GAZTAG_ENTRY_YIELD) || start != c->limit ||
        word_end(c, start, &ascii) != *end)
        return false;
    gaztag_entry e;
    for (uint32_t k = 1; k < s->n_entries; k++)
        if (gaztag_span_entry(NULL, s, k, &e) != GAZTAG_OK ||
            !(e.flags & GAZTAG_ENTRY_YIELD))
            return false;
    return true;
}

/* Set span s to bytes [start, end) of the text: its offsets in bytes,
 * code points and UTF-16 units (start >= the known position), its text. */
static void place_span(actx *c, gaztag_span *s, size_t start, size_t end)
{
    advance(c, start);
    s->start = c->base_b + start;
    s->cstart = c->base_c + c->cur_c;
    s->ustart = c->base_u + c->cur_u;
    advance(c, end);
    s->end = c->base_b + end;
    s->cend = c->base_c + c->cur_c;
    s->uend = c->base_u + c->cur_u;
    s->text = c->text + start;
}

/* (rules_ctx.h) */
void rctx_take_gazetteer(actx *c, size_t start, size_t end,
                         const char *label, const char *rule)
{
    gaztag_span *s = &c->in[c->gi];
    place_span(c, s, start, end);
    rctx_infer_span(s, &(gaztag_entry){label, NULL, NULL, 0},
                    GAZTAG_FROM_RULE, rule);
}

/* (start >= last_end, end <= limit: the spans stay in order.) */
int rctx_give(actx *c, size_t start, size_t end, const gaztag_entry *e,
              unsigned origin, const char *rule)
{
    gaztag_span s;
    memset(&s, 0, sizeof s);
    place_span(c, &s, start, end);
    rctx_infer_span(&s, e, origin, rule);
    c->last_end = end;
    note_place(c, &s, end);
    if (push(c, &s) < 0 || rctx_learn_span(c, &s, start, end) < 0)
        return -1;
    return 0;
}
