/*
 * The least-squares problem as a hesse_problem (hesse.h, section 5): f = ½ Σ w_i r_i²,
 * ∇f = Jᵀρ and, when the problem has the second-order callback, ∇²f = JᵀJ + S. Each
 * call of the user's callbacks goes through the adapter's own evaluator (no budget: the
 * minimization solver that calls the adapter keeps the count and the limits); its
 * verdicts become callback return values: refused or non-finite -> 1, abort -> -1 (and
 * -1 for every later call: an aborted problem is not called again).
 * One solve at a time: the adapter holds the scratch of its callbacks.
 */
#include <math.h>
#include <string.h>

#include "lsq/lsq_internal.h"

struct hesse_lsq_objective {
    hesse__evaluator ev;
    hesse_allocator alloc;
    int n, m;
    double *sqrtw; /* m, or NULL */
    double *r, *rho, *J, *u, *work;
};

static int verdict(hesse_lsq_objective *o, int rc)
{
    if (rc == HESSE__EVAL_OK) return 0;
    return o->ev.aborted ? -1 : 1;
}

/* r, ρ and (with_jacobian) the weighted J at x. */
static int residuals(hesse_lsq_objective *o, const double *x, int with_jacobian)
{
    int n = o->n, m = o->m;
    int rc;
    if (with_jacobian && o->ev.lsq.has_jacobian) {
        rc = hesse__eval_system(&o->ev, x, o->r, o->J);
    } else {
        rc = hesse__eval_system(&o->ev, x, o->r, NULL);
        if (rc == HESSE__EVAL_OK && with_jacobian) rc = hesse__eval_jacobian(&o->ev, x, o->r, o->J);
    }
    if (rc != HESSE__EVAL_OK) return verdict(o, rc);
    for (int i = 0; i < m; i++) {
        double w = o->sqrtw ? o->sqrtw[i] : 1.0;
        o->rho[i] = w * o->r[i];
        for (int j = 0; with_jacobian && j < n; j++) o->J[i + (size_t)j * m] *= w;
    }
    return 0;
}

static int objective(int n, const double *x, double *f, double *grad, void *data)
{
    hesse_lsq_objective *o = data;
    if (n != o->n) return -1;
    int rc = residuals(o, x, grad != NULL);
    if (rc) return rc;
    int m = o->m;
    *f = 0.5 * hesse__dot(m, o->rho, o->rho);
    for (int j = 0; grad && j < n; j++) grad[j] = hesse__dot(m, o->J + (size_t)j * m, o->rho);
    return 0;
}

static int hessian(int n, const double *x, double *H, void *data)
{
    hesse_lsq_objective *o = data;
    if (n != o->n) return -1;
    int rc = residuals(o, x, 1);
    if (rc) return rc;
    int m = o->m;
    /* S = Σ ρ_i ∇²ρ_i = Σ (w_i r_i) ∇²r_i */
    for (int i = 0; i < m; i++) o->u[i] = o->sqrtw ? o->sqrtw[i] * o->rho[i] : o->rho[i];
    rc = hesse__eval_second_order(&o->ev, x, o->u, H);
    if (rc != HESSE__EVAL_OK) return verdict(o, rc);
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++) H[i + (size_t)j * n] += hesse__dot(m, o->J + (size_t)i * m, o->J + (size_t)j * m);
    return 0;
}

hesse_status hesse_lsq_objective_create(const hesse_lsq_problem *p, const hesse_allocator *alloc,
                                        hesse_lsq_objective **out, hesse_problem *problem)
{
    if (!out) return HESSE_EINVAL;
    *out = NULL;
    if (!p || !problem || p->n < 1 || p->m < 1 || !p->residuals || (p->has_jacobian != 0 && p->has_jacobian != 1))
        return HESSE_EINVAL;
    if (alloc && hesse__allocator_check(alloc)) return HESSE_EINVAL;
    for (int i = 0; p->weights && i < p->m; i++)
        if (!(p->weights[i] > 0.0) || !isfinite(p->weights[i])) return HESSE_EINVAL;
    hesse_allocator a = alloc ? *alloc : (hesse_allocator){0};
    size_t n = (size_t)p->n, m = (size_t)p->m;
    if (m > (SIZE_MAX / 8) / n / sizeof(double)) return HESSE_EINVAL;
    hesse_lsq_objective *o = hesse__calloc(&a, 1, sizeof *o + (6 * m + m * n + n) * sizeof(double));
    if (!o) return HESSE_ENOMEM;
    o->alloc = a;
    o->n = p->n;
    o->m = p->m;
    double *v = (double *)(o + 1);
    o->r = v;
    o->rho = v + m;
    o->u = v + 2 * m;
    o->sqrtw = p->weights ? v + 3 * m : NULL;
    o->J = v + 4 * m;
    o->work = v + 4 * m + m * n;
    for (size_t i = 0; p->weights && i < m; i++) o->sqrtw[i] = sqrt(p->weights[i]);
    hesse__eval_init_lsq(&o->ev, p, 0.0, 0, 0, o->work);
    *problem = (hesse_problem){.n = p->n, .objective = objective,
                               .hessian = p->second_order ? hessian : NULL, .data = o};
    *out = o;
    return HESSE_SUCCESS;
}

void hesse_lsq_objective_free(hesse_lsq_objective *o)
{
    if (!o) return;
    hesse_allocator a = o->alloc;
    hesse__free(&a, o);
}
