/*
 * The hesse command: the command named on the line, from the table of commands.c, its
 * arguments parsed (cli_parse_args), its exit status (see cli.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_command *find(const char *name)
{
    for (int i = 0; i < cli_command_count; i++)
        if (strcmp(name, cli_commands[i].name) == 0) return &cli_commands[i];
    return NULL;
}

/* Provided by OpenBLAS, which the command links. */
void openblas_set_num_threads(int num_threads);

/* Output that could not be written (a full disk, a closed file) is a failure: the
   exit status says so even when the command itself succeeded. */
static int finish(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int failed = cli_error("could not write the output to stdout");
        return status ? status : failed;
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
        cli_print_usage(stderr, cli_commands, cli_command_count);
        return CLI_EXIT_USAGE;
    }
    const char *word = argv[1];
    if (strcmp(word, "--version") == 0) {
        printf("hesse %s\n", hesse_version());
        return finish(CLI_EXIT_FOUND);
    }
    if (strcmp(word, "--man") == 0) {
        cli_print_man(stdout, cli_commands, cli_command_count);
        return finish(CLI_EXIT_FOUND);
    }
    if (strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0 || strcmp(word, "help") == 0) {
        /* hesse help COMMAND is hesse COMMAND --help */
        const cli_command *cmd = argc > 2 && strcmp(word, "help") == 0 ? find(argv[2]) : NULL;
        if (argc > 2 && strcmp(word, "help") == 0 && !cmd)
            return cli_usage_error("unknown command '%s' (try hesse --help)", argv[2]);
        if (cmd) cli_print_help(stdout, cmd);
        else cli_print_usage(stdout, cli_commands, cli_command_count);
        return finish(CLI_EXIT_FOUND);
    }
    const cli_command *cmd = find(word);
    if (!cmd) {
        if (word[0] == '-') return cli_usage_error("unknown option '%s' (try hesse --help)", word);
        return cli_usage_error("unknown command '%s' (try hesse --help)", word);
    }
    cli_args a;
    int rc = cli_parse_args(cmd, argc - 2, argv + 2, &a);
    if (rc < 0) {
        cli_print_help(stdout, cmd);
        return finish(CLI_EXIT_FOUND);
    }
    if (rc) return rc;
    return finish(cmd->run(&a));
}
