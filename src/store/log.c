/* The log of signed actions (schema 4): who the user is, one action per transaction of the
 * program, its hash chained on the one before, and the head kept outside the file. */
#include "store_internal.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ophamp/flatjson.h"
#include "ophamp/text.h"

/* ---- hashing ------------------------------------------------------------------------- */

/* n in decimal, written backwards from end; returns where it starts (no printf: this runs for
 * every field of every change, and check hashes millions of them). */
static char *decimal(uint64_t n, char *end)
{
    do
        *--end = (char)('0' + n % 10);
    while ((n /= 10) != 0);
    return end;
}

void log_hash_field(struct sha256_ctx *h, const void *v, size_t n)
{
    if (!v) {
        sha256_update(h, 2, (const uint8_t *)"N;");
        return;
    }
    char len[24];
    len[sizeof len - 1] = ':';
    char *start = decimal(n, len + sizeof len - 1);
    sha256_update(h, (size_t)(len + sizeof len - start), (const uint8_t *)start);
    sha256_update(h, n, v);
}

void log_hash_int(struct sha256_ctx *h, int64_t v, bool null)
{
    if (null) {
        log_hash_field(h, NULL, 0);
        return;
    }
    char num[24];
    char *end = num + sizeof num, *start = decimal(v < 0 ? 0 - (uint64_t)v : (uint64_t)v, end);
    if (v < 0)
        *--start = '-';
    log_hash_field(h, start, (size_t)(end - start));
}

static void hash_column(struct sha256_ctx *h, sqlite3_stmt *s, int i)
{
    if (sqlite3_column_type(s, i) == SQLITE_NULL) {
        log_hash_field(h, NULL, 0);
        return;
    }
    const unsigned char *v = sqlite3_column_text(s, i);
    log_hash_field(h, v ? v : (const unsigned char *)"", (size_t)sqlite3_column_bytes(s, i));
}

void log_hash_change(struct sha256_ctx *h, sqlite3_stmt *s)
{
    for (int i = 0; i < LOG_CHANGE_COLUMNS; i++)
        hash_column(h, s, i);
}

void log_hash_action_head(struct sha256_ctx *h, const struct log_action *a)
{
    sha256_init(h);
    log_hash_field(h, a->prev_hash, strlen(a->prev_hash));
    log_hash_int(h, a->id, false);
    log_hash_field(h, a->at, strlen(a->at));
    log_hash_int(h, a->actor_id, a->actor_id == 0);
    log_hash_field(h, a->actor, strlen(a->actor));
    log_hash_field(h, a->os_user, strlen(a->os_user));
    log_hash_field(h, a->what, strlen(a->what));
    log_hash_int(h, a->case_id, a->case_id == 0);
    log_hash_int(h, a->first_change, false);
    log_hash_int(h, a->last_change, false);
}

void log_hash_hex(struct sha256_ctx *h, char out[LOG_HASH_HEX + 1])
{
    static const char digits[] = "0123456789abcdef";
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(h, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[LOG_HASH_HEX] = '\0';
}

/* ---- oph_action() -------------------------------------------------------------------- */

/* The number of the action the program has open, or NULL between actions: the log's
 * action_id is NOT NULL, so a change outside an action is refused. */
void log_fn_action(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    const struct store *st = sqlite3_user_data(ctx);
    if (st->act.open)
        sqlite3_result_int64(ctx, st->act.id);
    else
        sqlite3_result_null(ctx);
}

/* ---- who the user is ----------------------------------------------------------------- */

/* One number from a cached statement, or fallback (none, or the table is not there yet: an
 * upgrade's own action begins before the log's tables exist). */
static int64_t read_int64(struct store *st, enum stmt_id id, const char *sql, int64_t fallback)
{
    struct oph_error ignored;
    sqlite3_stmt *s = store_stmt(st, id, sql, &ignored);
    int64_t v = fallback;
    if (s && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(s, 0);
    if (s)
        sqlite3_reset(s);
    return v;
}

#define MAX_ACTION "SELECT max(id) FROM log_actions"
#define MAX_CHANGE "SELECT max(id) FROM log_changes"

int store_user(struct store *st, struct person *out, struct oph_error *err)
{
    /* One cached statement: every action asks who signs it. */
    sqlite3_stmt *s = store_stmt(st, Q_PERSON_BY_ID,
                                 "SELECT p.id, p.name, p.number, p.role, p.rank, p.team "
                                 "FROM settings x JOIN people p ON p.id = CAST(x.value AS INTEGER) "
                                 "WHERE x.key = 'user'",
                                 err);
    if (!s)
        return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        store_person_from_row(s, out);
        sqlite3_reset(s);
        return 1;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading who the user is");
}

int store_set_user(struct store *st, int64_t person_id, struct oph_error *err)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)person_id);
    return store_setting_set(st, "user", id, err);
}

