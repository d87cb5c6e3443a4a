/*
 * Which solves change with the number of OpenBLAS threads: every method on a few
 * problems, run with 1 and with 4 threads (openblas_set_num_threads), classification
 * off; prints each solve whose status, iteration count or f differs, and the count.
 * The figures of README.md, "Threads and OpenBLAS", come from this program;
 * tests/test_threads.c asserts equality where README promises it.
 * Usage: build/bench_threads
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hesse.h"

void openblas_set_num_threads(int num_threads);

typedef struct {
    hesse_status status;
    int iterations;
    double f;
} outcome;

static void run(const char *name, int n, const hesse_method *m, int threads, outcome *o)
{
    hesse_testinstance *inst;
    if (hesse_testinstance_create(hesse_testproblem_find(name), n, &inst, NULL, 0) != HESSE_SUCCESS) exit(1);
    double *x = malloc((size_t)inst->n * sizeof *x);
    if (!x) exit(1);
    memcpy(x, inst->x0, (size_t)inst->n * sizeof *x);
    hesse_options opt;
    hesse_options_init(&opt);
    opt.method = m;
    opt.classify = HESSE_CLASSIFY_NEVER;
    hesse_result r;
    openblas_set_num_threads(threads);
    o->status = hesse_minimize(&inst->problem, x, &opt, &r);
    o->iterations = r.iterations;
    o->f = r.f;
    free(x);
    hesse_testinstance_free(inst);
}

int main(void)
{
    static const struct {
        const char *name;
        int n;
    } problems[] = {{"ROSENBROCK", 0}, {"WOOD", 0},         {"OSBORNE1", 0},      {"CHEBYQUAD", 0},
                    {"EXT_ROSENBROCK", 50}, {"BROYDEN_TRIDIAGONAL", 100}, {"TRIGONOMETRIC", 100}};
    int differ = 0, total = 0;
    printf("%-20s %-10s %-30s %-14s %s\n", "problem", "method", "status (1 / 4 threads)", "iterations", "f");
    for (size_t p = 0; p < sizeof problems / sizeof problems[0]; p++)
        for (int k = 0; k < hesse_method_count(); k++) {
            const hesse_method *m = hesse_method_at(k);
            outcome a, b;
            run(problems[p].name, problems[p].n, m, 1, &a);
            run(problems[p].name, problems[p].n, m, 4, &b);
            total++;
            if (a.status == b.status && a.iterations == b.iterations && memcmp(&a.f, &b.f, sizeof a.f) == 0) continue;
            differ++;
            char st[64];
            snprintf(st, sizeof st, "%s / %s", hesse_status_name(a.status), hesse_status_name(b.status));
            printf("%-20s %-10s %-30s %5d / %-6d %.17g / %.17g\n", problems[p].name, hesse_method_name(m), st,
                   a.iterations, b.iterations, a.f, b.f);
        }
    printf("%d of %d solves differ between 1 and 4 OpenBLAS threads\n", differ, total);
    return 0;
}
