/* A case as plain text for a terminal: facts, role holders, steps, follow-ups, evidence and
 * timeline, in London time, with every stored string neutralised before it is printed. */
#include "ophamp/export.h"

#include <stdlib.h>
#include <string.h>

#include "ophamp/plan.h"
#include "ophamp/text.h"
#include "summary.h"

#define DASH SUMMARY_DASH
#define TIME_WIDTH 21 /* "2026-04-08 10:00 BST" and a space */
#define LABEL_WIDTH 14
#define ITEM_INDENT 16 /* continuation lines of steps, follow-ups and evidence */

/* Spaces so that s, already printed, fills width columns (one column a code point). */
static void pad(FILE *out, const char *s, size_t width)
{
    for (size_t n = utf8_length(s); n < width; n++)
        fputc(' ', out);
}

/* A string that is safe already (vocabulary names, formatted times), padded. */
static void put_cell(FILE *out, const char *s, size_t width)
{
    fputs(s, out);
    pad(out, s, width);
}

/* The last cell of a row, then its marker if any (no trailing spaces without one). */
static void put_cell_marker(FILE *out, const char *s, size_t width, const char *mark)
{
    if (*mark) {
        put_cell(out, s, width);
        fputs(mark, out);
    } else {
        fputs(s, out);
    }
    fputc('\n', out);
}

/* Stored text, neutralised. indent < 0: one line (newlines become spaces); otherwise newlines
 * are kept and every continuation line is indented by indent spaces. Padded to width. */
static void put_text_padded(FILE *out, const char *s, int indent, size_t width)
{
    if (!s || !*s) {
        put_cell(out, DASH, width);
        return;
    }
    size_t size = strlen(s) * 3 + 1; /* each byte becomes at most U+FFFD */
    char *buf = malloc(size);
    if (!buf) {
        put_cell(out, "?", width);
        return;
    }
    text_neutralise(s, buf, size, indent >= 0);
    for (const char *p = buf; *p; p++) {
        fputc(*p, out);
        if (*p == '\n')
            for (int i = 0; i < indent; i++)
                fputc(' ', out);
    }
    pad(out, buf, width);
    free(buf);
}

static void put_text(FILE *out, const char *s, int indent)
{
    put_text_padded(out, s, indent, 0);
}

static void label(FILE *out, const char *name)
{
    fprintf(out, "%-*s", LABEL_WIDTH, name);
}

/* "Label         text" for a stored text that may span lines. */
static void fact_text(FILE *out, const char *name, const char *s)
{
    label(out, name);
    put_text(out, s, LABEL_WIDTH);
    fputc('\n', out);
}

static void fact_time(FILE *out, const char *name, oph_time t)
{
    char buf[OPH_ZONED_LEN];
    summary_time(t, buf);
    label(out, name);
    fprintf(out, "%s\n", buf);
}

static void put_victim(FILE *out, const struct case_detail *c)
{
    const struct person *p = &c->victim;
    const char *role = summary_vocab(&VOCAB_PERSON_ROLE, (int)p->role);
    label(out, "Victim");
    put_text(out, p->name, -1);
    fputs(" (", out);
    put_text(out, p->number[0] ? p->number : c->facts.victim_number, -1);
    fprintf(out, ", %s)", role ? role : DASH);
    if (p->rank[0]) {
        fputs(", ", out);
        put_text(out, p->rank, -1);
    }
    if (p->team[0]) {
        fputs(", ", out);
        put_text(out, p->team, -1);
    }
    fputc('\n', out);
}

