/*
 * nist.c — reading the NIST StRD nonlinear regression files, and the least-squares
 * objective built on hesse's formula parser (see nist.h for the formulas).
 *
 * A .dat file has a fixed layout (https://www.itl.nist.gov/div898/strd/nls/nls_main.shtml):
 * a "File Format" block giving the line numbers of the starting values and the data,
 * a "Model:" block with the equation (possibly over several lines, Roszman1 with a
 * "pi = ..." line before it), one line per parameter "bj = start1 start2 certified sd",
 * the certified residual sum of squares, residual standard deviation, degrees of
 * freedom and number of observations, then "Data:  y  x" and one line per observation.
 * The parser reads each item where the file says it is and cross-checks the counts the
 * file states (parameters, observations, data line range), so a file it misreads is
 * an error, not a silently different problem.
 */
#include "nist.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HESSE_SOURCE_DIR
#error "HESSE_SOURCE_DIR (the source tree) must be defined by the build"
#endif

static const char *const names[] = {
    /* lower */ "Misra1a", "Chwirut2", "Chwirut1", "Lanczos3", "Gauss1", "Gauss2", "DanWood",
    "Misra1b",
    /* average */ "Kirby2", "Hahn1", "Nelson", "MGH17", "Lanczos1", "Lanczos2", "Gauss3",
    "Misra1c", "Misra1d", "Roszman1", "ENSO",
    /* higher */ "MGH09", "Thurber", "BoxBOD", "Rat42", "MGH10", "Eckerle4", "Rat43",
    "Bennett5"};

int nist_count(void) { return (int)(sizeof names / sizeof names[0]); }

const char *nist_name(int i) { return i >= 0 && i < nist_count() ? names[i] : NULL; }

const char *nist_data_dir(void) { return HESSE_SOURCE_DIR "/../shared/reference/nist-strd"; }

int nist_available(const char *dir, char *reason, size_t reason_size)
{
    for (int i = 0; i < nist_count(); i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s.dat", dir, names[i]);
        FILE *fp = fopen(path, "rb");
        if (!fp) {
            if (reason && reason_size)
                snprintf(reason, reason_size, "cannot open %s: %s", path, strerror(errno));
            return 0;
        }
        fclose(fp);
    }
    if (reason && reason_size) reason[0] = '\0';
    return 1;
}

/* ---------------------------------------------------------------------------------- */
/* Translation of NIST's expressions                                                  */

static int put(char *out, size_t size, size_t *len, const char *s, size_t n)
{
    if (*len + n + 1 > size) return -1;
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
    return 0;
}

/* Fortran-like syntax to hesse's: ** -> ^, [ ] -> ( ), arctan/arcsin/arccos ->
   atan/asin/acos; whitespace dropped. Numbers and every other name are copied. */
