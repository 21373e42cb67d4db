/* Commands that change a case: new, edit, assign, decision, close, steps, welfare, victim
 * updates, evidence, follow-ups, notes. Each parses its flags, then calls one action. */
#include <stdio.h>
#include <string.h>

#include "cli_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"

/* Copies an option's text into a fixed field, checking it first so that nothing is cut. */
static int text_opt(const struct parsed *p, const char *name, const char *field, size_t max,
                    unsigned flags, char *dst, size_t dstsz)
{
    const char *v = opt(p, name);
    if (!v)
        return 0;
    struct oph_error err = {0};
    if (check_text(field, v, max, flags, &err))
        return cli_usage_error(p, "--%s: %s", name, err.msg);
    text_copy(dst, dstsz, v);
    return 0;
}

/* The lines of what an action changed by itself (app->notice), each as "REF: line". */
static void print_notice(const char *ref, const char *notice)
{
    while (*notice) {
        size_t n = strcspn(notice, "\n");
        printf("%s: %.*s\n", ref, (int)n, notice);
        notice += n + (notice[n] == '\n');
    }
}

/* A staff number option, checked by the core's rule for staff numbers. */
static int number_opt(const struct parsed *p, const char *name, char *dst, size_t dstsz)
{
    const char *v = opt(p, name);
    if (!v)
        return 0;
    struct oph_error err = {0};
    if (check_staff_number("staff number", v, true, &err))
        return cli_usage_error(p, "--%s: %s", name, err.msg);
    text_copy(dst, dstsz, v);
    return 0;
}

/* Applies every fact option given to f. */
static int read_facts(const struct parsed *p, struct case_facts *f)
{
    long days = f->days_off, score = f->support_score;
    int yes;
    int rc = number_opt(p, "victim", f->victim_number, sizeof f->victim_number);
    rc = rc ? rc : number_opt(p, "supervisor", f->supervisor_number, sizeof f->supervisor_number);
    rc = rc ? rc
            : text_opt(p, "location", "location", MAX_LOCATION, TEXT_REQUIRED, f->location,
                       sizeof f->location);
    rc = rc ? rc : text_opt(p, "offence", "offence", MAX_OFFENCE, 0, f->offence, sizeof f->offence);
    rc = rc ? rc
            : text_opt(p, "summary", "summary", MAX_TEXT, TEXT_MULTILINE, f->summary,
                       sizeof f->summary);
    rc =
        rc ? rc
           : text_opt(p, "body-part", "body part", MAX_SHORT, 0, f->body_part, sizeof f->body_part);
    rc = rc ? rc : text_opt(p, "thor", "THOR", MAX_TEXT, TEXT_MULTILINE, f->thor, sizeof f->thor);
    rc = rc ? rc
            : text_opt(p, "crime-ref", "crime reference", MAX_CRIME_REF, TEXT_REQUIRED,
                       f->crime_reference, sizeof f->crime_reference);
    rc = rc ? rc : opt_time(p, "occurred", &f->occurred_at);
    rc = rc ? rc : opt_time(p, "reported", &f->reported_at);
    rc = rc ? rc : opt_time(p, "arrested", &f->arrested_at);
    rc = rc ? rc : opt_time(p, "died", &f->died_at);
    rc = rc ? rc : opt_vocab(p, "location-kind", &VOCAB_LOCATION, &f->location_kind);
    rc = rc ? rc : opt_vocab(p, "injury", &VOCAB_INJURY, &f->injury);
    rc = rc ? rc : opt_vocab(p, "mechanism", &VOCAB_MECHANISM, &f->mechanism);
    rc = rc ? rc : opt_vocab(p, "treatment", &VOCAB_TREATMENT, &f->treatment);
    rc = rc ? rc : opt_vocab(p, "referral", &VOCAB_REFERRAL, &f->referral);
    rc = rc ? rc : opt_int(p, "days-off", 0, MAX_DAYS_OFF, &days);
    rc = rc ? rc : opt_int(p, "support-score", 1, 5, &score);
    if (rc)
        return rc;
    f->days_off = (int)days;
    f->support_score = (int)score;
    yes = f->specified_injury;
    rc = opt_yesno(p, "specified-injury", &yes);
    f->specified_injury = yes == TRI_YES;
    yes = f->off_work;
    rc = rc ? rc : opt_yesno(p, "off-work", &yes);
    f->off_work = yes == TRI_YES;
    rc = rc ? rc : opt_yesno(p, "offender-known", &f->offender_known);
    rc = rc ? rc : opt_yesno(p, "enhanced", &f->enhanced_rights);
    rc = rc ? rc : opt_yesno(p, "vps-offered", &f->vps_offered);
    return rc;
}