static void put_facts(FILE *out, const struct case_detail *c)
{
    const struct case_facts *f = &c->facts;
    const char *s;
    char buf[OPH_ZONED_LEN];

    put_victim(out, c);
    fact_time(out, "Occurred", f->occurred_at);
    fact_time(out, "Reported", f->reported_at);
    label(out, "Location");
    put_text(out, f->location, -1);
    s = summary_vocab(&VOCAB_LOCATION, f->location_kind);
    if (s)
        fprintf(out, " (%s)", s);
    fputc('\n', out);
    fact_text(out, "Offence", f->offence);
    fact_text(out, "Summary", f->summary);

    label(out, "Injury");
    s = summary_vocab(&VOCAB_INJURY, f->injury);
    fputs(s ? s : DASH, out);
    if (f->body_part[0]) {
        fputs(" to ", out);
        put_text(out, f->body_part, -1);
    }
    if (f->specified_injury)
        fputs(", specified injury", out);
    fputc('\n', out);
    s = summary_vocab(&VOCAB_MECHANISM, f->mechanism);
    label(out, "Mechanism");
    fprintf(out, "%s\n", s ? s : DASH);
    s = summary_vocab(&VOCAB_TREATMENT, f->treatment);
    label(out, "Treatment");
    fprintf(out, "%s\n", s ? s : DASH);
    label(out, "Days off");
    fprintf(out, "%d%s\n", f->days_off, f->off_work ? " (off work now)" : "");
    if (f->died_at != OPH_NO_TIME)
        fact_time(out, "Died", f->died_at);
    char riddor[200];
    riddor_words(riddor_classify(f->days_off, f->specified_injury, f->died_at != OPH_NO_TIME),
                 f->days_off, riddor, sizeof riddor);
    label(out, "RIDDOR");
    fprintf(out, "%s\n", riddor);

    label(out, "Offender");
    fputs(summary_tri(f->offender_known, "known", "not known"), out);
    fputc('\n', out);
    label(out, "Arrest");
    if (f->arrested_at == OPH_NO_TIME) {
        fputs("none\n", out);
    } else {
        summary_time(f->arrested_at, buf);
        fprintf(out, "%s\n", buf);
    }
    fact_text(out, "Crime ref", f->crime_reference);
    fact_text(out, "THOR", f->thor);

    label(out, "Victim care");
    s = summary_vocab(&VOCAB_REFERRAL, f->referral);
    fprintf(out, "referral %s, enhanced rights %s, VPS offered %s, support ", s ? s : DASH,
            summary_tri(f->enhanced_rights, "yes", "no"), summary_tri(f->vps_offered, "yes", "no"));
    if (f->support_score)
        fprintf(out, "%d/5\n", f->support_score);
    else
        fputs(DASH "\n", out);
}

/* ---- tables: each column as wide as its widest cell, two spaces between columns --------- */

#define GAP 2

/* The width of a stored text as put_text prints it on one line (a dash when empty). */
static size_t stored_width(const char *s)
{
    if (!s || !*s)
        return 1;
    size_t size = strlen(s) * 3 + 1;
    char *buf = malloc(size);
    if (!buf)
        return 1;
    text_neutralise(s, buf, size, false);
    size_t n = utf8_length(buf);
    free(buf);
    return n;
}

static void widen(size_t *w, size_t n)
{
    if (n > *w)
        *w = n;
}

static void gap(FILE *out)
{
    fprintf(out, "%*s", GAP, "");
}

static void put_roles(FILE *out, const struct case_detail *c)
{
    size_t w_role = 0, w_number = 0;
    for (int i = 0; i < SUMMARY_N_ROLES; i++) {
        const struct role_holder *h = &c->roles[summary_roles[i].role];
        widen(&w_role, utf8_length(VOCAB_CASE_ROLE.names[summary_roles[i].role]));
        if (h->set)
            widen(&w_number, stored_width(h->number));
    }
    fputs("\nRoles\n", out);
    for (int i = 0; i < SUMMARY_N_ROLES; i++) {
        enum case_role role = summary_roles[i].role;
        const struct role_holder *h = &c->roles[role];
        fputs("  ", out);
        if (!h->set) {
            put_cell(out, VOCAB_CASE_ROLE.names[role], w_role);
            gap(out);
            fputs(DASH "\n", out);
            continue;
        }
        put_cell(out, VOCAB_CASE_ROLE.names[role], w_role);
        gap(out);
        put_text_padded(out, h->number, -1, w_number);
        gap(out);
        put_text(out, h->name, -1);
        fputc('\n', out);
    }
}

