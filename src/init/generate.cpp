#include "init/generate.hpp"

#include "core/error.hpp"
#include "init/apply.hpp"

#include <string>

namespace pr::init {

namespace {

Eigen::MatrixXd read_square(const float *p, size_t index, uint32_t d) {
    Eigen::MatrixXd m(d, d);
    const float *base = p + index * size_t(d) * d;
    for (uint32_t i = 0; i < d; ++i)
        for (uint32_t j = 0; j < d; ++j) m(i, j) = base[size_t(i) * d + j];
    return m;
}

void write_square(float *p, size_t index, const Eigen::MatrixXd &m) {
    const size_t d = static_cast<size_t>(m.rows());
    float *base = p + index * d * d;
    for (size_t i = 0; i < d; ++i)
        for (size_t j = 0; j < d; ++j) base[i * d + j] = static_cast<float>(m(i, j));
}

}  // namespace

std::vector<LayerReport> generate_weights(const InitOptions &o, uint32_t n_layer, uint32_t n_head, uint32_t d_model,
                                          const float *corpus_forms, uint32_t n_forms, const float *embedding,
                                          uint64_t vocab, double default_std, const StackedWeights &out) {
    require_nonnull(out.w_q, "w_q");
    require_nonnull(out.w_k, "w_k");
    require_arg((out.w_v == nullptr) == (out.w_o == nullptr), "w_v/w_o", out.w_v ? "w_o NULL" : "w_v NULL",
                "give both or neither");
    require_arg(o.strategy != Strategy::Oracle, "opts.strategy", "oracle", "needs a model: use pr_init_apply");
    InitConfig cfg = config_from_options(o, int(n_layer), int(n_head), int(d_model), default_std);
    cfg.with_vo = out.w_v != nullptr;
    std::vector<Eigen::MatrixXd> forms;
    if (o.strategy == Strategy::Direct || o.strategy == Strategy::Blend || o.strategy == Strategy::NormMatched) {
        require_nonnull(corpus_forms, "corpus_forms");
        require_arg(n_forms >= 1, "n_forms", n_forms, "direct and pr_blend need at least one form");
        const uint32_t used = o.strategy == Strategy::Direct ? 1 : n_forms;
        for (uint32_t k = 0; k < used; ++k) {
            const Eigen::MatrixXd m = read_square(corpus_forms, k, d_model);
            forms.push_back(0.5 * (m - m.transpose()));
        }
    }
    Eigen::MatrixXd emb;
    if (embedding) {
        require_arg(vocab >= 1, "vocab", vocab, "must be >= 1 with an embedding");
        emb.resize(static_cast<Eigen::Index>(vocab), d_model);
        for (uint64_t a = 0; a < vocab; ++a)
            for (uint32_t j = 0; j < d_model; ++j) emb(a, j) = embedding[a * d_model + j];
    }
    std::vector<LayerReport> rep;
    const auto layers = make_attention_init(cfg, forms, embedding ? &emb : nullptr, &rep);
    for (uint32_t l = 0; l < n_layer; ++l) {
        write_square(out.w_q, l, layers[l].wq);
        write_square(out.w_k, l, layers[l].wk);
        if (out.w_v) {
            write_square(out.w_v, l, layers[l].wv);
            write_square(out.w_o, l, layers[l].wo);
        }
    }
    return rep;
}

ParamSet stacked_attention_params(uint32_t n_layer, uint32_t d_model, const float *w_q, const float *w_k,
                                  const float *w_v, const float *w_o) {
    ParamSet set;
    const size_t dd = size_t(d_model) * d_model;
    auto put = [&](const std::string &name, const float *base, uint32_t l) {
        set[name] = Tensor{{d_model, d_model}, std::vector<float>(base + l * dd, base + (l + 1) * dd)};
    };
    for (uint32_t l = 0; l < n_layer; ++l) {
        const std::string p = "h." + std::to_string(l) + ".attn.";
        put(p + "w_q", w_q, l);
        put(p + "w_k", w_k, l);
        if (w_v) put(p + "w_v", w_v, l);
        if (w_o) put(p + "c_proj.weight", w_o, l);
    }
    return set;
}

}  // namespace pr::init
