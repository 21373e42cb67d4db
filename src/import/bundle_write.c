/* import FILE.json: a case bundle read back (see bundle.h).
 *
 * Two passes over the bundle's cases, one case in memory at a time:
 *   1. read and check (bundle_read.c, bundle_check.c): any problem is reported, nothing
 *      written.
 *   2. in one transaction (this file): people found by staff number (a missing one added),
 *      each case matched by UUID and added, skipped, reported as a conflict or replaced. A
 *      dry run rolls the transaction back. */
#include "ophamp/bundle.h"

#include <errno.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"
#include "ophamp/xalloc.h"

/* ---- telling what happens --------------------------------------------------------------- */

void reader_note(struct reader *r, enum bundle_note kind, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    (void)!vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (r->cb)
        r->cb(r->ctx, kind, line);
}

/* Where every problem of a case ends, the field readers' too. */
static void told_problem(void *ctx, const char *field, const char *reason)
{
    struct reader *r = ctx;
    r->res->problems++;
    r->case_problems++;
    if (r->res->problems > BUNDLE_MAX_PROBLEMS)
        return;
    reader_note(r, BUNDLE_PROBLEM, "case %ld (%s): %s%s%s", r->n,
                r->ref[0] ? r->ref : "no reference", field ? field : "", field ? ": " : "", reason);
}

void reader_problem(struct reader *r, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    jget_vproblem(&r->j, field, fmt, ap);
    va_end(ap);
}

/* ---- pass 2: match and write ------------------------------------------------------------ */

/* The people a case names: found here by staff number (a number held here under another name
 * is a conflict), the missing ones added only when the case is written. */
struct case_people {
    int64_t victim_id, role_ids[CROLE_COUNT];
    char conflict[400];
};

static int find_person(struct reader *r, const char *number, const char *name, int64_t *id,
                       struct case_people *cp)
{
    struct person p;
    int rc = store_person_by_number(r->app->store, number, &p, r->err);
    if (rc < 0)
        return -1;
    *id = rc > 0 ? p.id : 0;
    if (rc > 0 && strcmp(p.name, name) != 0 && !cp->conflict[0])
        (void)!snprintf(cp->conflict, sizeof cp->conflict,
                        "staff number %s is %.100s here but %.100s in the bundle", number, p.name,
                        name);
    return 0;
}

static int find_people(struct reader *r, const struct case_detail *c, struct case_people *cp)
{
    memset(cp, 0, sizeof *cp);
    if (find_person(r, c->victim.number, c->victim.name, &cp->victim_id, cp))
        return -1;
    for (int i = 0; i < CROLE_COUNT; i++)
        if (c->roles[i].set &&
            find_person(r, c->roles[i].number, c->roles[i].name, &cp->role_ids[i], cp))
            return -1;
    return 0;
}

/* Adds a person the bundle names and this database lacks: a victim's entry brings their role,
 * rank and team. */
static int add_person(struct reader *r, const char *number, const char *name, int64_t *id)
{
    if (*id > 0)
        return 0;
    struct person p;
    int rc = store_person_by_number(r->app->store, number, &p, r->err);
    if (rc != 0) { /* added for another role of this case, or an error */
        *id = p.id;
        return rc < 0 ? -1 : 0;
    }
    const struct file_person *s = person_map_get(&r->people, number);
    memset(&p, 0, sizeof p);
    text_copy(p.number, sizeof p.number, number);
    text_copy(p.name, sizeof p.name, name);
    if (s && s->detail) {
        p.role = (enum person_role)file_person_role(s);
        text_copy(p.rank, sizeof p.rank, s->rank);
        text_copy(p.team, sizeof p.team, s->team);
    }
    if (store_person_insert(r->app->store, &p, r->app->now, r->err))
        return -1;
    r->res->new_people++;
    *id = p.id;
    return 0;
}

static int add_people(struct reader *r, const struct case_detail *c, struct case_people *cp)
{
    if (add_person(r, c->victim.number, c->victim.name, &cp->victim_id))
        return -1;
    for (int i = 0; i < CROLE_COUNT; i++)
        if (c->roles[i].set &&
            add_person(r, c->roles[i].number, c->roles[i].name, &cp->role_ids[i]))
            return -1;
    return 0;
}

static int64_t *item_id(struct case_detail *c, bool follow, int i)
{
    return follow ? &c->followups[i].id : &c->evidence[i].id;
}

/* The case's follow-ups (follow) or evidence items in the order of their numbers, those
 * without one last in the bundle's order: each is saved once, whatever the numbers are. A
 * number is the order of the ids in the case, so the ids kept must rise with the numbers:
 * from the first that cannot be kept (or when the bundle's do not rise), each item takes a
 * new id, above every id there is. */
