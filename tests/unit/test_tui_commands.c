/* Every action of the command line has a key in the front end (issue 13, point 3): walks the
 * command table (src/cli/cli_commands.c) against the request table (src/tui/requests.c), whose
 * entries name the commands they do. A new command without a key fails here, unless it is listed
 * below as the command line's own, with the reason. And every command a request names is a
 * real one, with a key that some view takes, and messages that name it name the key. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cli/cli_internal.h"
#include "../../src/tui/tui_internal.h"
#include "check_support.h"

/* The commands that are deliberately the command line's alone, and why. */
static const struct {
    const char *command, *why;
} CLI_ONLY[] = {
    {"backup", "maintenance: a copy of the file, for the administrator's scripts"},
    {"check", "maintenance: proves the file from its log, a long read for scripts and audits"},
    {"import", "maintenance: reads spreadsheets and bundles from files, with a dry run"},
};

static const char *cli_only_why(const char *command)
{
    for (size_t i = 0; i < sizeof CLI_ONLY / sizeof *CLI_ONLY; i++)
        if (strcmp(CLI_ONLY[i].command, command) == 0)
            return CLI_ONLY[i].why;
    return NULL;
}

static void command_name(const struct command *c, char *out, size_t n)
{
    snprintf(out, n, "%s%s%s", c->group, c->verb ? " " : "", c->verb ? c->verb : "");
}

/* Whether a request's list of commands ("step na, followup na") names this one. */
static bool names(const struct request_info *ri, const char *command)
{
    for (const char *c = ri->commands; c && *c;) {
        size_t len = strcspn(c, ",");
        if (len == strlen(command) && strncmp(c, command, len) == 0)
            return true;
        c += len;
        while (*c == ',' || *c == ' ')
            c++;
    }
    return false;
}

START_TEST(test_every_command_has_a_key)
{
    int missing = 0;
    for (int i = 0; i < cli_n_commands; i++) {
        char name[64];
        command_name(&cli_commands[i], name, sizeof name);
        int found = 0;
        for (int r = 1; r < REQ_COUNT; r++)
            if (names(&tui_requests[r], name)) {
                found++;
                ck_assert_msg(tui_requests[r].key != 0 && tui_requests[r].views != 0,
                              "%s: its request has no key or no view", name);
            }
        if (found == 0 && !cli_only_why(name)) {
            fprintf(stderr, "the command '%s' has no key in the front end\n", name);
            missing++;
        }
        ck_assert_msg(!(found && cli_only_why(name)),
                      "'%s' has a key now: take it out of the command line's own list", name);
    }
    ck_assert_msg(missing == 0, "%d commands have no key (see above)", missing);
}
END_TEST

START_TEST(test_requests_name_real_commands)
{
    for (int r = 1; r < REQ_COUNT; r++) {
        const struct request_info *ri = &tui_requests[r];
        for (const char *c = ri->commands; c && *c;) {
            size_t len = strcspn(c, ",");
            char want[64];
            snprintf(want, sizeof want, "%.*s", (int)len, c);
            bool real = false;
            for (int i = 0; i < cli_n_commands && !real; i++) {
                char name[64];
                command_name(&cli_commands[i], name, sizeof name);
                real = strcmp(name, want) == 0;
            }
            ck_assert_msg(real, "request '%s' names '%s', which is no command", ri->name, want);
            c += len;
            while (*c == ',' || *c == ' ')
                c++;
        }
    }
    for (size_t i = 0; i < sizeof CLI_ONLY / sizeof *CLI_ONLY; i++) {
        bool real = false;
        for (int k = 0; k < cli_n_commands && !real; k++) {
            char name[64];
            command_name(&cli_commands[k], name, sizeof name);
            real = strcmp(name, CLI_ONLY[i].command) == 0;
        }
        ck_assert_msg(real, "the command line's own list names '%s', which is no command",
                      CLI_ONLY[i].command);
    }
}
END_TEST

START_TEST(test_refusals_name_keys_not_commands)
{
    /* A refusal that needs a record a key of the case view makes names that key, read from
     * the refusal's field (never from its words), and no command. */
    static const struct {
        enum oph_field field;
        const char *key, *command;
    } needs[] = {{OPH_FIELD_WELFARE_CONTACT, "W", "welfare add"},
                 {OPH_FIELD_ROLES, "A", "case assign"},
                 {OPH_FIELD_EVIDENCE_ITEMS, "E", "evidence add"}};
    for (size_t i = 0; i < sizeof needs / sizeof *needs; i++) {
        oph_error_clear(&err);
        oph_fail_at(&err, OPH_REFUSED, needs[i].field, OPH_RULE_NEEDED, "step x needs it");
        char out[600], want[64];
        tui_word_error(&err, out, sizeof out);
        snprintf(want, sizeof want, "step x needs it (press %s)", needs[i].key);
        ck_assert_str_eq(out, want);
        ck_assert_ptr_null(strstr(out, needs[i].command));
        /* The key is the one the request table gives the case view. */
        bool found = false;
        for (int r = 1; r < REQ_COUNT; r++)
            found |= strncmp(tui_requests[r].keys, needs[i].key, 1) == 0 &&
                     (tui_requests[r].views & VK_CASE) && tui_requests[r].commands &&
                     strstr(tui_requests[r].commands, needs[i].command);
        ck_assert_msg(found, "no request of the case view does %s with %s", needs[i].command,
                      needs[i].key);
        /* Another rule of the same field is not a request for the record: no key. */
        err.rule = OPH_RULE_PENDING;
        tui_word_error(&err, out, sizeof out);
        ck_assert_str_eq(out, "step x needs it");
    }
    oph_error_clear(&err);
    oph_fail_at(&err, OPH_REFUSED, OPH_FIELD_NOTE, OPH_RULE_NEEDED, "step slt needs a note");
    char out[600];
    tui_word_error(&err, out, sizeof out);
    ck_assert_str_eq(out, "step slt needs a note"); /* the form shows the field instead */
}
END_TEST

START_TEST(test_one_request_per_key_in_each_view)
{
    /* A key does one thing in a view: two requests of the same view on one key would leave
     * the second unreachable. */
    for (int a = 1; a < REQ_COUNT; a++)
        for (int b = a + 1; b < REQ_COUNT; b++) {
            const struct request_info *x = &tui_requests[a], *y = &tui_requests[b];
            if (!(x->views & y->views))
                continue;
            int xk[2] = {x->key, x->key2}, yk[2] = {y->key, y->key2};
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++)
                    ck_assert_msg(!xk[i] || xk[i] != yk[j], "'%s' and '%s' share a key in a view",
                                  x->name, y->name);
        }
}
END_TEST

static Suite *commands_suite(void)
{
    Suite *s = suite_create("tui_commands");
    TCase *t = tcase_new(s, "walk");
    tcase_add_test(t, test_every_command_has_a_key);
    tcase_add_test(t, test_requests_name_real_commands);
    tcase_add_test(t, test_refusals_name_keys_not_commands);
    tcase_add_test(t, test_one_request_per_key_in_each_view);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(commands_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
