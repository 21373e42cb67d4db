/* The reads the front ends make: lists and lookups, through the app, so that no front end
 * reaches the store (a layer apart: scripts/layer-check.sh). Each is the store's own read. */
#include "ophamp/app.h"

int app_default_path(char *buf, size_t bufsz, struct oph_error *err)
{
    return store_default_path(buf, bufsz, err);
}

const char *app_path(const struct app *app)
{
    return store_path(app->store);
}

int app_person_by_number(struct app *app, const char *number, struct person *out,
                         struct oph_error *err)
{
    return store_person_by_number(app->store, number, out, err);
}

int app_person_list(struct app *app, const char *search, int limit, person_cb cb, void *ctx,
                    struct oph_error *err)
{
    return store_person_list(app->store, search, limit, cb, ctx, err);
}

int app_holiday_list(struct app *app, holiday_cb cb, void *ctx, struct oph_error *err)
{
    return store_holiday_list(app->store, cb, ctx, err);
}

int app_case_list(struct app *app, const struct case_filter *f, case_row_cb cb, void *ctx,
                  struct oph_error *err)
{
    return store_case_list(app->store, f, cb, ctx, err);
}

int app_case_list_count(struct app *app, const struct case_filter *f, long cap, long *out,
                        struct oph_error *err)
{
    return store_case_list_count(app->store, f, cap, out, err);
}
