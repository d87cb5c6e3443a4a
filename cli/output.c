/*
 * Output of the hesse command (see cli.h): numbers as text, and one writer for JSON
 * values and CSV rows, so that every command writes valid JSON (non-finite numbers
 * are null, strings escaped) and CSV with a header that matches its rows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

cli_number cli_num(const char *spec, double v)
{
    cli_number s;
    /* -0 compares equal to 0: a sign on zero means nothing to a reader. */
    snprintf(s.text, sizeof s.text, spec, v == 0 ? 0.0 : v);
    return s;
}

void cli_print_vector(FILE *out, int n, const double *v, const char *spec)
{
    fputc('[', out);
    for (int i = 0; i < n; i++) fprintf(out, "%s%s", i ? ", " : "", cli_num(spec, v[i]).text);
    fputc(']', out);
}

void cli_print_matrix(FILE *out, int n, const double *A, const char *spec)
{
    fputc('[', out);
    for (int i = 0; i < n; i++) {
        fputs(i ? ", [" : "[", out);
        for (int j = 0; j < n; j++) fprintf(out, "%s%s", j ? ", " : "", cli_num(spec, A[i + (size_t)j * n]).text);
        fputc(']', out);
    }
    fputc(']', out);
}

void cli_print_rect(FILE *out, int m, int n, const double *A, const char *spec)
{
    fputc('[', out);
    for (int i = 0; i < m; i++) {
        fputs(i ? ", [" : "[", out);
        for (int j = 0; j < n; j++) fprintf(out, "%s%s", j ? ", " : "", cli_num(spec, A[i + (size_t)j * m]).text);
        fputc(']', out);
    }
    fputc(']', out);
}

cli_number cli_det_text(double det, int sign, double log_abs_det)
{
    if (isfinite(det) && (det != 0 || sign == 0)) return cli_num("%.10g", det);
    cli_number s;
    if (isnan(log_abs_det)) {
        snprintf(s.text, sizeof s.text, "unknown");
        return s;
    }
    /* out of the range of a double: m * 10^k from log10|det| */
    double l10 = log_abs_det / log(10.0), k = floor(l10);
    snprintf(s.text, sizeof s.text, "%s%.6ge%+.0f", sign < 0 ? "-" : "", pow(10.0, l10 - k), k);
    return s;
}

void cli_json_number(FILE *out, double v)
{
    if (!isfinite(v)) {
        fputs("null", out);
        return;
    }
    if (v == 0) v = 0.0;
    char text[32];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(text, sizeof text, "%.*g", digits, v);
        if (strtod(text, NULL) == v) break;
    }
    fputs(text, out);
}

void cli_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
        else if (c < 0x20 || c == 0x7f) fprintf(out, "\\u%04x", c);
        else fputc(c, out);
    }
    fputc('"', out);
}

/* A CSV field: quoted (with '"' doubled) when it holds a comma, a quote or a line
   break. */
static void csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

void cli_writer_init(cli_writer *w, FILE *out, cli_format format)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->format = format;
}

/* JSON: the separator and key before a value at the current depth. */
static void json_lead(cli_writer *w, const char *key, int is_object)
{
    int d = w->depth;
    if (d > 0 && w->count[d] > 0) fputs(",", w->out);
    if (d > 0 && is_object && !key) {
        /* an object in an array: one per line */
        fputs("\n  ", w->out);
        w->objects[d] = 1;
    } else if (d > 0 && w->count[d] > 0) {
        fputc(' ', w->out);
    }
    if (key) {
        cli_json_string(w->out, key);
        fputs(": ", w->out);
    }
    w->count[d]++;
}

/* CSV: the column of a value of the row being written. */
static FILE *csv_lead(cli_writer *w, const char *key)
{
    if (!w->line_out) return NULL;
    if (w->count[1]++) {
        fputc(',', w->line_out);
        if (w->head_out) fputc(',', w->head_out);
    }
    if (w->head_out) csv_field(w->head_out, key);
    return w->line_out;
}

static void open_level(cli_writer *w, char bracket)
{
    fputc(bracket, w->out);
    if (w->depth + 1 == CLI_WRITER_DEPTH) abort(); /* a command nests deeper than documented */
    w->depth++;
    w->count[w->depth] = 0;
    w->objects[w->depth] = 0;
}

static void close_level(cli_writer *w, char bracket)
{
    if (w->objects[w->depth]) fputc('\n', w->out);
    fputc(bracket, w->out);
    w->depth--;
}

