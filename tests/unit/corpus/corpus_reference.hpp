// A deliberately naive reference for pr_corpus: documents are cut by the
// separator and by explicit ends, and pairs at distance `lag` are counted in
// a std::map.  Shared by the corpus tests.
#pragma once

#include "corpus/corpus.hpp"

#include <cstdint>
#include <map>
#include <random>
#include <utility>
#include <vector>

namespace test {

// One step of a stream: a chunk of tokens, or (when end_doc) an end of document.
struct Step {
    std::vector<uint32_t> tokens;
    bool end_doc = false;
};

struct Reference {
    std::map<std::pair<uint32_t, uint32_t>, uint64_t> pairs;
    std::vector<uint64_t> unigram;
    uint64_t total_pairs = 0;
    uint64_t total_tokens = 0;
};

inline Reference reference_counts(const std::vector<Step> &steps, uint32_t V, uint32_t lag, int64_t separator) {
    Reference ref;
    ref.unigram.assign(V, 0);
    std::vector<std::vector<uint32_t>> docs(1);
    for (const Step &s : steps) {
        if (s.end_doc) {
            docs.emplace_back();
            continue;
        }
        for (uint32_t t : s.tokens) {
            if (int64_t(t) == separator) {
                docs.emplace_back();
            } else {
                docs.back().push_back(t);
            }
        }
    }
    for (const auto &d : docs) {
        for (uint32_t t : d) ++ref.unigram[t];
        ref.total_tokens += d.size();
        for (size_t i = 0; i + lag < d.size(); ++i) {
            ++ref.pairs[{d[i], d[i + lag]}];
            ++ref.total_pairs;
        }
    }
    return ref;
}

// Skewed random ids (many repeats, like text), with an optional separator mixed in.
inline std::vector<uint32_t> random_tokens(std::mt19937_64 &rng, size_t n, uint32_t V, int64_t separator,
                                           double sep_rate) {
    std::vector<uint32_t> x(n);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (auto &t : x) {
        if (separator >= 0 && u(rng) < sep_rate) {
            t = uint32_t(separator);
        } else {
            double r = u(rng);
            t = uint32_t(double(V) * r * r * r) % V;  // heavy head
        }
    }
    return x;
}

// Cuts x into chunks of random sizes (including 0, 1 and sizes above lag),
// sometimes with an end of document between two chunks.
inline std::vector<Step> random_chunking(std::mt19937_64 &rng, const std::vector<uint32_t> &x, size_t max_chunk,
                                         double end_doc_rate) {
    std::vector<Step> steps;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    size_t i = 0;
    while (i < x.size()) {
        size_t len = size_t(u(rng) * u(rng) * double(max_chunk + 1));
        len = std::min(len, x.size() - i);
        Step s;
        s.tokens.assign(x.begin() + long(i), x.begin() + long(i + len));
        steps.push_back(std::move(s));
        i += len;
        if (u(rng) < end_doc_rate) {
            Step e;
            e.end_doc = true;
            steps.push_back(e);
        }
    }
    return steps;
}

}  // namespace test
