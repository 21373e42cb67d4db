/* The reminders view: the worklist of every overdue and due item across the cases, most overdue
 * first, computed by the app; each row says its case, victim, supervisor and item (with its
 * number in the case), the line at the foot the one under the cursor in full. Filters by kind of
 * work (f), by the user's own cases (o), by victims off work (w), and how far ahead (h); Enter
 * opens the item's case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "ophamp/when.h"
#include "ophamp/worklist.h"
#include "ophamp/xalloc.h"
#include "tui_internal.h"

/* The list is bounded by pending items, not by cases, but a neglected database could still
 * hold many: past this the view says how many more there are. */
#define REMIND_MAX 10000

/* How far ahead, in the order h goes round; the last asks for a date. */
static const struct {
    enum horizon_kind kind;
    int hours;
} HORIZONS[] = {
    {HORIZON_OVERDUE, 0}, {HORIZON_TODAY, 0},       {HORIZON_WITHIN, 24},
    {HORIZON_WITHIN, 48}, {HORIZON_WITHIN, 7 * 24}, {HORIZON_UNTIL, 0},
};
#define N_HORIZONS ((int)(sizeof HORIZONS / sizeof *HORIZONS))
#define HORIZON_FIRST 2 /* due within 24 hours, as `ophamp remind` */

struct remind_view {
    struct reminder *rows;
    int n, cap;
    long total, counts[3];
    int cursor, top, page;
    int first_y; /* the screen row of the first row shown, for the mouse */
    /* The filters: a kind of work (-1 every kind), the user's own cases, victims off work,
     * how far ahead (an index of HORIZONS; the date when it is the last). */
    int kind;
    bool mine, off_work;
    int horizon;
    struct oph_date until;
};

/* The title line names the worklist (one reminders view at a time, as the case list). */
static char remind_title[256] = "Reminders";

static struct remind_filter filter_of(const struct remind_view *s)
{
    struct remind_filter f = {
        .horizon = {.kind = HORIZONS[s->horizon].kind,
                    .within = (oph_time)HORIZONS[s->horizon].hours * 3600,
                    .until = s->until},
        .kinds = s->kind < 0 ? WORK_KINDS_ALL : 1u << s->kind,
        .mine = s->mine,
        .off_work = s->off_work,
    };
    return f;
}

static void set_title(const struct remind_view *s)
{
    struct remind_filter f = filter_of(s);
    char horizon[64];
    horizon_words(&f.horizon, horizon, sizeof horizon);
    snprintf(remind_title, sizeof remind_title, "Reminders \u2014 %s%s%s%s%s", horizon,
             s->kind < 0 ? "" : " \u00b7 ", s->kind < 0 ? "" : VOCAB_WORK_KIND.names[s->kind],
             s->mine ? " \u00b7 my cases" : "", s->off_work ? " \u00b7 off work" : "");
}

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
        s->rows = xreallocarray(s->rows, (size_t)cap, sizeof *s->rows);
        s->cap = cap;
    }
    s->rows[s->n++] = *r;
    return 0;
}

static void load(struct tui *t, struct remind_view *s)
{
    struct oph_error err = {0};
    struct remind_filter f = filter_of(s);
    s->n = 0;
    s->total = s->counts[0] = s->counts[1] = s->counts[2] = 0;
    set_title(s);
    if (app_worklist(&t->app, &f, keep_reminder, s, &err))
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
    s->page = t->rows > 7 ? t->rows - 7 : 1;
    s->kind = -1;
    s->horizon = HORIZON_FIRST;
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

/* The columns for a width: the supervisor only where there is room (the line at the foot says
 * it for the row under the cursor whatever the width). */
struct remind_columns {
    int state, due, late, ref, victim, supervisor, item;
};

static struct remind_columns columns(int cols)
{
    struct remind_columns c = {.state = 10, .due = 13, .late = cols >= 110 ? 12 : 0, .ref = 15};
    int rest = cols - 1 - c.state - c.due - c.late - c.ref;
    if (rest >= 45) {
        c.victim = rest * 35 / 100;
        c.supervisor = rest * 25 / 100;
    } else {
        c.victim = rest * 40 / 100;
    }
    c.item = rest - c.victim - c.supervisor;
    return c;
}

static void format_due(oph_time due, char *buf, size_t sz)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct oph_local l = london_from_utc(due);
    snprintf(buf, sz, "%02d %s %02d:%02d", l.day, months[(l.month + 11) % 12], l.hour, l.minute);
}

/* The row under the cursor in full: its case, item, how late, victim and supervisor. */
static void draw_detail(struct tui *t, struct remind_view *s, int y, int cols)
{
    if (s->n == 0)
        return;
    const struct reminder *r = &s->rows[s->cursor];
    char line[2048], late[WHEN_RELATIVE_LEN];
    when_relative(r->due_at, t->app.now, late, sizeof late);
    bool kind = r->work != WK_STEP; /* "step crime (step)" says it twice */
    snprintf(line, sizeof line,
             " %s \u00b7 %s%s%s%s, %s \u00b7 %s (%s)%s \u00b7 supervisor %s (%s)", r->reference,
             r->item, kind ? " (" : "", kind ? VOCAB_WORK_KIND.names[r->work] : "", kind ? ")" : "",
             late, r->victim_name, r->victim_number, r->off_work ? ", off work" : "",
             r->supervisor_name, r->supervisor_number);
    draw_text(y, 0, line, cols, theme_attr(CR_MUTED));
}

