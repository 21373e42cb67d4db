/* Unit tests of storage (SPEC §6): creating and migrating the file, refusing newer or foreign
 * files untouched, and the append-only, hash-chained audit log; each on a fresh temporary file. */
#include <check.h>
#include <dirent.h>
#include <nettle/sha2.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ophamp/app.h"
#include "ophamp/calendar.h"
#include "ophamp/import.h"

#include "check_support.h"

static char root_dir[256];
static char test_dir[400];
static char db_path[512];
static struct app app;
static bool app_is_open;
static oph_time NOW;

/* ---- helpers ------------------------------------------------------------------------- */

static void open_app(const char *path)
{
    oph_error_clear(&err);
    ck_assert_msg(app_open(&app, path, NOW, &err) == 0, "app_open(%s): %s", path, err.msg);
    app_is_open = true;
}

static void close_app(void)
{
    if (app_is_open)
        app_close(&app);
    app_is_open = false;
}

/* The first person added to a database is named as its user: nothing is saved before. */
static void add_person(const char *name, const char *number, int64_t *id)
{
    struct person_input in = {.name = name, .number = number};
    struct person p, user;
    if (app_user(&app, &user, &err) == 0)
        EXPECT_OK(app_whoami(&app, number, &in, &p, &err));
    else
        EXPECT_OK(app_person_add(&app, &in, &p, &err));
    if (id)
        *id = p.id;
}

static void new_case(char ref[REF_LEN + 1])
{
    struct case_facts f;
    case_facts_init(&f);
    strcpy(f.victim_number, "V1");
    strcpy(f.supervisor_number, "S1");
    f.occurred_at = T("2026-04-07 19:30");
    f.reported_at = T("2026-04-07 20:00");
    strcpy(f.location, "Custody suite, Basingstoke");
    f.location_kind = LOC_CUSTODY;
    EXPECT_OK(app_case_new(&app, &f, ref, &err));
}

/* Raw connections: the log's triggers call oph_action (and the old ones oph_sha256/oph_actor),
 * which only the program
 * registers, so register stubs that fail if ever run (no raw statement may write audit rows). */
static void stub_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_error(ctx, "stub audit function called", -1);
}

static sqlite3 *raw_open(const char *path, int flags)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, flags, NULL);
    ck_assert_msg(rc == SQLITE_OK, "sqlite3_open_v2(%s): %s", path, sqlite3_errstr(rc));
    sqlite3_busy_timeout(db, 2000);
    sqlite3_create_function(db, "oph_sha256", -1, SQLITE_UTF8, NULL, stub_fn, NULL, NULL);
    sqlite3_create_function(db, "oph_actor", 0, SQLITE_UTF8, NULL, stub_fn, NULL, NULL);
    sqlite3_create_function(db, "oph_action", 0, SQLITE_UTF8, NULL, stub_fn, NULL, NULL);
    return db;
}

static char raw_msg[512];

static int raw_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    snprintf(raw_msg, sizeof raw_msg, "%s", msg ? msg : "");
    sqlite3_free(msg);
    return rc & 0xFF;
}

static void raw_ok(sqlite3 *db, const char *sql)
{
    ck_assert_msg(raw_exec(db, sql) == SQLITE_OK, "%s: %s", sql, raw_msg);
}

static int64_t query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK, "%s: %s", sql,
                  sqlite3_errmsg(db));
    ck_assert_msg(sqlite3_step(s) == SQLITE_ROW, "%s: no row (%s)", sql, sqlite3_errmsg(db));
    int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static void query_text(sqlite3 *db, const char *sql, char *out, size_t outsz)
{
    sqlite3_stmt *s = NULL;
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK, "%s: %s", sql,
                  sqlite3_errmsg(db));
    ck_assert_msg(sqlite3_step(s) == SQLITE_ROW, "%s: no row (%s)", sql, sqlite3_errmsg(db));
    const unsigned char *v = sqlite3_column_text(s, 0);
    snprintf(out, outsz, "%s", v ? (const char *)v : "(null)");
    sqlite3_finalize(s);
}

/* Changes in the log, counted through a separate read-only connection (the app's is idle
 * between actions, and the database is in WAL mode). */
static int64_t audit_count(void)
{
    sqlite3 *db = raw_open(db_path, SQLITE_OPEN_READONLY);
    int64_t n = query_int(db, "SELECT count(*) FROM log_changes");
    sqlite3_close(db);
    return n;
}

static int64_t action_count(void)
{
    sqlite3 *db = raw_open(db_path, SQLITE_OPEN_READONLY);
    int64_t n = query_int(db, "SELECT count(*) FROM log_actions");
    sqlite3_close(db);
    return n;
}

struct bytes {
    unsigned char *data;
    size_t len;
};

static struct bytes read_all(const char *path)
{
    struct bytes b = {NULL, 0};
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot read %s", path);
    unsigned char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        unsigned char *grown = realloc(b.data, b.len + n);
        ck_assert_ptr_nonnull(grown);
        b.data = grown;
        memcpy(b.data + b.len, buf, n);
        b.len += n;
    }
    fclose(f);
    return b;
}

static void write_all(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    ck_assert_int_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

static void assert_same_bytes(struct bytes before, const char *path)
{
    struct bytes after = read_all(path);
    ck_assert_msg(after.len == before.len, "%s changed size: %zu -> %zu bytes", path, before.len,
                  after.len);
    ck_assert_msg(memcmp(after.data, before.data, before.len) == 0, "%s was modified", path);
    free(after.data);
}

static unsigned file_mode(const char *path)
{
    struct stat sb;
    ck_assert_msg(stat(path, &sb) == 0, "stat(%s) failed", path);
    return (unsigned)(sb.st_mode & 07777);
}

/* Each test: its own empty folder; the clock at Wed 2026-04-08 10:00 London. */
static void setup(void)
{
    snprintf(test_dir, sizeof test_dir, "%s/db-XXXXXX", root_dir);
    ck_assert_ptr_nonnull(mkdtemp(test_dir));
    snprintf(db_path, sizeof db_path, "%s/ophamp.db", test_dir);
    NOW = T("2026-04-08 10:00");
    oph_error_clear(&err);
    app_is_open = false;
}

static void teardown(void)
{
    close_app();
}

/* A migrated database with people V1 (victim) and S1 (supervisor), then closed. */
static void make_database(void)
{
    open_app(db_path);
    add_person("PC Vicky Victim", "V1", NULL);
    add_person("Sgt Sam Supervisor", "S1", NULL);
    close_app();
}

/* ---- creating and migrating ---------------------------------------------------------- */

START_TEST(test_new_file_created_and_migrated)
{
    /* A permissive umask must not loosen the modes. */
    mode_t old_mask = umask(0);
    char sub[512], deeper[512], path[600], wal[620];
    snprintf(sub, sizeof sub, "%s/sub", test_dir);
    snprintf(deeper, sizeof deeper, "%s/sub/deeper", test_dir);
    snprintf(path, sizeof path, "%s/sub/deeper/ophamp.db", test_dir);
    snprintf(wal, sizeof wal, "%s-wal", path);
    oph_error_clear(&err);
    int rc = app_open(&app, path, NOW, &err);
    umask(old_mask);
    ck_assert_msg(rc == 0, "app_open: %s", err.msg);
    app_is_open = true;
    ck_assert_uint_eq(file_mode(path), 0600);
    ck_assert_uint_eq(file_mode(sub), 0700);
    ck_assert_uint_eq(file_mode(deeper), 0700);
    add_person("PC Vicky Victim", "V1", NULL);
    /* The write-ahead log carries the same data: it must be as private as the file. */
    ck_assert_uint_eq(file_mode(wal), 0600);
    close_app();
    ck_assert_uint_eq(file_mode(path), 0600);

    sqlite3 *db = raw_open(path, SQLITE_OPEN_READONLY);
    ck_assert_int_eq(query_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    ck_assert_int_eq(query_int(db, "PRAGMA user_version"), 4);
    char mode[32];
    query_text(db, "PRAGMA journal_mode", mode, sizeof mode);
    ck_assert_str_eq(mode, "wal");
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM rules"), 31); /* 23, 8 of schema 4 */
    ck_assert_int_eq(query_int(db, "SELECT amount FROM rules WHERE key = 'crime'"), 24);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                   "AND name IN ('people', 'cases', 'steps', 'followups', "
                                   "'evidence_items', 'audit_log', 'rules')"),
                     7);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM people"), 1);
    sqlite3_close(db);
}
END_TEST

