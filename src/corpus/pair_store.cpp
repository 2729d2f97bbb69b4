#include "corpus/pair_store.hpp"

#include "core/error.hpp"
#include "corpus/block_cache.hpp"
#include "corpus/sorted_runs.hpp"

#include <omp.h>

#include <algorithm>
#include <limits>

namespace pr::corpus {
namespace {

// Bytes of raw keys a lane buffers before sorting them into a run (plus as
// much scratch for the sort).  Large buffers mean fewer, better-compressed
// runs and fewer merges; measured on 2e7 Zipf tokens, 64 MiB needs ~30% less
// CPU than 16 MiB.  A fixed cost per lane, independent of the stream length.
constexpr size_t kDefaultLaneBytes = size_t(64) << 20;
// Below this many pairs a chunk is not worth splitting across threads.
constexpr size_t kDefaultParallelMinPairs = size_t(1) << 16;

int bits_for(uint64_t max_key) {
    int b = 0;
    while (b < 64 && (max_key >> b) != 0) ++b;
    return b;
}

template <class K>
class SortedPairStore final : public PairStore {
public:
    SortedPairStore(uint32_t vocab_size, int lanes, size_t lane_capacity, size_t parallel_min_pairs)
        : cap_(lane_capacity ? lane_capacity : kDefaultLaneBytes / sizeof(K)),
          parallel_min_(parallel_min_pairs ? parallel_min_pairs : kDefaultParallelMinPairs),
          V_(vocab_size),
          bits_(bits_for(uint64_t(vocab_size) * vocab_size - 1)),
          lanes_(size_t(std::max(lanes, 1))) {
        block_cache_attach();
    }
    ~SortedPairStore() override {
        lanes_.clear();
        merged_.clear();
        block_cache_detach();
    }

    uint64_t add_chunk(const ChunkPairs &c, int threads) override {
        if (c.n <= c.lag) return 0;
        dirty_ = true;
        const size_t npairs = c.n - c.lag;
        int nt = std::max(1, std::min<int>(threads, int(lanes_.size())));
        if (npairs < parallel_min_) nt = 1;
        return dispatch_token_type(c.type, [&](auto tag) -> uint64_t {
            using T = std::remove_const_t<std::remove_pointer_t<decltype(tag)>>;
            const T *x = static_cast<const T *>(c.tokens);
            if (nt == 1) return add_range<T>(lanes_[0], x, c, c.lag, c.n);
            std::vector<uint64_t> added(size_t(nt), 0);
#pragma omp parallel num_threads(nt)
            {
                const int t = omp_get_thread_num();
                const int got = omp_get_num_threads();
                const size_t lo = c.lag + npairs * size_t(t) / size_t(got);
                const size_t hi = c.lag + npairs * size_t(t + 1) / size_t(got);
                added[size_t(t)] = add_range<T>(lanes_[size_t(t)], x, c, lo, hi);
            }
            uint64_t sum = 0;
            for (uint64_t a : added) sum += a;
            return sum;
        });
    }

    void add_pairs(const std::vector<std::pair<uint32_t, uint32_t>> &pairs) override {
        if (pairs.empty()) return;
        dirty_ = true;
        Lane &lane = lanes_[0];
        for (const auto &p : pairs) {
            reserve(lane, 1);
            lane.buf[lane.used++] = K(K(p.first) * K(V_) + K(p.second));
        }
    }

    void finalize(int threads) override {
        if (!dirty_) return;
        const int nt = std::max(1, threads);
        // Sort what is still buffered, one lane per thread.
#pragma omp parallel for num_threads(std::min<int>(nt, int(lanes_.size()))) schedule(dynamic)
        for (size_t l = 0; l < lanes_.size(); ++l) flush(lanes_[l]);
        std::vector<RunSlice<K>> slices;
        if (!merged_.empty()) slices.push_back(whole(merged_));
        for (Lane &lane : lanes_)
            for (const Run<K> &r : lane.stack) slices.push_back(whole(r));
        Run<K> out = merge_parallel(slices, nt);
        merged_ = std::move(out);
        for (Lane &lane : lanes_) {
            lane.stack.clear();
            lane.pool.clear();
            BulkVector<K>().swap(lane.buf);
            BulkVector<K>().swap(lane.scratch);
            lane.used = 0;
        }
        dirty_ = false;
    }

    uint64_t nnz(int threads) override {
        finalize(threads);
        return merged_.size();
    }

