// pr_init through the C API on real pr_sft models and real text.
#include "init/checkpoint.hpp"
#include "init/corpus_forms.hpp"
#include "init/rng.hpp"
#include "init/spectrum.hpp"
#include "io/safetensors.hpp"
#include "reference/dense_corpus.hpp"
#include "test_helpers.hpp"

#include <doctest/doctest.h>

#include <Eigen/Dense>

#include <cmath>
#include <string>
#include <vector>

namespace {

std::vector<uint32_t> shakespeare(size_t n) {
    const std::string text = test::read_file(test::corpus_path("tinyshakespeare.txt"));
    REQUIRE(text.size() >= n);
    std::vector<uint32_t> t(n);
    for (size_t i = 0; i < n; ++i) t[i] = static_cast<unsigned char>(text[i]);
    return t;
}

pr_sft *tiny_model(uint64_t seed, uint32_t layers = 2, uint32_t heads = 2, uint32_t d = 16) {
    pr_sft_options o;
    pr_sft_options_init(&o);
    o.vocab_size = 256, o.context_length = 16, o.n_layer = layers, o.n_head = heads, o.d_model = d, o.seed = seed;
    pr_sft *m = nullptr;
    REQUIRE(pr_sft_create(&m, &o) == PR_OK);
    return m;
}

Eigen::MatrixXd param(const pr_sft *m, const std::string &name, uint64_t r, uint64_t c) {
    std::vector<float> buf(r * c);
    const uint64_t shape[2] = {r, c};
    REQUIRE(pr_sft_get_param_f32(m, name.c_str(), 2, shape, buf.data()) == PR_OK);
    Eigen::MatrixXd out(r, c);
    for (uint64_t i = 0; i < r; ++i)
        for (uint64_t j = 0; j < c; ++j) out(i, j) = buf[i * c + j];
    return out;
}

}  // namespace

namespace {

std::vector<float> to_float(const Eigen::MatrixXd &m) {
    std::vector<float> out(size_t(m.size()));
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j) out[size_t(i * m.cols() + j)] = float(m(i, j));
    return out;
}

const pr::init::FormMode kModes[] = {pr::init::FormMode::Raw, pr::init::FormMode::CenterEmbeddings,
                                     pr::init::FormMode::SubtractStationary, pr::init::FormMode::Flux};

}  // namespace

TEST_CASE("corpus forms: each mode against its definition with E = I (12 symbols)") {
    const auto tokens = shakespeare(5000);
    std::vector<uint32_t> small;
    for (uint32_t t : tokens) small.push_back(t % 12);  // a 12-symbol stream
    const auto ref = reference::dense_transition(small.data(), small.size(), 12);
    const auto tr = pr::init::token_transition(small.data(), small.size(), 12);
    const std::vector<float> eye = to_float(Eigen::MatrixXd::Identity(12, 12));
    auto form = [&](pr::init::FormMode m, int k) { return pr::init::corpus_forms(tr, eye.data(), 12, 12, k, m)[size_t(k - 1)]; };
    Eigen::VectorXd pi(12);
    for (int a = 0; a < 12; ++a) pi(a) = tr.stationary()[size_t(a)];
    CHECK((pi - ref.pi).lpNorm<1>() < 1e-10);
    // float32 products, double sums: entries agree to float precision.
    CHECK((form(pr::init::FormMode::Raw, 2) - ref.t * ref.t).cwiseAbs().maxCoeff() < 1e-6);
    const Eigen::MatrixXd stat = form(pr::init::FormMode::SubtractStationary, 1);
    CHECK((stat - (ref.t - Eigen::VectorXd::Ones(12) * ref.pi.transpose())).cwiseAbs().maxCoeff() < 1e-6);
    const Eigen::MatrixXd flux = form(pr::init::FormMode::Flux, 1);
    CHECK(flux.rowwise().sum().norm() < 1e-6);  // pi stationary: rows and columns sum to zero
    CHECK(flux.colwise().sum().norm() < 1e-6);
    CHECK((flux + flux.transpose()).norm() < 1e-14);
    const Eigen::MatrixXd centred = form(pr::init::FormMode::CenterEmbeddings, 1);
    const Eigen::MatrixXd c = Eigen::MatrixXd::Identity(12, 12) - Eigen::MatrixXd::Constant(12, 12, 1.0 / 12);
    CHECK((centred - c * ref.t * c).cwiseAbs().maxCoeff() < 1e-6);
}