int nist_translate(const char *nist, char *out, size_t out_size)
{
    size_t len = 0;
    if (!out || out_size == 0) return -1;
    out[0] = '\0';
    for (const char *p = nist; *p;) {
        if (isspace((unsigned char)*p)) {
            p++;
        } else if (p[0] == '*' && p[1] == '*') {
            if (put(out, out_size, &len, "^", 1)) return -1;
            p += 2;
        } else if (*p == '[' || *p == ']') {
            if (put(out, out_size, &len, *p == '[' ? "(" : ")", 1)) return -1;
            p++;
        } else if (isdigit((unsigned char)*p) || *p == '.') {
            const char *q = p;
            while (isdigit((unsigned char)*q) || *q == '.') q++;
            if ((*q == 'e' || *q == 'E') &&
                (isdigit((unsigned char)q[1]) ||
                 ((q[1] == '+' || q[1] == '-') && isdigit((unsigned char)q[2])))) {
                q += 2;
                while (isdigit((unsigned char)*q)) q++;
            }
            if (put(out, out_size, &len, p, (size_t)(q - p))) return -1;
            p = q;
        } else if (isalpha((unsigned char)*p) || *p == '_') {
            const char *q = p;
            while (isalnum((unsigned char)*q) || *q == '_') q++;
            size_t n = (size_t)(q - p);
            if (n == 6 && (!strncmp(p, "arctan", 6) || !strncmp(p, "arcsin", 6) ||
                           !strncmp(p, "arccos", 6))) {
                if (put(out, out_size, &len, "a", 1) || put(out, out_size, &len, p + 3, 3))
                    return -1;
            } else if (put(out, out_size, &len, p, n)) {
                return -1;
            }
            p = q;
        } else {
            if (put(out, out_size, &len, p, 1)) return -1;
            p++;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------------------------- */
/* Parsing                                                                             */

typedef struct {
    char **line; /* pointers into a private copy of the text, newlines replaced by NUL */
    int count;
    char *buf;
} lines;

static void lines_free(lines *ls)
{
    free(ls->line);
    free(ls->buf);
}

static int lines_split(const char *text, lines *ls)
{
    size_t n = strlen(text);
    ls->buf = malloc(n + 1);
    int cap = 1;
    for (size_t i = 0; i < n; i++) cap += text[i] == '\n';
    ls->line = malloc((size_t)cap * sizeof *ls->line);
    ls->count = 0;
    if (!ls->buf || !ls->line) return -1;
    memcpy(ls->buf, text, n + 1);
    char *p = ls->buf;
    while (*p || ls->count == 0) {
        ls->line[ls->count++] = p;
        char *nl = strchr(p, '\n');
        if (!nl) break;
        *nl = '\0';
        if (nl > p && nl[-1] == '\r') nl[-1] = '\0';
        p = nl + 1;
    }
    return 0;
}

static const char *skip_space(const char *s)
{
    while (isspace((unsigned char)*s)) s++;
    return s;
}

static int is_blank(const char *s) { return *skip_space(s) == '\0'; }

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Case-insensitive substring search. */
static const char *find_ci(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && tolower((unsigned char)s[i]) == tolower((unsigned char)word[i])) i++;
        if (i == n) return s;
    }
    return NULL;
}

/* The number after "label" on the first line that starts (after spaces) with label. */
static int labelled_number(const lines *ls, const char *label, double *value)
{
    for (int i = 0; i < ls->count; i++) {
        const char *s = skip_space(ls->line[i]);
        if (!starts_with(s, label)) continue;
        char *end;
        errno = 0;
        *value = strtod(s + strlen(label), &end);
        return end == s + strlen(label) || errno == ERANGE ? -1 : 0;
    }
    return -1;
}

/* "Data  (lines 61 to 74)" in the File Format block: first and last line, 1-based. */
static int data_line_range(const lines *ls, int *first, int *last)
{
    for (int i = 0; i < ls->count && i < 20; i++) {
        const char *s = skip_space(ls->line[i]);
        if (starts_with(s, "File Format:")) s = skip_space(s + strlen("File Format:"));
        if (!starts_with(s, "Data")) continue;
        const char *p = strstr(s, "(lines");
        if (p && sscanf(p, "(lines %d to %d)", first, last) == 2) return 0;
    }
    return -1;
}

static void message(char *msg, size_t size, const char *fmt, ...)
{
    if (!msg || !size) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, size, fmt, ap);
    va_end(ap);
}

/* The model: the equation starts at the first line of the Model block of the form
   "lhs = rhs" whose lhs is not "pi" and continues over the next non-blank lines. A
   "pi = value" line must give pi to double precision (hesse's constant pi is used). */
