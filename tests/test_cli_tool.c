/*
 * The hesse command as a Unix tool (issues 15 and 16), run as the built binary
 * (tests/test_cli.h):
 *   - exit status, for every command: 0 the requested answer was found, 1 it was not,
 *     2 bad usage (one line on stderr, nothing on stdout);
 *   - hesse COMMAND --help for every command, "unknown option" for an unknown option,
 *     the manual page (hesse --man, checked by groff, installed by cmake --install);
 *   - no user text reaches a shell: plot names that a shell (or gnuplot's double
 *     quotes) would run as commands draw their plots under exactly that name, and no
 *     file of the command's sources calls system() or popen();
 *   - bench --csv F --json F is bad usage;
 *   - JSON output is valid where a run fails at the start (null, not nan);
 *   - a word that names no problem and is not spelled like one is a formula;
 *   - no "-0" in printed numbers.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_cli.h"

/* ---- exit status ---- */

typedef struct {
    const char *const *found;     /* exit 0 */
    const char *const *not_found; /* exit 1 (NULL: none) */
    const char *const *usage;     /* exit 2 */
} exit_case;

/* One line per case: exit 0, exit 1, exit 2. */
static const exit_case exit_cases[] = {
    /* list fails only when its output cannot be written (test_cli.c, write errors) */
    {ARGS("list", "--family", "seed"), NULL, ARGS("list", "--family", "nope")},
    {ARGS("solve", "ROSENBROCK", "--method", "newton"),
     ARGS("solve", "ROSENBROCK", "--method", "gd", "--max-iter", "5"),
     ARGS("solve", "ROSENBROCK", "--n", "3")},
    {ARGS("minimize", "(x-1)^2+(y+2)^2", "--x0", "0,0"),
     ARGS("minimize", "100*(y-x^2)^2+(1-x)^2", "--vars", "x,y", "--x0", "-1.2,1", "--method", "gd", "--max-iter",
          "3"),
     ARGS("minimize", "x^2")},
    {ARGS("compare", "ROSENBROCK", "--methods", "newton,gd"),
     ARGS("compare", "ROSENBROCK", "--methods", "gd", "--max-iter", "5"),
     ARGS("compare", "ROSENBROCK", "--methods", "nope")},
    /* BROWN_ALMOST_LINEAR at n = 30 ends with a singular Jacobian (ESINGULAR) */
    {ARGS("roots", "ROSENBROCK"),
     ARGS("roots", "BROWN_ALMOST_LINEAR", "--n", "30"),
     ARGS("roots", "ROSENBROCK", "--method", "bfgs")},
    {ARGS("roots", "ROSENBROCK", "--max-iter", "20"),
     ARGS("roots", "ROSENBROCK", "--max-iter", "1"),
     ARGS("roots", "ROSENBROCK", "--max-iter", "-1")},
    {ARGS("gradient", "x^2", "--at", "1"),
     ARGS("gradient", "log(x)", "--at", "-1"),
     ARGS("gradient", "x^2", "--at", "1,2")},
    {ARGS("hessian", "x^2", "--at", "1"),
     ARGS("hessian", "log(x)", "--at", "-1"),
     ARGS("hessian", "x^2", "--format", "csv")},
    {ARGS("classify", "x^2", "--at", "0"),
     ARGS("classify", "log(x)", "--at", "-1"),
     ARGS("classify", "x^2")},
    /* x + y has no critical point anywhere */
    {ARGS("critical", "x^2+y^2", "--box", "-1,1"),
     ARGS("critical", "x+y", "--box", "-1,1"),
     ARGS("critical", "x^2")},
    {ARGS("convexity", "x^2", "--box", "-1,1", "--samples", "8"),
     ARGS("convexity", "log(x)", "--box", "-2,-1", "--samples", "8"),
     ARGS("convexity", "x^2", "--box", "1,-1")},
    {ARGS("check", "x^2", "--at", "1"),
     ARGS("check", "log(x)", "--at", "-1"),
     ARGS("check", "x^2")},
    {ARGS("bench", "--family", "seed", "--methods", "newton"),
     ARGS("bench", "--family", "seed", "--methods", "newton", "--json", "/dev/full"),
     ARGS("bench", "--family", "seed", "--plots", "")},
};

