// A loaded byte-level BPE tokenizer: the vocabulary (id -> bytes), the merge
// ranks, and the special tokens.  Immutable after construction, so one
// instance may be shared by any number of threads; the mutable per-thread
// state (word cache, scratch, counters) lives in an EncodeSession.
#pragma once

#include "tokenizer/merge_table.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pr::tokenizer {

struct SpecialToken {
    std::string text;
    uint32_t id;
};

// What a loader hands over.  Ids index `vocab`; an empty optional slot is a
// gap (present[id] = false).  merges[r] = {left, right, merged} at rank r.
struct ModelParts {
    std::string kind;  // "gpt2" or "hf", for messages
    std::vector<std::string> vocab;
    std::vector<bool> present;
    std::vector<std::array<uint32_t, 3>> merges;
    std::vector<SpecialToken> specials;
    bool add_prefix_space = false;  // HF ByteLevel option
    bool ignore_merges = false;     // HF BPE option: a piece found whole in the vocabulary is one token
};

class BpeModel {
public:
    explicit BpeModel(ModelParts parts);  // checks the byte alphabet is complete

    uint32_t vocab_size() const { return uint32_t(vocab_.size()); }
    bool present(uint32_t id) const { return id < vocab_.size() && present_[id]; }
    const std::string &bytes(uint32_t id) const { return vocab_[id]; }
    uint32_t byte_id(uint8_t b) const { return byte_id_[b]; }
    const MergeTable &merges() const { return merges_; }
    size_t merge_count() const { return merge_count_; }
    const std::vector<SpecialToken> &specials() const { return specials_; }
    bool add_prefix_space() const { return add_prefix_space_; }
    bool ignore_merges() const { return ignore_merges_; }
    const std::string &kind() const { return kind_; }

    // The id whose bytes are exactly `text` (ordinary or special), or -1.
    int64_t find(std::string_view text) const;
    // The special token spelled `text`, or -1.
    int64_t find_special(std::string_view text) const;

    // Concatenated bytes of ids; throws PR_ERR_OUT_OF_RANGE naming the
    // first bad id and its offset.
    void decode(const uint32_t *ids, size_t n, std::string &out) const;

private:
    std::string kind_;
    std::vector<std::string> vocab_;
    std::vector<bool> present_;
    std::array<uint32_t, 256> byte_id_{};
    MergeTable merges_;
    size_t merge_count_ = 0;
    std::vector<SpecialToken> specials_;
    std::unordered_map<std::string, uint32_t> by_bytes_;
    bool add_prefix_space_ = false;
    bool ignore_merges_ = false;
};

}  // namespace pr::tokenizer
