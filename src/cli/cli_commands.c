/* The command table, which drives usage and --help (and the man page's lists of commands and
 * options), and the help printed from it. */
#include <stdio.h>

#include "cli_internal.h"

#define OPTS(...) ((const struct opt_spec[]){__VA_ARGS__, {NULL, false}})
#define V(name)                                                                                    \
    {                                                                                              \
        name, true                                                                                 \
    }
#define F(name)                                                                                    \
    {                                                                                              \
        name, false                                                                                \
    }

#define FACT_OPTS                                                                                  \
    V("victim"), V("supervisor"), V("occurred"), V("reported"), V("location"), V("location-kind"), \
        V("injury"), V("offence"), V("summary"), V("mechanism"), V("treatment"), V("body-part"),   \
        V("days-off"), V("specified-injury"), V("off-work"), V("offender-known"), V("arrested"),   \
        V("thor"), V("crime-ref"), V("died")

const struct command cli_commands[] = {
    {.group = "whoami",
     .usage = "[NUMBER [--name NAME] [--rank R] [--team T] [--role R]]",
     .help = "Names you as this database's user: every action is signed with your name and "
             "staff number. NUMBER is your staff number; if nobody has it yet, --name (and "
             "--rank, --team, --role) adds you. Without NUMBER, says who is named. Until "
             "someone is named, nothing can be saved.",
     .creates = true,
     .opts = OPTS(V("name"), V("rank"), V("team"), V("role")),
     .max_args = 1,
     .run = cmd_whoami},
    {.group = "person",
     .verb = "add",
     .usage = "--name NAME --number NO [--role R] [--rank R] "
              "[--team T]",
     .help = "Adds a member of staff. Roles: officer, special, pcso, staff, volunteer.",
     .creates = true,
     .opts = OPTS(V("name"), V("number"), V("role"), V("rank"), V("team")),
     .run = cmd_person_add},
    {.group = "person",
     .verb = "list",
     .usage = "[--search TEXT] [--limit N] "
              "[--format table|csv|json]",
     .help = "Lists staff by name; --search matches names, numbers and teams.",
     .opts = OPTS(V("search"), V("limit"), V("format")),
     .run = cmd_person_list},
    {.group = "case",
     .verb = "new",
     .usage = "--victim NO --supervisor NO --occurred TIME [--reported TIME] "
              "--location TEXT [--location-kind K] [--injury none|minor|serious] "
              "[--offence TEXT] [--summary TEXT] [more facts, see case edit]",
     .help = "Logs an assault: creates the case with its seven steps and follow-ups and prints "
             "its reference. Times are Europe/London; --reported defaults to now.",
     .opts = OPTS(FACT_OPTS),
     .run = cmd_case_new},
    {.group = "case",
     .verb = "edit",
     .usage = "REF [--occurred T] [--reported T] [--location TEXT] [--location-kind K] "
              "[--injury I] [--mechanism M] [--treatment T] [--body-part TEXT] [--days-off N] "
              "[--specified-injury yes|no] [--off-work yes|no] [--offender-known yes|no] "
              "[--arrested T] [--offence TEXT] [--summary TEXT] [--thor TEXT] "
              "[--crime-ref TEXT] [--referral accepted|declined] [--enhanced yes|no] "
              "[--vps-offered yes|no] [--support-score 1-5] [--victim NO] [--supervisor NO] "
              "[--died T]",
     .help = "Changes the facts of a case; due times that depend on them follow (RIDDOR when "
             "more than 7 days off, a specified injury or a death (--died: when the victim "
             "died of the assault; reported at once), welfare while off work, the second-line "
             "manager's confirming of the injury assessment, the force's own follow-ups of "
             "hospital treatment and off work).",
     .opts = OPTS(FACT_OPTS, V("referral"), V("enhanced"), V("vps-offered"), V("support-score")),
     .min_args = 1,
     .max_args = 1,
     .run = cmd_case_edit},
    {.group = "case",
     .verb = "list",
     .usage = "[--open|--closed|--overdue|--all|--review [--years N]] [--custody] [--mine] "
              "[--search TEXT] [--sort date|due|reference|victim|where|status] [--reverse] "
              "[--limit N] [--offset N] [--format table|csv|json]",
     .help = "Lists cases, newest first (open ones unless a filter is given). --review lists "
             "the closed cases due for the retention review: closed more than N years "
             "(default 6) before now, the oldest closing first. --mine keeps the cases where "
             "you (see whoami) are the supervisor, second-line manager, investigator, "
             "statement taker or welfare officer. --sort orders them by the date (newest "
             "first), the next due item (soonest first), the reference, the victim's name, "
             "where (the kind of place, then newest first) or the status (overdue, open, "
             "closed); --reverse the other way round. Exit status 1 when nothing matches.",
     .opts = OPTS(F("open"), F("closed"), F("overdue"), F("all"), F("review"), V("years"),
                  F("custody"), F("mine"), V("search"), V("sort"), F("reverse"), V("limit"),
                  V("offset"), V("format")),
     .run = cmd_case_list},
    {.group = "case",
     .verb = "show",
     .usage = "REF [--format text|md|html|json] [--marking TEXT]",
     .help = "Shows a case whole: facts, role holders, the seven steps (due, done, on time or "
             "not), follow-ups, evidence, timeline, outcome. REF is the reference "
             "(OPH-YYYY-NNNNN) or the UUID. md is Markdown; html is one printable page with "
             "no external assets; json is one case object. text, md and html carry the "
             "protective marking (see setting marking).",
     .opts = OPTS(V("format"), V("marking")),
     .min_args = 1,
     .max_args = 1,
     .run = cmd_case_show},
    {.group = "case",
     .verb = "assign",
     .usage = "REF ROLE NO [--at TIME]",
     .help = "Names a role holder. ROLE: investigator, statement-taker, welfare-officer, "
             "second-line, supervisor. The victim can never investigate their own assault or "
             "take their own statement. --at: when an investigator or statement taker was "
             "appointed (default now); naming both completes step investigator at that time.",
     .opts = OPTS(V("at")),
     .min_args = 3,
     .max_args = 3,
     .run = cmd_case_assign},
    {.group = "case",
     .verb = "decision",
     .usage = "REF arrest|charge|release|bail|caution "
              "[--at TIME]",
     .help = "Records a decision the victim must be told of within 5 working days (1 for "
             "enhanced rights).",
     .opts = OPTS(V("at")),
     .min_args = 2,
     .max_args = 2,
     .run = cmd_case_decision},
    {.group = "case",
     .verb = "close",
     .usage = "REF --outcome O [--note TEXT] [--at TIME] [--no-arrest-reason R "
              "[--no-arrest-note TEXT]]",
     .help = "Closes a case with its outcome: charged, summonsed, cautioned, "
             "community-resolution, nfa-evidential, nfa-public-interest, nfa-victim, "
             "not-identified. Refused while any step is pending. Arrest is the preferred "
             "outcome: when the offender is known and was not arrested, --no-arrest-reason "
             "says why (unfit, not-located, voluntary-interview, left-before-arrest, "
             "victim-declined, other; other needs --no-arrest-note). A decision not to "
             "prosecute (nfa-*) opens the victim's window to ask for a review (rule "
             "review-window).",
     .opts = OPTS(V("outcome"), V("note"), V("at"), V("no-arrest-reason"), V("no-arrest-note")),
     .min_args = 1,
     .max_args = 1,
     .run = cmd_case_close},
    {.group = "case",
     .verb = "review",
     .usage = "REF [--asked TIME] [--result upheld|overturned [--at TIME]] [--note TEXT]",
     .help = "Records the victim's right to review a decision not to prosecute (an nfa-* "
             "outcome): --asked, when they asked for the review; --result, its result, given "
             "at --at (default now). Each is recorded once; a request after the window "
             "closed is recorded with a warning.",
     .opts = OPTS(V("asked"), V("result"), V("at"), V("note")),
     .min_args = 1,
     .max_args = 1,
     .run = cmd_case_review},
    {.group = "step",
     .verb = "done",
     .usage = "REF STEP [--at TIME] [--note TEXT] [--by victim|supervisor] [--crime-ref TEXT] "
              "[--referral accepted|declined] [--enhanced yes|no] [--vps-offered yes|no]",
     .help = "Completes a step: crime (needs --crime-ref and the plan as --note), victim-code "
             "(needs --referral, --enhanced, --vps-offered), investigator, welfare, slt (needs "
             "--note: who, when, how), iod (two sign-offs: --by victim, --by supervisor), "
             "evidence (every item secured or not available).",
     .opts = OPTS(V("at"), V("note"), V("by"), V("crime-ref"), V("referral"), V("enhanced"),
                  V("vps-offered")),
     .min_args = 2,
     .max_args = 2,
     .run = cmd_step_done},
    {.group = "step",
     .verb = "na",
     .usage = "REF STEP --reason TEXT",
     .help = "Marks a step not applicable; a reason is always needed.",
     .opts = OPTS(V("reason")),
     .min_args = 2,
     .max_args = 2,
     .run = cmd_step_na},
    {.group = "welfare",
     .verb = "add",
     .usage = "REF --method in-person|phone|video|message|other --note TEXT [--at TIME]",
     .help = "Records a welfare contact. The first completes step welfare; later ones answer "
             "the earliest welfare follow-up.",
     .opts = OPTS(V("method"), V("note"), V("at")),
     .min_args = 1,
     .max_args = 1,
     .run = cmd_welfare_add},
    {.group = "victim",
     .verb = "update",
     .usage = "REF --note TEXT [--at TIME]",
     .help = "Records an update given to the victim (Victim Code right 6); answers the pending "
             "victim updates and outcome notice.",
     .opts = OPTS(V("note"), V("at")),
     .min_args = 1,
     .max_args = 1,
     .run = cmd_victim_update},
    {.group = "evidence",
     .verb = "add",
     .usage = "REF --kind bwv|cctv|photos|medical|witness|recording|other [--status S] "
              "[--ref TEXT] [--reason TEXT]",
     .help = "Adds an evidence item, due by its kind's rule; prints its number. Status: "
             "requested (default), secured, submitted, not-available (needs --reason).",
     .opts = OPTS(V("kind"), V("status"), V("ref"), V("reason")),
     .min_args = 1,
     .max_args = 1,
     .run = cmd_evidence_add},
    {.group = "evidence",
     .verb = "update",
     .usage = "REF N --status S [--reason TEXT]",
     .help = "Changes the status of the case's evidence item N (numbered in the case from 1, as "
             "case show shows them).",
     .opts = OPTS(V("status"), V("reason")),
     .min_args = 2,
     .max_args = 2,
     .run = cmd_evidence_update},
    {.group = "followup",
     .verb = "done",
     .usage = "REF N [--at TIME] [--note TEXT] [--route online|telephone --hse-ref TEXT]",
     .help = "Completes the case's follow-up N (numbered in the case from 1, as case show and "
             "remind show them); you are "
             "recorded as who did it. A RIDDOR report needs how it was made to the HSE "
             "(--route: online, or telephone for a death or a specified injury) and the "
             "HSE's reference (--hse-ref).",
     .opts = OPTS(V("at"), V("note"), V("route"), V("hse-ref")),
     .min_args = 2,
     .max_args = 2,
     .run = cmd_followup_done},
    {.group = "followup",
     .verb = "na",
     .usage = "REF N --reason TEXT",
     .help = "Marks the case's follow-up N not applicable, with a reason.",
     .opts = OPTS(V("reason")),
     .min_args = 2,
     .max_args = 2,
     .run = cmd_followup_na},
    {.group = "note",
     .verb = "add",
     .usage = "REF TEXT",
     .help = "Adds a note to the timeline.",
     .opts = OPTS(F("_")),
     .min_args = 2,
     .max_args = 2,
     .run = cmd_note_add},
    {.group = "remind",
     .usage = "[--overdue|--today|--within HOURS|--until DATE] [--kind K[,K...]] [--mine] "
              "[--off-work] [--format text|json|ics] [--alarm LEADS] [--marking TEXT] "
              "[-o FILE] [--force]",
     .help = "Lists every pending step, follow-up and evidence item that is overdue, due today "
             "or due within HOURS (default 24), most overdue first, with its case, victim and "
             "supervisor. --overdue lists only what is overdue, --today what is due by "
             "midnight too, --until DATE (YYYY-MM-DD, D/M/YYYY, today, tomorrow) what is due by "
             "the end of that day. --kind keeps the kinds of work given: step (with the line "
             "managers' duties and the force's own follow-ups), welfare, victim-update, "
             "evidence, riddor, duty (the injury-on-duty report); --mine the "
             "cases where you (see whoami) are the supervisor, second-line manager, "
             "investigator, statement taker or welfare officer; --off-work the cases of "
             "victims off work injured. ics writes them as a "
             "calendar with an alarm an hour before each (--alarm 1d,1h: a day and an hour "
             "before), an overdue item marked so with an alarm at once, and the items finished "
             "in the last 30 days as cancelled. -o writes FILE (mode 0600) whole or "
             "not at all; an existing FILE is replaced only with --force. Exit status 1 when "
             "something is overdue, 2 on a usage error, 3 on a database or file error.",
     .opts = OPTS(V("within"), F("overdue"), F("today"), V("until"), V("kind"), F("mine"),
                  F("off-work"), V("format"), V("alarm"), V("marking"), V("o"), F("force")),
     .run = cmd_remind},
    {.group = "export",
     .usage = "(REF... | --all | --open) --format text|md|html|json|csv|ics|xlsx [--redact] "
              "[--alarm LEADS] [--marking TEXT] [-o FILE] [--force]",
     .help = "Writes case summaries (text, md, html, json: every case named, or all or open "
             "ones), a case list (csv: one row per case with each step's status, due and done "
             "times and whether it was on time; xlsx: a spreadsheet of the cases and a sheet of "
             "their steps, follow-ups and evidence, which needs -o) or the due items as a "
             "calendar (ics, with the items finished in the last 30 days as cancelled; --alarm "
             "sets its alarms' lead times, e.g. 1d,1h). "
             "--redact replaces names and staff numbers with stable pseudonyms and drops free "
             "text. --marking overrides the database's protective marking. -o writes FILE "
             "(mode 0600) whole or not at all; an existing FILE is replaced only with --force.",
     .opts = OPTS(F("all"), F("open"), V("format"), F("redact"), V("alarm"), V("marking"), V("o"),
                  F("force")),
     .max_args = CLI_MAX_ARGS,
     .run = cmd_export},
    {.group = "import",
     .usage = "FILE.csv|FILE.json [--dry-run] [--replace] [--map 'SOURCE=COLUMN,...']",
     .help = "Imports a case list from a spreadsheet saved as CSV: the columns export --format "
             "csv writes (see the man page; other names are mapped with --map, and --map "
             "'NAME=-' ignores a column). Each row is checked by the rules of case new, step "
             "done, step na and case close; victims not yet known are added from victim_name. "
             "Any bad row is reported as 'line N, column C: reason' and nothing is imported "
             "(exit status 1). A case bundle (export --format json) is read back case by case: "
             "matched by UUID, a new case is added whole, an identical one skipped, a changed "
             "one reported as a conflict (exit status 1) and left as it is unless --replace; "
             "any invalid case imports nothing (exit status 2). --dry-run checks everything "
             "and says what would be imported.",
     .opts = OPTS(F("dry-run"), V("map"), F("replace")),
     .min_args = 1,
     .max_args = 1,
     .creates = true,
     .run = cmd_import},
    {.group = "report",
     .usage = "[--from DATE] [--to DATE] [--format text|md|html|json|csv|xlsx] [--redact] "
              "[--suppress-below N] [--marking TEXT] [-o FILE] [--force]",
     .help = "The scrutiny panel's report for cases logged in the period: each step done on "
             "time, late, overdue or not applicable and the median time to done; arrests, "
             "custody assaults, injuries, days lost, outcomes, follow-up compliance, the "
             "staff survey score and a month-by-month trend. --redact hides counts of people "
             "below N (default 5; 3 to 1000) as <N, and whatever would give one away as [c]. "
             "xlsx (a spreadsheet, a sheet a table) needs -o.",
     .opts = OPTS(V("from"), V("to"), V("format"), F("redact"), V("suppress-below"), V("marking"),
                  V("o"), F("force")),
     .run = cmd_report},
    {.group = "rule",
     .verb = "list",
     .usage = "[--format table|json]",
     .help = "Shows the due-time rules.",
     .opts = OPTS(V("format")),
     .run = cmd_rule_list},
    {.group = "rule",
     .verb = "add",
     .usage = "NAME --starts case|hospital|off-work|outcome --amount N "
              "--unit hours|days|working-days|months --description TEXT [--base reported|occurred]",
     .help = "Adds a follow-up of the force's own: raised for every new case (counted from the "
             "report, or the assault with --base occurred), when the victim is treated in "
             "hospital, when they are off work injured, or when an outcome is recorded "
             "(counted from that moment); from now on, never for what happened before. NAME: "
             "lower-case letters, digits and hyphens.",
     .creates = true,
     .opts = OPTS(V("starts"), V("amount"), V("unit"), V("base"), V("description")),
     .min_args = 1,
     .max_args = 1,
     .run = cmd_rule_add},
    {.group = "rule",
     .verb = "remove",
     .usage = "NAME",
     .help = "Removes a rule of the force's own: it raises no more follow-ups; those it raised "
             "stay, due by it. The program's own rules are changed with rule set, never "
             "removed.",
     .opts = OPTS(F("_")),
     .min_args = 1,
     .max_args = 1,
     .run = cmd_rule_remove},
    {.group = "rule",
     .verb = "set",
     .usage = "KEY [--amount N] [--unit hours|days|working-days|months] "
              "[--base reported|occurred|event]",
     .help = "Changes a due-time rule; the due times of open cases follow.",
     .creates = true,
     .opts = OPTS(V("amount"), V("unit"), V("base")),
     .min_args = 1,
     .max_args = 1,
     .run = cmd_rule_set},
    {.group = "setting",
     .verb = "marking",
     .usage = "[TEXT]",
     .help = "Shows, or with TEXT sets, the protective marking at the head of every page and "
             "file the exports and the report write (default OFFICIAL-SENSITIVE; printable "
             "ASCII, at most 60 characters). --marking overrides it for one run.",
     .opts = OPTS(F("_")),
     .min_args = 0,
     .max_args = 1,
     .run = cmd_setting_marking},
    {.group = "holiday",
     .verb = "list",
     .usage = "",
     .help = "Shows the one-off changes to the regular bank holidays of England and Wales.",
     .opts = OPTS(F("_")),
     .run = cmd_holiday_list},
    {.group = "holiday",
     .verb = "add",
     .usage = "YYYY-MM-DD [--note TEXT]",
     .creates = true,
     .help = "Adds a one-off bank holiday.",
     .opts = OPTS(V("note")),
     .min_args = 1,
     .max_args = 1,
     .run = cmd_holiday_add},
    {.group = "holiday",
     .verb = "cancel",
     .usage = "YYYY-MM-DD [--note TEXT]",
     .help = "Records that a regular bank holiday is not held (it moved).",
     .creates = true,
     .opts = OPTS(V("note")),
     .min_args = 1,
     .max_args = 1,
     .run = cmd_holiday_cancel},
    {.group = "holiday",
     .verb = "reset",
     .usage = "YYYY-MM-DD",
     .help = "Removes a one-off change, back to the regular rule.",
     .opts = OPTS(F("_")),
     .min_args = 1,
     .max_args = 1,
     .run = cmd_holiday_reset},
    {.group = "backup",
     .usage = "FILE [--force]",
     .help = "Writes a copy of the whole database, as of one moment, to FILE (mode 0600): "
             "safe while ophamp is in use elsewhere, and on a read-only database. The copy is "
             "written under a temporary name and put in place only when whole; an existing "
             "FILE is replaced only with --force.",
     .opts = OPTS(F("force")),
     .min_args = 1,
     .max_args = 1,
     .run = cmd_backup},
    {.group = "check",
     .usage = "[--head N:HASH[,N:HASH...]] [--repair]",
     .help = "Proves the database from its log, only reading it: the schema is exactly the "
             "program's own; the log is whole (every action's hash recomputed over its "
             "changes and the action before); replaying the log gives exactly the rows of "
             "every table it covers (each difference named by table, key and column); the "
             "report summary and the search index match their sources; SQLite's integrity "
             "and foreign keys. --head checks that the log still holds a head printed at the "
             "end of a report or export (at least 16 hex digits of its hash); the last head "
             "is also kept outside the database and checked. --repair first rebuilds the "
             "report summary and the search index, as a logged action, never the log or the "
             "cases. Prints \"database sound: ...\" and exits 0, or one line per problem and "
             "exits 1; exit status 3 when the file cannot be read at all.",
     .opts = OPTS(V("head"), F("repair")),
     .run = cmd_check},
    {.group = "log",
     .usage = "[REF] [--limit N] [--changes] [--format text|json]",
     .help = "Lists the actions of the log, newest first: every action, or those of case "
             "REF. Each has its number, time, who did it, what it was and its case; "
             "--changes adds the rows it changed with their old and new values.",
     .opts = OPTS(V("limit"), F("changes"), V("format")),
     .max_args = 1,
     .run = cmd_log},
    {.group = "undo",
     .usage = "[ACTION] [--yes] | --list [--limit N] [--format text|json]",
     .help = "Takes back your last action (see whoami and log) as a new action of the log "
             "that writes the old values back: a row it added goes, one it changed gets its old "
             "values, one it removed comes back, and what follows from that follows as after "
             "any action (due times, follow-ups); the log itself is never changed. Shows what "
             "will change and asks y/N first; --yes answers yes, and is needed when standard "
             "input is not a terminal. ACTION takes back that action of yours instead. Refused, "
             "with the reason, for the program's own actions, an undo, whoami, a new case "
             "(cases are never deleted), an action taken back already and one whose rows a "
             "later action changed since. Again, it takes back the action before. --list shows "
             "your last N (default 20) actions, newest first, and whether each can be taken "
             "back.",
     .opts = OPTS(F("yes"), F("list"), V("limit"), V("format")),
     .max_args = 1,
     .run = cmd_undo},
    {.group = "demo",
     .usage = "[--cases N] [--seed S] [--into-real-database]",
     .help = "Adds N (default 200) realistic synthetic cases with made-up names, for trying the "
             "program. A database that holds real cases is refused unless "
             "--into-real-database is given: the demo counts the cases it made.",
     .creates = true,
     .opts = OPTS(V("cases"), V("seed"), F("into-real-database")),
     .run = cmd_demo},
};
const int cli_n_commands = (int)(sizeof cli_commands / sizeof cli_commands[0]);

