/* Commands that read or administer: people, the case list, case show, reminders, rules,
 * bank holidays and demo data, with their table, CSV and JSON writers. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "cli_internal.h"
#include "ophamp/exports.h"
#include "ophamp/outfile.h"
#include "ophamp/csv.h"
#include "ophamp/export.h"
#include "ophamp/ics.h"
#include "ophamp/json.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"
#include "ophamp/worklist.h"

void print_cell(FILE *out, const char *s, int width)
{
    /* Cut and padded by display columns (wide CJK and emoji take two, combining marks none),
     * leaving one column free so neighbouring cells never touch. */
    char safe[1024];
    text_neutralise(s ? s : "", safe, sizeof safe, false);
    int used = 0, room = width - 1;
    const unsigned char *c = (const unsigned char *)safe;
    size_t left = strlen(safe);
    while (left > 0) {
        unsigned cp;
        size_t len = utf8_decode(c, left, &cp);
        if (len == 0)
            break; /* text_neutralise leaves only valid UTF-8 */
        int w = wcwidth((wchar_t)cp);
        if (w < 0)
            w = 1;
        if (used + w > room)
            break;
        fwrite(c, 1, len, out);
        used += w;
        c += len;
        left -= len;
    }
    for (; used < width; used++)
        fputc(' ', out);
}

static const char *const TABLE_CSV_JSON[] = {"table", "csv", "json", NULL};

/* ---- people -------------------------------------------------------------------------- */

int cmd_person_add(struct cli *cli, struct parsed *p)
{
    if (!opt(p, "name") || !opt(p, "number"))
        return cli_usage_error(p, "--name and --number are required");
    struct person_input in = {opt(p, "name"), opt(p, "number"), opt(p, "role"), opt(p, "rank"),
                              opt(p, "team")};
    struct oph_error err = {0};
    char number[1024];
    text_copy(number, sizeof number, in.number);
    text_trim(number); /* as the action trims it */
    if (check_staff_number("staff number", number, true, &err))
        return cli_usage_error(p, "--number: %s", err.msg);
    struct app *app;
    int rc = cli_app(cli, &app);
    if (rc)
        return rc;
    struct person out;
    if (app_person_add(app, &in, &out, &err))
        return cli_report(&err);
    printf("%s\n", out.number);
    return EXIT_OK;
}

struct person_out {
    int format;
    struct json_writer jw;
    long count;
};

static int print_person(void *ctx, const struct person *ps)
{
    struct person_out *o = ctx;
    const char *role = VOCAB_PERSON_ROLE.names[ps->role];
    o->count++;
    if (o->format == 2) {
        jw_begin_object(&o->jw);
        jw_key(&o->jw, "number");
        jw_string(&o->jw, ps->number);
        jw_key(&o->jw, "name");
        jw_string(&o->jw, ps->name);
        jw_key(&o->jw, "role");
        jw_string(&o->jw, role);
        jw_key(&o->jw, "rank");
        jw_string_or_null(&o->jw, ps->rank);
        jw_key(&o->jw, "team");
        jw_string_or_null(&o->jw, ps->team);
        jw_end_object(&o->jw);
    } else if (o->format == 1) {
        csv_field(stdout, ps->number, false);
        csv_field(stdout, ps->name, false);
        csv_field(stdout, role, false);
        csv_field(stdout, ps->rank, false);
        csv_field(stdout, ps->team, true);
    } else {
        print_cell(stdout, ps->number, 12);
        print_cell(stdout, ps->name, 30);
        print_cell(stdout, role, 10);
        print_cell(stdout, ps->rank, 12);
        print_cell(stdout, ps->team, 20);
        fputc('\n', stdout);
    }
    return 0;
}

