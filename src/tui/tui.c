/* The front end's main loop: terminal set-up and restore (on quit, error and Ctrl-C), the view
 * stack, the title, status and footer lines, the status-line prompt, and the only place that
 * draws. Handlers return flags; this loop draws when one asks (TUI_REDRAW), as htop does: a key
 * that changes nothing leaves the screen, and its message, as they were. */
#include "ophamp/tui.h"

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "ophamp/text.h"
#include "ophamp/xalloc.h"
#include "tui_internal.h"

#define MIN_COLS 80
#define MIN_ROWS 24

static volatile sig_atomic_t stop_signal;
static bool screen_up;
static bool clear_on_exit; /* no screen of its own to leave: what was drawn stays otherwise */

static void on_signal(int sig)
{
    stop_signal = sig;
}

/* Restores the terminal: safe to call twice, from any exit path. */
static void restore_terminal(void)
{
    if (screen_up) {
        if (clear_on_exit && !isendwin()) { /* nothing left on the shell's lines */
            erase();
            refresh();
        }
        endwin();
        screen_up = false;
    }
}

/* ---- the view stack ------------------------------------------------------------------ */

int tui_push(struct tui *t, const struct view_ops *ops, const void *arg)
{
    if (t->depth >= VIEW_STACK_MAX) {
        tui_say(t, true, "too many views open: go back first");
        return -1;
    }
    void *state = ops->open(t, arg);
    if (!state)
        return -1;
    t->stack[t->depth++] = (struct view_frame){ops, state};
    return 0;
}

void tui_pop(struct tui *t)
{
    if (t->depth == 0)
        return;
    struct view_frame *f = &t->stack[--t->depth];
    if (f->ops->close)
        f->ops->close(f->state);
    if (t->depth > 0) {
        struct view_frame *top = &t->stack[t->depth - 1];
        if (top->ops->resume)
            top->ops->resume(t, top->state);
    }
    tui_update_summary(t);
}

bool tui_scroll_text(enum request req, int *top, int page, int last)
{
    switch (req) {
    case REQ_MOVE_UP:
        --*top;
        break;
    case REQ_MOVE_DOWN:
        ++*top;
        break;
    case REQ_PAGE_UP:
        *top -= page;
        break;
    case REQ_PAGE_DOWN:
        *top += page;
        break;
    case REQ_FIRST:
        *top = 0;
        break;
    case REQ_LAST:
        *top = last;
        break;
    default:
        return false;
    }
    if (*top > last)
        *top = last;
    if (*top < 0)
        *top = 0;
    return true;
}

int tui_back(struct tui *t)
{
    if (t->depth <= 1)
        return TUI_QUIT; /* back from the first view is quitting */
    tui_pop(t);
    return TUI_REDRAW;
}

void tui_say(struct tui *t, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->message, sizeof t->message, fmt, ap);
    va_end(ap);
    t->message_is_error = error;
    tui_keep_message(t);
}

void tui_say_notice(struct tui *t)
{
    const char *n = t->app.notice;
    if (!*n)
        return;
    /* What the action did by itself comes first: the status line may cut the rest. */
    char said[sizeof t->message];
    text_copy(said, sizeof said, t->message);
    size_t o = 0;
    for (; *n && o + 2 < sizeof t->message; n++) {
        if (*n == '\n')
            t->message[o++] = ';';
        t->message[o++] = *n == '\n' ? ' ' : *n;
    }
    static const char sep[] = " \u00b7 ";
    if (said[0] && o + sizeof sep < sizeof t->message) {
        memcpy(t->message + o, sep, sizeof sep);
        o += sizeof sep - 1;
    }
    text_copy(t->message + o, sizeof t->message - o, said);
}

void tui_ask(struct tui *t, const char *question, ask_fn answer, void *ctx)
{
    memset(&t->prompt, 0, sizeof t->prompt);
    t->prompt.active = true;
    t->prompt.yesno = true;
    text_copy(t->prompt.label, sizeof t->prompt.label, question);
    t->prompt.ask = answer;
    t->prompt.ctx = ctx;
}

