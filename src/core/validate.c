/* Checks of typed facts, each naming the field at fault: the same for every front end. */
#include "ophamp/workflow.h"

#include <string.h>

#include "ophamp/text.h"

/* Times before this are typing mistakes, not assaults this program will ever hold. */
#define EARLIEST_TIME ((oph_time)631152000) /* 1990-01-01T00:00:00Z */
#define CLOCK_GRACE 60

/* The field a check's word names: each check is given the word its message starts with, and
 * says the field as data too. */
static const struct {
    const char *word;
    enum oph_field field;
} field_words[] = {
    {"victim staff number", OPH_FIELD_VICTIM},
    {"supervisor staff number", OPH_FIELD_SUPERVISOR},
    {"staff number", OPH_FIELD_STAFF_NUMBER},
    {"occurred", OPH_FIELD_OCCURRED_AT},
    {"reported", OPH_FIELD_REPORTED_AT},
    {"arrested", OPH_FIELD_ARRESTED_AT},
    {"died", OPH_FIELD_DIED_AT},
    {"location", OPH_FIELD_LOCATION},
    {"offence", OPH_FIELD_OFFENCE},
    {"summary", OPH_FIELD_SUMMARY},
    {"body part", OPH_FIELD_BODY_PART},
    {"THOR assessment", OPH_FIELD_THOR},
    {"crime reference", OPH_FIELD_CRIME_REFERENCE},
    {"case reference", OPH_FIELD_CASE},
    {"done", OPH_FIELD_AT},
    {"closing", OPH_FIELD_AT},
    {"outcome", OPH_FIELD_AT},
    {"decision", OPH_FIELD_AT},
    {"appointment", OPH_FIELD_AT},
    {"welfare contact", OPH_FIELD_AT},
    {"victim update", OPH_FIELD_AT},
    {"review request", OPH_FIELD_REVIEW_ASKED_AT},
    {"review result", OPH_FIELD_REVIEW_DECIDED_AT},
    {"review note", OPH_FIELD_REVIEW_NOTE},
    {"note", OPH_FIELD_NOTE},
    {"closing note", OPH_FIELD_NOTE},
    {"text", OPH_FIELD_NOTE},
    {"reason", OPH_FIELD_REASON},
    {"reason for no arrest", OPH_FIELD_NO_ARREST_NOTE},
    {"done by", OPH_FIELD_DONE_BY},
    {"HSE reference", OPH_FIELD_HSE_REFERENCE},
    {"evidence reference", OPH_FIELD_EVIDENCE_REFERENCE},
    {"name", OPH_FIELD_NAME},
    {"rank", OPH_FIELD_RANK},
    {"team", OPH_FIELD_TEAM},
    {"description", OPH_FIELD_RULE_DESCRIPTION},
};

int check_at(const char *word, enum oph_rule rule, struct oph_error *err)
{
    enum oph_field field = OPH_FIELD_NONE;
    for (size_t i = 0; word && i < sizeof field_words / sizeof *field_words; i++)
        if (strcmp(word, field_words[i].word) == 0)
            field = field_words[i].field;
    return oph_error_at(err, field, rule);
}

int check_text(const char *field, const char *s, size_t max_chars, unsigned flags,
               struct oph_error *err)
{
    if (!s || !*s) {
        if (flags & TEXT_REQUIRED)
            return oph_fail(err, OPH_INVALID, "%s is required", field),
                   check_at(field, OPH_RULE_REQUIRED, err);
        return 0;
    }
    enum text_check rc = text_check(s, max_chars, flags);
    if (rc == TEXT_TOO_LONG)
        return oph_fail(err, OPH_INVALID, "%s is too long (at most %zu characters)", field,
                        max_chars),
               check_at(field, OPH_RULE_TOO_LONG, err);
    if (rc != TEXT_OK)
        return oph_fail(err, OPH_INVALID, "%s %s", field, text_check_message(rc)),
               check_at(field, rc == TEXT_EMPTY ? OPH_RULE_REQUIRED : OPH_RULE_BAD_TEXT, err);
    return 0;
}

int check_not_future(const char *field, oph_time t, oph_time now, struct oph_error *err)
{
    char when[OPH_LOCAL_LEN];
    if (t > now + CLOCK_GRACE) {
        time_format_local(t, when);
        return oph_fail(err, OPH_REFUSED, "%s time %s is in the future", field, when),
               check_at(field, OPH_RULE_IN_FUTURE, err);
    }
    if (t < EARLIEST_TIME) {
        time_format_local(t, when);
        return oph_fail(err, OPH_REFUSED, "%s time %s is before 1990", field, when),
               check_at(field, OPH_RULE_TOO_EARLY, err);
    }
    return 0;
}