int cmd_person_list(struct cli *cli, struct parsed *p)
{
    long limit = 0;
    struct person_out o = {0};
    int rc = opt_int(p, "limit", 1, 1000000000L, &limit);
    rc = rc ? rc : opt_format(p, TABLE_CSV_JSON, &o.format);
    struct app *app;
    struct oph_error err = {0};
    const char *search = opt(p, "search");
    if (!rc && search && check_text("--search", search, 200, 0, &err))
        rc = cli_usage_error(p, "%s", err.msg);
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    if (o.format == 2) {
        jw_init(&o.jw, stdout, false);
        jw_begin_array(&o.jw);
    } else if (o.format == 1) {
        fputs("number,name,role,rank,team\r\n", stdout);
    }
    rc = app_person_list(app, search, (int)limit, print_person, &o, &err);
    if (o.format == 2) {
        jw_end_array(&o.jw);
        jw_finish(&o.jw);
    }
    if (rc)
        return cli_report(&err);
    return o.count ? EXIT_OK : EXIT_REFUSED;
}

/* ---- the case list ------------------------------------------------------------------- */

struct case_out {
    int format;
    bool review; /* the closing time where the next due item goes */
    oph_time now;
    struct json_writer jw;
    long count;
};

static int print_case_row(void *ctx, const struct case_row *r)
{
    struct case_out *o = ctx;
    bool overdue = r->next_due_at != OPH_NO_TIME && r->next_due_at < o->now;
    const char *status = r->closed ? "closed" : "open";
    o->count++;
    if (o->format == 2) {
        struct json_writer *w = &o->jw;
        jw_begin_object(w);
        jw_key(w, "reference");
        jw_string(w, r->reference);
        jw_key(w, "uuid");
        jw_string(w, r->uuid);
        jw_key(w, "status");
        jw_string(w, status);
        jw_key(w, "victim_name");
        jw_string(w, r->victim_name);
        jw_key(w, "victim_number");
        jw_string(w, r->victim_number);
        jw_key(w, "occurred_at");
        jw_time(w, r->occurred_at);
        jw_key(w, "location_kind");
        jw_string(w, VOCAB_LOCATION.names[r->location_kind]);
        jw_key(w, "next_due_at");
        jw_time(w, r->next_due_at);
        jw_key(w, "next_item");
        jw_string_or_null(w, r->next_item);
        jw_key(w, "overdue");
        jw_bool(w, overdue);
        jw_key(w, "closed_at");
        jw_time(w, r->closed_at);
        jw_end_object(w);
        return 0;
    }
    char occurred[OPH_ISO_LEN], due[OPH_ISO_LEN] = "";
    if (o->format == 1) {
        time_format_iso(r->occurred_at, occurred);
        if (r->next_due_at != OPH_NO_TIME)
            time_format_iso(r->next_due_at, due);
        csv_field(stdout, r->reference, false);
        csv_field(stdout, r->uuid, false);
        csv_field(stdout, status, false);
        csv_field(stdout, r->victim_name, false);
        csv_field(stdout, r->victim_number, false);
        csv_field(stdout, occurred, false);
        csv_field(stdout, VOCAB_LOCATION.names[r->location_kind], false);
        csv_field(stdout, due, false);
        csv_field(stdout, r->next_item, false);
        csv_field(stdout, overdue ? "yes" : "no", true);
        return 0;
    }
    char next[96] = "";
    time_format_local(r->occurred_at, occurred);
    if (o->review && r->closed_at != OPH_NO_TIME) {
        char when[OPH_LOCAL_LEN];
        time_format_local(r->closed_at, when);
        snprintf(next, sizeof next, "closed %s", when);
    } else if (r->next_due_at != OPH_NO_TIME) {
        char when[OPH_LOCAL_LEN];
        time_format_local(r->next_due_at, when);
        snprintf(next, sizeof next, "%s %s", when, r->next_item);
    }
    print_cell(stdout, r->reference, 16);
    print_cell(stdout, occurred, 17);
    print_cell(stdout, r->victim_name, 24);
    print_cell(stdout, VOCAB_LOCATION.names[r->location_kind], 9);
    print_cell(stdout, next, 44);
    fputs(overdue ? "OVERDUE" : status, stdout);
    fputc('\n', stdout);
    return 0;
}

