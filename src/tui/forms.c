/* Forms for records beyond one case's timeline: a new case (its victim and supervisor added
 * inline when unknown), the facts of a case, a person, a due-time rule. Each submit calls an
 * app_* action; the rules are the app's, the forms only show where a refusal belongs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "ophamp/workflow.h"
#include "tui_internal.h"

static const char *str(struct form_spec *s, const char *key)
{
    const char *v = form_text(s, key);
    return v ? v : "";
}

static struct form_field *add_text(struct form_spec *s, enum field_kind kind, const char *key,
                                   const char *label, unsigned flags, size_t max,
                                   const char *initial)
{
    struct form_field *f = form_add(s, kind, key, label, flags, max);
    form_set_text(f, initial);
    return f;
}

static struct form_field *add_choice(struct form_spec *s, const char *key, const char *label,
                                     const struct vocab *v, unsigned flags, int initial)
{
    struct form_field *f = form_add(s, v ? FK_CHOICE : FK_YESNO, key, label, flags, 0);
    f->vocab = v;
    f->choice = initial;
    return f;
}

static struct form_field *add_time(struct form_spec *s, const char *key, const char *label,
                                   unsigned flags, oph_time initial, const char *hint)
{
    struct form_field *f = form_add(s, FK_TIME, key, label, flags, 0);
    form_set_time(f, initial);
    f->hint = hint;
    return f;
}

/* ---- the facts of a case ----------------------------------------------------------- */

#define ID(f, id) form_id((f), (id), OPH_FIELD_NONE)

/* The fields of struct case_facts, each with what the core calls it; a new case leaves the
 * Victim Code answers to its step. */
static void add_fact_fields(struct form_spec *s, const struct case_facts *f, bool new_case)
{
    struct form_field *x;
    ID(forms_add_person_field(s, "victim", "Victim staff no.", FF_REQUIRED, "the assaulted person",
                              f->victim_number),
       OPH_FIELD_VICTIM);
    ID(forms_add_person_field(s, "supervisor", "Supervisor staff no.", FF_REQUIRED, NULL,
                              f->supervisor_number),
       OPH_FIELD_SUPERVISOR);
    ID(add_time(s, "occurred", "Occurred", FF_REQUIRED, f->occurred_at,
                "e.g. 14:10, -2h, yesterday 22:30"),
       OPH_FIELD_OCCURRED_AT);
    ID(add_time(s, "reported", "Reported", new_case ? 0 : FF_REQUIRED, f->reported_at,
                new_case ? "empty: now" : NULL),
       OPH_FIELD_REPORTED_AT);
    ID(add_text(s, FK_TEXT, "location", "Location", FF_REQUIRED, MAX_LOCATION, f->location),
       OPH_FIELD_LOCATION);
    ID(add_choice(s, "location kind", "Location kind", &VOCAB_LOCATION, FF_REQUIRED,
                  f->location_kind),
       OPH_FIELD_LOCATION_KIND);
    ID(add_text(s, FK_TEXT, "offence", "Offence", 0, MAX_OFFENCE, f->offence), OPH_FIELD_OFFENCE);
    ID(add_text(s, FK_MULTILINE, "summary", "What happened", 0, MAX_TEXT, f->summary),
       OPH_FIELD_SUMMARY);
    ID(add_choice(s, "mechanism", "Mechanism", &VOCAB_MECHANISM, FF_OPTIONAL, f->mechanism),
       OPH_FIELD_MECHANISM);
    ID(add_choice(s, "injury", "Injury", &VOCAB_INJURY, FF_REQUIRED, f->injury), OPH_FIELD_INJURY);
    ID(add_text(s, FK_TEXT, "body part", "Body part", 0, MAX_SHORT, f->body_part),
       OPH_FIELD_BODY_PART);
    ID(add_choice(s, "treatment", "Medical treatment", &VOCAB_TREATMENT, FF_OPTIONAL, f->treatment),
       OPH_FIELD_TREATMENT);
    add_choice(s, "specified injury", "Specified injury", NULL, 0, f->specified_injury)->hint =
        "RIDDOR: a 10-day report";
    add_choice(s, "off work", "Off work injured", NULL, 0, f->off_work);
    x = ID(form_add(s, FK_NUMBER, "days off", "Days off work", 0, 4), OPH_FIELD_DAYS_OFF);
    form_set_number(x, f->days_off);
    ID(add_choice(s, "offender known", "Offender known", NULL, FF_OPTIONAL, f->offender_known),
       OPH_FIELD_OFFENDER_KNOWN);
    ID(add_time(s, "arrested", "Arrested at", 0, f->arrested_at, "empty: no arrest"),
       OPH_FIELD_ARRESTED_AT);
    ID(add_time(s, "died", "Died of it at", 0, f->died_at, "RIDDOR: reported at once"),
       OPH_FIELD_DIED_AT);
    ID(add_text(s, FK_MULTILINE, "THOR assessment", "THOR assessment", 0, MAX_TEXT, f->thor),
       OPH_FIELD_THOR)
        ->hint = "threat/harm/opportunity/risk";
    if (new_case)
        return;
    ID(add_text(s, FK_TEXT, "crime reference", "Crime reference", 0, MAX_CRIME_REF,
                f->crime_reference),
       OPH_FIELD_CRIME_REFERENCE);
    ID(add_choice(s, "referral", "Support referral", &VOCAB_REFERRAL, FF_OPTIONAL, f->referral),
       OPH_FIELD_REFERRAL);
    ID(add_choice(s, "enhanced rights", "Enhanced rights", NULL, FF_OPTIONAL, f->enhanced_rights),
       OPH_FIELD_ENHANCED_RIGHTS);
    ID(add_choice(s, "vps", "VPS offered", NULL, FF_OPTIONAL, f->vps_offered),
       OPH_FIELD_VPS_OFFERED)
        ->hint = "Victim Personal Statement";
    x = ID(form_add(s, FK_NUMBER, "support score", "Support score", 0, 1), OPH_FIELD_SUPPORT_SCORE);
    form_set_number(x, f->support_score ? f->support_score : -1);
    x->hint = "1-5, how well supported";
}

