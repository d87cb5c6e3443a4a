/*
 * The hesse command: the one private header of cli/.
 *
 * The files, each using only those listed above it (no call cycle):
 *   args.c     messages, the option table and the one parser every command goes
 *              through, output paths, help and the manual page
 *   output.c   numbers as text (never "-0"), and the writer of CSV rows and JSON
 *              values (one JSON number writer: non-finite values are null)
 *   target.c   TARGET: a built-in problem or a formula; points and boxes
 *   run.c      running a minimization: options from the arguments, the trace, the
 *              report of one solve
 *   plot.c     gnuplot scripts, and gnuplot started without a shell
 *   cmd_*.c    one file per command (gradient, hessian and classify, three variants of
 *              one command, share cmd_hessian.c; fit reads its CSV file itself)
 *   commands.c the table of commands: names, operands, help, options, cmd_* functions
 *   main.c     the command named on the line, run
 *
 * Exit status of every command: 0 the requested answer was found; 1 it was not (a
 * solve that ends with any status but SUCCESS, a point that cannot be evaluated, a
 * derivative check that fails, output that cannot be written); 2 bad usage (unknown
 * command, problem, method or option, a malformed number, a size not accepted, an
 * output path that cannot be written), reported as one line "hesse: ..." on stderr
 * before anything is written. The one exception to "one line": a formula's syntax
 * error shows the formula and a caret under the error above it.
 */
#ifndef HESSE_CLI_H
#define HESSE_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "hesse.h"

enum { CLI_EXIT_FOUND = 0, CLI_EXIT_NOT_FOUND = 1, CLI_EXIT_USAGE = 2 };

/* ---- Arguments (args.c) ------------------------------------------------------------ */

typedef enum { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON } cli_format;

#define CLI_MAX_METHODS 16
#define CLI_MAX_CONSTRAINTS 16
/* hesse bench: the size each problem is run near, and the time limit of each run. */
#define CLI_BENCH_N 100
#define CLI_BENCH_SECONDS 20.0

typedef struct {
    int count;
    const hesse_method *at[CLI_MAX_METHODS];
} cli_method_list;

/* Every option of every command, parsed into one struct. A value not given keeps the
   default shown here. */
typedef struct {
    const char *operand;     /* PROBLEM or TARGET; NULL for commands without one */
    int n;                   /* --n; 0 = the problem's default (bench: 100) */
    const char *vars;        /* --vars: a formula's variable list */
    const char *x0, *at, *box;
    const hesse_method *method;  /* --method of a minimization; NULL = automatic */
    const char *roots_method;    /* --method of hesse roots; NULL = newton */
    cli_method_list methods;     /* --methods; the default list when not given */
    double gtol, ftol;       /* NaN = the library's default */
    int max_iter;            /* -1 = the library's default */
    double max_seconds;      /* NaN = the command's default */
    int starts, samples;     /* 0 = the library's default */
    int trace;
    cli_format format;
    const char *family;
    const char *plot, *plots, *csv, *json;
    const char *subject_to[CLI_MAX_CONSTRAINTS]; /* --subject-to, in the order given */
    int nconstraints;
    const char *order;       /* --order of hesse taylor: "1" or "2"; NULL = 2 */
    const char *eval;        /* --eval of hesse taylor */
    const char *data, *p0, *y, *weights; /* hesse fit */
    const char *fit_method;  /* hesse fit --method: a least-squares or minimization method */
} cli_args;

typedef enum {
    OPT_NONE, /* ends a command's list of options */
    OPT_N, OPT_BENCH_N, OPT_VARS, OPT_X0, OPT_AT, OPT_BOX, OPT_STARTS, OPT_SAMPLES,
    OPT_METHOD, OPT_ROOTS_METHOD, OPT_METHODS, OPT_GTOL, OPT_FTOL, OPT_MAX_ITER, OPT_ROOTS_MAX_ITER,
    OPT_MAX_SECONDS, OPT_TRACE, OPT_FORMAT, OPT_FORMAT_TJ, OPT_FAMILY, OPT_BENCH_FAMILY,
    OPT_PLOT, OPT_PLOTS, OPT_CSV, OPT_JSON, OPT_SUBJECT_TO, OPT_ORDER, OPT_EVAL, OPT_SEARCH_BOX,
    OPT_ROOTS_X0, OPT_LAGRANGE_X0,
    OPT_DATA, OPT_P0, OPT_Y, OPT_WEIGHTS, OPT_FIT_METHOD, OPT_FIT_PLOT,
    OPT_COUNT
} cli_option_id;

