/*
 * gazetteer.c -- open, validate and query a compiled gazetteer.
 */
#define _XOPEN_SOURCE 700
#include "gazetteer.h"

#include "alloc.h"
#include "mph.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static gaztag_status refuse(gaztag_gazetteer *g, gaztag_status st,
                            const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static gaztag_status refuse(gaztag_gazetteer *g, gaztag_status st,
                            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->errmsg, sizeof g->errmsg, fmt, ap);
    va_end(ap);
    g->status = st;
    return st;
}

static bool host_little_endian(void)
{
    const uint16_t one = 1;
    return *(const uint8_t *)&one == 1;
}

static gaztag_status check_header(gaztag_gazetteer *g)
{
    const uint8_t *h = g->base;
    if (g->size < GZF_MAGIC_LEN || memcmp(h, GZF_MAGIC, GZF_MAGIC_LEN) != 0)
        return refuse(g, GAZTAG_FORMAT, "not a gaztag gazetteer (bad magic)");
    if (g->size < GZF_HEADER_SIZE)
        return refuse(g, GAZTAG_CORRUPT, "file is %zu bytes, shorter than the "
                      "header (truncated?)", g->size);
    uint32_t version = gzf_rd32(h + GZF_H_VERSION);
    if (version != GZF_VERSION)
        return refuse(g, GAZTAG_VERSION, "format version %u, this library "
                      "reads version %u: recompile the sources", version,
                      GZF_VERSION);
    if (!host_little_endian())
        return refuse(g, GAZTAG_FORMAT, "big-endian hosts are not supported");
    if (gzf_rd32(h + GZF_H_HEADER_SIZE) != GZF_HEADER_SIZE)
        return refuse(g, GAZTAG_CORRUPT, "bad header size");
    uint64_t fsize = gzf_rd64(h + GZF_H_FILE_SIZE);
    if (fsize != g->size)
        return refuse(g, GAZTAG_CORRUPT, "file is %zu bytes, header says "
                      "%llu (truncated?)", g->size, (unsigned long long)fsize);
    if (gzf_rd32(h + GZF_H_N_SECTIONS) != GZF_SEC_COUNT ||
        g->size < GZF_HEADER_SIZE + GZF_SECTION_SIZE * GZF_SEC_COUNT)
        return refuse(g, GAZTAG_CORRUPT, "bad section count");
    size_t table_end = GZF_HEADER_SIZE + GZF_SECTION_SIZE * GZF_SEC_COUNT;
    if (gzf_header_crc(h, table_end) != gzf_rd32(h + GZF_H_HEADER_CRC))
        return refuse(g, GAZTAG_CORRUPT, "header checksum mismatch");
    return GAZTAG_OK;
}

static void read_info(gaztag_gazetteer *g)
{
    const uint8_t *h = g->base;
    gaztag_info *in = &g->info;
    uint32_t uv = gzf_rd32(h + GZF_H_UNICODE);
    in->format_version = gzf_rd32(h + GZF_H_VERSION);
    in->norm_flags = gzf_rd32(h + GZF_H_NORM_FLAGS);
    snprintf(in->unicode_version, sizeof in->unicode_version, "%u.%u.%u",
             (uv >> 16) & 0xFF, (uv >> 8) & 0xFF, uv & 0xFF);
    in->file_size = g->size;
    in->n_entries = gzf_rd32(h + GZF_H_N_ENTRIES);
    in->n_vocab = gzf_rd32(h + GZF_H_N_VOCAB);
    in->n_phrases = gzf_rd32(h + GZF_H_N_EDGES);
    in->n_labels = gzf_rd32(h + GZF_H_N_LABELS);
    in->max_phrase_tokens = gzf_rd32(h + GZF_H_MAX_TOKENS);
}

/* The record size of a section kind, or 0 for variable-size sections. */
static size_t record_count_size(const gaztag_gazetteer *g, uint32_t kind,
                                uint64_t *count)
{
    switch (kind) {
    case GZF_SEC_VOCAB: *count = g->info.n_vocab; return GZF_VOCAB_REC;
    case GZF_SEC_EDGES: *count = g->info.n_phrases; return GZF_EDGE_REC;
    case GZF_SEC_ENTRIES: *count = g->info.n_entries; return GZF_ENTRY_REC;
    case GZF_SEC_LABELS: *count = g->info.n_labels; return 4;
    default: *count = 0; return 0;
    }
}

