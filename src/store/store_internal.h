/* Private to the store: the handle, its statement cache and binding helpers. */
#ifndef OPHAMP_STORE_INTERNAL_H
#define OPHAMP_STORE_INTERNAL_H

#include <nettle/sha2.h>
#include <sqlite3.h>

#include "ophamp/store.h"

/* A follow-up's (alias f) or evidence item's (alias e) number in its case (struct followup's
 * number): how many of the case's items have an id up to its own, read from the case's
 * index. */
#define FOLLOWUP_NUMBER_OF_F                                                                       \
    "(SELECT count(*) FROM followups n WHERE n.case_id = f.case_id AND n.id <= f.id)"
#define EVIDENCE_NUMBER_OF_E                                                                       \
    "(SELECT count(*) FROM evidence_items n WHERE n.case_id = e.case_id AND n.id <= e.id)"

/* Every statement the store runs has an id here; it is prepared once, on first use. */
/* clang-format off */
enum stmt_id {
    Q_BEGIN, Q_COMMIT, Q_ROLLBACK, Q_SAVEPOINT, Q_RELEASE, Q_ROLLBACK_TO, Q_PERSON_INSERT,
    Q_PERSON_UPDATE, Q_PERSON_BY_NUMBER, Q_PERSON_LIST, Q_PERSON_SEARCH, Q_RULES_LOAD,
    Q_RULE_UPDATE, Q_RULE_INSERT, Q_RULE_REMOVE, Q_CASE_REVIEW, Q_HOLIDAYS_LOAD, Q_HOLIDAY_SET,
    Q_HOLIDAY_DELETE, Q_CASE_MAX_REF, Q_CASE_INSERT, Q_CASE_UPDATE, Q_CASE_ROLE_0, Q_CASE_ROLE_1,
    Q_CASE_ROLE_2, Q_CASE_ROLE_3, Q_CASE_ROLE_4, Q_CASE_OUTCOME, Q_CASE_CLOSE, Q_CASE_LOAD,
    Q_CASE_ROLES, Q_STEPS_LOAD, Q_FOLLOWUPS_LOAD, Q_EVIDENCE_LOAD, Q_TIMELINE_LOAD, Q_STEP_INSERT,
    Q_STEP_UPDATE, Q_FOLLOWUP_INSERT, Q_FOLLOWUP_UPDATE, Q_EVIDENCE_INSERT, Q_EVIDENCE_UPDATE,
    Q_WELFARE_INSERT, Q_VICTIM_UPDATE_INSERT, Q_DECISION_INSERT, Q_NOTE_INSERT,
    Q_OPEN_CASES_WITH_RULE, Q_CASE_EXISTS, Q_CASE_EACH_ALL, Q_CASE_EACH_OPEN, Q_CASE_FIND,
    Q_LIST_0, /* case list variants follow: Q_LIST_0 + variant */
    Q_LIST_LAST = Q_LIST_0 + 63,
    Q_LIST_COUNT_0, /* the list's count: Q_LIST_COUNT_0 + kind * 4 + custody * 2 + search */
    Q_LIST_COUNT_LAST = Q_LIST_COUNT_0 + 19,
    Q_STEPS_INSERT_ALL, /* a new case's seven steps in one statement */
    Q_FOLLOWUPS_INSERT_1, /* n follow-ups in one statement: Q_FOLLOWUPS_INSERT_1 + n - 1 */
    Q_FOLLOWUPS_INSERT_LAST = Q_FOLLOWUPS_INSERT_1 + 15,
    Q_EVIDENCE_INSERT_1, /* the same for evidence items */
    Q_EVIDENCE_INSERT_LAST = Q_EVIDENCE_INSERT_1 + 15,
    Q_TIMELINE_INSERT_0, /* and timeline entries: + kind * 16 + n - 1 */
    Q_TIMELINE_INSERT_LAST = Q_TIMELINE_INSERT_0 + 4 * 16 - 1,
    Q_REMIND, Q_CASE_ID, Q_LIST_ROWS_ALL, Q_LIST_ROWS_OPEN, Q_LIST_ROWS_ONE, Q_DUE_ITEMS_ALL,
    Q_DUE_ITEMS_OPEN, Q_DUE_ITEMS_ONE, Q_FINISHED_ALL, Q_FINISHED_ONE, Q_ITEM_HISTORY,
    Q_LOG_MULTI_CASE, Q_CASE_ITEMS, Q_REPORT_READ, Q_REPORT_END, Q_REPORT_RANGE, Q_REPORT_CASES,
    Q_REPORT_STEPS, Q_REPORT_PENDING_STEPS, Q_REPORT_FOLLOWUPS, Q_REPORT_FIRST,
    Q_REPORT_RIDDOR, Q_REPORT_EVIDENCE, Q_REPORT_PEOPLE, Q_REPORT_OVERDUE_STEP,
    Q_REPORT_OVERDUE_FOLLOWUP, Q_REPORT_OVERDUE_EVIDENCE,
    /* case bundles (import_bundle.c): JSON read through SQLite, whole-case rewrites */
    Q_JSON_TYPE, Q_JSON_READ, Q_JSON_ITER, Q_CASE_REWRITE, Q_CLEAR_FOLLOWUPS, Q_CLEAR_EVIDENCE,
    Q_CLEAR_WELFARE, Q_CLEAR_VICTIM_UPDATES, Q_CLEAR_DECISIONS, Q_CLEAR_NOTES,
    /* the log (log.c) */
    Q_PERSON_BY_ID, Q_LOG_CHANGES_FROM, Q_LOG_ACTION_INSERT, Q_LOG_LIST_ALL, Q_LOG_LIST_CASE,
    Q_LOG_CASE, Q_LOG_MAX_ACTION, Q_LOG_MAX_CHANGE, Q_LOG_LAST_HASH, Q_LOG_LEGACY_HASH,
    Q_LOG_HASH_OF, Q_SETTING_GET,
    /* the list's other orders and one's own cases (lists_sort.c): the variants of each */
    Q_SORT_SET_0, Q_SORT_SET_LAST = Q_SORT_SET_0 + 1119,
    Q_SORT_WALK_0, Q_SORT_WALK_LAST = Q_SORT_WALK_0 + 15,
    Q_SORT_PART_0, Q_SORT_PART_LAST = Q_SORT_PART_0 + 15,
    Q_SORT_COUNT_0, Q_SORT_COUNT_LAST = Q_SORT_COUNT_0 + 19,
    /* undo (undo.c) */
    Q_UNDO_ACTION, Q_UNDO_UNDONE, Q_UNDO_ROW_OF, Q_UNDO_COLUMNS,
    STMT_COUNT
};
/* clang-format on */