int cmd_case_list(struct cli *cli, struct parsed *p)
{
    static const char *const filters[] = {[FILTER_OPEN] = "open",
                                          [FILTER_CLOSED] = "closed",
                                          [FILTER_OVERDUE] = "overdue",
                                          [FILTER_ALL] = "all",
                                          [FILTER_REVIEW] = "review"};
    struct case_filter f = {.kind = FILTER_OPEN};
    int chosen = 0;
    for (int i = 0; i < (int)(sizeof filters / sizeof *filters); i++)
        if (has(p, filters[i])) {
            f.kind = (enum case_filter_kind)i;
            chosen++;
        }
    if (chosen > 1)
        return cli_usage_error(p, "choose one of --open, --closed, --overdue, --all, --review");
    if (has(p, "years") && f.kind != FILTER_REVIEW)
        return cli_usage_error(p, "--years goes with --review");
    if (f.kind == FILTER_REVIEW && has(p, "sort"))
        return cli_usage_error(p, "--review lists the oldest closing first: no --sort");
    long limit = 0, offset = 0, years = 6;
    struct case_out o = {.review = f.kind == FILTER_REVIEW};
    int rc = opt_int(p, "limit", 1, 1000000000L, &limit);
    rc = rc ? rc : opt_int(p, "years", 1, 100, &years);
    rc = rc ? rc : opt_int(p, "offset", 0, 1000000000L, &offset);
    rc = rc ? rc : opt_format(p, TABLE_CSV_JSON, &o.format);
    static const char *const sorts[SORT_COUNT] = {
        [SORT_DATE] = "date",     [SORT_NEXT_DUE] = "due", [SORT_REFERENCE] = "reference",
        [SORT_VICTIM] = "victim", [SORT_WHERE] = "where",  [SORT_STATUS] = "status"};
    const char *sort = opt(p, "sort");
    int sort_by = SORT_DATE;
    if (!rc && sort) {
        sort_by = -1;
        for (int i = 0; i < SORT_COUNT; i++)
            if (strcmp(sorts[i], sort) == 0)
                sort_by = i;
        if (sort_by < 0)
            rc = cli_usage_error(p,
                                 "--sort: expected date, due, reference, victim, where or "
                                 "status (got '%s')",
                                 sort);
    }
    struct oph_error err = {0};
    const char *search = opt(p, "search");
    if (!rc && search && check_text("--search", search, 200, 0, &err))
        rc = cli_usage_error(p, "%s", err.msg);
    struct app *app;
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    f.custody_only = has(p, "custody");
    f.search = search;
    f.sort = (enum case_sort)sort_by;
    f.descending = has(p, "reverse");
    if (has(p, "mine")) {
        struct person me;
        int found = app_user(app, &me, &err);
        if (found < 0)
            return cli_report(&err);
        if (found == 0)
            return cli_usage_error(p, "--mine: nobody is named as this database's user (name "
                                      "yourself with ophamp whoami NUMBER)");
        f.person_id = me.id;
    }
    f.limit = (int)limit;
    f.offset = (int)offset;
    f.now = o.now = app->now;
    f.closed_before = app_review_cutoff(app->now, (int)years);
    if (o.format == 2) {
        jw_init(&o.jw, stdout, false);
        jw_begin_array(&o.jw);
    } else if (o.format == 1) {
        fputs("reference,uuid,status,victim_name,victim_number,occurred_at,location_kind,"
              "next_due_at,next_item,overdue\r\n",
              stdout);
    }
    rc = app_case_list(app, &f, print_case_row, &o, &err);
    if (o.format == 2) {
        jw_end_array(&o.jw);
        jw_finish(&o.jw);
    }
    if (rc)
        return cli_report(&err);
    return o.count ? EXIT_OK : EXIT_REFUSED;
}