/* A time as typed, or the stored one when the text still reads as it did: the form shows
 * minutes, and a save must not move a time by the seconds it does not show. */
static oph_time time_or_same(struct form_spec *s, const char *key, oph_time stored, oph_time now)
{
    char was[OPH_LOCAL_LEN] = "";
    if (stored != OPH_NO_TIME)
        time_format_local(stored, was);
    return strcmp(str(s, key), was) == 0 ? stored : form_time(s, key, now);
}

/* Reads the fields back over f (what the form does not show stays as it was). */
static void read_facts(struct form_spec *s, struct case_facts *f, oph_time now)
{
    text_copy(f->victim_number, sizeof f->victim_number, str(s, "victim"));
    text_copy(f->supervisor_number, sizeof f->supervisor_number, str(s, "supervisor"));
    f->occurred_at = time_or_same(s, "occurred", f->occurred_at, now);
    f->reported_at = time_or_same(s, "reported", f->reported_at, now);
    text_copy(f->location, sizeof f->location, str(s, "location"));
    f->location_kind = form_choice(s, "location kind");
    text_copy(f->offence, sizeof f->offence, str(s, "offence"));
    text_copy(f->summary, sizeof f->summary, str(s, "summary"));
    f->mechanism = form_choice(s, "mechanism");
    f->injury = form_choice(s, "injury");
    text_copy(f->body_part, sizeof f->body_part, str(s, "body part"));
    f->treatment = form_choice(s, "treatment");
    f->specified_injury = form_choice(s, "specified injury") == TRI_YES;
    f->off_work = form_choice(s, "off work") == TRI_YES;
    int days = form_number(s, "days off");
    f->days_off = days < 0 ? 0 : days;
    f->offender_known = form_choice(s, "offender known");
    f->arrested_at = time_or_same(s, "arrested", f->arrested_at, now);
    f->died_at = time_or_same(s, "died", f->died_at, now);
    text_copy(f->thor, sizeof f->thor, str(s, "THOR assessment"));
    if (!form_find(s, "crime reference"))
        return;
    text_copy(f->crime_reference, sizeof f->crime_reference, str(s, "crime reference"));
    f->referral = form_choice(s, "referral");
    f->enhanced_rights = form_choice(s, "enhanced rights");
    f->vps_offered = form_choice(s, "vps");
    /* Empty means not asked; 0 is typed, and refused like any other number outside 1-5. */
    int score = form_number(s, "support score");
    f->support_score = score < 0 ? 0 : score == 0 ? -1 : score;
}