TEST_CASE("corpus forms: the sparse path agrees with the dense reference in every mode (V = 256, real text)") {
    const auto tokens = shakespeare(100000);
    const auto ref = reference::dense_transition(tokens.data(), tokens.size(), 256);  // most bytes never occur
    const auto tr = pr::init::token_transition(tokens.data(), tokens.size(), 256);
    pr::init::NormalRng rng(3, 0, pr::init::Stream::Q);
    Eigen::MatrixXd e = rng.matrix(256, 16, 1.0);
    e.rowwise() += Eigen::RowVectorXd::Constant(16, 2.0);  // a shared mean direction
    const std::vector<float> ef = to_float(e);
    const Eigen::MatrixXd e32 = Eigen::Map<const Eigen::Matrix<float, -1, -1, Eigen::RowMajor>>(ef.data(), 256, 16).cast<double>();
    for (pr::init::FormMode mode : kModes) {
        const auto mine = pr::init::corpus_forms(tr, ef.data(), 256, 16, 4, mode);
        const auto theirs = reference::corpus_forms(ref, e32, 4, static_cast<reference::FormMode>(mode));
        double worst_full = 0.0, worst_anti = 0.0;
        for (size_t k = 0; k < 4; ++k) {
            worst_full = std::max(worst_full, (mine[k] - theirs[k]).norm() / theirs[k].norm());
            const Eigen::MatrixXd a = pr::init::antisymmetric_part(mine[k]), b = pr::init::antisymmetric_part(theirs[k]);
            worst_anti = std::max(worst_anti, (a - b).norm() / b.norm());
        }
        MESSAGE(std::string(pr::init::form_mode_name(mode)), ": max_k |M_k - M_ref| / |M_ref| = ", worst_full,
                ", antisymmetric parts ", worst_anti);
        CHECK(worst_full < 1e-5);
        CHECK(worst_anti < 1e-4);  // A_k can be much smaller than M_k (raw mode)
    }
}

TEST_CASE("corpus forms: PPMI-SVD embedding agrees with the dense SVD (V = 256, real text)") {
    const auto tokens = shakespeare(100000);
    const auto ref = reference::dense_transition(tokens.data(), tokens.size(), 256);
    const auto tr = pr::init::token_transition(tokens.data(), tokens.size(), 256);
    const int d = 16;
    const auto dense = reference::ppmi_svd(reference::ppmi_matrix(ref.counts), d);
    const std::vector<float> E = pr::init::ppmi_svd_embedding(tr, size_t(d));
    Eigen::MatrixXd U(256, d);
    for (int a = 0; a < 256; ++a)
        for (int j = 0; j < d; ++j) U(a, j) = E[size_t(a * d + j)];
    const Eigen::VectorXd s = U.colwise().squaredNorm().transpose();  // |U_d sqrt(S_d)|^2 per column = S_d
    for (int j = 0; j < d; ++j) U.col(j) /= std::sqrt(s(j));
    const Eigen::VectorXd cos = reference::principal_cosines(U, dense.u.leftCols(d));
    const double sv_err = (s - dense.s.head(d)).cwiseAbs().maxCoeff() / dense.s(0);
    const double e_err = (Eigen::MatrixXd(U * s.cwiseSqrt().asDiagonal()) - dense.embedding).norm() / dense.embedding.norm();
    MESSAGE("PPMI-SVD d = 16: sigma_16/sigma_17 = ", dense.s(d - 1) / dense.s(d), ", min principal cosine ",
            cos.minCoeff(), ", max |s - s_ref| / s_1 ", sv_err, ", |E - E_ref|_F / |E_ref|_F ", e_err);
    CHECK(cos.minCoeff() > 1.0 - 1e-5);
    CHECK(sv_err < 1e-5);
    CHECK(e_err < 1e-2);
}

