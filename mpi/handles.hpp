// Owning wrappers of libprspread's handles.
#pragma once

#include "prspread.h"

#include <memory>

namespace prmpi {

struct CorpusFree {
    void operator()(pr_corpus *c) const { pr_corpus_free(c); }
};
using Corpus = std::unique_ptr<pr_corpus, CorpusFree>;

}  // namespace prmpi
