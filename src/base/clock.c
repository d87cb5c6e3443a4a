/*
 * The one clock of the library: wall time for max_seconds, result.seconds and the
 * roots solver's seconds. CLOCK_MONOTONIC, so that setting the system clock during a
 * solve changes neither a limit nor a measured time.
 */
#include <time.h>

#include "base/base_internal.h"

double hesse__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
