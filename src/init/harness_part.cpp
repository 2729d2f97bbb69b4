#include "init/harness_part.hpp"

#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "init/checkpoint.hpp"
#include "init/harness_steps.hpp"

#include <cstring>

namespace pr::init {

HarnessResult run_harness_part(const HarnessConfig &c, const std::vector<uint32_t> &tokens,
                               const std::vector<HarnessArm> &arms, const std::vector<uint64_t> &seeds,
                               const PartSpec &part, const Progress &progress) {
    Stopwatch prep;
    check_harness_inputs(c, tokens, arms, seeds);
    const size_t n_runs = arms.size() * seeds.size();
    std::vector<char> chosen(n_runs, 0);
    for (size_t k = 0; k < part.runs.size(); ++k) {
        const size_t run = part.runs[k];
        if (run >= n_runs) fail(PR_ERR_OUT_OF_RANGE, "argument 'runs[", k, "]' = ", run, ": must be < n_arms * n_seeds = ", n_runs);
        if (chosen[run]) fail(PR_ERR_INVALID_ARGUMENT, "argument 'runs[", k, "]' = ", run, ": listed twice");
        chosen[run] = 1;
    }
    HarnessResult r;
    r.arms = arms;
    r.seeds = seeds;
    r.steps = c.steps;
    r.runs.assign(arms.size(), std::vector<RunResult>(seeds.size()));
    const pr::sft::TokenData data(std::vector<int32_t>(tokens.begin(), tokens.end()), c.train.val_fraction);
    r.prep_seconds = prep.seconds();
    const bool with_reference = needs_reference(arms);
    const bool train_reference = with_reference && part.reference_in.empty();
    const uint64_t total = part.runs.size() * c.steps + (train_reference ? c.reference_steps : 0);
    uint64_t done = 0;
    ParamSet reference;
    if (with_reference) {
        if (train_reference) {
            reference = reference_model(c, tokens, data, r, progress, done, total);
        } else {
            Stopwatch read;
            reference = read_param_set(part.reference_in);
            r.reference_timing.setup = read.seconds();
            r.reference_used = true;
            r.reference_steps = c.reference_steps;
            r.reference_path = part.reference_in;
        }
        if (!part.reference_out.empty()) write_param_set(part.reference_out, reference, {{"format", "prspread-sft"}});
    }
    InitInputs inputs(tokens.data(), tokens.size(), c.model.vocab_size);
    for (size_t run : part.runs) {
        const size_t i = run / arms.size(), a = run % arms.size();
        run_one(c, tokens, data, inputs, arms[a], seeds[i], &reference, r.runs[a][i], progress, done, total);
    }
    if (is_complete(r)) summarize_runs(r);
    return r;
}

size_t runs_present(const HarnessResult &r) {
    size_t n = 0;
    for (const auto &arm : r.runs)
        for (const auto &run : arm) n += !run.train_loss.empty();
    return n;
}

bool is_complete(const HarnessResult &r) { return runs_present(r) == r.arms.size() * r.seeds.size(); }

namespace {

constexpr uint64_t kMagic = 0x32534e5552524350ull;  // "PCRRUNS2" in this machine's byte order (2: with timing)

class Writer {
public:
    void u64(uint64_t v) { raw(&v, sizeof v); }
    void f64(double v) { raw(&v, sizeof v); }
    void raw(const void *p, size_t n) { out_.append(static_cast<const char *>(p), n); }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

class Reader {
public:
    Reader(const void *p, size_t n) : p_(static_cast<const char *>(p)), n_(n) {}
    uint64_t u64() {
        uint64_t v;
        raw(&v, sizeof v);
        return v;
    }
    double f64() {
        double v;
        raw(&v, sizeof v);
        return v;
    }
    float f32() {
        float v;
        raw(&v, sizeof v);
        return v;
    }
    // A count of items of `size` bytes that the rest of the bytes can hold.
    uint64_t count(size_t size) {
        const uint64_t n = u64();
        if (n > (n_ - at_) / size) fail(PR_ERR_FORMAT, "packed runs: a count of ", n, " passes the end of the bytes");
        return n;
    }
    bool at_end() const { return at_ == n_; }

private:
    void raw(void *dst, size_t n) {
        if (n > n_ - at_) fail(PR_ERR_FORMAT, "packed runs: truncated at byte ", at_, " of ", n_);
        std::memcpy(dst, p_ + at_, n);
        at_ += n;
    }
    const char *p_;
    size_t n_, at_ = 0;
};

}  // namespace

std::string pack_runs(const HarnessResult &r) {
    Writer w;
    w.u64(kMagic);
    w.u64(r.arms.size());
    w.u64(r.seeds.size());
    w.u64(r.steps);
    w.u64(runs_present(r));
    for (size_t i = 0; i < r.seeds.size(); ++i)
        for (size_t a = 0; a < r.arms.size(); ++a) {
            const RunResult &run = r.runs[a][i];
            if (run.train_loss.empty()) continue;
            w.u64(i * r.arms.size() + a);
            w.u64(run.train_loss.size());
            w.raw(run.train_loss.data(), run.train_loss.size() * sizeof(double));
            w.u64(run.eval_steps.size());
            w.raw(run.eval_steps.data(), run.eval_steps.size() * sizeof(uint64_t));
            w.raw(run.val_loss.data(), run.val_loss.size() * sizeof(double));
            w.f64(run.final_val_loss);
            w.u64(run.data_digest);
            w.u64(run.timing.step_seconds.size());
            w.raw(run.timing.step_seconds.data(), run.timing.step_seconds.size() * sizeof(float));
            w.f64(run.timing.setup);
            w.f64(run.timing.data);
            w.f64(run.timing.eval);
        }
    return w.take();
}

void merge_runs(HarnessResult &into, const void *bytes, size_t size) {
    require_nonnull(bytes, "bytes");
    Reader rd(bytes, size);
    if (rd.u64() != kMagic) fail(PR_ERR_FORMAT, "packed runs: bad magic (not pr_init_compare_pack_runs bytes)");
    const uint64_t n_arms = rd.u64(), n_seeds = rd.u64(), steps = rd.u64();
    if (n_arms != into.arms.size() || n_seeds != into.seeds.size() || steps != into.steps)
        fail(PR_ERR_MISMATCH, "packed runs are of a comparison with ", n_arms, " arms, ", n_seeds, " seeds, ", steps,
             " steps; this one has ", into.arms.size(), ", ", into.seeds.size(), ", ", into.steps);
    const uint64_t n = rd.count(8);
    std::vector<std::pair<uint64_t, RunResult>> runs;
    for (uint64_t k = 0; k < n; ++k) {
        const uint64_t index = rd.u64();
        if (index >= n_arms * n_seeds) fail(PR_ERR_FORMAT, "packed runs: run index ", index, " out of range");
        RunResult run;
        run.train_loss.resize(rd.count(sizeof(double)));
        for (double &v : run.train_loss) v = rd.f64();
        run.eval_steps.resize(rd.count(2 * sizeof(double)));
        for (uint64_t &v : run.eval_steps) v = rd.u64();
        run.val_loss.resize(run.eval_steps.size());
        for (double &v : run.val_loss) v = rd.f64();
        run.final_val_loss = rd.f64();
        run.data_digest = rd.u64();
        run.timing.step_seconds.resize(rd.count(sizeof(float)));
        for (float &v : run.timing.step_seconds) v = rd.f32();
        run.timing.setup = rd.f64();
        run.timing.data = rd.f64();
        run.timing.eval = rd.f64();
        if (run.train_loss.size() != steps || run.val_loss.empty())
            fail(PR_ERR_FORMAT, "packed runs: run ", index, " has ", run.train_loss.size(), " steps, not ", steps);
        const RunResult &have = into.runs[index % n_arms][index / n_arms];
        if (!have.train_loss.empty()) fail(PR_ERR_MISMATCH, "packed runs: run ", index, " is already present");
        for (const auto &r : runs)
            if (r.first == index) fail(PR_ERR_MISMATCH, "packed runs: run ", index, " is packed twice");
        runs.emplace_back(index, std::move(run));
    }
    if (!rd.at_end()) fail(PR_ERR_FORMAT, "packed runs: trailing bytes");
    for (auto &[index, run] : runs) into.runs[index % n_arms][index / n_arms] = std::move(run);
    if (is_complete(into)) summarize_runs(into);
}

}  // namespace pr::init
