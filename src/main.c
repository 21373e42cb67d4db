/* ophamp: the Operation Hampshire case manager. With a command, runs it; without one, opens
 * the terminal front end. */
#include "ophamp/cli.h"
#include "ophamp/tui.h"

int main(int argc, char **argv)
{
    static const struct front_end tui = {tui_main, tui_print_keys_roff};
    return cli_main(argc, argv, &tui);
}
