// AdamW exactly as torch.optim.AdamW (decoupled weight decay, bias-corrected
// moments, eps added to the corrected sqrt(v)), and global-norm clipping as
// torch.nn.utils.clip_grad_norm_.
#pragma once

#include "sft/config.hpp"
#include "sft/model.hpp"
#include "sft/param_layout.hpp"

#include <cstdint>
#include <vector>

namespace pr::sft {

// sqrt(sum g^2) over the whole buffer, in double, summed in a fixed number of
// chunks so the result does not depend on the thread count.
double global_grad_norm(const float *grads, size_t n);

// torch's clip coefficient: min(1, clip / (norm + 1e-6)); 1 when clip == 0.
float clip_scale(double norm, float clip);

class AdamW {
public:
    explicit AdamW(size_t n) : m_(n, 0.0f), v_(n, 0.0f) {}
    // One update with gradients multiplied by grad_scale.  Weight decay only
    // on matrix weights unless cfg.decay_all.
    void update(const ParamLayout &layout, float *params, const float *grads, float grad_scale, float lr,
                const TrainConfig &cfg);
    uint64_t steps() const { return t_; }
    void set_steps(uint64_t t) { t_ = t; }
    Buffer<float> &m() { return m_; }
    Buffer<float> &v() { return v_; }
    const Buffer<float> &m() const { return m_; }
    const Buffer<float> &v() const { return v_; }
    void reset();

private:
    Buffer<float> m_, v_;
    uint64_t t_ = 0;
};

// Linear warmup over warmup_steps, then cosine from lr to min_lr, reached at
// max_steps and held after.  `step` counts from 0 (the first update).
float scheduled_lr(const TrainConfig &cfg, uint64_t step);

}  // namespace pr::sft
