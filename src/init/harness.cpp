#include "init/harness.hpp"

#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "init/apply.hpp"
#include "io/checksum.hpp"
#include "io/safetensors.hpp"
#include "sft/batch_sampler.hpp"
#include "sft/trainer.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <sstream>

namespace pr::init {

namespace {

using pr::sft::ModelConfig;
using pr::sft::TrainConfig;
using pr::sft::Trainer;

// Ids were checked against vocab_size by run_harness.
std::unique_ptr<Trainer> make_model(const ModelConfig &mo, const TrainConfig &to, const std::vector<uint32_t> &tokens) {
    auto model = std::make_unique<Trainer>(mo);
    model->set_train_config(to);
    model->set_tokens(std::vector<int32_t>(tokens.begin(), tokens.end()));
    return model;
}

// Trains `steps` steps on the harness's batches; fills the run's curves.
// Every curve point is the mean loss on the first curve_batches fixed
// validation batches; the final loss, the one the verdicts use, is on all
// eval_batches of them, measured at the last step.
void train(Trainer &model, const ModelConfig &mo, const TrainConfig &to, const pr::sft::TokenData &data,
           uint64_t steps, uint32_t eval_interval, uint32_t curve_batches, RunResult &run, const Progress &progress,
           uint64_t &done, uint64_t total) {
    const size_t B = to.batch_size, T = mo.context_length;
    std::vector<int32_t> x(B * T), y(B * T);
    io::Checksum digest;
    RunTiming &time = run.timing;
    time.step_seconds.reserve(steps);
    auto mean_of_first = [](const std::vector<double> &v, size_t n) {
        double sum = 0;
        for (size_t i = 0; i < n; ++i) sum += v[i];
        return sum / double(n);
    };
    auto eval = [&](uint64_t s) {
        Stopwatch w;
        const bool last = s == steps;
        const std::vector<double> losses = model.val_batch_losses(last ? to.eval_batches : curve_batches);
        run.eval_steps.push_back(s);
        run.val_loss.push_back(mean_of_first(losses, curve_batches));
        if (last) run.final_val_loss = mean_of_first(losses, losses.size());
        time.eval += w.seconds();
    };
    eval(0);
    for (uint64_t s = 0; s < steps; ++s) {
        Stopwatch w;
        pr::sft::sample_windows(data.train(), data.train_size(), B, T, pr::sft::train_batch_seed(to.data_seed, s),
                                x.data(), y.data());
        digest.update(x.data(), x.size() * sizeof(int32_t));
        digest.update(y.data(), y.size() * sizeof(int32_t));
        time.data += w.lap();
        run.train_loss.push_back(model.step_on_batch(x.data(), y.data(), B, T).loss);
        time.step_seconds.push_back(float(w.lap()));
        if ((eval_interval && (s + 1) % eval_interval == 0) || s + 1 == steps)
            if (run.eval_steps.back() != s + 1) eval(s + 1);
        progress.report(++done, total);
    }
    run.data_digest = digest.digest();
}

}  // namespace

// An arm's own non-zero seed selects an independent draw for every run seed
// (the negative control: a second random init with the same norms).
uint64_t run_init_seed(uint64_t run_seed, uint64_t arm_seed) {
    if (arm_seed == 0) return run_seed;
    io::Checksum h;
    const uint64_t both[] = {run_seed, arm_seed};
    h.update(both, sizeof both);
    return h.digest();
}

namespace {

uint64_t reference_key(const HarnessConfig &c, const std::vector<uint32_t> &tokens) {
    io::Checksum h;
    const std::string tag = "prspread-reference-v1";
    h.update(tag.data(), tag.size());
    const ModelConfig &m = c.model;
    const uint64_t mf[] = {m.vocab_size, m.context_length, m.n_layer, m.n_head, m.d_model, m.mlp_ratio, m.seed};
    h.update(mf, sizeof mf);
    h.update(&m.init_std, sizeof m.init_std);
    const TrainConfig &t = c.train;
    const uint64_t tf[] = {t.batch_size, t.warmup_steps, static_cast<uint64_t>(t.decay_all), t.eval_batches, t.data_seed,
                           c.reference_steps};
    h.update(tf, sizeof tf);
    const float ff[] = {t.lr, t.min_lr, t.beta1, t.beta2, t.eps, t.weight_decay, t.grad_clip, t.val_fraction};
    h.update(ff, sizeof ff);
    h.update(tokens.data(), tokens.size() * sizeof(uint32_t));
    return h.digest();
}

}  // namespace

ParamSet reference_model(const HarnessConfig &c, const std::vector<uint32_t> &tokens, const pr::sft::TokenData &data,
                         HarnessResult &result, const Progress &progress, uint64_t &done, uint64_t total) {
    char key[32];
    std::snprintf(key, sizeof key, "%016llx", static_cast<unsigned long long>(reference_key(c, tokens)));
    result.reference_used = true;
    result.reference_steps = c.reference_steps;
    Stopwatch setup;
    if (!c.cache_dir.empty()) {
        result.reference_path = c.cache_dir + "/prspread-reference-" + key + ".safetensors";
        if (std::filesystem::exists(result.reference_path)) {
            io::SafetensorsFile f(result.reference_path);
            auto it = f.metadata().find("reference_key");
            if (it != f.metadata().end() && it->second == key) {
                result.reference_from_cache = true;
                done += c.reference_steps;
                ParamSet cached = read_param_set(result.reference_path);
                result.reference_timing.setup = setup.seconds();
                return cached;
            }
        }
    }
    TrainConfig to = c.train;
    to.max_steps = c.reference_steps;
    const auto model = make_model(c.model, to, tokens);
    RunResult run;
    run.timing.setup = setup.seconds();
    train(*model, c.model, to, data, c.reference_steps, 0, to.eval_batches, run, progress, done, total);
    Stopwatch save;
    ParamSet params = model_param_set(*model);
    if (!c.cache_dir.empty()) {
        std::filesystem::create_directories(c.cache_dir);
        write_param_set(result.reference_path, params,
                        {{"format", "prspread-sft"}, {"reference_key", key},
                         {"reference_steps", std::to_string(c.reference_steps)},
                         {"reference_final_val_loss", std::to_string(run.final_val_loss)}});
    }
    run.timing.setup += save.seconds();
    result.reference_timing = std::move(run.timing);
    return params;
}

namespace {

std::string fmt(double v, int prec = 4) {
    if (!std::isfinite(v)) return "n/a";
    std::ostringstream os;
    os.setf(std::ios::fixed);
    os.precision(prec);
    os << v;
    return os.str();
}

std::string json_num(double v) {
    if (!std::isfinite(v)) return "null";
    std::ostringstream os;
    os.precision(17);
    os << v;
    return os.str();
}

std::string json_str(const std::string &s) {
    std::string o = "\"";
    for (char ch : s) {
        if (ch == '"' || ch == '\\') o += '\\';
        o += ch;
    }
    return o + "\"";
}

}  // namespace

void summarize_runs(HarnessResult &r) {
    r.summaries.assign(r.arms.size(), ArmSummary{});
    r.random_arm = -1;
    for (size_t a = 0; a < r.arms.size(); ++a)
        if (r.arms[a].init.strategy == Strategy::Random) {
            r.random_arm = static_cast<int>(a);
            break;
        }
    const size_t n_seeds = r.seeds.size();
    // On the curve's batches, as the points it is compared with.
    double random_final = std::numeric_limits<double>::quiet_NaN();
    if (r.random_arm >= 0) {
        std::vector<double> v;
        for (const auto &run : r.runs[r.random_arm]) v.push_back(run.val_loss.back());
        random_final = summarize(v).mean;
    }
    for (size_t a = 0; a < r.arms.size(); ++a) {
        ArmSummary &s = r.summaries[a];
        s.label = r.arms[a].label;
        s.description = describe(r.arms[a].init, false);
        std::vector<double> finals, diffs;
        for (size_t i = 0; i < n_seeds; ++i) {
            finals.push_back(r.runs[a][i].final_val_loss);
            if (r.random_arm >= 0) {
                const double base = r.runs[r.random_arm][i].final_val_loss;
                diffs.push_back(100.0 * (r.runs[a][i].final_val_loss - base) / base);
            }
        }
        s.loss = summarize(finals);
        s.diff_pct = r.random_arm >= 0 ? summarize(diffs) : summarize({});
        if (r.random_arm >= 0 && n_seeds > 0) {
            const auto &steps = r.runs[a][0].eval_steps;
            for (size_t e = 0; e < steps.size(); ++e) {
                double mean = 0;
                for (size_t i = 0; i < n_seeds; ++i) mean += r.runs[a][i].val_loss[e];
                if (mean / double(n_seeds) <= random_final) {
                    s.steps_to_random_final = static_cast<int64_t>(steps[e]);
                    break;
                }
            }
        }
    }
}

void check_harness_inputs(const HarnessConfig &c, const std::vector<uint32_t> &tokens,
                          const std::vector<HarnessArm> &arms, const std::vector<uint64_t> &seeds) {
    require_arg(!arms.empty(), "n_arms", 0, "needs at least one arm");
    require_arg(!seeds.empty(), "n_seeds", 0, "needs at least one seed");
    require_arg(c.steps >= 1, "steps", c.steps, "must be >= 1");
    if (c.curve_eval_batches > c.train.eval_batches)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'curve_eval_batches' = ", c.curve_eval_batches,
             ": must be <= the train options' eval_batches (", c.train.eval_batches, ")");
    for (const auto &t : tokens)
        if (t >= c.model.vocab_size)
            fail(PR_ERR_OUT_OF_RANGE, "token id ", t, " >= vocab_size ", c.model.vocab_size);
    for (size_t a = 0; a < arms.size(); ++a)
        for (size_t b = 0; b < a; ++b)
            if (arms[a].label == arms[b].label)
                fail(PR_ERR_INVALID_ARGUMENT, "arm label '", arms[a].label, "' is used twice");
}