void tui_prompt(struct tui *t, const char *label, const char *initial, prompt_fn done, void *ctx)
{
    memset(&t->prompt, 0, sizeof t->prompt);
    t->prompt.active = true;
    text_copy(t->prompt.label, sizeof t->prompt.label, label);
    text_copy(t->prompt.text, sizeof t->prompt.text, initial ? initial : "");
    t->prompt.done = done;
    t->prompt.ctx = ctx;
}

static int count_reminder(void *ctx, const struct reminder *r)
{
    struct tui *t = ctx;
    if (r->state == REMIND_OVERDUE)
        t->n_overdue++;
    else if (r->state == REMIND_DUE_TODAY)
        t->n_due_today++;
    return 0;
}

void tui_update_summary(struct tui *t)
{
    struct oph_error err = {0};
    t->n_overdue = t->n_due_today = 0;
    if (app_reminders(&t->app, 0, count_reminder, t, &err))
        tui_say(t, true, "%s", err.msg);
}

void tui_check_demo(struct tui *t)
{
    long demo = 0;
    struct oph_error err = {0};
    t->demo = app_demo_counts(&t->app, &demo, NULL, &err) == 0 && demo > 0;
}

/* ---- keys ---------------------------------------------------------------------------- */

/* Names of special keys in a scripted-keys file: "<Down>", "<C-s>" … */
static const struct {
    const char *name;
    int key;
} key_names[] = {
    {"<Up>", KEY_UP},        {"<Down>", KEY_DOWN},  {"<Left>", KEY_LEFT}, {"<Right>", KEY_RIGHT},
    {"<PgUp>", KEY_PPAGE},   {"<PgDn>", KEY_NPAGE}, {"<Home>", KEY_HOME}, {"<End>", KEY_END},
    {"<Enter>", '\n'},       {"<Esc>", 27},         {"<Tab>", '\t'},      {"<S-Tab>", KEY_BTAB},
    {"<BS>", KEY_BACKSPACE}, {"<Space>", ' '},      {"<F1>", KEY_F(1)},   {"<F2>", KEY_F(2)},
    {"<C-s>", 19},           {"<C-q>", 17},         {"<C-u>", 21},        {"<Resize>", KEY_RESIZE},
    {"<Del>", KEY_DC},
};

/* Mouse events in a scripted-keys file: "<Click:Y,X>", "<DoubleClick:Y,X>", "<WheelUp:Y,X>",
 * "<WheelDown:Y,X>" (screen row and column from 0). */
static const struct {
    const char *name;
    enum mouse_act act;
} mouse_names[] = {
    {"Click", MOUSE_CLICK},
    {"DoubleClick", MOUSE_DOUBLE},
    {"WheelUp", MOUSE_WHEEL_UP},
    {"WheelDown", MOUSE_WHEEL_DOWN},
};

static bool scripted_mouse(struct tui *t, const char *tok)
{
    for (size_t i = 0; i < sizeof mouse_names / sizeof *mouse_names; i++) {
        size_t len = strlen(mouse_names[i].name);
        if (tok[0] != '<' || strncmp(tok + 1, mouse_names[i].name, len) != 0 || tok[1 + len] != ':')
            continue;
        int y, x, n = 0;
        if (sscanf(tok + 2 + len, "%d,%d>%n", &y, &x, &n) == 2 && n == (int)strlen(tok + 2 + len)) {
            t->scripted_mouse.pending = true;
            t->scripted_mouse.act = mouse_names[i].act;
            t->scripted_mouse.y = y;
            t->scripted_mouse.x = x;
            return true;
        }
    }
    return false;
}

/* The next scripted key: whitespace-separated tokens, each a key name, a mouse event or one
 * UTF-8 character. Returns ERR at the end of the file. */
