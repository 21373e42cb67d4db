/* The iCalendar writer (see ics.h). */
#include "ophamp/ics.h"

#include <inttypes.h>
#include <string.h>

#include "ophamp/plan.h"
#include "ophamp/text.h"

/* Writes k octets that must stay on one physical line, folding first when they would not
 * fit: CRLF and a space, which begins the next line (and counts in its 75). */
static void put_unit(struct ics_writer *w, const char *p, size_t k)
{
    if (w->col + k > ICS_LINE_MAX) {
        fputs("\r\n ", w->out);
        w->col = 1;
    }
    if (k == 1)
        putc_unlocked(*p, w->out); /* one lock for the file, not one a character */
    else
        fwrite(p, 1, k, w->out);
    w->col += k;
}

static void end_line(struct ics_writer *w)
{
    putc_unlocked('\r', w->out);
    putc_unlocked('\n', w->out);
    w->col = 0;
}

/* Characters that have no place in a calendar's text: C0 (but tab and line feed), DEL, C1,
 * and the bidirectional overrides and isolates. */
static bool unwanted(unsigned cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The value of a TEXT property: escaped, neutralised, folded. A CR LF or a lone CR is one
 * line break, like LF. */
static void put_text_value(struct ics_writer *w, const char *text)
{
    static const char repl[] = "\xEF\xBF\xBD"; /* U+FFFD */
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    size_t n = strlen((const char *)p);
    while (n > 0) {
        unsigned cp = 0;
        size_t k = utf8_decode(p, n, &cp);
        if (k == 0) {
            put_unit(w, repl, 3);
            k = 1;
        } else if (cp == '\r' || cp == '\n') {
            put_unit(w, "\\n", 2);
            if (cp == '\r' && n > 1 && p[1] == '\n')
                k = 2;
        } else if (cp == '\\' || cp == ';' || cp == ',') {
            char esc[2] = {'\\', (char)cp};
            put_unit(w, esc, 2);
        } else if (unwanted(cp)) {
            put_unit(w, repl, 3);
        } else {
            put_unit(w, (const char *)p, k);
        }
        p += k;
        n -= k;
    }
}

static void put_name(struct ics_writer *w, const char *name)
{
    for (const char *c = name; *c; c++)
        put_unit(w, c, 1);
    put_unit(w, ":", 1);
}

void ics_text(struct ics_writer *w, const char *name, const char *text)
{
    put_name(w, name);
    put_text_value(w, text);
    end_line(w);
}

void ics_raw(struct ics_writer *w, const char *name, const char *value)
{
    put_name(w, name);
    for (const char *c = value; *c; c++)
        put_unit(w, c, 1);
    end_line(w);
}

void ics_format_time(oph_time t, char out[17])
{
    char iso[OPH_ISO_LEN]; /* 2026-04-08T09:00:00Z */
    time_format_iso(t, iso);
    static const int pick[] = {0, 1, 2, 3, 5, 6, 8, 9, 10, 11, 12, 14, 15, 17, 18, 19};
    for (int i = 0; i < 16; i++)
        out[i] = iso[pick[i]];
    out[16] = '\0';
}

int ics_alarms_parse(const char *spec, struct ics_alarms *out, const char **why)
{
    struct ics_alarms a = {.n = 0};
    const char *p = spec ? spec : "";
    if (!*p) {
        *why = "no lead time given";
        return -1;
    }
    for (;;) {
        long amount = 0;
        const char *start = p;
        for (; *p >= '0' && *p <= '9'; p++) /* past the limit it stays past it */
            if (amount <= ICS_ALARM_LEAD_MAX)
                amount = amount * 10 + (*p - '0');
        if (p == start) {
            *why = "each lead time is a whole number and a unit (m, h, d or w), e.g. 1d,1h";
            return -1;
        }
        long unit = *p == 'm' ? 60 : *p == 'h' ? 3600 : *p == 'd' ? 86400 : *p == 'w' ? 604800 : 0;
        if (unit == 0) {
            *why = "a lead time's unit is m (minutes), h (hours), d (days) or w (weeks)";
            return -1;
        }
        p++;
        if (amount > ICS_ALARM_LEAD_MAX / unit) {
            *why = "a lead time is at most 90 days";
            return -1;
        }
        if (a.n == ICS_ALARMS_MAX) {
            *why = "at most 5 lead times";
            return -1;
        }
        for (int i = 0; i < a.n; i++)
            if (a.lead[i] == amount * unit) {
                *why = "the same lead time twice";
                return -1;
            }
        a.lead[a.n++] = amount * unit;
        if (*p == '\0')
            break;
        if (*p != ',' || p[1] == '\0') {
            *why = "lead times are separated by commas, e.g. 1d,1h";
            return -1;
        }
        p++;
    }
    *out = a;
    return 0;
}

/* A lead time as a negative iCalendar duration: -P1D, -PT1H, -P1DT2H30M, PT0S. */
static void format_lead(long secs, char out[32])
{
    if (secs == 0) {
        strcpy(out, "PT0S");
        return;
    }
    long d = secs / 86400, h = secs / 3600 % 24, m = secs / 60 % 60;
    int n = snprintf(out, 32, "-P");
    if (d)
        n += snprintf(out + n, 32 - (size_t)n, "%ldD", d);
    if (h || m)
        n += snprintf(out + n, 32 - (size_t)n, "T");
    if (h)
        n += snprintf(out + n, 32 - (size_t)n, "%ldH", h);
    if (m)
        (void)!snprintf(out + n, 32 - (size_t)n, "%ldM", m);
}

void ics_begin(struct ics_writer *w, FILE *out, oph_time stamp)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->now = stamp;
    w->alarms = (struct ics_alarms){.lead = {3600}, .n = 1};
    ics_format_time(stamp, w->stamp);
    ics_raw(w, "BEGIN", "VCALENDAR");
    ics_raw(w, "VERSION", "2.0");
    ics_raw(w, "PRODID", "-//ophamp//ophamp " OPHAMP_VERSION "//EN");
    ics_raw(w, "CALSCALE", "GREGORIAN");
    ics_raw(w, "METHOD", "PUBLISH");
    ics_text(w, "X-WR-CALNAME", "ophamp: due items");
}

