/* Private to the terminal front end: requests (every user action, declared once), views as
 * tables of functions, the front end's state, drawing helpers and semantic colours. */
#ifndef OPHAMP_TUI_INTERNAL_H
#define OPHAMP_TUI_INTERNAL_H

#define _XOPEN_SOURCE_EXTENDED 1
#include <ncursesw/curses.h>
#include <stdbool.h>
#include <wchar.h>

#include "ophamp/app.h"

/* ---- requests: every user action, with its key, name and help ------------------------- */

/* Which views a request works in. */
enum view_kind {
    VK_CASES = 1u << 0,
    VK_CASE = 1u << 1,
    VK_REMIND = 1u << 2,
    VK_PEOPLE = 1u << 3,
    VK_RULES = 1u << 4,
    VK_HELP = 1u << 5,
    VK_WELCOME = 1u << 6,
    VK_FORM = 1u << 7,
    VK_STATS = 1u << 8,
    VK_MESSAGES = 1u << 9,
    VK_LOG = 1u << 10,
    VK_HOLIDAYS = 1u << 11,
    VK_UNDO = 1u << 12, /* the confirmation screen of an undo */
    VK_LISTS = VK_CASES | VK_CASE | VK_REMIND | VK_PEOPLE | VK_RULES | VK_HELP | VK_STATS |
               VK_MESSAGES | VK_LOG | VK_HOLIDAYS,
    VK_ALL = 0x1FFFu,
};

enum request {
    REQ_NONE,
    /* moving (lower case, never change data) */
    REQ_MOVE_UP,
    REQ_MOVE_DOWN,
    REQ_PAGE_UP,
    REQ_PAGE_DOWN,
    REQ_FIRST,
    REQ_LAST,
    REQ_OPEN,
    REQ_BACK,
    REQ_SEARCH,
    REQ_SEARCH_NEXT,
    REQ_SEARCH_PREV,
    REQ_HELP,
    REQ_VIEW_CASES,
    REQ_VIEW_REMIND,
    REQ_VIEW_PEOPLE,
    REQ_VIEW_RULES,
    REQ_VIEW_STATS,
    REQ_VIEW_LOG,
    REQ_VIEW_HOLIDAYS,
    REQ_STATS_PERIOD,
    REQ_FILTER,
    REQ_CUSTODY,
    REQ_MINE,
    REQ_SORT,
    REQ_REVERSE,
    REQ_REMIND_KIND,
    REQ_OFF_WORK,
    REQ_HORIZON,
    REQ_EXPORT,
    REQ_STATS_EXPORT,
    REQ_MESSAGES,
    REQ_QUIT,
    REQ_UNDO_CANCEL,
    /* changing data (upper case; each opens a form or asks first) */
    REQ_NEW_CASE,
    REQ_STEP_DONE,
    REQ_STEP_NA,
    REQ_ASSIGN,
    REQ_WELFARE,
    REQ_VICTIM_UPDATE,
    REQ_EVIDENCE_ADD,
    REQ_EVIDENCE_UPDATE,
    REQ_FOLLOWUP_DONE,
    REQ_NOTE,
    REQ_DECISION,
    REQ_EDIT_FACTS,
    REQ_CLOSE_CASE,
    REQ_NEW_PERSON,
    REQ_EDIT_PERSON,
    REQ_EDIT_RULE,
    REQ_MARKING,
    REQ_HOLIDAY_ADD,
    REQ_HOLIDAY_RESET,
    REQ_UNDO,
    REQ_UNDO_CONFIRM,
    REQ_WHOAMI,
    REQ_LOAD_DEMO,
    REQ_REVIEW,
    REQ_ADD_RULE,
    REQ_REMOVE_RULE,
    /* in forms */
    REQ_FORM_NEXT,
    REQ_FORM_PREV,
    REQ_FORM_SAVE,
    REQ_COUNT
};

