// Sixteen-lane float vectors shared by the kernels (clang vector extensions: one zmm register
// with AVX-512, two ymm with AVX2, four xmm on baseline x86-64). Not part of the public header.
#ifndef SMARTDESK_VECTOR16_H
#define SMARTDESK_VECTOR16_H

typedef float v16 __attribute__((ext_vector_type(16)));
typedef float v8 __attribute__((ext_vector_type(8)));
typedef float v4 __attribute__((ext_vector_type(4)));
typedef int i16 __attribute__((ext_vector_type(16)));

static inline __attribute__((always_inline)) v16 load16(const float *p) {
    v16 v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

static inline __attribute__((always_inline)) void store16(float *p, v16 v) {
    __builtin_memcpy(p, &v, sizeof v);
}

static inline __attribute__((always_inline)) v16 splat(float x) { return (v16)(x); }

static inline __attribute__((always_inline)) float sum16(v16 v) {
    v8 a = v.lo + v.hi;
    v4 b = a.lo + a.hi;
    return (b.x + b.y) + (b.z + b.w);
}

#endif
