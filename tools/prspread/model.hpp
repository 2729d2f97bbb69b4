// The GPT-style model shared by `train`, `init`, `attention` and `reproduce`:
// its size options on the command line, creation, data and a training loop
// with progress, Ctrl-C and a recorded loss curve.
#pragma once

#include "data.hpp"
#include "handles.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cli {

struct ModelArgs {
    uint32_t d_model = 64, n_layer = 2, n_head = 4, context = 64, mlp_ratio = 4;
    uint32_t batch = 16;
    float lr = 3e-3f;
    uint32_t warmup = 10;
    float val_fraction = 0.1f;
    uint32_t eval_batches = 8;
    int threads = 0;
    std::string precision = "fp32";  // --precision: fp32 or bf16 (pr_sft_precision)
};
// Adds --d-model, --layers, --heads, --context, --batch, --lr, --warmup,
// --threads, --precision to a subcommand.
void add_model_options(CLI::App &sub, ModelArgs &m);

// Fails with one clear line when the stream cannot feed this context.
void check_stream_fits(const TokenStream &s, const ModelArgs &m);

// A model with seeded random init, data set and the cosine horizon at max_steps.
Sft make_model(const TokenStream &s, const ModelArgs &m, uint64_t seed, uint64_t data_seed, uint64_t max_steps);

struct Curve {
    std::vector<uint32_t> step;      // steps done when the point was taken
    std::vector<double> train_loss;  // batch loss at that step
    std::vector<double> val_loss;    // NaN where not evaluated
    bool interrupted = false;
    std::vector<double> tokens_per_s;  // each step's, as the trainer measured it (forward, backward, update)
    double eval_seconds = 0;           // wall time of the evaluations
};

// Trains `steps` steps, evaluating every eval_every steps (and at the end).
// On Ctrl-C returns what was done with interrupted = true.
Curve train(pr_sft *model, uint32_t steps, uint32_t eval_every, const std::string &label, bool quiet);

double evaluate(pr_sft *model);

// --precision as a pr_sft_precision value.
int32_t precision_code(const ModelArgs &m);

// Reads a [rows, cols] parameter by name.
std::vector<float> get_param(const pr_sft *model, const std::string &name, uint64_t rows, uint64_t cols);

}  // namespace cli