int cmd_case_new(struct cli *cli, struct parsed *p)
{
    static const char *const required[] = {"victim", "supervisor", "occurred", "location"};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (!opt(p, required[i]))
            return cli_usage_error(p, "--%s is required", required[i]);
    struct case_facts f;
    case_facts_init(&f);
    int rc = read_facts(p, &f);
    struct app *app;
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    struct oph_error err = {0};
    char ref[REF_LEN + 1];
    if (app_case_new(app, &f, ref, &err))
        return cli_report(&err);
    printf("%s\n", ref);
    return EXIT_OK;
}

int cmd_case_edit(struct cli *cli, struct parsed *p)
{
    struct app *app;
    struct oph_error err = {0};
    int rc = cli_app(cli, &app);
    if (rc)
        return rc;
    struct case_detail *c = case_detail_new();
    if (app_case_load(app, p->args[0], c, &err)) {
        case_detail_free(c);
        return cli_report(&err);
    }
    struct case_facts f = c->facts;
    char ref[REF_LEN + 1];
    memcpy(ref, c->reference, sizeof ref);
    rc = read_facts(p, &f);
    case_detail_free(c);
    if (rc)
        return rc;
    if (app_case_edit(app, p->args[0], &f, &err))
        return cli_report(&err);
    printf("%s: facts saved\n", ref);
    print_notice(ref, app->notice);
    return EXIT_OK;
}

int cmd_case_assign(struct cli *cli, struct parsed *p)
{
    int role;
    oph_time at = OPH_NO_TIME;
    struct app *app;
    struct oph_error err = {0};
    int rc = arg_vocab(p, 1, &VOCAB_CASE_ROLE, &role);
    rc = rc ? rc : opt_time(p, "at", &at);
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    if (app_case_assign(app, p->args[0], (enum case_role)role, p->args[2], at, &err))
        return cli_report(&err);
    printf("%s: %s is %s\n", p->args[0], p->args[2], VOCAB_CASE_ROLE.names[role]);
    return EXIT_OK;
}

int cmd_case_decision(struct cli *cli, struct parsed *p)
{
    int kind;
    oph_time at = OPH_NO_TIME;
    struct app *app;
    struct oph_error err = {0};
    int rc = arg_vocab(p, 1, &VOCAB_DECISION, &kind);
    rc = rc ? rc : opt_time(p, "at", &at);
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    if (app_case_decision(app, p->args[0], (enum decision_kind)kind, at, &err))
        return cli_report(&err);
    printf("%s: %s recorded; the victim is to be told\n", p->args[0], VOCAB_DECISION.names[kind]);
    return EXIT_OK;
}

int cmd_case_close(struct cli *cli, struct parsed *p)
{
    int outcome = -1, why = -1;
    oph_time at = OPH_NO_TIME;
    struct app *app;
    struct oph_error err = {0};
    int rc = opt_vocab(p, "outcome", &VOCAB_OUTCOME, &outcome);
    rc = rc ? rc : opt_vocab(p, "no-arrest-reason", &VOCAB_NO_ARREST, &why);
    rc = rc ? rc : opt_time(p, "at", &at);
    if (!rc && opt(p, "no-arrest-note") && why < 0)
        rc = cli_usage_error(p, "--no-arrest-note goes with --no-arrest-reason");
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    if (app_case_close_why(app, p->args[0], outcome, at, opt(p, "note"), why,
                           opt(p, "no-arrest-note"), &err))
        return cli_report(&err); /* it names the option the core's field stands for */
    printf("%s: closed\n", p->args[0]);
    return EXIT_OK;
}