static hesse_status read_model(const lines *ls, nist_dataset *d, int *k_stated, char *msg,
                               size_t msg_size)
{
    int model = -1;
    for (int i = 0; i < ls->count; i++)
        if (starts_with(ls->line[i], "Model:")) {
            model = i;
            break;
        }
    if (model < 0) {
        message(msg, msg_size, "%s: no \"Model:\" line", d->name);
        return HESSE_EINVAL;
    }
    *k_stated = -1;
    char equation[1024] = "";
    int eq_line = -1;
    for (int i = model + 1; i < ls->count; i++) {
        const char *s = skip_space(ls->line[i]);
        if (find_ci(s, "starting values")) break;
        if (*k_stated < 0 && strstr(s, "Parameters (")) {
            *k_stated = atoi(s);
            continue;
        }
        if (eq_line >= 0) {
            if (is_blank(s)) break;
            if (strlen(equation) + strlen(s) + 2 > sizeof equation) {
                message(msg, msg_size, "%s: model equation too long at line %d", d->name, i + 1);
                return HESSE_EINVAL;
            }
            strcat(equation, " ");
            strcat(equation, s);
            continue;
        }
        const char *eq = strchr(s, '=');
        if (!eq) continue;
        if (starts_with(s, "pi") && skip_space(s + 2) == eq) {
            double pi = strtod(eq + 1, NULL);
            if (pi != 3.14159265358979323846) {
                message(msg, msg_size, "%s: line %d defines pi = %.17g, not pi to double precision",
                        d->name, i + 1, pi);
                return HESSE_EINVAL;
            }
            continue;
        }
        eq_line = i;
        snprintf(equation, sizeof equation, "%s", s);
    }
    if (eq_line < 0) {
        message(msg, msg_size, "%s: no model equation (a line \"y = ...\") after \"Model:\"",
                d->name);
        return HESSE_EINVAL;
    }
    char *eq = strchr(equation, '=');
    *eq = '\0';
    char *rhs = eq + 1;
    /* The error term: the right-hand side ends with "+ e". */
    char *end = rhs + strlen(rhs);
    while (end > rhs && isspace((unsigned char)end[-1])) end--;
    char *plus = end - 1;
    while (plus > rhs && isspace((unsigned char)plus[-1])) plus--;
    if (end - rhs < 2 || end[-1] != 'e' || plus <= rhs || plus[-1] != '+') {
        message(msg, msg_size, "%s: model equation at line %d does not end with the error term \"+ e\"",
                d->name, eq_line + 1);
        return HESSE_EINVAL;
    }
    plus[-1] = '\0';
    snprintf(d->model_nist, sizeof d->model_nist, "%s", skip_space(rhs));
    end = d->model_nist + strlen(d->model_nist);
    while (end > d->model_nist && isspace((unsigned char)end[-1])) *--end = '\0';
    if (nist_translate(d->model_nist, d->model, sizeof d->model) ||
        nist_translate(equation, d->response, sizeof d->response)) {
        message(msg, msg_size, "%s: model equation at line %d too long", d->name, eq_line + 1);
        return HESSE_EINVAL;
    }
    return HESSE_SUCCESS;
}

/* Parameter lines "bj = start1 start2 certified sd", after "Starting values". */
static hesse_status read_parameters(const lines *ls, nist_dataset *d, char *msg, size_t msg_size)
{
    int from = -1;
    for (int i = 0; i < ls->count; i++)
        if (find_ci(ls->line[i], "starting values")) {
            from = i + 1;
            break;
        }
    if (from < 0) {
        message(msg, msg_size, "%s: no \"Starting values\" block", d->name);
        return HESSE_EINVAL;
    }
    d->k = 0;
    for (int i = from; i < ls->count; i++) {
        const char *s = skip_space(ls->line[i]);
        if (s[0] != 'b' || !isdigit((unsigned char)s[1])) {
            if (d->k > 0) break;
            continue;
        }
        int j, used = 0;
        double v[4];
        if (sscanf(s, "b%d = %lf %lf %lf %lf%n", &j, &v[0], &v[1], &v[2], &v[3], &used) != 5 ||
            !is_blank(s + used)) {
            message(msg, msg_size, "%s: line %d is not \"bj = start1 start2 certified sd\": %s",
                    d->name, i + 1, s);
            return HESSE_EINVAL;
        }
        if (j != d->k + 1 || j > NIST_MAX_PARAMS) {
            message(msg, msg_size, "%s: line %d: parameter b%d where b%d was expected (at most %d)",
                    d->name, i + 1, j, d->k + 1, NIST_MAX_PARAMS);
            return HESSE_EINVAL;
        }
        d->start[0][d->k] = v[0];
        d->start[1][d->k] = v[1];
        d->certified[d->k] = v[2];
        d->certified_sd[d->k] = v[3];
        d->k++;
    }
    if (d->k == 0) {
        message(msg, msg_size, "%s: no parameter lines \"b1 = ...\"", d->name);
        return HESSE_EINVAL;
    }
    return HESSE_SUCCESS;
}

