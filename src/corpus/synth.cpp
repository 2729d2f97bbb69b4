#include "corpus/synth.hpp"

#include "core/error.hpp"
#include "core/rng.hpp"

#include <cmath>

namespace pr::corpus {
namespace {

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Xoshiro256::Xoshiro256(uint64_t seed) {
    for (uint64_t &s : s_) s = splitmix64(seed);
}

uint64_t Xoshiro256::next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

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
        Xoshiro256 row_rng(cfg_.seed * 0x100000001b3ull + a + 1);
        for (uint32_t j = 0; j < K; ++j) succ_[size_t(a) * K + j] = sample_base(row_rng);
    }
}

uint32_t Synth::sample_base(Xoshiro256 &rng) const {
    const uint64_t r = rng.next();
    const uint32_t b = uint32_t(((r >> 32) * uint64_t(cfg_.vocab_size)) >> 32);
    const double u = double(r & 0xffffffffull) * 0x1.0p-32;
    return u < alias_prob_[b] ? b : alias_[b];
}

void Synth::reset() {
    rng_ = Xoshiro256(cfg_.seed);
    started_ = false;
}

void Synth::generate(uint32_t *out, size_t n) {
    const uint32_t K = cfg_.successors;
    const double beta = cfg_.structure;
    for (size_t i = 0; i < n; ++i) {
        if (!started_) {
            state_ = sample_base(rng_);
            started_ = true;
        } else if (rng_.uniform() < beta) {
            const double u = rng_.uniform();
            uint32_t j = 0;
            while (j + 1 < K && u >= w_cdf_[j]) ++j;
            state_ = succ_[size_t(state_) * K + j];
        } else {
            state_ = sample_base(rng_);
        }
        out[i] = state_;
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
