/*
 * gazfile.h -- the compiled gazetteer format, shared by builder and reader.
 *
 * docs/format.md is the byte-by-byte description.  In short: a 64-byte
 * header, a table of sections, then 8-byte aligned sections.  Everything is
 * little-endian; cmph's packed functions are stored as cmph_pack() writes
 * them (little-endian hosts only).
 *
 * The phrase trie.  Every distinct token key is a vocabulary slot (its slot
 * in the vocabulary MPH); a single-token phrase is its vocabulary record.
 * A longer phrase (or a prefix of one) is an edge record found through the
 * edge MPH by the 8-byte key (parent node id, token slot).  Node ids are
 * stable numbers written by the builder: a vocabulary node's id is its slot,
 * an edge node's id is stored in its record, because edge slots are only
 * known after the keys, which contain the ids, are hashed.
 */
#ifndef GAZTAG_GAZFILE_H
#define GAZTAG_GAZFILE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define GZF_MAGIC "GZTG\r\n\x1a\n"
#define GZF_MAGIC_LEN 8
#define GZF_VERSION 3
#define GZF_HEADER_SIZE 64
#define GZF_SECTION_SIZE 24
#define GZF_ALIGN 8

/* Header field offsets. */
enum {
    GZF_H_MAGIC = 0,
    GZF_H_VERSION = 8,
    GZF_H_HEADER_SIZE = 12,
    GZF_H_FILE_SIZE = 16,
    GZF_H_NORM_FLAGS = 24,
    GZF_H_UNICODE = 28,
    GZF_H_N_ENTRIES = 32,
    GZF_H_N_VOCAB = 36,
    GZF_H_N_EDGES = 40,
    GZF_H_N_LABELS = 44,
    GZF_H_MAX_TOKENS = 48,
    GZF_H_N_SECTIONS = 52,
    GZF_H_HEADER_CRC = 56,
    GZF_H_BODY_CRC = 60,
};

enum gzf_section_kind {
    GZF_SEC_STRINGS = 1,   /* string pool */
    GZF_SEC_VOCAB_MPH = 2, /* MPH over token keys; flags = enum gzf_mph_mode */
    GZF_SEC_VOCAB = 3,     /* n_vocab x 16-byte vocabulary records */
    GZF_SEC_EDGE_MPH = 4,  /* MPH over 8-byte edge keys */
    GZF_SEC_EDGES = 5,     /* n_edges x 20-byte edge records */
    GZF_SEC_ENTRIES = 6,   /* n_entries x 16-byte entry records */
    GZF_SEC_LABELS = 7,    /* n_labels x 4-byte string references */
    GZF_SEC_FILTER = 8,    /* register-blocked Bloom filter of token keys;
                              flags = log2 of its size in bits */
    GZF_SEC_START_FILTER = 9, /* the same over keys that start a name */
    GZF_SEC_EDGE_FILTER = 10, /* the same over the 8-byte edge keys */
    GZF_SEC_PAIR_FILTER = 11, /* pairs of keys that begin a longer name */
    GZF_SEC_FORMS = 12,    /* 8-byte (entry index, string ref) records, by
                              entry: strict keys of case/accents entries */
};
#define GZF_SEC_COUNT 12
#define GZF_FORM_REC 8

/* How a key set is hashed: tiny sets are scanned, cmph dislikes them. */
enum gzf_mph_mode { GZF_MPH_EMPTY = 0, GZF_MPH_LINEAR = 1, GZF_MPH_BDZ = 2 };
#define GZF_LINEAR_MAX 8

#define GZF_VOCAB_REC 16 /* key_off, key_len, entry_first, count_flags */
#define GZF_EDGE_REC 20  /* parent, token, self, entry_first, count_flags */
#define GZF_ENTRY_REC 16 /* label, id_ref, canonical_ref, flags */

/* count_flags: low 24 bits entry count, bit 24 "longer phrases follow". */
#define GZF_COUNT_MASK 0x00FFFFFFu
#define GZF_HAS_CHILDREN 0x01000000u
#define GZF_HAS_FLAGGED 0x02000000u /* some entry of the node has flags */
#define GZF_FORM_SEP '\x1f' /* between the token keys of a strict key */
#define GZF_NONE 0xFFFFFFFFu /* absent string reference */