static int scripted_key(struct tui *t, FILE *f, wint_t *ch)
{
    char tok[64];
    if (fscanf(f, "%63s", tok) != 1)
        return ERR;
    if (scripted_mouse(t, tok)) {
        *ch = KEY_MOUSE;
        return KEY_CODE_YES;
    }
    for (size_t i = 0; i < sizeof key_names / sizeof *key_names; i++)
        if (strcmp(tok, key_names[i].name) == 0) {
            *ch = (wint_t)key_names[i].key;
            return key_names[i].key >= KEY_MIN ? KEY_CODE_YES : OK;
        }
    wchar_t wc;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    if (mbrtowc(&wc, tok, strlen(tok), &st) > 0 && wc) {
        *ch = (wint_t)wc;
        return OK;
    }
    *ch = (wint_t)(unsigned char)tok[0];
    return OK;
}

static int read_key(struct tui *t, wint_t *ch)
{
    if (t->keys)
        return scripted_key(t, t->keys, ch);
    return get_wch(ch);
}

/* ---- drawing ------------------------------------------------------------------------- */

/* A demo database says so, and where it is (cut at the left to at most width columns). */
static int draw_demo_mark(struct tui *t, int x, int width, attr_t title)
{
    draw_text(0, x, "DEMO", 4, theme_attr(CR_ERROR));
    x += 5;
    const char *p = t->db_path;
    int w = text_width(p);
    if (w > width - 5) { /* the end of the path says most: "…/ophamp/ophamp-demo.db" */
        while (*p && text_width(p) > width - 6)
            p++;
        draw_text(0, x++, "\u2026", 1, title);
    }
    x += draw_text(0, x, p, text_width(p), title);
    return x + 1;
}

static void draw_title(struct tui *t, const struct view_frame *top)
{
    char summary[96];
    snprintf(summary, sizeof summary, "%ld overdue \u00b7 %ld due today ", t->n_overdue,
             t->n_due_today);
    attr_t title = theme_attr(CR_TITLE);
    draw_text(0, 0, "", t->cols, title);
    int w = text_width(summary), x = 1;
    draw_text(0, x, "ophamp", 6, title);
    x += 7;
    if (t->demo)
        x = draw_demo_mark(t, x, t->cols / 2 - x, title);
    draw_text(0, x, "\u2014", 1, title);
    x += 2;
    /* The view, then who is signing: "Cases · Sgt Alex Morgan (2210)". */
    char head[700];
    snprintf(head, sizeof head, "%s \u00b7 %s", top ? top->ops->title : "",
             t->has_user ? t->user_label : "nobody named");
    draw_text(0, x, head, t->cols - x - 1 - w, title);
    draw_text(0, t->cols - w, summary, w,
              t->n_overdue ? theme_attr(CR_OVERDUE) | A_REVERSE : title);
}

static void draw_footer(struct tui *t, unsigned view)
{
    /* The view's actions in words, as many as fit, those that matter most first (the
     * request table's footer order), shown in the table's order; then how to leave and how
     * to see every key, which always fit: q quits from the first view and goes back from any
     * other; a form is left with Esc (? is text there). */
    char tail[32];
    if (view == VK_FORM)
        snprintf(tail, sizeof tail, "Esc cancel");
    else
        snprintf(tail, sizeof tail, "q %s  ? help", t->depth <= 1 ? "quit" : "back");
    int room = t->cols - text_width(tail);
    bool take[REQ_COUNT] = {false};
    for (int order = 1; order <= 9; order++)
        for (int r = 1; r < REQ_COUNT; r++) {
            const struct request_info *ri = &tui_requests[r];
            if (ri->footer != order || !(ri->views & view))
                continue;
            int w = (int)strcspn(ri->keys, ",") + 1 + text_width(ri->name) + 2;
            if (w <= room) {
                take[r] = true;
                room -= w;
            }
        }
    char line[1024];
    size_t n = 0;
    for (int r = 1; r < REQ_COUNT && n < sizeof line - 64; r++)
        if (take[r]) {
            const struct request_info *ri = &tui_requests[r];
            n += (size_t)snprintf(line + n, sizeof line - n, "%.*s %s  ",
                                  (int)strcspn(ri->keys, ","), ri->keys, ri->name);
        }
    snprintf(line + n, sizeof line - n, "%s", tail);
    draw_text(t->rows - 1, 0, line, t->cols, theme_attr(CR_FOOTER));
}

