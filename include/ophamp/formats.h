/* The output formats: one table, the only place their names, file endings and writers live.
 * `export`, `case show`, `report`, the case view's x and the statistics view's x all read it:
 * the names --format takes, the endings a file name may ask for, and who writes what. Adding
 * a format: docs/ARCHITECTURE.md. */
#ifndef OPHAMP_FORMATS_H
#define OPHAMP_FORMATS_H

#include <stdbool.h>
#include <stdio.h>

#include "ophamp/calendar.h"
#include "ophamp/error.h"
#include "ophamp/record.h"

struct report;

enum out_format { FMT_TEXT, FMT_MD, FMT_HTML, FMT_JSON, FMT_CSV, FMT_ICS, FMT_XLSX, FMT_COUNT };

/* What a format writes (bits of format_def.writes). */
enum format_writes {
    WRITES_CASES = 1u << 0,     /* a document of case summaries: export, case show, the case x */
    WRITES_CASE_LIST = 1u << 1, /* the case list as rows, or its due items as a calendar */
    WRITES_REPORT = 1u << 2,    /* the scrutiny report: report, the statistics view's x */
};

struct format_def {
    const char *name;   /* "md": what --format takes */
    const char *ending; /* ".md": the file name ending that asks for it */
    unsigned writes;    /* enum format_writes bits */
    bool file_only;     /* a spreadsheet: written to a named file, never to a stream */
    /* The writers of this layer (NULL: not written so). A case's body in a document of summaries
     * (json writes a bundle of case objects instead, see export_cases), the report to a stream,
     * the report to a file. The case list's writers are the app's (exports.h, export_write). */
    void (*case_body)(FILE *out, const struct case_detail *c, oph_time now);
    void (*report)(FILE *out, const struct report *r);
    int (*report_file)(const char *path, const struct report *r, struct oph_error *err);
};

extern const struct format_def FORMAT_DEFS[FMT_COUNT];

/* The format named `name` among those that write `writes` (any bit), or -1. */
int format_find(const char *name, unsigned writes);
/* The format a file name's ending asks for (case-insensitive) among those that write
 * `writes`, or -1. */
int format_for_path(const char *path, unsigned writes);
/* The names of the formats that write `writes`, in table order, NULL-terminated (for the
 * command line's --format), and their formats in as[] (either may be NULL). Returns how many. */
int format_names(unsigned writes, const char *names[FMT_COUNT + 1], enum out_format as[FMT_COUNT]);
/* "text, md, html or json" (sep ", ", last " or "), or with endings ".txt .md .html .json"
 * (sep " ", last " "): into buf. */
const char *format_list(unsigned writes, bool endings, const char *sep, const char *last, char *buf,
                        size_t bufsz);

#endif
