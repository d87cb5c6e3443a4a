/*
 * Targets: a built-in test problem or a formula typed on the command line, resolved in
 * one place (see cli.h), with the parsing of points and boxes and the printing of
 * variables, points and derivative formulas.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A longer derivative text is cut: it is for reading, and its length can grow
   exponentially with the formula's (see hesse_formula_print). */
#define FORMULA_TEXT_MAX 65536

static int out_of_memory(void)
{
    return cli_error("out of memory");
}

/* One word written like the problem names: two or more characters, capitals, digits
   and underscores, starting with a capital ("ROSENBROCK", "EXT_ROSENBROCK"). */
static int is_problem_like(const char *s)
{
    while (isspace((unsigned char)*s)) s++;
    if (!isupper((unsigned char)*s)) return 0;
    int len = 0;
    for (; isupper((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_'; s++) len++;
    while (isspace((unsigned char)*s)) s++;
    return *s == '\0' && len >= 2;
}

int cli_instantiate(const char *name, int n, hesse_testinstance **out)
{
    const hesse_testproblem *tp = hesse_testproblem_find(name);
    if (!tp) return cli_usage_error("unknown problem '%s' (see hesse list)", name);
    char msg[256];
    hesse_status st = hesse_testinstance_create(tp, n, out, msg, sizeof msg);
    if (st == HESSE_EINVAL) return cli_usage_error("%s", msg);
    if (st != HESSE_SUCCESS) return cli_error("%s", msg);
    return 0;
}

/* The formula on one line, a caret under the byte offset `column` (counted in
   characters, so that UTF-8 text lines up), and the reason. An error with no position
   (column < 0, e.g. in the variable list) is the reason alone, on one line. */
void cli_show_formula_error(const char *text, const hesse_formula_error *err)
{
    if (err->column < 0) {
        fprintf(stderr, "hesse: formula: %s\n", err->reason);
        return;
    }
    int caret = 0;
    for (int k = 0; text[k]; k++) {
        unsigned char c = (unsigned char)text[k];
        fputc(c == '\t' || c == '\n' || c == '\r' ? ' ' : c, stderr);
        if (k < err->column && (c & 0xC0) != 0x80) caret++;
    }
    fputc('\n', stderr);
    fprintf(stderr, "%*s^\n", caret, "");
    fprintf(stderr, "hesse: formula: %s (column %d)\n", err->reason, err->column);
}

int cli_target_open(const char *text, int n, const char *vars, cli_target *t)
{
    memset(t, 0, sizeof *t);
    t->fstar = NAN;
    t->name = text;
    const hesse_testproblem *tp = hesse_testproblem_find(text);
    if (tp) {
        if (vars) return cli_usage_error("--vars applies to formulas, not to the problem '%s'", text);
        int rc = cli_instantiate(text, n, &t->inst_);
        if (rc) return rc;
        hesse_testproblem_info info;
        hesse_testproblem_get_info(tp, &info);
        t->name = info.name;
        t->problem = t->inst_->problem;
        t->n = t->inst_->n;
        t->x0 = t->inst_->x0;
        t->fstar = t->inst_->fstar;
        /* Names x1..xn, each at most 12 bytes. */
        t->names_ = malloc((size_t)t->n * 12);
        t->vars = malloc((size_t)t->n * sizeof *t->vars);
        if (!t->names_ || !t->vars) {
            cli_target_close(t);
            return out_of_memory();
        }
        for (int i = 0; i < t->n; i++) {
            snprintf(t->names_ + 12 * (size_t)i, 12, "x%d", i + 1);
            t->vars[i] = t->names_ + 12 * (size_t)i;
        }
        return 0;
    }
    if (is_problem_like(text)) return cli_usage_error("unknown problem '%s' (see hesse list)", text);
    if (n) return cli_usage_error("--n applies to problems, not to a formula");
    hesse_formula_error err;
    hesse_status st = hesse_formula_parse(text, vars, &t->formula, &err);
    if (st == HESSE_ENOMEM) return out_of_memory();
    if (st != HESSE_SUCCESS) {
        cli_show_formula_error(text, &err);
        return 2;
    }
    if (hesse_formula_problem(t->formula, &t->problem) != HESSE_SUCCESS) {
        cli_target_close(t);
        return cli_usage_error("the formula '%s' has no variables", text);
    }
    t->n = hesse_formula_nvars(t->formula);
    t->vars = malloc((size_t)t->n * sizeof *t->vars);
    if (!t->vars) {
        cli_target_close(t);
        return out_of_memory();
    }
    for (int i = 0; i < t->n; i++) t->vars[i] = hesse_formula_var(t->formula, i);
    return 0;
}

void cli_target_close(cli_target *t)
{
    hesse_testinstance_free(t->inst_);
    hesse_formula_free(t->formula);
    free(t->names_);
    free((void *)t->vars);
    memset(t, 0, sizeof *t);
}

/* One value: a number, or an expression without variables ("pi/2"). When it is an
   expression without a value ("0/0", "log(-1)"), why says which operation has none. */
static int parse_value_why(const char *s, double *out, char *why, size_t size)
{
    if (why) why[0] = '\0';
    if (cli_parse_double(s, out)) return 1;
    hesse_formula *f;
    if (hesse_formula_parse(s, NULL, &f, NULL) != HESSE_SUCCESS) return 0;
    double dummy = 0.0;
    int ok = hesse_formula_nvars(f) == 0 && hesse_formula_eval(f, &dummy, out, NULL, NULL) == HESSE_SUCCESS &&
             isfinite(*out);
    if (!ok && why && hesse_formula_nvars(f) == 0) hesse_formula_explain(f, &dummy, 0, why, size);
    hesse_formula_free(f);
    return ok;
}

static int parse_value(const char *s, double *out)
{
    return parse_value_why(s, out, NULL, 0);
}

/* Split s at the commas outside parentheses ("pow(2,3),1" is two items). Returns the
   number of items (at most max; -1 when more), each a malloc'd copy in items. */
static int split_items(const char *s, char **items, int max)
{
    int count = 0, depth = 0;
    const char *start = s;
    for (const char *p = s;; p++) {
        if (*p == '(') depth++;
        else if (*p == ')') depth--;
        if (*p == '\0' || (*p == ',' && depth == 0)) {
            if (count == max) goto fail;
            size_t len = (size_t)(p - start);
            if (!(items[count] = malloc(len + 1))) goto fail;
            memcpy(items[count], start, len);
            items[count][len] = '\0';
            count++;
            if (*p == '\0') break;
            start = p + 1;
        }
    }
    return count;
fail:
    for (int k = 0; k < count; k++) free(items[k]);
    return -1;
}

static void free_items(char **items, int count)
{
    for (int k = 0; k < count; k++) free(items[k]);
    free(items);
}

int cli_parse_point(const char *opt, const char *s, int n, double *out)
{
    char **items = malloc((size_t)(n + 1) * sizeof *items);
    if (!items) return out_of_memory();
    int count = split_items(s, items, n + 1);
    int rc = 0;
    if (count != n) {
        rc = cli_usage_error("%s: '%s' is not %d comma-separated value%s", opt, s, n, n == 1 ? "" : "s");
    } else {
        char why[200];
        for (int k = 0; k < n && !rc; k++)
            if (!parse_value_why(items[k], &out[k], why, sizeof why))
                rc = why[0] ? cli_usage_error("%s: '%s' has no value: %s", opt, items[k], why)
                            : cli_usage_error("%s: '%s' is not a number or a constant expression", opt, items[k]);
    }
    if (count > 0) free_items(items, count);
    else free(items);
    return rc;
}

int cli_parse_box(const char *opt, const char *s, int n, double *lo, double *hi)
{
    int max = n > 2 ? n : 2;
    char **items = malloc((size_t)(max + 1) * sizeof *items);
    if (!items) return out_of_memory();
    int count = split_items(s, items, max + 1), rc = 0;
    if (count < 0) count = 0;
    int per_coordinate = count > 0 && strchr(items[0], ':') != NULL;
    if (per_coordinate) {
        if (count != n) rc = cli_usage_error("%s: '%s' needs %d intervals lo:hi", opt, s, n);
        for (int k = 0; k < count && !rc; k++) {
            char *colon = strchr(items[k], ':');
            if (!colon) {
                rc = cli_usage_error("%s: '%s' is not an interval lo:hi", opt, items[k]);
                break;
            }
            *colon = '\0';
            if (!parse_value(items[k], &lo[k]) || !parse_value(colon + 1, &hi[k]))
                rc = cli_usage_error("%s: interval %d is not two numbers lo:hi", opt, k + 1);
        }
    } else if (count != 2 || !parse_value(items[0], &lo[0]) || !parse_value(items[1], &hi[0])) {
        rc = cli_usage_error("%s: '%s' is not lo,hi or lo1:hi1,...", opt, s);
    } else {
        for (int k = 1; k < n; k++) {
            lo[k] = lo[0];
            hi[k] = hi[0];
        }
    }
    for (int k = 0; k < n && !rc; k++)
        if (!(lo[k] < hi[k])) rc = cli_usage_error("%s: empty interval [%s, %s] for coordinate %d", opt,
                                 cli_num("%g", lo[k]).text, cli_num("%g", hi[k]).text, k + 1);
    free_items(items, count);
    return rc;
}

char *cli_formula_text(const hesse_formula *f, int i, int j)
{
    size_t len = j == -2 ? hesse_formula_print(f, NULL, 0)
                 : j == -1 ? hesse_formula_print_gradient(f, i, NULL, 0)
                           : hesse_formula_print_hessian(f, i, j, NULL, 0);
    size_t size = (len < FORMULA_TEXT_MAX ? len : FORMULA_TEXT_MAX) + 1;
    char *buf = malloc(size + 3);
    if (!buf) return NULL;
    if (j == -2) hesse_formula_print(f, buf, size);
    else if (j == -1) hesse_formula_print_gradient(f, i, buf, size);
    else hesse_formula_print_hessian(f, i, j, buf, size);
    if (len >= FORMULA_TEXT_MAX) strcat(buf, "...");
    return buf;
}

int cli_target_open_point(const cli_args *a, const char *opt, const char *text, int required, cli_target *t,
                          double **x)
{
    *x = NULL;
    int rc = cli_target_open(a->operand, a->n, a->vars, t);
    if (rc) return rc;
    if (!text && !t->x0 && !required) return 0;
    if (!text && !t->x0)
        rc = cli_usage_error("%s with %d value%s is required for a formula", opt, t->n, t->n == 1 ? "" : "s");
    else if (!(*x = malloc((size_t)t->n * sizeof **x)))
        rc = out_of_memory();
    else if (text)
        rc = cli_parse_point(opt, text, t->n, *x);
    else
        memcpy(*x, t->x0, (size_t)t->n * sizeof **x);
    if (rc) {
        free(*x);
        *x = NULL;
        cli_target_close(t);
    }
    return rc;
}

void cli_print_vars(FILE *out, const cli_target *t)
{
    fputc('(', out);
    for (int i = 0; i < t->n; i++) fprintf(out, "%s%s", i ? ", " : "", t->vars[i]);
    fputc(')', out);
}

void cli_print_point(FILE *out, const cli_target *t, const double *x, const char *spec)
{
    cli_print_vars(out, t);
    fputs(" = (", out);
    for (int i = 0; i < t->n; i++) fprintf(out, "%s%s", i ? ", " : "", cli_num(spec, x[i]).text);
    fputc(')', out);
}

void cli_print_box(FILE *out, const cli_boxed *b)
{
    const cli_target *t = &b->t;
    const double *lo = b->lo, *hi = b->hi;
    int same = 1;
    for (int i = 1; i < t->n; i++) same = same && lo[i] == lo[0] && hi[i] == hi[0];
    for (int i = 0; i < (same ? 1 : t->n); i++)
        fprintf(out, "%s%s%s[%s, %s]", i ? ", " : "", same ? "" : t->vars[i], same ? "" : " in ",
                cli_num("%g", lo[i]).text, cli_num("%g", hi[i]).text);
    if (same) fputs(" for every coordinate", out);
}

void cli_put_target(cli_writer *w, const cli_target *t)
{
    cli_put_string(w, "target", t->name);
    cli_put_bool(w, "formula", t->formula != NULL);
    cli_put_int(w, "n", t->n);
    cli_put_strings(w, "variables", t->n, t->vars);
}

int cli_boxed_open(const cli_args *a, cli_boxed *b)
{
    memset(b, 0, sizeof *b);
    hesse_analysis_options_init(&b->options);
    if (a->starts) b->options.nstarts = a->starts;
    if (a->samples) b->options.nsamples = a->samples;
    if (!a->box) return cli_usage_error("--box lo,hi is required");
    int rc = cli_target_open(a->operand, a->n, a->vars, &b->t);
    if (rc) return rc;
    b->lo = malloc((size_t)b->t.n * sizeof *b->lo);
    b->hi = malloc((size_t)b->t.n * sizeof *b->hi);
    if (!b->lo || !b->hi) rc = out_of_memory();
    else rc = cli_parse_box("--box", a->box, b->t.n, b->lo, b->hi);
    if (rc) cli_boxed_close(b);
    return rc;
}

void cli_boxed_close(cli_boxed *b)
{
    free(b->lo);
    free(b->hi);
    cli_target_close(&b->t);
    b->lo = b->hi = NULL;
}

void cli_put_box(cli_writer *w, const cli_boxed *b)
{
    cli_begin_object(w, "box");
    cli_put_vector(w, "lo", b->t.n, b->lo);
    cli_put_vector(w, "hi", b->t.n, b->hi);
    cli_end_object(w);
}

/* ---- why a point cannot be evaluated ---- */

void cli_explain(const cli_target *t, const double *x, int order, char *buf, size_t size)
{
    buf[0] = '\0';
    if (t->formula && x) hesse_formula_explain(t->formula, x, order, buf, size);
}

int cli_fail_at(const cli_target *t, const double *x, int order, hesse_status st, const char *message)
{
    char why[256];
    cli_explain(t, x, order, why, sizeof why);
    if (!why[0] || !x) return cli_fail(st, message);
    fprintf(stderr, "hesse: %s: %s: %s; at ", cli_command_name(), hesse_status_name(st), message);
    cli_print_point(stderr, t, x, "%.10g");
    fprintf(stderr, ": %s\n", why);
    return CLI_EXIT_NOT_FOUND;
}

/* ---- systems and vector functions ---- */

/* A built-in system seen as a vector function (m = n). */
static int system_as_vector(int n, int m, const double *x, double *F, double *J, void *data)
{
    const hesse_system *sys = data;
    if (m != n) return -1;
    return sys->function(n, x, F, J, sys->data);
}

int cli_system_open(const char *text, int n, const char *vars, int square, cli_system *s)
{
    memset(s, 0, sizeof *s);
    s->name = text;
    const hesse_equation_problem *ep = hesse_equation_problem_find(text);
    if (ep) {
        if (vars) return cli_usage_error("--vars applies to formulas, not to the system '%s'", text);
        char msg[256];
        hesse_status st = hesse_equation_instance_create(ep, n, &s->inst_, msg, sizeof msg);
        if (st == HESSE_EINVAL) return cli_usage_error("%s", msg);
        if (st != HESSE_SUCCESS) return cli_fail(st, msg);
        hesse_equation_problem_info info;
        hesse_equation_problem_get_info(ep, &info);
        s->name = info.name;
        s->n = s->m = s->inst_->n;
        s->system = s->inst_->system;
        s->x0 = s->inst_->x0;
        s->root = s->inst_->root;
        s->function = (hesse_vector_function){s->n, s->n, system_as_vector, s->system.has_jacobian, &s->system};
        s->names_ = malloc((size_t)s->n * 12);
        s->vars = malloc((size_t)s->n * sizeof *s->vars);
        if (!s->names_ || !s->vars) {
            cli_system_close(s);
            return out_of_memory();
        }
        for (int i = 0; i < s->n; i++) {
            snprintf(s->names_ + 12 * (size_t)i, 12, "x%d", i + 1);
            s->vars[i] = s->names_ + 12 * (size_t)i;
        }
        return 0;
    }
    if (is_problem_like(text))
        return cli_usage_error("unknown system '%s' (see hesse list --family equations)", text);
    if (n) return cli_usage_error("--n applies to built-in systems, not to a formula");
    hesse_formula_error err;
    hesse_status st = hesse_formula_vector_parse(text, vars, &s->formula, &err);
    if (st == HESSE_ENOMEM) return out_of_memory();
    if (st != HESSE_SUCCESS) {
        cli_show_formula_error(text, &err);
        return CLI_EXIT_USAGE;
    }
    s->n = hesse_formula_vector_nvars(s->formula);
    s->m = hesse_formula_vector_size(s->formula);
    hesse_formula_vector_function(s->formula, &s->function);
    if (square && s->m != s->n) {
        int m = s->m, nv = s->n;
        cli_system_close(s);
        return cli_usage_error("the system has %d equation%s in %d unknown%s: F(x) = 0 needs as many equations "
                               "(comma-separated formulas) as unknowns", m, m == 1 ? "" : "s", nv, nv == 1 ? "" : "s");
    }
    if (s->m == s->n) hesse_formula_vector_system(s->formula, &s->system);
    s->vars = malloc((size_t)s->n * sizeof *s->vars);
    if (!s->vars) {
        cli_system_close(s);
        return out_of_memory();
    }
    for (int i = 0; i < s->n; i++) s->vars[i] = hesse_formula_vector_var(s->formula, i);
    return 0;
}

void cli_system_close(cli_system *s)
{
    hesse_equation_instance_free(s->inst_);
    hesse_formula_vector_free(s->formula);
    free(s->names_);
    free((void *)s->vars);
    memset(s, 0, sizeof *s);
}

void cli_print_names(FILE *out, int n, const char *const *vars)
{
    fputc('(', out);
    for (int i = 0; i < n; i++) fprintf(out, "%s%s", i ? ", " : "", vars[i]);
    fputc(')', out);
}

void cli_print_named_point(FILE *out, int n, const char *const *vars, const double *x, const char *spec)
{
    cli_print_names(out, n, vars);
    fputs(" = (", out);
    for (int i = 0; i < n; i++) fprintf(out, "%s%s", i ? ", " : "", cli_num(spec, x[i]).text);
    fputc(')', out);
}
