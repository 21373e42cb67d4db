/* ophamp undo: takes back the user's last action (or one given) after showing what changes,
 * asking on a terminal (--yes answers in a script); --list says what can be taken back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_internal.h"
#include "ophamp/json.h"
#include "ophamp/text.h"

/* "2026-12-05T14:10:03.120Z" as "2026-12-05 14:10 UTC". */
static void saved_at(const char *iso, char *out, size_t n)
{
    snprintf(out, n, "%.10s %.5s UTC", iso, iso[0] ? iso + 11 : "");
}

static void print_safe(FILE *out, const char *s)
{
    char safe[3 * 4096];
    text_neutralise(s, safe, sizeof safe, false);
    fputs(safe, out);
}

/* ---- --list ---------------------------------------------------------------------------- */

struct list_out {
    bool json;
    struct json_writer jw;
};

static int print_entry(void *ctx, const struct undo_entry *e)
{
    struct list_out *o = ctx;
    const struct log_action *a = &e->action;
    char at[40];
    saved_at(a->at, at, sizeof at);
    if (o->json) {
        struct json_writer *w = &o->jw;
        jw_begin_object(w);
        jw_key(w, "id");
        jw_int(w, a->id);
        jw_key(w, "at");
        jw_string(w, a->at);
        jw_key(w, "what");
        jw_string(w, a->what);
        jw_key(w, "case");
        jw_string_or_null(w, a->case_ref);
        jw_key(w, "can_undo");
        jw_bool(w, e->possible);
        jw_key(w, "why_not");
        jw_string_or_null(w, e->why);
        jw_key(w, "undone_by");
        if (e->undone_by)
            jw_int(w, e->undone_by);
        else
            jw_string(w, NULL);
        jw_key(w, "undo_of");
        if (e->undo_of)
            jw_int(w, e->undo_of);
        else
            jw_string(w, NULL);
        jw_end_object(w);
        return 0;
    }
    printf("%8lld  %s  ", (long long)a->id, at);
    print_cell(stdout, a->what, 36);
    print_cell(stdout, a->case_ref[0] ? a->case_ref : "\u2014", 16);
    if (e->possible)
        fputs("can be taken back", stdout);
    else
        print_safe(stdout, e->why);
    fputc('\n', stdout);
    return 0;
}

static int undo_list(struct app *app, struct parsed *p)
{
    static const char *const formats[] = {"text", "json", NULL};
    long limit = 20;
    int format = 0;
    int rc = opt_int(p, "limit", 1, 1000000L, &limit);
    rc = rc ? rc : opt_format(p, formats, &format);
    if (rc)
        return rc;
    struct list_out o = {.json = format == 1};
    struct oph_error err = {0};
    if (o.json) {
        jw_init(&o.jw, stdout, false);
        jw_begin_array(&o.jw);
    }
    rc = app_undo_list(app, limit, print_entry, &o, &err);
    if (o.json) {
        jw_end_array(&o.jw);
        jw_finish(&o.jw);
    }
    return rc ? cli_report(&err) : EXIT_OK;
}

/* ---- taking back ----------------------------------------------------------------------- */

static int print_change(void *ctx, const char *what, const char *how)
{
    FILE *out = ctx;
    fputs("  ", out);
    print_safe(out, what);
    fputs(": ", out);
    print_safe(out, how);
    fputc('\n', out);
    return 0;
}

/* y or yes (any case) from the terminal; anything else, or nothing, is no. */
static bool ask_yes(void)
{
    fputs("Take it back? [y/N] ", stdout);
    fflush(stdout);
    char line[64];
    if (!fgets(line, sizeof line, stdin))
        return false;
    line[strcspn(line, "\r\n")] = '\0';
    return strcmp(line, "y") == 0 || strcmp(line, "Y") == 0 || strcmp(line, "yes") == 0 ||
           strcmp(line, "Yes") == 0 || strcmp(line, "YES") == 0;
}

int cmd_undo(struct cli *cli, struct parsed *p)
{
    bool list = has(p, "list");
    if (list && (p->nargs > 0 || has(p, "yes")))
        return cli_usage_error(p, "--list only lists: no ACTION, no --yes");
    if (!list && (has(p, "limit") || has(p, "format")))
        return cli_usage_error(p, "--limit and --format go with --list");
    long id = 0;
    if (p->nargs > 0) {
        char *end;
        id = strtol(p->args[0], &end, 10);
        if (*end || id <= 0 || p->args[0][0] == '+' || p->args[0][0] == ' ')
            return cli_usage_error(p,
                                   "expected an action's number, as ophamp log and undo "
                                   "--list show it (got '%s')",
                                   p->args[0]);
    }
    /* The question needs someone to answer it: a script says --yes. */
    bool yes = has(p, "yes");
    if (!list && !yes && !isatty(STDIN_FILENO))
        return cli_usage_error(p, "undo asks before it changes anything, and standard input is "
                                  "not a terminal: give --yes to answer yes (nothing was changed)");
    struct app *app;
    int rc = cli_app(cli, &app);
    if (rc)
        return rc;
    if (list)
        return undo_list(app, p);
    struct oph_error err = {0};
    struct log_action a;
    /* Worked out first, saving nothing: what is shown is what is done. */
    char *changes = NULL;
    size_t changes_len = 0;
    FILE *mem = open_memstream(&changes, &changes_len);
    if (!mem)
        return cli_report(&(struct oph_error){.kind = OPH_DB, .msg = "out of memory"});
    rc = app_undo_target(app, id, &a, &err) ||
         app_undo(app, &a, true, print_change, mem, NULL, &err);
    fclose(mem);
    if (rc) {
        free(changes);
        return cli_report(&err);
    }
    char at[40];
    saved_at(a.at, at, sizeof at);
    printf("Action %lld, %s, ", (long long)a.id, at);
    print_safe(stdout, a.actor);
    fputs(": ", stdout);
    print_safe(stdout, a.what);
    if (a.case_ref[0])
        printf(" (%s)", a.case_ref);
    printf("\nTaking it back writes, as a new action of the log:\n%s", changes);
    free(changes);
    if (!yes && !ask_yes()) {
        fputs("Kept: nothing was changed.\n", stdout);
        return EXIT_REFUSED;
    }
    int64_t undo_id = 0;
    if (app_undo(app, &a, false, NULL, NULL, &undo_id, &err))
        return cli_report(&err);
    printf("Taken back by action %lld.\n", (long long)undo_id);
    return EXIT_OK;
}