struct request_info {
    int key, key2;    /* ncurses key codes or characters; 0 when none */
    const char *keys; /* as shown: "j, Down" */
    const char *name; /* the action in a word or two, as the footer says it: "done" */
    const char *help; /* "Move down one row" */
    unsigned views;   /* enum view_kind bits */
    int footer;       /* order of claim on the footer's room: 1 first; 0 not in the footer */
    /* The commands of the command line this request does ("step done, followup done"), or
     * NULL: every command has a key or is listed as the command line's own by a test, and
     * messages that name a command name its key instead. */
    const char *commands;
    /* An export's formats (enum format_writes bits, formats.h): its help is followed by the
     * file endings of the formats that write these, from the output-format table; 0: none. */
    unsigned formats;
};

extern const struct request_info tui_requests[REQ_COUNT];
/* The help line of request r as the help screen and the man page show it: its help, and for
 * an export the endings it takes (".txt, .md, .html or .json"). The text stays valid for the
 * run (it is made once). */
const char *tui_request_help(enum request r);

/* The request a key makes in a view, or REQ_NONE. */
enum request tui_request_for(int key, unsigned view);

/* ---- views ------------------------------------------------------------------------- */

struct tui;
typedef void (*ask_fn)(struct tui *t, void *ctx, bool yes);
typedef void (*prompt_fn)(struct tui *t, void *ctx, const char *text);

enum tui_flags { TUI_OK = 0, TUI_REDRAW = 1, TUI_QUIT = 2 };

/* What the mouse did (ncurses reports it; OPHAMP_MOUSE=off turns it off). */
enum mouse_act { MOUSE_CLICK, MOUSE_DOUBLE, MOUSE_WHEEL_UP, MOUSE_WHEEL_DOWN };
/* Rows the wheel moves at a turn. */
#define MOUSE_WHEEL_ROWS 3
/* A mouse turn in a list of n rows held in memory, its first row drawn at screen row first_y
 * and top the first shown: a click puts the cursor on the row clicked (returns true), a
 * double click also opens it (*open), the wheel moves the cursor by MOUSE_WHEEL_ROWS. */
bool tui_mouse_rows(enum mouse_act act, int y, int first_y, int n, int page, int *cursor, int *top,
                    bool *open);

struct view_ops {
    const char *title;
    enum view_kind kind;
    /* Returns the view's private state (NULL on failure, with t->message set). */
    void *(*open)(struct tui *t, const void *arg);
    /* Draws into rows lines of cols columns starting at screen row `top`. */
    void (*draw)(struct tui *t, void *state, int top, int rows, int cols);
    /* A request (or REQ_NONE with the raw key in ch); returns enum tui_flags. */
    int (*handle)(struct tui *t, void *state, enum request req, wint_t ch, bool is_key);
    /* Called when the view comes back to the top of the stack (data may have changed). */
    void (*resume)(struct tui *t, void *state);
    void (*close)(void *state);
    /* Optional: whether the user has typed something that leaving would lose (a form), so
     * that Ctrl-C asks first as Esc and Ctrl-Q do. */
    bool (*has_input)(void *state);
    /* Optional: where the cursor is, "12 of 150", for the right end of the status line. */
    void (*position)(void *state, char *buf, size_t n);
    /* Optional: a click (select what is there), a double click (open it) or the wheel at
     * screen row y, column x. Returns enum tui_flags. Without it, the wheel moves as j and k. */
    int (*mouse)(struct tui *t, void *state, enum mouse_act act, int y, int x);
};

extern const struct view_ops list_view_ops, case_view_ops, remind_view_ops, people_view_ops,
    rules_view_ops, help_view_ops, welcome_view_ops, stats_view_ops, messages_view_ops,
    log_view_ops, holidays_view_ops, undo_view_ops;

#define VIEW_STACK_MAX 16

struct view_frame {
    const struct view_ops *ops;
    void *state;
};

/* A message of the status line, kept for the messages view. */
#define MESSAGES_KEPT 30
struct tui_message {
    char text[512];
    oph_time at;
    bool error;
};

