// classify(): a 64 Ki-entry table for the BMP (built on first use, thread-safe
// by the static-local rule) and binary search over the generated ranges above.
#include "tokenizer/unicode_classes.hpp"

#include <algorithm>
#include <vector>

namespace pr::tokenizer {

namespace {

bool in_ranges(const CodeRange *r, size_t n, uint32_t cp) {
    const CodeRange *end = r + n;
    const CodeRange *it = std::upper_bound(r, end, cp, [](uint32_t c, const CodeRange &x) { return c < x.lo; });
    return it != r && cp <= (it - 1)->hi;
}

CharClass slow_class(uint32_t cp) {
    if (cp == kInvalid) return CharClass::other;
    if (is_white_space(cp)) return CharClass::space;
    if (in_ranges(kLetterRanges, kLetterRanges_count, cp)) return CharClass::letter;
    if (in_ranges(kNumberRanges, kNumberRanges_count, cp)) return CharClass::number;
    return CharClass::other;
}

const std::vector<CharClass> &bmp_table() {
    static const std::vector<CharClass> table = [] {
        std::vector<CharClass> t(0x10000);
        for (uint32_t cp = 0; cp < 0x10000; ++cp) t[cp] = slow_class(cp);
        return t;
    }();
    return table;
}

}  // namespace

CharClass classify(uint32_t cp) {
    if (cp < 0x10000) return bmp_table()[cp];
    return slow_class(cp);
}

}  // namespace pr::tokenizer
