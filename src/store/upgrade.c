/* Opening's upgrades. A new database gets the whole latest schema at once (schema.sql); an
 * older file runs the frozen migrations from its version up (migrations/NNN-what.sql,
 * embedded at build time: migration N takes a file from schema N to N + 1), all in one action
 * of the program's own, in one transaction. A migration is frozen once released: it creates
 * what its version added, not what schema.sql says today. What SQL cannot do is here, run
 * before the migration's file, and the file's header says why. */
#include <stdio.h>

#include "store_internal.h"

int store_exec_script(struct store *st, const char *sql, struct oph_error *err, const char *doing)
{
    char *msg = NULL;
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        oph_fail(err, OPH_DB, "cannot %s: %s", doing, msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static const struct schema_refill refills[] = {
    {"case_search", case_search_fill},
    {NULL, NULL},
};

/* Before 003-signed-log.sql: every object brought to schema.sql's text, which needs
 * schema.sql as the program holds it and a comparison with the file's objects
 * (schema_converge); then report_done filled again (its follow-ups now counted by group), by
 * a statement made from the plan's table of steps. */
static int upgrade_3_to_4(struct store *st, struct oph_error *err)
{
    if (schema_converge(st->db, refills, err))
        return -1;
    char *msg = NULL;
    int rc = refill_derived(st->db, false, &msg);
    if (rc != SQLITE_OK) {
        oph_fail(err, OPH_DB, "cannot refill the report's summary: %s",
                 msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* What runs before migration N's file, indexed by the version it upgrades from. */
typedef int (*upgrade_fn)(struct store *st, struct oph_error *err);
static const upgrade_fn before_migration[STORE_SCHEMA_VERSION] = {
    [3] = upgrade_3_to_4,
};

static int run_migration(struct store *st, int from, struct oph_error *err)
{
    if (before_migration[from] && before_migration[from](st, err))
        return -1;
    char doing[96];
    snprintf(doing, sizeof doing, "upgrade to schema %d (%s)", from + 1,
             oph_migration_names[from - 1]);
    return store_exec_script(st, oph_migrations[from - 1], err, doing);
}

static int read_int(struct store *st, const char *sql, int *out, struct oph_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int(s, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(s);
    return rc == SQLITE_OK ? 0 : store_fail(st, rc, err, "reading the database");
}

int store_read_version(struct store *st, int *version, struct oph_error *err)
{
    int objects = 0;
    if (read_int(st, "PRAGMA user_version", version, err) ||
        read_int(st, "SELECT count(*) FROM sqlite_schema", &objects, err))
        return -1;
    if (*version > STORE_SCHEMA_VERSION)
        return oph_fail(err, OPH_DB,
                        "%s was written by a newer ophamp (schema %d; this program knows %d): "
                        "left untouched",
                        st->path, *version, STORE_SCHEMA_VERSION);
    if (*version == 0 && objects > 0)
        return oph_fail(err, OPH_DB, "%s is an SQLite database but not an ophamp one", st->path);
    return 0;
}

/* Inside the upgrade's transaction: the file made or upgraded, its version set. */
static int upgrade_from(struct store *st, int version, struct oph_error *err)
{
    if (version == 0) {
        if (store_exec_script(st, oph_schema_sql, err, "create the schema"))
            return -1;
    } else {
        for (int v = version; v < STORE_SCHEMA_VERSION; v++)
            if (run_migration(st, v, err))
                return -1;
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", STORE_SCHEMA_VERSION);
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : store_fail(st, rc, err, "upgrading the database");
}

int store_migrate(struct store *st, bool writable, struct oph_error *err)
{
    int version = 0;
    if (store_read_version(st, &version, err))
        return -1;
    if (version == STORE_SCHEMA_VERSION)
        return 0;
    if (!writable)
        return oph_fail(err, OPH_DB, "%s is read-only and needs upgrading to schema %d", st->path,
                        STORE_SCHEMA_VERSION);
    if (oph_migration_count != STORE_SCHEMA_VERSION - 1)
        return oph_fail(err, OPH_DB, "this program's migrations reach schema %d, not %d",
                        oph_migration_count + 1, STORE_SCHEMA_VERSION);
    /* The upgrade is one action of the program's own, in one transaction. */
    char what[64];
    snprintf(what, sizeof what,
             version == 0 ? "create the database (schema %d)" : "upgrade to schema %d",
             STORE_SCHEMA_VERSION);
    if (store_action_begin_program(st, what, err))
        return -1;
    /* Read again inside the transaction: another process may have migrated meanwhile. */
    if (read_int(st, "PRAGMA user_version", &version, err))
        goto fail;
    if (version == STORE_SCHEMA_VERSION) {
        store_action_rollback(st);
        return 0;
    }
    if (upgrade_from(st, version, err) || store_action_commit(st, err))
        goto fail;
    return 0;
fail:
    store_action_rollback(st);
    return -1;
}
