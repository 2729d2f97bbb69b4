// Named access to a trainer's parameter tensors and gradients, with the
// caller's shape checked against the layout: what pr_sft's get/set calls and
// pr::init's weight writers share.
#pragma once

#include "sft/trainer.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pr::sft {

// The tensor `name` after checking that the caller's shape[0..ndim) equals
// its own: PR_ERR_INVALID_ARGUMENT for an unknown name or a NULL shape with
// ndim > 0, PR_ERR_MISMATCH naming both shapes.
const ParamSpec &checked_param(const Model<float> &model, const char *name, uint32_t ndim, const uint64_t *shape);

// Copies of a parameter (or of its gradient) in row-major order.
std::vector<float> get_param(const Trainer &trainer, const std::string &name, const std::vector<uint64_t> &shape);
// Overwrites a parameter; the optimizer state is left alone.
void set_param(Trainer &trainer, const std::string &name, const std::vector<uint64_t> &shape, const float *values);

// Logits [batch, seq_len, vocab_size] of a caller batch into out (capacity
// floats): PR_ERR_INVALID_ARGUMENT for seq_len > context_length,
// PR_ERR_BUFFER_TOO_SMALL naming the need, PR_ERR_OUT_OF_RANGE for a bad id.
void logits(Trainer &trainer, const int32_t *inputs, size_t batch, size_t seq_len, float *out, size_t capacity);

}  // namespace pr::sft
