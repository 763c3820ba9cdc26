#ifndef SMARTDESK_KERNELS_H
#define SMARTDESK_KERNELS_H

/// Instruction-set levels of the kernels, best last.
enum {
    SD_KERNELS_BASELINE = 0,
    SD_KERNELS_AVX2 = 1,    /* AVX2 + FMA */
    SD_KERNELS_AVX512 = 2,  /* AVX-512F */
};

/// Packs W[N][K] (PyTorch's `[out, in]` layout) for `sd_linear_rows`: groups of 64 output columns,
/// each a contiguous K × 64 block, so the kernel reads the weights as one sequential stream.
/// N must be a multiple of 64; `packed` holds N·K floats.
void sd_pack_rows_weights(const float *W, int N, int K, float *packed);

/// Dense layer Y[M][N] = X[M][K] · Wᵀ + bias[N]; X and Y row-major, W packed by
/// `sd_pack_rows_weights`. Register-blocked 6 rows × 64 columns; every weight is read once per
/// call, with no per-call packing, which is where a general GEMM loses when M is small and the
/// weights do not fit in cache. Runs the best variant this CPU supports.
void sd_linear_rows(const float *X, int M, int K, const float *packed, const float *bias, int N, float *Y);

/// `sd_linear_rows` with the variant of `level` (capped at what the CPU supports); for tests.
void sd_linear_rows_at(int level, const float *X, int M, int K, const float *packed, const float *bias, int N, float *Y);

/// Longest sequence `sd_attention` takes.
#define SD_MAX_ATTENTION_TOKENS 512

/// GELU with the exact error function, in place.
void sd_gelu(float *values, long count);

/// Multi-head attention of one sequence of `n` ≤ SD_MAX_ATTENTION_TOKENS tokens: `qkv` holds n rows
/// of [Q | K | V] (3·heads·headSize floats each), `context` receives n rows of heads·headSize.
/// headSize must be a multiple of 16.
void sd_attention(const float *qkv, int n, int heads, int headSize, float *context);

/// rows[i] = LayerNorm(rows[i] + residual[i]) for `count` rows of `width` floats (a multiple of
/// 16), in place; `residual` may be NULL.
void sd_add_layer_norm(float *rows, const float *residual, int count, int width, const float *gamma, const float *beta, float epsilon);

/// The best level this CPU supports.
int sd_kernels_level(void);

/// The instruction set `sd_linear_rows` runs with: "avx512f", "avx2+fma" or "baseline".
const char *sd_kernels_isa(void);

#endif
