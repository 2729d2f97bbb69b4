// Vocabulary file format (version 1), little-endian:
//   "PRVOCAB\0", u32 version, u32 flags (bit 0: lower-case), u32 size,
//   size x {u64 count, u32 byte length, bytes}, u64 XXH64 of all before it.
#include "corpus/vocab.hpp"

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/checksum.hpp"
#include "io/mapped_file.hpp"

#include <algorithm>
#include <cstring>

namespace pr::corpus {
namespace {

constexpr char kMagic[8] = {'P', 'R', 'V', 'O', 'C', 'A', 'B', '\0'};
constexpr uint32_t kVersion = 1;
const char *kUnkWord = "<unk>";

template <class T>
void append(std::string &s, T v) {
    s.append(reinterpret_cast<const char *>(&v), sizeof v);
}

}  // namespace

Vocab Vocab::build(std::string_view text, uint32_t max_words, bool lowercase) {
    std::unordered_map<std::string, uint64_t> freq;
    split_words(text, lowercase, [&](std::string_view w) { ++freq[std::string(w)]; });
    std::vector<std::pair<std::string, uint64_t>> ranked(freq.begin(), freq.end());
    std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    Vocab v;
    v.lowercase_ = lowercase;
    v.words_.push_back(kUnkWord);
    v.counts_.push_back(0);
    for (size_t i = 0; i < ranked.size(); ++i) {
        if (i < max_words && ranked[i].first != kUnkWord) {
            v.words_.push_back(ranked[i].first);
            v.counts_.push_back(ranked[i].second);
        } else {
            v.counts_[kUnk] += ranked[i].second;  // <unk> counts what it stands for
        }
    }
    v.reindex();
    return v;
}

void Vocab::reindex() {
    index_.clear();
    index_.reserve(words_.size());
    for (uint32_t i = 1; i < words_.size(); ++i) index_.emplace(words_[i], i);
}

const std::string &Vocab::word(uint32_t id) const {
    if (id >= words_.size()) fail(PR_ERR_OUT_OF_RANGE, "argument 'id' = ", id, ": vocabulary size is ", words_.size());
    return words_[id];
}

uint64_t Vocab::count(uint32_t id) const {
    word(id);
    return counts_[id];
}

uint32_t Vocab::id(std::string_view w) const {
    auto it = index_.find(std::string(w));
    return it == index_.end() ? kUnk : it->second;
}

void Vocab::encode(std::string_view text, std::vector<uint32_t> &out) const {
    std::string key;
    split_words(text, lowercase_, [&](std::string_view w) {
        key.assign(w);
        auto it = index_.find(key);
        out.push_back(it == index_.end() ? kUnk : it->second);
    });
}

void Vocab::save(const std::string &path) const {
    std::string bytes(kMagic, sizeof kMagic);
    append<uint32_t>(bytes, kVersion);
    append<uint32_t>(bytes, lowercase_ ? 1u : 0u);
    append<uint32_t>(bytes, size());
    for (uint32_t i = 0; i < size(); ++i) {
        append<uint64_t>(bytes, counts_[i]);
        append<uint32_t>(bytes, uint32_t(words_[i].size()));
        bytes += words_[i];
    }
    append<uint64_t>(bytes, io::checksum(bytes.data(), bytes.size()));
    io::AtomicFile f(path);
    f.write(bytes.data(), bytes.size());
    f.commit();
}

Vocab Vocab::load(const std::string &path) {
    io::MappedFile f(path);
    const uint8_t *p = f.data();
    const size_t n = f.size();
    if (n < 20 + 8 || std::memcmp(p, kMagic, sizeof kMagic) != 0)
        fail(PR_ERR_FORMAT, "'", path, "' is not a prspread vocabulary file (", n < 28 ? "too short" : "bad magic", ")");
    uint32_t version, flags, size;
    std::memcpy(&version, p + 8, 4);
    std::memcpy(&flags, p + 12, 4);
    std::memcpy(&size, p + 16, 4);
    if (version != kVersion)
        fail(PR_ERR_VERSION, "'", path, "': vocabulary file version ", version, " is not supported (expected ", kVersion, ")");
    uint64_t stored;
    std::memcpy(&stored, p + n - 8, 8);
    if (stored != io::checksum(p, n - 8))
        fail(PR_ERR_CHECKSUM, "'", path, "': checksum mismatch; the file is corrupt or truncated");
    Vocab v;
    v.lowercase_ = (flags & 1u) != 0;
    size_t pos = 20;
    const size_t end = n - 8;
    for (uint32_t i = 0; i < size; ++i) {
        if (end - pos < 12) fail(PR_ERR_FORMAT, "'", path, "': truncated at word ", i, " of ", size);
        uint64_t count;
        uint32_t len;
        std::memcpy(&count, p + pos, 8);
        std::memcpy(&len, p + pos + 8, 4);
        pos += 12;
        if (end - pos < len) fail(PR_ERR_FORMAT, "'", path, "': truncated inside word ", i, " of ", size);
        v.words_.emplace_back(reinterpret_cast<const char *>(p + pos), len);
        v.counts_.push_back(count);
        pos += len;
    }
    if (pos != end || size == 0 || v.words_[0] != kUnkWord)
        fail(PR_ERR_FORMAT, "'", path, "': inconsistent vocabulary (size ", size, ")");
    v.reindex();
    if (v.index_.size() + 1 != v.words_.size()) fail(PR_ERR_FORMAT, "'", path, "': duplicate words");
    return v;
}

}  // namespace pr::corpus
