#include "io/safetensors.hpp"

#include "core/checked.hpp"
#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/json.hpp"

#include <cstring>

namespace pr::io {

namespace {

uint32_t dtype_size(const std::string &dtype) {
    static const std::map<std::string, uint32_t> sizes = {
        {"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8}, {"I32", 4}, {"I16", 2},
        {"I8", 1},  {"U64", 8}, {"U32", 4}, {"U16", 2},  {"U8", 1},  {"BOOL", 1}};
    auto it = sizes.find(dtype);
    return it == sizes.end() ? 0 : it->second;
}

// A JSON array of non-negative integers.  Checked before conversion: a float
// such as 1.8e23 (a too-long integer) or -1 would be converted to uint64 with
// undefined behaviour (found by tests/fuzz/fuzz_safetensors).
std::vector<uint64_t> uint_array(const Json &entry, const char *key, const std::string &path,
                                 const std::string &name) {
    const Json &a = entry.at(key);
    if (!a.is_array()) fail(PR_ERR_FORMAT, "'", path, "': tensor '", name, "' has a '", key, "' that is not an array");
    std::vector<uint64_t> out;
    for (const Json &v : a.elements()) {
        if (!v.is_number_unsigned())
            fail(PR_ERR_FORMAT, "'", path, "': tensor '", name, "' has '", key, "' entry ", v.dump(),
                 ", not an integer in [0, 2^64)");
        out.push_back(v.get_u64());
    }
    return out;
}

}  // namespace

float f16_to_f32(uint16_t h) {
    uint32_t sign = uint32_t(h & 0x8000) << 16;
    uint32_t exp = (h >> 10) & 0x1f;
    uint32_t mant = h & 0x3ff;
    uint32_t bits;
    if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else {  // subnormal: renormalise
            exp = 127 - 15 + 1;
            while ((mant & 0x400) == 0) {
                mant <<= 1;
                --exp;
            }
            bits = sign | (exp << 23) | ((mant & 0x3ff) << 13);
        }
    } else if (exp == 31) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else {
        bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

float bf16_to_f32(uint16_t b) {
    uint32_t bits = uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

SafetensorsFile::SafetensorsFile(const std::string &path) : file_(path) {
    const uint8_t *p = file_.data();
    size_t n = file_.size();
    if (n < 8) fail(PR_ERR_FORMAT, "'", path, "' is too short to be a safetensors file (", n, " bytes)");
    uint64_t header_len;
    std::memcpy(&header_len, p, 8);
    if (header_len > n - 8) fail(PR_ERR_FORMAT, "'", path, "': safetensors header length ", header_len,
                                 " exceeds the file size ", n, " (truncated or not safetensors)");
    Json header;
    try {
        header = Json::parse(std::string_view(reinterpret_cast<const char *>(p + 8), header_len));
    } catch (const JsonError &e) {
        fail(PR_ERR_FORMAT, "'", path, "': safetensors header is not valid JSON: ", e.what());
    }
    if (!header.is_object()) fail(PR_ERR_FORMAT, "'", path, "': safetensors header is not a JSON object");
    const uint8_t *data = p + 8 + header_len;
    uint64_t data_size = n - 8 - header_len;
    for (const auto &[name, entry] : header.members()) {
        if (name == "__metadata__") {
            if (entry.is_object())
                for (const auto &[k, v] : entry.members())
                    if (v.is_string()) metadata_[k] = v.get_string();
            continue;
        }
        try {
            TensorView t;
            t.dtype = entry.at("dtype").get_string();
            t.shape = uint_array(entry, "shape", path, name);
            const auto offsets = uint_array(entry, "data_offsets", path, name);
            uint32_t item = dtype_size(t.dtype);
            if (item == 0) fail(PR_ERR_FORMAT, "'", path, "': tensor '", name, "' has unknown dtype '", t.dtype, "'");
            if (offsets.size() != 2 || offsets[0] > offsets[1] || offsets[1] > data_size)
                fail(PR_ERR_FORMAT, "'", path, "': tensor '", name, "' has data offsets outside the file");
            // Checked: a wrapped product could equal the span and pass a
            // tiny tensor off as a huge one (tests/unit/io: fuzz regression).
            const uint64_t need = checked_nbytes(t.shape, item, cat("'", path, "': tensor '", name, "' shape"));
            if (need != offsets[1] - offsets[0])
                fail(PR_ERR_FORMAT, "'", path, "': tensor '", name, "' shape needs ", need,
                     " bytes but its offsets span ", offsets[1] - offsets[0]);
            t.data = data + offsets[0];
            t.nbytes = offsets[1] - offsets[0];
            tensors_[name] = std::move(t);
        } catch (const JsonError &e) {
            fail(PR_ERR_FORMAT, "'", path, "': tensor '", name, "' entry is malformed: ", e.what());
        }
    }
}

const TensorView &SafetensorsFile::get(const std::string &name) const {
    auto it = tensors_.find(name);
    if (it == tensors_.end())
        fail(PR_ERR_INVALID_ARGUMENT, "tensor '", name, "' is not in '", file_.path(), "' (",
             tensors_.size(), " tensors)");
    return it->second;
}

std::vector<float> SafetensorsFile::to_f32(const std::string &name) const {
    const TensorView &t = get(name);
    size_t n = 0;
    std::vector<float> out;
    if (t.dtype == "F32") {
        n = t.nbytes / 4;
        out.resize(n);
        std::memcpy(out.data(), t.data, t.nbytes);
    } else if (t.dtype == "F64") {
        n = t.nbytes / 8;
        out.resize(n);
        for (size_t i = 0; i < n; ++i) {
            double d;
            std::memcpy(&d, t.data + 8 * i, 8);
            out[i] = static_cast<float>(d);
        }
    } else if (t.dtype == "F16" || t.dtype == "BF16") {
        n = t.nbytes / 2;
        out.resize(n);
        bool bf = t.dtype == "BF16";
        for (size_t i = 0; i < n; ++i) {
            uint16_t h;
            std::memcpy(&h, t.data + 2 * i, 2);
            out[i] = bf ? bf16_to_f32(h) : f16_to_f32(h);
        }
    } else {
        fail(PR_ERR_FORMAT, "tensor '", name, "' in '", file_.path(), "' has dtype ", t.dtype,
             "; expected F32, F64, F16 or BF16");
    }
    return out;
}

void write_safetensors(const std::string &path, const std::vector<TensorToWrite> &tensors,
                       const std::map<std::string, std::string> &metadata) {
    // The header is written as text, not through a JSON DOM (whose
    // destructor allocates: see io/json.hpp); the bytes are what
    // nlohmann::ordered_json::dump() wrote before (metadata first, sorted;
    // then the tensors in order).
    std::string text = "{";
    if (!metadata.empty()) {
        text += "\"__metadata__\":{";
        for (auto it = metadata.begin(); it != metadata.end(); ++it)
            text += (it == metadata.begin() ? "" : ",") + json_quote(it->first) + ":" + json_quote(it->second);
        text += "}";
    }
    uint64_t offset = 0;
    for (const auto &t : tensors) {
        uint32_t item = dtype_size(t.dtype);
        if (item == 0) fail(PR_ERR_INVALID_ARGUMENT, "tensor '", t.name, "': unknown dtype '", t.dtype, "'");
        uint64_t need;
        try {
            need = checked_nbytes(t.shape, item, cat("tensor '", t.name, "' shape"));
        } catch (const Error &e) {
            fail(PR_ERR_INVALID_ARGUMENT, e.what());
        }
        if (need != t.nbytes)
            fail(PR_ERR_INVALID_ARGUMENT, "tensor '", t.name, "': shape needs ", need, " bytes, got ", t.nbytes);
        if (text.size() > 1) text += ",";
        text += json_quote(t.name) + ":{\"dtype\":" + json_quote(t.dtype) + ",\"shape\":[";
        for (size_t i = 0; i < t.shape.size(); ++i) text += (i ? "," : "") + std::to_string(t.shape[i]);
        text += "],\"data_offsets\":[" + std::to_string(offset) + "," + std::to_string(offset + t.nbytes) + "]}";
        offset += t.nbytes;
    }
    text += "}";
    text.append((8 - text.size() % 8) % 8, ' ');  // keep tensor data 8-byte aligned
    uint64_t len = text.size();
    AtomicFile out(path);
    out.write(&len, 8);
    out.write(text.data(), text.size());
    for (const auto &t : tensors) out.write(t.data, t.nbytes);
    out.commit();
}

}  // namespace pr::io
