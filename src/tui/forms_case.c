/* Forms for the actions inside one case: complete a step or mark it not applicable, assign a
 * role, record a welfare contact, victim update, evidence item, follow-up or note, and close.
 * Each submit calls one app_* action; each field says what the core calls it (form_id), so a
 * refusal is shown under the field it names as data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "ophamp/workflow.h"
#include "tui_internal.h"

/* What a case form remembers: the case, and for an item choice the items' names and numbers
 * (per case, as people see them). */
struct case_form {
    char ref[REF_LEN + 1];
    bool closed;
    char hint[160];
    struct vocab items;
    const char **names;
    char (*labels)[96];
    int *numbers;
    int n;
    unsigned riddor; /* the items (by index, the first 32) that are RIDDOR reports */
};

static void case_form_free(void *p)
{
    struct case_form *cf = p;
    if (!cf)
        return;
    free(cf->names);
    free(cf->labels);
    free(cf->numbers);
    free(cf);
}

static struct form_spec *case_form(struct tui *t, const char *title, const struct case_detail *c,
                                   form_submit_fn submit)
{
    struct case_form *cf = calloc(1, sizeof *cf);
    if (!cf) {
        tui_say(t, true, "out of memory");
        return NULL;
    }
    text_copy(cf->ref, sizeof cf->ref, c->reference);
    cf->closed = c->closed;
    struct form_spec *s = form_new(title, submit, cf, case_form_free);
    snprintf(s->intro, sizeof s->intro, "%s \u00b7 %s (%s)%s", c->reference, c->victim.name,
             c->victim.number, c->closed ? " \u00b7 closed" : "");
    return s;
}

static const char *ref_of(struct form_spec *s)
{
    return ((struct case_form *)s->ctx)->ref;
}

/* Room for n items in the form's own vocabulary. */
static bool items_alloc(struct case_form *cf, int n)
{
    cf->names = calloc((size_t)n, sizeof *cf->names);
    cf->labels = calloc((size_t)n, sizeof *cf->labels);
    cf->numbers = calloc((size_t)n, sizeof *cf->numbers);
    cf->items = (struct vocab){"item", cf->names, 0};
    return cf->names && cf->labels && cf->numbers;
}

static void items_push(struct case_form *cf, int number, const char *label)
{
    text_copy(cf->labels[cf->n], sizeof cf->labels[cf->n], label);
    cf->names[cf->n] = cf->labels[cf->n];
    cf->numbers[cf->n++] = number;
    cf->items.count = (size_t)cf->n;
}

static const char *text_or_null(struct form_spec *s, const char *key)
{
    const char *v = form_text(s, key);
    return v && *v ? v : NULL;
}

static const char *str(struct form_spec *s, const char *key)
{
    const char *v = form_text(s, key);
    return v ? v : "";
}

/* A field, and what the core calls it (id): a refusal naming id is shown under it. */
static struct form_field *add(struct form_spec *s, enum field_kind kind, const char *key,
                              const char *label, unsigned flags, const char *hint,
                              enum oph_field id)
{
    struct form_field *f = form_add(s, kind, key, label, flags, 0);
    f->hint = hint;
    return form_id(f, id, OPH_FIELD_NONE);
}

static struct form_field *add_choice(struct form_spec *s, const char *key, const char *label,
                                     const struct vocab *v, unsigned flags, int initial,
                                     enum oph_field id)
{
    struct form_field *f = add(s, v ? FK_CHOICE : FK_YESNO, key, label, flags, NULL, id);
    f->vocab = v;
    f->choice = initial;
    return f;
}

/* The item the form is about (a step, a follow-up, an evidence item): refusals about it, and
 * about the case as a whole (closed), are shown under it. */
static struct form_field *add_item(struct form_spec *s, const char *key, const char *label,
                                   const struct vocab *v, unsigned flags, int initial)
{
    return form_id(add_choice(s, key, label, v, flags, initial, OPH_FIELD_ITEM), OPH_FIELD_ITEM,
                   OPH_FIELD_CASE);
}

static int first_pending_step(const struct case_detail *c)
{
    for (int i = 0; i < STEP_COUNT; i++)
        if (c->steps[i].status == STATUS_PENDING)
            return i;
    return 0;
}