/* The header "Data:  y  x ..." (column names) and the observations after it. */
static hesse_status read_data(const lines *ls, nist_dataset *d, int m_stated, char *msg,
                              size_t msg_size)
{
    int header = -1;
    for (int i = 0; i < ls->count; i++) {
        const char *s = ls->line[i];
        if (starts_with(s, "Data:") && *skip_space(s + 5) == 'y' &&
            isspace((unsigned char)skip_space(s + 5)[1])) {
            header = i;
            break;
        }
    }
    if (header < 0) {
        message(msg, msg_size, "%s: no data header \"Data:  y  x\"", d->name);
        return HESSE_EINVAL;
    }
    /* Column names after y. */
    const char *p = skip_space(skip_space(ls->line[header] + 5) + 1);
    d->npred = 0;
    while (*p) {
        const char *q = p;
        while (*q && !isspace((unsigned char)*q)) q++;
        if (d->npred == NIST_MAX_PREDICTORS || (size_t)(q - p) >= sizeof d->pred_names[0]) {
            message(msg, msg_size, "%s: line %d: too many or too long predictor names", d->name,
                    header + 1);
            return HESSE_EINVAL;
        }
        memcpy(d->pred_names[d->npred], p, (size_t)(q - p));
        d->pred_names[d->npred][q - p] = '\0';
        d->npred++;
        p = skip_space(q);
    }
    if (d->npred == 0) {
        message(msg, msg_size, "%s: line %d: no predictor column after y", d->name, header + 1);
        return HESSE_EINVAL;
    }
    int first = header + 1, last = ls->count - 1;
    while (last >= first && is_blank(ls->line[last])) last--;
    int stated_first, stated_last;
    if (data_line_range(ls, &stated_first, &stated_last) ||
        stated_first != first + 1 || stated_last != last + 1) {
        message(msg, msg_size, "%s: the data are on lines %d to %d, not where \"File Format\" says",
                d->name, first + 1, last + 1);
        return HESSE_EINVAL;
    }
    d->m = last - first + 1;
    if (d->m != m_stated) {
        message(msg, msg_size, "%s: %d data lines, but \"Number of Observations\" is %d", d->name,
                d->m, m_stated);
        return HESSE_EINVAL;
    }
    d->y = malloc((size_t)d->m * sizeof *d->y);
    d->g_y = malloc((size_t)d->m * sizeof *d->g_y);
    d->x = malloc((size_t)d->m * d->npred * sizeof *d->x);
    if (!d->y || !d->g_y || !d->x) {
        message(msg, msg_size, "%s: out of memory for %d observations", d->name, d->m);
        return HESSE_ENOMEM;
    }
    for (int i = 0; i < d->m; i++) {
        const char *s = ls->line[first + i];
        for (int c = 0; c <= d->npred; c++) {
            char *end;
            errno = 0;
            double v = strtod(s, &end);
            if (end == s || errno == ERANGE || !isfinite(v)) {
                message(msg, msg_size, "%s: line %d: expected %d numbers: %s", d->name,
                        first + i + 1, d->npred + 1, ls->line[first + i]);
                return HESSE_EINVAL;
            }
            if (c == 0) d->y[i] = v;
            else d->x[(size_t)i * d->npred + c - 1] = v;
            s = end;
        }
        if (!is_blank(s)) {
            message(msg, msg_size, "%s: line %d: more than %d numbers: %s", d->name, first + i + 1,
                    d->npred + 1, ls->line[first + i]);
            return HESSE_EINVAL;
        }
    }
    return HESSE_SUCCESS;
}

static void read_difficulty(const lines *ls, nist_dataset *d)
{
    snprintf(d->difficulty, sizeof d->difficulty, "unknown");
    for (int i = 0; i < ls->count; i++) {
        const char *s = find_ci(ls->line[i], "Level of Difficulty");
        if (!s) continue;
        const char *w = skip_space(ls->line[i]);
        size_t n = 0;
        while (n + 1 < sizeof d->difficulty && isalpha((unsigned char)w[n])) {
            d->difficulty[n] = (char)tolower((unsigned char)w[n]);
            n++;
        }
        d->difficulty[n] = '\0';
        return;
    }
}

