// The source's "PR locked at 2.0" table on real text, and what actually
// explains it (DESIGN.md section 1).  E has a strong shared mean direction,
// as trained embeddings do.
#include "helpers.hpp"
#include "transition/embeddings.hpp"
#include "transition/pr_table.hpp"
#include "transition/spectrum.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <unordered_map>

using namespace pr::transition;

namespace {

std::string read_corpus() {
    std::ifstream in(PRSPREAD_CORPUS_DIR "/tinyshakespeare.txt", std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "tinyshakespeare.txt not found in " PRSPREAD_CORPUS_DIR);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    // The whole corpus even under the sanitizers (~20 s there): the drift
    // towards 2 by k = 8 asserted below is a fact of the full text; a 200 kB
    // prefix's word chain mixes more slowly (center PR 3.3 at k = 8).
    return text;
}

struct Tokens {
    std::vector<uint32_t> ids;
    uint32_t vocab = 0;
};

Tokens intern(const std::vector<std::string> &pieces) {
    std::unordered_map<std::string, uint32_t> ids;
    Tokens t;
    for (const auto &p : pieces) {
        auto it = ids.emplace(p, uint32_t(ids.size())).first;
        t.ids.push_back(it->second);
    }
    t.vocab = uint32_t(ids.size());
    return t;
}

Tokens chars(const std::string &text) {
    std::vector<std::string> p;
    for (char ch : text) p.emplace_back(1, ch);
    return intern(p);
}

// Lower-cased runs of letters/apostrophes; every other non-space byte is a
// token of its own.
Tokens words(const std::string &text) {
    std::vector<std::string> p;
    std::string cur;
    for (char ch : text) {
        const unsigned char u = static_cast<unsigned char>(ch);
        if (std::isalpha(u) || ch == '\'') {
            cur += char(std::tolower(u));
            continue;
        }
        if (!cur.empty()) p.push_back(cur), cur.clear();
        if (!std::isspace(u)) p.emplace_back(1, ch);
    }
    if (!cur.empty()) p.push_back(cur);
    return intern(p);
}

std::vector<PrRow> table_for(const Tokens &tok, size_t d, uint32_t K, double mean_strength) {
    const Transition t(prtest::count_tokens(tok.ids, tok.vocab), Options{});
    std::vector<float> E(size_t(tok.vocab) * d);
    gaussian_embeddings(E.data(), tok.vocab, d, 42, 0.1, mean_strength);
    return pr_table(t, E.data(), tok.vocab, d, K, pr::Progress(nullptr, nullptr));
}

double pr_at(const std::vector<PrRow> &rows, uint32_t k, Mode m) {
    for (const auto &r : rows)
        if (r.power == k && r.mode == m) return r.antisym.pr;
    FAIL("row missing");
    return 0;
}

void print(const std::string &name, const std::vector<PrRow> &rows, uint32_t K) {
    std::ostringstream os;
    os << name << " PR(A_k):\n k   raw    center  subtract  flux\n";
    for (uint32_t k = 1; k <= K; ++k) {
        os << ' ' << k;
        for (int m = 0; m < mode_count; ++m) os << "  " << pr_at(rows, k, Mode(m));
        os << '\n';
    }
    MESSAGE(os.str());
}

// Dense double reference of PR(A_k) for a small vocabulary (explicit T^k).
double dense_pr(const pr::CountsCsr &c, const Transition &t, const std::vector<float> &E, size_t d, uint32_t k, Mode m) {
    const int V = int(c.vocab_size);
    const Eigen::VectorXd pi = Eigen::Map<const Eigen::VectorXd>(t.stationary().data(), V);
    const Eigen::MatrixXd T = prtest::dense_T(c, t.options(), pi);
    Eigen::MatrixXd Tk = Eigen::MatrixXd::Identity(V, V);
    for (uint32_t i = 0; i < k; ++i) Tk = Tk * T;
    Eigen::MatrixXd Ed(V, int(d));
    for (int a = 0; a < V; ++a)
        for (int j = 0; j < int(d); ++j) Ed(a, j) = E[size_t(a) * d + size_t(j)];
    const Eigen::VectorXd one = Eigen::VectorXd::Ones(V);
    Eigen::MatrixXd M;
    if (m == Mode::raw) M = Ed.transpose() * Tk * Ed;
    if (m == Mode::center_embeddings) {
        const Eigen::MatrixXd Ec = Ed.rowwise() - Ed.colwise().mean();
        M = Ec.transpose() * Tk * Ec;
    }
    if (m == Mode::subtract_stationary) M = Ed.transpose() * (Tk - one * pi.transpose()) * Ed;
    if (m == Mode::flux) M = Ed.transpose() * (pi.asDiagonal() * Tk - Tk.transpose() * pi.asDiagonal()) * Ed;
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(0.5 * (M - M.transpose()));
    return pr::spectrum::summarize(svd.singularValues()).pr;
}

}  // namespace

