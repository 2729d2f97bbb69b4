// GPT-2's pre-tokenizer, hand-written.  It splits text exactly as the regex
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// does under leftmost-first alternation (tiktoken's r50k_base, OpenAI's
// encoder.py, Hugging Face's ByteLevel pre-tokenizer), in one forward pass:
// every byte is decoded at most twice, so the cost is linear for any input.
// Invalid UTF-8 bytes are characters of class `other` (see unicode_classes).
#pragma once

#include "tokenizer/unicode_classes.hpp"

#include <cstddef>
#include <cstdint>

namespace pr::tokenizer {

struct Char {
    CharClass cls;
    uint32_t len;
    uint32_t cp;
};

inline Char char_at(const uint8_t *s, size_t n) {
    static constexpr CharClass L = CharClass::letter, N = CharClass::number, S = CharClass::space,
                               O = CharClass::other;
    static constexpr CharClass ascii[128] = {
        O, O, O, O, O, O, O, O, O, S, S, S, S, S, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,
        S, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, N, N, N, N, N, N, N, N, N, N, O, O, O, O, O, O,
        O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, O, O, O, O, O,
        O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, O, O, O, O, O};
    if (s[0] < 0x80) return {ascii[s[0]], 1, s[0]};
    const Decoded d = decode_utf8(s, n);
    return {classify(d.cp), d.len, d.cp};
}

// Length of a contraction ('s 't 'm 'd 're 've 'll, case-sensitive) at s, or 0.
inline size_t contraction_at(const uint8_t *s, size_t n) {
    if (n < 2 || s[0] != '\'') return 0;
    const uint8_t c = s[1];
    if (c == 's' || c == 't' || c == 'm' || c == 'd') return 2;
    if (n >= 3 && ((c == 'r' && s[2] == 'e') || (c == 'v' && s[2] == 'e') || (c == 'l' && s[2] == 'l'))) return 3;
    return 0;
}

// Calls emit(offset, length) for each piece, in order; the pieces tile
// [0, n).  Returns the number of characters decoded (the linearity tests
// bound it by 2n).
template <class Emit>
uint64_t split_gpt2(const uint8_t *s, size_t n, Emit &&emit) {
    uint64_t decodes = 0;
    size_t i = 0;
    while (i < n) {
        if (const size_t c = contraction_at(s + i, n - i)) {
            emit(i, c);
            i += c;
            continue;
        }
        const Char c0 = char_at(s + i, n - i);
        ++decodes;
        size_t j = i + c0.len;  // end of the piece so far
        CharClass run = c0.cls;
        if (c0.cp == ' ' && j < n) {  // " ?X+": a space joins a following non-space run
            const Char c1 = char_at(s + j, n - j);
            ++decodes;
            if (c1.cls != CharClass::space) {
                run = c1.cls;
                j += c1.len;
            }
        }
        if (run != CharClass::space) {
            while (j < n) {
                const Char c = char_at(s + j, n - j);
                ++decodes;
                if (c.cls != run) break;
                j += c.len;
            }
            emit(i, j - i);
            i = j;
            continue;
        }
        // Whitespace run [i, q).  "\s+(?!\S)" backs off its last character when
        // a non-space follows, leaving that character to the next match.
        size_t last = i;
        size_t chars = 1;
        while (j < n) {
            const Char c = char_at(s + j, n - j);
            ++decodes;
            if (c.cls != CharClass::space) break;
            last = j;
            j += c.len;
            ++chars;
        }
        if (j < n && chars >= 2) {
            emit(i, last - i);
            i = last;
        } else {
            emit(i, j - i);
            i = j;
        }
    }
    return decodes;
}

}  // namespace pr::tokenizer
