/* What every case summary shares: vocabulary words, London times with their zone, and the
 * layout of a summary (see summary.h). */
#include "summary.h"

#include <stdio.h>
#include <string.h>

#include "ophamp/text.h"

const struct summary_role summary_roles[SUMMARY_N_ROLES] = {
    {CROLE_INVESTIGATOR, "investigator"},       {CROLE_STATEMENT_TAKER, "statement_taker"},
    {CROLE_WELFARE_OFFICER, "welfare_officer"}, {CROLE_SUPERVISOR, "supervisor"},
    {CROLE_SECOND_LINE, "second_line"},
};

const char *summary_vocab(const struct vocab *v, int value)
{
    if (value < 0 || (size_t)value >= v->count)
        return NULL;
    return v->names[value];
}

const char *summary_tri(int value, const char *yes, const char *no)
{
    return value == TRI_UNKNOWN ? SUMMARY_NOT_RECORDED : value == TRI_NO ? no : yes;
}

void summary_time(oph_time t, char buf[OPH_ZONED_LEN])
{
    if (t == OPH_NO_TIME)
        memcpy(buf, SUMMARY_DASH, sizeof SUMMARY_DASH);
    else
        time_format_zoned(t, buf);
}

const char *summary_by(const struct case_detail *c, int64_t action)
{
    const struct case_action *a = case_action_by_id(c, action);
    return a && a->actor[0] ? a->actor : NULL;
}

oph_time summary_action_time(const struct case_action *a)
{
    char utc[24];
    /* "2026-04-08T09:00:00.123Z": the second is enough */
    snprintf(utc, sizeof utc, "%.19sZ", a->at);
    oph_time t = OPH_NO_TIME;
    const char *why = NULL;
    return time_parse(utc, &t, &why) == 0 ? t : OPH_NO_TIME;
}

const char *summary_timeline_kind(enum timeline_kind k)
{
    static const char *const kinds[TL_COUNT] = {
        [TL_WELFARE] = "welfare-contact",
        [TL_VICTIM_UPDATE] = "victim-update",
        [TL_DECISION] = "decision",
        [TL_NOTE] = "note",
    };
    return (unsigned)k < TL_COUNT ? kinds[k] : NULL;
}

void summary_escape(FILE *out, const char *s, summary_escape_fn escape)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        unsigned cp = 0;
        size_t k = utf8_decode(p, n, &cp);
        if (k == 0) {
            cp = 0xFFFD; /* each invalid byte */
            k = 1;
        } else if (cp == '\r') {
            cp = '\n';
            if (n > 1 && p[1] == '\n')
                k = 2;
        } else if (text_is_control(cp) && cp != '\t' && cp != '\n') {
            cp = 0xFFFD; /* as on a terminal: a direction override too */
        }
        const char *rep = escape(cp);
        if (rep)
            fputs(rep, out);
        else if (cp == 0xFFFD)
            fputs("\xEF\xBF\xBD", out);
        else if (cp == '\n')
            fputc('\n', out); /* a CR too */
        else
            fwrite(p, 1, k, out);
        p += k;
        n -= k;
    }
}

/* ---- the layout ---------------------------------------------------------------------- */

struct lay {
    const struct summary_ops *ops;
    void *ctx;
};

static void word(const struct lay *l, const char *s)
{
    l->ops->word(l->ctx, s ? s : SUMMARY_DASH);
}

/* Text from the database, or a dash when there is none. */
static void data(const struct lay *l, const char *s)
{
    if (s && *s)
        l->ops->data(l->ctx, s);
    else
        l->ops->word(l->ctx, SUMMARY_DASH);
}

static void time_word(const struct lay *l, oph_time t)
{
    char buf[OPH_ZONED_LEN];
    summary_time(t, buf);
    l->ops->word(l->ctx, buf);
}

static void begin_cell(const struct lay *l)
{
    l->ops->begin_cell(l->ctx);
}

static void end_cell(const struct lay *l)
{
    l->ops->end_cell(l->ctx);
}

static void word_cell(const struct lay *l, const char *s)
{
    begin_cell(l);
    word(l, s);
    end_cell(l);
}

static void data_cell(const struct lay *l, const char *s)
{
    begin_cell(l);
    data(l, s);
    end_cell(l);
}

static void time_cell(const struct lay *l, oph_time t)
{
    begin_cell(l);
    time_word(l, t);
    end_cell(l);
}

static void timeliness_cell(const struct lay *l, enum timeliness t)
{
    begin_cell(l);
    l->ops->timeliness(l->ctx, t);
    end_cell(l);
}

static void id_cell(const struct lay *l, int64_t id)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)id);
    word_cell(l, buf);
}

