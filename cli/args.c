/*
 * Arguments of every command (see cli.h): one table of options, each with its value's
 * kind, bounds, destination in cli_args and help; one parser; the help of a command
 * and the manual page, written from the same table.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The command being run, named in every message; set by cli_parse_args (the one
   piece of state of the program, as a Unix tool's name for itself). */
static const char *command;

static void message(const char *fmt, va_list ap)
{
    fputs("hesse: ", stderr);
    if (command) fprintf(stderr, "%s: ", command);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message(fmt, ap);
    va_end(ap);
    return CLI_EXIT_USAGE;
}

int cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message(fmt, ap);
    va_end(ap);
    return CLI_EXIT_NOT_FOUND;
}

const char *cli_command_name(void)
{
    return command ? command : "";
}

int cli_fail(hesse_status st, const char *text)
{
    return cli_error("%s: %s", hesse_status_name(st), text);
}

int cli_parse_double(const char *s, double *out)
{
    /* strtod would skip leading white space: " 1" is not the whole string a number. */
    if (!s || !*s || isspace((unsigned char)*s)) return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(v)) return 0;
    *out = v;
    return 1;
}

int cli_parse_int(const char *s, int *out)
{
    if (!s || !*s || isspace((unsigned char)*s)) return 0;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end != '\0' || errno == ERANGE || v < INT_MIN || v > INT_MAX) return 0;
    *out = (int)v;
    return 1;
}

int cli_parse_methods(const char *list, const hesse_method **out, int max)
{
    int count = 0;
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        char name[64];
        if (len == 0 || len >= sizeof name || (p[len] == ',' && p[len + 1] == '\0')) {
            cli_usage_error("malformed method list '%s'", list);
            return -1;
        }
        memcpy(name, p, len);
        name[len] = '\0';
        const hesse_method *m = hesse_method_find(name);
        if (!m) {
            cli_usage_error("unknown method '%s'", name);
            return -1;
        }
        if (count >= max) {
            cli_usage_error("too many methods in '%s'", list);
            return -1;
        }
        out[count++] = m;
        p += len + (p[len] == ',');
    }
    if (count == 0) cli_usage_error("empty method list");
    return count ? count : -1;
}

/* The methods compare and bench run when --methods is not given: those of this list
   built into the library. */
static void default_methods(cli_method_list *list)
{
    static const char *const names[] = {"newton", "newton-tr", "newton-cg", "bfgs", "lbfgs", "sr1", "gd"};
    list->count = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const hesse_method *m = hesse_method_find(names[i]);
        if (m) list->at[list->count++] = m;
    }
}

/* ---- the option table ---- */

typedef enum {
    KIND_FLAG,        /* no value: sets an int to 1 */
    KIND_TEXT,        /* any text, checked by the command (points, boxes, lists) */
    KIND_OUTPUT_FILE, /* a file the command will write */
    KIND_OUTPUT_DIR,  /* a directory the command will write into */
    KIND_INT,         /* an int >= min */
    KIND_REAL,        /* a finite double >= min */
    KIND_CHOICE,      /* one of the '|'-separated words of `value` */
    KIND_FORMAT,      /* a choice, stored as cli_format */
    KIND_METHOD,      /* a minimization method */
    KIND_METHODS,     /* a comma-separated list of them */
    KIND_TEXT_LIST    /* any text, the option repeatable (--subject-to) */
} value_kind;

typedef struct {
    const char *name;  /* "--gtol" */
    const char *value; /* the value in help ("G"), or the choices ("table|json") */
    value_kind kind;
    double min;        /* KIND_INT, KIND_REAL */
    const char *noun;  /* KIND_INT, KIND_REAL: "'x' is not <noun>" */
    size_t offset;     /* where the value goes in cli_args */
    const char *help;
} option;

#define AT(field) offsetof(cli_args, field)

