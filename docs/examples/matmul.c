/* A 128 x 128 single-precision matrix multiply, C += A * B, on static row-major arrays: the
 * demo of `layoutlab replay --regions` (docs/examples.md). Built with -DIKJ the loops run in
 * ikj order (B walked along rows) instead of ijk (B walked down columns). */
#include <stdio.h>

#define N 128

float A[N][N], B[N][N], C[N][N];

int main(void) {
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            A[i][j] = (float)(i + j);
            B[i][j] = (float)(i - j);
        }
    }
#ifdef IKJ
    for (int i = 0; i < N; i++)
        for (int k = 0; k < N; k++)
            for (int j = 0; j < N; j++)
                C[i][j] += A[i][k] * B[k][j];
#else
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            for (int k = 0; k < N; k++)
                C[i][j] += A[i][k] * B[k][j];
#endif
    /* The checksum keeps the compiler from dropping the product. */
    double sum = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) sum += C[i][j];
    printf("%.1f\n", sum);
    return 0;
}
