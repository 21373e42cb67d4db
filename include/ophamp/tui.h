/* The terminal front end: case list, case view, reminders, people, rules, forms. */
#ifndef OPHAMP_TUI_H
#define OPHAMP_TUI_H

#include <stdbool.h>
#include <stdio.h>

#include "ophamp/calendar.h"

/* Runs the front end on the database at db_path with the program's clock at `now`; a clock
 * that runs (not fixed by OPHAMP_NOW) is read again at every key, so that "now" typed in a
 * form an hour after starting is that hour. Returns the exit status. The terminal is restored
 * on every path out, Ctrl-C included. */
int tui_main(const char *db_path, oph_time now, bool clock_runs);

/* The key list of the man page, generated from the request table (roff). */
void tui_print_keys_roff(FILE *out);

#endif
