#include "init/apply.hpp"

#include "core/error.hpp"
#include "init/corpus_forms.hpp"
#include "init/spectrum.hpp"
#include "sft/params.hpp"

#include <cmath>
#include <sstream>

namespace pr::init {

namespace {

Eigen::MatrixXd get_matrix(const pr::sft::Trainer &model, const std::string &name, uint64_t rows, uint64_t cols) {
    const std::vector<float> buf = pr::sft::get_param(model, name, {rows, cols});
    Eigen::MatrixXd m(rows, cols);
    for (uint64_t i = 0; i < rows; ++i)
        for (uint64_t j = 0; j < cols; ++j) m(i, j) = buf[i * cols + j];
    return m;
}

void set_matrix(pr::sft::Trainer &model, const std::string &name, const Eigen::MatrixXd &m) {
    std::vector<float> buf(m.size());
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j) buf[i * m.cols() + j] = static_cast<float>(m(i, j));
    pr::sft::set_param(model, name, {static_cast<uint64_t>(m.rows()), static_cast<uint64_t>(m.cols())}, buf.data());
}

void copy_oracle(pr::sft::Trainer &model, const InitOptions &opts, const ParamSet *given, InitInputs &inputs) {
    if (!given) {
        if (!opts.oracle_path) fail(PR_ERR_INVALID_ARGUMENT, "argument 'opts.oracle_path (the oracle's checkpoint)' is NULL");
        given = &inputs.oracle(*opts.oracle_path);
    }
    const ParamSet mine = model_param_set(model);
    int copied = 0;
    for (const auto &[name, t] : mine) {
        if (!oracle_copies(opts.oracle_tensors, name)) continue;
        auto it = given->find(name);
        if (it == given->end()) fail(PR_ERR_MISMATCH, "oracle checkpoint has no tensor '", name, "'");
        if (it->second.shape != t.shape)
            fail(PR_ERR_MISMATCH, "oracle tensor '", name, "' has another shape than the model's");
        pr::sft::set_param(model, name, t.shape, it->second.values.data());
        ++copied;
    }
    if (copied == 0) fail(PR_ERR_INVALID_ARGUMENT, "argument 'oracle_tensors' = ", opts.oracle_tensors, ": selects no tensor");
}

}  // namespace

InitInputs::InitInputs(const uint32_t *tokens, size_t n_tokens, uint32_t vocab)
    : tokens_(tokens), n_tokens_(n_tokens), vocab_(vocab) {}

const pr::transition::Transition &InitInputs::transition() {
    if (!transition_) {
        require_nonnull(tokens_, "tokens (direct, pr_blend and PPMI-SVD need the corpus)");
        transition_ = std::make_unique<pr::transition::Transition>(token_transition(tokens_, n_tokens_, vocab_));
    }
    return *transition_;
}

const std::vector<float> &InitInputs::ppmi_svd(size_t d) {
    auto it = ppmi_.find(d);
    if (it == ppmi_.end()) it = ppmi_.emplace(d, ppmi_svd_embedding(transition(), d)).first;
    return it->second;
}

const ParamSet &InitInputs::oracle(const std::string &path) {
    auto it = oracles_.find(path);
    if (it == oracles_.end()) it = oracles_.emplace(path, read_param_set(path)).first;
    return it->second;
}

InitConfig config_from_options(const InitOptions &o, int n_layer, int n_head, int d_model, double default_std) {
    require_arg(o.power >= 1 && o.power <= 64, "power", o.power, "must be in 1..64");
    require_arg(o.blend_powers >= 1 && o.blend_powers <= 64, "blend_powers", o.blend_powers, "must be in 1..64");
    require_arg(o.random_std >= 0 && std::isfinite(o.random_std), "random_std", o.random_std, "must be >= 0 (0 = model default)");
    InitConfig c;
    c.strategy = o.strategy;
    c.n_layer = n_layer, c.n_head = n_head, c.d_model = d_model;
    c.random_std = o.random_std > 0 ? o.random_std : default_std;
    c.banding = o.banding;
    c.sym_component = o.sym_component;
    c.sym_weight = o.sym_weight;
    c.scale = o.scale;
    c.blend_target_pr = o.blend_target_pr, c.blend_tolerance = o.blend_tolerance;
    c.blend_complement_planes = static_cast<int>(o.blend_complement_planes);
    c.mimetic_alpha_qk = o.mimetic_alpha_qk, c.mimetic_beta_qk = o.mimetic_beta_qk;
    c.mimetic_alpha_vo = o.mimetic_alpha_vo, c.mimetic_beta_vo = o.mimetic_beta_vo;
    c.with_vo = o.with_vo;
    c.seed = o.seed;
    return c;
}