/* The bulk settings take effect when a transaction begins (statement journals in memory):
 * asked for inside one they are refused, not silently left for the next. */
START_TEST(test_bulk_settings_only_between_transactions)
{
    make_database();
    open_app(db_path);
    ck_assert_int_eq(store_begin(app.store, &err), 0);
    ck_assert_int_eq(store_large_cache(app.store, true, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "before a transaction begins"));
    ck_assert_int_eq(store_bulk(app.store, true, &err), -1);
    store_rollback(app.store);
    ck_assert_int_eq(store_bulk(app.store, true, &err), 0);
    ck_assert_int_eq(store_bulk(app.store, false, &err), 0);
    ck_assert_int_eq(store_large_cache(app.store, true, &err), 0);
    ck_assert_int_eq(store_large_cache(app.store, false, &err), 0);
    close_app();
}
END_TEST

START_TEST(test_reopen_does_not_migrate_again)
{
    make_database();
    int64_t audit = audit_count();
    struct bytes before = read_all(db_path);
    open_app(db_path);
    struct person p;
    ck_assert_int_eq(store_person_by_number(app.store, "V1", &p, &err), 1);
    ck_assert_str_eq(p.name, "PC Vicky Victim");
    ck_assert_int_eq(app.rules.n, 31);
    close_app();
    /* Opening and closing wrote nothing. */
    assert_same_bytes(before, db_path);
    free(before.data);
    ck_assert_int_eq(audit_count(), audit);
    sqlite3 *db = raw_open(db_path, SQLITE_OPEN_READONLY);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM rules"), 31); /* 23, 8 of schema 4 */
    ck_assert_int_eq(query_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    sqlite3_close(db);
}
END_TEST

START_TEST(test_empty_existing_file_is_migrated)
{
    write_all(db_path, "", 0);
    chmod(db_path, 0600);
    open_app(db_path);
    close_app();
    sqlite3 *db = raw_open(db_path, SQLITE_OPEN_READONLY);
    ck_assert_int_eq(query_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    sqlite3_close(db);
}
END_TEST

START_TEST(test_newer_file_refused_untouched)
{
    make_database();
    sqlite3 *db = raw_open(db_path, SQLITE_OPEN_READWRITE);
    raw_ok(db, "PRAGMA user_version = 99");
    sqlite3_close(db);
    struct bytes before = read_all(db_path);

    EXPECT_FAIL(app_open(&app, db_path, NOW, &err), OPH_DB, "newer");
    assert_same_bytes(before, db_path);
    /* The next version up is refused just the same. */
    db = raw_open(db_path, SQLITE_OPEN_READWRITE);
    char next[64];
    snprintf(next, sizeof next, "PRAGMA user_version = %d", STORE_SCHEMA_VERSION + 1);
    raw_ok(db, next);
    sqlite3_close(db);
    free(before.data);
    before = read_all(db_path);
    EXPECT_FAIL(app_open(&app, db_path, NOW, &err), OPH_DB, "newer");
    assert_same_bytes(before, db_path);
    free(before.data);

    db = raw_open(db_path, SQLITE_OPEN_READONLY);
    ck_assert_int_eq(query_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION + 1);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM people"), 2);
    sqlite3_close(db);
}
END_TEST

START_TEST(test_text_file_refused_untouched)
{
    char text[4096] = "";
    for (int i = 0; strlen(text) + 64 < sizeof text; i++) {
        size_t o = strlen(text);
        snprintf(text + o, sizeof text - o, "line %d: this is a shopping list, not a db\n", i);
    }
    write_all(db_path, text, strlen(text));
    struct bytes before = read_all(db_path);
    EXPECT_FAIL(app_open(&app, db_path, NOW, &err), OPH_DB, NULL);
    assert_same_bytes(before, db_path);
    free(before.data);

    /* A short one too. */
    write_all(db_path, "hello\n", 6);
    before = read_all(db_path);
    EXPECT_FAIL(app_open(&app, db_path, NOW, &err), OPH_DB, NULL);
    assert_same_bytes(before, db_path);
    free(before.data);
}
END_TEST

START_TEST(test_foreign_sqlite_database_refused)
{
    sqlite3 *db = raw_open(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    raw_ok(db, "CREATE TABLE recipes(name TEXT, minutes INTEGER);"
               "INSERT INTO recipes VALUES ('scones', 25);");
    ck_assert_int_eq(query_int(db, "PRAGMA user_version"), 0);
    sqlite3_close(db);
    struct bytes before = read_all(db_path);
    EXPECT_FAIL(app_open(&app, db_path, NOW, &err), OPH_DB, "not an ophamp");
    assert_same_bytes(before, db_path);
    free(before.data);
    db = raw_open(db_path, SQLITE_OPEN_READONLY);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM sqlite_schema"), 1);
    ck_assert_int_eq(query_int(db, "PRAGMA user_version"), 0);
    sqlite3_close(db);
}
END_TEST

START_TEST(test_folder_as_database_refused)
{
    EXPECT_FAIL(app_open(&app, test_dir, NOW, &err), OPH_DB, NULL);
}
END_TEST

/* References of the case list for a filter, joined by spaces, into out. */
static int collect_ref(void *ctx, const struct case_row *r)
{
    char *out = ctx;
    size_t n = strlen(out);
    snprintf(out + n, 1024 - n, "%s%s", n ? " " : "", r->reference + 9);
    return 0;
}

static const char *list_refs(const struct case_filter *f, char out[1024])
{
    out[0] = '\0';
    EXPECT_OK(store_case_list(app.store, f, collect_ref, out, &err));
    return out;
}

static const char *search_refs(const char *text, char out[1024])
{
    struct case_filter f = {.kind = FILTER_ALL, .search = text, .now = NOW};
    return list_refs(&f, out);
}

/* Every object of a database (type, name, table, SQL), one per line, sorted. */
static char *schema_text(sqlite3 *db)
{
    sqlite3_stmt *s = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db,
                                        "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || "
                                        "coalesce(sql, '-') FROM sqlite_schema ORDER BY name",
                                        -1, &s, NULL),
                     SQLITE_OK);
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    ck_assert_ptr_nonnull(out);
    out[0] = '\0';
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(s, 0);
        size_t len = strlen(line);
        while (n + len + 2 > cap) {
            cap *= 2;
            out = realloc(out, cap);
            ck_assert_ptr_nonnull(out);
        }
        memcpy(out + n, line, len);
        n += len;
        out[n++] = '\n';
        out[n] = '\0';
    }
    sqlite3_finalize(s);
    return out;
}

