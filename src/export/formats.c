/* The output formats' table (formats.h) and its look-ups. */
#include "ophamp/formats.h"

#include <string.h>
#include <strings.h>

#include "ophamp/export.h"
#include "ophamp/report.h"
#include "ophamp/xlsx.h"

const struct format_def FORMAT_DEFS[FMT_COUNT] = {
    [FMT_TEXT] = {"text", ".txt", WRITES_CASES | WRITES_REPORT, false, export_case_text,
                  report_write_text, NULL},
    [FMT_MD] = {"md", ".md", WRITES_CASES | WRITES_REPORT, false, export_case_md, report_write_md,
                NULL},
    [FMT_HTML] = {"html", ".html", WRITES_CASES | WRITES_REPORT, false, export_case_html_body,
                  report_write_html, NULL},
    [FMT_JSON] = {"json", ".json", WRITES_CASES | WRITES_REPORT, false, NULL, report_write_json,
                  NULL},
    [FMT_CSV] = {"csv", ".csv", WRITES_CASE_LIST | WRITES_REPORT, false, NULL, report_write_csv,
                 NULL},
    [FMT_ICS] = {"ics", ".ics", WRITES_CASE_LIST, false, NULL, NULL, NULL},
    [FMT_XLSX] = {"xlsx", ".xlsx", WRITES_CASE_LIST | WRITES_REPORT, true, NULL, NULL,
                  report_write_xlsx},
};

int format_find(const char *name, unsigned writes)
{
    for (int f = 0; name && f < FMT_COUNT; f++)
        if ((FORMAT_DEFS[f].writes & writes) && strcmp(FORMAT_DEFS[f].name, name) == 0)
            return f;
    return -1;
}

int format_for_path(const char *path, unsigned writes)
{
    const char *dot = path ? strrchr(path, '.') : NULL, *slash = path ? strrchr(path, '/') : NULL;
    if (!dot || (slash && dot < slash))
        return -1;
    for (int f = 0; f < FMT_COUNT; f++)
        if ((FORMAT_DEFS[f].writes & writes) && strcasecmp(dot, FORMAT_DEFS[f].ending) == 0)
            return f;
    return -1;
}

int format_names(unsigned writes, const char *names[FMT_COUNT + 1], enum out_format as[FMT_COUNT])
{
    int n = 0;
    for (int f = 0; f < FMT_COUNT; f++)
        if (FORMAT_DEFS[f].writes & writes) {
            if (names)
                names[n] = FORMAT_DEFS[f].name;
            if (as)
                as[n] = (enum out_format)f;
            n++;
        }
    if (names)
        names[n] = NULL;
    return n;
}

const char *format_list(unsigned writes, bool endings, const char *sep, const char *last, char *buf,
                        size_t bufsz)
{
    enum out_format as[FMT_COUNT];
    int n = format_names(writes, NULL, as);
    size_t o = 0;
    if (bufsz)
        buf[0] = '\0';
    for (int i = 0; i < n && o < bufsz; i++) {
        const struct format_def *d = &FORMAT_DEFS[as[i]];
        int k = snprintf(buf + o, bufsz - o, "%s%s",
                         i == 0       ? ""
                         : i == n - 1 ? last
                                      : sep,
                         endings ? d->ending : d->name);
        if (k < 0)
            break;
        o += (size_t)k;
    }
    return buf;
}
