/* The case list, the home view: one page of cases in memory, fetched by keyset through the
 * store so that moving costs the same at a million cases; filters, sort, search and where the
 * cursor is in the list. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "ophamp/xalloc.h"
#include "tui_internal.h"

/* ---- the case list ------------------------------------------------------------------- */

#define SEARCH_MAX 256

struct list_state {
    enum case_filter_kind kind;
    bool custody;
    bool mine; /* the user's own cases (t->user) */
    enum case_sort sort;
    bool descending;
    char search[SEARCH_MAX];
    /* The page on screen, in list order; rows[0] is the top line. */
    struct case_row *rows;
    int n, cap;
    int cursor;
    int page; /* rows the screen shows, from the last draw */
    bool more_before, more_after;
    /* Where the page is, for "12 of 150": rows[0]'s place in the list from 0, or else how
     * many rows come after rows[n - 1] (after G on a list longer than the count went); -1
     * when not known. And how many cases the list has (when not exact: that many or more). */
    long first, after, total;
    bool total_exact;
    /* Where the last draw put the headings and the first row, for the mouse. */
    int head_y, head_x[SORT_COUNT];
};

/* Counting stops here: a count costs what it reads (a million cases take 100 ms, ten
 * thousand 1 ms), and past this a place is kept by counting the moves. */
#define COUNT_CAP 10000L

/* The title line names the list: view_ops are constant, so the title points here. There is
 * one case list at a time (tui_goto_view goes back to it rather than opening another). */
static char list_title[SEARCH_MAX + 96] = "Cases";

static const char *const FILTER_NAMES[] = {[FILTER_OPEN] = "open",
                                           [FILTER_CLOSED] = "closed",
                                           [FILTER_OVERDUE] = "overdue",
                                           [FILTER_ALL] = "all",
                                           [FILTER_REVIEW] = "due for review"};

/* The retention review's age (the command line's case list --review --years default). */
#define REVIEW_YEARS 6

/* How each order reads, either way round. */
static const char *const SORT_WORDS[SORT_COUNT][2] = {
    [SORT_DATE] = {"newest first", "oldest first"},
    [SORT_NEXT_DUE] = {"next due first", "next due last"},
    [SORT_REFERENCE] = {"by reference", "by reference, last first"},
    [SORT_VICTIM] = {"by victim, A to Z", "by victim, Z to A"},
    [SORT_WHERE] = {"by where, A to Z", "by where, Z to A"},
    [SORT_STATUS] = {"overdue first", "closed first"},
};

static void set_title(const struct list_state *s)
{
    int n = snprintf(list_title, sizeof list_title, "Cases \u2014 %s%s%s \u00b7 %s",
                     s->mine ? "my " : "", FILTER_NAMES[s->kind], s->custody ? " in custody" : "",
                     s->kind == FILTER_REVIEW
                         ? s->descending ? "newest closed first" : "oldest closed first"
                         : SORT_WORDS[s->sort][s->descending]);
    if (s->search[0] && n > 0 && (size_t)n < sizeof list_title)
        snprintf(list_title + n, sizeof list_title - (size_t)n, " \u00b7 \u201c%s\u201d",
                 s->search);
}

struct fetch {
    struct case_row *out;
    int n, max;
};

static int keep_row(void *ctx, const struct case_row *r)
{
    struct fetch *f = ctx;
    f->out[f->n++] = *r;
    return f->n >= f->max;
}

static struct case_filter filter_of(struct tui *t, const struct list_state *s)
{
    return (struct case_filter){
        .kind = s->kind,
        .custody_only = s->custody,
        .search = s->search[0] ? s->search : NULL,
        .sort = s->sort,
        .descending = s->descending,
        .person_id = s->mine && t->has_user ? t->user.id : 0,
        .now = t->app.now,
        .closed_before = app_review_cutoff(t->app.now, REVIEW_YEARS),
    };
}

/* How many cases the list has, counting no further than cap. */
static void count(struct tui *t, struct list_state *s, long cap)
{
    struct case_filter f = filter_of(t, s);
    struct oph_error err = {0};
    if (app_case_list_count(&t->app, &f, cap, &s->total, &err)) {
        tui_say(t, true, "%s", err.msg);
        s->total = -1;
    }
    s->total_exact = s->total < cap;
}

