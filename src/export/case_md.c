/* A case as Markdown (CommonMark with pipe tables, as GitHub and Python-Markdown's tables
 * extension read them). Text from the database is escaped so that it stays text: no emphasis,
 * links, images, HTML or table cells come out of it, and it never starts a line. */
#include "ophamp/export.h"

#include <stdlib.h>
#include <string.h>

#include "summary.h"

/* What summary_escape writes unchanged. */
static const char *keep_as_is(unsigned cp)
{
    (void)cp;
    return NULL;
}

struct md {
    FILE *out;
};

/* Text as Markdown that reads as itself. Markdown's own syntax is escaped with a backslash, as
 * CommonMark and Python-Markdown both read it: \ ` * _ [ ] | # > (never as HTML entities: H&S
 * stays H&S). A word (a run without spaces) that a renderer would take for something else
 * whatever the backslashes (a link GitHub makes of www., http:// or an address with @, an HTML
 * tag or comment, a character reference such as &amp;, strike-through with ~) is written as a
 * code span instead: its text is kept as it is, copies as it is, and means nothing. A word that
 * cannot be a code span (it holds a | or would need one in a table) keeps the backslashes, with
 * its dots and colons escaped too, which stops GitHub's links. */

static bool starts_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (*s == '\0' || (*s | 0x20) != *prefix)
            return false;
    return true;
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

/* Whether the word w[0..n) could be read as a link, HTML, a character reference or
 * strike-through. */
static bool word_means_something(const char *w, size_t n)
{
    size_t lead = 0;
    while (lead < n && (w[lead] == '(' || w[lead] == '*' || w[lead] == '_' || w[lead] == '~' ||
                        w[lead] == '"' || w[lead] == '\''))
        lead++;
    if (n - lead >= 4 && starts_ci(w + lead, "www."))
        return true;
    bool at = false;
    for (size_t i = 0; i < n; i++) {
        char c = w[i], next = i + 1 < n ? w[i + 1] : '\0';
        if (c == '~')
            return true;
        if (c == ':' && i + 2 < n && w[i + 1] == '/' && w[i + 2] == '/')
            return true;
        if (c == '@')
            at = true;
        if (c == '.' && at)
            return true;
        if (c == '<' && (is_alpha(next) || next == '/' || next == '!' || next == '?'))
            return true;
        if (c == '&') {
            size_t k = i + 1;
            if (k < n && w[k] == '#')
                k++;
            size_t start = k;
            while (k < n && is_alnum(w[k]))
                k++;
            if (k > start && k < n && w[k] == ';')
                return true;
        }
    }
    return false;
}

/* The word as a code span, fenced with one backtick more than its longest run of them. */
static void code_span(FILE *out, const char *w, size_t n)
{
    size_t run = 0, longest = 0;
    for (size_t i = 0; i < n; i++) {
        run = w[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    bool pad = w[0] == '`' || w[n - 1] == '`';
    for (size_t i = 0; i <= longest; i++)
        fputc('`', out);
    if (pad)
        fputc(' ', out);
    fwrite(w, 1, n, out);
    if (pad)
        fputc(' ', out);
    for (size_t i = 0; i <= longest; i++)
        fputc('`', out);
}

static void escaped_word(FILE *out, const char *w, size_t n, bool link_like)
{
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if (c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '|' ||
            c == '#' || c == '>' ||
            (link_like && (c == '<' || c == '&' || c == '~' || c == '.' || c == ':' || c == '@')))
            fputc('\\', out);
        fputc(c, out);
    }
}

void summary_md_text(FILE *out, const char *s)
{
    /* First the text every format gets: valid UTF-8, no control characters, \n for a line
     * break. */
    char *clean = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&clean, &size);
    if (!mem)
        return;
    summary_escape(mem, s, keep_as_is);
    if (fclose(mem) != 0) {
        free(clean);
        return;
    }
    for (size_t i = 0; i < size;) {
        if (clean[i] == '\n') {
            fputs("<br>", out);
            i++;
            continue;
        }
        if (clean[i] == '\t') {
            fputs("&#9;", out); /* renderers turn a tab into spaces: the one reference kept */
            i++;
            continue;
        }
        if (clean[i] == ' ') {
            fputc(clean[i++], out);
            continue;
        }
        size_t n = 0;
        while (i + n < size && clean[i + n] != ' ' && clean[i + n] != '\t' && clean[i + n] != '\n')
            n++;
        const char *w = clean + i;
        bool special = word_means_something(w, n);
        if (special && !memchr(w, '|', n))
            code_span(out, w, n);
        else
            escaped_word(out, w, n, special);
        i += n;
    }
    free(clean);
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
    summary_md_text(m->out, s);
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
