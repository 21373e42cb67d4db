/* Synthetic cases for trying the program and for benchmarks: a pool of made-up people, then
 * cases in date order, each built in memory, run through the plan's engine and saved whole.
 * Here: the whole run; the people in demo_pool.c, a case in demo_case.c (its facts in
 * demo_facts.c, its steps and evidence in demo_steps.c). */
#include "ophamp/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "demo_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"

#define YEAR_SECONDS (365.2425 * 86400.0)

#define DEMO_MAX_CASES 5000000L
#define BATCH 5000           /* cases per transaction: the commit cost is shared by many */
#define CASES_PER_YEAR 60000 /* about the national figure: years = n / this, at least 2 */
#define REFS_PER_YEAR 99000  /* references run to 99,999 a year; keep a margin */
#define EARLIEST ((oph_time)631152000 + 2 * DAY) /* the checks refuse times before 1990 */

/* ---- the whole run ------------------------------------------------------------------- */

/* Differs from one run to the next on the same database (the cases already there), so a
 * second demo with the same seed gets fresh UUIDs, even after a run that was cut short; on
 * an empty database it is fixed. */
static int uuid_salt(struct app *app, uint64_t *salt, struct oph_error *err)
{
    int64_t max_id = 0;
    if (store_case_max_id(app->store, &max_id, err))
        return -1;
    *salt = (uint64_t)max_id;
    return 0;
}

#define DEMO_SETTING "demo_cases"

int app_demo_counts(struct app *app, long *demo, long *all, struct oph_error *err)
{
    char value[32] = "";
    int64_t n = 0;
    int found = store_setting(app->store, DEMO_SETTING, value, sizeof value, err);
    if (found < 0 || (all && store_case_count(app->store, &n, err)))
        return -1;
    *demo = found ? strtol(value, NULL, 10) : 0;
    if (all)
        *all = (long)n;
    return 0;
}

int app_demo_path(const char *db_path, char *buf, size_t n, struct oph_error *err)
{
    const char *slash = strrchr(db_path, '/');
    const char *name = slash ? slash + 1 : db_path;
    const char *dot = strrchr(name, '.');
    size_t stem = dot && dot != name ? (size_t)(dot - db_path) : strlen(db_path);
    int k = snprintf(buf, n, "%.*s-demo%s", (int)stem, db_path, dot && dot != name ? dot : ".db");
    if (k < 0 || (size_t)k >= n)
        return oph_fail(err, OPH_INVALID, "the database's path is too long for a demo beside it");
    return 0;
}

/* The demo's count, raised by the cases of a batch in that batch's transaction: an action of
 * its own, after the batch's cases. */
static int count_demo_cases(struct app *app, long total, struct oph_error *err)
{
    char value[32];
    snprintf(value, sizeof value, "%ld", total);
    if (store_action_begin(app->store, "demo count", err))
        return -1;
    if (store_setting_set(app->store, DEMO_SETTING, value, err)) {
        store_action_rollback(app->store);
        return -1;
    }
    return store_action_commit(app->store, err);
}