/* ---- staff numbers ------------------------------------------------------------------ */

static bool number_char(unsigned cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ||
           cp == '-' || cp == '/';
}

/* What a character that is not allowed in a staff number is, in words. */
static const char *number_char_kind(unsigned cp)
{
    if (cp == ' ')
        return "a space";
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
        return "a control character";
    if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
        cp == 0x3000)
        return "a space of another kind";
    if ((cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF || cp == 0xAD ||
        cp == 0x034F || cp == 0x180E)
        return "an invisible character";
    if (cp == 0x200E || cp == 0x200F || cp == 0x061C || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069))
        return "a direction mark";
    if (cp >= 0x0400 && cp <= 0x052F)
        return "a Cyrillic letter";
    if (cp >= 0x0370 && cp <= 0x03FF)
        return "a Greek letter";
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return "a full-width character";
    if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
        return "a dash other than -";
    return cp < 0x80 ? "punctuation" : "a character outside A-Z, a-z and 0-9";
}

int check_staff_number(const char *field, const char *number, bool required, struct oph_error *err)
{
    if (!number || !*number)
        return required ? (oph_fail(err, OPH_INVALID, "%s is required", field),
                           check_at(field, OPH_RULE_REQUIRED, err))
                        : 0;
    const unsigned char *p = (const unsigned char *)number;
    size_t n = strlen(number), chars = 0;
    while (n > 0) {
        unsigned cp;
        size_t k = utf8_decode(p, n, &cp);
        if (k == 0)
            return oph_fail(err, OPH_INVALID, "%s is not valid UTF-8", field),
                   check_at(field, OPH_RULE_BAD_TEXT, err);
        if (!number_char(cp))
            return oph_fail(err, OPH_INVALID,
                            "%s contains U+%04X (%s): a staff number is ASCII letters, digits, "
                            "- and / only",
                            field, cp, number_char_kind(cp)),
                   check_at(field, OPH_RULE_BAD_TEXT, err);
        chars++;
        p += k;
        n -= k;
    }
    if (chars > MAX_NUMBER)
        return oph_fail(err, OPH_INVALID, "%s is too long (at most %d characters)", field,
                        MAX_NUMBER),
               check_at(field, OPH_RULE_TOO_LONG, err);
    return 0;
}

bool staff_number_same(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'a' && x <= 'z')
            x = (unsigned char)(x - 'a' + 'A');
        if (y >= 'a' && y <= 'z')
            y = (unsigned char)(y - 'a' + 'A');
        if (x != y)
            return false;
        if (x == '\0')
            return true;
    }
}

int check_person(const struct person *p, struct oph_error *err)
{
    if (check_text("name", p->name, MAX_NAME, TEXT_REQUIRED, err) ||
        check_staff_number("staff number", p->number, true, err) ||
        check_text("rank", p->rank, MAX_SHORT, 0, err) ||
        check_text("team", p->team, MAX_SHORT, 0, err))
        return -1;
    if ((unsigned)p->role >= ROLE_COUNT)
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_PERSON_ROLE, OPH_RULE_UNKNOWN,
                           "unknown role");
    return 0;
}

static int check_vocab(const struct vocab *v, int value, bool optional, struct oph_error *err)
{
    if ((optional && value == -1) || (value >= 0 && (size_t)value < v->count))
        return 0;
    return oph_fail_at(err, OPH_INVALID, OPH_FIELD_NONE, OPH_RULE_UNKNOWN, "unknown %s", v->what);
}

/* Each check names the fact it found at fault through *at, and in err as data. */
#define FAIL_AT(fact, id, call)                                                                    \
    do {                                                                                           \
        if (call) {                                                                                \
            *at = (fact);                                                                          \
            return oph_error_at(err, id, OPH_RULE_NONE);                                           \
        }                                                                                          \
    } while (0)