void cli_begin_object(cli_writer *w, const char *key)
{
    if (w->format == FORMAT_TABLE) return;
    if (w->format == FORMAT_CSV) {
        /* a row: the values are kept until the row ends, so that the header, made from
           the first row's keys, can go before it */
        w->depth = 1;
        w->count[1] = 0;
        w->line_out = open_memstream(&w->line, &w->line_size);
        if (w->rows == 0 && w->line_out && !(w->head_out = open_memstream(&w->head, &w->head_size))) {
            fclose(w->line_out);
            w->line_out = NULL;
        }
        return;
    }
    json_lead(w, key, 1);
    open_level(w, '{');
}

void cli_end_object(cli_writer *w)
{
    if (w->format == FORMAT_TABLE) return;
    if (w->format != FORMAT_CSV) {
        close_level(w, '}');
        return;
    }
    w->depth = 0;
    if (w->head_out) {
        fclose(w->head_out);
        fprintf(w->out, "%s\n", w->head);
    }
    if (w->line_out) {
        fclose(w->line_out);
        fprintf(w->out, "%s\n", w->line);
        w->rows++;
    } else {
        cli_error("out of memory for a CSV row");
        w->failed = 1;
    }
    free(w->head);
    free(w->line);
    w->head = w->line = NULL;
    w->head_out = w->line_out = NULL;
}

void cli_begin_array(cli_writer *w, const char *key)
{
    if (w->format != FORMAT_JSON) return;
    json_lead(w, key, 0);
    open_level(w, '[');
}

void cli_end_array(cli_writer *w)
{
    if (w->format == FORMAT_JSON) close_level(w, ']');
}

int cli_writer_end(cli_writer *w)
{
    if (w->format == FORMAT_JSON) fputc('\n', w->out);
    return w->failed;
}

void cli_put_string(cli_writer *w, const char *key, const char *s)
{
    if (w->format == FORMAT_TABLE) return;
    if (w->format == FORMAT_CSV) {
        FILE *out = csv_lead(w, key);
        if (out) csv_field(out, s);
        return;
    }
    json_lead(w, key, 0);
    cli_json_string(w->out, s);
}

void cli_put_int(cli_writer *w, const char *key, long v)
{
    if (w->format == FORMAT_TABLE) return;
    FILE *out = w->out;
    if (w->format == FORMAT_CSV) out = csv_lead(w, key);
    else json_lead(w, key, 0);
    if (out) fprintf(out, "%ld", v);
}

void cli_put_bool(cli_writer *w, const char *key, int v)
{
    if (w->format == FORMAT_TABLE) return;
    if (w->format == FORMAT_CSV) {
        FILE *out = csv_lead(w, key);
        if (out) fprintf(out, "%d", v ? 1 : 0);
        return;
    }
    json_lead(w, key, 0);
    fputs(v ? "true" : "false", w->out);
}

void cli_put_null(cli_writer *w, const char *key)
{
    if (w->format == FORMAT_TABLE) return;
    if (w->format == FORMAT_CSV) {
        csv_lead(w, key);
        return;
    }
    json_lead(w, key, 0);
    fputs("null", w->out);
}

void cli_put_number(cli_writer *w, const char *key, double v, const char *csv_spec)
{
    if (w->format == FORMAT_TABLE) return;
    if (w->format == FORMAT_CSV) {
        FILE *out = csv_lead(w, key);
        if (out) fputs(cli_num(csv_spec, v).text, out);
        return;
    }
    json_lead(w, key, 0);
    cli_json_number(w->out, v);
}

void cli_put_vector(cli_writer *w, const char *key, int n, const double *v)
{
    if (w->format != FORMAT_JSON) return;
    if (!v) {
        cli_put_null(w, key);
        return;
    }
    cli_begin_array(w, key);
    for (int i = 0; i < n; i++) cli_put_number(w, NULL, v[i], "%.17g");
    cli_end_array(w);
}

void cli_put_matrix(cli_writer *w, const char *key, int n, const double *A)
{
    if (w->format != FORMAT_JSON) return;
    cli_begin_array(w, key);
    for (int i = 0; i < n; i++) {
        cli_begin_array(w, NULL);
        for (int j = 0; j < n; j++) cli_put_number(w, NULL, A[i + (size_t)j * n], "%.17g");
        cli_end_array(w);
    }
    cli_end_array(w);
}

void cli_put_rect(cli_writer *w, const char *key, int m, int n, const double *A)
{
    if (w->format != FORMAT_JSON) return;
    cli_begin_array(w, key);
    for (int i = 0; i < m; i++) {
        cli_begin_array(w, NULL);
        for (int j = 0; j < n; j++) cli_put_number(w, NULL, A[i + (size_t)j * m], "%.17g");
        cli_end_array(w);
    }
    cli_end_array(w);
}

void cli_put_strings(cli_writer *w, const char *key, int n, const char *const *s)
{
    if (w->format != FORMAT_JSON) return;
    cli_begin_array(w, key);
    for (int i = 0; i < n; i++) cli_put_string(w, NULL, s[i]);
    cli_end_array(w);
}