static const option options[OPT_COUNT] = {
    [OPT_N] = {"--n", "N", KIND_INT, 1, "a size", AT(n), "the problem's size"},
    [OPT_BENCH_N] = {"--n", "N", KIND_INT, 1, "a size", AT(n),
                     "run each problem at N where it accepts N, at its default size when "
                     "that is smaller, else at the accepted size nearest to N"},
    [OPT_VARS] = {"--vars", "x,y,...", KIND_TEXT, 0, NULL, AT(vars),
                  "the order of a formula's variables (default: natural order, x < y < z, x1 < x2 < x10)"},
    [OPT_X0] = {"--x0", "x1,...", KIND_TEXT, 0, NULL, AT(x0),
                "the start: n numbers or constant expressions (required for a formula; "
                "default: the problem's standard start)"},
    [OPT_AT] = {"--at", "x1,...", KIND_TEXT, 0, NULL, AT(at),
                "the point: n numbers or constant expressions such as pi/2 (default: the "
                "problem's standard start)"},
    [OPT_BOX] = {"--box", "lo,hi|lo1:hi1,...", KIND_TEXT, 0, NULL, AT(box),
                 "the box searched: the same bounds for every coordinate, or one interval "
                 "per coordinate (required)"},
    [OPT_STARTS] = {"--starts", "K", KIND_INT, 1, "a count >= 1", AT(starts),
                    "number of start points of the search"},
    [OPT_SAMPLES] = {"--samples", "K", KIND_INT, 1, "a count >= 1", AT(samples),
                     "number of sample points"},
    [OPT_METHOD] = {"--method", "M", KIND_METHOD, 0, NULL, AT(method), "the minimization method"},
    [OPT_ROOTS_METHOD] = {"--method", "newton|broyden", KIND_CHOICE, 0, NULL, AT(roots_method),
                          "Newton's method (Jacobian from the problem) or Broyden's update"},
    [OPT_METHODS] = {"--methods", "m1,m2,...", KIND_METHODS, 0, NULL, AT(methods),
                     "the methods to run, comma-separated"},
    [OPT_GTOL] = {"--gtol", "G", KIND_REAL, 0, "a tolerance >= 0", AT(gtol),
                  "gradient test: stop when ||g||_inf <= G max(1, |f|)"},
    [OPT_FTOL] = {"--ftol", "T", KIND_REAL, 0, "a tolerance >= 0", AT(ftol),
                  "residual test: stop when ||F||_inf <= T"},
    [OPT_MAX_ITER] = {"--max-iter", "K", KIND_INT, 0, "a count >= 0", AT(max_iter), "iteration limit"},
    [OPT_ROOTS_MAX_ITER] = {"--max-iter", "K", KIND_INT, 0, "a count >= 0", AT(max_iter), "iteration limit"},
    [OPT_MAX_SECONDS] = {"--max-seconds", "S", KIND_REAL, 0, "a time >= 0", AT(max_seconds),
                         "wall-time limit of each run, in seconds (0: none)"},
    [OPT_TRACE] = {"--trace", NULL, KIND_FLAG, 0, NULL, AT(trace),
                   "print one line per iteration before the report (table format)"},
    [OPT_FORMAT] = {"--format", "table|csv|json", KIND_FORMAT, 0, NULL, AT(format), "output format"},
    [OPT_FORMAT_TJ] = {"--format", "table|json", KIND_FORMAT, 0, NULL, AT(format), "output format"},
    [OPT_FAMILY] = {"--family", "mgh|cutest|seed|equations", KIND_CHOICE, 0, NULL, AT(family),
                    "only the problems of this family (equations: the systems of hesse roots)"},
    [OPT_BENCH_FAMILY] = {"--family", "mgh|cutest|seed", KIND_CHOICE, 0, NULL, AT(family),
                          "only the problems of this family (default: mgh and cutest)"},
    [OPT_PLOT] = {"--plot", "FILE.png", KIND_OUTPUT_FILE, 0, NULL, AT(plot),
                  "draw the convergence plot (needs gnuplot) and, for two variables, the "
                  "paths on a contour map (FILE_paths.png); data and scripts go next to it"},
    [OPT_PLOTS] = {"--plots", "DIR", KIND_OUTPUT_DIR, 0, NULL, AT(plots),
                   "draw performance profiles of iterations, evaluations and time into DIR "
                   "(needs gnuplot)"},
    [OPT_CSV] = {"--csv", "FILE", KIND_OUTPUT_FILE, 0, NULL, AT(csv), "write one CSV row per run"},
    [OPT_JSON] = {"--json", "FILE", KIND_OUTPUT_FILE, 0, NULL, AT(json), "write one JSON object per run"},
    [OPT_SUBJECT_TO] = {"--subject-to", "g", KIND_TEXT_LIST, 0, NULL, AT(subject_to),
                        "an equality constraint g = 0, as a formula over the same variables; repeat the "
                        "option for several (fewer than the variables)"},
    [OPT_ORDER] = {"--order", "1|2", KIND_CHOICE, 0, NULL, AT(order), "the order of the Taylor polynomial"},
    [OPT_EVAL] = {"--eval", "x1,...", KIND_TEXT, 0, NULL, AT(eval),
                  "a point Q where the polynomial is compared with f: T(Q), f(Q) and the error f(Q) - T(Q)"},
    [OPT_SEARCH_BOX] = {"--box", "lo,hi|lo1:hi1,...", KIND_TEXT, 0, NULL, AT(box),
                        "search the box for critical points of the Lagrangian from sample starts (instead of "
                        "one start --x0)"},
    [OPT_ROOTS_X0] = {"--x0", "x1,...", KIND_TEXT, 0, NULL, AT(x0),
                      "the start: n numbers or constant expressions (required for a formula; default: the "
                      "problem's standard start)"},
    [OPT_LAGRANGE_X0] = {"--x0", "x1,...", KIND_TEXT, 0, NULL, AT(x0),
                         "one start for Newton's method on the gradient of the Lagrangian (the multipliers "
                         "start at their least-squares estimate there)"},
    [OPT_DATA] = {"--data", "FILE.csv", KIND_TEXT, 0, NULL, AT(data),
                  "the data: a CSV file whose first line names the columns (required)"},
    [OPT_P0] = {"--p0", "name=value,...", KIND_TEXT, 0, NULL, AT(p0),
                "the parameters of the model and their starting values (required)"},
    [OPT_Y] = {"--y", "COLUMN", KIND_TEXT, 0, NULL, AT(y),
               "the response column (default: the one column the model does not use)"},
    [OPT_WEIGHTS] = {"--weights", "COLUMN", KIND_TEXT, 0, NULL, AT(weights),
                     "a column of weights w_i > 0: minimize sum w_i r_i^2 (default: all 1)"},
    [OPT_FIT_METHOD] = {"--method", "lm|gn|hybrid|M", KIND_TEXT, 0, NULL, AT(fit_method),
                        "a least-squares method, or any minimization method M on f = 1/2 sum r_i^2"},
    [OPT_FIT_PLOT] = {"--plot", "FILE.png", KIND_OUTPUT_FILE, 0, NULL, AT(plot),
                      "draw the data, the fitted curve and the residuals (needs gnuplot); data and script "
                      "go next to it"},
};