/* The action open on a connection (log.c): every change is written between its begin and its
 * commit, which appends it to log_actions. */
struct store_action {
    bool open;
    int depth;  /* the store's transaction depth it began at */
    int nested; /* actions begun inside it, which are part of it */
    int64_t id, first_change;
    int64_t case_id;  /* 0: none yet; -1: several cases */
    int64_t actor_id; /* 0: the program itself */
    bool always;      /* logged even when it changed no row */
    char actor[LOG_ACTOR_MAX];
    char what[LOG_WHAT_MAX];
};

/* What a transaction knows of a year's references (store_case_free_reference). */
#define STORE_REF_HINTS 4
struct ref_hint {
    int year;
    int next; /* every number below it is taken; 0: slot unused */
};

struct store {
    sqlite3 *db;
    sqlite3_stmt *stmts[STMT_COUNT];
    int depth;      /* transaction nesting: savepoints inside the outermost BEGIN */
    bool beginning; /* store_begin is starting one (a failure then is a save's) */
    bool keep_ids;  /* item inserts keep the struct's id when it is free (imports) */
    char path[4096];
    struct ref_hint ref_hints[STORE_REF_HINTS];
    unsigned ref_hint_turn;
    struct store_action act;
    struct log_head head;     /* the last action this connection wrote */
    bool head_pending;        /* written to the log, not yet to the head file */
    char database_id[40];     /* settings.database_id: names the head file */
    char head_where[20];      /* and a hash of the file's full path (log.c) */
    int head_fd;              /* the head file, open once written; -1 not yet, -2 not to be */
    char schema_problem[256]; /* why the file's schema is not ours: no writes then */
};

