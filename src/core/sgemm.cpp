#include "core/sgemm.hpp"

#include <algorithm>
#include <vector>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace pr {

#if defined(__AVX512F__)
namespace {

constexpr size_t MR = 12;    // rows of C per register tile (broadcast from A)
constexpr size_t NR = 32;    // columns per tile: two 16-float vectors
constexpr size_t KC = 512;   // depth of one packed block (320: ~10% slower)
constexpr size_t MC = 192;   // rows of A packed at once (16 tiles, 384 KiB: in L2)
constexpr size_t NC = 4096;  // columns of B packed at once (8 MiB, in L3)

// C tile (mr x NR, masked columns) (= or +=) packed A (kc x MR) times packed
// B (kc x NR).  Kept out of line on purpose: inlined into the loops below,
// GCC 12 lost track of the 24 accumulators and ran at half the speed.
__attribute__((noinline)) void tile(size_t kc, const float *pa, const float *pb, float *c, size_t ldc,
                                    size_t mr, __mmask16 m0, __mmask16 m1, bool add_c) {
    __m512 acc[MR][2];
#pragma GCC unroll 12
    for (size_t i = 0; i < MR; ++i) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
    for (size_t k = 0; k < kc; ++k) {
        const __m512 b0 = _mm512_loadu_ps(pb + k * NR), b1 = _mm512_loadu_ps(pb + k * NR + 16);
        const float *a = pa + k * MR;
#pragma GCC unroll 12
        for (size_t i = 0; i < MR; ++i) {
            const __m512 ai = _mm512_set1_ps(a[i]);
            acc[i][0] = _mm512_fmadd_ps(ai, b0, acc[i][0]);
            acc[i][1] = _mm512_fmadd_ps(ai, b1, acc[i][1]);
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

// Packs rows [r0, r0 + rows) and depth [p0, p0 + kc) of X into strips of
// `width` rows, k-major (strip s, depth k: width consecutive values),
// zero-padding the last strip.  Reads along whichever stride is 1.
void pack(Strided<float> X, size_t r0, size_t rows, size_t p0, size_t kc, size_t width, float *dst) {
    for (size_t s0 = 0; s0 < rows; s0 += width) {
        const size_t n = std::min(width, rows - s0);
        float *d = dst + s0 * kc;  // strip s0 / width starts at (s0 / width) * kc * width
        if (n < width)
            for (size_t k = 0; k < kc; ++k) std::fill(d + k * width + n, d + (k + 1) * width, 0.0f);
        const float *src = X.p + (r0 + s0) * X.row + p0 * X.col;
        if (X.col == 1) {
            for (size_t i = 0; i < n; ++i)
                for (size_t k = 0; k < kc; ++k) d[k * width + i] = src[i * X.row + k];
        } else {
            for (size_t k = 0; k < kc; ++k)
                for (size_t i = 0; i < n; ++i) d[k * width + i] = src[i * X.row + k * X.col];
        }
    }
}

__mmask16 lanes(size_t n) { return n >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << n) - 1u); }

}  // namespace

void sgemm(size_t M, size_t N, size_t K, Strided<float> A, Strided<float> B, float *C, size_t ldc, bool accumulate) {
    if (M == 0 || N == 0) return;
    if (K == 0) {
        if (!accumulate)
            for (size_t i = 0; i < M; ++i) std::fill(C + i * ldc, C + i * ldc + N, 0.0f);
        return;
    }
    thread_local std::vector<float> pa, pb;
    pa.resize(KC * ((MC + MR - 1) / MR) * MR);
    pb.resize(KC * ((std::min(NC, N) + NR - 1) / NR) * NR);
    // B^T's rows are B's columns: pack them like rows of A.
    const Strided<float> Bt{B.p, B.col, B.row};
    for (size_t j0 = 0; j0 < N; j0 += NC) {
        const size_t nc = std::min(NC, N - j0);
        for (size_t p0 = 0; p0 < K; p0 += KC) {
            const size_t kc = std::min(KC, K - p0);
            pack(Bt, j0, nc, p0, kc, NR, pb.data());
            const bool add_c = accumulate || p0 > 0;
            for (size_t i0 = 0; i0 < M; i0 += MC) {
                const size_t mc = std::min(MC, M - i0);
                pack(A, i0, mc, p0, kc, MR, pa.data());
                for (size_t jr = 0; jr < nc; jr += NR) {
                    const size_t nj = std::min(NR, nc - jr);
                    const __mmask16 m0 = lanes(nj), m1 = nj > 16 ? lanes(nj - 16) : __mmask16(0);
                    for (size_t ir = 0; ir < mc; ir += MR)
                        tile(kc, pa.data() + ir * kc, pb.data() + jr * kc, C + (i0 + ir) * ldc + j0 + jr, ldc,
                             std::min(MR, mc - ir), m0, m1, add_c);
                }
            }
        }
    }
}

#else  // no AVX-512: Eigen's GEMM

void sgemm(size_t M, size_t N, size_t K, Strided<float> A, Strided<float> B, float *C, size_t ldc, bool accumulate) {
    eigen_matmul(M, N, K, A, B, C, ldc, accumulate);
}

#endif

}  // namespace pr
