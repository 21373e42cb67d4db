/* Every user action of the front end, declared once: its keys, name and help. The footer, the
 * help screen and the man page's key list are all made from this table. */
#include <stdio.h>

#include "ophamp/tui.h"
#include "tui_internal.h"

#define ESC 27
#define CTRL(c) ((c)&0x1f)

const struct request_info tui_requests[REQ_COUNT] = {
    [REQ_NONE] = {0},
    [REQ_MOVE_UP] = {'k', KEY_UP, "k, Up", "up", "Move up one row", VK_LISTS, false},
    [REQ_MOVE_DOWN] = {'j', KEY_DOWN, "j, Down", "down", "Move down one row", VK_LISTS, false},
    [REQ_PAGE_UP] = {KEY_PPAGE, CTRL('b'), "PgUp", "page-up", "Move up one screen", VK_LISTS,
                     false},
    [REQ_PAGE_DOWN] = {KEY_NPAGE, CTRL('f'), "PgDn", "page-down", "Move down one screen", VK_LISTS,
                       false},
    [REQ_FIRST] = {'g', KEY_HOME, "g, Home", "first", "Go to the first row", VK_LISTS, false},
    [REQ_LAST] = {'G', KEY_END, "G, End", "last", "Go to the last row", VK_LISTS, false},
    [REQ_OPEN] = {'\n', KEY_ENTER, "Enter", "open", "Open the case under the cursor",
                  VK_CASES | VK_REMIND, true},
    [REQ_BACK] = {'q', ESC, "q, Esc", "back", "Go back (quit from the case list)",
                  VK_ALL & ~VK_FORM, true},
    [REQ_SEARCH] = {'/', 0, "/", "search", "Search names, references and text",
                    VK_CASES | VK_PEOPLE, true},
    [REQ_HELP] = {'?', KEY_F(1), "?, F1", "help", "Show every key", VK_ALL & ~VK_FORM, true},
    [REQ_VIEW_CASES] = {'c', 0, "c", "cases", "The case list", VK_LISTS & ~VK_CASES, false},
    [REQ_VIEW_REMIND] = {'r', 0, "r", "reminders", "Every overdue and due item",
                         VK_LISTS | VK_WELCOME, true},
    [REQ_VIEW_PEOPLE] = {'p', 0, "p", "people", "Staff: add and find", VK_LISTS, false},
    [REQ_VIEW_RULES] = {'u', 0, "u", "rules", "The due-time rules", VK_LISTS, false},
    [REQ_VIEW_STATS] = {'a', 0, "a", "statistics",
                        "Statistics: the scrutiny report with bar charts", VK_LISTS, true},
    [REQ_STATS_PERIOD] = {'f', 0, "f", "period",
                          "Cycle the period: last 12 months / this year / all time", VK_STATS,
                          true},
    [REQ_FILTER] = {'f', 0, "f", "filter", "Cycle open / overdue / closed / all / due for review",
                    VK_CASES, true},
    [REQ_CUSTODY] = {'t', 0, "t", "custody", "Custody assaults only, or all", VK_CASES, false},
    [REQ_SORT] = {'s', 0, "s", "sort", "Sort by date or by next due", VK_CASES, false},
    [REQ_EXPORT] = {'x', 0, "x", "export",
                    "Export the case to a file: .html (printable), .md, .json or .txt", VK_CASE,
                    true},
    [REQ_QUIT] = {CTRL('q'), 0, "Ctrl-Q", "quit",
                  "Quit ophamp (a form with typed input asks first)", VK_ALL, false},
    [REQ_NEW_CASE] = {'N', 0, "N", "new-case", "Log a new assault", VK_CASES | VK_WELCOME, true},
    [REQ_STEP_DONE] = {'D', 0, "D", "step-done", "Complete the step under the cursor", VK_CASE,
                       true},
    [REQ_STEP_NA] = {'X', 0, "X", "step-na", "Mark the step not applicable (with a reason)",
                     VK_CASE, true},
    [REQ_ASSIGN] = {'A', 0, "A", "assign", "Assign a role holder (a new one added by name)",
                    VK_CASE, true},
    [REQ_WELFARE] = {'W', 0, "W", "welfare", "Record a welfare contact", VK_CASE, true},
    [REQ_VICTIM_UPDATE] = {'V', 0, "V", "victim-update", "Record an update to the victim", VK_CASE,
                           true},
    [REQ_EVIDENCE_ADD] = {'E', 0, "E", "evidence", "Add an evidence item", VK_CASE, true},
    [REQ_EVIDENCE_UPDATE] = {'U', 0, "U", "evidence-status", "Change an evidence item's status",
                             VK_CASE, true},
    [REQ_FOLLOWUP_DONE] = {'P', 0, "P", "follow-up-done", "Complete a follow-up", VK_CASE, true},
    [REQ_NOTE] = {'M', 0, "M", "note", "Add a note to the timeline", VK_CASE, true},
    [REQ_EDIT_FACTS] = {'F', 0, "F", "edit", "Edit the facts of the case", VK_CASE, true},
    [REQ_CLOSE_CASE] = {'C', 0, "C", "close", "Close the case with its outcome (asks first)",
                        VK_CASE, true},
    [REQ_NEW_PERSON] = {'N', 0, "N", "new-person", "Add a member of staff", VK_PEOPLE, true},
    [REQ_EDIT_PERSON] = {'\n', KEY_ENTER, "Enter", "edit-person",
                         "Change the person under the cursor", VK_PEOPLE, true},
    [REQ_EDIT_RULE] = {'E', '\n', "E, Enter", "edit-rule", "Change the rule under the cursor",
                       VK_RULES, true},
    [REQ_LOAD_DEMO] = {'L', 0, "L", "load-demo", "Load 200 demo cases to try the program",
                       VK_WELCOME, true},
    [REQ_REVIEW] = {'R', 0, "R", "review", "Review of a decision not to prosecute", VK_CASE, true},
    [REQ_ADD_RULE] = {'N', 0, "N", "add-rule", "Add a follow-up of the force's own", VK_RULES,
                      true},
    [REQ_REMOVE_RULE] = {'X', 0, "X", "remove-rule", "Remove the force's rule (asks first)",
                         VK_RULES, true},
    [REQ_FORM_NEXT] = {'\t', KEY_DOWN, "Tab, Down", "next-field", "Next field", VK_FORM, true},
    [REQ_FORM_PREV] = {KEY_BTAB, KEY_UP, "S-Tab, Up", "previous-field", "Previous field", VK_FORM,
                       true},
    [REQ_FORM_SAVE] = {CTRL('s'), KEY_F(2), "Ctrl-S, F2", "save", "Save the form", VK_FORM, true},
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
        {VK_CASES, "Case list"},        {VK_CASE, "Case view"}, {VK_REMIND, "Reminders"},
        {VK_PEOPLE, "People"},          {VK_RULES, "Rules"},    {VK_STATS, "Statistics"},
        {VK_WELCOME, "Welcome screen"}, {VK_FORM, "Forms"},
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
            roff_text(out, ri->help);
            fputs(".\n", out);
        }
    }
}
