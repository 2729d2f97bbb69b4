// Throughput of exact pair counting through the public C API.
//
//   bench_corpus [--tokens FILE.u16] [--n N] [--vocab V] [--zipf S]
//                [--threads T] [--repeats R] [--chunk C]
//
// Without --tokens it draws N i.i.d. Zipf(S) ids over V (seeded).  Each repeat
// counts the whole stream into a fresh corpus (in chunks of C tokens, default
// one call) and finalises it (nnz); the median wall time gives tokens/s.
// Peak RSS is reported for the whole process, with the input's size beside it.
#include "prspread.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <sys/resource.h>
#include <vector>

#include <omp.h>

namespace {

std::vector<uint16_t> zipf_tokens(size_t n, uint32_t V, double s, uint64_t seed) {
    std::vector<double> cdf(V);
    double acc = 0;
    for (uint32_t i = 0; i < V; ++i) cdf[i] = (acc += 1.0 / std::pow(double(i + 1), s));
    for (double &c : cdf) c /= acc;
    std::vector<uint16_t> x(n);
#pragma omp parallel
    {
        std::mt19937_64 rng(seed + 7919 * uint64_t(omp_get_thread_num()));
        std::uniform_real_distribution<double> u(0.0, 1.0);
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; ++i)
            x[i] = uint16_t(std::min<size_t>(size_t(std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin()), V - 1));
    }
    return x;
}

// VmHWM of this process (getrusage's ru_maxrss would include the parent's
// peak when started from Python, because Linux carries it across exec).
double peak_rss_mb() {
    FILE *f = std::fopen("/proc/self/status", "r");
    char line[256];
    double kb = 0;
    while (f && std::fgets(line, sizeof line, f))
        if (std::strncmp(line, "VmHWM:", 6) == 0) kb = std::atof(line + 6);
    if (f) std::fclose(f);
    return kb / 1024.0;
}

double cpu_seconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + 1e-6 * double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

void check(int rc) {
    if (rc != PR_OK) {
        std::fprintf(stderr, "prspread error %s: %s\n", pr_status_name(rc), pr_last_error());
        std::exit(1);
    }
}

}  // namespace

int main(int argc, char **argv) {
    std::string tokens_path;
    size_t n = 100000000, chunk = 0;
    uint32_t V = 50257;
    double s = 1.0;
    int threads = 0, repeats = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string k = argv[i], v = argv[i + 1];
        if (k == "--tokens") tokens_path = v;
        else if (k == "--n") n = size_t(std::stod(v));
        else if (k == "--vocab") V = uint32_t(std::stoul(v));
        else if (k == "--zipf") s = std::stod(v);
        else if (k == "--threads") threads = std::stoi(v);
        else if (k == "--repeats") repeats = std::stoi(v);
        else if (k == "--chunk") chunk = size_t(std::stod(v));
        else { std::fprintf(stderr, "unknown option %s\n", k.c_str()); return 2; }
    }
    std::vector<uint16_t> x;
    if (!tokens_path.empty()) {
        FILE *f = std::fopen(tokens_path.c_str(), "rb");
        if (!f) { std::perror(tokens_path.c_str()); return 1; }
        std::fseek(f, 0, SEEK_END);
        x.resize(size_t(std::ftell(f)) / 2);
        std::fseek(f, 0, SEEK_SET);
        if (std::fread(x.data(), 2, x.size(), f) != x.size()) { std::perror("read"); return 1; }
        std::fclose(f);
        n = x.size();
    } else {
        x = zipf_tokens(n, V, s, 42);
    }
    if (chunk == 0) chunk = n;
    std::vector<double> secs, cpu;
    uint64_t nnz = 0, pairs = 0;
    for (int r = 0; r < repeats; ++r) {
        pr_corpus_options o;
        pr_corpus_options_init(&o);
        o.vocab_size = V;
        o.num_threads = threads;
        pr_corpus *c = nullptr;
        check(pr_corpus_create(&c, &o));
        const double c0 = cpu_seconds();
        auto t0 = std::chrono::steady_clock::now();
        for (size_t i = 0; i < n; i += chunk) check(pr_corpus_add_u16(c, x.data() + i, std::min(chunk, n - i)));
        check(pr_corpus_nnz(c, &nnz));
        auto t1 = std::chrono::steady_clock::now();
        cpu.push_back(cpu_seconds() - c0);
        check(pr_corpus_total_pairs(c, &pairs));
        secs.push_back(std::chrono::duration<double>(t1 - t0).count());
        pr_corpus_free(c);
    }
    std::sort(secs.begin(), secs.end());
    const double med = secs[secs.size() / 2];
    std::sort(cpu.begin(), cpu.end());
    const double cpu_med = cpu[cpu.size() / 2];
    std::printf("{\"impl\": \"prspread\", \"tokens\": %zu, \"vocab\": %u, \"threads\": %d, \"threads_used\": %d, \"chunk\": %zu, "
                "\"pairs\": %llu, \"nnz\": %llu, \"median_s\": %.4f, \"min_s\": %.4f, \"tokens_per_s\": %.4g, "
                "\"cpu_s\": %.4f, \"peak_rss_mb\": %.1f, \"input_mb\": %.1f}\n",
                n, V, threads, threads > 0 ? threads : omp_get_max_threads(), chunk, (unsigned long long)pairs, (unsigned long long)nnz, med, secs.front(),
                double(n) / med, cpu_med, peak_rss_mb(), double(n) * 2 / 1048576.0);
    return 0;
}