TEST_CASE("the PR lock at large k is the rank-one limit, and centring removes it at k = 1") {
    const auto tokens = shakespeare(100000);
    const auto tr = pr::init::token_transition(tokens.data(), tokens.size(), 256);
    pr::init::NormalRng rng(3, 0, pr::init::Stream::Q);
    Eigen::MatrixXd e = rng.matrix(256, 16, 1.0);
    e.rowwise() += Eigen::RowVectorXd::Constant(16, 2.0);  // a shared mean direction
    const std::vector<float> ef = to_float(e);
    const auto raw = pr::init::corpus_forms(tr, ef.data(), 256, 16, 30, pr::init::FormMode::Raw);
    const auto cen = pr::init::corpus_forms(tr, ef.data(), 256, 16, 1, pr::init::FormMode::CenterEmbeddings);
    const double pr_raw30 = pr::init::participation_ratio(pr::init::antisymmetric_part(raw[29]));
    const double pr_cen1 = pr::init::participation_ratio(pr::init::antisymmetric_part(cen[0]));
    MESSAGE("PR(A_30, raw) = ", pr_raw30, ", PR(A_1, centred) = ", pr_cen1);
    CHECK(pr_raw30 == doctest::Approx(2.0).epsilon(0.01));
    CHECK(pr_cen1 > 3.0);
}

TEST_CASE("pr_init_apply direct: the layer's summed W_q W_k^T is A_1 of the model's own wte") {
    const auto tokens = shakespeare(20000);
    pr_sft *m = tiny_model(7);
    pr_init_options o;
    pr_init_options_init(&o);
    o.strategy = PR_INIT_DIRECT;
    o.scale = PR_INIT_SCALE_NONE;
    o.mode = PR_MODE_CENTER_EMBEDDINGS;
    pr_init_layer_report rep[2];
    REQUIRE(pr_init_apply(m, &o, tokens.data(), tokens.size(), rep, 2) == PR_OK);
    // Independent reference: counts -> T, centred wte, A = antisym(Ec^T T Ec).
    Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(256, 256);
    for (size_t i = 0; i + 1 < tokens.size(); ++i) counts(tokens[i], tokens[i + 1]) += 1;
    for (int a = 0; a < 256; ++a) {
        const double s = counts.row(a).sum();
        if (s > 0) counts.row(a) /= s;
        else counts.row(a).setConstant(1.0 / 256);
    }
    Eigen::MatrixXd ec = param(m, "wte", 256, 16);
    ec.rowwise() -= ec.colwise().mean();
    const Eigen::MatrixXd full = ec.transpose() * counts * ec;
    const Eigen::MatrixXd a = 0.5 * (full - full.transpose());
    for (int l = 0; l < 2; ++l) {
        const std::string p = "h." + std::to_string(l) + ".attn.";
        const Eigen::MatrixXd qk = param(m, p + "w_q", 16, 16) * param(m, p + "w_k", 16, 16).transpose();
        CHECK((qk - a).norm() < 1e-5 * a.norm());  // float32 storage
        CHECK(rep[l].antisym_pr == doctest::Approx(pr::init::participation_ratio(a)).epsilon(1e-4));
        CHECK(rep[l].symmetry < 1e-8);
    }
    pr_sft_free(m);
}

TEST_CASE("pr_init_apply pr_blend hits the target PR on real text, calibrated heads") {
    const auto tokens = shakespeare(20000);
    pr_sft *m = tiny_model(8, 1, 2, 32);
    pr_init_options o;
    pr_init_options_init(&o);
    o.strategy = PR_INIT_PR_BLEND;
    o.blend_powers = 3;
    o.blend_target_pr = 8.75;
    o.scale = PR_INIT_SCALE_NONE;  // calibration rescales heads separately, which moves the summed PR
    pr_init_layer_report rep;
    const int rc = pr_init_apply(m, &o, tokens.data(), tokens.size(), &rep, 1);
    if (rc == PR_ERR_OUT_OF_RANGE) MESSAGE(pr_last_error());
    REQUIRE(rc == PR_OK);
    MESSAGE("blend weight ", rep.blend_weight, " PR ", rep.blend_pr);
    CHECK(std::abs(rep.blend_pr - 8.75) <= 0.05);
    CHECK(std::abs(rep.antisym_pr - 8.75) <= 0.05);  // the heads reproduce the blend exactly
    CHECK(rep.blend_weight > 0);
    CHECK(rep.blend_weight < 1);
    pr_sft_free(m);
}

