/*
 * The seed features from the command line (issue 16), the parts docs/tutorial.md
 * does not show: the operation named when a point cannot be evaluated, constant
 * expressions without a value, the variable order and the start in every solve's
 * output, determinants printed as numbers, and the usage errors of jacobian, roots
 * on formulas, taylor, laplacian and lagrange. The tutorial's commands and numbers
 * are checked by tests/tutorial/check_tutorial.py.
 */
#include "test_cli.h"

static void expect(cli_output *r, int status, const char *const *args)
{
    cli_run(r, args);
    cr_expect(r->exited && r->status == status, "hesse %s %s: exit %d (want %d): %s", args[0], args[1] ? args[1] : "",
              r->status, status, r->err);
}

Test(cli_seeds, a_refused_point_names_the_operation)
{
    cli_output r;
    expect(&r, 1, ARGS("hessian", "log(x)", "--at", "-1"));
    cr_expect_not_null(strstr(r.err, "at (x) = (-1): log(x) = log(-1): logarithm of a negative number"), "%s", r.err);
    cr_expect_str_empty(r.out);
    cli_release(&r);
    expect(&r, 1, ARGS("gradient", "sqrt(x)+y", "--at", "0,1"));
    cr_expect_not_null(strstr(r.err, "in df/dx: 1/sqrt(x) = 1/0: division by zero"), "%s", r.err);
    cli_release(&r);
    /* minimize still writes its report (JSON with null), and says why on stderr */
    expect(&r, 1, ARGS("minimize", "log(x)", "--x0", "-1", "--format", "json"));
    cr_expect_not_null(strstr(r.out, "\"f\": null"), "%s", r.out);
    cr_expect_not_null(strstr(r.err, "log(x) = log(-1)"), "%s", r.err);
    cli_release(&r);
    expect(&r, 1, ARGS("roots", "x-1, log(y)", "--x0", "1,-1"));
    cr_expect_not_null(strstr(r.err, "component 2: log(y) = log(-1)"), "%s", r.err);
    cli_release(&r);
    expect(&r, 1, ARGS("jacobian", "x*y, sqrt(x)", "--at", "-4,1"));
    cr_expect_not_null(strstr(r.err, "sqrt(x) = sqrt(-4): square root of a negative number"), "%s", r.err);
    cli_release(&r);
    /* simplified away, still undefined: x/x at 0 */
    expect(&r, 1, ARGS("gradient", "x/x + y", "--at", "0,1"));
    cr_expect_not_null(strstr(r.err, "1/x = 1/0: division by zero"), "%s", r.err);
    cli_release(&r);
}

Test(cli_seeds, a_constant_expression_without_a_value_is_not_a_number)
{
    static const char *const bad[] = {"0/0", "log(-1)", "1/(2-2)", "0*log(-1)", "sqrt(-1)"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char point[32];
        snprintf(point, sizeof point, "%s,1", bad[k]);
        cli_output r;
        expect(&r, 2, ARGS("hessian", "x^2+y^2", "--at", point));
        cr_expect_not_null(strstr(r.err, "has no value"), "--at %s: %s", point, r.err);
        cr_expect_str_empty(r.out);
        cli_release(&r);
    }
    cli_output r;
    expect(&r, 0, ARGS("gradient", "x^2", "--at", "2*0/1"));
    cli_release(&r);
}

Test(cli_seeds, solves_print_the_variable_order_and_the_start)
{
    cli_output r;
    expect(&r, 0, ARGS("minimize", "100*(y-x^2)^2+(1-x)^2", "--x0", "-1.2,1"));
    cr_expect_not_null(strstr(r.out, "variables   (x, y)\nstart       (x, y) = (-1.2, 1)\n"), "%s", r.out);
    cli_release(&r);
    expect(&r, 0, ARGS("minimize", "(x10-1)^2+(x2-2)^2+(x1-3)^2", "--x0", "0,0,0"));
    cr_expect_not_null(strstr(r.out, "variables   (x1, x2, x10)\n"), "%s", r.out);
    cr_expect_not_null(strstr(r.out, "x           x1 = 3, x2 = 2, x10 = 1\n"), "%s", r.out);
    cli_release(&r);
    expect(&r, 0, ARGS("compare", "(x-1)^2+(y-2)^2", "--x0", "0,0", "--methods", "newton"));
    cr_expect_not_null(strstr(r.out, "start (x, y) = (0, 0)"), "%s", r.out);
    cli_release(&r);
    expect(&r, 0, ARGS("roots", "y-2, x-1", "--x0", "0,0"));
    cr_expect_not_null(strstr(r.out, "variables   (x, y)\nstart       (x, y) = (0, 0)\n"), "%s", r.out);
    cr_expect_not_null(strstr(r.out, "x = 1, y = 2"), "%s", r.out);
    cli_release(&r);
}

Test(cli_seeds, determinants_print_as_numbers)
{
    cli_output r;
    /* ROSENBROCK's J = [[-20x, 10], [-1, 0]]: det J = 10 */
    expect(&r, 0, ARGS("roots", "ROSENBROCK"));
    cr_expect_not_null(strstr(r.out, "det(J)      10\n"), "%s", r.out);
    cr_expect_null(strstr(r.out, "exp("), "%s", r.out);
    cli_release(&r);
    expect(&r, 0, ARGS("jacobian", "2*x, 3*y, x+y+5*z", "--at", "1,1,1"));
    cr_expect_not_null(strstr(r.out, "det J = 30\n"), "%s", r.out);       /* the formula */
    cr_expect_not_null(strstr(r.out, "det J      = 30\n"), "%s", r.out);   /* the value */
    cli_release(&r);
    expect(&r, 0, ARGS("jacobian", "x, y", "--at", "1,1", "--format", "json"));
    cr_expect_not_null(strstr(r.out, "\"det\": 1,"), "%s", r.out);
    cli_release(&r);
}

