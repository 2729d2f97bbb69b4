// Eigen for this family.  (GCC 12's AVX-512 -Wmaybe-uninitialized false
// positive is silenced for the whole build in cmake/isa.cmake.)
#pragma once

#include <Eigen/Dense>
