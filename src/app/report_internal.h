/* Private to the scrutiny report's counting: the tables report.c counts into, kept in
 * report_tables.c (medians as per-minute histograms, the victims' roles and teams, the list of
 * the items longest overdue). */
#ifndef OPHAMP_REPORT_INTERNAL_H
#define OPHAMP_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "ophamp/report.h"

/* Minutes from report to done, as a histogram. */
struct hist {
    unsigned *count; /* by minute */
    long size;       /* entries allocated */
    long n;
    long *over; /* minutes past HIST_MAX_MINUTES */
    long n_over, cap_over;
};

/* The victims: each person's role and team. */
struct people {
    int64_t *id; /* ascending */
    unsigned char *role;
    int *team; /* index into teams; -1 for none */
    int n, cap;
    char **teams; /* distinct team names */
    int n_teams, cap_teams;
    int *slot; /* open addressing over teams by name: index + 1, 0 empty */
    int n_slots;
    struct oph_error *err;
};

/* The items longest overdue, in a heap of the latest due on top. */
struct overdue_heap {
    struct report_overdue *e; /* REPORT_OVERDUE_MAX entries, or NULL: not collected */
    int n;
};

int rp_hist_add(struct hist *h, long minutes);
/* The lower median: the ((n - 1) / 2)-th smallest (from 0); -1 when empty. */
long rp_hist_median(struct hist *h);
void rp_hist_free(struct hist *h);

/* store_report_people's callback: one more person in the table (ctx). */
int rp_add_person(void *ctx, int64_t id, int role, const char *team);
/* Orders the teams by name (without regard to case) and renumbers the people's. */
int rp_sort_teams(struct people *p);
void rp_people_free(struct people *p);
/* The person's place in the table, or -1. */
int rp_person_at(const struct people *p, int64_t id);

/* Keeps o when it is among the REPORT_OVERDUE_MAX longest overdue (nothing when h->e is NULL). */
void rp_heap_push(struct overdue_heap *h, const struct report_overdue *o);
/* qsort's order of the overdue list: the longest overdue first. */
int rp_cmp_overdue(const void *a, const void *b);

#endif
