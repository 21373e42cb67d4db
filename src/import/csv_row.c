/* Each row of the spreadsheet becomes a case, as `case new`, `step done`, `step na` and
 * `case close` would make it: its cells read and checked one by one, the facts checked
 * whole, its identity and people found, then the plan started by the engine and the steps
 * and the closing applied as the row records them; saved in one action of the log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_internal.h"
#include "csv_internal.h"
#include "ophamp/text.h"
#include "ophamp/when.h"
#include "ophamp/workflow.h"

/* The column of each fact, for the core's checks' answers. */
static const size_t fact_col[] = {[FACT_VICTIM] = CSV_FIELD(victim_number),
                                  [FACT_SUPERVISOR] = CSV_FIELD(role_number[CROLE_SUPERVISOR]),
                                  [FACT_LOCATION] = CSV_FIELD(location),
                                  [FACT_OFFENCE] = CSV_FIELD(offence),
                                  [FACT_SUMMARY] = CSV_FIELD(summary),
                                  [FACT_BODY_PART] = CSV_FIELD(body_part),
                                  [FACT_THOR] = CSV_FIELD(thor),
                                  [FACT_CRIME_REFERENCE] = CSV_FIELD(crime_reference),
                                  [FACT_LOCATION_KIND] = CSV_FIELD(location_kind),
                                  [FACT_INJURY] = CSV_FIELD(injury),
                                  [FACT_MECHANISM] = CSV_FIELD(mechanism),
                                  [FACT_TREATMENT] = CSV_FIELD(treatment),
                                  [FACT_REFERRAL] = CSV_FIELD(referral),
                                  [FACT_OCCURRED] = CSV_FIELD(occurred_at),
                                  [FACT_REPORTED] = CSV_FIELD(reported_at),
                                  [FACT_ARRESTED] = CSV_FIELD(arrested_at),
                                  [FACT_DAYS_OFF] = CSV_FIELD(days_off),
                                  [FACT_SUPPORT_SCORE] = CSV_FIELD(support_score),
                                  [FACT_OFFENDER_KNOWN] = CSV_FIELD(offender_known),
                                  [FACT_ENHANCED_RIGHTS] = CSV_FIELD(enhanced_rights),
                                  [FACT_VPS_OFFERED] = CSV_FIELD(vps_offered)};

/* The role holders' columns. */
static const struct {
    size_t field; /* CSV_FIELD */
    enum case_role role;
} holders[] = {{CSV_FIELD(role_number[CROLE_SECOND_LINE]), CROLE_SECOND_LINE},
               {CSV_FIELD(role_number[CROLE_INVESTIGATOR]), CROLE_INVESTIGATOR},
               {CSV_FIELD(role_number[CROLE_STATEMENT_TAKER]), CROLE_STATEMENT_TAKER},
               {CSV_FIELD(role_number[CROLE_WELFARE_OFFICER]), CROLE_WELFARE_OFFICER}};
#define N_HOLDERS ((int)(sizeof holders / sizeof holders[0]))

/* What a row says beside the case's own fields, read from its cells. */
struct row {
    long line;
    struct file_person victim; /* the row's victim columns (pointing into the record) */
    char holder_no[N_HOLDERS][TXT(MAX_NUMBER)];
    const char *ref_given; /* the reference cell as written */
    bool closed;
    int outcome;
    oph_time outcome_at, closed_at;
    int step_status[STEP_COUNT];
    oph_time step_done[STEP_COUNT];
    char ref_why[300]; /* why the reference given is not kept, or "" */
    int64_t victim_id, role_ids[CROLE_COUNT];
};

/* The spreadsheet's columns for the fact a step's refusal names (err->field), as " (column
 * NAME)" in out, or "" when none: the importer words a refusal in its own terms, as the
 * command line names its flags. */
