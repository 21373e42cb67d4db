/* The first run: an empty database opens here, on what ophamp is for, with the two ways to
 * begin (log the first case, or try the program on demo data, in a database of its own beside
 * this one). Once there is a case, the case list takes its place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "tui_internal.h"

#define DEMO_CASES 200
#define DEMO_SEED 1

static const char *const INTRO[] = {
    "ophamp keeps the cases of Operation Hampshire: the national minimum standard for how a "
    "police force responds when one of its officers or staff is assaulted at work.",
    "You log the assault; ophamp walks the case through the seven-point plan, works out when "
    "each point is due, reminds you of what is due today or overdue, and keeps an audit log "
    "of every change.",
};

static int case_count_cb(void *ctx, const struct case_row *r)
{
    (void)r;
    *(bool *)ctx = true;
    return 1;
}

static bool has_cases(struct tui *t)
{
    struct case_filter f = {.kind = FILTER_ALL, .limit = 1, .now = t->app.now};
    struct oph_error err = {0};
    bool any = false;
    if (app_case_list(&t->app, &f, case_count_cb, &any, &err))
        tui_say(t, true, "%s", err.msg);
    return any;
}

/* The case list in this view's place (this view's state is freed). */
static void replace_with_list(struct tui *t)
{
    tui_pop(t);
    if (tui_push(t, &list_view_ops, NULL) != 0)
        tui_push(t, &welcome_view_ops, NULL); /* keeps the program up to show the message */
}

/* L: the demo database beside this one, made with DEMO_CASES cases the first time, in this
 * one's place: demo cases never go into the database the user keeps real cases in. */
static void open_demo(struct tui *t)
{
    char path[sizeof t->db_path];
    struct app demo;
    struct oph_error err = {0};
    long made = 0, all = 0;
    if (app_demo_path(t->db_path, path, sizeof path, &err) ||
        app_open(&demo, path, t->app.now, &err)) {
        tui_say(t, true, "%s", err.msg);
        return;
    }
    int rc = app_demo_counts(&demo, &made, &all, &err);
    if (rc == 0 && all > made)
        rc = oph_fail(&err, OPH_REFUSED,
                      "%s holds real cases, so it is not opened as the demo database", path);
    else if (rc == 0 && all == 0)
        rc = app_demo(&demo, DEMO_CASES, DEMO_SEED, false, NULL, NULL, &err);
    if (rc) {
        app_close(&demo);
        tui_say(t, true, "%s", err.msg);
        return;
    }
    app_close(&t->app);
    t->app = demo;
    text_copy(t->db_path, sizeof t->db_path, path);
    tui_check_demo(t);
    replace_with_list(t);
    tui_update_summary(t);
    tui_user_refresh(t); /* the demo names its own sergeant */
    tui_say(t, false,
            "Demo database open: %ld made-up cases. Your own database is untouched; starting "
            "ophamp again opens it. Try r for the reminders, Enter to open a case.",
            all ? all : (long)DEMO_CASES);
}

static void *welcome_open(struct tui *t, const void *arg)
{
    (void)t;
    (void)arg;
    static int no_state; /* the text is constant: nothing to keep */
    return &no_state;
}

static void welcome_resume(struct tui *t, void *state)
{
    (void)state;
    if (has_cases(t))
        replace_with_list(t); /* the first case was just logged */
}

/* Draws s wrapped to width from row *y; returns false once out of rows. */
static bool paragraph(const char *s, int *y, int x, int width, int bottom, attr_t attr)
{
    char line[512];
    while (*s) {
        if (*y >= bottom)
            return false;
        size_t n = text_fit(s, width);
        if (n >= sizeof line)
            n = sizeof line - 1;
        memcpy(line, s, n);
        line[n] = '\0';
        draw_text((*y)++, x, line, width, attr);
        s += n;
        while (*s == ' ')
            s++;
    }
    return true;
}

static void welcome_draw(struct tui *t, void *state, int top, int rows, int cols)
{
    (void)t;
    (void)state;
    int x = cols > 96 ? (cols - 90) / 2 : 2;
    int width = cols - 2 * x;
    int y = top + 1, bottom = top + rows;
    attr_t normal = theme_attr(CR_NORMAL), head = theme_attr(CR_HEADER);
    draw_text(y++, x, "Welcome to ophamp", width, head);
    y++;
    for (size_t i = 0; i < sizeof INTRO / sizeof *INTRO; i++) {
        if (!paragraph(INTRO[i], &y, x, width, bottom, normal))
            return;
        y++;
    }
    /* The seven points in two columns: as the plan's table titles them where they fit, else
     * by their short labels (80 columns). */
    int half = (STEP_COUNT + 1) / 2, colw = width / 2;
    bool titles = true;
    for (int i = 0; i < STEP_COUNT; i++)
        titles = titles && text_width(step_title((enum step_code)i)) <= colw - 2;
    const char *(*point)(enum step_code) = titles ? step_title : step_label;
    for (int i = 0; i < half && y < bottom; i++, y++) {
        draw_text(y, x + 2, point((enum step_code)i), colw - 2, normal);
        if (i + half < STEP_COUNT)
            draw_text(y, x + colw, point((enum step_code)(i + half)), width - colw, normal);
    }
    y++;
    static const struct {
        const char *key, *what;
    } CHOICES[] = {
        {"A", "Log the first assault (add a case)"},
        {"L", "Try the program on 200 made-up cases, in a demo database of their own"},
        {"q", "Quit"},
    };
    if (y < bottom)
        draw_text(y++, x, "This database has no cases yet.", width, normal);
    for (size_t i = 0; i < sizeof CHOICES / sizeof *CHOICES && y + 1 < bottom; i++) {
        y++;
        draw_text(y, x + 2, CHOICES[i].key, 4, head);
        draw_text(y, x + 6, CHOICES[i].what, width - 6, normal);
    }
}

static int welcome_handle(struct tui *t, void *state, enum request req, wint_t ch, bool is_key)
{
    (void)state;
    (void)ch;
    (void)is_key;
    switch (req) {
    case REQ_NEW_CASE:
        forms_open_new_case(t);
        return TUI_REDRAW;
    case REQ_LOAD_DEMO:
        open_demo(t);
        return TUI_REDRAW;
    case REQ_BACK:
        return tui_back(t);
    default:
        return tui_goto_view(t, req); /* draws only when it opened a view */
    }
}

const struct view_ops welcome_view_ops = {
    .title = "Welcome",
    .kind = VK_WELCOME,
    .open = welcome_open,
    .draw = welcome_draw,
    .handle = welcome_handle,
    .resume = welcome_resume,
};
