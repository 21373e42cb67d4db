/* ophamp report: the scrutiny panel's figures for a period. */
#include "cli_internal.h"

int cmd_report(struct cli *cli, struct parsed *p)
{
    (void)cli;
    return cli_usage_error(p, "the report is not written yet");
}
