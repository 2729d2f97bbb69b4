#include "corpus/pair_store.hpp"

#include "core/error.hpp"
#include "core/parallel_errors.hpp"
#include "corpus/pair_scan.hpp"
#include "corpus/sorted_runs.hpp"

#include <omp.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <utility>

namespace pr::corpus {
namespace {

// Bytes of raw keys a lane buffers at least before sorting them and merging
// them into its base (plus as much scratch for the sort).  The buffer grows
// with the base (see reserve), so this floor mostly sets the memory of small
// and medium corpora; on 1e8 Zipf tokens 16 MiB and 64 MiB took the same CPU
// time within the noise, 16 MiB with 150 MB less peak RSS.
constexpr size_t kDefaultLaneBytes = size_t(16) << 20;
// Below this many pairs a chunk is not worth splitting across threads; the
// plan (row split, dense rows) is made once kPlanAfter times as many pairs
// were seen (2^20 by default: enough to find the frequent rows).
constexpr size_t kDefaultParallelMinPairs = size_t(1) << 16;
constexpr size_t kPlanAfter = 16;
// Dense rows: a row whose share of the sampled pairs is at least 1/kDenseShare
// gets V counters, most frequent first, within kDenseBudget bytes per store.
// On Zipf text (V = 50257) that is the top 41 rows, ~37% of the pairs.  More
// rows did not pay: their counters fall out of cache (measured 0 / 2 / 4 / 8 /
// 16 / 32 MiB on 1e8 Zipf tokens: 8 MiB best, ~15% less CPU than none).
constexpr uint64_t kDenseShare = 4096;
constexpr size_t kDenseBudget = size_t(8) << 20;
// ... and at least V / kDenseMinFill sampled pairs, so that small samples do
// not buy V counters for a row seen a few times.
constexpr uint64_t kDenseMinFill = 64;
// The plan samples at most this many pairs of a chunk (evenly strided).
constexpr size_t kPlanSample = size_t(1) << 22;
// Sparse pairs cost several times a dense increment (sort + merge); used to
// balance the lanes' row ranges.
constexpr uint64_t kSparseWeight = 4;

constexpr uint32_t kSparse = kRouteSparse;
constexpr uint32_t kSkip = kRouteSkip;

int bits_for(uint64_t max_key) {
    int b = 0;
    while (b < 64 && (max_key >> b) != 0) ++b;
    return b;
}

template <class K>
class SortedPairStore final : public PairStore {
public:
    SortedPairStore(uint32_t vocab_size, int lanes, size_t lane_capacity, size_t parallel_min_pairs,
                    uint32_t count_limit)
        : cap_(lane_capacity ? lane_capacity : kDefaultLaneBytes / sizeof(K)),
          parallel_min_(parallel_min_pairs ? parallel_min_pairs : kDefaultParallelMinPairs),
          limit_(count_limit ? count_limit : std::numeric_limits<uint32_t>::max()),
          V_(vocab_size),
          lanes_(size_t(std::max(lanes, 1))) {
        std::vector<uint32_t> bounds(lanes_.size() + 1, V_);
        bounds[0] = 0;  // unplanned: lane 0 owns every row, all sparse
        set_plan(bounds, std::vector<char>(V_, 0));
    }
    ~SortedPairStore() override {
        lanes_.clear();
    }

    uint64_t add_chunk(const ChunkPairs &c, int threads) override {
        if (c.n <= c.lag) return 0;
        const size_t npairs = c.n - c.lag;
        if (!planned_ && seen_ + npairs >= kPlanAfter * parallel_min_) plan(c, threads);
        dirty_ = true;
        seen_ += npairs;
        int nt = std::max(1, std::min<int>(threads, int(lanes_.size())));
        if (npairs < parallel_min_) nt = 1;
        return dispatch_token_type(c.type, [&](auto tag) -> uint64_t {
            using T = std::remove_const_t<std::remove_pointer_t<decltype(tag)>>;
            const T *x = static_cast<const T *>(c.tokens);
            std::vector<uint64_t> added(lanes_.size(), 0);
            ParallelErrors errors;
#pragma omp parallel for num_threads(nt) schedule(static, 1)
            for (size_t l = 0; l < lanes_.size(); ++l) errors.run([&] { added[l] = scan<T>(lanes_[l], x, c); });
            errors.rethrow();
            return std::accumulate(added.begin(), added.end(), uint64_t(0));
        });
    }

