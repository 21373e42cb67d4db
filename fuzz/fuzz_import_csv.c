/* libFuzzer target: the CSV import's parsing and checking, bytes in, nothing written. Each
 * input is imported with --dry-run into a scratch database made once (two people, so rows
 * can pass the people checks and reach the engine), and rolled back. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ophamp/app.h"
#include "ophamp/import.h"

static struct app app;
static int ready;
static char path[] = "/tmp/ophamp-fuzz-import-XXXXXX";

static void remove_scratch(void)
{
    char side[sizeof path + 8];
    app_close(&app);
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static void ignore_problem(void *ctx, long line, const char *column, const char *msg)
{
    (void)ctx;
    (void)line;
    (void)column;
    (void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    close(fd);
    unlink(path); /* store_open creates it 0600 */
    /* The log's head file goes beside it, not into the home folder. */
    static char state[] = "/tmp/ophamp-fuzz-state-XXXXXX";
    if (!mkdtemp(state))
        abort();
    setenv("XDG_STATE_HOME", state, 1);
    struct oph_error err;
    oph_time now = 1775638800; /* 2026-04-08T09:00:00Z */
    if (app_open(&app, path, now, &err)) {
        fprintf(stderr, "fuzz: %s\n", err.msg);
        abort();
    }
    struct person_input a = {.name = "Alice Victim", .number = "1001"};
    struct person_input b = {.name = "Bob Sergeant", .number = "2001"};
    if (app_whoami(&app, a.number, &a, NULL, &err) || app_person_add(&app, &b, NULL, &err))
        abort();
    atexit(remove_scratch);
    ready = 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready)
        return 0;
    struct import_options o = {.dry_run = true};
    struct import_result res;
    struct oph_error err;
    /* A --map from the input's first line, when it starts with "#map ". */
    char map[256];
    if (size > 5 && memcmp(data, "#map ", 5) == 0) {
        size_t n = 5;
        while (n < size && data[n] != '\n' && n - 5 < sizeof map - 1)
            n++;
        memcpy(map, data + 5, n - 5);
        map[n - 5] = '\0';
        o.map = memchr(map, '\0', n - 5) ? NULL : map;
        data += n;
        size -= n;
    }
    import_csv(&app, (const char *)data, size, &o, ignore_problem, NULL, &res, &err);
    return 0;
}
