/*
 * The hesse command. Subcommands are dispatched from a table; each lives in its own
 * file under cli/.
 */
#include <stdio.h>
#include <string.h>

#include "hesse.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hesse [--version] [--help] <command> [options]\n"
            "\n"
            "hesse minimizes functions with Newton and quasi-Newton methods.\n"
            "\n"
            "options:\n"
            "  --version   print the library version and exit\n"
            "  --help      print this help and exit\n");
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
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "hesse: unknown command '%s' (try hesse --help)\n", argv[1]);
    return 2;
}