int check_case_facts_at(const struct case_facts *f, oph_time now, enum fact_field *at,
                        struct oph_error *err)
{
    enum fact_field ignored;
    if (!at)
        at = &ignored;
    *at = FACT_NONE;
    FAIL_AT(FACT_VICTIM, OPH_FIELD_VICTIM,
            check_staff_number("victim staff number", f->victim_number, true, err));
    FAIL_AT(FACT_SUPERVISOR, OPH_FIELD_SUPERVISOR,
            check_staff_number("supervisor staff number", f->supervisor_number, true, err));
    FAIL_AT(FACT_LOCATION, OPH_FIELD_LOCATION,
            check_text("location", f->location, MAX_LOCATION, TEXT_REQUIRED, err));
    FAIL_AT(FACT_OFFENCE, OPH_FIELD_OFFENCE,
            check_text("offence", f->offence, MAX_OFFENCE, 0, err));
    FAIL_AT(FACT_SUMMARY, OPH_FIELD_SUMMARY,
            check_text("summary", f->summary, MAX_TEXT, TEXT_MULTILINE, err));
    FAIL_AT(FACT_BODY_PART, OPH_FIELD_BODY_PART,
            check_text("body part", f->body_part, MAX_SHORT, 0, err));
    FAIL_AT(FACT_THOR, OPH_FIELD_THOR,
            check_text("THOR assessment", f->thor, MAX_TEXT, TEXT_MULTILINE, err));
    FAIL_AT(FACT_CRIME_REFERENCE, OPH_FIELD_CRIME_REFERENCE,
            check_text("crime reference", f->crime_reference, MAX_CRIME_REF, 0, err));
    FAIL_AT(FACT_LOCATION_KIND, OPH_FIELD_LOCATION_KIND,
            check_vocab(&VOCAB_LOCATION, f->location_kind, false, err));
    FAIL_AT(FACT_INJURY, OPH_FIELD_INJURY, check_vocab(&VOCAB_INJURY, f->injury, false, err));
    FAIL_AT(FACT_MECHANISM, OPH_FIELD_MECHANISM,
            check_vocab(&VOCAB_MECHANISM, f->mechanism, true, err));
    FAIL_AT(FACT_TREATMENT, OPH_FIELD_TREATMENT,
            check_vocab(&VOCAB_TREATMENT, f->treatment, true, err));
    FAIL_AT(FACT_REFERRAL, OPH_FIELD_REFERRAL,
            check_vocab(&VOCAB_REFERRAL, f->referral, true, err));
    FAIL_AT(FACT_OCCURRED, OPH_FIELD_OCCURRED_AT,
            f->occurred_at == OPH_NO_TIME &&
                oph_fail_at(err, OPH_INVALID, OPH_FIELD_NONE, OPH_RULE_REQUIRED,
                            "occurred time is required"));
    FAIL_AT(FACT_OCCURRED, OPH_FIELD_OCCURRED_AT,
            check_not_future("occurred", f->occurred_at, now, err));
    FAIL_AT(FACT_REPORTED, OPH_FIELD_REPORTED_AT,
            check_not_future("reported", f->reported_at, now, err));
    FAIL_AT(FACT_REPORTED, OPH_FIELD_REPORTED_AT,
            f->reported_at < f->occurred_at &&
                oph_fail_at(err, OPH_REFUSED, OPH_FIELD_NONE, OPH_RULE_BEFORE_INCIDENT,
                            "reported time is before the occurred time"));
    if (f->arrested_at != OPH_NO_TIME) {
        FAIL_AT(FACT_ARRESTED, OPH_FIELD_ARRESTED_AT,
                check_not_future("arrested", f->arrested_at, now, err));
        FAIL_AT(FACT_ARRESTED, OPH_FIELD_ARRESTED_AT,
                f->arrested_at < f->occurred_at &&
                    oph_fail_at(err, OPH_REFUSED, OPH_FIELD_NONE, OPH_RULE_BEFORE_INCIDENT,
                                "arrested time is before the occurred time"));
    }
    if (f->died_at != OPH_NO_TIME) {
        FAIL_AT(FACT_DIED, OPH_FIELD_DIED_AT, check_not_future("died", f->died_at, now, err));
        FAIL_AT(FACT_DIED, OPH_FIELD_DIED_AT,
                f->died_at < f->occurred_at &&
                    oph_fail_at(err, OPH_REFUSED, OPH_FIELD_NONE, OPH_RULE_BEFORE_INCIDENT,
                                "died time is before the occurred time"));
    }
    FAIL_AT(FACT_DAYS_OFF, OPH_FIELD_DAYS_OFF,
            (f->days_off < 0 || f->days_off > MAX_DAYS_OFF) &&
                oph_fail_at(err, OPH_INVALID, OPH_FIELD_NONE, OPH_RULE_OUT_OF_RANGE,
                            "days off must be between 0 and %d", MAX_DAYS_OFF));
    FAIL_AT(FACT_SUPPORT_SCORE, OPH_FIELD_SUPPORT_SCORE,
            (f->support_score < 0 || f->support_score > 5) &&
                oph_fail_at(err, OPH_INVALID, OPH_FIELD_NONE, OPH_RULE_OUT_OF_RANGE,
                            "support score must be between 1 and 5"));
    static const char tri_msg[] = "a yes/no fact has an unknown value";
    FAIL_AT(FACT_OFFENDER_KNOWN, OPH_FIELD_OFFENDER_KNOWN,
            (f->offender_known < -1 || f->offender_known > 1) &&
                oph_fail_at(err, OPH_INVALID, OPH_FIELD_NONE, OPH_RULE_UNKNOWN, tri_msg));
    FAIL_AT(FACT_ENHANCED_RIGHTS, OPH_FIELD_ENHANCED_RIGHTS,
            (f->enhanced_rights < -1 || f->enhanced_rights > 1) &&
                oph_fail_at(err, OPH_INVALID, OPH_FIELD_NONE, OPH_RULE_UNKNOWN, tri_msg));
    FAIL_AT(FACT_VPS_OFFERED, OPH_FIELD_VPS_OFFERED,
            (f->vps_offered < -1 || f->vps_offered > 1) &&
                oph_fail_at(err, OPH_INVALID, OPH_FIELD_NONE, OPH_RULE_UNKNOWN, tri_msg));
    FAIL_AT(FACT_SUPERVISOR, OPH_FIELD_SUPERVISOR,
            staff_number_same(f->victim_number, f->supervisor_number) &&
                oph_fail_at(err, OPH_REFUSED, OPH_FIELD_NONE, OPH_RULE_IS_VICTIM,
                            "the supervisor must be someone other than the victim"));
    return 0;
}
#undef FAIL_AT