    void add_pairs(const std::vector<std::pair<uint32_t, uint32_t>> &pairs) override {
        if (pairs.empty()) return;
        dirty_ = true;
        seen_ += pairs.size();
        for (const auto &p : pairs) {
            Lane &lane = lanes_[owner(p.first)];
            add_one(lane, lane.route[p.first], p.first, p.second);
        }
    }

    void finalize(int threads) override {
        if (!dirty_) return;
        const int nt = std::max(1, std::min<int>(threads, int(lanes_.size())));
        ParallelErrors errors;
#pragma omp parallel for num_threads(nt) schedule(dynamic)
        for (size_t l = 0; l < lanes_.size(); ++l) errors.run([&] { finalize_lane(lanes_[l]); });
        errors.rethrow();
        dirty_ = false;
    }

    uint64_t nnz(int threads) override {
        finalize(threads);
        uint64_t n = 0;
        for (const Lane &lane : lanes_) n += lane.base.size();
        return n;
    }

    uint64_t count(uint32_t a, uint32_t b, int threads) override {
        finalize(threads);
        const Lane &lane = lanes_[owner(a)];
        const K key = K(K(a - lane.row_lo) * K(V_) + K(b));
        auto it = std::lower_bound(lane.base.begin(), lane.base.end(), key,
                                   [](const Entry<K> &e, K k) { return e.key < k; });
        if (it == lane.base.end() || it->key != key) return 0;
        auto range = std::equal_range(lane.carries.begin(), lane.carries.end(), key);
        return it->count + (uint64_t(limit_) + 1) * uint64_t(range.second - range.first);
    }

    void export_csr(CountsCsr &out, int threads) override {
        finalize(threads);
        const uint64_t nnz = this->nnz(threads);
        out.vocab_size = V_;
        out.row_ptr.assign(size_t(V_) + 1, 0);
        out.col.resize(nnz);
        out.count.resize(nnz);
        size_t i = 0;
        for (const Lane &lane : lanes_) {
            size_t c = 0;
            const K V = K(V_);
            for (const Entry<K> &e : lane.base) {
                const K a = e.key / V;
                out.col[i] = uint32_t(e.key - a * V);
                uint64_t n = e.count;
                while (c < lane.carries.size() && lane.carries[c] == e.key) n += uint64_t(limit_) + 1, ++c;
                out.count[i] = n;
                ++out.row_ptr[size_t(lane.row_lo) + size_t(a) + 1];
                ++i;
            }
        }
        for (size_t r = 0; r < V_; ++r) out.row_ptr[r + 1] += out.row_ptr[r];
    }

    void merge_from(PairStore &other_base, int threads) override {
        auto &other = dynamic_cast<SortedPairStore &>(other_base);
        other.finalize(threads);
        Global theirs = other.collect();
        if (theirs.run.empty()) return;
        finalize(threads);
        Global mine = collect();
        Global both;
        both.carries = std::move(mine.carries);
        both.carries.insert(both.carries.end(), theirs.carries.begin(), theirs.carries.end());
        merge_into(mine.run.data(), mine.run.size(), theirs.run.data(), theirs.run.size(), both.run, limit_,
                   both.carries);
        seen_ += other.seen_;
        distribute(std::move(both));
    }

    void assign_csr(const uint64_t *row_ptr, const uint32_t *col, const uint64_t *count) override {
        Global g;
        g.run.resize(size_t(row_ptr[V_]));
        for (uint32_t a = 0; a < V_; ++a)
            for (uint64_t i = row_ptr[a]; i < row_ptr[a + 1]; ++i) {
                const K key = K(K(a) * K(V_) + K(col[i]));
                g.run[i] = {key, fold_count<K>(count[i], key, limit_, g.carries)};
            }
        for (Lane &lane : lanes_) reset_lane(lane);
        distribute(std::move(g));
        dirty_ = false;
    }

