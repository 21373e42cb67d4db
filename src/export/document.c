/* The head and foot of a document of case summaries in text, Markdown or HTML: the protective
 * marking first, then the title, when it was written and whether it is redacted; at the foot
 * the lines of export_doc_footer, the marking first, so that a printed page or a file cut
 * short still says how it must be handled. */
#include "ophamp/export.h"

#include <stdio.h>

#include "summary.h"

int export_doc_footer(const struct doc_meta *m, const char *lines[DOC_FOOTER_MAX],
                      char buf[DOC_FOOTER_BUF])
{
    int n = 0;
    /* The log's head as the cases were read: `ophamp check --head` finds it later. */
    if (m->audit_head && *m->audit_head) {
        snprintf(buf, DOC_FOOTER_BUF, "audit head %s", m->audit_head);
        lines[n++] = buf;
    }
    if (m->marking)
        lines[n++] = m->marking;
    return n;
}

static const char REDACTED[] =
    "Redacted: names and staff numbers are pseudonyms and free text is left out.";

void export_doc_begin(FILE *out, enum out_format f, const struct doc_meta *m)
{
    char when[OPH_ZONED_LEN];
    summary_time(m->now, when);
    switch (f) {
    case FMT_TEXT:
        if (m->marking)
            fprintf(out, "%s\n", m->marking);
        fprintf(out, "%s \xC2\xB7 Operation Hampshire \xC2\xB7 written %s\n", m->title, when);
        if (m->redacted)
            fprintf(out, "%s\n", REDACTED);
        fputc('\n', out);
        break;
    case FMT_MD:
        if (m->marking) {
            fputs("**", out);
            summary_md_text(out, m->marking);
            fputs("**\n\n", out);
        }
        fprintf(out, "%s \xC2\xB7 Operation Hampshire \xC2\xB7 written %s\n\n", m->title, when);
        if (m->redacted)
            fprintf(out, "%s\n\n", REDACTED);
        break;
    case FMT_HTML:
        export_html_begin(out, m);
        break;
    default: /* json: a bundle (export_cases) */
        break;
    }
}

void export_doc_between(FILE *out, enum out_format f)
{
    if (f == FMT_TEXT)
        fputs("\n\n", out);
    else if (f == FMT_MD)
        fputs("* * *\n\n", out);
}

void export_doc_end(FILE *out, enum out_format f, const struct doc_meta *m)
{
    const char *lines[DOC_FOOTER_MAX];
    char buf[DOC_FOOTER_BUF];
    int n = export_doc_footer(m, lines, buf);
    switch (f) {
    case FMT_TEXT:
        fputc('\n', out);
        for (int i = 0; i < n; i++)
            fprintf(out, "%s\n", lines[i]);
        break;
    case FMT_MD:
        fputs("* * *\n", out);
        for (int i = 0; i < n; i++) {
            bool marking = lines[i] == m->marking; /* in bold, as at the head */
            fputs(marking ? "\n**" : "\n", out);
            summary_md_text(out, lines[i]);
            fputs(marking ? "**\n" : "\n", out);
        }
        break;
    case FMT_HTML:
        export_html_end(out, m);
        break;
    default: /* json: a bundle (export_cases) */
        break;
    }
}
