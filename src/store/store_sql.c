/* The connection's SQL: errors said in one clear line, the statement cache, binding and
 * reading helpers, transactions, settings and counts. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "ophamp/text.h"
#include "store_internal.h"

/* ---- errors and helpers -------------------------------------------------------------- */

/* Whether the file system holding path has no room left (for this user), which SQLite reports
 * as a failed write, or as a disk I/O error when even reading needs a file it cannot make. */
static bool disk_full(struct store *st, const char *path)
{
    int e = st && st->db ? sqlite3_system_errno(st->db) : 0;
    if (e == ENOSPC || e == EDQUOT)
        return true;
    char dir[4096];
    text_copy(dir, sizeof dir, path);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[slash == dir ? 1 : 0] = '\0';
    struct statvfs vfs;
    return statvfs(slash ? dir : ".", &vfs) == 0 && vfs.f_blocks > 0 &&
           (geteuid() == 0 ? vfs.f_bfree : vfs.f_bavail) == 0;
}

/* The database is opened without following symbolic links (a link swapped under a running
 * program could point it at another file): a path that holds one is refused, saying so and
 * naming the file it leads to when there is one. */
int store_refuse_link(const char *path, struct oph_error *err)
{
    char real[4096];
    bool resolved = realpath(path, real) != NULL;
    struct stat sb;
    if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
        return resolved ? oph_fail(err, OPH_DB,
                                   "%s is a symbolic link: ophamp does not follow links to its "
                                   "database (give the file's own path, %s)",
                                   path, real)
                        : oph_fail(err, OPH_DB,
                                   "%s is a symbolic link (to nothing): ophamp does not follow "
                                   "links to its database",
                                   path);
    return resolved ? oph_fail(err, OPH_DB,
                               "a folder in %s is a symbolic link: ophamp does not follow links "
                               "to its database (give the real path, %s)",
                               path, real)
                    : oph_fail(err, OPH_DB,
                               "a folder in %s is a symbolic link: ophamp does not follow links "
                               "to its database",
                               path);
}

int store_fail(struct store *st, int rc, struct oph_error *err, const char *doing)
{
    if (rc == SQLITE_CANTOPEN_SYMLINK && st && st->path[0])
        return store_refuse_link(st->path, err);
    const char *m = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
    const char *file = st && st->path[0] ? st->path : "the database";
    /* Only a save can have saved nothing: a read says what stopped it, and no more. */
    bool saving = st && (st->depth > 0 || st->beginning);
    switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        if (saving)
            return oph_fail(err, OPH_DB, "%s is locked by another process (%s): nothing was saved",
                            file, doing);
        return oph_fail(err, OPH_DB,
                        "%s is busy: another process holds a lock on it (%s); try again later",
                        file, doing);
    case SQLITE_READONLY:
        return oph_fail(err, OPH_DB, "%s is read-only (%s)", file, doing);
    case SQLITE_CORRUPT:
        return oph_fail(err, OPH_DB, "%s is damaged (%s)", file, doing);
    case SQLITE_NOTADB:
        return oph_fail(err, OPH_DB, "%s is damaged or not an ophamp database (%s)", file, doing);
    case SQLITE_FULL:
        if (saving)
            return oph_fail(err, OPH_DB, "the disk holding %s is full: nothing was saved (%s)",
                            file, doing);
        return oph_fail(err, OPH_DB, "the disk holding %s is full (%s): free some space", file,
                        doing);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        if (disk_full(st, file)) /* even a read needs room: the log's index file */
            return oph_fail(err, OPH_DB,
                            "the disk holding %s is full, so it cannot be opened even to read "
                            "it (%s): free some space%s",
                            file, doing, saving ? "; nothing was saved" : "");
        return oph_fail(err, OPH_DB, "cannot read or write %s: %s (%s)", file, m, doing);
    case SQLITE_CONSTRAINT:
        return oph_fail(err, OPH_REFUSED, "the database refused it: %s (%s)", m, doing);
    default:
        return oph_fail(err, OPH_DB, "database error in %s: %s (%s)", file, m, doing);
    }
}

sqlite3_stmt *store_stmt(struct store *st, enum stmt_id id, const char *sql, struct oph_error *err)
{
    sqlite3_stmt *s = st->stmts[id];
    if (!s) {
        int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
        if (rc != SQLITE_OK) {
            store_fail(st, rc, err, "preparing a query");
            return NULL;
        }
        st->stmts[id] = s;
    } else {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
    }
    return s;
}

int store_exec_stmt(struct store *st, sqlite3_stmt *s, struct oph_error *err, const char *doing)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return store_fail(st, rc, err, doing);
    return 0;
}

int bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (!v || !*v)
        return sqlite3_bind_null(s, i);
    return sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

int bind_time(sqlite3_stmt *s, int i, oph_time t)
{
    if (t == OPH_NO_TIME)
        return sqlite3_bind_null(s, i);
    return sqlite3_bind_int64(s, i, t);
}

int bind_vocab(sqlite3_stmt *s, int i, const struct vocab *v, int value)
{
    if (value < 0 || (size_t)value >= v->count)
        return sqlite3_bind_null(s, i);
    return sqlite3_bind_text(s, i, v->names[value], -1, SQLITE_STATIC);
}

int bind_tri(sqlite3_stmt *s, int i, int tri)
{
    if (tri == TRI_UNKNOWN)
        return sqlite3_bind_null(s, i);
    return sqlite3_bind_int(s, i, tri ? 1 : 0);
}

