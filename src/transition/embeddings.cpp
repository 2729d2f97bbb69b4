#include "transition/embeddings.hpp"

#include "core/error.hpp"
#include "core/rng.hpp"

#include <cmath>

namespace pr::transition {

void gaussian_embeddings(float *E, size_t rows, size_t d, uint64_t seed, double scale, double mean_strength) {
    require_nonnull(E, "E");
    if (rows == 0 || d == 0) fail(PR_ERR_INVALID_ARGUMENT, "arguments 'rows' x 'd' = ", rows, " x ", d, ": must be non-empty");
    if (!std::isfinite(scale) || !(scale > 0.0))
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'scale' = ", scale, ": must be finite and > 0");
    if (!std::isfinite(mean_strength) || mean_strength < 0.0)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'mean_strength' = ", mean_strength, ": must be finite and >= 0");
    Rng rng(seed);
    std::vector<double> m(d);
    double norm = 0.0;
    for (double &v : m) {
        v = rng.normal();
        norm += v * v;
    }
    norm = std::sqrt(norm);
    const double shift = mean_strength * std::sqrt(double(d)) / norm;
    for (size_t a = 0; a < rows; ++a)
        for (size_t j = 0; j < d; ++j) E[a * d + j] = float(scale * (rng.normal() + shift * m[j]));
}

}  // namespace pr::transition

#include "io/npy.hpp"
#include "io/safetensors.hpp"

#include <cstring>

namespace pr::transition {

namespace {

bool ends_with(const std::string &s, const std::string &suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

LoadedEmbeddings load_embeddings(const std::string &path, const std::string &name) {
    LoadedEmbeddings out;
    std::vector<uint64_t> shape;
    if (ends_with(path, ".npy")) {
        const io::NpyArray a = io::read_npy(path);
        shape = a.shape;
        if (shape.size() != 2)
            fail(PR_ERR_FORMAT, path, ": embedding must be 2-d (V x d), got ", shape.size(), " dimensions");
        out.values.resize(a.count);
        if (a.descr == "<f4") {
            if (a.count) std::memcpy(out.values.data(), a.data, a.count * 4);  // data() of an empty vector may be NULL
        } else if (a.descr == "<f8") {
            for (uint64_t i = 0; i < a.count; ++i) {
                double v;
                std::memcpy(&v, a.data + 8 * i, 8);
                out.values[i] = float(v);
            }
        } else if (a.descr == "<f2") {
            for (uint64_t i = 0; i < a.count; ++i) {
                uint16_t h;
                std::memcpy(&h, a.data + 2 * i, 2);
                out.values[i] = io::f16_to_f32(h);
            }
        } else {
            fail(PR_ERR_FORMAT, path, ": dtype '", a.descr, "' is not a float type (<f4, <f8, <f2)");
        }
    } else {
        const io::SafetensorsFile f(path);
        if (!f.has(name)) fail(PR_ERR_INVALID_ARGUMENT, "argument 'name' = '", name, "': no such tensor in ", path);
        shape = f.get(name).shape;
        if (shape.size() != 2)
            fail(PR_ERR_FORMAT, path, ": tensor '", name, "' must be 2-d (V x d), got ", shape.size(), " dimensions");
        out.values = f.to_f32(name);
    }
    out.rows = shape[0];
    out.cols = shape[1];
    for (uint64_t i = 0; i < out.values.size(); ++i)
        if (!std::isfinite(out.values[i]))
            fail(PR_ERR_NUMERIC, path, ": non-finite value at row ", i / out.cols, ", column ", i % out.cols);
    return out;
}

}  // namespace pr::transition
