// The bf16 GEMM against double-precision references, over the shapes and
// stride layouts of test_sgemm.cpp (partial 12-row and 32-column tiles, odd
// depths, several depth, row and column blocks, K = 0, transposed and
// non-unit-stride operands), with and without accumulate.  Two bounds per
// element, with S = sum_k |a_ik b_kj|, u = 2^-8 (bf16 round to nearest even:
// 8 significant bits) and g = (K + 1) 2^-24 (float32 summation of K + 1
// terms, a first-order bound):
//   1. against the exact product of the float32 operands:
//        |c - ref| <= (2u + u^2) S + g (S + |c0|)
//   2. against the double product of the operands rounded to bf16 here (RNE,
//      in scalar code): |c - ref_bf16| <= g (S + |c0|), which pins the
//      rounding mode (truncation would miss it by ~u S).
#include "core/cpu_features.hpp"
#include "core/error.hpp"
#include "core/sgemm_bf16.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

using Strided = pr::Strided<float>;

namespace {

bool have_bf16() {
    if (pr::hardware_isa_level() >= pr::IsaLevel::avx512_bf16) return true;
    MESSAGE("skipped: this CPU has no AVX512-BF16 (", pr::isa_level_name(pr::hardware_isa_level()), ")");
    return false;
}

double round_bf16(float x) {  // round to nearest even, keeping the top 16 bits
    uint32_t b;
    std::memcpy(&b, &x, 4);
    b = (b + 0x7FFFu + ((b >> 16) & 1u)) & 0xFFFF0000u;
    float r;
    std::memcpy(&r, &b, 4);
    return r;
}

}  // namespace

TEST_CASE("sgemm_bf16 is within the bf16 rounding bound of a double product, for every shape and layout") {
    if (!have_bf16()) return;
    const size_t shapes[][3] = {{1, 1, 1},      {13, 33, 7},   {12, 32, 512}, {25, 65, 513}, {3, 17, 2},
                                {200, 70, 1100}, {5, 4100, 3}, {7, 9, 0},     {193, 31, 33}};
    const double u = std::ldexp(1.0, -8);
    std::mt19937 g(11);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    for (const auto &s : shapes) {
        const size_t M = s[0], N = s[1], K = s[2];
        const double gam = double(K + 1) * std::ldexp(1.0, -24);
        for (int layout = 0; layout < 5; ++layout) {  // 4: neither stride is 1
            for (bool accumulate : {false, true}) {
                CAPTURE(M);
                CAPTURE(N);
                CAPTURE(K);
                CAPTURE(layout);
                CAPTURE(accumulate);
                const bool a_t = layout & 1, b_t = layout & 2, spread = layout == 4;
                std::vector<float> a(2 * M * K), b(2 * K * N);
                for (float &x : a) x = dist(g);
                for (float &x : b) x = dist(g);
                const Strided A = spread ? Strided{a.data(), 2 * K, 2}
                                  : a_t  ? Strided{a.data(), 1, M}
                                         : Strided{a.data(), K, 1};
                const Strided B = spread ? Strided{b.data(), 2 * N, 2}
                                  : b_t  ? Strided{b.data(), 1, K}
                                         : Strided{b.data(), N, 1};
                const size_t ldc = N + 3;
                std::vector<float> c(M * ldc);
                for (float &x : c) x = dist(g);
                const std::vector<float> c0 = c;
                pr::sgemm_bf16(M, N, K, A, B, c.data(), ldc, accumulate);
                size_t over_exact = 0, over_rounded = 0, padding = 0;
                double worst_rel = 0;  // error / S, to show bf16 is really in use
                for (size_t i = 0; i < M; ++i) {
                    for (size_t j = 0; j < N; ++j) {
                        const double base = accumulate ? double(c0[i * ldc + j]) : 0.0;
                        double ref = base, ref16 = base, S = 0;
                        for (size_t k = 0; k < K; ++k) {
                            const float x = A.p[i * A.row + k * A.col], y = B.p[k * B.row + j * B.col];
                            ref += double(x) * double(y);
                            ref16 += round_bf16(x) * round_bf16(y);
                            S += std::fabs(double(x) * double(y));
                        }
                        const double got = c[i * ldc + j], slack = gam * (S + std::fabs(base)) + 1e-30;
                        if (std::fabs(got - ref) > (2 * u + u * u) * S + slack) ++over_exact;
                        if (std::fabs(got - ref16) > slack) ++over_rounded;
                        if (S > 0) worst_rel = std::max(worst_rel, std::fabs(got - ref) / S);
                    }
                    for (size_t j = N; j < ldc; ++j) padding += c[i * ldc + j] != c0[i * ldc + j];
                }
                CHECK(over_exact == 0);
                CHECK(over_rounded == 0);
                CHECK(padding == 0);  // nothing outside the M x N block is written
                if (K >= 512) CHECK(worst_rel > 1e-4);  // float32 operands would give ~1e-7
            }
        }
    }
}

TEST_CASE("sgemm_bf16 results do not depend on how rows are split (the trainer's thread blocks)") {
    if (!have_bf16()) return;
    const size_t M = 100, N = 50, K = 77;
    std::mt19937 g(3);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> a(M * K), b(K * N), whole(M * N), parts(M * N);
    for (float &x : a) x = dist(g);
    for (float &x : b) x = dist(g);
    pr::sgemm_bf16(M, N, K, {a.data(), K, 1}, {b.data(), N, 1}, whole.data(), N, false);
    pr::sgemm_bf16(48, N, K, {a.data(), K, 1}, {b.data(), N, 1}, parts.data(), N, false);
    pr::sgemm_bf16(M - 48, N, K, {a.data() + 48 * K, K, 1}, {b.data(), N, 1}, parts.data() + 48 * N, N, false);
    CHECK(std::memcmp(whole.data(), parts.data(), whole.size() * sizeof(float)) == 0);
}

TEST_CASE("PRSPREAD_ISA_MAX caps the runtime ISA level and rejects unknown values") {
    const char *old = std::getenv("PRSPREAD_ISA_MAX");
    const std::string saved = old ? old : "";
    const pr::IsaLevel hw = pr::hardware_isa_level();
    setenv("PRSPREAD_ISA_MAX", "portable", 1);
    CHECK(pr::runtime_isa_level() == pr::IsaLevel::portable);
    setenv("PRSPREAD_ISA_MAX", "avx512", 1);
    CHECK(int(pr::runtime_isa_level()) == std::min(int(hw), int(pr::IsaLevel::avx512)));
    setenv("PRSPREAD_ISA_MAX", "avx512_bf16", 1);
    CHECK(pr::runtime_isa_level() == hw);  // a cap above the hardware changes nothing
    setenv("PRSPREAD_ISA_MAX", "avx9", 1);
    try {
        (void)pr::runtime_isa_level();
        FAIL("an unknown PRSPREAD_ISA_MAX was accepted");
    } catch (const pr::Error &e) {
        CHECK(e.status() == pr::PR_ERR_INVALID_ARGUMENT);
        CHECK(std::string(e.what()).find("'avx9'") != std::string::npos);
    }
    if (old) setenv("PRSPREAD_ISA_MAX", saved.c_str(), 1);
    else unsetenv("PRSPREAD_ISA_MAX");
}