static const char *column_of(enum oph_field field, char *out, size_t outsz)
{
    int c = -1, c2 = -1;
    switch (field) {
    case OPH_FIELD_CRIME_REFERENCE:
        c = CSV_COL(crime_reference);
        break;
    case OPH_FIELD_REFERRAL:
        c = CSV_COL(referral);
        break;
    case OPH_FIELD_ENHANCED_RIGHTS:
        c = CSV_COL(enhanced_rights);
        break;
    case OPH_FIELD_VPS_OFFERED:
        c = CSV_COL(vps_offered);
        break;
    case OPH_FIELD_ROLES:
        c = CSV_COL(role_number[CROLE_INVESTIGATOR]);
        c2 = CSV_COL(role_number[CROLE_STATEMENT_TAKER]);
        break;
    default:
        break;
    }
    if (c < 0)
        out[0] = '\0';
    else if (c2 < 0)
        snprintf(out, outsz, " (column %s)", csv_col_name(c));
    else
        snprintf(out, outsz, " (columns %s and %s)", csv_col_name(c), csv_col_name(c2));
    return out;
}

#define IMPORT_NOTE "imported from a spreadsheet"
#define IMPORT_NA_REASON "imported as not applicable"

/* The steps' status and done times, through the same rules as step done and step na. A step
 * not applicable without a done time is dated na_at. */
/* When step s was done or found not applicable, by the row: false (a problem reported) when
 * that does not fit its status. A step not applicable without a done time is dated na_at. */
static bool step_time(struct importer *im, long line, const struct case_detail *c, int s,
                      int status, oph_time done, oph_time na_at, oph_time *at)
{
    int dc = STEP_COL(s, SC_DONE_AT);
    struct oph_error e = {0};
    if (status == STATUS_PENDING) {
        if (done != OPH_NO_TIME)
            csv_col_report(im, line, dc,
                           "a pending step has no done time (give its status: done or "
                           "not-applicable)");
        return false;
    }
    if (status == STATUS_DONE && done == OPH_NO_TIME) {
        csv_col_report(im, line, dc, "a done step needs its done time");
        return false;
    }
    *at = done;
    if (done == OPH_NO_TIME)
        *at = na_at; /* not applicable without a time: when the case closed, or now */
    else if (check_event_time("done", done, c, im->app->now, &e)) {
        csv_col_report(im, line, dc, "%s", e.msg);
        return false;
    }
    return true;
}

/* Step s done at `at`, through the same rules as step done (welfare: as welfare add). */
static void step_done(struct importer *im, long line, struct case_detail *c, int s, oph_time at,
                      struct plan_ctx *px)
{
    struct step *st = &c->steps[s];
    struct oph_error e = {0};
    if (s == STEP_WELFARE) {
        /* Step welfare is done by a welfare contact, as welfare add does it. */
        app_timeline_push(c, TL_WELFARE, at, VOCAB_WELFARE_METHOD.names[WM_OTHER],
                          "first welfare contact (" IMPORT_NOTE ")");
        wf_welfare_contact(c, at, px);
        return;
    }
    if (s != STEP_IOD && wf_step_ready(c, (enum step_code)s, IMPORT_NOTE, &e)) {
        char column[200];
        csv_col_report(im, line, STEP_COL(s, SC_STATUS), "%s%s", e.msg,
                       column_of(e.field, column, sizeof column));
        return;
    }
    if (s == STEP_IOD) /* both sign-offs, as the spreadsheet says it was done */
        st->victim_signed_at = st->supervisor_signed_at = at;
    st->status = STATUS_DONE;
    st->done_at = at;
    text_copy(st->done_by, sizeof st->done_by, px->actor);
    text_copy(st->note, sizeof st->note, IMPORT_NOTE);
    st->dirty = true;
}

/* The steps' status and done times, through the same rules as step done and step na. A step
 * not applicable without a done time is dated na_at. */
