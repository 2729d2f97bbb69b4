#include "sft/trainer.hpp"

#include "core/error.hpp"
#include "sft/thread_scope.hpp"

#include <chrono>
#include <cmath>
#include <limits>

namespace pr::sft {

Trainer::Trainer(const ModelConfig &cfg)
    : model_((cfg.validate(), cfg), TrainConfig().batch_size), adam_(model_.layout().total()) {
    init_gpt2_weights(cfg, model_.layout(), model_.params());
    set_train_config(TrainConfig());
}

void Trainer::set_train_config(const TrainConfig &t) {
    t.validate();
    const bool resplit = t.val_fraction != tcfg_.val_fraction;
    tcfg_ = t;
    model_.reserve_batch(t.batch_size);
    bx_.assign(size_t(t.batch_size) * config().context_length, 0);
    by_.assign(bx_.size(), 0);
    if (resplit && !all_tokens_.empty()) data_ = TokenData(all_tokens_, tcfg_.val_fraction);
}

void Trainer::check_tokens(const int32_t *t, size_t n, const char *what) const {
    const uint32_t V = config().vocab_size;
    for (size_t i = 0; i < n; ++i)
        if (t[i] < 0 || uint32_t(t[i]) >= V)
            fail(PR_ERR_OUT_OF_RANGE, "token id ", t[i], " in ", what, " at offset ", i,
                 " is outside the vocabulary [0, vocab_size = ", V, ")");
}

void Trainer::set_tokens(std::vector<int32_t> tokens) {
    check_tokens(tokens.data(), tokens.size(), "the data");
    const size_t need = size_t(config().context_length) + 1;
    TokenData d(tokens, tcfg_.val_fraction);
    if (d.train_size() < need)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'n_tokens' = ", tokens.size(), ": the training split has ",
             d.train_size(), " tokens, fewer than context_length + 1 = ", need);
    all_tokens_ = std::move(tokens);
    data_ = std::move(d);
}

void Trainer::check_batch_shape(size_t B, size_t T) const {
    require_arg(B >= 1, "batch", B, "must be at least 1");
    require_arg(T >= 1 && T <= config().context_length, "seq_len", T, "must be in [1, context_length]");
}

double Trainer::loss_and_grad(const int32_t *x, const int32_t *y, size_t B, size_t T) {
    check_batch_shape(B, T);
    check_tokens(x, B * T, "the inputs");
    check_tokens(y, B * T, "the targets");
    const double loss = model_.forward(x, y, B, T, true);
    model_.backward();
    return loss;
}

StepResult Trainer::step_on_batch(const int32_t *x, const int32_t *y, size_t B, size_t T) {
    check_batch_shape(B, T);
    check_tokens(x, B * T, "the inputs");
    check_tokens(y, B * T, "the targets");
    const auto t0 = std::chrono::steady_clock::now();
    StepResult r;
    const uint64_t s = adam_.steps();
    r.loss = model_.forward(x, y, B, T, true);
    if (!std::isfinite(r.loss))
        fail(PR_ERR_NUMERIC, "training loss is ", r.loss, " at step ", s + 1,
             "; the step was not applied and the parameters are those after step ", s);
    model_.backward();
    r = apply_grads(r.loss);
    const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.tokens_per_s = dt > 0 ? double(B * T) / dt : 0.0;
    return r;
}

StepResult Trainer::apply_grads(double loss) {
    StepResult r;
    r.loss = loss;
    const uint64_t s = adam_.steps();
    ThreadScope threads(config().num_threads);
    r.grad_norm = global_grad_norm(model_.grads(), model_.layout().total());
    if (!std::isfinite(r.grad_norm))
        fail(PR_ERR_NUMERIC, "gradient norm is ", r.grad_norm, " at step ", s + 1,
             "; the step was not applied and the parameters are those after step ", s);
    r.lr = scheduled_lr(tcfg_, s);
    adam_.update(model_.layout(), model_.params(), model_.grads(), clip_scale(r.grad_norm, tcfg_.grad_clip),
                 r.lr, tcfg_);
    r.step = adam_.steps();
    r.val_loss = std::numeric_limits<double>::quiet_NaN();
    return r;
}

void Trainer::sample_train_batch(uint64_t step, int32_t *x, int32_t *y) const {
    if (data_.empty()) fail(PR_ERR_STATE, "no training data: call pr_sft_set_data_* first");
    sample_windows(data_.train(), data_.train_size(), tcfg_.batch_size, config().context_length,
                   train_batch_seed(tcfg_.data_seed, step), x, y);
}

StepResult Trainer::step() {
    if (data_.empty()) fail(PR_ERR_STATE, "no training data: call pr_sft_set_data_* first");
    const size_t B = tcfg_.batch_size, T = config().context_length;
    sample_train_batch(adam_.steps(), bx_.data(), by_.data());
    return step_on_batch(bx_.data(), by_.data(), B, T);
}

double Trainer::eval() {
    double sum = 0;
    for (double loss : val_batch_losses(tcfg_.eval_batches)) sum += loss;
    return sum / tcfg_.eval_batches;
}

std::vector<double> Trainer::val_batch_losses(uint32_t n) {
    if (data_.empty()) fail(PR_ERR_STATE, "no data: call pr_sft_set_data_* first");
    const size_t B = tcfg_.batch_size, T = config().context_length;
    if (data_.val_size() < T + 1)
        fail(PR_ERR_STATE, "the validation split has ", data_.val_size(),
             " tokens, fewer than context_length + 1 = ", T + 1, " (raise val_fraction)");
    std::vector<double> losses(n);
    for (uint32_t i = 0; i < n; ++i) {
        sample_windows(data_.val(), data_.val_size(), B, T, val_batch_seed(tcfg_.data_seed, i), bx_.data(),
                       by_.data());
        losses[i] = model_.forward(bx_.data(), by_.data(), B, T, false);
    }
    return losses;
}

void Trainer::train(uint64_t n, const std::function<bool(const StepResult &)> &on_step) {
    if (n == 0) n = tcfg_.max_steps > adam_.steps() ? tcfg_.max_steps - adam_.steps() : 0;
    for (uint64_t i = 0; i < n; ++i) {
        StepResult r = step();
        if (tcfg_.eval_interval && r.step % tcfg_.eval_interval == 0) r.val_loss = eval();
        if (on_step && !on_step(r))
            fail(PR_ERR_CANCELLED, "cancelled by the step callback after step ", r.step,
                 " (the model keeps the steps done so far)");
    }
}

}  // namespace pr::sft
