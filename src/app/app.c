/* The actions: each loads what it needs, asks the core whether the rules allow it, changes the
 * record in memory, and saves the changes in one transaction. */
#include "ophamp/app.h"

#include "app_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>
#include <unistd.h>

#include "ophamp/redact.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"
#include "ophamp/worklist.h"

struct plan_ctx plan_of(const struct app *app)
{
    return (struct plan_ctx){
        .rules = &app->rules, .cal = &app->cal, .now = app->now, .actor = app->signature};
}

static int reload_calendar(struct app *app, struct oph_error *err)
{
    struct holiday_override *h = NULL;
    size_t n = 0;
    if (store_holidays_load(app->store, &h, &n, err))
        return -1;
    free(app->holidays);
    app->holidays = h;
    app->n_holidays = n;
    app->cal = (struct calendar){.overrides = h, .n_overrides = n};
    return 0;
}

int app_open(struct app *app, const char *db_path, oph_time now, struct oph_error *err)
{
    memset(app, 0, sizeof *app);
    app->now = now;
    app->store = store_open(db_path, err);
    if (!app->store)
        return -1;
    if (store_rules_load(app->store, &app->rules, err) || reload_calendar(app, err)) {
        app_close(app);
        return -1;
    }
    return 0;
}

void app_close(struct app *app)
{
    store_close(app->store);
    free(app->holidays);
    memset(app, 0, sizeof *app);
}

void step_done_input_init(struct step_done_input *in)
{
    memset(in, 0, sizeof *in);
    in->at = OPH_NO_TIME;
    in->by = SIGNOFF_NONE;
    in->referral = -1;
    in->enhanced_rights = TRI_UNKNOWN;
    in->vps_offered = TRI_UNKNOWN;
}

/* ---- helpers ------------------------------------------------------------------------- */

/* Every action runs between begin() and finish(): one action of the log, signed by the named
 * user and described by `what` ("step done crime"); committed on success, rolled back
 * otherwise. Refused while nobody is named. */
static int begin(struct app *app, struct oph_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int begin(struct app *app, struct oph_error *err, const char *fmt, ...)
{
    char what[LOG_WHAT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (store_action_begin(app->store, what, err))
        return -1;
    app_sign(app);
    return 0;
}

void app_sign(struct app *app)
{
    /* steps.done_by holds 100 characters */
    text_copy_chars(app->signature, sizeof app->signature, store_action_actor(app->store), 100);
}

static int finish(struct app *app, int rc, struct oph_error *err)
{
    if (rc < 0) {
        store_action_rollback(app->store);
        return rc;
    }
    if (store_action_commit(app->store, err))
        return -1;
    return rc;
}

/* A reference as typed, checked and in the stored form (OPH-… in capitals). */
static int normalise_ref(const char *ref, char norm[64], struct oph_error *err)
{
    if (check_text("case reference", ref, 40, TEXT_REQUIRED, err))
        return -1;
    text_copy(norm, 64, ref);
    if (strncasecmp(norm, "oph-", 4) == 0)
        for (char *p = norm; *p; p++)
            *p = (char)toupper((unsigned char)*p);
    return 0;
}

static int load_case(struct app *app, const char *ref, struct case_detail *c, struct oph_error *err)
{
    char norm[64];
    if (normalise_ref(ref, norm, err))
        return -1;
    int rc = store_case_load(app->store, norm, c, err);
    if (rc == 0)
        return oph_fail(err, OPH_REFUSED, "no case %s", ref);
    if (rc > 0)
        store_action_case(app->store, c->id);
    return rc < 0 ? -1 : 0;
}

int app_case_exists(struct app *app, const char *ref, struct oph_error *err)
{
    char norm[64];
    if (normalise_ref(ref, norm, err))
        return -1;
    int rc = store_case_exists(app->store, norm, err);
    if (rc == 0)
        return oph_fail(err, OPH_REFUSED, "no case %s", ref);
    return rc < 0 ? -1 : 0;
}

static int find_person(struct app *app, const char *what, const char *number, struct person *p,
                       struct oph_error *err)
{
    char field[64];
    snprintf(field, sizeof field, "%s staff number", what);
    if (check_staff_number(field, number, true, err))
        return -1;
    int rc = store_person_by_number(app->store, number, p, err);
    if (rc == 0)
        return oph_fail(err, OPH_REFUSED,
                        "no person with staff number %s (%s); add them with person add", number,
                        what);
    return rc < 0 ? -1 : 0;
}

/* Saves the items the engine created (id 0) or changed (dirty) in a case already saved. */
static int save_items(struct app *app, struct case_detail *c, struct oph_error *err)
{
    for (int s = 0; s < STEP_COUNT; s++) {
        struct step *p = &c->steps[s];
        if (!p->dirty)
            continue;
        if (store_step_update(app->store, c->id, p, err))
            return -1;
        p->dirty = false;
    }
    for (int i = 0; i < c->n_followups; i++) {
        struct followup *f = &c->followups[i];
        if (f->id == 0) {
            if (store_followup_insert(app->store, c->id, f, err))
                return -1;
        } else if (f->dirty && store_followup_update(app->store, f, err)) {
            return -1;
        }
        f->dirty = false;
    }
    for (int i = 0; i < c->n_evidence; i++) {
        struct evidence_item *e = &c->evidence[i];
        if (e->id == 0) {
            if (store_evidence_insert(app->store, c->id, e, err))
                return -1;
        } else if (e->dirty && store_evidence_update(app->store, e, err)) {
            return -1;
        }
        e->dirty = false;
    }
    return 0;
}

/* A time the user gave for something that happened in this case. */
int check_event_time(const char *field, oph_time at, const struct case_detail *c, oph_time now,
                     struct oph_error *err)
{
    if (check_not_future(field, at, now, err))
        return -1;
    if (at < c->facts.occurred_at)
        return oph_fail(err, OPH_REFUSED, "%s time is before the assault happened", field),
               check_at(field, OPH_RULE_BEFORE_INCIDENT, err);
    return 0;
}

/* 16 random bytes from the kernel: getrandom() (one system call; an import makes a UUID a
 * row), else /dev/urandom, else what is unique enough for one user's file (the process, the
 * time and a count, so two UUIDs of one run never repeat). */
static void uuid_v4(char out[UUID_LEN + 1])
{
    unsigned char b[16] = {0};
    if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b) {
        int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        if (fd < 0 || read(fd, b, sizeof b) != (ssize_t)sizeof b) {
            static unsigned long count;
            unsigned long x = (unsigned long)getpid() ^ (unsigned long)time(NULL) ^
                              (++count * 0x9E3779B97F4A7C15UL);
            for (size_t i = 0; i < sizeof b;
                 i++, x = x * 6364136223846793005UL + 1442695040888963407UL)
                b[i] ^= (unsigned char)(x >> 33);
        }
        if (fd >= 0)
            close(fd);
    }
    uuid_format(b, out);
}

/* ---- people -------------------------------------------------------------------------- */

/* A person from what was typed, checked: the same for adding and for changing. */
static int person_from_input(const struct person_input *in, struct person *p, struct oph_error *err)
{
    memset(p, 0, sizeof *p);
    if (check_text("name", in->name, MAX_NAME, TEXT_REQUIRED, err) ||
        check_text("staff number", in->number, MAX_NUMBER, TEXT_REQUIRED, err) ||
        check_text("rank", in->rank, MAX_RANK, 0, err) ||
        check_text("team", in->team, MAX_SHORT, 0, err))
        return -1;
    text_copy(p->name, sizeof p->name, in->name);
    text_copy(p->number, sizeof p->number, in->number);
    text_copy(p->rank, sizeof p->rank, in->rank);
    text_copy(p->team, sizeof p->team, in->team);
    text_trim(p->name);
    text_trim(p->number);
    text_trim(p->rank);
    text_trim(p->team);
    int role = in->role ? vocab_find(&VOCAB_PERSON_ROLE, in->role) : ROLE_OFFICER;
    if (role < 0) {
        char list[128];
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_PERSON_ROLE, OPH_RULE_UNKNOWN,
                           "unknown role '%s' (one of %s)", in->role,
                           vocab_list(&VOCAB_PERSON_ROLE, list, sizeof list));
    }
    p->role = (enum person_role)role;
    return check_person(p, err);
}

