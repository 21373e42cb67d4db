/* The help view (?): every request of the request table, so that help can never drift from
 * the keys: first the keys that work everywhere, then each view's own, in two columns when
 * the terminal is wide enough (a 100x30 terminal shows most of them at once). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui_internal.h"

static const struct {
    unsigned view;
    const char *title;
} GROUPS[] = {
    {0, "Everywhere"},
    {VK_CASES, "Case list"},
    {VK_CASE, "Case view"},
    {VK_REMIND, "Reminders"},
    {VK_PEOPLE, "People"},
    {VK_RULES, "Rules"},
    {VK_STATS, "Statistics"},
    {VK_LOG, "Log"},
    {VK_HOLIDAYS, "Bank holidays"},
    {VK_UNDO, "Undo"},
    {VK_WELCOME, "Welcome screen"},
    {VK_FORM, "Forms"},
};
#define N_GROUPS ((int)(sizeof GROUPS / sizeof *GROUPS))

/* Works in every list view (the case list itself may lack it: c, which goes there). */
static bool everywhere(const struct request_info *ri)
{
    unsigned lists = VK_LISTS & ~VK_CASES;
    return (ri->views & lists) == lists;
}

static bool in_group(int g, const struct request_info *ri)
{
    return GROUPS[g].view ? (ri->views & GROUPS[g].view) && !everywhere(ri) : everywhere(ri);
}

/* One line of the help: a group's title, or a request's keys and (a piece of) its help. */
struct help_line {
    const char *title; /* a group's title, or NULL */
    const char *keys;  /* NULL on a continued line */
    const char *text;
    int text_len;
};

#define KEYS_W 11
#define LINES_MAX (N_GROUPS + 3 * REQ_COUNT * N_GROUPS)

struct help_state {
    struct help_line lines[LINES_MAX];
    int n, top, per_col, n_cols;
};

/* The lines for columns of width w: long help is continued on the next line. */
static void build(struct help_state *s, int w)
{
    s->n = 0;
    int text_w = w - 2 - KEYS_W > 10 ? w - 2 - KEYS_W : 10;
    for (int g = 0; g < N_GROUPS; g++) {
        int first = s->n;
        s->lines[s->n++] = (struct help_line){.title = GROUPS[g].title};
        for (int r = 1; r < REQ_COUNT && s->n < LINES_MAX - 3; r++) {
            const struct request_info *ri = &tui_requests[r];
            if (!in_group(g, ri))
                continue;
            const char *p = tui_request_help((enum request)r), *keys = ri->keys;
            while (*p && s->n < LINES_MAX) {
                size_t k = text_fit(p, text_w);
                s->lines[s->n++] = (struct help_line){NULL, keys, p, (int)k};
                keys = NULL;
                p += k;
                while (*p == ' ')
                    p++;
            }
        }
        if (s->n == first + 1)
            s->n = first; /* nothing of its own */
    }
}

static void *help_open(struct tui *t, const void *arg)
{
    (void)arg;
    struct help_state *s = calloc(1, sizeof *s);
    if (!s) {
        tui_say(t, true, "out of memory");
        return NULL;
    }
    s->per_col = t->rows > 6 ? t->rows - 5 : 1;
    s->n_cols = 1;
    return s;
}

static void help_close(void *state)
{
    free(state);
}

static int last_top(const struct help_state *s)
{
    int shown = s->per_col * s->n_cols;
    return s->n > shown ? s->n - shown : 0;
}

static void help_draw(struct tui *t, void *state, int top, int rows, int cols)
{
    (void)t;
    struct help_state *s = state;
    s->n_cols = cols >= 90 ? 2 : 1;
    int gap = s->n_cols > 1 ? 2 : 0, col_w = (cols - gap) / s->n_cols;
    build(s, col_w);
    s->per_col = rows - 1 > 1 ? rows - 1 : 1;
    if (s->top > last_top(s))
        s->top = last_top(s);
    bool more = s->top < last_top(s);
    draw_text(top, 0,
              " Lower-case keys look and move; upper-case keys change data (through a form).",
              more ? cols - 12 : cols, theme_attr(CR_MUTED));
    for (int c = 0; c < s->n_cols; c++) {
        int x = c * (col_w + gap);
        for (int i = 0; i < s->per_col; i++) {
            int k = s->top + c * s->per_col + i;
            if (k >= s->n)
                break;
            const struct help_line *l = &s->lines[k];
            int y = top + 1 + i;
            if (l->title) {
                draw_text(y, x + 1, l->title, col_w - 1, theme_attr(CR_HEADER));
                continue;
            }
            char piece[256];
            snprintf(piece, sizeof piece, "%.*s", l->text_len, l->text);
            if (l->keys)
                draw_text(y, x + 2, l->keys, KEYS_W, theme_attr(CR_NORMAL) | A_BOLD);
            draw_text(y, x + 2 + KEYS_W, piece, col_w - 2 - KEYS_W, theme_attr(CR_NORMAL));
        }
    }
    if (more)
        draw_text(top, cols - 12, " \u2193 j, PgDn", 12, theme_attr(CR_MUTED));
}

static int help_handle(struct tui *t, void *state, enum request req, wint_t ch, bool is_key)
{
    (void)ch;
    (void)is_key;
    struct help_state *s = state;
    /* No cursor: each move scrolls the text. */
    int page = s->per_col * s->n_cols;
    if (tui_scroll_text(req, &s->top, page, last_top(s)))
        return TUI_REDRAW;
    switch (req) {
    case REQ_HELP:
        return TUI_REDRAW; /* already here */
    case REQ_BACK:
        return tui_back(t);
    default:
        return tui_goto_view(t, req); /* draws only when it opened a view */
    }
}

const struct view_ops help_view_ops = {
    .title = "Help: every key",
    .kind = VK_HELP,
    .open = help_open,
    .draw = help_draw,
    .handle = help_handle,
    .close = help_close,
};
