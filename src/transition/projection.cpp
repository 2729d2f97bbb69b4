#include "transition/projection.hpp"

#include "core/region.hpp"
#include "core/sgemm.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace pr::transition {
namespace {

constexpr size_t gemm_chunk_rows = 4096;

// Returns (X - 1 xs^T)^T diag(w) Y (d x d, double) for row-major V x d float
// blocks; w may be NULL (unit weights).  The shift is applied per chunk of
// rows before the float GEMM, so a large shared mean never has to cancel in
// float32 after the product, and each chunk's product is summed in double.
// Threads split the output's rows (core/sgemm: 1.4x Eigen's GEMM here).
Eigen::MatrixXd gram(const float *X, const Eigen::VectorXd &xs, const double *w, const float *Y, size_t V, size_t d,
                     int threads) {
    using RowMatF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::Index D = Eigen::Index(d);
    const int nt = threads > 0 ? threads : omp_get_max_threads();
    Eigen::MatrixXd out = Eigen::MatrixXd::Zero(D, D);
    RowMatF part(D, D);
    std::vector<float> xc(std::min(gemm_chunk_rows, V) * d);
    const std::vector<float> shift(xs.data(), xs.data() + D);
    for (size_t r0 = 0; r0 < V; r0 += gemm_chunk_rows) {
        const size_t n = std::min(gemm_chunk_rows, V - r0);
#pragma omp parallel num_threads(nt)
        {
#pragma omp for schedule(static)
            for (int64_t i = 0; i < int64_t(n); ++i) {
                const float wi = w ? float(w[r0 + size_t(i)]) : 1.0f;
                const float *x = X + (r0 + size_t(i)) * d;
                float *o = xc.data() + size_t(i) * d;
                for (size_t j = 0; j < d; ++j) o[j] = (x[j] - shift[j]) * wi;
            }
            // part = xc^T Y[r0 : r0 + n]; this thread's rows of part.
            const size_t t = size_t(omp_get_thread_num()), T = size_t(omp_get_num_threads());
            const size_t a = d * t / T, b = d * (t + 1) / T;
            if (b > a)
                sgemm(b - a, d, n, {xc.data() + a, 1, d}, {Y + r0 * d, d, 1}, part.data() + a * d, d, false);
        }
        out += part.cast<double>();
    }
    return out;
}

Eigen::VectorXd column_sums(const float *Y, size_t V, size_t d, const double *weights) {
    Eigen::VectorXd s = Eigen::VectorXd::Zero(Eigen::Index(d));
    for (size_t a = 0; a < V; ++a) {
        const double w = weights ? weights[a] : 1.0;
        if (w == 0.0) continue;
        for (size_t j = 0; j < d; ++j) s[Eigen::Index(j)] += w * double(Y[a * d + j]);
    }
    return s;
}

}  // namespace

const char *mode_name(Mode m) {
    switch (m) {
    case Mode::raw: return "raw";
    case Mode::center_embeddings: return "center_embeddings";
    case Mode::subtract_stationary: return "subtract_stationary";
    case Mode::flux: return "flux";
    }
    return "unknown";
}

void check_embeddings(const Transition &t, const float *E, size_t rows, size_t d) {
    require_nonnull(E, "E");
    if (d == 0) fail(PR_ERR_INVALID_ARGUMENT, "argument 'd' = 0: the embedding needs at least one column");
    if (rows != t.vocab_size())
        fail(PR_ERR_MISMATCH, "argument 'rows' = ", rows, ": the embedding must have one row per token, vocab_size = ",
             t.vocab_size());
    for (size_t a = 0; a < rows; ++a)
        for (size_t j = 0; j < d; ++j)
            if (!std::isfinite(E[a * d + j]))
                fail(PR_ERR_NUMERIC, "argument 'E': non-finite value ", E[a * d + j], " at row ", a, ", column ", j);
}

void project_powers(const Transition &t, const float *E, size_t rows, size_t d, uint32_t K, unsigned modes,
                    const Progress &progress, const ProjectionSink &sink) {
    check_embeddings(t, E, rows, d);
    if (K == 0) fail(PR_ERR_INVALID_ARGUMENT, "argument 'max_power' = 0: need K >= 1");
    if (modes == 0 || modes >= (1u << mode_count))
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'modes' = ", modes, ": not a set of pr_projection_mode bits");
    const size_t V = rows;
    const double *pi = t.stationary().data();
    auto has = [&](Mode m) { return (modes >> int(m)) & 1u; };

    // Powers act on the centred block E_c = E - 1 mu^T, so a large shared
    // mean never sits in the float32 iterates: Y_k = T^k E = Yc_k + 1 mu^T
    // (T 1 = 1).  With C = E_c^T Yc_k and c = 1^T Yc_k (double):
    //   raw                  C + mu c^T + V mu mu^T
    //   center_embeddings    C
    //   subtract_stationary  C + mu c^T + V mu (mu - pe)^T,  pe = E^T pi
    //   flux                 G - G^T,  G = E_c^T Pi Yc_k
    // (E_c^T 1 = 0, and the flux matrix has zero row and column sums.)
    const Eigen::VectorXd mu = column_sums(E, V, d, nullptr) / double(V);
    const Eigen::VectorXd pe = column_sums(E, V, d, pi);
    const double Vd = double(V);

    // Region, not std::vector: the sparse product reads rows of these blocks
    // in random order, and they need huge pages (see core/region.hpp).
    Region<float> buf_a(V * d), buf_b(V * d);
    for (size_t a = 0; a < V; ++a)
        for (size_t j = 0; j < d; ++j) buf_b[a * d + j] = float(double(E[a * d + j]) - mu[Eigen::Index(j)]);
    const float *prev = buf_b.data();
    float *next = buf_a.data();
    for (uint32_t k = 1; k <= K; ++k) {
        t.apply(prev, d, next);
        const float *Yc = next;
        if (has(Mode::raw) || has(Mode::center_embeddings) || has(Mode::subtract_stationary)) {
            const Eigen::MatrixXd C = gram(E, mu, nullptr, Yc, V, d, t.threads());
            const Eigen::VectorXd c = column_sums(Yc, V, d, nullptr);
            if (has(Mode::raw)) sink(k, Mode::raw, C + mu * c.transpose() + Vd * mu * mu.transpose());
            if (has(Mode::center_embeddings)) sink(k, Mode::center_embeddings, C);
            if (has(Mode::subtract_stationary))
                sink(k, Mode::subtract_stationary, C + mu * c.transpose() + Vd * mu * (mu - pe).transpose());
        }
        if (has(Mode::flux)) {
            const Eigen::MatrixXd G = gram(E, mu, pi, Yc, V, d, t.threads());
            sink(k, Mode::flux, G - G.transpose());
        }
        progress.report(k, K);
        prev = next;
        next = (next == buf_a.data()) ? buf_b.data() : buf_a.data();
    }
}

}  // namespace pr::transition
