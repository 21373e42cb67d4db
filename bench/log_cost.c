/* What the log costs one action: the processor time of `step na` on each of N cases of a demo
 * database, as the program runs it (the logging triggers, the action's hash and its row, the
 * head file), against the same actions on a copy whose logging triggers are taken away (the
 * rest of the action, and the transaction, unchanged). Processor time, not wall time: the
 * commit's fsync is the same in both and the machine may be busy.
 *
 *   build/bench_log_cost [N]    (N new cases beside N demo cases, default 2000; prints
 *                                microseconds of processor time per action) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ophamp/app.h"
#include "ophamp/store.h"
#include "store/store_internal.h"

static double cpu_us(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec * 1e6 + (double)ru.ru_utime.tv_usec +
           (double)ru.ru_stime.tv_sec * 1e6 + (double)ru.ru_stime.tv_usec;
}

static void die(const char *what, const struct oph_error *err)
{
    fprintf(stderr, "bench_log_cost: %s: %s\n", what, err ? err->msg : "");
    exit(1);
}

struct refs {
    char (*ref)[REF_LEN + 1];
    long n, cap;
};

static int keep_ref(void *ctx, const char *reference)
{
    struct refs *r = ctx;
    if (r->n < r->cap)
        snprintf(r->ref[r->n++], REF_LEN + 1, "%s", reference);
    return 0;
}

/* Marks step slt not applicable on every open case whose slt is pending; returns the
 * processor microseconds per action. */
static double run(const char *path, bool without_log, long n, long *done)
{
    struct app app;
    struct oph_error err = {0};
    if (app_open(&app, path, 1795338000 /* 2026-11-23 09:00 */, &err))
        die("open", &err);
    if (without_log) {
        char *msg = NULL;
        if (sqlite3_exec(app.store->db,
                         "DROP TRIGGER steps_audit_update; DROP TRIGGER steps_audit_insert;", NULL,
                         NULL, &msg) != SQLITE_OK)
            die(msg, NULL);
        app.store->schema_problem[0] = '\0'; /* the guard would refuse: this is a bench */
    }
    struct refs r = {calloc((size_t)n, REF_LEN + 1), 0, n};
    if (!r.ref || store_case_each(app.store, true, keep_ref, &r, &err))
        die("list", &err);
    *done = 0;
    double t0 = cpu_us();
    for (long i = 0; i < r.n; i++) {
        struct oph_error e = {0};
        if (app_step_na(&app, r.ref[i], STEP_SLT, "bench: told by email", &e) == 0)
            ++*done;
    }
    double t = cpu_us() - t0;
    free(r.ref);
    app_close(&app);
    return *done ? t / (double)*done : 0;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 2000;
    char dir[] = "/tmp/ophamp-bench-log-XXXXXX";
    if (!mkdtemp(dir))
        die("mkdtemp", NULL);
    setenv("XDG_STATE_HOME", dir, 1);
    char a[256], b[256];
    snprintf(a, sizeof a, "%s/with.db", dir);
    snprintf(b, sizeof b, "%s/without.db", dir);
    struct app app;
    struct oph_error err = {0};
    struct person_input me = {.name = "Alex Morgan", .number = "2210", .rank = "Sgt"};
    struct person_input victim = {.name = "Sam Carter", .number = "4127", .rank = "PC"};
    if (app_open(&app, a, 1795338000, &err) || app_whoami(&app, "2210", &me, NULL, &err) ||
        app_person_add(&app, &victim, NULL, &err))
        die("people", &err);
    /* N new cases, each with its step slt pending (and as many demo cases beside). */
    if (app_demo(&app, n, 7, true, NULL, NULL, &err))
        die("demo", &err);
    store_bulk(app.store, true, &err);
    for (long i = 0; i < n; i++) {
        struct case_facts f;
        case_facts_init(&f);
        snprintf(f.victim_number, sizeof f.victim_number, "4127");
        snprintf(f.supervisor_number, sizeof f.supervisor_number, "2210");
        f.occurred_at = 1795330000 - i * 60;
        f.reported_at = 1795334000;
        snprintf(f.location, sizeof f.location, "High Street");
        f.location_kind = LOC_STREET;
        f.injury = INJURY_MINOR;
        char ref[REF_LEN + 1];
        if (app_case_new(&app, &f, ref, &err))
            die("case new", &err);
    }
    store_bulk(app.store, false, &err);
    FILE *f = fopen(b, "wb"); /* the backup writes into an existing empty file */
    if (!f)
        die("create the copy", NULL);
    fclose(f);
    if (store_backup(app.store, b, &err))
        die("copy", &err);
    app_close(&app);
    long d1 = 0, d2 = 0;
    /* BENCH_ONLY=with or without runs one of them (to count instructions of one under
     * callgrind: --toggle-collect=app_step_na). */
    const char *only = getenv("BENCH_ONLY");
    double with = only && strcmp(only, "without") == 0 ? 0 : run(a, false, n, &d1);
    double without = only && strcmp(only, "with") == 0 ? 0 : run(b, true, n, &d2);
    if (only)
        d2 = d1 = d1 > d2 ? d1 : d2;
    printf("step na on %ld open cases: %.1f us of processor time an action with the log, "
           "%.1f us without its triggers: the log's share %.1f us\n",
           d1, with, without, with - without);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 && d1 == d2 ? 0 : 1;
}
