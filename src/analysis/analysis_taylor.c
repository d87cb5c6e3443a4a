/*
 * The second-order Taylor model f(x) + gᵀh + ½hᵀHh at a point, with its error against
 * f(x + h), and the Laplacian Δf = trace ∇²f.
 */
#include <math.h>
#include <string.h>

#include "analysis/analysis_internal.h"

hesse_status hesse_taylor2(const hesse_problem *p, int nx, const double *x,
                           const double *h, const hesse_analysis_options *opt_in,
                           hesse_taylor_result *res)
{
    if (!res) return HESSE_EINVAL;
    memset(res, 0, sizeof *res);
    res->f0 = res->slope = res->curvature = res->model = res->actual = NAN;
    res->error = res->rel_error = res->laplacian = NAN;
    hesse_analysis_options opt;
    hesse_status st = hesse__an_begin(opt_in, &opt, p, nx, x, res->message);
    if (st != HESSE_SUCCESS) return st;
    if (!h) return hesse__message(res->message, HESSE_EINVAL, "step h is NULL");
    int n = p->n;
    const hesse_allocator *al = &opt.allocator;
    /* One block: g (n), H (n²), x + h (n), the Hessian's scratch (4n). */
    double *g = hesse__calloc(al, (size_t)n * (n + 6), sizeof(double));
    if (!g)
        return hesse__message(res->message, HESSE_ENOMEM,
                              "out of memory for the Taylor model with n = %d", n);
    double *H = g + n, *xh = H + (size_t)n * n, *hwork = xh + n;
    hesse__evaluator ev;
    hesse__an_evaluator(&ev, p, &opt, hwork + n);
    st = hesse__an_eval(&ev, x, &res->f0, g, res->message);
    if (st == HESSE_SUCCESS) st = hesse__an_hessian(&ev, x, hwork, H, opt.sym_tol, res->message);
    if (st == HESSE_SUCCESS) {
        double slope = 0.0, curv = 0.0, lap = 0.0;
        for (int j = 0; j < n; j++) {
            slope += g[j] * h[j];
            double Hh_j = 0.0; /* (Hh)_j, H symmetric */
            for (int i = 0; i < n; i++) Hh_j += H[i + (size_t)j * n] * h[i];
            curv += h[j] * Hh_j;
            lap += H[j + (size_t)j * n];
            xh[j] = x[j] + h[j];
        }
        res->slope = slope;
        res->curvature = curv;
        res->laplacian = lap;
        res->model = res->f0 + slope + 0.5 * curv;
        st = hesse__an_eval(&ev, xh, &res->actual, NULL, res->message);
        if (st == HESSE_SUCCESS) {
            res->error = res->actual - res->model;
            res->rel_error = fabs(res->error) / fmax(1.0, fabs(res->actual));
            hesse__message(res->message, HESSE_SUCCESS,
                           "model %.10g, f(x+h) = %.10g, error %.3g", res->model,
                           res->actual, res->error);
        } else {
            char inner[HESSE__MESSAGE_SIZE];
            memcpy(inner, res->message, sizeof inner);
            hesse__message(res->message, st, "at x + h: %.200s", inner);
        }
    }
    hesse__free(al, g);
    return st;
}

hesse_status hesse_laplacian(const hesse_problem *p, int nx, const double *x,
                             const hesse_analysis_options *opt_in, double *laplacian,
                             char *msg_out, size_t msg_size)
{
    char msg[HESSE__MESSAGE_SIZE] = "";
    hesse_analysis_options opt;
    hesse_status st = hesse__an_begin(opt_in, &opt, p, nx, x, msg);
    if (st == HESSE_SUCCESS && !laplacian)
        st = hesse__message(msg, HESSE_EINVAL, "laplacian output pointer is NULL");
    if (st == HESSE_SUCCESS) {
        int n = p->n;
        /* H (n²), then the Hessian's scratch (4n). */
        double *H = hesse__calloc(&opt.allocator, (size_t)n * (n + 4), sizeof(double));
        if (!H) {
            st = hesse__message(msg, HESSE_ENOMEM,
                                "out of memory for a %d x %d Hessian", n, n);
        } else {
            double *hwork = H + (size_t)n * n;
            hesse__evaluator ev;
            hesse__an_evaluator(&ev, p, &opt, hwork + n);
            st = hesse__an_hessian(&ev, x, hwork, H, opt.sym_tol, msg);
            if (st == HESSE_SUCCESS) {
                double lap = 0.0;
                for (int i = 0; i < n; i++) lap += H[i + (size_t)i * n];
                *laplacian = lap;
                hesse__message(msg, HESSE_SUCCESS, "Laplacian = trace of the Hessian = %.10g",
                               lap);
            }
            hesse__free(&opt.allocator, H);
        }
    }
    if (msg_out && msg_size > 0) {
        strncpy(msg_out, msg, msg_size - 1);
        msg_out[msg_size - 1] = '\0';
    }
    return st;
}
