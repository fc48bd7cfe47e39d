/* SPDX-License-Identifier: MIT */
/*
 * cli.h - the apig command-line tool: one file per subcommand.
 *
 * Exit codes shared by every subcommand: 0 success, 1 the input was
 * examined and rejected, 2 usage or I/O error.
 */
#ifndef APIG_CLI_H
#define APIG_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include <apig/apig.h>

#define APIG_EXIT_OK 0
#define APIG_EXIT_REJECTED 1
#define APIG_EXIT_USAGE 2

/* The byte limit apig_decode applies to message `msg`: what the CLI reads
 * at most (plus one byte, so that a larger body gets its answer). */
static inline size_t cli_body_limit(const apig_message *msg)
{
    return msg->max_body_bytes ? msg->max_body_bytes : (size_t)APIG_CFG_MAX_BODY_BYTES;
}

/* Reads FILE, or standard input for NULL or "-", into a heap buffer the
 * caller frees, taking at most max_bytes + 1 bytes: *len == max_bytes + 1
 * means the input is larger than max_bytes, and the rest is left unread
 * (the library, given those bytes and the same limit, refuses them as too
 * large). Returns 0, or -1 after printing the reason to stderr. */
int cli_read_input(const char *path, size_t max_bytes, char **data, size_t *len);

/* One line on stderr for an error: `<status> <code> <path> @<offset>:
 * <detail>`, with " at line L, column C" for a syntax error in a non-blank
 * body (body may be NULL) and " (<parameterName>)" when there is one. */
void cli_print_error_line(const apig_error *e, const char *body, size_t len);

/* ---- the bundled operations (bundled.c) ---- */

/* The operations of every bundled schema, in schema order. */
size_t cli_operation_count(void);
const apig_operation *cli_operation(size_t i);
/* The operation named `name` (e.g. "AddingBackendInstancesV2"), or NULL. */
const apig_operation *cli_find_operation(const char *name);
/* The token budget of the operation's schema (its MAX_TOKENS limit). */
size_t cli_token_budget(const apig_operation *op);
/* The operation --operation defaults to. */
#define CLI_DEFAULT_OPERATION "AddingBackendInstancesV2"

/* ---- answers (report.c) ---- */

/* The rejection: the error body of errors[0] (compact) on stdout, and on
 * stderr the error line of the first error, or of each of the `stored`
 * ones when `all` (and how many more were found, of `count`). Returns
 * APIG_EXIT_REJECTED, or APIG_EXIT_USAGE on an I/O error. */
int cli_reject(const apig_error *errors, size_t count, size_t stored, bool all,
               const char *body, size_t len);
/* Encodes `in` as message `msg` in `style` and prints it with a newline.
 * Returns APIG_EXIT_OK, or what cli_reject returns for an invalid struct. */
int cli_print_encoded(const apig_message *msg, const void *in, unsigned style);
/* Writes n bytes and a newline to stdout; -1 on an I/O error. */
int cli_put_line(const char *s, size_t n);

/* Subcommands: argv[0] is the subcommand name. */
int cmd_syntax(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_request(int argc, char **argv);
int cmd_response(int argc, char **argv);
int cmd_error(int argc, char **argv);
int cmd_ops(int argc, char **argv);

/* ---- signed requests (credentials.c) ---- */

/* The key store of --credentials FILE and the crypto adapter that checks
 * signatures with it (OpenSSL). */
typedef struct cli_signer cli_signer;
/* Reads FILE; APIG_EXIT_OK with *out set, or APIG_EXIT_USAGE (said on
 * stderr). */
int cli_signer_open(const char *file, cli_signer **out);
/* Points the decoder's credentials and crypto at the signer. */
void cli_signer_use(const cli_signer *s, apig_decoder *d);
/* NULL does nothing. */
void cli_signer_close(cli_signer *s);
/* --now YYYYMMDDTHHMMSSZ into Unix time; NULL: the system clock. 0, or -1
 * when the text is not such a time. */
int cli_parse_now(const char *text, int64_t *now);

#endif
