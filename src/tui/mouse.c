/* The mouse: what ncurses (or the scripted keys) says it did, a click or a turn of the wheel
 * handed to the view under it, and the rows a list view moves by. */
#include <stdlib.h>
#include <string.h>

#include "tui_internal.h"

/* What the mouse did, from ncurses (or the scripted keys); false for anything else. */
static bool mouse_event(struct tui *t, enum mouse_act *act, int *y, int *x)
{
    if (t->scripted_mouse.pending) {
        t->scripted_mouse.pending = false;
        *act = t->scripted_mouse.act;
        *y = t->scripted_mouse.y;
        *x = t->scripted_mouse.x;
        return true;
    }
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return false;
    *y = ev.y;
    *x = ev.x;
    if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
        *act = MOUSE_DOUBLE;
    else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
        *act = MOUSE_CLICK;
    else if (ev.bstate & BUTTON4_PRESSED)
        *act = MOUSE_WHEEL_UP;
#ifdef BUTTON5_PRESSED
    else if (ev.bstate & BUTTON5_PRESSED)
        *act = MOUSE_WHEEL_DOWN;
#endif
    else
        return false;
    return true;
}

int tui_handle_mouse(struct tui *t)
{
    enum mouse_act act;
    int y, x;
    if (!mouse_event(t, &act, &y, &x) || t->prompt.active || t->depth == 0)
        return TUI_OK;
    struct view_frame *top = &t->stack[t->depth - 1];
    if (top->ops->kind == VK_FORM || y <= 0 || y >= t->rows - 2)
        return TUI_OK; /* forms take keys; the title, status and footer lines are not rows */
    if (top->ops->mouse)
        return top->ops->mouse(t, top->state, act, y, x);
    if (act != MOUSE_WHEEL_UP && act != MOUSE_WHEEL_DOWN)
        return TUI_OK;
    int flags = TUI_OK;
    for (int i = 0; i < MOUSE_WHEEL_ROWS && !(flags & TUI_QUIT); i++)
        flags |= top->ops->handle(t, top->state,
                                  act == MOUSE_WHEEL_UP ? REQ_MOVE_UP : REQ_MOVE_DOWN, 0, false);
    return flags;
}

bool tui_mouse_rows(enum mouse_act act, int y, int first_y, int n, int page, int *cursor, int *top,
                    bool *open)
{
    *open = false;
    if (act == MOUSE_WHEEL_UP || act == MOUSE_WHEEL_DOWN) {
        for (int i = 0; i < MOUSE_WHEEL_ROWS; i++)
            tui_scroll(act == MOUSE_WHEEL_UP ? REQ_MOVE_UP : REQ_MOVE_DOWN, n, page, cursor, top);
        return true;
    }
    int row = *top + (y - first_y);
    if (y < first_y || y - first_y >= page || row >= n)
        return false;
    *cursor = row;
    *open = act == MOUSE_DOUBLE;
    return true;
}

/* Whether to take the mouse: yes, unless OPHAMP_MOUSE says off (the terminal's own selection
 * of text then works without Shift). */
bool tui_mouse_wanted(void)
{
    const char *v = getenv("OPHAMP_MOUSE");
    return !(v && (strcmp(v, "off") == 0 || strcmp(v, "0") == 0 || strcmp(v, "no") == 0 ||
                   strcmp(v, "false") == 0));
}
