/*
 * Peer comparison, C side: the same test problems through hesse's methods and through
 * GSL multimin (vector_bfgs2, steepest_descent), liblbfgs and NLopt (LD_LBFGS,
 * LD_TNEWTON_PRECOND_RESTART), in one run, with one stopping rule and one "solved" rule.
 *
 * Stopping: every solver stops at the first iterate where hesse's gradient test
 * ‖∇f‖∞ <= gtol·max(1, |f|) holds (gtol = 1e-8; checked in each peer's own progress or
 * objective callback, since GSL, liblbfgs and NLopt have no test of that form), or after
 * max_evals objective evaluations (10000 by default; --max-evals).
 * Solved: that test met at the returned point (re-evaluated here, not counted) and,
 * where f* is known, |f − f*| <= 1e-6·max(1, |f*|) — the rule of `hesse bench`.
 * Evaluations: objective calls (each computes f and ∇f except GSL's f-only calls,
 * which are counted too). Time: wall clock of the whole solve, median of --repeat runs.
 *
 * Output: CSV on stdout, one row per (problem, solver):
 *   problem,n,solver,family,status,f,fstar,gnorm,evals,seconds,solved
 * `family` names the hesse method the solver is compared with.
 * A peer that was not found at build time is skipped with a message on stderr.
 *
 * Usage: peers [--n N] [--family mgh|cutest] [--problems A,B,...] [--repeat R]
 *              [--max-evals K] [--lbfgs-scaling]
 *   --lbfgs-scaling: instead, time lbfgs per iteration on extended Rosenbrock from
 *   (-1.2, 1, ...) (CUTEst SROSENBR2) at n = 1e4, 1e5, 1e6 against liblbfgs with the
 *   same memory m, same run.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hesse.h"

#ifdef HESSE_HAVE_GSL
#include <gsl/gsl_multimin.h>
#endif
#ifdef HESSE_HAVE_LBFGS
#include <lbfgs.h>
#endif
#ifdef HESSE_HAVE_NLOPT
#include <nlopt.h>
#endif

static const double gtol = 1e-8;
static long max_evals = 10000;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static double norm_inf(int n, const double *v)
{
    double m = 0;
    for (int i = 0; i < n; i++) m = fmax(m, fabs(v[i]));
    return m;
}

static int gradient_test(int n, double f, const double *g) { return norm_inf(n, g) <= gtol * fmax(1.0, fabs(f)); }

/* What every peer wrapper shares: the problem, the counters, the stop flag. */
typedef struct {
    const hesse_problem *p;
    long evals;
    int converged; /* the gradient test held at an evaluated point */
    double *scratch; /* n doubles */
} peer_ctx;

/* f and gradient through the problem's callback; NaN f when it refuses. */
static double evaluate(peer_ctx *c, const double *x, double *g)
{
    double f;
    c->evals++;
    if (c->p->objective(c->p->n, x, &f, g ? g : c->scratch, c->p->data) != 0) return NAN;
    return f;
}

typedef struct {
    const char *status;
    double f, gnorm, seconds;
    long evals;
} outcome;

#ifdef HESSE_HAVE_GSL
static double gsl_f(const gsl_vector *x, void *params)
{
    peer_ctx *c = params;
    return evaluate(c, x->data, NULL);
}
static void gsl_df(const gsl_vector *x, void *params, gsl_vector *g)
{
    peer_ctx *c = params;
    evaluate(c, x->data, g->data);
}
static void gsl_fdf(const gsl_vector *x, void *params, double *f, gsl_vector *g)
{
    peer_ctx *c = params;
    *f = evaluate(c, x->data, g->data);
}