int cmd_case_show(struct cli *cli, struct parsed *p)
{
    const char *formats[FMT_COUNT + 1];
    enum out_format as[FMT_COUNT];
    format_names(WRITES_CASES, formats, as);
    int format;
    struct app *app;
    struct oph_error err = {0};
    int rc = opt_format(p, formats, &format);
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    /* Loaded first in every format: a case that cannot be read is told as such. */
    struct case_detail *c = case_detail_new();
    if (app_case_load(app, p->args[0], c, &err)) {
        case_detail_free(c);
        return cli_report(&err);
    }
    if (as[format] == FMT_JSON)
        export_case_json(stdout, c, app->now); /* one case object, not a bundle */
    case_detail_free(c);
    if (as[format] == FMT_JSON)
        return EXIT_OK;
    /* A summary is a document of one case, as export writes it: with its marking. */
    char marking[MARKING_MAX + 1];
    if ((rc = cli_marking(cli, p, marking)))
        return rc;
    struct export_request rq = {.refs = p->args, .n_refs = 1, .marking = marking};
    if (export_cases(app, &rq, as[format], stdout, &err))
        return cli_report(&err);
    return EXIT_OK;
}

/* ---- reminders ----------------------------------------------------------------------- */

static const char *const REMIND_STATE[] = {
    [REMIND_OVERDUE] = "overdue", [REMIND_DUE_TODAY] = "due-today", [REMIND_DUE_SOON] = "due-soon"};

struct remind_out {
    FILE *out;
    int format; /* text, json, ics */
    struct json_writer jw;
    struct ics_calendar ics;
    struct oph_error *err;
    bool failed; /* a calendar entry could not be read: err says why */
    long counts[3];
};

/* A reminder as a calendar entry: the item and its rule, never a name or free text (a
 * calendar file travels further than a terminal). */
static int reminder_event(struct remind_out *o, const struct reminder *r)
{
    struct due_item d = {.reference = r->reference,
                         .uuid = r->uuid,
                         .kind = r->kind,
                         .item_id = r->item_id,
                         .key = r->key,
                         .label = r->item,
                         .due_at = r->due_at,
                         .done_at = OPH_NO_TIME};
    if (ics_calendar_item(&o->ics, &d, o->err))
        o->failed = true;
    return o->failed ? -1 : 0;
}

static int print_reminder(void *ctx, const struct reminder *r)
{
    struct remind_out *o = ctx;
    o->counts[r->state]++;
    if (o->format == 2)
        return reminder_event(o, r);
    if (o->format == 1) {
        struct json_writer *w = &o->jw;
        jw_begin_object(w);
        jw_key(w, "reference");
        jw_string(w, r->reference);
        jw_key(w, "case_uuid");
        jw_string(w, r->uuid);
        jw_key(w, "item");
        jw_string(w, r->item);
        jw_key(w, "kind");
        jw_string(w, VOCAB_WORK_KIND.names[r->work]);
        jw_key(w, "code");
        jw_string(w, r->key);
        jw_key(w, "number");
        if (r->number > 0)
            jw_int(w, r->number);
        else
            jw_string(w, NULL);
        jw_key(w, "due_at");
        jw_time(w, r->due_at);
        jw_key(w, "state");
        jw_string(w, REMIND_STATE[r->state]);
        jw_key(w, "victim_name");
        jw_string(w, r->victim_name);
        jw_key(w, "victim_number");
        jw_string(w, r->victim_number);
        jw_key(w, "supervisor_name");
        jw_string(w, r->supervisor_name);
        jw_key(w, "supervisor_number");
        jw_string(w, r->supervisor_number);
        jw_key(w, "off_work");
        jw_bool(w, r->off_work);
        jw_end_object(w);
        return 0;
    }
    char when[OPH_LOCAL_LEN];
    time_format_local(r->due_at, when);
    print_cell(o->out, REMIND_STATE[r->state], 10);
    print_cell(o->out, when, 18);
    print_cell(o->out, r->reference, 16);
    print_cell(o->out, r->item, 40); /* "follow-up victim-decision-enhanced #12", whole */
    print_cell(o->out, r->victim_name, 24);
    char sup[sizeof r->supervisor_name * 3];
    text_neutralise(r->supervisor_name, sup, sizeof sup, false);
    fprintf(o->out, "sup. %s\n", sup);
    return 0;
}

