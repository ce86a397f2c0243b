/*
 * check.h -- the character-level half of `gaztag check` (check_chars.c):
 * the tagger's token rules restated over utf8proc's categories (the program
 * sees only include/gaztag.h, not the library's tokenizer), and warnings
 * about suspicious characters in a field: stray, doubled or unusual spaces,
 * invisible characters, letters of two scripts in one token.
 */
#ifndef GAZTAG_CHECK_H
#define GAZTAG_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* The next token of s[0..len) at or after *pos, cut as the tagger cuts text
 * (README, "How text is matched"): s[*start..*end), *word when it is a run
 * of letters, marks and digits rather than one punctuation character.
 * False at the end of the text. */
bool chk_token(const char *s, size_t len, size_t *pos, size_t *start,
               size_t *end, bool *word);

/* Receives one warning's text ("column 1 (name) ends with a space"). */
typedef void (*chk_say_fn)(void *ctx, const char *msg);

/* Warn about suspicious characters in column `col` (0 = name, 3 =
 * canonical, which are names and get every check; the others get the
 * checks that make sense for identifiers).  `s` must be valid UTF-8;
 * each kind of problem is told once per field. */
void chk_field_chars(const char *s, size_t len, size_t col,
                     const char *colname, chk_say_fn say, void *ctx);

#endif
