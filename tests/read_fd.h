/* SPDX-License-Identifier: MIT */
/*
 * read_fd.h - running a child process and reading what it wrote, for the
 * test binaries that run the CLI: its result (exit code, stdout, stderr),
 * the temporary files it writes to, a shell script run with no input, and a
 * whole file read back. Included by one translation unit per binary, after
 * cmocka.h.
 */
#ifndef APIG_TESTS_READ_FD_H
#define APIG_TESTS_READ_FD_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* What a child did: its exit status (128 + the signal when killed; a
 * runner may say more), and what it wrote, NUL-terminated, on the heap. */
typedef struct result {
    int code;
    char *out;
    char *err;
} result;

static inline void result_free(result *r)
{
    free(r->out);
    free(r->err);
}

/* Everything in fd from its start, NUL-terminated, on the heap; *len gets
 * its length. */
static inline char *read_fd(int fd, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    assert_non_null(buf);
    assert_true(lseek(fd, 0, SEEK_SET) == 0);
    for (;;) {
        ssize_t k = read(fd, buf + n, cap - n);
        assert_true(k >= 0);
        if (k == 0)
            break;
        n += (size_t)k;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
            assert_non_null(buf);
        }
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Everything in fd, which it closes. */
static inline char *read_back(int fd)
{
    size_t len;
    char *buf = read_fd(fd, &len);
    close(fd);
    return buf;
}

/* A temporary file already unlinked: gone when closed. */
static inline int temp_fd(void)
{
    char name[] = "/tmp/apig-test-XXXXXX";
    int fd = mkstemp(name);
    assert_true(fd >= 0);
    unlink(name);
    return fd;
}

/* The whole file at path, NUL-terminated, on the heap; NULL when it cannot
 * be opened. */
static inline char *read_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    return fd < 0 ? NULL : read_back(fd);
}

/* Runs `sh -c script`, stdin from /dev/null unless the script says. */
static inline result sh(const char *script)
{
    int ofd = temp_fd(), efd = temp_fd();
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        dup2(in, 0);
        dup2(ofd, 1);
        dup2(efd, 2);
        execl("/bin/sh", "sh", "-c", script, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_back(ofd);
    r.err = read_back(efd);
    return r;
}

#endif
