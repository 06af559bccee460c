/*
 * The hand-written C loops LayoutLab's native GEMM kernels are compared against (issue 28):
 * the same algorithms, the same data (f32, the engine's sample values), written the way a
 * kernel engineer writes them and built with the Swift toolchain's `clang -O2`.
 *
 *   gemm MODE REPS ALGORITHM M N K [PARAMETERS]
 *     MODE       callgrind: run once between Callgrind's start/stop requests
 *                time: one warm-up, then REPS runs; prints the median seconds
 *     ALGORITHM  naive ORDER LAYOUT PAD        (ORDER ijk..kji, LAYOUT row | col)
 *                tiled ORDER TM TN TK          (row-major)
 *                regblock MR NR KC KINNER      (KINNER 0 | 1, row-major)
 *                blis MR NR KC MC NC           (row-major, packed, zero-padded slivers)
 *
 * Built by the test that uses it (Tests/IntegrationTests/NativeKernelTests.swift) and by
 * `layoutlab bench`, into a private temporary folder; nothing here is installed.
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

typedef float T;

static int M, N, K;
static long lda, ldb, ldc, ca, cb, cc; /* row stride (ld*) and column stride (c*) in elements */
static T *A, *B, *C;

#define AE(i, p) A[(long)(i) * lda + (long)(p) * ca]
#define BE(p, j) B[(long)(p) * ldb + (long)(j) * cb]
#define CE(i, j) C[(long)(i) * ldc + (long)(j) * cc]

/* The naive triple loop over [i0,i1) x [j0,j1) x [p0,p1), one function per order, each with the
 * operands and strides in locals (as one writes a kernel by hand: the compiler then keeps them in
 * registers rather than reloading them per row) and the innermost operand kept in a register where
 * it is invariant, as any C compiler does (ijk: C(i,j) accumulated; ikj: A(i,p); jki: B(p,j)). */
typedef void (*naive_fn)(int i0, int i1, int j0, int j1, int p0, int p1);

#define LOCALS                                                                          \
    const T *a = A, *b = B;                                                             \
    T *c = C;                                                                           \
    const long la = lda, xa = ca, lb = ldb, xb = cb, lc = ldc, xc = cc
#define AL(i, p) a[(long)(i) * la + (long)(p) * xa]
#define BL(p, j) b[(long)(p) * lb + (long)(j) * xb]
#define CL(i, j) c[(long)(i) * lc + (long)(j) * xc]

/* C(i, j) accumulated over p. */
#define DOT(OUTER, O0, O1, INNER, I0, I1)                        \
    for (int OUTER = O0; OUTER < O1; OUTER++)                   \
        for (int INNER = I0; INNER < I1; INNER++) {             \
            T acc = CL(i, j);                                    \
            for (int p = p0; p < p1; p++) acc += AL(i, p) * BL(p, j); \
            CL(i, j) = acc;                                      \
        }
static void naive_ijk(int i0, int i1, int j0, int j1, int p0, int p1) { LOCALS; DOT(i, i0, i1, j, j0, j1) }
static void naive_jik(int i0, int i1, int j0, int j1, int p0, int p1) { LOCALS; DOT(j, j0, j1, i, i0, i1) }

/* C's row i += A(i, p) x B's row p; where B's and C's rows are unit stride (row-major), the
 * loop says so, as one writes it for row-major operands. */
#define ROW(OUTER, O0, O1, INNER, I0, I1)                                         \
    if (xb == 1 && xc == 1) {                                                    \
        for (int OUTER = O0; OUTER < O1; OUTER++)                                \
            for (int INNER = I0; INNER < I1; INNER++) {                          \
                T x = AL(i, p);                                                   \
                const T *br = b + (long)p * lb;                                   \
                T *cr = c + (long)i * lc;                                         \
                for (int j = j0; j < j1; j++) cr[j] += x * br[j];                 \
            }                                                                     \
    } else {                                                                      \
        for (int OUTER = O0; OUTER < O1; OUTER++)                                \
            for (int INNER = I0; INNER < I1; INNER++) {                          \
                T x = AL(i, p);                                                   \
                for (int j = j0; j < j1; j++) CL(i, j) += x * BL(p, j);           \
            }                                                                     \
    }
static void naive_ikj(int i0, int i1, int j0, int j1, int p0, int p1) { LOCALS; ROW(i, i0, i1, p, p0, p1) }
static void naive_kij(int i0, int i1, int j0, int j1, int p0, int p1) { LOCALS; ROW(p, p0, p1, i, i0, i1) }

/* C's column j += A's column p x B(p, j); unit stride said where A's and C's columns are
 * (column-major). */