int cmd_case_review(struct cli *cli, struct parsed *p)
{
    int result = -1;
    oph_time asked = OPH_NO_TIME, at = OPH_NO_TIME;
    struct app *app;
    struct oph_error err = {0};
    int rc = opt_vocab(p, "result", &VOCAB_REVIEW_RESULT, &result);
    rc = rc ? rc : opt_time(p, "asked", &asked);
    rc = rc ? rc : opt_time(p, "at", &at);
    if (!rc && !opt(p, "asked") && !opt(p, "result"))
        rc = cli_usage_error(p, "give --asked (when the victim asked for a review), --result "
                                "(upheld or overturned), or both");
    if (!rc && opt(p, "at") && result < 0)
        rc = cli_usage_error(p, "--at is when the review's result was given: it goes with "
                                "--result");
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    if (app_case_review(app, p->args[0], asked, result, at, opt(p, "note"), &err))
        return cli_report(&err);
    if (asked != OPH_NO_TIME)
        printf("%s: the victim's request for a review recorded\n", p->args[0]);
    if (result >= 0)
        printf("%s: review %s\n", p->args[0], VOCAB_REVIEW_RESULT.names[result]);
    print_notice(p->args[0], app->notice);
    return EXIT_OK;
}

static int step_arg(const struct parsed *p, int *code)
{
    return arg_vocab(p, 1, &VOCAB_STEP, code);
}

int cmd_step_done(struct cli *cli, struct parsed *p)
{
    int code;
    struct step_done_input in;
    step_done_input_init(&in);
    int rc = step_arg(p, &code);
    rc = rc ? rc : opt_time(p, "at", &in.at);
    rc = rc ? rc : opt_vocab(p, "referral", &VOCAB_REFERRAL, &in.referral);
    rc = rc ? rc : opt_yesno(p, "enhanced", &in.enhanced_rights);
    rc = rc ? rc : opt_yesno(p, "vps-offered", &in.vps_offered);
    if (rc)
        return rc;
    const char *by = opt(p, "by");
    if (by) {
        if (strcmp(by, "victim") == 0)
            in.by = SIGNOFF_VICTIM;
        else if (strcmp(by, "supervisor") == 0)
            in.by = SIGNOFF_SUPERVISOR;
        else
            return cli_usage_error(p, "--by: expected victim or supervisor (got '%s')", by);
        if (code != STEP_IOD)
            return cli_usage_error(p, "--by is for the iod step's two sign-offs");
    }
    in.note = opt(p, "note");
    in.crime_reference = opt(p, "crime-ref");
    struct app *app;
    struct oph_error err = {0};
    if ((rc = cli_app(cli, &app)))
        return rc;
    rc = app_step_done(app, p->args[0], (enum step_code)code, &in, &err);
    if (rc < 0)
        return cli_report(&err);
    if (rc == 1)
        printf("%s: iod signed by the %s; awaiting the %s's sign-off\n", p->args[0], by,
               in.by == SIGNOFF_VICTIM ? "supervisor" : "victim");
    else
        printf("%s: step %s done\n", p->args[0], VOCAB_STEP.names[code]);
    return EXIT_OK;
}

int cmd_step_na(struct cli *cli, struct parsed *p)
{
    int code;
    int rc = step_arg(p, &code);
    if (rc)
        return rc;
    if (!opt(p, "reason"))
        return cli_usage_error(p, "--reason is required: not applicable always needs a reason");
    struct app *app;
    struct oph_error err = {0};
    if ((rc = cli_app(cli, &app)))
        return rc;
    if (app_step_na(app, p->args[0], (enum step_code)code, opt(p, "reason"), &err))
        return cli_report(&err);
    printf("%s: step %s not applicable\n", p->args[0], VOCAB_STEP.names[code]);
    return EXIT_OK;
}

int cmd_welfare_add(struct cli *cli, struct parsed *p)
{
    int method = -1;
    oph_time at = OPH_NO_TIME;
    if (!opt(p, "method") || !opt(p, "note"))
        return cli_usage_error(p, "--method and --note are required");
    int rc = opt_vocab(p, "method", &VOCAB_WELFARE_METHOD, &method);
    rc = rc ? rc : opt_time(p, "at", &at);
    struct app *app;
    struct oph_error err = {0};
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    if (app_welfare_add(app, p->args[0], (enum welfare_method)method, opt(p, "note"), at, &err))
        return cli_report(&err);
    printf("%s: welfare contact recorded\n", p->args[0]);
    return EXIT_OK;
}

