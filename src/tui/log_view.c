/* The log view (l): who did what, the newest action first: its number, when it was saved (UTC,
 * the log's own time), who signed it, what it was and its case; Enter opens the case. The
 * newest LOG_MAX are held (`ophamp log` lists them all). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui_internal.h"

#define LOG_MAX 2000

struct log_state {
    struct log_action *rows;
    int n;
    bool more;
    int cursor, top, page;
    int first_y; /* the screen row of the first row shown, for the mouse */
};

static int keep_action(void *ctx, const struct log_action *a)
{
    struct log_state *s = ctx;
    if (s->n == LOG_MAX) {
        s->more = true;
        return 1;
    }
    s->rows[s->n++] = *a;
    return 0;
}

static void load(struct tui *t, struct log_state *s)
{
    struct oph_error err = {0};
    s->n = 0;
    s->more = false;
    if (app_log(&t->app, NULL, LOG_MAX + 1, keep_action, s, &err))
        tui_say(t, true, "%s", err.msg);
    tui_scroll(REQ_NONE, s->n, s->page, &s->cursor, &s->top);
}

static void *log_open(struct tui *t, const void *arg)
{
    (void)arg;
    struct log_state *s = calloc(1, sizeof *s);
    if (s)
        s->rows = calloc(LOG_MAX, sizeof *s->rows);
    if (!s || !s->rows) {
        free(s);
        tui_say(t, true, "out of memory");
        return NULL;
    }
    s->page = t->rows > 6 ? t->rows - 6 : 1;
    load(t, s);
    return s;
}

static void log_close(void *state)
{
    struct log_state *s = state;
    free(s->rows);
    free(s);
}

static void log_resume(struct tui *t, void *state)
{
    load(t, state);
}

static void log_draw(struct tui *t, void *state, int top, int rows, int cols)
{
    (void)t;
    struct log_state *s = state;
    s->first_y = top + 2;
    s->page = rows - 3 > 1 ? rows - 3 : 1;
    tui_scroll(REQ_NONE, s->n, s->page, &s->cursor, &s->top);
    char line[1024];
    snprintf(line, sizeof line, " Every change is an action of the log, signed by who made it%s.",
             s->more ? " \u00b7 the newest 2,000 shown (ophamp log lists them all)" : "");
    draw_text(top, 0, line, cols, theme_attr(CR_MUTED));
    const int w_id = 8, w_at = 18, w_ref = 16;
    int w_who = (cols - 1 - w_id - w_at - w_ref) * 2 / 5;
    snprintf(line, sizeof line, " %-*s%-*s%-*s%-*s%s", w_id, "Action", w_at, "Saved (UTC)", w_who,
             "Who", w_ref, "Case", "What");
    draw_text(top + 1, 0, line, cols, theme_attr(CR_HEADER));
    if (s->n == 0) {
        draw_text(top + 3, 0, " Nothing has been saved yet.", cols, theme_attr(CR_MUTED));
        return;
    }
    for (int i = 0; i < s->page && s->top + i < s->n; i++) {
        const struct log_action *a = &s->rows[s->top + i];
        attr_t attr = theme_attr(s->top + i == s->cursor ? CR_CURSOR
                                 : a->actor_id == 0      ? CR_MUTED
                                                         : CR_NORMAL);
        char id[24], at[24];
        snprintf(id, sizeof id, "#%lld", (long long)a->id);
        /* "2026-12-05T14:10:03.120Z" as "2026-12-05 14:10" */
        snprintf(at, sizeof at, "%.10s %.5s", a->at, a->at + (a->at[0] ? 11 : 0));
        int y = top + 2 + i, x = 0;
        draw_text(y, x, "", 1, attr);
        x += 1;
        draw_text(y, x, id, w_id, attr);
        x += w_id;
        draw_text(y, x, at, w_at, attr);
        x += w_at;
        draw_text(y, x, a->actor, w_who - 1, attr);
        draw_text(y, x + w_who - 1, "", 1, attr);
        x += w_who;
        draw_text(y, x, a->case_ref, w_ref, attr);
        x += w_ref;
        draw_text(y, x, a->what, cols - x, attr);
    }
    const struct log_action *a = &s->rows[s->cursor];
    snprintf(line, sizeof line, " #%lld %s by %s (%s): %s", (long long)a->id, a->at, a->actor,
             a->os_user, a->what);
    draw_text(top + rows - 1, 0, line, cols, theme_attr(CR_MUTED));
}

static int log_handle(struct tui *t, void *state, enum request req, wint_t ch, bool is_key)
{
    (void)ch;
    (void)is_key;
    struct log_state *s = state;
    if (tui_scroll(req, s->n, s->page, &s->cursor, &s->top))
        return TUI_REDRAW;
    switch (req) {
    case REQ_OPEN:
        if (s->n > 0 && s->rows[s->cursor].case_ref[0])
            tui_push(t, &case_view_ops, s->rows[s->cursor].case_ref);
        else if (s->n > 0)
            tui_say(t, false, "Action #%lld is not about one case.",
                    (long long)s->rows[s->cursor].id);
        return TUI_REDRAW;
    case REQ_VIEW_LOG:
        return TUI_REDRAW; /* already here */
    case REQ_BACK:
        return tui_back(t);
    default:
        return tui_goto_view(t, req); /* draws only when it opened a view */
    }
}

static void log_position(void *state, char *buf, size_t n)
{
    struct log_state *s = state;
    tui_position_of(s->cursor, s->n, buf, n);
}

/* A click puts the cursor on the row, a double click opens it; the wheel moves. */
static int log_mouse(struct tui *t, void *state, enum mouse_act act, int y, int x)
{
    (void)x;
    struct log_state *s = state;
    bool open = false;
    if (!tui_mouse_rows(act, y, s->first_y, s->n, s->page, &s->cursor, &s->top, &open))
        return TUI_OK;
    return open ? log_handle(t, s, REQ_OPEN, 0, false) : TUI_REDRAW;
}

const struct view_ops log_view_ops = {
    .mouse = log_mouse,
    .title = "Log",
    .kind = VK_LOG,
    .open = log_open,
    .draw = log_draw,
    .handle = log_handle,
    .resume = log_resume,
    .close = log_close,
    .position = log_position,
};