Test(cli_seeds, usage_errors_of_the_new_commands)
{
    const char *const *cases[] = {
        ARGS("roots", "x^2+y^2-4", "--x0", "1,1"),                 /* 1 equation, 2 unknowns */
        ARGS("roots", "x-1, y-2"),                                 /* no --x0 for a formula */
        ARGS("roots", "x-1, y-2", "--x0", "1"),                    /* 1 value for 2 unknowns */
        ARGS("roots", "NO_SUCH_SYSTEM"),
        ARGS("jacobian", "x*, y", "--at", "1,1"),                  /* syntax */
        ARGS("taylor", "x^2", "--at", "1", "--order", "3"),
        ARGS("taylor", "x^2"),                                      /* no --at */
        ARGS("taylor", "x^2+y", "--at", "1,1", "--eval", "1"),
        ARGS("laplacian", "x^2", "--at", "1,2"),
        ARGS("lagrange", "x*y"),                                    /* no constraint */
        ARGS("lagrange", "x*y", "--subject-to", "x-1", "--subject-to", "y-1"), /* m = n */
        ARGS("lagrange", "x*y", "--subject-to", "x-1, y"),          /* two formulas in one */
        ARGS("minimize", "x*y", "--subject-to", "x+y-1"),           /* no --x0 */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        cli_output r;
        expect(&r, 2, cases[k]);
        cr_expect_str_empty(r.out, "case %zu: %s", k, r.out);
        cr_expect_not_null(strchr(r.err, '\n'), "case %zu: no message", k);
        cli_release(&r);
    }
}

Test(cli_seeds, json_of_the_new_commands_is_valid)
{
    /* cli_run checks every --format json output with a JSON parser */
    const char *const *cases[] = {
        ARGS("jacobian", "r*cos(t), r*sin(t)", "--vars", "r,t", "--at", "2,0.5", "--format", "json"),
        ARGS("jacobian", "x^2*y", "--at", "1,2", "--format", "json"), /* 1 x 2: no determinant */
        ARGS("roots", "x^2+y^2-4, x-y", "--x0", "1,1", "--format", "json"),
        ARGS("taylor", "exp(x)*y", "--at", "0,1", "--eval", "0.1,1.1", "--format", "json"),
        ARGS("laplacian", "x^2+y^2", "--at", "1,1", "--format", "json"),
        ARGS("lagrange", "x*y", "--subject-to", "x+y-10", "--format", "json"),
        ARGS("minimize", "x^2+y^2", "--subject-to", "x+y-1", "--x0", "0,0", "--format", "json"),
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        cli_output r;
        expect(&r, 0, cases[k]);
        cr_expect(r.out[0] == '{', "case %zu: %s", k, r.out);
        cli_release(&r);
    }
    /* a 1 x 2 Jacobian has no determinant, and says so */
    cli_output r;
    expect(&r, 0, ARGS("jacobian", "x^2*y", "--at", "1,2"));
    cr_expect_not_null(strstr(r.out, "J is 1 x 2"), "%s", r.out);
    cr_expect_not_null(strstr(r.out, "J          = [[4, 1]]"), "%s", r.out);
    cli_release(&r);
}

Test(cli_seeds, every_new_command_has_help)
{
    static const char *const commands[] = {"jacobian", "taylor", "laplacian", "lagrange", "roots"};
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++) {
        cli_output r;
        expect(&r, 0, ARGS(commands[k], "--help"));
        cr_expect_not_null(strstr(r.out, "usage: hesse"), "%s: %s", commands[k], r.out);
        cli_release(&r);
    }
    cli_output r;
    expect(&r, 0, ARGS("--man"));
    cr_expect_not_null(strstr(r.out, "hesse lagrange"), "the manual page has no lagrange");
    cr_expect_not_null(strstr(r.out, "\\-\\-subject\\-to"), "the manual page has no --subject-to");
    cli_release(&r);
}

/* The critical points of the Lagrangian are found whatever the units of f and x
   (scaled by 1e8 and 1e-8): max xy on x + y = 10 is at (5, 5) times the x scale. */
Test(cli_seeds, lagrange_finds_points_at_any_scale)
{
    static const struct {
        const char *f, *g, *box, *want;
    } cases[] = {
        {"x*y", "x+y-10", "-10,10", "\"x\": [5, 5]"},
        {"1e8*x*y", "x+y-10", "-10,10", "\"x\": [5, 5]"},
        {"1e-8*x*y", "x+y-10", "-10,10", "\"x\": [5, 5]"},
        {"x*y", "x+y-1e9", "-1e9,1e9", "\"x\": [500000000, 500000000]"},
        {"x*y", "x+y-1e-7", "-1e-7,1e-7", "\"x\": [5e-08, 5e-08]"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        cli_output r;
        expect(&r, 0, ARGS("lagrange", cases[k].f, "--subject-to", cases[k].g, "--box", cases[k].box, "--starts", "16",
                           "--format", "json"));
        cr_expect_not_null(strstr(r.out, cases[k].want), "%s subject to %s: %s", cases[k].f, cases[k].g, r.out);
        const char *first = strstr(r.out, "\"verdict\"");
        cr_expect(first && !strstr(first + 1, "\"verdict\""), "%s subject to %s: not one point: %s", cases[k].f,
                  cases[k].g, r.out);
        cli_release(&r);
    }
}
