#include "spectra.hpp"

#include "common.hpp"
#include "progress.hpp"

#include <cmath>

namespace cli {

Transition make_transition(const pr_corpus *corpus) {
    uint32_t V = 0;
    uint64_t nnz = 0;
    check(pr_corpus_vocab_size(corpus, &V), "reading the corpus");
    check(pr_corpus_export_csr(corpus, nullptr, nullptr, nullptr, 0, &nnz), "exporting the counts");
    std::vector<uint64_t> row_ptr(size_t(V) + 1), counts(nnz), unigram(V);
    std::vector<uint32_t> col(nnz);
    check(pr_corpus_export_csr(corpus, row_ptr.data(), col.data(), counts.data(), nnz, &nnz), "exporting the counts");
    check(pr_corpus_unigram_u64(corpus, unigram.data(), V), "reading the unigram counts");
    pr_transition *raw = nullptr;
    check(pr_transition_create_csr(&raw, V, row_ptr.data(), col.data(), counts.data(), unigram.data(), nullptr),
          "building the transition matrix");
    return Transition(raw);
}

double mean_share(const std::vector<float> &E, size_t rows, size_t d) {
    std::vector<double> mu(d, 0.0);
    double total = 0;
    for (size_t r = 0; r < rows; ++r)
        for (size_t j = 0; j < d; ++j) {
            mu[j] += E[r * d + j];
            total += double(E[r * d + j]) * E[r * d + j];
        }
    double m2 = 0;
    for (double &m : mu) m /= double(rows), m2 += m * m;
    return total > 0 ? m2 * double(rows) / total : 0.0;
}

std::vector<float> synthetic_embeddings(size_t rows, size_t d, double share, uint64_t seed) {
    // The library's seeded Gaussian (one generator, one Gaussian: the same E
    // on every standard library).  Its mean row has squared norm
    // mean_strength^2 * d against d per row's own part, so the mean's share
    // of the energy is ms^2 / (1 + ms^2).
    const double mean_strength = share < 1 ? std::sqrt(share / (1 - share)) : 0;
    std::vector<float> E(rows * d);
    check(pr_embeddings_gaussian_f32(E.data(), rows, d, seed, 1.0, mean_strength), "drawing Gaussian embeddings");
    return E;
}

pr_spectrum antisym_spectrum(const std::vector<double> &M, size_t d) {
    pr_spectrum s{};
    check(pr_spectrum_antisym_f64(M.data(), d, nullptr, &s), "computing a spectrum");
    return s;
}

double random_wqk_antisym_pr(size_t d, size_t n_head, int draws, uint64_t seed) {
    (void)n_head;  // sum_h W_Q^h W_K^h^T = W_Q W_K^T whatever the head split
    double sum = 0;
    std::vector<float> qf(d * d), kf(d * d);
    for (int k = 0; k < draws; ++k) {
        // Gaussian W_Q and W_K from the library's seeded generator, one seed
        // per matrix.
        const uint64_t s = seed * 0x9E3779B97F4A7C15ull + 2 * uint64_t(k);
        check(pr_embeddings_gaussian_f32(qf.data(), d, d, s, 1.0, 0.0), "drawing a Gaussian W_Q");
        check(pr_embeddings_gaussian_f32(kf.data(), d, d, s + 1, 1.0, 0.0), "drawing a Gaussian W_K");
        std::vector<double> m(d * d, 0.0);
        for (size_t i = 0; i < d; ++i)
            for (size_t l = 0; l < d; ++l)
                for (size_t j = 0; j < d; ++j) m[i * d + j] += double(qf[i * d + l]) * kf[j * d + l];
        sum += antisym_spectrum(m, d).pr;
    }
    return sum / draws;
}

PrTable compute_pr_table(const pr_transition *t, const std::vector<float> &E, size_t rows, size_t d,
                         uint32_t max_power, const std::string &embeddings, bool quiet) {
    PrTable out;
    out.embeddings = embeddings;
    out.mean_share = mean_share(E, rows, d);
    Progress bar("PR table (powers)", quiet);
    pr_projection_options o;
    pr_projection_options_init(&o);
    o.max_power = max_power;
    o.progress = Progress::callback;
    o.progress_user = bar.user();
    size_t needed = 0;
    check(pr_transition_pr_table_f32(t, E.data(), rows, d, &o, nullptr, 0, &needed), "sizing the PR table");
    std::vector<pr_pr_row> table(needed);
    check(pr_transition_pr_table_f32(t, E.data(), rows, d, &o, table.data(), table.size(), &needed),
          "computing the PR table");
    bar.finish();
    for (int mode = 0; mode < PR_MODE_COUNT; ++mode) {
        PrMode m;
        m.mode = pr_projection_mode_name(mode);
        for (const auto &r : table)
            if (r.mode == mode)
                m.points.push_back({int(r.power), r.pr, r.planes, r.effective_rank, r.stable_rank});
        out.modes.push_back(m);
    }
    out.null_pr = random_wqk_antisym_pr(d, 1, 8, 7);
    out.null_what = "a Gaussian W_Q W_K^T (" + std::to_string(d) + " x " + std::to_string(d) + ", mean of 8 draws)";
    out.done = true;
    return out;
}

}  // namespace cli
