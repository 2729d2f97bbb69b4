// The character classes of GPT-2's split pattern (\p{L}, \p{N}, \s, the rest)
// and a strict UTF-8 decoder.  An invalid byte (bad lead, truncated or
// overlong sequence, surrogate, > U+10FFFF) is one character of class
// `other`, so any byte string has exactly one segmentation and round-trips.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pr::tokenizer {

struct CodeRange {
    uint32_t lo, hi;  // inclusive
};
extern const CodeRange kLetterRanges[];
extern const size_t kLetterRanges_count;
extern const CodeRange kNumberRanges[];
extern const size_t kNumberRanges_count;

enum class CharClass : uint8_t { letter, number, space, other };

// \s as the references' Rust regex engine defines it: Unicode White_Space.
// (JavaScript's \s differs on two code points: it adds U+FEFF, drops U+0085.)
inline bool is_white_space(uint32_t cp) {
    if (cp <= 0x20) return cp == 0x20 || (cp >= 0x09 && cp <= 0x0d);
    if (cp < 0x85) return false;
    return cp == 0x85 || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

// Class of a code point (kInvalid is `other`).  ASCII and the BMP come from a
// table built once; the rest by binary search.
CharClass classify(uint32_t cp);

constexpr uint32_t kInvalid = 0xffffffffu;

struct Decoded {
    uint32_t cp;   // kInvalid for an invalid byte
    uint32_t len;  // 1..4 bytes consumed
};

inline Decoded decode_utf8(const uint8_t *p, size_t n) {
    const uint8_t b0 = p[0];
    if (b0 < 0x80) return {b0, 1};
    auto cont = [&](size_t i) { return i < n && (p[i] & 0xc0) == 0x80; };
    if (b0 >= 0xc2 && b0 <= 0xdf) {
        if (cont(1)) return {uint32_t(b0 & 0x1f) << 6 | (p[1] & 0x3f), 2};
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
        if (cont(1) && cont(2)) {
            const uint32_t cp = uint32_t(b0 & 0x0f) << 12 | uint32_t(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
            if (cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff)) return {cp, 3};
        }
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
        if (cont(1) && cont(2) && cont(3)) {
            const uint32_t cp = uint32_t(b0 & 0x07) << 18 | uint32_t(p[1] & 0x3f) << 12 |
                                uint32_t(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
            if (cp >= 0x10000 && cp <= 0x10ffff) return {cp, 4};
        }
    }
    return {kInvalid, 1};
}

}  // namespace pr::tokenizer
