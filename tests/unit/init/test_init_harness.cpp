// The comparison harness: statistics by hand, identical data order,
// determinism, the positive and the negative control.
#include "init/harness.hpp"
#include "init/stats.hpp"
#include "test_helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

using namespace pr::init;

TEST_CASE("seed statistics equal a hand computation") {
    const SeedSummary s = summarize({1.0, 2.0, 3.0, 4.0});
    // mean 2.5; sd = sqrt(5/3) = 1.2909944; t_{0.975,3} = 3.182446; half = t sd / 2.
    CHECK(s.n == 4);
    CHECK(s.mean == doctest::Approx(2.5).epsilon(1e-12));
    CHECK(s.std == doctest::Approx(1.2909944487).epsilon(1e-9));
    CHECK(s.lo == doctest::Approx(2.5 - 3.182446 * 1.2909944487 / 2).epsilon(1e-5));
    CHECK(s.hi == doctest::Approx(2.5 + 3.182446 * 1.2909944487 / 2).epsilon(1e-5));
    CHECK(t_quantile_975(1) == doctest::Approx(12.7062).epsilon(1e-5));
    CHECK(t_quantile_975(40) == doctest::Approx(2.021075).epsilon(1e-4));
    CHECK(t_quantile_975(120) == doctest::Approx(1.979930).epsilon(1e-4));
    const SeedSummary one = summarize({3.0});
    CHECK(one.mean == 3.0);
    CHECK(std::isnan(one.std));
    CHECK(std::isnan(one.lo));
}

TEST_CASE("steps-to-random compares curve points with the random arm's last curve point, not its final loss") {
    // Curve points on fewer batches than the final loss: they differ.
    HarnessResult r;
    r.seeds = {1, 2};
    r.steps = 20;
    InitOptions rnd, dir;
    dir.strategy = Strategy::Direct;
    r.arms = {{"random", rnd}, {"direct", dir}};
    r.runs.assign(2, std::vector<RunResult>(2));
    for (int i = 0; i < 2; ++i) {
        r.runs[0][i].eval_steps = r.runs[1][i].eval_steps = {0, 10, 20};
        r.runs[0][i].val_loss = {5.0, 3.0, 2.5};  // random: last curve point 2.5, final loss 2.0
        r.runs[0][i].final_val_loss = 2.0;
        r.runs[1][i].val_loss = {5.0, 2.4, 2.3};  // direct: below 2.5 at step 10, never below 2.0
        r.runs[1][i].final_val_loss = 1.9;
    }
    summarize_runs(r);
    CHECK(r.summaries[1].steps_to_random_final == 10);  // against the final loss (2.0) it would be -1
    CHECK(r.summaries[0].steps_to_random_final == 20);  // the random arm reaches its own last point
    CHECK(r.summaries[1].loss.mean == doctest::Approx(1.9));  // summaries use the final loss
}

TEST_CASE("arm summaries: paired percent differences and steps-to-random by hand") {
    HarnessResult r;
    r.seeds = {1, 2, 3};
    r.steps = 20;
    InitOptions rnd, dir;
    dir.strategy = Strategy::Direct;
    r.arms = {{"direct", dir}, {"random", rnd}};
    const double rand_final[3] = {2.0, 2.2, 2.4}, dir_final[3] = {1.9, 2.2, 2.16};
    r.runs.assign(2, std::vector<RunResult>(3));
    for (int i = 0; i < 3; ++i) {
        r.runs[1][i].eval_steps = r.runs[0][i].eval_steps = {0, 10, 20};
        r.runs[1][i].val_loss = {5.0, 3.0, rand_final[i]};
        r.runs[0][i].val_loss = {5.0, 2.1, dir_final[i]};  // mean 2.1 at step 10 <= random final mean 2.2
        r.runs[1][i].final_val_loss = rand_final[i];
        r.runs[0][i].final_val_loss = dir_final[i];
    }
    summarize_runs(r);
    CHECK(r.random_arm == 1);
    // Differences: -5%, 0%, -10% -> mean -5, sd 5, half-width 4.302653 * 5 / sqrt(3).
    const ArmSummary &d = r.summaries[0];
    CHECK(d.diff_pct.mean == doctest::Approx(-5.0).epsilon(1e-9));
    CHECK(d.diff_pct.std == doctest::Approx(5.0).epsilon(1e-9));
    CHECK(d.diff_pct.hi == doctest::Approx(-5.0 + 4.302653 * 5.0 / std::sqrt(3.0)).epsilon(1e-5));
    CHECK(d.loss.mean == doctest::Approx(6.26 / 3).epsilon(1e-12));
    CHECK(d.steps_to_random_final == 10);
    CHECK(r.summaries[1].steps_to_random_final == 20);
    CHECK(r.summaries[1].diff_pct.mean == 0.0);
    CHECK(r.markdown().find("| direct |") != std::string::npos);
}