static void apply_steps(struct importer *im, long line, struct case_detail *c,
                        const int status[STEP_COUNT], const oph_time done[STEP_COUNT],
                        oph_time na_at)
{
    struct plan_ctx px = plan_of(im->app);
    for (int s = 0; s < STEP_COUNT; s++) {
        struct step *st = &c->steps[s];
        oph_time at;
        if (!step_time(im, line, c, s, status[s], done[s], na_at, &at))
            continue;
        if (status[s] != STATUS_NA) {
            step_done(im, line, c, s, at, &px);
            continue;
        }
        st->status = STATUS_NA;
        st->done_at = at;
        text_copy(st->done_by, sizeof st->done_by, px.actor);
        text_copy(st->reason, sizeof st->reason, IMPORT_NA_REASON);
        st->dirty = true;
    }
}

/* Closing, through the same rule as case close; follow-ups still pending on a case closed
 * before the import are not applicable (the spreadsheet does not record them). */
static void apply_closing(struct importer *im, long line, struct case_detail *c, int outcome,
                          oph_time outcome_at, oph_time closed_at)
{
    struct app *app = im->app;
    struct plan_ctx px = plan_of(app);
    px.closed_already = true;
    struct oph_error e = {0};
    if (outcome < 0)
        csv_col_report(im, line, CSV_COL(outcome), "a closed case needs its outcome");
    if (closed_at == OPH_NO_TIME)
        csv_col_report(im, line, CSV_COL(closed_at), "a closed case needs its closing time");
    if (im->row_bad)
        return;
    if (outcome_at == OPH_NO_TIME)
        outcome_at = closed_at;
    if (check_event_time("closing", closed_at, c, app->now, &e)) {
        csv_col_report(im, line, CSV_COL(closed_at), "%s", e.msg);
        return;
    }
    if (check_event_time("outcome", outcome_at, c, app->now, &e)) {
        csv_col_report(im, line, CSV_COL(outcome_at), "%s", e.msg);
        return;
    }
    char ref[REF_LEN + 1];
    memcpy(ref, c->reference, sizeof ref); /* given in the file, or empty: numbered later */
    snprintf(c->reference, sizeof c->reference, "on line %lu", (unsigned long)line % 10000000UL);
    int rc = wf_can_close(c, outcome, &e);
    memcpy(c->reference, ref, sizeof ref);
    if (rc) {
        csv_col_report(im, line, CSV_COL(status), "%s", e.msg);
        return;
    }
    c->outcome = outcome;
    c->outcome_at = outcome_at;
    wf_outcome(c, outcome_at, &px);
    wf_close(c, closed_at, &px);
    for (int i = 0; i < c->n_followups; i++) {
        struct followup *f = &c->followups[i];
        if (f->status != STATUS_PENDING)
            continue;
        f->status = STATUS_NA;
        f->done_at = closed_at;
        text_copy(f->reason, sizeof f->reason,
                  "the case was closed before it was imported; the spreadsheet does not "
                  "record this follow-up");
        f->dirty = true;
    }
}

/* ---- the row's cells, each on its own ------------------------------------------------ */

/* Whether the record is a row at all: as many fields as the header, no NUL byte. */
static bool row_shape(struct importer *im, long line)
{
    if (im->n != im->ncols) {
        csv_report(im, line, NULL, "%d field%s where the header has %d", im->n,
                   im->n == 1 ? "" : "s", im->ncols);
        return false;
    }
    if (im->nul)
        for (int i = 0; i < im->n; i++)
            if (strlen(csv_field_text(im, i)) != im->f[i].len)
                csv_report(im, line, im->header[i], "text contains a NUL byte");
    return !im->row_bad;
}

