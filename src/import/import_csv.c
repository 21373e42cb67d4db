/* Importing a case list from CSV. libcsv splits the text into records (strict quoting); the
 * importer reads it twice. The first pass takes the header and notes what rows refer to
 * across the file (victims named, UUIDs and references given), so that nothing depends on
 * the order of the rows. The second pass checks each row and builds its case in memory with
 * the engine (wf_*), exactly as the actions do, and saves it; all of it in one transaction
 * that commits only when no row had a problem (and never with --dry-run). */
#include "ophamp/import.h"

#include <csv.h>
#include <ctype.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_internal.h"
#include "ophamp/csv.h"
#include "ophamp/text.h"
#include "ophamp/when.h"
#include "ophamp/workflow.h"
#include "ophamp/xalloc.h"

/* ---- the columns --------------------------------------------------------------------- */

enum col {
    C_REFERENCE,
    C_UUID,
    C_STATUS,
    C_VICTIM_NAME,
    C_VICTIM_NUMBER,
    C_VICTIM_ROLE,
    C_VICTIM_RANK,
    C_VICTIM_TEAM,
    C_SUPERVISOR,
    C_SECOND_LINE,
    C_INVESTIGATOR,
    C_STATEMENT_TAKER,
    C_WELFARE_OFFICER,
    C_OCCURRED,
    C_REPORTED,
    C_LOCATION,
    C_LOCATION_KIND,
    C_OFFENCE,
    C_SUMMARY,
    C_MECHANISM,
    C_INJURY,
    C_BODY_PART,
    C_TREATMENT,
    C_SPECIFIED,
    C_DAYS_OFF,
    C_OFF_WORK,
    C_OFFENDER_KNOWN,
    C_ARRESTED,
    C_THOR,
    C_CRIME_REF,
    C_REFERRAL,
    C_ENHANCED,
    C_VPS,
    C_OUTCOME,
    C_OUTCOME_AT,
    C_CLOSED_AT,
    C_SUPPORT_SCORE,
    C_STEP0, /* then four columns a step, in plan order */
    C_COUNT = C_STEP0 + 4 * STEP_COUNT
};
enum { SC_STATUS, SC_DUE_AT, SC_DONE_AT, SC_ON_TIME };
#define STEP_COL(s, k) (C_STEP0 + 4 * (int)(s) + (k))

_Static_assert(C_STEP0 == CSV_FACT_COLUMNS, "the importer reads the columns export writes");

static const char *col_name(int c)
{
    static char step_names[4 * STEP_COUNT][40];
    static const char *const suffix[] = {"_status", "_due_at", "_done_at", "_on_time"};
    if (c < C_STEP0)
        return csv_fact_columns[c];
    char *n = step_names[c - C_STEP0];
    if (!n[0]) {
        int s = (c - C_STEP0) / 4;
        snprintf(n, sizeof step_names[0], "%s%s", VOCAB_STEP.names[s], suffix[(c - C_STEP0) % 4]);
        for (char *p = n; *p; p++)
            if (*p == '-')
                *p = '_';
    }
    return n;
}

static int col_find(const char *name)
{
    for (int c = 0; c < C_COUNT; c++)
        if (strcmp(col_name(c), name) == 0)
            return c;
    return -1;
}

static const enum col fact_col[] = {[FACT_VICTIM] = C_VICTIM_NUMBER,
                                    [FACT_SUPERVISOR] = C_SUPERVISOR,
                                    [FACT_LOCATION] = C_LOCATION,
                                    [FACT_OFFENCE] = C_OFFENCE,
                                    [FACT_SUMMARY] = C_SUMMARY,
                                    [FACT_BODY_PART] = C_BODY_PART,
                                    [FACT_THOR] = C_THOR,
                                    [FACT_CRIME_REFERENCE] = C_CRIME_REF,
                                    [FACT_LOCATION_KIND] = C_LOCATION_KIND,
                                    [FACT_INJURY] = C_INJURY,
                                    [FACT_MECHANISM] = C_MECHANISM,
                                    [FACT_TREATMENT] = C_TREATMENT,
                                    [FACT_REFERRAL] = C_REFERRAL,
                                    [FACT_OCCURRED] = C_OCCURRED,
                                    [FACT_REPORTED] = C_REPORTED,
                                    [FACT_ARRESTED] = C_ARRESTED,
                                    [FACT_DAYS_OFF] = C_DAYS_OFF,
                                    [FACT_SUPPORT_SCORE] = C_SUPPORT_SCORE,
                                    [FACT_OFFENDER_KNOWN] = C_OFFENDER_KNOWN,
                                    [FACT_ENHANCED_RIGHTS] = C_ENHANCED,
                                    [FACT_VPS_OFFERED] = C_VPS};

/* ---- a small string map -------------------------------------------------------------- */

struct sent {
    char *key;
    long line;
    void *val;
};
struct smap {
    struct sent *e;
    size_t cap, n;
};

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static struct sent *smap_get(const struct smap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    for (size_t i = str_hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->e[i].key)
            return NULL;
        if (strcmp(m->e[i].key, key) == 0)
            return &m->e[i];
    }
}

/* The entry for key, added (line 0, val NULL) when missing. */
static struct sent *smap_put(struct smap *m, const char *key)
{
    struct sent *e = smap_get(m, key);
    if (e)
        return e;
    if ((m->n + 1) * 2 > m->cap) {
        struct smap grown = {xcalloc(m->cap ? m->cap * 2 : 64, sizeof(struct sent)),
                             m->cap ? m->cap * 2 : 64, m->n};
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->e[i].key)
                continue;
            size_t j = str_hash(m->e[i].key) & (grown.cap - 1);
            while (grown.e[j].key)
                j = (j + 1) & (grown.cap - 1);
            grown.e[j] = m->e[i];
        }
        free(m->e);
        *m = grown;
    }
    size_t i = str_hash(key) & (m->cap - 1);
    while (m->e[i].key)
        i = (i + 1) & (m->cap - 1);
    m->e[i].key = xstrdup(key);
    m->n++;
    return &m->e[i];
}

