/* The command line's front door: global options, the clock, the database and the dispatch
 * to a command. The command table and its help are in cli_commands.c, option parsing and the
 * value parsers every command shares in cli_args.c. */
#include "ophamp/cli.h"

#include <errno.h>
#include <locale.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_internal.h"
#include "ophamp/outfile.h"
#include "ophamp/text.h"
#include "ophamp/when.h"

/* ---- the program's clock and database ------------------------------------------------ */

static int read_clock(oph_time *now)
{
    const char *env = getenv("OPHAMP_NOW"), *why = NULL;
    if (env && *env) {
        if (time_parse(env, now, &why) != 0) {
            char safe[128];
            text_neutralise(env, safe, sizeof safe, false);
            fprintf(stderr, "ophamp: OPHAMP_NOW: %s (got '%s')\n", why, safe);
            return EXIT_USAGE;
        }
        return 0;
    }
    *now = (oph_time)time(NULL);
    return 0;
}

int cli_db_path(struct cli *cli, char *buf, size_t bufsz, const char **out)
{
    struct oph_error err = {0};
    const char *db = cli->db_path;
    if (!db || !*db)
        db = getenv("OPHAMP_DB");
    if (!db || !*db) {
        if (app_default_path(buf, bufsz, &err))
            return cli_report(&err);
        db = buf;
    }
    struct stat sb;
    /* (A link to nothing is not "no database": opening it says what it is.) */
    if (!(cli->cmd && cli->cmd->creates) && stat(db, &sb) != 0 &&
        (errno == ENOENT || errno == ENOTDIR) && !(lstat(db, &sb) == 0 && S_ISLNK(sb.st_mode))) {
        oph_fail(&err, OPH_DB, "no database at %s (ophamp whoami or the front end creates one)",
                 db);
        return cli_report(&err);
    }
    /* `ophamp case list >> ophamp.db` would write into the database. */
    if (out_refuse_database(NULL, db, &err))
        return cli_report(&err);
    *out = db;
    return 0;
}

void cli_remove_new_database(struct cli *cli, const char *db)
{
    if (cli->opened) {
        app_close(&cli->app);
        cli->opened = false;
    }
    char side[4200];
    unlink(db);
    (void)!snprintf(side, sizeof side, "%s-wal", db);
    unlink(side);
    (void)!snprintf(side, sizeof side, "%s-shm", db);
    unlink(side);
    if (strcmp(db, cli->created) == 0)
        cli->created[0] = '\0';
}

int cli_app(struct cli *cli, struct app **out)
{
    if (!cli->opened) {
        struct oph_error err = {0};
        char path[4096];
        const char *db;
        int rc = cli_db_path(cli, path, sizeof path, &db);
        if (rc)
            return rc;
        /* Anything at the path (a link to nothing too) is not this command's to remove. */
        struct stat sb;
        bool existed = lstat(db, &sb) == 0;
        if (app_open(&cli->app, db, cli->now, &err)) {
            if (!existed)
                cli_remove_new_database(cli, db);
            return cli_report(&err);
        }
        cli->opened = true;
        if (!existed)
            text_copy(cli->created, sizeof cli->created, db);
    }
    *out = &cli->app;
    return 0;
}

/* The end of every run: what is still buffered for stdout goes out, and an output that could
 * not be written (a closed pipe, a full disk) is an error, said once (exit status 3). */
static int output_done(int rc)
{
    int e = 0;
    if (fflush(stdout) != 0)
        e = errno;
    else if (ferror(stdout)) {
        /* An earlier write failed and its errno is gone: one more byte to an output already
         * cut short says why (a full disk, a closed pipe), or EIO when it goes through. */
        clearerr(stdout);
        e = fputc('\n', stdout) == EOF || fflush(stdout) != 0 ? errno : EIO;
    }
    if (e == 0)
        return rc;
    if (cli_error_said()) /* the command has said why it failed */
        return rc ? rc : EXIT_DB;
    fprintf(stderr, "ophamp: cannot write the output: %s\n", strerror(e));
    return EXIT_DB;
}

