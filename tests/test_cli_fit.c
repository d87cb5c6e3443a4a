/*
 * hesse fit: the certified values of the NIST StRD nonlinear regressions reproduced
 * from a CSV file and the typed model, both starts of all 27 datasets (the CSV files
 * are written here from the NIST data, into the build directory's scratch); the plot;
 * a minimization method on the same fit; and the usage errors of the command.
 * The NIST data are read from ../shared/reference/nist-strd next to the source tree;
 * the tests that need them skip, with the reason, when it is absent.
 */
#include <float.h>
#include <math.h>

#include "nist.h"
#include "test_cli.h"

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void require_data(void)
{
    char reason[1200];
    if (!nist_available(nist_data_dir(), reason, sizeof reason))
        cr_skip("NIST StRD data not available: %s", reason);
}

/* The dataset as CSV: the response column "y" (the transformed response g(y), e.g.
   Nelson's log(y), printed to 17 digits) and the predictors under their NIST names. */
static void write_csv(const nist_dataset *d, const char *path)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fprintf(f, "y");
    for (int c = 0; c < d->npred; c++) fprintf(f, ",%s", d->pred_names[c]);
    fprintf(f, "\n");
    for (int i = 0; i < d->m; i++) {
        fprintf(f, "%.17g", d->g_y[i]);
        for (int c = 0; c < d->npred; c++) fprintf(f, ",%.17g", d->x[(size_t)i * d->npred + c]);
        fprintf(f, "\n");
    }
    cr_assert_eq(fclose(f), 0);
}

/* The number after "\"key\": " inside the JSON object member `object`. */
static double json_member(const char *json, const char *object, const char *key)
{
    char pattern[128];
    snprintf(pattern, sizeof pattern, "\"%s\": {", object);
    const char *o = strstr(json, pattern);
    cr_assert_not_null(o, "no %s in %.200s", object, json);
    snprintf(pattern, sizeof pattern, "\"%s\": ", key);
    const char *k = strstr(o, pattern);
    cr_assert_not_null(k, "no %s.%s", object, key);
    return strtod(k + strlen(pattern), NULL);
}

