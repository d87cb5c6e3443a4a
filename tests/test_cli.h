/*
 * What the suites of the hesse command (tests/test_cli*.c) share: running the built
 * binary (HESSE_CLI_PATH, from tests/CMakeLists.txt) with fork/exec — no shell — in a
 * fresh empty directory, its stdout and stderr captured; and the check of JSON by a
 * real parser (Python's json module, with NaN and Infinity refused), applied to the
 * output of every run that asks for --format json.
 */
#ifndef HESSE_TEST_CLI_H
#define HESSE_TEST_CLI_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef HESSE_CLI_PATH
#error "HESSE_CLI_PATH (the built hesse binary) must be defined by the build"
#endif

/* Debian's Python (the json module is in its standard library): a fixed path, not the
   first python3 on PATH. */
#define CLI_TEST_PYTHON "/usr/bin/python3"

#define CLI_TEST_MAX_ARGS 24

typedef struct {
    int exited, status; /* normal exit and its status (-1 when killed) */
    char *out, *err;    /* everything written to stdout and stderr, NUL-terminated */
    char workdir[256];  /* the directory the command ran in */
} cli_output;

static inline char *cli_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot read %s", path);
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    for (size_t got; (got = fread(buf + len, 1, cap - len - 1, f)) > 0;) {
        len += got;
        if (cap - len - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
            cr_assert_not_null(buf);
        }
    }
    buf[len] = '\0';
    fclose(f);
    return buf;
}

/* Run program (argv[0] = program) with stdin from stdin_path (NULL: /dev/null) in
   workdir, stdout to out_path, stderr to err_path; the exit status, -1 when it did not
   exit normally. */
static inline int cli_spawn(char *const *argv, const char *stdin_path, const char *workdir, const char *out_path,
                     const char *err_path)
{
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        int in = open(stdin_path ? stdin_path : "/dev/null", O_RDONLY);
        int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 ||
            (workdir && chdir(workdir) != 0))
            _exit(127);
        /* A command that wrongly accepts its arguments may start long work (bench):
           it is stopped, and the test fails on its exit. */
        alarm(120);
        execv(argv[0], argv);
        _exit(127);
    }
    int wstatus;
    cr_assert_eq(waitpid(pid, &wstatus, 0), pid);
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
}

/* 1 when the file holds exactly one JSON value, by Python's parser, with the
   constants NaN, Infinity and -Infinity (which it would otherwise accept) refused;
   *why gets the parser's message otherwise (malloc'd). */
static inline int cli_json_file_valid(const char *path, char **why)
{
    char io[] = "/tmp/hesse_cli_json_XXXXXX";
    cr_assert_not_null(mkdtemp(io));
    char out_path[300], err_path[300];
    snprintf(out_path, sizeof out_path, "%s/stdout", io);
    snprintf(err_path, sizeof err_path, "%s/stderr", io);
    char *argv[] = {CLI_TEST_PYTHON, "-c",
                    "import json, sys\n"
                    "def refuse(name): raise ValueError('bare ' + name)\n"
                    "json.load(sys.stdin, parse_constant=refuse)\n",
                    NULL};
    int status = cli_spawn(argv, path, NULL, out_path, err_path);
    cr_assert_neq(status, 127, "cannot run %s", CLI_TEST_PYTHON);
    *why = cli_slurp(err_path);
    unlink(out_path);
    unlink(err_path);
    rmdir(io);
    return status == 0;
}

static inline int cli_json_valid(const char *text, char **why)
{
    char path[] = "/tmp/hesse_cli_json_text_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    size_t len = strlen(text);
    cr_assert_eq(write(fd, text, len), (ssize_t)len);
    close(fd);
    int ok = cli_json_file_valid(path, why);
    unlink(path);
    return ok;
}

/* Expect text to be valid JSON (what names it in the message). */
static inline void cli_expect_json(const char *text, const char *what)
{
    char *why;
    cr_expect(cli_json_valid(text, &why), "%s: not valid JSON (%s): %.300s", what, why, text);
    free(why);
}

/* Run hesse with the NULL-terminated arguments in a new empty directory, its stdout
   going to stdout_path (NULL: captured into r->out). When the arguments ask for
   --format json and the command wrote to stdout, that output is checked with the JSON
   parser. */
static inline void cli_run_to(cli_output *r, const char *const *args, const char *stdout_path)
{
    char io[] = "/tmp/hesse_cli_io_XXXXXX";
    cr_assert_not_null(mkdtemp(io));
    snprintf(r->workdir, sizeof r->workdir, "/tmp/hesse_cli_work_XXXXXX");
    cr_assert_not_null(mkdtemp(r->workdir));
    char out_path[300], err_path[300];
    snprintf(out_path, sizeof out_path, "%s/stdout", io);
    snprintf(err_path, sizeof err_path, "%s/stderr", io);

    char *argv[CLI_TEST_MAX_ARGS + 2];
    int argc = 0, json = 0;
    argv[argc++] = (char *)HESSE_CLI_PATH;
    for (; args[argc - 1]; argc++) {
        cr_assert_lt(argc, CLI_TEST_MAX_ARGS);
        argv[argc] = (char *)args[argc - 1];
        if (argc > 1 && strcmp(argv[argc - 1], "--format") == 0 && strcmp(argv[argc], "json") == 0) json = 1;
    }
    argv[argc] = NULL;

    r->status = cli_spawn(argv, NULL, r->workdir, stdout_path ? stdout_path : out_path, err_path);
    r->exited = r->status >= 0;
    r->out = stdout_path ? calloc(1, 1) : cli_slurp(out_path);
    r->err = cli_slurp(err_path);
    unlink(out_path);
    unlink(err_path);
    rmdir(io);
    if (json && r->out[0]) cli_expect_json(r->out, argv[1]);
}

static inline void cli_run(cli_output *r, const char *const *args)
{
    cli_run_to(r, args, NULL);
}

/* Number of entries (files or directories) in dir, recursively. */
static inline int cli_count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    int count = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        count++;
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) continue;
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) count += cli_count_entries(path);
    }
    closedir(d);
    return count;
}

static inline void cli_remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) continue;
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) cli_remove_tree(path);
        else unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static inline void cli_release(cli_output *r)
{
    free(r->out);
    free(r->err);
    cli_remove_tree(r->workdir);
}

static inline int cli_count_char(const char *s, char c)
{
    int k = 0;
    for (; *s; s++) k += *s == c;
    return k;
}

/* "'a' 'b' 'c'": a command line for messages. */
static inline void cli_describe(char *buf, size_t size, const char *const *args)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; args[i] && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s'%s'", i ? " " : "", args[i]);
}

/* cli_run, then expect the exit status want; line gets the command line. */
static inline void cli_run_expecting(cli_output *r, const char *const *args, int want, char *line, size_t size)
{
    cli_describe(line, size, args);
    cli_run(r, args);
    cr_expect(r->exited && r->status == want, "hesse %s: exit status %d, expected %d; stderr: %.300s", line,
              r->status, want, r->err);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

#endif
