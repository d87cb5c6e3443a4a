/*
 * CUTEst unconstrained test problems, second half of the "cutest" family:
 * GENHUMPS, GENROSE, LIARWHD, MOREBV, NONCVXU2, NONDIA, NONDQUAR, PENALTY1, POWELLSG,
 * POWER, QUARTC, SCHMVETT, SINQUAD, SPARSQUR, SROSENBR, TOINTGSS, TQUARTIC, TRIDIA,
 * VARDIM, VAREIGVL, WOODS.
 *
 * References
 *  - The SIF files of the CUTEst collection (N.I.M. Gould, D. Orban, Ph.L. Toint,
 *    "CUTEst: a Constrained and Unconstrained Testing Environment with safe threads",
 *    Comput. Optim. Appl. 60:545-557, 2015), read in the copies kept in the S2MPJ
 *    repository (directory sif/, one .SIF file per problem). Each objective below is written out as the formula the
 *    SIF groups and elements define: a group 'SCALE' s divides the group by s, a group
 *    without a type is the identity (this matters for SINQUAD), a group constant c is
 *    subtracted from the group's linear part.
 *  - J.J. Moré, B.S. Garbow, K.E. Hillstrom, "Testing unconstrained optimization
 *    software", ACM TOMS 7(1):17-41, 1981 (MGH) for MOREBV (#28), PENALTY1 (#23),
 *    POWELLSG (#13), SROSENBR (#21), VARDIM (#25), WOODS (#14).
 *  - Starting points are the SIF defaults. Where OptimizationProblems.jl uses another
 *    one (MOREBV, SCHMVETT) or another function (GENROSE, SINQUAD, TOINTGSS, WOODS) the
 *    SIF wins. SROSENBR starts at the SIF default (1.2, 1, 1.2, 1, ...); SROSENBR2
 *    is the same function from the SIF's second start (-1.2, 1, ...), MGH81's.
 *
 * Structure
 * Most of these objectives are partially separable: f(x) = c + sum_e phi_e(x_{J(e)}),
 * where element e depends on at most MAX_ELEMENT_VARS variables x_{J(e)} (indices may
 * repeat: the chain rule then adds the contributions, which the scatter loops below do
 * automatically). Such a problem supplies one function that evaluates phi_e, its
 * gradient and its Hessian with respect to the element's own variables; the generic
 * drivers sum the values and scatter gradients, Hessians and Hessian-vector products.
 * The number of elements is fixed at setup and kept in params->m. Cost: f, g and Hv are
 * O(number of elements) = O(n); the dense Hessian is O(n^2) for zeroing plus O(n).
 *
 * PENALTY1, POWER and VARDIM carry one dense rank-one term (w^T x)^k: their Hessians
 * are diagonal + rank one, and Hv is formed from inner products in O(n). VAREIGVL has a
 * band matrix (half bandwidth M = 6) and a coupling variable mu; f, g and Hv take
 * O(n M) and the dense Hessian O(n M^2) after zeroing.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "testproblem.h"

/* ---------------------------------------------------------------------------------
 * Partially separable problems: elements and the generic drivers
 * --------------------------------------------------------------------------------- */

#define MAX_ELEMENT_VARS 6

typedef struct {
    int nvar;                                           /* variables in this element */
    int idx[MAX_ELEMENT_VARS];                          /* their indices in x (0-based) */
    double f;                                           /* phi_e */
    double g[MAX_ELEMENT_VARS];                         /* d phi_e / d u_a */
    double h[MAX_ELEMENT_VARS * MAX_ELEMENT_VARS];      /* h[a + b*MAX] = d2 phi_e / du_a du_b */
} element;

/* Evaluates element e at x; 0 on success, > 0 when x is outside the domain. */
typedef int (*element_fn)(const hesse__tp_params *p, int e, const double *x, element *el);

#define H(el, a, b) ((el)->h[(a) + (b) * MAX_ELEMENT_VARS])

static void element_start(element *el, int nvar, const int *idx)
{
    memset(el, 0, sizeof *el);
    el->nvar = nvar;
    for (int a = 0; a < nvar; a++) el->idx[a] = idx[a];
}

/* Add v to the symmetric pair (a, b) of the element Hessian (once when a == b). */
static void element_add_h(element *el, int a, int b, double v)
{
    H(el, a, b) += v;
    if (a != b) H(el, b, a) += v;
}

/* phi += coef * L^power, L = sum_a w_a x_{idx_a} + offset (power 2 or 4):
   grad = coef p L^(p-1) w, Hessian = coef p (p-1) L^(p-2) w w^T. */
static void add_linear_power(element *el, const double *x, const double *w, double offset,
                             double coef, int power)
{
    double lin = offset;
    for (int a = 0; a < el->nvar; a++) lin += w[a] * x[el->idx[a]];
    double lp2 = power == 4 ? lin * lin : 1.0;
    double lp1 = lp2 * lin;
    el->f += coef * lp1 * lin;
    double curvature = coef * power * (power - 1) * lp2;
    for (int a = 0; a < el->nvar; a++) {
        el->g[a] += coef * power * lp1 * w[a];
        for (int b = a; b < el->nvar; b++) element_add_h(el, a, b, curvature * (w[a] * w[b]));
    }
}

/* phi += coef * (x_{idx_1} - x_{idx_0}^2)^2, the Rosenbrock-type term:
   d/da = -4 coef a r, d/db = 2 coef r (r = b - a^2), d2/da2 = coef (12 a^2 - 4 b),
   d2/dadb = -4 coef a, d2/db2 = 2 coef. */
static void add_rosenbrock(element *el, const double *x, double coef)
{
    double a = x[el->idx[0]], b = x[el->idx[1]];
    double r = b - a * a;
    el->f += coef * r * r;
    el->g[0] += -4.0 * coef * a * r;
    el->g[1] += 2.0 * coef * r;
    element_add_h(el, 0, 0, coef * (12.0 * a * a - 4.0 * b));
    element_add_h(el, 0, 1, -4.0 * coef * a);
    element_add_h(el, 1, 1, 2.0 * coef);
}

/* phi += (x_{idx_a} - 1)^2 */
static void add_square_minus_one(element *el, const double *x, int a)
{
    double r = x[el->idx[a]] - 1.0;
    el->f += r * r;
    el->g[a] += 2.0 * r;
    H(el, a, a) += 2.0;
}

static int element_objective(element_fn eval, double constant, int n, const double *x,
                             double *f, double *grad, const hesse__tp_params *p)
{
    element el;
    double total = constant;
    if (grad) memset(grad, 0, (size_t)n * sizeof *grad);
    for (int e = 0; e < p->m; e++) {
        int rc = eval(p, e, x, &el);
        if (rc) return rc;
        total += el.f;
        if (grad)
            for (int a = 0; a < el.nvar; a++) grad[el.idx[a]] += el.g[a];
    }
    *f = total;
    return 0;
}

static int element_hessian(element_fn eval, int n, const double *x, double *hess,
                           const hesse__tp_params *p)
{
    element el;
    memset(hess, 0, (size_t)n * (size_t)n * sizeof *hess);
    for (int e = 0; e < p->m; e++) {
        int rc = eval(p, e, x, &el);
        if (rc) return rc;
        for (int b = 0; b < el.nvar; b++)
            for (int a = 0; a < el.nvar; a++)
                hess[el.idx[a] + (size_t)el.idx[b] * (size_t)n] += H(&el, a, b);
    }
    return 0;
}