/* The key filter: a register-blocked Bloom filter over the vocabulary's
 * keys, 16 bits a key rounded up to a power of two, 3 bits a key inside one
 * 64-bit word.  Most text tokens are not in any name: the
 * tagger tests the filter first and skips the hash lookup for ~99% of them.
 * The start filter holds only the keys that begin a name: a text token that
 * fails it cannot start a match, and is looked up only if it follows one.
 * The edge filter does the same for phrase continuations: most pairs of
 * known tokens ("the" then "city") continue no name.  The start filter has
 * a second bit set in the same word for the keys that are a whole name by
 * themselves, and the pair filter lets the tagger's fast scan settle most
 * other starters without a lookup: a starter that is no name by itself can
 * only begin a match with a next token that the pair filter knows
 * (gzf_pair_hash of both keys' hashes). */
#define GZF_FILTER_BITS_PER_KEY 16
#define GZF_FILTER_MIN_LOG2 9
#define GZF_FILTER_MAX_LOG2 34

/* Normalisation flags in the header are GAZTAG_CASE_SENSITIVE and
 * GAZTAG_KEEP_ACCENTS; any other bit makes the file unreadable. */

static inline uint32_t gzf_rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static inline uint64_t gzf_rd64(const uint8_t *p)
{
    return (uint64_t)gzf_rd32(p) | (uint64_t)gzf_rd32(p + 4) << 32;
}

static inline void gzf_wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline void gzf_wr64(uint8_t *p, uint64_t v)
{
    gzf_wr32(p, (uint32_t)v);
    gzf_wr32(p + 4, (uint32_t)(v >> 32));
}