namespace {

std::vector<uint32_t> shakespeare_bytes(size_t n) {
    const std::string text = test::read_file(test::corpus_path("tinyshakespeare.txt"));
    std::vector<uint32_t> t(n);
    for (size_t i = 0; i < n; ++i) t[i] = static_cast<unsigned char>(text[i]);
    return t;
}

struct TinySetup {
    pr_sft_options model;
    pr_sft_train_options train;
    pr_init_compare_options opts;
    std::string cache;
    TinySetup() {
        pr_sft_options_init(&model);
        model.vocab_size = 256, model.context_length = 32, model.n_layer = 2, model.n_head = 2, model.d_model = 32;
        model.num_threads = 1;
        pr_sft_train_options_init(&train);
        train.batch_size = 8, train.warmup_steps = 5, train.lr = 3e-3f, train.eval_batches = 4;
        pr_init_compare_options_init(&opts);
        opts.model = &model;
        opts.train = &train;
        opts.steps = test::sanitized() ? 6 : 30;
        opts.eval_interval = test::sanitized() ? 3 : 10;
        opts.reference_steps = test::sanitized() ? 40 : 400;
        cache = test::tmp_path("init_harness_cache_" + std::to_string(::getpid()));
        std::filesystem::remove_all(cache);
        opts.cache_dir = cache.c_str();
    }
};

pr_init_arm arm(const char *label, int strategy, uint32_t copy = PR_INIT_COPY_WQ | PR_INIT_COPY_WK) {
    pr_init_arm a;
    a.label = label;
    pr_init_options_init(&a.init);
    a.init.strategy = strategy;
    a.init.oracle_tensors = copy;
    return a;
}

pr_init_arm_summary summary(const pr_init_compare *r, size_t i) {
    pr_init_arm_summary s;
    REQUIRE(pr_init_compare_summary(r, i, &s) == PR_OK);
    return s;
}

}  // namespace

