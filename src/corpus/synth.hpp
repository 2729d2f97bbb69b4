// A seeded synthetic token source with known ground truth: a Markov chain
// whose row a is the mixture
//
//     T[a, :] = (1 - beta) q  +  beta * sum_j w_j delta(succ(a, j))
//
// q is Zipf over ids (q_b proportional to (b + 1)^-s), succ(a, 0..K-1) are K
// successors of a drawn from q with a seed derived from (seed, a), and
// w_j = gamma^j / sum gamma^i.  The successor links make the chain
// directional (a -> succ(a, j) is likely, the reverse usually not), so the
// flux Pi T - T^T Pi is far from zero; unigrams stay close to Zipf.
//
// With lag L > 1 the same kernel acts at distance L: token t + 1 follows a
// successor link of token t + 1 - L (for L = 2, the token two back), or is a
// fresh draw from q.  The stream is then L interleaved copies of the chain,
// and the previous token alone says nothing about the next one beyond q: a
// model gains only by attending L - 1 positions back.  That makes L = 2 the
// ground truth where attention structure must help, and L = 1 the true
// negative (the current token carries everything that predicts the next).
// transition_row and stationary describe the kernel at distance L.
//
// Everything is reproducible across platforms: the library's one generator
// (core/rng.hpp), integer seeding and no std:: distributions.
#pragma once

#include "core/rng.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pr::corpus {

struct SynthConfig {
    uint32_t vocab_size = 50257;
    double zipf_exponent = 1.0;
    double structure = 0.6;  // beta
    uint32_t successors = 4; // K
    double decay = 0.5;      // gamma
    uint64_t seed = 1;
    uint32_t lag = 1;        // L in 1..64: distance of the successor link
};

class Synth {
public:
    explicit Synth(const SynthConfig &cfg);  // validates
    const SynthConfig &config() const { return cfg_; }

    void generate(uint32_t *out, size_t n);  // continues the stream
    void reset();                            // back to the seed's first token

    const std::vector<double> &base() const { return q_; }
    // Successor ids of row a and their probabilities beta * w_j.
    void successors(uint32_t a, std::vector<uint32_t> &ids, std::vector<double> &probs) const;
    void transition_row(uint32_t a, double *row) const;  // dense T[a, :] (V entries)
    std::vector<double> stationary() const;             // pi with pi T = pi

private:
    SynthConfig cfg_;
    std::vector<double> q_;
    std::vector<double> w_;            // K weights, sum 1
    std::vector<double> w_cdf_;        // cumulative, for sampling
    std::vector<uint32_t> succ_;       // V x K
    std::vector<double> alias_prob_;   // Walker alias table of q
    std::vector<uint32_t> alias_;
    Rng rng_;  // the library's one generator (core/rng.hpp)
    std::vector<uint32_t> history_;    // the last `lag` tokens, oldest first
    bool started_ = false;

    uint32_t sample_base(Rng &rng) const;
};

}  // namespace pr::corpus
