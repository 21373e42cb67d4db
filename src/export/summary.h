/* Private to the renderers: the words, times and orders every summary shares, and the one
 * layout of a case summary that the Markdown and HTML renderers both fill in. A renderer gives
 * the layout its own way of writing headings, tables and cells; text from the database always
 * goes through its `data` function, which escapes it, never through `word`. */
#ifndef OPHAMP_EXPORT_SUMMARY_H
#define OPHAMP_EXPORT_SUMMARY_H

#include <stdio.h>

#include "ophamp/calendar.h"
#include "ophamp/plan.h"
#include "ophamp/record.h"

#define SUMMARY_DASH "\xE2\x80\x94" /* U+2014, for "nothing recorded" */

/* The name of an enum value, or NULL when not recorded (-1) or out of range. */
const char *summary_vocab(const struct vocab *v, int value);
/* A fact nobody has recorded, worded apart from a recorded "no" (an offender "not known" is
 * one not identified). */
#define SUMMARY_NOT_RECORDED "not recorded"
/* yes / no / "not recorded" for an enum tri. */
const char *summary_tri(int value, const char *yes, const char *no);
/* London time with its zone ("2026-04-08 10:00 BST"), or a dash for no time. */
void summary_time(oph_time t, char buf[OPH_ZONED_LEN]);
/* "welfare-contact", "victim-update", "decision", "note"; NULL out of range. */
const char *summary_timeline_kind(enum timeline_kind k);
/* The signer of one of the case's actions (by_action), or NULL when not known. */
const char *summary_by(const struct case_detail *c, int64_t action);
/* When an action was saved (its log time, to the second), or OPH_NO_TIME. */
oph_time summary_action_time(const struct case_action *a);

/* Writes text from the database through a renderer's escaping: escape(cp) returns what to
 * write for the code point cp, or NULL to write it as it is. Before that, invalid UTF-8 and
 * control characters (other than tab and newline; the direction overrides and isolates too,
 * as text_is_control has them) become U+FFFD, and CR LF or a lone CR a newline, so no format
 * ever carries a byte it cannot hold or text turned around. */
typedef const char *(*summary_escape_fn)(unsigned cp);
void summary_escape(FILE *out, const char *s, summary_escape_fn escape);

/* Text as Markdown that reads as itself (CommonMark, GitHub's extensions, Python-Markdown):
 * see case_md.c. A newline becomes <br>, so the text stays in its table cell. */
void summary_md_text(FILE *out, const char *s);

/* The role holders in the order summaries list them, with their JSON keys. */
struct summary_role {
    enum case_role role;
    const char *key; /* "statement_taker" */
};
#define SUMMARY_N_ROLES 5
extern const struct summary_role summary_roles[SUMMARY_N_ROLES];

/* How a renderer writes the parts of the layout. */
struct summary_ops {
    void (*begin_case)(void *ctx, const struct case_detail *c);
    void (*end_case)(void *ctx);
    void (*begin_heading)(void *ctx, int level); /* 1: the case, 2: a section */
    void (*end_heading)(void *ctx, int level);
    void (*begin_table)(void *ctx, const char *const *heads, int n);
    void (*end_table)(void *ctx);
    void (*begin_row)(void *ctx);
    void (*end_row)(void *ctx);
    void (*begin_cell)(void *ctx);
    void (*end_cell)(void *ctx);
    void (*word)(void *ctx, const char *s); /* the program's own words: written as they are */
    void (*data)(void *ctx, const char *s); /* text from the database: escaped */
    /* On time, late, overdue …: a word that may stand out (overdue, late). */
    void (*timeliness)(void *ctx, enum timeliness t);
    void (*paragraph)(void *ctx, const char *s); /* the program's own words */
};

/* Lays one case out through ops: facts, role holders, the seven steps with due and done times
 * and whether each was on time, follow-ups, evidence, the timeline and the outcome. */
void summary_layout(const struct summary_ops *ops, void *ctx, const struct case_detail *c,
                    oph_time now);

#endif
