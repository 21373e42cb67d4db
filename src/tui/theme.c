/* Colours as semantic roles, mapped in one table: NO_COLOR and monochrome terminals get
 * attributes only (bold, reverse, underline), so every role stays distinguishable. */
#include "tui_internal.h"

struct role_style {
    short fg, bg; /* colour pair when colours are used */
    attr_t color; /* extra attributes with colour */
    attr_t mono;  /* attributes without colour */
};

static const struct role_style styles[CR_COUNT] = {
    [CR_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
    [CR_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
    [CR_HEADER] = {COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [CR_CURSOR] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
    [CR_OVERDUE] = {COLOR_RED, -1, A_BOLD, A_BOLD},
    [CR_DUE_TODAY] = {COLOR_YELLOW, -1, A_BOLD, A_UNDERLINE},
    [CR_DONE] = {COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
    [CR_MUTED] = {COLOR_BLUE, -1, A_NORMAL, A_DIM},
    [CR_ERROR] = {COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD},
    [CR_FOOTER] = {COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE},
    [CR_FIELD] = {-1, -1, A_UNDERLINE, A_UNDERLINE},
};

static bool colored;

void theme_init(bool use_color)
{
    colored = use_color && has_colors();
    if (!colored)
        return;
    start_color();
    use_default_colors();
    for (int r = 1; r < CR_COUNT; r++)
        init_pair((short)r, styles[r].fg, styles[r].bg);
}

attr_t theme_attr(enum color_role role)
{
    if ((unsigned)role >= CR_COUNT)
        role = CR_NORMAL;
    if (!colored)
        return styles[role].mono;
    return (role == CR_NORMAL ? 0 : COLOR_PAIR(role)) | styles[role].color;
}
