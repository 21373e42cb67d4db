/* The case list as CSV (see exports.h). */
#include "ophamp/exports.h"

int export_case_list_csv(struct app *app, const struct export_request *rq, FILE *out,
                         struct oph_error *err)
{
    (void)app, (void)rq, (void)out;
    return oph_fail(err, OPH_INVALID, "csv lists are not written yet");
}