static gaztag_status check_mph(gaztag_gazetteer *g, uint32_t kind,
                               uint32_t mode, const uint8_t *p, uint64_t size)
{
    uint32_t n = kind == GZF_SEC_VOCAB_MPH ? g->info.n_vocab
                                           : g->info.n_phrases;
    bool ok;
    if (n == 0)
        ok = mode == GZF_MPH_EMPTY && size == 0;
    else if (n <= GZF_LINEAR_MAX)
        ok = mode == GZF_MPH_LINEAR && size == 0;
    else
        ok = mode == GZF_MPH_BDZ && mph_check(p, (size_t)size, n) == 0;
    if (!ok)
        return refuse(g, GAZTAG_CORRUPT, "bad hash function in section %u",
                      kind);
    return GAZTAG_OK;
}

static bool is_filter(uint32_t kind)
{
    return kind == GZF_SEC_FILTER || kind == GZF_SEC_START_FILTER ||
           kind == GZF_SEC_EDGE_FILTER || kind == GZF_SEC_PAIR_FILTER;
}

static gaztag_status place_section(gaztag_gazetteer *g, uint32_t kind,
                                   const uint8_t *p, uint64_t size,
                                   uint32_t flags)
{
    if (is_filter(kind) &&
        (flags < GZF_FILTER_MIN_LOG2 || flags > GZF_FILTER_MAX_LOG2 ||
         size != (UINT64_C(1) << (flags - 3))))
        return refuse(g, GAZTAG_CORRUPT, "bad key filter section");
    switch (kind) {
    case GZF_SEC_STRINGS: g->pool = p; g->pool_size = (size_t)size; break;
    case GZF_SEC_LABELS: g->labels = p; break;
    case GZF_SEC_FORMS:
        if (size % GZF_FORM_REC || size / GZF_FORM_REC > g->info.n_entries)
            return refuse(g, GAZTAG_CORRUPT, "bad strict key section");
        g->forms = p;
        g->n_forms = (size_t)(size / GZF_FORM_REC);
        break;
    case GZF_SEC_ENTRIES: g->entries = p; break;
    case GZF_SEC_VOCAB: g->vocab = p; break;
    case GZF_SEC_EDGES: g->edges = p; break;
    case GZF_SEC_VOCAB_MPH: g->vocab_mph = p; g->vocab_mode = flags; break;
    case GZF_SEC_EDGE_MPH: g->edge_mph = p; g->edge_mode = flags; break;
    case GZF_SEC_FILTER:
        g->filter = p;
        g->filter_words = gzf_filter_words(flags);
        break;
    case GZF_SEC_START_FILTER:
        g->start_filter = p;
        g->start_words = gzf_filter_words(flags);
        break;
    case GZF_SEC_EDGE_FILTER:
        g->edge_filter = p;
        g->edge_words = gzf_filter_words(flags);
        break;
    case GZF_SEC_PAIR_FILTER:
        g->pair_filter = p;
        g->pair_words = gzf_filter_words(flags);
        break;
    default: break;
    }
    if (kind == GZF_SEC_VOCAB_MPH || kind == GZF_SEC_EDGE_MPH)
        return check_mph(g, kind, flags, p, size);
    return GAZTAG_OK;
}

static gaztag_status check_section(gaztag_gazetteer *g, uint32_t i,
                                   uint32_t *seen)
{
    const uint8_t *e = g->base + GZF_HEADER_SIZE + (size_t)GZF_SECTION_SIZE * i;
    uint32_t kind = gzf_rd32(e), flags = gzf_rd32(e + 4);
    uint64_t off = gzf_rd64(e + 8), size = gzf_rd64(e + 16), count;
    size_t table_end = GZF_HEADER_SIZE + GZF_SECTION_SIZE * GZF_SEC_COUNT;
    if (kind < 1 || kind > GZF_SEC_COUNT || (*seen & (1u << kind)))
        return refuse(g, GAZTAG_CORRUPT, "bad section table entry %u", i);
    *seen |= 1u << kind;
    if (off % GZF_ALIGN || off < table_end || off > g->size ||
        size > g->size - off)
        return refuse(g, GAZTAG_CORRUPT, "section %u lies outside the file",
                      kind);
    size_t rec = record_count_size(g, kind, &count);
    if (rec && size != rec * count)
        return refuse(g, GAZTAG_CORRUPT, "section %u has %llu bytes for %llu "
                      "records", kind, (unsigned long long)size,
                      (unsigned long long)count);
    if ((kind != GZF_SEC_VOCAB_MPH && kind != GZF_SEC_EDGE_MPH &&
         !is_filter(kind) && flags) ||
        (kind == GZF_SEC_STRINGS && size >= GZF_NONE))
        return refuse(g, GAZTAG_CORRUPT, "bad section %u", kind);
    return place_section(g, kind, g->base + off, size, flags);
}