/* One step of the key hash over a little-endian 8-byte word. */
static inline uint64_t gzf_hash_step(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

static inline uint64_t gzf_hash_final(uint64_t h)
{
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    return h ^ (h >> 32);
}

/* The last len (1..7) bytes at p as a zero-padded little-endian word. */
static inline uint64_t gzf_tail_word(const uint8_t *p, size_t len)
{
    uint64_t w = 0;
    for (size_t i = 0; i < len; i++)
        w |= (uint64_t)p[i] << (8 * i);
    return w;
}

/* The key hash's first state for a key of len bytes. */
static inline uint64_t gzf_key_seed(size_t len)
{
    return 0x243F6A8885A308D3ull ^ ((uint64_t)len << 56);
}

/* The filter hash of a key (the builder hashes the vocabulary with it). */
static inline uint64_t gzf_key_hash(const uint8_t *p, size_t len)
{
    uint64_t h = gzf_key_seed(len);
    for (; len >= 8; p += 8, len -= 8)
        h = gzf_hash_step(h, gzf_rd64(p));
    if (len)
        h = gzf_hash_step(h, gzf_tail_word(p, len));
    return gzf_hash_final(h);
}

/* The high bit of each byte of x that is an ASCII letter or digit: byte
 * range tests done 8 bytes at a time, each lane on its low 7 bits so that
 * no carry crosses lanes (the matcher's scan, the rules' word ends). */
static inline uint64_t gzf_alnum_lanes(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t low7 = x & (ones * 127), lower = (x | ones * 0x20) & (ones * 127);
    /* In (m, n) exclusive: (127 + n - v) and (v + 127 - m) both >= 128. */
    uint64_t alpha = (ones * (127 + 0x7B) - lower) & (lower + ones * (127 - 0x60));
    uint64_t digit = (ones * (127 + 0x3A) - low7) & (low7 + ones * (127 - 0x2F));
    return (alpha | digit) & ~x & high;
}

/* From s[i], over ASCII letters and digits 8 bytes at a time while 8
 * bytes of s[0..n) remain: the first byte that is none, or where fewer
 * than 8 bytes remain (the caller goes on a byte at a time). */
static inline size_t gzf_alnum_run8(const uint8_t *s, size_t i, size_t n)
{
    while (n - i >= 8) {
        uint64_t stop = ~gzf_alnum_lanes(gzf_rd64(s + i)) & 0x8080808080808080ull;
        if (stop)
            return i + (size_t)(__builtin_ctzll(stop) >> 3);
        i += 8;
    }
    return i;
}

/* The len (1..8) bytes of an ASCII word at p as a zero-padded
 * little-endian word, lower-cased when `fold` (setting bit 5 lower-cases a
 * letter and leaves a digit as it is): one load and one mask when 8 bytes
 * can be read at p (readable >= 8).  A key of up to 8 bytes hashes as
 * gzf_hash_final(gzf_hash_step(gzf_key_seed(len), word)). */
static inline uint64_t gzf_ascii_word8(const uint8_t *p, size_t len,
                                       size_t readable, int fold)
{
    uint64_t w = readable >= 8 ? gzf_rd64(p) : gzf_tail_word(p, len);
    return (w | (fold ? 0x2020202020202020ull : 0)) &
           (~UINT64_C(0) >> ((64 - 8 * len) & 63));
}

/* gzf_key_hash of the lower-cased form of an ASCII token made of letters
 * and digits only, without copying it.  `readable` (>= len) bytes may be
 * read at p; `fold` false hashes the bytes as they are. */
static inline uint64_t gzf_key_hash_ascii_word(const uint8_t *p, size_t len,
                                               size_t readable, int fold)
{
    const uint64_t lower = fold ? 0x2020202020202020ull : 0;
    uint64_t h = gzf_key_seed(len);
    for (; len >= 8; p += 8, len -= 8, readable -= 8)
        h = gzf_hash_step(h, gzf_rd64(p) | lower);
    if (len)
        h = gzf_hash_step(h, gzf_ascii_word8(p, len, readable, fold));
    return gzf_hash_final(h);
}

static inline uint64_t gzf_key_hash_ascii_folded(const uint8_t *p, size_t len)
{
    return gzf_key_hash_ascii_word(p, len, len, 1);
}

/* The pair filter's hash of two keys' gzf_key_hash values. */
static inline uint64_t gzf_pair_hash(uint64_t first, uint64_t second)
{
    return gzf_hash_final(gzf_hash_step(first, second));
}

/* The filters are register-blocked Bloom filters: a key sets three bits of
 * one little-endian 64-bit word, so a test is one load and a compare.  The
 * word is chosen by the hash's high half; the bits by its low 18 bits.
 * `words` is gzf_filter_words() of the filter's log2 size in bits. */
static inline uint64_t gzf_filter_words(uint32_t log2_bits)
{
    return (UINT64_C(1) << (log2_bits - 6)) - 1;
}

static inline uint64_t gzf_filter_word(uint64_t h, uint64_t words)
{
    return (h >> 32) & words;
}

static inline uint64_t gzf_filter_mask(uint64_t h)
{
    return UINT64_C(1) << (h & 63) | UINT64_C(1) << ((h >> 6) & 63) |
           UINT64_C(1) << ((h >> 12) & 63);
}

/* The start filter's second mask ("a name by itself"): three more bits in
 * the word of h, from the high bits of an odd multiple of h. */
static inline uint64_t gzf_single_mask(uint64_t h)
{
    uint64_t m = h * 0x9E3779B97F4A7C15ull;
    return UINT64_C(1) << (m >> 58) | UINT64_C(1) << ((m >> 52) & 63) |
           UINT64_C(1) << ((m >> 46) & 63);
}

/* The start filter: 0 if a key with hash h starts no name, else 1, or 2
 * if it may also be a whole name by itself.  One word either way. */
static inline int gzf_start_test(const uint8_t *filter, uint64_t words,
                                 uint64_t h)
{
    uint64_t w = gzf_rd64(filter + 8 * gzf_filter_word(h, words));
    uint64_t m = gzf_filter_mask(h);
    if ((w & m) != m)
        return 0;
    m = gzf_single_mask(h);
    return 1 + ((w & m) == m);
}

/* May a key with hash h be in the filter?  (No means certainly not.) */
static inline int gzf_filter_test(const uint8_t *filter, uint64_t words,
                                  uint64_t h)
{
    uint64_t m = gzf_filter_mask(h);
    return (gzf_rd64(filter + 8 * gzf_filter_word(h, words)) & m) == m;
}

/* CRC-32C (Castagnoli) of data, continuing from crc (start with 0). */
uint32_t gzf_crc32c(uint32_t crc, const void *data, size_t len);

/* The header checksum: CRC-32C of the header and section table with the
 * two checksum fields read as zero. */
uint32_t gzf_header_crc(const uint8_t *file, size_t table_end);

/* Unicode version string "15.0.0" as 0x000F0000. */
uint32_t gzf_pack_unicode_version(const char *s);

#endif
