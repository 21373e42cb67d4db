/* A case as Markdown (CommonMark with pipe tables, as GitHub and Python-Markdown's tables
 * extension read them). Text from the database is escaped so that it stays text: no emphasis,
 * links, images, HTML or table cells come out of it, and it never starts a line. */
#include "ophamp/export.h"

#include "summary.h"

struct md {
    FILE *out;
};

/* Backslash escapes where both CommonMark and Python-Markdown honour them, character
 * references where one of them does not (<, &, |, ~, tab); a newline is a <br> so that the
 * text stays inside its table cell. */
static const char *md_escape(unsigned cp)
{
    switch (cp) {
    case '\n':
        return "<br>";
    case '\t':
        return "&#9;";
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '|':
        return "&#124;";
    case '~':
        return "&#126;";
    case '\\':
        return "\\\\";
    case '`':
        return "\\`";
    case '*':
        return "\\*";
    case '_':
        return "\\_";
    case '[':
        return "\\[";
    case ']':
        return "\\]";
    case '!':
        return "\\!";
    case '#':
        return "\\#";
    default:
        return NULL;
    }
}

static void md_begin_case(void *ctx, const struct case_detail *c)
{
    (void)ctx, (void)c;
}

static void md_end_case(void *ctx)
{
    (void)ctx;
}

static void md_begin_heading(void *ctx, int level)
{
    struct md *m = ctx;
    fputs(level == 1 ? "# " : "## ", m->out);
}

static void md_end_heading(void *ctx, int level)
{
    struct md *m = ctx;
    (void)level;
    fputs("\n\n", m->out);
}

static void md_begin_table(void *ctx, const char *const *heads, int n)
{
    struct md *m = ctx;
    fputc('|', m->out);
    for (int i = 0; i < n; i++)
        fprintf(m->out, " %s |", heads[i]);
    fputs("\n|", m->out);
    for (int i = 0; i < n; i++)
        fputs(" --- |", m->out);
    fputc('\n', m->out);
}

static void md_end_table(void *ctx)
{
    struct md *m = ctx;
    fputc('\n', m->out);
}

static void md_begin_row(void *ctx)
{
    struct md *m = ctx;
    fputc('|', m->out);
}

static void md_end_row(void *ctx)
{
    struct md *m = ctx;
    fputc('\n', m->out);
}

static void md_begin_cell(void *ctx)
{
    struct md *m = ctx;
    fputc(' ', m->out);
}

static void md_end_cell(void *ctx)
{
    struct md *m = ctx;
    fputs(" |", m->out);
}

static void md_word(void *ctx, const char *s)
{
    struct md *m = ctx;
    fputs(s, m->out);
}

static void md_data(void *ctx, const char *s)
{
    struct md *m = ctx;
    summary_escape(m->out, s, md_escape);
}

static void md_timeliness(void *ctx, enum timeliness t)
{
    struct md *m = ctx;
    if (t == TIMELY_OVERDUE || t == TIMELY_LATE)
        fprintf(m->out, "**%s**", timeliness_words(t));
    else
        fputs(timeliness_words(t), m->out);
}

static void md_paragraph(void *ctx, const char *s)
{
    struct md *m = ctx;
    fprintf(m->out, "%s\n\n", s);
}

static const struct summary_ops md_ops = {
    .begin_case = md_begin_case,
    .end_case = md_end_case,
    .begin_heading = md_begin_heading,
    .end_heading = md_end_heading,
    .begin_table = md_begin_table,
    .end_table = md_end_table,
    .begin_row = md_begin_row,
    .end_row = md_end_row,
    .begin_cell = md_begin_cell,
    .end_cell = md_end_cell,
    .word = md_word,
    .data = md_data,
    .timeliness = md_timeliness,
    .paragraph = md_paragraph,
};

void export_case_md(FILE *out, const struct case_detail *c, oph_time now)
{
    struct md m = {out};
    summary_layout(&md_ops, &m, c, now);
}