/* Forgets what the transaction knew of references (its end, or a rollback). */
void store_forget_reference_hints(struct store *st);

/* The cached statement, reset and unbound, or NULL with err set. */
sqlite3_stmt *store_stmt(struct store *st, enum stmt_id id, const char *sql, struct oph_error *err);
/* Refuses a path that is or passes through a symbolic link, naming where it leads. -1. */
int store_refuse_link(const char *path, struct oph_error *err);
/* Turns the connection's last error into one clear line. Returns -1. */
int store_fail(struct store *st, int rc, struct oph_error *err, const char *doing);
/* Steps a statement that returns no row. */
int store_exec_stmt(struct store *st, sqlite3_stmt *s, struct oph_error *err, const char *doing);

int bind_text(sqlite3_stmt *s, int i, const char *v); /* "" becomes NULL */
int bind_time(sqlite3_stmt *s, int i, oph_time t);    /* OPH_NO_TIME becomes NULL */
int bind_vocab(sqlite3_stmt *s, int i, const struct vocab *v, int value); /* -1: NULL */
int bind_tri(sqlite3_stmt *s, int i, int tri);                            /* TRI_UNKNOWN: NULL */
void col_text(sqlite3_stmt *s, int i, char *out, size_t outsz);

/* An action of the log as the log's readers select it (log.c, undo.c): the columns of
 * log_actions a with its case's reference c, read into a by log_read_action. */
#define LOG_ACTION_COLS                                                                            \
    "a.id, a.at, a.actor_id, a.actor, a.os_user, a.what, a.case_id, c.reference, "                 \
    "a.first_change, a.last_change, a.prev_hash, a.hash"
void log_read_action(sqlite3_stmt *s, struct log_action *a);
oph_time col_time(sqlite3_stmt *s, int i);
int col_vocab(sqlite3_stmt *s, int i, const struct vocab *v); /* NULL or unknown: -1 */
int col_tri(sqlite3_stmt *s, int i);

void store_person_from_row(sqlite3_stmt *s,
                           struct person *p); /* id, name, number, role, rank, team */

/* ---- cases (cases.c, case_load.c, case_items.c) ---- */

/* The columns of a case's facts, bound and read in this order (victim and supervisor ids
 * first). */
#define FACT_COLS                                                                                  \
    "victim_id, supervisor_id, occurred_at, reported_at, location, location_kind, offence, "       \
    "summary, mechanism, injury, body_part, treatment, specified_injury, days_off, off_work, "     \
    "offender_known, arrested_at, thor, crime_reference, referral, enhanced_rights, "              \
    "vps_offered, support_score, died_at"
#define N_FACT_COLS 24
/* Reads the fact columns (FACT_COLS order, victim and supervisor ids skipped) from column
 * `first`. */
void case_read_facts(sqlite3_stmt *s, int first, struct case_facts *f);
/* The case's columns that are neither facts nor role holders nor its status (schema 4): the
 * reason for no arrest, and the review of a decision not to prosecute. */
#define EXTRA_COLS                                                                                 \
    "no_arrest_reason, no_arrest_note, review_until, review_asked_at, review_result, "             \
    "review_decided_at, review_note"
#define N_EXTRA_COLS 7
void case_read_extra(sqlite3_stmt *s, int first, struct case_detail *c);

/* ---- the log (log.c) ---- */

#define LOG_CHANGE_COLUMNS 7
#define LOG_CHANGES_SELECT                                                                         \
    "SELECT id, action_id, tbl, row_key, op, old_values, new_values FROM log_changes"
