/* The command line: parses the arguments, runs one command, returns the exit status
 * (0 success, 1 refused or nothing matched, 2 usage, 3 database or file error). */
#ifndef OPHAMP_CLI_H
#define OPHAMP_CLI_H

int cli_main(int argc, char **argv);

#endif
