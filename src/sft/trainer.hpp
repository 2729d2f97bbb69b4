// The trainer behind pr_sft: a float model, its AdamW state, the token data
// and the schedule.  One training step = sample (or take) a batch, forward,
// backward, check the loss and gradient norm are finite, clip, update.
#pragma once

#include "sft/adamw.hpp"
#include "sft/batch_sampler.hpp"
#include "sft/config.hpp"
#include "sft/model.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace pr::sft {

struct StepResult {
    uint64_t step = 0;        // optimizer steps done after this one
    double loss = 0;          // training loss of the batch, before the update
    float lr = 0;             // learning rate used
    double grad_norm = 0;     // global gradient norm before clipping
    double tokens_per_s = 0;  // B*T / wall time of the step
    double val_loss = 0;      // NaN unless an eval ran after this step
};

class Trainer {
public:
    explicit Trainer(const ModelConfig &cfg);

    const ModelConfig &config() const { return model_.config(); }
    const TrainConfig &train_config() const { return tcfg_; }
    void set_train_config(const TrainConfig &t);  // validates; reserves the batch buffers
    void set_tokens(std::vector<int32_t> tokens);  // validates against vocab_size

    Model<float> &model() { return model_; }
    const Model<float> &model() const { return model_; }
    AdamW &optimizer() { return adam_; }
    const AdamW &optimizer() const { return adam_; }
    uint64_t step_count() const { return adam_.steps(); }

    // One step on a sampled batch / on a caller batch [B, T] (T <= context).
    StepResult step();
    StepResult step_on_batch(const int32_t *x, const int32_t *y, size_t B, size_t T);
    // Forward + backward without an update; the gradients stay in model().grads().
    double loss_and_grad(const int32_t *x, const int32_t *y, size_t B, size_t T);
    // The optimizer half of a step on the gradients in model().grads() (from
    // loss_and_grad, possibly averaged elsewhere, e.g. over MPI ranks): finite
    // check, clip, schedule, AdamW.  tokens_per_s is left 0.
    StepResult apply_grads(double loss);
    // The [batch_size, context_length] batch that step() samples at `step`.
    void sample_train_batch(uint64_t step, int32_t *x, int32_t *y) const;
    // Mean loss over the fixed validation batches.
    double eval();
    // The loss on each of the first n fixed validation batches (n <=
    // eval_batches); eval() is their mean at n = eval_batches.
    std::vector<double> val_batch_losses(uint32_t n);
    // n steps (0: up to max_steps); on_step returning false cancels.
    void train(uint64_t n, const std::function<bool(const StepResult &)> &on_step);

    // PR_ERR_OUT_OF_RANGE naming the offset if a token is >= vocab_size or < 0.
    void check_tokens(const int32_t *t, size_t n, const char *what) const;

private:
    void check_batch_shape(size_t B, size_t T) const;
    Model<float> model_;
    AdamW adam_;
    TrainConfig tcfg_;
    TokenData data_;
    std::vector<int32_t> all_tokens_;  // kept so a new val_fraction can re-split
    std::vector<int32_t> bx_, by_;
};

}  // namespace pr::sft
