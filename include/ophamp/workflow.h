/* The seven-point plan's engine: which steps and follow-ups a case carries, when each is due,
 * and what a change of facts, an event or a rule does to them. Works on a case_detail in
 * memory; items it creates have id 0, items it changes are marked dirty, and the caller
 * saves both. Pure C: no I/O. */
#ifndef OPHAMP_WORKFLOW_H
#define OPHAMP_WORKFLOW_H

#include <stdbool.h>

#include "ophamp/calendar.h"
#include "ophamp/error.h"
#include "ophamp/plan.h"
#include "ophamp/record.h"

/* The rules and calendar the engine counts with. */
struct plan_ctx {
    const struct rule_set *rules;
    const struct calendar *cal;
    oph_time now;
    const char *actor; /* who completes steps the engine completes */
    /* A case recorded closed after the fact (a spreadsheet's): the line managers' duties and
     * the force's own follow-ups, the handling of a case from now on, are not raised. */
    bool closed_already;
};

/* Names, in err, the field a check's word stands for ("done": the time of what is recorded,
 * "note", "reason" ...) with the rule it broke, for refusals worded around that word; -1. */
int check_at(const char *field, enum oph_rule rule, struct oph_error *err);
/* Text checks of one field, with the field named in the message and as data (err->field). */
int check_text(const char *field, const char *s, size_t max_chars, unsigned flags,
               struct oph_error *err);
/* A time that must not lie in the future (a minute of grace for clocks). */
int check_not_future(const char *field, oph_time t, oph_time now, struct oph_error *err);
int check_person(const struct person *p, struct oph_error *err);
/* A staff number: ASCII letters, digits, '-' and '/', nothing else (no space, no invisible
 * character, no letter of another alphabet that looks like a Latin one), at most MAX_NUMBER.
 * Anything else is refused naming the field and the character as U+XXXX. Empty is refused
 * only when required. */
int check_staff_number(const char *field, const char *number, bool required, struct oph_error *err);
/* Whether two staff numbers are the same person's: equal but for the case of ASCII letters
 * (AB12 is ab12). */
bool staff_number_same(const char *a, const char *b);
/* The facts of a case, whole: texts, vocabularies, times in order and not in the future. */
int check_case_facts(const struct case_facts *f, oph_time now, struct oph_error *err);
/* The same, naming the fact at fault through *at (may be NULL), for front ends that show
 * each fact in its own place (a form field, a spreadsheet column). */
enum fact_field {
    FACT_NONE = -1,
    FACT_VICTIM,
    FACT_SUPERVISOR,
    FACT_LOCATION,
    FACT_OFFENCE,
    FACT_SUMMARY,
    FACT_BODY_PART,
    FACT_THOR,
    FACT_CRIME_REFERENCE,
    FACT_LOCATION_KIND,
    FACT_INJURY,
    FACT_MECHANISM,
    FACT_TREATMENT,
    FACT_REFERRAL,
    FACT_OCCURRED,
    FACT_REPORTED,
    FACT_ARRESTED,
    FACT_DAYS_OFF,
    FACT_SUPPORT_SCORE,
    FACT_OFFENDER_KNOWN,
    FACT_ENHANCED_RIGHTS,
    FACT_VPS_OFFERED,
    FACT_DIED
};
int check_case_facts_at(const struct case_facts *f, oph_time now, enum fact_field *at,
                        struct oph_error *err);
/* Point (c): the victim is never investigator nor statement taker. */
int check_role(const struct case_detail *c, enum case_role role, const struct person *p,
               struct oph_error *err);

/* A case's items as stored (what an import brings must be what the actions could have
 * written): pending items have no done time, done and not-applicable ones have one, not
 * applicable needs a reason; texts within their limits. */
int check_item_state(enum item_status status, oph_time done_at, const char *reason,
                     struct oph_error *err);
/* A step: its state, texts, and the iod sign-offs (done needs both; other steps have none). */
int check_step(const struct step *s, struct oph_error *err);
/* A follow-up: its kind, a rule of the set, its state and texts. */
int check_followup(const struct followup *f, const struct rule_set *rules, struct oph_error *err);
/* Evidence not available needs a reason. */
int check_evidence_reason(enum evidence_status status, const char *reason, struct oph_error *err);
int check_evidence(const struct evidence_item *e, struct oph_error *err);
/* A timeline entry: welfare contacts carry a method and a note, decisions a kind and no text,
 * victim updates and notes a text and no label. */
int check_timeline_entry(const struct timeline_entry *t, struct oph_error *err);

/* A new case: its seven steps and first follow-ups, with due times: the welfare checks, the
 * first victim update, the line managers' duties (OSSR rec. 21: the supervisor tells the
 * inspector; the second-line manager appoints a welfare officer or decides none is needed,
 * informs a local senior leader, puts the case on the next management meeting, and, when the
 * facts call for an injury report, confirms the injury assessment) and the force's own
 * follow-ups of every case and of the facts known (hospital treatment, off work). */
void wf_start(struct case_detail *c, const struct plan_ctx *px);
/* Whether a step can be done now, given the record and the completing note (e.g. crime needs
 * a crime reference and the investigation plan noted, investigator needs both role holders). */
