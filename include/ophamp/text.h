/* Checks on text typed by a user (UTF-8, control characters, length) and neutralising text
 * from the database before it reaches a terminal. Pure functions. */
#ifndef OPHAMP_TEXT_H
#define OPHAMP_TEXT_H

#include <stdbool.h>
#include <stddef.h>

enum text_check {
    TEXT_OK,
    TEXT_EMPTY,    /* nothing but spaces where something is required */
    TEXT_TOO_LONG, /* more characters than allowed */
    TEXT_BAD_UTF8, /* not valid UTF-8 */
    TEXT_CONTROL   /* a control character (newline and tab allowed only in free text) */
};

/* Flags for text_check(). */
#define TEXT_MULTILINE 1u /* free text: newline and tab allowed */
#define TEXT_REQUIRED 2u  /* must contain something other than spaces */

/* Checks s (NUL-terminated) against a limit counted in characters (code points). */
enum text_check text_check(const char *s, size_t max_chars, unsigned flags);
/* "is not valid UTF-8" and the like, to follow the field's name in a message. */
const char *text_check_message(enum text_check rc);
size_t utf8_length(const char *s); /* code points of valid UTF-8 */
/* Length of the valid UTF-8 sequence at s (at most n bytes), its code point in *cp; 0 if
 * invalid (overlong forms, surrogates, values past U+10FFFF, truncated sequences). */
size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp);
bool utf8_valid(const char *s, size_t len);

/* Whether a character must never reach a terminal or a document as itself: C0 (tab and line
 * breaks included: callers that keep them say so), DEL, C1, and the bidirectional embeddings,
 * overrides and isolates (U+202A-U+202E, U+2066-U+2069), which can disguise text. */
bool text_is_control(unsigned cp);

/* Copies s into out (size outsz), replacing control characters (C0, DEL, C1, and the
 * characters that start escape sequences) and invalid UTF-8 with U+FFFD, so that stored
 * text can never drive the terminal. Newlines become spaces unless keep_newlines. */
void text_neutralise(const char *s, char *out, size_t outsz, bool keep_newlines);

/* For text whose tabs and line breaks belong to it (a CSV cell): whether n bytes of s hold
 * anything text_neutralise_layout would change, and that copy, which keeps tab, CR and LF
 * but replaces every other control character, the bidirectional overrides and invalid
 * UTF-8 with U+FFFD. out needs 3n+1 bytes to hold the whole; returns the bytes written. */
bool text_needs_neutralising(const char *s, size_t n);
size_t text_neutralise_layout(const char *s, size_t n, char *out, size_t outsz);

/* Copies at most outsz-1 bytes of s, never splitting a UTF-8 sequence. */
void text_copy(char *out, size_t outsz, const char *s);

/* The same, and at most max_chars characters (code points). */
void text_copy_chars(char *out, size_t outsz, const char *s, size_t max_chars);
/* Removes leading and trailing spaces and tabs in place (a name typed " Ann Lee " is
 * "Ann Lee": otherwise search, sorting and duplicate checks would miss it). */
void text_trim(char *s);

#endif
