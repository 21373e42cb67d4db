/* Undo in the store: reading a user's actions and what became of them (undone, touched since),
 * and writing a row change of the log back the other way, through the tables' own
 * constraints and triggers (so the log, the report's summary and the search index follow). */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/flatjson.h"
#include "ophamp/undo.h"

/* The tables an undo may write, each with the column that keys its rows (the log's row_key):
 * every table with logging triggers. Names of tables and columns in the statements below come
 * from here and from SQLite's own list of a table's columns, never from the log's text. */
static const struct {
    const char *tbl, *key;
} TABLES[] = {
    {"people", "id"},
    {"cases", "id"},
    {"steps", "id"},
    {"rules", "key"},
    {"followups", "id"},
    {"evidence_items", "id"},
    {"welfare_contacts", "id"},
    {"victim_updates", "id"},
    {"decisions", "id"},
    {"notes", "id"},
    {"bank_holiday_changes", "date"},
    {"settings", "key"},
};

int store_log_action(struct store *st, int64_t id, struct log_action *out, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_UNDO_ACTION,
                                 "SELECT " LOG_ACTION_COLS " FROM log_actions a "
                                 "LEFT JOIN cases c ON c.id = a.case_id WHERE a.id = ?1",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        log_read_action(s, out);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading the log");
}

int store_log_list_actor(struct store *st, int64_t actor_id, long limit, log_action_cb cb,
                         void *ctx, struct oph_error *err)
{
    /* A statement of its own: cb may read the log meanwhile. Through log_actions_actor. */
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT " LOG_ACTION_COLS " FROM log_actions a "
                                "LEFT JOIN cases c ON c.id = a.case_id WHERE a.actor_id = ?1 "
                                "ORDER BY a.id DESC LIMIT ?2",
                                -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, actor_id);
        sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
        struct log_action a;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            log_read_action(s, &a);
            if (cb(ctx, &a)) {
                rc = SQLITE_DONE;
                break;
            }
        }
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading the log");
}

int store_undone_by(struct store *st, const struct log_action *a, int64_t *undo_id,
                    struct oph_error *err)
{
    /* Only the signer takes an action back: their later actions, through log_actions_actor. */
    *undo_id = 0;
    sqlite3_stmt *s = store_stmt(st, Q_UNDO_UNDONE,
                                 "SELECT id, what FROM log_actions WHERE actor_id = ?1 "
                                 "AND id > ?2 AND what GLOB 'undo [1-9]*' ORDER BY id",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, a->actor_id);
    sqlite3_bind_int64(s, 2, a->id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (undo_target((const char *)sqlite3_column_text(s, 1)) == a->id) {
            *undo_id = sqlite3_column_int64(s, 0);
            break;
        }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading the log");
}

/* Whether action `id`'s changes include the row (tbl, key): 1, 0, -1. */
static int action_touched(struct store *st, int64_t id, const char *tbl, const char *key,
                          struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_UNDO_ROW_OF,
                                 "SELECT 1 FROM log_actions a JOIN log_changes x "
                                 "ON x.id BETWEEN a.first_change AND a.last_change "
                                 "WHERE a.id = ?1 AND x.tbl = ?2 AND x.row_key = ?3 LIMIT 1",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, tbl, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading the log");
}

int store_undo_touched_later(struct store *st, const struct log_action *a, struct log_action *by,
                             char *tbl, size_t tbl_n, char *key, size_t key_n,
                             struct oph_error *err)
{
    /* The later changes of the same rows, in order. An action of one case can only have been
     * touched since by actions of that case or of several (rules, holidays, people: case_id
     * NULL), read through the index on the case; otherwise every later change is looked at. */
    static const char rows[] = "(x.tbl, x.row_key) IN (SELECT tbl, row_key FROM log_changes "
                               "WHERE id BETWEEN ?2 AND ?3)";
    sqlite3_stmt *s = NULL;
    char sql[1024];
    if (a->case_id)
        snprintf(sql, sizeof sql,
                 "WITH later(first, last) AS (SELECT first_change, last_change FROM log_actions "
                 "WHERE case_id = ?4 AND id > ?1 UNION ALL SELECT first_change, last_change "
                 "FROM log_actions WHERE id > ?1 AND case_id IS NULL) "
                 "SELECT x.action_id, x.tbl, x.row_key FROM later CROSS JOIN log_changes x "
                 "ON x.id BETWEEN later.first AND later.last WHERE %s ORDER BY x.id",
                 rows);
    else
        snprintf(sql, sizeof sql,
                 "SELECT x.action_id, x.tbl, x.row_key FROM log_changes x "
                 "WHERE x.id > ?3 AND %s ORDER BY x.id",
                 rows);
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    int found = 0;
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, a->id);
        sqlite3_bind_int64(s, 2, a->first_change);
        sqlite3_bind_int64(s, 3, a->last_change);
        if (a->case_id)
            sqlite3_bind_int64(s, 4, a->case_id);
        while (!found && (rc = sqlite3_step(s)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(s, 0);
            const char *t = (const char *)sqlite3_column_text(s, 1);
            const char *k = (const char *)sqlite3_column_text(s, 2);
            struct log_action later;
            if (!t || !k || store_log_action(st, id, &later, err) < 0) {
                found = -1;
                break;
            }
            /* An action taken back since, and its undo on the rows it had changed, leave the
             * rows as they were: they do not count. */
            int64_t undone = 0;
            if (store_undone_by(st, &later, &undone, err)) {
                found = -1;
                break;
            }
            if (undone)
                continue;
            int64_t target = undo_target(later.what);
            if (target > a->id) {
                int t_rc = action_touched(st, target, t, k, err);
                if (t_rc < 0) {
                    found = -1;
                    break;
                }
                if (t_rc)
                    continue;
            }
            *by = later;
            snprintf(tbl, tbl_n, "%s", t);
            snprintf(key, key_n, "%s", k);
            found = 1;
        }
    }
    sqlite3_finalize(s);
    if (found < 0)
        return -1;
    if (found)
        return 1;
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : store_fail(st, rc, err, "reading the log");
}

