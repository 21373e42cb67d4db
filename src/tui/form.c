/* The form engine, a view: fields laid out and scrolled, what each value was understood as
 * shown beside it, refusals shown under the field they name, nothing typed lost on a refusal. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ophamp/text.h"
#include "ophamp/when.h"
#include "ophamp/workflow.h"
#include "tui_internal.h"

#define LABEL_X 2
#define LABEL_W 22
#define VALUE_X 27 /* a choice's ◂ sits two columns before */
#define ERROR_LINES 3
#define ESC 27

/* A person field's last lookup, redone when the number typed changes. */
struct lookup {
    bool valid;
    char number[TXT(MAX_NUMBER)];
    int rc; /* 1 found, 0 not found, -1 error */
    char text[600];
};

struct form_state {
    struct form_spec *spec;
    int focus, top; /* field with the cursor; first field drawn */
    bool typed;     /* anything changed since the form opened: Esc asks first */
    int refusal;    /* the field of the app's last refusal, or -1: any change may answer it */
    size_t pos[FORM_FIELDS_MAX], scroll[FORM_FIELDS_MAX]; /* byte offsets in value */
    struct lookup look[FORM_FIELDS_MAX];
};

/* ---- what is shown beside a field ---------------------------------------------------- */

/* "→ Wed 8 Apr 2026 09:30 BST", or why the text is not a time. */
static bool time_beside(struct tui *t, const char *value, char *out, size_t n)
{
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    oph_time at;
    const char *why;
    if (when_parse(value, t->app.now, &at, &why)) {
        snprintf(out, n, "%s", why);
        return false;
    }
    struct oph_local l = london_from_utc(at);
    int wd = cal_weekday((struct oph_date){l.year, l.month, l.day});
    snprintf(out, n, "\u2192 %s %d %s %04d %02d:%02d %s", days[wd], l.day, months[l.month - 1],
             l.year, l.hour, l.minute, london_offset(at) ? "BST" : "GMT");
    struct oph_error err = {0};
    if (check_not_future("", at, t->app.now, &err)) {
        snprintf(out, n, "%s", at > t->app.now ? "that is in the future" : "that is before 1990");
        return false;
    }
    return true;
}

static struct lookup *person_lookup(struct tui *t, struct form_state *st, int i)
{
    struct form_field *f = &st->spec->fields[i];
    struct lookup *lk = &st->look[i];
    if (lk->valid && strcmp(lk->number, f->value) == 0)
        return lk;
    lk->valid = true;
    text_copy(lk->number, sizeof lk->number, f->value);
    struct person p;
    struct oph_error err = {0};
    /* A number no one can have is said at once, as saving it would. */
    if (f->value[0] && check_staff_number("staff number", f->value, false, &err)) {
        lk->rc = 0;
        snprintf(lk->text, sizeof lk->text, "%s", err.msg);
        return lk;
    }
    lk->rc = app_person_by_number(&t->app, f->value, &p, &err);
    if (lk->rc > 0)
        snprintf(lk->text, sizeof lk->text, "%s (%s)", p.name, VOCAB_PERSON_ROLE.names[p.role]);
    else if (lk->rc == 0)
        snprintf(lk->text, sizeof lk->text, "%s",
                 f->name_key ? "not found \u2014 name below adds" : "not found");
    else
        snprintf(lk->text, sizeof lk->text, "lookup failed: %s", err.msg);
    return lk;
}

static void draw_beside(struct tui *t, struct form_state *st, int i, int y, int x, int w)
{
    struct form_field *f = &st->spec->fields[i];
    char buf[700] = "";
    enum color_role role = CR_MUTED;
    bool empty = f->value && !f->value[0];
    if (f->kind == FK_TIME && !empty) {
        role = time_beside(t, f->value, buf, sizeof buf) ? CR_NORMAL : CR_OVERDUE;
    } else if (f->kind == FK_PERSON && !empty) {
        struct lookup *lk = person_lookup(t, st, i);
        text_copy(buf, sizeof buf, lk->text);
        role = lk->rc > 0 ? CR_DONE : CR_OVERDUE;
    } else if (!form_field_is_text(f) && i == st->focus && !f->hint) {
        text_copy(buf, sizeof buf, "\u2190/\u2192, Space or a letter");
    } else if (f->hint) {
        text_copy(buf, sizeof buf, f->hint);
    }
    draw_text(y, x, buf, w, theme_attr(role));
}