/* The victim's columns, the supervisor's and the role holders' staff numbers. */
static void read_people_cells(struct importer *im, struct row *w, struct case_facts *f)
{
    long line = w->line;
    w->victim = (struct file_person){
        .line = line,
        .name = (char *)csv_cell(im, CSV_COL(victim_name)),
        .role = (char *)csv_cell(im, CSV_COL(victim_role)),
        .rank = (char *)csv_cell(im, CSV_COL(victim_rank)),
        .team = (char *)csv_cell(im, CSV_COL(victim_team)),
    };
    char scratch[TXT(MAX_SHORT)];
    csv_text_cell(im, line, CSV_COL(victim_name), MAX_NAME, 0, scratch, sizeof scratch);
    csv_text_cell(im, line, CSV_COL(victim_rank), MAX_SHORT, 0, scratch, sizeof scratch);
    csv_text_cell(im, line, CSV_COL(victim_team), MAX_SHORT, 0, scratch, sizeof scratch);
    csv_vocab_cell(im, line, CSV_COL(victim_role), &VOCAB_PERSON_ROLE, ROLE_OFFICER);
    csv_number_cell(im, line, CSV_COL(victim_number), true, f->victim_number,
                    sizeof f->victim_number);
    csv_number_cell(im, line, CSV_COL(role_number[CROLE_SUPERVISOR]), true, f->supervisor_number,
                    sizeof f->supervisor_number);
    for (int h = 0; h < N_HOLDERS; h++)
        csv_number_cell(im, line, csv_col_at(holders[h].field), false, w->holder_no[h],
                        sizeof w->holder_no[h]);
}

/* A crime reference that a spreadsheet may have turned into a date or a number, or that may
 * have lost its leading zeros. */
static void warn_crime_ref(struct importer *im, long line, const char *ref)
{
    const char *converted = import_looks_converted(ref);
    if (converted)
        csv_warn(im, line, CSV_COL(crime_reference),
                 "'%s' looks like %s a spreadsheet made of a crime reference: check it "
                 "(" AS_TEXT_HINT ")",
                 ref, converted);
    else if (import_all_digits(ref) && ref[0] != '0' && strlen(ref) < im->zero_ref_len)
        csv_warn(im, line, CSV_COL(crime_reference),
                 "'%s' looks like a number that lost its leading zeros (the file also has "
                 "'%s'): check it (" AS_TEXT_HINT ")",
                 ref, im->zero_ref_example);
}

/* When, where and what happened: the facts' cells. */
static void read_fact_cells(struct importer *im, long line, struct case_facts *f)
{
    csv_time_cell(im, line, CSV_COL(occurred_at), &f->occurred_at);
    if (!*csv_cell(im, CSV_COL(occurred_at)))
        csv_col_report(im, line, CSV_COL(occurred_at), "required, but empty");
    csv_time_cell(im, line, CSV_COL(reported_at), &f->reported_at);
    csv_time_cell(im, line, CSV_COL(arrested_at), &f->arrested_at);
    csv_text_cell(im, line, CSV_COL(location), MAX_LOCATION, TEXT_REQUIRED, f->location,
                  sizeof f->location);
    f->location_kind = csv_vocab_cell(im, line, CSV_COL(location_kind), &VOCAB_LOCATION, LOC_OTHER);
    csv_text_cell(im, line, CSV_COL(offence), MAX_OFFENCE, 0, f->offence, sizeof f->offence);
    csv_text_cell(im, line, CSV_COL(summary), MAX_TEXT, TEXT_MULTILINE, f->summary,
                  sizeof f->summary);
    f->mechanism = csv_vocab_cell(im, line, CSV_COL(mechanism), &VOCAB_MECHANISM, -1);
    f->injury = csv_vocab_cell(im, line, CSV_COL(injury), &VOCAB_INJURY, INJURY_NONE);
    csv_text_cell(im, line, CSV_COL(body_part), MAX_SHORT, 0, f->body_part, sizeof f->body_part);
    f->treatment = csv_vocab_cell(im, line, CSV_COL(treatment), &VOCAB_TREATMENT, -1);
    f->specified_injury = csv_yesno_cell(im, line, CSV_COL(specified_injury)) == TRI_YES;
    f->days_off = csv_int_cell(im, line, CSV_COL(days_off), 0, MAX_DAYS_OFF);
    f->off_work = csv_yesno_cell(im, line, CSV_COL(off_work)) == TRI_YES;
    f->offender_known = csv_yesno_cell(im, line, CSV_COL(offender_known));
    csv_text_cell(im, line, CSV_COL(thor), MAX_TEXT, TEXT_MULTILINE, f->thor, sizeof f->thor);
    csv_text_cell(im, line, CSV_COL(crime_reference), MAX_CRIME_REF, 0, f->crime_reference,
                  sizeof f->crime_reference);
    warn_crime_ref(im, line, f->crime_reference);
    f->referral = csv_vocab_cell(im, line, CSV_COL(referral), &VOCAB_REFERRAL, -1);
    f->enhanced_rights = csv_yesno_cell(im, line, CSV_COL(enhanced_rights));
    f->vps_offered = csv_yesno_cell(im, line, CSV_COL(vps_offered));
    f->support_score = csv_int_cell(im, line, CSV_COL(support_score), 1, 5);
}