/* ---- writing a change back ----------------------------------------------------------- */

/* The columns of a table as SQLite has them, into names (each at most 63 bytes), in order. */
static int table_columns(struct store *st, const char *tbl, char names[][64], int max, int *n,
                         struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_UNDO_COLUMNS, "SELECT name FROM pragma_table_info(?1)", err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, tbl, -1, SQLITE_STATIC);
    int rc;
    *n = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max)
        col_text(s, 0, names[(*n)++], 64);
    sqlite3_reset(s);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0
                                                 : store_fail(st, rc, err, "reading the schema");
}

/* Whether a member's value differs between two of the log's JSON objects. */
static bool member_differs(const char *a, const char *b, const char *key)
{
    struct fj_member x, y;
    bool has_x = fj_find(a, strlen(a), key, &x), has_y = fj_find(b, strlen(b), key, &y);
    if (has_x != has_y)
        return true;
    return has_x && (x.value_len != y.value_len || memcmp(x.value, y.value, x.value_len) != 0);
}

/* Appends " AND col IS json_extract(?2, '$.col')" for each column given in json (those of
 * `only` when not NULL): the row must still be as the action left it. */
static size_t guard(char *sql, size_t o, size_t sz, char cols[][64], int n_cols, const char *json,
                    const char *old_json)
{
    for (int i = 0; i < n_cols && o < sz; i++) {
        struct fj_member m;
        if (!fj_find(json, strlen(json), cols[i], &m))
            continue;
        if (old_json && !member_differs(old_json, json, cols[i]))
            continue;
        o += (size_t)snprintf(sql + o, sz - o, " AND \"%s\" IS json_extract(?2, '$.%s')", cols[i],
                              cols[i]);
    }
    return o;
}

