/*
 * libFuzzer target for what the hesse command reads and the numbers it writes
 * (cli/args.c, cli/target.c, cli/output.c): cli_parse_double, cli_parse_int,
 * cli_parse_methods, the argument parser of every command (cli_parse_args), points
 * (cli_parse_point), the JSON number writer (cli_json_number) and numbers as text
 * (cli_num), boxes (cli_parse_box). Built and run by fuzz/run_cli.sh with AddressSanitizer and
 * UndefinedBehaviorSanitizer.
 *
 * Input: byte 0 selects the function, byte 1 a size (the capacity `max` of an output
 * array, 0..19, allocated with exactly that many elements so that a write past it is
 * caught; or the command), the rest is the argument: a string (cut at the first NUL,
 * copied into a buffer of exactly its size so that a read past the terminator is
 * caught), or for the argument parser up to 16 words separated by NULs, or the 8 bytes
 * of a double.
 *
 * Besides memory errors, the promises are checked (abort() on a breach, which
 * libFuzzer reports as a crash):
 *   - a double accepted is finite, and printing it with %.17g and parsing that gives
 *     the same bits; an int accepted prints (%d) to a string that parses to the same
 *     int;
 *   - a method list accepted has 1..max items, one more than its commas, all known
 *     methods; a list refused returns exactly -1;
 *   - cli_parse_args returns -1 (help), 0 or 2; on 0 the command has its operand when
 *     it takes one, and every value is in its documented range;
 *   - a point accepted has n finite coordinates, a box n intervals lo < hi;
 *   - cli_json_number writes null for NaN and infinities, else a number that reads
 *     back as the same double, never "-0"; cli_num never writes "-0".
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void check(int ok)
{
    if (!ok) abort();
}

static int commas(const char *s)
{
    int k = 0;
    for (; *s; s++) k += *s == ',';
    return k;
}

static void fuzz_args(const cli_command *cmd, const uint8_t *data, size_t size)
{
    char *words[16];
    int argc = 0;
    for (size_t at = 0; at < size && argc < 16;) {
        size_t len = strnlen((const char *)data + at, size - at);
        words[argc] = malloc(len + 1);
        if (!words[argc]) break;
        memcpy(words[argc], data + at, len);
        words[argc++][len] = '\0';
        at += len + 1;
    }
    cli_args a;
    int rc = cli_parse_args(cmd, argc, words, &a);
    check(rc == -1 || rc == 0 || rc == CLI_EXIT_USAGE);
    if (rc == 0) {
        check(cmd->operand ? a.operand && *a.operand : !a.operand);
        check(a.n >= 0 && a.starts >= 0 && a.samples >= 0 && a.max_iter >= -1);
        check(isnan(a.gtol) || (isfinite(a.gtol) && a.gtol >= 0));
        check(isnan(a.ftol) || (isfinite(a.ftol) && a.ftol >= 0));
        check(isnan(a.max_seconds) || (isfinite(a.max_seconds) && a.max_seconds >= 0));
        check(a.format == FORMAT_TABLE || a.format == FORMAT_CSV || a.format == FORMAT_JSON);
        check(a.methods.count >= 1 && a.methods.count <= CLI_MAX_METHODS);
        for (int k = 0; k < a.methods.count; k++) check(a.methods.at[k] != NULL);
    }
    for (int k = 0; k < argc; k++) free(words[k]);
}

/* Whether text is a negative zero as printed: "-0", "-0.000", "-0e+00". */
static int negative_zero(const char *text)
{
    return text[0] == '-' && strtod(text, NULL) == 0;
}

static void fuzz_numbers(const uint8_t *data, size_t size)
{
    double v;
    if (size < sizeof v) return;
    memcpy(&v, data, sizeof v);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out) return;
    cli_json_number(out, v);
    fclose(out);
    if (!isfinite(v)) check(strcmp(text, "null") == 0);
    else check(strtod(text, NULL) == v && !negative_zero(text));
    free(text);
    static const char *const specs[] = {"%.17g", "%.10g", "%.6g", "%.3e", "%.2e", "%22.15e", "%.6f", "%g"};
    for (size_t k = 0; k < sizeof specs / sizeof specs[0]; k++) {
        cli_number n = cli_num(specs[k], v);
        const char *t = n.text;
        while (*t == ' ') t++;
        check(!negative_zero(t) || v != 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    int which = data[0] % 7, max = data[1] % 20;
    if (which == 3) {
        fuzz_args(&cli_commands[data[1] % cli_command_count], data + 2, size - 2);
        return 0;
    }
    if (which == 6) {
        fuzz_numbers(data + 2, size - 2);
        return 0;
    }
    size_t len = strnlen((const char *)data + 2, size - 2);
    char *s = malloc(len + 1);
    if (!s) return 0;
    memcpy(s, data + 2, len);
    s[len] = '\0';

    if (which == 0) {
        double v;
        if (cli_parse_double(s, &v)) {
            check(isfinite(v));
            char again[64];
            snprintf(again, sizeof again, "%.17g", v);
            double w;
            check(cli_parse_double(again, &w) && memcmp(&v, &w, sizeof v) == 0);
        }
    } else if (which == 1) {
        int v;
        if (cli_parse_int(s, &v)) {
            char again[32];
            snprintf(again, sizeof again, "%d", v);
            int w;
            check(cli_parse_int(again, &w) && w == v);
        }
    } else if (which == 2) {
        const hesse_method **out = malloc((size_t)(max ? max : 1) * sizeof *out);
        if (out) {
            int count = cli_parse_methods(s, out, max);
            check(count == -1 || (count >= 1 && count <= max));
            if (count > 0) {
                check(count == commas(s) + 1);
                for (int i = 0; i < count; i++)
                    check(out[i] != NULL && hesse_method_find(hesse_method_name(out[i])) == out[i]);
            }
            free(out);
        }
    } else if (which == 4) {
        int n = max ? max : 1;
        double *x = malloc((size_t)n * sizeof *x);
        if (x && cli_parse_point("--at", s, n, x) == 0)
            for (int i = 0; i < n; i++) check(isfinite(x[i]));
        free(x);
    } else {
        int n = max ? max : 1;
        double *lo = malloc((size_t)n * sizeof *lo), *hi = malloc((size_t)n * sizeof *hi);
        if (lo && hi && cli_parse_box("--box", s, n, lo, hi) == 0)
            for (int i = 0; i < n; i++) check(isfinite(lo[i]) && isfinite(hi[i]) && lo[i] < hi[i]);
        free(lo);
        free(hi);
    }
    free(s);
    return 0;
}