    PlanInfo plan_info() const override {
        PlanInfo info;
        info.planned = planned_;
        for (const Lane &lane : lanes_) {
            info.dense_rows += lane.dense_rows.size();
            info.bounds.push_back(lane.row_lo);
        }
        info.bounds.push_back(V_);
        return info;
    }

private:
    struct Lane {
        uint32_t row_lo = 0, row_hi = 0;  // the rows this lane owns
        int bits = 0;                     // bits of its largest relative key
        std::vector<uint32_t> route;      // per row: dense offset, kSparse or kSkip
        std::vector<uint32_t> dense_rows; // rows with dense counters, ascending
        Region<uint32_t> dense;           // dense_rows.size() * V counters
        uint64_t dense_added = 0;         // bounds every dense counter (for count_limit)
        // Raw relative keys of sparse pairs in [0, cap), the radix sort's
        // scratch in [cap, 2 cap); the sorted keys are then run-length encoded
        // over the same memory and merged into base in place, so a lane owns
        // just two growing blocks: fresh memory (page faults and kernel page
        // clearing) costs more than the sorting itself.
        Region<K> keys;
        Region<K> temp;  // the sort's in-cache scratch for one top-digit bucket
        size_t cap = 0;
        size_t used = 0;
        Run<K> base;             // every count of the lane so far, merged
        std::vector<K> carries;  // relative keys; sorted after finalize
    };

    // Sorted absolute keys with their carries: the form in which whole stores
    // are exchanged (merge_from, load, re-planning).
    struct Global {
        Run<K> run;
        std::vector<K> carries;
    };

    size_t owner(uint32_t a) const {
        size_t l = 0;
        while (a >= lanes_[l].row_hi && l + 1 < lanes_.size()) ++l;
        return l;
    }

    // bounds: lane l owns rows [bounds[l], bounds[l + 1]).  Lanes must be empty.
    void set_plan(const std::vector<uint32_t> &bounds, const std::vector<char> &is_dense) {
        for (size_t l = 0; l < lanes_.size(); ++l) {
            Lane &lane = lanes_[l];
            lane.row_lo = bounds[l];
            lane.row_hi = bounds[l + 1];
            lane.bits = lane.row_hi > lane.row_lo ? bits_for(uint64_t(lane.row_hi - lane.row_lo) * V_ - 1) : 0;
            lane.route.assign(V_, kSkip);
            lane.dense_rows.clear();
            for (uint32_t r = lane.row_lo; r < lane.row_hi; ++r) {
                if (is_dense[r]) {
                    lane.route[r] = uint32_t(lane.dense_rows.size()) * V_;
                    lane.dense_rows.push_back(r);
                } else {
                    lane.route[r] = kSparse;
                }
            }
            lane.dense.release();
            lane.dense.resize(lane.dense_rows.size() * size_t(V_));
            std::fill(lane.dense.begin(), lane.dense.end(), 0u);
            lane.dense_added = 0;
        }
    }

    // Chooses the row split and the dense rows from the row frequencies of the
    // pairs seen so far and of (a sample of) this chunk, then re-plans.
    void plan(const ChunkPairs &c, int threads) {
        std::vector<uint64_t> rows(V_, 0);
        finalize(threads);  // what was counted before the plan is re-distributed
        Global g = collect();
        for (const Entry<K> &e : g.run) rows[size_t(e.key / K(V_))] += e.count;
        for (K k : g.carries) rows[size_t(k / K(V_))] += uint64_t(limit_) + 1;
        const size_t npairs = c.n - c.lag;
        const size_t stride = std::max<size_t>(1, npairs / kPlanSample);
        dispatch_token_type(c.type, [&](auto tag) {
            using T = std::remove_const_t<std::remove_pointer_t<decltype(tag)>>;
            const T *x = static_cast<const T *>(c.tokens);
            for (size_t j = c.lag; j < c.n; j += stride) ++rows[size_t(x[j - c.lag])];
        });
        if (c.has_separator) rows[c.separator] = 0;
        const uint64_t total = std::accumulate(rows.begin(), rows.end(), uint64_t(0));

        // Dense rows: frequent enough, most frequent first, within the budget.
        std::vector<uint32_t> order;
        for (uint32_t r = 0; r < V_; ++r)
            if (rows[r] > 0 && rows[r] * kDenseShare >= total && rows[r] * kDenseMinFill >= V_) order.push_back(r);
        std::sort(order.begin(), order.end(), [&](uint32_t p, uint32_t q) { return rows[p] > rows[q]; });
        const size_t max_rows = kDenseBudget / (sizeof(uint32_t) * size_t(V_));
        if (order.size() > max_rows) order.resize(max_rows);
        std::vector<char> is_dense(V_, 0);
        for (uint32_t r : order) is_dense[r] = 1;

        // Contiguous row ranges of about equal work.
        uint64_t work = 0;
        for (uint32_t r = 0; r < V_; ++r) work += rows[r] * (is_dense[r] ? 1 : kSparseWeight);
        const size_t L = lanes_.size();
        std::vector<uint32_t> bounds(L + 1, V_);
        bounds[0] = 0;
        uint64_t acc = 0;
        size_t l = 1;
        for (uint32_t r = 0; r < V_ && l < L; ++r) {
            acc += rows[r] * (is_dense[r] ? 1 : kSparseWeight);
            while (l < L && acc * L >= work * l) bounds[l++] = r + 1;
        }
        for (Lane &lane : lanes_) reset_lane(lane);
        set_plan(bounds, is_dense);
        planned_ = true;
        if (!g.run.empty()) distribute(std::move(g));
    }