int store_undo_change(struct store *st, const char *tbl, const char *op, const char *old_json,
                      const char *new_json, struct oph_error *err)
{
    const char *key = NULL, *name = NULL;
    for (size_t i = 0; i < sizeof TABLES / sizeof *TABLES; i++)
        if (strcmp(TABLES[i].tbl, tbl) == 0) {
            name = TABLES[i].tbl;
            key = TABLES[i].key;
        }
    bool inserted = strcmp(op, "insert") == 0, updated = strcmp(op, "update") == 0;
    bool deleted = strcmp(op, "delete") == 0;
    if (!name || (!inserted && !updated && !deleted) || ((inserted || updated) && !new_json) ||
        ((deleted || updated) && !old_json))
        return oph_fail(err, OPH_DB, "the log has a change of %s the program cannot take back",
                        tbl);
    char cols[48][64];
    int n_cols = 0;
    if (table_columns(st, name, cols, 48, &n_cols, err))
        return -1;
    /* Every value comes from the log's JSON through json_extract: ?1 the values to write (or
     * the row to find), ?2 the row as the action left it. Table and column names are the
     * schema's own (TABLES, pragma_table_info). */
    char sql[8192];
    size_t o = 0;
    const char *values = inserted ? new_json : old_json;
    if (inserted) { /* the row it added goes, if it is still as it was added */
        o = (size_t)snprintf(sql, sizeof sql,
                             "DELETE FROM \"%s\" WHERE \"%s\" = "
                             "json_extract(?1, '$.%s')",
                             name, key, key);
        o = guard(sql, o, sizeof sql, cols, n_cols, new_json, NULL);
    } else if (updated) { /* the columns it changed get their old values */
        o = (size_t)snprintf(sql, sizeof sql, "UPDATE \"%s\" SET ", name);
        int written = 0;
        for (int i = 0; i < n_cols && o < sizeof sql; i++) {
            struct fj_member m;
            if (strcmp(cols[i], key) == 0 || !member_differs(old_json, new_json, cols[i]) ||
                !fj_find(old_json, strlen(old_json), cols[i], &m))
                continue; /* unchanged, or not recorded then (a column added since) */
            o += (size_t)snprintf(sql + o, sizeof sql - o, "%s\"%s\" = json_extract(?1, '$.%s')",
                                  written++ ? ", " : "", cols[i], cols[i]);
        }
        if (!written)
            return 0; /* nothing differs */
        o += (size_t)snprintf(sql + o, sizeof sql - o, " WHERE \"%s\" = json_extract(?1, '$.%s')",
                              key, key);
        o = guard(sql, o, sizeof sql, cols, n_cols, new_json, old_json);
    } else { /* the row it removed comes back as it was */
        o = (size_t)snprintf(sql, sizeof sql, "INSERT INTO \"%s\"(", name);
        int written = 0;
        for (int i = 0; i < n_cols && o < sizeof sql; i++) {
            struct fj_member m;
            if (fj_find(old_json, strlen(old_json), cols[i], &m))
                o += (size_t)snprintf(sql + o, sizeof sql - o, "%s\"%s\"", written++ ? ", " : "",
                                      cols[i]);
        }
        o += (size_t)snprintf(sql + o, sizeof sql - o, ") VALUES (");
        written = 0;
        for (int i = 0; i < n_cols && o < sizeof sql; i++) {
            struct fj_member m;
            if (fj_find(old_json, strlen(old_json), cols[i], &m))
                o += (size_t)snprintf(sql + o, sizeof sql - o, "%sjson_extract(?1, '$.%s')",
                                      written++ ? ", " : "", cols[i]);
        }
        o += (size_t)snprintf(sql + o, sizeof sql - o, ")");
    }
    if (o >= sizeof sql)
        return oph_fail(err, OPH_DB, "a change of %s is too large to take back", tbl);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(s, 1, values, -1, SQLITE_STATIC);
        if (new_json)
            sqlite3_bind_text(s, 2, new_json, -1, SQLITE_STATIC);
        rc = sqlite3_step(s);
    }
    int changed = sqlite3_changes(st->db);
    sqlite3_finalize(s);
    char doing[96];
    snprintf(doing, sizeof doing, "taking back a change of %s", tbl);
    if (rc != SQLITE_DONE)
        return store_fail(st, rc, err, doing);
    if (changed != 1) /* the row is not as the log says the action left it: nothing guessed */
        return oph_fail(err, OPH_REFUSED,
                        "the %s row the action changed is no longer as it left it", tbl);
    return 0;
}

/* ---- the open action ----------------------------------------------------------------- */

int64_t store_action_id(const struct store *st)
{
    return st->act.open ? st->act.id : 0;
}

int store_action_changes(struct store *st, log_change_cb cb, void *ctx, struct oph_error *err)
{
    if (!st->act.open)
        return 0;
    struct log_action a = {.first_change = st->act.first_change, .last_change = INT64_MAX};
    return store_log_changes(st, &a, cb, ctx, err);
}