int app_person_add(struct app *app, const struct person_input *in, struct person *out,
                   struct oph_error *err)
{
    struct person p;
    if (person_from_input(in, &p, err) || begin(app, err, "person add %s", p.number))
        return -1;
    struct person existing;
    int rc = store_person_by_number(app->store, p.number, &existing, err);
    if (rc > 0)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_STAFF_NUMBER, OPH_RULE_IN_USE,
                         "staff number %s is already used by %s (%s)", p.number, existing.name,
                         existing.number);
    if (rc == 0)
        rc = store_person_insert(app->store, &p, app->now, err);
    rc = finish(app, rc, err);
    if (rc == 0 && out)
        *out = p;
    return rc;
}

int app_person_edit(struct app *app, const char *number, const struct person_input *in,
                    struct person *out, struct oph_error *err)
{
    struct person p, old, existing;
    if (person_from_input(in, &p, err) || begin(app, err, "person edit %s", number))
        return -1;
    /* The number as stored, even one from before staff numbers were checked: that is how
     * such a number is put right. */
    int rc = store_person_by_number(app->store, number, &old, err);
    if (rc == 0)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_STAFF_NUMBER, OPH_RULE_NOT_FOUND,
                         "no person with staff number %s", number);
    rc = rc < 0 ? -1 : 0;
    p.id = rc == 0 ? old.id : 0;
    if (rc == 0 && strcmp(p.number, old.number) != 0) {
        rc = store_person_by_number(app->store, p.number, &existing, err);
        if (rc > 0 && existing.id != old.id) /* AB12 for ab12 is the same person's */
            rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_STAFF_NUMBER, OPH_RULE_IN_USE,
                             "staff number %s is already used by %s (%s)", p.number, existing.name,
                             existing.number);
        else if (rc > 0)
            rc = 0;
    }
    if (rc == 0)
        rc = store_person_update(app->store, &p, err);
    rc = finish(app, rc, err);
    if (rc == 0 && out)
        *out = p;
    return rc;
}

/* ---- who the user is ----------------------------------------------------------------- */

int app_user(struct app *app, struct person *out, struct oph_error *err)
{
    return store_user(app->store, out, err);
}

int app_whoami(struct app *app, const char *number, const struct person_input *add,
               struct person *out, struct oph_error *err)
{
    if (check_text("staff number", number, MAX_NUMBER, TEXT_REQUIRED, err))
        return -1;
    char trimmed[TXT(MAX_NUMBER)];
    text_copy(trimmed, sizeof trimmed, number);
    text_trim(trimmed);
    number = trimmed;
    struct person p, user;
    int rc = store_person_by_number(app->store, number, &p, err);
    if (rc < 0)
        return -1;
    if (rc > 0 && add && add->name && *add->name) {
        char name[TXT(MAX_NAME)];
        text_copy(name, sizeof name, add->name);
        text_trim(name);
        if (strcmp(name, p.name) != 0)
            return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_NAME, OPH_RULE_IN_USE,
                               "staff number %s is %s, not %s", p.number, p.name, name);
    }
    if (rc == 0) {
        if (!add || !add->name || !*add->name)
            return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_NAME, OPH_RULE_NEEDED,
                               "no person with staff number %s: give your name too to add "
                               "yourself",
                               number);
        struct person_input in = *add;
        in.number = number;
        if (person_from_input(&in, &p, err))
            return -1;
    }
    int named = store_user(app->store, &user, err);
    if (named < 0)
        return -1;
    if (rc > 0 && named > 0 && user.id == p.id) {
        if (out)
            *out = p;
        return 0; /* already named: nothing to log */
    }
    /* Signed by the person being named: they are who acts from now on. */
    if (store_action_begin_as(app->store, "whoami", &p, err))
        return -1;
    int w = 0;
    if (rc == 0) {
        struct person existing;
        w = store_person_by_number(app->store, p.number, &existing, err);
        if (w > 0)
            w = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_STAFF_NUMBER, OPH_RULE_IN_USE,
                            "staff number %s is already used by %s", p.number, existing.name);
        if (w == 0)
            w = store_person_insert(app->store, &p, app->now, err);
        if (w == 0)
            store_action_signer(app->store, &p);
    }
    if (w == 0)
        w = store_set_user(app->store, p.id, err);
    w = finish(app, w, err);
    if (w == 0 && out)
        *out = p;
    return w;
}

/* ---- cases --------------------------------------------------------------------------- */

static int record_decision(struct app *app, struct case_detail *c, enum decision_kind kind,
                           oph_time at, struct oph_error *err)
{
    struct plan_ctx px = plan_of(app);
    struct timeline_entry t = {.kind = TL_DECISION, .at = at};
    text_copy(t.label, sizeof t.label, VOCAB_DECISION.names[kind]);
    if (store_timeline_insert(app->store, c->id, &t, err))
        return -1;
    wf_decision(c, at, &px);
    return 0;
}

