/* What the terminal can do, asked of terminfo before the front end starts: whether it can
 * move its cursor at all (TERM=dumb cannot: the screen would stay blank), and whether it has
 * a screen of its own to leave on exit (vt100 has not). Apart from tui.c because term.h
 * defines names such as `lines` and `columns` as macros. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tui_internal.h"

/* A terminfo string capability, or NULL when the terminal lacks it. */
static const char *capability(const char *name)
{
    char *s = tigetstr(name);
    return s == (char *)-1 ? NULL : s;
}

int tui_terminal_check(char *why, size_t n)
{
    const char *term = getenv("TERM");
    int status = 0;
    if (!term || !*term) {
        snprintf(why, n, "TERM is not set, so what the terminal can do is not known");
        return -1;
    }
    if (setupterm(NULL, STDOUT_FILENO, &status) != OK) {
        snprintf(why, n, "TERM=%.60s is not in the terminal database", term);
        return -1;
    }
    bool usable = capability("cup") != NULL;
    del_curterm(cur_term);
    if (!usable) {
        snprintf(why, n, "TERM=%.60s cannot move its cursor to draw a screen", term);
        return -1;
    }
    return 0;
}

bool tui_terminal_has_own_screen(void)
{
    return capability("rmcup") != NULL; /* asked of the terminal newterm set up */
}
