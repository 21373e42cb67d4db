/* Every user action of the front end, declared once: its keys, name and help. The footer, the
 * help screen and the man page's key list are all made from this table. */
#include <stdio.h>

#include "ophamp/formats.h"
#include "ophamp/tui.h"
#include "tui_internal.h"

#define ESC 27
#define CTRL(c) ((c)&0x1f)

/* footer: the order in which actions claim room in the footer (1 first; 0 only in the help).
 * q and ? end every footer of a view that has them: see draw_footer in tui.c. */
const struct request_info tui_requests[REQ_COUNT] = {
    [REQ_NONE] = {0},
    [REQ_MOVE_UP] = {'k', KEY_UP, "k, Up", "up", "Move up one row", VK_LISTS | VK_UNDO, 0},
    [REQ_MOVE_DOWN] = {'j', KEY_DOWN, "j, Down", "down", "Move down one row", VK_LISTS | VK_UNDO,
                       0},
    [REQ_PAGE_UP] = {KEY_PPAGE, CTRL('b'), "PgUp", "page up", "Move up one screen",
                     VK_LISTS | VK_UNDO, 0},
    [REQ_PAGE_DOWN] = {KEY_NPAGE, CTRL('f'), "PgDn", "page down", "Move down one screen",
                       VK_LISTS | VK_UNDO, 0},
    [REQ_FIRST] = {'g', KEY_HOME, "g, Home", "first", "Go to the first row", VK_LISTS | VK_UNDO, 0},
    [REQ_LAST] = {'G', KEY_END, "G, End", "last", "Go to the last row", VK_LISTS | VK_UNDO, 0},
    [REQ_OPEN] = {'\n', KEY_ENTER, "Enter", "open", "Open the case under the cursor",
                  VK_CASES | VK_REMIND | VK_LOG, 1, "case show"},
    [REQ_BACK] = {'q', ESC, "q, Esc", "back", "Go back (quit from the first view)",
                  VK_ALL & ~VK_FORM, 0},
    [REQ_SEARCH] = {'/', 0, "/", "search", "Search names, references and text",
                    VK_CASES | VK_PEOPLE, 2},
    [REQ_SEARCH_NEXT] = {'n', 0, "n", "next match",
                         "The next match of the search, as in less and vim (round the end)",
                         VK_CASES | VK_PEOPLE, 0},
    [REQ_SEARCH_PREV] = {'N', 0, "N", "previous match", "The previous match of the search",
                         VK_CASES | VK_PEOPLE, 0},
    [REQ_HELP] = {'?', KEY_F(1), "?, F1", "help", "Show every key", VK_ALL & ~VK_FORM, 0},
    [REQ_VIEW_CASES] = {'c', 0, "c", "cases", "The case list", VK_LISTS & ~VK_CASES, 0,
                        "case list"},
    [REQ_VIEW_REMIND] = {'r', 0, "r", "reminders", "Every overdue and due item",
                         VK_LISTS | VK_WELCOME, 3, "remind"},
    [REQ_VIEW_PEOPLE] = {'p', 0, "p", "people", "Staff: add and find", VK_LISTS, 0, "person list"},
    [REQ_VIEW_RULES] = {'d', 0, "d", "rules", "The due-time rules and the protective marking",
                        VK_LISTS, 0, "rule list"},
    [REQ_VIEW_STATS] = {'a', 0, "a", "statistics", "The scrutiny report, with bar charts", VK_LISTS,
                        4, "report"},
    [REQ_VIEW_LOG] = {'l', 0, "l", "log", "The log: who did what, the newest first", VK_LISTS, 0,
                      "log"},
    [REQ_VIEW_HOLIDAYS] = {'b', 0, "b", "bank holidays", "The one-off changes to the bank holidays",
                           VK_LISTS, 0, "holiday list"},
    [REQ_STATS_PERIOD] = {'f', 0, "f", "period",
                          "Cycle the period: last 12 months / this year / all time", VK_STATS, 1},
    [REQ_FILTER] = {'f', 0, "f", "filter", "Cycle open / overdue / closed / all / due for review",
                    VK_CASES, 2},
    [REQ_CUSTODY] = {'t', 0, "t", "custody", "Custody assaults only, or all", VK_CASES, 0},
    [REQ_MINE] = {'o', 0, "o", "my cases",
                  "Only your own cases (where you hold a role), or everyone's",
                  VK_CASES | VK_REMIND, 3},
    [REQ_SORT] = {'s', 0, "s", "sort",
                  "Sort by the next column: occurred, next due, reference, victim, where, status",
                  VK_CASES, 0},
    [REQ_REVERSE] = {'v', 0, "v", "reverse", "Reverse the order of the sort", VK_CASES, 0},
    [REQ_REMIND_KIND] = {'f', 0, "f", "kind",
                         "Cycle the kind of work: all / step / welfare / victim update / "
                         "evidence / RIDDOR / duty (the injury-on-duty report)",
                         VK_REMIND, 2},
    [REQ_OFF_WORK] = {'w', 0, "w", "off work", "Only victims off work injured, or all", VK_REMIND,
                      4},
    [REQ_HORIZON] = {'h', 0, "h", "horizon",
                     "How far ahead: overdue / today / 24 h / 48 h / 7 days / a date", VK_REMIND,
                     2},
    [REQ_EXPORT] = {'x', 0, "x", "export", "Export to a file:", VK_CASE, 3, "export",
                    .formats = WRITES_CASES},
    [REQ_STATS_EXPORT] = {'x', 0, "x", "export", "Write the report to a file:", VK_STATS, 2,
                          .formats = WRITES_REPORT},
    [REQ_MESSAGES] = {'m', 0, "m", "messages", "The last messages in full, the newest first",
                      VK_LISTS | VK_WELCOME, 0},
    [REQ_QUIT] = {CTRL('q'), 0, "Ctrl-Q", "quit", "Quit (a form with typed input asks first)",
                  VK_ALL, 0},
    [REQ_UNDO_CANCEL] = {'n', 0, "n", "keep it", "Keep the action: nothing is changed", VK_UNDO, 1},
    [REQ_NEW_CASE] = {'A', 0, "A", "new case", "Log a new assault (add a case)",
                      VK_CASES | VK_WELCOME, 1, "case new"},
    [REQ_STEP_DONE] = {'D', 0, "D", "done",
                       "Complete the step or follow-up here (evidence: secured)", VK_CASE, 1,
                       "step done"},
    [REQ_STEP_NA] = {'X', 0, "X", "n/a",
                     "Mark the item here not applicable, with a reason (evidence: not available)",
                     VK_CASE, 1, "step na, followup na"},
    [REQ_ASSIGN] = {'A', 0, "A", "assign", "Assign a role (a new person by name)", VK_CASE, 2,
                    "case assign"},
    [REQ_WELFARE] = {'W', 0, "W", "welfare", "Record a welfare contact", VK_CASE, 1, "welfare add"},
    [REQ_VICTIM_UPDATE] = {'V', 0, "V", "update", "Record an update to the victim", VK_CASE, 2,
                           "victim update"},
    [REQ_EVIDENCE_ADD] = {'E', 0, "E", "evidence", "Add an evidence item", VK_CASE, 2,
                          "evidence add"},
    [REQ_EVIDENCE_UPDATE] = {'U', 0, "U", "status", "Change an evidence item's status", VK_CASE, 3,
                             "evidence update"},
    [REQ_FOLLOWUP_DONE] = {'P', 0, "P", "follow-up", "Complete a follow-up", VK_CASE, 2,
                           "followup done"},
    [REQ_NOTE] = {'M', 0, "M", "note", "Add a note to the timeline", VK_CASE, 3, "note add"},
    [REQ_DECISION] = {'R', 0, "R", "decision",
                      "Record a decision the victim must be told of: arrest, charge, release, "
                      "bail or caution",
                      VK_CASE, 3, "case decision"},
    [REQ_EDIT_FACTS] = {'F', 0, "F", "facts", "Edit the facts of the case", VK_CASE, 3,
                        "case edit"},
    [REQ_CLOSE_CASE] = {'C', 0, "C", "close", "Close the case with its outcome (asks first)",
                        VK_CASE, 3, "case close"},
    [REQ_NEW_PERSON] = {'A', 0, "A", "add", "Add a member of staff", VK_PEOPLE, 1, "person add"},
    [REQ_EDIT_PERSON] = {'\n', KEY_ENTER, "Enter", "change", "Change the person under the cursor",
                         VK_PEOPLE, 1},
    [REQ_EDIT_RULE] = {'E', '\n', "E, Enter", "change", "Change the rule under the cursor",
                       VK_RULES, 1, "rule set"},
    [REQ_MARKING] = {'K', 0, "K", "marking",
                     "Change the protective marking of the exports and the report", VK_RULES, 2,
                     "setting marking"},
    [REQ_HOLIDAY_ADD] = {'A', 0, "A", "add",
                         "Add a one-off bank holiday, or cancel a regular one that moved",
                         VK_HOLIDAYS, 1, "holiday add, holiday cancel"},
    [REQ_HOLIDAY_RESET] = {'X', 0, "X", "reset",
                           "Remove the change under the cursor: back to the regular rule (asks "
                           "first)",
                           VK_HOLIDAYS, 1, "holiday reset"},
    [REQ_UNDO] = {'u', 0, "u", "undo",
                  "Take back your last action, as a new action of the log (shows what changes "
                  "first)",
                  VK_LISTS, 0, "undo"},
    [REQ_UNDO_CONFIRM] = {'y', 0, "y", "take it back",
                          "Take the action back: the old values "
                          "are written again",
                          VK_UNDO, 1},
    [REQ_WHOAMI] = {'I', 0, "I", "who I am",
                    "Say who you are: every change is signed with your name", VK_LISTS | VK_WELCOME,
                    0, "whoami"},
    [REQ_LOAD_DEMO] = {'L', 0, "L", "demo",
                       "Try 200 made-up cases, in a demo database apart from this one", VK_WELCOME,
                       1, "demo"},
    [REQ_REVIEW] = {'O', 0, "O", "review",
                    "Review of a decision not to prosecute, when the victim asks for one", VK_CASE,
                    3, "case review"},
    [REQ_ADD_RULE] = {'N', 0, "N", "add", "Add a follow-up of the force's own", VK_RULES, 1,
                      "rule add"},
    [REQ_REMOVE_RULE] = {'X', 0, "X", "remove", "Remove the force's rule (asks first)", VK_RULES, 2,
                         "rule remove"},
    [REQ_FORM_NEXT] = {'\t', KEY_DOWN, "Tab, Down", "next field", "Next field", VK_FORM, 1},
    [REQ_FORM_PREV] = {KEY_BTAB, KEY_UP, "S-Tab, Up", "previous field", "Previous field", VK_FORM,
                       2},
    [REQ_FORM_SAVE] = {CTRL('s'), KEY_F(2), "Ctrl-S, F2", "save", "Save the form", VK_FORM, 1},
};

