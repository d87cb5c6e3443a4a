/*
 * The hesse command as a Unix tool (issues 15 and 16), run as the built binary
 * (tests/test_cli.h):
 *   - hesse COMMAND --help for every command, "unknown option" for an unknown option;
 *   - JSON output is valid where a run fails at the start (null, not nan);
 *   - no "-0" in printed numbers.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_cli.h"

/* ---- help, unknown options ---- */

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