static void smap_free(struct smap *m, void (*free_val)(void *))
{
    for (size_t i = 0; i < m->cap; i++) {
        free(m->e[i].key);
        if (free_val && m->e[i].val)
            free_val(m->e[i].val);
    }
    free(m->e);
    memset(m, 0, sizeof *m);
}

/* ---- the importer's state ------------------------------------------------------------ */

struct field {
    size_t off, len;
};

/* A victim named in the file (first pass): who to add when a row refers to them. */
struct named {
    long line;
    char *name, *role, *rank, *team;
};

static void named_free(void *p)
{
    struct named *n = p;
    free(n->name);
    free(n->role);
    free(n->rank);
    free(n->team);
    free(n);
}

/* A person the import has met: from the database (line 0) or added from line `line`. */
struct known {
    int64_t id;
    long line;
    char *name;
};

static void known_free(void *p)
{
    struct known *k = p;
    free(k->name);
    free(k);
}

#define MAP_MAX 128

struct importer {
    struct app *app;
    const struct import_options *o;
    import_problem_cb cb;
    void *ctx;
    struct oph_error *err;
    int pass;     /* 1: header and cross-references; 2: rows */
    bool fatal;   /* a database error: stop, err says why */
    bool stopped; /* a parse error: the rest of the file cannot be read */

    /* The reader: fields of the current record in one buffer. */
    struct csv_parser parser;
    char *buf;
    size_t len, cap;
    struct field *f;
    int n, fcap;
    bool nul; /* a field of this record holds a NUL byte */
    long line, start, records;
    bool pending, ended;

    /* The header and the mapping. */
    char *map_src[MAP_MAX];
    int map_dest[MAP_MAX]; /* a column, or -1 to ignore */
    bool map_used[MAP_MAX];
    int n_map;
    int ncols;
    char **header; /* the file's names, as written (trimmed) */
    int *dest;     /* per file column: the importer's column, or -1 ignored */
    int colof[C_COUNT];

    /* Across the file. */
    struct smap named, uuids, refs, people;

    /* What a spreadsheet may have done: the longest crime reference of digits only that
     * begins with 0 (pass 1), which shorter ones may be without their zeros. */
    size_t zero_ref_len;
    char zero_ref_example[48];

    /* The row being read. */
    bool row_bad;
    struct case_detail *c;
    struct import_result res;
};

__attribute__((format(printf, 4, 0))) static void
vreport(struct importer *im, long line, const char *column, const char *fmt, va_list ap)
{
    char msg[700];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (im->cb)
        im->cb(im->ctx, line, column, msg);
    im->res.problems++;
    if (!im->row_bad) {
        im->row_bad = true;
        if (line > 1)
            im->res.bad_rows++;
    }
}

