#include "init/corpus_forms.hpp"

#include "core/error.hpp"

#include <cmath>

namespace pr::init {

const char *form_mode_name(FormMode m) {
    switch (m) {
    case FormMode::Raw: return "raw";
    case FormMode::CenterEmbeddings: return "center_embeddings";
    case FormMode::SubtractStationary: return "subtract_stationary";
    case FormMode::Flux: return "flux";
    }
    return "unknown";
}

DenseTransition dense_transition(const uint32_t *tokens, size_t n, uint32_t vocab) {
    require_nonnull(tokens, "tokens");
    require_arg(n >= 2, "n_tokens", n, "needs at least 2 tokens for one bigram");
    require_arg(vocab >= 1 && vocab <= 8192, "vocab_size", vocab, "the dense corpus-form path takes 1..8192");
    DenseTransition tr;
    tr.counts = Eigen::MatrixXd::Zero(vocab, vocab);
    for (size_t i = 0; i < n; ++i)
        if (tokens[i] >= vocab)
            fail(PR_ERR_OUT_OF_RANGE, "token id ", tokens[i], " >= vocab_size ", vocab, " at offset ", i);
    for (size_t i = 0; i + 1 < n; ++i) tr.counts(tokens[i], tokens[i + 1]) += 1;
    tr.t = tr.counts;
    for (uint32_t a = 0; a < vocab; ++a) {
        const double s = tr.t.row(a).sum();
        if (s > 0) tr.t.row(a) /= s;
        else tr.t.row(a).setConstant(1.0 / vocab);
    }
    Eigen::VectorXd p = Eigen::VectorXd::Zero(vocab);
    for (size_t i = 0; i < n; ++i) p(tokens[i]) += 1;
    p /= p.sum();
    for (int it = 0; it < 10000; ++it) {
        Eigen::VectorXd next = tr.t.transpose() * p;
        next /= next.sum();
        const double delta = (next - p).lpNorm<1>();
        p = next;
        if (delta < 1e-14) break;
    }
    tr.pi = p;
    return tr;
}

std::vector<Eigen::MatrixXd> corpus_forms(const DenseTransition &tr, const Eigen::MatrixXd &embedding,
                                          int max_power, FormMode mode) {
    const Eigen::Index v = tr.t.rows();
    require_arg(embedding.rows() == v, "embedding rows", embedding.rows(), "must equal vocab_size");
    require_arg(max_power >= 1 && max_power <= 64, "max_power", max_power, "must be in 1..64");
    Eigen::MatrixXd e = embedding;
    if (mode == FormMode::CenterEmbeddings) e.rowwise() -= e.colwise().mean();
    const Eigen::RowVectorXd pi_e = tr.pi.transpose() * e;  // pi^T E
    const Eigen::RowVectorXd ones_e = e.colwise().sum();     // 1^T E
    std::vector<Eigen::MatrixXd> out;
    Eigen::MatrixXd tk_e = e;  // T^k E
    for (int k = 1; k <= max_power; ++k) {
        tk_e = tr.t * tk_e;
        Eigen::MatrixXd m;
        switch (mode) {
        case FormMode::Raw:
        case FormMode::CenterEmbeddings: m = e.transpose() * tk_e; break;
        case FormMode::SubtractStationary: m = e.transpose() * tk_e - ones_e.transpose() * pi_e; break;
        case FormMode::Flux: {
            const Eigen::MatrixXd half = e.transpose() * tr.pi.asDiagonal() * tk_e;  // E^T Pi T^k E
            m = half - half.transpose();
            break;
        }
        }
        out.push_back(m);
    }
    return out;
}

Eigen::MatrixXd ppmi_svd_embedding(const DenseTransition &tr, int d) {
    const Eigen::Index v = tr.counts.rows();
    require_arg(d >= 1 && d <= v, "d_model", d, "PPMI-SVD needs 1 <= d <= vocab_size");
    const double total = tr.counts.sum();
    const Eigen::VectorXd row = tr.counts.rowwise().sum();
    const Eigen::RowVectorXd col = tr.counts.colwise().sum();
    Eigen::MatrixXd ppmi = Eigen::MatrixXd::Zero(v, v);
    for (Eigen::Index a = 0; a < v; ++a)
        for (Eigen::Index b = 0; b < v; ++b) {
            const double c = tr.counts(a, b);
            if (c > 0) ppmi(a, b) = std::max(0.0, std::log(c * total / (row(a) * col(b))));
        }
    Eigen::BDCSVD<Eigen::MatrixXd> svd(ppmi, Eigen::ComputeThinU);
    Eigen::MatrixXd e = svd.matrixU().leftCols(d) * svd.singularValues().head(d).cwiseSqrt().asDiagonal();
    for (Eigen::Index j = 0; j < d; ++j) {
        Eigen::Index imax;
        e.col(j).cwiseAbs().maxCoeff(&imax);
        if (e(imax, j) < 0) e.col(j) *= -1;
    }
    return e;
}

}  // namespace pr::init
