/* The iCalendar writer (RFC 5545) for due items: `remind --format ics` and `export --format
 * ics`. Content lines end in CRLF and are folded at 75 octets, never inside a UTF-8 character
 * or an escape; TEXT values escape backslash, semicolon, comma and line breaks; control
 * characters (and the bidirectional overrides that can disguise text) become U+FFFD, so
 * whatever the database holds, the file is valid and shows as plain text. */
#ifndef OPHAMP_ICS_H
#define OPHAMP_ICS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ophamp/calendar.h"
#include "ophamp/record.h"

#define ICS_LINE_MAX 75 /* octets of a physical line, CRLF not counted */

struct ics_writer {
    FILE *out;
    size_t col;          /* octets on the current physical line */
    char stamp[17];      /* DTSTAMP: the program's clock, 20260408T090000Z */
    const char *marking; /* the protective marking, or NULL (ics_marking) */
};

/* BEGIN:VCALENDAR with VERSION, PRODID, CALSCALE and METHOD; stamp is the program's clock. */
void ics_begin(struct ics_writer *w, FILE *out, oph_time stamp);
void ics_end(struct ics_writer *w);
/* The protective marking, right after ics_begin: the calendar's X-PROTECTIVE-MARKING, and the
 * first line of every entry's description (what a calendar shows), each entry CLASS
 * CONFIDENTIAL. marking must outlive the writer. */
void ics_marking(struct ics_writer *w, const char *marking);

/* One property with a TEXT value, escaped and folded. */
void ics_text(struct ics_writer *w, const char *name, const char *text);
/* One property whose value is written as given (a date-time, a fixed word), folded. */
void ics_raw(struct ics_writer *w, const char *name, const char *value);
/* t as a UTC date-time: 20260408T090000Z. */
void ics_format_time(oph_time t, char out[17]);

/* A due item as one calendar entry. The UID depends only on the case and the item, so the
 * same item has the same UID in every file: <uuid>-step-<code>@ophamp,
 * <uuid>-followup-<id>@ophamp, <uuid>-evidence-<id>@ophamp. */
struct ics_due {
    const char *reference, *uuid;
    enum due_kind kind;
    int64_t item_id;              /* follow-up or evidence id */
    const char *key;              /* its rule's key; for a step, its code */
    const char *label;            /* "step crime", "follow-up welfare-72h #3" … */
    const char *rule_description; /* NULL: the label stands in */
    oph_time due_at;
    const char *victim;   /* NULL: not shown */
    const char *location; /* NULL or empty: not shown */
};
void ics_due_event(struct ics_writer *w, const struct ics_due *d);

#endif
