#include "corpus/token_file.hpp"

#include "core/error.hpp"
#include "io/npy.hpp"

#include <cstring>

namespace pr {
namespace {

constexpr int32_t kLlmcMagicGpt2 = 20240520;   // version 1: u16 tokens
constexpr int32_t kLlmcMagicLlama3 = 20240801; // version 7: u32 tokens
constexpr size_t kLlmcHeaderBytes = 256 * 4;
const char kNpyMagic[6] = {'\x93', 'N', 'U', 'M', 'P', 'Y'};

bool has_prefix(const io::MappedFile &f, const void *p, size_t n) {
    return f.size() >= n && std::memcmp(f.data(), p, n) == 0;
}

int32_t header_word(const io::MappedFile &f, size_t i) {
    int32_t v;
    std::memcpy(&v, f.data() + 4 * i, 4);
    return v;
}

void open_raw(TokenFileView &v, size_t width, const std::string &path) {
    if (v.file.size() % width != 0)
        fail(PR_ERR_FORMAT, "'", path, "' has ", v.file.size(), " bytes, not a multiple of ", width,
             " as a raw u", width * 8, " token stream needs (truncated, or the wrong format)");
    v.data = v.file.data();
    v.count = v.file.size() / width;
    v.type = width == 2 ? corpus::TokenType::u16 : corpus::TokenType::u32;
}

void open_llmc(TokenFileView &v, const std::string &path) {
    const io::MappedFile &f = v.file;
    if (f.size() < kLlmcHeaderBytes)
        fail(PR_ERR_FORMAT, "'", path, "' has ", f.size(), " bytes, shorter than the 1024-byte llm.c header");
    const int32_t magic = header_word(f, 0), version = header_word(f, 1), ntok = header_word(f, 2);
    size_t width;
    if (magic == kLlmcMagicGpt2) {
        if (version != 1)
            fail(PR_ERR_VERSION, "'", path, "': llm.c token file version ", version, " with magic ", magic,
                 " is not supported (expected 1)");
        width = 2;
    } else if (magic == kLlmcMagicLlama3) {
        if (version != 7)
            fail(PR_ERR_VERSION, "'", path, "': llm.c token file version ", version, " with magic ", magic,
                 " is not supported (expected 7)");
        width = 4;
    } else {
        fail(PR_ERR_FORMAT, "'", path, "' is not an llm.c token file (magic ", magic, ", expected ", kLlmcMagicGpt2,
             " or ", kLlmcMagicLlama3, ")");
    }
    if (ntok < 0) fail(PR_ERR_FORMAT, "'", path, "': llm.c header gives a negative token count ", ntok);
    const uint64_t expect = kLlmcHeaderBytes + uint64_t(ntok) * width;
    if (f.size() != expect)
        fail(PR_ERR_FORMAT, "'", path, "': llm.c header promises ", ntok, " tokens (", expect,
             " bytes) but the file has ", f.size(), " bytes (truncated or corrupt)");
    v.data = f.data() + kLlmcHeaderBytes;
    v.count = uint64_t(ntok);
    v.type = width == 2 ? corpus::TokenType::u16 : corpus::TokenType::u32;
}

corpus::TokenType npy_token_type(const std::string &descr, const std::string &path) {
    if (descr == "|u1" || descr == "<u1") return corpus::TokenType::u8;
    if (descr == "<u2") return corpus::TokenType::u16;
    if (descr == "<u4") return corpus::TokenType::u32;
    if (descr == "<i4") return corpus::TokenType::i32;
    if (descr == "<i8") return corpus::TokenType::i64;
    fail(PR_ERR_FORMAT, "'", path, "': npy dtype '", descr,
         "' cannot hold token ids (use uint8, uint16, uint32, int32 or int64)");
}

}  // namespace

TokenFormat token_format(int value) {
    if (value < int(TokenFormat::automatic) || value > int(TokenFormat::npy))
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'format' = ", value, ": not a pr_token_format");
    return static_cast<TokenFormat>(value);
}

TokenFileView open_token_file(const std::string &path, TokenFormat format) {
    TokenFileView v{io::MappedFile(path)};
    if (format == TokenFormat::automatic) {
        const int32_t m[2] = {kLlmcMagicGpt2, kLlmcMagicLlama3};
        if (has_prefix(v.file, kNpyMagic, sizeof kNpyMagic)) format = TokenFormat::npy;
        else if (has_prefix(v.file, &m[0], 4) || has_prefix(v.file, &m[1], 4)) format = TokenFormat::llmc;
        else format = TokenFormat::u16;  // nanoGPT's train.bin
    }
    v.format = format;
    switch (format) {
        case TokenFormat::u16: open_raw(v, 2, path); break;
        case TokenFormat::u32: open_raw(v, 4, path); break;
        case TokenFormat::llmc: open_llmc(v, path); break;
        case TokenFormat::npy: {
            io::NpyArray a = io::read_npy(path);
            if (a.shape.size() != 1)
                fail(PR_ERR_FORMAT, "'", path, "': npy array has ", a.shape.size(), " dimensions; token ids need 1");
            v.type = npy_token_type(a.descr, path);
            v.data = a.data;
            v.count = a.count;
            v.file = std::move(a.file);  // the mapping (and data pointer) stay valid
            break;
        }
        default: break;
    }
    return v;
}

void read_token_range(const TokenFileView &v, const std::string &path, uint64_t first, uint64_t count,
                      uint32_t *out) {
    if (first > v.count || count > v.count - first)
        fail(PR_ERR_OUT_OF_RANGE, "token range [", first, ", ", first, " + ", count, ") is outside '", path,
             "', which holds ", v.count, " tokens");
    corpus::dispatch_token_type(v.type, [&](auto tag) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(tag)>>;
        for (uint64_t i = 0; i < count; ++i) {
            T t;
            std::memcpy(&t, v.data + (first + i) * sizeof(T), sizeof(T));
            if constexpr (std::is_signed_v<T>) {
                if (t < 0 || uint64_t(t) > UINT32_MAX)
                    fail(PR_ERR_OUT_OF_RANGE, "'", path, "': token id ", int64_t(t), " at offset ", first + i,
                         " does not fit in uint32");
            }
            out[i] = uint32_t(t);
        }
    });
}

std::vector<uint32_t> load_tokens(const std::string &path, TokenFormat format) {
    TokenFileView v = open_token_file(path, format);
    std::vector<uint32_t> out(v.count);
    read_token_range(v, path, 0, v.count, out.data());
    return out;
}

}  // namespace pr