/* ---- actions ------------------------------------------------------------------------- */

/* The real time, UTC, to the millisecond: when the action was saved, whatever the program's
 * clock (OPHAMP_NOW) says. */
static void now_iso(char out[32])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char ms[8];
    snprintf(ms, sizeof ms, ".%03dZ", (int)(ts.tv_nsec / 1000000) % 1000);
    size_t n = strftime(out, 24, "%Y-%m-%dT%H:%M:%S", &tm);
    memcpy(out + n, ms, strlen(ms) + 1);
}

/* as: the signer, NULL for the named user; program: the program itself. */
static int open_action(struct store *st, const char *what, bool program, const struct person *as,
                       struct oph_error *err)
{
    struct store_action *a = &st->act;
    if (a->open) { /* an action inside an action is part of it */
        if (store_begin(st, err))
            return -1;
        a->nested++;
        return 0;
    }
    if (!program && st->schema_problem[0])
        return oph_fail(err, OPH_DB,
                        "%s is not as ophamp made it (%s): nothing was saved; run ophamp check",
                        st->path, st->schema_problem);
    struct person user;
    memset(&user, 0, sizeof user);
    if (as) {
        user = *as;
    } else if (!program) {
        int found = store_user(st, &user, err);
        if (found < 0)
            return -1;
        if (found == 0)
            return oph_fail(err, OPH_REFUSED,
                            "nobody is named as this database's user, so nothing was saved: "
                            "name yourself first with ophamp whoami NUMBER");
    }
    if (store_begin(st, err))
        return -1;
    memset(a, 0, sizeof *a);
    a->open = true;
    a->depth = st->depth;
    a->id = read_int64(st, Q_LOG_MAX_ACTION, MAX_ACTION, 0) + 1;
    a->first_change = read_int64(st, Q_LOG_MAX_CHANGE, MAX_CHANGE, 0) + 1;
    a->actor_id = program ? 0 : user.id;
    if (program)
        snprintf(a->actor, sizeof a->actor, "ophamp %s", OPHAMP_VERSION);
    else
        person_label(&user, a->actor, sizeof a->actor);
    text_copy(a->what, sizeof a->what, what);
    return 0;
}

int store_action_begin(struct store *st, const char *what, struct oph_error *err)
{
    return open_action(st, what, false, NULL, err);
}

int store_action_begin_program(struct store *st, const char *what, struct oph_error *err)
{
    return open_action(st, what, true, NULL, err);
}

int store_action_begin_as(struct store *st, const char *what, const struct person *p,
                          struct oph_error *err)
{
    return open_action(st, what, false, p, err);
}

void store_action_signer(struct store *st, const struct person *p)
{
    if (!st->act.open)
        return;
    st->act.actor_id = p->id;
    person_label(p, st->act.actor, sizeof st->act.actor);
}

void store_action_case(struct store *st, int64_t case_id)
{
    if (st->act.open && st->act.case_id == 0)
        st->act.case_id = case_id;
}

void store_action_always(struct store *st)
{
    if (st->act.open)
        st->act.always = true;
}

void store_action_multi_case(struct store *st)
{
    if (st->act.open)
        st->act.case_id = -1;
}

const char *store_action_actor(const struct store *st)
{
    return st->act.open ? st->act.actor : "";
}

/* The hash the next action chains on: the last action's, else the last row of the log of
 * schemas 1 to 3 (a file upgraded to schema 4), else empty. */