/* The response transform g (the equation's left-hand side, a formula in y), applied
   to every observation once. */
static hesse_status transform_response(nist_dataset *d, char *msg, size_t msg_size)
{
    hesse_formula *g = NULL;
    hesse_formula_error err;
    hesse_status st = hesse_formula_parse(d->response, "y", &g, &err);
    if (st != HESSE_SUCCESS) {
        message(msg, msg_size, "%s: response \"%s\" is not a formula in y: %s", d->name,
                d->response, err.reason);
        return st;
    }
    for (int i = 0; i < d->m; i++) {
        if (hesse_formula_eval(g, &d->y[i], &d->g_y[i], NULL, NULL) != HESSE_SUCCESS ||
            !isfinite(d->g_y[i])) {
            message(msg, msg_size, "%s: response %s cannot be evaluated at observation %d (y = %g)",
                    d->name, d->response, i + 1, d->y[i]);
            hesse_formula_free(g);
            return HESSE_EINVAL;
        }
    }
    hesse_formula_free(g);
    return HESSE_SUCCESS;
}

static hesse_status parse_lines(const lines *ls, nist_dataset *d, char *msg, size_t msg_size)
{
    int k_stated;
    hesse_status st = read_model(ls, d, &k_stated, msg, msg_size);
    if (st == HESSE_SUCCESS) st = read_parameters(ls, d, msg, msg_size);
    if (st != HESSE_SUCCESS) return st;
    if (d->k != k_stated) {
        message(msg, msg_size, "%s: %d parameter lines, but the model says %d parameters", d->name,
                d->k, k_stated);
        return HESSE_EINVAL;
    }
    double ssr, rsd, dof, m_stated;
    if (labelled_number(ls, "Residual Sum of Squares:", &ssr) ||
        labelled_number(ls, "Residual Standard Deviation:", &rsd) ||
        labelled_number(ls, "Degrees of Freedom:", &dof) ||
        labelled_number(ls, "Number of Observations:", &m_stated)) {
        message(msg, msg_size, "%s: missing or unreadable certified residual sum of squares, "
                "residual standard deviation, degrees of freedom or number of observations", d->name);
        return HESSE_EINVAL;
    }
    d->ssr = ssr;
    d->residual_sd = rsd;
    d->dof_stated = (int)dof;
    st = read_data(ls, d, (int)m_stated, msg, msg_size);
    if (st != HESSE_SUCCESS) return st;
    d->dof = d->m - d->k;
    read_difficulty(ls, d);

    size_t len = 0;
    d->vars[0] = '\0';
    for (int j = 0; j < d->k + d->npred; j++) {
        char item[16];
        if (j < d->k) snprintf(item, sizeof item, "%sb%d", j ? "," : "", j + 1);
        else snprintf(item, sizeof item, ",%s", d->pred_names[j - d->k]);
        if (put(d->vars, sizeof d->vars, &len, item, strlen(item))) {
            message(msg, msg_size, "%s: variable list too long", d->name);
            return HESSE_EINVAL;
        }
    }
    hesse_formula_error err;
    st = hesse_formula_parse(d->model, d->vars, &d->formula, &err);
    if (st != HESSE_SUCCESS) {
        message(msg, msg_size, "%s: model \"%s\" (from \"%s\") rejected at column %d: %s", d->name,
                d->model, d->model_nist, err.column, err.reason);
        return st;
    }
    st = transform_response(d, msg, msg_size);
    if (st != HESSE_SUCCESS) return st;
    int nv = d->k + d->npred;
    d->z = malloc((size_t)nv * sizeof *d->z);
    d->grad = malloc((size_t)nv * sizeof *d->grad);
    d->hess = malloc((size_t)nv * nv * sizeof *d->hess);
    d->hv_matrix = malloc((size_t)d->k * d->k * sizeof *d->hv_matrix);
    if (!d->z || !d->grad || !d->hess || !d->hv_matrix) {
        message(msg, msg_size, "%s: out of memory", d->name);
        return HESSE_ENOMEM;
    }
    return HESSE_SUCCESS;
}

