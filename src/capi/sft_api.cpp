// extern "C" layer of pr_sft: argument checks, then the C++ trainer.
#include "capi/guard.hpp"
#include "capi/handles.hpp"
#include "capi/sft_convert.hpp"
#include "corpus/token_file.hpp"
#include "sft/checkpoint.hpp"
#include "sft/params.hpp"
#include "sft/trainer.hpp"

#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace pr::capi {

pr_sft_options sft_options_or_default(const pr_sft_options *opts, const char *name) {
    return options_or_default(opts, pr_sft_options_init, PR_SFT_OPTIONS_VERSION, name,
                              {{1, offsetof(pr_sft_options, precision)}});  // version 1 ends before `precision`
}

pr::sft::ModelConfig to_model_config(const pr_sft_options &o) {
    pr::sft::ModelConfig c;
    c.vocab_size = o.vocab_size;
    c.context_length = o.context_length;
    c.n_layer = o.n_layer;
    c.n_head = o.n_head;
    c.d_model = o.d_model;
    c.mlp_ratio = o.mlp_ratio;
    c.init_std = o.init_std;
    c.seed = o.seed;
    c.num_threads = o.num_threads;
    require_arg(o.precision == PR_SFT_PRECISION_FP32 || o.precision == PR_SFT_PRECISION_BF16, "opts.precision",
                o.precision, "must be PR_SFT_PRECISION_FP32 (0) or PR_SFT_PRECISION_BF16 (1)");
    c.precision = o.precision == PR_SFT_PRECISION_BF16 ? pr::sft::Precision::bf16 : pr::sft::Precision::fp32;
    return c;
}

pr_sft_options architecture_options(const pr::sft::ModelConfig &c) {
    pr_sft_options out;
    pr_sft_options_init(&out);
    out.vocab_size = c.vocab_size;
    out.context_length = c.context_length;
    out.n_layer = c.n_layer;
    out.n_head = c.n_head;
    out.d_model = c.d_model;
    out.mlp_ratio = c.mlp_ratio;
    return out;
}

pr::sft::TrainConfig to_train_config(const pr_sft_train_options &o) {
    pr::sft::TrainConfig t;
    t.batch_size = o.batch_size;
    t.max_steps = o.max_steps;
    t.warmup_steps = o.warmup_steps;
    t.lr = o.lr;
    t.min_lr = o.min_lr;
    t.beta1 = o.beta1;
    t.beta2 = o.beta2;
    t.eps = o.eps;
    t.weight_decay = o.weight_decay;
    t.decay_all = o.decay_all != 0;
    t.grad_clip = o.grad_clip;
    t.eval_interval = o.eval_interval;
    t.eval_batches = o.eval_batches;
    t.val_fraction = o.val_fraction;
    t.data_seed = o.data_seed;
    return t;
}

}  // namespace pr::capi

namespace {

using pr::fail;
using pr::require_nonnull;

void to_info(const pr::sft::StepResult &r, pr_sft_step_info *info) {
    if (!info) return;
    info->step = r.step;
    info->loss = r.loss;
    info->lr = r.lr;
    info->grad_norm = r.grad_norm;
    info->tokens_per_s = r.tokens_per_s;
    info->val_loss = r.val_loss;
}

template <class Tok>
void set_data(pr_sft *m, const Tok *tokens, size_t n) {
    require_nonnull(m, "model");
    if (n) require_nonnull(tokens, "tokens");
    std::vector<int32_t> t(n);
    const uint32_t V = m->trainer.config().vocab_size;
    for (size_t i = 0; i < n; ++i) {
        if (tokens[i] < 0 || uint64_t(tokens[i]) >= V)
            fail(PR_ERR_OUT_OF_RANGE, "token id ", +tokens[i], " at offset ", i,
                 " is outside the vocabulary [0, vocab_size = ", V, ")");
        t[i] = int32_t(tokens[i]);
    }
    m->trainer.set_tokens(std::move(t));
}

void check_batch_args(const int32_t *inputs, const int32_t *targets, size_t batch, size_t seq_len) {
    require_nonnull(inputs, "inputs");
    require_nonnull(targets, "targets");
    pr::require_arg(batch >= 1, "batch", batch, "must be at least 1");
    pr::require_arg(seq_len >= 1, "seq_len", seq_len, "must be at least 1");
}

const pr::sft::ParamSpec &checked_tensor(const pr_sft *m, const char *name, uint32_t ndim,
                                         const uint64_t *shape) {
    require_nonnull(m, "model");
    return pr::sft::checked_param(m->trainer.model(), name, ndim, shape);
}

}  // namespace

