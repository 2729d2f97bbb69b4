// A growable array of trivially copyable T, in its own anonymous mapping
// once it reaches 2 MiB.
//
// Why not std::vector: on the machines we measured, first-touching fresh
// memory (page fault plus kernel page clearing; ~0.5 GB/s with huge pages,
// ~0.25 GB/s with 4 KiB pages on a VM) cost more CPU than the counting
// itself.  A mapped Region therefore never copies or touches memory when it
// grows: the mapping is extended in place or moved with mremap (page tables
// only), new elements stay uninitialised, and huge pages are requested; only
// what is written becomes resident.  Small regions live on the heap, so that
// many small corpora do not use up the process's mappings.
//
// Huge pages also matter for random access: the projection's sparse product
// reads rows of a 150 MB block in Zipf order, and with 4 KiB pages nearly
// every read missed the TLB (1.32x faster with 2 MiB pages on the bench's T,
// same-process A/B).  A fresh mapping is therefore aligned to 2 MiB, so that
// all of it can be backed by huge pages.
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace pr {

template <class T>
class Region {
    static_assert(std::is_trivially_copyable_v<T>, "a Region holds plain data");

public:
    Region() = default;
    explicit Region(size_t n) { resize(n); }
    Region(const Region &) = delete;
    Region &operator=(const Region &) = delete;
    Region(Region &&o) noexcept { swap(o); }
    Region &operator=(Region &&o) noexcept {
        if (this != &o) {
            release();
            swap(o);
        }
        return *this;
    }
    ~Region() { release(); }

    void swap(Region &o) noexcept {
        std::swap(p_, o.p_);
        std::swap(n_, o.n_);
        std::swap(bytes_, o.bytes_);
    }

    T *data() { return p_; }
    const T *data() const { return p_; }
    size_t size() const { return n_; }
    bool empty() const { return n_ == 0; }
    size_t capacity() const { return bytes_ / sizeof(T); }
    T &operator[](size_t i) { return p_[i]; }
    const T &operator[](size_t i) const { return p_[i]; }
    T *begin() { return p_; }
    T *end() { return p_ + n_; }
    const T *begin() const { return p_; }
    const T *end() const { return p_ + n_; }

    // New elements are uninitialised.
    void resize(size_t n) {
        if (n > capacity()) grow(n);
        n_ = n;
    }
    // Capacity for n elements without changing the size (may throw bad_alloc).
    void reserve(size_t n) {
        if (n > capacity()) grow(n);
    }
    void clear() { n_ = 0; }
    // Unmaps everything.
    void release() {
        if (p_ && bytes_ < kHuge) std::free(p_);
        else if (p_) ::munmap(static_cast<void *>(p_), bytes_);
        p_ = nullptr;
        n_ = 0;
        bytes_ = 0;
    }

private:
    static constexpr size_t kHuge = size_t(2) << 20;

    void grow(size_t n) {
        // At least double; whole huge pages once mapped.
        size_t want = std::max({n * sizeof(T), 2 * bytes_, size_t(4096)});
        void *q;
        if (want < kHuge) {
            q = std::realloc(static_cast<void *>(p_), want);
            if (!q) throw std::bad_alloc();
        } else {
            want = (want + kHuge - 1) / kHuge * kHuge;
            if (p_ != nullptr && bytes_ >= kHuge) {
                q = ::mremap(static_cast<void *>(p_), bytes_, want, MREMAP_MAYMOVE);
            } else {
                q = map_aligned(want);
            }
            if (q == MAP_FAILED) throw std::bad_alloc();
            ::madvise(q, want, MADV_HUGEPAGE);
            if (p_ != nullptr && bytes_ < kHuge) {  // from the heap to a mapping
                std::memcpy(q, static_cast<void *>(p_), n_ * sizeof(T));
                std::free(p_);
            }
        }
        p_ = static_cast<T *>(q);
        bytes_ = want;
    }

    // An anonymous mapping of `bytes` (a multiple of kHuge) starting on a
    // kHuge boundary: map kHuge more, then unmap the unaligned head and tail.
    static void *map_aligned(size_t bytes) {
        void *raw = ::mmap(nullptr, bytes + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                           -1, 0);
        if (raw == MAP_FAILED) return MAP_FAILED;
        const uintptr_t start = reinterpret_cast<uintptr_t>(raw);
        const uintptr_t aligned = (start + kHuge - 1) / kHuge * kHuge;
        if (aligned > start) ::munmap(raw, aligned - start);
        const size_t tail = kHuge - (aligned - start);
        if (tail > 0) ::munmap(reinterpret_cast<void *>(aligned + bytes), tail);
        return reinterpret_cast<void *>(aligned);
    }

    T *p_ = nullptr;
    size_t n_ = 0;
    size_t bytes_ = 0;
};

}  // namespace pr
