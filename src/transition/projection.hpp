// M_k = E'^T T^k E' for k = 1..K, computed by applying T to the V x d block
// k times (never forming T^k).  All modes derive from the same block
// Y_k = T^k E and two chunked GEMMs:
//   raw                  E^T Y_k
//   center_embeddings    (E - 1 mu^T)^T T^k (E - 1 mu^T) = E^T Y_k - mu (1^T Y_k)
//                        (T 1 = 1 and 1^T (E - 1 mu^T) = 0)
//   subtract_stationary  E^T (T^k - 1 pi^T) E = E^T Y_k - (E^T 1)(pi^T E)
//   flux                 E^T (Pi T^k - (T^k)^T Pi) E = G - G^T, G = E^T Pi Y_k
// mu is the unweighted mean row of E.  The iterates carry E - 1 mu^T (see the
// .cpp), so E's mean never has to cancel in float32.  The GEMMs run in
// float32 over row chunks and accumulate the chunks in double, so the
// rounding error does not grow with V.
#pragma once

#include "core/progress.hpp"
#include "transition/transition.hpp"

#include "transition/eigen.hpp"
#include <functional>

namespace pr::transition {

enum class Mode : int { raw = 0, center_embeddings = 1, subtract_stationary = 2, flux = 3 };
constexpr int mode_count = 4;
const char *mode_name(Mode m);  // "raw", "center_embeddings", ...

// Throws PR_ERR_MISMATCH when rows != V, PR_ERR_INVALID_ARGUMENT for d = 0 or
// NULL, PR_ERR_NUMERIC naming the first non-finite entry's row and column.
void check_embeddings(const Transition &t, const float *E, size_t rows, size_t d);

using ProjectionSink = std::function<void(uint32_t k, Mode mode, const Eigen::MatrixXd &M)>;

// Calls sink(k, mode, M_k) for k = 1..K (in order) and every mode whose bit
// (1 << mode) is set in `modes`.  progress.report(k, K) after each power.
void project_powers(const Transition &t, const float *E, size_t rows, size_t d, uint32_t K, unsigned modes,
                    const Progress &progress, const ProjectionSink &sink);

}  // namespace pr::transition
