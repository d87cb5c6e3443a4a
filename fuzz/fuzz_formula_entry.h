/*
 * One fuzzing step for the formula library, shared by the libFuzzer target
 * (fuzz/fuzz_formula.c) and the regression test (tests/test_formula.c), so that an
 * input that once crashed is replayed through exactly the same code.
 *
 * Input: bytes up to the first NUL; the part before the first '\n' is the formula,
 * the part after it, if any, the variable list. The step parses with a small node
 * budget (so a single input stays fast), then checks invariants:
 *   1. printing obeys the snprintf contract (same length with and without a buffer,
 *      a truncated print is a prefix of the full text);
 *   2. print -> parse -> print gives the same text for f, its gradient and Hessian;
 *   3. at a few points, f computed alone equals f computed with the gradient, every
 *      value returned with status 0 is finite, the Hessian is symmetric, and H·v from
 *      the hessvec program matches the Hessian program.
 * Returns 0 when every invariant holds, else the number of the one that failed.
 */
#ifndef HESSE_FUZZ_FORMULA_ENTRY_H
#define HESSE_FUZZ_FORMULA_ENTRY_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formula/formula_internal.h"
#include "hesse.h"

#define HESSE_FUZZ_MAX_NODES 20000
#define HESSE_FUZZ_MAX_VARS 8
#define HESSE_FUZZ_MAX_TEXT 20000 /* longest printed text written out and re-parsed */ /* evaluation checks only for small n */

static int hesse_fuzz_print_ok(size_t (*print)(const hesse_formula *, int, int, char *,
                                               size_t),
                               const hesse_formula *f, int i, int j, char **full)
{
    size_t n = print(f, i, j, NULL, 0);
    *full = NULL;
    if (n > HESSE_FUZZ_MAX_TEXT) {
        /* too long to write out and re-parse at fuzzing speed: check a prefix only */
        char small[8];
        return print(f, i, j, small, sizeof small) == n && strlen(small) == sizeof small - 1;
    }
    *full = malloc(n + 1);
    if (!*full)
        return 1; /* no memory: nothing to check */
    if (print(f, i, j, *full, n + 1) != n || strlen(*full) != n)
        return 0;
    char small[8];
    if (print(f, i, j, small, sizeof small) != n)
        return 0;
    size_t k = n < sizeof small - 1 ? n : sizeof small - 1;
    return strlen(small) == k && memcmp(small, *full, k) == 0;
}

static size_t hesse_fuzz_print_f(const hesse_formula *f, int i, int j, char *b, size_t s)
{
    (void)i;
    (void)j;
    return hesse_formula_print(f, b, s);
}

static size_t hesse_fuzz_print_g(const hesse_formula *f, int i, int j, char *b, size_t s)
{
    (void)j;
    return hesse_formula_print_gradient(f, i, b, s);
}

