#include "init/apply.hpp"

#include "core/error.hpp"
#include "init/corpus_forms.hpp"
#include "init/spectrum.hpp"

#include <cmath>
#include <sstream>

namespace pr::init {

namespace {

void check(int rc) {
    if (rc != PR_OK) fail(static_cast<pr_status>(rc), pr_last_error());
}

Eigen::MatrixXd get_matrix(const pr_sft *model, const std::string &name, uint64_t rows, uint64_t cols) {
    std::vector<float> buf(rows * cols);
    const uint64_t shape[2] = {rows, cols};
    check(pr_sft_get_param_f32(model, name.c_str(), 2, shape, buf.data()));
    Eigen::MatrixXd m(rows, cols);
    for (uint64_t i = 0; i < rows; ++i)
        for (uint64_t j = 0; j < cols; ++j) m(i, j) = buf[i * cols + j];
    return m;
}

void set_matrix(pr_sft *model, const std::string &name, const Eigen::MatrixXd &m) {
    std::vector<float> buf(m.size());
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j) buf[i * m.cols() + j] = static_cast<float>(m(i, j));
    const uint64_t shape[2] = {static_cast<uint64_t>(m.rows()), static_cast<uint64_t>(m.cols())};
    check(pr_sft_set_param_f32(model, name.c_str(), 2, shape, buf.data()));
}

void copy_oracle(pr_sft *model, const pr_init_options &opts, const ParamSet *given) {
    ParamSet loaded;
    if (!given) {
        require_nonnull(opts.oracle_path, "opts.oracle_path (the oracle's checkpoint)");
        loaded = read_param_set(opts.oracle_path);
        given = &loaded;
    }
    const ParamSet mine = model_param_set(model);
    int copied = 0;
    for (const auto &[name, t] : mine) {
        if (!oracle_copies(opts.oracle_tensors, name)) continue;
        auto it = given->find(name);
        if (it == given->end()) fail(PR_ERR_MISMATCH, "oracle checkpoint has no tensor '", name, "'");
        if (it->second.shape != t.shape)
            fail(PR_ERR_MISMATCH, "oracle tensor '", name, "' has another shape than the model's");
        check(pr_sft_set_param_f32(model, name.c_str(), static_cast<uint32_t>(t.shape.size()), t.shape.data(),
                                   it->second.values.data()));
        ++copied;
    }
    if (copied == 0) fail(PR_ERR_INVALID_ARGUMENT, "argument 'oracle_tensors' = ", opts.oracle_tensors, ": selects no tensor");
}

}  // namespace

InitConfig config_from_options(const pr_init_options &o, int n_layer, int n_head, int d_model, double default_std) {
    require_arg(o.strategy >= PR_INIT_RANDOM && o.strategy <= PR_INIT_NORM_MATCHED, "strategy", o.strategy, "unknown pr_init_strategy");
    require_arg(o.mode >= PR_INIT_MODE_RAW && o.mode <= PR_INIT_MODE_FLUX, "mode", o.mode, "unknown pr_init_form_mode");
    require_arg(o.banding == PR_INIT_BAND_PER_HEAD || o.banding == PR_INIT_BAND_SHARED, "banding", o.banding, "unknown pr_init_banding");
    require_arg(o.sym_component >= PR_INIT_SYM_NONE && o.sym_component <= PR_INIT_SYM_IDENTITY, "sym_component", o.sym_component, "unknown pr_init_sym_component");
    require_arg(o.scale >= PR_INIT_SCALE_NONE && o.scale <= PR_INIT_SCALE_LOGIT_STD, "scale", o.scale, "unknown pr_init_scale");
    require_arg(o.embedding == PR_INIT_EMBED_MODEL || o.embedding == PR_INIT_EMBED_PPMI_SVD, "embedding", o.embedding, "unknown pr_init_embedding");
    require_arg(o.power >= 1 && o.power <= 64, "power", o.power, "must be in 1..64");
    require_arg(o.blend_powers >= 1 && o.blend_powers <= 64, "blend_powers", o.blend_powers, "must be in 1..64");
    require_arg(o.random_std >= 0 && std::isfinite(o.random_std), "random_std", o.random_std, "must be >= 0 (0 = model default)");
    InitConfig c;
    c.strategy = static_cast<Strategy>(o.strategy);
    c.n_layer = n_layer, c.n_head = n_head, c.d_model = d_model;
    c.random_std = o.random_std > 0 ? o.random_std : default_std;
    c.banding = static_cast<Banding>(o.banding);
    c.sym_component = static_cast<SymComponent>(o.sym_component);
    c.sym_weight = o.sym_weight;
    c.scale = static_cast<Scale>(o.scale);
    c.blend_target_pr = o.blend_target_pr, c.blend_tolerance = o.blend_tolerance;
    c.blend_complement_planes = static_cast<int>(o.blend_complement_planes);
    c.mimetic_alpha_qk = o.mimetic_alpha_qk, c.mimetic_beta_qk = o.mimetic_beta_qk;
    c.mimetic_alpha_vo = o.mimetic_alpha_vo, c.mimetic_beta_vo = o.mimetic_beta_vo;
    c.with_vo = o.with_vo != 0;
    c.seed = o.seed;
    return c;
}

