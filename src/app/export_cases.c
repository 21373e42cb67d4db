/* Case summaries of many cases in one document (see exports.h). */
#include "ophamp/exports.h"

int export_cases(struct app *app, const struct export_request *rq, enum doc_format fmt, FILE *out,
                 struct oph_error *err)
{
    (void)app, (void)rq, (void)fmt, (void)out;
    return oph_fail(err, OPH_INVALID, "case summaries are not written yet");
}
