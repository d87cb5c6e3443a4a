/*
 * The hesse command's contract (cli/cli.h): bad usage — unknown command, option,
 * problem, method or family, a malformed number, a size the problem does not accept,
 * a missing value, an output path that cannot be written — exits with status 2,
 * writes one line "hesse: ..." on stderr naming the culprit, nothing on stdout, and
 * creates no file. Output that cannot be written exits with status 1. And a few good
 * runs: list, solve and roots in every format, and bench writing its CSV and JSON.
 *
 * The built binary is run with fork/exec (no shell) in a fresh empty directory;
 * its path comes from the build (HESSE_CLI_PATH, tests/CMakeLists.txt).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hesse.h"
#include "test_cli.h"

/* The usage-error contract, for one command line and the text its message must
   contain. */
static void expect_usage_error(const char *const *args, const char *culprit)
{
    char line[512];
    cli_describe(line, sizeof line, args);
    cli_output r;
    cli_run(&r, args);
    cr_expect(r.exited, "hesse %s: did not exit normally", line);
    cr_expect_eq(r.status, 2, "hesse %s: exit status %d, expected 2", line, r.status);
    cr_expect_str_empty(r.out, "hesse %s: wrote to stdout: %.200s", line, r.out);
    cr_expect_eq(cli_count_char(r.err, '\n'), 1, "hesse %s: stderr is not one line: %.300s", line, r.err);
    cr_expect_eq(strncmp(r.err, "hesse: ", 7), 0, "hesse %s: stderr does not start with 'hesse: ': %s", line,
                 r.err);
    cr_expect_not_null(strstr(r.err, culprit), "hesse %s: the message does not name '%s': %s", line, culprit,
                       r.err);
    cr_expect_eq(cli_count_entries(r.workdir), 0, "hesse %s: created a file", line);
    cli_release(&r);
}

Test(cli, unknown_command_and_options)
{
    expect_usage_error(ARGS("frob"), "frob");
    expect_usage_error(ARGS("--frob"), "--frob");
    expect_usage_error(ARGS("list", "--bogus"), "--bogus");
    expect_usage_error(ARGS("list", "extra"), "extra");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--bogus", "1"), "--bogus");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--bogus"), "--bogus");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "extra"), "extra");
    expect_usage_error(ARGS("compare", "ROSENBROCK", "--bogus", "1"), "--bogus");
    expect_usage_error(ARGS("bench", "--bogus", "1"), "--bogus");
    expect_usage_error(ARGS("bench", "extra"), "extra");
    expect_usage_error(ARGS("roots", "ROSENBROCK", "--bogus", "1"), "--bogus");
    expect_usage_error(ARGS("solve"), "PROBLEM");
    expect_usage_error(ARGS("compare", "--n", "2"), "missing");
    expect_usage_error(ARGS("roots"), "SYSTEM");
}

Test(cli, malformed_numbers)
{
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--n", "abc"), "abc");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--n", "1e3x"), "1e3x");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--n", "2.5"), "2.5");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--n", " 2"), " 2");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--n", "2 "), "2 ");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--n", ""), "--n");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--n", "0"), "0");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--n", "-2"), "-2");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--gtol", "-1"), "-1");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--gtol", "nan"), "nan");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--gtol", "inf"), "inf");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--gtol", "1e999"), "1e999");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--gtol", "1e-8,"), "1e-8,");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--max-iter", "99999999999"), "99999999999");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--max-iter", "-1"), "-1");
    expect_usage_error(ARGS("compare", "ROSENBROCK", "--n", "abc"), "abc");
    expect_usage_error(ARGS("compare", "ROSENBROCK", "--gtol", "nan"), "nan");
    expect_usage_error(ARGS("compare", "ROSENBROCK", "--max-iter", "1e3"), "1e3");
    expect_usage_error(ARGS("bench", "--n", "1e3x"), "1e3x");
    expect_usage_error(ARGS("bench", "--max-seconds", "-1"), "-1");
    expect_usage_error(ARGS("bench", "--max-seconds", "nan"), "nan");
    expect_usage_error(ARGS("roots", "ROSENBROCK", "--ftol", "-1"), "-1");
    expect_usage_error(ARGS("roots", "ROSENBROCK", "--max-iter", "99999999999"), "99999999999");
}

