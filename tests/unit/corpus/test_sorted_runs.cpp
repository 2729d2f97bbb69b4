// The sparse path's building blocks against std::sort / std::map: sorting and
// run-length encoding in place (both halves, all key widths, bucketed or not)
// and merging into a base in place, with carries at a tiny count limit.
#include "corpus/sorted_runs.hpp"

#include <doctest/doctest.h>

#include <map>
#include <random>
#include <vector>

using pr::corpus::Entry;
using pr::Region;

namespace {

template <class K>
std::map<K, uint64_t> as_map(const Entry<K> *e, size_t d, const std::vector<K> &carries, uint32_t limit) {
    std::map<K, uint64_t> m;
    for (size_t i = 0; i < d; ++i) m[e[i].key] += e[i].count;
    for (K k : carries) m[k] += uint64_t(limit) + 1;
    return m;
}

template <class K>
void check_sort_encode(int bits, size_t n, uint32_t limit, uint64_t seed) {
    std::mt19937_64 rng(seed);
    const size_t cap = n + 7;
    Region<K> keys(2 * cap), temp;
    std::map<K, uint64_t> want;
    const K mask = bits >= int(8 * sizeof(K)) ? K(~K(0)) : K((K(1) << bits) - 1);
    for (size_t i = 0; i < n; ++i) {
        // Skewed: many repeats, and some huge buckets.
        K k = K(rng()) & mask;
        if (rng() % 3 == 0) k = K(rng() % 50) & mask;
        keys[i] = k;
        ++want[k];
    }
    std::vector<K> carries;
    size_t d = 0;
    const Entry<K> *e = pr::corpus::sort_encode(keys.data(), cap, n, bits, temp, limit, carries, d);
    CHECK(d == want.size());
    bool increasing = true;
    for (size_t i = 1; i < d; ++i) increasing = increasing && e[i - 1].key < e[i].key;
    CHECK(increasing);
    CHECK(as_map(e, d, carries, limit) == want);
}

}  // namespace

TEST_CASE("sort_encode equals std::map for every key width, digit count and bucket shape") {
    for (uint32_t limit : {3u, 0xFFFFFFFFu}) {
        for (int bits : {1, 9, 11, 20, 22, 23, 32}) {
            check_sort_encode<uint32_t>(bits, 100, limit, uint64_t(bits));     // direct (small n)
            check_sort_encode<uint32_t>(bits, 30000, limit, uint64_t(bits));   // bucketed when >= 2 digits
        }
        for (int bits : {12, 33, 40, 64}) check_sort_encode<uint64_t>(bits, 30000, limit, uint64_t(bits));
    }
}

TEST_CASE("merge_into_base merges in place and sums equal keys, with carries") {
    std::mt19937_64 rng(3);
    for (uint32_t limit : {2u, 1000u})
        for (int round = 0; round < 20; ++round) {
            std::map<uint32_t, uint64_t> a, b;
            const size_t na = rng() % 2000, nb = rng() % 2000;
            for (size_t i = 0; i < na; ++i) a[uint32_t(rng() % 3000)] = 1 + rng() % limit;
            for (size_t i = 0; i < nb; ++i) b[uint32_t(rng() % 3000)] = 1 + rng() % limit;
            Region<Entry<uint32_t>> base;
            for (const auto &[k, c] : a) {
                base.resize(base.size() + 1);
                base[base.size() - 1] = {k, uint32_t(c)};
            }
            std::vector<Entry<uint32_t>> add;
            for (const auto &[k, c] : b) add.push_back({k, uint32_t(c)});
            std::vector<uint32_t> carries;
            pr::corpus::merge_into_base(base, add.data(), add.size(), limit, carries);
            std::map<uint32_t, uint64_t> want = a;
            for (const auto &[k, c] : b) want[k] += c;
            CHECK(base.size() == want.size());
            CHECK(as_map(base.data(), base.size(), carries, limit) == want);
            bool increasing = true;
            for (size_t i = 1; i < base.size(); ++i) increasing = increasing && base[i - 1].key < base[i].key;
            CHECK(increasing);
        }
}