/* "reason: …" under an item, when there is one. */
static void item_detail(FILE *out, const char *name, const char *s)
{
    if (!s || !*s)
        return;
    fprintf(out, "%*s%s: ", ITEM_INDENT, "", name);
    put_text(out, s, ITEM_INDENT + (int)strlen(name) + 2);
    fputc('\n', out);
}

/* Whether the item was done on time, as a word after its row ("" while simply pending). */
static const char *marker(enum item_status st, oph_time due_at, oph_time done_at, oph_time now)
{
    switch (item_timeliness(st, due_at, done_at, now)) {
    case TIMELY_OVERDUE:
        return "OVERDUE";
    case TIMELY_LATE:
        return "late";
    case TIMELY_ON_TIME:
        return "on time";
    default:
        return "";
    }
}

static const char *or_q(const char *s)
{
    return s ? s : "?";
}

static void put_steps(FILE *out, const struct case_detail *c, oph_time now)
{
    char due[OPH_ZONED_LEN], done[OPH_ZONED_LEN];
    size_t w_code = 0, w_status = 0;
    for (int i = 0; i < STEP_COUNT; i++) {
        widen(&w_code, strlen(or_q(summary_vocab(&VOCAB_STEP, (int)c->steps[i].code))));
        widen(&w_status, strlen(or_q(summary_vocab(&VOCAB_STATUS, (int)c->steps[i].status))));
    }
    fputs("\nSteps\n", out);
    for (int i = 0; i < STEP_COUNT; i++) {
        const struct step *s = &c->steps[i];
        summary_time(s->due_at, due);
        summary_time(s->done_at, done);
        fputs("  ", out);
        put_cell(out, or_q(summary_vocab(&VOCAB_STEP, (int)s->code)), w_code);
        gap(out);
        put_cell(out, or_q(summary_vocab(&VOCAB_STATUS, (int)s->status)), w_status);
        gap(out);
        fputs("due ", out);
        put_cell(out, due, TIME_WIDTH);
        fputs("done ", out);
        put_cell_marker(out, done, TIME_WIDTH, marker(s->status, s->due_at, s->done_at, now));
        item_detail(out, "by", s->done_by);
        item_detail(out, "reason", s->reason);
        item_detail(out, "note", s->note);
        if (s->code == STEP_IOD &&
            (s->victim_signed_at != OPH_NO_TIME || s->supervisor_signed_at != OPH_NO_TIME)) {
            summary_time(s->victim_signed_at, due);
            summary_time(s->supervisor_signed_at, done);
            fprintf(out, "%*ssigned: victim %s, supervisor %s\n", ITEM_INDENT, "", due, done);
        }
    }
}

static void item_id(char buf[24], int64_t id)
{
    snprintf(buf, 24, "#%lld", (long long)id);
}