/* ---- drawing ------------------------------------------------------------------------- */

static int error_lines(const struct form_field *f, int width)
{
    int n = 0;
    for (const char *p = f->error; *p && n < ERROR_LINES; n++)
        p += text_fit(p, width);
    return n;
}

static int field_height(struct form_spec *s, int i, int cols)
{
    struct form_field *f = &s->fields[i];
    if (!form_shown(s, f))
        return 0;
    return 1 + error_lines(f, cols - VALUE_X - 1);
}

/* A field the cursor can be on: shown, and not fixed by the item the form was opened for. */
static bool focusable(struct form_spec *s, int i)
{
    return form_shown(s, &s->fields[i]) && !(s->fields[i].flags & FF_FIXED);
}

static int next_shown(struct form_spec *s, int from, int dir)
{
    for (int i = from + dir; i >= 0 && i < s->n_fields; i += dir)
        if (focusable(s, i))
            return i;
    return from;
}

/* Keeps the focus on a field it can be on (a choice may have hidden the one it was on). */
static void fix_focus(struct form_state *st)
{
    struct form_spec *s = st->spec;
    if (st->focus < s->n_fields && focusable(s, st->focus))
        return;
    int i = next_shown(s, st->focus, -1);
    st->focus = i != st->focus ? i : next_shown(s, st->focus, 1);
}

/* Scrolls so the focused field and its message are in the area, using the room there is. */
static void fit_fields(struct form_state *st, int area, int cols)
{
    struct form_spec *s = st->spec;
    if (st->focus < st->top)
        st->top = st->focus;
    for (;;) {
        int h = 0;
        for (int i = st->top; i <= st->focus; i++)
            h += field_height(s, i, cols);
        if (h <= area || st->top >= st->focus)
            break;
        st->top++;
    }
    while (st->top > 0) {
        int h = 0;
        for (int i = st->top - 1; i < s->n_fields; i++)
            h += field_height(s, i, cols);
        if (h > area)
            break;
        st->top--;
    }
}

/* Keeps the cursor of a text field inside its width by scrolling the text sideways. */
static int draw_value_text(struct form_state *st, int i, int y, int w, bool focused, attr_t a)
{
    struct form_field *f = &st->spec->fields[i];
    size_t len = strlen(f->value);
    size_t *pos = &st->pos[i], *scroll = &st->scroll[i];
    if (*pos > len)
        *pos = len;
    if (*scroll > *pos)
        *scroll = *pos;
    while (form_span_width(f->value + *scroll, *pos - *scroll) > w - 1)
        *scroll = form_next_char(f->value, *scroll);
    if (!focused) { /* the beginning reads best when the cursor is elsewhere */
        draw_text(y, VALUE_X, f->value, w, a);
        return -1;
    }
    draw_text(y, VALUE_X, f->value + *scroll, w, a);
    return VALUE_X + form_span_width(f->value + *scroll, *pos - *scroll);
}

