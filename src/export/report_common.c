/* What the report's renderers share: counts, percents and durations as printed, and the report
 * laid out as tables (report_layout.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/outfile.h"
#include "ophamp/report_layout.h"
#include "ophamp/text.h"
#include "ophamp/xlsx.h"

/* The words of the report, and the sums every renderer makes, are the renderers' own: the
 * counting (app/report.c) uses them too, a layer above. */
const char *const report_compliance_key[CMP_COUNT] = {"on_time", "late", "overdue", "pending",
                                                      "not_applicable"};
const char *const report_compliance_label[CMP_COUNT] = {"Done on time", "Done late", "Overdue",
                                                        "Due later", "Not applicable"};
const char *const report_evidence_key[CMP_COUNT] = {"secured_in_time", "secured_late", "overdue",
                                                    "requested", "not_available"};
const char *const report_age_key[AGE_COUNT] = {"up_to_30_days", "31_to_60_days", "61_to_90_days",
                                               "over_90_days"};
const char *const report_age_label[AGE_COUNT] = {"Up to 30 days", "31 to 60 days", "61 to 90 days",
                                                 "Over 90 days"};
const char *const report_followup_key[FG_COUNT] = {
    [FG_VICTIM] = "victim_code", [FG_WELFARE] = "welfare", [FG_DUTY] = "line_managers",
    [FG_RIDDOR] = "riddor",      [FG_FORCE] = "force",
};
const char *const report_followup_label[FG_COUNT] = {
    [FG_VICTIM] = "Victim updates",      [FG_WELFARE] = "Welfare",
    [FG_DUTY] = "Line managers' duties", [FG_RIDDOR] = "RIDDOR reports",
    [FG_FORCE] = "The force's own",
};

long report_permille(struct rcount num, struct rcount den)
{
    if (num.hidden || den.hidden)
        return REPORT_HIDDEN;
    if (den.n <= 0)
        return REPORT_NONE;
    return (num.n * 1000 + den.n / 2) / den.n;
}

struct rcount report_due(const struct report *r, const struct report_compliance *c)
{
    (void)r;
    struct rcount due = {0, false, false};
    for (int k = CMP_ON_TIME; k <= CMP_OVERDUE; k++) {
        due.n += c->c[k].n;
        due.hidden = due.hidden || c->c[k].hidden;
    }
    return due;
}

struct rcount report_closed(const struct report *r, bool custody)
{
    const struct rcount *all = custody ? &r->custody : &r->cases;
    const struct rcount *open = custody ? &r->custody_open : &r->open;
    return (struct rcount){all->n - open->n, all->hidden || open->hidden, false};
}

