// The bf16 GEMM of core/sgemm_bf16.hpp.
//
// ISA: the kernels below carry a GCC target attribute (the pragma region),
// so this file builds and links into a library compiled for any ISA, and
// only these functions contain AVX-512 instructions.  Nothing defined in a
// header is compiled inside the region and no Eigen is included: an inline
// or template function compiled here for AVX512-BF16 could otherwise be the
// copy the linker keeps for the whole library (an ODR violation that faults
// on older CPUs).
//
// Layout of a packed strip of w rows (w = MR for A, NR for B^T): depth
// pairs p = 0 .. ceil(kc/2)-1, each w 32-bit lanes; lane r holds row r's
// bf16 values at depths 2p (low half) and 2p+1 (high half), which is what
// vdpbf16ps multiplies pairwise.  Missing rows and an odd last depth are
// zeros.
//
// Rounding: round to nearest even (vcvtneps2bf16), not stochastic: each
// operand is rounded once per product and the sums stay float32, so the
// error is a deterministic relative 2^-8 per operand with no bias to
// accumulate across k (stochastic rounding pays off for bf16 *storage*
// updated many times, e.g. bf16 master weights, which this trainer keeps in
// float32).  The learning parity in bench/README.md measures the result.
#include "core/sgemm_bf16.hpp"

#include "core/cpu_features.hpp"
#include "core/error.hpp"

// GCC 12 flags its own intrinsics' deliberately undefined operand as
// uninitialised (as cmake/isa.cmake notes for -Wmaybe-uninitialized).
#pragma GCC diagnostic ignored "-Wuninitialized"
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace pr {

namespace {

constexpr size_t MR = 12;    // rows of C per register tile (broadcast from A)
constexpr size_t NR = 32;    // columns per tile: two 16-float accumulators
constexpr size_t KC = 512;   // depths per packed block (256 pairs)
constexpr size_t MC = 192;   // rows of A packed at once (192 KiB of bf16)
constexpr size_t NC = 4096;  // columns of B packed at once

// Plain integer code, usable on both sides of the region.
__mmask16 lanes(size_t n) { return n >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << n) - 1u); }

// clang ignores GCC's target pragma (the TSan and fuzz builds use clang): it
// gets the same region as an attribute on every function defined in it.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx512bf16,fma"))), \
                             apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512dq,avx512vl,avx512bf16,fma")
#endif

#include "core/transpose16.hpp"

// 16 floats rounded to bf16, each in the low half of a 32-bit lane.
inline __m512i bf16_low(__m512 x) { return _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(x)); }

// One strip of n <= w rows and kc depths of X where depth k of row r is
// src[k*ld + r]: rows contiguous (B = W in X W, A = X^T in X^T G).  Two depth
// rows are loaded, rounded and interleaved per pair.
void pack_depth_major(const float *src, size_t ld, size_t n, size_t kc, size_t w, uint32_t *d) {
    for (size_t p = 0; 2 * p < kc; ++p) {
        const float *s0 = src + 2 * p * ld, *s1 = s0 + ld;
        const bool odd = 2 * p + 1 < kc;
        for (size_t c = 0; c < w; c += 16) {
            const __mmask16 m = lanes(n > c ? n - c : 0);
            const __m512i lo = bf16_low(_mm512_maskz_loadu_ps(m, s0 + c));
            const __m512i hi = odd ? bf16_low(_mm512_maskz_loadu_ps(m, s1 + c)) : _mm512_setzero_si512();
            _mm512_mask_storeu_epi32(d + p * w + c, lanes(w - c), _mm512_or_si512(lo, _mm512_slli_epi32(hi, 16)));
        }
    }
}

// The same strip where row r's depths are contiguous, src[r*ld + k] (A = X
// in X W, B = W^T in G W^T): for 16 rows at a time, 32 depths of each row
// are rounded into 16 pairs (one register per row), transposed in
// registers, and stored as 16 pair vectors.  (Scattering each row's pairs to
// their lanes instead made this pack cost as much as the product.)
void pack_row_major(const float *src, size_t ld, size_t n, size_t kc, size_t w, uint32_t *d) {
    const size_t kp = (kc + 1) / 2;
    for (size_t k = 0; k < kc; k += 32) {
        const __mmask16 m0 = lanes(kc - k), m1 = lanes(kc > k + 16 ? kc - k - 16 : 0);
        const size_t np = kp - k / 2 < 16 ? kp - k / 2 : 16;
        for (size_t i0 = 0; i0 < w; i0 += 16) {
            __m512 r[16];
            for (size_t i = 0; i < 16; ++i) {
                if (i0 + i >= n) {
                    r[i] = _mm512_setzero_ps();
                    continue;
                }
                const float *s = src + (i0 + i) * ld + k;
                const __m512 x0 = _mm512_maskz_loadu_ps(m0, s), x1 = _mm512_maskz_loadu_ps(m1, s + 16);
                r[i] = (__m512)_mm512_cvtne2ps_pbh(x1, x0);  // depths k .. k+31 in order: 16 pairs
            }
            transpose16(r);  // r[m]: pair k/2 + m of rows i0 .. i0+15
            const __mmask16 rm = lanes(w - i0);
            for (size_t m = 0; m < np; ++m) _mm512_mask_storeu_ps(d + (k / 2 + m) * w + i0, rm, r[m]);
        }
    }
}

// Any other strides (not used by the trainer): one value at a time, rounded
// by the same instruction.
uint32_t bf16_bits(float x) {
    return uint32_t(_mm_extract_epi16(_mm256_castsi256_si128((__m256i)_mm512_cvtneps_pbh(_mm512_set1_ps(x))), 0));
}

