// ThreadSanitizer workload (scripts/tsan.sh): the library's threaded kernels
// on several OpenMP threads, and concurrent use from several pthreads as the
// header allows it (one handle per thread for writing; const handles shared
// for reading).  Every result is compared with a single-threaded reference,
// so the test also fails without TSan if threads disturb each other.
//   test_threads TMP_DIR
#include "prspread.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

int failures = 0;

void must(int st, const char *what) {
    if (st != PR_OK) {
        std::fprintf(stderr, "FAIL: %s: %s (%s)\n", what, pr_status_name(st), pr_last_error());
        std::exit(1);
    }
}

void expect(bool ok, const std::string &what) {
    if (!ok) {
        std::fprintf(stderr, "FAIL: %s\n", what.c_str());
        ++failures;
    }
}

constexpr uint32_t kV = 512;
constexpr size_t kD = 8;
constexpr int kThreads = 4;

// A reproducible token stream with structure (not uniform noise), large
// enough that counting plans its lanes and runs them in parallel.
std::vector<uint16_t> make_tokens(size_t n, uint64_t seed) {
    std::vector<uint16_t> x(n);
    uint64_t s = seed;
    uint32_t prev = 0;
    for (size_t i = 0; i < n; ++i) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        const uint32_t r = uint32_t(s >> 33);
        prev = (r % 4 == 0) ? (prev * 7 + 3) % kV : (r >> 3) % (1 + (r >> 13) % kV);
        x[i] = uint16_t(prev);
    }
    return x;
}

struct CorpusDigest {
    uint64_t tokens = 0, pairs = 0, nnz = 0;
    std::vector<uint64_t> row_ptr, counts;
    std::vector<uint32_t> col;
    bool operator==(const CorpusDigest &o) const {
        return tokens == o.tokens && pairs == o.pairs && nnz == o.nnz && row_ptr == o.row_ptr && col == o.col &&
               counts == o.counts;
    }
};

CorpusDigest digest(const pr_corpus *c) {
    CorpusDigest d;
    must(pr_corpus_total_tokens(c, &d.tokens), "tokens");
    must(pr_corpus_total_pairs(c, &d.pairs), "pairs");
    must(pr_corpus_export_csr(c, nullptr, nullptr, nullptr, 0, &d.nnz), "csr size");
    d.row_ptr.resize(kV + 1), d.col.resize(d.nnz), d.counts.resize(d.nnz);
    uint64_t nnz = 0;
    must(pr_corpus_export_csr(c, d.row_ptr.data(), d.col.data(), d.counts.data(), d.nnz, &nnz), "csr");
    return d;
}

pr_corpus *count(const std::vector<uint16_t> &x, int threads) {
    pr_corpus_options o;
    pr_corpus_options_init(&o);
    o.vocab_size = kV;
    o.num_threads = threads;
    pr_corpus *c = nullptr;
    must(pr_corpus_create(&c, &o), "corpus create");
    // Uneven chunks, so pairs straddle chunk boundaries.
    for (size_t i = 0; i < x.size();) {
        const size_t n = std::min(x.size() - i, size_t(70001) + i % 977);
        must(pr_corpus_add_u16(c, x.data() + i, n), "add");
        i += n;
    }
    return c;
}

std::vector<double> project(const pr_transition *t, const std::vector<float> &E) {
    pr_projection_options po;
    pr_projection_options_init(&po);
    po.max_power = 3;
    std::vector<double> M(3 * kD * kD);
    must(pr_transition_project_f32(t, E.data(), kV, kD, &po, M.data(), M.size()), "project");
    return M;
}

std::vector<float> ppmi(const pr_corpus *c, int threads) {
    pr_ppmi_options po;
    pr_ppmi_options_init(&po);
    po.num_threads = threads;
    std::vector<float> E(size_t(kV) * kD);
    must(pr_embeddings_ppmi_svd_f32(c, &po, E.data(), kV, kD, nullptr), "ppmi-svd");
    return E;
}

std::vector<double> train(const std::vector<uint16_t> &x, int threads, int steps) {
    pr_sft_options so;
    pr_sft_options_init(&so);
    so.vocab_size = kV, so.context_length = 16, so.n_layer = 2, so.n_head = 2, so.d_model = 16, so.mlp_ratio = 2;
    so.num_threads = threads;
    pr_sft *m = nullptr;
    must(pr_sft_create(&m, &so), "sft create");
    pr_sft_train_options to;
    pr_sft_train_options_init(&to);
    to.batch_size = 4;
    to.max_steps = 100;
    must(pr_sft_set_train_options(m, &to), "sft train options");
    must(pr_sft_set_data_u16(m, x.data(), 20000), "sft data");
    std::vector<double> losses;
    for (int s = 0; s < steps; ++s) {
        pr_sft_step_info info;
        must(pr_sft_step(m, &info), "sft step");
        losses.push_back(info.loss);
    }
    pr_sft_free(m);
    return losses;
}

