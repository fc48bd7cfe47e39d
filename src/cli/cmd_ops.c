/* SPDX-License-Identifier: MIT */
/*
 * apig ops: one line per bundled operation, "METHOD PATH OPERATION", in
 * the order routing tries them. Exit 0.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_ops(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: apig ops\n  Lists the operations this tool knows: METHOD PATH OPERATION.\n");
        return APIG_EXIT_OK;
    }
    if (argc > 1) {
        fprintf(stderr, "apig ops: takes no arguments\nusage: apig ops\n");
        return APIG_EXIT_USAGE;
    }
    for (size_t i = 0; i < cli_operation_count(); i++) {
        const apig_operation *op = cli_operation(i);
        if (printf("%s %s %s\n", op->method, op->path_template, op->name) < 0) {
            fprintf(stderr, "apig ops: cannot write standard output\n");
            return APIG_EXIT_USAGE;
        }
    }
    return fflush(stdout) == 0 ? APIG_EXIT_OK : APIG_EXIT_USAGE;
}
