/* One cell each: checked by the core's rules and read into a value, a problem reported in
 * its column otherwise. And the first pass, which notes what the rows refer to. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_internal.h"
#include "ophamp/text.h"
#include "ophamp/when.h"
#include "ophamp/workflow.h"
#include "ophamp/xalloc.h"

/* ---- values -------------------------------------------------------------------------- */

bool csv_valid_uuid(const char *s, char out[UUID_LEN + 1])
{
    if (strlen(s) != UUID_LEN)
        return false;
    for (int i = 0; i < UUID_LEN; i++) {
        bool hyphen = i == 8 || i == 13 || i == 18 || i == 23;
        if (hyphen ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
        out[i] = (char)tolower((unsigned char)s[i]);
    }
    out[UUID_LEN] = '\0';
    return true;
}

bool csv_valid_reference(const char *s, char out[REF_LEN + 1], int *year, int *number)
{
    const int chars = 14; /* REF_LEN has room for one more */
    if (strlen(s) != (size_t)chars || strncasecmp(s, "OPH-", 4) != 0 || s[8] != '-')
        return false;
    for (int i = 4; i < chars; i++)
        if (i != 8 && !isdigit((unsigned char)s[i]))
            return false;
    snprintf(out, REF_LEN + 1, "OPH-%.4s-%.5s", s + 4, s + 9);
    *year = atoi(s + 4);
    *number = atoi(s + 9);
    return true;
}

int import_time_parse(const char *s, oph_time *out, const char **why)
{
    if (!s || !strchr(s, '/'))
        return time_parse(s, out, why);
    /* D/M/YYYY [H:MM[:SS]]: as a UK spreadsheet writes it, day first. */
    const char *because = NULL;
    if (when_parse_dmy(s, out, &because) == 0)
        return 0;
    if (why)
        *why = strncmp(because, "expected", 8) == 0
                   ? "expected DD/MM/YYYY HH:MM or YYYY-MM-DD HH:MM"
                   : because;
    return -1;
}

/* Text of a cell into a fixed field, checked first so that nothing is cut. */
void csv_text_cell(struct importer *im, long line, int c, size_t max, unsigned flags, char *dst,
                   size_t dstsz)
{
    const char *v = csv_cell(im, c);
    struct oph_error e;
    dst[0] = '\0';
    if (!*v && (flags & TEXT_REQUIRED)) {
        csv_col_report(im, line, c, "required, but empty");
        return;
    }
    if (check_text("text", v, max, flags, &e)) {
        csv_col_report(im, line, c, "%s", e.msg);
        return;
    }
    text_copy(dst, dstsz, v);
}

/* A staff number, by the core's rule for them. */
void csv_number_cell(struct importer *im, long line, int c, bool required, char *dst, size_t dstsz)
{
    const char *v = csv_cell(im, c);
    struct oph_error e;
    dst[0] = '\0';
    if (!*v && required) {
        csv_col_report(im, line, c, "required, but empty");
        return;
    }
    if (check_staff_number("staff number", v, required, &e)) {
        csv_col_report(im, line, c, "%s", e.msg);
        return;
    }
    text_copy(dst, dstsz, v);
}

void csv_time_cell(struct importer *im, long line, int c, oph_time *out)
{
    const char *v = csv_cell(im, c), *why = NULL;
    *out = OPH_NO_TIME;
    if (!*v)
        return;
    if (import_time_parse(v, out, &why)) {
        *out = OPH_NO_TIME;
        csv_col_report(im, line, c, "%s (got '%.40s')", why, v);
    }
}

/* A vocabulary word, any case; empty gives `empty`. */
int csv_vocab_cell(struct importer *im, long line, int c, const struct vocab *v, int empty)
{
    const char *s = csv_cell(im, c);
    if (!*s)
        return empty;
    char word[48];
    text_copy(word, sizeof word, s);
    csv_lower_ascii(word);
    int k = strlen(s) < sizeof word ? vocab_find(v, word) : -1;
    if (k < 0) {
        char list[256];
        csv_col_report(im, line, c, "unknown %s '%.40s' (one of %s)", v->what, s,
                       vocab_list(v, list, sizeof list));
        return empty;
    }
    return k;
}

int csv_yesno_cell(struct importer *im, long line, int c)
{
    const char *s = csv_cell(im, c);
    if (!*s)
        return TRI_UNKNOWN;
    if (strcasecmp(s, "yes") == 0)
        return TRI_YES;
    if (strcasecmp(s, "no") == 0)
        return TRI_NO;
    csv_col_report(im, line, c, "expected yes or no (got '%.40s')", s);
    return TRI_UNKNOWN;
}

int csv_int_cell(struct importer *im, long line, int c, int min, int max)
{
    const char *s = csv_cell(im, c);
    if (!*s)
        return 0;
    long v = 0;
    const char *p = s;
    while (isdigit((unsigned char)*p) && v <= max)
        v = v * 10 + (*p++ - '0');
    if (*p || v < min || v > max) {
        csv_col_report(im, line, c, "expected a whole number from %d to %d (got '%.40s')", min, max,
                       s);
        return 0;
    }
    return (int)v;
}

/* ---- the first pass: who and what the rows refer to ---------------------------------- */

void csv_scan_row(struct importer *im, long line)
{
    if (im->n != im->ncols)
        return;
    const char *number = csv_cell(im, CSV_COL(victim_number)),
               *name = csv_cell(im, CSV_COL(victim_name));
    if (*number && *name) {
        struct file_person *n = person_map_put(&im->named, number);
        if (!n->name) {
            n->line = line;
            n->name = xstrdup(name);
            n->role = xstrdup(csv_cell(im, CSV_COL(victim_role)));
            n->rank = xstrdup(csv_cell(im, CSV_COL(victim_rank)));
            n->team = xstrdup(csv_cell(im, CSV_COL(victim_team)));
            n->detail = true;
        }
    }
    const char *crime = csv_cell(im, CSV_COL(crime_reference));
    if (crime[0] == '0' && import_all_digits(crime) && strlen(crime) > im->zero_ref_len &&
        strlen(crime) < sizeof im->zero_ref_example) {
        im->zero_ref_len = strlen(crime);
        text_copy(im->zero_ref_example, sizeof im->zero_ref_example, crime);
    }
    char uuid[UUID_LEN + 1], ref[REF_LEN + 1];
    int year, number_in_year;
    if (csv_valid_uuid(csv_cell(im, CSV_COL(uuid)), uuid)) {
        struct smap_entry *e = smap_put(&im->uuids, uuid);
        if (!e->line)
            e->line = line;
    }
    if (csv_valid_reference(csv_cell(im, CSV_COL(reference)), ref, &year, &number_in_year)) {
        struct smap_entry *e = smap_put(&im->refs, ref); /* never given to another row */
        if (!e->line)
            e->line = line;
    }
}