hesse_status nist_parse(const char *name, const char *text, nist_dataset **out, char *msg,
                        size_t msg_size)
{
    if (out) *out = NULL;
    if (!name || !text || !out) {
        message(msg, msg_size, "nist_parse: name, text and out must not be NULL");
        return HESSE_EINVAL;
    }
    nist_dataset *d = calloc(1, sizeof *d);
    lines ls = {0};
    if (!d || lines_split(text, &ls)) {
        free(d);
        lines_free(&ls);
        message(msg, msg_size, "%s: out of memory", name);
        return HESSE_ENOMEM;
    }
    snprintf(d->name, sizeof d->name, "%s", name);
    hesse_status st = parse_lines(&ls, d, msg, msg_size);
    lines_free(&ls);
    if (st != HESSE_SUCCESS) {
        nist_free(d);
        return st;
    }
    message(msg, msg_size, "");
    *out = d;
    return HESSE_SUCCESS;
}

hesse_status nist_load(const char *dir, const char *name, nist_dataset **out, char *msg,
                       size_t msg_size)
{
    if (out) *out = NULL;
    if (!dir || !name || !out) {
        message(msg, msg_size, "nist_load: dir, name and out must not be NULL");
        return HESSE_EINVAL;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.dat", dir, name);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        message(msg, msg_size, "cannot open %s: %s", path, strerror(errno));
        return HESSE_EINVAL;
    }
    char *text = NULL;
    long size = -1;
    if (fseek(fp, 0, SEEK_END) == 0) size = ftell(fp);
    if (size >= 0 && fseek(fp, 0, SEEK_SET) == 0) text = malloc((size_t)size + 1);
    if (!text || fread(text, 1, (size_t)size, fp) != (size_t)size) {
        free(text);
        fclose(fp);
        message(msg, msg_size, "cannot read %s", path);
        return text ? HESSE_EINVAL : HESSE_ENOMEM;
    }
    fclose(fp);
    text[size] = '\0';
    hesse_status st = nist_parse(name, text, out, msg, msg_size);
    free(text);
    return st;
}

void nist_free(nist_dataset *d)
{
    if (!d) return;
    hesse_formula_free(d->formula);
    free(d->y);
    free(d->g_y);
    free(d->x);
    free(d->z);
    free(d->grad);
    free(d->hess);
    free(d->hv_matrix);
    free(d);
}

/* ---------------------------------------------------------------------------------- */
/* The objective                                                                       */

/* m(b, x_i) into *value, with ∇m (order >= 1) and ∇²m (order 2) in d->grad, d->hess
   over all variables (b first). 0, 1 (cannot evaluate) or -1. */
static int model_at(nist_dataset *d, const double *b, int i, int order, double *value)
{
    int k = d->k;
    memcpy(d->z, b, (size_t)k * sizeof *b);
    memcpy(d->z + k, d->x + (size_t)i * d->npred, (size_t)d->npred * sizeof *d->x);
    hesse_status st = hesse_formula_eval(d->formula, d->z, value, order >= 1 ? d->grad : NULL,
                                         order >= 2 ? d->hess : NULL);
    if (st == HESSE_EDOMAIN) return 1;
    if (st != HESSE_SUCCESS) return -1;
    return isfinite(*value) ? 0 : 1;
}

static int objective(int n, const double *b, double *f, double *grad, void *data)
{
    nist_dataset *d = data;
    if (n != d->k) return -1;
    double sum = 0.0;
    if (grad) memset(grad, 0, (size_t)n * sizeof *grad);
    for (int i = 0; i < d->m; i++) {
        double mi;
        int rc = model_at(d, b, i, grad ? 1 : 0, &mi);
        if (rc) return rc;
        double r = d->g_y[i] - mi;
        sum += r * r;
        if (grad)
            for (int j = 0; j < n; j++) grad[j] -= r * d->grad[j]; /* ∇f = -Σ r_i ∇m_i */
    }
    *f = 0.5 * sum;
    if (!isfinite(*f)) return 1;
    if (grad)
        for (int j = 0; j < n; j++)
            if (!isfinite(grad[j])) return 1;
    return 0;
}

