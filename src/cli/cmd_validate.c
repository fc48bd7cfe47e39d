/* PLACEHOLDER: replaced by the real subcommand. */
#include <stdio.h>
#include "cli.h"
int cmd_validate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "apig validate: not implemented yet\n");
    return APIG_EXIT_USAGE;
}
/* PLACEHOLDER: replaced by the real subcommand. */
#include <stdio.h>
#include "cli.h"
int cmd_request(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "apig request: not implemented yet\n");
    return APIG_EXIT_USAGE;
}
