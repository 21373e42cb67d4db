/* import FILE.json: a case bundle read back (see bundle.h).
 *
 * Two passes over the bundle's cases, one case in memory at a time:
 *   1. read and check: every field read into a struct case_detail and checked by the core's
 *      rules (check_person, check_case_facts, check_role, check_step …, wf_can_close); staff
 *      numbers collected with their names. Any problem: reported, nothing written.
 *   2. in one transaction: people found by staff number (a missing one added), each case
 *      matched by UUID and added, skipped, reported as a conflict or replaced. A dry run rolls
 *      the transaction back. */
#include "ophamp/bundle.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../app/app_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"
#include "ophamp/xalloc.h"

/* The JSON keys of case_json.c's contract. */
static const struct {
    enum case_role role;
    const char *key;
} role_keys[CROLE_COUNT] = {
    {CROLE_SUPERVISOR, "supervisor"},           {CROLE_SECOND_LINE, "second_line"},
    {CROLE_INVESTIGATOR, "investigator"},       {CROLE_STATEMENT_TAKER, "statement_taker"},
    {CROLE_WELFARE_OFFICER, "welfare_officer"},
};
static const char *const timeline_kinds[TL_COUNT] = {
    [TL_WELFARE] = "welfare-contact",
    [TL_VICTIM_UPDATE] = "victim-update",
    [TL_DECISION] = "decision",
    [TL_NOTE] = "note",
};

/* ---- the staff numbers of a bundle ------------------------------------------------------ */

/* A person as the bundle names them: the victim's entry brings role, rank and team. */
struct seen_person {
    char *number, *name, *rank, *team;
    enum person_role role;
    bool detail;
    long first_case;
};

/* Open addressing on the staff number. */
struct people {
    struct seen_person *slots;
    size_t cap, n;
};

/* People by staff number, which is the same whatever the case of its letters. */
static size_t hash_number(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s)) * 1099511628211u;
    return h;
}

static struct seen_person *people_slot(struct people *pp, const char *number)
{
    if (pp->cap == 0)
        return NULL;
    for (size_t i = hash_number(number) & (pp->cap - 1);; i = (i + 1) & (pp->cap - 1))
        if (!pp->slots[i].number || staff_number_same(pp->slots[i].number, number))
            return &pp->slots[i];
}

static struct seen_person *people_find(struct people *pp, const char *number)
{
    struct seen_person *s = people_slot(pp, number);
    return s && s->number ? s : NULL;
}

static struct seen_person *people_add(struct people *pp, const char *number)
{
    if ((pp->n + 1) * 2 > pp->cap) {
        struct people grown = {xcalloc(pp->cap ? pp->cap * 2 : 64, sizeof *grown.slots),
                               pp->cap ? pp->cap * 2 : 64, pp->n};
        for (size_t i = 0; i < pp->cap; i++)
            if (pp->slots[i].number)
                *people_slot(&grown, pp->slots[i].number) = pp->slots[i];
        free(pp->slots);
        *pp = grown;
    }
    struct seen_person *s = people_slot(pp, number);
    memset(s, 0, sizeof *s);
    s->number = xstrdup(number);
    pp->n++;
    return s;
}

static void people_free(struct people *pp)
{
    for (size_t i = 0; i < pp->cap; i++) {
        struct seen_person *s = &pp->slots[i];
        free(s->number);
        free(s->name);
        free(s->rank);
        free(s->team);
    }
    free(pp->slots);
    memset(pp, 0, sizeof *pp);
}

/* ---- reading ------------------------------------------------------------------------------ */

struct reader {
    struct app *app;
    const struct bundle_options *opts;
    bundle_note_cb cb;
    void *ctx;
    struct bundle_result *res;
    struct oph_error *err;
    struct people people;
    struct case_detail *c; /* the case being read (large: on the heap) */
    long n;                /* its place in the bundle, from 1 */
    char ref[48];          /* its reference as given, for messages */
    long case_problems;
    bool internal; /* a failure that is not the bundle's fault (err is set) */
};