/* Up to max rows after (or before, nearest first) anchor into out; -1 on an error (said). */
static int fetch(struct tui *t, const struct list_state *s, enum case_page dir,
                 const struct case_row *anchor, struct case_row *out, int max)
{
    struct case_filter f = filter_of(t, s);
    f.limit = max;
    f.anchor = anchor;
    f.direction = dir;
    struct fetch fx = {out, 0, max};
    struct oph_error err = {0};
    if (app_case_list(&t->app, &f, keep_row, &fx, &err)) {
        tui_say(t, true, "%s", err.msg);
        return -1;
    }
    return fx.n;
}

/* Room for a page and the one row beyond it that says whether there is more; the rows
 * already there are kept. */
static void reserve(struct list_state *s)
{
    if (s->cap >= s->page + 1)
        return;
    struct case_row *rows = xcalloc((size_t)s->page + 1, sizeof *rows);
    if (s->n > 0)
        memcpy(rows, s->rows, sizeof *rows * (size_t)s->n);
    free(s->rows);
    s->rows = rows;
    s->cap = s->page + 1;
}

static void reverse(struct case_row *r, int n)
{
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        struct case_row x = r[i];
        r[i] = r[j];
        r[j] = x;
    }
}

static void clamp_cursor(struct list_state *s)
{
    if (s->cursor >= s->n)
        s->cursor = s->n - 1;
    if (s->cursor < 0)
        s->cursor = 0;
}

static void load_top(struct tui *t, struct list_state *s)
{
    reserve(s);
    int n = fetch(t, s, PAGE_FORWARD, NULL, s->rows, s->page + 1);
    s->n = n < 0 ? 0 : n > s->page ? s->page : n;
    s->more_before = false;
    s->more_after = n > s->page;
    s->first = 0;
    s->after = s->total_exact ? s->total - s->n : -1;
    clamp_cursor(s);
}

static void load_bottom(struct tui *t, struct list_state *s)
{
    reserve(s);
    int n = fetch(t, s, PAGE_BACKWARD, NULL, s->rows, s->page + 1);
    s->n = n < 0 ? 0 : n > s->page ? s->page : n;
    reverse(s->rows, s->n);
    s->more_before = n > s->page;
    s->more_after = false;
    s->after = 0;
    s->first = s->total_exact ? s->total - s->n : -1;
    clamp_cursor(s);
}

/* The window moved down so that it starts just after rows[k - 1]. */
static void scroll_down(struct tui *t, struct list_state *s, int k)
{
    struct case_row anchor = s->rows[k - 1];
    struct case_row *got = xcalloc((size_t)s->page + 1, sizeof *got);
    int n = fetch(t, s, PAGE_FORWARD, &anchor, got, s->page + 1);
    if (n > 0 && n < s->page) {
        if (s->first >= 0) { /* all the rest is in sight: the count is exact */
            s->total = s->first + k + n;
            s->total_exact = true;
        }
        /* (load_bottom knows its place from the count) */
        load_bottom(t, s); /* near the end: keep the screen full */
    } else if (n > 0) {
        memcpy(s->rows, got, sizeof *got * (size_t)s->page);
        s->n = s->page;
        s->more_before = true;
        s->more_after = n > s->page;
        s->first = s->first >= 0 ? s->first + k : -1;
        s->after = s->after >= 0 ? s->after - (k + s->page - s->n) : -1;
    } else if (n == 0) {
        s->more_after = false;
    }
    free(got);
}

/* The window moved up so that it ends just before rows[n - k]. */
static void scroll_up(struct tui *t, struct list_state *s, int k)
{
    struct case_row anchor = s->rows[s->n - k];
    struct case_row *got = xcalloc((size_t)s->page + 1, sizeof *got);
    int n = fetch(t, s, PAGE_BACKWARD, &anchor, got, s->page + 1);
    if (n >= 0 && n <= s->page) {
        load_top(t, s); /* at the start: the first page, full */
    } else if (n > 0) {
        reverse(got, s->page);
        s->first = s->first >= 0 ? s->first + s->n - k - s->page : -1;
        s->after = s->after >= 0 ? s->after + k : -1;
        memcpy(s->rows, got, sizeof *got * (size_t)s->page);
        s->n = s->page;
        s->more_before = s->more_after = true;
    }
    free(got);
}

/* The page again from its row `first` (data changed, or the screen has another height),
 * keeping the cursor on the same case when it is still there. */
