/* A case object of a bundle read into a struct case_detail, field by field (json_get.c),
 * each checked on its own: its kind, its text's length and characters, its vocabulary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"
#include "ophamp/xalloc.h"

/* The JSON keys of case_json.c's contract. */
const struct bundle_role_key bundle_role_keys[CROLE_COUNT] = {
    {CROLE_SUPERVISOR, "supervisor"},           {CROLE_SECOND_LINE, "second_line"},
    {CROLE_INVESTIGATOR, "investigator"},       {CROLE_STATEMENT_TAKER, "statement_taker"},
    {CROLE_WELFARE_OFFICER, "welfare_officer"},
};
static const char *const timeline_kinds[TL_COUNT] = {
    [TL_WELFARE] = "welfare-contact",
    [TL_VICTIM_UPDATE] = "victim-update",
    [TL_DECISION] = "decision",
    [TL_NOTE] = "note",
};

static bool is_uuid(const char *s)
{
    if (strlen(s) != UUID_LEN)
        return false;
    for (int i = 0; i < UUID_LEN; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    }
    return true;
}

/* OPH-YYYY-NNNNN, as the schema's GLOB has it. */
static bool is_reference(const char *s)
{
    if (strlen(s) != 14 || strncmp(s, "OPH-", 4) != 0 || s[8] != '-')
        return false;
    for (int i = 4; i < 14; i++)
        if (i != 8 && !(s[i] >= '0' && s[i] <= '9'))
            return false;
    return true;
}

static void read_victim(struct reader *r, const struct json_members *o)
{
    struct json_members v;
    struct person *p = &r->c->victim;
    if (!jget_nested(&r->j, o, NULL, "victim", 0, JSON_OBJECT, &v))
        return;
    int role;
    jget_text(&r->j, &v, "victim", "name", 0, p->name, sizeof p->name, MAX_NAME, TEXT_REQUIRED);
    jget_text(&r->j, &v, "victim", "number", 0, p->number, sizeof p->number, MAX_NUMBER,
              TEXT_REQUIRED);
    jget_vocab(&r->j, &v, "victim", "role", F_NULL | F_OPT, &VOCAB_PERSON_ROLE, &role);
    p->role = role < 0 ? ROLE_OFFICER : (enum person_role)role;
    jget_text(&r->j, &v, "victim", "rank", F_NULL | F_OPT, p->rank, sizeof p->rank, MAX_SHORT, 0);
    jget_text(&r->j, &v, "victim", "team", F_NULL | F_OPT, p->team, sizeof p->team, MAX_SHORT, 0);
    json_members_free(&v);
}

static void read_facts(struct reader *r, const struct json_members *o)
{
    struct case_facts *f = &r->c->facts;
    int64_t v = 0;
    jget_time(&r->j, o, NULL, "occurred_at", 0, &f->occurred_at);
    jget_time(&r->j, o, NULL, "reported_at", 0, &f->reported_at);
    jget_text(&r->j, o, NULL, "location", 0, f->location, sizeof f->location, MAX_LOCATION,
              TEXT_REQUIRED);
    jget_vocab(&r->j, o, NULL, "location_kind", 0, &VOCAB_LOCATION, &f->location_kind);
    jget_text(&r->j, o, NULL, "offence", F_NULL, f->offence, sizeof f->offence, MAX_OFFENCE, 0);
    jget_text(&r->j, o, NULL, "summary", F_NULL, f->summary, sizeof f->summary, MAX_TEXT,
              TEXT_MULTILINE);
    jget_vocab(&r->j, o, NULL, "mechanism", F_NULL, &VOCAB_MECHANISM, &f->mechanism);
    jget_vocab(&r->j, o, NULL, "injury", 0, &VOCAB_INJURY, &f->injury);
    jget_text(&r->j, o, NULL, "body_part", F_NULL, f->body_part, sizeof f->body_part, MAX_SHORT, 0);
    jget_vocab(&r->j, o, NULL, "treatment", F_NULL, &VOCAB_TREATMENT, &f->treatment);
    jget_bool(&r->j, o, NULL, "specified_injury", &f->specified_injury);
    jget_int(&r->j, o, NULL, "days_off", 0, 0, MAX_DAYS_OFF, &v);
    f->days_off = (int)v;
    jget_bool(&r->j, o, NULL, "off_work", &f->off_work);
    jget_tri(&r->j, o, NULL, "offender_known", &f->offender_known);
    jget_time(&r->j, o, NULL, "arrested_at", F_NULL, &f->arrested_at);
    jget_text(&r->j, o, NULL, "thor", F_NULL, f->thor, sizeof f->thor, MAX_TEXT, TEXT_MULTILINE);
    jget_text(&r->j, o, NULL, "crime_reference", F_NULL, f->crime_reference,
              sizeof f->crime_reference, MAX_CRIME_REF, 0);
    jget_vocab(&r->j, o, NULL, "referral", F_NULL, &VOCAB_REFERRAL, &f->referral);
    jget_tri(&r->j, o, NULL, "enhanced_rights", &f->enhanced_rights);
    jget_tri(&r->j, o, NULL, "vps_offered", &f->vps_offered);
    v = 0;
    jget_int(&r->j, o, NULL, "support_score", F_NULL, 1, 5, &v);
    f->support_score = (int)v;
    /* Schema 4's facts: a bundle written before has none. */
    jget_time(&r->j, o, NULL, "died_at", F_NULL | F_OPT, &f->died_at);
}

