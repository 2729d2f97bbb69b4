#include "sft/batch_sampler.hpp"

#include "core/rng.hpp"

#include <algorithm>
#include <cmath>

namespace pr::sft {

TokenData::TokenData(std::vector<int32_t> tokens, float val_fraction) : tokens_(std::move(tokens)) {
    n_train_ = size_t(std::floor(double(tokens_.size()) * (1.0 - double(val_fraction))));
    n_train_ = std::min(n_train_, tokens_.size());
}

void sample_windows(const int32_t *seq, size_t n, size_t B, size_t T, uint64_t seed, int32_t *x,
                    int32_t *y) {
    Rng rng(seed);
    for (size_t b = 0; b < B; ++b) {
        const size_t start = size_t(rng.below(n - T));  // start + T < n
        std::copy(seq + start, seq + start + T, x + b * T);
        std::copy(seq + start + 1, seq + start + T + 1, y + b * T);
    }
}

uint64_t train_batch_seed(uint64_t data_seed, uint64_t step) {
    Rng a(data_seed ^ 0x5452414E42415443ull);  // "TRANBATC"
    return a.next() ^ (step * 0x9E3779B97F4A7C15ull);
}

uint64_t val_batch_seed(uint64_t data_seed, uint64_t index) {
    Rng a(data_seed ^ 0x56414C4241544348ull);  // "VALBATCH"
    return a.next() ^ ((index + 1) * 0xD1B54A32D192ED03ull);
}

}  // namespace pr::sft
