#include "transition/ppmi_svd.hpp"

#include "core/error.hpp"
#include "transition/randomized_svd.hpp"

#include <cmath>
#include <omp.h>

namespace pr::transition {

void check_ppmi_options(const PpmiOptions &o) {
    if (!(o.context_alpha > 0.0 && o.context_alpha <= 1.0))
        fail(PR_ERR_INVALID_ARGUMENT, "option 'context_alpha' = ", o.context_alpha, ": must be in (0, 1] (1 = no smoothing)");
    if (!(o.shift >= 0.0) || !std::isfinite(o.shift))
        fail(PR_ERR_INVALID_ARGUMENT, "option 'shift' = ", o.shift, ": must be finite and >= 0");
    if (o.power_iterations > 64)
        fail(PR_ERR_INVALID_ARGUMENT, "option 'power_iterations' = ", o.power_iterations, ": must be <= 64");
    if (o.oversampling > 4096)
        fail(PR_ERR_INVALID_ARGUMENT, "option 'oversampling' = ", o.oversampling, ": must be <= 4096");
}

SparseRows ppmi_matrix(const CountsCsr &c, const PpmiOptions &o) {
    check_ppmi_options(o);
    const uint32_t V = c.vocab_size;
    if (V == 0) fail(PR_ERR_INVALID_ARGUMENT, "argument 'corpus': vocab_size = 0");
    if (c.row_ptr.size() != size_t(V) + 1 || c.col.size() != c.count.size() || c.row_ptr.back() != c.col.size())
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'corpus': inconsistent CSR counts");
    std::vector<double> row(V, 0.0), ctx(V, 0.0);
    double total = 0.0;
    for (uint32_t a = 0; a < V; ++a)
        for (uint64_t e = c.row_ptr[a]; e < c.row_ptr[size_t(a) + 1]; ++e) {
            if (c.col[e] >= V)
                fail(PR_ERR_INVALID_ARGUMENT, "argument 'corpus': column ", c.col[e], " >= vocab_size ", V, " in row ", a);
            const double n = double(c.count[e]);
            row[a] += n;
            ctx[c.col[e]] += n;
            total += n;
        }
    if (!(total > 0.0)) fail(PR_ERR_INVALID_ARGUMENT, "argument 'corpus': the corpus is empty (no bigram counted)");
    // log P_ctx(b): log(C[.,b] / N), or with smoothing log(C[.,b]^alpha / sum C^alpha).
    std::vector<double> log_ctx(V, 0.0), log_row(V, 0.0);
    double ctx_norm = 0.0;
    for (uint32_t b = 0; b < V; ++b)
        if (ctx[b] > 0) ctx_norm += o.context_alpha == 1.0 ? ctx[b] : std::pow(ctx[b], o.context_alpha);
    for (uint32_t a = 0; a < V; ++a) {
        if (ctx[a] > 0) log_ctx[a] = o.context_alpha * std::log(ctx[a]) - std::log(ctx_norm);
        if (row[a] > 0) log_row[a] = std::log(row[a]);
    }
    auto ppmi = [&](uint32_t a, uint64_t e) {
        if (c.count[e] == 0) return 0.0;
        return std::log(double(c.count[e])) - log_row[a] - log_ctx[c.col[e]] - o.shift;
    };
    // Two passes over the rows (count the positives, then fill), both parallel.
    SparseRows P;
    P.rows = P.cols = V;
    P.row_ptr.assign(size_t(V) + 1, 0);
    const int nt = o.threads > 0 ? o.threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 256) num_threads(nt)
    for (int64_t ai = 0; ai < int64_t(V); ++ai) {
        uint64_t k = 0;
        for (uint64_t e = c.row_ptr[size_t(ai)]; e < c.row_ptr[size_t(ai) + 1]; ++e) k += ppmi(uint32_t(ai), e) > 0.0;
        P.row_ptr[size_t(ai) + 1] = k;
    }
    for (size_t a = 0; a < V; ++a) P.row_ptr[a + 1] += P.row_ptr[a];
    P.col.resize(P.row_ptr.back());
    P.val.resize(P.row_ptr.back());
#pragma omp parallel for schedule(dynamic, 256) num_threads(nt)
    for (int64_t ai = 0; ai < int64_t(V); ++ai) {
        uint64_t p = P.row_ptr[size_t(ai)];
        for (uint64_t e = c.row_ptr[size_t(ai)]; e < c.row_ptr[size_t(ai) + 1]; ++e) {
            const double v = ppmi(uint32_t(ai), e);
            if (v > 0.0) {
                P.col[p] = c.col[e];
                P.val[p++] = v;
            }
        }
    }
    return P;
}

void ppmi_svd_embeddings(const CountsCsr &counts, const PpmiOptions &opts, float *E, size_t rows, size_t d,
                         double *singular_values, const Progress &progress) {
    require_nonnull(E, "E");
    check_ppmi_options(opts);
    const uint32_t V = counts.vocab_size;
    if (d == 0) fail(PR_ERR_INVALID_ARGUMENT, "argument 'd' = 0: the embedding needs at least one column");
    if (V > 0 && d > V)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'd' = ", d, ": must be <= vocab_size ", V, " (the rank of a V x V matrix)");
    if (rows != V) fail(PR_ERR_MISMATCH, "argument 'rows' = ", rows, ": must equal the corpus's vocab_size ", V);
    const SparseRows P = ppmi_matrix(counts, opts);
    if (P.nnz() == 0)
        fail(PR_ERR_NUMERIC, "the PPMI matrix is zero: no pair occurs more often than chance",
             opts.shift > 0 ? " after the shift" : "", " (nothing to embed)");
    RandomizedSvdOptions so;
    so.oversampling = opts.oversampling;
    so.power_iterations = opts.power_iterations;
    so.seed = opts.seed;
    so.threads = opts.threads;
    const TruncatedSvd svd = randomized_svd(P, P.transposed(), d, so, progress);
    Eigen::MatrixXd emb = svd.U * svd.S.cwiseMax(0.0).cwiseSqrt().asDiagonal();
    for (Eigen::Index j = 0; j < emb.cols(); ++j) {
        Eigen::Index imax = 0;
        emb.col(j).cwiseAbs().maxCoeff(&imax);
        if (emb(imax, j) < 0) emb.col(j) *= -1.0;
    }
    for (size_t a = 0; a < rows; ++a)
        for (size_t j = 0; j < d; ++j) E[a * d + j] = float(emb(Eigen::Index(a), Eigen::Index(j)));
    if (singular_values)
        for (size_t j = 0; j < d; ++j) singular_values[j] = svd.S(Eigen::Index(j));
}

}  // namespace pr::transition
