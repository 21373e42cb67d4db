/* The seven-point plan's checks (workflow.h): whether a step or a follow-up can be done now,
 * the reason for no arrest, the review of a decision not to prosecute, and whether a case can
 * close; each refusal names what is missing. */
#include "ophamp/workflow.h"

#include <stdio.h>
#include <string.h>

#include "ophamp/text.h"
#include "workflow_internal.h"

static bool has_timeline(const struct case_detail *c, enum timeline_kind kind)
{
    for (int i = 0; i < c->n_timeline; i++)
        if (c->timeline[i].kind == kind)
            return true;
    return false;
}

/* No evidence item still requested, and either is an answer: the items, or the note saying
 * why there are none. */
static bool evidence_settled(const struct case_detail *c, bool noted)
{
    for (int i = 0; i < c->n_evidence; i++)
        if (c->evidence[i].status == EVS_REQUESTED)
            return false;
    return c->n_evidence > 0 || noted;
}

/* Whether the fact `need` (one bit of enum step_need) is recorded, or given with the request
 * (`noted`: a completing note). */
static bool need_met(const struct case_detail *c, unsigned need, bool noted)
{
    const struct case_facts *f = &c->facts;
    switch ((enum step_need)need) {
    case NEED_CRIME_REF:
        return f->crime_reference[0] != '\0';
    case NEED_NOTE:
        return noted;
    case NEED_REFERRAL:
        return f->referral >= 0;
    case NEED_ENHANCED:
        return f->enhanced_rights != TRI_UNKNOWN;
    case NEED_VPS:
        return f->vps_offered == TRI_YES;
    case NEED_INVESTIGATOR:
        return c->roles[CROLE_INVESTIGATOR].set && c->roles[CROLE_STATEMENT_TAKER].set;
    case NEED_WELFARE_CONTACT:
        return has_timeline(c, TL_WELFARE);
    case NEED_SIGN_OFFS:
        return true; /* two sign-offs, checked by the caller one at a time */
    case NEED_EVIDENCE_SETTLED:
        return evidence_settled(c, noted);
    }
    return false;
}

/* The evidence's rule has two refusals: items still requested, or none and no note. */
static int evidence_refusal(const struct case_detail *c, struct oph_error *err)
{
    int open = 0;
    for (int i = 0; i < c->n_evidence; i++)
        open += c->evidence[i].status == EVS_REQUESTED;
    if (open)
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_EVIDENCE_ITEMS, OPH_RULE_PENDING,
                           "step evidence: %d evidence item%s still requested, not secured "
                           "or marked not available",
                           open, open == 1 ? " is" : "s are");
    return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_EVIDENCE_ITEMS, OPH_RULE_NEEDED,
                       "step evidence: no evidence item is recorded; add them or say "
                       "why there is none");
}

/* Why step `code` cannot be done now, the fact it needs named as data (the front ends say
 * how to give it); 0 when it can. The facts are its needs in the definition table, checked
 * in the table's order. */
static int step_refusal(const struct case_detail *c, enum step_code code, const char *note,
                        struct oph_error *err)
{
    if ((unsigned)code >= STEP_COUNT)
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_ITEM, OPH_RULE_UNKNOWN, "unknown step");
    const struct step_def *def = &STEP_DEFS[code];
    if (c->closed)
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_CASE, OPH_RULE_CLOSED, "case %s is closed",
                           c->reference);
    if (c->steps[code].status != STATUS_PENDING)
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_ITEM, OPH_RULE_ALREADY,
                           "step %s is already %s", def->code,
                           VOCAB_STATUS.names[c->steps[code].status]);
    bool noted = note && *note;
    for (int i = 0; i < NEED_COUNT; i++) {
        const struct need_def *need = &NEED_DEFS[i];
        if (!(def->needs & need->need) || need_met(c, need->need, noted))
            continue;
        if (need->need == NEED_EVIDENCE_SETTLED)
            return evidence_refusal(c, err);
        return oph_fail_at(err, OPH_REFUSED, need->field, OPH_RULE_NEEDED, "step %s needs %s",
                           def->code, need->need == NEED_NOTE ? def->note : need->what);
    }
    return 0;
}

int wf_step_ready(const struct case_detail *c, enum step_code code, const char *note,
                  struct oph_error *err)
{
    int rc = step_refusal(c, code, note, err);
    if (rc)
        oph_error_item(err, OPH_ITEM_STEP, (int)code);
    return rc;
}