static uint32_t curve_batches(const HarnessConfig &c) {
    return c.curve_eval_batches ? c.curve_eval_batches : c.train.eval_batches;
}

bool needs_reference(const std::vector<HarnessArm> &arms) {
    bool needed = false;
    for (const auto &arm : arms) needed |= arm.init.strategy == Strategy::Oracle && !arm.init.oracle_path;
    return needed;
}

void run_one(const HarnessConfig &c, const std::vector<uint32_t> &tokens, const pr::sft::TokenData &data,
             InitInputs &inputs, const HarnessArm &arm, uint64_t seed, const ParamSet *reference, RunResult &run,
             const Progress &progress, uint64_t &done, uint64_t total) {
    ModelConfig mo = c.model;
    mo.seed = seed;
    TrainConfig to = c.train;
    to.max_steps = c.steps;
    if (c.vary_data_with_seed) to.data_seed += seed;
    Stopwatch setup;
    const auto model = make_model(mo, to, tokens);
    InitOptions io = arm.init;
    io.seed = run_init_seed(seed, arm.init.seed);
    const bool use_ref = io.strategy == Strategy::Oracle && !io.oracle_path;
    apply_init(*model, io, tokens.data(), tokens.size(), use_ref ? reference : nullptr, &inputs);
    run.timing.setup = setup.seconds();
    train(*model, mo, to, data, c.steps, c.eval_interval, curve_batches(c), run, progress, done, total);
}

