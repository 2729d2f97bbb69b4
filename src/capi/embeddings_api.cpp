// extern "C" layer for embedding matrices used by the projections.
#include "capi/guard.hpp"
#include "transition/embeddings.hpp"

extern "C" {

PR_API int pr_embeddings_gaussian_f32(float *E, size_t rows, size_t d, uint64_t seed, double scale,
                                      double mean_strength) {
    return pr::capi::guard([&] { pr::transition::gaussian_embeddings(E, rows, d, seed, scale, mean_strength); });
}

}  // extern "C"