Test(cli_tool, exit_status_of_every_command)
{
    for (size_t k = 0; k < sizeof exit_cases / sizeof exit_cases[0]; k++) {
        const char *const *args[3] = {exit_cases[k].found, exit_cases[k].not_found, exit_cases[k].usage};
        for (int want = 0; want < 3; want++) {
            if (!args[want]) continue;
            char line[512];
            cli_output r;
            cli_run_expecting(&r, args[want], want, line, sizeof line);
            if (want == 0) cr_expect_str_empty(r.err, "hesse %s: stderr: %.300s", line, r.err);
            if (want == 2) {
                cr_expect_str_empty(r.out, "hesse %s: wrote to stdout: %.200s", line, r.out);
                cr_expect_eq(cli_count_char(r.err, '\n'), 1, "hesse %s: stderr is not one line: %.300s", line, r.err);
            }
            cli_release(&r);
        }
    }
}

/* ---- help, unknown options, the manual page ---- */

static const char *const commands[] = {"list",     "solve",    "minimize", "compare",   "roots", "gradient",
                                       "hessian",  "classify", "critical", "convexity", "check", "bench"};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* An operand each command accepts (NULL: it takes none). */
static const char *operand(const char *cmd)
{
    if (!strcmp(cmd, "list") || !strcmp(cmd, "bench")) return NULL;
    if (!strcmp(cmd, "solve") || !strcmp(cmd, "roots")) return "ROSENBROCK";
    return "x^2+y^2";
}

Test(cli_tool, help_of_every_command)
{
    for (size_t k = 0; k < NCOMMANDS; k++) {
        const char *cmd = commands[k], *op = operand(cmd);
        char head[64];
        snprintf(head, sizeof head, "usage: hesse %s", cmd);
        const char *const *variants[] = {ARGS(cmd, "--help"), ARGS(cmd, "-h"), ARGS("help", cmd),
                                         /* help wins over what else is on the line */
                                         op ? ARGS(cmd, op, "--bogus", "--help") : ARGS(cmd, "--bogus", "--help")};
        for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
            char line[256];
            cli_output r;
            cli_run_expecting(&r, variants[v], 0, line, sizeof line);
            cr_expect_str_empty(r.err, "hesse %s: stderr: %.300s", line, r.err);
            cr_expect_eq(strncmp(r.out, head, strlen(head)), 0, "hesse %s: %.200s", line, r.out);
            cr_expect_not_null(strstr(r.out, "exit status: 0 "), "hesse %s: no exit status in %.2000s", line, r.out);
            cr_expect_not_null(strstr(r.out, "--help"), "hesse %s", line);
            cli_release(&r);
        }
    }
}

Test(cli_tool, unknown_option_says_so)
{
    for (size_t k = 0; k < NCOMMANDS; k++) {
        const char *cmd = commands[k], *op = operand(cmd);
        const char *const *args = op ? ARGS(cmd, op, "--bogus") : ARGS(cmd, "--bogus");
        char line[256];
        cli_output r;
        cli_run_expecting(&r, args, 2, line, sizeof line);
        cr_expect_str_empty(r.out, "hesse %s: %.200s", line, r.out);
        cr_expect_not_null(strstr(r.err, "unknown option '--bogus'"), "hesse %s: %s", line, r.err);
        cli_release(&r);
    }
    cli_output r;
    cli_run(&r, ARGS("--bogus"));
    cr_expect(r.exited && r.status == 2);
    cr_expect_not_null(strstr(r.err, "unknown option '--bogus'"), "%s", r.err);
    cli_release(&r);
}

/* Run a program (absolute path or on PATH) with stdout to out_path, in the current
   directory; its exit status. */