bool oracle_copies(uint32_t mask, const std::string &name) {
    if (mask & PR_INIT_COPY_ALL) return true;
    auto ends = [&](const char *tail) {
        const std::string t(tail);
        return name.size() >= t.size() && name.compare(name.size() - t.size(), t.size(), t) == 0;
    };
    return ((mask & PR_INIT_COPY_WQ) && ends(".attn.w_q")) || ((mask & PR_INIT_COPY_WK) && ends(".attn.w_k")) ||
           ((mask & PR_INIT_COPY_WV) && ends(".attn.w_v")) || ((mask & PR_INIT_COPY_WO) && ends(".attn.c_proj.weight"));
}

std::string oracle_copy_list(uint32_t mask) {
    if (mask & PR_INIT_COPY_ALL) return "all";
    std::string s;
    const std::pair<uint32_t, const char *> bits[] = {
        {PR_INIT_COPY_WQ, "w_q"}, {PR_INIT_COPY_WK, "w_k"}, {PR_INIT_COPY_WV, "w_v"}, {PR_INIT_COPY_WO, "w_o"}};
    for (const auto &[bit, name] : bits)
        if (mask & bit) s += (s.empty() ? "" : ",") + std::string(name);
    return s.empty() ? "none" : s;
}

std::string describe(const pr_init_options &o, bool with_seed) {
    std::ostringstream os;
    const char *modes[] = {"raw", "center_embeddings", "subtract_stationary", "flux"};
    const char *scales[] = {"none", "frobenius", "logit_std"};
    const char *syms[] = {"none", "random", "identity"};
    const char *name = pr_init_strategy_name(o.strategy);
    os << (name ? name : "unknown") << "(";
    auto common = [&] {
        os << ", banding=" << (o.banding == PR_INIT_BAND_SHARED ? "shared" : "per_head");
        if (o.sym_component >= 0 && o.sym_component <= 2 && o.sym_component != PR_INIT_SYM_NONE)
            os << ", sym=" << syms[o.sym_component] << "*" << o.sym_weight;
        os << ", E=" << (o.embedding == PR_INIT_EMBED_PPMI_SVD ? "ppmi_svd" : "model_wte");
    };
    const bool mode_ok = o.mode >= 0 && o.mode <= 3;
    const char *scale = o.scale >= 0 && o.scale <= 2 ? scales[o.scale] : "?";
    switch (o.strategy) {
    case PR_INIT_RANDOM: os << "std=" << (o.random_std > 0 ? std::to_string(o.random_std) : std::string("model")); break;
    case PR_INIT_DIRECT:
        os << "k=" << o.power << ", mode=" << (mode_ok ? modes[o.mode] : "?") << ", scale=" << scale;
        common();
        break;
    case PR_INIT_PR_BLEND:
    case PR_INIT_NORM_MATCHED:
        os << "K=" << o.blend_powers << ", mode=" << (mode_ok ? modes[o.mode] : "?") << ", target_pr=" << o.blend_target_pr
           << ", complement_planes=" << o.blend_complement_planes << ", scale=" << scale;
        common();
        break;
    case PR_INIT_ORACLE:
        os << "copy=" << oracle_copy_list(o.oracle_tensors) << ", from=" << (o.oracle_path ? o.oracle_path : "reference");
        break;
    case PR_INIT_MIMETIC:
        os << "qk=" << o.mimetic_alpha_qk << "Z+" << o.mimetic_beta_qk << "I, vo=" << o.mimetic_alpha_vo << "Z-"
           << o.mimetic_beta_vo << "I" << (o.with_vo ? "" : " (vo off)") << ", scale=" << scale;
        break;
    case PR_INIT_SYMMETRIC: os << "w_k=w_q, scale=" << scale; break;
    default: break;
    }
    if (with_seed) os << ", seed=" << o.seed;
    os << ")";
    return os.str();
}