struct timeline_entry *app_timeline_push(struct case_detail *c, enum timeline_kind kind,
                                         oph_time at, const char *label, const char *text)
{
    c->timeline = record_grow(c->timeline, c->n_timeline, &c->cap_timeline, sizeof *c->timeline);
    struct timeline_entry *t = &c->timeline[c->n_timeline++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->at = at;
    text_copy(t->label, sizeof t->label, label);
    text_copy(t->text, sizeof t->text, text);
    return t;
}

void app_case_plan_start(struct app *app, struct case_detail *c, bool closed_already)
{
    struct plan_ctx px = plan_of(app);
    px.closed_already = closed_already;
    wf_start(c, &px);
    if (c->facts.arrested_at != OPH_NO_TIME) {
        app_timeline_push(c, TL_DECISION, c->facts.arrested_at, VOCAB_DECISION.names[DEC_ARREST],
                          NULL);
        wf_decision(c, c->facts.arrested_at, &px);
    }
}

int app_case_save_new(struct app *app, struct case_detail *c, int64_t victim_id,
                      int64_t supervisor_id, const int64_t *role_ids, struct oph_error *err)
{
    if (!c->uuid[0])
        uuid_v4(c->uuid);
    if (!c->reference[0] &&
        store_case_next_reference(app->store, london_date(c->facts.reported_at).year, c->reference,
                                  err))
        return -1;
    /* The case goes in as it stands (roles, outcome, closed): one row, one audit entry. */
    if (store_case_insert(app->store, c, victim_id, supervisor_id, role_ids, err))
        return -1;
    store_action_case(app->store, c->id);
    /* Everything of a new case is new: a few statements of many rows each. */
    if (store_timeline_insert_all(app->store, c->id, c->timeline, c->n_timeline, err) ||
        store_steps_insert(app->store, c->id, c->steps, err) ||
        store_followups_insert(app->store, c->id, c->followups, c->n_followups, err) ||
        store_evidence_insert_all(app->store, c->id, c->evidence, c->n_evidence, err))
        return -1;
    for (int s = 0; s < STEP_COUNT; s++)
        c->steps[s].dirty = false;
    for (int i = 0; i < c->n_followups; i++)
        c->followups[i].dirty = false;
    for (int i = 0; i < c->n_evidence; i++)
        c->evidence[i].dirty = false;
    return 0;
}

int app_case_new(struct app *app, const struct case_facts *f, char ref_out[REF_LEN + 1],
                 struct oph_error *err)
{
    struct case_detail c;
    memset(&c, 0, sizeof c);
    c.outcome = -1;
    case_detail_init_extra(&c);
    c.facts = *f;
    if (c.facts.reported_at == OPH_NO_TIME)
        c.facts.reported_at = app->now;
    if (check_case_facts(&c.facts, app->now, err))
        return -1;
    struct person victim, supervisor;
    int rc = begin(app, err, "case new");
    if (rc)
        return -1;
    rc = find_person(app, "victim", f->victim_number, &victim, err);
    if (rc == 0)
        rc = find_person(app, "supervisor", f->supervisor_number, &supervisor, err);
    if (rc == 0) {
        c.created_at = app->now;
        c.victim = victim;
        app_case_plan_start(app, &c, false);
        rc = app_case_save_new(app, &c, victim.id, supervisor.id, NULL, err);
    }
    rc = finish(app, rc, err);
    if (rc == 0)
        memcpy(ref_out, c.reference, REF_LEN + 1);
    case_detail_done(&c);
    return rc;
}

int app_case_load(struct app *app, const char *ref, struct case_detail *out, struct oph_error *err)
{
    if (load_case(app, ref, out, err))
        return -1;
    if (store_case_load_log(app->store, out, err)) {
        case_detail_done(out);
        return -1;
    }
    return 0;
}

int app_case_edit(struct app *app, const char *ref, const struct case_facts *f,
                  struct oph_error *err)
{
    struct case_detail c;
    app->notice[0] = '\0';
    if (check_case_facts(f, app->now, err) || begin(app, err, "case edit"))
        return -1;
    int rc = load_case(app, ref, &c, err);
    if (rc)
        return finish(app, rc, err);
    struct person victim, supervisor;
    struct case_facts old = c.facts;
    oph_time old_arrest = c.facts.arrested_at;
    rc = find_person(app, "victim", f->victim_number, &victim, err);
    if (rc == 0)
        rc = find_person(app, "supervisor", f->supervisor_number, &supervisor, err);
    if (rc == 0) {
        c.victim = victim;
        /* The new victim may already hold a role: say it that way round (point c). */
        for (int r = CROLE_SECOND_LINE; r < CROLE_COUNT && rc == 0; r++)
            if (c.roles[r].set && staff_number_same(c.roles[r].number, victim.number))
                rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_VICTIM, OPH_RULE_IS_VICTIM,
                                 "%s is the %s of this case and cannot also be its victim "
                                 "(point c): assign someone else first",
                                 victim.number, VOCAB_CASE_ROLE.names[r]);
    }
    if (rc == 0) {
        struct plan_ctx px = plan_of(app);
        c.facts = *f;
        rc = store_case_update(app->store, &c, victim.id, supervisor.id, err);
        if (rc == 0 && old_arrest == OPH_NO_TIME && f->arrested_at != OPH_NO_TIME)
            rc = record_decision(app, &c, DEC_ARREST, f->arrested_at, err);
        if (rc == 0) {
            wf_facts_changed(&c, &old, &px, app->notice, sizeof app->notice);
            rc = save_items(app, &c, err);
        }
    }
    case_detail_done(&c);
    rc = finish(app, rc, err);
    if (rc)
        app->notice[0] = '\0';
    return rc;
}

int app_case_assign(struct app *app, const char *ref, enum case_role role, const char *number,
                    oph_time at, struct oph_error *err)
{
    if ((unsigned)role >= CROLE_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown case role");
    /* Only point (c)'s step keeps a time: the appointment that completes it. */
    if (at != OPH_NO_TIME && role != CROLE_INVESTIGATOR && role != CROLE_STATEMENT_TAKER)
        return oph_fail(err, OPH_INVALID,
                        "an appointment time is for the investigator or the statement taker "
                        "(step investigator), not the %s",
                        VOCAB_CASE_ROLE.names[role]);
    if (begin(app, err, "case assign %s %s", VOCAB_CASE_ROLE.names[role], number))
        return -1;
    struct case_detail c;
    struct person p;
    int rc = load_case(app, ref, &c, err);
    if (rc)
        return finish(app, rc, err);
    if (c.closed)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_CASE, OPH_RULE_CLOSED, "case %s is closed",
                         c.reference);
    if (rc == 0 && at != OPH_NO_TIME)
        rc = check_event_time("appointment", at, &c, app->now, err);
    if (rc == 0)
        rc = find_person(app, VOCAB_CASE_ROLE.names[role], number, &p, err);
    if (rc == 0)
        rc = check_role(&c, role, &p, err);
    if (rc == 0)
        rc = store_case_set_role(app->store, c.id, role, p.id, err);
    if (rc == 0) {
        struct plan_ctx px = plan_of(app);
        c.roles[role].set = true;
        text_copy(c.roles[role].number, sizeof c.roles[role].number, p.number);
        text_copy(c.roles[role].name, sizeof c.roles[role].name, p.name);
        wf_role_assigned(&c, role, at == OPH_NO_TIME ? app->now : at, &px);
        rc = save_items(app, &c, err);
    }
    case_detail_done(&c);
    return finish(app, rc, err);
}