/* The UUID and the reference. A reference that is not one (OPH-YYYY-NNNNN, numbered from 1)
 * is replaced, not refused: see judge_reference. */
static void read_identity_cells(struct importer *im, struct row *w, struct case_detail *c)
{
    const char *uuid = csv_cell(im, CSV_COL(uuid));
    int ref_year = 0, ref_no = 0;
    w->ref_given = csv_cell(im, CSV_COL(reference));
    if (*uuid && !csv_valid_uuid(uuid, c->uuid))
        csv_col_report(im, w->line, CSV_COL(uuid),
                       "expected a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e (got '%.40s')",
                       uuid);
    if (*w->ref_given &&
        (!csv_valid_reference(w->ref_given, c->reference, &ref_year, &ref_no) || ref_no == 0))
        c->reference[0] = '\0';
}

/* Open or closed, and the outcome and closing times that go with closed. */
static void read_closing_cells(struct importer *im, struct row *w)
{
    long line = w->line;
    const char *status = csv_cell(im, CSV_COL(status));
    w->closed = *csv_cell(im, CSV_COL(closed_at)) != '\0';
    if (strcasecmp(status, "closed") == 0)
        w->closed = true;
    else if (strcasecmp(status, "open") == 0)
        w->closed = false;
    else if (*status)
        csv_col_report(im, line, CSV_COL(status), "expected open or closed (got '%.40s')", status);
    w->outcome = csv_vocab_cell(im, line, CSV_COL(outcome), &VOCAB_OUTCOME, -1);
    csv_time_cell(im, line, CSV_COL(outcome_at), &w->outcome_at);
    csv_time_cell(im, line, CSV_COL(closed_at), &w->closed_at);
    if (w->closed)
        return;
    if (*csv_cell(im, CSV_COL(outcome)))
        csv_col_report(im, line, CSV_COL(outcome),
                       "an open case has no outcome (give its status: closed)");
    if (*csv_cell(im, CSV_COL(outcome_at)))
        csv_col_report(im, line, CSV_COL(outcome_at),
                       "an open case has no outcome time (give its status: closed)");
    if (*csv_cell(im, CSV_COL(closed_at)))
        csv_col_report(im, line, CSV_COL(closed_at),
                       "an open case has no closing time (give its status: closed)");
}

static void read_step_cells(struct importer *im, struct row *w)
{
    for (int s = 0; s < STEP_COUNT; s++) {
        w->step_status[s] =
            csv_vocab_cell(im, w->line, STEP_COL(s, SC_STATUS), &VOCAB_STATUS, STATUS_PENDING);
        csv_time_cell(im, w->line, STEP_COL(s, SC_DONE_AT), &w->step_done[s]);
    }
}

/* ---- the row whole ------------------------------------------------------------------- */

/* The facts whole, by the rules of case new. */
static bool check_facts(struct importer *im, long line, struct case_facts *f, oph_time now)
{
    if (f->reported_at == OPH_NO_TIME)
        f->reported_at = f->occurred_at; /* an old record: not "reported now" */
    enum fact_field at = FACT_NONE;
    struct oph_error e = {0};
    if (check_case_facts_at(f, now, &at, &e)) {
        csv_col_report(im, line,
                       at >= 0 && (size_t)at < sizeof fact_col / sizeof *fact_col
                           ? csv_col_at(fact_col[at])
                           : -1,
                       "%s", e.msg);
        return false;
    }
    return true;
}