Test(cli, sizes_problems_methods_families)
{
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--n", "3"), "n = 3");
    expect_usage_error(ARGS("compare", "ROSENBROCK", "--n", "3"), "n = 3");
    expect_usage_error(ARGS("solve", "EXT_ROSENBROCK", "--n", "7"), "n = 7");
    expect_usage_error(ARGS("roots", "ROSENBROCK", "--n", "3"), "n = 3");
    expect_usage_error(ARGS("solve", "NO_SUCH_PROBLEM"), "NO_SUCH_PROBLEM");
    expect_usage_error(ARGS("compare", "NO_SUCH_PROBLEM"), "NO_SUCH_PROBLEM");
    expect_usage_error(ARGS("roots", "NO_SUCH_PROBLEM"), "NO_SUCH_PROBLEM");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--method", "nope"), "nope");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--method", "Newton"), "Newton");
    expect_usage_error(ARGS("compare", "ROSENBROCK", "--methods", "newton,nope"), "nope");
    expect_usage_error(ARGS("compare", "ROSENBROCK", "--methods", "newton,,gd"), "newton,,gd");
    expect_usage_error(ARGS("compare", "ROSENBROCK", "--methods", "newton,"), "newton,");
    expect_usage_error(ARGS("compare", "ROSENBROCK", "--methods", ""), "method");
    expect_usage_error(ARGS("bench", "--methods", "nope"), "nope");
    expect_usage_error(ARGS("roots", "ROSENBROCK", "--method", "bfgs"), "bfgs");
    expect_usage_error(ARGS("list", "--family", "nope"), "nope");
    expect_usage_error(ARGS("bench", "--family", "nope"), "nope");
    expect_usage_error(ARGS("list", "--format", "xml"), "xml");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--format", "xml"), "xml");
}

Test(cli, missing_values)
{
    expect_usage_error(ARGS("list", "--family"), "--family");
    expect_usage_error(ARGS("list", "--format"), "--format");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--n"), "--n");
    expect_usage_error(ARGS("solve", "ROSENBROCK", "--trace", "--method"), "--method");
    expect_usage_error(ARGS("compare", "ROSENBROCK", "--methods"), "--methods");
    expect_usage_error(ARGS("compare", "ROSENBROCK", "--plot"), "--plot");
    expect_usage_error(ARGS("bench", "--csv"), "--csv");
    expect_usage_error(ARGS("bench", "--json"), "--json");
    expect_usage_error(ARGS("bench", "--plots"), "--plots");
    expect_usage_error(ARGS("roots", "ROSENBROCK", "--ftol"), "--ftol");
}

/* The commands that take a problem or a formula (minimize, compare, gradient,
   hessian): points of the wrong length or with a bad value, variable lists. */
Test(cli, formula_targets_and_points)
{
    expect_usage_error(ARGS("minimize", "x^2+y^2", "--x0", "1,abc"), "abc");
    expect_usage_error(ARGS("minimize", "x^2+y^2", "--x0", "1"), "'1'");
    expect_usage_error(ARGS("minimize", "x^2+y^2", "--x0", "1,2,3"), "1,2,3");
    expect_usage_error(ARGS("minimize", "x^2+y^2"), "--x0");
    expect_usage_error(ARGS("minimize", "ROSENBROCK", "--x0", "1,nan"), "nan");
    expect_usage_error(ARGS("minimize", "x^2+y^2", "--x0", "1,2", "--bogus", "1"), "--bogus");
    expect_usage_error(ARGS("minimize", "x^2+y^2", "--x0", "1,2", "--method", "nope"), "nope");
    expect_usage_error(ARGS("minimize", "x^2+y^2", "--x0", "1,2", "--vars", "x,x"), "'x'");
    expect_usage_error(ARGS("minimize", "ROSENBROCK", "--vars", "x,y"), "--vars");
    expect_usage_error(ARGS("gradient", "x^2", "--at", "abc"), "abc");
    expect_usage_error(ARGS("hessian", "x^2", "--at", "1,2"), "1,2");
    expect_usage_error(ARGS("gradient", "ROSENBROCK", "--at", "1"), "'1'");
    expect_usage_error(ARGS("hessian", "ROSENBROCK", "--bogus", "1"), "--bogus");
    expect_usage_error(ARGS("compare", "x^2+y^2", "--x0", "1,2", "--plot", "missing/p.png"), "missing/p.png");
}

/* A formula's syntax error is the one exception to "one line" (cli/cli.h): the
   formula, a caret under the error, then the message line. */
Test(cli, formula_syntax_error_shows_a_caret)
{
    cli_output r;
    cli_run(&r, ARGS("minimize", "x^2+", "--x0", "1"));
    cr_expect(r.exited && r.status == 2, "exit status %d, expected 2", r.status);
    cr_expect_str_empty(r.out);
    /* The input ends after 4 characters: the caret stands in column 4 (from 0). */
    const char *head = "x^2+\n    ^\nhesse: formula: ";
    cr_expect_eq(strncmp(r.err, head, strlen(head)), 0, "stderr: %s", r.err);
    cr_expect_eq(cli_count_char(r.err, '\n'), 3, "stderr: %s", r.err);
    cr_expect_not_null(strstr(r.err, "column 4"), "stderr: %s", r.err);
    cr_expect_eq(cli_count_entries(r.workdir), 0);
    cli_release(&r);
}