/* Every row the old file's tables held is in the upgraded file (ATTACHed as old), column for
 * column where the tables still share the column; report_done is derived (filled again) and
 * the search index's own tables are made again. Returns how many tables were compared. */
static int assert_rows_survive(sqlite3 *db, const char *file)
{
    sqlite3_stmt *t = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db,
                                        "SELECT name FROM old.sqlite_schema WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                        "AND name NOT LIKE 'case\\_search%' ESCAPE '\\' "
                                        "AND name <> 'report_done' ORDER BY name",
                                        -1, &t, NULL),
                     SQLITE_OK);
    int tables = 0;
    while (sqlite3_step(t) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(t, 0);
        char *cols = sqlite3_mprintf(
            "SELECT group_concat('\"' || x.name || '\"', ', ') FROM pragma_table_info(%Q, 'old') x "
            "JOIN pragma_table_info(%Q, 'main') y ON y.name = x.name",
            name, name);
        char list[2048];
        query_text(db, cols, list, sizeof list);
        sqlite3_free(cols);
        ck_assert_msg(list[0], "%s: table %s is gone", file, name);
        char *lost = sqlite3_mprintf("SELECT count(*) FROM (SELECT %s FROM old.\"%w\" EXCEPT "
                                     "SELECT %s FROM main.\"%w\")",
                                     list, name, list, name);
        int64_t n = query_int(db, lost);
        sqlite3_free(lost);
        ck_assert_msg(n == 0, "%s: %lld rows of %s did not survive the upgrade", file, (long long)n,
                      name);
        tables++;
    }
    sqlite3_finalize(t);
    return tables;
}

/* The first line (of sorted lines) where a and b part: "a's line / b's line", each cut. */
static const char *first_difference(const char *a, const char *b, char *out, size_t outsz)
{
    while (*a && *a == *b) {
        const char *na = strchr(a, '\n'), *nb = strchr(b, '\n');
        if (!na || !nb || na - a != nb - b || memcmp(a, b, (size_t)(na - a)) != 0)
            break;
        a = na + 1;
        b = nb + 1;
    }
    size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
    snprintf(out, outsz, "upgraded: %.*s / new: %.*s", (int)(la < 200 ? la : 200), a,
             (int)(lb < 200 ? lb : 200), b);
    return out;
}

static int check_problems;
static void count_problem(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "check: %s\n", line);
    check_problems++;
}

/* Real files written by earlier versions of the program (tests/fixtures, made by
 * make-fixture.sh): each upgrades to a schema exactly like a new file's, keeps its old log
 * whole and verifiable, chains the new log on from it, and checks sound. */
START_TEST(test_real_old_files_upgrade)
{
    static const struct {
        const char *file;
        int version;
        int64_t legacy_rows;
    } files[] = {
        /* rows of the old log after the upgrade: schemas 1 and 2 get one more on their way
         * through schema 3 (the pseudonym key) */
        {"schema-1.db", 1, 103},
        {"schema-2.db", 2, 103},
        {"schema-3.db", 3, 103},
        {"schema-2-upgraded-to-3.db", 3, 104},
    };
    /* A new file's schema. */
    char fresh_path[600];
    snprintf(fresh_path, sizeof fresh_path, "%s/fresh.db", test_dir);
    open_app(fresh_path);
    close_app();
    sqlite3 *db = raw_open(fresh_path, SQLITE_OPEN_READONLY);
    char *fresh = schema_text(db);
    /* The rules a new file has (its keys): an upgraded file gains those added since. */
    static const char rule_keys[] =
        "SELECT group_concat(key, ' ') FROM (SELECT key FROM rules ORDER BY key)";
    char fresh_rules[2048], rules[2048];
    query_text(db, rule_keys, fresh_rules, sizeof fresh_rules);
    sqlite3_close(db);

    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char src[600], path[600];
        snprintf(src, sizeof src, "%s/%s", OPHAMP_FIXTURES, files[i].file);
        snprintf(path, sizeof path, "%s/%zu-%s", test_dir, i, files[i].file);
        struct bytes b = read_all(src);
        write_all(path, b.data, b.len);
        free(b.data);
        db = raw_open(path, SQLITE_OPEN_READONLY);
        ck_assert_int_eq(query_int(db, "PRAGMA user_version"), files[i].version);
        int64_t cases = query_int(db, "SELECT count(*) FROM cases");
        sqlite3_close(db);

        open_app(path);
        char refs[1024];
        ck_assert_str_eq(search_refs("alice", refs), "00001 00003"); /* the index works */
        close_app();
        db = raw_open(path, SQLITE_OPEN_READONLY);
        ck_assert_int_eq(query_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
        char *upgraded = schema_text(db);
        char diff[512];
        ck_assert_msg(strcmp(upgraded, fresh) == 0, "%s: the upgraded schema differs: %s",
                      files[i].file, first_difference(upgraded, fresh, diff, sizeof diff));
        free(upgraded);
        /* The old log is kept whole; the upgrade is the first action, chained on to it. */
        ck_assert_int_eq(query_int(db, "SELECT count(*) FROM audit_log"), files[i].legacy_rows);
        char prev[80], last_legacy[80];
        query_text(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", last_legacy,
                   sizeof last_legacy);
        query_text(db, "SELECT prev_hash FROM log_actions WHERE id = 1", prev, sizeof prev);
        ck_assert_str_eq(prev, last_legacy);
        query_text(db, "SELECT what FROM log_actions WHERE id = 1", prev, sizeof prev);
        ck_assert_str_eq(prev, "upgrade to schema 4");
        ck_assert_int_eq(query_int(db, "SELECT count(*) FROM report_done"), cases);
        query_text(db, rule_keys, rules, sizeof rules);
        ck_assert_str_eq(rules, fresh_rules);
        ck_assert_int_eq(query_int(db, "SELECT count(*) FROM case_search"), cases);
        ck_assert_int_eq(query_int(db, "SELECT length(value) FROM settings WHERE key = "
                                       "'database_id'"),
                         32);
        /* A copy of the old file beside (opening the fixture itself would leave files). */
        char orig[700];
        snprintf(orig, sizeof orig, "%s/old-%s", test_dir, files[i].file);
        b = read_all(src);
        write_all(orig, b.data, b.len);
        free(b.data);
        char *attach = sqlite3_mprintf("ATTACH %Q AS old", orig);
        raw_ok(db, attach);
        sqlite3_free(attach);
        ck_assert_int_ge(assert_rows_survive(db, files[i].file), 10);
        sqlite3_close(db);

        struct store *st = store_open_readonly(path, NULL, &err);
        ck_assert_msg(st != NULL, "%s", err.msg);
        struct check_summary sum;
        check_problems = 0;
        ck_assert_int_eq(store_check(st, NULL, count_problem, NULL, &sum, &err), 0);
        ck_assert_int_eq(check_problems, 0);
        ck_assert_int_eq(sum.audit_rows, files[i].legacy_rows);
        store_close(st);
    }
    free(fresh);
}
END_TEST

