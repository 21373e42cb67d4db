/* ophamp export: which cases (references, --all, --open), which format, redacted or not, and
 * where to (stdout, or -o FILE written whole or not at all). */
#include <string.h>

#include "cli_internal.h"
#include "ophamp/exports.h"
#include "ophamp/ics.h"
#include "ophamp/outfile.h"

enum { FMT_TEXT, FMT_MD, FMT_HTML, FMT_JSON, FMT_CSV, FMT_ICS, FMT_XLSX };

int cmd_export(struct cli *cli, struct parsed *p)
{
    static const char *const formats[] = {"text", "md", "html", "json", "csv", "ics", "xlsx", NULL};
    int format;
    if (!opt(p, "format"))
        return cli_usage_error(p, "--format is needed (text, md, html, json, csv, ics or xlsx)");
    int rc = opt_format(p, formats, &format);
    if (rc)
        return rc;
    if (format == FMT_XLSX && (rc = cli_need_file(p, "xlsx")))
        return rc;
    struct ics_alarms alarms;
    bool has_alarms = false;
    if ((rc = cli_alarms(p, format == FMT_ICS, &alarms, &has_alarms)))
        return rc;
    bool all = has(p, "all"), open = has(p, "open");
    if (all && open)
        return cli_usage_error(p, "--all and --open cannot be used together");
    if (p->nargs > 0 && (all || open))
        return cli_usage_error(p, "give references or %s, not both", all ? "--all" : "--open");
    if (p->nargs == 0 && !all && !open)
        return cli_usage_error(p, "which cases? Give references, --all or --open");

    struct app *app;
    char marking[MARKING_MAX + 1];
    if ((rc = cli_marking(cli, p, marking)) || (rc = cli_app(cli, &app)))
        return rc;
    struct oph_error err = {0};
    struct redactor red;
    if (app_redactor(app, has(p, "redact"), REDACT_DEFAULT_SUPPRESS, &red, &err))
        return cli_report(&err);
    struct export_request rq = {.refs = p->args,
                                .n_refs = p->nargs,
                                .scope = open ? SCOPE_OPEN : SCOPE_ALL,
                                .redact = &red,
                                .marking = marking,
                                .alarms = has_alarms ? &alarms : NULL};
    struct out_file of;
    if (out_open(&of, opt(p, "o"), has(p, "force"), app_path(app), &err))
        return cli_report(&err);
    switch (format) {
    case FMT_XLSX:
        rc = export_case_list_xlsx(app, &rq, of.tmp, &err);
        break;
    case FMT_TEXT:
        rc = export_cases(app, &rq, DOC_TEXT, of.fp, &err);
        break;
    case FMT_MD:
        rc = export_cases(app, &rq, DOC_MD, of.fp, &err);
        break;
    case FMT_HTML:
        rc = export_cases(app, &rq, DOC_HTML, of.fp, &err);
        break;
    case FMT_JSON:
        rc = export_cases(app, &rq, DOC_JSON, of.fp, &err);
        break;
    case FMT_CSV:
        rc = export_case_list_csv(app, &rq, of.fp, &err);
        break;
    default:
        rc = export_ics(app, &rq, of.fp, &err);
        break;
    }
    if (rc == 0 && out_commit(&of, &err) == 0)
        return EXIT_OK;
    if (rc != 0)
        out_abort(&of);
    return cli_report(&err);
}

int cli_alarms(const struct parsed *p, bool ics, struct ics_alarms *out, bool *given)
{
    const char *v = opt(p, "alarm"), *why = NULL;
    *given = v != NULL;
    if (!v)
        return 0;
    if (!ics)
        return cli_usage_error(p, "--alarm only applies to --format ics");
    if (ics_alarms_parse(v, out, &why))
        return cli_usage_error(p, "--alarm: %s (got '%s')", why, v);
    return 0;
}

int cli_need_file(const struct parsed *p, const char *format)
{
    const char *o = opt(p, "o");
    if (!o || strcmp(o, "-") == 0)
        return cli_usage_error(p,
                               "--format %s writes a spreadsheet file, not text: give -o FILE "
                               "(FILE.%s)",
                               format, format);
    return 0;
}

int cli_marking(struct cli *cli, struct parsed *p, char out[MARKING_MAX + 1])
{
    struct oph_error err = {0};
    const char *v = opt(p, "marking");
    if (v && app_marking_check(v, &err))
        return cli_usage_error(p, "--marking: %s", err.msg);
    struct app *app;
    int rc = cli_app(cli, &app);
    if (rc)
        return rc;
    if (app_marking(app, v, out, &err))
        return cli_report(&err);
    return 0;
}

/* ophamp setting marking [TEXT]: shows or sets the database's protective marking. */
int cmd_setting_marking(struct cli *cli, struct parsed *p)
{
    struct oph_error err = {0};
    if (p->nargs == 1 && app_marking_check(p->args[0], &err))
        return cli_usage_error(p, "%s", err.msg);
    struct app *app;
    int rc = cli_app(cli, &app);
    if (rc)
        return rc;
    if (p->nargs == 1 && app_marking_set(app, p->args[0], &err))
        return cli_report(&err);
    char marking[MARKING_MAX + 1];
    if (app_marking(app, NULL, marking, &err))
        return cli_report(&err);
    if (p->nargs == 0)
        printf("%s\n", marking);
    return EXIT_OK;
}