static outcome run_gsl(const gsl_multimin_fdfminimizer_type *type, const hesse_problem *p,
                       const double *x0, double *x)
{
    int n = p->n;
    peer_ctx c = {p, 0, 0, malloc(n * sizeof(double))};
    gsl_multimin_function_fdf fn = {gsl_f, gsl_df, gsl_fdf, (size_t)n, &c};
    gsl_vector *v = gsl_vector_alloc(n);
    memcpy(v->data, x0, n * sizeof(double));
    gsl_multimin_fdfminimizer *s = gsl_multimin_fdfminimizer_alloc(type, n);
    double t0 = now();
    /* step 0.01 and line tolerance 0.1: the values GSL's manual uses for bfgs2. */
    gsl_multimin_fdfminimizer_set(s, &fn, v, 0.01, 0.1);
    const char *status = "MAX_EVALS";
    while (c.evals < max_evals) {
        if (gradient_test(n, s->f, s->gradient->data)) {
            status = "SUCCESS";
            break;
        }
        int rc = gsl_multimin_fdfminimizer_iterate(s);
        if (rc) {
            status = rc == GSL_ENOPROG ? "NO_PROGRESS" : "ERROR";
            if (gradient_test(n, s->f, s->gradient->data)) status = "SUCCESS";
            break;
        }
    }
    outcome o = {status, s->f, norm_inf(n, s->gradient->data), now() - t0, c.evals};
    memcpy(x, s->x->data, n * sizeof(double));
    gsl_multimin_fdfminimizer_free(s);
    gsl_vector_free(v);
    free(c.scratch);
    return o;
}
#endif

#ifdef HESSE_HAVE_LBFGS
static lbfgsfloatval_t lbfgs_evaluate(void *instance, const lbfgsfloatval_t *x, lbfgsfloatval_t *g,
                                      const int n, const lbfgsfloatval_t step)
{
    peer_ctx *c = instance;
    double f = evaluate(c, x, g);
    if (!isnan(f) && gradient_test(n, f, g)) c->converged = 1;
    return f;
}
static int lbfgs_progress(void *instance, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g,
                          const lbfgsfloatval_t fx, const lbfgsfloatval_t xnorm,
                          const lbfgsfloatval_t gnorm, const lbfgsfloatval_t step, int n, int k, int ls)
{
    peer_ctx *c = instance;
    /* Stop at the first accepted iterate meeting the gradient test, or at the budget. */
    return gradient_test(n, fx, g) || c->evals >= max_evals;
}

static outcome run_liblbfgs(const hesse_problem *p, const double *x0, double *x, int m, int *iterations)
{
    int n = p->n;
    peer_ctx c = {p, 0, 0, NULL};
    lbfgsfloatval_t *xv = lbfgs_malloc(n);
    memcpy(xv, x0, n * sizeof(double));
    lbfgs_parameter_t param;
    lbfgs_parameter_init(&param);
    param.m = m;
    param.epsilon = 0.0; /* the progress callback applies the shared gradient test */
    param.max_iterations = 0;
    param.linesearch = LBFGS_LINESEARCH_MORETHUENTE;
    double fx = NAN;
    double t0 = now();
    int rc = lbfgs(n, xv, &fx, lbfgs_evaluate, lbfgs_progress, &c, &param);
    double t = now() - t0;
    double *g = malloc(n * sizeof(double));
    double f = evaluate(&c, xv, g);
    c.evals--; /* the check above is not part of the solve */
    int ok = !isnan(f) && gradient_test(n, f, g);
    outcome o = {ok ? "SUCCESS" : (c.evals >= max_evals ? "MAX_EVALS" : (rc < 0 ? "ERROR" : "STOPPED")), f,
                 norm_inf(n, g), t, c.evals};
    if (iterations) *iterations = 0;
    memcpy(x, xv, n * sizeof(double));
    free(g);
    lbfgs_free(xv);
    return o;
}
#endif

#ifdef HESSE_HAVE_NLOPT
typedef struct {
    peer_ctx c;
    nlopt_opt opt;
} nlopt_ctx;

