/*
 * hesse lagrange — extrema of f subject to equality constraints g_k(x) = 0, all typed
 * as formulas: the Lagrangian L = f + Σ λ_k g_k, its critical points (Newton's method
 * on ∇L = 0 in (x, λ) from --x0, or from sample starts in a --box), and at each the
 * bordered Hessian, its last n - m leading minors with their signs, the reduced
 * Hessian, and the verdict (hesse_constrained_classify; the sign rule is in hesse.h).
 * Also the constrained target of hesse minimize F --subject-to G.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define DEFAULT_BOX 10.0 /* the box searched when neither --x0 nor --box is given */
#define DEFAULT_STARTS 64
#define NOISE 1e-12      /* relative size of rounding noise the table shows as 0 */
#define SAME 1e-6        /* two critical points are one when this close, relative to the box */
#define KKT_RTOL 1e-8    /* a KKT point's residuals relative to their terms (kkt_from) */

/* Callbacks of the constrained problem over the vector formula "f, g1, ..., gm". */
static int status_code(hesse_status st)
{
    return st == HESSE_SUCCESS ? 0 : st == HESSE_EDOMAIN ? 1 : -1;
}

static int c_objective(int n, const double *x, double *f, double *grad, void *data)
{
    const cli_constrained *c = data;
    if (n != c->n) return -1;
    return status_code(hesse_formula_eval(hesse_formula_vector_component(c->v, 0), x, f, grad, NULL));
}

static int c_hessian(int n, const double *x, double *H, void *data)
{
    const cli_constrained *c = data;
    double f;
    if (n != c->n) return -1;
    return status_code(hesse_formula_eval(hesse_formula_vector_component(c->v, 0), x, &f, NULL, H));
}

static int c_constraints(int n, int m, const double *x, double *g, double *jac, void *data)
{
    const cli_constrained *c = data;
    if (n != c->n || m != c->m) return -1;
    double row[64];
    double *r = n <= 64 ? row : malloc((size_t)n * sizeof *r);
    if (!r) return -1;
    int rc = 0;
    for (int i = 0; i < m && rc == 0; i++) {
        rc = status_code(hesse_formula_eval(hesse_formula_vector_component(c->v, i + 1), x, &g[i], jac ? r : NULL, NULL));
        for (int j = 0; jac && rc == 0 && j < n; j++) jac[i + (size_t)j * m] = r[j];
    }
    if (r != row) free(r);
    return rc;
}

static int c_constraint_hessian(int n, int i, const double *x, double *H, void *data)
{
    const cli_constrained *c = data;
    double g;
    if (n != c->n || i < 0 || i >= c->m) return -1;
    return status_code(hesse_formula_eval(hesse_formula_vector_component(c->v, i + 1), x, &g, NULL, H));
}

int cli_constrained_open(const cli_args *a, cli_constrained *c)
{
    memset(c, 0, sizeof *c);
    if (a->nconstraints < 1) return cli_usage_error("--subject-to g is required");
    if (a->n) return cli_usage_error("--n applies to problems; a constrained problem is typed as formulas");
    /* "f, g1, ..., gm": one vector formula, so that all share the variables */
    size_t len = strlen(a->operand) + 1;
    for (int k = 0; k < a->nconstraints; k++) len += strlen(a->subject_to[k]) + 2;
    if (!(c->text = malloc(len))) return cli_error("out of memory");
    strcpy(c->text, a->operand);
    for (int k = 0; k < a->nconstraints; k++) {
        strcat(c->text, ", ");
        strcat(c->text, a->subject_to[k]);
    }
    hesse_formula_error err;
    hesse_status st = hesse_formula_vector_parse(c->text, a->vars, &c->v, &err);
    if (st != HESSE_SUCCESS) {
        if (st == HESSE_ENOMEM) {
            cli_constrained_close(c);
            return cli_error("out of memory");
        }
        /* the caret is under the list "f, g1, ..., gm" as parsed */
        fprintf(stderr, "%s\n", c->text);
        if (err.column >= 0) fprintf(stderr, "%*s^\n", err.column, "");
        fprintf(stderr, "hesse: formula: %s (in f and the constraints, written as one list)\n", err.reason);
        cli_constrained_close(c);
        return CLI_EXIT_USAGE;
    }
    c->n = hesse_formula_vector_nvars(c->v);
    c->m = hesse_formula_vector_size(c->v) - 1;
    if (c->m != a->nconstraints) {
        int m = c->m;
        cli_constrained_close(c);
        return cli_usage_error("f and each --subject-to must be one formula (found %d constraints in %d options: "
                               "a comma outside parentheses separates formulas)", m, a->nconstraints);
    }
    if (c->m >= c->n) {
        int m = c->m, n = c->n;
        cli_constrained_close(c);
        return cli_usage_error("%d constraint%s in %d variable%s: need fewer constraints than variables", m,
                               m == 1 ? "" : "s", n, n == 1 ? "" : "s");
    }
    if (!(c->vars = malloc((size_t)c->n * sizeof *c->vars))) {
        cli_constrained_close(c);
        return cli_error("out of memory");
    }
    for (int j = 0; j < c->n; j++) c->vars[j] = hesse_formula_vector_var(c->v, j);
    c->cp = (hesse_constrained_problem){.n = c->n, .m = c->m, .objective = c_objective, .hessian = c_hessian,
                                        .constraints = c_constraints, .constraint_hessian = c_constraint_hessian,
                                        .data = c};
    return 0;
}

