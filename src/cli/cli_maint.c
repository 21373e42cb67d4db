/* ophamp backup and ophamp check: the file's safety, on connections that only read. */
#include <stdio.h>

#include "cli_internal.h"
#include "ophamp/text.h"

int cmd_backup(struct cli *cli, struct parsed *p)
{
    char path[4096];
    const char *db;
    int rc = cli_db_path(cli, path, sizeof path, &db);
    if (rc)
        return rc;
    struct oph_error err = {0};
    if (app_backup(db, p->args[0], has(p, "force"), &err))
        return cli_report(&err);
    return EXIT_OK;
}

struct check_out {
    long printed;
};

static void print_problem(void *ctx, const char *problem)
{
    struct check_out *o = ctx;
    char safe[3 * 1024];
    text_neutralise(problem, safe, sizeof safe, false);
    printf("%s\n", safe);
    o->printed++;
}

int cmd_check(struct cli *cli, struct parsed *p)
{
    (void)p;
    char path[4096];
    const char *db;
    int rc = cli_db_path(cli, path, sizeof path, &db);
    if (rc)
        return rc;
    struct oph_error err = {0};
    struct check_out o = {0};
    struct check_summary sum;
    rc = app_check(db, print_problem, &o, &sum, &err);
    if (rc < 0)
        return cli_report(&err);
    if (rc == 0) {
        printf("database sound: %lld case%s, audit log of %lld row%s chained and append-only, "
               "integrity and foreign keys ok\n",
               (long long)sum.cases, sum.cases == 1 ? "" : "s", (long long)sum.audit_rows,
               sum.audit_rows == 1 ? "" : "s");
        return EXIT_OK;
    }
    oph_fail(&err, OPH_REFUSED, "%s is not sound: %ld problem%s (listed above)", db, sum.problems,
             sum.problems == 1 ? "" : "s");
    return cli_report(&err);
}
