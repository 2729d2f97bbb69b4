// Sorted runs of pair keys with their counts: the sparse half of exact
// counting.  A lane buffers raw keys, radix-sorts and run-length encodes them
// over the buffer itself, and merges the entries into its sorted base in
// place (summing equal keys).  Memory therefore follows the number of
// distinct pairs, not the stream.
//
// Counts are 32-bit (8 bytes per entry with 32-bit keys instead of 12: less
// memory to touch, and fresh memory is what costs most here).  A count never
// exceeds `limit` (2^32 - 1 by default; tests use tiny limits): whenever a sum
// would, one "carry" of limit + 1 is recorded as the key in a side list, and
// the entry keeps the remainder (possibly 0).  The true count of a key is
// entry.count + (limit + 1) * (occurrences of the key among the carries).
#pragma once

#include "core/region.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

namespace pr::corpus {

template <class K>
struct Entry {
    K key;
    uint32_t count;
};

// Strictly increasing keys.
template <class K>
using Run = Region<Entry<K>>;

// Adds one carry of (limit + 1) for `key` whenever `sum` exceeds limit.
template <class K>
inline uint32_t fold_count(uint64_t sum, K key, uint32_t limit, std::vector<K> &carries) {
    if (sum > limit) {
        const uint64_t unit = uint64_t(limit) + 1;
        for (uint64_t q = sum / unit; q > 0; --q) carries.push_back(key);
        sum %= unit;
    }
    return uint32_t(sum);
}

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
    std::vector<uint32_t> hist(size_t(passes) * buckets, 0);  // n < 2^32 (a lane buffer)
    for (size_t i = 0; i < n; ++i) {
        K k = keys[i];
        for (int p = 0; p < passes; ++p) ++hist[p * buckets + ((k >> (p * width)) & mask)];
    }
    K *src = keys, *dst = scratch;
    for (int p = 0; p < passes; ++p) {
        uint32_t *h = &hist[p * buckets];
        bool trivial = false;
        for (size_t b = 0; b < buckets; ++b)
            if (h[b] == n) { trivial = true; break; } else if (h[b] != 0) break;
        if (trivial) continue;
        uint32_t sum = 0;
        for (size_t b = 0; b < buckets; ++b) {
            uint32_t c = h[b];
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

template <class K>
void prepare(Run<K> &out, size_t n) {
    out.clear();
    out.resize(n);
}

// Run-length encodes n sorted keys in place.  `keys` holds 2 * cap keys: the
// radix sort's buffer and scratch, and `sorted` (n <= cap keys) is one of the
// two halves.  The entries are written over the same memory, which holds cap
// entries (sizeof(Entry<K>) <= 2 * sizeof(K)): forwards from the start when
// the keys sit in the upper half, backwards from the end when they sit in the
// lower half; either way no entry overwrites a key not yet read.  Returns the
// first entry and sets d to their number.
template <class K>
Entry<K> *encode_in_place(K *keys, size_t cap, const K *sorted, size_t n, uint32_t limit, std::vector<K> &carries,
                          size_t &d) {
    static_assert(sizeof(Entry<K>) <= 2 * sizeof(K), "entries must fit over buffer + scratch");
    Entry<K> *e = reinterpret_cast<Entry<K> *>(keys);
    if (sorted != keys) {
        size_t m = 0, i = 0;
        while (i < n) {
            const K k = sorted[i];
            size_t j = i + 1;
            while (j < n && sorted[j] == k) ++j;
            e[m++] = {k, fold_count<K>(j - i, k, limit, carries)};
            i = j;
        }
        d = m;
        return e;
    }
    const size_t slots = 2 * cap * sizeof(K) / sizeof(Entry<K>);
    size_t t = slots, j = n;
    while (j > 0) {
        const K k = sorted[j - 1];
        size_t i = j - 1;
        while (i > 0 && sorted[i - 1] == k) --i;
        e[--t] = {k, fold_count<K>(j - i, k, limit, carries)};
        j = i;
    }
    d = slots - t;
    return e + t;
}

// Run-length encodes sorted keys src[0..n) to e[m..), returns the new m.
template <class K>
size_t encode_run(const K *src, size_t n, Entry<K> *e, size_t m, uint32_t limit, std::vector<K> &carries) {
    size_t i = 0;
    while (i < n) {
        const K k = src[i];
        size_t j = i + 1;
        while (j < n && src[j] == k) ++j;
        e[m++] = {k, fold_count<K>(j - i, k, limit, carries)};
        i = j;
    }
    return m;
}

// Sorts and run-length encodes keys[0..n) (n <= cap) in place, like
// radix_sort + encode_in_place but with one pass over main memory instead of
// three: a first radix pass scatters the keys by their top digit into
// keys[cap..2 cap), then each bucket (small: ~n / 2048 keys) is sorted on the
// remaining digits through `temp` while it sits in cache and is encoded at
// once.  Entries go forwards from keys[0]: entry m never reaches the unread
// keys at keys[cap + m..] (sizeof(Entry<K>) <= 2 * sizeof(K)).  Returns the
// first entry and sets d to their number.
template <class K>
Entry<K> *sort_encode(K *keys, size_t cap, size_t n, int bits, Region<K> &temp, uint32_t limit,
                      std::vector<K> &carries, size_t &d) {
    const int passes = (bits + 10) / 11;
    if (passes <= 1 || n < 4096) return encode_in_place(keys, cap, radix_sort(keys, keys + cap, n, bits), n, limit, carries, d);
    const int width = (bits + passes - 1) / passes;
    const int top = (passes - 1) * width;  // the top digit: bits [top, bits)
    const size_t nb = size_t(1) << (bits - top);
    std::vector<uint32_t> start(nb + 1, 0);
    for (size_t i = 0; i < n; ++i) ++start[size_t(keys[i] >> top) + 1];
    for (size_t b = 0; b < nb; ++b) start[b + 1] += start[b];
    K *bucketed = keys + cap;
    {
        std::vector<uint32_t> pos(start.begin(), start.end() - 1);
        for (size_t i = 0; i < n; ++i) {
            const K k = keys[i];
            bucketed[pos[size_t(k >> top)]++] = k;
        }
    }
    // Every allocation before the first key is moved, so that a bad_alloc
    // leaves keys[0, n) as they were: the scratch for the largest bucket.
    size_t largest = 0;
    for (size_t b = 0; b < nb; ++b) largest = std::max<size_t>(largest, start[b + 1] - start[b]);
    if (largest > 32 && temp.size() < largest) temp.resize(largest);
    const int inner = passes - 1;
    const size_t buckets = size_t(1) << width;
    std::vector<uint32_t> hist(size_t(inner) * buckets);
    const K mask = K((uint64_t(1) << width) - 1);
    Entry<K> *e = reinterpret_cast<Entry<K> *>(keys);
    size_t m = 0;
    for (size_t b = 0; b < nb; ++b) {
        const size_t s = start[b + 1] - start[b];
        K *src = bucketed + start[b];
        if (s == 0) continue;
        if (s <= 32) {
            std::sort(src, src + s);  // tiny buckets: not worth the histograms
            m = encode_run(src, s, e, m, limit, carries);
            continue;
        }
        if (temp.size() < s) temp.resize(s);
        K *dst = temp.data();
        std::fill(hist.begin(), hist.end(), 0u);
        for (size_t i = 0; i < s; ++i) {
            const K k = src[i];
            for (int p = 0; p < inner; ++p) ++hist[size_t(p) * buckets + size_t((k >> (p * width)) & mask)];
        }
        for (int p = 0; p < inner; ++p) {
            uint32_t *h = &hist[size_t(p) * buckets];
            bool trivial = false;
            for (size_t c = 0; c < buckets; ++c)
                if (h[c] == s) { trivial = true; break; } else if (h[c] != 0) break;
            if (trivial) continue;
            uint32_t sum = 0;
            for (size_t c = 0; c < buckets; ++c) {
                const uint32_t v = h[c];
                h[c] = sum;
                sum += v;
            }
            const int shift = p * width;
            for (size_t i = 0; i < s; ++i) {
                const K k = src[i];
                dst[h[(k >> shift) & mask]++] = k;
            }
            std::swap(src, dst);
        }
        m = encode_run(src, s, e, m, limit, carries);
    }
    d = m;
    return e;
}

// Merges d sorted entries (outside base) into base, in place: backwards from
// the end of the grown base, so nothing unread is overwritten, then closes the
// gap left by keys that were already present.  Base needs no second buffer.
template <class K>
void merge_into_base(Run<K> &base, const Entry<K> *e, size_t d, uint32_t limit, std::vector<K> &carries) {
    if (d == 0) return;
    const ptrdiff_t na = ptrdiff_t(base.size());
    base.resize(size_t(na) + d);
    Entry<K> *o = base.data();
    ptrdiff_t i = na - 1, j = ptrdiff_t(d) - 1, w = na + ptrdiff_t(d) - 1;
    while (j >= 0) {
        if (i >= 0 && o[i].key > e[j].key) {
            o[w--] = o[i--];
        } else if (i >= 0 && o[i].key == e[j].key) {
            o[w--] = {e[j].key, fold_count<K>(uint64_t(o[i].count) + e[j].count, e[j].key, limit, carries)};
            --i, --j;
        } else {
            o[w--] = e[j--];
        }
    }
    // Valid: o[0..i] and o[w+1..end).
    const size_t tail = size_t(na + ptrdiff_t(d) - 1 - w);
    if (w > i) std::memmove(o + i + 1, o + w + 1, tail * sizeof(Entry<K>));
    base.resize(size_t(i + 1) + tail);
}

// Merges two runs into `out` (replacing its content), summing equal keys.
template <class K>
void merge_into(const Entry<K> *a, size_t na, const Entry<K> *b, size_t nb, Run<K> &out, uint32_t limit,
                std::vector<K> &carries) {
    prepare(out, na + nb);
    Entry<K> *o = out.data();
    size_t i = 0, j = 0, m = 0;
    while (i < na && j < nb) {
        const K ka = a[i].key, kb = b[j].key;
        if (ka < kb) {
            o[m++] = a[i++];
        } else if (kb < ka) {
            o[m++] = b[j++];
        } else {
            o[m++] = {ka, fold_count<K>(uint64_t(a[i].count) + b[j].count, ka, limit, carries)};
            ++i, ++j;
        }
    }
    if (i < na) std::memcpy(o + m, a + i, (na - i) * sizeof(Entry<K>)), m += na - i;
    if (j < nb) std::memcpy(o + m, b + j, (nb - j) * sizeof(Entry<K>)), m += nb - j;
    out.resize(m);
}

}  // namespace pr::corpus
