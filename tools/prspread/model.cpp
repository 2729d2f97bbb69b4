#include "model.hpp"

#include "common.hpp"
#include "progress.hpp"

#include <chrono>
#include <cmath>
#include <limits>

namespace cli {

void add_model_options(CLI::App &sub, ModelArgs &m) {
    sub.add_option("--d-model", m.d_model, "Model width d")->check(CLI::Range(2u, 4096u));
    sub.add_option("--layers", m.n_layer, "Transformer blocks")->check(CLI::Range(1u, 64u));
    sub.add_option("--heads", m.n_head, "Attention heads per block (must divide --d-model)")->check(CLI::Range(1u, 256u));
    sub.add_option("--context", m.context, "Context length in tokens")->check(CLI::Range(1u, 65536u));
    sub.add_option("--batch", m.batch, "Sequences per training step")->check(CLI::Range(1u, 65536u));
    sub.add_option("--lr", m.lr, "Peak learning rate (AdamW, cosine schedule)")->check(CLI::Range(1e-7, 10.0));
    sub.add_option("--warmup", m.warmup, "Linear warmup steps")->check(CLI::Range(0u, 1000000u));
    sub.add_option("--threads", m.threads, "OpenMP threads (0 = all)")->check(CLI::Range(0, 1024));
    sub.add_option("--precision", m.precision,
                   "Matrix products in fp32, or bf16 operands with fp32 sums (needs AVX512-BF16; "
                   "weights, optimizer, LayerNorm, softmax and loss stay fp32)")
        ->check(CLI::IsMember({"fp32", "bf16"}));
}

int32_t precision_code(const ModelArgs &m) {
    return m.precision == "bf16" ? PR_SFT_PRECISION_BF16 : PR_SFT_PRECISION_FP32;
}

void check_stream_fits(const TokenStream &s, const ModelArgs &m) {
    const double n = double(s.ids.size());
    const double need = double(m.context) + 1;
    const double train_part = std::floor(n * (1 - m.val_fraction));
    if (train_part < need || n - train_part < need)
        fail("the corpus has " + std::to_string(s.ids.size()) + " tokens: too small for --context " +
             std::to_string(m.context) + " (the training and validation splits each need at least " +
             std::to_string(m.context + 1) + " tokens)");
    if (m.d_model % m.n_head != 0)
        fail("--heads " + std::to_string(m.n_head) + " does not divide --d-model " + std::to_string(m.d_model));
}

Sft make_model(const TokenStream &s, const ModelArgs &m, uint64_t seed, uint64_t data_seed, uint64_t max_steps) {
    check_stream_fits(s, m);
    pr_sft_options o;
    pr_sft_options_init(&o);
    o.vocab_size = s.vocab_size;
    o.context_length = m.context;
    o.n_layer = m.n_layer;
    o.n_head = m.n_head;
    o.d_model = m.d_model;
    o.mlp_ratio = m.mlp_ratio;
    o.seed = seed;
    o.num_threads = m.threads;
    o.precision = precision_code(m);
    pr_sft *raw = nullptr;
    check(pr_sft_create(&raw, &o), "creating the model");
    Sft model(raw);

    pr_sft_train_options t;
    pr_sft_train_options_init(&t);
    t.batch_size = m.batch;
    t.max_steps = max_steps;
    t.warmup_steps = std::min<uint64_t>(m.warmup, max_steps);
    t.lr = m.lr;
    t.min_lr = m.lr * 0.1f;
    t.val_fraction = m.val_fraction;
    t.eval_batches = m.eval_batches;
    t.data_seed = data_seed;
    check(pr_sft_set_train_options(model.get(), &t), "setting the training options");
    check(pr_sft_set_data_u32(model.get(), s.ids.data(), s.ids.size()), "loading the training data");
    return model;
}

double evaluate(pr_sft *model) {
    double v = std::numeric_limits<double>::quiet_NaN();
    check(pr_sft_eval(model, &v), "evaluating");
    return v;
}

namespace {
struct StepSink {
    Curve *curve;
    Progress *bar;
    uint32_t total;
    uint32_t eval_every;
};

int on_step(void *user, const pr_sft_step_info *info) {
    auto *s = static_cast<StepSink *>(user);
    s->curve->step.push_back(uint32_t(info->step));
    s->curve->train_loss.push_back(info->loss);
    s->curve->val_loss.push_back(std::numeric_limits<double>::quiet_NaN());
    s->curve->tokens_per_s.push_back(info->tokens_per_s);
    return Progress::callback(s->bar->user(), s->curve->step.size(), s->total);
}
}  // namespace

Curve train(pr_sft *model, uint32_t steps, uint32_t eval_every, const std::string &label, bool quiet) {
    Curve curve;
    Progress bar(label, quiet);
    StepSink sink{&curve, &bar, steps, eval_every};
    curve.step.push_back(0);
    curve.train_loss.push_back(std::numeric_limits<double>::quiet_NaN());
    auto timed_eval = [&] {
        const auto t0 = std::chrono::steady_clock::now();
        const double v = evaluate(model);
        curve.eval_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return v;
    };
    curve.val_loss.push_back(timed_eval());
    sink.total = steps;
    uint32_t done = 0;
    while (done < steps) {
        const uint32_t chunk = eval_every ? std::min(eval_every, steps - done) : steps - done;
        const int rc = pr_sft_train(model, chunk, on_step, &sink);
        if (rc == PR_ERR_CANCELLED) {
            curve.interrupted = true;
            break;
        }
        check(rc, "training");
        done += chunk;
        curve.val_loss.back() = timed_eval();
    }
    bar.finish();
    return curve;
}

std::vector<float> get_param(const pr_sft *model, const std::string &name, uint64_t rows, uint64_t cols) {
    std::vector<float> out(size_t(rows * cols));
    const uint64_t shape[2] = {rows, cols};
    check(pr_sft_get_param_f32(model, name.c_str(), cols ? 2 : 1, shape, out.data()), "reading " + name);
    return out;
}

}  // namespace cli
