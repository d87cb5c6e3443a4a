/*
 * Shared pieces of the hesse command: argument parsing, problem and method lookup,
 * solving with a recorded trace, output formats, plots.
 *
 * Conventions: every subcommand returns the process exit status: 0 done, 1 the work
 * ran but failed (e.g. a plot could not be drawn), 2 bad usage (unknown problem,
 * method or option, malformed number, size not accepted) — reported as one line on
 * stderr, before anything is written.
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

/* Option value after argv[*i] (advances *i), or NULL with a usage message. */
const char *cli_value(int argc, char **argv, int *i);

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

int cmd_list(int argc, char **argv);
int cmd_solve(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_roots(int argc, char **argv);

#endif
