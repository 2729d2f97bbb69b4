// Embedding sources: seeded Gaussian (with a mean direction) and loading
// .npy / safetensors in f32, f16, bf16 with shape and dtype checks.
#include "helpers.hpp"
#include "io/npy.hpp"
#include "io/safetensors.hpp"
#include "transition/embeddings.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace pr::transition;

TEST_CASE("embeddings: Gaussian init is seeded and has the requested mean strength") {
    const size_t V = 4000, d = 32;
    std::vector<float> a(V * d), b(V * d);
    gaussian_embeddings(a.data(), V, d, 9, 0.5, 2.0);
    gaussian_embeddings(b.data(), V, d, 9, 0.5, 2.0);
    CHECK(a == b);
    Eigen::Map<const prtest::RowMatF> E(a.data(), V, d);
    const Eigen::RowVectorXf mean = E.colwise().mean();
    const double row_noise = (E.rowwise() - mean).rowwise().norm().mean();
    CHECK(mean.norm() / row_noise == doctest::Approx(2.0).epsilon(0.05));
    CHECK_THROWS_AS(gaussian_embeddings(a.data(), V, d, 1, 0.0, 1.0), pr::Error);
    CHECK_THROWS_AS(gaussian_embeddings(a.data(), V, d, 1, 1.0, -1.0), pr::Error);
}

TEST_CASE("embeddings: load from .npy and safetensors with dtype conversion") {
    const std::string dir = PRSPREAD_TEST_TMP;
    const std::vector<float> vals{1.0f, -2.5f, 0.125f, 3.0f, 0.0f, 65504.0f};
    pr::io::write_npy(dir + "/emb_f4.npy", "<f4", {3, 2}, vals.data(), 4);
    auto l = load_embeddings(dir + "/emb_f4.npy", "");
    CHECK(l.rows == 3);
    CHECK(l.cols == 2);
    CHECK(l.values == vals);
    // f16 (exactly representable values) and bf16.
    const std::vector<uint16_t> f16{0x3C00, 0xC100, 0x3000, 0x4200, 0x0000, 0x7BFF};
    pr::io::write_npy(dir + "/emb_f2.npy", "<f2", {3, 2}, f16.data(), 2);
    CHECK(load_embeddings(dir + "/emb_f2.npy", "").values == vals);
    const std::vector<uint16_t> bf16{0x3F80, 0xC020, 0x3E00, 0x4040, 0x0000, 0x4000};
    pr::io::write_safetensors(dir + "/emb.safetensors",
                              {{"wte", "BF16", {2, 3}, bf16.data(), bf16.size() * 2},
                               {"cube", "F32", {1, 1, 6}, vals.data(), vals.size() * 4}});
    l = load_embeddings(dir + "/emb.safetensors", "wte");
    CHECK(l.rows == 2);
    CHECK(l.cols == 3);
    CHECK(l.values == std::vector<float>{1.0f, -2.5f, 0.125f, 3.0f, 0.0f, 2.0f});
    // Errors: missing name, wrong rank, non-float dtype, NaN.
    CHECK_THROWS_WITH_AS(load_embeddings(dir + "/emb.safetensors", "nope"), doctest::Contains("nope"), pr::Error);
    CHECK_THROWS_WITH_AS(load_embeddings(dir + "/emb.safetensors", "cube"), doctest::Contains("2-d"), pr::Error);
    const std::vector<int64_t> ints{1, 2};
    pr::io::write_npy(dir + "/emb_i8.npy", "<i8", {1, 2}, ints.data(), 8);
    CHECK_THROWS_WITH_AS(load_embeddings(dir + "/emb_i8.npy", ""), doctest::Contains("<i8"), pr::Error);
    std::vector<float> bad = vals;
    bad[3] = NAN;
    pr::io::write_npy(dir + "/emb_nan.npy", "<f4", {3, 2}, bad.data(), 4);
    CHECK_THROWS_WITH_AS(load_embeddings(dir + "/emb_nan.npy", ""), doctest::Contains("row 1, column 1"), pr::Error);
    CHECK_THROWS_AS(load_embeddings(dir + "/missing.npy", ""), pr::Error);
}
