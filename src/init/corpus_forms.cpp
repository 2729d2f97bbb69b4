#include "init/corpus_forms.hpp"

#include "core/error.hpp"
#include "corpus/corpus.hpp"
#include "transition/ppmi_svd.hpp"
#include "transition/projection.hpp"

namespace pr::init {

static_assert(int(FormMode::Raw) == int(pr::transition::Mode::raw) &&
                  int(FormMode::CenterEmbeddings) == int(pr::transition::Mode::center_embeddings) &&
                  int(FormMode::SubtractStationary) == int(pr::transition::Mode::subtract_stationary) &&
                  int(FormMode::Flux) == int(pr::transition::Mode::flux),
              "FormMode must number the modes as pr::transition::Mode");

const char *form_mode_name(FormMode m) { return pr::transition::mode_name(pr::transition::Mode(int(m))); }

pr::transition::Transition token_transition(const uint32_t *tokens, size_t n, uint32_t vocab) {
    require_nonnull(tokens, "tokens");
    require_arg(n >= 2, "n_tokens", n, "needs at least 2 tokens for one bigram");
    require_arg(vocab >= 1, "vocab_size", vocab, "must be >= 1");
    corpus::CorpusConfig cfg;
    cfg.vocab_size = vocab;
    corpus::Corpus counts(cfg);
    counts.add(tokens, n, corpus::TokenType::u32);  // checks every id first
    pr::transition::Options o;  // alpha 0, uniform dangling rows, power-iteration pi
    return pr::transition::Transition(counts.counts(), o);
}

std::vector<Eigen::MatrixXd> corpus_forms(const pr::transition::Transition &t, const float *E, size_t rows,
                                          size_t d, int max_power, FormMode mode) {
    require_arg(max_power >= 1 && max_power <= 64, "max_power", max_power, "must be in 1..64");
    const int m = static_cast<int>(mode);
    require_arg(m >= 0 && m < pr::transition::mode_count, "mode", m, "unknown pr_projection_mode");
    std::vector<Eigen::MatrixXd> out;
    pr::transition::project_powers(t, E, rows, d, uint32_t(max_power), 1u << m, Progress(nullptr, nullptr),
                                   [&](uint32_t, pr::transition::Mode, const Eigen::MatrixXd &M) { out.push_back(M); });
    return out;
}

std::vector<float> ppmi_svd_embedding(const pr::transition::Transition &t, size_t d) {
    // A fixed seed: the embedding is a property of the corpus, the same for
    // every init seed and every arm of a comparison.  Twice the default
    // power iterations: PPMI spectra of text decay slowly.
    pr::transition::PpmiOptions o;
    o.power_iterations = 8;
    o.seed = 1;
    o.threads = t.options().threads;
    std::vector<float> E(size_t(t.vocab_size()) * d);
    pr::transition::ppmi_svd_embeddings(t.counts(), o, E.data(), t.vocab_size(), d, nullptr, Progress(nullptr, nullptr));
    return E;
}

}  // namespace pr::init
