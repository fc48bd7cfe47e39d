/* SPDX-License-Identifier: MIT */
/*
 * version.c - what the library says of itself: its version.
 */
#include <apig/apig.h>

const char *apig_version(void)
{
    return APIG_VERSION_STRING;
}
