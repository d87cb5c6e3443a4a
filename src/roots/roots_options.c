/*
 * Roots options: the documented defaults and their validation, which names the first
 * offending field and its value.
 */
#include <float.h>

#include "roots/roots_internal.h"

void hesse_roots_options_init(hesse_roots_options *opt)
{
    if (!opt) return;
    /* By theme, in the order of hesse.h; trace and allocator unset. */
    *opt = (hesse_roots_options){
        .method = HESSE_ROOTS_NEWTON,
        .ftol = 1e-10, .xtol = 1e-15, .max_iter = 200, .max_evals = 100000,
        .c1 = 1e-4, .ls_max_evals = 30, .max_step = 0.0,
        .fd_step = 0.0, .fd_central = 0,
        .rcond_min = 100.0 * DBL_EPSILON, .alpha_fallback = 0.05,
        .broyden_restart_iter = 5, .broyden_restart_ratio = 0.9,
    };
}

/* Doubles are tested as !(in range) so that NaN is rejected too. */
hesse_status hesse__roots_check_options(const hesse_roots_options *o, char *msg)
{
#define BAD(...) hesse__message(msg, HESSE_EINVAL, __VA_ARGS__)
    if (o->method != HESSE_ROOTS_NEWTON && o->method != HESSE_ROOTS_BROYDEN)
        return BAD("option method = %d is not a roots method (newton 0, broyden 1)",
                   (int)o->method);
    if (!(o->ftol >= 0)) return BAD("option ftol = %g must be >= 0", o->ftol);
    if (!(o->xtol >= 0)) return BAD("option xtol = %g must be >= 0", o->xtol);
    if (o->max_iter < 0) return BAD("option max_iter = %d must be >= 0", o->max_iter);
    if (o->max_evals < 1) return BAD("option max_evals = %ld must be >= 1", o->max_evals);
    if (!(o->c1 > 0 && o->c1 < 0.5)) return BAD("option c1 = %g must be in (0, 0.5)", o->c1);
    if (o->ls_max_evals < 1)
        return BAD("option ls_max_evals = %d must be >= 1", o->ls_max_evals);
    if (!(o->max_step >= 0 && o->max_step <= DBL_MAX))
        return BAD("option max_step = %g must be finite and >= 0", o->max_step);
    if (!(o->fd_step >= 0 && o->fd_step <= DBL_MAX))
        return BAD("option fd_step = %g must be finite and >= 0", o->fd_step);
    if (o->fd_central != 0 && o->fd_central != 1)
        return BAD("option fd_central = %d must be 0 or 1", o->fd_central);
    if (!(o->rcond_min >= 0 && o->rcond_min < 1))
        return BAD("option rcond_min = %g must be in [0, 1)", o->rcond_min);
    if (!(o->alpha_fallback >= 0 && o->alpha_fallback < 1))
        return BAD("option alpha_fallback = %g must be in [0, 1)", o->alpha_fallback);
    if (o->broyden_restart_iter < 1)
        return BAD("option broyden_restart_iter = %d must be >= 1", o->broyden_restart_iter);
    if (!(o->broyden_restart_ratio > 0 && o->broyden_restart_ratio <= 1))
        return BAD("option broyden_restart_ratio = %g must be in (0, 1]",
                   o->broyden_restart_ratio);
    const char *bad_allocator = hesse__allocator_check(&o->allocator);
    if (bad_allocator) return BAD("%s", bad_allocator);
    return HESSE_SUCCESS;
#undef BAD
}
