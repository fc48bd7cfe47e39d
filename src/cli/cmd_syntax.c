/* PLACEHOLDER: replaced by the real subcommand. */
#include <stdio.h>
#include "cli.h"
int cmd_syntax(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "apig syntax: not implemented yet\n");
    return APIG_EXIT_USAGE;
}