static void draw_status(struct tui *t)
{
    int y = t->rows - 2;
    if (t->prompt.active) {
        char line[700];
        snprintf(line, sizeof line, "%s%s%s", t->prompt.label, t->prompt.yesno ? " (y/N) " : " ",
                 t->prompt.yesno ? "" : t->prompt.text);
        draw_text(y, 0, line, t->cols, theme_attr(CR_HEADER));
        if (!t->prompt.yesno) {
            curs_set(1);
            move(y, text_width(line) < t->cols ? text_width(line) : t->cols - 1);
        }
        return;
    }
    /* The view's place ("12 of 150") at the right end, when the message leaves room. */
    char where[64] = "";
    const struct view_frame *top = t->depth ? &t->stack[t->depth - 1] : NULL;
    if (top && top->ops->position)
        top->ops->position(top->state, where, sizeof where);
    attr_t attr = theme_attr(t->message_is_error ? CR_ERROR : CR_NORMAL);
    int room = t->cols - (where[0] ? text_width(where) + 2 : 0), width = text_width(t->message);
    if (width <= room) {
        draw_text(y, 0, t->message, room, attr);
        if (where[0])
            draw_text(y, t->cols - text_width(where) - 1, where, text_width(where),
                      theme_attr(CR_MUTED));
        return;
    }
    /* A longer message is cut here; m shows the last messages in full (a form takes m as
     * text, and shows a refusal in full under its field). */
    bool more = tui_requests[REQ_MESSAGES].views & (top ? (unsigned)top->ops->kind : 0);
    const char *hint = more ? "  m: read it all" : "";
    int hint_w = text_width(hint);
    draw_text(y, 0, t->message, t->cols - hint_w, attr);
    if (more)
        draw_text(y, t->cols - hint_w, hint, hint_w, theme_attr(CR_MUTED));
}

static void draw(struct tui *t)
{
    curs_set(0);
    t->cursor_y = t->cursor_x = -1;
    erase();
    getmaxyx(stdscr, t->rows, t->cols);
    if (t->rows < MIN_ROWS || t->cols < MIN_COLS) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "ophamp needs a terminal of at least %d\u00d7%d; this one is "
                 "%d\u00d7%d. Make it larger, or press q to quit.",
                 MIN_COLS, MIN_ROWS, t->cols, t->rows);
        int y = t->rows / 2, x = 0;
        for (const char *p = msg; *p && y < t->rows; y++) {
            char part[160];
            int n = (int)strlen(p);
            int take = n < t->cols ? n : t->cols;
            if (take < n) /* break at a space if one is near */
                for (int i = take; i > take / 2; i--)
                    if (p[i] == ' ') {
                        take = i;
                        break;
                    }
            snprintf(part, sizeof part, "%.*s", take, p);
            draw_text(y, x, part, t->cols, A_BOLD);
            p += take;
            while (*p == ' ')
                p++;
        }
        refresh();
        return;
    }
    struct view_frame *top = t->depth ? &t->stack[t->depth - 1] : NULL;
    draw_title(t, top);
    if (top)
        top->ops->draw(t, top->state, 1, t->rows - 3, t->cols);
    draw_status(t);
    draw_footer(t, top ? (unsigned)top->ops->kind : 0);
    if (t->prompt.active && !t->prompt.yesno) {
        draw_status(t); /* leaves the cursor in the prompt */
    } else if (t->cursor_y >= 0) {
        move(t->cursor_y, t->cursor_x); /* a form's field, placed last */
        curs_set(1);
    }
    refresh();
}

/* ---- the status-line prompt ---------------------------------------------------------- */