struct tui {
    struct app app;
    struct view_frame stack[VIEW_STACK_MAX];
    int depth;
    int rows, cols;
    bool color;
    char message[512]; /* shown on the status line until the next key */
    bool message_is_error;
    struct tui_message messages[MESSAGES_KEPT]; /* the last ones, a ring: n_messages in all */
    long n_messages;
    long n_overdue, n_due_today; /* the reminder summary */
    struct {
        bool active, yesno;
        char label[128];
        char text[512];
        ask_fn ask;
        prompt_fn done;
        void *ctx;
    } prompt;
    FILE *keys; /* scripted keys (OPHAMP_KEYS_FILE) instead of the keyboard */
    /* The mouse: on unless OPHAMP_MOUSE=off; a scripted key's event ("<Click:5,10>"). */
    bool mouse;
    struct {
        bool pending;
        enum mouse_act act;
        int y, x;
    } scripted_mouse;
    FILE *timing; /* per-key timings (OPHAMP_TIMING), for the benchmark */
    /* Who the user is (every change is signed by them), as the title bar shows them; and the
     * request to carry out once they have named themselves. */
    struct person user;
    bool has_user;
    char user_label[512];
    enum request after_whoami;
    /* Where a view wants the terminal cursor (a form's field); draw() resets it to -1 (hidden)
     * before the view draws and moves it there last, after the status and footer lines. */
    int cursor_y, cursor_x;
    bool clock_runs;    /* app.now follows the system clock (OPHAMP_NOW fixes it) */
    char db_path[4096]; /* the database open, shown in the title when it is a demo */
    bool demo;          /* it holds demo cases: the title says DEMO */
};

/* Pushes a view (arg passed to its open). Returns 0, or -1 with t->message set. */
int tui_push(struct tui *t, const struct view_ops *ops, const void *arg);
/* Pops the top view; the one below is refreshed. */
void tui_pop(struct tui *t);
/* A mouse event read after KEY_MOUSE, handed to the view under it (mouse.c); returns enum
 * tui_flags. Whether to take the mouse at all: yes, unless OPHAMP_MOUSE says off. */
int tui_handle_mouse(struct tui *t);
bool tui_mouse_wanted(void);
/* q/Esc in a view: pops it, or quits from the first view. Returns enum tui_flags. */
int tui_back(struct tui *t);
/* A refusal worded for the terminal: its message, and when it needs a record that a key of
 * the case view makes (err->field: a welfare contact, the roles, evidence items), that key
 * ("(press W)"), from the request table; never from the message's words. */