static int hesse_fuzz_formula_one(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *vars = strchr(text, '\n');
    if (vars)
        *vars++ = '\0';
    int failed = 0;
    hesse_formula *f = NULL, *g = NULL;
    char *names = NULL;
    hesse_formula_error err;
    if (hesse__formula_parse_limited(text, vars, HESSE_FUZZ_MAX_NODES, NULL, &f, &err) !=
        HESSE_SUCCESS) {
        if (err.column < -1 || err.column > (int)strlen(text) ||
            strlen(err.reason) == 0)
            failed = 1;
        goto done;
    }
    int n = hesse_formula_nvars(f);
    /* the variable list to re-parse with: same names, same order */
    size_t len = 1;
    for (int i = 0; i < n; i++)
        len += strlen(hesse_formula_var(f, i)) + 1;
    names = malloc(len);
    if (!names)
        goto done;
    names[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (i > 0)
            strcat(names, ",");
        strcat(names, hesse_formula_var(f, i));
    }
    /* 1 and 2: printing and the round trip */
    char *p1 = NULL;
    if (!hesse_fuzz_print_ok(hesse_fuzz_print_f, f, 0, 0, &p1)) {
        failed = 1;
    } else if (p1 && hesse__formula_parse_limited(p1, n > 0 ? names : NULL,
                                                  HESSE_FUZZ_MAX_NODES, NULL, &g, &err) ==
                         HESSE_SUCCESS) {
        /* entry k: -1 = f, 0..n-1 = gradient, then the Hessian's upper triangle */
        for (int i = -1; i < n && !failed; i++) {
            for (int j = i < 0 ? 0 : i - 1; j < n && !failed; j++) {
                char *a = NULL, *b = NULL;
                int ok;
                if (i < 0)
                    ok = hesse_fuzz_print_ok(hesse_fuzz_print_f, f, 0, 0, &a) &&
                         hesse_fuzz_print_ok(hesse_fuzz_print_f, g, 0, 0, &b);
                else if (j == i - 1)
                    ok = hesse_fuzz_print_ok(hesse_fuzz_print_g, f, i, 0, &a) &&
                         hesse_fuzz_print_ok(hesse_fuzz_print_g, g, i, 0, &b);
                else
                    ok = hesse_fuzz_print_ok(hesse_formula_print_hessian, f, i, j, &a) &&
                         hesse_fuzz_print_ok(hesse_formula_print_hessian, g, i, j, &b);
                if (!ok)
                    failed = 1;
                else if (a && b && strcmp(a, b) != 0)
                    failed = 2;
                free(a);
                free(b);
                if (i < 0)
                    break;
            }
        }
    } else if (p1 && err.column >= 0) {
        failed = 2; /* printed text that does not parse */
    }
    free(p1);
    /* 3: evaluation */
    if (!failed && n >= 1 && n <= HESSE_FUZZ_MAX_VARS) {
        hesse_problem pb;
        if (hesse_formula_problem(f, &pb) != HESSE_SUCCESS) {
            failed = 3;
            goto done;
        }
        static const double points[4] = {0.7, -1.3, 2.0, 0.0};
        double x[HESSE_FUZZ_MAX_VARS], grad[HESSE_FUZZ_MAX_VARS], v[HESSE_FUZZ_MAX_VARS];
        double hv[HESSE_FUZZ_MAX_VARS], hv2[HESSE_FUZZ_MAX_VARS];
        double H[HESSE_FUZZ_MAX_VARS * HESSE_FUZZ_MAX_VARS];
        for (int k = 0; k < 4 && !failed; k++) {
            for (int i = 0; i < n; i++) {
                x[i] = points[(k + i) % 4] + 0.1 * i;
                v[i] = 1.0 - 0.5 * i;
            }
            double f0, f1;
            int r0 = pb.objective(n, x, &f0, NULL, pb.data);
            int r1 = pb.objective(n, x, &f1, grad, pb.data);
            if (r0 < 0 || r1 < 0 || (r0 == 0 && !isfinite(f0))) {
                failed = 3;
                break;
            }
            if (r0 == 0 && r1 == 0) {
                if (memcmp(&f0, &f1, sizeof f0) != 0)
                    failed = 3;
                for (int i = 0; i < n; i++)
                    if (!isfinite(grad[i]))
                        failed = 3;
            }
            if (pb.hessian(n, x, H, pb.data) == 0) {
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                        if (!isfinite(H[i + j * n]) ||
                            memcmp(&H[i + j * n], &H[j + i * n], sizeof(double)) != 0)
                            failed = 3;
                if (!failed && pb.hessvec(n, x, v, hv, pb.data) == 0) {
                    for (int i = 0; i < n; i++) {
                        hv2[i] = 0;
                        for (int j = 0; j < n; j++)
                            hv2[i] += H[i + j * n] * v[j];
                        /* same products, summed in another order: rounding only */
                        if (!(fabs(hv[i] - hv2[i]) <= 1e-12 * (1 + fabs(hv2[i])) * n * 4 ||
                              !isfinite(hv2[i])))
                            failed = 3;
                    }
                }
            }
        }
    }
done:
    hesse_formula_free(f);
    hesse_formula_free(g);
    free(names);
    free(text);
    return failed;
}

#endif
