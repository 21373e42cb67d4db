/* The statistics view: the scrutiny report (the same tables as `ophamp report`) for the last
 * twelve months, this year or all time (f cycles), beside the period before it, with bar
 * charts of block characters: the months, and each step's share on time month by month. The
 * report is counted when the view opens, when the period changes and when the view comes
 * back to the top; drawing only lays out what was counted, scrolled by the moving keys. x
 * writes it to a file in the format its name asks for, as `ophamp report -o` does. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ophamp/outfile.h"
#include "ophamp/report_layout.h"
#include "ophamp/text.h"
#include "tui_internal.h"

enum period { PERIOD_12_MONTHS, PERIOD_THIS_YEAR, PERIOD_ALL, PERIOD_COUNT };
static const char *const PERIOD_NAMES[PERIOD_COUNT] = {"last 12 months", "this year", "all time"};

#define BAR_MAX_WIDTH 40

struct stats_state {
    enum period period;
    struct report report;
    struct rp_doc doc;
    bool have;
    int top;     /* first line shown */
    int n_lines; /* lines of the last draw */
    int page;    /* rows of the last draw */
};

static char stats_title[96] = "Statistics";

static void load(struct tui *t, struct stats_state *s)
{
    struct oph_error err = {0};
    struct oph_date from, to;
    if (s->have) {
        rp_doc_free(&s->doc);
        report_done(&s->report);
        s->have = false;
    }
    report_default_period(t->app.now, &from, &to);
    if (s->period == PERIOD_THIS_YEAR)
        from = (struct oph_date){to.year, 1, 1};
    if (s->period == PERIOD_ALL && report_all_time_period(&t->app, &from, &to, &err)) {
        tui_say(t, true, "%s", err.msg);
        return;
    }
    if (report_compute(&t->app, from, to, NULL, &s->report, &err)) {
        tui_say(t, true, "%s", err.msg);
        return;
    }
    rp_doc_build(&s->report, &s->doc);
    s->have = true;
    snprintf(stats_title, sizeof stats_title, "Statistics \u2014 %s", PERIOD_NAMES[s->period]);
}

static void *stats_open(struct tui *t, const void *arg)
{
    (void)arg;
    struct stats_state *s = calloc(1, sizeof *s);
    if (!s) {
        tui_say(t, true, "out of memory");
        return NULL;
    }
    load(t, s);
    return s;
}

static void stats_close(void *state)
{
    struct stats_state *s = state;
    if (s->have) {
        rp_doc_free(&s->doc);
        report_done(&s->report);
    }
    free(s);
}

static void stats_resume(struct tui *t, void *state)
{
    load(t, state);
}

/* One screen line of the laid-out report: y is the line's place in the whole report; it is
 * drawn only when inside the window [top, top + rows). */
struct canvas {
    int y, top, rows, screen_top, cols;
};

static bool visible(const struct canvas *c, int *sy)
{
    *sy = c->screen_top + (c->y - c->top);
    return c->y >= c->top && c->y < c->top + c->rows;
}

static void put_line(struct canvas *c, const char *text, attr_t attr)
{
    int sy;
    if (visible(c, &sy))
        draw_text(sy, 0, text, c->cols, attr);
    c->y++;
}

/* A bar of value/max in `width` columns, in eighths of a column. */
static void draw_bar(int y, int x, long value, long max, int width, enum color_role role)
{
    static const char *const part[8] = {"",       "\u258f", "\u258e", "\u258d",
                                        "\u258c", "\u258b", "\u258a", "\u2589"};
    if (width <= 0)
        return;
    long eighths = max > 0 ? (value * width * 8 + max / 2) / max : 0;
    if (value > 0 && eighths == 0)
        eighths = 1;
    char buf[BAR_MAX_WIDTH * 3 + 8] = "";
    size_t o = 0;
    for (long i = 0; i < eighths / 8 && o + 4 < sizeof buf; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "\u2588");
    snprintf(buf + o, sizeof buf - o, "%s", part[eighths % 8]);
    draw_text(y, x, buf, width, theme_attr(role));
}

static void draw_table(struct canvas *c, const struct rp_table *t)
{
    int w[RP_COLS] = {0};
    for (int k = 0; k < t->ncols; k++) {
        w[k] = text_width(t->cols[k]);
        for (int i = 0; i < t->nrows; i++) {
            int n = text_width(t->rows[i].cells[k]);
            if (n > w[k])
                w[k] = n;
        }
    }
    int total = 1;
    for (int k = 0; k < t->ncols; k++)
        total += w[k] + 2;
    put_line(c, "", theme_attr(CR_NORMAL));
    char line[256];
    snprintf(line, sizeof line, " %s", t->title);
    put_line(c, line, theme_attr(CR_HEADER));
    /* The note, broken at spaces to the width of the screen. */
    for (const char *p = t->note; p && *p;) {
        size_t k = text_fit(p, c->cols - 2);
        if (k == 0)
            break;
        snprintf(line, sizeof line, " %.*s", (int)k, p);
        put_line(c, line, theme_attr(CR_MUTED));
        p += k;
        while (*p == ' ')
            p++;
    }
    int sy;
    if (visible(c, &sy)) {
        int x = 1;
        for (int k = 0; k < t->ncols && x < c->cols; k++) {
            int pad = k ? w[k] - text_width(t->cols[k]) : 0;
            draw_text(sy, x + pad, t->cols[k], c->cols - x - pad, theme_attr(CR_HEADER));
            x += w[k] + 2;
        }
    }
    c->y++;
    long max = t->chart ? rp_bar_max(t) : 0;
    int bar_w = c->cols - total - 1;
    if (bar_w > BAR_MAX_WIDTH)
        bar_w = BAR_MAX_WIDTH;
    for (int i = 0; i < t->nrows; i++, c->y++) {
        if (!visible(c, &sy))
            continue;
        const struct rp_row *rw = &t->rows[i];
        int x = 1;
        for (int k = 0; k < t->ncols && x < c->cols; k++) {
            const char *cell = rw->cells[k];
            int pad = k ? w[k] - text_width(cell) : 0;
            /* Overdue items stand out, as they do in the lists. */
            bool overdue = t->alert_col && k == t->alert_col && strcmp(cell, "0") != 0;
            draw_text(sy, x + pad, cell, c->cols - x - pad,
                      theme_attr(overdue ? CR_OVERDUE : CR_NORMAL));
            x += w[k] + 2;
        }
        if (t->chart && x < c->cols) {
            if (rw->bar.hidden)
                draw_text(sy, x, "(suppressed)", c->cols - x, theme_attr(CR_MUTED));
            else /* a month not over yet in the muted colour */
                draw_bar(sy, x, rw->bar.n, max, bar_w, rw->partial ? CR_MUTED : CR_DONE);
        }
    }
}