static void form_draw(struct tui *t, void *state, int top, int rows, int cols)
{
    struct form_state *st = state;
    struct form_spec *s = st->spec;
    int value_w = cols - VALUE_X - 32;
    value_w = value_w < 20 ? 20 : value_w > 60 ? 60 : value_w;
    int beside_x = VALUE_X + value_w + 2, beside_w = cols - beside_x - 1;
    int y = top, end = top + rows - 1; /* the last row explains the keys */
    draw_text(y++, 1, s->title, cols - 2, theme_attr(CR_HEADER));
    if (s->intro[0])
        draw_text(y++, 1, s->intro, cols - 2, theme_attr(CR_NORMAL));
    y++;
    fix_focus(st);
    fit_fields(st, end - y, cols);
    bool above = false, below = false;
    for (int i = 0; i < st->top; i++)
        above = above || form_shown(s, &s->fields[i]);
    for (int i = st->top; i < s->n_fields; i++) {
        struct form_field *f = &s->fields[i];
        int h = field_height(s, i, cols);
        if (!h)
            continue;
        if (y + h > end) {
            below = true;
            break;
        }
        bool focused = i == st->focus;
        char label[160];
        snprintf(label, sizeof label, "%s%s", f->label, (f->flags & FF_REQUIRED) ? " *" : "");
        draw_text(y, 0, focused ? ">" : "", 1, theme_attr(CR_HEADER));
        draw_text(y, LABEL_X, label, LABEL_W, focused ? A_BOLD : theme_attr(CR_NORMAL));
        attr_t field_attr = theme_attr(focused ? CR_CURSOR : CR_FIELD);
        if (form_field_is_text(f)) {
            int cx = draw_value_text(st, i, y, value_w, focused, field_attr);
            if (cx >= 0) {
                t->cursor_y = y;
                t->cursor_x = cx;
            }
        } else {
            char shown[160];
            snprintf(shown, sizeof shown, focused ? "\u25c2 %s \u25b8" : "  %s",
                     form_field_choice_name(f));
            draw_text(y, VALUE_X - 2, shown, value_w + 2, field_attr);
        }
        draw_beside(t, st, i, y, beside_x, beside_w);
        const char *p = f->error;
        for (int k = 1; k < h; k++) {
            char line[600];
            size_t n = text_fit(p, cols - VALUE_X - 1);
            snprintf(line, sizeof line, "%.*s", (int)n, p);
            draw_text(y + k, VALUE_X, line, cols - VALUE_X - 1, theme_attr(CR_ERROR));
            p += n;
        }
        y += h;
    }
    if (above || below)
        draw_text(top, cols - 16,
                  above && below ? "\u2191\u2193 more"
                  : above        ? "\u2191 more above"
                                 : "\u2193 more below",
                  15, theme_attr(CR_MUTED));
    draw_text(top + rows - 1, 1,
              "* required \u00b7 Tab/Enter next field \u00b7 F2 or Ctrl-S save \u00b7 Esc cancel",
              cols - 2, theme_attr(CR_MUTED));
}

/* ---- saving -------------------------------------------------------------------------- */

static void refused(struct tui *t, struct form_state *st, const struct oph_error *err)
{
    struct form_spec *s = st->spec;
    char msg[sizeof err->msg + 64];
    tui_word_error(err, msg, sizeof msg);
    if (err->kind == OPH_DB) {
        tui_say(t, true, "Not saved (database): %s \u2014 what you typed is kept", msg);
        return;
    }
    /* The field the refusal names as data: the words are the core's, for people only. */
    int i = s->error_field >= 0 ? s->error_field : form_field_of(s, err);
    if (i >= 0 && form_shown(s, &s->fields[i])) {
        text_copy(s->fields[i].error, sizeof s->fields[i].error, msg);
        st->refusal = i;
        if (focusable(s, i)) {
            st->focus = i;
            st->pos[i] = s->fields[i].value ? strlen(s->fields[i].value) : 0;
        }
    }
    tui_say(t, true, "Not saved: %s", msg);
}

static void submit(struct tui *t, struct form_state *st)
{
    struct form_spec *s = st->spec;
    struct oph_error err = {0};
    s->error_field = -1;
    t->message[0] = '\0';
    int rc = s->submit(t, s, &err);
    for (int i = 0; i < s->n_fields; i++)
        st->look[i].valid = false; /* a person may have been added */
    if (rc != 0) {
        refused(t, st, &err);
        return;
    }
    if (!t->message[0])
        tui_say(t, false, "Saved.");
    const struct view_ops *then = s->then_ops;
    char arg[sizeof s->then_arg];
    memcpy(arg, s->then_arg, sizeof arg);
    tui_pop(t); /* frees st and s */
    if (then)
        tui_push(t, then, arg);
}

static void confirm_answer(struct tui *t, void *ctx, bool yes)
{
    if (yes)
        submit(t, ctx);
    else
        tui_say(t, false, "Not saved; the form is as you left it.");
}

