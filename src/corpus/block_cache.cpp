#include "corpus/block_cache.hpp"

#include <cstdlib>
#include <mutex>
#include <new>
#include <sys/mman.h>
#include <vector>

namespace pr::corpus {
namespace {

constexpr size_t kHuge = size_t(2) << 20;
constexpr size_t kMaxBlocks = 16;  // cached blocks kept at most

struct Block {
    void *p;
    size_t bytes;  // rounded size actually allocated
};

struct Cache {
    std::mutex mu;
    std::vector<Block> free_blocks;
    int users = 0;
};

Cache &cache() {
    static Cache *c = new Cache;  // never destroyed: usable during static teardown
    return *c;
}

size_t rounded(size_t bytes) { return (bytes + kHuge - 1) / kHuge * kHuge; }

}  // namespace

void *block_acquire(size_t bytes) {
    const size_t want = rounded(bytes);
    Cache &c = cache();
    {
        std::lock_guard<std::mutex> lock(c.mu);
        // Smallest cached block that fits without wasting more than half.
        size_t best = c.free_blocks.size();
        for (size_t i = 0; i < c.free_blocks.size(); ++i) {
            const size_t have = c.free_blocks[i].bytes;
            if (have >= want && have <= 2 * want &&
                (best == c.free_blocks.size() || have < c.free_blocks[best].bytes))
                best = i;
        }
        if (best != c.free_blocks.size()) {
            void *p = c.free_blocks[best].p;
            c.free_blocks.erase(c.free_blocks.begin() + long(best));
            return p;
        }
    }
    void *p = std::aligned_alloc(kHuge, want);
    if (!p) throw std::bad_alloc();
    ::madvise(p, want, MADV_HUGEPAGE);
    return p;
}

void block_release(void *p, size_t bytes) {
    if (!p) return;
    const size_t have = rounded(bytes);
    Cache &c = cache();
    std::lock_guard<std::mutex> lock(c.mu);
    if (c.users > 0) {
        c.free_blocks.push_back({p, have});
        if (c.free_blocks.size() > kMaxBlocks) {
            // Drop the smallest: big blocks are the expensive ones to refault.
            size_t smallest = 0;
            for (size_t i = 1; i < c.free_blocks.size(); ++i)
                if (c.free_blocks[i].bytes < c.free_blocks[smallest].bytes) smallest = i;
            std::free(c.free_blocks[smallest].p);
            c.free_blocks.erase(c.free_blocks.begin() + long(smallest));
        }
        return;
    }
    std::free(p);
}

void block_cache_attach() {
    Cache &c = cache();
    std::lock_guard<std::mutex> lock(c.mu);
    ++c.users;
}

void block_cache_detach() {
    Cache &c = cache();
    std::vector<Block> drop;
    {
        std::lock_guard<std::mutex> lock(c.mu);
        if (--c.users > 0) return;
        drop.swap(c.free_blocks);
    }
    for (const Block &b : drop) std::free(b.p);
}

}  // namespace pr::corpus