HarnessResult run_harness(const HarnessConfig &c, const std::vector<uint32_t> &tokens,
                          const std::vector<HarnessArm> &arms, const std::vector<uint64_t> &seeds,
                          const Progress &progress) {
    Stopwatch prep;
    check_harness_inputs(c, tokens, arms, seeds);
    HarnessResult r;
    r.arms = arms;
    r.seeds = seeds;
    r.steps = c.steps;
    const pr::sft::TokenData data(std::vector<int32_t>(tokens.begin(), tokens.end()), c.train.val_fraction);
    r.prep_seconds = prep.seconds();
    const bool with_reference = needs_reference(arms);
    const uint64_t total = arms.size() * seeds.size() * c.steps + (with_reference ? c.reference_steps : 0);
    uint64_t done = 0;
    ParamSet reference;
    if (with_reference) reference = reference_model(c, tokens, data, r, progress, done, total);

    r.runs.assign(arms.size(), std::vector<RunResult>(seeds.size()));
    InitInputs inputs(tokens.data(), tokens.size(), c.model.vocab_size);
    for (size_t i = 0; i < seeds.size(); ++i)
        for (size_t a = 0; a < arms.size(); ++a)
            run_one(c, tokens, data, inputs, arms[a], seeds[i], &reference, r.runs[a][i], progress, done, total);
    summarize_runs(r);
    return r;
}

