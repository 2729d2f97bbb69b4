// safetensors files: an 8-byte little-endian header length, a JSON header
// {"name": {"dtype", "shape", "data_offsets"}, "__metadata__": {...}}, then
// the raw little-endian tensor bytes.  Read through a memory map, with every
// offset and shape validated against the file size; written atomically.
#pragma once

#include "io/mapped_file.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace pr::io {

struct TensorView {
    std::string dtype;            // "F32", "F16", "BF16", "I32", "I64", "U16", ...
    std::vector<uint64_t> shape;
    const uint8_t *data = nullptr;
    uint64_t nbytes = 0;
};

class SafetensorsFile {
public:
    explicit SafetensorsFile(const std::string &path);  // PR_ERR_IO / PR_ERR_FORMAT
    bool has(const std::string &name) const { return tensors_.count(name) != 0; }
    const TensorView &get(const std::string &name) const;  // PR_ERR_INVALID_ARGUMENT if absent
    const std::map<std::string, TensorView> &tensors() const { return tensors_; }
    const std::map<std::string, std::string> &metadata() const { return metadata_; }
    // Copies tensor `name` into float32, converting F32/F16/BF16/F64.
    std::vector<float> to_f32(const std::string &name) const;

private:
    MappedFile file_;
    std::map<std::string, TensorView> tensors_;
    std::map<std::string, std::string> metadata_;
};

struct TensorToWrite {
    std::string name;
    std::string dtype;  // "F32", "I64", ...
    std::vector<uint64_t> shape;
    const void *data = nullptr;
    uint64_t nbytes = 0;
};

// Writes the tensors (in the given order) atomically.
void write_safetensors(const std::string &path, const std::vector<TensorToWrite> &tensors,
                       const std::map<std::string, std::string> &metadata = {});

// Float conversions shared by the readers.
float f16_to_f32(uint16_t h);
float bf16_to_f32(uint16_t b);

}  // namespace pr::io
