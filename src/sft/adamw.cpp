#include "sft/adamw.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>

namespace pr::sft {

double global_grad_norm(const float *g, size_t n) {
    constexpr size_t kChunks = 64;
    double part[kChunks];
#pragma omp parallel for schedule(static)
    for (long long c = 0; c < (long long)kChunks; ++c) {
        const size_t a = n * size_t(c) / kChunks, b = n * size_t(c + 1) / kChunks;
        double s = 0;
        for (size_t i = a; i < b; ++i) s += double(g[i]) * double(g[i]);
        part[c] = s;
    }
    double s = 0;
    for (double p : part) s += p;
    return std::sqrt(s);
}

float clip_scale(double norm, float clip) {
    if (clip <= 0) return 1.0f;
    const double c = double(clip) / (norm + 1e-6);
    return c < 1.0 ? float(c) : 1.0f;
}

void AdamW::reset() {
    std::fill(m_.begin(), m_.end(), 0.0f);
    std::fill(v_.begin(), v_.end(), 0.0f);
    t_ = 0;
}

void AdamW::update(const ParamLayout &layout, float *params, const float *grads, float grad_scale,
                   float lr, const TrainConfig &cfg) {
    ++t_;
    const double bc1 = 1.0 - std::pow(double(cfg.beta1), double(t_));
    const double bc2 = 1.0 - std::pow(double(cfg.beta2), double(t_));
    const float step_size = float(double(lr) / bc1);
    const float bc2_sqrt = float(std::sqrt(bc2));
    const float b1 = cfg.beta1, b2 = cfg.beta2, eps = cfg.eps;
    for (const ParamSpec &s : layout.specs()) {
        const bool decay = cfg.decay_all || s.is_matrix_weight;
        const float keep = decay ? float(1.0 - double(lr) * double(cfg.weight_decay)) : 1.0f;
        float *p = params + s.offset, *m = m_.data() + s.offset, *v = v_.data() + s.offset;
        const float *g = grads + s.offset;
        // Vectorised through Eigen arrays (a plain loop would not vectorise
        // std::sqrt without -fno-math-errno), in fixed chunks over the threads.
        constexpr size_t kChunk = 8192;
        const long long chunks = (long long)((s.size + kChunk - 1) / kChunk);
#pragma omp parallel for schedule(static) if (chunks > 8)
        for (long long c = 0; c < chunks; ++c) {
            const size_t a = size_t(c) * kChunk, len = std::min(kChunk, s.size - a);
            using A = Eigen::Map<Eigen::ArrayXf>;
            A pa(p + a, long(len)), ma(m + a, long(len)), va(v + a, long(len));
            const auto ga = Eigen::Map<const Eigen::ArrayXf>(g + a, long(len)) * grad_scale;
            pa *= keep;
            ma = ma * b1 + ga * (1.0f - b1);
            va = va * b2 + ga * ga * (1.0f - b2);
            pa -= step_size * ma / (va.sqrt() / bc2_sqrt + eps);
        }
    }
}

float scheduled_lr(const TrainConfig &cfg, uint64_t step) {
    if (step < cfg.warmup_steps) return float(double(cfg.lr) * double(step + 1) / double(cfg.warmup_steps));
    if (cfg.max_steps <= cfg.warmup_steps || step >= cfg.max_steps) return step >= cfg.max_steps ? cfg.min_lr : cfg.lr;
    const double progress = double(step - cfg.warmup_steps) / double(cfg.max_steps - cfg.warmup_steps);
    const double c = 0.5 * (1.0 + std::cos(3.14159265358979323846 * progress));
    return float(double(cfg.min_lr) + c * (double(cfg.lr) - double(cfg.min_lr)));
}

}  // namespace pr::sft
