/* A case as one JSON object: the contract of `case show --format json`, read by tests and by
 * users' scripts, so keys are only ever added, never renamed. */
#include "ophamp/export.h"

#include "ophamp/json.h"
#include "ophamp/plan.h"
#include "summary.h"

/* The name of an enum value, or null when not recorded (-1) or out of range. */
static void put_vocab(struct json_writer *w, const struct vocab *v, int value)
{
    jw_string(w, summary_vocab(v, value));
}

static void put_tri(struct json_writer *w, int value)
{
    if (value == TRI_UNKNOWN)
        jw_null(w);
    else
        jw_bool(w, value != TRI_NO);
}

static bool past_due(oph_time due_at, oph_time now)
{
    return due_at != OPH_NO_TIME && due_at < now;
}

/* "on_time": true done on time, false done late, null pending, overdue or not applicable;
 * "overdue": pending past its due time. */
static void put_timeliness(struct json_writer *w, enum timeliness t)
{
    int on_time = timeliness_on_time(t);
    jw_key(w, "on_time");
    if (on_time < 0)
        jw_null(w);
    else
        jw_bool(w, on_time == 1);
    jw_key(w, "overdue");
    jw_bool(w, t == TIMELY_OVERDUE);
}

static void key_str(struct json_writer *w, const char *key, const char *s)
{
    jw_key(w, key);
    jw_string_or_null(w, s);
}

static void key_time(struct json_writer *w, const char *key, oph_time t)
{
    jw_key(w, key);
    jw_time(w, t);
}

static void key_vocab(struct json_writer *w, const char *key, const struct vocab *v, int value)
{
    jw_key(w, key);
    put_vocab(w, v, value);
}

static void put_victim(struct json_writer *w, const struct case_detail *c)
{
    const struct person *p = &c->victim;
    jw_key(w, "victim");
    jw_begin_object(w);
    jw_key(w, "name");
    jw_string(w, p->name);
    jw_key(w, "number");
    jw_string(w, p->number[0] ? p->number : c->facts.victim_number);
    key_vocab(w, "role", &VOCAB_PERSON_ROLE, (int)p->role);
    key_str(w, "rank", p->rank);
    key_str(w, "team", p->team);
    jw_end_object(w);
}

static void put_facts(struct json_writer *w, const struct case_facts *f)
{
    key_time(w, "occurred_at", f->occurred_at);
    key_time(w, "reported_at", f->reported_at);
    key_str(w, "location", f->location);
    key_vocab(w, "location_kind", &VOCAB_LOCATION, f->location_kind);
    key_str(w, "offence", f->offence);
    key_str(w, "summary", f->summary);
    key_vocab(w, "mechanism", &VOCAB_MECHANISM, f->mechanism);
    key_vocab(w, "injury", &VOCAB_INJURY, f->injury);
    key_str(w, "body_part", f->body_part);
    key_vocab(w, "treatment", &VOCAB_TREATMENT, f->treatment);
    jw_key(w, "specified_injury");
    jw_bool(w, f->specified_injury);
    jw_key(w, "days_off");
    jw_int(w, f->days_off);
    jw_key(w, "off_work");
    jw_bool(w, f->off_work);
    jw_key(w, "offender_known");
    put_tri(w, f->offender_known);
    key_time(w, "arrested_at", f->arrested_at);
    key_str(w, "thor", f->thor);
    key_str(w, "crime_reference", f->crime_reference);
    key_vocab(w, "referral", &VOCAB_REFERRAL, f->referral);
    jw_key(w, "enhanced_rights");
    put_tri(w, f->enhanced_rights);
    jw_key(w, "vps_offered");
    put_tri(w, f->vps_offered);
    jw_key(w, "support_score");
    if (f->support_score == 0)
        jw_null(w);
    else
        jw_int(w, f->support_score);
    key_time(w, "died_at", f->died_at);
    /* What RIDDOR asks of the case, worked out from the facts (an import ignores it). */
    enum riddor_class k =
        riddor_classify(f->days_off, f->specified_injury, f->died_at != OPH_NO_TIME);
    char words[200];
    riddor_words(k, f->days_off, words, sizeof words);
    jw_key(w, "riddor");
    jw_begin_object(w);
    key_str(w, "class", riddor_class_name(k));
    key_str(w, "text", words);
    jw_end_object(w);
}

