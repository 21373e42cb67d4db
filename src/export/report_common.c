/* What the report's renderers share: counts, percents and durations as printed, and the report
 * laid out as tables (report_layout.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/report_layout.h"

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

const char *report_step_label(enum step_code s)
{
    static const char *const labels[STEP_COUNT] = {
        [STEP_CRIME] = "(a) crime recorded",      [STEP_VICTIM_CODE] = "(b) Victim Code",
        [STEP_INVESTIGATOR] = "(c) investigator", [STEP_WELFARE] = "(d) welfare",
        [STEP_SLT] = "(e) SLT informed",          [STEP_IOD] = "(f) injury on duty",
        [STEP_EVIDENCE] = "(g) best evidence",
    };
    return (unsigned)s < STEP_COUNT ? labels[s] : "";
}

const char *report_month_label(struct oph_date d, char buf[16])
{
    (void)!snprintf(buf, 16, "%s %04d", MONTHS[(d.month - 1) % 12], d.year);
    return buf;
}

void report_write(FILE *out, const struct report *r, enum report_format f)
{
    switch (f) {
    case RF_TEXT:
        report_write_text(out, r);
        break;
    case RF_MD:
        report_write_md(out, r);
        break;
    case RF_HTML:
        report_write_html(out, r);
        break;
    case RF_JSON:
        report_write_json(out, r);
        break;
    case RF_CSV:
        report_write_csv(out, r);
        break;
    }
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
    (void)!snprintf(rw->cells[i], RP_CELL, "%s", s);
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

static void bar_row(const struct report *r, struct rp_table *t, const char *label, struct rcount c,
                    struct rcount of)
{
    struct rp_row *rw = row(t);
    cell(rw, 0, label);
    count_cell(r, rw, 1, c);
    percent_cell(rw, 2, report_permille(c, of));
    rw->bar = c;
}

static void compliance_row(const struct report *r, struct rp_table *t, const char *label,
                           const struct report_compliance *c)
{
    struct rp_row *rw = row(t);
    cell(rw, 0, label);
    for (int k = 0; k < CMP_COUNT; k++)
        count_cell(r, rw, 1 + k, c->c[k]);
    percent_cell(rw, 6, report_permille(c->c[CMP_ON_TIME], report_due(r, c)));
}

static void date_long(struct oph_date d, char *buf, size_t sz)
{
    (void)!snprintf(buf, sz, "%d %s %04d", d.day, MONTHS[(d.month - 1) % 12], d.year);
}

void rp_doc_build(const struct report *r, struct rp_doc *d)
{
    memset(d, 0, sizeof *d);
    char a[32], b[32], c[24], e[24];
    (void)!snprintf(d->title, sizeof d->title, "Operation Hampshire scrutiny report");
    date_long(r->from, a, sizeof a);
    date_long(r->to, b, sizeof b);
    (void)!snprintf(d->period, sizeof d->period, "Cases logged from %s to %s", a, b);
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

    struct rp_table *t = table(d, "Summary", NULL, 3, "Measure", "Count", "Rate");
    struct rp_row *rw = row(t);
    cell(rw, 0, "Cases logged");
    count_cell(r, rw, 1, r->cases);
    rw = row(t);
    cell(rw, 0, "Offender arrested");
    count_cell(r, rw, 1, r->arrested);
    percent_cell(rw, 2, report_permille(r->arrested, r->cases));
    rw = row(t);
    cell(rw, 0, "Custody assaults");
    count_cell(r, rw, 1, r->custody);
    percent_cell(rw, 2, report_permille(r->custody, r->cases));
    rw = row(t);
    cell(rw, 0, "Custody assaults: offender arrested");
    count_cell(r, rw, 1, r->custody_arrested);
    percent_cell(rw, 2, report_permille(r->custody_arrested, r->custody));
    rw = row(t);
    cell(rw, 0, "Known offender, not arrested, closed");
    count_cell(r, rw, 1, r->no_arrest);
    percent_cell(rw, 2, report_permille(r->no_arrest, r->cases));
    rw = row(t);
    cell(rw, 0, "Cases with days off work");
    count_cell(r, rw, 1, r->days_off_cases);
    percent_cell(rw, 2, report_permille(r->days_off_cases, r->cases));
    rw = row(t);
    cell(rw, 0, "Days lost (days off work, summed)");
    if (r->days_lost < 0)
        cell(rw, 1, REPORT_MARK_HIDDEN);
    else
        (void)!snprintf(rw->cells[1], RP_CELL, "%ld", r->days_lost);
    rw = row(t);
    cell(rw, 0, "Staff survey answers");
    count_cell(r, rw, 1, r->survey_answers);
    percent_cell(rw, 2, report_permille(r->survey_answers, r->cases));
    rw = row(t);
    cell(rw, 0, "Staff survey mean score (1-5)");
    if (r->survey_sum < 0)
        cell(rw, 1, REPORT_MARK_HIDDEN);
    else if (r->survey_answers.n == 0)
        cell(rw, 1, "\u2014");
    else
        (void)!snprintf(rw->cells[1], RP_CELL, "%.2f", (double)r->survey_sum / r->survey_answers.n);

    t = table(d, "The seven steps",
              "Each case's seven steps: done by the due time, done after it, still pending past "
              "it, pending and due later, or not applicable; the share done on time of those "
              "due; the median time from the report to done.",
              8, "Step", "On time", "Late", "Overdue", "Due later", "N/A", "% on time", "Median");
    for (int s = 0; s < STEP_COUNT; s++) {
        compliance_row(r, t, report_step_label((enum step_code)s), &r->steps[s].cmp);
        char dur[32];
        cell(&t->rows[t->nrows - 1], 7, report_duration_str(r->steps[s].median_minutes, dur));
    }

    t = table(d, "Follow-ups",
              "Victim updates: the Victim Code's updates and outcome notices; welfare: the "
              "welfare follow-ups; line managers' duties (OSSR rec. 21): inspector told, injury "
              "assessment confirmed, welfare officer, senior leader, management meeting; RIDDOR "
              "reports to the HSE; the force's own follow-ups. Of the cases logged in the "
              "period.",
              7, "Follow-up", "On time", "Late", "Overdue", "Due later", "N/A", "% on time");
    for (int g = 0; g < FG_COUNT; g++)
        compliance_row(r, t, report_followup_label[g], &r->followups[g]);

    t = table(d, "Injuries", NULL, 3, "Injury", "Cases", "Share");
    t->chart = true;
    t->bar_what = "cases";
    for (int i = 0; i < INJURY_COUNT; i++)
        bar_row(r, t, VOCAB_INJURY.names[i], r->injury[i], r->cases);

    t = table(d, "Outcomes", "Closed cases by outcome, and the cases still open.", 3, "Outcome",
              "Cases", "Share");
    t->chart = true;
    t->bar_what = "cases";
    for (int i = 0; i < OUT_COUNT; i++)
        bar_row(r, t, VOCAB_OUTCOME.names[i], r->outcome[i], r->cases);
    bar_row(r, t, "still open", r->open, r->cases);

    t = table(d, "Known offender not arrested",
              "Arrest is the preferred outcome (OSSR rec. 23(ii)). Closed cases whose offender "
              "was known and not arrested, by the reason given at closing (not recorded: closed "
              "before a reason was asked for).",
              3, "Reason", "Cases", "Share");
    t->chart = true;
    t->bar_what = "cases";
    for (int i = 0; i < NOARREST_COUNT; i++)
        bar_row(r, t, VOCAB_NO_ARREST.names[i], r->no_arrest_reason[i], r->no_arrest);
    bar_row(r, t, "not recorded", r->no_arrest_reason[NOARREST_COUNT], r->no_arrest);

    t = table(d, "Staff survey", "\u201cHow well were you supported?\u201d (1 poorly, 5 very well)",
              3, "Score", "Answers", "Share");
    t->chart = true;
    t->bar_what = "answers";
    for (int i = 0; i < 5; i++) {
        char label[8];
        (void)!snprintf(label, sizeof label, "%d", i + 1);
        bar_row(r, t, label, r->survey[i], r->survey_answers);
    }

    t = table(d, "Month by month",
              "Cases logged each month, and the share of their steps done on time of those due.", 4,
              "Month", "Cases", "Steps due", "On time %");
    t->chart = true;
    t->bar_what = "cases";
    for (int i = 0; i < r->n_months; i++) {
        const struct report_month *m = &r->months[i];
        rw = row(t);
        cell(rw, 0, report_month_label(m->first, c));
        count_cell(r, rw, 1, m->cases);
        count_cell(r, rw, 2, m->steps_due);
        percent_cell(rw, 3, report_permille(m->steps_on_time, m->steps_due));
        rw->bar = m->cases;
    }
    (void)e;

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
    long max = 1;
    for (int i = 0; i < t->nrows; i++)
        if (!t->rows[i].bar.hidden && t->rows[i].bar.n > max)
            max = t->rows[i].bar.n;
    return max;
}
