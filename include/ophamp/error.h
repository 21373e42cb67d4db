/* How every layer reports a refusal or failure: a kind (which becomes the exit status), what
 * failed as data (the field or fact, the item, the rule it broke) and one plain sentence.
 * The sentence names no front end's words (no --flag, no command, no key): each front end
 * words the field in its own terms from `field`, never by reading `msg`. */
#ifndef OPHAMP_ERROR_H
#define OPHAMP_ERROR_H

enum oph_err_kind {
    OPH_OK = 0,
    OPH_REFUSED = 1, /* a rule refused the request, or nothing matched */
    OPH_INVALID = 2, /* malformed input: bad date, unknown value, text too long */
    OPH_DB = 3       /* database or file error */
};

/* What a refusal is about: a fact of the case, a field of an item, a person or a rule. */
enum oph_field {
    OPH_FIELD_NONE = 0,
    /* the facts of a case */
    OPH_FIELD_VICTIM, /* the victim's staff number */
    OPH_FIELD_SUPERVISOR,
    OPH_FIELD_OCCURRED_AT,
    OPH_FIELD_REPORTED_AT,
    OPH_FIELD_ARRESTED_AT,
    OPH_FIELD_DIED_AT,
    OPH_FIELD_LOCATION,
    OPH_FIELD_LOCATION_KIND,
    OPH_FIELD_OFFENCE,
    OPH_FIELD_SUMMARY,
    OPH_FIELD_BODY_PART,
    OPH_FIELD_THOR,
    OPH_FIELD_CRIME_REFERENCE,
    OPH_FIELD_INJURY,
    OPH_FIELD_MECHANISM,
    OPH_FIELD_TREATMENT,
    OPH_FIELD_DAYS_OFF,
    OPH_FIELD_SUPPORT_SCORE,
    OPH_FIELD_OFFENDER_KNOWN,
    OPH_FIELD_REFERRAL,
    OPH_FIELD_ENHANCED_RIGHTS,
    OPH_FIELD_VPS_OFFERED,
    /* the records a step needs (recorded by their own action, not a field of the step) */
    OPH_FIELD_ROLES,           /* the investigator and the statement taker assigned */
    OPH_FIELD_WELFARE_CONTACT, /* a welfare contact on the timeline */
    OPH_FIELD_EVIDENCE_ITEMS,  /* the evidence items of the case */
    /* an item of the plan (err->item says which) and its fields */
    OPH_FIELD_CASE,   /* the case as a whole: closed, not found */
    OPH_FIELD_ITEM,   /* the step, follow-up or evidence item itself */
    OPH_FIELD_AT,     /* when what is recorded happened: done, contact, decision, closing */
    OPH_FIELD_NOTE,   /* the item's note (step slt: who was told; step crime: the plan) */
    OPH_FIELD_REASON, /* why an item is not applicable or not available */
    OPH_FIELD_DONE_BY,
    OPH_FIELD_SIGNOFF, /* step iod: who signs */
    OPH_FIELD_ROUTE,   /* a RIDDOR report: online or telephone */
    OPH_FIELD_HSE_REFERENCE,
    OPH_FIELD_EVIDENCE_REFERENCE,
    /* closing and the victim's right to review */
    OPH_FIELD_OUTCOME,
    OPH_FIELD_NO_ARREST_REASON,
    OPH_FIELD_NO_ARREST_NOTE,
    OPH_FIELD_REVIEW_ASKED_AT,
    OPH_FIELD_REVIEW_RESULT,
    OPH_FIELD_REVIEW_DECIDED_AT,
    OPH_FIELD_REVIEW_NOTE,
    /* people and roles */
    OPH_FIELD_STAFF_NUMBER, /* a person's, or the one named for a role */
    OPH_FIELD_NAME,
    OPH_FIELD_RANK,
    OPH_FIELD_TEAM,
    OPH_FIELD_PERSON_ROLE,
    /* due-time rules, bank holidays */
    OPH_FIELD_RULE_NAME,
    OPH_FIELD_RULE_DESCRIPTION,
    OPH_FIELD_RULE_STARTS,
    OPH_FIELD_RULE_AMOUNT,
    OPH_FIELD_RULE_BASE,
    OPH_FIELD_DATE,
    OPH_FIELD_COUNT
};

/* Why it was refused. */
enum oph_rule {
    OPH_RULE_NONE = 0,
    OPH_RULE_REQUIRED,        /* left empty */
    OPH_RULE_TOO_LONG,        /* more characters than the field holds */
    OPH_RULE_BAD_TEXT,        /* characters the field does not take */
    OPH_RULE_UNKNOWN,         /* not one of the values the field takes */
    OPH_RULE_OUT_OF_RANGE,    /* a number outside its bounds */
    OPH_RULE_IN_FUTURE,       /* a time later than now */
    OPH_RULE_TOO_EARLY,       /* a time before 1990 */
    OPH_RULE_BEFORE_INCIDENT, /* a time before the assault happened */
    OPH_RULE_OUT_OF_ORDER,    /* before what it follows (a result before its request) */
    OPH_RULE_NEEDED,          /* the request needs this recorded first, or given with it */
    OPH_RULE_ALREADY,         /* already done, recorded, signed or existing */
    OPH_RULE_CLOSED,          /* the case is closed */
    OPH_RULE_PENDING,         /* items still pending stand in the way */
    OPH_RULE_NOT_FOUND,       /* no such case, item, person or rule */
    OPH_RULE_IS_VICTIM,       /* the victim named where they never may be */
    OPH_RULE_NOT_ALLOWED,     /* not for this kind of item or outcome */
    OPH_RULE_IN_USE,          /* a staff number someone else has */
    OPH_RULE_COUNT
};

/* The kind of item a refusal is about; item_number is then its step code (enum step_code)
 * for a step, its number in the case for a follow-up or evidence item. A step's sentence names
 * its step, and so does a sentence about a follow-up or evidence item as a whole (field
 * OPH_FIELD_ITEM: not found, already done) or about its case; a sentence about one of a
 * follow-up's or evidence item's own fields (its time, note, reason, route, references) does
 * not name it: the front end does ("follow-up #12: ..."), or shows it beside its row. */
enum oph_item { OPH_ITEM_NONE = 0, OPH_ITEM_STEP, OPH_ITEM_FOLLOWUP, OPH_ITEM_EVIDENCE };

struct oph_error {
    enum oph_err_kind kind;
    enum oph_field field; /* OPH_FIELD_NONE: about nothing a front end shows as a field */
    enum oph_rule rule;
    enum oph_item item;
    int item_number;
    char msg[512]; /* one plain sentence */
};

/* Sets err (may be NULL) and returns -1, so callers can `return oph_fail(...)`. The field,
 * rule and item are cleared: say them with oph_fail_at or oph_error_at. */
int oph_fail(struct oph_error *err, enum oph_err_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* oph_fail, naming the field at fault and the rule it broke. */
int oph_fail_at(struct oph_error *err, enum oph_err_kind kind, enum oph_field field,
                enum oph_rule rule, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Names the field of the refusal already in err (a check that knows the rule but not which
 * field it was given); rule OPH_RULE_NONE keeps the rule it has. Returns -1. */
int oph_error_at(struct oph_error *err, enum oph_field field, enum oph_rule rule);
/* Names the item the refusal in err is about. */
void oph_error_item(struct oph_error *err, enum oph_item item, int number);
void oph_error_clear(struct oph_error *err);
/* The field's name in plain words ("crime reference"), for tests and logs. */
const char *oph_field_name(enum oph_field field);

#endif
