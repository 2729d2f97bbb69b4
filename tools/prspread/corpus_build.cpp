#include "corpus_build.hpp"

#include "common.hpp"
#include "progress.hpp"

#include <algorithm>

namespace cli {

Corpus count_stream(const TokenStream &stream, uint32_t lag, int threads, bool quiet) {
    pr_corpus_options opts;
    pr_corpus_options_init(&opts);
    opts.vocab_size = stream.vocab_size;
    opts.lag = lag;
    opts.num_threads = threads;
    pr_corpus *raw = nullptr;
    check(pr_corpus_create(&raw, &opts), "creating the corpus");
    Corpus corpus(raw);

    constexpr size_t chunk = size_t(1) << 20;
    const size_t n = stream.ids.size();
    Progress bar("counting pairs", quiet);
    size_t start = 0;
    for (size_t end : stream.doc_ends) {
        for (size_t at = start; at < end; at += chunk) {
            const size_t len = std::min(chunk, end - at);
            check(pr_corpus_add_u32(corpus.get(), stream.ids.data() + at, len), "counting tokens");
            if (Progress::callback(bar.user(), at + len, n) != 0) fail("counting: interrupted", 130);
        }
        check(pr_corpus_end_document(corpus.get()), "ending a document");
        start = end;
    }
    return corpus;
}

}  // namespace cli
