#include "smartdesk_kernels.h"
#include <math.h>

#include "vector16.h"

/// e^x, 16 lanes: x = n·ln2 + r, degree-7 Taylor polynomial of e^r on |r| ≤ ln2/2 (relative
/// error < 2e-7), times 2^n built in the exponent bits. Inputs clamped to [-87, 88].
static inline __attribute__((always_inline)) v16 exp16(v16 x) {
    x = __builtin_elementwise_max(__builtin_elementwise_min(x, splat(88.0f)), splat(-87.0f));
    v16 shifted = x * 1.44269504f + 12582912.0f;  // 1.5·2²³: rounds, leaves n in the low bits
    v16 n = shifted - 12582912.0f;
    v16 r = x - n * 0.693145752f;                  // Cody–Waite split of ln2
    r = r - n * 1.4286068e-6f;
    v16 p = splat(1.0f / 5040);
    p = p * r + 1.0f / 720;
    p = p * r + 1.0f / 120;
    p = p * r + 1.0f / 24;
    p = p * r + 1.0f / 6;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    i16 bits = (((i16)shifted - 0x4B400000) + 127) << 23;
    return p * (v16)bits;
}

/// GELU with the exact error function, x/2·(1 + erf(x/√2)); erf by Abramowitz & Stegun 7.1.26
/// (absolute error ≤ 1.5e-7), taken as the complement for negative x so the tail does not cancel.
static inline __attribute__((always_inline)) v16 gelu16(v16 x) {
    v16 z = __builtin_elementwise_abs(x) * 0.707106781f;
    v16 t = 1.0f / (1.0f + 0.3275911f * z);
    v16 poly = splat(1.061405429f);
    poly = poly * t - 1.453152027f;
    poly = poly * t + 1.421413741f;
    poly = poly * t - 0.284496736f;
    poly = poly * t + 0.254829592f;
    poly = poly * t;
    v16 tail = poly * exp16(-(z * z));            // 1 - erf(z)
    v16 onePlusErf = x < 0 ? tail : 2.0f - tail;
    return 0.5f * x * onePlusErf;
}

static inline __attribute__((always_inline)) void gelu_body(float *values, long count) {
    long i = 0;
    for (; i + 16 <= count; i += 16) store16(values + i, gelu16(load16(values + i)));
    if (i < count) {
        float rest[16] = {0};
        for (long j = i; j < count; j++) rest[j - i] = values[j];
        v16 y = gelu16(load16(rest));
        for (long j = i; j < count; j++) values[j] = y[j - i];
    }
}

/// Attention of one sequence: for each head, softmax(scale·Q·Kᵀ)·V over the sequence's own tokens.
static inline __attribute__((always_inline)) void attention_body(
    const float *qkv, int n, int heads, int headSize, float *context)
{
    int hidden = heads * headSize;
    long stride = 3L * hidden;
    float scale = 1.0f / sqrtf((float)headSize);
    float scores[SD_MAX_ATTENTION_TOKENS];
    for (int h = 0; h < heads; h++) {
        for (int i = 0; i < n; i++) {
            const float *q = qkv + i * stride + h * headSize;
            float maximum = -INFINITY;
            for (int j = 0; j < n; j++) {
                const float *k = qkv + j * stride + hidden + h * headSize;
                v16 acc = 0;
                for (int d = 0; d < headSize; d += 16) acc += load16(q + d) * load16(k + d);
                float s = sum16(acc) * scale;
                scores[j] = s;
                if (s > maximum) maximum = s;
            }
            float sum = 0;
            int j = 0;
            for (; j + 16 <= n; j += 16) {
                v16 e = exp16(load16(scores + j) - maximum);
                store16(scores + j, e);
                sum += sum16(e);
            }
            for (; j < n; j++) {
                scores[j] = expf(scores[j] - maximum);
                sum += scores[j];
            }
            float inverse = 1.0f / sum;
            float *out = context + (long)i * hidden + h * headSize;
            for (int d = 0; d < headSize; d += 16) {
                v16 acc = 0;
                for (int jj = 0; jj < n; jj++) {
                    const float *v = qkv + jj * stride + 2 * hidden + h * headSize + d;
                    acc += scores[jj] * load16(v);
                }
                store16(out + d, acc * inverse);
            }
        }
    }
}

/// rows[i] = LayerNorm(rows[i] + residual[i]) over `width` values (a multiple of 16).
static inline __attribute__((always_inline)) void layer_norm_body(
    float *rows, const float *residual, int count, int width, const float *gamma, const float *beta, float epsilon)
{
    for (int row = 0; row < count; row++) {
        float *v = rows + (long)row * width;
        v16 total = 0;
        for (int j = 0; j < width; j += 16) {
            v16 x = load16(v + j);
            if (residual) {
                x += load16(residual + (long)row * width + j);
                store16(v + j, x);
            }
            total += x;
        }
        float mean = sum16(total) / width;
        v16 squares = 0;
        for (int j = 0; j < width; j += 16) {
            v16 d = load16(v + j) - mean;
            squares += d * d;
        }
        float scale = 1.0f / sqrtf(sum16(squares) / width + epsilon);
        for (int j = 0; j < width; j += 16)
            store16(v + j, (load16(v + j) - mean) * scale * load16(gamma + j) + load16(beta + j));
    }
}

#define VARIANTS(name, params, args)                                                  \
    __attribute__((target("avx512f"))) static void name##_avx512 params { name##_body args; } \
    __attribute__((target("avx2,fma"))) static void name##_avx2 params { name##_body args; }  \
    static void name##_baseline params { name##_body args; }

VARIANTS(gelu, (float *values, long count), (values, count))
VARIANTS(attention, (const float *qkv, int n, int heads, int headSize, float *context), (qkv, n, heads, headSize, context))
VARIANTS(layer_norm,
         (float *rows, const float *residual, int count, int width, const float *gamma, const float *beta, float epsilon),
         (rows, residual, count, width, gamma, beta, epsilon))

void sd_add_layer_norm(float *rows, const float *residual, int count, int width, const float *gamma, const float *beta, float epsilon)
{
    switch (sd_kernels_level()) {
    case SD_KERNELS_AVX512: layer_norm_avx512(rows, residual, count, width, gamma, beta, epsilon); break;
    case SD_KERNELS_AVX2: layer_norm_avx2(rows, residual, count, width, gamma, beta, epsilon); break;
    default: layer_norm_baseline(rows, residual, count, width, gamma, beta, epsilon); break;
    }
}

void sd_gelu(float *values, long count)
{
    switch (sd_kernels_level()) {
    case SD_KERNELS_AVX512: gelu_avx512(values, count); break;
    case SD_KERNELS_AVX2: gelu_avx2(values, count); break;
    default: gelu_baseline(values, count); break;
    }
}

void sd_attention(const float *qkv, int n, int heads, int headSize, float *context)
{
    switch (sd_kernels_level()) {
    case SD_KERNELS_AVX512: attention_avx512(qkv, n, heads, headSize, context); break;
    case SD_KERNELS_AVX2: attention_avx2(qkv, n, heads, headSize, context); break;
    default: attention_baseline(qkv, n, heads, headSize, context); break;
    }
}