#define COLUMN(OUTER, O0, O1, INNER, I0, I1)                                      \
    if (la == 1 && lc == 1) {                                                    \
        for (int OUTER = O0; OUTER < O1; OUTER++)                                \
            for (int INNER = I0; INNER < I1; INNER++) {                          \
                T x = BL(p, j);                                                   \
                const T *ac = a + (long)p * xa;                                   \
                T *cj = c + (long)j * xc;                                         \
                for (int i = i0; i < i1; i++) cj[i] += ac[i] * x;                 \
            }                                                                     \
    } else {                                                                      \
        for (int OUTER = O0; OUTER < O1; OUTER++)                                \
            for (int INNER = I0; INNER < I1; INNER++) {                          \
                T x = BL(p, j);                                                   \
                for (int i = i0; i < i1; i++) CL(i, j) += AL(i, p) * x;           \
            }                                                                     \
    }
static void naive_jki(int i0, int i1, int j0, int j1, int p0, int p1) { LOCALS; COLUMN(j, j0, j1, p, p0, p1) }
static void naive_kji(int i0, int i1, int j0, int j1, int p0, int p1) { LOCALS; COLUMN(p, p0, p1, j, j0, j1) }

/* The function of `order`, looked up once. */
static naive_fn naive_of(const char *order) {
    static const struct {
        const char *name;
        naive_fn fn;
    } table[] = {{"ijk", naive_ijk}, {"jik", naive_jik}, {"ikj", naive_ikj},
                 {"kij", naive_kij}, {"jki", naive_jki}, {"kji", naive_kji}};
    for (unsigned t = 0; t < sizeof table / sizeof table[0]; t++)
        if (!strcmp(order, table[t].name)) return table[t].fn;
    fprintf(stderr, "gemm: unknown order %s\n", order);
    exit(2);
}

static int imin(int a, int b) { return a < b ? a : b; }

/* Tiles visited in `order`, each computed by the naive nest in the same order. */
static void tiled(const char *order, int tm, int tn, int tk) {
    int o[3]; /* extents of the outer tile loops, outermost first, as indices 0 = i, 1 = j, 2 = p */
    for (int d = 0; d < 3; d++) o[d] = order[d] == 'i' ? 0 : order[d] == 'j' ? 1 : 2;
    int ext[3] = {M, N, K}, step[3] = {tm, tn, tk}, x[3];
    naive_fn naive = naive_of(order);
    for (x[o[0]] = 0; x[o[0]] < ext[o[0]]; x[o[0]] += step[o[0]])
        for (x[o[1]] = 0; x[o[1]] < ext[o[1]]; x[o[1]] += step[o[1]])
            for (x[o[2]] = 0; x[o[2]] < ext[o[2]]; x[o[2]] += step[o[2]])
                naive(x[0], imin(x[0] + tm, M), x[1], imin(x[1] + tn, N), x[2], imin(x[2] + tk, K));
}

/* The micro-kernel as a kernel engineer writes it: mr and nr fixed at compile time, so that clang
 * keeps the block of C in registers (one vector per row after SLP vectorisation), loads it before
 * the k loop and stores it after. A(ii, p) = a[ii * ai + p * ap], B(p, jj) = b[p * bp + jj],
 * C(ii, jj) = c[ii * ci + jj]. The shapes are LayoutLab's native register tiles (f32: mr 1 to 8,
 * nr 4, 8 or 16; Sources/Engine/RegisterTile.swift). */
#define MICRO(MR, NR)                                                                              \
    static void micro_##MR##x##NR(int kb, const T *a, long ai, long ap, const T *b, long bp, T *c, \
                                  long ci) {                                                       \
        T acc[MR][NR];                                                                             \
        for (int ii = 0; ii < MR; ii++)                                                            \
            for (int jj = 0; jj < NR; jj++) acc[ii][jj] = c[ii * ci + jj];                         \
        for (int p = 0; p < kb; p++)                                                               \
            for (int ii = 0; ii < MR; ii++) {                                                      \
                T av = a[ii * ai + p * ap];                                                        \
                for (int jj = 0; jj < NR; jj++) acc[ii][jj] += av * b[p * bp + jj];                \
            }                                                                                      \
        for (int ii = 0; ii < MR; ii++)                                                            \
            for (int jj = 0; jj < NR; jj++) c[ii * ci + jj] = acc[ii][jj];                         \
    }
#define ROWS(X, NR) X(1, NR) X(2, NR) X(3, NR) X(4, NR) X(5, NR) X(6, NR) X(7, NR) X(8, NR)
#define SHAPES(X) ROWS(X, 4) ROWS(X, 8) ROWS(X, 16)
SHAPES(MICRO)