/* A reference is kept only when it is one of the year the case was reported; otherwise the
 * case gets a new one, and the warning names both (w->ref_why). */
static void judge_reference(struct row *w, struct case_detail *c)
{
    const char *given = w->ref_given;
    const char *made = *given && !c->reference[0] ? import_looks_converted(given) : NULL;
    if (*given && !c->reference[0] && !made && import_all_digits(given))
        made = "a number";
    int year = london_date(c->facts.reported_at).year;
    if (made)
        snprintf(
            w->ref_why, sizeof w->ref_why,
            "'%.40s' is not a reference (it looks like %s a spreadsheet made of one: " AS_TEXT_HINT
            ")",
            given, made);
    else
        import_reference_why(w->ref_why, sizeof w->ref_why, given, c->reference, year);
    if (c->reference[0] && w->ref_why[0])
        c->reference[0] = '\0';
}

/* Never two cases with one UUID or one reference: not in the file, not in the database. */
static void check_unique(struct importer *im, long line, int col, const struct smap *given,
                         const char *key)
{
    struct smap_entry *other_line = smap_get(given, key);
    char other[REF_LEN + 1];
    struct oph_error e = {0};
    int rc;
    if (other_line && other_line->line != line)
        csv_col_report(im, line, col, "the same %s as line %ld",
                       col == CSV_COL(uuid) ? "UUID" : "reference", other_line->line);
    else if ((rc = store_case_find(im->app->store, key, other, &e)) < 0)
        csv_fatal(im, &e);
    else if (rc > 0 && col == CSV_COL(uuid))
        csv_col_report(im, line, col,
                       "case %s in the database already has this UUID: it is not overwritten",
                       other);
    else if (rc > 0)
        csv_col_report(im, line, col, "%s is already the reference of another case", key);
}

static void check_identity(struct importer *im, long line, const struct case_detail *c)
{
    if (c->uuid[0])
        check_unique(im, line, CSV_COL(uuid), &im->uuids, c->uuid);
    if (c->reference[0] && !im->row_bad && !im->fatal)
        check_unique(im, line, CSV_COL(reference), &im->refs, c->reference);
}

/* The victim: who the staff number is, and the same name as the row gives. */
static void take_victim(struct importer *im, struct row *w, struct case_detail *c)
{
    const char *number = c->facts.victim_number, *name = w->victim.name;
    struct file_person *v = csv_resolve(im, w->line, CSV_COL(victim_number), number, &w->victim);
    if (v && name[0] && strcmp(v->name, name) != 0) {
        if (v->line == 0)
            csv_col_report(im, w->line, CSV_COL(victim_name),
                           "staff number %s is %s in the database, not '%.100s'", number, v->name,
                           name);
        else
            csv_col_report(im, w->line, CSV_COL(victim_name),
                           "staff number %s is %s on line %ld, not '%.100s'", number, v->name,
                           v->line, name);
    }
    if (!v)
        return;
    w->victim_id = v->id;
    c->victim.id = v->id;
    text_copy(c->victim.number, sizeof c->victim.number, number);
    text_copy(c->victim.name, sizeof c->victim.name, v->name);
}

static void set_holder(struct row *w, struct case_detail *c, enum case_role role,
                       const char *number, const struct file_person *p)
{
    struct role_holder *r = &c->roles[role];
    r->set = true;
    text_copy(r->number, sizeof r->number, number);
    text_copy(r->name, sizeof r->name, p->name);
    w->role_ids[role] = p->id;
}