static int insert_numbered(struct reader *r, struct case_detail *c, bool follow)
{
    int n = follow ? c->n_followups : c->n_evidence;
    int *key = xcalloc((size_t)n + 1, sizeof *key);
    for (int i = 0; i < n; i++) {
        int number = follow ? c->followups[i].number : c->evidence[i].number;
        key[i] = number > 0 ? number : INT32_MAX;
    }
    int rc = 0;
    bool fresh = false;
    int64_t last = 0;
    for (int done = 0; done < n && rc == 0; done++) {
        int best = -1;
        for (int i = 0; i < n; i++)
            if (key[i] >= 0 && (best < 0 || key[i] < key[best]))
                best = i;
        key[best] = -1;
        int64_t *id = item_id(c, follow, best), wanted = *id;
        if (fresh || wanted <= last)
            *id = wanted = 0;
        rc = follow ? store_followup_insert(r->app->store, c->id, &c->followups[best], r->err)
                    : store_evidence_insert(r->app->store, c->id, &c->evidence[best], r->err);
        fresh = fresh || *id != wanted;
        last = *id;
    }
    free(key);
    return rc;
}

static int insert_items(struct reader *r, struct case_detail *c)
{
    struct store *st = r->app->store;
    return insert_numbered(r, c, true) || insert_numbered(r, c, false) ||
                   store_timeline_insert_all(st, c->id, c->timeline, c->n_timeline, r->err)
               ? -1
               : 0;
}

/* The bundle's reference is kept when it is one, of the year the case was reported, and free
 * here; otherwise the case gets the year's lowest free number. */
static int take_reference(struct reader *r, struct case_detail *c)
{
    struct store *st = r->app->store;
    int year = london_date(c->facts.reported_at).year;
    char why[160];
    import_reference_why(why, sizeof why, r->ref, c->reference, year);
    int taken = why[0] ? 0 : store_case_exists(st, c->reference, r->err);
    if (taken < 0)
        return -1;
    if (!taken && !why[0])
        return 0;
    char given[REF_LEN + 1];
    memcpy(given, c->reference, sizeof given);
    if (store_case_next_reference(st, year, c->reference, r->err))
        return -1;
    if (why[0])
        reader_note(r, BUNDLE_WARNING, "case %ld (%s): warning: %s: the case is given %s", r->n,
                    r->ref, why, c->reference);
    else
        reader_note(r, BUNDLE_RENUMBERED, "%s imported as %s", given, c->reference);
    return 0;
}

static int add_case(struct reader *r, struct case_detail *c, struct case_people *cp)
{
    struct store *st = r->app->store;
    if (add_people(r, c, cp) || take_reference(r, c))
        return -1;
    if (store_case_insert(st, c, cp->victim_id, cp->role_ids[CROLE_SUPERVISOR], cp->role_ids,
                          r->err))
        return -1;
    for (int s = 0; s < STEP_COUNT; s++)
        if (store_step_insert(st, c->id, &c->steps[s], r->err))
            return -1;
    if (insert_items(r, c))
        return -1;
    r->res->imported++;
    return 0;
}

/* Makes the case here equal to the bundle's. The schema's triggers decide the order: a case
 * reopened first, then its steps; a case closed only once no step is pending. */
static int replace_case(struct reader *r, struct case_detail *c, int64_t id, struct case_people *cp)
{
    struct store *st = r->app->store;
    if (add_people(r, c, cp))
        return -1;
    c->id = id;
    store_action_case(st, id);
    if (!c->closed && store_case_rewrite(st, c, cp->victim_id, cp->role_ids, r->err))
        return -1;
    for (int s = 0; s < STEP_COUNT; s++)
        if (store_step_update(st, c->id, &c->steps[s], r->err))
            return -1;
    if (store_case_clear_items(st, c->id, r->err) || insert_items(r, c))
        return -1;
    if (c->closed && store_case_rewrite(st, c, cp->victim_id, cp->role_ids, r->err))
        return -1;
    r->res->replaced++;
    return 0;
}

static int import_case(struct reader *r, long index, const char *text, size_t len);

/* One case is one action of the log, signed by the named user. */
static int import_one(void *ctx, long index, enum json_kind kind, const char *text, size_t len)
{
    struct reader *r = ctx;
    (void)kind;
    char what[64];
    snprintf(what, sizeof what, "import case %ld", index + 1);
    if (import_action_begin(r->app, r->opts->dry_run, what, r->err))
        return -1;
    int rc = import_case(r, index, text, len);
    int end = import_action_end(r->app, rc == 0, r->err);
    return rc ? rc : end;
}

