/* SPDX-License-Identifier: MIT */
/*
 * version.c - what the library says of itself: its version, and the one
 * table format it reads (apig/schema.h: generated tables refer to
 * apig_table_format_<N>, so tables of another format do not link or load).
 */
#include <apig/apig.h>

/* The symbol's name carries the format: renaming it is part of raising
 * APIG_TABLE_FORMAT (schema.h declares it; apig-gen writes the name from
 * the macro). */
_Static_assert(APIG_TABLE_FORMAT == 1, "APIG_TABLE_FORMAT changed: rename apig_table_format_1 "
                                       "in apig/schema.h and here");
const uint32_t apig_table_format_1 = APIG_TABLE_FORMAT;

const char *apig_version(void)
{
    return APIG_VERSION_STRING;
}