/* "roles": each role holder's staff number (the first contract, kept as it was);
 * "role_holders": each as {number, name}, or null. */
static void put_roles(struct json_writer *w, const struct case_detail *c)
{
    jw_key(w, "roles");
    jw_begin_object(w);
    for (int i = 0; i < SUMMARY_N_ROLES; i++) {
        const struct role_holder *h = &c->roles[summary_roles[i].role];
        jw_key(w, summary_roles[i].key);
        jw_string_or_null(w, h->set ? h->number : NULL);
    }
    jw_end_object(w);
    jw_key(w, "role_holders");
    jw_begin_object(w);
    for (int i = 0; i < SUMMARY_N_ROLES; i++) {
        const struct role_holder *h = &c->roles[summary_roles[i].role];
        jw_key(w, summary_roles[i].key);
        if (!h->set) {
            jw_null(w);
            continue;
        }
        jw_begin_object(w);
        key_str(w, "number", h->number);
        key_str(w, "name", h->name);
        jw_end_object(w);
    }
    jw_end_object(w);
}

static void put_step(struct json_writer *w, const struct step *s, oph_time now)
{
    jw_begin_object(w);
    key_vocab(w, "code", &VOCAB_STEP, (int)s->code);
    jw_key(w, "title");
    jw_string(w, (int)s->code >= 0 && s->code < STEP_COUNT ? step_title(s->code) : NULL);
    key_vocab(w, "status", &VOCAB_STATUS, (int)s->status);
    key_time(w, "due_at", s->due_at);
    key_time(w, "done_at", s->done_at);
    key_str(w, "done_by", s->done_by);
    key_str(w, "reason", s->reason);
    key_str(w, "note", s->note);
    put_timeliness(w, item_timeliness(s->status, s->due_at, s->done_at, now));
    if (s->code == STEP_IOD) {
        key_time(w, "victim_signed_at", s->victim_signed_at);
        key_time(w, "supervisor_signed_at", s->supervisor_signed_at);
    }
    jw_end_object(w);
}

/* Who did it, when the case's log says so (a case read with its actions). */
static void put_by(struct json_writer *w, const struct case_detail *c, int64_t action)
{
    const char *by = summary_by(c, action);
    if (!by)
        return;
    jw_key(w, "by");
    jw_string(w, by);
}

static void put_followup(struct json_writer *w, const struct case_detail *c,
                         const struct followup *f, oph_time now)
{
    jw_begin_object(w);
    jw_key(w, "id");
    jw_int(w, f->id);
    jw_key(w, "number");
    jw_int(w, f->number);
    key_vocab(w, "kind", &VOCAB_FOLLOWUP, (int)f->kind);
    key_str(w, "rule", f->rule);
    key_vocab(w, "status", &VOCAB_STATUS, (int)f->status);
    key_time(w, "event_at", f->event_at);
    key_time(w, "due_at", f->due_at);
    key_time(w, "done_at", f->done_at);
    key_str(w, "reason", f->reason);
    key_str(w, "note", f->note);
    key_str(w, "done_by", f->done_by);
    key_vocab(w, "route", &VOCAB_RIDDOR_ROUTE, f->route);
    key_str(w, "reference", f->reference);
    put_timeliness(w, item_timeliness(f->status, f->due_at, f->done_at, now));
    put_by(w, c, f->by_action);
    jw_end_object(w);
}

