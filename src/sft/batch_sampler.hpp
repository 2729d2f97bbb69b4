// Token data with a train/validation split, and a seeded sampler of
// (input, target) windows.  The batch of training step s depends only on
// (data_seed, s), so a resumed run sees the same batches as an unbroken one;
// the validation batches are one fixed set.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pr::sft {

class TokenData {
public:
    TokenData() = default;
    // Takes the tokens (already checked against the vocabulary).  The first
    // (1 - val_fraction) share is training data, the rest validation.
    TokenData(std::vector<int32_t> tokens, float val_fraction);
    bool empty() const { return tokens_.empty(); }
    size_t size() const { return tokens_.size(); }
    size_t train_size() const { return n_train_; }
    size_t val_size() const { return tokens_.size() - n_train_; }
    const int32_t *train() const { return tokens_.data(); }
    const int32_t *val() const { return tokens_.data() + n_train_; }

private:
    std::vector<int32_t> tokens_;
    size_t n_train_ = 0;
};

// Fills x, y ([B, T]) with B random windows of `seq` (length n >= T + 1).
void sample_windows(const int32_t *seq, size_t n, size_t B, size_t T, uint64_t seed, int32_t *x,
                    int32_t *y);

uint64_t train_batch_seed(uint64_t data_seed, uint64_t step);
uint64_t val_batch_seed(uint64_t data_seed, uint64_t index);

}  // namespace pr::sft