/* The keys of the lines under a staff-number field (static: form fields keep the pointers). */
static const struct {
    const char *key, *name_key, *rank_key;
} person_lines[] = {
    {"victim", "victim name", "victim rank"},
    {"supervisor", "supervisor name", "supervisor rank"},
    {"person", "person name", "person rank"},
};

struct inline_person forms_inline_person(const char *key)
{
    for (size_t i = 0; i < sizeof person_lines / sizeof *person_lines; i++)
        if (strcmp(person_lines[i].key, key) == 0)
            return (struct inline_person){.key = person_lines[i].key,
                                          .name_key = person_lines[i].name_key,
                                          .rank_key = person_lines[i].rank_key};
    abort(); /* a form asked for a person field that has no lines: a programming error */
}

struct form_field *forms_add_person_field(struct form_spec *s, const char *key, const char *label,
                                          unsigned flags, const char *hint, const char *number)
{
    struct inline_person ip = forms_inline_person(key);
    struct form_field *x =
        ID(add_text(s, FK_PERSON, ip.key, label, flags, 0, number), OPH_FIELD_STAFF_NUMBER);
    x->hint = hint;
    x->name_key = ip.name_key;
    add_text(s, FK_TEXT, ip.name_key, "  name if new", 0, MAX_NAME, "")->hint =
        "adds them to the people";
    add_text(s, FK_TEXT, ip.rank_key, "  rank if new", 0, MAX_RANK, "")->hint =
        "PC, PS, Insp, PCSO ...";
    return x;
}

int forms_resolve_person(struct tui *t, struct form_spec *s, struct inline_person *ip,
                         struct oph_error *err)
{
    if (check_staff_number("staff number", str(s, ip->key), true, err))
        return form_fail(s, ip->key);
    int rc = app_person_by_number(&t->app, str(s, ip->key), &ip->p, err);
    if (rc < 0)
        return -1;
    ip->found = rc > 0;
    if (!ip->found && !*str(s, ip->name_key)) {
        oph_fail(err, OPH_REFUSED,
                 "no person with staff number %s: type their name in the line below to add "
                 "them",
                 str(s, ip->key));
        return form_fail(s, ip->key);
    }
    return 0;
}

int forms_add_inline_person(struct tui *t, struct form_spec *s, struct inline_person *ip,
                            struct oph_error *err)
{
    if (ip->found)
        return 0;
    struct person_input in = {
        .name = str(s, ip->name_key), .number = str(s, ip->key), .rank = str(s, ip->rank_key)};
    if (app_person_add(&t->app, &in, &ip->p, err) == 0)
        return 0;
    return form_fail(s, err->field == OPH_FIELD_NAME   ? ip->name_key
                        : err->field == OPH_FIELD_RANK ? ip->rank_key
                                                       : ip->key);
}

/* The victim and the supervisor of the facts form, found or added from the names typed
 * under their numbers. The whole record is checked before anyone is added, so a refusal adds
 * nobody. */
static int fact_people(struct tui *t, struct form_spec *s, const struct case_facts *f,
                       struct inline_person *victim, struct inline_person *supervisor,
                       struct oph_error *err)
{
    struct case_facts check = *f;
    if (check.reported_at == OPH_NO_TIME)
        check.reported_at = t->app.now;
    if (check_case_facts(&check, t->app.now, err))
        return -1; /* shown under the fact err->field names */
    *victim = forms_inline_person("victim");
    *supervisor = forms_inline_person("supervisor");
    if (forms_resolve_person(t, s, victim, err) || forms_resolve_person(t, s, supervisor, err) ||
        forms_add_inline_person(t, s, victim, err) ||
        forms_add_inline_person(t, s, supervisor, err))
        return -1;
    return 0;
}

