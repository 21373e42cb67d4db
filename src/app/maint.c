/* Maintenance actions: the backup and the soundness check, each on a connection of its own
 * that only reads, and the retention review's cut-off. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "ophamp/app.h"
#include "ophamp/outfile.h"

int app_backup(const char *db_path, const char *file, bool force, struct oph_error *err)
{
    if (!file || !*file || strcmp(file, "-") == 0)
        return oph_fail(err, OPH_INVALID, "backup needs a file to write (not standard output)");
    if (out_refuse_database(file, db_path, err))
        return -1;
    struct store *st = store_open_readonly(db_path, NULL, err);
    if (!st)
        return -1;
    struct out_file o;
    int rc = out_open(&o, file, force, db_path, err);
    if (rc == 0) {
        rc = store_backup(st, o.tmp, err);
        if (rc == 0)
            rc = out_commit(&o, err);
        else
            out_abort(&o);
    }
    store_close(st);
    return rc;
}

int app_check(const char *db_path, const struct check_options *o, check_problem_cb cb, void *ctx,
              struct check_summary *out, struct oph_error *err)
{
    struct store *st = store_open_readonly(db_path, NULL, err);
    if (!st)
        return -1;
    int rc = store_check(st, o, cb, ctx, out, err);
    store_close(st);
    return rc;
}

oph_time app_review_cutoff(oph_time now, int years)
{
    struct oph_local l = london_from_utc(now);
    l.year -= years;
    if (l.month == 2 && l.day == 29 && !cal_date_valid(l.year, 2, 29))
        l.day = 28;
    oph_time t;
    if (london_to_utc(l, &t) == LOCAL_INVALID)
        return now - (oph_time)years * 365 * 86400; /* not reached: the date is valid */
    return t;
}
