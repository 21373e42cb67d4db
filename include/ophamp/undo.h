/* Undo's rules and words (pure C): which actions of the log can be taken back by what they
 * are, how an undo is named in the log, and how a row change reads to a person ("step crime:
 * status done → pending"). Taking an action back is app_undo (app.h); the rows are written by
 * the store. */
#ifndef OPHAMP_UNDO_H
#define OPHAMP_UNDO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why an action cannot be taken back by what it is, or NULL when it may be (whether later
 * actions touched its rows is the store's to say): the program's own (actor_id 0), an undo
 * itself, naming who one is, one that changed no row. */
const char *undo_refusal(int64_t actor_id, const char *what, int64_t n_changes);
/* Why one of an action's row changes cannot be taken back, or NULL: a case is never deleted. */
const char *undo_change_refusal(const char *tbl, const char *op);

/* Whether looking for the user's last action passes over this one: an undo (undo after undo
 * takes back the action before) and naming who one is (not a change of the cases). */
bool undo_passes_over(const char *what);

/* An undo's `what` in the log: "undo 1234 (step done crime)". */
void undo_what(int64_t action_id, const char *what, char *out, size_t n);
/* The action an undo took back, from its `what`; 0 when it is not an undo. */
int64_t undo_target(const char *what);

/* A row change in words, as an undo makes it: what the row is ("step crime", "follow-up
 * welfare-72h", "welfare contact", "case OPH-2026-00001") into what, and how it changes into
 * how: "removed", "put back", or "status done → pending · done at 2026-04-08 10:05 → —" (the
 * columns that differ; times in London time, long texts cut). op is the change's own
 * ("insert", "update", "delete"), old and new its values as JSON (NULL when none). */
void undo_describe(const char *tbl, const char *op, const char *old_json, const char *new_json,
                   char *what, size_t wn, char *how, size_t hn);

#endif
