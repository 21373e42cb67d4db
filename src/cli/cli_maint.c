/* ophamp backup and ophamp check: the file's safety, on connections that only read. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* "N:HASH[,N:HASH…]": heads published in reports and exports; at least 16 hex digits of
 * each hash (64 bits), any case. */
static int parse_heads(const struct parsed *p, const char *v, struct log_head *out, int max, int *n)
{
    *n = 0;
    while (v && *v) {
        const char *comma = strchr(v, ',');
        size_t len = comma ? (size_t)(comma - v) : strlen(v);
        char one[128];
        if (len >= sizeof one || *n >= max)
            return cli_usage_error(p, "--head: at most %d heads of the form N:HASH", max);
        memcpy(one, v, len);
        one[len] = '\0';
        char *colon = strchr(one, ':'), *end = NULL;
        long long id = colon ? strtoll(one, &end, 10) : 0;
        size_t hex = colon ? strspn(colon + 1, "0123456789abcdefABCDEF") : 0;
        if (!colon || end != colon || id < 1 || hex < 16 || hex > LOG_HASH_HEX ||
            colon[1 + hex] != '\0')
            return cli_usage_error(p,
                                   "--head: '%s' is not a head: the action number, ':' and at "
                                   "least 16 hex digits of its hash (as a report prints it)",
                                   one);
        out[*n].id = id;
        for (size_t i = 0; i <= hex; i++)
            out[*n].hash[i] = (char)tolower((unsigned char)colon[1 + i]);
        (*n)++;
        v = comma ? comma + 1 : NULL;
    }
    return 0;
}

/* On a terminal, one line on stderr that says where the check is, rewritten in place. */
static void print_progress(void *ctx, const char *phase, int64_t done, int64_t total)
{
    (void)ctx;
    if (total > 0)
        fprintf(stderr, "\rchecking %s: %d%%   ", phase, (int)(100 * done / total));
    else if (done > 0)
        fprintf(stderr, "\rchecking %s: %lld rows   ", phase, (long long)done);
    else
        fprintf(stderr, "\rchecking %s…              ", phase);
    fflush(stderr);
}

int cmd_check(struct cli *cli, struct parsed *p)
{
    char path[4096];
    const char *db;
    int rc = cli_db_path(cli, path, sizeof path, &db);
    if (rc)
        return rc;
    struct log_head heads[16];
    struct check_options o = {.heads = heads};
    if ((rc = parse_heads(p, opt(p, "head"), heads, 16, &o.n_heads)))
        return rc;
    struct oph_error err = {0};
    if (has(p, "repair")) {
        struct app *app;
        if ((rc = cli_app(cli, &app)))
            return rc;
        if (app_repair_derived(app, &err))
            return cli_report(&err);
        printf("derived tables rebuilt from their sources (report_done, the search index)\n");
    }
    bool tty = isatty(STDERR_FILENO);
    if (tty) {
        o.progress = print_progress;
    }
    struct check_out out = {0};
    struct check_summary sum;
    rc = app_check(db, &o, print_problem, &out, &sum, &err);
    if (tty)
        fprintf(stderr, "\r%60s\r", "");
    if (rc < 0)
        return cli_report(&err);
    if (rc == 0) {
        printf("database sound: %lld case%s; the log holds %lld action%s (%lld change%s",
               (long long)sum.cases, sum.cases == 1 ? "" : "s", (long long)sum.actions,
               sum.actions == 1 ? "" : "s", (long long)sum.changes, sum.changes == 1 ? "" : "s");
        if (sum.audit_rows)
            printf(", and %lld row%s of the log of schemas 1-3", (long long)sum.audit_rows,
                   sum.audit_rows == 1 ? "" : "s");
        printf("), chained and whole, and replays to exactly the tables; schema, derived tables, "
               "integrity and foreign keys ok");
        if (sum.head.id)
            printf("; audit head %lld:%s", (long long)sum.head.id, sum.head.hash);
        if (o.n_heads)
            printf("; the head%s given %s in the log", o.n_heads == 1 ? "" : "s",
                   o.n_heads == 1 ? "is" : "are");
        if (sum.head_file > 0)
            printf("; the head kept outside the database is in the log");
        printf("\n");
        return EXIT_OK;
    }
    oph_fail(&err, OPH_REFUSED, "%s is not sound: %ld problem%s (listed above)", db, sum.problems,
             sum.problems == 1 ? "" : "s");
    return cli_report(&err);
}
