#include "tokenizer/bpe_model.hpp"

#include "core/error.hpp"

#include <algorithm>

namespace pr::tokenizer {

BpeModel::BpeModel(ModelParts p)
    : kind_(std::move(p.kind)), vocab_(std::move(p.vocab)), present_(std::move(p.present)),
      specials_(std::move(p.specials)), add_prefix_space_(p.add_prefix_space), ignore_merges_(p.ignore_merges) {
    present_.resize(vocab_.size(), false);
    byte_id_.fill(kNoRank);
    by_bytes_.reserve(vocab_.size());
    std::vector<bool> special(vocab_.size(), false);
    for (const auto &s : specials_) special[s.id] = true;
    for (uint32_t id = 0; id < vocab_.size(); ++id) {
        if (!present_[id] || special[id]) continue;
        by_bytes_.emplace(vocab_[id], id);  // first id wins on duplicates
        if (vocab_[id].size() == 1 && byte_id_[uint8_t(vocab_[id][0])] == kNoRank)
            byte_id_[uint8_t(vocab_[id][0])] = id;
    }
    for (int b = 0; b < 256; ++b)
        if (byte_id_[b] == kNoRank)
            fail(PR_ERR_FORMAT, kind_, " vocabulary has no token for byte 0x", std::hex, b,
                 ": a byte-level BPE needs all 256");
    merges_.reserve(p.merges.size());
    for (size_t r = 0; r < p.merges.size(); ++r)
        if (merges_.insert(p.merges[r][0], p.merges[r][1], uint32_t(r), p.merges[r][2])) ++merge_count_;
    // Longest first, so that at one position the longest special wins.
    std::stable_sort(specials_.begin(), specials_.end(),
                     [](const SpecialToken &a, const SpecialToken &b) { return a.text.size() > b.text.size(); });
}

int64_t BpeModel::find(std::string_view text) const {
    const auto it = by_bytes_.find(std::string(text));
    if (it != by_bytes_.end()) return it->second;
    return find_special(text);
}

int64_t BpeModel::find_special(std::string_view text) const {
    for (const auto &s : specials_)
        if (s.text == text) return s.id;
    return -1;
}

void BpeModel::decode(const uint32_t *ids, size_t n, std::string &out) const {
    for (size_t i = 0; i < n; ++i) {
        if (ids[i] >= vocab_.size())
            fail(PR_ERR_OUT_OF_RANGE, "token id ", ids[i], " >= vocab_size ", vocab_.size(), " at offset ", i);
        if (!present_[ids[i]])
            fail(PR_ERR_OUT_OF_RANGE, "token id ", ids[i], " at offset ", i, " is not in the vocabulary (a gap)");
        out += vocab_[ids[i]];
    }
}

}  // namespace pr::tokenizer
