#include "tokenizer/encoder.hpp"

#include "tokenizer/pretokenize.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <queue>
#include <string_view>

namespace pr::tokenizer {

namespace {

// Pieces up to this many bytes take the simple scan (quadratic, but on short
// arrays it beats any heap); longer ones the heap.
constexpr size_t kScanMax = 64;

}  // namespace

void Encoder::bpe_scan(const uint8_t *p, size_t n, std::vector<uint32_t> &out) {
    const MergeTable &mt = model_.merges();
    ids_.resize(n);
    ranks_.resize(n);
    for (size_t i = 0; i < n; ++i) ids_[i] = model_.byte_id(p[i]);
    size_t m = n;
    for (size_t i = 0; i + 1 < m; ++i) ranks_[i] = mt.find(ids_[i], ids_[i + 1]).rank;
    stats.pair_scans += m - 1;
    while (m > 1) {
        size_t best = 0;
        uint32_t best_rank = ranks_[0];
        for (size_t i = 1; i + 1 < m; ++i)
            if (ranks_[i] < best_rank) best_rank = ranks_[i], best = i;
        stats.pair_scans += m - 1;
        if (best_rank == kNoRank) break;
        ids_[best] = mt.find(ids_[best], ids_[best + 1]).merged;
        std::memmove(&ids_[best + 1], &ids_[best + 2], (m - best - 2) * sizeof(uint32_t));
        std::memmove(&ranks_[best], &ranks_[best + 1], (m - best - 2) * sizeof(uint32_t));
        --m;
        if (best + 1 < m) ranks_[best] = mt.find(ids_[best], ids_[best + 1]).rank;
        if (best > 0) ranks_[best - 1] = mt.find(ids_[best - 1], ids_[best]).rank;
        stats.pair_scans += 2;
    }
    out.insert(out.end(), ids_.begin(), ids_.begin() + m);
}

// Nodes are byte positions; a node absorbs its right neighbour on a merge.
// Heap keys are (rank << 32 | left position): the smallest is the lowest
// rank, leftmost.  Entries go stale when a neighbour changes; a popped key
// is valid iff its left node is alive with a right neighbour and that pair
// still has this rank (ranks are unique per pair).
void Encoder::bpe_heap(const uint8_t *p, size_t n, std::vector<uint32_t> &out) {
    const MergeTable &mt = model_.merges();
    constexpr uint32_t kEnd = 0xffffffffu;
    ids_.resize(n);
    next_.resize(n);
    prev_.resize(n);
    heap_.clear();
    for (size_t i = 0; i < n; ++i) {
        ids_[i] = model_.byte_id(p[i]);
        next_[i] = i + 1 < n ? uint32_t(i + 1) : kEnd;
        prev_[i] = i > 0 ? uint32_t(i - 1) : kEnd;
    }
    auto push = [&](uint32_t left) {
        if (left == kEnd || next_[left] == kEnd) return;
        const uint32_t rank = mt.find(ids_[left], ids_[next_[left]]).rank;
        if (rank == kNoRank) return;
        heap_.push_back(uint64_t(rank) << 32 | left);
        std::push_heap(heap_.begin(), heap_.end(), std::greater<uint64_t>());
        ++stats.heap_ops;
    };
    for (size_t i = 0; i + 1 < n; ++i) push(uint32_t(i));
    std::vector<bool> dead(n, false);
    while (!heap_.empty()) {
        std::pop_heap(heap_.begin(), heap_.end(), std::greater<uint64_t>());
        const uint64_t key = heap_.back();
        heap_.pop_back();
        ++stats.heap_ops;
        const uint32_t left = uint32_t(key), rank = uint32_t(key >> 32);
        if (dead[left] || next_[left] == kEnd) continue;
        const uint32_t right = next_[left];
        const MergeTable::Hit hit = mt.find(ids_[left], ids_[right]);
        if (hit.rank != rank) continue;
        ids_[left] = hit.merged;
        dead[right] = true;
        next_[left] = next_[right];
        if (next_[right] != kEnd) prev_[next_[right]] = left;
        push(prev_[left]);
        push(left);
    }
    for (uint32_t i = 0; i != kEnd; i = next_[i]) out.push_back(ids_[i]);
}

void Encoder::encode_piece(const uint8_t *p, size_t n, std::vector<uint32_t> &out) {
    if (n == 1) {
        out.push_back(model_.byte_id(p[0]));
        return;
    }
    if (model_.ignore_merges()) {
        const int64_t id = model_.find(std::string_view(reinterpret_cast<const char *>(p), n));
        if (id >= 0 && model_.find_special(std::string_view(reinterpret_cast<const char *>(p), n)) < 0) {
            out.push_back(uint32_t(id));
            return;
        }
    }
    size_t count = 0;
    if (n <= WordCache::kMaxKey) {
        if (const uint32_t *hit = cache_.find(p, n, count)) {
            out.insert(out.end(), hit, hit + count);
            ++stats.cache_hits;
            return;
        }
    }
    const size_t start = out.size();
    if (n <= kScanMax) bpe_scan(p, n, out);
    else bpe_heap(p, n, out);
    cache_.insert(p, n, out.data() + start, out.size() - start);
}

void Encoder::encode_ordinary(const uint8_t *text, size_t n, bool prefix_space, std::vector<uint32_t> &out) {
    if (n == 0) return;
    stats.bytes += n;
    if (prefix_space && text[0] != ' ') {
        // HF's add_prefix_space: the segment is read as if it began with ' '.
        std::vector<uint8_t> tmp(n + 1);
        tmp[0] = ' ';
        std::memcpy(tmp.data() + 1, text, n);
        stats.decodes += split_gpt2(tmp.data(), tmp.size(), [&](size_t off, size_t len) {
            ++stats.pieces;
            encode_piece(tmp.data() + off, len, out);
        });
        return;
    }
    stats.decodes += split_gpt2(text, n, [&](size_t off, size_t len) {
        ++stats.pieces;
        encode_piece(text + off, len, out);
    });
}

void Encoder::encode(const uint8_t *text, size_t n, bool allow_special, bool continuation,
                     std::vector<uint32_t> &out) {
    const bool prefix = model_.add_prefix_space();
    const auto &specials = model_.specials();
    if (!allow_special || specials.empty()) {
        encode_ordinary(text, n, prefix && !continuation, out);
        return;
    }
    const std::string_view s(reinterpret_cast<const char *>(text), n);
    special_next_.assign(specials.size(), 0);
    for (size_t k = 0; k < specials.size(); ++k) special_next_[k] = s.find(specials[k].text);
    size_t pos = 0;
    bool first = !continuation;
    while (pos <= n) {
        // Leftmost occurrence; specials are sorted longest first, so ties
        // at one position go to the longest.
        size_t best = std::string_view::npos, which = 0;
        for (size_t k = 0; k < specials.size(); ++k) {
            if (special_next_[k] != std::string_view::npos && special_next_[k] < pos)
                special_next_[k] = s.find(specials[k].text, pos);
            if (special_next_[k] < best) best = special_next_[k], which = k;
        }
        const size_t end = best == std::string_view::npos ? n : best;
        encode_ordinary(text + pos, end - pos, prefix && first, out);
        first = false;
        if (best == std::string_view::npos) break;
        out.push_back(specials[which].id);
        stats.bytes += specials[which].text.size();
        pos = best + specials[which].text.size();
        first = true;  // HF pre-tokenizes each segment between added tokens on its own
    }
}

}  // namespace pr::tokenizer
