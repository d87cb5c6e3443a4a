/*
 * hesse_jacobian (hesse.h, analysis section) on callbacks: the Jacobian against the
 * derivatives taken by hand, by differences within their error, the determinant of
 * square ones with its sign, and the errors.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "hesse.h"

/* F(x, y) = (x y, x - y, exp(x)): J = [[y, x], [1, -1], [exp(x), 0]]. Refuses x > 5. */
static int three_by_two(int n, int m, const double *x, double *F, double *J, void *data)
{
    (void)data;
    if (n != 2 || m != 3) return -1;
    if (x[0] > 5) return 1;
    F[0] = x[0] * x[1];
    F[1] = x[0] - x[1];
    F[2] = exp(x[0]);
    if (J) {
        J[0] = x[1], J[1] = 1, J[2] = exp(x[0]);   /* column 0 */
        J[3] = x[0], J[4] = -1, J[5] = 0;          /* column 1 */
    }
    return 0;
}

/* The reflection (x, y) -> (y, x): det J = -1. */
static int swap(int n, int m, const double *x, double *F, double *J, void *data)
{
    (void)data;
    F[0] = x[1];
    F[1] = x[0];
    if (J) J[0] = 0, J[1] = 1, J[2] = 1, J[3] = 0;
    return n == 2 && m == 2 ? 0 : -1;
}

Test(jacobian, rectangular_exact_and_by_differences)
{
    hesse_vector_function vf = {2, 3, three_by_two, 1, NULL};
    double x[2] = {0.5, 2.0};
    const double want[6] = {2.0, 1.0, exp(0.5), 0.5, -1.0, 0.0};
    hesse_jacobian_report rep;
    cr_assert_eq(hesse_jacobian(&vf, 2, x, NULL, &rep), HESSE_SUCCESS, "%s", rep.message);
    cr_expect(rep.exact);
    cr_expect_eq(rep.m, 3);
    for (int k = 0; k < 6; k++) cr_expect_eq(rep.jacobian[k], want[k], "J[%d]", k);
    cr_expect(isnan(rep.det), "no determinant for 3 x 2");
    cr_expect_eq(rep.F[0], 1.0);
    hesse_jacobian_report_clear(&rep);
    vf.has_jacobian = 0;
    cr_assert_eq(hesse_jacobian(&vf, 2, x, NULL, &rep), HESSE_SUCCESS, "%s", rep.message);
    cr_expect(!rep.exact);
    /* central differences with h = eps^(1/3) max(1, |x|): error ~ h² |F'''| + eps/h */
    for (int k = 0; k < 6; k++) cr_expect(fabs(rep.jacobian[k] - want[k]) <= 1e-9, "J[%d] = %.17g", k, rep.jacobian[k]);
    hesse_jacobian_report_clear(&rep);
}

Test(jacobian, one_sided_difference_at_the_edge_of_the_domain)
{
    /* at x = 5 the step x + h is refused: the backward difference is used */
    hesse_vector_function vf = {2, 3, three_by_two, 0, NULL};
    double x[2] = {5.0, 1.0};
    hesse_jacobian_report rep;
    cr_assert_eq(hesse_jacobian(&vf, 2, x, NULL, &rep), HESSE_SUCCESS, "%s", rep.message);
    /* one-sided: error ~ h |F''| / 2 with h = 3.0e-5 */
    cr_expect(fabs(rep.jacobian[2] - exp(5.0)) <= 1e-4 * exp(5.0), "d exp/dx = %.17g", rep.jacobian[2]);
    hesse_jacobian_report_clear(&rep);
}

Test(jacobian, determinant_and_its_sign)
{
    hesse_vector_function vf = {2, 2, swap, 1, NULL};
    hesse_jacobian_report rep;
    cr_assert_eq(hesse_jacobian(&vf, 2, (double[]){1, 2}, NULL, &rep), HESSE_SUCCESS);
    cr_expect_eq(rep.det, -1.0);
    cr_expect_eq(rep.det_sign, -1);
    cr_expect_eq(rep.log_abs_det, 0.0);
    cr_expect_eq(rep.rcond, 1.0);
    hesse_jacobian_report_clear(&rep);
}

Test(jacobian, errors)
{
    hesse_vector_function vf = {2, 3, three_by_two, 1, NULL};
    hesse_jacobian_report rep;
    double x[2] = {0, 0};
    cr_expect_eq(hesse_jacobian(NULL, 2, x, NULL, &rep), HESSE_EINVAL);
    cr_expect_eq(hesse_jacobian(&vf, 3, x, NULL, &rep), HESSE_EINVAL);
    cr_expect(strstr(rep.message, "3 values") != NULL, "%s", rep.message);
    cr_expect_eq(hesse_jacobian(&vf, 2, NULL, NULL, &rep), HESSE_EINVAL);
    cr_expect_eq(hesse_jacobian(&vf, 2, (double[]){NAN, 0}, NULL, &rep), HESSE_EINVAL);
    vf.has_jacobian = 2;
    cr_expect_eq(hesse_jacobian(&vf, 2, x, NULL, &rep), HESSE_EINVAL);
    vf.has_jacobian = 1;
    vf.m = 0;
    cr_expect_eq(hesse_jacobian(&vf, 2, x, NULL, &rep), HESSE_EINVAL);
    vf.m = 3;
    cr_expect_eq(hesse_jacobian(&vf, 2, (double[]){6, 0}, NULL, &rep), HESSE_EDOMAIN);
    hesse_jacobian_report_clear(&rep);
    vf.n = 1; /* the callback aborts on a size it does not know */
    cr_expect_eq(hesse_jacobian(&vf, 1, x, NULL, &rep), HESSE_ECALLBACK);
    hesse_jacobian_report_clear(&rep);
    hesse_jacobian_report_clear(NULL);
}
