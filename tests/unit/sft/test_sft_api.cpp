// pr_sft through its C API: bad configurations, data checks, determinism,
// NaN handling, cancellation and parameter access.
#include "prspread.h"
#include "sft/adamw.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace {

pr_sft_options small_options() {
    pr_sft_options o;
    pr_sft_options_init(&o);
    o.vocab_size = 50;
    o.context_length = 16;
    o.n_layer = 2;
    o.n_head = 2;
    o.d_model = 16;
    o.seed = 11;
    return o;
}

std::vector<uint16_t> synthetic_tokens(size_t n, uint32_t V) {
    // A learnable stream: mostly "next = 3 * prev + 1 mod V", some noise.
    std::vector<uint16_t> t(n);
    uint64_t s = 99;
    t[0] = 1;
    for (size_t i = 1; i < n; ++i) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        t[i] = uint16_t((s >> 60) == 0 ? (s >> 33) % V : (3 * t[i - 1] + 1) % V);
    }
    return t;
}

struct Handle {
    pr_sft *m = nullptr;
    explicit Handle(const pr_sft_options &o) { REQUIRE(pr_sft_create(&m, &o) == PR_OK); }
    ~Handle() { pr_sft_free(m); }
};

std::vector<float> all_params(pr_sft *m) {
    size_t n = 0;
    pr_sft_param_count(m, &n);
    std::vector<float> out;
    for (size_t i = 0; i < n; ++i) {
        const char *name;
        uint32_t nd;
        uint64_t shape[2];
        REQUIRE(pr_sft_param_info(m, i, &name, &nd, shape) == PR_OK);
        std::vector<float> t(nd == 1 ? shape[0] : shape[0] * shape[1]);
        REQUIRE(pr_sft_get_param_f32(m, name, nd, shape, t.data()) == PR_OK);
        out.insert(out.end(), t.begin(), t.end());
    }
    return out;
}

std::string err() { return pr_last_error(); }

}  // namespace

TEST_CASE("sft: bad configurations give clear errors") {
    pr_sft *m = reinterpret_cast<pr_sft *>(1);
    pr_sft_options o = small_options();
    o.n_head = 3;
    CHECK(pr_sft_create(&m, &o) == PR_ERR_INVALID_ARGUMENT);
    CHECK(m == nullptr);
    CHECK(err().find("'n_head' = 3") != std::string::npos);
    CHECK(err().find("d_model = 16") != std::string::npos);
    o = small_options();
    o.context_length = 0;
    CHECK(pr_sft_create(&m, &o) == PR_ERR_INVALID_ARGUMENT);
    CHECK(err().find("context_length") != std::string::npos);
    o = small_options();
    o.version = 999;
    CHECK(pr_sft_create(&m, &o) == PR_ERR_VERSION);
    CHECK(pr_sft_create(nullptr, nullptr) == PR_ERR_INVALID_ARGUMENT);

    Handle h(small_options());
    pr_sft_train_options t;
    pr_sft_train_options_init(&t);
    t.beta2 = 1.0f;
    CHECK(pr_sft_set_train_options(h.m, &t) == PR_ERR_INVALID_ARGUMENT);
    CHECK(err().find("beta2") != std::string::npos);
}

TEST_CASE("sft: data is checked against the vocabulary and the context") {
    Handle h(small_options());
    std::vector<uint16_t> tok = synthetic_tokens(1000, 50);
    tok[123] = 50;  // vocab_size 50
    CHECK(pr_sft_set_data_u16(h.m, tok.data(), tok.size()) == PR_ERR_OUT_OF_RANGE);
    CHECK(err().find("token id 50 at offset 123") != std::string::npos);
    std::vector<int32_t> neg = {1, 2, -1};
    CHECK(pr_sft_set_data_i32(h.m, neg.data(), neg.size()) == PR_ERR_OUT_OF_RANGE);
    std::vector<uint32_t> few(10, 1);
    CHECK(pr_sft_set_data_u32(h.m, few.data(), few.size()) == PR_ERR_INVALID_ARGUMENT);
    CHECK(err().find("context_length + 1") != std::string::npos);
    pr_sft_step_info info;
    CHECK(pr_sft_step(h.m, &info) == PR_ERR_STATE);  // no data yet
    double v;
    CHECK(pr_sft_eval(h.m, &v) == PR_ERR_STATE);
}

