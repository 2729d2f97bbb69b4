// The row-stochastic transition matrix T of a bigram count table, kept in the
// form  T = S + u 1^T + g pi^T  so it is never densified:
//   S   sparse (CSR): C[a,b] / (r_a + alpha V) for rows with counts, plus a
//       unit diagonal entry for empty rows under the self-loop policy;
//   u   per-row weight of the uniform row 1^T: alpha / (r_a + alpha V) for
//       rows with counts (additive smoothing), 1/V for empty rows under the
//       uniform policy;
//   g   1 for empty rows under the stationary policy (they jump to pi).
// Statistics (pi, irreversibility) are computed in double from the counts;
// the sparse x dense kernel uses float32 copies of S's values.
#pragma once

#include "corpus/counts_csr.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pr::transition {

enum class Dangling : int { uniform = 0, self_loop = 1, stationary = 2 };
enum class StationaryMethod : int { power = 0, unigram = 1 };

struct Options {
    double alpha = 0.0;                  // additive smoothing per cell
    Dangling dangling = Dangling::uniform;
    StationaryMethod stationary = StationaryMethod::power;
    double tolerance = 1e-12;            // L1 residual ||pi T - pi||_1
    uint32_t max_iterations = 10000;
    int threads = 0;                     // 0 = OpenMP default
};

struct StationaryReport {
    StationaryMethod method = StationaryMethod::power;
    uint32_t iterations = 0;
    double residual = 0.0;  // ||pi T - pi||_1 of the returned pi
    bool converged = false;
};

struct Irreversibility {
    double flux_frobenius = 0.0;       // ||Pi T - T^T Pi||_F
    double entropy_production = 0.0;   // sum_{a<b} J_ab log(pi_a T_ab / pi_b T_ba); +inf if one-way
    uint64_t one_way_pairs = 0;        // unordered pairs {a,b}, a != b, with exactly one of T_ab, T_ba > 0
};

class Transition {
public:
    Transition(const CountsCsr &counts, const Options &opts);

    uint32_t vocab_size() const { return V_; }
    uint64_t nnz() const { return col_.size(); }           // entries of S
    uint64_t dangling_rows() const { return dangling_; }
    const Options &options() const { return opts_; }
    const std::vector<double> &stationary() const { return pi_; }
    const StationaryReport &stationary_report() const { return report_; }
    int threads() const;

    // Y = T X for a row-major rows x d float32 block (rows == V).  X and Y
    // must not overlap.
    void apply(const float *X, size_t d, float *Y) const;
    // y = T^T x in double (x, y of length V; may not alias).
    void apply_transpose(const double *x, double *y) const;
    // T[a,b] in double (O(log nnz_row)).
    double entry(uint32_t a, uint32_t b) const;

    Irreversibility irreversibility() const;

    // Access for the projection and embedding code.
    const std::vector<uint64_t> &row_ptr() const { return row_ptr_; }
    const std::vector<uint32_t> &col() const { return col_; }
    const std::vector<double> &sval() const { return sval_; }
    const std::vector<double> &uniform_weight() const { return u_; }
    const std::vector<uint8_t> &to_stationary() const { return g_; }
    const CountsCsr &counts() const { return counts_; }

private:
    void build(const Options &opts);
    void compute_stationary();
    double sparse_entry(uint32_t a, uint32_t b) const;

    Options opts_;
    uint32_t V_ = 0;
    uint64_t dangling_ = 0;
    bool any_g_ = false;
    CountsCsr counts_;
    std::vector<uint64_t> row_ptr_;
    std::vector<uint32_t> col_;
    std::vector<double> sval_;
    std::vector<float> fval_;
    // S^T in CSR (columns of S), for T^T x.
    std::vector<uint64_t> t_ptr_;
    std::vector<uint32_t> t_row_;
    std::vector<double> t_val_;
    std::vector<double> u_;
    std::vector<uint8_t> g_;
    std::vector<double> pi_;
    StationaryReport report_;
};

}  // namespace pr::transition