std::string HarnessResult::markdown() const {
    std::ostringstream os;
    os << "| arm | init | seeds | val loss @" << steps << " (mean +- sd) | 95% CI | diff vs random % [95% CI] | steps to random's last curve point |\n";
    os << "|---|---|---|---|---|---|---|\n";
    for (const auto &s : summaries) {
        os << "| " << s.label << " | " << s.description << " | " << s.loss.n << " | " << fmt(s.loss.mean) << " +- "
           << fmt(s.loss.std) << " | [" << fmt(s.loss.lo) << ", " << fmt(s.loss.hi) << "] | " << fmt(s.diff_pct.mean, 2)
           << " [" << fmt(s.diff_pct.lo, 2) << ", " << fmt(s.diff_pct.hi, 2) << "] | "
           << (s.steps_to_random_final >= 0 ? std::to_string(s.steps_to_random_final) : std::string("never")) << " |\n";
    }
    if (reference_used)
        os << "\nOracle reference: " << reference_steps << " steps"
           << (reference_path.empty() ? "" : ", " + reference_path) << (reference_from_cache ? " (cached)" : "") << "\n";
    return os.str();
}

std::string HarnessResult::json() const {
    std::ostringstream os;
    os << "{\"steps\":" << steps << ",\"seeds\":[";
    for (size_t i = 0; i < seeds.size(); ++i) os << (i ? "," : "") << seeds[i];
    os << "],\"reference\":{\"used\":" << (reference_used ? "true" : "false") << ",\"steps\":" << reference_steps
       << ",\"path\":" << json_str(reference_path) << ",\"from_cache\":" << (reference_from_cache ? "true" : "false")
       << "},\"arms\":[";
    for (size_t a = 0; a < summaries.size(); ++a) {
        const ArmSummary &s = summaries[a];
        os << (a ? "," : "") << "{\"label\":" << json_str(s.label) << ",\"init\":" << json_str(s.description)
           << ",\"n\":" << s.loss.n << ",\"loss_mean\":" << json_num(s.loss.mean) << ",\"loss_std\":" << json_num(s.loss.std)
           << ",\"loss_ci\":[" << json_num(s.loss.lo) << "," << json_num(s.loss.hi) << "]"
           << ",\"diff_pct_mean\":" << json_num(s.diff_pct.mean) << ",\"diff_pct_ci\":[" << json_num(s.diff_pct.lo) << ","
           << json_num(s.diff_pct.hi) << "],\"steps_to_random_final\":" << s.steps_to_random_final << ",\"final_losses\":[";
        for (size_t i = 0; i < runs[a].size(); ++i) os << (i ? "," : "") << json_num(runs[a][i].final_val_loss);
        os << "]}";
    }
    os << "]}";
    return os.str();
}

}  // namespace pr::init