/* ---- steps --------------------------------------------------------------------------- */

static const char *const signoff_names[] = {"victim", "supervisor"};
static const struct vocab VOCAB_SIGNOFF = {"sign-off", signoff_names, 2};

static int step_done_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    int step = form_choice(s, "step");
    struct step_done_input in;
    step_done_input_init(&in);
    in.at = form_time(s, "done", t->app.now);
    in.note = text_or_null(s, "plan");
    in.note = in.note ? in.note : text_or_null(s, "informed");
    in.note = in.note ? in.note : text_or_null(s, "note");
    in.crime_reference = text_or_null(s, "crime reference");
    if (step == STEP_VICTIM_CODE) {
        in.referral = form_choice(s, "referral");
        in.enhanced_rights = form_choice(s, "enhanced rights");
        in.vps_offered = form_choice(s, "vps");
    }
    if (step == STEP_IOD)
        in.by = form_choice(s, "signed by") == 0 ? SIGNOFF_VICTIM : SIGNOFF_SUPERVISOR;
    int rc = app_step_done(&t->app, ref_of(s), (enum step_code)step, &in, err);
    if (rc < 0)
        return -1;
    if (rc == 1)
        tui_say(t, false, "%s: iod signed by the %s; the other sign-off is still awaited",
                ref_of(s), signoff_names[in.by == SIGNOFF_VICTIM ? 0 : 1]);
    else
        tui_say(t, false, "%s: step %s done", ref_of(s), VOCAB_STEP.names[step]);
    return 0;
}

int forms_open_step_done(struct tui *t, const struct case_detail *c, int step)
{
    struct form_spec *s = case_form(t, "Complete a step", c, step_done_submit);
    if (!s)
        return -1;
    struct case_form *cf = s->ctx;
    const struct step *iod = &c->steps[STEP_IOD];
    char when[OPH_LOCAL_LEN];
    if (iod->victim_signed_at != OPH_NO_TIME)
        snprintf(cf->hint, sizeof cf->hint, "victim signed %s",
                 fmt_local(iod->victim_signed_at, when));
    else if (iod->supervisor_signed_at != OPH_NO_TIME)
        snprintf(cf->hint, sizeof cf->hint, "supervisor signed %s",
                 fmt_local(iod->supervisor_signed_at, when));
    else
        text_copy(cf->hint, sizeof cf->hint, "two sign-offs, one at a time");
    add_item(s, "step", "Step", &VOCAB_STEP, FF_REQUIRED | (step >= 0 ? FF_FIXED : 0),
             step >= 0 ? step : first_pending_step(c))
        ->hint = step >= 0 ? "the step under the cursor" : "fields follow the step";
    struct form_field *f;
    f = add(s, FK_TEXT, "crime reference", "Crime reference", FF_REQUIRED, NULL,
            OPH_FIELD_CRIME_REFERENCE);
    f->max_chars = MAX_CRIME_REF;
    form_set_text(f, c->facts.crime_reference);
    f->show_key = "step";
    f->show_mask = 1u << STEP_CRIME;
    f = add(s, FK_MULTILINE, "plan", "Investigation plan", FF_REQUIRED, "noted on the step",
            OPH_FIELD_NOTE);
    f->show_key = "step";
    f->show_mask = 1u << STEP_CRIME;
    f = add_choice(s, "referral", "Support referral", &VOCAB_REFERRAL, FF_REQUIRED,
                   c->facts.referral, OPH_FIELD_REFERRAL);
    f->show_key = "step";
    f->show_mask = 1u << STEP_VICTIM_CODE;
    f = add_choice(s, "enhanced rights", "Enhanced rights", NULL, FF_REQUIRED,
                   c->facts.enhanced_rights, OPH_FIELD_ENHANCED_RIGHTS);
    f->show_key = "step";
    f->show_mask = 1u << STEP_VICTIM_CODE;
    f->hint = "eligible for enhanced rights?";
    f = add_choice(s, "vps", "VPS offered", NULL, FF_REQUIRED, c->facts.vps_offered,
                   OPH_FIELD_VPS_OFFERED);
    f->show_key = "step";
    f->show_mask = 1u << STEP_VICTIM_CODE;
    f->hint = "Victim Personal Statement?";
    f = add_choice(s, "signed by", "Signed by", &VOCAB_SIGNOFF, FF_REQUIRED,
                   iod->victim_signed_at == OPH_NO_TIME ? 0 : 1, OPH_FIELD_SIGNOFF);
    f->show_key = "step";
    f->show_mask = 1u << STEP_IOD;
    f->hint = cf->hint;
    f = add(s, FK_MULTILINE, "informed", "Who, when, how", FF_REQUIRED, "the senior leader told",
            OPH_FIELD_NOTE);
    f->show_key = "step";
    f->show_mask = 1u << STEP_SLT;
    /* Step evidence with no item: the note says why there is none. */
    f = form_id(add(s, FK_MULTILINE, "note", "Note", 0, NULL, OPH_FIELD_NOTE), OPH_FIELD_NOTE,
                OPH_FIELD_EVIDENCE_ITEMS);
    f->show_key = "step";
    f->show_mask = ~((1u << STEP_CRIME) | (1u << STEP_SLT));
    add(s, FK_TIME, "done", "Done at", 0, "empty: now", OPH_FIELD_AT);
    return form_open(t, s);
}

