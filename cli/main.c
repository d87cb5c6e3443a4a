/*
 * The hesse command: a table of subcommands, each in its own file under cli/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
} command;

static const command commands[] = {
    {"list", cmd_list, "list [--family mgh|cutest|seed|equations] [--format table|csv|json]"},
    {"solve", cmd_solve,
     "solve PROBLEM [--n N] [--method M] [--gtol G] [--max-iter K] [--trace] [--format table|csv|json]"},
    {"minimize", cmd_minimize,
     "minimize TARGET [--x0 x1,...] [--vars x,y,...] [--n N] [--method M] [--gtol G] [--max-iter K] [--format F]"},
    {"compare", cmd_compare,
     "compare TARGET [--n N] [--x0 x1,...] [--vars x,y,...] [--methods m1,m2,...] [--gtol G] [--max-iter K] "
     "[--plot FILE.png] [--format F]"},
    {"roots", cmd_roots,
     "roots PROBLEM [--n N] [--method newton|broyden] [--ftol T] [--max-iter K] [--trace] [--format F]"},
    {"gradient", cmd_gradient, "gradient TARGET [--at x1,...] [--vars x,y,...] [--n N] [--format table|json]"},
    {"hessian", cmd_hessian, "hessian TARGET [--at x1,...] [--vars x,y,...] [--n N] [--format table|json]"},
    {"classify", cmd_classify, "classify TARGET --at x1,... [--vars x,y,...] [--n N] [--format table|json]"},
    {"critical", cmd_critical,
     "critical TARGET --box lo,hi|lo1:hi1,... [--starts K] [--vars ...] [--n N] [--format table|json]"},
    {"convexity", cmd_convexity,
     "convexity TARGET --box lo,hi|lo1:hi1,... [--samples K] [--vars ...] [--n N] [--format table|json]"},
    {"check", cmd_check, "check TARGET [--at x1,...] [--vars x,y,...] [--n N] [--format table|json]"},
    {"bench", cmd_bench,
     "bench [--family F] [--methods m1,...] [--n N] [--csv FILE] [--json FILE] [--plots DIR] [--max-seconds S]"},
};
#define NCOMMANDS ((int)(sizeof commands / sizeof commands[0]))

static void usage(FILE *out)
{
    fprintf(out, "usage: hesse [--version] [--help] <command> [options]\n\n"
                 "hesse minimizes functions with Newton and quasi-Newton methods.\n\ncommands:\n");
    for (int i = 0; i < NCOMMANDS; i++) fprintf(out, "  hesse %s\n", commands[i].usage);
    fprintf(out, "\nTARGET is a problem from hesse list (case-insensitive) or a formula such as\n"
                 "\"x^3 + 3*x^2 - 4*x*y + y^4 + 4*y^2\" (variables in order of first appearance, or\n"
                 "--vars); points and boxes take numbers or constants (pi/2). A problem's point\n"
                 "defaults to its x0; a formula needs --at / --x0.\n");
    fprintf(out, "\nmethods:");
    for (int i = 0; i < hesse_method_count(); i++) fprintf(out, " %s", hesse_method_name(hesse_method_at(i)));
    fprintf(out, "\nexit status: 0 done, 1 failed (check: a derivative failed), 2 bad usage\n");
}

/* Provided by OpenBLAS, which the command links. */
void openblas_set_num_threads(int num_threads);

/* Output that could not be written (a full disk, a closed file) is a failure: the
   exit status says so even when the command itself succeeded. */
static int finish(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("hesse: could not write the output to stdout\n", stderr);
        return status ? status : 1;
    }
    return status;
}

int main(int argc, char **argv)
{
    /* The command solves many small problems one after another, where OpenBLAS's
       threads only synchronize: `hesse bench` took 123 s with the default threads and
       38 s with one on 2 cores (same build, same day). A user who sets
       OPENBLAS_NUM_THREADS keeps their choice. */
    if (!getenv("OPENBLAS_NUM_THREADS")) openblas_set_num_threads(1);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("hesse %s\n", hesse_version());
        return finish(0);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return finish(0);
    }
    for (int i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0) return finish(commands[i].run(argc, argv));
    return cli_usage_error("unknown command '%s' (try hesse --help)", argv[1]);
}