static void put_evidence(struct json_writer *w, const struct case_detail *c,
                         const struct evidence_item *e, oph_time now)
{
    jw_begin_object(w);
    jw_key(w, "id");
    jw_int(w, e->id);
    jw_key(w, "number");
    jw_int(w, e->number);
    key_vocab(w, "kind", &VOCAB_EVIDENCE_KIND, (int)e->kind);
    key_vocab(w, "status", &VOCAB_EVIDENCE_STATUS, (int)e->status);
    key_str(w, "ref", e->ref);
    key_str(w, "reason", e->reason);
    key_time(w, "due_at", e->due_at);
    jw_key(w, "overdue");
    jw_bool(w, e->status == EVS_REQUESTED && past_due(e->due_at, now));
    key_time(w, "created_at", e->created_at);
    key_time(w, "updated_at", e->updated_at);
    put_by(w, c, e->by_action);
    jw_end_object(w);
}

static void put_timeline_entry(struct json_writer *w, const struct case_detail *c,
                               const struct timeline_entry *t)
{
    jw_begin_object(w);
    jw_key(w, "id");
    jw_int(w, t->id);
    jw_key(w, "kind");
    jw_string(w, summary_timeline_kind(t->kind));
    key_time(w, "at", t->at);
    key_str(w, "label", t->label);
    key_str(w, "text", t->text);
    put_by(w, c, t->by_action);
    jw_end_object(w);
}

void export_case_json(FILE *out, const struct case_detail *c, oph_time now)
{
    struct json_writer w;
    jw_init(&w, out, true);
    export_case_json_to(&w, c, now);
    jw_finish(&w);
}

void export_case_json_to(struct json_writer *w, const struct case_detail *c, oph_time now)
{
    jw_begin_object(w);
    jw_key(w, "uuid");
    jw_string(w, c->uuid);
    jw_key(w, "reference");
    jw_string(w, c->reference);
    jw_key(w, "status");
    jw_string(w, c->closed ? "closed" : "open");
    put_victim(w, c);
    put_facts(w, &c->facts);
    put_roles(w, c);

    jw_key(w, "steps");
    jw_begin_array(w);
    for (int i = 0; i < STEP_COUNT; i++)
        put_step(w, &c->steps[i], now);
    jw_end_array(w);

    jw_key(w, "followups");
    jw_begin_array(w);
    for (int i = 0; i < c->n_followups; i++)
        put_followup(w, c, &c->followups[i], now);
    jw_end_array(w);

    jw_key(w, "evidence");
    jw_begin_array(w);
    for (int i = 0; i < c->n_evidence; i++)
        put_evidence(w, c, &c->evidence[i], now);
    jw_end_array(w);

    jw_key(w, "timeline");
    jw_begin_array(w);
    for (int i = 0; i < c->n_timeline; i++)
        put_timeline_entry(w, c, &c->timeline[i]);
    jw_end_array(w);

    key_vocab(w, "outcome", &VOCAB_OUTCOME, c->outcome);
    key_time(w, "outcome_at", c->outcome_at);
    key_time(w, "closed_at", c->closed_at);
    key_str(w, "closing_note", c->closing_note);
    key_vocab(w, "no_arrest_reason", &VOCAB_NO_ARREST, c->no_arrest_reason);
    key_str(w, "no_arrest_note", c->no_arrest_note);
    jw_key(w, "review");
    jw_begin_object(w);
    key_time(w, "until", c->review_until);
    key_time(w, "asked_at", c->review_asked_at);
    key_vocab(w, "result", &VOCAB_REVIEW_RESULT, c->review_result);
    key_time(w, "decided_at", c->review_decided_at);
    key_str(w, "note", c->review_note);
    jw_end_object(w);
    key_time(w, "created_at", c->created_at);
    if (c->n_actions > 0) {
        /* The case's own log, oldest first: who did what, when. */
        jw_key(w, "actions");
        jw_begin_array(w);
        for (int i = 0; i < c->n_actions; i++) {
            const struct case_action *a = &c->actions[i];
            jw_begin_object(w);
            jw_key(w, "id");
            jw_int(w, a->id);
            jw_key(w, "at");
            jw_string(w, a->at);
            jw_key(w, "by");
            jw_string(w, a->actor);
            jw_key(w, "what");
            jw_string(w, a->what);
            jw_end_object(w);
        }
        jw_end_array(w);
    }
    jw_end_object(w);
}