static double nlopt_f(unsigned n, const double *x, double *grad, void *data)
{
    nlopt_ctx *nc = data;
    double f = evaluate(&nc->c, x, grad);
    if (grad && !isnan(f) && gradient_test((int)n, f, grad)) {
        nc->c.converged = 1;
        nlopt_force_stop(nc->opt);
    }
    return isnan(f) ? HUGE_VAL : f;
}

static outcome run_nlopt(nlopt_algorithm alg, const hesse_problem *p, const double *x0, double *x)
{
    int n = p->n;
    nlopt_ctx nc = {{p, 0, 0, malloc(n * sizeof(double))}, nlopt_create(alg, n)};
    nlopt_set_min_objective(nc.opt, nlopt_f, &nc);
    nlopt_set_maxeval(nc.opt, (int)max_evals);
    nlopt_set_xtol_rel(nc.opt, 0.0);
    nlopt_set_ftol_rel(nc.opt, 0.0);
    memcpy(x, x0, n * sizeof(double));
    double f = NAN;
    double t0 = now();
    nlopt_result rc = nlopt_optimize(nc.opt, x, &f);
    double t = now() - t0;
    double *g = malloc(n * sizeof(double));
    double fx = evaluate(&nc.c, x, g);
    nc.c.evals--;
    int ok = !isnan(fx) && gradient_test(n, fx, g);
    outcome o = {ok ? "SUCCESS" : (rc == NLOPT_MAXEVAL_REACHED ? "MAX_EVALS" : "STOPPED"), fx, norm_inf(n, g), t,
                 nc.c.evals};
    free(g);
    free(nc.c.scratch);
    nlopt_destroy(nc.opt);
    return o;
}
#endif

static outcome run_hesse(const char *method, const hesse_problem *p, const double *x0, double *x)
{
    hesse_options opt;
    hesse_options_init(&opt);
    opt.method = hesse_method_find(method);
    opt.gtol = gtol;
    opt.max_evals = max_evals;
    opt.max_iter = 1000000;
    opt.classify = HESSE_CLASSIFY_NEVER; /* peers do not classify: time the solve only */
    memcpy(x, x0, p->n * sizeof(double));
    hesse_result r;
    double t0 = now();
    hesse_minimize(p, x, &opt, &r);
    double t = now() - t0;
    outcome o = {hesse_status_name(r.status), r.f, r.gnorm, t, r.nfev + r.ngev + r.nhev};
    return o;
}

typedef struct {
    const char *name;   /* solver name in the CSV */
    const char *family; /* hesse method it is compared with */
    int kind;           /* which runner */
} solver;

enum { HESSE_RUN, GSL_BFGS2, GSL_SD, LIBLBFGS, NLOPT_LBFGS, NLOPT_TNEWTON };

static const solver solvers[] = {
    {"hesse-bfgs", "bfgs", HESSE_RUN},       {"hesse-lbfgs", "lbfgs", HESSE_RUN},
    {"hesse-newton-cg", "newton-cg", HESSE_RUN}, {"hesse-gd", "gd", HESSE_RUN},
    {"hesse-newton", "newton", HESSE_RUN},   {"hesse-newton-tr", "newton-tr", HESSE_RUN},
    {"gsl-bfgs2", "bfgs", GSL_BFGS2},        {"gsl-steepest", "gd", GSL_SD},
    {"liblbfgs", "lbfgs", LIBLBFGS},         {"nlopt-lbfgs", "lbfgs", NLOPT_LBFGS},
    {"nlopt-tnewton", "newton-cg", NLOPT_TNEWTON},
};

static int available(const solver *s)
{
    switch (s->kind) {
    case HESSE_RUN: return hesse_method_find(s->family) != NULL;
#ifdef HESSE_HAVE_GSL
    case GSL_BFGS2: case GSL_SD: return 1;
#endif
#ifdef HESSE_HAVE_LBFGS
    case LIBLBFGS: return 1;
#endif
#ifdef HESSE_HAVE_NLOPT
    case NLOPT_LBFGS: case NLOPT_TNEWTON: return 1;
#endif
    default: return 0;
    }
}