    uint64_t count(uint32_t a, uint32_t b, int threads) override {
        finalize(threads);
        const K key = K(K(a) * K(V_) + K(b));
        auto it = std::lower_bound(merged_.key.begin(), merged_.key.end(), key);
        if (it == merged_.key.end() || *it != key) return 0;
        return merged_.count[size_t(it - merged_.key.begin())];
    }

    void export_csr(CountsCsr &out, int threads) override {
        finalize(threads);
        const size_t nnz = merged_.size();
        out.vocab_size = V_;
        out.row_ptr.assign(size_t(V_) + 1, 0);
        out.col.resize(nnz);
        out.count.assign(merged_.count.begin(), merged_.count.end());
        const K V = K(V_);
        for (size_t i = 0; i < nnz; ++i) {
            const K k = merged_.key[i];
            const K a = k / V;
            out.col[i] = uint32_t(k - a * V);
            ++out.row_ptr[size_t(a) + 1];
        }
        for (size_t r = 0; r < V_; ++r) out.row_ptr[r + 1] += out.row_ptr[r];
    }

    void merge_from(PairStore &other_base, int threads) override {
        auto &other = dynamic_cast<SortedPairStore &>(other_base);
        finalize(threads);
        other.finalize(threads);
        if (other.merged_.empty()) return;
        merged_ = merge_parallel({whole(merged_), whole(other.merged_)}, std::max(1, threads));
    }

    void assign_csr(const uint64_t *row_ptr, const uint32_t *col, const uint64_t *count) override {
        const size_t nnz = size_t(row_ptr[V_]);
        Run<K> r;
        r.key.resize(nnz);
        r.count.assign(count, count + nnz);
        for (uint32_t a = 0; a < V_; ++a)
            for (uint64_t i = row_ptr[a]; i < row_ptr[a + 1]; ++i) r.key[i] = K(K(a) * K(V_) + K(col[i]));
        for (Lane &lane : lanes_) {
            lane.stack.clear();
            lane.used = 0;
        }
        merged_ = std::move(r);
        dirty_ = false;
    }

private:
    struct Lane {
        BulkVector<K> buf;
        BulkVector<K> scratch;
        size_t used = 0;
        std::vector<Run<K>> stack;  // sizes decrease towards the top
        // Emptied runs kept for reuse: fresh memory costs a page fault and a
        // kernel page clear per 4 KiB, as much as the sorting itself.
        std::vector<Run<K>> pool;

        Run<K> take_run() {
            if (pool.empty()) return Run<K>();
            Run<K> r = std::move(pool.back());
            pool.pop_back();
            return r;
        }
        void give_run(Run<K> &&r) {
            r.key.clear();
            r.count.clear();
            pool.push_back(std::move(r));
            // Largest capacity last, so take_run hands out the biggest; keep few.
            std::sort(pool.begin(), pool.end(),
                      [](const Run<K> &x, const Run<K> &y) { return x.key.capacity() < y.key.capacity(); });
            if (pool.size() > 3) pool.erase(pool.begin());
        }
    };

    // Makes room for at least one more key; buffers grow geometrically up to
    // the lane capacity, so small corpora stay small.
    void reserve(Lane &lane, size_t want) {
        if (lane.used == lane.buf.size()) {
            if (lane.buf.size() >= cap_) {
                flush(lane);
            } else {
                size_t grown = std::max({lane.buf.size() * 2, lane.used + want, size_t(4096)});
                lane.buf.resize(std::min(grown, cap_));
            }
        }
    }

    void flush(Lane &lane) {
        if (lane.used == 0) return;
        lane.scratch.resize(lane.buf.size());
        const K *sorted = radix_sort(lane.buf.data(), lane.scratch.data(), lane.used, bits_);
        Run<K> run = lane.take_run();
        run_length(sorted, lane.used, run);
        lane.used = 0;
        lane.stack.push_back(std::move(run));
        // Keep the stack logarithmic: merge while the run below is not much
        // bigger than the top one.
        while (lane.stack.size() >= 2 &&
               lane.stack[lane.stack.size() - 2].size() <= 2 * lane.stack.back().size()) {
            Run<K> merged = lane.take_run();
            merge_into(whole(lane.stack[lane.stack.size() - 2]), whole(lane.stack.back()), merged);
            lane.give_run(std::move(lane.stack.back()));
            lane.stack.pop_back();
            lane.give_run(std::move(lane.stack.back()));
            lane.stack.back() = std::move(merged);
        }
    }

