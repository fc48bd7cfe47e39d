/* SPDX-License-Identifier: MIT */
/* tests/amalgamate/two.c - see one.c. */
#include "shared.h"

#define STEP 100
typedef struct pair { int a, b; } pair;
enum { LIMIT = 1000 };

static int walk(int n)
{
    int wide = n * STEP;                /* shadows one.c's typedef, once merged */
    return wide + LIMIT;
}

int apig_amalgamate_two(void)
{
    pair p = {2, 3};
    struct apig_amalgamate_box box = {4};
    return walk(p.a + p.b + box.walk);  /* 9 * 100 + 1000 */
}