#define CLI_MAX_OPTIONS 12
/* What a TARGET operand may be, in the help of every command that takes one. */
#define CLI_TARGET_HELP "a problem from hesse list (case-insensitive), or a formula such as \"(x-1)^2+(y+2)^2\""

/* A command: its name, its operand, what it does, the options it takes (ended by
   OPT_NONE or the end of the array), and the function that runs it on parsed
   arguments (returns the exit status). */
typedef struct {
    const char *name;
    const char *operand;      /* "PROBLEM", "TARGET" or NULL */
    const char *operand_help; /* what the operand may be */
    const char *summary;      /* one line */
    const char *description;  /* what it prints */
    const char *not_found;    /* when it exits with status 1 besides a write error;
                                 NULL: never */
    cli_option_id options[CLI_MAX_OPTIONS];
    int (*run)(const cli_args *a);
} cli_command;

/* Messages, one line on stderr in one style: "hesse: <command>: <message>" (the
   command once cli_parse_args has seen it). cli_usage_error returns CLI_EXIT_USAGE;
   cli_error, for a failure of the work itself, CLI_EXIT_NOT_FOUND; cli_fail reports
   a library status and its message ("hesse: roots: ESINGULAR: ...") and returns
   CLI_EXIT_NOT_FOUND. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_fail(hesse_status st, const char *message);
/* The command being run ("" before cli_parse_args). */
const char *cli_command_name(void);

/* Strict number parsing: the whole string is a finite double / an int in range. */
int cli_parse_double(const char *s, double *out);
int cli_parse_int(const char *s, int *out);
/* Methods from a comma-separated list into out (at most max); the count, or -1 after
   reporting a malformed list or an unknown name. */
int cli_parse_methods(const char *list, const hesse_method **out, int max);

/* Parse argv[0..argc-1] (the words after the command name) for cmd into a. Returns 0;
   CLI_EXIT_USAGE after reporting bad usage; or -1 when help was asked for (--help or
   -h anywhere before a "--", after which every word is the operand), which the caller
   prints. Output paths are checked here: a file or
   directory that exists and is writable, or a missing one in a writable directory,
   and no control characters in the name. */
int cli_parse_args(const cli_command *cmd, int argc, char **argv, cli_args *a);

/* 1 when a and b name the same file (existing or not). */
int cli_same_file(const char *a, const char *b);

/* The help of one command (hesse COMMAND --help), and the manual page hesse.1 (roff)
   of all of them; both from the option table. */
void cli_print_help(FILE *out, const cli_command *cmd);
void cli_print_usage(FILE *out, const cli_command *cmds, int count);
void cli_print_man(FILE *out, const cli_command *cmds, int count);

/* ---- Output (output.c) -------------------------------------------------------------- */

/* A number as text, printed with the printf conversion spec (one of e, f, g with
   flags, width and precision), -0 shown as 0. The text lives in the returned value:
   printf("%s", cli_num("%.6g", v).text) is valid to the end of the statement. */
typedef struct {
    char text[48];
} cli_number;
cli_number cli_num(const char *spec, double v);

/* "[a, b, c]" and "[[a, b], [c, d]]" (n*n, column-major, printed by rows), each number
   with cli_num(spec). */
void cli_print_vector(FILE *out, int n, const double *v, const char *spec);
void cli_print_matrix(FILE *out, int n, const double *A, const char *spec);
/* An m*n column-major matrix, printed by rows. */
void cli_print_rect(FILE *out, int m, int n, const double *A, const char *spec);
/* A determinant as a number (%.10g); one out of the range of a double (det = ±Inf or
   0 with a sign) as m e+k from log|det|; "unknown" when there is none. */
cli_number cli_det_text(double det, int sign, double log_abs_det);

/* The one JSON number writer: the shortest of %.15g, %.16g, %.17g that reads back as
   v, -0 as 0, and null for NaN and infinities. */
void cli_json_number(FILE *out, double v);
void cli_json_string(FILE *out, const char *s);

