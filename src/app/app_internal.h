/* Private to the actions: the pieces app.c shares with the other actions of src/app (demo
 * data, imports), so that a case made any way goes through the same rules and is saved the
 * same way. */
#ifndef OPHAMP_APP_INTERNAL_H
#define OPHAMP_APP_INTERNAL_H

#include "ophamp/app.h"
#include "ophamp/workflow.h"

/* The rules, calendar, clock and actor the engine counts with. */
struct plan_ctx plan_of(const struct app *app);

/* After store_action_begin: app->signature from the open action's signer, for the steps
 * the action completes (plan_of's actor). */
void app_sign(struct app *app);

/* Every action runs between app_begin() and app_finish(): one action of the log, signed by the
 * named user and described by `what` ("step done crime"); committed on success, rolled back
 * otherwise. Refused while nobody is named. app_finish returns rc, or -1 when the commit
 * fails. */
int app_begin(struct app *app, struct oph_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int app_finish(struct app *app, int rc, struct oph_error *err);

/* The case with this reference, as typed, loaded into c (store_case_load), and named as the
 * open action's case; "no case REF" when there is none. */
int app_load_case(struct app *app, const char *ref, struct case_detail *c, struct oph_error *err);
/* The same in a record of its own on the heap (case_detail_free it), or NULL when it cannot be
 * loaded (err says why; nothing to free). */
struct case_detail *app_load_case_new(struct app *app, const char *ref, struct oph_error *err);
/* The person with this staff number; `what` ("victim", "supervisor") names them in the
 * refusal when there is none. */
int app_find_person(struct app *app, const char *what, const char *number, struct person *p,
                    struct oph_error *err);

/* A time the user gave for something that happened in this case: not in the future, not
 * before the assault. */
int check_event_time(const char *field, oph_time at, const struct case_detail *c, oph_time now,
                     struct oph_error *err);

/* Appends a timeline entry to the case in memory (saved by app_case_save_new). */
struct timeline_entry *app_timeline_push(struct case_detail *c, enum timeline_kind kind,
                                         oph_time at, const char *label, const char *text);

/* A new case's plan, in memory: its seven steps and first follow-ups (wf_start), and the
 * arrest as a decision when the facts hold one. closed_already: a case recorded closed after
 * the fact (see plan_ctx). */
void app_case_plan_start(struct app *app, struct case_detail *c, bool closed_already);

/* Saves a case built in memory that is not in the database yet: a UUID and the next reference
 * of its reporting year when it has none, the case row as it stands (role holders, outcome,
 * closing), its timeline, steps, follow-ups and evidence. Inside the caller's transaction. */
int app_case_save_new(struct app *app, struct case_detail *c, int64_t victim_id,
                      int64_t supervisor_id, const int64_t *role_ids, struct oph_error *err);

/* Saves the items the engine created (id 0) or changed (dirty) of a loaded case (one saved
 * already). */
int app_save_items(struct app *app, struct case_detail *c, struct oph_error *err);
/* Due times of open cases follow the rules: every open case with a pending item of rule key
 * (NULL: of every working-day rule) is worked out again. */
int app_recompute_open_cases(struct app *app, const char *key, struct oph_error *err);
/* The bank-holiday changes read again into the app's calendar. */
int app_reload_calendar(struct app *app, struct oph_error *err);

#endif