static void prompt_key(struct tui *t, int kind, wint_t ch)
{
    size_t len = strlen(t->prompt.text);
    void *ctx = t->prompt.ctx;
    if (t->prompt.yesno) {
        ask_fn answer = t->prompt.ask;
        t->prompt.active = false;
        answer(t, ctx, kind == OK && (ch == 'y' || ch == 'Y'));
        return;
    }
    prompt_fn done = t->prompt.done;
    if (kind == OK && ch == 27) {
        t->prompt.active = false;
        done(t, ctx, NULL);
    } else if (kind == OK && (ch == '\n' || ch == '\r')) {
        char text[sizeof t->prompt.text];
        memcpy(text, t->prompt.text, sizeof text);
        t->prompt.active = false;
        done(t, ctx, text);
    } else if ((kind == KEY_CODE_YES && ch == KEY_BACKSPACE) ||
               (kind == OK && (ch == 127 || ch == 8))) {
        while (len > 0 && ((unsigned char)t->prompt.text[len - 1] & 0xC0) == 0x80)
            len--;
        if (len > 0)
            t->prompt.text[len - 1] = '\0';
    } else if (kind == OK && ch == 21) { /* Ctrl-U clears */
        t->prompt.text[0] = '\0';
    } else if (kind == OK && ch >= 0x20 && ch != 0x7F && !(ch >= 0x80 && ch < 0xA0)) {
        char mb[MB_LEN_MAX];
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t n = wcrtomb(mb, (wchar_t)ch, &st);
        if (n != (size_t)-1 && len + n < 200) {
            memcpy(t->prompt.text + len, mb, n);
            t->prompt.text[len + n] = '\0';
        }
    }
}

/* ---- the loop ------------------------------------------------------------------------ */

static long elapsed_us(const struct timespec *a)
{
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (b.tv_sec - a->tv_sec) * 1000000L + (b.tv_nsec - a->tv_nsec) / 1000;
}

/* When the front end started (before the database was opened), for the first-screen time. */
static struct timespec started;

static bool interrupt_confirmed;

static void interrupt_answer(struct tui *t, void *ctx, bool yes)
{
    (void)t;
    (void)ctx;
    if (yes) { /* ends as Ctrl-C would have, once answered */
        interrupt_confirmed = true;
        stop_signal = SIGINT;
    }
}

/* Ctrl-C with typed input in a form asks first, as Esc and Ctrl-Q do; a second one (or any
 * other stop) ends the program at once. Returns true to end. */
static bool interrupted(struct tui *t)
{
    struct view_frame *top = t->depth ? &t->stack[t->depth - 1] : NULL;
    if (stop_signal != SIGINT || interrupt_confirmed || t->prompt.active || !top ||
        !top->ops->has_input || !top->ops->has_input(top->state))
        return true;
    stop_signal = 0;
    tui_ask(t, "Discard what you typed and quit ophamp?", interrupt_answer, NULL);
    draw(t);
    return false;
}

/* A handler starts from an empty message; what was shown is kept (in shown) until the loop
 * knows whether the screen is drawn again. */
static void keep_message(struct tui *t, char *shown)
{
    memcpy(shown, t->message, sizeof t->message);
    t->message[0] = '\0';
}

