// precision = bf16 through the C API: one whole training step (forward,
// backward, AdamW update) against the same step in fp32, the CPU-level
// refusal (PRSPREAD_ISA_MAX), option versions and validation.
//
// Tolerances of the step comparison (a 2-layer d = 64 model, batch 8 x 64
// tokens, loss ~ ln 256 at init).  bf16 rounds each GEMM operand with
// relative error <= u = 2^-8 and sums in fp32, so a product of random-sign
// terms moves by ~u relative and the errors of the ~20 GEMMs of a step
// compound through LayerNorm and softmax to a few u:
//   |loss_bf16 - loss_fp32| <= 2e-3 absolute (~ u/2 of the loss);
//   ||g_bf16 - g_fp32|| / ||g_fp32|| <= 0.05 (a dozen u);
//   after one AdamW step (lr 1e-3) ||p_bf16 - p_fp32|| / ||p_fp32 - p_0||
//     <= 0.1 (Adam normalises the update, so an entry whose gradient is
//     near zero can move by up to lr either way).
// The measured values are printed (MESSAGE) and quoted in bench/README.md.
// And bf16 must really be in use: the gradients differ by more than 1e-4
// relative (fp32 with a different summation order would differ by ~1e-6).
#include "prspread.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

bool cpu_has_bf16() {
    // The library's own verdict: a bf16 model can be created.
    pr_sft_options o;
    pr_sft_options_init(&o);
    o.precision = PR_SFT_PRECISION_BF16;
    o.n_layer = 1;
    o.d_model = 8;
    o.n_head = 1;
    o.context_length = 4;
    pr_sft *m = nullptr;
    const int rc = pr_sft_create(&m, &o);
    pr_sft_free(m);
    if (rc != PR_OK) MESSAGE("skipped: ", pr_last_error());
    return rc == PR_OK;
}

pr_sft_options step_options(int32_t precision) {
    pr_sft_options o;
    pr_sft_options_init(&o);
    o.vocab_size = 256;
    o.context_length = 64;
    o.n_layer = 2;
    o.n_head = 4;
    o.d_model = 64;
    o.seed = 5;
    o.num_threads = 2;
    o.precision = precision;
    return o;
}

std::vector<int32_t> text_like(size_t n) {  // bytes of a repeated, perturbed sentence
    const std::string s = "First Citizen: Before we proceed any further, hear me speak. ";
    std::vector<int32_t> t(n);
    uint64_t r = 7;
    for (size_t i = 0; i < n; ++i) {
        r = r * 6364136223846793005ull + 1442695040888963407ull;
        t[i] = (r >> 59) == 0 ? int32_t((r >> 24) % 256) : int32_t((unsigned char)s[i % s.size()]);
    }
    return t;
}

std::vector<float> flat(pr_sft *m, bool grads) {
    float *g = nullptr;
    size_t n = 0;
    REQUIRE(pr_sft_grad_buffer_f32(m, &g, &n) == PR_OK);
    if (grads) return std::vector<float>(g, g + n);
    std::vector<float> out;
    size_t count = 0;
    pr_sft_param_count(m, &count);
    for (size_t i = 0; i < count; ++i) {
        const char *name;
        uint32_t ndim;
        uint64_t shape[2];
        pr_sft_param_info(m, i, &name, &ndim, shape);
        std::vector<float> v(ndim == 1 ? shape[0] : shape[0] * shape[1]);
        REQUIRE(pr_sft_get_param_f32(m, name, ndim, shape, v.data()) == PR_OK);
        out.insert(out.end(), v.begin(), v.end());
    }
    return out;
}

double dist(const std::vector<float> &a, const std::vector<float> &b) {
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i) s += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
    return std::sqrt(s);
}

double norm(const std::vector<float> &a) { return dist(a, std::vector<float>(a.size(), 0.0f)); }

}  // namespace