/* Runs the fixed micro-kernel of shape mr x nr and returns 1, or returns 0 where there is none. */
static int micro(int mr, int nr, int kb, const T *a, long ai, long ap, const T *b, long bp, T *c, long ci) {
#define CASE(MR, NR)                                         \
    if (mr == MR && nr == NR) {                              \
        micro_##MR##x##NR(kb, a, ai, ap, b, bp, c, ci);      \
        return 1;                                            \
    }
    SHAPES(CASE)
#undef CASE
    return 0;
}

/* An mr x nr block of C in a local accumulator (the fixed micro-kernel for full blocks); K (in passes of kc) inside the block with kinner,
 * else outside it. QNNPACK-style is kinner with kc = K. */
static void regblock(int mr, int nr, int kc, int kinner) {
    T acc[64 * 64], ar[64], br[64];
    for (int pc = 0; pc < K; pc += kc) {
        int pe = imin(pc + kc, K);
        int passes = kinner ? 1 : pe - pc;
        for (int q = 0; q < passes; q++) {
            int ps = kinner ? pc : pc + q, pf = kinner ? pe : pc + q + 1;
            for (int i0 = 0; i0 < M; i0 += mr)
                for (int j0 = 0; j0 < N; j0 += nr) {
                    int mb = imin(mr, M - i0), nb = imin(nr, N - j0);
                    if (mb == mr && nb == nr &&
                        micro(mr, nr, pf - ps, &AE(i0, ps), lda, ca, &BE(ps, j0), ldb, &CE(i0, j0), ldc))
                        continue;
                    for (int ii = 0; ii < mb; ii++)
                        for (int jj = 0; jj < nb; jj++) acc[ii * nr + jj] = CE(i0 + ii, j0 + jj);
                    for (int p = ps; p < pf; p++) {
                        for (int ii = 0; ii < mb; ii++) ar[ii] = AE(i0 + ii, p);
                        for (int jj = 0; jj < nb; jj++) br[jj] = BE(p, j0 + jj);
                        for (int ii = 0; ii < mb; ii++)
                            for (int jj = 0; jj < nb; jj++) acc[ii * nr + jj] += ar[ii] * br[jj];
                    }
                    for (int ii = 0; ii < mb; ii++)
                        for (int jj = 0; jj < nb; jj++) CE(i0 + ii, j0 + jj) = acc[ii * nr + jj];
                }
        }
    }
}

/* BLIS's five loops: pack B's kc x nc panel in nr-wide slivers and A's mc x kc block in mr-tall
 * slivers (zero-padded), then the mr x nr micro-kernel over the packed slivers (the fixed one
 * for full blocks). */
static void blis(int mr, int nr, int kc, int mc, int nc, T *ap, T *bp) {
    T acc[64 * 64];
    for (int jc = 0; jc < N; jc += nc) {
        int nb = imin(nc, N - jc);
        for (int pc = 0; pc < K; pc += kc) {
            int kb = imin(kc, K - pc);
            for (int e0 = 0; e0 < nb; e0 += nr)
                for (int p = 0; p < kb; p++)
                    for (int w = 0; w < nr; w++)
                        bp[(e0 / nr) * kb * nr + p * nr + w] = e0 + w < nb ? BE(pc + p, jc + e0 + w) : 0;
            for (int ic = 0; ic < M; ic += mc) {
                int mb = imin(mc, M - ic);
                for (int e0 = 0; e0 < mb; e0 += mr)
                    for (int p = 0; p < kb; p++)
                        for (int w = 0; w < mr; w++)
                            ap[(e0 / mr) * kb * mr + p * mr + w] = e0 + w < mb ? AE(ic + e0 + w, pc + p) : 0;
                for (int jr = 0; jr < nb; jr += nr)
                    for (int ir = 0; ir < mb; ir += mr) {
                        int mv = imin(mr, mb - ir), nv = imin(nr, nb - jr);
                        const T *as = ap + (ir / mr) * kb * mr, *bs = bp + (jr / nr) * kb * nr;
                        if (mv == mr && nv == nr && micro(mr, nr, kb, as, 1, mr, bs, nr, &CE(ic + ir, jc + jr), ldc))
                            continue;
                        for (int ii = 0; ii < mv; ii++)
                            for (int jj = 0; jj < nv; jj++) acc[ii * nr + jj] = CE(ic + ir + ii, jc + jr + jj);
                        for (int p = 0; p < kb; p++)
                            for (int ii = 0; ii < mv; ii++) {
                                T a = as[p * mr + ii];
                                for (int jj = 0; jj < nv; jj++) acc[ii * nr + jj] += a * bs[p * nr + jj];
                            }
                        for (int ii = 0; ii < mv; ii++)
                            for (int jj = 0; jj < nv; jj++) CE(ic + ir + ii, jc + jr + jj) = acc[ii * nr + jj];
                    }
            }
        }
    }
}

