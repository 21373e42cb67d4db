/* Due items as iCalendar (see exports.h). */
#include "ophamp/exports.h"

int export_ics(struct app *app, const struct export_request *rq, FILE *out, struct oph_error *err)
{
    (void)app, (void)rq, (void)out;
    return oph_fail(err, OPH_INVALID, "calendars are not written yet");
}