/* An output option next to a bad one: nothing may be created. */
Test(cli, no_output_file_on_usage_error)
{
    expect_usage_error(ARGS("bench", "--csv", "out.csv", "--n", "abc"), "abc");
    expect_usage_error(ARGS("bench", "--csv", "out.csv", "--json", "out.json", "--family", "nope"), "nope");
    expect_usage_error(ARGS("bench", "--json", "out.json", "--methods", "newton,nope"), "nope");
    expect_usage_error(ARGS("bench", "--plots", "plots", "--max-seconds", "-1"), "-1");
    expect_usage_error(ARGS("bench", "--csv", "out.csv", "--plots", "plots", "--bogus", "1"), "--bogus");
    expect_usage_error(ARGS("compare", "ROSENBROCK", "--plot", "p.png", "--methods", "nope"), "nope");
    expect_usage_error(ARGS("compare", "NO_SUCH_PROBLEM", "--plot", "p.png"), "NO_SUCH_PROBLEM");
    expect_usage_error(ARGS("compare", "ROSENBROCK", "--plot", "p.png", "--n", "3"), "n = 3");
    /* A destination that cannot be written, after ones that can. */
    expect_usage_error(ARGS("bench", "--csv", "out.csv", "--json", "missing/out.json"), "missing/out.json");
    expect_usage_error(ARGS("bench", "--plots", "plots", "--csv", "missing/out.csv"), "missing/out.csv");
    expect_usage_error(ARGS("bench", "--plots", "missing/plots"), "missing/plots");
    expect_usage_error(ARGS("compare", "ROSENBROCK", "--plot", "missing/p.png"), "missing/p.png");
    expect_usage_error(ARGS("bench", "--csv", "."), "'.'");
}

/* ---- good runs ---- */

static void expect_success(cli_output *r, const char *const *args)
{
    char line[512];
    cli_describe(line, sizeof line, args);
    cli_run(r, args);
    cr_assert(r->exited && r->status == 0, "hesse %s: exit status %d, stderr: %.300s", line, r->status, r->err);
    cr_assert_str_empty(r->err, "hesse %s: wrote to stderr: %.300s", line, r->err);
}

/* JSON shape check: braces and brackets balanced and properly nested outside
   strings, strings closed, escapes followed by a character. */
static int json_balanced(const char *s)
{
    char stack[64];
    int depth = 0, in_string = 0;
    for (; *s; s++) {
        if (in_string) {
            if (*s == '\\') {
                if (!*++s) return 0;
            } else if (*s == '"') {
                in_string = 0;
            } else if ((unsigned char)*s < 0x20) {
                return 0;
            }
        } else if (*s == '"') {
            in_string = 1;
        } else if (*s == '{' || *s == '[') {
            if (depth == (int)sizeof stack) return 0;
            stack[depth++] = *s;
        } else if (*s == '}' || *s == ']') {
            if (depth == 0 || stack[--depth] != (*s == '}' ? '{' : '[')) return 0;
        }
    }
    return depth == 0 && !in_string;
}

static int count_lines(const char *s)
{
    return cli_count_char(s, '\n');
}

Test(cli, version_and_help)
{
    cli_output r;
    expect_success(&r, ARGS("--version"));
    char expected[64];
    snprintf(expected, sizeof expected, "hesse %s\n", hesse_version());
    cr_expect_str_eq(r.out, expected);
    cli_release(&r);
    expect_success(&r, ARGS("--help"));
    cr_expect_not_null(strstr(r.out, "usage: hesse"));
    cli_release(&r);
}

Test(cli, list)
{
    cli_output r;
    expect_success(&r, ARGS("list"));
    /* A header line, then one line per problem: the registry holds more than 60. */
    cr_expect_gt(count_lines(r.out), 61, "hesse list printed %d lines", count_lines(r.out));
    cr_expect_not_null(strstr(r.out, "\nROSENBROCK "));
    cli_release(&r);

    expect_success(&r, ARGS("list", "--format", "csv"));
    cr_expect_eq(strncmp(r.out, "problem,family,n,fstar,sizes\n", 29), 0, "%.80s", r.out);
    cr_expect_eq(count_lines(r.out), hesse_testproblem_count() + 1);
    cli_release(&r);

    expect_success(&r, ARGS("list", "--format", "json"));
    cr_expect_eq(r.out[0], '[');
    cr_expect(json_balanced(r.out), "hesse list --format json: not balanced JSON");
    cr_expect_eq(cli_count_char(r.out, '{'), hesse_testproblem_count());
    cli_release(&r);

    expect_success(&r, ARGS("list", "--family", "mgh", "--format", "csv"));
    cr_expect_gt(count_lines(r.out), 1);
    cr_expect_null(strstr(r.out, ",cutest,"), "--family mgh listed a cutest problem");
    cli_release(&r);
}