int log_last_hash(struct store *st, char out[LOG_HASH_HEX + 1], struct oph_error *err)
{
    static const char *const sql[] = {
        "SELECT hash FROM log_actions ORDER BY id DESC LIMIT 1",
        "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
    };
    static const enum stmt_id ids[] = {Q_LOG_LAST_HASH, Q_LOG_LEGACY_HASH};
    out[0] = '\0';
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *s = store_stmt(st, ids[i], sql[i], err);
        if (!s)
            return -1;
        int rc = sqlite3_step(s);
        if (rc == SQLITE_ROW)
            col_text(s, 0, out, LOG_HASH_HEX + 1);
        sqlite3_reset(s);
        if (rc == SQLITE_ROW)
            return 0;
        if (rc != SQLITE_DONE)
            return store_fail(st, rc, err, "reading the log");
    }
    return 0;
}

/* Hashes the action's changes (read back: the database is the truth, whatever savepoints
 * rolled back) and appends the action. */
static int write_action(struct store *st, struct oph_error *err)
{
    struct store_action *a = &st->act;
    struct log_action la;
    memset(&la, 0, sizeof la);
    if (log_last_hash(st, la.prev_hash, err))
        return -1;
    la.id = a->id;
    now_iso(la.at);
    la.actor_id = a->actor_id;
    text_copy(la.actor, sizeof la.actor, a->actor);
    text_copy(la.os_user, sizeof la.os_user, store_actor());
    text_copy(la.what, sizeof la.what, a->what);
    la.case_id = a->case_id > 0 ? a->case_id : 0;
    la.first_change = a->first_change;
    la.last_change = read_int64(st, Q_LOG_MAX_CHANGE, MAX_CHANGE, 0);
    if (la.last_change < la.first_change - 1)
        la.last_change = la.first_change - 1;
    /* An action that changed nothing (an import of cases already there) leaves no trace,
     * unless what it did is worth a line of its own (check --repair). */
    if (la.last_change < la.first_change && !a->always)
        return 0;

    struct sha256_ctx h;
    log_hash_action_head(&h, &la);
    sqlite3_stmt *s =
        store_stmt(st, Q_LOG_CHANGES_FROM, LOG_CHANGES_SELECT " WHERE id >= ?1 ORDER BY id", err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, la.first_change);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        log_hash_change(&h, s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return store_fail(st, rc, err, "reading the action's changes");
    log_hash_hex(&h, la.hash);

    s = store_stmt(st, Q_LOG_ACTION_INSERT,
                   "INSERT INTO log_actions(id, at, actor_id, actor, os_user, what, case_id, "
                   "first_change, last_change, prev_hash, hash) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                   err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, la.id);
    sqlite3_bind_text(s, 2, la.at, -1, SQLITE_STATIC);
    if (la.actor_id)
        sqlite3_bind_int64(s, 3, la.actor_id);
    sqlite3_bind_text(s, 4, la.actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, la.os_user, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, la.what, -1, SQLITE_STATIC);
    if (la.case_id)
        sqlite3_bind_int64(s, 7, la.case_id);
    sqlite3_bind_int64(s, 8, la.first_change);
    sqlite3_bind_int64(s, 9, la.last_change);
    sqlite3_bind_text(s, 10, la.prev_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 11, la.hash, -1, SQLITE_STATIC);
    if (store_exec_stmt(st, s, err, "saving the action to the log"))
        return -1;
    st->head.id = la.id;
    memcpy(st->head.hash, la.hash, sizeof st->head.hash);
    st->head_pending = true;
    return 0;
}

int store_action_commit(struct store *st, struct oph_error *err)
{
    struct store_action *a = &st->act;
    if (!a->open)
        return oph_fail(err, OPH_DB, "no action to save");
    if (a->nested > 0) {
        a->nested--;
        return store_commit(st, err);
    }
    if (write_action(st, err)) {
        store_action_rollback(st);
        return -1;
    }
    a->open = false;
    return store_commit(st, err);
}

void store_action_rollback(struct store *st)
{
    struct store_action *a = &st->act;
    if (!a->open)
        return;
    if (a->nested > 0)
        a->nested--;
    else
        a->open = false;
    store_rollback(st);
}

/* ---- the head outside the file --------------------------------------------------------- */

/* $XDG_STATE_HOME/ophamp/heads/ID-WHERE, else ~/.local/state/ophamp/heads/ID-WHERE: ID the
 * database's own id, WHERE a hash of the file's full path. A copy of the file (a backup, with
 * the same id) elsewhere has a head file of its own; a file put back in the same place
 * (an older copy restored over it, a log cut back) meets the head its path last had. False
 * when there is no home or the database has no id. */
bool log_head_path(struct store *st, char *out, size_t outsz)
{
    if (!st->database_id[0])
        return false;
    if (!st->head_where[0]) {
        char full[PATH_MAX];
        if (!realpath(st->path, full))
            return false;
        struct sha256_ctx h;
        char hex[LOG_HASH_HEX + 1];
        sha256_init(&h);
        log_hash_field(&h, full, strlen(full));
        log_hash_hex(&h, hex);
        snprintf(st->head_where, sizeof st->head_where, "%.16s", hex);
    }
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(out, outsz, "%s/ophamp/heads/%s-%s", xdg, st->database_id, st->head_where);
    else if (home && home[0] == '/')
        n = snprintf(out, outsz, "%s/.local/state/ophamp/heads/%s-%s", home, st->database_id,
                     st->head_where);
    else
        return false;
    return n > 0 && (size_t)n < outsz;
}

static void make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        (void)mkdir(path, 0700);
        *p = '/';
    }
}

