#include "study_timing.hpp"

#include "table.hpp"

#include <algorithm>
#include <cmath>

namespace cli {

namespace {

constexpr size_t kWarmupSteps = 2;  // as the library's pr_init_compare_timing

double median(std::vector<double> v) {
    if (v.empty()) return std::nan("");
    const size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + mid, v.end());
    double m = v[mid];
    if (v.size() % 2 == 0) m = 0.5 * (m + *std::max_element(v.begin(), v.begin() + mid));
    return m;
}

double tables_seconds(const Study &s) {
    double sum = 0;
    for (const auto &[stage, sec] : s.seconds)
        if (stage != kReferenceStage && stage != kMoreReferencesStage && stage != kComparisonStage) sum += sec;
    return sum;
}

struct Part {
    const char *name;
    double seconds;
};

// The wall time beyond the steady-state training, part by part.
std::vector<Part> rest(const Study &s) {
    const StudyTiming &t = s.timing;
    std::vector<Part> parts = {{"eval", t.eval},
                               {"steps above the median", t.train - t.steady},
                               {"batches", t.batches},
                               {"run set-up + init", t.setup},
                               {"other stages", tables_seconds(s)}};
    double known = t.steady;
    for (const Part &p : parts) known += p.seconds;
    parts.push_back({"untimed", t.wall - known});
    return parts;
}

std::string thousands(uint64_t n) {
    std::string d = std::to_string(n), out;
    for (size_t i = 0; i < d.size(); ++i) {
        if (i && (d.size() - i) % 3 == 0) out += ',';
        out += d[i];
    }
    return out;
}

}  // namespace

void add_reference_timing(StudyTiming &t, const Curve &c, double tokens_per_batch) {
    std::vector<double> steps, steady;
    for (double tps : c.tokens_per_s) steps.push_back(tps > 0 ? tokens_per_batch / tps : 0.0);
    for (size_t i = kWarmupSteps; i < steps.size(); ++i) steady.push_back(steps[i]);
    t.steps += steps.size();
    for (double s : steps) t.train += s;
    t.eval += c.eval_seconds;
    if (steady.empty()) return;
    t.steady += double(steps.size()) * median(steady);
    t.steady_serial += double(steps.size()) * median(steady);
}

void add_comparison_timing(StudyTiming &t, const pr_init_compare *r, int ranks) {
    pr_init_compare_timing ct{};
    check(pr_init_compare_get_timing(r, &ct), "reading the comparison's timing");
    const double share = 1.0 / std::max(1, ranks);
    t.ranks = std::max(1, ranks);
    t.steps += ct.n_steps;
    if (ct.n_steady_steps) {
        t.steady += share * double(ct.n_steps) * ct.step_median_s;
        t.steady_serial += double(ct.n_steps) * ct.step_median_s;
    }
    t.train += share * ct.train_s;
    t.eval += share * ct.eval_s;
    t.batches += share * ct.data_s;
    t.setup += share * (ct.setup_s + ct.prep_s);
}

std::string timing_markdown(const Study &s) {
    const StudyTiming &t = s.timing;
    if (!(t.steady > 0)) return "Timing: wall " + fmt(t.wall, 1) + " s (no training steps were timed)\n";
    const double per_step = t.steady_serial / double(t.steps);
    std::string out = "Timing: wall " + fmt(t.wall, 1) + " s = " + fmt(t.wall / t.steady, 2) + " x its " +
                      thousands(t.steps) + " training steps at " +
                      (per_step < 1 ? fmt(1e3 * per_step, 2) + " ms" : fmt(per_step, 3) + " s") +
                      "/step (the trainer's median step in this run)";
    if (t.ranks > 1) out += ", the comparison's spread over " + std::to_string(t.ranks) + " ranks";
    out += "; the rest:";
    for (const Part &p : rest(s)) out += std::string(" ") + p.name + " " + fmt(100 * p.seconds / t.wall, 1) + "%,";
    out.back() = '\n';
    return out;
}

nlohmann::json timing_json(const Study &s) {
    const StudyTiming &t = s.timing;
    nlohmann::json j = {{"wall_s", t.wall},
                        {"train_steps", t.steps},
                        {"steady_train_s", t.steady},
                        {"ratio", t.steady > 0 ? nlohmann::json(t.wall / t.steady) : nlohmann::json()},
                        {"ranks", t.ranks}};
    nlohmann::json parts;
    for (const Part &p : rest(s)) parts[p.name] = p.seconds;
    j["rest_s"] = parts;
    return j;
}

}  // namespace cli