static void reload_from(struct tui *t, struct list_state *s, int first)
{
    int64_t at = s->n ? s->rows[s->cursor].id : 0;
    int cursor = s->cursor - first;
    struct case_row before;
    int n = 0;
    if (first > 0 && first < s->n) {
        before = s->rows[first - 1];
        n = 1;
    } else if (s->n > 0 && s->more_before) {
        struct case_row top = s->rows[0];
        n = fetch(t, s, PAGE_BACKWARD, &top, &before, 1);
    }
    reserve(s);
    /* The new page starts `shift` rows down: its place, and how many rows from its start on
     * (the page's own and those after it), when they were known. */
    long shift = first > 0 && first < s->n ? first : 0;
    long place = s->first >= 0 ? s->first + shift : -1;
    long to_end = s->after >= 0 ? s->after + s->n - shift : -1;
    if (n <= 0) {
        load_top(t, s);
    } else {
        n = fetch(t, s, PAGE_FORWARD, &before, s->rows, s->page + 1);
        s->n = n < 0 ? 0 : n > s->page ? s->page : n;
        s->more_before = true;
        s->more_after = n > s->page;
        s->first = place;
        s->after = to_end >= s->n ? to_end - s->n : -1;
        if (s->n < s->page)
            load_bottom(t, s);
    }
    s->cursor = cursor;
    for (int i = 0; i < s->n; i++)
        if (s->rows[i].id == at)
            s->cursor = i;
    clamp_cursor(s);
}

static void reload(struct tui *t, struct list_state *s)
{
    reload_from(t, s, 0);
}

static void *list_open(struct tui *t, const void *arg)
{
    (void)arg;
    struct list_state *s = xcalloc(1, sizeof *s);
    s->kind = FILTER_OPEN;
    s->sort = SORT_DATE;
    s->page = t->rows - 4 > 1 ? t->rows - 4 : 1; /* the screen less title, header, status, footer */
    set_title(s);
    count(t, s, COUNT_CAP);
    load_top(t, s);
    return s;
}

static void list_close(void *state)
{
    struct list_state *s = state;
    free(s->rows);
    free(s);
}

static void list_resume(struct tui *t, void *state)
{
    struct list_state *s = state;
    set_title(s);
    count(t, s, COUNT_CAP); /* a case may have been logged, or closed */
    reload(t, s);
}

/* ---- drawing ------------------------------------------------------------------------- */

/* The columns left to right, by the order each sorts. */
static const enum case_sort in_order[SORT_COUNT] = {SORT_REFERENCE, SORT_DATE,     SORT_VICTIM,
                                                    SORT_WHERE,     SORT_NEXT_DUE, SORT_STATUS};

struct columns {
    int ref, date, victim, where, due, item, status;
    bool wide; /* room for the year of the next due time */
};

static struct columns layout(int cols)
{
    struct columns c = {.ref = 14, .date = 10, .where = 8, .status = 7};
    c.wide = cols >= 100;
    c.due = c.wide ? 16 : 12;
    /* One space before the first column and between columns. */
    int rest = cols - (1 + c.ref + 1 + c.date + 1 + 1 + c.where + 1 + c.due + 1 + 1 + c.status);
    if (rest < 2)
        rest = 2;
    c.victim = rest * 11 / 20;
    c.item = rest - c.victim;
    return c;
}

/* What is next, without the words the column heading already says. */
static const char *short_item(const char *item)
{
    if (strncmp(item, "step ", 5) == 0)
        return item + 5;
    if (strncmp(item, "follow-up ", 10) == 0)
        return item + 10;
    return item;
}

static void format_due(oph_time due, bool wide, char *buf, size_t sz)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char local[OPH_LOCAL_LEN];
    if (due == OPH_NO_TIME) {
        snprintf(buf, sz, "%s", "\u2014");
    } else if (wide) {
        snprintf(buf, sz, "%s", fmt_local(due, local));
    } else {
        struct oph_local l = london_from_utc(due);
        snprintf(buf, sz, "%02d %s %02d:%02d", l.day, months[(l.month + 11) % 12], l.hour,
                 l.minute);
    }
}

