// Encoding with one BpeModel on one thread: special-token splitting, the
// GPT-2 pre-tokenizer, and BPE per piece with a word cache.  Short pieces use
// the simple scan (find the lowest-ranked pair, merge, repeat); long ones a
// heap over a linked list, so a 1 MB piece costs O(n log n), not O(n^2).
// Both merge the lowest rank first and the leftmost among equals, as
// tiktoken and encoder.py do.
#pragma once

#include "tokenizer/bpe_model.hpp"
#include "tokenizer/word_cache.hpp"

#include <cstdint>
#include <vector>

namespace pr::tokenizer {

// Work counters: the linear worst-case tests bound these by the input size.
struct EncodeStats {
    uint64_t bytes = 0;       // input bytes
    uint64_t pieces = 0;      // pre-tokenizer pieces
    uint64_t decodes = 0;     // UTF-8 characters decoded by the pre-tokenizer
    uint64_t pair_scans = 0;  // adjacent-pair rank lookups by the simple scan
    uint64_t heap_ops = 0;    // heap pushes + pops in the long-piece path
    uint64_t cache_hits = 0;

    void add(const EncodeStats &o) {
        bytes += o.bytes, pieces += o.pieces, decodes += o.decodes, pair_scans += o.pair_scans,
            heap_ops += o.heap_ops, cache_hits += o.cache_hits;
    }
};

class Encoder {
public:
    explicit Encoder(const BpeModel &model) : model_(model) {}

    // Appends the ids of text[0, n) to out.  allow_special: occurrences of the
    // model's special tokens become their ids (otherwise they are ordinary
    // text).  continuation: the text continues an earlier chunk, so HF's
    // add_prefix_space does not apply to its start.
    void encode(const uint8_t *text, size_t n, bool allow_special, bool continuation, std::vector<uint32_t> &out);

    // One pre-tokenizer piece; exposed for tests.
    void encode_piece(const uint8_t *p, size_t n, std::vector<uint32_t> &out);
    // The two BPE paths, exposed so tests can check they agree.
    void bpe_scan(const uint8_t *p, size_t n, std::vector<uint32_t> &out);
    void bpe_heap(const uint8_t *p, size_t n, std::vector<uint32_t> &out);

    EncodeStats stats;

private:
    void encode_ordinary(const uint8_t *text, size_t n, bool prefix_space, std::vector<uint32_t> &out);

    const BpeModel &model_;
    WordCache cache_;
    std::vector<uint32_t> ids_, ranks_;          // scan scratch
    std::vector<uint32_t> next_, prev_;          // heap scratch
    std::vector<uint64_t> heap_;
    std::vector<size_t> special_next_;           // next occurrence of each special
};

}  // namespace pr::tokenizer