TEST_CASE("oracle copies exactly the selected tensors, from ours and from GPT-2 fused c_attn") {
    pr_sft *trained = tiny_model(1);
    const std::string path = test::tmp_path("init_oracle_src.safetensors");
    REQUIRE(pr_init_save_model_safetensors(trained, path.c_str()) == PR_OK);
    pr_sft *m = tiny_model(2);
    const Eigen::MatrixXd v_before = param(m, "h.0.attn.w_v", 16, 16);
    pr_init_options o;
    pr_init_options_init(&o);
    o.strategy = PR_INIT_ORACLE;
    o.oracle_path = path.c_str();
    REQUIRE(pr_init_apply(m, &o, nullptr, 0, nullptr, 0) == PR_OK);
    CHECK(param(m, "h.1.attn.w_q", 16, 16) == param(trained, "h.1.attn.w_q", 16, 16));
    CHECK(param(m, "h.0.attn.w_k", 16, 16) == param(trained, "h.0.attn.w_k", 16, 16));
    CHECK(param(m, "h.0.attn.w_v", 16, 16) == v_before);
    char desc[256];
    size_t need = 0;
    REQUIRE(pr_init_describe(&o, desc, sizeof desc, &need) == PR_OK);
    CHECK(std::string(desc).find("copy=w_q,w_k") != std::string::npos);

    // A GPT-2 style file: transformer. prefix, fused c_attn [d, 3d] = cat([q, k, v], dim=1).
    const pr::init::ParamSet ours = pr::init::read_param_set(path);
    std::vector<float> fused(16 * 48);
    const auto &q = ours.at("h.0.attn.w_q").values, &k = ours.at("h.0.attn.w_k").values, &v = ours.at("h.0.attn.w_v").values;
    for (int i = 0; i < 16; ++i)
        for (int j = 0; j < 16; ++j) {
            fused[i * 48 + j] = q[i * 16 + j];
            fused[i * 48 + 16 + j] = k[i * 16 + j];
            fused[i * 48 + 32 + j] = v[i * 16 + j];
        }
    const std::string gpt2 = test::tmp_path("init_gpt2_like.safetensors");
    pr::io::write_safetensors(gpt2, {{"transformer.h.0.attn.c_attn.weight", "F32", {16, 48}, fused.data(), fused.size() * 4}});
    const pr::init::ParamSet split = pr::init::read_param_set(gpt2);
    CHECK(split.at("h.0.attn.w_q").values == q);
    CHECK(split.at("h.0.attn.w_k").values == k);
    CHECK(split.at("h.0.attn.w_v").values == v);
    CHECK(split.at("h.0.attn.w_q").shape == std::vector<uint64_t>{16, 16});

    // Every tensor, including embeddings and MLP (the positive control's copy).
    o.oracle_tensors = PR_INIT_COPY_ALL;
    REQUIRE(pr_init_apply(m, &o, nullptr, 0, nullptr, 0) == PR_OK);
    CHECK(param(m, "wte", 256, 16) == param(trained, "wte", 256, 16));
    CHECK(param(m, "h.1.mlp.c_fc.weight", 16, 64) == param(trained, "h.1.mlp.c_fc.weight", 16, 64));
    // A checkpoint of another shape is a clear mismatch.
    pr_sft *wide = tiny_model(3, 2, 2, 32);
    CHECK(pr_init_apply(wide, &o, nullptr, 0, nullptr, 0) == PR_ERR_MISMATCH);
    CHECK(std::string(pr_last_error()).find("shape") != std::string::npos);
    pr_sft_free(wide);
    pr_sft_free(m);
    pr_sft_free(trained);
}

TEST_CASE("PPMI-SVD embeddings replace wte at the same Frobenius norm, mimetic sets V and O") {
    const auto tokens = shakespeare(20000);
    pr_sft *m = tiny_model(4);
    const double norm_before = param(m, "wte", 256, 16).norm();
    pr_init_options o;
    pr_init_options_init(&o);
    o.strategy = PR_INIT_DIRECT;
    o.embedding = PR_INIT_EMBED_PPMI_SVD;
    REQUIRE(pr_init_apply(m, &o, tokens.data(), tokens.size(), nullptr, 0) == PR_OK);
    CHECK(param(m, "wte", 256, 16).norm() == doctest::Approx(norm_before).epsilon(1e-5));
    const Eigen::MatrixXd o_before = param(m, "h.0.attn.c_proj.weight", 16, 16);
    o.strategy = PR_INIT_MIMETIC;
    o.embedding = PR_INIT_EMBED_MODEL;
    o.with_vo = 1;
    o.scale = PR_INIT_SCALE_NONE;
    REQUIRE(pr_init_apply(m, &o, nullptr, 0, nullptr, 0) == PR_OK);
    const Eigen::MatrixXd vo = param(m, "h.0.attn.w_v", 16, 16) * param(m, "h.0.attn.c_proj.weight", 16, 16);
    CHECK(vo.diagonal().mean() < -0.2);  // a2 Z - b2 I with b2 = 0.4
    CHECK(param(m, "h.0.attn.c_proj.weight", 16, 16) != o_before);
    pr_sft_free(m);
}