/* The victim's right to review (schema 4; a bundle written before has none). */
static void read_review(struct reader *r, const struct json_members *o)
{
    struct json_members v;
    struct case_detail *c = r->c;
    if (!jget_nested(&r->j, o, NULL, "review", F_NULL | F_OPT, JSON_OBJECT, &v))
        return;
    jget_time(&r->j, &v, "review", "until", F_NULL | F_OPT, &c->review_until);
    jget_time(&r->j, &v, "review", "asked_at", F_NULL | F_OPT, &c->review_asked_at);
    jget_vocab(&r->j, &v, "review", "result", F_NULL | F_OPT, &VOCAB_REVIEW_RESULT,
               &c->review_result);
    jget_time(&r->j, &v, "review", "decided_at", F_NULL | F_OPT, &c->review_decided_at);
    jget_text(&r->j, &v, "review", "note", F_NULL | F_OPT, c->review_note, sizeof c->review_note,
              MAX_TEXT, TEXT_MULTILINE);
    json_members_free(&v);
}

/* "role_holders": {number, name} or null for each role; "roles" (the numbers alone, the
 * first contract) must say the same. */
static void read_roles(struct reader *r, const struct json_members *o)
{
    struct json_members holders, numbers;
    bool have_numbers = jget_nested(&r->j, o, NULL, "roles", 0, JSON_OBJECT, &numbers);
    if (jget_nested(&r->j, o, NULL, "role_holders", 0, JSON_OBJECT, &holders)) {
        for (int i = 0; i < CROLE_COUNT; i++) {
            struct role_holder *h = &r->c->roles[bundle_role_keys[i].role];
            struct json_members one;
            char path[64];
            jget_path(path, sizeof path, "role_holders", bundle_role_keys[i].key);
            if (!jget_nested(&r->j, &holders, "role_holders", bundle_role_keys[i].key, F_NULL,
                             JSON_OBJECT, &one))
                continue;
            jget_text(&r->j, &one, path, "number", 0, h->number, sizeof h->number, MAX_NUMBER,
                      TEXT_REQUIRED);
            jget_text(&r->j, &one, path, "name", 0, h->name, sizeof h->name, MAX_NAME,
                      TEXT_REQUIRED);
            h->set = true;
            json_members_free(&one);
        }
        json_members_free(&holders);
    }
    if (!have_numbers)
        return;
    for (int i = 0; i < CROLE_COUNT; i++) {
        const struct role_holder *h = &r->c->roles[bundle_role_keys[i].role];
        char path[64], number[TXT(MAX_NUMBER)];
        jget_path(path, sizeof path, "roles", bundle_role_keys[i].key);
        long before = r->case_problems;
        jget_text(&r->j, &numbers, "roles", bundle_role_keys[i].key, F_NULL, number, sizeof number,
                  MAX_NUMBER, 0);
        if (r->case_problems == before && strcmp(number, h->set ? h->number : "") != 0)
            reader_problem(r, path, "differs from role_holders.%s", bundle_role_keys[i].key);
    }
    json_members_free(&numbers);
}