static int step_na_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    int step = form_choice(s, "step");
    if (app_step_na(&t->app, ref_of(s), (enum step_code)step, str(s, "reason"), err))
        return -1;
    tui_say(t, false, "%s: step %s marked not applicable", ref_of(s), VOCAB_STEP.names[step]);
    return 0;
}

int forms_open_step_na(struct tui *t, const struct case_detail *c, int step)
{
    struct form_spec *s = case_form(t, "Mark a step not applicable", c, step_na_submit);
    if (!s)
        return -1;
    add_item(s, "step", "Step", &VOCAB_STEP, FF_REQUIRED | (step >= 0 ? FF_FIXED : 0),
             step >= 0 ? step : first_pending_step(c))
        ->hint = step >= 0 ? "the step under the cursor" : NULL;
    add(s, FK_MULTILINE, "reason", "Reason", FF_REQUIRED, "why it does not apply",
        OPH_FIELD_REASON);
    return form_open(t, s);
}

/* ---- roles --------------------------------------------------------------------------- */

/* The roles assigned after the case is logged (the supervisor is a fact of the case). */
static const char *const assign_names[] = {"investigator", "statement-taker", "welfare-officer",
                                           "second-line"};
static const enum case_role assign_roles[] = {CROLE_INVESTIGATOR, CROLE_STATEMENT_TAKER,
                                              CROLE_WELFARE_OFFICER, CROLE_SECOND_LINE};
static const struct vocab VOCAB_ASSIGN = {"case role", assign_names, 4};

static int assign_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    int r = form_choice(s, "role");
    const char *number = str(s, "person");
    struct inline_person who = forms_inline_person("person");
    if (forms_resolve_person(t, s, &who, err))
        return -1;
    /* A closed case refuses every assignment: say so before anyone is added. */
    if (!who.found && ((struct case_form *)s->ctx)->closed)
        return oph_fail(err, OPH_REFUSED, "case %s is closed", ref_of(s));
    if (forms_add_inline_person(t, s, &who, err))
        return -1;
    if (app_case_assign(&t->app, ref_of(s), assign_roles[r], number,
                        form_time(s, "appointment", t->app.now), err))
        return -1; /* the victim named for the role: under the staff number, by its id */
    tui_say(t, false, "%s: %s is the %s%s", ref_of(s), who.p.name, assign_names[r],
            who.found ? "" : " (added to the people)");
    return 0;
}

int forms_open_assign(struct tui *t, const struct case_detail *c)
{
    struct form_spec *s = case_form(t, "Assign a role", c, assign_submit);
    if (!s)
        return -1;
    int initial = 0;
    while (initial < 3 && c->roles[assign_roles[initial]].set)
        initial++;
    add_choice(s, "role", "Role", &VOCAB_ASSIGN, FF_REQUIRED, initial, OPH_FIELD_NONE)->hint =
        "never the victim (point c)";
    forms_add_person_field(s, "person", "Staff number", FF_REQUIRED, "who takes the role", "");
    struct form_field *at =
        add(s, FK_TIME, "appointment", "Appointed at", 0, "empty: now", OPH_FIELD_AT);
    at->show_key = "role";
    at->show_mask = (1u << 0) | (1u << 1); /* investigator, statement taker: step investigator */
    return form_open(t, s);
}

