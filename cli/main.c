/*
 * The hesse command: a table of subcommands, each in its own file under cli/.
 */
#include <stdio.h>
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
    {"compare", cmd_compare,
     "compare PROBLEM [--n N] [--methods m1,m2,...] [--gtol G] [--max-iter K] [--plot FILE.png] [--format F]"},
    {"roots", cmd_roots,
     "roots PROBLEM [--n N] [--method newton|broyden] [--ftol T] [--max-iter K] [--trace] [--format F]"},
    {"bench", cmd_bench,
     "bench [--family F] [--methods m1,...] [--n N] [--csv FILE] [--json FILE] [--plots DIR] [--max-seconds S]"},
};
#define NCOMMANDS ((int)(sizeof commands / sizeof commands[0]))

static void usage(FILE *out)
{
    fprintf(out, "usage: hesse [--version] [--help] <command> [options]\n\n"
                 "hesse minimizes functions with Newton and quasi-Newton methods.\n\ncommands:\n");
    for (int i = 0; i < NCOMMANDS; i++) fprintf(out, "  hesse %s\n", commands[i].usage);
    fprintf(out, "\nmethods:");
    for (int i = 0; i < hesse_method_count(); i++) fprintf(out, " %s", hesse_method_name(hesse_method_at(i)));
    fprintf(out, "\nexit status: 0 done, 1 failed, 2 bad usage\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("hesse %s\n", hesse_version());
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (int i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc, argv);
    return cli_usage_error("unknown command '%s' (try hesse --help)", argv[1]);
}
