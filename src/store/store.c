/* Opening the database safely (permissions, pragmas, migrations, newer files refused), the
 * statement cache, transactions and the SQL functions the audit triggers call. */
#include "store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "ophamp/text.h"

/* ---- SQL functions used by the schema's triggers ------------------------------------- */

/* oph_sha256(a, b, …): hex SHA-256 over every argument, each prefixed by its length so that
 * no two argument lists hash alike; NULL is told apart from an empty string. */
static void fn_sha256(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char digits[] = "0123456789abcdef";
    struct sha256_ctx h;
    uint8_t digest[SHA256_DIGEST_SIZE];
    char hex[2 * SHA256_DIGEST_SIZE];
    sha256_init(&h);
    for (int i = 0; i < argc; i++) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
            sha256_update(&h, 2, (const uint8_t *)"N;");
            continue;
        }
        const unsigned char *v = sqlite3_value_text(argv[i]);
        int n = sqlite3_value_bytes(argv[i]);
        char len[16];
        int k = (int)sizeof len;
        len[--k] = ':';
        unsigned u = (unsigned)n;
        do
            len[--k] = (char)('0' + u % 10);
        while ((u /= 10) != 0);
        sha256_update(&h, sizeof len - (size_t)k, (const uint8_t *)len + k);
        if (v)
            sha256_update(&h, (size_t)n, v);
    }
    sha256_digest(&h, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    sqlite3_result_text(ctx, hex, (int)sizeof hex, SQLITE_TRANSIENT);
}

/* oph_actor(): the operating-system user, recorded in every audit row. */
static void fn_actor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    const char *actor = sqlite3_user_data(ctx);
    sqlite3_result_text(ctx, actor, -1, SQLITE_STATIC);
}

static char actor_name[64];

const char *store_actor(void)
{
    if (!actor_name[0]) {
        struct passwd *pw = getpwuid(geteuid());
        if (pw && pw->pw_name && *pw->pw_name)
            text_copy(actor_name, sizeof actor_name, pw->pw_name);
        else
            snprintf(actor_name, sizeof actor_name, "uid %ld", (long)geteuid());
    }
    return actor_name;
}

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
static int refuse_link(const char *path, struct oph_error *err)
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
        return refuse_link(st->path, err);
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

/* ---- opening and migrating ----------------------------------------------------------- */

int store_default_path(char *buf, size_t bufsz, struct oph_error *err)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(buf, bufsz, "%s/ophamp/ophamp.db", xdg);
    else if (home && *home)
        n = snprintf(buf, bufsz, "%s/.local/share/ophamp/ophamp.db", home);
    else
        return oph_fail(err, OPH_DB, "no home folder: set HOME, XDG_DATA_HOME or use --db");
    if (n < 0 || (size_t)n >= bufsz)
        return oph_fail(err, OPH_DB, "database path is too long");
    return 0;
}

/* Creates each missing folder of path's parent with mode 0700. */
static int make_parent_dirs(const char *path, struct oph_error *err)
{
    char dir[4096];
    text_copy(dir, sizeof dir, path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return oph_fail(err, OPH_DB, "cannot create folder %s: %s", dir, strerror(errno));
        *p = '/';
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return oph_fail(err, OPH_DB, "cannot create folder %s: %s", dir, strerror(errno));
    return 0;
}

static int exec_sql(struct store *st, const char *sql, struct oph_error *err, const char *doing)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : store_fail(st, rc, err, doing);
}

static void note_schema_difference(void *ctx, enum schema_diff d, const char *type,
                                   const char *name)
{
    char *out = ctx;
    if (out[0])
        return;
    snprintf(out, 256, "%s %s %s", type, name,
             d == SCHEMA_MISSING ? "is missing"
             : d == SCHEMA_ADDED ? "was added"
                                 : "was changed");
}

/* Before anything is written: the file's schema must be the program's own, every trigger
 * that logs a change in place and no one else's trigger beside them. Otherwise the file is
 * still read, but every write is refused (store_action_begin). */