TEST_CASE("sft: parameter access checks names and shapes") {
    Handle h(small_options());
    size_t n = 0;
    CHECK(pr_sft_param_count(h.m, &n) == PR_OK);
    CHECK(n == 2 + 2 * 16 + 2);
    const char *name;
    uint32_t nd;
    uint64_t shape[2];
    CHECK(pr_sft_param_info(h.m, 4, &name, &nd, shape) == PR_OK);
    CHECK(std::string(name) == "h.0.attn.w_q");
    CHECK((nd == 2 && shape[0] == 16 && shape[1] == 16));
    CHECK(pr_sft_param_info(h.m, n, &name, &nd, shape) == PR_ERR_OUT_OF_RANGE);
    std::vector<float> w(256, 0.5f);
    const uint64_t bad[2] = {16, 8};
    CHECK(pr_sft_set_param_f32(h.m, "h.0.attn.w_q", 2, bad, w.data()) == PR_ERR_MISMATCH);
    CHECK(err().find("[16, 16]") != std::string::npos);
    CHECK(pr_sft_set_param_f32(h.m, "h.9.attn.w_q", 2, shape, w.data()) == PR_ERR_INVALID_ARGUMENT);
    CHECK(pr_sft_set_param_f32(h.m, "h.0.attn.w_q", 2, shape, w.data()) == PR_OK);
    std::vector<float> back(256);
    CHECK(pr_sft_get_param_f32(h.m, "h.0.attn.w_q", 2, shape, back.data()) == PR_OK);
    CHECK(back == w);
    uint64_t scalars = 0;
    CHECK(pr_sft_num_scalars(h.m, &scalars) == PR_OK);
    CHECK(scalars == 50 * 16 + 16 * 16 + 2 * (12 * 16 * 16 + 13 * 16) + 2 * 16);
    // GPT-2 init: LayerNorm weights 1, biases 0, weights with the right spread.
    std::vector<float> ln(16), wte(50 * 16);
    const uint64_t s16[1] = {16}, swte[2] = {50, 16};
    CHECK(pr_sft_get_param_f32(h.m, "ln_f.weight", 1, s16, ln.data()) == PR_OK);
    CHECK(ln == std::vector<float>(16, 1.0f));
    CHECK(pr_sft_get_param_f32(h.m, "wte", 2, swte, wte.data()) == PR_OK);
    double ss = 0;
    for (float x : wte) ss += double(x) * x;
    CHECK(std::sqrt(ss / wte.size()) == doctest::Approx(0.02).epsilon(0.1));
}

TEST_CASE("sft: same seed and threads give a bit-identical run, and training lowers the loss") {
    std::vector<uint16_t> tok = synthetic_tokens(20000, 50);
    std::vector<double> losses[2];
    std::vector<float> params[2];
    for (int run = 0; run < 2; ++run) {
        pr_sft_options o = small_options();
        o.num_threads = 2;
        Handle h(o);
        pr_sft_train_options t;
        pr_sft_train_options_init(&t);
        t.batch_size = 4;
        t.max_steps = 40;
        t.warmup_steps = 5;
        t.lr = 1e-2f;
        REQUIRE(pr_sft_set_train_options(h.m, &t) == PR_OK);
        REQUIRE(pr_sft_set_data_u16(h.m, tok.data(), tok.size()) == PR_OK);
        double before = 0;
        REQUIRE(pr_sft_eval(h.m, &before) == PR_OK);
        REQUIRE(pr_sft_train(h.m, 0, [](void *u, const pr_sft_step_info *s) {
                    static_cast<std::vector<double> *>(u)->push_back(s->loss);
                    return 0;
                }, &losses[run]) == PR_OK);
        double after = 0;
        REQUIRE(pr_sft_eval(h.m, &after) == PR_OK);
        CHECK(after < before - 0.5);  // starts near log(50) = 3.9
        uint64_t steps = 0;
        CHECK(pr_sft_step_count(h.m, &steps) == PR_OK);
        CHECK(steps == 40);
        params[run] = all_params(h.m);
    }
    CHECK(losses[0].size() == 40);
    CHECK(losses[0] == losses[1]);
    CHECK(params[0] == params[1]);
}

