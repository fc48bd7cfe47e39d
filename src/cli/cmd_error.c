/* SPDX-License-Identifier: MIT */
/*
 * apig error CODE [--param NAME] [--id ID] [--pretty]
 *
 * Prints the service's error body for catalog entry CODE (what a server
 * answers), e.g. `apig error <the 404 code> --id <id> --pretty` prints the
 * document's 404 example byte for byte. Exit 0; 2 for an unknown code or a
 * usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include "cli.h"

static int error_usage(FILE *to)
{
    const apig_catalog *cat = cli_find_operation(CLI_DEFAULT_OPERATION)->catalog;
    fprintf(to,
            "usage: apig error CODE [--param NAME] [--id ID] [--pretty]\n"
            "  Prints the error body {\"error_code\", \"error_msg\"} of catalog entry\n"
            "  CODE, compact or, with --pretty, as the API document prints it.\n"
            "  --param NAME  the parameterName of entries that name a parameter\n"
            "                (\"<message>,parameterName:NAME. Please refer ...\")\n"
            "  --id ID       the resource id of entries that name one (\"<message>,id:ID\")\n"
            "  Without --param (or --id) such an entry prints its catalog message\n"
            "  alone; an option the entry does not take is ignored.\n"
            "  Exit 0; 2 for an unknown CODE or a usage error.\n"
            "  codes:");
    for (uint32_t i = 0; i < cat->entry_count; i++)
        fprintf(to, "%s %s", i % 6 == 0 ? "\n   " : "", cat->entries[i].code);
    fprintf(to, "\n");
    return to == stdout ? APIG_EXIT_OK : APIG_EXIT_USAGE;
}

int cmd_error(int argc, char **argv)
{
    const char *code = NULL, *param = NULL, *id = NULL;
    unsigned style = APIG_STYLE_COMPACT;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--pretty") == 0) {
            style |= APIG_STYLE_PRETTY;
        } else if (strcmp(a, "--param") == 0 || strcmp(a, "--id") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "apig error: %s needs a value\n", a);
                return error_usage(stderr);
            }
            if (a[2] == 'p')
                param = argv[++i];
            else
                id = argv[++i];
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            return error_usage(stdout);
        } else if (a[0] == '-') {
            fprintf(stderr, "apig error: unknown option '%s'\n", a);
            return error_usage(stderr);
        } else if (code) {
            fprintf(stderr, "apig error: more than one CODE given\n");
            return error_usage(stderr);
        } else {
            code = a;
        }
    }
    if (!code) {
        fprintf(stderr, "apig error: CODE is missing\n");
        return error_usage(stderr);
    }

    apig_error err;
    if (apig_catalog_error(cli_find_operation(CLI_DEFAULT_OPERATION)->catalog, code, strlen(code), param, id, &err) != 0) {
        fprintf(stderr, "apig error: unknown error code '%s'\n", code);
        return error_usage(stderr);
    }

    size_t need = apig_error_encode(&err, style, NULL, 0);
    char *out = need == APIG_ENCODE_INVALID ? NULL : malloc(need + 1);
    if (!out) {
        fprintf(stderr, "apig error: cannot write the error body\n");
        return APIG_EXIT_USAGE;
    }
    apig_error_encode(&err, style, out, need + 1);
    int ok = fwrite(out, 1, need, stdout) == need && putchar('\n') != EOF &&
             fflush(stdout) == 0;
    free(out);
    if (!ok) {
        fprintf(stderr, "apig error: cannot write standard output\n");
        return APIG_EXIT_USAGE;
    }
    return APIG_EXIT_OK;
}
