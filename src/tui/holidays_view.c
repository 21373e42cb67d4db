/* The bank holidays view (b): the one-off changes to the regular bank holidays of England and
 * Wales (the regular ones are computed); A adds one, X removes the one under the cursor (asks
 * first). Working days skip bank holidays, so the open cases' due times follow each change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui_internal.h"

#define HOLIDAYS_MAX 500

struct holiday_row {
    struct oph_date date;
    enum holiday_change change;
    char note[TXT(200)];
};

struct holidays_state {
    struct holiday_row rows[HOLIDAYS_MAX];
    int n;
    int cursor, top, page;
    int first_y; /* the screen row of the first row shown, for the mouse */
};

static int keep_holiday(void *ctx, struct oph_date d, enum holiday_change c, const char *note)
{
    struct holidays_state *s = ctx;
    if (s->n == HOLIDAYS_MAX)
        return 1;
    struct holiday_row *r = &s->rows[s->n++];
    r->date = d;
    r->change = c;
    snprintf(r->note, sizeof r->note, "%s", note ? note : "");
    return 0;
}

static void load(struct tui *t, struct holidays_state *s)
{
    struct oph_error err = {0};
    s->n = 0;
    if (app_holiday_list(&t->app, keep_holiday, s, &err))
        tui_say(t, true, "%s", err.msg);
    tui_scroll(REQ_NONE, s->n, s->page, &s->cursor, &s->top);
}

static void *holidays_open(struct tui *t, const void *arg)
{
    (void)arg;
    struct holidays_state *s = calloc(1, sizeof *s);
    if (!s) {
        tui_say(t, true, "out of memory");
        return NULL;
    }
    s->page = t->rows > 6 ? t->rows - 6 : 1;
    load(t, s);
    return s;
}

static void holidays_close(void *state)
{
    free(state);
}

static void holidays_resume(struct tui *t, void *state)
{
    load(t, state);
}

static void holidays_draw(struct tui *t, void *state, int top, int rows, int cols)
{
    (void)t;
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    struct holidays_state *s = state;
    s->first_y = top + 2;
    s->page = rows - 3 > 1 ? rows - 3 : 1;
    tui_scroll(REQ_NONE, s->n, s->page, &s->cursor, &s->top);
    draw_text(top, 0,
              " The regular bank holidays are worked out; these are the one-off changes. "
              "Working days skip bank holidays.",
              cols, theme_attr(CR_MUTED));
    char line[1024];
    snprintf(line, sizeof line, " %-16s%-14s%s", "Date", "Change", "Note");
    draw_text(top + 1, 0, line, cols, theme_attr(CR_HEADER));
    if (s->n == 0) {
        draw_text(top + 3, 0, " No changes. A adds a one-off bank holiday.", cols,
                  theme_attr(CR_MUTED));
        return;
    }
    for (int i = 0; i < s->page && s->top + i < s->n; i++) {
        const struct holiday_row *r = &s->rows[s->top + i];
        attr_t attr = theme_attr(s->top + i == s->cursor ? CR_CURSOR : CR_NORMAL);
        snprintf(line, sizeof line, " %s %04d-%02d-%02d  %-14s%s", days[cal_weekday(r->date)],
                 r->date.year, r->date.month, r->date.day,
                 r->change == HOLIDAY_ADD ? "added" : "not held", r->note);
        draw_text(top + 2 + i, 0, line, cols, attr);
    }
}

static void reset_answer(struct tui *t, void *ctx, bool yes)
{
    struct holidays_state *s = ctx;
    if (!yes || s->cursor >= s->n)
        return;
    struct oph_date d = s->rows[s->cursor].date;
    struct oph_error err = {0};
    if (app_holiday_delete(&t->app, d, &err)) {
        tui_say(t, true, "%s", err.msg);
        return;
    }
    tui_say(t, false,
            "%04d-%02d-%02d is back to the regular rule; the due times of open cases "
            "follow",
            d.year, d.month, d.day);
    load(t, s);
    tui_update_summary(t);
}

static int holidays_handle(struct tui *t, void *state, enum request req, wint_t ch, bool is_key)
{
    (void)ch;
    (void)is_key;
    struct holidays_state *s = state;
    if (tui_scroll(req, s->n, s->page, &s->cursor, &s->top))
        return TUI_REDRAW;
    switch (req) {
    case REQ_HOLIDAY_ADD:
        forms_open_holiday(t);
        return TUI_REDRAW;
    case REQ_HOLIDAY_RESET:
        if (s->n > 0) {
            char q[160];
            const struct holiday_row *r = &s->rows[s->cursor];
            snprintf(q, sizeof q, "Remove the change of %04d-%02d-%02d (back to the regular rule)?",
                     r->date.year, r->date.month, r->date.day);
            tui_ask(t, q, reset_answer, s);
        }
        return TUI_REDRAW;
    case REQ_VIEW_HOLIDAYS:
        return TUI_REDRAW; /* already here */
    case REQ_BACK:
        return tui_back(t);
    default:
        return tui_goto_view(t, req); /* draws only when it opened a view */
    }
}

static void holidays_position(void *state, char *buf, size_t n)
{
    struct holidays_state *s = state;
    tui_position_of(s->cursor, s->n, buf, n);
}

/* A click puts the cursor on the row, a double click opens it; the wheel moves. */
static int holidays_mouse(struct tui *t, void *state, enum mouse_act act, int y, int x)
{
    (void)t;
    (void)x;
    struct holidays_state *s = state;
    bool open = false;
    if (!tui_mouse_rows(act, y, s->first_y, s->n, s->page, &s->cursor, &s->top, &open))
        return TUI_OK;
    (void)open;
    return TUI_REDRAW;
}

const struct view_ops holidays_view_ops = {
    .mouse = holidays_mouse,
    .title = "Bank holidays",
    .kind = VK_HOLIDAYS,
    .open = holidays_open,
    .draw = holidays_draw,
    .handle = holidays_handle,
    .resume = holidays_resume,
    .close = holidays_close,
    .position = holidays_position,
};