int app_case_decision(struct app *app, const char *ref, enum decision_kind kind, oph_time at,
                      struct oph_error *err)
{
    if ((unsigned)kind >= DEC_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown decision");
    if (begin(app, err, "case decision %s", VOCAB_DECISION.names[kind]))
        return -1;
    struct case_detail c;
    int rc = load_case(app, ref, &c, err);
    if (rc)
        return finish(app, rc, err);
    if (at == OPH_NO_TIME)
        at = app->now;
    rc = check_event_time("decision", at, &c, app->now, err);
    /* The same decision at the same minute twice is a repeated command, not news: a second
     * entry would start a second round of victim updates. */
    for (int i = 0; rc == 0 && i < c.n_timeline; i++) {
        const struct timeline_entry *t = &c.timeline[i];
        if (t->kind == TL_DECISION && t->at / 60 == at / 60 &&
            strcmp(t->label, VOCAB_DECISION.names[kind]) == 0)
            rc = oph_fail(err, OPH_REFUSED, "this %s decision is already recorded at that time",
                          VOCAB_DECISION.names[kind]);
    }
    if (rc == 0)
        rc = record_decision(app, &c, kind, at, err);
    if (rc == 0 && kind == DEC_ARREST && c.facts.arrested_at == OPH_NO_TIME) {
        struct person victim, supervisor;
        c.facts.arrested_at = at;
        rc = find_person(app, "victim", c.facts.victim_number, &victim, err);
        if (rc == 0)
            rc = find_person(app, "supervisor", c.facts.supervisor_number, &supervisor, err);
        if (rc == 0)
            rc = store_case_update(app->store, &c, victim.id, supervisor.id, err);
    }
    if (rc == 0)
        rc = save_items(app, &c, err);
    case_detail_done(&c);
    return finish(app, rc, err);
}

int app_case_close(struct app *app, const char *ref, int outcome, oph_time at, const char *note,
                   struct oph_error *err)
{
    return app_case_close_why(app, ref, outcome, at, note, -1, NULL, err);
}

int app_case_close_why(struct app *app, const char *ref, int outcome, oph_time at, const char *note,
                       int no_arrest_reason, const char *no_arrest_note, struct oph_error *err)
{
    if (outcome >= (int)OUT_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown outcome");
    if (no_arrest_reason >= (int)NOARREST_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown reason for no arrest");
    if (check_text("closing note", note, MAX_TEXT, TEXT_MULTILINE, err) ||
        begin(app, err, "case close%s%s", outcome >= 0 ? " " : "",
              outcome >= 0 ? VOCAB_OUTCOME.names[outcome] : ""))
        return -1;
    struct case_detail c;
    int rc = load_case(app, ref, &c, err);
    if (rc)
        return finish(app, rc, err);
    struct plan_ctx px = plan_of(app);
    if (at == OPH_NO_TIME)
        at = app->now;
    rc = wf_can_close(&c, outcome, err);
    if (rc == 0)
        rc = check_event_time("closing", at, &c, app->now, err);
    if (rc == 0 && outcome >= 0 && c.outcome >= 0 && outcome != c.outcome)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_OUTCOME, OPH_RULE_ALREADY,
                         "case %s already has the outcome %s", c.reference,
                         VOCAB_OUTCOME.names[c.outcome]);
    if (rc == 0)
        rc = wf_check_no_arrest(&c, no_arrest_reason, no_arrest_note, err);
    if (rc == 0) {
        c.no_arrest_reason = no_arrest_reason;
        text_copy(c.no_arrest_note, sizeof c.no_arrest_note, no_arrest_note);
    }
    if (rc == 0 && c.outcome < 0) {
        rc = store_case_set_outcome(app->store, c.id, outcome, at, err);
        c.outcome = outcome;
        c.outcome_at = at;
        wf_outcome(&c, at, &px);
    }
    if (rc == 0) {
        wf_close(&c, at, &px);
        rc = save_items(app, &c, err);
    }
    if (rc == 0)
        rc = store_case_close(app->store, &c, at, note, err);
    case_detail_done(&c);
    return finish(app, rc, err);
}

int app_case_review(struct app *app, const char *ref, oph_time asked, int result, oph_time decided,
                    const char *note, struct oph_error *err)
{
    app->notice[0] = '\0';
    if (result >= (int)REVIEW_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown review result");
    if (check_text("review note", note, MAX_TEXT, TEXT_MULTILINE, err) ||
        begin(app, err, "case review%s%s%s", asked != OPH_NO_TIME ? " asked" : "",
              result >= 0 ? " " : "", result >= 0 ? VOCAB_REVIEW_RESULT.names[result] : ""))
        return -1;
    struct case_detail c;
    int rc = load_case(app, ref, &c, err);
    if (rc)
        return finish(app, rc, err);
    if (result >= 0 && decided == OPH_NO_TIME)
        decided = app->now;
    if (asked != OPH_NO_TIME)
        rc = check_event_time("review request", asked, &c, app->now, err);
    if (rc == 0 && result >= 0)
        rc = check_event_time("review result", decided, &c, app->now, err);
    if (rc == 0)
        rc = wf_review(&c, asked, result, decided, note, app->notice, sizeof app->notice, err);
    if (rc == 0)
        rc = store_case_set_review(app->store, &c, err);
    case_detail_done(&c);
    rc = finish(app, rc, err);
    if (rc)
        app->notice[0] = '\0';
    return rc;
}

/* ---- steps --------------------------------------------------------------------------- */

/* Facts some steps bring with them (crime reference, Victim Code answers). */
static int apply_step_facts(struct app *app, struct case_detail *c,
                            const struct step_done_input *in, struct oph_error *err)
{
    struct case_facts f = c->facts;
    if (in->crime_reference) {
        if (check_text("crime reference", in->crime_reference, MAX_CRIME_REF, TEXT_REQUIRED, err))
            return -1;
        text_copy(f.crime_reference, sizeof f.crime_reference, in->crime_reference);
    }
    if (in->referral >= 0)
        f.referral = in->referral;
    if (in->enhanced_rights != TRI_UNKNOWN)
        f.enhanced_rights = in->enhanced_rights;
    if (in->vps_offered != TRI_UNKNOWN)
        f.vps_offered = in->vps_offered;
    if (memcmp(&f, &c->facts, sizeof f) == 0)
        return 0;
    struct person victim, supervisor;
    if (check_case_facts(&f, app->now, err) ||
        find_person(app, "victim", f.victim_number, &victim, err) ||
        find_person(app, "supervisor", f.supervisor_number, &supervisor, err))
        return -1;
    c->facts = f;
    struct plan_ctx px = plan_of(app);
    wf_recompute(c, &px);
    return store_case_update(app->store, c, victim.id, supervisor.id, err);
}

int app_step_done(struct app *app, const char *ref, enum step_code code,
                  const struct step_done_input *in, struct oph_error *err)
{
    if ((unsigned)code >= STEP_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown step");
    if (check_text("note", in->note, MAX_TEXT, TEXT_MULTILINE, err))
        return -1;
    if (code == STEP_IOD && in->by == SIGNOFF_NONE)
        return oph_fail(err, OPH_INVALID,
                        "step iod needs two sign-offs: give --by victim or --by supervisor");
    if (begin(app, err, "step done %s%s", VOCAB_STEP.names[code],
              in->by == SIGNOFF_VICTIM       ? " (victim's sign-off)"
              : in->by == SIGNOFF_SUPERVISOR ? " (supervisor's sign-off)"
                                             : ""))
        return -1;
    struct case_detail c;
    int rc = load_case(app, ref, &c, err);
    if (rc)
        return finish(app, rc, err);
    oph_time at = in->at == OPH_NO_TIME ? app->now : in->at;
    struct step *st = &c.steps[code];
    rc = check_event_time("done", at, &c, app->now, err);
    if (rc == 0)
        rc = apply_step_facts(app, &c, in, err);
    if (rc == 0)
        rc = wf_step_ready(&c, code, in->note, err);
    int awaiting = 0;
    if (rc == 0 && code == STEP_IOD) {
        oph_time *slot =
            in->by == SIGNOFF_VICTIM ? &st->victim_signed_at : &st->supervisor_signed_at;
        if (*slot != OPH_NO_TIME)
            rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_SIGNOFF, OPH_RULE_ALREADY,
                             "step iod is already signed by the %s",
                             in->by == SIGNOFF_VICTIM ? "victim" : "supervisor");
        *slot = at;
        st->dirty = true;
        awaiting = st->victim_signed_at == OPH_NO_TIME || st->supervisor_signed_at == OPH_NO_TIME;
    }
    if (rc == 0) {
        if (!awaiting) {
            st->status = STATUS_DONE;
            st->done_at = at;
            text_copy(st->done_by, sizeof st->done_by, app->signature);
        }
        if (in->note)
            text_copy(st->note, sizeof st->note, in->note);
        st->dirty = true;
        rc = save_items(app, &c, err);
    }
    case_detail_done(&c);
    rc = finish(app, rc, err);
    return rc < 0 ? rc : awaiting;
}

int app_step_na(struct app *app, const char *ref, enum step_code code, const char *reason,
                struct oph_error *err)
{
    if ((unsigned)code >= STEP_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown step");
    if (check_text("reason", reason, MAX_TEXT, TEXT_REQUIRED | TEXT_MULTILINE, err) ||
        begin(app, err, "step na %s", VOCAB_STEP.names[code]))
        return -1;
    struct case_detail c;
    int rc = load_case(app, ref, &c, err);
    if (rc)
        return finish(app, rc, err);
    struct step *st = &c.steps[code];
    if (c.closed)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_CASE, OPH_RULE_CLOSED, "case %s is closed",
                         c.reference);
    else if (st->status != STATUS_PENDING)
        rc =
            oph_fail_at(err, OPH_REFUSED, OPH_FIELD_ITEM, OPH_RULE_ALREADY, "step %s is already %s",
                        VOCAB_STEP.names[code], VOCAB_STATUS.names[st->status]);
    if (rc == 0) {
        st->status = STATUS_NA;
        st->done_at = app->now;
        text_copy(st->done_by, sizeof st->done_by, app->signature);
        text_copy(st->reason, sizeof st->reason, reason);
        st->dirty = true;
        rc = save_items(app, &c, err);
    }
    case_detail_done(&c);
    return finish(app, rc, err);
}

/* ---- timeline and follow-ups --------------------------------------------------------- */

/* Adds a timeline entry, lets the engine react, saves: welfare contacts and victim updates. */
static int add_entry(struct app *app, const char *ref, const char *what, struct timeline_entry *t,
                     void (*react)(struct case_detail *, oph_time, const struct plan_ctx *),
                     struct oph_error *err)
{
    if (begin(app, err, "%s",
              t->kind == TL_WELFARE         ? "welfare add"
              : t->kind == TL_VICTIM_UPDATE ? "victim update"
                                            : "note add"))
        return -1;
    struct case_detail c;
    int rc = load_case(app, ref, &c, err);
    if (rc)
        return finish(app, rc, err);
    struct plan_ctx px = plan_of(app);
    rc = check_event_time(what, t->at, &c, app->now, err);
    if (rc == 0)
        rc = store_timeline_insert(app->store, c.id, t, err);
    if (rc == 0 && react) {
        react(&c, t->at, &px);
        rc = save_items(app, &c, err);
    }
    case_detail_done(&c);
    return finish(app, rc, err);
}

int app_welfare_add(struct app *app, const char *ref, enum welfare_method m, const char *note,
                    oph_time at, struct oph_error *err)
{
    if ((unsigned)m >= WM_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown welfare contact method");
    if (check_text("note", note, MAX_TEXT, TEXT_REQUIRED | TEXT_MULTILINE, err))
        return -1;
    struct timeline_entry t = {.kind = TL_WELFARE, .at = at == OPH_NO_TIME ? app->now : at};
    text_copy(t.label, sizeof t.label, VOCAB_WELFARE_METHOD.names[m]);
    text_copy(t.text, sizeof t.text, note);
    return add_entry(app, ref, "welfare contact", &t, wf_welfare_contact, err);
}

int app_victim_update(struct app *app, const char *ref, const char *note, oph_time at,
                      struct oph_error *err)
{
    if (check_text("note", note, MAX_TEXT, TEXT_REQUIRED | TEXT_MULTILINE, err))
        return -1;
    struct timeline_entry t = {.kind = TL_VICTIM_UPDATE, .at = at == OPH_NO_TIME ? app->now : at};
    text_copy(t.text, sizeof t.text, note);
    return add_entry(app, ref, "victim update", &t, wf_victim_update, err);
}

int app_note_add(struct app *app, const char *ref, const char *text, struct oph_error *err)
{
    if (check_text("note", text, MAX_TEXT, TEXT_REQUIRED | TEXT_MULTILINE, err))
        return -1;
    struct timeline_entry t = {.kind = TL_NOTE, .at = app->now};
    text_copy(t.text, sizeof t.text, text);
    return add_entry(app, ref, "note", &t, NULL, err);
}

static int finish_followup(struct app *app, const char *ref, int number, enum item_status to,
                           oph_time at, const char *text, int route, const char *reference,
                           struct oph_error *err)
{
    if (begin(app, err, "followup %s #%d", to == STATUS_DONE ? "done" : "na", number))
        return -1;
    struct case_detail c;
    int rc = load_case(app, ref, &c, err);
    if (rc)
        return finish(app, rc, err);
    struct followup *f = NULL;
    for (int i = 0; i < c.n_followups; i++)
        if (c.followups[i].number == number)
            f = &c.followups[i];
    if (!f)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_ITEM, OPH_RULE_NOT_FOUND,
                         "case %s has no follow-up #%d", c.reference, number);
    else if (f->status != STATUS_PENDING)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_ITEM, OPH_RULE_ALREADY,
                         "follow-up #%d is already %s", number, VOCAB_STATUS.names[f->status]);
    if (rc == 0 && to == STATUS_DONE)
        rc = check_event_time("done", at, &c, app->now, err);
    if (rc == 0)
        rc = wf_followup_ready(f, to, route, reference, err);
    if (rc == 0) {
        struct plan_ctx px = plan_of(app);
        f->route = route;
        text_copy(f->reference, sizeof f->reference, reference);
        wf_followup_finish(&c, f, to, to == STATUS_DONE ? at : app->now, text, &px);
        rc = save_items(app, &c, err);
    }
    case_detail_done(&c);
    return finish(app, rc, err);
}

int app_followup_done(struct app *app, const char *ref, int number, oph_time at, const char *note,
                      struct oph_error *err)
{
    return app_followup_report(app, ref, number, at, note, -1, NULL, err);
}

int app_followup_report(struct app *app, const char *ref, int number, oph_time at, const char *note,
                        int route, const char *reference, struct oph_error *err)
{
    if (check_text("note", note, MAX_TEXT, TEXT_MULTILINE, err) ||
        check_text("HSE reference", reference, MAX_HSE_REF, 0, err))
        return -1;
    if (route >= (int)ROUTE_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown reporting route");
    return finish_followup(app, ref, number, STATUS_DONE, at == OPH_NO_TIME ? app->now : at, note,
                           route, reference, err);
}

int app_followup_na(struct app *app, const char *ref, int number, const char *reason,
                    struct oph_error *err)
{
    if (check_text("reason", reason, MAX_TEXT, TEXT_REQUIRED | TEXT_MULTILINE, err))
        return -1;
    return finish_followup(app, ref, number, STATUS_NA, app->now, reason, -1, NULL, err);
}

/* ---- evidence ------------------------------------------------------------------------ */

int app_evidence_add(struct app *app, const char *ref, enum evidence_kind kind,
                     enum evidence_status status, const char *ext_ref, const char *reason,
                     int *number_out, struct oph_error *err)
{
    app->notice[0] = '\0';
    if ((unsigned)kind >= EV_KIND_COUNT || (unsigned)status >= EVS_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown evidence kind or status");
    if (check_text("evidence reference", ext_ref, MAX_SHORT, 0, err) ||
        check_evidence_reason(status, reason, err) ||
        begin(app, err, "evidence add %s", VOCAB_EVIDENCE_KIND.names[kind]))
        return -1;
    struct case_detail c;
    int rc = load_case(app, ref, &c, err);
    if (rc)
        return finish(app, rc, err);
    if (c.closed)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_CASE, OPH_RULE_CLOSED, "case %s is closed",
                         c.reference);
    if (rc == 0) {
        struct plan_ctx px = plan_of(app);
        c.evidence = record_grow(c.evidence, c.n_evidence, &c.cap_evidence, sizeof *c.evidence);
        struct evidence_item *e = &c.evidence[c.n_evidence++];
        memset(e, 0, sizeof *e);
        e->number = wf_next_number(&c, DUE_EVIDENCE);
        e->kind = kind;
        e->status = status;
        text_copy(e->ref, sizeof e->ref, ext_ref);
        text_copy(e->reason, sizeof e->reason, reason);
        e->created_at = e->updated_at = app->now;
        e->due_at = wf_due(&px, rule_key_evidence(kind), &c, app->now);
        wf_evidence_changed(&c, e, &px, app->notice, sizeof app->notice);
        rc = save_items(app, &c, err);
        if (rc == 0 && number_out)
            *number_out = e->number;
    }
    case_detail_done(&c);
    rc = finish(app, rc, err);
    if (rc)
        app->notice[0] = '\0';
    return rc;
}

int app_evidence_update(struct app *app, const char *ref, int number, enum evidence_status status,
                        const char *reason, struct oph_error *err)
{
    app->notice[0] = '\0';
    if ((unsigned)status >= EVS_COUNT)
        return oph_fail(err, OPH_INVALID, "unknown evidence status");
    if (check_evidence_reason(status, reason, err) ||
        begin(app, err, "evidence update #%d %s", number, VOCAB_EVIDENCE_STATUS.names[status]))
        return -1;
    struct case_detail c;
    int rc = load_case(app, ref, &c, err);
    if (rc)
        return finish(app, rc, err);
    struct evidence_item *e = NULL;
    for (int i = 0; i < c.n_evidence; i++)
        if (c.evidence[i].number == number)
            e = &c.evidence[i];
    if (!e)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_ITEM, OPH_RULE_NOT_FOUND,
                         "case %s has no evidence item #%d", c.reference, number);
    else if (c.closed)
        rc = oph_fail_at(err, OPH_REFUSED, OPH_FIELD_CASE, OPH_RULE_CLOSED, "case %s is closed",
                         c.reference);
    if (rc == 0) {
        struct plan_ctx px = plan_of(app);
        e->status = status;
        text_copy(e->reason, sizeof e->reason, status == EVS_NOT_AVAILABLE ? reason : "");
        e->updated_at = app->now;
        e->dirty = true;
        wf_evidence_changed(&c, e, &px, app->notice, sizeof app->notice);
        wf_recompute(&c, &px);
        rc = save_items(app, &c, err);
    }
    case_detail_done(&c);
    rc = finish(app, rc, err);
    if (rc)
        app->notice[0] = '\0';
    return rc;
}

/* ---- rules and holidays -------------------------------------------------------------- */

struct recompute_ctx {
    struct app *app;
    struct oph_error *err;
};

static int recompute_case(void *ctx, const char *ref)
{
    struct recompute_ctx *rc = ctx;
    struct case_detail c;
    struct plan_ctx px = plan_of(rc->app);
    if (load_case(rc->app, ref, &c, rc->err))
        return -1;
    wf_recompute(&c, &px);
    int r = save_items(rc->app, &c, rc->err);
    case_detail_done(&c);
    return r;
}

/* Due times of open cases follow the rules: recompute every case with a pending item of
 * each rule given (or of every working-day rule when key is NULL). */
static int recompute_open_cases(struct app *app, const char *key, struct oph_error *err)
{
    struct recompute_ctx ctx = {app, err};
    for (int i = 0; i < app->rules.n; i++) {
        const struct rule *r = &app->rules.rules[i];
        if (key ? strcmp(r->key, key) != 0 : r->unit != UNIT_WORKING_DAYS)
            continue;
        if (store_open_cases_with_rule(app->store, r->key, recompute_case, &ctx, err))
            return -1;
    }
    return 0;
}

int app_rule_set(struct app *app, const char *key, int amount, int unit, int base,
                 struct oph_error *err)
{
    const struct rule *old = key ? rule_set_find(&app->rules, key) : NULL;
    if (!old)
        return oph_fail(err, OPH_REFUSED, "no rule %s (see rule list)", key ? key : "");
    struct rule r = *old;
    if (amount >= 0)
        r.amount = amount;
    if (unit >= 0)
        r.unit = (enum rule_unit)unit;
    if (base >= 0)
        r.base = (enum rule_base)base;
    if (r.amount > MAX_DAYS_OFF || (unsigned)r.unit >= UNIT_COUNT || (unsigned)r.base >= BASE_COUNT)
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_AMOUNT, OPH_RULE_OUT_OF_RANGE,
                           "rule amount must be between 0 and %d", MAX_DAYS_OFF);
    /* A step's clock starts at the report or the assault; a follow-up's at its event (an
     * arrest, the last update). Moving a rule across would leave it nothing to count from. */
    if ((old->base == BASE_EVENT) != (r.base == BASE_EVENT))
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_BASE, OPH_RULE_NOT_ALLOWED,
                           old->base == BASE_EVENT
                               ? "rule %s counts from its event (arrest, last update); --base "
                                 "must stay event"
                               : "rule %s counts from the report or the assault; --base must be "
                                 "reported or occurred",
                           r.key);
    struct rule_set saved = app->rules;
    if (begin(app, err, "rule set %s", r.key))
        return -1;
    store_action_multi_case(app->store);
    int rc = store_rule_update(app->store, &r, err);
    if (rc == 0)
        rc = store_rules_load(app->store, &app->rules, err);
    if (rc == 0)
        rc = recompute_open_cases(app, r.key, err);
    rc = finish(app, rc, err);
    if (rc)
        app->rules = saved;
    return rc;
}

