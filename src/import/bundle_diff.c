/* A case here compared with the bundle's: which parts differ, everything but row ids and
 * the reference (the same case in two databases numbers its items differently). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"
#include "ophamp/xalloc.h"

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

/* A record compared field by field, in the order of a table: the first field that differs
 * decides. */
enum field_kind { K_TIME, K_INT, K_BOOL, K_TEXT };
struct field_cmp {
    enum field_kind kind;
    size_t off;
};
#define FIELD(kind, type, member)                                                                  \
    {                                                                                              \
        kind, offsetof(type, member)                                                               \
    }

static int cmp_fields(const void *a, const void *b, const struct field_cmp *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *x = (const char *)a + f[i].off, *y = (const char *)b + f[i].off;
        int d = 0;
        switch (f[i].kind) {
        case K_TIME: {
            oph_time tx = *(const oph_time *)x, ty = *(const oph_time *)y;
            d = tx < ty ? -1 : tx > ty;
            break;
        }
        case K_INT:
            d = *(const int *)x - *(const int *)y;
            break;
        case K_BOOL:
            d = (int)*(const bool *)x - (int)*(const bool *)y;
            break;
        case K_TEXT:
            d = strcmp(x, y);
            break;
        }
        if (d)
            return d;
    }
    return 0;
}

#define F(kind, member) FIELD(kind, struct case_facts, member)
static const struct field_cmp facts_fields[] = {
    F(K_TIME, occurred_at),      F(K_TIME, reported_at),
    F(K_TEXT, location),         F(K_INT, location_kind),
    F(K_TEXT, offence),          F(K_TEXT, summary),
    F(K_INT, mechanism),         F(K_INT, injury),
    F(K_TEXT, body_part),        F(K_INT, treatment),
    F(K_BOOL, specified_injury), F(K_INT, days_off),
    F(K_BOOL, off_work),         F(K_INT, offender_known),
    F(K_TIME, arrested_at),      F(K_TEXT, thor),
    F(K_TEXT, crime_reference),  F(K_INT, referral),
    F(K_INT, enhanced_rights),   F(K_INT, vps_offered),
    F(K_TIME, died_at),          F(K_INT, support_score)};
#undef F
#define F(kind, member) FIELD(kind, struct step, member)
static const struct field_cmp step_fields[] = {F(K_INT, code),
                                               F(K_INT, status),
                                               F(K_TIME, due_at),
                                               F(K_TIME, done_at),
                                               F(K_TEXT, done_by),
                                               F(K_TEXT, reason),
                                               F(K_TEXT, note),
                                               F(K_TIME, victim_signed_at),
                                               F(K_TIME, supervisor_signed_at)};
#undef F
/* Items compare by content, never by row id: the same case in two databases numbers them
 * differently. */
#define F(kind, member) FIELD(kind, struct followup, member)
static const struct field_cmp followup_fields[] = {
    F(K_TIME, due_at), F(K_INT, kind),       F(K_TEXT, rule),   F(K_TIME, event_at),
    F(K_INT, status),  F(K_TIME, done_at),   F(K_TEXT, reason), F(K_TEXT, done_by),
    F(K_INT, route),   F(K_TEXT, reference), F(K_TEXT, note)};
#undef F
#define F(kind, member) FIELD(kind, struct evidence_item, member)
static const struct field_cmp evidence_fields[] = {
    F(K_TIME, created_at), F(K_INT, kind),    F(K_INT, status),     F(K_TEXT, ref),
    F(K_TEXT, reason),     F(K_TIME, due_at), F(K_TIME, updated_at)};
#undef F
#define F(kind, member) FIELD(kind, struct timeline_entry, member)
static const struct field_cmp entry_fields[] = {F(K_TIME, at), F(K_INT, kind), F(K_TEXT, label),
                                                F(K_TEXT, text)};
#undef F
#define N(table) (sizeof table / sizeof table[0])

static int cmp_followup(const void *a, const void *b)
{
    return cmp_fields(a, b, followup_fields, N(followup_fields));
}

static int cmp_evidence(const void *a, const void *b)
{
    return cmp_fields(a, b, evidence_fields, N(evidence_fields));
}

static int cmp_entry(const void *a, const void *b)
{
    return cmp_fields(a, b, entry_fields, N(entry_fields));
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
unsigned bundle_case_diff(const struct case_detail *a, const struct case_detail *b)
{
    unsigned d = 0;
    if (!staff_number_same(a->victim.number, b->victim.number))
        d |= D_VICTIM;
    if (cmp_fields(&a->facts, &b->facts, facts_fields, N(facts_fields)) != 0)
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
        if (cmp_fields(&a->steps[s], &b->steps[s], step_fields, N(step_fields)) != 0)
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

void bundle_diff_words(unsigned d, char *out, size_t outsz)
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
