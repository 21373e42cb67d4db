/* The one CSV writer (RFC 4180) of every command that writes CSV: the case list of `case list`
 * and `export`, people, the report. Comma-separated, CRLF line ends, a field quoted (quotes
 * doubled) when it holds a comma, a quote or a line break. Spreadsheet-safe: a field that
 * begins with = + - @, tab or carriage return gets a leading apostrophe, so a spreadsheet
 * shows it as text instead of running it as a formula (an importer takes that apostrophe off
 * again). Writes through stdio without locking each call, so a million rows stay cheap. */
#ifndef OPHAMP_CSV_H
#define OPHAMP_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The UTF-8 byte-order mark that lets a spreadsheet read a file as UTF-8. */
#define CSV_BOM "\xEF\xBB\xBF"

/* Whether a field's text gets an apostrophe in front: it begins with a character a spreadsheet
 * would read as a formula (= + - @ tab CR), or with an apostrophe, so that reading a file back
 * takes off exactly the apostrophe that was added (import: a cell that starts with an
 * apostrophe followed by one of those characters, or by another apostrophe, loses the first
 * one). */
bool csv_needs_neutralising(const char *s, size_t n);

/* Writes one field (NULL is empty), then a comma or, when last, CRLF. */
void csv_field(FILE *out, const char *s, bool last);
/* The same for n bytes of s (which may hold NUL bytes). */
void csv_field_n(FILE *out, const char *s, size_t n, bool last);

#endif