static void heading(const struct lay *l, int level, const char *text)
{
    l->ops->begin_heading(l->ctx, level);
    word(l, text);
    l->ops->end_heading(l->ctx, level);
}

static void table(const struct lay *l, const char *title, const char *const *heads, int n)
{
    heading(l, 2, title);
    l->ops->begin_table(l->ctx, heads, n);
}

/* A row of a two-column table: the program's label, then the value's cell opened. */
static void fact(const struct lay *l, const char *label)
{
    l->ops->begin_row(l->ctx);
    word_cell(l, label);
    begin_cell(l);
}

static void end_fact(const struct lay *l)
{
    end_cell(l);
    l->ops->end_row(l->ctx);
}

static void fact_data(const struct lay *l, const char *label, const char *s)
{
    fact(l, label);
    data(l, s);
    end_fact(l);
}

static void fact_word(const struct lay *l, const char *label, const char *s)
{
    fact(l, label);
    word(l, s);
    end_fact(l);
}

static void fact_time(const struct lay *l, const char *label, oph_time t)
{
    fact(l, label);
    time_word(l, t);
    end_fact(l);
}

static void facts(const struct lay *l, const struct case_detail *c)
{
    static const char *const heads[] = {"Fact", "Recorded"};
    const struct case_facts *f = &c->facts;
    const struct person *v = &c->victim;
    char buf[64];
    table(l, "Facts", heads, 2);
    fact(l, "Victim");
    data(l, v->name);
    word(l, " (");
    data(l, v->number[0] ? v->number : f->victim_number);
    word(l, ", ");
    word(l, summary_vocab(&VOCAB_PERSON_ROLE, (int)v->role));
    word(l, ")");
    if (v->rank[0]) {
        word(l, ", ");
        data(l, v->rank);
    }
    if (v->team[0]) {
        word(l, ", ");
        data(l, v->team);
    }
    end_fact(l);
    fact_time(l, "Occurred", f->occurred_at);
    fact_time(l, "Reported", f->reported_at);
    fact(l, "Location");
    data(l, f->location);
    word(l, " (");
    word(l, summary_vocab(&VOCAB_LOCATION, f->location_kind));
    word(l, ")");
    end_fact(l);
    fact_data(l, "Offence", f->offence);
    fact_data(l, "Summary", f->summary);
    fact(l, "Injury");
    word(l, summary_vocab(&VOCAB_INJURY, f->injury));
    if (f->body_part[0]) {
        word(l, " to ");
        data(l, f->body_part);
    }
    if (f->specified_injury)
        word(l, ", specified injury");
    end_fact(l);
    fact_word(l, "Mechanism", summary_vocab(&VOCAB_MECHANISM, f->mechanism));
    fact_word(l, "Treatment", summary_vocab(&VOCAB_TREATMENT, f->treatment));
    snprintf(buf, sizeof buf, "%d%s", f->days_off, f->off_work ? " (off work now)" : "");
    fact_word(l, "Days off", buf);
    if (f->died_at != OPH_NO_TIME)
        fact_time(l, "Died", f->died_at);
    char riddor[200];
    riddor_words(riddor_classify(f->days_off, f->specified_injury, f->died_at != OPH_NO_TIME),
                 f->days_off, riddor, sizeof riddor);
    fact_word(l, "RIDDOR", riddor);
    fact_word(l, "Offender", summary_tri(f->offender_known, "known", "not known"));
    if (f->arrested_at == OPH_NO_TIME)
        fact_word(l, "Arrested", "no");
    else
        fact_time(l, "Arrested", f->arrested_at);
    fact_data(l, "Crime reference", f->crime_reference);
    fact_data(l, "THOR", f->thor);
    fact_word(l, "Support referral", summary_vocab(&VOCAB_REFERRAL, f->referral));
    fact_word(l, "Enhanced rights", summary_tri(f->enhanced_rights, "yes", "no"));
    fact_word(l, "VPS offered", summary_tri(f->vps_offered, "yes", "no"));
    if (f->support_score)
        snprintf(buf, sizeof buf, "%d of 5", f->support_score);
    fact_word(l, "Felt supported", f->support_score ? buf : NULL);
    l->ops->end_table(l->ctx);
}

static void roles(const struct lay *l, const struct case_detail *c)
{
    static const char *const heads[] = {"Role", "Staff number", "Name"};
    table(l, "Role holders", heads, 3);
    for (int i = 0; i < SUMMARY_N_ROLES; i++) {
        const struct role_holder *h = &c->roles[summary_roles[i].role];
        l->ops->begin_row(l->ctx);
        word_cell(l, VOCAB_CASE_ROLE.names[summary_roles[i].role]);
        data_cell(l, h->set ? h->number : NULL);
        data_cell(l, h->set ? h->name : NULL);
        l->ops->end_row(l->ctx);
    }
    l->ops->end_table(l->ctx);
}

