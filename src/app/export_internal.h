/* Private to the export actions. */
#ifndef OPHAMP_EXPORT_INTERNAL_H
#define OPHAMP_EXPORT_INTERNAL_H

#include <stdint.h>

#include "ophamp/exports.h"

/* The ids of the cases a request names (rq->refs), each once, in the order given, in a
 * malloc'ed array (*ids_out; NULL and 0 when it names none). Refuses (OPH_REFUSED, "no case
 * REF") the first reference that names no case, before anything is written. */
int export_resolve_refs(struct app *app, const struct export_request *rq, int64_t **ids_out,
                        int *n_out, struct oph_error *err);

#endif