Test(cli, solve_formats)
{
    cli_output r;
    expect_success(&r, ARGS("solve", "ROSENBROCK", "--method", "newton", "--format", "json"));
    cr_expect_eq(r.out[0], '{');
    cr_expect_eq(count_lines(r.out), 1);
    cr_expect(json_balanced(r.out), "not balanced JSON: %s", r.out);
    cr_expect_not_null(strstr(r.out, "\"status\": \"SUCCESS\""), "%s", r.out);
    cr_expect_not_null(strstr(r.out, "\"method\": \"newton\""), "%s", r.out);
    cli_release(&r);

    expect_success(&r, ARGS("solve", "ROSENBROCK", "--method", "newton", "--format", "csv"));
    const char *header = "problem,n,method,status,f,";
    cr_expect_eq(strncmp(r.out, header, strlen(header)), 0, "%.80s", r.out);
    cr_expect_eq(count_lines(r.out), 2);
    const char *row = strchr(r.out, '\n') + 1;
    cr_expect_eq(strncmp(row, "ROSENBROCK,2,newton,SUCCESS,", 28), 0, "%.80s", row);
    /* Header and row have the same number of fields. */
    int header_commas = 0;
    for (const char *p = r.out; *p != '\n'; p++) header_commas += *p == ',';
    cr_expect_eq(cli_count_char(row, ','), header_commas);
    cli_release(&r);

    /* The iteration limit is not the answer asked for: exit status 1 (issue 16), and
       the report on stdout as for any other status. */
    cli_run(&r, ARGS("solve", "ROSENBROCK", "--method", "gd", "--max-iter", "5"));
    cr_expect(r.exited && r.status == 1, "exit status %d, expected 1", r.status);
    cr_expect_str_empty(r.err, "%s", r.err);
    cr_expect_not_null(strstr(r.out, "MAX_ITER"), "%s", r.out);
    cli_release(&r);

    expect_success(&r, ARGS("roots", "ROSENBROCK", "--format", "json"));
    cr_expect(json_balanced(r.out), "not balanced JSON: %s", r.out);
    cr_expect_not_null(strstr(r.out, "\"status\": \"SUCCESS\""), "%s", r.out);
    cli_release(&r);
}

Test(cli, compare_and_bench_write_their_outputs)
{
    cli_output r;
    expect_success(&r, ARGS("compare", "ROSENBROCK", "--methods", "newton,gd", "--format", "csv"));
    cr_expect_eq(count_lines(r.out), 3, "%s", r.out);
    cli_release(&r);

    /* The seed family is small (a few two-variable problems): a quick bench. */
    expect_success(&r, ARGS("bench", "--family", "seed", "--methods", "newton", "--csv", "out.csv", "--json",
                            "out.json"));
    char path[512];
    snprintf(path, sizeof path, "%s/out.csv", r.workdir);
    char *csv = cli_slurp(path);
    cr_expect_eq(strncmp(csv, "problem,family,n,method,status,", 31), 0, "%.80s", csv);
    cr_expect_gt(count_lines(csv), 1);
    snprintf(path, sizeof path, "%s/out.json", r.workdir);
    char *json = cli_slurp(path);
    cr_expect(json_balanced(json), "bench JSON not balanced");
    char *why;
    cr_expect(cli_json_file_valid(path, &why), "bench JSON not valid: %s", why);
    free(why);
    cr_expect_eq(cli_count_char(json, '{'), count_lines(csv) - 1, "one JSON object per CSV row");
    free(csv);
    free(json);
    cli_release(&r);
}

/* Output that cannot be written (here to /dev/full, a device that is always full) is
   a failure: exit status 1 and a message, not a silent success. */
Test(cli, write_errors_fail_the_command)
{
    if (access("/dev/full", W_OK) != 0) cr_skip("no /dev/full on this system");
    const char *const *cases[] = {ARGS("list"), ARGS("--version"),
                                  ARGS("solve", "ROSENBROCK", "--method", "newton", "--format", "json")};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char line[512];
        cli_describe(line, sizeof line, cases[k]);
        cli_output r;
        cli_run_to(&r, cases[k], "/dev/full");
        cr_expect(r.exited && r.status == 1, "hesse %s > /dev/full: exit status %d, expected 1", line, r.status);
        cr_expect_not_null(strstr(r.err, "could not write"), "hesse %s > /dev/full: stderr: %s", line, r.err);
        cli_release(&r);
    }
    cli_output r;
    cli_run(&r, ARGS("bench", "--family", "seed", "--methods", "newton", "--csv", "/dev/full"));
    cr_expect(r.exited && r.status == 1, "bench --csv /dev/full: exit status %d, expected 1", r.status);
    cr_expect_not_null(strstr(r.err, "/dev/full"), "bench --csv /dev/full: stderr: %s", r.err);
    cli_release(&r);
}