TEST_CASE("pr_init_apply rejects bad input with named arguments") {
    pr_sft *m = tiny_model(5);
    pr_init_options o;
    pr_init_options_init(&o);
    o.strategy = 42;
    CHECK(pr_init_apply(m, &o, nullptr, 0, nullptr, 0) == PR_ERR_INVALID_ARGUMENT);
    CHECK(std::string(pr_last_error()).find("strategy") != std::string::npos);
    pr_init_options_init(&o);
    o.strategy = PR_INIT_DIRECT;
    CHECK(pr_init_apply(m, &o, nullptr, 0, nullptr, 0) == PR_ERR_INVALID_ARGUMENT);
    CHECK(std::string(pr_last_error()).find("tokens") != std::string::npos);
    const uint32_t bad[3] = {1, 300, 2};
    CHECK(pr_init_apply(m, &o, bad, 3, nullptr, 0) == PR_ERR_OUT_OF_RANGE);
    o.version = 99;
    CHECK(pr_init_apply(m, &o, nullptr, 0, nullptr, 0) == PR_ERR_VERSION);
    CHECK(pr_init_apply(nullptr, nullptr, nullptr, 0, nullptr, 0) == PR_ERR_INVALID_ARGUMENT);
    pr_init_options_init(&o);
    o.strategy = PR_INIT_ORACLE;
    o.oracle_path = "/nonexistent/x.safetensors";
    CHECK(pr_init_apply(m, &o, nullptr, 0, nullptr, 0) == PR_ERR_IO);
    pr_sft_free(m);
}

TEST_CASE("analysis: a direct-initialised checkpoint matches A_1 far above the null") {
    const auto tokens = shakespeare(20000);
    pr_sft *m = tiny_model(9, 2, 2, 16);
    pr_init_options o;
    pr_init_options_init(&o);
    o.strategy = PR_INIT_DIRECT;
    o.scale = PR_INIT_SCALE_NONE;
    REQUIRE(pr_init_apply(m, &o, tokens.data(), tokens.size(), nullptr, 0) == PR_OK);
    const std::string path = test::tmp_path("init_analysis_direct.safetensors");
    REQUIRE(pr_init_save_model_safetensors(m, path.c_str()) == PR_OK);
    pr_init_analysis_options ao;
    pr_init_analysis_options_init(&ao);
    ao.n_head = 2;
    size_t n = 0;
    REQUIRE(pr_init_analyze_checkpoint(path.c_str(), tokens.data(), tokens.size(), &ao, nullptr, 0, &n) == PR_OK);
    REQUIRE(n == 6);
    std::vector<pr_init_head_analysis> rows(n);
    REQUIRE(pr_init_analyze_checkpoint(path.c_str(), tokens.data(), tokens.size(), &ao, rows.data(), n, &n) == PR_OK);
    const pr_init_head_analysis &sum0 = rows[2];
    CHECK(sum0.layer == 0);
    CHECK(sum0.head == -1);
    CHECK(sum0.frobenius_cos.value == doctest::Approx(1.0).epsilon(1e-5));
    CHECK(sum0.subspace_overlap.value == doctest::Approx(1.0).epsilon(1e-4));
    CHECK(sum0.mean_principal_cos == doctest::Approx(1.0).epsilon(1e-4));
    CHECK(sum0.symmetry < 1e-8);
    CHECK(sum0.planes == doctest::Approx(sum0.antisym_pr / 2));
    CHECK(sum0.frobenius_cos.z > 3.0);  // far above the rotated null
    CHECK(std::abs(sum0.frobenius_cos.null_mean) < 0.5);
    // A per-head form holds only its band of A_1: positive cosine, below 1.
    CHECK(rows[0].frobenius_cos.value > 0.0);
    CHECK(rows[0].frobenius_cos.value < 1.0);
    ao.n_head = 3;
    CHECK(pr_init_analyze_checkpoint(path.c_str(), tokens.data(), tokens.size(), &ao, nullptr, 0, &n) ==
          PR_ERR_INVALID_ARGUMENT);
    ao.n_head = 2;
    CHECK(pr_init_analyze_checkpoint(path.c_str(), tokens.data(), tokens.size(), &ao, rows.data(), 2, &n) ==
          PR_ERR_BUFFER_TOO_SMALL);
    pr_sft_free(m);
}

