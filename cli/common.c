/*
 * Shared pieces of the hesse command (see cli.h).
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

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("hesse: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 2;
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

int cli_parse_doubles(const char *s, double *out, int max)
{
    int count = 0;
    const char *p = s;
    char item[64];
    while (p && *p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == 0 || len >= sizeof item || count >= max) return -1;
        memcpy(item, p, len);
        item[len] = '\0';
        if (!cli_parse_double(item, &out[count])) return -1;
        count++;
        p = comma ? comma + 1 : NULL;
        if (comma && !*p) return -1;
    }
    return count;
}

int cli_parse_format(const char *s, cli_format *out)
{
    if (strcmp(s, "table") == 0) *out = FORMAT_TABLE;
    else if (strcmp(s, "csv") == 0) *out = FORMAT_CSV;
    else if (strcmp(s, "json") == 0) *out = FORMAT_JSON;
    else return 0;
    return 1;
}

const char *cli_value(int argc, char **argv, int *i)
{
    if (argv[*i][0] != '-') {
        cli_usage_error("unexpected argument '%s'", argv[*i]);
        return NULL;
    }
    if (*i + 1 >= argc) {
        cli_usage_error("option %s needs a value", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

int cli_check_output(const char *path, int directory)
{
    struct stat st;
    if (!*path) return cli_usage_error("empty output path");
    if (stat(path, &st) == 0) {
        if (directory && !S_ISDIR(st.st_mode)) return cli_usage_error("'%s' is not a directory", path);
        if (!directory && S_ISDIR(st.st_mode)) return cli_usage_error("'%s' is a directory", path);
        if (access(path, directory ? W_OK | X_OK : W_OK) != 0)
            return cli_usage_error("cannot write '%s': %s", path, strerror(errno));
        return 0;
    }
    if (errno != ENOENT) return cli_usage_error("cannot write '%s': %s", path, strerror(errno));
    char parent[4096];
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(parent, sizeof parent, ".");
    else if (slash == path) snprintf(parent, sizeof parent, "/");
    else if ((size_t)(slash - path) >= sizeof parent) return cli_usage_error("path too long: '%s'", path);
    else snprintf(parent, sizeof parent, "%.*s", (int)(slash - path), path);
    if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode))
        return cli_usage_error("cannot write '%s': no directory '%s'", path, parent);
    if (access(parent, W_OK | X_OK) != 0)
        return cli_usage_error("cannot write '%s': directory '%s' is not writable", path, parent);
    return 0;
}

int cli_parse_methods(const char *list, const hesse_method **out, int max)
{
    int count = 0;
    const char *p = list;
    char name[64];
    while (p && *p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == 0 || len >= sizeof name) {
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
        p = comma ? comma + 1 : NULL;
        if (comma && !*p) {
            cli_usage_error("malformed method list '%s'", list);
            return -1;
        }
    }
    if (count == 0) cli_usage_error("empty method list");
    return count ? count : -1;
}

int cli_instantiate(const char *name, int n, hesse_testinstance **out)
{
    const hesse_testproblem *tp = hesse_testproblem_find(name);
    if (!tp) return cli_usage_error("unknown problem '%s' (see hesse list)", name);
    char msg[256];
    hesse_status st = hesse_testinstance_create(tp, n, out, msg, sizeof msg);
    if (st == HESSE_EINVAL) return cli_usage_error("%s", msg);
    if (st != HESSE_SUCCESS) {
        fprintf(stderr, "hesse: %s\n", msg);
        return 1;
    }
    return 0;
}

static int record(const hesse_iteration *it, void *data)
{
    cli_run *run = data;
    if (run->count == run->capacity) {
        int cap = run->capacity ? 2 * run->capacity : 64;
        double *g = realloc(run->gnorm, (size_t)cap * sizeof *g);
        if (g) run->gnorm = g;
        double *f = realloc(run->f, (size_t)cap * sizeof *f);
        if (f) run->f = f;
        double *path = realloc(run->path, 2 * (size_t)cap * sizeof *path);
        if (path) run->path = path;
        if (!g || !f || !path) return 1; /* stop: the trace cannot be kept */
        run->capacity = cap;
    }
    run->gnorm[run->count] = it->gnorm;
    run->f[run->count] = it->f;
    run->path[2 * run->count] = it->x[0];
    run->path[2 * run->count + 1] = it->n > 1 ? it->x[1] : 0.0;
    run->count++;
    return 0;
}

int cli_solve(const hesse_problem *p, const double *x0, hesse_options *opt, cli_run *run,
              double *x_out)
{
    memset(run, 0, sizeof *run);
    opt->trace = record;
    opt->trace_data = run;
    memcpy(x_out, x0, (size_t)p->n * sizeof *x_out);
    hesse_minimize(p, x_out, opt, &run->result);
    return run->result.status == HESSE_STOPPED ? 1 : 0;
}

void cli_run_free(cli_run *run)
{
    free(run->gnorm);
    free(run->f);
    free(run->path);
    memset(run, 0, sizeof *run);
}