/* The default of an option, from the library's own defaults, in buf ("" if none). */
static void option_default(cli_option_id id, char *buf, size_t size)
{
    hesse_options opt;
    hesse_options_init(&opt);
    hesse_roots_options ropt;
    hesse_roots_options_init(&ropt);
    hesse_analysis_options aopt;
    hesse_analysis_options_init(&aopt);
    buf[0] = '\0';
    switch (id) {
    case OPT_N: snprintf(buf, size, "the problem's default"); break;
    case OPT_BENCH_N: snprintf(buf, size, "%d", CLI_BENCH_N); break;
    case OPT_STARTS: snprintf(buf, size, "%d", aopt.nstarts); break;
    case OPT_SAMPLES: snprintf(buf, size, "%d", aopt.nsamples); break;
    case OPT_METHOD:
        snprintf(buf, size, "automatic: newton with a Hessian and n <= 2000, lbfgs for n > 2000, else bfgs");
        break;
    case OPT_ROOTS_METHOD: snprintf(buf, size, "%s", hesse_roots_method_name(ropt.method)); break;
    case OPT_METHODS: {
        cli_method_list list;
        default_methods(&list);
        size_t len = 0;
        for (int k = 0; k < list.count && len < size; k++)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", k ? "," : "", hesse_method_name(list.at[k]));
        break;
    }
    case OPT_GTOL: snprintf(buf, size, "%g", opt.gtol); break;
    case OPT_FTOL: snprintf(buf, size, "%g", ropt.ftol); break;
    case OPT_MAX_ITER: snprintf(buf, size, "%d", opt.max_iter); break;
    case OPT_ROOTS_MAX_ITER: snprintf(buf, size, "%d", ropt.max_iter); break;
    case OPT_MAX_SECONDS: snprintf(buf, size, "%g", CLI_BENCH_SECONDS); break;
    case OPT_FORMAT:
    case OPT_FORMAT_TJ: snprintf(buf, size, "table"); break;
    case OPT_ORDER: snprintf(buf, size, "2"); break;
    case OPT_SEARCH_BOX: snprintf(buf, size, "[-10, 10] for every coordinate when --x0 is not given"); break;
    case OPT_FIT_METHOD: {
        size_t len = (size_t)snprintf(buf, size, "lm; least-squares methods:");
        for (int i = 0; i < hesse_lsq_method_count() && len < size; i++)
            len += (size_t)snprintf(buf + len, size - len, " %s", hesse_lsq_method_name(hesse_lsq_method_at(i)));
        for (int i = 0; i < hesse_method_count() && len < size; i++)
            len += (size_t)snprintf(buf + len, size - len, "%s %s", i ? "" : "; minimization methods:",
                                    hesse_method_name(hesse_method_at(i)));
        break;
    }
    default: break;
    }
}

