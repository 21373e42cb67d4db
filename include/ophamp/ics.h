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
#define ICS_ALARMS_MAX 5
#define ICS_ALARM_LEAD_MAX (90L * 86400) /* the longest lead time of an alarm */

/* The lead times of an entry's alarms, in seconds before its due time. */
struct ics_alarms {
    long lead[ICS_ALARMS_MAX];
    int n;
};
/* Reads a list of lead times: comma-separated amounts with a unit, m (minutes), h (hours),
 * d (days) or w (weeks), e.g. "1d,1h"; 0m is an alarm at the due time. At most
 * ICS_ALARMS_MAX, each different, none longer than 90 days. Returns 0, or -1 with *why a
 * static message naming the mistake. */
int ics_alarms_parse(const char *spec, struct ics_alarms *out, const char **why);

struct ics_writer {
    FILE *out;
    size_t col;               /* octets on the current physical line */
    oph_time now;             /* the program's clock: DTSTAMP, and what is overdue */
    char stamp[17];           /* DTSTAMP: the program's clock, 20260408T090000Z */
    const char *marking;      /* the protective marking, or NULL (ics_marking) */
    struct ics_alarms alarms; /* ics_begin: one an hour before */
};

/* BEGIN:VCALENDAR with VERSION, PRODID, CALSCALE and METHOD; stamp is the program's clock. */
void ics_begin(struct ics_writer *w, FILE *out, oph_time stamp);
void ics_end(struct ics_writer *w);
/* The protective marking, right after ics_begin: the calendar's X-PROTECTIVE-MARKING, and the
 * first line of every entry's description (what a calendar shows), each entry CLASS
 * CONFIDENTIAL. marking must outlive the writer. */
void ics_marking(struct ics_writer *w, const char *marking);
/* The log's head as the items were read ("N:HASH"): X-OPHAMP-AUDIT-HEAD. */
void ics_audit_head(struct ics_writer *w, const char *head);

/* One property with a TEXT value, escaped and folded. */
void ics_text(struct ics_writer *w, const char *name, const char *text);
/* One property whose value is written as given (a date-time, a fixed word), folded. */
void ics_raw(struct ics_writer *w, const char *name, const char *value);
/* t as a UTC date-time: 20260408T090000Z. */
void ics_format_time(oph_time t, char out[17]);

/* A due item as one calendar entry. The UID depends only on the case and the item, so the
 * same item has the same UID in every file: <uuid>-step-<code>@ophamp,
 * <uuid>-followup-<id>@ophamp, <uuid>-evidence-<id>@ophamp.
 *
 * An entry due before the writer's clock is overdue: its title begins "OVERDUE:" and its one
 * alarm is set at the clock's time (an absolute TRIGGER), since an alarm some time before a
 * past due time would never go off. Otherwise it has an alarm at each of the writer's lead
 * times before it is due. A finished item (finished set) is STATUS:CANCELLED with no alarm,
 * so that a calendar that has it drops it. SEQUENCE and LAST-MODIFIED are the caller's. */
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
    long sequence;
    oph_time last_modified; /* OPH_NO_TIME: not written */
    const char *finished;   /* NULL: due; else how it ended ("done", "not-applicable" ...) */
    oph_time finished_at;
};
void ics_due_event(struct ics_writer *w, const struct ics_due *d);

#endif