static int element_hessvec(element_fn eval, int n, const double *x, const double *v,
                           double *hv, const hesse__tp_params *p)
{
    element el;
    memset(hv, 0, (size_t)n * sizeof *hv);
    for (int e = 0; e < p->m; e++) {
        int rc = eval(p, e, x, &el);
        if (rc) return rc;
        for (int a = 0; a < el.nvar; a++) {
            double sum = 0.0;
            for (int b = 0; b < el.nvar; b++) sum += H(&el, a, b) * v[el.idx[b]];
            hv[el.idx[a]] += sum;
        }
    }
    return 0;
}

/* The three callbacks of a partially separable problem, from its element function
   NAME_element and the constant term of its objective. */
#define ELEMENT_CALLBACKS(NAME, CONSTANT)                                                  \
    static int NAME##_objective(int n, const double *x, double *f, double *grad,          \
                                void *data)                                                \
    {                                                                                      \
        return element_objective(NAME##_element, CONSTANT, n, x, f, grad, data);          \
    }                                                                                      \
    static int NAME##_hessian(int n, const double *x, double *hess, void *data)           \
    {                                                                                      \
        return element_hessian(NAME##_element, n, x, hess, data);                         \
    }                                                                                      \
    static int NAME##_hessvec(int n, const double *x, const double *v, double *hv,        \
                              void *data)                                                  \
    {                                                                                      \
        return element_hessvec(NAME##_element, n, x, v, hv, data);                        \
    }

/* ---------------------------------------------------------------------------------
 * Accepted sizes and small setup helpers
 * --------------------------------------------------------------------------------- */

static int accepts_ge1(int n) { return n >= 1; }
static int accepts_ge2(int n) { return n >= 2; }
static int accepts_ge3(int n) { return n >= 3; }
static int accepts_even(int n) { return n >= 2 && n % 2 == 0; }
static int accepts_mult4(int n) { return n >= 4 && n % 4 == 0; }

static void fill(double *v, int n, double value)
{
    for (int i = 0; i < n; i++) v[i] = value;
}

/* (k * i + c) mod n for the index maps of NONCVXU2 and SPARSQUR, in 64-bit so that
   k * i cannot overflow for any int n. */
static int index_map(long long k, long long i, long long c, int n)
{
    long long r = (k * i + c) % n;
    return (int)(r < 0 ? r + n : r);
}

/* ---------------------------------------------------------------------------------
 * GENHUMPS: f = sum_{i=1}^{n-1} sin^2(z x_i) sin^2(z x_{i+1}) + 0.05 (x_i^2 + x_{i+1}^2),
 * z = 20 (SIF ZETA).
 * --------------------------------------------------------------------------------- */

#define GENHUMPS_ZETA 20.0

static int genhumps_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    int idx[2] = {e, e + 1};
    element_start(el, 2, idx);
    const double z = GENHUMPS_ZETA;
    double a = x[e], b = x[e + 1];
    double sa = sin(z * a), sb = sin(z * b);
    double pa = sa * sa, pb = sb * sb;
    /* d/da sin^2(z a) = z sin(2 z a), d2/da2 = 2 z^2 cos(2 z a) */
    double s2a = sin(2.0 * z * a), s2b = sin(2.0 * z * b);
    double c2a = cos(2.0 * z * a), c2b = cos(2.0 * z * b);
    el->f = pa * pb + 0.05 * (a * a + b * b);
    el->g[0] = z * s2a * pb + 0.1 * a;
    el->g[1] = z * s2b * pa + 0.1 * b;
    element_add_h(el, 0, 0, 2.0 * z * z * c2a * pb + 0.1);
    element_add_h(el, 0, 1, z * z * s2a * s2b);
    element_add_h(el, 1, 1, 2.0 * z * z * c2b * pa + 0.1);
    return 0;
}
ELEMENT_CALLBACKS(genhumps, 0.0)

static int genhumps_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                          double *fstar, const char **fstar_source)
{
    p->m = n - 1;
    fill(x0, n, -506.2);
    x0[0] = -506.0;
    fill(xstar, n, 0.0);
    *fstar = 0.0;
    *fstar_source = "SIF SOLTN 0.0; every term is >= 0 and vanishes at x = 0 (all n)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * GENROSE: f = 1 + sum_{i=2}^{n} 100 (x_i - x_{i-1}^2)^2 + (x_i - 1)^2.
 * --------------------------------------------------------------------------------- */

static int genrose_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    int idx[2] = {e, e + 1};
    element_start(el, 2, idx);
    add_rosenbrock(el, x, 100.0);
    add_square_minus_one(el, x, 1);
    return 0;
}
ELEMENT_CALLBACKS(genrose, 1.0)

static int genrose_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                         double *fstar, const char **fstar_source)
{
    p->m = n - 1;
    for (int i = 0; i < n; i++) x0[i] = (double)(i + 1) / (double)(n + 1);
    fill(xstar, n, 1.0);
    *fstar = 1.0;
    *fstar_source = "SIF SOLTN 1.0 (the objective has constant 1; sum of squares "
                    "vanishes at x = 1, all n)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * LIARWHD: f = sum_{i=1}^{n} 4 (x_i^2 - x_1)^2 + (x_i - 1)^2.
 * --------------------------------------------------------------------------------- */

static int liarwhd_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    /* 4 (x_1 - x_i^2)^2 is the Rosenbrock-type term with x_i squared; e = 0 repeats x_1 */
    int idx[2] = {e, 0};
    element_start(el, 2, idx);
    add_rosenbrock(el, x, 4.0);
    add_square_minus_one(el, x, 0);
    return 0;
}
ELEMENT_CALLBACKS(liarwhd, 0.0)

static int liarwhd_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                         double *fstar, const char **fstar_source)
{
    p->m = n;
    fill(x0, n, 4.0);
    fill(xstar, n, 1.0);
    *fstar = 0.0;
    *fstar_source = "SIF SOLTN 0.0; sum of squares vanishing at x = 1 (all n)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * MOREBV (MGH #28, discrete boundary value): h = 1/(n+1), t_i = i h, x_0 = x_{n+1} = 0,
 * f = sum_{i=1}^{n} r_i^2, r_i = 2 x_i - x_{i-1} - x_{i+1} + (h^2/2) (x_i + t_i + 1)^3.
 * --------------------------------------------------------------------------------- */

static int morebv_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    int n = p->n;
    int idx[3], nvar = 0;
    double w[3];
    idx[nvar] = e, w[nvar++] = 2.0;
    if (e > 0) idx[nvar] = e - 1, w[nvar++] = -1.0;
    if (e < n - 1) idx[nvar] = e + 1, w[nvar++] = -1.0;
    element_start(el, nvar, idx);
    double h = 1.0 / (double)(n + 1);
    double q = 0.5 * h * h;
    double c = x[e] + (double)(e + 1) * h + 1.0;
    double r = q * c * c * c;
    for (int a = 0; a < nvar; a++) r += w[a] * x[idx[a]];
    /* dr/du = w + 3 q c^2 e_center; the only second derivative is d2r/dx_i^2 = 6 q c:
       phi = r^2, grad = 2 r dr, Hessian = 2 dr dr^T + 2 r d2r */
    double dr[3];
    for (int a = 0; a < nvar; a++) dr[a] = w[a];
    dr[0] += 3.0 * q * c * c;
    el->f = r * r;
    for (int a = 0; a < nvar; a++) {
        el->g[a] = 2.0 * r * dr[a];
        for (int b = a; b < nvar; b++) element_add_h(el, a, b, 2.0 * (dr[a] * dr[b]));
    }
    H(el, 0, 0) += 2.0 * r * 6.0 * q * c;
    return 0;
}
ELEMENT_CALLBACKS(morebv, 0.0)

static int morebv_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                        double *fstar, const char **fstar_source)
{
    p->m = n;
    double h = 1.0 / (double)(n + 1);
    for (int i = 0; i < n; i++) {
        double t = (double)(i + 1) * h;
        x0[i] = t * (t - 1.0);
    }
    *fstar = 0.0;
    *fstar_source = "MGH 1981 problem 28 (zero residual); SIF SOLTN 0.0 (all n; "
                    "minimizer not in closed form)";
    return 0;
}