static int guard_schema(struct store *st, struct oph_error *err)
{
    st->schema_problem[0] = '\0';
    int n = schema_compare(st->db, false, note_schema_difference, st->schema_problem, err);
    return n < 0 ? -1 : 0;
}

/* Whether the folder holding path can be written: SQLite makes its -wal, -shm and -journal
 * files there, so a file in a read-only folder cannot be written either. */
static bool folder_writable(const char *path)
{
    char dir[4096];
    text_copy(dir, sizeof dir, path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return access(".", W_OK) == 0;
    slash[slash == dir ? 1 : 0] = '\0';
    return access(dir, W_OK) == 0;
}

/* Whether path-wal holds anything: committed changes not yet copied into the file. */
static bool wal_has_content(const char *path)
{
    char wal[4096 + 8];
    struct stat sb;
    (void)!snprintf(wal, sizeof wal, "%s-wal", path);
    return stat(wal, &sb) == 0 && sb.st_size > 0;
}

/* "file:" URI of a path: every byte but the unreserved ones and '/' percent-encoded. */
static int file_uri(const char *path, const char *query, char *out, size_t outsz)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    const char *prefix = "file:";
    for (const char *p = prefix; *p && o + 1 < outsz; p++)
        out[o++] = *p;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (o + 4 >= outsz)
            return -1;
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '/' || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    int n = snprintf(out + o, outsz - o, "?%s", query);
    return n < 0 || (size_t)n >= outsz - o ? -1 : 0;
}

/* Opens the connection and registers the audit functions. A database in write-ahead-log mode
 * needs its -shm file (the log's index) even to be read; in a folder nobody may write to, that
 * file cannot be made. Then, and only when the log holds nothing (so the file alone is the
 * whole database, and no one can be writing to it: a writer would need the same folder), the
 * file is opened again as immutable: read straight from the file, without locks or index. */