/* The head file's text: "head N HASH" then "lost N HASH WHEN" lines. 1, 0 (empty), -1. */
static int head_parse(const char *text, struct log_head_file *out)
{
    memset(out, 0, sizeof *out);
    if (!*text)
        return 0;
    long long id;
    char hash[LOG_HASH_HEX + 2], at[40];
    if (sscanf(text, "head %lld %65s", &id, hash) != 2 || strlen(hash) != LOG_HASH_HEX)
        return -1;
    out->head.id = id;
    memcpy(out->head.hash, hash, LOG_HASH_HEX + 1);
    for (const char *p = strchr(text, '\n'); p && p[1] && out->n_lost < LOG_LOST_MAX;
         p = strchr(p + 1, '\n')) {
        struct log_lost *l = &out->lost[out->n_lost];
        if (sscanf(p + 1, "lost %lld %65s %39s", &id, hash, at) == 3 &&
            strlen(hash) == LOG_HASH_HEX) {
            l->head.id = id;
            memcpy(l->head.hash, hash, LOG_HASH_HEX + 1);
            text_copy(l->noticed, sizeof l->noticed, at);
            out->n_lost++;
        }
    }
    return 1;
}

#define HEAD_FILE_MAX (128 + LOG_LOST_MAX * 160)

int log_head_read(const char *path, struct log_head_file *out)
{
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) /* none, or another account's (their HOME): not this account's to check */
        return errno == ENOENT || errno == EACCES || errno == EPERM ? 0 : -1;
    char text[HEAD_FILE_MAX + 1];
    ssize_t n = read(fd, text, HEAD_FILE_MAX);
    close(fd);
    if (n < 0)
        return -1;
    text[n] = '\0';
    return head_parse(text, out);
}

int log_head_contained(struct store *st, const struct log_head *h)
{
    struct oph_error ignored;
    sqlite3_stmt *s =
        store_stmt(st, Q_LOG_HASH_OF, "SELECT hash FROM log_actions WHERE id = ?1", &ignored);
    if (!s)
        return -1;
    int found = -1;
    sqlite3_bind_int64(s, 1, h->id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *hash = (const char *)sqlite3_column_text(s, 0);
        found = hash && strcmp(hash, h->hash) == 0;
    } else if (rc == SQLITE_DONE) {
        found = 0;
    }
    sqlite3_reset(s);
    return found;
}

/* After a commit: the new head, and every head seen before that the log no longer holds
 * (a log cut back; a restored backup does this too), so that an ophamp write cannot wipe
 * the trace. Best effort: the action is saved whatever happens here. */
/* After a commit: the new head, and every head seen before that the log no longer holds
 * (a log cut back; a restored backup does this too), so that an ophamp write cannot wipe
 * the trace. Written in place through a descriptor kept open (a rename per action made the
 * file system flush the new file every time); best effort: the action is saved whatever
 * happens here. */