int check_case_facts(const struct case_facts *f, oph_time now, struct oph_error *err)
{
    return check_case_facts_at(f, now, NULL, err);
}

int check_role(const struct case_detail *c, enum case_role role, const struct person *p,
               struct oph_error *err)
{
    if (!staff_number_same(p->number, c->victim.number))
        return 0;
    switch (role) {
    case CROLE_INVESTIGATOR:
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_STAFF_NUMBER, OPH_RULE_IS_VICTIM,
                           "%s is the victim and can never investigate their own assault (point c)",
                           p->number);
    case CROLE_STATEMENT_TAKER:
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_STAFF_NUMBER, OPH_RULE_IS_VICTIM,
                           "%s is the victim and can never take their own statement (point c)",
                           p->number);
    case CROLE_SUPERVISOR:
    case CROLE_SECOND_LINE:
    case CROLE_WELFARE_OFFICER:
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_STAFF_NUMBER, OPH_RULE_IS_VICTIM,
                           "%s is the victim and cannot be their own %s", p->number,
                           VOCAB_CASE_ROLE.names[role]);
    case CROLE_COUNT:
        break;
    }
    return oph_fail(err, OPH_INVALID, "unknown case role");
}

int check_item_state(enum item_status status, oph_time done_at, const char *reason,
                     struct oph_error *err)
{
    if ((unsigned)status >= STATUS_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown status");
    if (status == STATUS_PENDING && done_at != OPH_NO_TIME)
        return oph_fail(err, OPH_INVALID, "a pending item has no done time");
    if (status != STATUS_PENDING && done_at == OPH_NO_TIME)
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_AT, OPH_RULE_REQUIRED,
                           "%s needs the time it was %s", VOCAB_STATUS.names[status],
                           status == STATUS_DONE ? "done" : "marked not applicable");
    if (status == STATUS_NA &&
        (!reason || text_check(reason, MAX_TEXT, TEXT_REQUIRED | TEXT_MULTILINE)))
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_REASON, OPH_RULE_REQUIRED,
                           "not applicable needs a reason");
    return check_text("reason", reason, MAX_TEXT, TEXT_MULTILINE, err);
}