/* ---- timeline ------------------------------------------------------------------------ */

static int welfare_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    int m = form_choice(s, "method");
    if (app_welfare_add(&t->app, ref_of(s), (enum welfare_method)m, str(s, "note"),
                        form_time(s, "welfare contact", t->app.now), err))
        return -1;
    tui_say(t, false, "%s: welfare contact (%s) recorded", ref_of(s),
            VOCAB_WELFARE_METHOD.names[m]);
    return 0;
}

int forms_open_welfare(struct tui *t, const struct case_detail *c)
{
    struct form_spec *s = case_form(t, "Record a welfare contact", c, welfare_submit);
    if (!s)
        return -1;
    add_choice(s, "method", "Method", &VOCAB_WELFARE_METHOD, FF_REQUIRED, WM_IN_PERSON,
               OPH_FIELD_NONE);
    add(s, FK_MULTILINE, "note", "What was said", FF_REQUIRED, "how they are, what they need",
        OPH_FIELD_NOTE);
    add(s, FK_TIME, "welfare contact", "Contact at", 0, "empty: now", OPH_FIELD_AT);
    return form_open(t, s);
}

static int victim_update_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    if (app_victim_update(&t->app, ref_of(s), str(s, "note"),
                          form_time(s, "victim update", t->app.now), err))
        return -1;
    tui_say(t, false, "%s: update to the victim recorded", ref_of(s));
    return 0;
}

int forms_open_victim_update(struct tui *t, const struct case_detail *c)
{
    struct form_spec *s = case_form(t, "Record an update to the victim", c, victim_update_submit);
    if (!s)
        return -1;
    add(s, FK_MULTILINE, "note", "What they were told", FF_REQUIRED, NULL, OPH_FIELD_NOTE);
    add(s, FK_TIME, "victim update", "Told at", 0, "empty: now", OPH_FIELD_AT);
    return form_open(t, s);
}

static int note_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    if (app_note_add(&t->app, ref_of(s), str(s, "note"), err))
        return -1;
    tui_say(t, false, "%s: note added", ref_of(s));
    return 0;
}

int forms_open_note(struct tui *t, const struct case_detail *c)
{
    struct form_spec *s = case_form(t, "Add a note", c, note_submit);
    if (!s)
        return -1;
    add(s, FK_MULTILINE, "note", "Note", FF_REQUIRED, "kept in the timeline", OPH_FIELD_NOTE);
    return form_open(t, s);
}

static int decision_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    int k = form_choice(s, "kind");
    if (app_case_decision(&t->app, ref_of(s), (enum decision_kind)k,
                          form_time(s, "decision", t->app.now), err))
        return -1;
    tui_say(t, false, "%s: %s recorded; the victim is to be told of it", ref_of(s),
            VOCAB_DECISION.names[k]);
    return 0;
}

int forms_open_decision(struct tui *t, const struct case_detail *c)
{
    struct form_spec *s = case_form(t, "Record a decision", c, decision_submit);
    if (!s)
        return -1;
    add_choice(s, "kind", "Decision", &VOCAB_DECISION, FF_REQUIRED, DEC_ARREST, OPH_FIELD_NONE)
        ->hint = "the victim is told within 5 working days (1 with enhanced rights)";
    add(s, FK_TIME, "decision", "Made at", 0, "empty: now", OPH_FIELD_AT);
    return form_open(t, s);
}

static int followup_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    struct case_form *cf = s->ctx;
    int i = form_choice(s, "item");
    if (app_followup_report(&t->app, cf->ref, cf->numbers[i], form_time(s, "done", t->app.now),
                            text_or_null(s, "note"), form_choice(s, "route"),
                            text_or_null(s, "HSE reference"), err))
        return -1;
    tui_say(t, false, "%s: follow-up #%d done", cf->ref, cf->numbers[i]);
    return 0;
}

/* A follow-up form on the case's pending follow-ups, the one numbered `number` chosen (and
 * fixed) when it is pending; NULL with a message when there is none. */