static void report(struct importer *im, long line, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(struct importer *im, long line, const char *column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(im, line, column, fmt, ap);
    va_end(ap);
}

/* The column's name as the file writes it (or ours when the file has no such column). */
static const char *cname(const struct importer *im, int c)
{
    return im->colof[c] >= 0 ? im->header[im->colof[c]] : col_name(c);
}

static void col_report(struct importer *im, long line, int c, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void col_report(struct importer *im, long line, int c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(im, line, c >= 0 ? cname(im, c) : NULL, fmt, ap);
    va_end(ap);
}

/* Something the import does differently from what the file says, or a value that looks
 * changed by a spreadsheet: said once (in the pass that writes), and the row is still
 * imported. */
static void warn(struct importer *im, long line, int c, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn(struct importer *im, long line, int c, const char *fmt, ...)
{
    if (im->pass != 2)
        return;
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    im->res.warnings++;
    if (im->o && im->o->warn)
        im->o->warn(im->o->warn_ctx, line, c >= 0 ? cname(im, c) : NULL, msg);
}

#define AS_TEXT_HINT "open the CSV with this column as text"

/* A database error stops the import: the message goes back to the caller. */
static void fatal(struct importer *im, const struct oph_error *e)
{
    if (!im->fatal && im->err)
        *im->err = *e;
    im->fatal = true;
}

static const char *field_text(const struct importer *im, int i)
{
    return im->buf + im->f[i].off;
}

static const char *cell(const struct importer *im, int c)
{
    int i = im->colof[c];
    return i >= 0 && i < im->n ? field_text(im, i) : "";
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
static void scan_row(struct importer *im, long line);
static void do_row(struct importer *im, long line);
static void import_row(struct importer *im, long line);

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
            scan_row(im, im->start);
        } else {
            import_row(im, im->start);
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
static void read_csv(struct importer *im, const char *data, size_t len)
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
            report(im, im->line, name,
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
        report(im, im->start, im->records > 0 && col < im->ncols ? im->header[col] : NULL,
               "a quoted cell is never closed (a quote is missing)");
        im->stopped = true;
        im->res.stopped_at = im->start;
    }
    csv_free(&im->parser);
}

/* ---- the header and --map ------------------------------------------------------------ */

static void lower_ascii(char *s)
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
    lower_ascii(dst);
    int d = strcmp(dst, "-") == 0 ? -1 : col_find(dst);
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
    lower_ascii(src);
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

static int parse_map(struct importer *im, const char *map, struct oph_error *err)
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

static void free_map(struct importer *im)
{
    for (int i = 0; i < im->n_map; i++)
        free(im->map_src[i]);
    im->n_map = 0;
}

int import_check_map(const char *map, struct oph_error *err)
{
    struct importer im;
    memset(&im, 0, sizeof im);
    int rc = parse_map(&im, map, err);
    free_map(&im);
    return rc;
}

/* The first record: which column is which. Returns -1 when the rows cannot be read. */
static int take_header(struct importer *im)
{
    long before = im->res.problems;
    im->ncols = im->n;
    im->header = xcalloc((size_t)im->n, sizeof *im->header);
    im->dest = xcalloc((size_t)im->n, sizeof *im->dest);
    for (int c = 0; c < C_COUNT; c++)
        im->colof[c] = -1;
    for (int i = 0; i < im->n; i++) {
        char *raw = xstrdup(field_text(im, i));
        char *name = trim(raw);
        char shown[64];
        if (!*name) {
            snprintf(shown, sizeof shown, "%d (no name)", i + 1);
            im->header[i] = xstrdup(shown);
        } else {
            im->header[i] = xstrdup(name);
        }
        lower_ascii(name);
        im->dest[i] = -1;
        int d = -1, m = -1;
        for (int k = 0; k < im->n_map; k++)
            if (strcmp(im->map_src[k], name) == 0)
                m = k;
        if (m >= 0) {
            im->map_used[m] = true;
            d = im->map_dest[m];
            if (d < 0) {
                free(raw);
                continue; /* ignored on purpose */
            }
        } else if (strcmp(name, "marking") == 0 || strcmp(name, "audit_head") == 0) {
            free(raw);
            continue; /* the protective marking and the log's head export writes on every row */
        } else {
            d = *name ? col_find(name) : -1;
        }
        if (d < 0) {
            if (!*name)
                report(im, 1, im->header[i],
                       "a column without a name (ignore it with --map, or delete it)");
            else
                report(im, 1, im->header[i],
                       "unknown column (map it onto one with --map '%s=COLUMN', or ignore it "
                       "with --map '%s=-')",
                       im->header[i], im->header[i]);
        } else if (im->colof[d] >= 0) {
            report(im, 1, im->header[i], "the same column as column %s (both are %s)",
                   im->header[im->colof[d]], col_name(d));
        } else {
            im->colof[d] = i;
            im->dest[i] = d;
        }
        free(raw);
    }
    for (int k = 0; k < im->n_map; k++)
        if (!im->map_used[k])
            report(im, 1, NULL, "--map names a column '%s' that the header does not have",
                   im->map_src[k]);
    static const enum col required[] = {C_VICTIM_NUMBER, C_SUPERVISOR, C_OCCURRED, C_LOCATION};
    for (size_t r = 0; r < sizeof required / sizeof *required; r++)
        if (im->colof[required[r]] < 0)
            report(im, 1, col_name(required[r]), "required column missing");
    return im->res.problems > before ? -1 : 0;
}

/* ---- values -------------------------------------------------------------------------- */

static bool valid_uuid(const char *s, char out[UUID_LEN + 1])
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

/* OPH-YYYY-NNNNN (any case); its year and number. */
static bool valid_reference(const char *s, char out[REF_LEN + 1], int *year, int *number)
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
static void text_cell(struct importer *im, long line, int c, size_t max, unsigned flags, char *dst,
                      size_t dstsz)
{
    const char *v = cell(im, c);
    struct oph_error e;
    dst[0] = '\0';
    if (!*v && (flags & TEXT_REQUIRED)) {
        col_report(im, line, c, "required, but empty");
        return;
    }
    if (check_text("text", v, max, flags, &e)) {
        col_report(im, line, c, "%s", e.msg);
        return;
    }
    text_copy(dst, dstsz, v);
}

/* A staff number, by the core's rule for them. */
static void number_cell(struct importer *im, long line, int c, bool required, char *dst,
                        size_t dstsz)
{
    const char *v = cell(im, c);
    struct oph_error e;
    dst[0] = '\0';
    if (!*v && required) {
        col_report(im, line, c, "required, but empty");
        return;
    }
    if (check_staff_number("staff number", v, required, &e)) {
        col_report(im, line, c, "%s", e.msg);
        return;
    }
    text_copy(dst, dstsz, v);
}

/* The key of a staff number in the importer's maps: AB12 and ab12 are one person. */
static const char *number_key(const char *number, char key[TXT(MAX_NUMBER)])
{
    size_t i = 0;
    for (; number[i] && i + 1 < TXT(MAX_NUMBER); i++)
        key[i] = number[i] >= 'a' && number[i] <= 'z' ? (char)(number[i] - 'a' + 'A') : number[i];
    key[i] = '\0';
    return key;
}

static void time_cell(struct importer *im, long line, int c, oph_time *out)
{
    const char *v = cell(im, c), *why = NULL;
    *out = OPH_NO_TIME;
    if (!*v)
        return;
    if (import_time_parse(v, out, &why)) {
        *out = OPH_NO_TIME;
        col_report(im, line, c, "%s (got '%.40s')", why, v);
    }
}

/* A vocabulary word, any case; empty gives `empty`. */
static int vocab_cell(struct importer *im, long line, int c, const struct vocab *v, int empty)
{
    const char *s = cell(im, c);
    if (!*s)
        return empty;
    char word[48];
    text_copy(word, sizeof word, s);
    lower_ascii(word);
    int k = strlen(s) < sizeof word ? vocab_find(v, word) : -1;
    if (k < 0) {
        char list[256];
        col_report(im, line, c, "unknown %s '%.40s' (one of %s)", v->what, s,
                   vocab_list(v, list, sizeof list));
        return empty;
    }
    return k;
}

static int yesno_cell(struct importer *im, long line, int c)
{
    const char *s = cell(im, c);
    if (!*s)
        return TRI_UNKNOWN;
    if (strcasecmp(s, "yes") == 0)
        return TRI_YES;
    if (strcasecmp(s, "no") == 0)
        return TRI_NO;
    col_report(im, line, c, "expected yes or no (got '%.40s')", s);
    return TRI_UNKNOWN;
}

static int int_cell(struct importer *im, long line, int c, int min, int max)
{
    const char *s = cell(im, c);
    if (!*s)
        return 0;
    long v = 0;
    const char *p = s;
    while (isdigit((unsigned char)*p) && v <= max)
        v = v * 10 + (*p++ - '0');
    if (*p || v < min || v > max) {
        col_report(im, line, c, "expected a whole number from %d to %d (got '%.40s')", min, max, s);
        return 0;
    }
    return (int)v;
}

/* ---- the first pass: who and what the rows refer to ---------------------------------- */

static void scan_row(struct importer *im, long line)
{
    if (im->n != im->ncols)
        return;
    const char *number = cell(im, C_VICTIM_NUMBER), *name = cell(im, C_VICTIM_NAME);
    char key[TXT(MAX_NUMBER)];
    if (*number && *name) {
        struct sent *e = smap_put(&im->named, number_key(number, key));
        if (!e->val) {
            struct named *n = xcalloc(1, sizeof *n);
            n->line = line;
            n->name = xstrdup(name);
            n->role = xstrdup(cell(im, C_VICTIM_ROLE));
            n->rank = xstrdup(cell(im, C_VICTIM_RANK));
            n->team = xstrdup(cell(im, C_VICTIM_TEAM));
            e->val = n;
        }
    }
    const char *crime = cell(im, C_CRIME_REF);
    if (crime[0] == '0' && import_all_digits(crime) && strlen(crime) > im->zero_ref_len &&
        strlen(crime) < sizeof im->zero_ref_example) {
        im->zero_ref_len = strlen(crime);
        text_copy(im->zero_ref_example, sizeof im->zero_ref_example, crime);
    }
    char uuid[UUID_LEN + 1], ref[REF_LEN + 1];
    int year, number_in_year;
    if (valid_uuid(cell(im, C_UUID), uuid)) {
        struct sent *e = smap_put(&im->uuids, uuid);
        if (!e->line)
            e->line = line;
    }
    if (valid_reference(cell(im, C_REFERENCE), ref, &year, &number_in_year)) {
        struct sent *e = smap_put(&im->refs, ref); /* never given to another row */
        if (!e->line)
            e->line = line;
    }
}

/* ---- the second pass: each row's case ------------------------------------------------ */

/* Adds a person from a victim's columns (this row's or another's). */
static struct known *add_person(struct importer *im, long line, int c, const char *number,
                                const struct named *n)
{
    struct person p;
    struct oph_error e = {0};
    memset(&p, 0, sizeof p);
    int role = ROLE_OFFICER;
    if (n->role[0]) {
        char word[48];
        text_copy(word, sizeof word, n->role);
        lower_ascii(word);
        role = vocab_find(&VOCAB_PERSON_ROLE, word);
    }
    int rc = role < 0 ? oph_fail(&e, OPH_INVALID, "unknown role '%.40s'", n->role) : 0;
    if (rc == 0)
        rc = check_text("name", n->name, MAX_NAME, TEXT_REQUIRED, &e) ||
             check_staff_number("staff number", number, true, &e) ||
             check_text("rank", n->rank, MAX_SHORT, 0, &e) ||
             check_text("team", n->team, MAX_SHORT, 0, &e);
    if (rc == 0) {
        text_copy(p.name, sizeof p.name, n->name);
        text_copy(p.number, sizeof p.number, number);
        text_copy(p.rank, sizeof p.rank, n->rank);
        text_copy(p.team, sizeof p.team, n->team);
        p.role = (enum person_role)role;
        rc = check_person(&p, &e);
    }
    if (rc == 0 && store_person_insert(im->app->store, &p, im->app->now, &e) != 0) {
        if (e.kind == OPH_DB) {
            fatal(im, &e);
            return NULL;
        }
        rc = -1;
    }
    if (rc != 0) {
        if (n->line == line)
            col_report(im, line, c, "staff number %s cannot be added: %s", number, e.msg);
        else
            col_report(im, line, c, "staff number %s (the victim of line %ld) cannot be added: %s",
                       number, n->line, e.msg);
        return NULL;
    }
    struct known *k = xcalloc(1, sizeof *k);
    k->id = p.id;
    k->line = n->line;
    k->name = xstrdup(p.name);
    char key[TXT(MAX_NUMBER)];
    smap_put(&im->people, number_key(number, key))->val = k;
    im->res.people++;
    return k;
}

/* Whether a staff number is known: met before, in the database, or named as a victim in the
 * file. 1 yes, 0 no, -1 a database error (the import stops). */
static int number_known(struct importer *im, const char *number)
{
    if (smap_get(&im->people, number) || smap_get(&im->named, number))
        return 1;
    struct person p;
    struct oph_error err = {0};
    int rc = store_person_by_number(im->app->store, number, &p, &err);
    if (rc < 0)
        fatal(im, &err);
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
            warn(im, line, c,
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
            warn(im, line, c,
                 "staff number %s is not known, but %s is: a spreadsheet may have dropped "
                 "its leading zeros (" AS_TEXT_HINT ")",
                 number, twin);
            return;
        }
    }
}

/* A person by staff number: met before, in the database, or named as a victim somewhere in
 * the file (added now). `here`: this row's victim columns, for the victim. */
static struct known *resolve(struct importer *im, long line, int c, const char *number,
                             const struct named *here)
{
    char key[TXT(MAX_NUMBER)];
    struct sent *e = smap_get(&im->people, number_key(number, key));
    if (e)
        return e->val;
    struct person p;
    struct oph_error err = {0};
    int rc = store_person_by_number(im->app->store, number, &p, &err);
    if (rc < 0) {
        fatal(im, &err);
        return NULL;
    }
    if (rc > 0) {
        struct known *k = xcalloc(1, sizeof *k);
        k->id = p.id;
        k->name = xstrdup(p.name);
        smap_put(&im->people, key)->val = k;
        return k;
    }
    warn_zero_twin(im, line, c, number);
    if (im->fatal)
        return NULL;
    const struct named *n = here && here->name[0] ? here : NULL;
    if (!n) {
        struct sent *ne = smap_get(&im->named, key);
        n = ne ? ne->val : NULL;
    }
    if (!n) {
        col_report(im, line, c,
                   "no person with staff number %s in the database or named as a victim in the "
                   "file%s",
                   number, c == C_VICTIM_NUMBER ? " (give victim_name to add them)" : "");
        return NULL;
    }
    return add_person(im, line, c, number, n);
}

/* Cuts the command line's hint "(--crime-ref)" from an engine message. */
static void cut_hint(char *msg)
{
    char *h = strstr(msg, " (--");
    if (h)
        *h = '\0';
}

static const char *const step_hint[STEP_COUNT] = {
    [STEP_CRIME] = " (column crime_reference)",
    [STEP_VICTIM_CODE] = " (columns referral, enhanced_rights and vps_offered)",
    [STEP_INVESTIGATOR] = " (columns investigator_number and statement_taker_number)",
};

#define IMPORT_NOTE "imported from a spreadsheet"
#define IMPORT_NA_REASON "imported as not applicable"

/* The steps' status and done times, through the same rules as step done and step na. A step
 * not applicable without a done time is dated na_at. */
static void apply_steps(struct importer *im, long line, struct case_detail *c,
                        const int status[STEP_COUNT], const oph_time done[STEP_COUNT],
                        oph_time na_at)
{
    struct app *app = im->app;
    struct plan_ctx px = plan_of(app);
    for (int s = 0; s < STEP_COUNT; s++) {
        int sc = STEP_COL(s, SC_STATUS), dc = STEP_COL(s, SC_DONE_AT);
        struct step *st = &c->steps[s];
        struct oph_error e = {0};
        if (status[s] == STATUS_PENDING) {
            if (done[s] != OPH_NO_TIME)
                col_report(im, line, dc,
                           "a pending step has no done time (give its status: done or "
                           "not-applicable)");
            continue;
        }
        oph_time at = done[s];
        if (status[s] == STATUS_DONE && at == OPH_NO_TIME) {
            col_report(im, line, dc, "a done step needs its done time");
            continue;
        }
        if (at == OPH_NO_TIME)
            at = na_at; /* not applicable without a time: when the case closed, or now */
        else if (check_event_time("done", at, c, app->now, &e)) {
            col_report(im, line, dc, "%s", e.msg);
            continue;
        }
        if (status[s] == STATUS_NA) {
            st->status = STATUS_NA;
            st->done_at = at;
            text_copy(st->done_by, sizeof st->done_by, px.actor);
            text_copy(st->reason, sizeof st->reason, IMPORT_NA_REASON);
            st->dirty = true;
            continue;
        }
        if (s == STEP_WELFARE) {
            /* Step welfare is done by a welfare contact, as welfare add does it. */
            app_timeline_push(c, TL_WELFARE, at, VOCAB_WELFARE_METHOD.names[WM_OTHER],
                              "first welfare contact (" IMPORT_NOTE ")");
            wf_welfare_contact(c, at, &px);
            continue;
        }
        if (s != STEP_IOD && wf_step_ready(c, (enum step_code)s, IMPORT_NOTE, &e)) {
            cut_hint(e.msg);
            col_report(im, line, sc, "%s%s", e.msg, step_hint[s] ? step_hint[s] : "");
            continue;
        }
        if (s == STEP_IOD) /* both sign-offs, as the spreadsheet says it was done */
            st->victim_signed_at = st->supervisor_signed_at = at;
        st->status = STATUS_DONE;
        st->done_at = at;
        text_copy(st->done_by, sizeof st->done_by, px.actor);
        text_copy(st->note, sizeof st->note, IMPORT_NOTE);
        st->dirty = true;
    }
}

/* Closing, through the same rule as case close; follow-ups still pending on a case closed
 * before the import are not applicable (the spreadsheet does not record them). */
static void apply_closing(struct importer *im, long line, struct case_detail *c, int outcome,
                          oph_time outcome_at, oph_time closed_at)
{
    struct app *app = im->app;
    struct plan_ctx px = plan_of(app);
    px.closed_already = true;
    struct oph_error e = {0};
    if (outcome < 0)
        col_report(im, line, C_OUTCOME, "a closed case needs its outcome");
    if (closed_at == OPH_NO_TIME)
        col_report(im, line, C_CLOSED_AT, "a closed case needs its closing time");
    if (im->row_bad)
        return;
    if (outcome_at == OPH_NO_TIME)
        outcome_at = closed_at;
    if (check_event_time("closing", closed_at, c, app->now, &e)) {
        col_report(im, line, C_CLOSED_AT, "%s", e.msg);
        return;
    }
    if (check_event_time("outcome", outcome_at, c, app->now, &e)) {
        col_report(im, line, C_OUTCOME_AT, "%s", e.msg);
        return;
    }
    char ref[REF_LEN + 1];
    memcpy(ref, c->reference, sizeof ref); /* given in the file, or empty: numbered later */
    snprintf(c->reference, sizeof c->reference, "on line %lu", (unsigned long)line % 10000000UL);
    int rc = wf_can_close(c, outcome, &e);
    memcpy(c->reference, ref, sizeof ref);
    if (rc) {
        col_report(im, line, C_STATUS, "%s", e.msg);
        return;
    }
    c->outcome = outcome;
    c->outcome_at = outcome_at;
    wf_outcome(c, outcome_at, &px);
    wf_close(c, closed_at, &px);
    for (int i = 0; i < c->n_followups; i++) {
        struct followup *f = &c->followups[i];
        if (f->status != STATUS_PENDING)
            continue;
        f->status = STATUS_NA;
        f->done_at = closed_at;
        text_copy(f->reason, sizeof f->reason,
                  "the case was closed before it was imported; the spreadsheet does not "
                  "record this follow-up");
        f->dirty = true;
    }
}

static void reset_case(struct case_detail *c)
{
    case_detail_done(c);
    c->id = 0;
    c->uuid[0] = c->reference[0] = '\0';
    c->closed = false;
    case_facts_init(&c->facts);
    memset(&c->victim, 0, sizeof c->victim);
    memset(c->roles, 0, sizeof c->roles);
    c->outcome = -1;
    c->outcome_at = c->closed_at = c->created_at = OPH_NO_TIME;
    c->closing_note[0] = '\0';
    case_detail_init_extra(c);
}

static void do_row(struct importer *im, long line)
{
    struct app *app = im->app;
    struct case_detail *c = im->c;
    struct case_facts *f = &c->facts;
    im->res.rows++;
    im->row_bad = false;
    if (im->n != im->ncols) {
        report(im, line, NULL, "%d field%s where the header has %d", im->n, im->n == 1 ? "" : "s",
               im->ncols);
        return;
    }
    if (im->nul)
        for (int i = 0; i < im->n; i++)
            if (strlen(field_text(im, i)) != im->f[i].len)
                report(im, line, im->header[i], "text contains a NUL byte");
    if (im->row_bad)
        return;
    reset_case(c);

    /* Each cell on its own. */
    struct named victim_cols = {line, (char *)cell(im, C_VICTIM_NAME),
                                (char *)cell(im, C_VICTIM_ROLE), (char *)cell(im, C_VICTIM_RANK),
                                (char *)cell(im, C_VICTIM_TEAM)};
    char scratch[TXT(MAX_SHORT)];
    text_cell(im, line, C_VICTIM_NAME, MAX_NAME, 0, scratch, sizeof scratch);
    text_cell(im, line, C_VICTIM_RANK, MAX_SHORT, 0, scratch, sizeof scratch);
    text_cell(im, line, C_VICTIM_TEAM, MAX_SHORT, 0, scratch, sizeof scratch);
    vocab_cell(im, line, C_VICTIM_ROLE, &VOCAB_PERSON_ROLE, ROLE_OFFICER);
    number_cell(im, line, C_VICTIM_NUMBER, true, f->victim_number, sizeof f->victim_number);
    number_cell(im, line, C_SUPERVISOR, true, f->supervisor_number, sizeof f->supervisor_number);
    static const struct {
        enum col col;
        enum case_role role;
    } holders[] = {{C_SECOND_LINE, CROLE_SECOND_LINE},
                   {C_INVESTIGATOR, CROLE_INVESTIGATOR},
                   {C_STATEMENT_TAKER, CROLE_STATEMENT_TAKER},
                   {C_WELFARE_OFFICER, CROLE_WELFARE_OFFICER}};
    char holder_no[4][TXT(MAX_NUMBER)];
    for (int h = 0; h < 4; h++)
        number_cell(im, line, holders[h].col, false, holder_no[h], sizeof holder_no[h]);
    time_cell(im, line, C_OCCURRED, &f->occurred_at);
    if (!*cell(im, C_OCCURRED))
        col_report(im, line, C_OCCURRED, "required, but empty");
    time_cell(im, line, C_REPORTED, &f->reported_at);
    time_cell(im, line, C_ARRESTED, &f->arrested_at);
    text_cell(im, line, C_LOCATION, MAX_LOCATION, TEXT_REQUIRED, f->location, sizeof f->location);
    f->location_kind = vocab_cell(im, line, C_LOCATION_KIND, &VOCAB_LOCATION, LOC_OTHER);
    text_cell(im, line, C_OFFENCE, MAX_OFFENCE, 0, f->offence, sizeof f->offence);
    text_cell(im, line, C_SUMMARY, MAX_TEXT, TEXT_MULTILINE, f->summary, sizeof f->summary);
    f->mechanism = vocab_cell(im, line, C_MECHANISM, &VOCAB_MECHANISM, -1);
    f->injury = vocab_cell(im, line, C_INJURY, &VOCAB_INJURY, INJURY_NONE);
    text_cell(im, line, C_BODY_PART, MAX_SHORT, 0, f->body_part, sizeof f->body_part);
    f->treatment = vocab_cell(im, line, C_TREATMENT, &VOCAB_TREATMENT, -1);
    f->specified_injury = yesno_cell(im, line, C_SPECIFIED) == TRI_YES;
    f->days_off = int_cell(im, line, C_DAYS_OFF, 0, MAX_DAYS_OFF);
    f->off_work = yesno_cell(im, line, C_OFF_WORK) == TRI_YES;
    f->offender_known = yesno_cell(im, line, C_OFFENDER_KNOWN);
    text_cell(im, line, C_THOR, MAX_TEXT, TEXT_MULTILINE, f->thor, sizeof f->thor);
    text_cell(im, line, C_CRIME_REF, MAX_CRIME_REF, 0, f->crime_reference,
              sizeof f->crime_reference);
    const char *converted = import_looks_converted(f->crime_reference);
    if (converted)
        warn(im, line, C_CRIME_REF,
             "'%s' looks like %s a spreadsheet made of a crime reference: check it "
             "(" AS_TEXT_HINT ")",
             f->crime_reference, converted);
    else if (import_all_digits(f->crime_reference) && f->crime_reference[0] != '0' &&
             strlen(f->crime_reference) < im->zero_ref_len)
        warn(im, line, C_CRIME_REF,
             "'%s' looks like a number that lost its leading zeros (the file also has "
             "'%s'): check it (" AS_TEXT_HINT ")",
             f->crime_reference, im->zero_ref_example);
    f->referral = vocab_cell(im, line, C_REFERRAL, &VOCAB_REFERRAL, -1);
    f->enhanced_rights = yesno_cell(im, line, C_ENHANCED);
    f->vps_offered = yesno_cell(im, line, C_VPS);
    f->support_score = int_cell(im, line, C_SUPPORT_SCORE, 1, 5);

    const char *uuid_s = cell(im, C_UUID), *ref_s = cell(im, C_REFERENCE);
    int ref_year = 0, ref_no = 0;
    if (*uuid_s && !valid_uuid(uuid_s, c->uuid))
        col_report(im, line, C_UUID,
                   "expected a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e (got '%.40s')",
                   uuid_s);
    /* A reference that is not one (OPH-YYYY-NNNNN, numbered from 1) is replaced, not refused:
     * see below. */
    if (*ref_s && (!valid_reference(ref_s, c->reference, &ref_year, &ref_no) || ref_no == 0))
        c->reference[0] = '\0';

    const char *status_s = cell(im, C_STATUS);
    bool closed = *cell(im, C_CLOSED_AT) != '\0';
    if (strcasecmp(status_s, "closed") == 0)
        closed = true;
    else if (strcasecmp(status_s, "open") == 0)
        closed = false;
    else if (*status_s)
        col_report(im, line, C_STATUS, "expected open or closed (got '%.40s')", status_s);
    int outcome = vocab_cell(im, line, C_OUTCOME, &VOCAB_OUTCOME, -1);
    oph_time outcome_at, closed_at;
    time_cell(im, line, C_OUTCOME_AT, &outcome_at);
    time_cell(im, line, C_CLOSED_AT, &closed_at);
    if (!closed) {
        if (*cell(im, C_OUTCOME))
            col_report(im, line, C_OUTCOME,
                       "an open case has no outcome (give its status: closed)");
        if (*cell(im, C_OUTCOME_AT))
            col_report(im, line, C_OUTCOME_AT,
                       "an open case has no outcome time (give its status: closed)");
        if (*cell(im, C_CLOSED_AT))
            col_report(im, line, C_CLOSED_AT,
                       "an open case has no closing time (give its status: closed)");
    }
    int step_status[STEP_COUNT];
    oph_time step_done[STEP_COUNT];
    for (int s = 0; s < STEP_COUNT; s++) {
        step_status[s] =
            vocab_cell(im, line, STEP_COL(s, SC_STATUS), &VOCAB_STATUS, STATUS_PENDING);
        time_cell(im, line, STEP_COL(s, SC_DONE_AT), &step_done[s]);
    }
    if (im->row_bad)
        return;

    /* The facts whole, by the rules of case new. */
    if (f->reported_at == OPH_NO_TIME)
        f->reported_at = f->occurred_at; /* an old record: not "reported now" */
    enum fact_field at = FACT_NONE;
    struct oph_error e = {0};
    if (check_case_facts_at(f, app->now, &at, &e)) {
        col_report(im, line, at >= 0 ? (int)fact_col[at] : -1, "%s", e.msg);
        return;
    }

    /* A reference is kept only when it is one of the year the case was reported; otherwise
     * the case gets a new one, and the warning names both. */
    char ref_why[300] = "";
    const char *made = *ref_s && !c->reference[0] ? import_looks_converted(ref_s) : NULL;
    if (*ref_s && !c->reference[0] && !made && import_all_digits(ref_s))
        made = "a number";
    if (made)
        snprintf(
            ref_why, sizeof ref_why,
            "'%.40s' is not a reference (it looks like %s a spreadsheet made of one: " AS_TEXT_HINT
            ")",
            ref_s, made);
    else if (*ref_s && !c->reference[0])
        snprintf(ref_why, sizeof ref_why,
                 "'%.40s' is not a reference (OPH-YYYY-NNNNN, numbered from 00001)", ref_s);
    else if (c->reference[0] && ref_year != london_date(f->reported_at).year) {
        snprintf(ref_why, sizeof ref_why,
                 "%s is not a reference of %d, the year the case was reported", c->reference,
                 london_date(f->reported_at).year);
        c->reference[0] = '\0';
    }

    /* Identity: never two cases with one UUID or reference. */
    if (c->uuid[0]) {
        struct sent *u = smap_get(&im->uuids, c->uuid);
        char other[REF_LEN + 1];
        int rc;
        if (u && u->line != line)
            col_report(im, line, C_UUID, "the same UUID as line %ld", u->line);
        else if ((rc = store_case_find(app->store, c->uuid, other, &e)) < 0) {
            fatal(im, &e);
            return;
        } else if (rc > 0)
            col_report(im, line, C_UUID,
                       "case %s in the database already has this UUID: it is not overwritten",
                       other);
    }
    if (c->reference[0] && !im->row_bad) {
        struct sent *r = smap_get(&im->refs, c->reference);
        char other[REF_LEN + 1];
        int rc;
        if (r && r->line != line)
            col_report(im, line, C_REFERENCE, "the same reference as line %ld", r->line);
        else if ((rc = store_case_find(app->store, c->reference, other, &e)) < 0) {
            fatal(im, &e);
            return;
        } else if (rc > 0)
            col_report(im, line, C_REFERENCE, "%s is already the reference of another case",
                       c->reference);
    }

    /* People: the victim, the supervisor and the role holders. */
    struct known *victim = resolve(im, line, C_VICTIM_NUMBER, f->victim_number, &victim_cols);
    if (victim && victim_cols.name[0] && strcmp(victim->name, victim_cols.name) != 0) {
        if (victim->line == 0)
            col_report(im, line, C_VICTIM_NAME,
                       "staff number %s is %s in the database, not '%.100s'", f->victim_number,
                       victim->name, victim_cols.name);
        else
            col_report(im, line, C_VICTIM_NAME, "staff number %s is %s on line %ld, not '%.100s'",
                       f->victim_number, victim->name, victim->line, victim_cols.name);
    }
    struct known *supervisor =
        im->fatal ? NULL : resolve(im, line, C_SUPERVISOR, f->supervisor_number, NULL);
    int64_t role_ids[CROLE_COUNT] = {0};
    if (victim) {
        c->victim.id = victim->id;
        text_copy(c->victim.number, sizeof c->victim.number, f->victim_number);
        text_copy(c->victim.name, sizeof c->victim.name, victim->name);
    }
    if (supervisor) {
        role_ids[CROLE_SUPERVISOR] = supervisor->id;
        c->roles[CROLE_SUPERVISOR].set = true;
        text_copy(c->roles[CROLE_SUPERVISOR].number, sizeof c->roles[0].number,
                  f->supervisor_number);
        text_copy(c->roles[CROLE_SUPERVISOR].name, sizeof c->roles[0].name, supervisor->name);
    }
    for (int h = 0; h < 4 && !im->fatal; h++) {
        if (!holder_no[h][0])
            continue;
        struct person who;
        memset(&who, 0, sizeof who);
        text_copy(who.number, sizeof who.number, holder_no[h]);
        if (victim && check_role(c, holders[h].role, &who, &e)) {
            col_report(im, line, holders[h].col, "%s", e.msg);
            continue;
        }
        struct known *k = resolve(im, line, holders[h].col, holder_no[h], NULL);
        if (!k)
            continue;
        struct role_holder *r = &c->roles[holders[h].role];
        r->set = true;
        text_copy(r->number, sizeof r->number, holder_no[h]);
        text_copy(r->name, sizeof r->name, k->name);
        role_ids[holders[h].role] = k->id;
    }
    if (im->row_bad || im->fatal)
        return;

    /* The plan, as case new starts it; then the steps and the closing as recorded. */
    c->created_at = app->now;
    app_case_plan_start(app, c, closed);
    apply_steps(im, line, c, step_status, step_done,
                closed && closed_at != OPH_NO_TIME ? closed_at : app->now);
    if (closed && !im->row_bad)
        apply_closing(im, line, c, outcome, outcome_at, closed_at);
    if (im->row_bad)
        return;

    /* A new reference: the lowest number of its year that neither a case nor a row of the
     * file has. */
    if (!c->reference[0]) {
        int year = london_date(f->reported_at).year, from = 1;
        do {
            if (store_case_free_reference(app->store, year, from, c->reference, &e)) {
                if (e.kind == OPH_DB) {
                    fatal(im, &e);
                    return;
                }
                col_report(im, line, C_REPORTED, "%s", e.msg);
                return;
            }
            from = atoi(c->reference + 9) + 1;
        } while (smap_get(&im->refs, c->reference));
        if (ref_why[0])
            warn(im, line, C_REFERENCE, "%s: the case is given %s", ref_why, c->reference);
    }
    if (app_case_save_new(app, c, victim->id, supervisor->id, role_ids, &e)) {
        if (e.kind == OPH_DB) {
            fatal(im, &e);
            return;
        }
        report(im, line, NULL, "%s", e.msg);
        return;
    }
    im->res.cases++;
}

/* One row is one action of the log: its new people and its case, signed by the named user.
 * A row with a problem is kept in the transaction (later rows may name its people): the
 * whole import is rolled back when any row has one. */
static void import_row(struct importer *im, long line)
{
    struct oph_error e = {0};
    char what[64];
    snprintf(what, sizeof what, "import row %ld", line);
    /* A dry run saves nothing, so it needs nobody named: the program signs what it undoes. */
    bool dry = im->o && im->o->dry_run;
    if ((dry ? store_action_begin_program : store_action_begin)(im->app->store, what, &e)) {
        fatal(im, &e);
        return;
    }
    app_sign(im->app);
    do_row(im, line);
    if (im->fatal)
        store_action_rollback(im->app->store);
    else if (store_action_commit(im->app->store, &e))
        fatal(im, &e);
}

/* ---- the whole import ---------------------------------------------------------------- */

static void importer_free(struct importer *im)
{
    for (int i = 0; i < im->ncols; i++)
        free(im->header[i]);
    free(im->header);
    free(im->dest);
    free(im->buf);
    free(im->f);
    free_map(im);
    smap_free(&im->named, named_free);
    smap_free(&im->uuids, NULL);
    smap_free(&im->refs, NULL);
    smap_free(&im->people, known_free);
    if (im->c) {
        case_detail_done(im->c);
        free(im->c);
    }
}

int import_csv(struct app *app, const char *data, size_t len, const struct import_options *o,
               import_problem_cb cb, void *ctx, struct import_result *res, struct oph_error *err)
{
    struct importer im;
    memset(&im, 0, sizeof im);
    im.app = app;
    im.o = o;
    im.cb = cb;
    im.ctx = ctx;
    im.err = err;
    if (res)
        memset(res, 0, sizeof *res);
    if (parse_map(&im, o ? o->map : NULL, err)) {
        free_map(&im);
        return -1;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    size_t first = 0;
    while (first < len && strchr(" \t\r\n", data[first]))
        first++;
    if (first == len) {
        free_map(&im);
        return oph_fail(err, OPH_INVALID, "the file is empty: no header row");
    }
    if (data[first] == '{' || data[first] == '[') {
        free_map(&im);
        return oph_fail(err, OPH_INVALID, "not a CSV file (it looks like JSON)");
    }
    im.c = xcalloc(1, sizeof *im.c);
    for (int c = 0; c < C_COUNT; c++)
        im.colof[c] = -1;

#ifdef __GLIBC__
    /* Each row's case grows item arrays holding large text buffers: keep the freed heap
     * rather than hand it back to the kernel after every row (as demo does). */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
    im.pass = 1;
    read_csv(&im, data, len);
    int rc = 0;
    if (im.res.problems == 0 && im.ncols == 0)
        rc = oph_fail(err, OPH_INVALID, "the file is empty: no header row");
    if (rc == 0 && im.res.problems == 0) {
        im.pass = 2;
        struct oph_error ignored;
        /* A speed-up only (failing is harmless): the transaction's pages and statement
         * journals stay in memory. Set before the transaction begins, which is when SQLite
         * reads it: set after, every insert's journal went to a temporary file. */
        store_large_cache(app->store, true, &ignored);
        rc = store_begin(app->store, err);
        if (rc == 0) {
            read_csv(&im, data, len);
            if (im.fatal || im.res.problems || (o && o->dry_run)) {
                store_rollback(app->store);
            } else if (store_commit(app->store, err)) {
                im.fatal = true;
            }
        }
        store_large_cache(app->store, false, &ignored);
        if (im.fatal)
            rc = -1;
    }
    if (res) {
        *res = im.res;
        if (rc || im.res.problems)
            res->cases = res->people = 0;
    }
    if (rc == 0 && im.res.problems)
        rc = 1;
    importer_free(&im);
    return rc;
}
