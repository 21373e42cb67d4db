/* The people a spreadsheet's row names, by staff number: met before, in the database, or
 * named as a victim somewhere in the file, and then added by the same rules as `person add`.
 * A staff number that is not known but is with its leading zeros put back (or taken off)
 * gets a warning: what a spreadsheet does to 007123. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_internal.h"
#include "ophamp/text.h"
#include "ophamp/workflow.h"
#include "ophamp/xalloc.h"

/* The person of the victim's columns n (this row's or another's), checked as person add
 * checks one. */
static int person_of(const char *number, const struct file_person *n, struct person *p,
                     struct oph_error *e)
{
    memset(p, 0, sizeof *p);
    int role = file_person_role(n);
    if (role < 0)
        return oph_fail(e, OPH_INVALID, "unknown role '%.40s'", n->role);
    if (check_text("name", n->name, MAX_NAME, TEXT_REQUIRED, e) ||
        check_staff_number("staff number", number, true, e) ||
        check_text("rank", n->rank, MAX_SHORT, 0, e) ||
        check_text("team", n->team, MAX_SHORT, 0, e))
        return -1;
    text_copy(p->name, sizeof p->name, n->name);
    text_copy(p->number, sizeof p->number, number);
    text_copy(p->rank, sizeof p->rank, n->rank);
    text_copy(p->team, sizeof p->team, n->team);
    p->role = (enum person_role)role;
    return check_person(p, e);
}

/* Adds a person from a victim's columns n (this row's or another's). */
static struct file_person *add_person(struct importer *im, long line, int c, const char *number,
                                      const struct file_person *n)
{
    struct person p;
    struct oph_error e = {0};
    int rc = person_of(number, n, &p, &e);
    if (rc == 0 && store_person_insert(im->app->store, &p, im->app->now, &e) != 0) {
        if (e.kind == OPH_DB) {
            csv_fatal(im, &e);
            return NULL;
        }
        rc = -1;
    }
    if (rc != 0) {
        if (n->line == line)
            csv_col_report(im, line, c, "staff number %s cannot be added: %s", number, e.msg);
        else
            csv_col_report(im, line, c,
                           "staff number %s (the victim of line %ld) cannot be added: %s", number,
                           n->line, e.msg);
        return NULL;
    }
    struct file_person *k = person_map_put(&im->people, number);
    k->id = p.id;
    k->line = n->line;
    k->name = xstrdup(p.name);
    im->res.people++;
    return k;
}

/* Whether a staff number is known: met before, in the database, or named as a victim in the
 * file. 1 yes, 0 no, -1 a database error (the import stops). */
static int number_known(struct importer *im, const char *number)
{
    if (person_map_get(&im->people, number) || person_map_get(&im->named, number))
        return 1;
    struct person p;
    struct oph_error err = {0};
    int rc = store_person_by_number(im->app->store, number, &p, &err);
    if (rc < 0)
        csv_fatal(im, &err);
    return rc < 0 ? -1 : rc > 0;
}

/* A staff number of digits that is not known, but is with leading zeros added or taken off:
 * what a spreadsheet does to 007123. Warns, naming the known one. */
static void warn_zero_twin(struct importer *im, long line, int c, const char *number)
{
    if (!import_all_digits(number))
        return;
    char twin[TXT(MAX_NUMBER)];
    size_t n = strlen(number), zeros = strspn(number, "0");
    if (zeros > 0 && zeros < n) {
        text_copy(twin, sizeof twin, number + zeros);
        if (number_known(im, twin) > 0)
            csv_warn(im, line, c,
                     "staff number %s is not known, but %s is: a spreadsheet may have given it "
                     "leading zeros",
                     number, twin);
        return;
    }
    for (size_t k = 1; zeros == 0 && n + k <= MAX_NUMBER; k++) {
        memset(twin, '0', k);
        text_copy(twin + k, sizeof twin - k, number);
        int known = number_known(im, twin);
        if (known < 0)
            return;
        if (known) {
            csv_warn(im, line, c,
                     "staff number %s is not known, but %s is: a spreadsheet may have dropped "
                     "its leading zeros (" AS_TEXT_HINT ")",
                     number, twin);
            return;
        }
    }
}

/* The person of this number in the database, met now; NULL when there is none, or on a
 * database error (the import stops). */
static struct file_person *from_database(struct importer *im, const char *number)
{
    struct person p;
    struct oph_error err = {0};
    int rc = store_person_by_number(im->app->store, number, &p, &err);
    if (rc < 0)
        csv_fatal(im, &err);
    if (rc <= 0)
        return NULL;
    struct file_person *k = person_map_put(&im->people, number);
    k->id = p.id;
    k->name = xstrdup(p.name);
    return k;
}

struct file_person *csv_resolve(struct importer *im, long line, int c, const char *number,
                                const struct file_person *here)
{
    struct file_person *k = person_map_get(&im->people, number);
    if (k)
        return k;
    if ((k = from_database(im, number)) || im->fatal)
        return k;
    warn_zero_twin(im, line, c, number);
    if (im->fatal)
        return NULL;
    const struct file_person *n = here && here->name[0] ? here : person_map_get(&im->named, number);
    if (!n) {
        bool victim = c == CSV_COL(victim_number);
        csv_col_report(im, line, c,
                       "no person with staff number %s in the database or named as a victim in "
                       "the file%s%s%s",
                       number, victim ? " (give " : "",
                       victim ? csv_col_name(CSV_COL(victim_name)) : "",
                       victim ? " to add them)" : "");
        return NULL;
    }
    return add_person(im, line, c, number, n);
}
