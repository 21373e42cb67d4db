/* The seven-point plan: its vocabularies (steps, statuses, kinds, outcomes), due-time rules
 * and the checks that every front end obeys. Pure C: no I/O, no SQL. */
#ifndef OPHAMP_PLAN_H
#define OPHAMP_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "ophamp/calendar.h"
#include "ophamp/defs.h"

/* A closed vocabulary: the names stored in the database and typed on the command line. */
struct vocab {
    const char *what;         /* "step", "location kind" … for messages */
    const char *const *names; /* indexed by the enum */
    size_t count;
};

/* Index of name in v, or -1. */
int vocab_find(const struct vocab *v, const char *name);
/* "crime, victim-code, investigator, …" into buf. */
const char *vocab_list(const struct vocab *v, char *buf, size_t bufsz);

enum step_code { OPH_STEPS(OPH_DEFS_ENUM) STEP_COUNT };
enum item_status { STATUS_PENDING, STATUS_DONE, STATUS_NA, STATUS_COUNT };
enum person_role { ROLE_OFFICER, ROLE_SPECIAL, ROLE_PCSO, ROLE_STAFF, ROLE_VOLUNTEER, ROLE_COUNT };
enum location_kind {
    LOC_STREET,
    LOC_DWELLING,
    LOC_VEHICLE,
    LOC_CUSTODY,
    LOC_STATION,
    LOC_HOSPITAL,
    LOC_OTHER,
    LOC_COUNT
};
enum injury_level { INJURY_NONE, INJURY_MINOR, INJURY_SERIOUS, INJURY_COUNT };
enum mechanism {
    MECH_PUNCH,
    MECH_KICK,
    MECH_SPIT,
    MECH_BITE,
    MECH_WEAPON,
    MECH_VEHICLE,
    MECH_OTHER,
    MECH_COUNT
};
enum treatment { TREAT_NONE, TREAT_FIRST_AID, TREAT_HOSPITAL, TREAT_ADMITTED, TREAT_COUNT };
enum outcome { OPH_OUTCOMES(OPH_DEFS_ENUM) OUT_COUNT };
enum evidence_kind { OPH_EVIDENCE_KINDS(OPH_DEFS_ENUM) EV_KIND_COUNT };
enum evidence_status { EVS_REQUESTED, EVS_SECURED, EVS_SUBMITTED, EVS_NOT_AVAILABLE, EVS_COUNT };
enum welfare_method { WM_IN_PERSON, WM_PHONE, WM_VIDEO, WM_MESSAGE, WM_OTHER, WM_COUNT };
enum decision_kind { DEC_ARREST, DEC_CHARGE, DEC_RELEASE, DEC_BAIL, DEC_CAUTION, DEC_COUNT };
/* Follow-ups: welfare checks, victim updates and notices, RIDDOR reports, the line managers'
 * duties (OSSR rec. 21) and a force's own follow-ups (rules it adds). */
enum followup_kind { OPH_FOLLOWUPS(OPH_DEFS_ENUM) FU_COUNT };
enum case_role {
    CROLE_SUPERVISOR,
    CROLE_SECOND_LINE,
    CROLE_INVESTIGATOR,
    CROLE_STATEMENT_TAKER,
    CROLE_WELFARE_OFFICER,
    CROLE_COUNT
};
enum referral { REFERRAL_ACCEPTED, REFERRAL_DECLINED, REFERRAL_COUNT };
enum rule_unit { UNIT_HOURS, UNIT_DAYS, UNIT_WORKING_DAYS, UNIT_MONTHS, UNIT_COUNT };
enum rule_base { BASE_REPORTED, BASE_OCCURRED, BASE_EVENT, BASE_COUNT };
/* What raises a force's own follow-up: every new case, hospital treatment (hospital or
 * admitted), the person off work injured, an outcome recorded. */
enum rule_start { START_CASE, START_HOSPITAL, START_OFF_WORK, START_OUTCOME, START_COUNT };
/* Why a known offender was not arrested (arrest is the preferred outcome, OSSR rec. 23(ii)). */
enum no_arrest_reason {
    NOARREST_UNFIT,
    NOARREST_NOT_LOCATED,
    NOARREST_VOLUNTARY,
    NOARREST_LEFT,
    NOARREST_VICTIM_DECLINED,
    NOARREST_OTHER,
    NOARREST_COUNT
};
/* The result of the review of a decision not to prosecute (the victim's right to review). */
enum review_result { REVIEW_UPHELD, REVIEW_OVERTURNED, REVIEW_COUNT };
/* How a RIDDOR report was made to the HSE: its online form (every kind) or its telephone
 * line (deaths and specified injuries only). */
enum riddor_route { ROUTE_ONLINE, ROUTE_TELEPHONE, ROUTE_COUNT };

