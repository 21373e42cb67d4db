/* Times as a person types them: "now", "14:10", "yesterday 14:10", "-2h", "8/4/2026 14:10" as
 * well as the exact forms of time_parse, read in London time against the program's clock. One
 * parser for every time the command line's flags and the front end's forms take. */
#ifndef OPHAMP_WHEN_H
#define OPHAMP_WHEN_H

#include <stddef.h>

#include "ophamp/calendar.h"

/* The forms, for messages and help. */
#define WHEN_FORMS "now, HH:MM, yesterday HH:MM, -2h, -30m, D/M/YYYY HH:MM or YYYY-MM-DD HH:MM"

/* Reads s (spaces around it and the case of its words do not matter):
 *   now                      now
 *   HH:MM (or H:MM)          today, or yesterday when today's would be in the future
 *   today HH:MM              today
 *   yesterday HH:MM          yesterday
 *   -2h, -30m, -1d, -1h30m   that long before now, in exact seconds (a clock change between
 *                            them does not move it)
 *   D/M/YYYY [H:MM[:SS]]     day first, as a UK date is written (midnight without a time)
 *   and every form of time_parse (YYYY-MM-DD HH:MM ...).
 * "Today" and "yesterday" are London dates of now. A time the London clock skipped is refused,
 * one it showed twice is the first (BST), as time_parse reads them. Returns 0 and sets *out,
 * or -1 and sets *why to a static message. Whether the time may be in the future is the
 * caller's check (check_not_future). */
int when_parse(const char *s, oph_time now, oph_time *out, const char **why);

/* How far a due time is from now, rounded to the nearest unit (a minute, an hour, a day from
 * two days on): "23 h late" for 22 h 59 min, "in 5 min", "3 days late". Writes at most n
 * bytes; returns buf. */
#define WHEN_RELATIVE_LEN 32
const char *when_relative(oph_time due, oph_time now, char *buf, size_t n);

/* D/M/YYYY [H:MM[:SS]] alone (the importer's spreadsheet dates). Same returns. */
int when_parse_dmy(const char *s, oph_time *out, const char **why);

#endif
