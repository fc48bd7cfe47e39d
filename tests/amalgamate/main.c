/* SPDX-License-Identifier: MIT */
/* tests/amalgamate/main.c - each file of the amalgamation sees its own names. */
#include <stdio.h>
int apig_amalgamate_one(void);
int apig_amalgamate_two(void);
int main(void)
{
    int one = apig_amalgamate_one(), two = apig_amalgamate_two();
    printf("amalgamate: one %d (12), two %d (1900)\n", one, two);
    return one == 12 && two == 1900 ? 0 : 1;
}