static int run_program(const char *const *argv, const char *stdin_path, const char *out_path, const char *err_path)
{
    char program[512];
    if (argv[0][0] == '/') {
        snprintf(program, sizeof program, "%s", argv[0]);
    } else {
        /* the PATH entries in turn, as a shell would, without one */
        const char *path = getenv("PATH");
        program[0] = '\0';
        for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
            size_t len = strcspn(p, ":");
            snprintf(program, sizeof program, "%.*s/%s", (int)len, p, argv[0]);
            if (access(program, X_OK) == 0) break;
            program[0] = '\0';
            p += len + (p[len] == ':');
        }
        if (!program[0]) return 127;
    }
    char *args[16];
    int n = 0;
    args[n++] = program;
    for (int i = 1; argv[i] && n < 15; i++) args[n++] = (char *)argv[i];
    args[n] = NULL;
    return cli_spawn(args, stdin_path, NULL, out_path, err_path);
}

Test(cli_tool, manual_page)
{
    cli_output r;
    cli_run(&r, ARGS("--man"));
    cr_assert(r.exited && r.status == 0, "hesse --man: %s", r.err);
    cr_expect_eq(strncmp(r.out, ".TH HESSE 1 ", 12), 0, "%.80s", r.out);
    cr_expect_not_null(strstr(r.out, ".SH \"EXIT STATUS\""));
    /* every command, and every option its help names */
    for (size_t k = 0; k < NCOMMANDS; k++) {
        char section[64];
        snprintf(section, sizeof section, ".SS \"hesse %s", commands[k]);
        const char *at = strstr(r.out, section);
        cr_expect_not_null(at, "no section for %s", commands[k]);
        if (!at) continue;
        const char *end = strstr(at + 1, ".SS ");
        cli_output help;
        cli_run(&help, ARGS(commands[k], "--help"));
        for (const char *p = strstr(help.out, "[--"); p && p < strchr(help.out, '\n'); p = strstr(p + 1, "[--")) {
            /* the name as roff writes it: every '-' escaped */
            char option[128];
            size_t len = 0;
            for (const char *c = p + 1; *c && *c != ' ' && *c != ']' && len + 3 < sizeof option; c++) {
                if (*c == '-') option[len++] = '\\';
                option[len++] = *c;
            }
            option[len] = '\0';
            const char *found = strstr(at, option);
            cr_expect(found && (!end || found < end), "hesse.1: %s has no %s", commands[k], option);
        }
        cli_release(&help);
    }
    /* groff reads it without a warning */
    char page[512], out[512], err[512];
    snprintf(page, sizeof page, "%s/hesse.1", r.workdir);
    snprintf(out, sizeof out, "%s/groff.out", r.workdir);
    snprintf(err, sizeof err, "%s/groff.err", r.workdir);
    FILE *f = fopen(page, "w");
    cr_assert_not_null(f);
    fputs(r.out, f);
    fclose(f);
    int status = run_program(ARGS("groff", "-man", "-ww", "-z"), page, out, err);
    char *warnings = cli_slurp(err);
    cr_expect_eq(status, 0, "groff exit status %d: %s", status, warnings);
    cr_expect_str_empty(warnings, "groff: %s", warnings);
    free(warnings);

    /* cmake --install puts the same page into share/man/man1 (the build directory is
       the binary's) */
    char build[512], prefix[512], installed[600];
    snprintf(build, sizeof build, "%s", HESSE_CLI_PATH);
    *strrchr(build, '/') = '\0';
    snprintf(prefix, sizeof prefix, "%s/prefix", r.workdir);
    status = run_program(ARGS("cmake", "--install", build, "--prefix", prefix, "--component", "man"), NULL, out, err);
    char *log = cli_slurp(err);
    cr_expect_eq(status, 0, "cmake --install: %d: %s", status, log);
    free(log);
    snprintf(installed, sizeof installed, "%s/share/man/man1/hesse.1", prefix);
    if (access(installed, R_OK) == 0) {
        char *text = cli_slurp(installed);
        cr_expect_str_eq(text, r.out, "the installed hesse.1 is not hesse --man");
        free(text);
    } else {
        cr_expect_fail("cmake --install did not install %s", installed);
    }
    cli_release(&r);
}

/* ---- no shell ---- */

