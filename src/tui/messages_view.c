/* Messages: refusals worded for the front end (keys, not commands), kept, and the messages view (m)
 * that shows the last ones in full, the newest first, with the time each was said, so that
 * one cut to the width of the status line can be read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "tui_internal.h"

/* The records a refusal may need that a key of the case view makes: the request, from whose
 * table entry the key is read. */
static const enum request field_request[OPH_FIELD_COUNT] = {
    [OPH_FIELD_WELFARE_CONTACT] = REQ_WELFARE,
    [OPH_FIELD_ROLES] = REQ_ASSIGN,
    [OPH_FIELD_EVIDENCE_ITEMS] = REQ_EVIDENCE_ADD,
};

const char *tui_field_key(enum oph_field field)
{
    if ((unsigned)field >= OPH_FIELD_COUNT || field_request[field] == REQ_NONE)
        return NULL;
    return tui_requests[field_request[field]].keys;
}

void tui_word_error(const struct oph_error *err, char *out, size_t size)
{
    const char *msg = err->msg[0] ? err->msg : "refused";
    const char *keys = err->rule == OPH_RULE_NEEDED ? tui_field_key(err->field) : NULL;
    int n = keys ? snprintf(out, size, "%s (press %.*s)", msg, (int)strcspn(keys, ","), keys)
                 : snprintf(out, size, "%s", msg);
    if (n < 0 && size > 0)
        out[0] = '\0';
}

void tui_keep_message(struct tui *t)
{
    struct tui_message *last =
        t->n_messages ? &t->messages[(t->n_messages - 1) % MESSAGES_KEPT] : NULL;
    if (!t->message[0] || (last && strcmp(last->text, t->message) == 0))
        return; /* a repeat is kept once */
    struct tui_message *m = &t->messages[t->n_messages++ % MESSAGES_KEPT];
    text_copy(m->text, sizeof m->text, t->message);
    m->at = t->app.now;
    m->error = t->message_is_error;
}

#define WHEN_W 7 /* "14:10  " */

struct messages_state {
    int top, last, page;
};

static void *messages_open(struct tui *t, const void *arg)
{
    (void)arg;
    struct messages_state *s = calloc(1, sizeof *s);
    if (!s)
        tui_say(t, true, "out of memory");
    return s;
}

static void messages_close(void *state)
{
    free(state);
}

/* Draws (when draw) or counts the lines of the messages from line `from` on. */
static int lay_out(struct tui *t, int from, int y, int rows, int cols, bool draw)
{
    long kept = t->n_messages < MESSAGES_KEPT ? t->n_messages : MESSAGES_KEPT;
    int line = 0, width = cols - WHEN_W - 2;
    for (long k = 0; k < kept; k++) {
        const struct tui_message *m = &t->messages[(t->n_messages - 1 - k) % MESSAGES_KEPT];
        struct oph_local l = london_from_utc(m->at);
        char when[16];
        snprintf(when, sizeof when, "%02d:%02d", l.hour, l.minute);
        attr_t attr = theme_attr(m->error ? CR_OVERDUE : CR_NORMAL);
        const char *p = m->text;
        for (bool first = true; *p; first = false, line++) {
            size_t n = text_fit(p, width);
            if (draw && line >= from && line - from < rows) {
                char part[sizeof m->text];
                snprintf(part, sizeof part, "%.*s", (int)n, p);
                if (first)
                    draw_text(y + line - from, 1, when, WHEN_W, theme_attr(CR_MUTED));
                draw_text(y + line - from, 1 + WHEN_W, part, width, attr);
            }
            p += n;
            while (*p == ' ')
                p++;
        }
    }
    return line;
}

static void messages_draw(struct tui *t, void *state, int top, int rows, int cols)
{
    struct messages_state *s = state;
    draw_text(top, 0, " The last messages, the newest first.", cols, theme_attr(CR_MUTED));
    s->page = rows - 1 > 1 ? rows - 1 : 1;
    int n = lay_out(t, 0, top + 1, 0, cols, false);
    s->last = n > s->page ? n - s->page : 0;
    if (s->top > s->last)
        s->top = s->last;
    if (n == 0)
        draw_text(top + 2, 0, " No messages yet.", cols, theme_attr(CR_MUTED));
    lay_out(t, s->top, top + 1, s->page, cols, true);
}

static int messages_handle(struct tui *t, void *state, enum request req, wint_t ch, bool is_key)
{
    (void)ch;
    (void)is_key;
    struct messages_state *s = state;
    if (tui_scroll_text(req, &s->top, s->page, s->last))
        return TUI_REDRAW;
    switch (req) {
    case REQ_MESSAGES:
        return TUI_REDRAW; /* already here */
    case REQ_BACK:
        return tui_back(t);
    default:
        return tui_goto_view(t, req) | TUI_REDRAW;
    }
}

const struct view_ops messages_view_ops = {
    .title = "Messages",
    .kind = VK_MESSAGES,
    .open = messages_open,
    .draw = messages_draw,
    .handle = messages_handle,
    .close = messages_close,
};
