/* The reminders view: every overdue, due-today and due-soon item across the cases, most
 * overdue first, computed by the app; Enter opens the item's case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/when.h"
#include "tui_internal.h"

/* Due soon: within a day, as `ophamp remind` counts it. */
#define SOON_SECONDS (24 * 3600)
/* The list is bounded by pending items, not by cases, but a neglected database could still
 * hold many: past this the view says how many more there are. */
#define REMIND_MAX 10000

struct remind_view {
    struct reminder *rows;
    int n, cap;
    long total, counts[3];
    int cursor, top, page;
};

static int keep_reminder(void *ctx, const struct reminder *r)
{
    struct remind_view *s = ctx;
    s->total++;
    s->counts[r->state]++;
    if (s->n == REMIND_MAX)
        return 0; /* keep counting */
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 256;
        if (cap > REMIND_MAX)
            cap = REMIND_MAX;
        struct reminder *rows = realloc(s->rows, sizeof *rows * (size_t)cap);
        if (!rows) {
            fputs("ophamp: out of memory\n", stderr);
            exit(3); /* atexit restores the terminal first */
        }
        s->rows = rows;
        s->cap = cap;
    }
    s->rows[s->n++] = *r;
    return 0;
}

static void load(struct tui *t, struct remind_view *s)
{
    struct oph_error err = {0};
    s->n = 0;
    s->total = s->counts[0] = s->counts[1] = s->counts[2] = 0;
    if (app_reminders(&t->app, SOON_SECONDS, keep_reminder, s, &err))
        tui_say(t, true, "%s", err.msg);
    tui_scroll(REQ_NONE, s->n, s->page, &s->cursor, &s->top);
}

static void *remind_open(struct tui *t, const void *arg)
{
    (void)arg;
    struct remind_view *s = calloc(1, sizeof *s);
    if (!s) {
        tui_say(t, true, "out of memory");
        return NULL;
    }
    s->page = t->rows > 6 ? t->rows - 6 : 1;
    load(t, s);
    return s;
}

static void remind_close(void *state)
{
    struct remind_view *s = state;
    free(s->rows);
    free(s);
}

static void remind_resume(struct tui *t, void *state)
{
    load(t, state);
}

static void remind_draw(struct tui *t, void *state, int top, int rows, int cols)
{
    struct remind_view *s = state;
    s->page = rows - 2 > 1 ? rows - 2 : 1;
    tui_scroll(REQ_NONE, s->n, s->page, &s->cursor, &s->top);
    char line[256];
    int n =
        snprintf(line, sizeof line, " %ld overdue \u00b7 %ld due today \u00b7 %ld due within a day",
                 s->counts[0], s->counts[1], s->counts[2]);
    if (s->total > s->n && n > 0)
        snprintf(line + n, sizeof line - (size_t)n, " \u00b7 the first %d shown", s->n);
    draw_text(top, 0, line, cols, theme_attr(CR_NORMAL));
    const int w_state = 10, w_due = 17, w_late = 14, w_ref = 15;
    snprintf(line, sizeof line, " %-*s%-*s%-*s%-*s%s", w_state, "State", w_due, "Due", w_late, "",
             w_ref, "Case", "Item");
    draw_text(top + 1, 0, line, cols, theme_attr(CR_HEADER));
    if (s->n == 0) {
        draw_text(top + 3, 0, " Nothing is overdue or due within a day.", cols,
                  theme_attr(CR_MUTED));
        return;
    }
    static const char *const STATE[] = {[REMIND_OVERDUE] = "overdue",
                                        [REMIND_DUE_TODAY] = "due today",
                                        [REMIND_DUE_SOON] = "due soon"};
    for (int i = 0; i < s->page && s->top + i < s->n; i++) {
        const struct reminder *r = &s->rows[s->top + i];
        int y = top + 2 + i;
        attr_t attr = theme_attr(r->state == REMIND_OVERDUE     ? CR_OVERDUE
                                 : r->state == REMIND_DUE_TODAY ? CR_DUE_TODAY
                                                                : CR_NORMAL);
        if (s->top + i == s->cursor)
            attr = theme_attr(CR_CURSOR) | (r->state == REMIND_OVERDUE ? A_BOLD : 0);
        char due[OPH_LOCAL_LEN], late[40];
        fmt_local(r->due_at, due);
        when_relative(r->due_at, t->app.now, late, sizeof late);
        int x = 0;
        draw_text(y, x, "", 1, attr);
        x += 1;
        draw_text(y, x, STATE[r->state], w_state, attr);
        x += w_state;
        draw_text(y, x, due, w_due, attr);
        x += w_due;
        draw_text(y, x, late, w_late, attr);
        x += w_late;
        draw_text(y, x, r->reference, w_ref, attr);
        x += w_ref;
        draw_text(y, x, r->item, cols - x, attr);
    }
}

static int remind_handle(struct tui *t, void *state, enum request req, wint_t ch, bool is_key)
{
    (void)ch;
    (void)is_key;
    struct remind_view *s = state;
    if (tui_scroll(req, s->n, s->page, &s->cursor, &s->top))
        return TUI_REDRAW;
    switch (req) {
    case REQ_OPEN:
        if (s->n > 0)
            tui_push(t, &case_view_ops, s->rows[s->cursor].reference);
        return TUI_REDRAW;
    case REQ_BACK:
        return tui_back(t);
    default:
        return tui_goto_view(t, req) | TUI_REDRAW;
    }
}

static void remind_position(void *state, char *buf, size_t n)
{
    struct remind_view *s = state;
    tui_position_of(s->cursor, s->n, buf, n);
}

const struct view_ops remind_view_ops = {
    .title = "Reminders",
    .kind = VK_REMIND,
    .open = remind_open,
    .draw = remind_draw,
    .handle = remind_handle,
    .resume = remind_resume,
    .close = remind_close,
    .position = remind_position,
};
