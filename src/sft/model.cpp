#include "sft/model.hpp"

#include "core/error.hpp"
#include "sft/kernels.hpp"
#include "core/rng.hpp"
#include "sft/thread_scope.hpp"

#include <algorithm>
#include <cmath>
#include <omp.h>

namespace pr::sft {

using namespace kernels;

template <class T>
Model<T>::Model(const ModelConfig &cfg, size_t batch_capacity) : cfg_(cfg), layout_(cfg) {
    ThreadScope threads(cfg_.num_threads);
    params_.assign(layout_.total(), T(0));
    grads_.assign(layout_.total(), T(0));
    reserve_batch(std::max<size_t>(batch_capacity, 1));
}

template <class T>
void Model<T>::reserve_batch(size_t B) {
    if (B <= cap_b_) return;
    const size_t L = cfg_.n_layer, C = cfg_.d_model, F = cfg_.d_ff(), H = cfg_.n_head,
                 Tm = cfg_.context_length, V = cfg_.vocab_size, N = B * Tm;
    auto sized = [](Buffer<T> &v, size_t n) { v.assign(n, T(0)); };
    sized(res_, (L + 1) * N * C);
    for (auto *v : {&ln1_, &q_, &k_, &v_, &atty_, &res_mid_, &ln2_}) sized(*v, L * N * C);
    for (auto *v : {&ln1_mean_, &ln1_rstd_, &ln2_mean_, &ln2_rstd_}) sized(*v, L * N);
    sized(att_, L * B * H * Tm * Tm);
    sized(fch_, L * N * F);
    sized(fch_gelu_, L * N * F);
    sized(lnf_, N * C);
    sized(lnf_mean_, N);
    sized(lnf_rstd_, N);
    sized(logits_, N * V);
    sized(row_loss_, N);
    for (auto *v : {&dres_, &dln_, &dq_, &dk_, &dv_, &datty_}) sized(*v, N * C);
    sized(dfch_, N * F);
    sized(att_scratch_, size_t(std::max(1, omp_get_max_threads())) * Tm * Tm);
    inputs_.assign(N, 0);
    cap_b_ = B;
}

template <class T>
double Model<T>::forward(const int32_t *inputs, const int32_t *targets, size_t B, size_t Tn,
                         bool for_backward) {
    ThreadScope threads(cfg_.num_threads);
    reserve_batch(B);
    const size_t L = cfg_.n_layer, C = cfg_.d_model, F = cfg_.d_ff(), H = cfg_.n_head,
                 V = cfg_.vocab_size, N = B * Tn;
    // The per-layer strides use the capacity, so a smaller batch fits.
    const size_t NC = cap_b_ * cfg_.context_length * C, NF = cap_b_ * cfg_.context_length * F,
                 NR = cap_b_ * cfg_.context_length, NA = cap_b_ * H * cfg_.context_length * cfg_.context_length;
    const T *p = params_.data();
    std::copy(inputs, inputs + N, inputs_.begin());
    embedding_forward(res_.data(), inputs, p + layout_.wte(), p + layout_.wpe(), B, Tn, C);
    for (size_t l = 0; l < L; ++l) {
        const LayerOffsets &o = layout_.layer(l);
        T *x = res_.data() + l * NC, *ln1 = ln1_.data() + l * NC, *q = q_.data() + l * NC,
          *k = k_.data() + l * NC, *v = v_.data() + l * NC, *att = att_.data() + l * NA,
          *atty = atty_.data() + l * NC, *mid = res_mid_.data() + l * NC, *ln2 = ln2_.data() + l * NC,
          *fch = fch_.data() + l * NF, *fchg = fch_gelu_.data() + l * NF, *out = res_.data() + (l + 1) * NC;
        layernorm_forward(ln1, ln1_mean_.data() + l * NR, ln1_rstd_.data() + l * NR, x, p + o.ln1_w,
                          p + o.ln1_b, N, C);
        linear_forward(q, ln1, p + o.w_q, p + o.b_q, N, C, C);
        linear_forward(k, ln1, p + o.w_k, p + o.b_k, N, C, C);
        linear_forward(v, ln1, p + o.w_v, p + o.b_v, N, C, C);
        attention_forward(atty, att, q, k, v, B, Tn, C, H);
        linear_forward(mid, atty, p + o.w_o, p + o.b_o, N, C, C, /*residual=*/x);
        layernorm_forward(ln2, ln2_mean_.data() + l * NR, ln2_rstd_.data() + l * NR, mid, p + o.ln2_w,
                          p + o.ln2_b, N, C);
        linear_forward(fch, ln2, p + o.w_fc, p + o.b_fc, N, C, F);
        gelu_forward(fchg, fch, N * F);
        linear_forward(out, fchg, p + o.w_proj, p + o.b_proj, N, F, C, /*residual=*/mid);
    }
    layernorm_forward(lnf_.data(), lnf_mean_.data(), lnf_rstd_.data(), res_.data() + L * NC,
                      p + layout_.lnf_w(), p + layout_.lnf_b(), N, C);
    gemm_nt(logits_.data(), lnf_.data(), p + layout_.wte(), N, V, C, false);
    last_b_ = B;
    last_t_ = Tn;
    ready_for_backward_ = false;
    if (!targets) return 0.0;
    softmax_xent(logits_.data(), row_loss_.data(), targets, N, V, for_backward);
    double sum = 0;  // fixed order: bit-identical for any thread count
    for (size_t n = 0; n < N; ++n) sum += double(row_loss_[n]);
    ready_for_backward_ = for_backward;
    return sum / double(N);
}

template <class T>
void Model<T>::backward() {
    if (!ready_for_backward_)
        fail(PR_ERR_STATE, "backward() needs a forward pass with targets and for_backward = true first");
    const size_t B = last_b_, Tn = last_t_, L = cfg_.n_layer, C = cfg_.d_model, F = cfg_.d_ff(),
                 H = cfg_.n_head, V = cfg_.vocab_size, N = B * Tn;
    const size_t NC = cap_b_ * cfg_.context_length * C, NF = cap_b_ * cfg_.context_length * F,
                 NR = cap_b_ * cfg_.context_length, NA = cap_b_ * H * cfg_.context_length * cfg_.context_length;
    ThreadScope threads(cfg_.num_threads);
    const size_t scratch = size_t(omp_get_max_threads()) * cfg_.context_length * cfg_.context_length;
    if (att_scratch_.size() < scratch) att_scratch_.assign(scratch, T(0));  // thread count grew
    const T *p = params_.data();
    T *g = grads_.data();
    parallel_fill(grads_.data(), grads_.size(), T(0));
    // Head: logits = lnf @ wte^T, logits_ already holds dlogits.
    gemm_nn(dln_.data(), logits_.data(), p + layout_.wte(), N, V, C, false);
    gemm_tn_acc(g + layout_.wte(), logits_.data(), lnf_.data(), N, V, C);
    parallel_fill(dres_.data(), N * C, T(0));
    layernorm_backward(dres_.data(), g + layout_.lnf_w(), g + layout_.lnf_b(), dln_.data(),
                       res_.data() + L * NC, lnf_mean_.data(), lnf_rstd_.data(), p + layout_.lnf_w(), N, C);
    for (size_t l = L; l-- > 0;) {
        const LayerOffsets &o = layout_.layer(l);
        const T *x = res_.data() + l * NC, *ln1 = ln1_.data() + l * NC, *q = q_.data() + l * NC,
                *k = k_.data() + l * NC, *v = v_.data() + l * NC, *att = att_.data() + l * NA,
                *atty = atty_.data() + l * NC, *mid = res_mid_.data() + l * NC,
                *ln2 = ln2_.data() + l * NC, *fch = fch_.data() + l * NF, *fchg = fch_gelu_.data() + l * NF;
        // MLP: out = mid + gelu(ln2(mid) @ W_fc + b_fc) @ W_proj + b_proj
        linear_backward(dfch_.data(), g + o.w_proj, g + o.b_proj, dres_.data(), fchg, p + o.w_proj, N, F, C);
        gelu_backward_inplace(dfch_.data(), fch, N * F);
        linear_backward(dln_.data(), g + o.w_fc, g + o.b_fc, dfch_.data(), ln2, p + o.w_fc, N, C, F);
        layernorm_backward(dres_.data(), g + o.ln2_w, g + o.ln2_b, dln_.data(), mid,
                           ln2_mean_.data() + l * NR, ln2_rstd_.data() + l * NR, p + o.ln2_w, N, C);
        // Attention: mid = x + attn(ln1(x)) @ W_o + b_o
        linear_backward(datty_.data(), g + o.w_o, g + o.b_o, dres_.data(), atty, p + o.w_o, N, C, C);
        attention_backward(dq_.data(), dk_.data(), dv_.data(), att_scratch_.data(), datty_.data(), att, q,
                           k, v, B, Tn, C, H);
        linear_backward(dln_.data(), g + o.w_q, g + o.b_q, dq_.data(), ln1, p + o.w_q, N, C, C);
        linear_backward(dln_.data(), g + o.w_k, g + o.b_k, dk_.data(), ln1, p + o.w_k, N, C, C, true);
        linear_backward(dln_.data(), g + o.w_v, g + o.b_v, dv_.data(), ln1, p + o.w_v, N, C, C, true);
        layernorm_backward(dres_.data(), g + o.ln1_w, g + o.ln1_b, dln_.data(), x,
                           ln1_mean_.data() + l * NR, ln1_rstd_.data() + l * NR, p + o.ln1_w, N, C);
    }
    embedding_backward(g + layout_.wte(), g + layout_.wpe(), dres_.data(), inputs_.data(), B, Tn, C);
    ready_for_backward_ = false;
}

template <class T>
void init_gpt2_weights(const ModelConfig &cfg, const ParamLayout &layout, T *params) {
    Rng rng(cfg.seed);
    const double proj_std = cfg.init_std / std::sqrt(2.0 * cfg.n_layer);
    for (const ParamSpec &s : layout.specs()) {
        T *dst = params + s.offset;
        const bool is_ln_weight = s.name.size() > 7 && s.name.compare(s.name.size() - 7, 7, ".weight") == 0 &&
                                  s.shape.size() == 1;
        const bool is_proj = s.name.find("c_proj.weight") != std::string::npos;
        if (s.shape.size() == 1) {
            std::fill(dst, dst + s.size, is_ln_weight ? T(1) : T(0));
        } else {
            const double sd = is_proj ? proj_std : cfg.init_std;
            for (size_t i = 0; i < s.size; ++i) dst[i] = T(float(rng.normal() * sd));
        }
    }
}

template class Model<float>;
template class Model<double>;
template void init_gpt2_weights<float>(const ModelConfig &, const ParamLayout &, float *);
template void init_gpt2_weights<double>(const ModelConfig &, const ParamLayout &, double *);

}  // namespace pr::sft