enum request tui_request_for(int key, unsigned view)
{
    if (key == '\r')
        key = '\n';
    for (int r = 1; r < REQ_COUNT; r++) {
        const struct request_info *ri = &tui_requests[r];
        if ((ri->views & view) && (ri->key == key || (ri->key2 && ri->key2 == key)))
            return (enum request)r;
    }
    return REQ_NONE;
}

const char *tui_request_help(enum request r)
{
    /* Made on first use and kept: the help screen keeps pointers into its lines. */
    static char built[REQ_COUNT][160];
    if ((unsigned)r >= REQ_COUNT)
        return "";
    const struct request_info *ri = &tui_requests[r];
    if (!ri->formats || !ri->help)
        return ri->help ? ri->help : "";
    if (!built[r][0]) {
        char endings[96];
        snprintf(built[r], sizeof built[r], "%s %s", ri->help,
                 format_list(ri->formats, true, ", ", " or ", endings, sizeof endings));
    }
    return built[r];
}

/* Escapes roff's special characters in a key or help text. */
static void roff_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else
            fputc(*s, out);
    }
}

void tui_print_keys_roff(FILE *out)
{
    static const struct {
        unsigned view;
        const char *title;
    } groups[] = {
        {VK_CASES, "Case list"},  {VK_CASE, "Case view"},
        {VK_REMIND, "Reminders"}, {VK_PEOPLE, "People"},
        {VK_RULES, "Rules"},      {VK_STATS, "Statistics"},
        {VK_LOG, "Log"},          {VK_HOLIDAYS, "Bank holidays"},
        {VK_UNDO, "Undo"},        {VK_WELCOME, "Welcome screen"},
        {VK_FORM, "Forms"},
    };
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        fprintf(out, ".SS %s\n", groups[g].title);
        for (int r = 1; r < REQ_COUNT; r++) {
            const struct request_info *ri = &tui_requests[r];
            if (!(ri->views & groups[g].view))
                continue;
            fputs(".TP\n.B ", out);
            roff_text(out, ri->keys);
            fputc('\n', out);
            roff_text(out, tui_request_help((enum request)r));
            fputs(".\n", out);
        }
    }
}