static T sample(long i) { return (T)(i % 7) - 3; }

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static int arg(char **argv, int argc, int i) {
    if (i >= argc) {
        fprintf(stderr, "gemm: missing argument %d\n", i);
        exit(2);
    }
    return atoi(argv[i]);
}

int main(int argc, char **argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: gemm callgrind|time REPS ALGORITHM M N K [PARAMETERS]\n");
        return 2;
    }
    const char *mode = argv[1], *alg = argv[3];
    int reps = atoi(argv[2]);
    M = atoi(argv[4]);
    N = atoi(argv[5]);
    K = atoi(argv[6]);
    int col = 0, pad = 0;
    const char *order = "ijk";
    if (!strcmp(alg, "naive")) {
        if (argc < 10) return 2;
        order = argv[7];
        col = !strcmp(argv[8], "col");
        pad = atoi(argv[9]);
    } else if (!strcmp(alg, "tiled")) {
        if (argc < 11) return 2;
        order = argv[7];
    }
    /* Row-major: ld = cols + pad, column stride 1; column-major: ld = rows + pad. */
    if (col) {
        lda = 1, ca = M + pad, ldb = 1, cb = K + pad, ldc = 1, cc = M + pad;
    } else {
        lda = K + pad, ca = 1, ldb = N + pad, cb = 1, ldc = N + pad, cc = 1;
    }
    long na = (long)(col ? K : M) * (col ? M + pad : K + pad), nb = (long)(col ? N : K) * (col ? K + pad : N + pad);
    long nc = (long)(col ? N : M) * (col ? M + pad : N + pad);
    A = aligned_alloc(64, (na * sizeof(T) + 63) / 64 * 64);
    B = aligned_alloc(64, (nb * sizeof(T) + 63) / 64 * 64);
    C = aligned_alloc(64, (nc * sizeof(T) + 63) / 64 * 64);
    memset(C, 0, nc * sizeof(T));
    for (int i = 0; i < M; i++)
        for (int p = 0; p < K; p++) AE(i, p) = sample((long)i * 31 + p * 7);
    for (int p = 0; p < K; p++)
        for (int j = 0; j < N; j++) BE(p, j) = sample((long)p * 13 + j * 5 + 1);
    T *ap = NULL, *bp = NULL;
    int mr = 0, nr = 0, kc = 0, mc = 0, ncb = 0, tm = 0, tn = 0, tk = 0, kinner = 1;
    if (!strcmp(alg, "tiled")) {
        tm = arg(argv, argc, 8), tn = arg(argv, argc, 9), tk = arg(argv, argc, 10);
    } else if (!strcmp(alg, "regblock")) {
        mr = arg(argv, argc, 7), nr = arg(argv, argc, 8), kc = arg(argv, argc, 9), kinner = arg(argv, argc, 10);
    } else if (!strcmp(alg, "blis")) {
        mr = arg(argv, argc, 7), nr = arg(argv, argc, 8), kc = arg(argv, argc, 9);
        mc = arg(argv, argc, 10), ncb = arg(argv, argc, 11);
        int kcb = imin(kc, K), mcb = imin(mc, M), ncc = imin(ncb, N);
        ap = calloc((size_t)(mcb + mr - 1) / mr * mr * kcb, sizeof(T));
        bp = calloc((size_t)(ncc + nr - 1) / nr * nr * kcb, sizeof(T));
    } else if (strcmp(alg, "naive")) {
        fprintf(stderr, "gemm: unknown algorithm %s\n", alg);
        return 2;
    }
    if (mr > 64 || nr > 64) return 2;
#define RUN()                                                          \
    do {                                                               \
        if (!strcmp(alg, "naive")) naive_of(order)(0, M, 0, N, 0, K);     \
        else if (!strcmp(alg, "tiled")) tiled(order, tm, tn, tk);      \
        else if (!strcmp(alg, "regblock")) regblock(mr, nr, kc, kinner); \
        else blis(mr, nr, kc, mc, ncb, ap, bp);                        \
    } while (0)
    if (!strcmp(mode, "callgrind")) {
        CALLGRIND_START_INSTRUMENTATION;
        RUN();
        CALLGRIND_STOP_INSTRUMENTATION;
    } else {
        if (reps < 1 || reps > 1000) return 2;
        double t[1000];
        RUN();
        for (int r = 0; r < reps; r++) {
            double t0 = now();
            RUN();
            t[r] = now() - t0;
        }
        qsort(t, reps, sizeof t[0], cmp);
        printf("%.9f\n", t[reps / 2]);
    }
    /* A checksum, so the product is not dead code. */
    double s = 0;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) s += CE(i, j) * (double)((i * 7 + j * 3) % 11);
    fprintf(stderr, "checksum %.1f\n", s);
    return 0;
}