/* ---------------------------------------------------------------------------------
 * NONCVXU2: f = sum_{i=1}^{n} s_i^2 + 4 cos(s_i), s_i = x_i + x_j + x_k with
 * j = mod(3i-2, n)+1, k = mod(7i-3, n)+1 (1-based, as in the SIF).
 * Each term is >= g* = min_s s^2 + 4 cos s, attained where s = 2 sin s, s_opt = 1.8954...;
 * so f* = n g* at x_i = s_opt / 3, which the SIF's SOLUTION lines confirm
 * (2.3168084 n for n = 10, ..., 100000).
 * --------------------------------------------------------------------------------- */

static int noncvxu2_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    int n = p->n;
    /* 0-based: j = (3(e+1) - 2) mod n = (3e + 1) mod n, k = (7e + 4) mod n */
    int idx[3] = {e, index_map(3, e, 1, n), index_map(7, e, 4, n)};
    element_start(el, 3, idx);
    double s = x[idx[0]] + x[idx[1]] + x[idx[2]];
    double d1 = 2.0 * s - 4.0 * sin(s), d2 = 2.0 - 4.0 * cos(s);
    el->f = s * s + 4.0 * cos(s);
    for (int a = 0; a < 3; a++) {
        el->g[a] = d1;
        for (int b = 0; b < 3; b++) H(el, a, b) = d2;
    }
    return 0;
}
ELEMENT_CALLBACKS(noncvxu2, 0.0)

static int noncvxu2_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                          double *fstar, const char **fstar_source)
{
    p->m = n;
    for (int i = 0; i < n; i++) x0[i] = (double)(i + 1);
    /* Newton on s - 2 sin s = 0 from s = 1.9; the root is 1.895494267... */
    double s = 1.9;
    for (int k = 0; k < 50; k++) {
        double step = (s - 2.0 * sin(s)) / (1.0 - 2.0 * cos(s));
        s -= step;
        if (fabs(step) <= 1e-16 * s) break;
    }
    fill(xstar, n, s / 3.0);
    *fstar = (double)n * (s * s + 4.0 * cos(s));
    *fstar_source = "n * min_s (s^2 + 4 cos s) = 2.3168084 n, at x_i = s_opt/3 where "
                    "s_opt = 2 sin s_opt (termwise bound, all n); agrees with the SIF SOLUTION "
                    "lines for n = 10, 100, 1000, 5000, 10000, 100000";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * NONDIA: f = (x_1 - 1)^2 + sum_{i=2}^{n} 100 (x_1 - x_{i-1}^2)^2.
 * --------------------------------------------------------------------------------- */

static int nondia_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    if (e == 0) {
        int idx[1] = {0};
        element_start(el, 1, idx);
        add_square_minus_one(el, x, 0);
    } else {
        int idx[2] = {e - 1, 0};
        element_start(el, 2, idx);
        add_rosenbrock(el, x, 100.0);
    }
    return 0;
}
ELEMENT_CALLBACKS(nondia, 0.0)

static int nondia_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                        double *fstar, const char **fstar_source)
{
    p->m = n;
    fill(x0, n, -1.0);
    fill(xstar, n, 1.0);
    *fstar = 0.0;
    *fstar_source = "SIF SOLTN 0.0; sum of squares vanishing at x = 1 (all n)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * NONDQUAR: f = sum_{i=1}^{n-2} (x_i + x_{i+1} + x_n)^4 + (x_1 - x_2)^2
 *               + (x_{n-1} - x_n)^2.
 * --------------------------------------------------------------------------------- */

static int nondquar_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    int n = p->n;
    static const double ones[3] = {1.0, 1.0, 1.0};
    static const double diff[2] = {1.0, -1.0};
    if (e < n - 2) {
        int idx[3] = {e, e + 1, n - 1};
        element_start(el, 3, idx);
        add_linear_power(el, x, ones, 0.0, 1.0, 4);
    } else {
        int idx[2] = {e == n - 2 ? 0 : n - 2, e == n - 2 ? 1 : n - 1};
        element_start(el, 2, idx);
        add_linear_power(el, x, diff, 0.0, 1.0, 2);
    }
    return 0;
}
ELEMENT_CALLBACKS(nondquar, 0.0)

