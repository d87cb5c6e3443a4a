/*
 * Shared pieces of the hesse command: argument parsing, problem and method lookup,
 * solving with a recorded trace, output formats, plots.
 *
 * Conventions: every subcommand returns the process exit status: 0 done, 1 the work
 * ran but failed (e.g. a plot could not be drawn), 2 bad usage (unknown problem,
 * method or option, malformed number, size not accepted) — reported as one line on
 * stderr, before anything is written. The one exception: a formula's syntax error
 * shows the formula and a caret under the error above that line.
 */
#ifndef HESSE_CLI_H
#define HESSE_CLI_H

#include <stdio.h>

#include "hesse.h"

typedef enum { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON } cli_format;

/* Print "hesse: <message>" to stderr; returns 2 (usage error). */
int cli_usage_error(const char *fmt, ...);

/* Strict number parsing: the whole string must be a finite number / int in range. */
int cli_parse_double(const char *s, double *out);
int cli_parse_int(const char *s, int *out);
/* Comma-separated doubles into out (at most max); returns count or -1. */
int cli_parse_doubles(const char *s, double *out, int max);
int cli_parse_format(const char *s, cli_format *out);

/* Option value after argv[*i] (advances *i), or NULL with a usage message (argv[*i]
   is not an option, or it is the last argument). */
const char *cli_value(int argc, char **argv, int *i);

/* Checks, before anything is written, that path can be created or overwritten: a
   file (directory = 0) or a directory (1) that exists and is writable, or a missing
   one in a writable directory. Returns 0, or 2 after reporting the reason. */
int cli_check_output(const char *path, int directory);

/* Methods from a comma-separated list; returns the count, or -1 after reporting the
   unknown name. */
int cli_parse_methods(const char *list, const hesse_method **out, int max);

/* The default method list of compare and bench (the built-in ones among
   newton,newton-tr,newton-cg,bfgs,lbfgs,sr1,gd); returns the count. */
int cli_default_methods(const hesse_method **out);

/* The test problem called name at size n (0 = the default); reports and returns 2 on
   an unknown name or a size it does not accept, else 0. */
int cli_instantiate(const char *name, int n, hesse_testinstance **out);

/* One solve with its trace kept (x only for n == 2, for paths on contour plots). */
typedef struct {
    hesse_result result;
    int count, capacity;
    double *gnorm; /* per iteration, iteration 0 first */
    double *f;
    double *path;  /* 2 per iteration when n == 2 */
} cli_run;

/* Solve p from x0 with opt (its trace fields are overwritten). Returns 0, or 1 when
   the trace could not be stored (out of memory). */
int cli_solve(const hesse_problem *p, const double *x0, hesse_options *opt, cli_run *run,
              double *x_out);
void cli_run_free(cli_run *run);

/* "solved": the gradient test was met and, where f* is known,
   |f − f*| <= 1e-6·max(1, |f*|). */
int cli_solved(const hesse_result *r, double fstar);

/* JSON string escaping for names and messages. */
void cli_json_string(FILE *out, const char *s);

/* A fixed colour per method (by its place in the method table), so that a method has
   the same colour in every plot. */
const char *cli_method_color(const hesse_method *m);

/* gnuplot: 1 if it can be run. */
int cli_have_gnuplot(void);
/* Run gnuplot on a script file; 0 on success. */
int cli_run_gnuplot(const char *script_path);

/* ---- Targets: a built-in problem or a formula (cli/target.c) ----
   TARGET names a test problem (hesse_testproblem_find, case-insensitive) or, when no
   problem has that name, is a formula (hesse_formula_parse). A bare identifier that
   names no problem ("ROSENBRCK") is reported as an unknown problem rather than read
   as the formula f = ROSENBRCK. */
typedef struct {
    hesse_problem problem;  /* callbacks; borrowed from the instance or the formula */
    int n;
    const double *x0;       /* default point: the problem's x0; NULL for formulas */
    double fstar;           /* known optimal value, NaN when unknown (formulas) */
    const char *name;       /* problem name, or the formula text as typed */
    const char **vars;      /* n variable names: the formula's, or x1..xn */
    hesse_formula *formula; /* NULL for problems */
    hesse_testinstance *inst_; /* internal */
    char *names_;              /* internal: storage of generated names */
} cli_target;

/* Resolve text at size n (0 = default; problems only) with the variable list vars
   (NULL = order of first appearance; formulas only). Returns 0, or 2 after reporting
   bad usage on stderr (unknown problem, size not accepted, --n with a formula, --vars
   with a problem, a formula without variables, a syntax error: the formula, a caret
   under the column and the reason), or 1 (out of memory). On a nonzero return
   nothing needs closing. */
int cli_target_open(const char *text, int n, const char *vars, cli_target *t);
void cli_target_close(cli_target *t);

/* --n N and --vars LIST, shared by every command taking a TARGET: when argv[*i] is
   one of them, consume its value and return 1; 0 when it is not; -1 after reporting a
   bad value. */
int cli_target_option(int argc, char **argv, int *i, int *n, const char **vars);

/* A point "v1,v2,...": exactly n comma-separated numbers or constant expressions
   ("pi", "pi/2", "-1.2e-3", "sqrt(2)"). Returns 0, or 2 after reporting on stderr
   what (named by opt, e.g. "--at") is wrong. */
int cli_parse_point(const char *opt, const char *s, int n, double *out);

/* A box: "lo,hi" (the same bounds for every coordinate) or "lo1:hi1,...,lon:hin".
   Returns 0, or 2 after reporting. */
int cli_parse_box(const char *opt, const char *s, int n, double *lo, double *hi);

/* The text of a symbolic derivative (i >= 0, j = -2: f; j = -1: ∂f/∂x_i; else
   ∂²f/∂x_i∂x_j), malloc'd, cut at 64 KiB with "..."; NULL when out of memory. */
char *cli_formula_text(const hesse_formula *f, int i, int j);

/* Output helpers: a double as JSON (null when not finite), a vector "[a, b]" with
   %.*g, and a JSON array of doubles. */
void cli_json_number(FILE *out, double v);
void cli_print_vector(FILE *out, int n, const double *v, int digits);
void cli_json_vector(FILE *out, int n, const double *v);
/* Matrix (n*n, column-major) as "[[a, b], [c, d]]", or as JSON rows. */
void cli_print_matrix(FILE *out, int n, const double *A, int digits);
void cli_json_matrix(FILE *out, int n, const double *A);
/* JSON array of strings. */
void cli_json_strings(FILE *out, int n, const char *const *s);

/* The report of hesse solve and hesse minimize. x and vars (n each) may be NULL: the
   point is then not printed. */
void cli_print_result(const char *problem, int n, const hesse_result *r, double fstar,
                      const double *x, const char *const *vars, cli_format format);

int cmd_list(int argc, char **argv);
int cmd_solve(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_roots(int argc, char **argv);
int cmd_gradient(int argc, char **argv);
int cmd_hessian(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_critical(int argc, char **argv);
int cmd_convexity(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_minimize(int argc, char **argv);

#endif
