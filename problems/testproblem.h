/*
 * Internal definition of a registry entry (hesse_testproblem) and of the per-instance
 * parameters handed to a problem's callbacks as their `data` pointer.
 *
 * Each family lives in its own file(s) and exports one table:
 *   hesse__mgh_problems[] / hesse__mgh_count       (problems/mgh*.c)
 *   hesse__cutest_problems[] / hesse__cutest_count (problems/cutest*.c, possibly split
 *       over several files, each exporting its own table listed in registry.c)
 *   hesse__seed_problems[] / hesse__seed_count     (problems/seed.c)
 * registry.c concatenates the tables.
 */
#ifndef HESSE_TESTPROBLEM_H
#define HESSE_TESTPROBLEM_H

#include "hesse.h"

/* What a problem's callbacks receive as `data`. */
typedef struct {
    int n;
    int m; /* number of residuals or another size parameter fixed at setup (0 if none) */
} hesse__tp_params;

struct hesse_testproblem {
    const char *name;           /* upper case, unique across families */
    const char *family;         /* "mgh", "cutest", "seed" */
    const char *classification; /* CUTEst string, "" if none */
    const char *sizes;          /* accepted n in words */
    const char *source;         /* reference for definition, x0, f* */
    int default_n;
    int (*accepts)(int n);      /* 1 if n is a valid size */
    /* Called once per instance with a valid n: set params->m, fill x0 (n values), set
       *fstar (NaN when unknown) and *fstar_source (static string, "" when unknown);
       fill xstar (n values) and return 1 when a minimizer is known, else return 0. */
    int (*setup)(int n, hesse__tp_params *params, double *x0, double *xstar,
                 double *fstar, const char **fstar_source);
    hesse_objective_fn objective; /* data = hesse__tp_params* */
    hesse_hessian_fn hessian;
    hesse_hessvec_fn hessvec;
    /* Optional: known local minima reached from x0 (hesse_testinstance.flocal), at most
       HESSE_TESTINSTANCE_MAX_LOCAL per size, ended by an entry with n = 0; and where
       they come from. */
    const struct hesse__tp_value *local;
    const char *local_source;
    /* Optional: the problem as least squares, f = Σ r_i² (hesse_testinstance_lsq): its
       residuals with the dense Jacobian and Σ u_i ∇²r_i; data = hesse__tp_params*. */
    hesse_residual_fn residuals;
    hesse_residual_hessian_fn residual_hessian;
};

/* A value recorded for size n; tables of them end with n = 0. */
typedef struct hesse__tp_value {
    int n;
    double value;
} hesse__tp_value;

/* The value table records for n, or NAN. */
double hesse__tp_value_at(const hesse__tp_value *table, int n);

/*
 * The setup of a fixed-size problem as data: m, x0 and, when `known`, a minimizer x*,
 * with f* and its source (NAN and "" when f* is unknown). hesse__tp_fixed_setup copies
 * it into an instance (the setup contract above); HESSE__TP_FIXED_SETUP(name, {...})
 * defines a setup function `name` from an initializer.
 */
#define HESSE__TP_FIXED_MAX 11

typedef struct {
    int m;
    double x0[HESSE__TP_FIXED_MAX];
    int known;
    double xstar[HESSE__TP_FIXED_MAX];
    double fstar;
    const char *fstar_source;
} hesse__tp_fixed;

int hesse__tp_fixed_setup(const hesse__tp_fixed *d, int n, hesse__tp_params *params,
                          double *x0, double *xstar, double *fstar,
                          const char **fstar_source);

#define HESSE__TP_FIXED_SETUP(name, ...)                                                   \
    int name(int n, hesse__tp_params *params, double *x0, double *xstar, double *fstar,    \
             const char **fstar_source)                                                    \
    {                                                                                      \
        static const hesse__tp_fixed data = __VA_ARGS__;                                   \
        return hesse__tp_fixed_setup(&data, n, params, x0, xstar, fstar, fstar_source);    \
    }

extern const struct hesse_testproblem hesse__mgh_problems[];
extern const int hesse__mgh_count;
extern const struct hesse_testproblem hesse__cutest_a_problems[];
extern const int hesse__cutest_a_count;
extern const struct hesse_testproblem hesse__cutest_b_problems[];
extern const int hesse__cutest_b_count;
extern const struct hesse_testproblem hesse__seed_problems[];
extern const int hesse__seed_count;

#endif
