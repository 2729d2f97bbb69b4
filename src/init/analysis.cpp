#include "init/analysis.hpp"

#include "core/error.hpp"
#include "init/rng.hpp"
#include "init/spectrum.hpp"

#include <algorithm>
#include <cmath>

namespace pr::init {

namespace {

using Mat = Eigen::MatrixXd;

double cosine(const Eigen::VectorXd &a, const Eigen::VectorXd &b) {
    const double n = a.norm() * b.norm();
    return n > 0 ? a.dot(b) / n : 0.0;
}

}  // namespace

SimilarityTriple similarity(const Mat &a, const Mat &b, int planes) {
    SimilarityTriple s;
    const double n = a.norm() * b.norm();
    s.frobenius_cos = n > 0 ? (a.array() * b.array()).sum() / n : 0.0;
    Eigen::BDCSVD<Mat> sa(a, Eigen::ComputeThinU), sb(b, Eigen::ComputeThinU);
    const Eigen::Index r = std::min<Eigen::Index>(2 * planes, a.rows());
    // Principal angles: singular values of Ua^T Ub are their cosines.
    const Eigen::VectorXd cosines = Eigen::BDCSVD<Mat>(sa.matrixU().leftCols(r).transpose() * sb.matrixU().leftCols(r)).singularValues();
    s.principal_cos = cosines.cwiseMin(1.0).mean();
    s.spectrum_cos = cosine(sa.singularValues(), sb.singularValues());
    return s;
}

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
    Mat e(vocab, d);
    for (uint64_t i = 0; i < vocab; ++i)
        for (uint64_t j = 0; j < d; ++j) e(i, j) = wte_it->second.values[i * d + j];
    const DenseTransition tr = dense_transition(tokens, n_tokens, static_cast<uint32_t>(vocab));
    const Mat ak = antisymmetric_part(corpus_forms(tr, e, c.power, c.mode).back());
    const int dh = static_cast<int>(d) / c.n_head;

    // Nulls: random heads (and random layer sums) against the same A_k.
    auto null_of = [&](int heads_summed) {
        SimilarityTriple acc;
        NormalRng rng(c.seed, static_cast<uint64_t>(heads_summed), Stream::Q);
        for (int i = 0; i < c.null_draws; ++i) {
            Mat w = Mat::Zero(d, d);
            for (int h = 0; h < heads_summed; ++h) w += rng.matrix(d, dh, 1.0) * rng.matrix(d, dh, 1.0).transpose();
            const SimilarityTriple s = similarity(antisymmetric_part(w), ak, c.planes);
            acc.frobenius_cos += std::abs(s.frobenius_cos) / c.null_draws;
            acc.principal_cos += s.principal_cos / c.null_draws;
            acc.spectrum_cos += s.spectrum_cos / c.null_draws;
        }
        return acc;
    };
    const SimilarityTriple null_head = null_of(1), null_layer = null_of(c.n_head);

    std::vector<HeadAnalysis> out;
    auto analyse = [&](int l, int h, const Mat &w, const SimilarityTriple &null) {
        HeadAnalysis r;
        r.layer = l, r.head = h;
        r.frobenius_norm = w.norm();
        r.symmetry = symmetry_score(w);
        const Mat a = antisymmetric_part(w);
        r.antisym_pr = participation_ratio(a);
        r.planes = r.antisym_pr / 2;
        r.sim = similarity(a, ak, c.planes);
        r.null = null;
        out.push_back(r);
    };
    for (int l = 0; l < layers; ++l) {
        const Mat wq = attention_matrix(params, l, "w_q"), wk = attention_matrix(params, l, "w_k");
        if (static_cast<uint64_t>(wq.rows()) != d) fail(PR_ERR_FORMAT, "layer ", l, ": w_q is not [d, d] with d = ", d);
        for (int h = 0; h < c.n_head; ++h)
            analyse(l, h, wq.middleCols(h * dh, dh) * wk.middleCols(h * dh, dh).transpose(), null_head);
        analyse(l, -1, wq * wk.transpose(), null_layer);
    }
    return out;
}

}  // namespace pr::init
