#include "core/sgemm.hpp"

#include <algorithm>
#include <vector>

#if defined(__AVX512F__)
#include <immintrin.h>

#include "core/transpose16.hpp"
#endif

namespace pr {

#if defined(__AVX512F__)
namespace {

constexpr size_t MR = 12;    // rows of C per register tile (broadcast from A)
constexpr size_t NR = 32;    // columns per tile: two 16-float vectors
constexpr size_t KC = 512;   // depth of one packed block (320: ~10% slower)
constexpr size_t MC = 192;   // rows of A packed at once (16 tiles, 384 KiB: in L2)
constexpr size_t NC = 4096;  // columns of B packed at once (8 MiB, in L3)

__mmask16 lanes(size_t n) { return n >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << n) - 1u); }

// Stores (or adds to) C the mr x NR (masked columns) accumulator tile.
inline void store_tile(const __m512 (&acc)[MR][2], float *c, size_t ldc, size_t mr, __mmask16 m0, __mmask16 m1,
                       bool add_c) {
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

// C tile (mr x NR) (= or +=) A (MR x kc) times B (kc x NR).  A is a packed
// k-major strip of MR, or read in place from a row-major matrix (rows lda
// apart; all MR rows must exist); B a packed k-major strip of NR, or read in
// place (depths ldb apart; all NR columns must exist).  Reading A in place
// skips its transposing copy, which had cost ~5% of a training step.  Kept
// out of line on purpose: inlined into the loops below, GCC 12 lost track of
// the 24 accumulators and ran at half the speed.
template <bool PackedA, bool PackedB>
__attribute__((noinline)) void tile(size_t kc, const float *a, size_t lda, const float *b, size_t ldb, float *c,
                                    size_t ldc, size_t mr, __mmask16 m0, __mmask16 m1, bool add_c) {
    __m512 acc[MR][2];
#pragma GCC unroll 12
    for (size_t i = 0; i < MR; ++i) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
    for (size_t k = 0; k < kc; ++k) {
        const float *bk = b + k * (PackedB ? NR : ldb);
        const __m512 b0 = _mm512_loadu_ps(bk), b1 = _mm512_loadu_ps(bk + 16);
#pragma GCC unroll 12
        for (size_t i = 0; i < MR; ++i) {
            const __m512 ai = _mm512_set1_ps(PackedA ? a[k * MR + i] : a[i * lda + k]);
            acc[i][0] = _mm512_fmadd_ps(ai, b0, acc[i][0]);
            acc[i][1] = _mm512_fmadd_ps(ai, b1, acc[i][1]);
        }
    }
    store_tile(acc, c, ldc, mr, m0, m1, add_c);
}

// Where a tile reads A or B: packed strips, or the matrix in place (rows of
// A, or rows of B, ld apart).
struct Panel {
    const float *p;
    size_t ld;
    bool packed;
};

void run_tile(size_t kc, Panel a, Panel b, float *c, size_t ldc, size_t mr, __mmask16 m0, __mmask16 m1,
              bool add_c) {
    if (a.packed && b.packed) tile<true, true>(kc, a.p, a.ld, b.p, b.ld, c, ldc, mr, m0, m1, add_c);
    else if (a.packed) tile<true, false>(kc, a.p, a.ld, b.p, b.ld, c, ldc, mr, m0, m1, add_c);
    else if (b.packed) tile<false, true>(kc, a.p, a.ld, b.p, b.ld, c, ldc, mr, m0, m1, add_c);
    else tile<false, false>(kc, a.p, a.ld, b.p, b.ld, c, ldc, mr, m0, m1, add_c);
}

// One strip (n <= width rows, width 12 or 32) of a matrix whose rows run
// along k with unit stride (B = W^T in the backward's dX = G W^T, and a
// row-major A's last partial tile): 16 depths of up to 16 rows at a time are
// loaded as row vectors, transposed in registers and stored as depth
// vectors, instead of one scalar at a time.
void pack_rows(const float *src, size_t ld, size_t n, size_t kc, size_t width, float *d) {
    for (size_t k = 0; k < kc; k += 16) {
        const __mmask16 km = lanes(kc - k);
        const size_t kn = std::min<size_t>(16, kc - k);
        for (size_t i0 = 0; i0 < width; i0 += 16) {  // rows past n are stored as zeros
            const size_t rn = n > i0 ? std::min<size_t>(16, n - i0) : 0;
            __m512 r[16];
            for (size_t i = 0; i < 16; ++i)
                r[i] = i < rn ? _mm512_maskz_loadu_ps(km, src + (i0 + i) * ld + k) : _mm512_setzero_ps();
            transpose16(r);
            const __mmask16 rm = lanes(width - i0);
            for (size_t kk = 0; kk < kn; ++kk) _mm512_mask_storeu_ps(d + (k + kk) * width + i0, rm, r[kk]);
        }
    }
}

// Packs rows [r0, r0 + rows) and depth [p0, p0 + kc) of X into strips of
// `width` rows, k-major (strip s, depth k: width consecutive values),
// zero-padding the last strip.
void pack(Strided<float> X, size_t r0, size_t rows, size_t p0, size_t kc, size_t width, float *dst) {
    const size_t strips = (rows + width - 1) / width;
    const float *src = X.p + r0 * X.row + p0 * X.col;
    if (X.col == 1) {
        for (size_t s = 0; s < strips; ++s)
            pack_rows(src + s * width * X.row, X.row, std::min(width, rows - s * width), kc, width, dst + s * width * kc);
    } else if (X.row == 1) {
        // Depth k is a contiguous run of `rows` values: read it once, front
        // to back, into every strip.  Strip by strip, each depth was a new
        // cache line a stride apart, and the copy waited on memory.
        for (size_t k = 0; k < kc; ++k) {
            const float *sk = src + k * X.col;
            for (size_t s = 0; s < strips; ++s) {
                const size_t i0 = s * width, n = std::min(width, rows - i0);
                float *d = dst + s * width * kc + k * width;
                for (size_t c = 0; c < width; c += 16)
                    _mm512_mask_storeu_ps(d + c, lanes(width - c), _mm512_maskz_loadu_ps(lanes(n > c ? n - c : 0), sk + i0 + c));
            }
        }
    } else {
        for (size_t s = 0; s < strips; ++s) {
            const size_t i0 = s * width, n = std::min(width, rows - i0);
            for (size_t k = 0; k < kc; ++k) {
                float *d = dst + s * width * kc + k * width;
                for (size_t i = 0; i < n; ++i) d[i] = src[(i0 + i) * X.row + k * X.col];
                std::fill(d + n, d + width, 0.0f);
            }
        }
    }
}

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
            // B is read in place too when it serves a single row block (the
            // weight gradients' X^T G, with G large): then packing is a
            // pure extra copy.  Reused by many row blocks, a packed B reads
            // faster than B's rows scattered a stride apart.
            const size_t direct_b = B.col == 1 && M <= MC ? nc / NR * NR : 0;
            pack(Bt, j0 + direct_b, nc - direct_b, p0, kc, NR, pb.data());
            const bool add_c = accumulate || p0 > 0;
            for (size_t i0 = 0; i0 < M; i0 += MC) {
                const size_t mc = std::min(MC, M - i0);
                // Row-major A is read in place, but for a last partial tile
                // (whose missing rows the tile would read past A's end).
                const size_t direct = A.col == 1 ? mc / MR * MR : 0;
                pack(A, i0 + direct, mc - direct, p0, kc, MR, pa.data());
                for (size_t jr = 0; jr < nc; jr += NR) {
                    const size_t nj = std::min(NR, nc - jr);
                    const __mmask16 m0 = lanes(nj), m1 = nj > 16 ? lanes(nj - 16) : __mmask16(0);
                    float *c = C + i0 * ldc + j0 + jr;
                    const Panel b = jr < direct_b ? Panel{B.p + p0 * B.row + j0 + jr, B.row, false}
                                                  : Panel{pb.data() + (jr - direct_b) * kc, 0, true};
                    for (size_t ir = 0; ir < mc; ir += MR) {
                        const Panel a = ir < direct ? Panel{A.p + (i0 + ir) * A.row + p0, A.row, false}
                                                    : Panel{pa.data() + (ir - direct) * kc, 0, true};
                        run_tile(kc, a, b, c + ir * ldc, ldc, std::min(MR, mc - ir), m0, m1, add_c);
                    }
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
