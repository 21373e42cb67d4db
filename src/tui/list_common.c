/* What the list views share: going to another view without stacking them up, moving a cursor
 * over rows held in memory, n and N after a search, and saying where the cursor is. */
#include <stdio.h>
#include <string.h>

#include "tui_internal.h"

int tui_goto_view(struct tui *t, enum request req)
{
    if (req == REQ_UNDO) /* the confirmation screen of the user's last action */
        return tui_undo_open(t), TUI_REDRAW;
    if (req == REQ_WHOAMI)
        return tui_whoami_open(t, REQ_NONE), TUI_REDRAW;
    const struct view_ops *ops = req == REQ_VIEW_CASES      ? &list_view_ops
                                 : req == REQ_VIEW_REMIND   ? &remind_view_ops
                                 : req == REQ_VIEW_PEOPLE   ? &people_view_ops
                                 : req == REQ_VIEW_RULES    ? &rules_view_ops
                                 : req == REQ_VIEW_STATS    ? &stats_view_ops
                                 : req == REQ_VIEW_LOG      ? &log_view_ops
                                 : req == REQ_VIEW_HOLIDAYS ? &holidays_view_ops
                                 : req == REQ_HELP          ? &help_view_ops
                                 : req == REQ_MESSAGES      ? &messages_view_ops
                                                            : NULL;
    if (!ops)
        return TUI_OK;
    /* Back to it if it is open, so that going round the views never stacks them up. */
    int at = -1;
    for (int i = 0; i < t->depth; i++)
        if (t->stack[i].ops == ops)
            at = i;
    if (at >= 0) {
        while (t->depth > at + 1)
            tui_pop(t);
    } else {
        tui_push(t, ops, NULL);
    }
    return TUI_REDRAW;
}

const char *tui_count_words(long n, char *buf, size_t size)
{
    char digits[32];
    int k = snprintf(digits, sizeof digits, "%ld", n < 0 ? -n : n), o = 0;
    char out[48];
    if (n < 0)
        out[o++] = '-';
    for (int i = 0; i < k; i++) {
        if (i > 0 && (k - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    snprintf(buf, size, "%s", out);
    return buf;
}

void tui_position_of(int cursor, int n, char *buf, size_t size)
{
    char at[32], of[32];
    if (n <= 0) {
        buf[0] = '\0';
        return;
    }
    snprintf(buf, size, "%s of %s", tui_count_words(cursor + 1, at, sizeof at),
             tui_count_words(n, of, sizeof of));
}

void tui_search_wrapped(struct tui *t, enum request req)
{
    tui_say(t, false,
            req == REQ_SEARCH_NEXT ? "The search went round: back at the first match."
                                   : "The search went round: at the last match.");
}

bool tui_search_step(struct tui *t, enum request req, const char *search, int n, int *cursor)
{
    if (!search[0]) {
        tui_say(t, false,
                "Nothing searched for yet: / searches, then n and N go from match "
                "to match.");
        return false;
    }
    if (n == 0) {
        tui_say(t, false, "Nothing matches \u201c%s\u201d.", search);
        return false;
    }
    int next = *cursor + (req == REQ_SEARCH_NEXT ? 1 : -1);
    if (next >= n || next < 0) {
        next = next < 0 ? n - 1 : 0;
        tui_search_wrapped(t, req);
    }
    *cursor = next;
    return true;
}

bool tui_scroll(enum request req, int n, int page, int *cursor, int *top)
{
    if (page < 1)
        page = 1;
    bool moved = true;
    switch (req) {
    case REQ_NONE: /* only brought back into range */
        moved = false;
        break;
    case REQ_MOVE_UP:
        *cursor -= 1;
        break;
    case REQ_MOVE_DOWN:
        *cursor += 1;
        break;
    case REQ_PAGE_UP:
        *cursor -= page;
        *top -= page;
        break;
    case REQ_PAGE_DOWN:
        *cursor += page;
        *top += page;
        break;
    case REQ_FIRST:
        *cursor = 0;
        break;
    case REQ_LAST:
        *cursor = n - 1;
        break;
    default:
        return false;
    }
    if (*cursor >= n)
        *cursor = n - 1;
    if (*cursor < 0)
        *cursor = 0;
    if (*top > n - page)
        *top = n - page;
    if (*top > *cursor)
        *top = *cursor;
    if (*top < *cursor - page + 1)
        *top = *cursor - page + 1;
    if (*top < 0)
        *top = 0;
    return moved;
}