static int open_connection(struct store *st, bool writable, struct oph_error *err)
{
    /* NOMUTEX: one thread uses a connection, so SQLite need not lock it on every call (a
     * lock and an unlock per column read were an eighth of the report's time). */
    int flags = (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOFOLLOW |
                SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(st->path, &st->db, flags, NULL);
    if (rc == SQLITE_OK && !writable) {
        sqlite3_stmt *s = NULL;
        rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(s) == SQLITE_ROW ? SQLITE_OK : sqlite3_extended_errcode(st->db);
        sqlite3_finalize(s);
        bool no_index = (rc & 0xFF) == SQLITE_CANTOPEN || (rc & 0xFF) == SQLITE_READONLY;
        if (no_index && !folder_writable(st->path)) {
            if (wal_has_content(st->path))
                return oph_fail(err, OPH_DB,
                                "cannot read %s: its write-ahead log holds changes and its "
                                "folder cannot be written",
                                st->path);
            char uri[3 * 4096 + 64];
            if (file_uri(st->path, "mode=ro&immutable=1", uri, sizeof uri))
                return oph_fail(err, OPH_DB, "database path is too long");
            sqlite3_close(st->db);
            st->db = NULL;
            rc = sqlite3_open_v2(uri, &st->db, flags | SQLITE_OPEN_URI, NULL);
        } else {
            rc = SQLITE_OK; /* any other error is met again, and said, by the first read */
        }
    }
    if (rc != SQLITE_OK)
        return store_fail(st, rc, err, "opening");
    sqlite3_busy_timeout(st->db, 2000);
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_create_function(st->db, "oph_sha256", -1,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, fn_sha256,
                            NULL, NULL);
    /* Only the upgrades from schemas 1 and 2 still write the old log, which calls it. */
    sqlite3_create_function(st->db, "oph_actor", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                            (void *)store_actor(), fn_actor, NULL, NULL);
    sqlite3_create_function(st->db, "oph_action", 0, SQLITE_UTF8, st, log_fn_action, NULL, NULL);
    return 0;
}

/* SQLite keeps memory statistics by default: a global lock and a count on every allocation,
 * and this build of SQLite has no lookaside, so every small allocation is one. Nothing here
 * reads the statistics; they are switched off before SQLite starts. */
static void configure_sqlite(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static struct store *store_new(const char *path, struct oph_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure_sqlite);
    struct store *st = calloc(1, sizeof *st);
    if (!st) {
        oph_fail(err, OPH_DB, "out of memory");
        return NULL;
    }
    text_copy(st->path, sizeof st->path, path);
    st->head_fd = -1;
    return st;
}

struct store *store_open_reader(struct store *st, struct oph_error *err)
{
    struct store *r = store_new(st->path, err);
    if (r && open_connection(r, false, err)) {
        store_close(r);
        return NULL;
    }
    return r;
}

struct store *store_open(const char *path, struct oph_error *err)
{
    struct stat sb;
    if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
        refuse_link(path, err);
        return NULL;
    }
    bool exists = stat(path, &sb) == 0;
    if (exists && !S_ISREG(sb.st_mode)) {
        oph_fail(err, OPH_DB, "%s is not a regular file", path);
        return NULL;
    }
    if (!exists) {
        if (make_parent_dirs(path, err))
            return NULL;
        /* Create the file ourselves so it is 0600 from its first byte. */
        int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST) {
            oph_fail(err, OPH_DB, "cannot create %s: %s", path, strerror(errno));
            return NULL;
        }
        if (fd >= 0)
            close(fd);
    }
    bool writable = access(path, W_OK) == 0 && folder_writable(path);
    struct store *st = store_new(path, err);
    if (!st)
        return NULL;
    if (open_connection(st, writable, err))
        goto fail;
    /* Pragmas that only read come first: a newer file must be refused before anything (the
     * WAL switch included) writes to it. */
    if (exec_sql(st, "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;", err, "opening") ||
        store_migrate(st, writable, err))
        goto fail;
    if (writable &&
        (exec_sql(st, "PRAGMA journal_mode = WAL", err, "opening") ||
         exec_sql(st, "PRAGMA synchronous = FULL", err, "opening") || guard_schema(st, err)))
        goto fail;
    if (store_setting(st, "database_id", st->database_id, sizeof st->database_id, err) < 0)
        goto fail;
    return st;
fail:
    store_close(st);
    return NULL;
}

struct store *store_open_readonly(const char *path, int *version, struct oph_error *err)
{
    struct stat sb;
    if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
        refuse_link(path, err);
        return NULL;
    }
    if (stat(path, &sb) != 0) {
        oph_fail(err, OPH_DB, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) {
        oph_fail(err, OPH_DB, "%s is not a regular file", path);
        return NULL;
    }
    struct store *st = store_new(path, err);
    if (!st)
        return NULL;
    /* Where it could write, the connection is a writing one that SQL may not write through
     * (query_only): on closing it then folds the write-ahead log back into the file and
     * removes the log's files, as any other ophamp command leaves them. */
    bool writable = access(path, W_OK) == 0 && folder_writable(path);
    int v = 0;
    if (open_connection(st, writable, err) ||
        (writable && exec_sql(st, "PRAGMA query_only = ON", err, "opening")) ||
        store_read_version(st, &v, err))
        goto fail;
    if (v == 0) {
        oph_fail(err, OPH_DB, "%s is empty: not an ophamp database", path);
        goto fail;
    }
    if (version)
        *version = v;
    if (v >= 3) {
        struct oph_error ignored;
        store_setting(st, "database_id", st->database_id, sizeof st->database_id, &ignored);
    }
    return st;
fail:
    store_close(st);
    return NULL;
}

const char *store_path(const struct store *st)
{
    return st->path;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    for (int i = 0; i < STMT_COUNT; i++)
        sqlite3_finalize(st->stmts[i]);
    sqlite3_close(st->db);
    if (st->head_fd >= 0)
        close(st->head_fd);
    free(st);
}