static void draw_row(struct tui *t, const struct case_row *r, const struct columns *c, int y,
                     int cols, bool is_cursor, bool review)
{
    bool overdue = !r->closed && r->next_due_at != OPH_NO_TIME && r->next_due_at < t->app.now;
    bool due_today = !r->closed && !overdue && r->next_due_at != OPH_NO_TIME &&
                     cal_date_cmp(london_date(r->next_due_at), london_date(t->app.now)) == 0;
    attr_t attr = theme_attr(overdue ? CR_OVERDUE : r->closed ? CR_MUTED : CR_NORMAL);
    if (is_cursor)
        attr = theme_attr(CR_CURSOR) | (overdue ? A_BOLD : 0);
    attr_t due_attr = due_today && !is_cursor ? theme_attr(CR_DUE_TODAY) : attr;
    char date[OPH_LOCAL_LEN], due[32];
    fmt_local(r->occurred_at, date);
    date[10] = '\0'; /* the date: the time of day is in the case */
    /* Under review, the closing time is what matters, where the next due item goes. */
    format_due(review ? r->closed_at : r->next_due_at, c->wide, due, sizeof due);
    const char *item = review                          ? "closed"
                       : r->next_due_at == OPH_NO_TIME ? ""
                                                       : short_item(r->next_item);
    const char *status = overdue ? "overdue" : r->closed ? "closed" : "open";
    /* Each cell is drawn padded to its column and the space after it, so that the cursor
     * and overdue attributes cover the whole row. */
    struct {
        const char *text;
        int width;
        attr_t attr;
    } cells[] = {
        {"", 1, attr},
        {r->reference, c->ref + 1, attr},
        {date, c->date + 1, attr},
        {r->victim_name, c->victim, attr},
        {"", 1, attr},
        {VOCAB_LOCATION.names[r->location_kind], c->where + 1, attr},
        {due, c->due + 1, due_attr},
        {item, c->item, due_attr},
        {"", 1, attr},
        {status, 0, attr},
    };
    int x = 0;
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
        int w = cells[i].width ? cells[i].width : cols - x;
        draw_text(y, x, cells[i].text, w, cells[i].attr);
        x += w;
    }
}

static void list_draw(struct tui *t, void *state, int top, int rows, int cols)
{
    struct list_state *s = state;
    int page = rows - 1 > 1 ? rows - 1 : 1;
    if (page != s->page) { /* the terminal changed size: the cursor's case stays in view */
        s->page = page;
        reload_from(t, s, s->cursor >= page ? s->cursor - page + 1 : 0);
    }
    struct columns c = layout(cols);
    /* The headings, the one the list is sorted by marked with the way it goes (up: from the
     * least, the earliest, A), each where its column starts. */
    static const char *const names[SORT_COUNT] = {
        [SORT_REFERENCE] = "Reference", [SORT_DATE] = "Occurred",     [SORT_VICTIM] = "Victim",
        [SORT_WHERE] = "Where",         [SORT_NEXT_DUE] = "Next due", [SORT_STATUS] = "Status"};
    int widths[SORT_COUNT] = {
        c.ref + 1, c.date + 1, c.victim + 1, c.where + 1, c.due + 1 + c.item + 1, 0};
    /* Newest first is the dates going down; every other order starts from the least. */
    bool up = (s->sort == SORT_DATE) == s->descending;
    draw_text(top, 0, "", cols, theme_attr(CR_HEADER));
    int x = 1;
    for (int i = 0; i < SORT_COUNT; i++) {
        char head[64];
        bool sorted = in_order[i] == s->sort && s->kind != FILTER_REVIEW;
        snprintf(head, sizeof head, "%s%s", names[in_order[i]],
                 sorted ? (up ? "\u2191" : "\u2193") : "");
        s->head_x[i] = x;
        int w = widths[i] ? widths[i] : cols - x;
        draw_text(top, x, head, w > 0 ? w : 0, theme_attr(CR_HEADER));
        x += widths[i];
    }
    s->head_y = top;
    if (s->n == 0) {
        char msg[SEARCH_MAX + 160];
        if (s->search[0])
            snprintf(msg, sizeof msg,
                     " No %s%scase%s matches \u201c%s\u201d. / changes the search "
                     "(empty clears it), f the filter.",
                     s->kind == FILTER_ALL || s->kind == FILTER_REVIEW ? "" : FILTER_NAMES[s->kind],
                     s->kind == FILTER_ALL || s->kind == FILTER_REVIEW ? ""
                     : s->custody                                      ? " custody "
                                                                       : " ",
                     s->kind == FILTER_REVIEW ? " due for review" : "", s->search);
        else if (s->kind == FILTER_REVIEW)
            snprintf(msg, sizeof msg,
                     " No%s case was closed more than %d years ago. f changes the filter.",
                     s->custody ? " custody" : "", REVIEW_YEARS);
        else if (s->kind == FILTER_ALL && !s->custody)
            snprintf(msg, sizeof msg, " No cases yet. A logs a new one.");
        else
            snprintf(msg, sizeof msg, " No %s%s cases. f changes the filter, A logs a new one.",
                     s->kind == FILTER_ALL ? "" : FILTER_NAMES[s->kind],
                     s->custody ? (s->kind == FILTER_ALL ? "custody" : " custody") : "");
        draw_text(top + 2, 0, msg, cols, theme_attr(CR_MUTED));
        return;
    }
    /* Where the cursor is in the list, and so whether there is more, is on the status line
     * (list_position): a mark here would read as the sort of the last column. */
    for (int i = 0; i < s->n && i < page; i++)
        draw_row(t, &s->rows[i], &c, top + 1 + i, cols, i == s->cursor, s->kind == FILTER_REVIEW);
}

