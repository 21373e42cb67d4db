/* Private to the store: the handle, its statement cache and binding helpers. */
#ifndef OPHAMP_STORE_INTERNAL_H
#define OPHAMP_STORE_INTERNAL_H

#include <sqlite3.h>

#include "ophamp/store.h"

/* Every statement the store runs has an id here; it is prepared once, on first use. */
enum stmt_id {
    Q_BEGIN, Q_COMMIT, Q_ROLLBACK, Q_SAVEPOINT, Q_RELEASE, Q_ROLLBACK_TO,
    Q_PERSON_INSERT, Q_PERSON_UPDATE, Q_PERSON_BY_NUMBER, Q_PERSON_LIST, Q_PERSON_SEARCH,
    Q_RULES_LOAD, Q_RULE_UPDATE, Q_HOLIDAYS_LOAD, Q_HOLIDAY_SET, Q_HOLIDAY_DELETE,
    Q_CASE_MAX_REF, Q_CASE_INSERT, Q_CASE_UPDATE, Q_CASE_ROLE_0, Q_CASE_ROLE_1, Q_CASE_ROLE_2,
    Q_CASE_ROLE_3, Q_CASE_ROLE_4, Q_CASE_OUTCOME, Q_CASE_CLOSE, Q_CASE_LOAD, Q_CASE_ROLES,
    Q_STEPS_LOAD, Q_FOLLOWUPS_LOAD, Q_EVIDENCE_LOAD, Q_TIMELINE_LOAD,
    Q_STEP_INSERT, Q_STEP_UPDATE, Q_FOLLOWUP_INSERT, Q_FOLLOWUP_UPDATE, Q_EVIDENCE_INSERT,
    Q_EVIDENCE_UPDATE, Q_WELFARE_INSERT, Q_VICTIM_UPDATE_INSERT, Q_DECISION_INSERT,
    Q_NOTE_INSERT, Q_OPEN_CASES_WITH_RULE, Q_CASE_EXISTS, Q_CASE_EACH_ALL, Q_CASE_EACH_OPEN,
    Q_CASE_FIND,
    Q_LIST_0, /* case list variants follow: Q_LIST_0 + variant */
    Q_LIST_LAST = Q_LIST_0 + 63,
    Q_REMIND,
    Q_CASE_ID, Q_LIST_ROWS_ALL, Q_LIST_ROWS_OPEN, Q_LIST_ROWS_ONE, Q_DUE_ITEMS_ALL,
    Q_DUE_ITEMS_OPEN, Q_DUE_ITEMS_ONE,
    Q_REPORT_READ, Q_REPORT_END, Q_REPORT_RANGE, Q_REPORT_CASES, Q_REPORT_STEPS,
    Q_REPORT_PENDING_STEPS, Q_REPORT_FOLLOWUPS, Q_REPORT_FIRST,
    /* case bundles (import_bundle.c): JSON read through SQLite, whole-case rewrites */
    Q_JSON_TYPE, Q_JSON_READ, Q_JSON_ITER, Q_CASE_REWRITE, Q_CLEAR_FOLLOWUPS, Q_CLEAR_EVIDENCE,
    Q_CLEAR_WELFARE, Q_CLEAR_VICTIM_UPDATES, Q_CLEAR_DECISIONS, Q_CLEAR_NOTES,
    STMT_COUNT
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
    int depth; /* transaction nesting: savepoints inside the outermost BEGIN */
    bool beginning; /* store_begin is starting one (a failure then is a save's) */
    bool keep_ids; /* item inserts keep the struct's id when it is free (imports) */
    char path[4096];
    struct ref_hint ref_hints[STORE_REF_HINTS];
    unsigned ref_hint_turn;
};

/* Forgets what the transaction knew of references (its end, or a rollback). */
void store_forget_reference_hints(struct store *st);

/* The cached statement, reset and unbound, or NULL with err set. */
sqlite3_stmt *store_stmt(struct store *st, enum stmt_id id, const char *sql,
                         struct oph_error *err);
/* Turns the connection's last error into one clear line. Returns -1. */
int store_fail(struct store *st, int rc, struct oph_error *err, const char *doing);
/* Steps a statement that returns no row. */
int store_exec_stmt(struct store *st, sqlite3_stmt *s, struct oph_error *err,
                    const char *doing);

int bind_text(sqlite3_stmt *s, int i, const char *v);     /* "" becomes NULL */
int bind_time(sqlite3_stmt *s, int i, oph_time t);        /* OPH_NO_TIME becomes NULL */
int bind_vocab(sqlite3_stmt *s, int i, const struct vocab *v, int value); /* -1: NULL */
int bind_tri(sqlite3_stmt *s, int i, int tri);            /* TRI_UNKNOWN: NULL */
void col_text(sqlite3_stmt *s, int i, char *out, size_t outsz);
oph_time col_time(sqlite3_stmt *s, int i);
int col_vocab(sqlite3_stmt *s, int i, const struct vocab *v); /* NULL or unknown: -1 */
int col_tri(sqlite3_stmt *s, int i);

#endif
