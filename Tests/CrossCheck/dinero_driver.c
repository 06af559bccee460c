/* A small driver for DineroIV 7's subroutine interface (d4new, d4setup, d4ref, d4copyback and
 * the d4init_* policy routines), used to produce Tests/CrossCheck/dinero_expected.json and to
 * time DineroIV on LayoutLab's traces. It contains no DineroIV code: build it inside a DineroIV 7
 * source tree, next to its ref.c and misc.c (see README.md in this folder):
 *     gcc -O2 -o dinero_driver dinero_driver.c ref.c misc.c
 *
 * usage: dinero_driver bin|din TRACE [-ccc] size:line:assoc[:option,...] ...   (nearest level first)
 * Options per level: fifo (else LRU); wt (write-through, no write-allocate); na (write-back, no
 * write-allocate); pf=m|a|t (DineroIV's miss, always or tagged prefetch, -lN-Tfetch m|a|t) with
 * pd=N (the prefetch distance in lines, -lN-Tpfdist N, default 1). Otherwise demand fetch,
 * write-allocate, write-back. The option i, on the second level only, makes it an instruction
 * cache beside the first (a split L1, DineroIV's -l1-isize over a unified -l2-u...): its
 * downstream is the level after it.
 * Trace records: din is extended din as DineroIV's xdin reads it (`r|w|i|m|c|v hexaddress
 * hexsize`), bin the dinero-binary records. As in DineroIV's own main loop, instruction fetches
 * go to the instruction cache (and are skipped without one), invalidates to the instruction
 * cache and then the first level, everything else to the first level; the final copy-back
 * goes to the first level only.
 * Prints one line per level, the instruction cache second (as L1I): loads stores loadMisses
 * storeMisses compulsory capacity conflict writebacks flushedWritebacks prefetchMisses
 * flushedMisses, then the seconds spent reading and simulating. Loads and load misses include
 * misc (`m`) references and, below a split L1, the instruction cache's fetches. Write-backs are the writes the level
 * sent downstream less the stores it forwarded (every store on a write-through level, every
 * store miss on a no-allocate one), so they are the dirty lines it wrote back; "flushed" is
 * after d4copyback of everything. prefetchMisses are the level's prefetch references that missed;
 * flushedMisses its demand misses (loads and stores) after the copy-back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "d4.h"

static int lg2(long v) { int r = 0; while ((1L << r) < v) r++; return r; }

/* The writes `c` sent downstream: the next level's (or memory's) write references. */
static double downstreamWrites(d4cache *c) { return c->downstream->fetch[D4XWRITE]; }

/* The stores `c` forwarded downstream as they came: all of them on a write-through level
 * (`all`), the store misses on a no-allocate write-back one (`misses`). */
static double forwardedStores(d4cache *c, int all, int misses) {
    return all ? c->fetch[D4XWRITE] : misses ? c->miss[D4XWRITE] : 0;
}

/* DineroIV's main loop: instruction fetches to the instruction cache, invalidates to it and to
 * the data side, the rest to the data side (here: instruction fetches skipped without one). */
static void dispatch(d4cache *data, d4cache *instr, d4memref m) {
    if (m.accesstype == D4XINSTRN) { if (instr) d4ref(instr, m); return; }
    if (m.accesstype == D4XINVAL && instr) d4ref(instr, m);
    d4ref(data, m);
}

