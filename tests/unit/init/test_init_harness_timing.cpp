// pr_init_compare_get_timing: which steps a comparison timed, and that its
// steady-state step time is a median of single steps (not total / steps).
// No wall-clock thresholds: only counts and relations that hold on any
// machine under any load.
#include "init/harness_timing.hpp"
#include "small_comparison.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

TEST_CASE("a comparison's timing counts every run's steps and the reference's") {
    SmallComparison s(5, 4);
    pr_init_compare *r = nullptr;
    REQUIRE(pr_init_compare_run(&r, &s.opts, s.tokens.data(), s.tokens.size(), s.arms, 3, s.seeds, 2, nullptr,
                                nullptr) == PR_OK);
    pr_init_compare_timing t{};
    REQUIRE(pr_init_compare_get_timing(r, &t) == PR_OK);
    // 3 arms x 2 seeds x 5 steps, plus the ORACLE arm's reference (4 steps);
    // the median leaves out the first 2 steps of each of the 7 trainings.
    CHECK(t.n_steps == 3 * 2 * 5 + 4);
    CHECK(t.n_steady_steps == t.n_steps - 7 * 2);
    REQUIRE(std::isfinite(t.step_median_s));
    CHECK(t.step_median_s > 0);
    CHECK(t.train_s > 0);
    // At least half the steady steps take >= the median, so the steps' sum
    // is at least half of median x steady steps.
    CHECK(t.step_median_s * double(t.n_steady_steps) <= 2.0 * t.train_s);
    CHECK(t.eval_s > 0);  // 4 evaluations per run (steps 0, 2, 4, 5)
    CHECK(t.setup_s > 0);
    CHECK(t.prep_s >= 0);
    CHECK(pr_init_compare_get_timing(nullptr, &t) == PR_ERR_INVALID_ARGUMENT);
    CHECK(std::string(pr_last_error()).find("result") != std::string::npos);
    CHECK(pr_init_compare_get_timing(r, nullptr) == PR_ERR_INVALID_ARGUMENT);
    CHECK(std::string(pr_last_error()).find("out") != std::string::npos);
    pr_init_compare_free(r);
}

TEST_CASE("timing of parts: a partial handle times its own runs, a merge adds the others'") {
    SmallComparison s(5, 4);
    const std::string ref = test::tmp_path("harness-timing-ref.safetensors");
    auto part = [&](pr_init_compare **out, std::vector<size_t> runs, const char *in, const char *out_path) {
        pr_init_compare_part p;
        pr_init_compare_part_init(&p);
        p.runs = runs.data(), p.n_runs = runs.size(), p.reference_in = in, p.reference_out = out_path;
        return pr_init_compare_run_part(out, &s.opts, s.tokens.data(), s.tokens.size(), s.arms, 3, s.seeds, 2, &p,
                                        nullptr, nullptr);
    };
    pr_init_compare *a = nullptr, *b = nullptr;
    REQUIRE(part(&a, {0, 1}, nullptr, ref.c_str()) == PR_OK);  // trains the reference: 4 steps
    REQUIRE(part(&b, {2, 3, 4}, ref.c_str(), nullptr) == PR_OK);  // reads it: no reference steps
    pr_init_compare_timing ta{}, tb{}, merged{};
    REQUIRE(pr_init_compare_get_timing(a, &ta) == PR_OK);
    REQUIRE(pr_init_compare_get_timing(b, &tb) == PR_OK);
    CHECK(ta.n_steps == 2 * 5 + 4);
    CHECK(tb.n_steps == 3 * 5);
    CHECK(tb.n_steady_steps == 3 * 3);
    size_t n = 0;
    REQUIRE(pr_init_compare_pack_runs(b, nullptr, 0, &n) == PR_OK);
    std::string bytes(n, '\0');
    REQUIRE(pr_init_compare_pack_runs(b, &bytes[0], n, &n) == PR_OK);
    REQUIRE(pr_init_compare_merge_runs(a, bytes.data(), bytes.size()) == PR_OK);
    REQUIRE(pr_init_compare_get_timing(a, &merged) == PR_OK);
    CHECK(merged.n_steps == ta.n_steps + tb.n_steps);
    CHECK(merged.n_steady_steps == ta.n_steady_steps + tb.n_steady_steps);
    // The packed times arrive as they were measured.
    CHECK(merged.train_s == doctest::Approx(ta.train_s + tb.train_s).epsilon(1e-6));
    CHECK(merged.eval_s == doctest::Approx(ta.eval_s + tb.eval_s).epsilon(1e-12));
    // b's runs' set-up arrives, b's own reading of the reference does not.
    CHECK(merged.setup_s > ta.setup_s);
    CHECK(merged.setup_s < ta.setup_s + tb.setup_s);
    pr_init_compare_free(a), pr_init_compare_free(b);
    std::remove(ref.c_str());
}

TEST_CASE("the steady-state step time is the median of single steps after each run's warm-up") {
    pr::init::HarnessResult r;
    r.runs.assign(1, std::vector<pr::init::RunResult>(2));
    // Two runs: warm-up steps (the first 2) are slow and left out; one stalled
    // steady step (50 s) moves a mean (13.5) but not the median (2.5).
    r.runs[0][0].timing.step_seconds = {100, 100, 1, 2};
    r.runs[0][1].timing.step_seconds = {100, 100, 3, 50};
    r.runs[0][0].timing.eval = 0.25, r.runs[0][1].timing.eval = 0.5;
    r.reference_timing.step_seconds = {7};  // a training of one step: all warm-up
    r.prep_seconds = 0.125;
    const pr::init::HarnessTiming t = pr::init::harness_timing(r);
    CHECK(t.steps == 9);
    CHECK(t.steady_steps == 4);
    CHECK(t.step_median == 2.5);
    CHECK(t.train == 463);
    CHECK(t.eval == 0.75);
    CHECK(t.prep == 0.125);
    r.runs[0][1].timing.step_seconds = {100, 100, 3};  // odd count: the middle one
    CHECK(pr::init::harness_timing(r).step_median == 2);
    r.runs[0][0].timing.step_seconds = {1}, r.runs[0][1].timing.step_seconds = {1, 1};
    CHECK(std::isnan(pr::init::harness_timing(r).step_median));  // only warm-up steps
}
