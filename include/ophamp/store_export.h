/* The store's reading for exports: streamed statements over many cases. Each calls back once
 * a row while the statement runs, so memory does not grow with the number of cases; the
 * text pointers of a row are valid only during its callback. A callback returning non-zero
 * stops the reading (and that value is returned). */
#ifndef OPHAMP_STORE_EXPORT_H
#define OPHAMP_STORE_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "ophamp/store.h"

/* Which cases are read: every case, the open ones, or one (by its id). */
enum export_select { EXPORT_SELECT_ALL, EXPORT_SELECT_OPEN, EXPORT_SELECT_ONE };

/* A case's id from its reference or UUID: 1 found, 0 no such case, -1 error. */
int store_case_id(struct store *st, const char *ref, int64_t *id, struct oph_error *err);

/* One row of the case list export: a case's facts, its people's numbers and its seven steps,
 * read by one statement. Text is as stored (NULL when nothing is recorded); vocabulary
 * columns hold their words. */
struct case_list_step {
    int status;               /* enum item_status; -1 when the case has no such step */
    oph_time due_at, done_at; /* OPH_NO_TIME when none */
};
struct case_list_row {
    const char *reference, *uuid, *status;
    const char *victim_name, *victim_number, *victim_role, *victim_rank, *victim_team;
    const char *role_number[CROLE_COUNT]; /* indexed by enum case_role */
    oph_time occurred_at, reported_at;
    const char *location, *location_kind, *offence, *summary, *mechanism, *injury, *body_part,
        *treatment;
    int specified_injury, off_work; /* 0 or 1 */
    int days_off;
    int offender_known; /* enum tri */
    oph_time arrested_at;
    const char *thor, *crime_reference, *referral;
    int enhanced_rights, vps_offered; /* enum tri */
    const char *outcome;
    oph_time outcome_at, closed_at;
    int support_score; /* 0 when not asked */
    struct case_list_step steps[STEP_COUNT];
    int64_t id; /* the case's row id (store_case_items) */
};
/* The case list's fact columns (ophamp(1), "CSV"), in order: the only place a column's name
 * lives. The store reads each (its SQL) into its field of struct case_list_row (off), the
 * export writes it from there by its kind, and the importer matches the header against its
 * name and knows it by its field (off). Four columns a step follow them:
 * <code>_status, _due_at, _done_at, _on_time. Adding a column: docs/ARCHITECTURE.md. */
enum case_column_kind {
    CCK_TEXT,   /* const char *, as stored */
    CCK_FREE,   /* const char *, free text: left out when redacting */
    CCK_PERSON, /* const char *, a name or staff number: the pseudonym of number_off's */
    CCK_TIME,   /* oph_time */
    CCK_FLAG,   /* int 0 or 1: yes, no */
    CCK_TRI,    /* int, enum tri: yes, no or empty */
    CCK_NUMBER, /* int */
    CCK_SCORE   /* int: empty when 0 (not asked) */
};
struct case_column {
    const char *name; /* as export writes it and import reads it */
    const char *sql;  /* what the store's statement reads (c: cases, v: the victim) */
    enum case_column_kind kind;
    size_t off;        /* the field of struct case_list_row */
    size_t number_off; /* CCK_PERSON: the staff number's field */
};
#define CASE_FACT_COLUMNS 37
extern const struct case_column CASE_COLUMNS[CASE_FACT_COLUMNS];

/* A column's field of a row, by its kind. */
static inline const char *case_column_text(const struct case_list_row *r, size_t off)
{
    return *(const char *const *)(const void *)((const char *)r + off);
}
static inline int case_column_int(const struct case_list_row *r, size_t off)
{
    return *(const int *)(const void *)((const char *)r + off);
}
static inline oph_time case_column_time(const struct case_list_row *r, size_t off)
{
    return *(const oph_time *)(const void *)((const char *)r + off);
}
typedef int (*case_list_row_cb)(void *ctx, const struct case_list_row *r);
/* The cases in the order they occurred (then as logged). case_id: for EXPORT_SELECT_ONE. */
int store_case_list_rows(struct store *st, enum export_select sel, int64_t case_id,
                         case_list_row_cb cb, void *ctx, struct oph_error *err);

/* A pending step, pending follow-up or requested evidence item of a case, with what a
 * calendar entry needs. */
struct due_item {
    const char *reference, *uuid;
    enum due_kind kind;
    int64_t item_id;   /* the follow-up's or evidence item's id; 0 for a step */
    const char *key;   /* its rule: the step's code, the follow-up's rule, evidence-<kind> */
    const char *label; /* "step crime", "follow-up welfare-72h #3", "evidence photos #2" */
    oph_time due_at;
    const char *victim_name, *victim_number, *location;
    /* For a finished item (store_finished_items): its status as stored and when it was done,
     * marked not applicable or (evidence) last changed; NULL and OPH_NO_TIME while due. */
    const char *status;
    oph_time done_at;
};
typedef int (*due_item_cb)(void *ctx, const struct due_item *d);
/* The due items of the selected cases, soonest first. */
int store_due_items(struct store *st, enum export_select sel, int64_t case_id, due_item_cb cb,
                    void *ctx, struct oph_error *err);
/* The items finished at or after `since` (a step or follow-up done or not applicable, an
 * evidence item no longer requested, by its done_at or, for evidence, updated_at), of the
 * selected cases: EXPORT_SELECT_ALL and _OPEN read the open cases and those closed at or after
 * since (a case closed earlier has no item finished later), through their indexes. lead >= 0:
 * only those due at most lead seconds after they finished. */
int store_finished_items(struct store *st, enum export_select sel, int64_t case_id, oph_time since,
                         oph_time lead, due_item_cb cb, void *ctx, struct oph_error *err);

/* What the log says of one item's calendar entry: how often its due time, status or rule
 * changed since it was made, and when the last of those changes (or its making) was logged.
 * Read from the actions of its case only (index log_actions_case): a change made by an
 * action of many cases (a rule or bank-holiday change) is not seen here; see
 * store_log_multi_case. */
struct item_history {
    long changes;
    oph_time last_at; /* the log's time of that change; OPH_NO_TIME when none is logged */
};
/* The item by its case's UUID, its kind, its id (follow-up, evidence) or step code (key). */
int store_item_history(struct store *st, const char *uuid, enum due_kind kind, int64_t item_id,
                       const char *key, struct item_history *h, struct oph_error *err);
/* The actions of many cases that changed steps, follow-ups or evidence items (rule and
 * bank-holiday changes, repairs): how many, and the log's time of the last (OPH_NO_TIME when
 * none). Reads every action's row once. */
int store_log_multi_case(struct store *st, struct item_history *h, struct oph_error *err);

/* A step, follow-up or evidence item of one case, for the spreadsheet's item sheet. */
struct case_item {
    enum due_kind kind;
    int64_t id;         /* the follow-up's or evidence item's id; 0 for a step */
    const char *what;   /* the step's code, the follow-up's rule, the evidence's kind */
    const char *status; /* as stored */
    oph_time due_at;
    oph_time done_at; /* done or not applicable; evidence: last changed unless requested */
    const char *done_by, *reason, *note, *ref; /* as stored, NULL when none */
};
typedef int (*case_item_cb)(void *ctx, const struct case_item *it);
/* A case's steps in plan order, then its follow-ups and evidence items in the order made. */
int store_case_items(struct store *st, int64_t case_id, case_item_cb cb, void *ctx,
                     struct oph_error *err);

#endif