/* ∇²f = Σ ∇m_i ∇m_iᵀ - Σ r_i ∇²m_i over the b-block of the formula's Hessian. */
static int hessian(int n, const double *b, double *H, void *data)
{
    nist_dataset *d = data;
    if (n != d->k) return -1;
    int nv = d->k + d->npred;
    memset(H, 0, (size_t)n * n * sizeof *H);
    for (int i = 0; i < d->m; i++) {
        double mi;
        int rc = model_at(d, b, i, 2, &mi);
        if (rc) return rc;
        double r = d->g_y[i] - mi;
        for (int c = 0; c < n; c++)
            for (int a = 0; a < n; a++)
                H[a + (size_t)c * n] += d->grad[a] * d->grad[c] - r * d->hess[a + (size_t)c * nv];
    }
    for (size_t e = 0; e < (size_t)n * n; e++)
        if (!isfinite(H[e])) return 1;
    return 0;
}

/* ∇²f·v from the assembled Hessian: the per-point terms cost the same either way, and
   H v then agrees with the Hessian callback's matrix to the rounding of k products. */
static int hessvec(int n, const double *b, const double *v, double *Hv, void *data)
{
    nist_dataset *d = data;
    if (n != d->k) return -1;
    int rc = hessian(n, b, d->hv_matrix, d);
    if (rc) return rc;
    for (int a = 0; a < n; a++) {
        double s = 0.0;
        for (int c = 0; c < n; c++) s += d->hv_matrix[a + (size_t)c * n] * v[c];
        Hv[a] = s;
    }
    for (int a = 0; a < n; a++)
        if (!isfinite(Hv[a])) return 1;
    return 0;
}

void nist_problem(nist_dataset *d, hesse_problem *p)
{
    p->n = d->k;
    p->objective = objective;
    p->hessian = hessian;
    p->hessvec = hessvec;
    p->data = d;
}

int nist_residuals(int k, int m, const double *b, double *r, double *J, void *data)
{
    nist_dataset *d = data;
    if (!d || k != d->k || m != d->m || !d->z) return -1;
    for (int i = 0; i < m; i++) {
        double mi;
        int rc = model_at(d, b, i, J ? 1 : 0, &mi);
        if (rc) return rc;
        r[i] = d->g_y[i] - mi;
        if (J)
            for (int j = 0; j < k; j++) {
                J[i + (size_t)j * m] = -d->grad[j];
                if (!isfinite(J[i + (size_t)j * m])) return 1;
            }
    }
    return 0;
}

int nist_predict(nist_dataset *d, const double *b, double *pred)
{
    for (int i = 0; i < d->m; i++) {
        int rc = model_at(d, b, i, 0, &pred[i]);
        if (rc) return rc;
    }
    return 0;
}

/* ---------------------------------------------------------------------------------- */
/* Accuracy against the certified values                                               */

double nist_lre(double est, double cert)
{
    if (!isfinite(est)) return 0.0;
    double err = fabs(est - cert);
    if (err == 0.0) return NIST_LRE_CAP;
    double lre = -log10(cert != 0.0 ? err / fabs(cert) : err);
    return lre < 0.0 ? 0.0 : lre > NIST_LRE_CAP ? NIST_LRE_CAP : lre;
}

typedef struct {
    nist_dataset *d;
    const double *b;
    int cand_l[NIST_MAX_PARAMS][2 * NIST_MAX_PARAMS];
    double cand_s[NIST_MAX_PARAMS][2 * NIST_MAX_PARAMS];
    int ncand[NIST_MAX_PARAMS];
    int perm[NIST_MAX_PARAMS];
    double sign[NIST_MAX_PARAMS];
    int used[NIST_MAX_PARAMS];
    double *pred0, *pred1, *pred_c; /* m(b), m(T(b)) or m(T(c)), m(c) */
    double scale;                   /* max_i |g(y_i)| */
    double best, best_lre[NIST_MAX_PARAMS];
    int best_perm[NIST_MAX_PARAMS];
    double best_sign[NIST_MAX_PARAMS];
} symmetry_search;

