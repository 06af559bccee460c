// Callgrind's client requests (valgrind/callgrind.h, from Debian's `valgrind` package) as
// functions Swift can call: the header's macros are inline assembly that does nothing outside
// Valgrind. Without the header the build still succeeds and `available` says so, so that only
// `measure --counters callgrind` needs Valgrind installed.
#ifndef LAYOUTLAB_CCALLGRIND_SHIM_H
#define LAYOUTLAB_CCALLGRIND_SHIM_H
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
static inline int layoutlab_callgrind_available(void) { return 1; }
static inline void layoutlab_callgrind_start(void) { CALLGRIND_START_INSTRUMENTATION; }
static inline void layoutlab_callgrind_stop(void) { CALLGRIND_STOP_INSTRUMENTATION; }
#else
static inline int layoutlab_callgrind_available(void) { return 0; }
static inline void layoutlab_callgrind_start(void) {}
static inline void layoutlab_callgrind_stop(void) {}
#endif
#endif
