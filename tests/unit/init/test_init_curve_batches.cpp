// curve_eval_batches: the curve points are on the first k validation batches,
// the final loss (and so every summary) on all of them.  Checked against two
// independent runs: one with every batch on the curve, one whose trainer has
// only k validation batches.
#include "small_comparison.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Curves {
    std::vector<std::vector<double>> finals, values;  // [arm][seed], [arm * 2 + seed][point]
    std::vector<double> diff_mean;                    // [arm]
    std::vector<int64_t> steps_to_random;             // [arm]
};

Curves run(const SmallComparison &s) {
    pr_init_compare *r = nullptr;
    REQUIRE(pr_init_compare_run(&r, &s.opts, s.tokens.data(), s.tokens.size(), s.arms, 3, s.seeds, 2, nullptr,
                                nullptr) == PR_OK);
    Curves c;
    for (size_t a = 0; a < 3; ++a) {
        std::vector<double> f(2);
        REQUIRE(pr_init_compare_final_losses_f64(r, a, f.data(), f.size()) == PR_OK);
        c.finals.push_back(f);
        pr_init_arm_summary sum;
        REQUIRE(pr_init_compare_summary(r, a, &sum) == PR_OK);
        c.diff_mean.push_back(sum.diff_pct_mean);
        c.steps_to_random.push_back(sum.steps_to_random_final);
        for (size_t i = 0; i < 2; ++i) {
            size_t n = 0;
            REQUIRE(pr_init_compare_val_curve_f64(r, a, i, nullptr, nullptr, 0, &n) == PR_OK);
            std::vector<double> v(n);
            REQUIRE(pr_init_compare_val_curve_f64(r, a, i, nullptr, v.data(), n, &n) == PR_OK);
            c.values.push_back(v);
        }
    }
    pr_init_compare_free(r);
    return c;
}

// Not copied: opts points into the fixture itself.
struct Batches : SmallComparison {
    Batches(uint32_t eval_batches, uint32_t curve_eval_batches) : SmallComparison(6, 4) {
        train.eval_batches = eval_batches;
        opts.curve_eval_batches = curve_eval_batches;
    }
};

}  // namespace

TEST_CASE("curve points on fewer batches leave the final losses and summaries bit-identical") {
    const Curves all = run(Batches(4, 0)), two = run(Batches(4, 2)), trainer_two = run(Batches(2, 0));
    for (size_t a = 0; a < 3; ++a) {
        CHECK(two.finals[a] == all.finals[a]);  // exact: the same 4 batches after the same training
        if (a) CHECK(two.diff_mean[a] == all.diff_mean[a]);
    }
    for (size_t k = 0; k < all.values.size(); ++k) {
        REQUIRE(two.values[k].size() == 4);  // steps 0, 2, 4, 6
        // Evaluation does not touch the training: each point is exactly the
        // loss of a trainer that only ever evaluates the first 2 batches.
        CHECK(two.values[k] == trainer_two.values[k]);
        CHECK(two.values[k] != all.values[k]);
        // The last curve point is on 2 batches; the final loss on all 4.
        CHECK(all.values[k].back() == all.finals[k / 2][k % 2]);
        CHECK(two.values[k].back() != two.finals[k / 2][k % 2]);
    }
    // steps-to-random compares points with the random arm's last point on the
    // same batches, so it is the 2-batch trainer's.
    CHECK(two.steps_to_random == trainer_two.steps_to_random);
}

TEST_CASE("curve_eval_batches is checked, and a version-1 options struct still reads") {
    const Batches s(4, 5);
    pr_init_compare *r = nullptr;
    CHECK(pr_init_compare_run(&r, &s.opts, s.tokens.data(), s.tokens.size(), s.arms, 3, s.seeds, 2, nullptr,
                              nullptr) == PR_ERR_INVALID_ARGUMENT);
    const std::string msg = pr_last_error();
    CHECK(msg.find("'curve_eval_batches' = 5") != std::string::npos);
    CHECK(msg.find("eval_batches (4)") != std::string::npos);

    // A caller built against version 1 passes a struct that ends before
    // curve_eval_batches: only that prefix may be read, and it means "all".
    const Batches base(4, 0);
    std::vector<unsigned char> v1(offsetof(pr_init_compare_options, curve_eval_batches));
    pr_init_compare_options o = base.opts;
    o.version = 1;
    std::memcpy(v1.data(), &o, v1.size());
    REQUIRE(pr_init_compare_run(&r, reinterpret_cast<const pr_init_compare_options *>(v1.data()), base.tokens.data(),
                                base.tokens.size(), base.arms, 3, base.seeds, 2, nullptr, nullptr) == PR_OK);
    const Curves all = run(base);
    double f[2];
    REQUIRE(pr_init_compare_final_losses_f64(r, 1, f, 2) == PR_OK);
    CHECK(f[0] == all.finals[1][0]);
    // The missing field reads as 0 = all batches: the curves are those too.
    for (size_t a = 0; a < 3; ++a)
        for (size_t i = 0; i < 2; ++i) {
            size_t n = 0;
            REQUIRE(pr_init_compare_val_curve_f64(r, a, i, nullptr, nullptr, 0, &n) == PR_OK);
            std::vector<double> v(n);
            REQUIRE(pr_init_compare_val_curve_f64(r, a, i, nullptr, v.data(), n, &n) == PR_OK);
            CHECK(v == all.values[a * 2 + i]);
        }
    pr_init_compare_free(r);

    o.version = 3;
    CHECK(pr_init_compare_run(&r, &o, base.tokens.data(), base.tokens.size(), base.arms, 3, base.seeds, 2, nullptr,
                              nullptr) == PR_ERR_VERSION);
    CHECK(std::string(pr_last_error()).find("expected 1 or 2") != std::string::npos);
}
