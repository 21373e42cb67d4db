/* Worklists: what kind of work a due item is (a step, a welfare contact, an update to the
 * victim, evidence, a RIDDOR report, the injury-on-duty report), decided here once for every
 * front end, and the horizons a worklist looks ahead to. Pure C: no I/O. */
#ifndef OPHAMP_WORKLIST_H
#define OPHAMP_WORKLIST_H

#include <stdbool.h>

#include "ophamp/calendar.h"
#include "ophamp/error.h"
#include "ophamp/plan.h"
#include "ophamp/record.h"

/* The kinds' names as typed (remind --kind) and written (JSON "kind"), by enum work_kind. */
extern const struct vocab VOCAB_WORK_KIND;

/* The kind of work of a step, a follow-up of a kind, an evidence item. */
enum work_kind work_kind_of_step(enum step_code code);
enum work_kind work_kind_of_followup(enum followup_kind kind);
enum work_kind work_kind_of_evidence(void);
/* The kind of a due item from what the store says of it: a step's code, a follow-up's kind or
 * an evidence item's kind (sub). */
enum work_kind work_kind_of(enum due_kind due, int sub);

/* A set of kinds as bits (1u << kind); 0 is "every kind". */
#define WORK_KINDS_ALL 0u
/* Reads "welfare,victim-update" into *out; -1 with the unknown word in err. */
int work_kinds_parse(const char *text, unsigned *out, struct oph_error *err);
bool work_kinds_has(unsigned kinds, enum work_kind k);

/* How far ahead a worklist looks: the overdue only, up to the end of today, a number of hours
 * from now (today's items always included), or up to the end of a day (London). */
enum horizon_kind { HORIZON_OVERDUE, HORIZON_TODAY, HORIZON_WITHIN, HORIZON_UNTIL };
struct horizon {
    enum horizon_kind kind;
    oph_time within;       /* HORIZON_WITHIN: seconds after now */
    struct oph_date until; /* HORIZON_UNTIL: the last day */
};
/* The latest due time a horizon takes in at `now` (inclusive). */
oph_time horizon_until(const struct horizon *h, oph_time now);
/* The last day of a horizon as typed: YYYY-MM-DD, D/M/YYYY, "today" or "tomorrow" (London).
 * Returns 0, or -1 with *why. */
int horizon_parse_date(const char *s, oph_time now, struct oph_date *out, const char **why);
/* "overdue", "due today", "due within 48 h", "due by Fri 10 Apr 2026". */
void horizon_words(const struct horizon *h, char *buf, size_t n);

#endif
