/* ophamp: the Operation Hampshire case manager. With a command, runs it; without one, opens
 * the terminal front end. */
#include "ophamp/cli.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}
