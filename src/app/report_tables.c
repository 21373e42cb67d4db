/* The tables the scrutiny report counts into (report_internal.h), each of a size that does not
 * grow with the number of cases: the medians' per-minute histograms, the table of the people
 * (each victim's role and team, the teams by name) and the heap of the items longest overdue. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_internal.h"

/* ---- medians: minutes from report to done, as a histogram -------------------------------- */

#define HIST_MAX_MINUTES (400L * 24 * 60) /* past this (400 days), one overflow bucket list */

int rp_hist_add(struct hist *h, long minutes)
{
    if (minutes < 0)
        minutes = 0; /* done before it was reported: counts as at once */
    if (minutes >= HIST_MAX_MINUTES) {
        if (h->n_over == h->cap_over) {
            long cap = h->cap_over ? h->cap_over * 2 : 64;
            long *p = realloc(h->over, sizeof *p * (size_t)cap);
            if (!p)
                return -1;
            h->over = p;
            h->cap_over = cap;
        }
        h->over[h->n_over++] = minutes;
    } else {
        if (minutes >= h->size) {
            long size = h->size ? h->size : 4096;
            while (size <= minutes)
                size *= 2;
            if (size > HIST_MAX_MINUTES)
                size = HIST_MAX_MINUTES;
            unsigned *p = realloc(h->count, sizeof *p * (size_t)size);
            if (!p)
                return -1;
            memset(p + h->size, 0, sizeof *p * (size_t)(size - h->size));
            h->count = p;
            h->size = size;
        }
        h->count[minutes]++;
    }
    h->n++;
    return 0;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The lower median: the ((n - 1) / 2)-th smallest (from 0); -1 when empty. */
long rp_hist_median(struct hist *h)
{
    if (h->n == 0)
        return -1;
    long k = (h->n - 1) / 2;
    for (long m = 0; m < h->size; m++) {
        if (k < (long)h->count[m])
            return m;
        k -= (long)h->count[m];
    }
    qsort(h->over, (size_t)h->n_over, sizeof *h->over, cmp_long);
    return h->over[k];
}

void rp_hist_free(struct hist *h)
{
    free(h->count);
    free(h->over);
}

/* ---- the victims: each person's role and team --------------------------------------------- */

static unsigned long hash_text(const char *s)
{
    unsigned long h = 1469598103UL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619UL;
    return h;
}

static int team_index(struct people *p, const char *team)
{
    if (!*team)
        return -1;
    if (2 * (p->n_teams + 1) > p->n_slots) { /* grow the table and put every name back */
        int n = p->n_slots ? p->n_slots * 2 : 256;
        int *slot = calloc((size_t)n, sizeof *slot);
        if (!slot)
            return -2;
        for (int i = 0; i < p->n_teams; i++) {
            unsigned long h = hash_text(p->teams[i]) % (unsigned long)n;
            while (slot[h])
                h = (h + 1) % (unsigned long)n;
            slot[h] = i + 1;
        }
        free(p->slot);
        p->slot = slot;
        p->n_slots = n;
    }
    unsigned long h = hash_text(team) % (unsigned long)p->n_slots;
    for (; p->slot[h]; h = (h + 1) % (unsigned long)p->n_slots)
        if (strcmp(p->teams[p->slot[h] - 1], team) == 0)
            return p->slot[h] - 1;
    if (p->n_teams == p->cap_teams) {
        int cap = p->cap_teams ? p->cap_teams * 2 : 64;
        char **t = realloc(p->teams, sizeof *t * (size_t)cap);
        if (!t)
            return -2;
        p->teams = t;
        p->cap_teams = cap;
    }
    char *copy = strdup(team);
    if (!copy)
        return -2;
    p->teams[p->n_teams] = copy;
    p->slot[h] = ++p->n_teams;
    return p->n_teams - 1;
}

int rp_add_person(void *ctx, int64_t id, int role, const char *team)
{
    struct people *p = ctx;
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 1024;
        int64_t *ids = realloc(p->id, sizeof *ids * (size_t)cap);
        if (ids)
            p->id = ids;
        unsigned char *roles = ids ? realloc(p->role, (size_t)cap) : NULL;
        if (roles)
            p->role = roles;
        int *teams = roles ? realloc(p->team, sizeof *teams * (size_t)cap) : NULL;
        if (!teams)
            return oph_fail(p->err, OPH_DB, "out of memory for the report");
        p->team = teams;
        p->cap = cap;
    }
    int t = team_index(p, team);
    if (t < -1)
        return oph_fail(p->err, OPH_DB, "out of memory for the report");
    p->id[p->n] = id;
    p->role[p->n] = (unsigned char)role;
    p->team[p->n] = t;
    p->n++;
    return 0;
}