TEST_CASE("pr_init_apply at V = 20000 (> the old dense limit): PPMI-SVD wte and direct A_1") {
    // A synthetic stream over 20000 ids: a sparse random successor table
    // (4 successors per token) with 10% uniform jumps.
    const uint32_t V = 20000, d = 16;
    const size_t n = test::sanitized() ? 60000 : 300000;
    std::vector<uint32_t> tokens(n);
    uint64_t state = 12345;
    auto next_random = [&] { return (state = state * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
    uint32_t cur = 0;
    for (size_t i = 0; i < n; ++i) {
        tokens[i] = cur;
        const uint64_t r = next_random();
        cur = (r % 10 == 0) ? uint32_t(next_random() % V) : uint32_t((uint64_t(cur) * 7919 + 13 * (r % 4) + 1) % V);
    }
    pr_sft_options so;
    pr_sft_options_init(&so);
    so.vocab_size = V, so.context_length = 16, so.n_layer = 1, so.n_head = 2, so.d_model = d, so.seed = 3;
    pr_sft *m = nullptr;
    REQUIRE(pr_sft_create(&m, &so) == PR_OK);
    const double norm_before = param(m, "wte", V, d).norm();
    pr_init_options o;
    pr_init_options_init(&o);
    o.strategy = PR_INIT_DIRECT;
    o.scale = PR_INIT_SCALE_NONE;
    o.mode = PR_MODE_FLUX;
    o.embedding = PR_INIT_EMBED_PPMI_SVD;
    pr_init_layer_report rep[1];
    REQUIRE(pr_init_apply(m, &o, tokens.data(), tokens.size(), rep, 1) == PR_OK);
    const Eigen::MatrixXd wte = param(m, "wte", V, d);
    CHECK(wte.norm() == doctest::Approx(norm_before).epsilon(1e-5));
    // Independent of pr_init's code: the corpus and transition C API give A_1
    // (flux is exactly antisymmetric) from the wte the model now holds.
    pr_corpus_options co;
    pr_corpus_options_init(&co);
    co.vocab_size = V;
    pr_corpus *corpus = nullptr;
    REQUIRE(pr_corpus_create(&corpus, &co) == PR_OK);
    REQUIRE(pr_corpus_add_u32(corpus, tokens.data(), tokens.size()) == PR_OK);
    pr_transition *t = nullptr;
    REQUIRE(pr_transition_create(&t, corpus, nullptr) == PR_OK);
    const std::vector<float> wf = to_float(wte);
    pr_projection_options po;
    pr_projection_options_init(&po);
    po.max_power = 1;
    po.mode = PR_MODE_FLUX;
    std::vector<double> M(d * d);
    REQUIRE(pr_transition_project_f32(t, wf.data(), V, d, &po, M.data(), M.size()) == PR_OK);
    const Eigen::MatrixXd a = Eigen::Map<const Eigen::Matrix<double, -1, -1, Eigen::RowMajor>>(M.data(), d, d);
    const Eigen::MatrixXd qk = param(m, "h.0.attn.w_q", d, d) * param(m, "h.0.attn.w_k", d, d).transpose();
    MESSAGE("V = 20000: |W_QK - A_1| / |A_1| = ", (qk - a).norm() / a.norm(), ", PR(A_1) = ", rep[0].antisym_pr);
    CHECK((qk - a).norm() < 1e-4 * a.norm());
    CHECK(rep[0].symmetry < 1e-8);
    // And the PPMI-SVD wte is the library's PPMI-SVD of the same counts, rescaled.
    std::vector<float> ppmi(size_t(V) * d);
    pr_ppmi_options pp;
    pr_ppmi_options_init(&pp);
    pp.power_iterations = 8;  // pr_init's setting
    REQUIRE(pr_embeddings_ppmi_svd_f32(corpus, &pp, ppmi.data(), V, d, nullptr) == PR_OK);
    const Eigen::MatrixXd pe = Eigen::Map<const Eigen::Matrix<float, -1, -1, Eigen::RowMajor>>(ppmi.data(), V, d).cast<double>();
    CHECK((wte - pe * (norm_before / pe.norm())).norm() < 1e-5 * wte.norm());
    pr_transition_free(t);
    pr_corpus_free(corpus);
    pr_sft_free(m);
}