static const char *const MONTHS[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

const char *report_count_str(const struct report *r, struct rcount c, char buf[24])
{
    if (c.hidden && c.small)
        (void)!snprintf(buf, 24, "<%d", r->suppress_below);
    else if (c.hidden)
        (void)!snprintf(buf, 24, REPORT_MARK_HIDDEN);
    else
        (void)!snprintf(buf, 24, "%ld", c.n);
    return buf;
}

const char *report_percent_str(long permille, char buf[32])
{
    if (permille == REPORT_HIDDEN)
        (void)!snprintf(buf, 32, REPORT_MARK_HIDDEN);
    else if (permille < 0)
        (void)!snprintf(buf, 32, "\u2014");
    else
        (void)!snprintf(buf, 32, "%ld.%ld%%", permille / 10, permille % 10);
    return buf;
}

const char *report_duration_str(long minutes, char buf[32])
{
    if (minutes == REPORT_HIDDEN)
        (void)!snprintf(buf, 32, REPORT_MARK_HIDDEN);
    else if (minutes < 0)
        (void)!snprintf(buf, 32, "\u2014");
    else if (minutes >= 24 * 60)
        (void)!snprintf(buf, 32, "%ldd %ldh", minutes / (24 * 60), minutes / 60 % 24);
    else if (minutes >= 60)
        (void)!snprintf(buf, 32, "%ldh %02ldm", minutes / 60, minutes % 60);
    else
        (void)!snprintf(buf, 32, "%ldm", minutes);
    return buf;
}

const char *report_month_label(struct oph_date d, char buf[16])
{
    (void)!snprintf(buf, 16, "%s %04d", MONTHS[(d.month - 1) % 12], d.year);
    return buf;
}

void rp_csv_field(FILE *out, const char *s, bool last)
{
    s = s ? s : "";
    bool formula =
        s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
    bool quote = formula || strpbrk(s, "\",\r\n") != NULL;
    if (quote)
        fputc('"', out);
    if (formula)
        fputc('\'', out);
    for (const char *c = s; *c; c++) {
        if (*c == '"')
            fputc('"', out);
        fputc(*c, out);
    }
    if (quote)
        fputc('"', out);
    fputs(last ? "\r\n" : ",", out);
}

/* ---- the layout -------------------------------------------------------------------------- */

static struct rp_table *table(struct rp_doc *d, const char *title, const char *note, int ncols, ...)
{
    struct rp_table *t = &d->tables[d->ntables++];
    memset(t, 0, sizeof *t);
    t->title = title;
    t->note = note;
    t->ncols = ncols;
    va_list ap;
    va_start(ap, ncols);
    for (int i = 0; i < ncols; i++)
        t->cols[i] = va_arg(ap, const char *);
    va_end(ap);
    return t;
}

/* Adds a column (the previous period's) to a table. */
static void column(struct rp_table *t, const char *name)
{
    if (t->ncols < RP_COLS)
        t->cols[t->ncols++] = name;
}

static struct rp_row *row(struct rp_table *t)
{
    if (t->nrows == t->cap) {
        int cap = t->cap ? t->cap * 2 : 16;
        struct rp_row *p = realloc(t->rows, sizeof *p * (size_t)cap);
        if (!p) {
            fputs("ophamp: out of memory\n", stderr);
            exit(3);
        }
        t->rows = p;
        t->cap = cap;
    }
    struct rp_row *rw = &t->rows[t->nrows++];
    memset(rw, 0, sizeof *rw);
    return rw;
}

static void cell(struct rp_row *rw, int i, const char *s)
{
    if (i < RP_COLS)
        text_copy(rw->cells[i], RP_CELL, s);
}

static void count_cell(const struct report *r, struct rp_row *rw, int i, struct rcount c)
{
    char b[24];
    cell(rw, i, report_count_str(r, c, b));
}

static void percent_cell(struct rp_row *rw, int i, long permille)
{
    char b[32];
    cell(rw, i, report_percent_str(permille, b));
}

static void number_cell(struct rp_row *rw, int i, long n)
{
    if (n < 0)
        cell(rw, i, REPORT_MARK_HIDDEN);
    else
        (void)!snprintf(rw->cells[i], RP_CELL, "%ld", n);
}

/* A count and its share of `of`, then the previous period's (prev_c, prev_of) when there is
 * one: columns 1-4. */
static struct rp_row *share_row(const struct report *r, struct rp_table *t, const char *label,
                                struct rcount c, struct rcount of, const struct rcount *prev_c,
                                const struct rcount *prev_of)
{
    struct rp_row *rw = row(t);
    cell(rw, 0, label);
    count_cell(r, rw, 1, c);
    percent_cell(rw, 2, report_permille(c, of));
    if (r->previous && prev_c) {
        count_cell(r->previous, rw, 3, *prev_c);
        percent_cell(rw, 4, report_permille(*prev_c, *prev_of));
    }
    rw->bar = c;
    return rw;
}

/* The same for a table of counts charted as bars (a breakdown of the cases). */
static struct rp_table *share_table(const struct report *r, struct rp_doc *d, const char *title,
                                    const char *note, const char *what, const char *bar_what)
{
    struct rp_table *t = table(d, title, note, 3, what, "Cases", "Share");
    if (r->previous) {
        column(t, "Previous");
        column(t, "Share (prev.)");
    }
    t->chart = true;
    t->bar_what = bar_what;
    return t;
}

static void compliance_row(const struct report *r, struct rp_table *t, const char *label,
                           const struct report_compliance *c, const struct report_compliance *prev,
                           int prev_col)
{
    struct rp_row *rw = row(t);
    cell(rw, 0, label);
    for (int k = 0; k < CMP_COUNT; k++)
        count_cell(r, rw, 1 + k, c->c[k]);
    percent_cell(rw, 6, report_permille(c->c[CMP_ON_TIME], report_due(r, c)));
    if (r->previous && prev)
        percent_cell(rw, prev_col,
                     report_permille(prev->c[CMP_ON_TIME], report_due(r->previous, prev)));
}

static void date_long(struct oph_date d, char *buf, size_t sz)
{
    (void)!snprintf(buf, sz, "%d %s %04d", d.day, MONTHS[(d.month - 1) % 12], d.year);
}

const char *report_evidence_label(enum evidence_kind k)
{
    static const char *const labels[EV_KIND_COUNT] = {
        [EV_BWV] = "Body-worn video",        [EV_CCTV] = "CCTV",
        [EV_PHOTOS] = "Injury photographs",  [EV_MEDICAL] = "Medical evidence",
        [EV_WITNESS] = "Witness statements", [EV_RECORDING] = "999 and radio recordings",
        [EV_OTHER] = "Other evidence",
    };
    return (unsigned)k < EV_KIND_COUNT ? labels[k] : "";
}

/* Stored text (a team's name) as a table's label: no control characters, at most 48
 * characters. */
static void stored_label(const char *s, char out[RP_CELL])
{
    char clean[RP_CELL * 2];
    text_neutralise(s, clean, sizeof clean, false);
    if (utf8_length(clean) > 48) {
        text_copy_chars(out, RP_CELL - 4, clean, 47);
        strcat(out, "\u2026");
    } else {
        text_copy(out, RP_CELL, clean);
    }
}

static void summary_table(const struct report *r, struct rp_doc *d)
{
    const struct report *p = r->previous;
    struct rp_table *t = table(d, "Summary", NULL, 3, "Measure", "Count", "Rate");
    if (p) {
        column(t, "Previous");
        column(t, "Rate (prev.)");
    }
    share_row(r, t, "Cases logged", r->cases, (struct rcount){0}, p ? &p->cases : NULL,
              &(struct rcount){0});
    share_row(r, t, "Offender arrested", r->arrested, r->cases, p ? &p->arrested : NULL,
              p ? &p->cases : NULL);
    share_row(r, t, "Custody assaults", r->custody, r->cases, p ? &p->custody : NULL,
              p ? &p->cases : NULL);
    share_row(r, t, "Custody assaults: offender arrested", r->custody_arrested, r->custody,
              p ? &p->custody_arrested : NULL, p ? &p->custody : NULL);
    share_row(r, t, "Cases with days off work", r->days_off_cases, r->cases,
              p ? &p->days_off_cases : NULL, p ? &p->cases : NULL);
    struct rp_row *rw = row(t);
    cell(rw, 0, "Days lost (days off work, summed)");
    number_cell(rw, 1, r->days_lost);
    if (p)
        number_cell(rw, 3, p->days_lost);
    share_row(r, t, "Staff survey answers", r->survey_answers, r->cases,
              p ? &p->survey_answers : NULL, p ? &p->cases : NULL);
    rw = row(t);
    cell(rw, 0, "Staff survey mean score (1-5)");
    for (int i = 0; i < (p ? 2 : 1); i++) {
        const struct report *x = i ? p : r;
        int col = i ? 3 : 1;
        if (x->survey_sum < 0)
            cell(rw, col, REPORT_MARK_HIDDEN);
        else if (x->survey_answers.n == 0)
            cell(rw, col, "\u2014");
        else
            (void)!snprintf(rw->cells[col], RP_CELL, "%.2f",
                            (double)x->survey_sum / x->survey_answers.n);
    }
    /* The cases logged have no rate: the empty rate of a count of nothing to divide. */
    t->rows[0].cells[2][0] = '\0';
    if (p)
        t->rows[0].cells[4][0] = '\0';
    for (int i = 0; i < t->nrows; i++)
        t->rows[i].bar = (struct rcount){0};
}

static void compliance_table(const struct report *r, struct rp_doc *d, const char *title,
                             const char *note, const char *what)
{
    struct rp_table *t = table(d, title, note, 7, what, "On time", "Late", "Overdue", "Due later",
                               "N/A", "% on time");
    if (r->previous)
        column(t, "% on time (prev.)");
    t->alert_col = 3;
}

static void months_tables(const struct report *r, struct rp_doc *d)
{
    struct rp_table *t =
        table(d, "Month by month",
              "Cases logged each month, their arrests and custody assaults, and the share of their "
              "steps done on time of those due. A month marked (partial) is not over yet or is cut "
              "by the period.",
              6, "Month", "Cases", "Arrested", "Custody", "Steps due", "On time %");
    t->chart = true;
    t->bar_what = "cases";
    char label[40], c[16];
    for (int i = 0; i < r->n_months; i++) {
        const struct report_month *m = &r->months[i];
        struct rp_row *rw = row(t);
        (void)!snprintf(label, sizeof label, "%s%s", report_month_label(m->first, c),
                        m->partial ? " (partial)" : "");
        cell(rw, 0, label);
        count_cell(r, rw, 1, m->cases);
        count_cell(r, rw, 2, m->arrested);
        count_cell(r, rw, 3, m->custody);
        count_cell(r, rw, 4, m->steps_due);
        percent_cell(rw, 5, report_permille(m->steps_on_time, m->steps_due));
        rw->bar = m->cases;
        rw->partial = m->partial;
    }
    for (int s = 0; s < STEP_COUNT; s++) {
        /* Titles that are also a spreadsheet's sheet names: 31 characters, no colon. */
        char *title = d->step_titles[s];
        (void)!snprintf(title, sizeof d->step_titles[s], "On time, %s",
                        step_label((enum step_code)s));
        t = table(d, title,
                  s == 0 ? "For each step, month by month: the steps of the month's cases whose "
                           "due time has come (on time + late + overdue), and the share done "
                           "on time; the bar is that share (a full bar: 100%)."
                         : NULL,
                  4, "Month", "Due", "On time", "% on time");
        t->chart = true;
        t->bar_what = "on time";
        t->bar_scale = 1000;
        t->bar_col = 3;
        for (int i = 0; i < r->n_months; i++) {
            const struct report_month *m = &r->months[i];
            struct rp_row *rw = row(t);
            (void)!snprintf(label, sizeof label, "%s%s", report_month_label(m->first, c),
                            m->partial ? " (partial)" : "");
            cell(rw, 0, label);
            count_cell(r, rw, 1, m->step_due[s]);
            count_cell(r, rw, 2, m->step_on_time[s]);
            long pm = report_permille(m->step_on_time[s], m->step_due[s]);
            percent_cell(rw, 3, pm);
            rw->bar = (struct rcount){pm < 0 ? 0 : pm, pm == REPORT_HIDDEN, false};
            rw->partial = m->partial;
        }
    }
}

static void outcomes_table(const struct report *r, struct rp_doc *d)
{
    const struct report *p = r->previous;
    struct rp_table *t =
        table(d, "Outcomes",
              "Closed cases by outcome, as shares of the closed cases (all, and the custody "
              "assaults), and the cases still open.",
              5, "Outcome", "Cases", "% of closed", "Custody", "% of closed custody");
    if (p) {
        column(t, "Previous");
        column(t, "% of closed (prev.)");
    }
    t->chart = true;
    t->bar_what = "cases";
    struct rcount closed = report_closed(r, false), kclosed = report_closed(r, true);
    struct rcount pclosed = p ? report_closed(p, false) : (struct rcount){0};
    for (int i = 0; i <= OUT_COUNT; i++) {
        bool open = i == OUT_COUNT;
        struct rp_row *rw = row(t);
        cell(rw, 0, open ? "still open" : VOCAB_OUTCOME.names[i]);
        count_cell(r, rw, 1, open ? r->open : r->outcome[i]);
        count_cell(r, rw, 3, open ? r->custody_open : r->custody_outcome[i]);
        if (!open) {
            percent_cell(rw, 2, report_permille(r->outcome[i], closed));
            percent_cell(rw, 4, report_permille(r->custody_outcome[i], kclosed));
        }
        if (p) {
            count_cell(p, rw, 5, open ? p->open : p->outcome[i]);
            if (!open)
                percent_cell(rw, 6, report_permille(p->outcome[i], pclosed));
        }
        rw->bar = open ? r->open : r->outcome[i];
    }
}

static void known_table(const struct report *r, struct rp_doc *d)
{
    const struct report *p = r->previous;
    struct rp_table *t = table(
        d, "Known offender not arrested",
        "Arrest is the preferred outcome (OSSR recommendation 23(ii)): the cases whose offender "
        "is known, and of them those with no arrest recorded (share of the known).",
        3, "Measure", "Cases", "Rate");
    if (p) {
        column(t, "Previous");
        column(t, "Rate (prev.)");
    }
    share_row(r, t, "Offender known", r->known, r->cases, p ? &p->known : NULL,
              p ? &p->cases : NULL);
    share_row(r, t, "Known offender, not arrested", r->known_not_arrested, r->known,
              p ? &p->known_not_arrested : NULL, p ? &p->known : NULL);
    if (r->n_not_arrested_reasons > 0) {
        char label[RP_CELL];
        for (int i = 0; i < r->n_not_arrested_reasons && i < REPORT_REASONS_MAX; i++) {
            (void)!snprintf(label, sizeof label, "  reason: %s",
                            r->not_arrested_reason_names ? r->not_arrested_reason_names[i] : "");
            share_row(r, t, label, r->not_arrested_reason[i], r->known_not_arrested,
                      p ? &p->not_arrested_reason[i] : NULL, p ? &p->known_not_arrested : NULL);
        }
        share_row(r, t, "  no reason recorded", r->not_arrested_no_reason, r->known_not_arrested,
                  p ? &p->not_arrested_no_reason : NULL, p ? &p->known_not_arrested : NULL);
    }
    for (int i = 0; i < t->nrows; i++)
        t->rows[i].bar = (struct rcount){0};
}

static void breakdown_tables(const struct report *r, struct rp_doc *d)
{
    const struct report *p = r->previous;
    struct rp_table *t =
        share_table(r, d, "Victims by role", "The assaulted person's role.", "Role", "cases");
    for (int i = 0; i < ROLE_COUNT; i++)
        share_row(r, t, VOCAB_PERSON_ROLE.names[i], r->victim_role[i], r->cases,
                  p ? &p->victim_role[i] : NULL, p ? &p->cases : NULL);
    t = share_table(r, d, "By mechanism", "How the assault was done.", "Mechanism", "cases");
    for (int i = 0; i <= MECH_COUNT; i++)
        share_row(r, t, i < MECH_COUNT ? VOCAB_MECHANISM.names[i] : "not recorded", r->mechanism[i],
                  r->cases, p ? &p->mechanism[i] : NULL, p ? &p->cases : NULL);
    t = share_table(r, d, "By location", "The kind of place of the assault.", "Location kind",
                    "cases");
    for (int i = 0; i < LOC_COUNT; i++)
        share_row(r, t, VOCAB_LOCATION.names[i], i == LOC_CUSTODY ? r->custody : r->location[i],
                  r->cases, p ? (i == LOC_CUSTODY ? &p->custody : &p->location[i]) : NULL,
                  p ? &p->cases : NULL);
    t = share_table(r, d, "By team",
                    "The victim's team as recorded now (teams with no case in either period are "
                    "left out).",
                    "Team", "cases");
    char label[RP_CELL];
    for (int i = 0; i <= r->n_teams; i++) {
        bool any = r->team[i].n > 0 || (p && p->team && p->team[i].n > 0);
        if (!any)
            continue;
        if (i < r->n_teams)
            stored_label(r->team_names[i], label);
        else
            text_copy(label, sizeof label, "no team recorded");
        share_row(r, t, label, r->team[i], r->cases, p ? &p->team[i] : NULL, p ? &p->cases : NULL);
    }
    t = share_table(r, d, "Injuries", NULL, "Injury", "cases");
    for (int i = 0; i < INJURY_COUNT; i++)
        share_row(r, t, VOCAB_INJURY.names[i], r->injury[i], r->cases, p ? &p->injury[i] : NULL,
                  p ? &p->cases : NULL);
    t = share_table(r, d, "Open cases by age",
                    "The cases still open, by the time since they were reported (share of the "
                    "open cases).",
                    "Age", "cases");
    for (int i = 0; i < AGE_COUNT; i++)
        share_row(r, t, report_age_label[i], r->open_age[i], r->open, p ? &p->open_age[i] : NULL,
                  p ? &p->open : NULL);
}

static void overdue_table(const struct report *r, struct rp_doc *d)
{
    if (r->redacted || r->is_previous)
        return;
    if (r->overdue_total == 0)
        (void)!snprintf(d->overdue_note, sizeof d->overdue_note,
                        "No item of the cases logged is overdue.");
    else if (r->n_overdue < r->overdue_total)
        (void)!snprintf(d->overdue_note, sizeof d->overdue_note,
                        "The %d items longest overdue of the %ld pending past their due time; "
                        "ophamp remind lists every one.",
                        r->n_overdue, r->overdue_total);
    else
        (void)!snprintf(d->overdue_note, sizeof d->overdue_note,
                        "The %ld item%s of the cases logged pending past %s due time, the "
                        "longest overdue first.",
                        r->overdue_total, r->overdue_total == 1 ? "" : "s",
                        r->overdue_total == 1 ? "its" : "their");
    struct rp_table *t =
        table(d, "Overdue items", d->overdue_note, 4, "Case", "Item", "Due", "Days late");
    for (int i = 0; i < r->n_overdue; i++) {
        const struct report_overdue *o = &r->overdue[i];
        struct rp_row *rw = row(t);
        cell(rw, 0, o->reference);
        cell(rw, 1, o->item);
        char due[OPH_LOCAL_LEN];
        time_format_local(o->due_at, due);
        cell(rw, 2, due);
        number_cell(rw, 3, (long)((r->now - o->due_at) / 86400));
    }
}

void rp_doc_build(const struct report *r, struct rp_doc *d)
{
    memset(d, 0, sizeof *d);
    const struct report *p = r->previous;
    char a[32], b[32];
    (void)!snprintf(d->title, sizeof d->title, "Operation Hampshire scrutiny report");
    date_long(r->from, a, sizeof a);
    date_long(r->to, b, sizeof b);
    (void)!snprintf(d->period, sizeof d->period, "Cases logged from %s to %s", a, b);
    if (p) {
        date_long(p->from, a, sizeof a);
        date_long(p->to, b, sizeof b);
        (void)!snprintf(d->previous, sizeof d->previous,
                        "Beside them (prev.): the period of the same length before, %s to %s", a,
                        b);
    }
    char now[OPH_LOCAL_LEN];
    time_format_local(r->now, now);
    (void)!snprintf(d->asof, sizeof d->asof, "Statuses as of %s (London time)", now);
    if (r->redacted)
        (void)!snprintf(d->redaction, sizeof d->redaction,
                        "Redacted: a count of people from 1 to %d is shown as <%d; a figure hidden "
                        "so that such a count cannot be worked out is shown as " REPORT_MARK_HIDDEN
                        ".",
                        r->suppress_below - 1, r->suppress_below);
    (void)!snprintf(d->hidden_note, sizeof d->hidden_note,
                    REPORT_MARK_HIDDEN
                    ": not shown, so that a count under %d cannot be worked out "
                    "from the figures around it, or because fewer than %d cases stand behind it.",
                    r->suppress_below, r->suppress_below);

    summary_table(r, d);

    struct rp_table *t;
    compliance_table(r, d, "The seven steps",
                     "Each case's seven steps: done by the due time, done after it, still pending "
                     "past it, pending and due later, or not applicable; the share done on time "
                     "of those due; the median time from the report to done.",
                     "Step");
    t = &d->tables[d->ntables - 1];
    /* The median comes before the previous period's percent. */
    if (p) {
        t->cols[8] = t->cols[7];
        t->ncols = 9;
    } else {
        t->ncols = 8;
    }
    t->cols[7] = "Median";
    for (int s = 0; s < STEP_COUNT; s++) {
        compliance_row(r, t, step_label((enum step_code)s), &r->steps[s].cmp,
                       p ? &p->steps[s].cmp : NULL, 8);
        char dur[32];
        cell(&t->rows[t->nrows - 1], 7, report_duration_str(r->steps[s].median_minutes, dur));
    }

    compliance_table(r, d, "Follow-ups",
                     "Victim updates: the Victim Code's updates and outcome notices; welfare: the "
                     "welfare follow-ups. Of the cases logged in the period.",
                     "Follow-up");
    t = &d->tables[d->ntables - 1];
    for (int g = 0; g < FG_COUNT; g++)
        compliance_row(r, t, report_followup_label[g], &r->followups[g],
                       p ? &p->followups[g] : NULL, 7);

    compliance_table(r, d, "RIDDOR reports",
                     "Reports to the regulator of the cases logged: an injury with more than 7 "
                     "days off work within 15 days of the assault, a specified injury within 10.",
                     "Report");
    t = &d->tables[d->ntables - 1];
    compliance_row(r, t, "RIDDOR reports", &r->riddor, p ? &p->riddor : NULL, 7);

    t = table(d, "Evidence items",
              "Each evidence item of the cases logged: secured (or submitted) by its due time "
              "(body-worn video: marked evidential before automatic deletion), secured after it, "
              "still requested past it, requested and due later, or not available; the share "
              "secured in time of those due. An item's time secured is its last change of "
              "status.",
              7, "Evidence", "Secured in time", "Secured late", "Overdue", "Still requested",
              "Not available", "% in time");
    if (p)
        column(t, "% in time (prev.)");
    t->alert_col = 3;
    for (int k = 0; k < EV_KIND_COUNT; k++)
        compliance_row(r, t, report_evidence_label((enum evidence_kind)k), &r->evidence[k],
                       p ? &p->evidence[k] : NULL, 7);

    months_tables(r, d);
    outcomes_table(r, d);
    known_table(r, d);
    breakdown_tables(r, d);

    t = share_table(r, d, "Not arrested, by reason",
                    "Arrest is the preferred outcome (OSSR rec. 23(ii)). Closed cases whose "
                    "offender was known and not arrested, by the reason given at closing (not "
                    "recorded: closed before a reason was asked for).",
                    "Reason", "cases");
    for (int i = 0; i <= NOARREST_COUNT; i++)
        share_row(r, t, i < NOARREST_COUNT ? VOCAB_NO_ARREST.names[i] : "not recorded",
                  r->no_arrest_reason[i], r->no_arrest, p ? &p->no_arrest_reason[i] : NULL,
                  p ? &p->no_arrest : NULL);

    t = share_table(r, d, "Staff survey",
                    "\u201cHow well were you supported?\u201d (1 poorly, 5 very well)", "Score",
                    "answers");
    t->cols[1] = "Answers";
    for (int i = 0; i < 5; i++) {
        char label[8];
        (void)!snprintf(label, sizeof label, "%d", i + 1);
        share_row(r, t, label, r->survey[i], r->survey_answers, p ? &p->survey[i] : NULL,
                  p ? &p->survey_answers : NULL);
    }

    overdue_table(r, d);

    /* A table with a figure hidden as [c] says under it what that means. */
    for (int i = 0; i < d->ntables; i++) {
        struct rp_table *tb = &d->tables[i];
        for (int k = 0; k < tb->nrows * RP_COLS && !tb->footnote; k++)
            if (strcmp(tb->rows[k / RP_COLS].cells[k % RP_COLS], REPORT_MARK_HIDDEN) == 0)
                tb->footnote = d->hidden_note;
    }
}

void rp_doc_free(struct rp_doc *d)
{
    for (int i = 0; i < d->ntables; i++)
        free(d->tables[i].rows);
    d->ntables = 0;
}

long rp_bar_max(const struct rp_table *t)
{
    if (t->bar_scale > 0)
        return t->bar_scale;
    long max = 1;
    for (int i = 0; i < t->nrows; i++)
        if (!t->rows[i].bar.hidden && t->rows[i].bar.n > max)
            max = t->rows[i].bar.n;
    return max;
}

/* ---- writing a file ------------------------------------------------------------------------ */

int report_save(const struct report *r, enum out_format f, const char *path, bool replace,
                const char *db_path, struct oph_error *err)
{
    const struct format_def *d = (unsigned)f < FMT_COUNT ? &FORMAT_DEFS[f] : NULL;
    if (!d || !(d->writes & WRITES_REPORT))
        return oph_fail(err, OPH_INVALID, "not a format of the report");
    struct out_file of;
    if (d->file_only && (!path || strcmp(path, "-") == 0))
        return oph_fail(err, OPH_INVALID, "an %s report is a file: name it", d->name);
    if (out_open(&of, path, replace, db_path, err))
        return -1;
    if (d->file_only) {
        if (d->report_file(of.tmp, r, err)) {
            out_abort(&of);
            return -1;
        }
    } else {
        d->report(of.fp, r);
    }
    return out_commit(&of, err);
}