void cli_constrained_close(cli_constrained *c)
{
    hesse_formula_vector_free(c->v);
    free(c->text);
    free((void *)c->vars);
    memset(c, 0, sizeof *c);
}

/* ---- the Lagrangian as a formula over (x, λ) ---- */

typedef struct {
    hesse_formula *L;  /* over n + m variables: x, then the multipliers */
    char *text;        /* L as typed: f + lambda1*(g1) + ... */
    char **names;      /* the multipliers' names */
    int n, m;
} lagrangian;

static void lagrangian_free(lagrangian *lg)
{
    hesse_formula_free(lg->L);
    free(lg->text);
    for (int k = 0; lg->names && k < lg->m; k++) free(lg->names[k]);
    free(lg->names);
    memset(lg, 0, sizeof *lg);
}

static int name_taken(const cli_constrained *c, const char *name)
{
    for (int j = 0; j < c->n; j++)
        if (!strcmp(c->vars[j], name)) return 1;
    return 0;
}

/* The multiplier names lambda1, lambda2, ..., with underscores in front while a
   variable has that name. */
static char *multiplier_name(const cli_constrained *c, int k)
{
    char name[64];
    snprintf(name, sizeof name, "lambda%d", k + 1);
    for (size_t len = strlen(name); name_taken(c, name) && len + 2 < sizeof name; len++) {
        memmove(name + 1, name, len + 1);
        name[0] = '_';
    }
    return strdup(name);
}

/* L = f + lambda1*(g1) + ... as text and as a formula over (x, lambda). Returns 0, or
   1 out of memory. */
static int lagrangian_build(const cli_constrained *c, lagrangian *lg)
{
    memset(lg, 0, sizeof *lg);
    lg->n = c->n;
    lg->m = c->m;
    if (!(lg->names = calloc((size_t)c->m, sizeof *lg->names))) return 1;
    char *parts[CLI_MAX_CONSTRAINTS + 1] = {NULL};
    size_t len = 1, vlen = 1;
    int failed = 0;
    for (int k = 0; k <= c->m; k++) {
        parts[k] = cli_formula_text(hesse_formula_vector_component(c->v, k), 0, -2);
        if (k > 0) lg->names[k - 1] = multiplier_name(c, k - 1);
        if (!parts[k] || (k > 0 && !lg->names[k - 1])) failed = 1;
        else len += strlen(parts[k]) + (k > 0 ? strlen(lg->names[k - 1]) + 8 : 0);
    }
    for (int j = 0; j < c->n; j++) vlen += strlen(c->vars[j]) + 1;
    for (int k = 0; !failed && k < c->m; k++) vlen += strlen(lg->names[k]) + 1;
    char *vars = failed ? NULL : malloc(vlen);
    if (vars && (lg->text = malloc(len))) {
        strcpy(lg->text, parts[0]);
        for (int k = 1; k <= c->m; k++)
            strcat(strcat(strcat(strcat(strcat(lg->text, " + "), lg->names[k - 1]), "*("), parts[k]), ")");
        vars[0] = '\0';
        for (int j = 0; j < c->n; j++) strcat(strcat(vars, j ? "," : ""), c->vars[j]);
        for (int k = 0; k < c->m; k++) strcat(strcat(vars, ","), lg->names[k]);
        failed = hesse_formula_parse(lg->text, vars, &lg->L, NULL) != HESSE_SUCCESS;
    } else {
        failed = 1;
    }
    free(vars);
    for (int k = 0; k <= c->m; k++) free(parts[k]);
    return failed;
}

