/*
 * src/base: what every other folder of the library stands on.
 *
 *   alloc.c    the one allocator funnel: every byte the library allocates
 *   message.c  the one message setter: every status sentence the library writes
 *   clock.c    the one clock (monotonic)
 *   vector.c   vector norms and small BLAS-like helpers
 *   status.c   the status table (names and sentences from HESSE_STATUS_MAP), version,
 *              point-kind names
 *
 * Nothing here knows about problems, solvers or matrices.
 */
#ifndef HESSE_BASE_INTERNAL_H
#define HESSE_BASE_INTERNAL_H

#include <cblas.h>
#include <stdarg.h>
#include <stddef.h>

#include "hesse.h"

#if defined(__GNUC__)
#define HESSE__PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define HESSE__PRINTF(fmt, args)
#endif

/* ---- allocation (alloc.c) --------------------------------------------------------- */
/* The allocator rule, the same for every function of the library (hesse.h, type
   hesse_allocator): an allocator is used when both its malloc and free are set, and
   the C library's malloc/free when both are NULL (or the pointer is NULL). A
   half-set allocator (exactly one of the two) is invalid: every public function that
   takes one rejects it with HESSE_EINVAL before allocating (hesse__allocator_check),
   so the funnel never sees one. A request for 0 bytes allocates 1 byte, so that NULL
   always means out of memory. */

/* NULL when a is valid; otherwise a sentence naming the missing function. */
const char *hesse__allocator_check(const hesse_allocator *a);
/* size bytes, not initialized. */
void *hesse__malloc(const hesse_allocator *a, size_t size);
/* count * size bytes, zeroed; NULL also when the product overflows size_t. */
void *hesse__calloc(const hesse_allocator *a, size_t count, size_t size);
/* The block p of old_size bytes grown or shrunk to new_size (contents kept up to the
   smaller size); p may be NULL. NULL on failure, with p untouched. */
void *hesse__realloc(const hesse_allocator *a, void *p, size_t old_size, size_t new_size);
/* NULL is a no-op. */
void hesse__free(const hesse_allocator *a, void *p);

/* ---- messages (message.c) ---------------------------------------------------------- */
/* Every status sentence of the library is HESSE__MESSAGE_SIZE bytes (the message
   fields of hesse.h), except the formula parser's reason (its own size). */
enum { HESSE__MESSAGE_SIZE = 256 };

/* printf into buf (size bytes; nothing when buf is NULL) and return st, so that
   `return hesse__message(msg, HESSE_EINVAL, "option x = %g ...", x);` reads as one. */
hesse_status hesse__vmessage(char *buf, size_t size, hesse_status st, const char *fmt,
                             va_list ap);
/* The same into a HESSE__MESSAGE_SIZE buffer. */
hesse_status hesse__message(char *msg, hesse_status st, const char *fmt, ...)
    HESSE__PRINTF(3, 4);

/* ---- clock (clock.c) ----------------------------------------------------------------- */
/* Seconds from CLOCK_MONOTONIC (never jumps when the system clock is set). */
double hesse__now(void);

/* ---- vectors (vector.c) -------------------------------------------------------------- */
/* ‖v‖∞ (NaN entries are skipped) and the Euclidean norm. */
double hesse__norm_inf(int n, const double *v);
double hesse__norm2(int n, const double *v);
/* sqrt(Σ a_k²) over count values, summed in order without scaling (the Frobenius norm
   of a matrix stored in them). */
double hesse__frobenius(size_t count, const double *a);
/* 1 when all count values are finite. */
int hesse__all_finite(size_t count, const double *v);
/* Bytes of an n×n matrix of doubles, as a double (no overflow). */
double hesse__matrix_bytes(int n);

/* Dot product, y += a x and x *= a. Below HESSE__SMALL_N entries a plain loop, inlined,
   beats a BLAS call, whose dispatch dominated lbfgs on two-variable problems (perf);
   above it BLAS is vectorized where a loop in strict IEEE order is not (a scalar dot
   product took 27% of an lbfgs run at n = 10⁶).
   Results independent of the number of OpenBLAS threads: OpenBLAS 0.3.21 splits a
   ddot of more than 10000 entries over its threads, and the partial sums' order
   changes the last bits (daxpy, dscal and dnrm2 gave the same bits with 1 and 4
   threads up to n = 2·10⁶; tests/test_threads.c checks the solves). So a long dot
   product is the ordered sum of ddots over chunks of HESSE__DOT_CHUNK entries, each
   short enough to run on one thread. */
enum { HESSE__SMALL_N = 32, HESSE__DOT_CHUNK = 8192 };

static inline double hesse__dot(int n, const double *a, const double *b)
{
    if (n > HESSE__DOT_CHUNK) {
        double sum = 0.0;
        for (int i = 0; i < n; i += HESSE__DOT_CHUNK)
            sum += cblas_ddot(n - i < HESSE__DOT_CHUNK ? n - i : HESSE__DOT_CHUNK, a + i, 1, b + i, 1);
        return sum;
    }
    if (n >= HESSE__SMALL_N) return cblas_ddot(n, a, 1, b, 1);
    double sum = 0.0;
    for (int i = 0; i < n; i++) sum += a[i] * b[i];
    return sum;
}

static inline void hesse__axpy(int n, double a, const double *x, double *y)
{
    if (n >= HESSE__SMALL_N) {
        cblas_daxpy(n, a, x, 1, y, 1);
        return;
    }
    for (int i = 0; i < n; i++) y[i] += a * x[i];
}

static inline void hesse__scal(int n, double a, double *x)
{
    if (n >= HESSE__SMALL_N) {
        cblas_dscal(n, a, x, 1);
        return;
    }
    for (int i = 0; i < n; i++) x[i] *= a;
}

#endif