extern "C" {

PR_API void pr_sft_options_init(pr_sft_options *o) {
    if (!o) return;
    const pr::sft::ModelConfig c;
    o->version = PR_SFT_OPTIONS_VERSION;
    o->vocab_size = c.vocab_size;
    o->context_length = c.context_length;
    o->n_layer = c.n_layer;
    o->n_head = c.n_head;
    o->d_model = c.d_model;
    o->mlp_ratio = c.mlp_ratio;
    o->init_std = c.init_std;
    o->seed = c.seed;
    o->num_threads = c.num_threads;
    o->precision = PR_SFT_PRECISION_FP32;
}

PR_API void pr_sft_train_options_init(pr_sft_train_options *o) {
    if (!o) return;
    const pr::sft::TrainConfig t;
    o->version = PR_SFT_TRAIN_OPTIONS_VERSION;
    o->batch_size = t.batch_size;
    o->max_steps = t.max_steps;
    o->warmup_steps = t.warmup_steps;
    o->lr = t.lr;
    o->min_lr = t.min_lr;
    o->beta1 = t.beta1;
    o->beta2 = t.beta2;
    o->eps = t.eps;
    o->weight_decay = t.weight_decay;
    o->decay_all = t.decay_all ? 1 : 0;
    o->grad_clip = t.grad_clip;
    o->eval_interval = t.eval_interval;
    o->eval_batches = t.eval_batches;
    o->val_fraction = t.val_fraction;
    o->data_seed = t.data_seed;
}

PR_API int pr_sft_create(pr_sft **out, const pr_sft_options *opts) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        require_nonnull(out, "out");
        const pr_sft_options o = pr::capi::sft_options_or_default(opts, "opts");
        *out = new pr_sft(pr::capi::to_model_config(o));
    });
}

PR_API void pr_sft_free(pr_sft *model) { delete model; }

PR_API int pr_sft_get_options(const pr_sft *m, pr_sft_options *out) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        require_nonnull(out, "out");
        const pr::sft::ModelConfig &c = m->trainer.config();
        *out = pr::capi::architecture_options(c);
        out->init_std = c.init_std;
        out->seed = c.seed;
        out->num_threads = c.num_threads;
        out->precision = c.precision == pr::sft::Precision::bf16 ? PR_SFT_PRECISION_BF16 : PR_SFT_PRECISION_FP32;
    });
}

PR_API int pr_sft_set_train_options(pr_sft *m, const pr_sft_train_options *opts) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        const pr_sft_train_options o = pr::capi::options_or_default(
            opts, pr_sft_train_options_init, PR_SFT_TRAIN_OPTIONS_VERSION, "opts");
        m->trainer.set_train_config(pr::capi::to_train_config(o));
    });
}

PR_API int pr_sft_get_train_options(const pr_sft *m, pr_sft_train_options *out) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        require_nonnull(out, "out");
        const pr::sft::TrainConfig &t = m->trainer.train_config();
        pr_sft_train_options_init(out);
        out->batch_size = t.batch_size;
        out->max_steps = t.max_steps;
        out->warmup_steps = t.warmup_steps;
        out->lr = t.lr;
        out->min_lr = t.min_lr;
        out->beta1 = t.beta1;
        out->beta2 = t.beta2;
        out->eps = t.eps;
        out->weight_decay = t.weight_decay;
        out->decay_all = t.decay_all ? 1 : 0;
        out->grad_clip = t.grad_clip;
        out->eval_interval = t.eval_interval;
        out->eval_batches = t.eval_batches;
        out->val_fraction = t.val_fraction;
        out->data_seed = t.data_seed;
    });
}