/* 1 when word is one of the '|'-separated choices. */
static int is_choice(const char *choices, const char *word)
{
    size_t len = strlen(word);
    for (const char *p = choices; *p;) {
        size_t k = strcspn(p, "|");
        if (k == len && strncmp(p, word, len) == 0) return 1;
        p += k + (p[k] == '|');
    }
    return 0;
}

/* A destination the command will create or overwrite: a file (directory = 0) or a
   directory that exists and is writable, or a missing one in a writable directory.
   Control characters are refused: the name goes into gnuplot scripts, whose strings
   are one line. */
static int check_output(const char *opt, const char *path, int directory)
{
    struct stat st;
    if (!*path) return cli_usage_error("%s: empty output path", opt);
    for (const char *c = path; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return cli_usage_error("%s: the file name '%s' contains a control character", opt, path);
    if (stat(path, &st) == 0) {
        if (directory && !S_ISDIR(st.st_mode)) return cli_usage_error("%s: '%s' is not a directory", opt, path);
        if (!directory && S_ISDIR(st.st_mode)) return cli_usage_error("%s: '%s' is a directory", opt, path);
        if (access(path, directory ? W_OK | X_OK : W_OK) != 0)
            return cli_usage_error("%s: cannot write '%s': %s", opt, path, strerror(errno));
        return 0;
    }
    if (errno != ENOENT) return cli_usage_error("%s: cannot write '%s': %s", opt, path, strerror(errno));
    char parent[4096];
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(parent, sizeof parent, ".");
    else if (slash == path) snprintf(parent, sizeof parent, "/");
    else if ((size_t)(slash - path) >= sizeof parent) return cli_usage_error("%s: path too long: '%s'", opt, path);
    else snprintf(parent, sizeof parent, "%.*s", (int)(slash - path), path);
    if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode))
        return cli_usage_error("%s: cannot write '%s': no directory '%s'", opt, path, parent);
    if (access(parent, W_OK | X_OK) != 0)
        return cli_usage_error("%s: cannot write '%s': directory '%s' is not writable", opt, path, parent);
    return 0;
}

/* The directory part of path made absolute, and the last name; NULL when the
   directory does not resolve. malloc'd. */
static char *resolved(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    char *real = dir ? realpath(dir, NULL) : NULL;
    free(dir);
    if (!real) return NULL;
    size_t size = strlen(real) + strlen(base) + 2;
    char *full = malloc(size);
    if (full) snprintf(full, size, "%s/%s", real, base);
    free(real);
    return full;
}

int cli_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea && eb) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (ea || eb) return 0;
    char *ra = resolved(a), *rb = resolved(b);
    int same = ra && rb ? strcmp(ra, rb) == 0 : strcmp(a, b) == 0;
    free(ra);
    free(rb);
    return same;
}

/* The number of options of cmd. */
static int noptions(const cli_command *cmd)
{
    int k = 0;
    while (k < CLI_MAX_OPTIONS && cmd->options[k] != OPT_NONE) k++;
    return k;
}

static int takes(const cli_command *cmd, const char *name, cli_option_id *id)
{
    for (int k = 0; k < noptions(cmd); k++)
        if (strcmp(options[cmd->options[k]].name, name) == 0) {
            *id = cmd->options[k];
            return 1;
        }
    return 0;
}