void cli_command_name(const struct command *c, char *buf, size_t sz)
{
    snprintf(buf, sz, "%s%s%s", c->group, c->verb ? " " : "", c->verb ? c->verb : "");
}

void cli_print_usage(FILE *out)
{
    fprintf(out, "usage: ophamp [--db PATH] COMMAND ...\n\n"
                 "Operation Hampshire case manager: walks each assault on a member of staff\n"
                 "through the seven-point plan and reminds you of what is due.\n\n"
                 "Commands:\n");
    for (int i = 0; i < cli_n_commands; i++) {
        char name[32];
        cli_command_name(&cli_commands[i], name, sizeof name);
        fprintf(out, "  ophamp %s %s\n", name, cli_commands[i].usage);
    }
    fprintf(out, "\n  ophamp --help | --version      ophamp COMMAND --help for more\n\n"
                 "The database is $XDG_DATA_HOME/ophamp/ophamp.db unless --db or OPHAMP_DB\n"
                 "says otherwise. Times are Europe/London: 'YYYY-MM-DD HH:MM', 'D/M/YYYY HH:MM',\n"
                 "'now', 'HH:MM' (today, or yesterday if later than now), 'yesterday HH:MM',\n"
                 "'-2h' or '-30m' (that long ago).\n"
                 "Exit status: 0 done, 1 refused or nothing matched, 2 usage, 3 database or "
                 "file.\n");
}

void cli_print_command_help(const struct command *c)
{
    char name[32];
    cli_command_name(c, name, sizeof name);
    printf("usage: ophamp %s %s\n\n%s\n", name, c->usage, c->help);
}