void tui_word_error(const struct oph_error *err, char *out, size_t size);
/* The key that records what err->field names, or NULL (REQ_WELFARE's W ...). */
const char *tui_field_key(enum oph_field field);
/* Keeps the status line's message for the messages view (messages_view.c). */
void tui_keep_message(struct tui *t);
/* Sets the status-line message (printf-like). */
void tui_say(struct tui *t, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Who the user is, read again (whoami_form.c). */
void tui_user_refresh(struct tui *t);
/* Whether a request changes data (so it needs someone named to sign it). */
bool tui_request_changes_data(enum request req);
/* The "Who are you?" form; once saved, `then` (or REQ_NONE) is carried out in the view below. */
int tui_whoami_open(struct tui *t, enum request then);
/* Puts what the last action changed by itself (the app's notice) before the message. */
void tui_say_notice(struct tui *t);
/* u: the confirmation screen of the user's last action, or a message saying why there is
 * nothing to take back (undo_view.c). */
void tui_undo_open(struct tui *t);
/* Recounts the reminder summary. */
void tui_update_summary(struct tui *t);
/* Whether the open database holds demo cases (t->demo), read again after a change. */
void tui_check_demo(struct tui *t);
/* Asks a yes/no question on the status line; answer() is called with true only for y. The
 * main loop routes keys to it and draws it, like everything else. */
void tui_ask(struct tui *t, const char *question, ask_fn answer, void *ctx);
/* Reads a line of text on the status line (the / search); done() gets NULL on Esc. */
void tui_prompt(struct tui *t, const char *label, const char *initial, prompt_fn done, void *ctx);

/* Shared by the list views (list_common.c). Brings the view a request names (c, r, p, d, ?
 * …) to the top: back to it when it is open, else opens it, so views never stack up; u opens
 * the undo screen and I the "Who are you?" form. Returns TUI_REDRAW, or TUI_OK for any other
 * request. */
int tui_goto_view(struct tui *t, enum request req);
/* Moves a cursor over n rows held in memory for a moving request (up, down, pages, first,
 * last), with top, the first row shown, following it in a window of page rows. Returns false
 * for any other request; REQ_NONE only brings both back into range (after a reload). */
bool tui_scroll(enum request req, int n, int page, int *cursor, int *top);
/* n and N after a search (/): the next or previous row it matches, as in less and vim; the
 * rows of a searched list all match, so this is the row below or above, from the last round
 * to the first (and back), saying so. Moves *cursor over n rows held in memory (all of them:
 * more_before and more_after false) and returns true; says why not and returns false when
 * nothing was searched for or nothing matched. */
bool tui_search_step(struct tui *t, enum request req, const char *search, int n, int *cursor);
/* n with thousands separated, as a person reads a count: "1,000,000". */
const char *tui_count_words(long n, char *buf, size_t size);
/* "3 of 40" for a cursor over n rows held in memory (empty when there are none). */
void tui_position_of(int cursor, int n, char *buf, size_t size);
/* What n and N say when they go round the end of the list. */
void tui_search_wrapped(struct tui *t, enum request req);
/* A text that scrolls without a cursor (help, statistics): moves *top for a movement request
 * by a line, a page or to either end, kept within 0..last. Returns false for any other
 * request, leaving *top alone. */
bool tui_scroll_text(enum request req, int *top, int page, int last);

/* ---- the terminal (terminal.c) --------------------------------------------------------- */

/* Whether the terminal TERM names can run the front end (it must move its cursor); returns
 * 0, or -1 with why. Before the screen is set up. */
int tui_terminal_check(char *why, size_t n);
/* Whether the terminal set up has a screen of its own that it leaves on exit (an alternate
 * screen); without one the front end clears what it drew before it ends. */
bool tui_terminal_has_own_screen(void);

/* ---- colours: semantic roles --------------------------------------------------------- */

enum color_role {
    CR_NORMAL,
    CR_TITLE,
    CR_HEADER,
    CR_CURSOR,
    CR_OVERDUE,
    CR_DUE_TODAY,
    CR_DONE,
    CR_MUTED,
    CR_ERROR,
    CR_FOOTER,
    CR_FIELD,
    CR_COUNT
};

void theme_init(bool use_color);
attr_t theme_attr(enum color_role role);

/* ---- drawing ------------------------------------------------------------------------- */

/* Draws UTF-8 text from the database at (y, x) in at most width columns, neutralised (no
 * control characters or escape sequences reach the terminal), padded with spaces to width.
 * Returns the columns used before padding. */
int draw_text(int y, int x, const char *s, int width, attr_t attr);
/* Draws every character beyond ASCII as ASCII (a terminal whose locale is not UTF-8). */
void draw_set_ascii(bool on);
/* Display width of UTF-8 text (as draw_text would draw it). */
int text_width(const char *s);
/* Formats a time in London local time, or "—" for none. */
const char *fmt_local(oph_time t, char buf[OPH_LOCAL_LEN]);

/* ---- forms: a form is a view (form_view_ops, VK_FORM) opened with a struct form_spec * -- */

enum field_kind {
    FK_TEXT,      /* one line */
    FK_MULTILINE, /* free text, edited as one line (newlines are not typed) */
    FK_TIME,      /* London time, as when_parse reads it; shows what it was understood as */
    FK_CHOICE,    /* a vocabulary: Left/Right or Space cycles, a letter jumps */
    FK_YESNO,     /* enum tri */
    FK_PERSON,    /* a staff number; shows the person's name */
    FK_NUMBER     /* digits */
};

#define FF_REQUIRED 1u /* marked, and refused empty */
#define FF_OPTIONAL 2u /* a choice or yes/no may be left unset ("—", value -1) */
#define FF_FIXED 4u    /* shown, never focused or changed: the item the form was opened for */

struct form_field {
    enum field_kind kind;
    const char *key; /* unique in its form ("occurred") */
    /* What the core calls this field: a refusal naming it (err->field) is shown under it. */
    enum oph_field id, id2;
    const char *label; /* "Occurred" */
    const char *hint;  /* shown beside the field when there is nothing else to say */
    unsigned flags;
    size_t max_chars;
    char *value; /* text, time, person and number kinds: what was typed (UTF-8) */
    size_t cap;
    int choice;                /* choice: index or -1; yes/no: enum tri */
    const struct vocab *vocab; /* choice */
    const char *name_key;      /* person: the field whose name adds an unknown person inline */
    const char *show_key;      /* shown only while that choice field's value is in show_mask */
    unsigned show_mask;
    char error[512]; /* a refusal, shown under the field */
};

#define FORM_FIELDS_MAX 32

struct form_spec;
typedef int (*form_submit_fn)(struct tui *t, struct form_spec *s, struct oph_error *err);

struct form_spec {
    char title[128];
    char intro[1024]; /* a line under the title: the case, the rule … */
    struct form_field fields[FORM_FIELDS_MAX];
    int n_fields;
    /* Calls the app_* action: 0 saved (the form closes; say what was done with tui_say), -1
     * refused (err; set error_field, or the form shows it under the field whose id is
     * err->field, else under the item's field when err names an item). */
    form_submit_fn submit;
    /* Optional, before submit: writes a question to q and returns 1 (asked with tui_ask), 0
     * to submit at once, -1 to refuse with err. */
    int (*confirm)(struct tui *t, struct form_spec *s, char *q, size_t qsz, struct oph_error *err);
    void *ctx;
    void (*free_ctx)(void *ctx);
    int error_field;
    /* Set by submit: a view to open once the form has closed (the new case). */
    const struct view_ops *then_ops;
    char then_arg[64];
};

extern const struct view_ops form_view_ops;

/* A new form (exits on memory exhaustion, like every allocation of the front end). */
struct form_spec *form_new(const char *title, form_submit_fn submit, void *ctx,
                           void (*free_ctx)(void *));
void form_free(struct form_spec *s);
/* Opens the form as a view; it owns s from then on (freed on close or failure). */
int form_open(struct tui *t, struct form_spec *s);
/* Adds a field (max_chars 0: the kind's usual limit); returns it for the details. */
struct form_field *form_add(struct form_spec *s, enum field_kind kind, const char *key,
                            const char *label, unsigned flags, size_t max_chars);
struct form_field *form_find(struct form_spec *s, const char *key);
void form_set_text(struct form_field *f, const char *text);
void form_set_time(struct form_field *f, oph_time t);
void form_set_number(struct form_field *f, int n); /* n < 0: empty */
/* Whether a field is shown (its show_key choice allows it). */
bool form_shown(struct form_spec *s, const struct form_field *f);
/* Values for submit; hidden or missing fields read as empty (NULL text, -1, OPH_NO_TIME). */
const char *form_text(struct form_spec *s, const char *key);
int form_choice(struct form_spec *s, const char *key);
/* A time field read against now (the words of when_parse: "now", "14:10", "-2h" …). */
oph_time form_time(struct form_spec *s, const char *key, oph_time now);
int form_number(struct form_spec *s, const char *key);
/* Says what the core calls field f (and, with id2, a second thing it stands for); returns f. */
struct form_field *form_id(struct form_field *f, enum oph_field id, enum oph_field id2);
/* The shown field a refusal is about (err->field, or the item's field), or -1. */
int form_field_of(struct form_spec *s, const struct oph_error *err);
/* Names the field a refusal belongs to; returns -1 so a submit can `return form_fail(...)`. */
int form_fail(struct form_spec *s, const char *key);
/* Bytes of s that fit in width columns, broken after a space when the line is cut. */
size_t text_fit(const char *s, int width);
/* The form engine's own, between form.c (the view) and form_field.c (one field). */
bool form_field_is_text(const struct form_field *f);
const char *form_field_choice_name(const struct form_field *f);
/* An editing key on the field; *pos is its cursor (a byte offset). True if the value changed. */
bool form_field_key(struct tui *t, struct form_field *f, size_t *pos, wint_t ch, bool is_key);
/* What a form checks before asking the app (required, not a time, bad text); sets f->error. */
bool form_field_check(struct form_field *f, oph_time now);
int form_span_width(const char *s, size_t n); /* columns of the first n bytes */
size_t form_next_char(const char *s, size_t pos);

/* A staff-number field with "name if new" and "rank if new" fields under it (name_key,
 * rank_key): the person is found, or added with that name and rank when the form is saved. */
struct inline_person {
    const char *key, *name_key, *rank_key;
    struct person p;
    bool found;
};
/* Adds the staff-number field `key` (labelled, with its flags, hint and value) and the two
 * lines under it: "<key> name" and "<key> rank". Returns the number's field. */
struct form_field *forms_add_person_field(struct form_spec *s, const char *key, const char *label,
                                          unsigned flags, const char *hint, const char *number);
/* The inline person of the field `key` added by forms_add_person_field. */
struct inline_person forms_inline_person(const char *key);
/* Finds the person; refuses (on the number's field) an unknown number with no name. */
int forms_resolve_person(struct tui *t, struct form_spec *s, struct inline_person *ip,
                         struct oph_error *err);
/* Adds the person when forms_resolve_person() did not find them. */
int forms_add_inline_person(struct tui *t, struct form_spec *s, struct inline_person *ip,
                            struct oph_error *err);

/* The forms (forms.c, forms_case.c): each returns 0 when opened, -1 with a message. */
int forms_open_new_case(struct tui *t);
int forms_open_person(struct tui *t, const char *number_or_null);
int forms_open_rule(struct tui *t, const char *key);
int forms_open_holiday(struct tui *t);
int forms_open_marking(struct tui *t);
int forms_open_edit_facts(struct tui *t, const struct case_detail *c);
/* step, number: the item under the case view's cursor, or -1 / 0 to choose in the form. */
int forms_open_step_done(struct tui *t, const struct case_detail *c, int step);
int forms_open_step_na(struct tui *t, const struct case_detail *c, int step);
int forms_open_assign(struct tui *t, const struct case_detail *c);
int forms_open_welfare(struct tui *t, const struct case_detail *c);
int forms_open_victim_update(struct tui *t, const struct case_detail *c);
int forms_open_evidence_add(struct tui *t, const struct case_detail *c);
/* status: the new status to offer, or -1 for the usual (secured, for one requested). */
int forms_open_evidence_update(struct tui *t, const struct case_detail *c, int number, int status);
int forms_open_followup_done(struct tui *t, const struct case_detail *c, int number);
int forms_open_followup_na(struct tui *t, const struct case_detail *c, int number);
int forms_open_note(struct tui *t, const struct case_detail *c);
int forms_open_decision(struct tui *t, const struct case_detail *c);
int forms_open_close(struct tui *t, const struct case_detail *c);
int forms_open_review(struct tui *t, const struct case_detail *c);
int forms_open_rule_add(struct tui *t);

/* x: asks for a file name in the documents folder, offering `name` (the format follows its
 * extension), and writes there, asking before it replaces a file; the status line says where
 * it went or why not (case_export.c). */
struct tui_save {
    const char *prompt; /* "Export to": the formats' endings follow, "(.txt .md .html .json):" */
    unsigned writes;    /* the formats that write it (formats.h): their endings are the names */
    const char *what;   /* "<what> written to <path>" */
    int (*write)(struct tui *t, void *ctx, const char *path, bool replace, struct oph_error *err);
};
void tui_save(struct tui *t, const struct tui_save *save, void *ctx, const char *name);
/* x in the case view: the case, as `ophamp export REF`. */
void tui_case_export(struct tui *t, const char *ref);

#endif
