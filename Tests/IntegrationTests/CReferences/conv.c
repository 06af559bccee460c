/* The direct-convolution nests of the bundled experiments (Configs/experiments/conv-3x3.yaml,
 * conv-1x1.yaml) written as a kernel engineer writes them in C, for comparison with LayoutLab's
 * native twins (ConvReferenceTests builds this file with the toolchain's clang -O2).
 *
 * Each nest follows the engine's accumulation rule: the output element is read before and
 * written after the innermost block of reduction loops (c, r, s), held in a local over it; with
 * no reduction loop innermost every tap updates the output in place. A tap in the padding does
 * nothing. Layouts enter as element strides, so one function serves every layout.
 *
 * usage: conv NEST LAYOUT FILTER N C K H W R S STRIDE PAD REPS
 *   NEST one of nkyxcrs nkcyxrs nkyxrsc nyxkrsc nyxrsck; LAYOUT nchw or nhwc; FILTER a word
 *   over k c r s, slowest first. REPS 0: run the kernel once between Callgrind's client
 *   requests (when valgrind/callgrind.h is present) and print the output's checksum; REPS > 0:
 *   run it REPS times after one warm-up and print the fastest run in nanoseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

typedef struct {
    long n, c, k, h, w, r, s, stride, pad, oh, ow;
    long isn, isc, isy, isx; /* input strides */
    long osn, osk, osy, osx; /* output strides */
    long fk, fc, fr, fs;     /* filter strides */
} shape_t;

/* Every kernel starts with the dimensions and strides in local constants, as one writes a
 * kernel by hand (through the pointer, the compiler could not hoist a load out of the guarded
 * loop body). */
#define UNPACK(d)                                                                                  \
    const long N = d->n, C = d->c, K = d->k, H = d->h, W = d->w, R = d->r, S = d->s;              \
    const long STRIDE = d->stride, PAD = d->pad, OH = d->oh, OW = d->ow;                          \
    const long isn = d->isn, isc = d->isc, isy = d->isy, isx = d->isx;                            \
    const long osn = d->osn, osk = d->osk, osy = d->osy, osx = d->osx;                            \
    const long fk = d->fk, fc = d->fc, fr = d->fr, fs = d->fs
#define INSIDE(iy, ix) ((iy) >= 0 && (iy) < H && (ix) >= 0 && (ix) < W)
#define IN(n, c, iy, ix) in[(n) * isn + (c) * isc + (iy) * isy + (ix) * isx]
#define FL(k, c, r, s) f[(k) * fk + (c) * fc + (r) * fr + (s) * fs]
#define OUT(n, k, y, x) out[(n) * osn + (k) * osk + (y) * osy + (x) * osx]

/* NCHW's output-stationary nest: c r s innermost. */
__attribute__((noinline)) static void nkyxcrs(const shape_t *d, const float *in, const float *f, float *out) {
    UNPACK(d);
    for (long n = 0; n < N; n++)
        for (long k = 0; k < K; k++)
            for (long y = 0; y < OH; y++)
                for (long x = 0; x < OW; x++) {
                    float acc = OUT(n, k, y, x);
                    for (long c = 0; c < C; c++)
                        for (long r = 0; r < R; r++)
                            for (long s = 0; s < S; s++) {
                                long iy = y * STRIDE + r - PAD, ix = x * STRIDE + s - PAD;
                                if (INSIDE(iy, ix)) acc += IN(n, c, iy, ix) * FL(k, c, r, s);
                            }
                    OUT(n, k, y, x) = acc;
                }
}

/* NCHW's plane-streaming nest: one input plane against one filter plane at a time. */
__attribute__((noinline)) static void nkcyxrs(const shape_t *d, const float *in, const float *f, float *out) {
    UNPACK(d);
    for (long n = 0; n < N; n++)
        for (long k = 0; k < K; k++)
            for (long c = 0; c < C; c++)
                for (long y = 0; y < OH; y++)
                    for (long x = 0; x < OW; x++) {
                        float acc = OUT(n, k, y, x);
                        for (long r = 0; r < R; r++)
                            for (long s = 0; s < S; s++) {
                                long iy = y * STRIDE + r - PAD, ix = x * STRIDE + s - PAD;
                                if (INSIDE(iy, ix)) acc += IN(n, c, iy, ix) * FL(k, c, r, s);
                            }
                        OUT(n, k, y, x) = acc;
                    }
}

/* NHWC's output-stationary nest: channels innermost. */
__attribute__((noinline)) static void nkyxrsc(const shape_t *d, const float *in, const float *f, float *out) {
    UNPACK(d);
    for (long n = 0; n < N; n++)
        for (long k = 0; k < K; k++)
            for (long y = 0; y < OH; y++)
                for (long x = 0; x < OW; x++) {
                    float acc = OUT(n, k, y, x);
                    for (long r = 0; r < R; r++)
                        for (long s = 0; s < S; s++)
                            for (long c = 0; c < C; c++) {
                                long iy = y * STRIDE + r - PAD, ix = x * STRIDE + s - PAD;
                                if (INSIDE(iy, ix)) acc += IN(n, c, iy, ix) * FL(k, c, r, s);
                            }
                    OUT(n, k, y, x) = acc;
                }
}

/* NHWC, one output pixel at a time: every output channel of a pixel before the next pixel. */
__attribute__((noinline)) static void nyxkrsc(const shape_t *d, const float *in, const float *f, float *out) {
    UNPACK(d);
    for (long n = 0; n < N; n++)
        for (long y = 0; y < OH; y++)
            for (long x = 0; x < OW; x++)
                for (long k = 0; k < K; k++) {
                    float acc = OUT(n, k, y, x);
                    for (long r = 0; r < R; r++)
                        for (long s = 0; s < S; s++)
                            for (long c = 0; c < C; c++) {
                                long iy = y * STRIDE + r - PAD, ix = x * STRIDE + s - PAD;
                                if (INSIDE(iy, ix)) acc += IN(n, c, iy, ix) * FL(k, c, r, s);
                            }
                    OUT(n, k, y, x) = acc;
                }
}