void log_head_write(struct store *st)
{
    if (!st->head_pending)
        return;
    st->head_pending = false;
    if (st->head_fd < 0) {
        char path[4096];
        if (st->head_fd == -2 || !log_head_path(st, path, sizeof path)) {
            st->head_fd = -2; /* nowhere to keep it: not tried again */
            return;
        }
        make_dirs(path);
        st->head_fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (st->head_fd < 0) {
            st->head_fd = -2;
            return;
        }
    }
    char text[HEAD_FILE_MAX + 1];
    ssize_t got = pread(st->head_fd, text, HEAD_FILE_MAX, 0);
    text[got > 0 ? got : 0] = '\0';
    struct log_head_file old;
    int had = head_parse(text, &old);
    if (had == 1 && log_head_contained(st, &old.head) == 0 && old.n_lost < LOG_LOST_MAX) {
        struct log_lost *l = &old.lost[old.n_lost++];
        l->head = old.head;
        now_iso(l->noticed);
    }
    int n = snprintf(text, sizeof text, "head %lld %s\n", (long long)st->head.id, st->head.hash);
    for (int i = 0; had == 1 && i < old.n_lost && n < (int)sizeof text - 160; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, "lost %lld %s %s\n",
                      (long long)old.lost[i].head.id, old.lost[i].head.hash, old.lost[i].noticed);
    if (pwrite(st->head_fd, text, (size_t)n, 0) == n && got > n)
        (void)!ftruncate(st->head_fd, n);
}

int store_log_head(struct store *st, struct log_head *out, struct oph_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT id, hash FROM log_actions ORDER BY id DESC LIMIT 1",
                                -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        col_text(s, 1, out->hash, sizeof out->hash);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading the log");
}

/* ---- reading the log ----------------------------------------------------------------- */

void log_read_action(sqlite3_stmt *s, struct log_action *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(s, 0);
    col_text(s, 1, a->at, sizeof a->at);
    a->actor_id = sqlite3_column_int64(s, 2);
    col_text(s, 3, a->actor, sizeof a->actor);
    col_text(s, 4, a->os_user, sizeof a->os_user);
    col_text(s, 5, a->what, sizeof a->what);
    a->case_id = sqlite3_column_int64(s, 6);
    col_text(s, 7, a->case_ref, sizeof a->case_ref);
    a->first_change = sqlite3_column_int64(s, 8);
    a->last_change = sqlite3_column_int64(s, 9);
    col_text(s, 10, a->prev_hash, sizeof a->prev_hash);
    col_text(s, 11, a->hash, sizeof a->hash);
}

