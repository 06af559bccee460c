// A software prefetch Swift can call (the compiler's builtin, which Swift cannot name): it starts
// loading the host cache line holding `p` and, unlike a load, retires at once, so the simulator
// can start the host-cache misses of a set it is about to search without waiting for them.
#ifndef LAYOUTLAB_CPREFETCH_SHIM_H
#define LAYOUTLAB_CPREFETCH_SHIM_H
static inline void layoutlab_prefetch(const void *p) { __builtin_prefetch(p, 1, 3); }
#endif
