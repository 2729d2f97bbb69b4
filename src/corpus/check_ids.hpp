// Token id validation: one branch-free pass (vectorisable, split over
// threads: on one thread it was ~5% of a two-thread count's wall time), then a
// second pass only to name the first bad id when there is one.
#pragma once

#include "core/error.hpp"

#include <cstdint>
#include <omp.h>
#include <string>
#include <type_traits>

namespace pr::corpus {

template <class T>
bool in_vocab(T v, uint64_t V) {
    if constexpr (std::is_signed_v<T>) {
        if (v < 0) return false;
    }
    return uint64_t(v) < V;
}

// Throws PR_ERR_OUT_OF_RANGE naming the first id outside [0, V), V and its
// offset (base_offset + index) followed by `where`, e.g. " of the chunk".
template <class T>
void check_ids(const T *x, size_t n, uint64_t V, uint64_t base_offset, const std::string &where, int threads) {
    int bad = 0;
#pragma omp parallel for schedule(static) reduction(| : bad) num_threads(threads) if (n >= (size_t(1) << 20))
    for (int64_t i = 0; i < int64_t(n); ++i) bad |= int(!in_vocab(x[i], V));
    if (!bad) return;
    for (size_t i = 0; i < n; ++i)
        if (!in_vocab(x[i], V)) {
            if constexpr (std::is_signed_v<T>) {
                if (x[i] < 0) fail(PR_ERR_OUT_OF_RANGE, "token id ", int64_t(x[i]), " < 0 at offset ", base_offset + i, where);
            }
            fail(PR_ERR_OUT_OF_RANGE, "token id ", uint64_t(x[i]), " >= vocab_size ", V, " at offset ", base_offset + i,
                 where);
        }
}

}  // namespace pr::corpus