static int new_case_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    struct case_facts f;
    case_facts_init(&f);
    read_facts(s, &f, t->app.now);
    struct inline_person victim, supervisor;
    if (fact_people(t, s, &f, &victim, &supervisor, err))
        return -1;
    char ref[REF_LEN + 1];
    if (app_case_new(&t->app, &f, ref, err))
        return -1;
    char when[OPH_LOCAL_LEN];
    tui_say(t, false, "Logged %s: %s, assaulted %s%s%s%s%s", ref, victim.p.name,
            fmt_local(f.occurred_at, when), victim.found && supervisor.found ? "" : "; added ",
            victim.found ? "" : victim.p.name, !victim.found && !supervisor.found ? " and " : "",
            supervisor.found ? "" : supervisor.p.name);
    s->then_ops = &case_view_ops;
    text_copy(s->then_arg, sizeof s->then_arg, ref);
    return 0;
}

int forms_open_new_case(struct tui *t)
{
    struct case_facts f;
    case_facts_init(&f);
    f.location_kind = -1; /* chosen, not assumed */
    struct form_spec *s = form_new("Log a new assault", new_case_submit, NULL, NULL);
    text_copy(s->intro, sizeof s->intro,
              "Times are London time: now, 14:10, yesterday 22:30, -2h, 8/4/2026 14:10 or "
              "2026-04-08 14:10. An unknown staff number is added here with a name.");
    add_fact_fields(s, &f, true);
    return form_open(t, s);
}

struct facts_ctx {
    char ref[REF_LEN + 1];
    struct case_facts facts;
};

static int edit_facts_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    struct facts_ctx *fc = s->ctx;
    struct case_facts f = fc->facts;
    read_facts(s, &f, t->app.now);
    struct inline_person victim, supervisor;
    if (fact_people(t, s, &f, &victim, &supervisor, err))
        return -1;
    if (app_case_edit(&t->app, fc->ref, &f, err))
        return -1;
    tui_say(t, false, "Facts of %s saved; due times follow them%s%s%s%s", fc->ref,
            victim.found && supervisor.found ? "" : "; added ", victim.found ? "" : victim.p.name,
            !victim.found && !supervisor.found ? " and " : "",
            supervisor.found ? "" : supervisor.p.name);
    tui_say_notice(t);
    return 0;
}

int forms_open_edit_facts(struct tui *t, const struct case_detail *c)
{
    struct facts_ctx *fc = calloc(1, sizeof *fc);
    if (!fc) {
        tui_say(t, true, "out of memory");
        return -1;
    }
    text_copy(fc->ref, sizeof fc->ref, c->reference);
    fc->facts = c->facts;
    struct form_spec *s = form_new("Edit the facts", edit_facts_submit, fc, free);
    snprintf(s->intro, sizeof s->intro, "%s \u00b7 %s (%s)", c->reference, c->victim.name,
             c->victim.number);
    add_fact_fields(s, &c->facts, false);
    return form_open(t, s);
}

/* ---- people -------------------------------------------------------------------------- */

static int person_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    const char *old = s->ctx;
    int role = form_choice(s, "role");
    struct person_input in = {
        .name = str(s, "name"),
        .number = str(s, "staff number"),
        .role = role >= 0 ? VOCAB_PERSON_ROLE.names[role] : NULL,
        .rank = str(s, "rank"),
        .team = str(s, "team"),
    };
    struct person p;
    int rc =
        old ? app_person_edit(&t->app, old, &in, &p, err) : app_person_add(&t->app, &in, &p, err);
    if (rc)
        return -1;
    tui_say(t, false, "%s %s (%s)", old ? "Saved" : "Added", p.name, p.number);
    return 0;
}

