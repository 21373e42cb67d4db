/* ophamp whoami and ophamp log: who signs the actions, and the actions themselves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "ophamp/flatjson.h"
#include "ophamp/json.h"
#include "ophamp/text.h"

int cmd_whoami(struct cli *cli, struct parsed *p)
{
    struct app *app;
    int rc = cli_app(cli, &app);
    if (rc)
        return rc;
    struct oph_error err = {0};
    struct person who;
    char label[LOG_ACTOR_MAX], safe[3 * LOG_ACTOR_MAX];
    if (p->nargs == 0) {
        if (opt(p, "name") || opt(p, "rank") || opt(p, "team") || opt(p, "role"))
            return cli_usage_error(p, "--name, --rank, --team and --role need your NUMBER");
        int found = app_user(app, &who, &err);
        if (found < 0)
            return cli_report(&err);
        if (found == 0) {
            oph_fail(&err, OPH_REFUSED,
                     "nobody is named as this database's user: name yourself with ophamp "
                     "whoami NUMBER (and --name NAME if you are not in the people list)");
            return cli_report(&err);
        }
    } else {
        struct person_input add = {opt(p, "name"), p->args[0], opt(p, "role"), opt(p, "rank"),
                                   opt(p, "team")};
        if (app_whoami(app, p->args[0], &add, &who, &err))
            return cli_report(&err);
    }
    person_label(&who, label, sizeof label);
    text_neutralise(label, safe, sizeof safe, false);
    printf("%s\n", safe);
    return EXIT_OK;
}

/* ---- the log ------------------------------------------------------------------------- */

struct log_out {
    struct app *app;
    bool json, changes;
    struct json_writer jw;
    long count;
    struct oph_error *err;
    int failed;
};

/* "2026-12-05T14:10:03.120Z" (UTC) as London time, to the second. */
static void local_time(const char *iso, char *out, size_t outsz)
{
    int y, mo, d, h, mi, s;
    if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) {
        text_copy(out, outsz, iso);
        return;
    }
    oph_time t =
        (oph_time)cal_days_from_civil((struct oph_date){y, mo, d}) * 86400 + h * 3600 + mi * 60 + s;
    struct oph_local l = london_from_utc(t);
    snprintf(out, outsz, "%04d-%02d-%02d %02d:%02d:%02d", l.year, l.month, l.day, l.hour, l.minute,
             l.second);
}

static bool is_integer(const struct fj_member *m)
{
    size_t i = m->value_len > 0 && m->value[0] == '-' ? 1 : 0;
    if (i == m->value_len || m->value_len > 19)
        return false;
    for (; i < m->value_len; i++)
        if (m->value[i] < '0' || m->value[i] > '9')
            return false;
    return true;
}

/* A row's values as a JSON object written member by member (never copied through). */
static void json_values(struct json_writer *w, const char *json)
{
    if (!json) {
        jw_null(w);
        return;
    }
    struct fj_iter it;
    struct fj_member m;
    jw_begin_object(w);
    fj_init(&it, json, strlen(json));
    while (fj_next(&it, &m)) {
        char key[128], value[4 * 4096 + 1];
        snprintf(key, sizeof key, "%.*s", (int)m.key_len, m.key);
        jw_key(w, key);
        if (fj_is_null(&m)) {
            jw_null(w);
        } else if (is_integer(&m)) {
            jw_int(w, strtoll(m.value, NULL, 10));
        } else {
            fj_text(&m, value, sizeof value);
            jw_string(w, value);
        }
    }
    jw_end_object(w);
}

/* A value for a line of text: neutralised, cut. */
static void text_value(const struct fj_member *m, char *out, size_t outsz)
{
    if (!m || fj_is_null(m)) {
        text_copy(out, outsz, "null");
        return;
    }
    char raw[4 * 4096 + 1], safe[3 * 200];
    fj_text(m, raw, sizeof raw);
    text_neutralise(raw, safe, sizeof safe, false);
    if (m->value[0] == '"')
        snprintf(out, outsz, "'%.60s%s'", safe, strlen(safe) > 60 ? "…" : "");
    else
        snprintf(out, outsz, "%.60s", safe);
}

/* "update steps 42: status 'pending' → 'done', …": an insert or delete lists its values, an
 * update the columns it changed. */
