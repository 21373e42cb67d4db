/* Drawing text from the database: neutralised, cut to a width in display columns (wide and
 * combining characters counted as the terminal shows them), padded. On a terminal whose
 * locale is not UTF-8 every character beyond ASCII is drawn as ASCII: the front end's own
 * marks (dashes, arrows, ellipsis, bars) as their usual ASCII forms, anything else as '?'. */
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "tui_internal.h"

static bool ascii_only;

void draw_set_ascii(bool on)
{
    ascii_only = on;
}

/* The ASCII a character is drawn as on an ASCII terminal. */
static const char *ascii_for(wchar_t c)
{
    static const struct {
        wchar_t c;
        const char *ascii;
    } marks[] = {
        {L'\u2014', "-"},  {L'\u2013', "-"}, {L'\u00b7', "|"},  {L'\u2026', "..."},
        {L'\u25c2', "<"},  {L'\u25b8', ">"}, {L'\u2190', "<-"}, {L'\u2192', "->"},
        {L'\u2191', "^"},  {L'\u2193', "v"}, {L'\u2195', "^v"}, {L'\u201c', "\""},
        {L'\u201d', "\""}, {L'\u2018', "'"}, {L'\u2019', "'"},  {L'\u00d7', "x"},
        {L'\u2588', "#"},  {L'\u2589', "#"}, {L'\u258a', "#"},  {L'\u258b', "#"},
        {L'\u258c', "#"},  {L'\u258d', " "}, {L'\u258e', " "},  {L'\u258f', " "},
        {L'\ufffd', "?"},  {L'\u00a0', " "}, {L'\u2500', "-"},
    };
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (marks[i].c == c)
            return marks[i].ascii;
    return "?";
}

/* Decodes the next character of p; returns bytes used (1 for an invalid byte, drawn '?'). */
static size_t next_wchar(const char *p, size_t left, wchar_t *wc)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t k = mbrtowc(wc, p, left, &st);
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
        *wc = L'?';
        return 1;
    }
    return k;
}

/* Measures (and, if draw, draws) s cut to width columns: each spacing character with the
 * combining marks that follow it makes one cell. */
static int walk(const char *s, int width, int y, int x, bool draw)
{
    static char safe[4096 * 3];
    text_neutralise(s ? s : "", safe, sizeof safe, false);
    const char *p = safe;
    size_t left = strlen(safe);
    int used = 0;
    while (left > 0) {
        wchar_t cell[CCHARW_MAX + 1];
        int n = 0;
        size_t k = next_wchar(p, left, &cell[n]);
        int w = wcwidth(cell[0]);
        if (w <= 0) { /* a lone combining mark or unprintable: show a placeholder */
            cell[0] = L'?';
            w = 1;
        }
        n = 1;
        p += k;
        left -= k;
        while (left > 0) { /* gather the combining marks of this cell */
            wchar_t mark;
            size_t m = next_wchar(p, left, &mark);
            if (wcwidth(mark) != 0)
                break;
            if (n < CCHARW_MAX)
                cell[n++] = mark;
            p += m;
            left -= m;
        }
        if (ascii_only && cell[0] >= 0x80) {
            const char *a = ascii_for(cell[0]);
            int cols = (int)strlen(a);
            if (used + cols > width)
                break;
            for (int i = 0; draw && i < cols; i++)
                mvaddch(y, x + used + i, (chtype)(unsigned char)a[i]);
            used += cols;
            continue;
        }
        if (used + w > width)
            break;
        if (draw) {
            cchar_t cc;
            cell[n] = L'\0';
            setcchar(&cc, cell, A_NORMAL, 0, NULL);
            mvadd_wch(y, x + used, &cc);
        }
        used += w;
    }
    return used;
}

int draw_text(int y, int x, const char *s, int width, attr_t attr)
{
    if (width <= 0)
        return 0;
    attr_t old;
    short pair;
    attr_get(&old, &pair, NULL);
    attrset(attr);
    int used, mark = ascii_only ? 3 : 1;         /* "..." or "…" */
    if (width > mark && text_width(s) > width) { /* cut: say so with an ellipsis */
        used = walk(s, width - mark, y, x, true);
        used += walk("\u2026", mark, y, x + used, true);
    } else {
        used = walk(s, width, y, x, true);
    }
    for (int i = used; i < width; i++)
        mvaddch(y, x + i, ' ');
    attrset(old);
    return used;
}

int text_width(const char *s)
{
    return walk(s, 1 << 20, 0, 0, false);
}

const char *fmt_local(oph_time t, char buf[OPH_LOCAL_LEN])
{
    if (t == OPH_NO_TIME)
        return "\u2014";
    time_format_local(t, buf);
    return buf;
}
