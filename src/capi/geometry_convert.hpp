// One conversion of the core's W_QK geometry to the C struct (used by
// pr_qk_geometry_f64 and by pr_init_analyze_checkpoint's rows).
#pragma once

#include "init/qk_geometry.hpp"

#include <prspread.h>

namespace pr::capi {

inline pr_similarity_stat to_c(const pr::spectrum::Stat &s) { return {s.value, s.null_mean, s.null_std, s.z}; }

inline pr_qk_geometry to_c(const pr::init::QkScores &s) {
    pr_qk_geometry g{};
    g.energy = s.geometry.energy;
    g.sym_energy = s.geometry.sym_energy;
    g.antisym_energy = s.geometry.antisym_energy;
    g.row_excess = s.geometry.row_excess;
    g.col_excess = s.geometry.col_excess;
    g.symmetry = to_c(s.symmetry);
    g.directionality = to_c(s.directionality);
    return g;
}

}  // namespace pr::capi