static void text_change(const struct log_change *c)
{
    char tbl[200], key[200];
    text_neutralise(c->tbl ? c->tbl : "", tbl, sizeof tbl, false);
    text_neutralise(c->row_key ? c->row_key : "", key, sizeof key, false);
    printf("    %s %s %s", c->op ? c->op : "?", tbl, key);
    const char *shown = c->new_values ? c->new_values : c->old_values;
    const char *sep = ": ";
    struct fj_iter it;
    struct fj_member m, o;
    fj_init(&it, shown ? shown : "{}", shown ? strlen(shown) : 2);
    while (fj_next(&it, &m)) {
        char name[64], now[200], was[200];
        snprintf(name, sizeof name, "%.*s", (int)m.key_len, m.key);
        if (c->old_values && c->new_values) {
            int had = fj_find(c->old_values, strlen(c->old_values), name, &o);
            if (had && o.value_len == m.value_len && memcmp(o.value, m.value, m.value_len) == 0)
                continue;
            text_value(had ? &o : NULL, was, sizeof was);
            text_value(&m, now, sizeof now);
            printf("%s%s %s → %s", sep, name, was, now);
        } else {
            if (fj_is_null(&m))
                continue;
            text_value(&m, now, sizeof now);
            printf("%s%s %s", sep, name, now);
        }
        sep = ", ";
    }
    putchar('\n');
}

static int json_change(void *ctx, const struct log_change *c)
{
    struct json_writer *w = ctx;
    jw_begin_object(w);
    jw_key(w, "id");
    jw_int(w, c->id);
    jw_key(w, "table");
    jw_string(w, c->tbl);
    jw_key(w, "key");
    jw_string(w, c->row_key);
    jw_key(w, "op");
    jw_string(w, c->op);
    jw_key(w, "old");
    json_values(w, c->old_values);
    jw_key(w, "new");
    json_values(w, c->new_values);
    jw_end_object(w);
    return 0;
}

static int print_change(void *ctx, const struct log_change *c)
{
    (void)ctx;
    text_change(c);
    return 0;
}

static int print_action(void *ctx, const struct log_action *a)
{
    struct log_out *o = ctx;
    o->count++;
    char when[32];
    local_time(a->at, when, sizeof when);
    if (o->json) {
        struct json_writer *w = &o->jw;
        jw_begin_object(w);
        jw_key(w, "id");
        jw_int(w, a->id);
        jw_key(w, "at");
        jw_string(w, a->at);
        jw_key(w, "actor");
        jw_string(w, a->actor);
        jw_key(w, "os_user");
        jw_string(w, a->os_user);
        jw_key(w, "what");
        jw_string(w, a->what);
        jw_key(w, "case");
        jw_string_or_null(w, a->case_ref);
        jw_key(w, "prev_hash");
        jw_string(w, a->prev_hash);
        jw_key(w, "hash");
        jw_string(w, a->hash);
        if (o->changes) {
            jw_key(w, "changes");
            jw_begin_array(w);
            if (app_log_changes(o->app, a, json_change, w, o->err))
                o->failed = 1;
            jw_end_array(w);
        }
        jw_end_object(w);
    } else {
        char actor[3 * LOG_ACTOR_MAX], what[3 * LOG_WHAT_MAX];
        text_neutralise(a->actor, actor, sizeof actor, false);
        text_neutralise(a->what, what, sizeof what, false);
        printf("%-7lld %s  %s  %s  %s\n", (long long)a->id, when, actor,
               a->case_ref[0] ? a->case_ref : "-", what);
        if (o->changes && app_log_changes(o->app, a, print_change, o, o->err))
            o->failed = 1;
    }
    return o->failed;
}

int cmd_log(struct cli *cli, struct parsed *p)
{
    static const char *const formats[] = {"text", "json", NULL};
    int format;
    long limit = 0;
    int rc = opt_format(p, formats, &format);
    if (rc == 0 && opt(p, "limit"))
        rc = opt_int(p, "limit", 1, 1000000000, &limit);
    struct app *app;
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    struct oph_error err = {0};
    const char *ref = p->nargs ? p->args[0] : NULL;
    struct log_out o = {.app = app, .json = format == 1, .changes = has(p, "changes"), .err = &err};
    if (ref && app_case_exists(app, ref, &err))
        return cli_report(&err);
    if (o.json) {
        jw_init(&o.jw, stdout, true);
        jw_begin_array(&o.jw);
    }
    rc = app_log(app, ref, limit, print_action, &o, &err);
    if (o.json) {
        jw_end_array(&o.jw);
        jw_finish(&o.jw);
    }
    if (rc || o.failed)
        return cli_report(&err);
    return EXIT_OK;
}