static gaztag_status validate(gaztag_gazetteer *g, unsigned flags)
{
    gaztag_status st = check_header(g);
    if (st != GAZTAG_OK)
        return st;
    read_info(g);
    if (g->info.norm_flags & ~(GAZTAG_CASE_SENSITIVE | GAZTAG_KEEP_ACCENTS))
        return refuse(g, GAZTAG_CORRUPT, "unknown normalisation flags");
    if (g->info.n_vocab + (uint64_t)g->info.n_phrases >= GZF_NONE ||
        g->info.max_phrase_tokens > GAZTAG_MAX_PHRASE_TOKENS)
        return refuse(g, GAZTAG_CORRUPT, "bad counts in header");
    uint32_t seen = 0;
    for (uint32_t i = 0; i < GZF_SEC_COUNT; i++)
        if ((st = check_section(g, i, &seen)) != GAZTAG_OK)
            return st;
    if (flags & GAZTAG_OPEN_VERIFY) {
        size_t table_end = GZF_HEADER_SIZE + GZF_SECTION_SIZE * GZF_SEC_COUNT;
        uint32_t crc = gzf_crc32c(0, g->base + table_end, g->size - table_end);
        if (crc != gzf_rd32(g->base + GZF_H_BODY_CRC))
            return refuse(g, GAZTAG_CORRUPT, "body checksum mismatch");
    }
    return GAZTAG_OK;
}

gaztag_status gaztag_open_memory(const void *data, size_t len, unsigned flags,
                                 gaztag_gazetteer **out)
{
    gaztag_gazetteer *g = gz_calloc(1, sizeof *g);
    *out = g;
    if (!g)
        return GAZTAG_NOMEM;
    g->base = data;
    g->size = len;
    if (((uintptr_t)data & (GZF_ALIGN - 1)) != 0)
        return refuse(g, GAZTAG_INVALID, "buffer is not 8-byte aligned");
    return validate(g, flags);
}

gaztag_status gaztag_open(const char *path, unsigned flags,
                          gaztag_gazetteer **out)
{
    gaztag_gazetteer *g = gz_calloc(1, sizeof *g);
    struct stat st;
    *out = g;
    if (!g)
        return GAZTAG_NOMEM;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) < 0) {
        refuse(g, GAZTAG_IO, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return g->status;
    }
    if (!S_ISREG(st.st_mode) || st.st_size < GZF_HEADER_SIZE) {
        close(fd);
        return refuse(g, S_ISREG(st.st_mode) ? GAZTAG_FORMAT : GAZTAG_IO,
                      "%s: %s", path, S_ISREG(st.st_mode) ?
                      "too small to be a gaztag gazetteer" : "not a file");
    }
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return refuse(g, GAZTAG_IO, "%s: %s", path, strerror(errno));
    g->base = map;
    g->size = (size_t)st.st_size;
    g->mapped = true;
    gaztag_status s = validate(g, flags);
    if (s != GAZTAG_OK) {
        char msg[sizeof g->errmsg + 1024];
        snprintf(msg, sizeof msg, "%s: %s", path, g->errmsg);
        size_t n = strlen(msg);
        n = n < sizeof g->errmsg ? n : sizeof g->errmsg - 1;
        memcpy(g->errmsg, msg, n);
        g->errmsg[n] = '\0';
    }
    return s;
}

const char *gaztag_errmsg(const gaztag_gazetteer *g)
{
    return g ? g->errmsg : "out of memory";
}

void gaztag_close(gaztag_gazetteer *g)
{
    if (!g)
        return;
    if (g->mapped)
        /* NOLINTNEXTLINE(performance-no-int-to-ptr): only drops const */
        munmap((void *)(uintptr_t)g->base, g->size);
    gz_free(g);
}

void gaztag_get_info(const gaztag_gazetteer *g, gaztag_info *out)
{
    *out = g->info;
}

/* ---------------------------------------------------------------- lookups */

static bool vocab_match(const gaztag_gazetteer *g, uint32_t slot,
                        const char *key, size_t len, gzt_node *out)
{
    const uint8_t *rec = g->vocab + (size_t)GZF_VOCAB_REC * slot;
    uint32_t off = gzf_rd32(rec), klen = gzf_rd32(rec + 4);
    if (klen != len || off > g->pool_size || klen > g->pool_size - off ||
        memcmp(g->pool + off, key, len) != 0)
        return false;
    out->id = slot;
    out->entry_first = gzf_rd32(rec + 8);
    out->count_flags = gzf_rd32(rec + 12);
    return true;
}