TEST_CASE("harness: identical data order, determinism, positive and negative controls") {
    TinySetup t;
    const auto tokens = shakespeare_bytes(60000);
    const pr_init_arm arms[] = {arm("random", PR_INIT_RANDOM), arm("random_again", PR_INIT_RANDOM),
                                arm("oracle_all", PR_INIT_ORACLE, PR_INIT_COPY_ALL), arm("direct", PR_INIT_DIRECT)};
    const uint64_t seeds[] = {11, 12, 13};
    pr_init_compare *r = nullptr;
    REQUIRE(pr_init_compare_run(&r, &t.opts, tokens.data(), tokens.size(), arms, 4, seeds, 3, nullptr, nullptr) == PR_OK);

    // Identical data order: every run trained on the same batch sequence.
    uint64_t first = 0, d = 0;
    REQUIRE(pr_init_compare_data_digest(r, 0, 0, &first) == PR_OK);
    for (size_t a = 0; a < 4; ++a)
        for (size_t s = 0; s < 3; ++s) {
            REQUIRE(pr_init_compare_data_digest(r, a, s, &d) == PR_OK);
            CHECK(d == first);
        }

    const auto random = summary(r, 0), again = summary(r, 1), oracle = summary(r, 2), direct = summary(r, 3);
    MESSAGE("random ", random.loss_mean, " [", random.loss_lo, ", ", random.loss_hi, "]; oracle_all ", oracle.loss_mean,
            " [", oracle.loss_lo, ", ", oracle.loss_hi, "] diff ", oracle.diff_pct_mean, "%; direct ", direct.loss_mean,
            " diff ", direct.diff_pct_mean, "% [", direct.diff_pct_lo, ", ", direct.diff_pct_hi, "]");
    // Negative control: the same strategy under two labels differs by nothing beyond its interval.
    CHECK(again.diff_pct_lo <= 0.0);
    CHECK(again.diff_pct_hi >= 0.0);
    CHECK(std::abs(again.loss_mean - random.loss_mean) <= (random.loss_hi - random.loss_lo) / 2);
    // Positive control: copying every weight of the trained reference wins by far more than the interval.
    CHECK(oracle.loss_hi < random.loss_lo);
    CHECK(oracle.diff_pct_hi < 0.0);
    CHECK(random.loss_mean - oracle.loss_mean > 3 * (random.loss_hi - random.loss_lo) / 2);
    CHECK(std::string(oracle.description).find("copy=all") != std::string::npos);

    // Curves have the advertised shapes.
    std::vector<double> curve(t.opts.steps);
    REQUIRE(pr_init_compare_train_curve_f64(r, 3, 2, curve.data(), curve.size()) == PR_OK);
    CHECK(std::isfinite(curve.back()));
    size_t n_evals = 0;
    REQUIRE(pr_init_compare_val_curve_f64(r, 0, 0, nullptr, nullptr, 0, &n_evals) == PR_OK);
    CHECK(n_evals == t.opts.steps / t.opts.eval_interval + 1);

    // Determinism, and the reference comes from the cache the second time.
    pr_init_compare *r2 = nullptr;
    REQUIRE(pr_init_compare_run(&r2, &t.opts, tokens.data(), tokens.size(), arms, 4, seeds, 3, nullptr, nullptr) == PR_OK);
    for (size_t a = 0; a < 4; ++a) {
        double x[3], y[3];
        REQUIRE(pr_init_compare_final_losses_f64(r, a, x, 3) == PR_OK);
        REQUIRE(pr_init_compare_final_losses_f64(r2, a, y, 3) == PR_OK);
        for (int s = 0; s < 3; ++s) CHECK(x[s] == y[s]);
    }
    double two[2];
    CHECK(pr_init_compare_final_losses_f64(r, 0, two, 2) == PR_ERR_BUFFER_TOO_SMALL);  // 3 seeds
    CHECK(std::string(pr_last_error()).find("capacity") != std::string::npos);
    size_t need = 0;
    REQUIRE(pr_init_compare_report(r2, 1, nullptr, 0, &need) == PR_OK);
    std::string json(need, '\0');
    REQUIRE(pr_init_compare_report(r2, 1, json.data(), json.size(), &need) == PR_OK);
    CHECK(json.find("\"from_cache\":true") != std::string::npos);
    REQUIRE(pr_init_compare_report(r2, 0, nullptr, 0, &need) == PR_OK);
    std::string md(need, '\0');
    REQUIRE(pr_init_compare_report(r2, 0, md.data(), md.size(), &need) == PR_OK);
    MESSAGE(md);

    // Bad input.
    CHECK(pr_init_compare_summary(r, 4, nullptr) == PR_ERR_INVALID_ARGUMENT);
    pr_init_compare_free(r2);
    pr_init_compare_free(r);
    const pr_init_arm twice[] = {arm("same", PR_INIT_RANDOM), arm("same", PR_INIT_DIRECT)};
    pr_init_compare *bad = nullptr;
    CHECK(pr_init_compare_run(&bad, &t.opts, tokens.data(), tokens.size(), twice, 2, seeds, 1, nullptr, nullptr) ==
          PR_ERR_INVALID_ARGUMENT);
    CHECK(bad == nullptr);
    std::filesystem::remove_all(t.cache);
}

TEST_CASE("harness: varying data with the seed changes the order, the progress callback can cancel") {
    TinySetup t;
    t.opts.steps = 4;
    t.opts.eval_interval = 0;
    t.opts.vary_data_with_seed = 1;
    const auto tokens = shakespeare_bytes(20000);
    const pr_init_arm arms[] = {arm("random", PR_INIT_RANDOM), arm("symmetric", PR_INIT_SYMMETRIC)};
    const uint64_t seeds[] = {1, 2};
    pr_init_compare *r = nullptr;
    REQUIRE(pr_init_compare_run(&r, &t.opts, tokens.data(), tokens.size(), arms, 2, seeds, 2, nullptr, nullptr) == PR_OK);
    uint64_t a0 = 0, a1 = 0, b0 = 0;
    pr_init_compare_data_digest(r, 0, 0, &a0);
    pr_init_compare_data_digest(r, 1, 0, &b0);
    pr_init_compare_data_digest(r, 0, 1, &a1);
    CHECK(a0 == b0);  // same seed: same order across arms
    CHECK(a0 != a1);  // another seed: another order
    pr_init_compare_free(r);
    auto cancel = [](void *, uint64_t done, uint64_t) { return done >= 3 ? 1 : 0; };
    CHECK(pr_init_compare_run(&r, &t.opts, tokens.data(), tokens.size(), arms, 2, seeds, 2, cancel, nullptr) ==
          PR_ERR_CANCELLED);
    CHECK(r == nullptr);
}