/* One level's line of counters; `snap` holds its figures before the copy-back. */
static void row(const char *name, double *v) {
    printf("%s", name);
    for (int k = 0; k < 11; k++) printf(" %.0f", v[k]);
    printf("\n");
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: dinero_driver bin|din TRACE [-ccc] size:line:assoc[:option,...] ...\n"); return 2; }
    int binary = strcmp(argv[1], "bin") == 0, ccc = 0, first = 3, n = 0;
    if (strcmp(argv[3], "-ccc") == 0) { ccc = 1; first = 4; }
    d4cache *levels[8], *icache = NULL;
    int forwardAll[8], forwardMisses[8];
    d4cache *below = d4new(NULL);
    for (int i = argc - 1; i >= first; i--) {
        long size, line, assoc; char opts[64] = "";
        if (sscanf(argv[i], "%ld:%ld:%ld:%63s", &size, &line, &assoc, opts) < 3) { fprintf(stderr, "bad level %s\n", argv[i]); return 2; }
        d4cache *c = d4new(below);
        c->name = argv[i];
        c->lg2blocksize = c->lg2subblocksize = lg2(line);
        c->lg2size = lg2(size);
        c->assoc = (int)assoc;
        int fifo = 0, wt = 0, na = 0, dist = 1, instr = 0; char pf = 'd';
        for (char *o = strtok(opts, ","); o != NULL; o = strtok(NULL, ",")) {
            if (strcmp(o, "fifo") == 0) fifo = 1;
            else if (strcmp(o, "i") == 0 && i == first + 1) instr = 1;
            else if (strcmp(o, "lru") == 0) fifo = 0;
            else if (strcmp(o, "wt") == 0) wt = 1;
            else if (strcmp(o, "na") == 0) na = 1;
            else if (strncmp(o, "pf=", 3) == 0) pf = o[3];
            else if (strncmp(o, "pd=", 3) == 0) dist = atoi(o + 3);
            else { fprintf(stderr, "bad level option %s\n", o); return 2; }
        }
        if (fifo) d4init_rep_fifo(c); else d4init_rep_lru(c);
        switch (pf) {
        case 'd': d4init_prefetch_none(c); break;
        case 'm': d4init_prefetch_miss(c, dist * (int)line, 0); break;
        case 'a': d4init_prefetch_always(c, dist * (int)line, 0); break;
        case 't': d4init_prefetch_tagged(c, dist * (int)line, 0); break;
        default: fprintf(stderr, "bad prefetch policy %c\n", pf); return 2;
        }
        if (wt || na) d4init_walloc_never(c); else d4init_walloc_always(c);
        if (wt) d4init_wback_never(c); else d4init_wback_always(c);
        if (ccc) c->flags |= D4F_CCC;
        if (instr) { icache = c; continue; }  /* beside the first level: `below` stays its downstream */
        below = c;
        forwardAll[argc - 1 - i] = wt; forwardMisses[argc - 1 - i] = na && !wt;
    }
    for (d4cache *c = below; c->downstream != NULL; c = c->downstream) levels[n++] = c;
    /* forward* were filled farthest level first */
    int fa[8], fm[8];
    for (int i = 0; i < n; i++) { fa[i] = forwardAll[n - 1 - i]; fm[i] = forwardMisses[n - 1 - i]; }
    /* With an instruction cache its argument is skipped: the first level's entry is the one after. */
    if (icache) { fa[0] = forwardAll[n]; fm[0] = forwardMisses[n]; }
    if (d4setup() != 0) { fprintf(stderr, "d4setup failed\n"); return 2; }
    FILE *f = fopen(argv[2], "rb");
    if (!f) { perror(argv[2]); return 2; }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    d4memref m;
    if (binary) {
        static unsigned char buf[8 * 65536];
        size_t got;
        while ((got = fread(buf, 8, 65536, f)) > 0) {
            for (size_t k = 0; k < got; k++) {
                const unsigned char *r = buf + 8 * k;
                m.address = (d4addr)r[0] | (d4addr)r[1] << 8 | (d4addr)r[2] << 16 | (d4addr)r[3] << 24;
                m.size = (unsigned short)(r[4] | r[5] << 8);
                m.accesstype = (char)r[6];
                dispatch(levels[0], icache, m);
            }
        }
    } else {
        char kind[8]; unsigned long a; unsigned long sz;
        while (fscanf(f, "%7s %lx %lx", kind, &a, &sz) == 3) {
            m.address = a; m.size = (unsigned short)sz;
            switch (kind[0]) {
            case 'r': m.accesstype = D4XREAD; break;
            case 'w': m.accesstype = D4XWRITE; break;
            case 'm': m.accesstype = D4XMISC; break;
            case 'c': m.accesstype = D4XCOPYB; break;
            case 'v': m.accesstype = D4XINVAL; break;
            case 'i': m.accesstype = D4XINSTRN; break;
            default: fprintf(stderr, "bad record kind %s\n", kind); return 2;
            }
            dispatch(levels[0], icache, m);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double snap[8][11];
    for (int i = 0; i < n; i++) {
        d4cache *c = levels[i];
        double forwarded = forwardedStores(c, fa[i], fm[i]);
        double v[11] = { c->fetch[D4XREAD] + c->fetch[D4XMISC] + c->fetch[D4XINSTRN], c->fetch[D4XWRITE],
                         c->miss[D4XREAD] + c->miss[D4XMISC] + c->miss[D4XINSTRN], c->miss[D4XWRITE],
                         c->comp_miss[D4XREAD] + c->comp_miss[D4XWRITE] + c->comp_miss[D4XMISC] + c->comp_miss[D4XINSTRN],
                         c->cap_miss[D4XREAD] + c->cap_miss[D4XWRITE] + c->cap_miss[D4XMISC] + c->cap_miss[D4XINSTRN],
                         c->conf_miss[D4XREAD] + c->conf_miss[D4XWRITE] + c->conf_miss[D4XMISC] + c->conf_miss[D4XINSTRN],
                         downstreamWrites(c) - forwarded, 0,
                         c->miss[D4PREFETCH + D4XREAD] + c->miss[D4PREFETCH + D4XMISC] + c->miss[D4PREFETCH + D4XINSTRN], 0 };
        memcpy(snap[i], v, sizeof v);
    }
    /* The instruction cache is never written: it writes nothing back and nothing is forwarded. */
    double isnap[11] = { 0 };
    if (icache) {
        double v[11] = { icache->fetch[D4XINSTRN], 0, icache->miss[D4XINSTRN], 0, icache->comp_miss[D4XINSTRN],
                         icache->cap_miss[D4XINSTRN], icache->conf_miss[D4XINSTRN], 0, 0,
                         icache->miss[D4PREFETCH + D4XINSTRN], 0 };
        memcpy(isnap, v, sizeof v);
    }
    d4copyback(levels[0], NULL, 1);
    for (int i = 0; i < n; i++) {
        /* the copy-back's write-backs may miss a no-allocate level and be forwarded too */
        snap[i][8] = downstreamWrites(levels[i]) - forwardedStores(levels[i], fa[i], fm[i]);
        snap[i][10] = levels[i]->miss[D4XREAD] + levels[i]->miss[D4XMISC] + levels[i]->miss[D4XWRITE] + levels[i]->miss[D4XINSTRN];
        char name[8];
        snprintf(name, sizeof name, "L%d", i + 1);
        row(name, snap[i]);
        if (i == 0 && icache) { isnap[10] = icache->miss[D4XINSTRN]; row("L1I", isnap); }
    }
    printf("seconds %.4f\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
