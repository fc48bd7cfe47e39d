/* SPDX-License-Identifier: MIT */
/*
 * test_small_code.c - the JSON tests again, on a runtime built with
 * APIG_CFG_SMALL_CODE (config.h: the complete checker alone, no fast path):
 * the firmware build must accept and refuse exactly what the default build
 * does (JSONTestSuite, the error offsets, the token budget). The Makefile
 * builds this file with the runtime's sources and the option.
 */
#ifndef APIG_CFG_SMALL_CODE
#error "build test_small_code with -DAPIG_CFG_SMALL_CODE (see the Makefile)"
#endif
#include "test_json.c"