static void put_followups(FILE *out, const struct case_detail *c, oph_time now)
{
    char due[OPH_ZONED_LEN], id[24];
    size_t w_id = 0, w_kind = 0, w_rule = 0, w_status = 0;
    for (int i = 0; i < c->n_followups; i++) {
        const struct followup *f = &c->followups[i];
        item_id(id, f->number);
        widen(&w_id, strlen(id));
        widen(&w_kind, strlen(or_q(summary_vocab(&VOCAB_FOLLOWUP, (int)f->kind))));
        widen(&w_rule, stored_width(f->rule));
        widen(&w_status, strlen(or_q(summary_vocab(&VOCAB_STATUS, (int)f->status))));
    }
    fputs("\nFollow-ups\n", out);
    if (c->n_followups == 0)
        fputs("  none\n", out);
    for (int i = 0; i < c->n_followups; i++) {
        const struct followup *f = &c->followups[i];
        item_id(id, f->number);
        summary_time(f->due_at, due);
        fputs("  ", out);
        put_cell(out, id, w_id);
        gap(out);
        put_cell(out, or_q(summary_vocab(&VOCAB_FOLLOWUP, (int)f->kind)), w_kind);
        gap(out);
        put_text_padded(out, f->rule, -1, w_rule);
        gap(out);
        put_cell(out, or_q(summary_vocab(&VOCAB_STATUS, (int)f->status)), w_status);
        gap(out);
        fputs("due ", out);
        put_cell_marker(out, due, TIME_WIDTH, marker(f->status, f->due_at, f->done_at, now));
        if (f->done_at != OPH_NO_TIME) {
            summary_time(f->done_at, due);
            fprintf(out, "%*sdone: %s\n", ITEM_INDENT, "", due);
        }
        item_detail(out, "reason", f->reason);
        item_detail(out, "note", f->note);
        item_detail(out, "by", f->done_by[0] ? f->done_by : summary_by(c, f->by_action));
        if (f->route >= 0 || f->reference[0]) {
            fprintf(out, "%*sreported to the HSE %s, reference ", ITEM_INDENT, "",
                    f->route == ROUTE_TELEPHONE ? "by telephone"
                    : f->route == ROUTE_ONLINE  ? "online"
                                                : DASH);
            put_text(out, f->reference[0] ? f->reference : DASH, -1);
            fputc('\n', out);
        }
    }
}

static void put_evidence(FILE *out, const struct case_detail *c, oph_time now)
{
    char due[OPH_ZONED_LEN], id[24];
    size_t w_id = 0, w_kind = 0, w_status = 0;
    for (int i = 0; i < c->n_evidence; i++) {
        const struct evidence_item *e = &c->evidence[i];
        item_id(id, e->number);
        widen(&w_id, strlen(id));
        widen(&w_kind, strlen(or_q(summary_vocab(&VOCAB_EVIDENCE_KIND, (int)e->kind))));
        widen(&w_status, strlen(or_q(summary_vocab(&VOCAB_EVIDENCE_STATUS, (int)e->status))));
    }
    fputs("\nEvidence\n", out);
    if (c->n_evidence == 0)
        fputs("  none\n", out);
    for (int i = 0; i < c->n_evidence; i++) {
        const struct evidence_item *e = &c->evidence[i];
        item_id(id, e->number);
        summary_time(e->due_at, due);
        fputs("  ", out);
        put_cell(out, id, w_id);
        gap(out);
        put_cell(out, or_q(summary_vocab(&VOCAB_EVIDENCE_KIND, (int)e->kind)), w_kind);
        gap(out);
        put_cell(out, or_q(summary_vocab(&VOCAB_EVIDENCE_STATUS, (int)e->status)), w_status);
        gap(out);
        fputs("due ", out);
        put_cell(out, due, TIME_WIDTH);
        fputs("ref ", out);
        put_text(out, e->ref, -1);
        if (e->status == EVS_REQUESTED && e->due_at != OPH_NO_TIME && e->due_at < now)
            fputs("  OVERDUE", out);
        fputc('\n', out);
        item_detail(out, "reason", e->reason);
        item_detail(out, "by", summary_by(c, e->by_action));
    }
}

