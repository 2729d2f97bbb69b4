// Independent dense references (double, V x V) for the corpus-side kernels:
// the bigram transition of a token stream, the corpus forms M_k in every
// mode, and PPMI-SVD embeddings by a full Eigen SVD.  This was pr_init's own
// corpus path while it was limited to V <= 8192; the library now uses
// pr_transition's sparse machinery, and this stays as the reference it must
// agree with on small V.
#pragma once

#include "core/error.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace reference {

enum class FormMode { Raw = 0, CenterEmbeddings = 1, SubtractStationary = 2, Flux = 3 };

struct DenseTransition {
    Eigen::MatrixXd t;       // V x V row-stochastic; a row never followed is uniform
    Eigen::VectorXd pi;      // stationary (power iteration from the unigram)
    Eigen::MatrixXd counts;  // V x V bigram counts
};

inline DenseTransition dense_transition(const uint32_t *tokens, size_t n, uint32_t vocab) {
    DenseTransition tr;
    tr.counts = Eigen::MatrixXd::Zero(vocab, vocab);
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
    for (int it = 0; it < 100000; ++it) {
        Eigen::VectorXd next = tr.t.transpose() * p;
        next = 0.5 * (next + p);  // lazy: converges for periodic chains too
        next /= next.sum();
        const double delta = (next - p).lpNorm<1>();
        p = next;
        if (delta < 1e-15) break;
    }
    tr.pi = p;
    return tr;
}

// M_1..M_K (full forms).
inline std::vector<Eigen::MatrixXd> corpus_forms(const DenseTransition &tr, const Eigen::MatrixXd &embedding,
                                                 int max_power, FormMode mode) {
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

// Dense PPMI with optional context smoothing (exponent alpha) and shift.
inline Eigen::MatrixXd ppmi_matrix(const Eigen::MatrixXd &counts, double alpha = 1.0, double shift = 0.0) {
    const Eigen::Index v = counts.rows();
    const Eigen::VectorXd row = counts.rowwise().sum();
    const Eigen::RowVectorXd col = counts.colwise().sum();
    double norm = 0.0;
    for (Eigen::Index b = 0; b < v; ++b)
        if (col(b) > 0) norm += std::pow(col(b), alpha);
    Eigen::MatrixXd ppmi = Eigen::MatrixXd::Zero(v, v);
    for (Eigen::Index a = 0; a < v; ++a)
        for (Eigen::Index b = 0; b < v; ++b) {
            const double c = counts(a, b);
            if (c > 0) {
                const double p_ctx = std::pow(col(b), alpha) / norm;
                ppmi(a, b) = std::max(0.0, std::log(c / (row(a) * p_ctx)) - shift);
            }
        }
    return ppmi;
}

struct DenseSvd {
    Eigen::MatrixXd embedding;  // U_d sqrt(S_d), column signs fixed (largest-|.| entry positive)
    Eigen::MatrixXd u;          // all left singular vectors
    Eigen::VectorXd s;          // all singular values, descending
};

inline DenseSvd ppmi_svd(const Eigen::MatrixXd &ppmi, int d) {
    Eigen::BDCSVD<Eigen::MatrixXd> svd(ppmi, Eigen::ComputeThinU);
    DenseSvd out;
    out.u = svd.matrixU();
    out.s = svd.singularValues();
    Eigen::MatrixXd e = out.u.leftCols(d) * out.s.head(d).cwiseSqrt().asDiagonal();
    for (Eigen::Index j = 0; j < d; ++j) {
        Eigen::Index imax;
        e.col(j).cwiseAbs().maxCoeff(&imax);
        if (e(imax, j) < 0) e.col(j) *= -1;
    }
    out.embedding = e;
    return out;
}

// Cosines of the principal angles between the column spans of two matrices
// with orthonormal columns, descending.
inline Eigen::VectorXd principal_cosines(const Eigen::MatrixXd &U, const Eigen::MatrixXd &W) {
    return Eigen::JacobiSVD<Eigen::MatrixXd>(U.transpose() * W).singularValues();
}

}  // namespace reference