static int nondquar_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                          double *fstar, const char **fstar_source)
{
    p->m = n;
    for (int i = 0; i < n; i++) x0[i] = i % 2 == 0 ? 1.0 : -1.0;
    fill(xstar, n, 0.0);
    *fstar = 0.0;
    *fstar_source = "SIF SOLTN 0.0; every term vanishes at x = 0 (all n)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * PENALTY1 (MGH #23): f = a sum_i (x_i - 1)^2 + (sum_i x_i^2 - 1/4)^2, a = 1e-5.
 * g_i = 2a (x_i - 1) + 4 (S - 1/4) x_i, H = (2a + 4 (S - 1/4)) I + 8 x x^T.
 * Minimizer: g = 0 forces every x_i = 2a / (2a + 4 (S - 1/4)), one common value t, a
 * root of 2n t^3 + (a - 1/2) t - a = 0; the largest root gives the least f (the other
 * roots lie near -1/(2 sqrt n) and -2a, where a n (t-1)^2 or (n t^2 - 1/4)^2 is
 * larger). This reproduces MGH's f* = 2.24997e-5 (n = 4) and 7.08765e-5 (n = 10).
 * --------------------------------------------------------------------------------- */

#define PENALTY1_A 1e-5

static int penalty1_objective(int n, const double *x, double *f, double *grad, void *data)
{
    double sumsq = 0.0, dev = 0.0;
    for (int i = 0; i < n; i++) {
        sumsq += x[i] * x[i];
        dev += (x[i] - 1.0) * (x[i] - 1.0);
    }
    double r = sumsq - 0.25;
    *f = PENALTY1_A * dev + r * r;
    if (grad)
        for (int i = 0; i < n; i++) grad[i] = 2.0 * PENALTY1_A * (x[i] - 1.0) + 4.0 * r * x[i];
    return 0;
}

static int penalty1_hessian(int n, const double *x, double *hess, void *data)
{
    double sumsq = 0.0;
    for (int i = 0; i < n; i++) sumsq += x[i] * x[i];
    double diag = 2.0 * PENALTY1_A + 4.0 * (sumsq - 0.25);
    for (int j = 0; j < n; j++) {
        double *col = hess + (size_t)j * (size_t)n;
        for (int i = 0; i < n; i++) col[i] = 8.0 * (x[i] * x[j]);
        col[j] += diag;
    }
    return 0;
}

static int penalty1_hessvec(int n, const double *x, const double *v, double *hv, void *data)
{
    double sumsq = 0.0, xv = 0.0;
    for (int i = 0; i < n; i++) {
        sumsq += x[i] * x[i];
        xv += x[i] * v[i];
    }
    double diag = 2.0 * PENALTY1_A + 4.0 * (sumsq - 0.25);
    for (int i = 0; i < n; i++) hv[i] = diag * v[i] + 8.0 * xv * x[i];
    return 0;
}

static int penalty1_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                          double *fstar, const char **fstar_source)
{
    const double a = PENALTY1_A;
    for (int i = 0; i < n; i++) x0[i] = (double)(i + 1);
    /* Newton from t = 1 on the convex increasing part of c(t) = 2n t^3 + (a - 1/2) t - a
       decreases monotonically to the largest root. */
    double t = 1.0;
    for (int k = 0; k < 200; k++) {
        double c = 2.0 * n * t * t * t + (a - 0.5) * t - a;
        double dc = 6.0 * n * t * t + (a - 0.5);
        double next = t - c / dc;
        if (!(next < t)) break;
        t = next;
    }
    fill(xstar, n, t);
    double r = (double)n * t * t - 0.25;
    *fstar = a * (double)n * (t - 1.0) * (t - 1.0) + r * r;
    *fstar_source = "stationarity (all x_i equal, largest root of 2n t^3 + (a - 1/2) t - a); "
                    "matches MGH 1981: 2.24997e-5 (n = 4), 7.08765e-5 (n = 10); the SIF's "
                    "SOLTN(4) 2.24997D-4 is a misprint";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * POWELLSG (MGH #13, extended Powell singular): for each block of four,
 * (x1 + 10 x2)^2 + 5 (x3 - x4)^2 + (x2 - 2 x3)^4 + 10 (x1 - x4)^4.
 * --------------------------------------------------------------------------------- */

static int powellsg_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    static const double w0[2] = {1.0, 10.0}, w1[2] = {1.0, -1.0}, w2[2] = {1.0, -2.0};
    int base = 4 * (e / 4);
    switch (e % 4) {
    case 0: {
        int idx[2] = {base, base + 1};
        element_start(el, 2, idx);
        add_linear_power(el, x, w0, 0.0, 1.0, 2);
        break;
    }
    case 1: {
        int idx[2] = {base + 2, base + 3};
        element_start(el, 2, idx);
        add_linear_power(el, x, w1, 0.0, 5.0, 2);
        break;
    }
    case 2: {
        int idx[2] = {base + 1, base + 2};
        element_start(el, 2, idx);
        add_linear_power(el, x, w2, 0.0, 1.0, 4);
        break;
    }
    default: {
        int idx[2] = {base, base + 3};
        element_start(el, 2, idx);
        add_linear_power(el, x, w1, 0.0, 10.0, 4);
        break;
    }
    }
    return 0;
}
ELEMENT_CALLBACKS(powellsg, 0.0)

static int powellsg_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                          double *fstar, const char **fstar_source)
{
    static const double block[4] = {3.0, -1.0, 0.0, 1.0};
    p->m = n;
    for (int i = 0; i < n; i++) x0[i] = block[i % 4];
    fill(xstar, n, 0.0);
    *fstar = 0.0;
    *fstar_source = "MGH 1981 problem 13; SIF SOLTN 0.0 (x = 0, all n)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * POWER: f = T^2, T = sum_i i x_i^2. g_i = 4 i T x_i,
 * H_ij = 4 i T delta_ij + 8 i j x_i x_j.
 * --------------------------------------------------------------------------------- */

static double power_t(int n, const double *x)
{
    double t = 0.0;
    for (int i = 0; i < n; i++) t += (double)(i + 1) * x[i] * x[i];
    return t;
}

static int power_objective(int n, const double *x, double *f, double *grad, void *data)
{
    double t = power_t(n, x);
    *f = t * t;
    if (grad)
        for (int i = 0; i < n; i++) grad[i] = 4.0 * (double)(i + 1) * t * x[i];
    return 0;
}

static int power_hessian(int n, const double *x, double *hess, void *data)
{
    double t = power_t(n, x);
    for (int j = 0; j < n; j++) {
        /* 8 u_i u_j with u_i = i x_i, multiplied in an order symmetric in i and j */
        double *col = hess + (size_t)j * (size_t)n;
        double uj = (double)(j + 1) * x[j];
        for (int i = 0; i < n; i++) col[i] = 8.0 * (((double)(i + 1) * x[i]) * uj);
        col[j] += 4.0 * (double)(j + 1) * t;
    }
    return 0;
}

static int power_hessvec(int n, const double *x, const double *v, double *hv, void *data)
{
    double t = 0.0, wv = 0.0;
    for (int i = 0; i < n; i++) {
        t += (double)(i + 1) * x[i] * x[i];
        wv += (double)(i + 1) * x[i] * v[i];
    }
    for (int i = 0; i < n; i++)
        hv[i] = 4.0 * (double)(i + 1) * (t * v[i] + 2.0 * x[i] * wv);
    return 0;
}

static int power_setup(int n, hesse__tp_params *p, double *x0, double *xstar, double *fstar,
                       const char **fstar_source)
{
    fill(x0, n, 1.0);
    fill(xstar, n, 0.0);
    *fstar = 0.0;
    *fstar_source = "SIF SOLTN 0.0 (x = 0, all n)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * QUARTC: f = sum_i (x_i - i)^4.
 * --------------------------------------------------------------------------------- */

static int quartc_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    static const double one[1] = {1.0};
    int idx[1] = {e};
    element_start(el, 1, idx);
    add_linear_power(el, x, one, -(double)(e + 1), 1.0, 4);
    return 0;
}
ELEMENT_CALLBACKS(quartc, 0.0)

static int quartc_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                        double *fstar, const char **fstar_source)
{
    p->m = n;
    fill(x0, n, 2.0);
    for (int i = 0; i < n; i++) xstar[i] = (double)(i + 1);
    *fstar = 0.0;
    *fstar_source = "SIF SOLTN 0.0 (x_i = i, all n)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * SCHMVETT: f = sum_{i=1}^{n-2} -1/(1 + (x_i - x_{i+1})^2) - sin((P x_{i+1} + x_{i+2})/2)
 *                               - exp(-((x_i + x_{i+2})/x_{i+1} - 2)^2),
 * P = 3.14159265 as written in the SIF (not pi to full precision). Each term is >= -3,
 * with equality when x_i = x_{i+1} = x_{i+2} = pi/(P + 1); so f* = -3(n-2) at
 * x_i = pi/(P + 1). The SIF lists -3, -24, -294, -1494, -2994 for n = 3, 10, 100, 500,
 * 1000 and no value for 5000 and 10000: the bound gives those too.
 * Outside the domain: x_{i+1} = 0 (division by zero).
 * --------------------------------------------------------------------------------- */

#define SCHMVETT_P 3.14159265
#define PI 3.14159265358979323846

static int schmvett_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    int idx[3] = {e, e + 1, e + 2};
    element_start(el, 3, idx);
    double a = x[e], b = x[e + 1], c = x[e + 2];
    if (b == 0.0) return 1;

    /* -1/(1 + u^2), u = a - b: d/du = 2u/t^2, d2/du2 = (2 - 6u^2)/t^3, t = 1 + u^2 */
    double u = a - b, t = 1.0 + u * u;
    double du = 2.0 * u / (t * t), d2u = (2.0 - 6.0 * u * u) / (t * t * t);
    el->f = -1.0 / t;
    el->g[0] += du;
    el->g[1] -= du;
    element_add_h(el, 0, 0, d2u);
    element_add_h(el, 0, 1, -d2u);
    element_add_h(el, 1, 1, d2u);

    /* -sin(w), w = (P b + c)/2 */
    double w = 0.5 * (SCHMVETT_P * b + c), sw = sin(w), cw = cos(w);
    el->f -= sw;
    el->g[1] -= 0.5 * SCHMVETT_P * cw;
    el->g[2] -= 0.5 * cw;
    element_add_h(el, 1, 1, 0.25 * SCHMVETT_P * SCHMVETT_P * sw);
    element_add_h(el, 1, 2, 0.25 * SCHMVETT_P * sw);
    element_add_h(el, 2, 2, 0.25 * sw);

    /* -exp(-alpha^2), alpha = (a + c)/b - 2: d/dalpha = 2 alpha E,
       d2/dalpha2 = 2 E (1 - 2 alpha^2); grad alpha = (1/b, -(a+c)/b^2, 1/b),
       d2 alpha/da db = d2 alpha/dc db = -1/b^2, d2 alpha/db2 = 2 (a+c)/b^3 */
    double s = a + c;
    double alpha = s / b - 2.0, ex = exp(-alpha * alpha);
    double dp = 2.0 * alpha * ex, d2p = 2.0 * ex * (1.0 - 2.0 * alpha * alpha);
    double ga[3] = {1.0 / b, -s / (b * b), 1.0 / b};
    el->f -= ex;
    for (int k = 0; k < 3; k++) el->g[k] += dp * ga[k];
    for (int k = 0; k < 3; k++)
        for (int l = k; l < 3; l++) element_add_h(el, k, l, d2p * ga[k] * ga[l]);
    element_add_h(el, 0, 1, -dp / (b * b));
    element_add_h(el, 2, 1, -dp / (b * b));
    element_add_h(el, 1, 1, dp * 2.0 * s / (b * b * b));
    return 0;
}
ELEMENT_CALLBACKS(schmvett, 0.0)