/* "12 of 150": the cursor's place in the whole list. */
static void list_position(void *state, char *buf, size_t n)
{
    struct list_state *s = state;
    char at[32], of[32];
    buf[0] = '\0';
    if (s->n == 0 || s->total <= 0)
        return;
    long place = s->first >= 0 ? s->first + s->cursor + 1 : -1;
    if (place > s->total && s->total_exact)
        place = s->total; /* the data changed under the page: never past the end */
    tui_count_words(s->total, of, sizeof of);
    if (place > 0) {
        snprintf(buf, n, "%s of %s%s", tui_count_words(place, at, sizeof at), of,
                 s->total_exact ? "" : "+");
        return;
    }
    long from_end = s->after >= 0 ? s->after + s->n - s->cursor : -1;
    if (from_end == 1)
        snprintf(buf, n, "the last of %s+", of);
    else if (from_end > 1)
        snprintf(buf, n, "%s from the end of %s+", tui_count_words(from_end, at, sizeof at), of);
    else
        snprintf(buf, n, "%s+ cases", of);
}

/* ---- keys ---------------------------------------------------------------------------- */

static void restart(struct tui *t, struct list_state *s)
{
    set_title(s);
    s->cursor = 0;
    count(t, s, COUNT_CAP);
    load_top(t, s);
}

/* The same cases in another order: the count stands. */
static void resort(struct tui *t, struct list_state *s)
{
    set_title(s);
    s->cursor = 0;
    load_top(t, s);
}

static void on_search(struct tui *t, void *ctx, const char *text)
{
    struct list_state *s = ctx;
    if (!text)
        return; /* Esc: the search stays as it was */
    while (*text == ' ')
        text++;
    text_copy(s->search, sizeof s->search, text);
    size_t n = strlen(s->search);
    while (n > 0 && s->search[n - 1] == ' ')
        s->search[--n] = '\0';
    restart(t, s);
}

static void list_move(struct tui *t, struct list_state *s, enum request req)
{
    switch (req) {
    case REQ_MOVE_DOWN:
        if (s->cursor < s->n - 1)
            s->cursor++;
        else if (s->more_after && s->n > 0) {
            scroll_down(t, s, 1);
            s->cursor = s->n - 1;
        }
        break;
    case REQ_MOVE_UP:
        if (s->cursor > 0)
            s->cursor--;
        else if (s->more_before && s->n > 0) {
            scroll_up(t, s, 1);
            s->cursor = 0;
        }
        break;
    case REQ_PAGE_DOWN:
        if (s->more_after && s->n > 0)
            scroll_down(t, s, s->n);
        else
            s->cursor = s->n - 1;
        break;
    case REQ_PAGE_UP:
        if (s->more_before && s->n > 0)
            scroll_up(t, s, s->n);
        else
            s->cursor = 0;
        break;
    case REQ_FIRST:
        if (s->more_before)
            load_top(t, s);
        s->cursor = 0;
        break;
    case REQ_LAST:
        if (s->more_after)
            load_bottom(t, s);
        s->cursor = s->n - 1;
        break;
    default:
        break;
    }
    clamp_cursor(s);
}

