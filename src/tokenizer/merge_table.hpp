// Open-addressing hash map (left id, right id) -> (rank, merged id): the one
// lookup in BPE's inner loop, so it is flat, power-of-two sized and at most
// half full (one probe on average).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pr::tokenizer {

constexpr uint32_t kNoRank = 0xffffffffu;

class MergeTable {
public:
    struct Hit {
        uint32_t rank;  // kNoRank when the pair does not merge
        uint32_t merged;
    };

    void reserve(size_t n) {
        size_t cap = 16;
        while (cap < 2 * n) cap <<= 1;
        slots_.assign(cap, Slot{kEmpty, 0, 0});
        mask_ = cap - 1;
    }
    // Returns false if the pair is already present (the first rank wins).
    bool insert(uint32_t left, uint32_t right, uint32_t rank, uint32_t merged) {
        const uint64_t key = uint64_t(left) << 32 | right;
        for (size_t i = hash(key) & mask_;; i = (i + 1) & mask_) {
            if (slots_[i].key == kEmpty) {
                slots_[i] = Slot{key, rank, merged};
                return true;
            }
            if (slots_[i].key == key) return false;
        }
    }
    Hit find(uint32_t left, uint32_t right) const {
        const uint64_t key = uint64_t(left) << 32 | right;
        for (size_t i = hash(key) & mask_;; i = (i + 1) & mask_) {
            const Slot &s = slots_[i];
            if (s.key == key) return {s.rank, s.merged};
            if (s.key == kEmpty) return {kNoRank, 0};
        }
    }

private:
    static constexpr uint64_t kEmpty = ~uint64_t(0);
    struct Slot {
        uint64_t key;
        uint32_t rank, merged;
    };
    static size_t hash(uint64_t k) {
        k ^= k >> 29;
        k *= 0xbf58476d1ce4e5b9ull;
        k ^= k >> 32;
        return size_t(k);
    }
    std::vector<Slot> slots_{16, Slot{kEmpty, 0, 0}};
    size_t mask_ = 15;
};

}  // namespace pr::tokenizer
