/*
 * Option defaults of the least-squares solver (as documented in hesse.h) and their
 * validation, which names the first offending field and its value.
 */
#include <float.h>
#include <math.h>

#include "lsq/lsq_internal.h"

void hesse_lsq_options_init(hesse_lsq_options *opt)
{
    if (!opt) return;
    *opt = (hesse_lsq_options){
        .offset_tol = 1e-8, .xtol = 1e-10, .step_tol = DBL_EPSILON,
        .max_iter = 1000, .max_evals = 100000, .max_seconds = 0.0,
        .radius_factor = 100.0, .c1 = 1e-4, .ls_max_evals = 30, .hybrid_ratio = 0.2,
        .rank_tol = 0.0, .fd_step = 0.0, .fd_central = 0,
        .classify = HESSE_CLASSIFY_AUTO, .classify_max_n = 2000, .inertia_rtol = 0,
    };
}

#define CHECK(cond, ...)                                                                  \
    do {                                                                                  \
        if (!(cond)) return hesse__message(msg, HESSE_EINVAL, __VA_ARGS__);              \
    } while (0)
#define FINITE_GE(v, lo) (isfinite(v) && (v) >= (lo))

hesse_status hesse__lsq_check_options(const hesse_lsq_options *o, int n, char *msg)
{
    CHECK(FINITE_GE(o->offset_tol, 0.0), "option offset_tol = %g is invalid (need offset_tol >= 0)",
          o->offset_tol);
    CHECK(FINITE_GE(o->xtol, 0.0), "option xtol = %g is invalid (need xtol >= 0)", o->xtol);
    CHECK(FINITE_GE(o->step_tol, 0.0), "option step_tol = %g is invalid (need step_tol >= 0)", o->step_tol);
    CHECK(o->max_iter >= 0, "option max_iter = %d is invalid (need max_iter >= 0)", o->max_iter);
    CHECK(o->max_evals >= 1, "option max_evals = %ld is invalid (need max_evals >= 1)", o->max_evals);
    CHECK(FINITE_GE(o->max_seconds, 0.0), "option max_seconds = %g is invalid (need max_seconds >= 0)",
          o->max_seconds);
    CHECK(isfinite(o->radius_factor) && o->radius_factor > 0.0,
          "option radius_factor = %g is invalid (need radius_factor > 0)", o->radius_factor);
    CHECK(isfinite(o->c1) && o->c1 > 0.0 && o->c1 < 0.5, "option c1 = %g is invalid (need 0 < c1 < 0.5)", o->c1);
    CHECK(o->ls_max_evals >= 1, "option ls_max_evals = %d is invalid (need ls_max_evals >= 1)", o->ls_max_evals);
    CHECK(isfinite(o->hybrid_ratio) && o->hybrid_ratio > 0.0 && o->hybrid_ratio < 1.0,
          "option hybrid_ratio = %g is invalid (need 0 < hybrid_ratio < 1)", o->hybrid_ratio);
    CHECK(FINITE_GE(o->rank_tol, 0.0) && o->rank_tol < 1.0,
          "option rank_tol = %g is invalid (need 0 <= rank_tol < 1)", o->rank_tol);
    CHECK(FINITE_GE(o->fd_step, 0.0), "option fd_step = %g is invalid (need fd_step >= 0)", o->fd_step);
    CHECK(o->fd_central == 0 || o->fd_central == 1, "option fd_central = %d is invalid (need 0 or 1)",
          o->fd_central);
    for (int i = 0; o->x_scale && i < n; i++)
        CHECK(isfinite(o->x_scale[i]) && o->x_scale[i] > 0.0,
              "option x_scale[%d] = %g is invalid (need a finite typical size > 0)", i, o->x_scale[i]);
    CHECK(o->classify == HESSE_CLASSIFY_AUTO || o->classify == HESSE_CLASSIFY_NEVER ||
              o->classify == HESSE_CLASSIFY_ALWAYS,
          "option classify = %d is not a hesse_classify_mode value", (int)o->classify);
    CHECK(o->classify_max_n >= 0, "option classify_max_n = %d is invalid (need >= 0)", o->classify_max_n);
    CHECK(FINITE_GE(o->inertia_rtol, 0.0), "option inertia_rtol = %g is invalid (need inertia_rtol >= 0)",
          o->inertia_rtol);
    const char *bad_allocator = hesse__allocator_check(&o->allocator);
    CHECK(!bad_allocator, "%s", bad_allocator);
    return HESSE_SUCCESS;
}

double hesse__lsq_rank_tol(const hesse_lsq_options *o, const hesse_lsq_problem *p)
{
    if (o->rank_tol > 0.0) return o->rank_tol;
    /* the relative error of J: rounding with a callback, the truncation and rounding of
       the difference formula otherwise */
    if (p->has_jacobian) return 10.0 * (p->m > p->n ? p->m : p->n) * DBL_EPSILON;
    return o->fd_central ? 10.0 * cbrt(DBL_EPSILON * DBL_EPSILON) : 10.0 * sqrt(DBL_EPSILON);
}