int check_step(const struct step *s, struct oph_error *err)
{
    if ((unsigned)s->code >= STEP_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown step");
    if (check_item_state(s->status, s->done_at, s->reason, err) ||
        check_text("done by", s->done_by, MAX_SHORT, 0, err) ||
        check_text("note", s->note, MAX_TEXT, TEXT_MULTILINE, err))
        return -1;
    bool signed_any = s->victim_signed_at != OPH_NO_TIME || s->supervisor_signed_at != OPH_NO_TIME;
    if (s->code != STEP_IOD && signed_any)
        return oph_fail(err, OPH_INVALID, "only step iod has sign-offs");
    if (s->code == STEP_IOD && s->status == STATUS_DONE &&
        (s->victim_signed_at == OPH_NO_TIME || s->supervisor_signed_at == OPH_NO_TIME))
        return oph_fail(err, OPH_INVALID,
                        "step iod done needs both sign-offs (the victim and the supervisor)");
    return 0;
}

static int followup_fault(const struct followup *f, const struct rule_set *rules,
                          struct oph_error *err)
{
    if ((unsigned)f->kind >= FU_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown follow-up kind");
    if (!rules || !rule_set_find(rules, f->rule))
        return oph_fail(err, OPH_INVALID, "no due-time rule '%s' (see rule list)", f->rule);
    if (f->due_at == OPH_NO_TIME)
        return oph_fail(err, OPH_INVALID, "due time is required");
    if (f->route != -1 && (f->route < 0 || f->route >= ROUTE_COUNT))
        return oph_fail(err, OPH_INVALID, "unknown reporting route");
    if ((f->route >= 0 || f->reference[0]) && f->kind != FU_RIDDOR)
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_ROUTE, OPH_RULE_NOT_ALLOWED,
                           "a reporting route and an HSE reference are for RIDDOR reports only");
    return check_item_state(f->status, f->done_at, f->reason, err) ||
                   check_text("note", f->note, MAX_TEXT, TEXT_MULTILINE, err) ||
                   check_text("done by", f->done_by, MAX_SHORT, 0, err) ||
                   check_text("HSE reference", f->reference, MAX_HSE_REF, 0, err)
               ? -1
               : 0;
}

int check_followup(const struct followup *f, const struct rule_set *rules, struct oph_error *err)
{
    int rc = followup_fault(f, rules, err);
    if (rc)
        oph_error_item(err, OPH_ITEM_FOLLOWUP, f->number);
    return rc;
}

int check_evidence_reason(enum evidence_status status, const char *reason, struct oph_error *err)
{
    if (check_text("reason", reason, MAX_TEXT, TEXT_MULTILINE, err))
        return -1;
    if (status == EVS_NOT_AVAILABLE &&
        (!reason || text_check(reason, MAX_TEXT, TEXT_REQUIRED | TEXT_MULTILINE)))
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_REASON, OPH_RULE_REQUIRED,
                           "an evidence item not available needs a reason");
    return 0;
}

static int evidence_fault(const struct evidence_item *e, struct oph_error *err)
{
    if ((unsigned)e->kind >= EV_KIND_COUNT || (unsigned)e->status >= EVS_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown evidence kind or status");
    if (e->due_at == OPH_NO_TIME || e->created_at == OPH_NO_TIME || e->updated_at == OPH_NO_TIME)
        return oph_fail(err, OPH_INVALID, "due, created and updated times are required");
    return check_text("evidence reference", e->ref, MAX_SHORT, 0, err) ||
                   check_evidence_reason(e->status, e->reason, err)
               ? -1
               : 0;
}

int check_evidence(const struct evidence_item *e, struct oph_error *err)
{
    int rc = evidence_fault(e, err);
    if (rc)
        oph_error_item(err, OPH_ITEM_EVIDENCE, e->number);
    return rc;
}

int check_timeline_entry(const struct timeline_entry *t, struct oph_error *err)
{
    if (t->at == OPH_NO_TIME)
        return oph_fail(err, OPH_INVALID, "time is required");
    switch (t->kind) {
    case TL_WELFARE:
        if (vocab_find(&VOCAB_WELFARE_METHOD, t->label) < 0)
            return oph_fail_at(err, OPH_INVALID, OPH_FIELD_NONE, OPH_RULE_REQUIRED,
                               "a welfare contact needs its method");
        return check_text("note", t->text, MAX_TEXT, TEXT_REQUIRED | TEXT_MULTILINE, err);
    case TL_DECISION:
        if (vocab_find(&VOCAB_DECISION, t->label) < 0)
            return oph_fail(err, OPH_INVALID, "a decision needs its kind");
        if (t->text[0])
            return oph_fail(err, OPH_INVALID, "a decision has no text");
        return 0;
    case TL_VICTIM_UPDATE:
    case TL_NOTE:
        if (t->label[0])
            return oph_fail(err, OPH_INVALID, "a %s has no label",
                            t->kind == TL_NOTE ? "note" : "victim update");
        return check_text(t->kind == TL_NOTE ? "text" : "note", t->text, MAX_TEXT,
                          TEXT_REQUIRED | TEXT_MULTILINE, err);
    case TL_COUNT:
        break;
    }
    return oph_fail(err, OPH_INVALID, "unknown timeline entry");
}
