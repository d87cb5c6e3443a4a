/*
 * libFuzzer target for the hesse command's number and list parsing (cli/common.c):
 * cli_parse_double, cli_parse_int, cli_parse_doubles, cli_parse_methods and
 * cli_parse_format. Built and run by fuzz/run_cli.sh with AddressSanitizer and
 * UndefinedBehaviorSanitizer.
 *
 * Input: byte 0 selects the function, byte 1 the capacity `max` of the output array
 * (0..19, the array is allocated with exactly that many elements so that a write past
 * it is caught), the rest is the argument string (cut at the first NUL, copied into
 * a buffer of exactly its size so that a read past the terminator is caught).
 *
 * Besides memory errors, the parsers' promises are checked (abort() on a breach, which
 * libFuzzer reports as a crash):
 *   - a double accepted is finite, and printing it with %.17g and parsing that gives
 *     the same bits;
 *   - an int accepted prints (%d) to a string that parses to the same int;
 *   - a list accepted has 1..max items, one more than its commas, all finite / all
 *     known methods; a list refused returns exactly -1.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    int which = data[0] % 5, max = data[1] % 20;
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
        double *out = malloc((size_t)(max ? max : 1) * sizeof *out);
        if (out) {
            int count = cli_parse_doubles(s, out, max);
            check(count >= -1 && count <= max);
            if (count > 0) {
                check(count == commas(s) + 1);
                for (int i = 0; i < count; i++) check(isfinite(out[i]));
            }
            free(out);
        }
    } else if (which == 3) {
        const hesse_method **out = malloc((size_t)(max ? max : 1) * sizeof *out);
        if (out) {
            int count = cli_parse_methods(s, out, max);
            check(count == -1 || (count >= 1 && count <= max));
            if (count > 0) {
                check(count == commas(s) + 1);
                for (int i = 0; i < count; i++) check(out[i] != NULL && hesse_method_find(hesse_method_name(out[i])) == out[i]);
            }
            free(out);
        }
    } else {
        cli_format f;
        if (cli_parse_format(s, &f)) check(f == FORMAT_TABLE || f == FORMAT_CSV || f == FORMAT_JSON);
    }
    free(s);
    return 0;
}
