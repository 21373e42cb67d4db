/* The plan's vocabularies (one table each, indexed by its enum with designated initializers)
 * and due-time arithmetic from a rule. */
#include "ophamp/plan.h"

#include <stdio.h>
#include <string.h>

#define VOCAB(var, label, ...)                                                                     \
    static const char *const var##_names[] = {__VA_ARGS__};                                        \
    const struct vocab var = {label, var##_names, sizeof var##_names / sizeof *var##_names}

/* The vocabularies with a definition table (defs.h) take their names from its list. */
#define VOCAB_NAME(id, name, ...) [id] = name,
VOCAB(VOCAB_STEP, "step", OPH_STEPS(VOCAB_NAME));
VOCAB(
    VOCAB_STATUS,
    "status", [STATUS_PENDING] = "pending", [STATUS_DONE] = "done", [STATUS_NA] = "not-applicable");
VOCAB(VOCAB_PERSON_ROLE, "role", [ROLE_OFFICER] = "officer", [ROLE_SPECIAL] = "special",
      [ROLE_PCSO] = "pcso", [ROLE_STAFF] = "staff", [ROLE_VOLUNTEER] = "volunteer");
VOCAB(VOCAB_LOCATION, "location kind", [LOC_STREET] = "street", [LOC_DWELLING] = "dwelling",
      [LOC_VEHICLE] = "vehicle", [LOC_CUSTODY] = "custody", [LOC_STATION] = "station",
      [LOC_HOSPITAL] = "hospital", [LOC_OTHER] = "other");
VOCAB(VOCAB_INJURY,
      "injury", [INJURY_NONE] = "none", [INJURY_MINOR] = "minor", [INJURY_SERIOUS] = "serious");
VOCAB(VOCAB_MECHANISM, "mechanism", [MECH_PUNCH] = "punch", [MECH_KICK] = "kick",
      [MECH_SPIT] = "spit", [MECH_BITE] = "bite", [MECH_WEAPON] = "weapon",
      [MECH_VEHICLE] = "vehicle", [MECH_OTHER] = "other");
VOCAB(VOCAB_TREATMENT, "treatment", [TREAT_NONE] = "none", [TREAT_FIRST_AID] = "first-aid",
      [TREAT_HOSPITAL] = "hospital", [TREAT_ADMITTED] = "admitted");
VOCAB(VOCAB_OUTCOME, "outcome", OPH_OUTCOMES(VOCAB_NAME));
VOCAB(VOCAB_EVIDENCE_KIND, "evidence kind", OPH_EVIDENCE_KINDS(VOCAB_NAME));
VOCAB(VOCAB_EVIDENCE_STATUS,
      "evidence status", [EVS_REQUESTED] = "requested", [EVS_SECURED] = "secured",
      [EVS_SUBMITTED] = "submitted", [EVS_NOT_AVAILABLE] = "not-available");
VOCAB(VOCAB_WELFARE_METHOD, "method", [WM_IN_PERSON] = "in-person", [WM_PHONE] = "phone",
      [WM_VIDEO] = "video", [WM_MESSAGE] = "message", [WM_OTHER] = "other");
VOCAB(VOCAB_DECISION, "decision", [DEC_ARREST] = "arrest", [DEC_CHARGE] = "charge",
      [DEC_RELEASE] = "release", [DEC_BAIL] = "bail", [DEC_CAUTION] = "caution");
VOCAB(VOCAB_FOLLOWUP, "follow-up", OPH_FOLLOWUPS(VOCAB_NAME));
VOCAB(VOCAB_CASE_ROLE, "case role", [CROLE_SUPERVISOR] = "supervisor",
      [CROLE_SECOND_LINE] = "second-line", [CROLE_INVESTIGATOR] = "investigator",
      [CROLE_STATEMENT_TAKER] = "statement-taker", [CROLE_WELFARE_OFFICER] = "welfare-officer");
VOCAB(VOCAB_REFERRAL,
      "referral", [REFERRAL_ACCEPTED] = "accepted", [REFERRAL_DECLINED] = "declined");
VOCAB(VOCAB_UNIT, "unit", [UNIT_HOURS] = "hours", [UNIT_DAYS] = "days",
      [UNIT_WORKING_DAYS] = "working-days", [UNIT_MONTHS] = "months");
VOCAB(VOCAB_BASE,
      "base", [BASE_REPORTED] = "reported", [BASE_OCCURRED] = "occurred", [BASE_EVENT] = "event");
VOCAB(VOCAB_RULE_START, "start", [START_CASE] = "case", [START_HOSPITAL] = "hospital",
      [START_OFF_WORK] = "off-work", [START_OUTCOME] = "outcome");
VOCAB(VOCAB_NO_ARREST,
      "reason for no arrest", [NOARREST_UNFIT] = "unfit", [NOARREST_NOT_LOCATED] = "not-located",
      [NOARREST_VOLUNTARY] = "voluntary-interview", [NOARREST_LEFT] = "left-before-arrest",
      [NOARREST_VICTIM_DECLINED] = "victim-declined", [NOARREST_OTHER] = "other");
VOCAB(VOCAB_REVIEW_RESULT,
      "review result", [REVIEW_UPHELD] = "upheld", [REVIEW_OVERTURNED] = "overturned");
VOCAB(VOCAB_RIDDOR_ROUTE, "route", [ROUTE_ONLINE] = "online", [ROUTE_TELEPHONE] = "telephone");

const char *no_arrest_words(enum no_arrest_reason r)
{
    static const char *const words[NOARREST_COUNT] = {
        [NOARREST_UNFIT] = "offender unfit to be arrested (in hospital, injured or unwell)",
        [NOARREST_NOT_LOCATED] = "offender not located",
        [NOARREST_VOLUNTARY] = "voluntary attendance and interview instead",
        [NOARREST_LEFT] = "offender left before an arrest was possible",
        [NOARREST_VICTIM_DECLINED] = "the victim did not want an arrest",
        [NOARREST_OTHER] = "another reason",
    };
    return (unsigned)r < NOARREST_COUNT ? words[r] : "";
}

bool outcome_not_prosecuted(int outcome)
{
    return (unsigned)outcome < OUT_COUNT && OUTCOME_DEFS[outcome].not_prosecuted;
}

int vocab_find(const struct vocab *v, const char *name)
{
    if (!name)
        return -1;
    /* The first byte first: the store decodes every row's words through here. */
    for (size_t i = 0; i < v->count; i++)
        if (v->names[i][0] == name[0] && strcmp(v->names[i], name) == 0)
            return (int)i;
    return -1;
}

const char *vocab_list(const struct vocab *v, char *buf, size_t bufsz)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < v->count && o < bufsz; i++) {
        int k = snprintf(buf + o, bufsz - o, "%s%s", i ? ", " : "", v->names[i]);
        if (k < 0)
            break;
        o += (size_t)k;
    }
    return buf;
}