static int remind_error(const struct oph_error *err)
{
    int rc = cli_report(err);
    return rc == EXIT_REFUSED ? EXIT_DB : rc;
}

/* The worklist's filters from the options: horizon (one of --overdue, --today, --within,
 * --until), --kind, --mine, --off-work. */
static int remind_filter_of(const struct parsed *p, struct remind_filter *f, long *within)
{
    memset(f, 0, sizeof *f);
    int chosen = has(p, "overdue") + has(p, "today") + has(p, "within") + has(p, "until");
    if (chosen > 1)
        return cli_usage_error(p, "choose one of --overdue, --today, --within, --until");
    int rc = opt_int(p, "within", 0, 24L * 366, within);
    if (rc)
        return rc;
    f->horizon = (struct horizon){.kind = HORIZON_WITHIN, .within = (oph_time)*within * 3600};
    if (has(p, "overdue"))
        f->horizon.kind = HORIZON_OVERDUE;
    else if (has(p, "today"))
        f->horizon.kind = HORIZON_TODAY;
    else if (has(p, "until")) {
        const char *why = NULL;
        f->horizon.kind = HORIZON_UNTIL;
        if (horizon_parse_date(opt(p, "until"), p->now, &f->horizon.until, &why))
            return cli_usage_error(p, "--until: %s (got '%s')", why, opt(p, "until"));
        if (cal_date_cmp(f->horizon.until, london_date(p->now)) < 0)
            return cli_usage_error(p,
                                   "--until: %s is before today (--overdue lists what is "
                                   "overdue)",
                                   opt(p, "until"));
    }
    struct oph_error err = {0};
    if (has(p, "kind") && work_kinds_parse(opt(p, "kind"), &f->kinds, &err))
        return cli_usage_error(p, "--kind: %s", err.msg);
    f->mine = has(p, "mine");
    f->off_work = has(p, "off-work");
    return 0;
}

/* "Nothing due within 24 hours." or, filtered, "Nothing due today (welfare; your cases)." */
static void print_nothing(FILE *out, const struct remind_filter *f, long within)
{
    char what[96], filters[256] = "";
    if (f->horizon.kind == HORIZON_WITHIN)
        snprintf(what, sizeof what, "due within %ld hours", within);
    else if (f->horizon.kind == HORIZON_OVERDUE)
        snprintf(what, sizeof what, "overdue");
    else
        horizon_words(&f->horizon, what, sizeof what);
    size_t o = 0;
    for (int k = 0; k < WK_COUNT && f->kinds; k++)
        if (f->kinds & (1u << k))
            o += (size_t)snprintf(filters + o, sizeof filters - o, "%s%s", o ? ", " : "",
                                  VOCAB_WORK_KIND.names[k]);
    if (f->mine && o < sizeof filters)
        o += (size_t)snprintf(filters + o, sizeof filters - o, "%syour cases", o ? "; " : "");
    if (f->off_work && o < sizeof filters)
        o += (size_t)snprintf(filters + o, sizeof filters - o, "%soff work", o ? "; " : "");
    fprintf(out, "Nothing %s%s%s%s.\n", what, o ? " (" : "", filters, o ? ")" : "");
}