/* NHWC with the output channels innermost: no reduction loop innermost, so every tap updates
 * the output element in place. */
__attribute__((noinline)) static void nyxrsck(const shape_t *d, const float *in, const float *f, float *out) {
    UNPACK(d);
    for (long n = 0; n < N; n++)
        for (long y = 0; y < OH; y++)
            for (long x = 0; x < OW; x++)
                for (long r = 0; r < R; r++)
                    for (long s = 0; s < S; s++)
                        for (long c = 0; c < C; c++)
                            for (long k = 0; k < K; k++) {
                                long iy = y * STRIDE + r - PAD, ix = x * STRIDE + s - PAD;
                                if (INSIDE(iy, ix)) OUT(n, k, y, x) += IN(n, c, iy, ix) * FL(k, c, r, s);
                            }
}

typedef void (*kernel_t)(const shape_t *, const float *, const float *, float *);

static long number(const char *s) {
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == 0 || *end != 0 || v < 0 || v > 100000) {
        fprintf(stderr, "conv: bad number '%s'\n", s);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv) {
    if (argc != 14) {
        fprintf(stderr, "usage: conv NEST LAYOUT FILTER N C K H W R S STRIDE PAD REPS\n");
        return 2;
    }
    static const struct { const char *name; kernel_t fn; } nests[] = {
        {"nkyxcrs", nkyxcrs}, {"nkcyxrs", nkcyxrs}, {"nkyxrsc", nkyxrsc}, {"nyxkrsc", nyxkrsc}, {"nyxrsck", nyxrsck},
    };
    kernel_t kernel = NULL;
    for (size_t i = 0; i < sizeof nests / sizeof nests[0]; i++)
        if (strcmp(argv[1], nests[i].name) == 0) kernel = nests[i].fn;
    int nhwc = strcmp(argv[2], "nhwc") == 0;
    if (!kernel || (!nhwc && strcmp(argv[2], "nchw") != 0) || strlen(argv[3]) != 4) {
        fprintf(stderr, "conv: unknown nest, layout or filter\n");
        return 2;
    }
    shape_t d;
    d.n = number(argv[4]), d.c = number(argv[5]), d.k = number(argv[6]), d.h = number(argv[7]);
    d.w = number(argv[8]), d.r = number(argv[9]), d.s = number(argv[10]);
    d.stride = number(argv[11]), d.pad = number(argv[12]);
    long reps = number(argv[13]);
    if (d.stride < 1 || d.h + 2 * d.pad < d.r || d.w + 2 * d.pad < d.s) {
        fprintf(stderr, "conv: bad shape\n");
        return 2;
    }
    d.oh = (d.h + 2 * d.pad - d.r) / d.stride + 1, d.ow = (d.w + 2 * d.pad - d.s) / d.stride + 1;
    if (nhwc) {
        d.isx = d.c, d.isy = d.w * d.c, d.isn = d.h * d.w * d.c, d.isc = 1;
        d.osx = d.k, d.osy = d.ow * d.k, d.osn = d.oh * d.ow * d.k, d.osk = 1;
    } else {
        d.isx = 1, d.isy = d.w, d.isc = d.h * d.w, d.isn = d.c * d.h * d.w;
        d.osx = 1, d.osy = d.ow, d.osk = d.oh * d.ow, d.osn = d.k * d.oh * d.ow;
    }
    /* Filter strides: the last letter of FILTER is unit-stride. */
    long ext[4] = {d.k, d.c, d.r, d.s}, st[4] = {0, 0, 0, 0}, run = 1;
    for (int i = 3; i >= 0; i--) {
        const char *p = strchr("kcrs", argv[3][i]);
        if (!p || *p == 0 || st[p - "kcrs"] != 0) {
            fprintf(stderr, "conv: bad filter layout\n");
            return 2;
        }
        st[p - "kcrs"] = run;
        run *= ext[p - "kcrs"];
    }
    d.fk = st[0], d.fc = st[1], d.fr = st[2], d.fs = st[3];
    long ni = d.n * d.c * d.h * d.w, nf = d.k * d.c * d.r * d.s, no = d.n * d.k * d.oh * d.ow;
    float *in = aligned_alloc(64, (ni * 4 + 63) / 64 * 64), *f = aligned_alloc(64, (nf * 4 + 63) / 64 * 64);
    float *out = aligned_alloc(64, (no * 4 + 63) / 64 * 64);
    if (!in || !f || !out) return 3;
    /* The engine's sample values: small integers, so every sum is exact. */
    for (long i = 0; i < ni; i++) in[i] = (float)((i * 3 + 1) % 7) - 3;
    for (long i = 0; i < nf; i++) f[i] = (float)((i * 5 + 2) % 7) - 3;
    memset(out, 0, no * 4);
    if (reps == 0) {
        CALLGRIND_START_INSTRUMENTATION;
        kernel(&d, in, f, out);
        CALLGRIND_STOP_INSTRUMENTATION;
        double sum = 0;
        for (long i = 0; i < no; i++) sum += out[i] * (double)(i % 13 + 1);
        printf("%.0f\n", sum);
        return 0;
    }
    kernel(&d, in, f, out);
    long best = -1;
    for (long t = 0; t < reps; t++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        kernel(&d, in, f, out);
        clock_gettime(CLOCK_MONOTONIC, &b);
        long ns = (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec);
        if (best < 0 || ns < best) best = ns;
    }
    printf("%ld\n", best);
    return 0;
}
