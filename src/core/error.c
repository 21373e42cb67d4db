/* Filling in an oph_error: one line, naming what is wrong, and what as data. */
#include "ophamp/error.h"

#include <stdarg.h>
#include <stdio.h>

static void set(struct oph_error *err, enum oph_err_kind kind, enum oph_field field,
                enum oph_rule rule, const char *fmt, va_list ap)
{
    err->kind = kind;
    err->field = field;
    err->rule = rule;
    err->item = OPH_ITEM_NONE;
    err->item_number = 0;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

int oph_fail(struct oph_error *err, enum oph_err_kind kind, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        set(err, kind, OPH_FIELD_NONE, OPH_RULE_NONE, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int oph_fail_at(struct oph_error *err, enum oph_err_kind kind, enum oph_field field,
                enum oph_rule rule, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        set(err, kind, field, rule, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int oph_error_at(struct oph_error *err, enum oph_field field, enum oph_rule rule)
{
    if (err) {
        err->field = field;
        if (rule != OPH_RULE_NONE)
            err->rule = rule;
    }
    return -1;
}

void oph_error_item(struct oph_error *err, enum oph_item item, int number)
{
    if (err) {
        err->item = item;
        err->item_number = number;
    }
}

void oph_error_clear(struct oph_error *err)
{
    if (err) {
        err->kind = OPH_OK;
        err->field = OPH_FIELD_NONE;
        err->rule = OPH_RULE_NONE;
        err->item = OPH_ITEM_NONE;
        err->item_number = 0;
        err->msg[0] = '\0';
    }
}

static const char *const field_names[OPH_FIELD_COUNT] = {
    [OPH_FIELD_NONE] = "",
    [OPH_FIELD_VICTIM] = "victim staff number",
    [OPH_FIELD_SUPERVISOR] = "supervisor staff number",
    [OPH_FIELD_OCCURRED_AT] = "occurred time",
    [OPH_FIELD_REPORTED_AT] = "reported time",
    [OPH_FIELD_ARRESTED_AT] = "arrested time",
    [OPH_FIELD_DIED_AT] = "died time",
    [OPH_FIELD_LOCATION] = "location",
    [OPH_FIELD_LOCATION_KIND] = "location kind",
    [OPH_FIELD_OFFENCE] = "offence",
    [OPH_FIELD_SUMMARY] = "summary",
    [OPH_FIELD_BODY_PART] = "body part",
    [OPH_FIELD_THOR] = "THOR assessment",
    [OPH_FIELD_CRIME_REFERENCE] = "crime reference",
    [OPH_FIELD_INJURY] = "injury",
    [OPH_FIELD_MECHANISM] = "mechanism",
    [OPH_FIELD_TREATMENT] = "treatment",
    [OPH_FIELD_DAYS_OFF] = "days off",
    [OPH_FIELD_SUPPORT_SCORE] = "support score",
    [OPH_FIELD_OFFENDER_KNOWN] = "offender known",
    [OPH_FIELD_REFERRAL] = "support referral",
    [OPH_FIELD_ENHANCED_RIGHTS] = "enhanced rights",
    [OPH_FIELD_VPS_OFFERED] = "VPS offered",
    [OPH_FIELD_ROLES] = "investigator and statement taker",
    [OPH_FIELD_WELFARE_CONTACT] = "welfare contact",
    [OPH_FIELD_EVIDENCE_ITEMS] = "evidence items",
    [OPH_FIELD_CASE] = "case",
    [OPH_FIELD_ITEM] = "item",
    [OPH_FIELD_AT] = "time",
    [OPH_FIELD_NOTE] = "note",
    [OPH_FIELD_REASON] = "reason",
    [OPH_FIELD_DONE_BY] = "done by",
    [OPH_FIELD_SIGNOFF] = "sign-off",
    [OPH_FIELD_ROUTE] = "reporting route",
    [OPH_FIELD_HSE_REFERENCE] = "HSE reference",
    [OPH_FIELD_EVIDENCE_REFERENCE] = "evidence reference",
    [OPH_FIELD_OUTCOME] = "outcome",
    [OPH_FIELD_NO_ARREST_REASON] = "reason for no arrest",
    [OPH_FIELD_NO_ARREST_NOTE] = "reason for no arrest in words",
    [OPH_FIELD_REVIEW_ASKED_AT] = "review asked time",
    [OPH_FIELD_REVIEW_RESULT] = "review result",
    [OPH_FIELD_REVIEW_DECIDED_AT] = "review result time",
    [OPH_FIELD_REVIEW_NOTE] = "review note",
    [OPH_FIELD_STAFF_NUMBER] = "staff number",
    [OPH_FIELD_NAME] = "name",
    [OPH_FIELD_RANK] = "rank",
    [OPH_FIELD_TEAM] = "team",
    [OPH_FIELD_PERSON_ROLE] = "role",
    [OPH_FIELD_RULE_NAME] = "rule name",
    [OPH_FIELD_RULE_DESCRIPTION] = "rule description",
    [OPH_FIELD_RULE_STARTS] = "rule start",
    [OPH_FIELD_RULE_AMOUNT] = "rule amount",
    [OPH_FIELD_RULE_BASE] = "rule base",
    [OPH_FIELD_DATE] = "date",
};

const char *oph_field_name(enum oph_field field)
{
    return (unsigned)field < OPH_FIELD_COUNT && field_names[field] ? field_names[field] : "";
}