/* Why follow-up f cannot become `to` with this route and reference; 0 when it can. */
static int followup_refusal(const struct followup *f, enum item_status to, int route,
                            const char *reference, struct oph_error *err)
{
    bool riddor = f->kind == FU_RIDDOR;
    bool given = route >= 0 || (reference && *reference);
    if (!riddor || to != STATUS_DONE) {
        if (given)
            return oph_fail_at(err, OPH_INVALID,
                               route >= 0 ? OPH_FIELD_ROUTE : OPH_FIELD_HSE_REFERENCE,
                               OPH_RULE_NOT_ALLOWED,
                               "a reporting route and an HSE reference are for a RIDDOR report "
                               "done; this follow-up is %s",
                               riddor ? "being marked not applicable" : "not a RIDDOR report");
        return 0;
    }
    if (route < 0 || route >= ROUTE_COUNT)
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_ROUTE, OPH_RULE_NEEDED,
                           "a RIDDOR report done needs how it was made to the HSE: online or "
                           "telephone");
    if (!riddor_route_allowed(f->rule, (enum riddor_route)route))
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_ROUTE, OPH_RULE_NOT_ALLOWED,
                           "the HSE takes an over-7-day report online only (its telephone line is "
                           "for deaths and specified injuries)");
    if (!reference || !*reference)
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_HSE_REFERENCE, OPH_RULE_NEEDED,
                           "a RIDDOR report done needs the reference the HSE gave for it");
    return check_text("HSE reference", reference, MAX_HSE_REF, TEXT_REQUIRED, err);
}

int wf_followup_ready(const struct followup *f, enum item_status to, int route,
                      const char *reference, struct oph_error *err)
{
    int rc = followup_refusal(f, to, route, reference, err);
    if (rc)
        oph_error_item(err, OPH_ITEM_FOLLOWUP, f->number);
    return rc;
}

bool wf_no_arrest_needed(const struct case_detail *c)
{
    return c->facts.offender_known == TRI_YES && c->facts.arrested_at == OPH_NO_TIME;
}

int wf_check_no_arrest(const struct case_detail *c, int reason, const char *note,
                       struct oph_error *err)
{
    char list[200];
    if (check_text("reason for no arrest", note, MAX_TEXT, TEXT_MULTILINE, err))
        return -1;
    if (!wf_no_arrest_needed(c)) {
        if (reason >= 0 || (note && *note))
            return oph_fail_at(err, OPH_INVALID, OPH_FIELD_NO_ARREST_REASON, OPH_RULE_NOT_ALLOWED,
                               "a reason for no arrest is for a known offender who was not "
                               "arrested; case %s's offender is %s",
                               c->reference,
                               c->facts.offender_known != TRI_YES ? "not known" : "arrested");
        return 0;
    }
    if (reason < 0 || reason >= NOARREST_COUNT)
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_NO_ARREST_REASON, OPH_RULE_NEEDED,
                           "case %s: the offender is known and was not arrested, and arrest is the "
                           "preferred outcome: closing needs the reason for no arrest (one of %s)",
                           c->reference, vocab_list(&VOCAB_NO_ARREST, list, sizeof list));
    if (reason == NOARREST_OTHER && (!note || !*note || text_check(note, MAX_TEXT, TEXT_REQUIRED)))
        return oph_fail_at(
            err, OPH_REFUSED, OPH_FIELD_NO_ARREST_NOTE, OPH_RULE_NEEDED,
            "a reason for no arrest of 'other' needs its words (what the reason was)");
    return 0;
}

