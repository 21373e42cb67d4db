/* The case view: header facts, role holders, the seven steps, follow-ups, evidence and the
 * timeline of one case, with a cursor on the items the upper-case actions work on. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "ophamp/xalloc.h"
#include "tui_internal.h"

#define INDENT 14 /* where values and wrapped text start */

enum line_kind { L_TEXT, L_STEP, L_FOLLOWUP, L_EVIDENCE, L_TIMELINE };

struct line {
    enum line_kind kind; /* L_TEXT lines are not selectable */
    int item;            /* index in the case's steps, follow-ups, evidence; timeline order */
    enum color_role role;
    char *text;
};

struct case_state {
    char ref[REF_LEN + 1];
    struct case_detail *c; /* on the heap: some 300 KB */
    struct line *lines;
    int n_lines, cap, built_cols;
    int cursor, top, page;
    int first_y;             /* the screen row of lines[top], for the mouse */
    enum line_kind sel_kind; /* the item under the cursor, kept across reloads */
    int sel_item;
    /* The case opens at its top, its first step under the cursor even when that is below the
     * screen; the first move shows the cursor, and from then on it stays in view. */
    bool placed;
};

/* One entry of the timeline as shown: stored entries and the steps' own changes. */
struct tl_entry {
    oph_time at;
    int order;
    enum color_role role;
    char head[96 + LOG_ACTOR_MAX]; /* what, and by whom */
    const char *text;
};

/* ---- building the lines -------------------------------------------------------------- */

static void push_line(struct case_state *cs, enum line_kind kind, int item, enum color_role role,
                      const char *text)
{
    if (cs->n_lines == cs->cap) {
        int cap = cs->cap ? cs->cap * 2 : 128;
        cs->lines = xreallocarray(cs->lines, (size_t)cap, sizeof *cs->lines);
        cs->cap = cap;
    }
    cs->lines[cs->n_lines++] = (struct line){kind, item, role, xstrdup(text)};
}