/* 1 when path (relative to dir) is a PNG image. */
static int is_png(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    unsigned char magic[8] = {0};
    size_t got = fread(magic, 1, sizeof magic, f);
    fclose(f);
    return got == 8 && memcmp(magic, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static int exists(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

Test(cli_tool, plot_names_never_reach_a_shell)
{
    /* $(...) would run in a shell; `...` in a gnuplot double-quoted string; an
       apostrophe ends a single-quoted string of either */
    static const struct {
        const char *png, *paths_png;
    } names[] = {
        {"a'$(touch PWNED)'.png", "a'$(touch PWNED)'_paths.png"},
        {"Bob's run.png", "Bob's run_paths.png"},
        {"`touch PWNED`.png", "`touch PWNED`_paths.png"},
        {"-x\\y @z.png", "-x\\y @z_paths.png"},
    };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        cli_output r;
        cli_run(&r, ARGS("compare", "x^2+y^2", "--x0", "1,1", "--methods", "newton", "--plot", names[k].png));
        cr_expect(r.exited && r.status == 0, "--plot %s: exit status %d: %s", names[k].png, r.status, r.err);
        cr_expect(!exists(r.workdir, "PWNED"), "--plot %s ran a command", names[k].png);
        cr_expect(is_png(r.workdir, names[k].png), "--plot %s: no image under that name", names[k].png);
        cr_expect(is_png(r.workdir, names[k].paths_png), "--plot %s: no %s", names[k].png, names[k].paths_png);
        cli_release(&r);
    }
    cli_output r;
    cli_run(&r, ARGS("bench", "--family", "seed", "--methods", "newton", "--plots", "d'$(touch PWNED)'"));
    cr_expect(r.exited && r.status == 0, "bench --plots: exit status %d: %s", r.status, r.err);
    cr_expect(!exists(r.workdir, "PWNED"), "bench --plots ran a command");
    cr_expect(is_png(r.workdir, "d'$(touch PWNED)'/profile_time.png"));
    cli_release(&r);
}

Test(cli_tool, output_names_with_control_characters_are_refused)
{
    cli_output r;
    cli_run(&r, ARGS("compare", "x^2+y^2", "--x0", "1,1", "--methods", "newton", "--plot", "a\nb.png"));
    cr_expect(r.exited && r.status == 2, "exit status %d", r.status);
    cr_expect_not_null(strstr(r.err, "control character"), "%s", r.err);
    cr_expect_eq(cli_count_entries(r.workdir), 0);
    cli_release(&r);
}

/* The sources of the command: no call of system() or popen(). */
Test(cli_tool, no_shell_in_the_sources)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/cli", HESSE_SOURCE_DIR);
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot read %s", dir);
    int files = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 3 || (strcmp(e->d_name + len - 2, ".c") && strcmp(e->d_name + len - 2, ".h"))) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *text = cli_slurp(path);
        for (const char *p = text; *p; p++) {
            if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_')) continue;
            const char *word = !strncmp(p, "system", 6) ? p + 6 : !strncmp(p, "popen", 5) ? p + 5 : NULL;
            if (!word) continue;
            while (*word == ' ' || *word == '\t') word++;
            cr_expect_neq(*word, '(', "%s calls %.6s()", e->d_name, p);
        }
        free(text);
        files++;
    }
    closedir(d);
    cr_expect_gt(files, 5, "read only %d files in %s", files, dir);
}

/* ---- bench --csv F --json F ---- */

Test(cli_tool, bench_csv_and_json_to_one_file)
{
    const char *const *cases[] = {ARGS("bench", "--family", "seed", "--csv", "out", "--json", "out"),
                                  ARGS("bench", "--family", "seed", "--csv", "out", "--json", "./out"),
                                  ARGS("bench", "--family", "seed", "--json", "/dev/null", "--csv", "/dev/null")};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char line[256];
        cli_output r;
        cli_run_expecting(&r, cases[k], 2, line, sizeof line);
        cr_expect_str_empty(r.out, "hesse %s: %.200s", line, r.out);
        cr_expect_eq(cli_count_char(r.err, '\n'), 1, "hesse %s: %s", line, r.err);
        cr_expect_not_null(strstr(r.err, "same file"), "hesse %s: %s", line, r.err);
        cr_expect_eq(cli_count_entries(r.workdir), 0, "hesse %s wrote a file", line);
        cli_release(&r);
    }
}

/* ---- JSON where a run fails ---- */

