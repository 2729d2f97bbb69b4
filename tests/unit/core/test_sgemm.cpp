// The trainer's float GEMM against a naive double-precision product, over
// shapes that hit every edge of its blocking (partial 12-row and 32-column
// tiles, several depth and row blocks, K = 0), every stride layout the model
// uses (A and B row-major or transposed: read in place or packed) and one with
// no unit stride, with and without accumulate.
#include "core/sgemm.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <vector>

using pr::sgemm;
using Strided = pr::Strided<float>;

TEST_CASE("sgemm matches a naive double product for every shape edge and stride layout") {
    const size_t shapes[][3] = {{1, 1, 1},   {13, 33, 7},   {12, 32, 512}, {25, 65, 513},
                                {200, 70, 1100}, {5, 4100, 3}, {7, 9, 0}};
    std::mt19937 g(5);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (const auto &s : shapes) {
        const size_t M = s[0], N = s[1], K = s[2];
        for (int layout = 0; layout < 5; ++layout) {  // 4: neither stride is 1
            for (bool accumulate : {false, true}) {
                CAPTURE(M);
                CAPTURE(N);
                CAPTURE(K);
                CAPTURE(layout);
                CAPTURE(accumulate);
                const bool a_t = layout & 1, b_t = layout & 2, spread = layout == 4;  // stored transposed?
                std::vector<float> a(2 * M * K), b(2 * K * N);
                for (float &x : a) x = u(g);
                for (float &x : b) x = u(g);
                const Strided A = spread ? Strided{a.data(), 2 * K, 2}
                                  : a_t  ? Strided{a.data(), 1, M}
                                         : Strided{a.data(), K, 1};
                const Strided B = spread ? Strided{b.data(), 2 * N, 2}
                                  : b_t  ? Strided{b.data(), 1, K}
                                         : Strided{b.data(), N, 1};
                const size_t ldc = N + 3;  // C is a block of a wider matrix
                std::vector<float> c(M * ldc);
                for (float &x : c) x = u(g);
                const std::vector<float> c0 = c;
                sgemm(M, N, K, A, B, c.data(), ldc, accumulate);
                double worst = 0.0, padding = 0.0;
                for (size_t i = 0; i < M; ++i) {
                    for (size_t j = 0; j < N; ++j) {
                        double ref = accumulate ? double(c0[i * ldc + j]) : 0.0;
                        for (size_t k = 0; k < K; ++k)
                            ref += double(A.p[i * A.row + k * A.col]) * double(B.p[k * B.row + j * B.col]);
                        worst = std::max(worst, std::fabs(double(c[i * ldc + j]) - ref) / (1.0 + std::sqrt(double(K))));
                    }
                    for (size_t j = N; j < ldc; ++j) padding = std::max(padding, double(std::fabs(c[i * ldc + j] - c0[i * ldc + j])));
                }
                CHECK(worst < 1e-5);   // float32 rounding over K terms of size <= 1
                CHECK(padding == 0.0);  // nothing outside the M x N block is written
            }
        }
    }
}