/* ∇L(z) = 0 as a system for the roots solver: F = ∇L, J = ∇²L (the KKT matrix). */
/* The equations solved in scaled unknowns u, z = C u, and scaled rows: R ∇L(C u) = 0,
   Jacobian R ∇²L C. R and C equilibrate ∇²L at the start (rows, then columns, to a
   largest entry near 1, by powers of 2 so that scaling adds no rounding): the roots
   solver's singularity test is on the reciprocal condition number, which badly scaled
   rows or columns (f scaled by 1e8, or λ ~ 1e8 next to x ~ 10) would drive below its
   threshold although the system is regular. */
typedef struct {
    const lagrangian *lg;
    int N;
    double *R, *C, *z, *J; /* N each, and N*N for the unscaled Jacobian */
} kkt_scaled;

static double power_of_two_below(double v)
{
    int e;
    frexp(v, &e);
    return v > 0 && isfinite(v) ? ldexp(1.0, e - 1) : 1.0;
}

static int kkt_system(int N, const double *u, double *F, double *J, void *data)
{
    const kkt_scaled *k = data;
    double value;
    if (N != k->N) return -1;
    for (int j = 0; j < N; j++) k->z[j] = k->C[j] * u[j];
    int rc = status_code(hesse_formula_eval(k->lg->L, k->z, &value, F, J ? k->J : NULL));
    for (int i = 0; rc == 0 && i < N; i++) F[i] *= k->R[i];
    for (int j = 0; rc == 0 && J && j < N; j++)
        for (int i = 0; i < N; i++) J[i + (size_t)j * N] = k->R[i] * k->J[i + (size_t)j * N] * k->C[j];
    return rc;
}

/* R and C from ∇²L at z (see kkt_scaled); 0, or -1 when it cannot be evaluated. */
static int equilibrate(kkt_scaled *k, const double *z)
{
    int N = k->N;
    double value;
    if (status_code(hesse_formula_eval(k->lg->L, z, &value, k->z, k->J)) != 0) return -1;
    for (int i = 0; i < N; i++) {
        double big = 0;
        for (int j = 0; j < N; j++) big = fmax(big, fabs(k->J[i + (size_t)j * N]));
        k->R[i] = 1.0 / power_of_two_below(big);
    }
    for (int j = 0; j < N; j++) {
        double big = 0;
        for (int i = 0; i < N; i++) big = fmax(big, fabs(k->R[i] * k->J[i + (size_t)j * N]));
        k->C[j] = 1.0 / power_of_two_below(big);
    }
    return 0;
}

/* A KKT point from x0: the multipliers start at the least-squares estimate there (0
   where A(x0) is rank deficient), then Newton on ∇L = 0 until its steps stall at
   rounding level (no residual test: an absolute one would not hold for f and x
   scaled by 1e8 or 1e-8). Returns 1 and z (n + m values) when the point reached is
   a KKT point relative to the size of the terms that cancel there:
       |∂f/∂x_j + Σ_i λ_i ∂g_i/∂x_j| <= KKT_RTOL · max(|∂f/∂x_j|, max_i |λ_i ∂g_i/∂x_j|,
                                                       max|W| ‖x‖∞)
       |g_i(x)| <= KKT_RTOL · Σ_j |∂g_i/∂x_j x_j|
   (both sides scale alike with f and x; Newton leaves rounding-level residuals,
   about 1e-15 of those terms). */