bool oracle_copies(uint32_t mask, const std::string &name) {
    if (mask & kCopyAll) return true;
    auto ends = [&](const char *tail) {
        const std::string t(tail);
        return name.size() >= t.size() && name.compare(name.size() - t.size(), t.size(), t) == 0;
    };
    return ((mask & kCopyWq) && ends(".attn.w_q")) || ((mask & kCopyWk) && ends(".attn.w_k")) ||
           ((mask & kCopyWv) && ends(".attn.w_v")) || ((mask & kCopyWo) && ends(".attn.c_proj.weight"));
}

std::string oracle_copy_list(uint32_t mask) {
    if (mask & kCopyAll) return "all";
    std::string s;
    const std::pair<uint32_t, const char *> bits[] = {
        {kCopyWq, "w_q"}, {kCopyWk, "w_k"}, {kCopyWv, "w_v"}, {kCopyWo, "w_o"}};
    for (const auto &[bit, name] : bits)
        if (mask & bit) s += (s.empty() ? "" : ",") + std::string(name);
    return s.empty() ? "none" : s;
}

std::string describe(const InitOptions &o, bool with_seed) {
    std::ostringstream os;
    const char *scale = scale_name(o.scale);
    os << strategy_name(o.strategy) << "(";
    auto common = [&] {
        os << ", banding=" << (o.banding == Banding::Shared ? "shared" : "per_head");
        if (o.sym_component != SymComponent::None)
            os << ", sym=" << sym_component_name(o.sym_component) << "*" << o.sym_weight;
        os << ", E=" << (o.embedding == Embedding::PpmiSvd ? "ppmi_svd" : "model_wte");
    };
    switch (o.strategy) {
    case Strategy::Random: os << "std=" << (o.random_std > 0 ? std::to_string(o.random_std) : std::string("model")); break;
    case Strategy::Direct:
        os << "k=" << o.power << ", mode=" << form_mode_name(o.mode) << ", scale=" << scale;
        common();
        break;
    case Strategy::Blend:
    case Strategy::NormMatched:
        os << "K=" << o.blend_powers << ", mode=" << form_mode_name(o.mode) << ", target_pr=" << o.blend_target_pr
           << ", complement_planes=" << o.blend_complement_planes << ", scale=" << scale;
        common();
        break;
    case Strategy::Oracle:
        os << "copy=" << oracle_copy_list(o.oracle_tensors) << ", from=" << (o.oracle_path ? *o.oracle_path : "reference");
        break;
    case Strategy::Mimetic:
        os << "qk=" << o.mimetic_alpha_qk << "Z+" << o.mimetic_beta_qk << "I, vo=" << o.mimetic_alpha_vo << "Z-"
           << o.mimetic_beta_vo << "I" << (o.with_vo ? "" : " (vo off)") << ", scale=" << scale;
        break;
    case Strategy::Symmetric: os << "w_k=w_q, scale=" << scale; break;
    }
    if (with_seed) os << ", seed=" << o.seed;
    os << ")";
    return os.str();
}

std::vector<LayerReport> apply_init(pr::sft::Trainer &model, const InitOptions &opts, const uint32_t *tokens,
                                    size_t n_tokens, const ParamSet *oracle, InitInputs *inputs) {
    const pr::sft::ModelConfig &mo = model.config();
    const int L = static_cast<int>(mo.n_layer), H = static_cast<int>(mo.n_head), d = static_cast<int>(mo.d_model);
    // Without the caller's shared inputs, this call's own (computed lazily, only if needed).
    InitInputs own(tokens, n_tokens, mo.vocab_size);
    InitInputs &in = inputs ? *inputs : own;
    if (opts.strategy == Strategy::Oracle) {
        copy_oracle(model, opts, oracle, in);
        return std::vector<LayerReport>(L);
    }
    InitConfig cfg = config_from_options(opts, L, H, d, mo.init_std);
    cfg.out_proj_std = cfg.random_std / std::sqrt(2.0 * L);  // GPT-2's residual-projection scale
    const bool blend_forms = cfg.strategy == Strategy::Blend || cfg.strategy == Strategy::NormMatched;
    const bool needs_corpus = cfg.strategy == Strategy::Direct || blend_forms || opts.embedding == Embedding::PpmiSvd;
    Eigen::MatrixXd emb = get_matrix(model, "wte", mo.vocab_size, d);
    std::vector<Eigen::MatrixXd> forms;
    if (needs_corpus) {
        const pr::transition::Transition &tr = in.transition();
        if (opts.embedding == Embedding::PpmiSvd) {
            const std::vector<float> &ppmi = in.ppmi_svd(size_t(d));
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
            auto all = corpus_forms(tr, wte.data(), size_t(emb.rows()), size_t(d), kmax, opts.mode);
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
