#include "corpus/counts_csr.hpp"

#include "core/error.hpp"
#include "corpus/corpus.hpp"

namespace pr {

CountsCsr corpus_counts(const pr_corpus *corpus) {
    require_nonnull(corpus, "corpus");
    return corpus->impl->counts();
}

}  // namespace pr
