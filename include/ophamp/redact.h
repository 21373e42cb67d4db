/* Redaction for sharing outside the chain of command (SPEC §5 "Exports"): names and staff
 * numbers become stable pseudonyms, free text is dropped, and small counts in reports are
 * suppressed. Pseudonyms are an HMAC of the staff number under the database's own random
 * key (settings 'pseudonym_key'), so the same person reads the same in every export from
 * one database, and nobody holding only the redacted file can recompute them. */
#ifndef OPHAMP_REDACT_H
#define OPHAMP_REDACT_H

#include <stdbool.h>

#include "ophamp/record.h"

#define REDACT_KEY_LEN 32
#define PSEUDONYM_SIZE 12 /* "P-" and 8 hex digits, NUL */
#define REDACT_DEFAULT_SUPPRESS 5

struct redactor {
    bool on;
    unsigned char key[REDACT_KEY_LEN];
    int suppress_below; /* report counts from 1 to suppress_below - 1 are not shown */
};

/* Sets r up from the key's 64 hex digits. Returns -1 when hex is not such a key. */
int redactor_init(struct redactor *r, const char *hex, int suppress_below);

/* The pseudonym of a staff number, e.g. "P-3F9A0C12"; "" for "". */
void redact_pseudonym(const struct redactor *r, const char *number, char out[PSEUDONYM_SIZE]);

/* Rewrites a loaded case for sharing: every name and staff number becomes its pseudonym,
 * every free-text field is emptied. The structure (dates, statuses, kinds) is kept. Does
 * nothing when r is NULL or off. */
void redact_case(const struct redactor *r, struct case_detail *c);

/* Whether a report count must be hidden: redaction on and 0 < n < suppress_below. */
bool redact_suppressed(const struct redactor *r, long n);

#endif