static void save(struct tui *t, struct form_state *st)
{
    struct form_spec *s = st->spec;
    int first_bad = -1;
    st->refusal = -1;
    for (int i = 0; i < s->n_fields; i++) {
        s->fields[i].error[0] = '\0';
        if (form_shown(s, &s->fields[i]) && !form_field_check(&s->fields[i], t->app.now) &&
            first_bad < 0)
            first_bad = i;
        if (s->fields[i].value && st->pos[i] > strlen(s->fields[i].value))
            st->pos[i] = strlen(s->fields[i].value);
    }
    if (first_bad >= 0) {
        if (focusable(s, first_bad))
            st->focus = first_bad;
        tui_say(t, true, "Not saved: %s", s->fields[first_bad].error);
        return;
    }
    if (s->confirm) {
        char q[256] = "";
        struct oph_error err = {0};
        s->error_field = -1;
        int rc = s->confirm(t, s, q, sizeof q, &err);
        if (rc < 0) {
            refused(t, st, &err);
            return;
        }
        if (rc > 0) {
            tui_ask(t, q, confirm_answer, st);
            return;
        }
    }
    submit(t, st);
}

/* ---- keys ---------------------------------------------------------------------------- */

static void discard_answer(struct tui *t, void *ctx, bool yes)
{
    (void)ctx;
    if (yes)
        tui_pop(t);
}

static void quit_answer(struct tui *t, void *ctx, bool yes)
{
    (void)ctx;
    while (yes && t->depth > 0) /* the loop ends once the stack is empty */
        tui_pop(t);
}

static int form_handle(struct tui *t, void *state, enum request req, wint_t ch, bool is_key)
{
    struct form_state *st = state;
    struct form_spec *s = st->spec;
    fix_focus(st);
    switch (req) {
    case REQ_FORM_NEXT:
        st->focus = next_shown(s, st->focus, 1);
        return TUI_REDRAW;
    case REQ_FORM_PREV:
        st->focus = next_shown(s, st->focus, -1);
        return TUI_REDRAW;
    case REQ_FORM_SAVE:
        save(t, st);
        return TUI_REDRAW;
    case REQ_QUIT:
        if (!st->typed)
            return TUI_QUIT;
        tui_ask(t, "Discard what you typed and quit ophamp?", quit_answer, st);
        return TUI_REDRAW;
    default:
        break;
    }
    if (!is_key && ch == ESC) {
        if (st->typed)
            tui_ask(t, "Discard what you typed?", discard_answer, st);
        else
            tui_pop(t);
        return TUI_REDRAW;
    }
    if ((!is_key && (ch == '\n' || ch == '\r')) || (is_key && ch == KEY_ENTER)) {
        int next = next_shown(s, st->focus, 1);
        if (next == st->focus)
            save(t, st);
        else
            st->focus = next;
        return TUI_REDRAW;
    }
    struct form_field *f = &s->fields[st->focus];
    bool changed = form_field_key(t, f, &st->pos[st->focus], ch, is_key);
    if (changed) {
        st->typed = true;
        f->error[0] = '\0';
        /* A refusal is about the form as a whole (the victim named for the role chosen): it
         * goes once anything changes, as a check of the field's own goes when it changes. */
        if (st->refusal >= 0)
            s->fields[st->refusal].error[0] = '\0';
        st->refusal = -1;
    }
    return TUI_REDRAW;
}

/* ---- the view ------------------------------------------------------------------------ */

static void *form_open_view(struct tui *t, const void *arg)
{
    struct form_state *st = calloc(1, sizeof *st);
    if (!st) {
        tui_say(t, true, "out of memory");
        return NULL;
    }
    st->spec = (struct form_spec *)arg; /* the view owns it from here */
    for (int i = 0; i < st->spec->n_fields; i++)
        if (st->spec->fields[i].value)
            st->pos[i] = strlen(st->spec->fields[i].value);
    st->focus = 0;
    st->refusal = -1;
    fix_focus(st);
    return st;
}

static bool form_has_input(void *state)
{
    return ((struct form_state *)state)->typed;
}

static void form_close(void *state)
{
    struct form_state *st = state;
    form_free(st->spec);
    free(st);
}

const struct view_ops form_view_ops = {
    .title = "form",
    .kind = VK_FORM,
    .open = form_open_view,
    .draw = form_draw,
    .handle = form_handle,
    .close = form_close,
    .has_input = form_has_input,
};

int form_open(struct tui *t, struct form_spec *s)
{
    if (tui_push(t, &form_view_ops, s) == 0)
        return 0;
    form_free(s);
    return -1;
}