/* "label: text" inside a cell, after a separator when something came before. */
static void detail(const struct lay *l, bool *any, const char *label, const char *s)
{
    if (!s || !*s)
        return;
    if (*any)
        word(l, "; ");
    *any = true;
    word(l, label);
    data(l, s);
}

static void detail_time(const struct lay *l, bool *any, const char *label, oph_time t)
{
    if (t == OPH_NO_TIME)
        return;
    if (*any)
        word(l, "; ");
    *any = true;
    word(l, label);
    time_word(l, t);
}

static void steps(const struct lay *l, const struct case_detail *c, oph_time now)
{
    static const char *const heads[] = {"Step", "Status", "Due", "Done", "On time", "Details"};
    table(l, "The seven steps", heads, 6);
    for (int i = 0; i < STEP_COUNT; i++) {
        const struct step *s = &c->steps[i];
        l->ops->begin_row(l->ctx);
        begin_cell(l);
        word(l, summary_vocab(&VOCAB_STEP, (int)s->code));
        word(l, ": ");
        word(l, step_title(s->code));
        end_cell(l);
        word_cell(l, summary_vocab(&VOCAB_STATUS, (int)s->status));
        time_cell(l, s->due_at);
        time_cell(l, s->done_at);
        timeliness_cell(l, item_timeliness(s->status, s->due_at, s->done_at, now));
        begin_cell(l);
        bool any = false;
        detail(l, &any, "by ", s->done_by);
        detail(l, &any, "reason: ", s->reason);
        detail(l, &any, "note: ", s->note);
        detail_time(l, &any, "signed by the victim ", s->victim_signed_at);
        detail_time(l, &any, "signed by the supervisor ", s->supervisor_signed_at);
        if (!any)
            word(l, "");
        end_cell(l);
        l->ops->end_row(l->ctx);
    }
    l->ops->end_table(l->ctx);
}

static void followups(const struct lay *l, const struct case_detail *c, oph_time now)
{
    static const char *const heads[] = {"No.",  "Follow-up", "Status", "Due",
                                        "Done", "On time",   "Details"};
    if (c->n_followups == 0) {
        heading(l, 2, "Follow-ups");
        l->ops->paragraph(l->ctx, "No follow-ups.");
        return;
    }
    table(l, "Follow-ups", heads, 7);
    for (int i = 0; i < c->n_followups; i++) {
        const struct followup *f = &c->followups[i];
        l->ops->begin_row(l->ctx);
        id_cell(l, f->number);
        begin_cell(l);
        word(l, summary_vocab(&VOCAB_FOLLOWUP, (int)f->kind));
        word(l, " (");
        data(l, f->rule);
        word(l, ")");
        end_cell(l);
        word_cell(l, summary_vocab(&VOCAB_STATUS, (int)f->status));
        time_cell(l, f->due_at);
        time_cell(l, f->done_at);
        timeliness_cell(l, item_timeliness(f->status, f->due_at, f->done_at, now));
        begin_cell(l);
        bool any = false;
        detail_time(l, &any, "event ", f->event_at);
        detail(l, &any, "reason: ", f->reason);
        detail(l, &any, "note: ", f->note);
        detail(l, &any, "by ", f->done_by[0] ? f->done_by : summary_by(c, f->by_action));
        if (f->route >= 0) {
            if (any)
                word(l, "; ");
            any = true;
            word(l, f->route == ROUTE_TELEPHONE ? "reported to the HSE by telephone"
                                                : "reported to the HSE online");
        }
        detail(l, &any, "HSE reference ", f->reference);
        if (!any)
            word(l, "");
        end_cell(l);
        l->ops->end_row(l->ctx);
    }
    l->ops->end_table(l->ctx);
}