/* Item numbers: kept when free here, so they may be left out. */
static void get_id(struct reader *r, const struct json_members *e, const char *path, int64_t *id)
{
    *id = 0;
    jget_int(&r->j, e, path, "id", F_NULL | F_OPT, 1, INT64_MAX, id);
}

/* A follow-up's or evidence item's number in its case (0 when left out): the items are saved
 * in that order, so that they keep their numbers here whatever ids they get. */
static int get_number(struct reader *r, const struct json_members *e, const char *path)
{
    int64_t n = 0;
    jget_int(&r->j, e, path, "number", F_NULL | F_OPT, 1, INT32_MAX, &n);
    return (int)n;
}

/* A vocabulary member's value, or `fallback` when it is left out, null or not a word of v
 * (a problem unless f allows it). */
static int vocab_or(struct reader *r, const struct json_members *e, const char *path,
                    const char *key, unsigned f, const struct vocab *v, int fallback)
{
    int k;
    jget_vocab(&r->j, e, path, key, f, v, &k);
    return k < 0 ? fallback : k;
}

/* What a follow-up and an evidence item begin with: their id and number in the case. */
static void read_numbers(struct reader *r, const struct json_members *e, const char *path,
                         int64_t *id, int *number)
{
    get_id(r, e, path, id);
    *number = get_number(r, e, path);
}

struct steps_read {
    struct reader *r;
    bool seen[STEP_COUNT];
};

static void read_step(void *ctx, const struct json_members *e, const char *path)
{
    struct steps_read *sr = ctx;
    struct reader *r = sr->r;
    int code;
    jget_vocab(&r->j, e, path, "code", 0, &VOCAB_STEP, &code);
    if (code >= 0 && sr->seen[code]) {
        reader_problem(r, path, "step %s is given twice", VOCAB_STEP.names[code]);
        return;
    }
    if (code < 0)
        return;
    struct step *s = &r->c->steps[code];
    sr->seen[code] = true;
    s->status = (enum item_status)vocab_or(r, e, path, "status", 0, &VOCAB_STATUS, STATUS_PENDING);
    jget_time(&r->j, e, path, "due_at", 0, &s->due_at);
    jget_time(&r->j, e, path, "done_at", F_NULL, &s->done_at);
    jget_text(&r->j, e, path, "done_by", F_NULL, s->done_by, sizeof s->done_by, MAX_SHORT, 0);
    jget_text(&r->j, e, path, "reason", F_NULL, s->reason, sizeof s->reason, MAX_TEXT,
              TEXT_MULTILINE);
    jget_text(&r->j, e, path, "note", F_NULL, s->note, sizeof s->note, MAX_TEXT, TEXT_MULTILINE);
    jget_time(&r->j, e, path, "victim_signed_at", F_NULL | F_OPT, &s->victim_signed_at);
    jget_time(&r->j, e, path, "supervisor_signed_at", F_NULL | F_OPT, &s->supervisor_signed_at);
}

static void read_steps(struct reader *r, const struct json_members *o)
{
    struct steps_read sr = {r, {false}};
    if (!jget_each(&r->j, o, "steps", read_step, &sr))
        return;
    for (int s = 0; s < STEP_COUNT; s++)
        if (!sr.seen[s])
            reader_problem(r, "steps", "step %s is missing", VOCAB_STEP.names[s]);
}