static int kkt_from(const cli_constrained *c, const lagrangian *lg, const double *x0, double *z)
{
    int n = c->n, m = c->m;
    memcpy(z, x0, (size_t)n * sizeof *z);
    for (int k = 0; k < m; k++) z[n + k] = 0.0;
    hesse_constrained_report rep;
    if (hesse_constrained_classify(&c->cp, n, x0, NULL, NULL, &rep) == HESSE_SUCCESS)
        for (int k = 0; k < m; k++)
            if (isfinite(rep.lambda[k])) z[n + k] = rep.lambda[k];
    hesse_constrained_report_clear(&rep);
    int N = n + m;
    kkt_scaled k = {lg, N, malloc(4 * (size_t)N * sizeof(double)), NULL, NULL, malloc((size_t)N * N * sizeof(double))};
    if (!k.R || !k.J || equilibrate((k.C = k.R + N, k.z = k.C + N, &k), z) != 0) {
        free(k.R);
        free(k.J);
        return 0;
    }
    double *u = k.z + N;
    for (int j = 0; j < N; j++) u[j] = z[j] / k.C[j];
    hesse_system sys = {N, kkt_system, 1, &k};
    hesse_roots_options opt;
    hesse_roots_options_init(&opt);
    opt.ftol = 0.0;
    hesse_roots_result r;
    hesse_status st = hesse_roots_solve(&sys, u, &opt, &r);
    for (int j = 0; j < N; j++) z[j] = k.C[j] * u[j];
    free(k.R);
    free(k.J);
    if (st != HESSE_SMALL_STEP && st != HESSE_SUCCESS && st != HESSE_LINESEARCH_FAILED && st != HESSE_ESINGULAR)
        return 0;
    /* ∇L and ∇²L in (x, λ): ∇L is the residual (its last m entries are g(x)), ∇²L
       holds W = ∇²_xx L and A (the block ∂²L/∂x∂λ) */
    double value, *gl = malloc((size_t)N * sizeof *gl), *HL = malloc((size_t)N * N * sizeof *HL);
    int ok = gl && HL && hesse_formula_eval(lg->L, z, &value, gl, HL) == HESSE_SUCCESS;
    double zs = 0, ws = 0;
    for (int j = 0; ok && j < n; j++) {
        zs = fmax(zs, fabs(z[j]));
        for (int q = 0; q < n; q++) ws = fmax(ws, fabs(HL[j + (size_t)q * N]));
    }
    for (int j = 0; ok && j < n; j++) {
        /* ∂L/∂x_j = ∂f/∂x_j + Σ λ_i A_ij; W x is the size ∇f has near a stationary point */
        double fj = gl[j], scale = ws * zs;
        for (int i = 0; i < m; i++) {
            double term = z[n + i] * HL[j + (size_t)(n + i) * N];
            fj -= term;
            scale = fmax(scale, fabs(term));
        }
        ok = fabs(gl[j]) <= KKT_RTOL * fmax(scale, fabs(fj));
    }
    for (int i = 0; ok && i < m; i++) {
        double scale = 0;
        for (int j = 0; j < n; j++) scale += fabs(HL[j + (size_t)(n + i) * N] * z[j]);
        ok = fabs(gl[n + i]) <= KKT_RTOL * scale;
    }
    free(gl);
    free(HL);
    return ok;
}

/* Halton point k >= 1 (bases: the first primes) in the box. */
static void halton(int n, long k, const double *lo, const double *hi, double *x)
{
    static const int primes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53};
    for (int i = 0; i < n; i++) {
        int b = primes[i % 16];
        double f = 1.0, r = 0.0;
        for (long q = k; q > 0; q /= b) {
            f /= b;
            r += f * (double)(q % b);
        }
        x[i] = lo[i] + r * (hi[i] - lo[i]);
    }
}

static const char *kind_words(hesse_point_kind k)
{
    switch (k) {
    case HESSE_POINT_MINIMUM: return "constrained minimum";
    case HESSE_POINT_MAXIMUM: return "constrained maximum";
    case HESSE_POINT_SADDLE: return "neither (a saddle on the constraint set)";
    case HESSE_POINT_DEGENERATE: return "undecided (a minor is zero: second-order information cannot decide)";
    case HESSE_POINT_NOT_STATIONARY: return "not a critical point of the Lagrangian";
    default: return "unknown";
    }
}

