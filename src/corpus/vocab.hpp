// A word-level vocabulary: text is split on ASCII whitespace, and every ASCII
// punctuation character is a token of its own ("don't." -> don ' t .); bytes
// >= 0x80 (UTF-8) belong to words.  Optionally ASCII letters are lower-cased.
// Id 0 is "<unk>"; ids 1..N are the N most frequent words of the build text,
// by decreasing count, ties broken by byte order (so a build is reproducible).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pr::corpus {

// Calls emit(std::string_view word) for every word of text, in order.  The
// view points into `scratch` (lower-casing) or into text.
template <class Emit>
void split_words(std::string_view text, bool lowercase, Emit &&emit) {
    auto is_space = [](unsigned char c) { return c == ' ' || (c >= 9 && c <= 13); };
    auto is_punct = [](unsigned char c) {
        return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
    };
    std::string scratch;
    size_t i = 0;
    const size_t n = text.size();
    while (i < n) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (is_space(c)) {
            ++i;
        } else if (is_punct(c)) {
            emit(text.substr(i, 1));
            ++i;
        } else {
            size_t j = i + 1;
            while (j < n && !is_space(static_cast<unsigned char>(text[j])) &&
                   !is_punct(static_cast<unsigned char>(text[j])))
                ++j;
            std::string_view w = text.substr(i, j - i);
            if (lowercase) {
                scratch.assign(w);
                for (char &ch : scratch)
                    if (ch >= 'A' && ch <= 'Z') ch = char(ch - 'A' + 'a');
                emit(std::string_view(scratch));
            } else {
                emit(w);
            }
            i = j;
        }
    }
}

class Vocab {
public:
    static constexpr uint32_t kUnk = 0;
    static constexpr uint32_t kDefaultMaxWords = 65535;  // ids then fit uint16

    // Keeps the max_words most frequent words (plus <unk>).
    static Vocab build(std::string_view text, uint32_t max_words, bool lowercase);

    uint32_t size() const { return uint32_t(words_.size()); }  // including <unk>
    bool lowercase() const { return lowercase_; }
    const std::string &word(uint32_t id) const;  // PR_ERR_OUT_OF_RANGE
    uint64_t count(uint32_t id) const;           // occurrences in the build text
    uint32_t id(std::string_view word) const;    // kUnk when absent (no case folding)
    // Appends the ids of text's words to out.
    void encode(std::string_view text, std::vector<uint32_t> &out) const;

    void save(const std::string &path) const;  // versioned, checksummed, atomic
    static Vocab load(const std::string &path);

private:
    bool lowercase_ = false;
    std::vector<std::string> words_;
    std::vector<uint64_t> counts_;
    std::unordered_map<std::string, uint32_t> index_;
    void reindex();
};

}  // namespace pr::corpus