int app_demo(struct app *app, long n_cases, unsigned long seed, bool into_real, progress_cb cb,
             void *ctx, struct oph_error *err)
{
    if (n_cases < 1 || n_cases > DEMO_MAX_CASES)
        return oph_fail(err, OPH_INVALID, "number of demo cases must be between 1 and %ld",
                        DEMO_MAX_CASES);
    long demo_before, all_before;
    if (app_demo_counts(app, &demo_before, &all_before, err))
        return -1;
    if (all_before > demo_before && !into_real)
        return oph_fail(err, OPH_REFUSED,
                        "this database holds %ld real case%s: demo cases would mix with them; "
                        "use another database (--into-real-database adds them anyway)",
                        all_before - demo_before, all_before - demo_before == 1 ? "" : "s");
    const oph_time now = app->now;
    long years = (n_cases + CASES_PER_YEAR - 1) / CASES_PER_YEAR;
    if (years < 2)
        years = 2;
    oph_time start = now - (oph_time)((double)years * YEAR_SECONDS);
    if (start < EARLIEST)
        start = EARLIEST;
    double span_years = (double)(now - start) / YEAR_SECONDS;
    long fit = (long)(span_years * REFS_PER_YEAR);
    if (n_cases > fit)
        return oph_fail(
            err, OPH_INVALID,
            "at most %ld demo cases fit between 1990 and now (references run to 99,999 a year)",
            fit);

    struct demo dm;
    memset(&dm, 0, sizeof dm);
    dm.app = app;
    dm.now = now;
    dm.actor = app->signature; /* the signer, from the first action on */
    dm.px = (struct plan_ctx){
        .rules = &app->rules, .cal = &app->cal, .now = now, .actor = app->signature};
    rng_seed(&dm.rng, (uint64_t)seed);
    uint64_t salt;
    if (uuid_salt(app, &salt, err))
        return -1;
    rng_seed(&dm.uuid_rng, (uint64_t)seed ^ (salt * 0x9E3779B97F4A7C15ULL) ^ 0x5555AAAA5555AAAAULL);

    long n_people = n_cases / 20 + 50;
    if (n_people < 60)
        n_people = 60;
    if (demo_pool_create(app, &dm.rng, (int)n_people, &dm.pool, err))
        return -1;
    if (cb)
        cb(ctx, 0, n_cases);

#ifdef __GLIBC__
    /* Each case's item arrays hold large free-text buffers and the engine grows them one item
     * at a time. By default glibc hands the freed heap back to the kernel after every case and
     * faults it in again for the next, which cost more than all the SQL (4x slower). */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
    /* A case_detail is large (free-text buffers): one, reused, its arrays freed each time. */
    struct case_detail *c = case_detail_new();
    int rc = store_bulk(app->store, true, err);
    double slot = (double)(now - start) / (double)n_cases;
    for (long done = 0; done < n_cases && rc == 0;) {
        long end = done + BATCH < n_cases ? done + BATCH : n_cases;
        if (store_begin(app->store, err)) {
            rc = -1;
            break;
        }
        for (; done < end && rc == 0; done++) {
            /* Cases come in date order, so references follow the dates; the hour of day
             * follows when assaults happen (evenings and nights). */
            static const int hour_w[24] = {6, 5, 4, 3, 2, 1, 1, 2, 3, 3, 4, 4,
                                           4, 5, 5, 6, 6, 7, 7, 7, 8, 8, 8, 7};
            oph_time when = start + (oph_time)(((double)done + unit(&dm.rng)) * slot);
            oph_time midnight = when - when % DAY;
            midnight -= london_offset(midnight + 12 * HOUR);
            oph_time occurred =
                midnight + WEIGHTED(&dm.rng, hour_w) * HOUR + between(&dm.rng, 0, HOUR);
            if (occurred < EARLIEST)
                occurred = EARLIEST + between(&dm.rng, 0, HOUR);
            struct holders h;
            rc = store_action_begin(app->store, "demo case", err);
            if (rc == 0)
                rc = demo_build_case(&dm, c, &h, occurred, err);
            if (rc == 0)
                rc = demo_save_case(&dm, c, &h, err);
            if (rc == 0)
                rc = store_action_commit(app->store, err);
            else
                store_action_rollback(app->store);
            /* The item arrays are kept for the next case (each item is set whole when it is
             * added): a case's arrays are a few hundred kilobytes, allocated once. */
            c->n_followups = c->n_evidence = c->n_timeline = 0;
        }
        if (rc == 0)
            rc = count_demo_cases(app, demo_before + done, err);
        if (rc == 0)
            rc = store_commit(app->store, err);
        else
            store_rollback(app->store);
        if (rc == 0 && cb)
            cb(ctx, done, n_cases);
    }
    struct oph_error ignored;
    store_bulk(app->store, false, rc ? &ignored : err);
    case_detail_free(c);
    demo_pool_free(&dm.pool);
    return rc;
}