std::vector<LayerReport> apply_init(pr_sft *model, const pr_init_options &opts, const uint32_t *tokens,
                                    size_t n_tokens, const ParamSet *oracle) {
    require_nonnull(model, "model");
    pr_sft_options mo;
    check(pr_sft_get_options(model, &mo));
    const int L = static_cast<int>(mo.n_layer), H = static_cast<int>(mo.n_head), d = static_cast<int>(mo.d_model);
    if (opts.strategy == PR_INIT_ORACLE) {
        copy_oracle(model, opts, oracle);
        return std::vector<LayerReport>(L);
    }
    InitConfig cfg = config_from_options(opts, L, H, d, mo.init_std);
    cfg.out_proj_std = cfg.random_std / std::sqrt(2.0 * L);  // GPT-2's residual-projection scale
    const bool blend_forms = cfg.strategy == Strategy::Blend || cfg.strategy == Strategy::NormMatched;
    const bool needs_corpus = cfg.strategy == Strategy::Direct || blend_forms || opts.embedding == PR_INIT_EMBED_PPMI_SVD;
    Eigen::MatrixXd emb = get_matrix(model, "wte", mo.vocab_size, d);
    std::vector<Eigen::MatrixXd> forms;
    if (needs_corpus) {
        require_nonnull(tokens, "tokens (direct, pr_blend and PPMI-SVD need the corpus)");
        const pr::transition::Transition tr = token_transition(tokens, n_tokens, mo.vocab_size);
        if (opts.embedding == PR_INIT_EMBED_PPMI_SVD) {
            const std::vector<float> ppmi = ppmi_svd_embedding(tr, size_t(d));
            Eigen::MatrixXd e(mo.vocab_size, d);
            for (Eigen::Index a = 0; a < e.rows(); ++a)
                for (Eigen::Index j = 0; j < d; ++j) e(a, j) = ppmi[size_t(a) * size_t(d) + size_t(j)];
            e *= emb.norm() / e.norm();  // the model's init scale, PPMI's structure
            set_matrix(model, "wte", e);
            emb = e;
        }
        if (cfg.strategy == Strategy::Direct || blend_forms) {
            const int kmax = cfg.strategy == Strategy::Direct ? static_cast<int>(opts.power)
                                                              : static_cast<int>(opts.blend_powers);
            // The forms use exactly the float32 wte the model now holds.
            std::vector<float> wte(size_t(emb.size()));
            for (Eigen::Index a = 0; a < emb.rows(); ++a)
                for (Eigen::Index j = 0; j < d; ++j) wte[size_t(a) * size_t(d) + size_t(j)] = float(emb(a, j));
            auto all = corpus_forms(tr, wte.data(), size_t(emb.rows()), size_t(d), kmax, static_cast<FormMode>(opts.mode));
            if (cfg.strategy == Strategy::Direct) forms = {antisymmetric_part(all.back())};
            else for (const auto &m : all) forms.push_back(antisymmetric_part(m));
        }
    }
    std::vector<LayerReport> report;
    const auto layers = make_attention_init(cfg, forms, &emb, &report);
    for (int l = 0; l < L; ++l) {
        const std::string p = "h." + std::to_string(l) + ".attn.";
        set_matrix(model, p + "w_q", layers[l].wq);
        set_matrix(model, p + "w_k", layers[l].wk);
        if (cfg.with_vo) {
            set_matrix(model, p + "w_v", layers[l].wv);
            set_matrix(model, p + "c_proj.weight", layers[l].wo);
        }
    }
    return report;
}

}  // namespace pr::init
