#include "corpus/feed.hpp"

#include "core/error.hpp"
#include "io/mapped_file.hpp"

#include <algorithm>
#include <vector>

namespace pr::corpus {

void add_text_file_bytes(Corpus &corpus, const std::string &path, const Progress &report) {
    const io::MappedFile f(path);
    if (corpus.config().vocab_size < 256 && f.size() > 0)
        fail(PR_ERR_OUT_OF_RANGE, "byte-level text needs vocab_size >= 256, the corpus has ", corpus.config().vocab_size);
    constexpr size_t kChunk = size_t(1) << 24;
    report.report(0, f.size());
    for (size_t i = 0; i < f.size(); i += kChunk) {
        const size_t len = std::min(kChunk, f.size() - i);
        corpus.add(f.data() + i, len, TokenType::u8);
        f.release(f.data() + i, len);  // RSS follows the chunk, not the file
        report.report(i + len, f.size());
    }
}

void add_text_words(Corpus &corpus, const Vocab &vocab, std::string_view text) {
    if (corpus.config().vocab_size < vocab.size())
        fail(PR_ERR_MISMATCH, "the corpus has vocab_size ", corpus.config().vocab_size, " but the vocabulary has ",
             vocab.size(), " ids");
    std::vector<uint32_t> enc;
    vocab.encode(text, enc);
    corpus.add(enc.data(), enc.size(), TokenType::u32);
}

Vocab build_vocab_from_file(const std::string &path, uint32_t max_words, bool lowercase) {
    const io::MappedFile f(path);
    return Vocab::build(std::string_view(reinterpret_cast<const char *>(f.data()), f.size()), max_words, lowercase);
}

void add_synth(Corpus &corpus, Synth &synth, uint64_t n_tokens, const Progress &report) {
    if (corpus.config().vocab_size < synth.config().vocab_size)
        fail(PR_ERR_MISMATCH, "the corpus has vocab_size ", corpus.config().vocab_size,
             " but the synthetic source has ", synth.config().vocab_size, " ids");
    constexpr uint64_t kChunk = uint64_t(1) << 22;
    std::vector<uint32_t> buf(size_t(std::min(kChunk, n_tokens)));
    report.report(0, n_tokens);
    for (uint64_t done = 0; done < n_tokens;) {
        const size_t len = size_t(std::min(kChunk, n_tokens - done));
        synth.generate(buf.data(), len);
        corpus.add(buf.data(), len, TokenType::u32);
        done += len;
        report.report(done, n_tokens);
    }
}

}  // namespace pr::corpus