/* 1 when T (perm, sign) maps v to a vector with the same predictions as v (pred_v). */
static int same_curve(symmetry_search *s, const double *v, const double *pred_v)
{
    double tv[NIST_MAX_PARAMS];
    for (int j = 0; j < s->d->k; j++) tv[j] = s->sign[j] * v[s->perm[j]];
    if (nist_predict(s->d, tv, s->pred1) != 0) return 0;
    for (int i = 0; i < s->d->m; i++)
        if (!(fabs(s->pred1[i] - pred_v[i]) <= 1e-11 * s->scale)) return 0;
    return 1;
}

static void try_transform(symmetry_search *s)
{
    int k = s->d->k, identity = 1;
    for (int j = 0; j < k; j++) identity &= s->perm[j] == j && s->sign[j] > 0;
    if (identity) return; /* scored separately */
    double lre[NIST_MAX_PARAMS], worst = NIST_LRE_CAP;
    for (int j = 0; j < k; j++) {
        lre[j] = nist_lre(s->sign[j] * s->b[s->perm[j]], s->d->certified[j]);
        if (lre[j] < worst) worst = lre[j];
    }
    if (worst <= s->best) return;
    if (!same_curve(s, s->b, s->pred0) || !same_curve(s, s->d->certified, s->pred_c)) return;
    s->best = worst;
    memcpy(s->best_lre, lre, sizeof lre);
    memcpy(s->best_perm, s->perm, sizeof s->perm);
    memcpy(s->best_sign, s->sign, sizeof s->sign);
}

static void search(symmetry_search *s, int j)
{
    if (j == s->d->k) {
        try_transform(s);
        return;
    }
    for (int c = 0; c < s->ncand[j]; c++) {
        int l = s->cand_l[j][c];
        if (s->used[l]) continue;
        s->used[l] = 1;
        s->perm[j] = l;
        s->sign[j] = s->cand_s[j][c];
        search(s, j + 1);
        s->used[l] = 0;
    }
}

double nist_min_lre(nist_dataset *d, const double *b, double *lre, char *how, size_t how_size)
{
    int k = d->k;
    symmetry_search s = {.d = d, .b = b};
    s.best = NIST_LRE_CAP;
    for (int j = 0; j < k; j++) {
        s.best_lre[j] = nist_lre(b[j], d->certified[j]);
        if (s.best_lre[j] < s.best) s.best = s.best_lre[j];
        s.best_perm[j] = j;
        s.best_sign[j] = 1.0;
    }
    int any = 0;
    for (int j = 0; j < k; j++)
        for (int l = 0; l < k; l++)
            for (int sg = 1; sg >= -1; sg -= 2) {
                double c = d->certified[j];
                if (isfinite(b[l]) && fabs(sg * b[l] - c) <= 0.1 * fabs(c)) {
                    s.cand_l[j][s.ncand[j]] = l;
                    s.cand_s[j][s.ncand[j]++] = sg;
                    any |= l != j || sg < 0;
                }
            }
    if (any && s.best < NIST_LRE_CAP) {
        s.pred0 = malloc((size_t)3 * d->m * sizeof *s.pred0);
        if (s.pred0) {
            s.pred1 = s.pred0 + d->m;
            s.pred_c = s.pred1 + d->m;
            s.scale = 0.0;
            for (int i = 0; i < d->m; i++) s.scale = fmax(s.scale, fabs(d->g_y[i]));
            if (nist_predict(d, b, s.pred0) == 0 && nist_predict(d, d->certified, s.pred_c) == 0)
                search(&s, 0);
            free(s.pred0);
        }
    }
    if (lre) memcpy(lre, s.best_lre, (size_t)k * sizeof *lre);
    if (how && how_size) {
        size_t len = 0;
        how[0] = '\0';
        for (int j = 0; j < k; j++) {
            if (s.best_perm[j] == j && s.best_sign[j] > 0) continue;
            char item[32];
            snprintf(item, sizeof item, "%sb%d=%sb%d", len ? " " : "", j + 1,
                     s.best_sign[j] < 0 ? "-" : "", s.best_perm[j] + 1);
            if (put(how, how_size, &len, item, strlen(item))) break;
        }
    }
    return s.best;
}