static int schmvett_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                          double *fstar, const char **fstar_source)
{
    p->m = n - 2;
    fill(x0, n, 0.5);
    fill(xstar, n, PI / (SCHMVETT_P + 1.0));
    *fstar = -3.0 * (double)(n - 2);
    *fstar_source = "-3(n-2) at x_i = pi/(P+1), P = 3.14159265 (each term >= -3, all n); "
                    "agrees with SIF SOLTN for n = 3, 10, 100, 500, 1000";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * SINQUAD, as the CUTEst SIF decodes it ("incorrectly decoded version (see SINQUAD2 for
 * correction)"): the groups G(2..n-1) have no group type, so they enter linearly:
 *   f = (x_1 - 1)^4 + sum_{i=2}^{n-1} (x_i^2 - x_1^2 + sin(x_i - x_n)) + (x_n^2 - x_1^2)^2.
 * (OptimizationProblems.jl squares the middle terms: that is SINQUAD2.) The SIF's
 * SOLTN -3.0 cannot be the minimum (at n = 5, x = (pi/2, 0, 0, 0, pi/2) gives -10.296),
 * so f* is unknown.
 * --------------------------------------------------------------------------------- */

static int sinquad_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    int n = p->n;
    if (e == 0) {
        static const double one[1] = {1.0};
        int idx[1] = {0};
        element_start(el, 1, idx);
        add_linear_power(el, x, one, -1.0, 1.0, 4);
    } else if (e < n - 1) {
        int idx[3] = {0, e, n - 1};
        element_start(el, 3, idx);
        double a = x[0], b = x[e], c = x[n - 1];
        double s = sin(b - c), co = cos(b - c);
        el->f = b * b - a * a + s;
        el->g[0] = -2.0 * a;
        el->g[1] = 2.0 * b + co;
        el->g[2] = -co;
        element_add_h(el, 0, 0, -2.0);
        element_add_h(el, 1, 1, 2.0 - s);
        element_add_h(el, 1, 2, s);
        element_add_h(el, 2, 2, -s);
    } else {
        /* (c^2 - a^2)^2 with a = x_1, c = x_n */
        int idx[2] = {0, n - 1};
        element_start(el, 2, idx);
        double a = x[0], c = x[n - 1], d = c * c - a * a;
        el->f = d * d;
        el->g[0] = -4.0 * a * d;
        el->g[1] = 4.0 * c * d;
        element_add_h(el, 0, 0, 8.0 * a * a - 4.0 * d);
        element_add_h(el, 0, 1, -8.0 * a * c);
        element_add_h(el, 1, 1, 8.0 * c * c + 4.0 * d);
    }
    return 0;
}
ELEMENT_CALLBACKS(sinquad, 0.0)

static int sinquad_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                         double *fstar, const char **fstar_source)
{
    p->m = n;
    fill(x0, n, 0.1);
    *fstar = NAN;
    *fstar_source = "";
    return 0;
}

/* ---------------------------------------------------------------------------------
 * SPARSQUR: f = sum_{i=1}^{n} (i/2) a_i^2, a_i = (1/2) sum_{j in J(i)} x_j^2,
 * J(i) = {i, mod(2i-1,n)+1, mod(3i-1,n)+1, mod(5i-1,n)+1, mod(7i-1,n)+1,
 * mod(11i-1,n)+1} (1-based, with repetitions).
 * d/du_k = i a u_k, d2/du_k du_l = i u_k u_l + i a delta_kl.
 * --------------------------------------------------------------------------------- */

static int sparsqur_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    int n = p->n;
    long long i = e + 1;
    /* 0-based index of mod(k i - 1, n) + 1 is mod(k i - 1, n) */
    int idx[6] = {e,
                  index_map(2, i, -1, n),
                  index_map(3, i, -1, n),
                  index_map(5, i, -1, n),
                  index_map(7, i, -1, n),
                  index_map(11, i, -1, n)};
    element_start(el, 6, idx);
    double u[6], alpha = 0.0;
    for (int k = 0; k < 6; k++) {
        u[k] = x[idx[k]];
        alpha += 0.5 * u[k] * u[k];
    }
    double wi = (double)i;
    el->f = 0.5 * wi * alpha * alpha;
    for (int k = 0; k < 6; k++) {
        el->g[k] = wi * alpha * u[k];
        for (int l = k; l < 6; l++) element_add_h(el, k, l, wi * (u[k] * u[l]));
        H(el, k, k) += wi * alpha;
    }
    return 0;
}
ELEMENT_CALLBACKS(sparsqur, 0.0)

static int sparsqur_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                          double *fstar, const char **fstar_source)
{
    p->m = n;
    fill(x0, n, 0.5);
    fill(xstar, n, 0.0);
    *fstar = 0.0;
    *fstar_source = "SIF SOLUTION 0.0 (x = 0, all n)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * SROSENBR (MGH #21, extended Rosenbrock):
 * f = sum_{i=1}^{n/2} 100 (x_{2i} - x_{2i-1}^2)^2 + (x_{2i-1} - 1)^2.
 * --------------------------------------------------------------------------------- */

static int srosenbr_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    int idx[2] = {2 * e, 2 * e + 1};
    element_start(el, 2, idx);
    add_rosenbrock(el, x, 100.0);
    add_square_minus_one(el, x, 0);
    return 0;
}
ELEMENT_CALLBACKS(srosenbr, 0.0)

/* SIF START POINT: SROSENBR (1.2, 1, 1.2, 1, ...), the default, and SROSENBR2
   (-1.2, 1, -1.2, 1, ...), the start MGH81 gives (registered as SROSENBR2). */
static int srosenbr_start(int n, hesse__tp_params *p, double *x0, double *xstar,
                          double *fstar, const char **fstar_source, double first)
{
    p->m = n / 2;
    for (int i = 0; i < n; i++) x0[i] = i % 2 == 0 ? first : 1.0;
    fill(xstar, n, 1.0);
    *fstar = 0.0;
    *fstar_source = "MGH 1981 problem 21: 0 at x = 1 (all even n)";
    return 1;
}

static int srosenbr_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                          double *fstar, const char **fstar_source)
{
    return srosenbr_start(n, p, x0, xstar, fstar, fstar_source, 1.2);
}

static int srosenbr2_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                           double *fstar, const char **fstar_source)
{
    return srosenbr_start(n, p, x0, xstar, fstar, fstar_source, -1.2);
}

/* ---------------------------------------------------------------------------------
 * TOINTGSS: f = sum_{i=1}^{n-2} (c + x_{i+2}^2) (2 - exp(-(x_i - x_{i+1})^2
 *                                                     / (0.1 + x_{i+2}^2))),
 * c = 10/(n-2). Since 2 - exp(.) >= 1, f >= (n-2) c = 10, with equality only at x = 0:
 * f* = 10 (the SIF gives no value; OptimizationProblems.jl uses another c).
 * --------------------------------------------------------------------------------- */

