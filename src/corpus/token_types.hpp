// The element types token ids may arrive in, and a dispatcher from the
// run-time tag to the compile-time type.
#pragma once

#include <cstdint>

namespace pr::corpus {

enum class TokenType { u8, u16, u32, i32, i64 };

template <class F>
decltype(auto) dispatch_token_type(TokenType t, F &&f) {
    switch (t) {
        case TokenType::u8: return f(static_cast<const uint8_t *>(nullptr));
        case TokenType::u16: return f(static_cast<const uint16_t *>(nullptr));
        case TokenType::u32: return f(static_cast<const uint32_t *>(nullptr));
        case TokenType::i32: return f(static_cast<const int32_t *>(nullptr));
        case TokenType::i64: break;
    }
    return f(static_cast<const int64_t *>(nullptr));
}

inline const char *token_type_name(TokenType t) {
    switch (t) {
        case TokenType::u8: return "u8";
        case TokenType::u16: return "u16";
        case TokenType::u32: return "u32";
        case TokenType::i32: return "i32";
        case TokenType::i64: return "i64";
    }
    return "?";
}

}  // namespace pr::corpus
