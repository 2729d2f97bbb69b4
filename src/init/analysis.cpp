#include "init/analysis.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cstdint>
#include "init/spectrum.hpp"

namespace pr::init {

std::vector<HeadAnalysis> analyze_attention(const ParamSet &params, const uint32_t *tokens, size_t n_tokens,
                                            const AnalysisConfig &c) {
    const int layers = count_layers(params);
    if (layers == 0) fail(PR_ERR_FORMAT, "checkpoint has no h.0.attn.w_q (nor a fused c_attn)");
    auto wte_it = params.find("wte");
    if (wte_it == params.end() || wte_it->second.shape.size() != 2)
        fail(PR_ERR_FORMAT, "checkpoint has no 2-d 'wte' (needed for the corpus forms)");
    const uint64_t vocab = wte_it->second.shape[0], d = wte_it->second.shape[1];
    require_arg(c.n_head >= 1 && d % c.n_head == 0, "n_head", c.n_head, "must divide the checkpoint's d_model");
    require_arg(c.planes >= 1 && 2 * uint64_t(c.planes) <= d, "planes", c.planes, "must be in 1..d/2");
    require_arg(c.null_draws >= 1, "null_draws", c.null_draws, "must be >= 1");
    require_arg(vocab <= UINT32_MAX, "checkpoint wte rows", vocab, "must fit a 32-bit token id");
    const pr::transition::Transition tr = token_transition(tokens, n_tokens, static_cast<uint32_t>(vocab));
    const Eigen::MatrixXd ak =
        antisymmetric_part(corpus_forms(tr, wte_it->second.values.data(), vocab, d, c.power, c.mode).back());
    const int dh = static_cast<int>(d) / c.n_head;
    pr::spectrum::SimilarityOptions so;
    so.part = pr::spectrum::Part::antisymmetric;
    so.planes = static_cast<uint32_t>(c.planes);
    so.null_samples = static_cast<uint32_t>(c.null_draws);
    so.seed = c.seed;

    std::vector<HeadAnalysis> out;
    auto analyse = [&](int l, int h, const Eigen::MatrixXd &q, const Eigen::MatrixXd &k) {
        const Eigen::MatrixXd w = q * k.transpose();
        HeadAnalysis r;
        r.geometry = qk_scores(q, k, kDirectionalityStd, std::max(2, c.null_draws), c.seed);
        r.layer = l, r.head = h;
        r.norm = w.norm();
        r.symmetry = symmetry_score(w);
        r.antisym = pr::spectrum::summarize(pr::spectrum::singular_values(antisymmetric_part(w)));
        r.sim = pr::spectrum::similarity(w, ak, so);
        r.mean_principal_cos = r.sim.principal_cosines.size() ? r.sim.principal_cosines.mean() : 0.0;
        out.push_back(r);
    };
    for (int l = 0; l < layers; ++l) {
        const Eigen::MatrixXd wq = attention_matrix(params, l, "w_q"), wk = attention_matrix(params, l, "w_k");
        if (static_cast<uint64_t>(wq.rows()) != d) fail(PR_ERR_FORMAT, "layer ", l, ": w_q is not [d, d] with d = ", d);
        for (int h = 0; h < c.n_head; ++h)
            analyse(l, h, wq.middleCols(h * dh, dh), wk.middleCols(h * dh, dh));
        analyse(l, -1, wq, wk);
    }
    return out;
}

}  // namespace pr::init