Test(cli_fit, nist_certified_values_from_csv, .timeout = 600)
{
    require_data();
    char dir[] = "/tmp/hesse_fit_csv_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    int solved = 0, runs = 0;
    for (int t = 0; t < nist_count(); t++) {
        char msg[512];
        nist_dataset *d = NULL;
        cr_assert_eq(nist_load(nist_data_dir(), nist_name(t), &d, msg, sizeof msg), HESSE_SUCCESS, "%s", msg);
        char csv[512];
        snprintf(csv, sizeof csv, "%s/%s.csv", dir, d->name);
        write_csv(d, csv);
        for (int s = 0; s < 2; s++) {
            char p0[512];
            size_t len = 0;
            for (int j = 0; j < d->k; j++)
                len += (size_t)snprintf(p0 + len, sizeof p0 - len, "%sb%d=%.17g", j ? "," : "", j + 1, d->start[s][j]);
            cli_output r;
            cli_run(&r, ARGS("fit", d->model, "--data", csv, "--y", "y", "--p0", p0, "--format", "json"));
            runs++;
            double b[NIST_MAX_PARAMS], se[NIST_MAX_PARAMS];
            for (int j = 0; j < d->k; j++) {
                char name[8];
                snprintf(name, sizeof name, "b%d", j + 1);
                b[j] = json_member(r.out, "parameters", name);
                se[j] = json_member(r.out, "stderr", name);
            }
            double lre = nist_min_lre(d, b, NULL, NULL, 0);
            double plain = NIST_LRE_CAP;
            for (int j = 0; j < d->k; j++) plain = fmin(plain, nist_lre(b[j], d->certified[j]));
            solved += lre >= NIST_SOLVED_LRE;
            /* exit status 0 (SUCCESS) only for a fit that reproduces the certified values */
            cr_expect(r.status != 0 || lre >= NIST_SOLVED_LRE, "%s start %d: exit 0 at LRE %.2f", d->name, s + 1, lre);
            double ymax = 0.0;
            for (int i = 0; i < d->m; i++) ymax = fmax(ymax, fabs(d->g_y[i]));
            /* standard errors to 3 digits, where double precision can resolve the
               residuals (see tests/test_lsq.c) */
            if (plain >= NIST_SOLVED_LRE && d->residual_sd > 1000.0 * DBL_EPSILON * ymax)
                for (int j = 0; j < d->k; j++)
                    cr_expect(nist_lre(se[j], d->certified_sd[j]) >= 3.0, "%s start %d b%d: stderr %.10g, certified %.10g",
                              d->name, s + 1, j + 1, se[j], d->certified_sd[j]);
            free(r.out);
            free(r.err);
            cli_remove_tree(r.workdir);
        }
        unlink(csv);
        nist_free(d);
    }
    rmdir(dir);
    /* the library's lm on the same residuals solves 53 of 54 (tests/test_lsq.c): the CLI
       must not lose any of them */
    cr_expect_geq(solved, 53, "hesse fit reproduced %d of %d runs", solved, runs);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

static const char exp_csv[] = "t,y,w\n0,2.01,1\n0.5,1.55,1\n1,1.22,2\n1.5,0.93,1\n2,0.75,1\n2.5,0.56,3\n3,0.45,1\n3.5,0.34,1\n";

Test(cli_fit, plot_and_minimization_methods)
{
    char dir[] = "/tmp/hesse_fit_plot_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char csv[300], png[300];
    snprintf(csv, sizeof csv, "%s/exp.csv", dir);
    snprintf(png, sizeof png, "%s/fit.png", dir);
    write_text(csv, exp_csv);
    cli_output r;
    cli_run(&r, ARGS("fit", "a*exp(b*t)", "--data", csv, "--p0", "a=1,b=-1", "--y", "y", "--plot", png));
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    cr_expect(strstr(r.out, "SUCCESS"), "%s", r.out);
    struct stat st;
    cr_expect(stat(png, &st) == 0 && st.st_size > 1000, "no plot %s", png);
    free(r.out);
    free(r.err);
    cli_remove_tree(r.workdir);
    /* lm, gn, hybrid and newton reach the same fit; weights change it */
    double a[4];
    const char *methods[4] = {"lm", "gn", "hybrid", "newton"};
    for (int k = 0; k < 4; k++) {
        cli_run(&r, ARGS("fit", "a*exp(b*t)", "--data", csv, "--p0", "a=1,b=-1", "--y", "y", "--method", methods[k],
                         "--format", "json"));
        cr_expect_eq(r.status, 0, "%s: %s%s", methods[k], r.out, r.err);
        a[k] = json_member(r.out, "parameters", "a");
        free(r.out);
        free(r.err);
        cli_remove_tree(r.workdir);
    }
    for (int k = 1; k < 4; k++) cr_expect(fabs(a[k] - a[0]) <= 1e-6 * fabs(a[0]), "%s: a = %.12g, lm %.12g", methods[k], a[k], a[0]);
    cli_run(&r, ARGS("fit", "a*exp(b*t)", "--data", csv, "--p0", "a=1,b=-1", "--y", "y", "--weights", "w", "--format",
                     "json"));
    cr_expect_eq(r.status, 0);
    cr_expect(fabs(json_member(r.out, "parameters", "a") - a[0]) > 1e-6 * fabs(a[0]), "the weights were ignored");
    free(r.out);
    free(r.err);
    cli_remove_tree(r.workdir);
    cli_remove_tree(dir);
}

Test(cli_fit, usage_errors)
{
    char dir[] = "/tmp/hesse_fit_usage_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char csv[300], bad[300];
    snprintf(csv, sizeof csv, "%s/exp.csv", dir);
    snprintf(bad, sizeof bad, "%s/bad.csv", dir);
    write_text(csv, exp_csv);
    write_text(bad, "t,y\n0,1\n1,x\n");
    struct {
        const char *const *args;
        const char *says;
    } cases[] = {
        {ARGS("fit", "a*exp(b*t)", "--p0", "a=1,b=-1"), "missing --data"},
        {ARGS("fit", "a*exp(b*t)", "--data", csv), "missing --p0"},
        {ARGS("fit", "a*exp(b*t)", "--data", csv, "--p0", "a=1,b=-1"), "--y"},
        {ARGS("fit", "a*exp(b*s)", "--data", csv, "--p0", "a=1,b=-1", "--y", "y"), "'s'"},
        {ARGS("fit", "a*exp(b*t)", "--data", csv, "--p0", "a=1,b", "--y", "y"), "name=value"},
        {ARGS("fit", "a*exp(b*t)", "--data", csv, "--p0", "a=1,b=z", "--y", "y"), "not a number"},
        {ARGS("fit", "a*exp(b*t)", "--data", bad, "--p0", "a=1,b=-1", "--y", "y"), "line 3"},
        {ARGS("fit", "a*exp(b*t)", "--data", csv, "--p0", "a=1,b=-1", "--y", "q"), "no column 'q'"},
        {ARGS("fit", "a*exp(b*t)", "--data", csv, "--p0", "a=1,b=-1", "--y", "y", "--method", "nope"), "unknown method"},
        {ARGS("fit", "a*exp(b*t", "--data", csv, "--p0", "a=1,b=-1", "--y", "y"), "^"},
        {ARGS("fit", "a*exp(b*t)", "--data", "/nonexistent/x.csv", "--p0", "a=1,b=-1"), "cannot read"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cli_output r;
        cli_run(&r, cases[i].args);
        cr_expect_eq(r.status, 2, "case %zu: exit %d: %s", i, r.status, r.err);
        cr_expect(strstr(r.err, cases[i].says), "case %zu: stderr does not say '%s': %s", i, cases[i].says, r.err);
        cr_expect_eq(r.out[0], '\0', "case %zu wrote to stdout", i);
        free(r.out);
        free(r.err);
        cli_remove_tree(r.workdir);
    }
    cli_remove_tree(dir);
}