static struct form_spec *followup_form(struct tui *t, const char *title,
                                       const struct case_detail *c, int number,
                                       form_submit_fn submit)
{
    struct form_spec *s = case_form(t, title, c, submit);
    if (!s)
        return NULL;
    struct case_form *cf = s->ctx;
    int initial = 0;
    bool chosen = false;
    if (!items_alloc(cf, c->n_followups + 1)) {
        form_free(s);
        tui_say(t, true, "out of memory");
        return NULL;
    }
    for (int i = 0; i < c->n_followups; i++) {
        const struct followup *f = &c->followups[i];
        if (f->status != STATUS_PENDING)
            continue;
        char label[96], due[OPH_LOCAL_LEN];
        snprintf(label, sizeof label, "#%d %s, due %s", f->number, f->rule,
                 fmt_local(f->due_at, due));
        if (f->number == number) {
            initial = cf->n;
            chosen = true;
        }
        if (f->kind == FU_RIDDOR && cf->n < 32)
            cf->riddor |= 1u << cf->n;
        items_push(cf, f->number, label);
    }
    if (cf->n == 0) {
        form_free(s);
        tui_say(t, true, "%s has no pending follow-up", c->reference);
        return NULL;
    }
    add_item(s, "item", "Follow-up", &cf->items, FF_REQUIRED | (chosen ? FF_FIXED : 0), initial)
        ->hint = chosen ? "the follow-up under the cursor" : NULL;
    return s;
}

int forms_open_followup_done(struct tui *t, const struct case_detail *c, int number)
{
    struct form_spec *s = followup_form(t, "Complete a follow-up", c, number, followup_submit);
    if (!s)
        return -1;
    add(s, FK_MULTILINE, "note", "Note", 0, NULL, OPH_FIELD_NOTE);
    add(s, FK_TIME, "done", "Done at", 0, "empty: now", OPH_FIELD_AT);
    const struct case_form *cf = s->ctx;
    /* A RIDDOR report: how it went to the HSE, and the reference the HSE gave. */
    struct form_field *f =
        add_choice(s, "route", "Reported", &VOCAB_RIDDOR_ROUTE, FF_REQUIRED, -1, OPH_FIELD_ROUTE);
    f->hint = "telephone: a death or specified injury";
    f->show_key = "item";
    f->show_mask = cf->riddor;
    f = add(s, FK_TEXT, "HSE reference", "HSE reference", FF_REQUIRED, "given by the HSE",
            OPH_FIELD_HSE_REFERENCE);
    f->max_chars = MAX_HSE_REF;
    f->show_key = "item";
    f->show_mask = cf->riddor;
    return form_open(t, s);
}

static int followup_na_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    struct case_form *cf = s->ctx;
    int i = form_choice(s, "item");
    if (app_followup_na(&t->app, cf->ref, cf->numbers[i], str(s, "reason"), err))
        return -1;
    tui_say(t, false, "%s: follow-up #%d marked not applicable", cf->ref, cf->numbers[i]);
    return 0;
}

int forms_open_followup_na(struct tui *t, const struct case_detail *c, int number)
{
    struct form_spec *s =
        followup_form(t, "Mark a follow-up not applicable", c, number, followup_na_submit);
    if (!s)
        return -1;
    add(s, FK_MULTILINE, "reason", "Reason", FF_REQUIRED, "why it is not needed", OPH_FIELD_REASON);
    return form_open(t, s);
}

/* ---- evidence ------------------------------------------------------------------------ */

static int evidence_add_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    int kind = form_choice(s, "kind"), status = form_choice(s, "status");
    int number = 0;
    if (app_evidence_add(&t->app, ref_of(s), (enum evidence_kind)kind, (enum evidence_status)status,
                         str(s, "evidence reference"), text_or_null(s, "reason"), &number, err))
        return -1;
    tui_say(t, false, "%s: evidence #%d (%s) added", ref_of(s), number,
            VOCAB_EVIDENCE_KIND.names[kind]);
    tui_say_notice(t);
    return 0;
}

static void add_reason_for_not_available(struct form_spec *s)
{
    struct form_field *f = add(s, FK_MULTILINE, "reason", "Reason", FF_REQUIRED,
                               "why it cannot be had", OPH_FIELD_REASON);
    f->show_key = "status";
    f->show_mask = 1u << EVS_NOT_AVAILABLE;
}

