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
#define GZF_VERSION 1
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
    GZF_SEC_COUNT = 7
};

/* How a key set is hashed: tiny sets are scanned, cmph dislikes them. */
enum gzf_mph_mode { GZF_MPH_EMPTY = 0, GZF_MPH_LINEAR = 1, GZF_MPH_BDZ = 2 };
#define GZF_LINEAR_MAX 8

#define GZF_VOCAB_REC 16 /* key_off, key_len, entry_first, count_flags */
#define GZF_EDGE_REC 20  /* parent, token, self, entry_first, count_flags */
#define GZF_ENTRY_REC 16 /* label, id_ref, canonical_ref, flags */

/* count_flags: low 24 bits entry count, bit 24 "longer phrases follow". */
#define GZF_COUNT_MASK 0x00FFFFFFu
#define GZF_HAS_CHILDREN 0x01000000u
#define GZF_NONE 0xFFFFFFFFu /* absent string reference */

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

/* CRC-32C (Castagnoli) of data, continuing from crc (start with 0). */
uint32_t gzf_crc32c(uint32_t crc, const void *data, size_t len);

/* The header checksum: CRC-32C of the header and section table with the
 * two checksum fields read as zero. */
uint32_t gzf_header_crc(const uint8_t *file, size_t table_end);

/* Unicode version string "15.0.0" as 0x000F0000. */
uint32_t gzf_pack_unicode_version(const char *s);

#endif
