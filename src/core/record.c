/* The case record's own upkeep (record.h): a record made, cleared and freed, its item arrays
 * grown, an action found by id, a person's label and a UUID's text. */
#include "ophamp/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/xalloc.h"

void case_facts_init(struct case_facts *f)
{
    memset(f, 0, sizeof *f);
    f->occurred_at = f->reported_at = f->arrested_at = f->died_at = OPH_NO_TIME;
    f->location_kind = LOC_OTHER;
    f->injury = INJURY_NONE;
    f->mechanism = f->treatment = f->referral = -1;
    f->offender_known = f->enhanced_rights = f->vps_offered = TRI_UNKNOWN;
}

void case_detail_init_extra(struct case_detail *c)
{
    c->no_arrest_reason = c->review_result = -1;
    c->no_arrest_note[0] = c->review_note[0] = '\0';
    c->review_until = c->review_asked_at = c->review_decided_at = OPH_NO_TIME;
}

void case_detail_done(struct case_detail *c)
{
    free(c->followups);
    free(c->evidence);
    free(c->timeline);
    free(c->actions);
    c->followups = NULL;
    c->evidence = NULL;
    c->timeline = NULL;
    c->actions = NULL;
    c->n_followups = c->n_evidence = c->n_timeline = c->n_actions = 0;
    c->cap_followups = c->cap_evidence = c->cap_timeline = 0;
}

struct case_detail *case_detail_new(void)
{
    struct case_detail *c = xcalloc(1, sizeof *c);
    case_facts_init(&c->facts);
    case_detail_init_extra(c);
    c->outcome = -1;
    return c;
}

void case_detail_free(struct case_detail *c)
{
    if (!c)
        return;
    case_detail_done(c);
    free(c);
}

const struct case_action *case_action_by_id(const struct case_detail *c, int64_t id)
{
    for (int i = 0; id > 0 && i < c->n_actions; i++)
        if (c->actions[i].id == id)
            return &c->actions[i];
    return NULL;
}

void *record_grow(void *items, int n, int *cap, size_t size)
{
    if (n < *cap && items)
        return items;
    int grown = n < 8 ? 16 : 2 * n; /* a case has about ten follow-ups */
    void *p = xreallocarray(items, (size_t)grown, size);
    *cap = grown;
    return p;
}

void person_label(const struct person *p, char *out, size_t outsz)
{
    int n = p->rank[0] ? snprintf(out, outsz, "%s %s (%s)", p->rank, p->name, p->number)
                       : snprintf(out, outsz, "%s (%s)", p->name, p->number);
    if (n < 0 && outsz > 0)
        out[0] = '\0';
}

void uuid_format(const unsigned char bytes[16], char out[UUID_LEN + 1])
{
    unsigned char b[16];
    memcpy(b, bytes, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* RFC 4122 variant */
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        snprintf(out + o, 3, "%02x", b[i]);
        o += 2;
    }
    out[o] = '\0';
}