/* The supervisor and the role holders, by the rules of case assign. */
static void take_holders(struct importer *im, struct row *w, struct case_detail *c)
{
    const char *number = c->facts.supervisor_number;
    struct file_person *sup =
        im->fatal ? NULL
                  : csv_resolve(im, w->line, CSV_COL(role_number[CROLE_SUPERVISOR]), number, NULL);
    if (sup)
        set_holder(w, c, CROLE_SUPERVISOR, number, sup);
    for (int h = 0; h < N_HOLDERS && !im->fatal; h++) {
        if (!w->holder_no[h][0])
            continue;
        struct person who;
        struct oph_error e = {0};
        memset(&who, 0, sizeof who);
        text_copy(who.number, sizeof who.number, w->holder_no[h]);
        if (w->victim_id && check_role(c, holders[h].role, &who, &e)) {
            csv_col_report(im, w->line, csv_col_at(holders[h].field), "%s", e.msg);
            continue;
        }
        struct file_person *k =
            csv_resolve(im, w->line, csv_col_at(holders[h].field), w->holder_no[h], NULL);
        if (k)
            set_holder(w, c, holders[h].role, w->holder_no[h], k);
    }
}

/* A new reference: the lowest number of its year that neither a case nor a row of the file
 * has. */
static bool give_reference(struct importer *im, const struct row *w, struct case_detail *c)
{
    int year = london_date(c->facts.reported_at).year, from = 1;
    struct oph_error e = {0};
    do {
        if (store_case_free_reference(im->app->store, year, from, c->reference, &e)) {
            if (e.kind == OPH_DB)
                csv_fatal(im, &e);
            else
                csv_col_report(im, w->line, CSV_COL(reported_at), "%s", e.msg);
            return false;
        }
        from = atoi(c->reference + 9) + 1;
    } while (smap_get(&im->refs, c->reference));
    if (w->ref_why[0])
        csv_warn(im, w->line, CSV_COL(reference), "%s: the case is given %s", w->ref_why,
                 c->reference);
    return true;
}

/* The plan, as case new starts it; then the steps and the closing as recorded; then saved. */
static void build_and_save(struct importer *im, const struct row *w, struct case_detail *c)
{
    struct app *app = im->app;
    c->created_at = app->now;
    app_case_plan_start(app, c, w->closed);
    apply_steps(im, w->line, c, w->step_status, w->step_done,
                w->closed && w->closed_at != OPH_NO_TIME ? w->closed_at : app->now);
    if (w->closed && !im->row_bad)
        apply_closing(im, w->line, c, w->outcome, w->outcome_at, w->closed_at);
    if (im->row_bad || (!c->reference[0] && !give_reference(im, w, c)))
        return;
    struct oph_error e = {0};
    if (app_case_save_new(app, c, w->victim_id, w->role_ids[CROLE_SUPERVISOR], w->role_ids, &e)) {
        if (e.kind == OPH_DB)
            csv_fatal(im, &e);
        else
            csv_report(im, w->line, NULL, "%s", e.msg);
        return;
    }
    im->res.cases++;
}

static void do_row(struct importer *im, long line)
{
    struct case_detail *c = im->c;
    struct row w = {.line = line};
    im->res.rows++;
    im->row_bad = false;
    if (!row_shape(im, line))
        return;
    import_case_clear(c);
    read_people_cells(im, &w, &c->facts);
    read_fact_cells(im, line, &c->facts);
    read_identity_cells(im, &w, c);
    read_closing_cells(im, &w);
    read_step_cells(im, &w);
    if (im->row_bad || !check_facts(im, line, &c->facts, im->app->now))
        return;
    judge_reference(&w, c);
    check_identity(im, line, c);
    if (im->fatal)
        return;
    take_victim(im, &w, c);
    take_holders(im, &w, c);
    if (im->row_bad || im->fatal)
        return;
    build_and_save(im, &w, c);
}

/* One row is one action of the log: its new people and its case, signed by the named user.
 * A row with a problem is kept in the transaction (later rows may name its people): the
 * whole import is rolled back when any row has one. */
void csv_import_row(struct importer *im, long line)
{
    struct oph_error e = {0};
    char what[64];
    snprintf(what, sizeof what, "import row %ld", line);
    if (import_action_begin(im->app, im->o && im->o->dry_run, what, &e)) {
        csv_fatal(im, &e);
        return;
    }
    do_row(im, line);
    if (import_action_end(im->app, !im->fatal, &e))
        csv_fatal(im, &e);
}
