/* A small driver for DineroIV 7's subroutine interface (d4new, d4setup, d4ref, d4copyback and
 * the d4init_* policy routines), used to produce Tests/CrossCheck/dinero_expected.json and to
 * time DineroIV on LayoutLab's traces. It contains no DineroIV code: build it inside a DineroIV 7
 * source tree, next to its ref.c and misc.c (see README.md in this folder):
 *     gcc -O2 -o dinero_driver dinero_driver.c ref.c misc.c
 *
 * usage: dinero_driver bin|din TRACE [-ccc] size:line:assoc[:fifo] ...   (nearest level first)
 * Every level: demand fetch, write-allocate, write-back, no prefetch, LRU unless `:fifo`.
 * Prints one line per level: loads stores loadMisses storeMisses compulsory capacity conflict
 * writebacks flushedWritebacks (a level's write-backs are the writes its downstream received;
 * "flushed" is after d4copyback of everything), then the seconds spent reading and simulating. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "d4.h"

static int lg2(long v) { int r = 0; while ((1L << r) < v) r++; return r; }

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: dinero_driver bin|din TRACE [-ccc] size:line:assoc[:fifo] ...\n"); return 2; }
    int binary = strcmp(argv[1], "bin") == 0, ccc = 0, first = 3, n = 0;
    if (strcmp(argv[3], "-ccc") == 0) { ccc = 1; first = 4; }
    d4cache *levels[8];
    d4cache *below = d4new(NULL);
    for (int i = argc - 1; i >= first; i--) {
        long size, line, assoc; char pol[16] = "lru";
        if (sscanf(argv[i], "%ld:%ld:%ld:%15s", &size, &line, &assoc, pol) < 3) { fprintf(stderr, "bad level %s\n", argv[i]); return 2; }
        d4cache *c = d4new(below);
        c->name = argv[i];
        c->lg2blocksize = c->lg2subblocksize = lg2(line);
        c->lg2size = lg2(size);
        c->assoc = (int)assoc;
        if (strcmp(pol, "fifo") == 0) d4init_rep_fifo(c); else d4init_rep_lru(c);
        d4init_prefetch_none(c); d4init_walloc_always(c); d4init_wback_always(c);
        if (ccc) c->flags |= D4F_CCC;
        below = c;
    }
    for (d4cache *c = below; c->downstream != NULL; c = c->downstream) levels[n++] = c;
    d4cache *mem = levels[n - 1]->downstream;
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
                if (m.accesstype == D4XINSTRN) continue;
                d4ref(levels[0], m);
            }
        }
    } else {
        char kind[8]; unsigned long a; unsigned long sz;
        while (fscanf(f, "%7s %lx %lu", kind, &a, &sz) == 3) {
            m.address = a; m.size = (unsigned short)sz;
            m.accesstype = kind[0] == 'w' || kind[0] == '1' ? D4XWRITE : D4XREAD;
            if (kind[0] == 'i' || kind[0] == '2') continue;
            d4ref(levels[0], m);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double snap[8][9];
    for (int i = 0; i < n; i++) {
        d4cache *c = levels[i];
        double v[9] = { c->fetch[0], c->fetch[1], c->miss[0], c->miss[1], c->comp_miss[0] + c->comp_miss[1],
                        c->cap_miss[0] + c->cap_miss[1], c->conf_miss[0] + c->conf_miss[1],
                        (i + 1 < n ? levels[i + 1] : mem)->fetch[D4XWRITE], 0 };
        memcpy(snap[i], v, sizeof v);
    }
    d4copyback(levels[0], NULL, 1);
    for (int i = 0; i < n; i++) {
        snap[i][8] = (i + 1 < n ? levels[i + 1] : mem)->fetch[D4XWRITE];
        printf("L%d", i + 1);
        for (int k = 0; k < 9; k++) printf(" %.0f", snap[i][k]);
        printf("\n");
    }
    printf("seconds %.4f\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
