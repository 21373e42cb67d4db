/* The command line: parses the arguments, runs one command, returns the exit status
 * (0 success, 1 refused or nothing matched, 2 usage, 3 database or file error). */
#ifndef OPHAMP_CLI_H
#define OPHAMP_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "ophamp/calendar.h"

/* The terminal front end, which main.c hands to the command line to open when no command is
 * given: the command line itself never reaches into the front end (a layer apart). NULL in a
 * build without one (the fuzz target): no command is then a usage error. */
struct front_end {
    int (*open)(const char *db_path, oph_time now, bool clock_runs);
    void (*print_keys_roff)(FILE *out); /* the man page's key list (--keys-roff) */
};

int cli_main(int argc, char **argv, const struct front_end *fe);

#endif