Test(cli_tool, json_of_failed_runs_is_valid)
{
    /* Each output is checked by the JSON parser in cli_run (tests/test_cli.h). */
    const char *const *cases[] = {
        ARGS("minimize", "log(x)", "--x0", "-1", "--format", "json"),
        ARGS("solve", "SROSENBR", "--n", "100000", "--method", "newton", "--format", "json"),
        ARGS("roots", "BROWN_ALMOST_LINEAR", "--n", "30", "--format", "json"),
        ARGS("compare", "log(x)", "--x0", "-1", "--methods", "newton,gd", "--format", "json"),
        ARGS("list", "--format", "json"),
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        cli_output r;
        cli_run(&r, cases[k]);
        cr_expect(r.exited && (r.out[0] == '{' || r.out[0] == '['), "%s: %s", cases[k][0], r.err);
        cli_release(&r);
    }
    cli_output r;
    cli_run(&r, cases[0]);
    cr_expect_not_null(strstr(r.out, "\"f\": null"), "%s", r.out);
    cli_release(&r);
}

/* ---- targets ---- */

Test(cli_tool, a_word_that_names_no_problem_is_a_formula)
{
    cli_output r;
    cli_run(&r, ARGS("gradient", "x", "--at", "1", "--format", "json"));
    cr_expect(r.exited && r.status == 0, "exit status %d: %s", r.status, r.err);
    cr_expect_not_null(strstr(r.out, "\"formula\": true"), "%s", r.out);
    cr_expect_not_null(strstr(r.out, "\"gradient\": [1]"), "%s", r.out);
    cli_release(&r);
    /* after "--" a word is the operand, even one that looks like an option */
    cli_run(&r, ARGS("gradient", "--at", "2", "--", "-h"));
    cr_expect(r.exited && r.status == 0, "exit status %d: %s", r.status, r.err);
    cr_expect_not_null(strstr(r.out, "f(h) = -h"), "%s", r.out);
    cli_release(&r);
    cli_run(&r, ARGS("hessian", "t2", "--at", "3"));
    cr_expect(r.exited && r.status == 0, "exit status %d: %s", r.status, r.err);
    cr_expect_not_null(strstr(r.out, "f(t2) = t2"), "%s", r.out);
    cli_release(&r);
    /* spelled like a problem name: a misspelt problem, not a formula */
    cli_run(&r, ARGS("gradient", "ROSENBRCK", "--at", "1"));
    cr_expect(r.exited && r.status == 2, "exit status %d", r.status);
    cr_expect_not_null(strstr(r.err, "unknown problem 'ROSENBRCK'"), "%s", r.err);
    cli_release(&r);
}

/* ---- no -0 ---- */

/* The first "-0" in text that is a number equal to zero ("-0", "-0.000", "-0e+00"),
   or NULL. */
static const char *negative_zero(const char *text)
{
    for (const char *p = text; *p; p++)
        if (p[0] == '-' && isdigit((unsigned char)p[1]) && (p == text || !isalnum((unsigned char)p[-1])) &&
            strtod(p, NULL) == 0)
            return p;
    return NULL;
}

Test(cli_tool, no_negative_zero)
{
    /* f = -x² - y² at (0, 0): f = -0, ∇f = (-0, -0) in floating point */
    const char *const *cases[] = {
        ARGS("classify", "-x^2-y^2", "--at", "0,0"),
        ARGS("classify", "-x^2-y^2", "--at", "0,0", "--format", "json"),
        ARGS("gradient", "-x^2", "--at", "0"),
        ARGS("hessian", "-x*y", "--at", "0,0"),
        ARGS("minimize", "(x-1)^2+(y+2)^2", "--x0", "0,0"),
        ARGS("solve", "ROSENBROCK", "--method", "newton"),
        ARGS("compare", "x^2+y^2", "--x0", "-0,0", "--methods", "newton,gd"),
        ARGS("critical", "-x^2-y^2", "--box", "-1,1"),
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char line[256];
        cli_output r;
        cli_run_expecting(&r, cases[k], 0, line, sizeof line);
        const char *z = negative_zero(r.out);
        cr_expect_null(z, "hesse %s printed a negative zero: ...%.40s", line, z ? z : "");
        cli_release(&r);
    }
}