static int tointgss_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    int idx[3] = {e, e + 1, e + 2};
    element_start(el, 3, idx);
    double cw = 10.0 / (double)(p->n - 2);
    /* internal variables u1 = x_i - x_{i+1}, u2 = x_{i+2}; F = W (2 - E),
       W = c + u2^2, E = exp(-q), q = u1^2 / T, T = 0.1 + u2^2 */
    double u1 = x[e] - x[e + 1], u2 = x[e + 2];
    double t = 0.1 + u2 * u2, w = cw + u2 * u2;
    double q = u1 * u1 / t, ex = exp(-q);
    double q1 = 2.0 * u1 / t, q2 = -2.0 * u2 * q / t;
    double q11 = 2.0 / t, q12 = -4.0 * u1 * u2 / (t * t);
    double q22 = -2.0 * u1 * u1 * (t - 4.0 * u2 * u2) / (t * t * t);
    double e1 = -ex * q1, e2 = -ex * q2;
    double e11 = ex * (q1 * q1 - q11), e12 = ex * (q1 * q2 - q12), e22 = ex * (q2 * q2 - q22);
    double f1 = -w * e1, f2 = 2.0 * u2 * (2.0 - ex) - w * e2;
    double f11 = -w * e11, f12 = -2.0 * u2 * e1 - w * e12;
    double f22 = 2.0 * (2.0 - ex) - 4.0 * u2 * e2 - w * e22;
    el->f = w * (2.0 - ex);
    /* back to (x_i, x_{i+1}, x_{i+2}) through u1 = x_i - x_{i+1}, u2 = x_{i+2} */
    el->g[0] = f1;
    el->g[1] = -f1;
    el->g[2] = f2;
    element_add_h(el, 0, 0, f11);
    element_add_h(el, 0, 1, -f11);
    element_add_h(el, 1, 1, f11);
    element_add_h(el, 0, 2, f12);
    element_add_h(el, 1, 2, -f12);
    element_add_h(el, 2, 2, f22);
    return 0;
}
ELEMENT_CALLBACKS(tointgss, 0.0)

static int tointgss_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                          double *fstar, const char **fstar_source)
{
    p->m = n - 2;
    fill(x0, n, 3.0);
    fill(xstar, n, 0.0);
    *fstar = 10.0;
    *fstar_source = "10 at x = 0: each term >= 10/(n-2), equality only at 0 (all n; "
                    "the SIF gives SOLTN as unknown)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * TQUARTIC: f = (x_1 - 1)^2 + sum_{i=2}^{n} (x_1^2 - x_i^2)^2.
 * --------------------------------------------------------------------------------- */

static int tquartic_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    if (e == 0) {
        int idx[1] = {0};
        element_start(el, 1, idx);
        add_square_minus_one(el, x, 0);
        return 0;
    }
    int idx[2] = {0, e};
    element_start(el, 2, idx);
    double a = x[0], b = x[e], d = a * a - b * b;
    el->f = d * d;
    el->g[0] = 4.0 * a * d;
    el->g[1] = -4.0 * b * d;
    element_add_h(el, 0, 0, 4.0 * d + 8.0 * a * a);
    element_add_h(el, 0, 1, -8.0 * a * b);
    element_add_h(el, 1, 1, 8.0 * b * b - 4.0 * d);
    return 0;
}
ELEMENT_CALLBACKS(tquartic, 0.0)

static int tquartic_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                          double *fstar, const char **fstar_source)
{
    p->m = n;
    fill(x0, n, 0.1);
    fill(xstar, n, 1.0);
    *fstar = 0.0;
    *fstar_source = "SIF SOLTN 0.0; sum of squares vanishing at x = 1 (all n)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * TRIDIA (Buckley #40 with alpha = 2, beta = gamma = delta = 1):
 * f = (x_1 - 1)^2 + sum_{i=2}^{n} i (2 x_i - x_{i-1})^2; zero at x_i = 2^(1-i).
 * --------------------------------------------------------------------------------- */

static int tridia_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    static const double w[2] = {-1.0, 2.0};
    if (e == 0) {
        int idx[1] = {0};
        element_start(el, 1, idx);
        add_square_minus_one(el, x, 0);
    } else {
        int idx[2] = {e - 1, e};
        element_start(el, 2, idx);
        add_linear_power(el, x, w, 0.0, (double)(e + 1), 2);
    }
    return 0;
}
ELEMENT_CALLBACKS(tridia, 0.0)

static int tridia_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                        double *fstar, const char **fstar_source)
{
    p->m = n;
    fill(x0, n, 1.0);
    for (int i = 0; i < n; i++) xstar[i] = ldexp(1.0, -i);
    *fstar = 0.0;
    *fstar_source = "SIF SOLTN 0.0; sum of squares vanishing at x_i = 2^(1-i) (all n)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * VARDIM (MGH #25): s = sum_i i x_i - n(n+1)/2,
 * f = sum_i (x_i - 1)^2 + s^2 + s^4; g_i = 2 (x_i - 1) + i (2 s + 4 s^3),
 * H = 2 I + (2 + 12 s^2) w w^T with w_i = i.
 * --------------------------------------------------------------------------------- */

static double vardim_s(int n, const double *x)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) s += (double)(i + 1) * x[i];
    return s - 0.5 * (double)n * (double)(n + 1);
}

static int vardim_objective(int n, const double *x, double *f, double *grad, void *data)
{
    double s = vardim_s(n, x), dev = 0.0;
    for (int i = 0; i < n; i++) dev += (x[i] - 1.0) * (x[i] - 1.0);
    double s2 = s * s;
    *f = dev + s2 + s2 * s2;
    if (grad) {
        double ds = 2.0 * s + 4.0 * s * s2;
        for (int i = 0; i < n; i++) grad[i] = 2.0 * (x[i] - 1.0) + (double)(i + 1) * ds;
    }
    return 0;
}

static int vardim_hessian(int n, const double *x, double *hess, void *data)
{
    double s = vardim_s(n, x);
    double c = 2.0 + 12.0 * s * s;
    for (int j = 0; j < n; j++) {
        double *col = hess + (size_t)j * (size_t)n;
        for (int i = 0; i < n; i++) col[i] = c * ((double)(i + 1) * (double)(j + 1));
        col[j] += 2.0;
    }
    return 0;
}

static int vardim_hessvec(int n, const double *x, const double *v, double *hv, void *data)
{
    double s = vardim_s(n, x), wv = 0.0;
    for (int i = 0; i < n; i++) wv += (double)(i + 1) * v[i];
    double c = (2.0 + 12.0 * s * s) * wv;
    for (int i = 0; i < n; i++) hv[i] = 2.0 * v[i] + c * (double)(i + 1);
    return 0;
}

