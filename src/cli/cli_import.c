/* ophamp import FILE: a spreadsheet's case list saved as CSV (a JSON case bundle will come
 * through the same command). Problems go to stderr one a line, "line N, column C: reason";
 * a refused import leaves the database as it was, and no database where there was none. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_internal.h"
#include "ophamp/import.h"
#include "ophamp/text.h"

#define MAX_SHOWN 100              /* problems printed; the rest are counted */
#define MAX_FILE ((size_t)1 << 30) /* 1 GiB: far more than any force's case list */

struct shown {
    long n;
};

static void print_line(struct shown *s, const char *kind, long line, const char *column,
                       const char *msg)
{
    if (s->n++ >= MAX_SHOWN)
        return;
    char text[1200], safe[3600];
    if (line > 0 && column)
        (void)!snprintf(text, sizeof text, "line %ld, column %s: %s", line, column, msg);
    else if (line > 0)
        (void)!snprintf(text, sizeof text, "line %ld: %s", line, msg);
    else
        (void)!snprintf(text, sizeof text, "%s", msg);
    /* Column names and values come from the file: never let them drive the terminal. */
    text_neutralise(text, safe, sizeof safe, false);
    fprintf(stderr, "ophamp import: %s%s\n", kind, safe);
}

static void print_problem(void *ctx, long line, const char *column, const char *msg)
{
    print_line(ctx, "", line, column, msg);
}

/* A warning: what the import does differently from the file, or what looks changed by a
 * spreadsheet; the import goes on. */
static void print_warning(void *ctx, long line, const char *column, const char *msg)
{
    print_line(ctx, "warning: ", line, column, msg);
}

/* The whole file in memory (it is read twice). */
static int read_file(const char *path, char **out, size_t *len, struct oph_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return oph_fail(err, OPH_DB, "cannot read %s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        close(fd);
        return oph_fail(err, OPH_DB, "cannot read %s: it is a folder", path);
    }
    size_t cap = sb.st_size > 0 && (size_t)sb.st_size < MAX_FILE ? (size_t)sb.st_size + 1 : 65536;
    char *buf = malloc(cap);
    size_t n = 0;
    int rc = 0;
    while (buf) {
        if (n == cap) {
            if (cap >= MAX_FILE) {
                rc = oph_fail(err, OPH_DB, "%s is larger than 1 GiB: split it", path);
                break;
            }
            char *grown = realloc(buf, cap * 2);
            if (!grown)
                break;
            buf = grown;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            rc = oph_fail(err, OPH_DB, "cannot read %s: %s", path, strerror(errno));
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    if (!buf && rc == 0)
        rc = oph_fail(err, OPH_DB, "out of memory reading %s", path);
    if (rc) {
        free(buf);
        return -1;
    }
    *out = buf;
    *len = n;
    return 0;
}

static const char *plural(long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

int cmd_import(struct cli *cli, struct parsed *p)
{
    const char *file = p->args[0];
    const char *dot = strrchr(file, '.');
    if (dot && strcasecmp(dot, ".json") == 0) {
        if (opt(p, "map"))
            return cli_usage_error(p, "--map names a spreadsheet's columns: a .csv file");
        char path[4096];
        const char *db = "";
        int rc = cli_db_path(cli, path, sizeof path, &db);
        if (rc)
            return rc;
        struct stat sb;
        bool existed = lstat(db, &sb) == 0;
        rc = cli_import_bundle(cli, p, file);
        /* A refused import or a dry run leaves no new database behind, as for a CSV. */
        if (!existed && (rc != EXIT_OK || has(p, "dry-run")))
            cli_remove_new_database(cli, db);
        return rc;
    }
    if (!dot || strcasecmp(dot, ".csv") != 0)
        return cli_usage_error(p,
                               "%s is neither a CSV file nor a case bundle (its name must "
                               "end in .csv or .json)",
                               file);
    if (has(p, "replace"))
        return cli_usage_error(p, "--replace applies to a case bundle (.json), whose cases "
                                  "are matched by UUID");
    struct oph_error err = {0};
    if (import_check_map(opt(p, "map"), &err))
        return cli_usage_error(p, "%s", err.msg);

    char *data = NULL;
    size_t len = 0;
    if (read_file(file, &data, &len, &err))
        return cli_report(&err);
    char path[4096];
    const char *db = "";
    int rc = cli_db_path(cli, path, sizeof path, &db);
    struct stat sb;
    bool existed = rc == 0 && lstat(db, &sb) == 0;
    struct app *app;
    if (rc || (rc = cli_app(cli, &app))) {
        free(data);
        return rc;
    }
    struct shown shown = {0}, warned = {0};
    struct import_options o = {.map = opt(p, "map"),
                               .dry_run = has(p, "dry-run"),
                               .warn = print_warning,
                               .warn_ctx = &warned};
    struct import_result res;
    int r = import_csv(app, data, len, &o, print_problem, &shown, &res, &err);
    free(data);
    if (!existed && (r != 0 || o.dry_run))
        cli_remove_new_database(cli, db);
    if (r < 0)
        return err.kind == OPH_INVALID ? cli_usage_error(p, "%s: %s", file, err.msg)
                                       : cli_report(&err);
    if (r > 0) {
        char safe[4200];
        text_neutralise(file, safe, sizeof safe, false);
        if (shown.n > MAX_SHOWN)
            fprintf(stderr, "ophamp import: … and %ld more problems\n", shown.n - MAX_SHOWN);
        if (res.stopped_at) /* the rows after it were never read: no count of them */
            fprintf(stderr,
                    "ophamp import: %s: %ld %s, and the file cannot be read past line %ld; "
                    "nothing was imported\n",
                    safe, res.problems, plural(res.problems, "problem", "problems"),
                    res.stopped_at);
        else if (res.bad_rows)
            fprintf(stderr, "ophamp import: %s: %ld %s in %ld of %ld %s; nothing was imported\n",
                    safe, res.problems, plural(res.problems, "problem", "problems"), res.bad_rows,
                    res.rows, plural(res.rows, "row", "rows"));
        else
            fprintf(stderr, "ophamp import: %s: %ld %s; nothing was imported\n", safe, res.problems,
                    plural(res.problems, "problem", "problems"));
        return EXIT_REFUSED;
    }
    if (warned.n > MAX_SHOWN)
        fprintf(stderr, "ophamp import: … and %ld more warnings\n", warned.n - MAX_SHOWN);
    printf("%s %ld %s and %ld new %s%s\n", o.dry_run ? "would import" : "imported", res.cases,
           plural(res.cases, "case", "cases"), res.people, plural(res.people, "person", "people"),
           o.dry_run ? " (dry run: nothing was written)" : "");
    return EXIT_OK;
}