static void put_timeline(FILE *out, const struct case_detail *c)
{
    char at[OPH_ZONED_LEN];
    size_t w_kind = 0, w_label = 0;
    for (int i = 0; i < c->n_timeline; i++) {
        widen(&w_kind, strlen(or_q(summary_timeline_kind(c->timeline[i].kind))));
        widen(&w_label, stored_width(c->timeline[i].label));
    }
    fputs("\nTimeline\n", out);
    if (c->n_timeline == 0)
        fputs("  none\n", out);
    int indent = 2 + TIME_WIDTH - 1 + GAP + (int)w_kind + GAP + (int)w_label + GAP;
    for (int i = 0; i < c->n_timeline; i++) {
        const struct timeline_entry *t = &c->timeline[i];
        summary_time(t->at, at);
        fputs("  ", out);
        put_cell(out, at, TIME_WIDTH - 1);
        gap(out);
        put_cell(out, or_q(summary_timeline_kind(t->kind)), w_kind);
        gap(out);
        put_text_padded(out, t->label, -1, w_label);
        gap(out);
        put_text(out, t->text, indent);
        fputc('\n', out);
        const char *by = summary_by(c, t->by_action);
        if (by) {
            fprintf(out, "%*sby ", indent, "");
            put_text(out, by, indent + 3);
            fputc('\n', out);
        }
    }
}

/* The case's own log: who did what, when. */
static void put_actions(FILE *out, const struct case_detail *c)
{
    if (c->n_actions == 0)
        return;
    char id[24], at[OPH_ZONED_LEN];
    size_t w_id = 0, w_actor = 0;
    for (int i = 0; i < c->n_actions; i++) {
        item_id(id, c->actions[i].id);
        widen(&w_id, strlen(id));
        widen(&w_actor, stored_width(c->actions[i].actor));
    }
    fputs("\nActions\n", out);
    for (int i = 0; i < c->n_actions; i++) {
        const struct case_action *a = &c->actions[i];
        item_id(id, a->id);
        summary_time(summary_action_time(a), at);
        fputs("  ", out);
        put_cell(out, id, w_id);
        gap(out);
        put_cell(out, at, TIME_WIDTH - 1);
        gap(out);
        put_text_padded(out, a->actor, -1, w_actor);
        gap(out);
        put_text(out, a->what, -1);
        fputc('\n', out);
    }
}

static void put_ending(FILE *out, const struct case_detail *c)
{
    char buf[OPH_ZONED_LEN];
    const char *s = summary_vocab(&VOCAB_OUTCOME, c->outcome);
    fputc('\n', out);
    label(out, "Outcome");
    if (s) {
        summary_time(c->outcome_at, buf);
        fprintf(out, "%s (%s)\n", s, buf);
    } else {
        fputs(DASH "\n", out);
    }
    if (c->closed)
        fact_time(out, "Closed", c->closed_at);
    if (c->closing_note[0])
        fact_text(out, "Closing note", c->closing_note);
    if (c->no_arrest_reason >= 0) {
        label(out, "No arrest");
        fprintf(out, "%s: %s\n", VOCAB_NO_ARREST.names[c->no_arrest_reason],
                no_arrest_words((enum no_arrest_reason)c->no_arrest_reason));
    }
    if (c->no_arrest_note[0])
        fact_text(out, "  because", c->no_arrest_note);
    if (c->review_until != OPH_NO_TIME)
        fact_time(out, "Review until", c->review_until);
    if (c->review_asked_at != OPH_NO_TIME)
        fact_time(out, "Review asked", c->review_asked_at);
    if (c->review_result >= 0) {
        summary_time(c->review_decided_at, buf);
        label(out, "Review result");
        fprintf(out, "%s (%s)\n", VOCAB_REVIEW_RESULT.names[c->review_result], buf);
    }
    if (c->review_note[0])
        fact_text(out, "Review note", c->review_note);
    fact_time(out, "Created", c->created_at);
}

void export_case_text(FILE *out, const struct case_detail *c, oph_time now)
{
    put_text(out, c->reference, -1);
    fprintf(out, "  %s\n", c->closed ? "closed" : "open");
    put_facts(out, c);
    put_roles(out, c);
    put_steps(out, c, now);
    put_followups(out, c, now);
    put_evidence(out, c, now);
    put_timeline(out, c);
    put_ending(out, c);
    put_actions(out, c);
}