TEST_CASE("sft bf16: one training step matches the fp32 step within bf16 tolerances") {
    if (!cpu_has_bf16()) return;
    const size_t B = 8, T = 64;
    const std::vector<int32_t> tok = text_like(B * (T + 1));
    std::vector<int32_t> x(B * T), y(B * T);
    for (size_t b = 0; b < B; ++b)
        for (size_t t = 0; t < T; ++t) {
            x[b * T + t] = tok[b * (T + 1) + t];
            y[b * T + t] = tok[b * (T + 1) + t + 1];
        }
    pr_sft *m[2] = {nullptr, nullptr};
    double loss[2];
    std::vector<float> grad[2], before[2], after[2];
    for (int i = 0; i < 2; ++i) {
        const pr_sft_options o = step_options(i ? PR_SFT_PRECISION_BF16 : PR_SFT_PRECISION_FP32);
        REQUIRE(pr_sft_create(&m[i], &o) == PR_OK);
        pr_sft_options back;
        REQUIRE(pr_sft_get_options(m[i], &back) == PR_OK);
        CHECK(back.precision == o.precision);
        pr_sft_train_options t;
        pr_sft_train_options_init(&t);
        t.batch_size = uint32_t(B);
        t.lr = 1e-3f;
        t.warmup_steps = 0;
        REQUIRE(pr_sft_set_train_options(m[i], &t) == PR_OK);
        REQUIRE(pr_sft_loss_grad_i32(m[i], x.data(), y.data(), B, T, &loss[i]) == PR_OK);
        grad[i] = flat(m[i], true);
        before[i] = flat(m[i], false);
        pr_sft_step_info info;
        REQUIRE(pr_sft_step_batch_i32(m[i], x.data(), y.data(), B, T, &info) == PR_OK);
        CHECK(info.loss == doctest::Approx(loss[i]).epsilon(1e-12));  // the same forward as loss_grad
        after[i] = flat(m[i], false);
    }
    CHECK(before[0] == before[1]);  // same init: only the arithmetic differs
    const double dloss = std::fabs(loss[1] - loss[0]);
    const double dgrad = dist(grad[1], grad[0]) / norm(grad[0]);
    const double dparam = dist(after[1], after[0]) / dist(after[0], before[0]);
    MESSAGE("loss fp32 ", loss[0], " bf16 ", loss[1], "; relative gradient difference ", dgrad,
            "; parameter difference / update ", dparam);
    CHECK(dloss <= 2e-3);
    CHECK(dgrad <= 0.05);
    CHECK(dgrad > 1e-4);  // bf16 is really in use
    CHECK(dparam <= 0.1);
    for (pr_sft *h : m) pr_sft_free(h);
}

TEST_CASE("sft bf16: refused with PR_ERR_STATE below AVX512-BF16 (PRSPREAD_ISA_MAX)") {
    const char *old = std::getenv("PRSPREAD_ISA_MAX");
    const std::string saved = old ? old : "";
    setenv("PRSPREAD_ISA_MAX", "avx512", 1);
    const pr_sft_options o = step_options(PR_SFT_PRECISION_BF16);
    pr_sft *m = nullptr;
    CHECK(pr_sft_create(&m, &o) == PR_ERR_STATE);
    CHECK(m == nullptr);
    const std::string msg = pr_last_error();
    CHECK(msg.find("AVX512-BF16") != std::string::npos);
    CHECK(msg.find("precision fp32") != std::string::npos);
    // fp32 is unaffected by the cap's effect on bf16.
    const pr_sft_options f = step_options(PR_SFT_PRECISION_FP32);
    CHECK(pr_sft_create(&m, &f) == PR_OK);
    pr_sft_free(m);
    if (old) setenv("PRSPREAD_ISA_MAX", saved.c_str(), 1);
    else unsetenv("PRSPREAD_ISA_MAX");
}

TEST_CASE("sft bf16: precision is validated, and version-1 options (no precision) still work as fp32") {
    pr_sft_options o = step_options(7);
    pr_sft *m = nullptr;
    CHECK(pr_sft_create(&m, &o) == PR_ERR_INVALID_ARGUMENT);
    CHECK(std::string(pr_last_error()).find("precision") != std::string::npos);
    o = step_options(PR_SFT_PRECISION_BF16);
    o.version = 1;  // a caller built against version 1 never wrote `precision`
    REQUIRE(pr_sft_create(&m, &o) == PR_OK);
    pr_sft_options back;
    REQUIRE(pr_sft_get_options(m, &back) == PR_OK);
    CHECK(back.version == PR_SFT_OPTIONS_VERSION);
    CHECK(back.precision == PR_SFT_PRECISION_FP32);
    CHECK(back.d_model == 64);
    pr_sft_free(m);
    o.version = 3;
    CHECK(pr_sft_create(&m, &o) == PR_ERR_VERSION);
}