/* SHA-256 of the log: every field prefixed by its length, NULL told apart from empty. */
void log_hash_field(struct sha256_ctx *h, const void *v, size_t n);
void log_hash_int(struct sha256_ctx *h, int64_t v, bool null);
/* Starts an action's hash: its own fields, then each change (LOG_CHANGES_SELECT's row). */
void log_hash_action_head(struct sha256_ctx *h, const struct log_action *a);
void log_hash_change(struct sha256_ctx *h, sqlite3_stmt *s);
void log_hash_hex(struct sha256_ctx *h, char out[LOG_HASH_HEX + 1]);
void log_fn_action(sqlite3_context *ctx, int argc, sqlite3_value **argv);
int log_last_hash(struct store *st, char out[LOG_HASH_HEX + 1], struct oph_error *err);

#define LOG_LOST_MAX 16
struct log_lost {
    struct log_head head;
    char noticed[40];
};
struct log_head_file {
    struct log_head head;
    struct log_lost lost[LOG_LOST_MAX];
    int n_lost;
};
bool log_head_path(struct store *st, char *out, size_t outsz);
/* 1 read, 0 no file, -1 unreadable or damaged. */
int log_head_read(const char *path, struct log_head_file *out);
/* Whether the log holds this exact action: 1, 0, -1 on error. */
int log_head_contained(struct store *st, const struct log_head *h);
void log_head_write(struct store *st);

/* ---- the derived tables (derived.c) ---- */

/* The unit of a follow-up's group in report_done's follow-up counts (schema.sql's triggers;
 * keep them alike): a field of 12 bits a group, welfare, victim updates and notices, the line
 * managers' duties, RIDDOR reports, the force's own. */
#define FOLLOWUP_UNIT                                                                              \
    "(CASE f.kind WHEN 'welfare' THEN 1 WHEN 'duty' THEN 16777216 WHEN 'riddor' THEN "             \
    "68719476736 WHEN 'force' THEN 281474976710656 ELSE 4096 END)"
#define FOLLOWUP_FIELD_BITS 12
/* report_done's columns: one a step of the plan (VOCAB_STEP's order), then the follow-ups'
 * three counts. */
#define RD_FOLLOWUP_COLS 3
#define RD_COLS (STEP_COUNT + RD_FOLLOWUP_COLS)
/* The name of report_done's column i (0 .. RD_COLS - 1). */
void report_done_column(size_t i, char *out, size_t outsz);
/* report_done filled from the steps and follow-ups (it must be empty), made from the plan's
 * table of steps; sqlite3_free it, NULL when out of memory. */
char *report_done_fill_sql(void);
/* What check reads, a row a case: id, whether report_done has its row, each column of
 * report_done worked out from the steps and follow-ups, whether the case needs a row, each
 * column as report_done holds it, the reference. sqlite3_free it. */
char *report_done_expected_sql(void);
extern const char case_search_fill[];
/* Empties report_done and fills it again, and the search index when asked: an SQLite code,
 * msg as sqlite3_exec sets it. */
int refill_derived(sqlite3 *db, bool search_index, char **msg);

/* ---- opening's upgrades (upgrade.c) ---- */

/* The frozen migrations (migrations/NNN-what.sql, embedded at build time): migration i takes a
 * file from schema i + 1 to i + 2. */
extern const char *const oph_migrations[];
extern const char *const oph_migration_names[];
extern const int oph_migration_count;
/* The schema version of an ophamp database; refuses a newer file and an SQLite file that is
 * not ophamp's, naming it. An empty file is version 0. */
int store_read_version(struct store *st, int *version, struct oph_error *err);
/* Brings the file to this program's schema: a new file made, an older one upgraded, in one
 * action of the program's own; refused on a file that cannot be written. */
int store_migrate(struct store *st, bool writable, struct oph_error *err);
/* sqlite3_exec of several statements: -1 with err ("cannot DOING: …") on failure. */
int store_exec_script(struct store *st, const char *sql, struct oph_error *err, const char *doing);

/* ---- the schema (schema.c) ---- */

