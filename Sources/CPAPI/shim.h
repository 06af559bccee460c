// What Swift cannot import from papi.h: the version macro and constants defined by macros
// that expand to expressions, each wrapped in a static inline function named after it. The
// library itself is not linked: Counters loads libpapi with dlopen when `measure` needs it.
#ifndef LAYOUTLAB_CPAPI_SHIM_H
#define LAYOUTLAB_CPAPI_SHIM_H
#include <papi.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <pthread.h>

static inline int layoutlab_PAPI_VER_CURRENT(void) { return PAPI_VER_CURRENT; }
static inline int layoutlab_PAPI_OK(void) { return PAPI_OK; }
static inline int layoutlab_PAPI_NULL(void) { return PAPI_NULL; }
static inline int layoutlab_PAPI_ENOEVNT(void) { return PAPI_ENOEVNT; }
static inline int layoutlab_PAPI_ECNFLCT(void) { return PAPI_ECNFLCT; }
static inline int layoutlab_PAPI_EPERM(void) { return PAPI_EPERM; }
static inline int layoutlab_PAPI_ENOCMP(void) { return PAPI_ENOCMP; }
static inline int layoutlab_PAPI_ENOSUPP(void) { return PAPI_ENOSUPP; }
static inline int layoutlab_PAPI_ESYS(void) { return PAPI_ESYS; }
static inline int layoutlab_PAPI_ECMP_DISABLED(void) { return PAPI_ECMP_DISABLED; }

// Pins the calling thread to one CPU (sched_setaffinity, by raw syscall so no _GNU_SOURCE is
// needed in Swift's view of libc). Returns 0 on success.
static inline int layoutlab_pin_to_cpu(int cpu) {
    unsigned long mask[16] = {0};
    const int bits = (int)(8 * sizeof(unsigned long));
    if (cpu < 0 || cpu >= 16 * bits) return -1;
    mask[cpu / bits] |= 1UL << (cpu % bits);
    return (int)syscall(SYS_sched_setaffinity, 0, sizeof mask, mask);
}

// The thread id PAPI_thread_init wants.
static inline unsigned long layoutlab_thread_id(void) { return (unsigned long)pthread_self(); }

// Lets the calling thread run on every CPU again (undoes layoutlab_pin_to_cpu).
static inline int layoutlab_unpin(void) {
    unsigned long mask[16];
    for (int i = 0; i < 16; i++) mask[i] = ~0UL;
    return (int)syscall(SYS_sched_setaffinity, 0, sizeof mask, mask);
}

#endif