static outcome run(const solver *s, const hesse_problem *p, const double *x0, double *x)
{
    switch (s->kind) {
#ifdef HESSE_HAVE_GSL
    case GSL_BFGS2: return run_gsl(gsl_multimin_fdfminimizer_vector_bfgs2, p, x0, x);
    case GSL_SD: return run_gsl(gsl_multimin_fdfminimizer_steepest_descent, p, x0, x);
#endif
#ifdef HESSE_HAVE_LBFGS
    case LIBLBFGS: return run_liblbfgs(p, x0, x, 10, NULL);
#endif
#ifdef HESSE_HAVE_NLOPT
    case NLOPT_LBFGS: return run_nlopt(NLOPT_LD_LBFGS, p, x0, x);
    case NLOPT_TNEWTON: return run_nlopt(NLOPT_LD_TNEWTON_PRECOND_RESTART, p, x0, x);
#endif
    default: return run_hesse(s->family, p, x0, x);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int in_list(const char *list, const char *name)
{
    if (!list) return 1;
    size_t len = strlen(name);
    for (const char *p = list; (p = strstr(p, name)); p += len)
        if ((p == list || p[-1] == ',') && (p[len] == ',' || p[len] == '\0')) return 1;
    return 0;
}

#ifdef HESSE_HAVE_LBFGS
/* Counts liblbfgs's iterations (it reports k, the iteration number). */
static int count_iterations(void *instance, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g,
                            const lbfgsfloatval_t fx, const lbfgsfloatval_t xnorm,
                            const lbfgsfloatval_t gnorm, const lbfgsfloatval_t step, int n, int k, int ls)
{
    *(int *)((peer_ctx *)instance)->scratch = k;
    return 0;
}

static int lbfgs_scaling(int repeat)
{
    printf("n,hesse_lbfgs_s_per_iter,liblbfgs_s_per_iter,ratio,hesse_iters,liblbfgs_iters,liblbfgs_evals\n");
    const hesse_testproblem *tp = hesse_testproblem_find("SROSENBR2");
    if (!tp) {
        fprintf(stderr, "peers: SROSENBR2 is not in the registry\n");
        return 1;
    }
    for (int n = 10000; n <= 1000000; n *= 10) {
        hesse_testinstance *inst;
        if (hesse_testinstance_create(tp, n, &inst, NULL, 0) != HESSE_SUCCESS) return 1;
        double *x = malloc(n * sizeof(double));
        double th[16], tl[16];
        int hi = 0, li = 0;
        long le = 0;
        for (int r = 0; r < repeat && r < 16; r++) {
            /* Same iteration budget for both: 100 iterations from x0. */
            hesse_options opt;
            hesse_options_init(&opt);
            opt.method = hesse_method_find("lbfgs");
            opt.max_iter = 100;
            opt.gtol = 0;
            opt.classify = HESSE_CLASSIFY_NEVER;
            memcpy(x, inst->x0, n * sizeof(double));
            hesse_result res;
            double t0 = now();
            hesse_minimize(&inst->problem, x, &opt, &res);
            th[r] = (now() - t0) / fmax(1, res.iterations);
            hi = res.iterations;
            int liters = 0;
            peer_ctx c = {&inst->problem, 0, 0, (double *)&liters};
            lbfgsfloatval_t *xv = lbfgs_malloc(n);
            memcpy(xv, inst->x0, n * sizeof(double));
            lbfgs_parameter_t param;
            lbfgs_parameter_init(&param);
            param.m = 10;
            param.epsilon = 0;
            param.max_iterations = 100;
            param.linesearch = LBFGS_LINESEARCH_MORETHUENTE;
            lbfgsfloatval_t fx;
            t0 = now();
            lbfgs(n, xv, &fx, lbfgs_evaluate, count_iterations, &c, &param);
            tl[r] = (now() - t0) / fmax(1, liters);
            li = liters;
            le = c.evals;
            lbfgs_free(xv);
        }
        int k = repeat < 16 ? repeat : 16;
        qsort(th, k, sizeof *th, cmp_double);
        qsort(tl, k, sizeof *tl, cmp_double);
        printf("%d,%.3e,%.3e,%.3f,%d,%d,%ld\n", n, th[k / 2], tl[k / 2], th[k / 2] / tl[k / 2], hi, li, le);
        fflush(stdout);
        free(x);
        hesse_testinstance_free(inst);
    }
    return 0;
}
#endif

int main(int argc, char **argv)
{
    int n = 100, repeat = 3;
    const char *family = NULL, *problems = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--n") == 0 && i + 1 < argc) n = atoi(argv[++i]);
        else if (strcmp(argv[i], "--family") == 0 && i + 1 < argc) family = argv[++i];
        else if (strcmp(argv[i], "--problems") == 0 && i + 1 < argc) problems = argv[++i];
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) repeat = atoi(argv[++i]);
        else if (strcmp(argv[i], "--max-evals") == 0 && i + 1 < argc) max_evals = atol(argv[++i]);
        else if (strcmp(argv[i], "--lbfgs-scaling") == 0) {
#ifdef HESSE_HAVE_LBFGS
            return lbfgs_scaling(repeat);
#else
            fprintf(stderr, "peers: liblbfgs was not found at build time (make peers)\n");
            return 1;
#endif
        } else {
            fprintf(stderr, "peers: unknown argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (n < 1 || repeat < 1) {
        fprintf(stderr, "peers: --n and --repeat must be >= 1\n");
        return 2;
    }
    const int nsolvers = (int)(sizeof solvers / sizeof solvers[0]);
    for (int k = 0; k < nsolvers; k++)
        if (!available(&solvers[k]))
            fprintf(stderr, "peers: %s skipped (%s)\n", solvers[k].name,
                    solvers[k].kind == HESSE_RUN ? "method not built" : "library not found at build time; run make peers");
    printf("problem,n,solver,family,status,f,fstar,gnorm,evals,seconds,solved\n");
    for (int i = 0; i < hesse_testproblem_count(); i++) {
        const hesse_testproblem *tp = hesse_testproblem_at(i);
        hesse_testproblem_info info;
        hesse_testproblem_get_info(tp, &info);
        if (strcmp(info.family, "seed") == 0) continue;
        if (family && strcmp(family, info.family) != 0) continue;
        if (!in_list(problems, info.name)) continue;
        hesse_testinstance *inst;
        if (hesse_testinstance_create(tp, hesse_testproblem_size_near(tp, n), &inst, NULL, 0) != HESSE_SUCCESS)
            continue;
        double *x = malloc(inst->n * sizeof(double));
        for (int k = 0; k < nsolvers; k++) {
            if (!available(&solvers[k])) continue;
            double times[64];
            outcome o = {0};
            int reps = repeat < 64 ? repeat : 64;
            for (int r = 0; r < reps; r++) {
                o = run(&solvers[k], &inst->problem, inst->x0, x);
                times[r] = o.seconds;
            }
            qsort(times, reps, sizeof *times, cmp_double);
            double fstar = inst->fstar;
            int solved = strcmp(o.status, "SUCCESS") == 0 &&
                         (isnan(fstar) || fabs(o.f - fstar) <= 1e-6 * fmax(1.0, fabs(fstar)));
            printf("%s,%d,%s,%s,%s,%.17g,%.17g,%.3e,%ld,%.6e,%d\n", info.name, inst->n, solvers[k].name,
                   solvers[k].family, o.status, o.f, fstar, o.gnorm, o.evals, times[reps / 2], solved);
            fflush(stdout);
        }
        free(x);
        hesse_testinstance_free(inst);
    }
    return 0;
}