static void evidence(const struct lay *l, const struct case_detail *c, oph_time now)
{
    static const char *const heads[] = {"No.",       "Evidence", "Status", "Due",
                                        "Reference", "Updated",  "By",     "Reason"};
    if (c->n_evidence == 0) {
        heading(l, 2, "Evidence");
        l->ops->paragraph(l->ctx, "No evidence items.");
        return;
    }
    table(l, "Evidence", heads, 8);
    for (int i = 0; i < c->n_evidence; i++) {
        const struct evidence_item *e = &c->evidence[i];
        l->ops->begin_row(l->ctx);
        id_cell(l, e->number);
        word_cell(l, summary_vocab(&VOCAB_EVIDENCE_KIND, (int)e->kind));
        begin_cell(l);
        word(l, summary_vocab(&VOCAB_EVIDENCE_STATUS, (int)e->status));
        if (e->status == EVS_REQUESTED && e->due_at != OPH_NO_TIME && e->due_at < now) {
            word(l, ", ");
            l->ops->timeliness(l->ctx, TIMELY_OVERDUE);
        }
        end_cell(l);
        time_cell(l, e->due_at);
        data_cell(l, e->ref);
        time_cell(l, e->updated_at);
        data_cell(l, summary_by(c, e->by_action));
        data_cell(l, e->reason);
        l->ops->end_row(l->ctx);
    }
    l->ops->end_table(l->ctx);
}

static void timeline(const struct lay *l, const struct case_detail *c)
{
    static const char *const heads[] = {"When", "What", "Kind", "Text", "By"};
    if (c->n_timeline == 0) {
        heading(l, 2, "Timeline");
        l->ops->paragraph(l->ctx, "Nothing recorded on the timeline.");
        return;
    }
    table(l, "Timeline", heads, 5);
    for (int i = 0; i < c->n_timeline; i++) {
        const struct timeline_entry *t = &c->timeline[i];
        l->ops->begin_row(l->ctx);
        time_cell(l, t->at);
        word_cell(l, summary_timeline_kind(t->kind));
        data_cell(l, t->label);
        data_cell(l, t->text);
        data_cell(l, summary_by(c, t->by_action));
        l->ops->end_row(l->ctx);
    }
    l->ops->end_table(l->ctx);
}

/* The case's own log: who did what, when (the log's signer and words). */
static void actions(const struct lay *l, const struct case_detail *c)
{
    static const char *const heads[] = {"No.", "When", "Who", "What"};
    if (c->n_actions == 0)
        return;
    table(l, "Actions", heads, 4);
    for (int i = 0; i < c->n_actions; i++) {
        const struct case_action *a = &c->actions[i];
        l->ops->begin_row(l->ctx);
        id_cell(l, a->id);
        time_cell(l, summary_action_time(a));
        data_cell(l, a->actor);
        data_cell(l, a->what);
        l->ops->end_row(l->ctx);
    }
    l->ops->end_table(l->ctx);
}

static void ending(const struct lay *l, const struct case_detail *c)
{
    static const char *const heads[] = {"", "Recorded"};
    table(l, "Outcome", heads, 2);
    fact_word(l, "Outcome", summary_vocab(&VOCAB_OUTCOME, c->outcome));
    fact_time(l, "Outcome recorded", c->outcome_at);
    fact_word(l, "Status", c->closed ? "closed" : "open");
    fact_time(l, "Closed", c->closed_at);
    fact_data(l, "Closing note", c->closing_note);
    if (c->no_arrest_reason >= 0) {
        fact(l, "Not arrested because");
        word(l, no_arrest_words((enum no_arrest_reason)c->no_arrest_reason));
        if (c->no_arrest_note[0]) {
            word(l, ": ");
            data(l, c->no_arrest_note);
        }
        end_fact(l);
    }
    if (c->review_until != OPH_NO_TIME) {
        fact_time(l, "Review: the victim may ask until", c->review_until);
        fact_time(l, "Review asked", c->review_asked_at);
        fact_word(l, "Review result", summary_vocab(&VOCAB_REVIEW_RESULT, c->review_result));
        if (c->review_result >= 0)
            fact_time(l, "Review result given", c->review_decided_at);
        if (c->review_note[0])
            fact_data(l, "Review note", c->review_note);
    } else if (c->review_asked_at != OPH_NO_TIME) {
        fact_time(l, "Review asked", c->review_asked_at);
        fact_word(l, "Review result", summary_vocab(&VOCAB_REVIEW_RESULT, c->review_result));
    }
    fact_time(l, "Case logged", c->created_at);
    l->ops->end_table(l->ctx);
}

void summary_layout(const struct summary_ops *ops, void *ctx, const struct case_detail *c,
                    oph_time now)
{
    const struct lay l = {ops, ctx};
    ops->begin_case(ctx, c);
    ops->begin_heading(ctx, 1);
    ops->word(ctx, "Case ");
    ops->data(ctx, c->reference);
    ops->word(ctx, c->closed ? " (closed)" : " (open)");
    ops->end_heading(ctx, 1);
    facts(&l, c);
    roles(&l, c);
    steps(&l, c, now);
    followups(&l, c, now);
    evidence(&l, c, now);
    timeline(&l, c);
    ending(&l, c);
    actions(&l, c);
    ops->end_case(ctx);
}
