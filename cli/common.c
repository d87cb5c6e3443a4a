/*
 * Shared pieces of the hesse command (see cli.h).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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
    if (!s || !*s) return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(v)) return 0;
    *out = v;
    return 1;
}

int cli_parse_int(const char *s, int *out)
{
    if (!s || !*s) return 0;
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
    if (*i + 1 >= argc) {
        cli_usage_error("option %s needs a value", argv[*i]);
        return NULL;
    }
    return argv[++*i];
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