/* A force's rule name: lower-case letters, digits and hyphens, starting with a letter. */
static int check_rule_key(const char *key, struct oph_error *err)
{
    size_t n = key ? strlen(key) : 0;
    if (n < 2 || n >= RULE_KEY_MAX)
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_NAME, OPH_RULE_TOO_LONG,
                           "a rule's name is 2 to %d characters long", RULE_KEY_MAX - 1);
    if (key[0] < 'a' || key[0] > 'z')
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_NAME, OPH_RULE_BAD_TEXT,
                           "a rule's name starts with a letter from a to z");
    for (size_t i = 0; i < n; i++)
        if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') ||
              key[i] == '-'))
            return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_NAME, OPH_RULE_BAD_TEXT,
                               "a rule's name is lower-case letters, digits and hyphens (not '%c')",
                               key[i] >= 0x20 && key[i] < 0x7F ? key[i] : '?');
    return 0;
}

int app_rule_add(struct app *app, const struct rule *in, struct oph_error *err)
{
    if (check_rule_key(in->key, err) ||
        check_text("description", in->description, RULE_DESCRIPTION_MAX, TEXT_REQUIRED, err))
        return -1;
    if (in->starts < 0 || in->starts >= START_COUNT)
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_STARTS, OPH_RULE_REQUIRED,
                           "a force's follow-up rule needs what starts it");
    if (in->amount < 0 || in->amount > MAX_DAYS_OFF || (unsigned)in->unit >= UNIT_COUNT)
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_AMOUNT, OPH_RULE_OUT_OF_RANGE,
                           "rule amount must be between 0 and %d", MAX_DAYS_OFF);
    /* A new case counts from its report (or the assault); every other start is an event. */
    if ((in->starts == START_CASE) == (in->base == BASE_EVENT))
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_RULE_BASE, OPH_RULE_NOT_ALLOWED,
                           in->starts == START_CASE
                               ? "a rule started by every case counts from the report or the "
                                 "assault (base reported or occurred)"
                               : "a rule started by %s counts from that event (base event)",
                           VOCAB_RULE_START.names[in->starts]);
    const struct rule *old = rule_set_find(&app->rules, in->key);
    if (old && old->starts < 0)
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_RULE_NAME, OPH_RULE_NOT_ALLOWED,
                           "rule %s is one of the program's own: change its due time with rule set",
                           in->key);
    if (old && old->removed_at == OPH_NO_TIME)
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_RULE_NAME, OPH_RULE_ALREADY,
                           "rule %s already exists (see rule list)", in->key);
    int force = 0;
    for (int i = 0; i < app->rules.n; i++)
        force += app->rules.rules[i].starts >= 0;
    if (!old && (force >= FORCE_RULES_MAX || app->rules.n >= RULES_MAX))
        return oph_fail(err, OPH_REFUSED, "a force adds at most %d rules of its own",
                        FORCE_RULES_MAX);
    struct rule r = *in;
    text_trim(r.description);
    struct rule_set saved = app->rules;
    if (begin(app, err, "rule add %s", r.key))
        return -1;
    int rc = store_rule_insert(app->store, &r, err);
    if (rc == 0)
        rc = store_rules_load(app->store, &app->rules, err);
    rc = finish(app, rc, err);
    if (rc)
        app->rules = saved;
    return rc;
}

