// Speed of the projection M_k = E^T T^k E (raw mode) at GPT-2 scale:
// V = 50257, d = 768, K = 8, counts from a Zipf Markov stream.  Writes the
// same T and E to <outdir> so run_transition_bench.py can time scipy and
// PyTorch on identical data, and prints one JSON line with our timings.
//
//   bench_transition <outdir> [tokens=2e7] [d=768] [K=8] [V=50257]
#include "prspread.h"
#include <Eigen/Dense>

#include <omp.h>
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// A float block backed by 2 MiB pages, as numpy gives large arrays: the
// sparse product reads rows of E in random order, and with 4 KiB pages it is
// TLB-bound (1.6x slower measured).
struct HugeFloats {
    explicit HugeFloats(size_t n) : n_(n) {
        const size_t huge = size_t(2) << 20, bytes = (n * sizeof(float) + huge - 1) / huge * huge;
        void *q = nullptr;
        if (posix_memalign(&q, huge, bytes) != 0) throw std::bad_alloc();
        ::madvise(q, bytes, MADV_HUGEPAGE);
        p_ = static_cast<float *>(q);
        std::fill(p_, p_ + n, 0.0f);
    }
    ~HugeFloats() { std::free(p_); }
    HugeFloats(const HugeFloats &) = delete;
    HugeFloats &operator=(const HugeFloats &) = delete;
    float *data() { return p_; }
    const float *data() const { return p_; }
    size_t size() const { return n_; }
    const float *begin() const { return p_; }
    const float *end() const { return p_ + n_; }

private:
    float *p_;
    size_t n_;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

template <class V>
void dump(const std::string &path, const V &v) {
    using T = std::decay_t<decltype(*v.data())>;
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char *>(v.data()), std::streamsize(v.size() * sizeof(T)));
}

// A Zipf Markov stream: the next token is a global Zipf draw, shifted by a
// per-context offset half of the time, so rows have Zipf-like but distinct
// successor sets (nnz close to half the token count at 2e7 tokens).
std::vector<uint32_t> zipf_stream(uint32_t V, uint64_t n, uint64_t seed) {
    std::vector<double> cdf(V);
    double s = 0.0;
    for (uint32_t r = 0; r < V; ++r) cdf[r] = (s += 1.0 / std::pow(double(r + 1), 1.05));
    for (double &c : cdf) c /= s;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<uint32_t> out(n);
    uint32_t cur = 0;
    for (uint64_t i = 0; i < n; ++i) {
        out[i] = cur;
        uint32_t z = uint32_t(std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin());
        if (z >= V) z = V - 1;
        cur = u(rng) < 0.5 ? z : uint32_t((uint64_t(z) + uint64_t(cur) * 7919u) % V);
    }
    return out;
}

struct Timings {
    std::vector<double> stamps;
};