bool gzt_vocab_find(const gaztag_gazetteer *g, const char *key, size_t len,
                    gzt_node *out)
{
    uint32_t n = g->info.n_vocab;
    if (g->vocab_mode == GZF_MPH_BDZ) {
        uint32_t slot = mph_slot(g->vocab_mph, n, key, len);
        return slot != UINT32_MAX && vocab_match(g, slot, key, len, out);
    }
    for (uint32_t slot = 0; slot < n; slot++)
        if (vocab_match(g, slot, key, len, out))
            return true;
    return false;
}

static bool edge_match(const gaztag_gazetteer *g, uint32_t slot,
                       const uint8_t key[8], gzt_node *out)
{
    const uint8_t *rec = g->edges + (size_t)GZF_EDGE_REC * slot;
    if (memcmp(rec, key, 8) != 0)
        return false;
    out->id = gzf_rd32(rec + 8);
    out->entry_first = gzf_rd32(rec + 12);
    out->count_flags = gzf_rd32(rec + 16);
    return true;
}

bool gzt_edge_find(const gaztag_gazetteer *g, const gzt_node *parent,
                   uint32_t token, gzt_node *out)
{
    uint8_t key[8];
    uint32_t n = g->info.n_phrases;
    gzf_wr32(key, parent->id);
    gzf_wr32(key + 4, token);
    if (!gzf_filter_test(g->edge_filter, g->edge_words, gzf_key_hash(key, 8)))
        return false;
    if (g->edge_mode == GZF_MPH_BDZ) {
        uint32_t slot = mph_slot(g->edge_mph, n, key, 8);
        return slot != UINT32_MAX && edge_match(g, slot, key, out);
    }
    for (uint32_t slot = 0; slot < n; slot++)
        if (edge_match(g, slot, key, out))
            return true;
    return false;
}

/* A pool string [u32 len][bytes][NUL] at ref; NULL for GZF_NONE, *bad set
 * when the reference is out of bounds. */
static const char *pool_string(const gaztag_gazetteer *g, uint32_t ref,
                               bool *bad)
{
    if (ref == GZF_NONE)
        return NULL;
    if (ref > g->pool_size || g->pool_size - ref < 5) {
        *bad = true;
        return NULL;
    }
    uint32_t len = gzf_rd32(g->pool + ref);
    if (len > g->pool_size - ref - 5 || g->pool[ref + 4 + len] != 0) {
        *bad = true;
        return NULL;
    }
    return (const char *)g->pool + ref + 4;
}

gaztag_status gzt_entry(const gaztag_gazetteer *g, uint32_t index,
                        gaztag_entry *out)
{
    bool bad = false;
    if (index >= g->info.n_entries)
        return GAZTAG_CORRUPT;
    const uint8_t *rec = g->entries + (size_t)GZF_ENTRY_REC * index;
    uint32_t label = gzf_rd32(rec);
    if (label >= g->info.n_labels)
        return GAZTAG_CORRUPT;
    out->label = pool_string(g, gzf_rd32(g->labels + 4 * (size_t)label), &bad);
    out->id = pool_string(g, gzf_rd32(rec + 4), &bad);
    out->canonical = pool_string(g, gzf_rd32(rec + 8), &bad);
    out->flags = gzf_rd32(rec + 12) &
                 (GAZTAG_ENTRY_CAP | GAZTAG_ENTRY_CASE | GAZTAG_ENTRY_ACCENTS |
                  GAZTAG_ENTRY_REMOVE | GAZTAG_ENTRY_YIELD);
    return bad || !out->label ? GAZTAG_CORRUPT : GAZTAG_OK;
}

bool gzt_entry_form(const gaztag_gazetteer *g, uint32_t index, const char **s,
                    size_t *len)
{
    size_t lo = 0, hi = g->n_forms;
    while (lo < hi) { /* records are sorted by entry index */
        size_t mid = lo + (hi - lo) / 2;
        uint32_t at = gzf_rd32(g->forms + GZF_FORM_REC * mid);
        if (at == index) {
            bool bad = false;
            uint32_t ref = gzf_rd32(g->forms + GZF_FORM_REC * mid + 4);
            *s = pool_string(g, ref, &bad);
            if (bad || !*s)
                return false;
            *len = gzf_rd32(g->pool + ref);
            return true;
        }
        if (at < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}
