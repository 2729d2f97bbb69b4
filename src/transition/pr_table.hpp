// The source experiment's first table, with the columns that explain it:
// PR(A_k) for k = 1..K under every projection mode.
#pragma once

#include "transition/projection.hpp"
#include "transition/spectrum.hpp"

#include <vector>

namespace pr::transition {

struct PrRow {
    Mode mode = Mode::raw;
    uint32_t power = 0;
    spectrum::Summary antisym;   // of A_k = (M_k - M_k^T)/2
    double sym_norm = 0.0;       // |S_k|_F
    double top_plane_share = 0;  // (sigma_1^2 + sigma_2^2) / sum sigma^2: the leading plane's share
};

// Rows ordered by power, then mode (all four modes).
std::vector<PrRow> pr_table(const Transition &t, const float *E, size_t rows, size_t d, uint32_t K,
                            const Progress &progress);

}  // namespace pr::transition