/* A writer of JSON values, or of CSV rows (format FORMAT_CSV), or of nothing
   (FORMAT_TABLE: the command prints its table itself): objects written one
   after another at the top level are the rows, their members the columns (the header
   is written before the first row from its keys). In JSON, a list (cli_begin_array
   with key NULL at the top) holds its objects one per line; a lone top-level object
   is one line. A key is given for the members of an object and NULL elsewhere. */
#define CLI_WRITER_DEPTH 8 /* JSON nesting up to 7 levels (the commands use 4) */
typedef struct {
    FILE *out;
    cli_format format;
    int depth;
    int count[CLI_WRITER_DEPTH];   /* values written at each depth */
    int objects[CLI_WRITER_DEPTH]; /* 1 when the array at that depth holds objects */
    int rows;       /* CSV: rows written */
    int failed;     /* CSV: a row was lost (out of memory) */
    char *head, *line;
    size_t head_size, line_size;
    FILE *head_out, *line_out; /* CSV: the header and the row being written */
} cli_writer;

void cli_writer_init(cli_writer *w, FILE *out, cli_format format);
/* Ends the output (a newline after a top-level JSON value); 1 when a CSV row was lost
   (out of memory, reported on stderr), else 0. */
int cli_writer_end(cli_writer *w);
void cli_begin_object(cli_writer *w, const char *key);
void cli_end_object(cli_writer *w);
void cli_begin_array(cli_writer *w, const char *key);
void cli_end_array(cli_writer *w);
void cli_put_string(cli_writer *w, const char *key, const char *s);
void cli_put_int(cli_writer *w, const char *key, long v);
void cli_put_bool(cli_writer *w, const char *key, int v);
void cli_put_null(cli_writer *w, const char *key);
/* A double: cli_json_number in JSON, cli_num(csv_spec) in CSV. */
void cli_put_number(cli_writer *w, const char *key, double v, const char *csv_spec);
/* JSON only (nothing in CSV): arrays of numbers, of rows of a column-major n*n matrix,
   of strings; NULL v writes null. */
void cli_put_vector(cli_writer *w, const char *key, int n, const double *v);
void cli_put_matrix(cli_writer *w, const char *key, int n, const double *A);
void cli_put_strings(cli_writer *w, const char *key, int n, const char *const *s);
void cli_put_rect(cli_writer *w, const char *key, int m, int n, const double *A);

/* ---- Targets (target.c) ------------------------------------------------------------- */

/* The test problem called name at size n (0 = the default); reports and returns 2 on
   an unknown name or a size it does not accept, 1 out of memory, else 0. */
int cli_instantiate(const char *name, int n, hesse_testinstance **out);

/* TARGET: a test problem (hesse_testproblem_find, case-insensitive) or, when no problem
   has that name, a formula (hesse_formula_parse). One word in capitals of two or more
   characters ("ROSENBRCK", "NO_SUCH") is spelled like the problem names and is
   reported as an unknown problem; any other word ("x", "t2") is a formula. */
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
   (NULL = natural order; formulas only). Returns 0, or 2 after reporting
   bad usage (unknown problem, size not accepted, --n with a formula, --vars with a
   problem, a formula without variables, a syntax error: the formula, a caret under
   the column and the reason), or 1 (out of memory). On a nonzero return nothing needs
   closing. */
int cli_target_open(const char *text, int n, const char *vars, cli_target *t);
void cli_target_close(cli_target *t);

/* A formula's syntax error on stderr: the formula, a caret under the column, the
   reason (one line when the error has no column). */
void cli_show_formula_error(const char *text, const hesse_formula_error *err);

/* cli_target_open for the operand, --n and --vars of a, then the point of option opt
   (its text, NULL when not given; else the problem's x0) into *x, malloc'd, n values.
   Returns 0 with *x set, or with *x = NULL when there is no point (a formula without
   opt) and none is required; or the exit status after reporting (a bad target or
   point, no point for a formula when required), with nothing to close. */
int cli_target_open_point(const cli_args *a, const char *opt, const char *text, int required, cli_target *t,
                          double **x);

/* A point "v1,v2,...": exactly n comma-separated numbers or constant expressions
   ("pi", "pi/2", "-1.2e-3", "sqrt(2)"). Returns 0, or 2 after reporting what (named
   by opt) is wrong. */