static void note(struct reader *r, enum bundle_note kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void note(struct reader *r, enum bundle_note kind, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    (void)!vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (r->cb)
        r->cb(r->ctx, kind, line);
}

/* One problem of the case being read: "case N (REF): field: reason" (field NULL: the reason
 * names it). */
static void problem(struct reader *r, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(struct reader *r, const char *field, const char *fmt, ...)
{
    r->res->problems++;
    r->case_problems++;
    if (r->res->problems > BUNDLE_MAX_PROBLEMS)
        return;
    char reason[700];
    va_list ap;
    va_start(ap, fmt);
    (void)!vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    note(r, BUNDLE_PROBLEM, "case %ld (%s): %s%s%s", r->n, r->ref[0] ? r->ref : "no reference",
         field ? field : "", field ? ": " : "", reason);
}

static void join(char *out, size_t outsz, const char *parent, const char *key)
{
    (void)!snprintf(out, outsz, "%s%s%s", parent ? parent : "", parent ? "." : "", key);
}

static const struct json_member *find(const struct json_members *o, const char *key)
{
    for (int i = 0; i < o->n; i++)
        if (o->m[i].key && strcmp(o->m[i].key, key) == 0)
            return &o->m[i];
    return NULL;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A key given twice would leave which one counts to chance. */
static void check_keys(struct reader *r, const struct json_members *o, const char *parent)
{
    if (o->n < 2)
        return;
    char **keys = xcalloc((size_t)o->n, sizeof *keys);
    int k = 0;
    for (int i = 0; i < o->n; i++)
        if (o->m[i].key)
            keys[k++] = o->m[i].key;
    qsort(keys, (size_t)k, sizeof *keys, by_key);
    for (int i = 1; i < k; i++)
        if (strcmp(keys[i - 1], keys[i]) == 0 && (i < 2 || strcmp(keys[i - 2], keys[i]) != 0)) {
            char path[160];
            join(path, sizeof path, parent, keys[i]);
            problem(r, path, "is given twice");
        }
    free(keys);
}

#define F_NULL 1u /* null allowed: nothing recorded */
#define F_OPT 2u  /* may be left out (as null) */

/* The member `key`, or NULL when it is null or left out (a problem unless allowed). */
static const struct json_member *member(struct reader *r, const struct json_members *o,
                                        const char *path, const char *key, unsigned f)
{
    const struct json_member *m = find(o, key);
    if (!m) {
        if (!(f & F_OPT))
            problem(r, path, "is missing");
        return NULL;
    }
    if (m->kind == JSON_NULL) {
        if (!(f & (F_NULL | F_OPT)))
            problem(r, path, "is required");
        return NULL;
    }
    return m;
}

/* Text as JSON gave it: no NUL inside (an escaped \u0000 would cut it short). */
static bool is_text(struct reader *r, const struct json_member *m, const char *path)
{
    if (m->kind != JSON_TEXT) {
        problem(r, path, "expected text");
        return false;
    }
    if (strlen(m->text) != m->len) {
        problem(r, path, "contains a NUL character");
        return false;
    }
    return true;
}

static void get_text(struct reader *r, const struct json_members *o, const char *parent,
                     const char *key, unsigned f, char *out, size_t outsz, size_t max_chars,
                     unsigned tflags)
{
    char path[160], label[170];
    join(path, sizeof path, parent, key);
    out[0] = '\0';
    const struct json_member *m = member(r, o, path, key, f);
    if (!m || !is_text(r, m, path))
        return;
    if (m->len >= outsz) {
        problem(r, path, "is too long (at most %zu characters)", max_chars);
        return;
    }
    memcpy(out, m->text, m->len + 1);
    struct oph_error e;
    (void)!snprintf(label, sizeof label, "%s:", path);
    if (check_text(label, out, max_chars, tflags, &e)) {
        problem(r, NULL, "%s", e.msg);
        out[0] = '\0';
    }
}

static void get_vocab(struct reader *r, const struct json_members *o, const char *parent,
                      const char *key, unsigned f, const struct vocab *v, int *out)
{
    char path[160], list[256];
    join(path, sizeof path, parent, key);
    *out = -1;
    const struct json_member *m = member(r, o, path, key, f);
    if (!m || !is_text(r, m, path))
        return;
    *out = vocab_find(v, m->text);
    if (*out < 0)
        problem(r, path, "unknown %s '%.40s' (one of %s)", v->what, m->text,
                vocab_list(v, list, sizeof list));
}

/* Times are written as ISO 8601 UTC with a Z, to the second: nothing else is read. */
static void get_time(struct reader *r, const struct json_members *o, const char *parent,
                     const char *key, unsigned f, oph_time *out)
{
    char path[160];
    join(path, sizeof path, parent, key);
    *out = OPH_NO_TIME;
    const struct json_member *m = member(r, o, path, key, f);
    if (!m || !is_text(r, m, path))
        return;
    const char *s = m->text, *why = NULL;
    oph_time t;
    if (m->len != 20 || s[10] != 'T' || s[16] != ':' || s[19] != 'Z' ||
        time_parse(s, &t, &why) != 0) {
        problem(r, path, "expected a UTC time YYYY-MM-DDTHH:MM:SSZ (got '%.40s')", s);
        return;
    }
    *out = t;
}

static void get_bool(struct reader *r, const struct json_members *o, const char *parent,
                     const char *key, bool *out)
{
    char path[160];
    join(path, sizeof path, parent, key);
    *out = false;
    const struct json_member *m = member(r, o, path, key, 0);
    if (!m)
        return;
    if (m->kind != JSON_TRUE && m->kind != JSON_FALSE)
        problem(r, path, "expected true or false");
    *out = m->kind == JSON_TRUE;
}

static void get_tri(struct reader *r, const struct json_members *o, const char *parent,
                    const char *key, int *out)
{
    char path[160];
    join(path, sizeof path, parent, key);
    *out = TRI_UNKNOWN;
    const struct json_member *m = member(r, o, path, key, F_NULL);
    if (!m)
        return;
    if (m->kind != JSON_TRUE && m->kind != JSON_FALSE)
        problem(r, path, "expected true, false or null");
    else
        *out = m->kind == JSON_TRUE ? TRI_YES : TRI_NO;
}

static void get_int(struct reader *r, const struct json_members *o, const char *parent,
                    const char *key, unsigned f, int64_t min, int64_t max, int64_t *out)
{
    char path[160];
    join(path, sizeof path, parent, key);
    const struct json_member *m = member(r, o, path, key, f);
    if (!m)
        return;
    if (m->kind != JSON_INTEGER || m->integer < min || m->integer > max)
        problem(r, path, "expected a whole number from %lld to %lld", (long long)min,
                (long long)max);
    else
        *out = m->integer;
}

/* The members of an object member (or the elements of an array member), read through
 * SQLite; false when it is missing, null (when allowed) or of the wrong kind. */
static bool get_nested(struct reader *r, const struct json_members *o, const char *parent,
                       const char *key, unsigned f, enum json_kind kind, struct json_members *out)
{
    char path[160];
    join(path, sizeof path, parent, key);
    memset(out, 0, sizeof *out);
    const struct json_member *m = member(r, o, path, key, f);
    if (!m)
        return false;
    if (m->kind != kind) {
        problem(r, path, kind == JSON_OBJECT ? "expected an object" : "expected a list");
        return false;
    }
    struct oph_error e;
    if (store_json_read(r->app->store, m->text, m->len, "$", true, out, &e)) {
        problem(r, path, "%s", e.msg);
        return false;
    }
    if (kind == JSON_OBJECT)
        check_keys(r, out, path);
    return true;
}

/* The object element i of an array, read; false (reported) otherwise. */
static bool element_object(struct reader *r, const struct json_members *arr, int i,
                           const char *path, struct json_members *out)
{
    memset(out, 0, sizeof *out);
    const struct json_member *m = &arr->m[i];
    if (m->kind != JSON_OBJECT) {
        problem(r, path, "expected an object");
        return false;
    }
    struct oph_error e;
    if (store_json_read(r->app->store, m->text, m->len, "$", true, out, &e)) {
        problem(r, path, "%s", e.msg);
        return false;
    }
    check_keys(r, out, path);
    return true;
}

static bool is_uuid(const char *s)
{
    if (strlen(s) != UUID_LEN)
        return false;
    for (int i = 0; i < UUID_LEN; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    }
    return true;
}

/* OPH-YYYY-NNNNN, as the schema's GLOB has it. */
static bool is_reference(const char *s)
{
    if (strlen(s) != 14 || strncmp(s, "OPH-", 4) != 0 || s[8] != '-')
        return false;
    for (int i = 4; i < 14; i++)
        if (i != 8 && !(s[i] >= '0' && s[i] <= '9'))
            return false;
    return true;
}

static void read_victim(struct reader *r, const struct json_members *o)
{
    struct json_members v;
    struct person *p = &r->c->victim;
    if (!get_nested(r, o, NULL, "victim", 0, JSON_OBJECT, &v))
        return;
    int role;
    get_text(r, &v, "victim", "name", 0, p->name, sizeof p->name, MAX_NAME, TEXT_REQUIRED);
    get_text(r, &v, "victim", "number", 0, p->number, sizeof p->number, MAX_NUMBER, TEXT_REQUIRED);
    get_vocab(r, &v, "victim", "role", F_NULL | F_OPT, &VOCAB_PERSON_ROLE, &role);
    p->role = role < 0 ? ROLE_OFFICER : (enum person_role)role;
    get_text(r, &v, "victim", "rank", F_NULL | F_OPT, p->rank, sizeof p->rank, MAX_SHORT, 0);
    get_text(r, &v, "victim", "team", F_NULL | F_OPT, p->team, sizeof p->team, MAX_SHORT, 0);
    json_members_free(&v);
}

static void read_facts(struct reader *r, const struct json_members *o)
{
    struct case_facts *f = &r->c->facts;
    int64_t v = 0;
    get_time(r, o, NULL, "occurred_at", 0, &f->occurred_at);
    get_time(r, o, NULL, "reported_at", 0, &f->reported_at);
    get_text(r, o, NULL, "location", 0, f->location, sizeof f->location, MAX_LOCATION,
             TEXT_REQUIRED);
    get_vocab(r, o, NULL, "location_kind", 0, &VOCAB_LOCATION, &f->location_kind);
    get_text(r, o, NULL, "offence", F_NULL, f->offence, sizeof f->offence, MAX_OFFENCE, 0);
    get_text(r, o, NULL, "summary", F_NULL, f->summary, sizeof f->summary, MAX_TEXT,
             TEXT_MULTILINE);
    get_vocab(r, o, NULL, "mechanism", F_NULL, &VOCAB_MECHANISM, &f->mechanism);
    get_vocab(r, o, NULL, "injury", 0, &VOCAB_INJURY, &f->injury);
    get_text(r, o, NULL, "body_part", F_NULL, f->body_part, sizeof f->body_part, MAX_SHORT, 0);
    get_vocab(r, o, NULL, "treatment", F_NULL, &VOCAB_TREATMENT, &f->treatment);
    get_bool(r, o, NULL, "specified_injury", &f->specified_injury);
    get_int(r, o, NULL, "days_off", 0, 0, MAX_DAYS_OFF, &v);
    f->days_off = (int)v;
    get_bool(r, o, NULL, "off_work", &f->off_work);
    get_tri(r, o, NULL, "offender_known", &f->offender_known);
    get_time(r, o, NULL, "arrested_at", F_NULL, &f->arrested_at);
    get_text(r, o, NULL, "thor", F_NULL, f->thor, sizeof f->thor, MAX_TEXT, TEXT_MULTILINE);
    get_text(r, o, NULL, "crime_reference", F_NULL, f->crime_reference, sizeof f->crime_reference,
             MAX_CRIME_REF, 0);
    get_vocab(r, o, NULL, "referral", F_NULL, &VOCAB_REFERRAL, &f->referral);
    get_tri(r, o, NULL, "enhanced_rights", &f->enhanced_rights);
    get_tri(r, o, NULL, "vps_offered", &f->vps_offered);
    v = 0;
    get_int(r, o, NULL, "support_score", F_NULL, 1, 5, &v);
    f->support_score = (int)v;
    /* Schema 4's facts: a bundle written before has none. */
    get_time(r, o, NULL, "died_at", F_NULL | F_OPT, &f->died_at);
}

/* The victim's right to review (schema 4; a bundle written before has none). */
static void read_review(struct reader *r, const struct json_members *o)
{
    struct json_members v;
    struct case_detail *c = r->c;
    if (!get_nested(r, o, NULL, "review", F_NULL | F_OPT, JSON_OBJECT, &v))
        return;
    get_time(r, &v, "review", "until", F_NULL | F_OPT, &c->review_until);
    get_time(r, &v, "review", "asked_at", F_NULL | F_OPT, &c->review_asked_at);
    get_vocab(r, &v, "review", "result", F_NULL | F_OPT, &VOCAB_REVIEW_RESULT, &c->review_result);
    get_time(r, &v, "review", "decided_at", F_NULL | F_OPT, &c->review_decided_at);
    get_text(r, &v, "review", "note", F_NULL | F_OPT, c->review_note, sizeof c->review_note,
             MAX_TEXT, TEXT_MULTILINE);
    json_members_free(&v);
}

/* "role_holders": {number, name} or null for each role; "roles" (the numbers alone, the
 * first contract) must say the same. */
static void read_roles(struct reader *r, const struct json_members *o)
{
    struct json_members holders, numbers;
    bool have_numbers = get_nested(r, o, NULL, "roles", 0, JSON_OBJECT, &numbers);
    if (get_nested(r, o, NULL, "role_holders", 0, JSON_OBJECT, &holders)) {
        for (int i = 0; i < CROLE_COUNT; i++) {
            struct role_holder *h = &r->c->roles[role_keys[i].role];
            struct json_members one;
            char path[64];
            join(path, sizeof path, "role_holders", role_keys[i].key);
            if (!get_nested(r, &holders, "role_holders", role_keys[i].key, F_NULL, JSON_OBJECT,
                            &one))
                continue;
            get_text(r, &one, path, "number", 0, h->number, sizeof h->number, MAX_NUMBER,
                     TEXT_REQUIRED);
            get_text(r, &one, path, "name", 0, h->name, sizeof h->name, MAX_NAME, TEXT_REQUIRED);
            h->set = true;
            json_members_free(&one);
        }
        json_members_free(&holders);
    }
    if (!have_numbers)
        return;
    for (int i = 0; i < CROLE_COUNT; i++) {
        const struct role_holder *h = &r->c->roles[role_keys[i].role];
        char path[64], number[TXT(MAX_NUMBER)];
        join(path, sizeof path, "roles", role_keys[i].key);
        long before = r->case_problems;
        get_text(r, &numbers, "roles", role_keys[i].key, F_NULL, number, sizeof number, MAX_NUMBER,
                 0);
        if (r->case_problems == before && strcmp(number, h->set ? h->number : "") != 0)
            problem(r, path, "differs from role_holders.%s", role_keys[i].key);
    }
    json_members_free(&numbers);
}

static void read_steps(struct reader *r, const struct json_members *o)
{
    struct json_members arr;
    bool seen[STEP_COUNT] = {false};
    if (!get_nested(r, o, NULL, "steps", 0, JSON_ARRAY, &arr))
        return;
    for (int i = 0; i < arr.n; i++) {
        struct json_members e;
        char path[32];
        (void)!snprintf(path, sizeof path, "steps[%d]", i);
        if (!element_object(r, &arr, i, path, &e))
            continue;
        int code, status;
        get_vocab(r, &e, path, "code", 0, &VOCAB_STEP, &code);
        if (code >= 0 && seen[code]) {
            problem(r, path, "step %s is given twice", VOCAB_STEP.names[code]);
            code = -1;
        }
        if (code >= 0) {
            struct step *s = &r->c->steps[code];
            seen[code] = true;
            get_vocab(r, &e, path, "status", 0, &VOCAB_STATUS, &status);
            s->status = status < 0 ? STATUS_PENDING : (enum item_status)status;
            get_time(r, &e, path, "due_at", 0, &s->due_at);
            get_time(r, &e, path, "done_at", F_NULL, &s->done_at);
            get_text(r, &e, path, "done_by", F_NULL, s->done_by, sizeof s->done_by, MAX_SHORT, 0);
            get_text(r, &e, path, "reason", F_NULL, s->reason, sizeof s->reason, MAX_TEXT,
                     TEXT_MULTILINE);
            get_text(r, &e, path, "note", F_NULL, s->note, sizeof s->note, MAX_TEXT,
                     TEXT_MULTILINE);
            get_time(r, &e, path, "victim_signed_at", F_NULL | F_OPT, &s->victim_signed_at);
            get_time(r, &e, path, "supervisor_signed_at", F_NULL | F_OPT, &s->supervisor_signed_at);
        }
        json_members_free(&e);
    }
    json_members_free(&arr);
    for (int s = 0; s < STEP_COUNT; s++)
        if (!seen[s])
            problem(r, "steps", "step %s is missing", VOCAB_STEP.names[s]);
}

/* Item numbers: kept when free here, so they may be left out. */
static void get_id(struct reader *r, const struct json_members *e, const char *path, int64_t *id)
{
    *id = 0;
    get_int(r, e, path, "id", F_NULL | F_OPT, 1, INT64_MAX, id);
}

/* A follow-up's or evidence item's number in its case (0 when left out): the items are saved
 * in that order, so that they keep their numbers here whatever ids they get. */
static int get_number(struct reader *r, const struct json_members *e, const char *path)
{
    int64_t n = 0;
    get_int(r, e, path, "number", F_NULL | F_OPT, 1, INT32_MAX, &n);
    return (int)n;
}

static void read_followups(struct reader *r, const struct json_members *o)
{
    struct json_members arr;
    struct case_detail *c = r->c;
    if (!get_nested(r, o, NULL, "followups", 0, JSON_ARRAY, &arr))
        return;
    for (int i = 0; i < arr.n; i++) {
        struct json_members e;
        char path[32];
        (void)!snprintf(path, sizeof path, "followups[%d]", i);
        if (!element_object(r, &arr, i, path, &e))
            continue;
        c->followups =
            record_grow(c->followups, c->n_followups, &c->cap_followups, sizeof *c->followups);
        struct followup *f = &c->followups[c->n_followups++];
        memset(f, 0, sizeof *f);
        int kind, status;
        get_id(r, &e, path, &f->id);
        f->number = get_number(r, &e, path);
        get_vocab(r, &e, path, "kind", 0, &VOCAB_FOLLOWUP, &kind);
        f->kind = kind < 0 ? FU_WELFARE : (enum followup_kind)kind;
        get_text(r, &e, path, "rule", 0, f->rule, sizeof f->rule, RULE_KEY_MAX - 1, TEXT_REQUIRED);
        get_vocab(r, &e, path, "status", 0, &VOCAB_STATUS, &status);
        f->status = status < 0 ? STATUS_PENDING : (enum item_status)status;
        get_time(r, &e, path, "event_at", F_NULL, &f->event_at);
        get_time(r, &e, path, "due_at", 0, &f->due_at);
        get_time(r, &e, path, "done_at", F_NULL, &f->done_at);
        get_text(r, &e, path, "reason", F_NULL, f->reason, sizeof f->reason, MAX_TEXT,
                 TEXT_MULTILINE);
        get_text(r, &e, path, "note", F_NULL, f->note, sizeof f->note, MAX_TEXT, TEXT_MULTILINE);
        get_text(r, &e, path, "done_by", F_NULL | F_OPT, f->done_by, sizeof f->done_by, MAX_SHORT,
                 0);
        get_vocab(r, &e, path, "route", F_NULL | F_OPT, &VOCAB_RIDDOR_ROUTE, &f->route);
        get_text(r, &e, path, "reference", F_NULL | F_OPT, f->reference, sizeof f->reference,
                 MAX_HSE_REF, 0);
        json_members_free(&e);
    }
    json_members_free(&arr);
}

static void read_evidence(struct reader *r, const struct json_members *o)
{
    struct json_members arr;
    struct case_detail *c = r->c;
    if (!get_nested(r, o, NULL, "evidence", 0, JSON_ARRAY, &arr))
        return;
    for (int i = 0; i < arr.n; i++) {
        struct json_members e;
        char path[32];
        (void)!snprintf(path, sizeof path, "evidence[%d]", i);
        if (!element_object(r, &arr, i, path, &e))
            continue;
        c->evidence =
            record_grow(c->evidence, c->n_evidence, &c->cap_evidence, sizeof *c->evidence);
        struct evidence_item *v = &c->evidence[c->n_evidence++];
        memset(v, 0, sizeof *v);
        int kind, status;
        get_id(r, &e, path, &v->id);
        v->number = get_number(r, &e, path);
        get_vocab(r, &e, path, "kind", 0, &VOCAB_EVIDENCE_KIND, &kind);
        v->kind = kind < 0 ? EV_OTHER : (enum evidence_kind)kind;
        get_vocab(r, &e, path, "status", 0, &VOCAB_EVIDENCE_STATUS, &status);
        v->status = status < 0 ? EVS_REQUESTED : (enum evidence_status)status;
        get_text(r, &e, path, "ref", F_NULL, v->ref, sizeof v->ref, MAX_SHORT, 0);
        get_text(r, &e, path, "reason", F_NULL, v->reason, sizeof v->reason, MAX_TEXT,
                 TEXT_MULTILINE);
        get_time(r, &e, path, "due_at", 0, &v->due_at);
        get_time(r, &e, path, "created_at", 0, &v->created_at);
        get_time(r, &e, path, "updated_at", 0, &v->updated_at);
        json_members_free(&e);
    }
    json_members_free(&arr);
}

static void read_timeline(struct reader *r, const struct json_members *o)
{
    struct json_members arr;
    struct case_detail *c = r->c;
    static const struct vocab kinds = {"timeline entry kind", timeline_kinds, TL_COUNT};
    if (!get_nested(r, o, NULL, "timeline", 0, JSON_ARRAY, &arr))
        return;
    for (int i = 0; i < arr.n; i++) {
        struct json_members e;
        char path[32];
        (void)!snprintf(path, sizeof path, "timeline[%d]", i);
        if (!element_object(r, &arr, i, path, &e))
            continue;
        c->timeline =
            record_grow(c->timeline, c->n_timeline, &c->cap_timeline, sizeof *c->timeline);
        struct timeline_entry *t = &c->timeline[c->n_timeline++];
        memset(t, 0, sizeof *t);
        int kind;
        get_id(r, &e, path, &t->id);
        get_vocab(r, &e, path, "kind", 0, &kinds, &kind);
        t->kind = kind < 0 ? TL_NOTE : (enum timeline_kind)kind;
        get_time(r, &e, path, "at", 0, &t->at);
        get_text(r, &e, path, "label", F_NULL, t->label, sizeof t->label, sizeof t->label - 1, 0);
        get_text(r, &e, path, "text", F_NULL, t->text, sizeof t->text, MAX_TEXT, TEXT_MULTILINE);
        json_members_free(&e);
    }
    json_members_free(&arr);
}

static void case_init(struct case_detail *c)
{
    case_detail_done(c);
    memset(c, 0, sizeof *c);
    case_facts_init(&c->facts);
    c->outcome = -1;
    c->outcome_at = c->closed_at = c->created_at = OPH_NO_TIME;
    case_detail_init_extra(c);
    for (int s = 0; s < STEP_COUNT; s++) {
        struct step *p = &c->steps[s];
        p->code = (enum step_code)s;
        p->due_at = p->done_at = OPH_NO_TIME;
        p->victim_signed_at = p->supervisor_signed_at = OPH_NO_TIME;
    }
}

/* Whether JSON text escapes a NUL (\u0000): SQLite's json_each would hand the text back cut
 * short at it, so it is looked for in the raw text (an escaped backslash is skipped whole). */
static bool escapes_nul(const char *json, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (json[i] != '\\')
            continue;
        if (json[i + 1] == 'u' && i + 5 < len && memcmp(json + i + 2, "0000", 4) == 0)
            return true;
        i++;
    }
    return false;
}

/* Reads the case object text into r->c; problems reported. */
static void read_case(struct reader *r, const char *json, size_t len)
{
    struct case_detail *c = r->c;
    struct json_members o;
    struct oph_error e;
    case_init(c);
    if (store_json_read(r->app->store, json, len, "$", true, &o, &e)) {
        problem(r, NULL, "%s", e.msg);
        return;
    }
    const struct json_member *ref = find(&o, "reference");
    if (ref && ref->kind == JSON_TEXT)
        text_copy(r->ref, sizeof r->ref, ref->text);
    check_keys(r, &o, NULL);
    if (escapes_nul(json, len))
        problem(r, NULL, "a text holds a NUL character (\\u0000)");
    long before = r->case_problems;
    get_text(r, &o, NULL, "uuid", 0, c->uuid, sizeof c->uuid, UUID_LEN, TEXT_REQUIRED);
    if (r->case_problems == before && !is_uuid(c->uuid))
        problem(r, "uuid", "expected a UUID in lower case (8-4-4-4-12 hexadecimal digits)");
    /* A reference that is not one (OPH-YYYY-NNNNN, numbered from 1) is replaced when the case
     * is added (add_case), not refused. */
    char given[48];
    get_text(r, &o, NULL, "reference", 0, given, sizeof given, sizeof given - 1, TEXT_REQUIRED);
    if (is_reference(given) && atoi(given + 9) > 0)
        memcpy(c->reference, given, REF_LEN + 1);
    else
        c->reference[0] = '\0';
    char status[16];
    before = r->case_problems;
    get_text(r, &o, NULL, "status", 0, status, sizeof status, 8, TEXT_REQUIRED);
    if (r->case_problems == before && strcmp(status, "open") != 0 && strcmp(status, "closed") != 0)
        problem(r, "status", "expected open or closed");
    c->closed = strcmp(status, "closed") == 0;
    read_victim(r, &o);
    read_facts(r, &o);
    read_roles(r, &o);
    read_steps(r, &o);
    read_followups(r, &o);
    read_evidence(r, &o);
    read_timeline(r, &o);
    get_vocab(r, &o, NULL, "outcome", F_NULL, &VOCAB_OUTCOME, &c->outcome);
    get_time(r, &o, NULL, "outcome_at", F_NULL, &c->outcome_at);
    get_time(r, &o, NULL, "closed_at", F_NULL, &c->closed_at);
    get_text(r, &o, NULL, "closing_note", F_NULL, c->closing_note, sizeof c->closing_note, MAX_TEXT,
             TEXT_MULTILINE);
    get_vocab(r, &o, NULL, "no_arrest_reason", F_NULL | F_OPT, &VOCAB_NO_ARREST,
              &c->no_arrest_reason);
    get_text(r, &o, NULL, "no_arrest_note", F_NULL | F_OPT, c->no_arrest_note,
             sizeof c->no_arrest_note, MAX_TEXT, TEXT_MULTILINE);
    read_review(r, &o);
    get_time(r, &o, NULL, "created_at", 0, &c->created_at);
    json_members_free(&o);
}

/* ---- checking a case by the core's rules ------------------------------------------------ */

static void check_done(struct reader *r, const char *field, const char *what, oph_time t)
{
    struct oph_error e;
    if (t != OPH_NO_TIME && check_not_future(what, t, r->app->now, &e))
        problem(r, field, "%s", e.msg);
}

static void check_items(struct reader *r)
{
    const struct case_detail *c = r->c;
    struct oph_error e;
    char path[48];
    for (int s = 0; s < STEP_COUNT; s++) {
        const struct step *p = &c->steps[s];
        join(path, sizeof path, "steps", VOCAB_STEP.names[s]);
        if (check_step(p, &e))
            problem(r, path, "%s", e.msg);
        check_done(r, path, "done", p->done_at);
        check_done(r, path, "victim sign-off", p->victim_signed_at);
        check_done(r, path, "supervisor sign-off", p->supervisor_signed_at);
    }
    for (int i = 0; i < c->n_followups; i++) {
        (void)!snprintf(path, sizeof path, "followups[%d]", i);
        if (check_followup(&c->followups[i], &r->app->rules, &e))
            problem(r, path, "%s", e.msg);
        check_done(r, path, "done", c->followups[i].done_at);
    }
    for (int i = 0; i < c->n_evidence; i++) {
        (void)!snprintf(path, sizeof path, "evidence[%d]", i);
        if (check_evidence(&c->evidence[i], &e))
            problem(r, path, "%s", e.msg);
        check_done(r, path, "created", c->evidence[i].created_at);
        check_done(r, path, "updated", c->evidence[i].updated_at);
    }
    for (int i = 0; i < c->n_timeline; i++) {
        (void)!snprintf(path, sizeof path, "timeline[%d]", i);
        if (check_timeline_entry(&c->timeline[i], &e))
            problem(r, path, "%s", e.msg);
        check_done(r, path, "entry", c->timeline[i].at);
    }
}

/* The same staff number must name the same person all through the bundle. */
static void see_person(struct reader *r, const char *field, const struct person *p, bool victim)
{
    struct seen_person *s = people_find(&r->people, p->number);
    if (!s) {
        s = people_add(&r->people, p->number);
        s->name = xstrdup(p->name);
        s->first_case = r->n;
    } else if (strcmp(s->name, p->name) != 0) {
        problem(r, field, "staff number %s is '%.100s' in case %ld and '%.100s' here", p->number,
                s->name, s->first_case, p->name);
        return;
    }
    if (victim && !s->detail) {
        s->detail = true;
        s->role = p->role;
        s->rank = xstrdup(p->rank);
        s->team = xstrdup(p->team);
    }
}

static void check_case(struct reader *r)
{
    struct case_detail *c = r->c;
    struct oph_error e;
    if (check_person(&c->victim, &e))
        problem(r, "victim", "%s", e.msg);
    else
        see_person(r, "victim", &c->victim, true);
    struct person holders[CROLE_COUNT];
    for (int i = 0; i < CROLE_COUNT; i++) {
        const struct role_holder *h = &c->roles[role_keys[i].role];
        struct person *p = &holders[role_keys[i].role];
        char path[64];
        join(path, sizeof path, "role_holders", role_keys[i].key);
        memset(p, 0, sizeof *p);
        if (!h->set) {
            if (role_keys[i].role == CROLE_SUPERVISOR)
                problem(r, path, "is required");
            continue;
        }
        text_copy(p->name, sizeof p->name, h->name);
        text_copy(p->number, sizeof p->number, h->number);
        if (check_person(p, &e))
            problem(r, path, "%s", e.msg);
        else if (check_role(c, role_keys[i].role, p, &e))
            problem(r, path, "%s", e.msg);
        else
            see_person(r, path, p, false);
    }
    if (r->case_problems)
        return; /* the whole-case rules need every field read */
    text_copy(c->facts.victim_number, sizeof c->facts.victim_number, c->victim.number);
    text_copy(c->facts.supervisor_number, sizeof c->facts.supervisor_number,
              c->roles[CROLE_SUPERVISOR].number);
    if (check_case_facts(&c->facts, r->app->now, &e))
        problem(r, "facts", "%s", e.msg);
    check_items(r);
    if ((c->outcome >= 0) != (c->outcome_at != OPH_NO_TIME))
        problem(r, "outcome_at",
                c->outcome >= 0 ? "an outcome needs its time" : "is set without an outcome");
    check_done(r, "outcome_at", "outcome", c->outcome_at);
    check_done(r, "closed_at", "closing", c->closed_at);
    check_done(r, "created_at", "created", c->created_at);
    check_done(r, "review.asked_at", "review request", c->review_asked_at);
    check_done(r, "review.decided_at", "review result", c->review_decided_at);
    if (c->review_result >= 0 &&
        (c->review_asked_at == OPH_NO_TIME || c->review_decided_at == OPH_NO_TIME))
        problem(r, "review", "a review's result needs the time it was asked for and given");
    else if (c->review_decided_at != OPH_NO_TIME && c->review_decided_at < c->review_asked_at)
        problem(r, "review.decided_at", "is before the review was asked for");
    if (c->no_arrest_note[0] && c->no_arrest_reason < 0)
        problem(r, "no_arrest_note", "is given without no_arrest_reason");
    if (c->closed) {
        c->closed = false; /* asks whether the open case could close as it stands */
        if (wf_can_close(c, -1, &e))
            problem(r, "status", "%s", e.msg);
        c->closed = true;
        if (c->closed_at == OPH_NO_TIME)
            problem(r, "closed_at", "a closed case needs its closing time");
    } else if (c->closed_at != OPH_NO_TIME || c->closing_note[0]) {
        problem(r, "closed_at", "an open case has no closing time or note");
    }
}

/* ---- the bundle's header ---------------------------------------------------------------- */

static int read_header(struct app *app, const char *json, size_t len, const char *name,
                       struct oph_error *err)
{
    enum json_kind kind;
    if (len == 0 || memchr(json, '\0', len))
        return oph_fail(err, OPH_INVALID, "%s is not JSON", name);
    if (len > (size_t)BUNDLE_MAX_BYTES)
        return oph_fail(err, OPH_INVALID,
                        "%s is larger than a bundle can be (%ld bytes, SQLite's longest string)",
                        name, BUNDLE_MAX_BYTES);
    if (store_json_kind(app->store, json, len, &kind, err)) {
        if (err->kind == OPH_INVALID)
            oph_fail(err, OPH_INVALID, "%s is not JSON", name);
        return -1;
    }
    if (kind != JSON_OBJECT)
        return oph_fail(err, OPH_INVALID,
                        "%s is not a case bundle (a JSON object with \"format\": \"%s\")", name,
                        BUNDLE_FORMAT);
    struct json_members top;
    if (store_json_read(app->store, json, len, "$", false, &top, err))
        return -1;
    const struct json_member *format = find(&top, "format"), *version = find(&top, "version"),
                             *redacted = find(&top, "redacted"), *cases = find(&top, "cases");
    int rc = 0;
    if (!format || format->kind != JSON_TEXT || strcmp(format->text, BUNDLE_FORMAT) != 0)
        rc = oph_fail(err, OPH_INVALID,
                      "%s is not a case bundle (its \"format\" is %s%.40s%s, not \"%s\")", name,
                      format && format->kind == JSON_TEXT ? "\"" : "",
                      format && format->kind == JSON_TEXT ? format->text : "missing",
                      format && format->kind == JSON_TEXT ? "\"" : "", BUNDLE_FORMAT);
    else if (!version || version->kind != JSON_INTEGER || version->integer != BUNDLE_VERSION)
        rc = version && version->kind == JSON_INTEGER
                 ? oph_fail(err, OPH_INVALID,
                            "%s is a case bundle of version %lld; this ophamp reads version %d",
                            name, (long long)version->integer, BUNDLE_VERSION)
                 : oph_fail(err, OPH_INVALID,
                            "%s has no bundle version this ophamp reads (version %d)", name,
                            BUNDLE_VERSION);
    else if (!redacted || (redacted->kind != JSON_TRUE && redacted->kind != JSON_FALSE))
        rc = oph_fail(err, OPH_INVALID, "%s does not say whether it is redacted (\"redacted\")",
                      name);
    else if (redacted->kind == JSON_TRUE)
        rc = oph_fail(err, OPH_INVALID,
                      "%s is a redacted export: its names, staff numbers and free text were "
                      "left out, so it cannot become records (export again without --redact)",
                      name);
    else if (!cases || cases->kind != JSON_ARRAY)
        rc = oph_fail(err, OPH_INVALID, "%s has no list of \"cases\"", name);
    json_members_free(&top);
    return rc;
}

/* ---- pass 1: read and check every case -------------------------------------------------- */

static int check_one(void *ctx, long index, enum json_kind kind, const char *text, size_t len)
{
    struct reader *r = ctx;
    r->n = index + 1;
    r->ref[0] = '\0';
    r->case_problems = 0;
    r->res->cases++;
    if (kind != JSON_OBJECT) {
        problem(r, NULL, "expected a case object");
        return 0;
    }
    read_case(r, text, len);
    if (r->case_problems == 0)
        check_case(r);
    return 0;
}

static int check_all(struct reader *r, const char *json, size_t len, const char *name)
{
    if (read_header(r->app, json, len, name, r->err))
        return -1;
    if (store_json_each(r->app->store, json, len, "$.cases", check_one, r, r->err))
        return -1;
    if (r->res->problems == 0)
        return 0;
    if (r->res->problems > BUNDLE_MAX_PROBLEMS)
        note(r, BUNDLE_PROBLEM, "%ld more problems not shown",
             r->res->problems - BUNDLE_MAX_PROBLEMS);
    return oph_fail(r->err, OPH_INVALID, "%s: %ld problem%s, nothing imported", name,
                    r->res->problems, r->res->problems == 1 ? "" : "s");
}

/* ---- comparing a case here with the bundle's -------------------------------------------- */

enum {
    D_VICTIM = 1,
    D_FACTS = 2,
    D_ROLES = 4,
    D_STATUS = 8,
    D_STEPS = 16,
    D_FOLLOWUPS = 32,
    D_EVIDENCE = 64,
    D_TIMELINE = 128,
    D_CREATED = 256
};
static const char *const diff_names[] = {
    "victim",     "facts",    "role holders", "status and outcome", "steps",
    "follow-ups", "evidence", "timeline",     "created time"};

static int cmp_time(oph_time a, oph_time b)
{
    return a < b ? -1 : a > b;
}

#define CMP(x)                                                                                     \
    do {                                                                                           \
        int d_ = (x);                                                                              \
        if (d_)                                                                                    \
            return d_;                                                                             \
    } while (0)

static int cmp_facts(const struct case_facts *a, const struct case_facts *b)
{
    CMP(cmp_time(a->occurred_at, b->occurred_at));
    CMP(cmp_time(a->reported_at, b->reported_at));
    CMP(strcmp(a->location, b->location));
    CMP(a->location_kind - b->location_kind);
    CMP(strcmp(a->offence, b->offence));
    CMP(strcmp(a->summary, b->summary));
    CMP(a->mechanism - b->mechanism);
    CMP(a->injury - b->injury);
    CMP(strcmp(a->body_part, b->body_part));
    CMP(a->treatment - b->treatment);
    CMP((int)a->specified_injury - (int)b->specified_injury);
    CMP(a->days_off - b->days_off);
    CMP((int)a->off_work - (int)b->off_work);
    CMP(a->offender_known - b->offender_known);
    CMP(cmp_time(a->arrested_at, b->arrested_at));
    CMP(strcmp(a->thor, b->thor));
    CMP(strcmp(a->crime_reference, b->crime_reference));
    CMP(a->referral - b->referral);
    CMP(a->enhanced_rights - b->enhanced_rights);
    CMP(a->vps_offered - b->vps_offered);
    CMP(cmp_time(a->died_at, b->died_at));
    return a->support_score - b->support_score;
}

static int cmp_step(const struct step *a, const struct step *b)
{
    CMP((int)a->code - (int)b->code);
    CMP((int)a->status - (int)b->status);
    CMP(cmp_time(a->due_at, b->due_at));
    CMP(cmp_time(a->done_at, b->done_at));
    CMP(strcmp(a->done_by, b->done_by));
    CMP(strcmp(a->reason, b->reason));
    CMP(strcmp(a->note, b->note));
    CMP(cmp_time(a->victim_signed_at, b->victim_signed_at));
    return cmp_time(a->supervisor_signed_at, b->supervisor_signed_at);
}

/* Items compare by content, never by row id: the same case in two databases numbers them
 * differently. */
static int cmp_followup(const void *pa, const void *pb)
{
    const struct followup *a = pa, *b = pb;
    CMP(cmp_time(a->due_at, b->due_at));
    CMP((int)a->kind - (int)b->kind);
    CMP(strcmp(a->rule, b->rule));
    CMP(cmp_time(a->event_at, b->event_at));
    CMP((int)a->status - (int)b->status);
    CMP(cmp_time(a->done_at, b->done_at));
    CMP(strcmp(a->reason, b->reason));
    CMP(strcmp(a->done_by, b->done_by));
    CMP(a->route - b->route);
    CMP(strcmp(a->reference, b->reference));
    return strcmp(a->note, b->note);
}

static int cmp_evidence(const void *pa, const void *pb)
{
    const struct evidence_item *a = pa, *b = pb;
    CMP(cmp_time(a->created_at, b->created_at));
    CMP((int)a->kind - (int)b->kind);
    CMP((int)a->status - (int)b->status);
    CMP(strcmp(a->ref, b->ref));
    CMP(strcmp(a->reason, b->reason));
    CMP(cmp_time(a->due_at, b->due_at));
    return cmp_time(a->updated_at, b->updated_at);
}

static int cmp_entry(const void *pa, const void *pb)
{
    const struct timeline_entry *a = pa, *b = pb;
    CMP(cmp_time(a->at, b->at));
    CMP((int)a->kind - (int)b->kind);
    CMP(strcmp(a->label, b->label));
    return strcmp(a->text, b->text);
}

/* Whether two item lists hold the same items, in any order. */
static bool same_items(const void *a, int na, const void *b, int nb, size_t size,
                       int (*cmp)(const void *, const void *))
{
    if (na != nb)
        return false;
    if (na == 0)
        return true;
    char *x = xcalloc((size_t)na, size), *y = xcalloc((size_t)na, size);
    memcpy(x, a, (size_t)na * size);
    memcpy(y, b, (size_t)na * size);
    qsort(x, (size_t)na, size, cmp);
    qsort(y, (size_t)na, size, cmp);
    bool same = true;
    for (int i = 0; i < na && same; i++)
        same = cmp(x + (size_t)i * size, y + (size_t)i * size) == 0;
    free(x);
    free(y);
    return same;
}

/* Which parts of the stored case differ: everything but row ids and the reference. */
static unsigned case_diff(const struct case_detail *a, const struct case_detail *b)
{
    unsigned d = 0;
    if (!staff_number_same(a->victim.number, b->victim.number))
        d |= D_VICTIM;
    if (cmp_facts(&a->facts, &b->facts) != 0)
        d |= D_FACTS;
    for (int i = 0; i < CROLE_COUNT; i++)
        if (a->roles[i].set != b->roles[i].set ||
            (a->roles[i].set && !staff_number_same(a->roles[i].number, b->roles[i].number)))
            d |= D_ROLES;
    if (a->closed != b->closed || a->outcome != b->outcome ||
        (a->outcome >= 0 && a->outcome_at != b->outcome_at) ||
        (a->closed && a->closed_at != b->closed_at) ||
        strcmp(a->closing_note, b->closing_note) != 0 ||
        a->no_arrest_reason != b->no_arrest_reason ||
        strcmp(a->no_arrest_note, b->no_arrest_note) != 0 || a->review_until != b->review_until ||
        a->review_asked_at != b->review_asked_at || a->review_result != b->review_result ||
        a->review_decided_at != b->review_decided_at || strcmp(a->review_note, b->review_note) != 0)
        d |= D_STATUS;
    for (int s = 0; s < STEP_COUNT; s++)
        if (cmp_step(&a->steps[s], &b->steps[s]) != 0)
            d |= D_STEPS;
    if (!same_items(a->followups, a->n_followups, b->followups, b->n_followups,
                    sizeof *a->followups, cmp_followup))
        d |= D_FOLLOWUPS;
    if (!same_items(a->evidence, a->n_evidence, b->evidence, b->n_evidence, sizeof *a->evidence,
                    cmp_evidence))
        d |= D_EVIDENCE;
    if (!same_items(a->timeline, a->n_timeline, b->timeline, b->n_timeline, sizeof *a->timeline,
                    cmp_entry))
        d |= D_TIMELINE;
    if (a->created_at != b->created_at)
        d |= D_CREATED;
    return d;
}

static void diff_words(unsigned d, char *out, size_t outsz)
{
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < (int)(sizeof diff_names / sizeof diff_names[0]); i++)
        if (d & (1u << i)) {
            int k = snprintf(out + o, outsz - o, "%s%s", o ? ", " : "", diff_names[i]);
            if (k < 0 || (size_t)k >= outsz - o)
                break;
            o += (size_t)k;
        }
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
    const struct seen_person *s = people_find(&r->people, number);
    memset(&p, 0, sizeof p);
    text_copy(p.number, sizeof p.number, number);
    text_copy(p.name, sizeof p.name, name);
    if (s && s->detail) {
        p.role = s->role;
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

static int add_case(struct reader *r, struct case_detail *c, struct case_people *cp)
{
    struct store *st = r->app->store;
    if (add_people(r, c, cp))
        return -1;
    /* The bundle's reference is kept when it is one, of the year the case was reported, and
     * free here; otherwise the case gets the year's lowest free number. */
    int year = london_date(c->facts.reported_at).year;
    char why[160] = "";
    if (!c->reference[0])
        (void)!snprintf(why, sizeof why,
                        "'%.40s' is not a reference (OPH-YYYY-NNNNN, numbered from 00001)", r->ref);
    else if (atoi(c->reference + 4) != year)
        (void)!snprintf(why, sizeof why,
                        "%s is not a reference of %d, the year the case was reported", c->reference,
                        year);
    int taken = why[0] ? 0 : store_case_exists(st, c->reference, r->err);
    if (taken < 0)
        return -1;
    if (taken || why[0]) {
        char given[REF_LEN + 1];
        memcpy(given, c->reference, sizeof given);
        if (store_case_next_reference(st, year, c->reference, r->err))
            return -1;
        if (why[0])
            note(r, BUNDLE_WARNING, "case %ld (%s): warning: %s: the case is given %s", r->n,
                 r->ref, why, c->reference);
        else
            note(r, BUNDLE_RENUMBERED, "%s imported as %s", given, c->reference);
    }
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
    /* A dry run saves nothing, so it needs nobody named: the program signs what it undoes. */
    if ((r->opts->dry_run ? store_action_begin_program : store_action_begin)(r->app->store, what,
                                                                             r->err))
        return -1;
    app_sign(r->app);
    int rc = import_case(r, index, text, len);
    if (rc)
        store_action_rollback(r->app->store);
    else
        rc = store_action_commit(r->app->store, r->err);
    return rc;
}

static int import_case(struct reader *r, long index, const char *text, size_t len)
{
    struct case_detail *c = r->c;
    r->n = index + 1;
    r->ref[0] = '\0';
    r->case_problems = 0;
    read_case(r, text, len);
    if (r->case_problems)
        return oph_fail(r->err, OPH_DB, "case %ld changed while it was imported", r->n);
    text_copy(c->facts.victim_number, sizeof c->facts.victim_number, c->victim.number);
    text_copy(c->facts.supervisor_number, sizeof c->facts.supervisor_number,
              c->roles[CROLE_SUPERVISOR].number);

    struct case_people cp;
    struct case_detail here;
    if (find_people(r, c, &cp))
        return -1;
    int found = store_case_load(r->app->store, c->uuid, &here, r->err);
    if (found < 0)
        return -1;
    const char *shown = found ? here.reference : c->reference;
    int rc = 0;
    if (cp.conflict[0]) {
        r->res->conflicts++;
        note(r, BUNDLE_CONFLICT, "conflict: %s (%s): %s", shown, c->uuid, cp.conflict);
    } else if (!found) {
        rc = add_case(r, c, &cp);
    } else {
        unsigned d = case_diff(&here, c);
        char words[160];
        diff_words(d, words, sizeof words);
        if (d == 0) {
            r->res->identical++;
        } else if (r->opts->replace) {
            rc = replace_case(r, c, here.id, &cp);
            if (rc == 0)
                note(r, BUNDLE_REPLACED, "replaced: %s (%s): differed in %s", shown, c->uuid,
                     words);
        } else {
            r->res->conflicts++;
            note(r, BUNDLE_CONFLICT, "conflict: %s (%s): differs in %s", shown, c->uuid, words);
        }
    }
    if (found)
        case_detail_done(&here);
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
    r->c = xcalloc(1, sizeof *r->c);
}

static void reader_done(struct reader *r)
{
    case_detail_done(r->c);
    free(r->c);
    people_free(&r->people);
}

int app_check_bundle(struct app *app, const char *json, size_t len, const char *name,
                     bundle_note_cb cb, void *ctx, struct bundle_result *res, struct oph_error *err)
{
    static const struct bundle_options none = {false, false};
    struct reader r;
    reader_init(&r, app, &none, cb, ctx, res, err);
    int rc = check_all(&r, json, len, name);
    reader_done(&r);
    return rc;
}

int app_import_bundle_text(struct app *app, const char *json, size_t len, const char *name,
                           const struct bundle_options *o, bundle_note_cb cb, void *ctx,
                           struct bundle_result *res, struct oph_error *err)
{
    struct reader r;
    struct oph_error ignored;
    reader_init(&r, app, o, cb, ctx, res, err);
    int rc = check_all(&r, json, len, name);
    /* A speed-up only (failing is harmless): the transaction's pages and statement journals
     * stay in memory. Set before the transaction begins, which is when SQLite reads it. */
    if (rc == 0)
        store_large_cache(app->store, true, &ignored);
    if (rc == 0 && (rc = store_begin(app->store, err)) == 0) {
        long cases = res->cases;
        memset(res, 0, sizeof *res);
        res->cases = cases;
        store_keep_ids(app->store, true);
        rc = store_json_each(app->store, json, len, "$.cases", import_one, &r, err);
        store_keep_ids(app->store, false);
        if (rc == 0 && !o->dry_run)
            rc = store_commit(app->store, err);
        else
            store_rollback(app->store);
    }
    store_large_cache(app->store, false, &ignored);
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