void col_text(sqlite3_stmt *s, int i, char *out, size_t outsz)
{
    const char *v = (const char *)sqlite3_column_text(s, i);
    text_copy(out, outsz, v ? v : "");
}

oph_time col_time(sqlite3_stmt *s, int i)
{
    if (sqlite3_column_type(s, i) == SQLITE_NULL)
        return OPH_NO_TIME;
    return sqlite3_column_int64(s, i);
}

int col_vocab(sqlite3_stmt *s, int i, const struct vocab *v)
{
    return vocab_find(v, (const char *)sqlite3_column_text(s, i));
}

int col_tri(sqlite3_stmt *s, int i)
{
    if (sqlite3_column_type(s, i) == SQLITE_NULL)
        return TRI_UNKNOWN;
    return sqlite3_column_int(s, i) ? TRI_YES : TRI_NO;
}

/* ---- transactions -------------------------------------------------------------------- */

static int run_simple(struct store *st, enum stmt_id id, const char *sql, struct oph_error *err,
                      const char *doing)
{
    sqlite3_stmt *s = store_stmt(st, id, sql, err);
    return s ? store_exec_stmt(st, s, err, doing) : -1;
}

int store_begin(struct store *st, struct oph_error *err)
{
    st->beginning = true;
    int rc = st->depth == 0 ? run_simple(st, Q_BEGIN, "BEGIN IMMEDIATE", err, "starting a save")
                            : run_simple(st, Q_SAVEPOINT, "SAVEPOINT nested", err, "saving");
    st->beginning = false;
    if (rc == 0)
        st->depth++;
    return rc;
}

int store_commit(struct store *st, struct oph_error *err)
{
    if (st->depth <= 0)
        return oph_fail(err, OPH_DB, "commit without a transaction");
    if (st->act.open && st->depth == st->act.depth)
        return oph_fail(err, OPH_DB, "an action is saved by store_action_commit");
    int rc = st->depth == 1 ? run_simple(st, Q_COMMIT, "COMMIT", err, "saving")
                            : run_simple(st, Q_RELEASE, "RELEASE nested", err, "saving");
    if (rc == 0 && --st->depth == 0)
        store_forget_reference_hints(st); /* others may add cases from now on */
    else if (rc != 0 && st->depth == 1)
        store_rollback(st); /* a failed COMMIT (disk full) leaves nothing half-written */
    if (rc == 0 && st->depth == 0)
        log_head_write(st);
    return rc;
}

void store_rollback(struct store *st)
{
    if (st->depth <= 0)
        return;
    if (st->act.open && st->depth == st->act.depth)
        st->act.open = false;
    if (st->depth == 1)
        st->head_pending = false; /* the actions of this transaction are gone */
    if (st->depth == 1) {
        run_simple(st, Q_ROLLBACK, "ROLLBACK", NULL, "undoing");
    } else {
        run_simple(st, Q_ROLLBACK_TO, "ROLLBACK TO nested", NULL, "undoing");
        run_simple(st, Q_RELEASE, "RELEASE nested", NULL, "undoing");
    }
    st->depth--;
    store_forget_reference_hints(st);
}

int store_bulk(struct store *st, bool on, struct oph_error *err)
{
    if (store_large_cache(st, on, err))
        return -1;
    int rc = sqlite3_exec(st->db, on ? "PRAGMA synchronous = OFF" : "PRAGMA synchronous = FULL",
                          NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : store_fail(st, rc, err, "setting up a bulk write");
}

int store_large_cache(struct store *st, bool on, struct oph_error *err)
{
    /* Set inside a transaction, the journal setting would only apply to the next one: every
     * insert's statement journal then went to a temporary file (158 writes a demo case). */
    if (st->depth > 0)
        return oph_fail(err, OPH_INVALID, "the page cache is set before a transaction begins");
    int rc = sqlite3_exec(st->db,
                          on ? "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY"
                             : "PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT",
                          NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : store_fail(st, rc, err, "setting the page cache");
}

int store_setting(struct store *st, const char *key, char *buf, size_t bufsz, struct oph_error *err)
{
    /* Not cached: an old file without the settings table is read before it is upgraded. */
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT value FROM settings WHERE key = ?1", -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int found = 0;
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            const unsigned char *v = sqlite3_column_text(s, 0);
            text_copy(buf, bufsz, v ? (const char *)v : "");
            found = 1;
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(s);
    return rc == SQLITE_OK ? found : store_fail(st, rc, err, "reading a setting");
}

int store_setting_set(struct store *st, const char *key, const char *value, struct oph_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "INSERT INTO settings(key, value) VALUES (?1, ?2) "
                                "ON CONFLICT(key) DO UPDATE SET value = excluded.value "
                                "WHERE value IS NOT excluded.value",
                                -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_OK ? 0 : store_fail(st, rc, err, "writing a setting");
}

int store_case_count(struct store *st, int64_t *out, struct oph_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM cases", -1, &s, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = sqlite3_column_int64(s, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_OK ? 0 : store_fail(st, rc, err, "counting the cases");
}

int store_case_max_id(struct store *st, int64_t *out, struct oph_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT coalesce(max(id), 0) FROM cases", -1, &s, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = sqlite3_column_int64(s, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_OK ? 0 : store_fail(st, rc, err, "reading the cases");
}