int cmd_remind(struct cli *cli, struct parsed *p)
{
    static const char *const formats[] = {"text", "json", "ics", NULL};
    long within = 24;
    struct remind_out o = {0};
    struct remind_filter filter;
    struct ics_alarms alarms;
    bool has_alarms = false;
    int rc = remind_filter_of(p, &filter, &within);
    rc = rc ? rc : opt_format(p, formats, &o.format);
    rc = rc ? rc : cli_alarms(p, o.format == 2, &alarms, &has_alarms);
    struct app *app;
    struct oph_error err = {0};
    char marking[MARKING_MAX + 1];
    /* remind's own contract: 0 nothing overdue, 1 something overdue, 2 a usage error, 3 a
     * database or file error (a FILE that exists, without --force, too: 1 means overdue). */
    if (rc || (rc = cli_app(cli, &app)) || (rc = cli_marking(cli, p, marking)))
        return rc;
    if (filter.mine) { /* whose cases are "mine" is known before any file is written */
        struct person me;
        int found = app_user(app, &me, &err);
        if (found < 0)
            return remind_error(&err);
        if (found == 0)
            return cli_usage_error(p, "--mine: nobody is named as this database's user (name "
                                      "yourself with ophamp whoami NUMBER)");
    }
    struct out_file of;
    if (out_open(&of, opt(p, "o"), has(p, "force"), app_path(app), &err))
        return remind_error(&err);
    o.out = of.fp;
    o.err = &err;
    if (o.format == 1) {
        jw_init(&o.jw, o.out, false);
        jw_begin_array(&o.jw);
    } else if (o.format == 2) {
        rc = ics_calendar_begin(&o.ics, app, o.out, marking, has_alarms ? &alarms : NULL, NULL,
                                &err);
    }
    if (rc == 0)
        rc = app_worklist(app, &filter, print_reminder, &o, &err);
    if (rc == 0 && o.failed)
        rc = -1;
    if (o.format == 1) {
        jw_end_array(&o.jw);
        jw_finish(&o.jw);
    } else if (o.format == 2) {
        /* What was done lately goes as cancelled entries, so calendars drop it: what was
         * due within the window (and the rest of its day) when it was done, which a calendar
         * fed by remind can have had. */
        oph_time window = filter.horizon.kind == HORIZON_WITHIN
                              ? filter.horizon.within
                              : horizon_until(&filter.horizon, app->now) - app->now;
        if (window < 0)
            window = 0;
        if (rc == 0)
            rc = ics_calendar_finished(&o.ics, EXPORT_SELECT_ALL, 0, window + 86400, &err);
        if (rc == 0)
            ics_calendar_end(&o.ics);
    } else if (rc == 0) {
        if (o.counts[0] + o.counts[1] + o.counts[2] == 0)
            print_nothing(o.out, &filter, within);
        else
            fprintf(o.out, "%ld overdue \u00b7 %ld due today \u00b7 %ld due soon\n", o.counts[0],
                    o.counts[1], o.counts[2]);
    }
    if (rc)
        out_abort(&of);
    else
        rc = out_commit(&of, &err);
    if (rc)
        return remind_error(&err);
    return o.counts[REMIND_OVERDUE] ? EXIT_REFUSED : EXIT_OK;
}

/* ---- rules and holidays -------------------------------------------------------------- */

