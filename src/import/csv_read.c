/* The spreadsheet's records, read with libcsv a physical line at a time, and its header:
 * which column is which, by export's names or the --map the user gives. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_internal.h"
#include "ophamp/xalloc.h"

/* ---- the columns --------------------------------------------------------------------- */

const char *csv_col_name(int c)
{
    static char step_names[4 * STEP_COUNT][40];
    static const char *const suffix[] = {"_status", "_due_at", "_done_at", "_on_time"};
    if (c < CSV_STEP0)
        return CASE_COLUMNS[c].name;
    char *n = step_names[c - CSV_STEP0];
    if (!n[0]) {
        int s = (c - CSV_STEP0) / 4;
        snprintf(n, sizeof step_names[0], "%s%s", VOCAB_STEP.names[s], suffix[(c - CSV_STEP0) % 4]);
        for (char *p = n; *p; p++)
            if (*p == '-')
                *p = '_';
    }
    return n;
}

int csv_col_at(size_t off)
{
    for (int c = 0; c < CASE_FACT_COLUMNS; c++)
        if (CASE_COLUMNS[c].off == off)
            return c;
    fprintf(stderr, "ophamp: the importer reads a field that no CSV column has\n");
    abort(); /* a programming error: CSV_COL names a field of no CASE_COLUMNS entry */
}

int csv_col_find(const char *name)
{
    for (int c = 0; c < CSV_COLUMNS; c++)
        if (strcmp(csv_col_name(c), name) == 0)
            return c;
    return -1;
}

/* ---- reading records with libcsv ----------------------------------------------------- */

static void on_field(void *s, size_t len, void *data)
{
    struct importer *im = data;
    const char *p = s ? s : "";
    /* Undo the export's neutralising apostrophe (csv_needs_neutralising): '= '+ '- '@, a
     * leading tab or CR, and '' for a text that itself starts with an apostrophe. */
    if (len >= 2 && p[0] == '\'' && strchr("=+-@\t\r'", p[1]) && p[1] != '\0') {
        p++;
        len--;
    }
    if (im->n == im->fcap) {
        im->fcap = im->fcap ? im->fcap * 2 : 64;
        im->f = xreallocarray(im->f, (size_t)im->fcap, sizeof *im->f);
    }
    if (im->len + len + 1 > im->cap) {
        while (im->len + len + 1 > im->cap)
            im->cap = im->cap ? im->cap * 2 : 4096;
        im->buf = xrealloc(im->buf, im->cap);
    }
    if (len && memchr(p, '\0', len))
        im->nul = true;
    /* A line break inside a cell is a newline, however the spreadsheet wrote it (CRLF, CR). */
    char *d = im->buf + im->len;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '\r') {
            d[o++] = '\n';
            if (i + 1 < len && p[i + 1] == '\n')
                i++;
        } else {
            d[o++] = p[i];
        }
    }
    len = o;
    d[len] = '\0';
    im->f[im->n++] = (struct field){im->len, len};
    im->len += len + 1;
}

static int take_header(struct importer *im);

static void on_record(int c, void *data)
{
    (void)c;
    struct importer *im = data;
    im->ended = true;
    im->records++;
    if (!im->stopped && !im->fatal) {
        if (im->records == 1) {
            if (im->pass == 1 && take_header(im))
                im->stopped = true;
        } else if (im->pass == 1) {
            csv_scan_row(im, im->start);
        } else {
            csv_import_row(im, im->start);
        }
    }
    im->n = 0;
    im->len = 0;
    im->nul = false;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0; /* spaces are part of the text: nothing is trimmed */
}

/* Feeds the text to libcsv a physical line at a time, so that each record knows the line it
 * starts on (a quoted cell may hold line breaks: those lines count too). LF, CRLF and a lone
 * CR each end a line. */
