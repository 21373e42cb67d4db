/* The store's reading for exports: streamed statements over many cases. Each calls back once
 * a row while the statement runs, so memory does not grow with the number of cases; the
 * text pointers of a row are valid only during its callback. A callback returning non-zero
 * stops the reading (and that value is returned). */
#ifndef OPHAMP_STORE_EXPORT_H
#define OPHAMP_STORE_EXPORT_H

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
};
typedef int (*due_item_cb)(void *ctx, const struct due_item *d);
/* The due items of the selected cases, soonest first. */
int store_due_items(struct store *st, enum export_select sel, int64_t case_id, due_item_cb cb,
                    void *ctx, struct oph_error *err);
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