static void remind_draw(struct tui *t, void *state, int top, int rows, int cols)
{
    struct remind_view *s = state;
    s->first_y = top + 2;
    s->page = rows - 3 > 1 ? rows - 3 : 1; /* less the counts, the header and the foot */
    tui_scroll(REQ_NONE, s->n, s->page, &s->cursor, &s->top);
    struct remind_filter f = filter_of(s);
    char line[512], horizon[64];
    horizon_words(&f.horizon, horizon, sizeof horizon);
    int n = snprintf(line, sizeof line, " %ld overdue \u00b7 %ld due today", s->counts[0],
                     s->counts[1]);
    if (f.horizon.kind != HORIZON_OVERDUE && f.horizon.kind != HORIZON_TODAY && n > 0)
        n += snprintf(line + n, sizeof line - (size_t)n, " \u00b7 %ld %s", s->counts[2], horizon);
    if (s->total > s->n && n > 0)
        snprintf(line + n, sizeof line - (size_t)n, " \u00b7 the first %d shown", s->n);
    draw_text(top, 0, line, cols, theme_attr(CR_NORMAL));
    struct remind_columns c = columns(cols);
    snprintf(line, sizeof line, " %-*s%-*s%-*s%-*s%-*s%-*s%s", c.state, "State", c.due, "Due",
             c.late, "", c.ref, "Case", c.victim, "Victim", c.supervisor,
             c.supervisor ? "Supervisor" : "", "Item");
    draw_text(top + 1, 0, line, cols, theme_attr(CR_HEADER));
    if (s->n == 0) {
        snprintf(line, sizeof line, " Nothing %s%s%s%s%s. f, o, w and h change what is shown.",
                 horizon, s->kind >= 0 ? " of kind " : "",
                 s->kind >= 0 ? VOCAB_WORK_KIND.names[s->kind] : "",
                 s->mine ? " in your cases" : "", s->off_work ? " for victims off work" : "");
        draw_text(top + 3, 0, line, cols, theme_attr(CR_MUTED));
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
        char due[32], late[WHEN_RELATIVE_LEN];
        format_due(r->due_at, due, sizeof due);
        when_relative(r->due_at, t->app.now, late, sizeof late);
        struct {
            const char *text;
            int width;
        } cells[] = {
            {"", 1},
            {STATE[r->state], c.state},
            {due, c.due},
            {late, c.late},
            {r->reference, c.ref},
            {r->victim_name, c.victim},
            {r->supervisor_name, c.supervisor},
            {r->item, c.item},
        };
        int x = 0;
        for (size_t k = 0; k < sizeof cells / sizeof *cells; k++) {
            if (cells[k].width <= 0)
                continue;
            /* a space between cells, so that names never run together */
            int w = cells[k].width;
            draw_text(y, x, cells[k].text, w > 1 && k > 0 ? w - 1 : w, attr);
            if (w > 1 && k > 0)
                draw_text(y, x + w - 1, "", 1, attr);
            x += w;
        }
        if (x < cols)
            draw_text(y, x, "", cols - x, attr);
    }
    draw_detail(t, s, top + rows - 1, cols);
}

static void on_until(struct tui *t, void *ctx, const char *text)
{
    struct remind_view *s = ctx;
    if (!text || !*text) { /* Esc or nothing typed: no date, h goes on round */
        s->horizon = 0;
        s->cursor = s->top = 0;
        load(t, s);
        return;
    }
    struct oph_date d;
    const char *why = NULL;
    if (horizon_parse_date(text, t->app.now, &d, &why)) {
        tui_say(t, true, "%s (got \u201c%s\u201d)", why, text);
        return;
    }
    if (cal_date_cmp(d, london_date(t->app.now)) < 0) {
        tui_say(t, true, "%s is before today: h goes round to what is overdue", text);
        return;
    }
    s->until = d;
    s->horizon = N_HORIZONS - 1;
    s->cursor = s->top = 0;
    load(t, s);
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
    case REQ_REMIND_KIND:
        s->kind = s->kind + 1 >= WK_COUNT ? -1 : s->kind + 1;
        break;
    case REQ_MINE:
        if (!s->mine && !t->has_user) {
            tui_say(t, true, "Nobody is named here, so no case is yours: I says who you are.");
            return TUI_REDRAW;
        }
        s->mine = !s->mine;
        break;
    case REQ_OFF_WORK:
        s->off_work = !s->off_work;
        break;
    case REQ_HORIZON:
        if (s->horizon + 1 == N_HORIZONS - 1) { /* a date: asked for, the horizon unchanged */
            tui_prompt(t, "Due by which day (YYYY-MM-DD, D/M/YYYY, tomorrow)?", "", on_until, s);
            return TUI_REDRAW;
        }
        s->horizon = (s->horizon + 1) % N_HORIZONS;
        break;
    default:
        return tui_goto_view(t, req); /* draws only when it opened a view */
    }
    s->cursor = s->top = 0;
    load(t, s);
    return TUI_REDRAW;
}

static void remind_position(void *state, char *buf, size_t n)
{
    struct remind_view *s = state;
    tui_position_of(s->cursor, s->n, buf, n);
}

/* A click puts the cursor on the row, a double click opens it; the wheel moves. */
static int remind_mouse(struct tui *t, void *state, enum mouse_act act, int y, int x)
{
    (void)x;
    struct remind_view *s = state;
    bool open = false;
    if (!tui_mouse_rows(act, y, s->first_y, s->n, s->page, &s->cursor, &s->top, &open))
        return TUI_OK;
    return open ? remind_handle(t, s, REQ_OPEN, 0, false) : TUI_REDRAW;
}

const struct view_ops remind_view_ops = {
    .mouse = remind_mouse,
    .title = remind_title,
    .kind = VK_REMIND,
    .open = remind_open,
    .draw = remind_draw,
    .handle = remind_handle,
    .resume = remind_resume,
    .close = remind_close,
    .position = remind_position,
};
