#include "transition/transition.hpp"

#include "core/error.hpp"
#include "transition/spmm.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <omp.h>

namespace pr::transition {

Transition::Transition(const CountsCsr &counts, const Options &opts) : opts_(opts), counts_(counts) {
    V_ = counts.vocab_size;
    if (V_ == 0) fail(PR_ERR_INVALID_ARGUMENT, "argument 'corpus': vocab_size = 0");
    if (counts.row_ptr.size() != size_t(V_) + 1)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'corpus': row_ptr has ", counts.row_ptr.size(),
             " entries, expected vocab_size + 1 = ", size_t(V_) + 1);
    if (counts.col.size() != counts.count.size() || counts.row_ptr.front() != 0 ||
        counts.row_ptr.back() != counts.col.size())
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'corpus': inconsistent CSR (row_ptr ends at ",
             counts.row_ptr.back(), ", nnz = ", counts.col.size(), ", counts = ", counts.count.size(), ")");
    if (counts.col.empty())
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'corpus': the corpus is empty (no bigram counted)");
    if (!(opts.alpha >= 0.0) || !std::isfinite(opts.alpha))
        fail(PR_ERR_INVALID_ARGUMENT, "option 'alpha' = ", opts.alpha, ": must be finite and >= 0");
    const int dang = int(opts.dangling);
    if (dang < 0 || dang > 2)
        fail(PR_ERR_INVALID_ARGUMENT, "option 'dangling' = ", dang, ": not a pr_dangling_policy");
    const int sm = int(opts.stationary);
    if (sm < 0 || sm > 1)
        fail(PR_ERR_INVALID_ARGUMENT, "option 'stationary' = ", sm, ": not a pr_stationary_method");
    if (!(opts.tolerance > 0.0))
        fail(PR_ERR_INVALID_ARGUMENT, "option 'tolerance' = ", opts.tolerance, ": must be > 0");
    if (opts.max_iterations == 0)
        fail(PR_ERR_INVALID_ARGUMENT, "option 'max_iterations' = 0: must be >= 1");
    build(opts);
    compute_stationary();
}

int Transition::threads() const { return opts_.threads > 0 ? opts_.threads : omp_get_max_threads(); }

void Transition::build(const Options &opts) {
    const CountsCsr &c = counts_;
    row_ptr_.assign(size_t(V_) + 1, 0);
    u_.assign(V_, 0.0);
    g_.assign(V_, 0);
    col_.reserve(c.col.size() + 16);
    sval_.reserve(c.col.size() + 16);
    const double aV = opts.alpha * double(V_);
    for (uint32_t a = 0; a < V_; ++a) {
        uint64_t r = 0;
        for (uint64_t e = c.row_ptr[a]; e < c.row_ptr[a + 1]; ++e) {
            if (c.col[e] >= V_)
                fail(PR_ERR_INVALID_ARGUMENT, "argument 'corpus': column ", c.col[e], " >= vocab_size ", V_,
                     " in row ", a);
            if (e > c.row_ptr[a] && c.col[e] <= c.col[e - 1])
                fail(PR_ERR_INVALID_ARGUMENT, "argument 'corpus': columns of row ", a, " are not strictly increasing");
            r += c.count[e];
        }
        if (r == 0) {
            ++dangling_;
            switch (opts.dangling) {
            case Dangling::uniform: u_[a] = 1.0 / double(V_); break;
            case Dangling::self_loop: col_.push_back(a); sval_.push_back(1.0); break;
            case Dangling::stationary: g_[a] = 1; any_g_ = true; break;
            }
        } else {
            const double denom = double(r) + aV;
            for (uint64_t e = c.row_ptr[a]; e < c.row_ptr[a + 1]; ++e) {
                if (c.count[e] == 0) continue;
                col_.push_back(c.col[e]);
                sval_.push_back(double(c.count[e]) / denom);
            }
            u_[a] = opts.alpha / denom;
        }
        row_ptr_[a + 1] = col_.size();
    }
    fval_.assign(sval_.begin(), sval_.end());

    // S^T by counting sort on columns.
    t_ptr_.assign(size_t(V_) + 1, 0);
    for (uint32_t b : col_) ++t_ptr_[b + 1];
    for (uint32_t b = 0; b < V_; ++b) t_ptr_[b + 1] += t_ptr_[b];
    t_row_.resize(col_.size());
    t_val_.resize(col_.size());
    std::vector<uint64_t> next(t_ptr_.begin(), t_ptr_.end() - 1);
    for (uint32_t a = 0; a < V_; ++a)
        for (uint64_t e = row_ptr_[a]; e < row_ptr_[a + 1]; ++e) {
            const uint64_t k = next[col_[e]]++;
            t_row_[k] = a;
            t_val_[k] = sval_[e];
        }
}

