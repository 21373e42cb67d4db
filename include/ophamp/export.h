/* Renderers of a case summary: they take a case_detail (never a database handle) and write
 * to any stream, so the same summary goes to a file, a pipe or a terminal pane. */
#ifndef OPHAMP_EXPORT_H
#define OPHAMP_EXPORT_H

#include <stdio.h>

#include "ophamp/calendar.h"
#include "ophamp/record.h"

/* The case as one JSON object (the contract of `case show --format json`). */
void export_case_json(FILE *out, const struct case_detail *c, oph_time now);
/* The case as plain text for a terminal: stored text neutralised, times in London time. */
void export_case_text(FILE *out, const struct case_detail *c, oph_time now);

#endif