extern const struct vocab VOCAB_STEP, VOCAB_STATUS, VOCAB_PERSON_ROLE, VOCAB_LOCATION, VOCAB_INJURY,
    VOCAB_MECHANISM, VOCAB_TREATMENT, VOCAB_OUTCOME, VOCAB_EVIDENCE_KIND, VOCAB_EVIDENCE_STATUS,
    VOCAB_WELFARE_METHOD, VOCAB_DECISION, VOCAB_FOLLOWUP, VOCAB_CASE_ROLE, VOCAB_REFERRAL,
    VOCAB_UNIT, VOCAB_BASE, VOCAB_RULE_START, VOCAB_NO_ARREST, VOCAB_REVIEW_RESULT,
    VOCAB_RIDDOR_ROUTE;

/* What a reason for no arrest means, in words: "offender unfit to be arrested (hospital)". */
const char *no_arrest_words(enum no_arrest_reason r);
/* Whether an outcome is a decision not to prosecute (nfa-*): the victim may ask for a review. */
bool outcome_not_prosecuted(int outcome);

/* What each step means, for help and summaries: "(a) same care as any victim: crime
 * recorded" (STEP_DEFS[s].title); "" out of range. */
const char *step_title(enum step_code s);
/* Its short label, for a report's row: "(a) crime recorded" (STEP_DEFS[s].label). */
const char *step_label(enum step_code s);

/* A due-time rule as stored in the rules table. */
#define RULE_KEY_MAX 32
#define RULE_DESCRIPTION_MAX 200
struct rule {
    char key[RULE_KEY_MAX];
    char description[(RULE_DESCRIPTION_MAX + 1) * 4];
    int amount;
    enum rule_unit unit;
    enum rule_base base;
    int starts;          /* a force's own follow-up: enum rule_start; -1 for the program's */
    oph_time removed_at; /* a force's rule removed: raises nothing more; else OPH_NO_TIME */
};

/* Every rule of the database, as loaded: the program's own and up to FORCE_RULES_MAX of the
 * force's. */
#define FORCE_RULES_MAX 40
#define RULES_MAX 96
struct rule_set {
    struct rule rules[RULES_MAX];
    int n;
};
const struct rule *rule_set_find(const struct rule_set *rs, const char *key);

/* The base times an item's due time can count from. */
struct due_basis {
    oph_time reported_at, occurred_at, event_at; /* event_at: OPH_NO_TIME if none */
};

#define OPH_NO_TIME INT64_MIN

oph_time rule_due(const struct rule *r, const struct due_basis *b, const struct calendar *cal);

/* The rule key for an evidence item of a kind ("evidence-bwv"), a RIDDOR report, a
 * decision notice. */
const char *rule_key_evidence(enum evidence_kind k);
const char *rule_key_riddor(bool specified_injury);
const char *rule_key_victim_decision(bool enhanced);

/* RIDDOR: reportable when off work more than 7 days (not counting the day itself) or a
 * specified injury. */
bool riddor_reportable(int days_off, bool specified_injury);
/* What RIDDOR asks of a case: nothing; over 3 days' incapacity, recorded (the accident book)
 * but not reported; over 7 days, reported (online) within 15 days; a specified injury or a
 * death, reported without delay (online, or by telephone). */
enum riddor_class { RIDDOR_NONE, RIDDOR_RECORD, RIDDOR_OVER_7, RIDDOR_SPECIFIED, RIDDOR_DEATH };
enum riddor_class riddor_classify(int days_off, bool specified_injury, bool died);
/* "none", "over-3-days", "over-7-days", "specified", "death" (JSON). */
const char *riddor_class_name(enum riddor_class k);
/* One line for the case: "over-3-day incapacity (5 days off): recorded, not reported". */
void riddor_words(enum riddor_class k, int days_off, char *out, size_t outsz);
/* Whether the HSE takes this kind of report by telephone (deaths and specified injuries). */
bool riddor_route_allowed(const char *rule_key, enum riddor_route route);

/* Whether a step or follow-up was done in time: done on time (done_at <= due_at), done late,
 * overdue (pending and due before now), pending, or not applicable. The one rule every
 * summary, list and report uses. */
enum timeliness {
    TIMELY_NA,
    TIMELY_PENDING,
    TIMELY_OVERDUE,
    TIMELY_ON_TIME,
    TIMELY_LATE,
    TIMELY_COUNT
};
enum timeliness item_timeliness(enum item_status status, oph_time due_at, oph_time done_at,
                                oph_time now);
/* 1 done on time, 0 done late, -1 not known yet or never (pending, overdue, not applicable). */
int timeliness_on_time(enum timeliness t);
/* "on time", "late", "overdue", "pending", "not applicable". */
const char *timeliness_words(enum timeliness t);

/* Largest values accepted anywhere. */
#define MAX_NAME 100
#define MAX_NUMBER 20
#define MAX_SHORT 100
#define MAX_RANK 60 /* the schema allows 60 */
#define MAX_LOCATION 200
#define MAX_OFFENCE 200
#define MAX_TEXT 4000
#define MAX_CRIME_REF 40
#define MAX_DAYS_OFF 3660

#endif
