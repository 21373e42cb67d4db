/* The people view: staff by name, found with /, added with A and changed with Enter (the
 * forms do the work). At most PEOPLE_MAX rows are held: a national database has tens of
 * thousands of staff, whom one finds by searching rather than scrolling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "tui_internal.h"

#define PEOPLE_MAX 1000
#define SEARCH_MAX 201

struct people_state {
    char search[SEARCH_MAX];
    struct person *rows; /* PEOPLE_MAX of them */
    int n;
    bool more; /* more people than are held */
    int cursor, top, page;
    int first_y; /* the screen row of the first row shown, for the mouse */
};

static int keep_person(void *ctx, const struct person *p)
{
    struct people_state *s = ctx;
    if (s->n == PEOPLE_MAX) {
        s->more = true;
        return 1;
    }
    s->rows[s->n++] = *p;
    return 0;
}

static void load(struct tui *t, struct people_state *s)
{
    struct oph_error err = {0};
    s->n = 0;
    s->more = false;
    /* One more than are kept, to know whether there are more. */
    if (app_person_list(&t->app, s->search[0] ? s->search : NULL, PEOPLE_MAX + 1, keep_person, s,
                        &err))
        tui_say(t, true, "%s", err.msg);
    tui_scroll(REQ_NONE, s->n, s->page, &s->cursor, &s->top);
}

static void *people_open(struct tui *t, const void *arg)
{
    (void)arg;
    struct people_state *s = calloc(1, sizeof *s);
    if (s)
        s->rows = calloc(PEOPLE_MAX, sizeof *s->rows);
    if (!s || !s->rows) {
        free(s);
        tui_say(t, true, "out of memory");
        return NULL;
    }
    s->page = t->rows > 5 ? t->rows - 5 : 1;
    load(t, s);
    return s;
}

static void people_close(void *state)
{
    struct people_state *s = state;
    free(s->rows);
    free(s);
}

static void people_resume(struct tui *t, void *state)
{
    load(t, state);
}

static void people_draw(struct tui *t, void *state, int top, int rows, int cols)
{
    (void)t;
    struct people_state *s = state;
    s->first_y = top + 2;
    s->page = rows - 2 > 1 ? rows - 2 : 1;
    tui_scroll(REQ_NONE, s->n, s->page, &s->cursor, &s->top);
    char line[SEARCH_MAX + 160];
    if (s->search[0])
        snprintf(line, sizeof line, " %s%d %s matching \u201c%s\u201d%s",
                 s->more ? "The first " : "", s->n, s->n == 1 ? "person" : "people", s->search,
                 s->more ? ": type more to narrow it" : "");
    else
        snprintf(line, sizeof line, " %s%d %s%s", s->more ? "The first " : "", s->n,
                 s->n == 1 ? "person" : "people", s->more ? " by name: / finds anyone" : "");
    draw_text(top, 0, line, cols, theme_attr(CR_NORMAL));
    const int w_number = 13, w_role = 11, w_rank = 15;
    int w_name = (cols - 1 - w_number - w_role - w_rank) / 2;
    if (w_name < 10)
        w_name = 10;
    snprintf(line, sizeof line, " %-*s%-*s%-*s%-*s%s", w_number, "Number", w_name, "Name", w_role,
             "Role", w_rank, "Rank", "Team");
    draw_text(top + 1, 0, line, cols, theme_attr(CR_HEADER));
    if (s->n == 0) {
        draw_text(top + 3, 0,
                  s->search[0] ? " Nobody matches. / changes the search, A adds someone."
                               : " Nobody yet. A adds a member of staff.",
                  cols, theme_attr(CR_MUTED));
        return;
    }
    for (int i = 0; i < s->page && s->top + i < s->n; i++) {
        const struct person *p = &s->rows[s->top + i];
        int y = top + 2 + i, x = 0;
        attr_t attr = theme_attr(s->top + i == s->cursor ? CR_CURSOR : CR_NORMAL);
        draw_text(y, x, "", 1, attr);
        x += 1;
        draw_text(y, x, p->number, w_number, attr);
        x += w_number;
        draw_text(y, x, p->name, w_name, attr);
        x += w_name;
        draw_text(y, x, VOCAB_PERSON_ROLE.names[p->role], w_role, attr);
        x += w_role;
        draw_text(y, x, p->rank, w_rank, attr);
        x += w_rank;
        draw_text(y, x, p->team, cols - x, attr);
    }
}

static void on_search(struct tui *t, void *ctx, const char *text)
{
    struct people_state *s = ctx;
    if (!text)
        return;
    while (*text == ' ')
        text++;
    text_copy(s->search, sizeof s->search, text);
    size_t n = strlen(s->search);
    while (n > 0 && s->search[n - 1] == ' ')
        s->search[--n] = '\0';
    s->cursor = s->top = 0;
    load(t, s);
}

static int people_handle(struct tui *t, void *state, enum request req, wint_t ch, bool is_key)
{
    (void)ch;
    (void)is_key;
    struct people_state *s = state;
    if (tui_scroll(req, s->n, s->page, &s->cursor, &s->top))
        return TUI_REDRAW;
    switch (req) {
    case REQ_SEARCH:
        tui_prompt(t, "Find staff by name, number or team (empty shows all):", s->search, on_search,
                   s);
        return TUI_REDRAW;
    case REQ_SEARCH_NEXT:
    case REQ_SEARCH_PREV:
        if (tui_search_step(t, req, s->search, s->n, &s->cursor))
            tui_scroll(REQ_NONE, s->n, s->page, &s->cursor, &s->top);
        return TUI_REDRAW;
    case REQ_NEW_PERSON:
        forms_open_person(t, NULL);
        return TUI_REDRAW;
    case REQ_EDIT_PERSON:
        if (s->n > 0)
            forms_open_person(t, s->rows[s->cursor].number);
        return TUI_REDRAW;
    case REQ_BACK:
        return tui_back(t);
    default:
        return tui_goto_view(t, req); /* draws only when it opened a view */
    }
}

static void people_position(void *state, char *buf, size_t n)
{
    struct people_state *s = state;
    tui_position_of(s->cursor, s->n, buf, n);
}

/* A click puts the cursor on the row, a double click opens it; the wheel moves. */
static int people_mouse(struct tui *t, void *state, enum mouse_act act, int y, int x)
{
    (void)x;
    struct people_state *s = state;
    bool open = false;
    if (!tui_mouse_rows(act, y, s->first_y, s->n, s->page, &s->cursor, &s->top, &open))
        return TUI_OK;
    if (open && !t->has_user) /* changing needs someone to sign it, as for the key */
        return tui_whoami_open(t, REQ_EDIT_PERSON), TUI_REDRAW;
    return open ? people_handle(t, s, REQ_EDIT_PERSON, 0, false) : TUI_REDRAW;
}

const struct view_ops people_view_ops = {
    .mouse = people_mouse,
    .title = "People",
    .kind = VK_PEOPLE,
    .open = people_open,
    .draw = people_draw,
    .handle = people_handle,
    .resume = people_resume,
    .close = people_close,
    .position = people_position,
};