    template <class T>
    uint64_t add_range(Lane &lane, const T *x, const ChunkPairs &c, size_t lo, size_t hi) {
        const K V = K(V_);
        const size_t lag = c.lag;
        if (!c.has_separator) {
            size_t j = lo;
            while (j < hi) {
                reserve(lane, hi - j);
                const size_t m = std::min(hi - j, lane.buf.size() - lane.used);
                K *out = lane.buf.data() + lane.used;
                const T *a = x + (j - lag);
                const T *b = x + j;
                for (size_t i = 0; i < m; ++i) out[i] = K(K(a[i]) * V + K(b[i]));
                lane.used += m;
                j += m;
            }
            return hi - lo;
        }
        const T sep = T(c.separator);
        // last: the largest index <= j holding the separator (or "none").
        int64_t last = std::numeric_limits<int64_t>::min() / 2;
        for (size_t i = lo - lag; i < lo; ++i)
            if (x[i] == sep) last = int64_t(i);
        uint64_t added = 0;
        size_t j = lo;
        while (j < hi) {
            reserve(lane, hi - j);
            const size_t m = std::min(hi - j, lane.buf.size() - lane.used);
            K *out = lane.buf.data() + lane.used;
            size_t w = 0;
            for (size_t end = j + m; j < end; ++j) {
                if (x[j] == sep) {
                    last = int64_t(j);
                } else if (last < int64_t(j - lag)) {
                    out[w++] = K(K(x[j - lag]) * V + K(x[j]));
                }
            }
            lane.used += w;
            added += w;
        }
        return added;
    }

    // Merges sorted slices into one run, splitting the key range across threads.
    static Run<K> merge_parallel(const std::vector<RunSlice<K>> &slices, int threads) {
        size_t total = 0, largest = 0;
        for (size_t i = 0; i < slices.size(); ++i) {
            total += slices[i].n;
            if (slices[i].n > slices[largest].n) largest = i;
        }
        if (threads <= 1 || total < (size_t(1) << 18) || slices.size() < 2) {
            Run<K> r;
            const size_t m = merge_k<K>(slices, nullptr, nullptr);
            r.key.resize(m);
            r.count.resize(m);
            merge_k<K>(slices, r.key.data(), r.count.data());
            return r;
        }
        const size_t parts = size_t(threads) * 4;
        std::vector<K> split(parts + 1);
        const RunSlice<K> &big = slices[largest];
        for (size_t p = 1; p < parts; ++p) split[p] = big.key[big.n * p / parts];
        // Each part: the sub-slices of every run whose keys fall in
        // [split[p], split[p + 1]).  A counting pass sizes the output exactly,
        // then every part writes its own range of it: no temporaries, and
        // fresh memory (costly to first-touch) is only what the result needs.
        std::vector<std::vector<RunSlice<K>>> sub(parts);
        for (size_t p = 0; p < parts; ++p)
            for (const RunSlice<K> &s : slices) {
                size_t lo = p == 0 ? 0 : size_t(std::lower_bound(s.key, s.key + s.n, split[p]) - s.key);
                size_t hi = p + 1 == parts ? s.n
                                           : size_t(std::lower_bound(s.key, s.key + s.n, split[p + 1]) - s.key);
                if (hi > lo) sub[p].push_back({s.key + lo, s.count + lo, hi - lo});
            }
        std::vector<size_t> offset(parts + 1, 0);
#pragma omp parallel for num_threads(threads) schedule(dynamic)
        for (size_t p = 0; p < parts; ++p) offset[p + 1] = merge_k<K>(sub[p], nullptr, nullptr);
        for (size_t p = 0; p < parts; ++p) offset[p + 1] += offset[p];
        Run<K> r;
        r.key.resize(offset[parts]);
        r.count.resize(offset[parts]);
#pragma omp parallel for num_threads(threads) schedule(dynamic)
        for (size_t p = 0; p < parts; ++p) merge_k<K>(sub[p], r.key.data() + offset[p], r.count.data() + offset[p]);
        return r;
    }

    size_t cap_;
    size_t parallel_min_;
    uint32_t V_;
    int bits_;
    std::vector<Lane> lanes_;
    Run<K> merged_;
    bool dirty_ = false;
};

}  // namespace

std::unique_ptr<PairStore> make_pair_store(uint32_t vocab_size, int lanes, size_t lane_capacity,
                                           size_t parallel_min_pairs) {
    if (uint64_t(vocab_size) * vocab_size <= (uint64_t(1) << 32))
        return std::make_unique<SortedPairStore<uint32_t>>(vocab_size, lanes, lane_capacity, parallel_min_pairs);
    return std::make_unique<SortedPairStore<uint64_t>>(vocab_size, lanes, lane_capacity, parallel_min_pairs);
}

}  // namespace pr::corpus