void csv_read(struct importer *im, const char *data, size_t len)
{
    csv_init(&im->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_space_func(&im->parser, no_space);
    im->n = 0;
    im->len = 0;
    im->records = 0;
    im->pending = false;
    im->line = 0;
    size_t pos = 0;
    while (pos < len && !im->stopped && !im->fatal) {
        size_t end = pos;
        while (end < len && data[end] != '\n' && data[end] != '\r')
            end++;
        bool blank = end == pos;
        if (end < len)
            end += data[end] == '\r' && end + 1 < len && data[end + 1] == '\n' ? 2 : 1;
        im->line++;
        if (!im->pending)
            im->start = im->line;
        im->ended = false;
        size_t took = csv_parse(&im->parser, data + pos, end - pos, on_field, on_record, im);
        if (took != end - pos) {
            int col = im->n;
            const char *name = im->records == 0 ? NULL : col < im->ncols ? im->header[col] : NULL;
            csv_report(im, im->line, name,
                       "a quote inside a cell that does not start with one, or text after a "
                       "closing quote (quote the whole cell and double the quotes inside it)");
            im->stopped = true;
            im->res.stopped_at = im->line;
            break;
        }
        if (im->ended)
            im->pending = false;
        else if (!blank)
            im->pending = true;
        pos = end;
    }
    if (!im->stopped && !im->fatal && csv_fini(&im->parser, on_field, on_record, im) != 0) {
        int col = im->n;
        csv_report(im, im->start, im->records > 0 && col < im->ncols ? im->header[col] : NULL,
                   "a quoted cell is never closed (a quote is missing)");
        im->stopped = true;
        im->res.stopped_at = im->start;
    }
    csv_free(&im->parser);
}

/* ---- the header and --map ------------------------------------------------------------ */

void csv_lower_ascii(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* Trims spaces (and tabs) at both ends, in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

struct map_parse {
    struct importer *im;
    struct oph_error *err;
    int failed;
};

static void map_field(void *s, size_t len, void *data)
{
    struct map_parse *mp = data;
    struct importer *im = mp->im;
    if (mp->failed)
        return;
    char pair[512];
    if (len >= sizeof pair || (len && memchr(s, '\0', len))) {
        mp->failed = oph_fail(mp->err, OPH_INVALID, "--map: a pair is too long");
        return;
    }
    memcpy(pair, s ? s : "", len);
    pair[len] = '\0';
    char *eq = strrchr(pair, '=');
    if (!eq) {
        mp->failed =
            oph_fail(mp->err, OPH_INVALID,
                     "--map: expected SOURCE=COLUMN pairs separated by commas (got '%s')", pair);
        return;
    }
    *eq = '\0';
    char *src = trim(pair), *dst = trim(eq + 1);
    csv_lower_ascii(dst);
    int d = strcmp(dst, "-") == 0 ? -1 : csv_col_find(dst);
    if (!*src) {
        mp->failed = oph_fail(mp->err, OPH_INVALID, "--map: a pair has no source column name");
        return;
    }
    if (d < 0 && strcmp(dst, "-") != 0) {
        mp->failed = oph_fail(mp->err, OPH_INVALID,
                              "--map: unknown column '%s' (see the man page for the columns, or "
                              "- to ignore '%s')",
                              dst, src);
        return;
    }
    if (im->n_map >= MAP_MAX) {
        mp->failed = oph_fail(mp->err, OPH_INVALID, "--map: at most %d pairs", MAP_MAX);
        return;
    }
    csv_lower_ascii(src);
    for (int i = 0; i < im->n_map; i++)
        if (strcmp(im->map_src[i], src) == 0) {
            mp->failed = oph_fail(mp->err, OPH_INVALID, "--map: '%s' is mapped twice", src);
            return;
        }
    im->map_src[im->n_map] = xstrdup(src);
    im->map_dest[im->n_map++] = d;
}

static void map_record(int c, void *data)
{
    (void)c;
    (void)data;
}

int csv_parse_map(struct importer *im, const char *map, struct oph_error *err)
{
    if (!map)
        return 0;
    if (!*map)
        return oph_fail(err, OPH_INVALID, "--map: expected SOURCE=COLUMN pairs");
    if (strchr(map, '\n') || strchr(map, '\r'))
        return oph_fail(err, OPH_INVALID, "--map: a line break is not allowed");
    struct map_parse mp = {im, err, 0};
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_space_func(&p, no_space);
    size_t n = strlen(map);
    if (csv_parse(&p, map, n, map_field, map_record, &mp) != n ||
        csv_fini(&p, map_field, map_record, &mp) != 0)
        mp.failed = mp.failed ? mp.failed
                              : oph_fail(err, OPH_INVALID,
                                         "--map: quote a pair whole, as in CSV "
                                         "('\"Name, full=victim_name\",Date=occurred_at')");
    csv_free(&p);
    return mp.failed ? -1 : 0;
}

void csv_free_map(struct importer *im)
{
    for (int i = 0; i < im->n_map; i++)
        free(im->map_src[i]);
    im->n_map = 0;
}

int import_check_map(const char *map, struct oph_error *err)
{
    struct importer im;
    memset(&im, 0, sizeof im);
    int rc = csv_parse_map(&im, map, err);
    csv_free_map(&im);
    return rc;
}

/* The importer's column that the header's name (lower case) stands for: by --map, or by
 * export's name; -2 when it is ignored on purpose. */
static int header_dest(struct importer *im, const char *name)
{
    for (int k = im->n_map - 1; k >= 0; k--)
        if (strcmp(im->map_src[k], name) == 0) {
            im->map_used[k] = true;
            return im->map_dest[k] < 0 ? -2 : im->map_dest[k];
        }
    if (strcmp(name, "marking") == 0 || strcmp(name, "audit_head") == 0)
        return -2; /* the protective marking and the log's head export writes on every row */
    return *name ? csv_col_find(name) : -1;
}

/* Column i of the header: its name as shown, and which of ours it is. */
static void take_column(struct importer *im, int i)
{
    char *raw = xstrdup(csv_field_text(im, i));
    char *name = trim(raw);
    char shown[64];
    if (!*name) {
        snprintf(shown, sizeof shown, "%d (no name)", i + 1);
        im->header[i] = xstrdup(shown);
    } else {
        im->header[i] = xstrdup(name);
    }
    csv_lower_ascii(name);
    im->dest[i] = -1;
    int d = header_dest(im, name);
    if (d == -2) {
        /* ignored on purpose */
    } else if (d < 0) {
        if (!*name)
            csv_report(im, 1, im->header[i],
                       "a column without a name (ignore it with --map, or delete it)");
        else
            csv_report(im, 1, im->header[i],
                       "unknown column (map it onto one with --map '%s=COLUMN', or ignore it "
                       "with --map '%s=-')",
                       im->header[i], im->header[i]);
    } else if (im->colof[d] >= 0) {
        csv_report(im, 1, im->header[i], "the same column as column %s (both are %s)",
                   im->header[im->colof[d]], csv_col_name(d));
    } else {
        im->colof[d] = i;
        im->dest[i] = d;
    }
    free(raw);
}

/* The first record: which column is which. Returns -1 when the rows cannot be read. */
static int take_header(struct importer *im)
{
    long before = im->res.problems;
    im->ncols = im->n;
    im->header = xcalloc((size_t)im->n, sizeof *im->header);
    im->dest = xcalloc((size_t)im->n, sizeof *im->dest);
    for (int c = 0; c < CSV_COLUMNS; c++)
        im->colof[c] = -1;
    for (int i = 0; i < im->n; i++)
        take_column(im, i);
    for (int k = 0; k < im->n_map; k++)
        if (!im->map_used[k])
            csv_report(im, 1, NULL, "--map names a column '%s' that the header does not have",
                       im->map_src[k]);
    static const size_t required[] = {CSV_FIELD(victim_number),
                                      CSV_FIELD(role_number[CROLE_SUPERVISOR]),
                                      CSV_FIELD(occurred_at), CSV_FIELD(location)};
    for (size_t r = 0; r < sizeof required / sizeof *required; r++)
        if (im->colof[csv_col_at(required[r])] < 0)
            csv_report(im, 1, csv_col_name(csv_col_at(required[r])), "required column missing");
    return im->res.problems > before ? -1 : 0;
}