int forms_open_evidence_add(struct tui *t, const struct case_detail *c)
{
    struct form_spec *s = case_form(t, "Add an evidence item", c, evidence_add_submit);
    if (!s)
        return -1;
    add_choice(s, "kind", "Kind", &VOCAB_EVIDENCE_KIND, FF_REQUIRED, EV_BWV, OPH_FIELD_NONE)->hint =
        "its due time follows the kind";
    add_choice(s, "status", "Status", &VOCAB_EVIDENCE_STATUS, FF_REQUIRED, EVS_REQUESTED,
               OPH_FIELD_NONE);
    struct form_field *f = add(s, FK_TEXT, "evidence reference", "Reference", 0,
                               "exhibit or system reference", OPH_FIELD_EVIDENCE_REFERENCE);
    f->max_chars = MAX_SHORT;
    add_reason_for_not_available(s);
    return form_open(t, s);
}

static int evidence_update_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    struct case_form *cf = s->ctx;
    int i = form_choice(s, "item"), status = form_choice(s, "status");
    if (app_evidence_update(&t->app, cf->ref, cf->numbers[i], (enum evidence_status)status,
                            text_or_null(s, "reason"), err))
        return -1;
    tui_say(t, false, "%s: evidence #%d is %s", cf->ref, cf->numbers[i],
            VOCAB_EVIDENCE_STATUS.names[status]);
    tui_say_notice(t);
    return 0;
}

int forms_open_evidence_update(struct tui *t, const struct case_detail *c, int number, int status)
{
    if (c->n_evidence == 0) {
        tui_say(t, true, "%s has no evidence item yet: add one with E", c->reference);
        return -1;
    }
    struct form_spec *s =
        case_form(t, "Change an evidence item's status", c, evidence_update_submit);
    if (!s)
        return -1;
    struct case_form *cf = s->ctx;
    if (!items_alloc(cf, c->n_evidence)) {
        form_free(s);
        tui_say(t, true, "out of memory");
        return -1;
    }
    int initial = 0;
    bool chosen = false;
    for (int i = 0; i < c->n_evidence; i++) {
        const struct evidence_item *e = &c->evidence[i];
        char label[96];
        snprintf(label, sizeof label, "#%d %s (%s)", e->number, VOCAB_EVIDENCE_KIND.names[e->kind],
                 VOCAB_EVIDENCE_STATUS.names[e->status]);
        if (e->number == number) {
            initial = i;
            chosen = true;
        }
        items_push(cf, e->number, label);
    }
    add_item(s, "item", "Item", &cf->items, FF_REQUIRED | (chosen ? FF_FIXED : 0), initial)->hint =
        chosen ? "the item under the cursor" : NULL;
    if (status < 0 && c->evidence[initial].status == EVS_REQUESTED)
        status = EVS_SECURED;
    add_choice(s, "status", "New status", &VOCAB_EVIDENCE_STATUS, FF_REQUIRED, status,
               OPH_FIELD_NONE);
    add_reason_for_not_available(s);
    return form_open(t, s);
}

/* ---- closing ------------------------------------------------------------------------- */

static int close_confirm(struct tui *t, struct form_spec *s, char *q, size_t qsz,
                         struct oph_error *err)
{
    /* Asking "cannot be undone" only makes sense for a close the plan allows. */
    struct case_detail *c = case_detail_new();
    int rc = app_case_load(&t->app, ref_of(s), c, err);
    if (rc == 0)
        rc = wf_can_close(c, form_choice(s, "outcome"), err);
    if (rc == 0)
        rc = wf_check_no_arrest(c, form_choice(s, "no arrest"), text_or_null(s, "because"), err);
    case_detail_free(c);
    if (rc)
        return -1;
    snprintf(q, qsz, "Close %s? (u takes it back while nobody has changed the case since)",
             ref_of(s));
    return 1;
}

static int close_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    int outcome = form_choice(s, "outcome");
    if (app_case_close_why(&t->app, ref_of(s), outcome, form_time(s, "closing", t->app.now),
                           text_or_null(s, "closing note"), form_choice(s, "no arrest"),
                           text_or_null(s, "because"), err))
        return -1;
    tui_say(t, false, "%s closed: %s", ref_of(s), VOCAB_OUTCOME.names[outcome]);
    return 0;
}