static void add(struct case_state *cs, enum color_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add(struct case_state *cs, enum color_role role, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    push_line(cs, L_TEXT, 0, role, buf);
}

/* head, then text wrapped to the width, continued under column `indent`; the first line is
 * the item's (selectable), the rest plain text. Stored text is neutralised first. */
static void add_wrapped(struct case_state *cs, enum line_kind kind, int item, enum color_role role,
                        const char *head, const char *text, int indent, int cols)
{
    static char safe[TXT(MAX_TEXT) * 3];
    char line[4096];
    text_neutralise(text ? text : "", safe, sizeof safe, false);
    int head_w = text_width(head);
    if (head_w < indent)
        head_w = indent;
    const char *p = safe;
    size_t n = 0;
    if (cols - head_w - 1 < 16) { /* a narrow terminal: the text goes under the head */
        push_line(cs, kind, item, role, head);
        indent = indent > 16 ? 16 : indent;
    } else {
        n = text_fit(p, cols - head_w - 1);
        snprintf(line, sizeof line, "%-*s%.*s", indent, head, (int)n, p);
        push_line(cs, kind, item, role, line);
    }
    for (p += n; *p; p += n) {
        int width = cols - indent - 1 < 20 ? 20 : cols - indent - 1;
        n = text_fit(p, width);
        snprintf(line, sizeof line, "%*s%.*s", indent, "", (int)n, p);
        push_line(cs, L_TEXT, 0, role, line);
    }
}

static void clear_lines(struct case_state *cs)
{
    for (int i = 0; i < cs->n_lines; i++)
        free(cs->lines[i].text);
    cs->n_lines = 0;
}

/* Overdue, due today, or neither: the colour of a pending item. */
static enum color_role due_role(oph_time due, oph_time now)
{
    if (due == OPH_NO_TIME)
        return CR_NORMAL;
    if (due < now)
        return CR_OVERDUE;
    struct oph_date a = london_date(due), b = london_date(now);
    return cal_date_cmp(a, b) == 0 ? CR_DUE_TODAY : CR_NORMAL;
}

static const char *due_word(enum color_role r, const char *otherwise)
{
    return r == CR_OVERDUE ? "OVERDUE" : r == CR_DUE_TODAY ? "due today" : otherwise;
}

/* Appends s to buf padded to w display columns ("—" is one column but three bytes). */
static void cell(char *buf, size_t n, const char *s, int w)
{
    size_t len = strlen(buf);
    int pad = w - text_width(s);
    snprintf(buf + len, n - len, "%s%*s", s, pad > 0 ? pad : 0, "");
}

static const char *tri_word(int v)
{
    return v == TRI_YES ? "yes" : v == TRI_NO ? "no" : "\u2014";
}

static const char *vocab_word(const struct vocab *v, int i)
{
    return i >= 0 && (size_t)i < v->count ? v->names[i] : "\u2014";
}

static void build_header(struct case_state *cs, oph_time now, int cols)
{
    const struct case_detail *c = cs->c;
    const struct case_facts *f = &c->facts;
    char a[OPH_LOCAL_LEN], b[OPH_LOCAL_LEN], line[2048];
    /* The first line stays on screen while the rest scrolls: whose case, and where it stands. */
    if (c->closed)
        add(cs, CR_HEADER, "%s  %s  closed %s \u00b7 outcome %s", c->reference, c->victim.name,
            fmt_local(c->closed_at, a), vocab_word(&VOCAB_OUTCOME, c->outcome));
    else
        add(cs, CR_HEADER, "%s  %s  open%s%s", c->reference, c->victim.name,
            c->outcome >= 0 ? " \u00b7 outcome " : "",
            c->outcome >= 0 ? VOCAB_OUTCOME.names[c->outcome] : "");
    snprintf(line, sizeof line, "%s (%s) \u00b7 %s%s%s%s%s", c->victim.name, c->victim.number,
             vocab_word(&VOCAB_PERSON_ROLE, (int)c->victim.role),
             c->victim.rank[0] ? " \u00b7 " : "", c->victim.rank,
             c->victim.team[0] ? " \u00b7 " : "", c->victim.team);
    add_wrapped(cs, L_TEXT, 0, CR_NORMAL, "Victim", line, INDENT, cols);
    add(cs, CR_NORMAL, "%-*s%s   reported %s", INDENT, "Occurred", fmt_local(f->occurred_at, a),
        fmt_local(f->reported_at, b));
    snprintf(line, sizeof line, "%s (%s)", f->location,
             vocab_word(&VOCAB_LOCATION, f->location_kind));
    add_wrapped(cs, L_TEXT, 0, CR_NORMAL, "Location", line, INDENT, cols);
    if (f->offence[0])
        add_wrapped(cs, L_TEXT, 0, CR_NORMAL, "Offence", f->offence, INDENT, cols);
    snprintf(line, sizeof line, "%s \u00b7 mechanism %s \u00b7 body part %s \u00b7 treatment %s%s",
             vocab_word(&VOCAB_INJURY, f->injury), vocab_word(&VOCAB_MECHANISM, f->mechanism),
             f->body_part[0] ? f->body_part : "\u2014", vocab_word(&VOCAB_TREATMENT, f->treatment),
             f->specified_injury ? " \u00b7 specified injury" : "");
    add_wrapped(cs, L_TEXT, 0, CR_NORMAL, "Injury", line, INDENT, cols);
    add(cs, CR_NORMAL, "%-*s%s \u00b7 %d day%s off", INDENT, "Off work",
        f->off_work ? "yes, off work injured" : "no", f->days_off, f->days_off == 1 ? "" : "s");
    if (f->died_at != OPH_NO_TIME)
        add(cs, CR_OVERDUE, "%-*s%s", INDENT, "Died", fmt_local(f->died_at, a));
    riddor_words(riddor_classify(f->days_off, f->specified_injury, f->died_at != OPH_NO_TIME),
                 f->days_off, line, sizeof line);
    add_wrapped(cs, L_TEXT, 0, CR_NORMAL, "RIDDOR", line, INDENT, cols);
    if (f->arrested_at != OPH_NO_TIME)
        add(cs, CR_NORMAL, "%-*sknown %s \u00b7 arrested %s", INDENT, "Offender",
            tri_word(f->offender_known), fmt_local(f->arrested_at, a));
    else
        add(cs, CR_NORMAL, "%-*sknown %s \u00b7 not arrested", INDENT, "Offender",
            tri_word(f->offender_known));
    snprintf(line, sizeof line,
             "crime ref %s \u00b7 referral %s \u00b7 enhanced rights %s \u00b7 "
             "VPS offered %s",
             f->crime_reference[0] ? f->crime_reference : "\u2014",
             vocab_word(&VOCAB_REFERRAL, f->referral), tri_word(f->enhanced_rights),
             tri_word(f->vps_offered));
    add_wrapped(cs, L_TEXT, 0, CR_NORMAL, "Victim Code", line, INDENT, cols);
    if (f->summary[0])
        add_wrapped(cs, L_TEXT, 0, CR_NORMAL, "Summary", f->summary, INDENT, cols);
    if (f->thor[0])
        add_wrapped(cs, L_TEXT, 0, CR_NORMAL, "THOR", f->thor, INDENT, cols);
    if (f->support_score)
        add(cs, CR_NORMAL, "%-*s%d of 5", INDENT, "Supported", f->support_score);
    if (c->closed && c->closing_note[0])
        add_wrapped(cs, L_TEXT, 0, CR_NORMAL, "Closing note", c->closing_note, INDENT, cols);
    if (c->no_arrest_reason >= 0)
        add_wrapped(cs, L_TEXT, 0, CR_NORMAL, "No arrest",
                    no_arrest_words((enum no_arrest_reason)c->no_arrest_reason), INDENT, cols);
    if (c->no_arrest_note[0])
        add_wrapped(cs, L_TEXT, 0, CR_NORMAL, "", c->no_arrest_note, INDENT, cols);
    if (c->review_until != OPH_NO_TIME || c->review_asked_at != OPH_NO_TIME) {
        /* The victim's right to review a decision not to prosecute (R records it). */
        char u[OPH_LOCAL_LEN], d[OPH_LOCAL_LEN];
        if (c->review_asked_at == OPH_NO_TIME)
            snprintf(line, sizeof line, "the victim may ask until %s%s",
                     fmt_local(c->review_until, u),
                     c->review_until < now ? " (the window has closed)" : "");
        else if (c->review_result < 0)
            snprintf(line, sizeof line, "asked %s; result awaited (window to %s)",
                     fmt_local(c->review_asked_at, u), fmt_local(c->review_until, d));
        else
            snprintf(line, sizeof line, "asked %s; %s %s", fmt_local(c->review_asked_at, u),
                     VOCAB_REVIEW_RESULT.names[c->review_result],
                     fmt_local(c->review_decided_at, d));
        add_wrapped(cs, L_TEXT, 0, CR_NORMAL, "Review", line, INDENT, cols);
        if (c->review_note[0])
            add_wrapped(cs, L_TEXT, 0, CR_NORMAL, "Review note", c->review_note, INDENT, cols);
    }
    add(cs, CR_NORMAL, "%s", "");
    add(cs, CR_HEADER, "%s", "Role holders");
    for (int r = 0; r < CROLE_COUNT; r++) {
        const struct role_holder *h = &c->roles[r];
        char head[32];
        snprintf(head, sizeof head, "  %s", VOCAB_CASE_ROLE.names[r]);
        if (h->set)
            snprintf(line, sizeof line, "%s (%s)", h->name, h->number);
        add_wrapped(cs, L_TEXT, 0, h->set ? CR_NORMAL : CR_MUTED, head, h->set ? line : "\u2014",
                    20, cols);
    }
}

static void build_steps(struct case_state *cs, oph_time now, int cols)
{
    const struct case_detail *c = cs->c;
    char a[OPH_LOCAL_LEN], b[OPH_LOCAL_LEN], head[160], rest[TXT(MAX_TEXT) + 200];
    add(cs, CR_NORMAL, "%s", "");
    add(cs, CR_HEADER, "  %-12s %-14s %-16s  %-16s  %s", "Steps", "status", "due", "done", "note");
    for (int i = 0; i < STEP_COUNT; i++) {
        const struct step *s = &c->steps[i];
        enum color_role role = s->status == STATUS_DONE ? CR_DONE
                               : s->status == STATUS_NA ? CR_MUTED
                                                        : due_role(s->due_at, now);
        const char *status =
            s->status == STATUS_PENDING ? due_word(role, "pending") : VOCAB_STATUS.names[s->status];
        snprintf(head, sizeof head, "  %-12s %-14s %-16s  ", VOCAB_STEP.names[i], status,
                 fmt_local(s->due_at, a));
        cell(head, sizeof head, fmt_local(s->done_at, b), 18);
        if (s->status == STATUS_NA)
            snprintf(rest, sizeof rest, "%s", s->reason);
        else if (s->status == STATUS_DONE)
            /* Cut to the screen anyway: the length is only read to say so to the compiler. */
            (void)!snprintf(rest, sizeof rest, "%s%s%s%s", s->done_by[0] ? "by " : "", s->done_by,
                            s->done_by[0] && s->note[0] ? ": " : "", s->note);
        else if (i == STEP_IOD &&
                 (s->victim_signed_at != OPH_NO_TIME || s->supervisor_signed_at != OPH_NO_TIME))
            snprintf(rest, sizeof rest, "%s signed; awaiting the %s",
                     s->victim_signed_at != OPH_NO_TIME ? "victim" : "supervisor",
                     s->victim_signed_at != OPH_NO_TIME ? "supervisor" : "victim");
        else
            snprintf(rest, sizeof rest, "%s", step_title((enum step_code)i));
        add_wrapped(cs, L_STEP, i, role, head, rest, text_width(head), cols);
    }
}

static void build_items(struct case_state *cs, oph_time now, int cols)
{
    const struct case_detail *c = cs->c;
    char a[OPH_LOCAL_LEN], b[OPH_LOCAL_LEN], head[160];
    add(cs, CR_NORMAL, "%s", "");
    add(cs, CR_HEADER, "  %-31s %-14s %-16s  %s", "Follow-ups", "status", "due", "done");
    if (c->n_followups == 0)
        add(cs, CR_MUTED, "  %s", "none");
    for (int i = 0; i < c->n_followups; i++) {
        const struct followup *f = &c->followups[i];
        enum color_role role = f->status == STATUS_DONE ? CR_DONE
                               : f->status == STATUS_NA ? CR_MUTED
                                                        : due_role(f->due_at, now);
        snprintf(head, sizeof head, "  #%-5d %-24s %-14s ", f->number, f->rule,
                 f->status == STATUS_PENDING ? due_word(role, "pending")
                                             : VOCAB_STATUS.names[f->status]);
        cell(head, sizeof head, fmt_local(f->due_at, a), 18);
        const char *text = f->status == STATUS_NA ? f->reason : f->note;
        char rest[TXT(MAX_TEXT) + TXT(MAX_SHORT) + 200] = "";
        if (f->done_at != OPH_NO_TIME)
            /* Cut to the screen anyway: the length is only read to say so to the compiler. */
            (void)!snprintf(rest, sizeof rest, "%s%s%s%s%s%s%s%s", fmt_local(f->done_at, b),
                            f->done_by[0] ? " by " : "", f->done_by, *text ? ": " : "", text,
                            f->route >= 0 ? " \u00b7 reported to the HSE " : "",
                            f->route == ROUTE_TELEPHONE ? "by telephone"
                            : f->route == ROUTE_ONLINE  ? "online"
                                                        : "",
                            f->reference[0] ? ", reference " : "");
        else
            snprintf(rest, sizeof rest, "%s", text); /* what is to be done, when it says */
        if (f->reference[0])
            text_copy(rest + strlen(rest), sizeof rest - strlen(rest), f->reference);
        add_wrapped(cs, L_FOLLOWUP, i, role, head, rest, text_width(head), cols);
    }
    add(cs, CR_NORMAL, "%s", "");
    add(cs, CR_HEADER, "  %-31s %-14s %-16s  %s", "Evidence", "status", "due", "reference");
    if (c->n_evidence == 0)
        add(cs, CR_MUTED, "  %s", "none (E adds one)");
    for (int i = 0; i < c->n_evidence; i++) {
        const struct evidence_item *e = &c->evidence[i];
        bool open = e->status == EVS_REQUESTED;
        enum color_role role = open                             ? due_role(e->due_at, now)
                               : e->status == EVS_NOT_AVAILABLE ? CR_MUTED
                                                                : CR_DONE;
        snprintf(head, sizeof head, "  #%-5d %-24s %-14s ", e->number,
                 VOCAB_EVIDENCE_KIND.names[e->kind],
                 open ? due_word(role, "requested") : VOCAB_EVIDENCE_STATUS.names[e->status]);
        cell(head, sizeof head, fmt_local(e->due_at, a), 18);
        char rest[TXT(MAX_TEXT) + TXT(MAX_SHORT) + 8];
        snprintf(rest, sizeof rest, "%s%s%s", e->ref, e->ref[0] && e->reason[0] ? " \u00b7 " : "",
                 e->reason);
        add_wrapped(cs, L_EVIDENCE, i, role, head, rest, text_width(head), cols);
    }
}

static int tl_cmp(const void *pa, const void *pb)
{
    const struct tl_entry *a = pa, *b = pb;
    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->order - b->order;
}

static void build_timeline(struct case_state *cs, int cols)
{
    const struct case_detail *c = cs->c;
    int max = c->n_timeline + 3 * STEP_COUNT + 4, n = 0;
    struct tl_entry *tl = calloc((size_t)max, sizeof *tl);
    if (!tl)
        return;
#define TL(when, r, txt, ...)                                                                      \
    do {                                                                                           \
        if ((when) != OPH_NO_TIME && n < max) {                                                    \
            tl[n] = (struct tl_entry){.at = (when), .order = n, .role = (r), .text = (txt)};       \
            (void)!snprintf(tl[n].head, sizeof tl[n].head, __VA_ARGS__);                           \
            n++;                                                                                   \
        }                                                                                          \
    } while (0)
    TL(c->facts.occurred_at, CR_NORMAL, "", "assault happened");
    TL(c->facts.reported_at, CR_NORMAL, "", "reported");
    for (int i = 0; i < c->n_timeline; i++) {
        const struct timeline_entry *e = &c->timeline[i];
        static const char *const kinds[TL_COUNT] = {[TL_WELFARE] = "welfare contact",
                                                    [TL_VICTIM_UPDATE] = "victim update",
                                                    [TL_DECISION] = "decision",
                                                    [TL_NOTE] = "note"};
        const struct case_action *by = case_action_by_id(c, e->by_action);
        TL(e->at, CR_NORMAL, e->text, "%s%s%s%s%s%s", kinds[e->kind], e->label[0] ? " (" : "",
           e->label, e->label[0] ? ")" : "", by ? " by " : "", by ? by->actor : "");
    }
    for (int i = 0; i < STEP_COUNT; i++) {
        const struct step *s = &c->steps[i];
        const char *name = VOCAB_STEP.names[i];
        if (i == STEP_IOD) {
            TL(s->victim_signed_at, CR_DONE, "", "step iod signed by the victim");
            TL(s->supervisor_signed_at, CR_DONE, "", "step iod signed by the supervisor");
        }
        if (s->status == STATUS_DONE)
            TL(s->done_at, CR_DONE, s->note, "step %s done by %s", name, s->done_by);
        else if (s->status == STATUS_NA)
            TL(s->done_at, CR_MUTED, s->reason, "step %s not applicable", name);
    }
    if (c->outcome >= 0)
        TL(c->outcome_at, CR_NORMAL, "", "outcome %s", VOCAB_OUTCOME.names[c->outcome]);
    if (c->closed)
        TL(c->closed_at, CR_NORMAL, c->closing_note, "case closed");
#undef TL
    qsort(tl, (size_t)n, sizeof *tl, tl_cmp);
    add(cs, CR_NORMAL, "%s", "");
    add(cs, CR_HEADER, "  %s", "Timeline");
    for (int i = 0; i < n; i++) {
        char when[OPH_LOCAL_LEN], head[160], rest[TXT(MAX_TEXT) + sizeof tl[i].head + 8];
        snprintf(head, sizeof head, "  %s  ", fmt_local(tl[i].at, when));
        snprintf(rest, sizeof rest, "%s%s%s", tl[i].head, tl[i].text[0] ? ": " : "", tl[i].text);
        add_wrapped(cs, L_TIMELINE, i, tl[i].role, head, rest, text_width(head), cols);
    }
    free(tl);
}

/* The case's own log: who did what, when (the real time each was saved). */
static void build_actions(struct case_state *cs, int cols)
{
    const struct case_detail *c = cs->c;
    if (c->n_actions == 0)
        return;
    add(cs, CR_NORMAL, "%s", "");
    add(cs, CR_HEADER, "  %s", "Actions (who did what)");
    for (int i = 0; i < c->n_actions; i++) {
        const struct case_action *a = &c->actions[i];
        char head[64], rest[LOG_ACTOR_MAX + LOG_WHAT_MAX + 8];
        /* "2026-12-05T14:10:03.120Z": the log's real time, UTC, to the minute here */
        snprintf(head, sizeof head, "  #%-5lld %.10s %.5s UTC  ", (long long)a->id, a->at,
                 a->at + 11 * (strlen(a->at) > 16));
        snprintf(rest, sizeof rest, "%s: %s", a->actor, a->what);
        add_wrapped(cs, L_TEXT, 0, CR_MUTED, head, rest, text_width(head), cols);
    }
}

static bool selectable(const struct line *l)
{
    return l->kind != L_TEXT;
}

/* Lays the case out for a width, keeping the cursor on the same item. */
static void build(struct case_state *cs, oph_time now, int cols)
{
    clear_lines(cs);
    build_header(cs, now, cols);
    build_steps(cs, now, cols);
    build_items(cs, now, cols);
    build_timeline(cs, cols);
    build_actions(cs, cols);
    cs->built_cols = cols;
    cs->cursor = -1;
    int first = -1;
    for (int i = 0; i < cs->n_lines; i++) {
        if (!selectable(&cs->lines[i]))
            continue;
        if (first < 0)
            first = i;
        if (cs->lines[i].kind == cs->sel_kind && cs->lines[i].item == cs->sel_item)
            cs->cursor = i;
    }
    if (cs->cursor < 0)
        cs->cursor = first < 0 ? 0 : first;
}

/* ---- moving -------------------------------------------------------------------------- */

static void remember(struct case_state *cs)
{
    if (cs->cursor >= 0 && cs->cursor < cs->n_lines) {
        cs->sel_kind = cs->lines[cs->cursor].kind;
        cs->sel_item = cs->lines[cs->cursor].item;
    }
}

static int find_selectable(struct case_state *cs, int from, int dir)
{
    for (int i = from; i >= 0 && i < cs->n_lines; i += dir)
        if (selectable(&cs->lines[i]))
            return i;
    return -1;
}

static void show_cursor(struct case_state *cs)
{
    int page = cs->page > 0 ? cs->page : 1;
    if (cs->cursor < cs->top)
        cs->top = cs->cursor;
    if (cs->cursor >= cs->top + page)
        cs->top = cs->cursor - page + 1;
}

/* One row: to the next item, or, past the first or last one, scroll the plain lines. A cursor
 * out of sight (the case has just opened) is first brought into sight. */
static void move_rows(struct case_state *cs, int dir)
{
    int page = cs->page > 0 ? cs->page : 1;
    if (!cs->placed && (cs->cursor < cs->top || cs->cursor >= cs->top + page)) {
        cs->placed = true;
        show_cursor(cs);
        return;
    }
    cs->placed = true;
    int next = find_selectable(cs, cs->cursor + dir, dir);
    if (next >= 0) {
        cs->cursor = next;
        show_cursor(cs);
    } else {
        cs->top += dir;
    }
}

static void move_page(struct case_state *cs, int dir)
{
    int page = cs->page > 1 ? cs->page - 1 : 1;
    cs->top += dir * page;
    int next = find_selectable(cs, cs->cursor + dir * page, dir);
    if (next < 0)
        next = find_selectable(cs, dir > 0 ? cs->n_lines - 1 : 0, -dir);
    if (next >= 0)
        cs->cursor = next;
    if (cs->top < 0)
        cs->top = 0;
    show_cursor(cs);
}

/* ---- the view ------------------------------------------------------------------------ */

static int load(struct tui *t, struct case_state *cs)
{
    struct case_detail *c = case_detail_new();
    struct oph_error err = {0};
    if (app_case_load(&t->app, cs->ref, c, &err)) {
        case_detail_free(c);
        tui_say(t, true, "%s", err.msg);
        return -1;
    }
    case_detail_free(cs->c);
    cs->c = c;
    cs->built_cols = 0; /* laid out again at the next draw */
    return 0;
}

static void *case_open(struct tui *t, const void *arg)
{
    struct case_state *cs = calloc(1, sizeof *cs);
    if (!cs) {
        tui_say(t, true, "out of memory");
        return NULL;
    }
    text_copy(cs->ref, sizeof cs->ref, arg ? arg : "");
    cs->sel_kind = L_STEP;
    cs->sel_item = 0;
    if (load(t, cs)) {
        free(cs);
        return NULL;
    }
    return cs;
}

static void case_close(void *state)
{
    struct case_state *cs = state;
    clear_lines(cs);
    free(cs->lines);
    case_detail_free(cs->c);
    free(cs);
}

static void case_resume(struct tui *t, void *state)
{
    struct case_state *cs = state;
    remember(cs);
    load(t, cs); /* on failure the last copy stays on screen, with the message */
}

static void case_draw(struct tui *t, void *state, int top, int rows, int cols)
{
    struct case_state *cs = state;
    /* The first line (reference, status) stays put: whatever is scrolled into view, the
     * user can see which case it is. The rest scrolls beneath it. */
    cs->page = rows - 1;
    if (cs->built_cols != cols) {
        remember(cs);
        build(cs, t->app.now, cols);
        if (cs->placed)
            show_cursor(cs);
    }
    if (cs->n_lines == 0)
        return;
    draw_text(top, 0, cs->lines[0].text, cols, theme_attr(cs->lines[0].role));
    cs->first_y = top + 1;
    int max_top = cs->n_lines - cs->page > 1 ? cs->n_lines - cs->page : 1;
    if (cs->top > max_top)
        cs->top = max_top;
    if (cs->top < 1)
        cs->top = 1;
    for (int r = 0; r < cs->page && cs->top + r < cs->n_lines; r++) {
        int i = cs->top + r;
        const struct line *l = &cs->lines[i];
        attr_t a = theme_attr(i == cs->cursor ? CR_CURSOR : l->role);
        draw_text(top + 1 + r, 0, l->text, cols, a);
    }
}

/* The step under the cursor, or -1. */
static int cursor_item(struct case_state *cs, enum line_kind kind)
{
    if (cs->cursor < 0 || cs->cursor >= cs->n_lines || cs->lines[cs->cursor].kind != kind)
        return -1;
    return cs->lines[cs->cursor].item;
}

/* D and X on a step that is no longer pending: say so rather than open a form to refuse. */
static bool step_settled(struct tui *t, struct case_state *cs, int step)
{
    if (step < 0 || cs->c->steps[step].status == STATUS_PENDING)
        return false;
    tui_say(t, true, "step %s is already %s", VOCAB_STEP.names[step],
            VOCAB_STATUS.names[cs->c->steps[step].status]);
    return true;
}

static int case_handle(struct tui *t, void *state, enum request req, wint_t ch, bool is_key)
{
    struct case_state *cs = state;
    const struct case_detail *c = cs->c;
    (void)ch;
    (void)is_key;
    int step = cursor_item(cs, L_STEP), ev = cursor_item(cs, L_EVIDENCE);
    int fu = cursor_item(cs, L_FOLLOWUP);
    switch (req) {
    case REQ_MOVE_DOWN:
    case REQ_MOVE_UP:
        move_rows(cs, req == REQ_MOVE_DOWN ? 1 : -1);
        break;
    case REQ_PAGE_DOWN:
    case REQ_PAGE_UP:
        cs->placed = true;
        move_page(cs, req == REQ_PAGE_DOWN ? 1 : -1);
        break;
    case REQ_FIRST:
        cs->placed = true;
        cs->top = 0;
        cs->cursor = find_selectable(cs, 0, 1);
        break;
    case REQ_LAST:
        cs->placed = true;
        cs->top = cs->n_lines;
        cs->cursor = find_selectable(cs, cs->n_lines - 1, -1);
        break;
    case REQ_BACK:
        tui_pop(t); /* frees cs */
        return TUI_REDRAW;
    case REQ_EXPORT:
        tui_case_export(t, c->reference);
        return TUI_REDRAW;
    case REQ_HELP:
    case REQ_VIEW_CASES:
    case REQ_VIEW_REMIND:
    case REQ_VIEW_PEOPLE:
    case REQ_VIEW_RULES:
    case REQ_VIEW_STATS:
    case REQ_VIEW_LOG:
    case REQ_VIEW_HOLIDAYS:
    case REQ_MESSAGES:
    case REQ_UNDO:
    case REQ_WHOAMI:
        return tui_goto_view(t, req); /* may close this view: nothing of cs after it */
    case REQ_STEP_DONE:
    case REQ_STEP_NA:
        if (fu >= 0) /* a closed case still takes its follow-ups */
            break;
        /* fall through */
    case REQ_ASSIGN:
    case REQ_EVIDENCE_ADD:
    case REQ_EVIDENCE_UPDATE:
    case REQ_CLOSE_CASE:
        if (c->closed) { /* say so now rather than after a form is filled in */
            tui_say(t, true, "%s is closed: its steps, roles and evidence stay as they are",
                    c->reference);
            return TUI_REDRAW;
        }
        break;
    default:
        break;
    }
    if ((req == REQ_STEP_DONE || req == REQ_STEP_NA) && fu >= 0 &&
        c->followups[fu].status != STATUS_PENDING) {
        tui_say(t, true, "follow-up #%d is already %s", c->followups[fu].number,
                VOCAB_STATUS.names[c->followups[fu].status]);
        return TUI_REDRAW;
    }
    switch (req) {
    case REQ_STEP_DONE: /* on a follow-up or evidence item: that item, done or secured */
        if (fu >= 0)
            forms_open_followup_done(t, c, c->followups[fu].number);
        else if (ev >= 0)
            forms_open_evidence_update(t, c, c->evidence[ev].number, EVS_SECURED);
        else if (!step_settled(t, cs, step))
            forms_open_step_done(t, c, step);
        break;
    case REQ_STEP_NA: /* the same for not applicable (evidence: not available) */
        if (fu >= 0)
            forms_open_followup_na(t, c, c->followups[fu].number);
        else if (ev >= 0)
            forms_open_evidence_update(t, c, c->evidence[ev].number, EVS_NOT_AVAILABLE);
        else if (!step_settled(t, cs, step))
            forms_open_step_na(t, c, step);
        break;
    case REQ_ASSIGN:
        forms_open_assign(t, c);
        break;
    case REQ_WELFARE:
        forms_open_welfare(t, c);
        break;
    case REQ_VICTIM_UPDATE:
        forms_open_victim_update(t, c);
        break;
    case REQ_EVIDENCE_ADD:
        forms_open_evidence_add(t, c);
        break;
    case REQ_EVIDENCE_UPDATE:
        forms_open_evidence_update(t, c, ev >= 0 ? c->evidence[ev].number : 0, -1);
        break;
    case REQ_FOLLOWUP_DONE:
        forms_open_followup_done(t, c, fu >= 0 ? c->followups[fu].number : 0);
        break;
    case REQ_NOTE:
        forms_open_note(t, c);
        break;
    case REQ_DECISION:
        forms_open_decision(t, c);
        break;
    case REQ_EDIT_FACTS:
        forms_open_edit_facts(t, c);
        break;
    case REQ_CLOSE_CASE:
        forms_open_close(t, c);
        break;
    case REQ_REVIEW:
        forms_open_review(t, c);
        break;
    default:
        break;
    }
    if (cs->cursor < 0)
        cs->cursor = 0;
    return TUI_REDRAW;
}

/* A click on an item puts the cursor on it; the wheel scrolls as j and k. */
static int case_mouse(struct tui *t, void *state, enum mouse_act act, int y, int x)
{
    (void)t;
    (void)x;
    struct case_state *cs = state;
    if (act == MOUSE_WHEEL_UP || act == MOUSE_WHEEL_DOWN) {
        for (int i = 0; i < MOUSE_WHEEL_ROWS; i++)
            move_rows(cs, act == MOUSE_WHEEL_UP ? -1 : 1);
        return TUI_REDRAW;
    }
    int line = cs->top + (y - cs->first_y);
    if (y < cs->first_y || line >= cs->n_lines || !selectable(&cs->lines[line]))
        return TUI_OK;
    cs->cursor = line;
    cs->placed = true;
    remember(cs);
    return TUI_REDRAW;
}

const struct view_ops case_view_ops = {
    .mouse = case_mouse,
    .title = "case",
    .kind = VK_CASE,
    .open = case_open,
    .draw = case_draw,
    .handle = case_handle,
    .resume = case_resume,
    .close = case_close,
};