int wf_review(struct case_detail *c, oph_time asked, int result, oph_time decided, const char *note,
              char *notice, size_t size, struct oph_error *err)
{
    char when[OPH_ZONED_LEN];
    if (c->outcome < 0) /* not NEEDED: the review gives no outcome (the close does) */
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_OUTCOME, OPH_RULE_NOT_ALLOWED,
                           "case %s has no outcome yet: a review is of a decision not to prosecute",
                           c->reference);
    if (!outcome_not_prosecuted(c->outcome))
        return oph_fail_at(
            err, OPH_REFUSED, OPH_FIELD_OUTCOME, OPH_RULE_NOT_ALLOWED,
            "case %s's outcome is %s: only a decision not to prosecute (nfa-*) can be "
            "reviewed",
            c->reference, VOCAB_OUTCOME.names[c->outcome]);
    if (asked == OPH_NO_TIME && result < 0)
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_REVIEW_ASKED_AT, OPH_RULE_REQUIRED,
                           "give when the victim asked for the review, its result, or both");
    if (check_text("review note", note, MAX_TEXT, TEXT_MULTILINE, err))
        return -1;
    if (asked != OPH_NO_TIME && c->review_asked_at != OPH_NO_TIME) {
        time_format_zoned(c->review_asked_at, when);
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_REVIEW_ASKED_AT, OPH_RULE_ALREADY,
                           "case %s: the victim's request for a review is already "
                           "recorded, made %s",
                           c->reference, when);
    }
    oph_time asked_at = asked != OPH_NO_TIME ? asked : c->review_asked_at;
    if (asked != OPH_NO_TIME && asked < c->outcome_at)
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_REVIEW_ASKED_AT, OPH_RULE_OUT_OF_ORDER,
                           "a request for a review comes after the decision: the outcome was "
                           "recorded %s",
                           (time_format_zoned(c->outcome_at, when), when));
    if (result >= 0) {
        if ((unsigned)result >= REVIEW_COUNT)
            return oph_fail_at(err, OPH_INVALID, OPH_FIELD_REVIEW_RESULT, OPH_RULE_UNKNOWN,
                               "unknown review result");
        if (asked_at == OPH_NO_TIME)
            return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_REVIEW_ASKED_AT, OPH_RULE_NEEDED,
                               "case %s: no request for a review is recorded; give when the victim "
                               "asked for it",
                               c->reference);
        if (c->review_result >= 0) {
            time_format_zoned(c->review_decided_at, when);
            return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_REVIEW_RESULT, OPH_RULE_ALREADY,
                               "case %s: the review's result is already recorded: "
                               "%s, %s",
                               c->reference, VOCAB_REVIEW_RESULT.names[c->review_result], when);
        }
        if (decided < asked_at)
            return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_REVIEW_DECIDED_AT, OPH_RULE_OUT_OF_ORDER,
                               "the review's result comes after the request for it (asked %s)",
                               (time_format_zoned(asked_at, when), when));
    }
    if (asked != OPH_NO_TIME) {
        c->review_asked_at = asked;
        if (c->review_until != OPH_NO_TIME && asked > c->review_until) {
            time_format_zoned(c->review_until, when);
            notice_add(notice, size,
                       "the request came after the victim's window to ask closed (%s): recorded "
                       "all the same",
                       when);
        }
    }
    if (result >= 0) {
        c->review_result = result;
        c->review_decided_at = decided;
        if (result == REVIEW_OVERTURNED)
            notice_add(notice, size,
                       "the decision not to prosecute was overturned: the case keeps its recorded "
                       "outcome; record what follows (a note, a new decision)");
    }
    if (note && *note)
        text_copy(c->review_note, sizeof c->review_note, note);
    return 0;
}

int wf_can_close(const struct case_detail *c, int outcome, struct oph_error *err)
{
    if (c->closed)
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_CASE, OPH_RULE_CLOSED,
                           "case %s is already closed", c->reference);
    if (outcome < 0 && c->outcome < 0)
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_OUTCOME, OPH_RULE_NEEDED,
                           "a case closes only with an outcome");
    char pending[128] = "";
    size_t o = 0;
    for (int s = 0; s < STEP_COUNT; s++) {
        if (c->steps[s].status != STATUS_PENDING)
            continue;
        int k =
            snprintf(pending + o, sizeof pending - o, "%s%s", o ? ", " : "", VOCAB_STEP.names[s]);
        if (k > 0 && (size_t)k < sizeof pending - o)
            o += (size_t)k;
    }
    if (o)
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_CASE, OPH_RULE_PENDING,
                           "case %s cannot close: step%s still pending: %s (each must be done or "
                           "not applicable with a reason)",
                           c->reference, strchr(pending, ',') ? "s" : "", pending);
    for (int i = 0; i < c->n_evidence; i++)
        if (c->evidence[i].status == EVS_REQUESTED) {
            oph_fail_at(err, OPH_REFUSED, OPH_FIELD_EVIDENCE_ITEMS, OPH_RULE_PENDING,
                        "case %s cannot close: evidence item #%d is still requested "
                        "(secure it or mark it not available)",
                        c->reference, c->evidence[i].number);
            oph_error_item(err, OPH_ITEM_EVIDENCE, c->evidence[i].number);
            return -1;
        }
    return 0;
}
