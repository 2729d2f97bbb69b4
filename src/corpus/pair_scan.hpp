// The inner loops that turn a block of tokens into one lane's pairs: a key
// (a - row_lo) * V + b for every pair whose row is sparse in this lane, an
// increment of a dense counter for every pair whose row is dense here, and
// nothing for rows owned by other lanes.  Branch-free (the row kinds are
// unpredictable), with AVX-512 versions for 16- and 32-bit tokens and 32-bit
// keys.  Each returns the number of keys written to out (which must have room
// for m keys) and adds the number of pairs of other lanes to `skipped`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace pr::corpus {

constexpr uint32_t kRouteSparse = 0xFFFFFFFEu;  // the row goes to the key buffer
constexpr uint32_t kRouteSkip = 0xFFFFFFFFu;    // another lane owns the row

#if defined(__AVX512F__)
// 16 consecutive ids, widened to 32-bit lanes.
template <class T>
inline __m512i load16_u32(const T *p) {
    if constexpr (std::is_same_v<T, uint16_t>)
        return _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(p)));
    else
        return _mm512_loadu_si512(p);
}
#endif

// Lane rows [row_lo, row_lo + span), all sparse.
template <class T, class K>
size_t scan_sparse(const T *a, const T *b, size_t m, uint32_t row_lo, uint32_t span, K V, K *out, uint64_t &skipped) {
    size_t w = 0, i = 0;
    uint64_t skip = 0;
#if defined(__AVX512F__)
    if constexpr (sizeof(K) == 4 && (std::is_same_v<T, uint16_t> || std::is_same_v<T, uint32_t>)) {
        const __m512i lo = _mm512_set1_epi32(int(row_lo)), sp = _mm512_set1_epi32(int(span)),
                      vV = _mm512_set1_epi32(int(V));
        for (; i + 16 <= m; i += 16) {
            const __m512i va = load16_u32(a + i), vb = load16_u32(b + i);
            const __m512i rel = _mm512_sub_epi32(va, lo);
            const __mmask16 in = _mm512_cmplt_epu32_mask(rel, sp);
            const __m512i key = _mm512_add_epi32(_mm512_mullo_epi32(rel, vV), vb);
            // Compress in a register, store all 16 lanes: w + 16 <= i + 16 <= m.
            _mm512_storeu_si512(out + w, _mm512_maskz_compress_epi32(in, key));
            const unsigned n = unsigned(__builtin_popcount(unsigned(in)));
            w += n;
            skip += 16 - n;
        }
    }
#endif
    for (; i < m; ++i) {
        const uint32_t rel = uint32_t(a[i]) - row_lo;
        out[w] = K(K(rel) * V + K(uint32_t(b[i])));
        const bool in = rel < span;
        w += in;
        skip += !in;
    }
    skipped += skip;
    return w;
}

// Lane with dense rows: route[a] is the offset of row a's counters in dense,
// kRouteSparse or kRouteSkip.  Dense increments are collected per sub-block
// and applied in a tight loop, where the out-of-order core overlaps their
// cache misses (the counters are larger than L2).
template <class T, class K>
size_t scan_routed(const T *a, const T *b, size_t m, const uint32_t *route, uint32_t *dense, uint32_t row_lo, K V,
                   K *out, uint64_t &skipped) {
    constexpr size_t kSub = 512;
    uint32_t idx[kSub + 16];
    size_t w = 0;
    uint64_t skip = 0;
    for (size_t s = 0; s < m; s += kSub) {
        const size_t e = s + kSub < m ? s + kSub : m;
        size_t nd = 0, i = s;
#if defined(__AVX512F__)
        if constexpr (sizeof(K) == 4 && (std::is_same_v<T, uint16_t> || std::is_same_v<T, uint32_t>)) {
            const __m512i lo = _mm512_set1_epi32(int(row_lo)), vV = _mm512_set1_epi32(int(V)),
                          sparse = _mm512_set1_epi32(int(kRouteSparse)), skipv = _mm512_set1_epi32(int(kRouteSkip));
            for (; i + 16 <= e; i += 16) {
                const __m512i va = load16_u32(a + i), vb = load16_u32(b + i);
                const __m512i r = _mm512_i32gather_epi32(va, route, 4);
                const __mmask16 is_sparse = _mm512_cmpeq_epi32_mask(r, sparse);
                const __mmask16 is_skip = _mm512_cmpeq_epi32_mask(r, skipv);
                const __mmask16 is_dense = __mmask16(~(is_sparse | is_skip));
                const __m512i key = _mm512_add_epi32(_mm512_mullo_epi32(_mm512_sub_epi32(va, lo), vV), vb);
                _mm512_storeu_si512(out + w, _mm512_maskz_compress_epi32(is_sparse, key));
                w += unsigned(__builtin_popcount(unsigned(is_sparse)));
                _mm512_storeu_si512(idx + nd, _mm512_maskz_compress_epi32(is_dense, _mm512_add_epi32(r, vb)));
                nd += unsigned(__builtin_popcount(unsigned(is_dense)));
                skip += unsigned(__builtin_popcount(unsigned(is_skip)));
            }
        }
#endif
        for (; i < e; ++i) {
            const uint32_t ai = uint32_t(a[i]), bi = uint32_t(b[i]);
            const uint32_t r = route[ai];
            out[w] = K(K(ai - row_lo) * V + K(bi));
            w += r == kRouteSparse;
            skip += r == kRouteSkip;
            idx[nd] = r + bi;
            nd += r < kRouteSparse;
        }
        for (size_t k = 0; k < nd; ++k) ++dense[idx[k]];
    }
    skipped += skip;
    return w;
}

}  // namespace pr::corpus