int cmd_victim_update(struct cli *cli, struct parsed *p)
{
    oph_time at = OPH_NO_TIME;
    if (!opt(p, "note"))
        return cli_usage_error(p, "--note is required");
    int rc = opt_time(p, "at", &at);
    struct app *app;
    struct oph_error err = {0};
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    if (app_victim_update(app, p->args[0], opt(p, "note"), at, &err))
        return cli_report(&err);
    printf("%s: victim update recorded\n", p->args[0]);
    return EXIT_OK;
}

int cmd_evidence_add(struct cli *cli, struct parsed *p)
{
    int kind = -1, status = EVS_REQUESTED;
    if (!opt(p, "kind"))
        return cli_usage_error(p, "--kind is required");
    int rc = opt_vocab(p, "kind", &VOCAB_EVIDENCE_KIND, &kind);
    rc = rc ? rc : opt_vocab(p, "status", &VOCAB_EVIDENCE_STATUS, &status);
    struct app *app;
    struct oph_error err = {0};
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    int number = 0;
    if (app_evidence_add(app, p->args[0], (enum evidence_kind)kind, (enum evidence_status)status,
                         opt(p, "ref"), opt(p, "reason"), &number, &err))
        return cli_report(&err);
    printf("%d\n", number);
    return EXIT_OK;
}

int cmd_evidence_update(struct cli *cli, struct parsed *p)
{
    int status = -1, number;
    if (!opt(p, "status"))
        return cli_usage_error(p, "--status is required");
    int rc = arg_number(p, 1, &number);
    rc = rc ? rc : opt_vocab(p, "status", &VOCAB_EVIDENCE_STATUS, &status);
    struct app *app;
    struct oph_error err = {0};
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    if (app_evidence_update(app, p->args[0], number, (enum evidence_status)status, opt(p, "reason"),
                            &err))
        return cli_report(&err);
    printf("%s: evidence #%d %s\n", p->args[0], number, VOCAB_EVIDENCE_STATUS.names[status]);
    print_notice(p->args[0], app->notice);
    return EXIT_OK;
}

int cmd_followup_done(struct cli *cli, struct parsed *p)
{
    int number;
    int route = -1;
    oph_time at = OPH_NO_TIME;
    int rc = arg_number(p, 1, &number);
    rc = rc ? rc : opt_time(p, "at", &at);
    rc = rc ? rc : opt_vocab(p, "route", &VOCAB_RIDDOR_ROUTE, &route);
    struct app *app;
    struct oph_error err = {0};
    if (rc || (rc = cli_app(cli, &app)))
        return rc;
    if (app_followup_report(app, p->args[0], number, at, opt(p, "note"), route, opt(p, "hse-ref"),
                            &err))
        return cli_report(&err);
    printf("%s: follow-up #%d done\n", p->args[0], number);
    return EXIT_OK;
}

int cmd_followup_na(struct cli *cli, struct parsed *p)
{
    int number;
    int rc = arg_number(p, 1, &number);
    if (rc)
        return rc;
    if (!opt(p, "reason"))
        return cli_usage_error(p, "--reason is required");
    struct app *app;
    struct oph_error err = {0};
    if ((rc = cli_app(cli, &app)))
        return rc;
    if (app_followup_na(app, p->args[0], number, opt(p, "reason"), &err))
        return cli_report(&err);
    printf("%s: follow-up #%d not applicable\n", p->args[0], number);
    return EXIT_OK;
}

int cmd_note_add(struct cli *cli, struct parsed *p)
{
    struct app *app;
    struct oph_error err = {0};
    int rc = cli_app(cli, &app);
    if (rc)
        return rc;
    if (app_note_add(app, p->args[0], p->args[1], &err))
        return cli_report(&err);
    printf("%s: note added\n", p->args[0]);
    return EXIT_OK;
}
