// Counting a token stream into a pr_corpus, chunk by chunk so that Ctrl-C and
// the progress bar work on long inputs.
#pragma once

#include "data.hpp"
#include "handles.hpp"

namespace cli {

Corpus count_stream(const TokenStream &stream, uint32_t lag, int threads, bool quiet);

}  // namespace cli