int cli_parse_point(const char *opt, const char *s, int n, double *out);

/* A box: "lo,hi" (the same bounds for every coordinate) or "lo1:hi1,...,lon:hin".
   Returns 0, or 2 after reporting. */
int cli_parse_box(const char *opt, const char *s, int n, double *lo, double *hi);

/* The text of a symbolic derivative (i >= 0, j = -2: f; j = -1: ∂f/∂x_i; else
   ∂²f/∂x_i∂x_j), malloc'd, cut at 64 KiB with "..."; NULL when out of memory. */
char *cli_formula_text(const hesse_formula *f, int i, int j);

/* A target with the box of --box and the analysis options with --starts and
   --samples (critical, convexity). cli_boxed_open returns 0, or the exit status after
   reporting (no --box, a bad target or box); on a nonzero return nothing needs
   closing. */
typedef struct {
    cli_target t;
    double *lo, *hi; /* t.n each */
    hesse_analysis_options options;
} cli_boxed;
int cli_boxed_open(const cli_args *a, cli_boxed *b);
void cli_boxed_close(cli_boxed *b);

/* "(x, y)"; "(x, y) = (1, 2)" with the point printed with cli_num(spec); the box in
   words ("[-3, 3] for every coordinate", or "x in [..], y in [..]"). */
void cli_print_vars(FILE *out, const cli_target *t);
void cli_print_point(FILE *out, const cli_target *t, const double *x, const char *spec);
void cli_print_box(FILE *out, const cli_boxed *b);
/* JSON members: the target (target, formula, n, variables); the box {lo, hi}. */
void cli_put_target(cli_writer *w, const cli_target *t);
void cli_put_box(cli_writer *w, const cli_boxed *b);

/* Why the target cannot be evaluated at x (f: order 0; with the gradient: 1; and the
   Hessian: 2), for a formula: hesse_formula_explain; "" for a problem. */
void cli_explain(const cli_target *t, const double *x, int order, char *buf, size_t size);
/* cli_fail, with the point and, for a formula, the operation that failed
   ("hesse: minimize: EDOMAIN: ...; at (x) = (-1): log(x) = log(-1): logarithm of a
   negative number"). Returns CLI_EXIT_NOT_FOUND. */
int cli_fail_at(const cli_target *t, const double *x, int order, hesse_status st, const char *message);

/* SYSTEM: a built-in system of the equations family, or a vector formula "f1, f2, ..."
   (hesse_formula_vector_parse). */
typedef struct {
    hesse_system system;            /* when m = n */
    hesse_vector_function function; /* always */
    int n, m;
    const double *x0;               /* built-in: its start; NULL for formulas */
    const double *root;             /* built-in: a known root, or NULL */
    const char *name;               /* the system's name, or the text as typed */
    const char **vars;              /* n names: the formula's, or x1..xn */
    hesse_formula_vector *formula;  /* NULL for built-in systems */
    hesse_equation_instance *inst_; /* internal */
    char *names_;                   /* internal */
} cli_system;
/* Resolve text (n: size of a built-in system, 0 = default; vars: a formula's variable
   list); square = 1 requires m = n. Returns 0, or the exit status after reporting
   (nothing to close then). */
int cli_system_open(const char *text, int n, const char *vars, int square, cli_system *s);
void cli_system_close(cli_system *s);
/* "(x, y)" and "(x, y) = (1, 2)" for n names. */
void cli_print_names(FILE *out, int n, const char *const *vars);
void cli_print_named_point(FILE *out, int n, const char *const *vars, const double *x, const char *spec);

/* f subject to g_k(x) = 0, from the operand and the --subject-to options (cmd_lagrange.c):
   one vector formula "f, g1, ..., gm" so that all share the variables (natural order,
   or --vars), and a hesse_constrained_problem with exact Hessians over it. Returns 0,
   or the exit status after reporting (nothing to close then). */
typedef struct {
    hesse_formula_vector *v;       /* component 0: f; 1..m: the constraints */
    int n, m;
    const char **vars;
    hesse_constrained_problem cp;  /* data = this struct: do not move it */
    char *text;
} cli_constrained;
int cli_constrained_open(const cli_args *a, cli_constrained *c);
void cli_constrained_close(cli_constrained *c);

/* ---- Running a minimization (run.c) ------------------------------------------------- */