/* Lays out (and draws what is inside the window) the whole report; returns its lines. */
static int layout(struct stats_state *s, int screen_top, int rows, int cols)
{
    struct canvas c = {0, s->top, rows, screen_top, cols};
    char line[256];
    snprintf(line, sizeof line, " %s; f shows %s", s->doc.asof,
             PERIOD_NAMES[(s->period + 1) % PERIOD_COUNT]);
    put_line(&c, line, theme_attr(CR_MUTED));
    if (s->doc.previous[0]) {
        snprintf(line, sizeof line, " %s", s->doc.previous);
        put_line(&c, line, theme_attr(CR_MUTED));
    }
    for (int i = 0; i < s->doc.ntables; i++)
        draw_table(&c, &s->doc.tables[i]);
    return c.y;
}

static int last_top(const struct stats_state *s)
{
    return s->n_lines > s->page ? s->n_lines - s->page : 0;
}

static void stats_draw(struct tui *t, void *state, int top, int rows, int cols)
{
    (void)t;
    struct stats_state *s = state;
    if (!s->have) {
        draw_text(top + 1, 0, " The report could not be counted (see the message below).", cols,
                  theme_attr(CR_MUTED));
        return;
    }
    /* The period stays on the first line; the report scrolls under it. */
    draw_text(top, 0, "", cols, theme_attr(CR_NORMAL));
    draw_text(top, 1, s->doc.period, cols - 14, theme_attr(CR_NORMAL) | A_BOLD);
    s->page = rows > 2 ? rows - 1 : 1;
    s->n_lines = layout(s, top + 1, 0, cols); /* count the lines first */
    if (s->top > last_top(s))
        s->top = last_top(s);
    layout(s, top + 1, s->page, cols);
    if (s->top < last_top(s))
        draw_text(top, cols - 12, "\u2193 j, PgDn", 12, theme_attr(CR_MUTED));
}

/* ---- x: the report to a file ------------------------------------------------------------ */

static int write_report(struct tui *t, void *ctx, const char *path, bool replace,
                        struct oph_error *err)
{
    struct stats_state *s = ctx;
    char marking[MARKING_MAX + 1];
    if (app_marking(&t->app, NULL, marking, err))
        return -1;
    s->report.marking = marking;
    int rc = report_save(&s->report, (enum out_format)format_for_path(path, WRITES_REPORT), path,
                         replace, app_path(&t->app), err);
    s->report.marking = NULL;
    return rc;
}

static void stats_export(struct tui *t, struct stats_state *s)
{
    static const struct tui_save report_save_to = {
        .prompt = "Export the report to",
        .writes = WRITES_REPORT,
        .what = "The report",
        .write = write_report,
    };
    char name[64];
    (void)!snprintf(name, sizeof name, "scrutiny-report-%04d-%02d-%02d.html", s->report.to.year,
                    s->report.to.month, s->report.to.day);
    tui_save(t, &report_save_to, s, name);
}

static int stats_handle(struct tui *t, void *state, enum request req, wint_t ch, bool is_key)
{
    (void)ch;
    (void)is_key;
    struct stats_state *s = state;
    int page = s->page > 1 ? s->page - 1 : 1;
    if (tui_scroll_text(req, &s->top, page, last_top(s)))
        return TUI_REDRAW;
    switch (req) {
    case REQ_STATS_PERIOD:
        s->period = (enum period)((s->period + 1) % PERIOD_COUNT);
        s->top = 0;
        load(t, s);
        return TUI_REDRAW;
    case REQ_STATS_EXPORT:
        if (!s->have) {
            tui_say(t, true, "Nothing to export: the report could not be counted");
            return TUI_REDRAW;
        }
        stats_export(t, s);
        return TUI_REDRAW;
    case REQ_VIEW_STATS:
        return TUI_REDRAW; /* already here */
    case REQ_BACK:
        return tui_back(t);
    default:
        return tui_goto_view(t, req); /* draws only when it opened a view */
    }
}

const struct view_ops stats_view_ops = {
    .title = stats_title,
    .kind = VK_STATS,
    .open = stats_open,
    .draw = stats_draw,
    .handle = stats_handle,
    .resume = stats_resume,
    .close = stats_close,
};
