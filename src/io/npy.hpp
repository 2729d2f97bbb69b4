// NumPy .npy files (format versions 1.0-3.0), read through a memory map and
// written atomically.  Only C-order arrays; the dtype is kept as numpy's
// descr string ("<f4", "<u2", "|u1", "<i8", ...).
#pragma once

#include "io/mapped_file.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pr::io {

struct NpyArray {
    MappedFile file;
    std::string descr;            // e.g. "<f4"
    std::vector<uint64_t> shape;  // empty for a 0-d array
    const uint8_t *data = nullptr;
    uint64_t count = 0;           // number of elements
    uint32_t item_size = 0;
};

// Throws PR_ERR_IO for a missing file and PR_ERR_FORMAT (naming the path and
// what is wrong) for a bad magic, header, Fortran order or a size mismatch.
NpyArray read_npy(const std::string &path);

// Writes a C-order array atomically.  descr as in NpyArray.
void write_npy(const std::string &path, const std::string &descr, const std::vector<uint64_t> &shape,
               const void *data, uint32_t item_size);

}  // namespace pr::io