/* Store value v of option o into a; 0, or 2 after reporting. */
static int store(const option *o, const char *v, cli_args *a)
{
    void *to = (char *)a + o->offset;
    switch (o->kind) {
    case KIND_FLAG: *(int *)to = 1; return 0;
    case KIND_TEXT: *(const char **)to = v; return 0;
    case KIND_OUTPUT_FILE:
    case KIND_OUTPUT_DIR:
        *(const char **)to = v;
        return check_output(o->name, v, o->kind == KIND_OUTPUT_DIR);
    case KIND_INT: {
        int i;
        if (!cli_parse_int(v, &i) || i < o->min)
            return cli_usage_error("%s: '%s' is not %s", o->name, v, o->noun);
        *(int *)to = i;
        return 0;
    }
    case KIND_REAL: {
        double d;
        if (!cli_parse_double(v, &d) || d < o->min)
            return cli_usage_error("%s: '%s' is not %s", o->name, v, o->noun);
        *(double *)to = d;
        return 0;
    }
    case KIND_CHOICE:
    case KIND_FORMAT:
        if (!is_choice(o->value, v))
            return cli_usage_error("%s: unknown value '%s' (%s)", o->name, v, o->value);
        if (o->kind == KIND_CHOICE) *(const char **)to = v;
        else *(cli_format *)to = !strcmp(v, "csv") ? FORMAT_CSV : !strcmp(v, "json") ? FORMAT_JSON : FORMAT_TABLE;
        return 0;
    case KIND_METHOD:
        if (!(*(const hesse_method **)to = hesse_method_find(v)))
            return cli_usage_error("%s: unknown method '%s' (see hesse --help)", o->name, v);
        return 0;
    case KIND_TEXT_LIST:
        if (a->nconstraints >= CLI_MAX_CONSTRAINTS)
            return cli_usage_error("%s: at most %d", o->name, CLI_MAX_CONSTRAINTS);
        ((const char **)to)[a->nconstraints++] = v;
        return 0;
    case KIND_METHODS: {
        cli_method_list *list = to;
        int count = cli_parse_methods(v, list->at, CLI_MAX_METHODS);
        if (count < 0) return CLI_EXIT_USAGE;
        list->count = count;
        return 0;
    }
    }
    return CLI_EXIT_USAGE;
}