/* hesse_options_init, then --method, --gtol and --max-iter from a. */
void cli_minimize_options(const cli_args *a, hesse_options *opt);

/* The exit status of a solve: 0 for HESSE_SUCCESS, else 1. */
int cli_exit_status(hesse_status st);

/* One solve with its trace kept (x only for n == 2, for paths on contour plots). */
typedef struct {
    hesse_result result;
    int count, capacity;
    double *gnorm; /* per iteration, iteration 0 first */
    double *f;
    double *path;  /* 2 per iteration when n == 2 */
} cli_run;

/* Solve p from x0 with opt (its trace fields are overwritten), the end point into
   x_out. Returns 0, or 1 when the trace could not be stored (out of memory). */
int cli_solve(const hesse_problem *p, const double *x0, hesse_options *opt, cli_run *run,
              double *x_out);
void cli_run_free(cli_run *run);

/* "solved": the gradient test was met and, where f* is known,
   |f − f*| <= 1e-6·max(1, |f*|). */
int cli_solved(const hesse_result *r, double fstar);

/* A trace callback printing one table line per iteration on stdout. */
int cli_print_iteration(const hesse_iteration *it, void *data);

/* The report of hesse solve and hesse minimize. x0 (the start), x (the point reached)
   and vars (n each) may be NULL: the variables and points are then not printed.
   Returns 1 when a CSV row was lost (cli_writer_end). */
int cli_print_result(const char *problem, int n, const hesse_result *r, double fstar, const double *x0,
                     const double *x, const char *const *vars, cli_format format);

/* ---- Plots (plot.c) ----------------------------------------------------------------- */

/* 1 when a gnuplot program is on PATH. */
int cli_have_gnuplot(void);

/* "<stem>_<suffix>" for a file name "stem.ext" (a directory's dot does not count).
   Returns 0, or 1 when it does not fit in size. */
int cli_derived_path(char *out, size_t size, const char *file, const char *suffix);

/* A fixed colour per method (by its place in the method table), so that a method has
   the same colour in every plot. */
const char *cli_method_color(const hesse_method *m);

/* A plot of one line per method from a data file the caller wrote (one block per
   method, in the order of methods, blocks separated by two empty lines): the script
   goes to `script`, gnuplot draws `png`. `settings` are further gnuplot lines (fixed
   text, never user input); `style` is the `with` clause. Returns 0 when drawn. */
typedef struct {
    const char *png, *data, *script;
    const char *title, *xlabel, *ylabel;
    const char *settings, *style;
    int width, height;
} cli_plot;
int cli_plot_methods(const cli_plot *p, const hesse_method *const *methods, int count);

/* The plot of a fit (hesse fit): two panels, the data with the fitted curve above and
   the residuals below. `points` has rows "x y residual", `curve` rows "x model" (a fine
   grid; NULL when the model has no single abscissa: the fitted values are then in
   column 4 of `points`, and x is the observation's index). Returns 0 when drawn. */
int cli_plot_fit(const char *png, const char *script, const char *title, const char *xlabel,
                 const char *ylabel, const char *points, const char *curve);

/* The contour map of a two-variable problem over the box of the runs' paths, with each
   method's path: files <png stem>_grid.dat, _paths.dat, _contours.dat, _paths.gp.
   Returns 0 when drawn. */
int cli_plot_contours(const char *png, const char *title, const hesse_problem *p,
                      const char *const *vars, const cli_run *runs,
                      const hesse_method *const *methods, int count);

/* ---- Commands (cmd_*.c, and their table in commands.c) ------------------------------ */

extern const cli_command cli_commands[];
extern const int cli_command_count;

/* int cmd_NAME(const cli_args *a) runs the command NAME; its exit status. */
#define CLI_COMMAND_NAMES(X) \
    X(list) X(solve) X(minimize) X(compare) X(roots) X(gradient) X(hessian) X(classify) X(critical) \
    X(convexity) X(check) X(bench) X(fit) X(jacobian) X(taylor) X(laplacian) X(lagrange)
#define CLI_DECLARE_COMMAND_(name) int cmd_##name(const cli_args *a);
CLI_COMMAND_NAMES(CLI_DECLARE_COMMAND_)
#undef CLI_DECLARE_COMMAND_

#endif
