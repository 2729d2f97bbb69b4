// XXH64 checksums for the files the library writes (header-only xxhash, so
// the shared library gains no runtime dependency).
#pragma once

#include <cstddef>
#include <cstdint>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace pr::io {

class Checksum {
public:
    // The state lives in the object (XXH_INLINE_ALL makes its type
    // complete): XXH64_createState's malloc can fail, and its NULL was used.
    Checksum() { XXH64_reset(&state_, 0); }
    Checksum(const Checksum &) = delete;
    Checksum &operator=(const Checksum &) = delete;
    void update(const void *data, size_t n) { XXH64_update(&state_, data, n); }
    uint64_t digest() const { return XXH64_digest(&state_); }

private:
    XXH64_state_t state_;
};

inline uint64_t checksum(const void *data, size_t n) { return XXH64(data, n, 0); }

}  // namespace pr::io
