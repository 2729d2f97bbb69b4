#include "transition/spmm.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>
#include <omp.h>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace pr::transition {
namespace {

// Base value of the output row (before the sparse sum) at columns [j0, j0+n).
inline float base_value(const RankOneTerms &x, uint32_t a, size_t j) {
    float v = 0.0f;
    if (x.u && x.c) v += static_cast<float>(x.u[a]) * x.c[j];
    if (x.g && x.p && x.g[a]) v += x.p[j];
    return v;
}

#if defined(__AVX512F__)
// Rows of X are read in the order of the column indices, i.e. at random: the
// hardware prefetcher cannot guess them, so every cache line of the chunk
// that nonzero e + kPrefetchAhead will need is requested explicitly.  Measured
// on a Zipf T (V = 50257, d = 768, huge pages): 1.39x over prefetching only
// the first line two nonzeros ahead; 4 gave 1.33x, 12 and 16 less.
constexpr uint64_t kPrefetchAhead = 8;

// NV vectors of 16 floats held in registers across the whole row.  Only the
// last vector may be partial (mask `tail`).
template <int NV>
inline void row_chunk(uint64_t begin, uint64_t end, const uint32_t *col, const float *val,
                      const float *X, size_t d, size_t j0, float *y, const float *base,
                      __mmask16 tail) {
    __m512 acc[NV];
    for (int v = 0; v < NV; ++v) {
        const __mmask16 m = (v == NV - 1) ? tail : __mmask16(0xFFFF);
        acc[v] = base ? _mm512_maskz_loadu_ps(m, base + j0 + 16 * v) : _mm512_setzero_ps();
    }
    for (uint64_t e = begin; e < end; ++e) {
        const float *x = X + size_t(col[e]) * d + j0;
        if (e + kPrefetchAhead < end) {
            const char *ahead = reinterpret_cast<const char *>(X + size_t(col[e + kPrefetchAhead]) * d + j0);
            for (int v = 0; v < NV; ++v) _mm_prefetch(ahead + 64 * v, _MM_HINT_T0);
        }
        const __m512 w = _mm512_set1_ps(val[e]);
        for (int v = 0; v < NV; ++v) {
            const __mmask16 m = (v == NV - 1) ? tail : __mmask16(0xFFFF);
            acc[v] = _mm512_fmadd_ps(w, _mm512_maskz_loadu_ps(m, x + 16 * v), acc[v]);
        }
    }
    for (int v = 0; v < NV; ++v) {
        const __mmask16 m = (v == NV - 1) ? tail : __mmask16(0xFFFF);
        _mm512_mask_storeu_ps(y + j0 + 16 * v, m, acc[v]);
    }
}

using ChunkFn = void (*)(uint64_t, uint64_t, const uint32_t *, const float *, const float *, size_t,
                         size_t, float *, const float *, __mmask16);

template <int... N>
constexpr auto make_table(std::integer_sequence<int, N...>) {
    return std::array<ChunkFn, sizeof...(N)>{&row_chunk<N + 1>...};
}
#endif

}  // namespace

void spmm_f32(uint32_t rows, const uint64_t *row_ptr, const uint32_t *col, const float *val,
              const float *X, size_t d, float *Y, const RankOneTerms &extra, int threads) {
    const int nt = threads > 0 ? threads : omp_get_max_threads();
    const bool has_base = (extra.u && extra.c) || (extra.g && extra.p);
#if defined(__AVX512F__)
    static constexpr auto table = make_table(std::make_integer_sequence<int, 16>{});
    constexpr size_t chunk = 256;  // 16 zmm accumulators
    // Each thread's row of base values, allocated here: an exception (bad_alloc)
    // must not leave the parallel region.
    std::vector<float> bases(has_base ? d * size_t(nt) : 0);
#pragma omp parallel num_threads(nt) if (uint64_t(rows) * d > 32768)
    {
        float *base = bases.data() + (has_base ? d * size_t(omp_get_thread_num()) : 0);
#pragma omp for schedule(dynamic, 32)
        for (int64_t ai = 0; ai < int64_t(rows); ++ai) {
            const uint32_t a = uint32_t(ai);
            float *y = Y + size_t(a) * d;
            const float *b = nullptr;
            if (has_base) {
                for (size_t j = 0; j < d; ++j) base[j] = base_value(extra, a, j);
                b = base;
            }
            for (size_t j0 = 0; j0 < d; j0 += chunk) {
                const size_t n = std::min(chunk, d - j0);
                const int nv = int((n + 15) / 16);
                const unsigned rem = unsigned(n - size_t(nv - 1) * 16);
                const __mmask16 tail = rem == 16 ? __mmask16(0xFFFF) : __mmask16((1u << rem) - 1u);
                table[nv - 1](row_ptr[a], row_ptr[a + 1], col, val, X, d, j0, y, b, tail);
            }
        }
    }
#else
    constexpr size_t chunk = 128;
#pragma omp parallel for schedule(dynamic, 32) num_threads(nt) if (uint64_t(rows) * d > 32768)
    for (int64_t ai = 0; ai < int64_t(rows); ++ai) {
        const uint32_t a = uint32_t(ai);
        float *y = Y + size_t(a) * d;
        for (size_t j0 = 0; j0 < d; j0 += chunk) {
            const size_t n = std::min(chunk, d - j0);
            float acc[chunk];
            for (size_t j = 0; j < n; ++j) acc[j] = has_base ? base_value(extra, a, j0 + j) : 0.0f;
            for (uint64_t e = row_ptr[a]; e < row_ptr[a + 1]; ++e) {
                const float w = val[e];
                const float *x = X + size_t(col[e]) * d + j0;
                for (size_t j = 0; j < n; ++j) acc[j] += w * x[j];
            }
            for (size_t j = 0; j < n; ++j) y[j0 + j] = acc[j];
        }
    }
#endif
}

}  // namespace pr::transition