void Transition::apply(const float *X, size_t d, float *Y) const {
    std::vector<float> c, p;
    RankOneTerms extra;
    const bool any_u = std::any_of(u_.begin(), u_.end(), [](double w) { return w != 0.0; });
    if (any_u) {
        // c = 1^T X (column sums) in double, then rounded.
        std::vector<double> s(d, 0.0);
        for (size_t a = 0; a < V_; ++a)
            for (size_t j = 0; j < d; ++j) s[j] += X[a * d + j];
        c.assign(s.begin(), s.end());
        extra.u = u_.data();
        extra.c = c.data();
    }
    if (any_g_) {
        std::vector<double> s(d, 0.0);
        for (size_t a = 0; a < V_; ++a)
            for (size_t j = 0; j < d; ++j) s[j] += pi_[a] * X[a * d + j];
        p.assign(s.begin(), s.end());
        extra.g = g_.data();
        extra.p = p.data();
    }
    spmm_f32(V_, row_ptr_.data(), col_.data(), fval_.data(), X, d, Y, extra, threads());
}

void Transition::apply_transpose(const double *x, double *y) const {
    // (S + u 1^T + g q^T)^T x = S^T x + (u.x) 1 + (g.x) q, with q = pi.
    double ux = 0.0, gx = 0.0;
    for (uint32_t a = 0; a < V_; ++a) {
        ux += u_[a] * x[a];
        if (g_[a]) gx += x[a];
    }
    const int nt = threads();
#pragma omp parallel for schedule(dynamic, 256) num_threads(nt) if (V_ > 4096)
    for (int64_t bi = 0; bi < int64_t(V_); ++bi) {
        double s = ux;
        for (uint64_t e = t_ptr_[bi]; e < t_ptr_[bi + 1]; ++e) s += t_val_[e] * x[t_row_[e]];
        if (any_g_) s += gx * pi_[bi];
        y[bi] = s;
    }
}

double Transition::sparse_entry(uint32_t a, uint32_t b) const {
    const auto first = col_.begin() + row_ptr_[a], last = col_.begin() + row_ptr_[a + 1];
    const auto it = std::lower_bound(first, last, b);
    return (it != last && *it == b) ? sval_[size_t(it - col_.begin())] : 0.0;
}

double Transition::entry(uint32_t a, uint32_t b) const {
    if (a >= V_ || b >= V_) fail(PR_ERR_OUT_OF_RANGE, "entry (", a, ", ", b, ") outside vocab_size ", V_);
    return sparse_entry(a, b) + u_[a] + (g_[a] ? pi_[b] : 0.0);
}

void Transition::compute_stationary() {
    // Start from the unigram frequencies (the stationary distribution of a
    // long stream, up to the boundary token).
    pi_.assign(V_, 0.0);
    double total = 0.0;
    const bool have_unigram = counts_.unigram.size() == V_;
    for (uint32_t a = 0; a < V_; ++a) {
        const double w = have_unigram ? double(counts_.unigram[a])
                                      : double(counts_.row_ptr[a + 1] - counts_.row_ptr[a] > 0);
        pi_[a] = w;
        total += w;
    }
    if (!(total > 0.0)) {
        std::fill(pi_.begin(), pi_.end(), 1.0 / double(V_));
    } else {
        for (double &p : pi_) p /= total;
    }
    report_ = StationaryReport{};
    report_.method = opts_.stationary;
    std::vector<double> y(V_);
    auto residual = [&](const std::vector<double> &x) {
        apply_transpose(x.data(), y.data());
        double r = 0.0;
        for (uint32_t a = 0; a < V_; ++a) r += std::fabs(y[a] - x[a]);
        return r;
    };
    if (opts_.stationary == StationaryMethod::unigram) {
        report_.residual = residual(pi_);
        report_.converged = true;
        return;
    }
    // Lazy power iteration x <- (x + x T)/2: same fixed points as x T, but it
    // converges for periodic chains too.  With the stationary dangling policy
    // the jump target is the current iterate, so the fixed point is the
    // quasi-stationary distribution of the sub-stochastic part.
    for (uint32_t it = 1; it <= opts_.max_iterations; ++it) {
        apply_transpose(pi_.data(), y.data());
        double r = 0.0, s = 0.0;
        for (uint32_t a = 0; a < V_; ++a) {
            r += std::fabs(y[a] - pi_[a]);
            const double v = 0.5 * (pi_[a] + y[a]);
            y[a] = v;
            s += v;
        }
        for (uint32_t a = 0; a < V_; ++a) pi_[a] = y[a] / s;
        report_.iterations = it;
        report_.residual = r;
        if (r <= opts_.tolerance) {
            report_.converged = true;
            break;
        }
    }
    report_.residual = residual(pi_);
    report_.converged = report_.residual <= opts_.tolerance;
}

