#include "text_tokenizer.hpp"

#include "common.hpp"
#include "progress.hpp"

#include <fstream>
#include <iterator>

namespace cli {

namespace {

bool starts_with(const std::string &s, const std::string &prefix) { return s.rfind(prefix, 0) == 0; }

std::string describe(const std::vector<std::string> &paths) {
    return base_name(paths.front()) + (paths.size() > 1 ? " (+more)" : "");
}

int append_ids(void *user, const uint32_t *ids, size_t n) {
    auto *v = static_cast<std::vector<uint32_t> *>(user);
    v->insert(v->end(), ids, ids + n);
    return 0;
}

TokenStream load_bpe(const std::vector<std::string> &paths, const std::string &spec, bool quiet) {
    const Tokenizer tok = load_bpe_tokenizer(spec);
    TokenStream out;
    check(pr_tokenizer_vocab_size(tok.get(), &out.vocab_size), "--tokenizer " + spec);
    for (const auto &p : paths) {
        require_readable_file(p, "text file");
        Progress bar("tokenizing " + base_name(p), quiet);
        check(pr_tokenizer_encode_file(tok.get(), p.c_str(), nullptr, append_ids, &out.ids, Progress::callback,
                                       bar.user(), nullptr),
              "tokenizing '" + p + "' with " + spec);
        out.doc_ends.push_back(out.ids.size());
    }
    out.description = "text " + describe(paths) + ", " + spec.substr(0, spec.find(':')) + " BPE (" +
                      std::to_string(out.vocab_size) + " ids)";
    return out;
}

TokenStream load_words(const std::vector<std::string> &paths, const std::string &spec) {
    const std::string n_text = spec.substr(6);
    uint32_t n = 0;
    try {
        size_t used = 0;
        const unsigned long v = std::stoul(n_text, &used);
        if (used != n_text.size() || v < 1 || v > (1u << 24)) throw std::out_of_range("");
        n = uint32_t(v);
    } catch (const std::exception &) {
        fail("--tokenizer '" + spec + "': words:N needs N in [1, 16777216]");
    }
    std::string text;
    std::vector<size_t> file_ends;
    for (const auto &p : paths) {
        require_readable_file(p, "text file");
        std::ifstream in(p, std::ios::binary);
        text.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        file_ends.push_back(text.size());
    }
    pr_vocab_options o;
    pr_vocab_options_init(&o);
    o.max_words = n;
    pr_vocab *raw = nullptr;
    check(pr_vocab_build(&raw, text.data(), text.size(), &o), "--tokenizer " + spec);
    std::unique_ptr<pr_vocab, void (*)(pr_vocab *)> vocab(raw, pr_vocab_free);
    TokenStream out;
    check(pr_vocab_size(vocab.get(), &out.vocab_size), "--tokenizer " + spec);
    size_t start = 0;
    for (size_t end : file_ends) {
        size_t count = 0;
        check(pr_vocab_encode(vocab.get(), text.data() + start, end - start, nullptr, 0, &count), "encoding words");
        const size_t at = out.ids.size();
        out.ids.resize(at + count);
        check(pr_vocab_encode(vocab.get(), text.data() + start, end - start, out.ids.data() + at, count, &count),
              "encoding words");
        out.doc_ends.push_back(out.ids.size());
        start = end;
    }
    out.description = "text " + describe(paths) + ", " + std::to_string(out.vocab_size) + " words (<unk> included)";
    return out;
}

}  // namespace

const char *tokenizer_help() {
    return "How text becomes ids: bytes (one id per byte value that occurs), gpt2:DIR (DIR/encoder.json + "
           "DIR/vocab.bpe), hf:tokenizer.json (byte-level BPE), words:N (the N most frequent words)";
}

Tokenizer load_bpe_tokenizer(const std::string &spec) {
    pr_tokenizer *raw = nullptr;
    if (starts_with(spec, "gpt2:")) {
        check(pr_tokenizer_load_gpt2_dir(&raw, spec.substr(5).c_str()), "--tokenizer " + spec);
    } else if (starts_with(spec, "hf:")) {
        check(pr_tokenizer_load_hf(&raw, spec.substr(3).c_str()), "--tokenizer " + spec);
    } else {
        fail("--tokenizer '" + spec + "': expected gpt2:DIR or hf:FILE here");
    }
    return Tokenizer(raw);
}

TokenStream load_text_as(const std::vector<std::string> &paths, const std::string &spec, bool quiet) {
    if (spec.empty() || spec == "bytes") return load_text(paths);
    if (starts_with(spec, "gpt2:") || starts_with(spec, "hf:")) return load_bpe(paths, spec, quiet);
    if (starts_with(spec, "words:")) return load_words(paths, spec);
    fail("--tokenizer '" + spec + "': expected bytes, gpt2:DIR, hf:FILE or words:N");
}

}  // namespace cli