int cmd_rule_list(struct cli *cli, struct parsed *p)
{
    static const char *const formats[] = {"table", "json", NULL};
    int format;
    struct app *app;
    int rc = opt_format(p, formats, &format);
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    struct json_writer jw;
    if (format == 1) {
        jw_init(&jw, stdout, false);
        jw_begin_array(&jw);
    }
    for (int i = 0; i < app->rules.n; i++) {
        const struct rule *r = &app->rules.rules[i];
        if (format == 1) {
            jw_begin_object(&jw);
            jw_key(&jw, "key");
            jw_string(&jw, r->key);
            jw_key(&jw, "amount");
            jw_int(&jw, r->amount);
            jw_key(&jw, "unit");
            jw_string(&jw, VOCAB_UNIT.names[r->unit]);
            jw_key(&jw, "base");
            jw_string(&jw, VOCAB_BASE.names[r->base]);
            jw_key(&jw, "description");
            jw_string(&jw, r->description);
            /* A force's own follow-up rule: what starts it, and when it was removed. */
            jw_key(&jw, "starts");
            jw_string(&jw, r->starts >= 0 ? VOCAB_RULE_START.names[r->starts] : NULL);
            jw_key(&jw, "removed_at");
            jw_time(&jw, r->removed_at);
            jw_end_object(&jw);
        } else {
            char due[48], what[sizeof r->description + 80];
            snprintf(due, sizeof due, "%d %s after %s", r->amount, VOCAB_UNIT.names[r->unit],
                     VOCAB_BASE.names[r->base]);
            if (r->starts < 0)
                snprintf(what, sizeof what, "%s", r->description);
            else
                snprintf(what, sizeof what, "[force, %s%s] %s", VOCAB_RULE_START.names[r->starts],
                         r->removed_at != OPH_NO_TIME ? ", removed" : "", r->description);
            print_cell(stdout, r->key, 26);
            print_cell(stdout, due, 32);
            print_cell(stdout, what, 70);
            fputc('\n', stdout);
        }
    }
    if (format == 1) {
        jw_end_array(&jw);
        jw_finish(&jw);
    }
    return EXIT_OK;
}

int cmd_rule_set(struct cli *cli, struct parsed *p)
{
    long amount = -1;
    int unit = -1, base = -1;
    int rc = opt_int(p, "amount", 0, MAX_DAYS_OFF, &amount);
    rc = rc ? rc : opt_vocab(p, "unit", &VOCAB_UNIT, &unit);
    rc = rc ? rc : opt_vocab(p, "base", &VOCAB_BASE, &base);
    if (!rc && amount < 0 && unit < 0 && base < 0)
        rc = cli_usage_error(p, "give --amount, --unit or --base");
    struct app *app;
    struct oph_error err = {0};
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    if (app_rule_set(app, p->args[0], (int)amount, unit, base, &err))
        return cli_report(&err);
    const struct rule *r = rule_set_find(&app->rules, p->args[0]);
    printf("%s: %d %s after %s; open cases follow\n", r->key, r->amount, VOCAB_UNIT.names[r->unit],
           VOCAB_BASE.names[r->base]);
    return EXIT_OK;
}

int cmd_rule_add(struct cli *cli, struct parsed *p)
{
    static const char *const required[] = {"starts", "amount", "unit", "description"};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (!opt(p, required[i]))
            return cli_usage_error(p, "--%s is required", required[i]);
    struct rule r;
    memset(&r, 0, sizeof r);
    long amount = -1;
    int unit = -1, base = -1, starts = -1;
    int rc = opt_int(p, "amount", 0, MAX_DAYS_OFF, &amount);
    rc = rc ? rc : opt_vocab(p, "unit", &VOCAB_UNIT, &unit);
    rc = rc ? rc : opt_vocab(p, "starts", &VOCAB_RULE_START, &starts);
    rc = rc ? rc : opt_vocab(p, "base", &VOCAB_BASE, &base);
    if (!rc && base == BASE_EVENT)
        rc = cli_usage_error(p, "--base: a force's rule counts from the report or the assault "
                                "(reported, occurred); the others count from their event");
    if (!rc && base >= 0 && starts != START_CASE)
        rc = cli_usage_error(p, "--base is for a rule started by every case (--starts case)");
    if (!rc && strlen(p->args[0]) >= sizeof r.key)
        rc = cli_usage_error(p, "a rule's name is 2 to %d characters long", RULE_KEY_MAX - 1);
    if (!rc && strlen(opt(p, "description")) >= sizeof r.description)
        rc = cli_usage_error(p, "--description: at most %d characters", RULE_DESCRIPTION_MAX);
    struct app *app;
    struct oph_error err = {0};
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    snprintf(r.key, sizeof r.key, "%s", p->args[0]);
    snprintf(r.description, sizeof r.description, "%s", opt(p, "description"));
    r.amount = (int)amount;
    r.unit = (enum rule_unit)unit;
    r.starts = starts;
    r.base = starts != START_CASE ? BASE_EVENT : base >= 0 ? (enum rule_base)base : BASE_REPORTED;
    r.removed_at = OPH_NO_TIME;
    if (app_rule_add(app, &r, &err))
        return cli_report(&err);
    printf("%s: %d %s after %s, raised by %s; from now on\n", r.key, r.amount,
           VOCAB_UNIT.names[r.unit], r.base == BASE_EVENT ? "the event" : VOCAB_BASE.names[r.base],
           starts == START_CASE       ? "every new case"
           : starts == START_HOSPITAL ? "hospital treatment"
           : starts == START_OFF_WORK ? "time off work injured"
                                      : "an outcome");
    return EXIT_OK;
}