void pack_strided(const float *src, size_t rs, size_t ks, size_t n, size_t kc, size_t w, uint32_t *d) {
    for (size_t p = 0; 2 * p < kc; ++p)
        for (size_t r = 0; r < w; ++r) {
            uint32_t v = 0;
            if (r < n) {
                v = bf16_bits(src[r * rs + 2 * p * ks]);
                if (2 * p + 1 < kc) v |= bf16_bits(src[r * rs + (2 * p + 1) * ks]) << 16;
            }
            d[p * w + r] = v;
        }
}

// C tile (mr x NR, masked columns) (= or +=) a packed A strip (MR rows)
// times a packed B strip (NR columns) over kp depth pairs: 24 accumulators,
// as core/sgemm's fp32 tile.  Out of line for the same reason (GCC 12 loses
// the accumulators when this is inlined into the loops).
__attribute__((noinline)) void tile(size_t kp, const uint32_t *a, const uint32_t *b, float *c, size_t ldc,
                                    size_t mr, __mmask16 m0, __mmask16 m1, bool add_c) {
    __m512 acc[MR][2];
#pragma GCC unroll 12
    for (size_t i = 0; i < MR; ++i) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
    for (size_t p = 0; p < kp; ++p) {
        const __m512bh b0 = (__m512bh)_mm512_loadu_si512(b + p * NR);
        const __m512bh b1 = (__m512bh)_mm512_loadu_si512(b + p * NR + 16);
#pragma GCC unroll 12
        for (size_t i = 0; i < MR; ++i) {
            const __m512bh ai = (__m512bh)_mm512_set1_epi32(int(a[p * MR + i]));
            acc[i][0] = _mm512_dpbf16_ps(acc[i][0], ai, b0);
            acc[i][1] = _mm512_dpbf16_ps(acc[i][1], ai, b1);
        }
    }
    for (size_t i = 0; i < mr; ++i) {
        float *ci = c + i * ldc;
        __m512 r0 = acc[i][0], r1 = acc[i][1];
        if (add_c) {
            r0 = _mm512_add_ps(r0, _mm512_maskz_loadu_ps(m0, ci));
            r1 = _mm512_add_ps(r1, _mm512_maskz_loadu_ps(m1, ci + 16));
        }
        _mm512_mask_storeu_ps(ci, m0, r0);
        _mm512_mask_storeu_ps(ci + 16, m1, r1);
    }
}

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

// Packs rows [r0, r0 + rows) and depths [p0, p0 + kc) of X into strips of
// `width` rows (the layout above).
void pack(Strided<float> X, size_t r0, size_t rows, size_t p0, size_t kc, size_t width, uint32_t *dst) {
    const size_t kp = (kc + 1) / 2;
    const float *src = X.p + r0 * X.row + p0 * X.col;
    for (size_t i0 = 0; i0 < rows; i0 += width) {
        const size_t n = std::min(width, rows - i0);
        uint32_t *d = dst + i0 * kp;
        if (X.col == 1) pack_row_major(src + i0 * X.row, X.row, n, kc, width, d);
        else if (X.row == 1) pack_depth_major(src + i0, X.col, n, kc, width, d);
        else pack_strided(src + i0 * X.row, X.row, X.col, n, kc, width, d);
    }
}

}  // namespace

void sgemm_bf16(size_t M, size_t N, size_t K, Strided<float> A, Strided<float> B, float *C, size_t ldc,
                bool accumulate) {
    if (hardware_isa_level() < IsaLevel::avx512_bf16)
        fail(PR_ERR_STATE, "the bf16 GEMM needs a CPU with AVX512-BF16 (vdpbf16ps); this one has ",
             isa_level_name(hardware_isa_level()));
    if (M == 0 || N == 0) return;
    if (K == 0) {
        if (!accumulate)
            for (size_t i = 0; i < M; ++i) std::fill(C + i * ldc, C + i * ldc + N, 0.0f);
        return;
    }
    thread_local std::vector<uint32_t> pa, pb;
    pa.resize(KC / 2 * ((MC + MR - 1) / MR) * MR);
    pb.resize(KC / 2 * ((std::min(NC, N) + NR - 1) / NR) * NR);
    const Strided<float> Bt{B.p, B.col, B.row};  // B^T's rows are B's columns
    for (size_t j0 = 0; j0 < N; j0 += NC) {
        const size_t nc = std::min(NC, N - j0);
        for (size_t p0 = 0; p0 < K; p0 += KC) {
            const size_t kc = std::min(KC, K - p0), kp = (kc + 1) / 2;
            pack(Bt, j0, nc, p0, kc, NR, pb.data());
            const bool add_c = accumulate || p0 > 0;
            for (size_t i0 = 0; i0 < M; i0 += MC) {
                const size_t mc = std::min(MC, M - i0);
                pack(A, i0, mc, p0, kc, MR, pa.data());
                for (size_t jr = 0; jr < nc; jr += NR) {
                    const size_t nj = std::min(NR, nc - jr);
                    const __mmask16 m0 = lanes(nj), m1 = nj > 16 ? lanes(nj - 16) : __mmask16(0);
                    float *c = C + i0 * ldc + j0 + jr;
                    for (size_t ir = 0; ir < mc; ir += MR)
                        tile(kp, pa.data() + ir * kp, pb.data() + jr * kp, c + ir * ldc, ldc,
                             std::min(MR, mc - ir), m0, m1, add_c);
                }
            }
        }
    }
}

}  // namespace pr