int store_log_list(struct store *st, const char *case_ref, long limit, log_action_cb cb, void *ctx,
                   struct oph_error *err)
{
    sqlite3_stmt *s =
        case_ref ? store_stmt(st, Q_LOG_LIST_CASE,
                              "SELECT " LOG_ACTION_COLS " FROM log_actions a "
                              "LEFT JOIN cases c ON c.id = a.case_id "
                              "WHERE a.case_id = (SELECT id FROM cases WHERE reference = ?1 "
                              "OR uuid = ?1) ORDER BY a.id DESC LIMIT ?2",
                              err)
                 : store_stmt(st, Q_LOG_LIST_ALL,
                              "SELECT " LOG_ACTION_COLS " FROM log_actions a "
                              "LEFT JOIN cases c ON c.id = a.case_id "
                              "ORDER BY a.id DESC LIMIT ?2",
                              err);
    if (!s)
        return -1;
    if (case_ref)
        sqlite3_bind_text(s, 1, case_ref, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
    int rc;
    struct log_action a;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        log_read_action(s, &a);
        if (cb(ctx, &a)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading the log");
}

int store_log_changes(struct store *st, const struct log_action *a, log_change_cb cb, void *ctx,
                      struct oph_error *err)
{
    /* A statement of its own, not the cache: cb may read other changes meanwhile. */
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(
        st->db, LOG_CHANGES_SELECT " WHERE id BETWEEN ?1 AND ?2 ORDER BY id", -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, a->first_change);
        sqlite3_bind_int64(s, 2, a->last_change);
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            struct log_change c = {
                .id = sqlite3_column_int64(s, 0),
                .tbl = (const char *)sqlite3_column_text(s, 2),
                .row_key = (const char *)sqlite3_column_text(s, 3),
                .op = (const char *)sqlite3_column_text(s, 4),
                .old_values = (const char *)sqlite3_column_text(s, 5),
                .new_values = (const char *)sqlite3_column_text(s, 6),
            };
            if (cb(ctx, &c)) {
                rc = SQLITE_DONE;
                break;
            }
        }
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading the log");
}

/* ---- a case's own actions ------------------------------------------------------------ */

/* The timeline kind a table's rows make (welfare contacts, victim updates, …), or -1. */
static int timeline_kind_of(const char *tbl)
{
    static const char *const tables[TL_COUNT] = {
        [TL_WELFARE] = "welfare_contacts",
        [TL_VICTIM_UPDATE] = "victim_updates",
        [TL_DECISION] = "decisions",
        [TL_NOTE] = "notes",
    };
    for (int k = 0; k < TL_COUNT; k++)
        if (strcmp(tables[k], tbl) == 0)
            return k;
    return -1;
}

/* Whose a change is: the timeline entry it put in, the evidence item it changed, the
 * follow-up it completed. */
static void attribute(struct case_detail *c, int64_t action, const char *tbl, int64_t key,
                      const char *op, const char *new_values)
{
    int kind = timeline_kind_of(tbl);
    if (kind >= 0 && strcmp(op, "insert") == 0) {
        for (int i = 0; i < c->n_timeline; i++)
            if (c->timeline[i].kind == (enum timeline_kind)kind && c->timeline[i].id == key)
                c->timeline[i].by_action = action;
    } else if (strcmp(tbl, "evidence_items") == 0) {
        for (int i = 0; i < c->n_evidence; i++)
            if (c->evidence[i].id == key)
                c->evidence[i].by_action = action;
    } else if (strcmp(tbl, "followups") == 0 && new_values) {
        struct fj_member m;
        if (!fj_find(new_values, strlen(new_values), "status", &m))
            return;
        bool finished = (m.value_len == 6 && memcmp(m.value, "\"done\"", 6) == 0) ||
                        (m.value_len == 16 && memcmp(m.value, "\"not-applicable\"", 16) == 0);
        for (int i = 0; finished && i < c->n_followups; i++)
            if (c->followups[i].id == key)
                c->followups[i].by_action = action;
    }
}

int store_case_load_log(struct store *st, struct case_detail *c, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_LOG_CASE,
                                 "SELECT a.id, a.at, a.actor, p.number, a.what, x.tbl, "
                                 "x.row_key, x.op, x.new_values "
                                 "FROM log_actions a LEFT JOIN people p ON p.id = a.actor_id "
                                 "LEFT JOIN log_changes x "
                                 "ON x.id BETWEEN a.first_change AND a.last_change "
                                 "WHERE a.case_id = ?1 ORDER BY a.id, x.id",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, c->id);
    int rc, cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        if (c->n_actions == 0 || c->actions[c->n_actions - 1].id != id) {
            if (c->n_actions == cap) {
                cap = cap ? 2 * cap : 16;
                struct case_action *grown = realloc(c->actions, (size_t)cap * sizeof *grown);
                if (!grown) {
                    sqlite3_reset(s);
                    return oph_fail(err, OPH_DB, "out of memory reading the case's log");
                }
                c->actions = grown;
            }
            struct case_action *a = &c->actions[c->n_actions++];
            memset(a, 0, sizeof *a);
            a->id = id;
            col_text(s, 1, a->at, sizeof a->at);
            col_text(s, 2, a->actor, sizeof a->actor);
            col_text(s, 3, a->actor_number, sizeof a->actor_number);
            col_text(s, 4, a->what, sizeof a->what);
        }
        const char *tbl = (const char *)sqlite3_column_text(s, 5);
        const char *op = (const char *)sqlite3_column_text(s, 7);
        if (tbl && op)
            attribute(c, id, tbl, sqlite3_column_int64(s, 6), op,
                      (const char *)sqlite3_column_text(s, 8));
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading the case's log");
}
