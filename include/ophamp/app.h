/* The actions every front end calls: each checks the seven-point plan's rules (core), writes
 * through the store in one transaction and recomputes the due times that depend on what
 * changed. Front ends never speak SQL and never re-implement a rule. */
#ifndef OPHAMP_APP_H
#define OPHAMP_APP_H

#include <stdbool.h>

#include "ophamp/calendar.h"
#include "ophamp/error.h"
#include "ophamp/plan.h"
#include "ophamp/record.h"
#include "ophamp/store.h"
#include "ophamp/worklist.h"

struct app {
    struct store *store;
    struct rule_set rules;
    struct holiday_override *holidays;
    size_t n_holidays;
    struct calendar cal;
    oph_time now;             /* the program's clock: OPHAMP_NOW or the system time */
    char signature[TXT(100)]; /* the open action's signer, as steps record who did them */
    /* What the last action changed by itself beyond what was asked (a step pending again or
     * done by itself), one line each; empty when nothing. Set by case edit and the evidence
     * actions, for the front end to show with its result. */
    char notice[512];
};

int app_open(struct app *app, const char *db_path, oph_time now, struct oph_error *err);
void app_close(struct app *app);

/* People. */
struct person_input {
    const char *name, *number, *role, *rank, *team; /* role: vocabulary name or NULL */
};
int app_person_add(struct app *app, const struct person_input *in, struct person *out,
                   struct oph_error *err);
/* Changes the person with staff number `number` (their number too, unless another person
 * already has the new one). */
int app_person_edit(struct app *app, const char *number, const struct person_input *in,
                    struct person *out, struct oph_error *err);

/* Who the user is: the person named as this database's user (1, out filled), or nobody (0). */
int app_user(struct app *app, struct person *out, struct oph_error *err);
/* Names the user: the person with staff number `number`, or, when there is none and `add`
 * gives a name, a new person added in the same action. Signed by the person named; every
 * later action is signed by them. Refused when `add` names someone else than the number's
 * holder. */
int app_whoami(struct app *app, const char *number, const struct person_input *add,
               struct person *out, struct oph_error *err);

/* The log's head as reports and exports publish it, "N:HASH" ("" while the log is empty). */
int app_log_head(struct app *app, char out[LOG_HEAD_TEXT], struct oph_error *err);
/* The log: actions newest first, every one or a case's (ref), at most limit (0: all); and
 * the row changes of one action. */
int app_log(struct app *app, const char *ref, long limit, log_action_cb cb, void *ctx,
            struct oph_error *err);
int app_log_changes(struct app *app, const struct log_action *a, log_change_cb cb, void *ctx,
                    struct oph_error *err);

/* Undo (undo.c): the named user's action taken back as a new action of the log, "undo 1234
 * (step done crime)", that writes the old values back through the store (a row the action
 * added goes, one it changed gets its old values, one it removed comes back), with what
 * follows from it as after any action (due times, follow-ups). Refused, with the reason, for
 * the program's own actions, an undo, naming oneself (whoami), a new case (cases are never
 * deleted), an action taken back already, another person's, and one whose rows a later
 * action (by anyone) changed since.
 *
 * The action to take back: the given one (id > 0), or the user's last action that is neither
 * an undo nor taken back already (0). Refused when nobody is named or there is none. */
int app_undo_target(struct app *app, int64_t id, struct log_action *out, struct oph_error *err);
/* 0 when action a can be taken back, or -1 with why (OPH_REFUSED) in err. */
int app_undo_check(struct app *app, const struct log_action *a, struct oph_error *err);
/* Takes a back. cb (may be NULL) is called with each row change the undo makes, in words
 * (what the row is, how it changes: undo.h), before it is saved; with dry_run nothing is saved
 * (what would change). *undo_id (may be NULL): the undo's number in the log. */
typedef int (*undo_change_cb)(void *ctx, const char *what, const char *how);
int app_undo(struct app *app, const struct log_action *a, bool dry_run, undo_change_cb cb,
             void *ctx, int64_t *undo_id, struct oph_error *err);
/* The user's recent actions, newest first (at most limit; 0: all), each with whether it can
 * be taken back and why not. */
struct undo_entry {
    struct log_action action;
    bool possible;
    int64_t undone_by; /* the undo that took it back, or 0 */
    int64_t undo_of;   /* it is an undo: the action it took back, or 0 */
    char why[512];     /* why it cannot be taken back, "" when it can */
};
typedef int (*undo_list_cb)(void *ctx, const struct undo_entry *e);
int app_undo_list(struct app *app, long limit, undo_list_cb cb, void *ctx, struct oph_error *err);

