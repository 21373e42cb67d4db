/* The rules view: the due-time rules as the app holds them (key, how long after what, and
 * what the rule is for); E or Enter changes one, and the open cases' due times follow. The
 * protective marking of the exports and the report is said here too (K changes it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui_internal.h"

struct rules_state {
    int cursor, top, page;
    int first_y; /* the screen row of the first row shown, for the mouse */
};

static void *rules_open(struct tui *t, const void *arg)
{
    (void)arg;
    struct rules_state *s = calloc(1, sizeof *s);
    if (!s) {
        tui_say(t, true, "out of memory");
        return NULL;
    }
    s->page = t->rows > 6 ? t->rows - 6 : 1;
    return s;
}

static void rules_close(void *state)
{
    free(state);
}

/* "24 hours after the report", "2 working days after the assault". */
static void describe_due(const struct rule *r, char *buf, size_t sz)
{
    static const char *const units[][2] = {
        [UNIT_HOURS] = {"hour", "hours"},
        [UNIT_DAYS] = {"day", "days"},
        [UNIT_WORKING_DAYS] = {"working day", "working days"},
        [UNIT_MONTHS] = {"month", "months"},
    };
    static const char *const bases[] = {
        [BASE_REPORTED] = "the report",
        [BASE_OCCURRED] = "the assault",
        [BASE_EVENT] = "the event",
    };
    const char *unit = (unsigned)r->unit < UNIT_COUNT ? units[r->unit][r->amount != 1] : "?";
    const char *base = (unsigned)r->base < BASE_COUNT ? bases[r->base] : "?";
    snprintf(buf, sz, "%d %s after %s", r->amount, unit, base);
}

static void rules_draw(struct tui *t, void *state, int top, int rows, int cols)
{
    struct rules_state *s = state;
    s->first_y = top + 3;
    const struct rule_set *rs = &t->app.rules;
    s->page = rows - 5 > 1 ? rows - 5 : 1; /* less the intro, header and the rule's purpose */
    tui_scroll(REQ_NONE, rs->n, s->page, &s->cursor, &s->top);
    draw_text(top, 0, " When each item is due; a change moves the open cases' due times at once.",
              cols, theme_attr(CR_NORMAL));
    char marking[MARKING_MAX + 1], said[MARKING_MAX + 96];
    struct oph_error err = {0};
    if (app_marking(&t->app, NULL, marking, &err) == 0) {
        snprintf(said, sizeof said, " The exports and the report are marked %s (K changes it).",
                 marking);
        draw_text(top + 1, 0, said, cols, theme_attr(CR_MUTED));
    }
    const int w_key = 26, w_due = 33;
    char line[256];
    snprintf(line, sizeof line, " %-*s%-*s%s", w_key, "Rule", w_due, "Due", "For");
    draw_text(top + 2, 0, line, cols, theme_attr(CR_HEADER));
    for (int i = 0; i < s->page && s->top + i < rs->n; i++) {
        const struct rule *r = &rs->rules[s->top + i];
        int y = top + 3 + i, x = 0;
        attr_t attr = theme_attr(s->top + i == s->cursor ? CR_CURSOR : CR_NORMAL);
        char due[96];
        describe_due(r, due, sizeof due);
        draw_text(y, x, "", 1, attr);
        x += 1;
        draw_text(y, x, r->key, w_key, attr);
        x += w_key;
        draw_text(y, x, due, w_due, attr);
        x += w_due;
        char what[sizeof r->description + 48];
        if (r->starts < 0)
            snprintf(what, sizeof what, "%s", r->description);
        else /* the force's own: what raises it, and whether it still does */
            snprintf(what, sizeof what, "[force, %s%s] %s", VOCAB_RULE_START.names[r->starts],
                     r->removed_at != OPH_NO_TIME ? ", removed" : "", r->description);
        draw_text(y, x, what, cols - x, attr);
    }
    /* The rule under the cursor in full: the column above is often cut. */
    if (s->cursor < rs->n) {
        char purpose[sizeof rs->rules[0].description + 16];
        snprintf(purpose, sizeof purpose, " %s", rs->rules[s->cursor].description);
        draw_text(top + rows - 1, 0, purpose, cols, theme_attr(CR_MUTED));
    }
}

static void remove_answer(struct tui *t, void *ctx, bool yes)
{
    char *key = ctx;
    struct oph_error err = {0};
    if (yes && app_rule_remove(&t->app, key, &err))
        tui_say(t, true, "%s", err.msg);
    else if (yes)
        tui_say(t, false, "Rule %s removed: it raises no more follow-ups; those raised stay", key);
    free(key);
}

/* Removing the force's rule asks first; the program's own are refused at once. */
static void ask_remove(struct tui *t, const char *key)
{
    const struct rule *r = rule_set_find(&t->app.rules, key);
    struct oph_error err = {0};
    if (!r || r->starts < 0 || r->removed_at != OPH_NO_TIME) {
        app_rule_remove(&t->app, key, &err); /* refused: it says why */
        tui_say(t, true, "%s", err.msg);
        return;
    }
    char *k = strdup(key), q[160];
    if (!k) {
        tui_say(t, true, "out of memory");
        return;
    }
    snprintf(q, sizeof q, "Remove rule %s? It raises no more follow-ups; those raised stay.", key);
    tui_ask(t, q, remove_answer, k);
}

static int rules_handle(struct tui *t, void *state, enum request req, wint_t ch, bool is_key)
{
    (void)ch;
    (void)is_key;
    struct rules_state *s = state;
    const struct rule_set *rs = &t->app.rules;
    if (tui_scroll(req, rs->n, s->page, &s->cursor, &s->top))
        return TUI_REDRAW;
    switch (req) {
    case REQ_EDIT_RULE:
        if (s->cursor < rs->n)
            forms_open_rule(t, rs->rules[s->cursor].key);
        return TUI_REDRAW;
    case REQ_ADD_RULE:
        forms_open_rule_add(t);
        return TUI_REDRAW;
    case REQ_REMOVE_RULE:
        if (s->cursor < rs->n)
            ask_remove(t, rs->rules[s->cursor].key);
        return TUI_REDRAW;
    case REQ_MARKING:
        forms_open_marking(t);
        return TUI_REDRAW;
    case REQ_BACK:
        return tui_back(t);
    default:
        return tui_goto_view(t, req); /* draws only when it opened a view */
    }
}

/* A click puts the cursor on the row, a double click opens it; the wheel moves. */
static int rules_mouse(struct tui *t, void *state, enum mouse_act act, int y, int x)
{
    (void)x;
    struct rules_state *s = state;
    const struct rule_set *rs = &t->app.rules;
    bool open = false;
    if (!tui_mouse_rows(act, y, s->first_y, rs->n, s->page, &s->cursor, &s->top, &open))
        return TUI_OK;
    if (open && !t->has_user) /* changing needs someone to sign it, as for the key */
        return tui_whoami_open(t, REQ_EDIT_RULE), TUI_REDRAW;
    return open ? rules_handle(t, s, REQ_EDIT_RULE, 0, false) : TUI_REDRAW;
}

const struct view_ops rules_view_ops = {
    .mouse = rules_mouse,
    .title = "Due-time rules",
    .kind = VK_RULES,
    .open = rules_open,
    .draw = rules_draw,
    .handle = rules_handle,
    .close = rules_close,
};