PR_API int pr_sft_set_data_u16(pr_sft *m, const uint16_t *tokens, size_t n) {
    return pr::capi::guard([&] { set_data(m, tokens, n); });
}
PR_API int pr_sft_set_data_u32(pr_sft *m, const uint32_t *tokens, size_t n) {
    return pr::capi::guard([&] { set_data(m, tokens, n); });
}
PR_API int pr_sft_set_data_i32(pr_sft *m, const int32_t *tokens, size_t n) {
    return pr::capi::guard([&] { set_data(m, tokens, n); });
}

PR_API int pr_sft_set_data_file(pr_sft *m, const char *path, int format) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        require_nonnull(path, "path");
        const std::vector<uint32_t> t = pr::load_tokens(path, pr::token_format(format));
        set_data(m, t.data(), t.size());
    });
}

PR_API int pr_sft_train(pr_sft *m, uint64_t n_steps, pr_sft_step_fn on_step, void *user) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        m->trainer.train(n_steps, [&](const pr::sft::StepResult &r) {
            if (!on_step) return true;
            pr_sft_step_info info;
            to_info(r, &info);
            return on_step(user, &info) == 0;
        });
    });
}

PR_API int pr_sft_step(pr_sft *m, pr_sft_step_info *info) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        to_info(m->trainer.step(), info);
    });
}

PR_API int pr_sft_step_batch_i32(pr_sft *m, const int32_t *inputs, const int32_t *targets, size_t batch,
                                 size_t seq_len, pr_sft_step_info *info) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        check_batch_args(inputs, targets, batch, seq_len);
        to_info(m->trainer.step_on_batch(inputs, targets, batch, seq_len), info);
    });
}

PR_API int pr_sft_eval(pr_sft *m, double *val_loss) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        require_nonnull(val_loss, "val_loss");
        *val_loss = m->trainer.eval();
    });
}

PR_API int pr_sft_loss_grad_i32(pr_sft *m, const int32_t *inputs, const int32_t *targets, size_t batch,
                                size_t seq_len, double *loss) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        check_batch_args(inputs, targets, batch, seq_len);
        const double l = m->trainer.loss_and_grad(inputs, targets, batch, seq_len);
        if (loss) *loss = l;
    });
}

PR_API int pr_sft_logits_f32(pr_sft *m, const int32_t *inputs, size_t batch, size_t seq_len, float *out,
                             size_t capacity) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        pr::sft::logits(m->trainer, inputs, batch, seq_len, out, capacity);
    });
}

PR_API int pr_sft_step_count(const pr_sft *m, uint64_t *steps) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        require_nonnull(steps, "steps");
        *steps = m->trainer.step_count();
    });
}

PR_API int pr_sft_param_count(const pr_sft *m, size_t *count) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        require_nonnull(count, "count");
        *count = m->trainer.model().layout().specs().size();
    });
}

PR_API int pr_sft_param_info(const pr_sft *m, size_t index, const char **name, uint32_t *ndim,
                             uint64_t shape[2]) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        const auto &specs = m->trainer.model().layout().specs();
        if (index >= specs.size())
            fail(PR_ERR_OUT_OF_RANGE, "argument 'index' = ", index, ": the model has ", specs.size(),
                 " parameter tensors");
        const pr::sft::ParamSpec &s = specs[index];
        if (name) *name = s.name.c_str();
        if (ndim) *ndim = uint32_t(s.shape.size());
        if (shape)
            for (size_t i = 0; i < s.shape.size(); ++i) shape[i] = s.shape[i];
    });
}

