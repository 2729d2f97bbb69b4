// Exact pair counts keyed by (a, b).  The rows a are split into contiguous
// ranges, one per worker lane, so lanes never share a key and their results
// simply line up (no cross-lane merge).  Within a lane, the most frequent rows
// are counted in dense per-row counters (Zipf text: a few dozen rows carry a
// third of the pairs) and the other rows go through the sparse path: a buffer
// of raw keys, radix-sorted, run-length encoded over the buffer itself and
// merged in place into the lane's sorted base, so memory follows the number of
// distinct pairs (8 bytes each: 32-bit counts, with carries past 2^32 - 1
// kept aside; see sorted_runs.hpp).  The split and the dense rows are planned
// once from the row frequencies of the first ~16 * parallel_min_pairs pairs
// (the data already counted is redistributed then); any plan gives the same
// exact counts.
//
// Keys inside a lane are (a - first row) * V + b: 32-bit when V * V fits
// (V <= 65536), halving the memory traffic of the sort, and 64-bit otherwise.
#pragma once

#include "corpus/counts_csr.hpp"
#include "corpus/token_types.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace pr::corpus {

// The pairs of one chunk x[0..n): (x[j - lag], x[j]) for j in [lag, n), skipping
// every pair whose span [j - lag, j] holds a separator (when has_separator).
struct ChunkPairs {
    const void *tokens = nullptr;
    TokenType type = TokenType::u32;
    size_t n = 0;
    size_t lag = 1;
    bool has_separator = false;
    uint32_t separator = 0;
};

// How a store split its work (for tests and diagnostics).
struct PlanInfo {
    bool planned = false;          // the split and dense rows were chosen
    size_t dense_rows = 0;         // rows counted in dense counters, all lanes
    std::vector<uint32_t> bounds;  // lane l owns rows [bounds[l], bounds[l + 1])
};

class PairStore {
public:
    virtual ~PairStore() = default;
    // Adds the pairs of a validated chunk using up to `threads` lanes;
    // returns the number of pairs added.
    virtual uint64_t add_chunk(const ChunkPairs &chunk, int threads) = 0;
    // Adds individual pairs (the few that span chunk boundaries).
    virtual void add_pairs(const std::vector<std::pair<uint32_t, uint32_t>> &pairs) = 0;
    // Merges everything into the final sorted run (idempotent, cheap if clean).
    virtual void finalize(int threads) = 0;
    // These finalize first.
    virtual uint64_t nnz(int threads) = 0;
    virtual uint64_t count(uint32_t a, uint32_t b, int threads) = 0;
    virtual void export_csr(CountsCsr &out, int threads) = 0;  // fills row_ptr, col, count
    // Adds another store's counts (same V; finalizes both).
    virtual void merge_from(PairStore &other, int threads) = 0;
    // Replaces the content with CSR counts (used by load).
    virtual void assign_csr(const uint64_t *row_ptr, const uint32_t *col, const uint64_t *count) = 0;
    virtual PlanInfo plan_info() const = 0;
};

// lanes: the number of worker lanes (threads that may add in parallel).
// lane_capacity: raw keys a lane buffers at least before sorting them into
// its base (0 = the default, 16 MiB of keys; the buffer grows to half the
// base); parallel_min_pairs: chunks with fewer pairs use one thread, and the
// plan is made once 16 times as many pairs were seen (0 = the default, 2^16);
// count_limit: the largest count a 32-bit cell holds before a carry is split
// off (0 = the default, 2^32 - 1).  Tests use small
// values of all three to exercise flushes, merges, planning and carries.
std::unique_ptr<PairStore> make_pair_store(uint32_t vocab_size, int lanes, size_t lane_capacity = 0,
                                           size_t parallel_min_pairs = 0, uint32_t count_limit = 0);

}  // namespace pr::corpus