/* The sign of a minor of order k of B, with a value below rtol · max(1, ‖B‖_F)^k shown as
   0 (about the zero rule hesse_constrained_classify applies to the factors). */
static char sign_char(double v, int k, double bnorm)
{
    if (fabs(v) <= 1e-8 * pow(fmax(1.0, bnorm), k)) return '0';
    return v > 0 ? '+' : '-';
}

/* The table shows a value below NOISE times the scale of its kind as 0: rounding
   noise of a zero coordinate, such as 1e-19 next to 3, says nothing. The scales follow
   the units: x from the largest coordinate, B's entries from the largest entry,
   λ ~ ∇f/∇g ~ W x / A, f ~ W x². JSON has the values as computed. */
static double shown(double v, double scale)
{
    return fabs(v) <= NOISE * scale ? 0.0 : v;
}

static void print_point(const cli_constrained *c, const lagrangian *lg, int index, const double *z,
                        const hesse_constrained_report *rep)
{
    int n = c->n, m = c->m, N = n + m;
    double zs = 0, ls = 0, as = 0, ws = 0;
    for (int j = 0; j < n; j++) zs = fmax(zs, fabs(z[j]));
    for (int k = 0; k < m; k++) ls = fmax(ls, fabs(rep->lambda[k]));
    for (int j = 0; j < n * m; j++) as = fmax(as, fabs(rep->jacobian[j]));
    for (int j = 0; j < n * n; j++) ws = fmax(ws, fabs(rep->lagrangian_hessian[j]));
    double bs = fmax(as, ws);
    if (as > 0) ls = fmax(ls, ws * zs / as);
    double fs = fmax(fabs(rep->f), ws * zs * zs);
    printf("\ncritical point %d: (", index);
    for (int j = 0; j < n; j++) printf("%s%s", j ? ", " : "", c->vars[j]);
    printf(") = (");
    for (int j = 0; j < n; j++) printf("%s%s", j ? ", " : "", cli_num("%.10g", shown(z[j], zs)).text);
    printf(")");
    for (int k = 0; k < m; k++) printf(", %s = %s", lg->names[k], cli_num("%.10g", shown(rep->lambda[k], ls)).text);
    printf("\n  f = %s, ||grad f + A^T lambda||_inf = %s, ||g||_inf = %s\n", cli_num("%.10g", shown(rep->f, fs)).text,
           cli_num("%.3g", rep->kkt_norm).text, cli_num("%.3g", rep->cnorm).text);
    printf("  bordered Hessian B = [[0, A], [A^T, W]] (A: Jacobian of the constraints, W: Hessian of L in x; "
           "variables in the order (");
    for (int j = 0; j < n; j++) printf("%s%s", j ? ", " : "", c->vars[rep->perm[j]]);
    printf(")):\n    [");
    for (int r = 0; r < N; r++) {
        printf(r ? ", [" : "[");
        for (int s = 0; s < N; s++) {
            double v;
            if (r < m && s < m) v = 0.0;
            else if (r < m) v = rep->jacobian[r + (size_t)rep->perm[s - m] * m];
            else if (s < m) v = rep->jacobian[s + (size_t)rep->perm[r - m] * m];
            else v = rep->lagrangian_hessian[rep->perm[r - m] + (size_t)rep->perm[s - m] * n];
            printf("%s%s", s ? ", " : "", cli_num("%.6g", shown(v, bs)).text);
        }
        printf("]");
    }
    double bnorm = 0;
    for (int j = 0; j < n * m; j++) bnorm += 2 * rep->jacobian[j] * rep->jacobian[j];
    for (int j = 0; j < n * n; j++) bnorm += rep->lagrangian_hessian[j] * rep->lagrangian_hessian[j];
    bnorm = sqrt(bnorm);
    printf("]\n  last n - m = %d leading minors (orders %d..%d):", n - m, 2 * m + 1, m + n);
    for (int k = 0; k < n - m; k++)
        printf(" det B%d = %s (%c)", 2 * m + 1 + k,
               cli_num("%.6g", rep->bordered_minors[k]).text,
               sign_char(rep->bordered_minors[k], 2 * m + 1 + k, bnorm));
    printf("\n  rule: minimum when every sign is (-1)^m = %c; maximum when det B(m+p) has sign (-1)^p, p = %d..%d:",
           m % 2 ? '-' : '+', m + 1, n);
    for (int p = m + 1; p <= n; p++) printf(" %c", p % 2 ? '-' : '+');
    printf("\n  bordered test: %s\n", kind_words(rep->kind_bordered));
    printf("  reduced Hessian Z^T W Z (Z: a basis of the tangent space A d = 0): eigenvalues ");
    cli_print_vector(stdout, n - m, rep->reduced_eigenvalues, "%.6g");
    printf(" -> %s\n", kind_words(rep->kind_reduced));
    printf("  verdict: %s%s\n", kind_words(rep->kind), rep->consistent ? "" : " (the two tests DISAGREE)");
}