/* report_done has a column for each step of the plan's table (its code, '_' for '-'), which
 * is what its fill and check are made from; then the follow-ups' three counts. A step added
 * to the table without its column in schema.sql fails here, not in a user's upgrade. */
START_TEST(test_report_done_has_every_step)
{
    make_database();
    sqlite3 *db = raw_open(db_path, SQLITE_OPEN_READONLY);
    for (size_t i = 0; i < VOCAB_STEP.count; i++) {
        char col[64], sql[512];
        snprintf(col, sizeof col, "%s", VOCAB_STEP.names[i]);
        for (char *p = col; *p; p++)
            *p = *p == '-' ? '_' : *p;
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM pragma_table_info('report_done') WHERE name = '%s'", col);
        ck_assert_msg(query_int(db, sql) == 1, "report_done has no column %s", col);
        /* and its three triggers on steps keep the column for this step */
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE "
                 "'report_done_step_%%' AND instr(sql, '%s = CASE NEW.code WHEN ''%s'' THEN') + "
                 "instr(sql, '%s = CASE OLD.code WHEN ''%s'' THEN') > 0",
                 col, VOCAB_STEP.names[i], col, VOCAB_STEP.names[i]);
        ck_assert_msg(query_int(db, sql) == 3, "report_done's triggers do not keep %s", col);
    }
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM pragma_table_info('report_done')"),
                     1 + (int64_t)VOCAB_STEP.count + 3);
    sqlite3_close(db);
}
END_TEST

/* Cases 00001..00007, occurred an hour apart (00007 newest); 00003 and 00006 in custody. */
static void seven_cases(void)
{
    open_app(db_path);
    add_person("PC Vicky Victim", "V1", NULL);
    add_person("Sgt Sam Supervisor", "S1", NULL);
    /* The supervisor's duty to tell the inspector falls due with the 24-hour steps here (its
     * default is 12 hours), so that what is overdue is what these lists were written for. */
    EXPECT_OK(app_rule_set(&app, "inspector-told", 24, -1, -1, &err));
    for (int i = 0; i < 7; i++) {
        struct case_facts f;
        case_facts_init(&f);
        strcpy(f.victim_number, "V1");
        strcpy(f.supervisor_number, "S1");
        f.occurred_at = T("2026-04-07 08:00") + 3600 * i;
        f.reported_at = f.occurred_at;
        snprintf(f.location, sizeof f.location, "%s %d", i % 3 == 2 ? "Cells" : "Street", i);
        f.location_kind = i % 3 == 2 ? LOC_CUSTODY : LOC_STREET;
        char ref[REF_LEN + 1];
        EXPECT_OK(app_case_new(&app, &f, ref, &err));
    }
}

struct page {
    struct case_row rows[8];
    int n;
};

static int keep_row(void *ctx, const struct case_row *r)
{
    struct page *p = ctx;
    p->rows[p->n++] = *r;
    return p->n == 8;
}

START_TEST(test_case_list_pages_by_keyset)
{
    seven_cases();
    char refs[1024];
    struct case_filter f = {.kind = FILTER_ALL, .now = NOW, .limit = 3};
    ck_assert_str_eq(list_refs(&f, refs), "00007 00006 00005");
    struct page p = {0};
    EXPECT_OK(store_case_list(app.store, &f, keep_row, &p, &err));
    /* After the last row of a page: the next page, as an offset would give it. */
    f.anchor = &p.rows[2];
    ck_assert_str_eq(list_refs(&f, refs), "00004 00003 00002");
    f.offset = 3;
    f.anchor = NULL;
    ck_assert_str_eq(list_refs(&f, refs), "00004 00003 00002");
    f.offset = 0;
    /* Backward: nearest the anchor first; without an anchor, from the end. */
    f.direction = PAGE_BACKWARD;
    ck_assert_str_eq(list_refs(&f, refs), "00001 00002 00003");
    f.anchor = &p.rows[2];
    ck_assert_str_eq(list_refs(&f, refs), "00006 00007");
    f.anchor = &p.rows[0];
    ck_assert_str_eq(list_refs(&f, refs), "");
    /* With a filter; and by next due, soonest first. */
    f = (struct case_filter){.kind = FILTER_OPEN, .custody_only = true, .now = NOW};
    ck_assert_str_eq(list_refs(&f, refs), "00006 00003");
    f = (struct case_filter){.kind = FILTER_ALL, .sort = SORT_NEXT_DUE, .now = NOW, .limit = 2};
    p.n = 0;
    EXPECT_OK(store_case_list(app.store, &f, keep_row, &p, &err));
    ck_assert_str_eq(list_refs(&f, refs), "00001 00002");
    f.anchor = &p.rows[1];
    ck_assert_str_eq(list_refs(&f, refs), "00003 00004");
    f.direction = PAGE_BACKWARD;
    ck_assert_str_eq(list_refs(&f, refs), "00001");
    f.anchor = NULL;
    ck_assert_str_eq(list_refs(&f, refs), "00007 00006");
}
END_TEST

/* Marks everything pending in a case not applicable: nothing is due any more. */
static void nothing_pending(const char *ref)
{
    for (int round = 0; round < 3; round++) {
        struct case_detail c;
        EXPECT_OK(app_case_load(&app, ref, &c, &err));
        for (int i = 0; i < STEP_COUNT; i++)
            if (c.steps[i].status == STATUS_PENDING)
                EXPECT_OK(app_step_na(&app, ref, c.steps[i].code, "not needed", &err));
        for (int i = 0; i < c.n_followups; i++)
            if (c.followups[i].status == STATUS_PENDING)
                EXPECT_OK(app_followup_na(&app, ref, c.followups[i].number, "not needed", &err));
        case_detail_done(&c);
    }
}

/* Every page of a list, by anchors two rows at a time, forward or backward. */
static const char *paged_refs(struct case_filter f, char out[1024])
{
    struct page p = {0};
    struct case_row last;
    out[0] = '\0';
    f.limit = 2;
    for (int guard = 0; guard < 20; guard++) {
        p.n = 0;
        EXPECT_OK(store_case_list(app.store, &f, keep_row, &p, &err));
        for (int i = 0; i < p.n; i++)
            collect_ref(out, &p.rows[i]);
        if (p.n < 2)
            break;
        last = p.rows[p.n - 1];
        f.anchor = &last;
    }
    return out;
}