static int vardim_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                        double *fstar, const char **fstar_source)
{
    for (int i = 0; i < n; i++) x0[i] = 1.0 - (double)(i + 1) / (double)n;
    fill(xstar, n, 1.0);
    *fstar = 0.0;
    *fstar_source = "MGH 1981 problem 25; SIF SOLTN 0.0 (x = 1, all n)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * VAREIGVL (Auchmuty's variational eigenvalue problem, SIF with M = 6, q = 1.5):
 * variables x_1..x_N and mu (last), n = N + 1;
 *   r_i = sum_{|j-i| <= M} A_ij x_j - mu x_i,  A_ij = sin(i j) exp(-(j-i)^2 / N^2),
 *   f = (1/2) sum_i r_i^2 + (1/q) S^q with S = sum_i x_i^2, i.e. (2/3) S^(3/2).
 * (The SIF groups are GVAR^POWER / POWER with POWER = 2 and q.) With B = A - mu I and
 * J = [B, -x] the Jacobian of r: grad = J^T r + [2 sqrt(S) x; 0];
 * Hessian = J^T J + (mu, x_i) entries -r_i + [2 sqrt(S) I + 2 x x^T / sqrt(S)] on the
 * x block (that block tends to 0 as x -> 0, which is used at S = 0).
 * The band needs N >= 2M (the SIF's first and last M rows must not overlap).
 * This follows the SIF text (S2MPJ copy); sif2jax's VAREIGVL instead uses
 * sum r_i^2 + S^(q/2), i.e. without the 1/POWER factors and with exponent q/2.
 * --------------------------------------------------------------------------------- */

#define VAREIGVL_M 6

/* Row i (0-based) of A over its band: columns lo..hi, values a[0..hi-lo]. */
static void vareigvl_row(int nrows, int i, int *lo, int *hi, double *a)
{
    *lo = i - VAREIGVL_M < 0 ? 0 : i - VAREIGVL_M;
    *hi = i + VAREIGVL_M > nrows - 1 ? nrows - 1 : i + VAREIGVL_M;
    double nsq = (double)nrows * (double)nrows;
    for (int j = *lo; j <= *hi; j++) {
        double d = (double)(j - i);
        a[j - *lo] = sin((double)(i + 1) * (double)(j + 1)) * exp(-d * d / nsq);
    }
}

static int vareigvl_objective(int n, const double *x, double *f, double *grad, void *data)
{
    int nrows = n - 1;
    double mu = x[nrows], sumsq = 0.0, half_rr = 0.0;
    double a[2 * VAREIGVL_M + 1];
    if (grad) memset(grad, 0, (size_t)n * sizeof *grad);
    for (int i = 0; i < nrows; i++) {
        int lo, hi;
        vareigvl_row(nrows, i, &lo, &hi, a);
        double r = -mu * x[i];
        for (int j = lo; j <= hi; j++) r += a[j - lo] * x[j];
        half_rr += 0.5 * r * r;
        sumsq += x[i] * x[i];
        if (grad) {
            /* J^T r, row by row: grad_x += B_i. r_i, grad_mu -= x_i r_i */
            for (int j = lo; j <= hi; j++) grad[j] += a[j - lo] * r;
            grad[i] -= mu * r;
            grad[nrows] -= x[i] * r;
        }
    }
    double norm = sqrt(sumsq);
    *f = half_rr + (2.0 / 3.0) * sumsq * norm;
    if (grad)
        for (int i = 0; i < nrows; i++) grad[i] += 2.0 * norm * x[i];
    return 0;
}

static int vareigvl_hessian(int n, const double *x, double *hess, void *data)
{
    int nrows = n - 1;
    size_t ld = (size_t)n;
    double mu = x[nrows], sumsq = 0.0;
    double a[2 * VAREIGVL_M + 1];
    memset(hess, 0, ld * ld * sizeof *hess);
    for (int i = 0; i < nrows; i++) {
        int lo, hi;
        vareigvl_row(nrows, i, &lo, &hi, a);
        a[i - lo] -= mu; /* row i of B = A - mu I */
        double r = 0.0;
        for (int j = lo; j <= hi; j++) r += a[j - lo] * x[j];
        sumsq += x[i] * x[i];
        /* J_i^T J_i with J_i = [B_i., -x_i] */
        for (int k = lo; k <= hi; k++) {
            for (int j = lo; j <= hi; j++) hess[j + k * ld] += a[j - lo] * a[k - lo];
            hess[k + nrows * ld] -= a[k - lo] * x[i];
            hess[nrows + k * ld] -= a[k - lo] * x[i];
        }
        hess[nrows + nrows * ld] += x[i] * x[i];
        /* r_i d2 r_i: d2 r_i / dx_i dmu = -1 */
        hess[i + nrows * ld] -= r;
        hess[nrows + i * ld] -= r;
    }
    double norm = sqrt(sumsq);
    if (norm > 0.0) {
        for (int k = 0; k < nrows; k++) {
            for (int j = 0; j < nrows; j++) hess[j + k * ld] += 2.0 * (x[j] * x[k]) / norm;
            hess[k + k * ld] += 2.0 * norm;
        }
    }
    return 0;
}

static int vareigvl_hessvec(int n, const double *x, const double *v, double *hv, void *data)
{
    int nrows = n - 1;
    double mu = x[nrows], vmu = v[nrows], sumsq = 0.0, xv = 0.0;
    double a[2 * VAREIGVL_M + 1];
    memset(hv, 0, (size_t)n * sizeof *hv);
    for (int i = 0; i < nrows; i++) {
        int lo, hi;
        vareigvl_row(nrows, i, &lo, &hi, a);
        a[i - lo] -= mu;
        double r = 0.0, jv = -x[i] * vmu; /* r_i and (J v)_i */
        for (int j = lo; j <= hi; j++) {
            r += a[j - lo] * x[j];
            jv += a[j - lo] * v[j];
        }
        /* J_i^T (J v)_i, then the r_i d2 r_i part */
        for (int j = lo; j <= hi; j++) hv[j] += a[j - lo] * jv;
        hv[nrows] -= x[i] * jv;
        hv[i] -= r * vmu;
        hv[nrows] -= r * v[i];
        sumsq += x[i] * x[i];
        xv += x[i] * v[i];
    }
    double norm = sqrt(sumsq);
    if (norm > 0.0)
        for (int i = 0; i < nrows; i++) hv[i] += 2.0 * norm * v[i] + 2.0 * x[i] * xv / norm;
    return 0;
}

static int vareigvl_accepts(int n) { return n - 1 >= 2 * VAREIGVL_M; }

static int vareigvl_setup(int n, hesse__tp_params *p, double *x0, double *xstar,
                          double *fstar, const char **fstar_source)
{
    p->m = VAREIGVL_M;
    fill(x0, n, 1.0);
    x0[n - 1] = 0.0;
    fill(xstar, n, 0.0);
    *fstar = 0.0;
    *fstar_source = "SIF SOLTN 0.0 (x = 0 with any mu; f >= 0, all n)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * WOODS (MGH #14, extended Wood): for each block (w1..w4) of four,
 * 100 (w2 - w1^2)^2 + (1 - w1)^2 + 90 (w4 - w3^2)^2 + (1 - w3)^2
 *   + 10 (w2 + w4 - 2)^2 + 0.1 (w2 - w4)^2.
 * --------------------------------------------------------------------------------- */

static int woods_element(const hesse__tp_params *p, int e, const double *x, element *el)
{
    static const double sum[2] = {1.0, 1.0}, diff[2] = {1.0, -1.0};
    int base = 4 * (e / 6);
    int idx[2];
    switch (e % 6) {
    case 0:
        idx[0] = base, idx[1] = base + 1;
        element_start(el, 2, idx);
        add_rosenbrock(el, x, 100.0);
        break;
    case 1:
        idx[0] = base;
        element_start(el, 1, idx);
        add_square_minus_one(el, x, 0);
        break;
    case 2:
        idx[0] = base + 2, idx[1] = base + 3;
        element_start(el, 2, idx);
        add_rosenbrock(el, x, 90.0);
        break;
    case 3:
        idx[0] = base + 2;
        element_start(el, 1, idx);
        add_square_minus_one(el, x, 0);
        break;
    case 4:
        idx[0] = base + 1, idx[1] = base + 3;
        element_start(el, 2, idx);
        add_linear_power(el, x, sum, -2.0, 10.0, 2);
        break;
    default:
        idx[0] = base + 1, idx[1] = base + 3;
        element_start(el, 2, idx);
        add_linear_power(el, x, diff, 0.0, 0.1, 2);
        break;
    }
    return 0;
}
ELEMENT_CALLBACKS(woods, 0.0)

static int woods_setup(int n, hesse__tp_params *p, double *x0, double *xstar, double *fstar,
                       const char **fstar_source)
{
    p->m = 6 * (n / 4);
    for (int i = 0; i < n; i++) x0[i] = i % 2 == 0 ? -3.0 : -1.0;
    fill(xstar, n, 1.0);
    *fstar = 0.0;
    *fstar_source = "MGH 1981 problem 14; SIF SOLTN 0.0 (x = 1, all n)";
    return 1;
}

/* ---------------------------------------------------------------------------------
 * The table
 * --------------------------------------------------------------------------------- */

#define CUTEST_ENTRY(NAME, lower, CLASS, SIZES, SOURCE, DEFAULT_N, ACCEPTS)               \
    {                                                                                      \
        .name = NAME, .family = "cutest", .classification = CLASS, .sizes = SIZES,         \
        .source = SOURCE, .default_n = DEFAULT_N, .accepts = ACCEPTS,                      \
        .setup = lower##_setup, .objective = lower##_objective,                            \
        .hessian = lower##_hessian, .hessvec = lower##_hessvec                             \
    }

const struct hesse_testproblem hesse__cutest_b_problems[] = {
    CUTEST_ENTRY("GENHUMPS", genhumps, "OUR2-AN-V-0", "n >= 2",
                 "CUTEst GENHUMPS.SIF (Toint 1997), ZETA = 20; x0 = (-506, -506.2, ...)",
                 5000, accepts_ge2),
    CUTEST_ENTRY("GENROSE", genrose, "SUR2-AN-V-0", "n >= 2",
                 "CUTEst GENROSE.SIF (Nash 1984, problem 5); x0_i = i/(n+1)", 500,
                 accepts_ge2),
    CUTEST_ENTRY("LIARWHD", liarwhd, "SUR2-AN-V-0", "n >= 2",
                 "CUTEst LIARWHD.SIF (Li 1990); x0 = 4", 5000, accepts_ge2),
    CUTEST_ENTRY("MOREBV", morebv, "SUR2-MN-V-0", "n >= 2",
                 "CUTEst MOREBV.SIF = MGH 1981 problem 28; x0_i = t_i (t_i - 1), t_i = i/(n+1)",
                 5000, accepts_ge2),
    CUTEST_ENTRY("NONCVXU2", noncvxu2, "OUR2-AN-V-0", "n >= 1",
                 "CUTEst NONCVXU2.SIF (Gould 1996); x0_i = i", 5000, accepts_ge1),
    CUTEST_ENTRY("NONDIA", nondia, "SUR2-AN-V-0", "n >= 2",
                 "CUTEst NONDIA.SIF (Shanno 1978); x0 = -1", 5000, accepts_ge2),
    CUTEST_ENTRY("NONDQUAR", nondquar, "OUR2-AN-V-0", "n >= 3",
                 "CUTEst NONDQUAR.SIF (Conn, Gould, Lescrenier, Toint 1988, problem 57); "
                 "x0 = (1, -1, 1, ...)",
                 5000, accepts_ge3),
    CUTEST_ENTRY("PENALTY1", penalty1, "SUR2-AN-V-0", "n >= 1",
                 "CUTEst PENALTY1.SIF = MGH 1981 problem 23 (a = 1e-5); x0_i = i", 1000,
                 accepts_ge1),
    CUTEST_ENTRY("POWELLSG", powellsg, "OUR2-AN-V-0", "n >= 4, multiple of 4",
                 "CUTEst POWELLSG.SIF = MGH 1981 problem 13; x0 = (3, -1, 0, 1, ...)", 5000,
                 accepts_mult4),
    CUTEST_ENTRY("POWER", power, "OUR2-AN-V-0", "n >= 1",
                 "CUTEst POWER.SIF (Oren 1974); x0 = 1", 10000, accepts_ge1),
    CUTEST_ENTRY("QUARTC", quartc, "OUR2-AN-V-0", "n >= 1",
                 "CUTEst QUARTC.SIF (Buckley 1989, problem 157); x0 = 2", 5000, accepts_ge1),
    CUTEST_ENTRY("SCHMVETT", schmvett, "OUR2-AY-V-0", "n >= 3",
                 "CUTEst SCHMVETT.SIF (Schmidt & Vetters 1970), P = 3.14159265 as in the SIF; "
                 "x0 = 0.5 (OptimizationProblems.jl uses 3)",
                 5000, accepts_ge3),
    CUTEST_ENTRY("SINQUAD", sinquad, "OUR2-AY-V-0", "n >= 2",
                 "CUTEst SINQUAD.SIF (Gould 1989) as decoded: middle groups linear "
                 "(SINQUAD2 squares them); x0 = 0.1",
                 5000, accepts_ge2),
    CUTEST_ENTRY("SPARSQUR", sparsqur, "OUR2-AN-V-0", "n >= 1",
                 "CUTEst SPARSQUR.SIF (Gould 1995); x0 = 0.5", 10000, accepts_ge1),
    CUTEST_ENTRY("SROSENBR", srosenbr, "SUR2-AN-V-0", "n >= 2, even",
                 "CUTEst SROSENBR.SIF = MGH 1981 problem 21; the SIF's default start "
                 "(1.2, 1, 1.2, 1, ...); SROSENBR2 starts at (-1.2, 1, ...)",
                 5000, accepts_even),
    {.name = "SROSENBR2", .family = "cutest", .classification = "SUR2-AN-V-0",
     .sizes = "n >= 2, even",
     .source = "CUTEst SROSENBR.SIF = MGH 1981 problem 21 from the SIF's second start "
               "SROSENBR2 (-1.2, 1, -1.2, 1, ...), MGH81's",
     .default_n = 5000, .accepts = accepts_even, .setup = srosenbr2_setup,
     .objective = srosenbr_objective, .hessian = srosenbr_hessian,
     .hessvec = srosenbr_hessvec},
    CUTEST_ENTRY("TOINTGSS", tointgss, "OUR2-AY-V-0", "n >= 3",
                 "CUTEst TOINTGSS.SIF (Toint 1983, problem 21), c = 10/(n-2); x0 = 3", 5000,
                 accepts_ge3),
    CUTEST_ENTRY("TQUARTIC", tquartic, "SUR2-AN-V-0", "n >= 2",
                 "CUTEst TQUARTIC.SIF (Toint 1989); x0 = 0.1", 5000, accepts_ge2),
    CUTEST_ENTRY("TRIDIA", tridia, "QUR2-AN-V-0", "n >= 2",
                 "CUTEst TRIDIA.SIF (Toint 1983, problem 8; Buckley #40); x0 = 1; default n "
                 "is the SIF's original N = 30",
                 30, accepts_ge2),
    CUTEST_ENTRY("VARDIM", vardim, "OUR2-AN-V-0", "n >= 1",
                 "CUTEst VARDIM.SIF = MGH 1981 problem 25; x0_i = 1 - i/n", 200, accepts_ge1),
    CUTEST_ENTRY("VAREIGVL", vareigvl, "OUR2-AN-V-0", "n = N + 1 >= 13 (N >= 2M, M = 6)",
                 "CUTEst VAREIGVL.SIF (Auchmuty; More 1989, problem 1), M = 6, q = 1.5; "
                 "x0 = (1, ..., 1, mu = 0)",
                 5000, vareigvl_accepts),
    CUTEST_ENTRY("WOODS", woods, "SUR2-AN-V-0", "n >= 4, multiple of 4",
                 "CUTEst WOODS.SIF = MGH 1981 problem 14; x0 = (-3, -1, -3, -1, ...)", 4000,
                 accepts_mult4),
};

const int hesse__cutest_b_count =
    (int)(sizeof hesse__cutest_b_problems / sizeof hesse__cutest_b_problems[0]);
