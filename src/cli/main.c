/* SPDX-License-Identifier: MIT */
/* apig - command-line front end to the library (see README.md and man/apig.1).
 * apig --help lists the commands; apig --version prints the version. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
} commands[] = {
    {"syntax", cmd_syntax, "syntax [--max-bytes N] [FILE|-]"},
    {"validate", cmd_validate,
     "validate [--operation NAME] [--member-type ip|instance|ecs] [--channel-type N] "
     "[--reject-unknown] [--all-errors] [--pretty] [FILE|-]"},
    {"request", cmd_request,
     "request --method M --path P [--header 'Name: value']... [--credentials FILE] "
     "[--now YYYYMMDDTHHMMSSZ] [--member-type ip|instance|ecs] [--channel-type N] "
     "[--reject-unknown] [--all-errors] [--pretty] [FILE|-]"},
    {"response", cmd_response, "response [--operation NAME] [--strict] [--pretty] [FILE|-]"},
    {"ops", cmd_ops, "ops"},
    {"error", cmd_error, "error CODE [--param NAME] [--id ID] [--pretty]"},
};

static int usage(FILE *to)
{
    fprintf(to, "usage:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(to, "  apig %s\n", commands[i].usage);
    fprintf(to, "  apig --help | --version\n"
                "Each command takes --help. Exit 0 success, 1 rejected, 2 usage or I/O error.\n");
    return APIG_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage(stderr);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return fflush(stdout) == 0 ? APIG_EXIT_OK : APIG_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("apig %s\n", APIG_VERSION_STRING);
        return fflush(stdout) == 0 ? APIG_EXIT_OK : APIG_EXIT_USAGE;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "apig: unknown command '%s'\n", argv[1]);
    return usage(stderr);
}