static void read_followup(void *ctx, const struct json_members *e, const char *path)
{
    struct reader *r = ctx;
    struct case_detail *c = r->c;
    c->followups =
        record_grow(c->followups, c->n_followups, &c->cap_followups, sizeof *c->followups);
    struct followup *f = &c->followups[c->n_followups++];
    memset(f, 0, sizeof *f);
    read_numbers(r, e, path, &f->id, &f->number);
    f->kind = (enum followup_kind)vocab_or(r, e, path, "kind", 0, &VOCAB_FOLLOWUP, FU_WELFARE);
    jget_text(&r->j, e, path, "rule", 0, f->rule, sizeof f->rule, RULE_KEY_MAX - 1, TEXT_REQUIRED);
    f->status = (enum item_status)vocab_or(r, e, path, "status", 0, &VOCAB_STATUS, STATUS_PENDING);
    jget_time(&r->j, e, path, "event_at", F_NULL, &f->event_at);
    jget_time(&r->j, e, path, "due_at", 0, &f->due_at);
    jget_time(&r->j, e, path, "done_at", F_NULL, &f->done_at);
    jget_text(&r->j, e, path, "reason", F_NULL, f->reason, sizeof f->reason, MAX_TEXT,
              TEXT_MULTILINE);
    jget_text(&r->j, e, path, "note", F_NULL, f->note, sizeof f->note, MAX_TEXT, TEXT_MULTILINE);
    jget_text(&r->j, e, path, "done_by", F_NULL | F_OPT, f->done_by, sizeof f->done_by, MAX_SHORT,
              0);
    jget_vocab(&r->j, e, path, "route", F_NULL | F_OPT, &VOCAB_RIDDOR_ROUTE, &f->route);
    jget_text(&r->j, e, path, "reference", F_NULL | F_OPT, f->reference, sizeof f->reference,
              MAX_HSE_REF, 0);
}

static void read_evidence_item(void *ctx, const struct json_members *e, const char *path)
{
    struct reader *r = ctx;
    struct case_detail *c = r->c;
    c->evidence = record_grow(c->evidence, c->n_evidence, &c->cap_evidence, sizeof *c->evidence);
    struct evidence_item *v = &c->evidence[c->n_evidence++];
    memset(v, 0, sizeof *v);
    read_numbers(r, e, path, &v->id, &v->number);
    v->kind = (enum evidence_kind)vocab_or(r, e, path, "kind", 0, &VOCAB_EVIDENCE_KIND, EV_OTHER);
    v->status = (enum evidence_status)vocab_or(r, e, path, "status", 0, &VOCAB_EVIDENCE_STATUS,
                                               EVS_REQUESTED);
    jget_text(&r->j, e, path, "ref", F_NULL, v->ref, sizeof v->ref, MAX_SHORT, 0);
    jget_text(&r->j, e, path, "reason", F_NULL, v->reason, sizeof v->reason, MAX_TEXT,
              TEXT_MULTILINE);
    jget_time(&r->j, e, path, "due_at", 0, &v->due_at);
    jget_time(&r->j, e, path, "created_at", 0, &v->created_at);
    jget_time(&r->j, e, path, "updated_at", 0, &v->updated_at);
}

static void read_entry(void *ctx, const struct json_members *e, const char *path)
{
    struct reader *r = ctx;
    struct case_detail *c = r->c;
    static const struct vocab kinds = {"timeline entry kind", timeline_kinds, TL_COUNT};
    c->timeline = record_grow(c->timeline, c->n_timeline, &c->cap_timeline, sizeof *c->timeline);
    struct timeline_entry *t = &c->timeline[c->n_timeline++];
    memset(t, 0, sizeof *t);
    get_id(r, e, path, &t->id);
    t->kind = (enum timeline_kind)vocab_or(r, e, path, "kind", 0, &kinds, TL_NOTE);
    jget_time(&r->j, e, path, "at", 0, &t->at);
    jget_text(&r->j, e, path, "label", F_NULL, t->label, sizeof t->label, sizeof t->label - 1, 0);
    jget_text(&r->j, e, path, "text", F_NULL, t->text, sizeof t->text, MAX_TEXT, TEXT_MULTILINE);
}

/* The case's lists: steps, follow-ups, evidence and timeline, element by element. */
static void read_lists(struct reader *r, const struct json_members *o)
{
    read_steps(r, o);
    jget_each(&r->j, o, "followups", read_followup, r);
    jget_each(&r->j, o, "evidence", read_evidence_item, r);
    jget_each(&r->j, o, "timeline", read_entry, r);
}

