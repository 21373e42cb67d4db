/* Private to the demo (demo.c and its parts): the random stream, the pool of made-up people
 * and the case being built. */
#ifndef OPHAMP_DEMO_INTERNAL_H
#define OPHAMP_DEMO_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "app_internal.h"

#define MINUTE ((oph_time)60)
#define HOUR ((oph_time)3600)
#define DAY ((oph_time)86400)

/* ---- random numbers ------------------------------------------------------------------ */

/* xoshiro256** seeded through splitmix64: the same seed gives the same cases everywhere. */
struct rng {
    uint64_t s[4];
};

static inline uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline void rng_seed(struct rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static inline double unit(struct rng *r) /* [0, 1) */
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static inline int below(struct rng *r, int n) /* [0, n) */
{
    return (int)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static inline bool chance(struct rng *r, double p)
{
    return unit(r) < p;
}

static inline oph_time between(struct rng *r, oph_time lo, oph_time hi) /* [lo, hi) */
{
    return hi <= lo ? lo : lo + (oph_time)(unit(r) * (double)(hi - lo));
}

static inline int weighted(struct rng *r, const int *w, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    int x = below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))
#define PICK(r, a) ((a)[below((r), COUNT(a))])
#define WEIGHTED(r, w) weighted((r), (w), COUNT(w))

/* ---- people (demo_pool.c) ---------------------------------------------------------- */

/* Only what the cases need, so the pool stays small (a twentieth of the cases). */
struct demo_person {
    int64_t id;
    char number[16];
    char name[48];
    unsigned char role, rank, team, town;
};

struct pool {
    struct demo_person *all;
    int *supervisors, *officers; /* indexes into all: sergeants and inspectors; officers */
    int n, n_supervisors, n_officers;
};

/* The towns the people work in and the cases happen in. */
#define DEMO_TOWNS 12
extern const char *const demo_towns[DEMO_TOWNS];

/* A pool of n made-up people, saved as one action (naming the first as the user when nobody
 * is named). */
int demo_pool_create(struct app *app, struct rng *r, int n, struct pool *p, struct oph_error *err);
void demo_pool_free(struct pool *p);
/* One of list (n pool indexes) other than a and b (-1: nobody); lists hold at least three. */
int demo_pick_other(struct rng *r, const int *list, int n, int a, int b);

struct demo {
    struct app *app;
    struct rng rng, uuid_rng; /* the UUIDs have their own stream: see app_demo */
    struct plan_ctx px;
    struct pool pool;
    const char *actor;
    oph_time now;
};

/* Who holds which role in the case being built (indexes into the pool, -1: nobody). */
struct holders {
    int victim, supervisor, investigator, statement_taker, second_line, welfare_officer;
};

/* ---- building one case: its parts, in the order demo_build_case uses them ------------- */

/* The facts a supervisor logs: place, what happened, injury, offender (demo_facts.c). */
void demo_make_facts(struct demo *dm, struct case_detail *c, oph_time occurred, int town);
/* Person d as the case's holder of role. */
void demo_set_holder(struct case_detail *c, enum case_role role, const struct demo_person *d);
/* A new timeline entry of the case in memory (label and text may be NULL). */
struct timeline_entry *demo_add_entry(struct case_detail *c, enum timeline_kind kind, oph_time at,
                                      const char *label, const char *text);
/* The seven steps (demo_steps.c), each done (or not applicable) when its planned time has come.
 * Returns 0 when all are settled, 1 when some are still pending, -1 on a refusal by the engine. */
int demo_plan_steps(struct demo *dm, struct case_detail *c, struct holders *h, oph_time from,
                    oph_time *last, struct oph_error *err);
/* Builds case `c` occurring at `occurred`, lived through up to now: steps, follow-ups,
 * evidence, timeline and, for most, the outcome and closing. */
int demo_build_case(struct demo *dm, struct case_detail *c, struct holders *h, oph_time occurred,
                    struct oph_error *err);
/* Saves the case built in memory: the same rows, in the same order, as the actions write. */
int demo_save_case(struct demo *dm, struct case_detail *c, const struct holders *h,
                   struct oph_error *err);

#endif
