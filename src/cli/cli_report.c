/* ophamp report: the scrutiny panel's figures for a period, in one of five formats, to stdout
 * or a file written whole (-o), redacted or not. */
#include <string.h>

#include "cli_internal.h"
#include "ophamp/redact.h"
#include "ophamp/report.h"

static int opt_date(const struct parsed *p, const char *name, struct oph_date *out)
{
    const char *v = opt(p, name), *why = NULL;
    if (v && date_parse(v, out, &why) != 0)
        return cli_usage_error(p, "--%s: %s (got '%s'; expected YYYY-MM-DD)", name, why, v);
    return 0;
}

int cmd_report(struct cli *cli, struct parsed *p)
{
    const char *formats[FMT_COUNT + 1];
    enum out_format as[FMT_COUNT];
    format_names(WRITES_REPORT, formats, as);
    int format, rc = opt_format(p, formats, &format);
    if (rc)
        return rc;
    if (FORMAT_DEFS[as[format]].file_only && (rc = cli_need_file(p, FORMAT_DEFS[as[format]].name)))
        return rc;
    struct oph_date from, to;
    report_default_period(cli->now, &from, &to);
    if ((rc = opt_date(p, "to", &to)))
        return rc;
    if (!opt(p, "from")) {
        struct oph_date ignored;
        report_default_period(cli->now, &from, &ignored);
        if (opt(p, "to")) /* twelve months ending with the month of --to */
            from = (struct oph_date){to.month == 12 ? to.year : to.year - 1,
                                     to.month == 12 ? 1 : to.month + 1, 1};
    }
    if ((rc = opt_date(p, "from", &from)))
        return rc;
    if (cal_date_cmp(from, to) > 0)
        return cli_usage_error(p, "--from %04d-%02d-%02d is after --to %04d-%02d-%02d", from.year,
                               from.month, from.day, to.year, to.month, to.day);
    if (to.year - from.year >= REPORT_MONTHS_MAX / 12)
        return cli_usage_error(p, "--from: the period is longer than %d years",
                               REPORT_MONTHS_MAX / 12);
    long below = REDACT_DEFAULT_SUPPRESS;
    if (opt(p, "suppress-below") && !has(p, "redact"))
        return cli_usage_error(p, "--suppress-below only applies with --redact");
    /* Below 3, "<N" could only mean 1: the mark would say the count. */
    if ((rc = opt_int(p, "suppress-below", 3, 1000, &below)))
        return rc;

    struct app *app;
    char marking[MARKING_MAX + 1];
    if ((rc = cli_marking(cli, p, marking)) || (rc = cli_app(cli, &app)))
        return rc;
    struct oph_error err = {0};
    struct redactor red;
    if (app_redactor(app, has(p, "redact"), (int)below, &red, &err))
        return cli_report(&err);
    struct report r;
    if (report_compute(app, from, to, &red, &r, &err))
        return cli_report(&err);
    r.marking = marking;
    rc = report_save(&r, as[format], opt(p, "o"), has(p, "force"), app_path(app), &err);
    report_done(&r);
    return rc == 0 ? EXIT_OK : cli_report(&err);
}
