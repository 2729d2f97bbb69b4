// Eigen for this family.  GCC 12 reports -Wmaybe-uninitialized inside its own
// AVX-512 intrinsics when Eigen inlines them (the intrinsics deliberately use
// an undefined source register); silence that false positive here only.
#pragma once

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <Eigen/Dense>