enum schema_diff { SCHEMA_MISSING, SCHEMA_ADDED, SCHEMA_CHANGED };
typedef void (*schema_diff_cb)(void *ctx, enum schema_diff d, const char *type, const char *name);
/* Compares a file's schema with schema.sql's objects: calls cb for each difference and
 * returns how many (-1 with err set when the schema cannot be read). full (check): every
 * object counts, the tables SQLite keeps a virtual table's data in included; otherwise (the
 * guard before writing) the declared objects, and no trigger or view of anyone else's. */
int schema_compare(sqlite3 *db, bool full, schema_diff_cb cb, void *ctx, struct oph_error *err);
/* Inside an upgrade's transaction: makes every declared object that is missing or differs,
 * tables rebuilt with their rows, virtual tables refilled by their refill statement. Objects
 * schema.sql does not declare are left as they are. */
struct schema_refill {
    const char *name, *sql;
};
int schema_converge(sqlite3 *db, const struct schema_refill *refills, struct oph_error *err);

/* ---- ophamp check (check.c, check_log.c, check_diff.c, check_derived.c) ---- */

/* Lines listed per kind of problem; the rest are counted. */
#define CHECK_LIST_MAX 1000
/* Buckets of keys for the replay's digests: a difference is looked for key by key only in the
 * buckets whose digests differ. */
#define BUCKETS 16384

/* One connection's part of the check and the problems it found, said in order. */
struct checker {
    struct store *st;
    long problems;
    long listed; /* of the current kind */
    char **lines;
    size_t n_lines, cap_lines;
    const struct check_options *opt;
    int version; /* of the file's schema */
};

/* The tables the log covers (check_log.c). */
#define TABLES_MAX 32

struct covered {
    char name[64];
    char key[64]; /* its primary key column */
    char *select; /* "SELECT CAST(key AS TEXT), json_object(...) FROM name" */
};

struct coverage {
    struct covered t[TABLES_MAX];
    int n;
};

/* A row's state: its table, key and every member that is not null (a column added later,
 * null in the rows logged before, changes nothing), hashed; 4 lanes summed per bucket. */
struct digest {
    uint64_t lane[4];
    int64_t rows;
};

/* A change of the log as the replay sees it: legacy rows carry a negative id. */
struct change_row {
    int64_t ref;
    const char *tbl, *key, *old, *new_;
    size_t old_len, new_len;
};

void check_problem(struct checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ends a kind of problem: says how many more were not listed. */
void check_end_kind(struct checker *c, const char *what);
void check_unreadable(struct checker *c, const char *what, int rc);
void check_progress(struct checker *c, const char *phase, int64_t done, int64_t total);
/* A value of the log or a table, shown in a line: neutralised and cut. */
struct fj_member;
void check_shown(const struct fj_member *m, char *out, size_t outsz);

/* The log (check_log.c): its hashes recomputed and, on schema 4, replayed against the
 * tables; in this connection's read transaction. */
void check_log_replay(struct checker *c, int version, struct check_summary *out);
int check_coverage_find(const struct coverage *cv, const char *name);
uint32_t check_bucket_of(const char *tbl, const char *key);
void check_row_hash(const char *tbl, const char *key, const char *json, size_t len,
                    uint64_t out[4]);
void check_change_from_row(sqlite3_stmt *s, int tbl, struct change_row *ch);
/* Every row of the covered tables (of the buckets marked in only, when given): added to
 * from_db's digests and/or handed to each. */
void check_digest_tables(
    struct checker *c, const struct coverage *cv, struct digest *from_db, const uint8_t *only,
    void (*each)(void *ctx, int t, const char *key, const char *json, size_t len), void *ctx);
/* Where the digests differ, each row named (check_diff.c). */
void check_find_differences(struct checker *c, const struct coverage *cv,
                            const struct digest *from_log, const struct digest *from_db);
/* The derived tables (check_derived.c). */
void check_report_done(struct checker *c);
void check_case_search(struct checker *c);

#endif