int cmd_rule_remove(struct cli *cli, struct parsed *p)
{
    struct app *app;
    struct oph_error err = {0};
    int rc = cli_app(cli, &app);
    if (rc)
        return rc;
    if (app_rule_remove(app, p->args[0], &err))
        return cli_report(&err);
    printf("%s: removed; it raises no more follow-ups, and those it raised stay\n", p->args[0]);
    return EXIT_OK;
}

static int print_holiday(void *ctx, struct oph_date d, enum holiday_change c, const char *note)
{
    (void)ctx;
    printf("%04d-%02d-%02d  %-7s ", d.year, d.month, d.day, c == HOLIDAY_ADD ? "added" : "moved");
    print_cell(stdout, note, 70);
    fputc('\n', stdout);
    return 0;
}

int cmd_holiday_list(struct cli *cli, struct parsed *p)
{
    (void)p;
    struct app *app;
    struct oph_error err = {0};
    int rc = cli_app(cli, &app);
    if (rc)
        return rc;
    if (app_holiday_list(app, print_holiday, NULL, &err))
        return cli_report(&err);
    return EXIT_OK;
}

static int holiday_cmd(struct cli *cli, struct parsed *p, int change)
{
    struct oph_date d;
    const char *why = NULL;
    if (date_parse(p->args[0], &d, &why))
        return cli_usage_error(p, "%s (got '%s')", why, p->args[0]);
    struct app *app;
    struct oph_error err = {0};
    int rc = cli_app(cli, &app);
    if (rc)
        return rc;
    rc = change < 0 ? app_holiday_delete(app, d, &err)
                    : app_holiday_set(app, d, (enum holiday_change)change, opt(p, "note"), &err);
    if (rc)
        return cli_report(&err);
    printf("%s: saved; due times of open cases follow\n", p->args[0]);
    return EXIT_OK;
}

int cmd_holiday_add(struct cli *cli, struct parsed *p)
{
    return holiday_cmd(cli, p, HOLIDAY_ADD);
}

int cmd_holiday_cancel(struct cli *cli, struct parsed *p)
{
    return holiday_cmd(cli, p, HOLIDAY_REMOVE);
}

int cmd_holiday_reset(struct cli *cli, struct parsed *p)
{
    return holiday_cmd(cli, p, -1);
}

/* ---- demo data ----------------------------------------------------------------------- */

static void demo_progress(void *ctx, long done, long total)
{
    (void)ctx;
    fprintf(stderr, "\rophamp: %ld of %ld demo cases", done, total);
    if (done == total)
        fputc('\n', stderr);
}

int cmd_demo(struct cli *cli, struct parsed *p)
{
    long cases = 200, seed = 1;
    int rc = opt_int(p, "cases", 1, 5000000L, &cases);
    rc = rc ? rc : opt_int(p, "seed", 0, 2147483647L, &seed);
    struct app *app;
    struct oph_error err = {0};
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    if (app_demo(app, cases, (unsigned long)seed, has(p, "into-real-database"),
                 isatty(STDERR_FILENO) ? demo_progress : NULL, NULL, &err))
        return cli_report(&err);
    printf("%ld demo cases added\n", cases);
    return EXIT_OK;
}