START_TEST(test_case_list_next_due_order)
{
    seven_cases();
    nothing_pending("OPH-2026-00002");
    nothing_pending("OPH-2026-00005");
    char refs[1024], other[1024];
    /* Soonest first, then the cases with nothing due, newest first. */
    struct case_filter f = {.kind = FILTER_ALL, .sort = SORT_NEXT_DUE, .now = NOW};
    ck_assert_str_eq(list_refs(&f, refs), "00001 00003 00004 00006 00007 00005 00002");
    ck_assert_str_eq(paged_refs(f, refs), "00001 00003 00004 00006 00007 00005 00002");
    /* A search sorts the same way, by another plan. */
    f.search = "vick";
    ck_assert_str_eq(list_refs(&f, other), "00001 00003 00004 00006 00007 00005 00002");
    ck_assert_str_eq(paged_refs(f, other), "00001 00003 00004 00006 00007 00005 00002");
    f.direction = PAGE_BACKWARD;
    ck_assert_str_eq(paged_refs(f, other), "00002 00005 00007 00006 00004 00003 00001");
    f.search = NULL;
    ck_assert_str_eq(paged_refs(f, other), "00002 00005 00007 00006 00004 00003 00001");
    /* Offsets count across both parts; filters apply to both. */
    f = (struct case_filter){
        .kind = FILTER_ALL, .sort = SORT_NEXT_DUE, .now = NOW, .limit = 3, .offset = 4};
    ck_assert_str_eq(list_refs(&f, refs), "00007 00005 00002");
    f = (struct case_filter){
        .kind = FILTER_OPEN, .sort = SORT_NEXT_DUE, .now = NOW, .custody_only = true};
    ck_assert_str_eq(list_refs(&f, refs), "00003 00006");
    /* Overdue at 13:00: the 24-hour steps of the cases reported before 13:00 yesterday. */
    f = (struct case_filter){.kind = FILTER_OVERDUE, .sort = SORT_NEXT_DUE, .now = NOW + 3 * 3600};
    ck_assert_str_eq(list_refs(&f, refs), "00001 00003 00004");
    ck_assert_str_eq(paged_refs(f, refs), "00001 00003 00004");
    f.sort = SORT_DATE;
    ck_assert_str_eq(list_refs(&f, refs), "00004 00003 00001");
}
END_TEST

START_TEST(test_case_list_search)
{
    seven_cases();
    char refs[1024];
    ck_assert_str_eq(search_refs("cells", refs), "00006 00003");
    ck_assert_str_eq(search_refs("CEL 5", refs), "00006"); /* every word, as a prefix */
    ck_assert_str_eq(search_refs("OPH-2026-00004", refs), "00004");
    ck_assert_str_eq(search_refs("vick", refs), "00007 00006 00005 00004 00003 00002 00001");
    /* One or two letters are a whole word, not a prefix of thousands. */
    ck_assert_str_eq(search_refs("vi", refs), "");
    ck_assert_str_eq(search_refs("pc", refs), "00007 00006 00005 00004 00003 00002 00001");
    /* FTS5's syntax is plain text: no error, and nothing found. */
    const char *odd[] = {"%",  "_", "\"",  "cells OR street", "NEAR(a b)", "names:vicky", "*",
                         "^x", "(", "a\"b"};
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++)
        ck_assert_msg(strcmp(search_refs(odd[i], refs), "") == 0, "%s found %s", odd[i], refs);
    ck_assert_str_eq(search_refs("-cells", refs), "00006 00003"); /* not a negation */
    ck_assert_str_eq(search_refs("   ", refs), "00007 00006 00005 00004 00003 00002 00001");
    /* A UUID typed whole. */
    struct case_detail c;
    EXPECT_OK(app_case_load(&app, "OPH-2026-00002", &c, &err));
    char upper[UUID_LEN + 1];
    for (int i = 0; i <= UUID_LEN; i++)
        upper[i] = (char)(c.uuid[i] >= 'a' && c.uuid[i] <= 'f' ? c.uuid[i] - 32 : c.uuid[i]);
    ck_assert_str_eq(search_refs(upper, refs), "00002");
    case_detail_done(&c);
    /* The index follows edits: a new name, a new location. */
    struct person_input in = {.name = "PC Vicky Lindqvist", .number = "V9"};
    EXPECT_OK(app_person_edit(&app, "V1", &in, NULL, &err));
    ck_assert_str_eq(search_refs("lindq v9", refs), "00007 00006 00005 00004 00003 00002 00001");
    ck_assert_str_eq(search_refs("V1", refs), "");
    EXPECT_OK(app_case_load(&app, "OPH-2026-00001", &c, &err));
    strcpy(c.facts.location, "Harbour Road");
    EXPECT_OK(app_case_edit(&app, c.reference, &c.facts, &err));
    case_detail_done(&c);
    ck_assert_str_eq(search_refs("harbour", refs), "00001");
    ck_assert_str_eq(search_refs("street", refs), "00007 00005 00004 00002");
}
END_TEST

START_TEST(test_case_list_search_with_filters_and_paging)
{
    seven_cases();
    char refs[1024];
    struct case_filter f = {
        .kind = FILTER_OPEN, .custody_only = true, .search = "cells", .now = NOW};
    ck_assert_str_eq(list_refs(&f, refs), "00006 00003");
    /* Closing a case moves it to the closed list, searched or not. */
    nothing_pending("OPH-2026-00003");
    EXPECT_OK(
        app_case_close(&app, "OPH-2026-00003", OUT_NOT_IDENTIFIED, OPH_NO_TIME, "done", &err));
    ck_assert_str_eq(list_refs(&f, refs), "00006");
    f.kind = FILTER_CLOSED;
    ck_assert_str_eq(list_refs(&f, refs), "00003");
    f.custody_only = false;
    f.search = "vicky";
    ck_assert_str_eq(list_refs(&f, refs), "00003");
    /* "open" is a word of no case: the facets are not searched as text. */
    f = (struct case_filter){.kind = FILTER_ALL, .search = "open", .now = NOW};
    ck_assert_str_eq(list_refs(&f, refs), "");
    /* The date order, after an edit moves a case to the top; paged both ways. */
    struct case_detail c;
    EXPECT_OK(app_case_load(&app, "OPH-2026-00002", &c, &err));
    c.facts.occurred_at = T("2026-04-08 09:00");
    c.facts.reported_at = c.facts.occurred_at;
    EXPECT_OK(app_case_edit(&app, c.reference, &c.facts, &err));
    case_detail_done(&c);
    f.search = "vick";
    ck_assert_str_eq(paged_refs(f, refs), "00002 00007 00006 00005 00004 00003 00001");
    f.search = NULL;
    ck_assert_str_eq(paged_refs(f, refs), "00002 00007 00006 00005 00004 00003 00001");
    f.direction = PAGE_BACKWARD;
    f.search = "street";
    ck_assert_str_eq(paged_refs(f, refs), "00001 00004 00005 00007 00002");
    f.direction = PAGE_FORWARD;
    f.offset = 2;
    f.limit = 2;
    ck_assert_str_eq(list_refs(&f, refs), "00005 00004");
    /* Overdue (at 13:00) and searched; by next due too. */
    f = (struct case_filter){.kind = FILTER_OVERDUE, .search = "street", .now = NOW + 3 * 3600};
    ck_assert_str_eq(list_refs(&f, refs), "00005 00004 00001");
    f.sort = SORT_NEXT_DUE;
    ck_assert_str_eq(list_refs(&f, refs), "00001 00004 00005");
}
END_TEST

