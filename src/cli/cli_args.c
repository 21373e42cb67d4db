/* Parsing a command's arguments against its entry in the command table, the value parsers every
 * command shares, and the one error line a run prints. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "ophamp/text.h"
#include "ophamp/when.h"

/* ---- errors -------------------------------------------------------------------------- */

/* Whether this run has printed its error line: a run prints one at most, so an output that
 * fails after a command said why (a full disk under stdout) is not said twice. */
static bool error_said;

bool cli_error_said(void)
{
    return error_said;
}

int cli_report(const struct oph_error *err)
{
    error_said = true;
    /* Messages quote names, keys and paths the user gave: never let them drive the terminal
     * or break the one-line contract. */
    char worded[sizeof err->msg + 64], safe[sizeof worded * 3];
    cli_word_error(err, worded, sizeof worded);
    text_neutralise(worded, safe, sizeof safe, false);
    fprintf(stderr, "ophamp: %s\n", safe);
    switch (err->kind) {
    case OPH_OK:
    case OPH_REFUSED:
        return EXIT_REFUSED;
    case OPH_INVALID:
        return EXIT_USAGE;
    case OPH_DB:
        return EXIT_DB;
    }
    return EXIT_DB;
}

int cli_usage_error(const struct parsed *p, const char *fmt, ...)
{
    char name[32] = "";
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (p && p->cmd)
        cli_command_name(p->cmd, name, sizeof name);
    error_said = true;
    /* The message may quote what the user typed: never let it drive the terminal. */
    char safe[1024];
    text_neutralise(msg, safe, sizeof safe, false);
    fprintf(stderr, "ophamp%s%s: %s\n", name[0] ? " " : "", name, safe);
    return EXIT_USAGE;
}

/* ---- option access ------------------------------------------------------------------- */

static int opt_index(const struct parsed *p, const char *name)
{
    for (int i = 0; p->cmd->opts[i].name; i++)
        if (strcmp(p->cmd->opts[i].name, name) == 0)
            return i;
    return -1;
}

const char *opt(const struct parsed *p, const char *name)
{
    int i = opt_index(p, name);
    return i >= 0 && p->present[i] ? p->values[i] : NULL;
}

bool has(const struct parsed *p, const char *name)
{
    int i = opt_index(p, name);
    return i >= 0 && p->present[i];
}

int opt_time(const struct parsed *p, const char *name, oph_time *out)
{
    const char *v = opt(p, name), *why = NULL;
    if (!v)
        return 0;
    if (when_parse(v, p->now, out, &why) != 0)
        return cli_usage_error(p, "--%s: %s (got '%s')", name, why, v);
    return 0;
}

static int vocab_value(const struct parsed *p, const char *what, const char *v,
                       const struct vocab *voc, int *out)
{
    int k = vocab_find(voc, v);
    if (k < 0) {
        char list[256];
        return cli_usage_error(p, "%s: unknown %s '%s' (one of %s)", what, voc->what, v,
                               vocab_list(voc, list, sizeof list));
    }
    *out = k;
    return 0;
}

int opt_vocab(const struct parsed *p, const char *name, const struct vocab *v, int *out)
{
    const char *val = opt(p, name);
    char what[40];
    snprintf(what, sizeof what, "--%s", name);
    return val ? vocab_value(p, what, val, v, out) : 0;
}

int arg_vocab(const struct parsed *p, int i, const struct vocab *v, int *out)
{
    return vocab_value(p, v->what, p->args[i], v, out);
}

static int parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == ' ' || *s == '+')
        return -1;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int opt_int(const struct parsed *p, const char *name, long min, long max, long *out)
{
    const char *v = opt(p, name);
    if (v && parse_long(v, min, max, out))
        return cli_usage_error(p, "--%s: expected a whole number from %ld to %ld (got '%s')", name,
                               min, max, v);
    return 0;
}

int arg_number(const struct parsed *p, int i, int *out)
{
    long v;
    if (parse_long(p->args[i], 1, 2147483647L, &v))
        return cli_usage_error(p, "expected an item number (got '%s')", p->args[i]);
    *out = (int)v;
    return 0;
}

int opt_yesno(const struct parsed *p, const char *name, int *out)
{
    const char *v = opt(p, name);
    if (!v)
        return 0;
    if (strcmp(v, "yes") == 0)
        *out = TRI_YES;
    else if (strcmp(v, "no") == 0)
        *out = TRI_NO;
    else
        return cli_usage_error(p, "--%s: expected yes or no (got '%s')", name, v);
    return 0;
}

int opt_format(const struct parsed *p, const char *const *formats, int *out)
{
    const char *v = opt(p, "format");
    *out = 0;
    if (!v)
        return 0;
    for (int i = 0; formats[i]; i++)
        if (strcmp(formats[i], v) == 0) {
            *out = i;
            return 0;
        }
    char list[128] = "";
    size_t o = 0;
    for (int i = 0; formats[i] && o < sizeof list; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", formats[i]);
    return cli_usage_error(p, "--format: unknown format '%s' (one of %s)", v, list);
}

/* ---- parsing ------------------------------------------------------------------------- */

int cli_parse_args(const struct command *c, int argc, char **argv, struct parsed *p)
{
    memset(p, 0, sizeof *p);
    p->cmd = c;
    bool only_args = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || a[1] == '\0' ||
            (a[1] != '-' && (a[1] >= '0' && a[1] <= '9'))) {
            if (p->nargs >= CLI_MAX_ARGS || p->nargs >= (c->max_args ? c->max_args : 0))
                return cli_usage_error(p, "unexpected argument '%s' (see --help)", a);
            p->args[p->nargs++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_args = true;
            continue;
        }
        /* One-letter options (-o FILE) are options named by that letter. */
        bool short_opt = a[1] != '-';
        if (short_opt && a[2] != '\0')
            return cli_usage_error(p, "unknown option '%s' (see --help)", a);
        const char *name = a + (short_opt ? 1 : 2), *eq = short_opt ? NULL : strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        int k = -1;
        for (int j = 0; c->opts[j].name; j++)
            if (c->opts[j].name[0] != '_' && strlen(c->opts[j].name) == len &&
                strncmp(c->opts[j].name, name, len) == 0 && (len == 1) == short_opt)
                k = j;
        if (k < 0)
            return cli_usage_error(p, "unknown option '%.*s' (see --help)",
                                   (int)len + (short_opt ? 1 : 2), a);
        if (p->present[k])
            return cli_usage_error(p, "%s%s given twice", short_opt ? "-" : "--", c->opts[k].name);
        p->present[k] = true;
        if (c->opts[k].takes_value) {
            if (eq)
                p->values[k] = eq + 1;
            else if (i + 1 < argc)
                p->values[k] = argv[++i];
            else
                return cli_usage_error(p, "%s%s needs a value", short_opt ? "-" : "--",
                                       c->opts[k].name);
        } else if (eq) {
            return cli_usage_error(p, "--%s takes no value", c->opts[k].name);
        }
    }
    if (p->nargs < c->min_args)
        return cli_usage_error(p, "expected %s (see --help)", c->usage);
    return 0;
}
