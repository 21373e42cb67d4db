/* ophamp export: which cases (references, --all, --open), which format, redacted or not, and
 * where to (stdout, or -o FILE written whole or not at all). */
#include <string.h>

#include "cli_internal.h"
#include "ophamp/exports.h"
#include "ophamp/ics.h"
#include "ophamp/outfile.h"

/* What export writes: case summaries, the case list, its calendar. */
#define EXPORT_WRITES (WRITES_CASES | WRITES_CASE_LIST)

int cmd_export(struct cli *cli, struct parsed *p)
{
    const char *formats[FMT_COUNT + 1];
    enum out_format as[FMT_COUNT];
    format_names(EXPORT_WRITES, formats, as);
    int format;
    if (!opt(p, "format")) {
        char list[128];
        return cli_usage_error(p, "--format is needed (%s)",
                               format_list(EXPORT_WRITES, false, ", ", " or ", list, sizeof list));
    }
    int rc = opt_format(p, formats, &format);
    if (rc)
        return rc;
    enum out_format fmt = as[format];
    if (FORMAT_DEFS[fmt].file_only && (rc = cli_need_file(p, FORMAT_DEFS[fmt].name)))
        return rc;
    struct ics_alarms alarms;
    bool has_alarms = false;
    if ((rc = cli_alarms(p, fmt == FMT_ICS, &alarms, &has_alarms)))
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
    rc = export_write(app, &rq, fmt, &of, &err);
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
