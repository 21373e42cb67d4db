/* Worklists: the kind of work each due item is, decided once here for the reminders of every
 * front end (remind, the reminders view, their filters), and how far ahead a worklist looks. */
#include "ophamp/worklist.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ophamp/when.h"

static const char *const work_kind_names[] = {
    [WK_STEP] = "step",         [WK_WELFARE] = "welfare", [WK_VICTIM_UPDATE] = "victim-update",
    [WK_EVIDENCE] = "evidence", [WK_RIDDOR] = "riddor",   [WK_DUTY] = "duty",
};
const struct vocab VOCAB_WORK_KIND = {"kind of work", work_kind_names, WK_COUNT};

/* The steps that belong to a kind of work of their own: the first welfare contact is the
 * welfare lead's, every evidence item secured the evidence's, the injury-on-duty report the
 * duty's; the rest are the plan's steps. */
enum work_kind work_kind_of_step(enum step_code code)
{
    switch (code) {
    case STEP_WELFARE:
        return WK_WELFARE;
    case STEP_EVIDENCE:
        return WK_EVIDENCE;
    case STEP_IOD:
        return WK_DUTY;
    case STEP_CRIME:
    case STEP_VICTIM_CODE:
    case STEP_INVESTIGATOR:
    case STEP_SLT:
    case STEP_COUNT:
        break;
    }
    return WK_STEP;
}

/* No default: a new kind of follow-up must be given its kind of work here (the build fails
 * until it is). */
enum work_kind work_kind_of_followup(enum followup_kind kind)
{
    switch (kind) {
    case FU_WELFARE:
        return WK_WELFARE;
    case FU_VICTIM_UPDATE:
    case FU_OUTCOME_NOTICE:
        return WK_VICTIM_UPDATE;
    case FU_RIDDOR:
        return WK_RIDDOR;
    case FU_DUTY:  /* the line managers' duties: the supervisor's part of the plan */
    case FU_FORCE: /* a force's own follow-ups, done by whoever holds the case */
    case FU_COUNT:
        break;
    }
    return WK_STEP;
}

enum work_kind work_kind_of_evidence(void)
{
    return WK_EVIDENCE;
}

enum work_kind work_kind_of(enum due_kind due, int sub)
{
    switch (due) {
    case DUE_STEP:
        return (unsigned)sub < STEP_COUNT ? work_kind_of_step((enum step_code)sub) : WK_STEP;
    case DUE_FOLLOWUP:
        return (unsigned)sub < FU_COUNT ? work_kind_of_followup((enum followup_kind)sub) : WK_STEP;
    case DUE_EVIDENCE:
        return work_kind_of_evidence();
    }
    return WK_STEP;
}

int work_kinds_parse(const char *text, unsigned *out, struct oph_error *err)
{
    *out = 0;
    const char *p = text;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char word[40];
        int k = -1;
        if (n > 0 && n < sizeof word) {
            memcpy(word, p, n);
            word[n] = '\0';
            k = vocab_find(&VOCAB_WORK_KIND, word);
        }
        if (k < 0) {
            char list[160];
            return oph_fail(err, OPH_INVALID, "unknown kind of work '%.*s' (one of %s)",
                            (int)(n > 60 ? 60 : n), p,
                            vocab_list(&VOCAB_WORK_KIND, list, sizeof list));
        }
        *out |= 1u << k;
        if (!end)
            return 0;
        p = end + 1;
    }
}

bool work_kinds_has(unsigned kinds, enum work_kind k)
{
    return kinds == WORK_KINDS_ALL || (kinds & (1u << k)) != 0;
}

/* The first instant of the London day after d. */
static oph_time day_end(struct oph_date d)
{
    struct oph_date next = cal_civil_from_days(cal_days_from_civil(d) + 1);
    oph_time t = 0;
    london_to_utc((struct oph_local){next.year, next.month, next.day, 0, 0, 0}, &t);
    return t;
}

oph_time horizon_until(const struct horizon *h, oph_time now)
{
    oph_time today_end = day_end(london_date(now)) - 1;
    switch (h->kind) {
    case HORIZON_OVERDUE:
        return now - 1;
    case HORIZON_TODAY:
        break;
    case HORIZON_WITHIN:
        /* Due today is due before the next midnight; an item due at 00:00 tomorrow is not. */
        return now + h->within > today_end ? now + h->within : today_end;
    case HORIZON_UNTIL: {
        oph_time end = day_end(h->until) - 1;
        return end > today_end ? end : today_end;
    }
    }
    return today_end;
}

void horizon_words(const struct horizon *h, char *buf, size_t n)
{
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    switch (h->kind) {
    case HORIZON_OVERDUE:
        snprintf(buf, n, "overdue");
        return;
    case HORIZON_TODAY:
        snprintf(buf, n, "due today");
        return;
    case HORIZON_WITHIN: {
        long hours = (long)(h->within / 3600);
        if (hours == 24)
            snprintf(buf, n, "due within a day");
        else if (hours >= 72 && hours % 24 == 0)
            snprintf(buf, n, "due within %ld days", hours / 24);
        else
            snprintf(buf, n, "due within %ld h", hours);
        return;
    }
    case HORIZON_UNTIL:
        snprintf(buf, n, "due by %s %d %s %d", days[cal_weekday(h->until)], h->until.day,
                 months[(h->until.month + 11) % 12], h->until.year);
        return;
    }
    buf[0] = '\0';
}

int horizon_parse_date(const char *s, oph_time now, struct oph_date *out, const char **why)
{
    while (*s == ' ')
        s++;
    struct oph_date today = london_date(now);
    if (strcasecmp(s, "today") == 0) {
        *out = today;
        return 0;
    }
    if (strcasecmp(s, "tomorrow") == 0) {
        *out = cal_civil_from_days(cal_days_from_civil(today) + 1);
        return 0;
    }
    if (date_parse(s, out, why) == 0)
        return 0;
    oph_time t;
    if (when_parse_dmy(s, &t, why) == 0 && !strchr(s, ':')) {
        *out = london_date(t);
        return 0;
    }
    *why = "expected a date: YYYY-MM-DD, D/M/YYYY, today or tomorrow";
    return -1;
}
