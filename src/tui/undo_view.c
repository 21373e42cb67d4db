/* The undo screen (u): the user's last action and every row change taking it back would make,
 * worked out by doing it and not saving (so what is shown is what is done: the engine's
 * follow-ups too); y takes it back as a new action of the log, n or q keeps it. When it cannot
 * be taken back, no screen: the message says why. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "tui_internal.h"

struct undo_line {
    char *text;
    enum color_role role;
};

struct undo_state {
    struct log_action action;
    struct undo_line *lines;
    int n, cap;
    int top, page, last, built_cols;
    /* The changes, as the app words them: what (the row) and how (its values). */
    char **whats, **hows;
    int n_changes, cap_changes;
};

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fputs("ophamp: out of memory\n", stderr);
        exit(3); /* atexit restores the terminal first */
    }
    return q;
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d) {
        fputs("ophamp: out of memory\n", stderr);
        exit(3);
    }
    return d;
}

static int keep_change(void *ctx, const char *what, const char *how)
{
    struct undo_state *s = ctx;
    if (s->n_changes == s->cap_changes) {
        s->cap_changes = s->cap_changes ? 2 * s->cap_changes : 16;
        s->whats = xrealloc(s->whats, (size_t)s->cap_changes * sizeof *s->whats);
        s->hows = xrealloc(s->hows, (size_t)s->cap_changes * sizeof *s->hows);
    }
    s->whats[s->n_changes] = xstrdup(what);
    s->hows[s->n_changes++] = xstrdup(how);
    return 0;
}

static void clear_lines(struct undo_state *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->lines[i].text);
    s->n = 0;
}

static void push(struct undo_state *s, enum color_role role, const char *text)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 32;
        s->lines = xrealloc(s->lines, (size_t)s->cap * sizeof *s->lines);
    }
    char safe[4096];
    text_neutralise(text, safe, sizeof safe, false);
    s->lines[s->n++] = (struct undo_line){xstrdup(safe), role};
}

/* text wrapped to the width, continued lines indented by `indent` spaces. */
static void push_wrapped(struct undo_state *s, enum color_role role, const char *text, int indent,
                         int cols)
{
    const char *p = text;
    bool first = true;
    while (*p) {
        int room = cols - 1 - (first ? 0 : indent);
        size_t k = text_fit(p, room > 20 ? room : 20);
        char line[4200];
        snprintf(line, sizeof line, "%*s%.*s", first ? 0 : indent, "", (int)k, p);
        push(s, role, line);
        first = false;
        p += k;
        while (*p == ' ')
            p++;
    }
}

static void build(struct undo_state *s, int cols)
{
    clear_lines(s);
    const struct log_action *a = &s->action;
    char line[2048];
    push(s, CR_HEADER, " Take back your last action?");
    snprintf(line, sizeof line, " #%lld \u00b7 %.10s %.5s UTC \u00b7 %s%s%s", (long long)a->id,
             a->at, a->at + (a->at[0] ? 11 : 0), a->what, a->case_ref[0] ? " \u00b7 " : "",
             a->case_ref);
    push_wrapped(s, CR_NORMAL, line, 3, cols);
    push(s, CR_NORMAL, "");
    push(s, CR_NORMAL,
         " It is taken back by a new action of the log, which writes these back (nothing of the "
         "log is removed):");
    for (int i = 0; i < s->n_changes; i++) {
        snprintf(line, sizeof line, "   %s: %s", s->whats[i], s->hows[i]);
        push_wrapped(s, CR_NORMAL, line, 5, cols);
    }
    push(s, CR_NORMAL, "");
    push(s, CR_MUTED, " y takes it back, n or q keeps it.");
    s->built_cols = cols;
}

static void free_state(struct undo_state *s)
{
    clear_lines(s);
    free(s->lines);
    for (int i = 0; i < s->n_changes; i++) {
        free(s->whats[i]);
        free(s->hows[i]);
    }
    free(s->whats);
    free(s->hows);
    free(s);
}

static void *undo_open(struct tui *t, const void *arg)
{
    (void)arg;
    struct undo_state *s = calloc(1, sizeof *s);
    if (!s) {
        tui_say(t, true, "out of memory");
        return NULL;
    }
    struct oph_error err = {0};
    if (app_undo_target(&t->app, 0, &s->action, &err) ||
        app_undo(&t->app, &s->action, true, keep_change, s, NULL, &err)) {
        tui_say(t, true, "%s", err.msg);
        free_state(s);
        return NULL;
    }
    return s;
}

void tui_undo_open(struct tui *t)
{
    if (!t->has_user) {
        tui_say(t, true,
                "Nobody is named here, so nothing is yours to take back: I says who you "
                "are.");
        return;
    }
    tui_push(t, &undo_view_ops, NULL);
}

static void undo_close(void *state)
{
    free_state(state);
}

static void undo_draw(struct tui *t, void *state, int top, int rows, int cols)
{
    (void)t;
    struct undo_state *s = state;
    if (s->built_cols != cols)
        build(s, cols);
    s->page = rows > 1 ? rows : 1;
    s->last = s->n > s->page ? s->n - s->page : 0;
    if (s->top > s->last)
        s->top = s->last;
    for (int i = 0; i < s->page && s->top + i < s->n; i++)
        draw_text(top + i, 0, s->lines[s->top + i].text, cols,
                  theme_attr(s->lines[s->top + i].role));
}

static int undo_handle(struct tui *t, void *state, enum request req, wint_t ch, bool is_key)
{
    (void)ch;
    (void)is_key;
    struct undo_state *s = state;
    if (tui_scroll_text(req, &s->top, s->page, s->last))
        return TUI_REDRAW;
    switch (req) {
    case REQ_UNDO_CONFIRM: {
        struct oph_error err = {0};
        int64_t id = 0;
        struct log_action a = s->action;
        if (app_undo(&t->app, &a, false, NULL, NULL, &id, &err)) {
            tui_say(t, true, "%s", err.msg);
            tui_pop(t);
            return TUI_REDRAW;
        }
        tui_pop(t); /* the view below reloads what changed */
        tui_check_demo(t);
        tui_say(t, false, "Taken back: #%lld %s (the undo is action #%lld; the log keeps both)",
                (long long)a.id, a.what, (long long)id);
        return TUI_REDRAW;
    }
    case REQ_UNDO_CANCEL:
    case REQ_BACK:
        tui_pop(t);
        tui_say(t, false, "Kept: nothing was changed.");
        return TUI_REDRAW;
    default:
        return TUI_REDRAW;
    }
}

const struct view_ops undo_view_ops = {
    .title = "Undo",
    .kind = VK_UNDO,
    .open = undo_open,
    .draw = undo_draw,
    .handle = undo_handle,
    .close = undo_close,
};
