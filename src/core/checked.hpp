// Overflow-checked size arithmetic for sizes read from files.  A size that a
// header or shape implies must never wrap: a wrapped product can match the
// bytes a file really holds and make a tiny file pass for a huge tensor.
#pragma once

#include "core/error.hpp"

#include <cstdint>
#include <vector>

namespace pr {

// a * b, or PR_ERR_FORMAT naming `what` (e.g. "'f.npy': npy shape") when the
// product does not fit in 64 bits.
inline uint64_t checked_mul(uint64_t a, uint64_t b, const std::string &what) {
    uint64_t out;
    if (__builtin_mul_overflow(a, b, &out))
        fail(PR_ERR_FORMAT, what, ": ", a, " x ", b, " overflows 64 bits");
    return out;
}

inline uint64_t checked_add(uint64_t a, uint64_t b, const std::string &what) {
    uint64_t out;
    if (__builtin_add_overflow(a, b, &out))
        fail(PR_ERR_FORMAT, what, ": ", a, " + ", b, " overflows 64 bits");
    return out;
}

// Product of a shape's dimensions times an item size, overflow-checked.
inline uint64_t checked_nbytes(const std::vector<uint64_t> &shape, uint64_t item_size, const std::string &what) {
    uint64_t n = item_size;
    for (uint64_t s : shape) n = checked_mul(n, s, what);
    return n;
}

}  // namespace pr