static int loop(struct tui *t)
{
    draw(t);
    if (t->timing)
        fprintf(t->timing, "first-screen %ld\n", elapsed_us(&started));
    for (;;) {
        if (stop_signal && interrupted(t))
            return 0; /* tui_main reports the signal once the terminal is restored */
        wint_t ch = 0;
        int kind = read_key(t, &ch);
        if (kind == ERR) {
            if (t->keys)
                return 0; /* end of the scripted keys */
            if (errno == EINTR || stop_signal)
                continue;
            continue; /* the half-second timeout: look at the signal flag again */
        }
        struct timespec key_started;
        clock_gettime(CLOCK_MONOTONIC, &key_started);
        if (t->clock_runs)
            t->app.now = (oph_time)time(NULL);
        int flags = TUI_REDRAW;
        char shown[sizeof t->message] = ""; /* the status line's message as drawn */
        if (kind == KEY_CODE_YES && ch == KEY_RESIZE) {
            /* ncurses has the new size; the redraw below uses it */
        } else if (kind == KEY_CODE_YES && ch == KEY_MOUSE) {
            if (getmaxy(stdscr) >= MIN_ROWS && getmaxx(stdscr) >= MIN_COLS) {
                keep_message(t, shown);
                flags = tui_handle_mouse(t);
                if (flags & TUI_QUIT)
                    return 0;
            }
        } else if (t->prompt.active) {
            prompt_key(t, kind, ch);
        } else if (kind == OK && ch == 17 &&
                   !(t->depth > 0 && t->stack[t->depth - 1].ops->kind == VK_FORM)) {
            return 0; /* Ctrl-Q; a form gets it as REQ_QUIT and asks before losing input */
        } else if (getmaxy(stdscr) < MIN_ROWS || getmaxx(stdscr) < MIN_COLS) {
            /* q quits from here, but never past a form: what was typed waits for the
             * terminal to grow again (Ctrl-Q still asks through the form). */
            bool form_open = t->depth > 0 && t->stack[t->depth - 1].ops->kind == VK_FORM;
            if (kind == OK && (ch == 'q' || ch == 27) && !form_open)
                return 0;
        } else if (t->depth > 0) {
            struct view_frame *top = &t->stack[t->depth - 1];
            int key = kind == KEY_CODE_YES ? (int)ch : (ch < 0x80 ? (int)ch : -1);
            enum request req = tui_request_for(key, (unsigned)top->ops->kind);
            keep_message(t, shown);
            if (tui_request_changes_data(req) && top->ops->kind != VK_FORM && !t->has_user) {
                tui_whoami_open(t, req); /* nothing is saved unsigned: ask once, then go on */
                flags = TUI_REDRAW;
            } else {
                flags = top->ops->handle(t, top->state, req, ch, kind == KEY_CODE_YES);
            }
            if (flags & TUI_QUIT)
                return 0;
            /* The whoami form has closed with someone named: the key that opened it now. */
            top = t->depth ? &t->stack[t->depth - 1] : NULL;
            if (top && top->ops->kind != VK_FORM && t->after_whoami != REQ_NONE) {
                enum request then = t->after_whoami;
                t->after_whoami = REQ_NONE;
                if (t->has_user)
                    flags = top->ops->handle(t, top->state, then, 0, false);
                if (flags & TUI_QUIT)
                    return 0;
            }
        }
        if (t->depth == 0)
            return 0;
        if (t->message[0]) /* a handler that has something to say is heard */
            flags |= TUI_REDRAW;
        if (flags & TUI_REDRAW)
            draw(t);
        else /* nothing changed: the status line says what it said */
            memcpy(t->message, shown, sizeof t->message);
        if (t->timing) { /* a line a key, there at once for whoever watches */
            fprintf(t->timing, "key %ld %s\n", elapsed_us(&key_started),
                    flags & TUI_REDRAW ? "drawn" : "kept");
            fflush(t->timing);
        }
    }
}

static int count_row(void *ctx, const struct case_row *r)
{
    (void)r;
    (*(long *)ctx)++;
    return 1;
}

/* A first run: no case yet, so the welcome screen explains the program. */
static bool database_is_empty(struct tui *t)
{
    struct case_filter f = {.kind = FILTER_ALL, .limit = 1, .now = t->app.now};
    long n = 0;
    struct oph_error err = {0};
    return app_case_list(&t->app, &f, count_row, &n, &err) == 0 && n == 0;
}

static FILE *open_env_file(const char *var, const char *mode)
{
    const char *path = getenv(var);
    if (!path || !*path)
        return NULL;
    FILE *f = fopen(path, mode);
    if (!f)
        fprintf(stderr, "ophamp: %s: cannot open %s: %s\n", var, path, strerror(errno));
    return f;
}