int wf_step_ready(const struct case_detail *c, enum step_code code, const char *note,
                  struct oph_error *err);
/* After any change of facts, roles, rules or items: due times of pending items, RIDDOR (over 7
 * days, a specified injury, a death: see recompute_riddor) and welfare-while-off-work
 * follow-ups raised or withdrawn, Victim Code timing. */
void wf_recompute(struct case_detail *c, const struct plan_ctx *px);

/* What the engine changed by itself, beyond what the user asked (a step pending again, a step
 * done by itself): one line each, "step iod is pending again, due …: why", appended to
 * notice (size bytes, a string) for the front end to show with its result. */

/* The facts changed from *old to c->facts (case edit): the first regular victim update moves
 * with the report time, a step the facts make needed again is pending again (with a line in
 * notice), the duty to confirm the injury assessment is raised or withdrawn with the injury,
 * the force's follow-ups of hospital treatment and off work are raised (counted from px->now,
 * when the fact was recorded), and everything else follows as after wf_recompute. */
void wf_facts_changed(struct case_detail *c, const struct case_facts *old,
                      const struct plan_ctx *px, char *notice, size_t size);
/* Whether the facts call for an injury-on-duty report (step iod): an injury of any level,
 * time off work, medical treatment, or spitting (possible work-related ill health). */
bool wf_iod_needed(const struct case_facts *f);

/* Events that raise or complete follow-ups. */
void wf_welfare_contact(struct case_detail *c, oph_time at, const struct plan_ctx *px);
void wf_victim_update(struct case_detail *c, oph_time at, const struct plan_ctx *px);
void wf_decision(struct case_detail *c, oph_time at, const struct plan_ctx *px);
/* The outcome c->outcome recorded at `at`: the victim is told of it (a decision not to
 * prosecute: with the reasons and the right to review, the window's end set in
 * c->review_until by rule review-window), and the force's follow-ups of an outcome raised. */
void wf_outcome(struct case_detail *c, oph_time at, const struct plan_ctx *px);
/* Follow-up f done at `at` (note: text, may be NULL) or not applicable (reason: text), and
 * what follows from it: the regular victim update done raises the next, counted from `at`;
 * a welfare follow-up of a person off work, the next welfare-off-work (see wf_recompute). */
void wf_followup_finish(struct case_detail *c, struct followup *f, enum item_status to, oph_time at,
                        const char *text, const struct plan_ctx *px);
/* A role holder named at `at` (c->roles already holds them): with both an investigator and a
 * statement taker, step investigator is done at that time (point c is met the moment both are
 * named); a welfare officer named does the duty welfare-officer. */
void wf_role_assigned(struct case_detail *c, enum case_role role, oph_time at,
                      const struct plan_ctx *px);
/* Whether follow-up f may become `to` with this reporting route (enum riddor_route or -1) and
 * reference: a RIDDOR report done needs both (the telephone for deaths and specified injuries
 * only, as the HSE takes them); no other follow-up takes either. */
int wf_followup_ready(const struct followup *f, enum item_status to, int route,
                      const char *reference, struct oph_error *err);
/* Arrest is the preferred outcome (OSSR rec. 23(ii)): a case whose offender is known and was not
 * arrested closes only with the reason (enum no_arrest_reason; 'other' needs the note). A reason
 * given for any other case is refused. */
bool wf_no_arrest_needed(const struct case_detail *c);
int wf_check_no_arrest(const struct case_detail *c, int reason, const char *note,
                       struct oph_error *err);
/* The victim's right to review a decision not to prosecute: records when they asked (asked;
 * OPH_NO_TIME: not now), the result (enum review_result or -1) and when it was given (decided),
 * and a note, after checking them against the case (an nfa-* outcome, asked once and after the
 * decision, a result once and after the request). A request after the window (review_until) is
 * recorded with a line in notice; so is an overturned decision. */
int wf_review(struct case_detail *c, oph_time asked, int result, oph_time decided, const char *note,
              char *notice, size_t size, struct oph_error *err);
/* Evidence item e was added or changed: a requested item makes step evidence pending again
 * (done or not applicable before); with every item secured, submitted or not available the
 * pending step is done by itself at px->now. A line in notice says which. */
void wf_evidence_changed(struct case_detail *c, const struct evidence_item *e,
                         const struct plan_ctx *px, char *notice, size_t size);
/* Whether the case may close with this outcome (-1: the one recorded). */
int wf_can_close(const struct case_detail *c, int outcome, struct oph_error *err);
void wf_close(struct case_detail *c, oph_time at, const struct plan_ctx *px);

/* Dues of one item from its rule. */
oph_time wf_due(const struct plan_ctx *px, const char *rule_key, const struct case_detail *c,
                oph_time event_at);

/* The number a new follow-up (DUE_FOLLOWUP) or evidence item (DUE_EVIDENCE) of the case
 * takes: one more than the highest so far, so the first is 1. */
int wf_next_number(const struct case_detail *c, enum due_kind kind);
/* Appends a follow-up or evidence item (caller's array grows); returns it. */
struct followup *wf_add_followup(struct case_detail *c, enum followup_kind kind, const char *rule,
                                 oph_time event_at, oph_time due_at);

#endif