int forms_open_person(struct tui *t, const char *number_or_null)
{
    struct person p;
    memset(&p, 0, sizeof p);
    p.role = ROLE_OFFICER;
    char *old = NULL;
    if (number_or_null) {
        struct oph_error err = {0};
        int rc = app_person_by_number(&t->app, number_or_null, &p, &err);
        if (rc <= 0) {
            tui_say(t, true, "%s", rc < 0 ? err.msg : "no such person");
            return -1;
        }
        old = strdup(number_or_null);
        if (!old) {
            tui_say(t, true, "out of memory");
            return -1;
        }
    }
    struct form_spec *s =
        form_new(old ? "Change a person" : "Add a person", person_submit, old, free);
    ID(add_text(s, FK_TEXT, "staff number", "Staff number", FF_REQUIRED, MAX_NUMBER, p.number),
       OPH_FIELD_STAFF_NUMBER)
        ->hint = "or collar number";
    ID(add_text(s, FK_TEXT, "name", "Name", FF_REQUIRED, MAX_NAME, p.name), OPH_FIELD_NAME);
    ID(add_choice(s, "role", "Role", &VOCAB_PERSON_ROLE, FF_REQUIRED, (int)p.role),
       OPH_FIELD_PERSON_ROLE);
    ID(add_text(s, FK_TEXT, "rank", "Rank", 0, MAX_RANK, p.rank), OPH_FIELD_RANK);
    ID(add_text(s, FK_TEXT, "team", "Team or station", 0, MAX_SHORT, p.team), OPH_FIELD_TEAM);
    return form_open(t, s);
}

/* ---- rules --------------------------------------------------------------------------- */

static int rule_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    const char *key = s->ctx;
    int amount = form_number(s, "amount"), unit = form_choice(s, "unit");
    int base = form_choice(s, "base");
    if (app_rule_set(&t->app, key, amount, unit, base, err))
        return -1;
    tui_say(t, false, "Rule %s: %d %s from the %s time; open cases follow it", key, amount,
            VOCAB_UNIT.names[unit], VOCAB_BASE.names[base]);
    return 0;
}

static int rule_add_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    struct rule r;
    memset(&r, 0, sizeof r);
    text_copy(r.key, sizeof r.key, str(s, "name"));
    text_copy(r.description, sizeof r.description, str(s, "for"));
    r.starts = form_choice(s, "starts");
    r.amount = form_number(s, "amount");
    r.unit = (enum rule_unit)form_choice(s, "unit");
    int base = form_choice(s, "base");
    r.base = r.starts != START_CASE ? BASE_EVENT : base >= 0 ? (enum rule_base)base : BASE_REPORTED;
    r.removed_at = OPH_NO_TIME;
    if (strlen(str(s, "name")) >= sizeof r.key) {
        oph_fail(err, OPH_INVALID, "a rule's name is 2 to %d characters long", RULE_KEY_MAX - 1);
        return form_fail(s, "name");
    }
    if (app_rule_add(&t->app, &r, err))
        return -1;
    tui_say(t, false, "Rule %s added: raised by %s from now on", r.key,
            VOCAB_RULE_START.names[r.starts]);
    return 0;
}

int forms_open_rule_add(struct tui *t)
{
    struct form_spec *s =
        form_new("Add a follow-up of the force's own", rule_add_submit, NULL, NULL);
    text_copy(s->intro, sizeof s->intro,
              "Raised for cases from now on: every new case, hospital treatment, off work, or "
              "an outcome; like the program's own follow-ups everywhere.");
    ID(add_text(s, FK_TEXT, "name", "Name", FF_REQUIRED, RULE_KEY_MAX - 1, ""), OPH_FIELD_RULE_NAME)
        ->hint = "e.g. chief-officer";
    ID(add_text(s, FK_TEXT, "for", "What to do", FF_REQUIRED, RULE_DESCRIPTION_MAX, ""),
       OPH_FIELD_RULE_DESCRIPTION)
        ->hint = "e.g. Tell the on-call chief officer";
    ID(add_choice(s, "starts", "Raised by", &VOCAB_RULE_START, FF_REQUIRED, -1),
       OPH_FIELD_RULE_STARTS)
        ->hint = "case: every new case";
    struct form_field *f =
        ID(form_add(s, FK_NUMBER, "amount", "Amount", FF_REQUIRED, 4), OPH_FIELD_RULE_AMOUNT);
    f->hint = "how many units";
    add_choice(s, "unit", "Unit", &VOCAB_UNIT, FF_REQUIRED, UNIT_HOURS);
    f = ID(add_choice(s, "base", "Counted from", &VOCAB_BASE, FF_REQUIRED, BASE_REPORTED),
           OPH_FIELD_RULE_BASE);
    f->hint = "reported or occurred";
    f->show_key = "starts";
    f->show_mask = 1u << START_CASE;
    return form_open(t, s);
}