/* ---- the audit log ------------------------------------------------------------------- */

START_TEST(test_audit_records_person_insert)
{
    make_database();
    open_app(db_path);
    int64_t before = audit_count();
    int64_t id = 0;
    add_person("Siân O'Brien \"Ace\"", "A100", &id);
    ck_assert_int_eq(audit_count(), before + 1);

    sqlite3 *db = raw_open(db_path, SQLITE_OPEN_READONLY);
    sqlite3_stmt *s = NULL;
    ck_assert_int_eq(
        sqlite3_prepare_v2(db,
                           "SELECT a.actor, c.row_key, c.op, c.old_values IS NULL, "
                           "json_extract(c.new_values, '$.name'), "
                           "json_extract(c.new_values, '$.number'), a.at, "
                           "json_valid(c.new_values), a.os_user, a.what, a.actor_id "
                           "FROM log_changes c JOIN log_actions a ON a.id = c.action_id "
                           "WHERE c.tbl = 'people' ORDER BY c.id DESC LIMIT 1",
                           -1, &s, NULL),
        SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
    /* Signed by the named user (V1, the first person of make_database), the account beside. */
    ck_assert_str_eq((const char *)sqlite3_column_text(s, 0), "PC Vicky Victim (V1)");
    ck_assert_str_eq((const char *)sqlite3_column_text(s, 8), store_actor());
    ck_assert_str_eq((const char *)sqlite3_column_text(s, 9), "person add A100");
    ck_assert_int_eq(sqlite3_column_int64(s, 10), 1);
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)id);
    ck_assert_str_eq((const char *)sqlite3_column_text(s, 1), key);
    ck_assert_str_eq((const char *)sqlite3_column_text(s, 2), "insert");
    ck_assert_int_eq(sqlite3_column_int(s, 3), 1);
    ck_assert_str_eq((const char *)sqlite3_column_text(s, 4), "Siân O'Brien \"Ace\"");
    ck_assert_str_eq((const char *)sqlite3_column_text(s, 5), "A100");
    /* When: an ISO 8601 UTC time with milliseconds. */
    const char *at = (const char *)sqlite3_column_text(s, 6);
    ck_assert_ptr_nonnull(at);
    ck_assert_int_eq(strlen(at), 24);
    ck_assert_int_eq(at[10], 'T');
    ck_assert_int_eq(at[23], 'Z');
    ck_assert_int_eq(sqlite3_column_int(s, 7), 1);
    sqlite3_finalize(s);
    sqlite3_close(db);
}
END_TEST

START_TEST(test_audit_records_update_old_and_new)
{
    open_app(db_path);
    add_person("PC Vicky Victim", "V1", NULL);
    add_person("Sgt Sam Supervisor", "S1", NULL);
    int64_t inv = 0;
    add_person("DC Ian Investigator", "I1", &inv);
    char ref[REF_LEN + 1];
    new_case(ref);
    EXPECT_OK(app_case_assign(&app, ref, CROLE_INVESTIGATOR, "I1", OPH_NO_TIME, &err));
    sqlite3 *db = raw_open(db_path, SQLITE_OPEN_READONLY);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM log_changes WHERE tbl = 'cases' "
                                   "AND op = 'update'"),
                     1);
    ck_assert_int_eq(query_int(db, "SELECT json_extract(old_values, '$.investigator_id') IS NULL "
                                   "FROM log_changes WHERE tbl = 'cases' AND op = 'update'"),
                     1);
    ck_assert_int_eq(query_int(db, "SELECT json_extract(new_values, '$.investigator_id') "
                                   "FROM log_changes WHERE tbl = 'cases' AND op = 'update'"),
                     inv);
    /* A new case: one case, seven steps, seven follow-ups (welfare at 72 hours and 28 days,
     * the first victim update, four line managers' duties: no injury to confirm), each
     * audited. */
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM log_changes WHERE tbl = 'cases' "
                                   "AND op = 'insert'"),
                     1);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM log_changes WHERE tbl = 'steps' "
                                   "AND op = 'insert'"),
                     7);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM log_changes WHERE tbl = 'followups' "
                                   "AND op = 'insert'"),
                     7);
    sqlite3_close(db);
}
END_TEST

START_TEST(test_audit_log_append_only)
{
    make_database();
    sqlite3 *db = raw_open(db_path, SQLITE_OPEN_READWRITE);
    int64_t changes = query_int(db, "SELECT count(*) FROM log_changes");
    int64_t actions = query_int(db, "SELECT count(*) FROM log_actions");
    ck_assert_int_ge(changes, 2);
    ck_assert_int_ge(actions, 2);
    char hash1[80];
    query_text(db, "SELECT hash FROM log_actions WHERE id = 1", hash1, sizeof hash1);
    static const char *const edits[] = {
        "UPDATE log_actions SET actor = 'mallory' WHERE id = 1",
        "UPDATE log_actions SET hash = ''",
        "DELETE FROM log_actions WHERE id = 1",
        "DELETE FROM log_actions",
        "UPDATE log_changes SET new_values = '{}' WHERE id = 1",
        "DELETE FROM log_changes WHERE id = 1",
        "DELETE FROM log_changes",
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        ck_assert_msg(raw_exec(db, edits[i]) != SQLITE_OK, "accepted: %s", edits[i]);
        ck_assert_msg(strstr(raw_msg, "append-only"), "%s: message \"%s\"", edits[i], raw_msg);
    }
    /* The log of schemas 1 to 3 takes no new rows. */
    ck_assert_int_ne(raw_exec(db, "INSERT INTO audit_log(at, actor, tbl, row_key, op, prev_hash, "
                                  "hash) VALUES ('', '', 'notes', '1', 'insert', '', '')"),
                     SQLITE_OK);
    ck_assert_msg(strstr(raw_msg, "closed"), "message \"%s\"", raw_msg);
    /* And no change is written outside an action of the program (oph_action is a stub
     * here that refuses; the program's own is NULL between actions). */
    ck_assert_int_ne(raw_exec(db, "UPDATE people SET name = 'Mallory' WHERE number = 'V1'"),
                     SQLITE_OK);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM log_changes"), changes);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM log_actions"), actions);
    char after[80], os_user[80];
    query_text(db, "SELECT hash FROM log_actions WHERE id = 1", after, sizeof after);
    ck_assert_str_eq(after, hash1);
    query_text(db, "SELECT os_user FROM log_actions WHERE id = 2", os_user, sizeof os_user);
    ck_assert_str_eq(os_user, store_actor());
    sqlite3_close(db);

    /* Between actions the program itself cannot change a row either: no action, no change. */
    open_app(db_path);
    struct person p;
    ck_assert_int_eq(store_person_by_number(app.store, "V1", &p, &err), 1);
    strcpy(p.name, "Changed Without An Action");
    EXPECT_FAIL(store_person_update(app.store, &p, &err), OPH_REFUSED, "action_id");
    close_app();
    ck_assert_int_eq(audit_count(), changes);
}
END_TEST