int cli_main(int argc, char **argv, const struct front_end *fe)
{
    struct cli cli = {0};
    /* Display widths of names in tables (wcwidth) need a UTF-8 character type; the text
     * itself is always UTF-8, whatever the user's locale says. */
    if (!setlocale(LC_CTYPE, "") || MB_CUR_MAX == 1)
        setlocale(LC_CTYPE, "C.UTF-8");
    int i = 1;
    for (; i < argc; i++) {
        if ((strcmp(argv[i], "--db") == 0 || strncmp(argv[i], "--db=", 5) == 0) && cli.db_path) {
            fprintf(stderr, "ophamp: --db given twice\n");
            return EXIT_USAGE;
        }
        if (strcmp(argv[i], "--db") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "ophamp: --db needs a path\n");
                return EXIT_USAGE;
            }
            cli.db_path = argv[++i];
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            cli.db_path = argv[i] + 5;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            cli_print_usage(stdout);
            return output_done(EXIT_OK);
        } else if (strcmp(argv[i], "--keys-roff") == 0 && fe) {
            fe->print_keys_roff(stdout); /* the man page's key list, from the key table */
            return output_done(EXIT_OK);
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("ophamp %s\n", OPHAMP_VERSION);
            return output_done(EXIT_OK);
        } else {
            break;
        }
    }
    if (cli.db_path && !*cli.db_path) {
        fprintf(stderr, "ophamp: --db needs a path\n");
        return EXIT_USAGE;
    }
    if (i >= argc && !fe) {
        fprintf(stderr, "ophamp: no command given (see ophamp --help)\n");
        return EXIT_USAGE;
    }
    if (i >= argc) {
        oph_time now;
        int rc = read_clock(&now);
        char path[4096];
        const char *db = cli.db_path && *cli.db_path ? cli.db_path : getenv("OPHAMP_DB");
        struct oph_error err = {0};
        if (rc)
            return rc;
        if (!db || !*db) {
            if (app_default_path(path, sizeof path, &err))
                return cli_report(&err);
            db = path;
        }
        const char *fixed = getenv("OPHAMP_NOW");
        return fe->open(db, now, !(fixed && *fixed));
    }
    const char *group = argv[i], *verb = i + 1 < argc ? argv[i + 1] : NULL;
    const struct command *c = NULL;
    bool group_known = false;
    for (int k = 0; k < cli_n_commands; k++) {
        const struct command *cand = &cli_commands[k];
        if (strcmp(cand->group, group) != 0)
            continue;
        group_known = true;
        if (!cand->verb || (verb && strcmp(cand->verb, verb) == 0)) {
            c = cand;
            break;
        }
    }
    if (!c) {
        char safe[128];
        if (!group_known) {
            text_neutralise(group, safe, sizeof safe, false);
            fprintf(stderr, "ophamp: unknown command '%s' (see ophamp --help)\n", safe);
        } else if (verb && (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0)) {
            cli_print_usage(stdout);
            return output_done(EXIT_OK);
        } else if (verb) {
            text_neutralise(verb, safe, sizeof safe, false);
            fprintf(stderr, "ophamp %s: unknown command '%s' (see ophamp --help)\n", group, safe);
        } else {
            fprintf(stderr, "ophamp %s: which one? (see ophamp --help)\n", group);
        }
        return EXIT_USAGE;
    }
    int first = i + (c->verb ? 2 : 1);
    for (int k = first; k < argc; k++) {
        if (strcmp(argv[k], "--") == 0)
            break;
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            cli_print_command_help(c);
            return output_done(EXIT_OK);
        }
    }
    struct parsed p;
    cli.cmd = c;
    int rc = cli_parse_args(c, argc - first, argv + first, &p);
    if (rc == 0)
        rc = read_clock(&cli.now);
    p.now = cli.now;
    if (rc == 0)
        rc = c->run(&cli, &p);
    /* A command refused on a database it created leaves none behind: refused, nothing is
     * changed. */
    if (rc != EXIT_OK && cli.created[0])
        cli_remove_new_database(&cli, cli.created);
    if (cli.opened)
        app_close(&cli.app);
    return output_done(rc);
}
