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
// Everything is reproducible across platforms: a xoshiro256** generator,
// integer seeding and no std:: distributions.
#pragma once

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
};

class Xoshiro256 {
public:
    explicit Xoshiro256(uint64_t seed);
    uint64_t next();
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }  // [0, 1)

private:
    uint64_t s_[4];
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
    Xoshiro256 rng_;
    uint32_t state_ = 0;
    bool started_ = false;

    uint32_t sample_base(Xoshiro256 &rng) const;
};

}  // namespace pr::corpus
