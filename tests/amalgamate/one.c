/* SPDX-License-Identifier: MIT */
/* tests/amalgamate/one.c - with two.c, the collisions scripts/amalgamate
 * settles (mk/dist.mk's dist-check amalgamates and runs them): the same
 * static function, typedef, tag, enum constant and macro in both files,
 * two.c using a header struct's member of the same name as its static
 * (so one.c's is the one renamed), and a typedef two.c's locals would
 * shadow. */
#include "shared.h"

#define STEP 1
typedef struct pair { int x; } pair;
enum { LIMIT = 10 };
typedef int wide;                       /* two.c has a local named wide */

static int walk(pair p)
{
    return p.x + STEP + LIMIT;
}

int apig_amalgamate_one(void)
{
    pair p = {1};
    wide w = walk(p);
    return w;                           /* 1 + 1 + 10 */
}
