/* SPDX-License-Identifier: MIT */
/* tests/amalgamate/shared.h - the internal header of one.c and two.c. */
#ifndef APIG_AMALGAMATE_SHARED_H
#define APIG_AMALGAMATE_SHARED_H
int apig_amalgamate_one(void);
int apig_amalgamate_two(void);
struct apig_amalgamate_box {
    int walk; /* two.c reads it: its own walk() cannot be renamed */
};
#endif
