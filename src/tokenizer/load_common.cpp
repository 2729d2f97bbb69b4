#include "tokenizer/load_common.hpp"

#include "core/error.hpp"
#include "io/mapped_file.hpp"
#include "tokenizer/load.hpp"
#include "tokenizer/unicode_classes.hpp"

#include <array>

namespace pr::tokenizer {

namespace {

struct Alphabet {
    std::array<uint32_t, 256> to_cp{};
    std::array<int, 324> to_byte{};  // code points stay below 256 + 68
    Alphabet() {
        to_byte.fill(-1);
        uint32_t extra = 0;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= '!' && b <= '~') || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
            to_cp[b] = printable ? uint32_t(b) : 256 + extra++;
            to_byte[to_cp[b]] = b;
        }
    }
};

const Alphabet &alphabet() {
    static const Alphabet a;
    return a;
}

}  // namespace

uint32_t byte_to_unicode(uint8_t b) { return alphabet().to_cp[b]; }
int unicode_to_byte(uint32_t cp) { return cp < alphabet().to_byte.size() ? alphabet().to_byte[cp] : -1; }

namespace detail {

std::string alphabet_to_bytes(std::string_view spelt, const std::string &where) {
    std::string out;
    out.reserve(spelt.size());
    const auto *s = reinterpret_cast<const uint8_t *>(spelt.data());
    for (size_t i = 0; i < spelt.size();) {
        const Decoded d = decode_utf8(s + i, spelt.size() - i);
        const int b = d.cp == kInvalid ? -1 : unicode_to_byte(d.cp);
        if (b < 0) {
            if (d.cp == kInvalid)
                fail(PR_ERR_FORMAT, where, ": invalid UTF-8 byte 0x", std::hex, int(s[i]), std::dec, " at offset ", i);
            fail(PR_ERR_FORMAT, where, ": character U+", std::hex, std::uppercase, d.cp, std::dec,
                 " is outside GPT-2's byte-level alphabet");
        }
        out.push_back(char(b));
        i += d.len;
    }
    return out;
}

void add_merge(ModelParts &parts, const std::unordered_map<std::string, uint32_t> &ids, std::string_view left,
               std::string_view right, const std::string &where) {
    auto id_of = [&](std::string_view t, const char *what) {
        const auto it = ids.find(std::string(t));
        if (it == ids.end()) fail(PR_ERR_FORMAT, where, ": ", what, " token '", t, "' is not in the vocabulary");
        return it->second;
    };
    const uint32_t l = id_of(left, "left"), r = id_of(right, "right");
    std::string joined(left);
    joined += right;
    const auto it = ids.find(joined);
    if (it == ids.end())
        fail(PR_ERR_FORMAT, where, ": merged token '", joined, "' is not in the vocabulary");
    parts.merges.push_back({l, r, it->second});
}

std::string read_file(const std::string &path) {
    const io::MappedFile f(path);
    return std::string(reinterpret_cast<const char *>(f.data()), f.size());
}

}  // namespace detail
}  // namespace pr::tokenizer