static int list_handle(struct tui *t, void *state, enum request req, wint_t ch, bool is_key)
{
    (void)ch;
    (void)is_key;
    struct list_state *s = state;
    switch (req) {
    case REQ_MOVE_UP:
    case REQ_MOVE_DOWN:
    case REQ_PAGE_UP:
    case REQ_PAGE_DOWN:
    case REQ_FIRST:
    case REQ_LAST:
        list_move(t, s, req);
        break;
    case REQ_OPEN:
        if (s->n > 0)
            tui_push(t, &case_view_ops, s->rows[s->cursor].reference);
        break;
    case REQ_BACK:
        return tui_back(t);
    case REQ_SEARCH:
        tui_prompt(t, "Search names, references and text (empty clears):", s->search, on_search, s);
        break;
    case REQ_SEARCH_NEXT:
    case REQ_SEARCH_PREV: {
        /* Every row of a searched list matches: the next is the row below, round the end. */
        bool next = req == REQ_SEARCH_NEXT;
        int cursor = s->cursor;
        if (!s->search[0] || s->n == 0)
            tui_search_step(t, req, s->search, s->n, &cursor);
        else if (next ? s->cursor >= s->n - 1 && !s->more_after
                      : s->cursor <= 0 && !s->more_before) {
            list_move(t, s, next ? REQ_FIRST : REQ_LAST);
            tui_search_wrapped(t, req);
        } else {
            list_move(t, s, next ? REQ_MOVE_DOWN : REQ_MOVE_UP);
        }
        break;
    }
    case REQ_FILTER:
        s->kind = s->kind == FILTER_OPEN      ? FILTER_OVERDUE
                  : s->kind == FILTER_OVERDUE ? FILTER_CLOSED
                  : s->kind == FILTER_CLOSED  ? FILTER_ALL
                  : s->kind == FILTER_ALL     ? FILTER_REVIEW
                                              : FILTER_OPEN;
        restart(t, s);
        break;
    case REQ_CUSTODY:
        s->custody = !s->custody;
        restart(t, s);
        break;
    case REQ_SORT: /* the same cases in another order: the count stands */
        if (s->kind == FILTER_REVIEW) {
            tui_say(t, false, "The review lists the oldest closing first: v turns it round.");
            break;
        }
        s->sort = (enum case_sort)((s->sort + 1) % SORT_COUNT);
        s->descending = false;
        resort(t, s);
        break;
    case REQ_REVERSE:
        s->descending = !s->descending;
        resort(t, s);
        break;
    case REQ_MINE:
        if (!s->mine && !t->has_user) {
            tui_say(t, true, "Nobody is named here, so no case is yours: I says who you are.");
            break;
        }
        s->mine = !s->mine;
        restart(t, s);
        break;
    case REQ_NEW_CASE:
        forms_open_new_case(t);
        break;
    default:
        return tui_goto_view(t, req); /* draws only when it opened a view */
    }
    return TUI_REDRAW;
}

/* A click on a heading sorts by its column (again: the other way round); on a row puts the
 * cursor there, twice opens it; the wheel moves as j and k. */
static int list_mouse(struct tui *t, void *state, enum mouse_act act, int y, int x)
{
    struct list_state *s = state;
    if (act == MOUSE_WHEEL_UP || act == MOUSE_WHEEL_DOWN) {
        for (int i = 0; i < MOUSE_WHEEL_ROWS; i++)
            list_move(t, s, act == MOUSE_WHEEL_UP ? REQ_MOVE_UP : REQ_MOVE_DOWN);
        return TUI_REDRAW;
    }
    if (y == s->head_y) {
        if (s->kind == FILTER_REVIEW)
            return list_handle(t, s, REQ_SORT, 0, false); /* says why not */
        int col = 0;
        for (int i = 0; i < SORT_COUNT; i++)
            if (x >= s->head_x[i])
                col = i;
        if (s->sort == in_order[col]) {
            s->descending = !s->descending;
        } else {
            s->sort = in_order[col];
            s->descending = false;
        }
        resort(t, s);
        return TUI_REDRAW;
    }
    int row = y - s->head_y - 1;
    if (row < 0 || row >= s->n)
        return TUI_OK;
    s->cursor = row;
    if (act == MOUSE_DOUBLE)
        return list_handle(t, s, REQ_OPEN, 0, false);
    return TUI_REDRAW;
}

const struct view_ops list_view_ops = {
    .mouse = list_mouse,
    .title = list_title,
    .kind = VK_CASES,
    .open = list_open,
    .draw = list_draw,
    .handle = list_handle,
    .resume = list_resume,
    .close = list_close,
    .position = list_position,
};