int forms_open_rule(struct tui *t, const char *key)
{
    const struct rule *r = key ? rule_set_find(&t->app.rules, key) : NULL;
    if (!r) {
        tui_say(t, true, "no rule %s", key ? key : "");
        return -1;
    }
    char *k = strdup(key);
    if (!k) {
        tui_say(t, true, "out of memory");
        return -1;
    }
    struct form_spec *s = form_new("Change a due-time rule", rule_submit, k, free);
    snprintf(s->intro, sizeof s->intro, "%s \u2014 %s", r->key, r->description);
    struct form_field *f =
        ID(form_add(s, FK_NUMBER, "amount", "Amount", FF_REQUIRED, 4), OPH_FIELD_RULE_AMOUNT);
    form_set_number(f, r->amount);
    f->hint = "how many units";
    add_choice(s, "unit", "Unit", &VOCAB_UNIT, FF_REQUIRED, (int)r->unit)->hint =
        "working days skip holidays";
    ID(add_choice(s, "base", "Counted from", &VOCAB_BASE, FF_REQUIRED, (int)r->base),
       OPH_FIELD_RULE_BASE)
        ->hint = "the time the count starts";
    return form_open(t, s);
}

/* ---- bank holidays and the marking --------------------------------------------------- */

static const char *const holiday_change_names[] = {"a holiday added", "a regular one cancelled"};
static const struct vocab VOCAB_HOLIDAY_FORM = {"change", holiday_change_names, 2};

static int holiday_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    const char *text = form_text(s, "date"), *why = NULL;
    struct oph_date d;
    if (date_parse(text ? text : "", &d, &why)) {
        oph_fail(err, OPH_INVALID, "date: %s", why);
        return form_fail(s, "date");
    }
    int change = form_choice(s, "change");
    const char *note = form_text(s, "note");
    if (app_holiday_set(&t->app, d, change == 0 ? HOLIDAY_ADD : HOLIDAY_REMOVE,
                        note && *note ? note : NULL, err))
        return -1;
    tui_say(t, false, "%04d-%02d-%02d: %s; the due times of open cases follow", d.year, d.month,
            d.day, change == 0 ? "a bank holiday" : "the regular bank holiday is not held");
    return 0;
}

int forms_open_holiday(struct tui *t)
{
    struct form_spec *s = form_new("Change the bank holidays", holiday_submit, NULL, NULL);
    snprintf(s->intro, sizeof s->intro,
             "A one-off bank holiday (a jubilee, a state funeral), or a regular one that is not "
             "held because it moved. Working days skip bank holidays.");
    ID(add_text(s, FK_TEXT, "date", "Date", FF_REQUIRED, 10, ""), OPH_FIELD_DATE)->hint =
        "YYYY-MM-DD";
    add_choice(s, "change", "Change", &VOCAB_HOLIDAY_FORM, FF_REQUIRED, 0);
    ID(add_text(s, FK_TEXT, "note", "Note", 0, 200, ""), OPH_FIELD_NOTE)->hint = "what it is for";
    return form_open(t, s);
}

static int marking_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    const char *text = form_text(s, "marking");
    if (app_marking_set(&t->app, text ? text : "", err))
        return form_fail(s, "marking");
    tui_say(t, false, "The exports and the report are marked %s", text);
    return 0;
}

int forms_open_marking(struct tui *t)
{
    char now[MARKING_MAX + 1];
    struct oph_error err = {0};
    if (app_marking(&t->app, NULL, now, &err)) {
        tui_say(t, true, "%s", err.msg);
        return -1;
    }
    struct form_spec *s = form_new("Change the protective marking", marking_submit, NULL, NULL);
    snprintf(s->intro, sizeof s->intro,
             "Printed at the head of every page and file the exports and the report write "
             "(the Government Security Classifications).");
    add_text(s, FK_TEXT, "marking", "Marking", FF_REQUIRED, MARKING_MAX, now)->hint =
        "printable ASCII, e.g. OFFICIAL-SENSITIVE";
    return form_open(t, s);
}