// The 256 byte tokens of GPT-2's alphabet plus a few merges, as encoder.json
// and vocab.bpe.
pr_tokenizer *small_tokenizer() {
    auto printable = [](int b) { return (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174; };
    std::string enc = "{";
    int shifted = 0;
    for (int b = 0; b < 256; ++b) {
        const uint32_t cp = printable(b) ? uint32_t(b) : uint32_t(256 + shifted++);
        std::string s;
        if (cp < 0x80) s += char(cp);
        else s += char(0xc0 | (cp >> 6)), s += char(0x80 | (cp & 0x3f));
        if (s == "\"" || s == "\\") s = "\\" + s;
        enc += (b ? ",\"" : "\"") + s + "\":" + std::to_string(b);
    }
    enc += ",\"th\":256,\"the\":257,\"\xc4\xa0the\":258,\"to\":259}";
    const std::string merges = "#version: 0.2\nt h\nth e\n\xc4\xa0 the\nt o\n";
    pr_tokenizer *tk = nullptr;
    must(pr_tokenizer_create_from_memory(&tk, PR_TOKENIZER_GPT2, enc.data(), enc.size(), merges.data(), merges.size()),
         "tokenizer");
    return tk;
}

std::vector<uint32_t> encode(const pr_tokenizer *tk, const std::string &text, int threads) {
    pr_encode_options eo;
    pr_encode_options_init(&eo);
    eo.num_threads = threads;
    std::vector<uint32_t> ids(text.size());
    size_t n = 0;
    must(pr_tokenizer_encode(tk, text.data(), text.size(), &eo, ids.data(), ids.size(), &n, nullptr, nullptr),
         "encode");
    ids.resize(n);
    return ids;
}

bool close(const std::vector<double> &a, const std::vector<double> &b, double rel) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!(std::fabs(a[i] - b[i]) <= rel * std::max(1.0, std::fabs(b[i])))) return false;
    return true;
}

template <class F>
void in_threads(F f) {
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t) ts.emplace_back(f, t);
    for (auto &t : ts) t.join();
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: test_threads TMP_DIR\n");
        return 2;
    }
    const std::string tmp = argv[1];
    const std::vector<uint16_t> x = make_tokens(size_t(1) << 21, 1);

    // 1. The kernels on kThreads OpenMP threads, against one thread.
    pr_corpus *c1 = count(x, 1), *cN = count(x, kThreads);
    const CorpusDigest ref = digest(c1);
    expect(digest(cN) == ref, "counts on 4 threads differ from 1 thread");

    pr_transition_options to;
    pr_transition_options_init(&to);
    to.num_threads = kThreads;
    pr_transition *t = nullptr;
    must(pr_transition_create(&t, cN, &to), "transition");
    std::vector<float> E(size_t(kV) * kD);
    must(pr_embeddings_gaussian_f32(E.data(), kV, kD, 7, 1.0, 0.5), "gaussian");
    const std::vector<double> M = project(t, E);

    const std::vector<float> P1 = ppmi(c1, 1), PN = ppmi(c1, kThreads);
    expect(P1 == PN, "PPMI-SVD on 4 threads differs from 1 thread (the header promises identical)");

    const std::vector<double> L1 = train(x, 1, 3), LN = train(x, kThreads, 3);
    expect(close(L1, LN, 1e-5), "training losses on 1 and 4 threads differ beyond 1e-5");
    pr_tokenizer *tk = small_tokenizer();
    std::string text;
    for (int i = 0; text.size() < (size_t(1) << 21); ++i)
        text += "to the theory, " + std::to_string(i) + " then \xc3\xa9 other things\n";
    const std::vector<uint32_t> ids1 = encode(tk, text, 1);
    expect(encode(tk, text, kThreads) == ids1, "tokenizer encode on 4 threads differs from 1 thread");
    std::printf("kernels on %d OpenMP threads: counts, projection, PPMI-SVD, training, encode: done\n", kThreads);

    // 2. Separate handles, one per pthread, each counting and training.
    in_threads([&](int id) {
        pr_corpus *c = count(x, 2);
        expect(digest(c) == ref, "pthread " + std::to_string(id) + ": own corpus counts differ");
        pr_corpus_free(c);
        expect(close(train(x, 2, 2), std::vector<double>(L1.begin(), L1.begin() + 2), 1e-5),
               "pthread " + std::to_string(id) + ": own model's losses differ");
    });
    std::printf("separate handles on %d pthreads: done\n", kThreads);

    // 3. Const handles shared by all pthreads at once: the corpus (reads,
    // export, save, PPMI-SVD) and the transition (projection).
    in_threads([&](int id) {
        uint64_t n = 0;
        must(pr_corpus_count(c1, 3, 24, &n), "count");
        expect(digest(c1) == ref, "pthread " + std::to_string(id) + ": shared corpus export differs");
        const std::string path = tmp + "/tsan_corpus_" + std::to_string(id) + ".prc";
        must(pr_corpus_save(c1, path.c_str()), "save");
        pr_corpus *back = nullptr;
        must(pr_corpus_load(&back, path.c_str()), "load");
        expect(digest(back) == ref, "pthread " + std::to_string(id) + ": saved corpus differs");
        pr_corpus_free(back);
        std::remove(path.c_str());
        expect(project(t, E) == M, "pthread " + std::to_string(id) + ": shared transition projection differs");
        expect(ppmi(c1, 2) == P1, "pthread " + std::to_string(id) + ": PPMI-SVD of the shared corpus differs");
        expect(encode(tk, text, 2) == ids1, "pthread " + std::to_string(id) + ": shared tokenizer's encode differs");
    });
    std::printf("const corpus, transition and tokenizer shared by %d pthreads: done\n", kThreads);
    pr_tokenizer_free(tk);

    pr_transition_free(t);
    pr_corpus_free(c1);
    pr_corpus_free(cN);
    if (failures) std::fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