int app_rule_remove(struct app *app, const char *key, struct oph_error *err)
{
    const struct rule *old = key ? rule_set_find(&app->rules, key) : NULL;
    if (!old)
        return oph_fail(err, OPH_REFUSED, "no rule %s (see rule list)", key ? key : "");
    if (old->starts < 0)
        return oph_fail(err, OPH_REFUSED,
                        "rule %s is one of the program's own and cannot be removed: change its "
                        "due time with rule set",
                        key);
    if (old->removed_at != OPH_NO_TIME)
        return oph_fail(err, OPH_REFUSED, "rule %s is already removed", key);
    struct rule_set saved = app->rules;
    if (begin(app, err, "rule remove %s", key))
        return -1;
    int rc = store_rule_remove(app->store, key, app->now, err);
    if (rc == 0)
        rc = store_rules_load(app->store, &app->rules, err);
    rc = finish(app, rc, err);
    if (rc)
        app->rules = saved;
    return rc;
}

static int holiday_change(struct app *app, struct oph_date d, int change, const char *note,
                          struct oph_error *err)
{
    if (!cal_date_valid(d.year, d.month, d.day))
        return oph_fail_at(err, OPH_INVALID, OPH_FIELD_DATE, OPH_RULE_UNKNOWN, "no such date");
    if (check_text("note", note, 200, 0, err) || begin(app, err, "holiday %s %04d-%02d-%02d",
                                                       change < 0              ? "reset"
                                                       : change == HOLIDAY_ADD ? "add"
                                                                               : "cancel",
                                                       d.year, d.month, d.day))
        return -1;
    store_action_multi_case(app->store);
    int rc = change < 0 ? store_holiday_delete(app->store, d, err)
                        : store_holiday_set(app->store, d, (enum holiday_change)change, note, err);
    if (rc == 0)
        rc = reload_calendar(app, err);
    if (rc == 0)
        rc = recompute_open_cases(app, NULL, err);
    rc = finish(app, rc, err);
    if (rc) {
        struct oph_error ignored;
        reload_calendar(app, &ignored);
    }
    return rc;
}

