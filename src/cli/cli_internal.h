/* Private to the command line: the command table, parsed arguments and value parsers. */
#ifndef OPHAMP_CLI_INTERNAL_H
#define OPHAMP_CLI_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "ophamp/app.h"
#include "ophamp/csv.h"

#define CLI_MAX_OPTS 32
#define CLI_MAX_ARGS 1024

/* Exit statuses (SPEC §5). */
enum { EXIT_OK = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2, EXIT_DB = 3 };

struct opt_spec {
    const char *name; /* without the leading dashes */
    bool takes_value;
};

struct cli;
struct parsed;

struct command {
    const char *group, *verb; /* "case", "new"; verb NULL for one-word commands */
    const char *usage;        /* the arguments after the command's name */
    const char *help;         /* one paragraph */
    const struct opt_spec *opts;
    int min_args, max_args;
    bool creates; /* may create a missing database (others need one: a typo in --db must
                     not read as "nothing overdue") */
    int (*run)(struct cli *cli, struct parsed *p);
};

struct parsed {
    const struct command *cmd;
    const char *values[CLI_MAX_OPTS];
    bool present[CLI_MAX_OPTS];
    const char *args[CLI_MAX_ARGS];
    int nargs;
    oph_time now; /* the program's clock: "now", "14:10" and "-2h" are read against it */
};

struct cli {
    const struct command *cmd;
    const char *db_path;
    oph_time now;
    struct app app;
    bool opened;
    char created[4096]; /* the database this command created, "" when it was there before */
};

extern const struct command cli_commands[];
extern const int cli_n_commands;

/* "case new": a command's group and verb. */
void cli_command_name(const struct command *c, char *buf, size_t sz);
/* The usage of every command (ophamp --help). */
void cli_print_usage(FILE *out);
/* A command's usage and help (ophamp COMMAND --help). */
void cli_print_command_help(const struct command *c);
/* Command c's arguments (argv, after its name) into p, checked against its options; 0 or
 * EXIT_USAGE (message printed). */
int cli_parse_args(const struct command *c, int argc, char **argv, struct parsed *p);
/* Whether this run has printed its error line (cli_report, cli_usage_error). */
bool cli_error_said(void);

/* The database's path (--db, OPHAMP_DB or the default), into buf if it is the default. A
 * command that does not create one refuses a missing file here. Returns 0 or an exit status
 * (message printed). */
int cli_db_path(struct cli *cli, char *buf, size_t bufsz, const char **out);
/* The app, opened on first use. Returns 0 or an exit status (message printed). */
int cli_app(struct cli *cli, struct app **out);
/* Removes a database this command created, with its WAL files (the app closed first). */
void cli_remove_new_database(struct cli *cli, const char *db);
/* The option or command that gives what a refusal needs ("--note", "welfare add"), from
 * err->field when err->rule is OPH_RULE_NEEDED; NULL when there is none (cli_errors.c). */
const char *cli_field_hint(const struct oph_error *err);
/* err's message worded for the command line: the follow-up or evidence item named before it
 * (cli_item_name), the option or command that gives what it needs after it. */
void cli_word_error(const struct oph_error *err, char *out, size_t outsz);
/* "follow-up #12", "evidence item #3" into out: the item a refusal of one of its fields is
 * about (its sentence does not name it); 0 when the refusal names no such item. */