void ics_marking(struct ics_writer *w, const char *marking)
{
    w->marking = marking;
    ics_text(w, "X-PROTECTIVE-MARKING", marking);
}

void ics_audit_head(struct ics_writer *w, const char *head)
{
    if (head && *head)
        ics_raw(w, "X-OPHAMP-AUDIT-HEAD", head);
}

void ics_end(struct ics_writer *w)
{
    ics_raw(w, "END", "VCALENDAR");
}

static void alarm(struct ics_writer *w, const char *summary, const char *trigger_name,
                  const char *trigger)
{
    ics_raw(w, "BEGIN", "VALARM");
    ics_raw(w, "ACTION", "DISPLAY");
    ics_text(w, "DESCRIPTION", summary);
    ics_raw(w, trigger_name, trigger);
    ics_raw(w, "END", "VALARM");
}

void ics_due_event(struct ics_writer *w, const struct ics_due *d)
{
    char uid[UUID_LEN + 96], start[17], summary[1024], description[2048], when[OPH_LOCAL_LEN];
    const char *label = d->label ? d->label : "";
    const char *what = d->rule_description && d->rule_description[0] ? d->rule_description : label;
    bool overdue = !d->finished && d->due_at < w->now;
    switch (d->kind) {
    case DUE_FOLLOWUP:
    case DUE_EVIDENCE:
        (void)!snprintf(uid, sizeof uid, "%s-%s-%" PRId64 "@ophamp", d->uuid,
                        d->kind == DUE_FOLLOWUP ? "followup" : "evidence", d->item_id);
        break;
    default:
        (void)!snprintf(uid, sizeof uid, "%s-step-%s@ophamp", d->uuid, d->key ? d->key : "");
        break;
    }
    ics_format_time(d->due_at, start);
    time_format_local(d->due_at, when);
    if (d->finished)
        (void)!snprintf(summary, sizeof summary, "%s: %s (%s)", d->reference, what, d->finished);
    else
        (void)!snprintf(summary, sizeof summary, "%s%s: %s", overdue ? "OVERDUE: " : "",
                        d->reference, what);
    int n = snprintf(description, sizeof description, "%s%s%s: %s", w->marking ? w->marking : "",
                     w->marking ? "\n" : "", label, what);
    if (d->kind == DUE_STEP && d->key) {
        int code = vocab_find(&VOCAB_STEP, d->key);
        if (code >= 0 && n >= 0 && (size_t)n < sizeof description)
            n += snprintf(description + n, sizeof description - (size_t)n, "\nPlan point %s",
                          step_title((enum step_code)code));
    }
    if (n >= 0 && (size_t)n < sizeof description)
        n += snprintf(description + n, sizeof description - (size_t)n,
                      "\nCase %s, due %s (London time)%s", d->reference, when,
                      overdue ? ": overdue" : "");
    if (d->finished && n >= 0 && (size_t)n < sizeof description) {
        char at[OPH_LOCAL_LEN] = "";
        if (d->finished_at != OPH_NO_TIME)
            time_format_local(d->finished_at, at);
        n += snprintf(description + n, sizeof description - (size_t)n, "\nFinished: %s%s%s%s",
                      d->finished, at[0] ? " " : "", at, at[0] ? " (London time)" : "");
    }
    if (d->victim && n >= 0 && (size_t)n < sizeof description)
        n += snprintf(description + n, sizeof description - (size_t)n, "\nVictim: %s", d->victim);
    if (d->location && d->location[0] && n >= 0 && (size_t)n < sizeof description)
        (void)!snprintf(description + n, sizeof description - (size_t)n, "\nLocation: %s",
                        d->location);

    ics_raw(w, "BEGIN", "VEVENT");
    ics_text(w, "UID", uid);
    ics_raw(w, "DTSTAMP", w->stamp);
    ics_raw(w, "DTSTART", start);
    ics_raw(w, "DURATION", "PT15M");
    ics_text(w, "SUMMARY", summary);
    ics_text(w, "DESCRIPTION", description);
    if (w->marking)
        ics_raw(w, "CLASS", "CONFIDENTIAL");
    ics_raw(w, "TRANSP", "TRANSPARENT");
    char seq[24];
    (void)!snprintf(seq, sizeof seq, "%ld", d->sequence > 0 ? d->sequence : 0);
    ics_raw(w, "SEQUENCE", seq);
    if (d->last_modified != OPH_NO_TIME && d->last_modified > 0) {
        char lm[17];
        ics_format_time(d->last_modified, lm);
        ics_raw(w, "LAST-MODIFIED", lm);
    }
    ics_raw(w, "STATUS", d->finished ? "CANCELLED" : "CONFIRMED");
    if (d->finished) {
        /* no alarm: the entry is there only to be dropped */
    } else if (overdue) {
        alarm(w, summary, "TRIGGER;VALUE=DATE-TIME", w->stamp);
    } else {
        for (int i = 0; i < w->alarms.n; i++) {
            char lead[32];
            format_lead(w->alarms.lead[i], lead);
            alarm(w, summary, "TRIGGER", lead);
        }
    }
    ics_raw(w, "END", "VEVENT");
}