static bool is_regular_holiday(struct oph_date d)
{
    struct oph_date regular[8];
    size_t n = cal_regular_holidays(d.year, regular);
    for (size_t i = 0; i < n; i++)
        if (cal_date_cmp(regular[i], d) == 0)
            return true;
    return false;
}

int app_holiday_set(struct app *app, struct oph_date d, enum holiday_change c, const char *note,
                    struct oph_error *err)
{
    if (c == HOLIDAY_REMOVE && cal_date_valid(d.year, d.month, d.day) && !is_regular_holiday(d))
        return oph_fail_at(err, OPH_REFUSED, OPH_FIELD_DATE, OPH_RULE_NOT_FOUND,
                           "%04d-%02d-%02d is not a regular bank holiday: nothing to cancel",
                           d.year, d.month, d.day);
    return holiday_change(app, d, (int)c, note, err);
}

int app_holiday_delete(struct app *app, struct oph_date d, struct oph_error *err)
{
    return holiday_change(app, d, -1, NULL, err);
}

/* ---- reminders ----------------------------------------------------------------------- */

struct remind_ctx {
    oph_time now;
    struct oph_date today;
    reminder_cb cb;
    void *ctx;
};

static int classify(void *ctx, const struct reminder *r)
{
    struct remind_ctx *rc = ctx;
    struct reminder copy = *r;
    if (r->due_at < rc->now)
        copy.state = REMIND_OVERDUE;
    else if (cal_date_cmp(london_date(r->due_at), rc->today) == 0)
        copy.state = REMIND_DUE_TODAY;
    else
        copy.state = REMIND_DUE_SOON;
    copy.work = work_kind_of(r->kind, r->sub);
    return rc->cb(rc->ctx, &copy);
}

