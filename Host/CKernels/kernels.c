#include "smartdesk_kernels.h"

#include "vector16.h"

/// MR rows × (NP·16) columns of Y, accumulating over all of K. MR and NP are constants at every
/// call site, so the accumulators live in registers.
static inline __attribute__((always_inline)) void block(
    const float *X, int K, const float *Wt, int ldw, const float *bias, int N, float *Y, int MR, int NP, int FMA)
{
    v16 acc[6][4];
    for (int p = 0; p < NP; p++) {
        v16 b = load16(bias + 16 * p);
        for (int r = 0; r < MR; r++) acc[r][p] = b;
    }
    for (int k = 0; k < K; k++) {
        const float *w = Wt + (long)k * ldw;
        v16 wv[4];
        for (int p = 0; p < NP; p++) wv[p] = load16(w + 16 * p);
        for (int r = 0; r < MR; r++) {
            v16 x = X[(long)r * K + k];
            for (int p = 0; p < NP; p++)
                acc[r][p] = FMA ? __builtin_elementwise_fma(x, wv[p], acc[r][p]) : acc[r][p] + x * wv[p];
        }
    }
    for (int r = 0; r < MR; r++)
        for (int p = 0; p < NP; p++) store16(Y + (long)r * N + 16 * p, acc[r][p]);
}

#define ROWS_CASES(NP, FMA)                                                              \
    switch (mr) {                                                                   \
    case 6: block(x, K, w, 64, b, N, y, 6, NP, FMA); break;                                  \
    case 5: block(x, K, w, 64, b, N, y, 5, NP, FMA); break;                                  \
    case 4: block(x, K, w, 64, b, N, y, 4, NP, FMA); break;                                  \
    case 3: block(x, K, w, 64, b, N, y, 3, NP, FMA); break;                                  \
    case 2: block(x, K, w, 64, b, N, y, 2, NP, FMA); break;                                  \
    default: block(x, K, w, 64, b, N, y, 1, NP, FMA); break;                                 \
    }

static inline __attribute__((always_inline)) void linear_rows(
    const float *X, int M, int K, const float *packed, const float *bias, int N, float *Y, int FMA)
{
    // Column groups outermost: a group's weights (K × 64 floats, contiguous) stay in L2 while every
    // block of rows uses them, so each weight is read from memory once, as one sequential stream.
    for (int n0 = 0; n0 < N; n0 += 64) {
        int np = (N - n0) / 16 < 4 ? (N - n0) / 16 : 4;
        const float *w = packed + (long)n0 * K;
        const float *b = bias + n0;
        for (int m0 = 0; m0 < M; m0 += 6) {
            int mr = M - m0 < 6 ? M - m0 : 6;
            const float *x = X + (long)m0 * K;
            float *y = Y + (long)m0 * N + n0;
            if (np == 4) { ROWS_CASES(4, FMA) }
            else if (np == 3) { ROWS_CASES(3, FMA) }
            else if (np == 2) { ROWS_CASES(2, FMA) }
            else { ROWS_CASES(1, FMA) }
        }
    }
}

// The same body compiled for three instruction sets; sd_linear_rows_at picks one.
__attribute__((target("avx512f")))
static void linear_rows_avx512(const float *X, int M, int K, const float *W, const float *b, int N, float *Y)
{
    linear_rows(X, M, K, W, b, N, Y, 1);
}

__attribute__((target("avx2,fma")))
static void linear_rows_avx2(const float *X, int M, int K, const float *W, const float *b, int N, float *Y)
{
    linear_rows(X, M, K, W, b, N, Y, 1);
}

static void linear_rows_baseline(const float *X, int M, int K, const float *W, const float *b, int N, float *Y)
{
    linear_rows(X, M, K, W, b, N, Y, 0);
}

int sd_kernels_level(void)
{
    static int level = -1;  // computed once; every thread computes the same value
    int known = __atomic_load_n(&level, __ATOMIC_RELAXED);
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx512f") ? SD_KERNELS_AVX512
              : __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? SD_KERNELS_AVX2
              : SD_KERNELS_BASELINE;
        __atomic_store_n(&level, known, __ATOMIC_RELAXED);
    }
    return known;
}

void sd_linear_rows_at(int level, const float *X, int M, int K, const float *packed, const float *bias, int N, float *Y)
{
    if (level > sd_kernels_level()) level = sd_kernels_level();
    switch (level) {
    case SD_KERNELS_AVX512: linear_rows_avx512(X, M, K, packed, bias, N, Y); break;
    case SD_KERNELS_AVX2: linear_rows_avx2(X, M, K, packed, bias, N, Y); break;
    default: linear_rows_baseline(X, M, K, packed, bias, N, Y); break;
    }
}

void sd_linear_rows(const float *X, int M, int K, const float *packed, const float *bias, int N, float *Y)
{
    sd_linear_rows_at(sd_kernels_level(), X, M, K, packed, bias, N, Y);
}

void sd_pack_rows_weights(const float *W, int N, int K, float *packed)
{
    for (int n0 = 0; n0 < N; n0 += 64) {
        int width = N - n0 < 64 ? N - n0 : 64;
        float *group = packed + (long)n0 * K;
        for (int k = 0; k < K; k++)
            for (int j = 0; j < width; j++) group[(long)k * 64 + j] = W[(long)(n0 + j) * K + k];
    }
}

const char *sd_kernels_isa(void)
{
    switch (sd_kernels_level()) {
    case SD_KERNELS_AVX512: return "avx512f";
    case SD_KERNELS_AVX2: return "avx2+fma";
    default: return "baseline";
    }
}
