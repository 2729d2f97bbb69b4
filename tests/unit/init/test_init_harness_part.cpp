// A comparison in parts (pr_init_compare_run_part, pack_runs, merge_runs):
// two parts that share the first part's reference, merged, equal the whole
// comparison in one call bit for bit; partial handles and bad packs fail
// with clear errors and leave the handle unchanged.
#include "small_comparison.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Study : SmallComparison {
    Study() : SmallComparison(4, 3) {}
    int part(pr_init_compare **out, std::vector<size_t> runs, const char *ref_in, const char *ref_out) {
        pr_init_compare_part p;
        pr_init_compare_part_init(&p);
        p.runs = runs.data(), p.n_runs = runs.size(), p.reference_in = ref_in, p.reference_out = ref_out;
        return pr_init_compare_run_part(out, &opts, tokens.data(), tokens.size(), arms, 3, seeds, 2, &p, nullptr, nullptr);
    }
};

std::string pack(const pr_init_compare *r) {
    size_t n = 0;
    REQUIRE(pr_init_compare_pack_runs(r, nullptr, 0, &n) == PR_OK);
    std::string b(n, '\0');
    REQUIRE(pr_init_compare_pack_runs(r, &b[0], n, &n) == PR_OK);
    return b;
}

std::string report(const pr_init_compare *r, int format) {
    size_t n = 0;
    if (pr_init_compare_report(r, format, nullptr, 0, &n) != PR_OK) return "";
    std::string s(n, '\0');
    pr_init_compare_report(r, format, &s[0], n, &n);
    return s;
}

}  // namespace

TEST_CASE("a comparison run in two parts and merged equals the whole, bit for bit") {
    Study s;
    pr_init_compare *whole = nullptr;
    REQUIRE(pr_init_compare_run(&whole, &s.opts, s.tokens.data(), s.tokens.size(), s.arms, 3, s.seeds, 2, nullptr,
                                nullptr) == PR_OK);
    const std::string ref = test::tmp_path("harness-part-ref.safetensors");
    pr_init_compare *a = nullptr, *b = nullptr;
    REQUIRE(s.part(&a, {0, 2, 4}, nullptr, ref.c_str()) == PR_OK);  // trains the reference, writes it
    REQUIRE(s.part(&b, {5, 1, 3}, ref.c_str(), nullptr) == PR_OK);  // reads it
    // Partial: summaries, reports and missing runs are refused.
    pr_init_arm_summary sum{};
    CHECK(pr_init_compare_summary(a, 0, &sum) == PR_ERR_INVALID_ARGUMENT);
    CHECK(std::string(pr_last_error()).find("3 of 6 runs present") != std::string::npos);
    double curve[4];
    CHECK(pr_init_compare_train_curve_f64(a, 1, 0, curve, 4) == PR_ERR_INVALID_ARGUMENT);
    CHECK(report(a, PR_REPORT_JSON).empty());
    // Merge b's runs into a: complete, and equal to the whole.
    const std::string pb = pack(b);
    CHECK(pr_init_compare_merge_runs(a, pb.data(), pb.size()) == PR_OK);
    CHECK(report(a, PR_REPORT_MARKDOWN) == report(whole, PR_REPORT_MARKDOWN));
    CHECK(report(a, PR_REPORT_JSON) == report(whole, PR_REPORT_JSON));
    for (size_t arm = 0; arm < 3; ++arm)
        for (size_t i = 0; i < 2; ++i) {
            double c1[4], c2[4];
            REQUIRE(pr_init_compare_train_curve_f64(a, arm, i, c1, 4) == PR_OK);
            REQUIRE(pr_init_compare_train_curve_f64(whole, arm, i, c2, 4) == PR_OK);
            CHECK(std::memcmp(c1, c2, sizeof c1) == 0);
            uint64_t d1 = 0, d2 = 1;
            pr_init_compare_data_digest(a, arm, i, &d1);
            pr_init_compare_data_digest(whole, arm, i, &d2);
            CHECK(d1 == d2);
        }
    // The same runs again, or bytes that are not a pack, are refused.
    CHECK(pr_init_compare_merge_runs(a, pb.data(), pb.size()) == PR_ERR_MISMATCH);
    CHECK(pr_init_compare_merge_runs(b, pb.data(), pb.size()) == PR_ERR_MISMATCH);
    pr_init_compare *empty = nullptr;
    REQUIRE(s.part(&empty, {}, ref.c_str(), nullptr) == PR_OK);
    const std::string junk = "not a pack of runs";
    CHECK(pr_init_compare_merge_runs(empty, junk.data(), junk.size()) == PR_ERR_FORMAT);
    CHECK(pr_init_compare_merge_runs(empty, pb.data(), pb.size() - 3) == PR_ERR_FORMAT);
    CHECK(std::string(pr_last_error()).find("truncated") != std::string::npos);
    size_t n_packed = 0;
    REQUIRE(pr_init_compare_pack_runs(empty, nullptr, 0, &n_packed) == PR_OK);
    CHECK(n_packed == 5 * sizeof(uint64_t));  // unchanged: the header of a pack with no runs
    CHECK(pr_init_compare_merge_runs(empty, pb.data(), pb.size()) == PR_OK);
    pr_init_compare_free(empty), pr_init_compare_free(a), pr_init_compare_free(b), pr_init_compare_free(whole);
    std::remove(ref.c_str());
}

TEST_CASE("run_part rejects bad run lists and part versions") {
    Study s;
    pr_init_compare *r = nullptr;
    CHECK(s.part(&r, {6}, nullptr, nullptr) == PR_ERR_OUT_OF_RANGE);
    CHECK(std::string(pr_last_error()).find("runs[0]") != std::string::npos);
    CHECK(s.part(&r, {1, 1}, nullptr, nullptr) == PR_ERR_INVALID_ARGUMENT);
    CHECK(r == nullptr);
    pr_init_compare_part p;
    pr_init_compare_part_init(&p);
    p.version = 77;
    CHECK(pr_init_compare_run_part(&r, &s.opts, s.tokens.data(), s.tokens.size(), s.arms, 3, s.seeds, 2, &p, nullptr,
                                   nullptr) == PR_ERR_VERSION);
    CHECK(s.part(&r, {}, "/nonexistent/ref.safetensors", nullptr) == PR_ERR_IO);
}