int tui_main(const char *db_path, oph_time now, bool clock_runs)
{
    static struct tui t; /* large; one per process */
    struct oph_error err = {0};
    clock_gettime(CLOCK_MONOTONIC, &started);
    memset(&t, 0, sizeof t);
    t.clock_runs = clock_runs;
    text_copy(t.db_path, sizeof t.db_path, db_path);
    setlocale(LC_ALL, "");
    /* A terminal whose locale is not UTF-8 gets ASCII; the text itself is UTF-8 whatever the
     * locale says, so it is read as UTF-8 and drawn as ASCII. */
    const char *codeset = nl_langinfo(CODESET);
    bool utf8 = codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
    if (!utf8 && setlocale(LC_CTYPE, "C.UTF-8"))
        draw_set_ascii(true);
    if (!isatty(STDOUT_FILENO) || (!getenv("OPHAMP_KEYS_FILE") && !isatty(STDIN_FILENO))) {
        fprintf(stderr, "ophamp: the terminal front end needs a terminal; see ophamp --help "
                        "for the commands\n");
        return 2;
    }
    char why[160];
    if (tui_terminal_check(why, sizeof why)) {
        char safe[sizeof why * 3];
        text_neutralise(why, safe, sizeof safe, false);
        fprintf(stderr,
                "ophamp: the terminal front end cannot start: %s; run it in a terminal such "
                "as xterm, screen or tmux, or use the commands (see ophamp --help)\n",
                safe);
        return 2;
    }
    if (app_open(&t.app, db_path, now, &err)) {
        char safe[sizeof err.msg * 3]; /* the message quotes the path, which may be anything */
        text_neutralise(err.msg, safe, sizeof safe, false);
        fprintf(stderr, "ophamp: %s\n", safe);
        return err.kind == OPH_DB ? 3 : 1;
    }
    t.keys = open_env_file("OPHAMP_KEYS_FILE", "r");
    t.timing = open_env_file("OPHAMP_TIMING", "w");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    atexit(restore_terminal);
    xalloc_on_failure(restore_terminal); /* the message after the terminal is back */
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (!screen) {
        fprintf(stderr, "ophamp: cannot use this terminal (TERM=%s)\n",
                getenv("TERM") ? getenv("TERM") : "");
        app_close(&t.app);
        return 2;
    }
    screen_up = true;
    clear_on_exit = !tui_terminal_has_own_screen();
    cbreak();
    /* Ctrl-S saves a form and Ctrl-Q quits: take them back from terminal flow control. */
    struct termios tio;
    if (tcgetattr(STDIN_FILENO, &tio) == 0) {
        tio.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
        tcsetattr(STDIN_FILENO, TCSANOW, &tio);
        def_prog_mode();
    }
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    t.mouse = tui_mouse_wanted();
    if (t.mouse) /* click, double click, the wheel */
        mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
                      | BUTTON5_PRESSED
#endif
                  ,
                  NULL);
    set_escdelay(25);
    timeout(500); /* wake twice a second to notice Ctrl-C and the like */
    const char *no_color = getenv("NO_COLOR");
    theme_init(!(no_color && *no_color));
    getmaxyx(stdscr, t.rows, t.cols);
    tui_check_demo(&t);
    tui_update_summary(&t);
    tui_user_refresh(&t);
    int rc = tui_push(&t, database_is_empty(&t) ? &welcome_view_ops : &list_view_ops, NULL);
    if (rc == 0)
        rc = loop(&t);
    while (t.depth > 0) {
        struct view_frame *f = &t.stack[--t.depth];
        if (f->ops->close)
            f->ops->close(f->state);
    }
    restore_terminal();
    if (stop_signal)
        fprintf(stderr, "ophamp: stopped by signal %d\n", (int)stop_signal);
    else if (rc && t.message[0])
        fprintf(stderr, "ophamp: %s\n", t.message);
    if (t.keys)
        fclose(t.keys);
    if (t.timing)
        fclose(t.timing);
    app_close(&t.app);
    if (stop_signal)
        return 128 + (int)stop_signal;
    return rc ? 3 : 0;
}