TEST_CASE("sft: a non-finite loss stops training and keeps the last good state") {
    std::vector<uint16_t> tok = synthetic_tokens(5000, 50);
    pr_sft_options o = small_options();
    Handle a(o), b(o);
    for (pr_sft *m : {a.m, b.m}) REQUIRE(pr_sft_set_data_u16(m, tok.data(), tok.size()) == PR_OK);
    REQUIRE(pr_sft_train(a.m, 3, nullptr, nullptr) == PR_OK);
    REQUIRE(pr_sft_train(b.m, 5, nullptr, nullptr) == PR_OK);  // the reference, never disturbed

    const uint64_t shape[2] = {16, 16};
    std::vector<float> wpe(256), poisoned;
    REQUIRE(pr_sft_get_param_f32(a.m, "wpe", 2, shape, wpe.data()) == PR_OK);
    poisoned = wpe;
    poisoned[5] = std::nanf("");
    REQUIRE(pr_sft_set_param_f32(a.m, "wpe", 2, shape, poisoned.data()) == PR_OK);
    const std::vector<float> before = all_params(a.m);
    pr_sft_step_info info;
    CHECK(pr_sft_step(a.m, &info) == PR_ERR_NUMERIC);
    CHECK(err().find("step 4") != std::string::npos);
    CHECK(pr_sft_train(a.m, 2, nullptr, nullptr) == PR_ERR_NUMERIC);
    const std::vector<float> after = all_params(a.m);
    REQUIRE(after.size() == before.size());
    CHECK(std::memcmp(after.data(), before.data(), after.size() * sizeof(float)) == 0);
    uint64_t steps = 0;
    pr_sft_step_count(a.m, &steps);
    CHECK(steps == 3);
    // Undo the poison: the optimizer state was untouched, so the run rejoins
    // the undisturbed one bit for bit.
    REQUIRE(pr_sft_set_param_f32(a.m, "wpe", 2, shape, wpe.data()) == PR_OK);
    REQUIRE(pr_sft_train(a.m, 2, nullptr, nullptr) == PR_OK);
    CHECK(all_params(a.m) == all_params(b.m));
}

TEST_CASE("sft: the step callback can cancel") {
    std::vector<uint16_t> tok = synthetic_tokens(5000, 50);
    Handle h(small_options());
    REQUIRE(pr_sft_set_data_u16(h.m, tok.data(), tok.size()) == PR_OK);
    CHECK(pr_sft_train(h.m, 10, [](void *, const pr_sft_step_info *s) { return s->step == 2 ? 1 : 0; },
                       nullptr) == PR_ERR_CANCELLED);
    uint64_t steps = 0;
    pr_sft_step_count(h.m, &steps);
    CHECK(steps == 2);
    pr_sft_step_info info;
    CHECK(pr_sft_step(h.m, &info) == PR_OK);  // the handle stays usable
    CHECK(info.step == 3);
}

TEST_CASE("sft: warmup and cosine schedule") {
    pr::sft::TrainConfig c;
    c.lr = 1.0f;
    c.min_lr = 0.1f;
    c.warmup_steps = 10;
    c.max_steps = 110;
    CHECK(pr::sft::scheduled_lr(c, 0) == doctest::Approx(0.1));
    CHECK(pr::sft::scheduled_lr(c, 9) == doctest::Approx(1.0));
    CHECK(pr::sft::scheduled_lr(c, 10) == doctest::Approx(1.0));
    CHECK(pr::sft::scheduled_lr(c, 60) == doctest::Approx(0.55));
    CHECK(pr::sft::scheduled_lr(c, 110) == doctest::Approx(0.1));
    CHECK(pr::sft::scheduled_lr(c, 500) == doctest::Approx(0.1));
    CHECK(pr::sft::clip_scale(4.0, 1.0f) == doctest::Approx(0.25).epsilon(1e-5));
    CHECK(pr::sft::clip_scale(0.5, 1.0f) == 1.0f);
    CHECK(pr::sft::clip_scale(4.0, 0.0f) == 1.0f);
}