const char *step_title(enum step_code s)
{
    return (unsigned)s < STEP_COUNT ? STEP_DEFS[s].title : "";
}

const char *step_label(enum step_code s)
{
    return (unsigned)s < STEP_COUNT ? STEP_DEFS[s].label : "";
}

enum timeliness item_timeliness(enum item_status status, oph_time due_at, oph_time done_at,
                                oph_time now)
{
    switch (status) {
    case STATUS_DONE:
        /* Done with no due time (or no done time) has nothing to be late for. */
        if (due_at != OPH_NO_TIME && done_at != OPH_NO_TIME && done_at > due_at)
            return TIMELY_LATE;
        return TIMELY_ON_TIME;
    case STATUS_PENDING:
        return due_at != OPH_NO_TIME && due_at < now ? TIMELY_OVERDUE : TIMELY_PENDING;
    default:
        return TIMELY_NA;
    }
}

int timeliness_on_time(enum timeliness t)
{
    return t == TIMELY_ON_TIME ? 1 : t == TIMELY_LATE ? 0 : -1;
}

const char *timeliness_words(enum timeliness t)
{
    static const char *const words[TIMELY_COUNT] = {
        [TIMELY_NA] = "not applicable", [TIMELY_PENDING] = "pending", [TIMELY_OVERDUE] = "overdue",
        [TIMELY_ON_TIME] = "on time",   [TIMELY_LATE] = "late",
    };
    return (unsigned)t < TIMELY_COUNT ? words[t] : "";
}

