// Sorted runs of pair keys with their counts: the building block of exact
// counting.  A lane buffers raw keys, radix-sorts them and run-length encodes
// them into a Run; runs are merged (summing equal keys) into bigger runs.
// Memory therefore follows the number of distinct pairs, not the stream.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace pr::corpus {

template <class K>
struct Run {
    std::vector<K> key;           // strictly increasing
    std::vector<uint64_t> count;  // > 0, same length as key
    size_t size() const { return key.size(); }
    bool empty() const { return key.empty(); }
    void clear() {
        std::vector<K>().swap(key);
        std::vector<uint64_t>().swap(count);
    }
};

// LSD radix sort of keys[0..n) on their low `bits` bits, using scratch
// (n elements).  Digits of at most 11 bits keep the histograms in L1; digits
// on which all keys agree are skipped.  The result ends in `keys`.
template <class K>
void radix_sort(K *keys, K *scratch, size_t n, int bits) {
    if (n < 2 || bits <= 0) return;
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
    if (src != keys) std::memcpy(keys, src, n * sizeof(K));
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
    out.key.shrink_to_fit();
    out.count.shrink_to_fit();
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
    size_t base = out.size();
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
    out.key.shrink_to_fit();
    out.count.shrink_to_fit();
    return out;
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
