/* Fuzzes the case-bundle reader (import FILE.json): the bytes as a bundle, read through
 * SQLite's JSON functions and checked case by case by the core's rules, with no writes
 * (app_check_bundle), against a database made once in a private temporary folder. Invariants:
 * a refusal has a kind and one message; a bundle found valid counts no problems; every
 * problem line names its case ("case N (REF): ..."); nothing is ever written. Self-contained
 * (its own check macro): it builds alone against the library, or with the project's fuzz
 * targets. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ophamp/app.h"
#include "ophamp/bundle.h"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct app app;
static bool opened;
static char dir[] = "/tmp/ophamp-fuzz-bundle-XXXXXX";
static char path[sizeof dir + 16];

static void cleanup(void)
{
    if (!opened)
        return;
    app_close(&app);
    char side[sizeof path + 8];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    rmdir(dir);
}

static void open_once(void)
{
    if (opened)
        return;
    struct oph_error err = {0};
    CHECK(mkdtemp(dir) != NULL);
    setenv("XDG_STATE_HOME", dir, 1); /* the log's head file, not in the home folder */
    snprintf(path, sizeof path, "%s/f.db", dir);
    /* 2026-04-08 10:00 London, the clock of the command-line tests and the seeds. */
    CHECK(app_open(&app, path, 1775638800, &err) == 0);
    opened = true;
    atexit(cleanup);
}

static void on_note(void *ctx, enum bundle_note kind, const char *line)
{
    long *lines = ctx;
    CHECK(kind == BUNDLE_PROBLEM);
    CHECK(line != NULL && line[0] != '\0');
    CHECK(strncmp(line, "case ", 5) == 0 || strstr(line, "more problems not shown"));
    (*lines)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    open_once();
    struct bundle_result res;
    struct oph_error err = {0};
    long lines = 0;
    int rc =
        app_check_bundle(&app, (const char *)data, size, "fuzz.json", on_note, &lines, &res, &err);
    if (rc == 0) {
        CHECK(res.problems == 0 && lines == 0);
    } else {
        CHECK(err.kind != OPH_OK && err.msg[0] != '\0');
        CHECK(lines ==
              (res.problems > BUNDLE_MAX_PROBLEMS ? BUNDLE_MAX_PROBLEMS + 1 : res.problems));
    }
    CHECK(res.imported == 0 && res.new_people == 0 && res.replaced == 0);
    return 0;
}
