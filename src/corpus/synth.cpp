#include "corpus/synth.hpp"

#include "core/error.hpp"
#include "core/rng.hpp"

#include <cmath>

namespace pr::corpus {
Synth::Synth(const SynthConfig &cfg) : cfg_(cfg), rng_(cfg.seed) {
    if (cfg_.vocab_size == 0) fail(PR_ERR_INVALID_ARGUMENT, "argument 'options.vocab_size' = 0: must be >= 1");
    if (!(cfg_.zipf_exponent >= 0.0 && cfg_.zipf_exponent <= 10.0))
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'options.zipf_exponent' = ", cfg_.zipf_exponent, ": must be in [0, 10]");
    if (!(cfg_.structure >= 0.0 && cfg_.structure < 1.0))
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'options.structure' = ", cfg_.structure, ": must be in [0, 1)");
    if (cfg_.successors == 0 || cfg_.successors > 64)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'options.successors' = ", cfg_.successors, ": must be in 1..64");
    if (!(cfg_.decay > 0.0 && cfg_.decay <= 1.0))
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'options.decay' = ", cfg_.decay, ": must be in (0, 1]");
    if (cfg_.lag == 0 || cfg_.lag > 64)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'options.lag' = ", cfg_.lag, ": must be in 1..64");
    const uint32_t V = cfg_.vocab_size, K = cfg_.successors;

    q_.resize(V);
    double z = 0;
    for (uint32_t b = 0; b < V; ++b) z += q_[b] = std::pow(double(b) + 1.0, -cfg_.zipf_exponent);
    for (double &x : q_) x /= z;

    // Walker's alias table for O(1) draws from q.
    alias_prob_.assign(V, 0.0);
    alias_.assign(V, 0);
    std::vector<double> scaled(V);
    std::vector<uint32_t> small, large;
    for (uint32_t b = 0; b < V; ++b) {
        scaled[b] = q_[b] * V;
        (scaled[b] < 1.0 ? small : large).push_back(b);
    }
    while (!small.empty() && !large.empty()) {
        const uint32_t s = small.back(), l = large.back();
        small.pop_back();
        alias_prob_[s] = scaled[s];
        alias_[s] = l;
        scaled[l] -= 1.0 - scaled[s];
        if (scaled[l] < 1.0) {
            large.pop_back();
            small.push_back(l);
        }
    }
    for (uint32_t b : large) alias_prob_[b] = 1.0, alias_[b] = b;
    for (uint32_t b : small) alias_prob_[b] = 1.0, alias_[b] = b;

    w_.resize(K);
    double wz = 0;
    for (uint32_t j = 0; j < K; ++j) wz += w_[j] = std::pow(cfg_.decay, double(j));
    w_cdf_.resize(K);
    double acc = 0;
    for (uint32_t j = 0; j < K; ++j) w_cdf_[j] = acc += (w_[j] /= wz);
    w_cdf_[K - 1] = 1.0;

    succ_.resize(size_t(V) * K);
    for (uint32_t a = 0; a < V; ++a) {
        Rng row_rng(cfg_.seed, a, 0x5355434353u);  // "SUCCS": row a's own stream
        for (uint32_t j = 0; j < K; ++j) succ_[size_t(a) * K + j] = sample_base(row_rng);
    }
}

uint32_t Synth::sample_base(Rng &rng) const {
    const uint64_t r = rng.next();
    const uint32_t b = uint32_t(((r >> 32) * uint64_t(cfg_.vocab_size)) >> 32);
    const double u = double(r & 0xffffffffull) * 0x1.0p-32;
    return u < alias_prob_[b] ? b : alias_[b];
}

void Synth::reset() {
    rng_ = Rng(cfg_.seed);
    history_.clear();
    started_ = false;
}

void Synth::generate(uint32_t *out, size_t n) {
    const uint32_t K = cfg_.successors, L = cfg_.lag;
    const double beta = cfg_.structure;
    for (size_t i = 0; i < n; ++i) {
        uint32_t next;
        if (!started_) {
            // The first L tokens have no token L back: fresh draws from q.
            next = sample_base(rng_);
            history_.push_back(next);
            started_ = history_.size() == L;
            out[i] = next;
            continue;
        }
        const uint32_t source = history_.front();  // the token L - 1 before the current one
        if (rng_.uniform01() < beta) {
            const double u = rng_.uniform01();
            uint32_t j = 0;
            while (j + 1 < K && u >= w_cdf_[j]) ++j;
            next = succ_[size_t(source) * K + j];
        } else {
            next = sample_base(rng_);
        }
        history_.erase(history_.begin());
        history_.push_back(next);
        out[i] = next;
    }
}

void Synth::successors(uint32_t a, std::vector<uint32_t> &ids, std::vector<double> &probs) const {
    if (a >= cfg_.vocab_size)
        fail(PR_ERR_OUT_OF_RANGE, "argument 'a' = ", a, ": must be < vocab_size ", cfg_.vocab_size);
    const uint32_t K = cfg_.successors;
    ids.assign(succ_.begin() + long(size_t(a) * K), succ_.begin() + long(size_t(a + 1) * K));
    probs.resize(K);
    for (uint32_t j = 0; j < K; ++j) probs[j] = cfg_.structure * w_[j];
}

void Synth::transition_row(uint32_t a, double *row) const {
    std::vector<uint32_t> ids;
    std::vector<double> probs;
    successors(a, ids, probs);
    for (uint32_t b = 0; b < cfg_.vocab_size; ++b) row[b] = (1.0 - cfg_.structure) * q_[b];
    for (size_t j = 0; j < ids.size(); ++j) row[ids[j]] += probs[j];
}

std::vector<double> Synth::stationary() const {
    // pi = (1 - beta) q + beta * (pi pushed along the successor links): a
    // contraction with rate beta, iterated until it stops moving.
    const uint32_t V = cfg_.vocab_size, K = cfg_.successors;
    std::vector<double> pi = q_, next(V);
    for (int it = 0; it < 10000; ++it) {
        for (uint32_t b = 0; b < V; ++b) next[b] = (1.0 - cfg_.structure) * q_[b];
        for (uint32_t a = 0; a < V; ++a)
            for (uint32_t j = 0; j < K; ++j) next[succ_[size_t(a) * K + j]] += cfg_.structure * w_[j] * pi[a];
        double diff = 0;
        for (uint32_t b = 0; b < V; ++b) diff += std::fabs(next[b] - pi[b]);
        pi.swap(next);
        if (diff < 1e-15) break;
    }
    return pi;
}

}  // namespace pr::corpus