int on_power(void *user, uint64_t, uint64_t) {
    static_cast<Timings *>(user)->stamps.push_back(now());
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <outdir> [tokens] [d] [K] [V]\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    const uint64_t tokens = argc > 2 ? uint64_t(std::atof(argv[2])) : 20000000ull;
    const size_t d = argc > 3 ? size_t(std::atoi(argv[3])) : 768;
    const uint32_t K = argc > 4 ? uint32_t(std::atoi(argv[4])) : 8;
    const uint32_t V = argc > 5 ? uint32_t(std::atoi(argv[5])) : 50257;

    // Count pairs by sorting packed keys.
    double t0 = now();
    const auto ids = zipf_stream(V, tokens, 1);
    std::vector<uint64_t> keys(ids.size() - 1);
    for (size_t i = 0; i + 1 < ids.size(); ++i) keys[i] = uint64_t(ids[i]) * V + ids[i + 1];
    std::sort(keys.begin(), keys.end());
    std::vector<uint64_t> row_ptr(size_t(V) + 1, 0), count;
    std::vector<uint32_t> col;
    for (size_t i = 0; i < keys.size();) {
        size_t j = i;
        while (j < keys.size() && keys[j] == keys[i]) ++j;
        row_ptr[keys[i] / V + 1] += 1;
        col.push_back(uint32_t(keys[i] % V));
        count.push_back(j - i);
        i = j;
    }
    for (uint32_t a = 0; a < V; ++a) row_ptr[a + 1] += row_ptr[a];
    keys.clear();
    keys.shrink_to_fit();
    const double t_count = now() - t0;

    pr_transition *t = nullptr;
    t0 = now();
    if (pr_transition_create_csr(&t, V, row_ptr.data(), col.data(), count.data(), nullptr, nullptr) != PR_OK) {
        std::fprintf(stderr, "create: %s\n", pr_last_error());
        return 1;
    }
    const double t_create = now() - t0;

    HugeFloats E(size_t(V) * d);
    pr_embeddings_gaussian_f32(E.data(), V, d, 3, 0.02, 1.0);

    // Row-normalised T for the anchors (float32, same as our kernel).
    {
        std::vector<int64_t> indptr(row_ptr.begin(), row_ptr.end());
        std::vector<float> val(count.size());
        for (uint32_t a = 0; a < V; ++a) {
            double r = 0;
            for (uint64_t e = row_ptr[a]; e < row_ptr[a + 1]; ++e) r += double(count[e]);
            for (uint64_t e = row_ptr[a]; e < row_ptr[a + 1]; ++e) val[e] = float(double(count[e]) / r);
        }
        dump(dir + "/indptr.i64", indptr);
        dump(dir + "/indices.i32", std::vector<int32_t>(col.begin(), col.end()));
        dump(dir + "/data.f32", val);
        dump(dir + "/E.f32", E);
    }

    // Our projection, raw mode (one sparse product and one GEMM per power).
    pr_projection_options po;
    pr_projection_options_init(&po);
    po.max_power = K;
    po.mode = PR_MODE_RAW;
    Timings tm;
    po.progress = on_power;
    po.progress_user = &tm;
    std::vector<double> M(size_t(K) * d * d);
    const double p0 = now();
    if (pr_transition_project_f32(t, E.data(), V, d, &po, M.data(), M.size()) != PR_OK) {
        std::fprintf(stderr, "project: %s\n", pr_last_error());
        return 1;
    }
    std::vector<double> per_power;
    double prev = p0;
    for (double s : tm.stamps) per_power.push_back(s - prev), prev = s;

    // The sparse product alone (same kernel), repeated.
    HugeFloats Y(E.size());
    std::vector<double> spmm;
    for (int r = 0; r < 5; ++r) {
        const double s0 = now();
        pr_transition_apply_f32(t, E.data(), V, d, Y.data());
        spmm.push_back(now() - s0);
    }
    // Eigen float32 GEMM of the projection's shape: (V x d)^T (V x d).
    using RowMatF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::Map<const RowMatF> Em(E.data(), V, Eigen::Index(d)), Ym(Y.data(), V, Eigen::Index(d));
    Eigen::MatrixXf P(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d));
    std::vector<double> gemm;
    for (int r = 0; r < 5; ++r) {
        const double s0 = now();
        P.noalias() = Em.transpose() * Ym;
        gemm.push_back(now() - s0);
    }
    // Eigen float32 GEMM on a large square problem: the machine's rate.
    const Eigen::Index n = 2048;
    Eigen::MatrixXf A = Eigen::MatrixXf::Random(n, n), B = Eigen::MatrixXf::Random(n, n), C(n, n);
    std::vector<double> sq;
    for (int r = 0; r < 5; ++r) {
        const double s0 = now();
        C.noalias() = A * B;
        sq.push_back(now() - s0);
    }

    const double nnz = double(col.size());
    const double sp_flops = 2.0 * nnz * double(d);
    const double gemm_flops = 2.0 * double(V) * double(d) * double(d);
    const double power = median(per_power);
    const double sp = median(spmm);
    std::printf("{\"V\": %u, \"d\": %zu, \"K\": %u, \"tokens\": %llu, \"nnz\": %.0f, \"threads\": %d, "
                "\"isa\": \"%s\", \"count_s\": %.3f, \"create_s\": %.3f, "
                "\"per_power_s\": %.4f, \"spmm_s\": %.4f, \"spmm_gflops\": %.2f, "
                "\"dense_part_s\": %.4f, \"dense_part_gflops\": %.2f, "
                "\"eigen_gemm_same_shape_gflops\": %.2f, \"eigen_gemm_square_gflops\": %.2f, "
                "\"checksum\": %.6e}\n",
                V, d, K, (unsigned long long)tokens, nnz, omp_get_max_threads(), pr_build_isa(), t_count, t_create,
                power, sp, sp_flops / sp / 1e9, power - sp, gemm_flops / std::max(1e-9, power - sp) / 1e9,
                gemm_flops / median(gemm) / 1e9, 2.0 * double(n) * double(n) * double(n) / median(sq) / 1e9,
                M[size_t(K - 1) * d * d]);
    pr_transition_free(t);
    return 0;
}