int cli_solved(const hesse_result *r, double fstar)
{
    if (r->status != HESSE_SUCCESS) return 0;
    if (isnan(fstar)) return 1;
    return fabs(r->f - fstar) <= 1e-6 * fmax(1.0, fabs(fstar));
}

void cli_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
        else if (c < 0x20) fprintf(out, "\\u%04x", c);
        else fputc(c, out);
    }
    fputc('"', out);
}

const char *cli_method_color(const hesse_method *m)
{
    static const char *palette[] = {"#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00",
                                    "#a65628", "#f781bf", "#999999", "#17becf", "#bcbd22"};
    int count = (int)(sizeof palette / sizeof palette[0]);
    for (int i = 0; i < hesse_method_count(); i++)
        if (hesse_method_at(i) == m) return palette[i % count];
    return "#000000";
}

int cli_have_gnuplot(void)
{
    return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

int cli_run_gnuplot(const char *script_path)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "gnuplot '%s'", script_path);
    return system(cmd) == 0 ? 0 : 1;
}

void cli_print_result(const char *problem, int n, const hesse_result *r, double fstar,
                      const double *x, const char *const *vars, cli_format format)
{
    const char *method = hesse_method_name(r->method);
    if (format == FORMAT_CSV) {
        printf("problem,n,method,status,f,fstar,gnorm,iterations,nfev,ngev,nhev,seconds,point,npos,nneg,nzero,lambda_min");
        for (int i = 0; x && i < n; i++) printf(",x_%s", vars[i]); /* x_ keeps "f", "n" apart */
        /* A formula may contain commas: then the column is quoted. */
        int quote = strpbrk(problem, ",\"\n") != NULL;
        printf(quote ? "\n\"" : "\n");
        for (const char *c = problem; *c; c++) {
            if (*c == '"') putchar('"');
            putchar(*c);
        }
        printf("%s,%d,%s,%s,%.17g,%.17g,%.3e,%d,%ld,%ld,%ld,%.6f,%s,%d,%d,%d,%.6g", quote ? "\"" : "", n,
               method, hesse_status_name(r->status), r->f, fstar, r->gnorm, r->iterations, r->nfev,
               r->ngev, r->nhev, r->seconds, hesse_point_kind_name(r->point), r->npos, r->nneg,
               r->nzero, r->lambda_min);
        for (int i = 0; x && i < n; i++) printf(",%.17g", x[i]);
        printf("\n");
        return;
    }
    if (format == FORMAT_JSON) {
        printf("{\"problem\": ");
        cli_json_string(stdout, problem);
        printf(", \"n\": %d, \"method\": ", n);
        cli_json_string(stdout, method);
        printf(", \"status\": ");
        cli_json_string(stdout, hesse_status_name(r->status));
        printf(", \"message\": ");
        cli_json_string(stdout, r->message);
        printf(", \"f\": %.17g, \"fstar\": ", r->f);
        if (isnan(fstar)) printf("null");
        else printf("%.17g", fstar);
        printf(", \"gnorm\": %.6e, \"iterations\": %d, \"nfev\": %ld, \"ngev\": %ld, \"nhev\": %ld, "
               "\"seconds\": %.6f, \"point\": ",
               r->gnorm, r->iterations, r->nfev, r->ngev, r->nhev, r->seconds);
        cli_json_string(stdout, hesse_point_kind_name(r->point));
        printf(", \"npos\": %d, \"nneg\": %d, \"nzero\": %d, \"lambda_min\": ", r->npos, r->nneg, r->nzero);
        if (isnan(r->lambda_min)) printf("null");
        else printf("%.17g", r->lambda_min);
        if (x) {
            printf(", \"variables\": ");
            cli_json_strings(stdout, n, vars);
            printf(", \"x\": ");
            cli_json_vector(stdout, n, x);
        }
        printf("}\n");
        return;
    }
    printf("problem     %s (n = %d)\n", problem, n);
    printf("method      %s\n", method);
    printf("status      %s: %s\n", hesse_status_name(r->status), r->message);
    printf("f           %.17g", r->f);
    if (!isnan(fstar)) printf("   (f* = %.17g, |f - f*| = %.3g)", fstar, fabs(r->f - fstar));
    printf("\n||g||_inf   %.3e\n", r->gnorm);
    if (x) {
        printf("x           ");
        for (int i = 0; i < n; i++) printf("%s%s = %.10g", i ? ", " : "", vars[i], x[i]);
        printf("\n");
    }
    printf("iterations  %d\n", r->iterations);
    printf("evaluations nfev = %ld, ngev = %ld, nhev = %ld\n", r->nfev, r->ngev, r->nhev);
    printf("time        %.6f s\n", r->seconds);
    printf("point       %s", hesse_point_kind_name(r->point));
    if (r->npos >= 0)
        printf("   (inertia +%d -%d 0:%d, lambda_min = %.6g)", r->npos, r->nneg, r->nzero, r->lambda_min);
    printf("\n");
}