/* ",crime,slt," for the codes of a vocabulary whose kind of work is asked for. */
static void codes_of(const struct vocab *v, enum work_kind (*kind_of)(int), unsigned kinds,
                     char *buf, size_t n)
{
    size_t o = 0;
    buf[o++] = ',';
    buf[o] = '\0';
    for (size_t i = 0; i < v->count && o < n; i++)
        if (work_kinds_has(kinds, kind_of((int)i)))
            o += (size_t)snprintf(buf + o, n - o, "%s,", v->names[i]);
}

static enum work_kind step_kind(int code)
{
    return work_kind_of_step((enum step_code)code);
}

static enum work_kind followup_kind(int kind)
{
    return work_kind_of_followup((enum followup_kind)kind);
}

int app_worklist(struct app *app, const struct remind_filter *f, reminder_cb cb, void *ctx,
                 struct oph_error *err)
{
    char steps[256], followups[256];
    struct remind_query q = {.until = horizon_until(&f->horizon, app->now),
                             .evidence = work_kinds_has(f->kinds, WK_EVIDENCE),
                             .off_work = f->off_work};
    if (f->kinds != WORK_KINDS_ALL) {
        codes_of(&VOCAB_STEP, step_kind, f->kinds, steps, sizeof steps);
        codes_of(&VOCAB_FOLLOWUP, followup_kind, f->kinds, followups, sizeof followups);
        q.steps = steps;
        q.followups = followups;
    }
    if (f->mine) {
        struct person me;
        int found = store_user(app->store, &me, err);
        if (found < 0)
            return -1;
        if (found == 0)
            return oph_fail(err, OPH_REFUSED,
                            "nobody is named as this database's user, so no case is yours: "
                            "name yourself first with ophamp whoami NUMBER");
        q.person_id = me.id;
    }
    struct remind_ctx rc = {app->now, london_date(app->now), cb, ctx};
    return store_reminders_query(app->store, &q, classify, &rc, err);
}

int app_reminders(struct app *app, oph_time within, reminder_cb cb, void *ctx,
                  struct oph_error *err)
{
    struct remind_filter f = {.horizon = {.kind = HORIZON_WITHIN, .within = within}};
    return app_worklist(app, &f, cb, ctx, err);
}

int app_marking_check(const char *text, struct oph_error *err)
{
    size_t n = strlen(text);
    if (n == 0)
        return oph_fail(err, OPH_INVALID, "the marking is empty");
    if (n > MARKING_MAX)
        return oph_fail(err, OPH_INVALID, "the marking is %zu characters long (at most %d)", n,
                        MARKING_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)text[i] < 0x20 || (unsigned char)text[i] > 0x7E)
            return oph_fail(err, OPH_INVALID,
                            "the marking has a character that is not printable ASCII at "
                            "position %zu",
                            i + 1);
    if (text[0] == ' ' || text[n - 1] == ' ')
        return oph_fail(err, OPH_INVALID, "the marking starts or ends with a space");
    return 0;
}

int app_marking_set(struct app *app, const char *text, struct oph_error *err)
{
    if (app_marking_check(text, err))
        return -1;
    if (begin(app, err, "setting marking"))
        return -1;
    return finish(app, store_setting_set(app->store, "marking", text, err), err);
}

int app_marking(struct app *app, const char *override, char out[MARKING_MAX + 1],
                struct oph_error *err)
{
    if (override) {
        if (app_marking_check(override, err))
            return -1;
        text_copy(out, MARKING_MAX + 1, override);
        return 0;
    }
    char buf[4096];
    int found = store_setting(app->store, "marking", buf, sizeof buf, err);
    if (found < 0)
        return -1;
    /* A value put there by other means than app_marking_set is not trusted. */
    struct oph_error ignored;
    text_copy(out, MARKING_MAX + 1,
              found && app_marking_check(buf, &ignored) == 0 ? buf : MARKING_DEFAULT);
    return 0;
}

int app_redactor(struct app *app, bool on, int suppress_below, struct redactor *out,
                 struct oph_error *err)
{
    memset(out, 0, sizeof *out);
    out->suppress_below = suppress_below;
    if (!on)
        return 0;
    char hex[128];
    int found = store_setting(app->store, "pseudonym_key", hex, sizeof hex, err);
    if (found < 0)
        return -1;
    if (found == 0 || redactor_init(out, hex, suppress_below) != 0)
        return oph_fail(err, OPH_DB, "the database's pseudonym key is missing or damaged");
    return 0;
}

int app_repair_derived(struct app *app, struct oph_error *err)
{
    if (begin(app, err, "check --repair"))
        return -1;
    store_action_multi_case(app->store);
    store_action_always(app->store);
    return finish(app, store_rebuild_derived(app->store, err), err);
}

int app_log(struct app *app, const char *ref, long limit, log_action_cb cb, void *ctx,
            struct oph_error *err)
{
    char norm[64];
    if (ref && normalise_ref(ref, norm, err))
        return -1;
    return store_log_list(app->store, ref ? norm : NULL, limit, cb, ctx, err);
}

int app_log_changes(struct app *app, const struct log_action *a, log_change_cb cb, void *ctx,
                    struct oph_error *err)
{
    return store_log_changes(app->store, a, cb, ctx, err);
}

int app_log_head(struct app *app, char out[LOG_HEAD_TEXT], struct oph_error *err)
{
    struct log_head h;
    out[0] = '\0';
    if (store_log_head(app->store, &h, err))
        return -1;
    if (h.id > 0)
        snprintf(out, LOG_HEAD_TEXT, "%lld:%s", (long long)h.id, h.hash);
    return 0;
}

int app_save_items(struct app *app, struct case_detail *c, struct oph_error *err)
{
    return save_items(app, c, err);
}

int app_recompute_open_cases(struct app *app, const char *key, struct oph_error *err)
{
    return recompute_open_cases(app, key, err);
}

int app_reload_calendar(struct app *app, struct oph_error *err)
{
    return reload_calendar(app, err);
}