const struct rule *rule_set_find(const struct rule_set *rs, const char *key)
{
    for (int i = 0; i < rs->n; i++)
        if (strcmp(rs->rules[i].key, key) == 0)
            return &rs->rules[i];
    return NULL;
}

oph_time rule_due(const struct rule *r, const struct due_basis *b, const struct calendar *cal)
{
    oph_time base = b->reported_at;
    if (r->base == BASE_OCCURRED)
        base = b->occurred_at;
    else if (r->base == BASE_EVENT && b->event_at != OPH_NO_TIME)
        base = b->event_at;
    switch (r->unit) {
    case UNIT_HOURS:
        return cal_add_hours(base, r->amount);
    case UNIT_DAYS:
        return cal_add_days(base, r->amount);
    case UNIT_WORKING_DAYS:
        return cal_add_working_days_at(cal, base, r->amount);
    case UNIT_MONTHS:
        return cal_add_months(base, r->amount);
    case UNIT_COUNT:
        break;
    }
    return base;
}

const char *rule_key_evidence(enum evidence_kind k)
{
    return EVIDENCE_DEFS[(unsigned)k < EV_KIND_COUNT ? k : EV_OTHER].rule;
}

const char *rule_key_riddor(bool specified_injury)
{
    return specified_injury ? "riddor-specified" : "riddor-over-7-days";
}

const char *rule_key_victim_decision(bool enhanced)
{
    return enhanced ? "victim-decision-enhanced" : "victim-decision";
}

bool riddor_reportable(int days_off, bool specified_injury)
{
    return specified_injury || days_off > 7;
}

enum riddor_class riddor_classify(int days_off, bool specified_injury, bool died)
{
    if (died)
        return RIDDOR_DEATH;
    if (specified_injury)
        return RIDDOR_SPECIFIED;
    if (days_off > 7)
        return RIDDOR_OVER_7;
    return days_off > 3 ? RIDDOR_RECORD : RIDDOR_NONE;
}

const char *riddor_class_name(enum riddor_class k)
{
    static const char *const names[] = {[RIDDOR_NONE] = "none",
                                        [RIDDOR_RECORD] = "over-3-days",
                                        [RIDDOR_OVER_7] = "over-7-days",
                                        [RIDDOR_SPECIFIED] = "specified",
                                        [RIDDOR_DEATH] = "death"};
    return (unsigned)k <= RIDDOR_DEATH ? names[k] : "";
}

void riddor_words(enum riddor_class k, int days_off, char *out, size_t outsz)
{
    switch (k) {
    case RIDDOR_NONE:
        snprintf(out, outsz, "not reportable: no specified injury, not more than 3 days off");
        return;
    case RIDDOR_RECORD:
        snprintf(out, outsz,
                 "over-3-day incapacity (%d days off): recorded (accident book), not reported; "
                 "reportable once over 7 days",
                 days_off);
        return;
    case RIDDOR_OVER_7:
        snprintf(out, outsz,
                 "over-7-day incapacity (%d days off): reportable to the HSE, online "
                 "(follow-up riddor)",
                 days_off);
        return;
    case RIDDOR_SPECIFIED:
        snprintf(out, outsz,
                 "specified injury: reportable to the HSE without delay, online or by "
                 "telephone (follow-up riddor)");
        return;
    case RIDDOR_DEATH:
        snprintf(out, outsz,
                 "death: reportable to the HSE at once, by telephone or online "
                 "(follow-up riddor)");
        return;
    }
    if (outsz)
        out[0] = '\0';
}

bool riddor_route_allowed(const char *rule_key, enum riddor_route route)
{
    /* The HSE's telephone line takes deaths and specified injuries only. */
    return route == ROUTE_ONLINE || strcmp(rule_key, "riddor-over-7-days") != 0;
}
