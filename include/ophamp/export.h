/* Renderers of a case summary: they take a case_detail (never a database handle) and write
 * to any stream, so the same summary goes to a file, a pipe or a terminal pane. */
#ifndef OPHAMP_EXPORT_H
#define OPHAMP_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "ophamp/calendar.h"
#include "ophamp/formats.h"
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

/* The case as the body of a self-contained, printable HTML document (A4, inline CSS, no
 * scripts): each case starts on a new printed page. */
void export_case_html_body(FILE *out, const struct case_detail *c, oph_time now);

/* ---- documents of summaries ------------------------------------------------------------- */

/* What a document says besides its cases. */
struct doc_meta {
    const char *title;   /* the program's own words: "Case summary" */
    const char *marking; /* the protective marking: at the head of the file and every page */
    oph_time now;        /* when it was written */
    bool redacted;
    const char *audit_head; /* the log's head as the cases were read, "N:HASH", or NULL */
};

/* The head (marking, title, when, whether redacted) and the foot of a text, Markdown or HTML
 * document of case summaries (a format that writes WRITES_CASES); between them, one body a case. */
void export_doc_begin(FILE *out, enum out_format f, const struct doc_meta *m);
void export_doc_end(FILE *out, enum out_format f, const struct doc_meta *m);
/* Between two cases of a document. */
void export_doc_between(FILE *out, enum out_format f);

/* The lines of every document's foot, in order (the program's own words): a line added here is
 * printed by every format. Returns how many. */
#define DOC_FOOTER_MAX 4
#define DOC_FOOTER_BUF (LOG_HEAD_TEXT + 16)
int export_doc_footer(const struct doc_meta *m, const char *lines[DOC_FOOTER_MAX],
                      char buf[DOC_FOOTER_BUF]);

/* Private to the HTML documents (case_html.c). */
void export_html_begin(FILE *out, const struct doc_meta *m);
void export_html_end(FILE *out, const struct doc_meta *m);
/* text in a CSS string ("..."), every character that could end it or the style escaped. */
void export_css_string(FILE *out, const char *text);

#endif
