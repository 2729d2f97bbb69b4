// Test helpers for the transition family: count token streams into CSR and
// dense double references built independently of the sparse code.
#pragma once

#include "core/error.hpp"
#include "corpus/counts_csr.hpp"
#include "transition/eigen.hpp"
#include "transition/transition.hpp"

#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace prtest {

inline bool sanitized() {
    const char *s = std::getenv("PRSPREAD_SANITIZED");
    return s && std::string(s) == "1";
}

inline Eigen::VectorXd to_eigen(const std::vector<double> &v) {
    return Eigen::Map<const Eigen::VectorXd>(v.data(), Eigen::Index(v.size()));
}

inline pr::CountsCsr count_tokens(const std::vector<uint32_t> &ids, uint32_t V) {
    std::vector<std::map<uint32_t, uint64_t>> rows(V);
    pr::CountsCsr c;
    c.vocab_size = V;
    c.unigram.assign(V, 0);
    for (size_t i = 0; i < ids.size(); ++i) {
        c.unigram[ids[i]] += 1;
        if (i + 1 < ids.size()) rows[ids[i]][ids[i + 1]] += 1;
    }
    c.row_ptr.push_back(0);
    for (const auto &r : rows) {
        for (const auto &kv : r) {
            c.col.push_back(kv.first);
            c.count.push_back(kv.second);
        }
        c.row_ptr.push_back(c.col.size());
    }
    return c;
}

// A random stream from a sparse random Markov chain (each token has a few
// successors), so the counts are sparse and irreversible.
inline std::vector<uint32_t> random_stream(uint32_t V, size_t n, uint64_t seed, int fanout = 4) {
    std::mt19937_64 rng(seed);
    std::vector<std::vector<uint32_t>> next(V);
    std::uniform_int_distribution<uint32_t> tok(0, V - 1);
    for (auto &s : next)
        for (int i = 0; i < fanout; ++i) s.push_back(tok(rng));
    std::vector<uint32_t> out;
    uint32_t cur = 0;
    std::uniform_int_distribution<int> pick(0, fanout - 1);
    std::uniform_real_distribution<double> u(0, 1);
    for (size_t i = 0; i < n; ++i) {
        out.push_back(cur);
        cur = u(rng) < 0.1 ? tok(rng) : next[cur][size_t(pick(rng))];
    }
    return out;
}

// Dense T straight from the definition, given pi for the stationary policy.
inline Eigen::MatrixXd dense_T(const pr::CountsCsr &c, const pr::transition::Options &o, const Eigen::VectorXd &pi) {
    const int V = int(c.vocab_size);
    Eigen::MatrixXd C = Eigen::MatrixXd::Zero(V, V);
    for (int a = 0; a < V; ++a)
        for (uint64_t e = c.row_ptr[size_t(a)]; e < c.row_ptr[size_t(a) + 1]; ++e) C(a, int(c.col[e])) += double(c.count[e]);
    Eigen::MatrixXd T(V, V);
    for (int a = 0; a < V; ++a) {
        const double r = C.row(a).sum();
        if (r == 0) {
            switch (o.dangling) {
            case pr::transition::Dangling::uniform: T.row(a).setConstant(1.0 / V); break;
            case pr::transition::Dangling::self_loop: T.row(a).setZero(); T(a, a) = 1.0; break;
            case pr::transition::Dangling::stationary: T.row(a) = pi.transpose(); break;
            }
        } else {
            T.row(a) = (C.row(a).array() + o.alpha) / (r + o.alpha * V);
        }
    }
    return T;
}

inline Eigen::MatrixXf random_embeddings(int V, int d, uint64_t seed, float mean_strength) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> n;
    Eigen::VectorXf m(d);
    for (int j = 0; j < d; ++j) m[j] = n(rng);
    Eigen::MatrixXf E(V, d);
    for (int a = 0; a < V; ++a)
        for (int j = 0; j < d; ++j) E(a, j) = n(rng) + mean_strength * m[j];
    return E;
}

using RowMatF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace prtest