/* Cases. The facts are checked whole (case_facts_check) before anything is written. */
int app_case_new(struct app *app, const struct case_facts *f, char ref_out[REF_LEN + 1],
                 struct oph_error *err);
int app_case_edit(struct app *app, const char *ref, const struct case_facts *f,
                  struct oph_error *err);
int app_case_load(struct app *app, const char *ref, struct case_detail *out, struct oph_error *err);
/* 0 when a case has this reference or UUID; refused ("no case REF") when none. */
int app_case_exists(struct app *app, const char *ref, struct oph_error *err);
/* at: when the investigator or statement taker was appointed (OPH_NO_TIME: now; refused for
 * the other roles, before the assault or in the future). With both named, step investigator
 * is done at the time of the appointment that completes it. */
int app_case_assign(struct app *app, const char *ref, enum case_role role, const char *number,
                    oph_time at, struct oph_error *err);
int app_case_decision(struct app *app, const char *ref, enum decision_kind kind, oph_time at,
                      struct oph_error *err);
/* Records the outcome (if outcome >= 0) and closes; refused unless every step is done or
 * not applicable and an outcome is known, and, when the offender is known and was not arrested
 * (arrest is the preferred outcome), without the reason why (app_case_close_why). */
int app_case_close(struct app *app, const char *ref, int outcome, oph_time at, const char *note,
                   struct oph_error *err);
/* The same with the reason a known offender was not arrested (enum no_arrest_reason, -1 none)
 * and its words (needed for 'other'). */
int app_case_close_why(struct app *app, const char *ref, int outcome, oph_time at, const char *note,
                       int no_arrest_reason, const char *no_arrest_note, struct oph_error *err);
/* The victim's right to review a decision not to prosecute: when they asked (OPH_NO_TIME: not
 * given now), the result (enum review_result, -1 not given) and when it was given (OPH_NO_TIME:
 * now), with a note (may be NULL). A line in app->notice when the request came after the
 * window or the decision was overturned. */
int app_case_review(struct app *app, const char *ref, oph_time asked, int result, oph_time decided,
                    const char *note, struct oph_error *err);

/* Steps. done: extra facts a step needs are taken from the case (crime reference, Victim
 * Code answers, role holders, evidence items); iod takes one sign-off at a time. */
enum signoff { SIGNOFF_NONE, SIGNOFF_VICTIM, SIGNOFF_SUPERVISOR };
struct step_done_input {
    oph_time at;      /* OPH_NO_TIME: now */
    const char *note; /* may be NULL */
    enum signoff by;  /* iod only */
    /* Facts some steps need, recorded in the same transaction (NULL / -1: unchanged). */
    const char *crime_reference; /* crime */
    int referral;                /* victim-code: enum referral */
    int enhanced_rights;         /* victim-code: enum tri */
    int vps_offered;             /* victim-code: enum tri */
};
void step_done_input_init(struct step_done_input *in);
/* Returns 0 when done, 1 when an iod sign-off was recorded and the other is still awaited. */
int app_step_done(struct app *app, const char *ref, enum step_code code,
                  const struct step_done_input *in, struct oph_error *err);
int app_step_na(struct app *app, const char *ref, enum step_code code, const char *reason,
                struct oph_error *err);

/* Timeline and follow-ups. */
int app_welfare_add(struct app *app, const char *ref, enum welfare_method m, const char *note,
                    oph_time at, struct oph_error *err);
int app_victim_update(struct app *app, const char *ref, const char *note, oph_time at,
                      struct oph_error *err);
int app_note_add(struct app *app, const char *ref, const char *text, struct oph_error *err);
/* A follow-up by its number in the case (1 is the case's first). */
int app_followup_done(struct app *app, const char *ref, int number, oph_time at, const char *note,
                      struct oph_error *err);
/* The same for any follow-up, with how a RIDDOR report was made (enum riddor_route, -1 none)
 * and the HSE's reference, which a RIDDOR report done needs and nothing else takes. The done
 * follow-up records the action's signer as who did it. */
int app_followup_report(struct app *app, const char *ref, int number, oph_time at, const char *note,
                        int route, const char *reference, struct oph_error *err);
int app_followup_na(struct app *app, const char *ref, int number, const char *reason,
                    struct oph_error *err);

/* Evidence, by its number in the case. Returns the new item's number through *number_out. */
int app_evidence_add(struct app *app, const char *ref, enum evidence_kind kind,
                     enum evidence_status status, const char *ext_ref, const char *reason,
                     int *number_out, struct oph_error *err);
int app_evidence_update(struct app *app, const char *ref, int number, enum evidence_status status,
                        const char *reason, struct oph_error *err);

