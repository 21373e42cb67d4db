/* Prints the man page's lists that come from the definition tables (defs.h, formats.h), one
 * block a name ("@@ steps" then its roff lines): scripts/man-defs.sh puts each between the
 * page's `.\" BEGIN DEFS name` and `.\" END DEFS name`, or checks that it is there. The steps'
 * default due times are the rules of a new database (schema.sql). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ophamp/formats.h"
#include "ophamp/plan.h"
#include "ophamp/store.h"

/* s as roff text: a hyphen is \-. */
static void roff(const char *s)
{
    for (; *s; s++)
        fputs(*s == '-' ? "\\-" : (char[]){*s, '\0'}, stdout);
}

/* s padded with spaces to width columns as printed (a \- is one). */
static void roff_padded(const char *s, int width)
{
    roff(s);
    for (int n = (int)strlen(s); n < width; n++)
        putchar(' ');
}

/* `.RB ( a ", " b " or " c )` and the like: words in bold, sep and last between them. */
static void bold_list(const char *const *words, int n, const char *sep, const char *last,
                      const char *open, const char *close)
{
    fputs(".RB ", stdout);
    fputs(open, stdout);
    for (int i = 0; i < n; i++) {
        if (i)
            printf(" \"%s\" ", i == n - 1 ? last : sep);
        else
            putchar(' ');
        roff(words[i]);
    }
    printf(" %s\n", close);
}

static int steps(const struct rule_set *rs)
{
    int wcode = 14, wtitle = 0;
    for (int s = 0; s < STEP_COUNT; s++) {
        int n = (int)strlen(STEP_DEFS[s].title) + 1;
        wtitle = n > wtitle ? n : wtitle;
    }
    printf("@@ steps\n.EX\n");
    roff_padded("step", wcode);
    roff_padded("point of the plan", wtitle);
    printf("default due\n");
    for (int s = 0; s < STEP_COUNT; s++) {
        const struct rule *r = rule_set_find(rs, STEP_DEFS[s].rule);
        if (!r) {
            fprintf(stderr, "step %s has no rule %s\n", STEP_DEFS[s].code, STEP_DEFS[s].rule);
            return -1;
        }
        roff_padded(STEP_DEFS[s].code, wcode);
        roff_padded(STEP_DEFS[s].title, wtitle);
        char unit[32];
        snprintf(unit, sizeof unit, "%s", VOCAB_UNIT.names[r->unit]);
        for (char *c = unit; *c; c++)
            *c = *c == '-' ? ' ' : *c;
        if (r->amount == 1) /* "1 day" */
            unit[strlen(unit) - 1] = '\0';
        printf("%d ", r->amount);
        roff(unit);
        putchar('\n');
    }
    printf(".EE\n");
    return 0;
}

int main(void)
{
    char dir[] = "/tmp/ophamp-man-defs-XXXXXX", path[64];
    if (!mkdtemp(dir))
        return perror("mkdtemp"), 1;
    snprintf(path, sizeof path, "%s/new.db", dir);
    struct oph_error err = {0};
    struct store *st = store_open(path, &err);
    struct rule_set *rs = calloc(1, sizeof *rs);
    int rc = st && rs && store_rules_load(st, rs, &err) == 0 ? 0 : -1;
    if (st)
        store_close(st);
    unlink(path);
    rmdir(dir);
    if (rc) {
        fprintf(stderr, "a new database's rules: %s\n", err.msg);
        return 1;
    }
    if (steps(rs))
        return 1;
    free(rs);

    const char *words[32];
    int n = 0;
    for (int k = 0; k < EV_KIND_COUNT; k++)
        words[n++] = EVIDENCE_DEFS[k].name;
    printf("@@ evidence-kinds\n");
    bold_list(words, n, ", ", ", ", "(", ")");

    n = 0;
    for (int o = 0; o < OUT_COUNT; o++)
        if (OUTCOME_DEFS[o].not_prosecuted)
            words[n++] = OUTCOME_DEFS[o].name;
    printf("@@ not-prosecuted\n");
    bold_list(words, n, ", ", ", ", "(", ")");

    printf("@@ followup-kinds\n.BR kind \" (");
    for (int k = 0; k < FU_COUNT; k++) {
        fputs(k ? "|" : "", stdout);
        roff(FOLLOWUP_DEFS[k].name);
    }
    printf("), \" rule ,\n");

    n = 0;
    for (int f = 0; f < FMT_COUNT; f++)
        if (FORMAT_DEFS[f].writes & WRITES_CASES)
            words[n++] = FORMAT_DEFS[f].ending;
    printf("@@ case-endings\n");
    bold_list(words, n, ", ", " or ", "(", "),");
    return 0;
}