int forms_open_close(struct tui *t, const struct case_detail *c)
{
    struct oph_error err = {0};
    /* Any outcome: whether the steps allow closing is known before anything is typed. */
    if (wf_can_close(c, OUT_CHARGED, &err)) {
        tui_say(t, true, "%s", err.msg);
        return -1;
    }
    struct form_spec *s = case_form(t, "Close the case", c, close_submit);
    if (!s)
        return -1;
    s->confirm = close_confirm;
    add_choice(s, "outcome", "Outcome", &VOCAB_OUTCOME, FF_REQUIRED, c->outcome, OPH_FIELD_OUTCOME)
        ->hint = c->outcome >= 0 ? "already recorded" : "the victim is told of it";
    add(s, FK_MULTILINE, "closing note", "Closing note", 0, "kept with the case", OPH_FIELD_NOTE);
    add(s, FK_TIME, "closing", "Closed at", 0, "empty: now", OPH_FIELD_AT);
    if (wf_no_arrest_needed(c)) {
        /* Arrest is the preferred outcome (OSSR rec. 23(ii)): why this known offender was not. */
        add_choice(s, "no arrest", "Why no arrest", &VOCAB_NO_ARREST, FF_REQUIRED, -1,
                   OPH_FIELD_NO_ARREST_REASON)
            ->hint = "the offender is known";
        add(s, FK_MULTILINE, "because", "  in words", 0, "needed for other",
            OPH_FIELD_NO_ARREST_NOTE);
    }
    return form_open(t, s);
}

/* ---- the victim's right to review ---------------------------------------------------- */

static int review_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    int result = form_choice(s, "result");
    oph_time asked = form_time(s, "asked", t->app.now);
    if (app_case_review(&t->app, ref_of(s), asked, result, form_time(s, "result at", t->app.now),
                        text_or_null(s, "note"), err))
        return -1;
    tui_say(t, false, "%s: %s%s%s", ref_of(s),
            asked != OPH_NO_TIME ? "the victim's request for a review recorded" : "",
            asked != OPH_NO_TIME && result >= 0 ? "; " : "",
            result >= 0 ? (result == REVIEW_UPHELD ? "review: decision upheld"
                                                   : "review: decision overturned")
                        : "");
    tui_say_notice(t);
    return 0;
}

int forms_open_review(struct tui *t, const struct case_detail *c)
{
    if (!outcome_not_prosecuted(c->outcome)) {
        tui_say(t, true, "%s: only a decision not to prosecute (nfa-*) can be reviewed",
                c->reference);
        return -1;
    }
    if (c->review_result >= 0) {
        tui_say(t, true, "%s: the review's result is already recorded (%s)", c->reference,
                VOCAB_REVIEW_RESULT.names[c->review_result]);
        return -1;
    }
    struct form_spec *s = case_form(t, "The victim's right to review", c, review_submit);
    if (!s)
        return -1;
    char until[OPH_LOCAL_LEN];
    if (c->review_until != OPH_NO_TIME) {
        size_t n = strlen(s->intro);
        snprintf(s->intro + n, sizeof s->intro - n, " \u00b7 may ask until %s",
                 fmt_local(c->review_until, until));
    }
    if (c->review_asked_at == OPH_NO_TIME)
        add(s, FK_TIME, "asked", "Asked for it at", FF_REQUIRED, "YYYY-MM-DD HH:MM",
            OPH_FIELD_REVIEW_ASKED_AT);
    add_choice(s, "result", "Result", &VOCAB_REVIEW_RESULT,
               c->review_asked_at == OPH_NO_TIME ? FF_OPTIONAL : FF_REQUIRED, -1,
               OPH_FIELD_REVIEW_RESULT)
        ->hint = c->review_asked_at == OPH_NO_TIME ? "\u2014: not known yet" : "the decision";
    add(s, FK_TIME, "result at", "Result given at", 0, "empty: now", OPH_FIELD_REVIEW_DECIDED_AT);
    add(s, FK_MULTILINE, "note", "Note", 0, NULL, OPH_FIELD_REVIEW_NOTE);
    return form_open(t, s);
}