static int import_case(struct reader *r, long index, const char *text, size_t len)
{
    struct case_detail *c = r->c;
    r->n = index + 1;
    r->ref[0] = '\0';
    r->case_problems = 0;
    bundle_read_case(r, text, len);
    if (r->case_problems)
        return oph_fail(r->err, OPH_DB, "case %ld changed while it was imported", r->n);
    import_case_fact_numbers(c);

    struct case_people cp;
    struct case_detail *here = r->here;
    if (find_people(r, c, &cp))
        return -1;
    int found = store_case_load(r->app->store, c->uuid, here, r->err);
    if (found < 0)
        return -1;
    const char *shown = found ? here->reference : c->reference;
    int rc = 0;
    if (cp.conflict[0]) {
        r->res->conflicts++;
        reader_note(r, BUNDLE_CONFLICT, "conflict: %s (%s): %s", shown, c->uuid, cp.conflict);
    } else if (!found) {
        rc = add_case(r, c, &cp);
    } else {
        unsigned d = bundle_case_diff(here, c);
        char words[160];
        bundle_diff_words(d, words, sizeof words);
        if (d == 0) {
            r->res->identical++;
        } else if (r->opts->replace) {
            rc = replace_case(r, c, here->id, &cp);
            if (rc == 0)
                reader_note(r, BUNDLE_REPLACED, "replaced: %s (%s): differed in %s", shown, c->uuid,
                            words);
        } else {
            r->res->conflicts++;
            reader_note(r, BUNDLE_CONFLICT, "conflict: %s (%s): differs in %s", shown, c->uuid,
                        words);
        }
    }
    if (found)
        case_detail_done(here);
    return rc;
}

/* ---- the entry points ------------------------------------------------------------------- */

static void reader_init(struct reader *r, struct app *app, const struct bundle_options *o,
                        bundle_note_cb cb, void *ctx, struct bundle_result *res,
                        struct oph_error *err)
{
    memset(r, 0, sizeof *r);
    memset(res, 0, sizeof *res);
    r->app = app;
    r->opts = o;
    r->cb = cb;
    r->ctx = ctx;
    r->res = res;
    r->err = err;
    r->j = (struct jget){app, told_problem, r};
    r->c = case_detail_new();
    r->here = case_detail_new();
}

static void reader_done(struct reader *r)
{
    case_detail_free(r->c);
    case_detail_free(r->here);
    person_map_free(&r->people);
}

int app_check_bundle(struct app *app, const char *json, size_t len, const char *name,
                     bundle_note_cb cb, void *ctx, struct bundle_result *res, struct oph_error *err)
{
    static const struct bundle_options none = {false, false};
    struct reader r;
    reader_init(&r, app, &none, cb, ctx, res, err);
    int rc = bundle_check_all(&r, json, len, name);
    reader_done(&r);
    return rc;
}

int app_import_bundle_text(struct app *app, const char *json, size_t len, const char *name,
                           const struct bundle_options *o, bundle_note_cb cb, void *ctx,
                           struct bundle_result *res, struct oph_error *err)
{
    struct reader r;
    reader_init(&r, app, o, cb, ctx, res, err);
    int rc = bundle_check_all(&r, json, len, name);
    if (rc == 0 && (rc = import_begin(app, err)) == 0) {
        long cases = res->cases;
        memset(res, 0, sizeof *res);
        res->cases = cases;
        store_keep_ids(app->store, true);
        rc = store_json_each(app->store, json, len, "$.cases", import_one, &r, err);
        store_keep_ids(app->store, false);
        int end = import_end(app, rc == 0 && !o->dry_run, err);
        if (rc == 0)
            rc = end;
    }
    reader_done(&r);
    return rc;
}

/* Reads the whole file: it is bound to SQLite as one string. */
static char *read_file(const char *path, size_t *len, struct oph_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return oph_fail(err, OPH_DB, "cannot read %s: %s", path, strerror(errno)), NULL;
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fclose(f);
        return oph_fail(err, OPH_DB, "cannot read %s: not a file", path), NULL;
    }
    if (sb.st_size > BUNDLE_MAX_BYTES) {
        fclose(f);
        return oph_fail(err, OPH_INVALID,
                        "%s is larger than a bundle can be (%ld bytes, SQLite's longest string)",
                        path, BUNDLE_MAX_BYTES),
               NULL;
    }
    size_t cap = (size_t)sb.st_size + 1, n = 0, got;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return oph_fail(err, OPH_DB, "not enough memory to read %s", path), NULL;
    }
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) { /* the file grew while it was read */
            fclose(f);
            free(buf);
            return oph_fail(err, OPH_DB, "cannot read %s: it changed while it was read", path),
                   NULL;
        }
    }
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        free(buf);
        return oph_fail(err, OPH_DB, "cannot read %s: %s", path, strerror(errno)), NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

int app_import_bundle(struct app *app, const char *path, const struct bundle_options *o,
                      bundle_note_cb cb, void *ctx, struct bundle_result *res,
                      struct oph_error *err)
{
    size_t len = 0;
    memset(res, 0, sizeof *res);
    char *json = read_file(path, &len, err);
    if (!json)
        return -1;
    int rc = app_import_bundle_text(app, json, len, path, o, cb, ctx, res, err);
    free(json);
    return rc;
}