    static void reset_lane(Lane &lane) {
        lane.base.release();
        lane.carries.clear();
        lane.keys.release();
        lane.temp.release();
        lane.cap = 0;
        lane.used = 0;
        std::fill(lane.dense.begin(), lane.dense.end(), 0u);
        lane.dense_added = 0;
    }

    // All counts as one globally sorted run (lanes own increasing row ranges).
    // Expects a finalized store; leaves it unchanged.
    Global collect() const {
        Global g;
        size_t total = 0;
        for (const Lane &lane : lanes_) total += lane.base.size();
        g.run.resize(total);
        size_t i = 0;
        for (const Lane &lane : lanes_) {
            const K offset = K(K(lane.row_lo) * K(V_));
            for (const Entry<K> &e : lane.base) g.run[i++] = {K(e.key + offset), e.count};
            for (K k : lane.carries) g.carries.push_back(K(k + offset));
        }
        return g;
    }

    // Replaces the lanes' bases by the slices of g in their row ranges.
    void distribute(Global &&g) {
        std::sort(g.carries.begin(), g.carries.end());
        size_t e0 = 0, c0 = 0;
        for (Lane &lane : lanes_) {
            const K offset = K(K(lane.row_lo) * K(V_));
            const K end = K(K(lane.row_hi) * K(V_));
            size_t e1 = e0, c1 = c0;
            while (e1 < g.run.size() && (lane.row_hi == V_ || g.run[e1].key < end)) ++e1;
            while (c1 < g.carries.size() && (lane.row_hi == V_ || g.carries[c1] < end)) ++c1;
            lane.base.clear();
            lane.base.resize(e1 - e0);
            for (size_t i = e0; i < e1; ++i) lane.base[i - e0] = {K(g.run[i].key - offset), g.run[i].count};
            lane.carries.clear();
            for (size_t i = c0; i < c1; ++i) lane.carries.push_back(K(g.carries[i] - offset));
            e0 = e1;
            c0 = c1;
        }
        dirty_ = true;  // nothing is buffered, finalize is cheap
    }

    // Makes room for at least one more key; the buffer grows geometrically up
    // to the lane capacity, so small corpora stay small.
    void reserve(Lane &lane) {
        if (lane.used < lane.cap) return;
        // Each flush rewrites the whole base, so the buffer grows with it (half
        // its entries) to keep that cost per key bounded.
        const size_t cap = std::max(cap_, lane.base.size() / 2);
        if (lane.cap >= cap) {
            flush(lane);
        } else {
            const size_t grown = std::min(std::max(lane.cap * 2, size_t(4096)), cap);
            lane.keys.resize(2 * grown);  // keeps the buffered keys in place; may throw
            lane.cap = grown;
        }
    }

    // All or nothing under an allocation failure (so that a failed save or
    // export leaves the counts intact): the base is grown to its largest
    // possible size first, while the buffered keys are still untouched.
    void flush(Lane &lane) {
        if (lane.used == 0) return;
        lane.base.reserve(lane.base.size() + lane.used);
        size_t d = 0;
        const Entry<K> *e =
            sort_encode(lane.keys.data(), lane.cap, lane.used, lane.bits, lane.temp, limit_, lane.carries, d);
        merge_into_base(lane.base, e, d, limit_, lane.carries);
        lane.used = 0;
    }