PR_API int pr_sft_num_scalars(const pr_sft *m, uint64_t *n) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        require_nonnull(n, "n");
        uint64_t total = 0;
        for (const auto &s : m->trainer.model().layout().specs()) total += s.size;
        *n = total;
    });
}

PR_API int pr_sft_get_param_f32(const pr_sft *m, const char *name, uint32_t ndim, const uint64_t *shape,
                                float *out) {
    return pr::capi::guard([&] {
        const pr::sft::ParamSpec &s = checked_tensor(m, name, ndim, shape);
        require_nonnull(out, "out");
        const float *p = m->trainer.model().params() + s.offset;
        std::memcpy(out, p, s.size * sizeof(float));
    });
}

PR_API int pr_sft_get_grad_f32(const pr_sft *m, const char *name, uint32_t ndim, const uint64_t *shape,
                               float *out) {
    return pr::capi::guard([&] {
        const pr::sft::ParamSpec &s = checked_tensor(m, name, ndim, shape);
        require_nonnull(out, "out");
        const float *g = m->trainer.model().grads() + s.offset;
        std::memcpy(out, g, s.size * sizeof(float));
    });
}

PR_API int pr_sft_set_param_f32(pr_sft *m, const char *name, uint32_t ndim, const uint64_t *shape,
                                const float *values) {
    return pr::capi::guard([&] {
        const pr::sft::ParamSpec &s = checked_tensor(m, name, ndim, shape);
        require_nonnull(values, "values");
        float *p = m->trainer.model().params() + s.offset;
        std::memcpy(p, values, s.size * sizeof(float));
    });
}

PR_API int pr_sft_save(const pr_sft *m, const char *path, int include_optimizer) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        require_nonnull(path, "path");
        pr::sft::save_checkpoint(m->trainer, path, include_optimizer != 0);
    });
}

PR_API int pr_sft_load(pr_sft *m, const char *path) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        require_nonnull(path, "path");
        pr::sft::load_checkpoint(m->trainer, path);
    });
}

PR_API int pr_sft_create_from_file(pr_sft **out, const char *path, int32_t num_threads) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        require_nonnull(out, "out");
        require_nonnull(path, "path");
        pr::require_arg(num_threads >= 0, "num_threads", num_threads, "must be >= 0");
        pr::sft::ModelConfig c = pr::sft::read_checkpoint_config(path);
        c.num_threads = num_threads;
        auto m = std::make_unique<pr_sft>(c);
        pr::sft::load_checkpoint(m->trainer, path);
        *out = m.release();
    });
}

}  // extern "C"

// ---- data-parallel hooks (pr_mpi_sft_train) --------------------------------

extern "C" {

PR_API int pr_sft_sample_batch_i32(const pr_sft *m, uint64_t step, int32_t *inputs, int32_t *targets,
                                   size_t capacity) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        require_nonnull(inputs, "inputs");
        require_nonnull(targets, "targets");
        const size_t need = size_t(m->trainer.train_config().batch_size) * m->trainer.config().context_length;
        if (capacity < need)
            fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity,
                 ": needs batch_size * context_length = ", need);
        m->trainer.sample_train_batch(step, inputs, targets);
    });
}

PR_API int pr_sft_grad_buffer_f32(pr_sft *m, float **grads, size_t *n) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        require_nonnull(grads, "grads");
        require_nonnull(n, "n");
        *grads = m->trainer.model().grads();
        *n = m->trainer.model().layout().total();
    });
}

PR_API int pr_sft_apply_grad(pr_sft *m, double loss, pr_sft_step_info *info) {
    return pr::capi::guard([&] {
        require_nonnull(m, "model");
        if (!std::isfinite(loss))
            fail(PR_ERR_NUMERIC, "argument 'loss' = ", loss, ": the step was not applied");
        to_info(m->trainer.apply_grads(loss), info);
    });
}

}  // extern "C"
