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
    fwrite(p, 1, k, w->out);
    w->col += k;
}

static void end_line(struct ics_writer *w)
{
    fputs("\r\n", w->out);
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

void ics_begin(struct ics_writer *w, FILE *out, oph_time stamp)
{
    memset(w, 0, sizeof *w);
    w->out = out;
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

void ics_end(struct ics_writer *w)
{
    ics_raw(w, "END", "VCALENDAR");
}

void ics_due_event(struct ics_writer *w, const struct ics_due *d)
{
    char uid[UUID_LEN + 96], start[17], summary[1024], description[2048], when[OPH_LOCAL_LEN];
    const char *label = d->label ? d->label : "";
    const char *what = d->rule_description && d->rule_description[0] ? d->rule_description : label;
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
    (void)!snprintf(summary, sizeof summary, "%s: %s", d->reference, what);
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
                      "\nCase %s, due %s (London time)", d->reference, when);
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
    ics_raw(w, "BEGIN", "VALARM");
    ics_raw(w, "ACTION", "DISPLAY");
    ics_text(w, "DESCRIPTION", summary);
    ics_raw(w, "TRIGGER", "-PT1H");
    ics_raw(w, "END", "VALARM");
    ics_raw(w, "END", "VEVENT");
}