int cli_parse_args(const cli_command *cmd, int argc, char **argv, cli_args *a)
{
    command = cmd->name;
    memset(a, 0, sizeof *a);
    a->gtol = a->ftol = a->max_seconds = NAN;
    a->max_iter = -1;
    a->format = FORMAT_TABLE;
    default_methods(&a->methods);
    for (int i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return -1;
    int operands_only = 0;
    for (int i = 0; i < argc; i++) {
        const char *word = argv[i];
        if (!operands_only && strcmp(word, "--") == 0) {
            operands_only = 1;
            continue;
        }
        if (operands_only || strncmp(word, "--", 2) != 0) {
            if (!cmd->operand || a->operand)
                return cli_usage_error("unexpected argument '%s'", word);
            a->operand = word;
            continue;
        }
        cli_option_id id;
        if (!takes(cmd, word, &id))
            return cli_usage_error("unknown option '%s' (hesse %s --help lists the options)", word, cmd->name);
        const option *o = &options[id];
        const char *v = NULL;
        if (o->kind != KIND_FLAG) {
            if (i + 1 >= argc) return cli_usage_error("option %s needs a value", word);
            v = argv[++i];
        }
        int rc = store(o, v, a);
        if (rc) return rc;
    }
    if (cmd->operand && (!a->operand || !*a->operand))
        return cli_usage_error("missing %s: %s", cmd->operand, cmd->operand_help);
    return 0;
}

/* ---- help and the manual page ---- */

static const char about[] = "hesse minimizes functions with Newton and quasi-Newton methods and analyses their "
                            "Hessians: definiteness, critical points, convexity.";

static const char targets[] =
    "TARGET is a problem from hesse list (case-insensitive) or, when no problem has that name, a formula "
    "such as \"x^3 + 3*x^2 - 4*x*y + y^4 + 4*y^2\" (variables in natural order: x < y < z, x1 < x2 < x10; or --vars). "
    "One word in capitals (\"ROSENBRCK\") is taken for a misspelt problem name; any other word (\"x\") "
    "is a formula. Points and boxes take numbers or constant expressions (pi/2). A problem's point "
    "defaults to its standard start; a formula needs --at or --x0. SYSTEM (roots, jacobian) is a system from "
    "hesse list --family equations, or comma-separated formulas \"f1, f2, ...\" (one per unknown for roots, "
    "each = 0).";

static const char exit_status[] =
    "0: the requested answer was found. 1: it was not (the command's help says when), or the output could "
    "not be written. 2: bad usage (unknown command, option, problem or method, a malformed number, a size "
    "the problem does not accept, an output path that cannot be written), reported in one line on stderr "
    "before anything is written.";

/* "--gtol G" */
static void option_words(const option *o, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s", o->name, o->value ? " " : "", o->value ? o->value : "");
}

/* Text wrapped at 80 columns, each line indented by indent. */
static void wrapped(FILE *out, int indent, const char *text)
{
    int col = 0;
    for (const char *p = text; *p;) {
        while (*p == ' ') p++;
        size_t len = strcspn(p, " ");
        if (!len) break;
        if (col > indent && col + 1 + (int)len > 80) {
            fputc('\n', out);
            col = 0;
        }
        if (col == 0) col = fprintf(out, "%*s", indent, "");
        else col += fprintf(out, " ");
        col += fprintf(out, "%.*s", (int)len, p);
        p += len;
    }
    if (col) fputc('\n', out);
}

static void synopsis(FILE *out, const cli_command *cmd)
{
    fprintf(out, "hesse %s", cmd->name);
    if (cmd->operand) fprintf(out, " %s", cmd->operand);
    for (int k = 0; k < noptions(cmd); k++) {
        char words[128];
        option_words(&options[cmd->options[k]], words, sizeof words);
        fprintf(out, " [%s]", words);
    }
}

/* The help of option k of cmd, with its default and, for methods, the choices. */
static void option_help(const cli_command *cmd, int k, char *buf, size_t size)
{
    const option *o = &options[cmd->options[k]];
    char def[160], methods[160] = "";
    option_default(cmd->options[k], def, sizeof def);
    if (o->kind == KIND_METHOD || o->kind == KIND_METHODS) {
        size_t len = (size_t)snprintf(methods, sizeof methods, "; methods:");
        for (int i = 0; i < hesse_method_count() && len < sizeof methods; i++)
            len += (size_t)snprintf(methods + len, sizeof methods - len, " %s", hesse_method_name(hesse_method_at(i)));
    }
    snprintf(buf, size, "%s%s%s%s%s", o->help, methods, *def ? " (default: " : "", def, *def ? ")" : "");
}

void cli_print_help(FILE *out, const cli_command *cmd)
{
    fprintf(out, "usage: ");
    synopsis(out, cmd);
    fprintf(out, "\n\n");
    wrapped(out, 0, cmd->summary);
    wrapped(out, 0, cmd->description);
    if (cmd->operand) {
        fprintf(out, "\n%s\n", cmd->operand);
        wrapped(out, 6, cmd->operand_help);
    }
    fprintf(out, "\noptions:\n");
    for (int k = 0; k < noptions(cmd); k++) {
        char words[128], help[640];
        option_words(&options[cmd->options[k]], words, sizeof words);
        option_help(cmd, k, help, sizeof help);
        fprintf(out, "  %s\n", words);
        wrapped(out, 6, help);
    }
    fprintf(out, "  -h, --help\n      this help\n\n");
    char status[512];
    snprintf(status, sizeof status,
             "exit status: 0 the requested answer was found; 1 %s%sthe output could not be written; 2 bad usage "
             "(reported in one line on stderr).",
             cmd->not_found ? cmd->not_found : "", cmd->not_found ? ", or " : "");
    wrapped(out, 0, status);
}

void cli_print_usage(FILE *out, const cli_command *cmds, int count)
{
    fprintf(out, "usage: hesse [--version] [--help] [--man] COMMAND [options]\n\n");
    wrapped(out, 0, about);
    fprintf(out, "\ncommands (hesse COMMAND --help for each):\n");
    for (int i = 0; i < count; i++) fprintf(out, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
    fprintf(out, "\n");
    wrapped(out, 0, targets);
    fprintf(out, "\nmethods:");
    for (int i = 0; i < hesse_method_count(); i++) fprintf(out, " %s", hesse_method_name(hesse_method_at(i)));
    fprintf(out, "\n\n");
    char status[600];
    snprintf(status, sizeof status, "exit status: %s", exit_status);
    wrapped(out, 0, status);
    fprintf(out, "\n--man writes the manual page (roff): hesse --man | man -l -\n");
}

/* Text for roff: backslashes and hyphens escaped, a leading '.' or '\'' guarded. */
static void roff(FILE *out, const char *text)
{
    if (*text == '.' || *text == '\'') fputs("\\&", out);
    for (const char *p = text; *p; p++) {
        if (*p == '\\') fputs("\\e", out);
        else if (*p == '-') fputs("\\-", out);
        else fputc(*p, out);
    }
}

static void roff_line(FILE *out, const char *text)
{
    roff(out, text);
    fputc('\n', out);
}

void cli_print_man(FILE *out, const cli_command *cmds, int count)
{
    fprintf(out, ".TH HESSE 1 \"\" \"hesse %s\" \"User Commands\"\n", hesse_version());
    fprintf(out, ".SH NAME\nhesse \\- minimize functions with Newton and quasi\\-Newton methods\n");
    fprintf(out, ".SH SYNOPSIS\n");
    for (int i = 0; i < count; i++) {
        fprintf(out, ".B hesse %s\n", cmds[i].name);
        if (cmds[i].operand) fprintf(out, ".I %s\n", cmds[i].operand);
        fprintf(out, ".RI [ options ]\n.br\n");
    }
    fprintf(out, ".B hesse\n.RB [ \\-\\-version | \\-\\-help | \\-\\-man ]\n");
    fprintf(out, ".SH DESCRIPTION\n");
    roff_line(out, about);
    fprintf(out, ".PP\n");
    roff_line(out, targets);
    fprintf(out, ".SH COMMANDS\n");
    for (int i = 0; i < count; i++) {
        const cli_command *cmd = &cmds[i];
        fprintf(out, ".SS \"hesse %s%s%s\"\n", cmd->name, cmd->operand ? " " : "", cmd->operand ? cmd->operand : "");
        roff_line(out, cmd->summary);
        roff_line(out, cmd->description);
        if (cmd->operand) {
            fprintf(out, ".PP\n.I %s\nis ", cmd->operand);
            roff_line(out, cmd->operand_help);
        }
        if (cmd->not_found) {
            fprintf(out, ".PP\nExit status 1: ");
            roff(out, cmd->not_found);
            fprintf(out, ".\n");
        }
        for (int k = 0; k < noptions(cmd); k++) {
            const option *o = &options[cmd->options[k]];
            char help[640];
            option_help(cmd, k, help, sizeof help);
            fprintf(out, ".TP\n%s \"", o->value ? ".BI" : ".B");
            roff(out, o->name);
            if (o->value) {
                fprintf(out, " \" \"");
                roff(out, o->value);
            }
            fprintf(out, "\"\n");
            roff_line(out, help);
        }
    }
    fprintf(out, ".SH \"EXIT STATUS\"\n");
    roff_line(out, exit_status);
    fprintf(out, ".SH EXAMPLES\n.nf\n");
    static const char *const examples[] = {
        "hesse solve WOOD --method newton-tr --trace",
        "hesse compare ROSENBROCK --methods newton,bfgs,gd --plot rb.png",
        "hesse hessian \"x^3+3*x^2-4*x*y+y^4+4*y^2\" --at 1,0",
        "hesse critical \"x^3+3*x^2-4*x*y+y^4+4*y^2\" --box -3,3",
        "hesse minimize \"(x-1)^2+(y+2)^2\" --x0 0,0 --format json",
        "hesse jacobian \"r*cos(t), r*sin(t)\" --vars r,t --at 2,0.5",
        "hesse roots \"x^2+y^2-4, x-y\" --x0 1,1 --trace",
        "hesse taylor \"exp(x)*y\" --at 0,1 --eval 0.1,1.1",
        "hesse lagrange \"x*y\" --subject-to \"x+y-10\"",
        "hesse bench --family mgh --csv mgh.csv --plots mgh",
        "hesse fit \"b1*(1-exp(-b2*x))\" --data misra.csv --p0 b1=500,b2=1e-4 --plot fit.png",
    };
    for (size_t k = 0; k < sizeof examples / sizeof examples[0]; k++) roff_line(out, examples[k]);
    fprintf(out, ".fi\n");
}