/* Rules and bank holidays. Changing a rule recomputes the due times of open cases. */
int app_rule_set(struct app *app, const char *key, int amount, int unit, int base,
                 struct oph_error *err);
/* A force's own follow-up rule: key (its name), description, what starts it (in->starts), its
 * due time (amount, unit; base reported or occurred for every case, event otherwise). It
 * raises follow-ups from then on, never for what happened before. A name removed before is
 * put back with these settings. */
int app_rule_add(struct app *app, const struct rule *in, struct oph_error *err);
/* Removes a force's own rule: it raises no more follow-ups; those it raised stay, and stay due
 * by it. The program's own rules are refused. */
int app_rule_remove(struct app *app, const char *key, struct oph_error *err);
int app_holiday_set(struct app *app, struct oph_date d, enum holiday_change c, const char *note,
                    struct oph_error *err);
int app_holiday_delete(struct app *app, struct oph_date d, struct oph_error *err);

/* Reminders: pending items overdue (due before now), due today (before the next London
 * midnight) or due soon (at most `within` seconds after now); within 0: today only. */
int app_reminders(struct app *app, oph_time within, reminder_cb cb, void *ctx,
                  struct oph_error *err);
/* A worklist: the reminders up to a horizon (worklist.h), of some kinds of work only
 * (WORK_KINDS_ALL: every kind), of the cases where the named user holds a role (mine:
 * supervisor, second-line manager, investigator, statement taker or welfare officer; refused
 * while nobody is named), of victims off work only; each reminder says its kind of work. */
struct remind_filter {
    struct horizon horizon;
    unsigned kinds;
    bool mine;
    bool off_work;
};
int app_worklist(struct app *app, const struct remind_filter *f, reminder_cb cb, void *ctx,
                 struct oph_error *err);

/* A redactor for this database's exports (its own pseudonym key): on or off, with the
 * report's small-count threshold. */
struct redactor;
/* The protective marking printed at the head of every page and file of the exports and the
 * report (the Government Security Classifications): the database's setting 'marking', or
 * MARKING_DEFAULT. A marking is printable ASCII, 1 to MARKING_MAX characters, without spaces
 * at either end. */
#define MARKING_MAX 60
#define MARKING_DEFAULT "OFFICIAL-SENSITIVE"
/* 0 when text is a marking; otherwise OPH_INVALID with what is wrong. */
int app_marking_check(const char *text, struct oph_error *err);
/* Sets the database's marking (one transaction). */
int app_marking_set(struct app *app, const char *text, struct oph_error *err);
/* The marking to print: override when not NULL (checked), else the database's. */
int app_marking(struct app *app, const char *override, char out[MARKING_MAX + 1],
                struct oph_error *err);

int app_redactor(struct app *app, bool on, int suppress_below, struct redactor *out,
                 struct oph_error *err);

/* Maintenance (maint.c). These open the database themselves, only to read it: they never
 * create, upgrade or write to it, so they work on a read-only file or one in use. */
/* A copy of the database as of one moment, written to `file` (mode 0600) under a temporary
 * name and put in place only when whole; an existing file is replaced only with force. */
int app_backup(const char *db_path, const char *file, bool force, struct oph_error *err);
/* The soundness check (store_check); returns 0 sound, 1 not, -1 when it cannot be read. */
int app_check(const char *db_path, const struct check_options *o, check_problem_cb cb, void *ctx,
              struct check_summary *out, struct oph_error *err);
/* check --repair: rebuilds the derived tables (report_done, the search index) from their
 * sources, as one logged action; never touches the log or the tables it covers. */
int app_repair_derived(struct app *app, struct oph_error *err);
/* The retention review's cut-off: the same London date and clock time `years` years before
 * now (29 February becomes 28 February). Closed before it, a case is due for review. */
oph_time app_review_cutoff(oph_time now, int years);

/* Synthetic cases for trying the program and for benchmarks. The database counts the cases
 * the demo made (setting "demo_cases", in the same transactions), so demo cases never mix
 * with real ones unknowingly: a database holding other cases is refused unless into_real. */
typedef void (*progress_cb)(void *ctx, long done, long total);
int app_demo(struct app *app, long n_cases, unsigned long seed, bool into_real, progress_cb cb,
             void *ctx, struct oph_error *err);
/* How many of the database's cases the demo made, and (unless all is NULL: counting reads
 * every case) how many it holds in all. */
int app_demo_counts(struct app *app, long *demo, long *all, struct oph_error *err);
/* The demo database of the database at db_path, in the same folder: "ophamp.db" has
 * "ophamp-demo.db". Returns 0, or -1 when the path does not fit in n bytes. */
int app_demo_path(const char *db_path, char *buf, size_t n, struct oph_error *err);

#endif
