/* Case bundles read back: `import FILE.json` takes what `export --format json` writes, so a
 * case can move from one user's database to another's. The bundle is read through SQLite's
 * JSON functions (the whole file one bound parameter, so at most BUNDLE_MAX_BYTES), every case
 * is checked by the core's rules before anything is written, and the whole import is one
 * transaction: an invalid case imports nothing. Cases are matched by UUID: a new one is added
 * whole (due times, item numbers and, when free, its reference kept), an identical one is
 * skipped, a changed one is a conflict left untouched unless replace is asked for. */
#ifndef OPHAMP_BUNDLE_H
#define OPHAMP_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>

#include "ophamp/app.h"

#define BUNDLE_FORMAT "ophamp-cases"
#define BUNDLE_VERSION 1
/* SQLite's longest string (SQLITE_MAX_LENGTH): the file is bound as one parameter. */
#define BUNDLE_MAX_BYTES 1000000000L
/* Problems reported one by one; past this many, one line says how many more there were. */
#define BUNDLE_MAX_PROBLEMS 100

struct bundle_options {
    bool dry_run; /* everything checked and matched, nothing written */
    bool replace; /* a changed case is made equal to the bundle's */
};

/* What the import says about single cases, one line each (no newline). */
enum bundle_note {
    BUNDLE_PROBLEM,    /* "case N (REF): field: reason": invalid, nothing is imported */
    BUNDLE_RENUMBERED, /* "OPH-2026-00001 imported as OPH-2026-00007" */
    BUNDLE_CONFLICT,   /* "conflict: OPH-… (uuid): differs in facts, steps" */
    BUNDLE_REPLACED,   /* "replaced: OPH-… (uuid): differed in facts" */
    BUNDLE_WARNING     /* "case N (REF): warning: …": imported otherwise than the bundle says
                          (a reference that is not one, or not of the year reported) */
};
typedef void (*bundle_note_cb)(void *ctx, enum bundle_note kind, const char *line);

struct bundle_result {
    long cases;      /* in the bundle */
    long imported;   /* new cases added */
    long new_people; /* people added for them */
    long identical;  /* already here, the same: skipped */
    long conflicts;  /* already here, different, left as they are */
    long replaced;   /* already here, different, replaced (with replace) */
    long problems;   /* invalid fields: when > 0 nothing was imported */
};

/* Imports the bundle in the file at path. Returns 0 with the counts in *res (conflicts not
 * replaced are counted there, not failures), or -1 with err: the file unreadable (OPH_DB),
 * not a case bundle, of an unknown version or redacted (OPH_INVALID, one line), or invalid
 * cases (OPH_INVALID, res->problems > 0, each problem given to cb and err's text a summary). */
int app_import_bundle(struct app *app, const char *path, const struct bundle_options *o,
                      bundle_note_cb cb, void *ctx, struct bundle_result *res,
                      struct oph_error *err);
/* The same for a bundle already in memory; name is what messages call it. */
int app_import_bundle_text(struct app *app, const char *json, size_t len, const char *name,
                           const struct bundle_options *o, bundle_note_cb cb, void *ctx,
                           struct bundle_result *res, struct oph_error *err);
/* Reads and checks a bundle without matching or writing anything: 0 when every case is
 * valid, -1 as above. */
int app_check_bundle(struct app *app, const char *json, size_t len, const char *name,
                     bundle_note_cb cb, void *ctx, struct bundle_result *res,
                     struct oph_error *err);

#endif
