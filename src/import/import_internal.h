/* Private to the importers (the spreadsheet's, src/import/csv_*.c, and the case bundle's,
 * src/import/bundle_*.c): what both need to read a file into cases. A string map, the people
 * a file names by staff number, the readers of a JSON object's fields, and the steps every
 * imported case goes through: emptied, its reference judged, built and saved in one action
 * of the log, all inside one transaction. */
#ifndef OPHAMP_IMPORT_INTERNAL_H
#define OPHAMP_IMPORT_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ophamp/app.h"
#include "ophamp/record.h"
#include "ophamp/store.h"

/* ---- a small string map (maps.c) --------------------------------------------------------- */

struct smap_entry {
    char *key;
    long line; /* where the key was first met (0 until set) */
    void *val;
};
struct smap {
    struct smap_entry *e;
    size_t cap, n;
};

struct smap_entry *smap_get(const struct smap *m, const char *key);
/* The entry for key, added (line 0, val NULL) when missing. */
struct smap_entry *smap_put(struct smap *m, const char *key);
/* Frees the keys, and each value with free_val (NULL: the values are not owned). */
void smap_free(struct smap *m, void (*free_val)(void *));

/* ---- the people a file names, by staff number (maps.c) ----------------------------------- */

/* A person as an import met them: from the database (line 0) or named by the file (line:
 * the spreadsheet's line or the bundle's case that first named them). role, rank and team:
 * as a victim's entry gives them (detail), else NULL; role is a word of VOCAB_PERSON_ROLE in
 * any case, "" for an officer. */
struct file_person {
    int64_t id; /* in the database, once found or added; 0 before */
    long line;
    char *name, *role, *rank, *team;
    bool detail;
};

/* Staff number to person: AB12 and ab12 are one person (staff_number_same). */
struct person_map {
    struct smap m;
};

struct file_person *person_map_get(const struct person_map *pm, const char *number);
/* The person of this number, added empty (all NULL and 0) when missing. */
struct file_person *person_map_put(struct person_map *pm, const char *number);
void person_map_free(struct person_map *pm);
/* The role the file gives: ROLE_OFFICER when none, -1 when its word is not a role. */
int file_person_role(const struct file_person *p);

/* ---- reading a JSON object's fields (json_get.c) ----------------------------------------- */

/* Where the readers send a problem: field is the member's path ("victim.name", "steps[2]"),
 * NULL when the reason names it. */
typedef void (*jget_problem_cb)(void *ctx, const char *field, const char *reason);

struct jget {
    struct app *app; /* its store reads nested objects and lists */
    jget_problem_cb problem;
    void *ctx;
};

#define F_NULL 1u /* null allowed: nothing recorded */
#define F_OPT 2u  /* may be left out (as null) */

void jget_problem(struct jget *g, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void jget_vproblem(struct jget *g, const char *field, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* out = "parent.key" (or "key" when parent is NULL). */
void jget_path(char *out, size_t outsz, const char *parent, const char *key);
const struct json_member *jget_find(const struct json_members *o, const char *key);
/* A key given twice is a problem (which one counts would be left to chance). */
void jget_keys(struct jget *g, const struct json_members *o, const char *parent);

/* Each reads the member key of o (path parent.key), leaves "nothing recorded" in *out when it
 * is null or left out (a problem unless f allows it) or not what it should be (a problem). */
void jget_text(struct jget *g, const struct json_members *o, const char *parent, const char *key,
               unsigned f, char *out, size_t outsz, size_t max_chars, unsigned tflags);
void jget_vocab(struct jget *g, const struct json_members *o, const char *parent, const char *key,
                unsigned f, const struct vocab *v, int *out);
/* Times are written as ISO 8601 UTC with a Z, to the second: nothing else is read. */
void jget_time(struct jget *g, const struct json_members *o, const char *parent, const char *key,
               unsigned f, oph_time *out);
void jget_bool(struct jget *g, const struct json_members *o, const char *parent, const char *key,
               bool *out);
void jget_tri(struct jget *g, const struct json_members *o, const char *parent, const char *key,
              int *out);
/* *out is left as it was when the member is null or left out. */
void jget_int(struct jget *g, const struct json_members *o, const char *parent, const char *key,
              unsigned f, int64_t min, int64_t max, int64_t *out);
/* The members of an object member (or the elements of a list member) into *out; false when
 * it is missing, null (when allowed) or of the wrong kind. */
bool jget_nested(struct jget *g, const struct json_members *o, const char *parent, const char *key,
                 unsigned f, enum json_kind kind, struct json_members *out);
/* The object element i of a list into *out; false (a problem) when it is not one. */
bool jget_element(struct jget *g, const struct json_members *arr, int i, const char *path,
                  struct json_members *out);
/* Calls each(ctx, element, path) for every object element of the list member key of o
 * (required; path "key[i]"); an element that is not an object is a problem. false when the
 * member is not a list. */
typedef void (*jget_each_cb)(void *ctx, const struct json_members *e, const char *path);
bool jget_each(struct jget *g, const struct json_members *o, const char *key, jget_each_cb each,
               void *ctx);

/* ---- building and saving a case (case_build.c) ------------------------------------------- */

/* The case emptied for the next row or case: no items, nobody named, facts and case fields
 * "nothing recorded" (the steps are left as they are: the plan sets them). */
void import_case_clear(struct case_detail *c);
/* The facts' victim and supervisor numbers from the case's victim and role holders. */
void import_case_fact_numbers(struct case_detail *c);
/* Why the reference a file gives (`given`, as written) is not kept: kept is what of it the
 * case holds ("" when it is not a reference), year the year the case was reported. why is ""
 * when it is kept. */
void import_reference_why(char *why, size_t whysz, const char *given, const char *kept, int year);

/* One row or case is one action of the log, signed by the named user; a dry run saves
 * nothing, so it needs nobody named (the program signs what it undoes). */
int import_action_begin(struct app *app, bool dry_run, const char *what, struct oph_error *err);
/* Commits the action when ok (0, or -1 with err), else rolls it back (0). */
int import_action_end(struct app *app, bool ok, struct oph_error *err);

/* The import's one transaction. A speed-up only (failing is harmless): the transaction's
 * pages and statement journals stay in memory, set before it begins, which is when SQLite
 * reads it (set after, every insert's journal went to a temporary file). */
int import_begin(struct app *app, struct oph_error *err);
/* Commits when keep (0, or -1 with err), else rolls back (0); the cache as it was. */
int import_end(struct app *app, bool keep, struct oph_error *err);

#endif
