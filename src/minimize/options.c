/*
 * Option defaults (as documented in hesse.h) and their validation. Validation names
 * the first offending field and its value.
 */
#include <math.h>

#include "minimize/minimize_internal.h"

void hesse_options_init(hesse_options *opt)
{
    if (!opt) return;
    /* By theme, in the order of hesse.h; method, trace and allocator unset. */
    *opt = (hesse_options){
        .gtol = 1e-8, .xtol = 1e-15, .ftol = 0.0,
        .max_iter = 1000, .max_evals = 100000, .max_seconds = 0.0,
        .linesearch = HESSE_LINESEARCH_DEFAULT, .c1 = 1e-4, .c2 = 0.9, .ls_max_evals = 40,
        .radius_init = 1.0, .radius_max = 1e10, .radius_min = 1e-14,
        .eta_accept = 1e-4, .eta_shrink = 0.25, .eta_grow = 0.75, .shrink = 0.25, .grow = 2.0,
        .lbfgs_m = 10,
        .fd_step = HESSE__FD_STEP_CENTRAL,
        .classify = HESSE_CLASSIFY_AUTO, .classify_max_n = 2000, .inertia_rtol = 0.0,
        .curvature_check = 1,
        .max_dense_bytes = 4294967296.0,
    };
}

#define CHECK(cond, ...)                                                                  \
    do {                                                                                  \
        if (!(cond)) return hesse__message(msg, HESSE_EINVAL, __VA_ARGS__);              \
    } while (0)

/* isfinite() and a range in one test: NaN fails every comparison. */
#define FINITE_GE(v, lo) (isfinite(v) && (v) >= (lo))

hesse_status hesse__check_options(const hesse_options *o, char *msg)
{
    CHECK(FINITE_GE(o->gtol, 0.0), "option gtol = %g is invalid (need gtol >= 0)", o->gtol);
    CHECK(FINITE_GE(o->xtol, 0.0), "option xtol = %g is invalid (need xtol >= 0)", o->xtol);
    CHECK(FINITE_GE(o->ftol, 0.0), "option ftol = %g is invalid (need ftol >= 0)", o->ftol);
    CHECK(o->max_iter >= 0, "option max_iter = %d is invalid (need max_iter >= 0)",
          o->max_iter);
    CHECK(o->max_evals >= 1, "option max_evals = %ld is invalid (need max_evals >= 1)",
          o->max_evals);
    CHECK(FINITE_GE(o->max_seconds, 0.0),
          "option max_seconds = %g is invalid (need max_seconds >= 0)", o->max_seconds);
    CHECK(o->linesearch == HESSE_LINESEARCH_DEFAULT || o->linesearch == HESSE_LINESEARCH_ARMIJO ||
              o->linesearch == HESSE_LINESEARCH_WOLFE,
          "option linesearch = %d is not a hesse_linesearch value", (int)o->linesearch);
    CHECK(isfinite(o->c1) && o->c1 > 0.0 && o->c1 < 0.5,
          "option c1 = %g is invalid (need 0 < c1 < 0.5)", o->c1);
    CHECK(isfinite(o->c2) && o->c2 > o->c1 && o->c2 < 1.0,
          "option c2 = %g is invalid (need c1 < c2 < 1, c1 = %g)", o->c2, o->c1);
    CHECK(o->ls_max_evals >= 1, "option ls_max_evals = %d is invalid (need >= 1)",
          o->ls_max_evals);
    CHECK(isfinite(o->radius_init) && o->radius_init > 0.0,
          "option radius_init = %g is invalid (need radius_init > 0)", o->radius_init);
    CHECK(FINITE_GE(o->radius_max, o->radius_init),
          "option radius_max = %g is invalid (need radius_max >= radius_init = %g)",
          o->radius_max, o->radius_init);
    CHECK(FINITE_GE(o->radius_min, 0.0) && o->radius_min < o->radius_init,
          "option radius_min = %g is invalid (need 0 <= radius_min < radius_init = %g)",
          o->radius_min, o->radius_init);
    CHECK(FINITE_GE(o->eta_accept, 0.0) && o->eta_accept < o->eta_shrink,
          "option eta_accept = %g is invalid (need 0 <= eta_accept < eta_shrink = %g)",
          o->eta_accept, o->eta_shrink);
    CHECK(isfinite(o->eta_shrink) && o->eta_shrink < o->eta_grow,
          "option eta_shrink = %g is invalid (need eta_accept <= eta_shrink < eta_grow = %g)",
          o->eta_shrink, o->eta_grow);
    CHECK(isfinite(o->eta_grow) && o->eta_grow < 1.0,
          "option eta_grow = %g is invalid (need eta_shrink < eta_grow < 1)", o->eta_grow);
    CHECK(isfinite(o->shrink) && o->shrink > 0.0 && o->shrink < 1.0,
          "option shrink = %g is invalid (need 0 < shrink < 1)", o->shrink);
    CHECK(isfinite(o->grow) && o->grow > 1.0, "option grow = %g is invalid (need grow > 1)",
          o->grow);
    CHECK(o->lbfgs_m >= 1, "option lbfgs_m = %d is invalid (need lbfgs_m >= 1)", o->lbfgs_m);
    CHECK(isfinite(o->fd_step) && o->fd_step > 0.0,
          "option fd_step = %g is invalid (need fd_step > 0)", o->fd_step);
    CHECK(o->classify == HESSE_CLASSIFY_AUTO || o->classify == HESSE_CLASSIFY_NEVER ||
              o->classify == HESSE_CLASSIFY_ALWAYS,
          "option classify = %d is not a hesse_classify_mode value", (int)o->classify);
    CHECK(o->classify_max_n >= 0, "option classify_max_n = %d is invalid (need >= 0)",
          o->classify_max_n);
    CHECK(FINITE_GE(o->inertia_rtol, 0.0),
          "option inertia_rtol = %g is invalid (need inertia_rtol >= 0)", o->inertia_rtol);
    CHECK(o->curvature_check == 0 || o->curvature_check == 1,
          "option curvature_check = %d is invalid (need 0 or 1)", o->curvature_check);
    CHECK(FINITE_GE(o->max_dense_bytes, 0.0),
          "option max_dense_bytes = %g is invalid (need >= 0)", o->max_dense_bytes);
    const char *bad_allocator = hesse__allocator_check(&o->allocator);
    CHECK(!bad_allocator, "%s", bad_allocator);
    return HESSE_SUCCESS;
}