static void case_init(struct case_detail *c)
{
    case_detail_done(c);
    memset(c, 0, sizeof *c);
    import_case_clear(c);
    for (int s = 0; s < STEP_COUNT; s++) {
        struct step *p = &c->steps[s];
        p->code = (enum step_code)s;
        p->due_at = p->done_at = OPH_NO_TIME;
        p->victim_signed_at = p->supervisor_signed_at = OPH_NO_TIME;
    }
}

/* Whether JSON text escapes a NUL (\u0000): SQLite's json_each would hand the text back cut
 * short at it, so it is looked for in the raw text (an escaped backslash is skipped whole). */
static bool escapes_nul(const char *json, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (json[i] != '\\')
            continue;
        if (json[i + 1] == 'u' && i + 5 < len && memcmp(json + i + 2, "0000", 4) == 0)
            return true;
        i++;
    }
    return false;
}

/* Reads the case object text into r->c; problems reported. */
/* The case's UUID, reference and status. A reference that is not one (OPH-YYYY-NNNNN,
 * numbered from 1) is replaced when the case is added (bundle_write.c), not refused. */
static void read_identity(struct reader *r, const struct json_members *o)
{
    struct case_detail *c = r->c;
    long before = r->case_problems;
    jget_text(&r->j, o, NULL, "uuid", 0, c->uuid, sizeof c->uuid, UUID_LEN, TEXT_REQUIRED);
    if (r->case_problems == before && !is_uuid(c->uuid))
        reader_problem(r, "uuid", "expected a UUID in lower case (8-4-4-4-12 hexadecimal digits)");
    char given[48];
    jget_text(&r->j, o, NULL, "reference", 0, given, sizeof given, sizeof given - 1, TEXT_REQUIRED);
    if (is_reference(given) && atoi(given + 9) > 0)
        memcpy(c->reference, given, REF_LEN + 1);
    else
        c->reference[0] = '\0';
    char status[16];
    before = r->case_problems;
    jget_text(&r->j, o, NULL, "status", 0, status, sizeof status, 8, TEXT_REQUIRED);
    if (r->case_problems == before && strcmp(status, "open") != 0 && strcmp(status, "closed") != 0)
        reader_problem(r, "status", "expected open or closed");
    c->closed = strcmp(status, "closed") == 0;
}

/* The outcome, the closing and why there was no arrest. */
static void read_closing(struct reader *r, const struct json_members *o)
{
    struct case_detail *c = r->c;
    jget_vocab(&r->j, o, NULL, "outcome", F_NULL, &VOCAB_OUTCOME, &c->outcome);
    jget_time(&r->j, o, NULL, "outcome_at", F_NULL, &c->outcome_at);
    jget_time(&r->j, o, NULL, "closed_at", F_NULL, &c->closed_at);
    jget_text(&r->j, o, NULL, "closing_note", F_NULL, c->closing_note, sizeof c->closing_note,
              MAX_TEXT, TEXT_MULTILINE);
    jget_vocab(&r->j, o, NULL, "no_arrest_reason", F_NULL | F_OPT, &VOCAB_NO_ARREST,
               &c->no_arrest_reason);
    jget_text(&r->j, o, NULL, "no_arrest_note", F_NULL | F_OPT, c->no_arrest_note,
              sizeof c->no_arrest_note, MAX_TEXT, TEXT_MULTILINE);
}

void bundle_read_case(struct reader *r, const char *json, size_t len)
{
    struct json_members o;
    struct oph_error e;
    case_init(r->c);
    if (store_json_read(r->app->store, json, len, "$", true, &o, &e)) {
        reader_problem(r, NULL, "%s", e.msg);
        return;
    }
    const struct json_member *ref = jget_find(&o, "reference");
    if (ref && ref->kind == JSON_TEXT)
        text_copy(r->ref, sizeof r->ref, ref->text);
    jget_keys(&r->j, &o, NULL);
    if (escapes_nul(json, len))
        reader_problem(r, NULL, "a text holds a NUL character (\\u0000)");
    read_identity(r, &o);
    read_victim(r, &o);
    read_facts(r, &o);
    read_roles(r, &o);
    read_lists(r, &o);
    read_closing(r, &o);
    read_review(r, &o);
    jget_time(&r->j, &o, NULL, "created_at", 0, &r->c->created_at);
    json_members_free(&o);
}
