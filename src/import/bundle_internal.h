/* Private to the case bundle's importer (bundle_*.c): the reader's state and the pieces its
 * files share. bundle_read.c reads a case object, bundle_check.c checks every case (pass 1),
 * bundle_diff.c compares a case here with the bundle's, bundle_write.c matches and writes
 * them (pass 2) and holds the entry points. */
#ifndef OPHAMP_BUNDLE_INTERNAL_H
#define OPHAMP_BUNDLE_INTERNAL_H

#include "import_internal.h"
#include "ophamp/bundle.h"

/* The JSON keys of case_json.c's contract for the role holders. */
struct bundle_role_key {
    enum case_role role;
    const char *key;
};
extern const struct bundle_role_key bundle_role_keys[CROLE_COUNT];

struct reader {
    struct app *app;
    const struct bundle_options *opts;
    bundle_note_cb cb;
    void *ctx;
    struct bundle_result *res;
    struct oph_error *err;
    struct jget j;            /* the field readers, their problems told as this case's */
    struct person_map people; /* staff numbers with the names the bundle gives them */
    struct case_detail *c;    /* the case being read (large: on the heap) */
    struct case_detail *here; /* the same case in this database, when it is (pass 2) */
    long n;                   /* its place in the bundle, from 1 */
    char ref[48];             /* its reference as given, for messages */
    long case_problems;
};

/* One line about a single case (bundle_note_cb). */
void reader_note(struct reader *r, enum bundle_note kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* One problem of the case being read: "case N (REF): field: reason" (field NULL: the reason
 * names it); past BUNDLE_MAX_PROBLEMS only counted. */
void reader_problem(struct reader *r, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reads the case object text into r->c; problems reported. */
void bundle_read_case(struct reader *r, const char *json, size_t len);
/* Pass 1: the bundle's header, then every case read and checked. 0, or -1 with r->err. */
int bundle_check_all(struct reader *r, const char *json, size_t len, const char *name);
/* Which parts of the stored case a differ from b (D_* bits of bundle_diff.c), and their
 * names, comma-separated. */
unsigned bundle_case_diff(const struct case_detail *a, const struct case_detail *b);
void bundle_diff_words(unsigned d, char *out, size_t outsz);

#endif