TEST_CASE("tinyshakespeare: the PR lock is the mean of E, not the corpus") {
    const std::string text = read_corpus();
    const size_t d = 64;
    const uint32_t K = 8;
    const double mean_strength = 3.0;  // |mean row| = 3 x |a row's own part|
    for (int level = 0; level < 2; ++level) {
        const Tokens tok = level == 0 ? chars(text) : words(text);
        const std::string name = level == 0 ? "char" : "word";
        CAPTURE(name);
        CAPTURE(tok.vocab);
        const auto counts = prtest::count_tokens(tok.ids, tok.vocab);
        const Transition t(counts, Options{});
        std::vector<float> E(size_t(tok.vocab) * d);
        gaussian_embeddings(E.data(), tok.vocab, d, 42, 0.1, mean_strength);
        const auto rows = pr_table(t, E.data(), tok.vocab, d, K, pr::Progress(nullptr, nullptr));
        REQUIRE(rows.size() == size_t(K) * mode_count);
        print(name, rows, K);
        for (uint32_t k = 1; k <= K; ++k) {
            CAPTURE(k);
            // The source's "lock": raw PR about 2 at every k, even k = 1.
            CHECK(std::fabs(pr_at(rows, k, Mode::raw) - 2.0) < 0.1);
            // Subtracting the stationary part alone does not help while E has a mean.
            CHECK(std::fabs(pr_at(rows, k, Mode::subtract_stationary) - 2.0) < 0.3);
        }
        // Centring E or the flux form removes the mean's rank-one term.
        CHECK(pr_at(rows, 1, Mode::center_embeddings) > 6.0);
        CHECK(pr_at(rows, 1, Mode::flux) > 3.5);
        // Every mode drifts back towards 2 as k grows.  The bounds hold for
        // every E seed tried (1..6 and 42): (PR(A_8) - 2) / (PR(A_1) - 2) was
        // at most 0.0016 (char) and 0.021 (word) centred, 0.0020 (char) and
        // 0.35 (word) for the flux, whose word-level PR(A_8) reached 2.80.
        const double max_ratio[] = {0.1, 0.5}, max_pr_k[] = {2.7, 3.0};
        int i = 0;
        for (Mode m : {Mode::center_embeddings, Mode::flux}) {
            CAPTURE(mode_name(m));
            CHECK(pr_at(rows, K, m) - 2.0 < max_ratio[i] * (pr_at(rows, 1, m) - 2.0));
            CHECK(pr_at(rows, K, m) < max_pr_k[i]);
            ++i;
        }
        // Without a mean, subtracting the stationary part is enough at k = 1.
        std::vector<float> E0(E.size());
        gaussian_embeddings(E0.data(), tok.vocab, d, 42, 0.1, 0.0);
        const auto rows0 = pr_table(t, E0.data(), tok.vocab, d, 1, pr::Progress(nullptr, nullptr));
        MESSAGE(name, " without mean, k=1: subtract_stationary PR = ", pr_at(rows0, 1, Mode::subtract_stationary));
        CHECK(pr_at(rows0, 1, Mode::subtract_stationary) > 4.0);
        // The float32 kernel agrees with explicit dense T^k in double where
        // that is affordable (char level).
        if (tok.vocab <= 256) {
            for (uint32_t k : {1u, 4u, 8u})
                for (int m = 0; m < mode_count; ++m) {
                    CAPTURE(k);
                    CAPTURE(m);
                    CHECK(pr_at(rows, k, Mode(m)) == doctest::Approx(dense_pr(counts, t, E, d, k, Mode(m))).epsilon(1e-4));
                }
        }
    }
}
