#include "io/npy.hpp"

#include "core/checked.hpp"
#include "core/error.hpp"
#include "io/atomic_file.hpp"

#include <cstring>

namespace pr::io {

namespace {

const char kMagic[] = "\x93NUMPY";

// Value text after `'key':` in numpy's header dict, up to the next top-level ','.
std::string dict_value(const std::string &header, const std::string &key, const std::string &path) {
    auto k = header.find("'" + key + "'");
    if (k == std::string::npos) fail(PR_ERR_FORMAT, "'", path, "': npy header has no '", key, "'");
    auto colon = header.find(':', k);
    if (colon == std::string::npos) fail(PR_ERR_FORMAT, "'", path, "': npy header is malformed");
    size_t i = colon + 1;
    while (i < header.size() && header[i] == ' ') ++i;
    int depth = 0;
    size_t j = i;
    for (; j < header.size(); ++j) {
        char c = header[j];
        if (c == '(') ++depth;
        if (c == ')') --depth;
        if ((c == ',' || c == '}') && depth == 0) break;
    }
    return header.substr(i, j - i);
}

std::vector<uint64_t> parse_shape(const std::string &text, const std::string &path) {
    if (text.size() < 2 || text.front() != '(' || text.back() != ')')
        fail(PR_ERR_FORMAT, "'", path, "': npy shape '", text, "' is not a tuple");
    std::vector<uint64_t> shape;
    std::string inner = text.substr(1, text.size() - 2);
    size_t pos = 0;
    while (pos < inner.size()) {
        while (pos < inner.size() && (inner[pos] == ' ' || inner[pos] == ',')) ++pos;
        if (pos >= inner.size()) break;
        size_t end = pos;
        while (end < inner.size() && inner[end] >= '0' && inner[end] <= '9') ++end;
        if (end == pos) fail(PR_ERR_FORMAT, "'", path, "': npy shape '", text, "' has a non-integer entry");
        if (end - pos > 19)  // more digits than any uint64 dimension a real file could hold
            fail(PR_ERR_FORMAT, "'", path, "': npy shape '", text, "' has an entry too large");
        shape.push_back(std::stoull(inner.substr(pos, end - pos)));
        pos = end;
    }
    return shape;
}

uint32_t item_size_of(const std::string &descr, const std::string &path) {
    if (descr.size() < 3 || (descr[0] != '<' && descr[0] != '|' && descr[0] != '='))
        fail(PR_ERR_FORMAT, "'", path, "': npy dtype '", descr, "' is not little-endian or not supported");
    char kind = descr[1];
    if (kind != 'f' && kind != 'i' && kind != 'u' && kind != 'b')
        fail(PR_ERR_FORMAT, "'", path, "': npy dtype '", descr, "' is not numeric");
    int size = std::atoi(descr.c_str() + 2);
    if (size != 1 && size != 2 && size != 4 && size != 8)
        fail(PR_ERR_FORMAT, "'", path, "': npy dtype '", descr, "' has an unsupported item size");
    return static_cast<uint32_t>(size);
}

}  // namespace

NpyArray read_npy(const std::string &path) {
    NpyArray a{MappedFile(path), {}, {}, nullptr, 0, 0};
    const uint8_t *p = a.file.data();
    size_t n = a.file.size();
    if (n < 10 || std::memcmp(p, kMagic, 6) != 0) fail(PR_ERR_FORMAT, "'", path, "' is not a .npy file (bad magic)");
    uint8_t major = p[6];
    size_t header_len, header_start;
    if (major == 1) {
        header_len = p[8] | (size_t(p[9]) << 8);
        header_start = 10;
    } else if (major == 2 || major == 3) {
        if (n < 12) fail(PR_ERR_FORMAT, "'", path, "' is truncated inside the npy header");
        header_len = p[8] | (size_t(p[9]) << 8) | (size_t(p[10]) << 16) | (size_t(p[11]) << 24);
        header_start = 12;
    } else {
        fail(PR_ERR_FORMAT, "'", path, "': npy format version ", int(major), " is not supported");
    }
    if (header_start + header_len > n) fail(PR_ERR_FORMAT, "'", path, "' is truncated inside the npy header");
    std::string header(reinterpret_cast<const char *>(p + header_start), header_len);

    std::string descr = dict_value(header, "descr", path);
    if (descr.size() < 2 || descr.front() != '\'' || descr.back() != '\'')
        fail(PR_ERR_FORMAT, "'", path, "': npy descr ", descr, " is not a simple dtype");
    a.descr = descr.substr(1, descr.size() - 2);
    a.item_size = item_size_of(a.descr, path);
    if (dict_value(header, "fortran_order", path) != "False")
        fail(PR_ERR_FORMAT, "'", path, "': Fortran-order arrays are not supported; save with np.ascontiguousarray");
    a.shape = parse_shape(dict_value(header, "shape", path), path);

    a.count = checked_nbytes(a.shape, 1, cat("'", path, "': npy shape"));
    size_t data_start = header_start + header_len;
    const uint64_t expected = checked_mul(a.count, a.item_size, cat("'", path, "': npy shape times item size"));
    if (n - data_start != expected)
        fail(PR_ERR_FORMAT, "'", path, "': npy data holds ", n - data_start, " bytes but shape and dtype need ",
             expected, " (truncated or corrupt)");
    a.data = p + data_start;
    return a;
}

void write_npy(const std::string &path, const std::string &descr, const std::vector<uint64_t> &shape,
               const void *data, uint32_t item_size) {
    std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (";
    uint64_t count = 1;
    for (size_t i = 0; i < shape.size(); ++i) {
        dict += std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? "," : "");
        if (i + 1 < shape.size()) dict += " ";
        count *= shape[i];
    }
    dict += "), }";
    // Pad so that magic + version + length + header is a multiple of 64.
    bool v1 = dict.size() + 64 <= 65535;
    size_t total = (v1 ? 10 : 12) + dict.size() + 1;
    dict.append((64 - total % 64) % 64, ' ');
    dict += '\n';
    AtomicFile out(path);
    out.write(kMagic, 6);
    uint8_t version[2] = {uint8_t(v1 ? 1 : 2), 0};
    out.write(version, 2);
    if (v1) {
        uint8_t len[2] = {uint8_t(dict.size() & 0xff), uint8_t(dict.size() >> 8)};
        out.write(len, 2);
    } else {
        uint32_t len = static_cast<uint32_t>(dict.size());
        out.write(&len, 4);
    }
    out.write(dict.data(), dict.size());
    out.write(data, count * item_size);
    out.commit();
}

}  // namespace pr::io
