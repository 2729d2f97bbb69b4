// extern "C" layer for embedding matrices used by the projections.
#include "capi/guard.hpp"
#include "transition/embeddings.hpp"

#include <algorithm>

extern "C" {

PR_API int pr_embeddings_gaussian_f32(float *E, size_t rows, size_t d, uint64_t seed, double scale,
                                      double mean_strength) {
    return pr::capi::guard([&] { pr::transition::gaussian_embeddings(E, rows, d, seed, scale, mean_strength); });
}

PR_API int pr_embeddings_load_f32(const char *path, const char *name, float *E, size_t capacity, size_t *rows,
                                  size_t *d) {
    return pr::capi::guard([&] {
        pr::require_nonnull(path, "path");
        pr::require_nonnull(rows, "rows");
        pr::require_nonnull(d, "d");
        const auto loaded = pr::transition::load_embeddings(path, name ? name : "");
        *rows = size_t(loaded.rows);
        *d = size_t(loaded.cols);
        if (!E) return;
        if (capacity < loaded.values.size())
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": need rows*d = ", loaded.values.size());
        std::copy(loaded.values.begin(), loaded.values.end(), E);
    });
}

}  // extern "C"