static void put_point(cli_writer *w, const cli_constrained *c, const double *z, const hesse_constrained_report *rep)
{
    int n = c->n, m = c->m;
    cli_begin_object(w, NULL);
    cli_put_vector(w, "x", n, z);
    cli_put_vector(w, "lambda", m, rep->lambda);
    cli_put_number(w, "f", rep->f, "%.17g");
    cli_put_number(w, "kkt_norm", rep->kkt_norm, "%.17g");
    cli_put_number(w, "cnorm", rep->cnorm, "%.17g");
    cli_put_rect(w, "jacobian", m, n, rep->jacobian);
    cli_put_matrix(w, "lagrangian_hessian", n, rep->lagrangian_hessian);
    cli_begin_array(w, "perm");
    for (int j = 0; j < n; j++) cli_put_int(w, NULL, rep->perm[j]);
    cli_end_array(w);
    cli_put_vector(w, "bordered_minors", n - m, rep->bordered_minors);
    cli_put_vector(w, "reduced_eigenvalues", n - m, rep->reduced_eigenvalues);
    cli_put_string(w, "bordered", hesse_point_kind_name(rep->kind_bordered));
    cli_put_string(w, "reduced", hesse_point_kind_name(rep->kind_reduced));
    cli_put_string(w, "verdict", hesse_point_kind_name(rep->kind));
    cli_end_object(w);
}

typedef struct {
    double *z;  /* n + m */
    double f;
} found;

static int by_f(const void *a, const void *b)
{
    const found *p = a, *q = b;
    return p->f < q->f ? -1 : p->f > q->f;
}

