// The GPT-2 style decoder: parameters, gradients and activations in flat
// buffers, with a forward pass that keeps what the backward pass needs.
// Model<float> trains; Model<double> exists for the gradient check and runs
// the same kernels.
#pragma once

#include "sft/config.hpp"
#include "sft/param_layout.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace pr::sft {

// 64-byte aligned storage.  Besides speed this keeps results bit-identical
// between handles: Eigen peels unaligned heads off vectorised loops, and a
// peeled element may round differently (no FMA) from a vectorised one.
template <class T>
using Buffer = std::vector<T, Eigen::aligned_allocator<T>>;

template <class T>
class Model {
public:
    // Allocates everything for batches of up to `batch_capacity` sequences
    // of up to context_length tokens.  Parameters start at zero; see
    // init_gpt2_weights.
    Model(const ModelConfig &cfg, size_t batch_capacity);

    const ModelConfig &config() const { return cfg_; }
    const ParamLayout &layout() const { return layout_; }
    T *params() { return params_.data(); }
    const T *params() const { return params_.data(); }
    T *grads() { return grads_.data(); }
    const T *grads() const { return grads_.data(); }
    size_t batch_capacity() const { return cap_b_; }
    // Reallocates the activations if B exceeds the capacity (not per step).
    void reserve_batch(size_t B);

    // inputs/targets: [B, Tn] token ids, already checked to be < vocab_size.
    // targets == nullptr: logits only.  Returns the mean cross-entropy (or 0).
    // `for_backward` turns the logits into their gradient, ready for backward().
    double forward(const int32_t *inputs, const int32_t *targets, size_t B, size_t Tn,
                   bool for_backward);
    // Gradients of the last forward(..., for_backward = true) loss,
    // overwriting grads().
    void backward();
    // Logits [B*Tn, V] of the last forward without for_backward.
    const T *logits() const { return logits_.data(); }

private:
    ModelConfig cfg_;
    ParamLayout layout_;
    size_t cap_b_ = 0;
    Buffer<T> params_, grads_;
    // activations, per layer where needed (layer l at offset l * size)
    Buffer<T> res_;            // [L+1][N][C] residual stream: res_[0] = embeddings
    Buffer<T> ln1_, ln1_mean_, ln1_rstd_, q_, k_, v_, att_, atty_, res_mid_;
    Buffer<T> ln2_, ln2_mean_, ln2_rstd_, fch_, fch_gelu_;
    Buffer<T> lnf_, lnf_mean_, lnf_rstd_, logits_, row_loss_;
    // backward scratch, shared by all layers
    Buffer<T> dres_, dln_, dq_, dk_, dv_, datty_, dfch_, att_scratch_;
    std::vector<int32_t> inputs_;
    size_t last_b_ = 0, last_t_ = 0;
    bool ready_for_backward_ = false;
};

// GPT-2 initialisation: weights ~ N(0, init_std), the two residual output
// projections (attn.c_proj, mlp.c_proj) ~ N(0, init_std / sqrt(2 n_layer)),
// biases 0, LayerNorm weights 1.  Deterministic in cfg.seed.
template <class T>
void init_gpt2_weights(const ModelConfig &cfg, const ParamLayout &layout, T *params);

}  // namespace pr::sft
