/* Opening the database safely (permissions, pragmas, upgrades, newer files refused) and the
 * SQL functions the audit triggers call; store_sql.c has the statement cache, errors and
 * transactions, upgrade.c the upgrades. */
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
        store_refuse_link(path, err);
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
        store_refuse_link(path, err);
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