int cmd_lagrange(const cli_args *a)
{
    cli_constrained c;
    int rc = cli_constrained_open(a, &c);
    if (rc) return rc;
    int n = c.n, m = c.m, N = n + m;
    lagrangian lg;
    found *pts = NULL;
    int count = 0, nstarts = a->x0 ? 1 : a->starts ? a->starts : DEFAULT_STARTS;
    double *x0 = malloc((size_t)n * sizeof *x0), *lo = malloc((size_t)n * sizeof *lo),
           *hi = malloc((size_t)n * sizeof *hi), *z = malloc((size_t)N * sizeof *z);
    if (lagrangian_build(&c, &lg) || !x0 || !lo || !hi || !z || !(pts = calloc((size_t)nstarts, sizeof *pts))) {
        rc = cli_error("out of memory");
        goto done;
    }
    if (a->x0) rc = cli_parse_point("--x0", a->x0, n, x0);
    else if (a->box) rc = cli_parse_box("--box", a->box, n, lo, hi);
    else
        for (int j = 0; j < n; j++) lo[j] = -DEFAULT_BOX, hi[j] = DEFAULT_BOX;
    if (rc) goto done;
    for (long k = 1; k <= nstarts; k++) {
        if (!a->x0) halton(n, k, lo, hi, x0);
        if (!kkt_from(&c, &lg, x0, z)) continue;
        int inside = 1;
        for (int j = 0; !a->x0 && j < n; j++)
            inside = inside && z[j] >= lo[j] - SAME * (hi[j] - lo[j]) && z[j] <= hi[j] + SAME * (hi[j] - lo[j]);
        if (!inside) continue;
        int same = 0;
        for (int q = 0; q < count && !same; q++) {
            same = 1; /* within SAME of the box's width in every coordinate */
            for (int j = 0; j < n; j++) same = same && fabs(z[j] - pts[q].z[j]) <= SAME * (hi[j] - lo[j]);
        }
        if (same) continue;
        if (!(pts[count].z = malloc((size_t)N * sizeof *z))) {
            rc = cli_error("out of memory");
            goto done;
        }
        memcpy(pts[count].z, z, (size_t)N * sizeof *z);
        c_objective(n, z, &pts[count].f, NULL, &c);
        count++;
    }
    qsort(pts, (size_t)count, sizeof *pts, by_f);
    cli_writer w;
    cli_writer_init(&w, stdout, a->format);
    cli_begin_object(&w, NULL);
    cli_put_string(&w, "f", a->operand);
    cli_put_strings(&w, "constraints", m, a->subject_to);
    cli_put_strings(&w, "variables", n, c.vars);
    cli_put_strings(&w, "multipliers", m, (const char *const *)lg.names);
    cli_put_string(&w, "lagrangian", lg.text);
    if (a->format == FORMAT_TABLE) {
        char *ft = cli_formula_text(hesse_formula_vector_component(c.v, 0), 0, -2);
        printf("f");
        cli_print_names(stdout, n, c.vars);
        printf(" = %s\nsubject to ", ft ? ft : "");
        free(ft);
        for (int k = 0; k < m; k++) {
            char *g = cli_formula_text(hesse_formula_vector_component(c.v, k + 1), 0, -2);
            printf("%s%s = 0", k ? ", " : "", g ? g : "");
            free(g);
        }
        printf("\nLagrangian L = %s\ncritical points of L: grad L = 0 in (", lg.text);
        for (int j = 0; j < N; j++) printf("%s%s", j ? ", " : "", hesse_formula_var(lg.L, j));
        printf(")\n");
        for (int j = 0; j < N; j++) {
            char *d = cli_formula_text(lg.L, j, -1);
            printf("  dL/d%s = %s = 0\n", hesse_formula_var(lg.L, j), d ? d : "");
            free(d);
        }
        if (a->x0) {
            printf("start ");
            cli_print_named_point(stdout, n, c.vars, x0, "%.10g");
            printf(" (multipliers: their least-squares estimate there)\n");
        } else {
            printf("searched: %d starts in ", nstarts);
            for (int j = 0; j < n; j++)
                printf("%s%s in [%s, %s]", j ? ", " : "", c.vars[j], cli_num("%g", lo[j]).text, cli_num("%g", hi[j]).text);
            printf("\n");
        }
        printf("found %d critical point%s\n", count, count == 1 ? "" : "s");
    }
    cli_begin_array(&w, "points");
    for (int q = 0; q < count; q++) {
        hesse_constrained_report rep;
        hesse_status st = hesse_constrained_classify(&c.cp, n, pts[q].z, pts[q].z + n, NULL, &rep);
        if (st != HESSE_SUCCESS) {
            if (a->format == FORMAT_TABLE) printf("\ncritical point %d: %s: %s\n", q + 1, hesse_status_name(st), rep.message);
        } else if (a->format == FORMAT_TABLE) {
            print_point(&c, &lg, q + 1, pts[q].z, &rep);
        } else {
            put_point(&w, &c, pts[q].z, &rep);
        }
        hesse_constrained_report_clear(&rep);
    }
    cli_end_array(&w);
    cli_end_object(&w);
    rc = cli_writer_end(&w);
    if (!rc && count == 0) rc = cli_error("no critical point of the Lagrangian found%s", a->x0 ? " from --x0" : " in the box");
done:
    for (int q = 0; pts && q < count; q++) free(pts[q].z);
    free(pts);
    free(x0);
    free(lo);
    free(hi);
    free(z);
    lagrangian_free(&lg);
    cli_constrained_close(&c);
    return rc;
}
