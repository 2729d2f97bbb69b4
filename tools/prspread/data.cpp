#include "data.hpp"

#include "common.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace cli {

namespace {

std::vector<char> read_all(const std::string &path, const std::string &what) {
    require_readable_file(path, what);
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) fail(what + " '" + path + "': read error: " + std::strerror(errno));
    if (bytes.empty()) fail(what + " '" + path + "' is empty");
    return bytes;
}

}  // namespace

std::string base_name(const std::string &path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

TokenStream load_text(const std::vector<std::string> &paths) {
    TokenStream out;
    std::vector<std::vector<char>> files;
    std::array<bool, 256> seen{};
    for (const auto &p : paths) {
        files.push_back(read_all(p, "text file"));
        for (char c : files.back()) seen[uint8_t(c)] = true;
    }
    std::array<uint32_t, 256> id{};
    for (int b = 0; b < 256; ++b)
        if (seen[size_t(b)]) {
            id[size_t(b)] = uint32_t(out.symbols.size());
            out.symbols.push_back(uint8_t(b));
        }
    out.vocab_size = uint32_t(out.symbols.size());
    for (const auto &f : files) {
        for (char c : f) out.ids.push_back(id[uint8_t(c)]);
        out.doc_ends.push_back(out.ids.size());
    }
    out.description = "text " + base_name(paths.front()) + (paths.size() > 1 ? " (+more)" : "") + ", " +
                      std::to_string(out.vocab_size) + " byte symbols";
    return out;
}

TokenStream load_tokens(const std::vector<std::string> &paths, const std::string &dtype,
                        uint32_t vocab_size) {
    size_t width = 0;
    if (dtype == "u16") width = 2;
    else if (dtype == "u32" || dtype == "i32") width = 4;
    else fail("--dtype '" + dtype + "': expected u16, u32 or i32");
    TokenStream out;
    uint64_t max_id = 0;
    for (const auto &p : paths) {
        const auto bytes = read_all(p, "token file");
        if (bytes.size() % width != 0)
            fail("token file '" + p + "': " + std::to_string(bytes.size()) + " bytes is not a multiple of " +
                 std::to_string(width) + " (--dtype " + dtype + ")");
        for (size_t i = 0; i < bytes.size(); i += width) {
            uint32_t v = 0;
            std::memcpy(&v, bytes.data() + i, width);  // little-endian host
            if (dtype == "i32" && int32_t(v) < 0)
                fail("token file '" + p + "': negative id " + std::to_string(int32_t(v)) + " at token " +
                     std::to_string(i / width));
            if (vocab_size && v >= vocab_size)
                fail("token file '" + p + "': id " + std::to_string(v) + " >= --vocab-size " +
                     std::to_string(vocab_size) + " at token " + std::to_string(i / width));
            max_id = std::max<uint64_t>(max_id, v);
            out.ids.push_back(v);
        }
        out.doc_ends.push_back(out.ids.size());
    }
    out.vocab_size = vocab_size ? vocab_size : uint32_t(max_id + 1);
    out.description = "tokens " + base_name(paths.front()) + (paths.size() > 1 ? " (+more)" : "") + ", vocabulary " +
                      std::to_string(out.vocab_size);
    return out;
}

}  // namespace cli
