/* SPDX-License-Identifier: MIT */
/*
 * The operations this tool knows: the bundled schemas (the YAML files in schemas/,
 * linked from libapig-schemas). The only file that names them; adding a
 * bundled schema is one line here.
 */
#include <string.h>

#include "cli.h"
#include "vpc_members.h"

static const struct {
    const apig_schema *schema;
    size_t max_tokens; /* the schema's token budget limit */
} bundled[] = {
    {&vpcm_schema, VPCM_MAX_TOKENS},
};

#define BUNDLED_COUNT (sizeof bundled / sizeof bundled[0])

size_t cli_operation_count(void)
{
    size_t n = 0;
    for (size_t i = 0; i < BUNDLED_COUNT; i++)
        n += bundled[i].schema->operation_count;
    return n;
}

const apig_operation *cli_operation(size_t i)
{
    for (size_t s = 0; s < BUNDLED_COUNT; s++) {
        if (i < bundled[s].schema->operation_count)
            return bundled[s].schema->operations[i];
        i -= bundled[s].schema->operation_count;
    }
    return NULL;
}

const apig_operation *cli_find_operation(const char *name)
{
    for (size_t i = 0; i < cli_operation_count(); i++)
        if (strcmp(cli_operation(i)->name, name) == 0)
            return cli_operation(i);
    return NULL;
}

size_t cli_token_budget(const apig_operation *op)
{
    for (size_t s = 0; s < BUNDLED_COUNT; s++)
        if (op->schema == bundled[s].schema)
            return bundled[s].max_tokens;
    return 0;
}