START_TEST(test_cases_never_deleted)
{
    open_app(db_path);
    add_person("PC Vicky Victim", "V1", NULL);
    add_person("Sgt Sam Supervisor", "S1", NULL);
    char ref[REF_LEN + 1];
    new_case(ref);
    close_app();
    sqlite3 *db = raw_open(db_path, SQLITE_OPEN_READWRITE);
    ck_assert_int_ne(raw_exec(db, "DELETE FROM cases"), SQLITE_OK);
    ck_assert_msg(strstr(raw_msg, "never deleted"), "message \"%s\"", raw_msg);
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM cases"), 1);
    sqlite3_close(db);
}
END_TEST

static bool is_hex64(const char *s)
{
    if (!s || strlen(s) != 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

/* The documented hash of the log (docs/ARCHITECTURE.md), written again here: SHA-256 over
 * every field, each as its length in bytes, ':' and its bytes, NULL as "N;". */
static void hash_field(struct sha256_ctx *h, sqlite3_stmt *row, int i)
{
    if (sqlite3_column_type(row, i) == SQLITE_NULL) {
        sha256_update(h, 2, (const uint8_t *)"N;");
        return;
    }
    const unsigned char *v = sqlite3_column_text(row, i);
    int n = sqlite3_column_bytes(row, i);
    char len[24];
    int k = snprintf(len, sizeof len, "%d:", n);
    sha256_update(h, (size_t)k, (const uint8_t *)len);
    sha256_update(h, (size_t)n, v);
}

/* An action's hash: the previous hash, its id, time, actor id, actor, account, what, case
 * id, first and last change, then each of its changes' id, action id, table, key, op, old
 * and new values. */
static void action_hash(sqlite3 *db, sqlite3_stmt *a, char out[65])
{
    struct sha256_ctx h;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&h);
    for (int i = 0; i < 10; i++)
        hash_field(&h, a, i);
    sqlite3_stmt *c = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db,
                                        "SELECT id, action_id, tbl, row_key, op, old_values, "
                                        "new_values FROM log_changes WHERE id BETWEEN ?1 AND ?2 "
                                        "ORDER BY id",
                                        -1, &c, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(c, 1, sqlite3_column_int64(a, 8));
    sqlite3_bind_int64(c, 2, sqlite3_column_int64(a, 9));
    while (sqlite3_step(c) == SQLITE_ROW)
        for (int i = 0; i < 7; i++)
            hash_field(&h, c, i);
    sqlite3_finalize(c);
    sha256_digest(&h, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

START_TEST(test_audit_hash_chain)
{
    open_app(db_path);
    add_person("PC Vicky Victim", "V1", NULL);
    add_person("Sgt Sam Supervisor", "S1", NULL);
    add_person("DC Ian Investigator", "I1", NULL);
    char ref[REF_LEN + 1];
    new_case(ref);
    EXPECT_OK(app_case_assign(&app, ref, CROLE_INVESTIGATOR, "I1", OPH_NO_TIME, &err));
    EXPECT_OK(app_step_na(&app, ref, STEP_SLT, "Told by email", &err));
    EXPECT_OK(app_welfare_add(&app, ref, WM_PHONE, "Spoke to PC", OPH_NO_TIME, &err));
    close_app();

    sqlite3 *db = raw_open(db_path, SQLITE_OPEN_READONLY);
    sqlite3_stmt *s = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db,
                                        "SELECT prev_hash, id, at, actor_id, actor, os_user, "
                                        "what, case_id, first_change, last_change, hash "
                                        "FROM log_actions ORDER BY id",
                                        -1, &s, NULL),
                     SQLITE_OK);
    int n = 0;
    int64_t next_change = 1;
    char prev[65] = "";
    while (sqlite3_step(s) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(s, 1);
        const char *prev_hash = (const char *)sqlite3_column_text(s, 0);
        const char *hash = (const char *)sqlite3_column_text(s, 10);
        ck_assert_int_eq(id, n + 1);
        ck_assert_msg(prev_hash && strcmp(prev_hash, prev) == 0,
                      "action %lld: prev_hash '%s' is not the previous action's hash '%s'", id,
                      prev_hash ? prev_hash : "(null)", prev);
        ck_assert_msg(is_hex64(hash), "action %lld: hash '%s' is not 64 hex digits", id,
                      hash ? hash : "(null)");
        ck_assert_int_eq(sqlite3_column_int64(s, 8), next_change);
        next_change = sqlite3_column_int64(s, 9) + 1;
        char recomputed[65];
        action_hash(db, s, recomputed);
        ck_assert_msg(strcmp(recomputed, hash) == 0, "action %lld: stored hash %s, recomputed %s",
                      id, hash, recomputed);
        snprintf(prev, sizeof prev, "%s", hash);
        n++;
    }
    sqlite3_finalize(s);
    /* Creating the file, naming the user, two people, a case, an assignment, a step, a contact:
     * one action each, every change in one of them. */
    ck_assert_int_eq(n, 8);
    ck_assert_int_eq(next_change - 1, query_int(db, "SELECT count(*) FROM log_changes"));
    ck_assert_int_eq(query_int(db, "SELECT count(*) FROM log_actions WHERE case_id = 1"), 4);
    sqlite3_close(db);
}
END_TEST

/* ---- one transaction a save ---------------------------------------------------------- */

START_TEST(test_refused_actions_leave_no_trace)
{
    open_app(db_path);
    add_person("PC Vicky Victim", "V1", NULL);
    add_person("Sgt Sam Supervisor", "S1", NULL);
    char ref[REF_LEN + 1];
    int64_t before = audit_count();
    new_case(ref);
    int64_t after_new = audit_count();
    /* One case, seven steps, seven follow-ups (three, and four line managers' duties). */
    ck_assert_int_eq(after_new - before, 15);

    EXPECT_FAIL(app_case_close(&app, ref, OUT_CHARGED, OPH_NO_TIME, "too early", &err), OPH_REFUSED,
                "pending");
    ck_assert_int_eq(audit_count(), after_new);

    /* The crime reference is written before the missing note is noticed: rolled back. */
    struct step_done_input in;
    step_done_input_init(&in);
    in.crime_reference = "44260012345";
    EXPECT_FAIL(app_step_done(&app, ref, STEP_CRIME, &in, &err), OPH_REFUSED, "note");
    ck_assert_int_eq(audit_count(), after_new);
    struct case_detail c;
    EXPECT_OK(app_case_load(&app, ref, &c, &err));
    ck_assert_str_eq(c.facts.crime_reference, "");
    case_detail_done(&c);

    EXPECT_FAIL(app_case_assign(&app, ref, CROLE_INVESTIGATOR, "V1", OPH_NO_TIME, &err),
                OPH_REFUSED, "victim");
    EXPECT_FAIL(app_welfare_add(&app, ref, WM_PHONE, "later", NOW + 3600 * 5, &err), OPH_REFUSED,
                "future");
    struct person_input dup = {.name = "Someone", .number = "V1"};
    EXPECT_FAIL(app_person_add(&app, &dup, NULL, &err), OPH_REFUSED, "V1");
    struct case_facts f;
    case_facts_init(&f);
    strcpy(f.victim_number, "V1");
    strcpy(f.supervisor_number, "NOBODY");
    f.occurred_at = T("2026-04-07 19:30");
    strcpy(f.location, "Station");
    char ref2[REF_LEN + 1];
    EXPECT_FAIL(app_case_new(&app, &f, ref2, &err), OPH_REFUSED, "NOBODY");
    ck_assert_int_eq(audit_count(), after_new);
    int64_t actions = action_count();

    /* A successful action still saves: one action, one change. */
    EXPECT_OK(app_step_na(&app, ref, STEP_SLT, "Told by email", &err));
    ck_assert_int_eq(audit_count(), after_new + 1);
    ck_assert_int_eq(action_count(), actions + 1);
}
END_TEST

/* ---- references ------------------------------------------------------------------------ */

/* Cases of 2026 with the given references, put in by an import (which keeps them). */
static void import_refs(const char *const *refs, int n)
{
    char text[4096] = "reference,victim_number,supervisor_number,occurred_at,location\n";
    for (int i = 0; i < n; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text),
                 "%s,V1,S1,2026-04-01 09:00,Here\n", refs[i]);
    struct import_result res;
    EXPECT_OK(import_csv(&app, text, strlen(text), NULL, NULL, NULL, &res, &err));
    ck_assert_int_eq(res.cases, n);
}

