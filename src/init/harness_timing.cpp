#include "init/harness_timing.hpp"

#include <algorithm>
#include <limits>

namespace pr::init {

namespace {

void add(HarnessTiming &t, std::vector<float> &steady, const RunTiming &run) {
    t.steps += run.step_seconds.size();
    for (size_t i = 0; i < run.step_seconds.size(); ++i) {
        t.train += run.step_seconds[i];
        if (i >= kWarmupSteps) steady.push_back(run.step_seconds[i]);
    }
    t.data += run.data;
    t.eval += run.eval;
    t.setup += run.setup;
}

}  // namespace

HarnessTiming harness_timing(const HarnessResult &r) {
    HarnessTiming t;
    std::vector<float> steady;
    add(t, steady, r.reference_timing);
    for (const auto &arm : r.runs)
        for (const auto &run : arm) add(t, steady, run.timing);
    t.prep = r.prep_seconds;
    t.steady_steps = steady.size();
    if (steady.empty()) {
        t.step_median = std::numeric_limits<double>::quiet_NaN();
        return t;
    }
    const size_t mid = steady.size() / 2;
    std::nth_element(steady.begin(), steady.begin() + mid, steady.end());
    double m = steady[mid];
    if (steady.size() % 2 == 0) m = 0.5 * (m + *std::max_element(steady.begin(), steady.begin() + mid));
    t.step_median = m;
    return t;
}

}  // namespace pr::init