static int cmp_team(const void *a, const void *b)
{
    const char *x = **(char *const *const *)a, *y = **(char *const *const *)b;
    int c = strcasecmp(x, y);
    return c ? c : strcmp(x, y);
}

/* Orders the teams by name (without regard to case) and renumbers the people's. */
int rp_sort_teams(struct people *p)
{
    char ***order = malloc(sizeof *order * (size_t)(p->n_teams + 1));
    int *renumber = malloc(sizeof *renumber * (size_t)(p->n_teams + 1));
    char **sorted = malloc(sizeof *sorted * (size_t)(p->n_teams + 1));
    if (!order || !renumber || !sorted) {
        free(order);
        free(renumber);
        free(sorted);
        return -1;
    }
    for (int i = 0; i < p->n_teams; i++)
        order[i] = &p->teams[i];
    qsort(order, (size_t)p->n_teams, sizeof *order, cmp_team);
    for (int i = 0; i < p->n_teams; i++) {
        renumber[order[i] - p->teams] = i;
        sorted[i] = *order[i];
    }
    for (int i = 0; i < p->n; i++)
        if (p->team[i] >= 0)
            p->team[i] = renumber[p->team[i]];
    free(p->teams);
    p->teams = sorted;
    p->cap_teams = p->n_teams + 1;
    free(order);
    free(renumber);
    return 0;
}

void rp_people_free(struct people *p)
{
    free(p->id);
    free(p->role);
    free(p->team);
    if (p->teams)
        for (int i = 0; i < p->n_teams; i++)
            free(p->teams[i]);
    free(p->teams);
    free(p->slot);
    memset(p, 0, sizeof *p);
}

/* The person's place in the table, or -1. */
int rp_person_at(const struct people *p, int64_t id)
{
    int lo = 0, hi = p->n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (p->id[mid] == id)
            return mid;
        if (p->id[mid] < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* ---- the overdue list: the items longest overdue, in a heap of the latest due on top ----- */

/* Whether a is due after b (ties broken by case, kind and item, so that the list is the same
 * however the cases were split between the threads). */
static bool due_after(const struct report_overdue *a, const struct report_overdue *b)
{
    if (a->due_at != b->due_at)
        return a->due_at > b->due_at;
    if (a->case_id != b->case_id)
        return a->case_id > b->case_id;
    if (a->kind != b->kind)
        return a->kind > b->kind;
    return a->item_id > b->item_id;
}

static void heap_swap(struct report_overdue *a, struct report_overdue *b)
{
    struct report_overdue t = *a;
    *a = *b;
    *b = t;
}

void rp_heap_push(struct overdue_heap *h, const struct report_overdue *o)
{
    if (!h->e)
        return;
    if (h->n == REPORT_OVERDUE_MAX) {
        if (!due_after(&h->e[0], o))
            return; /* due later than every one kept */
        h->e[0] = *o;
        for (int i = 0;;) { /* sift down */
            int l = 2 * i + 1, r = l + 1, m = i;
            if (l < h->n && due_after(&h->e[l], &h->e[m]))
                m = l;
            if (r < h->n && due_after(&h->e[r], &h->e[m]))
                m = r;
            if (m == i)
                break;
            heap_swap(&h->e[i], &h->e[m]);
            i = m;
        }
        return;
    }
    int i = h->n++;
    h->e[i] = *o;
    while (i > 0 && due_after(&h->e[i], &h->e[(i - 1) / 2])) {
        heap_swap(&h->e[i], &h->e[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
}

int rp_cmp_overdue(const void *a, const void *b)
{
    const struct report_overdue *x = a, *y = b;
    return due_after(x, y) ? 1 : due_after(y, x) ? -1 : 0;
}