static const char *next_ref(int year)
{
    static char ref[REF_LEN + 1];
    EXPECT_OK(store_case_next_reference(app.store, year, ref, &err));
    return ref;
}

/* A new case takes the lowest free number of its year: an imported OPH-2026-99999 (the
 * year's last) does not stop the numbering, and the gaps imports leave are filled. */
START_TEST(test_new_reference_is_the_lowest_free)
{
    make_database();
    open_app(db_path);
    ck_assert_str_eq(next_ref(2026), "OPH-2026-00001");
    static const char *const refs[] = {"OPH-2026-99999", "OPH-2026-00002", "OPH-2026-00005",
                                       "OPH-2026-00004"};
    import_refs(refs, 4);
    char ref[REF_LEN + 1];
    new_case(ref);
    ck_assert_str_eq(ref, "OPH-2026-00001");
    new_case(ref);
    ck_assert_str_eq(ref, "OPH-2026-00003");
    new_case(ref);
    ck_assert_str_eq(ref, "OPH-2026-00006");
    ck_assert_str_eq(next_ref(2026), "OPH-2026-00007");
    ck_assert_str_eq(next_ref(2025), "OPH-2025-00001");
    /* from: the lowest free at or above it; none left above 99998 */
    EXPECT_OK(store_case_free_reference(app.store, 2026, 5, ref, &err));
    ck_assert_str_eq(ref, "OPH-2026-00007");
    EXPECT_OK(store_case_free_reference(app.store, 2026, 99998, ref, &err));
    ck_assert_str_eq(ref, "OPH-2026-99998");
    static const char *const last[] = {"OPH-2026-99998"};
    import_refs(last, 1);
    EXPECT_FAIL(store_case_free_reference(app.store, 2026, 99998, ref, &err), OPH_REFUSED,
                "no references left for 2026");
    /* a long run of taken numbers after a gap is found by counting, not number by number */
    static const char *const run[] = {"OPH-2026-00008", "OPH-2026-00009", "OPH-2026-00010",
                                      "OPH-2026-00011", "OPH-2026-00012", "OPH-2026-00014"};
    import_refs(run, 6);
    ck_assert_str_eq(next_ref(2026), "OPH-2026-00007");
    new_case(ref);
    ck_assert_str_eq(ref, "OPH-2026-00007");
    ck_assert_str_eq(next_ref(2026), "OPH-2026-00013");
}
END_TEST

/* Inside one transaction the numbering starts where the last one ended; a rollback (of the
 * whole or of a savepoint) frees numbers, and the next one is the lowest free again. */
START_TEST(test_reference_numbering_within_a_transaction)
{
    make_database();
    open_app(db_path);
    char ref[REF_LEN + 1];
    new_case(ref);
    EXPECT_OK(store_begin(app.store, &err));
    ck_assert_str_eq(next_ref(2026), "OPH-2026-00002");
    new_case(ref); /* a savepoint inside the transaction */
    ck_assert_str_eq(ref, "OPH-2026-00002");
    ck_assert_str_eq(next_ref(2026), "OPH-2026-00003");
    EXPECT_OK(store_begin(app.store, &err));
    new_case(ref);
    ck_assert_str_eq(ref, "OPH-2026-00003");
    new_case(ref);
    ck_assert_str_eq(ref, "OPH-2026-00004");
    store_rollback(app.store); /* the savepoint: 00003 and 00004 are free again */
    ck_assert_str_eq(next_ref(2026), "OPH-2026-00003");
    new_case(ref);
    ck_assert_str_eq(ref, "OPH-2026-00003");
    store_rollback(app.store); /* the whole: 00002 and 00003 are free again */
    ck_assert_str_eq(next_ref(2026), "OPH-2026-00002");
    new_case(ref);
    ck_assert_str_eq(ref, "OPH-2026-00002");
}
END_TEST

/* ---- runner -------------------------------------------------------------------------- */

static TCase *tc(Suite *s, const char *name)
{
    TCase *t = tcase_new(s, name);
    tcase_add_checked_fixture(t, setup, teardown);
    return t;
}

static Suite *store_suite(void)
{
    Suite *s = suite_create("store");

    TCase *t = tc(s, "open_migrate");
    tcase_add_test(t, test_new_file_created_and_migrated);
    tcase_add_test(t, test_reopen_does_not_migrate_again);
    tcase_add_test(t, test_empty_existing_file_is_migrated);
    tcase_add_test(t, test_newer_file_refused_untouched);
    tcase_add_test(t, test_text_file_refused_untouched);
    tcase_add_test(t, test_foreign_sqlite_database_refused);
    tcase_add_test(t, test_folder_as_database_refused);
    tcase_add_test(t, test_real_old_files_upgrade);
    tcase_add_test(t, test_report_done_has_every_step);

    t = tc(s, "case_list");
    tcase_add_test(t, test_case_list_pages_by_keyset);
    tcase_add_test(t, test_case_list_next_due_order);
    tcase_add_test(t, test_case_list_search);
    tcase_add_test(t, test_case_list_search_with_filters_and_paging);

    t = tc(s, "audit");
    tcase_add_test(t, test_audit_records_person_insert);
    tcase_add_test(t, test_audit_records_update_old_and_new);
    tcase_add_test(t, test_audit_log_append_only);
    tcase_add_test(t, test_cases_never_deleted);
    tcase_add_test(t, test_audit_hash_chain);

    t = tc(s, "references");
    tcase_add_test(t, test_new_reference_is_the_lowest_free);
    tcase_add_test(t, test_reference_numbering_within_a_transaction);

    t = tc(s, "transactions");
    tcase_add_test(t, test_refused_actions_leave_no_trace);
    tcase_add_test(t, test_bulk_settings_only_between_transactions);

    return s;
}

int main(void)
{
    return run_suite_in_temp_dir(store_suite(), root_dir, sizeof root_dir, "store");
}
