// Piece bytes -> token ids, for the pieces one thread has already encoded
// (natural text repeats its words).  Flat open addressing over two arenas;
// when the arenas pass their budget the cache starts over, so its memory is
// bounded whatever the input.
#pragma once

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace pr::tokenizer {

class WordCache {
public:
    static constexpr size_t kMaxKey = 64;  // longer pieces are not cached

    // Returns the cached ids (and their count) or nullptr.
    const uint32_t *find(const uint8_t *key, size_t n, size_t &count) const {
        const uint64_t h = XXH3_64bits(key, n);
        for (size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot &s = slots_[i];
            if (s.len == 0) return nullptr;
            if (s.hash == h && s.len == n && std::memcmp(&keys_[s.key], key, n) == 0) {
                count = s.count;
                return &ids_[s.ids];
            }
        }
    }
    void insert(const uint8_t *key, size_t n, const uint32_t *ids, size_t count) {
        if (n == 0 || n > kMaxKey) return;
        if (keys_.size() > kKeyBudget) reset(kMinSlots);
        if (used_ * 2 >= slots_.size()) {
            if (slots_.size() >= kMaxSlots) reset(kMinSlots);
            else grow();
        }
        place(Slot{XXH3_64bits(key, n), uint32_t(keys_.size()), uint32_t(ids_.size()), uint16_t(n), uint16_t(count)});
        keys_.insert(keys_.end(), key, key + n);
        ids_.insert(ids_.end(), ids, ids + count);
        ++used_;
    }

private:
    static constexpr size_t kMinSlots = size_t(1) << 10, kMaxSlots = size_t(1) << 17;
    static constexpr size_t kKeyBudget = size_t(4) << 20;
    struct Slot {
        uint64_t hash = 0;
        uint32_t key = 0, ids = 0;
        uint16_t len = 0, count = 0;  // len 0 = empty
    };
    void place(const Slot &s) {
        size_t i = s.hash & mask_;
        while (slots_[i].len != 0) i = (i + 1) & mask_;
        slots_[i] = s;
    }
    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        mask_ = slots_.size() - 1;
        for (const Slot &s : old)
            if (s.len) place(s);
    }
    void reset(size_t slots) {
        slots_.assign(slots, Slot{});
        mask_ = slots - 1;
        keys_.clear();
        ids_.clear();
        used_ = 0;
    }
    std::vector<Slot> slots_ = std::vector<Slot>(kMinSlots);
    size_t mask_ = kMinSlots - 1;
    size_t used_ = 0;
    std::vector<uint8_t> keys_;
    std::vector<uint32_t> ids_;
};

}  // namespace pr::tokenizer