Irreversibility Transition::irreversibility() const {
    // F = Pi T - T^T Pi = F_s + R, with F_s = Pi S - S^T Pi sparse and
    // R = a 1^T - 1 a^T + b pi^T - pi b^T  (a = pi.u, b = pi.g) of rank <= 4.
    // ||F||^2 = ||F_s||^2 + 2 <F_s, R> + ||R||^2, each in O(nnz) or O(V).
    const std::vector<double> &pi = pi_;
    std::vector<double> av(V_), bv(V_);
    for (uint32_t i = 0; i < V_; ++i) {
        av[i] = pi[i] * u_[i];
        bv[i] = g_[i] ? pi[i] : 0.0;
    }
    auto R = [&](uint32_t i, uint32_t j) { return av[i] - av[j] + bv[i] * pi[j] - pi[i] * bv[j]; };
    auto Tfull = [&](uint32_t i, uint32_t j, double s) { return s + u_[i] + (g_[i] ? pi[j] : 0.0); };

    double fs2 = 0.0, fsr = 0.0, ep_sparse = 0.0, ep_lowrank_on_pattern = 0.0;
    uint64_t one_way = 0, one_way_lowrank_on_pattern = 0;
    const bool lowrank = any_g_ || std::any_of(u_.begin(), u_.end(), [](double w) { return w != 0.0; });
    const int nt = threads();
#pragma omp parallel for schedule(dynamic, 256) num_threads(nt) \
    reduction(+ : fs2, fsr, ep_sparse, ep_lowrank_on_pattern, one_way, one_way_lowrank_on_pattern)
    for (int64_t ai = 0; ai < int64_t(V_); ++ai) {
        const uint32_t a = uint32_t(ai);
        for (uint64_t e = row_ptr_[a]; e < row_ptr_[a + 1]; ++e) {
            const uint32_t b = col_[e];
            if (b == a) continue;
            const double sab = sval_[e];
            const double sba = sparse_entry(b, a);
            // Each unordered pair once: from the smaller index, or from the
            // only side that has an entry.
            if (sba != 0.0 && b < a) continue;
            const double f = pi[a] * sab - pi[b] * sba;  // F_s[a,b] = -F_s[b,a]
            fs2 += 2.0 * f * f;
            fsr += 2.0 * f * R(a, b);
            const double tab = Tfull(a, b, sab), tba = Tfull(b, a, sba);
            const double jab = pi[a] * tab - pi[b] * tba;
            if (pi[a] * tab > 0.0 && pi[b] * tba > 0.0) {
                ep_sparse += jab * std::log((pi[a] * tab) / (pi[b] * tba));
            } else if (jab != 0.0) {
                one_way += 1;
            }
            if (lowrank) {
                const double la = Tfull(a, b, 0.0), lb = Tfull(b, a, 0.0);
                const double jl = pi[a] * la - pi[b] * lb;
                if (pi[a] * la > 0.0 && pi[b] * lb > 0.0)
                    ep_lowrank_on_pattern += jl * std::log((pi[a] * la) / (pi[b] * lb));
                else if (jl != 0.0)
                    one_way_lowrank_on_pattern += 1;
            }
        }
    }
    // ||R||^2 with R = X Y^T, X = [a, 1, b, pi], Y = [1, -a, pi, -b].
    double R2 = 0.0;
    if (lowrank) {
        const std::vector<double> one(V_, 1.0);
        std::vector<double> na(V_), nb(V_);
        for (uint32_t i = 0; i < V_; ++i) { na[i] = -av[i]; nb[i] = -bv[i]; }
        const std::vector<const std::vector<double> *> X{&av, &one, &bv, &pi}, Y{&one, &na, &pi, &nb};
        double gx[4][4], gy[4][4];
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 4; ++j) {
                double sx = 0.0, sy = 0.0;
                for (uint32_t k = 0; k < V_; ++k) {
                    sx += (*X[i])[k] * (*X[j])[k];
                    sy += (*Y[i])[k] * (*Y[j])[k];
                }
                gx[i][j] = sx;
                gy[i][j] = sy;
            }
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 4; ++j) R2 += gx[i][j] * gy[j][i];
    }
    Irreversibility out;
    out.flux_frobenius = std::sqrt(std::max(0.0, fs2 + 2.0 * fsr + R2));

    // Entropy production: the pairs off the sparse pattern only see the
    // low-rank part.  Sum it over all pairs (O(V^2), only when it exists) and
    // swap the pattern pairs' low-rank contribution for their true one.
    double ep_lowrank_all = 0.0;
    uint64_t one_way_lowrank_all = 0;
    if (lowrank) {
#pragma omp parallel for schedule(dynamic, 64) num_threads(nt) reduction(+ : ep_lowrank_all, one_way_lowrank_all)
        for (int64_t ai = 0; ai < int64_t(V_); ++ai) {
            const uint32_t a = uint32_t(ai);
            for (uint32_t b = a + 1; b < V_; ++b) {
                const double la = pi[a] * Tfull(a, b, 0.0), lb = pi[b] * Tfull(b, a, 0.0);
                if (la > 0.0 && lb > 0.0)
                    ep_lowrank_all += (la - lb) * std::log(la / lb);
                else if (la != lb)
                    one_way_lowrank_all += 1;
            }
        }
    }
    one_way += one_way_lowrank_all - one_way_lowrank_on_pattern;
    out.one_way_pairs = one_way;
    out.entropy_production = one_way > 0 ? std::numeric_limits<double>::infinity()
                                         : ep_sparse + ep_lowrank_all - ep_lowrank_on_pattern;
    return out;
}

}  // namespace pr::transition
