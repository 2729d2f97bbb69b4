// Sorted runs of pair keys with their counts: the building block of exact
// counting.  A lane buffers raw keys, radix-sorts them and run-length encodes
// them into a Run; runs are merged (summing equal keys) into bigger runs.
// Memory therefore follows the number of distinct pairs, not the stream.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include "corpus/block_cache.hpp"

#include <new>
#include <vector>

namespace pr::corpus {

// Allocator for the big plain arrays of the counter: resize() leaves new
// elements uninitialised (every element is written before it is read, and
// zero-filling would double the memory traffic), and blocks of 4 MiB or more
// come from the block cache (huge-page aligned, recycled; see block_cache.hpp).
constexpr size_t kBigBlock = size_t(4) << 20;

template <class T>
struct BulkAllocator {
    using value_type = T;
    BulkAllocator() = default;
    template <class U>
    BulkAllocator(const BulkAllocator<U> &) {}
    T *allocate(size_t n) {
        const size_t bytes = n * sizeof(T);
        if (bytes >= kBigBlock) return static_cast<T *>(block_acquire(bytes));
        void *p = std::malloc(bytes ? bytes : 1);
        if (!p) throw std::bad_alloc();
        return static_cast<T *>(p);
    }
    void deallocate(T *p, size_t n) {
        if (n * sizeof(T) >= kBigBlock) block_release(p, n * sizeof(T));
        else std::free(p);
    }
    template <class U>
    void construct(U *p) noexcept { ::new (static_cast<void *>(p)) U; }  // default-init: no zeroing
    template <class U, class... Args>
    void construct(U *p, Args &&...args) { ::new (static_cast<void *>(p)) U(std::forward<Args>(args)...); }
    template <class U>
    bool operator==(const BulkAllocator<U> &) const { return true; }
    template <class U>
    bool operator!=(const BulkAllocator<U> &) const { return false; }
};

template <class T>
using BulkVector = std::vector<T, BulkAllocator<T>>;

template <class K>
struct Run {
    BulkVector<K> key;           // strictly increasing
    BulkVector<uint64_t> count;  // > 0, same length as key
    size_t size() const { return key.size(); }
    bool empty() const { return key.empty(); }
    void clear() {
        BulkVector<K>().swap(key);
        BulkVector<uint64_t>().swap(count);
    }
};

// LSD radix sort of keys[0..n) on their low `bits` bits, using scratch
// (n elements).  Digits of at most 11 bits keep the histograms in L1; digits
// on which all keys agree are skipped.  Returns where the sorted keys ended:
// `keys` or `scratch`.
template <class K>
K *radix_sort(K *keys, K *scratch, size_t n, int bits) {
    if (n < 2 || bits <= 0) return keys;
    const int passes = (bits + 10) / 11;
    const int width = (bits + passes - 1) / passes;
    const size_t buckets = size_t(1) << width;
    const K mask = K((uint64_t(1) << width) - 1);
    std::vector<size_t> hist(size_t(passes) * buckets, 0);
    for (size_t i = 0; i < n; ++i) {
        K k = keys[i];
        for (int p = 0; p < passes; ++p) ++hist[p * buckets + ((k >> (p * width)) & mask)];
    }
    K *src = keys, *dst = scratch;
    for (int p = 0; p < passes; ++p) {
        size_t *h = &hist[p * buckets];
        bool trivial = false;
        for (size_t b = 0; b < buckets; ++b)
            if (h[b] == n) { trivial = true; break; } else if (h[b] != 0) break;
        if (trivial) continue;
        size_t sum = 0;
        for (size_t b = 0; b < buckets; ++b) {
            size_t c = h[b];
            h[b] = sum;
            sum += c;
        }
        const int shift = p * width;
        for (size_t i = 0; i < n; ++i) {
            K k = src[i];
            dst[h[(k >> shift) & mask]++] = k;
        }
        std::swap(src, dst);
    }
    return src;
}

// Run-length encodes sorted keys into `out` (replacing its content).
template <class K>
void run_length(const K *sorted, size_t n, Run<K> &out) {
    out.key.resize(n);
    out.count.resize(n);
    size_t m = 0;
    size_t i = 0;
    while (i < n) {
        K k = sorted[i];
        size_t j = i + 1;
        while (j < n && sorted[j] == k) ++j;
        out.key[m] = k;
        out.count[m] = j - i;
        ++m;
        i = j;
    }
    out.key.resize(m);
    out.count.resize(m);
}

// A read-only slice [lo, hi) of a run.
template <class K>
struct RunSlice {
    const K *key;
    const uint64_t *count;
    size_t n;
};

// Merges two sorted slices into out (appending), summing counts of equal keys.
template <class K>
void merge_into(RunSlice<K> a, RunSlice<K> b, Run<K> &out) {
    const size_t base = out.size();
    out.key.resize(base + a.n + b.n);
    out.count.resize(base + a.n + b.n);
    K *ok = out.key.data() + base;
    uint64_t *oc = out.count.data() + base;
    size_t i = 0, j = 0, m = 0;
    while (i < a.n && j < b.n) {
        K ka = a.key[i], kb = b.key[j];
        if (ka < kb) {
            ok[m] = ka; oc[m++] = a.count[i++];
        } else if (kb < ka) {
            ok[m] = kb; oc[m++] = b.count[j++];
        } else {
            ok[m] = ka; oc[m++] = a.count[i++] + b.count[j++];
        }
    }
    for (; i < a.n; ++i, ++m) { ok[m] = a.key[i]; oc[m] = a.count[i]; }
    for (; j < b.n; ++j, ++m) { ok[m] = b.key[j]; oc[m] = b.count[j]; }
    out.key.resize(base + m);
    out.count.resize(base + m);
}

template <class K>
RunSlice<K> whole(const Run<K> &r) {
    return {r.key.data(), r.count.data(), r.size()};
}

template <class K>
Run<K> merge_two(const Run<K> &a, const Run<K> &b) {
    Run<K> out;
    merge_into(whole(a), whole(b), out);
    return out;
}

// k-way merge of a few slices (k is small: one per lane run) into out[],
// summing counts of equal keys; returns the number of entries.  With
// out == nullptr it only counts them, so callers can size the output exactly
// before touching any fresh memory.
template <class K>
size_t merge_k(const std::vector<RunSlice<K>> &slices, K *out_key, uint64_t *out_count) {
    std::vector<size_t> pos(slices.size(), 0);
    size_t m = 0;
    for (;;) {
        bool any = false;
        K best = 0;
        for (size_t s = 0; s < slices.size(); ++s)
            if (pos[s] < slices[s].n && (!any || slices[s].key[pos[s]] < best)) {
                best = slices[s].key[pos[s]];
                any = true;
            }
        if (!any) return m;
        uint64_t c = 0;
        for (size_t s = 0; s < slices.size(); ++s)
            if (pos[s] < slices[s].n && slices[s].key[pos[s]] == best) c += slices[s].count[pos[s]++];
        if (out_key) {
            out_key[m] = best;
            out_count[m] = c;
        }
        ++m;
    }
}

// Merges any number of slices (smallest first, pairwise) into one run.
template <class K>
Run<K> merge_slices(std::vector<RunSlice<K>> slices) {
    Run<K> acc;
    std::sort(slices.begin(), slices.end(),
              [](const RunSlice<K> &x, const RunSlice<K> &y) { return x.n < y.n; });
    for (const RunSlice<K> &s : slices) {
        if (s.n == 0) continue;
        Run<K> next;
        merge_into(whole(acc), s, next);
        acc = std::move(next);
    }
    return acc;
}

}  // namespace pr::corpus
