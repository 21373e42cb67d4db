/* Renderers of a case summary: they take a case_detail (never a database handle) and write
 * to any stream, so the same summary goes to a file, a pipe or a terminal pane. */
#ifndef OPHAMP_EXPORT_H
#define OPHAMP_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "ophamp/calendar.h"
#include "ophamp/json.h"
#include "ophamp/record.h"

/* The case as one JSON object (the contract of `case show --format json`): every stored
 * field, so that an import can make the case again. Keys are only ever added. */
void export_case_json(FILE *out, const struct case_detail *c, oph_time now);
/* The same object written as the next value of w (an element of a bundle's array). */
void export_case_json_to(struct json_writer *w, const struct case_detail *c, oph_time now);
/* The case as plain text for a terminal: stored text neutralised, times in London time. */
void export_case_text(FILE *out, const struct case_detail *c, oph_time now);

/* The case as Markdown (pipe tables): stored text escaped so that it never becomes markup. */
void export_case_md(FILE *out, const struct case_detail *c, oph_time now);

/* The case as one self-contained, printable HTML document (A4, inline CSS, no scripts). */
void export_case_html(FILE *out, const struct case_detail *c, oph_time now);
/* Several cases in one HTML document: begin, one body a case (each on a new printed page),
 * end. title is the program's own words. */
void export_html_begin(FILE *out, const char *title, oph_time now, bool redacted);
void export_case_html_body(FILE *out, const struct case_detail *c, oph_time now);
void export_html_end(FILE *out);

#endif