    // Merges the dense counters into the base (slots are in row order, so
    // they read out sorted) and clears them.  Uses the key buffer's memory.
    void flush_dense(Lane &lane) {
        if (lane.dense_added == 0) return;
        flush(lane);
        const size_t cells = lane.dense_rows.size() * size_t(V_);
        uint32_t *d = lane.dense.data();
        size_t nz = 0;
        for (size_t i = 0; i < cells; ++i) nz += d[i] != 0;
        const size_t room = (nz * sizeof(Entry<K>) + sizeof(K) - 1) / sizeof(K);
        if (lane.keys.size() < room) lane.keys.resize(room);
        lane.base.reserve(lane.base.size() + nz);  // before the counters are cleared
        Entry<K> *e = reinterpret_cast<Entry<K> *>(lane.keys.data());
        size_t m = 0;
        for (size_t s = 0; s < lane.dense_rows.size(); ++s) {
            const K row = K(K(lane.dense_rows[s] - lane.row_lo) * K(V_));
            uint32_t *cell = d + s * size_t(V_);
            for (uint32_t b = 0; b < V_; ++b)
                if (cell[b]) {
                    e[m++] = {K(row + b), cell[b]};
                    cell[b] = 0;
                }
        }
        lane.dense_added = 0;
        merge_into_base(lane.base, e, m, limit_, lane.carries);
    }

    void finalize_lane(Lane &lane) {
        flush_dense(lane);
        flush(lane);
        lane.keys.release();
        lane.temp.release();
        lane.cap = 0;
        lane.used = 0;
        std::sort(lane.carries.begin(), lane.carries.end());
    }

    // One pair through the lane's route (the slow path: boundaries, separators).
    void add_one(Lane &lane, uint32_t route, uint32_t a, uint32_t b) {
        if (route == kSparse) {
            reserve(lane);
            lane.keys[lane.used++] = K(K(a - lane.row_lo) * K(V_) + K(b));
        } else {
            if (lane.dense_added + 1 > limit_) flush_dense(lane);
            ++lane.dense[size_t(route) + b];
            ++lane.dense_added;
        }
    }

    // Adds the chunk's pairs whose row this lane owns; returns their number.
    template <class T>
    uint64_t scan(Lane &lane, const T *x, const ChunkPairs &c) {
        if (lane.row_lo >= lane.row_hi) return 0;
        const size_t lag = c.lag;
        const uint32_t *route = lane.route.data();
        if (c.has_separator) {
            const T sep = T(c.separator);
            // last: the largest index <= j holding the separator (or "none").
            int64_t last = std::numeric_limits<int64_t>::min() / 2;
            for (size_t i = 0; i < lag; ++i)
                if (x[i] == sep) last = int64_t(i);
            uint64_t added = 0;
            for (size_t j = lag; j < c.n; ++j) {
                if (x[j] == sep) {
                    last = int64_t(j);
                } else if (last < int64_t(j - lag)) {
                    const uint32_t a = uint32_t(x[j - lag]), r = route[a];
                    if (r == kSkip) continue;
                    add_one(lane, r, a, uint32_t(x[j]));
                    ++added;
                }
            }
            return added;
        }
        const K V = K(V_);
        const bool has_dense = !lane.dense_rows.empty();
        uint64_t skipped = 0;
        size_t j = lag;
        while (j < c.n) {
            reserve(lane);
            size_t m = std::min(c.n - j, lane.cap - lane.used);
            if (has_dense) {
                m = std::min<size_t>(m, limit_);
                if (lane.dense_added + m > limit_) flush_dense(lane);
                lane.dense_added += m;
            }
            K *out = lane.keys.data() + lane.used;
            if (has_dense)
                lane.used += scan_routed<T, K>(x + (j - lag), x + j, m, route, lane.dense.data(), lane.row_lo, V, out,
                                               skipped);
            else
                lane.used += scan_sparse<T, K>(x + (j - lag), x + j, m, lane.row_lo, lane.row_hi - lane.row_lo, V,
                                               out, skipped);
            j += m;
        }
        return (c.n - lag) - skipped;
    }

    size_t cap_;
    size_t parallel_min_;
    uint32_t limit_;
    uint32_t V_;
    std::vector<Lane> lanes_;
    uint64_t seen_ = 0;  // pairs added so far (decides when to plan)
    bool planned_ = false;
    bool dirty_ = false;
};

}  // namespace

std::unique_ptr<PairStore> make_pair_store(uint32_t vocab_size, int lanes, size_t lane_capacity,
                                           size_t parallel_min_pairs, uint32_t count_limit) {
    if (uint64_t(vocab_size) * vocab_size <= (uint64_t(1) << 32))
        return std::make_unique<SortedPairStore<uint32_t>>(vocab_size, lanes, lane_capacity, parallel_min_pairs,
                                                           count_limit);
    return std::make_unique<SortedPairStore<uint64_t>>(vocab_size, lanes, lane_capacity, parallel_min_pairs,
                                                       count_limit);
}

}  // namespace pr::corpus
