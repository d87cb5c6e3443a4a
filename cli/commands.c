/*
 * The table of commands: for each, its name, operand, help texts, the options it takes
 * (from the option table of args.c) and the function in its cmd_*.c file that runs
 * it. main.c dispatches on it; help and the manual page are written from it.
 */
#include "cli.h"

const cli_command cli_commands[] = {
    {
        .name = "list",
        .summary = "List the built-in problems.",
        .description = "Name, family, default size, f* where known, accepted sizes and source of each. The "
                       "minimization problems (MGH, CUTEst and the seed functions) serve hesse solve, compare, "
                       "bench and the analysis commands; the equations family holds the square systems of hesse "
                       "roots.",
        .options = {OPT_FAMILY, OPT_FORMAT},
        .run = cmd_list,
    },
    {
        .name = "solve",
        .operand = "PROBLEM",
        .operand_help = "a problem from hesse list (case-insensitive)",
        .summary = "Minimize a built-in problem from its standard start.",
        .description = "Prints the status, f (and f* where known), ||g||_inf, iterations, evaluations, time, and "
                       "the kind of point reached (minimum, saddle, maximum, degenerate) with the Hessian's "
                       "inertia.",
        .not_found = "when the solve ends with a status other than SUCCESS",
        .options = {OPT_N, OPT_METHOD, OPT_GTOL, OPT_MAX_ITER, OPT_TRACE, OPT_FORMAT},
        .run = cmd_solve,
    },
    {
        .name = "minimize",
        .operand = "TARGET",
        .operand_help = CLI_TARGET_HELP,
        .summary = "Minimize a formula (or a problem) from a given start, optionally subject to equality "
                   "constraints.",
        .description = "Reports like hesse solve, with the variables, the start and the point reached. With "
                       "--subject-to, the Lagrange-Newton (SQP) method of hesse_constrained_solve: the point, its "
                       "multipliers and the kind of constrained point (hesse lagrange explains it).",
        .not_found = "when the solve ends with a status other than SUCCESS",
        .options = {OPT_X0, OPT_SUBJECT_TO, OPT_VARS, OPT_N, OPT_METHOD, OPT_GTOL, OPT_MAX_ITER, OPT_TRACE,
                    OPT_FORMAT},
        .run = cmd_minimize,
    },
    {
        .name = "compare",
        .operand = "TARGET",
        .operand_help = CLI_TARGET_HELP,
        .summary = "Run several methods side by side on one problem or formula.",
        .description = "All from the same start: a table of status, iterations, evaluations, time, f, ||g||_inf "
                       "and the kind of point per method; with --plot, the convergence plot and, for two "
                       "variables, the paths on a contour map.",
        .not_found = "when no method ended with SUCCESS, or a plot could not be drawn",
        .options = {OPT_N, OPT_X0, OPT_VARS, OPT_METHODS, OPT_GTOL, OPT_MAX_ITER, OPT_PLOT, OPT_FORMAT},
        .run = cmd_compare,
    },
    {
        .name = "roots",
        .operand = "SYSTEM",
        .operand_help = "a system from hesse list --family equations, or equations typed as comma-separated "
                        "formulas, one per unknown, each = 0: \"x^2+y^2-4, x-y\" (the Jacobian from their "
                        "symbolic derivatives)",
        .summary = "Solve a square system F(x) = 0 with Newton's or Broyden's method.",
        .description = "Prints the variables and the start, the status, ||F||_inf, the point reached, iterations, "
                       "evaluations, det(J) (of Broyden's matrix B for broyden) and the reciprocal condition number "
                       "at the end, and the distance to the known root where there is one.",
        .not_found = "when the solve ends with a status other than SUCCESS (a singular Jacobian, the iteration "
                     "limit, a failed line search, ...), or F cannot be evaluated at the start",
        .options = {OPT_ROOTS_X0, OPT_VARS, OPT_N, OPT_ROOTS_METHOD, OPT_FTOL, OPT_ROOTS_MAX_ITER, OPT_TRACE,
                    OPT_FORMAT},
        .run = cmd_roots,
    },
    {
        .name = "jacobian",
        .operand = "SYSTEM",
        .operand_help = "a vector function typed as comma-separated formulas, \"r*cos(t), r*sin(t)\" (any number "
                        "of components), or a system from hesse list --family equations",
        .summary = "The Jacobian of a vector function, as formulas and at a point, and its determinant.",
        .description = "Prints the symbolic Jacobian (row i: the gradient of component i) and, when it is square, "
                       "its determinant as a formula (up to 4 variables); at the point, F, J, det J and the "
                       "reciprocal condition number, and what the sign and the size of det J mean: orientation "
                       "kept or reversed, the factor by which small volumes are scaled, and whether F is locally "
                       "invertible (inverse function theorem).",
        .not_found = "when F or J cannot be evaluated at the point",
        .options = {OPT_AT, OPT_VARS, OPT_N, OPT_FORMAT_TJ},
        .run = cmd_jacobian,
    },
    {
        .name = "gradient",
        .operand = "TARGET",
        .operand_help = CLI_TARGET_HELP,
        .summary = "The gradient, as formulas and at a point.",
        .description = "Prints a formula's symbolic gradient, and f, the gradient and ||g||_inf at the point. "
                       "Without --at, a formula's symbolic gradient alone; a problem's point defaults to its "
                       "standard start.",
        .not_found = "when f or its gradient cannot be evaluated at the point",
        .options = {OPT_AT, OPT_VARS, OPT_N, OPT_FORMAT_TJ},
        .run = cmd_gradient,
    },
    {
        .name = "hessian",
        .operand = "TARGET",
        .operand_help = CLI_TARGET_HELP,
        .summary = "The Hessian, as formulas and at a point, and the kind of point.",
        .description = "Prints a formula's symbolic Hessian, and at the point f, the gradient, the Hessian, its "
                       "eigenvalues, leading principal minors and inertia, the three definiteness tests "
                       "(eigenvalues, Sylvester, LDL^T), the Laplacian and the kind of point (minimum, saddle, "
                       "maximum, degenerate, not stationary). Without --at, a formula's symbolic Hessian alone; a "
                       "problem's point defaults to its standard start.",
        .not_found = "when the point cannot be analysed (f or a derivative cannot be evaluated there)",
        .options = {OPT_AT, OPT_VARS, OPT_N, OPT_FORMAT_TJ},
        .run = cmd_hessian,
    },
    {
        .name = "classify",
        .operand = "TARGET",
        .operand_help = CLI_TARGET_HELP,
        .summary = "The kind of a point: minimum, saddle, maximum, degenerate.",
        .description = "The report of hesse hessian at the point, without the formulas. A formula needs --at; a "
                       "problem's point defaults to its standard start.",
        .not_found = "when the point cannot be analysed (f or a derivative cannot be evaluated there)",
        .options = {OPT_AT, OPT_VARS, OPT_N, OPT_FORMAT_TJ},
        .run = cmd_classify,
    },
    {
        .name = "critical",
        .operand = "TARGET",
        .operand_help = CLI_TARGET_HELP,
        .summary = "The critical points in a box, each classified.",
        .description = "Newton's method on the gradient from sample starts in the box. Prints each point found, "
                       "sorted by f, with f, ||g||_inf, the Hessian's inertia and eigenvalue range, the kind of "
                       "point and how many starts led to it. A search from sample starts cannot prove that there "
                       "are no others.",
        .not_found = "when no critical point was found in the box",
        .options = {OPT_BOX, OPT_STARTS, OPT_VARS, OPT_N, OPT_FORMAT_TJ},
        .run = cmd_critical,
    },
    {
        .name = "convexity",
        .operand = "TARGET",
        .operand_help = CLI_TARGET_HELP,
        .summary = "Convexity on a box, from the Hessian at sample points.",
        .description = "Prints the verdict (strictly convex, convex, strictly concave, concave, affine, neither), "
                       "the count of samples of each definiteness, and a witness point for not convex and for not "
                       "concave. Sampling proves only the negative answers.",
        .not_found = "when the Hessian cannot be evaluated at the samples",
        .options = {OPT_BOX, OPT_SAMPLES, OPT_VARS, OPT_N, OPT_FORMAT_TJ},
        .run = cmd_convexity,
    },
    {
        .name = "taylor",
        .operand = "TARGET",
        .operand_help = CLI_TARGET_HELP,
        .summary = "The Taylor polynomial of order 1 or 2 at a point, and its error at another.",
        .description = "Prints f, the gradient and the Hessian at P (--at) and the polynomial T(x) = f(P) + "
                       "grad f(P) (x - P) + 1/2 (x - P)^T H(P) (x - P) written out in powers of (x_i - P_i) (up to "
                       "10 variables); with --eval Q, T(Q) next to f(Q) and the error f(Q) - T(Q).",
        .not_found = "when f or its derivatives cannot be evaluated at P, or f at Q",
        .options = {OPT_AT, OPT_ORDER, OPT_EVAL, OPT_VARS, OPT_N, OPT_FORMAT_TJ},
        .run = cmd_taylor,
    },
    {
        .name = "laplacian",
        .operand = "TARGET",
        .operand_help = CLI_TARGET_HELP,
        .summary = "The Laplacian, the trace of the Hessian, as a formula and at a point.",
        .description = "Prints a formula's Laplacian sum d2f/dxi2 as a formula and its value at the point (a "
                       "problem's point defaults to its standard start).",
        .not_found = "when the Hessian cannot be evaluated at the point",
        .options = {OPT_AT, OPT_VARS, OPT_N, OPT_FORMAT_TJ},
        .run = cmd_laplacian,
    },
    {
        .name = "lagrange",
        .operand = "TARGET",
        .operand_help = "the function f, a formula such as \"x*y\"",
        .summary = "Extrema of f subject to equality constraints, with the bordered Hessian.",
        .description = "Prints the Lagrangian L = f + lambda1 g1 + ..., the equations grad L = 0, and each critical "
                       "point of L found (Newton's method on grad L = 0 from --x0, or from sample starts in --box): "
                       "the point, its multipliers, the bordered Hessian, its last n - m leading minors with their "
                       "signs and the sign rule, the eigenvalues of the reduced Hessian, and the verdict: "
                       "constrained minimum, maximum, or neither.",
        .not_found = "when no critical point of the Lagrangian was found",
        .options = {OPT_SUBJECT_TO, OPT_LAGRANGE_X0, OPT_SEARCH_BOX, OPT_STARTS, OPT_VARS, OPT_FORMAT_TJ},
        .run = cmd_lagrange,
    },
    {
        .name = "check",
        .operand = "TARGET",
        .operand_help = CLI_TARGET_HELP,
        .summary = "Derivatives against central differences at a point.",
        .description = "The gradient against differences of f, the Hessian (where there is one) against "
                       "differences of the gradient. Prints the largest relative errors, the entries above "
                       "tolerance and the symmetry of the Hessian; a formula needs --at, a problem's point "
                       "defaults to its standard start.",
        .not_found = "when a derivative is off by more than the tolerance, or cannot be evaluated",
        .options = {OPT_AT, OPT_VARS, OPT_N, OPT_FORMAT_TJ},
        .run = cmd_check,
    },
    {
        .name = "bench",
        .summary = "Every method on every problem of a set, summarized per method.",
        .description = "Prints per method the problems solved (gradient test met and, where f* is known, |f - f*| "
                       "<= 1e-6 max(1, |f*|)) and the median iterations, evaluations and time over the solved "
                       "runs; writes one CSV row or JSON object per run, and Dolan-More performance profiles of "
                       "the minimization methods. The least-squares methods lm, gn and hybrid run on the problems "
                       "written as residuals (the mgh family) next to them.",
        .not_found = "when an output file or a plot could not be written (a run that fails is a result, not an "
                     "error)",
        .options = {OPT_BENCH_FAMILY, OPT_METHODS, OPT_BENCH_N, OPT_CSV, OPT_JSON, OPT_PLOTS, OPT_MAX_SECONDS},
        .run = cmd_bench,
    },
    {
        .name = "fit",
        .operand = "MODEL",
        .operand_help = "a formula in the data's columns (named by the CSV header) and the parameters named in "
                        "--p0, such as \"b1*(1-exp(-b2*x))\"",
        .summary = "Fit a model to data by nonlinear least squares.",
        .description = "Minimizes sum w_i (y_i - MODEL(p, x_i))^2 over the parameters p, with the Jacobian from "
                       "symbolic differentiation of MODEL. Prints the status, SSR, residual standard deviation, "
                       "each parameter with its standard error, t value and 95% confidence interval, the "
                       "correlation matrix, the rank and condition number of J (a warning when parameters are "
                       "not identifiable), and the kind of point reached.",
        .not_found = "when the fit ends with a status other than SUCCESS, or the plot could not be drawn",
        .options = {OPT_DATA, OPT_P0, OPT_Y, OPT_WEIGHTS, OPT_FIT_METHOD, OPT_MAX_ITER, OPT_FIT_PLOT, OPT_FORMAT_TJ},
        .run = cmd_fit,
    },
};

const int cli_command_count = (int)(sizeof cli_commands / sizeof cli_commands[0]);