bool cli_item_name(const struct oph_error *err, char *out, size_t outsz);
/* Prints "ophamp: <message>" (cli_word_error) and returns the exit status for err's kind. */
int cli_report(const struct oph_error *err);
/* Prints "ophamp <command>: <message>" for a usage error and returns EXIT_USAGE. */
int cli_usage_error(const struct parsed *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Option access. Parsers return 0, or an exit status after printing the message. */
const char *opt(const struct parsed *p, const char *name);
bool has(const struct parsed *p, const char *name);
int opt_time(const struct parsed *p, const char *name, oph_time *out);
int opt_vocab(const struct parsed *p, const char *name, const struct vocab *v, int *out);
int opt_int(const struct parsed *p, const char *name, long min, long max, long *out);
int opt_yesno(const struct parsed *p, const char *name, int *out); /* enum tri */
int arg_vocab(const struct parsed *p, int i, const struct vocab *v, int *out);
/* An item's number in its case (a follow-up's, an evidence item's). */
int arg_number(const struct parsed *p, int i, int *out);
/* --format: index into the given NULL-terminated list (default: the first). */
int opt_format(const struct parsed *p, const char *const *formats, int *out);

/* Writers shared by the list commands (CSV: ophamp/csv.h). */
void print_cell(FILE *out, const char *s, int width); /* neutralised, padded, cut */

/* Command handlers. */
int cmd_person_add(struct cli *, struct parsed *);
int cmd_person_list(struct cli *, struct parsed *);
int cmd_case_new(struct cli *, struct parsed *);
int cmd_case_edit(struct cli *, struct parsed *);
int cmd_case_list(struct cli *, struct parsed *);
int cmd_case_show(struct cli *, struct parsed *);
int cmd_case_assign(struct cli *, struct parsed *);
int cmd_case_decision(struct cli *, struct parsed *);
int cmd_case_close(struct cli *, struct parsed *);
int cmd_step_done(struct cli *, struct parsed *);
int cmd_step_na(struct cli *, struct parsed *);
int cmd_welfare_add(struct cli *, struct parsed *);
int cmd_victim_update(struct cli *, struct parsed *);
int cmd_evidence_add(struct cli *, struct parsed *);
int cmd_evidence_update(struct cli *, struct parsed *);
int cmd_followup_done(struct cli *, struct parsed *);
int cmd_followup_na(struct cli *, struct parsed *);
int cmd_note_add(struct cli *, struct parsed *);
int cmd_remind(struct cli *, struct parsed *);
int cmd_rule_list(struct cli *, struct parsed *);
int cmd_rule_set(struct cli *, struct parsed *);
int cmd_rule_add(struct cli *, struct parsed *);
int cmd_rule_remove(struct cli *, struct parsed *);
int cmd_case_review(struct cli *, struct parsed *);
int cmd_holiday_list(struct cli *, struct parsed *);
int cmd_holiday_add(struct cli *, struct parsed *);
int cmd_holiday_cancel(struct cli *, struct parsed *);
int cmd_holiday_reset(struct cli *, struct parsed *);
int cmd_demo(struct cli *, struct parsed *);
int cmd_export(struct cli *, struct parsed *);
int cmd_report(struct cli *, struct parsed *);
int cmd_setting_marking(struct cli *, struct parsed *);
/* The protective marking for this run: --marking, checked, or the database's. Returns 0 or an
 * exit status (message printed). */
int cli_marking(struct cli *cli, struct parsed *p, char out[MARKING_MAX + 1]);
/* A usage error unless -o names a file: a format that is a file, not text (xlsx). */
int cli_need_file(const struct parsed *p, const char *format);
/* --alarm's lead times (ics: the format is a calendar; otherwise the option is refused).
 * *given: whether it was given. Returns 0 or an exit status (message printed). */
struct ics_alarms;
int cli_alarms(const struct parsed *p, bool ics, struct ics_alarms *out, bool *given);
int cmd_backup(struct cli *, struct parsed *);
int cmd_check(struct cli *, struct parsed *);
int cmd_log(struct cli *, struct parsed *);
int cmd_undo(struct cli *, struct parsed *);
int cmd_whoami(struct cli *, struct parsed *);
int cmd_import(struct cli *, struct parsed *);

/* import FILE.json: a case bundle (cli_import_bundle.c). Returns the exit status. */
int cli_import_bundle(struct cli *cli, struct parsed *p, const char *path);

#endif
