/*
 * lsq_peers.c — see lsq_peers.h.
 */
#include "lsq_peers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef HESSE_HAVE_GSL
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit_nlinear.h>
#endif
#ifdef HESSE_HAVE_MINPACK
#include <cminpack.h>
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

#ifdef HESSE_HAVE_GSL
typedef struct {
    nist_dataset *d;
    long nfev, njev;
    double *r, *J;
} gsl_ctx;

static int gsl_f(const gsl_vector *x, void *params, gsl_vector *f)
{
    gsl_ctx *c = params;
    c->nfev++;
    return nist_residuals(c->d->k, c->d->m, x->data, f->data, NULL, c->d) == 0 ? GSL_SUCCESS : GSL_EDOM;
}

static int gsl_df(const gsl_vector *x, void *params, gsl_matrix *J)
{
    gsl_ctx *c = params;
    c->njev++;
    int k = c->d->k, m = c->d->m;
    if (nist_residuals(k, m, x->data, c->r, c->J, c->d) != 0) return GSL_EDOM;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < k; j++) gsl_matrix_set(J, i, j, c->J[i + (size_t)j * m]); /* GSL is row-major */
    return GSL_SUCCESS;
}

static int run_gsl(nist_dataset *d, int start, const gsl_multifit_nlinear_trs *trs, lsq_peer_run *out)
{
    int k = d->k, m = d->m;
    gsl_ctx c = {d, 0, 0, malloc((size_t)m * sizeof(double)), malloc((size_t)m * k * sizeof(double))};
    gsl_multifit_nlinear_fdf fdf = {.f = gsl_f, .df = gsl_df, .fvv = NULL, .n = (size_t)m, .p = (size_t)k,
                                    .params = &c};
    gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters();
    params.trs = trs;
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, (size_t)m, (size_t)k);
    gsl_vector *x = gsl_vector_alloc((size_t)k);
    if (!c.r || !c.J || !w || !x) {
        free(c.r);
        free(c.J);
        if (w) gsl_multifit_nlinear_free(w);
        if (x) gsl_vector_free(x);
        return -1;
    }
    memcpy(x->data, d->start[start], (size_t)k * sizeof(double));
    int info = 0;
    double t0 = now();
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int status = gsl_multifit_nlinear_init(x, &fdf, w);
    if (status == GSL_SUCCESS) status = gsl_multifit_nlinear_driver(1000, 1e-8, 1e-8, 0.0, NULL, NULL, &info, w);
    gsl_set_error_handler(old);
    out->seconds = now() - t0;
    snprintf(out->status, sizeof out->status, "%s", status == GSL_SUCCESS ? "SUCCESS" : gsl_strerror(status));
    out->claimed = status == GSL_SUCCESS;
    out->nfev = c.nfev;
    out->njev = c.njev;
    memcpy(out->b, gsl_multifit_nlinear_position(w)->data, (size_t)k * sizeof(double));
    gsl_vector_free(x);
    gsl_multifit_nlinear_free(w);
    free(c.r);
    free(c.J);
    return 0;
}
#endif

#ifdef HESSE_HAVE_MINPACK
typedef struct {
    nist_dataset *d;
    long nfev, njev;
    double *J;
} minpack_ctx;

static int minpack_fcn(void *p, int m, int n, const double *x, double *fvec, double *fjac, int ldfjac,
                       int iflag)
{
    minpack_ctx *c = p;
    if (iflag == 0) return 0;
    if (iflag == 1) {
        c->nfev++;
        return nist_residuals(n, m, x, fvec, NULL, c->d) == 0 ? 0 : -1;
    }
    c->njev++;
    double *r = c->J + (size_t)m * n;
    if (nist_residuals(n, m, x, r, c->J, c->d) != 0) return -1;
    for (int j = 0; j < n; j++)
        for (int i = 0; i < m; i++) fjac[i + (size_t)j * ldfjac] = c->J[i + (size_t)j * m];
    return 0;
}

static int run_minpack(nist_dataset *d, int start, lsq_peer_run *out)
{
    int k = d->k, m = d->m;
    size_t uk = (size_t)k, um = (size_t)m;
    double *v = malloc((um + um * uk + um * uk + um + uk + 4 * uk + um + uk) * sizeof *v);
    int *ipvt = malloc(uk * sizeof *ipvt);
    if (!v || !ipvt) {
        free(v);
        free(ipvt);
        return -1;
    }
    double *fvec = v, *fjac = fvec + um, *J = fjac + um * uk, *qtf = J + um * uk + um, *wa = qtf + uk;
    double *diag = wa + 4 * uk + um;
    minpack_ctx c = {d, 0, 0, J};
    memcpy(out->b, d->start[start], uk * sizeof(double));
    double tol = sqrt(__cminpack_func__(dpmpar)(1));
    int nfev = 0, njev = 0;
    double t0 = now();
    int info = __cminpack_func__(lmder)(minpack_fcn, &c, m, k, out->b, fvec, fjac, m, tol, tol, 0.0, 100 * (k + 1),
                                        diag, 1, 100.0, 0, &nfev, &njev, ipvt, qtf, wa, wa + k, wa + 2 * k,
                                        wa + 3 * k);
    out->seconds = now() - t0;
    snprintf(out->status, sizeof out->status, "info=%d", info);
    out->claimed = info >= 1 && info <= 4;
    out->nfev = c.nfev;
    out->njev = c.njev;
    free(v);
    free(ipvt);
    return 0;
}
#endif

static const char *const names[] = {
#ifdef HESSE_HAVE_GSL
    "gsl-lm", "gsl-lmaccel",
#endif
#ifdef HESSE_HAVE_MINPACK
    "minpack-lmder",
#endif
    NULL};

int lsq_peer_count(void) { return (int)(sizeof names / sizeof names[0]) - 1; }

const char *lsq_peer_name(int i) { return i >= 0 && i < lsq_peer_count() ? names[i] : NULL; }

int lsq_peer_solve(int i, nist_dataset *d, int start, lsq_peer_run *out)
{
    const char *name = lsq_peer_name(i);
    if (!name) return -1;
    memset(out, 0, sizeof *out);
#ifdef HESSE_HAVE_GSL
    if (!strcmp(name, "gsl-lm")) return run_gsl(d, start, gsl_multifit_nlinear_trs_lm, out);
    if (!strcmp(name, "gsl-lmaccel")) return run_gsl(d, start, gsl_multifit_nlinear_trs_lmaccel, out);
#endif
#ifdef HESSE_HAVE_MINPACK
    if (!strcmp(name, "minpack-lmder")) return run_minpack(d, start, out);
#endif
    (void)d;
    (void)start;
    return -1;
}
